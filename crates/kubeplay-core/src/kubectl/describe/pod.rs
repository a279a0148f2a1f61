//! Pods and pod templates: `describePod`, `describeContainers` and its parts, `describeVolumes`
//! and `DescribePodTemplate`.

use std::collections::BTreeMap;

use crate::json::Value;

use super::writer::*;
use super::Ctx;
use crate::api::pod::{Container, ContainerState, ContainerStatus, Pod, PodSpec, PodTemplateSpec, Probe};
use crate::api::quantity::Quantity;

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

fn str_at<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn bool_at(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// Go's `%v` of a JSON scalar as the typed field would print it.
fn scalar(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// `describePod`.
pub fn describe_pod(ctx: &Ctx, pod: &Pod) -> String {
    let mut w = Writer::new();
    let m = &pod.metadata;
    let spec = &pod.spec;
    w.writef(LEVEL_0, format_args!("Name:\t{}\n", m.name));
    w.writef(LEVEL_0, format_args!("Namespace:\t{}\n", m.namespace));
    if let Some(p) = spec.priority {
        w.writef(LEVEL_0, format_args!("Priority:\t{p}\n"));
    }
    if let Some(pc) = spec.extra.get("priorityClassName").map(s).filter(|x| !x.is_empty()) {
        w.writef(LEVEL_0, format_args!("Priority Class Name:\t{pc}\n"));
    }
    if let Some(rc) = spec.extra.get("runtimeClassName").map(s).filter(|x| !x.is_empty()) {
        w.writef(LEVEL_0, format_args!("Runtime Class Name:\t{rc}\n"));
    }
    if !spec.service_account_name.is_empty() {
        w.writef(LEVEL_0, format_args!("Service Account:\t{}\n", spec.service_account_name));
    }
    if spec.node_name.is_empty() {
        w.write(LEVEL_0, "Node:\t<none>\n");
    } else {
        w.writef(LEVEL_0, format_args!("Node:\t{}/{}\n", spec.node_name, pod.status.host_ip));
    }
    if let Some(t) = pod.status.start_time {
        w.writef(LEVEL_0, format_args!("Start Time:\t{}\n", rfc1123z(Some(t))));
    }
    print_labels_multiline(&mut w, "Labels", &m.labels);
    print_annotations_multiline(&mut w, "Annotations", &m.annotations);
    let phase = pod.status.phase.as_str();
    match m.deletion_timestamp {
        Some(t) if phase != "Failed" && phase != "Succeeded" => {
            w.writef(LEVEL_0, format_args!("Status:\tTerminating (lasts {})\n", since(ctx.now, Some(t))));
            w.writef(
                LEVEL_0,
                format_args!("Termination Grace Period:\t{}s\n", m.deletion_grace_period_seconds.unwrap_or(0)),
            );
        }
        _ => w.writef(LEVEL_0, format_args!("Status:\t{phase}\n")),
    }
    if !pod.status.reason.is_empty() {
        w.writef(LEVEL_0, format_args!("Reason:\t{}\n", pod.status.reason));
    }
    if !pod.status.message.is_empty() {
        w.writef(LEVEL_0, format_args!("Message:\t{}\n", pod.status.message));
    }
    if let Some(profile) = spec.extra.get("securityContext").and_then(|sc| sc.get("seccompProfile")) {
        let ty = str_at(profile, "type");
        w.writef(LEVEL_0, format_args!("SeccompProfile:\t{ty}\n"));
        if ty == "Localhost" {
            w.writef(LEVEL_0, format_args!("LocalhostProfile:\t{}\n", str_at(profile, "localhostProfile")));
        }
    }
    w.writef(LEVEL_0, format_args!("IP:\t{}\n", pod.status.pod_ip));
    if pod.status.pod_ips.is_empty() {
        w.write(LEVEL_0, "IPs:\t<none>\n");
    } else {
        w.write(LEVEL_0, "IPs:\n");
        for ip in &pod.status.pod_ips {
            w.writef(LEVEL_1, format_args!("IP:\t{}\n", ip.ip));
        }
    }
    if let Some(c) = print_controller(m) {
        w.writef(LEVEL_0, format_args!("Controlled By:\t{c}\n"));
    }
    if !pod.status.nominated_node_name.is_empty() {
        w.writef(LEVEL_0, format_args!("NominatedNodeName:\t{}\n", pod.status.nominated_node_name));
    }
    if let Some(r) = spec.extra.get("resources") {
        w.write(LEVEL_0, "Resources:\n");
        describe_resources_value(&mut w, r, LEVEL_1);
    }
    let env = EnvResolver::Pod(pod);
    if !spec.init_containers.is_empty() {
        describe_containers(
            &mut w,
            "Init Containers",
            &spec.init_containers,
            Some(&pod.status.init_container_statuses),
            &env,
            "",
        );
    }
    describe_containers(&mut w, "Containers", &spec.containers, Some(&pod.status.container_statuses), &env, "");
    let gates = spec.extra.get("readinessGates").and_then(Value::as_array).filter(|g| !g.is_empty());
    if let Some(gates) = gates {
        w.write(LEVEL_0, "Readiness Gates:\n  Type\tStatus\n");
        for g in gates {
            let ty = str_at(g, "conditionType");
            let status = pod.condition(ty).map_or("<none>", |c| &*c.status);
            w.writef(LEVEL_1, format_args!("{ty} \t{status} \n"));
        }
    }
    if !pod.status.conditions.is_empty() {
        w.write(LEVEL_0, "Conditions:\n  Type\tStatus\n");
        for c in &pod.status.conditions {
            w.writef(LEVEL_1, format_args!("{} \t{} \n", c.type_, c.status));
        }
    }
    let volumes: Vec<Value> = spec.volumes.iter().map(|v| v.to_value()).collect();
    describe_volumes(&mut w, &volumes, "");
    let qos = if pod.status.qos_class.is_empty() {
        crate::manifest::strategy::pod_qos_class(&crate::api::value::Encode::encode(spec)).to_string()
    } else {
        pod.status.qos_class.to_string()
    };
    w.writef(LEVEL_0, format_args!("QoS Class:\t{qos}\n"));
    print_labels_multiline(&mut w, "Node-Selectors", &spec.node_selector);
    print_tolerations_multiline(&mut w, "Tolerations", &spec.tolerations);
    describe_topology_spread_constraints(&mut w, spec, "");
    if let Some(events) = ctx.events_about("Pod", &m.namespace, &m.name, &m.uid) {
        describe_events(&mut w, &events, ctx.now);
    }
    w.finish()
}

/// `DescribePodTemplate`.
pub fn describe_pod_template(w: &mut Writer, template: Option<&PodTemplateSpec>) {
    w.write(LEVEL_0, "Pod Template:\n");
    let Some(t) = template else {
        w.write(LEVEL_1, "<unset>");
        return;
    };
    print_labels_multiline(w, "  Labels", &t.metadata.labels);
    if !t.metadata.annotations.is_empty() {
        print_annotations_multiline(w, "  Annotations", &t.metadata.annotations);
    }
    let spec = &t.spec;
    if !spec.service_account_name.is_empty() {
        w.writef(LEVEL_1, format_args!("Service Account:\t{}\n", spec.service_account_name));
    }
    if !spec.init_containers.is_empty() {
        describe_containers(w, "Init Containers", &spec.init_containers, None, &EnvResolver::Template, "  ");
    }
    describe_containers(w, "Containers", &spec.containers, None, &EnvResolver::Template, "  ");
    let volumes: Vec<Value> = spec.volumes.iter().map(|v| v.to_value()).collect();
    describe_volumes(w, &volumes, "  ");
    describe_topology_spread_constraints(w, spec, "  ");
    if let Some(pc) = spec.extra.get("priorityClassName").map(s).filter(|x| !x.is_empty()) {
        w.writef(LEVEL_1, format_args!("Priority Class Name:\t{pc}\n"));
    }
    print_labels_multiline(w, "  Node-Selectors", &spec.node_selector);
    print_tolerations_multiline(w, "  Tolerations", &spec.tolerations);
}

/// `describeTopologySpreadConstraints`.
fn describe_topology_spread_constraints(w: &mut Writer, spec: &PodSpec, space: &str) {
    let Some(list) = spec.extra.get("topologySpreadConstraints").and_then(Value::as_array) else {
        return;
    };
    if list.is_empty() {
        return;
    }
    let mut tscs: Vec<&Value> = list.iter().collect();
    tscs.sort_by(|a, b| str_at(a, "topologyKey").cmp(str_at(b, "topologyKey")));
    w.writef(LEVEL_0, format_args!("{space}Topology Spread Constraints:\t"));
    for (i, t) in tscs.into_iter().enumerate() {
        if i != 0 {
            w.write(LEVEL_0, space);
            w.write(LEVEL_0, "\t");
        }
        w.writef(LEVEL_0, format_args!("{}:", str_at(t, "topologyKey")));
        w.write(LEVEL_0, str_at(t, "whenUnsatisfiable"));
        w.writef(LEVEL_0, format_args!(" when max skew {} is exceeded", scalar(t.get("maxSkew"))));
        if let Some(sel) = t.get("labelSelector") {
            let sel: crate::api::meta::LabelSelector =
                crate::api::value::Decode::decode(sel.clone()).unwrap_or_default();
            w.writef(LEVEL_0, format_args!(" for selector {}", format_label_selector(&sel)));
        }
        w.write(LEVEL_0, "\n");
    }
}

/// How `fieldRef` environment values are resolved (`EnvValueRetriever`; none for templates).
pub enum EnvResolver<'a> {
    Pod(&'a Pod),
    Template,
}

impl EnvResolver<'_> {
    /// Only the field labels kubectl's scheme converts (`metadata.name`, `metadata.namespace`)
    /// resolve; every other path prints empty, as upstream's conversion fails for it.
    fn resolve(&self, field_path: &str) -> String {
        match self {
            EnvResolver::Pod(p) => match field_path {
                "metadata.name" => p.metadata.name.clone(),
                "metadata.namespace" => p.metadata.namespace.clone(),
                _ => String::new(),
            },
            EnvResolver::Template => String::new(),
        }
    }
}

/// `describeContainers`.
fn describe_containers(
    w: &mut Writer,
    label: &str,
    containers: &[Container],
    statuses: Option<&Vec<ContainerStatus>>,
    env: &EnvResolver,
    space: &str,
) {
    let statuses: &[ContainerStatus] = statuses.map_or(&[], Vec::as_slice);
    let none = if containers.is_empty() { " <none>" } else { "" };
    w.writef(LEVEL_0, format_args!("{space}{label}:{none}\n"));
    for c in containers {
        // The last status of a name, as a map by name would hold it.
        let status = statuses.iter().rev().find(|st| st.name == c.name);
        describe_container_basic_info(w, c, status, space);
        describe_container_command(w, c);
        if let Some(st) = status {
            describe_container_state(w, st);
        }
        describe_resources(w, &c.resources.limits, &c.resources.requests, LEVEL_2);
        describe_container_probe(w, c);
        if let Some(from) = c.extra.get("envFrom").and_then(Value::as_array).filter(|a| !a.is_empty()) {
            describe_container_env_from(w, from);
        }
        describe_container_env_vars(w, c, env);
        describe_container_volumes(w, c);
    }
}

/// `describeContainerBasicInfo`.
fn describe_container_basic_info(w: &mut Writer, c: &Container, status: Option<&ContainerStatus>, space: &str) {
    let name_indent = if space.is_empty() { "" } else { " " };
    w.writef(LEVEL_1, format_args!("{name_indent}{}:\n", c.name));
    if let Some(st) = status {
        w.writef(LEVEL_2, format_args!("Container ID:\t{}\n", st.container_id));
    }
    w.writef(LEVEL_2, format_args!("Image:\t{}\n", c.image));
    if let Some(st) = status {
        w.writef(LEVEL_2, format_args!("Image ID:\t{}\n", st.image_id));
    }
    let ports: Vec<String> = c.ports.iter().map(|p| format!("{}/{}", p.container_port, p.protocol)).collect();
    let ports = ports.join(", ");
    if ports.contains(',') {
        w.writef(LEVEL_2, format_args!("Ports:\t{ports}\n"));
    } else {
        w.writef(LEVEL_2, format_args!("Port:\t{}\n", string_or_none(&ports)));
    }
    let host_ports: Vec<String> = c.ports.iter().map(|p| format!("{}/{}", p.host_port, p.protocol)).collect();
    let host_ports = host_ports.join(", ");
    if host_ports.contains(',') {
        w.writef(LEVEL_2, format_args!("Host Ports:\t{host_ports}\n"));
    } else {
        w.writef(LEVEL_2, format_args!("Host Port:\t{}\n", string_or_none(&host_ports)));
    }
    if let Some(profile) = c.extra.get("securityContext").and_then(|sc| sc.get("seccompProfile")) {
        let ty = str_at(profile, "type");
        w.writef(LEVEL_2, format_args!("SeccompProfile:\t{ty}\n"));
        if ty == "Localhost" {
            w.writef(LEVEL_3, format_args!("LocalhostProfile:\t{}\n", str_at(profile, "localhostProfile")));
        }
    }
}

/// `stringOrNone`.
fn string_or_none(s: &str) -> &str {
    if s.is_empty() {
        "<none>"
    } else {
        s
    }
}

/// `describeContainerCommand`: one line per command or argument line.
fn describe_container_command(w: &mut Writer, c: &Container) {
    for (title, items) in [("Command", &c.command), ("Args", &c.args)] {
        if items.is_empty() {
            continue;
        }
        w.writef(LEVEL_2, format_args!("{title}:\n"));
        for item in items {
            for line in item.split('\n') {
                w.writef(LEVEL_3, format_args!("{line}\n"));
            }
        }
    }
}

/// `describeResources` over typed limits and requests.
fn describe_resources(
    w: &mut Writer,
    limits: &BTreeMap<String, String>,
    requests: &BTreeMap<String, String>,
    level: usize,
) {
    if !limits.is_empty() {
        w.write(level, "Limits:\n");
    }
    for (name, q) in limits {
        w.writef(level + 1, format_args!("{name}:\t{}\n", canonical_quantity(q)));
    }
    if !requests.is_empty() {
        w.write(level, "Requests:\n");
    }
    for (name, q) in requests {
        w.writef(level + 1, format_args!("{name}:\t{}\n", canonical_quantity(q)));
    }
}

/// `describeResources` over a JSON `ResourceRequirements` (pod-level resources).
fn describe_resources_value(w: &mut Writer, r: &Value, level: usize) {
    let map = |k: &str| -> BTreeMap<String, String> {
        r.get(k)
            .and_then(Value::as_object)
            .map(|m| m.iter().map(|(k, v)| (k.clone(), scalar(Some(v)))).collect())
            .unwrap_or_default()
    };
    describe_resources(w, &map("limits"), &map("requests"), level);
}

/// `Quantity.String()` of a stored quantity.
fn canonical_quantity(q: &str) -> String {
    Quantity::parse(q).map_or_else(|_| q.to_string(), |x| x.canonical())
}

/// `describeContainerState`.
fn describe_container_state(w: &mut Writer, st: &ContainerStatus) {
    describe_status(w, "State", &st.state);
    if st.last_state.terminated.is_some() {
        describe_status(w, "Last State", &st.last_state);
    }
    w.writef(LEVEL_2, format_args!("Ready:\t{}\n", print_bool(st.ready)));
    w.writef(LEVEL_2, format_args!("Restart Count:\t{}\n", st.restart_count));
}

/// `describeStatus`.
fn describe_status(w: &mut Writer, name: &str, state: &ContainerState) {
    if let Some(r) = &state.running {
        w.writef(LEVEL_2, format_args!("{name}:\tRunning\n"));
        w.writef(LEVEL_3, format_args!("Started:\t{}\n", rfc1123z(r.started_at)));
    } else if let Some(wt) = &state.waiting {
        w.writef(LEVEL_2, format_args!("{name}:\tWaiting\n"));
        if !wt.reason.is_empty() {
            w.writef(LEVEL_3, format_args!("Reason:\t{}\n", wt.reason));
        }
    } else if let Some(t) = &state.terminated {
        w.writef(LEVEL_2, format_args!("{name}:\tTerminated\n"));
        if !t.reason.is_empty() {
            w.writef(LEVEL_3, format_args!("Reason:\t{}\n", t.reason));
        }
        if !t.message.is_empty() {
            w.writef(LEVEL_3, format_args!("Message:\t{}\n", t.message));
        }
        w.writef(LEVEL_3, format_args!("Exit Code:\t{}\n", t.exit_code));
        if let Some(sig) = t.signal.filter(|s| *s > 0) {
            w.writef(LEVEL_3, format_args!("Signal:\t{sig}\n"));
        }
        w.writef(LEVEL_3, format_args!("Started:\t{}\n", rfc1123z(t.started_at)));
        w.writef(LEVEL_3, format_args!("Finished:\t{}\n", rfc1123z(t.finished_at)));
    } else {
        w.writef(LEVEL_2, format_args!("{name}:\tWaiting\n"));
    }
}

/// `describeContainerProbe`.
fn describe_container_probe(w: &mut Writer, c: &Container) {
    for (title, probe) in
        [("Liveness", &c.liveness_probe), ("Readiness", &c.readiness_probe), ("Startup", &c.startup_probe)]
    {
        if let Some(p) = probe {
            w.writef(LEVEL_2, format_args!("{title}:\t{}\n", describe_probe(p)));
        }
    }
}

/// `DescribeProbe`.
pub fn describe_probe(p: &Probe) -> String {
    let attrs = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        p.initial_delay_seconds, p.timeout_seconds, p.period_seconds, p.success_threshold, p.failure_threshold
    );
    if let Some(exec) = p.extra.get("exec") {
        let cmd: Vec<String> =
            exec.get("command").and_then(Value::as_array).into_iter().flatten().map(|v| s(v).to_string()).collect();
        return format!("exec [{}] {attrs}", cmd.join(" "));
    }
    if let Some(h) = p.extra.get("httpGet") {
        let scheme = str_at(h, "scheme").to_ascii_lowercase();
        let host = str_at(h, "host");
        let port = scalar(h.get("port"));
        let host_port = if port.is_empty() { host.to_string() } else { join_host_port(host, &port) };
        let path = str_at(h, "path");
        return format!("http-get {} {attrs}", url_string(&scheme, &host_port, path));
    }
    if let Some(t) = p.extra.get("tcpSocket") {
        return format!("tcp-socket {}:{} {attrs}", str_at(t, "host"), scalar(t.get("port")));
    }
    if let Some(g) = p.extra.get("grpc") {
        return format!("grpc <pod>:{} {} {attrs}", scalar(g.get("port")), str_at(g, "service"));
    }
    format!("unknown {attrs}")
}

