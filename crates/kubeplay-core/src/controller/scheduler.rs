//! The default scheduler: NodeAffinity's PreFilter (a pod pinned to nodes by `matchFields
//! metadata.name`, as DaemonSet pods are, is only tried on those), filters in kube-scheduler's
//! order (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts,
//! NodeResourcesFit), then scores (least allocated, balanced allocation, spreading a workload's
//! pods across nodes, taints to prefer not, image locality), picking the best node with seeded
//! ties; FailedScheduling in the real wording.

use std::collections::{BTreeMap, BTreeSet};

use crate::api::meta::LabelSelector;
use crate::api::node::Node;
use crate::api::pod::{NodeSelectorTerm, Pod, Taint, Toleration};
use crate::api::quantity::Quantity;
use crate::api::ObjBox;
use crate::store::Store;

/// What is requested on a node, kept current as pods are bound and removed (the scheduler cache).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeUsage {
    pub milli_cpu: i64,
    pub memory: i64,
    /// With the defaults for containers that request nothing (for scoring only).
    pub nonzero_milli_cpu: i64,
    pub nonzero_memory: i64,
    pub pods: i64,
    /// Host ports in use: (protocol, port).
    pub host_ports: Vec<(String, i32)>,
    /// The node's allocatable cpu (milli), memory (bytes) and pods, kept with the usage so that
    /// a scheduling cycle parses no quantities.
    pub alloc: Option<(i64, i64, i64)>,
    /// Pods per controlling owner uid (for spreading a workload's pods).
    pub by_owner: std::collections::BTreeMap<String, u32>,
}

/// A pod's requests (`computePodResourceRequest`): max(sum of containers, any init container).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Requests {
    pub milli_cpu: i64,
    pub memory: i64,
    pub nonzero_milli_cpu: i64,
    pub nonzero_memory: i64,
}

/// The scoring defaults for containers without requests (`schedutil.DefaultMilliCPURequest` and
/// `DefaultMemoryRequest`).
const DEFAULT_MILLI_CPU: i64 = 100;
const DEFAULT_MEMORY: i64 = 200 * 1024 * 1024;

fn quantity_milli(q: Option<&String>) -> i64 {
    q.and_then(|s| Quantity::parse(s).ok()).map_or(0, |q| q.milli_value())
}

fn quantity_value(q: Option<&String>) -> i64 {
    q.and_then(|s| Quantity::parse(s).ok()).map_or(0, |q| q.value())
}

/// The requests of a pod.
pub fn pod_requests(pod: &Pod) -> Requests {
    let mut r = Requests::default();
    for c in &pod.spec.containers {
        let cpu = quantity_milli(c.resources.requests.get("cpu"));
        let mem = quantity_value(c.resources.requests.get("memory"));
        r.milli_cpu += cpu;
        r.memory += mem;
        r.nonzero_milli_cpu += if c.resources.requests.contains_key("cpu") { cpu } else { DEFAULT_MILLI_CPU };
        r.nonzero_memory += if c.resources.requests.contains_key("memory") { mem } else { DEFAULT_MEMORY };
    }
    for c in &pod.spec.init_containers {
        r.milli_cpu = r.milli_cpu.max(quantity_milli(c.resources.requests.get("cpu")));
        r.memory = r.memory.max(quantity_value(c.resources.requests.get("memory")));
    }
    r
}

impl NodeUsage {
    pub fn add(&mut self, pod: &Pod, sign: i64) {
        let r = pod_requests(pod);
        self.milli_cpu += sign * r.milli_cpu;
        self.memory += sign * r.memory;
        self.nonzero_milli_cpu += sign * r.nonzero_milli_cpu;
        self.nonzero_memory += sign * r.nonzero_memory;
        self.pods += sign;
        if let Some(owner) = pod.metadata.controller_ref() {
            let n = self.by_owner.entry(owner.uid.clone()).or_insert(0);
            if sign > 0 {
                *n += 1;
            } else {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    self.by_owner.remove(&owner.uid);
                }
            }
        }
        for c in &pod.spec.containers {
            for p in &c.ports {
                if p.host_port > 0 {
                    let key = (if p.protocol.is_empty() { "TCP".to_string() } else { p.protocol.clone() }, p.host_port);
                    if sign > 0 {
                        self.host_ports.push(key);
                    } else if let Some(i) = self.host_ports.iter().position(|k| *k == key) {
                        self.host_ports.swap_remove(i);
                    }
                }
            }
        }
    }
}

/// A node's allocatable cpu (milli), memory (bytes) and pods.
pub fn allocatable(node: &Node) -> (i64, i64, i64) {
    let a = if node.status.allocatable.is_empty() { &node.status.capacity } else { &node.status.allocatable };
    (quantity_milli(a.get("cpu")), quantity_value(a.get("memory")), quantity_value(a.get("pods")))
}

/// One node as the scheduler sees it (kube-scheduler's NodeInfo): the node, what is requested on
/// it, and the images its kubelet holds.
#[derive(Clone, Debug, Default)]
pub struct NodeInfo {
    /// Shared with the store: a node's update costs a reference count, not a copy.
    pub node: ObjBox<Node>,
    pub usage: NodeUsage,
    pub images: BTreeSet<String>,
    /// Schedulable and untainted: only the resource filter can refuse a plain pod here.
    pub plain: bool,
}

fn plain(node: &Node) -> bool {
    !node.spec.unschedulable && node.spec.taints.is_empty()
}

/// What a scheduling cycle reads of a node for NodeResourcesFit and the scores, in one cache
/// line beside the [`NodeInfo`]s so that the walk over hundreds of nodes touches nothing else.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Fit {
    /// Allocatable minus requested: cpu (milli), memory, pods.
    free_milli_cpu: i64,
    free_memory: i64,
    free_pods: i64,
    alloc_milli_cpu: i64,
    alloc_memory: i64,
    nonzero_milli_cpu: i64,
    nonzero_memory: i64,
    /// The images held, as bits of their ids in [`ImageIds`] (ids under 32).
    images: u32,
    /// Holds an image whose id has no bit: its `images` set must be asked.
    more_images: bool,
    plain: bool,
    /// Has a PreferNoSchedule taint.
    prefer_no: bool,
    /// Changed since this entry was computed (in [`SchedCache::stale`]).
    stale: bool,
}

/// Image names numbered in the order nodes were seen holding them.
type ImageIds = BTreeMap<String, u32>;

/// The image ids with a bit in [`Fit::images`].
const IMAGE_BITS: u32 = 32;

/// NodeResourcesFit's reasons, each with its bit in [`Fit::misses`].
const FIT_REASONS: [&str; 3] = ["Too many pods", "Insufficient cpu", "Insufficient memory"];

