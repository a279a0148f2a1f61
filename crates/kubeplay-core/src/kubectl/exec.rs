//! `kubectl exec (POD | TYPE/NAME) [-c CONTAINER] -- COMMAND [args...]`: the pod and container
//! found as kubectl finds them (exec.go; `AttachablePodForObject` picks the most active pod of a
//! workload), then a few commands simulated in the container. The playground's containers run no
//! real programs, so what a command prints is computed from the cluster:
//!
//! - `nslookup`, `printenv`, `env`, `hostname`, `cat /etc/resolv.conf` (cluster::services);
//! - `cat` and `ls` of the files the kubelet writes into every container (`/etc/hosts`,
//!   `/etc/hostname`, `/etc/resolv.conf`) and of its projected and downward API volumes (the service
//!   account's `namespace` under /var/run/secrets/kubernetes.io/serviceaccount among them);
//! - `echo`, `date` (the virtual clock), `true`, `false`, and `sh -c` / `bash -c` of one of these;
//! - a shell without `-i` exits at once, as it does with no input.
//!
//! Anything else, an interactive shell included, is refused with a note saying so.

use std::collections::BTreeMap;

use crate::json::Value;

use super::args::{self, Flag};
use super::{fail, fail_cobra, fail_plain, namespace_of, CmdError, Io};
use crate::api::pod::Pod;
use crate::api::{Kind, Object};
use crate::cluster::services::{container_env, exec_builtin, resolv_conf, ExecOutput, CLUSTER_DOMAIN};
use crate::cluster::{ApiError, Cluster};
use crate::controller::kubelet::program::{hex64, split_image};

const EXEC_FLAGS: &[Flag] = &[
    Flag::string("container", Some('c')),
    Flag::bool("stdin", Some('i')),
    Flag::bool("tty", Some('t')),
    Flag::bool("quiet", Some('q')),
    Flag::duration("pod-running-timeout"),
    Flag::array("filename", Some('f')),
    Flag::bool("recursive", Some('R')),
    Flag::string("kustomize", Some('k')),
];

/// Where the service account's projected files are mounted.
const SERVICE_ACCOUNT_DIR: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

/// What the hint after a simulated command's output says.
const SIMULATED: &str = "simulated: the playground's containers run no real programs; kubeplay printed what this command prints in a real container";

/// The commands [`simulate`] and `exec_builtin` know, for the refusal of others.
const KNOWN: &str = "nslookup, printenv, env, hostname, cat, ls, echo, date, true, false and sh -c with one of them";

/// `kubectl exec ARGS...`.
pub fn run(cluster: &mut Cluster, _verb: &str, argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl exec", EXEC_FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    // Complete.
    if p.after_dash.is_none() && (p.args.len() > 1 || (!p.args.is_empty() && p.has("filename"))) {
        return fail(io, CmdError::Raw(
                "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples".into(),
            ));
    }
    // Validate.
    let Some(target) = p.args.first() else {
        let message = if p.has("filename") {
            "kubeplay: `kubectl exec -f FILE` is not simulated; name the pod (`kubectl exec POD -- COMMAND`)"
        } else {
            "pod, type/name or --filename must be specified"
        };
        return fail_plain(io, message.into());
    };
    let command = p.after_dash.clone().unwrap_or_default();
    if command.is_empty() {
        return fail_plain(io, "you must specify at least one command for the container".into());
    }
    // Run.
    let ns = namespace_of(&p);
    let pod = match attachable_pod(cluster, target, &ns) {
        Ok(p) => p,
        Err(e) => return fail(io, e),
    };
    if pod.is_terminal() {
        return fail_plain(
            io,
            format!("cannot exec into a container in a completed pod; current phase is {}", pod.status.phase),
        );
    }
    let container = match p.get("container") {
        Some(c) => c.to_string(),
        None => default_container(&pod, p.flag("quiet"), io),
    };
    if !pod.spec.containers.iter().any(|c| c.name == container) {
        let err = ApiError::BadRequest(format!("container {container} is not valid for pod {}", pod.metadata.name));
        return fail(io, CmdError::Api { err, context: None });
    }
    let running = pod.status.container_statuses.iter().any(|s| s.name == container && s.state.running.is_some());
    if !running {
        return fail_plain(io, format!("unable to upgrade connection: container not found (\"{container}\")"));
    }
    // SetupTTY: without -i there is no terminal, whatever -t says.
    let tty = p.flag("tty") && p.flag("stdin");
    let ctx = Ctx { cluster, pod: &pod, container: &container, tty, stdin: p.flag("stdin") };
    let out = match ctx.exec(&command) {
        Ok(out) => out,
        Err(refusal) => {
            io.hints.push(format!(
                "the commands simulated are {KNOWN}; `kubectl logs {}` shows what the container printed",
                pod.metadata.name
            ));
            return fail_plain(io, refusal);
        }
    };
    io.out.push_str(&out.stdout);
    if out.stderr.starts_with("error: ") {
        // The runtime refused to start the command: kubectl reports it as its own error.
        io.err.push_str(&out.stderr);
        return 1;
    }
    io.err.push_str(&out.stderr);
    if out.exit_code != 0 {
        io.errlnf(format_args!("command terminated with exit code {}", out.exit_code));
    }
    for h in &out.hints {
        io.hint(h);
    }
    out.exit_code
}

