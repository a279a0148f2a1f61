//! Deployment helpers (pkg/controller/deployment/util/deployment_util.go): fenceposts, annotations,
//! revisions, the template hash, new/old ReplicaSets, conditions and the completeness checks.

use std::collections::BTreeMap;

use crate::api::apps::{Deployment, DeploymentStatus, ReplicaSet, WorkloadCondition};
use crate::api::intstr::IntOrString;
use crate::api::meta::Time;
use crate::api::pod::PodTemplateSpec;

pub const REVISION_ANNOTATION: &str = "deployment.kubernetes.io/revision";
pub const REVISION_HISTORY_ANNOTATION: &str = "deployment.kubernetes.io/revision-history";
pub const DESIRED_REPLICAS_ANNOTATION: &str = "deployment.kubernetes.io/desired-replicas";
pub const MAX_REPLICAS_ANNOTATION: &str = "deployment.kubernetes.io/max-replicas";
pub const ROLLBACK_TO_ANNOTATION: &str = "deprecated.deployment.rollback.to";
pub const LAST_APPLIED_ANNOTATION: &str = "kubectl.kubernetes.io/last-applied-configuration";
pub const CHANGE_CAUSE_ANNOTATION: &str = "kubernetes.io/change-cause";
/// The label a Deployment adds to its ReplicaSets and their pods.
pub const POD_TEMPLATE_HASH_LABEL: &str = "pod-template-hash";
/// `revision-history` is trimmed from the front to stay within this many characters.
pub const MAX_REV_HISTORY_LENGTH: usize = 2000;

pub const NEW_RS_REASON: &str = "NewReplicaSetCreated";
pub const FAILED_RS_CREATE_REASON: &str = "ReplicaSetCreateError";
pub const ROLLBACK_REVISION_NOT_FOUND: &str = "DeploymentRollbackRevisionNotFound";
pub const ROLLBACK_TEMPLATE_UNCHANGED: &str = "DeploymentRollbackTemplateUnchanged";
pub const ROLLBACK_DONE: &str = "DeploymentRollback";
pub const FOUND_NEW_RS_REASON: &str = "FoundNewReplicaSet";
pub const NEW_RS_AVAILABLE_REASON: &str = "NewReplicaSetAvailable";
pub const RS_UPDATED_REASON: &str = "ReplicaSetUpdated";
pub const TIMED_OUT_REASON: &str = "ProgressDeadlineExceeded";
pub const PAUSED_REASON: &str = "DeploymentPaused";
pub const RESUMED_REASON: &str = "DeploymentResumed";
pub const MIN_AVAILABLE_REASON: &str = "MinimumReplicasAvailable";
pub const MIN_UNAVAILABLE_REASON: &str = "MinimumReplicasUnavailable";

/// Annotations never copied from a Deployment to its ReplicaSets (`skipCopyAnnotation`).
pub fn skip_copy_annotation(key: &str) -> bool {
    matches!(
        key,
        LAST_APPLIED_ANNOTATION
            | REVISION_ANNOTATION
            | REVISION_HISTORY_ANNOTATION
            | DESIRED_REPLICAS_ANNOTATION
            | MAX_REPLICAS_ANNOTATION
            | ROLLBACK_TO_ANNOTATION
    )
}

pub fn replicas(d: &Deployment) -> i32 {
    d.spec.replicas.unwrap_or(1)
}

pub fn rs_replicas(rs: &ReplicaSet) -> i32 {
    rs.spec.replicas.unwrap_or(1)
}

pub fn is_rolling_update(d: &Deployment) -> bool {
    d.spec.strategy.type_ == "RollingUpdate"
}

/// `ResolveFenceposts`: maxSurge rounded up and maxUnavailable rounded down against `desired`
/// (a missing value counts as 0); when both come to 0, maxUnavailable becomes 1.
///
/// Worked example: 25%/25% of 3 gives surge 1 (0.75 up) and unavailable 0 (0.75 down); with
/// maxSurge 0 and maxUnavailable 10% of 3, both are 0, so unavailable is 1.
pub fn resolve_fenceposts(
    max_surge: Option<&IntOrString>,
    max_unavailable: Option<&IntOrString>,
    desired: i32,
) -> Result<(i32, i32), String> {
    let surge = max_surge.map_or(Ok(0), |v| v.scaled_value(desired, true))?;
    let unavailable = max_unavailable.map_or(Ok(0), |v| v.scaled_value(desired, false))?;
    if surge == 0 && unavailable == 0 {
        return Ok((0, 1));
    }
    Ok((surge, unavailable))
}

