//! `kubectl set image` and `kubectl set env`: changes to the pod template of Deployments,
//! DaemonSets, ReplicaSets, ReplicationControllers, Jobs and CronJobs (and a Pod's own spec), as
//! kubectl's set_image.go and set_env.go compute them; an object whose template does not change
//! is skipped silently.

use crate::json::{Map, Value};

use super::args::{self, Flag, FlagType, Parsed};
use super::json::Put;
use super::mutate::{self, DryRun, Output, Request};
use super::{fail, fail_cobra, fail_plain, namespace_of, CmdError, Io};
use crate::api::{Kind, Object};
use crate::cluster::Cluster;
use crate::manifest::field::go_quote;

/// What `kubectl set` alone prints (cobra's help for the group, on stderr, exit 1).
const SET_HELP: &str = "Configure application resources.\n\n These commands help you make changes to existing application resources.\n\nAvailable Commands:\n  env              Update environment variables on a pod template\n  image            Update the image of a pod template\n  resources        Update resource requests/limits on objects with pod templates\n  selector         Set the selector on a resource\n  serviceaccount   Update the service account of a resource\n  subject          Update the user, group, or service account in a role binding or cluster role binding\n\nUsage:\n  kubectl set SUBCOMMAND [options]\n\nUse \"kubectl set <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).";

const IMAGE_FLAGS: &[Flag] = &[
    Flag::string("output", Some('o')),
    Flag::string("template", None),
    Flag::bool("show-managed-fields", None),
    Flag::bool("allow-missing-template-keys", None),
    Flag::bool("record", None),
    Flag::array("filename", Some('f')),
    Flag::string("kustomize", Some('k')),
    Flag::bool("recursive", Some('R')),
    Flag::bool("all", None),
    Flag::bool("local", None),
    Flag::optional("dry-run", "unchanged"),
    Flag::string("field-manager", None),
    Flag::string("selector", Some('l')),
];

const ENV_FLAGS: &[Flag] = &[
    Flag::array("filename", Some('f')),
    Flag::string("kustomize", Some('k')),
    Flag::bool("recursive", Some('R')),
    Flag::string("containers", Some('c')),
    Flag::string("from", None),
    Flag::string("prefix", None),
    Flag::array("env", Some('e')),
    Flag::slice("keys", None),
    Flag::bool("list", None),
    Flag::bool("resolve", None),
    Flag::bool("local", None),
    Flag::bool("all", None),
    Flag::bool("overwrite", None),
    Flag::string("field-manager", None),
    Flag::string("selector", Some('l')),
    Flag::string("output", Some('o')),
    Flag::string("template", None),
    Flag::bool("show-managed-fields", None),
    Flag::bool("allow-missing-template-keys", None),
    Flag::optional("dry-run", "unchanged"),
];

/// The names of `kubectl set`'s subcommands, in cobra's order.
const SUBCOMMANDS: &[&str] = &["env", "image", "resources", "selector", "serviceaccount", "subject"];

/// Runs `kubectl set SUBCOMMAND ...`.
pub fn run(cluster: &mut Cluster, _verb: &str, argv: &[String], io: &mut Io) -> i32 {
    let Some(at) = subcommand_position(argv) else {
        io.errln(SET_HELP);
        return 1;
    };
    let sub = argv[at].as_str();
    let mut rest: Vec<String> = argv[..at].to_vec();
    rest.extend_from_slice(&argv[at + 1..]);
    match sub {
        "image" => image(cluster, &rest, io),
        "env" => env(cluster, &rest, io),
        s if SUBCOMMANDS.contains(&s) => {
            fail_plain(io, format!("kubeplay: `kubectl set {s}` is not available in this playground"))
        }
        _ => {
            // cmdutil.DefaultSubCommandRun: every argument (flags aside) joined.
            let words: Vec<&str> = argv[at..].iter().map(String::as_str).filter(|w| !w.starts_with('-')).collect();
            fail(
                io,
                CmdError::Raw(format!(
                    "error: unknown command {}\nSee 'kubectl set -h' for help and examples",
                    go_quote(&words.join(" "))
                )),
            )
        }
    }
}

