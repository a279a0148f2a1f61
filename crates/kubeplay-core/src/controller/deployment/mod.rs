//! The Deployment controller (pkg/controller/deployment): each sync claims the Deployment's
//! ReplicaSets, then (in upstream's order) reports status only while it is being deleted,
//! records pause and resume, scales proportionally while paused, rolls back on the deprecated
//! rollback annotation, scales proportionally when replicas changed, and otherwise rolls out by
//! its strategy. One file per part, as upstream: `sync` (new/old ReplicaSets, revisions,
//! scaling, cleanup, status), `rolling`, `recreate`, `rollback`, `progress`, `util`.

mod progress;
mod recreate;
mod rollback;
mod rolling;
mod sync;
pub mod util;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use crate::api::apps::{Deployment, ReplicaSet};
use crate::api::meta::{OwnerReference, Time};
use crate::api::pod::Pod;
use crate::api::{Kind, Object};
use crate::store::{Change, ObjRef, Store};

use super::{Action, Ctx, EventType, Reconcile};
use util::*;

/// The working state of one sync: the Deployment and its ReplicaSets as the sync changes them,
/// and the actions that make those changes.
pub(crate) struct Sync<'a> {
    pub ctx: &'a Ctx<'a>,
    /// The Deployment as this sync changes it (upstream mutates its copy the same way, so later
    /// steps see what earlier steps wrote).
    pub d: Deployment,
    /// The Deployment as it was read.
    pub orig: Deployment,
    /// Owned ReplicaSets (after claiming), as changed so far; one just created has no uid yet.
    pub rss: Vec<ReplicaSet>,
    pub out: Reconcile,
    /// Now as a condition timestamp (whole seconds, as the apiserver stores it).
    pub now: Time,
    /// The sync changed the Deployment's spec (a rollback): written as an update, not a status
    /// update, so the generation moves.
    pub spec_changed: bool,
}

impl<'a> Sync<'a> {
    fn new(ctx: &'a Ctx<'a>, d: &Deployment) -> Sync<'a> {
        Sync {
            ctx,
            d: d.clone(),
            orig: d.clone(),
            rss: Vec::new(),
            out: Reconcile::default(),
            now: Time::from_sim(ctx.now),
            spec_changed: false,
        }
    }

    pub fn r(&self) -> ObjRef {
        ObjRef::new(Kind::Deployment, self.d.metadata.namespace.clone(), self.d.metadata.name.clone())
    }

    /// Records a Deployment event.
    pub fn event(&mut self, type_: EventType, reason: &str, message: String) {
        let involved = self.r();
        self.out.actions.push(Action::Event { involved, type_, reason: reason.into(), message });
    }

    /// Writes `rs` over the ReplicaSet at `i`. A changed spec moves its generation, as the
    /// ReplicaSet strategy's PrepareForUpdate does for the Update upstream sends.
    pub fn write_rs(&mut self, i: usize, mut rs: ReplicaSet, why: String) {
        if rs.spec != self.rss[i].spec {
            rs.metadata.generation = self.rss[i].metadata.generation + 1;
        }
        self.rss[i] = rs.clone();
        self.out.actions.push(Action::Update { obj: Object::ReplicaSet(crate::api::ObjBox::new(rs)), why });
    }

    /// Indexes of the ReplicaSets, oldest first.
    pub fn by_creation(&self) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..self.rss.len()).collect();
        idx.sort_by(|a, b| by_creation(&self.rss[*a], &self.rss[*b]));
        idx
    }

    /// `FindNewReplicaSet`: the oldest owned ReplicaSet whose template equals the Deployment's.
    pub fn find_new(&self) -> Option<usize> {
        self.by_creation().into_iter().find(|&i| equal_ignore_hash(&self.rss[i].spec.template, &self.d.spec.template))
    }

    /// Every ReplicaSet but the new one.
    pub fn olds(&self, new: Option<usize>) -> Vec<usize> {
        (0..self.rss.len()).filter(|i| Some(*i) != new).collect()
    }

    /// `getPodMapForDeployment`: the pods the Deployment's selector matches, by the uid of the
    /// owned ReplicaSet controlling them (all phases, terminating ones included).
    pub fn pod_map(&self) -> BTreeMap<String, Vec<&'a Pod>> {
        let store = self.ctx.store;
        let mut map = BTreeMap::new();
        for rs in &self.rss {
            if rs.metadata.uid.is_empty() {
                continue;
            }
            let pods: Vec<&Pod> = store
                .dependents(&rs.metadata.uid)
                .filter_map(|r| match store.get_ref(r) {
                    Some(Object::Pod(p))
                        if p.metadata.controller_ref().is_some_and(|o| o.uid == rs.metadata.uid)
                            && self.d.spec.selector.matches(&p.metadata.labels) =>
                    {
                        Some(p.as_ref())
                    }
                    _ => None,
                })
                .collect();
            map.insert(rs.metadata.uid.clone(), pods);
        }
        map
    }
}

