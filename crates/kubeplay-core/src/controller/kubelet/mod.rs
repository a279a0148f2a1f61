//! The simulated kubelet: for each pod bound to its node it creates the sandbox, pulls images
//! (cached per node, failing when asked to), starts containers, runs what their program does,
//! restarts them with the kubelet's back-off, reports readiness, and stops them gracefully.
//! It writes the pod status and the kubelet's events as a real kubelet does.
//!
//! Its runtime state (what is pulling, running, backing off) lives in [`NodeRuntime`]; everything
//! it reports goes through the pod status.

pub mod program;

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use crate::api::meta::Time;
use crate::api::node::Node;
use crate::api::pod::{
    ContainerState, ContainerStatus, IpEntry, Pod, PodCondition, PodStatus, SharedStr, StateRunning, StateTerminated,
    StateWaiting,
};
use crate::api::shared::Shared;
use crate::api::ObjBox;
use crate::controller::EventType;
use crate::sim::{format_go_duration, SimTime};

use program::{image_exists, image_info, Program, Step};

/// The kubelet's crash back-off: 10s doubling to 5 minutes (`MaxContainerBackOff`).
pub const BACKOFF_INITIAL_MS: u64 = 10_000;
pub const BACKOFF_MAX_MS: u64 = 300_000;
/// How long a sandbox (network, pause container) takes to come up.
const SANDBOX_MS: u64 = 1_000;
/// How long a server takes to exit after SIGTERM.
const SERVER_STOP_MS: u64 = 500;
/// How long the kubelet takes to notice a container exit (its PLEG relist period).
const PLEG_MS: u64 = 1_000;

/// The kubelet's state on one node.
#[derive(Clone, Debug, Default)]
pub struct NodeRuntime {
    /// Images present on the node.
    pub images: BTreeSet<String>,
    /// Pods the kubelet runs, by uid. Hashed: a sync finds its pod with one key comparison
    /// rather than a tree walk comparing uids behind pointers; only looked up, never listed in
    /// an order that shows (the hasher is fixed, so even that would be deterministic).
    pub pods: PodsByUid,
    /// The last host number handed out in the node's pod CIDR.
    pub last_ip: u32,
    /// False while the node is failed: the kubelet does nothing.
    pub down: bool,
    /// The host numbers of the pod CIDR `hosts_base` its pods held when the kubelet last added
    /// one, a bit each; valid while the node runs as many pods as then (pods only go elsewhere).
    hosts: [u64; 4],
    hosts_base: String,
    hosts_pods: usize,
    /// The node object last read and its InternalIP. Holding the object keeps its address from
    /// being reused, so the same address is the same, unchanged object (a changed one is a copy).
    node: Option<(ObjBox<Node>, SharedStr)>,
}

/// The pods a kubelet runs, by uid.
pub type PodsByUid = HashMap<String, Box<PodRuntime>, BuildHasherDefault<UidHasher>>;

/// The hash of the pods' uids: random hex, so FxHash's step with a final mix is enough (and
/// cheaper than SipHash); the map is only looked up, never listed.
#[derive(Clone, Copy, Debug, Default)]
pub struct UidHasher(u64);

impl std::hash::Hasher for UidHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(*b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x
    }
}

/// The first host address the kubelet hands out in a node's pod CIDR (.1 is the gateway).
const FIRST_POD_HOST: u32 = 2;

impl NodeRuntime {
    /// The node's InternalIP (empty without one), the pods and the images, for a sync on `node`,
    /// the stored node object.
    pub fn for_sync(&mut self, node: &ObjBox<Node>) -> (&str, &mut PodsByUid, &mut BTreeSet<String>) {
        let same = self.node.as_ref().is_some_and(|(n, _)| std::ptr::eq::<Node>(n.as_ref(), node.as_ref()));
        if !same {
            self.node = Some((node.clone(), SharedStr::new(node.internal_ip().unwrap_or(""))));
        }
        let ip = self.node.as_ref().map_or("", |(_, ip)| ip.as_str());
        (ip, &mut self.pods, &mut self.images)
    }

    /// Starts running the pod `uid`.
    pub fn add_pod(&mut self, uid: &str, rt: PodRuntime) {
        self.pods.insert(uid.to_string(), Box::new(rt));
        self.hosts_pods = self.pods.len();
    }

    /// The next free address of the node's pod CIDR (`cidr_base` is its first three octets and
    /// a dot) after the last one handed out, for a pod about to be added; empty when all 253
    /// are taken.
    pub fn next_pod_ip(&mut self, cidr_base: &str) -> SharedStr {
        if self.hosts_pods != self.pods.len() || self.hosts_base != cidr_base {
            self.hosts = [0; 4];
            cidr_base.clone_into(&mut self.hosts_base);
            #[allow(clippy::iter_over_hash_type)] // a set of addresses: the order shows nowhere
            for p in self.pods.values() {
                if let Some(host) = p.ip.strip_prefix(cidr_base).and_then(|h| h.parse::<u8>().ok()) {
                    if let Some(word) = self.hosts.get_mut(usize::from(host >> 6)) {
                        *word |= 1 << (host & 63);
                    }
                }
            }
        }
        for i in 0..253u32 {
            let host = FIRST_POD_HOST + (self.last_ip + i) % 253;
            let Some(word) = usize::try_from(host >> 6).ok().and_then(|w| self.hosts.get_mut(w)) else { continue };
            if *word & (1 << (host & 63)) == 0 {
                *word |= 1 << (host & 63);
                self.last_ip = host + 1 - FIRST_POD_HOST;
                return SharedStr::new(&format!("{cidr_base}{host}"));
            }
        }
        SharedStr::default()
    }
}

/// What the kubelet knows about one pod.
#[derive(Clone, Debug, Default)]
pub struct PodRuntime {
    /// The pod's IP: one allocation, shared with the `podIPs` of its status.
    pub ip: SharedStr,
    pub sandbox_at: SimTime,
    pub init: Box<[ContainerRuntime]>,
    pub containers: Box<[ContainerRuntime]>,
    /// When a graceful stop began and when it ends.
    pub kill: Option<(SimTime, SimTime)>,
    /// True when the next wake-up only serves a back-off (the pod is otherwise quiet).
    pub waiting_on_backoff: bool,
}

/// One container's life on the node.
#[derive(Clone, Debug)]
pub struct ContainerRuntime {
    pub name: SharedStr,
    /// Shared by the containers that run the same image.
    pub image: Arc<ImageRef>,
    /// Shared by the containers that run the same image, command and args.
    pub program: Arc<Program>,
    pub always_pull: bool,
    pub restart_policy: RestartPolicy,
    pub state: CState,
    pub restarts: i32,
    pub instance: u32,
    /// The containerd id of the current instance (empty before the first start).
    pub id: SharedStr,
    /// The delay before the next restart after a crash (0 until the first restart).
    pub backoff_ms: u64,
    pub pull_backoff_ms: u64,
    pub last: Option<Box<Terminated>>,
    /// The termination before `last` (the runtime keeps the last two exited instances).
    pub before_last: Option<Box<Terminated>>,
    /// When the current instance became ready.
    pub ready_at: Option<SimTime>,
    /// Set when the container has a readiness probe.
    pub readiness: Option<Box<Readiness>>,
    /// A restart waiting for its image pull: until the new container is created, the status keeps
    /// showing what it showed before (the kubelet regenerates it only after the sync that pulls).
    pub pending_restart: Option<PendingRestart>,
}

