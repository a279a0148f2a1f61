//! The garbage collector: deletes objects whose owners are gone, holds owners deleted in the
//! foreground until their blocking dependents are gone, and orphans dependents of owners deleted
//! with the orphan policy (pkg/controller/garbagecollector).

use crate::api::meta::OwnerReference;
use crate::api::Object;
use crate::store::ObjRef;

use super::{Action, Ctx, Propagation, Reconcile};

/// The finalizer that holds an owner until its blocking dependents are deleted.
pub const FOREGROUND_FINALIZER: &str = "foregroundDeletion";
/// The finalizer that holds an owner until its dependents have been orphaned.
pub const ORPHAN_FINALIZER: &str = "orphan";

/// What the collector should look at: an object (as an owner being deleted, or as a dependent
/// whose owners may be gone).
/// Follows `GarbageCollector.attemptToDeleteItem` and `processDeletingDependentsItem`/`orphanDependents`.
pub fn reconcile(ctx: &Ctx, target: &ObjRef) -> Reconcile {
    let mut out = Reconcile::default();
    let Some(obj) = ctx.store.get_ref(target) else {
        return out;
    };
    let meta = obj.meta();
    // As an owner being deleted.
    if meta.deletion_timestamp.is_some() {
        if meta.finalizers.iter().any(|f| f == ORPHAN_FINALIZER) {
            orphan_dependents(ctx, obj, &mut out);
            return out;
        }
        if meta.finalizers.iter().any(|f| f == FOREGROUND_FINALIZER) {
            delete_dependents_in_foreground(ctx, obj, &mut out);
            return out;
        }
    }
    // As a dependent.
    if meta.owner_references.is_empty() || meta.deletion_timestamp.is_some() {
        return out;
    }
    let mut solid = 0;
    let mut waiting_for_dependents = 0;
    for owner in &meta.owner_references {
        match owner_state(ctx, obj, owner) {
            OwnerState::Absent => {}
            OwnerState::DeletingDependents => waiting_for_dependents += 1,
            OwnerState::Present => solid += 1,
        }
    }
    if solid > 0 {
        return out;
    }
    let has_dependents = ctx.store.dependents(&meta.uid).next().is_some();
    let propagation = if waiting_for_dependents > 0 && has_dependents {
        Propagation::Foreground
    } else if meta.finalizers.iter().any(|f| f == ORPHAN_FINALIZER) {
        Propagation::Orphan
    } else if meta.finalizers.iter().any(|f| f == FOREGROUND_FINALIZER) {
        Propagation::Foreground
    } else {
        Propagation::Background
    };
    let owners: Vec<String> =
        meta.owner_references.iter().map(|o| format!("{}/{}", o.kind.to_ascii_lowercase(), o.name)).collect();
    let why = if waiting_for_dependents > 0 {
        format!("its owner {} is being deleted in the foreground and waits for its dependents", owners.join(", "))
    } else {
        format!("its owner {} no longer exists", owners.join(", "))
    };
    out.actions.push(Action::Delete {
        target: target.clone(),
        uid: meta.uid.clone(),
        propagation,
        grace_seconds: None,
        why,
    });
    out
}

enum OwnerState {
    Absent,
    DeletingDependents,
    Present,
}

fn owner_state(ctx: &Ctx, dependent: &Object, owner: &OwnerReference) -> OwnerState {
    let Some(o) = ctx.store.by_uid(&owner.uid) else {
        return OwnerState::Absent;
    };
    // Owners are looked up in the dependent's namespace (or cluster scope).
    if o.kind().namespaced() && o.namespace() != dependent.namespace() {
        return OwnerState::Absent;
    }
    let m = o.meta();
    if m.deletion_timestamp.is_some() && m.finalizers.iter().any(|f| f == FOREGROUND_FINALIZER) {
        OwnerState::DeletingDependents
    } else {
        OwnerState::Present
    }
}

/// Removes the owner's reference from each dependent, then the orphan finalizer from the owner.
fn orphan_dependents(ctx: &Ctx, owner: &Object, out: &mut Reconcile) {
    let uid = &owner.meta().uid;
    for r in ctx.store.dependents(uid) {
        let Some(dep) = ctx.store.get_ref(r) else { continue };
        let mut dep = dep.clone();
        dep.meta_mut().owner_references.retain(|o| &o.uid != uid);
        out.actions.push(Action::Update {
            obj: dep,
            why: format!("orphaned: its owner {} was deleted with --cascade=orphan", describe(owner)),
        });
    }
    let mut owner = owner.clone();
    owner.meta_mut().finalizers.retain(|f| f != ORPHAN_FINALIZER);
    out.actions.push(Action::Update { obj: owner, why: "its dependents have been orphaned".into() });
}

/// Deletes the owner's dependents; once no dependent with blockOwnerDeletion is left, removes the
/// foreground finalizer so the owner goes too.
fn delete_dependents_in_foreground(ctx: &Ctx, owner: &Object, out: &mut Reconcile) {
    let uid = &owner.meta().uid;
    let mut blocking = 0;
    for r in ctx.store.dependents(uid) {
        let Some(dep) = ctx.store.get_ref(r) else { continue };
        let blocks = dep.meta().owner_references.iter().any(|o| &o.uid == uid && o.block_owner_deletion == Some(true));
        if blocks {
            blocking += 1;
        }
        if dep.meta().deletion_timestamp.is_none() {
            let has_dependents = ctx.store.dependents(&dep.meta().uid).next().is_some();
            let propagation = if has_dependents { Propagation::Foreground } else { Propagation::Background };
            out.actions.push(Action::Delete {
                target: r.clone(),
                uid: dep.meta().uid.clone(),
                propagation,
                grace_seconds: None,
                why: format!("its owner {} is being deleted in the foreground", describe(owner)),
            });
        }
    }
    if blocking == 0 {
        let mut owner = owner.clone();
        owner.meta_mut().finalizers.retain(|f| f != FOREGROUND_FINALIZER);
        out.actions.push(Action::Update { obj: owner, why: "no dependent blocks its deletion any more".into() });
    }
}

fn describe(obj: &Object) -> String {
    format!("{}/{}", obj.kind().name().to_ascii_lowercase(), obj.name())
}