/// One sync of the Deployment `target` (`syncDeployment`).
pub fn reconcile(ctx: &Ctx, target: &ObjRef) -> Reconcile {
    let Some(d) = ctx.store.deployment(&target.key.namespace, &target.key.name) else {
        return Reconcile::default();
    };
    let mut s = Sync::new(ctx, d);
    if d.spec.selector.is_empty() {
        s.event(
            EventType::Warning,
            "SelectingAll",
            "This deployment is selecting all pods. A non-empty selector is required.".into(),
        );
        if s.d.status.observed_generation < s.d.metadata.generation {
            s.d.status.observed_generation = s.d.metadata.generation;
            s.finish();
        }
        return s.out;
    }
    claim_replica_sets(&mut s);
    if s.d.metadata.deletion_timestamp.is_some() {
        s.sync_status_only();
    } else {
        s.check_paused_conditions();
        if s.d.spec.paused {
            s.sync_scale();
        } else if let Some(to) = rollback_to(&s.d) {
            s.rollback(to);
        } else if s.is_scaling_event() {
            s.sync_scale();
        } else if s.d.spec.strategy.type_ == "Recreate" {
            s.rollout_recreate();
        } else {
            s.rollout_rolling();
        }
    }
    s.finish();
    s.out
}

impl Sync<'_> {
    /// Writes the Deployment if anything changed: a status update (annotations persist, the
    /// generation stays), or after a rollback an update whose new spec moves the generation.
    fn finish(&mut self) {
        if self.d == self.orig {
            return;
        }
        let mut d = self.d.clone();
        if self.spec_changed && (d.spec != self.orig.spec || d.metadata.annotations != self.orig.metadata.annotations) {
            d.metadata.generation = self.orig.metadata.generation + 1;
        }
        self.out
            .actions
            .push(Action::Update { obj: Object::Deployment(crate::api::ObjBox::new(d)), why: String::new() });
    }
}

/// `getReplicaSetsForDeployment` with `ClaimReplicaSets`: keeps owned ReplicaSets that still
/// match, releases those that do not, adopts matching orphans.
fn claim_replica_sets(s: &mut Sync) {
    let d = &s.d;
    let uid = d.metadata.uid.clone();
    let deleting = d.metadata.deletion_timestamp.is_some();
    let mut owned = Vec::new();
    let mut actions = Vec::new();
    for o in s.ctx.store.list_in(Kind::ReplicaSet, &d.metadata.namespace) {
        let Object::ReplicaSet(rs) = o else { continue };
        let matches = d.spec.selector.matches(&rs.metadata.labels);
        match rs.metadata.controller_ref() {
            Some(o) if o.uid == uid => {
                if matches || deleting {
                    owned.push(rs.as_ref().clone());
                } else {
                    let mut released = rs.as_ref().clone();
                    released.metadata.owner_references.retain(|o| o.uid != uid);
                    actions.push(Action::Update {
                        obj: Object::ReplicaSet(crate::api::ObjBox::new(released)),
                        why: format!(
                            "released by deployment/{}: its labels no longer match the selector {}",
                            d.metadata.name,
                            d.spec.selector.to_selector_string()
                        ),
                    });
                }
            }
            Some(_) => {}
            None => {
                if matches && !deleting && rs.metadata.deletion_timestamp.is_none() {
                    let mut adopted = rs.as_ref().clone();
                    adopted.metadata.owner_references.push(OwnerReference {
                        api_version: "apps/v1".into(),
                        kind: "Deployment".into(),
                        name: d.metadata.name.clone(),
                        uid: uid.clone(),
                        controller: Some(true),
                        block_owner_deletion: Some(true),
                    });
                    actions.push(Action::Update {
                        obj: Object::ReplicaSet(crate::api::ObjBox::new(adopted.clone())),
                        why: format!(
                            "adopted by deployment/{}: an orphan whose labels match its selector {}",
                            d.metadata.name,
                            d.spec.selector.to_selector_string()
                        ),
                    });
                    owned.push(adopted);
                }
            }
        }
    }
    s.rss = owned;
    s.out.actions.extend(actions);
}

/// `resolveControllerRef`: the Deployment a controller reference names, if it still has that uid.
fn resolve_controller_ref(store: &Store, namespace: &str, r: &OwnerReference) -> Option<ObjRef> {
    if r.kind != "Deployment" {
        return None;
    }
    let d = store.deployment(namespace, &r.name)?;
    (d.metadata.uid == r.uid).then(|| ObjRef::new(Kind::Deployment, namespace, r.name.clone()))
}

