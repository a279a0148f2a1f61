//! Nodes: the default cluster (one tainted control-plane node and three workers), kind's cluster
//! config, and the `sim node` operations (add, fail, recover, delete).

use std::collections::BTreeMap;

use crate::json::Value;

use crate::api::meta::{ObjectMeta, Time};
use crate::api::node::{Node, NodeAddress, NodeSpec, NodeStatus, NodeSystemInfo};
use crate::api::pod::Taint;
use crate::api::quantity::Quantity;
use crate::api::{Kind, Object};
use crate::controller::node_lifecycle::{self, GRACE_PERIOD_MS};
use crate::controller::{ControllerId, Propagation};
use crate::manifest::yaml;
use crate::store::{Key, ObjRef};

use super::{Cluster, Work};

/// The Kubernetes version the simulated nodes report.
pub const KUBELET_VERSION: &str = "v1.32.2";

/// How a node is made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeSpecInput {
    pub name: String,
    pub control_plane: bool,
    pub cpu: String,
    pub memory: String,
    pub pods: String,
    pub labels: BTreeMap<String, String>,
    pub taints: Vec<Taint>,
}

impl NodeSpecInput {
    pub fn worker(name: &str) -> NodeSpecInput {
        NodeSpecInput {
            name: name.to_string(),
            control_plane: false,
            cpu: "4".into(),
            memory: "8Gi".into(),
            pods: "110".into(),
            labels: BTreeMap::new(),
            taints: Vec::new(),
        }
    }

    pub fn control_plane(name: &str) -> NodeSpecInput {
        let mut n = NodeSpecInput::worker(name);
        n.control_plane = true;
        n.taints.push(Taint {
            key: "node-role.kubernetes.io/control-plane".into(),
            value: String::new(),
            effect: "NoSchedule".into(),
            time_added: None,
        });
        n
    }
}

/// Why a cluster config or a node could not be used; Display is the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeError(pub String);

impl std::fmt::Display for NodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The nodes a kind config describes (`kind: Cluster`, `apiVersion: kind.x-k8s.io/v1alpha4`), named
/// as kind names them: `<name>-control-plane`, `<name>-worker`, `<name>-worker2`, ...
pub fn kind_config_nodes(text: &str) -> Result<Vec<NodeSpecInput>, NodeError> {
    let node = yaml::parse_document(text).map_err(|e| NodeError(format!("error parsing cluster config: {e}")))?;
    let Some(node) = node else {
        return Err(NodeError("the cluster config is empty".into()));
    };
    let v = node.to_json();
    if v.get("kind").and_then(Value::as_str) != Some("Cluster") {
        return Err(NodeError("a cluster config needs kind: Cluster".into()));
    }
    let api = v.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    if !api.starts_with("kind.x-k8s.io/") {
        return Err(NodeError(format!("unknown apiVersion {api:?} for a cluster config; use kind.x-k8s.io/v1alpha4")));
    }
    let cluster = v.get("name").and_then(Value::as_str).unwrap_or("kind").to_string();
    let default = vec![crate::json::json!({"role": "control-plane"})];
    let nodes = v.get("nodes").and_then(Value::as_array).unwrap_or(&default);
    let (mut cps, mut workers) = (0, 0);
    let mut out = Vec::new();
    for n in nodes {
        let role = n.get("role").and_then(Value::as_str).unwrap_or("control-plane");
        let mut spec = match role {
            "control-plane" => {
                cps += 1;
                let suffix = if cps == 1 { String::new() } else { cps.to_string() };
                NodeSpecInput::control_plane(&format!("{cluster}-control-plane{suffix}"))
            }
            "worker" => {
                workers += 1;
                let suffix = if workers == 1 { String::new() } else { workers.to_string() };
                NodeSpecInput::worker(&format!("{cluster}-worker{suffix}"))
            }
            other => return Err(NodeError(format!("unknown node role {other:?}: use control-plane or worker"))),
        };
        if let Some(labels) = n.get("labels").and_then(Value::as_object) {
            for (k, val) in labels {
                spec.labels.insert(k.clone(), val.as_str().unwrap_or("").to_string());
            }
        }
        out.push(spec);
    }
    // A kind cluster with workers taints its control plane; a single-node cluster does not.
    if workers == 0 {
        for n in &mut out {
            n.taints.clear();
        }
    }
    Ok(out)
}

impl Cluster {
    /// The default cluster's nodes.
    pub fn default_nodes() -> Vec<NodeSpecInput> {
        vec![
            NodeSpecInput::control_plane("control-plane"),
            NodeSpecInput::worker("worker-1"),
            NodeSpecInput::worker("worker-2"),
            NodeSpecInput::worker("worker-3"),
        ]
    }

