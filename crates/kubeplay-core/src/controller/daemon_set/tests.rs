//! Tests ported from pkg/controller/daemon (daemon_controller_test.go, update_test.go and
//! util/daemonset_util_test.go), each naming the upstream test it follows. Upstream's fake pod
//! control creates pods without a node (they are mapped through their node affinity) and deletes
//! at once; `World` does the same with the actions a sync returns. Expectations have no
//! counterpart: each sync here sees every earlier create and delete.

// Table rows are tuples.
#![allow(clippy::type_complexity)]

use std::collections::BTreeMap;

use super::update::{get_patch, updated_desired_node_counts};
use super::*;
use crate::api::apps::{ControllerRevision, DeploymentStrategy, RollingUpdate};
use crate::api::intstr::IntOrString;
use crate::api::meta::{LabelSelector, EPOCH_UNIX_MS};
use crate::api::node::{Namespace, NodeCondition};
use crate::api::pod::{
    Affinity, Container, NodeAffinity, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, PodCondition,
    PodTemplateSpec, Taint, Toleration,
};
use crate::controller::deployment::util::compute_hash;
use crate::sim::SimTime;

/// Virtual time of the syncs: 1000s.
const NOW: SimTime = 1_000_000;

fn at(sim_ms: SimTime) -> Time {
    Time(EPOCH_UNIX_MS + i64::try_from(sim_ms).unwrap_or(0))
}

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// `simpleDaemonSetLabel` and `simpleDaemonSetLabel2`.
fn simple() -> BTreeMap<String, String> {
    labels(&[("name", "simple-daemon"), ("type", "production")])
}

fn simple2() -> BTreeMap<String, String> {
    labels(&[("name", "simple-daemon"), ("type", "test")])
}

/// Upstream's `newDaemonSet`: OnDelete, revisionHistoryLimit 2, selector and template labels
/// `simpleDaemonSetLabel`, one container foo/bar.
fn new_daemon_set(name: &str) -> DaemonSet {
    let mut ds = DaemonSet::default();
    ds.metadata.name = name.into();
    ds.metadata.namespace = "default".into();
    ds.metadata.uid = format!("uid-{name}");
    ds.metadata.generation = 1;
    ds.spec.revision_history_limit = Some(2);
    ds.spec.update_strategy = DeploymentStrategy { type_: "OnDelete".into(), rolling_update: None };
    ds.spec.selector = LabelSelector { match_labels: simple(), ..LabelSelector::default() };
    ds.spec.template.metadata.labels = simple().into();
    ds.spec.template.spec.containers.push(Container {
        name: "foo".into(),
        image: "foo/bar".into(),
        ..Container::default()
    });
    ds
}

fn rolling(max_unavailable: IntOrString, max_surge: Option<IntOrString>) -> DeploymentStrategy {
    DeploymentStrategy {
        type_: "RollingUpdate".into(),
        rolling_update: Some(RollingUpdate { max_surge, max_unavailable: Some(max_unavailable) }),
    }
}

/// `newUpdateSurge`: maxUnavailable 0 and this maxSurge.
fn surge(n: i32) -> DeploymentStrategy {
    rolling(IntOrString::Int(0), Some(IntOrString::Int(n)))
}

fn new_node(name: &str, node_labels: BTreeMap<String, String>) -> Node {
    let mut n = Node::default();
    n.metadata.name = name.into();
    n.metadata.uid = format!("uid-{name}");
    n.metadata.labels = node_labels.into();
    n.status.conditions.push(NodeCondition { type_: "Ready".into(), status: "True".into(), ..Default::default() });
    n.status.allocatable.insert("pods".into(), "100".into());
    n
}

/// The hash a DaemonSet's current pods carry (`controller.ComputeHash`).
fn hash_of(ds: &DaemonSet) -> String {
    compute_hash(&ds.spec.template, ds.status.collision_count)
}

/// Upstream's `newPod`: the labels plus the current hash, owned by `ds`, on `node`.
fn new_pod(name: &str, node: &str, pod_labels: BTreeMap<String, String>, ds: Option<&DaemonSet>) -> Pod {
    let mut p = Pod::default();
    p.metadata.name = name.into();
    p.metadata.namespace = "default".into();
    p.metadata.uid = format!("uid-{name}");
    p.metadata.resource_version = "1".into();
    p.metadata.labels = pod_labels.into();
    p.spec.node_name = node.into();
    if let Some(ds) = ds {
        p.metadata.labels.insert(CONTROLLER_REVISION_HASH_LABEL.into(), hash_of(ds));
        p.metadata.owner_references.push(Owner::new(Kind::DaemonSet, &ds.metadata).controller_ref());
    }
    p
}

fn ready(p: &mut Pod, since: SimTime) {
    p.status.phase = "Running".into();
    p.status.conditions.retain(|c| c.type_ != "Ready");
    p.status.conditions.push(PodCondition {
        type_: "Ready".into(),
        status: "True".into(),
        last_transition_time: Some(at(since)),
        ..PodCondition::default()
    });
}

fn not_ready(p: &mut Pod) {
    p.status.conditions.retain(|c| c.type_ != "Ready");
    p.status.conditions.push(PodCondition { type_: "Ready".into(), status: "False".into(), ..Default::default() });
}

/// A store, and the effects of syncs applied to it as upstream's fakes apply them.
struct World {
    store: Store,
    now: SimTime,
    created: usize,
}

/// What one sync did.
#[derive(Debug, Default, PartialEq, Eq)]
struct Did {
    creates: usize,
    deletes: usize,
    events: Vec<String>,
}

impl World {
    fn new() -> World {
        let mut store = Store::new();
        let mut ns = Namespace::default();
        ns.metadata.name = "default".into();
        store.put(Object::Namespace(ObjBox::new(ns)));
        World { store, now: NOW, created: 0 }
    }

    /// `addNodes`: node-<start> .. node-<start+n-1>.
    fn add_nodes(&mut self, start: usize, n: usize, node_labels: BTreeMap<String, String>) {
        for i in start..start + n {
            self.put_node(new_node(&format!("node-{i}"), node_labels.clone()));
        }
    }

    fn put_node(&mut self, n: Node) {
        self.store.put(Object::Node(ObjBox::new(n)));
    }

    fn put_ds(&mut self, ds: &DaemonSet) {
        self.store.put(Object::DaemonSet(ObjBox::new(ds.clone())));
    }

    fn put_pod(&mut self, p: Pod) {
        self.store.put(Object::Pod(ObjBox::new(p)));
    }

    /// `addPods`: `n` pods on `node`.
    fn add_pods(&mut self, node: &str, pod_labels: BTreeMap<String, String>, ds: &DaemonSet, n: usize) {
        for i in 0..n {
            self.put_pod(new_pod(&format!("{node}-{i}"), node, pod_labels.clone(), Some(ds)));
        }
    }

    fn ds(&self, name: &str) -> DaemonSet {
        self.store.daemon_set("default", name).cloned().unwrap_or_default()
    }

    fn pods(&self) -> Vec<Pod> {
        self.store.pods().cloned().collect()
    }

    fn reconcile(&self, name: &str) -> Reconcile {
        reconcile(&Ctx { store: &self.store, now: self.now }, &ObjRef::new(Kind::DaemonSet, "default", name))
    }

