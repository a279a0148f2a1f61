//! The event queue: items ordered by (time, sequence). An item already waiting at the same or an
//! earlier time is not queued twice (a workqueue's de-duplication); an item can be cancelled or
//! moved to another time.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::hash::{BuildHasherDefault, Hash, Hasher};

use super::SimTime;

/// A queue of `T`, each item waiting at most once.
#[derive(Clone, Debug)]
pub struct Queue<T: Ord + Clone + Hash> {
    heap: BinaryHeap<Reverse<(SimTime, u64, T)>>,
    /// When each waiting item is due; heap entries that disagree are dead. Only looked up, never
    /// iterated in an order that shows (`entries` sorts), so a hash map is deterministic here.
    waiting: HashMap<T, SimTime, BuildHasherDefault<WordHasher>>,
    seq: u64,
}

impl<T: Ord + Clone + Hash> Default for Queue<T> {
    fn default() -> Self {
        Queue { heap: BinaryHeap::new(), waiting: HashMap::default(), seq: 0 }
    }
}

impl<T: Ord + Clone + Hash> Queue<T> {
    /// Queues `item` at `time` unless it already waits at `time` or earlier.
    pub fn push(&mut self, time: SimTime, item: T) {
        self.put(time, item, |waiting| waiting <= time);
    }

    /// Moves `item` to `time`, earlier or later.
    pub fn reschedule(&mut self, time: SimTime, item: T) {
        self.put(time, item, |waiting| waiting == time);
    }

    /// Queues `item` at `time` unless it waits at a time `keep` accepts; one lookup.
    fn put(&mut self, time: SimTime, item: T, keep: impl FnOnce(SimTime) -> bool) {
        use std::collections::hash_map::Entry;
        let item = match self.waiting.entry(item) {
            Entry::Occupied(e) if keep(*e.get()) => return,
            Entry::Occupied(mut e) => {
                *e.get_mut() = time;
                e.key().clone()
            }
            Entry::Vacant(e) => {
                let item = e.key().clone();
                e.insert(time);
                item
            }
        };
        self.seq += 1;
        self.heap.push(Reverse((time, self.seq, item)));
    }

    /// Forgets `item` if it waits.
    pub fn cancel(&mut self, item: &T) {
        self.waiting.remove(item);
    }

    /// When `item` is due, if it waits.
    pub fn due(&self, item: &T) -> Option<SimTime> {
        self.waiting.get(item).copied()
    }

    /// The time of the next live entry.
    pub fn next_time(&mut self) -> Option<SimTime> {
        self.skip_dead();
        self.heap.peek().map(|Reverse((t, _, _))| *t)
    }

    /// The next live entry, without taking it.
    pub fn peek(&mut self) -> Option<(SimTime, &T)> {
        self.skip_dead();
        self.heap.peek().map(|Reverse((t, _, item))| (*t, item))
    }

    /// Takes the next live entry due at or before `until`.
    pub fn pop_due(&mut self, until: SimTime) -> Option<(SimTime, T)> {
        loop {
            let Reverse((t, _, _)) = self.heap.peek()?;
            if *t > until {
                return None;
            }
            let Reverse((t, _, item)) = self.heap.pop()?;
            // Taken out of the map in the same lookup that tells whether the entry is live; a
            // dead entry's item goes back if it waits at another time.
            match self.waiting.remove(&item) {
                Some(waiting) if waiting == t => {
                    self.shrink();
                    return Some((t, item));
                }
                Some(waiting) => {
                    self.waiting.insert(item, waiting);
                }
                None => {}
            }
        }
    }

    /// Live entries.
    pub fn len(&self) -> usize {
        self.waiting.len()
    }

    pub fn is_empty(&self) -> bool {
        self.waiting.is_empty()
    }

    /// Every live entry, earliest first (ties by item).
    #[allow(clippy::iter_over_hash_type)] // sorted before anyone sees the order
    pub fn entries(&self) -> Vec<(SimTime, T)> {
        let mut v: Vec<(SimTime, T)> = self.waiting.iter().map(|(i, t)| (*t, i.clone())).collect();
        v.sort();
        v
    }

    /// Gives back the room of a burst (150,000 pods queued for scheduling at once) when the queue
    /// has drained to an eighth of it: neither the map nor the heap shrinks by itself.
    fn shrink(&mut self) {
        const SMALL: usize = 1024;
        if self.heap.capacity() > SMALL && self.heap.len() * 8 < self.heap.capacity() {
            self.heap.shrink_to(self.heap.len() * 2);
        }
        if self.waiting.capacity() > SMALL && self.waiting.len() * 8 < self.waiting.capacity() {
            self.waiting.shrink_to(self.waiting.len() * 2);
        }
    }

    fn skip_dead(&mut self) {
        while let Some(Reverse((t, _, item))) = self.heap.peek() {
            if self.waiting.get(item) == Some(t) {
                break;
            }
            self.heap.pop();
        }
    }
}

