//! The world: the objects the cluster holds. (The store, controllers and virtual time grow here.)

use std::collections::BTreeMap;

use crate::manifest::Document;

/// A stored object's identity.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ObjectKey {
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

/// The simulated cluster.
#[derive(Debug, Default)]
pub struct Cluster {
    seed: u64,
    objects: BTreeMap<ObjectKey, serde_json::Value>,
}

/// What applying one object did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplyResult {
    Created,
    Configured,
    Unchanged,
}

impl Cluster {
    /// A fresh cluster whose random choices all come from `seed`.
    pub fn new(seed: u64) -> Cluster {
        Cluster { seed, objects: BTreeMap::new() }
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Stores the object of a document under its identity.
    pub fn apply_document(&mut self, key: ObjectKey, doc: &Document) -> ApplyResult {
        let value = doc.node.to_json();
        match self.objects.get(&key) {
            Some(existing) if *existing == value => ApplyResult::Unchanged,
            Some(_) => {
                self.objects.insert(key, value);
                ApplyResult::Configured
            }
            None => {
                self.objects.insert(key, value);
                ApplyResult::Created
            }
        }
    }

    /// Every stored object's identity, in (kind, namespace, name) order.
    pub fn object_keys(&self) -> impl Iterator<Item = &ObjectKey> {
        self.objects.keys()
    }
}
