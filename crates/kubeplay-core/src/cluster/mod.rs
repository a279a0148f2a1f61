//! The world: the store, the event queue, the seeded RNG, the event log and the record of why
//! things happened. Requests change the store through the apiserver layer (`apiserver`); every
//! change wakes the controllers that watch it; `step`, `run_for` and `settle` move virtual time.

pub mod apiserver;
pub mod events;
mod fast_pod;
mod kubelet;
pub mod nodes;
pub mod services; // Services: allocation, DNS, env, traffic (services/).
pub mod watch;
pub mod why;

use std::collections::{BTreeMap, BTreeSet};

use crate::api::meta::Time;
use crate::api::{Kind, Object};
use crate::controller::kubelet::NodeRuntime;
use crate::controller::scheduler::SchedCache;
use crate::controller::{self, Action, ControllerId, Ctx, EventType, Reconcile};
use crate::sim::{Queue, Rng, SimTime};
use crate::store::{Change, Key, ObjRef, Store};

pub use apiserver::ApiError;
use events::{EventLog, InvolvedRef};

/// Work waiting in the queue.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Work {
    /// Run a controller's reconcile for an object.
    Reconcile(ControllerId, ObjRef),
    /// The kubelet of the pod's node syncs the pod.
    Kubelet(Key),
}

/// One explained decision: who did what to which object, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Why {
    pub time: SimTime,
    pub actor: &'static str,
    pub text: Box<str>,
    /// The order decisions were made in, across all objects.
    pub seq: u64,
}

/// The simulated cluster.
#[derive(Debug)]
pub struct Cluster {
    pub(crate) store: Store,
    pub(crate) now: SimTime,
    pub(crate) queue: Queue<Work>,
    pub(crate) rng: Rng,
    seed: u64,
    /// Explanations by object uid, oldest first.
    pub(crate) why: why::WhyLog,
    pub(crate) events: EventLog,
    /// The kubelets' state, by node.
    pub(crate) runtime: BTreeMap<String, NodeRuntime>,
    /// The scheduler cache: each node with what is requested on it and the images it holds.
    pub(crate) sched: SchedCache,
    /// Nodes whose kubelet stopped, with the time of its last lease renewal.
    pub(crate) leases: BTreeMap<String, SimTime>,
    /// Images whose pulls fail (`sim image fail`).
    pub(crate) failing_images: BTreeSet<String>,
    /// Pods the scheduler could not place.
    pub(crate) unschedulable: BTreeMap<Key, Unschedulable>,
    /// Reconciles requeued as the back-off of a failed sync, with the time they were queued for
    /// (the queue may since have moved them, and then they are not back-offs any more).
    pub(crate) backoffs: BTreeMap<Work, SimTime>,
    /// Where the scheduler's next feasibility search starts.
    pub(crate) sched_start: usize,
    pub(crate) node_index: u32,
    /// Service allocation and traffic state (services/).
    pub(crate) services: services::ServiceState,
    /// Reconciles run so far (a measure of work, for benchmarks).
    pub reconciles: u64,
    /// The change log and the clients watching it (`kubectl get -w`).
    pub(crate) watches: watch::Watches,
    /// The nodes that carry a NoExecute taint, kept by `notify`: a pod's update asks whether its
    /// node is one, and almost never is (a name set answers that without reading the node).
    no_execute_nodes: BTreeSet<String>,
}

/// The namespaces every cluster starts with.
pub const SYSTEM_NAMESPACES: [&str; 4] = ["default", "kube-node-lease", "kube-public", "kube-system"];

/// At most this many queue items are processed at one instant before the loop gives up (a guard
/// against controllers that keep waking each other).
const MAX_WORK_PER_INSTANT: usize = 5_000_000;

/// How often an unschedulable pod is retried even without a cluster change
/// (`podMaxInUnschedulablePodsDuration`).
const UNSCHEDULABLE_FLUSH_MS: SimTime = 300_000;

/// The scheduler's back-off after failed attempts: 1s doubling to 10s
/// (`podInitialBackoffDuration`, `podMaxBackoffDuration`).
const SCHED_BACKOFF_INITIAL_MS: SimTime = 1_000;
const SCHED_BACKOFF_MAX_MS: SimTime = 10_000;

