use crate::json::json;

use super::*;
use crate::api::batch::JobStatus;
use crate::api::pod::PodCondition;
use crate::controller::Ctx;

/// Virtual time of every sync here: 100s in.
const NOW: SimTime = 100_000;

struct JobSetup {
    parallelism: i32,
    completions: Option<i32>,
    backoff_limit: i32,
    indexed: bool,
    suspend: bool,
    was_suspended: bool,
    deleting: bool,
    replacement_failed: bool,
}

impl Default for JobSetup {
    fn default() -> Self {
        JobSetup {
            parallelism: 2,
            completions: Some(5),
            backoff_limit: 6,
            indexed: false,
            suspend: false,
            was_suspended: false,
            deleting: false,
            replacement_failed: false,
        }
    }
}

fn new_job(s: &JobSetup) -> Job {
    let mut v = json!({
        "metadata": {"name": "foobar", "namespace": "default", "uid": "job-uid",
                     "creationTimestamp": "2026-01-01T00:00:00Z"},
        "spec": {
            "parallelism": s.parallelism,
            "backoffLimit": s.backoff_limit,
            "completionMode": if s.indexed { "Indexed" } else { "NonIndexed" },
            "podReplacementPolicy": if s.replacement_failed { "Failed" } else { "TerminatingOrFailed" },
            "suspend": s.suspend,
            "selector": {"matchLabels": {"foo": "bar"}},
            "template": {"metadata": {"labels": {"foo": "bar"}},
                         "spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox"}]}}
        }
    });
    if let Some(c) = s.completions {
        v["spec"]["completions"] = json!(c);
    }
    let mut job: Job = crate::api::value::Decode::decode(v).unwrap();
    if s.deleting {
        job.metadata.deletion_timestamp = Some(Time::from_sim(NOW));
        job.metadata.finalizers = vec!["foregroundDeletion".into()];
    }
    if s.was_suspended {
        job.status.conditions.push(new_condition("Suspended", "True", "JobSuspended", "Job suspended", Time(0)));
    }
    job
}

fn pod(job: &Job, name: &str, phase: &str) -> Pod {
    let mut p = Pod::default();
    p.metadata.name = name.into();
    p.metadata.namespace = "default".into();
    p.metadata.uid = format!("uid-{name}");
    p.metadata.labels.insert("foo".into(), "bar".into());
    p.metadata.owner_references = vec![pods::controller_ref(job)];
    p.metadata.finalizers = vec![pods::TRACKING_FINALIZER.into()];
    p.status.phase = phase.into();
    p
}

/// Pods of the upstream tests' `setPodsStatuses`: pending, active (the first `ready` of them
/// Ready), succeeded, failed, and terminating (Running with a deletion timestamp).
fn pod_list(job: &Job, counts: [usize; 5], ready: usize) -> Vec<Pod> {
    let mut out = Vec::new();
    let [pending, active, succeeded, failed, terminating] = counts;
    for (phase, n, tag) in [
        ("Pending", pending, "pending"),
        ("Running", active, "running"),
        ("Succeeded", succeeded, "succeeded"),
        ("Failed", failed, "failed"),
        ("Running", terminating, "terminating"),
    ] {
        for i in 0..n {
            let mut p = pod(job, &format!("{tag}-{i}"), phase);
            if tag == "running" && i < ready {
                p.status.conditions.push(PodCondition {
                    type_: "Ready".into(),
                    status: "True".into(),
                    ..Default::default()
                });
            }
            if tag == "terminating" {
                p.metadata.deletion_timestamp = Some(Time::from_sim(NOW));
            }
            out.push(p);
        }
    }
    out
}

fn indexed_pods(job: &Job, list: &[(&str, &str)]) -> Vec<Pod> {
    list.iter()
        .enumerate()
        .map(|(i, (ix, phase))| {
            let mut p = pod(job, &format!("ix-{ix}-{i}"), phase);
            // "none": the plain pods upstream's setPodsStatuses adds, without an index.
            if *ix != "none" {
                p.metadata.annotations.insert(indexed::COMPLETION_INDEX_ANNOTATION.into(), ix.to_string());
            }
            p
        })
        .collect()
}

