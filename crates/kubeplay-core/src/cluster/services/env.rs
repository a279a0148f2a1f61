//! The environment a container's processes see: the runtime's `PATH` and `HOSTNAME`, the
//! container's `env` as the kubelet resolves it (`$(VAR)` references, `fieldRef`s), then the
//! service variables (`REDIS_SERVICE_HOST`, `REDIS_PORT_6379_TCP_ADDR`, ...) of the Services that
//! existed when the container started (pkg/kubelet `makeEnvironmentVariables`,
//! `getServiceEnvVarMap`, pkg/kubelet/envvars `FromServices`).
//!
//! The kubelet fills both maps in Go map order, so real containers list these in no fixed order;
//! here the container's own variables come first, in their order, then the Services' by name.
//! Images' own `ENV` lines (nginx's `NGINX_VERSION`, ...) are not modelled.

use crate::json::Value;

use super::Cluster;
use crate::api::meta::Time;
use crate::api::pod::Pod;
use crate::api::service::Service;
use crate::controller::endpoints::is_service_ip_set;
use crate::store::Store;

/// The Services every pod gets variables for, whatever `enableServiceLinks` says.
const MASTER_SERVICES: [&str; 1] = ["kubernetes"];

/// `makeEnvVariableName`: upper case, dashes to underscores.
fn env_name(s: &str) -> String {
    s.replace('-', "_").to_ascii_uppercase()
}

/// `FromServices` for one Service: `_SERVICE_HOST`, `_SERVICE_PORT`, one `_SERVICE_PORT_<NAME>`
/// per named port, then the Docker-link variables (`_PORT`, `_PORT_<n>_<PROTO>`, `..._PROTO`,
/// `..._PORT`, `..._ADDR`).
///
/// Worked example: `redis` at 10.96.5.6 with port 6379/TCP gives `REDIS_SERVICE_HOST=10.96.5.6`,
/// `REDIS_SERVICE_PORT=6379`, `REDIS_PORT=tcp://10.96.5.6:6379`,
/// `REDIS_PORT_6379_TCP=tcp://10.96.5.6:6379`, `REDIS_PORT_6379_TCP_PROTO=tcp`,
/// `REDIS_PORT_6379_TCP_PORT=6379`, `REDIS_PORT_6379_TCP_ADDR=10.96.5.6`.
fn service_vars(svc: &Service) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Some(first) = svc.spec.ports.first() else { return out };
    let prefix = env_name(&svc.metadata.name);
    let ip = &svc.spec.cluster_ip;
    out.push((format!("{prefix}_SERVICE_HOST"), ip.clone()));
    out.push((format!("{prefix}_SERVICE_PORT"), first.port.to_string()));
    for p in svc.spec.ports.iter().filter(|p| !p.name.is_empty()) {
        out.push((format!("{prefix}_SERVICE_PORT_{}", env_name(&p.name)), p.port.to_string()));
    }
    for (i, p) in svc.spec.ports.iter().enumerate() {
        let protocol = if p.protocol.is_empty() { "TCP" } else { p.protocol.as_str() };
        let host_port = if ip.contains(':') { format!("[{ip}]:{}", p.port) } else { format!("{ip}:{}", p.port) };
        let url = format!("{}://{host_port}", protocol.to_ascii_lowercase());
        if i == 0 {
            out.push((format!("{prefix}_PORT"), url.clone()));
        }
        let pp = format!("{prefix}_PORT_{}_{}", p.port, protocol.to_ascii_uppercase());
        out.push((pp.clone(), url));
        out.push((format!("{pp}_PROTO"), protocol.to_ascii_lowercase()));
        out.push((format!("{pp}_PORT"), p.port.to_string()));
        out.push((format!("{pp}_ADDR"), ip.clone()));
    }
    out
}

/// The service variables of a container of `pod` started at `started` (`getServiceEnvVarMap`):
/// the `kubernetes` Service always, the other Services with a cluster IP in the pod's namespace
/// when `enableServiceLinks` is on, counting only Services that existed by then.
pub fn service_env(store: &Store, pod: &Pod, started: Option<Time>) -> Vec<(String, String)> {
    let links = pod.spec.enable_service_links != Some(false);
    let existed = |s: &Service| match (started, s.metadata.creation_timestamp) {
        (Some(t), Some(c)) => c.0 <= t.0,
        _ => true,
    };
    // By name, a Service of the pod's namespace (rank 0) over a master Service of the same name
    // in default (rank 1).
    let mut by_name: Vec<(&str, u8, &Service)> = Vec::new();
    for s in store.services().filter(|s| is_service_ip_set(s) && existed(s)) {
        let name = s.metadata.name.as_str();
        if s.metadata.namespace == "default" && MASTER_SERVICES.contains(&name) {
            by_name.push((name, 1, s));
        } else if s.metadata.namespace == pod.metadata.namespace && links {
            by_name.push((name, 0, s));
        }
    }
    by_name.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    by_name.dedup_by(|later, first| later.0 == first.0);
    by_name.iter().flat_map(|(_, _, s)| service_vars(s)).collect()
}

