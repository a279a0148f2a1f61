use super::*;
use crate::api::pod::{ContainerState, ContainerStatus, StateTerminated};

/// 2009-11-10T23:00:00Z, upstream's defaultTestTime, in Unix milliseconds.
const T: i64 = 1_257_894_000_000;

fn finished_pod(phase: &str, at: i64) -> Pod {
    let mut p = Pod::default();
    p.status.phase = phase.into();
    p.status.container_statuses = vec![ContainerStatus {
        state: ContainerState {
            terminated: Some(Box::new(StateTerminated { finished_at: Some(Time(at)), ..Default::default() })),
            ..Default::default()
        },
        ..Default::default()
    }];
    p
}

// Table following backoff_utils_test.go TestNewBackoffRecord (finish times in ms from T).
#[test]
fn new_backoff_record_counts_failures_after_the_last_success() {
    // (name, stored record, successes, failures, want failures, want last failure)
    type Case<'a> = (&'a str, BackoffRecord, &'a [i64], &'a [i64], i32, Option<i64>);
    let cases: [Case; 8] = [
        ("Empty backoff store and one new failure", BackoffRecord::default(), &[], &[0], 1, Some(0)),
        ("Empty backoff store and two new failures", BackoffRecord::default(), &[], &[0, -1], 2, Some(0)),
        ("Empty backoff store, two failures followed by success", BackoffRecord::default(), &[0], &[-2, -1], 0, None),
        (
            "Empty backoff store, two failures, one success and two more failures",
            BackoffRecord::default(),
            &[-2],
            &[0, -4, -3, -1],
            2,
            Some(0),
        ),
        (
            "Backoff store having failure count 2 and one new failure",
            BackoffRecord { failures_after_last_success: 2, last_failure_time: None },
            &[],
            &[0],
            3,
            Some(0),
        ),
        (
            "Empty backoff store with success and failure at same timestamp",
            BackoffRecord::default(),
            &[0],
            &[0],
            0,
            None,
        ),
        ("Empty backoff store with no success/failure", BackoffRecord::default(), &[], &[], 0, None),
        ("Empty backoff store with one success", BackoffRecord::default(), &[0], &[], 0, None),
    ];
    for (name, old, succeeded, failed, want_failures, want_last) in cases {
        let s: Vec<Pod> = succeeded.iter().map(|d| finished_pod("Succeeded", T + d)).collect();
        let f: Vec<Pod> = failed.iter().map(|d| finished_pod("Failed", T + d)).collect();
        let s: Vec<&Pod> = s.iter().collect();
        let f: Vec<&Pod> = f.iter().collect();
        let got = new_backoff_record(&old, &s, &f);
        let want = BackoffRecord {
            failures_after_last_success: want_failures,
            last_failure_time: want_last.map(|d| Time(T + d)),
        };
        assert_eq!(got, want, "{name}");
        // Rebuilding from the same pods one by one agrees when the store starts empty.
        if old == BackoffRecord::default() {
            assert_eq!(record_from_counted(&s, &f), want, "{name} (rebuilt)");
        }
    }
}

// Table following backoff_utils_test.go TestGetRemainingBackoffTime (base 5s, cap 700s).
#[test]
fn remaining_time_doubles_per_failure_up_to_the_cap() {
    let cases: [(&str, i32, Option<i64>, i64, u64); 8] = [
        ("no failures", 0, None, 0, 0),
        ("one failure; current time and failure time are same", 1, Some(T), T, 5_000),
        ("one failure; current time == 1 second + failure time", 1, Some(T), T + 1_000, 4_000),
        ("one failure; current time == expected backoff time", 1, Some(T), T + 5_000, 0),
        ("one failure; current time == expected backoff time + 1 Second", 1, Some(T), T + 6_000, 0),
        ("three failures; current time and failure time are same", 3, Some(T), T, 20_000),
        ("eight failures; backoff not exceeding maxBackoff", 8, Some(T), T, 640_000),
        ("nine failures; backoff exceeding maxBackoff", 9, Some(T), T, 700_000),
    ];
    for (name, failures, last, now, want) in cases {
        let r = BackoffRecord { failures_after_last_success: failures, last_failure_time: last.map(Time) };
        assert_eq!(r.remaining_with(now, 5_000, 700_000), want, "{name}");
    }
}

#[test]
fn the_v1_32_back_off_runs_10s_20s_40s_and_stops_at_ten_minutes() {
    let delays: Vec<u64> = (1..=8).map(backoff_for).collect();
    assert_eq!(delays, [10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000]);
}