/// `podcmd.FindOrDefaultContainerByName` with no name: the annotated default container, else the
/// first, with the note kubectl prints when there was a choice.
fn default_container(pod: &Pod, quiet: bool, io: &mut Io) -> String {
    let annotated = pod.metadata.annotations.get("kubectl.kubernetes.io/default-container").cloned();
    let first = pod.spec.containers.first().map(|c| c.name.clone()).unwrap_or_default();
    let chosen = annotated.filter(|a| pod.spec.containers.iter().any(|c| c.name == *a)).unwrap_or(first);
    if pod.spec.containers.len() + pod.spec.init_containers.len() > 1 && !quiet {
        let mut names: Vec<String> = pod.spec.containers.iter().map(|c| c.name.clone()).collect();
        names.extend(pod.spec.init_containers.iter().map(|c| format!("{} (init)", c.name)));
        io.errlnf(format_args!("Defaulted container \"{chosen}\" out of: {}", names.join(", ")));
    }
    chosen
}

/// The builder's `ResourceNames("pods", arg)` then `AttachablePodForObject`: a pod itself, or the
/// most active pod a workload or Service selects.
fn attachable_pod(cluster: &Cluster, arg: &str, ns: &str) -> Result<Pod, CmdError> {
    // splitResourceTypeName.
    let (kind, name) = match arg.split('/').collect::<Vec<_>>()[..] {
        [name] => (Kind::Pod, name),
        [t, n] => {
            if t.is_empty() || n.is_empty() || t.contains(',') {
                return Err(CmdError::Plain(
                    "arguments in resource/name form must have a single resource and name".into(),
                ));
            }
            let kind =
                super::resources::resolve_type(t).ok_or_else(|| CmdError::Plain(super::resources::unknown_type(t)))?;
            (kind, n)
        }
        _ => return Err(CmdError::Plain("arguments in resource/name form may not have more than one slash".into())),
    };
    let obj = super::get::lookup(cluster, kind, ns, name).map_err(|err| CmdError::Api { err, context: None })?;
    if let Object::Pod(p) = obj {
        return Ok(p.into_inner());
    }
    let value = obj.to_value();
    let selector = value.pointer("/spec/selector").cloned().unwrap_or_default();
    let go_type = format!("*v1.{}", kind.name());
    let matches: Box<Matcher> = match kind {
        Kind::ReplicationController | Kind::Service => {
            let map: BTreeMap<String, String> = selector
                .as_object()
                .map(|m| m.iter().filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string()))).collect())
                .unwrap_or_default();
            if map.is_empty() && kind == Kind::Service {
                return Err(CmdError::Plain(format!(
                    "cannot attach to {go_type}: invalid service '{name}': Service is defined without a selector"
                )));
            }
            Box::new(move |labels| map.iter().all(|(k, v)| labels.get(k) == Some(v)))
        }
        Kind::ReplicaSet | Kind::Deployment | Kind::DaemonSet | Kind::Job => {
            let sel: crate::api::meta::LabelSelector = crate::api::value::Decode::decode(selector).unwrap_or_default();
            Box::new(move |labels| sel.matches(labels))
        }
        _ => {
            return Err(CmdError::Plain(format!("cannot attach to {go_type}: selector for {go_type} not implemented")))
        }
    };
    let mut pods: Vec<Pod> =
        cluster.store().pods().filter(|p| p.metadata.namespace == ns && matches(&p.metadata.labels)).cloned().collect();
    if pods.is_empty() {
        // GetPodList watches for a pod until --pod-running-timeout; nothing arrives while kubectl
        // waits here.
        return Err(CmdError::Plain("timed out waiting for the condition".into()));
    }
    let keys = pods.clone();
    // sort.Reverse(podutils.ActivePods): the most active pod first.
    super::sorting::sort_by_keys(&mut pods, keys, |a, b| active_less(b, a));
    Ok(pods.swap_remove(0))
}

