//! The EndpointSlice controller's half of a sync: the Service's `discovery/v1` EndpointSlices, one
//! endpoint per pod with its ready/serving/terminating conditions, grouped by the ports the pod
//! resolves, at most 100 to a slice, a placeholder slice when there are none, and a slice that
//! would be deleted reused for one that would be created (staging/src/k8s.io/endpointslice
//! `reconciler.go` and `utils.go`).

use crate::json::put;
use std::collections::BTreeMap;

use crate::json::{json, Map, Value};

use super::super::{Action, Ctx, Reconcile};
use super::{
    explain, find_port, is_service_ip_set, membership, pod_ipv4, selected_pods, should_pod_be_in_endpoints,
    should_set_hostname, target_ref, trigger_time, CONTROLLER_NAME, HEADLESS_LABEL, MANAGED_BY_LABEL,
    MAX_ENDPOINTS_PER_SLICE, SERVICE_NAME_LABEL, TRIGGER_TIME_ANNOTATION,
};
use crate::api::meta::{ObjectMeta, OwnerReference, Time};
use crate::api::pod::Pod;
use crate::api::service::{EndpointSlice, Service};
use crate::api::{Kind, Object};
use crate::controller::Propagation;
use crate::store::ObjRef;

/// The address type every slice here has: the simulated cluster is single-stack IPv4.
const ADDRESS_TYPE: &str = "IPv4";

/// A slice being built: the stored one it came from (None for a new slice) and its content.
#[derive(Clone, Debug)]
struct Draft {
    base: Option<EndpointSlice>,
    ports: Vec<Value>,
    endpoints: Vec<Value>,
    labels: BTreeMap<String, String>,
}

/// The desired endpoints of one port mapping, in pod order, by identity.
struct Desired {
    ports: Vec<Value>,
    endpoints: Vec<(String, Value)>,
}

impl Desired {
    fn take(&mut self, id: &str) -> Option<Value> {
        let i = self.endpoints.iter().position(|(k, _)| k == id)?;
        Some(self.endpoints.remove(i).1)
    }

    fn pop(&mut self) -> Option<Value> {
        (!self.endpoints.is_empty()).then(|| self.endpoints.remove(0).1)
    }
}

