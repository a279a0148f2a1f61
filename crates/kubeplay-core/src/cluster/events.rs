//! Events as the recorder keeps them: one record per (source, object, type, reason, message),
//! whose count and last time grow on repeats, named `<object>.<hex nanoseconds>`, expiring an hour
//! after they were last seen. Stored compactly and turned into `v1.Event` objects on demand.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::api::event::{Event, EventSource, ObjectReference};
use crate::api::meta::{ObjectMeta, Time};
use crate::api::shared::intern_str;
use crate::controller::EventType;
use crate::sim::SimTime;

/// The apiserver's default event TTL.
pub const EVENT_TTL_MS: SimTime = 3_600_000;

/// The object an event is about.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Involved {
    pub kind: String,
    pub api_version: String,
    pub namespace: String,
    pub name: String,
    pub uid: String,
    /// `spec.containers{nginx}` for container events.
    pub field_path: String,
}

/// One event record. Its name, namespace and uid are derived when asked for, and records about
/// the same object share one [`Involved`], so that a cluster of 150,000 pods keeps its events in a
/// few hundred bytes each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRecord {
    pub involved: Arc<Involved>,
    pub type_: EventType,
    pub reason: Arc<str>,
    pub message: Arc<str>,
    pub component: &'static str,
    pub host: Arc<str>,
    pub first: SimTime,
    pub last: SimTime,
    pub count: u32,
    pub resource_version: u64,
    /// The name's suffix: the first timestamp in nanoseconds (made unique).
    nanos: i64,
    /// The uid's 128 random bits.
    uid_bits: (u64, u64),
}

impl EventRecord {
    /// `<object>.<hex nanoseconds>`, as the event recorder names events.
    pub fn name(&self) -> String {
        format!("{}.{:x}", self.involved.name, self.nanos)
    }

    /// The involved object's namespace (`default` for cluster-scoped objects).
    pub fn namespace(&self) -> &str {
        if self.involved.namespace.is_empty() {
            "default"
        } else {
            &self.involved.namespace
        }
    }

    pub fn uid(&self) -> String {
        crate::sim::Rng::format_uuid(self.uid_bits.0, self.uid_bits.1)
    }

    fn key_hash(&self) -> u64 {
        agg_hash(self.component, &self.host, &self.involved, self.type_, &self.reason, &self.message)
    }
}

/// FNV-1a over the aggregation key (deterministic, unlike std's hasher).
fn agg_hash(component: &str, host: &str, involved: &Involved, type_: EventType, reason: &str, message: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |s: &[u8]| {
        for b in s.iter().chain(std::iter::once(&0xff)) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    let i = involved;
    for part in [component, host, &i.kind, &i.api_version, &i.namespace, &i.name, &i.uid, &i.field_path] {
        eat(part.as_bytes());
    }
    eat(type_.as_str().as_bytes());
    eat(reason.as_bytes());
    eat(message.as_bytes());
    h
}

/// Record ids sharing one aggregation hash, without an allocation for the usual single one.
#[derive(Clone, Debug)]
enum Ids {
    One(u64),
    Many(Vec<u64>),
}

impl Ids {
    fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        let (one, many): (Option<u64>, &[u64]) = match self {
            Ids::One(id) => (Some(*id), &[]),
            Ids::Many(v) => (None, v),
        };
        one.into_iter().chain(many.iter().copied())
    }

    fn push(&mut self, id: u64) {
        match self {
            Ids::One(first) => *self = Ids::Many(vec![*first, id]),
            Ids::Many(v) => v.push(id),
        }
    }

    /// Removes `id`; true when none is left.
    fn remove(&mut self, id: u64) -> bool {
        match self {
            Ids::One(x) => *x == id,
            Ids::Many(v) => {
                v.retain(|x| *x != id);
                v.is_empty()
            }
        }
    }
}

/// Records by their sequence number: ids are handed out in order, so fixed-size chunks indexed
/// from the oldest live chunk's first id (holes where aggregation kept a later record alive past
/// an expired earlier one). Chunks, not one growing buffer: no doubling of 750,000 records' room.
#[derive(Clone, Debug, Default)]
struct Records {
    /// The id of the first slot of the first chunk.
    base: u64,
    /// Each chunk with how many of its records are live.
    chunks: std::collections::VecDeque<(usize, Vec<Option<EventRecord>>)>,
    live: usize,
}

