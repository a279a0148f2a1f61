//! The command language shared by the CLI, the page and the tests: one command per line,
//! shell-style words, `#` comments, heredocs in scripts, dispatched to `kubectl` or `sim`.

use crate::cluster::Cluster;
use crate::kubectl::{self, Io};
use crate::manifest::yaml::Pos;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, crate::api::value::ToJson)]
#[kp(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A problem at a place in a manifest, for the editor.
#[derive(Clone, Debug, PartialEq, Eq, crate::api::value::ToJson)]
pub struct Diagnostic {
    /// 1-based line.
    pub line: u32,
    /// 1-based column in UTF-16 code units (what editors count).
    pub column: u32,
    pub severity: Severity,
    /// The text a real cluster gives.
    pub message: String,
    /// kubeplay's own advice, if any.
    pub hint: Option<String>,
}

/// Which output stream a piece of text went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, crate::api::value::ToJson)]
#[kp(rename_all = "lowercase")]
pub enum Stream {
    Stdout,
    Stderr,
}

/// Text a command wrote to one stream; a command's chunks in order are what a terminal shows.
#[derive(Clone, Debug, PartialEq, Eq, crate::api::value::ToJson)]
pub struct Chunk {
    pub stream: Stream,
    pub text: String,
}

/// What one command printed, and how it ended.
#[derive(Clone, Debug, Default, PartialEq, Eq, crate::api::value::ToJson)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    #[kp(rename = "exitCode")]
    pub exit_code: i32,
    pub diagnostics: Vec<Diagnostic>,
    /// Both streams interleaved in write order (kubectl writes a warning to stderr before the
    /// stdout it precedes).
    pub chunks: Vec<Chunk>,
}

impl Output {
    /// Output of a command that wrote all of its stdout, then all of its stderr.
    pub fn from_streams(stdout: String, stderr: String, exit_code: i32) -> Output {
        let chunks = [(Stream::Stdout, &stdout), (Stream::Stderr, &stderr)]
            .into_iter()
            .filter(|(_, t)| !t.is_empty())
            .map(|(stream, text)| Chunk { stream, text: text.clone() })
            .collect();
        Output { stdout, stderr, exit_code, diagnostics: Vec::new(), chunks }
    }

    /// What a terminal shows: both streams in write order.
    pub fn transcript(&self) -> String {
        if self.chunks.is_empty() {
            // Built without chunks (`Output { stderr, .. }`): stdout, then stderr.
            return format!("{}{}", self.stdout, self.stderr);
        }
        self.chunks.iter().map(|c| c.text.as_str()).collect()
    }

    fn fail(line: &str) -> Output {
        Output::from_streams(String::new(), format!("{line}\n"), 1)
    }

    /// A refusal of the command language itself, with kubeplay's advice.
    fn refuse(line: &str, hint: &str) -> Output {
        Output::from_streams(String::new(), format!("{line}\nhint: {hint}\n"), 1)
    }
}

/// Where `-f FILE` reads from: the CLI reads the disk, the page its editor buffers.
pub trait Files {
    /// The text of `path`, or `None` if there is no such file.
    fn read(&self, path: &str) -> Option<String>;

    /// The entries of the directory `path` (each name with whether it is a directory itself), or
    /// `None` when `path` is not a directory (the page has none: `-f DIR` reads as a missing path).
    fn list_dir(&self, path: &str) -> Option<Vec<DirEntry>> {
        let _ = path;
        None
    }
}

/// One name in a directory listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirEntry {
    pub name: String,
    pub is_dir: bool,
}

/// No files at all (the page before it offers buffers).
pub struct NoFiles;

impl Files for NoFiles {
    fn read(&self, _path: &str) -> Option<String> {
        None
    }
}

/// Why a command line could not be split into words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WordsError {
    UnterminatedQuote(char),
}

impl std::fmt::Display for WordsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WordsError::UnterminatedQuote(q) => write!(f, "unexpected EOF while looking for matching `{q}'"),
        }
    }
}

/// Splits a command line into words as a POSIX shell does (quotes, backslashes), without
/// expansions. A `#` at the start of a word begins a comment.
pub fn split_words(line: &str) -> Result<Vec<String>, WordsError> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\r' | '\n' => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '#' if !in_word => break,
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => cur.push(ch),
                        None => return Err(WordsError::UnterminatedQuote('\'')),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(ch @ ('"' | '\\' | '$' | '`')) => cur.push(ch),
                            Some('\n') => {}
                            Some(ch) => {
                                cur.push('\\');
                                cur.push(ch);
                            }
                            None => return Err(WordsError::UnterminatedQuote('"')),
                        },
                        Some(ch) => cur.push(ch),
                        None => return Err(WordsError::UnterminatedQuote('"')),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(ch) = chars.next() {
                    if ch != '\n' {
                        cur.push(ch);
                    }
                }
            }
            _ => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// The first shell operator outside quotes (`|`, `;`, `&`, `>`, `<`): the command language runs one
