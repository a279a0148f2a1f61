//! `kubectl describe`: the command (resource arguments, selectors, name prefixes, files) and the
//! describers of every kind kubeplay serves, printed as kubectl v1.32 prints them
//! (`kubectl/pkg/cmd/describe`, `kubectl/pkg/describe/describe.go`).

pub mod cluster;
pub mod generic;
pub mod network;
pub mod pod;
pub mod workloads;
pub mod writer;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use super::args::{self, Flag};
use super::resources::{self, Selection, SelectionError};
use super::{finish, namespace_of, CmdError, Io};
use crate::api::meta::Time;
use crate::api::{Kind, Object};
use crate::cluster::events::{EventLog, EventRecord};
use crate::cluster::{ApiError, Cluster};
use crate::sim::SimTime;
use crate::store::{Key, Store};

pub const DESCRIBE_FLAGS: &[Flag] = &[
    Flag::array("filename", Some('f')),
    Flag::bool("recursive", Some('R')),
    Flag::string("kustomize", Some('k')),
    Flag::string("selector", Some('l')),
    Flag::bool("all-namespaces", Some('A')),
    Flag::bool("show-events", None),
    Flag::int("chunk-size", None),
];

/// What a describer reads besides its object.
pub struct Ctx<'a> {
    pub store: &'a Store,
    pub events: &'a EventLog,
    pub now: Time,
    /// Nodes whose kubelet stopped, with its last lease renewal.
    pub stopped_kubelets: &'a BTreeMap<String, SimTime>,
    /// The nodes that have a kubelet, and so a Lease (`None`: every node has one).
    pub kubelets: Option<&'a BTreeMap<String, crate::controller::kubelet::NodeRuntime>>,
    /// `--show-events`.
    pub show_events: bool,
}

impl<'a> Ctx<'a> {
    pub fn new(cluster: &'a Cluster, show_events: bool) -> Ctx<'a> {
        Ctx {
            store: cluster.store(),
            events: cluster.events(),
            now: cluster.now_time(),
            stopped_kubelets: &cluster.leases,
            kubelets: Some(&cluster.runtime),
            show_events,
        }
    }

    /// `searchEvents`: the events about an object, or `None` with `--show-events=false`.
    pub fn events_about(&self, kind: &str, namespace: &str, name: &str, uid: &str) -> Option<Vec<EventRecord<'a>>> {
        self.show_events.then(|| self.events.about(kind, namespace, name, uid))
    }
}

/// The describe text of one object (`DescriberFn` and the describer's `Describe`).
pub fn describe_object(ctx: &Ctx, obj: &Object) -> String {
    match obj {
        Object::Pod(p) => pod::describe_pod(ctx, p),
        Object::ReplicaSet(rs) => workloads::describe_replica_set(ctx, rs),
        Object::ReplicationController(rc) => workloads::describe_replication_controller(ctx, rc),
        Object::Deployment(d) => workloads::describe_deployment(ctx, d),
        Object::DaemonSet(ds) => workloads::describe_daemon_set(ctx, ds),
        Object::Job(j) => workloads::describe_job(ctx, j),
        Object::CronJob(cj) => workloads::describe_cron_job(ctx, cj),
        Object::Service(s) => network::describe_service(ctx, s),
        Object::Endpoints(e) => network::describe_endpoints(ctx, e),
        Object::EndpointSlice(e) => network::describe_endpoint_slice(ctx, e),
        Object::Node(n) => cluster::describe_node(ctx, n),
        Object::Namespace(n) => cluster::describe_namespace(n),
        Object::ControllerRevision(_) | Object::Event(_) => generic::describe_generic(ctx, obj),
    }
}