/// A container's readiness probe as the kubelet runs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Readiness {
    /// From the start of the container to its first success.
    pub delay_ms: u64,
    pub period_ms: u64,
    /// Why the probe can never succeed, if so.
    pub failure: Option<Box<str>>,
}

/// An image as the pod spec names it and as the runtime reports it.
#[derive(Debug, PartialEq, Eq)]
pub struct ImageRef {
    /// As the pod spec writes it.
    pub name: SharedStr,
    /// `docker.io/library/nginx:1.25`.
    pub full_name: SharedStr,
    /// The full name's repository and a digest.
    pub id: SharedStr,
    pub size_bytes: u64,
    pub pull_ms: u64,
    /// Whether pulling it can succeed.
    pub exists: bool,
}

/// What a restarting container showed before its new instance was created.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PendingRestart {
    /// The first restart after an exit: the exited container.
    AfterExit(Box<Terminated>),
    /// A restart after a crash back-off: CrashLoopBackOff.
    AfterBackOff,
}

/// A container's state machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CState {
    /// Waiting for the sandbox or the init containers before it.
    Created,
    Pulling {
        until: SimTime,
        started: SimTime,
    },
    /// A failed pull; the next attempt at `retry_at`.
    PullBackOff {
        retry_at: SimTime,
        first: bool,
        message: String,
    },
    Running {
        since: SimTime,
        exit: Option<(SimTime, i32)>,
    },
    /// Exited and will not be restarted (or has not been yet).
    Exited(Box<Terminated>),
    /// Exited; restarts at `until`.
    CrashBackOff {
        until: SimTime,
    },
    /// Exited for the first time; restarted at `at`, when the kubelet notices (about a second).
    Restarting {
        term: Box<Terminated>,
        at: SimTime,
    },
    /// Never ran, and the pod has stopped: reported terminated with an unknown status.
    Lost,
}

/// How a container instance ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Terminated {
    pub exit_code: i32,
    /// `Completed` or `Error`.
    pub reason: &'static str,
    pub started: SimTime,
    pub finished: SimTime,
    pub container_id: SharedStr,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestartPolicy {
    Always,
    OnFailure,
    Never,
}

impl RestartPolicy {
    fn parse(s: &str) -> RestartPolicy {
        match s {
            "Never" => RestartPolicy::Never,
            "OnFailure" => RestartPolicy::OnFailure,
            _ => RestartPolicy::Always,
        }
    }

    fn restarts(self, exit_code: i32) -> bool {
        match self {
            RestartPolicy::Always => true,
            RestartPolicy::OnFailure => exit_code != 0,
            RestartPolicy::Never => false,
        }
    }
}

/// An event the kubelet records about the pod (or one of its containers).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KubeletEvent {
    pub type_: EventType,
    pub reason: &'static str,
    /// Shared with the last events of the same text (`Created container nginx`).
    pub message: SharedStr,
    /// `spec.containers{name}` or `spec.initContainers{name}`; empty for pod-level events.
    pub field_path: SharedStr,
}

/// What one sync decided.
#[derive(Clone, Debug, Default)]
pub struct SyncResult {
    pub status: Option<PodStatus>,
    pub events: Vec<KubeletEvent>,
    /// Explanations of what happened, for `sim why`.
    pub why: Vec<String>,
    /// The pod being deleted has stopped: its status is terminal, and the kubelet deletes it.
    pub stopped: bool,
    pub wake_at: Option<SimTime>,
}

/// Images whose pulls fail (`sim image fail`).
pub type FailingImages = BTreeSet<String>;

/// What the containers the kubelet was given last run: the pods of one template share it.
struct Recent {
    image: String,
    command: Vec<String>,
    args: Vec<String>,
    image_ref: Arc<ImageRef>,
    program: Arc<Program>,
    ports: &'static [u16],
}

/// How many distinct containers [`RECENT`] remembers.
const RECENT_MAX: usize = 8;

thread_local! {
    /// The most recently given first. A cache: it decides nothing, it only shares.
    static RECENT: RefCell<Vec<Recent>> = const { RefCell::new(Vec::new()) };
}

/// The image, program and the image's ports of container `c`, shared with the last containers
/// given the same image, command and args.
fn image_and_program(c: &crate::api::pod::Container) -> (Arc<ImageRef>, Arc<Program>, &'static [u16]) {
    RECENT.with(|recent| {
        let mut recent = recent.borrow_mut();
        let found = recent.iter().position(|e| e.image == c.image && e.command == c.command && e.args == c.args);
        if let Some(i) = found {
            recent[..=i].rotate_right(1);
        } else {
            let info = image_info(&c.image);
            let known = recent.iter().find(|e| e.image == c.image).map(|e| e.image_ref.clone());
            let image_ref = known.unwrap_or_else(|| {
                let id = format!(
                    "{}@sha256:{}",
                    info.full_name.rsplit_once(':').map_or(info.full_name.as_str(), |(r, _)| r),
                    program::hex64(&c.image)
                );
                Arc::new(ImageRef {
                    name: SharedStr::interned(&c.image),
                    full_name: SharedStr::interned(&info.full_name),
                    id: SharedStr::interned(&id),
                    size_bytes: info.size_bytes,
                    pull_ms: info.pull_ms,
                    exists: image_exists(&c.image),
                })
            });
            recent.truncate(RECENT_MAX - 1);
            recent.insert(
                0,
                Recent {
                    image: c.image.clone(),
                    command: c.command.clone(),
                    args: c.args.clone(),
                    image_ref,
                    program: Arc::new(program::program(&c.image, &c.command, &c.args)),
                    ports: info.ports,
                },
            );
        }
        let e = &recent[0];
        (e.image_ref.clone(), e.program.clone(), e.ports)
    })
}

fn container_runtime(c: &crate::api::pod::Container, policy: RestartPolicy) -> ContainerRuntime {
    let (image, program, ports) = image_and_program(c);
    let readiness = c.readiness_probe.as_ref().map(|p| {
        let period = u64::try_from(p.period_seconds.max(1)).unwrap_or(10) * 1000;
        let threshold = u64::try_from(p.success_threshold.max(1)).unwrap_or(1);
        let delay = u64::try_from(p.initial_delay_seconds.max(0)).unwrap_or(0) * 1000 + (threshold - 1) * period;
        Box::new(Readiness {
            delay_ms: delay,
            period_ms: period,
            failure: probe_failure(p, c, ports).map(String::into_boxed_str),
        })
    });
    ContainerRuntime {
        name: SharedStr::interned(&c.name),
        image,
        program,
        always_pull: c.image_pull_policy == "Always",
        restart_policy: policy,
        state: CState::Created,
        restarts: 0,
        instance: 0,
        id: SharedStr::default(),
        backoff_ms: 0,
        pull_backoff_ms: 0,
        last: None,
        before_last: None,
        pending_restart: None,
        ready_at: None,
        readiness,
    }
}

/// Why an HTTP or TCP readiness probe of a known server image can never succeed.
fn probe_failure(p: &crate::api::pod::Probe, c: &crate::api::pod::Container, ports: &[u16]) -> Option<String> {
    let (scheme_http, port_v) = if let Some(h) = p.extra.get("httpGet") {
        (true, h.get("port"))
    } else if let Some(t) = p.extra.get("tcpSocket") {
        (false, t.get("port"))
    } else {
        return None;
    };
    let port: Option<u16> = match port_v? {
        crate::json::Value::Number(n) => n.as_u64().and_then(|v| u16::try_from(v).ok()),
        crate::json::Value::String(name) => {
            c.ports.iter().find(|cp| &cp.name == name).and_then(|cp| u16::try_from(cp.container_port).ok())
        }
        _ => None,
    };
    let port = port?;
    if ports.is_empty() || ports.contains(&port) {
        return None;
    }
    let path = p.extra.get("httpGet").and_then(|h| h.get("path")).and_then(|v| v.as_str()).unwrap_or("/");
    Some(if scheme_http {
        format!("Get \"http://{{ip}}:{port}{path}\": dial tcp {{ip}}:{port}: connect: connection refused")
    } else {
        format!("dial tcp {{ip}}:{port}: connect: connection refused")
    })
}

