//! `kubectl get --sort-by`: the field compared as kubectl compares it (`isLess`: numbers, strings
//! as quantities when both parse, nulls first) and Go's `sort.Sort` (pattern-defeating quicksort),
//! ported step for step so that rows with equal keys end in the same order as kubectl's.

use crate::json::Value;

use super::jsonpath::{self, JsonPath, Val};
use crate::api::quantity::Quantity;

/// Go's `sort.Sort` over indexes `0..n`: `less(i, j)` compares and `swap(i, j)` exchanges the
/// elements at two positions.
pub fn go_sort(n: usize, data: &mut dyn SortData) {
    if n <= 1 {
        return;
    }
    let limit = usize::BITS - n.leading_zeros();
    pdqsort(data, 0, n, limit);
}

/// Go's `sort.Sort` of a slice with `less` on its elements (`sort.Slice` without the
/// reflection): the same order as Go's, even for a `less` that is not a strict weak order.
pub(crate) fn go_sort_slice<E>(data: &mut [E], less: impl Fn(&E, &E) -> bool) {
    struct Slice<'a, E, L> {
        data: &'a mut [E],
        less: L,
    }
    impl<E, L: Fn(&E, &E) -> bool> SortData for Slice<'_, E, L> {
        fn less(&mut self, i: usize, j: usize) -> bool {
            match (self.data.get(i), self.data.get(j)) {
                (Some(a), Some(b)) => (self.less)(a, b),
                _ => false,
            }
        }
        fn swap(&mut self, i: usize, j: usize) {
            self.data.swap(i, j);
        }
    }
    let n = data.len();
    go_sort(n, &mut Slice { data, less });
}

/// What `sort.Sort` needs of a collection (`sort.Interface`).
pub trait SortData {
    fn less(&mut self, i: usize, j: usize) -> bool;
    fn swap(&mut self, i: usize, j: usize);
}

