//! The Job controller (pkg/controller/job). (Stub: filled in by its own issue.)

use super::{Ctx, Reconcile};
use crate::store::{Change, ObjRef, Store};

/// One sync of `target`.
pub fn reconcile(_ctx: &Ctx, _target: &ObjRef) -> Reconcile {
    Reconcile::default()
}

/// The objects to sync after `change`.
pub fn watch(_store: &Store, _change: &Change) -> Vec<ObjRef> {
    Vec::new()
}
