//! Read-only view models for the UI: the nodes with their pods, the workloads as kubectl's tables
//! show them, every ReplicaSet's counts (for the replicas-over-time chart), each Deployment's
//! rollout history, the recent events and the virtual clock. Plain data, computed from the store
//! in one pass; the page renders one of these after every command or time step.

use crate::api::value::ToJson;

use crate::api::apps::ReplicaSet;
use crate::api::meta::Time;
use crate::api::node::Node;
use crate::api::pod::Pod;
use crate::api::{Kind, Object};
use crate::cluster::events::EventRecord;
use crate::cluster::Cluster;
use crate::controller::scheduler;
use crate::kubectl::printers::columns;
use crate::sim::format_go_duration;

/// The annotation a Deployment's ReplicaSets carry their revision in.
pub const REVISION_ANNOTATION: &str = "deployment.kubernetes.io/revision";
/// The annotation `kubectl rollout history` shows as CHANGE-CAUSE.
pub const CHANGE_CAUSE_ANNOTATION: &str = "kubernetes.io/change-cause";
/// The label a Deployment's ReplicaSets and pods carry their template hash in.
pub const POD_TEMPLATE_HASH: &str = "pod-template-hash";
/// The label DaemonSet pods carry their template hash in.
pub const CONTROLLER_REVISION_HASH: &str = "controller-revision-hash";
/// How many of the most recent events a view carries.
pub const MAX_EVENTS: usize = 300;

/// Everything the page shows, at one moment.
#[derive(Clone, Debug, ToJson)]
#[kp(rename_all = "camelCase")]
pub struct ClusterView {
    pub time: TimeView,
    pub nodes: Vec<NodeView>,
    /// Pods no node has taken yet (Pending, unscheduled), by namespace and name.
    pub unscheduled: Vec<PodView>,
    pub totals: Totals,
    /// Workloads and services as `kubectl get` tables, one per kind that has objects.
    pub tables: Vec<TableView>,
    pub replica_sets: Vec<ReplicaSetView>,
    pub rollouts: Vec<RolloutView>,
    /// The most recent events (at most [`MAX_EVENTS`]), oldest first.
    pub events: Vec<EventView>,
    /// Every object's kind, namespace and name (for completion and lists), events excluded.
    pub objects: Vec<ObjectRow>,
}

/// The virtual clock.
#[derive(Clone, Debug, ToJson)]
#[kp(rename_all = "camelCase")]
pub struct TimeView {
    /// Virtual milliseconds since the cluster started.
    pub ms: u64,
    /// The same as Go prints a duration: `1m30s`.
    pub elapsed: String,
    /// The wall clock of the simulated world, RFC 3339.
    pub wall: String,
}

/// Counts over all pods.
#[derive(Clone, Debug, Default, ToJson)]
#[kp(rename_all = "camelCase")]
pub struct Totals {
    pub pods: usize,
    pub running: usize,
    pub ready: usize,
    pub pending: usize,
    pub terminating: usize,
    pub failed: usize,
    pub succeeded: usize,
}

/// A node as a card.
#[derive(Clone, Debug, ToJson)]
#[kp(rename_all = "camelCase")]
pub struct NodeView {
    pub name: String,
    /// `control-plane` or `worker`.
    pub role: String,
    /// kubectl's STATUS: `Ready`, `NotReady`, `Unknown`, with `,SchedulingDisabled`.
    pub status: String,
    pub ready: bool,
    pub unschedulable: bool,
    /// `key=value:Effect`.
    pub taints: Vec<String>,
    pub allocatable: Resources,
    /// What the pods bound to it request (as the scheduler counts).
    pub requested: Resources,
    pub pods: Vec<PodView>,
}

/// CPU in millicores, memory in bytes, and a pod count.
#[derive(Clone, Copy, Debug, Default, ToJson)]
#[kp(rename_all = "camelCase")]
pub struct Resources {
    pub cpu_milli: i64,
    pub memory_bytes: i64,
    pub pods: i64,
}

