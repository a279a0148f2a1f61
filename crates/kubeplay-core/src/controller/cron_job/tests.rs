use crate::json::json;

use super::schedule::{most_recent_schedule_time, next_schedule_time_duration, Missed, ZonedSchedule};
use super::*;
use crate::api::batch::JobCondition;
use crate::controller::Ctx;

/// 2016-05-19T10:00:00Z, upstream's topOfTheHour (a Thursday), in Unix milliseconds.
const TOP: i64 = 1_463_652_000_000;
const MIN: i64 = 60_000;
const HOUR: i64 = 3_600_000;

fn cron_job(schedule: &str, created: i64, last: Option<i64>, deadline: Option<i64>) -> CronJob {
    let mut cj = CronJob::default();
    cj.metadata.name = "mycronjob".into();
    cj.metadata.namespace = "default".into();
    cj.metadata.uid = "1a2b3c".into();
    cj.metadata.creation_timestamp = Some(Time(created));
    cj.spec.schedule = schedule.into();
    cj.spec.starting_deadline_seconds = deadline;
    cj.status.last_schedule_time = last.map(Time);
    cj
}

fn most_recent(cj: &CronJob, now: i64, include: bool) -> Result<(i64, Option<i64>, Missed), String> {
    let sched = parse_schedule(&cj.spec.schedule).unwrap();
    let zone = Zone::utc();
    let zs = ZonedSchedule { schedule: &sched, zone: &zone };
    most_recent_schedule_time(cj, now, &zs, include).map(|r| (r.earliest, r.time, r.missed))
}

// Table following utils_test.go TestMostRecentScheduleTime.
#[test]
fn most_recent_schedule_time_follows_upstream_cases() {
    let half = TOP + 30 * MIN;
    type Case<'a> = (&'a str, CronJob, bool, i64, Result<(i64, Option<i64>, Missed), ()>);
    let cases: Vec<Case> = vec![
        (
            "now before next schedule",
            cron_job("0 * * * *", TOP, None, None),
            false,
            TOP + 30_000,
            Ok((TOP, None, Missed::None)),
        ),
        (
            "now just after next schedule",
            cron_job("0 * * * *", TOP, None, None),
            false,
            TOP + 61 * MIN,
            Ok((TOP, Some(TOP + 60 * MIN), Missed::None)),
        ),
        (
            "missed 5 schedules",
            cron_job("0 * * * *", TOP + 10_000, None, None),
            false,
            TOP + 301 * MIN,
            Ok((TOP + 10_000, Some(TOP + 300 * MIN), Missed::Few)),
        ),
        (
            "complex schedule",
            cron_job("30 6-16/4 * * 1-5", TOP, Some(half), None),
            false,
            TOP + 24 * HOUR + 31 * MIN,
            Ok((half, Some(TOP + 24 * HOUR + 30 * MIN), Missed::Few)),
        ),
        (
            "another complex schedule",
            cron_job("30 10,11,12 * * 1-5", TOP, Some(half), None),
            false,
            TOP + 30 * HOUR + 30 * MIN,
            Ok((half, None, Missed::Few)),
        ),
        (
            "complex schedule with longer diff between executions",
            cron_job("30 6-16/4 * * 1-5", TOP, Some(half), None),
            false,
            TOP + 96 * HOUR + 31 * MIN,
            Ok((half, Some(TOP + 96 * HOUR + 30 * MIN), Missed::Few)),
        ),
        (
            "complex schedule with shorter diff between executions",
            cron_job("30 6-16/4 * * 1-5", TOP, None, None),
            false,
            TOP + 24 * HOUR + 31 * MIN,
            Ok((TOP, Some(TOP + 24 * HOUR + 30 * MIN), Missed::Few)),
        ),
        (
            "@every schedule",
            cron_job("@every 1h", TOP - 59 * MIN, Some(TOP + MIN), Some(10)),
            false,
            TOP + 7 * 24 * HOUR,
            Ok((TOP + MIN, Some(TOP + 6 * 24 * HOUR + 23 * HOUR + MIN), Missed::Many)),
        ),
        ("rogue cronjob", cron_job("59 23 31 2 *", TOP + 10_000, None, None), false, TOP + HOUR, Err(())),
        (
            "earliestTime being CreationTimestamp and LastScheduleTime",
            cron_job("0 * * * *", TOP, Some(TOP), None),
            false,
            TOP + 30_000,
            Ok((TOP, None, Missed::None)),
        ),
        (
            "earliestTime being LastScheduleTime",
            cron_job("*/5 * * * *", TOP, Some(half), None),
            false,
            TOP + 31 * MIN,
            Ok((half, None, Missed::None)),
        ),
        (
            "earliestTime being LastScheduleTime (within StartingDeadlineSeconds)",
            cron_job("*/5 * * * *", TOP, Some(half), Some(60)),
            false,
            TOP + 31 * MIN,
            Ok((half, None, Missed::None)),
        ),
        (
            "earliestTime being LastScheduleTime (outside StartingDeadlineSeconds)",
            cron_job("*/5 * * * *", TOP, Some(half), Some(60)),
            true,
            TOP + 32 * MIN,
            Ok((TOP + 31 * MIN, None, Missed::None)),
        ),
    ];
    for (name, cj, include, now, want) in cases {
        let got = most_recent(&cj, now, include).map_err(|_| ());
        assert_eq!(got, want, "{name}");
    }
}

