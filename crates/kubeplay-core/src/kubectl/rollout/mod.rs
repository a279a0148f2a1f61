//! `kubectl rollout status|history|undo|pause|resume|restart` for Deployments and DaemonSets.
//! (Stub: filled in by the Deployment and DaemonSet issues.)

use super::{finish, CmdError, Io};
use crate::cluster::Cluster;

/// Runs `kubectl rollout ...`.
pub fn run(_cluster: &mut Cluster, _argv: &[String], io: &mut Io) -> i32 {
    finish(io, &[CmdError::Plain("kubeplay: `kubectl rollout` is not available yet in this playground".into())])
}
