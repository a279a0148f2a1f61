//! Values that many objects hold identically (the field maps of a pod template's containers, its
//! volumes' sources), stored once: `Shared<T>` is an `Arc<T>` that reads as a `T`, copies itself
//! on the first write (so callers mutate it as a plain `T`), and is interned when decoded, so the
//! pods of one template share their copies. A cluster of 150,000 pods needs this to fit in memory.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Weak};

use crate::json::Value;

/// A shared, copy-on-write, interned value.
pub struct Shared<T>(Arc<T>);

impl<T: Internable> Shared<T> {
    /// The interned copy of `value`.
    pub fn new(value: T) -> Shared<T> {
        Shared(T::intern(value))
    }

    /// Shares this value with its equals again after writes made it a private copy.
    pub fn reintern(&mut self) {
        if self.is_pooled() {
            return;
        }
        // A private copy held only here is moved into the pool rather than cloned.
        let value = match Arc::get_mut(&mut self.0) {
            Some(v) => std::mem::take(v),
            None => (*self.0).clone(),
        };
        self.0 = T::intern(value);
    }
}

impl<T> Shared<T> {
    /// Whether this is the pool's copy, unwritten since: the pool holds the only weak references,
    /// and a write through [`DerefMut`] always leaves a copy without any.
    pub fn is_pooled(&self) -> bool {
        Arc::weak_count(&self.0) > 0
    }

    /// Whether both hold the same allocation (and so, while both live, equal values).
    pub fn ptr_eq(a: &Shared<T>, b: &Shared<T>) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Clone> DerefMut for Shared<T> {
    fn deref_mut(&mut self) -> &mut T {
        Arc::make_mut(&mut self.0)
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T: Internable> Default for Shared<T> {
    fn default() -> Self {
        Shared(T::pooled_default())
    }
}

impl<T: PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || *self.0 == *other.0
    }
}

impl<T: Eq> Eq for Shared<T> {}

impl<T: fmt::Debug> fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: Internable> From<T> for Shared<T> {
    fn from(value: T) -> Self {
        Shared::new(value)
    }
}

/// A value kubeplay interns: equal values decoded anywhere share one allocation while any holder
/// lives.
pub trait Internable: Clone + PartialEq + Default + Sized + 'static {
    /// Returns the pooled `Arc` equal to `value`, pooling `value` if there is none.
    fn intern(value: Self) -> Arc<Self>;

    /// The pooled default value (types made by the thousand keep theirs at hand).
    fn pooled_default() -> Arc<Self> {
        Self::intern(Self::default())
    }
}

/// The pool of one type: entries by a hash of the value, swept of dead entries as it grows.
pub struct Pool<T: ?Sized> {
    entries: BTreeMap<u64, Vec<Weak<T>>>,
    since_sweep: usize,
    live_at_sweep: usize,
}

impl<T: ?Sized> Default for Pool<T> {
    fn default() -> Self {
        Pool { entries: BTreeMap::new(), since_sweep: 0, live_at_sweep: 0 }
    }
}

impl<T: PartialEq> Pool<T> {
    fn intern(&mut self, hash: u64, value: T) -> Arc<T> {
        match self.find(hash, &value) {
            Some(found) => found,
            None => self.insert_new(hash, Arc::new(value)),
        }
    }
}

impl<T: PartialEq + ?Sized> Pool<T> {
    fn find(&self, hash: u64, value: &T) -> Option<Arc<T>> {
        self.entries.get(&hash)?.iter().filter_map(Weak::upgrade).find(|a| **a == *value)
    }

    fn insert_new(&mut self, hash: u64, a: Arc<T>) -> Arc<T> {
        let bucket = self.entries.entry(hash).or_default();
        // Values that died since this bucket's last insert would otherwise be scanned by every find.
        bucket.retain(|w| w.strong_count() > 0);
        bucket.push(Arc::downgrade(&a));
        self.since_sweep += 1;
        if self.since_sweep > 1024 && self.since_sweep > self.live_at_sweep {
            self.entries.retain(|_, b| {
                b.retain(|w| w.strong_count() > 0);
                !b.is_empty()
            });
            self.live_at_sweep = self.entries.values().map(Vec::len).sum();
            self.since_sweep = 0;
        }
        a
    }
}

