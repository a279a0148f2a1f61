//! Events as the recorder keeps them: one record per (source, object, type, reason, message),
//! whose count and last time grow on repeats, named `<object>.<hex nanoseconds>`, expiring an hour
//! after they were last seen. Stored compactly (the objects and sources events are about kept once
//! each, records of a few dozen bytes) and turned into `v1.Event` objects on demand.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

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

impl Involved {
    /// The same object, borrowed.
    pub fn borrowed(&self) -> InvolvedRef<'_> {
        InvolvedRef {
            kind: &self.kind,
            api_version: &self.api_version,
            namespace: &self.namespace,
            name: &self.name,
            uid: &self.uid,
            field_path: &self.field_path,
        }
    }
}

/// [`Involved`] borrowed from the object itself (recording an event copies none of it when the
/// log already holds the object).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InvolvedRef<'a> {
    pub kind: &'a str,
    pub api_version: &'a str,
    pub namespace: &'a str,
    pub name: &'a str,
    pub uid: &'a str,
    pub field_path: &'a str,
}

/// An object uid: its 128 bits when it is a canonical lowercase UUID (as every uid the cluster
/// hands out is), the text otherwise.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Uid {
    /// High and low 64 bits (two words, not a `u128`: 24 bytes with the tag, not 32).
    Bits(u64, u64),
    Text(Box<str>),
}

impl Uid {
    pub fn new(s: &str) -> Uid {
        parse_uuid(s).map_or_else(|| Uid::Text(s.into()), |(hi, lo)| Uid::Bits(hi, lo))
    }

    /// Whether this is the uid written `s`.
    pub fn is(&self, s: &str) -> bool {
        match self {
            Uid::Bits(hi, lo) => parse_uuid(s) == Some((*hi, *lo)),
            Uid::Text(t) => **t == *s,
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Uid::Text(t) if t.is_empty())
    }
}

impl fmt::Display for Uid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Uid::Bits(hi, lo) => f.write_str(&crate::sim::Rng::uuid_text(*hi, *lo)),
            Uid::Text(t) => f.write_str(t),
        }
    }
}

/// The bits of `s` when it is `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in lowercase hex (so that
/// formatting them gives `s` back).
pub(crate) fn parse_uuid(s: &str) -> Option<(u64, u64)> {
    let b = s.as_bytes();
    if b.len() != 36 {
        return None;
    }
    let mut v: u128 = 0;
    for (i, c) in b.iter().enumerate() {
        if matches!(i, 8 | 13 | 18 | 23) {
            if *c != b'-' {
                return None;
            }
            continue;
        }
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => return None,
        };
        v = (v << 4) | u128::from(d);
    }
    Some(((v >> 64) as u64, v as u64))
}

/// The object an event is about, as the log keeps it: once for all the events about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvolvedObject {
    pub kind: Arc<str>,
    pub api_version: Arc<str>,
    pub namespace: Arc<str>,
    pub name: String,
    pub uid: Uid,
}

impl InvolvedObject {
    /// Whether this is `i`, whose uid is `uid` (read once).
    fn is(&self, i: &InvolvedRef<'_>, uid: Option<(u64, u64)>) -> bool {
        *self.name == *i.name
            && *self.kind == *i.kind
            && *self.namespace == *i.namespace
            && *self.api_version == *i.api_version
            && match &self.uid {
                Uid::Bits(hi, lo) => uid == Some((*hi, *lo)),
                Uid::Text(t) => uid.is_none() && **t == *i.uid,
            }
    }
}

/// Who reported an event, about which part of the object, and what kind of event it is: shared by
/// every record with the same (a kubelet's `Started` events about containers named alike).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Source {
    type_: EventType,
    component: &'static str,
    /// The reason, host and field path one after the other (one allocation to read, not three).
    text: Box<str>,
    reason_len: usize,
    host_len: usize,
}

impl Source {
    fn new(type_: EventType, reason: &str, component: &'static str, host: &str, field_path: &str) -> Source {
        let text = [reason, host, field_path].concat().into_boxed_str();
        Source { type_, component, text, reason_len: reason.len(), host_len: host.len() }
    }

    fn is(&self, type_: EventType, reason: &str, component: &str, host: &str, field_path: &str) -> bool {
        self.type_ == type_
            && self.reason_len == reason.len()
            && self.host_len == host.len()
            && self.text.len() == reason.len() + host.len() + field_path.len()
            && self.reason() == reason
            && self.host() == host
            && self.field_path() == field_path
            && self.component == component
    }

