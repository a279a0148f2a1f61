//! Table tests of the Deployment controller, ported from upstream's pkg/controller/deployment
//! (rolling_test.go, sync_test.go, recreate_test.go, progress_test.go,
//! deployment_controller_test.go and util/deployment_util_test.go); each names the upstream
//! test it follows. Upstream's fake client records API calls; here the sync's actions are read.

// Table rows are tuples.
#![allow(clippy::type_complexity)]

use std::collections::BTreeMap;

use super::progress::requeue_stuck_after;
use super::recreate::old_pods_running;
use super::*;
use crate::api::apps::{DeploymentStatus, DeploymentStrategy, RollingUpdate, WorkloadCondition};
use crate::api::intstr::IntOrString;
use crate::api::meta::{LabelSelector, Time, EPOCH_UNIX_MS};
use crate::api::node::Namespace;
use crate::controller::Action;
use crate::sim::SimTime;

/// Virtual time of the syncs: 1000s.
const NOW: SimTime = 1_000_000;

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn int(i: i32) -> IntOrString {
    IntOrString::Int(i)
}

fn pct(s: &str) -> IntOrString {
    IntOrString::Str(s.into())
}

/// A timestamp `h` hours into the simulation.
fn hours(h: i64) -> Time {
    Time(EPOCH_UNIX_MS + h * 3_600_000)
}

fn store() -> Store {
    let mut s = Store::new();
    let mut ns = Namespace::default();
    ns.metadata.name = "default".into();
    s.put(Object::Namespace(crate::api::ObjBox::new(ns)));
    s
}

/// Upstream's `newDeployment`: RollingUpdate with maxSurge and maxUnavailable 0 unless given,
/// template labels = selector, one container `foo/bar`.
fn new_deployment(
    name: &str,
    replicas: i32,
    history_limit: Option<i32>,
    surge: Option<IntOrString>,
    unavailable: Option<IntOrString>,
    selector: &[(&str, &str)],
) -> Deployment {
    let mut d = Deployment::default();
    d.metadata.name = name.into();
    d.metadata.namespace = "default".into();
    d.metadata.uid = format!("uid-{name}");
    d.spec.replicas = Some(replicas);
    d.spec.revision_history_limit = history_limit;
    d.spec.strategy = DeploymentStrategy {
        type_: "RollingUpdate".into(),
        rolling_update: Some(RollingUpdate {
            max_surge: Some(surge.unwrap_or(int(0))),
            max_unavailable: Some(unavailable.unwrap_or(int(0))),
        }),
    };
    d.spec.selector = LabelSelector { match_labels: labels(selector), ..LabelSelector::default() };
    d.spec.template.metadata.labels = labels(selector).into();
    // Upstream's container has no name; the apiserver would refuse the ReplicaSet without one.
    d.spec.template.spec.containers.push(crate::api::pod::Container {
        name: "foo".into(),
        image: "foo/bar".into(),
        ..Default::default()
    });
    d
}

/// Upstream's `rs`: a ReplicaSet with a size, a selector and a creation time, no template.
fn rs(name: &str, replicas: i32, selector: &[(&str, &str)], created: Option<Time>) -> ReplicaSet {
    let mut r = ReplicaSet::default();
    r.metadata.name = name.into();
    r.metadata.namespace = "default".into();
    r.metadata.uid = format!("uid-{name}");
    r.metadata.creation_timestamp = created;
    r.spec.replicas = Some(replicas);
    r.spec.selector = LabelSelector { match_labels: labels(selector), ..LabelSelector::default() };
    r
}

/// Upstream's `newRSWithStatus`.
fn rs_with_status(name: &str, spec: i32, status: i32, selector: &[(&str, &str)]) -> ReplicaSet {
    let mut r = rs(name, spec, selector, None);
    r.status.replicas = status;
    r
}

/// Upstream's `newReplicaSet`: owned by `d`, with its template.
fn owned_rs(d: &Deployment, name: &str, replicas: i32) -> ReplicaSet {
    let mut r = rs(name, replicas, &[], Some(hours(0)));
    r.spec.selector = d.spec.selector.clone();
    r.metadata.labels = d.spec.selector.match_labels.clone().into();
    r.spec.template = d.spec.template.clone();
    r.metadata.owner_references.push(OwnerReference {
        api_version: "apps/v1".into(),
        kind: "Deployment".into(),
        name: d.metadata.name.clone(),
        uid: d.metadata.uid.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    });
    r
}