/// FNV-1a, for the pools' hashes (deterministic; the hash decides nothing observable).
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn bytes(&mut self, b: &[u8]) {
        for x in b.iter().chain(std::iter::once(&0xff)) {
            self.0 ^= u64::from(*x);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

impl fmt::Write for Fnv {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.bytes(s.as_bytes());
        Ok(())
    }
}

fn hash_value(h: &mut Fnv, v: &Value) {
    match v {
        Value::Null => h.bytes(b"n"),
        Value::Bool(b) => h.bytes(if *b { b"t" } else { b"f" }),
        // Equal numbers have the same representation (serde_json keeps non-negative integers as
        // u64), so hashing it keeps equal values' hashes equal.
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => {
                h.bytes(b"#u");
                h.bytes(&u.to_le_bytes());
            }
            (None, Some(i)) => {
                h.bytes(b"#i");
                h.bytes(&i.to_le_bytes());
            }
            (None, None) => {
                h.bytes(b"#f");
                h.bytes(&n.as_f64().unwrap_or(0.0).to_bits().to_le_bytes());
            }
        },
        Value::String(s) => {
            h.bytes(b"s");
            h.bytes(s.as_bytes());
        }
        Value::Array(a) => {
            h.bytes(b"[");
            for x in a {
                hash_value(h, x);
            }
        }
        Value::Object(m) => {
            h.bytes(b"{");
            for (k, x) in m {
                h.bytes(k.as_bytes());
                hash_value(h, x);
            }
        }
    }
}

thread_local! {
    static VALUE_MAPS: RefCell<Pool<BTreeMap<String, Value>>> = RefCell::new(Pool::default());
    static EMPTY_VALUE_MAP: Arc<BTreeMap<String, Value>> = <BTreeMap<String, Value> as Internable>::intern(BTreeMap::new());
}

impl Internable for BTreeMap<String, Value> {
    fn intern(value: Self) -> Arc<Self> {
        let mut h = Fnv::new();
        for (k, v) in &value {
            h.bytes(k.as_bytes());
            hash_value(&mut h, v);
        }
        let hash = h.0;
        VALUE_MAPS.with(|p| p.borrow_mut().intern(hash, value))
    }

    fn pooled_default() -> Arc<Self> {
        EMPTY_VALUE_MAP.with(Arc::clone)
    }
}

/// A JSON object's fields, shared.
pub type SharedMap = Shared<BTreeMap<String, Value>>;

thread_local! {
    static STRING_MAPS: RefCell<Pool<BTreeMap<String, String>>> = RefCell::new(Pool::default());
    static EMPTY_STRING_MAP: Arc<BTreeMap<String, String>> = <BTreeMap<String, String> as Internable>::intern(BTreeMap::new());
}

impl Internable for BTreeMap<String, String> {
    fn intern(value: Self) -> Arc<Self> {
        let mut h = Fnv::new();
        for (k, v) in &value {
            h.bytes(k.as_bytes());
            h.bytes(v.as_bytes());
        }
        let hash = h.0;
        STRING_MAPS.with(|p| p.borrow_mut().intern(hash, value))
    }

    fn pooled_default() -> Arc<Self> {
        EMPTY_STRING_MAP.with(Arc::clone)
    }
}

thread_local! {
    static STRINGS: RefCell<Pool<str>> = RefCell::new(Pool::default());
}

/// The pooled copy of a string (event reasons and messages, which repeat across objects).
pub fn intern_str(s: &str) -> Arc<str> {
    let mut h = Fnv::new();
    h.bytes(s.as_bytes());
    let hash = h.0;
    STRINGS.with(|p| {
        let mut p = p.borrow_mut();
        match p.find(hash, s) {
            Some(found) => found,
            None => p.insert_new(hash, Arc::from(s)),
        }
    })
}

/// Labels (and other string maps), shared.
pub type Labels = Shared<BTreeMap<String, String>>;

thread_local! {
    static TOLERATIONS: RefCell<Pool<Vec<crate::api::pod::Toleration>>> = RefCell::new(Pool::default());
    static NO_TOLERATIONS: Arc<Vec<crate::api::pod::Toleration>> = <Vec<crate::api::pod::Toleration> as Internable>::intern(Vec::new());
}

impl Internable for Vec<crate::api::pod::Toleration> {
    fn intern(value: Self) -> Arc<Self> {
        let mut h = Fnv::new();
        for t in &value {
            for part in [&t.key, &t.operator, &t.value, &t.effect] {
                h.bytes(part.as_bytes());
            }
            h.bytes(&t.toleration_seconds.unwrap_or(i64::MIN).to_le_bytes());
        }
        let hash = h.0;
        TOLERATIONS.with(|p| p.borrow_mut().intern(hash, value))
    }