/// A pod as a chip.
#[derive(Clone, Debug, ToJson)]
#[kp(rename_all = "camelCase")]
pub struct PodView {
    pub namespace: String,
    pub name: String,
    pub node: String,
    pub phase: String,
    /// kubectl's STATUS column: `ContainerCreating`, `Running`, `CrashLoopBackOff`, `Terminating`...
    pub status: String,
    /// kubectl's READY column: `1/2`.
    pub ready_text: String,
    pub ready: bool,
    pub restarts: i32,
    pub terminating: bool,
    /// The controller that owns it (`ReplicaSet`, `DaemonSet`, `Job`...), if any.
    pub owner: Option<OwnerView>,
    /// The top-level workload it belongs to (a ReplicaSet's Deployment), for colours:
    /// `Deployment/default/web`; for a bare pod `app/default/web` (its `app` label) or
    /// `Pod/default/name`.
    pub workload: String,
    /// Its template hash (`pod-template-hash` or `controller-revision-hash`), if any.
    pub template_hash: String,
    /// The Deployment revision of its ReplicaSet, if any.
    pub revision: Option<i64>,
    pub images: Vec<String>,
    /// Virtual milliseconds at creation.
    pub created_ms: u64,
}

/// An owner reference, short.
#[derive(Clone, Debug, ToJson)]
#[kp(rename_all = "camelCase")]
pub struct OwnerView {
    pub kind: String,
    pub name: String,
}

/// One kind's objects as `kubectl get` prints them.
#[derive(Clone, Debug, ToJson)]
#[kp(rename_all = "camelCase")]
pub struct TableView {
    pub kind: String,
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
}

#[derive(Clone, Debug, ToJson)]
#[kp(rename_all = "camelCase")]
pub struct TableRow {
    pub namespace: String,
    pub name: String,
    pub cells: Vec<String>,
}

/// A ReplicaSet's counts (one point of the chart).
#[derive(Clone, Debug, ToJson)]
#[kp(rename_all = "camelCase")]
pub struct ReplicaSetView {
    pub namespace: String,
    pub name: String,
    /// The Deployment that owns it, if any.
    pub deployment: Option<String>,
    pub revision: Option<i64>,
    pub template_hash: String,
    /// `spec.replicas`.
    pub desired: i32,
    /// `status.replicas`.
    pub current: i32,
    pub ready: i32,
    pub available: i32,
    pub images: Vec<String>,
    pub change_cause: String,
    pub created_ms: u64,
}

/// A Deployment's revisions.
#[derive(Clone, Debug, ToJson)]
#[kp(rename_all = "camelCase")]
pub struct RolloutView {
    pub namespace: String,
    pub name: String,
    pub desired: i32,
    pub updated: i32,
    pub ready: i32,
    pub available: i32,
    pub paused: bool,
    /// `RollingUpdate` or `Recreate`.
    pub strategy: String,
    /// The images of the Deployment's template now.
    pub images: Vec<String>,
    /// The highest revision among its ReplicaSets (the current one).
    pub current_revision: Option<i64>,
    /// Its ReplicaSets by revision, oldest first.
    pub revisions: Vec<RevisionView>,
}

#[derive(Clone, Debug, ToJson)]
#[kp(rename_all = "camelCase")]
pub struct RevisionView {
    pub revision: Option<i64>,
    pub replica_set: String,
    pub images: Vec<String>,
    pub change_cause: String,
    pub desired: i32,
    pub current: i32,
    pub available: i32,
}

/// One event.
#[derive(Clone, Debug, ToJson)]
#[kp(rename_all = "camelCase")]
pub struct EventView {
    pub namespace: String,
    pub first_ms: u64,
    pub last_ms: u64,
    pub count: u32,
    #[kp(rename = "type")]
    pub type_: String,
    pub reason: String,
    /// `pod/web`, as kubectl's OBJECT column.
    pub object: String,
    pub kind: String,
    pub name: String,
    pub message: String,
    pub source: String,
}

