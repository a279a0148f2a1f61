//! Table tests of the ReplicaSet and ReplicationController controllers, ported from upstream's
//! replica_set_test.go and replica_set_utils_test.go where the behaviour exists here (expectations
//! and API failures of patches and status writes have no counterpart: the store answers at once).

// Table rows are tuples.
#![allow(clippy::type_complexity)]

use std::collections::BTreeMap;

use super::status::{get_condition, new_condition, remove_condition, set_condition};
use super::*;
use crate::api::apps::WorkloadCondition;
use crate::api::meta::{LabelSelector, Time, EPOCH_UNIX_MS};
use crate::api::node::Namespace;
use crate::api::pod::{Container, PodCondition};
use crate::controller::{Action, EventType};
use crate::sim::SimTime;

/// Virtual time of the syncs: 1000s.
const NOW: SimTime = 1_000_000;

fn at(sim_ms: SimTime) -> Time {
    Time(EPOCH_UNIX_MS + i64::try_from(sim_ms).unwrap_or(0))
}

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn store() -> Store {
    let mut s = Store::new();
    let mut ns = Namespace::default();
    ns.metadata.name = "default".into();
    s.put(Object::Namespace(crate::api::ObjBox::new(ns)));
    s
}

/// Upstream's `newReplicaSet`: name foobar, the given selector, template labels name=foo,type=production.
fn new_replica_set(replicas: i32, selector: &[(&str, &str)]) -> ReplicaSet {
    let mut rs = ReplicaSet::default();
    rs.metadata.name = "foobar".into();
    rs.metadata.namespace = "default".into();
    rs.metadata.uid = "rs-uid".into();
    rs.metadata.generation = 1;
    rs.spec.replicas = Some(replicas);
    rs.spec.selector = LabelSelector { match_labels: labels(selector), ..LabelSelector::default() };
    rs.spec.template.metadata.labels = labels(&[("name", "foo"), ("type", "production")]).into();
    rs.spec.template.spec.containers.push(Container {
        name: "c".into(),
        image: "foo/bar".into(),
        ..Default::default()
    });
    rs.spec.template.spec.restart_policy = "Always".into();
    rs
}

/// Upstream's `newPod`: labelled with the selector; Running pods are Ready (since `ready_since`).
fn new_pod(name: &str, rs: &ReplicaSet, phase: &str, ready_since: Option<Time>, owned: bool) -> Pod {
    let mut p = Pod::default();
    p.metadata.name = name.into();
    p.metadata.namespace = rs.metadata.namespace.clone();
    p.metadata.uid = format!("uid-{name}");
    p.metadata.resource_version = "1".into();
    p.metadata.labels = rs.spec.selector.match_labels.clone().into();
    if owned {
        p.metadata.owner_references.push(Owner::new(Kind::ReplicaSet, &rs.metadata).controller_ref());
    }
    p.status.phase = phase.into();
    if phase == "Running" {
        p.status.conditions.push(PodCondition {
            type_: "Ready".into(),
            status: "True".into(),
            last_transition_time: ready_since,
            ..PodCondition::default()
        });
    }
    p
}

fn put_rs(s: &mut Store, rs: &ReplicaSet) {
    s.put(Object::ReplicaSet(crate::api::ObjBox::new(rs.clone())));
}

fn put_pod(s: &mut Store, p: &Pod) {
    s.put(Object::Pod(crate::api::ObjBox::new(p.clone())));
}

fn sync_rs(s: &Store, name: &str) -> Reconcile {
    reconcile(&Ctx { store: s, now: NOW }, &ObjRef::new(Kind::ReplicaSet, "default", name))
}

/// What a sync asked for: (pod creates, pod deletes, pod updates, status writes).
fn tally(r: &Reconcile) -> (usize, usize, usize, usize) {
    let mut t = (0, 0, 0, 0);
    for a in &r.actions {
        match a {
            Action::Create { obj: Object::Pod(_), .. } => t.0 += 1,
            Action::Delete { target, .. } if target.kind == Kind::Pod => t.1 += 1,
            Action::Update { obj: Object::Pod(_), .. } => t.2 += 1,
            Action::Update { .. } => t.3 += 1,
            _ => {}
        }
    }
    t
}

fn events(r: &Reconcile) -> Vec<String> {
    r.actions
        .iter()
        .filter_map(|a| match a {
            Action::Event { involved, type_, reason, message } => {
                Some(format!("{} {} {reason} {message}", involved.key.name, type_.as_str()))
            }
            _ => None,
        })
        .collect()
}

fn written_status(r: &Reconcile) -> Option<ReplicaSetStatus> {
    r.actions.iter().find_map(|a| match a {
        Action::Update { obj: Object::ReplicaSet(rs), .. } => Some(rs.status.clone()),
        _ => None,
    })
}

fn deleted(r: &Reconcile) -> Vec<(String, String)> {
    r.actions
        .iter()
        .filter_map(|a| match a {
            Action::Delete { target, why, .. } => Some((target.key.name.clone(), why.clone())),
            _ => None,
        })
        .collect()
}

