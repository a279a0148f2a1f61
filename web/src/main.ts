// The playground page. One Cluster (a core session in wasm) holds all state; after every command
// or time step the page takes one snapshot and renders it. The page is interactive on the core's
// first part: the cluster view, the time controls and Apply work first. The editor, the terminal
// and the rest of the core load after that and join when ready.
//
// URL forms: `#s=…` opens a shared scenario; `?embed` is the compact mode for iframes, preloaded
// with `manifest=` (applied), `cmd=` (repeatable, run in order), `seed=`, `config=` (a kind cluster
// config), `run=` (virtual time to run afterwards, e.g. 30s), `lang=en|zh`.

import { installStyleShim } from "./csp-styles";
import { Cluster, loadCore, loadRest, restLoaded, type Diagnostic, type PodView, type Snapshot, type Timeline } from "./kubeplay";
import { initialLang, lang, setLang, t, translateStatic } from "./i18n";
import { byId, clock, h } from "./dom";
import { DEFAULT_EXAMPLE, EXAMPLES, type Command, type Example } from "./examples";
import { ClusterView } from "./views/nodes";
import { Series, eventsSignature, renderEvents, renderRollouts, renderTraffic, renderWorkloads } from "./views/panels";
import { decodeShared, encodeShared, shareUrl } from "./share";
import type { Editor } from "./editor";
import type { Shell } from "./terminal";

installStyleShim();

const params = new URLSearchParams(location.search);
const embed = params.has("embed");
document.body.classList.toggle("embed", embed);

const KEY_SESSION = "kubeplay.session";
const KEY_EDITOR = "kubeplay.editor";
const KEY_LANG = "kubeplay.lang";

/** localStorage, or nothing in embed mode (two embeds on one page must not share a state). */
const store = {
  get(key: string): string | null {
    if (embed) return null;
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key: string, value: string): void {
    if (embed) return;
    try {
      localStorage.setItem(key, value);
    } catch {
      // Full or denied: the session lives for this page only.
    }
  },
  remove(key: string): void {
    try {
      localStorage.removeItem(key);
    } catch {
      // Nothing to remove.
    }
  },
};

const statusEl = byId<HTMLSpanElement>("status");

/** kubectl resource names and aliases -> the kind the snapshot lists. */
const TYPES: Record<string, string> = {
  pods: "Pod", pod: "Pod", po: "Pod",
  deployments: "Deployment", deployment: "Deployment", deploy: "Deployment",
  replicasets: "ReplicaSet", replicaset: "ReplicaSet", rs: "ReplicaSet",
  daemonsets: "DaemonSet", daemonset: "DaemonSet", ds: "DaemonSet",
  jobs: "Job", job: "Job",
  cronjobs: "CronJob", cronjob: "CronJob", cj: "CronJob",
  services: "Service", service: "Service", svc: "Service",
  nodes: "Node", node: "Node", no: "Node",
  namespaces: "Namespace", namespace: "Namespace", ns: "Namespace",
  replicationcontrollers: "ReplicationController", rc: "ReplicationController",
  endpoints: "Endpoints", ep: "Endpoints",
  controllerrevisions: "ControllerRevision",
  endpointslices: "EndpointSlice",
  events: "Event", ev: "Event",
};
const KUBECTL_VERBS = [
  "get", "describe", "apply", "create", "replace", "delete", "edit", "label", "annotate", "patch", "scale", "set",
  "rollout", "logs", "exec", "expose", "cordon", "uncordon", "drain", "taint", "top", "explain", "api-resources",
  "version", "events", "cluster-info",
];
const SIM_VERBS = ["step", "run", "settle", "time", "node", "image", "pod", "why", "traffic", "reset"];
const FLAGS = [
  "-o", "--output=", "-w", "--watch", "-l", "--selector=", "-n", "--namespace=", "-A", "--all-namespaces", "-f",
  "--show-labels", "--replicas=", "--wait=false", "--image=", "--to-revision=", "--grace-period=", "--force",
  "--rps", "--for",
];

