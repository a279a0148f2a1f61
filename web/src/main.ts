// The page: a YAML editor, an Apply button, what the core printed and the objects it holds.
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { yaml } from "@codemirror/lang-yaml";
import { linter, lintGutter, setDiagnostics, type Diagnostic as CmDiagnostic } from "@codemirror/lint";
import { syntaxHighlighting, defaultHighlightStyle } from "@codemirror/language";
import { Cluster, loadCore, type Diagnostic, type Snapshot } from "./kubeplay";
import { DEFAULT_EXAMPLE } from "./examples";

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
}

const statusEl = byId<HTMLSpanElement>("status");
const outputEl = byId<HTMLPreElement>("output");
const applyButton = byId<HTMLButtonElement>("apply");
const objectsBody = byId<HTMLTableElement>("objects").tBodies[0];

/** Maps the core's 1-based line and UTF-16 column to a document offset. */
function toOffset(view: EditorView, d: Diagnostic): number {
  const doc = view.state.doc;
  const lineNo = Math.min(Math.max(d.line, 1), doc.lines);
  const line = doc.line(lineNo);
  return Math.min(line.from + Math.max(d.column - 1, 0), line.to);
}

function toCm(view: EditorView, ds: Diagnostic[]): CmDiagnostic[] {
  return ds.map((d) => {
    const from = toOffset(view, d);
    const line = view.state.doc.lineAt(from);
    return {
      from,
      to: Math.max(from, line.to),
      severity: d.severity,
      message: d.hint ? `${d.message}\n${d.hint}` : d.message,
      source: `line ${d.line}, column ${d.column}`,
    };
  });
}

function renderObjects(snap: Snapshot): void {
  const rows = snap.objects.map((o) => {
    const tr = document.createElement("tr");
    for (const text of [o.kind, o.namespace, o.name]) {
      const td = document.createElement("td");
      td.textContent = text;
      tr.appendChild(td);
    }
    return tr;
  });
  objectsBody.replaceChildren(...rows);
}

async function main(): Promise<void> {
  await loadCore();
  const cluster = new Cluster({ seed: 1 });
  const view = new EditorView({
    parent: byId("editor"),
    state: EditorState.create({
      doc: DEFAULT_EXAMPLE,
      extensions: [
        lineNumbers(),
        highlightActiveLine(),
        history(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        yaml(),
        syntaxHighlighting(defaultHighlightStyle),
        lintGutter(),
        linter(null),
        EditorView.contentAttributes.of({ "aria-label": "YAML manifest" }),
      ],
    }),
  });

  const apply = (): void => {
    const result = cluster.apply(view.state.doc.toString());
    outputEl.textContent = result.stdout + result.stderr;
    outputEl.classList.toggle("failed", result.exitCode !== 0);
    view.dispatch(setDiagnostics(view.state, toCm(view, result.diagnostics)));
    renderObjects(cluster.snapshot());
  };

  applyButton.addEventListener("click", apply);
  applyButton.disabled = false;
  statusEl.textContent = `ready · kubeplay ${Cluster.version()}`;
  renderObjects(cluster.snapshot());
}

main().catch((err: unknown) => {
  statusEl.textContent = `failed to start: ${String(err)}`;
});