/// `net.JoinHostPort`: IPv6 hosts in brackets.
fn join_host_port(host: &str, port: &str) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// `url.URL{Scheme, Host, Path}.String()` for the simple paths probes use.
fn url_string(scheme: &str, host: &str, path: &str) -> String {
    let mut out = String::new();
    if !scheme.is_empty() {
        out.push_str(scheme);
        out.push(':');
    }
    if !scheme.is_empty() || !host.is_empty() {
        out.push_str("//");
        out.push_str(host);
    }
    if !path.is_empty() && !path.starts_with('/') && !host.is_empty() {
        out.push('/');
    }
    for ch in path.chars() {
        match ch {
            ' ' => out.push_str("%20"),
            '?' => out.push_str("%3F"),
            '#' => out.push_str("%23"),
            '%' => out.push_str("%25"),
            c => out.push(c),
        }
    }
    out
}

/// `describeContainerEnvFrom`.
fn describe_container_env_from(w: &mut Writer, from: &[Value]) {
    w.write(LEVEL_2, "Environment Variables from:\n");
    for e in from {
        let (kind, r) = if let Some(r) = e.get("configMapRef") {
            ("ConfigMap", Some(r))
        } else if let Some(r) = e.get("secretRef") {
            ("Secret", Some(r))
        } else {
            ("", None)
        };
        let name = r.map_or("", |r| str_at(r, "name"));
        let optional = r.is_some_and(|r| bool_at(r, "optional"));
        let prefix = str_at(e, "prefix");
        if prefix.is_empty() {
            w.writef(LEVEL_3, format_args!("{name}\t{kind}\tOptional: {optional}\n"));
        } else {
            w.writef(LEVEL_3, format_args!("{name}\t{kind} with prefix '{prefix}'\tOptional: {optional}\n"));
        }
    }
}

