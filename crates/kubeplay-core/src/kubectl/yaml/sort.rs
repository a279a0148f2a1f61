//! The order go-yaml v2 writes map keys in (`keyList.Less` in sorter.go): a natural order where runs of
//! digits compare as numbers, letters sort after everything else, and other characters by code point.

/// Sorts map entries by key as go-yaml v2 sorts the keys of a map it marshals: Go's `sort.Sort` with
/// `keyList.Less`. That order is not transitive (`v10` < `v1beta1` < `v2` < `v10`), so the result depends
/// on the sorting algorithm, and Go's is reproduced step by step.
pub(super) fn sort_entries<T>(entries: &mut Vec<T>, key: impl Fn(&T) -> &str) {
    if entries.iter().all(|entry| key(entry).is_ascii()) {
        go_sort(entries, &|a: &T, b: &T| key_less(key(a).as_bytes(), key(b).as_bytes()));
        return;
    }
    let mut keyed: Vec<(Vec<char>, T)> =
        entries.drain(..).map(|entry| (key(&entry).chars().collect(), entry)).collect();
    go_sort(&mut keyed, &|a: &(Vec<char>, T), b: &(Vec<char>, T)| key_less(&a.0, &b.0));
    entries.extend(keyed.into_iter().map(|(_, entry)| entry));
}

/// Go's `sort.Sort`: pattern-defeating quicksort with a depth limit of bits.Len(n).
fn go_sort<E, L: Fn(&E, &E) -> bool>(data: &mut [E], less: &L) {
    let n = data.len();
    if n > 1 {
        let limit = usize::BITS - n.leading_zeros();
        pdqsort(&mut Sorter { data, less }, 0, n, limit);
    }
}

/// The `sort.Interface` view of a slice: Less and Swap by index.
struct Sorter<'a, E, L> {
    data: &'a mut [E],
    less: &'a L,
}

impl<E, L: Fn(&E, &E) -> bool> Sorter<'_, E, L> {
    fn less(&self, i: usize, j: usize) -> bool {
        (self.less)(&self.data[i], &self.data[j])
    }

    fn swap(&mut self, i: usize, j: usize) {
        self.data.swap(i, j);
    }
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum SortedHint {
    Unknown,
    Increasing,
    Decreasing,
}

