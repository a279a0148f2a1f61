//! The node lifecycle controller and its taint manager: a node whose kubelet stops renewing its
//! lease for the grace period (50s) turns Unknown, gets the unreachable taints and its pods are
//! marked not ready; a Node no kubelet ever reported for (one created through the API) turns
//! Unknown after the startup grace period (60s); pods that do not tolerate a NoExecute taint are
//! evicted, after their toleration seconds (300s by default). NoSchedule taints follow the node's
//! state and `spec.unschedulable` (pkg/controller/nodelifecycle).

use crate::api::meta::Time;
use crate::api::node::{Node, NodeCondition};
use crate::api::pod::{Pod, Taint};
use crate::api::{Kind, Object};
use crate::sim::SimTime;
use crate::store::ObjRef;

use super::{Action, Ctx, EventType, Propagation, Reconcile};

/// `--node-monitor-grace-period` (50s from Kubernetes 1.32).
pub const GRACE_PERIOD_MS: SimTime = 50_000;
/// `--node-startup-grace-period`: how long a node that never posted a Ready condition may stay
/// silent.
pub const STARTUP_GRACE_PERIOD_MS: SimTime = 60_000;

/// What the controller hears from a node's kubelet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Heartbeat {
    /// The kubelet renews the node's lease.
    Renewing,
    /// The kubelet stopped; it last renewed the lease at this time.
    StoppedAt(SimTime),
    /// No kubelet runs for the node (a Node created through the API): nothing was ever heard.
    Never,
}

pub const UNREACHABLE: &str = "node.kubernetes.io/unreachable";
pub const NOT_READY: &str = "node.kubernetes.io/not-ready";
pub const UNSCHEDULABLE: &str = "node.kubernetes.io/unschedulable";

fn taint(key: &str, effect: &str, now: SimTime) -> Taint {
    Taint {
        key: key.into(),
        value: String::new(),
        effect: effect.into(),
        time_added: if effect == "NoExecute" { Some(Time::from_sim(now)) } else { None },
    }
}

