//! `kubectl logs POD|TYPE/NAME [CONTAINER]`: what a simulated container printed (the `echo` lines
//! of its command, the start-up lines of a server), with `-c`, `--all-containers`, `-l`, `--previous`,
//! `--tail`, `--since`, `--since-time`, `--limit-bytes`, `--timestamps`, `--prefix` and `-f`.
//!
//! The checks follow kubectl (`pkg/cmd/logs/logs.go`, `polymorphichelpers/logsforobject.go`), the
//! apiserver (`LogLocation`: an unscheduled pod has an empty log) and the kubelet
//! (`validateContainerLogStatus`: "is waiting to start", "previous terminated container ... not found").
//! `-f` prints what is there and keeps following during the next `sim` commands (like `get -w`),
//! until the container stops or another command runs.

use super::args::{self, Flag, Parsed};
use super::{fail, fail_cobra, namespace_of, CmdError, Io};
use crate::api::meta::Time;
use crate::api::pod::Pod;
use crate::api::{Kind, Object};
use crate::cluster::watch::Watcher;
use crate::cluster::{ApiError, Cluster};
use crate::controller::kubelet::program::Step;
use crate::controller::kubelet::{CState, ContainerRuntime};
use crate::sim::SimTime;

const LOGS_FLAGS: &[Flag] = &[
    Flag::bool("all-pods", None),
    Flag::bool("all-containers", None),
    Flag::bool("follow", Some('f')),
    Flag::bool("timestamps", None),
    Flag::int("limit-bytes", None),
    Flag::bool("previous", Some('p')),
    Flag::int("tail", None),
    Flag::bool("ignore-errors", None),
    Flag::string("since-time", None),
    Flag::duration("since"),
    Flag::string("container", Some('c')),
    Flag::bool("insecure-skip-tls-verify-backend", None),
    Flag::string("pod-running-timeout", None),
    Flag::string("selector", Some('l')),
    Flag::int("max-log-requests", None),
    Flag::bool("prefix", None),
];

const USAGE_ERROR: &str = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples";

/// What to print of each log.
#[derive(Clone, Debug)]
struct LogOptions {
    previous: bool,
    timestamps: bool,
    tail: Option<usize>,
    since_ms: Option<SimTime>,
    since_time: Option<i64>,
    limit_bytes: Option<usize>,
    prefix: bool,
}

/// Runs the verb `verb` with `argv`.
pub fn run(cluster: &mut Cluster, _verb: &str, argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl logs", LOGS_FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    match logs(cluster, &p, io) {
        Ok(code) => code,
        Err(e) => fail(io, e),
    }
}