/// The pod runtime for a pod the kubelet has just been given.
pub fn new_pod_runtime(pod: &Pod, ip: SharedStr, now: SimTime) -> PodRuntime {
    let policy = RestartPolicy::parse(&pod.spec.restart_policy);
    PodRuntime {
        ip,
        sandbox_at: now + SANDBOX_MS,
        init: pod
            .spec
            .init_containers
            .iter()
            .map(|c| container_runtime(c, RestartPolicy::Never.min_for_init(policy)))
            .collect(),
        containers: pod.spec.containers.iter().map(|c| container_runtime(c, policy)).collect(),
        kill: None,
        waiting_on_backoff: false,
    }
}

impl RestartPolicy {
    /// Init containers restart on failure unless the pod's policy is Never.
    fn min_for_init(self, pod: RestartPolicy) -> RestartPolicy {
        let _ = self;
        match pod {
            RestartPolicy::Never => RestartPolicy::Never,
            _ => RestartPolicy::OnFailure,
        }
    }
}

/// Context a sync needs besides the pod.
pub struct SyncCtx<'a> {
    pub now: SimTime,
    pub node: &'a str,
    pub node_ip: &'a str,
    pub failing_images: &'a FailingImages,
}

/// One kubelet sync of `pod`: advances its containers to `now` and reports.
pub fn sync(ctx: &SyncCtx, pod: &Pod, rt: &mut PodRuntime, images: &mut BTreeSet<String>) -> SyncResult {
    let mut out = SyncResult::default();
    let now = ctx.now;
    if pod.metadata.deletion_timestamp.is_some() {
        stop_pod(ctx, pod, rt, &mut out);
        return out;
    }
    let mut wake: Option<SimTime> = None;
    let mut backoff_only = true;
    let note = |t: SimTime, backoff: bool, wake: &mut Option<SimTime>, backoff_only: &mut bool| {
        if wake.is_none_or(|w| t < w) {
            *wake = Some(t);
        }
        if !backoff {
            *backoff_only = false;
        }
    };
    if now < rt.sandbox_at {
        note(rt.sandbox_at, false, &mut wake, &mut backoff_only);
    } else {
        // Init containers run one after another; app containers start once all have succeeded.
        let mut init_done = true;
        for c in rt.init.iter_mut() {
            if succeeded(c) {
                continue;
            }
            init_done = false;
            advance(ctx, c, "initContainers", pod, images, &mut out, &mut |t, b| {
                note(t, b, &mut wake, &mut backoff_only)
            });
            if succeeded(c) {
                continue;
            }
            break;
        }
        if init_done || rt.init.iter().all(succeeded) {
            for c in rt.containers.iter_mut() {
                advance(ctx, c, "containers", pod, images, &mut out, &mut |t, b| {
                    note(t, b, &mut wake, &mut backoff_only)
                });
            }
        }
    }
    // Readiness and probe failures of running containers.
    for c in rt.containers.iter_mut() {
        if let CState::Running { since, .. } = c.state {
            let delay = c.readiness.as_ref().map_or(0, |r| r.delay_ms);
            if let Some((fail, period)) = c.readiness.as_ref().and_then(|r| Some((r.failure.as_ref()?, r.period_ms))) {
                let first = since + delay;
                if now >= first {
                    out.events.push(KubeletEvent {
                        type_: EventType::Warning,
                        reason: "Unhealthy",
                        message: SharedStr::new(&format!("Readiness probe failed: {}", fail.replace("{ip}", &rt.ip))),
                        field_path: text(Text::FieldPath("containers"), &c.name),
                    });
                }
                let next = if now < first { first } else { now + period };
                note(next, true, &mut wake, &mut backoff_only);
            } else if c.ready_at.is_none() {
                let at = since + delay;
                if now >= at {
                    c.ready_at = Some(at);
                } else {
                    note(at, false, &mut wake, &mut backoff_only);
                }
            }
        }
    }
    out.status = Some(status(ctx, pod, rt));
    out.wake_at = wake;
    rt.waiting_on_backoff = wake.is_some() && backoff_only;
    out
}

/// Whether the container has exited 0 (an init container that is done).
fn succeeded(c: &ContainerRuntime) -> bool {
    matches!(&c.state, CState::Exited(t) if t.exit_code == 0)
}

/// The kubelet's event texts about one container or image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Text {
    /// `spec.containers{name}` (or `spec.initContainers{name}`): an event's field path.
    FieldPath(&'static str),
    Created,
    Started,
    Stopping,
    /// The image is already on the node.
    Present,
    Pulling,
}

/// How many texts [`TEXTS`] remembers.
const TEXTS_MAX: usize = 16;

thread_local! {
    /// The most recently made first. A cache: the pods of a template share their events' texts.
    static TEXTS: RefCell<Vec<(Text, SharedStr, SharedStr)>> = const { RefCell::new(Vec::new()) };
}

/// The text `t` about the container or image `arg`, shared with the last events of the same.
fn text(t: Text, arg: &str) -> SharedStr {
    TEXTS.with(|texts| {
        let mut texts = texts.borrow_mut();
        if let Some(i) = texts.iter().position(|(k, a, _)| *k == t && a.as_str() == arg) {
            texts[..=i].rotate_right(1);
        } else {
            let made = match t {
                Text::FieldPath(list) => format!("spec.{list}{{{arg}}}"),
                Text::Created => format!("Created container {arg}"),
                Text::Started => format!("Started container {arg}"),
                Text::Stopping => format!("Stopping container {arg}"),
                Text::Present => format!("Container image \"{arg}\" already present on machine"),
                Text::Pulling => format!("Pulling image \"{arg}\""),
            };
            texts.truncate(TEXTS_MAX - 1);
            texts.insert(0, (t, SharedStr::new(arg), SharedStr::new(&made)));
        }
        texts.first().map_or_else(SharedStr::default, |(_, _, v)| v.clone())
    })
}

/// The kubelet's name for a pod in its messages: `name_namespace(uid)`.
fn pod_ref(pod: &Pod) -> String {
    format!("{}_{}({})", pod.metadata.name, pod.metadata.namespace, pod.metadata.uid)
}