/// What one sync did.
#[derive(Debug, Default)]
struct Outcome {
    created_indexes: Vec<Option<i64>>,
    deletions: usize,
    pod_patches: usize,
    status: JobStatus,
    events: Vec<String>,
    requeue: Option<SimTime>,
}

fn sync(job: &Job, pods: &[Pod]) -> Outcome {
    let mut store = Store::new();
    store.put(Object::Job(crate::api::ObjBox::new(job.clone())));
    for p in pods {
        store.put(Object::Pod(crate::api::ObjBox::new(p.clone())));
    }
    let ctx = Ctx { store: &store, now: NOW };
    let r = reconcile(&ctx, &ObjRef::new(Kind::Job, "default", "foobar"));
    let mut out = Outcome { status: job.status.clone(), requeue: r.requeue_after, ..Default::default() };
    for a in r.actions {
        match a {
            Action::Create { obj: Object::Pod(p), .. } => out.created_indexes.push(indexed::completion_index(&p)),
            Action::Delete { target, .. } if target.kind == Kind::Pod => out.deletions += 1,
            Action::Update { obj: Object::Pod(_), .. } => out.pod_patches += 1,
            Action::Update { obj: Object::Job(j), .. } => out.status = j.status.clone(),
            Action::Event { reason, .. } => out.events.push(reason),
            _ => {}
        }
    }
    out
}

fn condition<'a>(s: &'a JobStatus, type_: &str) -> Option<&'a JobCondition> {
    s.conditions.iter().find(|c| c.type_ == type_)
}

/// Expected: creations, deletions, active, succeeded, failed, pod patches.
type Want = (usize, usize, i32, i32, i32, usize);