/// An object's identity.
#[derive(Clone, Debug, ToJson)]
#[kp(rename_all = "camelCase")]
pub struct ObjectRow {
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

/// The kinds shown as tables, in this order.
const TABLE_KINDS: [Kind; 7] = [
    Kind::Deployment,
    Kind::ReplicaSet,
    Kind::DaemonSet,
    Kind::Job,
    Kind::CronJob,
    Kind::ReplicationController,
    Kind::Service,
];

/// The view of `cluster` now.
pub fn cluster_view(cluster: &Cluster) -> ClusterView {
    let store = cluster.store();
    let now = cluster.now_time();
    let replica_sets: Vec<&ReplicaSet> = store
        .list(Kind::ReplicaSet)
        .filter_map(|o| match o {
            Object::ReplicaSet(rs) => Some(rs.as_ref()),
            _ => None,
        })
        .collect();
    let nodes_now: Vec<&Node> = store
        .list(Kind::Node)
        .filter_map(|o| match o {
            Object::Node(n) => Some(n.as_ref()),
            _ => None,
        })
        .collect();

    // Each node's pods, and those of nodes that no longer exist, by node name (sorted vectors:
    // the store lists nodes by name).
    let mut totals = Totals::default();
    let mut by_node: Vec<(&str, Vec<PodView>)> =
        nodes_now.iter().map(|n| (n.metadata.name.as_str(), Vec::new())).collect();
    let mut gone: Vec<(&str, Vec<PodView>)> = Vec::new();
    let mut unscheduled = Vec::new();
    for o in store.list(Kind::Pod) {
        let Object::Pod(p) = o else { continue };
        let view = pod_view(cluster, p);
        count(&mut totals, &view);
        let node = p.spec.node_name.as_str();
        if node.is_empty() {
            unscheduled.push(view);
            continue;
        }
        let slots = if by_node.binary_search_by(|(n, _)| (*n).cmp(node)).is_ok() { &mut by_node } else { &mut gone };
        match slots.binary_search_by(|(n, _)| (*n).cmp(node)) {
            Ok(i) => {
                if let Some((_, pods)) = slots.get_mut(i) {
                    pods.push(view);
                }
            }
            Err(i) => slots.insert(i, (node, vec![view])),
        }
    }

    let nodes: Vec<NodeView> =
        nodes_now.iter().zip(by_node).map(|(n, (_, pods))| node_view(cluster, n, pods)).collect();
    // Pods bound to a node that no longer exists still show, with the unscheduled ones.
    for (_, pods) in gone {
        unscheduled.extend(pods);
    }

    let mut tables = Vec::new();
    for kind in TABLE_KINDS {
        let rows: Vec<TableRow> = store
            .list(kind)
            .map(|o| TableRow {
                namespace: o.namespace().to_string(),
                name: o.name().to_string(),
                cells: columns::row(o, now, false),
            })
            .collect();
        if !rows.is_empty() {
            let headers = columns::headers(kind, false).into_iter().map(str::to_string).collect();
            tables.push(TableView { kind: kind.name().to_string(), headers, rows });
        }
    }

    let rs_views: Vec<ReplicaSetView> = replica_sets.iter().map(|rs| replica_set_view(rs)).collect();
    let rollouts = rollouts(cluster, &rs_views);

    // The most recent events, oldest first: by (last, first) seen, ties in recording order. Only
    // those shown are copied (a big rollout leaves thousands of events behind).
    let records: Vec<EventRecord<'_>> = cluster.events().in_order().collect();
    let mut order: Vec<(u64, u64, usize)> = records.iter().enumerate().map(|(i, r)| (r.last, r.first, i)).collect();
    order.sort_unstable();
    let events: Vec<EventView> = order[order.len().saturating_sub(MAX_EVENTS)..]
        .iter()
        .filter_map(|&(_, _, i)| records.get(i))
        .map(|r| EventView {
            namespace: r.namespace().to_string(),
            first_ms: r.first,
            last_ms: r.last,
            count: r.count,
            type_: r.type_.as_str().to_string(),
            reason: r.reason.to_string(),
            object: format!("{}/{}", r.involved.kind.to_ascii_lowercase(), r.involved.name),
            kind: r.involved.kind.to_string(),
            name: r.involved.name.clone(),
            message: r.message.to_string(),
            source: r.component.to_string(),
        })
        .collect();

    let objects = Kind::ALL
        .into_iter()
        .filter(|k| !matches!(k, Kind::Event))
        .flat_map(|k| store.list(k))
        .map(|o| ObjectRow {
            kind: o.kind().name().to_string(),
            namespace: o.namespace().to_string(),
            name: o.name().to_string(),
        })
        .collect();

    ClusterView {
        time: TimeView { ms: cluster.now(), elapsed: format_go_duration(cluster.now()), wall: now.rfc3339() },
        nodes,
        unscheduled,
        totals,
        tables,
        replica_sets: rs_views,
        rollouts,
        events,
        objects,
    }
}

fn count(t: &mut Totals, p: &PodView) {
    t.pods += 1;
    if p.terminating {
        t.terminating += 1;
    } else {
        match p.phase.as_str() {
            "Running" => t.running += 1,
            "Pending" => t.pending += 1,
            "Failed" => t.failed += 1,
            "Succeeded" => t.succeeded += 1,
            _ => {}
        }
    }
    if p.ready {
        t.ready += 1;
    }
}

fn images(containers: &[crate::api::pod::Container]) -> Vec<String> {
    containers.iter().map(|c| c.image.clone()).collect()
}

fn revision_of(rs: &ReplicaSet) -> Option<i64> {
    rs.metadata.annotations.get(REVISION_ANNOTATION).and_then(|v| v.parse().ok())
}

/// The Deployment that controls a ReplicaSet, if one does.
fn deployment_of(rs: &ReplicaSet) -> Option<&str> {
    rs.metadata.controller_ref().filter(|r| r.kind == "Deployment").map(|r| r.name.as_str())
}

fn pod_view(cluster: &Cluster, p: &Pod) -> PodView {
    let (ready, total, status, restarts, _) = columns::pod_status(p);
    let owner = p.metadata.controller_ref();
    let ns = &p.metadata.namespace;
    let (workload, revision) = match owner {
        // The ReplicaSet the reference names (the same object: same uid), for colours by workload.
        Some(r) if r.kind == "ReplicaSet" => {
            match cluster.store().replica_set(ns, &r.name).filter(|rs| rs.metadata.uid == r.uid) {
                Some(rs) => match deployment_of(rs) {
                    Some(d) => (format!("Deployment/{ns}/{d}"), revision_of(rs)),
                    None => (format!("ReplicaSet/{ns}/{}", r.name), revision_of(rs)),
                },
                None => (format!("ReplicaSet/{ns}/{}", r.name), None),
            }
        }
        Some(r) => (format!("{}/{ns}/{}", r.kind, r.name), None),
        // Bare pods that share an `app` label share a colour.
        None => match p.metadata.labels.get("app") {
            Some(app) => (format!("app/{ns}/{app}"), None),
            None => (format!("Pod/{ns}/{}", p.metadata.name), None),
        },
    };
    let labels = &p.metadata.labels;
    let template_hash = labels.get(POD_TEMPLATE_HASH).or_else(|| labels.get(CONTROLLER_REVISION_HASH)).cloned();
    PodView {
        namespace: ns.clone(),
        name: p.metadata.name.clone(),
        node: p.spec.node_name.clone(),
        phase: if p.status.phase.is_empty() { "Pending".into() } else { p.status.phase.to_string() },
        status,
        ready_text: format!("{ready}/{total}"),
        ready: p.is_ready(),
        restarts,
        terminating: p.metadata.deletion_timestamp.is_some(),
        owner: owner.map(|r| OwnerView { kind: r.kind.clone(), name: r.name.clone() }),
        workload,
        template_hash: template_hash.unwrap_or_default(),
        revision,
        images: images(&p.spec.containers),
        created_ms: p.metadata.creation_timestamp.map_or(0, Time::to_sim),
    }
}

fn node_view(cluster: &Cluster, n: &Node, pods: Vec<PodView>) -> NodeView {
    let control_plane = n.metadata.labels.contains_key("node-role.kubernetes.io/control-plane");
    let (cpu, memory, max_pods) = scheduler::allocatable(n);
    let requested = cluster
        .sched
        .get(&n.metadata.name)
        .map(|i| &i.usage)
        .map(|u| Resources { cpu_milli: u.milli_cpu, memory_bytes: u.memory, pods: u.pods })
        .unwrap_or_default();
    NodeView {
        name: n.metadata.name.clone(),
        role: if control_plane { "control-plane" } else { "worker" }.to_string(),
        status: columns::node_status(n),
        ready: n.is_ready(),
        unschedulable: n.spec.unschedulable,
        taints: n
            .spec
            .taints
            .iter()
            .map(|t| {
                if t.value.is_empty() {
                    format!("{}:{}", t.key, t.effect)
                } else {
                    format!("{}={}:{}", t.key, t.value, t.effect)
                }
            })
            .collect(),
        allocatable: Resources { cpu_milli: cpu, memory_bytes: memory, pods: max_pods },
        requested,
        pods,
    }
}

fn replica_set_view(rs: &ReplicaSet) -> ReplicaSetView {
    let deployment = deployment_of(rs).map(str::to_string);
    ReplicaSetView {
        namespace: rs.metadata.namespace.clone(),
        name: rs.metadata.name.clone(),
        deployment,
        revision: revision_of(rs),
        template_hash: rs.metadata.labels.get(POD_TEMPLATE_HASH).cloned().unwrap_or_default(),
        desired: rs.spec.replicas.unwrap_or(1),
        current: rs.status.replicas,
        ready: rs.status.ready_replicas,
        available: rs.status.available_replicas,
        images: images(&rs.spec.template.spec.containers),
        change_cause: rs.metadata.annotations.get(CHANGE_CAUSE_ANNOTATION).cloned().unwrap_or_default(),
        created_ms: rs.metadata.creation_timestamp.map_or(0, Time::to_sim),
    }
}

fn rollouts(cluster: &Cluster, rs_views: &[ReplicaSetView]) -> Vec<RolloutView> {
    let mut out = Vec::new();
    for o in cluster.store().list(Kind::Deployment) {
        let Object::Deployment(d) = o else { continue };
        let mut revisions: Vec<RevisionView> = rs_views
            .iter()
            .filter(|r| r.namespace == d.metadata.namespace && r.deployment.as_deref() == Some(&d.metadata.name))
            .map(|r| RevisionView {
                revision: r.revision,
                replica_set: r.name.clone(),
                images: r.images.clone(),
                change_cause: r.change_cause.clone(),
                desired: r.desired,
                current: r.current,
                available: r.available,
            })
            .collect();
        revisions.sort_by(|a, b| (a.revision, &a.replica_set).cmp(&(b.revision, &b.replica_set)));
        out.push(RolloutView {
            namespace: d.metadata.namespace.clone(),
            name: d.metadata.name.clone(),
            desired: d.spec.replicas.unwrap_or(1),
            updated: d.status.updated_replicas,
            ready: d.status.ready_replicas,
            available: d.status.available_replicas,
            paused: d.spec.paused,
            strategy: if d.spec.strategy.type_.is_empty() {
                "RollingUpdate".into()
            } else {
                d.spec.strategy.type_.clone()
            },
            images: images(&d.spec.template.spec.containers),
            current_revision: revisions.iter().filter_map(|r| r.revision).max(),
            revisions,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::{exec, NoFiles};

    fn run(c: &mut Cluster, line: &str, stdin: Option<&str>) {
        let out = exec(c, line, stdin, &NoFiles);
        assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
    }

    const PODS: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n  - name: c\n    image: nginx\n    resources:\n      requests:\n        cpu: 250m\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n  labels:\n    app: db\nspec:\n  nodeSelector:\n    disk: ssd\n  containers:\n  - name: c\n    image: nginx\n";

    #[test]
    fn nodes_carry_their_pods_and_unschedulable_pods_wait_apart() {
        let mut c = Cluster::new(1);
        run(&mut c, "kubectl apply -f -", Some(PODS));
        c.settle(600_000);
        let v = cluster_view(&c);
        let names: Vec<(&str, &str, Vec<&str>)> = v
            .nodes
            .iter()
            .map(|n| (n.name.as_str(), n.role.as_str(), n.pods.iter().map(|p| p.name.as_str()).collect()))
            .collect();
        let (with_a, _): (Vec<_>, Vec<_>) = names.iter().partition(|(_, _, p)| p.contains(&"a"));
        assert_eq!(with_a.len(), 1);
        assert_ne!(with_a[0].1, "control-plane");
        assert_eq!(v.nodes[0].role, "control-plane");
        assert_eq!(v.nodes[0].taints, vec!["node-role.kubernetes.io/control-plane:NoSchedule"]);
        assert_eq!(
            v.unscheduled.iter().map(|p| (p.name.as_str(), p.status.as_str())).collect::<Vec<_>>(),
            vec![("b", "Pending")]
        );
        let a = v.nodes.iter().flat_map(|n| &n.pods).find(|p| p.name == "a").unwrap();
        assert_eq!((a.status.as_str(), a.ready_text.as_str(), a.ready), ("Running", "1/1", true));
        assert_eq!(a.workload, "Pod/default/a");
        let b = v.unscheduled.iter().find(|p| p.name == "b").unwrap();
        assert_eq!(b.workload, "app/default/db");
        let node_of_a = v.nodes.iter().find(|n| n.pods.iter().any(|p| p.name == "a")).unwrap();
        assert_eq!((node_of_a.requested.cpu_milli, node_of_a.requested.pods), (250, 1));
        assert_eq!(node_of_a.allocatable.cpu_milli, 4000);
        assert_eq!((v.totals.pods, v.totals.running, v.totals.pending), (2, 1, 1));
    }

    #[test]
    fn pods_bound_to_a_node_that_is_gone_show_with_the_unscheduled_ones() {
        let mut c = Cluster::new(1);
        run(&mut c, "kubectl apply -f -", Some(PODS));
        c.settle(600_000);
        let node = cluster_view(&c).nodes.iter().find(|n| n.pods.iter().any(|p| p.name == "a")).unwrap().name.clone();
        run(&mut c, &format!("kubectl delete node {node}"), None);
        let v = cluster_view(&c);
        assert!(v.nodes.iter().all(|n| n.name != node));
        let mut left: Vec<(&str, &str)> = v.unscheduled.iter().map(|p| (p.name.as_str(), p.node.as_str())).collect();
        left.sort();
        assert_eq!(left, vec![("a", node.as_str()), ("b", "")]);
    }

    #[test]
    fn a_deleted_pod_shows_terminating_until_it_is_gone() {
        let mut c = Cluster::new(1);
        run(&mut c, "kubectl apply -f -", Some(PODS));
        c.settle(600_000);
        run(&mut c, "kubectl delete pod a --wait=false", None);
        let v = cluster_view(&c);
        let a = v.nodes.iter().flat_map(|n| &n.pods).find(|p| p.name == "a").unwrap();
        assert_eq!((a.terminating, a.status.as_str()), (true, "Terminating"));
        assert_eq!(v.totals.terminating, 1);
    }

    #[test]
    fn events_and_time_are_in_the_view() {
        let mut c = Cluster::new(1);
        run(&mut c, "kubectl apply -f -", Some(PODS));
        c.run_for(90_000);
        let v = cluster_view(&c);
        assert_eq!(
            (v.time.ms, v.time.elapsed.as_str(), v.time.wall.as_str()),
            (90_000, "1m30s", "2026-01-01T00:01:30Z")
        );
        let reasons: Vec<(&str, &str)> = v.events.iter().map(|e| (e.object.as_str(), e.reason.as_str())).collect();
        assert!(reasons.contains(&("pod/a", "Scheduled")), "{reasons:?}");
        assert!(reasons.contains(&("pod/b", "FailedScheduling")), "{reasons:?}");
        assert!(v.events.windows(2).all(|w| w[0].last_ms <= w[1].last_ms));
    }

    #[test]
    fn the_view_keeps_the_most_recent_events_oldest_first() {
        let mut c = Cluster::new(1);
        let deploy = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 150\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.25\n";
        run(&mut c, "kubectl apply -f -", Some(deploy));
        c.settle(600_000);
        assert!(c.events().len() > MAX_EVENTS + 100, "{}", c.events().len());
        // Every event by (last, first) seen, the log's order between equals; the last ones kept.
        let mut all: Vec<(u64, u64, String, String)> =
            c.events().in_order().map(|r| (r.last, r.first, r.involved.name.clone(), r.reason.to_string())).collect();
        all.sort_by_key(|e| (e.0, e.1));
        let expected = all.split_off(all.len() - MAX_EVENTS);
        let v = cluster_view(&c);
        let got: Vec<(u64, u64, String, String)> =
            v.events.iter().map(|e| (e.last_ms, e.first_ms, e.name.clone(), e.reason.clone())).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn workload_tables_rows_are_kubectls_and_deployments_list_their_revisions() {
        let mut c = Cluster::new(1);
        let deploy = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.25\n";
        run(&mut c, "kubectl apply -f -", Some(deploy));
        let v = cluster_view(&c);
        let table = v.tables.iter().find(|t| t.kind == "Deployment").unwrap();
        assert_eq!(table.headers, vec!["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]);
        assert_eq!(table.rows[0].name, "web");
        assert_eq!(table.rows[0].cells[0], "web");
        let r = &v.rollouts[0];
        assert_eq!((r.name.as_str(), r.desired, r.images.clone()), ("web", 2, vec!["nginx:1.25".to_string()]));
        // The ReplicaSets a Deployment controller makes, when it has made any, are its revisions.
        assert!(r.revisions.iter().all(|rev| v.replica_sets.iter().any(|rs| rs.name == rev.replica_set)));
    }
}
