//! The Recreate strategy (pkg/controller/deployment/recreate.go): every old pod is gone before
//! the new ReplicaSet scales up.

use std::collections::BTreeMap;

use super::util::*;
use super::Sync;
use crate::api::apps::ReplicaSet;
use crate::api::pod::Pod;

impl Sync<'_> {
    /// `rolloutRecreate`.
    pub fn rollout_recreate(&mut self) {
        let found = self.all_and_sync_revision(false);
        let (mut new, mut olds) = (found.new, found.olds);
        let active_olds: Vec<usize> = olds.iter().copied().filter(|&i| rs_replicas(&self.rss[i]) > 0).collect();
        let mut scaled = false;
        for &i in &active_olds {
            let why = "Recreate scales every old ReplicaSet to 0 before the new one starts".to_string();
            scaled |= self.scale_rs_and_record(i, 0, why);
        }
        if scaled {
            self.sync_rollout_status(new);
            return;
        }
        let new_uid = new.map(|i| self.rss[i].metadata.uid.clone());
        let old_rss: Vec<&ReplicaSet> = olds.iter().map(|&i| &self.rss[i]).collect();
        if old_pods_running(new_uid.as_deref(), &old_rss, &self.pod_map()) {
            self.sync_rollout_status(new);
            return;
        }
        if new.is_none() {
            let found = self.all_and_sync_revision(true);
            if found.abort {
                return;
            }
            new = found.new;
            olds = found.olds;
        }
        if let Some(i) = new {
            let n = replicas(&self.d);
            let why = format!("no old pod is left, so Recreate scales the new ReplicaSet to all {n} replicas");
            self.scale_rs_and_record(i, n, why);
        }
        if deployment_complete(&self.d, &self.d.status) {
            self.cleanup(&olds);
        }
        self.sync_rollout_status(new);
    }
}

/// `oldPodsRunning`: old ReplicaSets still report pods, or some pod of a ReplicaSet other than
/// the new one has not finished (a terminating pod still runs).
pub(super) fn old_pods_running(
    new_uid: Option<&str>,
    olds: &[&ReplicaSet],
    pod_map: &BTreeMap<String, Vec<&Pod>>,
) -> bool {
    if olds.iter().map(|rs| rs.status.replicas).sum::<i32>() > 0 {
        return true;
    }
    pod_map.iter().any(|(uid, pods)| {
        Some(uid.as_str()) != new_uid
            && pods.iter().any(|p| p.status.phase != "Failed" && p.status.phase != "Succeeded")
    })
}
