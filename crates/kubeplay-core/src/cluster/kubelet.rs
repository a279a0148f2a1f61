//! The glue between the cluster and its node agents: the kubelet's syncs (runtime state, pod
//! status writes, events, removal of stopped pods) and the scheduler's cycles (binding, the
//! FailedScheduling event and condition, retries).

use crate::api::meta::Time;
use crate::api::pod::{Pod, PodCondition, SharedStr};
use crate::api::{Kind, Object};
use crate::controller::kubelet::{self, SyncCtx};
use crate::controller::scheduler::Decision;
use crate::controller::{ControllerId, EventType};
use crate::store::{Key, ObjRef};

use super::events::{About, InvolvedRef};
use super::{Cluster, Unschedulable, Work, UNSCHEDULABLE_FLUSH_MS};

impl Cluster {
    /// One kubelet sync of the pod `key`.
    pub(crate) fn kubelet_sync(&mut self, key: &Key) {
        let now = self.now;
        // The pod is read in place (the store and the runtime are separate fields); a new pod is
        // built only when its status changes, sharing the spec and copying the metadata.
        let Some(pod) = self.store.pod(&key.namespace, &key.name) else { return };
        if pod.spec.node_name.is_empty() {
            return;
        }
        let node_name = pod.spec.node_name.as_str();
        let Some(Object::Node(node)) = self.store.get_named(Kind::Node, "", node_name) else { return };
        let uid = pod.metadata.uid.as_str();
        let Some(node_rt) = self.runtime.get_mut(node_name) else { return };
        if node_rt.down {
            return;
        }
        if !node_rt.pods.contains_key(uid) {
            // A pod that has finished (or stopped for its deletion) is not started again.
            if pod.is_terminal() {
                return;
            }
            let ip = if pod.spec.host_network {
                SharedStr::interned(node.internal_ip().unwrap_or(""))
            } else {
                node_rt.next_pod_ip(node.spec.pod_cidr.trim_end_matches("0/24"))
            };
            node_rt.add_pod(uid, kubelet::new_pod_runtime(pod, ip, now));
        }
        let (node_ip, pods, images) = node_rt.for_sync(node);
        let Some(rt) = pods.get_mut(uid) else { return };
        let ctx = SyncCtx { now, node: node_name, node_ip, failing_images: &self.failing_images };
        let held = images.len();
        let result = kubelet::sync(&ctx, pod, rt, images);
        // The scheduler's ImageLocality reads the images a node holds.
        if images.len() != held {
            if let Some(info) = self.sched.get_mut(node_name) {
                info.images = images.clone();
            }
        }
        let updated = result.status.filter(|s| *s != pod.status).map(|status| Pod {
            metadata: pod.metadata.clone(),
            spec: pod.spec.clone(),
            status,
        });
        // Events and explanations are about the pod read above (the store is not written until
        // the status update): its uid and hash are worked out once for all of them.
        if !result.events.is_empty() {
            let mut about = About::new(InvolvedRef {
                kind: Kind::Pod.name(),
                api_version: Kind::Pod.api_version(),
                namespace: &key.namespace,
                name: &key.name,
                uid,
                field_path: "",
            });
            let rv = self.store.resource_version();
            for e in &result.events {
                let rng = &mut self.rng;
                self.events.record_about(
                    now,
                    &mut about,
                    &e.field_path,
                    e.type_,
                    e.reason,
                    &e.message,
                    "kubelet",
                    node_name,
                    || rng.uuid_bits(),
                    rv,
                );
            }
        }
        if !uid.is_empty() {
            for w in result.why.into_iter().filter(|w| !w.is_empty()) {
                self.why.push(uid, now, "kubelet", w);
            }
        }
        let stopped = result.stopped.then(|| (node_name.to_string(), uid.to_string()));
        if let Some(updated) = updated {
            let _ = self.update_object(Object::Pod(crate::api::ObjBox::new(updated)));
        }
        if let Some((node_name, uid)) = stopped {
            if let Some(node_rt) = self.runtime.get_mut(&node_name) {
                node_rt.pods.remove(&uid);
            }
            // The status manager deletes the stopped pod with a zero grace period (the uid as
            // precondition); finalizers keep it, terminal, until they are removed.
            let r = ObjRef::new(Kind::Pod, key.namespace.clone(), key.name.clone());
            if self.store.get_ref(&r).is_some_and(|o| o.meta().uid == uid) {
                let _ = self.delete(&r, None, Some(0));
            }
            return;
        }
        if let Some(t) = result.wake_at {
            self.queue.reschedule(t, Work::Kubelet(key.clone()));
        }
    }