/// Advances one container's state machine as far as `now` allows.
fn advance(
    ctx: &SyncCtx,
    c: &mut ContainerRuntime,
    list: &'static str,
    pod: &Pod,
    images: &mut BTreeSet<String>,
    out: &mut SyncResult,
    wake: &mut dyn FnMut(SimTime, bool),
) {
    let now = ctx.now;
    let event = |out: &mut SyncResult, name: &str, type_, reason, message: SharedStr| {
        out.events.push(KubeletEvent { type_, reason, message, field_path: text(Text::FieldPath(list), name) });
    };
    let image = c.image.clone();
    for _ in 0..8 {
        match &mut c.state {
            CState::Created => {
                let failing = ctx.failing_images.contains(image.name.as_str());
                let present = images.contains(image.name.as_str());
                if present && !c.always_pull && !failing {
                    event(out, &c.name, EventType::Normal, "Pulled", text(Text::Present, &image.name));
                    start(c, now, list, pod, out);
                    continue;
                }
                event(out, &c.name, EventType::Normal, "Pulling", text(Text::Pulling, &image.name));
                c.state = CState::Pulling { until: now + image.pull_ms, started: now };
            }
            CState::Pulling { until, started } => {
                let (until, started) = (*until, *started);
                if now < until {
                    wake(until, false);
                    return;
                }
                if let Some(message) = pull_error(ctx, &image) {
                    event(
                        out,
                        &c.name,
                        EventType::Warning,
                        "Failed",
                        SharedStr::new(&format!("Failed to pull image \"{}\": {message}", image.name)),
                    );
                    event(out, &c.name, EventType::Warning, "Failed", SharedStr::interned("Error: ErrImagePull"));
                    c.pull_backoff_ms = if c.pull_backoff_ms == 0 {
                        BACKOFF_INITIAL_MS
                    } else {
                        (c.pull_backoff_ms * 2).min(BACKOFF_MAX_MS)
                    };
                    out.why.push(format!("pulling {} failed: {message}", image.name));
                    c.state = CState::PullBackOff { retry_at: now + c.pull_backoff_ms, first: true, message };
                    continue;
                }
                if !images.contains(image.name.as_str()) {
                    images.insert(image.name.to_string());
                }
                let took = format_go_duration(now - started);
                event(
                    out,
                    &c.name,
                    EventType::Normal,
                    "Pulled",
                    SharedStr::new(&format!(
                        "Successfully pulled image \"{}\" in {took} ({took} including waiting). Image size: {} bytes.",
                        image.name, image.size_bytes
                    )),
                );
                c.pull_backoff_ms = 0;
                start(c, now, list, pod, out);
            }
            CState::PullBackOff { retry_at, first, .. } => {
                let retry_at = *retry_at;
                if *first {
                    *first = false;
                    wake(now + 1_000.min(retry_at.saturating_sub(now)), true);
                    return;
                }
                if now < retry_at {
                    event(
                        out,
                        &c.name,
                        EventType::Normal,
                        "BackOff",
                        SharedStr::new(&format!("Back-off pulling image \"{}\"", image.name)),
                    );
                    event(out, &c.name, EventType::Warning, "Failed", SharedStr::interned("Error: ImagePullBackOff"));
                    wake(retry_at, true);
                    return;
                }
                event(out, &c.name, EventType::Normal, "Pulling", text(Text::Pulling, &image.name));
                c.state = CState::Pulling { until: now + image.pull_ms, started: now };
            }
            CState::Running { since, exit } => {
                let since = *since;
                let Some((at, code)) = *exit else { return };
                if now < at {
                    wake(at, false);
                    return;
                }
                let term = Box::new(Terminated {
                    exit_code: code,
                    reason: if code == 0 { "Completed" } else { "Error" },
                    started: since,
                    finished: at,
                    container_id: c.id.clone(),
                });
                c.ready_at = None;
                let because = if c.restarts == 0 { format!(" ({})", c.program.explanation) } else { String::new() };
                out.why.push(format!(
                    "container {} exited with code {code} after {}{because}",
                    c.name,
                    format_go_duration(at - since)
                ));
                if c.restart_policy.restarts(code) {
                    if c.backoff_ms == 0 {
                        // The first restart happens as soon as the kubelet notices the exit (its
                        // PLEG relists every second); later ones wait, doubling.
                        c.backoff_ms = BACKOFF_INITIAL_MS;
                        c.state = CState::Restarting { term, at: now + PLEG_MS };
                        wake(now + PLEG_MS, false);
                        return;
                    }
                    c.before_last = c.last.replace(term);
                    let delay = c.backoff_ms;
                    c.backoff_ms = (c.backoff_ms * 2).min(BACKOFF_MAX_MS);
                    out.why.push(format!(
                        "{} will be restarted after a back-off of {} (the kubelet doubles it after each crash, up to 5m)",
                        c.name,
                        format_go_duration(delay)
                    ));
                    c.state = CState::CrashBackOff { until: now + delay };
                    event(
                        out,
                        &c.name,
                        EventType::Warning,
                        "BackOff",
                        SharedStr::new(&format!(
                            "Back-off restarting failed container {} in pod {}",
                            c.name,
                            pod_ref(pod)
                        )),
                    );
                    wake(now + delay, true);
                    return;
                }
                c.state = CState::Exited(term);
                return;
            }
            CState::CrashBackOff { until } => {
                let until = *until;
                if now < until {
                    event(
                        out,
                        &c.name,
                        EventType::Warning,
                        "BackOff",
                        SharedStr::new(&format!(
                            "Back-off restarting failed container {} in pod {}",
                            c.name,
                            pod_ref(pod)
                        )),
                    );
                    wake(until, true);
                    return;
                }
                if ctx.failing_images.contains(image.name.as_str()) || c.always_pull {
                    c.pending_restart = Some(PendingRestart::AfterBackOff);
                    c.state = CState::Created;
                    continue;
                }
                c.restarts += 1;
                event(out, &c.name, EventType::Normal, "Pulled", text(Text::Present, &image.name));
                start(c, now, list, pod, out);
            }
            CState::Restarting { at, .. } => {
                let at = *at;
                if now < at {
                    wake(at, false);
                    return;
                }
                let CState::Restarting { term, .. } = std::mem::replace(&mut c.state, CState::Created) else {
                    return;
                };
                if ctx.failing_images.contains(image.name.as_str()) || c.always_pull {
                    c.pending_restart = Some(PendingRestart::AfterExit(term));
                    continue;
                }
                c.before_last = c.last.replace(term);
                c.restarts += 1;
                event(out, &c.name, EventType::Normal, "Pulled", text(Text::Present, &image.name));
                start(c, now, list, pod, out);
            }
            CState::Exited(_) | CState::Lost => return,
        }
    }
}

fn start(c: &mut ContainerRuntime, now: SimTime, list: &'static str, pod: &Pod, out: &mut SyncResult) {
    match c.pending_restart.take() {
        Some(PendingRestart::AfterExit(term)) => {
            c.before_last = c.last.replace(term);
            c.restarts += 1;
        }
        Some(PendingRestart::AfterBackOff) => c.restarts += 1,
        None => {}
    }
    c.instance += 1;
    c.id = SharedStr::new(&pod_container_id(pod, &c.name, c.instance));
    out.events.push(KubeletEvent {
        type_: EventType::Normal,
        reason: "Created",
        message: text(Text::Created, &c.name),
        field_path: text(Text::FieldPath(list), &c.name),
    });
    out.events.push(KubeletEvent {
        type_: EventType::Normal,
        reason: "Started",
        message: text(Text::Started, &c.name),
        field_path: text(Text::FieldPath(list), &c.name),
    });
    let exit = c.program.exit().map(|(after, code)| (now + after, code));
    c.state = CState::Running { since: now, exit };
    c.ready_at = None;
}

fn pull_error(ctx: &SyncCtx, image: &ImageRef) -> Option<String> {
    let full = &image.full_name;
    if ctx.failing_images.contains(image.name.as_str()) {
        return Some(format!(
            "failed to pull and unpack image \"{full}\": failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/: 503 Service Unavailable"
        ));
    }
    if !image.exists {
        return Some(format!(
            "rpc error: code = NotFound desc = failed to pull and unpack image \"{full}\": failed to resolve reference \"{full}\": {full}: not found"
        ));
    }
    None
}

