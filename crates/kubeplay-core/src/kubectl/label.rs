//! `kubectl label` and `kubectl annotate`: `key=value` and `key-` changes to labels or annotations,
//! `--overwrite`, `--list`, `--resource-version`, over `TYPE NAME`, `TYPE/NAME`, `-l` and `--all`,
//! as kubectl's label.go and annotate.go do them (the change sent as a JSON merge patch).

use std::collections::BTreeMap;

use crate::json::{Map, Value};

use super::args::{self, Flag, Parsed};
use super::mutate::{self, DryRun, Output, Request};
use super::{fail, fail_cobra, fail_plain, namespace_of, CmdError, Io};
use crate::api::Object;
use crate::cluster::Cluster;
use crate::manifest::field::go_quote;
use crate::manifest::validate::is_valid_label_value;

const FLAGS: &[Flag] = &[
    Flag::string("output", Some('o')),
    Flag::string("template", None),
    Flag::bool("show-managed-fields", None),
    Flag::bool("allow-missing-template-keys", None),
    Flag::bool("record", None),
    Flag::bool("overwrite", None),
    Flag::bool("list", None),
    Flag::bool("local", None),
    Flag::string("field-selector", None),
    Flag::bool("all", None),
    Flag::bool("all-namespaces", Some('A')),
    Flag::string("resource-version", None),
    Flag::array("filename", Some('f')),
    Flag::string("kustomize", Some('k')),
    Flag::bool("recursive", Some('R')),
    Flag::optional("dry-run", "unchanged"),
    Flag::string("field-manager", None),
    Flag::string("selector", Some('l')),
];

/// Which map of the metadata the verb changes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Labels,
    Annotations,
}

impl Target {
    fn field(self) -> &'static str {
        match self {
            Target::Labels => "labels",
            Target::Annotations => "annotations",
        }
    }
}

/// `cmdutil.GetResourcesAndPairs`: resources first, then `k=v` / `k-` pairs.
fn resources_and_pairs(args: &[String], pair_type: &str) -> Result<(Vec<String>, Vec<String>), CmdError> {
    let mut resources = Vec::new();
    let mut pairs = Vec::new();
    for s in args {
        let is_pair = (s.contains('=') && !s.starts_with('=')) || (s.ends_with('-') && s != "-");
        if is_pair {
            pairs.push(s.clone());
        } else if pairs.is_empty() {
            resources.push(s.clone());
        } else {
            return Err(CmdError::Plain(format!("all resources must be specified before {pair_type} changes: {s}")));
        }
    }
    Ok((resources, pairs))
}

/// label.go `parseLabels`.
fn parse_labels(spec: &[String]) -> Result<(BTreeMap<String, String>, Vec<String>), CmdError> {
    let mut labels = BTreeMap::new();
    let mut remove = Vec::new();
    for s in spec {
        if s.contains('=') {
            let parts: Vec<&str> = s.split('=').collect();
            let [k, v] = parts[..] else {
                return Err(CmdError::Plain(format!("invalid label spec: {s}")));
            };
            let errs = is_valid_label_value(v);
            if !errs.is_empty() {
                return Err(CmdError::Plain(format!("invalid label value: {}: {}", go_quote(s), errs.join(";"))));
            }
            labels.insert(k.to_string(), v.to_string());
        } else if let Some(k) = s.strip_suffix('-') {
            remove.push(k.to_string());
        } else {
            return Err(CmdError::Plain(format!("unknown label spec: {s}")));
        }
    }
    if remove.iter().any(|r| labels.contains_key(r)) {
        return Err(CmdError::Plain("can not both modify and remove a label in the same command".into()));
    }
    Ok((labels, remove))
}