/** Resolves once the rest of the core is in, or failed to come (then a call fetches it itself). */
function whenRest(): Promise<void> {
  return restLoaded() ? Promise.resolve() : loadRest().catch(() => undefined);
}

function isWatch(words: string[]): boolean {
  return words.some((w) => w === "-w" || w === "--watch" || w === "--watch=true" || w === "--watch-only");
}

function words(line: string): string[] {
  return line.trim().split(/\s+/).filter(Boolean);
}

interface Watch {
  line: string;
  rows: Map<string, { text: string; same: string }>;
}

class App {
  cluster: Cluster;
  snap: Snapshot;
  readonly series = new Series();
  editor: Editor | null = null;
  shell: Shell | null = null;
  private pendingEditorText: string;
  private playing = false;
  private lastFrame = 0;
  private watch: Watch | null = null;
  private editing: string | null = null;
  private selected: { namespace: string; name: string } | null = null;
  private eventsSig = "";
  private lastPanelRender = 0;
  private lastTimelineRender = 0;
  private timelineCache: Timeline | null = null;
  private lastSaved = 0;
  private saveTimer = 0;
  private readonly view: ClusterView;
  /** Frame statistics while playing (for measurements). */
  readonly stats = { frames: 0, busyMs: 0, since: 0, worstMs: 0 };

  constructor(cluster: Cluster, editorText: string) {
    this.cluster = cluster;
    this.pendingEditorText = editorText;
    this.view = new ClusterView(byId("nodes"), byId("unscheduled"), byId("totals"), (p) => this.inspect(p));
    this.snap = cluster.snapshot();
    this.wire();
  }

  // ---- rendering ----------------------------------------------------------------------------

  /** After anything changed: one snapshot, every view from it. */
  refresh(force = false): void {
    const before = this.snap.time.ms;
    this.snap = this.cluster.snapshot();
    const now = performance.now();
    if (force || !this.playing || now - this.lastTimelineRender > 250) {
      this.timelineCache = this.cluster.timeline();
      this.lastTimelineRender = now;
    }
    this.view.render(this.snap);
    this.renderClock();
    if (force || !this.playing || now - this.lastPanelRender > 200) {
      this.lastPanelRender = now;
      this.renderPanels();
    }
    if (this.snap.time.ms !== before) this.tickWatch();
    this.saveSoon();
  }

  private renderClock(): void {
    const ms = this.snap.time.ms;
    const tl = this.timelineCache;
    const end = Math.max(tl?.end ?? ms, ms);
    const clockEl = byId<HTMLOutputElement>("clock");
    const text = `${clock(ms)} · ${this.snap.time.wall.slice(11, 19)}`;
    if (clockEl.textContent !== text) clockEl.textContent = text;
    const range = byId<HTMLInputElement>("timeline");
    range.max = String(end);
    range.value = String(ms);
    range.disabled = end === 0;
    range.setAttribute("aria-valuetext", this.snap.time.elapsed);
    byId("rewound").hidden = !tl?.rewound;
    const marks = byId("timeline-marks");
    const sig = `${tl?.inputs.length}:${end}`;
    if (tl && marks.dataset.sig !== sig && (!this.playing || marks.dataset.count !== String(tl.inputs.length))) {
      marks.dataset.sig = sig;
      marks.dataset.count = String(tl.inputs.length);
      marks.replaceChildren(
        ...tl.inputs
          .filter((i) => i.op === "exec" || i.op === "apply")
          .map((i) => {
            const m = h("span", { class: "mark", title: `${clock(i.at)} ${i.text}` });
            m.style.left = `${end ? (i.at / end) * 100 : 0}%`;
            return m;
          }),
      );
    }
  }

  private activeTab(): string {
    return document.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.id ?? "tab-rollouts";
  }