// Cases following utils_test.go TestNextScheduleTime (hourly, T1 and T2 an hour apart).
#[test]
fn next_schedule_time_follows_upstream_cases() {
    let t1 = TOP;
    let t2 = TOP + HOUR;
    let scheduled = |cj: &CronJob, now| most_recent(cj, now, true).ok().and_then(|(_, t, _)| t).filter(|t| *t <= now);
    // (name, created, last schedule, starting deadline, now, scheduled time)
    type Case<'a> = (&'a str, i64, Option<i64>, Option<i64>, i64, Option<i64>);
    let cases: [Case; 7] = [
        ("no known start times, and none needed yet", t1 - 10 * MIN, None, None, t1 - 7 * MIN, None),
        ("no known start times, and one needed", t1 - 10 * MIN, None, None, t1 + 2_000, Some(t1)),
        ("known LastScheduleTime, no start needed", t1 - 10 * MIN, Some(t1), None, t1 + 2 * MIN, None),
        ("known LastScheduleTime, a start needed", t1 - 10 * MIN, Some(t1), None, t2 + 5 * MIN, Some(t2)),
        ("known LastScheduleTime, two starts needed", t1 - 2 * HOUR, Some(t1 - HOUR), None, t2 + 5 * MIN, Some(t2)),
        (
            "now is way way ahead of last start time, and there is no deadline",
            t1 - 2 * HOUR,
            Some(t1 - HOUR),
            None,
            t2 + 240 * HOUR,
            Some(t2 + 240 * HOUR),
        ),
        (
            "now is way way ahead of last start time, but there is a short deadline",
            t1 - 2 * HOUR,
            Some(t1 - HOUR),
            Some(7200),
            t2 + 240 * HOUR,
            Some(t2 + 240 * HOUR),
        ),
    ];
    for (name, created, last, deadline, now, want) in cases {
        let cj = cron_job("0 * * * ?", created, last, deadline);
        assert_eq!(scheduled(&cj, now), want, "{name}");
    }
    // Case 8: the error of an impossible schedule comes up.
    let cj = cron_job("59 23 31 2 *", t1 + 10_000, None, None);
    assert!(most_recent(&cj, t1 + HOUR, true).is_err());
}

#[test]
fn the_controller_wakes_100ms_after_the_next_schedule_time() {
    let sched = parse_schedule("0 * * * *").unwrap();
    let zone = Zone::utc();
    let zs = ZonedSchedule { schedule: &sched, zone: &zone };
    let cases: [(&str, Option<i64>, i64, Option<i64>); 4] = [
        ("not yet due: from the creation time", None, TOP + 10 * MIN, Some(50 * MIN + 100)),
        ("just ran: from the last schedule time", Some(TOP + HOUR), TOP + HOUR + 100, Some(HOUR)),
        ("one time missed: after the missed one", Some(TOP), TOP + HOUR + 10 * MIN, Some(50 * MIN + 100)),
        ("several missed: from now", Some(TOP), TOP + 5 * HOUR + 10 * MIN, Some(50 * MIN + 100)),
    ];
    for (name, last, now, want) in cases {
        let cj = cron_job("0 * * * *", TOP, last, None);
        assert_eq!(next_schedule_time_duration(&cj, now, &zs), want, "{name}");
    }
}

// Table following utils_test.go TestByJobStartTime.
#[test]
fn finished_jobs_sort_by_start_time_then_name_with_unstarted_last() {
    let job = |name: &str, start: Option<i64>| {
        let mut j = Job::default();
        j.metadata.name = name.into();
        j.status.start_time = start.map(Time);
        j
    };
    let (now, later) = (1_000, 2_000);
    let cases = [
        ("both have nil start times", [job("b", None), job("a", None)], ["a", "b"]),
        ("only the first has a nil start time", [job("a", None), job("b", Some(now))], ["b", "a"]),
        ("only the second has a nil start time", [job("a", Some(now)), job("b", None)], ["a", "b"]),
        ("both have non-nil, equal start time", [job("b", Some(now)), job("a", Some(now))], ["a", "b"]),
        ("both have non-nil, different start time", [job("a", Some(later)), job("b", Some(now))], ["b", "a"]),
    ];
    for (name, mut jobs, want) in cases {
        jobs.sort_by(by_job_start_time);
        let got: Vec<&str> = jobs.iter().map(|j| j.metadata.name.as_str()).collect();
        assert_eq!(got, want, "{name}");
    }
}