/// `GetDeploymentsForReplicaSet`: the Deployments whose non-empty selector matches an orphan's
/// labels (none for a ReplicaSet without labels).
fn deployments_for_replica_set(store: &Store, rs: &ReplicaSet) -> Vec<ObjRef> {
    if rs.metadata.labels.is_empty() {
        return Vec::new();
    }
    store
        .list_in(Kind::Deployment, &rs.metadata.namespace)
        .filter_map(|o| match o {
            Object::Deployment(d) if !d.spec.selector.is_empty() && d.spec.selector.matches(&rs.metadata.labels) => {
                Some(ObjRef::of(o))
            }
            _ => None,
        })
        .collect()
}

fn replica_set_of(obj: &Option<Object>) -> Option<&ReplicaSet> {
    match obj {
        Some(Object::ReplicaSet(rs)) => Some(rs),
        _ => None,
    }
}

/// The Deployments to sync after `change` (the informer handlers `addDeployment`...,
/// `addReplicaSet`, `updateReplicaSet`, `deleteReplicaSet`, `deletePod`).
pub fn watch(store: &Store, change: &Change) -> Vec<ObjRef> {
    let mut out = Vec::new();
    match change.obj.kind {
        Kind::Deployment => out.push(change.obj.clone()),
        Kind::ReplicaSet => match (replica_set_of(&change.old), replica_set_of(&change.new)) {
            (None, Some(rs)) => add_replica_set(store, rs, &mut out),
            (Some(old), Some(cur)) => update_replica_set(store, old, cur, &mut out),
            (Some(old), None) => delete_replica_set(store, old, &mut out),
            (None, None) => {}
        },
        Kind::Pod if change.new.is_none() => {
            if let Some(Object::Pod(p)) = &change.old {
                delete_pod(store, p, &mut out);
            }
        }
        _ => {}
    }
    out.sort();
    out.dedup();
    out
}

/// `addReplicaSet`.
fn add_replica_set(store: &Store, rs: &ReplicaSet, out: &mut Vec<ObjRef>) {
    if rs.metadata.deletion_timestamp.is_some() {
        delete_replica_set(store, rs, out);
        return;
    }
    match rs.metadata.controller_ref() {
        Some(r) => out.extend(resolve_controller_ref(store, &rs.metadata.namespace, r)),
        None => out.extend(deployments_for_replica_set(store, rs)),
    }
}

/// `updateReplicaSet`: the old and new controllers; for an orphan whose labels or controller
/// changed, every Deployment that selects it.
fn update_replica_set(store: &Store, old: &ReplicaSet, cur: &ReplicaSet, out: &mut Vec<ObjRef>) {
    if cur.metadata.resource_version == old.metadata.resource_version {
        return;
    }
    let cur_ref = cur.metadata.controller_ref();
    let old_ref = old.metadata.controller_ref();
    let ref_changed = cur_ref != old_ref;
    if let (true, Some(r)) = (ref_changed, old_ref) {
        out.extend(resolve_controller_ref(store, &old.metadata.namespace, r));
    }
    if let Some(r) = cur_ref {
        out.extend(resolve_controller_ref(store, &cur.metadata.namespace, r));
        return;
    }
    if cur.metadata.labels != old.metadata.labels || ref_changed {
        out.extend(deployments_for_replica_set(store, cur));
    }
}

/// `deleteReplicaSet`.
fn delete_replica_set(store: &Store, rs: &ReplicaSet, out: &mut Vec<ObjRef>) {
    if let Some(r) = rs.metadata.controller_ref() {
        out.extend(resolve_controller_ref(store, &rs.metadata.namespace, r));
    }
}

/// `deletePod`: a Recreate Deployment waits for its old pods to be gone, so the deletion of its
/// last pod wakes it.
fn delete_pod(store: &Store, pod: &Pod, out: &mut Vec<ObjRef>) {
    let ns = &pod.metadata.namespace;
    let Some(r) = pod.metadata.controller_ref().filter(|r| r.kind == "ReplicaSet") else { return };
    let Some(rs) = store.replica_set(ns, &r.name).filter(|rs| rs.metadata.uid == r.uid) else { return };
    let Some(d_ref) = rs.metadata.controller_ref().and_then(|r| resolve_controller_ref(store, ns, r)) else {
        return;
    };
    let Some(d) = store.deployment(ns, &d_ref.key.name) else { return };
    if d.spec.strategy.type_ != "Recreate" {
        return;
    }
    let remaining = store
        .list_in(Kind::ReplicaSet, ns)
        .filter_map(|o| match o {
            Object::ReplicaSet(rs)
                if rs.metadata.controller_ref().is_some_and(|c| c.uid == d.metadata.uid)
                    && d.spec.selector.matches(&rs.metadata.labels) =>
            {
                Some(rs.metadata.uid.clone())
            }
            _ => None,
        })
        .any(|uid| {
            store.dependents(&uid).any(|r| match store.get_ref(r) {
                Some(Object::Pod(p)) => {
                    p.metadata.controller_ref().is_some_and(|c| c.uid == uid)
                        && d.spec.selector.matches(&p.metadata.labels)
                }
                _ => false,
            })
        });
    if !remaining {
        out.push(d_ref);
    }
}
