//! core/v1 kinds other than Pod and Service: ReplicationController, Namespace, Node, Endpoints
//! and Event (legacy core/v1 event rules) (pkg/apis/core/validation).

use crate::json::Value;

use super::apps::{nonnegative, restart_always_and_no_deadline};
use super::meta::{
    validate_kube_finalizer_name, validate_label_name, validate_object_meta, validate_object_meta_update,
};
use super::names::{
    is_dns1123_label, is_dns1123_subdomain, is_qualified_name, is_valid_label_value, is_valid_port_num,
    name_is_dns_label, name_is_dns_subdomain,
};
use super::net::parse_ip;
use super::path::Path;
use super::pod::{
    quantity_of, template_labels, validate_pod_template_spec, validate_protocol, validate_resource_quantity_value,
    validate_taint_effect,
};
use super::value::push;
use super::value::{
    arr, duplicate, get, get_obj, go_map_dump, i64_of, invalid_each, invalid_str, str_list, str_map, str_of,
};
use crate::manifest::field::{go_quote, FieldError};

fn spec_of(obj: &Value) -> &Value {
    static EMPTY: Value = Value::Null;
    get_obj(obj, "spec").unwrap_or(&EMPTY)
}

/// `ValidateReplicationControllerSpec` with `ValidatePodTemplateSpecForRC`. The selector is a
/// plain map; it is only required to be non-empty.
fn validate_replication_controller_spec(spec: &Value, p: &Path) -> Vec<FieldError> {
    let mut errs = nonnegative(spec, "minReadySeconds", p);
    let selector = str_map(spec, "selector").unwrap_or_default();
    if selector.is_empty() {
        push::required(&mut errs, p, "selector", "");
    }
    errs.extend(nonnegative(spec, "replicas", p));
    let tp = p.child("template");
    match get_obj(spec, "template") {
        None => push::required(&mut errs, &tp, "", ""),
        Some(template) => {
            let labels = template_labels(template);
            let label_set = labels.as_deref().unwrap_or(&[]);
            let matches = selector.iter().all(|(k, v)| label_set.iter().any(|(lk, lv)| lk == k && lv == v));
            if !selector.is_empty() && !matches {
                push::invalid(
                    &mut errs,
                    &tp.child("metadata"),
                    "labels",
                    go_map_dump(labels.as_deref()),
                    "`selector` does not match template `labels`",
                );
            }
            errs.extend(validate_pod_template_spec(template, &tp));
            errs.extend(restart_always_and_no_deadline(template, &tp, "ReplicationController"));
        }
    }
    errs
}

/// `ValidateReplicationController`.
pub(crate) fn validate_replication_controller(obj: &Value) -> Vec<FieldError> {
    let mut errs = validate_object_meta(obj, true, name_is_dns_subdomain, &Path::new("metadata"));
    errs.extend(validate_replication_controller_spec(spec_of(obj), &Path::new("spec")));
    errs
}

/// The ReplicationController strategy's `ValidateUpdate` (the selector stays mutable).
pub(crate) fn validate_replication_controller_update(obj: &Value, old: &Value) -> Vec<FieldError> {
    let mut errs = validate_replication_controller(obj);
    errs.extend(validate_object_meta_update(obj, old, &Path::new("metadata")));
    errs.extend(validate_replication_controller_spec(spec_of(obj), &Path::new("spec")));
    errs
}

/// `ValidateNamespace`: a DNS label name, and finalizers that are qualified or standard names
/// (reported at `spec.finalizers`, without an index).
pub(crate) fn validate_namespace(obj: &Value) -> Vec<FieldError> {
    let mut errs = validate_object_meta(obj, false, name_is_dns_label, &Path::new("metadata"));
    let fp = Path::new("spec").child("finalizers");
    for f in str_list(spec_of(obj), "finalizers") {
        invalid_each(&mut errs, &fp, "", f, is_qualified_name(f));
        errs.extend(validate_kube_finalizer_name(f, &fp));
    }
    errs
}

