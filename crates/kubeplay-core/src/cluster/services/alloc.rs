//! ClusterIP and NodePort allocation, which the Service registry does before it validates
//! (pkg/registry/core/service/storage `beginCreate`, `beginUpdate`, `alloc.go`; the bitmap
//! allocators of pkg/registry/core/service/ipallocator and portallocator). The allocated values
//! are whatever the stored Services hold, so deleting a Service releases them; an index of them
//! ([`Allocated`]) follows every Service write, so that a create does not look at every Service.
//!
//! The simulated cluster is single-stack IPv4: service CIDR 10.96.0.0/12, node ports
//! 30000-32767. Dynamic values come from the upper part of each range first, as upstream's
//! `randomScanStrategyWithOffset` does, leaving the lower part to values users ask for; a
//! dry run allocates nothing and answers with upstream's placeholder values (the network address,
//! node ports counting up from 32769).

use crate::json::put;
use std::collections::BTreeMap;

use crate::json::{Map, Value};

use super::Cluster;
use crate::api::Kind;
use crate::cluster::ApiError;
use crate::manifest::field::{go_quote, FieldError};
use crate::manifest::validate;
use crate::sim::Rng;
use crate::store::Change;

/// The service CIDR (`--service-cluster-ip-range`, kind's default).
pub const SERVICE_CIDR: &str = "10.96.0.0/12";
/// The network address of [`SERVICE_CIDR`].
const CIDR_NETWORK: u32 = (10 << 24) | (96 << 16);
/// How many addresses the allocator hands out: the CIDR less its network and broadcast addresses.
const IP_MAX: u32 = (1 << 20) - 2;
/// Where dynamic allocation starts (`calculateRangeOffset`: min(max(16, size/16), 256)).
const IP_DYNAMIC_OFFSET: u32 = 256;
/// The node port range (`--service-node-port-range`).
pub const NODE_PORT_MIN: i64 = 30000;
pub const NODE_PORT_MAX: i64 = 32767;
/// Where dynamic node ports start (`calculateRangeOffset`: min(max(16, size/32), 128)).
const NODE_PORT_DYNAMIC_OFFSET: u32 = 86;

type Obj = Map<String, Value>;

fn spec(obj: &Obj) -> Option<&Obj> {
    obj.get("spec").and_then(Value::as_object)
}

fn spec_mut(obj: &mut Obj) -> Option<&mut Obj> {
    obj.get_mut("spec").and_then(Value::as_object_mut)
}

fn str_of<'a>(m: &'a Obj, key: &str) -> &'a str {
    m.get(key).and_then(Value::as_str).unwrap_or("")
}

fn strings(m: &Obj, key: &str) -> Vec<String> {
    m.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().map(|v| v.as_str().unwrap_or("").to_string()).collect())
        .unwrap_or_default()
}

fn set_strings(m: &mut Obj, key: &str, v: &[String]) {
    if v.is_empty() {
        m.remove(key);
    } else {
        m.insert(key.into(), Value::Array(v.iter().map(|s| Value::String(s.clone())).collect()));
    }
}

/// Go's `%#v` of a `[]string`.
fn go_strings(v: &[String]) -> String {
    let items: Vec<String> = v.iter().map(|s| go_quote(s)).collect();
    format!("[]string{{{}}}", items.join(", "))
}

fn needs_node_port(ty: &str) -> bool {
    ty == "NodePort" || ty == "LoadBalancer"
}

/// `apiservice.NeedsHealthCheck`.
fn needs_health_check(spec: &Obj) -> bool {
    str_of(spec, "type") == "LoadBalancer" && str_of(spec, "externalTrafficPolicy") == "Local"
}

/// `shouldAllocateNodePorts`.
fn should_allocate_node_ports(spec: &Obj) -> bool {
    match str_of(spec, "type") {
        "NodePort" => true,
        "LoadBalancer" => spec.get("allocateLoadBalancerNodePorts").and_then(Value::as_bool).unwrap_or(true),
        _ => false,
    }
}