impl Fit {
    fn of(info: &NodeInfo, image_ids: &mut ImageIds) -> Fit {
        let u = &info.usage;
        let (cpu, mem, pods) = u.alloc.unwrap_or_else(|| allocatable(&info.node));
        let mut fit = Fit {
            free_milli_cpu: cpu.saturating_sub(u.milli_cpu),
            free_memory: mem.saturating_sub(u.memory),
            free_pods: pods.saturating_sub(u.pods),
            alloc_milli_cpu: cpu,
            alloc_memory: mem,
            nonzero_milli_cpu: u.nonzero_milli_cpu,
            nonzero_memory: u.nonzero_memory,
            plain: info.plain,
            prefer_no: !info.plain && info.node.spec.taints.iter().any(|t| t.effect == "PreferNoSchedule"),
            ..Fit::default()
        };
        for image in &info.images {
            let next = u32::try_from(image_ids.len()).unwrap_or(u32::MAX);
            let id = match image_ids.get(image.as_str()) {
                Some(id) => *id,
                None => *image_ids.entry(image.clone()).or_insert(next),
            };
            if id < IMAGE_BITS {
                fit.images |= 1 << id;
            } else {
                fit.more_images = true;
            }
        }
        fit
    }

    /// NodeResourcesFit's verdict as bits of [`FIT_REASONS`]: 0 when the pod fits.
    fn misses(&self, r: &Requests) -> u8 {
        u8::from(self.free_pods < 1)
            | u8::from(r.milli_cpu > 0 && r.milli_cpu > self.free_milli_cpu) << 1
            | u8::from(r.memory > 0 && r.memory > self.free_memory) << 2
    }
}

/// Buffers a scheduling cycle reuses.
#[derive(Clone, Debug, Default)]
struct Scratch {
    feasible: Vec<usize>,
    scores: Vec<i64>,
    counts: Vec<i64>,
    why: String,
}

/// The scheduler cache: every node's [`NodeInfo`], sorted by name, kept current from the store's
/// changes so that a scheduling cycle reads no other state.
#[derive(Clone, Debug, Default)]
pub struct SchedCache {
    nodes: Vec<NodeInfo>,
    index: BTreeMap<String, usize>,
    /// One per node, recomputed before a cycle for the nodes handed out by `get_mut` since.
    fits: Vec<Fit>,
    stale: Vec<usize>,
    /// Every entry of `fits` must be recomputed (nodes were added or removed).
    all_stale: bool,
    image_ids: ImageIds,
    /// One per node: its [`Memo`]ed least allocated and balanced allocation scores.
    memo: Vec<u64>,
    /// The requests the memo holds scores for, and their generation.
    memo_for: (i64, i64),
    memo_gen: u32,
    scratch: Scratch,
}

impl SchedCache {
    pub fn nodes(&self) -> &[NodeInfo] {
        &self.nodes
    }

