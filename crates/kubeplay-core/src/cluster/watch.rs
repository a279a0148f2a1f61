//! Watches: the change log the apiserver's watch cache would keep (every write, with the object
//! after it and, for deletions, its last state), recorded only while some client watches; and the
//! clients themselves (`kubectl get -w`), polled after time moves so they can print what changed.
//!
//! The cluster does not know what a client prints: a client is a [`Watcher`]. `kubectl get -w`
//! registers one; `sim` commands in a script, the REPL and the page call [`Cluster::poll_watches`]
//! while time runs; the next command that is not `sim` calls [`Cluster::stop_watches`].

use std::collections::VecDeque;
use std::fmt::Debug;

use super::Cluster;
use crate::api::{Kind, Object};
use crate::sim::SimTime;
use crate::store::{Change, Key};

/// What happened to an object (a watch event's type).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventType {
    Added,
    Modified,
    Deleted,
}

impl EventType {
    /// The event type as the API names it.
    pub fn name(self) -> &'static str {
        match self {
            EventType::Added => "ADDED",
            EventType::Modified => "MODIFIED",
            EventType::Deleted => "DELETED",
        }
    }
}

/// One recorded write.
#[derive(Clone, Debug)]
pub struct ChangeRecord {
    /// The store's resourceVersion after the write.
    pub resource_version: u64,
    /// Virtual time of the write.
    pub time: SimTime,
    pub kind: Kind,
    pub key: Key,
    pub event: EventType,
    /// The object after the write (its last state for a deletion).
    pub object: Object,
    /// The object before the write, if there was one.
    pub old: Option<Object>,
}

/// A client of the change log.
pub trait Watcher: Debug {
    /// Prints what changed since the last poll; `cluster` is the world now.
    fn poll(&mut self, cluster: &Cluster) -> String;
}

/// At most this many writes are kept between polls; a client that falls further behind is told
/// its resourceVersion is too old, as the apiserver tells it.
const MAX_CHANGES: usize = 200_000;

/// The change log and its clients.
#[derive(Debug, Default)]
pub struct Watches {
    log: VecDeque<ChangeRecord>,
    /// Writes dropped from the front of the log since it was last empty.
    dropped_through: u64,
    clients: Vec<Box<dyn Watcher>>,
}

impl Watches {
    /// Records a write while someone watches (`Cluster::notify` calls this for every change).
    pub(crate) fn record(&mut self, change: &Change, resource_version: u64, time: SimTime) {
        if self.clients.is_empty() {
            return;
        }
        let (event, object) = match (&change.old, &change.new) {
            (None, Some(n)) => (EventType::Added, n.clone()),
            (Some(_), Some(n)) => (EventType::Modified, n.clone()),
            (Some(o), None) => (EventType::Deleted, o.clone()),
            (None, None) => return,
        };
        if self.log.len() >= MAX_CHANGES {
            if let Some(front) = self.log.pop_front() {
                self.dropped_through = front.resource_version;
            }
        }
        self.log.push_back(ChangeRecord {
            resource_version,
            time,
            kind: change.obj.kind,
            key: change.obj.key.clone(),
            event,
            object,
            old: change.old.clone(),
        });
    }
}

/// Why a watch cannot go on from where it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooOld;

impl Cluster {
    /// The writes after resourceVersion `rv`, oldest first; `Err` when some were already dropped.
    pub fn changes_since(&self, rv: u64) -> Result<impl Iterator<Item = &ChangeRecord>, TooOld> {
        if rv < self.watches.dropped_through {
            return Err(TooOld);
        }
        Ok(self.watches.log.iter().filter(move |c| c.resource_version > rv))
    }

    /// Registers a client; writes are recorded from now on.
    pub fn watch(&mut self, client: Box<dyn Watcher>) {
        self.watches.clients.push(client);
    }

    /// Whether any client watches.
    pub fn watching(&self) -> bool {
        !self.watches.clients.is_empty()
    }

    /// Lets every client print what changed since its last poll, and forgets the writes all have seen.
    pub fn poll_watches(&mut self) -> String {
        let mut clients = std::mem::take(&mut self.watches.clients);
        let mut out = String::new();
        for c in &mut clients {
            out.push_str(&c.poll(self));
        }
        self.watches.clients = clients;
        self.watches.log.clear();
        self.watches.dropped_through = 0;
        out
    }

    /// Ends every watch (what Ctrl-C or the next command does).
    pub fn stop_watches(&mut self) {
        self.watches.clients.clear();
        self.watches.log.clear();
        self.watches.dropped_through = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Kind;
    use crate::json::json;

    #[derive(Debug, Default)]
    struct Counter {
        seen: u64,
    }

    impl Watcher for Counter {
        fn poll(&mut self, cluster: &Cluster) -> String {
            let Ok(changes) = cluster.changes_since(self.seen) else { return "too old".into() };
            let lines: Vec<String> = changes.map(|c| format!("{} {} {}", c.event.name(), c.kind, c.key.name)).collect();
            self.seen = cluster.store().resource_version();
            lines.join("\n")
        }
    }

    fn namespace(name: &str) -> crate::json::Value {
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}})
    }

    #[test]
    fn writes_are_recorded_only_while_someone_watches_and_polls_see_them_in_order() {
        let mut c = Cluster::empty(1);
        c.create_value(Kind::Namespace, namespace("before"), false).unwrap();
        assert!(c.watches.log.is_empty());
        let rv = c.store().resource_version();
        c.watch(Box::new(Counter { seen: rv }));
        c.create_value(Kind::Namespace, namespace("a"), false).unwrap();
        let r = crate::store::ObjRef::new(Kind::Namespace, "", "a");
        c.delete(&r, None, None).unwrap();
        let text = c.poll_watches();
        assert_eq!(text, "ADDED Namespace a\nDELETED Namespace a");
        assert!(c.watches.log.is_empty());
        c.stop_watches();
        c.create_value(Kind::Namespace, namespace("after"), false).unwrap();
        assert!(!c.watching());
        assert!(c.watches.log.is_empty());
    }
}