fn port_field(p: &Value, key: &str) -> i64 {
    p.get(key).and_then(Value::as_i64).unwrap_or(0)
}

/// Parses a dotted IPv4 address as `ParseIPSloppy` does (leading zeros allowed).
pub fn parse_v4(s: &str) -> Option<u32> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut v: u32 = 0;
    for p in parts {
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u32 = p.parse().ok()?;
        if n > 255 {
            return None;
        }
        v = (v << 8) | n;
    }
    Some(v)
}

/// Dotted form of an IPv4 address.
pub fn format_v4(v: u32) -> String {
    format!("{}.{}.{}.{}", v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff)
}

/// The allocator's offset of a service IP, if it is in the range (`Range.contains`).
fn ip_offset(ip: u32) -> Option<u32> {
    let base = CIDR_NETWORK + 1;
    let off = ip.checked_sub(base)?;
    (off < IP_MAX).then_some(off)
}

/// The cluster IPs and node ports the stored Services hold, each with how many Services hold it
/// (kept up to date by every Service write).
#[derive(Debug, Default)]
pub struct Allocated {
    /// Cluster IPs, as allocator offsets.
    ips: BTreeMap<u32, u32>,
    /// Node ports, health check node ports included (as u32: the map type the IPs use).
    node_ports: BTreeMap<u32, u32>,
}

impl Allocated {
    /// Follows a write of a Service: what the old version held is released, what the new one
    /// holds is taken.
    pub fn track(&mut self, change: &Change) {
        if let Some(crate::api::Object::Service(old)) = &change.old {
            each_held(old, |ip| release(&mut self.ips, ip), |port| release(&mut self.node_ports, port));
        }
        if let Some(crate::api::Object::Service(new)) = &change.new {
            each_held(
                new,
                |ip| *self.ips.entry(ip).or_default() += 1,
                |port| *self.node_ports.entry(port).or_default() += 1,
            );
        }
    }
}

fn release<K: Ord>(map: &mut BTreeMap<K, u32>, key: K) {
    if let Some(n) = map.get_mut(&key) {
        *n -= 1;
        if *n == 0 {
            map.remove(&key);
        }
    }
}

/// Calls `ip` with the allocator offset of each cluster IP a Service holds (once per distinct
/// address) and `port` with each node port and health check node port it holds.
fn each_held(s: &crate::api::service::Service, mut ip: impl FnMut(u32), mut port: impl FnMut(u32)) {
    let mut offsets: Vec<u32> = s
        .spec
        .cluster_ips
        .iter()
        .chain(std::iter::once(&s.spec.cluster_ip))
        .filter_map(|ip| parse_v4(ip).and_then(ip_offset))
        .collect();
    offsets.sort_unstable();
    offsets.dedup();
    offsets.into_iter().for_each(&mut ip);
    let mut ports: Vec<u32> =
        s.spec.ports.iter().filter_map(|p| u32::try_from(p.node_port).ok()).filter(|p| *p != 0).collect();
    if let Some(hc) = s.spec.extra.get("healthCheckNodePort").and_then(Value::as_u64).filter(|p| *p != 0) {
        ports.extend(u32::try_from(hc).ok());
    }
    ports.sort_unstable();
    ports.dedup();
    ports.into_iter().for_each(&mut port);
}

/// `randomScanStrategyWithOffset.AllocateBit`: a random free slot above `offset`, else below it.
/// `used_len` is how many slots are taken.
fn next_free(rng: &mut Rng, used_len: usize, used: impl Fn(u32) -> bool, max: u32, offset: u32) -> Option<u32> {
    if used_len as u64 >= u64::from(max) {
        return None;
    }
    let offset = offset.min(max);
    let upper = max - offset;
    if upper > 0 {
        let start = rng.below(u64::from(upper)) as u32;
        for i in 0..upper {
            let at = offset + (start + i) % upper;
            if !used(at) {
                return Some(at);
            }
        }
    }
    if offset > 0 {
        let start = rng.below(u64::from(offset)) as u32;
        for i in 0..offset {
            let at = (start + i) % offset;
            if !used(at) {
                return Some(at);
            }
        }
    }
    None
}

