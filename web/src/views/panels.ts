// The side panels: each Deployment's rollout history with a chart of its ReplicaSets' replicas and
// available pods over virtual time, the workloads as kubectl's tables, the events (filterable by
// object) and the selected pod with its explanation.

import { h, svg, colourOf, clock } from "../dom";
import { t } from "../i18n";
import type { CountsSeries, EventView, PodTraffic, ReplicaSetView, Snapshot, TrafficView } from "../kubeplay";

interface Point {
  t: number;
  desired: number;
  current: number;
  available: number;
}

/**
 * Each ReplicaSet's counts over virtual time. The core keeps them as its inputs run (so that a
 * reload, a share URL or a rewind rebuilds them); the page reads them when it draws a chart.
 */
export class Series {
  readonly byRs = new Map<string, Point[]>();

  load(history: CountsSeries[]): void {
    this.byRs.clear();
    for (const s of history) {
      this.byRs.set(
        `${s.namespace}/${s.name}`,
        s.points.map(([t, desired, current, available]) => ({ t, desired, current, available })),
      );
    }
  }
}

function table(headers: string[], rows: (string | Node)[][], cls = "kube-table"): HTMLTableElement {
  return h(
    "table",
    { class: cls },
    h("thead", {}, h("tr", {}, ...headers.map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", {}, ...rows.map((r) => h("tr", {}, ...r.map((c) => h("td", {}, c))))),
  );
}

const CHART_W = 520;
const CHART_H = 150;
const PAD = { l: 28, r: 8, t: 8, b: 20 };

/** A step chart of some ReplicaSets' replicas (solid) and available pods (dashed). */
function chart(sets: ReplicaSetView[], series: Series, now: number, workload: string): SVGElement {
  const lines = sets.map((rs) => ({ rs, pts: series.byRs.get(`${rs.namespace}/${rs.name}`) ?? [] }));
  const start = Math.min(now, ...lines.flatMap((l) => (l.pts[0] ? [l.pts[0].t] : [])));
  const span = Math.max(1000, now - start);
  const maxY = Math.max(1, ...lines.flatMap((l) => l.pts.map((p) => Math.max(p.desired, p.current))));
  const x = (ms: number) => PAD.l + ((ms - start) / span) * (CHART_W - PAD.l - PAD.r);
  const y = (v: number) => CHART_H - PAD.b - (v / maxY) * (CHART_H - PAD.t - PAD.b);
  const root = svg("svg", {
    viewBox: `0 0 ${CHART_W} ${CHART_H}`,
    class: "chart",
    role: "img",
    "aria-label": t("rollouts.chart"),
  });
  root.append(svg("title", {}, t("rollouts.chart")));
  for (let v = 0; v <= maxY; v += Math.max(1, Math.ceil(maxY / 4))) {
    root.append(svg("line", { x1: PAD.l, x2: CHART_W - PAD.r, y1: y(v), y2: y(v), class: "grid" }));
    root.append(svg("text", { x: PAD.l - 4, y: y(v) + 3, class: "axis", "text-anchor": "end" }, String(v)));
  }
  root.append(svg("text", { x: PAD.l, y: CHART_H - 5, class: "axis" }, clock(start)));
  root.append(svg("text", { x: CHART_W - PAD.r, y: CHART_H - 5, class: "axis", "text-anchor": "end" }, clock(now)));
  for (const { rs, pts } of lines) {
    if (!pts.length) continue;
    const colour = colourOf(workload, rs.revision, rs.templateHash);
    for (const [field, cls] of [
      ["current", "line"],
      ["available", "line dashed"],
    ] as const) {
      let d = "";
      pts.forEach((p, i) => {
        const px = x(p.t).toFixed(1);
        const py = y(p[field]).toFixed(1);
        d += i === 0 ? `M${px},${py}` : `H${px}V${py}`;
      });
      d += `H${x(now).toFixed(1)}`;
      const path = svg("path", { d, class: cls, stroke: colour });
      path.append(svg("title", {}, `${rs.name} ${field}`));
      root.append(path);
    }
  }
  return root;
}

export function renderRollouts(el: HTMLElement, snap: Snapshot, series: Series): void {
  const parts: Node[] = [];
  for (const d of snap.rollouts) {
    const workload = `Deployment/${d.namespace}/${d.name}`;
    const sets = snap.replicaSets.filter((rs) => rs.namespace === d.namespace && rs.deployment === d.name);
    const head = `deployment.apps/${d.name} · ${d.strategy}${d.paused ? " · paused" : ""} · ${d.available}/${d.desired} available · ${d.images.join(", ")}`;
    const rows = d.revisions.map((r) => {
      const swatch = h("span", { class: "swatch" });
      swatch.style.setProperty("--c", colourOf(workload, r.revision, ""));
      return [
        h("span", {}, swatch, r.revision === null ? "–" : String(r.revision)),
        r.replicaSet,
        r.images.join(", "),
        r.changeCause || "<none>",
        `${r.current}/${r.desired} · ${r.available}`,
      ];
    });
    parts.push(
      h(
        "section",
        { class: "rollout", "data-deployment": d.name },
        h("h3", {}, head),
        rows.length
          ? table(
              [t("rollouts.revision"), t("rollouts.replicaSet"), t("rollouts.images"), t("rollouts.cause"), t("rollouts.pods")],
              rows,
              "kube-table revisions",
            )
          : null,
        sets.length ? chart(sets, series, snap.time.ms, workload) : null,
      ),
    );
  }
  const standalone = snap.replicaSets.filter((rs) => !rs.deployment);
  if (standalone.length) {
    const byName = standalone.map((rs) => ({ rs, workload: `ReplicaSet/${rs.namespace}/${rs.name}` }));
    parts.push(
      h(
        "section",
        { class: "rollout" },
        h("h3", {}, t("rollouts.standalone")),
        table(
          [t("rollouts.replicaSet"), t("rollouts.images"), t("rollouts.pods")],
          standalone.map((rs) => [rs.name, rs.images.join(", "), `${rs.current}/${rs.desired} · ${rs.available}`]),
        ),
        ...byName.map(({ rs, workload }) => chart([rs], series, snap.time.ms, workload)),
      ),
    );
  }
  if (!parts.length) parts.push(h("p", { class: "empty" }, t("rollouts.none")));
  el.replaceChildren(...parts);
}

export function renderWorkloads(el: HTMLElement, snap: Snapshot): void {
  if (!snap.tables.length) {
    el.replaceChildren(h("p", { class: "empty" }, t("workloads.none")));
    return;
  }
  el.replaceChildren(
    ...snap.tables.map((tb) =>
      h("section", {}, h("h3", {}, tb.kind), table(tb.headers, tb.rows.map((r) => r.cells))),
    ),
  );
}

export function eventsSignature(events: EventView[]): string {
  const last = events[events.length - 1];
  return last ? `${events.length}:${last.lastMs}:${last.count}:${last.object}:${last.reason}` : "0";
}

/** The events panel; `filter` keeps the events whose object contains it. */
export function renderEvents(
  list: HTMLElement,
  objects: HTMLDataListElement,
  events: EventView[],
  filter: string,
  now: number,
  onObject: (object: string) => void,
): void {
  const f = filter.trim().toLowerCase();
  const shown = events
    .filter((e) => !f || e.object.toLowerCase().includes(f))
    .slice(-200)
    .reverse();
  const names = [...new Set(events.map((e) => e.object))].sort();
  objects.replaceChildren(...names.map((n) => h("option", { value: n })));
  if (!shown.length) {
    list.replaceChildren(h("p", { class: "empty" }, t("events.none")));
    return;
  }
  const rows = shown.map((e) => {
    const obj = h("button", { type: "button", class: "link" }, e.object);
    obj.addEventListener("click", () => onObject(e.object));
    const ago = clock(Math.max(0, now - e.lastMs));
    return h(
      "tr",
      { class: e.type === "Warning" ? "warning" : "" },
      h("td", {}, ago),
      h("td", {}, e.type),
      h("td", {}, e.reason),
      h("td", {}, obj),
      h("td", {}, e.count > 1 ? `${e.message} (×${e.count})` : e.message),
    );
  });
  list.replaceChildren(
    h(
      "table",
      { class: "kube-table events" },
      h(
        "thead",
        {},
        h("tr", {}, ...["AGO", "TYPE", "REASON", "OBJECT", "MESSAGE"].map((x) => h("th", { scope: "col" }, x))),
      ),
      h("tbody", {}, ...rows),
    ),
  );
}

/** Percent with one decimal, rounded as `sim traffic` prints shares. */
function share(part: number, whole: number): string {
  if (whole <= 0) return "0.0%";
  const tenths = Math.floor((part * 1000 + Math.floor(whole / 2)) / whole);
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}

/**
 * The last `sim traffic` run: one bar split by ReplicaSet (coloured as its pods are, so a canary's
 * share shows at a glance), then the share of each pod.
 */
export function renderTraffic(el: HTMLElement, snap: Snapshot, run: TrafficView | null): void {
  if (!run) {
    el.replaceChildren(h("p", { class: "empty" }, t("traffic.none")));
    return;
  }
  // A pod's colour is its chip's; a pod gone since the run takes its ReplicaSet's.
  const pods = [...snap.nodes.flatMap((n) => n.pods), ...snap.unscheduled];
  const colourFor = (p: PodTraffic): string => {
    const pod = pods.find((x) => x.namespace === run.namespace && x.name === p.pod);
    if (pod) return colourOf(pod.workload, pod.revision, pod.templateHash);
    const [kind, name] = p.owner.split("/");
    const rs = kind === "replicaset" ? snap.replicaSets.find((r) => r.namespace === run.namespace && r.name === name) : undefined;
    if (rs) {
      const workload = rs.deployment ? `Deployment/${rs.namespace}/${rs.deployment}` : `ReplicaSet/${rs.namespace}/${rs.name}`;
      return colourOf(workload, rs.revision, rs.templateHash);
    }
    return colourOf(p.owner || `Pod/${run.namespace}/${p.pod}`, p.revision === null ? null : Number(p.revision), "");
  };
  const groups = new Map<string, { owner: string; revision: string | null; pods: number; requests: number; colour: string }>();
  for (const p of run.pods) {
    const key = p.owner || `pod/${p.pod}`;
    const g = groups.get(key) ?? { owner: key, revision: p.revision, pods: 0, requests: 0, colour: colourFor(p) };
    g.pods += 1;
    g.requests += p.requests;
    groups.set(key, g);
  }
  const bar = h("div", { class: "share-bar", role: "img", "aria-label": t("traffic.chart") });
  for (const g of groups.values()) {
    const seg = h("span", { class: "share-seg", title: `${g.owner} ${share(g.requests, run.sent)}` });
    seg.style.setProperty("--c", g.colour);
    seg.style.setProperty("--w", `${run.sent ? (g.requests / run.sent) * 100 : 0}%`);
    bar.append(seg);
  }
  if (run.noEndpoints > 0) {
    const seg = h("span", { class: "share-seg refused", title: t("traffic.noEndpoints", { n: run.noEndpoints }) });
    seg.style.setProperty("--w", `${(run.noEndpoints / run.sent) * 100}%`);
    bar.append(seg);
  }
  const swatch = (colour: string) => {
    const sw = h("span", { class: "swatch" });
    sw.style.setProperty("--c", colour);
    return sw;
  };
  const meter = (part: number, colour: string) => {
    const m = h("span", { class: "meter" });
    const fill = h("span", { class: "meter-fill" });
    fill.style.setProperty("--c", colour);
    fill.style.setProperty("--w", `${run.sent ? (part / run.sent) * 100 : 0}%`);
    m.append(fill);
    return h("span", { class: "meter-cell" }, m, share(part, run.sent));
  };
  el.replaceChildren(
    h(
      "section",
      { class: "traffic", "data-service": run.service },
      h("h3", {}, t("traffic.head", { sent: run.sent, service: run.service, at: clock(run.at) })),
      run.noEndpoints > 0 ? h("p", { class: "warning-text" }, t("traffic.noEndpoints", { n: run.noEndpoints })) : null,
      bar,
      h("h4", {}, t("traffic.byOwner")),
      table(
        ["OWNER", "REVISION", "PODS", "REQUESTS", "SHARE"],
        [...groups.values()].map((g) => [
          h("span", {}, swatch(g.colour), g.owner),
          g.revision ?? "<none>",
          String(g.pods),
          String(g.requests),
          meter(g.requests, g.colour),
        ]),
        "kube-table traffic-owners",
      ),
      h("h4", {}, t("traffic.byPod")),
      table(
        ["POD", "OWNER", "REQUESTS", "SHARE"],
        run.pods.map((p) => [
          p.pod,
          p.owner || "<none>",
          p.refused > 0 ? `${p.requests} (${p.refused} refused)` : String(p.requests),
          meter(p.requests, colourFor(p)),
        ]),
        "kube-table traffic-pods",
      ),
    ),
  );
}