// Cases following utils_test.go TestGetJobFromTemplate2.
#[test]
fn jobs_from_the_template_carry_labels_annotations_and_the_scheduled_time_in_the_zone() {
    let cases: [(&str, Option<&str>, &str); 3] = [
        ("UTC timezone and one annotation", Some("UTC"), "2016-05-19T10:00:00Z"),
        ("nil timezone and one annotation", None, "2016-05-19T10:00:00Z"),
        ("correct timezone and multiple annotation", Some("Europe/Rome"), "2016-05-19T12:00:00+02:00"),
    ];
    for (name, tz, stamp) in cases {
        let mut cj = cron_job("* * * * ?", TOP, None, None);
        cj.spec.time_zone = tz.map(String::from);
        cj.spec.job_template.metadata.labels.insert("a".into(), "b".into());
        cj.spec.job_template.metadata.annotations.insert("x".into(), "y".into());
        let s = Sync {
            cj: cj.clone(),
            cr: ObjRef::new(Kind::CronJob, "default", "mycronjob"),
            now: TOP,
            actions: vec![],
            notes: vec![],
        };
        let job = s.job_from_template(&schedule::job_name(&cj, TOP), TOP, &Zone::utc());
        assert_eq!(job.metadata.name, "mycronjob-24394200", "{name}");
        assert_eq!(job.metadata.labels.len(), 1, "{name}");
        assert_eq!(job.metadata.annotations.len(), 2, "{name}");
        assert_eq!(
            job.metadata.annotations.get(SCHEDULED_TIMESTAMP_ANNOTATION).map(String::as_str),
            Some(stamp),
            "{name}"
        );
        let owner = &job.metadata.owner_references[0];
        assert_eq!(
            (owner.kind.as_str(), owner.uid.as_str(), owner.controller),
            ("CronJob", "1a2b3c", Some(true)),
            "{name}"
        );
    }
}

/// Sim time of 2026-01-01T10:00:00Z, the top of an hour.
const T1: u64 = 10 * 3_600_000;

fn synced(
    policy: &str,
    suspend: bool,
    deadline: Option<i64>,
    last: Option<u64>,
    active_job: Option<bool>,
    now: u64,
) -> Reconcile {
    let mut cj = cron_job("0 * * * ?", Time::from_sim(T1 - 30 * 60_000).0, last.map(|t| Time::from_sim(t).0), deadline);
    cj.spec.concurrency_policy = policy.into();
    cj.spec.suspend = Some(suspend);
    cj.spec.successful_jobs_history_limit = Some(3);
    cj.spec.failed_jobs_history_limit = Some(1);
    let mut store = Store::new();
    if let Some(finished) = active_job {
        let mut j = Job::default();
        j.metadata.name = "mycronjob-previous".into();
        j.metadata.namespace = "default".into();
        j.metadata.uid = "job-uid".into();
        j.metadata.owner_references = vec![OwnerReference {
            api_version: "batch/v1".into(),
            kind: "CronJob".into(),
            name: "mycronjob".into(),
            uid: "1a2b3c".into(),
            controller: Some(true),
            block_owner_deletion: Some(true),
        }];
        if finished {
            j.status.conditions.push(JobCondition {
                type_: "Complete".into(),
                status: "True".into(),
                ..Default::default()
            });
        }
        cj.status.active.push(json!({"apiVersion": "batch/v1", "kind": "Job", "name": j.metadata.name, "namespace": "default", "uid": "job-uid"}));
        store.put(Object::Job(crate::api::ObjBox::new(j)));
    }
    store.put(Object::CronJob(crate::api::ObjBox::new(cj)));
    reconcile(&Ctx { store: &store, now }, &ObjRef::new(Kind::CronJob, "default", "mycronjob"))
}

/// (jobs created, jobs deleted, event reasons, requeue after)
fn summary(r: &Reconcile) -> (usize, usize, Vec<String>, Option<u64>) {
    let mut created = 0;
    let mut deleted = 0;
    let mut events = Vec::new();
    for a in &r.actions {
        match a {
            Action::Create { .. } => created += 1,
            Action::Delete { .. } => deleted += 1,
            Action::Event { reason, .. } => events.push(reason.clone()),
            _ => {}
        }
    }
    (created, deleted, events, r.requeue_after)
}

