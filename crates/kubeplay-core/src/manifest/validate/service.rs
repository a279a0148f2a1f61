//! Services (pkg/apis/core/validation `ValidateService`, `validateServicePort`,
//! `ValidateServiceClusterIPsRelatedFields`, the update rules, and the strategy's
//! `NormalizeClusterIPs`), as of v1.32: externally-accessible traffic policy wording,
//! `trafficDistribution`, the kubelet-port rule still in place. Allocation is not checked here.

use crate::json::Value;

use super::core::{validate_ip, validate_non_special_ip};
use super::meta::{validate_object_meta, validate_object_meta_update};
use super::names::{
    is_dns1123_label, is_dns1123_subdomain, is_qualified_name, is_valid_port_num, name_is_dns1035_label,
};
use super::net::parse_ip;
use super::path::Path;
use super::pod::validate_protocol;
use super::value::push;
use super::value::{
    arr, get, get_i64, get_obj, get_str, go_string_slice, i64_of, invalid_each, str_list, str_map, str_of, IntOrString,
};
use crate::manifest::field::{go_quote, FieldError};

/// The fields of a Service spec validation reads, after `NormalizeClusterIPs`.
struct Svc<'a> {
    spec: &'a Value,
    cluster_ip: String,
    cluster_ips: Vec<String>,
}

impl<'a> Svc<'a> {
    fn ty(&self) -> &'a str {
        str_of(self.spec, "type")
    }

    /// `isHeadlessService`.
    fn headless(&self) -> bool {
        self.cluster_ips.len() == 1 && self.cluster_ips.first().is_some_and(|ip| ip == "None")
    }

    /// `apiservice.ExternallyAccessible`.
    fn externally_accessible(&self) -> bool {
        matches!(self.ty(), "LoadBalancer" | "NodePort")
            || (self.ty() == "ClusterIP" && !arr(self.spec, "externalIPs").is_empty())
    }

    /// `apiservice.NeedsHealthCheck`.
    fn needs_health_check(&self) -> bool {
        self.ty() == "LoadBalancer" && str_of(self.spec, "externalTrafficPolicy") == "Local"
    }
}

/// Reads a Service, applying the create half of `NormalizeClusterIPs` (a lone `clusterIP` fills
/// `clusterIPs`).
fn read(obj: &Value) -> Svc<'_> {
    static EMPTY: Value = Value::Null;
    let spec = get_obj(obj, "spec").unwrap_or(&EMPTY);
    let cluster_ip = str_of(spec, "clusterIP").to_string();
    let mut cluster_ips: Vec<String> = str_list(spec, "clusterIPs").into_iter().map(str::to_string).collect();
    if !cluster_ip.is_empty() && cluster_ips.is_empty() {
        cluster_ips = vec![cluster_ip.clone()];
    }
    Svc { spec, cluster_ip, cluster_ips }
}

fn ips_dump(ips: &[String]) -> String {
    let refs: Vec<&str> = ips.iter().map(String::as_str).collect();
    go_string_slice(Some(&refs))
}

/// `validateServicePort`.
fn validate_service_port(port: &Value, require_name: bool, names: &mut Vec<String>, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let name = str_of(port, "name");
    if require_name && name.is_empty() {
        push::required(&mut errs, p, "name", "");
    } else if !name.is_empty() {
        invalid_each(&mut errs, p, "name", name, is_dns1123_label(name));
        if names.iter().any(|n| n == name) {
            push::duplicate(&mut errs, p, "name", go_quote(name));
        } else {
            names.push(name.to_string());
        }
    }
    let n = i64_of(port, "port");
    for m in is_valid_port_num(n) {
        push::invalid(&mut errs, p, "port", n.to_string(), &m);
    }
    errs.extend(validate_protocol(str_of(port, "protocol"), &p.child("protocol")));
    match IntOrString::from_value(get(port, "targetPort")).unwrap_or(IntOrString::Int(0)) {
        IntOrString::Int(t) => {
            for m in is_valid_port_num(t) {
                push::invalid(&mut errs, p, "targetPort", t.to_string(), &m);
            }
        }
        IntOrString::Str(s) => {
            invalid_each(&mut errs, p, "targetPort", &s, super::names::is_valid_port_name(&s));
        }
    }
    if let Some(ap) = get_str(port, "appProtocol") {
        invalid_each(&mut errs, p, "appProtocol", ap, is_qualified_name(ap));
    }
    errs
}

