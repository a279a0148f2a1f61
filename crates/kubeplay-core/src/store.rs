//! The object store: objects by kind and namespaced name, resourceVersions, and the indexes the
//! controllers need (by uid, dependents by owner uid, pods by node). It is the only place objects
//! change; it does no validation (the request layer in `cluster` does).

use std::collections::{BTreeMap, BTreeSet};

use crate::api::apps::{ControllerRevision, DaemonSet, Deployment, ReplicaSet, ReplicationController};
use crate::api::batch::{CronJob, Job};
use crate::api::node::{Namespace, Node};
use crate::api::pod::Pod;
use crate::api::service::{EndpointSlice, Endpoints, Service};
use crate::api::{Kind, Object};

/// A namespaced name; the namespace is empty for cluster-scoped kinds.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub namespace: String,
    pub name: String,
}

impl Key {
    pub fn new(namespace: impl Into<String>, name: impl Into<String>) -> Key {
        Key { namespace: namespace.into(), name: name.into() }
    }

    /// The key of an object.
    pub fn of(obj: &Object) -> Key {
        Key::new(obj.namespace(), obj.name())
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.namespace.is_empty() {
            f.write_str(&self.name)
        } else {
            write!(f, "{}/{}", self.namespace, self.name)
        }
    }
}

/// A reference to a stored object.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjRef {
    pub kind: Kind,
    pub key: Key,
}

impl ObjRef {
    pub fn new(kind: Kind, namespace: impl Into<String>, name: impl Into<String>) -> ObjRef {
        ObjRef { kind, key: Key::new(namespace, name) }
    }

    pub fn of(obj: &Object) -> ObjRef {
        ObjRef { kind: obj.kind(), key: Key::of(obj) }
    }
}

/// What a write did, for watchers: the object before and after (None when created or removed).
#[derive(Clone, Debug)]
pub struct Change {
    pub obj: ObjRef,
    pub old: Option<Object>,
    pub new: Option<Object>,
}

/// Whether two versions of an object have the same uid, owners and (for pods) node: the keys the
/// store indexes by.
fn same_index_keys(a: &Object, b: &Object) -> bool {
    a.meta().uid == b.meta().uid
        && a.meta().owner_references == b.meta().owner_references
        && match (a, b) {
            (Object::Pod(x), Object::Pod(y)) => x.spec.node_name == y.spec.node_name,
            (Object::Pod(_), _) | (_, Object::Pod(_)) => false,
            _ => true,
        }
}

/// Every stored object.
#[derive(Clone, Debug, Default)]
pub struct Store {
    /// By kind, namespace and name (nested, so that lookups borrow `&str` and a namespace's
    /// objects are one map).
    objects: BTreeMap<Kind, BTreeMap<String, BTreeMap<String, Object>>>,
    resource_version: u64,
    /// Looked up only, never iterated: a hash map (uids are random, and a B-tree of 150,000 of
    /// them is a cache miss per level).
    by_uid: std::collections::HashMap<String, ObjRef, std::hash::BuildHasherDefault<crate::sim::WordHasher>>,
    dependents: BTreeMap<String, BTreeSet<ObjRef>>,
    pods_by_node: BTreeMap<String, BTreeSet<Key>>,
    /// The most pods the apiserver stores (kubeplay's playground limit; 0: no limit).
    pod_limit: usize,
}

/// The resourceVersion of the first write (real clusters start well above 1).
const FIRST_RESOURCE_VERSION: u64 = 1000;

impl Store {
    pub fn new() -> Store {
        Store { resource_version: FIRST_RESOURCE_VERSION - 1, ..Store::default() }
    }

    /// The current resourceVersion (the last write's).
    pub fn resource_version(&self) -> u64 {
        self.resource_version
    }

    /// The most pods the apiserver stores (0: no limit); see `Cluster::set_pod_limit`.
    pub fn pod_limit(&self) -> usize {
        self.pod_limit
    }

    pub(crate) fn set_pod_limit(&mut self, limit: usize) {
        self.pod_limit = limit;
    }

    pub fn get(&self, kind: Kind, key: &Key) -> Option<&Object> {
        self.get_named(kind, &key.namespace, &key.name)
    }

