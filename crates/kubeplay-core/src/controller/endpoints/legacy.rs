//! The endpoints controller's half of a sync: the Service's `v1.Endpoints`, ready pods under
//! `addresses` and the others under `notReadyAddresses`, packed into subsets by port
//! (pkg/controller/endpoint/endpoints_controller.go, pkg/api/v1/endpoints `RepackSubsets`).

use crate::json::put;
use crate::json::{json, Map, Value};

use super::super::{Action, Ctx, Reconcile};
use super::{
    explain, find_port, is_service_ip_set, membership, pod_ipv4, selected_pods, should_pod_be_in_endpoints,
    should_set_hostname, target_ref, trigger_time, HEADLESS_LABEL, TRIGGER_TIME_ANNOTATION,
};
use crate::api::meta::Time;
use crate::api::pod::Pod;
use crate::api::service::{Endpoints, Service};
use crate::api::{Kind, Object};
use crate::controller::Propagation;
use crate::store::ObjRef;

/// One address and the port it serves, before packing: `(address JSON, port JSON or None, ready)`.
type Entry = (Value, Option<Value>, bool);

/// Addresses by IP and pod uid (`addressKey`), sorted, each with whether it is ready.
type AddressSet<'a> = Vec<(&'a (String, String), bool)>;

/// The endpoints controller's `syncService`: delete the Endpoints of a Service that is gone,
/// leave ExternalName and selector-less Services alone, else write the subsets the selected pods
/// give.
pub(super) fn sync(ctx: &Ctx, target: &ObjRef, svc: Option<&Service>, out: &mut Reconcile) {
    let (ns, name) = (&target.key.namespace, &target.key.name);
    let current = ctx.store.endpoints(ns, name);
    let Some(svc) = svc else {
        if let Some(ep) = current {
            out.actions.push(Action::Delete {
                target: ObjRef::new(Kind::Endpoints, ns.clone(), name.clone()),
                uid: ep.metadata.uid.clone(),
                propagation: Propagation::Background,
                grace_seconds: None,
                why: format!("service/{name} no longer exists"),
            });
        }
        return;
    };
    if svc.spec.type_ == "ExternalName" || svc.spec.selector.is_empty() {
        return;
    }
    let pods = selected_pods(ctx.store, svc);
    let subsets = repack(desired_entries(svc, &pods));
    let mut labels = svc.metadata.labels.clone();
    let headless_now = !is_service_ip_set(svc);
    if let Some(cur) = current {
        let mut compare = cur.metadata.labels.clone();
        compare.remove(HEADLESS_LABEL);
        let cur_subsets: Vec<Value> = cur.subsets.iter().map(crate::api::value::Encode::encode).collect();
        let headless_was = cur.metadata.labels.contains_key(HEADLESS_LABEL);
        // The controller rewrites only when subsets or the Service's labels differ; the headless
        // label follows whenever it writes.
        if cur_subsets == subsets && compare == svc.metadata.labels && headless_was == headless_now {
            return;
        }
    }
    if headless_now {
        labels.insert(HEADLESS_LABEL.into(), String::new());
    }
    let now = Time::from_sim(ctx.now);
    let trigger = trigger_time(svc, &pods, current.is_none(), now);
    let mut ep: Endpoints = current.cloned().unwrap_or_default();
    ep.metadata.name = svc.metadata.name.clone();
    ep.metadata.namespace = svc.metadata.namespace.clone();
    ep.metadata.labels = labels;
    match trigger {
        Some(t) => ep.metadata.annotations.insert(TRIGGER_TIME_ANNOTATION.into(), t.rfc3339()),
        None => ep.metadata.annotations.remove(TRIGGER_TIME_ANNOTATION),
    };
    ep.subsets = match crate::api::value::Decode::decode(Value::Array(subsets)) {
        Ok(s) => s,
        Err(_) => return,
    };
    let members = membership(ctx.store, svc);
    let obj = Object::Endpoints(crate::api::ObjBox::new(ep));
    if current.is_some() {
        out.actions.push(Action::Update { obj, why: explain(svc, &members, "updated the endpoints") });
    } else {
        out.actions.push(Action::Create {
            obj,
            why: explain(svc, &members, "created the endpoints"),
            event: None,
            failed: None,
        });
    }
}

/// Every `(address, port, ready)` the selected pods give (the loop of `syncService` with
/// `addEndpointSubset`).
fn desired_entries(svc: &Service, pods: &[&Pod]) -> Vec<Entry> {
    let tolerate = svc.spec.publish_not_ready_addresses == Some(true);
    let mut entries = Vec::new();
    for pod in pods {
        if !should_pod_be_in_endpoints(pod, tolerate) {
            continue;
        }
        let Some(ip) = pod_ipv4(pod) else { continue };
        let mut addr = Map::new();
        put(&mut addr, "ip", json!(ip));
        if !pod.spec.node_name.is_empty() {
            put(&mut addr, "nodeName", json!(pod.spec.node_name));
        }
        put(&mut addr, "targetRef", target_ref(pod));
        if should_set_hostname(pod, svc) {
            put(&mut addr, "hostname", json!(pod.spec.hostname));
        }
        let addr = Value::Object(addr);
        let ready = tolerate || pod.is_ready();
        if svc.spec.ports.is_empty() {
            if svc.spec.cluster_ip == "None" {
                entries.push((addr, None, ready));
            }
            continue;
        }
        for sp in &svc.spec.ports {
            let Some(port) = find_port(pod, sp) else { continue };
            let mut p = Map::new();
            if !sp.name.is_empty() {
                put(&mut p, "name", json!(sp.name));
            }
            put(&mut p, "port", json!(port));
            put(&mut p, "protocol", json!(if sp.protocol.is_empty() { "TCP" } else { sp.protocol.as_str() }));
            if let Some(ap) = &sp.app_protocol {
                put(&mut p, "appProtocol", json!(ap));
            }
            entries.push((addr.clone(), Some(Value::Object(p)), ready));
        }
    }
    entries
}

