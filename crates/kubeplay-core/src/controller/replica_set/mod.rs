//! The ReplicaSet and ReplicationController controllers (pkg/controller/replicaset, and
//! pkg/controller/replication, which runs the same code through adapters): keep `replicas` active
//! pods, adopting orphans whose labels match and releasing pods relabelled out of the selector,
//! creating the missing with slow start and deleting the extras by the deletion ranking, and
//! report the counts in status.

mod status;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use crate::api::apps::{ReplicaSet, ReplicaSetStatus, ReplicationController};
use crate::api::meta::{format_labels, map_selector_matches, LabelSelector, ObjectMeta, OwnerReference};
use crate::api::pod::{Pod, PodTemplateSpec};
use crate::api::{Kind, Object};
use crate::store::{Change, Key, ObjRef, Store};

use super::pod_control::ranking::{self, precise_now, RankKey, Ranking};
use super::pod_control::{self, CreateCheck, Owner};
use super::{Action, Ctx, Reconcile};

pub use status::{calculate_status, REPLICA_FAILURE};

/// `BurstReplicas`: at most this many creates or deletes per sync.
pub const BURST_REPLICAS: usize = 500;

/// One sync of the ReplicaSet `target` (`syncReplicaSet`).
pub fn reconcile(ctx: &Ctx, target: &ObjRef) -> Reconcile {
    match ctx.store.replica_set(&target.key.namespace, &target.key.name) {
        Some(rs) => sync(ctx, &Workload::replica_set(rs)),
        None => Reconcile::default(),
    }
}

/// One sync of the ReplicationController `target` (the same sync through the RC adapters).
pub fn reconcile_rc(ctx: &Ctx, target: &ObjRef) -> Reconcile {
    match ctx.store.replication_controller(&target.key.namespace, &target.key.name) {
        Some(rc) => sync(ctx, &Workload::replication_controller(rc)),
        None => Reconcile::default(),
    }
}

/// The ReplicaSets to sync after `change` (`addRS`/`updateRS`/`deleteRS`, `addPod`/`updatePod`/`deletePod`).
pub fn watch(store: &Store, change: &Change) -> Vec<ObjRef> {
    watch_kind(store, change, Kind::ReplicaSet)
}

/// The ReplicationControllers to sync after `change`.
pub fn watch_rc(store: &Store, change: &Change) -> Vec<ObjRef> {
    watch_kind(store, change, Kind::ReplicationController)
}

/// A selector as the controller reads it: apps/v1's LabelSelector or the RC's map.
#[derive(Clone, Copy, Debug)]
pub enum Selector<'a> {
    Labels(&'a LabelSelector),
    Map(&'a BTreeMap<String, String>),
}

impl Selector<'_> {
    /// `metav1.LabelSelectorAsSelector(...).Matches`: an empty selector matches everything.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        match self {
            Selector::Labels(s) => s.matches(labels),
            Selector::Map(m) => map_selector_matches(m, labels),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Selector::Labels(s) => s.is_empty(),
            Selector::Map(m) => m.is_empty(),
        }
    }

    /// The selector as kubectl prints it.
    pub fn text(&self) -> String {
        match self {
            Selector::Labels(s) => s.to_selector_string(),
            Selector::Map(m) => format_labels(m),
        }
    }

    fn of(obj: &Object) -> Option<Selector<'_>> {
        match obj {
            Object::ReplicaSet(rs) => Some(Selector::Labels(&rs.spec.selector)),
            Object::ReplicationController(rc) => Some(Selector::Map(&rc.spec.selector)),
            _ => None,
        }
    }
}

/// A ReplicaSet or a ReplicationController seen as the one shape the sync works on (upstream
/// converts RCs to ReplicaSets on the way in and back on the way out).
#[derive(Clone, Copy, Debug)]
pub struct Workload<'a> {
    pub kind: Kind,
    pub meta: &'a ObjectMeta,
    pub replicas: i32,
    pub min_ready_seconds: i32,
    pub selector: Selector<'a>,
    pub template: Option<&'a PodTemplateSpec>,
    pub status: &'a ReplicaSetStatus,
    source: Source<'a>,
}

