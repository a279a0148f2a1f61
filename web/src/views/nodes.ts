// The cluster view: one card per node (role, status, taints, what its pods request) with its pods
// as chips coloured by workload and revision, and the pods no node has taken yet. Cards and chips
// are kept and updated in place between renders, so playing does not rebuild the page. Past
// CHIP_LIMIT pods the chips become squares drawn on one canvas per node.

import { h, colourOf, formatBytes } from "../dom";
import { t } from "../i18n";
import type { NodeView, PodView, Snapshot } from "../kubeplay";

/** Past this many pods in the cluster, pods are drawn on canvases. */
export const CHIP_LIMIT = 300;
const CELL = 9;

export type PodClick = (pod: PodView) => void;

interface Card {
  root: HTMLElement;
  title: HTMLElement;
  status: HTMLElement;
  meta: HTMLElement;
  taints: HTMLElement;
  bars: { cpu: HTMLElement; mem: HTMLElement; pods: HTMLElement };
  barText: HTMLElement;
  chips: HTMLElement;
  canvas: HTMLCanvasElement | null;
  pods: PodView[];
  byKey: Map<string, HTMLButtonElement>;
}

function podKey(p: PodView): string {
  return `${p.namespace}/${p.name}`;
}

/** The CSS state class of a pod chip. */
export function podState(p: PodView): string {
  if (p.terminating) return "terminating";
  if (!p.node) return "unscheduled";
  if (p.phase === "Succeeded") return "succeeded";
  if (p.phase === "Failed" || /BackOff|Err|Error|OOMKilled|Crash/.test(p.status)) return "failing";
  if (p.phase === "Pending") return "starting";
  return p.ready ? "ready" : "unready";
}

function label(p: PodView): string {
  const owner = p.owner ? ` · ${p.owner.kind}/${p.owner.name}` : "";
  return `pod/${p.name} · ${p.status} · ${p.readyText}${owner} · ${p.images.join(", ")}`;
}

export class ClusterView {
  private readonly cards = new Map<string, Card>();
  private readonly unscheduledCard: Card;

  constructor(
    private readonly nodesEl: HTMLElement,
    private readonly unscheduledEl: HTMLElement,
    private readonly totalsEl: HTMLElement,
    private readonly onClick: PodClick,
  ) {
    this.unscheduledCard = this.makeCard("unscheduled");
    this.unscheduledEl.append(this.unscheduledCard.root);
  }

  render(snap: Snapshot): void {
    const compact = snap.totals.pods > CHIP_LIMIT;
    const seen = new Set<string>();
    let previous: HTMLElement | null = null;
    for (const node of snap.nodes) {
      seen.add(node.name);
      let card = this.cards.get(node.name);
      if (!card) {
        card = this.makeCard(node.name);
        this.cards.set(node.name, card);
      }
      // Keep the order of the snapshot (nodes sorted by name) without moving cards that are in place.
      const want: Element | null = previous ? previous.nextElementSibling : this.nodesEl.firstElementChild;
      if (want !== card.root) {
        if (previous) previous.after(card.root);
        else this.nodesEl.prepend(card.root);
      }
      previous = card.root;
      this.fillNode(card, node);
      this.fillPods(card, node.pods, compact);
    }
    for (const [name, card] of this.cards) {
      if (!seen.has(name)) {
        card.root.remove();
        this.cards.delete(name);
      }
    }
    this.unscheduledEl.hidden = snap.unscheduled.length === 0;
    this.unscheduledCard.title.textContent = t("cluster.unscheduled");
    this.unscheduledCard.status.textContent = String(snap.unscheduled.length);
    this.fillPods(this.unscheduledCard, snap.unscheduled, compact);
    this.totalsEl.textContent = t("cluster.totals", {
      pods: snap.totals.pods,
      running: snap.totals.running,
      pending: snap.totals.pending,
      terminating: snap.totals.terminating,
    });
  }

  private makeCard(name: string): Card {
    const title = h("h3", { class: "node-name" }, name);
    const status = h("span", { class: "node-status" });
    const meta = h("div", { class: "node-meta" });
    const taints = h("div", { class: "node-taints" });
    const bar = (cls: string) => h("span", { class: `bar ${cls}` }, h("span", { class: "fill" }));
    const bars = { cpu: bar("cpu"), mem: bar("mem"), pods: bar("podsbar") };
    const barText = h("div", { class: "bar-text" });
    const chips = h("div", { class: "chips", role: "list" });
    const root = h(
      "article",
      { class: "node", "aria-label": name },
      h("header", { class: "node-head" }, title, status),
      meta,
      taints,
      h("div", { class: "bars", "aria-hidden": "true" }, bars.cpu, bars.mem, bars.pods),
      barText,
      chips,
    );
    return { root, title, status, meta, taints, bars, barText, chips, canvas: null, pods: [], byKey: new Map() };
  }

