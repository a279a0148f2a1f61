//! The interactive prompt: a small line editor (history, Tab completion of verbs, resource types
//! and object names, heredocs), and watches that stream while `sim` commands move virtual time.
//!
//! No line-editing crate: the terminal is put in non-canonical mode with `stty` (run as a child
//! process, so no unsafe code) and keys are read byte by byte on a reader thread, which also lets
//! Ctrl-C stop a streaming watch without a signal handler. When standard input is not a terminal
//! the prompt reads plain lines.

use std::io::{BufRead, IsTerminal, Read, Write};
use std::process::{Command, ExitCode, Stdio};
use std::sync::mpsc::{channel, Receiver, TryRecvError};
use std::time::Duration;

use kubeplay_core::kubectl::resources;
use kubeplay_core::shell::{self, Output, Stream};
use kubeplay_core::sim::{format_go_duration, parse_duration};
use kubeplay_core::Cluster;

use crate::DirFiles;

const CTRL_C: u8 = 3;
const CTRL_D: u8 = 4;

/// The terminal's settings before the prompt changed them, restored on drop.
struct RawMode {
    saved: Option<String>,
}

impl RawMode {
    fn enter() -> RawMode {
        let saved = stty(&["-g"]).map(|s| s.trim().to_string());
        let _ = stty(&["-icanon", "-echo", "-isig", "-ixon", "min", "1"]);
        RawMode { saved }
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        match &self.saved {
            Some(s) => {
                let _ = stty(&[s.as_str()]);
            }
            None => {
                let _ = stty(&["sane"]);
            }
        }
    }
}

/// Runs `stty ARGS` on the controlling terminal (standard input).
fn stty(args: &[&str]) -> Option<String> {
    let out = Command::new("stty").args(args).stdin(Stdio::inherit()).stderr(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Where keys come from: a reader thread forwarding standard input byte by byte.
struct Keys {
    rx: Receiver<u8>,
}

impl Keys {
    fn spawn() -> Keys {
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut stdin = std::io::stdin();
            let mut buf = [0u8; 1];
            while let Ok(1) = stdin.read(&mut buf) {
                if tx.send(buf[0]).is_err() {
                    break;
                }
            }
        });
        Keys { rx }
    }

    fn next(&self) -> Option<u8> {
        self.rx.recv().ok()
    }

    /// Whether Ctrl-C was pressed (other keys typed meanwhile are dropped).
    fn interrupted(&self) -> bool {
        loop {
            match self.rx.try_recv() {
                Ok(CTRL_C) => return true,
                Ok(_) => {}
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => return false,
            }
        }
    }
}

/// What a read line ended with.
enum Input {
    Line(String),
    Interrupt,
    Eof,
}

fn out(s: &str) {
    let mut o = std::io::stdout();
    let _ = o.write_all(s.as_bytes());
    let _ = o.flush();
}

/// Terminal output in raw mode: line feeds need a carriage return.
fn term(s: &str) {
    out(&s.replace('\n', "\r\n"));
}

/// The line editor.
struct Editor {
    history: Vec<String>,
}