fn logs(cluster: &mut Cluster, p: &Parsed, io: &mut Io) -> Result<i32, CmdError> {
    let selector = p.get("selector").unwrap_or("").to_string();
    let mut container = p.get("container").unwrap_or("").to_string();
    // Complete.
    match p.args.len() {
        0 if selector.is_empty() => return Err(CmdError::Plain(USAGE_ERROR.into())),
        0 => {}
        1 if !selector.is_empty() => {
            return Err(CmdError::Plain(
                "only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples".into(),
            ))
        }
        1 => {}
        2 => container = p.args[1].clone(),
        _ => return Err(CmdError::Plain(USAGE_ERROR.into())),
    }
    let ns = namespace_of(p);
    let tail = p.int("tail").unwrap_or(if selector.is_empty() || p.has("tail") { -1 } else { 10 });
    // pflag parsed --since as a Go duration (negative ones too); kubectl then refuses those.
    let since = p.duration_ms("since").unwrap_or(0);
    let since_negative = since < 0;
    let since_ms = u64::try_from(since).ok().filter(|ms| *ms > 0);
    // Validate.
    if p.has("since-time") && p.has("since") {
        return Err(CmdError::Plain("at most one of `sinceTime` or `sinceSeconds` may be specified".into()));
    }
    if p.flag("all-containers") && !container.is_empty() {
        return Err(CmdError::Plain(format!(
            "--all-containers=true should not be specified with container name {container}"
        )));
    }
    if p.has("container") && p.args.len() == 2 {
        return Err(CmdError::Plain("only one of -c or an inline [CONTAINER] arg is allowed".into()));
    }
    if p.int("limit-bytes").is_some_and(|b| b < 0) {
        return Err(CmdError::Plain("--limit-bytes must be greater than 0".into()));
    }
    if since_negative {
        return Err(CmdError::Plain("--since must be greater than 0".into()));
    }
    if tail < -1 {
        return Err(CmdError::Plain("--tail must be greater than or equal to -1".into()));
    }
    let since_time = match p.get("since-time") {
        Some(t) => Some(Time::parse_rfc3339(t).map(|t| t.0).ok_or_else(|| {
            CmdError::Plain(format!(
                "parsing time \"{t}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"{t}\" as \"2006\""
            ))
        })?),
        None => None,
    };
    let opts = LogOptions {
        previous: p.flag("previous"),
        timestamps: p.flag("timestamps"),
        tail: usize::try_from(tail).ok(),
        since_ms,
        since_time,
        limit_bytes: p.int("limit-bytes").and_then(|b| usize::try_from(b).ok()).filter(|b| *b > 0),
        prefix: p.flag("prefix") || p.flag("all-pods"),
    };
    // Which pods.
    let pods: Vec<Pod> = if !selector.is_empty() {
        let sel = super::labels::parse(&selector).map_err(|e| {
            CmdError::Api {
                err: ApiError::BadRequest(format!(
                    "Unable to find \"/v1, Resource=pods\" that match label selector \"{selector}\", field selector \"\": {e}"
                )),
                context: None,
            }
        })?;
        let pods: Vec<Pod> = cluster
            .store()
            .pods()
            .filter(|p| p.metadata.namespace == ns && sel.matches(&p.metadata.labels))
            .cloned()
            .collect();
        if pods.is_empty() {
            io.errlnf(format_args!("No resources found in {ns} namespace."));
            return Ok(0);
        }
        pods
    } else {
        vec![pod_for(cluster, &p.args[0], &ns, p.flag("all-pods"), io)?]
    };
    let all_pods = !selector.is_empty() || p.flag("all-pods");
    // Requests: (pod, container).
    let mut requests: Vec<(Pod, String)> = Vec::new();
    for pod in pods {
        if p.flag("all-containers") {
            for c in pod.spec.init_containers.iter().chain(pod.spec.containers.iter()) {
                requests.push((pod.clone(), c.name.clone()));
            }
            continue;
        }
        let mut name = container.clone();
        if name.is_empty() {
            if let Some(d) = pod.metadata.annotations.get("kubectl.kubernetes.io/default-container") {
                if pod.spec.containers.iter().chain(pod.spec.init_containers.iter()).any(|c| &c.name == d) {
                    name = d.clone();
                } else {
                    io.errlnf(format_args!("Default container name \"{d}\" not found in pod {}", pod.metadata.name));
                }
            }
        }
        if name.is_empty() {
            name = pod.spec.containers.first().map(|c| c.name.clone()).unwrap_or_default();
            if (pod.spec.containers.len() > 1 || !pod.spec.init_containers.is_empty()) && !p.flag("all-pods") {
                io.errlnf(format_args!("Defaulted container \"{name}\" out of: {}", container_names(&pod)));
            }
        }
        if !pod.spec.containers.iter().chain(pod.spec.init_containers.iter()).any(|c| c.name == name) {
            return Err(CmdError::Plain(format!("container {name} is not valid for pod {}", pod.metadata.name)));
        }
        requests.push((pod, name));
    }
    let follow = p.flag("follow");
    let mut followers = Vec::new();
    for (pod, name) in &requests {
        let lines = match read_log(cluster, pod, name, &opts) {
            Ok(l) => l,
            Err(e) if p.flag("ignore-errors") => {
                io.outlnf(format_args!("error: {}", e.message()));
                continue;
            }
            Err(e) => return Err(CmdError::Api { err: e, context: None }),
        };
        io.out.push_str(&render(&lines, &opts, pod, name));
        if follow {
            followers.push(Follow {
                namespace: pod.metadata.namespace.clone(),
                pod: pod.metadata.name.clone(),
                uid: pod.metadata.uid.clone(),
                container: name.clone(),
                printed: lines.len() + skipped_before(cluster, pod, name, &opts),
                opts: LogOptions { tail: None, ..opts.clone() },
                done: false,
            });
        }
    }
    let _ = all_pods;
    for f in followers {
        cluster.watch(Box::new(f));
    }
    Ok(0)
}