/// The index of the first word that is not a global flag or its value.
fn subcommand_position(argv: &[String]) -> Option<usize> {
    let mut i = 0;
    while i < argv.len() {
        let a = &argv[i];
        if !a.starts_with('-') || a == "-" {
            return Some(i);
        }
        let takes_value = args::GLOBAL_FLAGS.iter().any(|f| f.ty != FlagType::Bool && f.is_named(a));
        i += if takes_value { 2 } else { 1 };
    }
    None
}

/// Where an object keeps the pod spec `set` changes (`polymorphichelpers.updatePodSpecForObject`).
fn pod_spec_path(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Pod => Some("/spec"),
        Kind::ReplicationController | Kind::Deployment | Kind::DaemonSet | Kind::ReplicaSet | Kind::Job => {
            Some("/spec/template/spec")
        }
        Kind::CronJob => Some("/spec/jobTemplate/spec/template/spec"),
        _ => None,
    }
}

/// The refusal for objects without a pod template, as `CalculatePatches` reports it.
fn no_template(obj: &Object) -> String {
    format!(
        "error: {}/{} the object is not a pod or does not have a pod template: *v1.{}\n",
        obj.kind().info().plural,
        obj.name(),
        obj.kind().name()
    )
}

/// The pod spec of an object's JSON, created as `updatePodSpecForObject` does for an RC without
/// a template.
fn pod_spec_mut<'a>(value: &'a mut Value, path: &str) -> Option<&'a mut Map<String, Value>> {
    let mut cur = value;
    for part in path.split('/').filter(|p| !p.is_empty()) {
        let obj = cur.as_object_mut()?;
        cur = obj.entry(part.to_owned()).or_insert_with(|| Value::Object(Map::new()));
        if cur.is_null() {
            *cur = Value::Object(Map::new());
        }
    }
    cur.as_object_mut()
}

/// An item error of a set command: `error: ...` already in its text, as kubectl builds them.
fn item_error(text: String) -> CmdError {
    CmdError::Plain(text)
}

/// Prints an object the typed client returned: `-o json` in Go struct order (kubectl's JSON printer
/// marshals the typed object), the rest as the other printers do.
fn print_typed(io: &mut Io, out: Output, kind: Kind, value: &Value, operation: &str, dry: DryRun) {
    match out {
        Output::Json => io.out.push_str(&super::create_gen::go_json(value, Some(kind))),
        other => mutate::print(io, other, kind, value, operation, dry),
    }
}

/// Sends the changed object (the two-way strategic patch kubectl computes from it leads the
/// apiserver to the same object) and prints the answer.
#[allow(clippy::too_many_arguments)]
fn send(
    cluster: &mut Cluster,
    obj: &Object,
    after: Value,
    dry: DryRun,
    out: Output,
    operation: &str,
    what: &str,
    io: &mut Io,
) -> Result<(), CmdError> {
    if dry == DryRun::Client {
        print_typed(io, out, obj.kind(), &after, operation, dry);
        return Ok(());
    }
    match cluster.update_value(obj.kind(), after, dry == DryRun::Server) {
        Ok(stored) => {
            print_typed(io, out, obj.kind(), &stored.to_printed_value(), operation, dry);
            Ok(())
        }
        Err(err) => Err(CmdError::Plain(format!("failed to patch {what} update to pod template: {}", err.message()))),
    }
}

