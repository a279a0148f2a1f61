//! Controllers: each a pure reconcile over a read-only view of the store and the current time.
//! They return actions (with the reason behind each) and an optional requeue delay; `cluster`
//! applies them. Controllers never mutate the store and never read a clock.

pub mod cron_job;
pub mod daemon_set;
pub mod deployment;
pub mod endpoints;
pub mod garbage_collector;
pub mod job;
pub mod kubelet;
pub mod node_lifecycle;
pub mod pod_control;
pub mod replica_set;
pub mod scheduler;
pub mod ttl_after_finished;

use crate::api::Object;
use crate::sim::SimTime;
use crate::store::{Change, ObjRef, Store};

/// Which controller a queued reconcile is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ControllerId {
    GarbageCollector,
    /// The default scheduler (the object is a pod).
    Scheduler,
    /// The node lifecycle controller (the object is a node).
    NodeLifecycle,
    /// The taint manager's eviction of one pod.
    TaintEviction,
    ReplicaSet,
    ReplicationController,
    Deployment,
    DaemonSet,
    Job,
    CronJob,
    TtlAfterFinished,
    /// The endpoints and EndpointSlice controllers (the object is a Service).
    Endpoints,
}

impl ControllerId {
    /// The component name events and explanations carry.
    pub fn component(self) -> &'static str {
        match self {
            ControllerId::GarbageCollector => "garbage-collector-controller",
            ControllerId::Scheduler => "default-scheduler",
            ControllerId::NodeLifecycle => "node-controller",
            ControllerId::TaintEviction => "taint-eviction-controller",
            ControllerId::ReplicaSet => "replicaset-controller",
            ControllerId::ReplicationController => "replication-controller",
            ControllerId::Deployment => "deployment-controller",
            ControllerId::DaemonSet => "daemonset-controller",
            ControllerId::Job => "job-controller",
            ControllerId::CronJob => "cronjob-controller",
            ControllerId::TtlAfterFinished => "ttl-after-finished-controller",
            ControllerId::Endpoints => "endpoint-controller",
        }
    }

    /// The controllers that watch the store (the scheduler, node lifecycle and taint manager are
    /// woken by the cluster itself).
    pub const WATCHERS: [ControllerId; 8] = [
        ControllerId::ReplicaSet,
        ControllerId::ReplicationController,
        ControllerId::Deployment,
        ControllerId::DaemonSet,
        ControllerId::Job,
        ControllerId::CronJob,
        ControllerId::TtlAfterFinished,
        ControllerId::Endpoints,
    ];
}

/// Runs one reconcile of a store-watching controller.
pub fn reconcile(ctl: ControllerId, ctx: &Ctx, target: &ObjRef) -> Reconcile {
    match ctl {
        ControllerId::ReplicaSet => replica_set::reconcile(ctx, target),
        ControllerId::ReplicationController => replica_set::reconcile_rc(ctx, target),
        ControllerId::Deployment => deployment::reconcile(ctx, target),
        ControllerId::DaemonSet => daemon_set::reconcile(ctx, target),
        ControllerId::Job => job::reconcile(ctx, target),
        ControllerId::CronJob => cron_job::reconcile(ctx, target),
        ControllerId::TtlAfterFinished => ttl_after_finished::reconcile(ctx, target),
        ControllerId::Endpoints => endpoints::reconcile(ctx, target),
        ControllerId::GarbageCollector => garbage_collector::reconcile(ctx, target),
        ControllerId::NodeLifecycle | ControllerId::TaintEviction | ControllerId::Scheduler => Reconcile::default(),
    }
}

/// The objects a controller wants to reconcile because of a store change (its informers' event
/// handlers: the changed object itself, its owner, the objects whose selectors match it, ...).
/// `store` is the state after the change.
pub fn watch(ctl: ControllerId, store: &Store, change: &Change) -> Vec<ObjRef> {
    match ctl {
        ControllerId::ReplicaSet => replica_set::watch(store, change),
        ControllerId::ReplicationController => replica_set::watch_rc(store, change),
        ControllerId::Deployment => deployment::watch(store, change),
        ControllerId::DaemonSet => daemon_set::watch(store, change),
        ControllerId::Job => job::watch(store, change),
        ControllerId::CronJob => cron_job::watch(store, change),
        ControllerId::TtlAfterFinished => ttl_after_finished::watch(store, change),
        ControllerId::Endpoints => endpoints::watch(store, change),
        _ => Vec::new(),
    }
}

/// How a delete treats the object's dependents (`metav1.DeletionPropagation`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Propagation {
    Background,
    Foreground,
    Orphan,
}

impl Propagation {
    pub fn parse(s: &str) -> Option<Propagation> {
        match s {
            "background" | "Background" => Some(Propagation::Background),
            "foreground" | "Foreground" => Some(Propagation::Foreground),
            "orphan" | "Orphan" => Some(Propagation::Orphan),
            _ => None,
        }
    }
}

/// Event severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum EventType {
    Normal,
    Warning,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Normal => "Normal",
            EventType::Warning => "Warning",
        }
    }
}

/// An event to record once an object has been created, about `about` (the controller's own
/// object); `{name}` in the message is replaced by the created object's generated name.
#[derive(Clone, Debug)]
pub struct CreatedEvent {
    pub about: ObjRef,
    pub type_: EventType,
    pub reason: String,
    pub message: String,
}

/// One thing a controller wants done, with why.
#[derive(Clone, Debug)]
pub enum Action {
    /// Create an object (a pod from a template, a ReplicaSet, ...). `event` is recorded after it
    /// was created; when creation fails, `failed` is recorded instead with `{error}` replaced.
    Create { obj: Object, why: String, event: Option<CreatedEvent>, failed: Option<CreatedEvent> },
    /// Replace an object with this version (spec, metadata or status changes).
    Update { obj: Object, why: String },
    /// Delete an object; `uid` guards against deleting a newer object of the same name.
    Delete { target: ObjRef, uid: String, propagation: Propagation, grace_seconds: Option<i64>, why: String },
    /// Record an Event about an object.
    Event { involved: ObjRef, type_: EventType, reason: String, message: String },
}

/// What a reconcile decided.
#[derive(Clone, Debug, Default)]
pub struct Reconcile {
    pub actions: Vec<Action>,
    /// Reconcile again after this many milliseconds.
    pub requeue_after: Option<SimTime>,
    /// The requeue is the workqueue's rate-limited retry of a sync that failed: a back-off that
    /// repeats while the failure lasts (`sim settle` does not wait for it).
    pub retry: bool,
}

/// The read-only world a controller sees.
pub struct Ctx<'a> {
    pub store: &'a Store,
    pub now: SimTime,
}