    /// Registers a node as its kubelet would: the Node object with capacity, labels, addresses and
    /// healthy conditions.
    pub fn add_node(&mut self, input: &NodeSpecInput, announce: bool) -> Result<(), NodeError> {
        if self.store.node("", &input.name).is_some() {
            return Err(NodeError(format!("node {:?} already exists", input.name)));
        }
        let valid_name = !input.name.is_empty()
            && input.name.len() <= 253
            && input.name.split('.').all(|l| {
                !l.is_empty()
                    && l.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && !l.starts_with('-')
                    && !l.ends_with('-')
            });
        if !valid_name {
            return Err(NodeError(format!(
                "invalid node name {:?}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
                input.name
            )));
        }
        for (what, q) in [("--cpu", &input.cpu), ("--memory", &input.memory), ("--pods", &input.pods)] {
            match Quantity::parse(q) {
                Ok(v) if v.nanos > 0 => {}
                _ => return Err(NodeError(format!("invalid {what} {q:?}: a positive quantity is needed"))),
            }
        }
        let index = self.node_index;
        self.node_index += 1;
        let now = self.now;
        let mut labels: BTreeMap<String, String> = [
            ("beta.kubernetes.io/arch", "amd64"),
            ("beta.kubernetes.io/os", "linux"),
            ("kubernetes.io/arch", "amd64"),
            ("kubernetes.io/os", "linux"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        labels.insert("kubernetes.io/hostname".into(), input.name.clone());
        if input.control_plane {
            labels.insert("node-role.kubernetes.io/control-plane".into(), String::new());
        }
        labels.extend(input.labels.clone());
        let mut annotations = BTreeMap::new();
        annotations.insert("node.alpha.kubernetes.io/ttl".to_string(), "0".to_string());
        annotations.insert("volumes.kubernetes.io/controller-managed-attach-detach".to_string(), "true".to_string());
        let canon = |q: &str| Quantity::parse(q).map(|q| q.canonical()).unwrap_or_else(|_| q.to_string());
        let capacity: BTreeMap<String, String> = [
            ("cpu", canon(&input.cpu)),
            ("ephemeral-storage", "100Gi".to_string()),
            ("hugepages-1Gi", "0".to_string()),
            ("hugepages-2Mi", "0".to_string()),
            ("memory", canon(&input.memory)),
            ("pods", canon(&input.pods)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let ip = format!("172.18.{}.{}", 1 + index / 250, 2 + index % 250);
        // kind's 10.244.0.0/16 gives 256 nodes a /24 each; past those, the next /16s of 10/8, and
        // then around again (a playground of 65,000 nodes shares addresses rather than failing).
        let n = 244 * 256 + index;
        let cidr = format!("10.{}.{}.0/24", (n / 256) % 256, n % 256);
        let mut taints = input.taints.clone();
        for t in &mut taints {
            if t.effect == "NoExecute" && t.time_added.is_none() {
                t.time_added = Some(Time::from_sim(now));
            }
        }
        let node = Node {
            metadata: ObjectMeta {
                name: input.name.clone(),
                labels: labels.into(),
                annotations,
                ..ObjectMeta::default()
            },
            spec: NodeSpec {
                pod_cidr: cidr.clone(),
                pod_cidrs: vec![cidr],
                provider_id: format!("kind://docker/kind/{}", input.name),
                unschedulable: false,
                taints,
                extra: BTreeMap::new(),
            },
            status: NodeStatus {
                capacity: capacity.clone(),
                allocatable: capacity,
                conditions: node_lifecycle::healthy_conditions(now),
                addresses: vec![
                    NodeAddress { type_: "InternalIP".into(), address: ip },
                    NodeAddress { type_: "Hostname".into(), address: input.name.clone() },
                ],
                node_info: Some(NodeSystemInfo {
                    machine_id: crate::controller::kubelet::program::hex64(&format!("m{}", input.name))[..32]
                        .to_string(),
                    system_uuid: self.rng.uuid(),
                    boot_id: self.rng.uuid(),
                    kernel_version: "6.8.0-45-generic".into(),
                    os_image: "Debian GNU/Linux 12 (bookworm)".into(),
                    container_runtime_version: "containerd://1.7.24".into(),
                    kubelet_version: KUBELET_VERSION.into(),
                    kube_proxy_version: KUBELET_VERSION.into(),
                    operating_system: "linux".into(),
                    architecture: "amd64".into(),
                }),
                extra: BTreeMap::new(),
            },
        };
        let status = node.status.clone();
        // The kubelet exists before its Node does.
        self.runtime.entry(input.name.clone()).or_default();
        let created = match self.create_object(Object::Node(crate::api::ObjBox::new(node))) {
            Ok(created) => created,
            Err(e) => {
                self.runtime.remove(&input.name);
                return Err(NodeError(e.message()));
            }
        };
        // The kubelet posts its status after registering.
        if let Object::Node(mut n) = created {
            n.status = status;
            let _ = self.update_object(Object::Node(n));
        }
        if announce {
            self.record_event_about(
                &ObjRef::new(Kind::Node, "", input.name.clone()),
                crate::controller::EventType::Normal,
                "RegisteredNode",
                &format!("Registered Node {} in Controller", input.name),
                "node-controller",
                "",
                "",
            );
        }
        self.queue
            .push(now, Work::Reconcile(ControllerId::NodeLifecycle, ObjRef::new(Kind::Node, "", input.name.clone())));
        self.retry_unschedulable();
        Ok(())
    }

    /// `sim node fail`: the node's kubelet stops; after the grace period the node lifecycle
    /// controller notices.
    pub fn fail_node(&mut self, name: &str) -> Result<String, NodeError> {
        if self.store.node("", name).is_none() {
            return Err(NodeError(format!("node {name:?} not found")));
        }
        let rt = self.runtime.entry(name.to_string()).or_default();
        if rt.down {
            return Err(NodeError(format!("node {name:?} is already failed")));
        }
        rt.down = true;
        self.leases.insert(name.to_string(), self.now);
        let r = ObjRef::new(Kind::Node, "", name);
        self.queue.push(self.now + GRACE_PERIOD_MS, Work::Reconcile(ControllerId::NodeLifecycle, r.clone()));
        let uid = self.store.node("", name).map(|n| n.metadata.uid.clone()).unwrap_or_default();
        self.explain(
            "kubeplay",
            &uid,
            format!(
                "its kubelet stopped (sim node fail); after {}s without a heartbeat it will be marked NotReady",
                GRACE_PERIOD_MS / 1000
            ),
        );
        Ok(format!("node/{name} failed: its kubelet stopped posting status"))
    }

    /// `sim node recover`: the kubelet comes back and reports the node Ready again.
    pub fn recover_node(&mut self, name: &str) -> Result<String, NodeError> {
        if self.store.node("", name).is_none() {
            return Err(NodeError(format!("node {name:?} not found")));
        }
        let rt = self.runtime.entry(name.to_string()).or_default();
        if !rt.down {
            return Err(NodeError(format!("node {name:?} is not failed")));
        }
        rt.down = false;
        self.leases.remove(name);
        let r = ObjRef::new(Kind::Node, "", name);
        // The kubelet reports the node ready again (its own event).
        self.record_event_about(
            &r,
            crate::controller::EventType::Normal,
            "NodeReady",
            &format!("Node {name} status is now: NodeReady"),
            "kubelet",
            name,
            "",
        );
        self.queue.push(self.now, Work::Reconcile(ControllerId::NodeLifecycle, r));
        let pods: Vec<Key> = self
            .store
            .pods_on_node(name)
            .map(|p| Key::new(p.metadata.namespace.clone(), p.metadata.name.clone()))
            .collect();
        for k in pods {
            self.queue.push(self.now, Work::Kubelet(k));
        }
        Ok(format!("node/{name} recovered: its kubelet posts status again"))
    }

    /// PodGC's `gcOrphaned` for one pod (`markFailedAndDeletePodWithCondition`): a pod that is
    /// not terminal is marked Failed with the DisruptionTarget condition, then deleted with a
    /// zero grace period; finalizers keep it until they are removed.
    fn gc_orphaned_pod(&mut self, r: &ObjRef, node: &str) {
        let Some(pod) = self.store.pod(&r.key.namespace, &r.key.name) else { return };
        let uid = pod.metadata.uid.clone();
        if !pod.is_terminal() {
            let mut failed = pod.clone();
            failed.status.phase = "Failed".into();
            failed.status.conditions.retain(|c| c.type_ != "DisruptionTarget");
            failed.status.conditions.push(crate::api::pod::PodCondition {
                type_: "DisruptionTarget".into(),
                status: "True".into(),
                last_probe_time: None,
                last_transition_time: Some(self.now_time()),
                reason: "DeletionByPodGC".into(),
                message: "PodGC: node no longer exists".into(),
            });
            let _ = self.update_object(Object::Pod(crate::api::ObjBox::new(failed)));
        }
        if self.delete(r, None, Some(0)).is_ok() {
            self.explain("pod-garbage-collector", &uid, format!("its node {node} was deleted"));
        }
    }

    /// `sim node delete`: the Node object goes, and with it the pods bound to it.
    pub fn delete_node(&mut self, name: &str) -> Result<String, NodeError> {
        let r = ObjRef::new(Kind::Node, "", name);
        if self.store.get_ref(&r).is_none() {
            return Err(NodeError(format!("node {name:?} not found")));
        }
        let pods: Vec<ObjRef> = self
            .store
            .pods_on_node(name)
            .map(|p| ObjRef::new(Kind::Pod, p.metadata.namespace.clone(), p.metadata.name.clone()))
            .collect();
        let _ = self.delete(&r, Some(Propagation::Background), None);
        self.runtime.remove(name);
        // PodGC force-deletes the pods bound to a node that no longer exists.
        for p in pods {
            self.gc_orphaned_pod(&p, name);
        }
        self.sched.remove_node(name);
        self.leases.remove(name);
        Ok(format!("node/{name} deleted"))
    }
}
