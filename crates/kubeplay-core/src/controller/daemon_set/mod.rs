//! The DaemonSet controller (pkg/controller/daemon): one pod on every node the DaemonSet should
//! run on. Each sync (`syncDaemonSet`) claims the pods, builds the revision history, then
//! `manage`s nodes (creates a pod pinned to each eligible node without one, deletes pods on
//! nodes no longer eligible, duplicates, and failed or succeeded pods), rolls pods to the
//! current revision when nothing else was done (`update`), trims old revisions, and writes the
//! status. `util` holds daemonset_util.go and the node predicates the controller runs itself.
//!
//! Expectations have no counterpart (see `pod_control`); what they change upstream is kept:
//! the rolling update runs only in a sync whose `manage` created and deleted nothing.

pub mod update;
pub mod util;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use crate::api::apps::{DaemonSet, DaemonSetStatus};
use crate::api::meta::{OwnerReference, Time};
use crate::api::node::Node;
use crate::api::pod::Pod;
use crate::api::{Kind, ObjBox, Object};
use crate::store::{Change, ObjRef, Store};

use super::pod_control::ranking::precise_now;
use super::pod_control::{self, CreateCheck, Owner};
use super::{Action, Ctx, EventType, Reconcile};
use util::*;

/// `BurstReplicas`: at most this many creates and this many deletes per sync.
pub const BURST_REPLICAS: usize = 250;

pub const SELECTING_ALL_REASON: &str = "SelectingAll";
pub const FAILED_DAEMON_POD_REASON: &str = "FailedDaemonPod";
pub const SUCCEEDED_DAEMON_POD_REASON: &str = "SucceededDaemonPod";

/// The working state of one sync.
pub(crate) struct Sync<'a> {
    pub ctx: &'a Ctx<'a>,
    pub ds: &'a DaemonSet,
    pub owner: Owner<'a>,
    /// Every node, by name.
    pub nodes: Vec<&'a Node>,
    /// What `NodeShouldRunDaemonPod` says of each node.
    pub fits: Vec<Fit>,
    /// The pods this DaemonSet controls after claiming (all phases).
    pub pods: Vec<&'a Pod>,
    /// The claimed pods by node (`getNodesToDaemonPods`).
    pub by_node: NodePods<'a>,
    /// `Facts` of each pod of `by_node.flat()`, once the current hash is known.
    pub facts: Vec<Facts>,
    pub index: NodeIndex<'a>,
    pub test: NodeTest,
    pub generation: Option<i64>,
    /// The templateGeneration as pod labels carry it.
    pub generation_text: Option<String>,
    /// `metav1.Now()` with its milliseconds, for availability.
    pub now: Time,
    pub out: Reconcile,
}

/// A pod to create on a node, or a pod to delete, each with why.
pub(crate) type Creates = Vec<(String, String)>;
pub(crate) type Deletes<'a> = Vec<(&'a Pod, String)>;

/// One sync of the DaemonSet `target` (`syncDaemonSet`).
pub fn reconcile(ctx: &Ctx, target: &ObjRef) -> Reconcile {
    match ctx.store.daemon_set(&target.key.namespace, &target.key.name) {
        Some(ds) => sync_daemon_set(ctx, ds),
        None => Reconcile::default(),
    }
}