/// The EndpointSlice controller's `syncService` and `Reconciler.reconcileByAddressType`.
pub(super) fn sync(ctx: &Ctx, svc: &Service, out: &mut Reconcile) {
    if svc.spec.type_ == "ExternalName" || svc.spec.selector.is_empty() {
        return;
    }
    let ns = &svc.metadata.namespace;
    let pods = selected_pods(ctx.store, svc);
    let labels = slice_labels(svc);

    // What the pods ask for, by port mapping (a few mappings: a list, sorted by key after).
    let mut desired: Vec<(String, Desired)> = Vec::new();
    for pod in &pods {
        if !should_pod_be_in_endpoints(pod, true) {
            continue;
        }
        let node_known = ctx.store.node("", &pod.spec.node_name).is_some();
        if !node_known && svc.spec.publish_not_ready_addresses != Some(true) {
            continue;
        }
        let ports = endpoint_ports(svc, pod);
        let Some(ep) = pod_to_endpoint(pod, svc, ctx) else { continue };
        let key = port_map_key(&ports);
        let at = match desired.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                desired.push((key, Desired { ports, endpoints: Vec::new() }));
                desired.len() - 1
            }
        };
        if let Some((_, d)) = desired.get_mut(at) {
            d.endpoints.push((endpoint_id(&ep), ep));
        }
    }
    desired.sort_by(|a, b| a.0.cmp(&b.0));

    // What exists: this controller's slices of this Service, by port mapping.
    let mut existing: Vec<EndpointSlice> = ctx
        .store
        .list_in(Kind::EndpointSlice, ns)
        .filter_map(|o| match o {
            Object::EndpointSlice(s)
                if s.metadata.labels.get(SERVICE_NAME_LABEL) == Some(&svc.metadata.name)
                    && s.metadata.labels.get(MANAGED_BY_LABEL).map(String::as_str) == Some(CONTROLLER_NAME) =>
            {
                Some(s.as_ref().clone())
            }
            _ => None,
        })
        .collect();
    existing.sort_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
    let existing_count = existing.len();
    let mut to_delete: Vec<EndpointSlice> = Vec::new();
    // By port mapping, sorted by key after.
    let mut by_key: Vec<(String, Vec<EndpointSlice>)> = Vec::new();
    for s in existing.iter().cloned() {
        if owned_by(&s, svc) {
            let key = port_map_key(s.ports.as_deref().unwrap_or(&[]));
            match by_key.iter_mut().find(|(k, _)| *k == key) {
                Some((_, slices)) => slices.push(s),
                None => by_key.push((key, vec![s])),
            }
        } else {
            to_delete.push(s);
        }
    }
    by_key.sort_by(|a, b| a.0.cmp(&b.0));

    let mut to_create: Vec<Draft> = Vec::new();
    let mut to_update: Vec<Draft> = Vec::new();
    for (key, mut want) in desired {
        let slices = by_key.iter().position(|(k, _)| *k == key).map(|i| by_key.remove(i).1).unwrap_or_default();
        let (c, u, d) = reconcile_by_port_mapping(slices, &mut want, &labels);
        to_create.extend(c);
        to_update.extend(u);
        to_delete.extend(d);
    }
    for (_, slices) in by_key {
        to_delete.extend(slices);
    }

    // When no slice would be left, a placeholder without endpoints or ports stands in.
    if existing_count == to_delete.len() && to_create.is_empty() {
        let placeholder_kept = to_delete.len() == 1
            && to_delete.first().is_some_and(|s| {
                s.endpoints.as_ref().is_none_or(Vec::is_empty)
                    && s.ports.as_ref().is_none_or(Vec::is_empty)
                    && s.metadata.labels == labels
                    && s.address_type == ADDRESS_TYPE
            });
        if placeholder_kept {
            to_delete.clear();
        } else {
            to_create.push(Draft { base: None, ports: Vec::new(), endpoints: Vec::new(), labels: labels.clone() });
        }
    }

    // `finalize`: a slice that would be deleted is reused for one that would be created.
    let mut kept_deletes = Vec::new();
    for old in to_delete {
        if !to_create.is_empty() && old.address_type == ADDRESS_TYPE && owned_by(&old, svc) {
            if let Some(mut draft) = to_create.pop() {
                draft.base = Some(old);
                to_update.push(draft);
            }
        } else {
            kept_deletes.push(old);
        }
    }
    let to_delete = kept_deletes;

    let now = Time::from_sim(ctx.now);
    let trigger = trigger_time(svc, &pods, existing.is_empty(), now);
    let members = if to_create.is_empty() && to_update.is_empty() && to_delete.is_empty() {
        Vec::new()
    } else {
        membership(ctx.store, svc)
    };
    if svc.metadata.deletion_timestamp.is_none() {
        for draft in to_create {
            let obj = build(svc, draft, trigger);
            let why = explain(svc, &members, "created an endpoint slice");
            out.actions.push(Action::Create { obj, why, event: None, failed: None });
        }
    }
    for draft in to_update {
        let obj = build(svc, draft, trigger);
        out.actions.push(Action::Update { obj, why: explain(svc, &members, "updated the endpoint slice") });
    }
    for s in to_delete {
        out.actions.push(Action::Delete {
            target: ObjRef::new(Kind::EndpointSlice, ns.clone(), s.metadata.name.clone()),
            uid: s.metadata.uid.clone(),
            propagation: Propagation::Background,
            grace_seconds: None,
            why: format!("service/{} no longer needs it", svc.metadata.name),
        });
    }
}

