//! The cluster-scoped kinds: `describeNode` (with its lease, conditions, resources and the
//! non-terminated pods table) and `describeNamespace`.

use std::collections::BTreeMap;

use crate::json::Value;

use super::writer::*;
use super::Ctx;
use crate::api::meta::Time;
use crate::api::node::{Namespace, Node};
use crate::api::pod::Pod;
use crate::api::quantity::{Format, Quantity};
use crate::manifest::field::go_quote;

/// The kubelet renews its lease every 10 seconds (`renewInterval` = 0.25 × 40s).
const LEASE_RENEW_MS: i64 = 10_000;

/// `findNodeRoles`: `node-role.kubernetes.io/<role>` labels and the `kubernetes.io/role` value.
fn node_roles(node: &Node) -> Vec<String> {
    let mut roles: Vec<String> = Vec::new();
    for (k, v) in &node.metadata.labels {
        if let Some(role) = k.strip_prefix("node-role.kubernetes.io/") {
            if !role.is_empty() {
                roles.push(role.to_string());
            }
        } else if k == "kubernetes.io/role" && !v.is_empty() {
            roles.push(v.clone());
        }
    }
    roles.sort();
    roles.dedup();
    roles
}

/// Quantities by resource name, each a sum (`Quantity.Add`: the first operand's format is kept)
/// or a maximum; a short list rather than a map since pods name few resources.
#[derive(Clone, Default)]
struct ResourceSums(Vec<(String, Quantity)>);

impl ResourceSums {
    fn slot(&mut self, k: &str, q: Quantity) -> Option<&mut Quantity> {
        match self.0.iter().position(|(n, _)| n == k) {
            Some(i) => self.0.get_mut(i).map(|(_, s)| s),
            None => {
                self.0.push((k.to_string(), q));
                None
            }
        }
    }

    fn add(&mut self, k: &str, q: Quantity) {
        if let Some(s) = self.slot(k, q) {
            s.nanos += q.nanos;
        }
    }

    fn max(&mut self, k: &str, q: Quantity) {
        if let Some(s) = self.slot(k, q) {
            if s.nanos < q.nanos {
                *s = q;
            }
        }
    }
}

fn parsed(list: &BTreeMap<String, String>) -> Vec<(String, Quantity)> {
    list.iter().filter_map(|(k, v)| Quantity::parse(v).ok().map(|q| (k.clone(), q))).collect()
}

fn add_list(into: &mut ResourceSums, list: &[(String, Quantity)]) {
    for (k, q) in list {
        into.add(k, *q);
    }
}

fn max_list(into: &mut ResourceSums, list: &ResourceSums) {
    for (k, q) in &list.0 {
        into.max(k, *q);
    }
}

/// A resource no pod asks for.
const ZERO: Quantity = Quantity { nanos: 0, format: Format::DecimalSI };

/// `PodRequestsAndLimits` (kubectl's simplified form): containers summed, init containers as a
/// maximum, restartable (sidecar) init containers added to both.
fn pod_requests_and_limits(pod: &Pod) -> (ResourceSums, ResourceSums) {
    let mut out = Vec::new();
    for limits in [false, true] {
        let pick =
            |c: &crate::api::pod::Container| parsed(if limits { &c.resources.limits } else { &c.resources.requests });
        let mut total = ResourceSums::default();
        for c in &pod.spec.containers {
            add_list(&mut total, &pick(c));
        }
        let mut sidecars = ResourceSums::default();
        let mut init = ResourceSums::default();
        for c in &pod.spec.init_containers {
            let list = pick(c);
            let this = if c.restart_policy.as_deref() == Some("Always") {
                add_list(&mut total, &list);
                add_list(&mut sidecars, &list);
                sidecars.clone()
            } else {
                let mut tmp = ResourceSums::default();
                add_list(&mut tmp, &list);
                add_list(&mut tmp, &sidecars.0);
                tmp
            };
            max_list(&mut init, &this);
        }
        max_list(&mut total, &init);
        out.push(total);
    }
    let limits = out.pop().unwrap_or_default();
    let requests = out.pop().unwrap_or_default();
    (requests, limits)
}

fn quantity_of(list: &ResourceSums, name: &str) -> Quantity {
    list.0.iter().find(|(n, _)| n == name).map_or(ZERO, |(_, q)| *q)
}

/// `int64(float64(a) / float64(b) * 100)`.
fn percent(a: i64, b: i64) -> i64 {
    if b == 0 {
        return 0;
    }
    (a as f64 / b as f64 * 100.0) as i64
}

