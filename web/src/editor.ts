// The YAML editor (CodeMirror 6), loaded lazily: the core's diagnostics show inline at their line
// and column (UTF-16, as CodeMirror counts), with kubeplay's hint under the message.

import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { yaml } from "@codemirror/lang-yaml";
import { linter, lintGutter, setDiagnostics, type Diagnostic as CmDiagnostic } from "@codemirror/lint";
import { syntaxHighlighting, defaultHighlightStyle, indentUnit } from "@codemirror/language";
import type { Diagnostic } from "./kubeplay";

export interface Editor {
  text(): string;
  setText(text: string): void;
  showDiagnostics(ds: Diagnostic[]): void;
  /** Puts the cursor at a diagnostic's position. */
  reveal(d: Diagnostic): void;
  focus(): void;
}

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
      message: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message,
      source: `line ${d.line}, column ${d.column}`,
    };
  });
}

export function createEditor(
  parent: HTMLElement,
  doc: string,
  label: string,
  onApply: () => void,
  onChange: () => void,
): Editor {
  parent.replaceChildren();
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        highlightActiveLine(),
        highlightActiveLineGutter(),
        history(),
        indentUnit.of("  "),
        EditorState.tabSize.of(2),
        keymap.of([
          { key: "Mod-Enter", run: () => (onApply(), true) },
          ...defaultKeymap,
          ...historyKeymap,
          indentWithTab,
        ]),
        yaml(),
        syntaxHighlighting(defaultHighlightStyle),
        lintGutter(),
        linter(null),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ "aria-label": label }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChange();
        }),
      ],
    }),
  });
  return {
    text: () => view.state.doc.toString(),
    setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    showDiagnostics: (ds) => view.dispatch(setDiagnostics(view.state, toCm(view, ds))),
    reveal: (d) => {
      const at = toOffset(view, d);
      view.dispatch({ selection: { anchor: at }, scrollIntoView: true });
      view.focus();
    },
    focus: () => view.focus(),
  };
}