impl Editor {
    /// Reads one line with `prompt`; `complete` gives candidates for the text before the cursor.
    fn read_line(&mut self, keys: &Keys, prompt: &str, complete: &dyn Fn(&str) -> Vec<String>) -> Input {
        let mut buf: Vec<char> = Vec::new();
        let mut cursor = 0usize;
        let mut hist_pos = self.history.len();
        let mut draft = String::new();
        let redraw = |buf: &[char], cursor: usize| {
            let text: String = buf.iter().collect();
            let back = buf.len() - cursor;
            let mut s = format!("\r\x1b[K{prompt}{text}");
            if back > 0 {
                s.push_str(&format!("\x1b[{back}D"));
            }
            out(&s);
        };
        out(prompt);
        loop {
            let Some(b) = keys.next() else { return Input::Eof };
            match b {
                b'\r' | b'\n' => {
                    out("\r\n");
                    let line: String = buf.iter().collect();
                    if !line.trim().is_empty() && self.history.last() != Some(&line) {
                        self.history.push(line.clone());
                    }
                    return Input::Line(line);
                }
                CTRL_C => {
                    out("^C\r\n");
                    return Input::Interrupt;
                }
                CTRL_D => {
                    if buf.is_empty() {
                        out("\r\n");
                        return Input::Eof;
                    }
                    if cursor < buf.len() {
                        buf.remove(cursor);
                        redraw(&buf, cursor);
                    }
                }
                0x7f | 0x08 if cursor > 0 => {
                    cursor -= 1;
                    buf.remove(cursor);
                    redraw(&buf, cursor);
                }
                1 => {
                    cursor = 0;
                    redraw(&buf, cursor);
                }
                5 => {
                    cursor = buf.len();
                    redraw(&buf, cursor);
                }
                0x15 => {
                    buf.drain(..cursor);
                    cursor = 0;
                    redraw(&buf, cursor);
                }
                0x0c => {
                    // Ctrl-L clears the screen.
                    out("\x1b[2J\x1b[H");
                    redraw(&buf, cursor);
                }
                0x17 => {
                    let mut start = cursor;
                    while start > 0 && buf[start - 1] == ' ' {
                        start -= 1;
                    }
                    while start > 0 && buf[start - 1] != ' ' {
                        start -= 1;
                    }
                    buf.drain(start..cursor);
                    cursor = start;
                    redraw(&buf, cursor);
                }
                b'\t' => {
                    let before: String = buf[..cursor].iter().collect();
                    let word_start = before.rfind(' ').map_or(0, |i| i + 1);
                    let word = &before[word_start..];
                    let candidates = complete(&before);
                    if candidates.is_empty() {
                        out("\x07");
                        continue;
                    }
                    let common = common_prefix(&candidates);
                    if common.len() > word.len() {
                        let add: Vec<char> = common[word.len()..].chars().collect();
                        for (i, c) in add.iter().enumerate() {
                            buf.insert(cursor + i, *c);
                        }
                        cursor += add.len();
                        if candidates.len() == 1 {
                            buf.insert(cursor, ' ');
                            cursor += 1;
                        }
                        redraw(&buf, cursor);
                    } else if candidates.len() == 1 {
                        buf.insert(cursor, ' ');
                        cursor += 1;
                        redraw(&buf, cursor);
                    } else {
                        out(&format!("\r\n{}\r\n", candidates.join("  ")));
                        redraw(&buf, cursor);
                    }
                }
                0x1b => {
                    let Some(b1) = keys.next() else { return Input::Eof };
                    if b1 != b'[' && b1 != b'O' {
                        continue;
                    }
                    let Some(b2) = keys.next() else { return Input::Eof };
                    match b2 {
                        b'A' | b'B' => {
                            if hist_pos == self.history.len() {
                                draft = buf.iter().collect();
                            }
                            if b2 == b'A' && hist_pos > 0 {
                                hist_pos -= 1;
                            } else if b2 == b'B' && hist_pos < self.history.len() {
                                hist_pos += 1;
                            } else {
                                continue;
                            }
                            let text = self.history.get(hist_pos).cloned().unwrap_or_else(|| draft.clone());
                            buf = text.chars().collect();
                            cursor = buf.len();
                            redraw(&buf, cursor);
                        }
                        b'C' if cursor < buf.len() => {
                            cursor += 1;
                            redraw(&buf, cursor);
                        }
                        b'D' if cursor > 0 => {
                            cursor -= 1;
                            redraw(&buf, cursor);
                        }
                        b'H' => {
                            cursor = 0;
                            redraw(&buf, cursor);
                        }
                        b'F' => {
                            cursor = buf.len();
                            redraw(&buf, cursor);
                        }
                        b'3' if keys.next() == Some(b'~') && cursor < buf.len() => {
                            buf.remove(cursor);
                            redraw(&buf, cursor);
                        }
                        _ => {}
                    }
                }
                b if b >= 0x20 => {
                    // Collect a whole UTF-8 sequence.
                    let mut bytes = vec![b];
                    let extra = if b >= 0xf0 {
                        3
                    } else if b >= 0xe0 {
                        2
                    } else if b >= 0xc0 {
                        1
                    } else {
                        0
                    };
                    for _ in 0..extra {
                        if let Some(n) = keys.next() {
                            bytes.push(n);
                        }
                    }
                    for c in String::from_utf8_lossy(&bytes).chars() {
                        buf.insert(cursor, c);
                        cursor += 1;
                    }
                    redraw(&buf, cursor);
                }
                _ => {}
            }
        }
    }
}

