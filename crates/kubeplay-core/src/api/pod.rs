//! Pod, its spec and status, containers, and the pod template the workload kinds embed.
//! Fields the simulation reads are typed; every other field of the schema is kept in `extra`.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::{Arc, Weak};

use super::value::{Decode, Encode};
use crate::api::shared::{Internable, Shared, SharedMap};
use crate::json::Value;

use super::intstr::IntOrString;
use super::meta::{ObjectMeta, Time};
use super::object::ObjBox;

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero_i32(v: &i32) -> bool {
    *v == 0
}

/// `v1.Pod`.
#[derive(Clone, Debug, Default, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct Pod {
    #[kp(default)]
    pub metadata: ObjectMeta,
    /// Shared between the versions of one pod: status writes copy a pointer, not the spec.
    #[kp(default)]
    pub spec: ObjBox<PodSpec>,
    #[kp(default)]
    pub status: PodStatus,
}

// The status first: most writes of a pod change only its status, and its metadata's strings are
// the costliest to find equal.
impl PartialEq for Pod {
    fn eq(&self, other: &Self) -> bool {
        self.status == other.status && self.spec == other.spec && self.metadata == other.metadata
    }
}

/// `v1.PodTemplateSpec`.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct PodTemplateSpec {
    #[kp(default)]
    pub metadata: ObjectMeta,
    #[kp(default)]
    pub spec: PodSpec,
}

/// `v1.PodSpec`.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct PodSpec {
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub init_containers: Vec<Container>,
    #[kp(default)]
    pub containers: Vec<Container>,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub restart_policy: String,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub termination_grace_period_seconds: Option<i64>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub active_deadline_seconds: Option<i64>,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub dns_policy: String,
    #[kp(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub node_selector: BTreeMap<String, String>,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub service_account_name: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub node_name: String,
    #[kp(default, skip_serializing_if = "is_false")]
    pub host_network: bool,
    #[kp(default, skip_serializing_if = "is_false", rename = "hostPID")]
    pub host_pid: bool,
    #[kp(default, skip_serializing_if = "is_false", rename = "hostIPC")]
    pub host_ipc: bool,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub hostname: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub subdomain: String,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub affinity: Option<Affinity>,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub scheduler_name: String,
    #[kp(default, skip_serializing_if = "crate::api::shared::is_empty_vec")]
    pub tolerations: crate::api::shared::Shared<Vec<Toleration>>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i32>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub enable_service_links: Option<bool>,
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub volumes: Vec<Volume>,
    #[kp(flatten)]
    pub extra: SharedMap,
}

/// `v1.Container` (also used for init containers).
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct Container {
    pub name: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub image: String,
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ContainerPort>,
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<EnvVar>,
    /// Always printed (`resources: {}`), as Go prints a struct field.
    #[kp(default)]
    pub resources: ResourceRequirements,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub readiness_probe: Option<Probe>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub liveness_probe: Option<Probe>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub startup_probe: Option<Probe>,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub image_pull_policy: String,
    /// Set on restartable init containers (sidecars).
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub restart_policy: Option<String>,
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub volume_mounts: Vec<VolumeMount>,
    #[kp(flatten)]
    pub extra: SharedMap,
}

/// `v1.VolumeMount`.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct VolumeMount {
    pub name: String,
    #[kp(default, skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub recursive_read_only: Option<String>,
    pub mount_path: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub sub_path: String,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub mount_propagation: Option<String>,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub sub_path_expr: String,
}

impl VolumeMount {
    /// The mount as JSON (what describe and the printers read).
    pub fn to_value(&self) -> Value {
        self.encode()
    }
}

/// `v1.Volume`: its name and its source, the source shared between the pods of one template.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Volume {
    pub name: String,
    /// Every field but the name (`emptyDir`, `projected`, `configMap`, ...).
    pub source: SharedMap,
}

impl Volume {
    /// The volume as JSON, as it is written.
    pub fn to_value(&self) -> Value {
        let mut m = crate::json::Map::new();
        m.insert("name".into(), Value::String(self.name.clone()));
        for (k, v) in self.source.iter() {
            m.insert(k.clone(), v.clone());
        }
        Value::Object(m)
    }

