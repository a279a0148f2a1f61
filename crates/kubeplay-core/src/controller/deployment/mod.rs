//! The Deployment controller (pkg/controller/deployment): each sync claims the Deployment's
//! ReplicaSets, then (in upstream's order) reports status only while it is being deleted,
//! records pause and resume, scales proportionally while paused or when replicas changed, and
//! otherwise rolls out by its strategy. One file per part, as upstream: `sync` (new/old
//! ReplicaSets, revisions, scaling, cleanup, status), `rolling`, `recreate`, `progress`, `util`.

mod progress;
mod recreate;
mod rolling;
mod sync;
pub mod util;

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
    pub d: Deployment,
    /// The Deployment as it was read (status comparisons use it).
    pub orig: Deployment,
    /// Owned ReplicaSets (after claiming), as changed so far.
    pub rss: Vec<ReplicaSet>,
    /// Pods by the uid of the ReplicaSet that controls them.
    pub pods: BTreeMap<String, Vec<&'a Pod>>,
    pub out: Reconcile,
    pub now: Time,
}

impl<'a> Sync<'a> {
    fn r(&self) -> ObjRef {
        ObjRef::new(Kind::Deployment, self.d.metadata.namespace.clone(), self.d.metadata.name.clone())
    }

    /// Records a Deployment event.
    pub fn event(&mut self, type_: EventType, reason: &str, message: String) {
        let involved = self.r();
        self.out.actions.push(Action::Event { involved, type_, reason: reason.into(), message });
    }

    /// Writes the ReplicaSet at `i` as it is now.
    pub fn write_rs(&mut self, i: usize, why: String) {
        let rs = self.rss[i].clone();
        self.out.actions.push(Action::Update { obj: Object::ReplicaSet(Box::new(rs)), why });
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
}

/// One sync of the Deployment `target` (`syncDeployment`).
pub fn reconcile(ctx: &Ctx, target: &ObjRef) -> Reconcile {
    let Some(d) = ctx.store.deployment(&target.key.namespace, &target.key.name) else {
        return Reconcile::default();
    };
    let now = Time::from_sim(ctx.now);
    let mut s = Sync {
        ctx,
        d: d.clone(),
        orig: d.clone(),
        rss: Vec::new(),
        pods: BTreeMap::new(),
        out: Reconcile::default(),
        now,
    };
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
    // Pods by their controlling ReplicaSet (all phases, terminating ones included).
    let uids: BTreeMap<String, ()> = s.rss.iter().map(|rs| (rs.metadata.uid.clone(), ())).collect();
    for uid in uids.keys() {
        let pods: Vec<&Pod> = ctx
            .store
            .dependents(uid)
            .filter_map(|r| match ctx.store.get_ref(r) {
                Some(Object::Pod(p)) if p.metadata.controller_ref().is_some_and(|o| &o.uid == uid) => Some(p.as_ref()),
                _ => None,
            })
            .collect();
        s.pods.insert(uid.clone(), pods);
    }
    if s.d.metadata.deletion_timestamp.is_some() {
        s.sync_status_only();
        s.finish();
        return s.out;
    }
    s.check_paused_conditions();
    if s.d.spec.paused {
        s.sync_scale();
        s.finish();
        return s.out;
    }
    if s.is_scaling_event() {
        s.sync_scale();
        s.finish();
        return s.out;
    }
    if s.d.spec.strategy.type_ == "Recreate" {
        s.rollout_recreate();
    } else {
        s.rollout_rolling();
    }
    s.finish();
    s.out
}

impl Sync<'_> {
    /// Writes the Deployment if its annotations or status changed.
    fn finish(&mut self) {
        if self.d != self.orig {
            let d = self.d.clone();
            self.out.actions.push(Action::Update { obj: Object::Deployment(Box::new(d)), why: String::new() });
        }
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
    for rs in s.ctx.store.replica_sets().filter(|rs| rs.metadata.namespace == d.metadata.namespace) {
        let matches = d.spec.selector.matches(&rs.metadata.labels);
        match rs.metadata.controller_ref() {
            Some(o) if o.uid == uid => {
                if matches || deleting {
                    owned.push(rs.clone());
                } else {
                    let mut released = rs.clone();
                    released.metadata.owner_references.retain(|o| o.uid != uid);
                    actions.push(Action::Update {
                        obj: Object::ReplicaSet(Box::new(released)),
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
                    let mut adopted = rs.clone();
                    adopted.metadata.owner_references.push(OwnerReference {
                        api_version: "apps/v1".into(),
                        kind: "Deployment".into(),
                        name: d.metadata.name.clone(),
                        uid: uid.clone(),
                        controller: Some(true),
                        block_owner_deletion: Some(true),
                    });
                    actions.push(Action::Update {
                        obj: Object::ReplicaSet(Box::new(adopted.clone())),
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

/// The Deployments to sync after `change`: the Deployment itself; for a ReplicaSet, its owner
/// (or, for an orphan, the Deployments whose selector matches it); for a pod of a Recreate
/// Deployment, its Deployment.
pub fn watch(store: &Store, change: &Change) -> Vec<ObjRef> {
    let mut out = Vec::new();
    match change.obj.kind {
        Kind::Deployment => out.push(change.obj.clone()),
        Kind::ReplicaSet => {
            for o in [&change.old, &change.new].into_iter().flatten() {
                let Object::ReplicaSet(rs) = o else { continue };
                match rs.metadata.controller_ref() {
                    Some(owner) if owner.kind == "Deployment" => {
                        out.push(ObjRef::new(Kind::Deployment, rs.metadata.namespace.clone(), owner.name.clone()));
                    }
                    Some(_) => {}
                    None => {
                        for d in store.deployments().filter(|d| d.metadata.namespace == rs.metadata.namespace) {
                            if !d.spec.selector.is_empty() && d.spec.selector.matches(&rs.metadata.labels) {
                                out.push(ObjRef::new(
                                    Kind::Deployment,
                                    d.metadata.namespace.clone(),
                                    d.metadata.name.clone(),
                                ));
                            }
                        }
                    }
                }
            }
        }
        Kind::Pod if change.new.is_none() => {
            if let Some(Object::Pod(p)) = &change.old {
                if let Some(owner) = p.metadata.controller_ref() {
                    if let Some(rs) = store.replica_set(&p.metadata.namespace, &owner.name) {
                        if let Some(d_owner) = rs.metadata.controller_ref() {
                            if let Some(d) = store.deployment(&p.metadata.namespace, &d_owner.name) {
                                if d.spec.strategy.type_ == "Recreate" {
                                    out.push(ObjRef::new(
                                        Kind::Deployment,
                                        d.metadata.namespace.clone(),
                                        d.metadata.name.clone(),
                                    ));
                                }
                            }
                        }
                    }
                }
            }
        }
        _ => {}
    }
    out.sort();
    out.dedup();
    out
}
