// Small DOM helpers. Every piece of text goes in through textContent or an attribute value, never
// as HTML: manifests, commands and URLs are the user's, and are shown as text.

export type Child = Node | string | null | undefined | false;

/** `h("td", {class: "x"}, "text", otherNode)`. Attributes are set with setAttribute (text only). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

const SVG = "http://www.w3.org/2000/svg";

/** An SVG element with attributes. */
export function svg(tag: string, attrs: Record<string, string | number> = {}, ...children: Child[]): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  append(el, children);
  return el;
}

function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
}

export function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
}

/** A stable colour for a string (an owner), varied in lightness by a revision. */
export function colourOf(key: string, revision: number | null, hash: string): string {
  const step = revision ?? (hash ? hashString(hash) % 6 : 0);
  // Revisions of one owner: neighbouring hues, alternating dark and light, so that an old and a
  // new ReplicaSet side by side are told apart at a glance.
  const hue = (hashString(key) + step * 28) % 360;
  const light = [40, 58, 32, 50, 66, 45][step % 6];
  return `hsl(${hue} 62% ${light}%)`;
}

export function hashString(s: string): number {
  let x = 2166136261;
  for (let i = 0; i < s.length; i++) {
    x ^= s.charCodeAt(i);
    x = Math.imul(x, 16777619);
  }
  return x >>> 0;
}

/** Bytes as kubectl would say them: 1.5Gi. */
export function formatBytes(n: number): string {
  const units = ["", "Ki", "Mi", "Gi", "Ti"];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)}${units[i]}`;
}

/** Milliseconds of virtual time as m:ss (or h:mm:ss). */
export function clock(ms: number): string {
  const total = Math.floor(ms / 1000);
  const s = total % 60;
  const m = Math.floor(total / 60) % 60;
  const hrs = Math.floor(total / 3600);
  const pad = (n: number) => String(n).padStart(2, "0");
  return hrs > 0 ? `${hrs}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}