fn internal(message: String) -> ApiError {
    ApiError::Other { reason: "InternalError".into(), message: format!("Internal error occurred: {message}") }
}

/// A node port allocation in progress (`portallocator.PortAllocationOperation`).
struct PortOp<'r> {
    used: &'r BTreeMap<u32, u32>,
    allocated: Vec<i64>,
    dry_run: bool,
    rng: &'r mut Rng,
}

/// Whether a stored Service holds `port`.
fn port_held(used: &BTreeMap<u32, u32>, port: i64) -> bool {
    u32::try_from(port).is_ok_and(|p| used.contains_key(&p))
}

impl PortOp<'_> {
    /// `Allocate`: a port the user asked for.
    fn allocate(&mut self, port: i64) -> Result<(), String> {
        let taken = port_held(self.used, port) || self.allocated.contains(&port);
        if self.dry_run {
            if taken {
                return Err("provided port is already allocated".into());
            }
        } else {
            if !(NODE_PORT_MIN..=NODE_PORT_MAX).contains(&port) {
                return Err(format!(
                    "provided port is not in the valid range. The range of valid ports is {NODE_PORT_MIN}-{NODE_PORT_MAX}"
                ));
            }
            if taken {
                return Err("provided port is already allocated".into());
            }
        }
        self.allocated.push(port);
        Ok(())
    }

    /// `AllocateNext`: any free port; a dry run counts up from 32769 without looking.
    fn allocate_next(&mut self) -> Result<i64, String> {
        if self.dry_run {
            let next = self.allocated.iter().copied().max().unwrap_or(32768) + 1;
            self.allocated.push(next);
            return Ok(next);
        }
        // The ports taken, counted as the allocator's bitmap counts them (those from the range's
        // start up).
        let fresh = self.allocated.iter().filter(|p| **p >= NODE_PORT_MIN && !port_held(self.used, **p));
        let mut fresh: Vec<i64> = fresh.copied().collect();
        fresh.sort_unstable();
        fresh.dedup();
        let used_len = self.used.range(NODE_PORT_MIN as u32..).count() + fresh.len();
        let (used, allocated) = (self.used, &self.allocated);
        let is_used = |off: u32| {
            let port = NODE_PORT_MIN + i64::from(off);
            port_held(used, port) || allocated.contains(&port)
        };
        let size = (NODE_PORT_MAX - NODE_PORT_MIN + 1) as u32;
        let off = next_free(self.rng, used_len, is_used, size, NODE_PORT_DYNAMIC_OFFSET).ok_or("range is full")?;
        let port = NODE_PORT_MIN + i64::from(off);
        self.allocated.push(port);
        Ok(port)
    }
}

impl Cluster {
    /// The Service registry's `beginCreate` (`old` None) or `beginUpdate`: keep allocated values an
    /// update left out, line up `clusterIP` and `clusterIPs`, settle the IP families, then allocate
    /// cluster IPs and node ports, refusing values that are taken or out of range.
    pub(crate) fn allocate_service(&mut self, obj: &mut Obj, old: Option<&Obj>, dry_run: bool) -> Result<(), ApiError> {
        let name = obj.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("").to_string();
        let old_spec = old.and_then(spec);
        let Some(s) = spec_mut(obj) else { return Ok(()) };
        if let Some(os) = old_spec {
            patch_allocated_values(s, os);
        }
        normalize_cluster_ips(s, old_spec);
        self.init_ip_family_fields(obj, old_spec, &name)?;
        let Some(s) = spec_mut(obj) else { return Ok(()) };
        let ty = str_of(s, "type").to_string();
        let allocate_ips = match old_spec {
            None => true,
            Some(os) => str_of(os, "type") == "ExternalName" && ty != "ExternalName",
        };
        if allocate_ips {
            self.alloc_cluster_ips(s, &name, dry_run)?;
        }
        let services = &mut self.services;
        let mut op = PortOp {
            used: &services.allocated.node_ports,
            allocated: Vec::new(),
            dry_run,
            rng: &mut services.alloc_rng,
        };
        match old_spec {
            None => {
                if needs_node_port(&ty) {
                    init_node_ports(s, &mut op, &name)?;
                }
                if needs_health_check(s) {
                    alloc_health_check_node_port(s, &mut op)?;
                }
            }
            Some(os) => {
                if needs_node_port(&ty) {
                    update_node_ports(s, os, &mut op, &name)?;
                }
                if !needs_health_check(os) && needs_health_check(s) {
                    alloc_health_check_node_port(s, &mut op)?;
                }
            }
        }
        Ok(())
    }