/// The Deployment's fenceposts against its replicas; (0, 0) where upstream ignores the error
/// (validation rules it out).
fn fenceposts(d: &Deployment) -> (i32, i32) {
    let ru = d.spec.strategy.rolling_update.as_ref();
    resolve_fenceposts(ru.and_then(|r| r.max_surge.as_ref()), ru.and_then(|r| r.max_unavailable.as_ref()), replicas(d))
        .unwrap_or((0, 0))
}

/// `MaxSurge`: 0 unless RollingUpdate.
pub fn max_surge(d: &Deployment) -> i32 {
    if !is_rolling_update(d) {
        return 0;
    }
    fenceposts(d).0
}

/// `MaxUnavailable`: 0 unless RollingUpdate with replicas; at most the replicas.
pub fn max_unavailable(d: &Deployment) -> i32 {
    if !is_rolling_update(d) || replicas(d) == 0 {
        return 0;
    }
    fenceposts(d).1.min(replicas(d))
}

/// How a fencepost was resolved against `n` replicas, for explanations: `1`, or
/// `25% of 3, rounded up`.
fn scaled_text(v: Option<&IntOrString>, n: i32, up: bool) -> Option<String> {
    match v {
        Some(IntOrString::Str(s)) => Some(format!("{s} of {n}, rounded {}", if up { "up" } else { "down" })),
        _ => None,
    }
}

/// `maxSurge 1 (25% of 3, rounded up)`: the resolved maxSurge and where it came from.
pub fn surge_text(d: &Deployment) -> String {
    let n = replicas(d);
    let ru = d.spec.strategy.rolling_update.as_ref();
    match scaled_text(ru.and_then(|r| r.max_surge.as_ref()), n, true) {
        Some(how) => format!("maxSurge {} ({how})", max_surge(d)),
        None => format!("maxSurge {}", max_surge(d)),
    }
}

/// `maxUnavailable 0 (25% of 3, rounded down)`, and the fencepost rule when it applied.
pub fn unavailable_text(d: &Deployment) -> String {
    let n = replicas(d);
    let ru = d.spec.strategy.rolling_update.as_ref();
    let surge_v = ru.and_then(|r| r.max_surge.as_ref());
    let unavail_v = ru.and_then(|r| r.max_unavailable.as_ref());
    let raw_surge = surge_v.map_or(0, |v| v.scaled_value(n, true).unwrap_or(0));
    let raw_unavail = unavail_v.map_or(0, |v| v.scaled_value(n, false).unwrap_or(0));
    if is_rolling_update(d) && n > 0 && raw_surge == 0 && raw_unavail == 0 {
        return "maxUnavailable 1 (maxSurge and maxUnavailable both come to 0, so maxUnavailable becomes 1)".into();
    }
    match scaled_text(unavail_v, n, false) {
        Some(how) => format!("maxUnavailable {} ({how})", max_unavailable(d)),
        None => format!("maxUnavailable {}", max_unavailable(d)),
    }
}

/// The revision of a ReplicaSet (0 when missing or unparsable).
pub fn revision(rs: &ReplicaSet) -> i64 {
    parsed_revision(&rs.metadata.annotations).unwrap_or(0)
}

/// `Revision`: 0 when the annotation is missing, `None` when it is not an integer.
pub fn parsed_revision(annotations: &BTreeMap<String, String>) -> Option<i64> {
    match annotations.get(REVISION_ANNOTATION) {
        None => Some(0),
        Some(r) => r.parse().ok(),
    }
}

/// `MaxRevision`.
pub fn max_revision(rss: &[&ReplicaSet]) -> i64 {
    rss.iter().map(|rs| revision(rs)).max().unwrap_or(0).max(0)
}