/// `monitorNodeHealth` (`tryUpdateNodeHealth`) plus the NoSchedule/NoExecute tainting passes for
/// one node, given what its kubelet does.
pub fn reconcile_node(ctx: &Ctx, name: &str, heartbeat: Heartbeat) -> Reconcile {
    let mut out = Reconcile::default();
    let Some(node) = ctx.store.node("", name) else { return out };
    let mut updated = node.clone();
    let now = ctx.now;
    let created = node.metadata.creation_timestamp.map_or(0, Time::to_sim);
    // When the node was last heard from, and how long it may stay silent: a node without a Ready
    // condition gets the startup grace period, counted from its creation.
    let silent_since = match heartbeat {
        Heartbeat::Renewing => None,
        Heartbeat::StoppedAt(t) => Some((t, GRACE_PERIOD_MS)),
        Heartbeat::Never if node.condition("Ready").is_none() => Some((created, STARTUP_GRACE_PERIOD_MS)),
        Heartbeat::Never => Some((created, GRACE_PERIOD_MS)),
    };
    let unknown = match silent_since {
        Some((t, grace)) if now >= t + grace => true,
        Some((t, grace)) => {
            out.requeue_after = Some(t + grace - now);
            false
        }
        None => false,
    };
    let was_ready = node.is_ready();
    let newly_unknown = unknown && node.condition("Ready").is_none_or(|c| c.status != "Unknown");
    if newly_unknown {
        match heartbeat {
            Heartbeat::StoppedAt(renewed) => {
                for c in &mut updated.status.conditions {
                    c.status = "Unknown".into();
                    c.reason = "NodeStatusUnknown".into();
                    c.message = "Kubelet stopped posting node status.".into();
                    c.last_transition_time = Some(Time::from_sim(now));
                    c.last_heartbeat_time = Some(Time::from_sim(renewed));
                }
            }
            _ => never_posted(&mut updated, created, now),
        }
        // A node that never had a Ready condition was never ready: no event, no pods to mark.
        if was_ready || matches!(heartbeat, Heartbeat::StoppedAt(_)) {
            out.actions.push(Action::Event {
                involved: ObjRef::new(Kind::Node, "", name),
                type_: EventType::Normal,
                reason: "NodeNotReady".into(),
                message: format!("Node {name} status is now: NodeNotReady"),
            });
            // MarkPodsNotReady.
            for p in ctx.store.pods_on_node(name) {
                if !p.is_ready() {
                    continue;
                }
                let mut pod = p.clone();
                for c in &mut pod.status.conditions {
                    if c.type_ == "Ready" || c.type_ == "ContainersReady" {
                        c.status = "False".into();
                        c.last_transition_time = Some(Time::from_sim(now));
                    }
                }
                for s in &mut pod.status.container_statuses {
                    s.ready = false;
                }
                out.actions.push(Action::Update {
                    obj: Object::Pod(crate::api::ObjBox::new(pod)),
                    why: format!(
                        "node {name} stopped posting status {}s ago: its pods are marked not ready",
                        GRACE_PERIOD_MS / 1000
                    ),
                });
                out.actions.push(Action::Event {
                    involved: ObjRef::new(Kind::Pod, p.metadata.namespace.clone(), p.metadata.name.clone()),
                    type_: EventType::Warning,
                    reason: "NodeNotReady".into(),
                    message: "Node is not ready".into(),
                });
            }
        }
    } else if heartbeat == Heartbeat::Renewing && !was_ready {
        for c in &mut updated.status.conditions {
            let ready = c.type_ == "Ready";
            c.status = if ready { "True" } else { "False" }.into();
            c.reason = condition_reason(&c.type_, true).into();
            c.message = condition_message(&c.type_).into();
            c.last_transition_time = Some(Time::from_sim(now));
            c.last_heartbeat_time = Some(Time::from_sim(now));
        }
    }
    // Taints follow the Ready condition and spec.unschedulable.
    let ready_status = updated.condition("Ready").map(|c| c.status.clone()).unwrap_or_default();
    let mut want: Vec<(&str, &str)> = Vec::new();
    match ready_status.as_str() {
        "Unknown" => {
            want.push((UNREACHABLE, "NoSchedule"));
            want.push((UNREACHABLE, "NoExecute"));
        }
        "False" => {
            want.push((NOT_READY, "NoSchedule"));
            want.push((NOT_READY, "NoExecute"));
        }
        _ => {}
    }
    if updated.spec.unschedulable {
        want.push((UNSCHEDULABLE, "NoSchedule"));
    }
    let managed = [UNREACHABLE, NOT_READY, UNSCHEDULABLE];
    updated
        .spec
        .taints
        .retain(|t| !managed.contains(&t.key.as_str()) || want.contains(&(t.key.as_str(), t.effect.as_str())));
    for (k, e) in want {
        if !updated.spec.taints.iter().any(|t| t.key == k && t.effect == e) {
            updated.spec.taints.push(taint(k, e, now));
        }
    }
    if &updated != node {
        let why = if unknown && heartbeat == Heartbeat::Never {
            let grace = silent_since.map_or(0, |(_, g)| g / 1000);
            format!(
                "no kubelet has ever posted status for node {name} (it was created through the API) and {grace}s have passed since its creation: Ready=Unknown, tainted {UNREACHABLE}:NoSchedule and :NoExecute"
            )
        } else if unknown {
            format!(
                "node {name} has not renewed its lease for {}s (the node monitor grace period): Ready=Unknown, tainted {UNREACHABLE}:NoSchedule and :NoExecute",
                GRACE_PERIOD_MS / 1000
            )
        } else if updated.spec.unschedulable && !node.spec.taints.iter().any(|t| t.key == UNSCHEDULABLE) {
            format!("node {name} is cordoned (spec.unschedulable): tainted {UNSCHEDULABLE}:NoSchedule")
        } else {
            format!("node {name} state changed; its taints follow it")
        };
        out.actions.insert(0, Action::Update { obj: Object::Node(crate::api::ObjBox::new(updated)), why });
    }
    out
}

/// `tryUpdateNodeHealth` once the grace period of a node no kubelet reports for has passed: the
/// conditions it never had are added as Unknown ("Kubelet never posted node status."), those it
/// had turn Unknown ("Kubelet stopped posting node status.").
fn never_posted(node: &mut Node, created: SimTime, now: SimTime) {
    for type_ in ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"] {
        match node.status.conditions.iter_mut().find(|c| c.type_ == type_) {
            None => node.status.conditions.push(NodeCondition {
                type_: type_.into(),
                status: "Unknown".into(),
                last_heartbeat_time: Some(Time::from_sim(created)),
                last_transition_time: Some(Time::from_sim(now)),
                reason: "NodeStatusNeverUpdated".into(),
                message: "Kubelet never posted node status.".into(),
            }),
            Some(c) if c.status != "Unknown" => {
                c.status = "Unknown".into();
                c.reason = "NodeStatusUnknown".into();
                c.message = "Kubelet stopped posting node status.".into();
                c.last_transition_time = Some(Time::from_sim(now));
            }
            Some(_) => {}
        }
    }
}