fn sync_daemon_set(ctx: &Ctx, ds: &DaemonSet) -> Reconcile {
    let owner = Owner::new(Kind::DaemonSet, &ds.metadata);
    if ds.spec.selector.is_empty() {
        let mut out = Reconcile::default();
        out.actions.push(Action::Event {
            involved: owner.obj_ref(),
            type_: EventType::Warning,
            reason: SELECTING_ALL_REASON.into(),
            message: "This daemon set is selecting all pods. A non-empty selector is required.".into(),
        });
        return out;
    }
    // Upstream cannot tell which revisions and pods a DaemonSet being deleted still has, so it
    // leaves the DaemonSet alone, status included.
    if ds.metadata.deletion_timestamp.is_some() {
        return Reconcile::default();
    }
    let test = NodeTest::new(ds);
    let nodes: Vec<&Node> = ctx.store.nodes().collect();
    let fits: Vec<Fit> = nodes.iter().map(|n| test.fit(n)).collect();
    let mut s = Sync {
        ctx,
        ds,
        owner,
        nodes,
        fits,
        pods: Vec::new(),
        by_node: NodePods::default(),
        facts: Vec::new(),
        index: NodeIndex::default(),
        test,
        generation: get_template_generation(ds),
        generation_text: get_template_generation(ds).map(|g| g.to_string()),
        now: precise_now(ctx.now),
        out: Reconcile::default(),
    };
    s.claim_pods();
    let Some(history) = s.construct_history() else {
        return s.out;
    };
    let hash = history.hash.clone();
    s.facts = s.by_node.flat().iter().map(|p| s.facts_of(p, &hash)).collect();
    let result = s.manage(&hash);
    let mut failed = result.is_err();
    if let Ok(acted) = result {
        if !acted && ds.spec.update_strategy.type_ == "RollingUpdate" {
            failed = s.rolling_update(&hash).is_err();
        }
        if !failed {
            s.cleanup_history(&history.old);
        }
    }
    s.update_daemon_set_status();
    if failed {
        // The workqueue's rate limiter retries a failing sync; kubeplay keeps no memory of when
        // the failures began, so it counts from the DaemonSet's creation.
        let since = ds.metadata.creation_timestamp.map_or(0, Time::to_sim);
        let delay = pod_control::failure_backoff_ms(ctx.now.saturating_sub(since));
        s.requeue(delay);
        // A back-off that repeats while the failure lasts, unless another wait comes first.
        s.out.retry = s.out.requeue_after == Some(delay);
    }
    s.out
}

impl<'a> Sync<'a> {
    fn facts_of(&self, pod: &Pod, hash: &str) -> Facts {
        Facts::of(pod, hash, self.generation_text.as_deref(), self.ds.spec.min_ready_seconds, self.now)
    }

    /// The facts of node `i`'s pods, aligned with `by_node.on(i)`.
    fn facts_on(&self, i: usize) -> &[Facts] {
        self.facts.get(self.by_node.range(i)).unwrap_or(&[])
    }

    fn requeue(&mut self, delay: u64) {
        self.out.requeue_after = Some(self.out.requeue_after.map_or(delay, |d| d.min(delay)));
    }

    fn event(&mut self, type_: EventType, reason: &str, message: String) {
        let involved = self.owner.obj_ref();
        self.out.actions.push(Action::Event { involved, type_, reason: reason.into(), message });
    }

    /// `getDaemonPods`: every pod in the namespace, claimed with the selector (adopting matching
    /// orphans, releasing owned pods that no longer match).
    fn claim_pods(&mut self) {
        let ds = self.ds;
        let selector = ds.spec.selector.to_selector_string();
        let all = pod_control::pods_in(self.ctx.store, &ds.metadata.namespace);
        let claimed = pod_control::claim_pods(
            self.owner,
            all,
            |p| ds.spec.selector.matches(&p.metadata.labels),
            &[],
            &selector,
            &mut self.out.actions,
        );
        self.pods = claimed.pods;
        self.index = node_index(&self.nodes);
        self.by_node = nodes_to_daemon_pods(&self.pods, &self.index, false);
    }