    pub fn get(&self, name: &str) -> Option<&NodeInfo> {
        self.index.get(name).and_then(|i| self.nodes.get(*i))
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut NodeInfo> {
        let i = *self.index.get(name)?;
        self.mark_stale(i);
        self.nodes.get_mut(i)
    }

    fn mark_stale(&mut self, i: usize) {
        if let Some(fit) = self.fits.get_mut(i) {
            if !fit.stale {
                fit.stale = true;
                self.stale.push(i);
            }
        }
    }

    /// Adds or replaces a node (a `Node`, or the store's shared `ObjBox<Node>`); true when it is
    /// new (its usage then starts at zero).
    pub fn put_node<N: Clone + Into<ObjBox<Node>>>(&mut self, node: &N) -> bool {
        let node: ObjBox<Node> = node.clone().into();
        let alloc = Some(allocatable(&node));
        let is_plain = plain(&node);
        if let Some(info) = self.get_mut(&node.metadata.name) {
            info.node = node;
            info.plain = is_plain;
            info.usage.alloc = alloc;
            return false;
        }
        let at = self.nodes.partition_point(|n| n.node.metadata.name < node.metadata.name);
        let usage = NodeUsage { alloc, ..NodeUsage::default() };
        self.nodes.insert(at, NodeInfo { node, usage, images: BTreeSet::new(), plain: is_plain });
        self.reindex(at);
        true
    }

    pub fn remove_node(&mut self, name: &str) {
        if let Some(i) = self.index.remove(name) {
            if i < self.nodes.len() {
                self.nodes.remove(i);
                self.reindex(i);
            }
        }
    }

    fn reindex(&mut self, from: usize) {
        for (i, n) in self.nodes.iter().enumerate().skip(from) {
            self.index.insert(n.node.metadata.name.clone(), i);
        }
        self.all_stale = true;
    }

    /// Brings `fits` up to date with `nodes`.
    fn refresh(&mut self) {
        if self.all_stale || self.fits.len() != self.nodes.len() {
            self.all_stale = false;
            self.stale.clear();
            self.fits.clear();
            for info in &self.nodes {
                self.fits.push(Fit::of(info, &mut self.image_ids));
            }
            self.memo.clear();
            self.memo.resize(self.nodes.len(), 0);
            return;
        }
        for i in self.stale.drain(..) {
            if let (Some(fit), Some(info)) = (self.fits.get_mut(i), self.nodes.get(i)) {
                *fit = Fit::of(info, &mut self.image_ids);
            }
            if let Some(m) = self.memo.get_mut(i) {
                *m = 0;
            }
        }
    }

    /// [`schedule`] over the cached nodes, with the cache's buffers.
    pub fn schedule(&mut self, pod: &Pod, start: usize, random: u64) -> (Decision, usize) {
        self.refresh();
        let r = pod_requests(pod);
        let key = (r.nonzero_milli_cpu, r.nonzero_memory);
        if key != self.memo_for || self.memo_gen == 0 {
            self.memo_for = key;
            if self.memo_gen == u32::MAX {
                self.memo.fill(0);
                self.memo_gen = 0;
            }
            self.memo_gen += 1;
        }
        let view = Nodes { infos: &self.nodes, fits: &self.fits, image_ids: &self.image_ids };
        let memo = Memo { slots: &mut self.memo, generation: self.memo_gen };
        cycle(pod, &r, &view, memo, &mut self.scratch, start, random)
    }
}

/// `v1helper.TolerationsTolerateTaint`.
pub fn tolerated(tolerations: &[Toleration], taint: &Taint) -> bool {
    tolerations.iter().any(|t| t.tolerates(taint))
}

/// Whether a node's labels and name satisfy a node selector term.
pub fn term_matches(term: &NodeSelectorTerm, node: &Node) -> bool {
    if term.match_expressions.is_empty() && term.match_fields.is_empty() {
        return false;
    }
    term.match_expressions.iter().all(|r| r.matches(node.metadata.labels.get(&r.key).map(String::as_str)))
        && term.match_fields.iter().all(|r| r.key == "metadata.name" && r.matches(Some(&node.metadata.name)))
}

/// NodeAffinity's filter: nodeSelector and the required node affinity terms (ORed).
pub fn node_affinity_matches(pod: &Pod, node: &Node) -> bool {
    let selector_ok = pod.spec.node_selector.iter().all(|(k, v)| node.metadata.labels.get(k) == Some(v));
    let required = pod
        .spec
        .affinity
        .as_ref()
        .and_then(|a| a.node_affinity.as_ref())
        .and_then(|n| n.required_during_scheduling_ignored_during_execution.as_ref());
    let affinity_ok = required.is_none_or(|r| r.node_selector_terms.iter().any(|t| term_matches(t, node)));
    selector_ok && affinity_ok
}

/// The reason given for nodes a PreFilter result left out (`SetAbsentNodesStatus` in
/// `findNodesThatFitPod`, v1.32).
pub const PREFILTER_ABSENT_REASON: &str = "node(s) didn't satisfy plugin(s) [NodeAffinity]";

/// NodeAffinity's `PreFilter` result: the node names the required terms pin the pod to with
/// `matchFields metadata.name In [...]` (ANDed within a term, ORed across terms), or `None`
/// when some term names no node, so every node must be filtered. A conflict (terms that leave
/// no name) is left to the filters here.
pub fn prefilter_node_names(pod: &Pod) -> Option<Vec<&str>> {
    let terms = &pod
        .spec
        .affinity
        .as_ref()?
        .node_affinity
        .as_ref()?
        .required_during_scheduling_ignored_during_execution
        .as_ref()?
        .node_selector_terms;
    if terms.is_empty() {
        return None;
    }
    // Sorted and deduplicated, as a set would be.
    let mut names: Vec<&str> = Vec::new();
    for t in terms {
        let mut term_names: Option<Vec<&str>> = None;
        for r in &t.match_fields {
            if r.key == "metadata.name" && r.operator == "In" {
                let values = &r.values;
                match &mut term_names {
                    None => term_names = Some(values.iter().map(String::as_str).collect()),
                    Some(prev) => prev.retain(|n| values.iter().any(|v| v == n)),
                }
            }
        }
        names.extend(term_names?);
    }
    names.sort_unstable();
    names.dedup();
    (!names.is_empty()).then_some(names)
}

/// How a pod gets past a node's NodeUnschedulable and TaintToleration filters when the node is
/// cordoned or tainted: one sentence per taint, naming the toleration that matched it. Empty
/// when the node has neither. Used in explanations.
pub fn toleration_notes(pod: &Pod, node: &Node) -> Vec<String> {
    let mut notes = Vec::new();
    let tolerating = |taint: &Taint| pod.spec.tolerations.iter().find(|t| t.tolerates(taint));
    if node.spec.unschedulable {
        let taint = Taint {
            key: "node.kubernetes.io/unschedulable".into(),
            value: String::new(),
            effect: "NoSchedule".into(),
            time_added: None,
        };
        if let Some(t) = tolerating(&taint) {
            notes.push(format!(
                "{} is cordoned (spec.unschedulable), but NodeUnschedulable lets the pod through because it tolerates {} with {}",
                node.metadata.name,
                taint_text(&taint),
                toleration_text(t)
            ));
        }
    }
    for taint in &node.spec.taints {
        if taint.effect != "NoSchedule" && taint.effect != "NoExecute" {
            continue;
        }
        if let Some(t) = tolerating(taint) {
            notes.push(format!(
                "TaintToleration passes {}'s taint {} because of {}",
                node.metadata.name,
                taint_text(taint),
                toleration_text(t)
            ));
        }
    }
    notes
}

/// A taint as `kubectl describe` prints it: `key=value:Effect` (`key:Effect` without a value).
pub fn taint_text(t: &Taint) -> String {
    if t.value.is_empty() {
        format!("{}:{}", t.key, t.effect)
    } else {
        format!("{}={}:{}", t.key, t.value, t.effect)
    }
}

/// A toleration in one line: `{key: K, operator: Exists, effect: E}` (absent fields left out).
pub fn toleration_text(t: &Toleration) -> String {
    let mut parts = Vec::new();
    if !t.key.is_empty() {
        parts.push(format!("key: {}", t.key));
    }
    parts.push(format!("operator: {}", if t.operator.is_empty() { "Equal" } else { t.operator.as_str() }));
    if !t.value.is_empty() {
        parts.push(format!("value: {}", t.value));
    }
    if !t.effect.is_empty() {
        parts.push(format!("effect: {}", t.effect));
    }
    if let Some(s) = t.toleration_seconds {
        parts.push(format!("tolerationSeconds: {s}"));
    }
    format!("the toleration {{{}}}", parts.join(", "))
}

/// Why a node was filtered out: the failing plugin's reasons (NodeResourcesFit may give several).
pub fn filter(pod: &Pod, node: &Node, usage: &NodeUsage) -> Result<(), Vec<String>> {
    filter_with(pod, &pod_requests(pod), node, usage)
}

/// `filter` with the pod's requests computed once per cycle.
pub fn filter_with(pod: &Pod, r: &Requests, node: &Node, usage: &NodeUsage) -> Result<(), Vec<String>> {
    // NodeUnschedulable
    if node.spec.unschedulable {
        let taint = Taint {
            key: "node.kubernetes.io/unschedulable".into(),
            value: String::new(),
            effect: "NoSchedule".into(),
            time_added: None,
        };
        if !tolerated(&pod.spec.tolerations, &taint) {
            return Err(vec!["node(s) were unschedulable".into()]);
        }
    }
    // NodeName
    if !pod.spec.node_name.is_empty() && pod.spec.node_name != node.metadata.name {
        return Err(vec!["node(s) didn't match the requested node name".into()]);
    }
    // TaintToleration
    for t in &node.spec.taints {
        if (t.effect == "NoSchedule" || t.effect == "NoExecute") && !tolerated(&pod.spec.tolerations, t) {
            return Err(vec![format!("node(s) had untolerated taint {{{}: {}}}", t.key, t.value)]);
        }
    }
    // NodeAffinity
    if !node_affinity_matches(pod, node) {
        return Err(vec!["node(s) didn't match Pod's node affinity/selector".into()]);
    }
    // NodePorts
    for c in &pod.spec.containers {
        for p in &c.ports {
            if p.host_port > 0 {
                let proto = if p.protocol.is_empty() { "TCP" } else { p.protocol.as_str() };
                if usage.host_ports.iter().any(|(pr, hp)| pr == proto && *hp == p.host_port) {
                    return Err(vec!["node(s) didn't have free ports for the requested pod ports".into()]);
                }
            }
        }
    }
    resources_fit(r, node, usage)
}

/// NodeResourcesFit.
fn resources_fit(r: &Requests, node: &Node, usage: &NodeUsage) -> Result<(), Vec<String>> {
    let (cpu, mem, pods) = usage.alloc.unwrap_or_else(|| allocatable(node));
    let fit = Fit {
        free_milli_cpu: cpu.saturating_sub(usage.milli_cpu),
        free_memory: mem.saturating_sub(usage.memory),
        free_pods: pods.saturating_sub(usage.pods),
        ..Fit::default()
    };
    match fit.misses(r) {
        0 => Ok(()),
        misses => Err(fit_reasons(misses).map(str::to_string).collect()),
    }
}

/// The reasons of [`Fit::misses`]' bits.
fn fit_reasons(misses: u8) -> impl Iterator<Item = &'static str> {
    FIT_REASONS.iter().enumerate().filter(move |(bit, _)| misses & (1 << bit) != 0).map(|(_, r)| *r)
}