    fn reason(&self) -> &str {
        self.text.get(..self.reason_len).unwrap_or("")
    }

    fn host(&self) -> &str {
        self.text.get(self.reason_len..self.reason_len + self.host_len).unwrap_or("")
    }

    fn field_path(&self) -> &str {
        self.text.get(self.reason_len + self.host_len..).unwrap_or("")
    }

    fn hash(&self) -> u64 {
        source_hash(self.type_, self.reason(), self.component, self.host(), self.field_path())
    }
}

/// One event as stored: the object, source and message by their slots, the rest inline (56
/// bytes). Its sequence number is where it is stored.
#[derive(Clone, Debug, Default)]
struct Rec {
    first: SimTime,
    last: SimTime,
    resource_version: u64,
    /// The uid's 128 random bits.
    uid_bits: (u64, u64),
    object: u32,
    source: u32,
    message: u32,
    /// How many times the event was seen ([`COUNT`]; none: the place is empty), and
    /// [`IN_REFRESHED`].
    count: u32,
}

/// The bits of [`Rec::count`] that count.
const COUNT: u32 = (1 << 31) - 1;
/// Set in [`Rec::count`] while the record's expiry is tracked in [`EventLog::refreshed`].
const IN_REFRESHED: u32 = 1 << 31;

impl Rec {
    fn is_live(&self) -> bool {
        self.count & COUNT != 0
    }
}

/// One event record as readers see it: borrowed from the log, with its name, namespace and uid
/// derived when asked for.
#[derive(Clone, Copy, Debug)]
pub struct EventRecord<'a> {
    pub involved: &'a InvolvedObject,
    /// `spec.containers{nginx}` for container events.
    pub field_path: &'a str,
    pub type_: EventType,
    pub reason: &'a str,
    pub message: &'a str,
    pub component: &'static str,
    pub host: &'a str,
    pub first: SimTime,
    pub last: SimTime,
    pub count: u32,
    pub resource_version: u64,
    /// The name's suffix: the first timestamp in nanoseconds (made unique).
    nanos: i64,
    /// The uid's 128 random bits.
    uid_bits: (u64, u64),
}

impl EventRecord<'_> {
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
}

/// A hash of a few words and strings (FxHash's step; never printed, and the tables it indexes
/// are never iterated).
#[derive(Clone, Copy)]
struct Hasher(u64);

impl Hasher {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn word(self, w: u64) -> Hasher {
        Hasher((self.0.rotate_left(5) ^ w).wrapping_mul(Hasher::K))
    }

    fn str(self, s: &str) -> Hasher {
        let mut h = self;
        let mut chunks = s.as_bytes().chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            h = h.word(u64::from_le_bytes(w));
        }
        let mut w = [0u8; 8];
        let rest = chunks.remainder();
        w[..rest.len()].copy_from_slice(rest);
        // The length ends each string, so that ("ab", "c") and ("a", "bc") differ.
        h.word(u64::from_le_bytes(w)).word(s.len() as u64)
    }

    /// The final mix, so that the high bits (the tables' tags and homes) depend on every input.
    fn finish(self) -> u64 {
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x
    }
}

/// The hash of an object whose uid is `bits` when it is a UUID, `uid` otherwise.
fn object_hash(kind: &str, api_version: &str, namespace: &str, name: &str, bits: Option<(u64, u64)>, uid: &str) -> u64 {
    let h = Hasher(0).str(kind).str(api_version).str(namespace).str(name);
    match bits {
        Some((hi, lo)) => h.word(hi).word(lo),
        None => h.str(uid),
    }
    .finish()
}

fn source_hash(type_: EventType, reason: &str, component: &str, host: &str, field_path: &str) -> u64 {
    Hasher(0).word(type_ as u64).str(reason).str(component).str(host).str(field_path).finish()
}

fn message_hash(message: &str) -> u64 {
    Hasher(1).str(message).finish()
}

/// The aggregation key's hash: the object's, source's and message's slots.
fn key_hash(object: u32, source: u32, message: u32) -> u64 {
    Hasher(2).word(u64::from(object) | u64::from(source) << 32).word(u64::from(message)).finish()
}