// Table following job_controller_test.go TestControllerSyncJob (the cases that need no injected
// API errors or expectations; v1.32 behaviour: terminal conditions after the interim ones).
#[test]
fn sync_job_creates_deletes_and_counts_as_upstream_cases_expect() {
    let wq = |parallelism| JobSetup { parallelism, completions: None, ..Default::default() };
    let cases: Vec<(&str, JobSetup, [usize; 5], Want)> = vec![
        ("job start", JobSetup::default(), [0, 0, 0, 0, 0], (2, 0, 2, 0, 0, 0)),
        ("WQ job start", wq(2), [0, 0, 0, 0, 0], (2, 0, 2, 0, 0, 0)),
        ("pending pods", JobSetup::default(), [2, 0, 0, 0, 0], (0, 0, 2, 0, 0, 0)),
        ("correct # of pods", JobSetup { parallelism: 3, ..Default::default() }, [0, 3, 0, 0, 0], (0, 0, 3, 0, 0, 0)),
        ("WQ job: correct # of pods", wq(2), [0, 2, 0, 0, 0], (0, 0, 2, 0, 0, 0)),
        ("too few active pods", JobSetup::default(), [0, 1, 1, 0, 0], (1, 0, 2, 1, 0, 1)),
        ("WQ job: recreate pods when terminating or failed", wq(1), [0, 1, 0, 1, 1], (0, 0, 1, 0, 2, 2)),
        ("too few active pods with a dynamic job", wq(2), [0, 1, 0, 0, 0], (1, 0, 2, 0, 0, 0)),
        ("too many active pods", JobSetup::default(), [0, 3, 0, 0, 0], (0, 1, 2, 0, 0, 1)),
        ("failed + succeed pods: reset backoff delay", JobSetup::default(), [0, 1, 1, 1, 0], (1, 0, 2, 1, 1, 2)),
        ("new failed pod", JobSetup::default(), [0, 1, 0, 1, 0], (1, 0, 2, 0, 1, 1)),
        ("job finish", JobSetup::default(), [0, 0, 5, 0, 0], (0, 0, 0, 5, 0, 5)),
        ("WQ job finishing", wq(2), [0, 1, 1, 0, 0], (0, 0, 1, 1, 0, 1)),
        ("WQ job all finished", wq(2), [0, 0, 2, 0, 0], (0, 0, 0, 2, 0, 2)),
        ("WQ job all finished despite one failure", wq(2), [0, 0, 1, 1, 0], (0, 0, 0, 1, 1, 2)),
        ("more active pods than parallelism", JobSetup::default(), [0, 10, 0, 0, 0], (0, 8, 2, 0, 0, 8)),
        (
            "more active pods than remaining completions",
            JobSetup { parallelism: 3, completions: Some(4), ..Default::default() },
            [0, 3, 2, 0, 0],
            (0, 1, 2, 2, 0, 3),
        ),
        ("status change", JobSetup::default(), [0, 2, 2, 0, 0], (0, 0, 2, 2, 0, 2)),
        ("deleting job", JobSetup { deleting: true, ..Default::default() }, [1, 1, 1, 0, 0], (0, 0, 2, 1, 0, 3)),
        (
            "suspending a job with satisfied expectations",
            JobSetup { suspend: true, completions: Some(4), ..Default::default() },
            [0, 2, 0, 0, 0],
            (0, 2, 0, 0, 0, 2),
        ),
        (
            "resuming a suspended job",
            JobSetup { was_suspended: true, completions: Some(4), ..Default::default() },
            [0, 0, 0, 0, 0],
            (2, 0, 2, 0, 0, 0),
        ),
        (
            "suspending a deleted job",
            JobSetup { suspend: true, deleting: true, completions: Some(4), ..Default::default() },
            [0, 2, 0, 0, 0],
            (0, 0, 2, 0, 0, 2),
        ),
    ];
    for (name, setup, counts, want) in cases {
        let job = new_job(&setup);
        let o = sync(&job, &pod_list(&job, counts, 0));
        let got =
            (o.created_indexes.len(), o.deletions, o.status.active, o.status.succeeded, o.status.failed, o.pod_patches);
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn finished_jobs_get_the_interim_condition_then_the_terminal_one_in_the_same_sync_when_nothing_terminates() {
    // "job finish": SuccessCriteriaMet then Complete, with reason CompletionsReached (v1.31+).
    let job = new_job(&JobSetup::default());
    let o = sync(&job, &pod_list(&job, [0, 0, 5, 0, 0], 0));
    let types: Vec<&str> = o.status.conditions.iter().map(|c| c.type_.as_str()).collect();
    assert_eq!(types, ["SuccessCriteriaMet", "Complete"]);
    assert!(o
        .status
        .conditions
        .iter()
        .all(|c| c.reason == "CompletionsReached" && c.message == "Reached expected number of succeeded pods"));
    assert_eq!(o.status.completion_time, Some(Time::from_sim(NOW)));
    assert_eq!(o.events, ["Completed"]);
    // "too many job failures": backoffLimit 0 and one failed pod.
    let job = new_job(&JobSetup { backoff_limit: 0, deleting: true, ..Default::default() });
    let o = sync(&job, &pod_list(&job, [0, 0, 0, 1, 0], 0));
    let got: Vec<(&str, &str)> = o.status.conditions.iter().map(|c| (c.type_.as_str(), c.reason.as_str())).collect();
    assert_eq!(got, [("FailureTarget", "BackoffLimitExceeded"), ("Failed", "BackoffLimitExceeded")]);
    assert_eq!(o.events, ["BackoffLimitExceeded"]);
}

#[test]
fn a_failing_job_with_running_pods_waits_for_them_before_failed() {
    let job = new_job(&JobSetup { backoff_limit: 1, ..Default::default() });
    let o = sync(&job, &pod_list(&job, [0, 1, 0, 2, 0], 0));
    assert_eq!(o.deletions, 1, "the active pod is deleted");
    assert_eq!(o.status.failed, 3, "the deleted pod counts as failed");
    assert_eq!(o.status.terminating, Some(1));
    assert_eq!(condition(&o.status, "FailureTarget").map(|c| c.reason.as_str()), Some("BackoffLimitExceeded"));
    assert_eq!(condition(&o.status, "Failed"), None);
    assert!(!o.events.contains(&"BackoffLimitExceeded".to_string()));
}

#[test]
fn suspension_and_resumption_set_the_suspended_condition_and_events() {
    let job = new_job(&JobSetup { suspend: true, completions: Some(4), ..Default::default() });
    let o = sync(&job, &pod_list(&job, [0, 2, 0, 0, 0], 0));
    let c = condition(&o.status, "Suspended").unwrap();
    assert_eq!((c.status.as_str(), c.reason.as_str(), c.message.as_str()), ("True", "JobSuspended", "Job suspended"));
    assert_eq!(o.status.start_time, None, "a Job created suspended has not started");
    assert_eq!(o.status.failed, 0, "pods deleted for suspension are not failures");
    assert!(o.events.contains(&"Suspended".to_string()));
    let job = new_job(&JobSetup { was_suspended: true, completions: Some(4), ..Default::default() });
    let o = sync(&job, &[]);
    let c = condition(&o.status, "Suspended").unwrap();
    assert_eq!((c.status.as_str(), c.reason.as_str(), c.message.as_str()), ("False", "JobResumed", "Job resumed"));
    assert_eq!(o.status.start_time, Some(Time::from_sim(NOW)));
    assert_eq!(o.events, ["Resumed"]);
}

// Table following TestControllerSyncJob's Indexed cases.
#[test]
fn indexed_jobs_start_missing_indexes_and_remove_duplicates_as_upstream_cases_expect() {
    let setup = |parallelism, completions| JobSetup {
        parallelism,
        completions: Some(completions),
        indexed: true,
        ..Default::default()
    };
    type IxWant = (Vec<i64>, usize, i32, i32, i32, &'static str);
    type Case<'a> = (&'a str, JobSetup, Vec<(&'a str, &'a str)>, IxWant);
    let cases: Vec<Case> = vec![
        ("indexed job start", setup(2, 5), vec![], (vec![0, 1], 0, 2, 0, 0, "")),
        (
            "indexed job completed",
            setup(2, 3),
            vec![("0", "Succeeded"), ("1", "Failed"), ("1", "Succeeded"), ("2", "Succeeded")],
            (vec![], 0, 0, 3, 1, "0-2"),
        ),
        (
            "indexed job repeated completed index",
            setup(2, 3),
            vec![("0", "Succeeded"), ("1", "Succeeded"), ("1", "Succeeded")],
            (vec![2], 0, 1, 2, 0, "0,1"),
        ),
        (
            "indexed job some running and completed pods",
            setup(8, 20),
            vec![
                ("0", "Running"),
                ("2", "Succeeded"),
                ("3", "Pending"),
                ("4", "Succeeded"),
                ("5", "Succeeded"),
                ("7", "Succeeded"),
                ("8", "Succeeded"),
                ("9", "Succeeded"),
            ],
            (vec![1, 6, 10, 11, 12, 13], 0, 8, 6, 0, "2,4,5,7-9"),
        ),
        (
            "indexed job some failed pods",
            setup(3, 4),
            vec![("0", "Failed"), ("1", "Pending"), ("2", "Failed")],
            (vec![0, 2], 0, 3, 0, 2, ""),
        ),
        (
            "indexed job some pods without index",
            setup(2, 5),
            vec![
                ("none", "Running"),
                ("none", "Succeeded"),
                ("none", "Failed"),
                ("invalid", "Running"),
                ("invalid", "Succeeded"),
                ("invalid", "Failed"),
                ("invalid", "Pending"),
                ("0", "Succeeded"),
                ("1", "Running"),
                ("2", "Running"),
            ],
            (vec![], 3, 2, 1, 0, "0"),
        ),
        (
            "indexed job repeated indexes",
            setup(5, 5),
            vec![
                ("none", "Succeeded"),
                ("none", "Failed"),
                ("invalid", "Running"),
                ("0", "Succeeded"),
                ("1", "Running"),
                ("2", "Running"),
                ("2", "Pending"),
            ],
            (vec![], 2, 2, 1, 0, "0"),
        ),
        (
            "indexed job with indexes outside of range",
            setup(2, 5),
            vec![("0", "Succeeded"), ("5", "Running"), ("6", "Succeeded"), ("7", "Pending"), ("8", "Failed")],
            (vec![], 2, 0, 1, 0, "0"),
        ),
    ];
    for (name, s, list, want) in cases {
        let job = new_job(&s);
        let o = sync(&job, &indexed_pods(&job, &list));
        let created: Vec<i64> = o.created_indexes.iter().flatten().copied().collect();
        let got = (
            created,
            o.deletions,
            o.status.active,
            o.status.succeeded,
            o.status.failed,
            o.status.completed_indexes.as_deref().unwrap_or(""),
        );
        assert_eq!(got, want, "{name}");
    }
}

// Cases following TestSyncJobPastDeadline (v1.32: FailureTarget, then Failed once no pod is
// terminating).
#[test]
fn active_deadline_fails_the_job_unless_suspended() {
    // (name, parallelism, completions, activeDeadlineSeconds, started ago, pods, suspended,
    // deletions, FailureTarget reason, Failed already)
    type Case<'a> = (&'a str, i32, Option<i32>, i64, i64, [usize; 5], bool, usize, &'a str, bool);
    let cases: [Case; 5] = [
        (
            "activeDeadlineSeconds less than single pod execution",
            1,
            Some(1),
            10,
            15,
            [0, 1, 0, 0, 0],
            false,
            1,
            "DeadlineExceeded",
            false,
        ),
        (
            "activeDeadlineSeconds bigger than single pod execution",
            1,
            Some(2),
            10,
            15,
            [0, 1, 1, 0, 0],
            false,
            1,
            "DeadlineExceeded",
            false,
        ),
        (
            "activeDeadlineSeconds times-out before any pod starts",
            1,
            Some(1),
            10,
            10,
            [0, 0, 0, 0, 0],
            false,
            0,
            "DeadlineExceeded",
            true,
        ),
        (
            "activeDeadlineSeconds with backofflimit reach",
            1,
            Some(1),
            1,
            10,
            [0, 0, 0, 1, 0],
            false,
            0,
            "BackoffLimitExceeded",
            true,
        ),
        (
            "activeDeadlineSeconds is not triggered when Job is suspended",
            2,
            Some(2),
            10,
            15,
            [0, 0, 0, 0, 0],
            true,
            0,
            "",
            false,
        ),
    ];
    for (name, parallelism, completions, ads, started_ago, counts, suspend, deletions, reason, failed_now) in cases {
        let backoff_limit = if reason == "BackoffLimitExceeded" { 0 } else { 6 };
        let mut job = new_job(&JobSetup { parallelism, completions, suspend, backoff_limit, ..Default::default() });
        job.spec.active_deadline_seconds = Some(ads);
        job.status.start_time = Some(Time::from_sim(NOW - u64::try_from(started_ago).unwrap() * 1000));
        let o = sync(&job, &pod_list(&job, counts, 0));
        assert_eq!(o.deletions, deletions, "{name}");
        assert_eq!(condition(&o.status, "FailureTarget").map_or("", |c| c.reason.as_str()), reason, "{name}");
        assert_eq!(condition(&o.status, "Failed").is_some(), failed_now, "{name}");
    }
}

#[test]
fn a_job_within_its_deadline_is_requeued_for_it() {
    let mut job = new_job(&JobSetup { parallelism: 1, completions: Some(1), ..Default::default() });
    job.spec.active_deadline_seconds = Some(60);
    job.status.start_time = Some(Time::from_sim(NOW - 15_000));
    let o = sync(&job, &pod_list(&job, [0, 1, 0, 0, 0], 0));
    assert_eq!(o.requeue, Some(45_000));
}

// Cases following TestPastBackoffLimitOnFailure (restartPolicy OnFailure: the restart counts of
// running and pending pods are summed).
#[test]
fn restarts_count_towards_the_backoff_limit_with_restart_policy_on_failure() {
    // (name, backoffLimit, pods as (phase, restarts), fails)
    type Case<'a> = (&'a str, i32, &'a [(&'a str, i32)], bool);
    let cases: [Case; 6] = [
        ("backoffLimit 0 should have 1 pod active", 0, &[("Running", 0)], false),
        ("backoffLimit 1 with restartCount 0 should have 1 pod active", 1, &[("Running", 0)], false),
        ("backoffLimit 1 with restartCount 1 should have 0 pod active", 1, &[("Running", 1)], true),
        ("too many job failures with podRunning - single pod", 2, &[("Running", 2)], true),
        ("too many job failures with podRunning - multiple pods", 2, &[("Running", 1), ("Running", 1)], true),
        ("not enough failures with podPending", 6, &[("Pending", 5)], false),
    ];
    for (name, limit, pods_spec, fails) in cases {
        let mut job = new_job(&JobSetup {
            parallelism: pods_spec.len() as i32,
            completions: Some(5),
            backoff_limit: limit,
            ..Default::default()
        });
        job.spec.template.spec.restart_policy = "OnFailure".into();
        let pods: Vec<Pod> = pods_spec
            .iter()
            .enumerate()
            .map(|(i, (phase, restarts))| {
                let mut p = pod(&job, &format!("p{i}"), phase);
                p.status.container_statuses =
                    vec![crate::api::pod::ContainerStatus { restart_count: *restarts, ..Default::default() }];
                p
            })
            .collect();
        let o = sync(&job, &pods);
        assert_eq!(condition(&o.status, "FailureTarget").is_some(), fails, "{name}");
    }
}