#[derive(Clone, Copy, Debug)]
enum Source<'a> {
    Rs(&'a ReplicaSet),
    Rc(&'a ReplicationController),
}

impl<'a> Workload<'a> {
    pub fn replica_set(rs: &'a ReplicaSet) -> Workload<'a> {
        Workload {
            kind: Kind::ReplicaSet,
            meta: &rs.metadata,
            replicas: rs.spec.replicas.unwrap_or(1),
            min_ready_seconds: rs.spec.min_ready_seconds,
            selector: Selector::Labels(&rs.spec.selector),
            template: Some(&rs.spec.template),
            status: &rs.status,
            source: Source::Rs(rs),
        }
    }

    pub fn replication_controller(rc: &'a ReplicationController) -> Workload<'a> {
        Workload {
            kind: Kind::ReplicationController,
            meta: &rc.metadata,
            replicas: rc.spec.replicas.unwrap_or(1),
            min_ready_seconds: rc.spec.min_ready_seconds,
            selector: Selector::Map(&rc.spec.selector),
            template: rc.spec.template.as_ref(),
            status: &rc.status,
            source: Source::Rc(rc),
        }
    }

    fn owner(&self) -> Owner<'a> {
        Owner::new(self.kind, self.meta)
    }

    /// The object with `status` in place of its status.
    fn with_status(&self, status: ReplicaSetStatus) -> Object {
        match self.source {
            Source::Rs(rs) => {
                let mut rs = rs.clone();
                rs.status = status;
                Object::ReplicaSet(crate::api::ObjBox::new(rs))
            }
            Source::Rc(rc) => {
                let mut rc = rc.clone();
                rc.status = status;
                Object::ReplicationController(crate::api::ObjBox::new(rc))
            }
        }
    }
}

/// `syncReplicaSet`: claim the active pods, manage replicas unless the object is being deleted,
/// then write the status if it changed.
fn sync(ctx: &Ctx, w: &Workload) -> Reconcile {
    let mut out = Reconcile::default();
    let owner = w.owner();
    let mut terminating = 0;
    let active = pod_control::pods_in(ctx.store, &w.meta.namespace).filter(|p| {
        if pod_control::is_pod_active(p) {
            return true;
        }
        if pod_control::is_pod_terminating(p) && owner.controls(p) {
            terminating += 1;
        }
        false
    });
    let selector_text = w.selector.text();
    let claimed = pod_control::claim_pods(
        owner,
        active,
        |p| w.selector.matches(&p.metadata.labels),
        &[],
        &selector_text,
        &mut out.actions,
    );
    let mut manage_err = None;
    if w.meta.deletion_timestamp.is_none() {
        manage_err = manage_replicas(ctx, w, &claimed, terminating, &mut out.actions);
    }
    let now = precise_now(ctx.now);
    let new_status = calculate_status(w, &claimed.pods, manage_err.as_deref(), ctx.now);
    let written = status::update_replica_set_status(w, new_status);
    let current = match written {
        Some((status, why)) => {
            let obj = w.with_status(status.clone());
            out.actions.push(Action::Update { obj, why });
            status
        }
        None => w.status.clone(),
    };
    (out.requeue_after, out.retry) =
        status::requeue_after(w, &claimed.pods, &current, manage_err.is_some(), ctx.now, now);
    out
}

/// `manageReplicas`: create the missing pods (slow start, at most `BURST_REPLICAS`) or delete the
/// extras, those ranked first for deletion. Returns the error the sync ends with, if any.
fn manage_replicas(
    ctx: &Ctx,
    w: &Workload,
    claimed: &pod_control::Claimed,
    terminating: usize,
    actions: &mut Vec<Action>,
) -> Option<String> {
    let owner = w.owner();
    let filtered = &claimed.pods;
    let have = filtered.len();
    let want = usize::try_from(w.replicas.max(0)).unwrap_or(0);
    if have < want {
        let diff = (want - have).min(BURST_REPLICAS);
        let template = w.template.cloned().unwrap_or_default();
        let pod = pod_control::get_pod_from_template(&template, owner);
        let check = pod_control::check_create(ctx.store, &pod);
        let mut notes = Vec::new();
        if claimed.adopted > 0 {
            notes.push(format!("{} just adopted", claimed.adopted));
        }
        if terminating > 0 {
            notes.push(if terminating == 1 {
                "1 terminating pod no longer counts".to_string()
            } else {
                format!("{terminating} terminating pods no longer count")
            });
        }
        let notes = if notes.is_empty() { String::new() } else { format!(" ({})", notes.join(", ")) };
        let cap = if diff < want - have { format!(", at most {BURST_REPLICAS} per sync") } else { String::new() };
        let mut i = 0;
        let (_, err) = pod_control::slow_start_batch(diff, pod_control::SLOW_START_INITIAL_BATCH_SIZE, || {
            i += 1;
            match &check {
                CreateCheck::Allowed => {
                    // The playground's pod limit may be reached within the burst.
                    if let Some(message) = pod_control::pod_limit_refusal(ctx.store, &pod, i - 1) {
                        actions.push(pod_control::failed_create_event(owner, &message));
                        return Err(message);
                    }
                    let why = format!(
                        "{} has {have} of {want} replicas{notes}; creating {diff}{cap} (this is {i} of {diff})",
                        owner.describe()
                    );
                    actions.push(pod_control::create_pod(pod.clone(), owner, why));
                    Ok(())
                }
                // Upstream counts the refusal as done and records nothing.
                CreateCheck::NamespaceTerminating => Ok(()),
                CreateCheck::Refused { message, event } => {
                    if *event {
                        actions.push(pod_control::failed_create_event(owner, message));
                    }
                    Err(message.clone())
                }
            }
        });
        return err;
    }
    if have > want {
        let diff = (have - want).min(BURST_REPLICAS);
        let victims = get_pods_to_delete(ctx, w, filtered, diff);
        let head = format!("{} has {have} pods for {want} replicas", owner.describe());
        let cap = if diff < have - want { format!(", at most {BURST_REPLICAS} per sync") } else { String::new() };
        for (i, (pod, reason)) in victims.into_iter().enumerate() {
            let why = match reason {
                None => format!("{head}; deleting all {diff}{cap}"),
                Some(r) => format!("{head}; deleting {diff}{cap}. It ranked {} of {have}: {r}", ordinal(i + 1)),
            };
            actions.extend(pod_control::delete_pod(pod, owner, why));
        }
    }
    None
}

/// `getPodsToDelete`: the first `diff` pods by the ranking (no sorting when all go), each with
/// why it went before the first pod kept.
fn get_pods_to_delete<'a>(
    ctx: &Ctx,
    w: &Workload,
    filtered: &[&'a Pod],
    diff: usize,
) -> Vec<(&'a Pod, Option<String>)> {
    if diff >= filtered.len() {
        return filtered.iter().map(|p| (*p, None)).collect();
    }
    let related = get_indirectly_related_pods(ctx.store, w);
    let ranks = get_pods_ranked_by_related_pods_on_same_node(filtered, &related);
    pods_to_delete(filtered, &ranks, diff, precise_now(ctx.now))
}

/// The ranking step of `getPodsToDelete`, given each pod's co-location rank.
fn pods_to_delete<'a>(
    filtered: &[&'a Pod],
    ranks: &[usize],
    diff: usize,
    now: crate::api::meta::Time,
) -> Vec<(&'a Pod, Option<String>)> {
    if diff >= filtered.len() {
        return filtered.iter().map(|p| (*p, None)).collect();
    }
    let keys: Vec<RankKey<'a>> =
        filtered.iter().zip(ranks.iter().chain(std::iter::repeat(&0))).map(|(p, r)| RankKey::new(p, *r)).collect();
    let ranking = Ranking::WithRanks { now };
    let sorted = ranking::sort_for_deletion(keys, ranking);
    let Some(kept) = sorted.get(diff).copied() else {
        return sorted.iter().map(|k| (k.pod, None)).collect();
    };
    sorted.iter().take(diff).map(|k| (k.pod, Some(ranking::explain(k, &kept, ranking)))).collect()
}

/// `getIndirectlyRelatedPods`: the pods (active or not) that match the selector of any object of
/// the same kind with the same controller (`getReplicaSetsWithSameController`: the ReplicaSets of
/// one Deployment, those being deleted included). An object without a controller has none.
fn get_indirectly_related_pods<'a>(store: &'a Store, w: &Workload) -> Vec<&'a Pod> {
    let Some(controller) = w.meta.controller_ref() else {
        return Vec::new();
    };
    let related: Vec<Selector> = store
        .dependents(&controller.uid)
        .filter(|r| r.kind == w.kind && r.key.namespace == w.meta.namespace)
        .filter_map(|r| store.get_ref(r))
        .filter(|o| o.meta().controller_ref().is_some_and(|c| c.uid == controller.uid))
        .filter_map(Selector::of)
        .collect();
    pod_control::pods_in(store, &w.meta.namespace)
        .filter(|p| related.iter().any(|s| s.matches(&p.metadata.labels)))
        .collect()
}