/// An open-addressing hash set of `u32` slots, each with 32 bits of its hash (linear probing,
/// deletion by shifting back): 8 bytes an entry where a `HashMap<u64, _>` takes 24 or more.
#[derive(Clone, Debug, Default)]
struct SlotTable {
    entries: Vec<u64>,
    len: usize,
}

const EMPTY: u64 = u64::MAX;

impl SlotTable {
    fn tag(hash: u64) -> u32 {
        // `EMPTY` is never an entry: no tag is all ones.
        ((hash >> 32) as u32).min(u32::MAX - 1)
    }

    fn mask(&self) -> usize {
        self.entries.len().wrapping_sub(1)
    }

    fn home(&self, tag: u32) -> usize {
        tag as usize & self.mask()
    }

    /// The slot with `hash` for which `is` holds.
    fn find(&self, hash: u64, mut is: impl FnMut(u32) -> bool) -> Option<u32> {
        if self.entries.is_empty() {
            return None;
        }
        let tag = SlotTable::tag(hash);
        let mut i = self.home(tag);
        loop {
            let e = *self.entries.get(i)?;
            if e == EMPTY {
                return None;
            }
            if (e >> 32) as u32 == tag && is(e as u32) {
                return Some(e as u32);
            }
            i = (i + 1) & self.mask();
        }
    }

    fn insert(&mut self, hash: u64, slot: u32) {
        if (self.len + 1) * 8 > self.entries.len() * 7 {
            self.resize((self.entries.len() * 2).max(16));
        }
        let tag = SlotTable::tag(hash);
        let mut i = self.home(tag);
        while let Some(e) = self.entries.get_mut(i) {
            if *e == EMPTY {
                *e = (u64::from(tag) << 32) | u64::from(slot);
                self.len += 1;
                return;
            }
            i = (i + 1) & self.mask();
        }
    }

    /// Moves the entries to a table of `size` (a power of two, more than `len`).
    fn resize(&mut self, size: usize) {
        let old = std::mem::replace(&mut self.entries, vec![EMPTY; size]);
        for e in old.into_iter().filter(|e| *e != EMPTY) {
            let mut i = self.home((e >> 32) as u32);
            while let Some(slot) = self.entries.get_mut(i) {
                if *slot == EMPTY {
                    *slot = e;
                    break;
                }
                i = (i + 1) & self.mask();
            }
        }
    }

    fn remove(&mut self, hash: u64, slot: u32) {
        let want = (u64::from(SlotTable::tag(hash)) << 32) | u64::from(slot);
        let Some(mut hole) = self.position(want) else { return };
        self.len -= 1;
        let mask = self.mask();
        let mut j = hole;
        loop {
            j = (j + 1) & mask;
            let Some(&e) = self.entries.get(j) else { return };
            if e == EMPTY {
                break;
            }
            // An entry whose home is cyclically in (hole, j] stays; any other moves into the hole.
            let k = self.home((e >> 32) as u32);
            let stays = if hole <= j { hole < k && k <= j } else { hole < k || k <= j };
            if !stays {
                if let Some(h) = self.entries.get_mut(hole) {
                    *h = e;
                }
                hole = j;
            }
        }
        if let Some(h) = self.entries.get_mut(hole) {
            *h = EMPTY;
        }
        // Emptied after a peak (a big rollout's events expired): half the room, a quarter used.
        if self.entries.len() > 64 && self.len * 8 < self.entries.len() {
            self.resize(self.entries.len() / 2);
        }
    }

    fn position(&self, want: u64) -> Option<usize> {
        if self.entries.is_empty() {
            return None;
        }
        let mut i = self.home((want >> 32) as u32);
        loop {
            let e = *self.entries.get(i)?;
            if e == EMPTY {
                return None;
            }
            if e == want {
                return Some(i);
            }
            i = (i + 1) & self.mask();
        }
    }
}

/// Values by `u32` slot, each counted by the records using it, in fixed-size chunks (no doubling
/// of a growing buffer), with a free list; `index` finds a value by its hash.
#[derive(Clone, Debug)]
struct Pool<T> {
    chunks: Vec<Vec<Option<(T, u32)>>>,
    free: Vec<u32>,
    index: SlotTable,
}

impl<T> Default for Pool<T> {
    fn default() -> Self {
        Pool { chunks: Vec::new(), free: Vec::new(), index: SlotTable::default() }
    }
}

/// Values per pool chunk.
const POOL_CHUNK: usize = 1024;