/// Runs `f` on a sync of `d` that owns `rss`, over `store`; returns its result, the
/// ReplicaSets as the sync left them, and the actions.
fn with_sync_in<R>(
    store: &Store,
    now: SimTime,
    d: &Deployment,
    rss: Vec<ReplicaSet>,
    f: impl FnOnce(&mut Sync<'_>) -> R,
) -> (R, Vec<ReplicaSet>, Reconcile) {
    let ctx = Ctx { store, now };
    let mut s = Sync::new(&ctx, d);
    s.rss = rss;
    let r = f(&mut s);
    (r, s.rss, s.out)
}

fn with_sync<R>(
    d: &Deployment,
    rss: Vec<ReplicaSet>,
    f: impl FnOnce(&mut Sync<'_>) -> R,
) -> (R, Vec<ReplicaSet>, Reconcile) {
    with_sync_in(&store(), NOW, d, rss, f)
}

/// The ReplicaSet updates in `out`: (name, replicas).
fn rs_updates(out: &Reconcile) -> Vec<(String, i32)> {
    out.actions
        .iter()
        .filter_map(|a| match a {
            Action::Update { obj: Object::ReplicaSet(rs), .. } => Some((rs.metadata.name.clone(), rs_replicas(rs))),
            _ => None,
        })
        .collect()
}

fn deletions(out: &Reconcile) -> Vec<String> {
    out.actions
        .iter()
        .filter_map(|a| match a {
            Action::Delete { target, .. } => Some(target.key.name.clone()),
            _ => None,
        })
        .collect()
}

fn events(out: &Reconcile) -> Vec<String> {
    out.actions
        .iter()
        .filter_map(|a| match a {
            Action::Event { type_, reason, message, .. } => Some(format!("{} {reason} {message}", type_.as_str())),
            Action::Create { event: Some(e), .. } => Some(format!("{} {} {}", e.type_.as_str(), e.reason, e.message)),
            _ => None,
        })
        .collect()
}

// Upstream: util TestResolveFenceposts (plus the 25%/25% table of the docs).
#[test]
fn fenceposts_round_surge_up_and_unavailable_down_and_never_both_zero() {
    let cases: [(Option<IntOrString>, Option<IntOrString>, i32, Result<(i32, i32), ()>); 16] = [
        (Some(pct("0%")), Some(pct("0%")), 0, Ok((0, 1))),
        (Some(pct("39%")), Some(pct("39%")), 10, Ok((4, 3))),
        (Some(pct("oops")), Some(pct("39%")), 10, Err(())),
        (Some(pct("55%")), Some(pct("urg")), 10, Err(())),
        (None, Some(pct("39%")), 10, Ok((0, 3))),
        (Some(pct("39%")), None, 10, Ok((4, 0))),
        (None, None, 10, Ok((0, 1))),
        // The docs' table for the defaults 25%/25%.
        (Some(pct("25%")), Some(pct("25%")), 1, Ok((1, 0))),
        (Some(pct("25%")), Some(pct("25%")), 2, Ok((1, 0))),
        (Some(pct("25%")), Some(pct("25%")), 3, Ok((1, 0))),
        (Some(pct("25%")), Some(pct("25%")), 4, Ok((1, 1))),
        (Some(pct("25%")), Some(pct("25%")), 5, Ok((2, 1))),
        (Some(pct("25%")), Some(pct("25%")), 10, Ok((3, 2))),
        // maxSurge 0 and maxUnavailable 10% of 3 are valid, and both round to 0.
        (Some(int(0)), Some(pct("10%")), 3, Ok((0, 1))),
        (Some(int(1)), Some(int(0)), 5, Ok((1, 0))),
        (Some(pct("100%")), Some(int(0)), 5, Ok((5, 0))),
    ];
    for (surge, unavailable, desired, want) in cases {
        let got = resolve_fenceposts(surge.as_ref(), unavailable.as_ref(), desired).map_err(|_| ());
        assert_eq!(got, want, "{surge:?} {unavailable:?} of {desired}");
    }
}

// Upstream: util TestMaxUnavailable.
#[test]
fn max_unavailable_is_capped_at_replicas_and_zero_for_recreate_or_no_replicas() {
    let cases = [
        (10, int(5), 5),
        (10, int(10), 10),
        (5, int(10), 5),
        (0, int(10), 0),
        (10, pct("50%"), 5),
        (10, pct("100%"), 10),
        (5, pct("100%"), 5),
    ];
    for (replicas, unavailable, want) in cases {
        let d = new_deployment("foo", replicas, None, Some(int(1)), Some(unavailable.clone()), &[]);
        assert_eq!(max_unavailable(&d), want, "{replicas} {unavailable:?}");
    }
    let mut recreate = new_deployment("foo", 3, None, None, None, &[]);
    recreate.spec.strategy = DeploymentStrategy { type_: "Recreate".into(), rolling_update: None };
    assert_eq!((max_unavailable(&recreate), max_surge(&recreate)), (0, 0));
}

// Upstream: util TestNewRSNewReplicas.
#[test]
fn the_new_replica_set_grows_within_max_surge_and_recreate_takes_all_at_once() {
    // (strategy, deployment replicas, new RS replicas, maxSurge, want); the other ReplicaSet has 5.
    let cases = [
        ("RollingUpdate", 1, 5, 1, 5),
        ("RollingUpdate", 6, 2, 10, 6),
        ("Recreate", 3, 1, 1, 3),
        // Not upstream: maxTotal 8 = 6 + 2 and the other 5 exist (the new one is not in the list,
        // as upstream's test has it): +3, up to 5.
        ("RollingUpdate", 6, 2, 2, 5),
    ];
    for (strategy, replicas, new_replicas, surge, want) in cases {
        let mut d = new_deployment("nginx", replicas, None, Some(int(surge)), Some(int(1)), &[("name", "nginx")]);
        d.spec.strategy.type_ = strategy.into();
        let rs5 = rs("rs5", 5, &[], None);
        let new = rs("new", new_replicas, &[], None);
        let ((got, _why), _, _) = with_sync(&d, vec![rs5, new], |s| s.new_rs_new_replicas(&[0], 1));
        assert_eq!(got, want, "{strategy} {replicas} {new_replicas} {surge}");
    }
}

// Upstream: TestDeploymentController_reconcileNewReplicaSet.
#[test]
fn reconcile_new_replica_set_scales_up_within_max_surge_and_down_to_replicas() {
    // (replicas, maxSurge, old, new, want new replicas when it scales)
    let cases = [
        (10, 0, 10, 0, None),
        (10, 2, 10, 0, Some(2)),
        (10, 2, 5, 0, Some(7)),
        (10, 2, 10, 2, None),
        (10, 2, 2, 11, Some(10)),
    ];
    for (replicas, surge, old, new, want) in cases {
        let d = new_deployment("foo", replicas, None, Some(int(surge)), Some(int(0)), &[("foo", "bar")]);
        let rss = vec![rs("foo-v2", new, &[], None), rs("foo-v2", old, &[], None)];
        let (scaled, _, out) = with_sync(&d, rss, |s| s.reconcile_new_rs(&[0, 1], 0));
        let updates = rs_updates(&out);
        match want {
            None => assert!(!scaled && updates.is_empty(), "{replicas} {surge} {old} {new}: {updates:?}"),
            Some(n) => {
                assert!(scaled, "{replicas} {surge} {old} {new}");
                assert_eq!(updates, vec![("foo-v2".to_string(), n)], "{replicas} {surge} {old} {new}");
            }
        }
    }
}

// Upstream: TestDeploymentController_reconcileOldReplicaSets (which lists the expected old sizes
// without checking them; they are checked here).
#[test]
fn reconcile_old_replica_sets_removes_unhealthy_then_available_old_replicas() {
    // (replicas, maxUnavailable, old, new, available old, available new, want old replicas)
    let cases = [
        (10, 0, 10, 0, 10, 0, Some(9)),
        (10, 2, 10, 0, 10, 0, Some(8)),
        (10, 2, 10, 0, 8, 0, Some(8)),
        (10, 2, 10, 0, 9, 0, Some(8)),
        (10, 2, 8, 2, 8, 0, None),
    ];
    for (replicas, unavailable, old, new, old_available, new_available, want) in cases {
        let mut new_rs = rs("foo-new", new, &[("foo", "new")], None);
        new_rs.status.available_replicas = new_available;
        let mut old_rs = rs("foo-old", old, &[("foo", "old")], None);
        old_rs.status.available_replicas = old_available;
        let d = new_deployment("foo", replicas, None, Some(int(0)), Some(int(unavailable)), &[("foo", "new")]);
        let (scaled, rss, _) = with_sync(&d, vec![old_rs, new_rs], |s| s.reconcile_old_rss(&[0, 1], &[0], 1));
        let case = format!("{replicas} {unavailable} {old} {new} {old_available} {new_available}");
        assert_eq!(scaled, want.is_some(), "{case}");
        assert_eq!(rs_replicas(&rss[0]), want.unwrap_or(old), "{case}");
    }
}

// Upstream: TestDeploymentController_cleanupUnhealthyReplicas.
#[test]
fn cleanup_of_unhealthy_replicas_removes_at_most_the_budget() {
    // (old replicas, available, budget, cleaned)
    let cases = [(10, 8, 1, 1), (10, 8, 3, 2), (10, 8, 0, 0), (10, 10, 3, 0)];
    for (old, available, budget, want) in cases {
        let mut old_rs = rs("foo-v2", old, &[], None);
        old_rs.status.available_replicas = available;
        let d = new_deployment("foo", 10, None, Some(int(2)), Some(int(2)), &[]);
        let (cleaned, rss, _) = with_sync(&d, vec![old_rs], |s| s.cleanup_unhealthy(&[0], budget, ""));
        assert_eq!(cleaned, Some(want), "{old} {available} {budget}");
        assert_eq!(rs_replicas(&rss[0]), old - want);
    }
}

#[test]
fn an_old_replica_set_reporting_more_available_than_it_wants_stops_the_cleanup_as_upstream_errors() {
    // Its status still counts pods it was just told to drop.
    let mut old_rs = rs("foo-v1", 2, &[], None);
    old_rs.status.available_replicas = 3;
    let d = new_deployment("foo", 3, None, Some(int(1)), Some(int(0)), &[]);
    let (cleaned, rss, out) = with_sync(&d, vec![old_rs], |s| s.cleanup_unhealthy(&[0], 2, ""));
    assert_eq!(cleaned, None);
    assert_eq!(rs_replicas(&rss[0]), 2);
    assert!(rs_updates(&out).is_empty());
}

// Upstream: TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate.
#[test]
fn old_replica_sets_scale_down_by_the_available_replicas_beyond_min_available() {
    // (replicas, maxUnavailable, available, old replicas, want)
    let cases = [
        (10, 0, 10, 10, Some(9)),
        (10, 2, 10, 10, Some(8)),
        (10, 2, 8, 10, None),
        (10, 2, 10, 0, None),
        (10, 2, 1, 10, None),
    ];
    for (replicas, unavailable, available, old, want) in cases {
        let mut old_rs = rs("foo-v2", old, &[], None);
        old_rs.status.available_replicas = available;
        let d = new_deployment("foo", replicas, None, Some(int(0)), Some(int(unavailable)), &[("foo", "bar")]);
        let (scaled, _, out) = with_sync(&d, vec![old_rs], |s| s.scale_down_old_for_rolling(&[0], &[0]));
        let case = format!("{replicas} {unavailable} {available} {old}");
        match want {
            None => assert_eq!((scaled, rs_updates(&out)), (0, vec![]), "{case}"),
            Some(n) => {
                assert!(scaled > 0, "{case}");
                assert_eq!(rs_updates(&out), vec![("foo-v2".to_string(), n)], "{case}");
            }
        }
    }
}

// Upstream: TestScale.
#[test]
fn scaling_events_go_to_the_only_active_replica_set_or_proportionally() {
    let (new_ts, old_ts, older_ts) = (Some(hours(2)), Some(hours(1)), Some(hours(0)));
    struct Case {
        name: &'static str,
        d: Deployment,
        old_d: Deployment,
        new: Option<(&'static str, i32)>,
        olds: Vec<(&'static str, i32, Option<Time>)>,
        want_new: Option<i32>,
        want_olds: Vec<i32>,
        desired_annotations: Vec<(&'static str, i32)>,
    }
    let dep = |n, surge: Option<i32>, unavailable: Option<i32>| {
        new_deployment("foo", n, None, surge.map(int), unavailable.map(int), &[])
    };
    let mut updated_template = new_deployment("foo", 14, None, None, None, &[("foo", "bar")]);
    updated_template.spec.template.metadata.labels.insert("another".into(), "label".into());
    let cases = vec![
        Case {
            name: "normal scaling event: 10 -> 12",
            d: dep(12, None, None),
            old_d: dep(10, None, None),
            new: Some(("foo-v1", 10)),
            olds: vec![],
            want_new: Some(12),
            want_olds: vec![],
            desired_annotations: vec![],
        },
        Case {
            name: "normal scaling event: 10 -> 5",
            d: dep(5, None, None),
            old_d: dep(10, None, None),
            new: Some(("foo-v1", 10)),
            olds: vec![],
            want_new: Some(5),
            want_olds: vec![],
            desired_annotations: vec![],
        },
        Case {
            name: "proportional scaling: 5 -> 10",
            d: dep(10, None, None),
            old_d: dep(5, None, None),
            new: Some(("foo-v2", 2)),
            olds: vec![("foo-v1", 3, old_ts)],
            want_new: Some(4),
            want_olds: vec![6],
            desired_annotations: vec![],
        },
        Case {
            name: "proportional scaling: 5 -> 3",
            d: dep(3, None, None),
            old_d: dep(5, None, None),
            new: Some(("foo-v2", 2)),
            olds: vec![("foo-v1", 3, old_ts)],
            want_new: Some(1),
            want_olds: vec![2],
            desired_annotations: vec![],
        },
        Case {
            name: "proportional scaling: 9 -> 4",
            d: dep(4, None, None),
            old_d: dep(9, None, None),
            new: Some(("foo-v2", 8)),
            olds: vec![("foo-v1", 1, old_ts)],
            want_new: Some(4),
            want_olds: vec![0],
            desired_annotations: vec![],
        },
        Case {
            name: "proportional scaling: 7 -> 10",
            d: dep(10, None, None),
            old_d: dep(7, None, None),
            new: Some(("foo-v3", 2)),
            olds: vec![("foo-v2", 3, old_ts), ("foo-v1", 2, older_ts)],
            want_new: Some(3),
            want_olds: vec![4, 3],
            desired_annotations: vec![],
        },
        Case {
            name: "proportional scaling: 13 -> 8",
            d: dep(8, None, None),
            old_d: dep(13, None, None),
            new: Some(("foo-v3", 2)),
            olds: vec![("foo-v2", 8, old_ts), ("foo-v1", 3, older_ts)],
            want_new: Some(1),
            want_olds: vec![5, 2],
            desired_annotations: vec![],
        },
        Case {
            name: "leftover distribution: 3 -> 4",
            d: dep(4, None, None),
            old_d: dep(3, None, None),
            new: Some(("foo-v3", 1)),
            olds: vec![("foo-v2", 1, old_ts), ("foo-v1", 1, older_ts)],
            want_new: Some(2),
            want_olds: vec![1, 1],
            desired_annotations: vec![],
        },
        Case {
            name: "leftover distribution: 3 -> 2",
            d: dep(2, None, None),
            old_d: dep(3, None, None),
            new: Some(("foo-v3", 1)),
            olds: vec![("foo-v2", 1, old_ts), ("foo-v1", 1, older_ts)],
            want_new: Some(1),
            want_olds: vec![1, 0],
            desired_annotations: vec![],
        },
        Case {
            name: "proportional scaling (no new rs): 4 -> 5",
            d: dep(5, None, None),
            old_d: dep(4, None, None),
            new: None,
            olds: vec![("foo-v2", 2, old_ts), ("foo-v1", 2, older_ts)],
            want_new: None,
            want_olds: vec![3, 2],
            desired_annotations: vec![],
        },
        Case {
            name: "proportional scaling: 6 -> 0",
            d: dep(0, None, None),
            old_d: dep(6, None, None),
            new: Some(("foo-v3", 3)),
            olds: vec![("foo-v2", 2, old_ts), ("foo-v1", 1, older_ts)],
            want_new: Some(0),
            want_olds: vec![0, 0],
            desired_annotations: vec![],
        },
        Case {
            name: "proportional scaling: 0 -> 6",
            d: dep(6, None, None),
            old_d: dep(6, None, None),
            new: Some(("foo-v3", 0)),
            olds: vec![("foo-v2", 0, old_ts), ("foo-v1", 0, older_ts)],
            want_new: Some(6),
            want_olds: vec![0, 0],
            desired_annotations: vec![],
        },
        // Upstream fails the updates of foo-v3 and foo-v1; their sizes do not change anyway.
        Case {
            name: "failed rs update",
            d: dep(5, None, None),
            old_d: dep(5, None, None),
            new: Some(("foo-v3", 2)),
            olds: vec![("foo-v2", 1, old_ts), ("foo-v1", 1, older_ts)],
            want_new: Some(2),
            want_olds: vec![2, 1],
            desired_annotations: vec![("foo-v2", 3)],
        },
        Case {
            name: "deployment with surge pods",
            d: dep(20, Some(2), None),
            old_d: dep(10, Some(2), None),
            new: Some(("foo-v2", 6)),
            olds: vec![("foo-v1", 6, old_ts)],
            want_new: Some(11),
            want_olds: vec![11],
            desired_annotations: vec![],
        },
        Case {
            name: "change both surge and size",
            d: dep(50, Some(6), None),
            old_d: dep(10, Some(3), None),
            new: Some(("foo-v2", 5)),
            olds: vec![("foo-v1", 8, old_ts)],
            want_new: Some(22),
            want_olds: vec![34],
            desired_annotations: vec![],
        },
        Case {
            name: "change both size and template",
            d: updated_template,
            old_d: new_deployment("foo", 10, None, None, None, &[("foo", "bar")]),
            new: None,
            olds: vec![("foo-v2", 7, new_ts), ("foo-v1", 3, old_ts)],
            want_new: None,
            want_olds: vec![10, 4],
            desired_annotations: vec![],
        },
        Case {
            name: "saturated but broken new replica set does not affect old pods",
            d: dep(2, Some(1), Some(1)),
            old_d: dep(2, Some(1), Some(1)),
            new: Some(("foo-v2", 2)),
            olds: vec![("foo-v1", 1, old_ts)],
            want_new: Some(2),
            want_olds: vec![1],
            desired_annotations: vec![],
        },
    ];
    for c in cases {
        let annotate = |r: &mut ReplicaSet| {
            let desired = c
                .desired_annotations
                .iter()
                .find(|(n, _)| *n == r.metadata.name)
                .map_or(replicas(&c.old_d), |(_, v)| *v);
            let mut old_d = c.old_d.clone();
            old_d.spec.replicas = Some(desired);
            set_replicas_annotations(r, desired, desired + max_surge(&old_d));
        };
        let mut rss = Vec::new();
        for (name, n, ts) in &c.olds {
            let mut r = rs(name, *n, &[], *ts);
            annotate(&mut r);
            rss.push(r);
        }
        let new = c.new.map(|(name, n)| {
            let mut r = rs(name, n, &[], new_ts);
            annotate(&mut r);
            rss.push(r);
            rss.len() - 1
        });
        let olds: Vec<usize> = (0..c.olds.len()).collect();
        let (_, rss, _) = with_sync(&c.d, rss, |s| s.scale(new, &olds));
        if let (Some(i), Some(want)) = (new, c.want_new) {
            assert_eq!(rs_replicas(&rss[i]), want, "{}: new", c.name);
        }
        let got: Vec<i32> = olds.iter().map(|&i| rs_replicas(&rss[i])).collect();
        assert_eq!(got, c.want_olds, "{}: old", c.name);
    }
}

// Upstream: util TestGetReplicaSetFraction is gone; the docs' example of proportional scaling.
#[test]
fn proportional_fractions_round_half_away_from_zero() {
    let mut d = new_deployment("foo", 15, None, Some(int(3)), Some(int(2)), &[]);
    d.status.replicas = 13;
    let mut old = rs("old", 8, &[], None);
    old.metadata.annotations.insert(MAX_REPLICAS_ANNOTATION.into(), "13".into());
    let mut new = old.clone();
    new.spec.replicas = Some(5);
    assert_eq!(replica_set_fraction(&old, &d), 3);
    assert_eq!(replica_set_fraction(&new, &d), 2);
    assert_eq!((round_to_i32(2.5), round_to_i32(-2.5), round_to_i32(2.4)), (3, -3, 2));
    // Without the annotation the share is taken against status.replicas; none at all gives 0.
    old.metadata.annotations.clear();
    assert_eq!(replica_set_fraction(&old, &d), 3);
    d.status.replicas = 0;
    assert_eq!(replica_set_fraction(&old, &d), 0);
}

// Upstream: TestDeploymentController_cleanupDeployment.
#[test]
fn history_cleanup_deletes_idle_replica_sets_beyond_the_revision_history_limit() {
    let sel = [("foo", "bar")];
    let mut already_deleted = rs_with_status("foo-1", 0, 0, &sel);
    already_deleted.metadata.deletion_timestamp = Some(hours(0));
    let cases: Vec<(Vec<ReplicaSet>, i32, usize)> = vec![
        (
            vec![
                rs_with_status("foo-1", 0, 0, &sel),
                rs_with_status("foo-2", 0, 0, &sel),
                rs_with_status("foo-3", 0, 0, &sel),
            ],
            1,
            2,
        ),
        (
            vec![
                rs_with_status("foo-1", 0, 0, &sel),
                rs_with_status("foo-2", 0, 1, &sel),
                rs_with_status("foo-3", 1, 0, &sel),
                rs_with_status("foo-4", 1, 1, &sel),
            ],
            0,
            1,
        ),
        (vec![rs_with_status("foo-1", 0, 0, &sel), rs_with_status("foo-2", 0, 0, &sel)], 0, 2),
        (vec![rs_with_status("foo-1", 1, 1, &sel), rs_with_status("foo-2", 1, 1, &sel)], 0, 0),
        (vec![already_deleted], 0, 0),
        (
            vec![
                rs_with_status("foo-1", 0, 0, &sel),
                rs_with_status("foo-2", 0, 0, &sel),
                rs_with_status("foo-3", 0, 0, &sel),
            ],
            i32::MAX,
            0,
        ),
    ];
    for (olds, limit, want) in cases {
        let d = new_deployment("foo", 1, Some(limit), None, None, &sel);
        let idx: Vec<usize> = (0..olds.len()).collect();
        let (_, _, out) = with_sync(&d, olds, |s| s.cleanup(&idx));
        assert_eq!(deletions(&out).len(), want, "limit {limit}: {:?}", deletions(&out));
    }
    // A ReplicaSet whose latest spec its controller has not yet seen is kept.
    let mut unobserved = rs_with_status("foo-1", 0, 0, &sel);
    unobserved.metadata.generation = 2;
    unobserved.status.observed_generation = 1;
    let d = new_deployment("foo", 1, Some(0), None, None, &sel);
    let (_, _, out) = with_sync(&d, vec![unobserved], |s| s.cleanup(&[0]));
    assert!(deletions(&out).is_empty());
}

// Upstream: TestDeploymentController_cleanupDeploymentOrder.
#[test]
fn history_cleanup_deletes_the_lowest_revisions_first() {
    let sel = [("foo", "bar")];
    let with_revision = |name: &str, replicas: i32, created: i64, revision: &str| {
        let mut r = rs(name, replicas, &sel, Some(hours(created)));
        if !revision.is_empty() {
            r.metadata.annotations.insert(REVISION_ANNOTATION.into(), revision.into());
        }
        r.status.replicas = replicas;
        r
    };
    let cases: Vec<(Vec<ReplicaSet>, i32, Vec<&str>)> = vec![
        (vec![with_revision("foo-1", 0, 0, "1"), with_revision("foo-2", 0, 1, "2")], 1, vec!["foo-1"]),
        (vec![with_revision("foo-1", 0, 0, "2"), with_revision("foo-2", 0, 1, "1")], 1, vec!["foo-2"]),
        (vec![with_revision("foo-1", 0, 0, "1"), with_revision("foo-2", 0, 1, "")], 1, vec!["foo-2"]),
        (vec![with_revision("foo-1", 0, 0, ""), with_revision("foo-2", 0, 1, "2")], 1, vec!["foo-1"]),
        (
            vec![
                with_revision("foo-1", 1, 0, "1"),
                with_revision("foo-2", 0, 1, "2"),
                with_revision("foo-3", 0, 2, "3"),
            ],
            1,
            vec!["foo-2"],
        ),
        (
            vec![
                with_revision("foo-1", 1, 0, "1"),
                with_revision("foo-2", 1, 1, "2"),
                with_revision("foo-3", 0, 2, "3"),
            ],
            1,
            vec![],
        ),
        (
            vec![
                with_revision("foo-1", 0, 0, "3"),
                with_revision("foo-2", 0, 1, "1"),
                with_revision("foo-3", 0, 2, "4"),
                with_revision("foo-4", 0, 3, "2"),
            ],
            2,
            vec!["foo-2", "foo-4"],
        ),
    ];
    for (olds, limit, want) in cases {
        let d = new_deployment("foo", 1, Some(limit), None, None, &sel);
        let idx: Vec<usize> = (0..olds.len()).collect();
        let (_, _, out) = with_sync(&d, olds, |s| s.cleanup(&idx));
        let mut got = deletions(&out);
        got.sort();
        assert_eq!(got, want, "limit {limit}");
    }
}

// Upstream: util TestAnnotationUtils.
#[test]
fn a_raised_revision_keeps_the_old_ones_in_a_bounded_revision_history() {
    let mut d = new_deployment("nginx", 1, None, None, None, &[("name", "nginx")]);
    d.metadata.annotations.insert(REVISION_ANNOTATION.into(), "1".into());
    let mut r = owned_rs(&d, "replicaset", 0);
    for i in 10..20 {
        set_new_rs_annotations_within(&d, &mut r, i + 1, true, 5);
        if i >= 12 {
            assert_eq!(r.metadata.annotations[REVISION_HISTORY_ANNOTATION], format!("{},{i}", i - 1));
        }
        assert_eq!(r.metadata.annotations[REVISION_ANNOTATION], (i + 1).to_string());
    }
    assert!(set_replicas_annotations(&mut r, 10, 11));
    assert_eq!(r.metadata.annotations[DESIRED_REPLICAS_ANNOTATION], "10");
    assert_eq!(r.metadata.annotations[MAX_REPLICAS_ANNOTATION], "11");
    assert!(!set_replicas_annotations(&mut r, 10, 11));
    r.metadata.annotations.insert(DESIRED_REPLICAS_ANNOTATION.into(), "1".into());
    r.status.available_replicas = 1;
    r.spec.replicas = Some(1);
    assert!(is_saturated(&d, Some(&r)));
    // With the default limit the history just grows; a revision that is not a number is left alone.
    let mut r = owned_rs(&d, "replicaset", 0);
    r.metadata.annotations.insert(REVISION_ANNOTATION.into(), "3".into());
    assert!(set_new_rs_annotations(&d, &mut r, 5, true));
    assert!(set_new_rs_annotations(&d, &mut r, 7, true));
    assert_eq!(r.metadata.annotations[REVISION_HISTORY_ANNOTATION], "3,5");
    r.metadata.annotations.insert(REVISION_ANNOTATION.into(), "x".into());
    assert!(!set_new_rs_annotations(&d, &mut r, 9, true));
    assert_eq!(r.metadata.annotations[REVISION_ANNOTATION], "x");
}

// getNewReplicaSet (no upstream unit test; the behaviour behind `rollout undo`'s renumbering).
#[test]
fn a_replica_set_whose_template_is_the_deployments_again_becomes_the_newest_revision() {
    let mut d = new_deployment("web", 3, Some(10), Some(int(1)), Some(int(0)), &[("app", "web")]);
    d.metadata.annotations.insert(CHANGE_CAUSE_ANNOTATION.into(), "undo".into());
    let mut revisions = Vec::new();
    for (i, image) in ["v1", "v2", "v3", "v4"].iter().enumerate() {
        let mut r = owned_rs(&d, &format!("web-{image}"), 0);
        r.spec.template.spec.containers[0].image = (*image).into();
        r.metadata.creation_timestamp = Some(hours(i as i64));
        r.metadata.annotations.insert(REVISION_ANNOTATION.into(), (i + 1).to_string());
        revisions.push(r);
    }
    // The Deployment's template is v3's again (what `kubectl rollout undo --to-revision=3` writes).
    d.spec.template = revisions[2].spec.template.clone();
    let (found, rss, out) = with_sync(&d, revisions, |s| {
        let f = s.all_and_sync_revision(true);
        (f.new, f.olds, f.abort)
    });
    assert_eq!(found, (Some(2), vec![0, 1, 3], false));
    let v3 = &rss[2].metadata.annotations;
    assert_eq!((v3[REVISION_ANNOTATION].as_str(), v3[REVISION_HISTORY_ANNOTATION].as_str()), ("5", "3"));
    assert_eq!(v3[CHANGE_CAUSE_ANNOTATION], "undo");
    assert_eq!(rs_updates(&out), vec![("web-v3".to_string(), 0)]);
    // Once written, the next sync records revision 5 on the Deployment.
    let (_, _, _) = with_sync(&d, rss.clone(), |s| {
        s.all_and_sync_revision(true);
        assert_eq!(s.d.metadata.annotations[REVISION_ANNOTATION], "5");
    });
}

// getNewReplicaSet (no upstream unit test): the name, labels, selector, annotations and event
// of a new ReplicaSet.
#[test]
fn a_new_replica_set_gets_the_hash_label_the_next_revision_and_the_replica_annotations() {
    let mut d = new_deployment("web", 3, None, Some(pct("25%")), Some(pct("25%")), &[("app", "web")]);
    d.spec.progress_deadline_seconds = Some(600);
    d.metadata.annotations.insert(LAST_APPLIED_ANNOTATION.into(), "{}".into());
    d.metadata.annotations.insert("team".into(), "a".into());
    let mut old = owned_rs(&d, "web-old", 3);
    old.spec.template.spec.containers[0].image = "old".into();
    old.metadata.annotations.insert(REVISION_ANNOTATION.into(), "4".into());
    let (found, rss, out) = with_sync(&d, vec![old], |s| s.all_and_sync_revision(true).new);
    let new = &rss[found.unwrap_or(0)];
    let hash = compute_hash(&d.spec.template, None);
    assert_eq!(new.metadata.name, format!("web-{hash}"));
    assert_eq!(new.metadata.labels, labels(&[("app", "web"), ("pod-template-hash", &hash)]));
    assert_eq!(new.spec.selector.match_labels, labels(&[("app", "web"), ("pod-template-hash", &hash)]));
    let want: BTreeMap<String, String> =
        [(DESIRED_REPLICAS_ANNOTATION, "3"), (MAX_REPLICAS_ANNOTATION, "4"), (REVISION_ANNOTATION, "5"), ("team", "a")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
    assert_eq!(new.metadata.annotations, want);
    // maxTotal 4 = 3 + 1 and 3 exist: it starts at 1.
    assert_eq!(rs_replicas(new), 1);
    assert_eq!(events(&out), vec![format!("Normal ScalingReplicaSet Scaled up replica set web-{hash} from 0 to 1")]);
}

#[test]
fn a_replica_set_of_the_new_name_that_is_not_ours_bumps_the_collision_count() {
    let d = new_deployment("web", 1, None, Some(int(1)), Some(int(0)), &[("app", "web")]);
    let hash = compute_hash(&d.spec.template, None);
    let mut s = store();
    let mut stranger = rs(&format!("web-{hash}"), 1, &[("app", "other")], None);
    stranger.spec.template.spec.containers.push(Default::default());
    s.put(Object::ReplicaSet(crate::api::ObjBox::new(stranger)));
    let (found, _, out) = with_sync_in(&s, NOW, &d, vec![], |s| {
        let f = s.all_and_sync_revision(true);
        (f.new, f.abort, s.d.status.collision_count)
    });
    assert_eq!(found, (None, true, Some(1)));
    assert!(out.actions.iter().all(|a| !matches!(a, Action::Create { .. })));
    assert_ne!(compute_hash(&d.spec.template, Some(1)), hash);
}

// Upstream: util TestDeploymentComplete.
#[test]
fn a_deployment_is_complete_when_all_replicas_are_updated_and_available() {
    // (replicas, current, updated, available, maxUnavailable, maxSurge, complete)
    let cases = [
        (5, 5, 5, 4, 1, 0, false),
        (5, 5, 5, 3, 1, 0, false),
        (5, 5, 5, 5, 0, 0, true),
        (5, 5, 4, 5, 0, 0, false),
        (1, 2, 1, 1, 0, 1, false),
        (1, 1, 1, 0, 1, 1, false),
    ];
    for (n, current, updated, available, unavailable, surge, want) in cases {
        let mut d = new_deployment("foo", n, None, Some(int(surge)), Some(int(unavailable)), &[]);
        d.status = DeploymentStatus {
            replicas: current,
            updated_replicas: updated,
            available_replicas: available,
            ..Default::default()
        };
        assert_eq!(deployment_complete(&d, &d.status), want, "{n} {current} {updated} {available}");
    }
}

// Upstream: util TestDeploymentProgressing.
#[test]
fn progress_is_more_updated_fewer_old_more_ready_or_more_available_replicas() {
    let st = |replicas, updated_replicas, ready_replicas, available_replicas| DeploymentStatus {
        replicas,
        updated_replicas,
        ready_replicas,
        available_replicas,
        ..Default::default()
    };
    let cases = [
        (st(10, 4, 4, 4), st(10, 6, 4, 4), true),
        (st(10, 4, 4, 4), st(10, 4, 4, 4), false),
        (st(10, 4, 6, 6), st(8, 4, 6, 6), true),
        (st(10, 7, 3, 3), st(10, 6, 3, 3), false),
        (st(10, 4, 7, 7), st(8, 8, 5, 5), true),
        (st(10, 10, 9, 8), st(10, 10, 10, 8), true),
        (st(10, 10, 10, 9), st(10, 10, 10, 10), true),
    ];
    for (old, new, want) in cases {
        assert_eq!(deployment_progressing(&old, &new), want, "{old:?} -> {new:?}");
    }
}

// Upstream: util TestDeploymentTimedOut.
#[test]
fn a_rollout_times_out_once_its_progressing_condition_is_older_than_the_deadline() {
    let at = |min: i64, sec: i64| Time(EPOCH_UNIX_MS + (min * 60 + sec) * 1000);
    let deployment = |reason: &str, pds: Option<i32>, from: Time| {
        let mut d = new_deployment("foo", 1, None, None, None, &[]);
        d.spec.progress_deadline_seconds = pds;
        d.status.conditions = vec![WorkloadCondition {
            type_: "Progressing".into(),
            status: "True".into(),
            reason: reason.into(),
            last_update_time: Some(from),
            ..Default::default()
        }];
        d
    };
    let cases = [
        (deployment("", None, at(1, 9)), at(1, 20), false),
        (deployment("", Some(i32::MAX), at(1, 9)), at(1, 20), false),
        (deployment("", Some(10), at(1, 9)), at(1, 20), true),
        (deployment("", Some(10), at(1, 11)), at(1, 20), false),
        (deployment(NEW_RS_AVAILABLE_REASON, None, Time(0)), at(1, 20), false),
        (deployment(NEW_RS_AVAILABLE_REASON, Some(10), Time(0)), at(1, 20), false),
    ];
    for (d, now, want) in cases {
        assert_eq!(deployment_timed_out(&d, &d.status, now), want, "{:?}", d.status.conditions);
    }
}

// Upstream: util TestEqualIgnoreHash and TestFindNewReplicaSet / TestFindOldReplicaSets.
#[test]
fn the_new_replica_set_is_the_oldest_whose_template_matches_but_for_the_hash() {
    let d = new_deployment("nginx", 1, None, None, None, &[("name", "nginx")]);
    let mut a = owned_rs(&d, "a", 0);
    a.spec.template.metadata.labels.insert(POD_TEMPLATE_HASH_LABEL.into(), "1".into());
    a.metadata.creation_timestamp = Some(hours(2));
    let mut b = a.clone();
    b.metadata.name = "b".into();
    b.spec.template.metadata.labels.insert(POD_TEMPLATE_HASH_LABEL.into(), "2".into());
    b.metadata.creation_timestamp = Some(hours(1));
    let mut other = owned_rs(&d, "other", 0);
    other.spec.template.metadata.labels.insert("x".into(), "y".into());
    assert!(equal_ignore_hash(&a.spec.template, &b.spec.template));
    assert!(equal_ignore_hash(&a.spec.template, &d.spec.template));
    assert!(!equal_ignore_hash(&other.spec.template, &d.spec.template));
    // An empty map and a missing one are the same (Semantic.DeepEqual).
    let mut empty = d.spec.template.clone();
    empty.metadata.annotations = BTreeMap::new();
    assert!(equal_ignore_hash(&empty, &d.spec.template));
    let (found, _, _) = with_sync(&d, vec![a, b, other], |s| (s.find_new(), s.olds(s.find_new())));
    assert_eq!(found, (Some(1), vec![0, 2]));
}

// Upstream: TestScaleDownOldReplicaSets (recreate_test.go).
#[test]
fn recreate_scales_every_old_replica_set_to_zero_first() {
    let mut d = new_deployment("foo", 3, None, None, None, &[("foo", "bar")]);
    d.spec.strategy = DeploymentStrategy { type_: "Recreate".into(), rolling_update: None };
    let mut old = owned_rs(&d, "foo-0", 3);
    old.spec.template.spec.containers[0].image = "old".into();
    let (_, rss, out) = with_sync(&d, vec![old], |s| s.rollout_recreate());
    assert_eq!(rs_replicas(&rss[0]), 0);
    assert_eq!(events(&out), vec!["Normal ScalingReplicaSet Scaled down replica set foo-0 from 3 to 0"]);
    assert!(out.actions.iter().all(|a| !matches!(a, Action::Create { .. })), "no new ReplicaSet yet");
}

// Upstream: TestOldPodsRunning.
#[test]
fn old_pods_run_until_status_and_every_non_terminal_pod_say_otherwise() {
    let pod = |phase: &str| {
        let mut p = Pod::default();
        p.status.phase = phase.into();
        p
    };
    let (failed, succeeded, unknown, pending, running) =
        (pod("Failed"), pod("Succeeded"), pod("Unknown"), pod("Pending"), pod("Running"));
    let empty = rs_with_status("rs-1", 0, 0, &[]);
    let reporting = rs_with_status("rs-1", 0, 1, &[]);
    fn map<'a>(entries: Vec<(&str, Vec<&'a Pod>)>) -> BTreeMap<String, Vec<&'a Pod>> {
        entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
    }
    let cases: Vec<(&str, Vec<&ReplicaSet>, BTreeMap<String, Vec<&Pod>>, bool)> = vec![
        ("no old RSs", vec![], map(vec![]), false),
        ("old RSs with running pods", vec![&empty], map(vec![("some-uid", vec![&running, &running])]), true),
        ("old RSs without pods but with non-zero status replicas", vec![&reporting], map(vec![]), true),
        ("old RSs without pods or non-zero status replicas", vec![&empty], map(vec![]), false),
        ("terminal pods only", vec![&empty], map(vec![("uid-1", vec![&failed, &succeeded])]), false),
        ("a pod in unknown phase", vec![&empty], map(vec![("uid-1", vec![&unknown])]), true),
        ("a pending pod", vec![&empty], map(vec![("uid-1", vec![&pending])]), true),
        ("a running pod", vec![&empty], map(vec![("uid-1", vec![&running])]), true),
        (
            "terminal and pending pods",
            vec![&empty],
            map(vec![("uid-1", vec![&failed, &succeeded]), ("uid-2", vec![]), ("uid-3", vec![&pending])]),
            true,
        ),
        ("the new ReplicaSet's pods do not count", vec![&empty], map(vec![("new", vec![&running])]), false),
    ];
    for (name, olds, pods, want) in cases {
        assert_eq!(old_pods_running(Some("new"), &olds, &pods), want, "{name}");
    }
}

// Upstream: TestSyncRolloutStatus.
#[test]
fn rollout_status_sets_progressing_by_completion_progress_and_deadline() {
    let test_time = Time(EPOCH_UNIX_MS);
    let cond = |status: &str, reason: &str, at: Option<Time>| WorkloadCondition {
        type_: "Progressing".into(),
        status: status.into(),
        reason: reason.into(),
        last_update_time: at,
        last_transition_time: at,
        message: String::new(),
    };
    let failed_timed_out = cond("False", TIMED_OUT_REASON, None);
    let new_rs_available = cond("True", NEW_RS_AVAILABLE_REASON, Some(test_time));
    let rs_updated = cond("True", RS_UPDATED_REASON, Some(test_time));
    // Upstream's currentDeployment: Recreate, the given status.
    let current =
        |pds: Option<i32>, n: i32, replicas: i32, updated: i32, available: i32, conds: Vec<WorkloadCondition>| {
            let mut d = new_deployment("progress-test", n, None, None, None, &[]);
            d.spec.strategy = DeploymentStrategy { type_: "Recreate".into(), rolling_update: None };
            d.spec.progress_deadline_seconds = pds;
            d.status = DeploymentStatus {
                replicas,
                updated_replicas: updated,
                available_replicas: available,
                conditions: conds,
                ..Default::default()
            };
            d
        };
    let with_available = |name: &str, spec: i32, status: i32, available: i32| {
        let mut r = rs(name, spec, &[], None);
        r.status.replicas = status;
        r.status.available_replicas = available;
        r
    };
    let pds = Some(60);
    // (name, deployment, other RSs, new RS, expected (status, reason), last update kept, last transition kept)
    let cases: Vec<(&str, Deployment, Vec<ReplicaSet>, Option<ReplicaSet>, Option<(&str, &str)>, bool, bool)> = vec![
        (
            "no deadline: no Progressing condition",
            current(None, 3, 2, 2, 2, vec![rs_updated.clone()]),
            vec![with_available("bar", 0, 1, 1)],
            Some(with_available("foo", 3, 2, 2)),
            None,
            false,
            false,
        ),
        (
            "only one active ReplicaSet: no estimate",
            current(pds, 3, 3, 3, 3, vec![new_rs_available.clone()]),
            vec![with_available("bar", 3, 3, 3)],
            None,
            Some(("True", NEW_RS_AVAILABLE_REASON)),
            true,
            true,
        ),
        (
            "progressing keeps the transition time of Progressing=True",
            current(pds, 3, 2, 2, 2, vec![rs_updated.clone()]),
            vec![with_available("bar", 0, 1, 1)],
            Some(with_available("foo", 3, 2, 2)),
            Some(("True", RS_UPDATED_REASON)),
            false,
            true,
        ),
        (
            "progressing replaces Progressing=False",
            current(pds, 3, 2, 2, 2, vec![failed_timed_out.clone()]),
            vec![with_available("bar", 0, 1, 1)],
            Some(with_available("foo", 3, 2, 2)),
            Some(("True", RS_UPDATED_REASON)),
            false,
            false,
        ),
        (
            "progressing creates the condition",
            current(pds, 3, 2, 2, 2, vec![]),
            vec![with_available("bar", 0, 1, 1)],
            Some(with_available("foo", 3, 2, 2)),
            Some(("True", RS_UPDATED_REASON)),
            false,
            false,
        ),
        (
            "complete keeps the transition time of Progressing=True",
            current(pds, 3, 3, 3, 3, vec![rs_updated.clone()]),
            vec![],
            Some(with_available("foo", 3, 3, 3)),
            Some(("True", NEW_RS_AVAILABLE_REASON)),
            false,
            true,
        ),
        (
            "complete replaces Progressing=False",
            current(pds, 3, 3, 3, 3, vec![failed_timed_out.clone()]),
            vec![],
            Some(with_available("foo", 3, 3, 3)),
            Some(("True", NEW_RS_AVAILABLE_REASON)),
            false,
            false,
        ),
        (
            "complete creates the condition",
            current(pds, 3, 3, 3, 3, vec![]),
            vec![],
            Some(with_available("foo", 3, 3, 3)),
            Some(("True", NEW_RS_AVAILABLE_REASON)),
            false,
            false,
        ),
        (
            "complete without a new ReplicaSet",
            current(pds, 0, 3, 3, 3, vec![rs_updated.clone()]),
            vec![with_available("foo", 0, 0, 0)],
            None,
            Some(("True", NEW_RS_AVAILABLE_REASON)),
            false,
            false,
        ),
        (
            "past the deadline",
            current(pds, 3, 2, 2, 2, vec![rs_updated.clone()]),
            vec![],
            Some(with_available("foo", 3, 2, 2)),
            Some(("False", TIMED_OUT_REASON)),
            false,
            false,
        ),
        (
            "already timed out",
            current(pds, 3, 2, 2, 2, vec![failed_timed_out.clone()]),
            vec![],
            Some(with_available("foo", 3, 2, 2)),
            Some(("False", TIMED_OUT_REASON)),
            true,
            true,
        ),
    ];
    for (name, d, mut rss, new, want, update_kept, transition_kept) in cases {
        let new_i = new.map(|r| {
            rss.push(r);
            rss.len() - 1
        });
        let before = condition(&d.status.conditions, "Progressing").cloned();
        let (status, _, _) = with_sync(&d, rss, |s| {
            s.sync_rollout_status(new_i);
            s.d.status.clone()
        });
        let got = condition(&status.conditions, "Progressing");
        match (want, got) {
            (None, None) => {}
            (Some((st, reason)), Some(c)) => {
                assert_eq!((c.status.as_str(), c.reason.as_str()), (st, reason), "{name}");
                let before = before.unwrap_or_default();
                if update_kept {
                    assert_eq!(c.last_update_time, before.last_update_time, "{name}: lastUpdateTime");
                }
                if transition_kept {
                    assert_eq!(c.last_transition_time, before.last_transition_time, "{name}: lastTransitionTime");
                }
            }
            (want, got) => panic!("{name}: want {want:?}, got {got:?}"),
        }
    }
}

// Upstream: TestRequeueStuckDeployment (upstream's 0, "now", is the 5ms rate-limited retry).
#[test]
fn a_stuck_rollout_is_looked_at_again_a_second_after_its_deadline() {
    let stuck_at = Time(EPOCH_UNIX_MS + 3_600_000);
    let at = |sec: i64, ms: i64| Time(stuck_at.0 + sec * 1000 + ms);
    let failed = WorkloadCondition {
        type_: "Progressing".into(),
        status: "False".into(),
        reason: TIMED_OUT_REASON.into(),
        ..Default::default()
    };
    let stuck = WorkloadCondition {
        type_: "Progressing".into(),
        status: "True".into(),
        last_update_time: Some(stuck_at),
        ..Default::default()
    };
    let st = |replicas, updated_replicas, available_replicas| DeploymentStatus {
        replicas,
        updated_replicas,
        available_replicas,
        observed_generation: 1,
        ..Default::default()
    };
    let current = |pds: Option<i32>, n: i32, status: DeploymentStatus, conds: Vec<WorkloadCondition>| {
        let mut d = new_deployment("progress-test", n, None, None, None, &[]);
        d.metadata.generation = 1;
        d.spec.progress_deadline_seconds = pds;
        d.status = DeploymentStatus { conditions: conds, ..status };
        d
    };
    let pds = Some(60);
    let cases = [
        ("nil progressDeadlineSeconds", current(None, 4, st(3, 3, 2), vec![]), st(3, 3, 2), at(0, 0), None),
        (
            "infinite progressDeadlineSeconds",
            current(Some(i32::MAX), 4, st(3, 3, 2), vec![]),
            st(3, 3, 2),
            at(0, 0),
            None,
        ),
        ("no progressing condition", current(pds, 4, st(3, 3, 2), vec![]), st(3, 3, 2), at(0, 0), None),
        ("complete", current(pds, 3, st(3, 3, 3), vec![stuck.clone()]), st(3, 3, 3), at(0, 0), None),
        ("already failed", current(pds, 3, st(3, 3, 0), vec![failed.clone()]), st(3, 3, 0), at(0, 0), None),
        ("stuck - 30s", current(pds, 3, st(3, 3, 1), vec![stuck.clone()]), st(3, 3, 1), at(30, 0), Some(31_000)),
        ("stuck - 1s", current(pds, 3, st(3, 3, 1), vec![stuck.clone()]), st(3, 3, 1), at(59, 0), Some(2_000)),
        (
            "less than a second => now",
            current(pds, 3, st(3, 3, 1), vec![stuck.clone()]),
            st(3, 3, 1),
            at(59, 1),
            Some(1_000),
        ),
        ("now", current(pds, 3, st(3, 3, 1), vec![stuck.clone()]), st(3, 3, 1), at(60, 0), Some(5)),
        ("1s after deadline", current(pds, 3, st(3, 3, 1), vec![stuck.clone()]), st(3, 3, 1), at(61, 0), Some(5)),
        ("60s after deadline", current(pds, 3, st(3, 3, 1), vec![stuck.clone()]), st(3, 3, 1), at(120, 0), Some(5)),
    ];
    for (name, d, status, now, want) in cases {
        assert_eq!(requeue_stuck_after(&d, &status, now), want, "{name}");
    }
}

/// A store holding `d`, its ReplicaSets and `pods`.
fn world(d: &Deployment, rss: &[ReplicaSet], pods: &[Pod]) -> Store {
    let mut s = store();
    s.put(Object::Deployment(crate::api::ObjBox::new(d.clone())));
    for r in rss {
        s.put(Object::ReplicaSet(crate::api::ObjBox::new(r.clone())));
    }
    for p in pods {
        s.put(Object::Pod(crate::api::ObjBox::new(p.clone())));
    }
    s
}

/// Upstream's `generatePodFromRS`.
fn pod_of(r: &ReplicaSet, name: &str) -> Pod {
    let mut p = Pod::default();
    p.metadata.name = name.into();
    p.metadata.namespace = "default".into();
    p.metadata.uid = format!("uid-{name}");
    p.metadata.labels = r.spec.selector.match_labels.clone().into();
    p.metadata.owner_references.push(OwnerReference {
        api_version: "apps/v1".into(),
        kind: "ReplicaSet".into(),
        name: r.metadata.name.clone(),
        uid: r.metadata.uid.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    });
    p
}

fn deleted_pod(p: &Pod) -> Change {
    Change {
        obj: ObjRef::new(Kind::Pod, "default", p.metadata.name.clone()),
        old: Some(Object::Pod(crate::api::ObjBox::new(p.clone()))),
        new: None,
    }
}

// Upstream: TestPodDeletionEnqueuesRecreateDeployment, TestPodDeletionDoesntEnqueueRecreateDeployment,
// TestPodDeletionPartialReplicaSetOwnershipEnqueueRecreateDeployment and
// TestPodDeletionPartialReplicaSetOwnershipDoesntEnqueueRecreateDeployment.
#[test]
fn a_recreate_deployment_is_woken_when_its_last_pod_is_deleted() {
    let mut foo = new_deployment("foo", 1, None, None, None, &[("foo", "bar")]);
    foo.spec.strategy = DeploymentStrategy { type_: "Recreate".into(), rolling_update: None };
    let rs1 = owned_rs(&foo, "foo-1", 1);
    let mut rs2 = owned_rs(&foo, "foo-2", 2);
    let pod1 = pod_of(&rs1, "pod-1");
    let other = pod_of(&rs1, "pod-2");
    let want = vec![ObjRef::new(Kind::Deployment, "default", "foo")];
    // The deleted pod was the last one.
    assert_eq!(watch(&world(&foo, std::slice::from_ref(&rs1), &[]), &deleted_pod(&pod1)), want);
    // Another pod remains.
    assert!(
        watch(&world(&foo, std::slice::from_ref(&rs1), std::slice::from_ref(&other)), &deleted_pod(&pod1)).is_empty()
    );
    // A second, orphaned ReplicaSet matching the selector does not count.
    rs2.metadata.owner_references.clear();
    assert_eq!(watch(&world(&foo, &[rs1.clone(), rs2.clone()], &[]), &deleted_pod(&pod1)), want);
    assert!(watch(&world(&foo, &[rs1.clone(), rs2], &[other]), &deleted_pod(&pod1)).is_empty());
    // A RollingUpdate Deployment does not care.
    let rolling = new_deployment("foo", 1, None, None, None, &[("foo", "bar")]);
    assert!(watch(&world(&rolling, &[owned_rs(&rolling, "foo-1", 1)], &[]), &deleted_pod(&pod1)).is_empty());
}

// Upstream: TestAddReplicaSet, TestAddReplicaSetOrphan, TestUpdateReplicaSetOrphanWithNewLabels,
// TestUpdateReplicaSetChangeControllerRef, TestDeleteReplicaSet, TestDeleteReplicaSetOrphan.
#[test]
fn replica_set_changes_wake_their_controller_or_every_deployment_selecting_an_orphan() {
    let d1 = new_deployment("foo", 1, None, None, None, &[("foo", "bar")]);
    let d2 = new_deployment("bar", 1, None, None, None, &[("foo", "bar")]);
    let mut s = world(&d1, &[], &[]);
    s.put(Object::Deployment(crate::api::ObjBox::new(d2.clone())));
    let r1 = ObjRef::new(Kind::Deployment, "default", "foo");
    let r2 = ObjRef::new(Kind::Deployment, "default", "bar");
    let owned = owned_rs(&d1, "rs1", 1);
    let mut orphan = owned.clone();
    orphan.metadata.owner_references.clear();
    let change = |old: Option<&ReplicaSet>, new: Option<&ReplicaSet>| Change {
        obj: ObjRef::new(Kind::ReplicaSet, "default", "rs1"),
        old: old.map(|r| Object::ReplicaSet(crate::api::ObjBox::new(r.clone()))),
        new: new.map(|r| Object::ReplicaSet(crate::api::ObjBox::new(r.clone()))),
    };
    assert_eq!(watch(&s, &change(None, Some(&owned))), vec![r1.clone()]);
    assert_eq!(watch(&s, &change(None, Some(&orphan))), vec![r2.clone(), r1.clone()]);
    // An orphan whose labels changed to match.
    let mut before = orphan.clone();
    before.metadata.labels = labels(&[("foo", "notbar")]).into();
    before.metadata.resource_version = "1".into();
    let mut after = orphan.clone();
    after.metadata.resource_version = "2".into();
    assert_eq!(watch(&s, &change(Some(&before), Some(&after))), vec![r2.clone(), r1.clone()]);
    // An orphan that changed but not its labels: nobody.
    let mut same_labels = before.clone();
    same_labels.metadata.resource_version = "3".into();
    assert!(watch(&s, &change(Some(&before), Some(&same_labels))).is_empty());
    // A resync (same resourceVersion) wakes nobody.
    assert!(watch(&s, &change(Some(&after), Some(&after))).is_empty());
    // The controller changed from d1 to d2: both.
    let mut to_d2 = owned_rs(&d2, "rs1", 1);
    to_d2.metadata.resource_version = "4".into();
    let mut from_d1 = owned.clone();
    from_d1.metadata.resource_version = "3".into();
    assert_eq!(watch(&s, &change(Some(&from_d1), Some(&to_d2))), vec![r2, r1.clone()]);
    // Deleted: its controller; an orphan: nobody.
    assert_eq!(watch(&s, &change(Some(&owned), None)), vec![r1]);
    assert!(watch(&s, &change(Some(&orphan), None)).is_empty());
}

// Upstream: TestSyncDeploymentCreatesReplicaSet.
#[test]
fn the_first_sync_creates_the_replica_set_and_writes_the_status() {
    let mut d = new_deployment("foo", 1, None, None, None, &[("foo", "bar")]);
    d.metadata.generation = 1;
    let s = world(&d, &[], &[]);
    let out = reconcile(&Ctx { store: &s, now: NOW }, &ObjRef::new(Kind::Deployment, "default", "foo"));
    let created: Vec<i32> = out
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::Create { obj: Object::ReplicaSet(rs), .. } => Some(rs_replicas(rs)),
            _ => None,
        })
        .collect();
    assert_eq!(created, vec![1]);
    let written: Vec<&Deployment> = out
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::Update { obj: Object::Deployment(d), .. } => Some(d.as_ref()),
            _ => None,
        })
        .collect();
    assert_eq!(written.len(), 1);
    assert_eq!(written[0].metadata.annotations[REVISION_ANNOTATION], "1");
    assert_eq!(written[0].status.observed_generation, 1);
}

