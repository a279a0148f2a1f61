//! The commands `kubectl exec` can run here that concern Services: `nslookup` (in images that
//! ship busybox), `printenv`/`env`, `hostname`, and `cat /etc/resolv.conf`. `kubectl exec` asks
//! [`exec_builtin`] first and handles everything else itself.

use super::dns::{nslookup_command, resolv_conf};
use super::env::container_env;
use super::Cluster;
use crate::api::pod::Pod;
use crate::controller::kubelet::program::{hex64, split_image};

/// What a command run in a container printed and how it ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExecOutput {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
    /// kubeplay's advice about the output (never part of what the command printed).
    pub hints: Vec<String>,
}

/// Whether the image ships busybox's applets (`nslookup` among them): busybox itself, Alpine and
/// the images built on it.
fn has_busybox(image: &str) -> bool {
    let (repo, tag, _) = split_image(image);
    let short = repo.rsplit('/').next().unwrap_or(repo);
    matches!(short, "busybox" | "alpine")
        || tag.is_some_and(|t| t.contains("alpine"))
        || repo.starts_with("ikubernetes/")
        || repo.starts_with("docker.io/ikubernetes/")
}

/// Whether the image has no userland at all (nothing to run but its own binary).
fn is_scratch(image: &str) -> bool {
    let (repo, _, _) = split_image(image);
    repo.ends_with("/pause") || repo == "pause"
}

/// The error the runtime gives when `argv[0]` is not in the container: kubectl prints it as an
/// internal error of the apiserver.
pub fn not_found(pod: &Pod, container: &str, command: &str) -> ExecOutput {
    let exec_id = hex64(&format!("{}/{container}/{command}", pod.metadata.uid));
    ExecOutput {
        stdout: String::new(),
        stderr: format!(
            "error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec \"{exec_id}\": OCI runtime exec failed: exec failed: unable to start container process: exec: \"{command}\": executable file not found in $PATH: unknown\n"
        ),
        exit_code: 1,
        hints: Vec::new(),
    }
}

/// Runs `argv` in `container` of `pod` if it is one of the commands this module knows; None for
/// anything else. `tty` is `kubectl exec -t`.
pub fn exec_builtin(cluster: &Cluster, pod: &Pod, container: &str, argv: &[String], tty: bool) -> Option<ExecOutput> {
    let (cmd, args) = argv.split_first()?;
    let image = pod.spec.containers.iter().find(|c| c.name == container).map_or("", |c| c.image.as_str());
    let program = cmd.rsplit('/').next().unwrap_or(cmd);
    match program {
        "nslookup" => {
            if !has_busybox(image) {
                return Some(not_found(pod, container, cmd));
            }
            Some(nslookup_command(cluster, &pod.metadata.namespace, args))
        }
        "printenv" | "env" => {
            if is_scratch(image) {
                return Some(not_found(pod, container, cmd));
            }
            let env = container_env(cluster, pod, Some(container), tty);
            if program == "printenv" && !args.is_empty() {
                let mut out = String::new();
                let mut missing = false;
                for a in args {
                    match env.iter().find(|(k, _)| k == a) {
                        Some((_, v)) => {
                            out.push_str(v);
                            out.push('\n');
                        }
                        None => missing = true,
                    }
                }
                return Some(ExecOutput { stdout: out, exit_code: i32::from(missing), ..ExecOutput::default() });
            }
            if program == "env" && !args.is_empty() {
                return None;
            }
            let stdout: String = env.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
            Some(ExecOutput { stdout, ..ExecOutput::default() })
        }
        "hostname" if args.is_empty() && !is_scratch(image) => {
            let name = if pod.spec.hostname.is_empty() { &pod.metadata.name } else { &pod.spec.hostname };
            Some(ExecOutput { stdout: format!("{name}\n"), ..ExecOutput::default() })
        }
        "cat" if args.len() == 1 && args.first().is_some_and(|a| a == "/etc/resolv.conf") && !is_scratch(image) => {
            Some(ExecOutput { stdout: resolv_conf(&pod.metadata.namespace), ..ExecOutput::default() })
        }
        _ => None,
    }
}
