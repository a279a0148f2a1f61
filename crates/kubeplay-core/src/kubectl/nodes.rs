//! `kubectl cordon`, `uncordon`, `drain` and `taint` (`pkg/cmd/drain`, `pkg/drain`, `pkg/cmd/taint`).
//!
//! Drain cordons the nodes, picks the pods to evict with kubectl's filters (DaemonSet-managed,
//! mirror, local storage, unreplicated) and evicts them. An eviction deletes the pod gracefully;
//! kubectl then waits until each pod is gone before printing `pod/x evicted`. kubeplay does not
//! move virtual time inside a command, so drain reports each pod evicted as soon as its
//! eviction is accepted; the pods are then Terminating until their kubelet has stopped them
//! (watch it with `kubectl get pods -w` and `sim run`). `--timeout` therefore never expires.

use std::collections::BTreeMap;

use crate::json::Value;

use super::args::{self, Flag, Parsed};
use super::{fail, fail_cobra, fail_plain, finish, CmdError, Io};
use crate::api::pod::{Pod, Taint};
use crate::api::{Kind, Object};
use crate::cluster::{ApiError, Cluster};
use crate::manifest::validate::{is_qualified_name, is_valid_label_value};
use crate::store::{Key, ObjRef};

/// Runs the verb `verb` with `argv`.
pub fn run(cluster: &mut Cluster, verb: &str, argv: &[String], io: &mut Io) -> i32 {
    match verb {
        "cordon" | "uncordon" => cordon_command(cluster, verb, argv, io),
        "drain" => drain(cluster, argv, io),
        _ => taint(cluster, argv, io),
    }
}

/// `--dry-run`: none, client or server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DryRun {
    None,
    Client,
    Server,
}

impl DryRun {
    /// `cmdutil.GetDryRunStrategy`.
    fn from(p: &Parsed) -> Result<DryRun, CmdError> {
        match p.get("dry-run").unwrap_or("none") {
            "none" | "false" => Ok(DryRun::None),
            "client" | "unchanged" | "true" => Ok(DryRun::Client),
            "server" => Ok(DryRun::Server),
            other => Err(CmdError::Plain(format!(
                "Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
            ))),
        }
    }

    /// The name printer's operation suffix (`PrintFlagsWithDryRunStrategy`).
    fn suffix(self) -> &'static str {
        match self {
            DryRun::None => "",
            DryRun::Client => " (dry run)",
            DryRun::Server => " (server dry run)",
        }
    }
}

/// The nodes the arguments or `-l` name (the resource builder's `ResourceNames("nodes", ...)`).
fn nodes_for(cluster: &Cluster, p: &Parsed) -> Result<Vec<String>, CmdError> {
    if let Some(sel) = p.get("selector").filter(|s| !s.is_empty()) {
        let sel = super::labels::parse(sel).map_err(|e| CmdError::Api {
            err: ApiError::BadRequest(format!(
                "Unable to find \"/v1, Resource=nodes\" that match label selector \"{sel}\", field selector \"\": {e}"
            )),
            context: None,
        })?;
        return Ok(cluster
            .store()
            .nodes()
            .filter(|n| sel.matches(&n.metadata.labels))
            .map(|n| n.metadata.name.clone())
            .collect());
    }
    let mut names = Vec::new();
    for a in &p.args {
        let name = match a.split_once('/') {
            Some((t, n)) => {
                let kind = super::resources::resolve_type(t)
                    .ok_or_else(|| CmdError::Plain(format!("the server doesn't have a resource type \"{t}\"")))?;
                if kind != Kind::Node {
                    return Err(CmdError::Plain(format!(
                        "error: expected resource of type node, got \"{}\"",
                        super::get::gvr_string(kind)
                    )));
                }
                n.to_string()
            }
            None => a.clone(),
        };
        if cluster.store().node("", &name).is_none() {
            return Err(CmdError::Api { err: ApiError::not_found(Kind::Node, &name), context: None });
        }
        names.push(name);
    }
    Ok(names)
}