// Upstream: TestSyncDeploymentDontDoAnythingDuringDeletion.
#[test]
fn a_deployment_being_deleted_only_gets_its_status_written() {
    let mut d = new_deployment("foo", 1, None, None, None, &[("foo", "bar")]);
    d.metadata.generation = 1;
    d.metadata.deletion_timestamp = Some(hours(0));
    let s = world(&d, &[], &[]);
    let out = reconcile(&Ctx { store: &s, now: NOW }, &ObjRef::new(Kind::Deployment, "default", "foo"));
    assert_eq!(out.actions.len(), 1);
    assert!(matches!(&out.actions[0], Action::Update { obj: Object::Deployment(_), .. }));
}

// Upstream: TestDontSyncDeploymentsWithEmptyPodSelector.
#[test]
fn a_deployment_selecting_everything_only_gets_a_warning() {
    let mut d = new_deployment("foo", 1, None, None, None, &[("foo", "bar")]);
    d.spec.selector = LabelSelector::default();
    let s = world(&d, &[], &[]);
    let out = reconcile(&Ctx { store: &s, now: NOW }, &ObjRef::new(Kind::Deployment, "default", "foo"));
    assert_eq!(
        events(&out),
        vec!["Warning SelectingAll This deployment is selecting all pods. A non-empty selector is required."]
    );
    assert_eq!(out.actions.len(), 1);
}