/// `describeContainerEnvVars`.
fn describe_container_env_vars(w: &mut Writer, c: &Container, env: &EnvResolver) {
    let none = if c.env.is_empty() { "\t<none>" } else { "" };
    w.writef(LEVEL_2, format_args!("Environment:{none}\n"));
    for e in &c.env {
        let Some(from) = &e.value_from else {
            for (i, line) in e.value.split('\n').enumerate() {
                if i == 0 {
                    w.writef(LEVEL_3, format_args!("{}:\t{line}\n", e.name));
                } else {
                    w.writef(LEVEL_3, format_args!("\t{line}\n"));
                }
            }
            continue;
        };
        if let Some(f) = from.get("fieldRef") {
            let path = str_at(f, "fieldPath");
            let value = env.resolve(path);
            w.writef(LEVEL_3, format_args!("{}:\t{value} ({}:{path})\n", e.name, str_at(f, "apiVersion")));
        } else if let Some(r) = from.get("resourceFieldRef") {
            let resource = str_at(r, "resource");
            let mut value = container_resource_value(r, c).unwrap_or_default();
            if value == "0" && (resource == "limits.cpu" || resource == "limits.memory") {
                value = "node allocatable".to_string();
            }
            w.writef(LEVEL_3, format_args!("{}:\t{value} ({resource})\n", e.name));
        } else if let Some(r) = from.get("secretKeyRef") {
            w.writef(
                LEVEL_3,
                format_args!(
                    "{}:\t<set to the key '{}' in secret '{}'>\tOptional: {}\n",
                    e.name,
                    str_at(r, "key"),
                    str_at(r, "name"),
                    bool_at(r, "optional")
                ),
            );
        } else if let Some(r) = from.get("configMapKeyRef") {
            w.writef(
                LEVEL_3,
                format_args!(
                    "{}:\t<set to the key '{}' of config map '{}'>\tOptional: {}\n",
                    e.name,
                    str_at(r, "key"),
                    str_at(r, "name"),
                    bool_at(r, "optional")
                ),
            );
        }
    }
}

