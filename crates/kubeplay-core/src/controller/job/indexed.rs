//! Indexed Jobs (pkg/controller/job/indexed_job_utils.go): completion indexes on pods, the
//! interval lists behind `status.completedIndexes`, which indexes to start next and which
//! duplicates to remove.

use crate::api::batch::Job;
use crate::api::pod::{EnvVar, Pod, PodTemplateSpec};

use super::pods::active_pods_less;

/// The annotation (and, with PodIndexLabel, label) holding a pod's completion index.
pub const COMPLETION_INDEX_ANNOTATION: &str = "batch.kubernetes.io/job-completion-index";
const COMPLETION_INDEX_ENV_NAME: &str = "JOB_COMPLETION_INDEX";
/// `names.MaxGeneratedNameLength`: 63 minus the 5 random characters.
const MAX_GENERATED_NAME_LENGTH: usize = 58;

/// `isIndexedJob`.
pub fn is_indexed(job: &Job) -> bool {
    job.spec.completion_mode.as_deref() == Some("Indexed")
}

/// One run of consecutive indexes, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interval {
    pub first: i64,
    pub last: i64,
}

/// Sorted, non-overlapping, non-adjacent intervals (`orderedIntervals`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrderedIntervals(pub Vec<Interval>);

impl OrderedIntervals {
    /// `withOrderedIndexes`: these plus the sorted `indexes`.
    pub fn with_ordered_indexes(&self, indexes: &[i64]) -> OrderedIntervals {
        let new: Vec<Interval> = indexes.iter().map(|&i| Interval { first: i, last: i }).collect();
        self.merge(&OrderedIntervals(new))
    }

    /// `merge`.
    pub fn merge(&self, other: &OrderedIntervals) -> OrderedIntervals {
        let mut result: Vec<Interval> = Vec::new();
        let mut push = |iv: Interval| match result.last_mut() {
            Some(last) if iv.first <= last.last + 1 => {
                if last.last < iv.last {
                    last.last = iv.last;
                }
            }
            _ => result.push(iv),
        };
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            if a[i].first < b[j].first {
                push(a[i]);
                i += 1;
            } else {
                push(b[j]);
                j += 1;
            }
        }
        a[i..].iter().for_each(|iv| push(*iv));
        b[j..].iter().for_each(|iv| push(*iv));
        OrderedIntervals(result)
    }

    /// `total`: how many indexes.
    pub fn total(&self) -> i64 {
        self.0.iter().map(|iv| iv.last - iv.first + 1).sum()
    }

    /// `has`.
    pub fn has(&self, ix: i64) -> bool {
        let pos = self.0.partition_point(|iv| iv.last < ix);
        self.0.get(pos).is_some_and(|iv| iv.first <= ix)
    }

    /// `parseIndexesFromString`: `1,3-5,7`; corrupted parts are skipped, indexes at or past
    /// `completions` dropped.
    pub fn parse(s: &str, completions: i64) -> OrderedIntervals {
        let mut result: Vec<Interval> = Vec::new();
        if s.is_empty() {
            return OrderedIntervals(result);
        }
        for part in s.split(',') {
            let limits: Vec<&str> = part.split('-').collect();
            let Some(Ok(first)) = limits.first().map(|l| l.parse::<i64>()) else { continue };
            if first >= completions {
                break;
            }
            let last = match limits.get(1) {
                Some(l) => match l.parse::<i64>() {
                    Ok(v) => v.min(completions - 1),
                    Err(_) => continue,
                },
                None => first,
            };
            match result.last_mut() {
                Some(prev) if prev.last == first - 1 => prev.last = last,
                _ => result.push(Interval { first, last }),
            }
        }
        OrderedIntervals(result)
    }
}

impl std::fmt::Display for OrderedIntervals {
    /// `String`: `0-2,4,6,7` (two adjacent indexes are written with a comma).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, iv) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{}", iv.first)?;
            if iv.last > iv.first {
                let sep = if iv.last == iv.first + 1 { "," } else { "-" };
                write!(f, "{sep}{}", iv.last)?;
            }
        }
        Ok(())
    }
}

/// `getCompletionIndex`: the index in the annotation, or `None` when missing or malformed.
pub fn completion_index(pod: &Pod) -> Option<i64> {
    let v = pod.metadata.annotations.get(COMPLETION_INDEX_ANNOTATION)?;
    v.parse::<i64>().ok().filter(|i| *i >= 0)
}

/// Whether the pod has an index below `completions` (what counts for an Indexed Job).
pub fn valid_index(pod: &Pod, completions: i64) -> Option<i64> {
    completion_index(pod).filter(|i| *i < completions)
}