/// Whether a pod's labels match a workload's selector.
type Matcher = dyn Fn(&BTreeMap<String, String>) -> bool;

/// `podutils.ActivePods.Less`: unassigned, pending, not ready, ready for less time, restarted more,
/// and newer pods count as less active.
fn active_less(a: &Pod, b: &Pod) -> bool {
    if a.spec.node_name != b.spec.node_name && (a.spec.node_name.is_empty() || b.spec.node_name.is_empty()) {
        return a.spec.node_name.is_empty();
    }
    let rank = |p: &Pod| match p.status.phase.as_str() {
        "Pending" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 0,
    };
    if rank(a) != rank(b) {
        return rank(a) < rank(b);
    }
    if a.is_ready() != b.is_ready() {
        return !a.is_ready();
    }
    // afterOrZero: a zero time counts as the latest.
    let after_or_zero = |x: Option<crate::api::meta::Time>, y: Option<crate::api::meta::Time>| match (x, y) {
        (None, _) | (_, None) => x.is_none(),
        (Some(x), Some(y)) => x > y,
    };
    if a.is_ready() && b.is_ready() {
        let ready_at = |p: &Pod| p.condition("Ready").and_then(|c| c.last_transition_time);
        if ready_at(a) != ready_at(b) {
            return after_or_zero(ready_at(a), ready_at(b));
        }
    }
    if a.max_restarts() != b.max_restarts() {
        return a.max_restarts() > b.max_restarts();
    }
    let (ca, cb) = (a.metadata.creation_timestamp, b.metadata.creation_timestamp);
    if ca != cb {
        return after_or_zero(ca, cb);
    }
    false
}

/// Which userland an image has, for its commands' messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Userland {
    /// busybox's applets (busybox, Alpine and images built on it).
    Busybox,
    /// GNU coreutils (Debian-based images such as nginx).
    Gnu,
    /// Nothing but the image's own binary (pause).
    Scratch,
}

fn userland(image: &str) -> Userland {
    let (repo, tag, _) = split_image(image);
    let short = repo.rsplit('/').next().unwrap_or(repo);
    if short == "pause" {
        Userland::Scratch
    } else if matches!(short, "busybox" | "alpine")
        || tag.is_some_and(|t| t.contains("alpine"))
        || repo.starts_with("ikubernetes/")
        || repo.starts_with("docker.io/ikubernetes/")
    {
        Userland::Busybox
    } else {
        Userland::Gnu
    }
}

/// What a path names in the container.
enum Entry {
    File(String),
    Dir(Vec<String>),
    Missing,
    /// Exists in a real container but its contents are not simulated (why).
    NotSimulated(String),
}

/// One command run in one container.
struct Ctx<'a> {
    cluster: &'a Cluster,
    pod: &'a Pod,
    container: &'a str,
    tty: bool,
    stdin: bool,
}