/// `ValidateServiceClusterIPsRelatedFields`.
fn validate_cluster_ips_related(svc: &Svc) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if svc.ty() == "ExternalName" {
        return errs;
    }
    let sp = Path::new("spec");
    let ips_path = sp.child("clusterIPs");
    if !svc.cluster_ip.is_empty() {
        if svc.cluster_ips.is_empty() {
            push::required(&mut errs, &ips_path, "", "");
        } else if svc.cluster_ips.first() != Some(&svc.cluster_ip) {
            push::invalid(&mut errs, &ips_path, "", ips_dump(&svc.cluster_ips), "first value must match `clusterIP`");
        }
    } else if !svc.cluster_ips.is_empty() {
        push::invalid(
            &mut errs,
            &ips_path,
            "",
            ips_dump(&svc.cluster_ips),
            "must be empty when `clusterIP` is not specified",
        );
    }
    let families = str_list(svc.spec, "ipFamilies");
    let mut seen: Vec<&str> = Vec::new();
    for (i, f) in families.iter().enumerate() {
        if *f != "IPv4" && *f != "IPv6" {
            push::not_supported(&mut errs, &sp.child("ipFamilies").index(i), "", f, &["IPv4", "IPv6"]);
        }
        if seen.contains(f) {
            push::duplicate(&mut errs, &sp.child("ipFamilies").index(i), "", go_quote(f));
        }
        seen.push(f);
    }
    if let Some(policy) = get_str(svc.spec, "ipFamilyPolicy") {
        if !["PreferDualStack", "RequireDualStack", "SingleStack"].contains(&policy) {
            push::not_supported(
                &mut errs,
                &sp,
                "ipFamilyPolicy",
                policy,
                &["PreferDualStack", "RequireDualStack", "SingleStack"],
            );
        }
    }
    let mut has_invalid = false;
    for (i, ip) in svc.cluster_ips.iter().enumerate() {
        if i == 0 && ip == "None" {
            if svc.cluster_ips.len() > 1 {
                has_invalid = true;
                push::invalid(
                    &mut errs,
                    &ips_path,
                    "",
                    ips_dump(&svc.cluster_ips),
                    "'None' must be the first and only value",
                );
            }
            continue;
        }
        let e = validate_ip(ip, &ips_path.index(i));
        has_invalid |= !e.is_empty();
        errs.extend(e);
    }
    if svc.cluster_ips.len() > 2 {
        push::invalid(&mut errs, &ips_path, "", ips_dump(&svc.cluster_ips), "may only hold up to 2 values");
    }
    if has_invalid {
        return errs;
    }
    let is_v6 = |ip: &str| parse_ip(ip).is_some_and(|a| !a.is_v4());
    if svc.cluster_ips.len() > 1 {
        let v6_count = svc.cluster_ips.iter().filter(|ip| is_v6(ip)).count();
        if svc.cluster_ips.len() != 2 || v6_count != 1 {
            push::invalid(
                &mut errs,
                &ips_path,
                "",
                ips_dump(&svc.cluster_ips),
                "may specify no more than one IP for each IP family",
            );
        }
    }
    if !svc.headless() {
        for (i, (ip, family)) in svc.cluster_ips.iter().zip(&families).enumerate() {
            if *family == "IPv4" && is_v6(ip) {
                push::invalid_str(
                    &mut errs,
                    &ips_path.index(i),
                    "",
                    ip,
                    &format!("expected an IPv4 value as indicated by `ipFamilies[{i}]`"),
                );
            }
            if *family == "IPv6" && !is_v6(ip) {
                push::invalid_str(
                    &mut errs,
                    &ips_path.index(i),
                    "",
                    ip,
                    &format!("expected an IPv6 value as indicated by `ipFamilies[{i}]`"),
                );
            }
        }
    }
    errs
}