/// A stable containerd id for a container instance.
pub fn container_id(pod_ref: &str, name: &str, instance: u32) -> String {
    container_id_of(&[pod_ref.as_bytes()], name, instance)
}

/// [`container_id`] of a container of `pod`, without building its `pod_ref`.
fn pod_container_id(pod: &Pod, name: &str, instance: u32) -> String {
    let m = &pod.metadata;
    let pod_ref: [&[u8]; 6] = [m.name.as_bytes(), b"_", m.namespace.as_bytes(), b"(", m.uid.as_bytes(), b")"];
    container_id_of(&pod_ref, name, instance)
}

fn container_id_of(pod_ref: &[&[u8]], name: &str, instance: u32) -> String {
    let instance = instance.to_string();
    let mut parts: Vec<&[u8]> = Vec::with_capacity(pod_ref.len() + 4);
    parts.extend_from_slice(pod_ref);
    parts.extend_from_slice(&[b"/", name.as_bytes(), b"/", instance.as_bytes()]);
    let hex = program::hex64_of(&parts);
    let mut id = String::with_capacity("containerd://".len() + hex.len());
    id.push_str("containerd://");
    id.push_str(&hex);
    id
}

/// Stops a pod being deleted: SIGTERM, then the grace period for processes that ignore it.
fn stop_pod(ctx: &SyncCtx, pod: &Pod, rt: &mut PodRuntime, out: &mut SyncResult) {
    let now = ctx.now;
    if rt.kill.is_none() {
        let grace = u64::try_from(pod.metadata.deletion_grace_period_seconds.unwrap_or(30).max(0)).unwrap_or(30) * 1000;
        let mut done = now;
        for c in rt.init.iter().chain(rt.containers.iter()) {
            if let CState::Running { .. } = c.state {
                out.events.push(KubeletEvent {
                    type_: EventType::Normal,
                    reason: "Killing",
                    message: text(Text::Stopping, &c.name),
                    field_path: text(Text::FieldPath("containers"), &c.name),
                });
                let t = if c.program.stops_on_sigterm { SERVER_STOP_MS.min(grace) } else { grace };
                done = done.max(now + t);
                if !c.program.stops_on_sigterm && grace > 0 {
                    out.why.push(format!(
                        "{} runs a shell or sleep as PID 1, which ignores SIGTERM, so it is killed only when the {}s grace period ends",
                        c.name,
                        grace / 1000
                    ));
                }
            }
        }
        rt.kill = Some((now, done));
    }
    let Some((started, done)) = rt.kill else { return };
    if now < done {
        out.wake_at = Some(done);
        return;
    }
    // What the runtime reports once the pod has stopped: every container that ran shows how its
    // last instance ended; an app container that never ran is unknown once the pod had been
    // initialized (`TerminatePod`); init containers that never ran stay waiting.
    let initialized = rt.init.iter().all(succeeded);
    for (c, init) in rt.init.iter_mut().map(|c| (c, true)).chain(rt.containers.iter_mut().map(|c| (c, false))) {
        let state = std::mem::replace(&mut c.state, CState::Lost);
        c.state = match state {
            CState::Running { since, .. } => {
                let forced = !c.program.stops_on_sigterm && done > started;
                CState::Exited(Box::new(Terminated {
                    exit_code: if forced { 137 } else { 0 },
                    reason: if forced { "Error" } else { "Completed" },
                    started: since,
                    finished: done,
                    container_id: SharedStr::default(),
                }))
            }
            CState::Restarting { term, .. } => CState::Exited(term),
            CState::CrashBackOff { .. } => last_exit(c, init, initialized),
            CState::Created | CState::Pulling { .. } | CState::PullBackOff { .. } => match c.pending_restart.take() {
                Some(PendingRestart::AfterExit(term)) => CState::Exited(term),
                Some(PendingRestart::AfterBackOff) => last_exit(c, init, initialized),
                None if !init && initialized => CState::Lost,
                None => state,
            },
            other => other,
        };
        c.ready_at = None;
    }
    out.status = Some(status(ctx, pod, rt));
    out.stopped = true;
}

/// The state a container waiting to restart shows once its pod has stopped: its last exit (the
/// one before becomes its last state), or unknown.
fn last_exit(c: &mut ContainerRuntime, init: bool, initialized: bool) -> CState {
    match c.last.take() {
        Some(t) => {
            c.last = c.before_last.take();
            CState::Exited(t)
        }
        None if !init && initialized => CState::Lost,
        None => CState::Created,
    }
}

fn condition(
    type_: &'static str,
    ok: bool,
    reason: &str,
    message: impl FnOnce() -> String,
    previous: &PodStatus,
    now: SimTime,
) -> PodCondition {
    let status = if ok { "True" } else { "False" };
    let since = previous
        .conditions
        .iter()
        .find(|c| c.type_ == type_ && c.status == status)
        .and_then(|c| c.last_transition_time)
        .unwrap_or_else(|| Time::from_sim(now));
    PodCondition {
        type_: type_.into(),
        status: status.into(),
        last_probe_time: None,
        last_transition_time: Some(since),
        reason: if ok { String::new() } else { reason.to_string() },
        message: if ok { String::new() } else { message() },
    }
}

fn container_status(c: &ContainerRuntime, pod: &Pod, now: SimTime) -> ContainerStatus {
    let mut s = ContainerStatus {
        name: c.name.clone(),
        restart_count: c.restarts,
        image: c.image.name.clone(),
        started: Some(false),
        ..ContainerStatus::default()
    };
    if let Some(t) = &c.last {
        s.last_state.terminated = Some(Box::new(terminated_state(t)));
    }
    let ran = |s: &mut ContainerStatus| {
        s.image = c.image.full_name.clone();
        s.image_id = c.image.id.clone();
    };
    match &c.state {
        CState::Created | CState::Pulling { .. } => match &c.pending_restart {
            Some(PendingRestart::AfterExit(t)) => {
                ran(&mut s);
                s.container_id = c.id.clone();
                let mut ts = terminated_state(t);
                ts.container_id = s.container_id.clone();
                s.state.terminated = Some(Box::new(ts));
            }
            Some(PendingRestart::AfterBackOff) => {
                ran(&mut s);
                s.container_id = c.last.as_ref().map(|t| t.container_id.clone()).unwrap_or_default();
                s.state.waiting = Some(Box::new(crash_loop_waiting(c, pod)));
            }
            None => {
                s.state.waiting =
                    Some(Box::new(StateWaiting { reason: "ContainerCreating".into(), message: String::new() }));
            }
        },
        CState::PullBackOff { first, message, .. } => {
            s.state.waiting = Some(Box::new(if *first {
                StateWaiting { reason: "ErrImagePull".into(), message: message.clone() }
            } else {
                StateWaiting {
                    reason: "ImagePullBackOff".into(),
                    message: format!("Back-off pulling image \"{}\"", c.image.name),
                }
            }));
        }
        CState::Running { since, .. } => {
            ran(&mut s);
            s.container_id = c.id.clone();
            s.state.running = Some(StateRunning { started_at: Some(Time::from_sim(*since)) });
            s.started = Some(true);
            s.ready = c.readiness.as_ref().is_none_or(|r| r.failure.is_none()) && c.ready_at.is_some_and(|t| t <= now);
        }
        CState::Exited(t) | CState::Restarting { term: t, .. } => {
            ran(&mut s);
            s.container_id = c.id.clone();
            let mut ts = terminated_state(t);
            ts.container_id = s.container_id.clone();
            s.state.terminated = Some(Box::new(ts));
        }
        CState::CrashBackOff { .. } => {
            ran(&mut s);
            s.container_id = c.last.as_ref().map(|t| t.container_id.clone()).unwrap_or_default();
            s.state.waiting = Some(Box::new(crash_loop_waiting(c, pod)));
        }
        CState::Lost => {
            s.state.terminated = Some(Box::new(StateTerminated {
                exit_code: 137,
                signal: None,
                reason: "ContainerStatusUnknown".into(),
                message: "The container could not be located when the pod was terminated".into(),
                started_at: None,
                finished_at: None,
                container_id: SharedStr::default(),
            }));
        }
    }
    s
}