    /// `manage` with `podsShouldBeOnNode` for every node and `getUnscheduledPodsWithoutNode`,
    /// then `syncNodes`. Returns whether it created or deleted anything (upstream's
    /// expectations are then unsatisfied and the rolling update waits for the next sync).
    fn manage(&mut self, hash: &str) -> Result<bool, String> {
        let surge = allows_surge(self.ds);
        let min_ready = self.ds.spec.min_ready_seconds;
        let mut creates: Creates = Vec::new();
        let mut deletes: Deletes = Vec::new();
        let mut events: Vec<(EventType, &str, String)> = Vec::new();
        let eligible = self.fits.iter().filter(|f| f.should_run()).count();
        for (i, node) in self.nodes.iter().enumerate() {
            let Some(fit) = self.fits.get(i) else { continue };
            let pods = self.by_node.on(i);
            let name = node.metadata.name.as_str();
            let pods = Some(pods).filter(|p| !p.is_empty());
            match pods {
                None if fit.should_run() => {
                    let mut why = format!(
                        "{}: node {name} should run a daemon pod and has none ({eligible} eligible node(s)); the pod is pinned to it with the node affinity matchFields metadata.name In [{name}]",
                        self.owner.describe()
                    );
                    let notes = self.test.tolerated(node);
                    if !notes.is_empty() {
                        why.push_str(&format!(". {}", notes.join("; ")));
                    }
                    creates.push((name.to_string(), why));
                }
                Some(pods) if fit.should_continue_running() => {
                    // The usual case, one running pod: nothing to do, with or without surge.
                    if let [only] = pods {
                        let phase = only.status.phase.as_str();
                        if only.metadata.deletion_timestamp.is_none() && phase != "Failed" && phase != "Succeeded" {
                            continue;
                        }
                    }
                    let mut running: Vec<&Pod> = Vec::new();
                    for pod in pods {
                        if pod.metadata.deletion_timestamp.is_some() {
                            continue;
                        }
                        let id = format!("{}/{}", pod.metadata.namespace, pod.metadata.name);
                        match pod.status.phase.as_str() {
                            // Upstream also backs off repeated failures on one node (1s doubling
                            // to 15m); kubeplay keeps no memory of earlier failures.
                            "Failed" => {
                                events.push((
                                    EventType::Warning,
                                    FAILED_DAEMON_POD_REASON,
                                    format!("Found failed daemon pod {id} on node {name}, will try to kill it"),
                                ));
                                deletes.push((
                                    pod,
                                    format!(
                                        "{}: the daemon pod on node {name} failed; a new one follows once it is gone",
                                        self.owner.describe()
                                    ),
                                ));
                            }
                            "Succeeded" => {
                                events.push((
                                    EventType::Normal,
                                    SUCCEEDED_DAEMON_POD_REASON,
                                    format!("Found succeeded daemon pod {id} on node {name}, will try to delete it"),
                                ));
                                deletes.push((
                                    pod,
                                    format!("{}: the daemon pod on node {name} exited; daemon pods are meant to keep running, a new one follows once it is gone", self.owner.describe()),
                                ));
                            }
                            _ => running.push(pod),
                        }
                    }
                    running.sort_by(|a, b| by_creation_timestamp_and_phase(a, b));
                    if !surge {
                        let Some(kept) = running.first() else { continue };
                        for extra in running.iter().skip(1) {
                            deletes.push((
                                extra,
                                format!(
                                    "{}: node {name} runs {} daemon pods; only the oldest, {}, stays",
                                    self.owner.describe(),
                                    running.len(),
                                    kept.metadata.name
                                ),
                            ));
                        }
                        continue;
                    }
                    if running.len() <= 1 {
                        if running.is_empty() && fit.should_run() {
                            creates.push((
                                name.to_string(),
                                format!(
                                    "{}: node {name}'s daemon pod is being deleted; with maxSurge its replacement starts at once",
                                    self.owner.describe()
                                ),
                            ));
                        }
                        continue;
                    }
                    // Surge: keep the oldest pod of the current revision and the oldest older one.
                    let mut oldest_new: Option<&Pod> = None;
                    let mut oldest_old: Option<&Pod> = None;
                    for pod in &running {
                        let is_new = pod.metadata.labels.get(CONTROLLER_REVISION_HASH_LABEL).is_some_and(|h| h == hash);
                        let slot = if is_new { &mut oldest_new } else { &mut oldest_old };
                        if slot.is_none() {
                            *slot = Some(pod);
                            continue;
                        }
                        deletes.push((
                            pod,
                            format!(
                                "{}: node {name} has more than one {} daemon pod; only the oldest stays",
                                self.owner.describe(),
                                if is_new { "up-to-date" } else { "out-of-date" }
                            ),
                        ));
                    }
                    if let (Some(new), Some(old)) = (oldest_new, oldest_old) {
                        if !old.is_ready() {
                            deletes.push((
                                old,
                                format!(
                                    "{}: node {name} has the new pod {} and this old pod is not ready",
                                    self.owner.describe(),
                                    new.metadata.name
                                ),
                            ));
                        } else if new.is_available(min_ready, self.now) {
                            deletes.push((
                                old,
                                format!(
                                    "{}: the new pod {} on node {name} is available{}, so the old pod makes way",
                                    self.owner.describe(),
                                    new.metadata.name,
                                    if min_ready > 0 {
                                        format!(" (ready for more than {min_ready}s)")
                                    } else {
                                        String::new()
                                    }
                                ),
                            ));
                        }
                    }
                }
                Some(pods) if !fit.should_continue_running() => {
                    for pod in pods {
                        if pod.metadata.deletion_timestamp.is_some() {
                            continue;
                        }
                        deletes.push((
                            pod,
                            format!("{}: node {name} should no longer run it: {}", self.owner.describe(), fit.reason()),
                        ));
                    }
                }
                _ => {}
            }
        }
        // `getUnscheduledPodsWithoutNode`: a pod for a node that is gone, never bound.
        for (node, pods) in &self.by_node.elsewhere {
            for pod in pods {
                if pod.spec.node_name.is_empty() {
                    deletes.push((
                        pod,
                        format!(
                            "{}: its node {node} no longer exists and it was never scheduled",
                            self.owner.describe()
                        ),
                    ));
                }
            }
        }
        for (type_, reason, message) in events {
            self.event(type_, reason, message);
        }
        self.sync_nodes(creates, deletes, hash)
    }