/// `reconcileByPortMapping`: keep the desired endpoints where they are (updated), drop the
/// others, fill the slices being updated, then a slice with room, then new slices.
fn reconcile_by_port_mapping(
    existing: Vec<EndpointSlice>,
    want: &mut Desired,
    labels: &BTreeMap<String, String>,
) -> (Vec<Draft>, Vec<Draft>, Vec<EndpointSlice>) {
    let mut to_update: Vec<Draft> = Vec::new();
    let mut to_delete: Vec<EndpointSlice> = Vec::new();
    let mut unchanged: Vec<Draft> = Vec::new();
    for slice in existing {
        let old_eps: Vec<Value> = slice.endpoints.clone().unwrap_or_default();
        let mut kept = Vec::new();
        let mut updated = false;
        for ep in &old_eps {
            if let Some(got) = want.take(&endpoint_id(ep)) {
                updated |= got != *ep;
                kept.push(got);
            }
        }
        let labels_changed = slice.metadata.labels != *labels;
        let draft = Draft {
            ports: slice.ports.clone().unwrap_or_default(),
            endpoints: kept,
            labels: labels.clone(),
            base: Some(slice.clone()),
        };
        if updated || draft.endpoints.len() != old_eps.len() {
            if draft.endpoints.is_empty() {
                to_delete.push(slice);
            } else {
                to_update.push(draft);
            }
        } else if labels_changed {
            to_update.push(draft);
        } else {
            unchanged.push(draft);
        }
    }
    // Fill the slices being updated, fullest first.
    to_update.sort_by_key(|d| std::cmp::Reverse(d.endpoints.len()));
    for d in &mut to_update {
        while d.endpoints.len() < MAX_ENDPOINTS_PER_SLICE {
            let Some(ep) = want.pop() else { break };
            d.endpoints.push(ep);
        }
    }
    let mut to_create = Vec::new();
    while !want.endpoints.is_empty() {
        let remaining = want.endpoints.len();
        let mut fill = None;
        if remaining < MAX_ENDPOINTS_PER_SLICE {
            // `getSliceToFill`: the unchanged slice the remaining endpoints fill most closely.
            let mut closest = MAX_ENDPOINTS_PER_SLICE;
            for (i, d) in unchanged.iter().enumerate() {
                let used = remaining + d.endpoints.len();
                if used <= MAX_ENDPOINTS_PER_SLICE && MAX_ENDPOINTS_PER_SLICE - used < closest {
                    closest = MAX_ENDPOINTS_PER_SLICE - used;
                    fill = Some(i);
                }
            }
        }
        let mut draft = match fill {
            Some(i) => unchanged.remove(i),
            None => Draft { base: None, ports: want.ports.clone(), endpoints: Vec::new(), labels: labels.clone() },
        };
        while draft.endpoints.len() < MAX_ENDPOINTS_PER_SLICE {
            let Some(ep) = want.pop() else { break };
            draft.endpoints.push(ep);
        }
        if draft.base.is_some() {
            to_update.push(draft);
        } else {
            to_create.push(draft);
        }
    }
    (to_create, to_update, to_delete)
}

/// The slice object a draft becomes: a new one named after the Service, or the stored one with
/// its new content and, when anything but metadata changed, the next generation.
fn build(svc: &Service, draft: Draft, trigger: Option<Time>) -> Object {
    let mut slice = match &draft.base {
        Some(b) => b.clone(),
        None => EndpointSlice {
            metadata: ObjectMeta {
                generate_name: slice_prefix(&svc.metadata.name),
                namespace: svc.metadata.namespace.clone(),
                owner_references: vec![OwnerReference {
                    api_version: "v1".into(),
                    kind: "Service".into(),
                    name: svc.metadata.name.clone(),
                    uid: svc.metadata.uid.clone(),
                    controller: Some(true),
                    block_owner_deletion: Some(true),
                }],
                ..ObjectMeta::default()
            },
            address_type: ADDRESS_TYPE.into(),
            endpoints: None,
            ports: None,
        },
    };
    let endpoints = (!draft.endpoints.is_empty()).then_some(draft.endpoints);
    let ports = (!draft.ports.is_empty()).then_some(draft.ports);
    let content_changed = slice.endpoints != endpoints
        || slice.ports != ports
        || slice.address_type != ADDRESS_TYPE
        || slice.metadata.labels != draft.labels;
    if draft.base.is_some() && content_changed {
        slice.metadata.generation += 1;
    }
    slice.endpoints = endpoints;
    slice.ports = ports;
    slice.address_type = ADDRESS_TYPE.into();
    slice.metadata.labels = draft.labels.into();
    match trigger {
        Some(t) => slice.metadata.annotations.insert(TRIGGER_TIME_ANNOTATION.into(), t.rfc3339()),
        None => slice.metadata.annotations.remove(TRIGGER_TIME_ANNOTATION),
    };
    Object::EndpointSlice(crate::api::ObjBox::new(slice))
}