#[test]
fn a_recent_failure_delays_the_replacement_by_the_back_off() {
    // "too few active pods and active back-off": one failure just now, so nothing is created and
    // the sync comes back after the 10s back-off.
    let job = new_job(&JobSetup { parallelism: 1, completions: Some(1), ..Default::default() });
    let mut failed = pod(&job, "failed-0", "Failed");
    failed.metadata.finalizers.clear();
    failed.metadata.creation_timestamp = Some(Time::from_sim(NOW - 2_000));
    failed.status.conditions.push(PodCondition {
        type_: "Ready".into(),
        status: "False".into(),
        last_transition_time: Some(Time::from_sim(NOW)),
        ..Default::default()
    });
    let o = sync(&job, &[failed.clone()]);
    assert_eq!((o.created_indexes.len(), o.requeue), (0, Some(10_000)));
    // "too few active pods and no back-offs": the same failure 10s ago.
    failed.status.conditions[0].last_transition_time = Some(Time::from_sim(NOW - 10_000));
    let o = sync(&job, &[failed]);
    assert_eq!(o.created_indexes.len(), 1);
}

#[test]
fn v1_32_reports_no_active_pods_while_waiting_for_the_back_off_and_so_writes_no_status_when_some_are_ready() {
    let job = new_job(&JobSetup { parallelism: 2, completions: Some(5), ..Default::default() });
    let mut pods = pod_list(&job, [0, 1, 0, 0, 0], 1);
    let mut failed = pod(&job, "failed-0", "Failed");
    failed.status.conditions.push(PodCondition {
        type_: "Ready".into(),
        status: "False".into(),
        last_transition_time: Some(Time::from_sim(NOW)),
        ..Default::default()
    });
    pods.push(failed);
    let o = sync(&job, &pods);
    assert_eq!(o.created_indexes.len(), 0);
    assert_eq!(o.pod_patches, 0, "finalizers wait with the refused status");
    assert_eq!(o.status.failed, 0);
    assert_eq!(o.requeue, Some(10_000));
}

