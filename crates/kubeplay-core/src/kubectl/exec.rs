//! `kubectl exec`. A minimal version for the Service work: it finds the pod and container as
//! kubectl does and runs the commands `cluster::services::exec_builtin` knows (`nslookup`,
//! `printenv`, `env`, `hostname`, `cat /etc/resolv.conf`). The full verb is built in its own issue.

use super::args::{self, Flag};
use super::{finish, namespace_of, CmdError, Io};
use crate::api::Kind;
use crate::cluster::services::exec_builtin;
use crate::cluster::{ApiError, Cluster};

const EXEC_FLAGS: &[Flag] = &[
    Flag::string("container", Some('c')),
    Flag::bool("stdin", Some('i')),
    Flag::bool("tty", Some('t')),
    Flag::bool("quiet", Some('q')),
    Flag::string("pod-running-timeout", None),
    Flag::array("filename", Some('f')),
];

/// Runs the verb `verb` with `argv`.
pub fn run(cluster: &mut Cluster, _verb: &str, argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl exec", EXEC_FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return finish(io, &[CmdError::Cobra(e)]),
    };
    let Some(target) = p.args.first() else {
        return finish(io, &[CmdError::Plain("pod, type/name or --filename must be specified".into())]);
    };
    let command = match &p.after_dash {
        Some(c) if !c.is_empty() => c.clone(),
        Some(_) => return finish(io, &[CmdError::Plain("you must specify at least one command for the container".into())]),
        None if p.args.len() > 1 => {
            return finish(
                io,
                &[CmdError::Raw(
                    "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples".into(),
                )],
            )
        }
        None => return finish(io, &[CmdError::Plain("you must specify at least one command for the container".into())]),
    };
    let name = match target.split_once('/') {
        Some(("pod" | "pods" | "po", n)) => n.to_string(),
        Some((t, _)) => {
            return finish(
                io,
                &[CmdError::Plain(format!(
                    "kubeplay: `kubectl exec {t}/...` is not available yet in this playground; name a pod"
                ))],
            )
        }
        None => target.clone(),
    };
    let ns = namespace_of(&p);
    let Some(pod) = cluster.store().pod(&ns, &name).cloned() else {
        return finish(io, &[CmdError::Api { err: ApiError::not_found(Kind::Pod, &name), context: None }]);
    };
    if pod.is_terminal() {
        return finish(
            io,
            &[CmdError::Plain(format!(
                "cannot exec into a container in a completed pod; current phase is {}",
                pod.status.phase
            ))],
        );
    }
    let container = match p.get("container") {
        Some(c) => c.to_string(),
        None => {
            let annotated = pod.metadata.annotations.get("kubectl.kubernetes.io/default-container").cloned();
            let first = pod.spec.containers.first().map(|c| c.name.clone()).unwrap_or_default();
            let chosen = annotated.filter(|a| pod.spec.containers.iter().any(|c| c.name == *a)).unwrap_or(first);
            if pod.spec.containers.len() + pod.spec.init_containers.len() > 1 && !p.flag("quiet") {
                let mut names: Vec<String> = pod.spec.containers.iter().map(|c| c.name.clone()).collect();
                names.extend(pod.spec.init_containers.iter().map(|c| format!("{} (init)", c.name)));
                io.errln(&format!("Defaulted container \"{chosen}\" out of: {}", names.join(", ")));
            }
            chosen
        }
    };
    if !pod.spec.containers.iter().any(|c| c.name == container) {
        let err = ApiError::BadRequest(format!("container {container} is not valid for pod {name}"));
        return finish(io, &[CmdError::Api { err, context: None }]);
    }
    let running = pod.status.container_statuses.iter().any(|s| s.name == container && s.state.running.is_some());
    if !running {
        return finish(
            io,
            &[CmdError::Plain(format!("unable to upgrade connection: container not found (\"{container}\")"))],
        );
    }
    let Some(out) = exec_builtin(cluster, &pod, &container, &command, p.flag("tty")) else {
        return finish(
            io,
            &[CmdError::Plain(
                "kubeplay: this playground's `kubectl exec` runs only nslookup, printenv, env, hostname and cat /etc/resolv.conf so far".into(),
            )],
        );
    };
    io.out.push_str(&out.stdout);
    if out.stderr.starts_with("error: ") {
        // The runtime refused to start the command: kubectl reports it as its own error.
        io.err.push_str(&out.stderr);
        return 1;
    }
    io.err.push_str(&out.stderr);
    if out.exit_code != 0 {
        io.errln(&format!("command terminated with exit code {}", out.exit_code));
    }
    for h in &out.hints {
        io.errln(&format!("hint: {h}"));
    }
    out.exit_code
}
