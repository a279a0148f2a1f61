// Typed access to the wasm core. The wasm-bindgen output (web/pkg) returns plain objects;
// these are their shapes, kept by hand in step with crates/kubeplay-wasm.
import init, { Cluster as WasmCluster } from "../pkg/kubeplay_wasm.js";

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

export interface ObjectRow {
  kind: string;
  namespace: string;
  name: string;
}

export interface Snapshot {
  objects: ObjectRow[];
}

export interface ClusterOptions {
  seed?: number;
}

/** One simulated cluster living in wasm. */
export class Cluster {
  private readonly inner: WasmCluster;

  constructor(options: ClusterOptions = {}) {
    this.inner = new WasmCluster(options);
  }

  apply(yaml: string): ExecResult {
    return this.inner.apply(yaml) as ExecResult;
  }

  exec(line: string): ExecResult {
    return this.inner.exec(line) as ExecResult;
  }

  snapshot(): Snapshot {
    return this.inner.snapshot() as Snapshot;
  }

  static version(): string {
    return WasmCluster.version();
  }
}

/** Loads and instantiates the wasm module once. */
export async function loadCore(): Promise<void> {
  await init();
}