impl<T> Pool<T> {
    fn entry(&self, slot: u32) -> Option<&(T, u32)> {
        let i = slot as usize;
        self.chunks.get(i / POOL_CHUNK)?.get(i % POOL_CHUNK)?.as_ref()
    }

    fn get(&self, slot: u32) -> Option<&T> {
        self.entry(slot).map(|(v, _)| v)
    }

    /// The slot of the value with `hash` for which `is` holds, with one more user; or `make()`'s
    /// new slot.
    fn acquire(&mut self, hash: u64, is: impl Fn(&T) -> bool, make: impl FnOnce() -> T) -> u32 {
        let chunks = &self.chunks;
        let found = self.index.find(hash, |slot| {
            let i = slot as usize;
            chunks
                .get(i / POOL_CHUNK)
                .and_then(|c| c.get(i % POOL_CHUNK))
                .is_some_and(|e| e.as_ref().is_some_and(|(v, _)| is(v)))
        });
        if let Some(slot) = found {
            self.retain(slot);
            return slot;
        }
        let value = Some((make(), 1));
        let slot = match self.free.pop() {
            Some(slot) => {
                let i = slot as usize;
                if let Some(e) = self.chunks.get_mut(i / POOL_CHUNK).and_then(|c| c.get_mut(i % POOL_CHUNK)) {
                    *e = value;
                }
                slot
            }
            None => {
                if self.chunks.last().is_none_or(|c| c.len() == POOL_CHUNK) {
                    self.chunks.push(Vec::with_capacity(POOL_CHUNK));
                }
                let n = self.chunks.len();
                let Some(c) = self.chunks.last_mut() else { return u32::MAX };
                c.push(value);
                u32::try_from((n - 1) * POOL_CHUNK + c.len() - 1).unwrap_or(u32::MAX)
            }
        };
        self.index.insert(hash, slot);
        slot
    }

    fn retain(&mut self, slot: u32) {
        let i = slot as usize;
        if let Some(Some((_, n))) = self.chunks.get_mut(i / POOL_CHUNK).and_then(|c| c.get_mut(i % POOL_CHUNK)) {
            *n += 1;
        }
    }

    /// One user fewer; the last one frees the slot (`hash` is the value's).
    fn release(&mut self, slot: u32, hash: impl FnOnce(&T) -> u64) {
        let i = slot as usize;
        let Some(e) = self.chunks.get_mut(i / POOL_CHUNK).and_then(|c| c.get_mut(i % POOL_CHUNK)) else { return };
        let Some((v, n)) = e.as_mut() else { return };
        *n -= 1;
        if *n == 0 {
            let h = hash(v);
            *e = None;
            self.index.remove(h, slot);
            self.free.push(slot);
        }
    }

    fn values(&self) -> impl Iterator<Item = (u32, &T)> {
        self.chunks
            .iter()
            .flatten()
            .enumerate()
            .filter_map(|(i, e)| e.as_ref().map(|(v, _)| (u32::try_from(i).unwrap_or(u32::MAX), v)))
    }
}

/// The last strings seen, by hash: repeated strings (`Created container nginx`, `default`) shared
/// without a table of every string ever seen.
#[derive(Clone, Debug, Default)]
struct StrCache {
    slots: Vec<Option<Arc<str>>>,
}