/// The waiting map's hasher: a word at a time, multiply and rotate (rustc's FxHasher scheme).
/// Every pop looks an item up, and SipHash over an object's namespace and name cost more than the
/// rest of the queue. The map is never iterated in an order anyone sees.
#[derive(Clone, Copy, Debug, Default)]
pub struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for WordHasher {
    /// The high bits mixed into the low ones (the table picks its bucket by the low bits, which a
    /// multiplication fills from the low bits of its inputs only).
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            self.add(u64::from_le_bytes(b));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            for (d, s) in b.iter_mut().zip(rest) {
                *d = *s;
            }
            self.add(u64::from_le_bytes(b));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_come_out_by_time_then_by_insertion_order() {
        let mut q = Queue::default();
        q.push(20, "b");
        q.push(10, "a");
        q.push(20, "c");
        q.push(10, "d");
        let mut out = Vec::new();
        while let Some((t, x)) = q.pop_due(u64::MAX) {
            out.push((t, x));
        }
        assert_eq!(out, vec![(10, "a"), (10, "d"), (20, "b"), (20, "c")]);
    }

    #[test]
    fn an_item_waiting_earlier_is_not_queued_again_but_an_earlier_time_wins() {
        let mut q = Queue::default();
        q.push(10, "a");
        q.push(30, "a");
        assert_eq!(q.len(), 1);
        q.push(5, "a");
        assert_eq!(q.pop_due(u64::MAX), Some((5, "a")));
        assert_eq!(q.pop_due(u64::MAX), None);
    }

    #[test]
    fn cancelled_items_never_fire_and_can_be_queued_again() {
        let mut q = Queue::default();
        q.push(10, "a");
        q.push(20, "b");
        q.cancel(&"a");
        assert_eq!(q.next_time(), Some(20));
        assert_eq!(q.pop_due(15), None);
        q.push(30, "a");
        assert_eq!(q.pop_due(u64::MAX), Some((20, "b")));
        assert_eq!(q.pop_due(u64::MAX), Some((30, "a")));
    }

    #[test]
    fn a_drained_burst_gives_its_room_back() {
        let mut q = Queue::default();
        for i in 0..100_000u32 {
            q.push(u64::from(i), i);
        }
        let big = q.waiting.capacity();
        while q.len() > 10 {
            q.pop_due(u64::MAX);
        }
        assert!(q.waiting.capacity() * 100 < big, "{} of {big}", q.waiting.capacity());
        assert!(q.heap.capacity() < 2048, "{}", q.heap.capacity());
        let rest: Vec<u32> = std::iter::from_fn(|| q.pop_due(u64::MAX).map(|(_, i)| i)).collect();
        assert_eq!(rest, (99_990..100_000).collect::<Vec<u32>>());
    }

    /// The queue as it was before push and pop took one map lookup each: the reference.
    struct Reference {
        heap: BinaryHeap<Reverse<(SimTime, u64, u8)>>,
        waiting: std::collections::BTreeMap<u8, SimTime>,
        seq: u64,
    }

    impl Reference {
        fn insert(&mut self, time: SimTime, item: u8) {
            self.seq += 1;
            self.waiting.insert(item, time);
            self.heap.push(Reverse((time, self.seq, item)));
        }
        fn skip_dead(&mut self) {
            while let Some(Reverse((t, _, item))) = self.heap.peek() {
                if self.waiting.get(item) == Some(t) {
                    break;
                }
                self.heap.pop();
            }
        }
        fn pop_due(&mut self, until: SimTime) -> Option<(SimTime, u8)> {
            self.skip_dead();
            let Reverse((t, _, _)) = self.heap.peek()?;
            if *t > until {
                return None;
            }
            let Reverse((t, _, item)) = self.heap.pop()?;
            self.waiting.remove(&item);
            Some((t, item))
        }
    }

    #[test]
    fn random_pushes_reschedules_cancels_and_pops_come_out_as_the_reference_queue_gives_them() {
        let mut rng = crate::sim::Rng::new(7);
        for _ in 0..300 {
            let mut q = Queue::default();
            let mut r = Reference { heap: BinaryHeap::new(), waiting: Default::default(), seq: 0 };
            let mut now = 0;
            for _ in 0..200 {
                let item = (rng.next_u64() % 6) as u8;
                let time = now + rng.next_u64() % 5;
                match rng.next_u64() % 6 {
                    0 | 1 => {
                        q.push(time, item);
                        if r.waiting.get(&item).is_none_or(|t| *t > time) {
                            r.insert(time, item);
                        }
                    }
                    2 => {
                        q.reschedule(time, item);
                        if r.waiting.get(&item) != Some(&time) {
                            r.insert(time, item);
                        }
                    }
                    3 => {
                        q.cancel(&item);
                        r.waiting.remove(&item);
                    }
                    _ => {
                        now += rng.next_u64() % 3;
                        assert_eq!(q.pop_due(now), r.pop_due(now));
                        r.skip_dead();
                        assert_eq!(q.next_time(), r.heap.peek().map(|Reverse((t, _, _))| *t));
                    }
                }
                assert_eq!(q.due(&item), r.waiting.get(&item).copied());
            }
            let rest: Vec<_> = std::iter::from_fn(|| q.pop_due(u64::MAX)).collect();
            let expected: Vec<_> = std::iter::from_fn(|| r.pop_due(u64::MAX)).collect();
            assert_eq!(rest, expected);
        }
    }

    #[test]
    fn rescheduling_moves_an_item_later() {
        let mut q = Queue::default();
        q.push(10, "a");
        q.reschedule(40, "a");
        assert_eq!(q.pop_due(39), None);
        assert_eq!(q.pop_due(40), Some((40, "a")));
    }
}