fn common_prefix(words: &[String]) -> String {
    let Some(first) = words.first() else { return String::new() };
    let mut prefix: &str = first;
    for w in &words[1..] {
        while !w.starts_with(prefix) {
            let mut end = prefix.len() - 1;
            while !prefix.is_char_boundary(end) {
                end -= 1;
            }
            prefix = &prefix[..end];
        }
    }
    prefix.to_string()
}

const SIM_VERBS: &[&str] = &["node", "image", "pod", "reset", "run", "settle", "step", "time", "why"];

/// Candidates for the last word of `before` (the line up to the cursor).
fn completions(cluster: &Cluster, before: &str) -> Vec<String> {
    let words: Vec<&str> = before.split(' ').collect();
    let Some((word, previous)) = words.split_last() else { return Vec::new() };
    let previous: Vec<&str> = previous.iter().copied().filter(|w| !w.is_empty()).collect();
    let mut out: Vec<String> = match previous.as_slice() {
        [] => ["kubectl", "k", "sim", "exit", "help"].iter().map(|s| s.to_string()).collect(),
        ["kubectl" | "k"] => kubeplay_core::kubectl::VERBS.iter().map(|s| s.to_string()).collect(),
        ["sim"] => SIM_VERBS.iter().map(|s| s.to_string()).collect(),
        ["sim", "node", _] => cluster.store().nodes().map(|n| n.metadata.name.clone()).collect(),
        ["sim", "node"] => ["add", "delete", "fail", "recover"].iter().map(|s| s.to_string()).collect(),
        ["sim", "pod", "crash"] => cluster.store().pods().map(|p| p.metadata.name.clone()).collect(),
        ["sim", "image"] => ["fail", "fix"].iter().map(|s| s.to_string()).collect(),
        // `sim why KIND/NAME` names objects as `kubectl get TYPE/NAME` does.
        ["sim", "why"] if word.contains('/') => kubectl_args(cluster, "get", &[], word),
        ["sim", "why"] => resources::type_names().iter().map(|t| format!("{t}/")).collect(),
        ["kubectl" | "k", verb, rest @ ..] => kubectl_args(cluster, verb, rest, word),
        _ => Vec::new(),
    };
    out.retain(|c| c.starts_with(word));
    out.sort();
    out.dedup();
    out
}

