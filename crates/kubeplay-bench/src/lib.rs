//! Benchmark scenarios. Each builds a cluster, does the work and returns counts with the cluster;
//! the runners (native `main.rs`, and Node over the wasm build) time them, and drop the cluster
//! after the clock stops (freeing 150,000 pods is not part of any scenario). No timing happens here.

use kubeplay_core::api::pod::{Container, Pod};
use kubeplay_core::api::Object;
use kubeplay_core::cluster::nodes::NodeSpecInput;
use kubeplay_core::Cluster;

/// What a scenario did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub name: String,
    /// Units of work the engine processed (reconciles and kubelet syncs).
    pub work: u64,
    pub objects: usize,
    pub running_pods: usize,
    pub virtual_ms: u64,
    pub note: String,
}

/// A cluster of `nodes` workers (4 CPU, 8Gi, 110 pods each) and no control plane.
pub fn cluster_with_nodes(seed: u64, nodes: usize) -> Cluster {
    let mut c = Cluster::empty(seed);
    for i in 0..nodes {
        let _ = c.add_node(&NodeSpecInput::worker(&format!("node-{i:05}")), false);
    }
    c.process_due();
    c
}

fn bare_pod(i: usize) -> Object {
    let mut p = Pod::default();
    p.metadata.name = format!("pod-{i:06}");
    p.metadata.namespace = "default".into();
    p.metadata.labels.insert("app".into(), "bench".into());
    let mut c = Container { name: "app".into(), image: "nginx:1.25".into(), ..Container::default() };
    c.resources.requests.insert("cpu".into(), "10m".into());
    c.resources.requests.insert("memory".into(), "16Mi".into());
    p.spec.containers.push(c);
    Object::Pod(kubeplay_core::api::ObjBox::new(p))
}

/// The cluster of [`engine`], settled.
pub fn engine_cluster(nodes: usize, pods: usize) -> Cluster {
    let mut c = cluster_with_nodes(1, nodes);
    for i in 0..pods {
        let _ = c.create_object(bare_pod(i));
    }
    c.settle(3_600_000);
    c
}

/// `nodes` nodes and `pods` bare pods: created, scheduled, started, settled.
pub fn engine(nodes: usize, pods: usize) -> (Report, Cluster) {
    let c = engine_cluster(nodes, pods);
    let running = c.store().pods().filter(|p| p.status.phase == "Running").count();
    let report = Report {
        name: format!("engine: {nodes} nodes, {pods} bare pods"),
        work: c.reconciles,
        objects: c.store().count(kubeplay_core::api::Kind::Pod) + c.store().count(kubeplay_core::api::Kind::Node),
        running_pods: running,
        virtual_ms: c.now(),
        note: format!("{} events recorded", c.events().len()),
    };
    (report, c)
}

/// The Deployment of [`deployment_rollout`]: `replicas` nginx pods with small requests.
fn bench_deployment(replicas: usize) -> serde_json::Value {
    serde_json::json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "namespace": "default"},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{
                    "name": "nginx",
                    "image": "nginx:1.25",
                    "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}}
                }]}
            }
        }
    })
}

/// A Deployment of `replicas` on `nodes` nodes, created and settled, then rolled to a new image
/// (RollingUpdate, 25%/25%) and settled. Runner arguments: `deployment REPLICAS NODES`.
pub fn deployment_rollout(replicas: usize, nodes: usize) -> (Report, Cluster) {
    use kubeplay_core::api::Kind;
    let mut c = cluster_with_nodes(1, nodes);
    let _ = c.create_value(Kind::Deployment, bench_deployment(replicas), false);
    c.settle(3_600_000);
    let (created_work, created_ms) = (c.reconciles, c.now());
    if let Some(mut d) = c.store().deployment("default", "web").cloned() {
        if let Some(container) = d.spec.template.spec.containers.first_mut() {
            container.image = "nginx:1.26".into();
        }
        let _ =
            c.update_value(Kind::Deployment, Object::Deployment(kubeplay_core::api::ObjBox::new(d)).to_value(), false);
    }
    c.settle(3_600_000);
    let d = c.store().deployment("default", "web");
    let updated = d.map_or(0, |d| d.status.updated_replicas);
    let available = d.map_or(0, |d| d.status.available_replicas);
    let running = c.store().pods().filter(|p| p.status.phase == "Running").count();
    let report = Report {
        name: format!("deployment: {replicas} replicas on {nodes} nodes, created then rolled to a new image"),
        work: c.reconciles,
        objects: c.store().count(Kind::Pod) + c.store().count(Kind::ReplicaSet) + c.store().count(Kind::Node),
        running_pods: running,
        virtual_ms: c.now(),
        note: format!(
            "created and available after {created_ms} ms ({created_work} work units); rollout: {} work units over {} ms; {updated} updated, {available} available; {} events recorded",
            c.reconciles - created_work,
            c.now() - created_ms,
            c.events().len()
        ),
    };
    (report, c)
}

#[cfg(target_arch = "wasm32")]
mod wasm {
    use wasm_bindgen::prelude::*;

    thread_local! {
        static LAST: std::cell::RefCell<Option<kubeplay_core::Cluster>> = const { std::cell::RefCell::new(None) };
    }

    /// Runs a scenario by name and returns its report as JSON (the Node runner times the call).
    /// The cluster is kept until [`release_scenario`], so that freeing it is not timed.
    #[wasm_bindgen]
    pub fn run_scenario(name: &str, a: u32, b: u32) -> String {
        let (r, c) = match name {
            "engine" => super::engine(a as usize, b as usize),
            "deployment" => super::deployment_rollout(a as usize, b as usize),
            _ => (
                super::Report { name: format!("unknown scenario {name}"), ..super::Report::default() },
                kubeplay_core::Cluster::empty(0),
            ),
        };
        LAST.with(|l| *l.borrow_mut() = Some(c));
        serde_json::json!({
            "name": r.name, "work": r.work, "objects": r.objects, "running_pods": r.running_pods,
            "virtual_ms": r.virtual_ms, "note": r.note
        })
        .to_string()
    }

    /// Frees the cluster of the last scenario.
    #[wasm_bindgen]
    pub fn release_scenario() {
        LAST.with(|l| l.borrow_mut().take());
    }
}