/// `LastRevision`: the second-highest revision (0 when there is none).
pub fn last_revision(rss: &[&ReplicaSet]) -> i64 {
    let (mut max, mut sec) = (0, 0);
    for v in rss.iter().filter_map(|rs| parsed_revision(&rs.metadata.annotations)) {
        if v >= max {
            sec = max;
            max = v;
        } else if v > sec {
            sec = v;
        }
    }
    sec
}

/// The template as JSON without the pod-template-hash label (`EqualIgnoreHash`'s view).
fn template_without_hash(t: &PodTemplateSpec) -> crate::json::Value {
    let mut t = t.clone();
    t.metadata.labels.remove(POD_TEMPLATE_HASH_LABEL);
    t.metadata.creation_timestamp = None;
    crate::api::value::Encode::encode(&t)
}

/// `EqualIgnoreHash`: the templates are semantically equal once the hash label is removed.
pub fn equal_ignore_hash(a: &PodTemplateSpec, b: &PodTemplateSpec) -> bool {
    template_without_hash(a) == template_without_hash(b)
}

/// `controller.ComputeHash`: FNV-32a over a stable serialization of the template and the
/// collision count, encoded with `rand.SafeEncodeString` (digits map to 4-9 b c d f).
pub fn compute_hash(template: &PodTemplateSpec, collision_count: Option<i32>) -> String {
    let text = crate::json::to_string(&template_without_hash(template)).unwrap_or_default();
    let mut h: u32 = 0x811c_9dc5;
    let mut feed = |b: u8| {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    };
    for b in text.bytes() {
        feed(b);
    }
    if let Some(c) = collision_count {
        for b in (c as u32).to_le_bytes() {
            feed(b);
        }
    }
    safe_encode(&h.to_string())
}

/// `rand.SafeEncodeString`.
pub fn safe_encode(s: &str) -> String {
    const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    s.bytes().map(|b| char::from(ALPHANUMS[usize::from(b) % ALPHANUMS.len()])).collect()
}

/// `ReplicaSetsByCreationTimestamp`: older first, then by name.
pub fn by_creation(a: &ReplicaSet, b: &ReplicaSet) -> std::cmp::Ordering {
    a.metadata
        .creation_timestamp
        .cmp(&b.metadata.creation_timestamp)
        .then_with(|| a.metadata.name.cmp(&b.metadata.name))
}

/// `ReplicaSetsByRevision`: by revision; ties and unparsable revisions by creation.
pub fn by_revision(a: &ReplicaSet, b: &ReplicaSet) -> std::cmp::Ordering {
    match (parsed_revision(&a.metadata.annotations), parsed_revision(&b.metadata.annotations)) {
        (Some(x), Some(y)) if x != y => x.cmp(&y),
        _ => by_creation(a, b),
    }
}

/// `SetReplicasAnnotations`: desired-replicas and max-replicas. Returns whether anything changed.
pub fn set_replicas_annotations(rs: &mut ReplicaSet, desired: i32, max: i32) -> bool {
    let mut changed = false;
    for (k, v) in [(DESIRED_REPLICAS_ANNOTATION, desired), (MAX_REPLICAS_ANNOTATION, max)] {
        let v = v.to_string();
        if rs.metadata.annotations.get(k) != Some(&v) {
            rs.metadata.annotations.insert(k.to_string(), v);
            changed = true;
        }
    }
    changed
}

/// `copyDeploymentAnnotationsToReplicaSet`: adds or overwrites, never removes.
pub fn copy_annotations(d: &Deployment, rs: &mut ReplicaSet) -> bool {
    let mut changed = false;
    for (k, v) in &d.metadata.annotations {
        if skip_copy_annotation(k) || rs.metadata.annotations.get(k) == Some(v) {
            continue;
        }
        rs.metadata.annotations.insert(k.clone(), v.clone());
        changed = true;
    }
    changed
}

/// `SetNewReplicaSetAnnotations`: copies the Deployment's annotations, raises the revision (keeping
/// the old one in revision-history), and for a ReplicaSet about to be created sets the replica
/// annotations.
pub fn set_new_rs_annotations(d: &Deployment, rs: &mut ReplicaSet, new_revision: i64, exists: bool) -> bool {
    set_new_rs_annotations_within(d, rs, new_revision, exists, MAX_REV_HISTORY_LENGTH)
}