/// The selector whose pods the default topology spreading counts: the pod's controller's.
pub fn spread_selector(store: &Store, pod: &Pod) -> Option<LabelSelector> {
    let owner = pod.metadata.controller_ref()?;
    let ns = &pod.metadata.namespace;
    match owner.kind.as_str() {
        "ReplicaSet" => store.replica_set(ns, &owner.name).map(|rs| rs.spec.selector.clone()),
        "Job" => store.job(ns, &owner.name).and_then(|j| j.spec.selector.clone()),
        "ReplicationController" => store
            .replication_controller(ns, &owner.name)
            .map(|rc| LabelSelector { match_labels: rc.spec.selector.clone(), match_expressions: Vec::new() }),
        _ => None,
    }
}

/// One feasible node's scores, for explanations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scored {
    pub node: String,
    pub total: i64,
}

/// The outcome of one scheduling cycle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    Bind {
        node: String,
        why: String,
    },
    /// The FailedScheduling message, and kubeplay's advice.
    Unschedulable {
        message: String,
        why: String,
    },
}

/// How many nodes are searched for feasibility before scoring (`numFeasibleNodesToFind`):
/// all of them under 100, else an adaptive percentage, at least 100.
pub fn feasible_nodes_to_find(total: usize) -> usize {
    if total < 100 {
        return total;
    }
    let pct = (50 - (total as i64) / 125).max(5) as usize;
    (total * pct / 100).max(100)
}

/// Runs one scheduling cycle for `pod` over `nodes` (sorted by name), starting the feasibility
/// search at `start` as kube-scheduler rotates it; `random` breaks ties. Returns the decision and
/// where the next cycle's search starts. [`SchedCache::schedule`] is the same over the cache.
pub fn schedule(pod: &Pod, nodes: &[NodeInfo], start: usize, random: u64) -> (Decision, usize) {
    let mut image_ids = ImageIds::new();
    let fits: Vec<Fit> = nodes.iter().map(|n| Fit::of(n, &mut image_ids)).collect();
    let view = Nodes { infos: nodes, fits: &fits, image_ids: &image_ids };
    let mut slots = vec![0; nodes.len()];
    let memo = Memo { slots: &mut slots, generation: 1 };
    cycle(pod, &pod_requests(pod), &view, memo, &mut Scratch::default(), start, random)
}

/// The nodes a cycle runs over: the infos, their [`Fit`]s (same indexes) and the image ids those use.
struct Nodes<'a> {
    infos: &'a [NodeInfo],
    fits: &'a [Fit],
    image_ids: &'a ImageIds,
}

/// Each node's least allocated plus balanced allocation score for the cycle's requests, kept
/// until the node or the requests change: a slot holds `generation << 32 | score`, and is valid
/// when its generation is the current one (0 is never current).
struct Memo<'a> {
    slots: &'a mut [u64],
    generation: u32,
}

impl Memo<'_> {
    /// The least allocated and balanced allocation scores of `fit` (at `idx`) for `r`.
    fn resource_scores(&mut self, idx: usize, fit: &Fit, r: &Requests) -> i64 {
        let current = u64::from(self.generation) << 32;
        let slot = self.slots.get_mut(idx);
        if let Some(s) = &slot {
            if **s & !u64::from(u32::MAX) == current {
                return i64::from(**s as u32);
            }
        }
        let cpu_frac = frac(fit.nonzero_milli_cpu + r.nonzero_milli_cpu, fit.alloc_milli_cpu);
        let mem_frac = frac(fit.nonzero_memory + r.nonzero_memory, fit.alloc_memory);
        let least = ((100 - cpu_frac.min(100)) + (100 - mem_frac.min(100))) / 2;
        let balanced = 100 - (cpu_frac - mem_frac).abs() / 2;
        let score = least + balanced;
        if let (Some(s), Ok(v)) = (slot, u32::try_from(score)) {
            *s = current | u64::from(v);
        }
        score
    }
}

/// How ImageLocality finds whether a node holds the pod's image.
#[derive(Clone, Copy)]
enum Locality {
    /// No node holds it.
    Nowhere,
    /// Its bit in [`Fit::images`].
    Bit(u32),
    /// Ask the `images` of nodes with [`Fit::more_images`].
    Set,
}

/// The best score, how many feasible nodes have it and the first of them (in search order), and
/// the four best for the explanation, gathered in one pass.
struct Ranking {
    best: i64,
    ties: usize,
    first_best: usize,
    top: TopFour,
}

impl Ranking {
    fn new() -> Ranking {
        Ranking { best: i64::MIN, ties: 0, first_best: 0, top: TopFour::default() }
    }

    /// The `i`th feasible node (in search order), at node index `idx`, scored `score`.
    fn offer(&mut self, i: usize, score: i64, idx: usize) {
        if score > self.best {
            (self.best, self.ties, self.first_best) = (score, 1, i);
        } else if score == self.best {
            self.ties += 1;
        }
        self.top.offer(score, idx);
    }
}

/// Up to four feasible nodes, best first: (score, node index), by score and then name.
#[derive(Default)]
struct TopFour {
    top: [(i64, usize); 4],
    len: usize,
}

impl TopFour {
    fn offer(&mut self, score: i64, idx: usize) {
        let before = |a: (i64, usize), b: (i64, usize)| a.0 > b.0 || (a.0 == b.0 && a.1 < b.1);
        let mut at = self.len;
        while at > 0 && self.top.get(at - 1).is_some_and(|prev| before((score, idx), *prev)) {
            at -= 1;
        }
        let cap = self.top.len();
        if at >= cap {
            return;
        }
        self.top.copy_within(at..cap - 1, at + 1);
        if let Some(slot) = self.top.get_mut(at) {
            *slot = (score, idx);
        }
        self.len = (self.len + 1).min(cap);
    }