/// The flags learners reach for, per verb (the global `--namespace` and `--help` are added).
fn verb_flags(verb: &str) -> &'static [&'static str] {
    const OUTPUT: &[&str] = &["--output", "--dry-run"];
    match verb {
        "get" => &[
            "--all-namespaces",
            "--output",
            "--selector",
            "--field-selector",
            "--show-labels",
            "--label-columns",
            "--sort-by",
            "--watch",
            "--watch-only",
            "--output-watch-events",
            "--no-headers",
            "--show-kind",
            "--ignore-not-found",
            "--filename",
        ],
        "describe" => &["--all-namespaces", "--selector", "--show-events", "--filename"],
        "apply" | "create" | "replace" => {
            &["--filename", "--recursive", "--dry-run", "--output", "--validate", "--record"]
        }
        "delete" => &[
            "--all",
            "--all-namespaces",
            "--selector",
            "--field-selector",
            "--grace-period",
            "--now",
            "--force",
            "--cascade",
            "--wait",
            "--ignore-not-found",
            "--dry-run",
            "--filename",
        ],
        "scale" => &["--replicas", "--current-replicas", "--selector", "--all", "--timeout", "--dry-run", "--output"],
        "label" | "annotate" => {
            &["--overwrite", "--list", "--all", "--selector", "--resource-version", "--dry-run", "--output"]
        }
        "patch" => &["--patch", "--patch-file", "--type", "--dry-run", "--output"],
        "set" => &["--selector", "--all", "--containers", "--env", "--list", "--overwrite", "--dry-run", "--output"],
        "rollout" => &["--to-revision", "--revision", "--timeout", "--watch", "--selector"],
        "logs" => &[
            "--container",
            "--follow",
            "--previous",
            "--tail",
            "--since",
            "--timestamps",
            "--all-containers",
            "--selector",
            "--prefix",
        ],
        "exec" => &["--container", "--stdin", "--tty", "--quiet"],
        "run" => &[
            "--image",
            "--restart",
            "--labels",
            "--env",
            "--port",
            "--command",
            "--expose",
            "--dry-run",
            "--output",
            "--overrides",
        ],
        "expose" => {
            &["--port", "--target-port", "--type", "--name", "--selector", "--protocol", "--dry-run", "--output"]
        }
        "drain" => {
            &["--ignore-daemonsets", "--delete-emptydir-data", "--force", "--grace-period", "--timeout", "--dry-run"]
        }
        "taint" => &["--overwrite", "--all", "--selector", "--dry-run", "--output"],
        "top" => &["--all-namespaces", "--selector", "--sort-by", "--containers", "--no-headers"],
        "edit" | "cordon" | "uncordon" => &["--dry-run", "--output"],
        "events" => &["--all-namespaces", "--for", "--types", "--watch", "--output"],
        "explain" => &["--recursive"],
        _ => OUTPUT,
    }
}

/// Candidates for a kubectl argument: types, then names of the type, `TYPE/NAME`.
fn kubectl_args(cluster: &Cluster, verb: &str, rest: &[&str], word: &str) -> Vec<String> {
    let positional: Vec<&str> = rest.iter().copied().filter(|w| !w.starts_with('-')).collect();
    if word.starts_with('-') {
        return verb_flags(verb).iter().chain(["--namespace", "--help"].iter()).map(|s| s.to_string()).collect();
    }
    let names_of = |kind: kubeplay_core::api::Kind| -> Vec<String> {
        cluster.store().list(kind).map(|o| o.name().to_string()).collect()
    };
    match verb {
        "cordon" | "uncordon" | "drain" => return names_of(kubeplay_core::api::Kind::Node),
        "logs" | "exec" => {
            if positional.is_empty() {
                return names_of(kubeplay_core::api::Kind::Pod);
            }
            return Vec::new();
        }
        "api-resources" | "api-versions" | "version" | "cluster-info" | "events" => return Vec::new(),
        "config" => {
            return ["current-context", "get-contexts", "use-context", "view"].iter().map(|s| s.to_string()).collect()
        }
        "top" => return ["node", "pod"].iter().map(|s| s.to_string()).collect(),
        "rollout" if positional.is_empty() => {
            return ["history", "pause", "restart", "resume", "status", "undo"].iter().map(|s| s.to_string()).collect()
        }
        _ => {}
    }
    let positional: Vec<&str> = if verb == "rollout" { positional[1..].to_vec() } else { positional };
    if let Some((t, _)) = word.split_once('/') {
        if let Some(kind) = resources::resolve_type(t) {
            return names_of(kind).into_iter().map(|n| format!("{t}/{n}")).collect();
        }
        return Vec::new();
    }
    match positional.first() {
        None => resources::type_names().iter().map(|s| s.to_string()).collect(),
        Some(t) => match resources::resolve_type(t.split(',').next().unwrap_or("")) {
            Some(kind) => names_of(kind),
            None => Vec::new(),
        },
    }
}

/// `kubectl apply -f - <<EOF` -> the command and the delimiter.
fn heredoc(line: &str) -> Option<(String, String)> {
    let idx = line.find("<<")?;
    let delimiter = line[idx + 2..].trim().trim_start_matches('-').trim_matches(|c| c == '\'' || c == '"');
    if delimiter.is_empty() {
        return None;
    }
    Some((line[..idx].trim_end().to_string(), delimiter.to_string()))
}