/// `SetNewReplicaSetAnnotations` with revision-history kept within `limit` characters.
pub fn set_new_rs_annotations_within(
    d: &Deployment,
    rs: &mut ReplicaSet,
    new_revision: i64,
    exists: bool,
    limit: usize,
) -> bool {
    let mut changed = copy_annotations(d, rs);
    let old = rs.metadata.annotations.get(REVISION_ANNOTATION).cloned();
    let old_int: i64 = match old.as_deref() {
        None | Some("") => 0,
        // Upstream gives up on a ReplicaSet whose revision is not a number.
        Some(r) => match r.parse() {
            Ok(v) => v,
            Err(_) => return false,
        },
    };
    if old_int < new_revision {
        rs.metadata.annotations.insert(REVISION_ANNOTATION.into(), new_revision.to_string());
        changed = true;
        if let Some(old) = old {
            let history = rs.metadata.annotations.get(REVISION_HISTORY_ANNOTATION).cloned().unwrap_or_default();
            if history.is_empty() {
                rs.metadata.annotations.insert(REVISION_HISTORY_ANNOTATION.into(), old);
            } else {
                let mut parts: Vec<&str> = history.split(',').collect();
                let mut total = history.len() + old.len() + 1;
                let mut start = 0;
                while total > limit && start < parts.len() {
                    total -= parts[start].len() + 1;
                    start += 1;
                }
                if total <= limit {
                    parts = parts.split_off(start);
                    parts.push(&old);
                    let joined = parts.join(",");
                    rs.metadata.annotations.insert(REVISION_HISTORY_ANNOTATION.into(), joined);
                }
            }
        }
    }
    if !exists && set_replicas_annotations(rs, replicas(d), replicas(d) + max_surge(d)) {
        changed = true;
    }
    changed
}

/// `SetDeploymentRevision`.
pub fn set_deployment_revision(d: &mut Deployment, revision: &str) -> bool {
    if d.metadata.annotations.get(REVISION_ANNOTATION).map(String::as_str) == Some(revision) {
        return false;
    }
    d.metadata.annotations.insert(REVISION_ANNOTATION.into(), revision.to_string());
    true
}

pub fn condition<'a>(conds: &'a [WorkloadCondition], type_: &str) -> Option<&'a WorkloadCondition> {
    conds.iter().find(|c| c.type_ == type_)
}

/// `NewDeploymentCondition` (both times now).
pub fn new_condition(type_: &str, status: &str, reason: &str, message: String, now: Time) -> WorkloadCondition {
    WorkloadCondition {
        type_: type_.into(),
        status: status.into(),
        last_update_time: Some(now),
        last_transition_time: Some(now),
        reason: reason.into(),
        message,
    }
}

/// `SetDeploymentCondition`: no change when status and reason are equal; the transition time is
/// kept when only the reason changes; the condition moves to the end.
pub fn set_condition(conds: &mut Vec<WorkloadCondition>, mut c: WorkloadCondition) {
    if let Some(cur) = condition(conds, &c.type_) {
        if cur.status == c.status && cur.reason == c.reason {
            return;
        }
        if cur.status == c.status {
            c.last_transition_time = cur.last_transition_time;
        }
    }
    conds.retain(|x| x.type_ != c.type_);
    conds.push(c);
}

pub fn remove_condition(conds: &mut Vec<WorkloadCondition>, type_: &str) {
    conds.retain(|c| c.type_ != type_);
}

pub fn has_progress_deadline(d: &Deployment) -> bool {
    d.spec.progress_deadline_seconds.is_some_and(|s| s != i32::MAX)
}

/// `HasRevisionHistoryLimit`.
pub fn has_revision_history_limit(d: &Deployment) -> bool {
    d.spec.revision_history_limit.is_some_and(|l| l != i32::MAX)
}

/// `DeploymentComplete`.
pub fn deployment_complete(d: &Deployment, status: &DeploymentStatus) -> bool {
    let n = replicas(d);
    status.updated_replicas == n
        && status.replicas == n
        && status.available_replicas == n
        && status.observed_generation >= d.metadata.generation
}

