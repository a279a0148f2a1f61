//! Cluster DNS: the answers CoreDNS's kubernetes plugin gives for `cluster.local` names
//! (`<svc>.<ns>.svc.cluster.local` to the cluster IP, to the ready endpoints' IPs for a headless
//! Service, a CNAME for an ExternalName Service, `<a-b-c-d>.<ns>.pod.cluster.local`, reverse
//! lookups of service and endpoint IPs), printed as busybox 1.37's `nslookup` prints them.
//!
//! busybox's nslookup sends an A and an AAAA query; it tries the pod's search domains only for a
//! name without a dot (so `redis.default` is asked as is, and fails), prints each reply as it
//! arrives (here, in the order sent), and exits 1 if any reply was an error. Names outside the
//! cluster would be forwarded upstream; the playground has no Internet, so they fail with SERVFAIL.

use crate::json::Value;

use super::alloc::{format_v4, parse_v4};
use super::exec::ExecOutput;
use super::Cluster;
use crate::api::service::Service;
use crate::api::{Kind, Object};
use crate::controller::endpoints::{is_service_ip_set, SERVICE_NAME_LABEL};
use crate::store::Store;

/// Where pods send DNS queries (kind's kubelet `clusterDNS`).
pub const CLUSTER_DNS_IP: &str = "10.96.0.10";
/// The cluster's DNS domain (`clusterDomain`).
pub const CLUSTER_DOMAIN: &str = "cluster.local";

/// What a pod in `namespace` finds in its `/etc/resolv.conf` (dnsPolicy ClusterFirst).
pub fn resolv_conf(namespace: &str) -> String {
    format!(
        "search {namespace}.svc.{CLUSTER_DOMAIN} svc.{CLUSTER_DOMAIN} {CLUSTER_DOMAIN}\nnameserver {CLUSTER_DNS_IP}\noptions ndots:5\n"
    )
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum QType {
    A,
    Aaaa,
    Ptr,
}

/// One answer record.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Rr {
    A(String, String),
    Cname(String, String),
    Ptr(String, String),
}

/// Top-level domains common enough that a name under them is taken for an Internet name.
const PUBLIC_TLDS: &[&str] = &[
    "com", "net", "org", "edu", "gov", "mil", "int", "io", "dev", "app", "ai", "co", "cn", "de", "uk", "jp", "fr",
    "ru", "br", "in", "it", "nl", "eu", "info", "biz", "me", "tv", "us", "ca", "au", "xyz", "site", "online", "cloud",
    "tech", "sh", "ly", "gg", "to",
];

const NOERROR: u8 = 0;
const SERVFAIL: u8 = 2;
const NXDOMAIN: u8 = 3;

/// busybox's rcode names.
fn rcode_name(rcode: u8) -> &'static str {
    match rcode {
        0 => "NOERROR",
        1 => "FORMERR",
        2 => "SERVFAIL",
        3 => "NXDOMAIN",
        4 => "NOTIMP",
        _ => "REFUSED",
    }
}

/// The ready addresses of a Service's EndpointSlices, with the name each has under the Service
/// (its hostname, else its IP with dashes).
fn ready_endpoints(store: &Store, svc: &Service) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for o in store.list_in(Kind::EndpointSlice, &svc.metadata.namespace) {
        let Object::EndpointSlice(s) = o else { continue };
        if s.metadata.labels.get(SERVICE_NAME_LABEL) != Some(&svc.metadata.name) {
            continue;
        }
        for ep in s.endpoints.iter().flatten() {
            let ready = ep.get("conditions").and_then(|c| c.get("ready")).and_then(Value::as_bool).unwrap_or(true);
            if !ready {
                continue;
            }
            let host = ep.get("hostname").and_then(Value::as_str).map(str::to_string);
            for a in ep.get("addresses").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
                let label = host.clone().unwrap_or_else(|| a.replace('.', "-"));
                if !out.iter().any(|(ip, _)| ip == a) {
                    out.push((a.to_string(), label));
                }
            }
        }
    }
    out
}