/// `kubectl set image`.
fn image(cluster: &mut Cluster, argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl set image", IMAGE_FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    mutate::warn_record(&p, argv, io);
    let dry = match mutate::dry_run(cluster, &p, io) {
        Ok(d) => d,
        Err(e) => return fail(io, e),
    };
    let out = match mutate::output(&p) {
        Ok(o) => o,
        Err(e) => return fail(io, e),
    };
    let (resources, images) = match resources_and_images(&p.args) {
        Ok(r) => r,
        Err(e) => return fail(io, e),
    };
    if p.flag("local") || !p.all("filename").is_empty() {
        return fail_plain(
            io,
            "kubeplay: -f and --local are not available for set image in this playground; name the objects instead"
                .into(),
        );
    }
    let ns = namespace_of(&p);
    let selected = match mutate::select(
        cluster,
        &Request {
            args: &resources,
            all: p.flag("all"),
            selector: p.get("selector"),
            field_selector: None,
            all_namespaces: false,
            namespace: &ns,
        },
    ) {
        Ok(s) => s,
        Err(e) => return fail(io, e),
    };
    if !selected.errors.is_empty() {
        return mutate::finish_all(io, selected.errors);
    }
    let mut invalid = Vec::new();
    if p.flag("all") && p.get("selector").is_some_and(|s| !s.is_empty()) {
        invalid.push(CmdError::Plain("cannot set --all and --selector at the same time".into()));
    }
    if resources.is_empty() {
        invalid.push(CmdError::Plain(
            "one or more resources must be specified as <resource> <name> or <resource>/<name>".into(),
        ));
    }
    if images.is_empty() {
        invalid.push(CmdError::Plain("at least one image update is required".into()));
    } else if images.len() > 1 && images.iter().any(|(k, _)| k == "*") {
        invalid.push(CmdError::Plain(
            "all containers are already specified by *, but saw more than one container_name=container_image pairs"
                .into(),
        ));
    }
    if !invalid.is_empty() {
        return mutate::finish_all(io, invalid);
    }
    let cause = p.flag("record").then(|| mutate::change_cause(&["set", "image"], IMAGE_FLAGS, argv));
    let mut errors = Vec::new();
    for obj in &selected.objects {
        let Some(path) = pod_spec_path(obj.kind()) else {
            errors.push(CmdError::Raw(no_template(obj).trim_end().to_string()));
            continue;
        };
        let before = obj.to_printed_value();
        let mut after = before.clone();
        if let Some(spec) = pod_spec_mut(&mut after, path) {
            for (name, image) in &images {
                let init = set_image(spec, "initContainers", name, image);
                let main = set_image(spec, "containers", name, image);
                if !init && !main {
                    errors.push(item_error(format!("error: unable to find container named {}", go_quote(name))));
                }
            }
        }
        if let Some(cause) = &cause {
            mutate::record(&mut after, cause);
        }
        if after == before {
            continue;
        }
        if let Err(e) = send(cluster, obj, after, dry, out, "image updated", "image", io) {
            errors.push(e);
        }
    }
    mutate::finish_all(io, errors)
}

/// Resources and `container=image` pairs.
type ResourcesAndImages = (Vec<String>, Vec<(String, String)>);

/// `getResourcesAndImages`: resources, then `container=image` pairs (map order: by name).
fn resources_and_images(args: &[String]) -> Result<ResourcesAndImages, CmdError> {
    let mut resources = Vec::new();
    let mut pairs: Vec<String> = Vec::new();
    for s in args {
        let is_pair = (s.contains('=') && !s.starts_with('=')) || (s.ends_with('-') && s != "-");
        if is_pair {
            pairs.push(s.clone());
        } else if pairs.is_empty() {
            resources.push(s.clone());
        } else {
            return Err(CmdError::Plain(format!("all resources must be specified before image changes: {s}")));
        }
    }
    let mut images: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    let mut invalid = Vec::new();
    for s in &pairs {
        match s.split_once('=') {
            Some((k, v)) if !k.is_empty() => {
                images.insert(k.to_string(), v.to_string());
            }
            _ => invalid.push(s.clone()),
        }
    }
    if !invalid.is_empty() {
        return Err(CmdError::Plain(format!("invalid image format: {}", invalid.join(", "))));
    }
    Ok((resources, images.into_iter().collect()))
}

/// `setImage`: every container named `name` (or all for `*`) in the list gets `image`.
fn set_image(spec: &mut Map<String, Value>, list: &str, name: &str, image: &str) -> bool {
    let Some(Value::Array(containers)) = spec.get_mut(list) else { return false };
    let mut found = false;
    for c in containers.iter_mut() {
        let Some(c) = c.as_object_mut() else { continue };
        if name == "*" || c.get("name").and_then(Value::as_str) == Some(name) {
            found = true;
            c.put("image", Value::String(image.to_string()));
        }
    }
    found
}

/// One environment variable as the command line gives it.
#[derive(Clone, Debug, PartialEq)]
struct EnvVar {
    name: String,
    value: String,
}

