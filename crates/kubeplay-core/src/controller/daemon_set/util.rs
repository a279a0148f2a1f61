//! DaemonSet helpers (pkg/controller/daemon/util/daemonset_util.go) and the node predicates the
//! controller runs itself (`NodeShouldRunDaemonPod`, `predicates`, `NewPod` in
//! daemon_controller.go): the tolerations every daemon pod gets, the pod template with the
//! revision labels, the node-affinity term that pins a pod to its node, which node a pod is for,
//! whether a pod is up to date, and the surge and unavailability budgets.

use crate::api::apps::DaemonSet;
use crate::api::meta::Time;
use crate::api::node::Node;
use crate::api::pod::{
    Affinity, NodeAffinity, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, Pod, PodSpec, PodTemplateSpec,
    Taint, Toleration,
};
use crate::controller::scheduler::{node_affinity_matches, taint_text, toleration_text};
use crate::manifest::strategy::DEPRECATED_TEMPLATE_GENERATION;

/// `apps.DefaultDaemonSetUniqueLabelKey`.
pub const CONTROLLER_REVISION_HASH_LABEL: &str = "controller-revision-hash";
/// `extensions.DaemonSetTemplateGenerationKey`.
pub const TEMPLATE_GENERATION_LABEL: &str = "pod-template-generation";
/// `metav1.ObjectNameField`.
pub const OBJECT_NAME_FIELD: &str = "metadata.name";

/// The taints every daemon pod tolerates (`AddOrUpdateDaemonPodTolerations`): key and effect,
/// all with operator Exists and no tolerationSeconds, so forever. The last one only for pods on
/// the host network.
pub const DAEMON_TOLERATIONS: [(&str, &str); 7] = [
    ("node.kubernetes.io/not-ready", "NoExecute"),
    ("node.kubernetes.io/unreachable", "NoExecute"),
    ("node.kubernetes.io/disk-pressure", "NoSchedule"),
    ("node.kubernetes.io/memory-pressure", "NoSchedule"),
    ("node.kubernetes.io/pid-pressure", "NoSchedule"),
    ("node.kubernetes.io/unschedulable", "NoSchedule"),
    ("node.kubernetes.io/network-unavailable", "NoSchedule"),
];

/// `GetTemplateGeneration`: the templateGeneration annotation, `None` when absent or unparsable
/// (upstream then ignores it).
pub fn get_template_generation(ds: &DaemonSet) -> Option<i64> {
    ds.metadata.annotations.get(DEPRECATED_TEMPLATE_GENERATION).and_then(|g| g.parse().ok())
}

/// `v1helper.AddOrUpdateTolerationInPodSpec`: a toleration equal in key, operator, value and
/// effect is replaced, any other appended.
pub fn add_or_update_toleration(spec: &mut PodSpec, toleration: Toleration) {
    let same = |t: &Toleration| {
        t.key == toleration.key
            && t.effect == toleration.effect
            && t.operator == toleration.operator
            && t.value == toleration.value
    };
    match spec.tolerations.iter_mut().find(|t| same(t)) {
        Some(existing) => *existing = toleration,
        None => spec.tolerations.push(toleration),
    }
}

/// `AddOrUpdateDaemonPodTolerations`.
pub fn add_or_update_daemon_pod_tolerations(spec: &mut PodSpec) {
    let n = if spec.host_network { DAEMON_TOLERATIONS.len() } else { DAEMON_TOLERATIONS.len() - 1 };
    for (key, effect) in DAEMON_TOLERATIONS.iter().take(n) {
        add_or_update_toleration(
            spec,
            Toleration {
                key: (*key).into(),
                operator: "Exists".into(),
                effect: (*effect).into(),
                ..Toleration::default()
            },
        );
    }
}

/// Whether `t` is one of the tolerations the controller adds (for explanations).
pub fn is_daemon_toleration(t: &Toleration) -> bool {
    t.operator == "Exists"
        && t.value.is_empty()
        && t.toleration_seconds.is_none()
        && DAEMON_TOLERATIONS.iter().any(|(k, e)| t.key == *k && t.effect == *e)
}

/// `CreatePodTemplate`: the template with the daemon tolerations and the
/// `pod-template-generation` and `controller-revision-hash` labels.
pub fn create_pod_template(template: &PodTemplateSpec, generation: Option<i64>, hash: &str) -> PodTemplateSpec {
    let mut t = template.clone();
    add_or_update_daemon_pod_tolerations(&mut t.spec);
    if let Some(g) = generation {
        t.metadata.labels.insert(TEMPLATE_GENERATION_LABEL.into(), g.to_string());
    }
    if !hash.is_empty() {
        t.metadata.labels.insert(CONTROLLER_REVISION_HASH_LABEL.into(), hash.into());
    }
    t
}

