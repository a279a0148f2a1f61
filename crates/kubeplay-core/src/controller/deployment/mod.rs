//! The Deployment controller (pkg/controller/deployment): rolling update and recreate,
//! proportional scaling, pause, revisions, rollback and progress. (Stub: filled in by its own
//! issue.)

use super::{Ctx, Reconcile};
use crate::store::{Change, ObjRef, Store};

/// One sync of the Deployment `target` (`syncDeployment`).
pub fn reconcile(_ctx: &Ctx, _target: &ObjRef) -> Reconcile {
    Reconcile::default()
}

/// The Deployments to sync after `change`.
pub fn watch(_store: &Store, _change: &Change) -> Vec<ObjRef> {
    Vec::new()
}
