//! `Object`: any stored object, with its kind, metadata and JSON form.

use crate::json::{Map, Value};

use super::apps::{ControllerRevision, DaemonSet, Deployment, ReplicaSet, ReplicationController};
use super::batch::{CronJob, Job};
use super::event::Event;
use super::meta::ObjectMeta;
use super::node::{Namespace, Node};
use super::pod::Pod;
use super::service::{EndpointSlice, Endpoints, Service};
use super::value::{Decode, Encode};
use super::Kind;

/// An object's body, shared between the store, the change watchers see and whoever read it:
/// cloning is a reference count, and the first write through it copies (`Arc::make_mut`).
pub struct ObjBox<T>(std::sync::Arc<T>);

impl<T> ObjBox<T> {
    pub fn new(value: T) -> ObjBox<T> {
        ObjBox(std::sync::Arc::new(value))
    }
}

impl<T: Clone> ObjBox<T> {
    /// The value, copied only if it is shared.
    pub fn into_inner(self) -> T {
        std::sync::Arc::unwrap_or_clone(self.0)
    }
}

impl<T> std::ops::Deref for ObjBox<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Clone> std::ops::DerefMut for ObjBox<T> {
    fn deref_mut(&mut self) -> &mut T {
        std::sync::Arc::make_mut(&mut self.0)
    }
}

impl<T> AsRef<T> for ObjBox<T> {
    fn as_ref(&self) -> &T {
        &self.0
    }
}

impl<T> Clone for ObjBox<T> {
    fn clone(&self) -> Self {
        ObjBox(self.0.clone())
    }
}

impl<T: PartialEq> PartialEq for ObjBox<T> {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0) || *self.0 == *other.0
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for ObjBox<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: Default> Default for ObjBox<T> {
    fn default() -> Self {
        ObjBox::new(T::default())
    }
}

impl<T> From<T> for ObjBox<T> {
    fn from(value: T) -> Self {
        ObjBox::new(value)
    }
}

/// Any object kubeplay stores.
#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    Namespace(ObjBox<Namespace>),
    Node(ObjBox<Node>),
    Pod(ObjBox<Pod>),
    ReplicationController(ObjBox<ReplicationController>),
    Service(ObjBox<Service>),
    Endpoints(ObjBox<Endpoints>),
    Event(ObjBox<Event>),
    ReplicaSet(ObjBox<ReplicaSet>),
    Deployment(ObjBox<Deployment>),
    DaemonSet(ObjBox<DaemonSet>),
    ControllerRevision(ObjBox<ControllerRevision>),
    Job(ObjBox<Job>),
    CronJob(ObjBox<CronJob>),
    EndpointSlice(ObjBox<EndpointSlice>),
}

macro_rules! each_kind {
    ($obj:expr, $x:ident => $body:expr) => {
        match $obj {
            Object::Namespace($x) => $body,
            Object::Node($x) => $body,
            Object::Pod($x) => $body,
            Object::ReplicationController($x) => $body,
            Object::Service($x) => $body,
            Object::Endpoints($x) => $body,
            Object::Event($x) => $body,
            Object::ReplicaSet($x) => $body,
            Object::Deployment($x) => $body,
            Object::DaemonSet($x) => $body,
            Object::ControllerRevision($x) => $body,
            Object::Job($x) => $body,
            Object::CronJob($x) => $body,
            Object::EndpointSlice($x) => $body,
        }
    };
}

impl Object {
    pub fn kind(&self) -> Kind {
        match self {
            Object::Namespace(_) => Kind::Namespace,
            Object::Node(_) => Kind::Node,
            Object::Pod(_) => Kind::Pod,
            Object::ReplicationController(_) => Kind::ReplicationController,
            Object::Service(_) => Kind::Service,
            Object::Endpoints(_) => Kind::Endpoints,
            Object::Event(_) => Kind::Event,
            Object::ReplicaSet(_) => Kind::ReplicaSet,
            Object::Deployment(_) => Kind::Deployment,
            Object::DaemonSet(_) => Kind::DaemonSet,
            Object::ControllerRevision(_) => Kind::ControllerRevision,
            Object::Job(_) => Kind::Job,
            Object::CronJob(_) => Kind::CronJob,
            Object::EndpointSlice(_) => Kind::EndpointSlice,
        }
    }

    pub fn meta(&self) -> &ObjectMeta {
        each_kind!(self, o => &o.metadata)
    }

    pub fn meta_mut(&mut self) -> &mut ObjectMeta {
        each_kind!(self, o => &mut o.metadata)
    }

    pub fn name(&self) -> &str {
        &self.meta().name
    }

    pub fn namespace(&self) -> &str {
        &self.meta().namespace
    }

    /// The object as JSON, `apiVersion` and `kind` first set (keys print sorted anyway).
    pub fn to_value(&self) -> Value {
        let body = each_kind!(self, o => o.as_ref().encode());
        let mut map = match body {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        map.insert("apiVersion".into(), Value::String(self.kind().api_version().into()));
        map.insert("kind".into(), Value::String(self.kind().name().into()));
        Value::Object(map)
    }

    /// The object as kubectl prints it: JSON with Go's omitempty rules applied, so that fields Go
    /// always prints appear (`resources: {}`, `creationTimestamp: null`) and zero values Go omits do
    /// not.
    pub fn to_printed_value(&self) -> Value {
        let mut v = self.to_value();
        if let Value::Object(m) = &mut v {
            crate::manifest::defaults::normalize_omitempty(self.kind(), m);
        }
        v
    }

    /// Builds an object of `kind` from JSON that has passed the schema check. Nulls mean "unset"
    /// (as Go decodes them) and are dropped first.
    pub fn from_value(kind: Kind, mut value: Value) -> Result<Object, String> {
        strip_nulls(&mut value);
        if let Value::Object(m) = &mut value {
            m.remove("apiVersion");
            m.remove("kind");
        }
        fn de<T: Decode>(v: Value) -> Result<ObjBox<T>, String> {
            T::decode(v).map(ObjBox::new)
        }
        Ok(match kind {
            Kind::Namespace => Object::Namespace(de(value)?),
            Kind::Node => Object::Node(de(value)?),
            Kind::Pod => Object::Pod(de(value)?),
            Kind::ReplicationController => Object::ReplicationController(de(value)?),
            Kind::Service => Object::Service(de(value)?),
            Kind::Endpoints => Object::Endpoints(de(value)?),
            Kind::Event => Object::Event(de(value)?),
            Kind::ReplicaSet => Object::ReplicaSet(de(value)?),
            Kind::Deployment => Object::Deployment(de(value)?),
            Kind::DaemonSet => Object::DaemonSet(de(value)?),
            Kind::ControllerRevision => Object::ControllerRevision(de(value)?),
            Kind::Job => Object::Job(de(value)?),
            Kind::CronJob => Object::CronJob(de(value)?),
            Kind::EndpointSlice => Object::EndpointSlice(de(value)?),
        })
    }
}

/// Removes null members of objects, at every depth.
fn strip_nulls(v: &mut Value) {
    let mut stack = vec![v];
    while let Some(cur) = stack.pop() {
        match cur {
            Value::Object(m) => {
                m.retain(|_, x| !x.is_null());
                stack.extend(m.values_mut());
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}