/// `kubectl describe` (`DescribeOptions.Run`).
pub fn run(cluster: &mut Cluster, _verb: &str, argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl describe", DESCRIBE_FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return finish(io, &[CmdError::Cobra(e)]),
    };
    let filenames = p.all("filename");
    if p.args.is_empty() && filenames.is_empty() {
        return finish(
            io,
            &[CmdError::Raw(
                "error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n"
                    .trim_end()
                    .to_string(),
            )],
        );
    }
    let ns = namespace_of(&p);
    let all_ns = p.flag("all-namespaces");
    let show_events = p.get("show-events").is_none_or(|v| v != "false");
    // The selector goes to the server with each list, which refuses one it cannot parse.
    let selectors =
        super::get::Selectors { label_text: p.get("selector").unwrap_or("").to_string(), field_text: String::new() };
    let has_selector = p.get("selector").is_some_and(|s| !s.trim().is_empty());
    let mut errors: Vec<CmdError> = Vec::new();
    let mut targets: Vec<Object> = Vec::new();
    if !filenames.is_empty() {
        if !p.args.is_empty() {
            return finish(
                io,
                &[CmdError::Plain(
                    "when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well"
                        .into(),
                )],
            );
        }
        match file_targets(cluster, io, &filenames, p.flag("recursive"), &ns, p.has("namespace"), &mut errors) {
            Ok(t) => targets = t,
            Err(e) => return finish(io, &[e]),
        }
    } else {
        let selection = match resources::select(&p.args) {
            Ok(s) => s,
            Err(SelectionError::Empty) => {
                return finish(io, &[CmdError::Plain("Required resource not specified.".into())])
            }
            Err(e) => return finish(io, &[CmdError::Plain(e.to_string())]),
        };
        let named = match &selection {
            Selection::Pairs(_) => true,
            Selection::Types { names, .. } => !names.is_empty(),
        };
        if named && has_selector {
            return finish(io, &[CmdError::Plain("name cannot be provided when a selector is specified".into())]);
        }
        let named_kinds: Vec<Kind> = match &selection {
            Selection::Pairs(pairs) => pairs.iter().map(|(k, _)| *k).collect(),
            Selection::Types { kinds, names } if !names.is_empty() => kinds.clone(),
            Selection::Types { .. } => Vec::new(),
        };
        if all_ns && named_kinds.iter().any(|k| k.namespaced()) {
            return finish(
                io,
                &[CmdError::Plain("a resource cannot be retrieved by name across all namespaces".into())],
            );
        }
        match selection {
            Selection::Pairs(pairs) => {
                for (kind, name) in pairs {
                    match super::get::lookup(cluster, kind, &ns, &name) {
                        Ok(o) => targets.push(o),
                        Err(e) => errors.push(CmdError::Api { err: e, context: None }),
                    }
                }
            }
            Selection::Types { kinds, names } if names.is_empty() => {
                let scope = if all_ns { None } else { Some(ns.as_str()) };
                for kind in kinds {
                    match selectors.for_kind(kind) {
                        Ok((labels, _)) => {
                            let objs = super::get::list(cluster, kind, scope);
                            targets.extend(objs.into_iter().filter(|o| labels.matches(&o.meta().labels)));
                        }
                        Err(err) => errors.push(CmdError::Api { err, context: None }),
                    }
                }
            }
            Selection::Types { kinds, names } => {
                let mut not_found = false;
                for kind in &kinds {
                    for name in &names {
                        match super::get::lookup(cluster, *kind, &ns, name) {
                            Ok(o) => targets.push(o),
                            Err(e) => {
                                not_found |= matches!(e, ApiError::NotFound { .. });
                                errors.push(CmdError::Api { err: e, context: None });
                            }
                        }
                    }
                }
                // `kubectl describe TYPE NAME_PREFIX`: no exact match describes every object
                // whose name starts with the prefix (`DescribeMatchingResources`).
                if let ([kind], [prefix]) = (kinds.as_slice(), names.as_slice()) {
                    if not_found && targets.is_empty() {
                        return describe_matching(cluster, io, *kind, &ns, prefix, show_events, errors);
                    }
                }
            }
        }
    }
    let ctx = Ctx::new(cluster, show_events);
    for (i, obj) in targets.iter().enumerate() {
        let text = describe_object(&ctx, obj);
        if i > 0 {
            io.out.push_str("\n\n");
        }
        io.out.push_str(&text);
    }
    if targets.is_empty() && errors.is_empty() {
        if all_ns {
            io.errln("No resources found");
        } else {
            io.errln(&format!("No resources found in {ns} namespace."));
        }
    }
    finish(io, &errors)
}

/// `DescribeMatchingResources`: each object of `kind` in `ns` named with `prefix`, followed by a
/// blank line; the original NotFound error when there is none.
fn describe_matching(
    cluster: &Cluster,
    io: &mut Io,
    kind: Kind,
    ns: &str,
    prefix: &str,
    show_events: bool,
    original: Vec<CmdError>,
) -> i32 {
    let ctx = Ctx::new(cluster, show_events);
    let matching: Vec<Object> =
        super::get::list(cluster, kind, Some(ns)).into_iter().filter(|o| o.name().starts_with(prefix)).collect();
    if matching.is_empty() {
        return finish(io, &original);
    }
    for obj in &matching {
        io.out.push_str(&describe_object(&ctx, obj));
        io.out.push('\n');
    }
    finish(io, &[])
}

/// The objects named by `-f` manifests, each looked up on the server.
fn file_targets(
    cluster: &Cluster,
    io: &mut Io,
    filenames: &[String],
    recursive: bool,
    ns: &str,
    explicit_namespace: bool,
    errors: &mut Vec<CmdError>,
) -> Result<Vec<Object>, CmdError> {
    let sources = super::apply::read_sources(io, filenames, recursive)?;
    let mut out = Vec::new();
    for src in &sources {
        let stream = crate::manifest::read(&src.text);
        let mut visit_errors = Vec::new();
        let visit = super::apply::visit(src, &stream, ns, explicit_namespace, io, &mut visit_errors);
        for prepared in &visit.ready {
            let key = Key::new(prepared.namespace.clone(), prepared.name.clone());
            match super::get::lookup(cluster, prepared.kind, &key.namespace, &key.name) {
                Ok(o) => out.push(o),
                Err(e) => errors.push(CmdError::Api { err: e, context: None }),
            }
        }
        errors.extend(visit_errors.into_iter().map(CmdError::listed));
    }
    Ok(out)
}
