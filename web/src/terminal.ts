// The terminal (xterm.js, loaded lazily): a small line editor speaking the command language, with
// history, tab completion, heredocs (`kubectl apply -f - <<EOF`), Ctrl-C, and the output of every
// command. Output is the user's text: control characters are removed before it reaches xterm so
// that a manifest cannot drive the terminal with escape sequences.

import { Terminal } from "@xterm/xterm";
import { FitAddon } from "@xterm/addon-fit";
import "@xterm/xterm/css/xterm.css";

export interface ShellHost {
  /** Runs a command line (with a heredoc's text). */
  run(line: string, stdin?: string): void;
  /** Candidates for the word being typed, given the words before it. */
  complete(before: string[], partial: string): string[];
  /** Ctrl-C: stop watching or playing; true when something was stopped. */
  interrupt(): boolean;
  /** True while a watch owns the terminal (input waits for Ctrl-C). */
  busy(): boolean;
}

export interface Shell {
  /** Prints command output: stdout plainly, stderr in red (its `hint:` lines in yellow). */
  output(stdout: string, stderr: string): void;
  /** Prints a note in grey. */
  note(text: string): void;
  /** Shows a command as if typed, for what the editor or a scenario runs. */
  echo(line: string): void;
  prompt(): void;
  clear(): void;
  focus(): void;
  /** The visible text (for tests). */
  text(): string;
}

const PROMPT = "\x1b[32m$\x1b[0m ";
const MORE = "\x1b[90m>\x1b[0m ";
const HISTORY_KEY = "kubeplay.history";

/** Removes control characters (ESC, BEL, ...) but newlines and tabs. */
export function sanitize(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, "");
}

function crlf(text: string): string {
  return text.replace(/\r?\n/g, "\r\n");
}

