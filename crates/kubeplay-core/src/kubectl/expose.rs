//! `kubectl expose`: a new Service for a pod, ReplicationController, ReplicaSet, Deployment or
//! Service, its selector, ports, protocols and labels taken from that object unless given
//! (staging/src/k8s.io/kubectl/pkg/cmd/expose, pkg/polymorphichelpers `mapBasedSelectorForObject`,
//! `portsForObject`, `multiProtocolsForObject`, `canBeExposed`).

use std::collections::BTreeMap;

use crate::json::{Map, Value};

use super::args::{self, Flag};
use super::json::{obj, string_map, Put};
use super::resources::{self, Selection, SelectionError};
use super::{fail, fail_cobra, fail_plain, finish, namespace_of, CmdError, Io};
use crate::api::meta::LabelSelector;
use crate::api::pod::PodSpec;
use crate::api::{Kind, Object};
use crate::cluster::Cluster;
use crate::manifest::merge::{last_applied_json, LAST_APPLIED};
use crate::manifest::validate::DNS1123_LABEL_MAX_LENGTH;
use crate::store::Key;

const EXPOSE_FLAGS: &[Flag] = &[
    Flag::bool("allow-missing-template-keys", None),
    Flag::string("cluster-ip", None),
    Flag::optional("dry-run", "unchanged"),
    Flag::string("external-ip", None),
    Flag::string("field-manager", None),
    Flag::array("filename", Some('f')),
    Flag::string("kustomize", Some('k')),
    Flag::string("labels", Some('l')),
    Flag::string("load-balancer-ip", None),
    Flag::string("name", None),
    Flag::string("output", Some('o')),
    Flag::string("override-type", None),
    Flag::string("overrides", None),
    Flag::string("port", None),
    Flag::string("protocol", None),
    Flag::bool("recursive", Some('R')),
    Flag::bool("record", None),
    Flag::bool("save-config", None),
    Flag::string("selector", None),
    Flag::string("session-affinity", None),
    Flag::bool("show-managed-fields", None),
    Flag::string("target-port", None),
    Flag::string("template", None),
    Flag::string("type", None),
];

/// The builder's error when no resource is named.
const MISSING_RESOURCE: &str = "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

#[derive(Clone, Copy, PartialEq, Eq)]
enum DryRun {
    None,
    Client,
    Server,
}

/// What the command line asks for, beside the objects.
struct Options {
    name: String,
    selector: String,
    port: String,
    labels: String,
    external_ip: String,
    load_balancer_ip: String,
    type_: String,
    protocol: String,
    target_port: String,
    session_affinity: String,
    cluster_ip: String,
    overrides: String,
}

/// Runs `kubectl expose ARGS...`.
pub fn run(cluster: &mut Cluster, _verb: &str, argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl expose", EXPOSE_FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    let dry_run = match p.get("dry-run") {
        None | Some("none") | Some("false") => DryRun::None,
        Some("client") | Some("true") | Some("unchanged") => DryRun::Client,
        Some("server") => DryRun::Server,
        Some(other) => {
            return fail_plain(
                io,
                format!("Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."),
            )
        }
    };
    let output = p.get("output").unwrap_or("").to_string();
    if !matches!(output.as_str(), "" | "yaml" | "json" | "name") {
        return fail_plain(
            io,
            format!(
                "unable to match a printer suitable for the output format \"{output}\", allowed formats are: json,name,yaml"
            ),
        );
    }
    let get = |k: &str| p.get(k).unwrap_or("").to_string();
    let opts = Options {
        name: get("name"),
        selector: get("selector"),
        port: get("port"),
        labels: get("labels"),
        external_ip: get("external-ip"),
        load_balancer_ip: get("load-balancer-ip"),
        type_: get("type"),
        protocol: get("protocol"),
        target_port: get("target-port"),
        session_affinity: get("session-affinity"),
        cluster_ip: get("cluster-ip"),
        overrides: get("overrides"),
    };
    let ns = namespace_of(&p);
    let objects = match targets(cluster, &p, &ns, io) {
        Ok(o) => o,
        Err(e) => return fail(io, e),
    };
    let mut errors = Vec::new();
    for target in objects {
        let obj = match target {
            Ok(o) => o,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        match expose_one(cluster, &obj, &opts, &ns, p.has("namespace"), dry_run, p.flag("save-config")) {
            Ok(svc) => print(io, &svc, &output, dry_run),
            Err(e) => {
                errors.push(e);
                break;
            }
        }
    }
    finish(io, &errors)
}