/// `ReplaceDaemonSetPodNodeNameNodeAffinity`: the required node affinity becomes the single
/// term `matchFields metadata.name In [node]`; preferred terms and pod (anti-)affinity stay.
pub fn replace_daemon_set_pod_node_name_node_affinity(affinity: Option<Affinity>, node: &str) -> Affinity {
    let selector = NodeSelector {
        node_selector_terms: vec![NodeSelectorTerm {
            match_expressions: Vec::new(),
            match_fields: vec![NodeSelectorRequirement {
                key: OBJECT_NAME_FIELD.into(),
                operator: "In".into(),
                values: vec![node.into()],
            }],
        }],
    };
    let mut affinity = affinity.unwrap_or_default();
    let node_affinity = affinity.node_affinity.get_or_insert_with(NodeAffinity::default);
    node_affinity.required_during_scheduling_ignored_during_execution = Some(selector);
    affinity
}

/// `GetTargetNodeName`: `spec.nodeName`, else the single name of a `matchFields metadata.name In`
/// requirement of the required node affinity.
pub fn get_target_node_name(pod: &Pod) -> Result<&str, String> {
    if !pod.spec.node_name.is_empty() {
        return Ok(&pod.spec.node_name);
    }
    let id = format!("{}/{}", pod.metadata.namespace, pod.metadata.name);
    let Some(required) = pod
        .spec
        .affinity
        .as_ref()
        .and_then(|a| a.node_affinity.as_ref())
        .and_then(|n| n.required_during_scheduling_ignored_during_execution.as_ref())
    else {
        return Err(format!(
            "no spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution for pod {id}"
        ));
    };
    if required.node_selector_terms.is_empty() {
        return Err(format!("no nodeSelectorTerms in requiredDuringSchedulingIgnoredDuringExecution of pod {id}"));
    }
    for term in &required.node_selector_terms {
        for exp in &term.match_fields {
            if exp.key == OBJECT_NAME_FIELD && exp.operator == "In" {
                return match exp.values.as_slice() {
                    [one] => Ok(one),
                    _ => Err(format!("the matchFields value of '{OBJECT_NAME_FIELD}' is not unique for pod {id}")),
                };
            }
        }
    }
    Err(format!("no node name found for pod {id}"))
}

/// `IsPodUpdated`: the pod carries the current hash, or the current templateGeneration
/// (`generation` as upstream prints it with `fmt.Sprint`).
pub fn is_pod_updated(pod: &Pod, hash: &str, generation: Option<&str>) -> bool {
    let labels = &pod.metadata.labels;
    let template_matches = generation.is_some_and(|g| labels.get(TEMPLATE_GENERATION_LABEL).is_some_and(|v| v == g));
    let hash_matches = !hash.is_empty() && labels.get(CONTROLLER_REVISION_HASH_LABEL).is_some_and(|v| v == hash);
    hash_matches || template_matches
}

fn rolling_update(ds: &DaemonSet) -> Option<&crate::api::apps::RollingUpdate> {
    if ds.spec.update_strategy.type_ != "RollingUpdate" {
        return None;
    }
    ds.spec.update_strategy.rolling_update.as_ref()
}

/// `SurgeCount`: 0 unless RollingUpdate with maxSurge, else maxSurge of `number_to_schedule`
/// rounded up.
pub fn surge_count(ds: &DaemonSet, number_to_schedule: i32) -> Result<i32, String> {
    match rolling_update(ds).and_then(|r| r.max_surge.as_ref()) {
        None => Ok(0),
        Some(v) => v.scaled_value(number_to_schedule, true),
    }
}

/// `UnavailableCount`: 0 unless RollingUpdate, else maxUnavailable of `number_to_schedule`
/// rounded up (an error when it is missing, as for a nil IntOrString).
pub fn unavailable_count(ds: &DaemonSet, number_to_schedule: i32) -> Result<i32, String> {
    let Some(r) = rolling_update(ds) else { return Ok(0) };
    match &r.max_unavailable {
        None => Err("nil value for IntOrString".into()),
        Some(v) => v.scaled_value(number_to_schedule, true),
    }
}

/// `AllowsSurge`.
pub fn allows_surge(ds: &DaemonSet) -> bool {
    surge_count(ds, 1).is_ok_and(|s| s > 0)
}

/// What `NodeShouldRunDaemonPod` decided for one node, with the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fit {
    /// Nothing keeps the pod off the node.
    Runs,
    /// The template names another node in `spec.nodeName`.
    NodeName(String),
    /// The nodeSelector or required node affinity does not match the node.
    Affinity,
    /// An untolerated NoSchedule taint (and no untolerated NoExecute one): no new pod, but a
    /// running one may stay.
    NoSchedule(Taint),
    /// An untolerated NoExecute taint: no pod, and a running one is deleted.
    NoExecute(Taint),
}