/// `podcmd.AllContainerNames`: `a, b, c (init)`.
fn container_names(pod: &Pod) -> String {
    let mut names: Vec<String> = pod.spec.containers.iter().map(|c| c.name.clone()).collect();
    names.extend(pod.spec.init_containers.iter().map(|c| format!("{} (init)", c.name)));
    names.join(", ")
}

/// The pod `POD` or `TYPE/NAME` names (a workload's first pod as `GetFirstPod` picks it).
fn pod_for(cluster: &Cluster, arg: &str, ns: &str, all_pods: bool, io: &mut Io) -> Result<Pod, CmdError> {
    let (kind, name) = match arg.split_once('/') {
        Some((t, n)) => {
            let kind =
                super::resources::resolve_type(t).ok_or_else(|| CmdError::Plain(super::resources::unknown_type(t)))?;
            (kind, n)
        }
        None => (Kind::Pod, arg),
    };
    let obj = super::get::lookup(cluster, kind, ns, name)
        .map_err(|e| CmdError::Plain(format!("error from server (NotFound): {} in namespace \"{ns}\"", e.message())))?;
    if let Object::Pod(p) = obj {
        return Ok(p.into_inner());
    }
    let value = obj.to_value();
    let selector = value.pointer("/spec/selector").cloned().unwrap_or_default();
    let matches = |labels: &std::collections::BTreeMap<String, String>| -> bool {
        match kind {
            Kind::ReplicationController | Kind::Service => selector.as_object().is_some_and(|m| {
                !m.is_empty() && m.iter().all(|(k, v)| labels.get(k).map(String::as_str) == v.as_str())
            }),
            _ => <crate::api::meta::LabelSelector as crate::api::value::Decode>::decode(selector.clone())
                .is_ok_and(|s| !s.is_empty() && s.matches(labels)),
        }
    };
    if !matches!(
        kind,
        Kind::ReplicationController | Kind::Service | Kind::ReplicaSet | Kind::Deployment | Kind::DaemonSet | Kind::Job
    ) {
        return Err(CmdError::Plain(format!(
            "cannot get the logs from *v1.{}: selector for *v1.{} not implemented",
            kind.name(),
            kind.name()
        )));
    }
    let mut pods: Vec<Pod> =
        cluster.store().pods().filter(|p| p.metadata.namespace == ns && matches(&p.metadata.labels)).cloned().collect();
    if pods.is_empty() {
        return Err(CmdError::Plain("timed out waiting for the condition".into()));
    }
    let keys: Vec<Pod> = pods.clone();
    super::sorting::sort_by_keys(&mut pods, keys, by_logging_less);
    let count = pods.len();
    let first = pods.swap_remove(0);
    if count > 1 && !all_pods {
        io.errlnf(format_args!("Found {count} pods, using pod/{}", first.metadata.name));
    }
    Ok(first)
}

/// `podutils.ByLogging`: the pod whose logs are most interesting first.
fn by_logging_less(a: &Pod, b: &Pod) -> bool {
    if a.spec.node_name != b.spec.node_name && (a.spec.node_name.is_empty() || b.spec.node_name.is_empty()) {
        return !a.spec.node_name.is_empty();
    }
    let rank = |p: &Pod| match p.status.phase.as_str() {
        "Unknown" => 1,
        "Pending" => 2,
        _ => 0,
    };
    if rank(a) != rank(b) {
        return rank(a) < rank(b);
    }
    if a.is_ready() != b.is_ready() {
        return a.is_ready();
    }
    if a.is_ready() && b.is_ready() {
        let ready_at = |p: &Pod| p.condition("Ready").and_then(|c| c.last_transition_time);
        let (ta, tb) = (ready_at(a), ready_at(b));
        if ta != tb {
            // Ready longer first; a missing time last.
            return match (ta, tb) {
                (Some(x), Some(y)) => x < y,
                (Some(_), None) => true,
                _ => false,
            };
        }
    }
    if a.max_restarts() != b.max_restarts() {
        return a.max_restarts() > b.max_restarts();
    }
    let (ca, cb) = (a.metadata.creation_timestamp, b.metadata.creation_timestamp);
    if ca != cb {
        return match (ca, cb) {
            (Some(x), Some(y)) => x < y,
            (Some(_), None) => true,
            _ => false,
        };
    }
    false
}