    fn pooled_default() -> Arc<Self> {
        NO_TOLERATIONS.with(Arc::clone)
    }
}

/// For `skip_serializing_if` on a shared list.
pub fn is_empty_vec<T>(v: &Shared<Vec<T>>) -> bool {
    v.is_empty()
}

impl<'a, T> IntoIterator for &'a Shared<Vec<T>> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T: PartialEq> PartialEq<Vec<T>> for Shared<Vec<T>> {
    fn eq(&self, other: &Vec<T>) -> bool {
        *self.0 == *other
    }
}

/// For `skip_serializing_if` on a shared map.
pub fn is_empty_map<K, V>(m: &Shared<BTreeMap<K, V>>) -> bool {
    m.is_empty()
}

impl<'a, K: Ord + Clone, V: Clone> IntoIterator for &'a Shared<BTreeMap<K, V>> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::collections::btree_map::Iter<'a, K, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T: Internable> FromIterator<<T as IntoIterator>::Item> for Shared<T>
where
    T: IntoIterator + FromIterator<<T as IntoIterator>::Item>,
{
    fn from_iter<I: IntoIterator<Item = <T as IntoIterator>::Item>>(iter: I) -> Self {
        Shared::new(iter.into_iter().collect())
    }
}

impl<const N: usize> From<[(String, String); N]> for Shared<BTreeMap<String, String>> {
    fn from(pairs: [(String, String); N]) -> Self {
        Shared::new(BTreeMap::from(pairs))
    }
}

impl<K: PartialEq, V: PartialEq> PartialEq<BTreeMap<K, V>> for Shared<BTreeMap<K, V>> {
    fn eq(&self, other: &BTreeMap<K, V>) -> bool {
        *self.0 == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::value::{Decode, Encode};
    use crate::json::json;

    #[test]
    fn equal_maps_decoded_apart_share_one_allocation_and_a_write_copies() {
        let a: SharedMap = SharedMap::decode(json!({"x": 1, "y": {"z": [true]}})).unwrap();
        let b: SharedMap = SharedMap::decode(json!({"y": {"z": [true]}, "x": 1})).unwrap();
        let c: SharedMap = SharedMap::decode(json!({"x": 2})).unwrap();
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert!(!Arc::ptr_eq(&a.0, &c.0));
        let mut d = b.clone();
        d.insert("w".into(), json!("new"));
        assert_eq!(a.get("w"), None);
        assert_eq!(d.get("w"), Some(&json!("new")));
        assert_eq!(a.encode(), json!({"x": 1, "y": {"z": [true]}}));
    }

    #[test]
    fn a_written_copy_is_not_pooled_until_reinterned_and_then_shares_with_its_equal() {
        let a: SharedMap = SharedMap::decode(json!({"x": 1, "y": 2})).unwrap();
        let mut b: SharedMap = SharedMap::decode(json!({"x": 1})).unwrap();
        assert!(a.is_pooled() && b.is_pooled());
        b.insert("y".into(), json!(2));
        assert!(!b.is_pooled());
        assert!(!Shared::ptr_eq(&a, &b));
        b.reintern();
        assert!(b.is_pooled());
        assert!(Shared::ptr_eq(&a, &b));
        let empty = SharedMap::default();
        assert!(empty.is_pooled());
        assert!(Shared::ptr_eq(&empty, &SharedMap::decode(json!({})).unwrap()));
    }

    #[test]
    fn equal_numbers_hash_alike_however_they_were_made() {
        let a: SharedMap = SharedMap::decode(json!({"n": 420, "f": 1.5, "i": -3})).unwrap();
        let b = SharedMap::decode(crate::json::from_str(r#"{"n": 420, "f": 1.5, "i": -3}"#).unwrap()).unwrap();
        assert!(Shared::ptr_eq(&a, &b));
    }

    #[test]
    fn dead_entries_are_swept_as_the_pool_grows() {
        for i in 0..5000 {
            let _m: SharedMap = SharedMap::decode(json!({ "i": i })).unwrap();
        }
        let entries = VALUE_MAPS.with(|p| p.borrow().entries.len());
        assert!(entries < 2100, "{entries}");
    }
}