// Upstream: TestReentrantRollback.
#[test]
fn the_rollback_annotation_copies_the_previous_template_back_and_leaves_replica_sets_alone() {
    let mut d = new_deployment("foo", 1, None, None, None, &[("foo", "bar")]);
    d.metadata.generation = 3;
    d.metadata.annotations.insert(REVISION_ANNOTATION.into(), "2".into());
    d.metadata.annotations.insert(ROLLBACK_TO_ANNOTATION.into(), "0".into());
    let mut rs1 = owned_rs(&d, "deploymentrs-old", 0);
    rs1.metadata.annotations.insert(REVISION_ANNOTATION.into(), "1".into());
    rs1.spec.template.spec.termination_grace_period_seconds = Some(1);
    rs1.spec.selector.match_labels.insert(POD_TEMPLATE_HASH_LABEL.into(), "hash".into());
    let mut rs2 = owned_rs(&d, "deploymentrs-new", 1);
    rs2.metadata.annotations.insert(REVISION_ANNOTATION.into(), "2".into());
    rs2.spec.selector.match_labels.insert(POD_TEMPLATE_HASH_LABEL.into(), "hash".into());
    let s = world(&d, &[rs1.clone(), rs2], &[]);
    let out = reconcile(&Ctx { store: &s, now: NOW }, &ObjRef::new(Kind::Deployment, "default", "foo"));
    assert!(rs_updates(&out).is_empty());
    let written: Vec<&Deployment> = out
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::Update { obj: Object::Deployment(d), .. } => Some(d.as_ref()),
            _ => None,
        })
        .collect();
    assert_eq!(written.len(), 1);
    assert_eq!(written[0].spec.template, rs1.spec.template);
    assert!(!written[0].metadata.annotations.contains_key(ROLLBACK_TO_ANNOTATION));
    assert_eq!(written[0].metadata.generation, 4);
    assert_eq!(events(&out), vec!["Normal DeploymentRollback Rolled back deployment \"foo\" to revision 1"]);
}

