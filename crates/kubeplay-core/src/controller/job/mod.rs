//! The Job controller (pkg/controller/job/job_controller.go, as in v1.32): runs a Job's pods
//! until enough of them succeed, replacing failed ones after a growing back-off, and ends the Job
//! when it completes, exceeds its back-off limit or deadline, or a pod-failure rule fails it.
//!
//! v1.32 behaviour modelled here: pods carry the `batch.kubernetes.io/job-tracking` finalizer
//! until counted; the terminal `Complete`/`Failed` condition comes after the interim
//! `SuccessCriteriaMet`/`FailureTarget` one, once no pod is terminating; `status.ready` and
//! `status.terminating` are reported; while waiting for the back-off, `status.active` is reported
//! as 0 (an upstream bug fixed after v1.32, kubernetes#139428), so when some pods are ready the
//! apiserver refuses the status update until the back-off has passed.
//!
//! Upstream batches syncs caused by pod events by one second; kubeplay syncs at once.

mod backoff;
mod failure_policy;
pub mod indexed;
pub mod pods;
#[cfg(test)]
mod tests;

use crate::json::put;
use std::collections::BTreeSet;

use crate::json::{json, Value};

use crate::api::batch::{Job, JobCondition};
use crate::api::meta::{Time, EPOCH_UNIX_MS};
use crate::api::pod::Pod;
use crate::api::{Kind, Object};
use crate::sim::{format_go_duration, SimTime};
use crate::store::{Change, ObjRef, Store};

use super::{Action, CreatedEvent, Ctx, EventType, Propagation, Reconcile};
use backoff::{backoff_for, new_backoff_record, record_from_counted, BackoffRecord};
use failure_policy::match_pod_failure_policy;
use indexed::{is_indexed, valid_index, OrderedIntervals};
use pods::{
    claim_pods, has_tracking_finalizer, is_pod_failed, is_terminating, only_replace_failed_pods, pod_from_template,
    restarts_of_live_pods, without_tracking_finalizer,
};

/// `MaxPodCreateDeletePerSync`.
const MAX_POD_CREATE_DELETE_PER_SYNC: usize = 500;
/// `MaxUncountedPods`.
const MAX_UNCOUNTED_PODS: usize = 500;
/// `syncJobBatchPeriod`: the shortest delay of a requeue for the back-off.
const SYNC_JOB_BATCH_PERIOD_MS: SimTime = 1000;
/// `SetDefaults_Job`'s backoffLimit.
const DEFAULT_BACKOFF_LIMIT: i32 = 6;

/// One sync: of a Job, or of a pod whose Job is gone or finished (to drop its finalizer).
pub fn reconcile(ctx: &Ctx, target: &ObjRef) -> Reconcile {
    match target.kind {
        Kind::Job => sync_job(ctx, target),
        Kind::Pod => sync_orphan_pod(ctx, target),
        _ => Reconcile::default(),
    }
}

/// The objects to sync after `change` (the Job and pod event handlers of `NewController`): a
/// Job that changed, the Job controlling a pod that changed, Jobs that may adopt an orphan, and
/// pods that still hold the finalizer while no unfinished Job owns them.
pub fn watch(store: &Store, change: &Change) -> Vec<ObjRef> {
    let mut out = Vec::new();
    match change.obj.kind {
        Kind::Job => {
            out.push(change.obj.clone());
            let (uid, gone_or_finished) = match (&change.new, &change.old) {
                (Some(Object::Job(j)), _) => (j.metadata.uid.clone(), is_finished(j)),
                (None, Some(Object::Job(j))) => (j.metadata.uid.clone(), true),
                _ => (String::new(), false),
            };
            if gone_or_finished {
                for r in store.dependents(&uid) {
                    if r.kind == Kind::Pod
                        && store.pod(&r.key.namespace, &r.key.name).is_some_and(has_tracking_finalizer)
                    {
                        out.push(r.clone());
                    }
                }
            }
        }
        Kind::Pod => {
            let (old, new) = (pod_of(&change.old), pod_of(&change.new));
            for p in [old, new].into_iter().flatten() {
                if let Some(job) = controlling_job(store, p) {
                    let r = ObjRef::new(Kind::Job, &job.metadata.namespace, &job.metadata.name);
                    if !out.contains(&r) {
                        out.push(r);
                    }
                }
            }
            if let Some(p) = new {
                let job = controlling_job(store, p);
                if has_tracking_finalizer(p) && job.is_none_or(is_finished) {
                    let batch_owned = p.metadata.controller_ref().is_none_or(|r| r.kind == "Job");
                    if batch_owned {
                        out.push(change.obj.clone());
                    }
                }
                let labels_changed = old.is_none_or(|o| o.metadata.labels != p.metadata.labels);
                if p.metadata.controller_ref().is_none() && labels_changed {
                    for obj in store.list_in(Kind::Job, &p.metadata.namespace) {
                        let Object::Job(j) = obj else { continue };
                        if j.spec.selector.as_ref().is_some_and(|s| s.matches(&p.metadata.labels)) {
                            out.push(ObjRef::new(Kind::Job, &j.metadata.namespace, &j.metadata.name));
                        }
                    }
                }
            }
        }
        _ => {}
    }
    out
}