/// `ExtractContainerResourceValue`: the container's limit or request divided by the divisor,
/// rounded up.
fn container_resource_value(r: &Value, c: &Container) -> Option<String> {
    let divisor = r.get("divisor").map(|d| scalar(Some(d))).and_then(|d| Quantity::parse(&d).ok());
    let divisor = divisor.filter(|d| d.nanos != 0).unwrap_or(Quantity::parse("1").ok()?);
    let resource = str_at(r, "resource");
    let (list, name) = resource.split_once('.')?;
    let map = match list {
        "limits" => &c.resources.limits,
        "requests" => &c.resources.requests,
        _ => return None,
    };
    let q = map.get(name).and_then(|q| Quantity::parse(q).ok());
    let zero = Quantity::parse("0").ok()?;
    let q = q.unwrap_or(zero);
    let ceil_div = |a: i64, b: i64| -> i64 {
        if b == 0 {
            0
        } else {
            (a + b - 1).div_euclid(b)
        }
    };
    match name {
        "cpu" => Some(ceil_div(q.milli_value(), divisor.milli_value()).to_string()),
        "memory" | "ephemeral-storage" => Some(ceil_div(q.value(), divisor.value()).to_string()),
        _ if name.starts_with("hugepages-") => Some(ceil_div(q.value(), divisor.value()).to_string()),
        _ => None,
    }
}