/// The prompt: the virtual time, and whether a watch is open.
fn prompt(cluster: &Cluster) -> String {
    let t = format_go_duration(cluster.now());
    if cluster.watching() {
        format!("kubeplay ({t}, watching)> ")
    } else {
        format!("kubeplay ({t})> ")
    }
}

/// Prints what a command wrote, stdout and stderr interleaved in the order it wrote them.
fn print_output(o: &Output, raw: bool) {
    let mut last = String::new();
    let chunks: Vec<(Stream, &str)> = if o.chunks.is_empty() {
        vec![(Stream::Stdout, o.stdout.as_str()), (Stream::Stderr, o.stderr.as_str())]
    } else {
        o.chunks.iter().map(|c| (c.stream, c.text.as_str())).collect()
    };
    for (stream, text) in chunks {
        if text.is_empty() {
            continue;
        }
        // Output without a final newline (`-o jsonpath`) would run into what follows.
        if !last.is_empty() && !last.ends_with('\n') && !text.starts_with('\n') {
            show("\n", Stream::Stdout, raw);
        }
        show(text, stream, raw);
        last = text.to_string();
    }
    if !last.is_empty() && !last.ends_with('\n') {
        show("\n", Stream::Stdout, raw);
    }
}

fn show(s: &str, stream: Stream, raw: bool) {
    let s = if raw { s.replace('\n', "\r\n") } else { s.to_string() };
    match stream {
        Stream::Stderr => {
            let mut e = std::io::stderr();
            let _ = e.write_all(s.as_bytes());
            let _ = e.flush();
        }
        Stream::Stdout => out(&s),
    }
}

/// Runs one command line as the scripts do: any command but `sim` ends the open watches.
fn execute(cluster: &mut Cluster, line: &str, stdin: Option<&str>, keys: Option<&Keys>, raw: bool) {
    let files = DirFiles { base: std::env::current_dir().unwrap_or_default() };
    let words = shell::split_words(line).unwrap_or_default();
    let is_sim = words.first().map(String::as_str) == Some("sim");
    if !is_sim {
        cluster.stop_watches();
        let was_watching = cluster.watching();
        let o = shell::exec(cluster, line, stdin, &files);
        print_output(&o, raw);
        if raw && cluster.watching() && !was_watching {
            let note = "(watching: changes print while `sim` commands move time; Ctrl-C or another command stops)\n";
            let mut e = std::io::stderr();
            let _ = e.write_all(if raw { note.replace('\n', "\r\n") } else { note.to_string() }.as_bytes());
        }
        return;
    }
    // `sim run D` while watching streams: time moves in steps and rows print as they happen.
    let run_ms = match words.as_slice() {
        [_, verb, d] if verb == "run" => parse_duration(d),
        _ => None,
    };
    match (run_ms, keys) {
        (Some(total), Some(keys)) if cluster.watching() && total > 0 => {
            let chunk = (total / 60).max(1000).min(total);
            let mut done = 0u64;
            while done < total {
                let step = chunk.min(total - done);
                let _ = shell::exec(cluster, &format!("sim run {step}ms"), None, &files);
                done += step;
                let rows = cluster.poll_watches();
                if raw {
                    term(&rows);
                } else {
                    out(&rows);
                }
                if keys.interrupted() {
                    cluster.stop_watches();
                    term(&format!("^C\nstopped after {}\n", format_go_duration(done)));
                    return;
                }
                std::thread::sleep(Duration::from_millis(40));
            }
            let time = shell::exec(cluster, "sim time", None, &files).stdout;
            let summary = format!("ran {} to {}", format_go_duration(total), time);
            if raw {
                term(&summary);
            } else {
                out(&summary);
            }
        }
        _ => {
            let o = shell::exec(cluster, line, stdin, &files);
            let rows = cluster.poll_watches();
            if raw {
                term(&rows);
            } else {
                out(&rows);
            }
            print_output(&o, raw);
        }
    }
}