    /// `syncNodes`: at most `BURST_REPLICAS` creates, in slow-start batches that stop after a
    /// failing one, and at most `BURST_REPLICAS` deletes. Returns whether anything was asked for.
    fn sync_nodes(&mut self, creates: Creates, deletes: Deletes, hash: &str) -> Result<bool, String> {
        let create_diff = creates.len().min(BURST_REPLICAS);
        let delete_diff = deletes.len().min(BURST_REPLICAS);
        let mut err = None;
        if create_diff > 0 {
            let template = create_pod_template(&self.ds.spec.template, self.generation, hash);
            let base = pod_control::get_pod_from_template(&template, self.owner);
            let check = pod_control::check_create(self.ctx.store, &base);
            let owner = self.owner;
            let capped = if create_diff < creates.len() {
                format!(" ({} nodes need one; at most {BURST_REPLICAS} per sync)", creates.len())
            } else {
                String::new()
            };
            let mut todo = creates.into_iter();
            let actions = &mut self.out.actions;
            let (_, e) = pod_control::slow_start_batch(create_diff, pod_control::SLOW_START_INITIAL_BATCH_SIZE, || {
                let Some((node, why)) = todo.next() else { return Ok(()) };
                match &check {
                    CreateCheck::Allowed => {
                        let mut pod = base.clone();
                        pod.spec.affinity =
                            Some(replace_daemon_set_pod_node_name_node_affinity(pod.spec.affinity.take(), &node));
                        actions.push(pod_control::create_pod(pod, owner, format!("{why}{capped}")));
                        Ok(())
                    }
                    // Upstream treats the refusal as done and records nothing.
                    CreateCheck::NamespaceTerminating => Ok(()),
                    CreateCheck::Refused { message, event } => {
                        if *event {
                            actions.push(pod_control::failed_create_event(owner, message));
                        }
                        Err(message.clone())
                    }
                }
            });
            err = e;
        }
        for (pod, why) in deletes.into_iter().take(delete_diff) {
            let actions = pod_control::delete_pod(pod, self.owner, why);
            self.out.actions.extend(actions);
        }
        match err {
            Some(e) => Err(e),
            None => Ok(create_diff + delete_diff > 0),
        }
    }