    /// `initIPFamilyFields` for a single-stack IPv4 cluster: default `ipFamilyPolicy`, check the
    /// cluster-IP fields loosely, infer `ipFamilies` from the IPs, refuse IPv6 and dual-stack
    /// demands; a headless Service without a selector gets both families.
    fn init_ip_family_fields(&mut self, obj: &mut Obj, old: Option<&Obj>, name: &str) -> Result<(), ApiError> {
        let Some(s) = spec(obj) else { return Ok(()) };
        if str_of(s, "type") == "ExternalName" {
            return Ok(());
        }
        if let (Some(os), Some("PreferDualStack")) = (old, s.get("ipFamilyPolicy").and_then(Value::as_str)) {
            if str_of(os, "type") == str_of(s, "type")
                && str_of(os, "ipFamilyPolicy") == "PreferDualStack"
                && strings(os, "clusterIPs") == strings(s, "clusterIPs")
                && strings(os, "ipFamilies") == strings(s, "ipFamilies")
            {
                return Ok(());
            }
        }
        let selector_empty = s.get("selector").and_then(Value::as_object).is_none_or(Map::is_empty);
        let headless = str_of(s, "clusterIP") == "None";
        let policy = match s.get("ipFamilyPolicy").and_then(Value::as_str) {
            Some(p) => p.to_string(),
            None => match old.and_then(|o| o.get("ipFamilyPolicy")).and_then(Value::as_str) {
                Some(p) => p.to_string(),
                None if headless && selector_empty => "RequireDualStack".into(),
                None => "SingleStack".into(),
            },
        };
        if let Some(s) = spec_mut(obj) {
            put(s, "ipFamilyPolicy", Value::String(policy.clone()));
        }
        // The loose pre-validation: ValidateServiceClusterIPsRelatedFields' errors only.
        let related: Vec<FieldError> = validate::validate_create(Kind::Service, &Value::Object(obj.clone()))
            .into_iter()
            .filter(|e| {
                (e.field.starts_with("spec.clusterIPs")
                    || e.field.starts_with("spec.ipFamilies")
                    || e.field == "spec.ipFamilyPolicy")
                    && !e.detail.starts_with("may not be set to 'None' for")
                    && !e.detail.starts_with("may not be set for ExternalName")
            })
            .collect();
        if !related.is_empty() {
            return Err(ApiError::invalid(Kind::Service, name, related));
        }
        let Some(s) = spec_mut(obj) else { return Ok(()) };
        let policy_value = go_quote(&policy);
        let mut errs = Vec::new();
        let mut ips = strings(s, "clusterIPs");
        let mut families = strings(s, "ipFamilies");
        if let Some(os) = old {
            if policy == "SingleStack" {
                if strings(os, "clusterIPs") == ips && ips.len() > 1 {
                    ips.truncate(1);
                }
                if strings(os, "ipFamilies") == families && families.len() > 1 {
                    families.truncate(1);
                }
            } else {
                if !ips.is_empty() && ips.len() < strings(os, "clusterIPs").len() {
                    errs.push(FieldError::invalid(
                        "spec.ipFamilyPolicy",
                        policy_value.clone(),
                        "must be 'SingleStack' to release the secondary cluster IP",
                    ));
                }
                if !families.is_empty() && families.len() < strings(os, "ipFamilies").len() {
                    errs.push(FieldError::invalid(
                        "spec.ipFamilyPolicy",
                        policy_value.clone(),
                        "must be 'SingleStack' to release the secondary IP family",
                    ));
                }
            }
        }
        if policy == "SingleStack" {
            if ips.len() == 2 {
                errs.push(FieldError::invalid(
                    "spec.ipFamilyPolicy",
                    policy_value.clone(),
                    "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified",
                ));
            }
            if families.len() == 2 {
                errs.push(FieldError::invalid(
                    "spec.ipFamilyPolicy",
                    policy_value.clone(),
                    "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified",
                ));
            }
        }
        for (i, ip) in ips.iter().enumerate() {
            if ip == "None" {
                break;
            }
            let family = if ip.contains(':') { "IPv6" } else { "IPv4" };
            if i >= families.len() {
                if family == "IPv6" {
                    errs.push(FieldError::invalid(
                        format!("spec.clusterIPs[{i}]"),
                        go_strings(&ips),
                        "IPv6 is not configured on this cluster",
                    ));
                } else {
                    families.push(family.into());
                }
            }
        }
        if !errs.is_empty() {
            return Err(ApiError::invalid(Kind::Service, name, errs));
        }
        if headless && selector_empty {
            if families.is_empty() {
                families.push("IPv4".into());
            }
            if families.len() < 2 && policy != "SingleStack" {
                let other = if families.first().map(String::as_str) == Some("IPv4") { "IPv6" } else { "IPv4" };
                families.push(other.into());
            }
            set_strings(s, "clusterIPs", &ips);
            set_strings(s, "ipFamilies", &families);
            return Ok(());
        }
        if policy == "RequireDualStack" {
            errs.push(FieldError::invalid(
                "spec.ipFamilyPolicy",
                policy_value,
                "this cluster is not configured for dual-stack services",
            ));
        }
        for (i, f) in families.iter().enumerate() {
            if f != "IPv4" {
                errs.push(FieldError::invalid(
                    format!("spec.ipFamilies[{i}]"),
                    go_quote(f),
                    "not configured on this cluster",
                ));
            }
        }
        if !errs.is_empty() {
            return Err(ApiError::invalid(Kind::Service, name, errs));
        }
        if families.is_empty() {
            families.push("IPv4".into());
        }
        set_strings(s, "clusterIPs", &ips);
        set_strings(s, "ipFamilies", &families);
        Ok(())
    }

