//! `kubectl rollout status|history|undo|pause|resume|restart`: the subcommands' flags, their
//! Complete and Validate, the resource builder's objects (names, types, `-l`, `-f`), the viewers
//! per kind and the printers (`kubectl/pkg/cmd/rollout`). Deployments live in `deployment.rs`,
//! DaemonSets in `daemon_set.rs`.
//!
//! `rollout status` waits as kubectl does, but in virtual time: it runs the cluster until the
//! rollout finishes, its deadline is exceeded, `--timeout` passes, or nothing is left to happen
//! (a paused rollout); each change of the Deployment prints a line, as each watch event does.

pub mod daemon_set;
pub mod deployment;

use super::args::{self, Flag, Parsed};
use super::get::{self, BuilderOptions, GenericPrinter, Output, Target};
use super::{fail, fail_cobra, finish, namespace_of, CmdError, Io};
use crate::api::{Kind, Object};
use crate::cluster::Cluster;

/// `--dry-run` as `cmdutil.GetDryRunStrategy` reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DryRun {
    None,
    Client,
    Server,
}

const SUBCOMMANDS: &[&str] = &["history", "pause", "restart", "resume", "status", "undo"];

const HISTORY_FLAGS: &[Flag] = &[
    Flag::int("revision", None),
    Flag::string("selector", Some('l')),
    Flag::array("filename", Some('f')),
    Flag::bool("recursive", Some('R')),
    Flag::string("kustomize", Some('k')),
    Flag::string("output", Some('o')),
    Flag::string("template", None),
    Flag::bool("allow-missing-template-keys", None),
    Flag::bool("show-managed-fields", None),
];

/// pause, resume and restart.
const PATCH_FLAGS: &[Flag] = &[
    Flag::string("output", Some('o')),
    Flag::string("template", None),
    Flag::bool("allow-missing-template-keys", None),
    Flag::bool("show-managed-fields", None),
    Flag::array("filename", Some('f')),
    Flag::bool("recursive", Some('R')),
    Flag::string("kustomize", Some('k')),
    Flag::string("field-manager", None),
    Flag::string("selector", Some('l')),
];

const UNDO_FLAGS: &[Flag] = &[
    Flag::int("to-revision", None),
    Flag::array("filename", Some('f')),
    Flag::bool("recursive", Some('R')),
    Flag::string("kustomize", Some('k')),
    Flag::optional("dry-run", "unchanged"),
    Flag::string("selector", Some('l')),
    Flag::string("output", Some('o')),
    Flag::string("template", None),
    Flag::bool("allow-missing-template-keys", None),
    Flag::bool("show-managed-fields", None),
];

const STATUS_FLAGS: &[Flag] = &[
    Flag::array("filename", Some('f')),
    Flag::bool("recursive", Some('R')),
    Flag::string("kustomize", Some('k')),
    Flag::bool("watch", Some('w')),
    Flag::int("revision", None),
    Flag::duration("timeout"),
    Flag::string("selector", Some('l')),
];

/// What `kubectl rollout` with no subcommand prints (cobra's help, on stdout).
const HELP: &str = "Manage the rollout of one or many resources.
        
 Valid resource types include:

  *  deployments
  *  daemonsets
  *  statefulsets

Examples:
  # Rollback to the previous deployment
  kubectl rollout undo deployment/abc
  
  # Check the rollout status of a daemonset
  kubectl rollout status daemonset/foo
  
  # Restart a deployment
  kubectl rollout restart deployment/abc
  
  # Restart deployments with the 'app=nginx' label
  kubectl rollout restart deployment --selector=app=nginx

Available Commands:
  history       View rollout history
  pause         Mark the provided resource as paused
  restart       Restart a resource
  resume        Resume a paused resource
  status        Show the status of the rollout
  undo          Undo a previous rollout

Usage:
  kubectl rollout SUBCOMMAND [options]

Use \"kubectl rollout <command> --help\" for more information about a given command.
Use \"kubectl options\" for a list of global command-line options (applies to all commands).
";

