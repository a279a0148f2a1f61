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
pub mod run;
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
use std::cell::RefCell;
use std::rc::Rc;

use crate::shell::{Chunk, Diagnostic, Files, Severity, Stream};

/// The host's text editor, which `kubectl edit` opens (the CLI's $EDITOR, the page's editor).
pub trait Editor {
    /// Lets the user edit `text` (the object as YAML, under kubectl's comment header) in a buffer
    /// called `name`; returns the saved text, or `None` when no editor could be started.
    fn edit(&self, name: &str, text: &str) -> Option<String> {
        let _ = (name, text);
        None
    }
}

/// What a command wrote to both streams, in write order.
type Log = Rc<RefCell<Vec<Chunk>>>;

/// One of a command's two output streams: its own text, which every write also appends to the
/// command's shared log, so that a terminal can show stderr and stdout interleaved as kubectl
/// wrote them (a `Warning:` before the output it precedes).
#[derive(Debug)]
pub struct Writer {
    stream: Stream,
    text: String,
    log: Log,
}

impl Writer {
    pub fn push_str(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        self.text.push_str(s);
        let mut log = self.log.borrow_mut();
        match log.last_mut() {
            Some(last) if last.stream == self.stream => last.text.push_str(s),
            _ => log.push(Chunk { stream: self.stream, text: s.to_string() }),
        }
    }

    /// [`Writer::push_str`] of formatted text, without a `format!` String at every call site.
    #[inline(never)]
    pub fn pushf(&mut self, text: std::fmt::Arguments) {
        self.push_str(&text.to_string());
    }

    pub fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }

    /// This stream's text alone.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl std::ops::Deref for Writer {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<Writer> for String {
    fn from(w: Writer) -> String {
        w.text
    }
}

/// Where a command reads and writes.
pub struct Io<'a> {
    /// What a heredoc or the page's editor supplied as standard input.
    pub stdin: Option<&'a str>,
    pub files: &'a dyn Files,
    /// The editor `kubectl edit` opens when no standard input supplies the edited object.
    pub editor: Option<&'a dyn Editor>,
    pub out: Writer,
    pub err: Writer,
    /// Problems located in the standard input text (for the editor).
    pub diagnostics: Vec<Diagnostic>,
    /// kubeplay's advice, printed as `hint:` lines after the errors.
    pub hints: Vec<String>,
}

impl<'a> Io<'a> {
    pub fn new(stdin: Option<&'a str>, files: &'a dyn Files) -> Io<'a> {
        let log: Log = Rc::default();
        Io {
            stdin,
            files,
            editor: None,
            out: Writer { stream: Stream::Stdout, text: String::new(), log: Rc::clone(&log) },
            err: Writer { stream: Stream::Stderr, text: String::new(), log },
            diagnostics: Vec::new(),
            hints: Vec::new(),
        }
    }

    /// Both streams' writes in the order they were made.
    pub fn chunks(&self) -> Vec<Chunk> {
        self.out.log.borrow().clone()
    }

    /// What the command printed, as the shell reports it.
    pub fn into_output(self, exit_code: i32) -> crate::shell::Output {
        let chunks = self.chunks();
        crate::shell::Output {
            stdout: self.out.text,
            stderr: self.err.text,
            exit_code,
            diagnostics: self.diagnostics,
            chunks,
        }
    }

    /// Whether what was written so far ends a line (a terminal's cursor is at a line's start).
    pub fn at_line_start(&self) -> bool {
        self.out.log.borrow().last().is_none_or(|c| c.text.ends_with('\n'))
    }

    /// Writes kubeplay's advice as `hint:` lines on stderr, on a line of their own.
    pub fn hint(&mut self, text: &str) {
        if !self.at_line_start() {
            self.err.push('\n');
        }
        self.errln(&format!("hint: {text}"));
    }

    pub fn outln(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
    }

    /// [`Io::outln`] of formatted text.
    #[inline(never)]
    pub fn outlnf(&mut self, text: std::fmt::Arguments) {
        self.outln(&text.to_string());
    }

    /// [`Io::errln`] of formatted text.
    #[inline(never)]
    pub fn errlnf(&mut self, text: std::fmt::Arguments) {
        self.errln(&text.to_string());
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
    /// An aggregate inside the command's error (`utilerrors.NewAggregate` of a visitor's errors):
    /// alone it prints as `MultipleErrors`, among others as its `Error()` text.
    Group(Vec<CmdError>),
}