/// `cmdutil.ParsePairs(args, "annotation", true)` and annotate's `validateAnnotations`.
fn parse_annotations(spec: &[String]) -> Result<(BTreeMap<String, String>, Vec<String>), CmdError> {
    let mut pairs = BTreeMap::new();
    let mut remove = Vec::new();
    let mut invalid = Vec::new();
    for s in spec {
        if s.contains('=') && !s.starts_with('=') {
            if let Some((k, v)) = s.split_once('=') {
                pairs.insert(k.to_string(), v.to_string());
            }
        } else if s.ends_with('-') && s != "-" {
            remove.push(s[..s.len() - 1].to_string());
        } else {
            invalid.push(s.clone());
        }
    }
    if !invalid.is_empty() {
        return Err(CmdError::Plain(format!("invalid annotation format: {}", invalid.join(", "))));
    }
    Ok((pairs, remove))
}

/// The metadata map the verb changes, as a JSON object (absent when the object has none).
fn current_map(value: &Value, target: Target) -> BTreeMap<String, String> {
    value
        .pointer(&format!("/metadata/{}", target.field()))
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string())).collect())
        .unwrap_or_default()
}

/// Writes the map back (`SetLabels`/`SetAnnotations` on an unstructured object: an empty map is
/// written as `{}`).
fn set_map(value: &mut Value, target: Target, map: &BTreeMap<String, String>) {
    let Some(obj) = value.as_object_mut() else { return };
    let meta = obj.entry("metadata".to_owned()).or_insert_with(|| Value::Object(Map::new()));
    if let Some(meta) = meta.as_object_mut() {
        let m: Map<String, Value> = map.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
        meta.insert(target.field().into(), Value::Object(m));
    }
}

fn set_resource_version(value: &mut Value, rv: Option<&str>) {
    if let Some(meta) = value.get_mut("metadata").and_then(Value::as_object_mut) {
        match rv {
            Some(rv) => meta.insert("resourceVersion".into(), Value::String(rv.into())),
            None => meta.remove("resourceVersion"),
        };
    }
}

/// What one invocation asks for.
struct Changes {
    target: Target,
    new: BTreeMap<String, String>,
    remove: Vec<String>,
    overwrite: bool,
    resource_version: Option<String>,
}

impl Changes {
    /// `labelFunc` / `updateAnnotations`: refuses overwrites without `--overwrite`, then applies.
    fn apply(&self, value: &mut Value) -> Result<(), CmdError> {
        let mut map = current_map(value, self.target);
        if !self.overwrite {
            let conflicts: Vec<String> = self
                .new
                .iter()
                .filter(|(k, _)| !(self.target == Target::Annotations && k.as_str() == mutate::CHANGE_CAUSE))
                .filter_map(|(k, v)| {
                    map.get(k).filter(|cur| *cur != v).map(|cur| format!("'{k}' already has a value ({cur})"))
                })
                .collect();
            if !conflicts.is_empty() {
                return Err(match self.target {
                    Target::Labels => mutate::aggregate(
                        conflicts.into_iter().map(|c| format!("{c}, and --overwrite is false")).collect(),
                    ),
                    Target::Annotations => CmdError::Plain(format!(
                        "--overwrite is false but found the following declared annotation(s): {}",
                        conflicts.join("; ")
                    )),
                });
            }
        }
        for (k, v) in &self.new {
            map.insert(k.clone(), v.clone());
        }
        for k in &self.remove {
            map.remove(k);
        }
        set_map(value, self.target, &map);
        if let Some(rv) = &self.resource_version {
            set_resource_version(value, Some(rv));
        }
        Ok(())
    }
}

