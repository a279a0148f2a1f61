//! The endpoints and EndpointSlice controllers (pkg/controller/endpoint, pkg/controller/endpointslice
//! and the staging `endpointslice` reconciler), with the apiserver's reconciler of the `kubernetes`
//! Service's endpoints (pkg/controlplane/reconcilers). One sync of a Service writes its
//! `v1.Endpoints` (`legacy`) and its `discovery/v1` EndpointSlices (`slices`). `membership` says,
//! pod by pod, what a Service's endpoints hold and why a pod was left out; the explanations of every
//! write and the page's "why" are built from it.

mod legacy;
mod master;
mod slices;

use std::collections::BTreeSet;

use crate::json::{json, Value};

use super::{Ctx, Reconcile};
use crate::api::intstr::IntOrString;
use crate::api::meta::{format_labels, map_selector_matches, Time};
use crate::api::pod::Pod;
use crate::api::service::{Service, ServicePort};
use crate::api::{Kind, Object};
use crate::store::{Change, ObjRef, Store};

pub use master::{is_master_service, master_service_value, MASTER_ENDPOINT_PORT};

/// The label naming the Service an EndpointSlice belongs to (`discovery.LabelServiceName`).
pub const SERVICE_NAME_LABEL: &str = "kubernetes.io/service-name";
/// The label naming the controller that manages an EndpointSlice (`discovery.LabelManagedBy`).
pub const MANAGED_BY_LABEL: &str = "endpointslice.kubernetes.io/managed-by";
/// This controller's value of [`MANAGED_BY_LABEL`].
pub const CONTROLLER_NAME: &str = "endpointslice-controller.k8s.io";
/// Set on the endpoints of a Service without a cluster IP (`v1.IsHeadlessService`).
pub const HEADLESS_LABEL: &str = "service.kubernetes.io/headless";
/// Keeps the EndpointSlice mirroring controller away (`discovery.LabelSkipMirror`).
pub const SKIP_MIRROR_LABEL: &str = "endpointslice.kubernetes.io/skip-mirror";
/// When the change that led to this write happened (`v1.EndpointsLastChangeTriggerTime`).
pub const TRIGGER_TIME_ANNOTATION: &str = "endpoints.kubernetes.io/last-change-trigger-time";
/// `--max-endpoints-per-slice`'s default.
pub const MAX_ENDPOINTS_PER_SLICE: usize = 100;

/// One sync of the Service `target`: its Endpoints, then its EndpointSlices.
/// Follows `endpoint.Controller.syncService` and `endpointslice.Controller.syncService`.
pub fn reconcile(ctx: &Ctx, target: &ObjRef) -> Reconcile {
    let mut out = Reconcile::default();
    if target.kind != Kind::Service {
        return out;
    }
    if is_master_service(&target.key.namespace, &target.key.name) {
        master::sync(ctx, &mut out);
        return out;
    }
    let svc = ctx.store.service(&target.key.namespace, &target.key.name);
    legacy::sync(ctx, target, svc, &mut out);
    if let Some(svc) = svc {
        slices::sync(ctx, svc, &mut out);
    }
    out
}