fn pod_of(o: &Option<Object>) -> Option<&Pod> {
    match o {
        Some(Object::Pod(p)) => Some(p.as_ref()),
        _ => None,
    }
}

/// `resolveControllerRef`: the Job the pod's controller reference names, if it still exists with
/// that uid.
fn controlling_job<'a>(store: &'a Store, pod: &Pod) -> Option<&'a Job> {
    let r = pod.metadata.controller_ref()?;
    if r.kind != "Job" {
        return None;
    }
    store.job(&pod.metadata.namespace, &r.name).filter(|j| j.metadata.uid == r.uid)
}

/// `IsJobFinished`: a Complete or Failed condition is True.
pub fn is_finished(job: &Job) -> bool {
    job.status.conditions.iter().any(|c| (c.type_ == "Complete" || c.type_ == "Failed") && c.status == "True")
}

/// The condition of `type_` if it is True (`findConditionByType` + status check).
fn condition_true<'a>(job: &'a Job, type_: &str) -> Option<&'a JobCondition> {
    job.status.conditions.iter().find(|c| c.type_ == type_).filter(|c| c.status == "True")
}

/// `newCondition`.
fn new_condition(type_: &str, status: &str, reason: &str, message: &str, now: Time) -> JobCondition {
    JobCondition {
        type_: type_.into(),
        status: status.into(),
        last_probe_time: Some(now),
        last_transition_time: Some(now),
        reason: reason.into(),
        message: message.into(),
    }
}

/// `ensureJobConditionStatus`: sets the condition (replacing it when status, reason or message
/// differ; adding it unless it would be added as False); whether anything changed.
fn ensure_condition(
    conds: &mut Vec<JobCondition>,
    type_: &str,
    status: &str,
    reason: &str,
    msg: &str,
    now: Time,
) -> bool {
    if let Some(c) = conds.iter_mut().find(|c| c.type_ == type_) {
        if c.status != status || c.reason != reason || c.message != msg {
            *c = new_condition(type_, status, reason, msg, now);
            return true;
        }
        return false;
    }
    if status != "False" {
        conds.push(new_condition(type_, status, reason, msg, now));
        return true;
    }
    false
}

/// `status.uncountedTerminatedPods`: uids of finished pods not yet in the counters.
#[derive(Default)]
struct Uncounted {
    succeeded: Vec<String>,
    failed: Vec<String>,
}

impl Uncounted {
    fn read(v: Option<&Value>) -> Uncounted {
        let list = |k: &str| -> Vec<String> {
            v.and_then(|v| v.get(k))
                .and_then(Value::as_array)
                .map_or_else(Vec::new, |a| a.iter().filter_map(Value::as_str).map(String::from).collect())
        };
        Uncounted { succeeded: list("succeeded"), failed: list("failed") }
    }

    fn is_empty(&self) -> bool {
        self.succeeded.is_empty() && self.failed.is_empty()
    }

    fn to_value(&self) -> Value {
        let mut m = crate::json::Map::new();
        if !self.succeeded.is_empty() {
            put(&mut m, "succeeded", json!(self.succeeded));
        }
        if !self.failed.is_empty() {
            put(&mut m, "failed", json!(self.failed));
        }
        Value::Object(m)
    }

    /// `cleanUncountedPodsWithoutFinalizers`: uids whose pod no longer holds the finalizer move
    /// into the counters.
    fn flush(&mut self, job: &mut Job, with_finalizer: &BTreeSet<String>) {
        let before = self.succeeded.len();
        self.succeeded.retain(|u| with_finalizer.contains(u));
        job.status.succeeded += (before - self.succeeded.len()) as i32;
        let before = self.failed.len();
        self.failed.retain(|u| with_finalizer.contains(u));
        job.status.failed += (before - self.failed.len()) as i32;
    }
}

fn ordinal(n: i32) -> String {
    const WORDS: [&str; 10] =
        ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];
    usize::try_from(n - 1).ok().and_then(|i| WORDS.get(i)).map_or_else(|| format!("{n}th"), |w| w.to_string())
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn exit_code(pod: &Pod) -> Option<i32> {
    pod.status
        .container_statuses
        .iter()
        .find_map(|c| c.state.terminated.as_ref().map(|t| t.exit_code).filter(|c| *c != 0))
}