/// The objects named by `TYPE NAME`, `TYPE/NAME` or `-f`, each read from the cluster (or the
/// file) or the error reading it.
fn targets(
    cluster: &Cluster,
    p: &args::Parsed,
    ns: &str,
    io: &mut Io,
) -> Result<Vec<Result<Object, CmdError>>, CmdError> {
    let filenames = p.all("filename");
    if !filenames.is_empty() {
        let sources = super::apply::sources_of(io, p)?;
        let mut out = Vec::new();
        for src in &sources {
            let stream = crate::manifest::read(&src.text);
            let mut errs = Vec::new();
            let visit = super::apply::visit(src, &stream, ns, p.has("namespace"), io, &mut errs);
            for prepared in &visit.ready {
                // expose's builder decodes typed objects: a value of the wrong type is refused,
                // fields the type does not have are dropped.
                if let Err(crate::manifest::schema::StrictError::Type { message, .. }) =
                    crate::manifest::decode::server_decode(prepared.kind, &prepared.doc.node)
                {
                    out.push(Err(CmdError::Plain(format!(
                        "unable to decode {}: {message}",
                        crate::manifest::field::go_quote(&src.name)
                    ))));
                    continue;
                }
                let value = prepared.doc.node.to_json();
                match Object::from_value(prepared.kind, value) {
                    Ok(o) => out.push(Ok(o)),
                    Err(e) => out.push(Err(CmdError::Plain(e))),
                }
            }
            out.extend(errs.into_iter().map(Err));
        }
        return Ok(out);
    }
    let pairs: Vec<(Kind, String)> = match resources::select(&p.args) {
        Ok(Selection::Pairs(pairs)) => pairs,
        Ok(Selection::Types { kinds, names }) => {
            if names.is_empty() {
                return Err(CmdError::Plain("resource(s) were provided, but no name was specified".into()));
            }
            kinds.iter().flat_map(|k| names.iter().map(move |n| (*k, n.clone()))).collect()
        }
        Err(SelectionError::Empty) => return Err(CmdError::Plain(MISSING_RESOURCE.into())),
        Err(e) => return Err(CmdError::Plain(e.to_string())),
    };
    Ok(pairs
        .into_iter()
        .map(|(kind, name)| {
            let key = Key::new(if kind.namespaced() { ns } else { "" }, name.as_str());
            cluster
                .store()
                .get(kind, &key)
                .cloned()
                .ok_or_else(|| CmdError::Api { err: crate::cluster::ApiError::not_found(kind, &name), context: None })
        })
        .collect())
}

/// `canBeExposed`.
fn can_be_exposed(kind: Kind) -> Result<(), CmdError> {
    match kind {
        Kind::ReplicationController | Kind::Service | Kind::Pod | Kind::Deployment | Kind::ReplicaSet => Ok(()),
        other => {
            let group = other.info().group;
            let gk = if group.is_empty() { other.name().to_string() } else { format!("{}.{group}", other.name()) };
            Err(CmdError::Plain(format!("cannot expose a {gk}")))
        }
    }
}

/// Go's `%+v` of a `[]metav1.LabelSelectorRequirement`.
fn requirements_dump(sel: &LabelSelector) -> String {
    let items: Vec<String> = sel
        .match_expressions
        .iter()
        .map(|r| format!("{{Key:{} Operator:{} Values:[{}]}}", r.key, r.operator, r.values.join(" ")))
        .collect();
    format!("[{}]", items.join(" "))
}

/// `MakeLabels`: `k=v,k2=v2`.
fn make_labels(m: &BTreeMap<String, String>) -> String {
    m.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")
}