fn crash_loop_waiting(c: &ContainerRuntime, pod: &Pod) -> StateWaiting {
    let delay = c.backoff_ms / 2;
    StateWaiting {
        reason: "CrashLoopBackOff".into(),
        message: format!(
            "back-off {} restarting failed container={} pod={}",
            format_go_duration(delay.max(BACKOFF_INITIAL_MS)),
            c.name,
            pod_ref(pod)
        ),
    }
}

fn terminated_state(t: &Terminated) -> StateTerminated {
    StateTerminated {
        exit_code: t.exit_code,
        signal: None,
        reason: t.reason.to_string(),
        message: String::new(),
        started_at: Some(Time::from_sim(t.started)),
        finished_at: Some(Time::from_sim(t.finished)),
        container_id: t.container_id.clone(),
    }
}

/// `prev` when it already holds `s` (no allocation, no pool lookup), else the pooled `s`.
fn shared_as(prev: &SharedStr, s: &str) -> SharedStr {
    if *prev == *s {
        prev.clone()
    } else {
        SharedStr::interned(s)
    }
}

/// `phase` as a shared string: the four phases are pooled once per thread, so a phase change
/// copies a pointer.
fn phase_str(phase: &'static str) -> SharedStr {
    thread_local! {
        static PHASES: [SharedStr; 4] = ["Pending", "Running", "Succeeded", "Failed"].map(SharedStr::interned);
    }
    PHASES.with(|p| p.iter().find(|s| **s == *phase).cloned()).unwrap_or_else(|| SharedStr::interned(phase))
}

/// The pod status the kubelet reports (`generateAPIPodStatus`, `getPhase`). What did not change
/// since the last status (its conditions, strings) is shared with it, not copied.
pub fn status(ctx: &SyncCtx, pod: &Pod, rt: &PodRuntime) -> PodStatus {
    let now = ctx.now;
    let prev = &pod.status;
    let sandbox = now >= rt.sandbox_at;
    let mut init_statuses: Vec<ContainerStatus> = rt.init.iter().map(|c| container_status(c, pod, now)).collect();
    if !sandbox {
        for s in &mut init_statuses {
            s.state.waiting = Some(Box::new(StateWaiting { reason: "PodInitializing".into(), message: String::new() }));
        }
    }
    let init_done = rt.init.iter().all(succeeded);
    let mut statuses: Vec<ContainerStatus> = rt.containers.iter().map(|c| container_status(c, pod, now)).collect();
    if !init_done {
        for s in &mut statuses {
            s.state = ContainerState {
                waiting: Some(Box::new(StateWaiting { reason: "PodInitializing".into(), message: String::new() })),
                ..ContainerState::default()
            };
        }
    }
    statuses.sort_by(|a, b| a.name.cmp(&b.name));
    // The pod is terminal once a deletion has stopped all its containers.
    let stopped = rt.kill.is_some_and(|(_, done)| now >= done);
    let phase = phase(pod, rt, init_done, stopped);
    let terminal = phase == "Succeeded" || phase == "Failed";
    let all_ready = statuses.iter().all(|s| s.ready);
    let ready = all_ready && !terminal;
    let (ready_reason, ready_msg) = if terminal {
        ("PodCompleted", String::new())
    } else if all_ready {
        ("ContainersNotReady", String::new())
    } else {
        let unready: Vec<&str> = statuses.iter().filter(|s| !s.ready).map(|s| s.name.as_str()).collect();
        ("ContainersNotReady", format!("containers with unready status: [{}]", unready.join(" ")))
    };
    let initialized = rt.init.iter().all(succeeded);
    let mut conditions = Vec::with_capacity(5);
    conditions.push(condition(
        "PodReadyToStartContainers",
        sandbox && !(terminal && rt.kill.is_some()),
        "",
        String::new,
        prev,
        now,
    ));
    conditions.push(condition(
        "Initialized",
        initialized,
        "ContainersNotInitialized",
        || {
            let incomplete: Vec<&str> = rt.init.iter().filter(|c| !succeeded(c)).map(|c| c.name.as_str()).collect();
            format!("containers with incomplete status: [{}]", incomplete.join(" "))
        },
        prev,
        now,
    ));
    conditions.push(condition("Ready", ready, ready_reason, || ready_msg.clone(), prev, now));
    conditions.push(condition("ContainersReady", ready, ready_reason, || ready_msg, prev, now));
    if let Some(sched) = prev.conditions.iter().find(|c| c.type_ == "PodScheduled") {
        conditions.push(sched.clone());
    }
    let conditions = if prev.conditions == conditions { prev.conditions.clone() } else { Shared::new(conditions) };
    let host_ip = shared_as(&prev.host_ip, ctx.node_ip);
    let host_ips = if *prev.host_ips == [IpEntry { ip: host_ip.clone() }] {
        prev.host_ips.clone()
    } else {
        Shared::new(vec![IpEntry { ip: host_ip.clone() }])
    };
    PodStatus {
        phase: if prev.phase == phase { prev.phase.clone() } else { phase_str(phase) },
        conditions,
        message: SharedStr::default(),
        reason: SharedStr::default(),
        nominated_node_name: SharedStr::default(),
        host_ips,
        host_ip,
        pod_ip: if sandbox { rt.ip.to_string() } else { String::new() },
        pod_ips: if sandbox && !rt.ip.is_empty() { vec![IpEntry { ip: rt.ip.clone() }] } else { Vec::new() },
        start_time: prev.start_time.or(Some(Time::from_sim(rt.sandbox_at.saturating_sub(SANDBOX_MS)))),
        init_container_statuses: init_statuses,
        container_statuses: statuses,
        qos_class: prev.qos_class.clone(),
        extra: prev.extra.clone(),
    }
}

/// `getPhase`: from what the containers are doing and the restart policy. A pod whose deletion
/// stopped it (`podIsTerminal`) ends Succeeded if every container exited 0, else Failed, and a pod
/// stopped before all its containers ran is Failed (`TerminatePod`).
fn phase(pod: &Pod, rt: &PodRuntime, init_done: bool, terminal: bool) -> &'static str {
    let policy = RestartPolicy::parse(&pod.spec.restart_policy);
    if !init_done {
        let failed = rt.init.iter().any(|c| matches!(&c.state, CState::Exited(t) if t.exit_code != 0));
        return if (failed && policy == RestartPolicy::Never) || terminal { "Failed" } else { "Pending" };
    }
    let (mut running, mut waiting, mut stopped, mut succeeded) = (0, 0, 0, 0);
    for c in &rt.containers {
        match &c.state {
            CState::Running { .. } => running += 1,
            CState::Exited(t) => {
                stopped += 1;
                if t.exit_code == 0 {
                    succeeded += 1;
                }
            }
            CState::CrashBackOff { .. } | CState::Restarting { .. } | CState::Lost => stopped += 1,
            CState::Created | CState::Pulling { .. } | CState::PullBackOff { .. } => {
                if c.last.is_some() {
                    stopped += 1;
                } else {
                    waiting += 1;
                }
            }
        }
    }
    let total = rt.containers.len();
    if waiting > 0 {
        if terminal {
            "Failed"
        } else {
            "Pending"
        }
    } else if running > 0 {
        "Running"
    } else if stopped == total && total > 0 {
        if terminal {
            if succeeded == stopped {
                "Succeeded"
            } else {
                "Failed"
            }
        } else if policy == RestartPolicy::Always {
            "Running"
        } else if succeeded == stopped {
            "Succeeded"
        } else if policy == RestartPolicy::OnFailure {
            "Running"
        } else {
            "Failed"
        }
    } else if terminal {
        "Failed"
    } else {
        "Pending"
    }
}

