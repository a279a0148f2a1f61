//! The Recreate strategy (pkg/controller/deployment/recreate.go): every old pod is gone before
//! the new ReplicaSet scales up.

use super::util::*;
use super::Sync;

impl Sync<'_> {
    /// `rolloutRecreate`.
    pub fn rollout_recreate(&mut self) {
        let (mut new, mut olds) = self.all_and_sync_revision(false);
        let active_olds: Vec<usize> = olds.iter().copied().filter(|&i| rs_replicas(&self.rss[i]) > 0).collect();
        let mut scaled = false;
        for &i in &active_olds {
            scaled |= self.scale_rs_and_record(i, 0, "Recreate scales every old ReplicaSet to 0 first".into());
        }
        if scaled {
            self.sync_rollout_status(new);
            return;
        }
        if self.old_pods_running(new, &olds) {
            self.sync_rollout_status(new);
            return;
        }
        if new.is_none() {
            let (n, o) = self.all_and_sync_revision(true);
            new = n;
            olds = o;
        }
        if let Some(i) = new {
            let n = replicas(&self.d);
            if rs_replicas(&self.rss[i]) != n {
                self.scale_rs_and_record(
                    i,
                    n,
                    format!("no old pod is left, so Recreate scales the new ReplicaSet to {n}"),
                );
            }
        }
        if deployment_complete(&self.d, &self.orig.status) {
            self.cleanup(&olds, new);
        }
        self.sync_rollout_status(new);
    }

    /// `oldPodsRunning`: old ReplicaSets still report pods, or some old pod is not finished.
    fn old_pods_running(&self, new: Option<usize>, olds: &[usize]) -> bool {
        if olds.iter().map(|&i| self.rss[i].status.replicas).sum::<i32>() > 0 {
            return true;
        }
        let new_uid = new.map(|i| self.rss[i].metadata.uid.clone());
        self.pods.iter().any(|(uid, pods)| {
            Some(uid) != new_uid.as_ref()
                && pods.iter().any(|p| p.status.phase != "Failed" && p.status.phase != "Succeeded")
        })
    }
}