/// Go's `%#v` of the `core.ServicePort` key used for duplicate detection (only protocol and port
/// are set in it).
fn port_key_dump(protocol: &str, port: i64) -> String {
    format!(
        "core.ServicePort{{Name:\"\", Protocol:{}, AppProtocol:(*string)(nil), Port:{port}, TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:\"\"}}, NodePort:0}}",
        go_quote(protocol)
    )
}

/// `ValidateService`.
fn validate_service_svc(obj: &Value, svc: &Svc) -> Vec<FieldError> {
    let mp = Path::new("metadata");
    let mut errs = validate_object_meta(obj, true, name_is_dns1035_label, &mp);
    let annotations = get_obj(obj, "metadata").and_then(|m| str_map(m, "annotations")).unwrap_or_default();
    let lookup = |k: &str| annotations.iter().find(|(ak, _)| *ak == k).map(|(_, v)| *v);
    if let (Some(mode), Some(hints)) =
        (lookup("service.kubernetes.io/topology-mode"), lookup("service.kubernetes.io/topology-aware-hints"))
    {
        if mode != hints {
            push::invalid_str(
                &mut errs,
                &mp.child("annotations").key("service.kubernetes.io/topology-mode"),
                "",
                mode,
                "must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified",
            );
        }
    }
    let spec = svc.spec;
    let sp = Path::new("spec");
    let ports = arr(spec, "ports");
    if ports.is_empty() && !svc.headless() && svc.ty() != "ExternalName" {
        push::required(&mut errs, &sp, "ports", "");
    }
    match svc.ty() {
        "LoadBalancer" => {
            for (i, port) in ports.iter().enumerate() {
                if i64_of(port, "port") == 10250 {
                    push::invalid(
                        &mut errs,
                        &sp.child("ports").index(i),
                        "",
                        "10250",
                        "may not expose port 10250 externally since it is used by kubelet",
                    );
                }
            }
            if svc.headless() {
                push::invalid_str(
                    &mut errs,
                    &sp.child("clusterIPs").index(0),
                    "",
                    "None",
                    "may not be set to 'None' for LoadBalancer services",
                );
            }
        }
        "NodePort" if svc.headless() => {
            push::invalid_str(
                &mut errs,
                &sp.child("clusterIPs").index(0),
                "",
                "None",
                "may not be set to 'None' for NodePort services",
            );
        }
        "ExternalName" => {
            if !svc.cluster_ips.is_empty() {
                push::forbidden(&mut errs, &sp, "clusterIPs", "may not be set for ExternalName services");
            }
            if !arr(spec, "ipFamilies").is_empty() {
                push::forbidden(&mut errs, &sp, "ipFamilies", "may not be set for ExternalName services");
            }
            if get(spec, "ipFamilyPolicy").is_some() {
                push::forbidden(&mut errs, &sp, "ipFamilyPolicy", "may not be set for ExternalName services");
            }
            let external_name = str_of(spec, "externalName");
            let cname = external_name.strip_suffix('.').unwrap_or(external_name);
            if cname.is_empty() {
                push::required(&mut errs, &sp, "externalName", "");
            } else {
                invalid_each(&mut errs, &sp, "externalName", cname, is_dns1123_subdomain(cname));
            }
        }
        _ => {}
    }
    let mut names = Vec::new();
    for (i, port) in ports.iter().enumerate() {
        errs.extend(validate_service_port(port, ports.len() > 1, &mut names, &sp.child("ports").index(i)));
    }
    if let Some(sel) = str_map(spec, "selector") {
        errs.extend(super::meta::validate_labels(Some(&sel), &sp.child("selector")));
    }
    let affinity = str_of(spec, "sessionAffinity");
    match affinity {
        "" => push::required(&mut errs, &sp, "sessionAffinity", ""),
        "ClientIP" | "None" => {}
        other => push::not_supported(&mut errs, &sp, "sessionAffinity", other, &["ClientIP", "None"]),
    }
    let config_path = sp.child("sessionAffinityConfig");
    if affinity == "ClientIP" {
        let when = "when session affinity type is ClientIP";
        match get_obj(spec, "sessionAffinityConfig") {
            None => push::required(&mut errs, &config_path, "", when),
            Some(cfg) => match get_obj(cfg, "clientIP") {
                None => push::required(&mut errs, &config_path, "clientIP", when),
                Some(cip) => {
                    let tp = config_path.child("clientIP").child("timeoutSeconds");
                    match get_i64(cip, "timeoutSeconds") {
                        None => push::required(&mut errs, &tp, "", when),
                        Some(t) if t <= 0 || t > 86400 => push::invalid(
                            &mut errs,
                            &tp,
                            "",
                            t.to_string(),
                            "must be greater than 0 and less than 86400",
                        ),
                        Some(_) => {}
                    }
                }
            },
        }
    } else if affinity == "None" && get(spec, "sessionAffinityConfig").is_some() {
        push::forbidden(&mut errs, &config_path, "", "must not be set when session affinity is None");
    }
    errs.extend(validate_cluster_ips_related(svc));
    for (i, ip) in str_list(spec, "externalIPs").iter().enumerate() {
        let ipp = sp.child("externalIPs").index(i);
        let e = validate_ip(ip, &ipp);
        if e.is_empty() {
            errs.extend(validate_non_special_ip(ip, &ipp));
        } else {
            errs.extend(e);
        }
    }
    match svc.ty() {
        "" => push::required(&mut errs, &sp, "type", ""),
        "ClusterIP" | "ExternalName" | "LoadBalancer" | "NodePort" => {}
        other => push::not_supported(
            &mut errs,
            &sp,
            "type",
            other,
            &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
        ),
    }
    if svc.ty() == "ClusterIP" {
        for (i, port) in ports.iter().enumerate() {
            if i64_of(port, "nodePort") != 0 {
                push::forbidden(
                    &mut errs,
                    &sp.child("ports").index(i),
                    "nodePort",
                    "may not be used when `type` is 'ClusterIP'",
                );
            }
        }
    }
    let mut node_ports: Vec<(&str, i64)> = Vec::new();
    for (i, port) in ports.iter().enumerate() {
        let np = i64_of(port, "nodePort");
        if np == 0 {
            continue;
        }
        let key = (str_of(port, "protocol"), np);
        if node_ports.contains(&key) {
            push::duplicate(&mut errs, &sp.child("ports").index(i), "nodePort", np.to_string());
        }
        node_ports.push(key);
    }
    let mut seen_ports: Vec<(&str, i64)> = Vec::new();
    for (i, port) in ports.iter().enumerate() {
        let key = (str_of(port, "protocol"), i64_of(port, "port"));
        if seen_ports.contains(&key) {
            push::duplicate(&mut errs, &sp.child("ports").index(i), "", port_key_dump(key.0, key.1));
        }
        seen_ports.push(key);
    }
    let ranges = str_list(spec, "loadBalancerSourceRanges");
    if !ranges.is_empty() {
        let fp = sp.child("LoadBalancerSourceRanges");
        if svc.ty() != "LoadBalancer" {
            push::forbidden(&mut errs, &fp, "", "may only be used when `type` is 'LoadBalancer'");
        }
        for (i, r) in ranges.iter().enumerate() {
            let r = r.trim();
            if !is_cidr(r) {
                push::invalid_str(
                    &mut errs,
                    &fp.index(i),
                    "",
                    r,
                    "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)",
                );
            }
        }
    }
    if get(spec, "allocateLoadBalancerNodePorts").is_some() && svc.ty() != "LoadBalancer" {
        push::forbidden(
            &mut errs,
            &sp,
            "allocateLoadBalancerNodePorts",
            "may only be used when `type` is 'LoadBalancer'",
        );
    }
    if svc.ty() == "LoadBalancer" && get(spec, "allocateLoadBalancerNodePorts").is_none() {
        // Upstream builds this path without `spec`.
        push::required(&mut errs, &Path::new("allocateLoadBalancerNodePorts"), "", "");
    }
    if let Some(class) = get_str(spec, "loadBalancerClass") {
        if svc.ty() == "LoadBalancer" {
            invalid_each(&mut errs, &sp, "loadBalancerClass", class, is_qualified_name(class));
        } else {
            push::forbidden(&mut errs, &sp, "loadBalancerClass", "may only be used when `type` is 'LoadBalancer'");
        }
    }
    let etp = str_of(spec, "externalTrafficPolicy");
    if !svc.externally_accessible() {
        if !etp.is_empty() {
            push::invalid_str(
                &mut errs,
                &sp,
                "externalTrafficPolicy",
                etp,
                "may only be set for externally-accessible services",
            );
        }
    } else if etp.is_empty() {
        push::required(&mut errs, &sp, "externalTrafficPolicy", "");
    } else if etp != "Cluster" && etp != "Local" {
        push::not_supported(&mut errs, &sp, "externalTrafficPolicy", etp, &["Cluster", "Local"]);
    }
    let hcnp = i64_of(spec, "healthCheckNodePort");
    if !svc.needs_health_check() {
        if hcnp != 0 {
            push::invalid(
                &mut errs,
                &sp,
                "healthCheckNodePort",
                hcnp.to_string(),
                "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
            );
        }
    } else if hcnp == 0 {
        push::required(&mut errs, &sp, "healthCheckNodePort", "");
    } else {
        for m in is_valid_port_num(hcnp) {
            push::invalid(&mut errs, &sp, "healthCheckNodePort", hcnp.to_string(), &m);
        }
    }
    match get_str(spec, "internalTrafficPolicy") {
        None => {
            if matches!(svc.ty(), "NodePort" | "LoadBalancer" | "ClusterIP") {
                push::required(&mut errs, &sp, "internalTrafficPolicy", "");
            }
        }
        Some("Cluster" | "Local") => {}
        Some(other) => push::not_supported(&mut errs, &sp, "internalTrafficPolicy", other, &["Cluster", "Local"]),
    }
    if let Some(td) = get_str(spec, "trafficDistribution") {
        if td != "PreferClose" {
            push::not_supported(&mut errs, &sp, "trafficDistribution", td, &["PreferClose"]);
        }
    }
    errs
}