/// `insertionSort`.
fn insertion_sort(d: &mut dyn SortData, a: usize, b: usize) {
    for i in a + 1..b {
        let mut j = i;
        while j > a && d.less(j, j - 1) {
            d.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// `siftDown`.
fn sift_down(d: &mut dyn SortData, lo: usize, hi: usize, first: usize) {
    let mut root = lo;
    loop {
        let mut child = 2 * root + 1;
        if child >= hi {
            break;
        }
        if child + 1 < hi && d.less(first + child, first + child + 1) {
            child += 1;
        }
        if !d.less(first + root, first + child) {
            return;
        }
        d.swap(first + root, first + child);
        root = child;
    }
}

/// `heapSort`.
fn heap_sort(d: &mut dyn SortData, a: usize, b: usize) {
    let first = a;
    let hi = b - a;
    let mut i = (hi as isize - 1) / 2;
    while i >= 0 {
        sift_down(d, i as usize, hi, first);
        i -= 1;
    }
    let mut i = hi as isize - 1;
    while i >= 0 {
        d.swap(first, first + i as usize);
        sift_down(d, 0, i as usize, first);
        i -= 1;
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Hint {
    Unknown,
    Increasing,
    Decreasing,
}

/// `pdqsort`.
fn pdqsort(d: &mut dyn SortData, mut a: usize, mut b: usize, mut limit: u32) {
    const MAX_INSERTION: usize = 12;
    let mut was_balanced = true;
    let mut was_partitioned = true;
    loop {
        let length = b - a;
        if length <= MAX_INSERTION {
            insertion_sort(d, a, b);
            return;
        }
        if limit == 0 {
            heap_sort(d, a, b);
            return;
        }
        if !was_balanced {
            break_patterns(d, a, b);
            limit -= 1;
        }
        let (mut pivot, mut hint) = choose_pivot(d, a, b);
        if hint == Hint::Decreasing {
            reverse_range(d, a, b);
            pivot = (b - 1) - (pivot - a);
            hint = Hint::Increasing;
        }
        if was_balanced && was_partitioned && hint == Hint::Increasing && partial_insertion_sort(d, a, b) {
            return;
        }
        if a > 0 && !d.less(a - 1, pivot) {
            a = partition_equal(d, a, b, pivot);
            continue;
        }
        let (mid, already) = partition(d, a, b, pivot);
        was_partitioned = already;
        let (left, right) = (mid - a, b - mid);
        let threshold = length / 8;
        if left < right {
            was_balanced = left >= threshold;
            pdqsort(d, a, mid, limit);
            a = mid + 1;
        } else {
            was_balanced = right >= threshold;
            pdqsort(d, mid + 1, b, limit);
            b = mid;
        }
    }
}

/// `partition`.
fn partition(d: &mut dyn SortData, a: usize, b: usize, pivot: usize) -> (usize, bool) {
    d.swap(a, pivot);
    let (mut i, mut j) = (a as isize + 1, b as isize - 1);
    while i <= j && d.less(i as usize, a) {
        i += 1;
    }
    while i <= j && !d.less(j as usize, a) {
        j -= 1;
    }
    if i > j {
        d.swap(j as usize, a);
        return (j as usize, true);
    }
    d.swap(i as usize, j as usize);
    i += 1;
    j -= 1;
    loop {
        while i <= j && d.less(i as usize, a) {
            i += 1;
        }
        while i <= j && !d.less(j as usize, a) {
            j -= 1;
        }
        if i > j {
            break;
        }
        d.swap(i as usize, j as usize);
        i += 1;
        j -= 1;
    }
    d.swap(j as usize, a);
    (j as usize, false)
}

/// `partitionEqual`.
fn partition_equal(d: &mut dyn SortData, a: usize, b: usize, pivot: usize) -> usize {
    d.swap(a, pivot);
    let (mut i, mut j) = (a as isize + 1, b as isize - 1);
    loop {
        while i <= j && !d.less(a, i as usize) {
            i += 1;
        }
        while i <= j && d.less(a, j as usize) {
            j -= 1;
        }
        if i > j {
            break;
        }
        d.swap(i as usize, j as usize);
        i += 1;
        j -= 1;
    }
    i as usize
}

/// `partialInsertionSort`.
fn partial_insertion_sort(d: &mut dyn SortData, a: usize, b: usize) -> bool {
    const MAX_STEPS: usize = 5;
    const SHORTEST_SHIFTING: usize = 50;
    let mut i = a + 1;
    for _ in 0..MAX_STEPS {
        while i < b && !d.less(i, i - 1) {
            i += 1;
        }
        if i == b {
            return true;
        }
        if b - a < SHORTEST_SHIFTING {
            return false;
        }
        d.swap(i, i - 1);
        if i - a >= 2 {
            let mut j = i - 1;
            while j >= 1 {
                if !d.less(j, j - 1) {
                    break;
                }
                d.swap(j, j - 1);
                j -= 1;
            }
        }
        if b - i >= 2 {
            let mut j = i + 1;
            while j < b {
                if !d.less(j, j - 1) {
                    break;
                }
                d.swap(j, j - 1);
                j += 1;
            }
        }
    }
    false
}

/// `breakPatterns`, with the xorshift generator seeded by the length.
fn break_patterns(d: &mut dyn SortData, a: usize, b: usize) {
    let length = b - a;
    if length >= 8 {
        let mut random = length as u64;
        let modulus = 1usize << (usize::BITS - length.leading_zeros());
        let mid = a + (length / 4) * 2;
        for idx in mid - 1..=mid + 1 {
            random ^= random << 13;
            random ^= random >> 17;
            random ^= random << 5;
            let mut other = (random as usize) & (modulus - 1);
            if other >= length {
                other -= length;
            }
            d.swap(idx, a + other);
        }
    }
}

/// `choosePivot`.
fn choose_pivot(d: &mut dyn SortData, a: usize, b: usize) -> (usize, Hint) {
    const SHORTEST_NINTHER: usize = 50;
    const MAX_SWAPS: usize = 4 * 3;
    let l = b - a;
    let mut swaps = 0;
    let mut i = a + l / 4;
    let mut j = a + l / 4 * 2;
    let mut k = a + l / 4 * 3;
    if l >= 8 {
        if l >= SHORTEST_NINTHER {
            i = median(d, i - 1, i, i + 1, &mut swaps);
            j = median(d, j - 1, j, j + 1, &mut swaps);
            k = median(d, k - 1, k, k + 1, &mut swaps);
        }
        j = median(d, i, j, k, &mut swaps);
    }
    match swaps {
        0 => (j, Hint::Increasing),
        MAX_SWAPS => (j, Hint::Decreasing),
        _ => (j, Hint::Unknown),
    }
}

fn order2(d: &mut dyn SortData, a: usize, b: usize, swaps: &mut usize) -> (usize, usize) {
    if d.less(b, a) {
        *swaps += 1;
        return (b, a);
    }
    (a, b)
}

fn median(d: &mut dyn SortData, a: usize, b: usize, c: usize, swaps: &mut usize) -> usize {
    let (a, b) = order2(d, a, b, swaps);
    let (b, c) = order2(d, b, c, swaps);
    let _ = c;
    let (_, b) = order2(d, a, b, swaps);
    b
}

fn reverse_range(d: &mut dyn SortData, a: usize, b: usize) {
    let (mut i, mut j) = (a, b - 1);
    while i < j {
        d.swap(i, j);
        i += 1;
        j -= 1;
    }
}

/// Sorts `items` in place by the key `key(item)` gives, with `less` on keys, exactly as
/// `sort.Sort` orders a collection whose Less compares those keys.
pub fn sort_by_keys<T, K>(items: &mut Vec<T>, keys: Vec<K>, mut less: impl FnMut(&K, &K) -> bool) {
    let n = items.len().min(keys.len());
    let perm = sorted_perm(n, &mut |i, j| match (keys.get(i), keys.get(j)) {
        (Some(a), Some(b)) => less(a, b),
        _ => false,
    });
    apply_perm(items, perm);
}

/// The order `sort.Sort` leaves positions `0..n` in when `less` compares the elements at two
/// original positions.
pub(crate) fn sorted_perm(n: usize, less: &mut dyn FnMut(usize, usize) -> bool) -> Vec<usize> {
    struct Data<'a> {
        perm: Vec<usize>,
        less: &'a mut dyn FnMut(usize, usize) -> bool,
    }
    impl SortData for Data<'_> {
        fn less(&mut self, i: usize, j: usize) -> bool {
            match (self.perm.get(i), self.perm.get(j)) {
                (Some(&a), Some(&b)) => (self.less)(a, b),
                _ => false,
            }
        }
        fn swap(&mut self, i: usize, j: usize) {
            self.perm.swap(i, j);
        }
    }
    let mut data = Data { perm: (0..n).collect(), less };
    go_sort(n, &mut data);
    data.perm
}

/// Puts `items` in the order `perm` lists their positions in; items `perm` does not name follow.
fn apply_perm<T>(items: &mut Vec<T>, perm: Vec<usize>) {
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    for idx in perm {
        if let Some(item) = slots.get_mut(idx).and_then(Option::take) {
            items.push(item);
        }
    }
    items.extend(slots.into_iter().flatten());
}

/// Why a sort failed: a plain error, or the fatal log line kubectl exits with (klog `Exitf`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SortError {
    Plain(String),
    Fatal(String),
}

/// The sort key of one object: the first value the field template finds, if any.
fn sort_key(parser: &mut JsonPath, obj: &Value) -> Result<Option<Value>, String> {
    let results = parser.find_results(obj)?;
    Ok(results.first().and_then(|r| r.first()).map(Val::to_value))
}

/// `isLess` on two values of an unstructured object (the interface case).
fn is_less(i: &Value, j: &Value) -> Result<bool, String> {
    match (i, j) {
        (Value::Null, Value::Null) => Ok(false),
        (Value::Null, _) => Ok(true),
        (_, Value::Null) => Ok(false),
        (Value::Number(a), Value::Number(b)) => match (a.as_i64(), b.as_i64()) {
            (Some(x), Some(y)) => Ok(x < y),
            (None, None) => Ok(a.as_f64().unwrap_or(0.0) < b.as_f64().unwrap_or(0.0)),
            _ => Err("unsortable interface: interface".into()),
        },
        (Value::String(a), Value::String(b)) => match (Quantity::parse(a), Quantity::parse(b)) {
            (Ok(x), Ok(y)) => Ok(x.nanos < y.nanos),
            _ => Ok(a < b),
        },
        (Value::Number(_) | Value::String(_), _) => Err("unsortable interface: interface".into()),
        (Value::Bool(_), _) => Err("unsortable type: bool".into()),
        (Value::Array(_), _) => Err("unsortable type: []interface {}".into()),
        (Value::Object(_), _) => Err("unsortable type: map[string]interface {}".into()),
    }
}

/// What the fatal line names as the sorted collection's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sorter {
    /// Rows of a server-side table (`TableSorter`, tables printed by `get`).
    Table,
    /// Objects of a list (`RuntimeSort`, `-o json|yaml|name|jsonpath|custom-columns`).
    Objects,
}

/// Sorts objects by the field `field` (already a full template) as kubectl does; `objects` are
/// the JSON forms.
pub fn sort_objects<T>(items: &mut Vec<T>, values: &[Value], field: &str, sorter: Sorter) -> Result<(), SortError> {
    let n = items.len();
    let perm = objects_perm(n, values, field, sorter)?;
    apply_perm(items, perm);
    Ok(())
}

/// The order `sort_objects` puts `n` objects in (their JSON forms are `values`).
fn objects_perm(n: usize, values: &[Value], field: &str, sorter: Sorter) -> Result<Vec<usize>, SortError> {
    let mut parser = JsonPath::parse(field).map_err(|e| match sorter {
        Sorter::Table => SortError::Plain(format!("sorting error: {e}")),
        Sorter::Objects => SortError::Plain(e),
    })?;
    let mut keys = Vec::with_capacity(values.len());
    for v in values {
        keys.push(sort_key(&mut parser, v).map_err(SortError::Plain)?);
    }
    if !values.is_empty() && keys.iter().all(Option::is_none) {
        return Err(SortError::Plain(format!(
            "couldn't find any field with path {} in the list of objects",
            crate::manifest::field::go_quote(field)
        )));
    }
    let mut failure: Option<(String, &'static str)> = None;
    let perm = sorted_perm(n.min(keys.len()), &mut |i, j| match (
        keys.get(i).and_then(Option::as_ref),
        keys.get(j).and_then(Option::as_ref),
    ) {
        (None, _) => true,
        (_, None) => false,
        (Some(x), Some(y)) => match is_less(x, y) {
            Ok(l) => l,
            Err(e) => {
                if failure.is_none() {
                    failure = Some((e, kind_name(x)));
                }
                false
            }
        },
    });
    if let Some((err, kind)) = failure {
        let collection = match sorter {
            Sorter::Table => "[][][]reflect.Value",
            Sorter::Objects => "*unstructured.Unstructured",
        };
        return Err(SortError::Fatal(format!(
            "Field {field} in {collection} is an unsortable type: {kind}, err: {err}"
        )));
    }
    Ok(perm)
}

/// The reflect kind name of a value found in an unstructured object.
fn kind_name(v: &Value) -> &'static str {
    let _ = v;
    "interface"
}

/// The field `--sort-by` names, as a template (`RelaxedJSONPathExpression`, falling back to the
/// text as given).
pub fn sort_field(sort_by: &str) -> String {
    jsonpath::relaxed(sort_by).unwrap_or_else(|_| sort_by.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    #[test]
    fn go_sort_orders_like_go_for_short_and_long_inputs() {
        for n in [0usize, 1, 2, 5, 12, 13, 49, 50, 51, 200, 1000] {
            let mut v: Vec<u64> = (0..n as u64).map(|x| (x * 7919 + 13) % 101).collect();
            let keys = v.clone();
            sort_by_keys(&mut v, keys, |a, b| a < b);
            assert!(v.windows(2).all(|w| w[0] <= w[1]), "{n}");
            assert_eq!(v.len(), n);
        }
    }

    #[test]
    fn equal_keys_keep_go_order_for_short_lists() {
        // Up to 12 elements Go uses insertion sort, which keeps equal keys in order.
        let mut items = vec!["a", "b", "c", "d"];
        sort_by_keys(&mut items, vec![1, 0, 1, 0], |a, b| a < b);
        assert_eq!(items, vec!["b", "d", "a", "c"]);
    }

    #[test]
    fn values_compare_as_kubectl_compares_them() {
        let cases = [
            (json!("100m"), json!("1"), Ok(true)),
            (json!("2Gi"), json!("512Mi"), Ok(false)),
            (json!("b"), json!("a"), Ok(false)),
            (json!(3), json!(10), Ok(true)),
            (Value::Null, json!(1), Ok(true)),
            (json!(true), json!(false), Err("unsortable type: bool".to_string())),
            (json!(1), json!("a"), Err("unsortable interface: interface".to_string())),
        ];
        for (a, b, want) in cases {
            assert_eq!(is_less(&a, &b), want, "{a} < {b}");
        }
    }

    #[test]
    fn objects_without_the_field_sort_first_and_a_field_nobody_has_fails() {
        let values = vec![json!({"n": "b", "x": 2}), json!({"n": "a"}), json!({"n": "c", "x": 1})];
        let mut items = vec!["b", "a", "c"];
        sort_objects(&mut items, &values, "{.x}", Sorter::Objects).unwrap();
        assert_eq!(items, vec!["a", "c", "b"]);
        let err = sort_objects(&mut items, &values, "{.y}", Sorter::Objects).unwrap_err();
        assert_eq!(err, SortError::Plain("couldn't find any field with path \"{.y}\" in the list of objects".into()));
    }
}
