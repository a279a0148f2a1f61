//! discovery.k8s.io/v1 EndpointSlices (pkg/apis/discovery/validation). Paths have no `spec.`
//! prefix: `addressType`, `endpoints[0].addresses[0]`, `ports[1].name`.

use crate::json::Value;

use super::core::validate_non_special_ip;
use super::meta::{validate_labels, validate_object_meta};
use super::names::{
    is_dns1123_label, is_dns1123_subdomain, is_qualified_name, is_valid_label_value, name_is_dns_subdomain,
};
use super::net::parse_ip;
use super::path::Path;
use super::pod::validate_protocol;
use super::value::push;
use super::value::{
    arr, get, get_str, internal, invalid_each, invalid_str, required, str_list, str_map, str_of, too_many,
};
use crate::manifest::field::{go_quote, FieldError};

const MAX_ENDPOINTS: usize = 1000;
const MAX_ADDRESSES: usize = 100;
const MAX_PORTS: usize = 20000;
const MAX_TOPOLOGY_LABELS: usize = 16;
const MAX_ZONE_HINTS: usize = 8;

/// `IsFullyQualifiedDomainName`.
fn validate_fqdn(name: &str, p: &Path) -> Vec<FieldError> {
    if name.is_empty() {
        return push::one(required(p, ""));
    }
    let name = name.strip_suffix('.').unwrap_or(name);
    let errs = is_dns1123_subdomain(name);
    if !errs.is_empty() {
        return push::one(invalid_str(p, name, &errs.join(",")));
    }
    if name.split('.').count() < 2 {
        return push::one(invalid_str(p, name, "should be a domain with at least two segments separated by dots"));
    }
    for label in name.split('.') {
        let errs = is_dns1123_label(label);
        if !errs.is_empty() {
            return push::one(invalid_str(p, label, &errs.join(",")));
        }
    }
    Vec::new()
}

/// `validateEndpoints`.
fn validate_endpoints(endpoints: &[Value], address_type: &str, p: &Path) -> Vec<FieldError> {
    if endpoints.len() > MAX_ENDPOINTS {
        return push::one(too_many(p, endpoints.len(), MAX_ENDPOINTS));
    }
    let mut errs = Vec::new();
    for (i, ep) in endpoints.iter().enumerate() {
        let ip = p.index(i);
        let ap = ip.child("addresses");
        let addresses = str_list(ep, "addresses");
        if addresses.is_empty() {
            push::required(&mut errs, &ap, "", "must contain at least 1 address");
        } else if addresses.len() > MAX_ADDRESSES {
            errs.push(too_many(&ap, addresses.len(), MAX_ADDRESSES));
        }
        for (j, a) in addresses.iter().enumerate() {
            let aip = ap.index(j);
            match address_type {
                "IPv4" => {
                    if !parse_ip(a).is_some_and(|x| x.is_v4()) {
                        push::invalid_str(&mut errs, &aip, "", a, "must be a valid IPv4 address");
                    }
                    errs.extend(validate_non_special_ip(a, &aip));
                }
                "IPv6" => {
                    if parse_ip(a).is_none_or(|x| x.is_v4()) {
                        push::invalid_str(&mut errs, &aip, "", a, "must be a valid IPv6 address");
                    }
                    errs.extend(validate_non_special_ip(a, &aip));
                }
                "FQDN" => errs.extend(validate_fqdn(a, &aip)),
                _ => {}
            }
        }
        if let Some(node) = get_str(ep, "nodeName") {
            invalid_each(&mut errs, &ip, "nodeName", node, name_is_dns_subdomain(node, false));
        }
        let tp = ip.child("deprecatedTopology");
        let topology = str_map(ep, "deprecatedTopology").unwrap_or_default();
        if topology.len() > MAX_TOPOLOGY_LABELS {
            errs.push(too_many(&tp, topology.len(), MAX_TOPOLOGY_LABELS));
        }
        errs.extend(validate_labels(Some(&topology), &tp));
        if topology.iter().any(|(k, _)| *k == "topology.kubernetes.io/zone") {
            errs.push(internal(&tp.key("topology.kubernetes.io/zone"), "reserved key was not removed in conversion"));
        }
        if let Some(h) = get_str(ep, "hostname") {
            invalid_each(&mut errs, &ip, "hostname", h, is_dns1123_label(h));
        }
        if let Some(hints) = get(ep, "hints") {
            let fzp = ip.child("hints").child("forZones");
            let zones = arr(hints, "forZones");
            if zones.len() > MAX_ZONE_HINTS {
                errs.push(too_many(&fzp, zones.len(), MAX_ZONE_HINTS));
                continue;
            }
            let mut seen: Vec<&str> = Vec::new();
            for (j, z) in zones.iter().enumerate() {
                let zp = fzp.index(j).child("name");
                let name = str_of(z, "name");
                if seen.contains(&name) {
                    push::duplicate(&mut errs, &zp, "", go_quote(name));
                } else {
                    seen.push(name);
                }
                invalid_each(&mut errs, &zp, "", name, is_valid_label_value(name));
            }
        }
    }
    errs
}

/// `validatePorts`. Two unnamed ports count as a duplicate name, as upstream.
fn validate_ports(ports: &[Value], p: &Path) -> Vec<FieldError> {
    if ports.len() > MAX_PORTS {
        return push::one(too_many(p, ports.len(), MAX_PORTS));
    }
    let mut errs = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    for (i, port) in ports.iter().enumerate() {
        let ip = p.index(i);
        let name = str_of(port, "name");
        if !name.is_empty() {
            invalid_each(&mut errs, &ip, "name", name, is_dns1123_label(name));
        }
        if names.contains(&name) {
            push::duplicate(&mut errs, &ip, "name", go_quote(name));
        } else {
            names.push(name);
        }
        match get_str(port, "protocol") {
            None => push::required(&mut errs, &ip, "protocol", ""),
            Some(pr) => {
                errs.extend(validate_protocol(pr, &ip.child("protocol")).into_iter().filter(|_| !pr.is_empty()))
            }
        }
        if let Some(ap) = get_str(port, "appProtocol") {
            invalid_each(&mut errs, &ip, "appProtocol", ap, is_qualified_name(ap));
        }
    }
    errs
}

/// `ValidateEndpointSlice`.
pub(crate) fn validate_endpoint_slice(obj: &Value) -> Vec<FieldError> {
    let mut errs = validate_object_meta(obj, true, name_is_dns_subdomain, &Path::new("metadata"));
    let address_type = str_of(obj, "addressType");
    let atp = Path::new("addressType");
    if address_type.is_empty() {
        push::required(&mut errs, &atp, "", "");
    } else if !["FQDN", "IPv4", "IPv6"].contains(&address_type) {
        push::not_supported(&mut errs, &atp, "", address_type, &["FQDN", "IPv4", "IPv6"]);
    }
    errs.extend(validate_endpoints(arr(obj, "endpoints"), address_type, &Path::new("endpoints")));
    errs.extend(validate_ports(arr(obj, "ports"), &Path::new("ports")));
    errs
}

/// `ValidateEndpointSliceUpdate`: the address type is immutable.
pub(crate) fn validate_endpoint_slice_update(obj: &Value, old: &Value) -> Vec<FieldError> {
    let mut errs = validate_endpoint_slice(obj);
    let (new_type, old_type) = (str_of(obj, "addressType"), str_of(old, "addressType"));
    if new_type != old_type {
        push::invalid(&mut errs, &Path::new("addressType"), "", go_quote(new_type), "field is immutable");
    }
    errs
}