/// The Services to sync after `change`: the Service itself; the Services whose selector matched
/// a pod before or after it changed in a way endpoints show; the owner of a deleted Endpoints or
/// EndpointSlice; the `kubernetes` Service when a control-plane node comes or goes.
pub fn watch(store: &Store, change: &Change) -> Vec<ObjRef> {
    let svc_ref = |ns: &str, name: &str| ObjRef::new(Kind::Service, ns, name);
    match change.obj.kind {
        Kind::Service => vec![change.obj.clone()],
        Kind::Pod => {
            let old = match &change.old {
                Some(Object::Pod(p)) => Some(p.as_ref()),
                _ => None,
            };
            let new = match &change.new {
                Some(Object::Pod(p)) => Some(p.as_ref()),
                _ => None,
            };
            let ns = &change.obj.key.namespace;
            let selecting = |o: &&Object| matches!(o, Object::Service(s) if !s.spec.selector.is_empty());
            // Most namespaces have no Service with a selector: then no pod change matters.
            if !store.list_in(Kind::Service, ns).any(|o| selecting(&o)) {
                return Vec::new();
            }
            if let (Some(o), Some(n)) = (old, new) {
                if !pod_changed(o, n) {
                    return Vec::new();
                }
            }
            store
                .services()
                .filter(|s| s.metadata.namespace == *ns && !s.spec.selector.is_empty())
                .filter(|s| {
                    [old, new].iter().flatten().any(|p| map_selector_matches(&s.spec.selector, &p.metadata.labels))
                })
                .map(|s| svc_ref(&s.metadata.namespace, &s.metadata.name))
                .collect()
        }
        Kind::Endpoints if change.new.is_none() => vec![svc_ref(&change.obj.key.namespace, &change.obj.key.name)],
        Kind::EndpointSlice => {
            let owner = |o: &Option<Object>| o.as_ref().and_then(|o| o.meta().labels.get(SERVICE_NAME_LABEL).cloned());
            let labels_of = |o: &Option<Object>| o.as_ref().map(|o| o.meta().labels.clone());
            let relabelled = change.old.is_some() && labels_of(&change.old) != labels_of(&change.new);
            if change.new.is_some() && !relabelled {
                return Vec::new();
            }
            let mut names: BTreeSet<String> = BTreeSet::new();
            for name in [owner(&change.old), owner(&change.new)].into_iter().flatten() {
                names.insert(name);
            }
            names.into_iter().map(|n| svc_ref(&change.obj.key.namespace, &n)).collect()
        }
        Kind::Node => {
            let cp = |o: &Option<Object>| match o {
                Some(Object::Node(n)) => Some((
                    n.metadata.labels.contains_key(master::CONTROL_PLANE_LABEL),
                    n.internal_ip().map(str::to_string),
                )),
                _ => None,
            };
            let (before, after) = (cp(&change.old), cp(&change.new));
            let involved = [&before, &after].iter().any(|x| x.as_ref().is_some_and(|(is_cp, _)| *is_cp));
            if involved && before != after {
                vec![svc_ref(master::MASTER_NAMESPACE, master::MASTER_SERVICE)]
            } else {
                Vec::new()
            }
        }
        _ => Vec::new(),
    }
}

/// Whether a pod update changes what endpoints show (`podEndpointsChanged` and the label check of
/// `getPodServiceMemberships`).
fn pod_changed(old: &Pod, new: &Pod) -> bool {
    let ports = |p: &Pod| -> Vec<Value> {
        p.spec
            .containers
            .iter()
            .chain(p.spec.init_containers.iter())
            .map(|c| crate::api::value::Encode::encode(&c.ports))
            .collect()
    };
    old.metadata.labels != new.metadata.labels
        || old.metadata.deletion_timestamp != new.metadata.deletion_timestamp
        || old.status.pod_ip != new.status.pod_ip
        || old.status.pod_ips != new.status.pod_ips
        || old.is_ready() != new.is_ready()
        || old.is_terminal() != new.is_terminal()
        || old.spec.node_name != new.spec.node_name
        || old.spec.hostname != new.spec.hostname
        || old.spec.subdomain != new.spec.subdomain
        || ready_time(old) != ready_time(new)
        || ports(old) != ports(new)
}

/// The pods a Service's selector picks, by name (`podLister.Pods(ns).List(selector)`); none for a
/// Service without a selector.
pub fn selected_pods<'s>(store: &'s Store, svc: &Service) -> Vec<&'s Pod> {
    if svc.spec.selector.is_empty() {
        return Vec::new();
    }
    store
        .list_in(Kind::Pod, &svc.metadata.namespace)
        .filter_map(|o| match o {
            Object::Pod(p) if map_selector_matches(&svc.spec.selector, &p.metadata.labels) => Some(p.as_ref()),
            _ => None,
        })
        .collect()
}

/// The pod's IPv4 address (`getEndpointAddresses` for the IPv4 family).
pub fn pod_ipv4(pod: &Pod) -> Option<&str> {
    let v4 = |ip: &str| !ip.is_empty() && !ip.contains(':');
    pod.status
        .pod_ips
        .iter()
        .map(|e| e.ip.as_str())
        .find(|ip| v4(ip))
        .or(Some(pod.status.pod_ip.as_str()).filter(|ip| v4(ip)))
}