/// How a failed pod failed, for explanations.
fn failure_detail(pod: &Pod) -> String {
    if pod.metadata.deletion_timestamp.is_some() && pod.status.phase != "Failed" {
        return "deleted before it finished".into();
    }
    match exit_code(pod) {
        Some(c) => format!("exit code {c}"),
        None => "failed".into(),
    }
}

/// The pieces of one sync, gathered so that they can be emitted in a safe order: pod updates
/// (which replace the whole pod) before deletions, then creations, then the Job's status.
#[derive(Default)]
struct Plan {
    pod_updates: Vec<Action>,
    deletes: Vec<Action>,
    creates: Vec<Action>,
    events: Vec<Action>,
    notes: Vec<String>,
    requeue: Option<SimTime>,
}

impl Plan {
    fn requeue_after(&mut self, ms: SimTime) {
        self.requeue = Some(self.requeue.map_or(ms, |r| r.min(ms)));
    }

    fn event(&mut self, jr: &ObjRef, type_: EventType, reason: &str, message: &str) {
        self.events.push(Action::Event { involved: jr.clone(), type_, reason: reason.into(), message: message.into() });
    }

    /// `podControl.DeletePod` with its event.
    fn delete_pod(&mut self, jr: &ObjRef, pod: &Pod, why: String) {
        self.deletes.push(Action::Delete {
            target: ObjRef::new(Kind::Pod, &pod.metadata.namespace, &pod.metadata.name),
            uid: pod.metadata.uid.clone(),
            propagation: Propagation::Background,
            grace_seconds: None,
            why,
        });
        self.deletes.push(Action::Event {
            involved: jr.clone(),
            type_: EventType::Normal,
            reason: "SuccessfulDelete".into(),
            message: format!("Deleted pod: {}", pod.metadata.name),
        });
    }
}