/// `endpoints.RepackSubsets`: each address under the ports it serves, addresses that serve the
/// same ports (with the same readiness) in one subset; an address ready on a port in any entry is
/// ready on it. Addresses sort by IP then uid (`LessEndpointAddress`); ports by name and number and
/// subsets by their first port, where upstream orders both by a hash.
///
/// Worked example: a.1 ready on 80, b.2 not ready on 80, a.1 ready on 443 give two subsets,
/// `{addresses [a.1], notReadyAddresses [b.2], ports [80]}` then `{addresses [a.1], ports [443]}`.
pub(super) fn repack(entries: Vec<Entry>) -> Vec<Value> {
    let key_of = |addr: &Value| -> (String, String) {
        let ip = addr.get("ip").and_then(Value::as_str).unwrap_or("").to_string();
        let uid = addr.get("targetRef").and_then(|t| t.get("uid")).and_then(Value::as_str).unwrap_or("").to_string();
        (ip, uid)
    };
    // Each entry as (port key, address key, ready, index), sorted by port key (None: the
    // sentinel "" for headless Services without ports), address key, then order of appearance.
    let mut rows: Vec<(String, (String, String), bool, usize)> = Vec::with_capacity(entries.len());
    for (i, (addr, port, ready)) in entries.iter().enumerate() {
        rows.push((port.as_ref().map_or_else(String::new, port_sort_key), key_of(addr), *ready, i));
    }
    rows.sort_unstable_by(|a, b| (&a.0, &a.1, a.3).cmp(&(&b.0, &b.1, b.3)));
    // The first address written under each key, by key.
    let mut first: Vec<(&(String, String), usize)> = rows.iter().map(|r| (&r.1, r.3)).collect();
    first.sort_unstable();
    first.dedup_by(|later, earlier| later.0 == earlier.0);
    // Ports sharing the same address set form one subset: (address keys with readiness, ports).
    let mut groups: Vec<(AddressSet<'_>, Vec<Value>)> = Vec::new();
    let mut rest = rows.as_slice();
    while let Some(head) = rest.first() {
        let len = rest.iter().take_while(|r| r.0 == head.0).count();
        let (run, tail) = rest.split_at(len);
        rest = tail;
        // The port as the first entry of this port key wrote it.
        let port = run.iter().map(|r| r.3).min().and_then(|i| entries.get(i)).and_then(|e| e.1.clone());
        let mut addrs: AddressSet<'_> = Vec::new();
        for r in run {
            match addrs.last_mut() {
                Some((k, ready)) if *k == &r.1 => *ready = *ready || r.2,
                _ => addrs.push((&r.1, r.2)),
            }
        }
        match groups.iter_mut().find(|(a, _)| *a == addrs) {
            Some((_, ports)) => ports.extend(port),
            None => groups.push((addrs, port.into_iter().collect())),
        }
    }
    let address = |k: &(String, String)| -> Option<Value> {
        let at = first.binary_search_by(|(fk, _)| (*fk).cmp(k)).ok()?;
        first.get(at).and_then(|(_, i)| entries.get(*i)).map(|e| e.0.clone())
    };
    let mut subsets: Vec<Value> = groups
        .into_iter()
        .map(|(addrs, ports)| {
            let pick = |want: bool| -> Vec<Value> {
                addrs.iter().filter(|(_, r)| *r == want).filter_map(|(k, _)| address(k)).collect()
            };
            let mut s = Map::new();
            let (ready, not_ready) = (pick(true), pick(false));
            if !ready.is_empty() {
                put(&mut s, "addresses", Value::Array(ready));
            }
            if !not_ready.is_empty() {
                put(&mut s, "notReadyAddresses", Value::Array(not_ready));
            }
            if !ports.is_empty() {
                put(&mut s, "ports", Value::Array(ports));
            }
            Value::Object(s)
        })
        .collect();
    subsets.sort_by_key(|s| s.get("ports").and_then(|p| p.get(0)).map_or_else(String::new, port_sort_key));
    subsets
}

fn port_sort_key(p: &Value) -> String {
    let name = p.get("name").and_then(Value::as_str).unwrap_or("");
    let port = p.get("port").and_then(Value::as_i64).unwrap_or(0);
    let proto = p.get("protocol").and_then(Value::as_str).unwrap_or("");
    format!("{name}\u{0}{port:05}\u{0}{proto}")
}