/// `endpointsliceutil.ShouldPodBeInEndpoints`: not terminal, has an IP, and (unless terminating
/// pods are included) not being deleted.
pub fn should_pod_be_in_endpoints(pod: &Pod, include_terminating: bool) -> bool {
    if pod.is_terminal() {
        return false;
    }
    if pod.status.pod_ip.is_empty() && pod.status.pod_ips.is_empty() {
        return false;
    }
    include_terminating || pod.metadata.deletion_timestamp.is_none()
}

/// `endpointutil.ShouldSetHostname`: the pod names itself under this Service as its subdomain.
pub fn should_set_hostname(pod: &Pod, svc: &Service) -> bool {
    !pod.spec.hostname.is_empty()
        && pod.spec.subdomain == svc.metadata.name
        && pod.metadata.namespace == svc.metadata.namespace
}

/// `podutil.FindPort`: a target port by number, or by the name of a container port with the
/// Service port's protocol (sidecar init containers included).
pub fn find_port(pod: &Pod, port: &ServicePort) -> Option<i32> {
    let protocol = if port.protocol.is_empty() { "TCP" } else { port.protocol.as_str() };
    match port.target_port.as_ref() {
        None => Some(port.port),
        Some(IntOrString::Int(n)) => Some(*n),
        Some(IntOrString::Str(name)) => {
            let sidecars = pod.spec.init_containers.iter().filter(|c| c.restart_policy.as_deref() == Some("Always"));
            pod.spec
                .containers
                .iter()
                .chain(sidecars)
                .flat_map(|c| c.ports.iter())
                .find(|p| {
                    p.name == *name && (if p.protocol.is_empty() { "TCP" } else { p.protocol.as_str() }) == protocol
                })
                .map(|p| p.container_port)
        }
    }
}

/// Whether a Service has a cluster IP (`helper.IsServiceIPSet`).
pub fn is_service_ip_set(svc: &Service) -> bool {
    !svc.spec.cluster_ip.is_empty() && svc.spec.cluster_ip != "None"
}

/// The pod's Ready condition's last transition, the moment endpoints count a pod as changed
/// (`getPodTriggerTime`).
fn ready_time(pod: &Pod) -> Option<Time> {
    pod.condition("Ready").and_then(|c| c.last_transition_time)
}

/// The `last-change-trigger-time` a write carries (`TriggerTimeTracker.ComputeEndpointLastChangeTriggerTime`):
/// on the first write the Service's creation; later the earliest Ready transition among the pods
/// that changed since the previous sync. Syncs here follow every change at once, so those are the
/// pods whose Ready condition moved this second; none when only pods went away or began
/// terminating, and then the annotation is dropped.
fn trigger_time(svc: &Service, pods: &[&Pod], first: bool, now: Time) -> Option<Time> {
    if first {
        return svc.metadata.creation_timestamp;
    }
    pods.iter().filter_map(|p| ready_time(p)).filter(|t| t.unix_seconds() == now.unix_seconds()).min_by_key(|t| t.0)
}

/// How a pod stands with a Service's endpoints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Listed under `addresses`; ready in its EndpointSlice.
    Ready,
    /// Listed under `notReadyAddresses`: its Ready condition is not True.
    NotReady,
    /// Being deleted: gone from the Endpoints, kept in the EndpointSlice as terminating
    /// (`serving` says whether it still passes its readiness probe).
    Terminating { serving: bool },
    /// Selected, but it has no IP yet (not scheduled, or its sandbox is not up).
    NoIp,
    /// Selected, but finished (Succeeded or Failed).
    Terminal(String),
    /// Selected, but none of the Service's ports resolves on it (a named targetPort it lacks).
    NoPort(Vec<String>),
    /// Not selected: its labels differ from the selector on these keys.
    LabelsDiffer(Vec<String>),
}

/// One pod's place in a Service's endpoints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub pod: String,
    pub ip: String,
    pub node: String,
    pub standing: Standing,
}

impl Member {
    /// Whether the pod receives traffic through the Service.
    pub fn included(&self) -> bool {
        matches!(self.standing, Standing::Ready)
    }

