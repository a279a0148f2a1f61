//! The columns `kubectl get` prints per kind, and how each cell is computed, as the apiserver's
//! table printers compute them (pkg/printers/internalversion/printers.go, v1.32).

use crate::api::apps::{DaemonSet, Deployment, ReplicaSet, ReplicationController};
use crate::api::batch::{CronJob, Job};
use crate::api::event::Event;
use crate::api::meta::{format_labels, Time};
use crate::api::node::{Namespace, Node};
use crate::api::pod::{Pod, PodTemplateSpec};
use crate::api::service::{EndpointSlice, Endpoints, Service};
use crate::api::{Kind, Object};

use super::duration::human;

/// The column headers of `kind` (with `-o wide` columns when `wide`).
pub fn headers(kind: Kind, wide: bool) -> Vec<&'static str> {
    let (base, extra): (&[&str], &[&str]) = match kind {
        Kind::Pod => {
            (&["NAME", "READY", "STATUS", "RESTARTS", "AGE"], &["IP", "NODE", "NOMINATED NODE", "READINESS GATES"])
        }
        Kind::ReplicaSet | Kind::ReplicationController => {
            (&["NAME", "DESIRED", "CURRENT", "READY", "AGE"], &["CONTAINERS", "IMAGES", "SELECTOR"])
        }
        Kind::Deployment => {
            (&["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], &["CONTAINERS", "IMAGES", "SELECTOR"])
        }
        Kind::DaemonSet => (
            &["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        Kind::Job => (&["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"], &["CONTAINERS", "IMAGES", "SELECTOR"]),
        Kind::CronJob => (
            &["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        Kind::Service => (&["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], &["SELECTOR"]),
        Kind::Endpoints => (&["NAME", "ENDPOINTS", "AGE"], &[]),
        Kind::EndpointSlice => (&["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], &[]),
        Kind::Node => (
            &["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
            &["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"],
        ),
        Kind::Namespace => (&["NAME", "STATUS", "AGE"], &[]),
        Kind::ControllerRevision => (&["NAME", "CONTROLLER", "REVISION", "AGE"], &[]),
        Kind::Event => (
            &["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
            &["LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN", "COUNT", "NAME"],
        ),
    };
    let mut h = if wide && kind == Kind::Event { Vec::new() } else { base.to_vec() };
    if wide {
        h.extend_from_slice(extra);
    }
    h
}

/// The age of an object at `now`.
pub fn age(created: Option<Time>, now: Time) -> String {
    match created {
        Some(t) => human(now.0 - t.0),
        None => "<unknown>".into(),
    }
}

fn or_none(s: &str) -> String {
    if s.is_empty() {
        "<none>".into()
    } else {
        s.to_string()
    }
}

/// CONTAINERS, IMAGES of a pod template.
fn containers_images(t: &PodTemplateSpec) -> (String, String) {
    let names: Vec<&str> = t.spec.containers.iter().map(|c| c.name.as_str()).collect();
    let images: Vec<&str> = t.spec.containers.iter().map(|c| c.image.as_str()).collect();
    (names.join(","), images.join(","))
}

/// The cells of one object's row.
pub fn row(obj: &Object, now: Time, wide: bool) -> Vec<String> {
    match obj {
        Object::Pod(p) => pod_row(p, now, wide),
        Object::ReplicaSet(rs) => rs_row(rs, now, wide),
        Object::ReplicationController(rc) => rc_row(rc, now, wide),
        Object::Deployment(d) => deploy_row(d, now, wide),
        Object::DaemonSet(ds) => ds_row(ds, now, wide),
        Object::Job(j) => job_row(j, now, wide),
        Object::CronJob(cj) => cronjob_row(cj, now, wide),
        Object::Service(s) => service_row(s, now, wide),
        Object::Endpoints(e) => endpoints_row(e, now),
        Object::EndpointSlice(e) => endpointslice_row(e, now),
        Object::Node(n) => node_row(n, now, wide),
        Object::Namespace(ns) => namespace_row(ns, now),
        Object::ControllerRevision(cr) => {
            let controller = cr
                .metadata
                .controller_ref()
                .map(|o| format!("{}/{}", controller_kind_group(&o.kind, &o.api_version), o.name))
                .unwrap_or_else(|| "<none>".into());
            vec![
                cr.metadata.name.clone(),
                controller,
                cr.revision.to_string(),
                age(cr.metadata.creation_timestamp, now),
            ]
        }
        Object::Event(e) => event_row(e, now, wide),
    }
}

fn controller_kind_group(kind: &str, api_version: &str) -> String {
    let lower = kind.to_ascii_lowercase();
    match api_version.split_once('/') {
        Some((group, _)) => format!("{lower}.{group}"),
        None => lower,
    }
}

/// `printPod`: READY, STATUS, RESTARTS as kubectl derives them.
pub fn pod_row(pod: &Pod, now: Time, wide: bool) -> Vec<String> {
    let (ready, total, reason, restarts, last_restart) = pod_status(pod);
    let restarts_cell = match last_restart {
        Some(t) if restarts > 0 => format!("{restarts} ({} ago)", human(now.0 - t.0)),
        _ => restarts.to_string(),
    };
    let mut row = vec![
        pod.metadata.name.clone(),
        format!("{ready}/{total}"),
        reason,
        restarts_cell,
        age(pod.metadata.creation_timestamp, now),
    ];
    if wide {
        row.push(or_none(&pod.status.pod_ip));
        row.push(or_none(&pod.spec.node_name));
        row.push(or_none(&pod.status.nominated_node_name));
        let gates = pod.spec.extra.get("readinessGates").and_then(|g| g.as_array()).map_or(0, Vec::len);
        if gates == 0 {
            row.push("<none>".into());
        } else {
            let true_count = pod.spec.extra.get("readinessGates").and_then(|g| g.as_array()).map_or(0, |gs| {
                gs.iter()
                    .filter(|g| {
                        let t = g.get("conditionType").and_then(|v| v.as_str()).unwrap_or("");
                        pod.condition(t).is_some_and(|c| c.status == "True")
                    })
                    .count()
            });
            row.push(format!("{true_count}/{gates}"));
        }
    }
    row
}

/// (ready containers, total containers, STATUS, restarts, last restart) of a pod.
pub fn pod_status(pod: &Pod) -> (usize, usize, String, i32, Option<Time>) {
    let mut restarts = 0;
    let mut total = pod.spec.containers.len();
    let mut ready = 0;
    let mut last_restart: Option<Time> = None;
    let mut reason =
        if pod.status.reason.is_empty() { pod.status.phase.to_string() } else { pod.status.reason.to_string() };
    if pod.status.conditions.iter().any(|c| c.type_ == "PodScheduled" && c.reason == "SchedulingGated") {
        reason = "SchedulingGated".into();
    }
    let restartable = |name: &str| {
        pod.spec.init_containers.iter().any(|c| c.name == name && c.restart_policy.as_deref() == Some("Always"))
    };
    total += pod.spec.init_containers.iter().filter(|c| c.restart_policy.as_deref() == Some("Always")).count();
    let mut initializing = false;
    let mut restartable_restarts = 0;
    let mut restartable_last: Option<Time> = None;
    for (i, c) in pod.status.init_container_statuses.iter().enumerate() {
        restarts += c.restart_count;
        if let Some(t) = c.last_state.terminated.as_ref().and_then(|t| t.finished_at) {
            if last_restart.is_none_or(|l| l < t) {
                last_restart = Some(t);
            }
        }
        if restartable(&c.name) {
            restartable_restarts += c.restart_count;
            if let Some(t) = c.last_state.terminated.as_ref().and_then(|t| t.finished_at) {
                if restartable_last.is_none_or(|l| l < t) {
                    restartable_last = Some(t);
                }
            }
        }
        if let Some(t) = &c.state.terminated {
            if t.exit_code == 0 {
                continue;
            }
        }
        if restartable(&c.name) && c.started == Some(true) {
            if c.ready {
                ready += 1;
            }
            continue;
        }
        if let Some(t) = &c.state.terminated {
            reason = if t.reason.is_empty() {
                match t.signal {
                    Some(s) if s != 0 => format!("Init:Signal:{s}"),
                    _ => format!("Init:ExitCode:{}", t.exit_code),
                }
            } else {
                format!("Init:{}", t.reason)
            };
        } else if let Some(w) =
            c.state.waiting.as_ref().filter(|w| !w.reason.is_empty() && w.reason != "PodInitializing")
        {
            reason = format!("Init:{}", w.reason);
        } else {
            reason = format!("Init:{i}/{}", pod.spec.init_containers.len());
        }
        initializing = true;
        break;
    }
    let initialized = pod.condition("Initialized").is_some_and(|c| c.status == "True");
    if !initializing || initialized {
        restarts = restartable_restarts;
        last_restart = restartable_last;
        let mut has_running = false;
        for c in pod.status.container_statuses.iter().rev() {
            restarts += c.restart_count;
            if let Some(t) = c.last_state.terminated.as_ref().and_then(|t| t.finished_at) {
                if last_restart.is_none_or(|l| l < t) {
                    last_restart = Some(t);
                }
            }
            if let Some(w) = c.state.waiting.as_ref().filter(|w| !w.reason.is_empty()) {
                reason = w.reason.clone();
            } else if let Some(t) = &c.state.terminated {
                reason = if !t.reason.is_empty() {
                    t.reason.clone()
                } else {
                    match t.signal {
                        Some(s) if s != 0 => format!("Signal:{s}"),
                        _ => format!("ExitCode:{}", t.exit_code),
                    }
                };
            } else if c.ready && c.state.running.is_some() {
                has_running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && has_running {
            reason =
                if pod.condition("Ready").is_some_and(|c| c.status == "True") { "Running" } else { "NotReady" }.into();
        }
    }
    if pod.metadata.deletion_timestamp.is_some() && pod.status.reason == "NodeLost" {
        reason = "Unknown".into();
    } else if pod.metadata.deletion_timestamp.is_some() && !pod.is_terminal() {
        reason = "Terminating".into();
    }
    (ready, total, reason, restarts, last_restart)
}

fn rs_row(rs: &ReplicaSet, now: Time, wide: bool) -> Vec<String> {
    let mut row = vec![
        rs.metadata.name.clone(),
        rs.spec.replicas.unwrap_or(1).to_string(),
        rs.status.replicas.to_string(),
        rs.status.ready_replicas.to_string(),
        age(rs.metadata.creation_timestamp, now),
    ];
    if wide {
        let (c, i) = containers_images(&rs.spec.template);
        row.extend([c, i, rs.spec.selector.to_selector_string()]);
    }
    row
}

fn rc_row(rc: &ReplicationController, now: Time, wide: bool) -> Vec<String> {
    let mut row = vec![
        rc.metadata.name.clone(),
        rc.spec.replicas.unwrap_or(1).to_string(),
        rc.status.replicas.to_string(),
        rc.status.ready_replicas.to_string(),
        age(rc.metadata.creation_timestamp, now),
    ];
    if wide {
        let (c, i) = rc.spec.template.as_ref().map(containers_images).unwrap_or_default();
        row.extend([c, i, format_labels(&rc.spec.selector)]);
    }
    row
}

fn deploy_row(d: &Deployment, now: Time, wide: bool) -> Vec<String> {
    let mut row = vec![
        d.metadata.name.clone(),
        format!("{}/{}", d.status.ready_replicas, d.spec.replicas.unwrap_or(1)),
        d.status.updated_replicas.to_string(),
        d.status.available_replicas.to_string(),
        age(d.metadata.creation_timestamp, now),
    ];
    if wide {
        let (c, i) = containers_images(&d.spec.template);
        row.extend([c, i, d.spec.selector.to_selector_string()]);
    }
    row
}

fn ds_row(ds: &DaemonSet, now: Time, wide: bool) -> Vec<String> {
    let s = &ds.status;
    let node_selector = if ds.spec.template.spec.node_selector.is_empty() {
        "<none>".to_string()
    } else {
        format_labels(&ds.spec.template.spec.node_selector)
    };
    let mut row = vec![
        ds.metadata.name.clone(),
        s.desired_number_scheduled.to_string(),
        s.current_number_scheduled.to_string(),
        s.number_ready.to_string(),
        s.updated_number_scheduled.to_string(),
        s.number_available.to_string(),
        node_selector,
        age(ds.metadata.creation_timestamp, now),
    ];
    if wide {
        let (c, i) = containers_images(&ds.spec.template);
        row.extend([c, i, ds.spec.selector.to_selector_string()]);
    }
    row
}

/// The Job STATUS column of v1.30 to v1.33 (`printJob`): Complete, Failed, Terminating,
/// Suspended, FailureTarget, else Running. The condition checked is the first of its type
/// (`hasJobCondition`). SuccessCriteriaMet only shows from v1.34 (kubernetes#132832), so a Job
/// between its SuccessCriteriaMet and Complete conditions shows Running.
pub fn job_status(j: &Job) -> &'static str {
    let has = |t: &str| j.status.conditions.iter().find(|c| c.type_ == t).is_some_and(|c| c.status == "True");
    if has("Complete") {
        "Complete"
    } else if has("Failed") {
        "Failed"
    } else if j.metadata.deletion_timestamp.is_some() {
        "Terminating"
    } else if has("Suspended") {
        "Suspended"
    } else if has("FailureTarget") {
        "FailureTarget"
    } else {
        "Running"
    }
}

fn job_row(j: &Job, now: Time, wide: bool) -> Vec<String> {
    let completions = match j.spec.completions {
        Some(c) => format!("{}/{c}", j.status.succeeded),
        None => match j.spec.parallelism {
            Some(p) if p > 1 => format!("{}/1 of {p}", j.status.succeeded),
            _ => format!("{}/1", j.status.succeeded),
        },
    };
    let duration = match (j.status.start_time, j.status.completion_time) {
        (Some(s), Some(c)) => human(c.0 - s.0),
        (Some(s), None) => human(now.0 - s.0),
        _ => String::new(),
    };
    let mut row = vec![
        j.metadata.name.clone(),
        job_status(j).to_string(),
        completions,
        duration,
        age(j.metadata.creation_timestamp, now),
    ];
    if wide {
        let (c, i) = containers_images(&j.spec.template);
        row.extend([c, i, j.spec.selector.as_ref().map(|s| s.to_selector_string()).unwrap_or_else(|| "<none>".into())]);
    }
    row
}

fn cronjob_row(cj: &CronJob, now: Time, wide: bool) -> Vec<String> {
    let suspend = match cj.spec.suspend {
        Some(true) => "True",
        Some(false) => "False",
        None => "<unset>",
    };
    let last = cj.status.last_schedule_time.map_or("<none>".to_string(), |t| human(now.0 - t.0));
    let mut row = vec![
        cj.metadata.name.clone(),
        cj.spec.schedule.clone(),
        cj.spec.time_zone.clone().unwrap_or_else(|| "<none>".into()),
        suspend.to_string(),
        cj.status.active.len().to_string(),
        last,
        age(cj.metadata.creation_timestamp, now),
    ];
    if wide {
        let (c, i) = containers_images(&cj.spec.job_template.spec.template);
        let sel = cj
            .spec
            .job_template
            .spec
            .selector
            .as_ref()
            .map(|s| s.to_selector_string())
            .unwrap_or_else(|| "<none>".into());
        row.extend([c, i, sel]);
    }
    row
}

fn service_row(s: &Service, now: Time, wide: bool) -> Vec<String> {
    let type_ = s.spec.type_.as_str();
    // `printService`: the first of clusterIPs (`None` for headless), `<none>` without any.
    let cluster_ip = s.spec.cluster_ips.first().cloned().unwrap_or_else(|| "<none>".to_string());
    let external = match type_ {
        "ExternalName" => s.spec.external_name.clone(),
        "LoadBalancer" => {
            // `loadBalancerStatusStringer`: ingress IPs (or hostnames), sorted and deduplicated,
            // cut to 16 characters unless -o wide.
            let mut ingress: Vec<String> = s
                .status
                .load_balancer
                .as_ref()
                .and_then(|lb| lb.get("ingress"))
                .and_then(|i| i.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|x| {
                            x.get("ip")
                                .and_then(|v| v.as_str())
                                .filter(|v| !v.is_empty())
                                .or_else(|| x.get("hostname").and_then(|v| v.as_str()).filter(|v| !v.is_empty()))
                                .map(str::to_string)
                        })
                        .collect()
                })
                .unwrap_or_default();
            ingress.sort();
            ingress.dedup();
            let mut lb = ingress.join(",");
            if !wide && lb.len() > 16 {
                lb = format!("{}...", lb.chars().take(13).collect::<String>());
            }
            if !s.spec.external_ips.is_empty() {
                let mut all: Vec<String> =
                    if lb.is_empty() { Vec::new() } else { lb.split(',').map(str::to_string).collect() };
                all.extend(s.spec.external_ips.iter().cloned());
                all.join(",")
            } else if !lb.is_empty() {
                lb
            } else {
                "<pending>".into()
            }
        }
        "ClusterIP" | "NodePort" => {
            if s.spec.external_ips.is_empty() {
                "<none>".into()
            } else {
                s.spec.external_ips.join(",")
            }
        }
        _ => "<unknown>".into(),
    };
    let ports: Vec<String> = s
        .spec
        .ports
        .iter()
        .map(|p| {
            let proto = p.protocol.as_str();
            if p.node_port > 0 {
                format!("{}:{}/{proto}", p.port, p.node_port)
            } else {
                format!("{}/{proto}", p.port)
            }
        })
        .collect();
    let mut row = vec![
        s.metadata.name.clone(),
        type_.to_string(),
        cluster_ip,
        external,
        if ports.is_empty() { "<none>".into() } else { ports.join(",") },
        age(s.metadata.creation_timestamp, now),
    ];
    if wide {
        row.push(if s.spec.selector.is_empty() { "<none>".into() } else { format_labels(&s.spec.selector) });
    }
    row
}

/// The ENDPOINTS column (`formatEndpoints`): ready addresses port by port, `ip:port` (bare IPs
/// for a subset without ports), the first three then ` + N more...`; `<none>` without subsets,
/// empty when the subsets hold only not-ready addresses.
fn endpoints_row(e: &Endpoints, now: Time) -> Vec<String> {
    const MAX: usize = 3;
    let mut list: Vec<String> = Vec::new();
    let mut more = false;
    let mut count = 0;
    let join = |ip: &str, port: i32| if ip.contains(':') { format!("[{ip}]:{port}") } else { format!("{ip}:{port}") };
    for s in &e.subsets {
        if s.ports.is_empty() {
            count += s.addresses.len();
            for a in &s.addresses {
                if list.len() == MAX {
                    more = true;
                    break;
                }
                list.push(a.ip.clone());
            }
            continue;
        }
        for p in &s.ports {
            count += s.addresses.len();
            for a in &s.addresses {
                if list.len() == MAX {
                    more = true;
                    break;
                }
                list.push(join(&a.ip, p.port));
            }
        }
    }
    let cell = if e.subsets.is_empty() {
        "<none>".to_string()
    } else if more {
        format!("{} + {} more...", list.join(","), count - MAX)
    } else {
        list.join(",")
    };
    vec![e.metadata.name.clone(), cell, age(e.metadata.creation_timestamp, now)]
}

/// `printEndpointSlice`: ports (`*` without a number) and addresses, the first three then
/// ` + N more...`, `<unset>` when there are none (`formatDiscoveryPorts`, `formatDiscoveryEndpoints`).
fn endpointslice_row(e: &EndpointSlice, now: Time) -> Vec<String> {
    fn list_with_more(items: Vec<String>) -> String {
        const MAX: usize = 3;
        let count = items.len();
        let shown: Vec<String> = items.into_iter().take(MAX).collect();
        if count > MAX {
            format!("{} + {} more...", shown.join(","), count - MAX)
        } else if shown.is_empty() {
            "<unset>".to_string()
        } else {
            shown.join(",")
        }
    }
    let ports: Vec<String> = e
        .ports
        .iter()
        .flatten()
        .map(|p| match p.get("port").and_then(|v| v.as_i64()) {
            Some(n) => n.to_string(),
            None => p.get("name").and_then(|v| v.as_str()).map_or_else(|| "*".to_string(), str::to_string),
        })
        .collect();
    let addrs: Vec<String> = e
        .endpoints
        .iter()
        .flatten()
        .flat_map(|ep| ep.get("addresses").and_then(|a| a.as_array()).cloned().unwrap_or_default())
        .map(|a| a.as_str().unwrap_or("").to_string())
        .collect();
    vec![
        e.metadata.name.clone(),
        e.address_type.clone(),
        list_with_more(ports),
        list_with_more(addrs),
        age(e.metadata.creation_timestamp, now),
    ]
}

/// Node STATUS: Ready / NotReady / Unknown, then `,SchedulingDisabled`.
pub fn node_status(n: &Node) -> String {
    let mut s = match n.condition("Ready") {
        Some(c) if c.status == "True" => "Ready".to_string(),
        Some(_) => "NotReady".to_string(),
        None => "Unknown".to_string(),
    };
    if n.spec.unschedulable {
        s.push_str(",SchedulingDisabled");
    }
    s
}

/// Node ROLES: the `node-role.kubernetes.io/<role>` suffixes and `kubernetes.io/role`, sorted.
pub fn node_roles(n: &Node) -> String {
    let mut roles: Vec<String> = Vec::new();
    for (k, v) in &n.metadata.labels {
        if let Some(role) = k.strip_prefix("node-role.kubernetes.io/") {
            if !role.is_empty() {
                roles.push(role.to_string());
            }
        } else if k == "kubernetes.io/role" && !v.is_empty() {
            roles.push(v.clone());
        }
    }
    roles.sort();
    roles.dedup();
    if roles.is_empty() {
        "<none>".into()
    } else {
        roles.join(",")
    }
}

fn node_row(n: &Node, now: Time, wide: bool) -> Vec<String> {
    let info = n.status.node_info.clone().unwrap_or_default();
    let mut row = vec![
        n.metadata.name.clone(),
        node_status(n),
        node_roles(n),
        age(n.metadata.creation_timestamp, now),
        info.kubelet_version.clone(),
    ];
    if wide {
        let ext = n.status.addresses.iter().find(|a| a.type_ == "ExternalIP").map(|a| a.address.clone());
        row.extend([
            n.internal_ip().map_or("<none>".to_string(), str::to_string),
            ext.unwrap_or_else(|| "<none>".into()),
            if info.os_image.is_empty() { "<unknown>".into() } else { info.os_image.clone() },
            if info.kernel_version.is_empty() { "<unknown>".into() } else { info.kernel_version.clone() },
            if info.container_runtime_version.is_empty() { "<unknown>".into() } else { info.container_runtime_version },
        ]);
    }
    row
}

fn namespace_row(ns: &Namespace, now: Time) -> Vec<String> {
    vec![ns.metadata.name.clone(), ns.status.phase.clone(), age(ns.metadata.creation_timestamp, now)]
}

fn event_row(e: &Event, now: Time, wide: bool) -> Vec<String> {
    let first = e.first_timestamp.map_or("<unknown>".to_string(), |t| human(now.0 - t.0));
    let last = e.last_timestamp.map_or(first.clone(), |t| human(now.0 - t.0));
    let object = if e.involved_object.name.is_empty() {
        e.involved_object.kind.to_ascii_lowercase()
    } else {
        format!("{}/{}", e.involved_object.kind.to_ascii_lowercase(), e.involved_object.name)
    };
    if !wide {
        return vec![last, e.type_.clone(), e.reason.clone(), object, e.message.trim().to_string()];
    }
    let source = if e.source.host.is_empty() {
        e.source.component.clone()
    } else {
        format!("{}, {}", e.source.component, e.source.host)
    };
    vec![
        last,
        e.type_.clone(),
        e.reason.clone(),
        object,
        e.involved_object.field_path.clone(),
        source,
        e.message.trim().to_string(),
        first,
        e.count.unwrap_or(1).max(1).to_string(),
        e.metadata.name.clone(),
    ]
}