/// `describeContainerVolumes`: mounts sorted by path, then devices.
fn describe_container_volumes(w: &mut Writer, c: &Container) {
    let mounts: Vec<Value> = c.volume_mounts.iter().map(|m| m.to_value()).collect();
    let mounts: Vec<&Value> = mounts.iter().collect();
    let none = if mounts.is_empty() { "\t<none>" } else { "" };
    w.writef(LEVEL_2, format_args!("Mounts:{none}\n"));
    let mut mounts = mounts;
    mounts.sort_by(|a, b| str_at(a, "mountPath").cmp(str_at(b, "mountPath")));
    for m in mounts {
        let mut flags = vec![if bool_at(m, "readOnly") { "ro".to_string() } else { "rw".to_string() }];
        let sub = str_at(m, "subPath");
        if !sub.is_empty() {
            flags.push(format!("path={}", crate::manifest::field::go_quote(sub)));
        }
        w.writef(
            LEVEL_3,
            format_args!("{} from {} ({})\n", str_at(m, "mountPath"), str_at(m, "name"), flags.join(",")),
        );
    }
    let mut devices: Vec<&Value> =
        c.extra.get("volumeDevices").and_then(Value::as_array).into_iter().flatten().collect();
    if !devices.is_empty() {
        w.writef(LEVEL_2, format_args!("Devices:{none}\n"));
        devices.sort_by(|a, b| str_at(a, "devicePath").cmp(str_at(b, "devicePath")));
        for d in devices {
            w.writef(LEVEL_3, format_args!("{} from {}\n", str_at(d, "devicePath"), str_at(d, "name")));
        }
    }
}