/// One log line with the time it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Line {
    at: SimTime,
    text: String,
}

/// The lines a container instance printed by `elapsed` ms after it started at `start`
/// (`Program::logs`, with times).
fn timed_lines(c: &ContainerRuntime, start: SimTime, elapsed: SimTime) -> Vec<Line> {
    let mut out = Vec::new();
    let mut t: SimTime = 0;
    for s in &c.program.steps {
        match s {
            Step::Echo(line) if t <= elapsed => out.push(Line { at: start + t, text: line.clone() }),
            Step::Echo(_) => {}
            Step::Sleep(ms) => t = t.saturating_add(*ms),
            Step::Exit(_) | Step::Forever => break,
            Step::Loop { lines, period } => {
                let period = (*period).max(1);
                let rounds = (elapsed.saturating_sub(t) / period + 1).min(1000);
                for k in 0..rounds {
                    for l in lines {
                        out.push(Line { at: start + t + k * period, text: l.clone() });
                    }
                }
                break;
            }
        }
    }
    out
}

/// The kubelet's answer for one container's log (`validateContainerLogStatus`, then the log).
fn read_log(cluster: &Cluster, pod: &Pod, container: &str, opts: &LogOptions) -> Result<Vec<Line>, ApiError> {
    if pod.spec.node_name.is_empty() {
        // The apiserver has no node to ask: the log is empty.
        return Ok(Vec::new());
    }
    let pod_name = &pod.metadata.name;
    let status = pod
        .status
        .container_statuses
        .iter()
        .chain(pod.status.init_container_statuses.iter())
        .find(|s| s.name == container);
    let Some(status) = status else {
        return Err(ApiError::BadRequest(format!(
            "container \"{container}\" in pod \"{pod_name}\" is waiting to start - no logs yet"
        )));
    };
    let rt = cluster.node_runtime(&pod.spec.node_name).and_then(|n| n.pods.get(&pod.metadata.uid));
    let c = rt.and_then(|r| r.containers.iter().chain(r.init.iter()).find(|c| c.name == container));
    let now = cluster.now();
    let last = |c: &ContainerRuntime| -> Vec<Line> {
        c.last.as_ref().map_or_else(Vec::new, |t| timed_lines(c, t.started, t.finished - t.started))
    };
    let lines = if opts.previous {
        if status.last_state.terminated.as_ref().is_none_or(|t| t.container_id.is_empty()) {
            return Err(ApiError::BadRequest(format!(
                "previous terminated container \"{container}\" in pod \"{pod_name}\" not found"
            )));
        }
        c.map(last).unwrap_or_default()
    } else if status.state.running.is_some() {
        match c.map(|c| (c, &c.state)) {
            Some((c, CState::Running { since, .. })) => timed_lines(c, *since, now.saturating_sub(*since)),
            _ => Vec::new(),
        }
    } else if let Some(t) = &status.state.terminated {
        if t.container_id.is_empty() && status.last_state.terminated.as_ref().is_none_or(|l| l.container_id.is_empty())
        {
            return Err(ApiError::BadRequest(format!("container \"{container}\" in pod \"{pod_name}\" is terminated")));
        }
        match c.map(|c| (c, &c.state)) {
            Some((c, CState::Exited(t))) => timed_lines(c, t.started, t.finished - t.started),
            Some((c, _)) => last(c),
            None => Vec::new(),
        }
    } else if let Some(t) = &status.last_state.terminated {
        if t.container_id.is_empty() {
            return Err(ApiError::BadRequest(format!("container \"{container}\" in pod \"{pod_name}\" is terminated")));
        }
        c.map(last).unwrap_or_default()
    } else if let Some(w) = &status.state.waiting {
        let why = match w.reason.as_str() {
            "ErrImagePull" => ": image can't be pulled".to_string(),
            "ImagePullBackOff" => ": trying and failing to pull image".to_string(),
            other => format!(": {other}"),
        };
        return Err(ApiError::BadRequest(format!(
            "container \"{container}\" in pod \"{pod_name}\" is waiting to start{why}"
        )));
    } else {
        return Err(ApiError::BadRequest(format!(
            "container \"{container}\" in pod \"{pod_name}\" is waiting to start - no logs yet"
        )));
    };
    let now_ms = Time::from_sim(now).0;
    let filtered: Vec<Line> = lines
        .into_iter()
        .filter(|l| opts.since_ms.is_none_or(|s| Time::from_sim(l.at).0 >= now_ms - s as i64))
        .filter(|l| opts.since_time.is_none_or(|s| Time::from_sim(l.at).0 >= s))
        .collect();
    Ok(match opts.tail {
        Some(n) if n < filtered.len() => filtered[filtered.len() - n..].to_vec(),
        _ => filtered,
    })
}