/// Go sort `insertionSort`.
fn insertion_sort<E, L: Fn(&E, &E) -> bool>(s: &mut Sorter<'_, E, L>, a: usize, b: usize) {
    for i in a + 1..b {
        let mut j = i;
        while j > a && s.less(j, j - 1) {
            s.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// Go sort `siftDown`.
fn sift_down<E, L: Fn(&E, &E) -> bool>(s: &mut Sorter<'_, E, L>, lo: usize, hi: usize, first: usize) {
    let mut root = lo;
    loop {
        let mut child = 2 * root + 1;
        if child >= hi {
            return;
        }
        if child + 1 < hi && s.less(first + child, first + child + 1) {
            child += 1;
        }
        if !s.less(first + root, first + child) {
            return;
        }
        s.swap(first + root, first + child);
        root = child;
    }
}

/// Go sort `heapSort`.
fn heap_sort<E, L: Fn(&E, &E) -> bool>(s: &mut Sorter<'_, E, L>, a: usize, b: usize) {
    let hi = b - a;
    for i in (0..=(hi - 1) / 2).rev() {
        sift_down(s, i, hi, a);
    }
    for i in (0..hi).rev() {
        s.swap(a, a + i);
        sift_down(s, 0, i, a);
    }
}

/// Go sort `pdqsort`.
fn pdqsort<E, L: Fn(&E, &E) -> bool>(s: &mut Sorter<'_, E, L>, mut a: usize, mut b: usize, mut limit: u32) {
    const MAX_INSERTION: usize = 12;
    let mut was_balanced = true;
    let mut was_partitioned = true;
    loop {
        let length = b - a;
        if length <= MAX_INSERTION {
            insertion_sort(s, a, b);
            return;
        }
        if limit == 0 {
            heap_sort(s, a, b);
            return;
        }
        if !was_balanced {
            break_patterns(s, a, b);
            limit -= 1;
        }
        let (mut pivot, mut hint) = choose_pivot(s, a, b);
        if hint == SortedHint::Decreasing {
            reverse_range(s, a, b);
            pivot = (b - 1) - (pivot - a);
            hint = SortedHint::Increasing;
        }
        if was_balanced && was_partitioned && hint == SortedHint::Increasing && partial_insertion_sort(s, a, b) {
            return;
        }
        if a > 0 && !s.less(a - 1, pivot) {
            a = partition_equal(s, a, b, pivot);
            continue;
        }
        let (mid, already_partitioned) = partition(s, a, b, pivot);
        was_partitioned = already_partitioned;
        let (left, right) = (mid - a, b - mid);
        let balance_threshold = length / 8;
        if left < right {
            was_balanced = left >= balance_threshold;
            pdqsort(s, a, mid, limit);
            a = mid + 1;
        } else {
            was_balanced = right >= balance_threshold;
            pdqsort(s, mid + 1, b, limit);
            b = mid;
        }
    }
}

/// Go sort `partition`; indexes are kept signed because `j` may step below `a + 1`.
fn partition<E, L: Fn(&E, &E) -> bool>(s: &mut Sorter<'_, E, L>, a: usize, b: usize, pivot: usize) -> (usize, bool) {
    s.swap(a, pivot);
    let (mut i, mut j) = (a as isize + 1, b as isize - 1);
    let at = |k: isize| k as usize;
    while i <= j && s.less(at(i), a) {
        i += 1;
    }
    while i <= j && !s.less(at(j), a) {
        j -= 1;
    }
    if i > j {
        s.swap(at(j), a);
        return (at(j), true);
    }
    s.swap(at(i), at(j));
    i += 1;
    j -= 1;
    loop {
        while i <= j && s.less(at(i), a) {
            i += 1;
        }
        while i <= j && !s.less(at(j), a) {
            j -= 1;
        }
        if i > j {
            break;
        }
        s.swap(at(i), at(j));
        i += 1;
        j -= 1;
    }
    s.swap(at(j), a);
    (at(j), false)
}

/// Go sort `partitionEqual`.
fn partition_equal<E, L: Fn(&E, &E) -> bool>(s: &mut Sorter<'_, E, L>, a: usize, b: usize, pivot: usize) -> usize {
    s.swap(a, pivot);
    let (mut i, mut j) = (a as isize + 1, b as isize - 1);
    let at = |k: isize| k as usize;
    loop {
        while i <= j && !s.less(a, at(i)) {
            i += 1;
        }
        while i <= j && s.less(a, at(j)) {
            j -= 1;
        }
        if i > j {
            break;
        }
        s.swap(at(i), at(j));
        i += 1;
        j -= 1;
    }
    at(i)
}

/// Go sort `partialInsertionSort`.
fn partial_insertion_sort<E, L: Fn(&E, &E) -> bool>(s: &mut Sorter<'_, E, L>, a: usize, b: usize) -> bool {
    const MAX_STEPS: usize = 5;
    const SHORTEST_SHIFTING: usize = 50;
    let mut i = a + 1;
    for _ in 0..MAX_STEPS {
        while i < b && !s.less(i, i - 1) {
            i += 1;
        }
        if i == b {
            return true;
        }
        if b - a < SHORTEST_SHIFTING {
            return false;
        }
        s.swap(i, i - 1);
        if i - a >= 2 {
            let mut j = i - 1;
            while j >= 1 && s.less(j, j - 1) {
                s.swap(j, j - 1);
                j -= 1;
            }
        }
        if b - i >= 2 {
            let mut j = i + 1;
            while j < b && s.less(j, j - 1) {
                s.swap(j, j - 1);
                j += 1;
            }
        }
    }
    false
}

/// Go sort `breakPatterns`, with its xorshift generator seeded by the length.
fn break_patterns<E, L: Fn(&E, &E) -> bool>(s: &mut Sorter<'_, E, L>, a: usize, b: usize) {
    let length = b - a;
    if length < 8 {
        return;
    }
    let mut random = length as u64;
    let modulus = 1usize << (usize::BITS - length.leading_zeros());
    let middle = a + (length / 4) * 2;
    for idx in middle - 1..=middle + 1 {
        random ^= random << 13;
        random ^= random >> 17;
        random ^= random << 5;
        let mut other = (random as usize) & (modulus - 1);
        if other >= length {
            other -= length;
        }
        s.swap(idx, a + other);
    }
}

/// Go sort `choosePivot`: the median of three (or of three medians) and whether the samples looked sorted.
fn choose_pivot<E, L: Fn(&E, &E) -> bool>(s: &mut Sorter<'_, E, L>, a: usize, b: usize) -> (usize, SortedHint) {
    const SHORTEST_NINTHER: usize = 50;
    const MAX_SWAPS: usize = 4 * 3;
    let l = b - a;
    let mut swaps = 0;
    let mut i = a + l / 4;
    let mut j = a + l / 4 * 2;
    let mut k = a + l / 4 * 3;
    if l >= 8 {
        if l >= SHORTEST_NINTHER {
            i = median(s, i - 1, i, i + 1, &mut swaps);
            j = median(s, j - 1, j, j + 1, &mut swaps);
            k = median(s, k - 1, k, k + 1, &mut swaps);
        }
        j = median(s, i, j, k, &mut swaps);
    }
    match swaps {
        0 => (j, SortedHint::Increasing),
        MAX_SWAPS => (j, SortedHint::Decreasing),
        _ => (j, SortedHint::Unknown),
    }
}

/// Go sort `order2`.
fn order2<E, L: Fn(&E, &E) -> bool>(s: &Sorter<'_, E, L>, a: usize, b: usize, swaps: &mut usize) -> (usize, usize) {
    if s.less(b, a) {
        *swaps += 1;
        (b, a)
    } else {
        (a, b)
    }
}

/// Go sort `median`.
fn median<E, L: Fn(&E, &E) -> bool>(s: &Sorter<'_, E, L>, a: usize, b: usize, c: usize, swaps: &mut usize) -> usize {
    let (a, b) = order2(s, a, b, swaps);
    let (b, _) = order2(s, b, c, swaps);
    let (_, b) = order2(s, a, b, swaps);
    b
}

/// Go sort `reverseRange`.
fn reverse_range<E, L: Fn(&E, &E) -> bool>(s: &mut Sorter<'_, E, L>, a: usize, b: usize) {
    let (mut i, mut j) = (a, b - 1);
    while i < j {
        s.swap(i, j);
        i += 1;
        j -= 1;
    }
}

/// Go's `unicode.IsLetter`; outside ASCII, Rust's alphabetic property stands in for category L.
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        c.is_alphabetic()
    }
}

/// Go's `unicode.IsDigit`, for the ASCII digits only (other decimal digits are not given number values).
fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// Follows go-yaml v2 `keyList.Less` for two string keys, rune by rune.
pub(super) fn key_less<T: Copy + Into<char>>(a: &[T], b: &[T]) -> bool {
    for i in 0..a.len().min(b.len()) {
        let (ac, bc): (char, char) = (a[i].into(), b[i].into());
        if ac == bc {
            continue;
        }
        let (a_letter, b_letter) = (is_letter(ac), is_letter(bc));
        if a_letter && b_letter {
            return ac < bc;
        }
        if a_letter || b_letter {
            return b_letter;
        }
        let (mut a_number, mut b_number): (i64, i64) = (0, 0);
        if ac == '0' || bc == '0' {
            // A zero inside a number (as in "10") is not a leading zero: both numbers continue from 1.
            for &earlier in a[..i].iter().rev() {
                let earlier: char = earlier.into();
                if !is_digit(earlier) {
                    break;
                }
                if earlier != '0' {
                    a_number = 1;
                    b_number = 1;
                    break;
                }
            }
        }
        let (a_end, a_number) = digit_run(a, i, a_number);
        let (b_end, b_number) = digit_run(b, i, b_number);
        if a_number != b_number {
            return a_number < b_number;
        }
        if a_end != b_end {
            return a_end < b_end;
        }
        return ac < bc;
    }
    a.len() < b.len()
}

/// The end of the run of digits starting at `start` and its value appended to `number`, wrapping on
/// overflow as Go's int64 arithmetic does.
fn digit_run<T: Copy + Into<char>>(runes: &[T], start: usize, mut number: i64) -> (usize, i64) {
    let mut end = start;
    while let Some(&rune) = runes.get(end) {
        let c: char = rune.into();
        if !is_digit(c) {
            break;
        }
        number = number.wrapping_mul(10).wrapping_add(i64::from(c as u8 - b'0'));
        end += 1;
    }
    (end, number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(keys: &[&str]) -> Vec<String> {
        let mut keys: Vec<String> = keys.iter().map(|k| (*k).to_owned()).collect();
        sort_entries(&mut keys, |k| k.as_str());
        keys
    }

    #[test]
    fn keys_sort_in_go_yaml_v2_natural_order() {
        let cases: &[(&[&str], &[&str])] = &[
            (&["a10", "a9", "a1"], &["a1", "a9", "a10"]),
            (&["app.kubernetes.io/name", "app"], &["app", "app.kubernetes.io/name"]),
            (&["b", "B", "a", "A"], &["A", "B", "a", "b"]),
            (&["a-b", "a.b", "a/b", "a_b", "ab", "a0"], &["a-b", "a.b", "a/b", "a_b", "a0", "ab"]),
            (&["x01", "x1", "x001"], &["x1", "x01", "x001"]),
            (&["a2", "a10", "a1", "b"], &["a1", "a2", "a10", "b"]),
            (&["a105", "a12", "a1-"], &["a1-", "a12", "a105"]),
            (&["10", "9", "-1", "~"], &["-1", "~", "9", "10"]),
            (&["é", "z", "e"], &["e", "z", "é"]),
            (&["", "a"], &["", "a"]),
        ];
        for (input, expected) in cases {
            assert_eq!(sorted(input), *expected, "{input:?}");
        }
    }

    #[test]
    fn many_numbered_keys_sort_by_number() {
        let mut keys: Vec<String> = (1..=300).map(|i| format!("item-{i}")).collect();
        keys.sort();
        sort_entries(&mut keys, |k| k.as_str());
        let expected: Vec<String> = (1..=300).map(|i| format!("item-{i}")).collect();
        assert_eq!(keys, expected);
    }

    #[test]
    fn go_sort_agrees_with_a_total_order_on_keys_without_digits() {
        // Without digits keyList.Less is a lexicographic order, so every correct sort gives one result.
        let mut seed: u64 = 42;
        for size in [2, 5, 12, 13, 40, 51, 200, 1000] {
            let mut keys: Vec<String> = (0..size)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    let length = (seed >> 60) as usize % 5;
                    (0..length).map(|i| ["a", "B", "-", ".", "z", "é"][((seed >> (i * 8)) % 6) as usize]).collect()
                })
                .collect();
            let mut expected = keys.clone();
            expected.sort_by(|a, b| {
                let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                if key_less(&a, &b) {
                    std::cmp::Ordering::Less
                } else if key_less(&b, &a) {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            });
            sort_entries(&mut keys, |k| k.as_str());
            assert_eq!(keys, expected, "{size} keys");
        }
    }

    #[test]
    fn keys_that_compare_in_a_cycle_get_the_order_go_gives_them_from_byte_order() {
        // v10 < v1beta1 < v2 < v10: Go's result depends on its random map order; kubectl printed both
        // of these orders (and two more) for the same object.
        assert_eq!(sorted(&["v10", "v1beta1", "v2", "v2beta1"]), ["v10", "v1beta1", "v2", "v2beta1"]);
        assert_eq!(sorted(&["v2beta1", "v10", "v2", "v1beta1"]), ["v2", "v2beta1", "v10", "v1beta1"]);
    }

    #[test]
    fn keys_with_digit_runs_longer_than_int64_wrap_like_go() {
        // 10^19 wraps to a negative int64 in Go, so the longer run sorts first.
        assert!(key_less("a10000000000000000000".as_bytes(), "a9".as_bytes()));
    }
}
