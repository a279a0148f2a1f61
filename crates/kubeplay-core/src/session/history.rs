//! What the page draws over time, kept by the session as its inputs run: each ReplicaSet's counts
//! at every moment they changed (the rollout chart), and where the last `sim traffic` run sent
//! its requests. Both follow from the inputs alone, so a loaded or rewound session rebuilds them
//! by replaying, and a share URL shows the same chart.

use crate::api::value::ToJson;

use crate::api::{Kind, Object};
use crate::cluster::services::TrafficCounts;
use crate::cluster::Cluster;
use crate::sim::SimTime;

/// At most this many points are kept per ReplicaSet (the oldest go first).
pub const MAX_POINTS: usize = 4000;

/// One ReplicaSet's counts from virtual time `t` on: `[t, spec.replicas, status.replicas,
/// status.availableReplicas]`.
pub type Point = [u64; 4];

/// One ReplicaSet's counts over virtual time.
#[derive(Clone, Debug, PartialEq, Eq, ToJson)]
pub struct Series {
    pub namespace: String,
    pub name: String,
    /// Oldest first; a point is added only when a count changed.
    pub points: Vec<Point>,
}

/// Every ReplicaSet's counts over virtual time, sampled whenever the store changed.
#[derive(Clone, Debug, Default)]
pub struct History {
    /// By namespace and name.
    series: Vec<Series>,
    /// The store's resourceVersion at the last sample: nothing to look at while it stays.
    seen: Option<u64>,
}

impl History {
    /// Records the counts of every ReplicaSet that changed since the last sample.
    pub fn sample(&mut self, cluster: &Cluster) {
        let rv = cluster.store().resource_version();
        if self.seen == Some(rv) {
            return;
        }
        self.seen = Some(rv);
        let t = cluster.now();
        for o in cluster.store().list(Kind::ReplicaSet) {
            let Object::ReplicaSet(rs) = o else { continue };
            let count = |n: i32| u64::try_from(n).unwrap_or(0);
            let point = [
                t,
                count(rs.spec.replicas.unwrap_or(1)),
                count(rs.status.replicas),
                count(rs.status.available_replicas),
            ];
            let (ns, name) = (rs.metadata.namespace.as_str(), rs.metadata.name.as_str());
            let i = match self.series.binary_search_by(|x| (x.namespace.as_str(), x.name.as_str()).cmp(&(ns, name))) {
                Ok(i) => i,
                Err(i) => {
                    let fresh = Series { namespace: ns.to_string(), name: name.to_string(), points: Vec::new() };
                    self.series.insert(i, fresh);
                    i
                }
            };
            let Some(Series { points, .. }) = self.series.get_mut(i) else { continue };
            match points.last_mut() {
                Some(last) if last[1..] == point[1..] => continue,
                // Several changes at one instant: the last one stands.
                Some(last) if last[0] == t => *last = point,
                _ => points.push(point),
            }
            if points.len() > MAX_POINTS {
                points.remove(0);
            }
        }
    }

    /// Every ReplicaSet ever seen, by namespace and name.
    pub fn series(&self) -> &[Series] {
        &self.series
    }
}

/// Moves virtual time on by `ms` as [`Cluster::run_for`] does, stopping at each moment work is
/// due to sample the counts (`run_for(a)` then `run_for(b)` is `run_for(a + b)`).
pub(super) fn run_for(cluster: &mut Cluster, history: &mut History, ms: SimTime) {
    let target = cluster.now().saturating_add(ms);
    history.sample(cluster);
    while let Some(t) = cluster.next_event_time() {
        if t > target {
            break;
        }
        let now = cluster.now();
        cluster.run_for(t.saturating_sub(now));
        history.sample(cluster);
    }
    let now = cluster.now();
    cluster.run_for(target.saturating_sub(now));
    history.sample(cluster);
}

/// Runs until quiet or `timeout_ms` as [`Cluster::settle`] does, sampling at each moment work was
/// due. Returns whether it went quiet.
pub(super) fn settle(cluster: &mut Cluster, history: &mut History, timeout_ms: SimTime) -> bool {
    let deadline = cluster.now().saturating_add(timeout_ms);
    cluster.process_due();
    history.sample(cluster);
    loop {
        if cluster.is_quiet() {
            return true;
        }
        let Some(t) = cluster.next_event_time() else {
            return true;
        };
        let now = cluster.now();
        if t > deadline {
            // Nothing is due before the deadline: time only moves there.
            cluster.run_for(deadline.saturating_sub(now));
            return false;
        }
        cluster.run_for(t.saturating_sub(now));
        history.sample(cluster);
    }
}

/// Requests of one `sim traffic` run through one Service.
#[derive(Clone, Debug, PartialEq, Eq, ToJson)]
#[kp(rename_all = "camelCase")]
pub struct TrafficView {
    pub namespace: String,
    pub service: String,
    /// Virtual time when the run began.
    pub at: SimTime,
    pub sent: u64,
    /// Requests refused because no endpoint was ready.
    pub no_endpoints: u64,
    /// Requests per pod, by pod name.
    pub pods: Vec<PodTrafficView>,
}

/// Requests one pod received in a run.
#[derive(Clone, Debug, PartialEq, Eq, ToJson)]
#[kp(rename_all = "camelCase")]
pub struct PodTrafficView {
    pub pod: String,
    /// `replicaset/web-7d4b9c`, empty for a bare pod.
    pub owner: String,
    /// The Deployment revision of the owning ReplicaSet, if any.
    pub revision: Option<String>,
    pub requests: u64,
    /// Of those, the ones the pod refused (nothing listens on the port).
    pub refused: u64,
}

/// A Service's traffic counts so far: namespace, name, counts.
pub(super) type Totals = Vec<(String, String, TrafficCounts)>;

/// Every Service's traffic counts so far (the cluster keeps them summed over all runs), by
/// namespace and name.
pub(super) fn traffic_totals(cluster: &Cluster) -> Totals {
    cluster
        .store()
        .list(Kind::Service)
        .filter_map(|o| {
            let (ns, name) = (o.namespace(), o.name());
            cluster.traffic_counts(ns, name).map(|c| (ns.to_string(), name.to_string(), c.clone()))
        })
        .collect()
}

/// What a command sent through a Service: the counts after it less those before.
pub(super) fn traffic_run(before: &Totals, cluster: &Cluster, at: SimTime) -> Option<TrafficView> {
    let empty = TrafficCounts::default();
    traffic_totals(cluster).into_iter().rev().find_map(|(namespace, service, now)| {
        let was =
            before.iter().find(|(n, s, _)| *n == namespace && *s == service).map_or(&empty, |(_, _, counts)| counts);
        if now.sent == was.sent {
            return None;
        }
        let pods = now
            .pods
            .iter()
            .filter_map(|(pod, t)| {
                let (requests, refused) = match was.pods.get(pod) {
                    Some(w) => (t.requests - w.requests.min(t.requests), t.refused - w.refused.min(t.refused)),
                    None => (t.requests, t.refused),
                };
                (requests > 0).then(|| PodTrafficView {
                    pod: pod.clone(),
                    owner: t.owner.clone(),
                    revision: t.revision.clone(),
                    requests,
                    refused,
                })
            })
            .collect();
        Some(TrafficView {
            namespace,
            service,
            at,
            sent: now.sent - was.sent.min(now.sent),
            no_endpoints: now.no_endpoints - was.no_endpoints.min(now.no_endpoints),
            pods,
        })
    })
}