    /// One sync, its actions applied: creates get a name and uid, deletes remove at once.
    fn sync(&mut self, name: &str) -> Did {
        let r = self.reconcile(name);
        let mut did = Did::default();
        for a in r.actions {
            match a {
                Action::Create { mut obj, .. } => {
                    self.created += 1;
                    let m = obj.meta_mut();
                    if m.name.is_empty() {
                        m.name = format!("{}{}", m.generate_name, self.created);
                    }
                    m.uid = format!("uid-created-{}", self.created);
                    m.creation_timestamp = Some(Time::from_sim(self.now));
                    if obj.kind() == Kind::Pod {
                        did.creates += 1;
                    }
                    self.store.put(obj);
                }
                Action::Update { obj, .. } => {
                    self.store.put(obj);
                }
                Action::Delete { target, .. } => {
                    if target.kind == Kind::Pod {
                        did.deletes += 1;
                    }
                    self.store.remove(&target);
                }
                // Upstream's fake pod control records no events; the recorder's are counted.
                Action::Event { reason, .. } if reason == "SuccessfulDelete" => {}
                Action::Event { type_, reason, message, .. } => {
                    did.events.push(format!("{} {reason} {message}", type_.as_str()));
                }
            }
        }
        did
    }

    /// `expectSyncDaemonSets`: creates, deletes and events of one sync.
    fn expect(&mut self, name: &str, creates: usize, deletes: usize, events: usize) {
        let did = self.sync(name);
        assert_eq!((did.creates, did.deletes, did.events.len()), (creates, deletes, events), "{did:?}");
    }

    /// `markPodsReady`: every pod not being deleted is Ready since `since`.
    fn mark_pods_ready(&mut self, since: SimTime) {
        for mut p in self.pods() {
            if p.metadata.deletion_timestamp.is_none() {
                ready(&mut p, since);
                self.put_pod(p);
            }
        }
    }
}

fn taint(key: &str, value: &str, effect: &str) -> Taint {
    Taint { key: key.into(), value: value.into(), effect: effect.into(), time_added: None }
}

fn toleration(key: &str, value: &str, effect: &str) -> Toleration {
    Toleration {
        key: key.into(),
        operator: "Equal".into(),
        value: value.into(),
        effect: effect.into(),
        ..Default::default()
    }
}

fn node_affinity(key: &str, values: &[&str]) -> Affinity {
    Affinity {
        node_affinity: Some(NodeAffinity {
            required_during_scheduling_ignored_during_execution: Some(NodeSelector {
                node_selector_terms: vec![NodeSelectorTerm {
                    match_expressions: vec![NodeSelectorRequirement {
                        key: key.into(),
                        operator: "In".into(),
                        values: values.iter().map(|v| v.to_string()).collect(),
                    }],
                    match_fields: Vec::new(),
                }],
            }),
            ..NodeAffinity::default()
        }),
        ..Affinity::default()
    }
}

fn both_strategies() -> [DeploymentStrategy; 2] {
    [DeploymentStrategy { type_: "OnDelete".into(), rolling_update: None }, rolling(IntOrString::Int(1), None)]
}

// Upstream: TestSimpleDaemonSetLaunchesPods, TestNoNodesDoesNothing, TestOneNodeDaemonLaunchesPod.
#[test]
fn a_daemon_set_launches_one_pod_per_node() {
    for (nodes, creates) in [(5, 5), (0, 0), (1, 1)] {
        for strategy in both_strategies() {
            let mut w = World::new();
            let mut ds = new_daemon_set("foo");
            ds.spec.update_strategy = strategy;
            w.put_ds(&ds);
            w.add_nodes(0, nodes, BTreeMap::new());
            w.expect("foo", creates, 0, 0);
        }
    }
}

// Upstream: TestSimpleDaemonSetScheduleDaemonSetPodsLaunchesPods (each pod pinned to its node by
// node affinity, not nodeName) and TestCreatePodTemplate.
#[test]
fn created_pods_are_pinned_by_node_affinity_and_carry_the_revision_labels() {
    let mut w = World::new();
    let mut ds = new_daemon_set("foo");
    ds.metadata.annotations.insert("deprecated.daemonset.template.generation".into(), "3".into());
    w.put_ds(&ds);
    w.add_nodes(0, 2, BTreeMap::new());
    let r = w.reconcile("foo");
    let pods: Vec<&Pod> = r
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::Create { obj: Object::Pod(p), .. } => Some(p.as_ref()),
            _ => None,
        })
        .collect();
    assert_eq!(pods.len(), 2);
    let hash = hash_of(&ds);
    for (i, p) in pods.iter().enumerate() {
        assert_eq!(p.spec.node_name, "");
        assert_eq!(get_target_node_name(p), Ok(format!("node-{i}").as_str()));
        assert_eq!(p.metadata.generate_name, "foo-");
        assert_eq!(p.metadata.labels.get(CONTROLLER_REVISION_HASH_LABEL), Some(&hash));
        assert_eq!(p.metadata.labels.get(TEMPLATE_GENERATION_LABEL).map(String::as_str), Some("3"));
        let r = &p.metadata.owner_references[0];
        assert_eq!((r.api_version.as_str(), r.kind.as_str(), r.controller), ("apps/v1", "DaemonSet", Some(true)));
        let tolerated: Vec<String> = p.spec.tolerations.iter().map(|t| format!("{}:{}", t.key, t.effect)).collect();
        assert_eq!(
            tolerated,
            [
                "node.kubernetes.io/not-ready:NoExecute",
                "node.kubernetes.io/unreachable:NoExecute",
                "node.kubernetes.io/disk-pressure:NoSchedule",
                "node.kubernetes.io/memory-pressure:NoSchedule",
                "node.kubernetes.io/pid-pressure:NoSchedule",
                "node.kubernetes.io/unschedulable:NoSchedule",
            ]
        );
    }
    let events: Vec<String> = r
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::Create { event: Some(e), .. } => Some(format!("{} {}", e.reason, e.message)),
            _ => None,
        })
        .collect();
    assert_eq!(events, ["SuccessfulCreate Created pod: {name}", "SuccessfulCreate Created pod: {name}"]);
}

