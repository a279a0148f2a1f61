// Runs one benchmark scenario of the wasm build under Node, as the browser page would run the
// engine: `node run.mjs PKG_DIR SCENARIO [ARGS...] [--row]`, where PKG_DIR holds the output of
// `wasm-bindgen --target nodejs` for kubeplay-bench built for wasm32 (profile `fast` or
// `release`). Arguments left out take the sizes. The scenario call is timed with
// performance.now() (and its CPU time, with process.cpuUsage: on a busy machine the wall time also
// counts the waits for a core); the cluster is freed afterwards (release_scenario), outside the clock.
// Memory: the process's resident set after the run and its peak, and the wasm linear memory
// (which only grows, so its size is the scenario's peak heap).
// `--row` prints one tab-separated line (the columns of `make bench`'s table).

import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

const argv = process.argv.slice(2);
const row = argv.includes("--row");
const words = argv.filter((a) => a !== "--row");
if (words.length < 2) {
  console.error("usage: node run.mjs PKG_DIR SCENARIO [ARGS...] [--row]");
  process.exit(2);
}
const [pkgDir, name, ...rest] = words;
const args = rest.map((a) => {
  const n = Number(a);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`run.mjs: ${JSON.stringify(a)} is not a number`);
    process.exit(2);
  }
  return n;
});

const require = createRequire(import.meta.url);
const bench = require(path.resolve(pkgDir, "kubeplay_bench.js"));

const mib = (bytes) => (bytes / 1048576).toFixed(0);
const loadBefore = os.loadavg()[0].toFixed(2);
const cpuBefore = process.cpuUsage();
const start = performance.now();
const report = JSON.parse(bench.run_scenario(name, Uint32Array.from(args)));
const secs = (performance.now() - start) / 1000;
const cpuUsed = process.cpuUsage(cpuBefore);
const cpu = ((cpuUsed.user + cpuUsed.system) / 1e6).toFixed(2);
if (report.error) {
  console.error(`run.mjs: ${report.error}`);
  process.exit(2);
}
const rss = process.memoryUsage().rss;
const wasmBytes = bench.wasm_memory_bytes();
const teardownStart = performance.now();
bench.release_scenario();
const teardown = (performance.now() - teardownStart) / 1000;
const peakRss = process.resourceUsage().maxRSS * 1024;
const load = `${loadBefore} -> ${os.loadavg()[0].toFixed(2)}`;
const memory = `${mib(wasmBytes)} MiB wasm, ${mib(peakRss)} MiB peak RSS`;

if (row) {
  const shown = report.args.join(" ");
  console.log(
    ["node", `${name} ${shown}`, secs.toFixed(2), cpu, report.work, report.events, (report.events / secs).toFixed(0), report.objects, report.running_pods, report.completed, memory, load, report.note].join("\t"),
  );
} else {
  console.log(report.name);
  console.log(`  wall time      ${secs.toFixed(2)} s (${cpu} s of CPU)`);
  console.log(`  teardown       ${teardown.toFixed(2)} s (freeing the cluster, not timed)`);
  console.log(`  work units     ${report.work} (${(report.work / secs).toFixed(0)}/s)`);
  console.log(`  events         ${report.events} (${(report.events / secs).toFixed(0)}/s)`);
  console.log(`  objects        ${report.objects}`);
  console.log(`  running pods   ${report.running_pods}`);
  console.log(`  completed      ${report.completed}`);
  console.log(`  virtual time   ${report.virtual_ms} ms`);
  console.log(`  memory         ${mib(rss)} MiB RSS after the run; ${memory}`);
  console.log(`  load average   ${load} (1 minute, before -> after the run)`);
  console.log(`  ${report.note}`);
}
