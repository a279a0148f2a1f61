//! Controllers: each a pure reconcile over a read-only view of the store and the current time.
//! They return actions (with the reason behind each) and an optional requeue delay; `cluster`
//! applies them. Controllers never mutate the store and never read a clock.

pub mod garbage_collector;
pub mod kubelet;
pub mod node_lifecycle;
pub mod scheduler;

use crate::api::Object;
use crate::sim::SimTime;
use crate::store::{ObjRef, Store};

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
}

impl ControllerId {
    /// The component name events and explanations carry.
    pub fn component(self) -> &'static str {
        match self {
            ControllerId::GarbageCollector => "garbage-collector-controller",
            ControllerId::Scheduler => "default-scheduler",
            ControllerId::NodeLifecycle => "node-controller",
            ControllerId::TaintEviction => "taint-eviction-controller",
        }
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

/// One thing a controller wants done, with why.
#[derive(Clone, Debug)]
pub enum Action {
    /// Create an object (a pod from a template, a ReplicaSet, ...).
    Create { obj: Object, why: String },
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
}

/// The read-only world a controller sees.
pub struct Ctx<'a> {
    pub store: &'a Store,
    pub now: SimTime,
}
