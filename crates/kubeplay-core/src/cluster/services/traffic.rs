//! Simulated client traffic through a Service, spread as kube-proxy's iptables mode spreads it:
//! each new connection goes to one of the Service's ready endpoints at random, all equally likely
//! (pkg/proxy/iptables `writeServiceToEndpointRules`: `--probability 1/n`, then `1/(n-1)`, ...);
//! when none is ready, to the endpoints that are terminating but still serving
//! (pkg/proxy `CategorizeEndpoints`); when there is none at all, the connection is refused. With
//! `sessionAffinity: ClientIP` the one simulated client keeps its endpoint while it stays ready.
//! A request to a pod whose container does not listen on the target port is refused by the pod.
//!
//! Counts are kept per Service and pod, with the pod's owner (its ReplicaSet and the Deployment
//! revision that ReplicaSet is), so a canary's share of the traffic becomes a number.

use std::collections::BTreeMap;

use crate::json::Value;

use super::Cluster;
use crate::api::pod::Pod;
use crate::api::service::Service;
use crate::api::{Kind, Object};
use crate::controller::endpoints::SERVICE_NAME_LABEL;
use crate::controller::kubelet::program::image_info;
use crate::kubectl::printers::tabwriter::TabWriter;
use crate::sim::{format_go_duration, SimTime};
use crate::store::Key;

/// Requests one pod received.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodTraffic {
    /// Requests sent to the pod.
    pub requests: u64,
    /// Of those, the ones the pod refused (nothing listens on the port).
    pub refused: u64,
    /// The pod's controller as `kind/name` (`replicaset/web-7d4b9c`), empty for a bare pod.
    pub owner: String,
    /// The Deployment revision of the owning ReplicaSet, if it has one.
    pub revision: Option<String>,
}

/// Requests sent through one Service.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrafficCounts {
    pub sent: u64,
    /// Requests refused because the Service had no endpoint to send them to.
    pub no_endpoints: u64,
    pub pods: BTreeMap<String, PodTraffic>,
}

impl TrafficCounts {
    fn add(&mut self, other: &TrafficCounts) {
        self.sent += other.sent;
        self.no_endpoints += other.no_endpoints;
        for (pod, t) in &other.pods {
            let e = self.pods.entry(pod.clone()).or_default();
            e.requests += t.requests;
            e.refused += t.refused;
            e.owner.clone_from(&t.owner);
            e.revision.clone_from(&t.revision);
        }
    }

    /// Requests grouped by owner (`replicaset/x`, or `pod/x` for a bare pod): `(owner, revision,
    /// pods, requests)`.
    pub fn by_owner(&self) -> Vec<(String, Option<String>, usize, u64)> {
        // Each pod as a group of its own, sorted by owner (stably: pods stay in name order), then
        // runs of one owner merged, the last pod's revision kept.
        let mut pods: Vec<(String, Option<String>, usize, u64)> = Vec::with_capacity(self.pods.len());
        for (pod, t) in &self.pods {
            let owner = if t.owner.is_empty() { format!("pod/{pod}") } else { t.owner.clone() };
            pods.push((owner, t.revision.clone(), 1, t.requests));
        }
        pods.sort_by(|a, b| a.0.cmp(&b.0));
        let mut groups: Vec<(String, Option<String>, usize, u64)> = Vec::new();
        for (owner, revision, n, requests) in pods {
            match groups.last_mut() {
                Some(g) if g.0 == owner => {
                    g.1 = revision;
                    g.2 += n;
                    g.3 += requests;
                }
                _ => groups.push((owner, revision, n, requests)),
            }
        }
        groups
    }
}

/// One `sim traffic` run: where its requests went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrafficRun {
    pub namespace: String,
    pub service: String,
    /// `ip:port/PROTO` the client connected to.
    pub target: String,
    pub duration_ms: SimTime,
    pub counts: TrafficCounts,
}

/// An endpoint a connection can go to.
struct Backend {
    pod: String,
    port: i32,
}

