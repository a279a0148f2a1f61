//! What the verbs that change objects share: resolving `TYPE NAME`, `TYPE/NAME`, `-l` and `--all`
//! into objects as cli-runtime's resource builder does, `--dry-run` with its deprecation warnings,
//! the printers of `-o name|yaml|json` and the `<kind.group>/<name> <operation>` line, klog's line
//! format, `--record`'s change-cause, and the apiserver's precondition on `metadata.resourceVersion`.

use crate::json::Value;

use super::args::{Flag, FlagType, Parsed, GLOBAL_FLAGS};
use super::resources::resolve_type;
use super::{CmdError, Io};
use crate::api::meta::{civil_from_unix, EPOCH_UNIX_MS};
use crate::api::{Kind, Object};
use crate::cluster::{ApiError, Cluster};
use crate::manifest::field::go_quote;
use crate::store::Key;

/// The flags cli-runtime's `PrintFlags` adds to a command.
pub const PRINT_FLAGS: &[Flag] = &[
    Flag::string("output", Some('o')),
    Flag::string("template", None),
    Flag::bool("show-managed-fields", None),
    Flag::bool("allow-missing-template-keys", None),
];

/// The process id kubeplay's klog lines carry (a real kubectl prints its own pid there).
pub const KLOG_PID: u32 = 4242;

/// The annotation `--record` writes (`kubernetes.io/change-cause`).
pub const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";

/// A klog header line as klog's text format writes it: `E1126 18:28:22.872614    4242 run.go:72] msg`,
/// stamped with the virtual clock (to the millisecond) and [`KLOG_PID`].
pub fn klog_line(cluster: &Cluster, severity: char, source: &str, message: &str) -> String {
    let ms = EPOCH_UNIX_MS.saturating_add(i64::try_from(cluster.now()).unwrap_or(i64::MAX));
    let (_, month, day, hour, minute, second) = civil_from_unix(ms.div_euclid(1000));
    let micros = ms.rem_euclid(1000) * 1000;
    format!(
        "{severity}{month:02}{day:02} {hour:02}:{minute:02}:{second:02}.{micros:06} {KLOG_PID:>7} {source}] {message}"
    )
}

/// What kubectl v1.32 prints when cobra finds required flags missing (component-base's `run`
/// logs the error through klog): `E... run.go:72] "command failed" err="required flag(s) \"image\" not set"`.
pub fn required_flags(cluster: &Cluster, p: &Parsed, required: &[&str]) -> Option<CmdError> {
    let missing: Vec<String> = required.iter().filter(|f| !p.has(f)).map(|f| go_quote(f)).collect();
    if missing.is_empty() {
        return None;
    }
    let err = format!("required flag(s) {} not set", missing.join(", "));
    Some(CmdError::Raw(klog_line(cluster, 'E', "run.go:72", &format!("\"command failed\" err={}", go_quote(&err)))))
}

/// `--dry-run`'s strategy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DryRun {
    None,
    Client,
    Server,
}

impl DryRun {
    /// What `PrintFlagsWithDryRunStrategy` appends to the operation.
    pub fn suffix(self) -> &'static str {
        match self {
            DryRun::None => "",
            DryRun::Client => " (dry run)",
            DryRun::Server => " (server dry run)",
        }
    }
}

/// `cmdutil.GetDryRunStrategy`, its klog warnings written to stderr.
pub fn dry_run(cluster: &Cluster, p: &Parsed, io: &mut Io) -> Result<DryRun, CmdError> {
    let value = p.get("dry-run").unwrap_or("none");
    let parsed_bool = match value {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    };
    match parsed_bool {
        Some(true) => {
            let text =
                format!("--dry-run={value} is deprecated (boolean value) and can be replaced with --dry-run=client.");
            io.errln(&klog_line(cluster, 'W', "helpers.go:716", &text));
            Ok(DryRun::Client)
        }
        Some(false) => {
            let text =
                format!("--dry-run={value} is deprecated (boolean value) and can be replaced with --dry-run=none.");
            io.errln(&klog_line(cluster, 'W', "helpers.go:719", &text));
            Ok(DryRun::None)
        }
        None => match value {
            "unchanged" => {
                let text = "--dry-run is deprecated and can be replaced with --dry-run=client.";
                io.errln(&klog_line(cluster, 'W', "helpers.go:702", text));
                Ok(DryRun::Client)
            }
            "client" => Ok(DryRun::Client),
            "server" => Ok(DryRun::Server),
            "none" => Ok(DryRun::None),
            other => Err(CmdError::Plain(format!(
                "Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
            ))),
        },
    }
}

/// What `-o` asks a mutating verb to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// The `<kind.group>/<name> <operation>` line.
    Line,
    Name,
    Yaml,
    Json,
}

