//! The machinery the pod-owning controllers (ReplicaSet, ReplicationController, DaemonSet, Job)
//! share, after pkg/controller/controller_utils.go and controller_ref_manager.go: which pods are
//! active, claiming pods (adopt and release, as Update actions), pods made from a template and
//! the actions and events that create and delete them, slow start, availability, and the
//! deletion ranking (`ranking`).
//!
//! Expectations (`ControllerExpectations`) have no counterpart: a controller here reads the
//! store itself, which already holds every create and delete it asked for, so what upstream
//! waits to observe is always observed by the next sync.

pub mod ranking;

use crate::json::Value;

use crate::api::meta::{ObjectMeta, OwnerReference};
use crate::api::pod::{Pod, PodTemplateSpec};
use crate::api::{Kind, Object};
use crate::manifest::field::go_quote;
use crate::manifest::{defaults, strategy};
use crate::store::{ObjRef, Store};

use super::{Action, CreatedEvent, EventType, Propagation};

/// `SlowStartInitialBatchSize`.
pub const SLOW_START_INITIAL_BATCH_SIZE: usize = 1;

/// Event reasons (`SuccessfulCreatePodReason`, ...).
pub const SUCCESSFUL_CREATE_POD_REASON: &str = "SuccessfulCreate";
pub const FAILED_CREATE_POD_REASON: &str = "FailedCreate";
pub const SUCCESSFUL_DELETE_POD_REASON: &str = "SuccessfulDelete";
pub const FAILED_DELETE_POD_REASON: &str = "FailedDelete";

/// The controller object that owns pods: what ownerRefs, events and explanations need of it.
#[derive(Clone, Copy, Debug)]
pub struct Owner<'a> {
    pub kind: Kind,
    pub meta: &'a ObjectMeta,
}

impl<'a> Owner<'a> {
    pub fn new(kind: Kind, meta: &'a ObjectMeta) -> Owner<'a> {
        Owner { kind, meta }
    }

    pub fn obj_ref(&self) -> ObjRef {
        ObjRef::new(self.kind, self.meta.namespace.clone(), self.meta.name.clone())
    }

    /// `metav1.NewControllerRef`: controller and blockOwnerDeletion both true.
    pub fn controller_ref(&self) -> OwnerReference {
        OwnerReference {
            api_version: self.kind.api_version().into(),
            kind: self.kind.name().into(),
            name: self.meta.name.clone(),
            uid: self.meta.uid.clone(),
            controller: Some(true),
            block_owner_deletion: Some(true),
        }
    }

    /// `replicaset/web`, as explanations name the owner.
    pub fn describe(&self) -> String {
        format!("{}/{}", self.kind.name().to_ascii_lowercase(), self.meta.name)
    }

    /// Whether `pod`'s controller is this object.
    pub fn controls(&self, pod: &Pod) -> bool {
        pod.metadata.controller_ref().is_some_and(|r| r.uid == self.meta.uid)
    }
}

/// `IsPodActive`: not Succeeded, not Failed, not being deleted.
pub fn is_pod_active(pod: &Pod) -> bool {
    pod.is_active()
}

/// `IsPodTerminating`: being deleted but not yet terminal.
pub fn is_pod_terminating(pod: &Pod) -> bool {
    !pod.is_terminal() && pod.metadata.deletion_timestamp.is_some()
}

/// `FilterActivePods`.
pub fn filter_active_pods<'a>(pods: impl IntoIterator<Item = &'a Pod>) -> Vec<&'a Pod> {
    pods.into_iter().filter(|p| is_pod_active(p)).collect()
}

/// Every pod in `namespace`, by name.
pub fn pods_in<'a>(store: &'a Store, namespace: &str) -> impl Iterator<Item = &'a Pod> {
    store.list_in(Kind::Pod, namespace).filter_map(|o| match o {
        Object::Pod(p) => Some(p.as_ref()),
        _ => None,
    })
}

/// What a claim pass found: the pods the owner now controls (adopted ones included).
#[derive(Debug, Default)]
pub struct Claimed<'a> {
    pub pods: Vec<&'a Pod>,
    pub adopted: usize,
    pub released: usize,
}

