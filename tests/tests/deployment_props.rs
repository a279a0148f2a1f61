//! The rolling update's promise, as a property: for random replicas, maxSurge, maxUnavailable,
//! minReadySeconds, readiness delays, image pull times and scheduling, a Deployment that is fully
//! available and gets a new pod template
//! - never has more than replicas + maxSurge replicas in all its ReplicaSets,
//! - never has fewer than replicas − maxUnavailable available pods (Ready for minReadySeconds,
//!   not terminating) until the rollout completes,
//! - and always completes.
//!
//! The invariants are checked after every write to the store (every unit of work ends with its
//! last write), by replaying the change log. A short run is part of `cargo test`;
//! `KUBEPLAY_FUZZ_ITERATIONS=2000` runs a long one.

use std::collections::BTreeMap;

use kubeplay_core::api::apps::{Deployment, ReplicaSet};
use kubeplay_core::api::meta::{Time, EPOCH_UNIX_MS};
use kubeplay_core::api::pod::Pod;
use kubeplay_core::api::{Kind, Object};
use kubeplay_core::cluster::watch::{EventType, Watcher};
use kubeplay_core::shell::{self, NoFiles};
use kubeplay_core::sim::Rng;
use kubeplay_core::Cluster;

fn iterations(default: usize) -> usize {
    std::env::var("KUBEPLAY_FUZZ_ITERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Keeps the change log recording; prints nothing.
#[derive(Debug)]
struct Recorder;

impl Watcher for Recorder {
    fn poll(&mut self, _cluster: &Cluster) -> String {
        String::new()
    }
}

/// One random rollout.
#[derive(Debug, Clone)]
struct Case {
    seed: u64,
    replicas: i32,
    max_surge: String,
    max_unavailable: String,
    min_ready_seconds: i32,
    old_image: String,
    new_image: String,
    old_probe: Option<(i32, i32)>,
    new_probe: Option<(i32, i32)>,
}

/// maxSurge / maxUnavailable as an int or a percentage.
fn fencepost(rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => rng.below(4).to_string(),
        1 => format!("{}%", [0, 10, 25, 33, 50, 75, 100][rng.below(7) as usize]),
        _ => format!("{}%", rng.below(101)),
    }
}

fn is_zero(v: &str) -> bool {
    v == "0" || v == "0%"
}

impl Case {
    fn random(seed: u64) -> Case {
        let mut rng = Rng::new(seed);
        let replicas = 1 + rng.below(10) as i32;
        let (mut max_surge, mut max_unavailable) = (fencepost(&mut rng), fencepost(&mut rng));
        // Both 0 as written is invalid (validation refuses it).
        while is_zero(&max_surge) && is_zero(&max_unavailable) {
            max_surge = fencepost(&mut rng);
            max_unavailable = fencepost(&mut rng);
        }
        let probe = |rng: &mut Rng| (rng.below(3) > 0).then(|| (rng.below(8) as i32, 1 + rng.below(4) as i32));
        Case {
            seed,
            replicas,
            max_surge,
            max_unavailable,
            min_ready_seconds: [0, 0, 1, 3, 5][rng.below(5) as usize],
            old_image: format!("example.com/app:v{}", rng.below(1000)),
            new_image: format!("example.com/app:w{}", rng.below(1000)),
            old_probe: probe(&mut rng),
            new_probe: probe(&mut rng),
        }
    }

    fn manifest(&self, image: &str, probe: Option<(i32, i32)>) -> String {
        let quote = |v: &str| if v.ends_with('%') { format!("\"{v}\"") } else { v.to_string() };
        let probe = match probe {
            None => String::new(),
            Some((delay, period)) => format!(
                "        readinessProbe:\n          tcpSocket:\n            port: 80\n          initialDelaySeconds: {delay}\n          periodSeconds: {period}\n"
            ),
        };
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: {}\n  minReadySeconds: {}\n  strategy:\n    rollingUpdate:\n      maxSurge: {}\n      maxUnavailable: {}\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: app\n        image: {image}\n        ports:\n        - containerPort: 80\n{probe}",
            self.replicas,
            self.min_ready_seconds,
            quote(&self.max_surge),
            quote(&self.max_unavailable),
        )
    }

    /// `ResolveFenceposts` against replicas, and maxUnavailable capped at replicas.
    fn fenceposts(&self) -> (i32, i32) {
        let scale = |v: &str, up: bool| -> i32 {
            match v.strip_suffix('%') {
                Some(p) => {
                    let product = p.parse::<i32>().unwrap_or(0) * self.replicas;
                    if up {
                        (product + 99) / 100
                    } else {
                        product / 100
                    }
                }
                None => v.parse().unwrap_or(0),
            }
        };
        let (surge, unavailable) = (scale(&self.max_surge, true), scale(&self.max_unavailable, false));
        if surge == 0 && unavailable == 0 {
            (0, 1)
        } else {
            (surge, unavailable.min(self.replicas))
        }
    }
}

fn apply(c: &mut Cluster, manifest: &str) {
    let out = shell::exec(c, "kubectl apply -f -", Some(manifest), &NoFiles);
    assert_eq!(out.exit_code, 0, "{}{}\n{manifest}", out.stdout, out.stderr);
}

/// The Deployment's ReplicaSets and their pods, as the change log rebuilds them.
#[derive(Default)]
struct Model {
    uid: String,
    rss: BTreeMap<String, ReplicaSet>,
    pods: BTreeMap<String, Pod>,
}

