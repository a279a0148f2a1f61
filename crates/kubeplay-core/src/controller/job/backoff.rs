//! The pod-failure back-off (pkg/controller/job/backoff_utils.go): how many pods failed since the
//! last success and when the last one failed, and how long to wait before the next pod: 10s,
//! doubled for each further failure, at most 10 minutes.
//!
//! Upstream keeps the record in the controller's memory and updates it with the pods counted in
//! each sync. kubeplay's controllers keep no memory, so the record is rebuilt from the Job's pods
//! still in the store: every finished pod in the order it finished, a success resetting the count.
//! Failed pods stay until the Job is deleted, so this agrees with upstream except for pods deleted
//! by a user before they failed, which are forgotten once they are gone.

use crate::api::meta::Time;
use crate::api::pod::Pod;
use crate::sim::SimTime;

use super::pods::finished_time;

/// `DefaultJobPodFailureBackOff`.
pub const DEFAULT_BACKOFF_MS: SimTime = 10_000;
/// `MaxJobPodFailureBackOff` (v1.28 onwards; v1.26 and before capped at 6 minutes).
pub const MAX_BACKOFF_MS: SimTime = 600_000;

/// `backoffRecord`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BackoffRecord {
    pub failures_after_last_success: i32,
    pub last_failure_time: Option<Time>,
}

/// Rebuilds the record from the pods already counted (finalizer gone), succeeded and failed, each
/// in any order: follows `newBackoffRecord` applied to each pod as it finished, so the failures
/// after the last success count (a failure at the same instant as a success counts as before it,
/// as upstream compares). Most counted pods of a long Job succeeded: their finish times are read
/// only when some counted pod failed.
pub fn record_from_counted(succeeded: &[&Pod], failed: &[&Pod]) -> BackoffRecord {
    let mut record = BackoffRecord::default();
    if failed.is_empty() {
        return record;
    }
    let last_success = succeeded.iter().map(|p| finished_time(p)).max();
    for t in failed.iter().map(|p| finished_time(p)) {
        if last_success.is_some_and(|s| t <= s) {
            continue;
        }
        record.failures_after_last_success += 1;
        record.last_failure_time = record.last_failure_time.max(Some(t));
    }
    record
}

/// Follows `newBackoffRecord`: the record updated with the pods newly counted in one sync.
pub fn new_backoff_record(old: &BackoffRecord, succeeded: &[&Pod], failed: &[&Pod]) -> BackoffRecord {
    let mut s: Vec<Time> = succeeded.iter().map(|p| finished_time(p)).collect();
    let mut f: Vec<Time> = failed.iter().map(|p| finished_time(p)).collect();
    s.sort();
    f.sort();
    let Some(last_success) = s.last() else {
        let Some(last_failure) = f.last() else { return old.clone() };
        return BackoffRecord {
            failures_after_last_success: old.failures_after_last_success + f.len() as i32,
            last_failure_time: Some(*last_failure),
        };
    };
    let mut record = BackoffRecord::default();
    for t in f.iter().rev() {
        if t <= last_success {
            break;
        }
        if record.last_failure_time.is_none() {
            record.last_failure_time = Some(*t);
        }
        record.failures_after_last_success += 1;
    }
    record
}

/// The back-off after `failures` consecutive failures: 10s doubled per failure after the first,
/// capped at 10 minutes.
pub fn backoff_for(failures: i32) -> SimTime {
    backoff_with(failures, DEFAULT_BACKOFF_MS, MAX_BACKOFF_MS)
}

/// `getRemainingTimeForFailuresCount`'s doubling loop.
fn backoff_with(failures: i32, default: SimTime, max: SimTime) -> SimTime {
    let mut d = default;
    for _ in 1..failures.max(1) {
        d *= 2;
        if d >= max {
            return max;
        }
    }
    d
}

impl BackoffRecord {
    /// `getRemainingTime`: how long until the next pod may be created; `now_ms` is Unix
    /// milliseconds.
    pub fn remaining(&self, now_ms: i64) -> SimTime {
        self.remaining_with(now_ms, DEFAULT_BACKOFF_MS, MAX_BACKOFF_MS)
    }

    /// Follows `getRemainingTimeForFailuresCount` with the given base and cap.
    fn remaining_with(&self, now_ms: i64, default: SimTime, max: SimTime) -> SimTime {
        if self.failures_after_last_success == 0 {
            return 0;
        }
        let Some(last) = self.last_failure_time else { return 0 };
        let backoff = backoff_with(self.failures_after_last_success, default, max);
        let elapsed = u64::try_from(now_ms - last.0).unwrap_or(0);
        backoff.saturating_sub(elapsed)
    }
}

#[cfg(test)]
mod tests;