const CORDON_FLAGS: &[Flag] = &[Flag::optional("dry-run", "unchanged"), Flag::string("selector", Some('l'))];

fn cordon_command(cluster: &mut Cluster, verb: &str, argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse(&format!("kubectl {verb}"), CORDON_FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    if p.args.is_empty() && !p.has("selector") {
        return fail_plain(io, format!("USAGE: {verb} NODE [flags]\nSee 'kubectl {verb} -h' for help and examples"));
    }
    let dry = match DryRun::from(&p) {
        Ok(d) => d,
        Err(e) => return fail(io, e),
    };
    let nodes = match nodes_for(cluster, &p) {
        Ok(n) => n,
        Err(e) => return fail(io, e),
    };
    cordon(cluster, &nodes, verb == "cordon", dry, io);
    finish(io, &[])
}

/// `RunCordonOrUncordon`: sets `spec.unschedulable` on each node (when it differs).
fn cordon(cluster: &mut Cluster, nodes: &[String], desired: bool, dry: DryRun, io: &mut Io) {
    let word = if desired { "cordon" } else { "uncordon" };
    for name in nodes {
        let Some(node) = cluster.store().node("", name).cloned() else { continue };
        if node.spec.unschedulable == desired {
            let already = if desired { "already cordoned" } else { "already uncordoned" };
            io.outlnf(format_args!("node/{name} {already}{}", dry.suffix()));
            continue;
        }
        if dry != DryRun::Client {
            let mut updated = node.clone();
            updated.spec.unschedulable = desired;
            let value = Object::Node(crate::api::ObjBox::new(updated)).to_value();
            if let Err(e) = cluster.update_value(Kind::Node, value, dry == DryRun::Server) {
                io.errlnf(format_args!("error: unable to {word} node \"{name}\": {}", e.message()));
                continue;
            }
        }
        io.outlnf(format_args!("node/{name} {word}ed{}", dry.suffix()));
    }
}

const DRAIN_FLAGS: &[Flag] = &[
    Flag::bool("force", None),
    Flag::bool("ignore-daemonsets", None),
    Flag::bool("delete-emptydir-data", None),
    Flag::bool("delete-local-data", None),
    Flag::int("grace-period", None),
    Flag::duration("timeout"),
    Flag::string("pod-selector", None),
    Flag::bool("disable-eviction", None),
    Flag::int("skip-wait-for-delete-timeout", None),
    Flag::int("chunk-size", None),
    Flag::optional("dry-run", "unchanged"),
    Flag::string("selector", Some('l')),
];

/// Why a pod is or is not evicted (`PodDeleteStatus`).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Status {
    Okay,
    Skip,
    Warning { delete: bool, message: String },
    Error(String),
}

impl Status {
    fn deletes(&self) -> bool {
        matches!(self, Status::Okay | Status::Warning { delete: true, .. })
    }
}

/// The settings drain's filters read.
struct Drainer {
    force: bool,
    ignore_daemonsets: bool,
    delete_emptydir_data: bool,
}

impl Drainer {
    /// `makeFilters`, run in order until one refuses the pod.
    fn filter(&self, cluster: &Cluster, pod: &Pod) -> Status {
        let mut status = Status::Okay;
        for f in
            [Self::daemon_set_filter, Self::mirror_pod_filter, Self::local_storage_filter, Self::unreplicated_filter]
        {
            status = f(self, cluster, pod);
            if !status.deletes() {
                break;
            }
        }
        status
    }

    fn daemon_set_filter(&self, cluster: &Cluster, pod: &Pod) -> Status {
        let Some(owner) = pod.metadata.controller_ref().filter(|o| o.kind == "DaemonSet") else {
            return Status::Okay;
        };
        if pod.is_terminal() {
            return Status::Okay;
        }
        if cluster.store().daemon_set(&pod.metadata.namespace, &owner.name).is_none() {
            let err = ApiError::not_found(Kind::DaemonSet, &owner.name).message();
            return if self.force { Status::Warning { delete: true, message: err } } else { Status::Error(err) };
        }
        if !self.ignore_daemonsets {
            return Status::Error("DaemonSet-managed Pods (use --ignore-daemonsets to ignore)".into());
        }
        Status::Warning { delete: false, message: "ignoring DaemonSet-managed Pods".into() }
    }