    /// `allocClusterIPs`: one IP per family, the one asked for or the next free one; none for
    /// headless and ExternalName Services.
    fn alloc_cluster_ips(&mut self, s: &mut Obj, name: &str, dry_run: bool) -> Result<(), ApiError> {
        if str_of(s, "type") == "ExternalName" {
            return Ok(());
        }
        let mut ips = strings(s, "clusterIPs");
        if ips.first().map(String::as_str) == Some("None") {
            return Ok(());
        }
        let families = strings(s, "ipFamilies");
        let used = &self.services.allocated.ips;
        for (i, _family) in families.iter().enumerate() {
            if ips.len() <= i {
                ips.push(String::new());
            }
            let requested = ips.get(i).cloned().unwrap_or_default();
            let ip = if requested.is_empty() {
                if dry_run {
                    format_v4(CIDR_NETWORK)
                } else {
                    let off = next_free(
                        &mut self.services.alloc_rng,
                        used.len(),
                        |off| used.contains_key(&off),
                        IP_MAX,
                        IP_DYNAMIC_OFFSET,
                    )
                    .ok_or_else(|| internal("failed to allocate a serviceIP: range is full".into()))?;
                    format_v4(CIDR_NETWORK + 1 + off)
                }
            } else {
                let Some(v) = parse_v4(&requested) else {
                    return Err(internal(format!("failed to parse service IP {}", go_quote(&requested))));
                };
                let failure = match ip_offset(v) {
                    None => Some(format!(
                        "the provided IP ({}) is not in the valid range. The range of valid IPs is {SERVICE_CIDR}",
                        format_v4(v)
                    )),
                    Some(_) if dry_run => None,
                    Some(off) if used.contains_key(&off) => Some("provided IP is already allocated".to_string()),
                    Some(_) => None,
                };
                if let Some(f) = failure {
                    let detail = format!("failed to allocate IP {requested}: {f}");
                    return Err(ApiError::invalid(
                        Kind::Service,
                        name,
                        vec![FieldError::invalid("spec.clusterIPs", go_strings(&ips), detail)],
                    ));
                }
                requested
            };
            if let Some(slot) = ips.get_mut(i) {
                slot.clone_from(&ip);
            }
            if i == 0 {
                put(s, "clusterIP", Value::String(ip));
            }
        }
        set_strings(s, "clusterIPs", &ips);
        Ok(())
    }
}