/// The Namespace strategy's `ValidateUpdate`.
pub(crate) fn validate_namespace_update(obj: &Value, old: &Value) -> Vec<FieldError> {
    let mut errs = validate_namespace(obj);
    errs.extend(validate_object_meta_update(obj, old, &Path::new("metadata")));
    errs
}

/// Go's `%#v` of a `core.Taint` (a set `timeAdded` prints as a pointer address upstream).
fn taint_dump(t: &Value) -> String {
    let added = if get(t, "timeAdded").is_some() { "(*v1.Time)(0xc000a1b2e0)" } else { "(*v1.Time)(nil)" };
    format!(
        "core.Taint{{Key:{}, Value:{}, Effect:{}, TimeAdded:{added}}}",
        go_quote(str_of(t, "key")),
        go_quote(str_of(t, "value")),
        go_quote(str_of(t, "effect"))
    )
}

/// `validateNodeTaints`. Upstream passes `metadata` as the parent path, so taint errors read
/// `metadata.taints[0]...`.
fn validate_node_taints(taints: &[Value], p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut unique: Vec<(&str, &str)> = Vec::new();
    for (i, t) in taints.iter().enumerate() {
        let ip = p.index(i);
        let (key, value, effect) = (str_of(t, "key"), str_of(t, "value"), str_of(t, "effect"));
        errs.extend(validate_label_name(key, &ip.child("key")));
        let msgs = is_valid_label_value(value);
        if !msgs.is_empty() {
            push::invalid_str(&mut errs, &ip, "value", value, &msgs.join(";"));
        }
        errs.extend(validate_taint_effect(effect, false, &ip.child("effect")));
        if unique.contains(&(effect, key)) {
            let mut e = duplicate(&ip, taint_dump(t));
            e.detail = "taints must be unique by key and effect pair".to_string();
            errs.push(e);
            continue;
        }
        unique.push((effect, key));
    }
    errs
}

/// Whether `s` is a CIDR `ParseCIDRSloppy` accepts.
fn is_valid_cidr(s: &str) -> bool {
    let Some((ip, bits)) = s.split_once('/') else {
        return false;
    };
    let Some(addr) = parse_ip(ip) else {
        return false;
    };
    let max = if addr.is_v4() && !ip.contains(':') { 32 } else { 128 };
    !bits.is_empty() && bits.bytes().all(|c| c.is_ascii_digit()) && bits.parse::<u32>().is_ok_and(|b| b <= max)
}

/// `ValidateNodeResources`: capacity and allocatable quantities.
fn validate_node_resources(obj: &Value) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let empty = Value::Null;
    let status = get_obj(obj, "status").unwrap_or(&empty);
    for key in ["capacity", "allocatable"] {
        let Some(Value::Object(m)) = get(status, key) else {
            continue;
        };
        for (name, v) in m {
            if let Some(q) = quantity_of(v) {
                errs.extend(validate_resource_quantity_value(name, &q, &Path::new("status").child(key).child(name)));
            }
        }
    }
    errs
}

/// `ValidateNode`.
pub(crate) fn validate_node(obj: &Value) -> Vec<FieldError> {
    let mp = Path::new("metadata");
    let mut errs = validate_object_meta(obj, false, name_is_dns_subdomain, &mp);
    errs.extend(validate_node_taints(arr(spec_of(obj), "taints"), &mp.child("taints")));
    errs.extend(validate_node_resources(obj));
    let cidrs = str_list(spec_of(obj), "podCIDRs");
    let cp = Path::new("spec").child("podCIDRs");
    for (i, c) in cidrs.iter().enumerate() {
        if !is_valid_cidr(c) {
            push::invalid_str(
                &mut errs,
                &cp.index(i),
                "",
                c,
                "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)",
            );
        }
    }
    if cidrs.len() > 1 {
        let mut seen: Vec<&str> = Vec::new();
        for (i, c) in cidrs.iter().enumerate() {
            if seen.contains(c) {
                push::duplicate(&mut errs, &cp.index(i), "", go_quote(c));
            }
            seen.push(c);
        }
    }
    errs
}