  renderPanels(): void {
    switch (this.activeTab()) {
      case "tab-rollouts":
        this.series.load(this.cluster.history());
        renderRollouts(byId("panel-rollouts"), this.snap, this.series);
        break;
      case "tab-workloads":
        renderWorkloads(byId("panel-workloads"), this.snap);
        break;
      case "tab-events": {
        const sig = `${eventsSignature(this.snap.events)}:${byId<HTMLInputElement>("events-filter").value}:${Math.floor(this.snap.time.ms / 1000)}`;
        if (sig !== this.eventsSig) {
          this.eventsSig = sig;
          this.renderEvents();
        }
        break;
      }
      case "tab-traffic":
        renderTraffic(byId("panel-traffic"), this.snap, this.cluster.traffic());
        break;
      case "tab-inspect":
        this.renderInspect();
        break;
    }
  }

  private renderEvents(): void {
    renderEvents(
      byId("events-list"),
      byId<HTMLDataListElement>("events-objects"),
      this.snap.events,
      byId<HTMLInputElement>("events-filter").value,
      this.snap.time.ms,
      (object) => {
        byId<HTMLInputElement>("events-filter").value = object;
        this.eventsSig = "";
        this.renderPanels();
      },
    );
  }

  private inspect(p: PodView): void {
    this.selected = { namespace: p.namespace, name: p.name };
    // The pod's YAML and its why come from the rest of the core: wait for it rather than fetch
    // it synchronously (a click in the first moments on a slow network).
    void whenRest().then(() => this.selectTab("tab-inspect"));
  }

  private renderInspect(): void {
    const panel = byId("panel-inspect");
    const sel = this.selected;
    if (!sel) {
      panel.replaceChildren(h("p", { class: "empty" }, t("inspect.none")));
      return;
    }
    const yaml = this.cluster.peek(`kubectl get pod ${sel.name} -n ${sel.namespace} -o yaml`);
    const why = this.cluster.peek(`sim why pod/${sel.name} -n ${sel.namespace}`);
    const edit = h("button", { type: "button" }, t("inspect.edit"));
    edit.addEventListener("click", () => this.run(`kubectl edit pod/${sel.name} -n ${sel.namespace}`, undefined, true));
    panel.replaceChildren(
      h("div", { class: "inspect-head" }, h("h3", {}, `pod/${sel.name}`), edit),
      h("h4", {}, t("inspect.why")),
      h("pre", { class: "why" }, why.stdout + why.stderr),
      h("h4", {}, t("inspect.yaml")),
      h("pre", { class: "yaml" }, yaml.exitCode === 0 ? yaml.stdout : yaml.stderr),
    );
  }

  selectTab(id: string): void {
    for (const tab of document.querySelectorAll<HTMLButtonElement>('[role="tab"]')) {
      const on = tab.id === id;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      const panel = document.getElementById(tab.getAttribute("aria-controls") ?? "");
      if (panel) panel.hidden = !on;
    }
    this.eventsSig = "";
    this.renderPanels();
  }

  // ---- commands -----------------------------------------------------------------------------

  /** Runs a command line from the terminal, a scenario or a button; prints it and its output. */
  run(line: string, stdin?: string, echo = false): void {
    const shell = this.shell;
    if (echo) shell?.echo(line);
    const w = words(line);
    if (w.length === 0) {
      shell?.prompt();
      return;
    }
    if (w[0] === "clear") {
      shell?.clear();
      shell?.prompt();
      return;
    }
    if (w[0] === "help") {
      shell?.note(
        "kubectl get|describe|apply|delete|scale|rollout|set|edit ...   kubectl's own commands\n" +
          "sim step | run 30s | settle | time | node add|fail|recover|delete NAME | image fail|fix IMAGE | why KIND/NAME [-n NS]\n" +
          "sim traffic SERVICE --rps 100 --for 10s   requests through a Service (the Traffic tab shows where they went) | reset\n" +
          "kubectl apply -f - <<EOF  …  EOF   a heredoc\n" +
          "kubectl get pods -w   watch while time runs (Play); Ctrl-C stops",
      );
      shell?.prompt();
      return;
    }
    if ((w[0] === "kubectl" || w[0] === "k") && w[1] === "edit") {
      this.startEdit(w.slice(2));
      shell?.prompt();
      return;
    }
    if ((w[0] === "kubectl" || w[0] === "k") && w[1] === "get" && isWatch(w)) {
      const plain = w.filter((x) => !["-w", "--watch", "--watch=true", "--watch-only"].includes(x)).join(" ");
      const first = this.cluster.peek(plain);
      shell?.output(first.stdout, first.stderr);
      if (first.exitCode === 0) {
        this.watch = { line: plain, rows: rowsOf(first.stdout) };
        shell?.note("(watching: press Play or Step; Ctrl-C stops)");
      } else {
        shell?.prompt();
      }
      return;
    }
    const result = this.cluster.exec(line, stdin);
    shell?.output(result.stdout, result.stderr);
    // `sim traffic` shows where its requests went.
    if (w[0] === "sim" && w[1] === "traffic" && result.exitCode === 0 && this.activeTab() !== "tab-traffic") {
      this.selectTab("tab-traffic");
    }
    this.refresh(true);
    if (!this.watch) shell?.prompt();
  }