impl EnvVar {
    fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.put("name", Value::String(self.name.clone()));
        if !self.value.is_empty() {
            m.put("value", Value::String(self.value.clone()));
        }
        Value::Object(m)
    }
}

/// env_parse.go `IsEnvironmentArgument`: `(?ms)^(.+)=(.*)$`.
fn is_env_argument(s: &str) -> bool {
    s.find('=').is_some_and(|i| i > 0) || s.char_indices().skip(1).any(|(_, c)| c == '=')
}

/// `kubectl set env`.
fn env(cluster: &mut Cluster, argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl set env", ENV_FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    match env_run(cluster, &p, io) {
        Ok(errors) => mutate::finish_all(io, errors),
        Err(e) => fail(io, e),
    }
}

fn env_run(cluster: &mut Cluster, p: &Parsed, io: &mut Io) -> Result<Vec<CmdError>, CmdError> {
    let selector = p.get("selector").unwrap_or("");
    if p.flag("all") && !selector.is_empty() {
        return Err(CmdError::Plain("cannot set --all and --selector at the same time".into()));
    }
    // SplitEnvironmentFromResources.
    let mut resources = Vec::new();
    let mut env_args = Vec::new();
    for s in &p.args {
        let is_env = is_env_argument(s) || s.ends_with('-');
        if is_env {
            env_args.push(s.clone());
        } else if env_args.is_empty() {
            resources.push(s.clone());
        } else {
            return Err(CmdError::Plain(format!(
                "all resources must be specified before environment changes: {}",
                p.args.join(" ")
            )));
        }
    }
    let dry = mutate::dry_run(cluster, p, io)?;
    let out = mutate::output(p)?;
    let local = p.flag("local");
    if local && dry == DryRun::Server {
        return Err(CmdError::Plain(
            "cannot specify --local and --dry-run=server - did you mean --dry-run=client?".into(),
        ));
    }
    if p.all("filename").is_empty() && resources.is_empty() {
        return Err(CmdError::Plain(
            "one or more resources must be specified as <resource> <name> or <resource>/<name>".into(),
        ));
    }
    let list = p.flag("list");
    if list && p.get("output").is_some_and(|o| !o.is_empty()) {
        return Err(CmdError::Plain("--list and --output may not be specified together".into()));
    }
    if !p.all("keys").is_empty() && p.get("from").unwrap_or("").is_empty() {
        return Err(CmdError::Plain(
            "when specifying --keys, a configmap or secret must be provided with --from".into(),
        ));
    }
    let mut specs = p.all("env");
    specs.extend(env_args.iter().cloned());
    let (mut env, remove) = parse_env(&specs, io.stdin)?;
    let ns = namespace_of(p);
    if let Some(from) = p.get("from").filter(|f| !f.is_empty()) {
        let from = vec![from.to_string()];
        let selected = mutate::select(
            cluster,
            &Request {
                args: &from,
                all: p.flag("all"),
                selector: p.get("selector"),
                field_selector: None,
                all_namespaces: false,
                namespace: &ns,
            },
        )?;
        if let Some(e) = selected.errors.into_iter().next() {
            return Err(e);
        }
        if !selected.objects.is_empty() {
            return Err(CmdError::Plain("unsupported resource specified in --from".into()));
        }
    }
    if let Some(prefix) = p.get("prefix").filter(|s| !s.is_empty()) {
        for e in &mut env {
            e.name = format!("{prefix}{}", e.name);
        }
    }
    if local || !p.all("filename").is_empty() {
        return Err(CmdError::Plain(
            "kubeplay: -f and --local are not available for set env in this playground; name the objects instead"
                .into(),
        ));
    }
    let selected = mutate::select(
        cluster,
        &Request {
            args: &resources,
            all: p.flag("all"),
            selector: p.get("selector"),
            field_selector: None,
            all_namespaces: false,
            namespace: &ns,
        },
    )?;
    if let Some(e) = selected.errors.into_iter().next() {
        return Err(e);
    }
    let container_selector = p.get("containers").unwrap_or("*").to_string();
    let overwrite = !p.has("overwrite") || p.flag("overwrite");
    let mut errors = Vec::new();
    for obj in &selected.objects {
        let Some(path) = pod_spec_path(obj.kind()) else {
            errors.push(CmdError::Raw(no_template(obj).trim_end().to_string()));
            continue;
        };
        let before = obj.to_printed_value();
        let mut after = before.clone();
        let Some(spec) = pod_spec_mut(&mut after, path) else { continue };
        match update_containers(spec, &container_selector, &env, &remove, overwrite, list, obj, io) {
            Ok(()) => {}
            Err(message) => {
                errors.push(CmdError::Raw(format!("error: {}/{} {message}", obj.kind().info().plural, obj.name())));
                continue;
            }
        }
        if list || after == before {
            continue;
        }
        if let Err(e) = send(cluster, obj, after, dry, out, "env updated", "env", io) {
            errors.push(e);
            continue;
        }
        if env.is_empty() && env_args.is_empty() {
            return Err(CmdError::Plain("at least one environment variable must be provided".into()));
        }
    }
    Ok(errors)
}