/// `describeVolumes`.
pub fn describe_volumes(w: &mut Writer, volumes: &[Value], space: &str) {
    if volumes.is_empty() {
        w.writef(LEVEL_0, format_args!("{space}Volumes:\t<none>\n"));
        return;
    }
    w.writef(LEVEL_0, format_args!("{space}Volumes:\n"));
    let name_indent = if space.is_empty() { "" } else { " " };
    for v in volumes {
        w.writef(LEVEL_1, format_args!("{name_indent}{}:\n", str_at(v, "name")));
        if let Some(h) = v.get("hostPath") {
            let ty = h.get("type").and_then(Value::as_str).unwrap_or("<none>");
            w.writef(
                LEVEL_2,
                format_args!(
                    "Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{ty}\n",
                    str_at(h, "path")
                ),
            );
        } else if let Some(e) = v.get("emptyDir") {
            let limit = e
                .get("sizeLimit")
                .map(|q| scalar(Some(q)))
                .and_then(|q| Quantity::parse(&q).ok())
                .filter(|q| q.nanos > 0)
                .map_or_else(|| "<unset>".to_string(), |q| q.canonical());
            w.writef(LEVEL_2, format_args!(
                    "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{}\n    SizeLimit:\t{limit}\n",
                    str_at(e, "medium")
                ));
        } else if let Some(g) = v.get("gitRepo") {
            w.writef(LEVEL_2, format_args!(
                    "Type:\tGitRepo (a volume that is pulled from git when the pod is created)\n    Repository:\t{}\n    Revision:\t{}\n",
                    str_at(g, "repository"),
                    str_at(g, "revision")
                ));
        } else if let Some(sec) = v.get("secret") {
            w.writef(
                LEVEL_2,
                format_args!(
                    "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{}\n    Optional:\t{}\n",
                    str_at(sec, "secretName"),
                    bool_at(sec, "optional")
                ),
            );
        } else if let Some(cm) = v.get("configMap") {
            w.writef(
                LEVEL_2,
                format_args!(
                    "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{}\n    Optional:\t{}\n",
                    str_at(cm, "name"),
                    bool_at(cm, "optional")
                ),
            );
        } else if let Some(n) = v.get("nfs") {
            w.writef(LEVEL_2, format_args!(
                    "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t{}\n    Path:\t{}\n    ReadOnly:\t{}\n",
                    str_at(n, "server"),
                    str_at(n, "path"),
                    bool_at(n, "readOnly")
                ));
        } else if let Some(c) = v.get("persistentVolumeClaim") {
            w.writef(LEVEL_2, format_args!(
                    "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t{}\n    ReadOnly:\t{}\n",
                    str_at(c, "claimName"),
                    bool_at(c, "readOnly")
                ));
        } else if let Some(d) = v.get("downwardAPI") {
            w.write(LEVEL_2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
            for item in d.get("items").and_then(Value::as_array).into_iter().flatten() {
                if let Some(f) = item.get("fieldRef") {
                    w.writef(LEVEL_3, format_args!("{} -> {}\n", str_at(f, "fieldPath"), str_at(item, "path")));
                }
                if let Some(r) = item.get("resourceFieldRef") {
                    w.writef(LEVEL_3, format_args!("{} -> {}\n", str_at(r, "resource"), str_at(item, "path")));
                }
            }
        } else if let Some(p) = v.get("projected") {
            print_projected(w, p);
        } else if let Some(c) = v.get("csi") {
            w.writef(LEVEL_2, format_args!(
                    "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t{}\n    FSType:\t{}\n    ReadOnly:\t{}\n",
                    str_at(c, "driver"),
                    str_at(c, "fsType"),
                    bool_at(c, "readOnly")
                ));
            print_csi_attributes(w, c.get("volumeAttributes"));
        } else if let Some(i) = v.get("image") {
            w.writef(
                LEVEL_2,
                format_args!(
                    "Type:\tImage (a container image or OCI artifact)\n    Reference:\t{}\n    PullPolicy:\t{}\n",
                    str_at(i, "reference"),
                    str_at(i, "pullPolicy")
                ),
            );
        } else {
            w.write(LEVEL_1, "<unknown>\n");
        }
    }
}

/// `printProjectedVolumeSource`. The optional flags are `%v` of a `*bool`: `<nil>` when unset (a set
/// flag prints a pointer address upstream; a fixed one stands in for it).
fn print_projected(w: &mut Writer, p: &Value) {
    w.write(LEVEL_2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
    let ptr = |v: Option<&Value>| if v.is_some_and(|v| !v.is_null()) { "0xc000a4e1b8" } else { "<nil>" };
    for src in p.get("sources").and_then(Value::as_array).into_iter().flatten() {
        if let Some(sec) = src.get("secret") {
            w.writef(
                LEVEL_2,
                format_args!(
                    "SecretName:\t{}\n    SecretOptionalName:\t{}\n",
                    str_at(sec, "name"),
                    ptr(sec.get("optional"))
                ),
            );
        } else if src.get("downwardAPI").is_some() {
            w.write(LEVEL_2, "DownwardAPI:\ttrue\n");
        } else if let Some(cm) = src.get("configMap") {
            w.writef(
                LEVEL_2,
                format_args!(
                    "ConfigMapName:\t{}\n    ConfigMapOptional:\t{}\n",
                    str_at(cm, "name"),
                    ptr(cm.get("optional"))
                ),
            );
        } else if let Some(t) = src.get("serviceAccountToken") {
            w.writef(LEVEL_2, format_args!("TokenExpirationSeconds:\t{}\n", scalar(t.get("expirationSeconds"))));
        }
    }
}

/// `printCSIPersistentVolumeAttributesMultiline`.
fn print_csi_attributes(w: &mut Writer, attrs: Option<&Value>) {
    w.write(LEVEL_2, "VolumeAttributes:\t");
    let map = attrs.and_then(Value::as_object).filter(|m| !m.is_empty());
    let Some(map) = map else {
        w.line("<none>");
        return;
    };
    for (i, (k, v)) in map.iter().enumerate() {
        if i != 0 {
            w.write(LEVEL_2, "");
            w.write(LEVEL_2, "\t");
        }
        let line = format!("{k}={}", scalar(Some(v)));
        if line.len() > 140 {
            let cut = String::from_utf8_lossy(line.as_bytes().get(..140).unwrap_or(line.as_bytes())).into_owned();
            w.writef(LEVEL_2, format_args!("{cut}...\n"));
        } else {
            w.writef(LEVEL_2, format_args!("{line}\n"));
        }
    }
}