  /** `kubectl edit TYPE/NAME`: the object goes into the editor; Apply replaces it. */
  private startEdit(args: string[]): void {
    const get = this.cluster.peek(`kubectl get ${args.join(" ")} -o yaml`);
    if (get.exitCode !== 0 || !get.stdout) {
      this.shell?.output("", get.stderr || "error: kubectl edit needs TYPE/NAME\n");
      return;
    }
    const target = args.filter((a) => !a.startsWith("-")).join(" ");
    this.editing = target;
    this.editor?.setText(get.stdout);
    this.editor?.showDiagnostics([]);
    byId("edit-text").textContent = t("editor.editing", { obj: target });
    byId("edit-banner").hidden = false;
    this.shell?.note(`# ${target} is open in the editor; Apply runs kubectl replace -f -`);
    this.editor?.focus();
  }

  private stopEdit(): void {
    this.editing = null;
    byId("edit-banner").hidden = true;
  }

  /** The editor's Apply (or Replace while editing an object). */
  applyEditor(): void {
    const text = this.editor?.text() ?? this.pendingEditorText;
    const line = this.editing ? "kubectl replace -f -" : "kubectl apply -f -";
    this.shell?.echo(`${line}   # ${this.editing ? this.editing : t("terminal.fromEditor")}`);
    const result = this.editing ? this.cluster.exec(line, text) : this.cluster.apply(text);
    this.shell?.output(result.stdout, result.stderr);
    this.shell?.prompt();
    this.showProblems(result.diagnostics);
    if (result.exitCode === 0 && this.editing) this.stopEdit();
    this.refresh(true);
  }

  private showProblems(ds: Diagnostic[]): void {
    this.editor?.showDiagnostics(ds);
    const list = byId("problems");
    list.replaceChildren(
      ...ds.map((d) => {
        const b = h(
          "button",
          { type: "button", class: "problem" },
          h("span", { class: "pos" }, `${d.line}:${d.column}`),
          " ",
          d.message,
          d.hint ? h("span", { class: "hint" }, `hint: ${d.hint}`) : null,
        );
        b.addEventListener("click", () => this.editor?.reveal(d));
        return h("li", {}, b);
      }),
    );
  }

  runExample(ex: Example): void {
    this.stopEdit();
    this.editor?.setText(ex.manifest);
    this.pendingEditorText = ex.manifest;
    this.stopWatch();
    if (ex.applyFirst !== false) this.applyEditor();
    this.runCommands(ex.commands);
  }

  runCommands(commands: Command[]): void {
    for (const c of commands) {
      if (this.watch) break;
      this.run(c.line, c.stdin, true);
    }
  }

  // ---- watch --------------------------------------------------------------------------------

  private tickWatch(): void {
    const w = this.watch;
    if (!w) return;
    const out = this.cluster.peek(w.line);
    const rows = rowsOf(out.stdout);
    const changed: string[] = [];
    for (const [key, row] of rows) if (w.rows.get(key)?.same !== row.same) changed.push(row.text);
    w.rows = rows;
    if (changed.length) this.shell?.output(`${changed.join("\n")}\n`, "");
  }