/// `patchAllocatedValues`: an update that leaves out values the server allocated keeps them.
fn patch_allocated_values(s: &mut Obj, old: &Obj) {
    let needs_ip = |m: &Obj| str_of(m, "type") != "ExternalName";
    if needs_ip(old) && needs_ip(s) {
        if str_of(s, "clusterIP").is_empty() {
            if let Some(v) = old.get("clusterIP").filter(|v| !v.is_null()) {
                put(s, "clusterIP", v.clone());
            }
        }
        if strings(s, "clusterIPs").is_empty() && !strings(old, "clusterIPs").is_empty() {
            if let Some(v) = old.get("clusterIPs") {
                put(s, "clusterIPs", v.clone());
            }
        }
    }
    if needs_node_port(str_of(old, "type")) && needs_node_port(str_of(s, "type")) {
        let node_ports = |m: &Obj| -> Vec<i64> {
            m.get("ports")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|p| port_field(p, "nodePort"))
                .filter(|p| *p != 0)
                .collect()
        };
        let new_ports = node_ports(s);
        let used: Vec<i64> = node_ports(old).into_iter().filter(|p| new_ports.contains(p)).collect();
        let by_name: Vec<(String, i64)> = old
            .get("ports")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|p| (p.get("name").and_then(Value::as_str).unwrap_or("").to_string(), port_field(p, "nodePort")))
            .collect();
        if let Some(ports) = s.get_mut("ports").and_then(Value::as_array_mut) {
            for p in ports.iter_mut() {
                if port_field(p, "nodePort") != 0 {
                    continue;
                }
                let name = p.get("name").and_then(Value::as_str).unwrap_or("").to_string();
                // Go's map keeps the last port of a name.
                let old_val = by_name.iter().rev().find(|(n, _)| *n == name).map_or(0, |(_, v)| *v);
                if old_val != 0 && !used.contains(&old_val) {
                    if let Some(m) = p.as_object_mut() {
                        put(m, "nodePort", Value::from(old_val));
                    }
                }
            }
        }
    }
    if needs_health_check(old)
        && needs_health_check(s)
        && s.get("healthCheckNodePort").and_then(Value::as_i64).unwrap_or(0) == 0
    {
        if let Some(v) = old.get("healthCheckNodePort") {
            put(s, "healthCheckNodePort", v.clone());
        }
    }
}

/// `normalizeClusterIPs`: a lone `clusterIP` fills `clusterIPs`; an update that clears or changes
/// only one of them brings the other along.
fn normalize_cluster_ips(s: &mut Obj, old: Option<&Obj>) {
    let ip = str_of(s, "clusterIP").to_string();
    let ips = strings(s, "clusterIPs");
    let Some(old) = old else {
        if !ip.is_empty() && ips.is_empty() {
            set_strings(s, "clusterIPs", &[ip]);
        }
        return;
    };
    let old_ip = str_of(old, "clusterIP").to_string();
    let old_ips = strings(old, "clusterIPs");
    let mut ips = ips;
    if !old_ips.is_empty() && ips.is_empty() && old_ip == ip {
        ips.clone_from(&old_ips);
    }
    if old_ip != ip {
        if !old_ip.is_empty() && ip.is_empty() {
            if ips == old_ips {
                ips.clear();
            }
        } else if ips == old_ips {
            ips = vec![ip];
        }
    }
    set_strings(s, "clusterIPs", &ips);
}