#[test]
fn a_pod_failure_policy_can_fail_the_job_or_ignore_failures() {
    let mut job = new_job(&JobSetup { parallelism: 1, completions: Some(1), ..Default::default() });
    job.spec.pod_failure_policy = Some(json!({"rules": [
        {"action": "FailJob", "onExitCodes": {"containerName": "c", "operator": "In", "values": [42]}},
        {"action": "Ignore", "onExitCodes": {"operator": "In", "values": [3]}}
    ]}));
    job.spec.pod_replacement_policy = Some("Failed".into());
    let exited = |code: i32| {
        let mut p = pod(&job, &format!("exit-{code}"), "Failed");
        p.status.container_statuses = vec![crate::api::pod::ContainerStatus {
            name: "c".into(),
            state: crate::api::pod::ContainerState {
                terminated: Some(Box::new(crate::api::pod::StateTerminated { exit_code: code, ..Default::default() })),
                ..Default::default()
            },
            ..Default::default()
        }];
        p
    };
    let o = sync(&job, &[exited(42)]);
    let c = condition(&o.status, "Failed").unwrap();
    assert_eq!(c.reason, "PodFailurePolicy");
    assert_eq!(
        c.message,
        "Container c for pod default/exit-42 failed with exit code 42 matching FailJob rule at index 0"
    );
    let o = sync(&job, &[exited(3)]);
    assert_eq!((o.status.failed, o.pod_patches), (0, 1), "ignored, but its finalizer still goes");
    let o = sync(&job, &[exited(1)]);
    assert_eq!(o.status.failed, 1);
}