  watching(): boolean {
    return this.watch !== null;
  }

  stopWatch(): boolean {
    if (!this.watch) return false;
    this.watch = null;
    return true;
  }

  // ---- time ---------------------------------------------------------------------------------

  step(): void {
    this.cluster.step();
    this.refresh(true);
  }

  settle(): void {
    this.pause();
    this.cluster.settle();
    this.refresh(true);
  }

  play(): void {
    if (this.playing) return;
    this.playing = true;
    this.lastFrame = performance.now();
    Object.assign(this.stats, { frames: 0, busyMs: 0, since: this.lastFrame, worstMs: 0 });
    this.playButton();
    requestAnimationFrame((ts) => this.frame(ts));
  }

  pause(): void {
    if (!this.playing) return;
    this.playing = false;
    this.playButton();
    this.refresh(true);
  }

  private frame(ts: number): void {
    if (!this.playing) return;
    const start = performance.now();
    const dt = Math.min(100, Math.max(0, ts - this.lastFrame));
    this.lastFrame = ts;
    const speed = Number(byId<HTMLSelectElement>("speed").value) || 1;
    this.cluster.runFor(Math.round(dt * speed));
    this.refresh();
    const busy = performance.now() - start;
    this.stats.frames++;
    this.stats.busyMs += busy;
    this.stats.worstMs = Math.max(this.stats.worstMs, busy);
    requestAnimationFrame((next) => this.frame(next));
  }

  private playButton(): void {
    const b = byId<HTMLButtonElement>("play-button");
    b.textContent = this.playing ? t("time.pause") : t("time.play");
    b.setAttribute("aria-pressed", String(this.playing));
  }

  rewind(ms: number): void {
    this.pause();
    this.cluster.rewind(ms);
    this.refresh(true);
  }

  // ---- persistence --------------------------------------------------------------------------

  saveSoon(): void {
    if (embed || this.saveTimer) return;
    const wait = Math.max(0, 1000 - (performance.now() - this.lastSaved));
    this.saveTimer = window.setTimeout(() => this.saveNow(), wait);
  }

  saveNow(): void {
    if (this.saveTimer) window.clearTimeout(this.saveTimer);
    this.saveTimer = 0;
    this.lastSaved = performance.now();
    store.set(KEY_SESSION, this.cluster.save());
    store.set(KEY_EDITOR, this.editor?.text() ?? this.pendingEditorText);
  }

  reset(): void {
    if (!window.confirm(t("reset.confirm"))) return;
    this.pause();
    this.stopWatch();
    this.stopEdit();
    const fresh = Cluster.create({ seed: this.cluster.seed() });
    if (!fresh.ok) return;
    this.cluster.free();
    this.cluster = fresh.cluster;
    this.selected = null;
    this.shell?.clear();
    this.shell?.prompt();
    this.refresh(true);
    this.saveNow();
  }

  async share(): Promise<void> {
    const url = shareUrl(
      await encodeShared({ session: this.cluster.save(), editor: this.editor?.text() ?? this.pendingEditorText }),
    );
    const input = byId<HTMLInputElement>("share-url");
    input.value = url;
    byId<HTMLDialogElement>("share-dialog").showModal();
    input.select();
  }

  // ---- completion ---------------------------------------------------------------------------

  complete(before: string[], partial: string): string[] {
    const names = (kind: string) => this.snap.objects.filter((o) => o.kind === kind).map((o) => o.name);
    if (before.length === 0) return ["kubectl", "sim", "clear", "help"];
    const [cmd, verb] = before;
    if (partial.startsWith("-")) return FLAGS;
    const prev = before[before.length - 1];
    if (prev === "-o" || prev === "--output") return ["yaml", "json", "wide", "name"];
    if (prev === "-n" || prev === "--namespace") return names("Namespace");
    if (cmd === "sim") {
      if (before.length === 1) return SIM_VERBS;
      if (verb === "node") return before.length === 2 ? ["add", "fail", "recover", "delete"] : names("Node");
      if (verb === "image") return ["fail", "fix"];
      if (verb === "pod") return before.length === 2 ? ["crash"] : names("Pod");
      if (verb === "run") return ["10s", "30s", "1m", "5m"];
      if (verb === "why") return this.typeSlashNames(partial);
      if (verb === "traffic") return before.length === 2 ? names("Service") : ["--rps", "--for", "-n"];
      return [];
    }
    if (cmd !== "kubectl" && cmd !== "k") return [];
    if (before.length === 1) return KUBECTL_VERBS;
    if (verb === "rollout" && before.length === 2) return ["status", "history", "undo", "pause", "resume", "restart"];
    if (verb === "sim") return [];
    if (partial.includes("/")) return this.typeSlashNames(partial);
    const kind = TYPES[prev.split(",").pop() ?? ""];
    if (kind) return names(kind);
    return Object.keys(TYPES);
  }

