// Typed access to the wasm core. The wasm-bindgen output (web/pkg) returns plain objects; these
// are their shapes, kept by hand in step with crates/kubeplay-wasm and kubeplay-core's view.rs.
import init, { Cluster as WasmCluster, setRestCall } from "../pkg/kubeplay_wasm.js";

export interface Diagnostic {
  /** 1-based line. */
  line: number;
  /** 1-based column in UTF-16 code units. */
  column: number;
  severity: "error" | "warning";
  message: string;
  hint: string | null;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  diagnostics: Diagnostic[];
}

export interface TimeView {
  ms: number;
  /** Go's duration format: `1m30s`. */
  elapsed: string;
  /** The simulated wall clock, RFC 3339. */
  wall: string;
}

export interface Resources {
  cpuMilli: number;
  memoryBytes: number;
  pods: number;
}

export interface OwnerView {
  kind: string;
  name: string;
}

export interface PodView {
  namespace: string;
  name: string;
  node: string;
  phase: string;
  /** kubectl's STATUS column. */
  status: string;
  /** kubectl's READY column, `1/2`. */
  readyText: string;
  ready: boolean;
  restarts: number;
  terminating: boolean;
  owner: OwnerView | null;
  /** `Deployment/default/web`, `Pod/default/x`: what the chip's colour follows. */
  workload: string;
  templateHash: string;
  revision: number | null;
  images: string[];
  createdMs: number;
}

export interface NodeView {
  name: string;
  role: "control-plane" | "worker";
  status: string;
  ready: boolean;
  unschedulable: boolean;
  taints: string[];
  allocatable: Resources;
  requested: Resources;
  pods: PodView[];
}

export interface Totals {
  pods: number;
  running: number;
  ready: number;
  pending: number;
  terminating: number;
  failed: number;
  succeeded: number;
}

export interface TableRow {
  namespace: string;
  name: string;
  cells: string[];
}

export interface TableView {
  kind: string;
  headers: string[];
  rows: TableRow[];
}

export interface ReplicaSetView {
  namespace: string;
  name: string;
  deployment: string | null;
  revision: number | null;
  templateHash: string;
  desired: number;
  current: number;
  ready: number;
  available: number;
  images: string[];
  changeCause: string;
  createdMs: number;
}

export interface RevisionView {
  revision: number | null;
  replicaSet: string;
  images: string[];
  changeCause: string;
  desired: number;
  current: number;
  available: number;
}

export interface RolloutView {
  namespace: string;
  name: string;
  desired: number;
  updated: number;
  ready: number;
  available: number;
  paused: boolean;
  strategy: string;
  images: string[];
  currentRevision: number | null;
  revisions: RevisionView[];
}

export interface EventView {
  namespace: string;
  firstMs: number;
  lastMs: number;
  count: number;
  type: "Normal" | "Warning";
  reason: string;
  /** `pod/web`. */
  object: string;
  kind: string;
  name: string;
  message: string;
  source: string;
}

export interface ObjectRow {
  kind: string;
  namespace: string;
  name: string;
}

export interface Snapshot {
  time: TimeView;
  nodes: NodeView[];
  unscheduled: PodView[];
  totals: Totals;
  tables: TableView[];
  replicaSets: ReplicaSetView[];
  rollouts: RolloutView[];
  /** The most recent events, oldest first. */
  events: EventView[];
  objects: ObjectRow[];
}

/** One ReplicaSet's counts over virtual time: `[t, desired, current, available]`, oldest first. */
export interface CountsSeries {
  namespace: string;
  name: string;
  points: [number, number, number, number][];
}

export interface PodTraffic {
  pod: string;
  /** `replicaset/web-7d4b9c`, empty for a bare pod. */
  owner: string;
  revision: string | null;
  requests: number;
  /** Of those, refused by the pod (nothing listens on the port). */
  refused: number;
}

/** Where the last `sim traffic` sent its requests. */
export interface TrafficView {
  namespace: string;
  service: string;
  /** Virtual time when the run began. */
  at: number;
  sent: number;
  /** Refused because no endpoint was ready. */
  noEndpoints: number;
  pods: PodTraffic[];
}

export interface TimelineInput {
  at: number;
  op: "exec" | "apply" | "step" | "settle";
  text: string;
}

export interface Timeline {
  now: number;
  end: number;
  rewound: boolean;
  inputs: TimelineInput[];
}

export interface ClusterOptions {
  seed?: number;
  /** A kind cluster config (YAML). */
  config?: string;
}

export type LoadResult = { ok: true; cluster: Cluster } | { ok: false; error: string };

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** One simulated cluster living in wasm, with the history of what was done to it. */
export class Cluster {
  private readonly inner: WasmCluster;

  private constructor(inner: WasmCluster) {
    this.inner = inner;
  }