impl Ctx<'_> {
    fn image(&self) -> &str {
        self.pod.spec.containers.iter().find(|c| c.name == self.container).map_or("", |c| c.image.as_str())
    }

    /// Runs `argv`, or explains why kubeplay cannot.
    fn exec(&self, argv: &[String]) -> Result<ExecOutput, String> {
        let Some((cmd, args)) = argv.split_first() else { return Ok(ExecOutput::default()) };
        let program = cmd.rsplit('/').next().unwrap_or(cmd);
        let land = userland(self.image());
        let present = !matches!((land, program), (Userland::Scratch, _) | (Userland::Busybox, "bash"));
        if matches!(program, "sh" | "bash" | "ash" | "dash" | "zsh" | "echo" | "date" | "cat" | "ls" | "true" | "false")
            && !present
        {
            return Ok(not_found(self.pod, self.container, cmd));
        }
        if let Some(out) = exec_builtin(self.cluster, self.pod, self.container, argv, self.tty) {
            return Ok(out);
        }
        let simulated = |stdout: String, stderr: String, exit_code: i32| ExecOutput {
            stdout,
            stderr,
            exit_code,
            hints: vec![SIMULATED.to_string()],
        };
        let result = match program {
            "sh" | "bash" | "ash" | "dash" | "zsh" => match args {
                [] if !self.stdin => Ok(ExecOutput::default()),
                [] => Err(format!(
                    "kubeplay: an interactive shell (`kubectl exec -it POD -- {cmd}`) is not simulated; run one command at a time: `kubectl exec {} -- COMMAND`",
                    self.pod.metadata.name
                )),
                [flag, script, ..] if flag == "-c" => self.script(script),
                _ => Err(format!("kubeplay: `{cmd} {}` is not simulated; only `{cmd} -c 'COMMAND'`", args.join(" "))),
            },
            "echo" => {
                let (newline, words) = match args.split_first() {
                    Some((n, rest)) if n == "-n" => (false, rest),
                    _ => (true, args),
                };
                let mut text = words.join(" ");
                if newline {
                    text.push('\n');
                }
                Ok(simulated(text, String::new(), 0))
            }
            "date" if args.is_empty() => Ok(simulated(format!("{}\n", self.date()), String::new(), 0)),
            "true" => Ok(ExecOutput::default()),
            "false" => Ok(ExecOutput { exit_code: 1, ..ExecOutput::default() }),
            "cat" if !args.is_empty() && args.iter().all(|a| !a.starts_with('-')) => self.cat(args, land),
            "ls" if args.iter().all(|a| !a.starts_with('-')) => self.ls(args, land),
            _ => Err(format!("kubeplay: `{}` is not simulated in this playground's containers", argv.join(" "))),
        };
        result.map(|mut out| {
            if out.exit_code == 0 && out.hints.is_empty() && !out.stdout.is_empty() && program != "sh" {
                out.hints.push(SIMULATED.to_string());
            }
            out
        })
    }

    /// `sh -c SCRIPT` of one simple command: variables expanded from the container's environment.
    fn script(&self, script: &str) -> Result<ExecOutput, String> {
        if script.contains([';', '|', '&', '>', '<', '`', '\n']) || script.contains("$(") {
            return Err(format!(
                "kubeplay: shell scripts (`{script}`) are not simulated; run one command: `sh -c 'echo $NAME'`"
            ));
        }
        let env = container_env(self.cluster, self.pod, Some(self.container), self.tty);
        let expanded = expand_variables(script, &env);
        let words = crate::shell::split_words(&expanded)
            .map_err(|e| format!("kubeplay: `sh -c` of a script the playground cannot read: {e}"))?;
        if words.first().is_some_and(|w| matches!(w.as_str(), "sh" | "bash" | "ash" | "dash" | "zsh")) {
            return Err("kubeplay: a shell inside `sh -c` is not simulated".into());
        }
        self.exec(&words)
    }

    /// The virtual time as `date` prints it: `Thu Jan  1 00:02:00 UTC 2026`.
    fn date(&self) -> String {
        let ms = crate::api::meta::EPOCH_UNIX_MS.saturating_add(i64::try_from(self.cluster.now()).unwrap_or(0));
        let secs = ms.div_euclid(1000);
        let (year, month, day, hour, minute, second) = crate::api::meta::civil_from_unix(secs);
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
            .get(usize::try_from(secs.div_euclid(86_400).rem_euclid(7)).unwrap_or(0))
            .copied()
            .unwrap_or("Thu");
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let month = months.get(usize::try_from(month).unwrap_or(1).saturating_sub(1)).copied().unwrap_or("Jan");
        format!("{weekday} {month} {day:>2} {hour:02}:{minute:02}:{second:02} UTC {year}")
    }

    fn cat(&self, paths: &[String], land: Userland) -> Result<ExecOutput, String> {
        let mut out = ExecOutput::default();
        for path in paths {
            match self.entry(path) {
                Entry::File(text) => out.stdout.push_str(&text),
                Entry::Dir(_) => {
                    out.stderr.push_str(&match land {
                        Userland::Busybox => "cat: read error: Is a directory\n".to_string(),
                        _ => format!("cat: {path}: Is a directory\n"),
                    });
                    out.exit_code = 1;
                }
                Entry::Missing => {
                    out.stderr.push_str(&match land {
                        Userland::Busybox => format!("cat: can't open '{path}': No such file or directory\n"),
                        _ => format!("cat: {path}: No such file or directory\n"),
                    });
                    out.exit_code = 1;
                }
                Entry::NotSimulated(why) => return Err(why),
            }
        }
        Ok(out)
    }

    fn ls(&self, paths: &[String], land: Userland) -> Result<ExecOutput, String> {
        let Some(path) = paths.first().filter(|_| paths.len() == 1) else {
            return Err(format!(
                "kubeplay: `ls` lists one directory here: the volumes a container mounts (such as {SERVICE_ACCOUNT_DIR})"
            ));
        };
        match self.entry(path) {
            Entry::Dir(names) => {
                let text = if names.is_empty() {
                    String::new()
                } else if self.tty {
                    format!("{}\n", names.join("  "))
                } else {
                    names.iter().map(|n| format!("{n}\n")).collect()
                };
                Ok(ExecOutput { stdout: text, ..ExecOutput::default() })
            }
            Entry::File(_) => Ok(ExecOutput { stdout: format!("{path}\n"), ..ExecOutput::default() }),
            Entry::Missing => Ok(match land {
                Userland::Busybox => ExecOutput {
                    stderr: format!("ls: {path}: No such file or directory\n"),
                    exit_code: 1,
                    ..ExecOutput::default()
                },
                _ => ExecOutput {
                    stderr: format!("ls: cannot access '{path}': No such file or directory\n"),
                    exit_code: 2,
                    ..ExecOutput::default()
                },
            }),
            Entry::NotSimulated(why) => Err(why),
        }
    }

    /// What `path` is in the container: the kubelet's files and the container's volumes.
    fn entry(&self, path: &str) -> Entry {
        let path = normalize(path);
        match path.as_str() {
            "/etc/hostname" => return Entry::File(format!("{}\n", self.hostname())),
            "/etc/hosts" => return Entry::File(self.hosts()),
            "/etc/resolv.conf" => return Entry::File(resolv_conf(&self.pod.metadata.namespace)),
            _ => {}
        }
        for (mount, files) in self.mounts() {
            let rel = if path == mount {
                ""
            } else if let Some(r) = path.strip_prefix(&format!("{mount}/")) {
                r
            } else {
                continue;
            };
            let Some(files) = files else {
                return Entry::NotSimulated(format!(
                    "kubeplay: the contents of the volume mounted at {mount} are not simulated"
                ));
            };
            if let Some((_, content)) = files.iter().find(|(p, _)| p == rel) {
                return match content {
                    Some(text) => Entry::File(text.clone()),
                    None => Entry::NotSimulated(format!("kubeplay: the contents of {path} are not simulated")),
                };
            }
            let prefix = if rel.is_empty() { String::new() } else { format!("{rel}/") };
            let mut names: Vec<String> = files
                .iter()
                .filter_map(|(p, _)| p.strip_prefix(&prefix))
                .map(|r| r.split('/').next().unwrap_or(r).to_string())
                .collect();
            names.sort();
            names.dedup();
            if names.is_empty() && !rel.is_empty() {
                return Entry::Missing;
            }
            return Entry::Dir(names);
        }
        // Where another container of the pod mounts a volume this one does not, nothing is.
        let elsewhere = self.pod.spec.containers.iter().filter(|c| c.name != self.container).any(|c| {
            c.volume_mounts.iter().map(|m| m.to_value()).collect::<Vec<_>>().iter().any(|m| {
                let mount = normalize(m.get("mountPath").and_then(Value::as_str).unwrap_or(""));
                mount != "/" && (path == mount || path.starts_with(&format!("{mount}/")))
            })
        });
        if elsewhere {
            return Entry::Missing;
        }
        Entry::NotSimulated(format!(
            "kubeplay: {path} is not simulated; the files simulated are /etc/hosts, /etc/hostname, /etc/resolv.conf and the container's projected and downward API volumes (such as {SERVICE_ACCOUNT_DIR}/namespace)"
        ))
    }

    fn hostname(&self) -> String {
        let name = if self.pod.spec.hostname.is_empty() { &self.pod.metadata.name } else { &self.pod.spec.hostname };
        name.chars().take(63).collect()
    }

    /// The kubelet's managed `/etc/hosts` (`managedHostsFileContent`).
    fn hosts(&self) -> String {
        let mut s = String::from(
            "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n",
        );
        let host = self.hostname();
        let mut ips: Vec<String> = self.pod.status.pod_ips.iter().map(|p| p.ip.to_string()).collect();
        if ips.is_empty() && !self.pod.status.pod_ip.is_empty() {
            ips.push(self.pod.status.pod_ip.clone());
        }
        for ip in ips {
            if self.pod.spec.subdomain.is_empty() {
                s.push_str(&format!("{ip}\t{host}\n"));
            } else {
                let domain =
                    format!("{}.{}.svc.{CLUSTER_DOMAIN}", self.pod.spec.subdomain, self.pod.metadata.namespace);
                s.push_str(&format!("{ip}\t{host}.{domain}\t{host}\n"));
            }
        }
        let aliases = self.pod.spec.extra.get("hostAliases").and_then(Value::as_array);
        if let Some(aliases) = aliases.filter(|a| !a.is_empty()) {
            s.push_str("\n# Entries added by HostAliases.\n");
            for a in aliases {
                let ip = a.get("ip").and_then(Value::as_str).unwrap_or("");
                for h in a.get("hostnames").and_then(Value::as_array).into_iter().flatten() {
                    s.push_str(&format!("{ip}\t{}\n", h.as_str().unwrap_or("")));
                }
            }
        }
        s
    }

    /// The container's volume mounts: (mount path, the files under it with their contents, `None`
    /// for a file whose contents are not simulated); `None` for a volume kubeplay does not model.
    #[allow(clippy::type_complexity)]
    fn mounts(&self) -> Vec<(String, Option<Vec<(String, Option<String>)>>)> {
        let Some(c) = self.pod.spec.containers.iter().find(|c| c.name == self.container) else { return Vec::new() };
        let mounts: Vec<Value> = c.volume_mounts.iter().map(|m| m.to_value()).collect();
        let mut out = Vec::new();
        for m in mounts {
            let name = m.get("name").and_then(Value::as_str).unwrap_or("");
            let path = normalize(m.get("mountPath").and_then(Value::as_str).unwrap_or(""));
            let Some(volume) = self.pod.spec.volumes.iter().find(|v| v.name == name).map(|v| v.to_value()) else {
                continue;
            };
            let files = if let Some(items) = volume.pointer("/downwardAPI/items").and_then(Value::as_array) {
                Some(items.iter().map(|i| self.downward_item(i)).collect())
            } else if let Some(sources) = volume.pointer("/projected/sources").and_then(Value::as_array) {
                let mut files = Vec::new();
                for s in sources {
                    if let Some(items) = s.pointer("/downwardAPI/items").and_then(Value::as_array) {
                        files.extend(items.iter().map(|i| self.downward_item(i)));
                    } else if let Some(t) = s.get("serviceAccountToken") {
                        files.push((t.get("path").and_then(Value::as_str).unwrap_or("token").to_string(), None));
                    } else if let Some(items) = s.pointer("/configMap/items").and_then(Value::as_array) {
                        for i in items {
                            files.push((i.get("path").and_then(Value::as_str).unwrap_or("").to_string(), None));
                        }
                    }
                }
                Some(files)
            } else if volume.get("emptyDir").is_some() {
                Some(Vec::new())
            } else {
                None
            };
            out.push((path, files));
        }
        out
    }

    /// One downward API file: its path and the field's value (`fieldpath.ExtractFieldPathAsString`;
    /// maps as `FormatMap` writes them).
    fn downward_item(&self, item: &Value) -> (String, Option<String>) {
        let path = item.get("path").and_then(Value::as_str).unwrap_or("").to_string();
        let pod = self.pod;
        let format_map =
            |m: &BTreeMap<String, String>| m.iter().map(|(k, v)| format!("{k}={v:?}")).collect::<Vec<_>>().join("\n");
        let field = item.pointer("/fieldRef/fieldPath").and_then(Value::as_str).unwrap_or("");
        let quoted = |prefix: &str| field.strip_prefix(prefix).and_then(|r| r.strip_suffix("']")).map(str::to_string);
        let value = match field {
            "metadata.name" => Some(pod.metadata.name.clone()),
            "metadata.namespace" => Some(pod.metadata.namespace.clone()),
            "metadata.uid" => Some(pod.metadata.uid.clone()),
            "metadata.labels" => Some(format_map(&pod.metadata.labels)),
            "metadata.annotations" => Some(format_map(&pod.metadata.annotations)),
            _ => match (quoted("metadata.labels['"), quoted("metadata.annotations['")) {
                (Some(k), _) => Some(pod.metadata.labels.get(&k).cloned().unwrap_or_default()),
                (_, Some(k)) => Some(pod.metadata.annotations.get(&k).cloned().unwrap_or_default()),
                _ => None,
            },
        };
        (path, value)
    }
}