  private typeSlashNames(partial: string): string[] {
    const slash = partial.indexOf("/");
    if (slash < 0) return Object.keys(TYPES).map((k) => `${k}/`);
    const type = partial.slice(0, slash);
    const kind = TYPES[type];
    if (!kind) return [];
    return this.snap.objects.filter((o) => o.kind === kind).map((o) => `${type}/${o.name}`);
  }

  // ---- wiring -------------------------------------------------------------------------------

  private wire(): void {
    byId("step-button").addEventListener("click", () => this.step());
    byId("play-button").addEventListener("click", () => (this.playing ? this.pause() : this.play()));
    byId("settle-button").addEventListener("click", () => this.settle());
    byId("apply-button").addEventListener("click", () => this.applyEditor());
    byId("edit-cancel").addEventListener("click", () => this.stopEdit());
    byId("latest-button").addEventListener("click", () => this.rewind(this.timelineCache?.end ?? this.snap.time.ms));
    byId("reset-button").addEventListener("click", () => this.reset());
    byId("share-button").addEventListener("click", () => void this.share());
    byId("share-copy").addEventListener("click", () => {
      const input = byId<HTMLInputElement>("share-url");
      input.select();
      navigator.clipboard?.writeText(input.value).then(
        () => (byId("share-copy").textContent = t("share.copied")),
        () => undefined,
      );
    });
    byId("examples-button").addEventListener("click", () => byId<HTMLDialogElement>("examples-dialog").showModal());
    byId("lang-button").addEventListener("click", () => {
      setLang(lang() === "zh" ? "en" : "zh");
      store.set(KEY_LANG, lang());
      translateStatic();
      this.playButton();
      this.renderExamples();
      this.refresh(true);
    });
    for (const b of document.querySelectorAll<HTMLButtonElement>("dialog [data-close]")) {
      b.addEventListener("click", () => b.closest("dialog")?.close());
    }
    byId("open-full").addEventListener("click", (ev) => {
      ev.preventDefault();
      void encodeShared({ session: this.cluster.save(), editor: this.editor?.text() ?? this.pendingEditorText }).then(
        (frag) => window.open(new URL(`./#s=${frag}`, location.href).toString(), "_blank", "noopener"),
      );
    });

    // The timeline: dragging travels in time (throttled: each position is a replay).
    const range = byId<HTMLInputElement>("timeline");
    let pending = 0;
    range.addEventListener("input", () => {
      this.pause();
      if (pending) return;
      pending = window.setTimeout(() => {
        pending = 0;
        this.rewind(Number(range.value));
      }, 120);
    });
    range.addEventListener("change", () => {
      if (pending) window.clearTimeout(pending);
      pending = 0;
      this.rewind(Number(range.value));
    });

    // Tabs, with arrow keys between them.
    const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
    tabs.forEach((tab, i) => {
      tab.addEventListener("click", () => this.selectTab(tab.id));
      tab.addEventListener("keydown", (ev) => {
        const d = ev.key === "ArrowRight" ? 1 : ev.key === "ArrowLeft" ? -1 : 0;
        if (!d) return;
        const next = tabs[(i + d + tabs.length) % tabs.length];
        next.focus();
        this.selectTab(next.id);
      });
    });
    byId("events-filter").addEventListener("input", () => {
      this.eventsSig = "";
      this.renderPanels();
    });

    window.addEventListener("pagehide", () => this.saveNow());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") this.saveNow();
    });
    this.renderExamples();
    this.playButton();
    for (const id of ["step-button", "play-button", "settle-button", "apply-button"]) {
      byId<HTMLButtonElement>(id).disabled = false;
    }
  }

  private renderExamples(): void {
    const l = lang();
    const group = (g: Example["group"], title: string) =>
      h(
        "section",
        { class: "examples-group" },
        h("h3", {}, title),
        h(
          "ul",
          {},
          ...EXAMPLES.filter((e) => e.group === g).map((e) => {
            const open = h("button", { type: "button" }, t("examples.open"));
            const run = h("button", { type: "button", class: "primary", "data-example": e.id }, t("examples.run"));
            open.addEventListener("click", () => {
              byId<HTMLDialogElement>("examples-dialog").close();
              this.stopEdit();
              this.editor?.setText(e.manifest);
              this.pendingEditorText = e.manifest;
            });
            run.addEventListener("click", () => {
              byId<HTMLDialogElement>("examples-dialog").close();
              void whenRest().then(() => this.runExample(e));
            });
            return h("li", { class: "example" }, h("strong", {}, e.title[l]), h("p", {}, e.about[l]), h("div", {}, open, run));
          }),
        ),
      );
    byId("examples-list").replaceChildren(group("scenario", t("examples.scenarios")), group("article", t("examples.article")));
  }

  attachEditor(editor: Editor): void {
    this.editor = editor;
  }

  attachShell(shell: Shell): void {
    this.shell = shell;
  }

  editorText(): string {
    return this.pendingEditorText;
  }
}