/// How many lines `--tail` left out (so a follower starts after them).
fn skipped_before(cluster: &Cluster, pod: &Pod, container: &str, opts: &LogOptions) -> usize {
    let all = read_log(cluster, pod, container, &LogOptions { tail: None, ..opts.clone() }).unwrap_or_default();
    let shown = read_log(cluster, pod, container, opts).unwrap_or_default();
    all.len().saturating_sub(shown.len())
}

/// The kubelet's line prefix with `--timestamps` (RFC 3339 with nanoseconds, trailing zeros trimmed).
fn timestamp(at: SimTime) -> String {
    let t = Time::from_sim(at).rfc3339();
    let ms = at % 1000;
    if ms == 0 {
        return t;
    }
    let frac = format!("{ms:03}");
    let frac = frac.trim_end_matches('0');
    format!("{}.{frac}Z", t.trim_end_matches('Z'))
}

/// The text of some log lines as kubectl prints them.
fn render(lines: &[Line], opts: &LogOptions, pod: &Pod, container: &str) -> String {
    let mut out = String::new();
    for l in lines {
        if opts.prefix {
            out.push_str(&format!("[pod/{}/{container}] ", pod.metadata.name));
        }
        if opts.timestamps {
            out.push_str(&timestamp(l.at));
            out.push(' ');
        }
        out.push_str(&l.text);
        out.push('\n');
    }
    if let Some(limit) = opts.limit_bytes {
        if out.len() > limit {
            let mut cut = limit;
            while !out.is_char_boundary(cut) {
                cut -= 1;
            }
            out.truncate(cut);
        }
    }
    out
}

/// `kubectl logs -f`: new lines of one container while time runs.
struct Follow {
    namespace: String,
    pod: String,
    uid: String,
    container: String,
    printed: usize,
    opts: LogOptions,
    done: bool,
}

// The watcher's state is not worth a Debug text: a derived one would compile the Debug code of
// every printer, selector and template it holds.
impl std::fmt::Debug for Follow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Follow")
    }
}

impl Watcher for Follow {
    fn poll(&mut self, cluster: &Cluster) -> String {
        if self.done {
            return String::new();
        }
        let Some(pod) = cluster.store().pod(&self.namespace, &self.pod).filter(|p| p.metadata.uid == self.uid) else {
            self.done = true;
            return String::new();
        };
        let lines = read_log(cluster, pod, &self.container, &self.opts).unwrap_or_default();
        let new: Vec<Line> = lines.iter().skip(self.printed).cloned().collect();
        self.printed = lines.len();
        let running = pod
            .status
            .container_statuses
            .iter()
            .chain(pod.status.init_container_statuses.iter())
            .any(|s| s.name == self.container && s.state.running.is_some());
        if !running {
            self.done = true;
        }
        render(&new, &self.opts, pod, &self.container)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_trim_trailing_zeros_as_rfc3339nano_does() {
        assert_eq!(timestamp(1_000), "2026-01-01T00:00:01Z");
        assert_eq!(timestamp(1_500), "2026-01-01T00:00:01.5Z");
        assert_eq!(timestamp(61_250), "2026-01-01T00:01:01.25Z");
    }
}