/// The answer to one query, as CoreDNS gives it: `(rcode, records)`.
fn resolve(store: &Store, qname: &str, qtype: QType) -> (u8, Vec<Rr>) {
    let name = qname.trim_end_matches('.').to_ascii_lowercase();
    let answer = |ip: &str| Rr::A(qname.to_string(), ip.to_string());
    if qtype == QType::Ptr {
        return reverse(store, qname, &name);
    }
    let Some(rest) = name.strip_suffix(CLUSTER_DOMAIN).filter(|r| r.is_empty() || r.ends_with('.')) else {
        // Forwarded upstream: a name under no public top-level domain does not exist; a public
        // one would, but the playground cannot reach the Internet.
        let tld = name.rsplit('.').next().unwrap_or("");
        return (if PUBLIC_TLDS.contains(&tld) { SERVFAIL } else { NXDOMAIN }, Vec::new());
    };
    let labels: Vec<&str> = rest.trim_end_matches('.').split('.').filter(|l| !l.is_empty()).collect();
    match labels.as_slice() {
        [] | ["svc"] | ["pod"] => (NOERROR, Vec::new()),
        [ns, "svc"] | [ns, "pod"] => {
            if store.namespace("", ns).is_some() {
                (NOERROR, Vec::new())
            } else {
                (NXDOMAIN, Vec::new())
            }
        }
        [svc, ns, "svc"] => {
            let Some(s) = store.service(ns, svc) else { return (NXDOMAIN, Vec::new()) };
            if s.spec.type_ == "ExternalName" {
                let target = s.spec.external_name.trim_end_matches('.').to_string();
                return (NOERROR, vec![Rr::Cname(qname.to_string(), target)]);
            }
            if is_service_ip_set(s) {
                let ips: Vec<Rr> =
                    s.spec.cluster_ips.iter().filter(|ip| !ip.contains(':')).map(|ip| answer(ip)).collect();
                let ips = if ips.is_empty() { vec![answer(&s.spec.cluster_ip)] } else { ips };
                return (NOERROR, if qtype == QType::A { ips } else { Vec::new() });
            }
            let eps = ready_endpoints(store, s);
            if eps.is_empty() {
                return (NXDOMAIN, Vec::new());
            }
            (NOERROR, if qtype == QType::A { eps.iter().map(|(ip, _)| answer(ip)).collect() } else { Vec::new() })
        }
        [host, svc, ns, "svc"] => {
            let Some(s) = store.service(ns, svc).filter(|s| !is_service_ip_set(s) && s.spec.type_ != "ExternalName")
            else {
                return (NXDOMAIN, Vec::new());
            };
            let eps: Vec<(String, String)> =
                ready_endpoints(store, s).into_iter().filter(|(_, label)| label == host).collect();
            if eps.is_empty() {
                return (NXDOMAIN, Vec::new());
            }
            (NOERROR, if qtype == QType::A { eps.iter().map(|(ip, _)| answer(ip)).collect() } else { Vec::new() })
        }
        [dashed, _ns, "pod"] => match parse_v4(&dashed.replace('-', ".")) {
            Some(v) => (NOERROR, if qtype == QType::A { vec![answer(&format_v4(v))] } else { Vec::new() }),
            None => (NXDOMAIN, Vec::new()),
        },
        _ => (NXDOMAIN, Vec::new()),
    }
}

/// A PTR query: a service IP names its Service, an endpoint IP its name under its Service.
fn reverse(store: &Store, qname: &str, name: &str) -> (u8, Vec<Rr>) {
    let Some(octets) = name.strip_suffix(".in-addr.arpa") else { return (NXDOMAIN, Vec::new()) };
    let mut parts: Vec<&str> = octets.split('.').collect();
    parts.reverse();
    let Some(ip) = parse_v4(&parts.join(".")).map(format_v4) else { return (NXDOMAIN, Vec::new()) };
    let fqdn = |host: Option<&str>, s: &Service| {
        let prefix = host.map(|h| format!("{h}.")).unwrap_or_default();
        format!("{prefix}{}.{}.svc.{CLUSTER_DOMAIN}", s.metadata.name, s.metadata.namespace)
    };
    if let Some(s) = store.services().find(|s| s.spec.cluster_ips.contains(&ip) || s.spec.cluster_ip == ip) {
        return (NOERROR, vec![Rr::Ptr(qname.to_string(), fqdn(None, s))]);
    }
    for s in store.services() {
        if let Some((_, label)) = ready_endpoints(store, s).into_iter().find(|(a, _)| *a == ip) {
            return (NOERROR, vec![Rr::Ptr(qname.to_string(), fqdn(Some(&label), s))]);
        }
    }
    (NXDOMAIN, Vec::new())
}

/// The usage busybox prints for a bad command line.
const USAGE: &str = "Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n";