/**
 * Table rows keyed by their first columns (NAMESPACE and NAME), the headers left out. Each row also
 * has the text to compare without its AGE column, so that a watch prints a row when the object
 * changed, not when it aged (as `kubectl get -w` does).
 */
function rowsOf(stdout: string): Map<string, { text: string; same: string }> {
  const rows = new Map<string, { text: string; same: string }>();
  let age: [number, number] | null = null;
  for (const line of stdout.split("\n")) {
    if (!line.trim()) continue;
    if (/^(NAME|NAMESPACE|LAST SEEN)\s/.test(line)) {
      const m = /AGE(\s+|$)/.exec(line);
      age = m ? [m.index, m.index + m[0].length] : null;
      continue;
    }
    const same = age ? line.slice(0, age[0]) + (age[1] >= line.length ? "" : line.slice(age[1])) : line;
    rows.set(line.split(/\s+/).slice(0, 2).join(" "), { text: line, same });
  }
  return rows;
}

/** Builds the cluster the page starts with, and what to tell the user about it. */
async function startingState(): Promise<{ cluster: Cluster; editor: string; notice: string; commands: Command[] }> {
  const fresh = (): Cluster => {
    const c = Cluster.create({});
    if (!c.ok) throw new Error(c.error);
    return c.cluster;
  };
  const hash = location.hash.startsWith("#s=") ? location.hash.slice(3) : "";
  // A shared, embedded or saved session replays commands that are in the rest of the core: wait
  // for it here rather than fetch it synchronously in the middle of the replay.
  if (hash || embed || store.get(KEY_SESSION)) await whenRest();
  if (hash) {
    try {
      const shared = await decodeShared(hash);
      const loaded = Cluster.load(shared.session);
      if (!loaded.ok) throw new Error(loaded.error);
      if (!embed) history.replaceState(null, "", location.pathname + location.search);
      return { cluster: loaded.cluster, editor: shared.editor || DEFAULT_EXAMPLE, notice: t("restore.shared"), commands: [] };
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return { cluster: fresh(), editor: DEFAULT_EXAMPLE, notice: t("restore.failed", { why }), commands: [] };
    }
  }
  if (embed) {
    const seed = Number(params.get("seed") ?? "1");
    const made = Cluster.create({
      seed: Number.isInteger(seed) && seed >= 0 ? seed : 1,
      config: params.get("config") ?? undefined,
    });
    const notice = made.ok ? "" : t("embed.failed", { why: made.error });
    const cluster = made.ok ? made.cluster : fresh();
    const manifest = params.get("manifest") ?? "";
    const commands: Command[] = params.getAll("cmd").map((line) => ({ line }));
    if (manifest) commands.unshift({ line: "kubectl apply -f -", stdin: manifest });
    const run = params.get("run");
    if (run) commands.push({ line: `sim run ${run}` });
    return { cluster, editor: manifest || DEFAULT_EXAMPLE, notice, commands };
  }
  const saved = store.get(KEY_SESSION);
  const editor = store.get(KEY_EDITOR) ?? DEFAULT_EXAMPLE;
  if (saved) {
    const loaded = Cluster.load(saved);
    if (loaded.ok) return { cluster: loaded.cluster, editor, notice: "", commands: [] };
    store.remove(KEY_SESSION);
    return { cluster: fresh(), editor, notice: t("restore.failed", { why: loaded.error }), commands: [] };
  }
  return { cluster: fresh(), editor, notice: "", commands: [] };
}