    /// `get` by namespace and name.
    pub fn get_named(&self, kind: Kind, namespace: &str, name: &str) -> Option<&Object> {
        self.objects.get(&kind)?.get(namespace)?.get(name)
    }

    pub fn get_ref(&self, r: &ObjRef) -> Option<&Object> {
        self.get(r.kind, &r.key)
    }

    pub fn by_uid(&self, uid: &str) -> Option<&Object> {
        self.get_ref(self.by_uid.get(uid)?)
    }

    /// Objects of `kind`, by namespace then name.
    pub fn list(&self, kind: Kind) -> impl Iterator<Item = &Object> {
        self.objects.get(&kind).into_iter().flat_map(|m| m.values()).flat_map(|n| n.values())
    }

    /// Objects of `kind` in `namespace`, by name.
    pub fn list_in(&self, kind: Kind, namespace: &str) -> impl Iterator<Item = &Object> {
        self.objects.get(&kind).and_then(|m| m.get(namespace)).into_iter().flat_map(|n| n.values())
    }

    pub fn count(&self, kind: Kind) -> usize {
        self.objects.get(&kind).map_or(0, |m| m.values().map(BTreeMap::len).sum())
    }

    /// The objects whose ownerReferences name `owner_uid`.
    pub fn dependents(&self, owner_uid: &str) -> impl Iterator<Item = &ObjRef> {
        self.dependents.get(owner_uid).into_iter().flatten()
    }

    /// Pods bound to `node`.
    pub fn pods_on_node(&self, node: &str) -> impl Iterator<Item = &Pod> {
        self.pods_by_node.get(node).into_iter().flatten().filter_map(|k| match self.get(Kind::Pod, k) {
            Some(Object::Pod(p)) => Some(p.as_ref()),
            _ => None,
        })
    }

    /// Writes `obj` (create or update), giving it the next resourceVersion.
    pub fn put(&mut self, mut obj: Object) -> Change {
        self.resource_version += 1;
        obj.meta_mut().resource_version = self.resource_version.to_string();
        let r = ObjRef::of(&obj);
        // An update replaces the value in place: no key strings are built for it.
        let slot = self.objects.get_mut(&r.kind).and_then(|m| m.get_mut(&r.key.namespace)?.get_mut(&r.key.name));
        let old = match slot {
            Some(slot) => Some(std::mem::replace(slot, obj.clone())),
            None => self
                .objects
                .entry(r.kind)
                .or_default()
                .entry(r.key.namespace.clone())
                .or_default()
                .insert(r.key.name.clone(), obj.clone()),
        };
        match &old {
            // Most writes are status updates: nothing indexed moved.
            Some(o) if same_index_keys(o, &obj) => {}
            // A bind moves only the pod's node: its uid and owners stay indexed.
            Some(Object::Pod(o))
                if o.metadata.uid == obj.meta().uid && o.metadata.owner_references == obj.meta().owner_references =>
            {
                self.unindex_node(&r.key, &o.spec.node_name);
                if let Object::Pod(n) = &obj {
                    if !n.spec.node_name.is_empty() {
                        self.pods_by_node.entry(n.spec.node_name.clone()).or_default().insert(r.key.clone());
                    }
                }
            }
            Some(o) => {
                self.unindex(&r, o);
                self.index(&r, &obj);
            }
            None => self.index(&r, &obj),
        }
        Change { obj: r, old, new: Some(obj) }
    }

    /// Removes an object.
    pub fn remove(&mut self, r: &ObjRef) -> Option<Change> {
        let by_ns = self.objects.get_mut(&r.kind)?;
        let names = by_ns.get_mut(&r.key.namespace)?;
        let old = names.remove(&r.key.name)?;
        if names.is_empty() {
            by_ns.remove(&r.key.namespace);
        }
        self.resource_version += 1;
        self.unindex(r, &old);
        Some(Change { obj: r.clone(), old: Some(old), new: None })
    }

    fn index(&mut self, r: &ObjRef, obj: &Object) {
        let meta = obj.meta();
        if !meta.uid.is_empty() {
            self.by_uid.insert(meta.uid.clone(), r.clone());
        }
        for owner in &meta.owner_references {
            self.dependents.entry(owner.uid.clone()).or_default().insert(r.clone());
        }
        if let Object::Pod(p) = obj {
            if !p.spec.node_name.is_empty() {
                self.pods_by_node.entry(p.spec.node_name.clone()).or_default().insert(r.key.clone());
            }
        }
    }