/// command per line, without pipes, lists or redirections.
pub fn shell_operator(line: &str) -> Option<char> {
    let mut quote: Option<char> = None;
    let mut chars = line.chars();
    let mut at_word_start = true;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some('\''), '\'') | (Some('"'), '"') => quote = None,
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '\\') => {
                chars.next();
            }
            (None, '#') if at_word_start => return None,
            (None, '|' | ';' | '&' | '>' | '<') => return Some(c),
            _ => {}
        }
        at_word_start = quote.is_none() && c.is_whitespace();
    }
    None
}

/// Runs one command line against the cluster, then lets the control plane react to it: work due
/// now (controllers waking on the change) runs before the command returns; only the data plane
/// (pulls, starts, delays) waits for virtual time to move. `stdin` is what a heredoc supplied.
pub fn exec(cluster: &mut Cluster, line: &str, stdin: Option<&str>, files: &dyn Files) -> Output {
    let words = match split_words(line) {
        Ok(w) => w,
        Err(e) => return Output::fail(&format!("kubeplay: {e}")),
    };
    let Some(first) = words.first() else {
        return Output::default();
    };
    if let Some(op) = shell_operator(line) {
        let hint = if op == '|' {
            "kubectl can pick what to print itself: -o name, -o jsonpath='{.items[*].metadata.name}', -o custom-columns=..., -l SELECTOR, --sort-by"
        } else {
            "quote the argument if the character belongs to it (-l 'weight>5')"
        };
        return Output::refuse(
            &format!(
                "kubeplay: `{op}` is not part of the playground's command language: one command per line, without pipes, lists or redirections"
            ),
            hint,
        );
    }
    let out = match first.as_str() {
        "kubectl" | "k" => {
            let mut io = Io::new(stdin, files);
            let code = kubectl::run(cluster, &words[1..], &mut io);
            io.into_output(code)
        }
        "sim" => {
            let o = crate::sim_cmd::run(cluster, &words[1..]);
            Output::from_streams(o.stdout, o.stderr, o.exit_code)
        }
        other => {
            let near = ["kubectl", "sim"]
                .into_iter()
                .find(|c| crate::manifest::hints::edit_distance(&other.to_ascii_lowercase(), c) <= 2);
            let hint = match near {
                Some(c) => format!("did you mean {c}?"),
                None => "commands start with kubectl (or k) or sim; `help` at the prompt lists them".into(),
            };
            Output::refuse(&format!("kubeplay: command not found: {other}"), &hint)
        }
    };
    cluster.process_due();
    out
}

/// `kubectl apply -f -` of a manifest text (the page's Apply button).
pub fn apply_text(cluster: &mut Cluster, text: &str) -> Output {
    let args: Vec<String> = ["apply", "-f", "-"].iter().map(|s| s.to_string()).collect();
    let mut io = Io::new(Some(text), &NoFiles);
    let code = kubectl::run(cluster, &args, &mut io);
    cluster.process_due();
    let mut out = io.into_output(code);
    if code != 0 && out.diagnostics.is_empty() {
        // An error about the whole text (nothing to apply, too large): show it at the top.
        let message = out.stderr.lines().next().unwrap_or("").to_string();
        out.diagnostics.push(diagnostic(text, Pos { line: 1, col: 1 }, message, None));
    }
    out
}

/// A diagnostic at `pos` (character column) converted to the editor's UTF-16 column.
pub fn diagnostic(text: &str, pos: Pos, message: String, hint: Option<String>) -> Diagnostic {
    Diagnostic { line: pos.line, column: utf16_column(text, pos), severity: Severity::Error, message, hint }
}

/// The 1-based UTF-16 column of a 1-based character column on a 1-based line.
pub fn utf16_column(text: &str, pos: Pos) -> u32 {
    let line = text.lines().nth(pos.line.saturating_sub(1) as usize).unwrap_or("");
    let units: usize = line.chars().take(pos.col.saturating_sub(1) as usize).map(char::len_utf16).sum();
    u32::try_from(units).unwrap_or(u32::MAX).saturating_add(1)
}