    fn ranked(&self) -> &[(i64, usize)] {
        self.top.get(..self.len).unwrap_or(&[])
    }
}

/// Counts a filter's reason: NodeResourcesFit's in `fixed`, the others by text.
fn count_reason(reason: String, fixed: &mut [usize; 3], other: &mut BTreeMap<String, usize>) {
    match FIT_REASONS.iter().position(|r| *r == reason) {
        Some(i) => {
            if let Some(n) = fixed.get_mut(i) {
                *n += 1;
            }
        }
        None => *other.entry(reason).or_default() += 1,
    }
}

/// One scheduling cycle (see [`schedule`]) for a pod requesting `r`.
fn cycle(
    pod: &Pod,
    r: &Requests,
    nodes: &Nodes,
    mut memo: Memo,
    scratch: &mut Scratch,
    start: usize,
    random: u64,
) -> (Decision, usize) {
    use std::fmt::Write;
    let total = nodes.infos.len();
    if total == 0 {
        let message = "no nodes available to schedule pods".to_string();
        return (Decision::Unschedulable { message, why: "the cluster has no nodes".into() }, start);
    }
    // Indexes into `nodes`, which is sorted by name: index order is name order.
    let feasible = &mut scratch.feasible;
    feasible.clear();
    // The feasible nodes' scores but spreading's, computed as they are found.
    let scores = &mut scratch.scores;
    scores.clear();
    // Reasons nodes were filtered out: NodeResourcesFit's counted apart, without a key built.
    let mut fixed = [0usize; 3];
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut filtered: Vec<String> = Vec::new();
    // NodeAffinity's PreFilter narrows the search to the named nodes that exist; the others count
    // as rejected, and the rotation of the search start runs over the narrowed list.
    let pinned: Option<Vec<usize>> = prefilter_node_names(pod).map(|names| {
        names
            .into_iter()
            .filter_map(|name| nodes.infos.binary_search_by(|n| n.node.metadata.name.as_str().cmp(name)).ok())
            .collect()
    });
    if let Some(p) = &pinned {
        if p.len() < total {
            reasons.insert(PREFILTER_ABSENT_REASON.to_string(), total - p.len());
            filtered.push(format!(
                "{} other node(s) (its node affinity names only {})",
                total - p.len(),
                prefilter_node_names(pod).map(|n| n.into_iter().collect::<Vec<_>>().join(", ")).unwrap_or_default()
            ));
        }
    }
    let searched = pinned.as_ref().map_or(total, Vec::len);
    let node_at = |pos: usize| match &pinned {
        Some(p) => p.get(pos).copied(),
        None => Some(pos),
    };
    let want = feasible_nodes_to_find(searched);
    let mut visited = 0;
    let mut next_start = start;
    // A pod that names no node, selects no labels and asks for no host port can only be refused
    // by NodeResourcesFit on a plain node: the other filters pass without looking.
    let simple_pod = pod.spec.node_name.is_empty()
        && pod.spec.node_selector.is_empty()
        && pod.spec.affinity.is_none()
        && pod.spec.containers.iter().all(|c| c.ports.iter().all(|p| p.host_port <= 0));
    let image = pod.spec.containers.first().map(|c| c.image.as_str()).unwrap_or("");
    let locality = match nodes.image_ids.get(image) {
        None => Locality::Nowhere,
        Some(id) if *id < IMAGE_BITS => Locality::Bit(1u32 << *id),
        Some(_) => Locality::Set,
    };
    // Spreading counts the pods of the pod's workload on each feasible node, known only when all
    // are found; without a workload every node gets its full score at once.
    let owner = pod.metadata.controller_ref().map(|o| o.uid.as_str());
    let mut ranking = Ranking::new();
    let mut pos = start.min(searched);
    for _ in 0..searched {
        if pos >= searched {
            pos = 0;
        }
        let Some(idx) = node_at(pos) else { break };
        let (Some(info), Some(fit)) = (nodes.infos.get(idx), nodes.fits.get(idx)) else { break };
        visited += 1;
        pos += 1;
        if simple_pod && fit.plain {
            let misses = fit.misses(r);
            if misses != 0 {
                for (bit, n) in fixed.iter_mut().enumerate() {
                    *n += usize::from(misses & (1 << bit) != 0);
                }
                if filtered.len() < 6 {
                    let rs: Vec<&str> = fit_reasons(misses).collect();
                    filtered.push(format!("{} ({})", info.node.metadata.name, rs.join(", ")));
                }
                continue;
            }
        } else if let Err(rs) = filter_with(pod, r, &info.node, &info.usage) {
            if filtered.len() < 6 {
                filtered.push(format!("{} ({})", info.node.metadata.name, rs.join(", ")));
            }
            for reason in rs {
                count_reason(reason, &mut fixed, &mut reasons);
            }
            continue;
        }
        feasible.push(idx);
        // Scoring, but for spreading (below): least allocated, balanced allocation, taints the
        // node prefers not to take, image locality.
        let untolerated_prefer_no = fit.prefer_no
            && info
                .node
                .spec
                .taints
                .iter()
                .any(|t| t.effect == "PreferNoSchedule" && !tolerated(&pod.spec.tolerations, t));
        let taint_score = if untolerated_prefer_no { 0 } else { 100 };
        let holds_image = match locality {
            Locality::Nowhere => false,
            Locality::Bit(bit) => fit.images & bit != 0,
            Locality::Set => fit.more_images && info.images.contains(image),
        };
        let score = memo.resource_scores(idx, fit, r) + taint_score + if holds_image { 10 } else { 0 };
        if owner.is_none() {
            // Spreading's full 100, doubled.
            let score = score + 200;
            ranking.offer(scores.len(), score, idx);
            scores.push(score);
        } else {
            scores.push(score);
        }
        if feasible.len() >= want {
            next_start = pos % searched;
            break;
        }
    }
    if feasible.len() < want && searched > 0 {
        next_start = (start + visited) % searched;
    }
    if feasible.is_empty() {
        for (reason, n) in FIT_REASONS.iter().zip(fixed) {
            if n > 0 {
                reasons.insert(reason.to_string(), n);
            }
        }
        let mut parts: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
        parts.sort();
        let preemption: Vec<String> = {
            // Preemption cannot help against taints, selectors or unschedulable nodes; it could only
            // help against resources, and kubeplay's pods have no priorities to preempt.
            let mut helpful = 0usize;
            let mut not_helpful = 0usize;
            for (r, n) in &reasons {
                if r.starts_with("Insufficient") || r == "Too many pods" {
                    helpful += n;
                } else {
                    not_helpful += n;
                }
            }
            let mut p = Vec::new();
            if not_helpful > 0 {
                p.push(format!("{not_helpful} Preemption is not helpful for scheduling"));
            }
            if helpful > 0 {
                p.push(format!("{helpful} No preemption victims found for incoming pod"));
            }
            p.sort();
            p
        };
        let mut message = format!(
            "0/{total} nodes are available: {}. preemption: 0/{total} nodes are available: {}.",
            parts.join(", "),
            preemption.join(", ")
        );
        message.shrink_to_fit();
        let mut why = unschedulable_advice(&reasons, pod);
        why.shrink_to_fit();
        return (Decision::Unschedulable { message, why }, start);
    }
    // Default topology spreading counts the pods of the same workload (the pod's controller) on
    // each node: fewer score higher.
    let counts = &mut scratch.counts;
    counts.clear();
    if let Some(uid) = owner {
        counts.extend(
            feasible
                .iter()
                .map(|i| nodes.infos.get(*i).and_then(|n| n.usage.by_owner.get(uid)).map_or(0, |c| i64::from(*c))),
        );
    }
    let (min_c, max_c) = (counts.iter().copied().min().unwrap_or(0), counts.iter().copied().max().unwrap_or(0));
    if owner.is_some() {
        for (i, (score, idx)) in scores.iter_mut().zip(feasible.iter().copied()).enumerate() {
            let spread = if max_c == min_c {
                100
            } else {
                100 * (max_c - counts.get(i).copied().unwrap_or(0)) / (max_c - min_c)
            };
            *score += 2 * spread;
            ranking.offer(i, *score, idx);
        }
    }
    let Ranking { best, ties, first_best, top } = ranking;
    let ties = ties.max(1);
    let pick_nth = (random % ties as u64) as usize;
    let pick_at = if pick_nth == 0 {
        Some(first_best)
    } else {
        scores.iter().enumerate().filter(|(_, s)| **s == best).nth(pick_nth).map(|(i, _)| i)
    };
    let pick_info = pick_at.and_then(|i| feasible.get(i)).and_then(|idx| nodes.infos.get(*idx));
    let pick = pick_info.map_or("", |n| n.node.metadata.name.as_str());
    let why = &mut scratch.why;
    why.clear();
    why.push_str("scheduled on ");
    why.push_str(pick);
    let notes = pick_info.map(|n| toleration_notes(pod, &n.node)).unwrap_or_default();
    if !notes.is_empty() {
        let _ = write!(why, " ({})", notes.join("; "));
    }
    if !filtered.is_empty() {
        let _ = write!(why, ": filtered out {};", filtered.join(", "));
    } else {
        why.push(':');
    }
    for (n, (score, idx)) in top.ranked().iter().enumerate() {
        if let Some(info) = nodes.infos.get(*idx) {
            let _ = write!(why, "{}{} scored {score}", if n == 0 { " " } else { ", " }, info.node.metadata.name);
        }
    }
    if ties > 1 {
        let _ = write!(why, " ({ties} nodes tied; one was picked at random)");
    }
    if owner.is_some() && max_c > min_c {
        why.push_str("; nodes with fewer pods of the same workload score higher (spreading)");
    }
    // Kept for `sim why`: copied out at its exact length.
    (Decision::Bind { node: pick.to_string(), why: why.as_str().to_string() }, next_start)
}

