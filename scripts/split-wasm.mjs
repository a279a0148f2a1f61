#!/usr/bin/env node
// Splits the release wasm in two with binaryen's wasm-split, guided by a profile of what the page
// runs before and while the learner first plays:
//
//   - the first part (kubeplay_wasm_bg.wasm) holds every function that ran in the profile: a
//     fresh cluster, its snapshot, and the default example applied and played (step, play at 1x to
//     100x, settle, the timeline);
//   - the rest (kubeplay_wasm_rest.wasm) holds every other function: the kubectl commands but
//     apply, validation errors, the other controllers, explain, describe...
//
// The page starts on the first part and fetches the rest right after (web/src/kubeplay.ts). The
// first part calls a function of the rest through an import of the "placeholder" namespace; the
// page answers it by loading the rest (synchronously if it has not arrived yet) and calling the
// function, which the rest has put into the shared table. So a profile that misses a function
// costs time, never correctness.
//
// Usage: node scripts/split-wasm.mjs IN_DIR OUT_DIR [--enable-FEATURE...]
//   IN_DIR holds wasm-bindgen's output with kubeplay_wasm_bg.wasm already through wasm-opt;
//   OUT_DIR receives both parts and the glue, patched to supply the placeholders; the features
//   are wasm-opt's (the Makefile's WASM_FEATURES).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [inDir, outDir, ...FEATURES] = process.argv.slice(2);
if (!inDir || !outDir || FEATURES.some((f) => !f.startsWith("--enable-"))) {
  console.error("usage: node scripts/split-wasm.mjs IN_DIR OUT_DIR [--enable-FEATURE...]");
  process.exit(2);
}
const input = path.join(inDir, "kubeplay_wasm_bg.wasm");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kubeplay-split-"));

function wasmSplit(...args) {
  execFileSync("wasm-split", [...FEATURES, ...args], { stdio: ["ignore", "ignore", "inherit"] });
}

/** The page's default example, read from the page's source so that the two never differ. */
function defaultExample() {
  const src = fs.readFileSync(path.join(root, "web/src/examples.ts"), "utf8");
  const m = /^export const DEFAULT_EXAMPLE = ("(?:[^"\\]|\\.)*");$/m.exec(src);
  if (!m) throw new Error("split-wasm: DEFAULT_EXAMPLE not found in web/src/examples.ts");
  return JSON.parse(m[1]);
}

/** What the page does at its start, and with its time controls and Apply on the default example. */
function drive(Cluster, example) {
  const view = (c) => {
    c.snapshot();
    c.timeline();
    c.history();
    c.traffic();
  };
  Cluster.version();
  const c = new Cluster({});
  c.seed();
  view(c);
  c.save();
  c.apply(example);
  view(c);
  for (const speed of [1, 10, 100]) {
    for (let i = 0; i < 400; i++) {
      c.runFor(16 * speed);
      if (i % 4 === 0) view(c);
    }
  }
  c.step();
  c.settle();
  view(c);
  c.rewind(Math.floor(c.now() / 2));
  view(c);
  c.runFor(1000);
  c.rewind(c.timeline().end);
  view(c);
  c.save();
  c.free();
}

// 1. A profile: the instrumented module records which functions ran.
const instrumented = path.join(tmp, "instrumented.wasm");
wasmSplit("--instrument", input, "-o", instrumented);
const glue = path.join(tmp, "glue.mjs");
fs.copyFileSync(path.join(inDir, "kubeplay_wasm.js"), glue);
const { initSync, Cluster } = await import(pathToFileURL(glue).href);
const exports = initSync({ module: fs.readFileSync(instrumented) });
drive(Cluster, defaultExample());
const room = 1 << 20;
const at = exports.__wbindgen_malloc(room, 1);
const written = exports.__write_profile(at, room);
if (!(written > 0 && written <= room)) throw new Error(`split-wasm: profile of ${written} bytes`);
const profile = path.join(tmp, "profile");
fs.writeFileSync(profile, new Uint8Array(exports.memory.buffer, at, written));

// 2. The split.
fs.mkdirSync(outDir, { recursive: true });
const first = path.join(outDir, "kubeplay_wasm_bg.wasm");
const rest = path.join(outDir, "kubeplay_wasm_rest.wasm");
wasmSplit(input, "--profile", profile, "-o1", first, "-o2", rest);

// 3. The shapes the page relies on: the first part imports only the glue's functions and the
//    placeholders and exports its table; the rest imports only from the first part.
const firstModule = new WebAssembly.Module(fs.readFileSync(first));
const restModule = new WebAssembly.Module(fs.readFileSync(rest));
const namespaces = new Set(WebAssembly.Module.imports(firstModule).map((i) => i.module));
const table = WebAssembly.Module.exports(firstModule).find((e) => e.name === "table");
const restFrom = new Set(WebAssembly.Module.imports(restModule).map((i) => i.module));
const bad = [...namespaces].filter((n) => n !== "./kubeplay_wasm_bg.js" && n !== "placeholder");
if (bad.length || !namespaces.has("placeholder") || table?.kind !== "table" || restFrom.size !== 1 || !restFrom.has("primary")) {
  throw new Error(
    `split-wasm: unexpected split (first part imports ${[...namespaces]}, table ${table?.kind}, rest imports ${[...restFrom]}); ` +
      `this script was written for Debian's binaryen 108 (wasm-split --version: ${execFileSync("wasm-split", ["--version"]).toString().trim()})`,
  );
}

// 4. The glue, with the placeholders supplied. Each import of the "placeholder" namespace is named
//    by the table slot its function will take once the rest is loaded.
const marker = "const imports = __wbg_get_imports();";
let js = fs.readFileSync(path.join(inDir, "kubeplay_wasm.js"), "utf8");
if (!js.includes(marker)) throw new Error(`split-wasm: "${marker}" not found in wasm-bindgen's glue`);
js = js.replaceAll(marker, `${marker}\n    imports.placeholder = restPlaceholders();`);
js += `
// Added by scripts/split-wasm.mjs: the first part's calls into the rest of the core.
let restCall = (slot) => {
    throw new Error(\`kubeplay: function \${slot} is in the rest of the core, which is not loaded\`);
};
function restPlaceholders() {
    return new Proxy({}, { get: (_, name) => (...args) => restCall(Number(name), args) });
}
export function setRestCall(call) {
    restCall = call;
}
`;
fs.writeFileSync(path.join(outDir, "kubeplay_wasm.js"), js);
fs.writeFileSync(
  path.join(outDir, "kubeplay_wasm.d.ts"),
  fs.readFileSync(path.join(inDir, "kubeplay_wasm.d.ts"), "utf8") +
    "\n/** Added by scripts/split-wasm.mjs: answers the first part's calls into the rest (slot, arguments). */\n" +
    "export function setRestCall(call: (slot: number, args: unknown[]) => unknown): void;\n",
);
fs.copyFileSync(path.join(inDir, "kubeplay_wasm_bg.wasm.d.ts"), path.join(outDir, "kubeplay_wasm_bg.wasm.d.ts"));
fs.rmSync(tmp, { recursive: true, force: true });

const kb = (f) => `${fs.statSync(f).size} bytes`;
const placeholders = WebAssembly.Module.imports(firstModule).filter((i) => i.module === "placeholder").length;
console.log(`split-wasm: first part ${kb(first)}, rest ${kb(rest)}, ${placeholders} placeholders`);