/// `parseIntoEnvVar`: `KEY=value`, `KEY-`, and `-` for lines from standard input.
fn parse_env(specs: &[String], stdin: Option<&str>) -> Result<(Vec<EnvVar>, Vec<String>), CmdError> {
    let mut env = Vec::new();
    let mut remove = Vec::new();
    let mut named = Vec::new();
    for s in specs {
        if s == "-" {
            let Some(text) = stdin else {
                return Err(CmdError::Plain("when '-' is used, STDIN must be open".into()));
            };
            for line in text.lines() {
                let line = line.split('#').next().unwrap_or("");
                if let Some((k, v)) = line.split_once('=') {
                    env.push(EnvVar { name: k.to_string(), value: v.to_string() });
                }
            }
        } else if let Some((k, v)) = s.split_once('=') {
            let errs = crate::manifest::validate::is_env_var_name(k);
            if !errs.is_empty() {
                return Err(CmdError::Plain(format!("{} is not a valid key name: {}", go_quote(k), errs.join(";"))));
            }
            named.push(k.to_string());
            env.push(EnvVar { name: k.to_string(), value: v.to_string() });
        } else if let Some(k) = s.strip_suffix('-') {
            remove.push(k.to_string());
        } else {
            return Err(CmdError::Plain(format!("unknown environment variable: {s}")));
        }
    }
    if remove.iter().any(|r| named.contains(r)) {
        return Err(CmdError::Plain(
            "can not both modify and remove the same environment variable in the same command".into(),
        ));
    }
    Ok((env, remove))
}

/// set/helper.go `selectString`: `*` globs in a container name selector.
fn select_string(s: &str, spec: &str) -> bool {
    if spec == "*" {
        return true;
    }
    if !spec.contains('*') {
        return s == spec;
    }
    let parts: Vec<&str> = spec.split('*').collect();
    let mut pos = 0usize;
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() {
            continue;
        }
        let Some(next) = s.get(pos..).and_then(|rest| rest.find(part)).map(|n| n + pos) else {
            return false;
        };
        if i == 0 && next != 0 {
            return false;
        }
        if i == parts.len() - 1 && s.len() != part.len() + next {
            return false;
        }
        pos = next;
    }
    true
}