impl Fit {
    /// `shouldRun`.
    pub fn should_run(&self) -> bool {
        *self == Fit::Runs
    }

    /// `shouldContinueRunning`.
    pub fn should_continue_running(&self) -> bool {
        matches!(self, Fit::Runs | Fit::NoSchedule(_))
    }

    /// Why the node gets no new pod (empty for `Runs`).
    pub fn reason(&self) -> String {
        match self {
            Fit::Runs => String::new(),
            Fit::NodeName(n) => format!("the template's spec.nodeName is {n}"),
            Fit::Affinity => "it does not match the template's nodeSelector or node affinity".into(),
            Fit::NoSchedule(t) | Fit::NoExecute(t) => {
                format!("it has the taint {} and the template does not tolerate it", taint_text(t))
            }
        }
    }
}

/// The pod `NewPod` builds to test nodes against, made once per DaemonSet: the template's
/// nodeSelector, affinity and tolerations, with the daemon tolerations added.
#[derive(Clone, Debug)]
pub struct NodeTest {
    node_name: String,
    pod: Pod,
}

impl NodeTest {
    pub fn new(ds: &DaemonSet) -> NodeTest {
        let t = &ds.spec.template.spec;
        let mut pod = Pod::default();
        pod.metadata.namespace = ds.metadata.namespace.clone();
        pod.spec.node_selector = t.node_selector.clone();
        pod.spec.affinity = t.affinity.clone();
        pod.spec.tolerations = t.tolerations.clone();
        pod.spec.host_network = t.host_network;
        add_or_update_daemon_pod_tolerations(&mut pod.spec);
        NodeTest { node_name: t.node_name.clone(), pod }
    }

    /// `NodeShouldRunDaemonPod` (with `predicates`): the template's nodeName, then nodeSelector
    /// and required node affinity, then the first taint with effect NoSchedule or NoExecute
    /// that no toleration matches. `spec.unschedulable`, readiness and capacity are not
    /// looked at.
    pub fn fit(&self, node: &Node) -> Fit {
        if !self.node_name.is_empty() && self.node_name != node.metadata.name {
            return Fit::NodeName(self.node_name.clone());
        }
        if !node_affinity_matches(&self.pod, node) {
            return Fit::Affinity;
        }
        let untolerated = |effects: &[&str]| {
            node.spec.taints.iter().find(|t| {
                effects.contains(&t.effect.as_str()) && !self.pod.spec.tolerations.iter().any(|x| x.tolerates(t))
            })
        };
        let Some(first) = untolerated(&["NoSchedule", "NoExecute"]) else { return Fit::Runs };
        match untolerated(&["NoExecute"]) {
            Some(t) => Fit::NoExecute(t.clone()),
            None => Fit::NoSchedule(first.clone()),
        }
    }

    /// For a node that runs a pod: which of its taints were tolerated and by which toleration
    /// (and where that toleration came from), and that being cordoned is not checked.
    pub fn tolerated(&self, node: &Node) -> Vec<String> {
        let mut notes = Vec::new();
        if node.spec.unschedulable {
            notes.push(format!(
                "{} is cordoned (spec.unschedulable), which the DaemonSet controller does not check",
                node.metadata.name
            ));
        }
        for taint in &node.spec.taints {
            if taint.effect != "NoSchedule" && taint.effect != "NoExecute" {
                continue;
            }
            if let Some(t) = self.pod.spec.tolerations.iter().find(|x| x.tolerates(taint)) {
                let origin = if is_daemon_toleration(t) {
                    "which the DaemonSet controller adds to every daemon pod"
                } else {
                    "from the pod template"
                };
                notes.push(format!("its taint {} is tolerated by {}, {origin}", taint_text(taint), toleration_text(t)));
            }
        }
        notes
    }
}

/// What a sync reads of each pod, read once: whether it is up to date (`IsPodUpdated`), ready,
/// available (`IsPodAvailable` with the DaemonSet's minReadySeconds) and being deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub updated: bool,
    pub ready: bool,
    pub available: bool,
    pub deleting: bool,
}

impl Facts {
    /// The facts of `pod`; availability as `podutil.IsPodAvailable` (Ready, and with
    /// minReadySeconds Ready since strictly more than that before `now`).
    pub fn of(pod: &Pod, hash: &str, generation: Option<&str>, min_ready_seconds: i32, now: Time) -> Facts {
        Facts {
            updated: is_pod_updated(pod, hash, generation),
            ready: pod.is_ready(),
            available: pod.is_available(min_ready_seconds, now),
            deleting: pod.metadata.deletion_timestamp.is_some(),
        }
    }
}