    /// One scheduling cycle for the pod `r`.
    pub(crate) fn schedule_pod(&mut self, r: &ObjRef) {
        // The stored pod, shared (a reference count): the one copy is made when it is bound.
        let Some(Object::Pod(pod)) = self.store.get_named(Kind::Pod, &r.key.namespace, &r.key.name).cloned() else {
            self.unschedulable.remove(&r.key);
            return;
        };
        if !pod.spec.node_name.is_empty() || pod.metadata.deletion_timestamp.is_some() {
            self.unschedulable.remove(&r.key);
            return;
        }
        let random = self.rng.next_u64();
        let (decision, next) = self.sched.schedule(&pod, self.sched_start, random);
        self.sched_start = next;
        let uid = pod.metadata.uid.clone();
        match decision {
            Decision::Bind { node, why } => {
                self.unschedulable.remove(&r.key);
                let msg = format!("Successfully assigned {}/{} to {node}", r.key.namespace, r.key.name);
                let mut bound = pod;
                bound.spec.node_name = node;
                let now = Time::from_sim(self.now);
                bound.status.conditions.retain(|c| c.type_ != "PodScheduled");
                bound.status.conditions.push(PodCondition {
                    type_: "PodScheduled".into(),
                    status: "True".into(),
                    last_probe_time: None,
                    last_transition_time: Some(now),
                    reason: String::new(),
                    message: String::new(),
                });
                if self.update_object(Object::Pod(bound)).is_ok() {
                    self.record_event_about(r, EventType::Normal, "Scheduled", &msg, "default-scheduler", "", "");
                    self.explain("default-scheduler", &uid, why);
                }
            }
            Decision::Unschedulable { message, why } => {
                let now = self.now;
                let entry = self.unschedulable.entry(r.key.clone()).or_insert(Unschedulable {
                    attempts: 0,
                    failed_at: now,
                    moved: false,
                });
                entry.attempts += 1;
                entry.failed_at = now;
                entry.moved = false;
                let first = entry.attempts == 1;
                let mut pending = pod.clone();
                let cond = PodCondition {
                    type_: "PodScheduled".into(),
                    status: "False".into(),
                    last_probe_time: None,
                    last_transition_time: pod
                        .condition("PodScheduled")
                        .filter(|c| c.status == "False")
                        .and_then(|c| c.last_transition_time)
                        .or(Some(Time::from_sim(self.now))),
                    reason: "Unschedulable".into(),
                    message: message.clone(),
                };
                pending.status.conditions.retain(|c| c.type_ != "PodScheduled");
                pending.status.conditions.push(cond);
                if pending != pod {
                    let _ = self.update_object(Object::Pod(pending));
                }
                self.record_event_about(
                    r,
                    EventType::Warning,
                    "FailedScheduling",
                    &message,
                    "default-scheduler",
                    "",
                    "",
                );
                if first {
                    self.explain("default-scheduler", &uid, why);
                }
                // Retried when the cluster changes, and at the latest after five minutes.
                self.queue.push(self.now + UNSCHEDULABLE_FLUSH_MS, Work::Reconcile(ControllerId::Scheduler, r.clone()));
            }
        }
    }
}

impl Cluster {
    /// `sim pod crash`: the pod's running container exits now with `code`.
    pub fn crash_container(
        &mut self,
        ns: &str,
        name: &str,
        container: Option<&str>,
        code: i32,
    ) -> Result<String, String> {
        let Some(pod) = self.store.pod(ns, name) else {
            return Err(format!("pods {name:?} not found"));
        };
        let node = pod.spec.node_name.clone();
        let uid = pod.metadata.uid.clone();
        let now = self.now;
        let rt = self
            .runtime
            .get_mut(&node)
            .and_then(|n| n.pods.get_mut(&uid))
            .ok_or_else(|| format!("pod {name:?} has no running container"))?;
        let c = kubelet::crash(rt, container, code, now).ok_or_else(|| match container {
            Some(c) => format!("container {c:?} of pod {name:?} is not running"),
            None => format!("pod {name:?} has no running container"),
        })?;
        self.explain("kubeplay", &uid, format!("container {c} was made to exit with code {code} (sim pod crash)"));
        self.queue.reschedule(now, Work::Kubelet(Key::new(ns, name)));
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use crate::shell::{exec, NoFiles};
    use crate::Cluster;

    fn pods_on_worker_1(names: std::ops::Range<usize>) -> String {
        names
            .map(|i| {
                format!(
                    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p-{i}\nspec:\n  nodeName: worker-1\n  \
                     containers:\n  - name: c\n    image: nginx\n---\n"
                )
            })
            .collect()
    }

    fn ips(c: &Cluster) -> Vec<String> {
        c.store().pods().filter(|p| !p.status.pod_ip.is_empty()).map(|p| p.status.pod_ip.clone()).collect()
    }

    #[test]
    fn pod_ips_stay_unique_on_a_node_as_its_addresses_wrap_around() {
        let mut c = Cluster::new(1);
        let mut next = 0;
        // Five rounds of 80 pods on one node, 400 addresses from its 253; each round keeps its last
        // five pods, whose addresses the later rounds must skip.
        for round in 0..5 {
            let yaml = pods_on_worker_1(next..next + 80);
            assert_eq!(exec(&mut c, "kubectl apply -f -", Some(&yaml), &NoFiles).exit_code, 0);
            assert_eq!(exec(&mut c, "sim settle", None, &NoFiles).exit_code, 0);
            let live = ips(&c);
            assert_eq!(live.len(), 80 + 5 * round, "round {round}");
            assert_eq!(live.iter().collect::<BTreeSet<_>>().len(), live.len(), "round {round}: {live:?}");
            assert!(live.iter().all(|ip| ip.starts_with("10.244.1.")), "{live:?}");
            for i in next..next + 75 {
                let line = format!("kubectl delete pod p-{i} --grace-period=0 --force");
                assert_eq!(exec(&mut c, &line, None, &NoFiles).exit_code, 0, "{line}");
            }
            next += 80;
        }
    }
}
