//! The Deployment's ReplicaSets and status (pkg/controller/deployment/sync.go): finding or
//! creating the new ReplicaSet and syncing revisions, proportional scaling, history cleanup,
//! status and the paused conditions.

use crate::api::apps::{DeploymentStatus, ReplicaSet, ReplicaSetSpec, ReplicaSetStatus};
use crate::api::meta::{ObjectMeta, OwnerReference};
use crate::api::{Kind, Object};
use crate::cluster::ApiError;
use crate::controller::{Action, CreatedEvent, EventType, Propagation};
use crate::store::ObjRef;

use super::util::*;
use super::Sync;

/// What `getAllReplicaSetsAndSyncRevision` found.
pub struct Found {
    pub new: Option<usize>,
    pub olds: Vec<usize>,
    /// The sync must stop here (upstream returns an error and the Deployment is requeued).
    pub abort: bool,
}

impl Sync<'_> {
    /// `getAllReplicaSetsAndSyncRevision`: the new ReplicaSet (created when `create` and missing)
    /// and the old ones, with the new one's revision raised above every old one.
    pub fn all_and_sync_revision(&mut self, create: bool) -> Found {
        let existing = self.find_new();
        let olds = self.olds(existing);
        let old_refs: Vec<&ReplicaSet> = olds.iter().map(|&i| &self.rss[i]).collect();
        let new_revision = max_revision(&old_refs) + 1;
        if let Some(i) = existing {
            self.sync_existing_new_rs(i, new_revision);
            return Found { new: Some(i), olds, abort: false };
        }
        if !create {
            return Found { new: None, olds, abort: false };
        }
        self.create_new_rs(new_revision, olds)
    }

    /// `getNewReplicaSet` for an existing new ReplicaSet: copies the Deployment's annotations,
    /// raises its revision, syncs minReadySeconds; otherwise records its revision on the
    /// Deployment (and FoundNewReplicaSet when there is no Progressing condition yet).
    fn sync_existing_new_rs(&mut self, i: usize, new_revision: i64) {
        let mut rs = self.rss[i].clone();
        let old_rev = revision(&rs);
        let annotations_changed = set_new_rs_annotations(&self.d, &mut rs, new_revision, true);
        let min_ready_changed = rs.spec.min_ready_seconds != self.d.spec.min_ready_seconds;
        if annotations_changed || min_ready_changed {
            rs.spec.min_ready_seconds = self.d.spec.min_ready_seconds;
            let why = if revision(&rs) > old_rev && old_rev > 0 {
                format!(
                    "its template is the deployment's again, so it becomes revision {} (the highest old revision is {}); revision {old_rev} is gone from the history",
                    revision(&rs),
                    new_revision - 1
                )
            } else if min_ready_changed {
                format!("minReadySeconds {} is copied from the deployment", self.d.spec.min_ready_seconds)
            } else {
                "the deployment's annotations are copied to its newest ReplicaSet".into()
            };
            // Upstream returns the updated ReplicaSet here; the Deployment's revision follows
            // in a later sync.
            self.write_rs(i, rs, why);
            return;
        }
        let rev = self.rss[i].metadata.annotations.get(REVISION_ANNOTATION).cloned().unwrap_or_default();
        set_deployment_revision(&mut self.d, &rev);
        if has_progress_deadline(&self.d) && condition(&self.d.status.conditions, "Progressing").is_none() {
            let msg = format!("Found new replica set \"{}\"", self.rss[i].metadata.name);
            let c = new_condition("Progressing", "True", FOUND_NEW_RS_REASON, msg, self.now);
            set_condition(&mut self.d.status.conditions, c);
        }
    }

    /// `getNewReplicaSet` when there is no new ReplicaSet: creates `<deployment>-<hash>`.
    fn create_new_rs(&mut self, new_revision: i64, olds: Vec<usize>) -> Found {
        let d = &self.d;
        let ns = d.metadata.namespace.clone();
        let hash = compute_hash(&d.spec.template, d.status.collision_count);
        let name = format!("{}-{hash}", d.metadata.name);
        if let Some(existing) = self.ctx.store.replica_set(&ns, &name) {
            let ours = existing.metadata.controller_ref().is_some_and(|o| o.uid == d.metadata.uid);
            if ours && equal_ignore_hash(&d.spec.template, &existing.spec.template) {
                // Already created (upstream meets this with a slow cache): use it, no event.
                let i = match self.rss.iter().position(|rs| rs.metadata.uid == existing.metadata.uid) {
                    Some(i) => i,
                    None => {
                        self.rss.push(existing.clone());
                        self.rss.len() - 1
                    }
                };
                set_deployment_revision(&mut self.d, &new_revision.to_string());
                let olds = self.olds(Some(i));
                return Found { new: Some(i), olds, abort: false };
            }
            // A hash collision: bump collisionCount so the next hash differs, and retry.
            let count = d.status.collision_count.unwrap_or(0) + 1;
            self.d.status.collision_count = Some(count);
            self.out.requeue_after = Some(0);
            return Found { new: None, olds, abort: true };
        }
        let mut template = d.spec.template.clone();
        template.metadata.labels = with_label(&d.spec.template.metadata.labels, POD_TEMPLATE_HASH_LABEL, &hash).into();
        let mut selector = d.spec.selector.clone();
        selector.match_labels.insert(POD_TEMPLATE_HASH_LABEL.into(), hash.clone());
        let rs = ReplicaSet {
            metadata: ObjectMeta {
                name: name.clone(),
                namespace: ns.clone(),
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
        self.rss.push(rs);
        let i = self.rss.len() - 1;
        let all: Vec<usize> = (0..self.rss.len()).collect();
        let (count, count_why) = self.new_rs_new_replicas(&all, i);
        let mut rs = self.rss[i].clone();
        rs.spec.replicas = Some(count);
        set_new_rs_annotations(&self.d, &mut rs, new_revision, false);
        self.rss[i] = rs.clone();
        // The apiserver's verdict on the ReplicaSet, known before asking it: a terminating
        // namespace refuses it (upstream then just retries, silently), validation may reject it.
        if self.ctx.store.namespace("", &ns).is_some_and(|n| n.metadata.deletion_timestamp.is_some()) {
            self.rss.pop();
            return Found { new: None, olds, abort: true };
        }
        let mut value = Object::ReplicaSet(crate::api::ObjBox::new(rs.clone())).to_value();
        if let crate::json::Value::Object(map) = &mut value {
            crate::manifest::defaults::apply_defaults(Kind::ReplicaSet, map);
        }
        let errors = crate::manifest::validate::validate_create(Kind::ReplicaSet, &value);
        if !errors.is_empty() {
            let err = ApiError::invalid(Kind::ReplicaSet, &name, errors);
            let msg = format!("Failed to create new replica set \"{name}\": {}", err.message());
            if has_progress_deadline(&self.d) {
                let c = new_condition("Progressing", "False", FAILED_RS_CREATE_REASON, msg.clone(), self.now);
                set_condition(&mut self.d.status.conditions, c);
            }
            self.event(EventType::Warning, FAILED_RS_CREATE_REASON, msg);
            self.rss.pop();
            return Found { new: None, olds, abort: true };
        }
        let about = self.r();
        let event = (count > 0).then(|| CreatedEvent {
            about: about.clone(),
            type_: EventType::Normal,
            reason: "ScalingReplicaSet".into(),
            message: format!("Scaled up replica set {name} from 0 to {count}"),
        });
        let failed = Some(CreatedEvent {
            about,
            type_: EventType::Warning,
            reason: FAILED_RS_CREATE_REASON.into(),
            message: format!("Failed to create new replica set \"{name}\": {{error}}"),
        });
        let why = if olds.is_empty() {
            format!(
                "revision {new_revision}: the deployment's first ReplicaSet (pod-template-hash {hash}) starts at {count}: {count_why}"
            )
        } else {
            format!(
                "revision {new_revision}: the pod template changed (pod-template-hash {hash}), so a new ReplicaSet starts at {count}: {count_why}"
            )
        };
        self.out.actions.push(Action::Create {
            obj: Object::ReplicaSet(crate::api::ObjBox::new(rs)),
            why,
            event,
            failed,
        });
        set_deployment_revision(&mut self.d, &new_revision.to_string());
        if has_progress_deadline(&self.d) {
            let msg = format!("Created new replica set \"{name}\"");
            let c = new_condition("Progressing", "True", NEW_RS_REASON, msg, self.now);
            set_condition(&mut self.d.status.conditions, c);
        }
        Found { new: Some(i), olds, abort: false }
    }

    /// `NewRSNewReplicas`: how many replicas the new ReplicaSet may have now, and why.
    pub fn new_rs_new_replicas(&self, all: &[usize], new: usize) -> (i32, String) {
        let n = replicas(&self.d);
        let current_new = rs_replicas(&self.rss[new]);
        if self.d.spec.strategy.type_ == "Recreate" {
            return (n, format!("Recreate starts the new ReplicaSet at all {n} replicas, as no old pod is left"));
        }
        let surge = max_surge(&self.d);
        let current: i32 = all.iter().map(|&i| rs_replicas(&self.rss[i])).sum();
        let max_total = n + surge;
        let head = format!("maxTotal {max_total} = {n} replicas + {}", surge_text(&self.d));
        if current >= max_total {
            return (current_new, format!("{head}; {current} exist in all ReplicaSets, so none can be added"));
        }
        let up = (max_total - current).min(n - current_new);
        let why = if up < max_total - current {
            format!("{head}; {current} exist in all ReplicaSets → new ReplicaSet +{up}, up to the {n} replicas wanted")
        } else {
            format!("{head}; {current} exist in all ReplicaSets → new ReplicaSet +{up}")
        };
        (current_new + up, why)
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

    /// `scaleReplicaSet`: writes size and replica annotations; the event only when the size
    /// changed. Returns whether the size changed.
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
        let why = if size_changed { format!("scaled {op} from {old} to {new_scale}: {why}") } else { why };
        self.write_rs(i, rs, why);
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
        let found = self.all_and_sync_revision(false);
        let n = replicas(&self.d);
        found
            .new
            .into_iter()
            .chain(found.olds)
            .filter(|&i| rs_replicas(&self.rss[i]) > 0)
            .any(|i| desired_annotation(&self.rss[i]).is_some_and(|v| v != n))
    }

    /// `sync`: scaling (paused, or replicas changed), cleanup when paused, status.
    pub fn sync_scale(&mut self) {
        let found = self.all_and_sync_revision(false);
        self.scale(found.new, &found.olds);
        if self.d.spec.paused && rollback_to(&self.d).is_none() {
            self.cleanup(&found.olds);
        }
        self.sync_deployment_status(found.new);
    }

    /// `scale`: one active ReplicaSet takes all replicas; a saturated new one drains the old;
    /// otherwise RollingUpdate spreads the change over the active ReplicaSets by their share.
    pub fn scale(&mut self, new: Option<usize>, olds: &[usize]) {
        let n = replicas(&self.d);
        if let Some(i) = self.find_active_or_latest(new, olds) {
            if rs_replicas(&self.rss[i]) != n {
                let why = if rs_replicas(&self.rss[i]) > 0 {
                    format!("the deployment wants {n} replicas and this is its only active ReplicaSet")
                } else {
                    format!("the deployment wants {n} replicas and no ReplicaSet is active, so its newest takes them")
                };
                self.scale_rs_and_record(i, n, why);
            }
            return;
        }
        if is_saturated(&self.d, new.map(|i| &self.rss[i])) {
            for &i in olds {
                if rs_replicas(&self.rss[i]) > 0 {
                    let why = format!("the new ReplicaSet has all {n} replicas available, so the old ones go to 0");
                    self.scale_rs_and_record(i, 0, why);
                }
            }
            return;
        }
        if !is_rolling_update(&self.d) {
            return;
        }
        let mut active: Vec<usize> =
            olds.iter().copied().chain(new).filter(|&i| rs_replicas(&self.rss[i]) > 0).collect();
        let total: i32 = active.iter().map(|&i| rs_replicas(&self.rss[i])).sum();
        let surge = max_surge(&self.d);
        let allowed = if n > 0 { n + surge } else { 0 };
        let to_add = allowed - total;
        let op = match to_add.cmp(&0) {
            std::cmp::Ordering::Greater => {
                // ReplicaSetsBySizeNewer: larger first; newer first among equals.
                active.sort_by(|a, b| {
                    rs_replicas(&self.rss[*b])
                        .cmp(&rs_replicas(&self.rss[*a]))
                        .then_with(|| by_creation(&self.rss[*b], &self.rss[*a]))
                });
                "up"
            }
            std::cmp::Ordering::Less => {
                // ReplicaSetsBySizeOlder: larger first; older first among equals.
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
        let mut shares: Vec<String> = Vec::new();
        let mut added = 0;
        for &i in &active {
            let rs = &self.rss[i];
            if to_add != 0 {
                let p = proportion(rs, &self.d, to_add, added);
                sizes.push(rs_replicas(rs) + p);
                shares.push(share_text(rs, &self.d, p));
                added += p;
            } else {
                sizes.push(rs_replicas(rs));
                shares.push(String::new());
            }
        }
        let head = format!(
            "proportional scaling: the active ReplicaSets hold {total} and may hold {allowed} ({n} replicas + maxSurge {surge})"
        );
        for (k, &i) in active.iter().enumerate() {
            let mut why = format!("{head}; {}", shares[k]);
            if k == 0 && to_add != 0 {
                let leftover = to_add - added;
                sizes[k] = (sizes[k] + leftover).max(0);
                if leftover != 0 {
                    why.push_str(&format!("; the rounding leftover {leftover:+} goes to it, the first in line"));
                }
            }
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
        match active.as_slice() {
            [] => new.or_else(|| sorted_olds.first().copied()),
            [one] => Some(*one),
            _ => None,
        }
    }

    /// `cleanupDeployment`: deletes the lowest revisions beyond revisionHistoryLimit, skipping
    /// any that still have pods.
    pub fn cleanup(&mut self, olds: &[usize]) {
        if !has_revision_history_limit(&self.d) {
            return;
        }
        let limit = self.d.spec.revision_history_limit.unwrap_or(10);
        let mut candidates: Vec<usize> =
            olds.iter().copied().filter(|&i| self.rss[i].metadata.deletion_timestamp.is_none()).collect();
        let diff = candidates.len() as i64 - i64::from(limit);
        if diff <= 0 {
            return;
        }
        candidates.sort_by(|a, b| by_revision(&self.rss[*a], &self.rss[*b]));
        let total = candidates.len();
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
                    "revisionHistoryLimit {limit}: {total} old ReplicaSets are kept, so the {diff} with the lowest revisions go once they have no pods; this is revision {}",
                    revision(rs)
                ),
            });
        }
    }

    /// `calculateStatus`.
    pub fn calculate_status(&self, new: Option<usize>) -> DeploymentStatus {
        let rss = &self.rss;
        let available: i32 = rss.iter().map(|rs| rs.status.available_replicas).sum();
        let total_spec: i32 = rss.iter().map(rs_replicas).sum();
        let mut status = DeploymentStatus {
            observed_generation: self.d.metadata.generation,
            replicas: rss.iter().map(|rs| rs.status.replicas).sum(),
            updated_replicas: new.map_or(0, |i| rss[i].status.replicas),
            ready_replicas: rss.iter().map(|rs| rs.status.ready_replicas).sum(),
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
        self.d.status = self.calculate_status(new);
    }

    /// `syncStatusOnly`.
    pub fn sync_status_only(&mut self) {
        let found = self.all_and_sync_revision(false);
        self.sync_deployment_status(found.new);
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

/// A ReplicaSet's share in proportional scaling, in words with its numbers.
fn share_text(rs: &ReplicaSet, d: &crate::api::apps::Deployment, p: i32) -> String {
    let have = rs_replicas(rs);
    let n = replicas(d);
    if n == 0 {
        return format!("replicas is 0, so its {have} go");
    }
    let allowed = n + max_surge(d);
    let fraction = replica_set_fraction(rs, d);
    let limited = if p != fraction { format!(", limited to {p:+} by what is left to share") } else { String::new() };
    match max_replicas_annotation(rs) {
        Some(before) if before != 0 => format!(
            "it had {have} of max-replicas {before}, so round({have} × {allowed} / {before}) = {}{limited}",
            have + fraction
        ),
        _ => format!(
            "without a max-replicas annotation its share is taken against the {} replicas in status: {fraction:+}{limited}",
            d.status.replicas
        ),
    }
}