impl CmdError {
    /// The errors of a `utilerrors.Aggregate` as one: none, the only one, or every one on a line
    /// of its own as `MultipleErrors` prints them.
    pub fn aggregate(mut errors: Vec<CmdError>) -> Option<CmdError> {
        match errors.len() {
            0 => None,
            1 => errors.pop(),
            _ => Some(CmdError::Raw(errors.iter().map(CmdError::in_list).collect::<Vec<_>>().join("\n"))),
        }
    }

    /// This error as one of an aggregate's (`MultipleErrors` prints it even when it is alone).
    pub fn listed(self) -> CmdError {
        match self {
            CmdError::Api { err: ApiError::Invalid { .. }, .. } | CmdError::Plain(_) | CmdError::Cobra(_) => {
                CmdError::Raw(self.in_list())
            }
            other => other,
        }
    }

    fn api_message(err: &ApiError, context: &Option<String>) -> String {
        match context {
            Some(c) => format!("{c}: {}", err.message()),
            None => err.message(),
        }
    }

    /// `StandardErrorMessage` of an API error: the Status reason in brackets, none when it is
    /// empty, and the login advice for Unauthorized.
    fn server_text(err: &ApiError, context: &Option<String>) -> String {
        match err.reason() {
            "Unauthorized" => {
                format!("error: You must be logged in to the server ({})", Self::api_message(err, context))
            }
            "" => format!("Error from server: {}", Self::api_message(err, context)),
            reason => format!("Error from server ({reason}): {}", Self::api_message(err, context)),
        }
    }

    /// The text when this is the only error (`checkErr`).
    fn single(&self) -> String {
        match self {
            CmdError::Api { err: invalid @ ApiError::Invalid { kind, name, errors, .. }, context } => {
                if !kind.is_empty() || !name.is_empty() {
                    return kubectl_invalid(kind, name, errors);
                }
                // No kind and no name: the causes, or else the server's message.
                let header = "The request is invalid";
                let mut causes: Vec<String> = Vec::new();
                for e in errors {
                    let t = e.to_string();
                    if !causes.contains(&t) {
                        causes.push(t);
                    }
                }
                match causes.as_slice() {
                    [] => {
                        let message = Self::api_message(invalid, context);
                        if message.is_empty() {
                            header.to_string()
                        } else {
                            format!("{header}: {message}")
                        }
                    }
                    [one] => format!("{header}: {one}"),
                    many => format!("{header}: \n* {}", many.join("\n* ")),
                }
            }
            CmdError::Api { err, context } => Self::server_text(err, context),
            CmdError::Plain(s) => {
                if s.starts_with("error: ") {
                    s.clone()
                } else {
                    format!("error: {s}")
                }
            }
            CmdError::Cobra(s) => format!("Error: {s}"),
            CmdError::Raw(s) => s.clone(),
            CmdError::Group(v) => v.iter().map(CmdError::in_list).collect::<Vec<_>>().join("\n"),
        }
    }

    /// Go's `err.Error()`: the message without kubectl's decoration.
    fn error_text(&self) -> String {
        match self {
            CmdError::Api { err, context } => Self::api_message(err, context),
            CmdError::Plain(s) | CmdError::Raw(s) | CmdError::Cobra(s) => s.clone(),
            CmdError::Group(v) => match v.as_slice() {
                [one] => one.error_text(),
                many => format!("[{}]", many.iter().map(CmdError::error_text).collect::<Vec<_>>().join(", ")),
            },
        }
    }

    /// The text when it is one of several (kubectl's `MultipleErrors`: `StandardErrorMessage` of
    /// each).
    fn in_list(&self) -> String {
        match self {
            CmdError::Api { err, context } => Self::server_text(err, context),
            CmdError::Plain(s) | CmdError::Raw(s) => s.clone(),
            CmdError::Cobra(s) => format!("Error: {s}"),
            CmdError::Group(_) => self.error_text(),
        }
    }
}

/// Prints the errors a command collected, then any hints, and returns its exit code.
pub fn finish(io: &mut Io, errors: &[CmdError]) -> i32 {
    let code = print_errors(io, errors);
    for e in errors {
        if let CmdError::Api { err, .. } = e {
            if let Some(h) = err.hint().filter(|h| !io.hints.contains(h)) {
                io.hints.push(h);
            }
        }
    }
    for h in std::mem::take(&mut io.hints) {
        io.hint(&h);
    }
    code
}

