//! The RollingUpdate strategy (pkg/controller/deployment/rolling.go): scale the new ReplicaSet up
//! within maxSurge, clean up unhealthy old replicas, then scale old ReplicaSets down within
//! maxUnavailable.

use super::util::*;
use super::Sync;

impl Sync<'_> {
    /// `rolloutRolling`.
    pub fn rollout_rolling(&mut self) {
        let (new, olds) = self.all_and_sync_revision(true);
        let Some(new_i) = new else {
            // The new ReplicaSet could not be created this time (a hash collision); retry.
            self.sync_rollout_status(None);
            return;
        };
        let all: Vec<usize> = (0..self.rss.len()).collect();
        if self.reconcile_new_rs(&all, new_i) {
            self.sync_rollout_status(new);
            return;
        }
        let active_olds: Vec<usize> = olds.iter().copied().filter(|&i| rs_replicas(&self.rss[i]) > 0).collect();
        if self.reconcile_old_rss(&active_olds, new_i) {
            self.sync_rollout_status(new);
            return;
        }
        if deployment_complete(&self.d, &self.orig.status) {
            self.cleanup(&olds, new);
        }
        self.sync_rollout_status(new);
    }

    /// `reconcileNewReplicaSet`.
    fn reconcile_new_rs(&mut self, all: &[usize], new: usize) -> bool {
        let n = replicas(&self.d);
        let current = rs_replicas(&self.rss[new]);
        if current == n {
            return false;
        }
        if current > n {
            return self.scale_rs_and_record(
                new,
                n,
                format!("the new ReplicaSet has more than the {n} replicas wanted"),
            );
        }
        let (count, why) = self.new_rs_new_replicas(all, new);
        self.scale_rs_and_record(new, count, why)
    }

    /// `reconcileOldReplicaSets`.
    fn reconcile_old_rss(&mut self, olds: &[usize], new: usize) -> bool {
        let old_pods: i32 = olds.iter().map(|&i| rs_replicas(&self.rss[i])).sum();
        if old_pods == 0 {
            return false;
        }
        let all_pods: i32 = (0..self.rss.len()).map(|i| rs_replicas(&self.rss[i])).sum();
        let n = replicas(&self.d);
        let max_unavail = max_unavailable(&self.d);
        let min_available = n - max_unavail;
        let new_unavailable = rs_replicas(&self.rss[new]) - self.rss[new].status.available_replicas;
        let max_scaled_down = all_pods - min_available - new_unavailable;
        if max_scaled_down <= 0 {
            return false;
        }
        let cleaned = self.cleanup_unhealthy(olds, max_scaled_down);
        let scaled = self.scale_down_old_for_rolling(olds, new, min_available, max_unavail);
        cleaned + scaled > 0
    }

    /// `cleanupUnhealthyReplicas`: old replicas that are not available go first, without lowering
    /// availability.
    fn cleanup_unhealthy(&mut self, olds: &[usize], max_cleanup: i32) -> i32 {
        let mut sorted = olds.to_vec();
        sorted.sort_by(|a, b| by_creation(&self.rss[*a], &self.rss[*b]));
        let mut total = 0;
        for i in sorted {
            if total >= max_cleanup {
                break;
            }
            let spec = rs_replicas(&self.rss[i]);
            let available = self.rss[i].status.available_replicas;
            if spec == 0 || spec == available {
                continue;
            }
            let down = (max_cleanup - total).min(spec - available);
            let why = format!(
                "{} of its {spec} replicas are not available: unhealthy old replicas are removed first (up to {max_cleanup} now)",
                spec - available
            );
            self.scale_rs_and_record(i, spec - down, why);
            total += down;
        }
        total
    }

    /// `scaleDownOldReplicaSetsForRollingUpdate`.
    fn scale_down_old_for_rolling(&mut self, olds: &[usize], new: usize, min_available: i32, max_unavail: i32) -> i32 {
        let active: Vec<usize> =
            olds.iter().copied().chain(Some(new)).filter(|&i| rs_replicas(&self.rss[i]) > 0).collect();
        let available: i32 = active.iter().map(|&i| self.rss[i].status.available_replicas).sum();
        if available <= min_available {
            return 0;
        }
        let mut sorted = olds.to_vec();
        sorted.sort_by(|a, b| by_creation(&self.rss[*a], &self.rss[*b]));
        let to_remove = available - min_available;
        let mut total = 0;
        let n = replicas(&self.d);
        for i in sorted {
            if total >= to_remove {
                break;
            }
            let spec = rs_replicas(&self.rss[i]);
            if spec == 0 {
                continue;
            }
            let down = spec.min(to_remove - total);
            let why = format!(
                "minAvailable {min_available} = {n} replicas - maxUnavailable {max_unavail}; {available} available → old ReplicaSets -{to_remove}"
            );
            self.scale_rs_and_record(i, spec - down, why);
            total += down;
        }
        total
    }
}