    fn mirror_pod_filter(&self, _cluster: &Cluster, pod: &Pod) -> Status {
        if pod.metadata.annotations.contains_key("kubernetes.io/config.mirror") {
            return Status::Skip;
        }
        Status::Okay
    }

    fn local_storage_filter(&self, _cluster: &Cluster, pod: &Pod) -> Status {
        let spec = crate::api::Object::Pod(crate::api::ObjBox::new(pod.clone())).to_value();
        let local = spec
            .pointer("/spec/volumes")
            .and_then(Value::as_array)
            .is_some_and(|vs| vs.iter().any(|v| v.get("emptyDir").is_some()));
        if !local || pod.is_terminal() {
            return Status::Okay;
        }
        if !self.delete_emptydir_data {
            return Status::Error("Pods with local storage (use --delete-emptydir-data to override)".into());
        }
        Status::Warning { delete: true, message: "deleting Pods with local storage".into() }
    }

    fn unreplicated_filter(&self, _cluster: &Cluster, pod: &Pod) -> Status {
        if pod.is_terminal() || pod.metadata.controller_ref().is_some() {
            return Status::Okay;
        }
        if self.force {
            return Status::Warning { delete: true, message: "deleting Pods that declare no controller".into() };
        }
        Status::Error("cannot delete Pods that declare no controller (use --force to override)".into())
    }
}

/// Groups `ns/name` by message, messages in the order they first appear.
fn group_by_message(items: &[(String, String)]) -> Vec<(String, Vec<String>)> {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for (msg, pod) in items {
        match groups.iter_mut().find(|(m, _)| m == msg) {
            Some((_, pods)) => pods.push(pod.clone()),
            None => groups.push((msg.clone(), vec![pod.clone()])),
        }
    }
    groups
}