/// `mapBasedSelectorForObject`.
fn selector_for(obj: &Object) -> Result<String, String> {
    let apps = |sel: &LabelSelector, what: &str| {
        if sel.match_labels.is_empty() {
            return Err(format!("invalid {what}: no selectors, therefore cannot be exposed"));
        }
        if !sel.match_expressions.is_empty() {
            return Err(format!(
                "couldn't convert expressions - \"{}\" to map-based selector format",
                requirements_dump(sel)
            ));
        }
        Ok(make_labels(&sel.match_labels))
    };
    match obj {
        Object::ReplicationController(rc) => Ok(make_labels(&rc.spec.selector)),
        Object::Pod(p) => {
            if p.metadata.labels.is_empty() {
                return Err("the pod has no labels and cannot be exposed".into());
            }
            Ok(make_labels(&p.metadata.labels))
        }
        Object::Service(s) => {
            if s.spec.selector.is_empty() {
                return Err("the service has no pod selector set".into());
            }
            Ok(make_labels(&s.spec.selector))
        }
        Object::Deployment(d) => apps(&d.spec.selector, "deployment"),
        Object::ReplicaSet(rs) => apps(&rs.spec.selector, "replicaset"),
        other => Err(format!("cannot extract pod selector from {}", other.kind().name())),
    }
}

fn pod_spec_of(obj: &Object) -> Option<&PodSpec> {
    match obj {
        Object::ReplicationController(rc) => rc.spec.template.as_ref().map(|t| &t.spec),
        Object::Pod(p) => Some(&p.spec),
        Object::Deployment(d) => Some(&d.spec.template.spec),
        Object::ReplicaSet(rs) => Some(&rs.spec.template.spec),
        _ => None,
    }
}

/// `portsForObject` and `multiProtocolsForObject`: the distinct port numbers, and each port's
/// protocols.
fn ports_and_protocols(obj: &Object) -> (Vec<String>, BTreeMap<String, Vec<String>>) {
    let mut ports: Vec<String> = Vec::new();
    let mut protocols: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut add = |port: i32, protocol: &str| {
        let key = port.to_string();
        if !ports.contains(&key) {
            ports.push(key.clone());
        }
        let proto = if protocol.is_empty() { "TCP" } else { protocol };
        protocols.entry(key).or_default().push(proto.to_string());
    };
    if let Object::Service(s) = obj {
        for p in &s.spec.ports {
            add(p.port, &p.protocol);
        }
    } else if let Some(spec) = pod_spec_of(obj) {
        for c in &spec.containers {
            for p in &c.ports {
                add(p.container_port, &p.protocol);
            }
        }
    }
    (ports, protocols)
}

/// `parseLabels`.
fn parse_labels(spec: &str) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for item in spec.split(',') {
        let parts: Vec<&str> = item.split('=').collect();
        let [k, v] = parts.as_slice() else { return Err(format!("unexpected label spec: {item}")) };
        if k.is_empty() {
            return Err("unexpected empty label key".into());
        }
        out.insert((*k).to_string(), (*v).to_string());
    }
    Ok(out)
}

/// Go's `strconv.Atoi` error.
fn atoi(s: &str) -> Result<i64, String> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("strconv.Atoi: parsing {}: invalid syntax", crate::manifest::field::go_quote(s)));
    }
    s.parse::<i64>()
        .map_err(|_| format!("strconv.Atoi: parsing {}: value out of range", crate::manifest::field::go_quote(s)))
}

