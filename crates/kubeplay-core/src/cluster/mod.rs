//! The world: the store, the event queue, the seeded RNG and the record of why things happened.
//! Requests change the store through the apiserver layer (`apiserver`); every change wakes the
//! controllers that watch it; `step`, `run_for` and `settle` move virtual time.

pub mod apiserver;

use std::collections::BTreeMap;

use crate::api::meta::Time;
use crate::api::Kind;
use crate::controller::{self, Action, ControllerId, Ctx, Reconcile};
use crate::sim::{Queue, Rng, SimTime};
use crate::store::{Change, ObjRef, Store};

pub use apiserver::ApiError;

/// Work waiting in the queue.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Work {
    /// Run a controller's reconcile for an object.
    Reconcile(ControllerId, ObjRef),
}

/// One explained decision: who did what to which object, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Why {
    pub time: SimTime,
    pub actor: &'static str,
    pub object: ObjRef,
    pub text: String,
}

/// The simulated cluster.
#[derive(Debug)]
pub struct Cluster {
    pub(crate) store: Store,
    pub(crate) now: SimTime,
    pub(crate) queue: Queue<Work>,
    pub(crate) rng: Rng,
    seed: u64,
    /// Explanations by object uid, oldest first.
    pub(crate) why: BTreeMap<String, Vec<Why>>,
    /// Reconciles run so far (a measure of work, for benchmarks).
    pub reconciles: u64,
}

/// The namespaces every cluster starts with.
pub const SYSTEM_NAMESPACES: [&str; 4] = ["default", "kube-node-lease", "kube-public", "kube-system"];

/// At most this many queue items are processed at one instant before the loop gives up (a guard
/// against controllers that keep waking each other).
const MAX_WORK_PER_INSTANT: usize = 5_000_000;

impl Cluster {
    /// A fresh cluster whose random choices all come from `seed`.
    pub fn new(seed: u64) -> Cluster {
        let mut c = Cluster {
            store: Store::new(),
            now: 0,
            queue: Queue::default(),
            rng: Rng::new(seed),
            seed,
            why: BTreeMap::new(),
            reconciles: 0,
        };
        for ns in SYSTEM_NAMESPACES {
            let value = serde_json::json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}});
            // The system namespaces are valid by construction.
            let _ = c.create_value(Kind::Namespace, value, false);
        }
        c
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Virtual time in milliseconds.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// The wall-clock timestamp of now.
    pub fn now_time(&self) -> Time {
        Time::from_sim(self.now)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The explanations recorded for the object with `uid`.
    pub fn why_of(&self, uid: &str) -> &[Why] {
        self.why.get(uid).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn explain(&mut self, actor: &'static str, object: &ObjRef, uid: &str, text: String) {
        if uid.is_empty() || text.is_empty() {
            return;
        }
        self.why.entry(uid.to_string()).or_default().push(Why { time: self.now, actor, object: object.clone(), text });
    }

    /// Processes everything due now, including what that work makes due now.
    pub fn process_due(&mut self) {
        let mut budget = MAX_WORK_PER_INSTANT;
        while budget > 0 {
            let Some((_, work)) = self.queue.pop_due(self.now) else { break };
            self.run_work(work);
            budget -= 1;
        }
    }

    /// Moves to the next time anything is due and processes it. Returns false when nothing waits.
    pub fn step(&mut self) -> bool {
        self.process_due();
        let Some(t) = self.queue.next_time() else {
            return false;
        };
        self.now = self.now.max(t);
        self.process_due();
        true
    }

    /// Advances virtual time by `ms`, processing everything due on the way.
    pub fn run_for(&mut self, ms: SimTime) {
        let target = self.now.saturating_add(ms);
        self.process_due();
        while let Some(t) = self.queue.next_time() {
            if t > target {
                break;
            }
            self.now = self.now.max(t);
            self.process_due();
        }
        self.now = target;
    }

    /// Runs until no work is waiting or `timeout_ms` has passed. Returns whether it went quiet.
    pub fn settle(&mut self, timeout_ms: SimTime) -> bool {
        let deadline = self.now.saturating_add(timeout_ms);
        self.process_due();
        loop {
            let Some(t) = self.queue.next_time() else {
                return true;
            };
            if t > deadline {
                self.now = deadline;
                return false;
            }
            self.now = self.now.max(t);
            self.process_due();
        }
    }

    fn run_work(&mut self, work: Work) {
        match work {
            Work::Reconcile(ctl, target) => {
                self.reconciles += 1;
                let result = {
                    let ctx = Ctx { store: &self.store, now: self.now };
                    match ctl {
                        ControllerId::GarbageCollector => controller::garbage_collector::reconcile(&ctx, &target),
                    }
                };
                self.apply_reconcile(ctl, &target, result);
            }
        }
    }

    fn apply_reconcile(&mut self, ctl: ControllerId, target: &ObjRef, result: Reconcile) {
        for action in result.actions {
            self.apply_action(ctl, action);
        }
        if let Some(delay) = result.requeue_after {
            self.queue.push(self.now.saturating_add(delay), Work::Reconcile(ctl, target.clone()));
        }
    }

    fn apply_action(&mut self, ctl: ControllerId, action: Action) {
        let actor = ctl.component();
        match action {
            Action::Create { obj, why } => {
                if let Ok(created) = self.create_object(obj) {
                    let r = ObjRef::of(&created);
                    self.explain(actor, &r, &created.meta().uid.clone(), why);
                }
            }
            Action::Update { obj, why } => {
                let r = ObjRef::of(&obj);
                let uid = obj.meta().uid.clone();
                if self.update_object(obj).is_ok() {
                    self.explain(actor, &r, &uid, why);
                }
            }
            Action::Delete { target, uid, propagation, grace_seconds, why } => {
                let current_uid = self.store.get_ref(&target).map(|o| o.meta().uid.clone());
                if current_uid.as_deref() == Some(uid.as_str())
                    && self.delete(&target, Some(propagation), grace_seconds).is_ok()
                {
                    self.explain(actor, &target, &uid, why);
                }
            }
            Action::Event { .. } => {}
        }
    }

    /// Wakes the controllers that watch what changed.
    pub(crate) fn notify(&mut self, change: &Change) {
        let now = self.now;
        // The garbage collector watches every object with owners, and every owner being deleted.
        let deleting = change.new.as_ref().is_none_or(|n| n.meta().deletion_timestamp.is_some());
        if let Some(new) = &change.new {
            let owners_changed =
                change.old.as_ref().is_none_or(|o| o.meta().owner_references != new.meta().owner_references);
            if (!new.meta().owner_references.is_empty() && owners_changed) || new.meta().deletion_timestamp.is_some() {
                self.queue.push(now, Work::Reconcile(ControllerId::GarbageCollector, change.obj.clone()));
            }
        }
        if deleting {
            let uid = change.old.as_ref().or(change.new.as_ref()).map(|o| o.meta().uid.clone()).unwrap_or_default();
            let dependents: Vec<ObjRef> = self.store.dependents(&uid).cloned().collect();
            for d in dependents {
                self.queue.push(now, Work::Reconcile(ControllerId::GarbageCollector, d));
            }
        }
        // An owner held by the foreground finalizer waits for its blocking dependents to go.
        if change.new.is_none() {
            if let Some(old) = &change.old {
                for owner in &old.meta().owner_references {
                    if let Some(o) = self.store.by_uid(&owner.uid) {
                        if o.meta().deletion_timestamp.is_some() {
                            let r = ObjRef::of(o);
                            self.queue.push(now, Work::Reconcile(ControllerId::GarbageCollector, r));
                        }
                    }
                }
            }
        }
    }
}