    /// `updateDaemonSetStatus` with `storeDaemonSetStatus`: per node that should run a pod,
    /// desired, current (any pod mapped to it), ready, available and up to date (of its oldest
    /// pod); a pod on a node that should not run one is misscheduled. Written only when a
    /// number changed or observedGeneration lags. Requeues after minReadySeconds while pods
    /// are ready but not yet available.
    fn update_daemon_set_status(&mut self) {
        let min_ready = self.ds.spec.min_ready_seconds;
        let mut st = self.ds.status.clone();
        let (mut desired, mut current, mut misscheduled, mut ready, mut updated, mut available) = (0, 0, 0, 0, 0, 0);
        let mut skipped: Vec<String> = Vec::new();
        let mut next_available: Option<u64> = None;
        for (i, node) in self.nodes.iter().enumerate() {
            let Some(fit) = self.fits.get(i) else { continue };
            let pods = self.by_node.on(i);
            if !fit.should_run() {
                if !pods.is_empty() {
                    misscheduled += 1;
                }
                if skipped.len() < 4 {
                    skipped.push(format!("{}: {}", node.metadata.name, fit.reason()));
                }
                continue;
            }
            desired += 1;
            // The oldest pod (`podByCreationTimestampAndPhase`) speaks for the node.
            let Some((k, _)) =
                pods.iter().copied().enumerate().min_by(|(_, a), (_, b)| by_creation_timestamp_and_phase(a, b))
            else {
                continue;
            };
            current += 1;
            let facts = self.facts_on(i).get(k).copied().unwrap_or_default();
            if facts.ready {
                ready += 1;
                if facts.available {
                    available += 1;
                }
            }
            if facts.updated {
                updated += 1;
            }
        }
        // `updatePod` requeues minReadySeconds + 1s after any of its pods turned ready (a surge
        // pod becoming available lets its old pod go).
        for (pod, facts) in self.by_node.flat().iter().zip(&self.facts) {
            if !facts.ready || facts.available {
                continue;
            }
            if let Some(since) = pod.condition("Ready").and_then(|c| c.last_transition_time) {
                let at = since.to_sim().saturating_add(u64::try_from(min_ready).unwrap_or(0) * 1000 + 1000);
                if at > self.ctx.now {
                    let d = at - self.ctx.now;
                    next_available = Some(next_available.map_or(d, |n| n.min(d)));
                }
            }
        }
        let unavailable = desired - available;
        let generation = self.ds.metadata.generation;
        if min_ready > 0 && ready != available {
            self.requeue(u64::try_from(min_ready).unwrap_or(0) * 1000);
        }
        if let Some(d) = next_available {
            self.requeue(d);
        }
        let old = &self.ds.status;
        let same = old.desired_number_scheduled == desired
            && old.current_number_scheduled == current
            && old.number_misscheduled == misscheduled
            && old.number_ready == ready
            && old.updated_number_scheduled == updated
            && old.number_available == available
            && old.number_unavailable == unavailable
            && old.observed_generation >= generation;
        if same {
            return;
        }
        st.observed_generation = generation;
        st.desired_number_scheduled = desired;
        st.current_number_scheduled = current;
        st.number_misscheduled = misscheduled;
        st.number_ready = ready;
        st.updated_number_scheduled = updated;
        st.number_available = available;
        st.number_unavailable = unavailable;
        let why = status_why(old, &st, &skipped, self.nodes.len());
        self.write_status(st, why);
    }

    fn write_status(&mut self, status: DaemonSetStatus, why: String) {
        let mut ds = self.ds.clone();
        ds.status = status;
        self.out.actions.push(Action::Update { obj: Object::DaemonSet(ObjBox::new(ds)), why });
    }
}