/// `describeNode`.
pub fn describe_node(ctx: &Ctx, node: &Node) -> String {
    let m = &node.metadata;
    let mut w = Writer::new();
    w.writef(LEVEL_0, format_args!("Name:\t{}\n", m.name));
    let roles = node_roles(node);
    w.writef(
        LEVEL_0,
        format_args!("Roles:\t{}\n", if roles.is_empty() { "<none>".to_string() } else { roles.join(",") }),
    );
    print_labels_multiline(&mut w, "Labels", &m.labels);
    print_annotations_multiline(&mut w, "Annotations", &m.annotations);
    w.writef(LEVEL_0, format_args!("CreationTimestamp:\t{}\n", rfc1123z(m.creation_timestamp)));
    print_taints_multiline(&mut w, "Taints", &node.spec.taints);
    w.writef(LEVEL_0, format_args!("Unschedulable:\t{}\n", node.spec.unschedulable));
    if ctx.kubelets.is_some_and(|k| !k.contains_key(&m.name)) {
        // A Node created through the API has no kubelet to hold its Lease.
        w.writef(
            LEVEL_0,
            format_args!("Lease:\tFailed to get lease: leases.coordination.k8s.io {} not found\n", go_quote(&m.name)),
        );
    } else {
        w.write(LEVEL_0, "Lease:\n");
        w.writef(LEVEL_1, format_args!("HolderIdentity:\t{}\n", m.name));
        w.write(LEVEL_1, "AcquireTime:\t<unset>\n");
        w.writef(LEVEL_1, format_args!("RenewTime:\t{}\n", rfc1123z(Some(lease_renew_time(ctx, node)))));
    }
    let st = &node.status;
    if !st.conditions.is_empty() {
        w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
        w.write(LEVEL_1, "----\t------\t-----------------\t------------------\t------\t-------\n");
        for c in &st.conditions {
            w.writef(
                LEVEL_1,
                format_args!(
                    "{} \t{} \t{} \t{} \t{} \t{}\n",
                    c.type_,
                    c.status,
                    rfc1123z(c.last_heartbeat_time),
                    rfc1123z(c.last_transition_time),
                    c.reason,
                    c.message
                ),
            );
        }
    }
    w.write(LEVEL_0, "Addresses:\n");
    for a in &st.addresses {
        w.writef(LEVEL_1, format_args!("{}:\t{}\n", a.type_, a.address));
    }
    for (title, list) in [("Capacity", &st.capacity), ("Allocatable", &st.allocatable)] {
        if list.is_empty() {
            continue;
        }
        w.writef(LEVEL_0, format_args!("{title}:\n"));
        for (k, v) in list {
            let q = Quantity::parse(v).map_or_else(|_| v.clone(), |q| q.canonical());
            w.writef(LEVEL_0, format_args!("  {k}:\t{q}\n"));
        }
    }
    let info = st.node_info.clone().unwrap_or_default();
    w.write(LEVEL_0, "System Info:\n");
    for (k, v) in [
        ("Machine ID", &info.machine_id),
        ("System UUID", &info.system_uuid),
        ("Boot ID", &info.boot_id),
        ("Kernel Version", &info.kernel_version),
        ("OS Image", &info.os_image),
        ("Operating System", &info.operating_system),
        ("Architecture", &info.architecture),
        ("Container Runtime Version", &info.container_runtime_version),
        ("Kubelet Version", &info.kubelet_version),
        ("Kube-Proxy Version", &info.kube_proxy_version),
    ] {
        w.writef(LEVEL_0, format_args!("  {k}:\t{v}\n"));
    }
    if !node.spec.pod_cidr.is_empty() {
        w.writef(LEVEL_0, format_args!("PodCIDR:\t{}\n", node.spec.pod_cidr));
    }
    if !node.spec.pod_cidrs.is_empty() {
        w.writef(LEVEL_0, format_args!("PodCIDRs:\t{}\n", node.spec.pod_cidrs.join(",")));
    }
    if !node.spec.provider_id.is_empty() {
        w.writef(LEVEL_0, format_args!("ProviderID:\t{}\n", node.spec.provider_id));
    }
    let pods: Vec<&Pod> = ctx.store.pods_on_node(&m.name).filter(|p| !p.is_terminal()).collect();
    describe_node_resource(&mut w, ctx.now, node, &pods);
    if let Some(ev) = ctx.events_about("Node", "", &m.name, &m.uid) {
        describe_events(&mut w, &ev, ctx.now);
    }
    w.finish()
}

/// When the node's kubelet last renewed its lease: on the 10s grid while it runs, frozen once
/// its kubelet stopped.
fn lease_renew_time(ctx: &Ctx, node: &Node) -> Time {
    if let Some(at) = ctx.stopped_kubelets.get(&node.metadata.name) {
        return Time::from_sim(*at);
    }
    let created = node.metadata.creation_timestamp.unwrap_or(ctx.now);
    let elapsed = (ctx.now.0 - created.0).max(0);
    Time(created.0 + elapsed - elapsed % LEASE_RENEW_MS)
}