/// The log lines a container has printed by now (current instance, or the previous one).
pub fn logs(rt: &PodRuntime, container: &str, previous: bool, now: SimTime) -> Option<Vec<String>> {
    let c = rt.containers.iter().chain(rt.init.iter()).find(|c| c.name == container)?;
    let elapsed = match (&c.state, previous) {
        (_, true) => {
            let t = c.last.as_ref()?;
            t.finished - t.started
        }
        (CState::Running { since, .. }, false) => now.saturating_sub(*since),
        (CState::Exited(t), false) | (CState::Restarting { term: t, .. }, false) => t.finished - t.started,
        (CState::CrashBackOff { .. }, false) => {
            let t = c.last.as_ref()?;
            t.finished - t.started
        }
        _ => return Some(Vec::new()),
    };
    Some(c.program.logs(elapsed))
}

/// Makes the running container of `name` exit now with `code` (`sim pod crash`).
pub fn crash(rt: &mut PodRuntime, name: Option<&str>, code: i32, now: SimTime) -> Option<String> {
    let c = rt
        .containers
        .iter_mut()
        .find(|c| name.is_none_or(|n| n == c.name) && matches!(c.state, CState::Running { .. }))?;
    if let CState::Running { since, .. } = c.state {
        c.state = CState::Running { since, exit: Some((now, code)) };
    }
    Some(c.name.to_string())
}