/// Follows `syncJob`.
fn sync_job(ctx: &Ctx, target: &ObjRef) -> Reconcile {
    let mut out = Reconcile::default();
    let Some(shared) = ctx.store.job(&target.key.namespace, &target.key.name) else { return out };
    if is_finished(shared) {
        return out;
    }
    let jr = ObjRef::new(Kind::Job, &shared.metadata.namespace, &shared.metadata.name);
    if let Some(mode) = &shared.spec.completion_mode {
        if mode != "NonIndexed" && mode != "Indexed" {
            out.actions.push(Action::Event {
                involved: jr,
                type_: EventType::Warning,
                reason: "UnknownCompletionMode".into(),
                message: "Skipped Job sync because completion mode is unknown".into(),
            });
            return out;
        }
    }
    let now = Time::from_sim(ctx.now);
    let now_ms = EPOCH_UNIX_MS + i64::try_from(ctx.now).unwrap_or(i64::MAX / 2);
    let mut job = shared.clone();
    let mut plan = Plan::default();
    let indexed = is_indexed(&job);
    let completions = job.spec.completions.map(i64::from);
    let backoff_limit = job.spec.backoff_limit.unwrap_or(DEFAULT_BACKOFF_LIMIT);
    let suspended = job.spec.suspend == Some(true);
    let mut uncounted = Uncounted::read(job.status.uncounted_terminated_pods.as_ref());

    let claimed = claim_pods(ctx.store, &job);
    for p in &claimed.adopt {
        plan.pod_updates.push(Action::Update {
            obj: Object::Pod(crate::api::ObjBox::new(p.clone())),
            why: format!("adopted by job/{}: an orphan its selector matches", job.metadata.name),
        });
    }
    for p in &claimed.release {
        plan.pod_updates.push(Action::Update {
            obj: Object::Pod(crate::api::ObjBox::new(p.clone())),
            why: format!("released by job/{}: its labels no longer match the Job's selector", job.metadata.name),
        });
    }
    // The pods not yet counted: the rest are finished and hold no finalizer, so nothing below
    // but the back-off record and the pod failure policy reads them.
    let pods: Vec<&Pod> = claimed.pods.iter().map(|p| p.as_ref()).collect();
    let active_pods: Vec<&Pod> = pods.iter().copied().filter(|p| p.is_active()).collect();
    let mut ready = active_pods.iter().filter(|p| p.is_ready()).count() as i32;
    let mut terminating = pods.iter().filter(|p| is_terminating(p)).count() as i32;
    let mut active = active_pods.len() as i32;

    // getNewFinishedPods: pods still holding the finalizer and not yet listed as uncounted.
    let countable = |p: &&Pod, listed: &[String]| {
        has_tracking_finalizer(p)
            && !listed.contains(&p.metadata.uid)
            && (!indexed || valid_index(p, completions.unwrap_or(0)).is_some())
    };
    let new_succeeded: Vec<&Pod> =
        pods.iter().copied().filter(|p| countable(p, &uncounted.succeeded) && p.status.phase == "Succeeded").collect();
    let new_failed: Vec<&Pod> =
        pods.iter().copied().filter(|p| countable(p, &uncounted.failed) && is_pod_failed(p, &job)).collect();
    let non_ignored = match &job.spec.pod_failure_policy {
        Some(pfp) => new_failed.iter().filter(|p| match_pod_failure_policy(pfp, p).count_failed).count(),
        None => new_failed.len(),
    };
    let mut succeeded = i64::from(job.status.succeeded) + (new_succeeded.len() + uncounted.succeeded.len()) as i64;
    let failed = job.status.failed + (non_ignored + uncounted.failed.len()) as i32;

    if job.status.start_time.is_none() && !suspended {
        job.status.start_time = Some(now);
    }
    let backoff = new_backoff_record(
        &record_from_counted(&claimed.counted_succeeded, &claimed.counted_failed),
        &new_succeeded,
        &new_failed,
    );

    for p in &new_succeeded {
        plan.notes.push(format!("pod {} succeeded", p.metadata.name));
    }
    for p in &new_failed {
        let ignored =
            job.spec.pod_failure_policy.as_ref().is_some_and(|pfp| !match_pod_failure_policy(pfp, p).count_failed);
        let tail = if ignored { " (ignored by the pod failure policy)" } else { "" };
        plan.notes.push(format!("pod {} failed: {}{tail}", p.metadata.name, failure_detail(p)));
    }

    // The finishing decision, in upstream's order.
    let mut finished: Option<JobCondition> = condition_true(&job, "SuccessCriteriaMet").cloned();
    if finished.is_none() {
        if let Some(ft) = condition_true(&job, "FailureTarget") {
            finished = Some(new_condition("Failed", "True", &ft.reason, &ft.message, now));
        } else if let Some(msg) =
            job.spec.pod_failure_policy.as_ref().and_then(|_| fail_job_message(&job, &claimed.all()))
        {
            plan.notes.push(format!("the pod failure policy fails the Job: {msg}"));
            finished = Some(new_condition("FailureTarget", "True", "PodFailurePolicy", &msg, now));
        }
    }
    if finished.is_none() {
        let on_failure = job.spec.template.spec.restart_policy == "OnFailure";
        let restarts = if on_failure { restarts_of_live_pods(&pods) } else { 0 };
        let past_on_failure = on_failure && if backoff_limit == 0 { restarts > 0 } else { restarts >= backoff_limit };
        if failed > backoff_limit || past_on_failure {
            plan.notes.push(if failed > backoff_limit {
                format!(
                    "{} failed, more than backoffLimit {backoff_limit}: the Job fails",
                    plural(failed as usize, "pod")
                )
            } else {
                format!("its containers restarted {restarts} times, backoffLimit {backoff_limit}: the Job fails")
            });
            finished = Some(new_condition(
                "FailureTarget",
                "True",
                "BackoffLimitExceeded",
                "Job has reached the specified backoff limit",
                now,
            ));
        } else if let (Some(ads), Some(start), false) =
            (job.spec.active_deadline_seconds, job.status.start_time, suspended)
        {
            let elapsed = now_ms - start.0;
            let allowed = ads.saturating_mul(1000);
            if elapsed >= allowed {
                plan.notes.push(format!(
                    "active for {} since its start, activeDeadlineSeconds {ads}: the Job fails",
                    format_go_duration(u64::try_from(elapsed).unwrap_or(0))
                ));
                finished = Some(new_condition(
                    "FailureTarget",
                    "True",
                    "DeadlineExceeded",
                    "Job was active longer than specified deadline",
                    now,
                ));
            } else {
                plan.requeue_after(u64::try_from(allowed - elapsed).unwrap_or(0));
            }
        }
    }

    let (prev_indexes, mut succeeded_indexes) = match (indexed, completions) {
        (true, Some(c)) => {
            let (prev, all) = indexed::calculate_succeeded_indexes(&job, &pods, c);
            succeeded = all.total();
            (prev, all)
        }
        _ => (OrderedIntervals::default(), OrderedIntervals::default()),
    };

    if let Some(cond) = &finished {
        // deleteActivePods: the finalizers stay until the pods are counted below.
        let why = format!("job/{} is ending ({}): its active pods are deleted", job.metadata.name, cond.reason);
        for p in &active_pods {
            plan.delete_pod(&jr, p, why.clone());
        }
        let deleted_ready = active_pods.iter().filter(|p| p.is_ready()).count() as i32;
        terminating += active;
        ready -= deleted_ready;
        active = 0;
    } else {
        let manage = job.metadata.deletion_timestamp.is_none();
        if manage {
            let m = Manage {
                jr: &jr,
                job: &job,
                pods: &pods,
                active_pods: &active_pods,
                succeeded,
                succeeded_indexes: &succeeded_indexes,
                backoff: &backoff,
                now_ms,
            };
            let (new_active, removed, removed_ready) = m.manage(&mut plan, terminating);
            active = new_active;
            terminating += removed;
            ready -= removed_ready;
        }
        let complete = match completions {
            None => succeeded > 0 && active == 0,
            Some(c) => succeeded >= c && active == 0,
        };
        if complete {
            plan.notes.push(match completions {
                None => format!("{} succeeded and none is active: the Job succeeds", plural(succeeded as usize, "pod")),
                Some(c) => format!("{succeeded} of {c} completions succeeded: the Job succeeds"),
            });
            finished = Some(new_condition(
                "SuccessCriteriaMet",
                "True",
                "CompletionsReached",
                "Reached expected number of succeeded pods",
                now,
            ));
        } else if manage {
            let conds = &mut job.status.conditions;
            if suspended {
                if ensure_condition(conds, "Suspended", "True", "JobSuspended", "Job suspended", now) {
                    plan.event(&jr, EventType::Normal, "Suspended", "Job suspended");
                    plan.notes.push("suspended: no pods run until spec.suspend is false".into());
                }
            } else if ensure_condition(conds, "Suspended", "False", "JobResumed", "Job resumed", now) {
                plan.event(&jr, EventType::Normal, "Resumed", "Job resumed");
                plan.notes.push("resumed: startTime restarts now, and with it activeDeadlineSeconds".into());
                job.status.start_time = Some(now);
            }
        }
    }

    job.status.active = active;
    job.status.ready = Some(ready);
    job.status.terminating = Some(terminating);
    let finished_now = track_status(
        &mut job,
        &mut plan,
        &Track { pods: &pods, finished, prev_indexes: &prev_indexes, terminating, now },
        &mut uncounted,
        &mut succeeded_indexes,
    );
    job.status.uncounted_terminated_pods = Some(uncounted.to_value());

    // v1.32 reports active 0 while waiting for the back-off; the apiserver refuses a status with
    // more ready than active pods, so then nothing of this sync's status is written.
    if job.status.ready.unwrap_or(0) > job.status.active {
        let wait = backoff.remaining(now_ms);
        out.actions.push(Action::Update {
            obj: Object::Job(crate::api::ObjBox::new(shared.clone())),
            why: format!(
                "waiting {} for the back-off, the controller reports 0 active pods while {ready} are ready, \
                 and the apiserver refuses that status (kubernetes#139428, fixed after v1.32): status and \
                 finalizers wait until the back-off has passed",
                format_go_duration(wait)
            ),
        });
        out.requeue_after = Some(wait.max(SYNC_JOB_BATCH_PERIOD_MS));
        return out;
    }

    out.actions.append(&mut plan.pod_updates);
    out.actions.append(&mut plan.deletes);
    out.actions.append(&mut plan.creates);
    out.actions.append(&mut plan.events);
    if job.status != shared.status {
        let why = if plan.notes.is_empty() {
            format!(
                "status: {} active ({ready} ready), {terminating} terminating, {} succeeded, {} failed",
                job.status.active, job.status.succeeded, job.status.failed
            )
        } else {
            plan.notes.join("; ")
        };
        out.actions.push(Action::Update { obj: Object::Job(crate::api::ObjBox::new(job.clone())), why });
    }
    if let Some(cond) = finished_now {
        if cond.type_ == "Complete" {
            if completions.is_some_and(|c| i64::from(job.status.succeeded) > c) {
                out.actions.push(Action::Event {
                    involved: jr.clone(),
                    type_: EventType::Warning,
                    reason: "TooManySucceededPods".into(),
                    message: "Too many succeeded pods running after completion count reached".into(),
                });
            }
            out.actions.push(Action::Event {
                involved: jr.clone(),
                type_: EventType::Normal,
                reason: "Completed".into(),
                message: "Job completed".into(),
            });
        } else {
            out.actions.push(Action::Event {
                involved: jr.clone(),
                type_: EventType::Warning,
                reason: cond.reason.clone(),
                message: cond.message.clone(),
            });
        }
    }
    out.requeue_after = plan.requeue;
    out
}