/// The endpoints kube-proxy programs for the Service's first port: ready ones, else serving
/// terminating ones. From the EndpointSlices, or from the Endpoints of a Service whose slices
/// nothing mirrors.
fn backends(cluster: &Cluster, svc: &Service) -> Vec<Backend> {
    let Some(sp) = svc.spec.ports.first() else { return Vec::new() };
    let ns = &svc.metadata.namespace;
    let mut ready = Vec::new();
    let mut serving_terminating = Vec::new();
    let mut any_slice = false;
    for o in cluster.store.list_in(Kind::EndpointSlice, ns) {
        let Object::EndpointSlice(s) = o else { continue };
        if s.metadata.labels.get(SERVICE_NAME_LABEL) != Some(&svc.metadata.name) {
            continue;
        }
        any_slice = true;
        let port = s
            .ports
            .iter()
            .flatten()
            .find(|p| p.get("name").and_then(Value::as_str).unwrap_or("") == sp.name)
            .and_then(|p| p.get("port").and_then(Value::as_i64))
            .and_then(|p| i32::try_from(p).ok());
        let Some(port) = port else { continue };
        for ep in s.endpoints.iter().flatten() {
            let cond = |k: &str| ep.get("conditions").and_then(|c| c.get(k)).and_then(Value::as_bool);
            let pod = ep.get("targetRef").and_then(|t| t.get("name")).and_then(Value::as_str).unwrap_or("").to_string();
            if cond("ready").unwrap_or(true) {
                ready.push(Backend { pod, port });
            } else if cond("serving").unwrap_or(false) && cond("terminating").unwrap_or(false) {
                serving_terminating.push(Backend { pod, port });
            }
        }
    }
    if !any_slice {
        if let Some(ep) = cluster.store.endpoints(ns, &svc.metadata.name) {
            for s in &ep.subsets {
                let Some(port) = s.ports.iter().find(|p| p.name == sp.name).map(|p| p.port) else { continue };
                for a in &s.addresses {
                    let pod = a.target_ref.as_ref().and_then(|t| t.get("name")).and_then(Value::as_str).unwrap_or("");
                    ready.push(Backend { pod: pod.to_string(), port });
                }
            }
        }
    }
    if ready.is_empty() {
        serving_terminating
    } else {
        ready
    }
}

/// Whether something in the pod listens on `port`: a server image listening there (an image
/// kubeplay does not know listens wherever asked), and not a container that has stopped.
fn listens(pod: Option<&Pod>, port: i32) -> bool {
    let Some(pod) = pod else { return true };
    pod.spec.containers.iter().any(|c| {
        let running = pod.status.container_statuses.iter().any(|s| s.name == c.name && s.state.running.is_some());
        let info = image_info(&c.image);
        let declared = c.ports.iter().any(|p| p.container_port == port);
        running
            && info.server
            && (info.ports.is_empty() || info.ports.iter().any(|p| i32::from(*p) == port) || declared)
    })
}

/// The pod's owner for the traffic table, and the Deployment revision of a ReplicaSet owner.
fn owner_of(cluster: &Cluster, pod: Option<&Pod>) -> (String, Option<String>) {
    let Some(r) = pod.and_then(|p| p.metadata.controller_ref()) else { return (String::new(), None) };
    let revision = if r.kind == "ReplicaSet" {
        pod.and_then(|p| cluster.store.replica_set(&p.metadata.namespace, &r.name))
            .and_then(|rs| rs.metadata.annotations.get("deployment.kubernetes.io/revision").cloned())
    } else {
        None
    };
    (format!("{}/{}", r.kind.to_ascii_lowercase(), r.name), revision)
}

impl Cluster {
    /// `sim traffic`: `rps` requests a second for `duration_ms` through the Service, virtual time
    /// moving on second by second so that endpoints change under the traffic as they would.
    pub fn send_traffic(
        &mut self,
        namespace: &str,
        name: &str,
        rps: u64,
        duration_ms: SimTime,
    ) -> Result<TrafficRun, String> {
        let Some(svc) = self.store.service(namespace, name).cloned() else {
            return Err(format!("services \"{name}\" not found"));
        };
        if svc.spec.type_ == "ExternalName" {
            return Err(format!(
                "service/{name} is an ExternalName Service: clients resolve it to {} and kube-proxy does not route it",
                svc.spec.external_name
            ));
        }
        let Some(first) = svc.spec.ports.first() else {
            return Err(format!("service/{name} has no ports to send requests to"));
        };
        let proto = if first.protocol.is_empty() { "TCP" } else { first.protocol.as_str() };
        let target = if svc.spec.cluster_ip == "None" {
            format!("{name}:{}/{proto} (headless: straight to the pods)", first.port)
        } else {
            format!("{}:{}/{proto}", svc.spec.cluster_ip, first.port)
        };
        let key = Key::new(namespace, name);
        let affinity = svc.spec.extra.get("sessionAffinity").and_then(Value::as_str) == Some("ClientIP");
        let mut counts = TrafficCounts::default();
        let mut elapsed: SimTime = 0;
        while elapsed < duration_ms {
            let step = (duration_ms - elapsed).min(1000);
            // Requests are spread evenly: those due by the end of this second less those already sent.
            let n = rps.saturating_mul(elapsed + step) / 1000 - rps.saturating_mul(elapsed) / 1000;
            let live = backends(self, &svc);
            for _ in 0..n {
                counts.sent += 1;
                if live.is_empty() {
                    counts.no_endpoints += 1;
                    continue;
                }
                let sticky = if affinity {
                    let kept = self.services.affinity.iter().find(|(k, _)| *k == key);
                    kept.and_then(|(_, p)| live.iter().position(|b| b.pod == *p))
                } else {
                    None
                };
                let i = match sticky {
                    Some(i) => i,
                    None => self.services.traffic_rng.below(live.len() as u64) as usize,
                };
                let Some(b) = live.get(i) else { continue };
                if affinity {
                    match self.services.affinity.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, p)) => p.clone_from(&b.pod),
                        None => self.services.affinity.push((key.clone(), b.pod.clone())),
                    }
                }
                let pod = self.store.pod(namespace, &b.pod);
                let refused = !listens(pod, b.port);
                let (owner, revision) = owner_of(self, pod);
                let t = counts.pods.entry(b.pod.clone()).or_default();
                t.requests += 1;
                t.refused += u64::from(refused);
                t.owner = owner;
                t.revision = revision;
            }
            self.run_for(step);
            elapsed += step;
        }
        match self.services.traffic.iter_mut().find(|(k, _)| *k == key) {
            Some((_, total)) => total.add(&counts),
            None => {
                let mut total = TrafficCounts::default();
                total.add(&counts);
                self.services.traffic.push((key, total));
            }
        }
        Ok(TrafficRun { namespace: namespace.to_string(), service: name.to_string(), target, duration_ms, counts })
    }
}