    fn unindex(&mut self, r: &ObjRef, obj: &Object) {
        let meta = obj.meta();
        if self.by_uid.get(&meta.uid) == Some(r) {
            self.by_uid.remove(&meta.uid);
        }
        for owner in &meta.owner_references {
            if let Some(set) = self.dependents.get_mut(&owner.uid) {
                set.remove(r);
                if set.is_empty() {
                    self.dependents.remove(&owner.uid);
                }
            }
        }
        if let Object::Pod(p) = obj {
            self.unindex_node(&r.key, &p.spec.node_name);
        }
    }

    fn unindex_node(&mut self, key: &Key, node: &str) {
        if let Some(set) = self.pods_by_node.get_mut(node) {
            set.remove(key);
            if set.is_empty() {
                self.pods_by_node.remove(node);
            }
        }
    }
}

macro_rules! typed_access {
    ($($list:ident, $get:ident, $variant:ident, $ty:ty;)*) => {
        impl Store {
            $(
                /// Every object of this kind, by namespace then name.
                pub fn $list(&self) -> impl Iterator<Item = &$ty> {
                    self.list(Kind::$variant).filter_map(|o| match o {
                        Object::$variant(x) => Some(x.as_ref()),
                        _ => None,
                    })
                }

                /// One object of this kind.
                pub fn $get(&self, namespace: &str, name: &str) -> Option<&$ty> {
                    match self.get_named(Kind::$variant, namespace, name) {
                        Some(Object::$variant(x)) => Some(x.as_ref()),
                        _ => None,
                    }
                }
            )*
        }
    };
}

typed_access! {
    namespaces, namespace, Namespace, Namespace;
    nodes, node, Node, Node;
    pods, pod, Pod, Pod;
    replication_controllers, replication_controller, ReplicationController, ReplicationController;
    services, service, Service, Service;
    endpoints_list, endpoints, Endpoints, Endpoints;
    replica_sets, replica_set, ReplicaSet, ReplicaSet;
    deployments, deployment, Deployment, Deployment;
    daemon_sets, daemon_set, DaemonSet, DaemonSet;
    controller_revisions, controller_revision, ControllerRevision, ControllerRevision;
    jobs, job, Job, Job;
    cron_jobs, cron_job, CronJob, CronJob;
    endpoint_slices, endpoint_slice, EndpointSlice, EndpointSlice;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::meta::OwnerReference;

    fn pod(ns: &str, name: &str, uid: &str, node: &str, owner: Option<&str>) -> Object {
        let mut p = Pod::default();
        p.metadata.namespace = ns.into();
        p.metadata.name = name.into();
        p.metadata.uid = uid.into();
        p.spec.node_name = node.into();
        if let Some(o) = owner {
            p.metadata.owner_references.push(OwnerReference { uid: o.into(), ..OwnerReference::default() });
        }
        Object::Pod(crate::api::ObjBox::new(p))
    }

    #[test]
    fn writes_bump_the_resource_version_and_keep_the_indexes_current() {
        let mut s = Store::new();
        s.put(pod("default", "a", "u1", "n1", Some("rs1")));
        s.put(pod("default", "b", "u2", "n1", Some("rs1")));
        s.put(pod("other", "a", "u3", "n2", None));
        assert_eq!(s.resource_version(), 1002);
        assert_eq!(s.pod("default", "a").unwrap().metadata.resource_version, "1000");
        assert_eq!(s.pods_on_node("n1").count(), 2);
        assert_eq!(s.dependents("rs1").count(), 2);
        assert_eq!(s.list_in(Kind::Pod, "default").count(), 2);
        assert_eq!(s.by_uid("u3").unwrap().name(), "a");
        // Moving a pod to another node and dropping its owner updates the indexes.
        s.put(pod("default", "a", "u1", "n2", None));
        assert_eq!(s.pods_on_node("n1").count(), 1);
        assert_eq!(s.pods_on_node("n2").count(), 2);
        assert_eq!(s.dependents("rs1").count(), 1);
        s.remove(&ObjRef::new(Kind::Pod, "default", "b"));
        assert_eq!(s.dependents("rs1").count(), 0);
        assert!(s.by_uid("u2").is_none());
    }
}