/// `kubectl drain`.
fn drain(cluster: &mut Cluster, argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl drain", DRAIN_FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    if p.args.is_empty() && !p.has("selector") {
        return fail_plain(io, "USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples".into());
    }
    if !p.args.is_empty() && p.get("selector").is_some_and(|s| !s.is_empty()) {
        return fail_plain(io, "error: cannot specify both a node name and a --selector option\nSee 'kubectl drain -h' for help and examples"
                    .into(),);
    }
    let dry = match DryRun::from(&p) {
        Ok(d) => d,
        Err(e) => return fail(io, e),
    };
    let pod_selector = match p.get("pod-selector").filter(|s| !s.is_empty()) {
        Some(s) => match super::labels::parse(s) {
            Ok(sel) => Some(sel),
            Err(_) => return fail_plain(io, "--pod-selector=<pod_selector> must be a valid label selector".into()),
        },
        None => None,
    };
    let nodes = match nodes_for(cluster, &p) {
        Ok(n) => n,
        Err(e) => return fail(io, e),
    };
    let drainer = Drainer {
        force: p.flag("force"),
        ignore_daemonsets: p.flag("ignore-daemonsets"),
        delete_emptydir_data: p.flag("delete-emptydir-data") || p.flag("delete-local-data"),
    };
    let grace = p.int("grace-period").filter(|g| *g >= 0);
    let eviction = !p.flag("disable-eviction");
    cordon(cluster, &nodes, true, dry, io);
    let mut fatal: Vec<CmdError> = Vec::new();
    // Each failed node's errors; kubectl's error printer unwraps a single node's list.
    let mut failed: Vec<Vec<String>> = Vec::new();
    let mut remaining: Vec<String> = Vec::new();
    for node in &nodes {
        let mut pods: Vec<Pod> = cluster
            .store()
            .pods()
            .filter(|pod| &pod.spec.node_name == node)
            .filter(|pod| pod_selector.as_ref().is_none_or(|s| s.matches(&pod.metadata.labels)))
            .cloned()
            .collect();
        pods.sort_by(|a, b| (&a.metadata.namespace, &a.metadata.name).cmp(&(&b.metadata.namespace, &b.metadata.name)));
        let statuses: Vec<(Pod, Status)> = pods
            .into_iter()
            .map(|pod| {
                let s = drainer.filter(cluster, &pod);
                (pod, s)
            })
            .collect();
        let id = |pod: &Pod| format!("{}/{}", pod.metadata.namespace, pod.metadata.name);
        let errors: Vec<(String, String)> = statuses
            .iter()
            .filter_map(|(pod, s)| match s {
                Status::Error(m) => Some((m.clone(), id(pod))),
                _ => None,
            })
            .collect();
        if !errors.is_empty() {
            let errs: Vec<String> = group_by_message(&errors)
                .into_iter()
                .map(|(m, pods)| format!("cannot delete {m}: {}", pods.join(", ")))
                .collect();
            let joined = if errs.len() == 1 { errs[0].clone() } else { format!("[{}]", errs.join(", ")) };
            io.errlnf(format_args!(
                "error: unable to drain node \"{node}\" due to error: {joined}, continuing command..."
            ));
            failed.push(errs);
            remaining.push(node.clone());
            continue;
        }
        let warnings: Vec<(String, String)> = statuses
            .iter()
            .filter_map(|(pod, s)| match s {
                Status::Warning { message, .. } => Some((message.clone(), id(pod))),
                _ => None,
            })
            .collect();
        if !warnings.is_empty() {
            let text: Vec<String> =
                group_by_message(&warnings).into_iter().map(|(m, pods)| format!("{m}: {}", pods.join(", "))).collect();
            io.errlnf(format_args!("Warning: {}", text.join("; ")));
        }
        let to_delete: Vec<Pod> = statuses.into_iter().filter(|(_, s)| s.deletes()).map(|(p, _)| p).collect();
        if dry == DryRun::Client {
            for pod in &to_delete {
                io.outlnf(format_args!("evicting pod {} (dry run)", id(pod)));
            }
        } else {
            let mut gone = Vec::new();
            for pod in &to_delete {
                if eviction {
                    io.outlnf(format_args!(
                        "evicting pod {}{}",
                        id(pod),
                        if dry == DryRun::Server { " (server dry run)" } else { "" }
                    ));
                }
                if dry == DryRun::Server {
                    if !eviction {
                        gone.push(format!("pod/{} deleted (server dry run)", pod.metadata.name));
                    }
                    continue;
                }
                let r = ObjRef {
                    kind: Kind::Pod,
                    key: Key::new(pod.metadata.namespace.clone(), pod.metadata.name.clone()),
                };
                match cluster.delete(&r, None, grace) {
                    Ok(_) | Err(ApiError::NotFound { .. }) => {
                        gone.push(format!(
                            "pod/{} {}",
                            pod.metadata.name,
                            if eviction { "evicted" } else { "deleted" }
                        ));
                    }
                    Err(e) => {
                        let what = if eviction { "evicting" } else { "deleting" };
                        fatal.push(CmdError::Plain(format!(
                            "error when {what} pods/\"{}\" -n \"{}\": {}",
                            pod.metadata.name,
                            pod.metadata.namespace,
                            e.message()
                        )));
                    }
                }
            }
            for line in gone {
                io.outln(&line);
            }
        }
        io.outlnf(format_args!("node/{node} drained{}", dry.suffix()));
    }
    match failed.as_slice() {
        [] => {}
        [one] => fatal.extend(one.iter().cloned().map(CmdError::Plain)),
        many => fatal.extend(
            many.iter()
                .map(|errs| if errs.len() == 1 { errs[0].clone() } else { format!("[{}]", errs.join(", ")) })
                .map(CmdError::Plain),
        ),
    }
    if !remaining.is_empty() {
        io.errln("There are pending nodes to be drained:");
        for n in &remaining {
            io.errlnf(format_args!(" {n}"));
        }
    }
    finish(io, &fatal)
}

