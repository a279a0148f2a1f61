//! The order go-yaml v2 writes map keys in (`keyList.Less` in sorter.go): a natural order where runs of
//! digits compare as numbers, letters sort after everything else, and other characters by code point.

use crate::kubectl::sorting::go_sort_slice;

/// Sorts map entries by key as go-yaml v2 sorts the keys of a map it marshals: Go's `sort.Sort` with
/// `keyList.Less`. That order is not transitive (`v10` < `v1beta1` < `v2` < `v10`), so the result depends
/// on the sorting algorithm, and Go's is reproduced step by step.
pub(super) fn sort_entries<T>(entries: &mut Vec<T>, key: impl Fn(&T) -> &str) {
    if entries.iter().all(|entry| key(entry).is_ascii()) {
        go_sort_slice(entries, |a: &T, b: &T| key_less(key(a).as_bytes(), key(b).as_bytes()));
        return;
    }
    let mut keyed: Vec<(Vec<char>, T)> =
        entries.drain(..).map(|entry| (key(&entry).chars().collect(), entry)).collect();
    go_sort_slice(&mut keyed, |a: &(Vec<char>, T), b: &(Vec<char>, T)| key_less(&a.0, &b.0));
    entries.extend(keyed.into_iter().map(|(_, entry)| entry));
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