// Upstream: TestSyncReplicaSetDoesNothing.
#[test]
fn a_replica_set_with_its_pods_and_a_current_status_does_nothing() {
    let mut s = store();
    let mut rs = new_replica_set(2, &[("foo", "bar")]);
    rs.status = ReplicaSetStatus {
        replicas: 2,
        ready_replicas: 2,
        available_replicas: 2,
        observed_generation: 1,
        ..Default::default()
    };
    put_rs(&mut s, &rs);
    for name in ["pod0", "pod1"] {
        put_pod(&mut s, &new_pod(name, &rs, "Running", Some(at(0)), true));
    }
    let r = sync_rs(&s, "foobar");
    assert!(r.actions.is_empty(), "{:?}", r.actions);
    assert_eq!(r.requeue_after, None);
}

#[test]
fn missing_pods_are_created_from_the_template_with_an_event_and_a_why_each() {
    let mut s = store();
    let rs = new_replica_set(3, &[("name", "foo")]);
    put_rs(&mut s, &rs);
    put_pod(&mut s, &new_pod("pod0", &rs, "Running", Some(at(0)), true));
    let r = sync_rs(&s, "foobar");
    assert_eq!(tally(&r), (2, 0, 0, 1));
    let creates: Vec<(&Pod, &str)> = r
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::Create { obj: Object::Pod(p), why, event: Some(e), failed: Some(f) } => {
                assert_eq!((e.reason.as_str(), e.message.as_str()), ("SuccessfulCreate", "Created pod: {name}"));
                assert_eq!((f.reason.as_str(), f.message.as_str()), ("FailedCreate", "Error creating: {error}"));
                assert_eq!((e.type_, f.type_), (EventType::Normal, EventType::Warning));
                Some((p.as_ref(), why.as_str()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(creates[0].0.metadata.generate_name, "foobar-");
    assert_eq!(creates[0].0.metadata.labels, rs.spec.template.metadata.labels);
    assert_eq!(creates[0].1, "replicaset/foobar has 1 of 3 replicas; creating 2 (this is 1 of 2)");
    assert_eq!(creates[1].1, "replicaset/foobar has 1 of 3 replicas; creating 2 (this is 2 of 2)");
}

// Upstream: TestSyncReplicaSetCreateFailures, TestSyncReplicaSetDormancy and
// TestCalculateStatusConditions ("manageReplicasErr != nil && failureCond == nil, diff < 0").
#[test]
fn a_refused_create_stops_the_slow_start_and_sets_replica_failure() {
    let mut s = store();
    let mut rs = new_replica_set(100, &[("name", "foo")]);
    rs.spec.template.spec.extra.insert("priorityClassName".into(), "high".into());
    put_rs(&mut s, &rs);
    let r = sync_rs(&s, "foobar");
    assert_eq!(tally(&r), (0, 0, 0, 1));
    let message = "pods \"foobar-\" is forbidden: no PriorityClass with name high was found";
    assert_eq!(events(&r), vec![format!("foobar Warning FailedCreate Error creating: {message}")]);
    let status = written_status(&r).unwrap();
    let cond = get_condition(&status, REPLICA_FAILURE).unwrap();
    assert_eq!((cond.status.as_str(), cond.reason.as_str(), cond.message.as_str()), ("True", "FailedCreate", message));
    assert_eq!(cond.last_transition_time, Some(Time::from_sim(NOW)));
    // The first retry comes 5ms later, like the workqueue's rate limiter.
    assert_eq!(r.requeue_after, Some(5));

    // With the condition in place, the next failure writes nothing and waits longer; once a sync
    // succeeds the condition goes.
    rs.status = status;
    put_rs(&mut s, &rs);
    let again = reconcile(&Ctx { store: &s, now: NOW + 100 }, &ObjRef::new(Kind::ReplicaSet, "default", "foobar"));
    assert_eq!(tally(&again), (0, 0, 0, 0));
    assert_eq!(events(&again).len(), 1);
    assert_eq!(again.requeue_after, Some(55));
    rs.spec.template.spec.extra.clear();
    rs.spec.replicas = Some(0);
    put_rs(&mut s, &rs);
    let fixed = sync_rs(&s, "foobar");
    assert!(written_status(&fixed).unwrap().conditions.is_empty());
}

#[test]
fn a_template_without_labels_is_refused_before_the_api_without_an_event() {
    let mut s = store();
    let mut rc = ReplicationController::default();
    rc.metadata.name = "old".into();
    rc.metadata.namespace = "default".into();
    rc.metadata.uid = "rc-uid".into();
    rc.spec.replicas = Some(1);
    rc.spec.selector = labels(&[("app", "old")]);
    s.put(Object::ReplicationController(crate::api::ObjBox::new(rc)));
    let r = reconcile_rc(&Ctx { store: &s, now: NOW }, &ObjRef::new(Kind::ReplicationController, "default", "old"));
    assert!(events(&r).is_empty());
    let status = r
        .actions
        .iter()
        .find_map(|a| match a {
            Action::Update { obj: Object::ReplicationController(rc), .. } => Some(rc.status.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(status.conditions[0].message, "unable to create pods, no labels");
}

// Upstream: TestControllerBurstReplicas (creates and deletes are capped at BurstReplicas).
#[test]
fn the_burst_limit_caps_creates_and_deletes_per_sync() {
    let mut s = store();
    let rs = new_replica_set(600, &[("name", "foo")]);
    put_rs(&mut s, &rs);
    let r = sync_rs(&s, "foobar");
    assert_eq!(tally(&r).0, 500);
    let why = r.actions.iter().find_map(|a| match a {
        Action::Create { why, .. } => Some(why.clone()),
        _ => None,
    });
    assert_eq!(
        why.as_deref(),
        Some("replicaset/foobar has 0 of 600 replicas; creating 500, at most 500 per sync (this is 1 of 500)")
    );

    let mut s = store();
    let rs = new_replica_set(0, &[("name", "foo")]);
    put_rs(&mut s, &rs);
    for i in 0..600 {
        put_pod(&mut s, &new_pod(&format!("pod{i:03}"), &rs, "Running", Some(at(0)), true));
    }
    let r = sync_rs(&s, "foobar");
    assert_eq!(tally(&r).1, 500);
    assert_eq!(events(&r).len(), 500);
    assert_eq!(deleted(&r)[0].1, "replicaset/foobar has 600 pods for 0 replicas; deleting 500, at most 500 per sync. It ranked 1st of 600: it ties with pod500 on every rule");
}

#[test]
fn extra_pods_go_by_the_ranking_and_each_deletion_says_why() {
    let mut s = store();
    let rs = new_replica_set(2, &[("name", "foo")]);
    put_rs(&mut s, &rs);
    let mut old = new_pod("old", &rs, "Running", Some(at(10_000)), true);
    old.spec.node_name = "n1".into();
    let mut young = new_pod("young", &rs, "Running", Some(at(900_000)), true);
    young.spec.node_name = "n2".into();
    let mut starting = new_pod("starting", &rs, "Pending", None, true);
    starting.spec.node_name = "n1".into();
    for p in [&old, &young, &starting] {
        put_pod(&mut s, p);
    }
    let r = sync_rs(&s, "foobar");
    assert_eq!(
        deleted(&r),
        vec![("starting".to_string(), "replicaset/foobar has 3 pods for 2 replicas; deleting 1. It ranked 1st of 3: it is Pending and young is Running".to_string())]
    );
    assert_eq!(events(&r), vec!["foobar Normal SuccessfulDelete Deleted pod: starting".to_string()]);

    let rs = new_replica_set(1, &[("name", "foo")]);
    put_rs(&mut s, &rs);
    let r = sync_rs(&s, "foobar");
    let names: Vec<String> = deleted(&r).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, vec!["starting", "young"]);
    assert!(deleted(&r)[1].1.ends_with("It ranked 2nd of 3: it has been ready for 1m40s, less than old (16m30s)"));
}

// Upstream: TestGetPodsToDelete.
#[test]
fn pods_to_delete_follow_upstreams_table() {
    let rs = new_replica_set(1, &[("name", "foo")]);
    let unscheduled_pending = new_pod("unscheduled-pending-pod", &rs, "Pending", None, true);
    let mut scheduled_pending = new_pod("scheduled-pending-pod", &rs, "Pending", None, true);
    scheduled_pending.spec.node_name = "fake-node".into();
    let mut not_ready = new_pod("scheduled-running-not-ready-pod", &rs, "Running", None, true);
    not_ready.spec.node_name = "fake-node".into();
    not_ready.status.conditions[0].status = "False".into();
    let mut ready1 = new_pod("scheduled-running-ready-pod-on-node-1", &rs, "Running", None, true);
    ready1.spec.node_name = "fake-node-1".into();
    let mut ready2 = new_pod("scheduled-running-ready-pod-on-node-2", &rs, "Running", None, true);
    ready2.spec.node_name = "fake-node-2".into();
    let (up, sp, nr, r1, r2) = (&unscheduled_pending, &scheduled_pending, &not_ready, &ready1, &ready2);

    // (name, pods, related (None: the pods themselves), diff, expected)
    let cases: Vec<(&str, Vec<&Pod>, Option<Vec<&Pod>>, usize, Vec<&Pod>)> = vec![
        ("len(pods) = 0 (i.e., diff = 0 too)", vec![], None, 0, vec![]),
        ("diff = len(pods)", vec![nr, r1], None, 2, vec![nr, r1]),
        ("diff < len(pods)", vec![r1, nr], None, 1, vec![nr]),
        (
            "various pod phases and conditions, diff = len(pods)",
            vec![r1, r1, r2, nr, sp, up],
            None,
            6,
            vec![r1, r1, r2, nr, sp, up],
        ),
        (
            "various pod phases and conditions, diff = len(pods), relatedPods empty",
            vec![r1, r1, r2, nr, sp, up],
            Some(vec![]),
            6,
            vec![r1, r1, r2, nr, sp, up],
        ),
        ("scheduled vs unscheduled, diff < len(pods)", vec![sp, up], None, 1, vec![up]),
        ("ready vs not-ready, diff < len(pods)", vec![r1, nr, nr], None, 2, vec![nr, nr]),
        (
            "ready and colocated with another ready pod vs not colocated, diff < len(pods)",
            vec![r1, r2],
            Some(vec![r1, r2, r2]),
            1,
            vec![r2],
        ),
        ("pending vs running, diff < len(pods)", vec![sp, nr], None, 1, vec![sp]),
        ("various pod phases and conditions, diff < len(pods)", vec![r1, r2, nr, sp, up], None, 3, vec![up, sp, nr]),
    ];
    for (name, pods, related, diff, want) in cases {
        let related = related.unwrap_or_else(|| pods.clone());
        let ranks = get_pods_ranked_by_related_pods_on_same_node(&pods, &related);
        let got: Vec<&str> =
            pods_to_delete(&pods, &ranks, diff, at(NOW)).iter().map(|(p, _)| p.metadata.name.as_str()).collect();
        let want: Vec<&str> = want.iter().map(|p| p.metadata.name.as_str()).collect();
        assert_eq!(got, want, "{name}");
    }
}

fn deployment_owned(mut rs: ReplicaSet, name: &str, owner_uid: &str) -> ReplicaSet {
    rs.metadata.name = name.into();
    rs.metadata.uid = format!("uid-{name}");
    rs.metadata.owner_references = vec![OwnerReference {
        api_version: "apps/v1".into(),
        kind: "Deployment".into(),
        name: "web".into(),
        uid: owner_uid.into(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }];
    rs
}

// Upstream: TestRelatedPodsLookup and TestGetReplicaSetsWithSameController.
#[test]
fn related_pods_are_those_of_replica_sets_with_the_same_controller() {
    let some = deployment_owned(new_replica_set(1, &[("foo", "bar")]), "foo1", "123");
    let related = deployment_owned(new_replica_set(1, &[("foo", "baz")]), "foo2", "123");
    let unrelated = deployment_owned(new_replica_set(1, &[("foo", "quux")]), "bar1", "456");
    let mut pending_deletion = deployment_owned(new_replica_set(1, &[("foo", "xyzzy")]), "foo3", "789");
    pending_deletion.metadata.deletion_timestamp = Some(at(0));
    let bare = new_replica_set(1, &[("foo", "bar")]);
    let pods = [
        new_pod("pod1", &some, "Running", None, true),
        new_pod("pod2", &some, "Running", None, true),
        new_pod("pod3", &related, "Running", None, true),
        new_pod("pod4", &unrelated, "Running", None, true),
        new_pod("pod", &pending_deletion, "Running", None, true),
    ];
    let mut s = store();
    for rs in [&some, &related, &unrelated, &pending_deletion] {
        put_rs(&mut s, rs);
    }
    for p in &pods {
        put_pod(&mut s, p);
    }
    let names = |w: &Workload| -> Vec<String> {
        let mut v: Vec<String> = get_indirectly_related_pods(&s, w).iter().map(|p| p.metadata.name.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(names(&Workload::replica_set(&pending_deletion)), vec!["pod"]);
    assert_eq!(names(&Workload::replica_set(&some)), vec!["pod1", "pod2", "pod3"]);
    assert_eq!(names(&Workload::replica_set(&unrelated)), vec!["pod4"]);
    // A ReplicaSet without a controller has no related pods, so co-location never decides.
    assert!(names(&Workload::replica_set(&bare)).is_empty());
}

#[test]
fn a_deployments_replica_set_deletes_doubled_up_pods_first_and_a_bare_one_does_not() {
    let mut s = store();
    let rs = deployment_owned(new_replica_set(2, &[("app", "web")]), "web-1", "dep-uid");
    put_rs(&mut s, &rs);
    for (name, node, uid, created) in
        [("web-a", "n1", "uid-c", 500_000), ("web-b", "n1", "uid-b", 501_000), ("web-c", "n2", "uid-a", 502_000)]
    {
        let mut p = new_pod(name, &rs, "Running", Some(at(0)), true);
        p.spec.node_name = node.into();
        p.metadata.uid = uid.into();
        p.metadata.creation_timestamp = Some(at(created));
        put_pod(&mut s, &p);
    }
    let r = sync_rs(&s, "web-1");
    let d = deleted(&r);
    // web-a and web-b share n1 and go before web-c; created within the same power of two of
    // each other, the lower uid (web-b) goes. The why compares it with the first pod kept, web-a.
    assert_eq!(d[0].0, "web-b");
    assert!(
        d[0].1.ends_with(
            "it was created 8m19s ago and web-a 8m20s ago, the same on a log2 scale, and its uid sorts first"
        ),
        "{}",
        d[0].1
    );
    let a = RankKey::new(s.pod("default", "web-a").unwrap(), 2);
    let c = RankKey::new(s.pod("default", "web-c").unwrap(), 1);
    let ranking = Ranking::WithRanks { now: at(NOW) };
    assert_eq!(ranking::explain(&a, &c, ranking), "2 related pods share its node n1, 1 share web-c's node n2");

    // Without a controller every rank is 0: the tie falls to the uid (web-c has the lowest).
    let mut bare = rs.clone();
    bare.metadata.owner_references.clear();
    put_rs(&mut s, &bare);
    let r = sync_rs(&s, "web-1");
    assert_eq!(deleted(&r)[0].0, "web-c");
}

// Upstream: TestPodControllerLookup.
#[test]
fn orphans_find_the_replica_sets_whose_selector_matches_in_their_namespace() {
    let mut s = store();
    let mut basic = ReplicaSet::default();
    basic.metadata.name = "basic".into();
    basic.metadata.namespace = "default".into();
    let mut other_ns = new_replica_set(1, &[("foo", "bar")]);
    other_ns.metadata.name = "foo".into();
    other_ns.metadata.namespace = "elsewhere".into();
    let mut bar = new_replica_set(1, &[("foo", "bar")]);
    bar.metadata.name = "bar".into();
    bar.metadata.namespace = "ns".into();
    for rs in [&basic, &other_ns, &bar] {
        put_rs(&mut s, rs);
    }
    let pod = |ns: &str, l: &[(&str, &str)]| {
        let mut p = Pod::default();
        p.metadata.namespace = ns.into();
        p.metadata.labels = labels(l).into();
        p
    };
    let names = |p: &Pod| -> Vec<String> {
        get_pod_controllers(&s, Kind::ReplicaSet, p).into_iter().map(|r| r.key.name).collect()
    };
    // Pods without labels match no ReplicaSet, and an empty selector matches no pod here.
    assert!(names(&pod("default", &[])).is_empty());
    // Matching labels, not namespace.
    assert!(names(&pod("ns2", &[("foo", "bar")])).is_empty());
    assert_eq!(names(&pod("ns", &[("foo", "bar")])), vec!["bar"]);
}

fn change(old: Option<&Pod>, new: Option<&Pod>) -> Change {
    let p = new.or(old).cloned().unwrap_or_default();
    Change {
        obj: ObjRef::new(Kind::Pod, p.metadata.namespace.clone(), p.metadata.name.clone()),
        old: old.map(|p| Object::Pod(crate::api::ObjBox::new(p.clone()))),
        new: new.map(|p| Object::Pod(crate::api::ObjBox::new(p.clone()))),
    }
}

fn woken(s: &Store, c: &Change) -> Vec<String> {
    watch(s, c).into_iter().map(|r| r.key.name).collect()
}

// Upstream: TestUpdatePods, TestWatchPods, TestDeletionTimestamp and TestOverlappingRSs.
#[test]
fn pod_changes_wake_the_controller_or_for_orphans_the_matching_replica_sets() {
    let mut s = store();
    let mut rs1 = new_replica_set(1, &[("foo", "bar")]);
    rs1.metadata.uid = "uid-1".into();
    let mut rs2 = new_replica_set(1, &[("bar", "foo")]);
    rs2.metadata.name = "barfoo".into();
    rs2.metadata.uid = "uid-2".into();
    put_rs(&mut s, &rs1);
    put_rs(&mut s, &rs2);
    let ref1 = Owner::new(Kind::ReplicaSet, &rs1.metadata).controller_ref();
    let ref2 = Owner::new(Kind::ReplicaSet, &rs2.metadata).controller_ref();
    let pod = |l: &[(&str, &str)], owner: Option<&OwnerReference>, rv: &str| {
        let mut p = new_pod("pod", &rs1, "Running", None, false);
        p.metadata.labels = labels(l).into();
        p.metadata.owner_references = owner.into_iter().cloned().collect();
        p.metadata.resource_version = rv.into();
        p
    };
    let (l1, l2) = (&[("foo", "bar")][..], &[("bar", "foo")][..]);
    // Case 1: a pod with a controller ref whose labels change wakes only its controller.
    assert_eq!(woken(&s, &change(Some(&pod(l1, Some(&ref1), "1")), Some(&pod(l2, Some(&ref1), "2")))), vec!["foobar"]);
    // Case 2: the controller ref is removed: the label-matching ReplicaSet wakes.
    assert_eq!(woken(&s, &change(Some(&pod(l2, Some(&ref2), "1")), Some(&pod(l2, None, "2")))), vec!["barfoo"]);
    // Case 3: removed from rs1 with rs2's labels: both the former owner and the matching one wake.
    assert_eq!(
        woken(&s, &change(Some(&pod(l2, Some(&ref1), "1")), Some(&pod(l2, None, "2")))),
        vec!["barfoo", "foobar"]
    );
    // Case 4: keep the controller ref, change labels: only the owner.
    assert_eq!(woken(&s, &change(Some(&pod(l1, Some(&ref2), "1")), Some(&pod(l2, Some(&ref2), "2")))), vec!["barfoo"]);
    // Adding or deleting an owned pod wakes its owner only (TestOverlappingRSs); an orphan's
    // deletion wakes nobody; an orphan's creation wakes the matching ReplicaSets.
    assert_eq!(woken(&s, &change(None, Some(&pod(l1, Some(&ref2), "1")))), vec!["barfoo"]);
    assert_eq!(woken(&s, &change(Some(&pod(l1, Some(&ref1), "1")), None)), vec!["foobar"]);
    assert!(woken(&s, &change(Some(&pod(l1, None, "1")), None)).is_empty());
    assert_eq!(woken(&s, &change(None, Some(&pod(l1, None, "1")))), vec!["foobar"]);
    // A pod getting a deletionTimestamp is a deletion for its controller (TestDeletionTimestamp).
    let mut deleting = pod(l1, Some(&ref1), "2");
    deleting.metadata.deletion_timestamp = Some(at(NOW));
    assert_eq!(woken(&s, &change(Some(&pod(l1, Some(&ref1), "1")), Some(&deleting))), vec!["foobar"]);
    // A status-only change of an orphan wakes nobody; a stale ref (other uid) resolves to nothing.
    assert!(woken(&s, &change(Some(&pod(l1, None, "1")), Some(&pod(l1, None, "2")))).is_empty());
    let mut stale = ref1.clone();
    stale.uid = "gone".into();
    assert!(woken(&s, &change(None, Some(&pod(l1, Some(&stale), "1")))).is_empty());
    // A ReplicaSet change wakes itself; other kinds wake nothing.
    let c = Change { obj: ObjRef::new(Kind::ReplicaSet, "default", "foobar"), old: None, new: None };
    assert_eq!(woken(&s, &c), vec!["foobar"]);
    assert!(watch_rc(&s, &change(None, Some(&pod(l1, Some(&ref1), "1")))).is_empty());
}

// Upstream: TestDoNotPatchPodWithOtherControlRef.
#[test]
fn a_matching_pod_of_another_controller_is_neither_patched_nor_counted() {
    let mut s = store();
    let rs = new_replica_set(2, &[("foo", "bar")]);
    put_rs(&mut s, &rs);
    let mut p = new_pod("pod", &rs, "Running", None, true);
    p.metadata.owner_references[0].uid = "another".into();
    p.metadata.owner_references[0].name = "AnotherRS".into();
    put_pod(&mut s, &p);
    assert_eq!(tally(&sync_rs(&s, "foobar")), (2, 0, 0, 1));
}

// Upstream: TestDoNotAdoptOrCreateIfBeingDeleted.
#[test]
fn a_replica_set_being_deleted_neither_adopts_nor_creates_but_still_reports() {
    let mut s = store();
    let mut rs = new_replica_set(2, &[("foo", "bar")]);
    rs.metadata.deletion_timestamp = Some(at(0));
    put_rs(&mut s, &rs);
    put_pod(&mut s, &new_pod("pod1", &rs, "Running", None, false));
    let r = sync_rs(&s, "foobar");
    assert_eq!(tally(&r), (0, 0, 0, 1));
    assert_eq!(written_status(&r).unwrap().replicas, 0);
}

#[test]
fn orphans_are_adopted_and_count_strays_are_released_and_replaced() {
    let mut s = store();
    let rs = new_replica_set(2, &[("app", "web")]);
    put_rs(&mut s, &rs);
    put_pod(&mut s, &new_pod("orphan", &rs, "Running", Some(at(0)), false));
    let mut stray = new_pod("stray", &rs, "Running", Some(at(0)), true);
    stray.metadata.labels = labels(&[("app", "debug")]).into();
    put_pod(&mut s, &stray);
    let r = sync_rs(&s, "foobar");
    // orphan adopted, stray released, one pod created: 1 (adopted) of 2.
    assert_eq!(tally(&r), (1, 0, 2, 1));
    let whys: Vec<&str> = r
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::Update { why, .. } | Action::Create { why, .. } => Some(why.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        whys,
        vec![
            "adopted by replicaset/foobar: it had no controller and its labels match the selector app=web",
            "released by replicaset/foobar: its labels no longer match the selector app=web; it keeps running without a controller",
            "replicaset/foobar has 1 of 2 replicas (1 just adopted); creating 1 (this is 1 of 1)",
            "status: replicas 0→1, readyReplicas 0→1, availableReplicas 0→1, observedGeneration 0→1",
        ]
    );
}

#[test]
fn a_terminating_pod_no_longer_counts_so_its_replacement_comes_at_once() {
    let mut s = store();
    let rs = new_replica_set(2, &[("app", "web")]);
    put_rs(&mut s, &rs);
    put_pod(&mut s, &new_pod("a", &rs, "Running", Some(at(0)), true));
    let mut b = new_pod("b", &rs, "Running", Some(at(0)), true);
    b.metadata.deletion_timestamp = Some(at(NOW + 30_000));
    put_pod(&mut s, &b);
    let r = sync_rs(&s, "foobar");
    assert_eq!(tally(&r).0, 1);
    let why = r.actions.iter().find_map(|a| match a {
        Action::Create { why, .. } => Some(why.as_str()),
        _ => None,
    });
    assert_eq!(
        why,
        Some("replicaset/foobar has 1 of 2 replicas (1 terminating pod no longer counts); creating 1 (this is 1 of 1)")
    );
    // Failed and Succeeded pods are neither counted nor touched.
    let mut failed = new_pod("failed", &rs, "Failed", None, true);
    failed.status.conditions.clear();
    put_pod(&mut s, &failed);
    let r = sync_rs(&s, "foobar");
    assert_eq!(tally(&r).0, 1);
    assert!(deleted(&r).is_empty());
}

#[test]
fn a_template_edit_leaves_running_pods_alone() {
    let mut s = store();
    let mut rs = new_replica_set(2, &[("app", "web")]);
    rs.status = ReplicaSetStatus {
        replicas: 2,
        ready_replicas: 2,
        available_replicas: 2,
        observed_generation: 1,
        ..Default::default()
    };
    put_rs(&mut s, &rs);
    for name in ["a", "b"] {
        let mut p = new_pod(name, &rs, "Running", Some(at(0)), true);
        p.spec = rs.spec.template.spec.clone().into();
        put_pod(&mut s, &p);
    }
    rs.spec.template.spec.containers[0].image = "foo/bar:v2".into();
    rs.metadata.generation = 2;
    put_rs(&mut s, &rs);
    let r = sync_rs(&s, "foobar");
    assert_eq!(tally(&r), (0, 0, 0, 1));
    assert_eq!(written_status(&r).unwrap().observed_generation, 2);
}

// Upstream: TestCalculateStatus.
#[test]
fn status_counts_follow_upstreams_table() {
    let not_fully = new_replica_set(1, &[("name", "foo")]);
    let fully = new_replica_set(2, &[("name", "foo"), ("type", "production")]);
    let mut long_min_ready = new_replica_set(1, &[("name", "foo"), ("type", "production")]);
    long_min_ready.spec.min_ready_seconds = 3600;
    let p = |name: &str, rs: &ReplicaSet, phase: &str| new_pod(name, rs, phase, None, true);
    // (name, rs, pods, (replicas, fullyLabeled, ready, available))
    let cases: Vec<(&str, &ReplicaSet, Vec<Pod>, (i32, i32, i32, i32))> = vec![
        ("1 fully labelled pod", &fully, vec![p("pod1", &fully, "Running")], (1, 1, 1, 1)),
        ("1 not fully labelled pod", &not_fully, vec![p("pod1", &not_fully, "Running")], (1, 0, 1, 1)),
        (
            "2 fully labelled pods",
            &fully,
            vec![p("pod1", &fully, "Running"), p("pod2", &fully, "Running")],
            (2, 2, 2, 2),
        ),
        (
            "2 not fully labelled pods",
            &not_fully,
            vec![p("pod1", &not_fully, "Running"), p("pod2", &not_fully, "Running")],
            (2, 0, 2, 2),
        ),
        (
            "1 fully labelled pod, 1 not fully labelled pod",
            &not_fully,
            vec![p("pod1", &not_fully, "Running"), p("pod2", &fully, "Running")],
            (2, 1, 2, 2),
        ),
        ("1 non-ready pod", &fully, vec![p("pod1", &fully, "Pending")], (1, 1, 0, 0)),
        ("1 ready but non-available pod", &long_min_ready, vec![p("pod1", &long_min_ready, "Running")], (1, 1, 1, 0)),
    ];
    for (name, rs, pods, want) in cases {
        let refs: Vec<&Pod> = pods.iter().collect();
        let st = calculate_status(&Workload::replica_set(rs), &refs, None, NOW);
        assert_eq!((st.replicas, st.fully_labeled_replicas, st.ready_replicas, st.available_replicas), want, "{name}");
    }
}

// Upstream: TestCalculateStatusConditions.
#[test]
fn the_replica_failure_condition_follows_upstreams_table() {
    let rs = new_replica_set(2, &[("name", "foo")]);
    let mut failing = new_replica_set(10, &[("name", "foo")]);
    failing.status.conditions =
        vec![WorkloadCondition { type_: REPLICA_FAILURE.into(), status: "True".into(), ..Default::default() }];
    let pods = |rs: &ReplicaSet, n: usize| -> Vec<Pod> {
        (0..n).map(|i| new_pod(&format!("pod{i}"), rs, "Running", None, true)).collect()
    };
    let expect = |reason: &str| Some((reason.to_string(), "fake manageReplicasErr".to_string()));
    // (name, rs, pods, error, expected (reason, message) of the only condition)
    let cases: Vec<(&str, &ReplicaSet, Vec<Pod>, Option<&str>, Option<(String, String)>)> = vec![
        (
            "manageReplicasErr != nil && failureCond == nil, diff < 0",
            &rs,
            pods(&rs, 1),
            Some("fake manageReplicasErr"),
            expect("FailedCreate"),
        ),
        (
            "manageReplicasErr != nil && failureCond == nil, diff > 0",
            &rs,
            pods(&rs, 3),
            Some("fake manageReplicasErr"),
            expect("FailedDelete"),
        ),
        ("manageReplicasErr == nil && failureCond != nil", &failing, pods(&failing, 1), None, None),
        (
            "manageReplicasErr != nil && failureCond != nil",
            &failing,
            pods(&failing, 1),
            Some("fake manageReplicasErr"),
            Some((String::new(), String::new())),
        ),
        ("manageReplicasErr == nil && failureCond == nil", &rs, pods(&rs, 1), None, None),
    ];
    for (name, rs, pods, err, want) in cases {
        let refs: Vec<&Pod> = pods.iter().collect();
        let st = calculate_status(&Workload::replica_set(rs), &refs, err, NOW);
        let got = st.conditions.first().map(|c| (c.reason.clone(), c.message.clone()));
        assert_eq!(got, want, "{name}");
        assert!(st.conditions.len() <= 1, "{name}");
    }
}

// Upstream: TestGetCondition, TestSetCondition and TestRemoveCondition.
#[test]
fn conditions_are_got_set_and_removed_by_type() {
    let cond = |type_: &str, reason: &str| new_condition(type_, "True", reason, "", at(0));
    let status = |conds: Vec<WorkloadCondition>| ReplicaSetStatus { conditions: conds, ..Default::default() };
    // Get.
    let st = status(vec![cond(REPLICA_FAILURE, "OtherFailure")]);
    assert!(get_condition(&st, REPLICA_FAILURE).is_some());
    assert!(get_condition(&st, "ImagePullBackOff").is_none());
    // Set: (start, set, expected reasons in order)
    let cases = [
        (vec![], cond(REPLICA_FAILURE, "OtherFailure"), vec!["OtherFailure"]),
        (
            vec![cond("ImagePullBackOff", "NonExistentImage")],
            cond(REPLICA_FAILURE, "OtherFailure"),
            vec!["NonExistentImage", "OtherFailure"],
        ),
        (vec![cond(REPLICA_FAILURE, "OtherFailure")], cond(REPLICA_FAILURE, "AnotherFailure"), vec!["AnotherFailure"]),
    ];
    for (start, c, want) in cases {
        let mut st = status(start);
        set_condition(&mut st, c);
        let got: Vec<&str> = st.conditions.iter().map(|c| c.reason.as_str()).collect();
        assert_eq!(got, want);
    }
    // Setting the same status and reason keeps the old transition time.
    let mut st = status(vec![cond(REPLICA_FAILURE, "OtherFailure")]);
    set_condition(&mut st, new_condition(REPLICA_FAILURE, "True", "OtherFailure", "", at(99_000)));
    assert_eq!(st.conditions[0].last_transition_time, Some(at(0)));
    // Remove.
    let mut st = status(vec![cond(REPLICA_FAILURE, "OtherFailure")]);
    remove_condition(&mut st, "ImagePullBackOff");
    assert_eq!(st.conditions.len(), 1);
    remove_condition(&mut st, REPLICA_FAILURE);
    assert!(st.conditions.is_empty());
}

#[test]
fn available_replicas_lag_by_min_ready_seconds_and_the_sync_comes_back_for_them() {
    let mut s = store();
    let mut rs = new_replica_set(2, &[("app", "web")]);
    rs.spec.min_ready_seconds = 10;
    put_rs(&mut s, &rs);
    // Ready at 995s and 998s; now is 1000s.
    put_pod(&mut s, &new_pod("a", &rs, "Running", Some(at(995_000)), true));
    put_pod(&mut s, &new_pod("b", &rs, "Running", Some(at(998_000)), true));
    let r = sync_rs(&s, "foobar");
    let st = written_status(&r).unwrap();
    assert_eq!((st.ready_replicas, st.available_replicas), (2, 0));
    // a turns available after 1005s: the pod-turned-ready requeue (+1s) comes at 1006s.
    assert_eq!(r.requeue_after, Some(6_000));
    let later = reconcile(&Ctx { store: &s, now: NOW + 6_000 }, &ObjRef::new(Kind::ReplicaSet, "default", "foobar"));
    let mut after = rs.clone();
    after.status = st;
    put_rs(&mut s, &after);
    let later2 = reconcile(&Ctx { store: &s, now: NOW + 6_000 }, &ObjRef::new(Kind::ReplicaSet, "default", "foobar"));
    assert_eq!(written_status(&later).map(|s| s.available_replicas), Some(1));
    assert_eq!(later2.requeue_after, Some(3_000));
}

#[test]
fn a_replication_controller_runs_the_same_sync_through_its_own_shape() {
    let mut s = store();
    let mut rc = ReplicationController::default();
    rc.metadata.name = "nginx".into();
    rc.metadata.namespace = "default".into();
    rc.metadata.uid = "rc-uid".into();
    rc.metadata.generation = 1;
    rc.spec.replicas = Some(2);
    rc.spec.selector = labels(&[("app", "nginx")]);
    let mut template = crate::api::pod::PodTemplateSpec::default();
    template.metadata.labels = labels(&[("app", "nginx")]).into();
    rc.spec.template = Some(template);
    s.put(Object::ReplicationController(crate::api::ObjBox::new(rc.clone())));
    // An orphan with the labels is adopted by the RC, not by a ReplicaSet.
    let mut orphan = Pod::default();
    orphan.metadata.name = "bare".into();
    orphan.metadata.namespace = "default".into();
    orphan.metadata.labels = labels(&[("app", "nginx")]).into();
    put_pod(&mut s, &orphan);
    let target = ObjRef::new(Kind::ReplicationController, "default", "nginx");
    let r = reconcile_rc(&Ctx { store: &s, now: NOW }, &target);
    assert_eq!(tally(&r), (1, 0, 1, 1));
    for a in &r.actions {
        match a {
            Action::Create { obj: Object::Pod(p), event: Some(e), .. } => {
                let owner = &p.metadata.owner_references[0];
                assert_eq!((owner.api_version.as_str(), owner.kind.as_str()), ("v1", "ReplicationController"));
                assert_eq!(p.metadata.generate_name, "nginx-");
                assert_eq!(e.about, target);
            }
            Action::Update { obj: Object::ReplicationController(rc), why } => {
                assert_eq!(rc.status.replicas, 1);
                assert_eq!(why, "status: replicas 0→1, fullyLabeledReplicas 0→1, observedGeneration 0→1");
            }
            _ => {}
        }
    }
    assert_eq!(watch_rc(&s, &change(None, Some(&orphan))), vec![target.clone()]);
    assert!(watch(&s, &change(None, Some(&orphan))).is_empty());
}