/// The formats `PrintFlags` offers a command without table printing, in kubectl's order.
const PRINT_FORMATS: &str =
    "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml";

/// `PrintFlags.ToPrinter`: the printer `-o` names, or kubectl's refusal.
pub fn output(p: &Parsed) -> Result<Output, CmdError> {
    let raw = p.get("output").unwrap_or("");
    let format = raw.split_once('=').map_or(raw, |(f, _)| f);
    match format {
        "" => Ok(Output::Line),
        "name" => Ok(Output::Name),
        "yaml" => Ok(Output::Yaml),
        "json" => Ok(Output::Json),
        "go-template" | "go-template-file" | "jsonpath" | "jsonpath-as-json" | "jsonpath-file" | "template"
        | "templatefile" => Err(CmdError::Plain(format!(
            "kubeplay: -o {format} is not available in this playground; use -o yaml, -o json or -o name"
        ))),
        _ => Err(CmdError::Plain(format!(
            "unable to match a printer suitable for the output format {}, allowed formats are: {PRINT_FORMATS}",
            go_quote(raw)
        ))),
    }
}

/// Prints an object as `-o` asks: the name printer's `<kind.group>/<name> <operation>` (cli-runtime
/// `NamePrinter`), or the object as YAML or JSON.
pub fn print(io: &mut Io, out: Output, kind: Kind, value: &Value, operation: &str, dry: DryRun) {
    let name = value.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("");
    match out {
        Output::Line => io.outlnf(format_args!("{}/{name} {operation}{}", kind.kind_group(), dry.suffix())),
        Output::Name => io.outlnf(format_args!("{}/{name}", kind.kind_group())),
        Output::Yaml => io.out.push_str(&super::yaml::to_yaml(value)),
        Output::Json => io.out.push_str(&super::json::to_json(value)),
    }
}

/// The `Flag --record has been deprecated` line pflag prints each time the flag is set.
pub fn warn_record(p: &Parsed, argv: &[String], io: &mut Io) {
    if !p.has("record") {
        return;
    }
    let times = argv.iter().filter(|a| *a == "--record" || a.starts_with("--record=")).count().max(1);
    for _ in 0..times {
        io.errln("Flag --record has been deprecated, --record will be removed in the future");
    }
}

/// The change-cause `--record` writes, as cli-runtime's `parseCommandArguments` rebuilds the command
/// line: `kubectl`, the positional arguments, then every flag given as ` --long-name=value` in the
/// order given (`kubectl set image deployment web web=nginx:1.25 --record=true`).
pub fn change_cause(command: &[&str], flags: &[Flag], argv: &[String]) -> String {
    let all: Vec<&Flag> = flags.iter().chain(GLOBAL_FLAGS.iter()).collect();
    let mut positional: Vec<String> = command.iter().map(|s| s.to_string()).collect();
    let mut given: Vec<String> = Vec::new();
    let mut i = 0;
    while i < argv.len() {
        let a = &argv[i];
        i += 1;
        if a == "--" {
            positional.extend(argv[i..].iter().cloned());
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let Some(flag) = all.iter().find(|f| f.long == name) else { continue };
            let value = match inline {
                Some(v) => v,
                None if flag.ty == FlagType::Bool => "true".into(),
                None if flag.no_opt_default.is_some() => flag.no_opt_default.unwrap_or_default().into(),
                None => {
                    let v = argv.get(i).cloned().unwrap_or_default();
                    i += 1;
                    v
                }
            };
            given.push(format!(" --{}={value}", flag.long));
        } else if a.len() > 1 && a.starts_with('-') {
            let chars: Vec<char> = a[1..].chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let Some(flag) = all.iter().find(|f| f.short == Some(chars[j])) else { break };
                let rest: String = chars[j + 1..].iter().collect();
                if flag.ty == FlagType::Bool {
                    if let Some(v) = rest.strip_prefix('=') {
                        given.push(format!(" --{}={v}", flag.long));
                        break;
                    }
                    given.push(format!(" --{}=true", flag.long));
                    j += 1;
                    continue;
                }
                let value = if let Some(v) = rest.strip_prefix('=') {
                    v.to_string()
                } else if !rest.is_empty() {
                    rest
                } else {
                    let v = argv.get(i).cloned().unwrap_or_default();
                    i += 1;
                    v
                };
                given.push(format!(" --{}={value}", flag.long));
                break;
            }
        } else {
            positional.push(a.clone());
        }
    }
    format!("kubectl {}{}", positional.join(" "), given.concat())
}

/// Sets the change-cause annotation on an object's JSON (`ChangeCauseRecorder.Record`).
pub fn record(value: &mut Value, cause: &str) {
    set_annotation(value, CHANGE_CAUSE, cause);
}