fn condition_reason(type_: &str, healthy: bool) -> &'static str {
    match (type_, healthy) {
        ("Ready", true) => "KubeletReady",
        ("MemoryPressure", _) => "KubeletHasSufficientMemory",
        ("DiskPressure", _) => "KubeletHasNoDiskPressure",
        ("PIDPressure", _) => "KubeletHasSufficientPID",
        _ => "KubeletNotReady",
    }
}

fn condition_message(type_: &str) -> &'static str {
    match type_ {
        "Ready" => "kubelet is posting ready status",
        "MemoryPressure" => "kubelet has sufficient memory available",
        "DiskPressure" => "kubelet has no disk pressure",
        "PIDPressure" => "kubelet has sufficient PID available",
        _ => "",
    }
}

/// The healthy conditions a kubelet posts when it registers.
pub fn healthy_conditions(now: SimTime) -> Vec<NodeCondition> {
    ["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"]
        .into_iter()
        .map(|t| NodeCondition {
            type_: t.into(),
            status: if t == "Ready" { "True" } else { "False" }.into(),
            last_heartbeat_time: Some(Time::from_sim(now)),
            last_transition_time: Some(Time::from_sim(now)),
            reason: condition_reason(t, true).into(),
            message: condition_message(t).into(),
        })
        .collect()
}

/// When the taint manager evicts `pod` from `node`: now if a NoExecute taint is not tolerated,
/// after the smallest tolerationSeconds if all are, never if none limit it
/// (`processPodOnNode`, `getMinTolerationTime`).
pub fn eviction_time(pod: &Pod, node: &Node) -> Option<(SimTime, String)> {
    let mut when: Option<(SimTime, String)> = None;
    for t in node.spec.taints.iter().filter(|t| t.effect == "NoExecute") {
        let added = t.time_added.map_or(0, Time::to_sim);
        let matching: Vec<&crate::api::pod::Toleration> =
            pod.spec.tolerations.iter().filter(|tol| tol.tolerates(t)).collect();
        if matching.is_empty() {
            return Some((added, format!("it does not tolerate the taint {}:NoExecute", t.key)));
        }
        let min = matching.iter().filter_map(|tol| tol.toleration_seconds).min();
        if let Some(secs) = min {
            let at = added + u64::try_from(secs.max(0)).unwrap_or(0) * 1000;
            if when.as_ref().is_none_or(|(w, _)| at < *w) {
                when = Some((at, format!("it tolerates {}:NoExecute for only {secs}s", t.key)));
            }
        }
    }
    when
}

/// The taint manager for one pod: evicts it when its time has come.
pub fn reconcile_eviction(ctx: &Ctx, pod_ref: &ObjRef) -> Reconcile {
    let mut out = Reconcile::default();
    let Some(Object::Pod(pod)) = ctx.store.get_ref(pod_ref) else { return out };
    if pod.metadata.deletion_timestamp.is_some() || pod.spec.node_name.is_empty() {
        return out;
    }
    let Some(node) = ctx.store.node("", &pod.spec.node_name) else { return out };
    let Some((at, reason)) = eviction_time(pod, node) else { return out };
    if ctx.now < at {
        out.requeue_after = Some(at - ctx.now);
        return out;
    }
    out.actions.push(Action::Event {
        involved: pod_ref.clone(),
        type_: EventType::Normal,
        reason: "TaintManagerEviction".into(),
        message: format!("Marking for deletion Pod {}/{}", pod.metadata.namespace, pod.metadata.name),
    });
    out.actions.push(Action::Delete {
        target: pod_ref.clone(),
        uid: pod.metadata.uid.clone(),
        propagation: Propagation::Background,
        grace_seconds: None,
        why: format!("evicted from {} by the taint manager: {reason}", pod.spec.node_name),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::pod::Toleration;

    #[test]
    fn eviction_waits_for_the_smallest_toleration() {
        let mut node = Node::default();
        node.spec.taints.push(Taint {
            key: UNREACHABLE.into(),
            value: String::new(),
            effect: "NoExecute".into(),
            time_added: Some(Time::from_sim(50_000)),
        });
        let mut pod = Pod::default();
        assert_eq!(eviction_time(&pod, &node).map(|w| w.0), Some(50_000));
        pod.spec.tolerations.push(Toleration {
            key: UNREACHABLE.into(),
            operator: "Exists".into(),
            effect: "NoExecute".into(),
            toleration_seconds: Some(300),
            ..Toleration::default()
        });
        assert_eq!(eviction_time(&pod, &node).map(|w| w.0), Some(350_000));
        pod.spec.tolerations[0].toleration_seconds = None;
        assert_eq!(eviction_time(&pod, &node), None);
    }
}