// Table following cronjob_controllerv2_test.go TestControllerV2SyncCronJob: hourly schedule,
// created at 09:30; "not time" is 09:59, "is time" 10:00:00.1 (the controller's
// wake-up), A/F/R the concurrency policies, a previous Job still active or done.
#[test]
fn sync_cron_job_follows_upstream_cases() {
    let not_time = T1 - 60_000;
    let is_time = T1 + 100;
    let prior = T1 - 3_600_000;
    let ev = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    type Want = (usize, usize, Vec<String>, Option<u64>);
    let cases: Vec<(&str, Reconcile, Want)> = vec![
        ("never ran, not time, A", synced("Allow", false, None, None, None, not_time), (0, 0, ev(&[]), Some(60_100))),
        ("never ran, is time, A", synced("Allow", false, None, None, None, is_time), (1, 0, ev(&[]), Some(3_600_000))),
        ("never ran, is time, F", synced("Forbid", false, None, None, None, is_time), (1, 0, ev(&[]), Some(3_600_000))),
        (
            "never ran, is time, R",
            synced("Replace", false, None, None, None, is_time),
            (1, 0, ev(&[]), Some(3_600_000)),
        ),
        ("never ran, is time, suspended", synced("Allow", true, None, None, None, is_time), (0, 0, ev(&[]), None)),
        (
            "never ran, is time, past deadline",
            synced("Allow", false, Some(60), None, None, T1 + 120_000),
            (0, 0, ev(&[]), Some(3_600_000 - 120_000 + 100)),
        ),
        (
            "never ran, is time, not past deadline",
            synced("Allow", false, Some(60), None, None, is_time),
            (1, 0, ev(&[]), Some(3_600_000)),
        ),
        (
            "prev ran but done, not time, A",
            synced("Allow", false, None, Some(prior), Some(true), not_time),
            (0, 0, ev(&["SawCompletedJob"]), Some(60_100)),
        ),
        (
            "prev ran but done, is time, A",
            synced("Allow", false, None, Some(prior), Some(true), is_time),
            (1, 0, ev(&["SawCompletedJob"]), Some(3_600_000)),
        ),
        (
            "still active, not time, A",
            synced("Allow", false, None, Some(prior), Some(false), not_time),
            (0, 0, ev(&[]), Some(60_100)),
        ),
        (
            "still active, is time, A",
            synced("Allow", false, None, Some(prior), Some(false), is_time),
            (1, 0, ev(&[]), Some(3_600_000)),
        ),
        (
            "still active, is time, F",
            synced("Forbid", false, None, Some(prior), Some(false), is_time),
            (0, 0, ev(&["JobAlreadyActive"]), Some(3_600_000)),
        ),
        (
            "still active, is time, R",
            synced("Replace", false, None, Some(prior), Some(false), is_time),
            (1, 1, ev(&["SuccessfulDelete"]), Some(3_600_000)),
        ),
        (
            "prev ran but done, long overdue, no deadline, A",
            synced("Allow", false, None, Some(prior), Some(true), T1 + 5 * 3_600_000 + 100),
            (1, 0, ev(&["SawCompletedJob"]), Some(3_600_000)),
        ),
        (
            "prev ran but done, long overdue, past deadline, A",
            synced("Allow", false, Some(60), Some(prior), Some(true), T1 + 5 * 3_600_000 + 120_000),
            (0, 0, ev(&["SawCompletedJob"]), Some(3_600_000 - 120_000 + 100)),
        ),
        (
            "prev ran, far too long ago, A",
            synced("Allow", false, None, Some(prior), Some(true), T1 + 200 * 3_600_000 + 100),
            (1, 0, ev(&["SawCompletedJob", "TooManyMissedTimes"]), Some(3_600_000)),
        ),
    ];
    for (name, r, want) in cases {
        assert_eq!(summary(&r), want, "{name}");
    }
}

#[test]
fn a_created_job_is_listed_by_name_until_the_next_sync_learns_its_uid() {
    let r = synced("Allow", false, None, None, None, T1 + 100);
    let Some(Action::Update { obj: Object::CronJob(cj), .. }) = r.actions.last() else { panic!("no status update") };
    assert_eq!(
        cj.status.active,
        [json!({"apiVersion": "batch/v1", "kind": "Job", "name": "mycronjob-29454360", "namespace": "default"})]
    );
    assert_eq!(cj.status.last_schedule_time, Some(Time::from_sim(T1)));
    let Some(Action::Create { obj: Object::Job(job), event, .. }) = r.actions.first() else { panic!("no create") };
    assert_eq!(job.metadata.name, "mycronjob-29454360");
    assert_eq!(event.as_ref().map(|e| e.message.as_str()), Some("Created job {name}"));
}

#[test]
fn miss_schedule_messages_use_rfc1123z_in_utc() {
    assert_eq!(rfc1123z(TOP), "Thu, 19 May 2016 10:00:00 +0000");
    assert_eq!(rfc1123z(Time::from_sim(0).0), "Thu, 01 Jan 2026 00:00:00 +0000");
}
