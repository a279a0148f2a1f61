//! Which pods a controller deletes first: the ReplicaSet's `ActivePodsWithRanks` order (with
//! pod-deletion-cost, co-located ranks and logarithmic time buckets) and the Job's plain
//! `ActivePods` order (pkg/controller/controller_utils.go), plus the words that explain a choice.
//!
//! Go sorts with `sort.Sort`, which tolerates an order that is not transitive (the log-bucket
//! rules can make one). Rust's slice sorts may panic on such an order, so pods are sorted here by
//! a merge sort that accepts any `less`.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::api::meta::{Time, EPOCH_UNIX_MS};
use crate::api::pod::Pod;
use crate::sim::{format_go_duration, SimTime};

/// `core.PodDeletionCost`: pods with a lower cost are deleted first.
pub const POD_DELETION_COST: &str = "controller.kubernetes.io/pod-deletion-cost";

/// Which of the two upstream orders to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ranking {
    /// `ActivePodsWithRanks` (ReplicaSet): deletion cost, co-located rank, and times compared in
    /// log2 buckets of their age at `now`, ties broken by uid.
    WithRanks { now: Time },
    /// `ActivePods` (Job): no cost, no rank, times compared exactly.
    Plain,
}

/// The wall-clock timestamp of virtual time `now`, with its milliseconds (`metav1.Now()`).
pub fn precise_now(now: SimTime) -> Time {
    Time(EPOCH_UNIX_MS.saturating_add(i64::try_from(now).unwrap_or(i64::MAX)))
}

/// The rule that told two pods apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// 1. Unassigned < assigned.
    Unassigned,
    /// 2. Pending < Unknown < Running.
    Phase,
    /// 3. Not ready < ready.
    NotReady,
    /// 4. Lower pod-deletion-cost < higher (ranked order only).
    DeletionCost,
    /// 5. More related pods on the same node < fewer (ranked order only).
    Colocated,
    /// 6. Ready for a shorter time < longer.
    ReadyTime,
    /// 6, same log2 bucket: the lower uid goes first.
    ReadyTimeUid,
    /// 7. More container restarts < fewer.
    Restarts,
    /// 8. Created more recently < older.
    Created,
    /// 8, same log2 bucket: the lower uid goes first.
    CreatedUid,
}

/// What the ranking reads from one pod, gathered once.
#[derive(Clone, Copy, Debug)]
pub struct RankKey<'a> {
    pub pod: &'a Pod,
    /// Active related pods on the pod's node, the pod included (0 when ranks do not apply).
    pub rank: usize,
    assigned: bool,
    phase: u8,
    ready: bool,
    /// When the Ready condition became True; None is Go's zero time.
    ready_time: Option<Time>,
    cost: i32,
    restarts: i32,
    created: Option<Time>,
}

