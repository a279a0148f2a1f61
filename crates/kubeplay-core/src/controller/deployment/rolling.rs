//! The RollingUpdate strategy (pkg/controller/deployment/rolling.go): scale the new ReplicaSet up
//! within maxSurge, clean up unhealthy old replicas, then scale old ReplicaSets down within
//! maxUnavailable.

use super::util::*;
use super::Sync;

impl Sync<'_> {
    /// `rolloutRolling`.
    pub fn rollout_rolling(&mut self) {
        let found = self.all_and_sync_revision(true);
        if found.abort {
            return;
        }
        let (new, olds) = (found.new, found.olds);
        let Some(new_i) = new else {
            self.sync_rollout_status(None);
            return;
        };
        let all: Vec<usize> = (0..self.rss.len()).collect();
        if self.reconcile_new_rs(&all, new_i) {
            self.sync_rollout_status(new);
            return;
        }
        let active_olds: Vec<usize> = olds.iter().copied().filter(|&i| rs_replicas(&self.rss[i]) > 0).collect();
        if self.reconcile_old_rss(&all, &active_olds, new_i) {
            self.sync_rollout_status(new);
            return;
        }
        // Upstream checks the status as it was before this sync wrote anything.
        if deployment_complete(&self.d, &self.d.status) {
            self.cleanup(&olds);
        }
        self.sync_rollout_status(new);
    }

    /// `reconcileNewReplicaSet`.
    pub(super) fn reconcile_new_rs(&mut self, all: &[usize], new: usize) -> bool {
        let n = replicas(&self.d);
        let current = rs_replicas(&self.rss[new]);
        if current == n {
            return false;
        }
        if current > n {
            let why = format!("the new ReplicaSet has more than the {n} replicas wanted");
            return self.scale_rs_and_record(new, n, why);
        }
        let (count, why) = self.new_rs_new_replicas(all, new);
        self.scale_rs_and_record(new, count, why)
    }

    /// `reconcileOldReplicaSets`: `olds` are the active old ReplicaSets.
    pub(super) fn reconcile_old_rss(&mut self, all: &[usize], olds: &[usize], new: usize) -> bool {
        let old_pods: i32 = olds.iter().map(|&i| rs_replicas(&self.rss[i])).sum();
        if old_pods == 0 {
            return false;
        }
        let all_pods: i32 = all.iter().map(|&i| rs_replicas(&self.rss[i])).sum();
        let n = replicas(&self.d);
        let min_available = n - max_unavailable(&self.d);
        let new_unavailable = rs_replicas(&self.rss[new]) - self.rss[new].status.available_replicas;
        let max_scaled_down = all_pods - min_available - new_unavailable;
        if max_scaled_down <= 0 {
            return false;
        }
        let budget = format!(
            "maxScaledDown {max_scaled_down} = {all_pods} replicas in all ReplicaSets - minAvailable {min_available} - {new_unavailable} unavailable in the new one"
        );
        let Some(cleaned) = self.cleanup_unhealthy(olds, max_scaled_down, &budget) else {
            return false;
        };
        let with_new: Vec<usize> = olds.iter().copied().chain(Some(new)).collect();
        let scaled = self.scale_down_old_for_rolling(&with_new, olds);
        cleaned + scaled > 0
    }

    /// `cleanupUnhealthyReplicas`: old replicas that are not available go first, without lowering
    /// availability. `None` where upstream fails (an old ReplicaSet reports more available
    /// replicas than it wants: its status lags its scale-down).
    pub(super) fn cleanup_unhealthy(&mut self, olds: &[usize], max_cleanup: i32, budget: &str) -> Option<i32> {
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
            if down < 0 {
                return None;
            }
            let why = format!(
                "{} of its {spec} replicas are not available, and unhealthy old replicas go first ({budget})",
                spec - available
            );
            self.scale_rs_and_record(i, spec - down, why);
            total += down;
        }
        Some(total)
    }

    /// `scaleDownOldReplicaSetsForRollingUpdate`: as many old replicas as `all` has available
    /// beyond minAvailable, oldest ReplicaSet first.
    pub(super) fn scale_down_old_for_rolling(&mut self, all: &[usize], olds: &[usize]) -> i32 {
        let n = replicas(&self.d);
        let min_available = n - max_unavailable(&self.d);
        let available: i32 = all.iter().map(|&i| self.rss[i].status.available_replicas).sum();
        if available <= min_available {
            return 0;
        }
        let mut sorted = olds.to_vec();
        sorted.sort_by(|a, b| by_creation(&self.rss[*a], &self.rss[*b]));
        let to_remove = available - min_available;
        let why = format!(
            "minAvailable {min_available} = {n} replicas - {}; {available} available → old ReplicaSets -{to_remove}",
            unavailable_text(&self.d)
        );
        let mut total = 0;
        for i in sorted {
            if total >= to_remove {
                break;
            }
            let spec = rs_replicas(&self.rss[i]);
            if spec == 0 {
                continue;
            }
            let down = spec.min(to_remove - total);
            self.scale_rs_and_record(i, spec - down, why.clone());
            total += down;
        }
        total
    }
}
