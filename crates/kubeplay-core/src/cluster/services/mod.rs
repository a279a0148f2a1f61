//! Services as the cluster around them serves them: cluster IP and node port allocation in the
//! apiserver (`alloc`), the `kubernetes` Service every cluster has, cluster DNS as CoreDNS answers
//! it and busybox's `nslookup` prints it (`dns`), the service variables the kubelet puts in every
//! container's environment (`env`), the few commands `kubectl exec` runs here (`exec`), and
//! simulated client traffic spread over a Service's endpoints as kube-proxy spreads it (`traffic`).
//!
//! Decisions: the cluster has the `kubernetes` Service (10.96.0.1:443, its endpoints the
//! control-plane nodes on 6443) but no `kube-dns` Service or CoreDNS pods: DNS is answered by the
//! simulation itself, at the address pods are told (10.96.0.10, kind's `clusterDNS`).

mod alloc;
mod dns;
mod env;
mod exec;
mod traffic;

use crate::json::json;

use super::Cluster;
use crate::api::Kind;
use crate::controller::endpoints::{self, Member, SERVICE_NAME_LABEL, SKIP_MIRROR_LABEL};
use crate::sim::Rng;
use crate::store::Key;

pub use alloc::{format_v4, parse_v4, NODE_PORT_MAX, NODE_PORT_MIN, SERVICE_CIDR};
pub use dns::{nslookup, nslookup_command, resolv_conf, CLUSTER_DNS_IP, CLUSTER_DOMAIN};
pub use env::{container_env, env_for_pod, service_env};
pub use exec::{exec_builtin, ExecOutput};
pub use traffic::{format_run, traffic_command, PodTraffic, TrafficCounts, TrafficRun};

/// What the Service machinery remembers between requests: its own random streams (so that
/// allocating an IP or sending traffic does not shift the names pods get) and the traffic sent.
#[derive(Debug)]
pub struct ServiceState {
    pub(crate) alloc_rng: Rng,
    pub(crate) traffic_rng: Rng,
    /// Requests sent through each Service so far (the few Services `sim traffic` was run on).
    pub(crate) traffic: Vec<(Key, TrafficCounts)>,
    /// The pod each Service with ClientIP session affinity sends the simulated client to.
    pub(crate) affinity: Vec<(Key, String)>,
    /// What the stored Services hold, for the allocators: each cluster IP (as its allocator
    /// offset) and node port, with how many Services hold it (`alloc`).
    pub(crate) allocated: alloc::Allocated,
}

/// Salts that give each stream its own sequence from the cluster's seed.
const ALLOC_SALT: u64 = 0x5345_5256_4943_4549;
const TRAFFIC_SALT: u64 = 0x5452_4146_4649_4321;
const BOOTSTRAP_SALT: u64 = 0x424f_4f54_5354_5250;

impl ServiceState {
    pub fn new(seed: u64) -> ServiceState {
        ServiceState {
            alloc_rng: Rng::new(seed ^ ALLOC_SALT),
            traffic_rng: Rng::new(seed ^ TRAFFIC_SALT),
            traffic: Vec::new(),
            affinity: Vec::new(),
            allocated: alloc::Allocated::default(),
        }
    }
}

/// Creates what the apiserver creates when it first starts: the `kubernetes` Service, its
/// Endpoints and its EndpointSlice (filled in once control-plane nodes register). Their uids come
/// from a stream of their own, so clusters with or without them draw the same pod names.
pub(crate) fn bootstrap(c: &mut Cluster) {
    let bootstrap_rng = Rng::new(c.seed() ^ BOOTSTRAP_SALT);
    let main = std::mem::replace(&mut c.rng, bootstrap_rng);
    let (ns, name) = ("default", "kubernetes");
    let _ = c.create_value(Kind::Service, endpoints::master_service_value(), false);
    let ep = json!({"metadata": {"name": name, "namespace": ns, "labels": {SKIP_MIRROR_LABEL: "true"}}});
    let _ = c.create_value(Kind::Endpoints, ep, false);
    let slice = json!({
        "metadata": {"name": name, "namespace": ns, "labels": {SERVICE_NAME_LABEL: name}},
        "addressType": "IPv4",
        "ports": [{"name": "https", "port": endpoints::MASTER_ENDPOINT_PORT, "protocol": "TCP"}]
    });
    let _ = c.create_value(Kind::EndpointSlice, slice, false);
    c.rng = main;
}

impl Cluster {
    /// Pod by pod, what the Service's endpoints hold and why a pod is left out (not ready,
    /// terminating, no IP, no such port, labels that differ). Empty if there is no such Service.
    pub fn service_membership(&self, namespace: &str, name: &str) -> Vec<Member> {
        match self.store.service(namespace, name) {
            Some(svc) => endpoints::membership(&self.store, svc),
            None => Vec::new(),
        }
    }

    /// The requests `sim traffic` has sent through a Service so far, per pod.
    pub fn traffic_counts(&self, namespace: &str, name: &str) -> Option<&TrafficCounts> {
        let key = Key::new(namespace, name);
        self.services.traffic.iter().find(|(k, _)| *k == key).map(|(_, c)| c)
    }
}

#[cfg(test)]
mod tests;
