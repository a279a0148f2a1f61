use super::*;
use crate::api::batch::JobCondition;
use crate::store::Store;

/// Virtual time of every sync here: 100s in.
const NOW: u64 = 100_000;

fn job(condition: Option<(&str, u64)>, ttl: Option<i32>, deleting: bool) -> Job {
    let mut j = Job::default();
    j.metadata.name = "test".into();
    j.metadata.namespace = "default".into();
    j.metadata.uid = "job-uid".into();
    j.spec.ttl_seconds_after_finished = ttl;
    if let Some((type_, at)) = condition {
        j.status.conditions.push(JobCondition {
            type_: type_.into(),
            status: "True".into(),
            last_transition_time: Some(Time::from_sim(at)),
            ..Default::default()
        });
    }
    if deleting {
        j.metadata.deletion_timestamp = Some(Time::from_sim(NOW));
    }
    j
}

// Table following ttlafterfinished_controller_test.go TestTimeLeft, through processJob: a finished
// Job with a TTL is requeued until it expires, then deleted in the foreground.
#[test]
fn finished_jobs_are_deleted_when_their_ttl_expires() {
    let cases: [(&str, Job, Option<u64>, bool); 8] = [
        ("Error case: Job unfinished", job(None, Some(10), false), None, false),
        ("Error case: Job completed now, no TTL", job(Some(("Complete", NOW)), None, false), None, false),
        ("Job completed now, 0s TTL", job(Some(("Complete", NOW)), Some(0), false), None, true),
        ("Job completed now, 10s TTL", job(Some(("Complete", NOW)), Some(10), false), Some(10_000), false),
        ("Job completed 10s ago, 15s TTL", job(Some(("Complete", NOW - 10_000)), Some(15), false), Some(5_000), false),
        ("Job failed now, 0s TTL", job(Some(("Failed", NOW)), Some(0), false), None, true),
        ("Job failed 10s ago, 15s TTL", job(Some(("Failed", NOW - 10_000)), Some(15), false), Some(5_000), false),
        ("a Job being deleted is left alone", job(Some(("Complete", 0)), Some(0), true), None, false),
    ];
    for (name, j, requeue, deletes) in cases {
        let mut store = Store::new();
        store.put(Object::Job(crate::api::ObjBox::new(j)));
        let r = reconcile(&Ctx { store: &store, now: NOW }, &ObjRef::new(Kind::Job, "default", "test"));
        assert_eq!(r.requeue_after, requeue, "{name}");
        let deleted = r
            .actions
            .iter()
            .any(|a| matches!(a, Action::Delete { propagation: Propagation::Foreground, uid, .. } if uid == "job-uid"));
        assert_eq!(deleted, deletes, "{name}");
    }
}

#[test]
fn only_finished_jobs_with_a_ttl_are_watched() {
    let store = Store::new();
    let change = |j: Job| Change {
        obj: ObjRef::new(Kind::Job, "default", "test"),
        old: None,
        new: Some(Object::Job(crate::api::ObjBox::new(j))),
    };
    assert_eq!(watch(&store, &change(job(Some(("Complete", NOW)), Some(5), false))).len(), 1);
    assert!(watch(&store, &change(job(None, Some(5), false))).is_empty());
    assert!(watch(&store, &change(job(Some(("Complete", NOW)), None, false))).is_empty());
}
