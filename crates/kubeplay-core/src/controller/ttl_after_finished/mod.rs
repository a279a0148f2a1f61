//! The TTL-after-finished controller (pkg/controller/ttlafterfinished): deletes a finished Job
//! `ttlSecondsAfterFinished` seconds after its Complete or Failed condition, in the foreground so
//! that its pods go first. It records no events.

use crate::api::batch::Job;
use crate::api::meta::{Time, EPOCH_UNIX_MS};
use crate::api::{Kind, Object};
use crate::store::{Change, ObjRef, Store};

use super::job::is_finished;
use super::{Action, Ctx, Propagation, Reconcile};

/// Follows `processJob`: requeues until the TTL expires, then deletes the Job with foreground
/// propagation and a uid precondition.
pub fn reconcile(ctx: &Ctx, target: &ObjRef) -> Reconcile {
    let mut out = Reconcile::default();
    let Some(job) = ctx.store.job(&target.key.namespace, &target.key.name) else { return out };
    if job.metadata.deletion_timestamp.is_some() || !needs_cleanup(job) {
        return out;
    }
    let (Some(ttl), Some(finished)) = (job.spec.ttl_seconds_after_finished, finish_time(job)) else {
        return out;
    };
    let expire_at = finished.0 + i64::from(ttl) * 1000;
    let now_ms = EPOCH_UNIX_MS + i64::try_from(ctx.now).unwrap_or(i64::MAX / 2);
    if expire_at > now_ms {
        out.requeue_after = u64::try_from(expire_at - now_ms).ok();
        return out;
    }
    let condition = if job.status.conditions.iter().any(|c| c.type_ == "Complete" && c.status == "True") {
        "completed"
    } else {
        "failed"
    };
    out.actions.push(Action::Delete {
        target: ObjRef::new(Kind::Job, &job.metadata.namespace, &job.metadata.name),
        uid: job.metadata.uid.clone(),
        propagation: Propagation::Foreground,
        grace_seconds: None,
        why: format!(
            "ttlSecondsAfterFinished is {ttl}: it {condition} at {} and so expired at {}; deleted in the foreground, \
             its pods first",
            finished.rfc3339(),
            Time(expire_at).rfc3339()
        ),
    });
    out
}

/// `needsCleanup`: a TTL is set and the Job is finished.
fn needs_cleanup(job: &Job) -> bool {
    job.spec.ttl_seconds_after_finished.is_some() && is_finished(job)
}

/// `jobFinishTime`: when the Complete or Failed condition became True.
fn finish_time(job: &Job) -> Option<Time> {
    job.status
        .conditions
        .iter()
        .find(|c| (c.type_ == "Complete" || c.type_ == "Failed") && c.status == "True")
        .and_then(|c| c.last_transition_time)
}

/// Jobs added or updated that are finished, have a TTL and are not being deleted (`addJob`,
/// `updateJob`).
pub fn watch(_store: &Store, change: &Change) -> Vec<ObjRef> {
    match &change.new {
        Some(Object::Job(j)) if j.metadata.deletion_timestamp.is_none() && needs_cleanup(j) => vec![change.obj.clone()],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests;