#[test]
fn orphan_pods_matching_the_selector_are_adopted_and_released_ones_lose_the_owner() {
    let job = new_job(&JobSetup { parallelism: 1, completions: Some(1), ..Default::default() });
    let mut orphan = pod(&job, "orphan", "Running");
    orphan.metadata.owner_references.clear();
    orphan.metadata.finalizers.clear();
    let mut relabeled = pod(&job, "relabeled", "Running");
    relabeled.metadata.labels.insert("foo".into(), "other".into());
    let mut store = Store::new();
    store.put(Object::Pod(crate::api::ObjBox::new(orphan)));
    store.put(Object::Pod(crate::api::ObjBox::new(relabeled)));
    let claimed = pods::claim_pods(&store, &job);
    assert_eq!(claimed.adopt.len(), 1);
    assert_eq!(claimed.adopt[0].metadata.owner_references[0].uid, "job-uid");
    assert_eq!(claimed.adopt[0].metadata.finalizers, [pods::TRACKING_FINALIZER]);
    assert_eq!(claimed.release.len(), 1);
    assert!(claimed.release[0].metadata.owner_references.is_empty());
    assert_eq!(claimed.pods.len(), 1);
}

#[test]
fn claiming_keeps_the_pods_already_counted_apart_from_those_still_tracked() {
    let job = new_job(&JobSetup { parallelism: 1, completions: Some(1), ..Default::default() });
    // (name, phase, holds the tracking finalizer); counted pods are finished and lost it.
    let list = [
        ("a-running", "Running", true),
        ("b-succeeded-uncounted", "Succeeded", true),
        ("c-succeeded-counted", "Succeeded", false),
        ("d-failed-counted", "Failed", false),
        ("e-failed-uncounted", "Failed", true),
        ("f-pending-without-finalizer", "Pending", false),
    ];
    let mut store = Store::new();
    for (name, phase, finalizer) in list {
        let mut p = pod(&job, name, phase);
        if !finalizer {
            p.metadata.finalizers.clear();
        }
        store.put(Object::Pod(crate::api::ObjBox::new(p)));
    }
    let claimed = pods::claim_pods(&store, &job);
    let names = |pods: Vec<&Pod>| pods.iter().map(|p| p.metadata.name.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(claimed.pods.iter().map(|p| p.as_ref()).collect()),
        ["a-running", "b-succeeded-uncounted", "e-failed-uncounted", "f-pending-without-finalizer"]
    );
    assert_eq!(names(claimed.counted_succeeded.clone()), ["c-succeeded-counted"]);
    assert_eq!(names(claimed.counted_failed.clone()), ["d-failed-counted"]);
    assert_eq!(names(claimed.all()), list.map(|(n, _, _)| n.to_string()));
}