/// `PodControllerRefManager.ClaimPods` over `pods` (already the active ones, for controllers that
/// claim only those): pods another controller owns are left alone; owned pods that no longer
/// match are released unless the owner is being deleted; orphans that match are adopted unless
/// the owner or the pod is being deleted. Adoptions and releases are pushed to `actions` as pod
/// updates; `finalizers` are added on adoption and removed on release (the Job's tracking
/// finalizer). `selector` is how the explanation names the selector.
pub fn claim_pods<'a>(
    owner: Owner,
    pods: impl IntoIterator<Item = &'a Pod>,
    matches: impl Fn(&Pod) -> bool,
    finalizers: &[&str],
    selector: &str,
    actions: &mut Vec<Action>,
) -> Claimed<'a> {
    let mut out = Claimed::default();
    let owner_deleting = owner.meta.deletion_timestamp.is_some();
    for pod in pods {
        match pod.metadata.controller_ref() {
            Some(r) if r.uid != owner.meta.uid => {}
            Some(_) => {
                if matches(pod) {
                    out.pods.push(pod);
                } else if !owner_deleting {
                    actions.push(Action::Update {
                        obj: Object::Pod(crate::api::ObjBox::new(release_pod(pod, &owner.meta.uid, finalizers))),
                        why: format!(
                            "released by {}: its labels no longer match the selector {selector}; it keeps running without a controller",
                            owner.describe()
                        ),
                    });
                    out.released += 1;
                }
            }
            None => {
                if owner_deleting
                    || !matches(pod)
                    || pod.metadata.deletion_timestamp.is_some()
                    || (!owner.meta.namespace.is_empty() && owner.meta.namespace != pod.metadata.namespace)
                {
                    continue;
                }
                actions.push(Action::Update {
                    obj: Object::Pod(crate::api::ObjBox::new(adopt_pod(pod, owner, finalizers))),
                    why: format!(
                        "adopted by {}: it had no controller and its labels match the selector {selector}",
                        owner.describe()
                    ),
                });
                out.adopted += 1;
                out.pods.push(pod);
            }
        }
    }
    out
}

/// The pod after `ownerRefControllerPatch`: the controller ref merged in by uid, `finalizers`
/// added.
pub fn adopt_pod(pod: &Pod, owner: Owner, finalizers: &[&str]) -> Pod {
    let mut p = pod.clone();
    let r = owner.controller_ref();
    match p.metadata.owner_references.iter_mut().find(|o| o.uid == r.uid) {
        Some(existing) => *existing = r,
        None => p.metadata.owner_references.push(r),
    }
    for f in finalizers {
        if !p.metadata.finalizers.iter().any(|x| x == f) {
            p.metadata.finalizers.push((*f).to_string());
        }
    }
    p
}

/// The pod after `GenerateDeleteOwnerRefStrategicMergeBytes`: the owner's reference and
/// `finalizers` removed.
pub fn release_pod(pod: &Pod, owner_uid: &str, finalizers: &[&str]) -> Pod {
    let mut p = pod.clone();
    p.metadata.owner_references.retain(|o| o.uid != owner_uid);
    p.metadata.finalizers.retain(|f| !finalizers.contains(&f.as_str()));
    p
}

/// `getPodsPrefix`: `<name>-`, or the bare name when the dash would make it too long.
pub fn pods_prefix(controller_name: &str) -> String {
    // ValidatePodName(prefix, true) masks the trailing dash and checks a DNS subdomain (253).
    if controller_name.len() < 253 {
        format!("{controller_name}-")
    } else {
        controller_name.to_string()
    }
}

/// `GetPodFromTemplate`: the template's labels, annotations, finalizers and spec, the owner's
/// controller ref, and `generateName` from the owner's name, in the owner's namespace.
pub fn get_pod_from_template(template: &PodTemplateSpec, owner: Owner) -> Pod {
    let mut pod = Pod::default();
    pod.metadata.namespace = owner.meta.namespace.clone();
    pod.metadata.generate_name = pods_prefix(&owner.meta.name);
    pod.metadata.labels = template.metadata.labels.clone();
    pod.metadata.annotations = template.metadata.annotations.clone();
    pod.metadata.finalizers = template.metadata.finalizers.clone();
    pod.metadata.owner_references.push(owner.controller_ref());
    pod.spec = template.spec.clone().into();
    pod
}