/// `used * 100 / cap` clamped to 0..=100, as the scorers compute it in integers. Called for every
/// node of every cycle, so the quotient comes from a float division corrected to the exact integer
/// one (an integer division costs several times more).
fn frac(used: i64, cap: i64) -> i64 {
    if cap <= 0 {
        return 100;
    }
    let x = used.saturating_mul(100);
    if x <= 0 {
        return 0;
    }
    if x >= cap.saturating_mul(100) {
        return 100;
    }
    let mut q = (x as f64 / cap as f64) as i64;
    if q * cap > x {
        q -= 1;
    } else if (q + 1) * cap <= x {
        q += 1;
    }
    q
}

/// What to change so that a pod fits, from the reasons nodes refused it.
fn unschedulable_advice(reasons: &BTreeMap<String, usize>, pod: &Pod) -> String {
    let mut advice = Vec::new();
    for r in reasons.keys() {
        if r.starts_with("Insufficient") || r == "Too many pods" {
            let req = pod_requests(pod);
            let mut asked = Vec::new();
            if req.milli_cpu > 0 {
                asked.push(format!("cpu {}m", req.milli_cpu));
            }
            if req.memory > 0 {
                asked.push(format!("memory {}Mi", req.memory / (1024 * 1024)));
            }
            let asked = if asked.is_empty() { "one more pod".to_string() } else { asked.join(", ") };
            advice.push(format!(
                "no node has room for it ({asked}): lower the requests, free capacity, or add a node (sim node add)"
            ));
        } else if r.contains("untolerated taint") {
            advice.push(format!("{r}: add a matching toleration or remove the taint"));
        } else if r.contains("unschedulable") {
            advice.push("nodes are cordoned: kubectl uncordon NODE".into());
        } else if r == PREFILTER_ABSENT_REASON {
            advice.push(
                "its node affinity pins it to one node (as DaemonSet pods are pinned), and that node refused it".into(),
            );
        } else if r.contains("affinity/selector") {
            advice.push("no node carries the labels its nodeSelector or node affinity asks for".into());
        } else if r.contains("free ports") {
            advice.push("its hostPort is taken on every node".into());
        }
    }
    advice.dedup();
    format!("the pod stays Pending: {}", advice.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::Container;

    fn node(name: &str, cpu: &str, taints: Vec<Taint>, unschedulable: bool) -> Node {
        let mut n = Node::default();
        n.metadata.name = name.into();
        n.status.allocatable.insert("cpu".into(), cpu.into());
        n.status.allocatable.insert("memory".into(), "8Gi".into());
        n.status.allocatable.insert("pods".into(), "110".into());
        n.spec.taints = taints;
        n.spec.unschedulable = unschedulable;
        n
    }

    fn pod(cpu: Option<&str>) -> Pod {
        let mut p = Pod::default();
        p.metadata.name = "p".into();
        p.metadata.namespace = "default".into();
        let mut c = Container { name: "c".into(), image: "nginx".into(), ..Container::default() };
        if let Some(cpu) = cpu {
            c.resources.requests.insert("cpu".into(), cpu.into());
        }
        p.spec.containers.push(c);
        p
    }

    fn info(n: &Node) -> NodeInfo {
        let mut cache = SchedCache::default();
        cache.put_node(n);
        cache.get(&n.metadata.name).cloned().unwrap_or_default()
    }

    fn cp_taint() -> Taint {
        Taint {
            key: "node-role.kubernetes.io/control-plane".into(),
            value: String::new(),
            effect: "NoSchedule".into(),
            time_added: None,
        }
    }

    #[test]
    fn each_filter_gives_its_reason_in_kube_schedulers_order() {
        let free = NodeUsage::default();
        let p = pod(Some("1"));
        assert_eq!(
            filter(&p, &node("a", "4", vec![], true), &free),
            Err(vec!["node(s) were unschedulable".to_string()])
        );
        assert_eq!(
            filter(&p, &node("a", "4", vec![cp_taint()], false), &free),
            Err(vec!["node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }".to_string()])
        );
        assert_eq!(filter(&p, &node("a", "500m", vec![], false), &free), Err(vec!["Insufficient cpu".to_string()]));
        let mut selective = p.clone();
        selective.spec.node_selector.insert("disk".into(), "ssd".into());
        assert_eq!(
            filter(&selective, &node("a", "4", vec![], false), &free),
            Err(vec!["node(s) didn't match Pod's node affinity/selector".to_string()])
        );
        let mut named = p.clone();
        named.spec.node_name = "b".into();
        assert_eq!(
            filter(&named, &node("a", "4", vec![], false), &free),
            Err(vec!["node(s) didn't match the requested node name".to_string()])
        );
        // Cordoned but tolerating the unschedulable taint (a DaemonSet pod): it passes.
        let mut tolerant = p.clone();
        tolerant.spec.tolerations.push(Toleration {
            key: "node.kubernetes.io/unschedulable".into(),
            operator: "Exists".into(),
            effect: "NoSchedule".into(),
            ..Toleration::default()
        });
        assert_eq!(filter(&tolerant, &node("a", "4", vec![], true), &free), Ok(()));
        let full = NodeUsage { pods: 110, ..NodeUsage::default() };
        assert_eq!(filter(&pod(None), &node("a", "4", vec![], false), &full), Err(vec!["Too many pods".to_string()]));
    }

    #[test]
    fn a_pod_that_fits_nowhere_gets_the_real_failed_scheduling_message() {
        let nodes = [
            node("control-plane", "4", vec![cp_taint()], false),
            node("w1", "1", vec![], false),
            node("w2", "1", vec![], false),
            node("w3", "1", vec![], false),
        ];
        let infos: Vec<NodeInfo> = nodes.iter().map(info).collect();
        let (d, _) = schedule(&pod(Some("2")), &infos, 0, 0);
        let Decision::Unschedulable { message, .. } = d else { panic!("expected failure") };
        assert_eq!(
            message,
            "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod."
        );
    }

    #[test]
    fn the_least_allocated_node_wins() {
        let nodes = [node("w1", "4", vec![], false), node("w2", "4", vec![], false)];
        let mut infos: Vec<NodeInfo> = nodes.iter().map(info).collect();
        infos[0].usage = NodeUsage {
            milli_cpu: 3000,
            nonzero_milli_cpu: 3000,
            memory: 0,
            nonzero_memory: 0,
            pods: 3,
            ..NodeUsage::default()
        };
        for random in 0..4 {
            let (d, _) = schedule(&pod(Some("500m")), &infos, 0, random);
            assert!(matches!(d, Decision::Bind { ref node, .. } if node == "w2"), "{d:?}");
        }
    }

    use crate::api::pod::NodeSelectorRequirement;

    fn pinned_to(mut p: Pod, names: &[&str]) -> Pod {
        use crate::api::pod::{Affinity, NodeAffinity, NodeSelector};
        let req = NodeSelectorRequirement {
            key: "metadata.name".into(),
            operator: "In".into(),
            values: names.iter().map(|n| n.to_string()).collect(),
        };
        let term = NodeSelectorTerm { match_expressions: Vec::new(), match_fields: vec![req] };
        p.spec.affinity = Some(Affinity {
            node_affinity: Some(NodeAffinity {
                required_during_scheduling_ignored_during_execution: Some(NodeSelector {
                    node_selector_terms: vec![term],
                }),
                ..NodeAffinity::default()
            }),
            ..Affinity::default()
        });
        p
    }

    // Upstream: nodeaffinity TestNodeAffinity (matchFields metadata.name) and TestNodeAffinityPreFilter.
    #[test]
    fn match_fields_on_metadata_name_pin_a_pod_to_its_node() {
        let free = NodeUsage::default();
        let p = pinned_to(pod(None), &["w2"]);
        assert_eq!(
            filter(&p, &node("w1", "4", vec![], false), &free),
            Err(vec!["node(s) didn't match Pod's node affinity/selector".to_string()])
        );
        assert_eq!(filter(&p, &node("w2", "4", vec![], false), &free), Ok(()));
        // (terms, PreFilter result): names ANDed within a term, ORed across terms; a term naming
        // no node (here one on a label) lets every node through.
        let term = |names: &[&str]| {
            let mut t = NodeSelectorTerm::default();
            if names.is_empty() {
                t.match_expressions.push(NodeSelectorRequirement {
                    key: "disk".into(),
                    operator: "Exists".into(),
                    values: vec![],
                });
            } else {
                t.match_fields.push(NodeSelectorRequirement {
                    key: "metadata.name".into(),
                    operator: "In".into(),
                    values: names.iter().map(|n| n.to_string()).collect(),
                });
            }
            t
        };
        let mut anded = term(&["w2", "w3"]);
        anded.match_fields.extend(term(&["w1", "w2"]).match_fields);
        let cases = [
            (vec![term(&["w2"])], Some(vec!["w2"])),
            (vec![term(&["w1"]), term(&["w3"])], Some(vec!["w1", "w3"])),
            (vec![anded], Some(vec!["w2"])),
            (vec![term(&["w1"]), term(&[])], None),
        ];
        for (terms, want) in cases {
            let mut p = pinned_to(pod(None), &["ignored"]);
            if let Some(sel) = p
                .spec
                .affinity
                .as_mut()
                .and_then(|a| a.node_affinity.as_mut())
                .and_then(|n| n.required_during_scheduling_ignored_during_execution.as_mut())
            {
                sel.node_selector_terms = terms.clone();
            }
            let got = prefilter_node_names(&p).map(|s| s.into_iter().collect::<Vec<_>>());
            assert_eq!(got, want, "{terms:?}");
        }
    }

    #[test]
    fn a_pinned_pod_is_tried_only_on_its_node_and_the_others_count_as_prefiltered() {
        let nodes = [node("w1", "4", vec![], false), node("w2", "4", vec![], false), node("w3", "4", vec![], false)];
        let mut infos: Vec<NodeInfo> = nodes.iter().map(info).collect();
        let p = pinned_to(pod(None), &["w2"]);
        for random in 0..3 {
            let (d, next) = schedule(&p, &infos, 2, random);
            assert!(matches!(d, Decision::Bind { ref node, .. } if node == "w2"), "{d:?}");
            // The search start rotates over the narrowed list of one node.
            assert_eq!(next, 0);
        }
        infos[1].usage.pods = 110;
        let (d, _) = schedule(&p, &infos, 0, 0);
        let Decision::Unschedulable { message, .. } = d else { panic!("expected failure") };
        assert_eq!(
            message,
            "0/3 nodes are available: 1 Too many pods, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling."
        );
        // Pinned to a node that does not exist: every node counts as left out.
        let gone = pinned_to(pod(None), &["w9"]);
        let (d, _) = schedule(&gone, &infos, 0, 0);
        let Decision::Unschedulable { message, .. } = d else { panic!("expected failure") };
        assert_eq!(
            message,
            "0/3 nodes are available: 3 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."
        );
    }

    #[test]
    fn the_explanation_names_the_toleration_that_let_a_pod_onto_a_cordoned_node() {
        let mut p = pod(None);
        p.spec.tolerations.push(Toleration {
            key: "node.kubernetes.io/unschedulable".into(),
            operator: "Exists".into(),
            effect: "NoSchedule".into(),
            ..Toleration::default()
        });
        let taint = Taint {
            key: "node.kubernetes.io/unschedulable".into(),
            value: String::new(),
            effect: "NoSchedule".into(),
            time_added: None,
        };
        let n = node("control-plane", "4", vec![taint], true);
        assert_eq!(
            toleration_notes(&p, &n),
            vec![
                "control-plane is cordoned (spec.unschedulable), but NodeUnschedulable lets the pod through because it tolerates node.kubernetes.io/unschedulable:NoSchedule with the toleration {key: node.kubernetes.io/unschedulable, operator: Exists, effect: NoSchedule}".to_string(),
                "TaintToleration passes control-plane's taint node.kubernetes.io/unschedulable:NoSchedule because of the toleration {key: node.kubernetes.io/unschedulable, operator: Exists, effect: NoSchedule}".to_string(),
            ]
        );
        assert!(toleration_notes(&p, &node("w1", "4", vec![], false)).is_empty());
    }

    #[test]
    fn the_fast_fraction_is_the_integer_one() {
        let slow = |used: i64, cap: i64| if cap <= 0 { 100 } else { (used.saturating_mul(100) / cap).clamp(0, 100) };
        let mut rng = crate::sim::Rng::new(3);
        let caps = [1, 3, 7, 100, 999, 4000, 4_000_000, 8 * 1024 * 1024 * 1024, i64::MAX / 200];
        for cap in caps {
            for _ in 0..2000 {
                let used = (rng.next_u64() % (cap as u64 * 2 + 3)) as i64 - 1;
                assert_eq!(frac(used, cap), slow(used, cap), "{used}/{cap}");
            }
            for used in [0, cap - 1, cap, cap + 1, cap / 100, cap / 100 + 1, -5] {
                assert_eq!(frac(used, cap), slow(used, cap), "{used}/{cap}");
            }
        }
        assert_eq!(frac(5, 0), 100);
    }

    // The cache keeps a Fit per node and memoized scores, refreshed for the nodes handed out by
    // `get_mut`; a cycle over it must decide as a fresh one over the same NodeInfos, whatever
    // changed in between (usage, images past the 32 with a bit, cordons, taints, nodes removed).
    #[test]
    fn the_cache_decides_as_a_fresh_cycle_over_the_same_nodes() {
        use crate::api::meta::OwnerReference;
        let mut rng = crate::sim::Rng::new(11);
        let mut cache = SchedCache::default();
        let prefer_no =
            Taint { key: "soft".into(), value: "yes".into(), effect: "PreferNoSchedule".into(), time_added: None };
        for i in 0..160 {
            let taints = match i % 9 {
                0 => vec![cp_taint()],
                1 | 2 => vec![prefer_no.clone()],
                _ => vec![],
            };
            let mut n = node(&format!("n-{i:03}"), ["1", "2", "4"][i % 3], taints, i % 17 == 0);
            n.status.allocatable.insert("pods".into(), ["3", "8", "110"][i % 3].into());
            cache.put_node(&n);
        }
        let mut start = 0;
        for round in 0..3000u64 {
            let mut p = pod([None, Some("100m"), Some("700m")].get((round % 3) as usize).copied().flatten());
            let image = format!("image-{}", rng.next_u64() % 40);
            if let Some(c) = p.spec.containers.first_mut() {
                c.image = image.clone();
            }
            if round % 4 != 0 {
                p.metadata.owner_references.push(OwnerReference {
                    uid: format!("owner-{}", round % 3),
                    controller: Some(true),
                    ..OwnerReference::default()
                });
            }
            if round % 5 == 0 {
                p.spec.tolerations.push(Toleration {
                    key: "soft".into(),
                    operator: "Exists".into(),
                    ..Toleration::default()
                });
            }
            let random = rng.next_u64();
            let fresh = schedule(&p, cache.nodes(), start, random);
            let cached = cache.schedule(&p, start, random);
            assert_eq!(cached, fresh, "round {round}");
            start = cached.1;
            if let Decision::Bind { node, .. } = &cached.0 {
                if let Some(info) = cache.get_mut(node) {
                    info.usage.add(&p, 1);
                    info.images.insert(image);
                }
            }
            match rng.next_u64() % 50 {
                0 => {
                    let name = format!("n-{:03}", rng.next_u64() % 160);
                    let cordoned = cache.get(&name).map(|n| {
                        let mut n = n.node.as_ref().clone();
                        n.spec.unschedulable = !n.spec.unschedulable;
                        n
                    });
                    if let Some(n) = cordoned {
                        cache.put_node(&n);
                    }
                }
                1 => cache.remove_node(&format!("n-{:03}", rng.next_u64() % 160)),
                2 => {
                    let name = format!("n-{:03}", rng.next_u64() % 160);
                    if let Some(info) = cache.get_mut(&name) {
                        info.usage = NodeUsage { alloc: info.usage.alloc, ..NodeUsage::default() };
                    }
                }
                _ => {}
            }
        }
    }

    #[test]
    fn large_clusters_search_a_share_of_their_nodes() {
        assert_eq!(feasible_nodes_to_find(50), 50);
        assert_eq!(feasible_nodes_to_find(100), 100);
        assert_eq!(feasible_nodes_to_find(1000), 420);
        assert_eq!(feasible_nodes_to_find(5000), 500);
    }
}