/// When the container named `container` (the first if None) started, or else the pod.
fn started_at(pod: &Pod, container: Option<&str>) -> Option<Time> {
    let name = container.or_else(|| pod.spec.containers.first().map(|c| c.name.as_str()));
    pod.status
        .container_statuses
        .iter()
        .find(|c| Some(c.name.as_str()) == name)
        .and_then(|c| c.state.running.as_ref().and_then(|r| r.started_at))
        .or(pod.status.start_time)
}

/// The service variables of the pod's first container, as of when it started.
pub fn env_for_pod(cluster: &Cluster, pod: &Pod) -> Vec<(String, String)> {
    service_env(&cluster.store, pod, started_at(pod, None))
}

/// `expansion.Expand`: `$(NAME)` becomes the value defined so far, `$$` a literal `$`; unknown
/// references stay as written.
fn expand(input: &str, defined: &[(String, String)]) -> String {
    let mut out = String::new();
    let mut rest = input;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(body) = after.strip_prefix('(') {
            match body.find(')') {
                Some(end) => {
                    let name = &body[..end];
                    match defined.iter().rev().find(|(k, _)| k == name) {
                        Some((_, v)) => out.push_str(v),
                        None => {
                            out.push_str("$(");
                            out.push_str(name);
                            out.push(')');
                        }
                    }
                    rest = &body[end + 1..];
                }
                None => {
                    out.push_str("$(");
                    rest = body;
                }
            }
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// A `fieldRef` value (`podFieldSelectorRuntimeValue`).
fn field_value(pod: &Pod, path: &str) -> Option<String> {
    let quoted = |prefix: &str| path.strip_prefix(prefix).and_then(|r| r.strip_suffix("']")).map(str::to_string);
    Some(match path {
        "metadata.name" => pod.metadata.name.clone(),
        "metadata.namespace" => pod.metadata.namespace.clone(),
        "metadata.uid" => pod.metadata.uid.clone(),
        "spec.nodeName" => pod.spec.node_name.clone(),
        "spec.serviceAccountName" => pod.spec.service_account_name.clone(),
        "status.hostIP" => pod.status.host_ip.to_string(),
        "status.hostIPs" => pod.status.host_ips.iter().map(|e| e.ip.clone()).collect::<Vec<_>>().join(","),
        "status.podIP" => pod.status.pod_ip.clone(),
        "status.podIPs" => pod.status.pod_ips.iter().map(|e| e.ip.clone()).collect::<Vec<_>>().join(","),
        _ => {
            if let Some(k) = quoted("metadata.labels['") {
                pod.metadata.labels.get(&k).cloned().unwrap_or_default()
            } else if let Some(k) = quoted("metadata.annotations['") {
                pod.metadata.annotations.get(&k).cloned().unwrap_or_default()
            } else {
                return None;
            }
        }
    })
}

/// What `printenv` shows in the container `container` (the first if None) of `pod`: `PATH`,
/// `HOSTNAME`, the container's variables, the service variables, `TERM` with a terminal, `HOME`.
pub fn container_env(cluster: &Cluster, pod: &Pod, container: Option<&str>, tty: bool) -> Vec<(String, String)> {
    let c = match container {
        Some(name) => pod.spec.containers.iter().find(|c| c.name == name),
        None => pod.spec.containers.first(),
    };
    let hostname = if pod.spec.hostname.is_empty() { pod.metadata.name.clone() } else { pod.spec.hostname.clone() };
    let mut out: Vec<(String, String)> = vec![
        ("PATH".into(), "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into()),
        ("HOSTNAME".into(), hostname),
    ];
    let services = service_env(&cluster.store, pod, started_at(pod, c.map(|c| c.name.as_str())));
    let mut own: Vec<(String, String)> = Vec::new();
    for e in c.map(|c| c.env.as_slice()).unwrap_or_default() {
        let value = match &e.value_from {
            None => {
                let mut defined = services.clone();
                defined.extend(own.iter().cloned());
                expand(&e.value, &defined)
            }
            Some(from) => match from.get("fieldRef").and_then(|f| f.get("fieldPath")).and_then(Value::as_str) {
                Some(path) => match field_value(pod, path) {
                    Some(v) => v,
                    None => continue,
                },
                None => continue,
            },
        };
        own.retain(|(k, _)| *k != e.name);
        own.push((e.name.clone(), value));
    }
    out.retain(|(k, _)| !own.iter().any(|(o, _)| o == k));
    out.extend(own.iter().cloned());
    out.extend(services.into_iter().filter(|(k, _)| !own.iter().any(|(o, _)| o == k)));
    if tty {
        out.push(("TERM".into(), "xterm".into()));
    }
    if !out.iter().any(|(k, _)| k == "HOME") {
        out.push(("HOME".into(), "/root".into()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_expand_to_values_defined_before_and_unknown_ones_stay() {
        let defined = vec![("A".to_string(), "1".to_string()), ("B".to_string(), "x".to_string())];
        let cases = [
            ("$(A)-$(B)", "1-x"),
            ("$(C)", "$(C)"),
            ("$$(A)", "$(A)"),
            ("cost $5", "cost $5"),
            ("open $(A", "open $(A"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(expand(input, &defined), want, "{input}");
        }
    }
}