/// Percent with one decimal, as the table prints shares.
fn share(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0.0%".into();
    }
    let tenths = (part * 1000 + whole / 2) / whole;
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// What `sim traffic` prints: a summary line, requests per pod, and per owner when the pods
/// have more than one.
pub fn format_run(run: &TrafficRun) -> String {
    let c = &run.counts;
    let refused_by_pods: u64 = c.pods.values().map(|t| t.refused).sum();
    let answered = c.sent.saturating_sub(c.no_endpoints).saturating_sub(refused_by_pods);
    let mut out = format!(
        "sent {} requests to service/{} ({}) over {}: {} answered",
        c.sent,
        run.service,
        run.target,
        format_go_duration(run.duration_ms),
        answered
    );
    if c.no_endpoints > 0 {
        out.push_str(&format!(", {} refused: no ready endpoints", c.no_endpoints));
    }
    if refused_by_pods > 0 {
        out.push_str(&format!(", {refused_by_pods} refused by pods that do not listen on the target port"));
    }
    out.push('\n');
    if c.pods.is_empty() {
        return out;
    }
    let mut w = TabWriter::for_get();
    w.write("POD\tOWNER\tREQUESTS\tSHARE\n");
    for (pod, t) in &c.pods {
        let owner = if t.owner.is_empty() { "<none>".to_string() } else { t.owner.clone() };
        let requests =
            if t.refused > 0 { format!("{} ({} refused)", t.requests, t.refused) } else { t.requests.to_string() };
        w.write(&format!("{pod}\t{owner}\t{requests}\t{}\n", share(t.requests, c.sent)));
    }
    out.push_str(&w.flush());
    let groups = c.by_owner();
    if groups.len() > 1 && c.pods.values().any(|t| !t.owner.is_empty()) {
        let mut w = TabWriter::for_get();
        w.write("OWNER\tREVISION\tPODS\tREQUESTS\tSHARE\n");
        for (owner, revision, pods, requests) in groups {
            let rev = revision.unwrap_or_else(|| "<none>".into());
            w.write(&format!("{owner}\t{rev}\t{pods}\t{requests}\t{}\n", share(requests, c.sent)));
        }
        out.push('\n');
        out.push_str(&w.flush());
    }
    out
}

/// `sim traffic SERVICE --rps N [--for DURATION] [-n NAMESPACE]`: sends the traffic and returns
/// the table to print, or what was wrong with the command.
pub fn traffic_command(cluster: &mut Cluster, argv: &[String]) -> Result<String, String> {
    use crate::kubectl::args::{self, Flag};
    let flags = [Flag::int("rps", None), Flag::string("for", None), Flag::string("namespace", Some('n'))];
    let p =
        args::parse("sim traffic", &flags, argv).map_err(|e| e.replace("\nSee 'sim traffic --help' for usage.", ""))?;
    let usage = "traffic needs a SERVICE and --rps N, e.g. sim traffic web --rps 100 --for 10s";
    let Some(target) = p.args.first() else { return Err(usage.into()) };
    let name = match target.split_once('/') {
        Some(("svc" | "service" | "services", n)) => n,
        Some((t, _)) => return Err(format!("traffic goes through a Service, not a {t}: {usage}")),
        None => target.as_str(),
    };
    let rps = match p.int("rps") {
        Some(n) if n > 0 && n <= 100_000 => n as u64,
        Some(_) => return Err("--rps must be between 1 and 100000".into()),
        None => return Err(usage.into()),
    };
    let duration = match p.get("for") {
        None => 1000,
        Some(d) => crate::sim::parse_duration(d)
            .filter(|ms| *ms > 0)
            .ok_or_else(|| format!("invalid duration {d:?}: use forms like 500ms, 30s, 5m, 1h"))?,
    };
    if duration > 3_600_000 {
        return Err("traffic is limited to one hour of virtual time per command".into());
    }
    let ns = p.get("namespace").unwrap_or("default").to_string();
    let run = cluster.send_traffic(&ns, name, rps, duration)?;
    Ok(format_run(&run).trim_end().to_string())
}
