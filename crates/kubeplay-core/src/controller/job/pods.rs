//! The Job's view of its pods: which are its own (claiming by controller reference and
//! selector), which are active, failed or terminating, in which order to delete them, when they
//! finished, and how a new one is made from the template (pkg/controller/controller_utils.go and
//! the pod helpers of job_controller.go and backoff_utils.go).

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::api::batch::Job;
use crate::api::meta::{ObjectMeta, OwnerReference, Time};
use crate::api::pod::{Pod, PodTemplateSpec};
use crate::api::Kind;
use crate::store::Store;

/// The finalizer that keeps a Job's pod until the Job has counted it.
pub const TRACKING_FINALIZER: &str = "batch.kubernetes.io/job-tracking";

/// `hasJobTrackingFinalizer`.
pub fn has_tracking_finalizer(pod: &Pod) -> bool {
    pod.metadata.finalizers.iter().any(|f| f == TRACKING_FINALIZER)
}

/// The pod without the tracking finalizer (`removeTrackingFinalizerPatch`).
pub fn without_tracking_finalizer(pod: &Pod) -> Pod {
    let mut p = pod.clone();
    p.metadata.finalizers.retain(|f| f != TRACKING_FINALIZER);
    p
}

/// `controller.IsPodTerminating`: being deleted and not yet Succeeded or Failed.
pub fn is_terminating(pod: &Pod) -> bool {
    pod.metadata.deletion_timestamp.is_some() && !pod.is_terminal()
}

/// Whether the Job only replaces pods once they are Failed (`onlyReplaceFailedPods`):
/// podReplacementPolicy Failed, or a podFailurePolicy.
pub fn only_replace_failed_pods(job: &Job) -> bool {
    job.spec.pod_replacement_policy.as_deref() == Some("Failed") || job.spec.pod_failure_policy.is_some()
}

/// `isPodFailed`: phase Failed, or (unless only failed pods are replaced) deleted before it
/// succeeded.
pub fn is_pod_failed(pod: &Pod, job: &Job) -> bool {
    if pod.status.phase == "Failed" {
        return true;
    }
    if only_replace_failed_pods(job) {
        return false;
    }
    pod.metadata.deletion_timestamp.is_some() && pod.status.phase != "Succeeded"
}

/// The Job's controller reference for its pods (`metav1.NewControllerRef`).
pub fn controller_ref(job: &Job) -> OwnerReference {
    OwnerReference {
        api_version: "batch/v1".into(),
        kind: "Job".into(),
        name: job.metadata.name.clone(),
        uid: job.metadata.uid.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// What claiming found: the Job's pods (adopted ones with the owner reference and finalizer
/// already added), and the pods to adopt or release. Pods already counted (finished, finalizer
/// removed) are kept apart, succeeded and failed: a long Job has thousands, and a sync only
/// reads them for the back-off record and the pod failure policy.
pub struct Claimed<'a> {
    pub pods: Vec<Cow<'a, Pod>>,
    pub counted_succeeded: Vec<&'a Pod>,
    pub counted_failed: Vec<&'a Pod>,
    pub adopt: Vec<Pod>,
    pub release: Vec<Pod>,
}

impl<'a> Claimed<'a> {
    /// All the Job's pods in the store's order (by name), counted ones included.
    pub fn all(&self) -> Vec<&Pod> {
        let counted = self.counted_succeeded.iter().chain(self.counted_failed.iter()).copied();
        let mut all: Vec<&Pod> = self.pods.iter().map(|p| p.as_ref()).chain(counted).collect();
        all.sort_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
        all
    }
}

/// `getPodsForJob` with `ClaimPods`: pods controlled by the Job stay while its selector matches
/// them (else they are released); orphans it matches are adopted unless either side is being
/// deleted.
pub fn claim_pods<'a>(store: &'a Store, job: &Job) -> Claimed<'a> {
    let uid = &job.metadata.uid;
    let mut out = Claimed {
        pods: Vec::new(),
        counted_succeeded: Vec::new(),
        counted_failed: Vec::new(),
        adopt: Vec::new(),
        release: Vec::new(),
    };
    // The pods of one template share their label map: the selector is matched once per map.
    let mut last: Option<(&BTreeMap<String, String>, bool)> = None;
    let mut matches = |labels: &'a BTreeMap<String, String>| match last {
        Some((seen, matched)) if std::ptr::eq(seen, labels) => matched,
        _ => {
            let matched = job.spec.selector.as_ref().is_some_and(|s| s.matches(labels));
            last = Some((labels, matched));
            matched
        }
    };
    let job_deleting = job.metadata.deletion_timestamp.is_some();
    for obj in store.list_in(Kind::Pod, &job.metadata.namespace) {
        let crate::api::Object::Pod(pod) = obj else { continue };
        let pod: &'a Pod = pod.as_ref();
        match pod.metadata.controller_ref() {
            Some(r) if &r.uid == uid => {
                if job_deleting || matches(&pod.metadata.labels) {
                    if has_tracking_finalizer(pod) {
                        out.pods.push(Cow::Borrowed(pod));
                    } else if pod.status.phase == "Succeeded" {
                        out.counted_succeeded.push(pod);
                    } else if pod.status.phase == "Failed" {
                        out.counted_failed.push(pod);
                    } else {
                        out.pods.push(Cow::Borrowed(pod));
                    }
                } else {
                    let mut released = pod.clone();
                    released.metadata.owner_references.retain(|o| &o.uid != uid);
                    out.release.push(released);
                }
            }
            Some(_) => {}
            None => {
                if !job_deleting && pod.metadata.deletion_timestamp.is_none() && matches(&pod.metadata.labels) {
                    let mut adopted = pod.clone();
                    adopted.metadata.owner_references.push(controller_ref(job));
                    if !has_tracking_finalizer(&adopted) {
                        adopted.metadata.finalizers.push(TRACKING_FINALIZER.into());
                    }
                    out.adopt.push(adopted.clone());
                    out.pods.push(Cow::Owned(adopted));
                }
            }
        }
    }
    out
}