const TAINT_FLAGS: &[Flag] = &[
    Flag::bool("all", None),
    Flag::string("selector", Some('l')),
    Flag::bool("overwrite", None),
    Flag::optional("dry-run", "unchanged"),
    Flag::string("output", Some('o')),
    Flag::string("field-manager", None),
    Flag::optional("validate", "strict"),
    Flag::bool("allow-missing-template-keys", None),
    Flag::bool("show-managed-fields", None),
    Flag::string("template", None),
];

/// `Taint.ToString`: `key=value:Effect`, `key:Effect`, `key=value:` or `key`.
fn taint_string(t: &Taint) -> String {
    match (t.value.is_empty(), t.effect.is_empty()) {
        (true, true) => t.key.clone(),
        (false, true) => format!("{}={}:", t.key, t.value),
        (true, false) => format!("{}:{}", t.key, t.effect),
        (false, false) => format!("{}={}:{}", t.key, t.value, t.effect),
    }
}

/// `parseTaint`.
fn parse_taint(spec: &str) -> Result<Taint, String> {
    let parts: Vec<&str> = spec.split(':').collect();
    let (key, value, effect) = match parts.as_slice() {
        [k] => (k.to_string(), String::new(), String::new()),
        [kv, effect] => {
            if !matches!(*effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
                return Err(format!("invalid taint effect: {effect}, unsupported taint effect"));
            }
            let kv_parts: Vec<&str> = kv.split('=').collect();
            if kv_parts.len() > 2 {
                return Err(format!("invalid taint spec: {spec}"));
            }
            let value = kv_parts.get(1).map(|v| v.to_string()).unwrap_or_default();
            if kv_parts.len() == 2 {
                let errs = is_valid_label_value(&value);
                if !errs.is_empty() {
                    return Err(format!("invalid taint spec: {spec}, {}", errs.join("; ")));
                }
            }
            (kv_parts[0].to_string(), value, effect.to_string())
        }
        _ => return Err(format!("invalid taint spec: {spec}")),
    };
    let errs = is_qualified_name(&key);
    if !errs.is_empty() {
        return Err(format!("invalid taint spec: {spec}, {}", errs.join("; ")));
    }
    Ok(Taint { key, value, effect, time_added: None })
}

/// `parseTaints`: the taints to add and to remove.
fn parse_taints(specs: &[String]) -> Result<(Vec<Taint>, Vec<Taint>), String> {
    let mut add: Vec<Taint> = Vec::new();
    let mut remove = Vec::new();
    let mut unique: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for s in specs {
        if let Some(r) = s.strip_suffix('-') {
            let t = parse_taint(r)?;
            remove.push(Taint { key: t.key, value: String::new(), effect: t.effect, time_added: None });
        } else {
            let t = parse_taint(s)?;
            if t.effect.is_empty() {
                return Err(format!("invalid taint spec: {s}"));
            }
            let keys = unique.entry(t.effect.clone()).or_default();
            if keys.contains(&t.key) {
                return Err(format!(
                    "duplicated taints with the same key and effect: {{{} {} {} <nil>}}",
                    t.key, t.value, t.effect
                ));
            }
            keys.push(t.key.clone());
            add.push(t);
        }
    }
    Ok((add, remove))
}

/// `reorganizeTaints`: the operation word and the node's new taints.
fn reorganize_taints(
    old: &[Taint],
    overwrite: bool,
    add: &[Taint],
    remove: &[Taint],
) -> Result<(&'static str, Vec<Taint>), String> {
    let matches = |a: &Taint, b: &Taint| a.key == b.key && a.effect == b.effect;
    let mut new: Vec<Taint> = add.to_vec();
    for o in old {
        if !new.iter().any(|t| matches(t, o)) {
            new.push(o.clone());
        }
    }
    let added = old.len() != new.len();
    let mut errors = Vec::new();
    let mut removed = false;
    for r in remove {
        let before = new.len();
        if r.effect.is_empty() {
            new.retain(|t| t.key != r.key);
        } else {
            new.retain(|t| !matches(r, t));
        }
        removed = before != new.len();
        if !removed {
            errors.push(format!("taint {} not found", crate::manifest::field::go_quote(&taint_string(r))));
        }
    }
    if !errors.is_empty() {
        return Err(if errors.len() == 1 { errors.remove(0) } else { format!("[{}]", errors.join(", ")) });
    }
    let op = if (added && removed) || overwrite {
        "modified"
    } else if added {
        "tainted"
    } else {
        "untainted"
    };
    Ok((op, new))
}

