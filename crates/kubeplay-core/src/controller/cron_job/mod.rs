//! The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go and utils.go, as in
//! v1.32): creates a Job for the most recent unmet schedule time, honours the concurrency policy,
//! suspension and the starting deadline, keeps `status.active`, `lastScheduleTime` and
//! `lastSuccessfulTime`, trims finished Jobs to the history limits, and requeues itself for the
//! next schedule time.
//!
//! kubeplay difference: a created Job's uid is only known once the apiserver has created it, so
//! the creating sync lists it in `status.active` by name, and the next sync (which the new Job
//! triggers at once) fills in its uid and resourceVersion.

pub mod schedule;
#[cfg(test)]
mod tests;
pub mod tz;
mod tz_rules;

use crate::json::{json, Value};

use crate::api::batch::{CronJob, Job};
use crate::api::meta::{ObjectMeta, OwnerReference, Time, EPOCH_UNIX_MS};
use crate::api::{Kind, Object};
use crate::manifest::validate::{parse_schedule, Schedule};
use crate::sim::format_go_duration;
use crate::store::{Change, ObjRef, Store};

use super::job::is_finished;
use super::{Action, CreatedEvent, Ctx, EventType, Propagation, Reconcile};
use schedule::{job_name, most_recent_schedule_time, next_schedule_time_duration, Missed, ZonedSchedule};
use tz::Zone;

/// The annotation with a Job's scheduled time (gate CronJobsScheduledAnnotation, on).
pub const SCHEDULED_TIMESTAMP_ANNOTATION: &str = "batch.kubernetes.io/cronjob-scheduled-timestamp";

/// One sync (`sync`): clean up finished Jobs, then `syncCronJob`, then write the status once.
pub fn reconcile(ctx: &Ctx, target: &ObjRef) -> Reconcile {
    let mut out = Reconcile::default();
    let Some(cj) = ctx.store.cron_job(&target.key.namespace, &target.key.name) else { return out };
    let jobs = jobs_to_be_reconciled(ctx.store, cj);
    let mut s = Sync {
        cj: cj.clone(),
        cr: ObjRef::new(Kind::CronJob, &cj.metadata.namespace, &cj.metadata.name),
        now: EPOCH_UNIX_MS + i64::try_from(ctx.now).unwrap_or(i64::MAX / 2),
        actions: Vec::new(),
        notes: Vec::new(),
    };
    let cleaned = s.cleanup_finished_jobs(&jobs);
    let (requeue, updated) = s.sync_cron_job(ctx.store, &jobs);
    out.actions = std::mem::take(&mut s.actions);
    if cleaned || updated || !s.notes.is_empty() {
        // An unchanged object writes nothing; its explanation is still recorded.
        let obj = if cleaned || updated { s.cj } else { cj.clone() };
        out.actions
            .push(Action::Update { obj: Object::CronJob(crate::api::ObjBox::new(obj)), why: s.notes.join("; ") });
    }
    out.requeue_after = requeue.and_then(|ms| u64::try_from(ms.max(0)).ok());
    out
}

/// The CronJobs to sync after `change`: the CronJob itself, or the one controlling a Job.
pub fn watch(store: &Store, change: &Change) -> Vec<ObjRef> {
    match change.obj.kind {
        Kind::CronJob => vec![change.obj.clone()],
        Kind::Job => {
            let mut out: Vec<ObjRef> = Vec::new();
            for o in [&change.old, &change.new] {
                let Some(Object::Job(j)) = o else { continue };
                let Some(r) = j.metadata.controller_ref() else { continue };
                if r.kind != "CronJob" {
                    continue;
                }
                if store.cron_job(&j.metadata.namespace, &r.name).is_some_and(|c| c.metadata.uid == r.uid) {
                    let cr = ObjRef::new(Kind::CronJob, &j.metadata.namespace, &r.name);
                    if !out.contains(&cr) {
                        out.push(cr);
                    }
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

/// `getJobsToBeReconciled`: the namespace's Jobs whose controller reference names the CronJob.
fn jobs_to_be_reconciled<'a>(store: &'a Store, cj: &CronJob) -> Vec<&'a Job> {
    store
        .list_in(Kind::Job, &cj.metadata.namespace)
        .filter_map(|o| match o {
            Object::Job(j) => Some(j.as_ref()),
            _ => None,
        })
        .filter(|j| j.metadata.controller_ref().is_some_and(|r| r.name == cj.metadata.name))
        .collect()
}

/// `getFinishedStatus`: Complete or Failed, when one of them is True.
fn finished_status(job: &Job) -> Option<&'static str> {
    job.status.conditions.iter().find_map(|c| match (c.type_.as_str(), c.status.as_str()) {
        ("Complete", "True") => Some("Complete"),
        ("Failed", "True") => Some("Failed"),
        _ => None,
    })
}

/// `IsJobSucceeded`.
fn is_succeeded(job: &Job) -> bool {
    job.status.conditions.iter().any(|c| c.type_ == "Complete" && c.status == "True")
}

fn ref_str<'a>(r: &'a Value, key: &str) -> &'a str {
    r.get(key).and_then(Value::as_str).unwrap_or("")
}