async function main(): Promise<void> {
  setLang(initialLang(store.get(KEY_LANG), params.get("lang")));
  translateStatic();
  await loadCore();
  const start = await startingState();
  const app = new App(start.cluster, start.editor);
  app.refresh(true);
  const ready = () =>
    `${t("status.ready")} · kubeplay ${Cluster.version()} · seed ${app.cluster.seed()}${start.notice ? ` · ${start.notice}` : ""}`;
  statusEl.textContent = ready();
  performance.mark("kubeplay-ready");
  statusEl.classList.toggle("notice", !!start.notice);
  document.body.dataset.ready = "true";
  // What loads once the page shows the cluster (its time controls and Apply work on the core's
  // first part): the editor, the terminal and the rest of the core (see kubeplay.ts).
  const editorModule = import("./editor");
  const terminalModule = import("./terminal");
  const rest = loadRest().then(
    () => void performance.mark("kubeplay-rest"),
    (err: unknown) => {
      // Whatever needs the rest tries again (synchronously) when it is used.
      statusEl.textContent = `${t("status.restFailed")}: ${err instanceof Error ? err.message : String(err)}`;
      statusEl.classList.add("notice");
    },
  );
  (window as unknown as { kubeplay: unknown }).kubeplay = {
    /** The snapshot the page shows now. */
    snapshot: () => app.snap,
    /** A new snapshot from the core (what each frame costs). */
    takeSnapshot: () => app.cluster.snapshot(),
    stats: () => ({ ...app.stats }),
    save: () => app.cluster.save(),
    run: (line: string, stdin?: string) => app.run(line, stdin, true),
    terminalText: () => app.shell?.text() ?? "",
    setEditor: (text: string) => app.editor?.setText(text),
    editorText: () => app.editor?.text() ?? app.editorText(),
    restLoaded,
  };

  const [{ createEditor }, { createShell }] = await Promise.all([editorModule, terminalModule, rest]);
  app.attachEditor(
    createEditor(byId("editor"), app.editorText(), t("editor.title"), () => app.applyEditor(), () => app.saveSoon()),
  );
  app.attachShell(
    createShell(
      byId("terminal"),
      {
        run: (line, stdin) => app.run(line, stdin),
        complete: (before, partial) => app.complete(before, partial),
        interrupt: () => {
          const stopped = app.stopWatch();
          app.pause();
          return stopped;
        },
        busy: () => app.watching(),
      },
      t("terminal.welcome"),
      !embed,
    ),
  );
  if (start.notice && app.shell) {
    app.shell.note(start.notice);
    app.shell.prompt();
  }
  if (start.commands.length) app.runCommands(start.commands);
  document.body.dataset.loaded = "true";
  performance.mark("kubeplay-loaded");
}

main().catch((err: unknown) => {
  statusEl.textContent = `${t("status.failed")}: ${err instanceof Error ? err.message : String(err)}`;
  statusEl.classList.add("notice");
});
