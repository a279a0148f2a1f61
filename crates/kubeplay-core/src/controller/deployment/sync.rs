//! The Deployment's ReplicaSets and status (pkg/controller/deployment/sync.go): finding or
//! creating the new ReplicaSet and syncing revisions, proportional scaling, history cleanup,
//! status and the paused conditions.

use crate::api::apps::{DeploymentStatus, ReplicaSet, ReplicaSetSpec, ReplicaSetStatus};
use crate::api::meta::{ObjectMeta, OwnerReference};
use crate::api::{Kind, Object};
use crate::controller::{Action, CreatedEvent, EventType, Propagation};
use crate::store::ObjRef;

use super::util::*;
use super::Sync;

impl Sync<'_> {
    /// `getAllReplicaSetsAndSyncRevision`: the new ReplicaSet (created when `create` and missing)
    /// and the old ones.
    pub fn all_and_sync_revision(&mut self, create: bool) -> (Option<usize>, Vec<usize>) {
        let existing = self.find_new();
        let olds = self.olds(existing);
        let old_refs: Vec<&ReplicaSet> = olds.iter().map(|&i| &self.rss[i]).collect();
        let new_revision = max_revision(&old_refs) + 1;
        if let Some(i) = existing {
            let mut rs = self.rss[i].clone();
            let annotations_changed = set_new_rs_annotations(&self.d, &mut rs, new_revision, true);
            let min_ready_changed = rs.spec.min_ready_seconds != self.d.spec.min_ready_seconds;
            if annotations_changed || min_ready_changed {
                rs.spec.min_ready_seconds = self.d.spec.min_ready_seconds;
                let old_rev = revision(&self.rss[i]);
                let why = if revision(&rs) > old_rev && old_rev > 0 {
                    format!(
                        "its template matches the deployment's again, so it becomes the newest revision {} (was {old_rev})",
                        revision(&rs)
                    )
                } else {
                    "the deployment's annotations are copied to its current ReplicaSet".into()
                };
                self.rss[i] = rs;
                self.write_rs(i, why);
                // Upstream returns here; the deployment's revision is written by a later sync.
                return (Some(i), self.olds(Some(i)));
            }
            let rev = self.rss[i].metadata.annotations.get(REVISION_ANNOTATION).cloned().unwrap_or_default();
            set_deployment_revision(&mut self.d, &rev);
            if has_progress_deadline(&self.d) && condition(&self.d.status.conditions, "Progressing").is_none() {
                let msg = format!("Found new replica set \"{}\"", self.rss[i].metadata.name);
                let c = new_condition("Progressing", "True", FOUND_NEW_RS_REASON, msg, self.now);
                set_condition(&mut self.d.status.conditions, c);
            }
            return (Some(i), olds);
        }
        if !create {
            return (None, olds);
        }
        self.create_new_rs(new_revision, olds)
    }

    fn create_new_rs(&mut self, new_revision: i64, olds: Vec<usize>) -> (Option<usize>, Vec<usize>) {
        let d = &self.d;
        let hash = compute_hash(&d.spec.template, d.status.collision_count);
        let name = format!("{}-{hash}", d.metadata.name);
        // A ReplicaSet of that name that is not ours, or has another template: a hash collision.
        if let Some(existing) = self.ctx.store.replica_set(&d.metadata.namespace, &name) {
            let ours = existing.metadata.controller_ref().is_some_and(|o| o.uid == d.metadata.uid);
            if !(ours && equal_ignore_hash(&existing.spec.template, &d.spec.template)) {
                let count = d.status.collision_count.unwrap_or(0) + 1;
                self.d.status.collision_count = Some(count);
                self.out.requeue_after = Some(0);
                return (None, olds);
            }
        }
        let mut template = d.spec.template.clone();
        template.metadata.labels = with_label(&d.spec.template.metadata.labels, POD_TEMPLATE_HASH_LABEL, &hash).into();
        let mut selector = d.spec.selector.clone();
        selector.match_labels.insert(POD_TEMPLATE_HASH_LABEL.into(), hash.clone());
        let mut rs = ReplicaSet {
            metadata: ObjectMeta {
                name: name.clone(),
                namespace: d.metadata.namespace.clone(),
                labels: template.metadata.labels.clone(),
                owner_references: vec![OwnerReference {
                    api_version: "apps/v1".into(),
                    kind: "Deployment".into(),
                    name: d.metadata.name.clone(),
                    uid: d.metadata.uid.clone(),
                    controller: Some(true),
                    block_owner_deletion: Some(true),
                }],
                ..ObjectMeta::default()
            },
            spec: ReplicaSetSpec { replicas: Some(0), min_ready_seconds: d.spec.min_ready_seconds, selector, template },
            status: ReplicaSetStatus::default(),
        };
        self.rss.push(rs.clone());
        let i = self.rss.len() - 1;
        let all: Vec<usize> = (0..self.rss.len()).collect();
        let (count, why) = self.new_rs_new_replicas(&all, i);
        rs.spec.replicas = Some(count);
        set_new_rs_annotations(&self.d, &mut rs, new_revision, false);
        self.rss[i] = rs.clone();
        let event = (count > 0).then(|| CreatedEvent {
            about: ObjRef::new(Kind::Deployment, self.d.metadata.namespace.clone(), self.d.metadata.name.clone()),
            type_: EventType::Normal,
            reason: "ScalingReplicaSet".into(),
            message: format!("Scaled up replica set {name} from 0 to {count}"),
        });
        let failed = Some(CreatedEvent {
            about: ObjRef::new(Kind::Deployment, self.d.metadata.namespace.clone(), self.d.metadata.name.clone()),
            type_: EventType::Warning,
            reason: "ReplicaSetCreateError".into(),
            message: format!("Failed to create new replica set \"{name}\": {{error}}"),
        });
        let why = format!(
            "revision {new_revision}: the deployment's pod template changed (hash {hash}), so a new ReplicaSet starts at {count}: {why}"
        );
        self.out.actions.push(Action::Create { obj: Object::ReplicaSet(Box::new(rs)), why, event, failed });
        set_deployment_revision(&mut self.d, &new_revision.to_string());
        if has_progress_deadline(&self.d) {
            let msg = format!("Created new replica set \"{name}\"");
            let c = new_condition("Progressing", "True", NEW_RS_REASON, msg, self.now);
            set_condition(&mut self.d.status.conditions, c);
        }
        (Some(i), olds)
    }

    /// `NewRSNewReplicas`: how many replicas the new ReplicaSet may have now, and why.
    pub fn new_rs_new_replicas(&self, all: &[usize], new: usize) -> (i32, String) {
        let n = replicas(&self.d);
        let current_new = rs_replicas(&self.rss[new]);
        if self.d.spec.strategy.type_ == "Recreate" {
            return (n, format!("Recreate starts the new ReplicaSet at the full {n} replicas"));
        }
        let surge = max_surge(&self.d);
        let current: i32 = all.iter().map(|&i| rs_replicas(&self.rss[i])).sum();
        let max_total = n + surge;
        if current >= max_total {
            return (
                current_new,
                format!(
                    "maxTotal {max_total} = {n} replicas + maxSurge {surge}; {current} exist, so none can be added"
                ),
            );
        }
        let up = (max_total - current).min(n - current_new);
        (
            current_new + up,
            format!(
                "maxTotal {max_total} = {n} replicas + maxSurge {surge} ({}); {current} exist → new ReplicaSet +{up}",
                explain_fenceposts(&self.d)
            ),
        )
    }

    /// `scaleReplicaSetAndRecordEvent`.
    pub fn scale_rs_and_record(&mut self, i: usize, new_scale: i32, why: String) -> bool {
        let old = rs_replicas(&self.rss[i]);
        if old == new_scale {
            return false;
        }
        let op = if old < new_scale { "up" } else { "down" };
        self.scale_rs(i, new_scale, op, why)
    }

    /// `scaleReplicaSet`: writes size and replica annotations; the event only when the size changed.
    pub fn scale_rs(&mut self, i: usize, new_scale: i32, op: &str, why: String) -> bool {
        let old = rs_replicas(&self.rss[i]);
        let size_changed = old != new_scale;
        let mut rs = self.rss[i].clone();
        let n = replicas(&self.d);
        let annotations_changed = set_replicas_annotations(&mut rs, n, n + max_surge(&self.d));
        if !size_changed && !annotations_changed {
            return false;
        }
        rs.spec.replicas = Some(new_scale);
        self.rss[i] = rs;
        self.write_rs(i, why);
        if size_changed {
            let name = self.rss[i].metadata.name.clone();
            self.event(
                EventType::Normal,
                "ScalingReplicaSet",
                format!("Scaled {op} replica set {name} from {old} to {new_scale}"),
            );
        }
        size_changed
    }

    /// `isScalingEvent`: an active ReplicaSet's desired-replicas annotation differs from replicas.
    pub fn is_scaling_event(&mut self) -> bool {
        let (new, olds) = self.all_and_sync_revision(false);
        let n = replicas(&self.d);
        new.into_iter()
            .chain(olds)
            .filter(|&i| rs_replicas(&self.rss[i]) > 0)
            .any(|i| desired_annotation(&self.rss[i]).is_some_and(|v| v != n))
    }

    /// `sync`: scaling (paused, or replicas changed), cleanup when paused, status.
    pub fn sync_scale(&mut self) {
        let (new, olds) = self.all_and_sync_revision(false);
        self.scale(new, &olds);
        if self.d.spec.paused {
            self.cleanup(&olds, new);
        }
        self.sync_deployment_status(new);
    }

    /// `scale`: one active ReplicaSet takes all replicas; a saturated new one drains the old;
    /// otherwise RollingUpdate distributes the change proportionally.
    pub fn scale(&mut self, new: Option<usize>, olds: &[usize]) {
        let n = replicas(&self.d);
        if let Some(i) = self.find_active_or_latest(new, olds) {
            if rs_replicas(&self.rss[i]) != n {
                let why = format!("the deployment wants {n} replicas and this is its only active ReplicaSet");
                self.scale_rs_and_record(i, n, why);
            }
            return;
        }
        if is_saturated(&self.d, new.map(|i| &self.rss[i])) {
            for &i in olds {
                if rs_replicas(&self.rss[i]) > 0 {
                    self.scale_rs_and_record(i, 0, "the new ReplicaSet has all replicas available".into());
                }
            }
            return;
        }
        if !is_rolling_update(&self.d) {
            return;
        }
        let mut active: Vec<usize> =
            new.into_iter().chain(olds.iter().copied()).filter(|&i| rs_replicas(&self.rss[i]) > 0).collect();
        let total: i32 = active.iter().map(|&i| rs_replicas(&self.rss[i])).sum();
        let allowed = if n > 0 { n + max_surge(&self.d) } else { 0 };
        let to_add = allowed - total;
        let op = match to_add.cmp(&0) {
            std::cmp::Ordering::Greater => {
                // Larger first; newer first among equals.
                active.sort_by(|a, b| {
                    rs_replicas(&self.rss[*b])
                        .cmp(&rs_replicas(&self.rss[*a]))
                        .then_with(|| by_creation(&self.rss[*b], &self.rss[*a]))
                });
                "up"
            }
            std::cmp::Ordering::Less => {
                // Larger first; older first among equals.
                active.sort_by(|a, b| {
                    rs_replicas(&self.rss[*b])
                        .cmp(&rs_replicas(&self.rss[*a]))
                        .then_with(|| by_creation(&self.rss[*a], &self.rss[*b]))
                });
                "down"
            }
            std::cmp::Ordering::Equal => "",
        };
        let mut sizes: Vec<i32> = Vec::new();
        let mut added = 0;
        for &i in &active {
            if to_add != 0 {
                let p = proportion(&self.rss[i], &self.d, to_add, added);
                sizes.push(rs_replicas(&self.rss[i]) + p);
                added += p;
            } else {
                sizes.push(rs_replicas(&self.rss[i]));
            }
        }
        for (k, &i) in active.iter().enumerate() {
            if k == 0 && to_add != 0 {
                sizes[k] = (sizes[k] + to_add - added).max(0);
            }
            let why = format!(
                "proportional scaling: {total} replicas across the active ReplicaSets become {allowed} ({n} replicas + maxSurge {}); each gets its share of max-replicas",
                max_surge(&self.d)
            );
            self.scale_rs(i, sizes[k], op, why);
        }
    }

    /// `FindActiveOrLatest`.
    fn find_active_or_latest(&self, new: Option<usize>, olds: &[usize]) -> Option<usize> {
        if new.is_none() && olds.is_empty() {
            return None;
        }
        let mut sorted_olds = olds.to_vec();
        sorted_olds.sort_by(|a, b| by_creation(&self.rss[*b], &self.rss[*a]));
        let active: Vec<usize> =
            sorted_olds.iter().copied().chain(new).filter(|&i| rs_replicas(&self.rss[i]) > 0).collect();
        match active.len() {
            0 => new.or_else(|| sorted_olds.first().copied()),
            1 => Some(active[0]),
            _ => None,
        }
    }

    /// `cleanupDeployment`: deletes the oldest idle ReplicaSets beyond revisionHistoryLimit.
    pub fn cleanup(&mut self, olds: &[usize], new: Option<usize>) {
        if !has_revision_history_limit(&self.d) {
            return;
        }
        let limit = self.d.spec.revision_history_limit.unwrap_or(10);
        let mut candidates: Vec<usize> = olds
            .iter()
            .copied()
            .filter(|&i| {
                Some(i) != new
                    && self.rss[i].metadata.deletion_timestamp.is_none()
                    && !self.rss[i].metadata.uid.is_empty()
            })
            .collect();
        let diff = candidates.len() as i64 - i64::from(limit);
        if diff <= 0 {
            return;
        }
        candidates.sort_by(|a, b| by_revision(&self.rss[*a], &self.rss[*b]));
        for &i in candidates.iter().take(usize::try_from(diff).unwrap_or(0)) {
            let rs = &self.rss[i];
            if rs.status.replicas != 0 || rs_replicas(rs) != 0 || rs.metadata.generation > rs.status.observed_generation
            {
                continue;
            }
            self.out.actions.push(Action::Delete {
                target: ObjRef::new(Kind::ReplicaSet, rs.metadata.namespace.clone(), rs.metadata.name.clone()),
                uid: rs.metadata.uid.clone(),
                propagation: Propagation::Background,
                grace_seconds: None,
                why: format!(
                    "revision {} is beyond revisionHistoryLimit {limit}: the oldest idle ReplicaSets are removed",
                    revision(rs)
                ),
            });
        }
    }

    /// `calculateStatus`.
    pub fn calculate_status(&self, new: Option<usize>) -> DeploymentStatus {
        let all = 0..self.rss.len();
        let available: i32 = all.clone().map(|i| self.rss[i].status.available_replicas).sum();
        let total_spec: i32 = all.clone().map(|i| rs_replicas(&self.rss[i])).sum();
        let mut status = DeploymentStatus {
            observed_generation: self.d.metadata.generation,
            replicas: all.clone().map(|i| self.rss[i].status.replicas).sum(),
            updated_replicas: new.map_or(0, |i| self.rss[i].status.replicas),
            ready_replicas: all.map(|i| self.rss[i].status.ready_replicas).sum(),
            available_replicas: available,
            unavailable_replicas: (total_spec - available).max(0),
            conditions: self.d.status.conditions.clone(),
            collision_count: self.d.status.collision_count,
        };
        let n = replicas(&self.d);
        let c = if available >= n - max_unavailable(&self.d) {
            new_condition(
                "Available",
                "True",
                MIN_AVAILABLE_REASON,
                "Deployment has minimum availability.".into(),
                self.now,
            )
        } else {
            new_condition(
                "Available",
                "False",
                MIN_UNAVAILABLE_REASON,
                "Deployment does not have minimum availability.".into(),
                self.now,
            )
        };
        set_condition(&mut status.conditions, c);
        status
    }

    /// `syncDeploymentStatus`.
    pub fn sync_deployment_status(&mut self, new: Option<usize>) {
        let status = self.calculate_status(new);
        self.d.status = status;
    }

    /// `syncStatusOnly`.
    pub fn sync_status_only(&mut self) {
        let (new, _) = self.all_and_sync_revision(false);
        self.sync_deployment_status(new);
    }

    /// `checkPausedConditions`.
    pub fn check_paused_conditions(&mut self) {
        if !has_progress_deadline(&self.d) {
            return;
        }
        let cond = condition(&self.d.status.conditions, "Progressing").cloned();
        if cond.as_ref().is_some_and(|c| c.reason == TIMED_OUT_REASON) {
            return;
        }
        let paused_exists = cond.as_ref().is_some_and(|c| c.reason == PAUSED_REASON);
        if self.d.spec.paused && !paused_exists {
            let c = new_condition("Progressing", "Unknown", PAUSED_REASON, "Deployment is paused".into(), self.now);
            set_condition(&mut self.d.status.conditions, c);
        } else if !self.d.spec.paused && paused_exists {
            let c = new_condition("Progressing", "Unknown", RESUMED_REASON, "Deployment is resumed".into(), self.now);
            set_condition(&mut self.d.status.conditions, c);
        }
    }
}