/// `kubectl label` and `kubectl annotate`.
pub fn run(cluster: &mut Cluster, verb: &str, argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse(&format!("kubectl {verb}"), FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    mutate::warn_record(&p, argv, io);
    let target = if verb == "annotate" { Target::Annotations } else { Target::Labels };
    match prepare(cluster, &p, target, io) {
        Ok((changes, resources, early_output, dry)) => {
            visit(cluster, &p, argv, verb, changes, &resources, early_output, dry, io)
        }
        Err(e) => fail(io, e),
    }
}

type Prepared = (Changes, Vec<String>, Option<Output>, DryRun);

/// Complete and Validate of label.go / annotate.go, in their order.
fn prepare(cluster: &Cluster, p: &Parsed, target: Target, io: &mut Io) -> Result<Prepared, CmdError> {
    let dry = mutate::dry_run(cluster, p, io)?;
    // annotate builds its printer up front; label only when it prints.
    let early_output = if target == Target::Annotations { Some(mutate::output(p)?) } else { None };
    let pair_type = if target == Target::Labels { "label" } else { "annotation" };
    let (resources, pairs) = resources_and_pairs(&p.args, pair_type)?;
    let (new, remove) = match target {
        Target::Labels => parse_labels(&pairs)?,
        Target::Annotations => parse_annotations(&pairs)?,
    };
    let list = p.flag("list");
    if list && p.get("output").is_some_and(|o| !o.is_empty()) {
        return Err(CmdError::Plain("--list and --output may not be specified together".into()));
    }
    let selector = p.get("selector").unwrap_or("");
    let field_selector = p.get("field-selector").unwrap_or("");
    if p.flag("all") && !selector.is_empty() {
        return Err(CmdError::Plain("cannot set --all and --selector at the same time".into()));
    }
    if p.flag("all") && !field_selector.is_empty() {
        return Err(CmdError::Plain("cannot set --all and --field-selector at the same time".into()));
    }
    let files = p.all("filename");
    if p.flag("local") {
        return Err(CmdError::Plain(
            "kubeplay: --local is not available in this playground; name the objects on the cluster instead".into(),
        ));
    }
    if resources.is_empty() && files.is_empty() {
        return Err(CmdError::Plain(
            "one or more resources must be specified as <resource> <name> or <resource>/<name>".into(),
        ));
    }
    if new.is_empty() && remove.is_empty() && !list {
        return Err(CmdError::Plain(format!("at least one {pair_type} update is required")));
    }
    if target == Target::Annotations {
        let both: Vec<&str> = remove.iter().filter(|r| new.contains_key(*r)).map(String::as_str).collect();
        if !both.is_empty() {
            return Err(CmdError::Plain(format!(
                "can not both modify and remove the following annotation(s) in the same command: {}",
                both.join(", ")
            )));
        }
    }
    if !files.is_empty() {
        return Err(CmdError::Plain(
            "kubeplay: -f is not available for this verb in this playground; name the objects instead (TYPE NAME)"
                .into(),
        ));
    }
    let resource_version = p.get("resource-version").filter(|s| !s.is_empty()).map(str::to_string);
    let changes = Changes { target, new, remove, overwrite: p.flag("overwrite"), resource_version };
    Ok((changes, resources, early_output, dry))
}

#[allow(clippy::too_many_arguments)]
fn visit(
    cluster: &mut Cluster,
    p: &Parsed,
    argv: &[String],
    verb: &str,
    changes: Changes,
    resources: &[String],
    early_output: Option<Output>,
    dry: DryRun,
    io: &mut Io,
) -> i32 {
    let ns = namespace_of(p);
    let selected = match mutate::select(
        cluster,
        &Request {
            args: resources,
            all: p.flag("all"),
            selector: p.get("selector"),
            field_selector: p.get("field-selector"),
            all_namespaces: p.flag("all-namespaces"),
            namespace: &ns,
        },
    ) {
        Ok(s) => s,
        Err(e) => return fail(io, e),
    };
    if !selected.single && changes.resource_version.is_some() {
        return fail_plain(io, "--resource-version may only be used with a single resource".into());
    }
    let list = p.flag("list");
    let cause = p.flag("record").then(|| mutate::change_cause(&[verb], FLAGS, argv));
    let mut errors = Vec::new();
    for obj in &selected.objects {
        let result = match changes.target {
            Target::Labels => label_one(cluster, &changes, obj, dry, list, cause.as_deref(), io),
            Target::Annotations => annotate_one(cluster, &changes, obj, dry, list, cause.as_deref()),
        };
        let (shown, operation) = match result {
            Ok(r) => r,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if list {
            let map = current_map(&shown, changes.target);
            let indent = if selected.single {
                ""
            } else {
                let group = obj.kind().info().group;
                let what = if changes.target == Target::Labels { "labels" } else { "annotations" };
                io.outlnf(format_args!("Listing {what} for {}.{group}/{}:", obj.kind().name(), obj.name()));
                " "
            };
            // Go ranges over the map in random order; kubeplay lists keys sorted.
            for (k, v) in map {
                io.outlnf(format_args!("{indent}{k}={v}"));
            }
            continue;
        }
        let out = match early_output.map_or_else(|| mutate::output(p), Ok) {
            Ok(o) => o,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        mutate::print(io, out, obj.kind(), &shown, &operation, dry);
    }
    errors.extend(selected.errors);
    mutate::finish_all(io, errors)
}

/// `updateDataChangeMsg`: compares the JSON before and after (lengths decide "unlabeled").
fn change_message(old: &str, new: &str, overwrite: bool) -> &'static str {
    if old == new {
        "not labeled"
    } else if !overwrite && new.len() < old.len() {
        "unlabeled"
    } else {
        "labeled"
    }
}

/// One object labelled: the object to print and the operation word.
fn label_one(
    cluster: &mut Cluster,
    changes: &Changes,
    obj: &Object,
    dry: DryRun,
    list: bool,
    cause: Option<&str>,
    io: &mut Io,
) -> Result<(Value, String), CmdError> {
    let mut value = obj.to_printed_value();
    if changes.resource_version.is_some() {
        set_resource_version(&mut value, None);
    }
    let old = crate::json::to_string(&value).unwrap_or_default();
    if dry == DryRun::Client || list {
        changes.apply(&mut value)?;
        let new = crate::json::to_string(&value).unwrap_or_default();
        return Ok((value.clone(), change_message(&old, &new, changes.overwrite).to_string()));
    }
    let present = current_map(&value, Target::Labels);
    for k in &changes.remove {
        if !present.contains_key(k) {
            io.outlnf(format_args!("label {} not found.", go_quote(k)));
        }
    }
    changes.apply(&mut value)?;
    if let Some(cause) = cause {
        mutate::record(&mut value, cause);
    }
    let new = crate::json::to_string(&value).unwrap_or_default();
    let message = change_message(&old, &new, changes.overwrite).to_string();
    send(cluster, obj, &value, changes, dry)?;
    Ok((value, message))
}

/// One object annotated: the server's answer and the operation word.
fn annotate_one(
    cluster: &mut Cluster,
    changes: &Changes,
    obj: &Object,
    dry: DryRun,
    list: bool,
    cause: Option<&str>,
) -> Result<(Value, String), CmdError> {
    let mut value = obj.to_printed_value();
    if dry == DryRun::Client || list {
        changes.apply(&mut value)?;
        return Ok((value, "annotated".into()));
    }
    if changes.resource_version.is_some() {
        set_resource_version(&mut value, None);
    }
    if let Some(cause) = cause {
        mutate::record(&mut value, cause);
    }
    changes.apply(&mut value)?;
    let stored = send(cluster, obj, &value, changes, dry)?;
    Ok((stored.to_printed_value(), "annotated".into()))
}

/// The merge patch sent: the apiserver checks the resourceVersion it carries, then updates.
fn send(
    cluster: &mut Cluster,
    obj: &Object,
    value: &Value,
    changes: &Changes,
    dry: DryRun,
) -> Result<Object, CmdError> {
    // Decoding the merge patch's result converts it to the internal version too.
    if let Some(e) = crate::cluster::apiserver::conversion_error(obj.kind(), value) {
        let text = super::patch::gofmt::go_compact(value);
        return Err(CmdError::Raw(format!("The request is invalid: patch: Invalid value: {}: {e}", go_quote(&text))));
    }
    if let Some(rv) = &changes.resource_version {
        mutate::check_resource_version(obj, rv).map_err(|err| CmdError::Api { err, context: None })?;
    }
    cluster
        .update_value(obj.kind(), value.clone(), dry == DryRun::Server)
        .map_err(|err| CmdError::Api { err, context: None })
}