/// `initNodePorts`: each port gets the node port asked for or a free one; ports sharing a number
/// (TCP and UDP) share a node port.
fn init_node_ports(s: &mut Obj, op: &mut PortOp, name: &str) -> Result<(), ApiError> {
    let allocate_all = should_allocate_node_ports(s);
    let Some(ports) = s.get_mut("ports").and_then(Value::as_array_mut) else { return Ok(()) };
    let snapshot: Vec<(i64, i64)> = ports.iter().map(|p| (port_field(p, "port"), port_field(p, "nodePort"))).collect();
    let mut by_port: Vec<(i64, i64)> = Vec::new();
    for (i, p) in ports.iter_mut().enumerate() {
        let (number, node_port) = (port_field(p, "port"), port_field(p, "nodePort"));
        if node_port == 0 && !allocate_all {
            continue;
        }
        let assigned = by_port.iter().find(|(n, _)| *n == number).map(|(_, np)| *np);
        let chosen = match assigned {
            None => {
                let requested = snapshot.iter().find(|(n, np)| *n == number && *np != 0).map_or(0, |(_, np)| *np);
                if requested != 0 {
                    op.allocate(requested).map_err(|e| node_port_error(name, i, requested, &e))?;
                    requested
                } else {
                    op.allocate_next().map_err(|e| internal(format!("failed to allocate a nodePort: {e}")))?
                }
            }
            Some(a) if node_port == 0 || node_port == a => a,
            Some(_) => {
                op.allocate(node_port).map_err(|e| node_port_error(name, i, node_port, &e))?;
                node_port
            }
        };
        if assigned.is_none() {
            by_port.push((number, chosen));
        }
        if let Some(m) = p.as_object_mut() {
            put(m, "nodePort", Value::from(chosen));
        }
    }
    Ok(())
}

/// `updateNodePorts`: new node ports are allocated, kept ones stay, a port without one gets one.
fn update_node_ports(s: &mut Obj, old: &Obj, op: &mut PortOp, name: &str) -> Result<(), ApiError> {
    let allocate_all = should_allocate_node_ports(s);
    let old_ports: Vec<i64> = old
        .get("ports")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|p| port_field(p, "nodePort"))
        .filter(|p| *p != 0)
        .collect();
    let Some(ports) = s.get_mut("ports").and_then(Value::as_array_mut) else { return Ok(()) };
    let mut seen: Vec<(String, i64)> = Vec::new();
    let mut newly: Vec<i64> = Vec::new();
    for (i, p) in ports.iter_mut().enumerate() {
        let node_port = port_field(p, "nodePort");
        if node_port == 0 && !allocate_all {
            continue;
        }
        let protocol = p.get("protocol").and_then(Value::as_str).unwrap_or("").to_string();
        let chosen = if node_port != 0 {
            if !old_ports.contains(&node_port) && !newly.contains(&node_port) {
                op.allocate(node_port).map_err(|e| node_port_error(name, i, node_port, &e))?;
                newly.push(node_port);
            }
            node_port
        } else {
            let np = op.allocate_next().map_err(|e| internal(format!("failed to allocate a nodePort: {e}")))?;
            if let Some(m) = p.as_object_mut() {
                put(m, "nodePort", Value::from(np));
            }
            np
        };
        if seen.contains(&(protocol.clone(), chosen)) {
            return Err(internal(format!("duplicate nodePort: {{{protocol} {chosen}}}")));
        }
        seen.push((protocol, chosen));
    }
    Ok(())
}