#[test]
fn the_rollback_annotation_warns_about_missing_revisions_and_unchanged_templates() {
    let mut d = new_deployment("foo", 1, None, None, None, &[("foo", "bar")]);
    let mut rs1 = owned_rs(&d, "foo-1", 1);
    rs1.metadata.annotations.insert(REVISION_ANNOTATION.into(), "1".into());
    let cases = [
        ("0", "Warning DeploymentRollbackRevisionNotFound Unable to find last revision."),
        ("7", "Warning DeploymentRollbackRevisionNotFound Unable to find the revision to rollback to."),
        ("1", "Warning DeploymentRollbackTemplateUnchanged The rollback revision contains the same template as current deployment \"foo\""),
    ];
    for (to, want) in cases {
        d.metadata.annotations.insert(ROLLBACK_TO_ANNOTATION.into(), to.into());
        let s = world(&d, &[rs1.clone()], &[]);
        let out = reconcile(&Ctx { store: &s, now: NOW }, &ObjRef::new(Kind::Deployment, "default", "foo"));
        assert_eq!(events(&out), vec![want], "rollback to {to}");
    }
}

#[test]
fn paused_deployments_scale_but_do_not_roll_out() {
    let mut d = new_deployment("web", 5, Some(10), Some(int(1)), Some(int(0)), &[("app", "web")]);
    d.spec.paused = true;
    d.spec.progress_deadline_seconds = Some(600);
    let mut old = owned_rs(&d, "web-1", 3);
    old.spec.template.spec.containers[0].image = "old".into();
    set_replicas_annotations(&mut old, 3, 4);
    let s = world(&d, &[old], &[]);
    let out = reconcile(&Ctx { store: &s, now: NOW }, &ObjRef::new(Kind::Deployment, "default", "web"));
    assert!(out.actions.iter().all(|a| !matches!(a, Action::Create { .. })), "no new ReplicaSet while paused");
    assert_eq!(rs_updates(&out), vec![("web-1".to_string(), 5)]);
    let d = out.actions.iter().find_map(|a| match a {
        Action::Update { obj: Object::Deployment(d), .. } => Some(d.clone()),
        _ => None,
    });
    let cond = d.as_ref().and_then(|d| condition(&d.status.conditions, "Progressing").cloned()).unwrap_or_default();
    assert_eq!((cond.status.as_str(), cond.reason.as_str()), ("Unknown", PAUSED_REASON));
}

#[test]
fn the_hash_uses_the_safe_alphabet_and_changes_with_the_template_and_collisions() {
    let mut t = crate::api::pod::PodTemplateSpec::default();
    t.metadata.labels.insert("app".into(), "web".into());
    let h1 = compute_hash(&t, None);
    assert!(h1.chars().all(|c| "456789bcdf".contains(c)), "{h1}");
    assert_ne!(h1, compute_hash(&t, Some(1)));
    let mut t2 = t.clone();
    t2.metadata.labels.insert(POD_TEMPLATE_HASH_LABEL.into(), "x".into());
    assert_eq!(h1, compute_hash(&t2, None));
    t2.metadata.labels.insert("v".into(), "2".into());
    assert_ne!(h1, compute_hash(&t2, None));
    assert_eq!(safe_encode("0123456789"), "456789bcdf");
}