/// The explanation of a status write: the numbers that changed, and why nodes were left out.
fn status_why(old: &DaemonSetStatus, new: &DaemonSetStatus, skipped: &[String], nodes: usize) -> String {
    let mut changes = Vec::new();
    let mut field = |name: &str, a: i64, b: i64| {
        if a != b {
            changes.push(format!("{name} {a}→{b}"));
        }
    };
    field("desiredNumberScheduled", old.desired_number_scheduled.into(), new.desired_number_scheduled.into());
    field("currentNumberScheduled", old.current_number_scheduled.into(), new.current_number_scheduled.into());
    field("numberReady", old.number_ready.into(), new.number_ready.into());
    field("updatedNumberScheduled", old.updated_number_scheduled.into(), new.updated_number_scheduled.into());
    field("numberAvailable", old.number_available.into(), new.number_available.into());
    field("numberUnavailable", old.number_unavailable.into(), new.number_unavailable.into());
    field("numberMisscheduled", old.number_misscheduled.into(), new.number_misscheduled.into());
    field("observedGeneration", old.observed_generation, new.observed_generation);
    let mut why = format!("status: {}", if changes.is_empty() { "unchanged".to_string() } else { changes.join(", ") });
    if old.desired_number_scheduled != new.desired_number_scheduled && !skipped.is_empty() {
        let left_out = usize::try_from((nodes as i64 - i64::from(new.desired_number_scheduled)).max(0)).unwrap_or(0);
        why.push_str(&format!(
            ". {} of {nodes} node(s) get no pod: {}{}",
            left_out,
            skipped.join("; "),
            if left_out > skipped.len() { "; ..." } else { "" }
        ));
    }
    why
}

fn pod_of(obj: &Option<Object>) -> Option<&Pod> {
    match obj {
        Some(Object::Pod(p)) => Some(p),
        _ => None,
    }
}

fn node_of(obj: &Option<Object>) -> Option<&Node> {
    match obj {
        Some(Object::Node(n)) => Some(n),
        _ => None,
    }
}

/// The DaemonSets to sync after `change` (the informer handlers of daemon_controller.go).
pub fn watch(store: &Store, change: &Change) -> Vec<ObjRef> {
    let mut out = Vec::new();
    match change.obj.kind {
        Kind::DaemonSet => out.push(change.obj.clone()),
        Kind::Pod => match (pod_of(&change.old), pod_of(&change.new)) {
            (None, Some(cur)) => add_pod(store, cur, &mut out),
            (Some(old), Some(cur)) => update_pod(store, old, cur, &mut out),
            (Some(old), None) => delete_pod(store, old, &mut out),
            (None, None) => {}
        },
        Kind::ControllerRevision => watch_history(store, change, &mut out),
        Kind::Node => match (node_of(&change.old), node_of(&change.new)) {
            // `addNode`: the DaemonSets that should run on it.
            (None, Some(node)) => {
                for ds in store.daemon_sets() {
                    if NodeTest::new(ds).fit(node).should_run() {
                        out.push(ds_ref(ds));
                    }
                }
            }
            // `updateNode`: the DaemonSets whose verdict on the node changed. Only the name,
            // labels and taints enter the verdict, so other changes (conditions, heartbeats)
            // wake nothing, as `shouldIgnoreNodeUpdate` has it.
            (Some(old), Some(cur))
                if old.metadata.labels != cur.metadata.labels || old.spec.taints != cur.spec.taints =>
            {
                for ds in store.daemon_sets() {
                    let test = NodeTest::new(ds);
                    let (a, b) = (test.fit(old), test.fit(cur));
                    if (a.should_run(), a.should_continue_running()) != (b.should_run(), b.should_continue_running()) {
                        out.push(ds_ref(ds));
                    }
                }
            }
            // No handler for deleted nodes: their pods go (pod GC), which wakes the DaemonSets.
            _ => {}
        },
        _ => {}
    }
    out.sort();
    out.dedup();
    out
}

fn ds_ref(ds: &DaemonSet) -> ObjRef {
    ObjRef::new(Kind::DaemonSet, ds.metadata.namespace.clone(), ds.metadata.name.clone())
}

/// `resolveControllerRef`.
fn resolve_controller_ref(store: &Store, namespace: &str, r: &OwnerReference) -> Option<ObjRef> {
    if r.kind != Kind::DaemonSet.name() {
        return None;
    }
    let ds = store.daemon_set(namespace, &r.name)?;
    (ds.metadata.uid == r.uid).then(|| ds_ref(ds))
}