/// What the scheduling queue keeps about a pod it could not place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Unschedulable {
    /// Failed scheduling attempts so far.
    pub attempts: u32,
    /// When the last attempt failed.
    pub failed_at: SimTime,
    /// A cluster change moved the pod back to the scheduling queue: its next attempt is due to
    /// that change, not to the periodic flush.
    pub moved: bool,
}

impl Unschedulable {
    /// When the pod's back-off ends (`getBackoffTime`: the last failure plus 1s doubling per
    /// further attempt, at most 10s).
    fn backoff_until(&self) -> SimTime {
        let doublings = self.attempts.saturating_sub(1).min(4);
        let backoff = (SCHED_BACKOFF_INITIAL_MS << doublings).min(SCHED_BACKOFF_MAX_MS);
        self.failed_at.saturating_add(backoff)
    }
}

impl Cluster {
    /// A fresh default cluster (one control-plane node, three workers) whose random choices all
    /// come from `seed`.
    pub fn new(seed: u64) -> Cluster {
        let mut c = Cluster::empty(seed);
        for n in Cluster::default_nodes() {
            let _ = c.add_node(&n, false);
        }
        c.process_due();
        c
    }

    /// A cluster with its namespaces and no nodes.
    pub fn empty(seed: u64) -> Cluster {
        let mut c = Cluster {
            store: Store::new(),
            now: 0,
            queue: Queue::default(),
            rng: Rng::new(seed),
            seed,
            why: why::WhyLog::default(),
            events: EventLog::default(),
            runtime: BTreeMap::new(),
            sched: SchedCache::default(),
            leases: BTreeMap::new(),
            failing_images: BTreeSet::new(),
            unschedulable: BTreeMap::new(),
            backoffs: BTreeMap::new(),
            sched_start: 0,
            node_index: 0,
            services: services::ServiceState::new(seed),
            reconciles: 0,
            watches: watch::Watches::default(),
            no_execute_nodes: BTreeSet::new(),
        };
        c.store.set_pod_limit(apiserver::DEFAULT_POD_LIMIT);
        for ns in SYSTEM_NAMESPACES {
            let value = crate::json::json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}});
            // The system namespaces are valid by construction.
            let _ = c.create_value(Kind::Namespace, value, false);
        }
        services::bootstrap(&mut c); // the `kubernetes` Service (services/).
        c
    }

    /// A cluster whose nodes a kind config describes.
    pub fn with_config(seed: u64, config: &str) -> Result<Cluster, nodes::NodeError> {
        let specs = nodes::kind_config_nodes(config)?;
        let mut c = Cluster::empty(seed);
        for n in &specs {
            c.add_node(n, false)?;
        }
        c.process_due();
        Ok(c)
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Virtual time in milliseconds.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// The wall-clock timestamp of now.
    pub fn now_time(&self) -> Time {
        Time::from_sim(self.now)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn events(&self) -> &EventLog {
        &self.events
    }

    /// The kubelet state of a node.
    pub fn node_runtime(&self, node: &str) -> Option<&NodeRuntime> {
        self.runtime.get(node)
    }

    /// The explanations recorded for the object with `uid`.
    pub fn why_of(&self, uid: &str) -> &[Why] {
        self.why.get(uid)
    }

    pub(crate) fn explain(&mut self, actor: &'static str, uid: &str, text: String) {
        // An object already gone (deleted by the very action explained) keeps no history.
        if uid.is_empty() || text.is_empty() || self.store.by_uid(uid).is_none() {
            return;
        }
        self.why.push(uid, self.now, actor, text);
    }

    /// Records an event about a stored object.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn record_event_about(
        &mut self,
        r: &ObjRef,
        type_: EventType,
        reason: &str,
        message: &str,
        component: &'static str,
        host: &str,
        field_path: &str,
    ) {
        let uid = self.store.get_ref(r).map_or("", |o| o.meta().uid.as_str());
        let involved = InvolvedRef {
            kind: r.kind.name(),
            api_version: r.kind.api_version(),
            namespace: &r.key.namespace,
            name: &r.key.name,
            uid,
            field_path,
        };
        let rv = self.store.resource_version();
        let rng = &mut self.rng;
        self.events.record_ref(self.now, involved, type_, reason, message, component, host, || rng.uuid_bits(), rv);
    }

    /// Processes everything due now, including what that work makes due now.
    pub fn process_due(&mut self) {
        let mut budget = MAX_WORK_PER_INSTANT;
        while budget > 0 {
            let Some((_, work)) = self.queue.pop_due(self.now) else { break };
            self.run_work(work);
            budget -= 1;
        }
    }

    /// Moves to the next time anything is due and processes it. Returns false when nothing waits.
    pub fn step(&mut self) -> bool {
        self.process_due();
        let Some(t) = self.queue.next_time() else {
            return false;
        };
        self.now = self.now.max(t);
        self.process_due();
        true
    }

    /// Advances virtual time by `ms`, processing everything due on the way.
    pub fn run_for(&mut self, ms: SimTime) {
        let target = self.now.saturating_add(ms);
        self.process_due();
        while let Some(t) = self.queue.next_time() {
            if t > target {
                break;
            }
            self.now = self.now.max(t);
            self.process_due();
        }
        self.now = target;
    }

    /// Whether only periodic work is left: back-offs that repeat forever (crash loops, image
    /// pull back-off, probes that keep failing, controllers retrying a sync that keeps failing),
    /// the periodic flush of unschedulable pods, and CronJobs waiting for their next schedule
    /// time. Work a cluster change made due is not periodic: an unschedulable pod moved back to
    /// the scheduling queue by a change, a controller woken by one.
    fn is_periodic(&self, work: &Work) -> bool {
        match work {
            Work::Kubelet(k) => self
                .store
                .pod(&k.namespace, &k.name)
                .and_then(|p| self.runtime.get(&p.spec.node_name).and_then(|n| n.pods.get(&p.metadata.uid)))
                .is_some_and(|rt| rt.waiting_on_backoff),
            Work::Reconcile(ControllerId::Scheduler, r) => self.unschedulable.get(&r.key).is_some_and(|u| !u.moved),
            Work::Reconcile(ControllerId::CronJob, _) => true,
            Work::Reconcile(..) => self.backoffs.get(work).is_some_and(|at| self.queue.due(work) == Some(*at)),
        }
    }

    /// Whether nothing but periodic work is waiting. Cheap when the next item is not periodic
    /// (the usual case while things happen); a full scan otherwise.
    pub fn is_quiet(&mut self) -> bool {
        let next = match self.queue.peek() {
            None => return true,
            Some((_, w)) => w.clone(),
        };
        if !self.is_periodic(&next) {
            return false;
        }
        self.queue.entries().iter().all(|(_, w)| self.is_periodic(w))
    }

    /// Runs until no work is waiting but periodic work, or `timeout_ms` has passed. Returns whether
    /// it went quiet.
    pub fn settle(&mut self, timeout_ms: SimTime) -> bool {
        let deadline = self.now.saturating_add(timeout_ms);
        self.process_due();
        loop {
            if self.is_quiet() {
                return true;
            }
            let Some(t) = self.queue.next_time() else {
                return true;
            };
            if t > deadline {
                self.now = deadline;
                return false;
            }
            self.now = self.now.max(t);
            self.process_due();
        }
    }

    /// The time of the next queued work, if any.
    pub fn next_event_time(&mut self) -> Option<SimTime> {
        self.queue.next_time()
    }

    fn run_work(&mut self, work: Work) {
        crate::heap::grow_ahead();
        if !self.backoffs.is_empty() {
            self.backoffs.remove(&work);
        }
        match work {
            Work::Reconcile(ctl, target) => {
                self.reconciles += 1;
                if ctl == ControllerId::Scheduler {
                    self.schedule_pod(&target);
                    return;
                }
                let result = {
                    let ctx = Ctx { store: &self.store, now: self.now };
                    match ctl {
                        ControllerId::NodeLifecycle => {
                            use controller::node_lifecycle::Heartbeat;
                            let name = &target.key.name;
                            let heartbeat = match (self.runtime.contains_key(name), self.leases.get(name)) {
                                (false, _) => Heartbeat::Never,
                                (true, Some(t)) => Heartbeat::StoppedAt(*t),
                                (true, None) => Heartbeat::Renewing,
                            };
                            controller::node_lifecycle::reconcile_node(&ctx, name, heartbeat)
                        }
                        ControllerId::TaintEviction => controller::node_lifecycle::reconcile_eviction(&ctx, &target),
                        other => controller::reconcile(other, &ctx, &target),
                    }
                };
                self.apply_reconcile(ctl, &target, result);
            }
            Work::Kubelet(key) => {
                self.reconciles += 1;
                self.kubelet_sync(&key);
            }
        }
    }

    fn apply_reconcile(&mut self, ctl: ControllerId, target: &ObjRef, result: Reconcile) {
        for action in result.actions {
            self.apply_action(ctl, action);
        }
        if let Some(delay) = result.requeue_after {
            let at = self.now.saturating_add(delay);
            let work = Work::Reconcile(ctl, target.clone());
            self.queue.push(at, work.clone());
            // The rate-limited retry of a failed sync is a back-off, unless the queue already
            // held the reconcile for an earlier change.
            if result.retry && self.queue.due(&work) == Some(at) {
                self.backoffs.insert(work, at);
            }
        }
    }

    fn apply_action(&mut self, ctl: ControllerId, action: Action) {
        let actor = ctl.component();
        match action {
            Action::Create { obj, why, event, failed } => match self.create_object(obj) {
                Ok(created) => {
                    self.explain(actor, &created.meta().uid.clone(), why);
                    if let Some(e) = event {
                        let message = e.message.replace("{name}", created.name());
                        self.record_event_about(&e.about, e.type_, &e.reason, &message, actor, "", "");
                    }
                }
                Err(err) => {
                    if let Some(e) = failed {
                        let message = e.message.replace("{error}", &err.message());
                        self.record_event_about(&e.about, e.type_, &e.reason, &message, actor, "", "");
                    }
                }
            },
            Action::Update { obj, why } => {
                let uid = obj.meta().uid.clone();
                if self.update_object(obj).is_ok() {
                    self.explain(actor, &uid, why);
                }
            }
            Action::Delete { target, uid, propagation, grace_seconds, why } => {
                let current_uid = self.store.get_ref(&target).map(|o| o.meta().uid.clone());
                if current_uid.as_deref() == Some(uid.as_str())
                    && self.delete(&target, Some(propagation), grace_seconds).is_ok()
                {
                    self.explain(actor, &uid, why);
                }
            }
            Action::Event { involved, type_, reason, message } => {
                self.record_event_about(&involved, type_, &reason, &message, actor, "", "");
            }
        }
    }

    /// A cluster change moves every unschedulable pod back to the scheduling queue
    /// (`MoveAllToActiveOrBackoffQueue`): it is retried when its back-off ends, at once if it
    /// already has.
    pub(crate) fn retry_unschedulable(&mut self) {
        let now = self.now;
        for (k, u) in self.unschedulable.iter_mut() {
            u.moved = true;
            let r = ObjRef { kind: Kind::Pod, key: k.clone() };
            self.queue.push(u.backoff_until().max(now), Work::Reconcile(ControllerId::Scheduler, r));
        }
    }

    /// Wakes the controllers that watch what changed.
    pub(crate) fn notify(&mut self, change: &Change) {
        self.watches.record(change, self.store.resource_version(), self.now);
        if let (None, Some(old)) = (&change.new, &change.old) {
            // `sim why` answers for stored objects only: a deleted one's decisions go with it.
            self.why.remove(&old.meta().uid);
        }
        if change.obj.kind == Kind::Node {
            match &change.new {
                Some(Object::Node(n)) if n.spec.taints.iter().any(|t| t.effect == "NoExecute") => {
                    self.no_execute_nodes.insert(change.obj.key.name.clone());
                }
                _ => {
                    self.no_execute_nodes.remove(&change.obj.key.name);
                }
            }
        }
        self.update_usage(change);
        if change.obj.kind == Kind::Service {
            self.services.allocated.track(change);
        }
        self.notify_gc(change);
        for ctl in ControllerId::WATCHERS {
            for target in controller::watch(ctl, &self.store, change) {
                self.queue.push(self.now, Work::Reconcile(ctl, target));
            }
        }
        match change.obj.kind {
            Kind::Pod => self.notify_pod(change),
            Kind::Node => self.notify_node(change),
            _ => {}
        }
    }

    fn notify_gc(&mut self, change: &Change) {
        let now = self.now;
        let deleting = change.new.as_ref().is_none_or(|n| n.meta().deletion_timestamp.is_some());
        if let Some(new) = &change.new {
            let owners_changed =
                change.old.as_ref().is_none_or(|o| o.meta().owner_references != new.meta().owner_references);
            let newly_deleting = new.meta().deletion_timestamp.is_some()
                && change.old.as_ref().is_none_or(|o| {
                    o.meta().finalizers != new.meta().finalizers || o.meta().deletion_timestamp.is_none()
                });
            if (!new.meta().owner_references.is_empty() && owners_changed) || newly_deleting {
                self.queue.push(now, Work::Reconcile(ControllerId::GarbageCollector, change.obj.clone()));
            }
        }
        if deleting {
            let uid = change.old.as_ref().or(change.new.as_ref()).map(|o| o.meta().uid.clone()).unwrap_or_default();
            let dependents: Vec<ObjRef> = self.store.dependents(&uid).cloned().collect();
            for d in dependents {
                self.queue.push(now, Work::Reconcile(ControllerId::GarbageCollector, d));
            }
        }
        // An owner held by the foreground finalizer waits for its blocking dependents to go.
        if change.new.is_none() {
            if let Some(old) = &change.old {
                for owner in &old.meta().owner_references {
                    if let Some(o) = self.store.by_uid(&owner.uid) {
                        if o.meta().deletion_timestamp.is_some() {
                            let r = ObjRef::of(o);
                            self.queue.push(now, Work::Reconcile(ControllerId::GarbageCollector, r));
                        }
                    }
                }
            }
        }
    }

    /// Keeps the scheduler cache in step with bound, non-terminal pods and nodes' allocatable.
    fn update_usage(&mut self, change: &Change) {
        if change.obj.kind == Kind::Node {
            match &change.new {
                Some(Object::Node(n)) => {
                    if self.sched.put_node(n) {
                        // Pods already bound to a node of this name count against it.
                        let name = n.metadata.name.clone();
                        let pods: Vec<crate::api::pod::Pod> =
                            self.store.pods_on_node(&name).filter(|p| !p.is_terminal()).cloned().collect();
                        if let Some(info) = self.sched.get_mut(&name) {
                            for p in &pods {
                                info.usage.add(p, 1);
                            }
                        }
                    }
                }
                _ => self.sched.remove_node(&change.obj.key.name),
            }
            return;
        }
        fn counted(o: &Option<Object>) -> Option<&crate::api::pod::Pod> {
            match o {
                Some(Object::Pod(p)) if !p.spec.node_name.is_empty() && !p.is_terminal() => Some(p),
                _ => None,
            }
        }
        let (old, new) = (counted(&change.old), counted(&change.new));
        // A status update of a running pod changes nothing the scheduler counts (requests and
        // ports are immutable); only its node or its controller could move it.
        if let (Some(o), Some(n)) = (old, new) {
            if o.spec.node_name == n.spec.node_name
                && o.metadata.uid == n.metadata.uid
                && o.metadata.controller_ref().map(|r| &r.uid) == n.metadata.controller_ref().map(|r| &r.uid)
            {
                return;
            }
        }
        if let Some(p) = old {
            if let Some(info) = self.sched.get_mut(&p.spec.node_name) {
                info.usage.add(p, -1);
            }
        }
        if let Some(p) = new {
            if let Some(info) = self.sched.get_mut(&p.spec.node_name) {
                info.usage.add(p, 1);
            }
        }
    }

    fn notify_pod(&mut self, change: &Change) {
        let now = self.now;
        let key = &change.obj.key;
        match &change.new {
            Some(Object::Pod(p)) => {
                let old = match &change.old {
                    Some(Object::Pod(o)) => Some(o.as_ref()),
                    _ => None,
                };
                if p.spec.node_name.is_empty() {
                    if p.metadata.deletion_timestamp.is_none()
                        && (p.spec.scheduler_name.is_empty() || p.spec.scheduler_name == "default-scheduler")
                        && old.is_none_or(|o| o.spec != p.spec)
                    {
                        self.queue.push(now, Work::Reconcile(ControllerId::Scheduler, change.obj.clone()));
                    }
                } else {
                    let spec_changed = old.is_none_or(|o| {
                        o.spec != p.spec || o.metadata.deletion_timestamp != p.metadata.deletion_timestamp
                    });
                    if spec_changed {
                        self.queue.push(now, Work::Kubelet(key.clone()));
                    }
                    // Pods on tainted nodes are the taint manager's.
                    let tainted = self.no_execute_nodes.contains(&p.spec.node_name);
                    if tainted
                        && old.is_none_or(|o| {
                            o.spec.node_name != p.spec.node_name || o.spec.tolerations != p.spec.tolerations
                        })
                    {
                        self.queue.push(now, Work::Reconcile(ControllerId::TaintEviction, change.obj.clone()));
                    }
                    if p.is_terminal() && old.is_some_and(|o| !o.is_terminal()) {
                        self.retry_unschedulable();
                    }
                }
            }
            _ => {
                // A pod that is gone leaves the scheduling queue and its kubelet.
                if self.unschedulable.remove(key).is_some() {
                    self.queue.cancel(&Work::Reconcile(ControllerId::Scheduler, change.obj.clone()));
                }
                self.queue.cancel(&Work::Kubelet(key.clone()));
                if let Some(Object::Pod(old)) = &change.old {
                    if !old.spec.node_name.is_empty() {
                        // The kubelet forgets a pod that is gone (`HandlePodRemoves`).
                        if let Some(node_rt) = self.runtime.get_mut(&old.spec.node_name) {
                            node_rt.pods.remove(&old.metadata.uid);
                        }
                        self.retry_unschedulable();
                    }
                }
            }
        }
    }

    fn notify_node(&mut self, change: &Change) {
        let now = self.now;
        let (old, new) = match (&change.old, &change.new) {
            (Some(Object::Node(o)), Some(Object::Node(n))) => (Some(o.as_ref()), Some(n.as_ref())),
            (None, Some(Object::Node(n))) => (None, Some(n.as_ref())),
            (Some(Object::Node(o)), None) => (Some(o.as_ref()), None),
            _ => return,
        };
        if let Some(n) = new {
            // A Node created through the API has no kubelet: the node lifecycle controller
            // registers it (a kubelet's node is announced when it joins).
            if old.is_none() && !self.runtime.contains_key(&n.metadata.name) {
                let msg = format!("Registered Node {} in Controller", n.metadata.name);
                self.record_event_about(
                    &change.obj,
                    EventType::Normal,
                    "RegisteredNode",
                    &msg,
                    "node-controller",
                    "",
                    "",
                );
            }
            if old.is_none_or(|o| o.spec.unschedulable != n.spec.unschedulable) {
                self.queue.push(now, Work::Reconcile(ControllerId::NodeLifecycle, change.obj.clone()));
            }
            let no_execute = |node: &crate::api::node::Node| -> Vec<crate::api::pod::Taint> {
                node.spec.taints.iter().filter(|t| t.effect == "NoExecute").cloned().collect()
            };
            if old.is_none_or(|o| no_execute(o) != no_execute(n)) {
                let pods: Vec<ObjRef> = self
                    .store
                    .pods_on_node(&n.metadata.name)
                    .map(|p| ObjRef::new(Kind::Pod, p.metadata.namespace.clone(), p.metadata.name.clone()))
                    .collect();
                for p in pods {
                    if no_execute(n).is_empty() {
                        // The taint went before the eviction: cancel it.
                        if self.queue.due(&Work::Reconcile(ControllerId::TaintEviction, p.clone())).is_some() {
                            self.queue.cancel(&Work::Reconcile(ControllerId::TaintEviction, p.clone()));
                            let msg = format!("Cancelling deletion of Pod {}/{}", p.key.namespace, p.key.name);
                            self.record_event_about(
                                &p,
                                EventType::Normal,
                                "TaintManagerEviction",
                                &msg,
                                "taint-eviction-controller",
                                "",
                                "",
                            );
                        }
                    } else {
                        self.queue.push(now, Work::Reconcile(ControllerId::TaintEviction, p));
                    }
                }
            }
            let schedulable_changed = old.is_none_or(|o| o.spec != n.spec || o.metadata.labels != n.metadata.labels);
            if schedulable_changed {
                self.retry_unschedulable();
            }
        }
    }
}