/// True when a step list runs forever (a server).
pub fn is_server(p: &Program) -> bool {
    p.steps.iter().any(|s| matches!(s, Step::Forever | Step::Loop { .. }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::Container;

    #[test]
    fn the_node_ip_a_sync_reads_follows_every_change_of_the_node_object() {
        let node_at = |ip: &str| {
            let mut n = Node::default();
            n.status.addresses = vec![crate::api::node::NodeAddress { type_: "InternalIP".into(), address: ip.into() }];
            ObjBox::new(n)
        };
        let mut rt = NodeRuntime::default();
        let first = node_at("172.18.0.2");
        assert_eq!(rt.for_sync(&first).0, "172.18.0.2");
        // Changed through copy-on-write (the runtime holds the object it read): another object.
        let mut changed = first.clone();
        changed.status.addresses[0].address = "172.18.0.9".into();
        assert_eq!(rt.for_sync(&changed).0, "172.18.0.9");
        // Replaced by a new object, and one without an InternalIP.
        drop((first, changed));
        assert_eq!(rt.for_sync(&node_at("10.0.0.1")).0, "10.0.0.1");
        assert_eq!(rt.for_sync(&ObjBox::new(Node::default())).0, "");
    }

    /// A pod whose one container is `image` running `command`, as the kubelet gets it.
    fn pod(image: &str, command: &[&str], restart_policy: &str) -> Pod {
        let mut p = Pod::default();
        p.metadata.name = "p".into();
        p.metadata.namespace = "default".into();
        p.metadata.uid = "uid-1".into();
        p.spec.restart_policy = restart_policy.into();
        p.spec.containers.push(Container {
            name: "c".into(),
            image: image.into(),
            image_pull_policy: "IfNotPresent".into(),
            command: command.iter().map(|s| s.to_string()).collect(),
            ..Container::default()
        });
        p
    }

    /// Syncs `pod` at `now` as the cluster would, writing the status back.
    fn sync_at(pod: &mut Pod, rt: &mut PodRuntime, images: &mut BTreeSet<String>, now: SimTime) -> SyncResult {
        let failing = FailingImages::new();
        let ctx = SyncCtx { now, node: "n", node_ip: "172.18.0.2", failing_images: &failing };
        let out = sync(&ctx, pod, rt, images);
        if let Some(s) = &out.status {
            pod.status = s.clone();
        }
        out
    }

    /// The status and transition time (in seconds) of each of the pod's conditions of `types`.
    fn transitions(pod: &Pod, types: &[&str]) -> Vec<(String, i64)> {
        types
            .iter()
            .map(|t| {
                let c = pod.condition(t).cloned().unwrap_or_default();
                (
                    c.status.to_string(),
                    c.last_transition_time.map_or(-1, |t| i64::try_from(t.to_sim() / 1000).unwrap_or(-1)),
                )
            })
            .collect()
    }

    #[test]
    fn pod_addresses_go_round_the_cidr_skipping_those_held_and_reusing_those_of_pods_gone() {
        let mut n = NodeRuntime::default();
        let add = |n: &mut NodeRuntime, uid: &str| {
            let ip = n.next_pod_ip("10.244.1.");
            n.add_pod(uid, PodRuntime { ip: ip.clone(), ..PodRuntime::default() });
            ip.to_string()
        };
        assert_eq!([add(&mut n, "a"), add(&mut n, "b")], ["10.244.1.2", "10.244.1.3"]);
        // The cluster forgets a pod that is gone; the next address after the last is .254, then
        // the count wraps to .2 (free again) and .4 (.3 is b's).
        n.pods.remove("a");
        n.last_ip = 252;
        let next: Vec<String> = ["c", "d", "e"].iter().map(|uid| add(&mut n, uid)).collect();
        assert_eq!(next, ["10.244.1.254", "10.244.1.2", "10.244.1.4"]);
        // From .2 again: .2 to .4 are held.
        n.last_ip = 0;
        assert_eq!(add(&mut n, "f"), "10.244.1.5");
        // Another pod CIDR: the hosts held are counted again under it (none).
        assert_eq!(n.next_pod_ip("10.244.2."), SharedStr::new("10.244.2.6"));
    }

    #[test]
    fn containers_given_the_same_image_command_and_args_share_their_image_and_program() {
        let runtime = |image: &str, command: &[&str]| new_pod_runtime(&pod(image, command, "Always"), "".into(), 0);
        let first = runtime("nginx:1.25", &[]);
        let c = &first.containers[0];
        assert_eq!(
            (c.image.name.as_str(), c.image.full_name.as_str(), c.image.exists),
            ("nginx:1.25", "docker.io/library/nginx:1.25", true)
        );
        assert!(c.image.id.starts_with("docker.io/library/nginx@sha256:"));
        // More distinct containers than the kubelet remembers, then the first again: the same
        // facts each time, shared while remembered.
        let others: Vec<PodRuntime> = (0..RECENT_MAX).map(|i| runtime("busybox", &["sleep", &i.to_string()])).collect();
        let again = runtime("nginx:1.25", &[]);
        let recent = runtime("busybox", &["sleep", "3"]);
        let c2 = &again.containers[0];
        assert!(!Arc::ptr_eq(&c.program, &c2.program) && !Arc::ptr_eq(&c.image, &c2.image));
        assert_eq!((&*c.program, &*c.image), (&*c2.program, &*c2.image));
        assert!(Arc::ptr_eq(&recent.containers[0].program, &others[3].containers[0].program));
        assert!(Arc::ptr_eq(&recent.containers[0].image, &others[0].containers[0].image));
        assert!(!Arc::ptr_eq(&recent.containers[0].program, &others[4].containers[0].program));
        assert_eq!(recent.containers[0].program.exit(), Some((3_000, 0)));
    }

    #[test]
    fn a_sync_that_changes_nothing_shares_the_last_status_strings_and_conditions() {
        let mut p = pod("nginx", &[], "Always");
        p.status.qos_class = "BestEffort".into();
        let mut images: BTreeSet<String> = ["nginx".to_string()].into();
        let mut rt = new_pod_runtime(&p, SharedStr::new("10.244.1.2"), 0);
        // Sandbox at 1s, running at once (image present), ready then.
        for now in [0, 1000] {
            sync_at(&mut p, &mut rt, &mut images, now);
        }
        assert_eq!((p.status.phase.as_str(), p.is_ready()), ("Running", true));
        let failing = FailingImages::new();
        let ctx = SyncCtx { now: 5000, node: "n", node_ip: "172.18.0.2", failing_images: &failing };
        let again = sync(&ctx, &p, &mut rt, &mut images).status.unwrap_or_default();
        assert_eq!(again, p.status);
        assert!(std::ptr::eq(&*again.conditions, &*p.status.conditions));
        assert!(std::ptr::eq(&*again.host_ips, &*p.status.host_ips));
        for (a, b) in [(&again.phase, &p.status.phase), (&again.host_ip, &p.status.host_ip)] {
            assert!(std::ptr::eq(a.as_str(), b.as_str()));
        }
        // The pod's IP is one allocation, in the runtime and in the status.
        assert!(std::ptr::eq(again.pod_ips[0].ip.as_str(), rt.ip.as_str()));
        assert!(std::ptr::eq(again.container_statuses[0].container_id.as_str(), rt.containers[0].id.as_str()));
        assert_eq!(again.container_statuses[0].container_id, container_id("p_default(uid-1)", "c", 1));
    }

    #[test]
    fn ready_and_containers_ready_move_their_transition_time_at_every_restart() {
        // A container that runs 5s and exits 1, restarted under Always: ready at 1s (sandbox),
        // exits at 6s, restarted at 7s, exits at 12s, restarted after a 10s back-off at 22s.
        let mut p = pod("busybox", &["sh", "-c", "sleep 5; exit 1"], "Always");
        let mut images: BTreeSet<String> = ["busybox".to_string()].into();
        let mut rt = new_pod_runtime(&p, "10.244.1.2".into(), 0);
        let mut now = 0;
        let mut seen = Vec::new();
        while now <= 23_000 {
            let out = sync_at(&mut p, &mut rt, &mut images, now);
            let row = transitions(&p, &["Ready", "ContainersReady"]);
            if seen.last().is_none_or(|(_, last)| *last != row) {
                seen.push((now / 1000, row));
            }
            now = out.wake_at.unwrap_or(now + 1000).max(now + 1);
        }
        let both = |status: &str, at: i64| vec![(status.to_string(), at), (status.to_string(), at)];
        assert_eq!(
            seen,
            vec![
                (0, both("False", 0)),
                (1, both("True", 1)),
                (6, both("False", 6)),
                (7, both("True", 7)),
                (12, both("False", 12)),
                (22, both("True", 22)),
            ]
        );
    }

    #[test]
    fn a_crashed_container_pulled_again_before_its_restart_moves_the_transition_times_too() {
        // nginx under imagePullPolicy Always: pulled (3.32s) after the sandbox, ready at 4.32s;
        // made to exit at 20s, noticed at 21s, pulled again and ready at 24.32s.
        let mut p = pod("nginx", &[], "Always");
        p.spec.containers[0].image_pull_policy = "Always".into();
        let mut images = BTreeSet::new();
        let mut rt = new_pod_runtime(&p, "10.244.1.2".into(), 0);
        let mut now = 0;
        let mut seen = Vec::new();
        while now <= 30_000 {
            if now == 20_000 {
                assert_eq!(crash(&mut rt, None, 1, now).as_deref(), Some("c"));
            }
            let out = sync_at(&mut p, &mut rt, &mut images, now);
            let row = transitions(&p, &["Ready", "ContainersReady"]);
            if seen.last().is_none_or(|(_, last)| *last != row) {
                seen.push((now / 1000, row));
            }
            now = out.wake_at.unwrap_or(30_001).clamp(now + 1, if now < 20_000 { 20_000 } else { 30_001 });
        }
        let both = |status: &str, at: i64| vec![(status.to_string(), at), (status.to_string(), at)];
        assert_eq!(
            seen,
            vec![(0, both("False", 0)), (4, both("True", 4)), (20, both("False", 20)), (24, both("True", 24))]
        );
    }

    #[test]
    fn a_deleted_pod_ends_in_a_terminal_phase_that_says_how_its_containers_ended() {
        // (program, pod phase once stopped, container state reason, exit code)
        let cases = [
            (("nginx", vec![]), "Succeeded", "Completed", 0),
            (("busybox", vec!["sleep", "3600"]), "Failed", "Error", 137),
            (("busybox", vec!["sh", "-c", "exit 3"]), "Failed", "Error", 3),
        ];
        for ((image, command), phase, reason, code) in cases {
            let mut p = pod(image, &command, "Always");
            let mut images: BTreeSet<String> = [image.to_string()].into();
            let mut rt = new_pod_runtime(&p, "10.244.1.2".into(), 0);
            let mut now = 0;
            while now < 20_000 {
                let out = sync_at(&mut p, &mut rt, &mut images, now);
                now = out.wake_at.unwrap_or(20_000).clamp(now + 1, 20_000);
            }
            p.metadata.deletion_timestamp = Some(Time::from_sim(50_000));
            p.metadata.deletion_grace_period_seconds = Some(30);
            let mut stopped = false;
            while !stopped && now < 60_000 {
                let out = sync_at(&mut p, &mut rt, &mut images, now);
                stopped = out.stopped;
                now = out.wake_at.unwrap_or(now + 1000);
            }
            assert!(stopped, "{image} {command:?}");
            assert_eq!(p.status.phase, phase, "{image} {command:?}");
            let t = p.status.container_statuses[0].state.terminated.clone().unwrap_or_default();
            assert_eq!((t.reason.as_str(), t.exit_code), (reason, code), "{image} {command:?}");
            assert_eq!(transitions(&p, &["Ready"])[0].0, "False");
            assert_eq!(p.condition("Ready").map(|c| c.reason.as_str()), Some("PodCompleted"));
        }
    }

    #[test]
    fn a_pod_deleted_before_its_container_ran_is_failed_with_an_unknown_container_status() {
        let mut p = pod("nginx", &[], "Always");
        let mut images = BTreeSet::new();
        let mut rt = new_pod_runtime(&p, "10.244.1.2".into(), 0);
        sync_at(&mut p, &mut rt, &mut images, 0);
        p.metadata.deletion_timestamp = Some(Time::from_sim(30_000));
        p.metadata.deletion_grace_period_seconds = Some(30);
        let out = sync_at(&mut p, &mut rt, &mut images, 500);
        assert!(out.stopped);
        assert_eq!(p.status.phase, "Failed");
        let t = p.status.container_statuses[0].state.terminated.clone().unwrap_or_default();
        assert_eq!((t.reason.as_str(), t.exit_code), ("ContainerStatusUnknown", 137));
        assert_eq!(t.message, "The container could not be located when the pod was terminated");
    }
}