/// `setEndpointSliceLabels`: the Service's labels but the reserved ones, the headless label when
/// it has no cluster IP, the Service's name and this controller's.
fn slice_labels(svc: &Service) -> BTreeMap<String, String> {
    let mut labels: BTreeMap<String, String> = svc
        .metadata
        .labels
        .iter()
        .filter(|(k, _)| ![SERVICE_NAME_LABEL, MANAGED_BY_LABEL, HEADLESS_LABEL].contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if !is_service_ip_set(svc) {
        labels.insert(HEADLESS_LABEL.into(), String::new());
    }
    labels.insert(SERVICE_NAME_LABEL.into(), svc.metadata.name.clone());
    labels.insert(MANAGED_BY_LABEL.into(), CONTROLLER_NAME.into());
    labels
}

/// `getEndpointSlicePrefix`: `<service>-`, the apiserver adding five random characters.
fn slice_prefix(name: &str) -> String {
    if name.len() < crate::manifest::validate::DNS1123_SUBDOMAIN_MAX_LENGTH {
        format!("{name}-")
    } else {
        name.to_string()
    }
}

/// Whether the Service is the slice's controller (`ownedBy`).
fn owned_by(slice: &EndpointSlice, svc: &Service) -> bool {
    slice.metadata.controller_ref().is_some_and(|r| r.uid == svc.metadata.uid && r.kind == "Service")
}

/// `getEndpointPorts`: the Service's ports the pod resolves, in the Service's order.
fn endpoint_ports(svc: &Service, pod: &Pod) -> Vec<Value> {
    if svc.spec.ports.is_empty() && svc.spec.cluster_ip == "None" {
        return Vec::new();
    }
    svc.spec
        .ports
        .iter()
        .filter_map(|sp| {
            let port = find_port(pod, sp)?;
            let mut p = Map::new();
            put(&mut p, "name", json!(sp.name));
            put(&mut p, "port", json!(port));
            put(&mut p, "protocol", json!(if sp.protocol.is_empty() { "TCP" } else { sp.protocol.as_str() }));
            if let Some(ap) = &sp.app_protocol {
                put(&mut p, "appProtocol", json!(ap));
            }
            Some(Value::Object(p))
        })
        .collect()
}

/// `NewPortMapKey`: the port set, order aside.
fn port_map_key(ports: &[Value]) -> String {
    let mut keys: Vec<String> = ports.iter().map(Value::to_string).collect();
    keys.sort();
    keys.join(";")
}

/// `podToEndpoint`: the pod's address with its conditions, node, zone and reference.
fn pod_to_endpoint(pod: &Pod, svc: &Service, ctx: &Ctx) -> Option<Value> {
    let ip = pod_ipv4(pod)?;
    let serving = pod.is_ready();
    let terminating = pod.metadata.deletion_timestamp.is_some();
    let ready = svc.spec.publish_not_ready_addresses == Some(true) || (serving && !terminating);
    let mut ep = Map::new();
    put(&mut ep, "addresses", json!([ip]));
    put(&mut ep, "conditions", json!({"ready": ready, "serving": serving, "terminating": terminating}));
    put(&mut ep, "targetRef", target_ref(pod));
    if !pod.spec.node_name.is_empty() {
        put(&mut ep, "nodeName", json!(pod.spec.node_name));
    }
    if let Some(zone) = ctx
        .store
        .node("", &pod.spec.node_name)
        .and_then(|n| n.metadata.labels.get("topology.kubernetes.io/zone"))
        .filter(|z| !z.is_empty())
    {
        put(&mut ep, "zone", json!(zone));
    }
    if should_set_hostname(pod, svc) {
        put(&mut ep, "hostname", json!(pod.spec.hostname));
    }
    Some(Value::Object(ep))
}

/// What makes two endpoints the same endpoint (`hashEndpoint`): addresses, hostname and the
/// pod's namespace and name.
fn endpoint_id(ep: &Value) -> String {
    let mut addrs: Vec<&str> =
        ep.get("addresses").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    addrs.sort_unstable();
    let s = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("").to_string();
    let tr = ep.get("targetRef");
    format!(
        "{}|{}|{}/{}",
        addrs.join(","),
        s(ep.get("hostname")),
        s(tr.and_then(|t| t.get("namespace"))),
        s(tr.and_then(|t| t.get("name")))
    )
}