    /// A short reason, as the explanations print it.
    pub fn reason(&self) -> String {
        match &self.standing {
            Standing::Ready => "Ready".into(),
            Standing::NotReady => "not Ready".into(),
            Standing::Terminating { serving: true } => "terminating (still serving)".into(),
            Standing::Terminating { serving: false } => "terminating".into(),
            Standing::NoIp => "no pod IP yet".into(),
            Standing::Terminal(phase) => format!("phase {phase}"),
            Standing::NoPort(names) => format!("no container port named {}", names.join(", ")),
            Standing::LabelsDiffer(diffs) => format!("labels do not match: {}", diffs.join(", ")),
        }
    }
}

/// Pod by pod, what a Service's endpoints hold: the selected pods (included or why not), then the
/// pods of its namespace that carry one of the selector's keys with another value or lack some of
/// them (near misses). A Service without a selector has no members.
pub fn membership(store: &Store, svc: &Service) -> Vec<Member> {
    let mut out = Vec::new();
    if svc.spec.selector.is_empty() {
        return out;
    }
    let publish = svc.spec.publish_not_ready_addresses == Some(true);
    for o in store.list_in(Kind::Pod, &svc.metadata.namespace) {
        let Object::Pod(p) = o else { continue };
        let ip = pod_ipv4(p).unwrap_or("").to_string();
        let standing = if map_selector_matches(&svc.spec.selector, &p.metadata.labels) {
            let unresolved: Vec<String> = svc
                .spec
                .ports
                .iter()
                .filter(|sp| find_port(p, sp).is_none())
                .filter_map(|sp| match &sp.target_port {
                    Some(IntOrString::Str(s)) => Some(s.clone()),
                    _ => None,
                })
                .collect();
            if p.is_terminal() {
                Standing::Terminal(p.status.phase.to_string())
            } else if ip.is_empty() {
                Standing::NoIp
            } else if p.metadata.deletion_timestamp.is_some() && !publish {
                Standing::Terminating { serving: p.is_ready() }
            } else if !svc.spec.ports.is_empty() && unresolved.len() == svc.spec.ports.len() {
                Standing::NoPort(unresolved)
            } else if publish || p.is_ready() {
                Standing::Ready
            } else {
                Standing::NotReady
            }
        } else {
            let mut diffs = Vec::new();
            let mut shares = false;
            for (k, v) in &svc.spec.selector {
                match p.metadata.labels.get(k) {
                    Some(have) if have == v => shares = true,
                    Some(have) => {
                        shares = true;
                        diffs.push(format!("{k}={have}, selector wants {k}={v}"));
                    }
                    None => diffs.push(format!("no label {k}, selector wants {k}={v}")),
                }
            }
            if !shares {
                continue;
            }
            Standing::LabelsDiffer(diffs)
        };
        out.push(Member { pod: p.metadata.name.clone(), ip, node: p.spec.node_name.clone(), standing });
    }
    out
}

/// The explanation of a write: who is in, who is out and why, with the counts.
fn explain(svc: &Service, members: &[Member], what: &str) -> String {
    let names = |f: &dyn Fn(&Member) -> bool| -> Vec<String> {
        members.iter().filter(|m| f(m)).map(|m| m.pod.clone()).collect()
    };
    let ready = names(&|m| m.included());
    let not_ready = names(&|m| matches!(m.standing, Standing::NotReady));
    let left_out: Vec<String> = members
        .iter()
        .filter(|m| !m.included() && !matches!(m.standing, Standing::NotReady))
        .map(|m| format!("{} ({})", m.pod, m.reason()))
        .collect();
    let list = |v: &[String]| if v.is_empty() { String::new() } else { format!(" ({})", v.join(", ")) };
    let mut text = format!(
        "{what} for service/{} (selector {}): {} ready{}, {} not ready{}",
        svc.metadata.name,
        format_labels(&svc.spec.selector),
        ready.len(),
        list(&ready),
        not_ready.len(),
        list(&not_ready)
    );
    if !left_out.is_empty() {
        text.push_str(&format!("; left out: {}", left_out.join(", ")));
    }
    text
}

/// An `ObjectReference` to a pod, as endpoints carry it.
fn target_ref(pod: &Pod) -> Value {
    json!({"kind": "Pod", "namespace": pod.metadata.namespace, "name": pod.metadata.name, "uid": pod.metadata.uid})
}

#[cfg(test)]
mod tests;