/// [`finish`] with one error: one call where a one-element slice would be built and dropped
/// at every call site.
#[inline(never)]
pub fn fail(io: &mut Io, err: CmdError) -> i32 {
    finish(io, std::slice::from_ref(&err))
}

/// [`fail`] with a client-side error (`error: ` + text).
#[inline(never)]
pub fn fail_plain(io: &mut Io, text: String) -> i32 {
    fail(io, CmdError::Plain(text))
}

/// [`fail`] with cobra's error (`Error: ` + text).
#[inline(never)]
pub fn fail_cobra(io: &mut Io, text: String) -> i32 {
    fail(io, CmdError::Cobra(text))
}

fn print_errors(io: &mut Io, errors: &[CmdError]) -> i32 {
    match errors {
        [] => 0,
        [one] => {
            // `fatal` adds a newline only when the message has none.
            let text = one.single();
            if text.ends_with('\n') {
                io.err.push_str(&text);
            } else {
                io.errln(&text);
            }
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
        "run" => run::run(cluster, verb, &rest, io),
        other => unknown_command(other, io),
    }
}

/// The index of the first argument that is not a global flag or its value.
pub(crate) fn verb_position(args: &[String]) -> Option<usize> {
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if !a.starts_with('-') {
            return Some(i);
        }
        let takes_value = args::GLOBAL_FLAGS.iter().any(|f| f.ty != args::FlagType::Bool && f.is_named(a));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::field::FieldError;

    fn invalid(kind: &str, name: &str, errors: Vec<FieldError>) -> CmdError {
        let group_kind = if kind.is_empty() { String::new() } else { format!("{kind}.apps") };
        CmdError::Api {
            err: ApiError::Invalid { kind: kind.into(), group_kind, name: name.into(), errors },
            context: None,
        }
    }

    /// Table following cmdutil.checkErr and StandardErrorMessage (kubectl v1.32 helpers.go).
    #[test]
    fn a_single_error_prints_as_check_err_prints_it() {
        let replicas = || FieldError::invalid("spec.replicas", "-1", "must be greater than or equal to 0");
        let cases = [
            (
                invalid("Deployment", "web", vec![replicas()]),
                "The Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0",
            ),
            (invalid("Deployment", "web", vec![]), "The Deployment \"web\" is invalid"),
            (
                invalid("", "", vec![replicas()]),
                "The request is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0",
            ),
            (
                invalid("", "", vec![replicas(), FieldError::required("spec.selector", "")]),
                "The request is invalid: \n* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n* spec.selector: Required value",
            ),
            (
                CmdError::Api { err: ApiError::Other { reason: String::new(), message: "boom".into() }, context: None },
                "Error from server: boom",
            ),
            (
                CmdError::Api {
                    err: ApiError::Other { reason: "Unauthorized".into(), message: "Unauthorized".into() },
                    context: None,
                },
                "error: You must be logged in to the server (Unauthorized)",
            ),
            (
                CmdError::Api {
                    err: ApiError::NotFound { resource: "pods".into(), name: "x".into() },
                    context: Some("error when deleting \"p.yaml\"".into()),
                },
                "Error from server (NotFound): error when deleting \"p.yaml\": pods \"x\" not found",
            ),
            (CmdError::Plain("boom".into()), "error: boom"),
            (CmdError::Plain("error: boom".into()), "error: boom"),
            (CmdError::Cobra("unknown flag: --x".into()), "Error: unknown flag: --x"),
        ];
        for (err, want) in cases {
            assert_eq!(err.single(), want, "{err:?}");
        }
    }

    /// An aggregate of one error prints as that error; a nested aggregate prints its errors line
    /// by line when alone, and as Go's `[a, b]` among others (checkErr, MultipleErrors).
    #[test]
    fn aggregates_print_as_check_err_prints_them() {
        let plain = |s: &str| CmdError::Plain(s.into());
        let not_found = || CmdError::Api { err: ApiError::not_found(crate::api::Kind::Pod, "x"), context: None };
        let cases = [
            (vec![plain("a")], "error: a"),
            (vec![plain("a"), plain("b")], "a\nb"),
            (vec![CmdError::Group(vec![plain("a")])], "a"),
            (
                vec![CmdError::Group(vec![plain("a"), not_found()])],
                "a\nError from server (NotFound): pods \"x\" not found",
            ),
            (vec![CmdError::Group(vec![plain("a"), plain("b")]), plain("c")], "[a, b]\nc"),
            (vec![CmdError::Group(vec![not_found()]), plain("c")], "pods \"x\" not found\nc"),
        ];
        for (errors, want) in cases {
            let got = CmdError::aggregate(errors).map(|e| e.single());
            assert_eq!(got.as_deref(), Some(want));
        }
        assert!(CmdError::aggregate(Vec::new()).is_none());
    }

    /// In a list (MultipleErrors) every API error is its StandardErrorMessage, Invalid included.
    #[test]
    fn an_error_among_several_prints_its_standard_message() {
        let e = invalid("Deployment", "web", vec![FieldError::required("spec.selector", "")]);
        assert_eq!(
            e.in_list(),
            "Error from server (Invalid): Deployment.apps \"web\" is invalid: spec.selector: Required value"
        );
        let e = CmdError::Api { err: ApiError::Other { reason: String::new(), message: "boom".into() }, context: None };
        assert_eq!(e.in_list(), "Error from server: boom");
    }

    /// Stdout and stderr keep one ordered log while each keeps its own text.
    #[test]
    fn io_records_both_streams_in_write_order() {
        let mut io = Io::new(None, &crate::shell::NoFiles);
        io.errln("Warning: first");
        io.out.push_str("a\n");
        io.outln("b");
        io.errln("error: last");
        assert_eq!(&*io.out, "a\nb\n");
        assert_eq!(&*io.err, "Warning: first\nerror: last\n");
        let order: Vec<(Stream, String)> = io.chunks().into_iter().map(|c| (c.stream, c.text)).collect();
        assert_eq!(
            order,
            vec![
                (Stream::Stderr, "Warning: first\n".to_string()),
                (Stream::Stdout, "a\nb\n".to_string()),
                (Stream::Stderr, "error: last\n".to_string())
            ]
        );
        assert_eq!(io.into_output(1).transcript(), "Warning: first\na\nb\nerror: last\n");
    }
}

#[cfg(test)]
mod bad_input {
    use crate::cluster::Cluster;
    use crate::shell::{self, NoFiles};

    /// Refused command lines (the cases of tests/scenarios/kubectl/bad-input.kp) exit 1 and leave
    /// the store exactly as it was.
    #[test]
    fn refused_command_lines_change_nothing() {
        let mut c = Cluster::new(1);
        for line in
            ["kubectl create deployment web --image=nginx:1.25 --replicas=2", "kubectl run solo --image=busybox"]
        {
            assert_eq!(shell::exec(&mut c, line, None, &NoFiles).exit_code, 0, "{line}");
        }
        c.run_for(30_000);
        let before = c.store().resource_version();
        let lines = [
            "kubectl gt pods",
            "kubectl get deploymnets",
            "kubectl get pods --bogus",
            "kubectl scale deploy web --replicas",
            "kubectl scale deploy web --replicas=abc",
            "kubectl scale deploy web --replicas=-1",
            "kubectl scale deploy web --replicas=99999999999999999999",
            "kubectl scale deploy web",
            "kubectl label pods solo 'a b=c'",
            "kubectl label pods -l 'a in (' x=y",
            "kubectl annotate pods solo a",
            "kubectl delete pod solo --grace-period=abc",
            "kubectl patch deploy web",
            "kubectl patch deploy web --type=bogus -p '{}'",
            "kubectl set image deploy/web",
            "kubectl taint nodes worker-1 k=v:Sometimes",
            "kubectl run x --image=NGINX",
            "kubectl run x --image=nginx --restart=Sometimes",
            "kubectl run x --image=nginx -it --rm",
            "kubectl create deployment x --image=nginx --port=99999999999",
            "kubectl exec solo -- rm -rf /",
            "kubectl get pods -l 'app=web",
            "kubectl drain",
            "kubectl cordon nope",
        ];
        for line in lines {
            let out = shell::exec(&mut c, line, None, &NoFiles);
            assert_eq!(out.exit_code, 1, "{line}: {}", out.transcript());
            assert_eq!(c.store().resource_version(), before, "{line} changed the store");
        }
    }
}