    /// One field of the source.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.source.get(key)
    }
}

/// `v1.ContainerPort`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct ContainerPort {
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub host_port: i32,
    #[kp(default)]
    pub container_port: i32,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    #[kp(default, rename = "hostIP", skip_serializing_if = "String::is_empty")]
    pub host_ip: String,
}

/// `v1.EnvVar`.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct EnvVar {
    pub name: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub value: String,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub value_from: Option<Value>,
}

/// `v1.ResourceRequirements`; quantities kept in canonical string form.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct ResourceRequirements {
    #[kp(default, skip_serializing_if = "crate::api::shared::is_empty_map")]
    pub limits: crate::api::shared::Labels,
    #[kp(default, skip_serializing_if = "crate::api::shared::is_empty_map")]
    pub requests: crate::api::shared::Labels,
    #[kp(flatten)]
    pub extra: SharedMap,
}

/// `v1.Probe`: the timings are typed; the handler (exec, httpGet, tcpSocket, grpc) is kept as is.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct Probe {
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub initial_delay_seconds: i32,
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub timeout_seconds: i32,
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub period_seconds: i32,
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub success_threshold: i32,
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub failure_threshold: i32,
    #[kp(flatten)]
    pub extra: SharedMap,
}

/// `v1.Toleration`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct Toleration {
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub key: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub operator: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub value: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub effect: String,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub toleration_seconds: Option<i64>,
}

/// `v1.Taint`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct Taint {
    pub key: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub value: String,
    pub effect: String,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub time_added: Option<Time>,
}

impl Toleration {
    /// `Toleration.ToleratesTaint`.
    pub fn tolerates(&self, taint: &Taint) -> bool {
        if !self.effect.is_empty() && self.effect != taint.effect {
            return false;
        }
        if !self.key.is_empty() && self.key != taint.key {
            return false;
        }
        match self.operator.as_str() {
            "Exists" => true,
            "" | "Equal" => self.value == taint.value,
            _ => false,
        }
    }
}

/// `v1.Affinity`: node affinity is typed (the scheduler and the DaemonSet controller read it);
/// pod affinity and anti-affinity are kept as written.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct Affinity {
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub node_affinity: Option<NodeAffinity>,
    #[kp(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// `v1.NodeAffinity`.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct NodeAffinity {
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub required_during_scheduling_ignored_during_execution: Option<NodeSelector>,
    #[kp(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// `v1.NodeSelector`: the terms are ORed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct NodeSelector {
    #[kp(default)]
    pub node_selector_terms: Vec<NodeSelectorTerm>,
}

/// `v1.NodeSelectorTerm`: its requirements are ANDed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct NodeSelectorTerm {
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub match_expressions: Vec<NodeSelectorRequirement>,
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub match_fields: Vec<NodeSelectorRequirement>,
}

/// `v1.NodeSelectorRequirement`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct NodeSelectorRequirement {
    pub key: String,
    pub operator: String,
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

impl NodeSelectorRequirement {
    /// Matches a label value (`None` when the node lacks the label); Gt/Lt compare integers.
    pub fn matches(&self, value: Option<&str>) -> bool {
        match self.operator.as_str() {
            "In" => value.is_some_and(|v| self.values.iter().any(|x| x == v)),
            "NotIn" => value.is_none_or(|v| !self.values.iter().any(|x| x == v)),
            "Exists" => value.is_some(),
            "DoesNotExist" => value.is_none(),
            "Gt" | "Lt" => {
                let (Some(v), Some(bound)) = (value.and_then(|v| v.parse::<i64>().ok()), self.values.first()) else {
                    return false;
                };
                let Ok(bound) = bound.parse::<i64>() else { return false };
                if self.operator == "Gt" {
                    v > bound
                } else {
                    v < bound
                }
            }
            _ => false,
        }
    }
}

