//! `kubectl exec`. (Stub: filled in by its own issue.)

use super::{finish, CmdError, Io};
use crate::cluster::Cluster;

/// Runs the verb `verb` with `argv`.
pub fn run(_cluster: &mut Cluster, verb: &str, _argv: &[String], io: &mut Io) -> i32 {
    finish(io, &[CmdError::Plain(format!("kubeplay: `kubectl {verb}` is not available yet in this playground"))])
}