/// Runs `kubectl rollout ...`.
pub fn run(cluster: &mut Cluster, argv: &[String], io: &mut Io) -> i32 {
    let sub_at = super::verb_position(argv).filter(|i| argv.get(*i).is_some_and(|a| SUBCOMMANDS.contains(&a.as_str())));
    let Some((sub_at, sub)) = sub_at.and_then(|i| Some((i, argv.get(i)?.clone()))) else {
        // `rollout` itself (`DefaultSubCommandRun`): its flags, then no arguments but the help.
        let p = match args::parse("kubectl rollout", &[], argv) {
            Ok(p) => p,
            Err(e) => return fail_cobra(io, e),
        };
        if !p.args.is_empty() {
            return fail(
                io,
                CmdError::Raw(format!(
                    "error: unknown command {}\nSee 'kubectl rollout -h' for help and examples",
                    crate::manifest::field::go_quote(&p.args.join(" "))
                )),
            );
        }
        io.out.push_str(HELP);
        return 1;
    };
    let mut rest: Vec<String> = argv[..sub_at].to_vec();
    rest.extend_from_slice(&argv[sub_at + 1..]);
    let flags = match sub.as_str() {
        "history" => HISTORY_FLAGS,
        "undo" => UNDO_FLAGS,
        "status" => STATUS_FLAGS,
        _ => PATCH_FLAGS,
    };
    let p = match args::parse(&format!("kubectl rollout {sub}"), flags, &rest) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    match run_sub(cluster, &sub, &p, io) {
        Ok(code) => code,
        Err(e) => fail(io, e),
    }
}

/// Complete, Validate and Run of one subcommand.
fn run_sub(cluster: &mut Cluster, sub: &str, p: &Parsed, io: &mut Io) -> Result<i32, CmdError> {
    let dry_run = if sub == "undo" { dry_run(p)? } else { DryRun::None };
    if p.args.is_empty() && p.all("filename").is_empty() && p.get("kustomize").is_none_or(str::is_empty) {
        return Err(CmdError::Plain("required resource not specified".into()));
    }
    if matches!(sub, "history" | "status") {
        if let Some(r) = p.int("revision").filter(|r| *r < 0) {
            return Err(CmdError::Plain(format!("revision must be a positive integer: {r}")));
        }
    }
    let request = get::resolve_with(p, io, BuilderOptions { latest: true, ..BuilderOptions::default() })?;
    let objects = visit(cluster, p, request);
    let code = match sub {
        "history" => history(cluster, p, objects, io)?,
        "undo" => undo(cluster, p, objects, dry_run, io),
        "status" => status(cluster, p, objects, io),
        _ => patch(cluster, sub, p, objects, io),
    };
    Ok(code)
}

/// `cmdutil.GetDryRunStrategy`.
fn dry_run(p: &Parsed) -> Result<DryRun, CmdError> {
    match p.get("dry-run").unwrap_or("none") {
        "none" | "false" => Ok(DryRun::None),
        "client" | "unchanged" | "true" => Ok(DryRun::Client),
        "server" => Ok(DryRun::Server),
        other => Err(CmdError::Plain(format!(
            "Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
        ))),
    }
}

/// What the builder visits: objects, and the requests' own errors.
enum Visited {
    Object(Object),
    Failed(CmdError),
}

/// Reads every request in order (`Latest()`: named objects are read from the server).
fn visit(cluster: &Cluster, p: &Parsed, request: get::Request) -> Vec<Visited> {
    let selectors = get::Selectors::of(p);
    let mut out = Vec::new();
    let mut file_errors = request.file_errors.into_iter().peekable();
    for (i, target) in request.targets.into_iter().enumerate() {
        while let Some((_, e)) = file_errors.next_if(|(at, _)| *at <= i) {
            out.push(Visited::Failed(e));
        }
        match target {
            Target::Named { kind, namespace, name, .. } => match get::lookup(cluster, kind, &namespace, &name) {
                Ok(obj) => out.push(Visited::Object(obj)),
                Err(err) => out.push(Visited::Failed(CmdError::Api { err, context: None })),
            },
            Target::List { kind, namespace } => {
                match get::list_selected(cluster, kind, namespace.as_deref(), &selectors) {
                    Ok(objects) => out.extend(objects.into_iter().map(Visited::Object)),
                    // `EagerVisitorList` aggregates the list's error.
                    Err(err) => out.push(Visited::Failed(CmdError::Group(vec![CmdError::Api { err, context: None }]))),
                }
            }
        }
    }
    out.extend(file_errors.map(|(_, e)| Visited::Failed(e)));
    out
}

/// `CheckErr` of the errors a visit collected (`ContinueOnErrorVisitor`: one error alone, or
/// their aggregate).
fn finish_visit(io: &mut Io, errors: Vec<CmdError>) -> i32 {
    match CmdError::aggregate(errors) {
        Some(e) => fail(io, e),
        None => finish(io, &[]),
    }
}

/// `-o`'s printer of the rollout commands (`PrintFlags.ToPrinter`), or the name printer.
enum Printer {
    /// The name printer; with `-o name` it leaves out the operation.
    Name {
        short: bool,
    },
    Generic(GenericPrinter),
}

