//! Rollout progress (pkg/controller/deployment/progress.go): the Progressing condition, the
//! progress deadline, ReplicaFailure, and requeueing a stuck rollout.

use super::util::*;
use super::Sync;

impl Sync<'_> {
    /// `syncRolloutStatus`.
    pub fn sync_rollout_status(&mut self, new: Option<usize>) {
        let mut status = self.calculate_status(new);
        if !has_progress_deadline(&self.d) {
            remove_condition(&mut status.conditions, "Progressing");
        }
        let current = condition(&self.orig.status.conditions, "Progressing").cloned();
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
            } else if self.progressing(&status) {
                let mut c =
                    new_condition("Progressing", "True", RS_UPDATED_REASON, subject("is progressing."), self.now);
                if let Some(cur) = &current {
                    if cur.status == "True" {
                        c.last_transition_time = cur.last_transition_time;
                    }
                    remove_condition(&mut status.conditions, "Progressing");
                }
                set_condition(&mut status.conditions, c);
            } else if self.timed_out(&status) {
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
                let c = new_condition("ReplicaFailure", &f.status, &f.reason, f.message.clone(), self.now);
                set_condition(&mut status.conditions, c);
            }
            None => remove_condition(&mut status.conditions, "ReplicaFailure"),
        }
        if status == self.orig.status {
            self.requeue_stuck(&status);
        }
        self.d.status = status;
    }

    /// `DeploymentProgressing`: compared with the status stored before this sync.
    fn progressing(&self, new: &crate::api::apps::DeploymentStatus) -> bool {
        let old = &self.orig.status;
        let old_old = old.replicas - old.updated_replicas;
        let new_old = new.replicas - new.updated_replicas;
        new.updated_replicas > old.updated_replicas
            || new_old < old_old
            || new.ready_replicas > old.ready_replicas
            || new.available_replicas > old.available_replicas
    }

    /// `DeploymentTimedOut`.
    fn timed_out(&self, new: &crate::api::apps::DeploymentStatus) -> bool {
        let Some(c) = condition(&new.conditions, "Progressing") else { return false };
        if c.reason == NEW_RS_AVAILABLE_REASON {
            return false;
        }
        if c.reason == TIMED_OUT_REASON {
            return true;
        }
        let deadline = i64::from(self.d.spec.progress_deadline_seconds.unwrap_or(600)) * 1000;
        let from = c.last_update_time.unwrap_or_default();
        from.0 + deadline < self.now.0
    }

    /// `requeueStuckDeployment`: checks the deadline again once it can have passed.
    fn requeue_stuck(&mut self, status: &crate::api::apps::DeploymentStatus) {
        let Some(cur) = condition(&self.orig.status.conditions, "Progressing") else { return };
        if !has_progress_deadline(&self.d) || deployment_complete(&self.d, status) || cur.reason == TIMED_OUT_REASON {
            return;
        }
        let deadline = i64::from(self.d.spec.progress_deadline_seconds.unwrap_or(600)) * 1000;
        let after = cur.last_update_time.unwrap_or_default().0 + deadline - self.now.0;
        let delay = if after < 1000 { 1000 } else { after + 1000 };
        self.out.requeue_after = Some(u64::try_from(delay).unwrap_or(1000));
    }
}