/// The runtime's refusal of a program the image does not have (as cluster::services words it for
/// the commands it runs).
fn not_found(pod: &Pod, container: &str, command: &str) -> ExecOutput {
    let exec_id = hex64(&format!("{}/{container}/{command}", pod.metadata.uid));
    ExecOutput {
        stderr: format!(
            "error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec \"{exec_id}\": OCI runtime exec failed: exec failed: unable to start container process: exec: \"{command}\": executable file not found in $PATH: unknown\n"
        ),
        exit_code: 1,
        ..ExecOutput::default()
    }
}

/// `path` without repeated or trailing slashes.
fn normalize(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    format!("/{}", parts.join("/"))
}

/// A shell's `$NAME` and `${NAME}` expansion (unset names expand to nothing).
fn expand_variables(script: &str, env: &[(String, String)]) -> String {
    let lookup = |name: &str| env.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    let chars: Vec<char> = script.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let mut single_quoted = false;
    while let Some(&c) = chars.get(i) {
        i += 1;
        if c == '\'' {
            single_quoted = !single_quoted;
        }
        if c != '$' || single_quoted {
            out.push(c);
            continue;
        }
        if chars.get(i) == Some(&'{') {
            if let Some(len) = chars[i + 1..].iter().position(|&c| c == '}') {
                let name: String = chars[i + 1..i + 1 + len].iter().collect();
                out.push_str(&lookup(&name));
                i += len + 2;
                continue;
            }
        }
        let name: String = chars[i..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '_').collect();
        if name.is_empty() {
            out.push('$');
        } else {
            out.push_str(&lookup(&name));
            i += name.chars().count();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_variables_expand_from_the_environment() {
        let env = vec![("A".to_string(), "1".to_string()), ("HOME".to_string(), "/root".to_string())];
        let cases = [
            ("echo $A", "echo 1"),
            ("echo ${A}x", "echo 1x"),
            ("echo $Ax", "echo "),
            ("echo '$A'", "echo '$A'"),
            ("echo $ $HOME", "echo $ /root"),
            ("echo ${A", "echo ${A"),
        ];
        for (script, want) in cases {
            assert_eq!(expand_variables(script, &env), want, "{script}");
        }
    }

    #[test]
    fn paths_are_normalized() {
        for (p, want) in [("/etc//hosts", "/etc/hosts"), ("/var/run/", "/var/run"), ("", "/"), ("/a/./b", "/a/b")] {
            assert_eq!(normalize(p), want, "{p}");
        }
    }
}
