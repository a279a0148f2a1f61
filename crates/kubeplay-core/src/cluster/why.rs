//! The why history: each object's explained decisions (`sim why`), kept compactly: by the uid's
//! 128 bits, in a list sized to what it holds, each text in an allocation of its exact size.

use std::collections::BTreeMap;

use super::events::parse_uuid;
use super::Why;

/// Every stored object's explanations, oldest first.
#[derive(Clone, Debug, Default)]
pub struct WhyLog {
    /// By the uid's bits (every uid the cluster hands out is a UUID) ...
    by_bits: BTreeMap<(u64, u64), Vec<Why>>,
    /// ... or by its text (rare: a list is enough).
    by_text: Vec<(Box<str>, Vec<Why>)>,
    seq: u64,
}

impl WhyLog {
    /// The explanations of the object with `uid`.
    pub fn get(&self, uid: &str) -> &[Why] {
        let list = match parse_uuid(uid) {
            Some(bits) => self.by_bits.get(&bits),
            None => self.by_text.iter().find(|(k, _)| **k == *uid).map(|(_, v)| v),
        };
        list.map_or(&[], Vec::as_slice)
    }

    /// Adds an explanation of the object with `uid`, the next in order across all objects.
    pub fn push(&mut self, uid: &str, time: crate::sim::SimTime, actor: &'static str, text: String) {
        self.seq += 1;
        let list = match parse_uuid(uid) {
            Some(bits) => self.by_bits.entry(bits).or_default(),
            None => {
                if !self.by_text.iter().any(|(k, _)| **k == *uid) {
                    self.by_text.push((uid.into(), Vec::new()));
                }
                match self.by_text.iter_mut().find(|(k, _)| **k == *uid) {
                    Some((_, list)) => list,
                    None => return,
                }
            }
        };
        // Most objects are explained a few times: room for exactly those, then the usual doubling.
        if list.len() < 4 {
            list.reserve_exact(1);
        }
        list.push(Why { time, actor, text: text.into_boxed_str(), seq: self.seq });
    }

    /// Forgets the object with `uid`.
    pub fn remove(&mut self, uid: &str) {
        match parse_uuid(uid) {
            Some(bits) => self.by_bits.remove(&bits),
            None => self.by_text.iter().position(|(k, _)| **k == *uid).map(|i| self.by_text.remove(i).1),
        };
    }

    /// How many objects have explanations.
    pub fn len(&self) -> usize {
        self.by_bits.len() + self.by_text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_bits.is_empty() && self.by_text.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explanations_are_kept_by_uid_whether_or_not_it_is_a_uuid() {
        let mut log = WhyLog::default();
        let uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";
        log.push(uuid, 1, "kubelet", "a".to_string());
        log.push("my-uid", 2, "kubelet", "b".to_string());
        log.push(uuid, 3, "default-scheduler", "c".to_string());
        let texts =
            |log: &WhyLog, uid: &str| log.get(uid).iter().map(|w| (w.seq, w.text.to_string())).collect::<Vec<_>>();
        assert_eq!(texts(&log, uuid), [(1, "a".to_string()), (3, "c".to_string())]);
        assert_eq!(texts(&log, "my-uid"), [(2, "b".to_string())]);
        assert_eq!(log.len(), 2);
        // The same bits written otherwise are another uid.
        assert!(log.get(&uuid.to_uppercase()).is_empty());
        log.remove(uuid);
        log.remove("my-uid");
        assert!(log.is_empty() && log.get(uuid).is_empty());
    }
}