// Tables following indexed_job_utils_test.go TestIntervalsHaveIndex, TestParseIndexesFromString
// and TestFirstPendingIndexes.
#[test]
fn ordered_intervals_parse_print_and_answer_membership_as_upstream() {
    let parse = |s: &str, c: i64| OrderedIntervals::parse(s, c);
    let cases: [(&str, i64, &str, i64); 6] = [
        ("", 3, "", 0),
        ("1", 3, "1", 1),
        ("1,3", 5, "1,3", 2),
        ("0-4,7,8", 10, "0-4,7,8", 7),
        ("1-3,5-6,8", 7, "1-3,5,6", 5),
        ("0-2,a,4,5-x", 10, "0-2,4", 4),
    ];
    for (input, completions, printed, total) in cases {
        let iv = parse(input, completions);
        assert_eq!((iv.to_string(), iv.total()), (printed.to_string(), total), "{input:?}");
    }
    let iv = parse("0,3-5,8-10", 20);
    let members: Vec<i64> = (0..12).filter(|i| iv.has(*i)).collect();
    assert_eq!(members, [0, 3, 4, 5, 8, 9, 10]);
    assert_eq!(parse("0-2", 10).with_ordered_indexes(&[3, 5]).to_string(), "0-3,5");
}

#[test]
fn first_pending_indexes_skip_succeeded_and_running_ones() {
    let job = new_job(&JobSetup { indexed: true, ..Default::default() });
    // (name, succeeded indexes, active indexes, count, completions, want)
    type Case<'a> = (&'a str, &'a str, &'a [&'a str], i64, i64, &'a [i64]);
    let cases: [Case; 5] = [
        ("cnt greater than completions", "", &[], 5, 2, &[0, 1]),
        ("cnt less than completions", "", &[], 2, 5, &[0, 1]),
        ("first pods active", "", &["0", "1"], 3, 5, &[2, 3, 4]),
        ("last pods active or succeeded", "4", &["6"], 4, 7, &[0, 1, 2, 3]),
        ("mixed", "3-5,7", &["0", "2", "8"], 2, 10, &[1, 6]),
    ];
    for (name, succeeded, active, count, completions, want) in cases {
        let pods = indexed_pods(&job, &active.iter().map(|ix| (*ix, "Running")).collect::<Vec<_>>());
        let active: Vec<&Pod> = pods.iter().collect();
        let got = indexed::first_pending_indexes(
            &active,
            &[],
            &OrderedIntervals::parse(succeeded, completions),
            count,
            completions,
        );
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn indexed_pod_names_are_cut_to_fit_the_generated_name() {
    assert_eq!(indexed::generate_name_with_index("shards", 3), "shards-3-");
    let long = "a".repeat(60);
    let got = indexed::generate_name_with_index(&long, 12);
    assert_eq!(got, format!("{}-12-", "a".repeat(54)));
    assert_eq!(got.len(), 58);
}

// Cases following TestControllerSyncJob's "limited pods": at most 500 creations per sync.
#[test]
fn at_most_500_pods_are_created_in_one_sync() {
    let job = new_job(&JobSetup { parallelism: 700, completions: Some(1000), ..Default::default() });
    let o = sync(&job, &[]);
    assert_eq!((o.created_indexes.len(), o.status.active), (500, 500));
}