  private fillNode(card: Card, n: NodeView): void {
    setText(card.status, n.status);
    card.root.classList.toggle("not-ready", !n.ready);
    card.root.classList.toggle("cordoned", n.unschedulable);
    card.root.classList.toggle("control-plane", n.role === "control-plane");
    setText(card.meta, n.role);
    setText(card.taints, n.taints.length ? `${t("cluster.taints")}: ${n.taints.join(", ")}` : "");
    const pct = (used: number, cap: number) => (cap > 0 ? Math.min(100, (used / cap) * 100) : 0);
    setWidth(card.bars.cpu, pct(n.requested.cpuMilli, n.allocatable.cpuMilli));
    setWidth(card.bars.mem, pct(n.requested.memoryBytes, n.allocatable.memoryBytes));
    setWidth(card.bars.pods, pct(n.requested.pods, n.allocatable.pods));
    setText(
      card.barText,
      `${t("cluster.cpu")} ${n.requested.cpuMilli}m/${n.allocatable.cpuMilli}m · ${t("cluster.memory")} ` +
        `${formatBytes(n.requested.memoryBytes)}/${formatBytes(n.allocatable.memoryBytes)} · ` +
        `${n.pods.length}/${n.allocatable.pods} ${t("cluster.pods")}`,
    );
  }

  private fillPods(card: Card, pods: PodView[], compact: boolean): void {
    card.pods = pods;
    if (compact) {
      if (card.chips.firstChild) {
        card.chips.replaceChildren();
        card.byKey.clear();
      }
      this.draw(card);
      return;
    }
    if (card.canvas) {
      card.canvas.remove();
      card.canvas = null;
    }
    const seen = new Set<string>();
    let previous: HTMLElement | null = null;
    for (const p of pods) {
      const key = podKey(p);
      seen.add(key);
      let chip = card.byKey.get(key);
      if (!chip) {
        chip = h("button", { type: "button", class: "pod", role: "listitem" });
        const pod = p;
        chip.addEventListener("click", () => this.onClick(card.pods.find((x) => podKey(x) === podKey(pod)) ?? pod));
        card.byKey.set(key, chip);
      }
      const want: Element | null = previous ? previous.nextElementSibling : card.chips.firstElementChild;
      if (want !== chip) {
        if (previous) previous.after(chip);
        else card.chips.prepend(chip);
      }
      previous = chip;
      const state = podState(p);
      const cls = `pod ${state}`;
      if (chip.className !== cls) chip.className = cls;
      const colour = colourOf(p.workload, p.revision, p.templateHash);
      if (chip.style.getPropertyValue("--c") !== colour) chip.style.setProperty("--c", colour);
      const text = label(p);
      if (chip.title !== text) {
        chip.title = text;
        chip.setAttribute("aria-label", text);
      }
      chip.dataset.pod = p.name;
      chip.dataset.state = state;
    }
    for (const [key, chip] of card.byKey) {
      if (!seen.has(key)) {
        chip.remove();
        card.byKey.delete(key);
      }
    }
    if (pods.length === 0 && card !== this.unscheduledCard) {
      if (!card.chips.firstChild) card.chips.append(h("span", { class: "empty" }, t("cluster.noPods")));
    } else {
      for (const el of card.chips.querySelectorAll(".empty")) el.remove();
    }
  }

  /** Draws the pods of a card as small squares (large clusters). */
  private draw(card: Card): void {
    if (!card.canvas) {
      const canvas = h("canvas", { class: "pod-canvas", role: "img" });
      canvas.addEventListener("click", (ev) => {
        const rect = canvas.getBoundingClientRect();
        const perRow = Math.max(1, Math.floor(rect.width / CELL));
        const i = Math.floor((ev.clientY - rect.top) / CELL) * perRow + Math.floor((ev.clientX - rect.left) / CELL);
        const pod = card.pods[i];
        if (pod) this.onClick(pod);
      });
      card.chips.after(canvas);
      card.canvas = canvas;
    }
    const canvas = card.canvas;
    const width = Math.max(CELL, canvas.clientWidth || card.root.clientWidth - 16);
    const perRow = Math.max(1, Math.floor(width / CELL));
    // A fixed height per card (room for 110 pods) so that cards do not jump as pods come and go.
    const rows = Math.max(Math.ceil(card.pods.length / perRow), Math.ceil(110 / perRow));
    const dpr = window.devicePixelRatio || 1;
    const w = perRow * CELL;
    const ht = rows * CELL;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(ht * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(ht * dpr);
      canvas.style.height = `${ht}px`;
    }
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, ht);
    card.pods.forEach((p, i) => {
      const x = (i % perRow) * CELL;
      const y = Math.floor(i / perRow) * CELL;
      const state = podState(p);
      ctx.globalAlpha = state === "terminating" || state === "succeeded" ? 0.35 : 1;
      ctx.fillStyle = colourOf(p.workload, p.revision, p.templateHash);
      if (state === "ready") {
        ctx.fillRect(x, y, CELL - 2, CELL - 2);
      } else {
        ctx.strokeStyle = state === "failing" ? "#d0312d" : ctx.fillStyle;
        ctx.lineWidth = 1.5;
        ctx.strokeRect(x + 0.75, y + 0.75, CELL - 3.5, CELL - 3.5);
      }
    });
    ctx.globalAlpha = 1;
    canvas.setAttribute("aria-label", t("cluster.aggregated", { n: card.pods.length }));
  }
}

function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

function setWidth(bar: HTMLElement, pct: number): void {
  const fill = bar.firstElementChild as HTMLElement | null;
  const w = `${pct.toFixed(1)}%`;
  if (fill && fill.style.width !== w) fill.style.width = w;
}