/// The Node strategy's `ValidateUpdate` (`ValidateNode` then `ValidateNodeUpdate`).
pub(crate) fn validate_node_update(obj: &Value, old: &Value) -> Vec<FieldError> {
    let mut errs = validate_node(obj);
    errs.extend(validate_object_meta_update(obj, old, &Path::new("metadata")));
    errs.extend(validate_node_resources(obj));
    let (spec, old_spec) = (spec_of(obj), spec_of(old));
    let (cidrs, old_cidrs) = (str_list(spec, "podCIDRs"), str_list(old_spec, "podCIDRs"));
    let cidr_msg = "node updates may not change podCIDR except from \"\" to valid";
    if !old_cidrs.is_empty() {
        if old_cidrs.len() != cidrs.len() {
            push::forbidden(&mut errs, &Path::new("spec"), "podCIDRs", cidr_msg);
        } else {
            for (o, n) in old_cidrs.iter().zip(&cidrs) {
                if o != n {
                    push::forbidden(&mut errs, &Path::new("spec"), "podCIDRs", cidr_msg);
                }
            }
        }
    }
    let old_provider = str_of(old_spec, "providerID");
    if !old_provider.is_empty() && old_provider != str_of(spec, "providerID") {
        push::forbidden(
            &mut errs,
            &Path::new("spec"),
            "providerID",
            "node updates may not change providerID except from \"\" to valid",
        );
    }
    errs.extend(validate_node_taints(arr(spec, "taints"), &Path::new("metadata").child("taints")));
    if str_of(spec, "externalID") != str_of(old_spec, "externalID") {
        push::forbidden(&mut errs, &Path::new("spec"), "externalID", "may not be updated");
    }
    errs
}

/// `ValidateNonSpecialIP`.
pub(crate) fn validate_non_special_ip(ip: &str, p: &Path) -> Vec<FieldError> {
    let Some(addr) = parse_ip(ip) else {
        return push::one(invalid_str(p, ip, "must be a valid IP address"));
    };
    let mut errs = Vec::new();
    if addr.is_unspecified() {
        push::invalid_str(&mut errs, p, "", ip, &format!("may not be unspecified ({ip})"));
    }
    if addr.is_loopback() {
        push::invalid_str(&mut errs, p, "", ip, "may not be in the loopback range (127.0.0.0/8, ::1/128)");
    }
    if addr.is_link_local_unicast() {
        push::invalid_str(&mut errs, p, "", ip, "may not be in the link-local range (169.254.0.0/16, fe80::/10)");
    }
    if addr.is_link_local_multicast() {
        push::invalid_str(
            &mut errs,
            p,
            "",
            ip,
            "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)",
        );
    }
    errs
}