// Upstream: TestNotReadyNodeDaemonDoesLaunchPod, TestInsufficientCapacityNodeDaemonDoesNotUnscheduleRunningPod,
// TestNetworkUnavailableNodeDaemonLaunchesPod, TestNotReadyNodeDaemonLaunchesPod,
// TestUnreachableNodeDaemonLaunchesPod, TestTaintPressureNodeDaemonLaunchesPod,
// TestTaintedNodeDaemonDoesNotLaunchIntolerantPod, TestTaintedNodeDaemonLaunchesToleratePod.
#[test]
fn node_state_and_taints_decide_whether_a_pod_is_launched() {
    let not_ready = |n: &mut Node| {
        n.status.conditions =
            vec![NodeCondition { type_: "Ready".into(), status: "False".into(), ..Default::default() }]
    };
    // (case, change the node, change the template, creates)
    let cases: Vec<(&str, Box<dyn Fn(&mut Node)>, Box<dyn Fn(&mut DaemonSet)>, usize)> = vec![
        ("not ready", Box::new(not_ready), Box::new(|_| {}), 1),
        (
            "no room (the scheduler's business)",
            Box::new(|n| {
                n.status.allocatable.insert("pods".into(), "0".into());
            }),
            Box::new(|_| {}),
            1,
        ),
        ("cordoned", Box::new(|n| n.spec.unschedulable = true), Box::new(|_| {}), 1),
        (
            "network unavailable, host network",
            Box::new(|n| n.spec.taints.push(taint("node.kubernetes.io/network-unavailable", "", "NoSchedule"))),
            Box::new(|d| d.spec.template.spec.host_network = true),
            1,
        ),
        (
            "network unavailable, pod network",
            Box::new(|n| n.spec.taints.push(taint("node.kubernetes.io/network-unavailable", "", "NoSchedule"))),
            Box::new(|_| {}),
            0,
        ),
        (
            "not-ready taint",
            Box::new(|n| n.spec.taints.push(taint("node.kubernetes.io/not-ready", "", "NoExecute"))),
            Box::new(|_| {}),
            1,
        ),
        (
            "unreachable taint",
            Box::new(|n| n.spec.taints.push(taint("node.kubernetes.io/unreachable", "", "NoExecute"))),
            Box::new(|_| {}),
            1,
        ),
        (
            "pressure taints",
            Box::new(|n| {
                for k in ["disk-pressure", "memory-pressure", "pid-pressure"] {
                    n.spec.taints.push(taint(&format!("node.kubernetes.io/{k}"), "", "NoSchedule"));
                }
            }),
            Box::new(|_| {}),
            1,
        ),
        (
            "untolerated taint",
            Box::new(|n| n.spec.taints.push(taint("dedicated", "other", "NoSchedule"))),
            Box::new(|_| {}),
            0,
        ),
        (
            "tolerated taint",
            Box::new(|n| n.spec.taints.push(taint("dedicated", "other", "NoSchedule"))),
            Box::new(|d| d.spec.template.spec.tolerations.push(toleration("dedicated", "other", "NoSchedule"))),
            1,
        ),
        (
            "control-plane taint",
            Box::new(|n| n.spec.taints.push(taint("node-role.kubernetes.io/control-plane", "", "NoSchedule"))),
            Box::new(|_| {}),
            0,
        ),
    ];
    for (case, node_change, ds_change, creates) in cases {
        for strategy in both_strategies() {
            let mut w = World::new();
            let mut ds = new_daemon_set("foo");
            ds.spec.update_strategy = strategy;
            ds_change(&mut ds);
            w.put_ds(&ds);
            let mut n = new_node("node-0", BTreeMap::new());
            node_change(&mut n);
            w.put_node(n);
            let did = w.sync("foo");
            assert_eq!(did.creates, creates, "{case}");
        }
    }
}

// Upstream: TestNodeShouldRunDaemonPod (the cases that do not depend on scheduling), with the
// NoSchedule/NoExecute split of TestNoScheduleTaintedDoesntEvicitRunningIntolerantPod and
// TestNoExecuteTaintedDoesEvicitRunningIntolerantPod.
#[test]
fn node_should_run_daemon_pod_checks_name_selector_affinity_and_taints_only() {
    let prod = labels(&[("type", "production")]);
    // (case, node labels, unschedulable, taints, change the template, (shouldRun, shouldContinueRunning))
    let cases: Vec<(&str, bool, Vec<Taint>, Box<dyn Fn(&mut DaemonSet)>, (bool, bool))> = vec![
        ("ShouldRunDaemonPod", false, vec![], Box::new(|_| {}), (true, true)),
        (
            "ErrPodNotMatchHostName",
            false,
            vec![],
            Box::new(|d| d.spec.template.spec.node_name = "other-node".into()),
            (false, false),
        ),
        (
            "matching node name",
            false,
            vec![],
            Box::new(|d| d.spec.template.spec.node_name = "test-node".into()),
            (true, true),
        ),
        (
            "ErrNodeSelectorNotMatch",
            false,
            vec![],
            Box::new(|d| d.spec.template.spec.node_selector = simple2()),
            (false, false),
        ),
        (
            "node selector matches",
            false,
            vec![],
            Box::new(|d| d.spec.template.spec.node_selector = labels(&[("type", "production")])),
            (true, true),
        ),
        (
            "ErrPodAffinityNotMatch",
            false,
            vec![],
            Box::new(|d| d.spec.template.spec.affinity = Some(node_affinity("type", &["test"]))),
            (false, false),
        ),
        (
            "affinity matches",
            false,
            vec![],
            Box::new(|d| d.spec.template.spec.affinity = Some(node_affinity("type", &["production"]))),
            (true, true),
        ),
        ("ShouldRunDaemonPodOnUnschedulableNode", true, vec![], Box::new(|_| {}), (true, true)),
        ("untolerated NoSchedule", false, vec![taint("k", "v", "NoSchedule")], Box::new(|_| {}), (false, true)),
        ("untolerated NoExecute", false, vec![taint("k", "v", "NoExecute")], Box::new(|_| {}), (false, false)),
        (
            "NoSchedule and NoExecute",
            false,
            vec![taint("a", "v", "NoSchedule"), taint("k", "v", "NoExecute")],
            Box::new(|_| {}),
            (false, false),
        ),
        (
            "PreferNoSchedule is ignored",
            false,
            vec![taint("k", "v", "PreferNoSchedule")],
            Box::new(|_| {}),
            (true, true),
        ),
        (
            "tolerated NoExecute",
            false,
            vec![taint("k", "v", "NoExecute")],
            Box::new(|d| d.spec.template.spec.tolerations.push(toleration("k", "v", "NoExecute"))),
            (true, true),
        ),
    ];
    for (case, unschedulable, taints, change, want) in cases {
        for strategy in both_strategies() {
            let mut ds = new_daemon_set("foo");
            ds.spec.update_strategy = strategy;
            change(&mut ds);
            let mut node = new_node("test-node", prod.clone());
            node.spec.unschedulable = unschedulable;
            node.spec.taints = taints.clone();
            let fit = NodeTest::new(&ds).fit(&node);
            assert_eq!((fit.should_run(), fit.should_continue_running()), want, "{case}: {fit:?}");
        }
    }
}

// Upstream: TestDealsWithExistingPods, TestSurgeDealsWithExistingPods.
#[test]
fn duplicates_are_deleted_missing_pods_created_and_unselected_pods_released() {
    for (strategy, creates, deletes) in [(both_strategies()[0].clone(), 2, 5), (surge(1), 2, 5)] {
        let mut w = World::new();
        let mut ds = new_daemon_set("foo");
        ds.spec.update_strategy = strategy;
        w.put_ds(&ds);
        w.add_nodes(0, 5, BTreeMap::new());
        w.add_pods("node-1", simple(), &ds, 1);
        w.add_pods("node-2", simple(), &ds, 2);
        w.add_pods("node-3", simple(), &ds, 5);
        w.add_pods("node-4", simple2(), &ds, 2);
        w.expect("foo", creates, deletes, 0);
        // The pods that no longer match are released, not deleted.
        let released = w
            .pods()
            .iter()
            .filter(|p| {
                p.metadata.labels == {
                    let mut l = simple2();
                    l.insert(CONTROLLER_REVISION_HASH_LABEL.into(), hash_of(&ds));
                    l
                } && p.metadata.owner_references.is_empty()
            })
            .count();
        assert_eq!(released, 2);
    }
}