/// `v1.PodStatus`. The strings many pods hold alike (phase, addresses, QoS class) and the
/// condition list are shared: a status costs little more than its container ids.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct PodStatus {
    #[kp(default, skip_serializing_if = "SharedStr::is_empty")]
    pub phase: SharedStr,
    #[kp(default, skip_serializing_if = "crate::api::shared::is_empty_vec")]
    pub conditions: Shared<Vec<PodCondition>>,
    #[kp(default, skip_serializing_if = "SharedStr::is_empty")]
    pub message: SharedStr,
    #[kp(default, skip_serializing_if = "SharedStr::is_empty")]
    pub reason: SharedStr,
    #[kp(default, skip_serializing_if = "SharedStr::is_empty")]
    pub nominated_node_name: SharedStr,
    #[kp(default, rename = "hostIP", skip_serializing_if = "SharedStr::is_empty")]
    pub host_ip: SharedStr,
    /// Shared by the pods of a node.
    #[kp(default, rename = "hostIPs", skip_serializing_if = "crate::api::shared::is_empty_vec")]
    pub host_ips: Shared<Vec<IpEntry>>,
    #[kp(default, rename = "podIP", skip_serializing_if = "String::is_empty")]
    pub pod_ip: String,
    #[kp(default, rename = "podIPs", skip_serializing_if = "Vec::is_empty")]
    pub pod_ips: Vec<IpEntry>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Time>,
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub init_container_statuses: Vec<ContainerStatus>,
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub container_statuses: Vec<ContainerStatus>,
    #[kp(default, skip_serializing_if = "SharedStr::is_empty")]
    pub qos_class: SharedStr,
    #[kp(flatten)]
    pub extra: SharedMap,
}

/// `{ip: ...}` entries of podIPs and hostIPs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub struct IpEntry {
    pub ip: SharedStr,
}

/// `v1.PodCondition`. `lastProbeTime` is always printed (null), as Go prints a zero time.
#[derive(Clone, Debug, Default, Eq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct PodCondition {
    /// The kubelet's and scheduler's are static strings: no allocation per condition.
    #[kp(rename = "type")]
    pub type_: std::borrow::Cow<'static, str>,
    pub status: std::borrow::Cow<'static, str>,
    #[kp(default)]
    pub last_probe_time: Option<Time>,
    #[kp(default)]
    pub last_transition_time: Option<Time>,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

impl PartialEq for PodCondition {
    fn eq(&self, other: &Self) -> bool {
        // Most conditions name their type and status with the same static strings, and have no
        // reason or message: equal pointers settle those without comparing bytes.
        fn same(a: &str, b: &str) -> bool {
            (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b
        }
        self.last_transition_time == other.last_transition_time
            && same(&self.status, &other.status)
            && same(&self.type_, &other.type_)
            && self.last_probe_time == other.last_probe_time
            && same(&self.reason, &other.reason)
            && same(&self.message, &other.message)
    }
}

/// A pool of the status lists many pods hold alike (condition lists: pods whose conditions
/// changed in the same seconds; host IP lists: the pods of a node), swept of dead entries as it
/// grows.
struct ListPool<T> {
    by_hash: BTreeMap<u64, Vec<Weak<Vec<T>>>>,
    since_sweep: usize,
    live_at_sweep: usize,
}

impl<T: PartialEq> ListPool<T> {
    const fn new() -> ListPool<T> {
        ListPool { by_hash: BTreeMap::new(), since_sweep: 0, live_at_sweep: 0 }
    }