/// `nslookup ARGS...` run in a pod of `namespace`, as busybox 1.37 runs it.
pub fn nslookup_command(cluster: &Cluster, namespace: &str, args: &[String]) -> ExecOutput {
    let usage = || ExecOutput { stderr: USAGE.to_string(), exit_code: 1, ..ExecOutput::default() };
    let mut types: Vec<QType> = Vec::new();
    let mut rest: Vec<&String> = Vec::new();
    for a in args {
        if rest.is_empty() && a.starts_with('-') {
            let (opt, val) = a.trim_start_matches('-').split_once('=').unwrap_or((a.trim_start_matches('-'), ""));
            match opt {
                "type" | "querytype" | "query" | "q" => match val.to_ascii_lowercase().as_str() {
                    "a" => types.push(QType::A),
                    "aaaa" => types.push(QType::Aaaa),
                    "ptr" => types.push(QType::Ptr),
                    "any" => types.extend([QType::A, QType::Aaaa]),
                    _ => {
                        return ExecOutput {
                            stderr: format!("nslookup: invalid query type \"{val}\"\n"),
                            exit_code: 1,
                            ..ExecOutput::default()
                        }
                    }
                },
                "debug" | "port" | "retry" | "t" | "timeout" => {}
                _ => return usage(),
            }
        } else {
            rest.push(a);
        }
    }
    let (Some(host), server) = (rest.first(), rest.get(1)) else { return usage() };
    if rest.len() > 2 {
        return usage();
    }
    if server.is_some_and(|s| s.as_str() != CLUSTER_DNS_IP) {
        return ExecOutput {
            stdout: ";; connection timed out; no servers could be reached\n\n".into(),
            exit_code: 1,
            ..ExecOutput::default()
        };
    }
    let search =
        [format!("{namespace}.svc.{CLUSTER_DOMAIN}"), format!("svc.{CLUSTER_DOMAIN}"), CLUSTER_DOMAIN.to_string()];
    let mut queries: Vec<(String, QType)> = Vec::new();
    let ptr_name = parse_v4(host).map(|v| {
        let o = format_v4(v);
        let mut parts: Vec<&str> = o.split('.').collect();
        parts.reverse();
        format!("{}.in-addr.arpa", parts.join("."))
    });
    let add = |queries: &mut Vec<(String, QType)>, t: QType| {
        if t != QType::Ptr && !host.contains('.') {
            for d in &search {
                queries.push((format!("{host}.{d}"), t));
            }
        } else {
            queries.push((host.to_string(), t));
        }
    };
    if types.is_empty() {
        match &ptr_name {
            Some(p) => queries.push((p.clone(), QType::Ptr)),
            None => {
                add(&mut queries, QType::A);
                add(&mut queries, QType::Aaaa);
            }
        }
    } else {
        for t in types {
            match (t, &ptr_name) {
                (QType::Ptr, Some(p)) => queries.push((p.clone(), t)),
                _ => add(&mut queries, t),
            }
        }
    }
    let mut out = format!("Server:\t\t{CLUSTER_DNS_IP}\nAddress:\t{CLUSTER_DNS_IP}:53\n\n");
    let mut exit_code = 0;
    let mut found: Option<String> = None;
    let mut servfail = false;
    for (qname, qtype) in &queries {
        let (rcode, answers) = resolve(&cluster.store, qname, *qtype);
        if rcode != NOERROR {
            out.push_str(&format!("** server can't find {qname}: {}\n", rcode_name(rcode)));
            exit_code = 1;
            servfail |= rcode == SERVFAIL;
        } else {
            if !answers.is_empty() && found.is_none() {
                found = Some(qname.clone());
            }
            for rr in answers {
                match rr {
                    Rr::A(n, ip) => out.push_str(&format!("Name:\t{n}\nAddress: {ip}\n")),
                    Rr::Cname(n, t) => out.push_str(&format!("{n}\tcanonical name = {t}\n")),
                    Rr::Ptr(n, t) => out.push_str(&format!("{n}\tname = {t}\n")),
                }
            }
        }
        out.push('\n');
    }
    let hints = lookup_hints(cluster, namespace, host, found.as_deref(), exit_code != 0, servfail);
    ExecOutput { stdout: out, stderr: String::new(), exit_code, hints }
}

/// Advice for the lookups that surprise: the search domains busybox tries, names with a dot it
/// does not expand, names outside the cluster.
fn lookup_hints(
    cluster: &Cluster,
    namespace: &str,
    host: &str,
    found: Option<&str>,
    failed: bool,
    servfail: bool,
) -> Vec<String> {
    let mut hints = Vec::new();
    if failed && !host.contains('.') {
        if let Some(f) = found {
            hints.push(format!(
                "busybox's nslookup asks {host} under every search domain of the pod and exits 1 if any of them does not exist; the answer that counts is {f}"
            ));
        }
    }
    let lower = host.trim_end_matches('.').to_ascii_lowercase();
    if failed && found.is_none() && host.contains('.') && !lower.ends_with(CLUSTER_DOMAIN) && parse_v4(host).is_none() {
        let mut labels = lower.split('.');
        let svc = labels.next().unwrap_or("");
        let ns = labels.next().unwrap_or(namespace);
        if cluster.store.service(ns, svc).is_some() {
            hints.push(format!(
                "busybox's nslookup tries the search domains only for a name without a dot; ask for {svc}.{ns}.svc.{CLUSTER_DOMAIN}"
            ));
        } else if servfail {
            hints.push("the playground has no Internet: only names in cluster.local resolve".into());
        }
    }
    hints
}

/// What `nslookup NAME` prints in a pod of `namespace`.
pub fn nslookup(cluster: &Cluster, namespace: &str, name: &str) -> String {
    nslookup_command(cluster, namespace, &[name.to_string()]).stdout
}