/// `getRef`: the ObjectReference listed in `status.active`.
fn job_ref(job: &Job) -> Value {
    json!({
        "apiVersion": "batch/v1",
        "kind": "Job",
        "name": job.metadata.name,
        "namespace": job.metadata.namespace,
        "resourceVersion": job.metadata.resource_version,
        "uid": job.metadata.uid,
    })
}

/// The working state of one sync.
struct Sync {
    cj: CronJob,
    cr: ObjRef,
    now: i64,
    actions: Vec<Action>,
    notes: Vec<String>,
}

impl Sync {
    fn event(&mut self, type_: EventType, reason: &str, message: String) {
        self.actions.push(Action::Event { involved: self.cr.clone(), type_, reason: reason.into(), message });
    }

    fn in_active_list(&self, uid: &str) -> bool {
        self.cj.status.active.iter().any(|r| ref_str(r, "uid") == uid)
    }

    fn delete_from_active_list(&mut self, uid: &str) {
        self.cj.status.active.retain(|r| ref_str(r, "uid") != uid);
    }

    /// `deleteJob`: deletes a Job (background) and drops it from the active list.
    fn delete_job(&mut self, job: &Job, why: String) {
        self.actions.push(Action::Delete {
            target: ObjRef::new(Kind::Job, &job.metadata.namespace, &job.metadata.name),
            uid: job.metadata.uid.clone(),
            propagation: Propagation::Background,
            grace_seconds: None,
            why,
        });
        self.delete_from_active_list(&job.metadata.uid);
        self.event(EventType::Normal, "SuccessfulDelete", format!("Deleted job {}", job.metadata.name));
    }

    /// Follows `cleanupFinishedJobs` and `removeOldestJobs`: keeps the newest
    /// successfulJobsHistoryLimit Complete and failedJobsHistoryLimit Failed Jobs.
    fn cleanup_finished_jobs(&mut self, jobs: &[&Job]) -> bool {
        let (succ_limit, failed_limit) =
            (self.cj.spec.successful_jobs_history_limit, self.cj.spec.failed_jobs_history_limit);
        if succ_limit.is_none() && failed_limit.is_none() {
            return false;
        }
        let mut updated = false;
        for (want, limit, field) in
            [("Complete", succ_limit, "successfulJobsHistoryLimit"), ("Failed", failed_limit, "failedJobsHistoryLimit")]
        {
            let Some(limit) = limit else { continue };
            let mut finished: Vec<&Job> = jobs.iter().copied().filter(|j| finished_status(j) == Some(want)).collect();
            let excess = finished.len().saturating_sub(usize::try_from(limit.max(0)).unwrap_or(0));
            if excess == 0 {
                continue;
            }
            finished.sort_by(|a, b| by_job_start_time(a, b));
            let total = finished.len();
            for j in finished.into_iter().take(excess) {
                let why = format!(
                    "{field} is {limit} and {total} {} jobs exist: the oldest go",
                    if want == "Complete" { "completed" } else { "failed" }
                );
                self.delete_job(j, why.clone());
                self.notes.push(format!("deleted job {}: {why}", j.metadata.name));
                updated = true;
            }
        }
        updated
    }