    /// The pooled list equal to `value` (whose hash is `hash`), pooling `value` if there is none.
    fn intern(&mut self, hash: u64, value: Vec<T>) -> Arc<Vec<T>> {
        let bucket = self.by_hash.entry(hash).or_default();
        if let Some(found) = bucket.iter().filter_map(Weak::upgrade).find(|a| **a == value) {
            return found;
        }
        bucket.retain(|w| w.strong_count() > 0);
        let a = Arc::new(value);
        bucket.push(Arc::downgrade(&a));
        self.since_sweep += 1;
        if self.since_sweep > 1024 && self.since_sweep > self.live_at_sweep {
            self.by_hash.retain(|_, b| {
                b.retain(|w| w.strong_count() > 0);
                !b.is_empty()
            });
            self.live_at_sweep = self.by_hash.values().map(Vec::len).sum();
            self.since_sweep = 0;
        }
        a
    }
}

/// FNV-1a steps over `words` from `hash`.
fn fnv_words(mut hash: u64, words: impl IntoIterator<Item = u64>) -> u64 {
    for x in words {
        hash = (hash ^ x).wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

thread_local! {
    static CONDITION_LISTS: RefCell<ListPool<PodCondition>> = const { RefCell::new(ListPool::new()) };
    static IP_LISTS: RefCell<ListPool<IpEntry>> = const { RefCell::new(ListPool::new()) };
}

impl Internable for Vec<PodCondition> {
    fn intern(value: Self) -> Arc<Self> {
        // A cheap hash of what tells lists apart (equal lists hash equal; the pool compares).
        let mut hash = FNV_OFFSET;
        for c in &value {
            let t = c.last_transition_time.map_or(-1, |t| t.0);
            let p = c.last_probe_time.map_or(-1, |t| t.0);
            let sizes = [c.type_.len(), c.status.len(), c.reason.len(), c.message.len()];
            hash = fnv_words(hash, sizes.into_iter().map(|n| n as u64).chain([t as u64, p as u64]));
        }
        CONDITION_LISTS.with(|pool| pool.borrow_mut().intern(hash, value))
    }
}

impl Internable for Vec<IpEntry> {
    fn intern(value: Self) -> Arc<Self> {
        let hash = fnv_words(FNV_OFFSET, value.iter().flat_map(|e| e.ip.bytes().map(u64::from).chain([0xff])));
        IP_LISTS.with(|pool| pool.borrow_mut().intern(hash, value))
    }
}

impl<'a> IntoIterator for &'a mut Shared<Vec<PodCondition>> {
    type Item = &'a mut PodCondition;
    type IntoIter = std::slice::IterMut<'a, PodCondition>;
    fn into_iter(self) -> Self::IntoIter {
        std::ops::DerefMut::deref_mut(self).iter_mut()
    }
}

/// `v1.ContainerStatus`. Name, image and image id are shared with the kubelet's runtime state
/// and the other pods running that image; the container id with the runtime state.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct ContainerStatus {
    pub name: SharedStr,
    #[kp(default)]
    pub state: ContainerState,
    #[kp(default)]
    pub last_state: ContainerState,
    #[kp(default)]
    pub ready: bool,
    #[kp(default)]
    pub restart_count: i32,
    #[kp(default)]
    pub image: SharedStr,
    #[kp(default, rename = "imageID")]
    pub image_id: SharedStr,
    #[kp(default, rename = "containerID", skip_serializing_if = "SharedStr::is_empty")]
    pub container_id: SharedStr,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<bool>,
    #[kp(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// `v1.ContainerState`: at most one of the three is set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct ContainerState {
    /// Boxed, as `terminated`: a running container's status holds neither.
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub waiting: Option<Box<StateWaiting>>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub running: Option<StateRunning>,
    /// Boxed: most states are not terminated, and a status holds two states per container.
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub terminated: Option<Box<StateTerminated>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct StateWaiting {
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct StateRunning {
    #[kp(default)]
    pub started_at: Option<Time>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct StateTerminated {
    #[kp(default)]
    pub exit_code: i32,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub signal: Option<i32>,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[kp(default)]
    pub started_at: Option<Time>,
    #[kp(default)]
    pub finished_at: Option<Time>,
    #[kp(default, rename = "containerID", skip_serializing_if = "SharedStr::is_empty")]
    pub container_id: SharedStr,
}

impl Pod {
    /// The pod condition of `type_`, if set.
    pub fn condition(&self, type_: &str) -> Option<&PodCondition> {
        self.status.conditions.iter().find(|c| c.type_ == type_)
    }

    /// `podutil.IsPodReady`: the Ready condition is True.
    pub fn is_ready(&self) -> bool {
        self.condition("Ready").is_some_and(|c| c.status == "True")
    }

    /// `podutil.IsPodAvailable`: Ready, and with `min_ready_seconds` > 0 Ready since strictly more
    /// than that long before `now` (a Ready condition without a transition time is never
    /// available then).
    pub fn is_available(&self, min_ready_seconds: i32, now: Time) -> bool {
        let Some(ready) = self.condition("Ready").filter(|c| c.status == "True") else {
            return false;
        };
        min_ready_seconds <= 0
            || ready
                .last_transition_time
                .is_some_and(|t| t.0.saturating_add(i64::from(min_ready_seconds) * 1000) < now.0)
    }

    /// `controller.IsPodActive`: not Succeeded or Failed, and not being deleted.
    pub fn is_active(&self) -> bool {
        self.status.phase != "Succeeded" && self.status.phase != "Failed" && self.metadata.deletion_timestamp.is_none()
    }

    pub fn is_terminal(&self) -> bool {
        self.status.phase == "Succeeded" || self.status.phase == "Failed"
    }

    /// The highest restart count of its containers.
    pub fn max_restarts(&self) -> i32 {
        self.status.container_statuses.iter().map(|c| c.restart_count).max().unwrap_or(0)
    }
}

/// A string many status fields hold alike (an image, a node's address, a phase) or that one pod
/// holds in several places (its IP): cloning it copies a pointer. It reads as a `&str`, compares
/// with strings, and is written as one.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SharedStr(Option<Arc<str>>);

impl SharedStr {
    /// A copy of `s` of its own (for values no other object holds, like a pod's IP).
    pub fn new(s: &str) -> SharedStr {
        SharedStr(if s.is_empty() { None } else { Some(Arc::from(s)) })
    }

    /// The pooled copy of `s`, shared with every other holder of an equal string.
    pub fn interned(s: &str) -> SharedStr {
        SharedStr(if s.is_empty() { None } else { Some(crate::api::shared::intern_str(s)) })
    }

    pub fn as_str(&self) -> &str {
        self.0.as_deref().unwrap_or("")
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }
}

impl std::ops::Deref for SharedStr {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> SharedStr {
        SharedStr::interned(s)
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> SharedStr {
        SharedStr::interned(&s)
    }
}

impl From<&String> for SharedStr {
    fn from(s: &String) -> SharedStr {
        SharedStr::interned(s)
    }
}

impl From<SharedStr> for String {
    fn from(s: SharedStr) -> String {
        s.as_str().to_string()
    }
}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SharedStr {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<SharedStr> for str {
    fn eq(&self, other: &SharedStr) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<SharedStr> for &str {
    fn eq(&self, other: &SharedStr) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<SharedStr> for String {
    fn eq(&self, other: &SharedStr) -> bool {
        self.as_str() == other.as_str()
    }
}

/// A port's target in a Service: a number or the name of a container port.
pub type PortTarget = IntOrString;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_strings_read_compare_and_serialize_as_the_strings_they_hold() {
        // (value, as &str, serialized)
        let cases = [
            (SharedStr::default(), "", "\"\""),
            (SharedStr::new(""), "", "\"\""),
            (SharedStr::interned(""), "", "\"\""),
            (SharedStr::new("10.244.1.2"), "10.244.1.2", "\"10.244.1.2\""),
            (SharedStr::interned("Running"), "Running", "\"Running\""),
            (SharedStr::from("Running".to_string()), "Running", "\"Running\""),
        ];
        for (v, want, json) in cases {
            assert_eq!(v.as_str(), want);
            assert_eq!(v.is_empty(), want.is_empty(), "{want:?}");
            let owned = want.to_string();
            assert!(v == want, "{want:?}");
            assert!(want == v, "{want:?}");
            assert!(*want == v, "{want:?}");
            assert!(v == owned, "{want:?}");
            assert!(owned == v, "{want:?}");
            assert_eq!(v, SharedStr::new(want));
            assert_eq!(format!("{v}|{v:?}"), format!("{want}|{want:?}"));
            assert_eq!(v.encode().to_string(), json);
            assert_eq!(SharedStr::decode(crate::json::from_str(json).unwrap()).unwrap(), v);
        }
        assert!(SharedStr::new("a") != "b");
        let a = SharedStr::interned("docker.io/library/nginx:1.25");
        let b = SharedStr::decode(crate::json::json!("docker.io/library/nginx:1.25")).unwrap();
        assert!(Arc::ptr_eq(a.0.as_ref().unwrap(), b.0.as_ref().unwrap()), "decoded strings are pooled");
    }

    #[test]
    fn a_status_writes_its_shared_fields_as_it_wrote_strings() {
        let json = crate::json::json!({
            "phase": "Running",
            "conditions": [{"type": "Ready", "status": "True", "lastProbeTime": null,
                            "lastTransitionTime": "2026-01-01T00:00:04Z"}],
            "hostIP": "172.18.0.2",
            "hostIPs": [{"ip": "172.18.0.2"}],
            "podIP": "10.244.1.2",
            "podIPs": [{"ip": "10.244.1.2"}],
            "containerStatuses": [{
                "name": "app",
                "state": {"waiting": {"reason": "ContainerCreating"}},
                "lastState": {},
                "ready": false,
                "restartCount": 0,
                "image": "nginx:1.25",
                "imageID": "",
                "started": false
            }],
            "qosClass": "BestEffort"
        });
        let status = PodStatus::decode(json.clone()).unwrap();
        assert_eq!(status.encode(), json);
        assert_eq!(PodStatus::default().encode(), crate::json::json!({}));
    }

    #[test]
    fn conditions_are_equal_by_content_whether_their_strings_are_static_or_decoded() {
        let kubelet = PodCondition {
            type_: "Ready".into(),
            status: "True".into(),
            last_transition_time: Some(Time(4000)),
            ..PodCondition::default()
        };
        let decoded = PodCondition::decode(crate::json::json!({
            "type": "Ready", "status": "True", "lastProbeTime": null, "lastTransitionTime": "1970-01-01T00:00:04Z"
        }))
        .unwrap();
        assert!(matches!(decoded.type_, std::borrow::Cow::Owned(_)));
        assert_eq!(kubelet, decoded);
        // (a change, equal after it)
        type Change = (fn(&mut PodCondition), bool);
        let changes: [Change; 6] = [
            (|_| {}, true),
            (|c| c.status = "False".into(), false),
            (|c| c.type_ = "ContainersReady".into(), false),
            (|c| c.last_transition_time = Some(Time(5000)), false),
            (|c| c.reason = "PodCompleted".into(), false),
            (|c| c.message = "m".into(), false),
        ];
        for (i, (change, want)) in changes.into_iter().enumerate() {
            let mut c = decoded.clone();
            change(&mut c);
            assert_eq!(kubelet == c, want, "change {i}");
        }
    }

    #[test]
    fn equal_condition_lists_share_one_allocation_and_a_write_copies() {
        let list = |at: i64| {
            vec![PodCondition {
                type_: "Ready".into(),
                status: "True".into(),
                last_transition_time: Some(Time(at)),
                ..PodCondition::default()
            }]
        };
        let a: Shared<Vec<PodCondition>> = Shared::new(list(1000));
        let b: Shared<Vec<PodCondition>> = Shared::new(list(1000));
        let c: Shared<Vec<PodCondition>> = Shared::new(list(2000));
        assert!(std::ptr::eq(&*a, &*b));
        assert!(!std::ptr::eq(&*a, &*c));
        let mut d = b.clone();
        for cond in &mut d {
            cond.status = "False".into();
        }
        assert_eq!(a[0].status, "True");
        assert_eq!(d[0].status, "False");
        // Lists that died are swept from the pool as it grows.
        for i in 0..5000 {
            let _ = Shared::new(list(10_000 + i));
        }
        let entries = CONDITION_LISTS.with(|p| p.borrow().by_hash.len());
        assert!(entries < 2100, "{entries}");
    }

    #[test]
    fn a_pod_is_available_once_ready_for_strictly_longer_than_min_ready_seconds() {
        let now = Time(100_000);
        // (Ready status, its transition time, minReadySeconds, available)
        let cases: [(Option<&str>, Option<i64>, i32, bool); 9] = [
            (None, None, 0, false),
            (Some("False"), Some(0), 0, false),
            (Some("True"), None, 0, true),
            (Some("True"), Some(99_000), 0, true),
            // Without a transition time a pod is never available once minReadySeconds is set
            // (upstream's IsZero check), however long ago it may have turned ready.
            (Some("True"), None, 10, false),
            (Some("True"), Some(90_000), 10, false),
            (Some("True"), Some(89_999), 10, true),
            (Some("True"), Some(0), 10, true),
            (Some("False"), Some(0), 10, false),
        ];
        for (status, since, min_ready, want) in cases {
            let mut pod = Pod::default();
            if let Some(status) = status {
                pod.status.conditions.push(PodCondition {
                    type_: "Ready".into(),
                    status: status.into(),
                    last_transition_time: since.map(Time),
                    ..PodCondition::default()
                });
            }
            assert_eq!(
                pod.is_available(min_ready, now),
                want,
                "{status:?} since {since:?}, minReadySeconds {min_ready}"
            );
        }
    }
}