/// What creating a pod would meet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CreateCheck {
    Allowed,
    /// The namespace is terminating: upstream treats the refusal as done and records nothing.
    NamespaceTerminating,
    /// Refused with `message` (the error's text); `event` says whether `FailedCreate` is recorded
    /// (it is not for the client-side "no labels" check).
    Refused {
        message: String,
        event: bool,
    },
}

/// Foresees how a pod create would end, so a controller can stop its slow start after the first
/// failed batch and report the error in its status, as upstream does when the apiserver answers.
/// It runs the checks a pod from a valid template can fail: `createPods`' label check, the
/// NamespaceLifecycle admission, and the pod admission plugins (`strategy::admit_pod`, e.g. an
/// unknown priorityClassName). Admission errors name the pod by its generateName, because the
/// apiserver generates the name after admission.
pub fn check_create(store: &Store, pod: &Pod) -> CreateCheck {
    if pod.metadata.labels.is_empty() {
        return CreateCheck::Refused { message: "unable to create pods, no labels".into(), event: false };
    }
    let ns = &pod.metadata.namespace;
    match store.namespace("", ns) {
        None => {
            return CreateCheck::Refused {
                message: format!("{} {} not found", Kind::Namespace.group_resource(), go_quote(ns)),
                event: true,
            }
        }
        Some(n) if n.metadata.deletion_timestamp.is_some() => return CreateCheck::NamespaceTerminating,
        Some(_) => {}
    }
    if let Some(message) = pod_limit_refusal(store, pod, 0) {
        return CreateCheck::Refused { message, event: true };
    }
    let mut value = Object::Pod(crate::api::ObjBox::new(pod.clone())).to_value();
    if let Value::Object(map) = &mut value {
        defaults::apply_defaults(Kind::Pod, map);
        if let Err(reason) = strategy::admit_pod(map, "xxxxx") {
            let name = if pod.metadata.name.is_empty() { &pod.metadata.generate_name } else { &pod.metadata.name };
            return CreateCheck::Refused {
                message: format!("{} {} is forbidden: {reason}", Kind::Pod.group_resource(), go_quote(name)),
                event: true,
            };
        }
    }
    CreateCheck::Allowed
}

/// The refusal of `pod` by the playground's pod limit when `pending` pods are already being
/// created in this sync (named by its generateName, as admission errors are).
pub fn pod_limit_refusal(store: &Store, pod: &Pod, pending: usize) -> Option<String> {
    let reason = crate::cluster::apiserver::pod_limit_refusal(store, pending)?;
    let name = if pod.metadata.name.is_empty() { &pod.metadata.generate_name } else { &pod.metadata.name };
    Some(format!("{} {} is forbidden: {reason}", Kind::Pod.group_resource(), go_quote(name)))
}

/// Creates `pod` for `owner` (`RealPodControl.createPods`): `SuccessfulCreate "Created pod: <name>"`
/// on success, `FailedCreate "Error creating: <err>"` on failure, both about the owner.
pub fn create_pod(pod: Pod, owner: Owner, why: String) -> Action {
    let about = owner.obj_ref();
    Action::Create {
        obj: Object::Pod(crate::api::ObjBox::new(pod)),
        why,
        event: Some(CreatedEvent {
            about: about.clone(),
            type_: EventType::Normal,
            reason: SUCCESSFUL_CREATE_POD_REASON.into(),
            message: "Created pod: {name}".into(),
        }),
        failed: Some(CreatedEvent {
            about,
            type_: EventType::Warning,
            reason: FAILED_CREATE_POD_REASON.into(),
            message: "Error creating: {error}".into(),
        }),
    }
}

/// The `FailedCreate` event of a create refused with `message`.
pub fn failed_create_event(owner: Owner, message: &str) -> Action {
    Action::Event {
        involved: owner.obj_ref(),
        type_: EventType::Warning,
        reason: FAILED_CREATE_POD_REASON.into(),
        message: format!("Error creating: {message}"),
    }
}

