//! Events as the recorder keeps them: one record per (source, object, type, reason, message),
//! whose count and last time grow on repeats, named `<object>.<hex nanoseconds>`, expiring an hour
//! after they were last seen. Stored compactly and turned into `v1.Event` objects on demand.

use std::collections::{BTreeMap, BTreeSet};

use crate::api::event::{Event, EventSource, ObjectReference};
use crate::api::meta::{ObjectMeta, Time};
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

/// One event record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRecord {
    pub namespace: String,
    pub name: String,
    pub uid: String,
    pub involved: Involved,
    pub type_: EventType,
    pub reason: String,
    pub message: String,
    pub component: &'static str,
    pub host: String,
    pub first: SimTime,
    pub last: SimTime,
    pub count: u32,
    pub resource_version: u64,
}

type AggKey = (&'static str, String, Involved, EventType, String, String);

/// Every event the cluster has recorded and not yet expired.
#[derive(Clone, Debug, Default)]
pub struct EventLog {
    records: BTreeMap<(String, String), EventRecord>,
    by_key: BTreeMap<AggKey, (String, String)>,
    expiry: BTreeSet<(SimTime, String, String)>,
    /// Distinguishes events first seen in the same millisecond.
    seq: u64,
}

impl EventLog {
    /// Records an event (or counts a repeat of an identical one).
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
        uid: impl FnOnce() -> String,
        resource_version: u64,
    ) {
        self.expire(now);
        let key: AggKey =
            (component, host.to_string(), involved.clone(), type_, reason.to_string(), message.to_string());
        if let Some(name) = self.by_key.get(&key).cloned() {
            if let Some(r) = self.records.get_mut(&name) {
                self.expiry.remove(&(r.last, name.0.clone(), name.1.clone()));
                r.count += 1;
                r.last = now;
                r.resource_version = resource_version;
                self.expiry.insert((now, name.0.clone(), name.1.clone()));
                return;
            }
        }
        self.seq += 1;
        let nanos = Time::from_sim(now)
            .0
            .saturating_mul(1_000_000)
            .saturating_add(i64::try_from(self.seq % 1_000_000).unwrap_or(0));
        let namespace = if involved.namespace.is_empty() { "default".to_string() } else { involved.namespace.clone() };
        let name = format!("{}.{:x}", involved.name, nanos);
        let rec = EventRecord {
            namespace: namespace.clone(),
            name: name.clone(),
            uid: uid(),
            involved,
            type_,
            reason: reason.to_string(),
            message: message.to_string(),
            component,
            host: host.to_string(),
            first: now,
            last: now,
            count: 1,
            resource_version,
        };
        self.by_key.insert(key, (namespace.clone(), name.clone()));
        self.expiry.insert((now, namespace.clone(), name.clone()));
        self.records.insert((namespace, name), rec);
    }

    /// Drops events last seen more than an hour ago.
    pub fn expire(&mut self, now: SimTime) {
        while let Some((t, ns, name)) = self.expiry.first().cloned() {
            if t.saturating_add(EVENT_TTL_MS) > now {
                break;
            }
            self.expiry.pop_first();
            if let Some(r) = self.records.remove(&(ns, name)) {
                let key: AggKey =
                    (r.component, r.host.clone(), r.involved.clone(), r.type_, r.reason.clone(), r.message.clone());
                self.by_key.remove(&key);
            }
        }
    }

    /// Events in storage order (namespace, then name).
    pub fn iter(&self) -> impl Iterator<Item = &EventRecord> {
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
                name: self.name.clone(),
                namespace: self.namespace.clone(),
                uid: self.uid.clone(),
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
            reason: self.reason.clone(),
            message: self.message.clone(),
            source: EventSource { component: self.component.to_string(), host: self.host.clone() },
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
        log.record(0, pod("a"), EventType::Warning, "BackOff", "m", "kubelet", "n1", || "1".into(), 1);
        log.record(10_000, pod("a"), EventType::Warning, "BackOff", "m", "kubelet", "n1", || "2".into(), 2);
        log.record(10_000, pod("a"), EventType::Warning, "BackOff", "other", "kubelet", "n1", || "3".into(), 3);
        assert_eq!(log.len(), 2);
        let first = log.iter().find(|r| r.message == "m").unwrap();
        assert_eq!((first.count, first.first, first.last), (2, 0, 10_000));
        assert!(first.name.starts_with("a."));
        log.expire(10_000 + EVENT_TTL_MS);
        assert_eq!(log.len(), 0);
    }
}