/// `allocHealthCheckNodePort`: the health check node port asked for, or a free one.
fn alloc_health_check_node_port(s: &mut Obj, op: &mut PortOp) -> Result<(), ApiError> {
    let requested = s.get("healthCheckNodePort").and_then(Value::as_i64).unwrap_or(0);
    if requested != 0 {
        op.allocate(requested)
            .map_err(|e| internal(format!("failed to allocate requested HealthCheck NodePort {requested}: {e}")))?;
    } else {
        let port =
            op.allocate_next().map_err(|e| internal(format!("failed to allocate a HealthCheck NodePort 0: {e}")))?;
        put(s, "healthCheckNodePort", Value::from(port));
    }
    Ok(())
}

fn node_port_error(name: &str, i: usize, port: i64, detail: &str) -> ApiError {
    ApiError::invalid(
        Kind::Service,
        name,
        vec![FieldError::invalid(format!("spec.ports[{i}].nodePort"), port.to_string(), detail)],
    )
}

#[cfg(test)]
mod tests {
    use crate::json::json;

    use super::*;
    use crate::controller::Propagation;
    use crate::store::ObjRef;

    /// What a scan of the stored Services finds, in the index's shape.
    fn scanned(c: &Cluster) -> Allocated {
        let mut all = Allocated::default();
        for s in c.store.services() {
            each_held(s, |ip| *all.ips.entry(ip).or_default() += 1, |p| *all.node_ports.entry(p).or_default() += 1);
        }
        all
    }

    #[test]
    fn the_allocation_index_follows_creates_updates_and_deletes_of_services() {
        let mut c = Cluster::new(3);
        let specs = [
            ("a", json!({"ports": [{"port": 80}]})),
            (
                "b",
                json!({"type": "NodePort", "ports": [{"name": "http", "port": 80}, {"name": "https", "port": 443, "nodePort": 30443}]}),
            ),
            (
                "c",
                json!({"type": "LoadBalancer", "externalTrafficPolicy": "Local", "ports": [{"name": "dns", "port": 53, "protocol": "UDP"}, {"name": "dns-tcp", "port": 53, "protocol": "TCP"}]}),
            ),
            ("d", json!({"clusterIP": "10.96.0.50", "ports": [{"port": 80}]})),
            ("e", json!({"clusterIP": "None", "ports": [{"port": 80}]})),
        ];
        for (name, spec) in specs {
            let v = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name}, "spec": spec});
            c.create_value(Kind::Service, v, false).unwrap();
        }
        assert_eq!((c.services.allocated.ips.clone(), c.services.allocated.node_ports.clone()), {
            let s = scanned(&c);
            (s.ips, s.node_ports)
        });
        assert_eq!(c.services.allocated.ips.len(), 5, "kubernetes, a, b, c and d hold an address");
        assert_eq!(c.services.allocated.node_ports.len(), 4, "b's two ports, c's shared port and health check");
        // NodePort back to ClusterIP releases the node ports; deleting releases the address.
        let mut b = c.store.service("default", "b").unwrap().clone();
        b.spec.type_ = "ClusterIP".into();
        for p in &mut b.spec.ports {
            p.node_port = 0;
        }
        c.update_value(Kind::Service, crate::api::Object::Service(b.into()).to_value(), false).unwrap();
        c.delete(&ObjRef::new(Kind::Service, "default", "d"), Some(Propagation::Background), None).unwrap();
        let s = scanned(&c);
        assert_eq!((&c.services.allocated.ips, &c.services.allocated.node_ports), (&s.ips, &s.node_ports));
        assert_eq!(c.services.allocated.ips.len(), 4);
        assert_eq!(c.services.allocated.node_ports.len(), 2);
        // A released address can be asked for again; a held one cannot.
        let again = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "f"}, "spec": {"clusterIP": "10.96.0.50", "ports": [{"port": 80}]}});
        assert!(c.create_value(Kind::Service, again.clone(), false).is_ok());
        let taken = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "g"}, "spec": {"clusterIP": "10.96.0.50", "ports": [{"port": 80}]}});
        assert!(c.create_value(Kind::Service, taken, false).is_err());
    }
}