/// `getFailJobMessage`: the message of the first FailJob rule a failed pod matches.
fn fail_job_message(job: &Job, pods: &[&Pod]) -> Option<String> {
    let pfp = job.spec.pod_failure_policy.as_ref()?;
    pods.iter().filter(|p| is_pod_failed(p, job)).find_map(|p| match_pod_failure_policy(pfp, p).fail_job_message)
}

/// What `manageJob` works from.
struct Manage<'a> {
    jr: &'a ObjRef,
    job: &'a Job,
    pods: &'a [&'a Pod],
    active_pods: &'a [&'a Pod],
    succeeded: i64,
    succeeded_indexes: &'a OrderedIntervals,
    backoff: &'a BackoffRecord,
    now_ms: i64,
}

impl Manage<'_> {
    /// Follows `manageJob`: deletes pods when suspended or when too many run, else creates the
    /// missing ones once the back-off allows. Returns (active, pods deleted, ready pods deleted).
    fn manage(&self, plan: &mut Plan, terminating: i32) -> (i32, i32, i32) {
        let job = self.job;
        let name = &job.metadata.name;
        let active = self.active_pods.len() as i64;
        let parallelism = i64::from(job.spec.parallelism.unwrap_or(1));
        if job.spec.suspend == Some(true) {
            let rm = active_pods_for_removal(job, self.active_pods, self.active_pods.len());
            let why = format!("job/{name} is suspended: all {} of its active pods are deleted", rm.len());
            return self.delete_job_pods(plan, &rm, active, &why);
        }
        let completions = job.spec.completions.map(i64::from);
        let want = match completions {
            None if self.succeeded > 0 => active,
            None => parallelism,
            Some(c) => (c - self.succeeded).min(parallelism).max(0),
        };
        let rm_at_least = usize::try_from(active - want).unwrap_or(0);
        let mut rm = active_pods_for_removal(job, self.active_pods, rm_at_least);
        rm.truncate(MAX_POD_CREATE_DELETE_PER_SYNC);
        if !rm.is_empty() {
            let why = match completions {
                Some(c) => format!(
                    "job/{name} wants {want} active (parallelism {parallelism}, completions {c}, succeeded {}) and has {active}",
                    self.succeeded
                ),
                None => format!("job/{name} wants {want} active (parallelism {parallelism}) and has {active}"),
            };
            return self.delete_job_pods(plan, &rm, active, &why);
        }
        let terminating_held = if only_replace_failed_pods(job) { i64::from(terminating) } else { 0 };
        let diff = want - terminating_held - active;
        if diff <= 0 {
            return (active as i32, 0, 0);
        }
        let remaining = self.backoff.remaining(self.now_ms);
        if remaining > 0 {
            plan.requeue_after(remaining.max(SYNC_JOB_BATCH_PERIOD_MS));
            let n = self.backoff.failures_after_last_success;
            plan.notes.push(format!(
                "next back-off {}: {} failure since the last success, so the next pod waits {} more",
                format_go_duration(backoff_for(n)),
                ordinal(n),
                format_go_duration(remaining)
            ));
            // v1.32 returns 0 here (kubernetes#139428).
            return (0, 0, 0);
        }
        let diff = usize::try_from(diff).unwrap_or(0).min(MAX_POD_CREATE_DELETE_PER_SYNC);
        let mut template = job.spec.template.clone();
        let indexes: Vec<Option<i64>> = match (is_indexed(job), completions) {
            (true, Some(c)) => {
                indexed::add_completion_index_env(&mut template);
                let terminating_pods: Vec<&Pod> = if only_replace_failed_pods(job) {
                    self.pods.iter().copied().filter(|p| is_terminating(p)).collect()
                } else {
                    Vec::new()
                };
                indexed::first_pending_indexes(
                    self.active_pods,
                    &terminating_pods,
                    self.succeeded_indexes,
                    diff as i64,
                    c,
                )
                .into_iter()
                .map(Some)
                .collect()
            }
            _ => vec![None; diff],
        };
        let reason = self.create_reason(want, active, indexes.len());
        for ix in &indexes {
            let mut t = template.clone();
            let generate_name = match ix {
                Some(i) => {
                    indexed::add_completion_index(&mut t, name, *i);
                    indexed::generate_name_with_index(name, *i)
                }
                None => format!("{name}-"),
            };
            let pod = pod_from_template(job, &t, generate_name);
            let why = match ix {
                Some(i) => format!("created for job/{name} with completion index {i}: {reason}"),
                None => format!("created for job/{name}: {reason}"),
            };
            plan.creates.push(Action::Create {
                obj: Object::Pod(crate::api::ObjBox::new(pod)),
                why,
                event: Some(CreatedEvent {
                    about: self.jr.clone(),
                    type_: EventType::Normal,
                    reason: "SuccessfulCreate".into(),
                    message: "Created pod: {name}".into(),
                }),
                failed: Some(CreatedEvent {
                    about: self.jr.clone(),
                    type_: EventType::Warning,
                    reason: "FailedCreate".into(),
                    message: "Error creating: {error}".into(),
                }),
            });
        }
        plan.notes.push(format!("created {}: {reason}", plural(indexes.len(), "pod")));
        ((active as usize + indexes.len()) as i32, 0, 0)
    }

    /// The numbers behind a creation.
    fn create_reason(&self, want: i64, active: i64, creating: usize) -> String {
        let job = self.job;
        let parallelism = job.spec.parallelism.unwrap_or(1);
        let mut s = match job.spec.completions {
            Some(c) => format!(
                "wants {want} active (parallelism {parallelism}, completions {c}, succeeded {}) and has {active}",
                self.succeeded
            ),
            None => format!("wants {want} active (parallelism {parallelism}, completions unset) and has {active}"),
        };
        let failures = self.backoff.failures_after_last_success;
        if failures > 0 {
            s.push_str(&format!(
                "; replaces failed pods: {} since the last success, and the {} back-off after the last one has passed",
                plural(failures as usize, "failure"),
                format_go_duration(backoff_for(failures))
            ));
        }
        if creating > 1 {
            s.push_str(&format!("; {creating} pods at once"));
        }
        s
    }

    /// Follows `deleteJobPods`: drops the finalizer first (these pods are not counted as
    /// failed), then deletes.
    fn delete_job_pods(&self, plan: &mut Plan, rm: &[&Pod], active: i64, why: &str) -> (i32, i32, i32) {
        for p in rm {
            if has_tracking_finalizer(p) {
                plan.pod_updates.push(Action::Update {
                    obj: Object::Pod(crate::api::ObjBox::new(without_tracking_finalizer(p))),
                    why: format!("{why}; not counted as failed, so its job-tracking finalizer goes first"),
                });
            }
            plan.delete_pod(self.jr, p, why.to_string());
        }
        let removed_ready = rm.iter().filter(|p| p.is_ready()).count() as i32;
        if !rm.is_empty() {
            plan.notes.push(format!("deleted {}: {why}", plural(rm.len(), "pod")));
        }
        ((active - rm.len() as i64) as i32, rm.len() as i32, removed_ready)
    }
}

