//! `kubectl rollout` for DaemonSets. (Stub: filled in by the DaemonSet issue.)

use super::super::args::Parsed;
use super::super::{CmdError, Io};
use crate::cluster::Cluster;

/// Runs `kubectl rollout SUB daemonset/NAME`.
pub fn run(
    _cluster: &mut Cluster,
    sub: &str,
    _p: &Parsed,
    _ns: &str,
    _name: &str,
    _io: &mut Io,
) -> Result<(), CmdError> {
    Err(CmdError::Plain(format!("kubeplay: `kubectl rollout {sub}` for DaemonSets is not available yet")))
}