/// `IsValidIP` as a field error.
pub(crate) fn validate_ip(ip: &str, p: &Path) -> Vec<FieldError> {
    if parse_ip(ip).is_some() {
        Vec::new()
    } else {
        push::one(invalid_str(p, ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"))
    }
}

/// `validateEndpointAddress`.
fn validate_endpoint_address(a: &Value, p: &Path) -> Vec<FieldError> {
    let ip = str_of(a, "ip");
    let mut errs = validate_ip(ip, &p.child("ip"));
    let hostname = str_of(a, "hostname");
    if !hostname.is_empty() {
        invalid_each(&mut errs, p, "hostname", hostname, is_dns1123_label(hostname));
    }
    if let Some(node) = get(a, "nodeName").and_then(Value::as_str) {
        invalid_each(&mut errs, p, "nodeName", node, name_is_dns_subdomain(node, false));
    }
    errs.extend(validate_non_special_ip(ip, &p.child("ip")));
    errs
}

/// `validateEndpointSubsets`. Endpoints have no `spec`: paths start at `subsets`.
fn validate_endpoint_subsets(subsets: &[Value], p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (i, ss) in subsets.iter().enumerate() {
        let ip = p.index(i);
        let (addrs, not_ready) = (arr(ss, "addresses"), arr(ss, "notReadyAddresses"));
        if addrs.is_empty() && not_ready.is_empty() {
            push::required(&mut errs, &ip, "", "must specify `addresses` or `notReadyAddresses`");
        }
        for (j, a) in addrs.iter().enumerate() {
            errs.extend(validate_endpoint_address(a, &ip.child("addresses").index(j)));
        }
        for (j, a) in not_ready.iter().enumerate() {
            errs.extend(validate_endpoint_address(a, &ip.child("notReadyAddresses").index(j)));
        }
        let ports = arr(ss, "ports");
        for (j, port) in ports.iter().enumerate() {
            let pp = ip.child("ports").index(j);
            let name = str_of(port, "name");
            if ports.len() > 1 && name.is_empty() {
                push::required(&mut errs, &pp, "name", "");
            } else if !name.is_empty() {
                invalid_each(&mut errs, &pp, "name", name, is_dns1123_label(name));
            }
            let n = i64_of(port, "port");
            for m in is_valid_port_num(n) {
                push::invalid(&mut errs, &pp, "port", n.to_string(), &m);
            }
            errs.extend(validate_protocol(str_of(port, "protocol"), &pp.child("protocol")));
            if let Some(ap) = get(port, "appProtocol").and_then(Value::as_str) {
                invalid_each(&mut errs, &pp, "appProtocol", ap, is_qualified_name(ap));
            }
        }
    }
    errs
}

/// `ValidateEndpoints`.
pub(crate) fn validate_endpoints(obj: &Value) -> Vec<FieldError> {
    let mut errs = validate_object_meta(obj, true, name_is_dns_subdomain, &Path::new("metadata"));
    errs.extend(validate_endpoint_subsets(arr(obj, "subsets"), &Path::new("subsets")));
    errs
}

/// `ValidateEndpointsUpdate`.
pub(crate) fn validate_endpoints_update(obj: &Value, old: &Value) -> Vec<FieldError> {
    let mut errs = validate_object_meta_update(obj, old, &Path::new("metadata"));
    errs.extend(validate_endpoints(obj));
    errs
}

/// `legacyValidateEvent` for core/v1 requests, which is all core/v1 Events get (no metadata
/// checks, no immutability on update).
pub(crate) fn validate_event(obj: &Value) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let empty = Value::Null;
    let meta = get_obj(obj, "metadata").unwrap_or(&empty);
    let namespace = str_of(meta, "namespace");
    let involved = get_obj(obj, "involvedObject").unwrap_or(&empty);
    let involved_ns = str_of(involved, "namespace");
    let ins = Path::new("involvedObject").child("namespace");
    if get(obj, "eventTime").is_none() {
        if involved_ns.is_empty() {
            if !namespace.is_empty() && namespace != "default" {
                push::invalid_str(&mut errs, &ins, "", involved_ns, "does not match event.namespace");
            }
        } else if namespace != involved_ns {
            push::invalid_str(&mut errs, &ins, "", involved_ns, "does not match event.namespace");
        }
    } else {
        if involved_ns.is_empty() && namespace != "default" && namespace != "kube-system" {
            push::invalid_str(&mut errs, &ins, "", involved_ns, "does not match event.namespace");
        }
        let rc = str_of(obj, "reportingComponent");
        let rcp = Path::new("reportingComponent");
        if rc.is_empty() {
            push::required(&mut errs, &rcp, "", "");
        }
        invalid_each(&mut errs, &rcp, "", rc, is_qualified_name(rc));
        for (key, limit) in [("reportingInstance", 128usize), ("action", 128), ("reason", 128)] {
            let v = str_of(obj, key);
            if v.is_empty() {
                push::required(&mut errs, &Path::new(key), "", "");
            }
            if v.len() > limit {
                push::invalid_str(&mut errs, &Path::new(key), "", "", &format!("can have at most {limit} characters"));
            }
        }
        if str_of(obj, "message").len() > 1024 {
            push::invalid_str(&mut errs, &Path::new("message"), "", "", "can have at most 1024 characters");
        }
    }
    invalid_each(&mut errs, &Path::new("namespace"), "", namespace, is_dns1123_subdomain(namespace));
    errs
}