impl<'a> RankKey<'a> {
    pub fn new(pod: &'a Pod, rank: usize) -> RankKey<'a> {
        let ready = pod.is_ready();
        RankKey {
            pod,
            rank,
            assigned: !pod.spec.node_name.is_empty(),
            phase: phase_ordinal(&pod.status.phase),
            ready,
            ready_time: if ready { pod_ready_time(pod) } else { None },
            cost: deletion_cost(&pod.metadata.annotations),
            restarts: pod.max_restarts(),
            created: pod.metadata.creation_timestamp,
        }
    }
}

/// `podPhaseToOrdinal`; phases it does not list count as Pending (Go's zero value).
fn phase_ordinal(phase: &str) -> u8 {
    match phase {
        "Unknown" => 1,
        "Running" => 2,
        _ => 0,
    }
}

/// `podReadyTime`: when the Ready=True condition last changed.
fn pod_ready_time(pod: &Pod) -> Option<Time> {
    pod.status.conditions.iter().find(|c| c.type_ == "Ready" && c.status == "True").and_then(|c| c.last_transition_time)
}

/// `helper.GetDeletionCostFromPodAnnotations`: an int32 without a plus sign or leading zeros;
/// anything else counts as 0.
pub fn deletion_cost(annotations: &BTreeMap<String, String>) -> i32 {
    let Some(value) = annotations.get(POD_DELETION_COST) else { return 0 };
    let valid_first = match value.as_bytes().first() {
        Some(b'-') | Some(b'1'..=b'9') => true,
        Some(b'0') => value == "0",
        _ => false,
    };
    if !valid_first {
        return 0;
    }
    value.parse::<i32>().unwrap_or(0)
}

/// `afterOrZero`: whether `t1` is after `t2`, a zero time counting as after any other.
fn after_or_zero(t1: Option<Time>, t2: Option<Time>) -> bool {
    match (t1, t2) {
        (Some(a), Some(b)) => a > b,
        (a, _) => a.is_none(),
    }
}

/// floor(log2(age in nanoseconds)), or -1 for an age of zero or less.
fn log2_bucket(t: Time, now: Time) -> i64 {
    let ns = now.0.saturating_sub(t.0).saturating_mul(1_000_000);
    if ns <= 0 {
        -1
    } else {
        63 - i64::from(ns.leading_zeros())
    }
}

/// `logarithmicRankDiff`.
fn logarithmic_rank_diff(t1: Time, t2: Time, now: Time) -> i64 {
    log2_bucket(t1, now) - log2_bucket(t2, now)
}

/// Compares two times the way rules 6 and 8 do: `Some(true)` when `a`'s time puts it first.
/// Returns the rule variant that decided (exact or uid tie-break).
fn compare_times(
    ta: Option<Time>,
    tb: Option<Time>,
    a: &RankKey,
    b: &RankKey,
    ranking: Ranking,
    exact: Rule,
    uid: Rule,
) -> Option<(Rule, bool)> {
    if ta == tb {
        return None;
    }
    match (ranking, ta, tb) {
        (Ranking::WithRanks { now }, Some(x), Some(y)) => {
            let diff = logarithmic_rank_diff(x, y, now);
            if diff == 0 {
                Some((uid, a.pod.metadata.uid < b.pod.metadata.uid))
            } else {
                Some((exact, diff < 0))
            }
        }
        _ => Some((exact, after_or_zero(ta, tb))),
    }
}

/// The first rule that tells `a` and `b` apart and whether it puts `a` first
/// (`ActivePodsWithRanks.Less` or `ActivePods.Less`); None when they are equal.
pub fn decide(a: &RankKey, b: &RankKey, ranking: Ranking) -> Option<(Rule, bool)> {
    if a.assigned != b.assigned {
        return Some((Rule::Unassigned, !a.assigned));
    }
    if a.phase != b.phase {
        return Some((Rule::Phase, a.phase < b.phase));
    }
    if a.ready != b.ready {
        return Some((Rule::NotReady, !a.ready));
    }
    if let Ranking::WithRanks { .. } = ranking {
        if a.cost != b.cost {
            return Some((Rule::DeletionCost, a.cost < b.cost));
        }
        if a.rank != b.rank {
            return Some((Rule::Colocated, a.rank > b.rank));
        }
    }
    if a.ready && b.ready {
        if let Some(v) = compare_times(a.ready_time, b.ready_time, a, b, ranking, Rule::ReadyTime, Rule::ReadyTimeUid) {
            return Some(v);
        }
    }
    if a.restarts != b.restarts {
        return Some((Rule::Restarts, a.restarts > b.restarts));
    }
    compare_times(a.created, b.created, a, b, ranking, Rule::Created, Rule::CreatedUid)
}

/// Whether `a` should be deleted before `b`.
pub fn less(a: &RankKey, b: &RankKey, ranking: Ranking) -> bool {
    decide(a, b, ranking).is_some_and(|(_, a_first)| a_first)
}

/// Sorts `keys` so the pods to delete first come first (`sort.Sort` over the ranking).
pub fn sort_for_deletion(keys: Vec<RankKey<'_>>, ranking: Ranking) -> Vec<RankKey<'_>> {
    merge_sort(keys, &|a: &RankKey, b: &RankKey| less(a, b, ranking))
}

/// A stable merge sort that accepts any `less`, consistent or not.
pub fn merge_sort<T>(items: Vec<T>, less: &impl Fn(&T, &T) -> bool) -> Vec<T> {
    if items.len() <= 1 {
        return items;
    }
    let mut left = items;
    let right = left.split_off(left.len() / 2);
    let left = merge_sort(left, less);
    let right = merge_sort(right, less);
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut l = left.into_iter().peekable();
    let mut r = right.into_iter().peekable();
    loop {
        let take_right = match (l.peek(), r.peek()) {
            (Some(a), Some(b)) => less(b, a),
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (None, None) => break,
        };
        let next = if take_right { r.next() } else { l.next() };
        out.extend(next);
    }
    out
}

/// The same ordering as a `std::cmp::Ordering`, for callers that only need a comparison.
pub fn compare(a: &RankKey, b: &RankKey, ranking: Ranking) -> Ordering {
    match decide(a, b, ranking) {
        Some((_, true)) => Ordering::Less,
        Some((_, false)) => Ordering::Greater,
        None => Ordering::Equal,
    }
}

fn age(t: Option<Time>, now: Time) -> String {
    match t {
        Some(t) => format_go_duration(u64::try_from(now.0.saturating_sub(t.0)).unwrap_or(0)),
        None => "an unknown time".into(),
    }
}

fn phase_name(pod: &Pod) -> &str {
    if pod.status.phase.is_empty() {
        "Pending"
    } else {
        &pod.status.phase
    }
}

/// Why `victim` went before `kept` (the first pod kept), in a few words with the numbers.
pub fn explain(victim: &RankKey, kept: &RankKey, ranking: Ranking) -> String {
    let k = &kept.pod.metadata.name;
    let now = match ranking {
        Ranking::WithRanks { now } => now,
        Ranking::Plain => Time::default(),
    };
    match decide(victim, kept, ranking) {
        None => format!("it ties with {k} on every rule"),
        Some((_, false)) => format!("it ties with {k} where the order is not consistent"),
        Some((rule, true)) => match rule {
            Rule::Unassigned => format!("it is not scheduled to a node yet and {k} is"),
            Rule::Phase => format!("it is {} and {k} is {}", phase_name(victim.pod), phase_name(kept.pod)),
            Rule::NotReady => format!("it is not ready and {k} is ready"),
            Rule::DeletionCost => {
                format!("its pod-deletion-cost {} is lower than {k}'s {}", victim.cost, kept.cost)
            }
            Rule::Colocated => format!(
                "{} related pods share its node {}, {} share {k}'s node {}",
                victim.rank, victim.pod.spec.node_name, kept.rank, kept.pod.spec.node_name
            ),
            Rule::ReadyTime => match victim.ready_time {
                None => format!("its Ready condition has no time, which counts as newest, and {k} has one"),
                t => format!("it has been ready for {}, less than {k} ({})", age(t, now), age(kept.ready_time, now)),
            },
            Rule::ReadyTimeUid => format!(
                "it has been ready for {} and {k} for {}, the same on a log2 scale, and its uid sorts first",
                age(victim.ready_time, now),
                age(kept.ready_time, now)
            ),
            Rule::Restarts => {
                let n = victim.restarts;
                let plural = if n == 1 { "" } else { "s" };
                format!("it has {n} restart{plural}, more than {k} ({})", kept.restarts)
            }
            Rule::Created => match victim.created {
                None => format!("it has no creation time, which counts as newest, and {k} has one"),
                t => format!("it is newer: created {} ago, {k} {} ago", age(t, now), age(kept.created, now)),
            },
            Rule::CreatedUid => format!(
                "it was created {} ago and {k} {} ago, the same on a log2 scale, and its uid sorts first",
                age(victim.created, now),
                age(kept.created, now)
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::{ContainerStatus, PodCondition};

    const HOUR: i64 = 3_600_000;

    fn t(ms: i64) -> Option<Time> {
        Some(Time(ms))
    }

    #[allow(clippy::too_many_arguments)]
    fn pod(
        name: &str,
        node: &str,
        phase: &str,
        ready: bool,
        restarts: i32,
        ready_since: Option<Time>,
        created: Option<Time>,
        cost: Option<&str>,
    ) -> Pod {
        let mut p = Pod::default();
        p.metadata.name = name.into();
        p.metadata.creation_timestamp = created;
        if let Some(c) = cost {
            p.metadata.annotations.insert(POD_DELETION_COST.into(), c.into());
        }
        p.spec.node_name = node.into();
        p.status.phase = phase.into();
        if ready {
            p.status.conditions.push(PodCondition {
                type_: "Ready".into(),
                status: "True".into(),
                last_transition_time: ready_since,
                ..PodCondition::default()
            });
            p.status.container_statuses.push(ContainerStatus { restart_count: restarts, ..ContainerStatus::default() });
        }
        p
    }

    // Upstream: TestSortingActivePodsWithRanks (the pods and both tables).
    #[test]
    #[allow(clippy::type_complexity)]
    fn ranked_order_matches_upstreams_equality_and_inequality_tables() {
        let now = Time(EPOCH_UNIX_MS + 400 * 24 * HOUR);
        let month = t(now.0 - 31 * 24 * HOUR);
        let h2 = t(now.0 - 2 * HOUR);
        let h5 = t(now.0 - 5 * HOUR);
        let h8 = t(now.0 - 8 * HOUR);
        let n = Some(now);
        let unscheduled = pod("unscheduled", "", "Pending", false, 0, None, None, None);
        let pending = pod("pending", "node", "Pending", false, 0, None, None, None);
        let unknown = pod("unknown-phase", "node", "Unknown", false, 0, None, None, None);
        let not_ready = pod("not-ready", "node", "Running", false, 0, None, None, None);
        let ready_no_ltt = pod("ready-no-last-transition-time", "node", "Running", true, 0, None, None, None);
        let ready_now = pod("ready-now", "node", "Running", true, 0, n, n, None);
        let ready_then = pod("ready-then", "node", "Running", true, 0, month, month, None);
        let high_restarts = pod("ready-high-restarts", "node", "Running", true, 9001, n, n, None);
        let created_then = pod("ready-now-created-then", "node", "Running", true, 0, n, month, None);
        let low_cost = pod("low-deletion-cost", "node", "Running", true, 0, n, month, Some("10"));
        let high_cost = pod("high-deletion-cost", "node", "Running", true, 0, n, month, Some("100"));
        let unscheduled5 = pod("unscheduled-5-hours", "", "Pending", false, 0, h5, h5, None);
        let unscheduled8 = pod("unscheduled-10-hours", "", "Pending", false, 0, h8, h8, None);
        let ready2 = pod("ready-2-hours", "", "Running", true, 0, h2, month, None);
        let ready5 = pod("ready-5-hours", "", "Running", true, 0, h5, month, None);
        let ready8 = pod("ready-10-hours", "", "Running", true, 0, h8, month, None);
        let ranking = Ranking::WithRanks { now };

        let equal: [(&Pod, &Pod); 11] = [
            (&unscheduled, &unscheduled),
            (&pending, &pending),
            (&unknown, &unknown),
            (&not_ready, &not_ready),
            (&created_then, &created_then),
            (&ready_now, &ready_now),
            (&ready_then, &ready_then),
            (&high_restarts, &high_restarts),
            (&created_then, &created_then),
            (&unscheduled5, &unscheduled8),
            (&ready5, &ready8),
        ];
        for (a, b) in equal {
            let (ka, kb) = (RankKey::new(a, 1), RankKey::new(b, 1));
            assert!(!less(&ka, &kb, ranking) && !less(&kb, &ka, ranking), "{} vs {}", a.metadata.name, b.metadata.name);
        }

        let unequal: [((&Pod, usize), (&Pod, usize)); 15] = [
            ((&unscheduled, 1), (&pending, 2)),
            ((&unscheduled, 2), (&pending, 1)),
            ((&pending, 1), (&unknown, 2)),
            ((&unknown, 1), (&not_ready, 2)),
            ((&not_ready, 1), (&ready_no_ltt, 1)),
            ((&ready_no_ltt, 1), (&ready_now, 1)),
            ((&ready_now, 2), (&ready_no_ltt, 1)),
            ((&ready_now, 1), (&ready_then, 1)),
            ((&ready_now, 2), (&ready_then, 1)),
            ((&high_restarts, 1), (&ready_now, 1)),
            ((&ready_now, 2), (&high_restarts, 1)),
            ((&ready_now, 1), (&created_then, 1)),
            ((&created_then, 2), (&ready_now, 1)),
            ((&low_cost, 2), (&high_cost, 1)),
            ((&ready2, 1), (&ready5, 1)),
        ];
        for ((a, ra), (b, rb)) in unequal {
            let (ka, kb) = (RankKey::new(a, ra), RankKey::new(b, rb));
            assert!(
                less(&ka, &kb, ranking),
                "{} (rank {ra}) should go before {} (rank {rb})",
                a.metadata.name,
                b.metadata.name
            );
            assert!(!less(&kb, &ka, ranking), "{} should not go before {}", b.metadata.name, a.metadata.name);
        }
    }

    // Upstream: TestSortingActivePods ("Sorts by active pod"), every input order.
    #[test]
    fn the_plain_order_sorts_upstreams_nine_pods_from_any_starting_order() {
        let now = EPOCH_UNIX_MS + 400 * 24 * HOUR;
        let then = t(now - 31 * 24 * HOUR);
        let n = t(now);
        let mut lower_restarts = pod("lowerContainerRestartCount", "foo", "Running", true, 2, then, n, None);
        lower_restarts.status.container_statuses.push(ContainerStatus { restart_count: 1, ..Default::default() });
        let mut oldest = pod("oldest", "foo", "Running", true, 2, then, then, None);
        oldest.status.container_statuses.push(ContainerStatus { restart_count: 1, ..Default::default() });
        let three = |name: &str, ltt: Option<Time>| {
            let mut p = pod(name, "foo", "Running", true, 3, ltt, None, None);
            p.status.container_statuses.push(ContainerStatus::default());
            p
        };
        let want = vec![
            pod("unscheduled", "", "Pending", false, 0, None, None, None),
            pod("scheduledButPending", "bar", "Pending", false, 0, None, None, None),
            pod("unknownPhase", "foo", "Unknown", false, 0, None, None, None),
            pod("runningButNotReady", "foo", "Running", false, 0, None, None, None),
            three("runningNoLastTransitionTime", None),
            three("runningWithLastTransitionTime", n),
            three("runningLongerTime", then),
            lower_restarts,
            oldest,
        ];
        let names = |v: &[RankKey]| v.iter().map(|k| k.pod.metadata.name.clone()).collect::<Vec<_>>();
        let expected: Vec<String> = want.iter().map(|p| p.metadata.name.clone()).collect();
        // Rotations and reversals stand in for upstream's 20 random permutations.
        for shift in 0..want.len() {
            for reverse in [false, true] {
                let mut keys: Vec<RankKey> = want.iter().map(|p| RankKey::new(p, 0)).collect();
                keys.rotate_left(shift);
                if reverse {
                    keys.reverse();
                }
                assert_eq!(
                    names(&sort_for_deletion(keys, Ranking::Plain)),
                    expected,
                    "shift {shift} reverse {reverse}"
                );
            }
        }
    }

    #[test]
    fn deletion_cost_accepts_only_canonical_int32s() {
        let cases = [
            ("10", 10),
            ("-5", -5),
            ("0", 0),
            ("+1", 0),
            ("007", 0),
            ("", 0),
            ("abc", 0),
            ("2147483647", i32::MAX),
            ("2147483648", 0),
            ("-", 0),
        ];
        for (value, want) in cases {
            let annotations = BTreeMap::from([(POD_DELETION_COST.to_string(), value.to_string())]);
            assert_eq!(deletion_cost(&annotations), want, "{value:?}");
        }
        assert_eq!(deletion_cost(&BTreeMap::new()), 0);
    }

    #[test]
    fn log2_buckets_measure_age_in_nanoseconds() {
        let now = Time(1_000_000);
        // 1ms = 1e6 ns: 2^19 = 524288 <= 1e6 < 2^20.
        assert_eq!(log2_bucket(Time(now.0 - 1), now), 19);
        // 5h and 8h share bucket 44, 2h is bucket 42.
        assert_eq!(log2_bucket(Time(now.0 - 5 * HOUR), now), 44);
        assert_eq!(log2_bucket(Time(now.0 - 8 * HOUR), now), 44);
        assert_eq!(log2_bucket(Time(now.0 - 2 * HOUR), now), 42);
        assert_eq!(log2_bucket(now, now), -1);
        assert_eq!(log2_bucket(Time(now.0 + 5), now), -1);
    }

    #[test]
    fn within_one_log2_bucket_the_lower_uid_goes_first_and_exact_times_do_not() {
        let now = Time(EPOCH_UNIX_MS + 100 * HOUR);
        let mut a = pod("a", "n", "Running", true, 0, t(now.0 - 5 * HOUR), None, None);
        let mut b = pod("b", "n", "Running", true, 0, t(now.0 - 7 * HOUR), None, None);
        a.metadata.uid = "zzz".into();
        b.metadata.uid = "aaa".into();
        let (ka, kb) = (RankKey::new(&a, 0), RankKey::new(&b, 0));
        assert_eq!(decide(&ka, &kb, Ranking::WithRanks { now }), Some((Rule::ReadyTimeUid, false)));
        assert_eq!(decide(&kb, &ka, Ranking::WithRanks { now }), Some((Rule::ReadyTimeUid, true)));
        // The Job's order compares the times exactly: the one ready for less time goes first.
        assert_eq!(decide(&ka, &kb, Ranking::Plain), Some((Rule::ReadyTime, true)));
    }

    #[test]
    fn merge_sort_survives_an_order_that_is_not_transitive() {
        // rock < paper < scissors < rock
        let beats = |a: &u8, b: &u8| (*a + 1) % 3 == *b;
        let sorted = merge_sort(vec![0u8, 1, 2, 0, 1, 2, 2, 1, 0], &beats);
        assert_eq!(sorted.len(), 9);
        let mut counts = [0; 3];
        for x in sorted {
            counts[usize::from(x)] += 1;
        }
        assert_eq!(counts, [3, 3, 3]);
        assert_eq!(merge_sort(vec![3, 1, 2], &|a: &i32, b: &i32| a < b), vec![1, 2, 3]);
    }

    #[test]
    fn explanations_name_the_rule_and_the_numbers() {
        let now = Time(EPOCH_UNIX_MS + 10 * HOUR);
        let ranking = Ranking::WithRanks { now };
        let ready = pod("web-ready", "w1", "Running", true, 0, t(now.0 - 120_000), t(now.0 - 130_000), None);
        let not_ready = pod("web-new", "w1", "Running", false, 0, None, t(now.0 - 5_000), None);
        let pending = pod("web-pend", "w2", "Pending", false, 0, None, None, None);
        let unscheduled = pod("web-unsch", "", "Pending", false, 0, None, None, None);
        let restarts = pod("web-crash", "w1", "Running", true, 4, t(now.0 - 120_000), t(now.0 - 130_000), None);
        let cheap = pod("web-cheap", "w1", "Running", true, 0, t(now.0 - 120_000), None, Some("-1"));
        let fresh = pod("web-fresh", "w1", "Running", true, 0, t(now.0 - 1_000), t(now.0 - 1_000), None);
        let k = |p| RankKey::new(p, 1);
        let cases = [
            (k(&not_ready), "it is not ready and web-ready is ready"),
            (k(&pending), "it is Pending and web-ready is Running"),
            (k(&unscheduled), "it is not scheduled to a node yet and web-ready is"),
            (k(&restarts), "it has 4 restarts, more than web-ready (0)"),
            (k(&cheap), "its pod-deletion-cost -1 is lower than web-ready's 0"),
            (k(&fresh), "it has been ready for 1s, less than web-ready (2m0s)"),
            (RankKey::new(&ready, 3), "3 related pods share its node w1, 1 share web-ready's node w1"),
        ];
        for (victim, want) in cases {
            assert_eq!(explain(&victim, &k(&ready), ranking), want);
        }
    }
}