fn is_cidr(s: &str) -> bool {
    let Some((ip, bits)) = s.split_once('/') else {
        return false;
    };
    let Some(addr) = parse_ip(ip) else {
        return false;
    };
    let max = if addr.is_v4() && !ip.contains(':') { 32 } else { 128 };
    !bits.is_empty() && bits.bytes().all(|c| c.is_ascii_digit()) && bits.parse::<u32>().is_ok_and(|b| b <= max)
}

/// The Service strategy's `Validate` (`ValidateServiceCreate`).
pub(crate) fn validate_service(obj: &Value) -> Vec<FieldError> {
    validate_service_svc(obj, &read(obj))
}

/// `validateUpgradeDowngradeClusterIPs`.
fn validate_upgrade_downgrade_cluster_ips(old: &Svc, svc: &Svc) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if svc.ty() == "ExternalName" || old.ty() == "ExternalName" || (old.headless() && svc.headless()) {
        return errs;
    }
    let ips = Path::new("spec").child("clusterIPs");
    let (o, n) = (&old.cluster_ips, &svc.cluster_ips);
    if o.len() == n.len() {
        for (i, (a, b)) in o.iter().zip(n).enumerate() {
            if a != b {
                push::invalid(&mut errs, &ips.index(i), "", ips_dump(n), "may not change once set");
            }
        }
    } else if o.len() > n.len() {
        if n.is_empty() {
            push::invalid(&mut errs, &ips.index(0), "", ips_dump(n), "primary clusterIP can not be unset");
        }
        if !o.is_empty() && !n.is_empty() && o.first() != n.first() {
            push::invalid(&mut errs, &ips.index(0), "", ips_dump(n), "may not change once set");
        }
        if n.len() == 1 && get_str(svc.spec, "ipFamilyPolicy") != Some("SingleStack") {
            let policy = get_str(svc.spec, "ipFamilyPolicy").map_or_else(|| go_quote("null"), go_quote);
            push::invalid(
                &mut errs,
                &Path::new("spec"),
                "ipFamilyPolicy",
                policy,
                "must be set to 'SingleStack' when releasing the secondary clusterIP",
            );
        }
    } else if !o.is_empty() && o.first() != n.first() {
        push::invalid(&mut errs, &ips.index(0), "", ips_dump(n), "may not change once set");
    }
    errs
}