    /// Follows `syncCronJob`. Returns the requeue delay (ms) and whether the status changed.
    fn sync_cron_job(&mut self, store: &Store, jobs: &[&Job]) -> (Option<i64>, bool) {
        let mut updated = false;
        for j in jobs {
            let uid = &j.metadata.uid;
            let mut found = self.in_active_list(uid);
            if !found {
                // The Job this controller created, listed by name until its uid was known.
                let pending = self
                    .cj
                    .status
                    .active
                    .iter()
                    .position(|r| ref_str(r, "uid").is_empty() && ref_str(r, "name") == j.metadata.name);
                if let Some(i) = pending {
                    if let Some(entry) = self.cj.status.active.get_mut(i) {
                        *entry = job_ref(j);
                    }
                    found = true;
                    updated = true;
                }
            }
            let finished = is_finished(j);
            if !found && !finished {
                let msg = format!("Saw a job that the controller did not create or forgot: {}", j.metadata.name);
                self.event(EventType::Warning, "UnexpectedJob", msg);
            } else if found && finished {
                let status = finished_status(j).unwrap_or("");
                self.delete_from_active_list(uid);
                self.event(
                    EventType::Normal,
                    "SawCompletedJob",
                    format!("Saw completed job: {}, status: {status}", j.metadata.name),
                );
                self.notes.push(format!("job {} finished ({status}), so it is no longer active", j.metadata.name));
                updated = true;
            } else if is_succeeded(j) {
                let completion = j.status.completion_time;
                if self.cj.status.last_successful_time.is_none() {
                    self.cj.status.last_successful_time = completion;
                    updated = true;
                }
                if let (Some(c), Some(last)) = (completion, self.cj.status.last_successful_time) {
                    if c > last {
                        self.cj.status.last_successful_time = Some(c);
                        updated = true;
                    }
                }
            }
        }
        // Listed Jobs that are gone.
        let listed: Vec<Value> = self.cj.status.active.clone();
        for r in &listed {
            let (name, uid) = (ref_str(r, "name"), ref_str(r, "uid"));
            if jobs.iter().any(|j| j.metadata.uid == uid) {
                continue;
            }
            if store.job(ref_str(r, "namespace"), name).is_none() {
                self.event(EventType::Normal, "MissingJob", format!("Active job went missing: {name}"));
                self.notes.push(format!("active job {name} no longer exists"));
                self.cj.status.active.retain(|x| x != r);
                updated = true;
            }
        }

        if self.cj.metadata.deletion_timestamp.is_some() {
            return (None, updated);
        }
        if let Some(tz) = self.cj.spec.time_zone.clone() {
            if let Err(e) = Zone::load(&tz) {
                self.event(EventType::Warning, "UnknownTimeZone", format!("invalid timeZone: {}: {e}", go_quote(&tz)));
                return (None, updated);
            }
        }
        if self.cj.spec.suspend == Some(true) {
            self.notes.push("suspended: no Job is created until spec.suspend is false".into());
            return (None, updated);
        }
        let spec = self.format_schedule();
        let sched = match parse_schedule(&spec) {
            Ok(s) => s,
            Err(e) => {
                let msg = format!("unparseable schedule: {} : {e}", go_quote(&self.cj.spec.schedule));
                self.event(EventType::Warning, "UnparseableSchedule", msg);
                return (None, updated);
            }
        };
        let zone = match &sched {
            Schedule::Spec { location: Some(name), .. } => Zone::load(name).unwrap_or_else(|_| Zone::utc()),
            _ => Zone::utc(),
        };
        let zs = ZonedSchedule { schedule: &sched, zone: &zone };
        let now = self.now;
        let requeue = |s: &Sync| next_schedule_time_duration(&s.cj, now, &zs);

        // nextScheduleTime.
        let recent = most_recent_schedule_time(&self.cj, now, &zs, true);
        let scheduled = match &recent {
            Ok(r) => r.time.filter(|t| *t <= now),
            Err(e) => {
                let msg = format!("invalid schedule: {} : {e}", self.cj.spec.schedule);
                self.event(EventType::Warning, "InvalidSchedule", msg);
                return (None, updated);
            }
        };
        let Some(scheduled) = scheduled else {
            self.note_dropped_by_deadline(&zs);
            return (requeue(self), updated);
        };
        let recent = recent.unwrap_or(schedule::MostRecent { earliest: 0, time: None, missed: Missed::None, count: 0 });
        if recent.missed == Missed::Many {
            self.event(
                EventType::Warning,
                "TooManyMissedTimes",
                "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew".into(),
            );
        }
        let when = zone.wall_clock(scheduled / 1000);
        if let Some(deadline) = self.cj.spec.starting_deadline_seconds {
            if scheduled + deadline.saturating_mul(1000) < now {
                let t = rfc1123z(scheduled);
                self.event(EventType::Warning, "MissSchedule", format!("Missed scheduled time to start a job: {t}"));
                return (requeue(self), updated);
            }
        }
        let name = job_name(&self.cj, scheduled);
        let already_listed = self
            .cj
            .status
            .active
            .iter()
            .any(|r| ref_str(r, "name") == name && ref_str(r, "namespace") == self.cj.metadata.namespace);
        if already_listed || self.cj.status.last_schedule_time == Some(Time(scheduled)) {
            return (requeue(self), updated);
        }
        let policy = self.cj.spec.concurrency_policy.clone();
        let active_names: Vec<String> = self.cj.status.active.iter().map(|r| ref_str(r, "name").to_string()).collect();
        if policy == "Forbid" && !active_names.is_empty() {
            self.event(
                EventType::Normal,
                "JobAlreadyActive",
                "Not starting job because prior execution is running and concurrency policy is Forbid".into(),
            );
            self.notes.push(format!(
                "skipped {when}: concurrencyPolicy Forbid and {} still running; it starts when that finishes, \
                 unless the next schedule time comes first",
                names_phrase(&active_names)
            ));
            return (requeue(self), updated);
        }
        if policy == "Replace" {
            for r in &listed_refs(&self.cj) {
                let Some(job) = store.job(ref_str(r, "namespace"), ref_str(r, "name")) else {
                    let msg = format!(
                        "Get job: {}",
                        crate::cluster::ApiError::not_found(Kind::Job, ref_str(r, "name")).message()
                    );
                    self.event(EventType::Warning, "FailedGet", msg);
                    return (None, updated);
                };
                let why = format!("concurrencyPolicy Replace: it was still running when {when} came");
                self.delete_job(job, why);
                self.notes.push(format!("replaced job {}: it was still running at {when}", job.metadata.name));
                updated = true;
            }
        }

        let missed_note = match recent.missed {
            Missed::None => String::new(),
            _ => format!(
                " (about {} start times were due since {}; only the latest runs)",
                recent.count,
                zone.wall_clock(recent.earliest.div_euclid(1000))
            ),
        };
        match store.job(&self.cj.metadata.namespace, &name) {
            Some(existing) => {
                // AlreadyExists: adopt it into the active list if this CronJob controls it.
                let ours = existing.metadata.controller_ref().is_some_and(|r| r.uid == self.cj.metadata.uid);
                if !ours || self.in_active_list(&existing.metadata.uid) {
                    return (None, updated);
                }
                self.cj.status.active.push(job_ref(existing));
            }
            None => {
                let job = self.job_from_template(&name, scheduled, &zone);
                let why = format!(
                    "scheduled for {when} by cronjob/{} ({}){missed_note}",
                    self.cj.metadata.name, self.cj.spec.schedule
                );
                self.actions.push(Action::Create {
                    obj: Object::Job(crate::api::ObjBox::new(job)),
                    why,
                    event: Some(CreatedEvent {
                        about: self.cr.clone(),
                        type_: EventType::Normal,
                        reason: "SuccessfulCreate".into(),
                        message: "Created job {name}".into(),
                    }),
                    failed: Some(CreatedEvent {
                        about: self.cr.clone(),
                        type_: EventType::Warning,
                        reason: "FailedCreate".into(),
                        message: "Error creating job: {error}".into(),
                    }),
                });
                self.cj.status.active.push(json!({
                    "apiVersion": "batch/v1",
                    "kind": "Job",
                    "name": name,
                    "namespace": self.cj.metadata.namespace,
                }));
            }
        }
        self.cj.status.last_schedule_time = Some(Time(scheduled));
        let others = active_names.len();
        let concurrency = match (policy.as_str(), others) {
            (_, 0) => String::new(),
            ("Replace", _) => String::new(),
            _ => format!("; concurrencyPolicy Allow, so it runs beside {}", names_list(&active_names)),
        };
        let late = now - scheduled;
        let late = if late >= 1000 {
            format!(", {} late", format_go_duration(u64::try_from(late).unwrap_or(0)))
        } else {
            String::new()
        };
        self.notes.push(format!("created job {name} for {when}{late}{missed_note}{concurrency}"));
        (requeue(self), true)
    }