/// `getPodsRankedByRelatedPodsOnSameNode`: each pod's rank is the number of active related pods
/// on its node.
fn get_pods_ranked_by_related_pods_on_same_node(pods: &[&Pod], related: &[&Pod]) -> Vec<usize> {
    // The active related pods' node names, sorted, then counted by run.
    let mut names: Vec<&str> =
        related.iter().filter(|p| pod_control::is_pod_active(p)).map(|p| p.spec.node_name.as_str()).collect();
    names.sort_unstable();
    let mut on_node: Vec<(&str, usize)> = Vec::new();
    for name in names {
        match on_node.last_mut() {
            Some((n, count)) if *n == name => *count += 1,
            _ => on_node.push((name, 1)),
        }
    }
    let count = |node: &str| on_node.binary_search_by(|(n, _)| (*n).cmp(node)).ok().and_then(|i| on_node.get(i));
    pods.iter().map(|p| count(p.spec.node_name.as_str()).map_or(0, |(_, c)| *c)).collect()
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn pod_of(obj: &Option<Object>) -> Option<&Pod> {
    match obj {
        Some(Object::Pod(p)) => Some(p),
        _ => None,
    }
}

/// The informer handlers: an object of `kind` changed → itself; a pod changed → its controller
/// of `kind`, or for orphans every object of `kind` whose selector matches.
fn watch_kind(store: &Store, change: &Change, kind: Kind) -> Vec<ObjRef> {
    if change.obj.kind == kind {
        return vec![change.obj.clone()];
    }
    if change.obj.kind != Kind::Pod {
        return Vec::new();
    }
    let mut out = Vec::new();
    match (pod_of(&change.old), pod_of(&change.new)) {
        (None, Some(cur)) => add_pod(store, kind, cur, &mut out),
        (Some(old), Some(cur)) => update_pod(store, kind, old, cur, &mut out),
        (Some(old), None) => delete_pod(store, kind, old, &mut out),
        (None, None) => {}
    }
    out.sort();
    out.dedup();
    out
}

/// `addPod`.
fn add_pod(store: &Store, kind: Kind, pod: &Pod, out: &mut Vec<ObjRef>) {
    if pod.metadata.deletion_timestamp.is_some() {
        delete_pod(store, kind, pod, out);
        return;
    }
    if let Some(r) = pod.metadata.controller_ref() {
        out.extend(resolve_controller_ref(store, kind, &pod.metadata.namespace, r));
        return;
    }
    out.extend(get_pod_controllers(store, kind, pod));
}

/// `updatePod`: a pod being deleted wakes its controller at once (the replacement need not wait
/// for the kubelet); a changed controller ref wakes the old controller too; an orphan whose
/// labels or controller ref changed wakes every controller that selects it.
fn update_pod(store: &Store, kind: Kind, old: &Pod, cur: &Pod, out: &mut Vec<ObjRef>) {
    if cur.metadata.resource_version == old.metadata.resource_version {
        return;
    }
    let label_changed = cur.metadata.labels != old.metadata.labels;
    if cur.metadata.deletion_timestamp.is_some() {
        delete_pod(store, kind, cur, out);
        if label_changed {
            delete_pod(store, kind, old, out);
        }
        return;
    }
    let cur_ref = cur.metadata.controller_ref();
    let old_ref = old.metadata.controller_ref();
    let ref_changed = cur_ref != old_ref;
    if let (true, Some(r)) = (ref_changed, old_ref) {
        out.extend(resolve_controller_ref(store, kind, &old.metadata.namespace, r));
    }
    if let Some(r) = cur_ref {
        // The minReadySeconds requeue of a pod turning ready is in `status::requeue_after`.
        out.extend(resolve_controller_ref(store, kind, &cur.metadata.namespace, r));
        return;
    }
    if label_changed || ref_changed {
        out.extend(get_pod_controllers(store, kind, cur));
    }
}

/// `deletePod`: only a pod's controller cares.
fn delete_pod(store: &Store, kind: Kind, pod: &Pod, out: &mut Vec<ObjRef>) {
    if let Some(r) = pod.metadata.controller_ref() {
        out.extend(resolve_controller_ref(store, kind, &pod.metadata.namespace, r));
    }
}

/// `resolveControllerRef`: the object of `kind` the reference names, if it still has that uid.
fn resolve_controller_ref(store: &Store, kind: Kind, namespace: &str, r: &OwnerReference) -> Option<ObjRef> {
    if r.kind != kind.name() {
        return None;
    }
    let key = Key::new(namespace, r.name.clone());
    let obj = store.get(kind, &key)?;
    (obj.meta().uid == r.uid).then_some(ObjRef { kind, key })
}

/// `GetPodReplicaSets` / `GetPodControllers`: the objects of `kind` in the pod's namespace whose
/// selector matches its labels; an empty selector matches nothing here.
fn get_pod_controllers(store: &Store, kind: Kind, pod: &Pod) -> Vec<ObjRef> {
    store
        .list_in(kind, &pod.metadata.namespace)
        .filter(|o| Selector::of(o).is_some_and(|s| !s.is_empty() && s.matches(&pod.metadata.labels)))
        .map(ObjRef::of)
        .collect()
}
