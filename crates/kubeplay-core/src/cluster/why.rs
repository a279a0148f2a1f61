//! The why history: each object's explained decisions (`sim why`), kept compactly: by the uid's
//! bits, in a list sized to what it holds, each text in an allocation of its exact size.

use std::collections::BTreeMap;

use super::events::Uid;
use super::Why;

/// Every stored object's explanations, oldest first.
#[derive(Clone, Debug, Default)]
pub struct WhyLog {
    by_uid: BTreeMap<Uid, Vec<Why>>,
    seq: u64,
}

impl WhyLog {
    /// The explanations of the object with `uid`.
    pub fn get(&self, uid: &str) -> &[Why] {
        self.by_uid.get(&Uid::new(uid)).map_or(&[], Vec::as_slice)
    }

    /// Adds an explanation of the object with `uid`, the next in order across all objects.
    pub fn push(&mut self, uid: &str, time: crate::sim::SimTime, actor: &'static str, text: &str) {
        self.seq += 1;
        let list = self.by_uid.entry(Uid::new(uid)).or_default();
        // Most objects are explained a few times: room for exactly those, then the usual doubling.
        if list.len() < 4 {
            list.reserve_exact(1);
        }
        list.push(Why { time, actor, text: text.into(), seq: self.seq });
    }

    /// Forgets the object with `uid`.
    pub fn remove(&mut self, uid: &str) {
        self.by_uid.remove(&Uid::new(uid));
    }

    /// How many objects have explanations.
    pub fn len(&self) -> usize {
        self.by_uid.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_uid.is_empty()
    }
}
