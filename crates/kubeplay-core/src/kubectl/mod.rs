//! kubectl: command lines parsed, executed against the cluster, and printed exactly as kubectl
//! v1.32 prints them, errors and exit codes included.

pub mod apply;
pub mod args;
pub mod create_gen;
pub mod describe;
pub mod edit;
pub mod exec;
pub mod expose;
pub mod get;
pub mod info;
pub mod json;
pub mod jsonpath;
pub mod label;
pub mod labels;
pub mod logs;
pub mod mutate;
pub mod nodes;
pub mod patch;
pub mod printers;
pub mod resources;
pub mod rollout;
pub mod scale;
pub mod selector;
pub mod set;
pub mod sorting;
pub mod top;
pub mod watch;
pub mod yaml;

use crate::cluster::{ApiError, Cluster};
use crate::manifest::field::kubectl_invalid;
use crate::manifest::yaml::Pos;
use crate::shell::{Diagnostic, Files, Severity};

/// The host's text editor, which `kubectl edit` opens (the CLI's $EDITOR, the page's editor).
pub trait Editor {
    /// Lets the user edit `text` (the object as YAML, under kubectl's comment header) in a buffer
    /// called `name`; returns the saved text, or `None` when no editor could be started.
    fn edit(&self, name: &str, text: &str) -> Option<String> {
        let _ = (name, text);
        None
    }
}

/// Where a command reads and writes.
pub struct Io<'a> {
    /// What a heredoc or the page's editor supplied as standard input.
    pub stdin: Option<&'a str>,
    pub files: &'a dyn Files,
    /// The editor `kubectl edit` opens when no standard input supplies the edited object.
    pub editor: Option<&'a dyn Editor>,
    pub out: String,
    pub err: String,
    /// Problems located in the standard input text (for the editor).
    pub diagnostics: Vec<Diagnostic>,
    /// kubeplay's advice, printed as `hint:` lines after the errors.
    pub hints: Vec<String>,
}

impl<'a> Io<'a> {
    pub fn new(stdin: Option<&'a str>, files: &'a dyn Files) -> Io<'a> {
        Io {
            stdin,
            files,
            editor: None,
            out: String::new(),
            err: String::new(),
            diagnostics: Vec::new(),
            hints: Vec::new(),
        }
    }

    pub fn outln(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
    }

    pub fn errln(&mut self, s: &str) {
        self.err.push_str(s);
        self.err.push('\n');
    }

    /// Records a diagnostic when `source` is the standard input (the editor's text).
    pub fn diagnose(&mut self, source: &str, pos: Pos, message: String, hint: Option<String>) {
        if source != STDIN {
            return;
        }
        let text = self.stdin.unwrap_or("");
        let column = crate::shell::utf16_column(text, pos);
        self.diagnostics.push(Diagnostic { line: pos.line, column, severity: Severity::Error, message, hint });
    }
}

/// How kubectl names standard input in messages.
pub const STDIN: &str = "STDIN";

/// An error a command ends with; printing follows kubectl's `CheckErr`.
#[derive(Clone, Debug)]
pub enum CmdError {
    /// An error from the server; `context` is what `AddSourceToErr` prefixes
    /// (`error when creating "x.yaml"`).
    Api { err: ApiError, context: Option<String> },
    /// A client-side error: `error: ` + text when it is the only one.
    Plain(String),
    /// cobra's own errors (flags, unknown commands): `Error: ` + text.
    Cobra(String),
    /// Printed exactly as is.
    Raw(String),
}

impl CmdError {
    fn api_message(err: &ApiError, context: &Option<String>) -> String {
        match context {
            Some(c) => format!("{c}: {}", err.message()),
            None => err.message(),
        }
    }

    /// The text when this is the only error.
    fn single(&self) -> String {
        match self {
            CmdError::Api { err: ApiError::Invalid { kind, name, errors, .. }, .. } if !errors.is_empty() => {
                kubectl_invalid(kind, name, errors)
            }
            CmdError::Api { err, context } => {
                format!("Error from server ({}): {}", err.reason(), Self::api_message(err, context))
            }
            CmdError::Plain(s) => {
                if s.starts_with("error: ") {
                    s.clone()
                } else {
                    format!("error: {s}")
                }
            }
            CmdError::Cobra(s) => format!("Error: {s}"),
            CmdError::Raw(s) => s.clone(),
        }
    }

    /// The text when it is one of several (kubectl's `MultipleErrors`).
    fn in_list(&self) -> String {
        match self {
            CmdError::Api { err, context } => {
                format!("Error from server ({}): {}", err.reason(), Self::api_message(err, context))
            }
            CmdError::Plain(s) | CmdError::Raw(s) => s.clone(),
            CmdError::Cobra(s) => format!("Error: {s}"),
        }
    }
}

