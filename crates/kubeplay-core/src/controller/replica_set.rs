//! The ReplicaSet and ReplicationController controllers (pkg/controller/replicaset): keep the
//! number of pods, adopting and releasing by selector. (Stub: filled in by its own issue.)

use super::{Ctx, Reconcile};
use crate::store::{Change, ObjRef, Store};

/// One sync of the ReplicaSet `target` (`syncReplicaSet`).
pub fn reconcile(_ctx: &Ctx, _target: &ObjRef) -> Reconcile {
    Reconcile::default()
}

/// One sync of the ReplicationController `target`.
pub fn reconcile_rc(_ctx: &Ctx, _target: &ObjRef) -> Reconcile {
    Reconcile::default()
}

/// The ReplicaSets to sync after `change`.
pub fn watch(_store: &Store, _change: &Change) -> Vec<ObjRef> {
    Vec::new()
}

/// The ReplicationControllers to sync after `change`.
pub fn watch_rc(_store: &Store, _change: &Change) -> Vec<ObjRef> {
    Vec::new()
}
