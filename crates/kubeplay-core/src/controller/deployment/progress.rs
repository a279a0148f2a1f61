//! Rollout progress (pkg/controller/deployment/progress.go): the Progressing condition, the
//! progress deadline, ReplicaFailure, and requeueing a stuck rollout.

use super::util::*;
use super::Sync;
use crate::api::apps::{Deployment, DeploymentStatus};
use crate::api::meta::Time;
use crate::controller::pod_control::ranking::precise_now;

impl Sync<'_> {
    /// `syncRolloutStatus`.
    pub fn sync_rollout_status(&mut self, new: Option<usize>) {
        let mut status = self.calculate_status(new);
        if !has_progress_deadline(&self.d) {
            remove_condition(&mut status.conditions, "Progressing");
        }
        // Upstream compares with its copy of the Deployment, which earlier steps of this sync
        // changed (a new ReplicaSet's condition, the revision).
        let current = condition(&self.d.status.conditions, "Progressing").cloned();
        let complete = status.replicas == status.updated_replicas
            && current.as_ref().is_some_and(|c| c.reason == NEW_RS_AVAILABLE_REASON);
        let new_name = new.map(|i| self.rss[i].metadata.name.clone());
        let subject = |what: &str| match &new_name {
            Some(n) => format!("ReplicaSet \"{n}\" {what}"),
            None => format!("Deployment \"{}\" {what}", self.d.metadata.name),
        };
        if has_progress_deadline(&self.d) && !complete {
            if deployment_complete(&self.d, &status) {
                let c = new_condition(
                    "Progressing",
                    "True",
                    NEW_RS_AVAILABLE_REASON,
                    subject("has successfully progressed."),
                    self.now,
                );
                set_condition(&mut status.conditions, c);
            } else if deployment_progressing(&self.d.status, &status) {
                let mut c =
                    new_condition("Progressing", "True", RS_UPDATED_REASON, subject("is progressing."), self.now);
                if let Some(cur) = &current {
                    if cur.status == "True" {
                        c.last_transition_time = cur.last_transition_time;
                    }
                    remove_condition(&mut status.conditions, "Progressing");
                }
                set_condition(&mut status.conditions, c);
            } else if deployment_timed_out(&self.d, &status, precise_now(self.ctx.now)) {
                let c = new_condition(
                    "Progressing",
                    "False",
                    TIMED_OUT_REASON,
                    subject("has timed out progressing."),
                    self.now,
                );
                set_condition(&mut status.conditions, c);
            }
        }
        // ReplicaFailure comes from the new ReplicaSet (else any old one).
        let failure = new
            .into_iter()
            .chain(0..self.rss.len())
            .find_map(|i| condition(&self.rss[i].status.conditions, "ReplicaFailure").cloned());
        match failure {
            Some(f) => {
                // `ReplicaSetToDeploymentCondition`: both times are the ReplicaSet condition's transition.
                let mut c = new_condition("ReplicaFailure", &f.status, &f.reason, f.message.clone(), self.now);
                c.last_transition_time = f.last_transition_time;
                c.last_update_time = f.last_transition_time;
                set_condition(&mut status.conditions, c);
            }
            None => remove_condition(&mut status.conditions, "ReplicaFailure"),
        }
        if status == self.d.status {
            self.requeue_stuck(&status);
        }
        self.d.status = status;
    }

    /// `requeueStuckDeployment`: checks the deadline again once it can have passed.
    fn requeue_stuck(&mut self, status: &DeploymentStatus) {
        if let Some(delay) = requeue_stuck_after(&self.d, status, precise_now(self.ctx.now)) {
            self.out.requeue_after = Some(delay);
        }
    }
}

/// `requeueStuckDeployment`: when to sync a rollout that shows no progress again, in ms (`None`:
/// no deadline, no Progressing condition, complete, or already timed out).
pub(super) fn requeue_stuck_after(d: &Deployment, status: &DeploymentStatus, now: Time) -> Option<u64> {
    let cur = condition(&d.status.conditions, "Progressing")?;
    if !has_progress_deadline(d) || deployment_complete(d, status) || cur.reason == TIMED_OUT_REASON {
        return None;
    }
    let deadline = i64::from(d.spec.progress_deadline_seconds.unwrap_or(600)) * 1000;
    let after = cur.last_update_time.unwrap_or_default().0 + deadline - now.0;
    // Under a second left: upstream requeues at once, rate limited; each sync succeeds and resets
    // the limiter, so it looks again every 5ms until the deadline has passed. Otherwise it adds a
    // second against clock skew.
    let delay = if after < 1000 { 5 * (after.max(0) / 5 + 1) } else { after + 1000 };
    u64::try_from(delay).ok()
}