/// `calculateSucceededIndexes`: the indexes recorded in status, and those plus the indexes of
/// succeeded pods not yet counted.
pub fn calculate_succeeded_indexes(job: &Job, pods: &[&Pod], completions: i64) -> (OrderedIntervals, OrderedIntervals) {
    let prev = OrderedIntervals::parse(job.status.completed_indexes.as_deref().unwrap_or(""), completions);
    let mut new: Vec<i64> = pods
        .iter()
        .filter(|p| p.status.phase == "Succeeded" && super::pods::has_tracking_finalizer(p))
        .filter_map(|p| valid_index(p, completions))
        .collect();
    new.sort_unstable();
    new.dedup();
    let result = prev.with_ordered_indexes(&new);
    (prev, result)
}

/// `firstPendingIndexes`: the lowest `count` indexes that are neither succeeded nor running
/// (nor terminating, when only failed pods are replaced).
pub fn first_pending_indexes(
    active: &[&Pod],
    terminating: &[&Pod],
    succeeded: &OrderedIntervals,
    count: i64,
    completions: i64,
) -> Vec<i64> {
    if count <= 0 {
        return Vec::new();
    }
    let indexes = |pods: &[&Pod]| -> Vec<i64> {
        let mut v: Vec<i64> = pods.iter().filter_map(|p| completion_index(p)).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let non_pending = succeeded.with_ordered_indexes(&indexes(active)).with_ordered_indexes(&indexes(terminating));
    let mut result = Vec::new();
    let mut candidate = 0;
    for iv in &non_pending.0 {
        while candidate < completions && (result.len() as i64) < count && candidate < iv.first {
            result.push(candidate);
            candidate += 1;
        }
        if candidate < iv.last + 1 {
            candidate = iv.last + 1;
        }
    }
    while candidate < completions && (result.len() as i64) < count {
        result.push(candidate);
        candidate += 1;
    }
    result
}

/// `appendDuplicatedIndexPodsForRemoval`: pods without a valid index, pods past `completions`,
/// and all but one pod of each repeated index (the one kept is the last in `ActivePods` order).
/// Returns (to remove, to keep).
pub fn duplicated_index_pods<'a>(pods: &[&'a Pod], completions: i64) -> (Vec<&'a Pod>, Vec<&'a Pod>) {
    let mut sorted: Vec<&Pod> = pods.to_vec();
    sorted.sort_by_key(|p| completion_index(p).unwrap_or(-1));
    let (mut rm, mut left) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < sorted.len() {
        let ix = completion_index(sorted[i]);
        if ix.is_some_and(|x| x >= completions) {
            rm.extend_from_slice(&sorted[i..]);
            break;
        }
        let mut j = i;
        while j < sorted.len() && completion_index(sorted[j]) == ix {
            j += 1;
        }
        let mut same: Vec<&Pod> = sorted[i..j].to_vec();
        match ix {
            None => rm.extend(same),
            Some(_) if same.len() == 1 => left.extend(same),
            Some(_) => {
                same.sort_by(|a, b| active_pods_less(a, b));
                if let Some(keep) = same.pop() {
                    rm.extend(same);
                    left.push(keep);
                }
            }
        }
        i = j;
    }
    (rm, left)
}

/// What an Indexed Job's pod gets for its index: the annotation and label, the hostname, and the
/// `JOB_COMPLETION_INDEX` variable in every container (`addCompletionIndex*`).
pub fn add_completion_index(template: &mut PodTemplateSpec, job_name: &str, index: i64) {
    let value = index.to_string();
    template.metadata.annotations.insert(COMPLETION_INDEX_ANNOTATION.into(), value.clone());
    template.metadata.labels.insert(COMPLETION_INDEX_ANNOTATION.into(), value);
    template.spec.hostname = format!("{job_name}-{index}");
}

/// `addCompletionIndexEnvVariables`: the variable reads the index label (PodIndexLabel is on).
pub fn add_completion_index_env(template: &mut PodTemplateSpec) {
    let containers = template.spec.init_containers.iter_mut().chain(template.spec.containers.iter_mut());
    for c in containers {
        if c.env.iter().any(|e| e.name == COMPLETION_INDEX_ENV_NAME) {
            continue;
        }
        c.env.push(EnvVar {
            name: COMPLETION_INDEX_ENV_NAME.into(),
            value: String::new(),
            value_from: Some(crate::json::json!({
                "fieldRef": {"fieldPath": format!("metadata.labels['{COMPLETION_INDEX_ANNOTATION}']")}
            })),
        });
    }
}

/// `podGenerateNameWithIndex`: `<job>-<index>-`, the job name cut so it fits.
pub fn generate_name_with_index(job_name: &str, index: i64) -> String {
    let append = format!("-{index}-");
    let prefix = format!("{job_name}{append}");
    if prefix.len() > MAX_GENERATED_NAME_LENGTH {
        let keep = MAX_GENERATED_NAME_LENGTH.saturating_sub(append.len());
        let cut: String = job_name.chars().take(keep).collect();
        return format!("{cut}{append}");
    }
    prefix
}