impl Model {
    fn apply(&mut self, obj: &Object, deleted: bool) {
        match obj {
            Object::ReplicaSet(rs) if rs.metadata.controller_ref().is_some_and(|o| o.uid == self.uid) => {
                if deleted {
                    self.rss.remove(&rs.metadata.name);
                } else {
                    self.rss.insert(rs.metadata.name.clone(), rs.as_ref().clone());
                }
            }
            Object::Pod(p) => {
                if deleted {
                    self.pods.remove(&p.metadata.name);
                } else {
                    self.pods.insert(p.metadata.name.clone(), p.as_ref().clone());
                }
            }
            _ => {}
        }
    }

    fn total_replicas(&self) -> i32 {
        self.rss.values().map(|rs| rs.spec.replicas.unwrap_or(1)).sum()
    }

    /// Pods of the Deployment's ReplicaSets that are available at `now` and not terminating.
    fn available(&self, min_ready_seconds: i32, now: Time) -> i32 {
        let uids: Vec<&str> = self.rss.values().map(|rs| rs.metadata.uid.as_str()).collect();
        self.pods
            .values()
            .filter(|p| p.metadata.controller_ref().is_some_and(|o| uids.contains(&o.uid.as_str())))
            .filter(|p| p.metadata.deletion_timestamp.is_none() && !p.is_terminal())
            .filter(|p| p.is_available(min_ready_seconds, now))
            .count() as i32
    }
}

fn complete(d: &Deployment, c: &Case) -> bool {
    let s = &d.status;
    s.observed_generation >= d.metadata.generation
        && s.updated_replicas == c.replicas
        && s.replicas == c.replicas
        && s.available_replicas == c.replicas
}

/// Runs one rollout; `Err` describes the first broken promise.
fn run(case: &Case) -> Result<(), String> {
    let mut c = Cluster::new(case.seed);
    apply(&mut c, &case.manifest(&case.old_image, case.old_probe));
    c.settle(3_600_000);
    let d = c.store().deployment("default", "web").cloned().ok_or("no deployment")?;
    if !complete(&d, case) {
        return Err(format!("the first rollout did not complete: {:?}", d.status));
    }
    let (surge, unavailable) = case.fenceposts();
    let (max_total, min_available) = (case.replicas + surge, case.replicas - unavailable);
    let mut model = Model { uid: d.metadata.uid.clone(), ..Model::default() };
    for rs in c.store().replica_sets() {
        model.apply(&Object::ReplicaSet(kubeplay_core::api::ObjBox::new(rs.clone())), false);
    }
    for p in c.store().pods() {
        model.apply(&Object::Pod(kubeplay_core::api::ObjBox::new(p.clone())), false);
    }
    c.watch(Box::new(Recorder));
    let mut seen = c.store().resource_version();
    apply(&mut c, &case.manifest(&case.new_image, case.new_probe));
    let start = c.now();
    let mut done = false;
    loop {
        let changes: Vec<_> = c.changes_since(seen).map_err(|_| "the change log overflowed")?.cloned().collect();
        seen = c.store().resource_version();
        let _ = c.poll_watches();
        for ch in &changes {
            model.apply(&ch.object, ch.event == EventType::Deleted);
            let total = model.total_replicas();
            if total > max_total {
                return Err(format!(
                    "at {}ms the ReplicaSets hold {total} replicas, more than {max_total} = {} + maxSurge {surge}",
                    ch.time, case.replicas
                ));
            }
            let now = Time(EPOCH_UNIX_MS + i64::try_from(ch.time).unwrap_or(0));
            let available = model.available(case.min_ready_seconds, now);
            if !done && available < min_available {
                return Err(format!(
                    "at {}ms only {available} pods are available, fewer than {min_available} = {} - maxUnavailable {unavailable}",
                    ch.time, case.replicas
                ));
            }
        }
        let d = c.store().deployment("default", "web").cloned().ok_or("no deployment")?;
        let olds_empty = model
            .rss
            .values()
            .filter(|rs| !rs.spec.template.spec.containers.iter().any(|x| x.image == case.new_image))
            .all(|rs| rs.spec.replicas == Some(0) && rs.status.replicas == 0);
        if complete(&d, case) && olds_empty {
            done = true;
        }
        if done {
            return Ok(());
        }
        if c.now() - start > 1_800_000 {
            return Err(format!("not complete after 30 minutes: {:?}", d.status));
        }
        if !c.step() {
            return Err(format!("nothing left to happen and not complete: {:?}", d.status));
        }
    }
}

#[test]
fn rolling_updates_keep_within_max_surge_and_max_unavailable_and_always_complete() {
    let n = iterations(40);
    let mut failures = Vec::new();
    for i in 0..n {
        let case = Case::random(0x5eed_0000 + i as u64);
        if let Err(e) = run(&case) {
            failures.push(format!("{e}\n  {case:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {n} rollouts broke a promise:\n{}", failures.len(), failures.join("\n"));
}

/// The property can fail: a check of the check. A model whose ReplicaSets hold too many replicas
/// is caught.
#[test]
fn the_replica_bound_is_checked() {
    let mut m = Model { uid: "u".into(), ..Model::default() };
    let mut rs = ReplicaSet::default();
    rs.metadata.name = "a".into();
    rs.metadata.owner_references.push(kubeplay_core::api::meta::OwnerReference {
        api_version: "apps/v1".into(),
        kind: "Deployment".into(),
        name: "web".into(),
        uid: "u".into(),
        controller: Some(true),
        block_owner_deletion: None,
    });
    rs.spec.replicas = Some(5);
    m.apply(&Object::ReplicaSet(kubeplay_core::api::ObjBox::new(rs)), false);
    assert_eq!(m.total_replicas(), 5);
    assert_eq!(m.available(0, Time(EPOCH_UNIX_MS)), 0);
    let _ = Kind::Deployment;
}