/// Starts the prompt on a fresh cluster.
pub fn start(seed: u64) -> ExitCode {
    let mut cluster = Cluster::new(seed);
    if !std::io::stdin().is_terminal() {
        return plain(&mut cluster);
    }
    let _raw = RawMode::enter();
    let keys = Keys::spawn();
    let mut editor = Editor { history: Vec::new() };
    term(&format!(
        "kubeplay {}: a simulated cluster with one control-plane node and three workers.\nType kubectl commands, `sim run 30s` to move time, `help`, or `exit`.\n",
        kubeplay_core::VERSION
    ));
    loop {
        let p = prompt(&cluster);
        let line = {
            let c = &cluster;
            editor.read_line(&keys, &p, &|before| completions(c, before))
        };
        match line {
            Input::Eof => break,
            Input::Interrupt => {
                if cluster.watching() {
                    cluster.stop_watches();
                }
            }
            Input::Line(line) => {
                let trimmed = line.trim();
                match trimmed {
                    "" => {}
                    "exit" | "quit" => break,
                    "help" => term(&format!("{}\n", crate::HELP)),
                    _ => {
                        let (command, body) = match heredoc(trimmed) {
                            Some((command, delimiter)) => {
                                let mut body = String::new();
                                loop {
                                    match editor.read_line(&keys, "> ", &|_| Vec::new()) {
                                        Input::Line(l) if l.trim_end() == delimiter => break,
                                        Input::Line(l) => {
                                            body.push_str(&l);
                                            body.push('\n');
                                        }
                                        Input::Interrupt | Input::Eof => {
                                            body.clear();
                                            break;
                                        }
                                    }
                                }
                                (command, Some(body))
                            }
                            None => (trimmed.to_string(), None),
                        };
                        execute(&mut cluster, &command, body.as_deref(), Some(&keys), true);
                    }
                }
            }
        }
    }
    ExitCode::SUCCESS
}

/// The prompt without a terminal: lines from standard input, no prompt text.
fn plain(cluster: &mut Cluster) -> ExitCode {
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    while let Some(Ok(line)) = lines.next() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if matches!(trimmed, "exit" | "quit") {
            break;
        }
        let (command, body) = match heredoc(trimmed) {
            Some((command, delimiter)) => {
                let mut body = String::new();
                for l in lines.by_ref() {
                    let Ok(l) = l else { break };
                    if l.trim_end() == delimiter {
                        break;
                    }
                    body.push_str(&l);
                    body.push('\n');
                }
                (command, Some(body))
            }
            None => (trimmed.to_string(), None),
        };
        execute(cluster, &command, body.as_deref(), None, false);
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_offers_verbs_types_and_names() {
        let c = Cluster::new(1);
        assert_eq!(completions(&c, "kub"), vec!["kubectl"]);
        assert!(completions(&c, "kubectl ge").contains(&"get".to_string()));
        assert_eq!(completions(&c, "kubectl get deplo"), vec!["deploy", "deployment", "deployments"]);
        assert_eq!(completions(&c, "kubectl get nodes worker-"), vec!["worker-1", "worker-2", "worker-3"]);
        assert_eq!(completions(&c, "kubectl cordon w"), vec!["worker-1", "worker-2", "worker-3"]);
        assert_eq!(completions(&c, "kubectl get no/c"), vec!["no/control-plane"]);
        assert_eq!(completions(&c, "sim ru"), vec!["run"]);
        assert_eq!(completions(&c, "sim why no/w"), vec!["no/worker-1", "no/worker-2", "no/worker-3"]);
        assert!(completions(&c, "sim why deploy").contains(&"deployment/".to_string()));
        assert_eq!(completions(&c, "kubectl logs --pre"), vec!["--prefix", "--previous"]);
        assert_eq!(completions(&c, "kubectl run x --ima"), vec!["--image"]);
    }

    #[test]
    fn common_prefixes_stop_at_the_first_difference() {
        assert_eq!(common_prefix(&["deploy".into(), "deployment".into()]), "deploy");
        assert_eq!(common_prefix(&["a".into(), "b".into()]), "");
    }
}
