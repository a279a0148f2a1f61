//! ReplicaSet status (replica_set_utils.go): the counts over the claimed pods, the
//! ReplicaFailure condition, when the status is written, and when the sync comes back.

use crate::api::apps::{ReplicaSetStatus, WorkloadCondition};
use crate::api::meta::{map_selector_matches, Time};
use crate::api::pod::Pod;
use crate::controller::pod_control;
use crate::sim::SimTime;

use super::Workload;

/// `apps.ReplicaSetReplicaFailure` (the RC's condition has the same name).
pub const REPLICA_FAILURE: &str = "ReplicaFailure";

/// `calculateStatus` over the claimed active pods: `fullyLabeledReplicas` counts pods carrying every
/// template label; `availableReplicas` uses minReadySeconds at `now`; a manageReplicas error sets
/// ReplicaFailure (FailedCreate when short of pods, FailedDelete when over) unless it is already
/// there, and a sync without error removes it.
pub fn calculate_status(w: &Workload, pods: &[&Pod], manage_err: Option<&str>, now: SimTime) -> ReplicaSetStatus {
    let mut status = w.status.clone();
    let precise = pod_control::ranking::precise_now(now);
    let empty = Default::default();
    let template_labels = w.template.map_or(&empty, |t| &t.metadata.labels);
    let (mut fully, mut ready, mut available) = (0, 0, 0);
    for pod in pods {
        if map_selector_matches(template_labels, &pod.metadata.labels) {
            fully += 1;
        }
        if pod.is_ready() {
            ready += 1;
            if pod.is_available(w.min_ready_seconds, precise) {
                available += 1;
            }
        }
    }
    let has_failure = get_condition(&status, REPLICA_FAILURE).is_some();
    match manage_err {
        Some(message) if !has_failure => {
            let diff = i64::try_from(pods.len()).unwrap_or(i64::MAX) - i64::from(w.replicas);
            let reason = match diff {
                d if d < 0 => "FailedCreate",
                d if d > 0 => "FailedDelete",
                _ => "",
            };
            let cond = new_condition(REPLICA_FAILURE, "True", reason, message, Time::from_sim(now));
            set_condition(&mut status, cond);
        }
        None if has_failure => remove_condition(&mut status, REPLICA_FAILURE),
        _ => {}
    }
    status.replicas = count(pods.len());
    status.fully_labeled_replicas = fully;
    status.ready_replicas = ready;
    status.available_replicas = available;
    status
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// `NewReplicaSetCondition`.
pub fn new_condition(type_: &str, status: &str, reason: &str, message: &str, now: Time) -> WorkloadCondition {
    WorkloadCondition {
        type_: type_.into(),
        status: status.into(),
        last_update_time: None,
        last_transition_time: Some(now),
        reason: reason.into(),
        message: message.into(),
    }
}

/// `GetCondition`.
pub fn get_condition<'a>(status: &'a ReplicaSetStatus, type_: &str) -> Option<&'a WorkloadCondition> {
    status.conditions.iter().find(|c| c.type_ == type_)
}

/// `SetCondition`: replaces the condition of its type, unless one with the same status and
/// reason is already there.
pub fn set_condition(status: &mut ReplicaSetStatus, cond: WorkloadCondition) {
    if get_condition(status, &cond.type_).is_some_and(|c| c.status == cond.status && c.reason == cond.reason) {
        return;
    }
    remove_condition(status, &cond.type_);
    status.conditions.push(cond);
}

/// `RemoveCondition`.
pub fn remove_condition(status: &mut ReplicaSetStatus, type_: &str) {
    status.conditions.retain(|c| c.type_ != type_);
}

/// `updateReplicaSetStatus`: nothing to write when the counts, the conditions and the observed
/// generation are current; otherwise the status to write (observedGeneration = generation) and
/// what changed.
pub fn update_replica_set_status(w: &Workload, mut new: ReplicaSetStatus) -> Option<(ReplicaSetStatus, String)> {
    let old = w.status;
    if old.replicas == new.replicas
        && old.fully_labeled_replicas == new.fully_labeled_replicas
        && old.ready_replicas == new.ready_replicas
        && old.available_replicas == new.available_replicas
        && w.meta.generation == old.observed_generation
        && old.conditions == new.conditions
    {
        return None;
    }
    new.observed_generation = w.meta.generation;
    let mut changes = Vec::new();
    let mut field = |name: &str, a: i64, b: i64| {
        if a != b {
            changes.push(format!("{name} {a}→{b}"));
        }
    };
    field("replicas", old.replicas.into(), new.replicas.into());
    field("fullyLabeledReplicas", old.fully_labeled_replicas.into(), new.fully_labeled_replicas.into());
    field("readyReplicas", old.ready_replicas.into(), new.ready_replicas.into());
    field("availableReplicas", old.available_replicas.into(), new.available_replicas.into());
    field("observedGeneration", old.observed_generation, new.observed_generation);
    match (get_condition(old, REPLICA_FAILURE), get_condition(&new, REPLICA_FAILURE)) {
        (None, Some(c)) => changes.push(format!("ReplicaFailure {}: {}", c.reason, c.message)),
        (Some(_), None) => changes.push("ReplicaFailure cleared: the last sync had no error".into()),
        _ => {}
    }
    let why = if changes.is_empty() {
        "status: written again (nothing changed)".to_string()
    } else {
        format!("status: {}", changes.join(", "))
    };
    Some((new, why))
}

/// When to sync again without a watch event: after a failed sync, on the workqueue's back-off
/// (measured from when ReplicaFailure was set); after minReadySeconds when every replica is ready
/// but not all available (`syncReplicaSet`); and minReadySeconds + 1s after a pod became ready
/// (`updatePod`). Also whether that next sync is the back-off retry of the failed one (no other
/// wait comes first).
pub fn requeue_after(
    w: &Workload,
    pods: &[&Pod],
    status: &ReplicaSetStatus,
    failed: bool,
    now: SimTime,
    precise: Time,
) -> (Option<SimTime>, bool) {
    let mut next: Option<SimTime> = None;
    let mut consider = |d: SimTime| next = Some(next.map_or(d, |n| n.min(d)));
    let mut backoff = None;
    if failed {
        let since = get_condition(status, REPLICA_FAILURE).and_then(|c| c.last_transition_time);
        let elapsed = since.map_or(0, |t| now.saturating_sub(t.to_sim()));
        let delay = pod_control::failure_backoff_ms(elapsed);
        backoff = Some(delay);
        consider(delay);
    }
    if w.min_ready_seconds > 0 {
        let min_ready_ms = u64::try_from(w.min_ready_seconds).unwrap_or(0) * 1000;
        if !failed && status.ready_replicas == w.replicas && status.available_replicas != w.replicas {
            consider(min_ready_ms);
        }
        for pod in pods {
            if !pod.is_ready() || pod.is_available(w.min_ready_seconds, precise) {
                continue;
            }
            if let Some(since) = pod.condition("Ready").and_then(|c| c.last_transition_time) {
                let at = since.to_sim().saturating_add(min_ready_ms + 1000);
                if at > now {
                    consider(at - now);
                }
            }
        }
    }
    (next, backoff.is_some() && next == backoff)
}