/// The env of every selected container updated (`updateEnv`), or listed with `--list`.
#[allow(clippy::too_many_arguments)]
fn update_containers(
    spec: &mut Map<String, Value>,
    selector: &str,
    env: &[EnvVar],
    remove: &[String],
    overwrite: bool,
    list: bool,
    obj: &Object,
    io: &mut Io,
) -> Result<(), String> {
    let mut matched = 0;
    for list_name in ["containers", "initContainers"] {
        let Some(Value::Array(containers)) = spec.get_mut(list_name) else { continue };
        for c in containers.iter_mut() {
            let Some(c) = c.as_object_mut() else { continue };
            let name = c.get("name").and_then(Value::as_str).unwrap_or("").to_string();
            if !select_string(&name, selector) {
                continue;
            }
            matched += 1;
            let existing: Vec<Value> = c.get("env").and_then(Value::as_array).cloned().unwrap_or_default();
            if !overwrite {
                for e in env {
                    let current = existing.iter().find(|x| x.get("name").and_then(Value::as_str) == Some(&e.name));
                    if let Some(cur) = current {
                        let value = cur.get("value").and_then(Value::as_str).unwrap_or("");
                        if value != e.value {
                            return Err(format!(
                                "'{}' already has a value ({value}), and --overwrite is false",
                                e.name
                            ));
                        }
                    }
                }
            }
            let updated = update_env(&existing, env, remove);
            if list {
                io.outlnf(format_args!("# {} {}, container {name}", obj.kind().name(), obj.name()));
                for e in &updated {
                    let n = e.get("name").and_then(Value::as_str).unwrap_or("");
                    match e.get("valueFrom") {
                        Some(from) => io.outlnf(format_args!("# {n} from {}", ref_string(from))),
                        None => io.outlnf(format_args!("{n}={}", e.get("value").and_then(Value::as_str).unwrap_or(""))),
                    }
                }
            }
            if updated.is_empty() {
                c.remove("env");
            } else {
                c.put("env", Value::Array(updated));
            }
        }
    }
    if matched == 0 {
        io.errlnf(format_args!(
            "Warning: {}/{} does not have any containers matching {}",
            obj.kind().name(),
            obj.name(),
            go_quote(selector)
        ));
    }
    Ok(())
}

/// set_env.go `updateEnv`: additions replace variables of the same name in place, new ones are
/// appended, removals drop every variable of the name.
fn update_env(existing: &[Value], env: &[EnvVar], remove: &[String]) -> Vec<Value> {
    let mut out = Vec::new();
    let mut covered: Vec<String> = remove.to_vec();
    for e in existing {
        let name = e.get("name").and_then(Value::as_str).unwrap_or("").to_string();
        if covered.contains(&name) {
            continue;
        }
        if let Some(newer) = env.iter().find(|x| x.name == name) {
            covered.push(name);
            out.push(newer.to_json());
            continue;
        }
        out.push(e.clone());
    }
    for e in env {
        if covered.contains(&e.name) {
            continue;
        }
        covered.push(e.name.clone());
        out.push(e.to_json());
    }
    out
}

/// `GetEnvVarRefString`.
fn ref_string(from: &Value) -> String {
    let s = |p: &str| from.pointer(p).and_then(Value::as_str).unwrap_or("").to_string();
    if from.get("configMapKeyRef").is_some() {
        format!("configmap {}, key {}", s("/configMapKeyRef/name"), s("/configMapKeyRef/key"))
    } else if from.get("secretKeyRef").is_some() {
        format!("secret {}, key {}", s("/secretKeyRef/name"), s("/secretKeyRef/key"))
    } else if from.get("fieldRef").is_some() {
        format!("field path {}", s("/fieldRef/fieldPath"))
    } else if from.get("resourceFieldRef").is_some() {
        let container = s("/resourceFieldRef/containerName");
        let prefix = if container.is_empty() { String::new() } else { format!("{container}/") };
        format!("resource field {prefix}{}", s("/resourceFieldRef/resource"))
    } else {
        "invalid valueFrom".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_selectors_glob_as_select_string_does() {
        let cases = [
            ("web", "*", true),
            ("web", "web", true),
            ("web", "we", false),
            ("web", "w*", true),
            ("web", "*b", true),
            ("web", "*e*", true),
            ("web", "x*", false),
            ("sidecar", "*car", true),
        ];
        for (s, spec, want) in cases {
            assert_eq!(select_string(s, spec), want, "{s} {spec}");
        }
    }

    #[test]
    fn env_updates_replace_in_place_and_append() {
        let existing =
            vec![crate::json::json!({"name": "A", "value": "1"}), crate::json::json!({"name": "B", "value": "2"})];
        let env =
            vec![EnvVar { name: "B".into(), value: "3".into() }, EnvVar { name: "C".into(), value: String::new() }];
        let got = update_env(&existing, &env, &["A".to_string()]);
        assert_eq!(got, vec![crate::json::json!({"name": "B", "value": "3"}), crate::json::json!({"name": "C"})]);
    }
}