/// `validateUpgradeDowngradeIPFamilies`.
fn validate_upgrade_downgrade_ip_families(old: &Svc, svc: &Svc) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if svc.ty() == "ExternalName" || old.ty() == "ExternalName" || old.headless() != svc.headless() || svc.headless() {
        return errs;
    }
    let fp = Path::new("spec").child("ipFamilies").index(0);
    let (o, n) = (str_list(old.spec, "ipFamilies"), str_list(svc.spec, "ipFamilies"));
    let fam_dump = |f: &[&str]| go_string_slice(Some(f));
    if o.len() == n.len() {
        for (a, b) in o.iter().zip(&n) {
            if a != b {
                push::invalid(&mut errs, &fp, "", fam_dump(&n), "may not change once set");
            }
        }
    } else if o.len() > n.len() {
        if svc.cluster_ips.is_empty() {
            push::invalid(&mut errs, &fp, "", fam_dump(&n), "primary ipFamily can not be unset");
        }
        if !n.is_empty() && n.first() != o.first() {
            push::invalid(&mut errs, &fp, "", ips_dump(&svc.cluster_ips), "may not change once set");
        }
        if n.len() == 1 && get_str(svc.spec, "ipFamilyPolicy") != Some("SingleStack") {
            let policy = get_str(svc.spec, "ipFamilyPolicy").map_or_else(|| go_quote("null"), go_quote);
            push::invalid(
                &mut errs,
                &Path::new("spec"),
                "ipFamilyPolicy",
                policy,
                "must be set to 'SingleStack' when releasing the secondary ipFamily",
            );
        }
    } else if !o.is_empty() && !n.is_empty() && n.first() != o.first() {
        push::invalid(&mut errs, &fp, "", ips_dump(&svc.cluster_ips), "may not change once set");
    }
    errs
}