/// RFC 7386 JSON merge patch (`--override-type=merge`).
fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(p) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    if let Value::Object(t) = target {
        for (k, v) in p {
            if v.is_null() {
                t.remove(k);
            } else {
                merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
    }
}

/// `RunExpose` for one object: the Service it makes, created (or only built, for a client dry run).
fn expose_one(
    cluster: &mut Cluster,
    obj: &Object,
    o: &Options,
    ns: &str,
    enforce_namespace: bool,
    dry_run: DryRun,
    save_config: bool,
) -> Result<Value, CmdError> {
    can_be_exposed(obj.kind())?;
    let default_name: String = obj.name().chars().take(DNS1123_LABEL_MAX_LENGTH).collect();
    let selector = if o.selector.is_empty() {
        selector_for(obj).map_err(|e| {
            CmdError::Plain(format!("couldn't retrieve selectors via --selector flag or introspection: {e}"))
        })?
    } else {
        o.selector.clone()
    };
    let headless = o.cluster_ip == "None";
    let (object_ports, protocols) = ports_and_protocols(obj);
    let port_string = if o.port.is_empty() {
        if object_ports.is_empty() && !headless {
            return Err(CmdError::Plain("couldn't find port via --port flag or introspection".into()));
        }
        object_ports.join(",")
    } else {
        o.port.clone()
    };
    let labels = if o.labels.is_empty() { make_labels(&obj.meta().labels) } else { o.labels.clone() };

    // createService
    if selector.is_empty() {
        return Err(CmdError::Plain("selector must be specified".into()));
    }
    let selector = parse_labels(&selector).map_err(CmdError::Plain)?;
    let labels = if labels.is_empty() { BTreeMap::new() } else { parse_labels(&labels).map_err(CmdError::Plain)? };
    let name = if o.name.is_empty() { default_name } else { o.name.clone() };
    if name.is_empty() {
        return Err(CmdError::Plain("name must be specified".into()));
    }
    let mut ports: Vec<Value> = Vec::new();
    if !port_string.is_empty() {
        let pieces: Vec<&str> = port_string.split(',').collect();
        for (i, piece) in pieces.iter().enumerate() {
            let port = atoi(piece).map_err(CmdError::Plain)?;
            let port_name = if pieces.len() > 1 { format!("port-{}", i + 1) } else { String::new() };
            let mut protocol = o.protocol.clone();
            if protocol.is_empty() {
                protocol = "TCP".into();
                if let Some(list) = protocols.get(*piece) {
                    if let [only] = list.as_slice() {
                        protocol.clone_from(only);
                    } else {
                        for p in list {
                            let n = format!("port-{}-{}", i + 1, p.to_ascii_lowercase());
                            ports.push(obj! {"name": n, "port": port, "protocol": p.as_str()});
                        }
                        continue;
                    }
                }
            }
            let mut entry = Map::new();
            entry.put("port", Value::from(port));
            entry.put("protocol", Value::String(protocol));
            if !port_name.is_empty() {
                entry.put("name", Value::String(port_name));
            }
            ports.push(Value::Object(entry));
        }
    }
    let target = if o.target_port.is_empty() {
        None
    } else {
        Some(match o.target_port.parse::<i32>() {
            Ok(n) => Value::from(n),
            Err(_) => Value::String(o.target_port.clone()),
        })
    };
    for p in &mut ports {
        let t = target.clone().unwrap_or_else(|| p.get("port").cloned().unwrap_or(Value::Null));
        if let Some(m) = p.as_object_mut() {
            m.put("targetPort", t);
        }
    }
    let mut metadata = Map::new();
    metadata.put("creationTimestamp", Value::Null);
    metadata.put("name", Value::String(name.clone()));
    if !labels.is_empty() {
        metadata.put("labels", string_map(&labels));
    }
    let mut spec = Map::new();
    if !ports.is_empty() {
        spec.put("ports", Value::Array(ports));
    }
    spec.put("selector", string_map(&selector));
    if !o.external_ip.is_empty() {
        spec.put("externalIPs", Value::Array(vec![Value::String(o.external_ip.clone())]));
    }
    if !o.type_.is_empty() {
        spec.put("type", Value::String(o.type_.clone()));
    }
    if o.type_ == "LoadBalancer" && !o.load_balancer_ip.is_empty() {
        spec.put("loadBalancerIP", Value::String(o.load_balancer_ip.clone()));
    }
    if !o.session_affinity.is_empty() {
        match o.session_affinity.as_str() {
            "None" | "ClientIP" => {
                spec.put("sessionAffinity", Value::String(o.session_affinity.clone()));
            }
            other => return Err(CmdError::Plain(format!("unknown session affinity: {other}"))),
        }
    }
    if !o.cluster_ip.is_empty() {
        spec.put("clusterIP", Value::String(o.cluster_ip.clone()));
    }
    let mut svc = obj! {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": metadata,
        "spec": spec,
        "status": obj!{"loadBalancer": obj!{}}
    };
    if !o.overrides.is_empty() {
        let patch: Value = crate::json::from_str(&o.overrides).map_err(|e| {
            CmdError::Plain(format!("unable to parse {}: {e}", crate::manifest::field::go_quote(&o.overrides)))
        })?;
        merge_patch(&mut svc, &patch);
    }
    if dry_run == DryRun::Client {
        if enforce_namespace {
            if let Some(m) = metadata_mut(&mut svc) {
                m.put("namespace", Value::from(ns));
            }
        }
        return Ok(svc);
    }
    if save_config {
        let recorded = last_applied_json(&svc);
        if let Some(m) = metadata_mut(&mut svc) {
            let mut annotations = Map::new();
            annotations.put(LAST_APPLIED, Value::String(recorded));
            m.put("annotations", Value::Object(annotations));
        }
    }
    let mut to_send = svc;
    if let Some(m) = metadata_mut(&mut to_send) {
        m.put("namespace", Value::from(ns));
        m.remove("creationTimestamp");
    }
    if let Some(m) = to_send.as_object_mut() {
        m.remove("status");
    }
    match cluster.create_value(Kind::Service, to_send, dry_run == DryRun::Server) {
        Ok(created) => Ok(created.to_printed_value()),
        Err(err) => Err(CmdError::Api { err, context: None }),
    }
}

/// The object's metadata, made an object if an override replaced it with something else.
fn metadata_mut(v: &mut Value) -> Option<&mut Map<String, Value>> {
    let obj = v.as_object_mut()?;
    let meta = obj.entry("metadata".to_owned()).or_insert_with(|| Value::Object(Map::new()));
    if !meta.is_object() {
        *meta = Value::Object(Map::new());
    }
    meta.as_object_mut()
}

/// Prints the Service as `-o` asks, or `service/NAME exposed`.
fn print(io: &mut Io, svc: &Value, output: &str, dry_run: DryRun) {
    let name = svc.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("");
    match output {
        "name" => io.outlnf(format_args!("service/{name}")),
        "yaml" => io.out.push_str(&super::yaml::to_yaml(svc)),
        "json" => io.out.push_str(&super::get::json_text(svc)),
        _ => {
            let suffix = match dry_run {
                DryRun::None => "",
                DryRun::Client => " (dry run)",
                DryRun::Server => " (server dry run)",
            };
            io.outlnf(format_args!("service/{name} exposed{suffix}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    #[test]
    fn label_specs_parse_as_kubectl_parses_them() {
        type Want = Result<Vec<(&'static str, &'static str)>, &'static str>;
        let cases: [(&str, Want); 5] = [
            ("app=web", Ok(vec![("app", "web")])),
            ("app=web,tier=fe", Ok(vec![("app", "web"), ("tier", "fe")])),
            ("app", Err("unexpected label spec: app")),
            ("a=b=c", Err("unexpected label spec: a=b=c")),
            ("=x", Err("unexpected empty label key")),
        ];
        for (spec, want) in cases {
            let got = parse_labels(spec);
            let want = want.map(|v| v.into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect());
            assert_eq!(got, want.map_err(str::to_string), "{spec}");
        }
    }

    #[test]
    fn ports_that_are_not_numbers_fail_as_go_atoi_does() {
        assert_eq!(atoi("6379"), Ok(6379));
        assert_eq!(atoi("http"), Err("strconv.Atoi: parsing \"http\": invalid syntax".to_string()));
        assert_eq!(atoi(""), Err("strconv.Atoi: parsing \"\": invalid syntax".to_string()));
    }

    #[test]
    fn a_merge_patch_replaces_adds_and_removes_fields() {
        let mut v = json!({"spec": {"type": "ClusterIP", "ports": [1]}, "metadata": {"name": "x"}});
        merge_patch(&mut v, &json!({"spec": {"type": "NodePort", "ports": null}, "metadata": {"labels": {"a": "b"}}}));
        assert_eq!(v, json!({"spec": {"type": "NodePort"}, "metadata": {"name": "x", "labels": {"a": "b"}}}));
    }
}