/// Sets one annotation on an object's JSON, creating `metadata.annotations` when needed.
pub fn set_annotation(value: &mut Value, key: &str, text: &str) {
    let Some(obj) = value.as_object_mut() else { return };
    let meta = obj.entry("metadata".to_owned()).or_insert_with(|| Value::Object(crate::json::Map::new()));
    let Some(meta) = meta.as_object_mut() else { return };
    let ann = meta.entry("annotations".to_owned()).or_insert_with(|| Value::Object(crate::json::Map::new()));
    if !ann.is_object() {
        *ann = Value::Object(crate::json::Map::new());
    }
    if let Some(a) = ann.as_object_mut() {
        a.insert(key.to_string(), Value::String(text.to_string()));
    }
}

/// What the builder was asked to select.
pub struct Request<'a> {
    pub args: &'a [String],
    /// `--all`: an empty selector selects everything.
    pub all: bool,
    pub selector: Option<&'a str>,
    pub field_selector: Option<&'a str>,
    pub all_namespaces: bool,
    pub namespace: &'a str,
}

/// The objects a request selected, the errors met while fetching them (kubectl reports them after
/// the others are done), and whether a single item was named (`IntoSingleItemImplied`).
pub struct Selected {
    pub objects: Vec<Object>,
    pub errors: Vec<CmdError>,
    pub single: bool,
}

/// cli-runtime's `missingResourceError`.
pub const MISSING_RESOURCE: &str = "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

fn kind_of(arg: &str) -> Result<Kind, CmdError> {
    resolve_type(arg).ok_or_else(|| CmdError::Plain(super::resources::unknown_type(arg)))
}

/// One named object, or the apiserver's NotFound.
pub fn fetch(cluster: &Cluster, kind: Kind, namespace: &str, name: &str) -> Result<Object, ApiError> {
    let ns = if kind.namespaced() { namespace } else { "" };
    cluster.store().get(kind, &Key::new(ns, name)).cloned().ok_or_else(|| ApiError::not_found(kind, name))
}

/// The builder's `ResourceTypeOrNameArgs` + `LabelSelectorParam` + `Do` + `Latest`: the objects
/// the arguments name, or the error that stops the command before anything is visited.
pub fn select(cluster: &Cluster, r: &Request) -> Result<Selected, CmdError> {
    let slashes = r.args.iter().filter(|a| a.contains('/')).count();
    let selector = r.selector.map(str::trim).filter(|s| !s.is_empty());
    let field_selector = r.field_selector.map(str::trim).filter(|s| !s.is_empty());
    if slashes > 0 {
        if slashes != r.args.len() {
            return Err(CmdError::Plain(super::resources::SelectionError::MixedForms.to_string()));
        }
        let mut tuples = Vec::new();
        for a in r.args {
            let parts: Vec<&str> = a.split('/').collect();
            let [t, n] = parts[..] else {
                return Err(CmdError::Plain("arguments in resource/name form may not have more than one slash".into()));
            };
            if t.is_empty() || n.is_empty() || t.split(',').filter(|s| !s.is_empty()).count() != 1 {
                return Err(CmdError::Plain(
                    "arguments in resource/name form must have a single resource and name".into(),
                ));
            }
            tuples.push((t.to_string(), n.to_string()));
        }
        if selector.is_some() || field_selector.is_some() {
            return Err(CmdError::Plain(
                "selectors and the all flag cannot be used when passing resource/name arguments".into(),
            ));
        }
        let mut out = Selected { objects: Vec::new(), errors: Vec::new(), single: tuples.len() == 1 };
        for (t, n) in tuples {
            let kind = kind_of(&t)?;
            match fetch(cluster, kind, r.namespace, &n) {
                Ok(o) => out.objects.push(o),
                Err(e) => out.errors.push(CmdError::Api { err: e, context: None }),
            }
        }
        return Ok(out);
    }
    let types: Vec<&str> = r.args.first().map(|t| t.split(',').filter(|s| !s.is_empty()).collect()).unwrap_or_default();
    let names: Vec<&String> = r.args.iter().skip(1).collect();
    let everything = names.is_empty() && r.all && !types.is_empty();
    if selector.is_some() || field_selector.is_some() || everything {
        if !names.is_empty() {
            return Err(CmdError::Plain("name cannot be provided when a selector is specified".into()));
        }
        if types.is_empty() {
            return Err(CmdError::Plain("at least one resource must be specified to use a selector".into()));
        }
        let mut kinds = Vec::new();
        for t in &types {
            kinds.push(kind_of(t)?);
        }
        let mut out = Selected { objects: Vec::new(), errors: Vec::new(), single: false };
        let selectors = super::get::Selectors {
            label_text: selector.unwrap_or("").to_string(),
            field_text: field_selector.unwrap_or("").to_string(),
        };
        for kind in kinds {
            // The apiserver parses the selectors of each list request (kubectl sends them as is).
            let (labels, fields) = selectors.for_kind(kind).map_err(|err| CmdError::Api { err, context: None })?;
            let listed: Vec<Object> = if kind.namespaced() && !r.all_namespaces {
                cluster.store().list_in(kind, r.namespace).cloned().collect()
            } else {
                cluster.store().list(kind).cloned().collect()
            };
            for o in listed {
                if !labels.matches(&o.meta().labels) || !fields.matches(&o) {
                    continue;
                }
                out.objects.push(o);
            }
        }
        return Ok(out);
    }
    if !names.is_empty() {
        if types.len() > 1 {
            return Err(CmdError::Plain("you must specify only one resource".into()));
        }
        let kind = kind_of(types.first().copied().unwrap_or(""))?;
        let mut out = Selected { objects: Vec::new(), errors: Vec::new(), single: names.len() == 1 };
        for n in names {
            match fetch(cluster, kind, r.namespace, n) {
                Ok(o) => out.objects.push(o),
                Err(e) => out.errors.push(CmdError::Api { err: e, context: None }),
            }
        }
        return Ok(out);
    }
    if !types.is_empty() {
        for t in &types {
            kind_of(t)?;
        }
        return Err(CmdError::Plain("resource(s) were provided, but no name was specified".into()));
    }
    Err(CmdError::Plain(MISSING_RESOURCE.into()))
}