// Upstream: TestSelectorDaemonLaunchesPods, TestSelectorDaemonDeletesUnselectedPods,
// TestSelectorDaemonDealsWithExistingPods, TestNodeAffinityDaemonLaunchesPods.
#[test]
fn node_selectors_and_affinity_choose_the_nodes() {
    for affinity in [false, true] {
        let mut w = World::new();
        let mut ds = new_daemon_set("foo");
        if affinity {
            ds.spec.template.spec.affinity = Some(node_affinity("type", &["test"]));
        } else {
            ds.spec.template.spec.node_selector = simple2();
        }
        w.put_ds(&ds);
        w.add_nodes(0, 4, BTreeMap::new());
        w.add_nodes(4, 3, simple2());
        // node-0 (not selected) runs one that must go; node-4 already has its pod; node-5 has two.
        w.add_pods("node-0", simple(), &ds, 1);
        w.add_pods("node-4", simple(), &ds, 1);
        w.add_pods("node-5", simple(), &ds, 2);
        w.expect("foo", 1, 2, 0);
    }
}

// Upstream: TestNameDaemonSetLaunchesPods, TestBadNameDaemonSetDoesNothing,
// TestNameAndSelectorDaemonSetLaunchesPods, TestInconsistentNameSelectorDaemonSetDoesNothing.
#[test]
fn a_template_node_name_limits_the_pods_to_that_node() {
    // (nodeName, nodeSelector, creates)
    let cases =
        [("node-0", None, 1), ("node-10", None, 0), ("node-6", Some(simple2()), 1), ("node-0", Some(simple2()), 0)];
    for (name, selector, creates) in cases {
        let mut w = World::new();
        let mut ds = new_daemon_set("foo");
        ds.spec.template.spec.node_name = name.into();
        if let Some(s) = selector {
            ds.spec.template.spec.node_selector = s;
        }
        w.put_ds(&ds);
        w.add_nodes(0, 4, BTreeMap::new());
        w.add_nodes(4, 3, simple2());
        w.expect("foo", creates, 0, 0);
    }
}

// Upstream: TestDontDoAnythingIfBeingDeleted and TestPodIsNotDeletedByDaemonsetWithEmptyLabelSelector.
#[test]
fn a_daemon_set_being_deleted_or_selecting_everything_does_nothing() {
    let mut w = World::new();
    let mut ds = new_daemon_set("foo");
    ds.metadata.deletion_timestamp = Some(at(0));
    w.put_ds(&ds);
    w.add_nodes(0, 3, BTreeMap::new());
    w.expect("foo", 0, 0, 0);
    assert!(w.reconcile("foo").actions.is_empty());
    let mut w = World::new();
    let mut ds = new_daemon_set("foo");
    ds.spec.selector = LabelSelector::default();
    w.put_ds(&ds);
    w.add_nodes(0, 1, BTreeMap::new());
    w.put_pod(new_pod("orphan", "node-0", simple(), None));
    let did = w.sync("foo");
    assert_eq!(
        did.events,
        ["Warning SelectingAll This daemon set is selecting all pods. A non-empty selector is required."]
    );
    assert_eq!((did.creates, did.deletes), (0, 0));
}

// Upstream: TestDaemonSetRespectsTermination.
#[test]
fn a_terminating_pod_still_occupies_its_node() {
    let mut w = World::new();
    let ds = new_daemon_set("foo");
    w.put_ds(&ds);
    w.add_nodes(0, 1, BTreeMap::new());
    let mut p = new_pod("node-0-", "node-0", simple(), Some(&ds));
    p.metadata.deletion_timestamp = Some(at(0));
    w.put_pod(p);
    w.expect("foo", 0, 0, 0);
}

// Upstream: TestDaemonKillFailedPods.
#[test]
fn failed_pods_are_killed_and_replaced_later() {
    // (failed, normal, creates, deletes, events)
    let cases = [(1, 0, 0, 1, 1), (2, 0, 0, 2, 2), (1, 1, 0, 1, 1), (2, 1, 0, 2, 2)];
    for (failed, normal, creates, deletes, events) in cases {
        for strategy in both_strategies() {
            let mut w = World::new();
            let mut ds = new_daemon_set("foo");
            ds.spec.update_strategy = strategy;
            w.put_ds(&ds);
            w.add_nodes(0, 1, BTreeMap::new());
            for i in 0..failed {
                let mut p = new_pod(&format!("failed-{i}"), "node-0", simple(), Some(&ds));
                p.status.phase = "Failed".into();
                w.put_pod(p);
            }
            w.add_pods("node-0", simple(), &ds, normal);
            let did = w.sync("foo");
            assert_eq!((did.creates, did.deletes, did.events.len()), (creates, deletes, events), "{failed} {normal}");
            assert!(did.events[0].starts_with(
                "Warning FailedDaemonPod Found failed daemon pod default/failed-0 on node node-0, will try to kill it"
            ));
            // The replacement comes with the next sync, once the failed pod is gone.
            w.expect("foo", if normal == 0 { 1 } else { 0 }, 0, 0);
        }
    }
    let mut w = World::new();
    let ds = new_daemon_set("foo");
    w.put_ds(&ds);
    w.add_nodes(0, 1, BTreeMap::new());
    let mut p = new_pod("done", "node-0", simple(), Some(&ds));
    p.status.phase = "Succeeded".into();
    w.put_pod(p);
    let did = w.sync("foo");
    assert_eq!(
        did.events,
        ["Normal SucceededDaemonPod Found succeeded daemon pod default/done on node node-0, will try to delete it"]
    );
}

// Upstream: TestNoScheduleTaintedDoesntEvicitRunningIntolerantPod,
// TestNoExecuteTaintedDoesEvicitRunningIntolerantPod, and numberMisscheduled.
#[test]
fn a_no_schedule_taint_keeps_a_running_pod_misscheduled_and_no_execute_deletes_it() {
    for (effect, deletes, misscheduled) in [("NoSchedule", 0, 1), ("NoExecute", 1, 0)] {
        let mut w = World::new();
        let ds = new_daemon_set("foo");
        w.put_ds(&ds);
        let mut n = new_node("tainted", BTreeMap::new());
        n.spec.taints.push(taint("dedicated", "other", effect));
        w.put_node(n);
        let mut p = new_pod("tainted-0", "tainted", simple(), Some(&ds));
        ready(&mut p, 0);
        w.put_pod(p);
        w.expect("foo", 0, deletes, 0);
        w.expect("foo", 0, 0, 0);
        let st = w.ds("foo").status;
        assert_eq!((st.desired_number_scheduled, st.number_misscheduled), (0, misscheduled), "{effect}");
    }
}