/// `activePodsForRemoval`: for Indexed Jobs the duplicates and out-of-range indexes first, then
/// as many more as needed in `ActivePods` order.
fn active_pods_for_removal<'a>(job: &Job, active: &[&'a Pod], rm_at_least: usize) -> Vec<&'a Pod> {
    let (mut rm, mut left) = match (is_indexed(job), job.spec.completions) {
        (true, Some(c)) => indexed::duplicated_index_pods(active, i64::from(c)),
        _ => (Vec::new(), active.to_vec()),
    };
    if rm.len() < rm_at_least {
        left.sort_by(|a, b| pods::active_pods_less(a, b));
        let more = (rm_at_least - rm.len()).min(left.len());
        rm.extend_from_slice(&left[..more]);
    }
    rm
}

/// What `trackJobStatusAndRemoveFinalizers` works from.
struct Track<'a> {
    pods: &'a [&'a Pod],
    finished: Option<JobCondition>,
    prev_indexes: &'a OrderedIntervals,
    terminating: i32,
    now: Time,
}

/// Follows `trackJobStatusAndRemoveFinalizers`, `flushUncountedAndRemoveFinalizers` and
/// `enactJobFinished`: finished pods are listed as uncounted, lose their finalizer and move into
/// the counters; then the terminal condition is set if nothing is uncounted or terminating.
/// Returns the terminal condition when the Job finished in this sync.
fn track_status(
    job: &mut Job,
    plan: &mut Plan,
    t: &Track,
    uncounted: &mut Uncounted,
    succeeded_indexes: &mut OrderedIntervals,
) -> Option<JobCondition> {
    let indexed = is_indexed(job);
    let completions = job.spec.completions.map_or(0, i64::from);
    let mut pods: Vec<&Pod> = t.pods.to_vec();
    if indexed {
        pods.sort_by_key(|p| indexed::completion_index(p).unwrap_or(-1));
    }
    let with_finalizer: BTreeSet<String> =
        pods.iter().filter(|p| has_tracking_finalizer(p)).map(|p| p.metadata.uid.clone()).collect();
    uncounted.flush(job, &with_finalizer);
    let mut finished = t.finished.clone();
    let job_deleting = job.metadata.deletion_timestamp.is_some();
    let mut to_remove: Vec<&Pod> = Vec::new();
    let mut new_indexes: Vec<i64> = Vec::new();
    let mut reached_max = false;
    for pod in &pods {
        if !has_tracking_finalizer(pod) {
            continue;
        }
        let considered_failed = is_pod_failed(pod, job);
        if !(job_deleting || finished.is_some() || pod.status.phase == "Succeeded" || considered_failed) {
            continue;
        }
        to_remove.push(pod);
        let uid = &pod.metadata.uid;
        if pod.status.phase == "Succeeded" && !uncounted.failed.contains(uid) {
            if indexed {
                if let Some(ix) = valid_index(pod, completions).filter(|ix| !t.prev_indexes.has(*ix)) {
                    new_indexes.push(ix);
                }
            } else if !uncounted.succeeded.contains(uid) {
                uncounted.succeeded.push(uid.clone());
            }
        } else if considered_failed || finished.as_ref().is_some_and(|c| c.type_ != "SuccessCriteriaMet") {
            let valid = !indexed || valid_index(pod, completions).is_some();
            if !uncounted.failed.contains(uid) && valid {
                let counts = job
                    .spec
                    .pod_failure_policy
                    .as_ref()
                    .is_none_or(|pfp| match_pod_failure_policy(pfp, pod).count_failed);
                if counts {
                    uncounted.failed.push(uid.clone());
                }
            }
        }
        if new_indexes.len() + uncounted.succeeded.len() + uncounted.failed.len() >= MAX_UNCOUNTED_PODS {
            reached_max = true;
            break;
        }
    }
    if indexed {
        new_indexes.sort_unstable();
        new_indexes.dedup();
        *succeeded_indexes = succeeded_indexes.with_ordered_indexes(&new_indexes);
        job.status.succeeded = succeeded_indexes.total() as i32;
        let s = succeeded_indexes.to_string();
        job.status.completed_indexes = if s.is_empty() { None } else { Some(s) };
    }
    if let Some(cond) = finished.clone() {
        if cond.type_ == "FailureTarget" {
            job.status.conditions.push(cond.clone());
            finished = Some(new_condition("Failed", "True", &cond.reason, &cond.message, t.now));
        } else if cond.type_ == "SuccessCriteriaMet" {
            if condition_true(job, "SuccessCriteriaMet").is_none() {
                job.status.conditions.push(cond.clone());
            }
            finished = Some(new_condition("Complete", "True", &cond.reason, &cond.message, t.now));
        }
    }
    // Remove the finalizers; every removal succeeds here, so every listed uid is counted.
    let mut still_held = with_finalizer;
    for pod in &to_remove {
        still_held.remove(&pod.metadata.uid);
        plan.pod_updates.push(Action::Update {
            obj: Object::Pod(crate::api::ObjBox::new(without_tracking_finalizer(pod))),
            why: format!("counted by job/{}, so its job-tracking finalizer is removed", job.metadata.name),
        });
    }
    uncounted.flush(job, &still_held);
    if reached_max {
        return None;
    }
    // enactJobFinished.
    let cond = finished?;
    if !uncounted.is_empty() {
        return None;
    }
    if t.terminating > 0 {
        plan.notes.push(format!(
            "{} ({}); {} still terminating, so the {} condition waits",
            cond.reason,
            cond.message,
            plural(t.terminating as usize, "pod"),
            cond.type_
        ));
        return None;
    }
    ensure_condition(&mut job.status.conditions, &cond.type_, &cond.status, &cond.reason, &cond.message, t.now);
    if cond.type_ == "Complete" {
        job.status.completion_time = Some(t.now);
    }
    plan.notes.push(format!("{}: {}", cond.type_, cond.message));
    Some(cond)
}

/// Follows `syncOrphanPod`: a pod holding the finalizer whose Job is gone or finished loses it.
fn sync_orphan_pod(ctx: &Ctx, target: &ObjRef) -> Reconcile {
    let mut out = Reconcile::default();
    let Some(pod) = ctx.store.pod(&target.key.namespace, &target.key.name) else { return out };
    if !has_tracking_finalizer(pod) {
        return out;
    }
    if let Some(r) = pod.metadata.controller_ref() {
        if r.kind != "Job" || r.api_version != "batch/v1" {
            return out;
        }
        if controlling_job(ctx.store, pod).is_some_and(|j| !is_finished(j)) {
            return out;
        }
    }
    out.actions.push(Action::Update {
        obj: Object::Pod(crate::api::ObjBox::new(without_tracking_finalizer(pod))),
        why: "no unfinished Job owns it any more, so its job-tracking finalizer is removed".into(),
    });
    out
}
