//! Every scenario at a small size, with its counts checked, so that none of them rots between
//! benchmark runs.

use super::*;
use kubeplay_core::api::Kind;

fn running(c: &Cluster) -> usize {
    c.store().pods().filter(|p| p.status.phase == "Running" && p.metadata.deletion_timestamp.is_none()).count()
}

#[test]
fn engine_runs_every_bare_pod() {
    let (r, c) = engine(3, 40);
    assert_eq!((r.running_pods, running(&c)), (40, 40));
    assert_eq!(r.objects, 43);
}

#[test]
fn deployment_rolls_every_replica_to_the_new_image() {
    let (r, c) = deployment_rollout(20, 3);
    let d = c.store().deployment("default", "web").expect("the Deployment exists");
    assert_eq!((d.status.updated_replicas, d.status.available_replicas, d.status.replicas), (20, 20, 20));
    let new_image = c
        .store()
        .pods()
        .filter(|p| p.status.phase == "Running" && p.spec.containers.first().is_some_and(|c| c.image == "nginx:1.26"))
        .count();
    assert_eq!((r.running_pods, running(&c), new_image), (20, 20, 20));
}

#[test]
fn daemonset_runs_the_new_image_on_every_node() {
    let (r, c) = daemonset(5);
    assert_eq!(r.running_pods, 5, "{}", r.note);
    let ds = c.store().daemon_set("default", "agent").expect("the DaemonSet exists");
    assert_eq!((ds.status.desired_number_scheduled, ds.status.updated_number_scheduled), (5, 5));
    assert_eq!(running(&c), 5);
}

#[test]
fn replicaset_scales_up_to_all_running_and_back_down_to_none() {
    let (r, c) = replicaset(60, 3);
    assert_eq!(r.running_pods, 60, "{}", r.note);
    assert!(r.note.starts_with("up: 60 running, 60 ready after "), "{}", r.note);
    assert!(r.note.contains(", 0 pods left, status.replicas 0"), "{}", r.note);
    assert_eq!(c.store().count(Kind::Pod), 0);
    let rs = c.store().replica_set("default", "web").expect("the ReplicaSet exists");
    assert_eq!((rs.spec.replicas, rs.status.replicas), (Some(0), 0));
}

#[test]
fn job_runs_to_completion_with_every_pod_succeeded() {
    let (r, c) = job(30, 7, 3);
    let j = c.store().job("default", "work").expect("the Job exists");
    assert!(is_complete(j), "{}", r.note);
    assert_eq!((j.status.succeeded, j.status.failed, j.status.active), (30, 0, 0));
    assert_eq!(r.completed, 30);
    assert_eq!(c.store().pods().filter(|p| p.status.phase == "Succeeded").count(), 30);
}

#[test]
fn cronjob_creates_a_job_a_minute_and_keeps_only_its_history() {
    let (r, c) = cronjob_minutes(20, "cronjob");
    // Created at 00:00:00, the CronJob runs at 00:01 ... 00:19 (the controller wakes 100ms after
    // each time, so 00:20 is past the end); each Job is Complete within seconds, and only the
    // three newest (successfulJobsHistoryLimit's default) are kept.
    assert!(r.note.starts_with("19 Jobs created, 19 seen Complete, 3 kept (3 Complete)"), "{}", r.note);
    assert_eq!(r.completed, 19);
    assert_eq!(c.store().count(Kind::Job), 3, "{}", r.note);
    let cj = c.store().cron_job("default", "tick").expect("the CronJob exists");
    assert!(cj.status.last_successful_time.is_some());
}

#[test]
fn event_tally_agrees_with_the_log_while_nothing_has_expired() {
    // Five nodes roll in well under the events' hour: the log still holds every event.
    let (r, c) = daemonset(5);
    assert!(c.now() < 3_600_000, "{}", c.now());
    assert_eq!(r.events, events_recorded(&c));
    assert!(r.events > 0);
}

#[test]
fn event_tally_keeps_counting_events_the_log_has_expired() {
    // Three hours of a CronJob: the log holds only the last hour's events, the tally all of them.
    let (r, c) = cronjob_minutes(180, "cronjob");
    let kept = events_recorded(&c);
    assert!(r.events > 2 * kept, "{} counted, {kept} kept", r.events);
    let (short, c) = cronjob_minutes(50, "cronjob");
    assert_eq!(short.events, events_recorded(&c));
}

#[test]
fn manifests_stores_every_object_of_the_file() {
    let (r, _) = manifests(60);
    assert_eq!(r.note, "kubectl apply exit 0");
    assert_eq!(r.objects, 60);
}

#[test]
fn scenarios_take_the_issue_sizes_for_arguments_left_out() {
    type Case<'a> = (&'a str, &'a [usize], Result<Vec<usize>, String>);
    let cases: [Case; 4] = [
        ("job", &[], Ok(vec![10_000, 500, 100])),
        ("job", &[20], Ok(vec![20, 500, 100])),
        ("cronjob", &[1], Ok(vec![1])),
        (
            "nosuch",
            &[],
            Err("unknown scenario nosuch (one of: engine, deployment, daemonset, replicaset, job, cronjob, manifests)"
                .into()),
        ),
    ];
    for (name, args, want) in cases {
        assert_eq!(with_defaults(name, args), want, "{name} {args:?}");
    }
}