    /// When the most recent time fell outside startingDeadlineSeconds it is dropped silently, as
    /// upstream drops it; the explanation says so.
    fn note_dropped_by_deadline(&mut self, zs: &ZonedSchedule) {
        let Some(deadline) = self.cj.spec.starting_deadline_seconds else { return };
        let Ok(without) = most_recent_schedule_time(&self.cj, self.now, zs, false) else { return };
        let Some(t) = without.time.filter(|t| *t <= self.now) else { return };
        let name = job_name(&self.cj, t);
        if self.cj.status.active.iter().any(|r| ref_str(r, "name") == name) {
            return;
        }
        self.notes.push(format!(
            "missed {}: now is {} later, past startingDeadlineSeconds {deadline}, so no Job runs for it",
            zs.zone.wall_clock(t / 1000),
            format_go_duration(u64::try_from(self.now - t).unwrap_or(0))
        ));
    }

    /// `formatSchedule`: the schedule with the timeZone as a `TZ=` prefix; a schedule that
    /// already names a zone is used as it is, with a warning.
    fn format_schedule(&mut self) -> String {
        let schedule = self.cj.spec.schedule.clone();
        if schedule.contains("TZ") {
            let msg = format!(
                "CRON_TZ or TZ used in schedule {} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details",
                go_quote(&schedule)
            );
            self.event(EventType::Warning, "UnsupportedSchedule", msg);
            return schedule;
        }
        match &self.cj.spec.time_zone {
            Some(tz) if Zone::load(tz).is_ok() => format!("TZ={tz} {schedule}"),
            _ => schedule,
        }
    }