/** `kubectl apply -f - <<EOF` -> [`kubectl apply -f -`, `EOF`]. */
function splitHeredoc(line: string): [string, string] | null {
  const i = line.indexOf("<<");
  if (i < 0) return null;
  const delimiter = line
    .slice(i + 2)
    .trim()
    .replace(/^-/, "")
    .replace(/^['"]|['"]$/g, "");
  if (!delimiter) return null;
  return [line.slice(0, i).trimEnd(), delimiter];
}

function commonPrefix(words: string[]): string {
  if (!words.length) return "";
  let p = words[0];
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

export function createShell(parent: HTMLElement, host: ShellHost, welcome: string, persist: boolean): Shell {
  const term = new Terminal({
    fontFamily: 'ui-monospace, "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace',
    fontSize: 13,
    lineHeight: 1.15,
    cursorBlink: false,
    scrollback: 5000,
    allowProposedApi: false,
    screenReaderMode: false,
    theme: { background: "#14161a", foreground: "#e6e6e6", cursor: "#e6e6e6" },
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  parent.replaceChildren();
  term.open(parent);
  const refit = () => {
    try {
      fit.fit();
    } catch {
      // Hidden or zero-sized: keep the previous size.
    }
  };
  refit();
  new ResizeObserver(refit).observe(parent);
  term.textarea?.setAttribute("aria-label", "kubectl terminal");

  let line = "";
  let cursor = 0;
  let history: string[] = [];
  if (persist) {
    try {
      history = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? "[]") as string[];
    } catch {
      history = [];
    }
  }
  let hIndex = history.length;
  let heredoc: { command: string; delimiter: string; body: string[] } | null = null;

  const promptText = () => (heredoc ? MORE : PROMPT);
  // The prompt shows as two cells ("$ " or "> "). A line longer than the terminal is wide wraps
  // onto more rows: `row` is the row of the input (from its first) the cursor is on now.
  const PROMPT_CELLS = 2;
  let row = 0;
  const redraw = () => {
    const cols = Math.max(1, term.cols);
    const end = PROMPT_CELLS + line.length;
    let out = `${row > 0 ? `\x1b[${row}A` : ""}\r\x1b[J${promptText()}${line}`;
    // At the right edge xterm waits to wrap until the next character: go to the next row now, so
    // that the cursor is where the arithmetic below puts it.
    if (end % cols === 0) out += "\r\n";
    const endRow = Math.floor(end / cols);
    const at = PROMPT_CELLS + cursor;
    const atRow = Math.floor(at / cols);
    if (endRow > atRow) out += `\x1b[${endRow - atRow}A`;
    out += `\x1b[${(at % cols) + 1}G`;
    row = atRow;
    term.write(out);
  };

  const remember = (l: string) => {
    if (l.trim() && history[history.length - 1] !== l) history.push(l);
    if (history.length > 500) history = history.slice(-500);
    hIndex = history.length;
    if (persist) {
      try {
        localStorage.setItem(HISTORY_KEY, JSON.stringify(history));
      } catch {
        // Storage full or denied: history lives for this page only.
      }
    }
  };

  const submit = () => {
    const l = line;
    // Below the whole input, however many rows it took.
    cursor = line.length;
    redraw();
    line = "";
    cursor = 0;
    row = 0;
    term.write("\r\n");
    if (heredoc) {
      if (l.trim() === heredoc.delimiter) {
        const { command, body } = heredoc;
        heredoc = null;
        host.run(command, body.length ? `${body.join("\n")}\n` : "");
      } else {
        heredoc.body.push(l);
        term.write(MORE);
      }
      return;
    }
    remember(l);
    const hd = splitHeredoc(l);
    if (hd) {
      heredoc = { command: hd[0], delimiter: hd[1], body: [] };
      term.write(MORE);
      return;
    }
    host.run(l);
  };

  const complete = () => {
    const head = line.slice(0, cursor);
    const words = head.split(/\s+/);
    const partial = words.pop() ?? "";
    const candidates = [...new Set(host.complete(words.filter(Boolean), partial))].filter((c) => c.startsWith(partial));
    if (!candidates.length) return;
    const prefix = candidates.length === 1 ? candidates[0] : commonPrefix(candidates);
    let add = prefix.slice(partial.length);
    if (candidates.length === 1 && !/[/=]$/.test(prefix)) add += " ";
    if (add) {
      line = line.slice(0, cursor) + add + line.slice(cursor);
      cursor += add.length;
      redraw();
    } else if (candidates.length > 1) {
      const at = cursor;
      cursor = line.length;
      redraw();
      term.write(`\r\n${sanitize(candidates.slice(0, 60).join("  "))}\r\n`);
      row = 0;
      cursor = at;
      redraw();
    }
  };

  const insert = (text: string) => {
    line = line.slice(0, cursor) + text + line.slice(cursor);
    cursor += text.length;
    redraw();
  };

  term.onData((data) => {
    if (data === "\x03") {
      const stopped = host.interrupt();
      if (heredoc || line || stopped || !host.busy()) {
        heredoc = null;
        cursor = line.length;
        redraw();
        line = "";
        cursor = 0;
        row = 0;
        term.write("^C\r\n");
        term.write(PROMPT);
      }
      return;
    }
    if (host.busy()) return;
    switch (data) {
      case "\r":
        submit();
        return;
      case "\x7f":
      case "\b":
        if (cursor > 0) {
          line = line.slice(0, cursor - 1) + line.slice(cursor);
          cursor--;
          redraw();
        }
        return;
      case "\x1b[3~":
        if (cursor < line.length) {
          line = line.slice(0, cursor) + line.slice(cursor + 1);
          redraw();
        }
        return;
      case "\x1b[A":
        if (hIndex > 0) {
          hIndex--;
          line = history[hIndex] ?? "";
          cursor = line.length;
          redraw();
        }
        return;
      case "\x1b[B":
        if (hIndex < history.length) {
          hIndex++;
          line = history[hIndex] ?? "";
          cursor = line.length;
          redraw();
        }
        return;
      case "\x1b[C":
        if (cursor < line.length) {
          cursor++;
          redraw();
        }
        return;
      case "\x1b[D":
        if (cursor > 0) {
          cursor--;
          redraw();
        }
        return;
      case "\x1b[H":
      case "\x1bOH":
      case "\x01":
        cursor = 0;
        redraw();
        return;
      case "\x1b[F":
      case "\x1bOF":
      case "\x05":
        cursor = line.length;
        redraw();
        return;
      case "\x15":
        line = "";
        cursor = 0;
        redraw();
        return;
      case "\x0c":
        term.clear();
        row = 0;
        redraw();
        return;
      case "\t":
        complete();
        return;
    }
    if (data.startsWith("\x1b")) return;
    // Typed characters, or a paste that may hold several lines.
    const parts = data.replace(/\r\n?/g, "\n").split("\n");
    parts.forEach((part, i) => {
      const clean = sanitize(part.replace(/\t/g, "  "));
      if (clean) insert(clean);
      if (i < parts.length - 1) submit();
    });
  });

  term.write(`\x1b[90m${sanitize(welcome)}\x1b[0m\r\n${PROMPT}`);

  return {
    output(stdout, stderr) {
      if (stdout) term.write(crlf(sanitize(stdout)));
      if (stderr) {
        const lines = sanitize(stderr).replace(/\n$/, "").split("\n");
        for (const l of lines) term.write(`${l.startsWith("hint:") ? "\x1b[33m" : "\x1b[31m"}${l}\x1b[0m\r\n`);
      }
    },
    note(text) {
      term.write(`\r\x1b[2K\x1b[90m${crlf(sanitize(text))}\x1b[0m\r\n`);
    },
    echo(l) {
      term.write(`\r\x1b[2K${PROMPT}${sanitize(l)}\r\n`);
    },
    prompt() {
      line = "";
      cursor = 0;
      row = 0;
      term.write(PROMPT);
    },
    clear() {
      term.clear();
    },
    focus() {
      term.focus();
    },
    text() {
      const buf = term.buffer.active;
      const out: string[] = [];
      for (let i = 0; i < buf.length; i++) {
        const l = buf.getLine(i);
        if (!l) continue;
        // A wrapped row continues the line above it.
        if (l.isWrapped && out.length) out[out.length - 1] += l.translateToString(true);
        else out.push(l.translateToString(true));
      }
      return out.join("\n");
    },
  };
}