impl Printer {
    fn new(p: &Parsed, io: &Io) -> Result<Printer, CmdError> {
        match p.get("output").unwrap_or("") {
            "" => return Ok(Printer::Name { short: false }),
            "name" => return Ok(Printer::Name { short: true }),
            _ => {}
        }
        match get::output_format(p, io)? {
            Output::Table { .. } | Output::CustomColumns(_) => Err(CmdError::Plain(format!(
                "unable to match a printer suitable for the output format {}, allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml",
                crate::manifest::field::go_quote(p.get("output").unwrap_or(""))
            ))),
            other => Ok(Printer::Generic(GenericPrinter::new(other, false))),
        }
    }

    /// `PrintObj`: `kind.group/name`, and the operation unless `-o name`.
    fn print(&mut self, io: &mut Io, obj: &Object, operation: &str) -> Result<(), CmdError> {
        match self {
            Printer::Name { short } => {
                let name = format!("{}/{}", obj.kind().kind_group(), obj.name());
                if *short || operation.is_empty() {
                    io.outln(&name);
                } else {
                    io.outlnf(format_args!("{name} {operation}"));
                }
                Ok(())
            }
            // The rollout builders decode typed objects: JSON comes out in Go's field order.
            Printer::Generic(g) if matches!(g.output(), Output::Json) => {
                io.out.push_str(&super::create_gen::go_json(&obj.to_printed_value(), Some(obj.kind())));
                Ok(())
            }
            Printer::Generic(g) => match g.print(&obj.to_printed_value()) {
                Ok(text) => {
                    io.out.push_str(&text);
                    Ok(())
                }
                Err(failure) => {
                    let (text, e) = *failure;
                    io.out.push_str(&text);
                    Err(e)
                }
            },
        }
    }
}

/// The `schema.GroupKind` string of a kind: `Pod`, `ReplicaSet.apps`.
fn group_kind(kind: Kind) -> String {
    kind.group_kind()
}

/// `kubectl rollout history`.
fn history(cluster: &mut Cluster, p: &Parsed, objects: Vec<Visited>, io: &mut Io) -> Result<i32, CmdError> {
    let revision = p.int("revision").unwrap_or(0);
    let mut printer = if p.get("output").is_some_and(|o| !o.is_empty()) { Some(Printer::new(p, io)?) } else { None };
    let mut errors = Vec::new();
    for v in objects {
        let obj = match v {
            Visited::Object(obj) => obj,
            Visited::Failed(e) => {
                errors.push(e);
                continue;
            }
        };
        let d = match &obj {
            Object::Deployment(d) => d,
            Object::DaemonSet(ds) => {
                let r = daemon_set::run(cluster, "history", p, &ds.metadata.namespace, &ds.metadata.name, io);
                if let Err(e) = r {
                    errors.push(e);
                }
                continue;
            }
            other => {
                let e = CmdError::Plain(format!(
                    "no history viewer has been implemented for {}",
                    crate::manifest::field::go_quote(&group_kind(other.kind()))
                ));
                errors.push(e);
                continue;
            }
        };
        match &mut printer {
            Some(printer) => {
                let history = deployment::get_history(cluster, d);
                if revision > 0 {
                    let Some((_, rs)) = history.iter().find(|(r, _)| *r == revision) else {
                        // kubectl prints the missing revision's nil object and its printer panics.
                        io.errln("panic: reflect: call of reflect.Value.Type on zero Value");
                        io.hint(&format!(
                            "kubectl v1.32 crashes here: deployment {:?} has no revision {revision}; `kubectl rollout history` lists the revisions",
                            d.metadata.name
                        ));
                        return Ok(2);
                    };
                    // kubectl ignores the printer's errors here.
                    let _ = printer.print(io, rs, "");
                } else {
                    for (_, rs) in &history {
                        let _ = printer.print(io, rs, "");
                    }
                }
            }
            None => match deployment::view_history(cluster, d, revision) {
                Ok(text) => {
                    let with_revision = if revision > 0 { format!("with revision #{revision}") } else { String::new() };
                    let mut name = Printer::Name { short: false };
                    let _ = name.print(io, &obj, &format!("{with_revision}\n{text}"));
                }
                Err(e) => errors.push(e),
            },
        }
    }
    Ok(finish_visit(io, errors))
}