    /// `getJobFromTemplate2`: the template's labels, annotations (plus the scheduled time, in the
    /// CronJob's zone) and spec, named for the scheduled minute, controlled by the CronJob.
    fn job_from_template(&self, name: &str, scheduled: i64, zone: &Zone) -> Job {
        let template = &self.cj.spec.job_template;
        let mut annotations = template.metadata.annotations.clone();
        let tz_zone = self.cj.spec.time_zone.as_deref().and_then(|tz| Zone::load(tz).ok());
        let stamp_zone = tz_zone.as_ref().unwrap_or(zone);
        annotations.insert(SCHEDULED_TIMESTAMP_ANNOTATION.into(), stamp_zone.rfc3339(scheduled / 1000));
        Job {
            metadata: ObjectMeta {
                name: name.into(),
                namespace: self.cj.metadata.namespace.clone(),
                labels: template.metadata.labels.clone(),
                annotations,
                owner_references: vec![OwnerReference {
                    api_version: "batch/v1".into(),
                    kind: "CronJob".into(),
                    name: self.cj.metadata.name.clone(),
                    uid: self.cj.metadata.uid.clone(),
                    controller: Some(true),
                    block_owner_deletion: Some(true),
                }],
                ..ObjectMeta::default()
            },
            spec: template.spec.clone(),
            status: Default::default(),
        }
    }
}

/// `t.UTC().Format(time.RFC1123Z)`: `Mon, 02 Jan 2006 15:04:05 +0000`.
fn rfc1123z(ms: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let secs = ms.div_euclid(1000);
    let (y, mo, d, h, mi, s) = crate::api::meta::civil_from_unix(secs);
    let day = DAYS.get(usize::try_from(secs.div_euclid(86_400).rem_euclid(7)).unwrap_or(0)).unwrap_or(&"");
    let month = MONTHS.get(usize::try_from(mo - 1).unwrap_or(0)).unwrap_or(&"");
    format!("{day}, {d:02} {month} {y:04} {h:02}:{mi:02}:{s:02} +0000")
}

fn listed_refs(cj: &CronJob) -> Vec<Value> {
    cj.status.active.clone()
}

fn names_phrase(names: &[String]) -> String {
    match names {
        [one] => format!("job {one} is"),
        _ => format!("jobs {} are", names.join(", ")),
    }
}

fn names_list(names: &[String]) -> String {
    match names {
        [one] => format!("job {one}"),
        _ => format!("jobs {}", names.join(", ")),
    }
}

fn go_quote(s: &str) -> String {
    crate::manifest::field::go_quote(s)
}

/// `byJobStartTime`: by start time (none last), then by name.
fn by_job_start_time(a: &Job, b: &Job) -> std::cmp::Ordering {
    match (a.status.start_time, b.status.start_time) {
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (Some(_), None) => std::cmp::Ordering::Less,
        (x, y) if x == y => a.metadata.name.cmp(&b.metadata.name),
        (x, y) => x.cmp(&y),
    }
}