/// `kubectl taint nodes NAME... KEY[=VALUE]:EFFECT... | KEY[:EFFECT]-`.
fn taint(cluster: &mut Cluster, argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl taint", TAINT_FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    let dry = match DryRun::from(&p) {
        Ok(d) => d,
        Err(e) => return fail(io, e),
    };
    let mut resources: Vec<String> = Vec::new();
    let mut specs: Vec<String> = Vec::new();
    for a in &p.args {
        let is_taint = a.contains('=') || a.contains(':') || a.ends_with('-');
        if is_taint {
            specs.push(a.clone());
        } else if !specs.is_empty() {
            return fail_plain(io, format!("all resources must be specified before taint changes: {a}"));
        } else {
            resources.push(a.clone());
        }
    }
    if resources.is_empty() {
        return fail_plain(io, "one or more resources must be specified as <resource> <name>".into());
    }
    if specs.is_empty() {
        return fail_plain(io, "at least one taint update is required".into());
    }
    let (add, remove) = match parse_taints(&specs) {
        Ok(t) => t,
        Err(e) => return fail_plain(io, format!("{e}\nSee 'kubectl taint -h' for help and examples")),
    };
    // Validate.
    let type_arg = resources[0].to_ascii_lowercase();
    match super::resources::resolve_type(&type_arg) {
        Some(Kind::Node) => {}
        Some(_) => return fail_plain(io, format!("invalid resource type {type_arg}, only node types are supported")),
        None => return fail(io, CmdError::Raw(format!("the server doesn't have a resource type \"{type_arg}\""))),
    }
    let mut conflicts = Vec::new();
    for a in &add {
        for r in &remove {
            if a.key == r.key && (r.effect.is_empty() || a.effect == r.effect) {
                conflicts.push(format!("{}={}", r.key, r.effect));
            }
        }
    }
    if !conflicts.is_empty() {
        return fail_plain(
            io,
            format!(
                "can not both modify and remove the following taint(s) in the same command: {}",
                conflicts.join(", ")
            ),
        );
    }
    let all = p.flag("all");
    let selector = p.get("selector").unwrap_or("").to_string();
    if all && !selector.is_empty() {
        return fail_plain(io, "setting 'all' parameter with a non empty selector is prohibited".into());
    }
    if !all && selector.is_empty() && resources.len() < 2 {
        return fail_plain(io, "at least one resource name must be specified since 'all' parameter is not set".into());
    }
    let output = match p.get("output") {
        Some(o) if !o.is_empty() => match super::get::output_format(&p, io) {
            Ok(super::get::Output::Table { .. }) => {
                return fail_plain(
                    io,
                    format!(
                        "unable to match a printer suitable for the output format \"{o}\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml"
                    ),
                )
            }
            Ok(out) => Some(out),
            Err(e) => return fail(io, e),
        },
        _ => None,
    };
    let names: Vec<String> = if all {
        cluster.store().nodes().map(|n| n.metadata.name.clone()).collect()
    } else if !selector.is_empty() {
        let sel = match super::labels::parse(&selector) {
            Ok(s) => s,
            Err(e) => {
                return fail(io, CmdError::Api {
                        err: ApiError::BadRequest(format!(
                            "Unable to find \"/v1, Resource=nodes\" that match label selector \"{selector}\", field selector \"\": {e}"
                        )),
                        context: None,
                    })
            }
        };
        cluster.store().nodes().filter(|n| sel.matches(&n.metadata.labels)).map(|n| n.metadata.name.clone()).collect()
    } else {
        resources[1..].to_vec()
    };
    let mut errors = Vec::new();
    let mut printer = output.map(|o| super::get::GenericPrinter::new(o, false));
    for name in names {
        let Some(node) = cluster.store().node("", &name).cloned() else {
            errors.push(CmdError::Api { err: ApiError::not_found(Kind::Node, &name), context: None });
            continue;
        };
        if !p.flag("overwrite") {
            let exists: Vec<String> = add
                .iter()
                .filter(|t| node.spec.taints.iter().any(|o| o.key == t.key && o.effect == t.effect))
                .map(|t| t.key.clone())
                .collect();
            if !exists.is_empty() {
                errors.push(CmdError::Plain(format!(
                    "node {name} already has {} taint(s) with same effect(s) and --overwrite is false",
                    exists.join(",")
                )));
                continue;
            }
        }
        let (op, taints) = match reorganize_taints(&node.spec.taints, p.flag("overwrite"), &add, &remove) {
            Ok(x) => x,
            Err(e) => {
                errors.push(CmdError::Plain(e));
                continue;
            }
        };
        let mut updated = node.clone();
        updated.spec.taints = taints;
        let mut result = Object::Node(crate::api::ObjBox::new(updated));
        if dry != DryRun::Client {
            match cluster.update_value(Kind::Node, result.to_value(), dry == DryRun::Server) {
                Ok(o) => result = o,
                Err(e) => {
                    errors.push(CmdError::Api { err: e, context: None });
                    continue;
                }
            }
        }
        match &mut printer {
            Some(pr) => match pr.print(&result.to_printed_value()) {
                Ok(t) => io.out.push_str(&t),
                Err(failure) => {
                    let (t, e) = *failure;
                    io.out.push_str(&t);
                    errors.push(e);
                }
            },
            // kubectl sets the dry-run suffix before the operation, so it is lost here.
            None => io.outlnf(format_args!(
                "node/{name} {op}{}",
                if dry == DryRun::Server { " (server dry run)" } else { "" }
            )),
        }
    }
    finish(io, &errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(key: &str, value: &str, effect: &str) -> Taint {
        Taint { key: key.into(), value: value.into(), effect: effect.into(), time_added: None }
    }

    #[test]
    fn taint_specs_parse_and_fail_as_kubectl_parses_them() {
        assert_eq!(parse_taint("dedicated=gpu:NoSchedule").unwrap(), t("dedicated", "gpu", "NoSchedule"));
        assert_eq!(parse_taint("k:NoExecute").unwrap(), t("k", "", "NoExecute"));
        assert_eq!(parse_taint("a=b:Bad").unwrap_err(), "invalid taint effect: Bad, unsupported taint effect");
        assert_eq!(parse_taint("a=b=c:NoSchedule").unwrap_err(), "invalid taint spec: a=b=c:NoSchedule");
        assert_eq!(
            parse_taints(&["a=b:NoSchedule".into(), "a=c:NoSchedule".into()]).unwrap_err(),
            "duplicated taints with the same key and effect: {a c NoSchedule <nil>}"
        );
    }

    #[test]
    fn taints_are_added_replaced_and_removed_with_kubectls_operation_words() {
        let old = vec![t("a", "1", "NoSchedule")];
        let (op, new) = reorganize_taints(&old, false, &[t("b", "", "NoExecute")], &[]).unwrap();
        assert_eq!((op, new.len()), ("tainted", 2));
        let (op, new) = reorganize_taints(&old, false, &[], &[t("a", "", "")]).unwrap();
        assert_eq!((op, new.len()), ("untainted", 0));
        let (op, _) = reorganize_taints(&old, true, &[t("a", "2", "NoSchedule")], &[]).unwrap();
        assert_eq!(op, "modified");
        assert_eq!(
            reorganize_taints(&old, false, &[], &[t("x", "", "NoSchedule")]).unwrap_err(),
            "taint \"x:NoSchedule\" not found"
        );
    }
}