/// The apiserver's check of a `metadata.resourceVersion` the request carries against the stored
/// object's: a mismatch is a Conflict.
pub fn check_resource_version(current: &Object, wanted: &str) -> Result<(), ApiError> {
    if wanted.is_empty() || current.meta().resource_version == wanted {
        return Ok(());
    }
    Err(ApiError::Conflict {
        resource: current.kind().group_resource(),
        name: current.name().to_string(),
        reason: "the object has been modified; please apply your changes to the latest version and try again".into(),
    })
}

/// Errors of one visited object as `ContinueOnErrorVisitor` reports them: alone, an aggregate of
/// several prints one message per line (no `error: `); in a list of several objects' errors, it
/// prints as Go prints an aggregate (`[a, b]`).
pub fn aggregate(messages: Vec<String>) -> CmdError {
    match messages.len() {
        1 => CmdError::Plain(messages.into_iter().next().unwrap_or_default()),
        _ => CmdError::Raw(messages.join("\n")),
    }
}

/// The errors of a whole command: several become a list in which an object's aggregate prints as
/// `[a, b]`.
pub fn finish_all(io: &mut Io, errors: Vec<CmdError>) -> i32 {
    if errors.len() > 1 {
        let listed: Vec<CmdError> = errors
            .into_iter()
            .map(|e| match e {
                CmdError::Raw(s) if s.contains('\n') => CmdError::Raw(format!("[{}]", s.replace('\n', ", "))),
                other => other,
            })
            .collect();
        return super::finish(io, &listed);
    }
    super::finish(io, &errors)
}

/// A stable pseudo-random source for the random parts of generated text (container name suffixes,
/// temporary file names): seeded by the cluster's seed, the virtual time and `salt`, so the same
/// script prints the same text without drawing from the simulation's own stream.
pub fn local_rng(cluster: &Cluster, salt: &str) -> crate::sim::Rng {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in salt.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    crate::sim::Rng::new(cluster.seed() ^ h ^ cluster.now().rotate_left(17))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn the_change_cause_is_rebuilt_as_parse_command_arguments_rebuilds_it() {
        const FLAGS: &[Flag] = &[Flag::bool("record", None), Flag::string("selector", Some('l'))];
        let cases = [
            (
                vec!["set", "image"],
                "deployment myapp-deploy myapp=busybox:v3 --record",
                "kubectl set image deployment myapp-deploy myapp=busybox:v3 --record=true",
            ),
            (
                vec!["scale"],
                "-n default --record=1 deploy web",
                "kubectl scale deploy web --namespace=default --record=1",
            ),
            (vec!["label"], "pods -l app=web x=y --record", "kubectl label pods x=y --selector=app=web --record=true"),
        ];
        for (command, argv, want) in cases {
            assert_eq!(change_cause(&command, FLAGS, &words(argv)), want, "{argv}");
        }
    }

    #[test]
    fn klog_lines_carry_the_virtual_clock_and_the_fixed_pid() {
        let c = Cluster::empty(1);
        assert_eq!(
            klog_line(&c, 'E', "run.go:72", "\"command failed\""),
            "E0101 00:00:00.000000    4242 run.go:72] \"command failed\""
        );
    }
}