/// `podByCreationTimestampAndPhase`: scheduled pods first, then older, then by name.
pub fn by_creation_timestamp_and_phase(a: &Pod, b: &Pod) -> std::cmp::Ordering {
    let unscheduled = |p: &Pod| p.spec.node_name.is_empty();
    unscheduled(a)
        .cmp(&unscheduled(b))
        .then(a.metadata.creation_timestamp.cmp(&b.metadata.creation_timestamp))
        .then_with(|| a.metadata.name.cmp(&b.metadata.name))
}

/// The claimed pods by the node they are for (`getNodesToDaemonPods`): [`NodePods::on`] gives
/// the pods for the i-th node of the node list, `elsewhere` those for nodes that do not exist.
/// Terminal pods that are being deleted are left out unless `include_deleted_terminal`; pods
/// naming no node are skipped. (One flat list grouped by node, so a sync allocates little.)
#[derive(Clone, Debug, Default)]
pub struct NodePods<'a> {
    pods: Vec<&'a Pod>,
    /// Where each node's pods start in `pods` (one more entry than nodes).
    start: Vec<usize>,
    pub elsewhere: Vec<(&'a str, Vec<&'a Pod>)>,
}

impl<'a> NodePods<'a> {
    /// Where node `i`'s pods are in [`NodePods::flat`].
    pub fn range(&self, i: usize) -> std::ops::Range<usize> {
        match (self.start.get(i), self.start.get(i + 1)) {
            (Some(&a), Some(&b)) => a..b,
            _ => 0..0,
        }
    }

    /// The pods for node `i` (in claim order).
    pub fn on(&self, i: usize) -> &[&'a Pod] {
        self.pods.get(self.range(i)).unwrap_or(&[])
    }

    /// The pods on existing nodes, grouped by node.
    pub fn flat(&self) -> &[&'a Pod] {
        &self.pods
    }

    /// Every grouped pod.
    pub fn all(&self) -> impl Iterator<Item = &&'a Pod> {
        self.pods.iter().chain(self.elsewhere.iter().flat_map(|(_, pods)| pods))
    }
}

/// FNV-1a, for looking node names up (never iterated, so order does not matter).
#[derive(Default)]
pub struct NameHasher(u64);

impl std::hash::Hasher for NameHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Node names to their position in the node list.
pub type NodeIndex<'a> = std::collections::HashMap<&'a str, usize, std::hash::BuildHasherDefault<NameHasher>>;

/// The position of each node by name.
pub fn node_index<'a>(nodes: &[&'a Node]) -> NodeIndex<'a> {
    let mut index = NodeIndex::with_capacity_and_hasher(nodes.len(), Default::default());
    for (i, n) in nodes.iter().enumerate() {
        index.insert(n.metadata.name.as_str(), i);
    }
    index
}

/// Groups `pods` by node (see [`NodePods`]); `index` gives each node's position.
pub fn nodes_to_daemon_pods<'a>(pods: &[&'a Pod], index: &NodeIndex, include_deleted_terminal: bool) -> NodePods<'a> {
    let mut placed: Vec<(usize, &'a Pod)> = Vec::with_capacity(pods.len());
    // By node name, sorted after (rare: pods bound to nodes that do not exist).
    let mut elsewhere: Vec<(&'a str, Vec<&'a Pod>)> = Vec::new();
    for pod in pods {
        if !include_deleted_terminal && pod.is_terminal() && pod.metadata.deletion_timestamp.is_some() {
            continue;
        }
        let Ok(name) = get_target_node_name(pod) else { continue };
        match index.get(name) {
            Some(i) => placed.push((*i, pod)),
            None => match elsewhere.iter_mut().find(|(n, _)| *n == name) {
                Some((_, on_node)) => on_node.push(pod),
                None => elsewhere.push((name, vec![pod])),
            },
        }
    }
    elsewhere.sort_by(|a, b| a.0.cmp(b.0));
    // A counting sort by node keeps each node's pods in claim order.
    let mut start = vec![0usize; index.len() + 1];
    for (i, _) in &placed {
        if let Some(c) = start.get_mut(i + 1) {
            *c += 1;
        }
    }
    for i in 1..start.len() {
        start[i] += start[i - 1];
    }
    let mut next = start.clone();
    let mut grouped: Vec<Option<&'a Pod>> = vec![None; placed.len()];
    for (i, pod) in placed {
        if let Some(slot) = next.get_mut(i) {
            if let Some(g) = grouped.get_mut(*slot) {
                *g = Some(pod);
            }
            *slot += 1;
        }
    }
    NodePods { pods: grouped.into_iter().flatten().collect(), start, elsewhere }
}