/// `kubectl rollout undo`.
fn undo(cluster: &mut Cluster, p: &Parsed, objects: Vec<Visited>, dry_run: DryRun, io: &mut Io) -> i32 {
    let to_revision = p.int("to-revision").unwrap_or(0);
    let suffix = match dry_run {
        DryRun::None => "",
        DryRun::Client => " (dry run)",
        DryRun::Server => " (server dry run)",
    };
    let mut errors = Vec::new();
    for v in objects {
        let obj = match v {
            Visited::Object(obj) => obj,
            Visited::Failed(e) => {
                errors.push(e);
                continue;
            }
        };
        // The DaemonSet side prints its own result lines.
        if let Object::DaemonSet(ds) = &obj {
            if let Err(e) = daemon_set::run(cluster, "undo", p, &ds.metadata.namespace, &ds.metadata.name, io) {
                errors.push(e);
            }
            continue;
        }
        let result = match &obj {
            Object::Deployment(d) => deployment::rollback(cluster, d, to_revision, dry_run),
            other => Err(CmdError::Plain(format!(
                "no rollbacker has been implemented for {}",
                crate::manifest::field::go_quote(&group_kind(other.kind()))
            ))),
        };
        // A printer per object, made after the rollback (`o.ToPrinter(result)`).
        let printed = result.and_then(|text| Printer::new(p, io)?.print(io, &obj, &format!("{text}{suffix}")));
        match printed {
            Ok(()) => {}
            Err(e) => errors.push(e),
        }
    }
    finish_visit(io, errors)
}

/// `kubectl rollout status`: each object in turn, watched until its rollout is done.
fn status(cluster: &mut Cluster, p: &Parsed, objects: Vec<Visited>, io: &mut Io) -> i32 {
    let mut errors = Vec::new();
    for v in objects {
        let obj = match v {
            Visited::Object(obj) => obj,
            Visited::Failed(e) => {
                errors.push(e);
                continue;
            }
        };
        let (ns, name) = (obj.namespace().to_string(), obj.name().to_string());
        let result = match obj.kind() {
            Kind::Deployment => deployment::status(cluster, p, &ns, &name, io),
            Kind::DaemonSet => daemon_set::run(cluster, "status", p, &ns, &name, io),
            other => Err(CmdError::Plain(format!("no status viewer has been implemented for {}", group_kind(other)))),
        };
        if let Err(e) = result {
            errors.push(e);
        }
    }
    finish_visit(io, errors)
}

/// `kubectl rollout pause|resume|restart`: every object read first, then each patched
/// (`set.CalculatePatches`), its errors after the reading's.
fn patch(cluster: &mut Cluster, sub: &str, p: &Parsed, objects: Vec<Visited>, io: &mut Io) -> i32 {
    let mut read_errors = Vec::new();
    let mut infos = Vec::new();
    for v in objects {
        match v {
            Visited::Object(obj) => infos.push(obj),
            Visited::Failed(e) => read_errors.push(e),
        }
    }
    // `r.Infos()`'s error comes first: one alone, several as their aggregate.
    let mut errors: Vec<CmdError> = Vec::new();
    if read_errors.len() > 1 {
        errors.push(CmdError::Group(read_errors));
    } else {
        errors.extend(read_errors);
    }
    if infos.is_empty() && errors.is_empty() {
        io.errlnf(format_args!("No resources found in {} namespace.", namespace_of(p)));
        return 0;
    }
    let operation = match sub {
        "pause" => "paused",
        "resume" => "resumed",
        _ => "restarted",
    };
    for obj in infos {
        if let Object::DaemonSet(ds) = &obj {
            if sub == "restart" {
                if let Err(e) = daemon_set::run(cluster, sub, p, &ds.metadata.namespace, &ds.metadata.name, io) {
                    errors.push(e);
                }
                continue;
            }
        }
        let result = match &obj {
            Object::Deployment(d) => match sub {
                "pause" => deployment::set_paused(cluster, d, true),
                "resume" => deployment::set_paused(cluster, d, false),
                _ => deployment::restart(cluster, d),
            },
            other => {
                let what = match sub {
                    "pause" => "pausing",
                    "resume" => "resuming",
                    _ => "restarting",
                };
                Err(CmdError::Plain(format!(
                    "error: {} {} {what} is not supported",
                    other.kind().group_resource(),
                    crate::manifest::field::go_quote(other.name())
                )))
            }
        };
        match result.and_then(|updated| Printer::new(p, io)?.print(io, &updated, operation)) {
            Ok(()) => {}
            Err(e) => errors.push(e),
        }
    }
    finish_visit(io, errors)
}
/// The positions of `revisions` in the order a `BTreeMap<i64, _>` filled from them in order
/// iterates: by revision, only the last position of each revision (a later insert wins).
pub(crate) fn revision_order(revisions: &[i64]) -> Vec<usize> {
    let key = |i: usize| revisions.get(i).copied().unwrap_or(0);
    // Descending positions among equal revisions put the winner first.
    let mut order = super::sorting::sorted_perm(revisions.len(), &mut |i, j| (key(i), j) < (key(j), i));
    order.dedup_by_key(|i| key(*i));
    order
}