/// Records per chunk.
const CHUNK: usize = 4096;

impl Records {
    fn place(&self, id: u64) -> Option<(usize, usize)> {
        let i = usize::try_from(id.checked_sub(self.base)?).ok()?;
        Some((i / CHUNK, i % CHUNK))
    }

    fn get(&self, id: &u64) -> Option<&EventRecord> {
        let (c, i) = self.place(*id)?;
        self.chunks.get(c)?.1.get(i)?.as_ref()
    }

    fn get_mut(&mut self, id: &u64) -> Option<&mut EventRecord> {
        let (c, i) = self.place(*id)?;
        self.chunks.get_mut(c)?.1.get_mut(i)?.as_mut()
    }

    /// Stores the record with the next id (ids only grow, one at a time).
    fn insert(&mut self, id: u64, rec: EventRecord) {
        if self.chunks.is_empty() {
            self.base = id;
        }
        if self.chunks.back().is_none_or(|(_, v)| v.len() == CHUNK) {
            self.chunks.push_back((0, Vec::with_capacity(CHUNK)));
        }
        let expected = self.base + (self.chunks.len() as u64 - 1) * CHUNK as u64;
        if let Some((live, v)) = self.chunks.back_mut() {
            if expected + v.len() as u64 == id {
                v.push(Some(rec));
                *live += 1;
                self.live += 1;
            }
        }
    }

    fn remove(&mut self, id: &u64) -> Option<EventRecord> {
        let (c, i) = self.place(*id)?;
        let (live, v) = self.chunks.get_mut(c)?;
        let rec = v.get_mut(i)?.take()?;
        *live -= 1;
        self.live -= 1;
        // Chunks whose records are all gone, from the oldest on (a full one: the newest may still fill).
        while self.chunks.front().is_some_and(|(live, v)| *live == 0 && (v.len() == CHUNK || self.live == 0)) {
            self.chunks.pop_front();
            self.base += CHUNK as u64;
        }
        if self.chunks.is_empty() {
            self.base = 0;
        }
        Some(rec)
    }

    fn values(&self) -> impl Iterator<Item = &EventRecord> {
        self.chunks.iter().flat_map(|(_, v)| v.iter().flatten())
    }

    fn len(&self) -> usize {
        self.live
    }

    fn is_empty(&self) -> bool {
        self.live == 0
    }
}

/// Every event the cluster has recorded and not yet expired.
#[derive(Clone, Debug, Default)]
pub struct EventLog {
    /// By sequence number (creation order).
    records: Records,
    /// Aggregation: the hash of (source, object, type, reason, message) to the records with it
    /// (almost always one).
    by_key: std::collections::HashMap<u64, Ids>,
    expiry: BTreeSet<(SimTime, u64)>,
    seq: u64,
    /// The last object and host seen, shared by the next records about them.
    last_involved: Option<Arc<Involved>>,
    last_host: Option<Arc<str>>,
}

impl EventLog {
    /// Records an event (or counts a repeat of an identical one). `uid` gives the new record's
    /// 128 random uid bits.
    #[allow(clippy::too_many_arguments)]
    pub fn record(
        &mut self,
        now: SimTime,
        involved: Involved,
        type_: EventType,
        reason: &str,
        message: &str,
        component: &'static str,
        host: &str,
        uid: impl FnOnce() -> (u64, u64),
        resource_version: u64,
    ) {
        self.expire(now);
        let hash = agg_hash(component, host, &involved, type_, reason, message);
        let same = |r: &EventRecord| {
            r.component == component
                && &*r.host == host
                && *r.involved == involved
                && r.type_ == type_
                && &*r.reason == reason
                && &*r.message == message
        };
        let existing =
            self.by_key.get(&hash).and_then(|ids| ids.iter().find(|id| self.records.get(id).is_some_and(same)));
        if let Some(id) = existing {
            if let Some(r) = self.records.get_mut(&id) {
                self.expiry.remove(&(r.last, id));
                r.count += 1;
                r.last = now;
                r.resource_version = resource_version;
                self.expiry.insert((now, id));
            }
            return;
        }
        self.seq += 1;
        let id = self.seq;
        let nanos =
            Time::from_sim(now).0.saturating_mul(1_000_000).saturating_add(i64::try_from(id % 1_000_000).unwrap_or(0));
        let involved = match &self.last_involved {
            Some(last) if **last == involved => last.clone(),
            _ => Arc::new(involved),
        };
        self.last_involved = Some(involved.clone());
        let host: Arc<str> = match &self.last_host {
            Some(last) if &**last == host => last.clone(),
            _ => Arc::from(host),
        };
        self.last_host = Some(host.clone());
        let rec = EventRecord {
            involved,
            type_,
            reason: intern_str(reason),
            message: intern_str(message),
            component,
            host,
            first: now,
            last: now,
            count: 1,
            resource_version,
            nanos,
            uid_bits: uid(),
        };
        match self.by_key.get_mut(&hash) {
            Some(ids) => ids.push(id),
            None => {
                self.by_key.insert(hash, Ids::One(id));
            }
        }
        self.expiry.insert((now, id));
        self.records.insert(id, rec);
    }