// Upstream: TestDeleteUnscheduledPodForNotExistingNode.
#[test]
fn an_unscheduled_pod_for_a_node_that_is_gone_is_deleted() {
    let mut w = World::new();
    let ds = new_daemon_set("foo");
    w.put_ds(&ds);
    w.add_nodes(0, 1, BTreeMap::new());
    w.add_pods("node-0", simple(), &ds, 1);
    let mut p = new_pod("gone-0", "", simple(), Some(&ds));
    p.spec.affinity = Some(replace_daemon_set_pod_node_name_node_affinity(None, "node-1"));
    w.put_pod(p);
    let mut bound = new_pod("bound-0", "node-2", simple(), Some(&ds));
    bound.spec.affinity = Some(replace_daemon_set_pod_node_name_node_affinity(None, "node-2"));
    w.put_pod(bound);
    let r = w.reconcile("foo");
    let deleted: Vec<&str> = r
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::Delete { target, .. } => Some(target.key.name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(deleted, ["gone-0"]);
}

// Upstream: TestGetNodesToDaemonPods (terminal pods being deleted are skipped unless asked for).
#[test]
fn pods_are_grouped_by_their_node_or_affinity_target() {
    let ds = new_daemon_set("foo");
    let a = new_pod("a", "node-0", simple(), Some(&ds));
    let mut b = new_pod("b", "", simple(), Some(&ds));
    b.spec.affinity = Some(replace_daemon_set_pod_node_name_node_affinity(None, "node-1"));
    let mut c = new_pod("c", "node-1", simple(), Some(&ds));
    c.status.phase = "Failed".into();
    c.metadata.deletion_timestamp = Some(at(0));
    let d = new_pod("d", "node-9", simple(), Some(&ds));
    let nowhere = new_pod("e", "", simple(), Some(&ds));
    let nodes = [new_node("node-0", BTreeMap::new()), new_node("node-1", BTreeMap::new())];
    let refs: Vec<&Node> = nodes.iter().collect();
    let index = node_index(&refs);
    let pods = [&a, &b, &c, &d, &nowhere];
    let names = |ps: &[&Pod]| ps.iter().map(|p| p.metadata.name.clone()).collect::<Vec<_>>();
    let g = nodes_to_daemon_pods(&pods, &index, false);
    assert_eq!((names(g.on(0)), names(g.on(1))), (vec!["a".to_string()], vec!["b".to_string()]));
    assert_eq!(g.elsewhere.iter().map(|(n, _)| *n).collect::<Vec<_>>(), ["node-9"]);
    let g = nodes_to_daemon_pods(&pods, &index, true);
    assert_eq!(names(g.on(1)), ["b", "c"]);
}

// Upstream: TestNumberReadyStatus and TestObservedGeneration.
#[test]
fn status_counts_ready_available_and_updated_pods_and_observes_the_generation() {
    let mut w = World::new();
    let mut ds = new_daemon_set("foo");
    ds.metadata.generation = 5;
    ds.spec.min_ready_seconds = 10;
    w.put_ds(&ds);
    w.add_nodes(0, 3, BTreeMap::new());
    w.add_pods("node-0", simple(), &ds, 1);
    w.add_pods("node-1", simple(), &ds, 1);
    w.add_pods("node-2", simple(), &ds, 1);
    let mut pods = w.pods();
    ready(&mut pods[0], NOW - 100_000);
    ready(&mut pods[1], NOW - 5_000);
    for p in pods {
        w.put_pod(p);
    }
    let r = w.reconcile("foo");
    w.sync("foo");
    let st = w.ds("foo").status;
    assert_eq!(
        (
            st.desired_number_scheduled,
            st.current_number_scheduled,
            st.number_ready,
            st.number_available,
            st.number_unavailable,
            st.updated_number_scheduled,
            st.observed_generation
        ),
        (3, 3, 2, 1, 2, 3, 5)
    );
    // Ready but not available for minReadySeconds: synced again once it becomes available
    // (5s ago + 10s + 1s of skew).
    assert_eq!(r.requeue_after, Some(6_000));
}

// Upstream: TestSurgePreservesReadyOldPods, TestSurgeCreatesNewPodWhenAtMaxSurgeAndOldPodDeleted,
// TestSurgeDeletesUnreadyOldPods, TestSurgePreservesOldReadyWithUnsatisfiedMinReady,
// TestSurgeDeletesOldReadyWithUnsatisfiedMinReady.
#[test]
fn with_surge_an_old_pod_stays_until_the_new_one_is_available() {
    // (case, minReadySeconds, new pod ready since (None: not ready), old pod ready, creates, deletes)
    let cases: Vec<(&str, i32, Option<SimTime>, bool, usize, usize)> = vec![
        ("preserves a ready old pod while the new one is not ready", 0, None, true, 3, 1),
        ("deletes an unready old pod", 0, None, false, 3, 2),
        ("keeps the old pod while the new one waits for minReadySeconds", 15, Some(NOW - 10_000), true, 3, 1),
        ("deletes the old pod once the new one is available", 15, Some(NOW - 20_000), true, 3, 2),
    ];
    for (case, min_ready, new_ready, old_ready, creates, deletes) in cases {
        let mut w = World::new();
        let mut ds = new_daemon_set("foo");
        ds.spec.min_ready_seconds = min_ready;
        ds.spec.update_strategy = surge(1);
        w.put_ds(&ds);
        w.add_nodes(0, 5, BTreeMap::new());
        let mut new = new_pod("node-1-new", "node-1", simple(), Some(&ds));
        new.metadata.creation_timestamp = Some(at(100_000));
        match new_ready {
            Some(t) => ready(&mut new, t),
            None => not_ready(&mut new),
        }
        w.put_pod(new);
        let mut old = new_pod("node-1-old", "node-1", simple(), Some(&ds));
        old.metadata.labels.remove(CONTROLLER_REVISION_HASH_LABEL);
        old.metadata.creation_timestamp = Some(at(50_000));
        if old_ready {
            ready(&mut old, 0);
        } else {
            not_ready(&mut old);
        }
        w.put_pod(old);
        let mut excess = new_pod("node-1-delete", "node-1", simple(), Some(&ds));
        excess.metadata.labels.remove(CONTROLLER_REVISION_HASH_LABEL);
        excess.metadata.creation_timestamp = Some(at(60_000));
        ready(&mut excess, 0);
        w.put_pod(excess);
        w.add_pods("node-2", simple(), &ds, 1);
        let r = w.reconcile("foo");
        let deleted: Vec<&str> = r
            .actions
            .iter()
            .filter_map(|a| match a {
                Action::Delete { target, .. } if target.kind == Kind::Pod => Some(target.key.name.as_str()),
                _ => None,
            })
            .collect();
        assert!(deleted.contains(&"node-1-delete"), "{case}: {deleted:?}");
        w.expect("foo", creates, deletes, 0);
    }
    // A node whose only old pod is being deleted gets a new pod even at maxSurge.
    let mut w = World::new();
    let mut ds = new_daemon_set("foo");
    ds.spec.update_strategy = surge(1);
    w.put_ds(&ds);
    w.add_nodes(0, 5, BTreeMap::new());
    let mut new = new_pod("node-0-new", "node-0", simple(), Some(&ds));
    not_ready(&mut new);
    w.put_pod(new);
    let mut old = new_pod("node-0-old", "node-0", simple(), Some(&ds));
    old.metadata.labels.remove(CONTROLLER_REVISION_HASH_LABEL);
    ready(&mut old, 0);
    w.put_pod(old);
    for i in 1..5 {
        let mut p = new_pod(&format!("node-{i}-old"), &format!("node-{i}"), simple(), Some(&ds));
        p.metadata.labels.remove(CONTROLLER_REVISION_HASH_LABEL);
        ready(&mut p, 0);
        if i == 4 {
            p.metadata.deletion_timestamp = Some(at(31_000));
        }
        w.put_pod(p);
    }
    w.expect("foo", 1, 0, 0);
}

/// Rolls `ds` (already synced to 5 ready pods) to a new image with `strategy`.
fn roll(w: &mut World, strategy: DeploymentStrategy) {
    let mut ds = w.ds("foo");
    ds.spec.template.spec.containers[0].image = "foo2/bar2".into();
    ds.spec.update_strategy = strategy;
    w.put_ds(&ds);
}

// Upstream: TestDaemonSetUpdatesPods.
#[test]
fn a_rolling_update_replaces_max_unavailable_pods_at_a_time() {
    let mut w = World::new();
    w.put_ds(&new_daemon_set("foo"));
    w.add_nodes(0, 5, BTreeMap::new());
    w.expect("foo", 5, 0, 0);
    w.mark_pods_ready(0);
    roll(&mut w, rolling(IntOrString::Int(2), None));
    for (deletes, creates) in [(2, 2), (2, 2), (1, 1)] {
        w.expect("foo", 0, deletes, 0);
        w.expect("foo", creates, 0, 0);
        w.mark_pods_ready(0);
    }
    w.expect("foo", 0, 0, 0);
    let st = w.ds("foo").status;
    assert_eq!((st.updated_number_scheduled, st.number_available), (5, 5));
}

// Upstream: TestDaemonSetUpdatesPodsWithMaxSurge.
#[test]
fn a_surge_update_starts_max_surge_new_pods_before_deleting_old_ones() {
    let mut w = World::new();
    w.put_ds(&new_daemon_set("foo"));
    w.add_nodes(0, 5, BTreeMap::new());
    w.expect("foo", 5, 0, 0);
    w.mark_pods_ready(0);
    roll(&mut w, surge(2));
    // Upstream's fakes observe creates and deletes at once, so there the old pods' deletion and
    // the next new pods come in one sync ((2, 2), then (1, 2)); here, as with a real informer,
    // the rolling update waits for the next sync, at the same instant.
    w.expect("foo", 2, 0, 0);
    w.expect("foo", 0, 0, 0);
    w.mark_pods_ready(0);
    for (deletes, creates) in [(2, 2), (2, 1), (1, 0)] {
        w.expect("foo", 0, deletes, 0);
        w.expect("foo", creates, 0, 0);
        w.expect("foo", 0, 0, 0);
        w.mark_pods_ready(0);
    }
    let st = w.ds("foo").status;
    assert_eq!((st.updated_number_scheduled, st.number_available, st.current_number_scheduled), (5, 5, 5));
}

// Upstream: TestDaemonSetUpdatesWhenNewPosIsNotReady, TestDaemonSetUpdatesAllOldPodsNotReady,
// TestDaemonSetUpdatesNoTemplateChanged.
#[test]
fn unavailable_new_pods_hold_the_update_and_unavailable_old_pods_go_at_once() {
    // New pods never become ready: after the first three nothing more happens.
    let mut w = World::new();
    w.put_ds(&new_daemon_set("foo"));
    w.add_nodes(0, 5, BTreeMap::new());
    w.expect("foo", 5, 0, 0);
    w.mark_pods_ready(0);
    roll(&mut w, rolling(IntOrString::Int(3), None));
    w.expect("foo", 0, 3, 0);
    w.expect("foo", 3, 0, 0);
    w.expect("foo", 0, 0, 0);
    // Old pods that are not ready all go in one sync.
    let mut w = World::new();
    w.put_ds(&new_daemon_set("foo"));
    w.add_nodes(0, 5, BTreeMap::new());
    w.expect("foo", 5, 0, 0);
    roll(&mut w, rolling(IntOrString::Int(3), None));
    w.expect("foo", 0, 5, 0);
    w.expect("foo", 5, 0, 0);
    w.expect("foo", 0, 0, 0);
    // A strategy change without a template change replaces nothing.
    let mut w = World::new();
    w.put_ds(&new_daemon_set("foo"));
    w.add_nodes(0, 5, BTreeMap::new());
    w.expect("foo", 5, 0, 0);
    let mut ds = w.ds("foo");
    ds.spec.update_strategy = rolling(IntOrString::Int(3), None);
    w.put_ds(&ds);
    w.expect("foo", 0, 0, 0);
}

// Upstream: TestGetUnavailableNumbers (the budgets; the per-node counting is exercised by the
// rolling update tests).
#[test]
fn max_unavailable_and_max_surge_round_up_and_never_both_zero() {
    // (strategy, desired nodes, (maxSurge, maxUnavailable))
    let cases = [
        (rolling(IntOrString::Int(0), None), 0, (0, 0)),
        (rolling(IntOrString::Int(1), None), 2, (0, 1)),
        (rolling(IntOrString::Int(0), None), 2, (0, 1)),
        (surge(0), 2, (0, 1)),
        (rolling(IntOrString::Str("50%".into()), None), 2, (0, 1)),
        (surge(0).clone(), 0, (0, 0)),
        (rolling(IntOrString::Str("50%".into()), None), 3, (0, 2)),
        (rolling(IntOrString::Int(0), Some(IntOrString::Str("50%".into()))), 3, (2, 0)),
        (rolling(IntOrString::Str("10%".into()), None), 25, (0, 3)),
        (DeploymentStrategy { type_: "OnDelete".into(), rolling_update: None }, 4, (0, 1)),
    ];
    for (strategy, desired, want) in cases {
        let mut ds = new_daemon_set("x");
        ds.spec.update_strategy = strategy.clone();
        assert_eq!(updated_desired_node_counts(&ds, desired), Ok(want), "{strategy:?} of {desired}");
    }
    let mut ds = new_daemon_set("x");
    ds.spec.update_strategy = rolling(IntOrString::Str("x%".into()), None);
    assert!(updated_desired_node_counts(&ds, 3).is_err());
}

// Upstream: TestControlledHistories and constructHistory/cleanupHistory.
#[test]
fn revisions_are_claimed_created_renumbered_and_trimmed() {
    let mut w = World::new();
    let ds = new_daemon_set("foo");
    w.put_ds(&ds);
    w.add_nodes(0, 1, BTreeMap::new());
    // An orphan with matching labels is adopted; another DaemonSet's revision is left alone; an
    // owned revision that no longer matches is released.
    let mut orphan = ControllerRevision::default();
    orphan.metadata.name = "orphan".into();
    orphan.metadata.namespace = "default".into();
    orphan.metadata.labels = simple().into();
    orphan.metadata.labels.insert(CONTROLLER_REVISION_HASH_LABEL.into(), "orphan".into());
    orphan.revision = 1;
    w.store.put(Object::ControllerRevision(ObjBox::new(orphan)));
    let mut stray = ControllerRevision::default();
    stray.metadata.name = "stray".into();
    stray.metadata.namespace = "default".into();
    stray.metadata.labels = simple2().into();
    stray.metadata.owner_references.push(Owner::new(Kind::DaemonSet, &ds.metadata).controller_ref());
    w.store.put(Object::ControllerRevision(ObjBox::new(stray)));
    w.sync("foo");
    let owned = |w: &World| -> Vec<(String, i64)> {
        w.store
            .controller_revisions()
            .filter(|h| h.metadata.controller_ref().is_some())
            .map(|h| (h.metadata.name.clone(), h.revision))
            .collect()
    };
    let first = format!("foo-{}", hash_of(&ds));
    assert_eq!(owned(&w), vec![(first.clone(), 2), ("orphan".to_string(), 1)]);
    assert!(w.store.controller_revision("default", "stray").is_some_and(|h| h.metadata.owner_references.is_empty()));
    let cur = w.store.controller_revision("default", &first).cloned().unwrap_or_default();
    assert_eq!(cur.data, Some(get_patch(&ds)));
    assert_eq!(cur.metadata.labels.get(CONTROLLER_REVISION_HASH_LABEL), Some(&hash_of(&ds)));
    // Two template changes and back: the first template's revision is renumbered as the newest,
    // and beyond revisionHistoryLimit (2) the oldest revision no pod runs goes.
    for image in ["v2", "v3", "foo/bar"] {
        let mut d = w.ds("foo");
        d.spec.template.spec.containers[0].image = image.into();
        w.put_ds(&d);
        w.sync("foo");
        for mut p in w.pods() {
            p.metadata.deletion_timestamp = None;
            w.store.remove(&ObjRef::new(Kind::Pod, "default", p.metadata.name.clone()));
        }
        w.sync("foo");
    }
    let revisions: Vec<i64> =
        owned(&w).iter().map(|(_, r)| *r).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    assert_eq!(revisions, [3, 4, 5]);
    assert!(owned(&w).contains(&(first, 5)));
}

// Upstream: TestIsPodUpdated.
#[test]
fn a_pod_is_up_to_date_by_its_hash_or_its_template_generation() {
    let with = |pairs: &[(&str, &str)]| {
        let mut p = Pod::default();
        p.metadata.labels = labels(pairs).into();
        p
    };
    let both = [(TEMPLATE_GENERATION_LABEL, "12345"), (CONTROLLER_REVISION_HASH_LABEL, "55555")];
    let no_hash = [(TEMPLATE_GENERATION_LABEL, "12345")];
    // (case, generation, labels, hash, updated)
    let cases: Vec<(&str, Option<&str>, &[(&str, &str)], &str, bool)> = vec![
        ("templateGeneration and hash both match", Some("12345"), &both, "55555", true),
        ("templateGeneration matches, hash doesn't", Some("12345"), &both, "55555123", true),
        ("templateGeneration matches, no hash label, has hash", Some("12345"), &no_hash, "55555", true),
        ("templateGeneration matches, no hash label, no hash", Some("12345"), &no_hash, "", true),
        ("templateGeneration matches, has hash label, no hash", Some("12345"), &both, "", true),
        ("templateGeneration doesn't match, hash does", Some("12350"), &both, "55555", true),
        ("templateGeneration and hash don't match", Some("12350"), &both, "55555123", false),
        ("empty labels, no hash", Some("12345"), &[], "", false),
        ("empty labels", Some("12345"), &[], "55555", false),
        ("no generation", None, &no_hash, "", false),
    ];
    for (case, generation, pairs, hash, want) in cases {
        assert_eq!(is_pod_updated(&with(pairs), hash, generation), want, "{case}");
    }
}

// Upstream: TestCreatePodTemplate.
#[test]
fn the_pod_template_gets_the_generation_and_hash_labels() {
    for (generation, hash, has_hash) in [(1, "", false), (2, "3242341807", true)] {
        let t = create_pod_template(&PodTemplateSpec::default(), Some(generation), hash);
        assert_eq!(t.metadata.labels.get(TEMPLATE_GENERATION_LABEL), Some(&generation.to_string()));
        assert_eq!(t.metadata.labels.contains_key(CONTROLLER_REVISION_HASH_LABEL), has_hash);
    }
    // A toleration the template already has is not added twice.
    let mut t = PodTemplateSpec::default();
    t.spec.tolerations.push(Toleration {
        key: "node.kubernetes.io/unschedulable".into(),
        operator: "Exists".into(),
        effect: "NoSchedule".into(),
        ..Toleration::default()
    });
    t.spec.host_network = true;
    let t = create_pod_template(&t, None, "h");
    assert_eq!(t.spec.tolerations.len(), 7);
    assert_eq!(t.spec.tolerations[0].key, "node.kubernetes.io/unschedulable");
    assert_eq!(t.spec.tolerations[6].key, "node.kubernetes.io/network-unavailable");
}

// Upstream: TestReplaceDaemonSetPodNodeNameNodeAffinity.
#[test]
fn the_node_name_term_replaces_the_required_node_affinity() {
    let pinned = |node: &str| NodeSelector {
        node_selector_terms: vec![NodeSelectorTerm {
            match_expressions: Vec::new(),
            match_fields: vec![NodeSelectorRequirement {
                key: "metadata.name".into(),
                operator: "In".into(),
                values: vec![node.into()],
            }],
        }],
    };
    let mut preferred = NodeAffinity::default();
    preferred
        .extra
        .insert("preferredDuringSchedulingIgnoredDuringExecution".into(), crate::json::json!([{"weight": 1}]));
    let with_required = node_affinity("type", &["test"]);
    let mut with_both = with_required.clone();
    if let Some(na) = with_both.node_affinity.as_mut() {
        na.extra = preferred.extra.clone();
    }
    let mut pod_affinity = Affinity::default();
    pod_affinity.extra.insert("podAffinity".into(), crate::json::json!({}));
    // (case, affinity before, preferred terms kept, pod affinity kept)
    let cases: Vec<(&str, Option<Affinity>, bool, bool)> = vec![
        ("nil affinity", None, false, false),
        ("no node affinity", Some(pod_affinity), false, true),
        ("preferred only", Some(Affinity { node_affinity: Some(preferred), ..Affinity::default() }), true, false),
        ("required only", Some(with_required), false, false),
        ("required and preferred", Some(with_both), true, false),
    ];
    for (case, before, keeps_preferred, keeps_pod_affinity) in cases {
        let got = replace_daemon_set_pod_node_name_node_affinity(before, "host_1");
        let na = got.node_affinity.clone().unwrap_or_default();
        assert_eq!(na.required_during_scheduling_ignored_during_execution, Some(pinned("host_1")), "{case}");
        assert_eq!(na.extra.contains_key("preferredDuringSchedulingIgnoredDuringExecution"), keeps_preferred, "{case}");
        assert_eq!(got.extra.contains_key("podAffinity"), keeps_pod_affinity, "{case}");
    }
}

// Upstream: TestGetTargetNodeName.
#[test]
fn the_target_node_is_the_node_name_or_the_single_match_fields_name() {
    let mut bound = Pod::default();
    bound.spec.node_name = "node-1".into();
    let mut pinned = Pod::default();
    pinned.spec.affinity = Some(replace_daemon_set_pod_node_name_node_affinity(None, "node-1"));
    let mut two = pinned.clone();
    if let Some(sel) = two
        .spec
        .affinity
        .as_mut()
        .and_then(|a| a.node_affinity.as_mut())
        .and_then(|n| n.required_during_scheduling_ignored_during_execution.as_mut())
    {
        sel.node_selector_terms[0].match_fields[0].values.push("node-2".into());
    }
    assert_eq!(get_target_node_name(&bound), Ok("node-1"));
    assert_eq!(get_target_node_name(&pinned), Ok("node-1"));
    assert!(get_target_node_name(&two).is_err());
    assert!(get_target_node_name(&Pod::default()).is_err());
}

fn change(kind: Kind, name: &str, old: Option<Object>, new: Option<Object>) -> Change {
    let ns = if kind == Kind::Node { "" } else { "default" };
    Change { obj: ObjRef::new(kind, ns, name), old, new }
}

// Upstream: TestAddNode and TestUpdateNode.
#[test]
fn node_changes_wake_the_daemon_sets_whose_verdict_changed() {
    let mut w = World::new();
    let mut ds = new_daemon_set("foo");
    ds.spec.template.spec.node_selector = simple2();
    w.put_ds(&ds);
    let node = |l: BTreeMap<String, String>| Object::Node(ObjBox::new(new_node("node-0", l)));
    let woken =
        |old: Option<Object>, new: Option<Object>| watch(&w.store, &change(Kind::Node, "node-0", old, new)).len();
    // (case, old node, new node, woken)
    let mut tainted = new_node("node-0", simple2());
    tainted.spec.taints.push(taint("k", "v", "NoSchedule"));
    let mut evicting = tainted.clone();
    evicting.spec.taints[0].effect = "NoExecute".into();
    let mut unready = new_node("node-0", simple2());
    unready.status.conditions[0].status = "False".into();
    let cases: Vec<(&str, Option<Object>, Option<Object>, usize)> = vec![
        ("added, not selected", None, Some(node(BTreeMap::new())), 0),
        ("added, selected", None, Some(node(simple2())), 1),
        ("labelled into the selector", Some(node(BTreeMap::new())), Some(node(simple2())), 1),
        ("unrelated label change", Some(node(BTreeMap::new())), Some(node(labels(&[("a", "b")]))), 0),
        ("a NoSchedule taint", Some(node(simple2())), Some(Object::Node(ObjBox::new(tainted.clone()))), 1),
        (
            "NoSchedule to NoExecute",
            Some(Object::Node(ObjBox::new(tainted))),
            Some(Object::Node(ObjBox::new(evicting))),
            1,
        ),
        ("a condition change", Some(node(simple2())), Some(Object::Node(ObjBox::new(unready))), 0),
        ("deleted", Some(node(simple2())), None, 0),
    ];
    for (case, old, new, want) in cases {
        assert_eq!(woken(old, new), want, "{case}");
    }
}

// Upstream: TestAddPod, TestAddPodOrphan, TestUpdatePod, TestUpdatePodOrphanSameLabels,
// TestUpdatePodOrphanWithNewLabels, TestUpdatePodChangeControllerRef,
// TestUpdatePodControllerRefRemoved, TestDeletePod, TestDeletePodOrphan.
#[test]
fn pod_changes_wake_their_daemon_set_or_for_orphans_the_selecting_ones() {
    let mut w = World::new();
    let ds1 = new_daemon_set("foo1");
    let mut ds2 = new_daemon_set("foo2");
    ds2.spec.selector.match_labels = simple2();
    let mut ds3 = new_daemon_set("foo3");
    ds3.spec.selector.match_labels = labels(&[("name", "simple-daemon")]);
    for d in [&ds1, &ds2, &ds3] {
        w.put_ds(d);
    }
    let pod = |labels: BTreeMap<String, String>, owner: Option<&DaemonSet>, rv: &str| {
        let mut p = new_pod("pod", "node-0", labels, owner);
        p.metadata.resource_version = rv.into();
        Object::Pod(ObjBox::new(p))
    };
    let woken = |old: Option<Object>, new: Option<Object>| -> Vec<String> {
        watch(&w.store, &change(Kind::Pod, "pod", old, new)).into_iter().map(|r| r.key.name).collect()
    };
    let mut deleting = new_pod("pod", "node-0", simple(), Some(&ds1));
    deleting.metadata.deletion_timestamp = Some(at(0));
    deleting.metadata.resource_version = "2".into();
    // (case, old, new, woken)
    let cases: Vec<(&str, Option<Object>, Option<Object>, Vec<&str>)> = vec![
        ("added, owned", None, Some(pod(simple(), Some(&ds1), "1")), vec!["foo1"]),
        ("added, orphan", None, Some(pod(simple(), None, "1")), vec!["foo1", "foo3"]),
        ("updated, owned", Some(pod(simple(), Some(&ds1), "1")), Some(pod(simple(), Some(&ds1), "2")), vec!["foo1"]),
        (
            "resync (same resourceVersion)",
            Some(pod(simple(), Some(&ds1), "1")),
            Some(pod(simple(), Some(&ds1), "1")),
            vec![],
        ),
        ("orphan, same labels", Some(pod(simple(), None, "1")), Some(pod(simple(), None, "2")), vec![]),
        ("orphan, new labels", Some(pod(simple(), None, "1")), Some(pod(simple2(), None, "2")), vec!["foo2", "foo3"]),
        (
            "controller ref changed",
            Some(pod(simple(), Some(&ds1), "1")),
            Some(pod(simple(), Some(&ds2), "2")),
            vec!["foo1", "foo2"],
        ),
        (
            "controller ref removed",
            Some(pod(simple(), Some(&ds1), "1")),
            Some(pod(simple(), None, "2")),
            vec!["foo1", "foo3"],
        ),
        ("being deleted", Some(pod(simple(), Some(&ds1), "1")), Some(Object::Pod(ObjBox::new(deleting))), vec!["foo1"]),
        ("deleted, owned", Some(pod(simple(), Some(&ds1), "1")), None, vec!["foo1"]),
        ("deleted, orphan", Some(pod(simple(), None, "1")), None, vec![]),
    ];
    for (case, old, new, want) in cases {
        assert_eq!(woken(old, new), want, "{case}");
    }
}

#[test]
fn the_explanations_say_which_toleration_lets_a_pod_onto_a_cordoned_node_and_why_a_node_is_skipped() {
    let mut w = World::new();
    let ds = new_daemon_set("foo");
    w.put_ds(&ds);
    let mut cp = new_node("control-plane", BTreeMap::new());
    cp.spec.unschedulable = true;
    cp.spec.taints.push(taint("node.kubernetes.io/unschedulable", "", "NoSchedule"));
    w.put_node(cp);
    let mut tainted = new_node("tainted-cp", BTreeMap::new());
    tainted.spec.unschedulable = true;
    tainted.spec.taints.push(taint("node-role.kubernetes.io/control-plane", "", "NoSchedule"));
    w.put_node(tainted);
    let r = w.reconcile("foo");
    let whys: Vec<&str> = r
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::Create { obj: Object::Pod(_), why, .. } | Action::Update { obj: Object::DaemonSet(_), why } => {
                Some(why.as_str())
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        whys,
        [
            "daemonset/foo: node control-plane should run a daemon pod and has none (1 eligible node(s)); the pod is pinned to it with the node affinity matchFields metadata.name In [control-plane]. control-plane is cordoned (spec.unschedulable), which the DaemonSet controller does not check; its taint node.kubernetes.io/unschedulable:NoSchedule is tolerated by the toleration {key: node.kubernetes.io/unschedulable, operator: Exists, effect: NoSchedule}, which the DaemonSet controller adds to every daemon pod",
            "status: desiredNumberScheduled 0→1, numberUnavailable 0→1, observedGeneration 0→1. 1 of 2 node(s) get no pod: tainted-cp: it has the taint node-role.kubernetes.io/control-plane:NoSchedule and the template does not tolerate it",
        ]
    );
}

// Upstream: rollingUpdate's accounting (a node whose only pod is terminating is unavailable).
#[test]
fn a_terminating_pod_counts_as_unavailable_in_a_rolling_update() {
    let mut w = World::new();
    let mut ds = new_daemon_set("foo");
    ds.spec.update_strategy = rolling(IntOrString::Int(1), None);
    w.put_ds(&ds);
    w.add_nodes(0, 3, BTreeMap::new());
    for i in 0..3 {
        let mut p = new_pod(&format!("old-{i}"), &format!("node-{i}"), simple(), Some(&ds));
        p.metadata.labels.insert(CONTROLLER_REVISION_HASH_LABEL.into(), "old".into());
        ready(&mut p, 0);
        if i == 0 {
            p.metadata.deletion_timestamp = Some(at(NOW));
        }
        w.put_pod(p);
    }
    // node-0 is unavailable (its pod is terminating), which uses up maxUnavailable: nothing goes.
    w.expect("foo", 0, 0, 0);
    w.store.remove(&ObjRef::new(Kind::Pod, "default", "old-0"));
    // Gone: its replacement comes, and while it is not available nothing else goes.
    w.expect("foo", 1, 0, 0);
    w.expect("foo", 0, 0, 0);
    w.mark_pods_ready(0);
    w.expect("foo", 0, 1, 0);
}