/// `GetPodDaemonSets` / `GetHistoryDaemonSets`: DaemonSets in the namespace whose (non-empty)
/// selector matches the labels.
fn selecting(store: &Store, namespace: &str, labels: &BTreeMap<String, String>) -> Vec<ObjRef> {
    store
        .list_in(Kind::DaemonSet, namespace)
        .filter_map(|o| match o {
            Object::DaemonSet(ds) if !ds.spec.selector.is_empty() && ds.spec.selector.matches(labels) => {
                Some(ds_ref(ds))
            }
            _ => None,
        })
        .collect()
}

/// `addPod`.
fn add_pod(store: &Store, pod: &Pod, out: &mut Vec<ObjRef>) {
    if pod.metadata.deletion_timestamp.is_some() {
        delete_pod(store, pod, out);
        return;
    }
    match pod.metadata.controller_ref() {
        Some(r) => out.extend(resolve_controller_ref(store, &pod.metadata.namespace, r)),
        None => out.extend(selecting(store, &pod.metadata.namespace, &pod.metadata.labels)),
    }
}

/// `updatePod`: a pod being deleted is treated as deleted; a changed controller ref wakes the
/// old controller too; an orphan wakes the DaemonSets selecting it when its labels or controller
/// ref changed. (The minReadySeconds requeue after a pod turns ready is in the sync.)
fn update_pod(store: &Store, old: &Pod, cur: &Pod, out: &mut Vec<ObjRef>) {
    if cur.metadata.resource_version == old.metadata.resource_version {
        return;
    }
    if cur.metadata.deletion_timestamp.is_some() {
        delete_pod(store, cur, out);
        return;
    }
    let (cur_ref, old_ref) = (cur.metadata.controller_ref(), old.metadata.controller_ref());
    let ref_changed = cur_ref != old_ref;
    if let (true, Some(r)) = (ref_changed, old_ref) {
        out.extend(resolve_controller_ref(store, &old.metadata.namespace, r));
    }
    if let Some(r) = cur_ref {
        out.extend(resolve_controller_ref(store, &cur.metadata.namespace, r));
        return;
    }
    if cur.metadata.labels != old.metadata.labels || ref_changed {
        out.extend(selecting(store, &cur.metadata.namespace, &cur.metadata.labels));
    }
}

/// `deletePod`.
fn delete_pod(store: &Store, pod: &Pod, out: &mut Vec<ObjRef>) {
    if let Some(r) = pod.metadata.controller_ref() {
        out.extend(resolve_controller_ref(store, &pod.metadata.namespace, r));
    }
}

/// `addHistory`, `updateHistory`, `deleteHistory`.
fn watch_history(store: &Store, change: &Change, out: &mut Vec<ObjRef>) {
    fn cr(o: &Option<Object>) -> Option<&crate::api::meta::ObjectMeta> {
        match o {
            Some(Object::ControllerRevision(c)) => Some(&c.metadata),
            _ => None,
        }
    }
    let ns = &change.obj.key.namespace;
    match (cr(&change.old), cr(&change.new)) {
        (None, Some(h)) => {
            if h.deletion_timestamp.is_some() {
                out.extend(h.controller_ref().and_then(|r| resolve_controller_ref(store, ns, r)));
            } else if h.controller_ref().is_none() {
                out.extend(selecting(store, ns, &h.labels));
            }
        }
        (Some(o), Some(h)) => {
            if o.resource_version == h.resource_version {
                return;
            }
            let (cur_ref, old_ref) = (h.controller_ref(), o.controller_ref());
            let ref_changed = cur_ref != old_ref;
            if let (true, Some(r)) = (ref_changed, old_ref) {
                out.extend(resolve_controller_ref(store, ns, r));
            }
            if let Some(r) = cur_ref {
                out.extend(resolve_controller_ref(store, ns, r));
            } else if o.labels != h.labels || ref_changed {
                out.extend(selecting(store, ns, &h.labels));
            }
        }
        (Some(o), None) => out.extend(o.controller_ref().and_then(|r| resolve_controller_ref(store, ns, r))),
        (None, None) => {}
    }
}