/// `describeNodeResource`.
fn describe_node_resource(w: &mut Writer, now: Time, node: &Node, pods: &[&Pod]) {
    w.writef(LEVEL_0, format_args!("Non-terminated Pods:\t({} in total)\n", pods.len()));
    w.write(LEVEL_1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
    w.write(LEVEL_1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
    let alloc_map = if node.status.allocatable.is_empty() { &node.status.capacity } else { &node.status.allocatable };
    let alloc = |k: &str| alloc_map.get(k).and_then(|v| Quantity::parse(v).ok()).unwrap_or(ZERO);
    let (cpu, mem, eph) = (alloc("cpu"), alloc("memory"), alloc("ephemeral-storage"));
    let mut reqs = ResourceSums::default();
    let mut limits = ResourceSums::default();
    for p in pods {
        let (r, l) = pod_requests_and_limits(p);
        let (cr, cl, mr, ml) =
            (quantity_of(&r, "cpu"), quantity_of(&l, "cpu"), quantity_of(&r, "memory"), quantity_of(&l, "memory"));
        w.writef(
            LEVEL_1,
            format_args!(
                "{}\t{}\t\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{}\n",
                p.metadata.namespace,
                p.metadata.name,
                cr.canonical(),
                percent(cr.milli_value(), cpu.milli_value()),
                cl.canonical(),
                percent(cl.milli_value(), cpu.milli_value()),
                mr.canonical(),
                percent(mr.value(), mem.value()),
                ml.canonical(),
                percent(ml.value(), mem.value()),
                since(now, p.metadata.creation_timestamp)
            ),
        );
        add_list(&mut reqs, &r.0);
        add_list(&mut limits, &l.0);
    }
    w.write(LEVEL_0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
    w.write(LEVEL_1, "Resource\tRequests\tLimits\n");
    w.write(LEVEL_1, "--------\t--------\t------\n");
    let row = |w: &mut Writer, name: &str, total: Quantity, milli: bool| {
        let (r, l) = (quantity_of(&reqs, name), quantity_of(&limits, name));
        let (rv, lv, tv) = if milli {
            (r.milli_value(), l.milli_value(), total.milli_value())
        } else {
            (r.value(), l.value(), total.value())
        };
        w.writef(
            LEVEL_1,
            format_args!(
                "{name}\t{} ({}%)\t{} ({}%)\n",
                r.canonical(),
                percent(rv, tv),
                l.canonical(),
                percent(lv, tv)
            ),
        );
    };
    row(w, "cpu", cpu, true);
    row(w, "memory", mem, false);
    row(w, "ephemeral-storage", eph, false);
    for name in alloc_map.keys().filter(|k| k.starts_with("hugepages-")) {
        row(w, name, alloc(name), false);
    }
    let standard = ["cpu", "memory", "ephemeral-storage", "pods"];
    for name in alloc_map.keys().filter(|k| !k.starts_with("hugepages-") && !standard.contains(&k.as_str())) {
        let (r, l) = (quantity_of(&reqs, name), quantity_of(&limits, name));
        w.writef(LEVEL_1, format_args!("{name}\t{}\t{}\n", r.canonical(), l.canonical()));
    }
}

/// `describeNamespace` (no ResourceQuotas or LimitRanges exist in the playground).
pub fn describe_namespace(ns: &Namespace) -> String {
    let m = &ns.metadata;
    let mut w = Writer::new();
    w.writef(LEVEL_0, format_args!("Name:\t{}\n", m.name));
    print_labels_multiline(&mut w, "Labels", &m.labels);
    print_annotations_multiline(&mut w, "Annotations", &m.annotations);
    w.writef(LEVEL_0, format_args!("Status:\t{}\n", ns.status.phase));
    let conditions = ns.status.extra.get("conditions").and_then(Value::as_array).filter(|c| !c.is_empty());
    if let Some(conditions) = conditions {
        w.write(LEVEL_0, "Conditions:\n");
        w.write(LEVEL_1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n");
        w.write(LEVEL_1, "----\t------\t------------------\t------\t-------\n");
        for c in conditions {
            let s = |k: &str| c.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            let t = c.get("lastTransitionTime").and_then(Value::as_str).and_then(Time::parse_rfc3339);
            w.writef(
                LEVEL_1,
                format_args!("{}\t{}\t{}\t{}\t{}\n", s("type"), s("status"), rfc1123z(t), s("reason"), s("message")),
            );
        }
    }
    w.write(LEVEL_0, "\n");
    w.write(LEVEL_0, "No resource quota.\n");
    w.write(LEVEL_0, "\n");
    w.write(LEVEL_0, "No LimitRange resource.\n");
    w.finish()
}