/// `DeploymentProgressing`: more updated, fewer old, more ready or more available replicas
/// than the status as read.
pub fn deployment_progressing(old: &DeploymentStatus, new: &DeploymentStatus) -> bool {
    let old_old = old.replicas - old.updated_replicas;
    let new_old = new.replicas - new.updated_replicas;
    new.updated_replicas > old.updated_replicas
        || new_old < old_old
        || new.ready_replicas > old.ready_replicas
        || new.available_replicas > old.available_replicas
}

/// `DeploymentTimedOut`: the Progressing condition was last updated more than
/// progressDeadlineSeconds before `now` (never after a complete rollout; always once timed out).
pub fn deployment_timed_out(d: &Deployment, new: &DeploymentStatus, now: Time) -> bool {
    if !has_progress_deadline(d) {
        return false;
    }
    let Some(c) = condition(&new.conditions, "Progressing") else { return false };
    if c.reason == NEW_RS_AVAILABLE_REASON {
        return false;
    }
    if c.reason == TIMED_OUT_REASON {
        return true;
    }
    let deadline = i64::from(d.spec.progress_deadline_seconds.unwrap_or(600)) * 1000;
    c.last_update_time.unwrap_or_default().0 + deadline < now.0
}

/// The desired-replicas annotation of a ReplicaSet (`GetDesiredReplicasAnnotation`).
pub fn desired_annotation(rs: &ReplicaSet) -> Option<i32> {
    rs.metadata.annotations.get(DESIRED_REPLICAS_ANNOTATION).and_then(|v| v.parse().ok())
}

/// The max-replicas annotation of a ReplicaSet (`getMaxReplicasAnnotation`).
pub fn max_replicas_annotation(rs: &ReplicaSet) -> Option<i32> {
    rs.metadata.annotations.get(MAX_REPLICAS_ANNOTATION).and_then(|v| v.parse().ok())
}

/// `getRollbackTo`: the revision the deprecated rollback annotation asks for, if it is a number.
pub fn rollback_to(d: &Deployment) -> Option<i64> {
    d.metadata.annotations.get(ROLLBACK_TO_ANNOTATION).filter(|v| !v.is_empty()).and_then(|v| v.parse().ok())
}

/// `IsSaturated`.
pub fn is_saturated(d: &Deployment, rs: Option<&ReplicaSet>) -> bool {
    let Some(rs) = rs else { return false };
    let n = replicas(d);
    rs_replicas(rs) == n && desired_annotation(rs) == Some(n) && rs.status.available_replicas == n
}

/// `integer.RoundToInt32`: half away from zero.
pub fn round_to_i32(f: f64) -> i32 {
    let r = if f < 0.0 { (f - 0.5).ceil() } else { (f + 0.5).floor() };
    r.clamp(f64::from(i32::MIN), f64::from(i32::MAX)) as i32
}

/// `getReplicaSetFraction` (proportional scaling).
///
/// Worked example from the docs: replicas 10 → 15 with maxSurge 3, max-replicas 13 on both
/// ReplicaSets; old 8 → round(8·18/13) = 11 (+3), new 5 → round(5·18/13) = 7 (+2).
pub fn replica_set_fraction(rs: &ReplicaSet, d: &Deployment) -> i32 {
    let n = replicas(d);
    if n == 0 {
        return -rs_replicas(rs);
    }
    let max_now = n + max_surge(d);
    let before = max_replicas_annotation(rs).filter(|v| *v != 0).unwrap_or(d.status.replicas);
    if before == 0 {
        return 0;
    }
    let size = f64::from(rs_replicas(rs)) * f64::from(max_now) / f64::from(before);
    round_to_i32(size) - rs_replicas(rs)
}

/// `GetProportion`.
pub fn proportion(rs: &ReplicaSet, d: &Deployment, to_add: i32, added: i32) -> i32 {
    if rs_replicas(rs) == 0 || to_add == 0 || to_add == added {
        return 0;
    }
    let fraction = replica_set_fraction(rs, d);
    let allowed = to_add - added;
    if to_add > 0 {
        fraction.min(allowed)
    } else {
        fraction.max(allowed)
    }
}

/// Labels with one more label.
pub fn with_label(labels: &BTreeMap<String, String>, k: &str, v: &str) -> BTreeMap<String, String> {
    let mut l = labels.clone();
    l.insert(k.into(), v.into());
    l
}