/// Deletes `pod` for `owner` (`RealPodControl.DeletePod`) and records
/// `SuccessfulDelete "Deleted pod: <name>"` about the owner.
pub fn delete_pod(pod: &Pod, owner: Owner, why: String) -> [Action; 2] {
    [
        Action::Delete {
            target: ObjRef::new(Kind::Pod, pod.metadata.namespace.clone(), pod.metadata.name.clone()),
            uid: pod.metadata.uid.clone(),
            propagation: Propagation::Background,
            grace_seconds: None,
            why,
        },
        Action::Event {
            involved: owner.obj_ref(),
            type_: EventType::Normal,
            reason: SUCCESSFUL_DELETE_POD_REASON.into(),
            message: format!("Deleted pod: {}", pod.metadata.name),
        },
    ]
}

/// `slowStartBatch`: calls `f` `count` times in batches of `initial`, then double the previous
/// batch, capped by what remains; stops after the first batch with a failure. Returns how many
/// calls succeeded and the first error. Worked example: count 10 in batches 1, 2, 4, 3; if the
/// 6th call fails, the third batch still finishes (7 calls) and 5 succeed.
pub fn slow_start_batch<E>(count: usize, initial: usize, mut f: impl FnMut() -> Result<(), E>) -> (usize, Option<E>) {
    let mut remaining = count;
    let mut successes = 0;
    let mut batch = remaining.min(initial);
    while batch > 0 {
        let mut first_err = None;
        for _ in 0..batch {
            match f() {
                Ok(()) => successes += 1,
                Err(e) => {
                    if first_err.is_none() {
                        first_err = Some(e);
                    }
                }
            }
        }
        if first_err.is_some() {
            return (successes, first_err);
        }
        remaining -= batch;
        batch = (2 * batch).min(remaining);
    }
    (successes, None)
}