/// The Service strategy's `ValidateUpdate` (`ValidateServiceUpdate`), after the update half of
/// `NormalizeClusterIPs` and the storage layer's refill of an omitted `clusterIP`.
pub(crate) fn validate_service_update(obj: &Value, old: &Value) -> Vec<FieldError> {
    let old_svc = read(old);
    let mut svc = read(obj);
    let needs_ips = |t: &str| t != "ExternalName";
    // patchAllocatedValues: an update that omits the allocated IPs keeps them.
    if needs_ips(svc.ty())
        && needs_ips(old_svc.ty())
        && svc.cluster_ip.is_empty()
        && str_list(svc.spec, "clusterIPs").is_empty()
    {
        svc.cluster_ip = old_svc.cluster_ip.clone();
        svc.cluster_ips = old_svc.cluster_ips.clone();
    }
    // NormalizeClusterIPs on update.
    let new_listed: Vec<String> = str_list(svc.spec, "clusterIPs").into_iter().map(str::to_string).collect();
    if new_listed.is_empty() && !old_svc.cluster_ips.is_empty() && old_svc.cluster_ip == svc.cluster_ip {
        svc.cluster_ips = old_svc.cluster_ips.clone();
    }
    if old_svc.cluster_ip != svc.cluster_ip && svc.cluster_ips == old_svc.cluster_ips {
        svc.cluster_ips = if svc.cluster_ip.is_empty() { Vec::new() } else { vec![svc.cluster_ip.clone()] };
    }
    let mut errs = validate_object_meta_update(obj, old, &Path::new("metadata"));
    errs.extend(validate_upgrade_downgrade_cluster_ips(&old_svc, &svc));
    errs.extend(validate_upgrade_downgrade_ip_families(&old_svc, &svc));
    if old_svc.ty() == "LoadBalancer" && svc.ty() == "LoadBalancer" {
        let (n, o) = (get_str(svc.spec, "loadBalancerClass"), get_str(old_svc.spec, "loadBalancerClass"));
        if n != o {
            push::invalid(
                &mut errs,
                &Path::new("spec"),
                "loadBalancerClass",
                n.map_or_else(|| go_quote("null"), go_quote),
                "may not change once set",
            );
        }
    }
    if old_svc.needs_health_check()
        && svc.needs_health_check()
        && i64_of(svc.spec, "healthCheckNodePort") != i64_of(old_svc.spec, "healthCheckNodePort")
    {
        push::forbidden(&mut errs, &Path::new("spec"), "healthCheckNodePort", "field is immutable");
    }
    errs.extend(validate_service_svc(obj, &svc));
    errs
}
