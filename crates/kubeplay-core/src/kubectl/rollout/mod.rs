//! `kubectl rollout status|history|undo|pause|resume|restart` for Deployments (here) and
//! DaemonSets (`daemon_set.rs`).
//!
//! `rollout status` waits as kubectl does, but in virtual time: it runs the cluster until the
//! rollout finishes, its deadline is exceeded, `--timeout` passes, or nothing is left to happen
//! (a paused rollout); each change of the Deployment prints a line, as each watch event does.

pub mod daemon_set;
pub mod deployment;

use super::args::{self, Flag};
use super::resources::{self, Selection, SelectionError};
use super::{finish, namespace_of, CmdError, Io};
use crate::api::Kind;
use crate::cluster::Cluster;

const SUBCOMMANDS: &[&str] = &["history", "pause", "restart", "resume", "status", "undo"];

const FLAGS: &[Flag] = &[
    Flag::int("revision", None),
    Flag::int("to-revision", None),
    Flag::string("timeout", None),
    Flag::bool("watch", Some('w')),
    Flag::string("output", Some('o')),
    Flag::array("filename", Some('f')),
    Flag::string("selector", Some('l')),
    Flag::optional("dry-run", "unchanged"),
    Flag::bool("recursive", Some('R')),
    Flag::string("field-manager", None),
    Flag::bool("show-managed-fields", None),
    Flag::string("template", None),
    Flag::bool("allow-missing-template-keys", None),
];

/// Runs `kubectl rollout ...`.
pub fn run(cluster: &mut Cluster, argv: &[String], io: &mut Io) -> i32 {
    let Some(sub) = argv.iter().find(|a| !a.starts_with('-')).cloned() else {
        io.errln("Manage the rollout of one or many resources.\n\n Valid resource types include:\n\n  *  deployments\n  *  daemonsets\n  *  statefulsets\n\nExamples:\n  # Rollback to the previous deployment\n  kubectl rollout undo deployment/abc\n\nAvailable Commands:\n  history       View rollout history\n  pause         Mark the provided resource as paused\n  restart       Restart a resource\n  resume        Resume a paused resource\n  status        Show the status of the rollout\n  undo          Undo a previous rollout\n\nUsage:\n  kubectl rollout SUBCOMMAND [options]\n\nUse \"kubectl rollout <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).");
        return 0;
    };
    if !SUBCOMMANDS.contains(&sub.as_str()) {
        return finish(
            io,
            &[CmdError::Raw(format!(
                "error: unknown command \"{sub}\"\nSee 'kubectl rollout -h' for help and examples"
            ))],
        );
    }
    let pos = argv.iter().position(|a| *a == sub).unwrap_or(0);
    let mut rest: Vec<String> = argv[..pos].to_vec();
    rest.extend_from_slice(&argv[pos + 1..]);
    let p = match args::parse(&format!("kubectl rollout {sub}"), FLAGS, &rest) {
        Ok(p) => p,
        Err(e) => return finish(io, &[CmdError::Cobra(e)]),
    };
    let ns = namespace_of(&p);
    let targets: Vec<(Kind, String)> = match resources::select(&p.args) {
        Ok(Selection::Pairs(pairs)) => pairs,
        Ok(Selection::Types { kinds, names }) => {
            let mut v = Vec::new();
            for k in kinds {
                for n in &names {
                    v.push((k, n.clone()));
                }
            }
            if v.is_empty() {
                return finish(
                    io,
                    &[CmdError::Raw(format!(
                        "error: required resource not specified\nSee 'kubectl rollout {sub} -h' for help and examples"
                    ))],
                );
            }
            v
        }
        Err(SelectionError::Empty) => {
            return finish(
                io,
                &[CmdError::Raw(format!(
                    "error: required resource not specified\nSee 'kubectl rollout {sub} -h' for help and examples"
                ))],
            )
        }
        Err(e) => return finish(io, &[CmdError::Plain(e.to_string())]),
    };
    let mut errors = Vec::new();
    for (kind, name) in targets {
        let result = match kind {
            Kind::Deployment => deployment::run(cluster, &sub, &p, &ns, &name, io),
            Kind::DaemonSet => daemon_set::run(cluster, &sub, &p, &ns, &name, io),
            other => Err(CmdError::Plain(match sub.as_str() {
                "status" => format!("no status viewer has been implemented for {}", other.group_kind()),
                "history" => format!("no history viewer has been implemented for \"{}\"", other.group_kind()),
                "undo" => format!("no rollbacker has been implemented for \"{}\"", other.group_kind()),
                "pause" => format!("{} \"{name}\" pausing is not supported", other.group_resource()),
                "resume" => format!("{} \"{name}\" resuming is not supported", other.group_resource()),
                _ => format!("{} \"{name}\" restarting is not supported", other.group_resource()),
            })),
        };
        if let Err(e) = result {
            errors.push(e);
        }
    }
    finish(io, &errors)
}