/// `podPhaseToOrdinal` (phases it does not list read as 0).
fn phase_ordinal(phase: &str) -> u8 {
    match phase {
        "Unknown" => 1,
        "Running" => 2,
        _ => 0,
    }
}

fn ready_since(pod: &Pod) -> Option<Time> {
    pod.condition("Ready").filter(|c| c.status == "True").and_then(|c| c.last_transition_time)
}

/// `controller.ActivePods.Less`: `Less` pods are deleted first: unscheduled, then pending, then
/// not ready, then ready for less time, then more restarts, then newer.
pub fn active_pods_less(a: &Pod, b: &Pod) -> Ordering {
    let assigned = |p: &Pod| !p.spec.node_name.is_empty();
    if assigned(a) != assigned(b) {
        return if !assigned(a) { Ordering::Less } else { Ordering::Greater };
    }
    let (pa, pb) = (phase_ordinal(&a.status.phase), phase_ordinal(&b.status.phase));
    if pa != pb {
        return pa.cmp(&pb);
    }
    if a.is_ready() != b.is_ready() {
        return if !a.is_ready() { Ordering::Less } else { Ordering::Greater };
    }
    if a.is_ready() && b.is_ready() {
        // Ready for less time first; a missing time counts as newest.
        let (ta, tb) = (ready_since(a), ready_since(b));
        if ta != tb {
            return match (ta, tb) {
                (None, _) => Ordering::Less,
                (_, None) => Ordering::Greater,
                (Some(x), Some(y)) => y.cmp(&x),
            };
        }
    }
    let (ra, rb) = (a.max_restarts(), b.max_restarts());
    if ra != rb {
        return rb.cmp(&ra);
    }
    let (ca, cb) = (a.metadata.creation_timestamp, b.metadata.creation_timestamp);
    if ca != cb {
        return match (ca, cb) {
            (None, _) => Ordering::Less,
            (_, None) => Ordering::Greater,
            (Some(x), Some(y)) => y.cmp(&x),
        };
    }
    Ordering::Equal
}

/// `getFinishedTime`: when the last container finished, else when Ready turned False, else the
/// deletion time minus the grace period, else creation.
pub fn finished_time(pod: &Pod) -> Time {
    // The latest finish, if every container has finished.
    let mut last: Option<Time> = None;
    for c in &pod.status.container_statuses {
        match c.state.terminated.as_ref().and_then(|t| t.finished_at) {
            Some(t) => last = last.max(Some(t)),
            None => {
                last = None;
                break;
            }
        }
    }
    if let Some(t) = last {
        return t;
    }
    if let Some(t) = pod.condition("Ready").filter(|c| c.status == "False").and_then(|c| c.last_transition_time) {
        return t;
    }
    if let Some(t) = pod.metadata.deletion_timestamp {
        return Time(t.0 - pod.metadata.deletion_grace_period_seconds.unwrap_or(0) * 1000);
    }
    pod.metadata.creation_timestamp.unwrap_or_default()
}

/// The sum of restart counts of the containers of Running and Pending pods
/// (`pastBackoffLimitOnFailure`'s measure).
pub fn restarts_of_live_pods(pods: &[&Pod]) -> i32 {
    pods.iter()
        .filter(|p| matches!(p.status.phase.as_str(), "Running" | "Pending"))
        .flat_map(|p| p.status.init_container_statuses.iter().chain(p.status.container_statuses.iter()))
        .map(|c| c.restart_count)
        .sum()
}

/// `GetPodFromTemplate` for a Job: the template's labels, annotations, finalizers (plus the
/// tracking finalizer) and spec, the controller reference, and `generate_name`.
pub fn pod_from_template(job: &Job, template: &PodTemplateSpec, generate_name: String) -> Pod {
    let mut finalizers = template.metadata.finalizers.clone();
    if !finalizers.iter().any(|f| f == TRACKING_FINALIZER) {
        finalizers.push(TRACKING_FINALIZER.into());
    }
    Pod {
        metadata: ObjectMeta {
            generate_name,
            namespace: job.metadata.namespace.clone(),
            labels: template.metadata.labels.clone(),
            annotations: template.metadata.annotations.clone(),
            owner_references: vec![controller_ref(job)],
            finalizers,
            ..ObjectMeta::default()
        },
        spec: template.spec.clone().into(),
        status: Default::default(),
    }
}