/// How long the workqueue's per-item rate limiter (5ms doubling to 1000s,
/// `DefaultControllerRateLimiter`) waits before the next retry, for a sync that has been failing
/// since `elapsed_ms` ago: the retries fall at 5, 15, 35, 75, ... ms after the first failure.
pub fn failure_backoff_ms(elapsed_ms: u64) -> u64 {
    const MAX_DELAY: u64 = 1_000_000;
    let mut delay: u64 = 5;
    let mut at: u64 = 5;
    while at <= elapsed_ms && delay < MAX_DELAY {
        delay = (delay * 2).min(MAX_DELAY);
        at += delay;
    }
    if at <= elapsed_ms {
        // From here on the retries are MAX_DELAY apart.
        return MAX_DELAY - (elapsed_ms - at) % MAX_DELAY;
    }
    at - elapsed_ms
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::meta::Time;
    use std::collections::BTreeMap;

    fn meta(ns: &str, name: &str, uid: &str) -> ObjectMeta {
        ObjectMeta { namespace: ns.into(), name: name.into(), uid: uid.into(), ..ObjectMeta::default() }
    }

    fn labelled(name: &str, labels: &[(&str, &str)]) -> Pod {
        let mut p = Pod::default();
        p.metadata.namespace = "default".into();
        p.metadata.name = name.into();
        p.metadata.uid = format!("uid-{name}");
        p.metadata.labels = labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        p
    }

    fn owned_by(mut p: Pod, owner: &OwnerReference) -> Pod {
        p.metadata.owner_references.push(owner.clone());
        p
    }

    // Upstream: TestSlowStartBatch.
    #[test]
    fn slow_start_stops_after_the_first_batch_with_a_failure() {
        // (count, calls that succeed, successes, failed, calls made)
        let cases = [(10, 0, 0, true, 1), (10, 10, 10, false, 10), (10, 5, 5, true, 7)];
        for (count, limit, want_ok, want_err, want_calls) in cases {
            let mut calls = 0;
            let (ok, err) = slow_start_batch(count, 1, || {
                calls += 1;
                if calls > limit {
                    Err("fake error")
                } else {
                    Ok(())
                }
            });
            assert_eq!((ok, err.is_some(), calls), (want_ok, want_err, want_calls), "count {count} limit {limit}");
        }
    }

    // Upstream: TestActivePodFiltering and TestCountTerminatingPods.
    #[test]
    fn active_pods_exclude_terminal_and_deleting_ones() {
        let phases = ["Succeeded", "Failed", "Pending", "Running", "Unknown"];
        let mut pods: Vec<Pod> = phases
            .iter()
            .map(|ph| {
                let mut p = labelled(ph, &[]);
                p.status.phase = (*ph).into();
                p
            })
            .collect();
        let mut deleting = labelled("deleting", &[]);
        deleting.status.phase = "Running".into();
        deleting.metadata.deletion_timestamp = Some(Time(1));
        pods.push(deleting);
        let names: Vec<&str> = filter_active_pods(&pods).iter().map(|p| p.metadata.name.as_str()).collect();
        assert_eq!(names, vec!["Pending", "Running", "Unknown"]);
        assert_eq!(pods.iter().filter(|p| is_pod_terminating(p)).count(), 1);
    }

    // Upstream: TestCreatePodsWithGenerateName (what GetPodFromTemplate copies).
    #[test]
    fn pods_from_a_template_carry_its_metadata_and_a_controller_ref() {
        let rs = meta("ns1", "web", "rs-uid");
        let owner = Owner::new(Kind::ReplicaSet, &rs);
        let mut template = PodTemplateSpec::default();
        template.metadata.name = "ignored".into();
        template.metadata.labels.insert("app".into(), "web".into());
        template.metadata.annotations.insert("a".into(), "b".into());
        template.metadata.finalizers.push("example.com/f".into());
        template.spec.restart_policy = "Always".into();
        let pod = get_pod_from_template(&template, owner);
        assert_eq!(pod.metadata.name, "");
        assert_eq!(pod.metadata.generate_name, "web-");
        assert_eq!(pod.metadata.namespace, "ns1");
        assert_eq!(pod.metadata.labels, template.metadata.labels);
        assert_eq!(pod.metadata.annotations, template.metadata.annotations);
        assert_eq!(pod.metadata.finalizers, vec!["example.com/f".to_string()]);
        assert_eq!(*pod.spec, template.spec);
        let r = &pod.metadata.owner_references[0];
        assert_eq!(
            (r.api_version.as_str(), r.kind.as_str(), r.name.as_str(), r.uid.as_str()),
            ("apps/v1", "ReplicaSet", "web", "rs-uid")
        );
        assert_eq!((r.controller, r.block_owner_deletion), (Some(true), Some(true)));
        let rc = meta("ns1", "old", "rc-uid");
        let r = Owner::new(Kind::ReplicationController, &rc).controller_ref();
        assert_eq!((r.api_version.as_str(), r.kind.as_str()), ("v1", "ReplicationController"));
        assert_eq!(pods_prefix(&"x".repeat(253)), "x".repeat(253));
    }

    #[test]
    fn claiming_adopts_matching_orphans_releases_strays_and_never_steals() {
        let rs = meta("default", "web", "rs-uid");
        let owner = Owner::new(Kind::ReplicaSet, &rs);
        let mine = owner.controller_ref();
        let theirs = OwnerReference { uid: "other".into(), controller: Some(true), ..OwnerReference::default() };
        let not_controller = OwnerReference { uid: "rs-uid".into(), controller: None, ..OwnerReference::default() };
        let pods = vec![
            owned_by(labelled("kept", &[("app", "web")]), &mine),
            owned_by(labelled("relabelled", &[("app", "db")]), &mine),
            owned_by(labelled("someone-elses", &[("app", "web")]), &theirs),
            labelled("orphan", &[("app", "web")]),
            labelled("orphan-other-labels", &[("app", "db")]),
            owned_by(labelled("weak-ref", &[("app", "web")]), &not_controller),
        ];
        let mut actions = Vec::new();
        let matches = |p: &Pod| p.metadata.labels.get("app").is_some_and(|v| v == "web");
        let claimed = claim_pods(owner, &pods, matches, &[], "app=web", &mut actions);
        let names: Vec<&str> = claimed.pods.iter().map(|p| p.metadata.name.as_str()).collect();
        assert_eq!(names, vec!["kept", "orphan", "weak-ref"]);
        assert_eq!((claimed.adopted, claimed.released), (2, 1));
        let updates: Vec<(String, Vec<OwnerReference>)> = actions
            .iter()
            .filter_map(|a| match a {
                Action::Update { obj: Object::Pod(p), .. } => {
                    Some((p.metadata.name.clone(), p.metadata.owner_references.clone()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            updates,
            vec![
                ("relabelled".to_string(), vec![]),
                ("orphan".to_string(), vec![mine.clone()]),
                // The non-controller reference with the same uid becomes the controller ref.
                ("weak-ref".to_string(), vec![mine.clone()]),
            ]
        );
    }

    // Upstream: TestDoNotAdoptOrCreateIfBeingDeleted (the claim half).
    #[test]
    fn an_owner_being_deleted_neither_adopts_nor_releases() {
        let mut rs = meta("default", "web", "rs-uid");
        rs.deletion_timestamp = Some(Time(5));
        let owner = Owner::new(Kind::ReplicaSet, &rs);
        let mine = owner.controller_ref();
        let pods = vec![labelled("orphan", &[("app", "web")]), owned_by(labelled("stray", &[("app", "db")]), &mine)];
        let mut actions = Vec::new();
        let matches = |p: &Pod| p.metadata.labels.get("app").is_some_and(|v| v == "web");
        let claimed = claim_pods(owner, &pods, matches, &[], "app=web", &mut actions);
        assert!(claimed.pods.is_empty());
        assert!(actions.is_empty());
    }

    #[test]
    fn adoption_adds_and_release_removes_tracking_finalizers() {
        let job = meta("default", "pi", "job-uid");
        let owner = Owner::new(Kind::Job, &job);
        let pod = labelled("pi-1", &[("job-name", "pi")]);
        let adopted = adopt_pod(&pod, owner, &["batch.kubernetes.io/job-tracking"]);
        assert_eq!(adopted.metadata.finalizers, vec!["batch.kubernetes.io/job-tracking".to_string()]);
        let released = release_pod(&adopted, "job-uid", &["batch.kubernetes.io/job-tracking"]);
        assert!(released.metadata.finalizers.is_empty());
        assert!(released.metadata.owner_references.is_empty());
    }

    #[test]
    fn creates_are_checked_for_labels_namespace_and_admission() {
        let mut store = Store::new();
        let mut ns = crate::api::node::Namespace::default();
        ns.metadata.name = "default".into();
        store.put(Object::Namespace(crate::api::ObjBox::new(ns.clone())));
        ns.metadata.name = "going".into();
        ns.metadata.deletion_timestamp = Some(Time(1));
        store.put(Object::Namespace(crate::api::ObjBox::new(ns)));
        let mut pod = Pod::default();
        pod.metadata.generate_name = "web-".into();
        pod.metadata.namespace = "default".into();
        assert_eq!(
            check_create(&store, &pod),
            CreateCheck::Refused { message: "unable to create pods, no labels".into(), event: false }
        );
        pod.metadata.labels = BTreeMap::from([("app".to_string(), "web".to_string())]).into();
        assert_eq!(check_create(&store, &pod), CreateCheck::Allowed);
        pod.spec.extra.insert("priorityClassName".into(), Value::from("high"));
        assert_eq!(
            check_create(&store, &pod),
            CreateCheck::Refused {
                message: "pods \"web-\" is forbidden: no PriorityClass with name high was found".into(),
                event: true
            }
        );
        pod.metadata.namespace = "going".into();
        assert_eq!(check_create(&store, &pod), CreateCheck::NamespaceTerminating);
        pod.metadata.namespace = "nowhere".into();
        assert_eq!(
            check_create(&store, &pod),
            CreateCheck::Refused { message: "namespaces \"nowhere\" not found".into(), event: true }
        );
    }

    #[test]
    fn failed_syncs_back_off_like_the_workqueue_rate_limiter() {
        // Retries at 5, 15, 35, 75 ms after the first failure, and at most 1000s apart.
        let cases = [(0, 5), (4, 1), (5, 10), (14, 1), (15, 20), (40, 35)];
        for (elapsed, want) in cases {
            assert_eq!(failure_backoff_ms(elapsed), want, "after {elapsed}ms");
        }
        // After the retry at 1_310_715ms the delay reaches its 1000s cap and stays there.
        assert_eq!(failure_backoff_ms(1_310_714), 1);
        assert_eq!(failure_backoff_ms(1_310_715), 1_000_000);
        assert_eq!(failure_backoff_ms(2_310_715), 1_000_000);
        assert_eq!(failure_backoff_ms(2_310_716), 999_999);
        assert_eq!(failure_backoff_ms(u64::MAX), 1_000_000 - (u64::MAX - 2_310_715) % 1_000_000);
    }
}