    /// Drops events last seen more than an hour ago.
    pub fn expire(&mut self, now: SimTime) {
        while let Some((t, id)) = self.expiry.first().copied() {
            if t.saturating_add(EVENT_TTL_MS) > now {
                break;
            }
            self.expiry.pop_first();
            if let Some(r) = self.records.remove(&id) {
                let hash = r.key_hash();
                if let Some(ids) = self.by_key.get_mut(&hash) {
                    if ids.remove(id) {
                        self.by_key.remove(&hash);
                    }
                }
            }
        }
    }

    /// Events in storage order (namespace, then name), as the apiserver lists them.
    pub fn iter(&self) -> impl Iterator<Item = &EventRecord> {
        let mut v: Vec<(&str, String, &EventRecord)> =
            self.records.values().map(|r| (r.namespace(), r.name(), r)).collect();
        v.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        v.into_iter().map(|(_, _, r)| r)
    }

    /// Events in the order they were first recorded.
    pub fn in_order(&self) -> impl Iterator<Item = &EventRecord> {
        self.records.values()
    }

    /// Events about the object with `uid` (or, for nodes, named like it), oldest first.
    pub fn about(&self, kind: &str, namespace: &str, name: &str, uid: &str) -> Vec<&EventRecord> {
        let mut v: Vec<&EventRecord> = self
            .records
            .values()
            .filter(|r| {
                r.involved.kind == kind
                    && r.involved.name == name
                    && (r.involved.namespace == namespace || kind == "Node")
                    && (r.involved.uid == uid || r.involved.uid.is_empty() || kind == "Node")
            })
            .collect();
        v.sort_by_key(|r| (r.last, r.first));
        v
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

impl EventRecord {
    /// The `v1.Event` object kubectl reads.
    pub fn to_event(&self) -> Event {
        Event {
            metadata: ObjectMeta {
                name: self.name(),
                namespace: self.namespace().to_string(),
                uid: self.uid(),
                resource_version: self.resource_version.to_string(),
                creation_timestamp: Some(Time::from_sim(self.first)),
                ..ObjectMeta::default()
            },
            involved_object: ObjectReference {
                kind: self.involved.kind.clone(),
                namespace: self.involved.namespace.clone(),
                name: self.involved.name.clone(),
                uid: self.involved.uid.clone(),
                api_version: self.involved.api_version.clone(),
                resource_version: String::new(),
                field_path: self.involved.field_path.clone(),
            },
            reason: self.reason.to_string(),
            message: self.message.to_string(),
            source: EventSource { component: self.component.to_string(), host: self.host.to_string() },
            first_timestamp: Some(Time::from_sim(self.first)),
            last_timestamp: Some(Time::from_sim(self.last)),
            count: Some(i32::try_from(self.count).unwrap_or(i32::MAX)),
            type_: self.type_.as_str().to_string(),
            event_time: Some(serde_json::Value::Null),
            reporting_component: String::new(),
            reporting_instance: String::new(),
            extra: BTreeMap::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(name: &str) -> Involved {
        Involved {
            kind: "Pod".into(),
            api_version: "v1".into(),
            namespace: "default".into(),
            name: name.into(),
            uid: "u".into(),
            field_path: String::new(),
        }
    }

    #[test]
    fn repeats_are_counted_on_one_record_and_old_events_expire() {
        let mut log = EventLog::default();
        log.record(0, pod("a"), EventType::Warning, "BackOff", "m", "kubelet", "n1", || (1, 1), 1);
        log.record(10_000, pod("a"), EventType::Warning, "BackOff", "m", "kubelet", "n1", || (2, 2), 2);
        log.record(10_000, pod("a"), EventType::Warning, "BackOff", "other", "kubelet", "n1", || (3, 3), 3);
        assert_eq!(log.len(), 2);
        let first = log.iter().find(|r| &*r.message == "m").unwrap();
        assert_eq!((first.count, first.first, first.last), (2, 0, 10_000));
        assert!(first.name().starts_with("a."));
        log.expire(10_000 + EVENT_TTL_MS);
        assert_eq!(log.len(), 0);
    }

    #[test]
    fn an_aggregated_record_outlives_the_earlier_ones_around_it() {
        let mut log = EventLog::default();
        // a is seen at 0 and again at 30m, b at 1m, c at 2m: b and c expire an hour after they were
        // seen, a an hour after its repeat, so a outlives the later records.
        log.record(0, pod("a"), EventType::Warning, "BackOff", "m", "kubelet", "n1", || (1, 1), 1);
        log.record(60_000, pod("b"), EventType::Normal, "Pulled", "m", "kubelet", "n1", || (2, 2), 2);
        log.record(120_000, pod("c"), EventType::Normal, "Pulled", "m", "kubelet", "n1", || (3, 3), 3);
        log.record(1_800_000, pod("a"), EventType::Warning, "BackOff", "m", "kubelet", "n1", || (4, 4), 4);
        let names = |log: &EventLog| log.in_order().map(|r| r.involved.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&log), ["a", "b", "c"]);
        log.expire(60_000 + EVENT_TTL_MS);
        assert_eq!(names(&log), ["a", "c"]);
        log.expire(120_000 + EVENT_TTL_MS);
        assert_eq!(names(&log), ["a"]);
        // A new record after the holes; the repeat of a still finds its record.
        log.record(3_000_000, pod("d"), EventType::Normal, "Pulled", "m", "kubelet", "n1", || (5, 5), 5);
        log.record(3_100_000, pod("a"), EventType::Warning, "BackOff", "m", "kubelet", "n1", || (6, 6), 6);
        assert_eq!(names(&log), ["a", "d"]);
        assert_eq!(log.in_order().next().map(|r| r.count), Some(3));
        log.expire(3_100_000 + EVENT_TTL_MS);
        assert!(log.is_empty());
        log.record(9_000_000, pod("e"), EventType::Normal, "Pulled", "m", "kubelet", "n1", || (7, 7), 7);
        assert_eq!(names(&log), ["e"]);
    }

    #[test]
    fn records_across_many_chunks_expire_and_aggregate_by_their_last_time() {
        let mut log = EventLog::default();
        let n: u64 = 9000;
        for i in 0..n {
            log.record(i * 100, pod(&format!("p{i}")), EventType::Normal, "Pulled", "m", "kubelet", "n1", || (i, i), i);
        }
        // p10 is seen again last, so it outlives the events of the first 500 seconds.
        log.record(900_000, pod("p10"), EventType::Normal, "Pulled", "m", "kubelet", "n1", || (0, 0), n);
        log.expire(500_000 + EVENT_TTL_MS);
        assert_eq!(log.len(), 4000);
        let names: Vec<String> = log.in_order().map(|r| r.involved.name.clone()).take(2).collect();
        assert_eq!(names, ["p10", "p5001"]);
        assert_eq!(log.in_order().next().map(|r| r.count), Some(2));
        log.expire(900_000 + EVENT_TTL_MS);
        assert!(log.is_empty());
        log.record(20_000_000, pod("q"), EventType::Normal, "Pulled", "m", "kubelet", "n1", || (1, 1), n + 1);
        assert_eq!(log.in_order().map(|r| r.involved.name.clone()).collect::<Vec<_>>(), ["q"]);
    }
}