/// Runs a script in the command language and returns its transcript: each command echoed as
/// `$ command`, then what it printed; `[exit N]` after a command that failed. A watch
/// (`kubectl get -w`, `logs -f`, `events -w`) prints what changes during the following `sim`
/// commands, before their own output; the next other command ends it.
pub fn run_script(cluster: &mut Cluster, script: &str, files: &dyn Files) -> String {
    let mut transcript = String::new();
    let lines: Vec<&str> = script.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_end();
        i += 1;
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with('#') {
            transcript.push_str(trimmed);
            transcript.push('\n');
            continue;
        }
        let (command, heredoc) = match split_heredoc(trimmed) {
            Some((command, delimiter)) => {
                let mut body = String::new();
                while i < lines.len() && lines[i].trim_end() != delimiter {
                    body.push_str(lines[i]);
                    body.push('\n');
                    i += 1;
                }
                i += 1;
                (command, Some(body))
            }
            None => (trimmed, None),
        };
        transcript.push_str("$ ");
        transcript.push_str(command);
        transcript.push('\n');
        // A `kubectl get -w` shows what changes while the following `sim` commands run; any other
        // command ends it (see kubectl/watch.rs).
        let is_sim = command.split_whitespace().next() == Some("sim");
        if !is_sim {
            cluster.stop_watches();
        }
        let out = exec(cluster, command, heredoc.as_deref(), files);
        if is_sim {
            transcript.push_str(&cluster.poll_watches());
        }
        transcript.push_str(&out.transcript());
        if out.exit_code != 0 {
            transcript.push_str(&format!("[exit {}]\n", out.exit_code));
        }
    }
    cluster.stop_watches();
    transcript
}

/// `kubectl apply -f - <<EOF` -> (`kubectl apply -f -`, `EOF`).
fn split_heredoc(line: &str) -> Option<(&str, String)> {
    let idx = line.find("<<")?;
    let delimiter = line[idx + 2..].trim().trim_start_matches('-').trim_matches(|c| c == '\'' || c == '"');
    if delimiter.is_empty() {
        return None;
    }
    Some((line[..idx].trim_end(), delimiter.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_follow_shell_quoting() {
        assert_eq!(
            split_words(r#"kubectl patch deploy x -p '{"spec":{"replicas":5}}' "a b" c\ d # note"#).unwrap(),
            vec!["kubectl", "patch", "deploy", "x", "-p", r#"{"spec":{"replicas":5}}"#, "a b", "c d"]
        );
        assert_eq!(split_words("echo 'oops").unwrap_err(), WordsError::UnterminatedQuote('\''));
        assert_eq!(
            split_words("echo \"oops").unwrap_err().to_string(),
            "unexpected EOF while looking for matching `\"'"
        );
    }

    #[test]
    fn a_heredoc_feeds_stdin_and_the_transcript_echoes_commands() {
        let mut c = Cluster::new(1);
        let t = run_script(
            &mut c,
            "# make one\nkubectl apply -f - <<EOF\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: p\nEOF\nkubectl apply -f - <<EOF\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: p\nEOF\n",
            &NoFiles,
        );
        assert_eq!(
            t,
            "# make one\n$ kubectl apply -f -\nnamespace/p created\n$ kubectl apply -f -\nnamespace/p unchanged\n"
        );
    }

    /// Random lines of quotes, backslashes and heredoc marks never panic the word splitter, and a
    /// line whose quotes are balanced always splits.
    #[test]
    fn no_line_makes_the_word_splitter_panic() {
        const PIECES: &[&str] =
            &["'", "\"", "\\", " ", "\t", "#", "a", "kubectl", "<<", "EOF", "\n", "\u{e9}", "$", "`", "\u{0}"];
        let mut seed: u64 = 11;
        for _ in 0..20_000 {
            let mut line = String::new();
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            for _ in 0..(seed >> 59) {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                line.push_str(PIECES[(seed >> 33) as usize % PIECES.len()]);
            }
            let words = split_words(&line);
            if !line.contains(['\'', '"', '\\']) {
                assert!(words.is_ok(), "{line:?}");
            }
            let _ = split_heredoc(&line);
        }
    }

    #[test]
    fn operators_outside_quotes_are_refused() {
        let cases = [
            ("kubectl get pods | grep web", Some('|')),
            ("kubectl get pods -l 'weight>5'", None),
            ("kubectl get pods -l weight>5", Some('>')),
            ("kubectl exec p -- sh -c \"echo a; echo b\"", None),
            ("kubectl get pods; kubectl get nodes", Some(';')),
            ("kubectl get pods 2>&1", Some('>')),
            ("kubectl get pods # a | comment", None),
            ("kubectl get pods a\\|b", None),
            ("kubectl get pods x#|y", Some('|')),
        ];
        for (line, want) in cases {
            assert_eq!(shell_operator(line), want, "{line}");
        }
        let mut c = Cluster::new(1);
        let out = exec(&mut c, "kubectl get pods | head", None, &NoFiles);
        assert_eq!(out.exit_code, 1);
        assert!(out.transcript().starts_with("kubeplay: `|` is not part of"), "{}", out.transcript());
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs_twice() {
        assert_eq!(utf16_column("a😀b: c", Pos { line: 1, col: 3 }), 4);
    }
}