impl StrCache {
    /// `s` (whose hash is `hash`), shared when the cache of `size` strings holds it.
    fn get(&mut self, hash: u64, s: &str, size: usize) -> Arc<str> {
        if self.slots.is_empty() {
            self.slots = vec![None; size];
        }
        let i = (hash >> 40) as usize % self.slots.len();
        match self.slots.get_mut(i) {
            Some(Some(a)) if **a == *s => a.clone(),
            Some(slot) => {
                let a: Arc<str> = Arc::from(s);
                *slot = Some(a.clone());
                a
            }
            None => Arc::from(s),
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
    chunks: std::collections::VecDeque<(usize, Vec<Rec>)>,
    live: usize,
}

/// Records per chunk.
const CHUNK: usize = 4096;

impl Records {
    fn place(&self, id: u64) -> Option<(usize, usize)> {
        let i = usize::try_from(id.checked_sub(self.base)?).ok()?;
        Some((i / CHUNK, i % CHUNK))
    }

    fn get(&self, id: u64) -> Option<&Rec> {
        let (c, i) = self.place(id)?;
        self.chunks.get(c)?.1.get(i).filter(|r| r.is_live())
    }

    fn get_mut(&mut self, id: u64) -> Option<&mut Rec> {
        let (c, i) = self.place(id)?;
        self.chunks.get_mut(c)?.1.get_mut(i).filter(|r| r.is_live())
    }

    /// Stores the record with the next id (ids only grow, one at a time).
    fn insert(&mut self, id: u64, rec: Rec) {
        if self.chunks.is_empty() {
            self.base = id;
        }
        if self.chunks.back().is_none_or(|(_, v)| v.len() == CHUNK) {
            self.chunks.push_back((0, Vec::with_capacity(CHUNK)));
        }
        let expected = self.base + (self.chunks.len() as u64 - 1) * CHUNK as u64;
        if let Some((live, v)) = self.chunks.back_mut() {
            if expected + v.len() as u64 == id {
                v.push(rec);
                *live += 1;
                self.live += 1;
            }
        }
    }

    fn remove(&mut self, id: u64) -> Option<Rec> {
        let (c, i) = self.place(id)?;
        let (live, v) = self.chunks.get_mut(c)?;
        let rec = std::mem::take(v.get_mut(i).filter(|r| r.is_live())?);
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

    /// The live records with their ids, oldest first.
    fn values(&self) -> impl Iterator<Item = (u64, &Rec)> {
        let base = self.base;
        self.chunks
            .iter()
            .flat_map(|(_, v)| v.iter())
            .enumerate()
            .filter(|(_, r)| r.is_live())
            .map(move |(i, r)| (base + i as u64, r))
    }

    fn len(&self) -> usize {
        self.live
    }

    fn is_empty(&self) -> bool {
        self.live == 0
    }
}

/// An object events are about, with its uid's bits and its hash worked out once.
#[derive(Clone, Copy, Debug)]
pub struct About<'a> {
    pub involved: InvolvedRef<'a>,
    uid_bits: Option<(u64, u64)>,
    hash: u64,
    /// The object's slot in the log when an event about it was last recorded through this.
    slot: Option<u32>,
}

impl<'a> About<'a> {
    pub fn new(involved: InvolvedRef<'a>) -> About<'a> {
        let uid_bits = parse_uuid(involved.uid);
        let i = &involved;
        let hash = object_hash(i.kind, i.api_version, i.namespace, i.name, uid_bits, i.uid);
        About { involved, uid_bits, hash, slot: None }
    }
}

/// Every event the cluster has recorded and not yet expired.
#[derive(Clone, Debug, Default)]
pub struct EventLog {
    /// By sequence number (creation order).
    records: Records,
    objects: Pool<InvolvedObject>,
    sources: Pool<Source>,
    /// Aggregation: record ids (their low 32 bits) by the hash of (object, source, message).
    by_key: SlotTable,
    messages: Pool<Box<str>>,
    /// Kinds, API versions and namespaces.
    names: StrCache,
    seq: u64,
    /// Expiry. Records are appended in time order, so those not yet examined expire from the
    /// oldest on: `frontier` is the first id not examined. An examined record still live (seen
    /// again within the hour after it was first), or one recorded out of time order, waits in
    /// `refreshed` by its last time instead.
    frontier: u64,
    refreshed: BTreeSet<(SimTime, u64)>,
    /// The latest first time of a record.
    newest: SimTime,
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
        self.record_ref(now, involved.borrowed(), type_, reason, message, component, host, uid, resource_version);
    }

    /// [`EventLog::record`] of a borrowed object.
    #[allow(clippy::too_many_arguments)]
    pub fn record_ref(
        &mut self,
        now: SimTime,
        involved: InvolvedRef<'_>,
        type_: EventType,
        reason: &str,
        message: &str,
        component: &'static str,
        host: &str,
        uid: impl FnOnce() -> (u64, u64),
        resource_version: u64,
    ) {
        let mut about = About::new(involved);
        self.record_about(
            now,
            &mut about,
            involved.field_path,
            type_,
            reason,
            message,
            component,
            host,
            uid,
            resource_version,
        );
    }

    /// [`EventLog::record_ref`] of an object read once for several events (`field_path` is this
    /// event's; `about`'s own is not read).
    #[allow(clippy::too_many_arguments)]
    pub fn record_about(
        &mut self,
        now: SimTime,
        about: &mut About<'_>,
        field_path: &str,
        type_: EventType,
        reason: &str,
        message: &str,
        component: &'static str,
        host: &str,
        uid: impl FnOnce() -> (u64, u64),
        resource_version: u64,
    ) {
        self.expire(now);
        let (involved, uid_bits, object_hash) = (about.involved, about.uid_bits, about.hash);
        let source_hash = source_hash(type_, reason, component, host, field_path);
        let message_hash = message_hash(message);
        let names = &mut self.names;
        let known = about.slot.filter(|s| self.objects.get(*s).is_some_and(|o| o.is(&involved, uid_bits)));
        let object = match known {
            Some(slot) => {
                self.objects.retain(slot);
                slot
            }
            None => self.objects.acquire(
                object_hash,
                |o| o.is(&involved, uid_bits),
                || {
                    let mut name = |s: &str| names.get(Hasher(3).str(s).finish(), s, 64);
                    InvolvedObject {
                        kind: name(involved.kind),
                        api_version: name(involved.api_version),
                        namespace: name(involved.namespace),
                        name: involved.name.to_string(),
                        uid: uid_bits.map_or_else(|| Uid::Text(involved.uid.into()), |(hi, lo)| Uid::Bits(hi, lo)),
                    }
                },
            ),
        };
        about.slot = Some(object);
        let source = self.sources.acquire(
            source_hash,
            |s| s.is(type_, reason, component, host, field_path),
            || Source::new(type_, reason, component, host, field_path),
        );
        let message = self.messages.acquire(message_hash, |m| **m == *message, || message.into());
        let key = key_hash(object, source, message);
        let (records, seq) = (&self.records, self.seq);
        let existing = self.by_key.find(key, |low| {
            records
                .get(full_id(seq, low))
                .is_some_and(|r| r.object == object && r.source == source && r.message == message)
        });
        if let Some(low) = existing {
            // The record holds the object, source and message already.
            self.release_slots(object, source, message);
            let id = full_id(seq, low);
            if let Some(r) = self.records.get_mut(id) {
                if r.count & IN_REFRESHED != 0 {
                    self.refreshed.remove(&(r.last, id));
                    self.refreshed.insert((now, id));
                }
                if r.count & COUNT != COUNT {
                    r.count += 1;
                }
                r.last = now;
                r.resource_version = resource_version;
            }
            return;
        }
        self.seq += 1;
        let id = self.seq;
        let mut count = 1;
        if now < self.newest {
            count |= IN_REFRESHED;
            self.refreshed.insert((now, id));
        }
        self.newest = self.newest.max(now);
        let rec = Rec { first: now, last: now, resource_version, uid_bits: uid(), object, source, message, count };
        self.by_key.insert(key, id as u32);
        self.records.insert(id, rec);
    }

    fn release_slots(&mut self, object: u32, source: u32, message: u32) {
        self.messages.release(message, |m| message_hash(m));
        self.objects.release(object, |o| {
            let (bits, text) = match &o.uid {
                Uid::Bits(hi, lo) => (Some((*hi, *lo)), ""),
                Uid::Text(t) => (None, &**t),
            };
            object_hash(&o.kind, &o.api_version, &o.namespace, &o.name, bits, text)
        });
        self.sources.release(source, Source::hash);
    }

    /// Drops events last seen more than an hour ago.
    pub fn expire(&mut self, now: SimTime) {
        let expired = |t: SimTime| t.saturating_add(EVENT_TTL_MS) <= now;
        while let Some(&(t, id)) = self.refreshed.first() {
            if !expired(t) {
                break;
            }
            self.refreshed.pop_first();
            self.remove(id);
        }
        while self.frontier <= self.seq {
            let id = self.frontier;
            let last = match self.records.get(id) {
                Some(r) if r.count & IN_REFRESHED == 0 => {
                    if !expired(r.first) {
                        break;
                    }
                    Some(r.last)
                }
                _ => None,
            };
            match last {
                Some(last) if expired(last) => self.remove(id),
                Some(last) => {
                    if let Some(r) = self.records.get_mut(id) {
                        r.count |= IN_REFRESHED;
                    }
                    self.refreshed.insert((last, id));
                }
                None => {}
            }
            self.frontier += 1;
        }
    }

    fn remove(&mut self, id: u64) {
        let Some(r) = self.records.remove(id) else { return };
        self.by_key.remove(key_hash(r.object, r.source, r.message), id as u32);
        self.release_slots(r.object, r.source, r.message);
    }

    fn view<'a>(&'a self, id: u64, r: &'a Rec) -> Option<EventRecord<'a>> {
        let involved = self.objects.get(r.object)?;
        let s = self.sources.get(r.source)?;
        let message = self.messages.get(r.message)?;
        let seconds = Time::from_sim(r.first).0;
        Some(EventRecord {
            involved,
            field_path: s.field_path(),
            type_: s.type_,
            reason: s.reason(),
            message,
            component: s.component,
            host: s.host(),
            first: r.first,
            last: r.last,
            count: r.count & COUNT,
            resource_version: r.resource_version,
            nanos: seconds.saturating_mul(1_000_000).saturating_add(i64::try_from(id % 1_000_000).unwrap_or(0)),
            uid_bits: r.uid_bits,
        })
    }

    /// Events in storage order (namespace, then name), as the apiserver lists them.
    pub fn iter(&self) -> impl Iterator<Item = EventRecord<'_>> {
        let mut v: Vec<(String, EventRecord<'_>)> = self.in_order().map(|r| (r.name(), r)).collect();
        v.sort_by(|a, b| (a.1.namespace(), &a.0).cmp(&(b.1.namespace(), &b.0)));
        v.into_iter().map(|(_, r)| r)
    }

    /// Events in the order they were first recorded.
    pub fn in_order(&self) -> impl Iterator<Item = EventRecord<'_>> {
        self.records.values().filter_map(|(id, r)| self.view(id, r))
    }

    /// Events about the object with `uid` (or, for nodes, named like it), oldest first.
    pub fn about(&self, kind: &str, namespace: &str, name: &str, uid: &str) -> Vec<EventRecord<'_>> {
        let node = kind == "Node";
        let mut objects: Vec<u32> = self
            .objects
            .values()
            .filter(|(_, o)| {
                *o.kind == *kind
                    && o.name == name
                    && (*o.namespace == *namespace || node)
                    && (o.uid.is(uid) || o.uid.is_empty() || node)
            })
            .map(|(slot, _)| slot)
            .collect();
        objects.sort_unstable();
        let mut v: Vec<EventRecord<'_>> = if objects.is_empty() {
            Vec::new()
        } else {
            self.records
                .values()
                .filter(|(_, r)| objects.binary_search(&r.object).is_ok())
                .filter_map(|(id, r)| self.view(id, r))
                .collect()
        };
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

/// The record id whose low 32 bits are `low`: live ids lie within 2^32 below the last one `seq`.
fn full_id(seq: u64, low: u32) -> u64 {
    seq.saturating_sub(u64::from((seq as u32).wrapping_sub(low)))
}

impl EventRecord<'_> {
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
                kind: self.involved.kind.to_string(),
                namespace: self.involved.namespace.to_string(),
                name: self.involved.name.clone(),
                uid: self.involved.uid.to_string(),
                api_version: self.involved.api_version.to_string(),
                resource_version: String::new(),
                field_path: self.field_path.to_string(),
            },
            reason: self.reason.to_string(),
            message: self.message.to_string(),
            source: EventSource { component: self.component.to_string(), host: self.host.to_string() },
            first_timestamp: Some(Time::from_sim(self.first)),
            last_timestamp: Some(Time::from_sim(self.last)),
            count: Some(i32::try_from(self.count).unwrap_or(i32::MAX)),
            type_: self.type_.as_str().to_string(),
            event_time: Some(crate::json::Value::Null),
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
        let first = log.iter().find(|r| r.message == "m").unwrap();
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

    #[test]
    fn records_recorded_out_of_time_order_expire_an_hour_after_they_were_last_seen() {
        let mut log = EventLog::default();
        let at = |log: &mut EventLog, t: SimTime, name: &str| {
            log.record(t, pod(name), EventType::Normal, "Pulled", "m", "kubelet", "n1", || (1, 1), 1);
        };
        at(&mut log, 3_000_000, "a");
        at(&mut log, 0, "b");
        at(&mut log, 3_500_000, "c");
        // b, though recorded after a, was seen at 0: it is the first to go.
        let names = |log: &EventLog| log.in_order().map(|r| r.involved.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&log), ["a", "b", "c"]);
        at(&mut log, EVENT_TTL_MS, "d");
        assert_eq!(names(&log), ["a", "c", "d"]);
        // b seen again: a new record (the old one is gone).
        at(&mut log, EVENT_TTL_MS + 10, "b");
        log.expire(3_000_000 + EVENT_TTL_MS);
        assert_eq!(names(&log), ["c", "d", "b"]);
        log.expire(10 * EVENT_TTL_MS);
        assert!(log.is_empty());
        assert_eq!(
            (log.objects.values().count(), log.sources.values().count(), log.messages.values().count()),
            (0, 0, 0)
        );
        assert_eq!(
            (log.by_key.len, log.objects.index.len, log.sources.index.len, log.messages.index.len),
            (0, 0, 0, 0)
        );
    }

    #[test]
    fn records_about_one_object_share_it_and_its_source_and_message_slots_are_reused() {
        let mut log = EventLog::default();
        let ev = |log: &mut EventLog, t: SimTime, name: &str, reason: &str, message: &str| {
            log.record(t, pod(name), EventType::Normal, reason, message, "kubelet", "n1", || (1, 1), 1);
        };
        ev(&mut log, 0, "a", "Scheduled", "assigned a");
        ev(&mut log, 0, "b", "Scheduled", "assigned b");
        ev(&mut log, 1, "a", "Pulling", "Pulling image");
        ev(&mut log, 1, "b", "Pulling", "Pulling image");
        assert_eq!(log.len(), 4);
        assert_eq!(log.objects.values().count(), 2);
        assert_eq!(log.sources.values().count(), 2);
        assert_eq!(log.messages.values().count(), 3);
        let about_a: Vec<(String, String)> = log
            .about("Pod", "default", "a", "u")
            .iter()
            .map(|r| (r.reason.to_string(), r.message.to_string()))
            .collect();
        assert_eq!(
            about_a,
            [("Scheduled".to_string(), "assigned a".to_string()), ("Pulling".into(), "Pulling image".into())]
        );
        log.expire(EVENT_TTL_MS);
        ev(&mut log, EVENT_TTL_MS + 1, "c", "Created", "Created container");
        // The freed slots are taken again.
        assert_eq!(log.objects.chunks.iter().map(Vec::len).sum::<usize>(), 2);
        assert_eq!(
            log.in_order().map(|r| (r.involved.name.clone(), r.count)).collect::<Vec<_>>(),
            [("c".to_string(), 1)]
        );
    }

    #[test]
    fn uids_are_kept_as_bits_only_when_they_print_back_the_same() {
        let cases = [
            ("0f8fad5b-d9cb-469f-a165-70867728950e", true),
            ("0F8FAD5B-D9CB-469F-A165-70867728950E", false),
            ("0f8fad5b-d9cb-469f-a165-70867728950", false),
            ("0f8fad5bxd9cb-469f-a165-70867728950e", false),
            ("u", false),
            ("", false),
        ];
        for (text, bits) in cases {
            let uid = Uid::new(text);
            assert_eq!((matches!(uid, Uid::Bits(..)), uid.to_string()), (bits, text.to_string()), "{text}");
            assert!(uid.is(text), "{text}");
            assert_eq!(uid.is_empty(), text.is_empty());
        }
        assert!(!Uid::new("0f8fad5b-d9cb-469f-a165-70867728950e").is("0f8fad5b-d9cb-469f-a165-70867728950f"));
    }

    #[test]
    fn the_slot_table_finds_what_is_left_after_removals_among_colliding_entries() {
        let mut t = SlotTable::default();
        // Seven homes only: long runs of collisions, removed from their middles.
        let hash = |i: u32| u64::from(i % 7) << 32 | 0xabc;
        for i in 0..3000 {
            t.insert(hash(i), i);
        }
        for i in (0..3000).filter(|i| i % 3 == 1) {
            t.remove(hash(i), i);
        }
        assert_eq!(t.len, 2000);
        for i in 0..3000 {
            assert_eq!(t.find(hash(i), |s| s == i), (i % 3 != 1).then_some(i), "{i}");
        }
        // Nearly emptied, it shrinks, and what is left is still found.
        let room = t.entries.len();
        for i in (0..3000).filter(|i| i % 3 != 1 && i % 50 != 0) {
            t.remove(hash(i), i);
        }
        assert!(t.entries.len() < room / 8, "{} of {room}", t.entries.len());
        for i in 0..3000 {
            assert_eq!(t.find(hash(i), |s| s == i), (i % 50 == 0 && i % 3 != 1).then_some(i), "{i}");
        }
    }
}