/// Prints the errors a command collected, then any hints, and returns its exit code.
pub fn finish(io: &mut Io, errors: &[CmdError]) -> i32 {
    let code = print_errors(io, errors);
    for h in std::mem::take(&mut io.hints) {
        io.errln(&format!("hint: {h}"));
    }
    code
}

fn print_errors(io: &mut Io, errors: &[CmdError]) -> i32 {
    match errors {
        [] => 0,
        [one] => {
            io.errln(&one.single());
            1
        }
        many => {
            for e in many {
                io.errln(&e.in_list());
            }
            1
        }
    }
}

/// The namespace kubectl works in: `-n`, else the context's (`default`).
pub fn namespace_of(p: &args::Parsed) -> String {
    p.get("namespace").filter(|n| !n.is_empty()).unwrap_or("default").to_string()
}

/// Runs `kubectl ARGS...`; returns the exit code.
pub fn run(cluster: &mut Cluster, args: &[String], io: &mut Io) -> i32 {
    // Global flags may come before the verb (`kubectl -n kube-system get pods`).
    let Some(verb_at) = verb_position(args) else {
        io.errln("kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\nUse \"kubectl <command> --help\" for more information about a given command.");
        return 0;
    };
    let verb = args[verb_at].as_str();
    let mut rest: Vec<String> = args[..verb_at].to_vec();
    rest.extend_from_slice(&args[verb_at + 1..]);
    match verb {
        "apply" => apply::apply(cluster, &rest, io),
        "create" if rest.iter().any(|a| a == "-f" || a.starts_with("--filename") || a.starts_with("-f")) => {
            apply::create(cluster, &rest, io)
        }
        "create" => create_gen::run(cluster, verb, &rest, io),
        "replace" => apply::replace(cluster, &rest, io),
        "delete" => apply::delete(cluster, &rest, io),
        "get" => get::get(cluster, &rest, io),
        "describe" => describe::run(cluster, verb, &rest, io),
        "label" | "annotate" => label::run(cluster, verb, &rest, io),
        "patch" => patch::run(cluster, verb, &rest, io),
        "scale" => scale::run(cluster, verb, &rest, io),
        "set" => set::run(cluster, verb, &rest, io),
        "edit" => edit::run(cluster, verb, &rest, io),
        "cordon" | "uncordon" | "drain" | "taint" => nodes::run(cluster, verb, &rest, io),
        "logs" => logs::run(cluster, verb, &rest, io),
        "exec" => exec::run(cluster, verb, &rest, io),
        "api-resources" | "api-versions" | "explain" | "version" | "config" | "cluster-info" | "events" => {
            info::run(cluster, verb, &rest, io)
        }
        "top" => top::run(cluster, verb, &rest, io),
        "expose" => expose::run(cluster, verb, &rest, io),
        "rollout" => rollout::run(cluster, &rest, io),
        other => unknown_command(other, io),
    }
}

/// The index of the first argument that is not a global flag or its value.
fn verb_position(args: &[String]) -> Option<usize> {
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if !a.starts_with('-') {
            return Some(i);
        }
        let takes_value = args::GLOBAL_FLAGS.iter().any(|f| {
            f.ty != args::FlagType::Bool
                && (a == &format!("--{}", f.long) || f.short.is_some_and(|c| a == &format!("-{c}")))
        });
        i += if takes_value { 2 } else { 1 };
    }
    None
}

/// The verbs kubectl has, in the order cobra registers them (for "Did you mean this?").
pub const VERBS: &[&str] = &[
    "create",
    "expose",
    "run",
    "set",
    "explain",
    "get",
    "edit",
    "delete",
    "rollout",
    "scale",
    "autoscale",
    "certificate",
    "cluster-info",
    "top",
    "cordon",
    "uncordon",
    "drain",
    "taint",
    "describe",
    "logs",
    "attach",
    "exec",
    "port-forward",
    "proxy",
    "cp",
    "auth",
    "debug",
    "events",
    "diff",
    "apply",
    "patch",
    "replace",
    "wait",
    "kustomize",
    "label",
    "annotate",
    "completion",
    "alpha",
    "api-resources",
    "api-versions",
    "config",
    "plugin",
    "version",
    "options",
];

fn unknown_command(verb: &str, io: &mut Io) -> i32 {
    let suggestions: Vec<&str> = VERBS
        .iter()
        .copied()
        .filter(|v| {
            crate::manifest::hints::edit_distance(&verb.to_ascii_lowercase(), v) <= 2
                || v.starts_with(&verb.to_ascii_lowercase())
        })
        .collect();
    let mut msg = format!("Error: unknown command {} for \"kubectl\"", crate::manifest::field::go_quote(verb));
    if !suggestions.is_empty() {
        msg.push_str("\n\nDid you mean this?\n");
        for s in suggestions {
            msg.push('\t');
            msg.push_str(s);
            msg.push('\n');
        }
    }
    io.errln(&msg);
    1
}