  /** A fresh cluster; a cluster config that does not parse comes back as an error. */
  static create(options: ClusterOptions = {}): LoadResult {
    try {
      return { ok: true, cluster: new Cluster(new WasmCluster(options)) };
    } catch (err) {
      return { ok: false, error: message(err) };
    }
  }

  /** Replays a saved session; a damaged or foreign one comes back as an error. */
  static load(state: string): LoadResult {
    try {
      return { ok: true, cluster: new Cluster(WasmCluster.load(state)) };
    } catch (err) {
      return { ok: false, error: message(err) };
    }
  }

  static version(): string {
    return WasmCluster.version();
  }

  apply(yaml: string): ExecResult {
    return this.inner.apply(yaml) as ExecResult;
  }

  exec(line: string, stdin?: string): ExecResult {
    return this.inner.exec(line, stdin) as ExecResult;
  }

  /** A `kubectl get`, `sim why` or `sim time` that is not recorded in the session. */
  peek(line: string): ExecResult {
    return this.inner.peek(line) as ExecResult;
  }

  step(): boolean {
    return this.inner.step();
  }

  runFor(ms: number): void {
    this.inner.runFor(Math.max(0, Math.round(ms)));
  }

  settle(timeoutMs?: number): boolean {
    return this.inner.settle(timeoutMs);
  }

  now(): number {
    return this.inner.now();
  }

  snapshot(): Snapshot {
    return this.inner.snapshot() as Snapshot;
  }

  save(): string {
    return this.inner.save();
  }

  /** Every ReplicaSet's counts over virtual time (kept by the core, so a reload keeps them). */
  history(): CountsSeries[] {
    return this.inner.history() as CountsSeries[];
  }

  /** Where the last `sim traffic` sent its requests, or null. */
  traffic(): TrafficView | null {
    return this.inner.traffic() as TrafficView | null;
  }

  rewind(ms: number): void {
    this.inner.rewind(Math.max(0, Math.round(ms)));
  }

  timeline(): Timeline {
    return this.inner.timeline() as Timeline;
  }

  seed(): number {
    return this.inner.seed();
  }

  free(): void {
    this.inner.free();
  }
}

// The core comes in two parts (scripts/split-wasm.mjs): the first holds what the page runs at its
// start and while the default example plays; the rest is fetched right after. The first part calls
// into the rest through placeholders; once the rest is instantiated, it has put its functions into
// the first part's table and the calls go straight there.
const REST_URL = new URL("../pkg/kubeplay_wasm_rest.wasm", import.meta.url);
let first: { table: WebAssembly.Table } | null = null;
let restModule: WebAssembly.Module | null = null;
let restReady = false;
let restLoading: Promise<void> | null = null;

function instantiateRest(module: WebAssembly.Module): void {
  if (restReady || !first) return;
  new WebAssembly.Instance(module, { primary: first as unknown as WebAssembly.ModuleImports });
  restReady = true;
}

/** The rest's bytes, fetched synchronously: only when the page needs it before it arrived. */
function fetchRestSync(): Uint8Array<ArrayBuffer> {
  const xhr = new XMLHttpRequest();
  xhr.open("GET", REST_URL.href, false);
  xhr.overrideMimeType("text/plain; charset=x-user-defined");
  xhr.send();
  if (xhr.status !== 200) throw new Error(`kubeplay: loading the rest of the core: HTTP ${xhr.status}`);
  const text = xhr.responseText;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

/** A call from the first part into the rest (by its table slot). */
function callRest(slot: number, args: unknown[]): unknown {
  if (!restReady) {
    restModule ??= new WebAssembly.Module(fetchRestSync());
    instantiateRest(restModule);
  }
  const fn = first?.table.get(slot) as ((...a: unknown[]) => unknown) | null | undefined;
  if (!fn) throw new Error(`kubeplay: no function in table slot ${slot}`);
  return fn(...args);
}

/** Loads and instantiates the first part of the core once. */
export async function loadCore(): Promise<void> {
  const exports = (await init()) as unknown as { table: WebAssembly.Table };
  first = exports;
  setRestCall(callRest);
}

/** Fetches and instantiates the rest of the core once (after `loadCore`). */
export function loadRest(): Promise<void> {
  restLoading ??= (async () => {
    try {
      if (restReady) return;
      const response = await fetch(REST_URL);
      if (!response.ok) throw new Error(`kubeplay: loading the rest of the core: HTTP ${response.status}`);
      const module = await WebAssembly.compile(await response.arrayBuffer());
      restModule ??= module;
      instantiateRest(restModule);
    } catch (err) {
      // Not an error if a call needed the rest meanwhile and fetched it synchronously.
      if (!restReady) throw err;
    }
  })();
  restLoading.catch(() => (restLoading = null));
  return restLoading;
}

/** Whether the rest of the core is in (for tests and measurements). */
export function restLoaded(): boolean {
  return restReady;
}
