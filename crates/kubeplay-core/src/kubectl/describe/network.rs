//! Service networking kinds: `describeService` (endpoints from EndpointSlices, as v1.32 does),
//! `describeEndpoints` and `describeEndpointSliceV1`.

use crate::json::Value;

use super::writer::*;
use super::Ctx;
use crate::api::intstr::IntOrString;
use crate::api::service::{EndpointSlice, Endpoints, Service};
use crate::api::{Kind, Object};

fn str_at<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn strings_at(v: &Value, key: &str) -> Vec<String> {
    v.get(key).and_then(Value::as_array).into_iter().flatten().filter_map(|x| x.as_str().map(str::to_string)).collect()
}

/// `describeService`.
pub fn describe_service(ctx: &Ctx, svc: &Service) -> String {
    let m = &svc.metadata;
    let spec = &svc.spec;
    let slices: Vec<&EndpointSlice> = ctx
        .store
        .list_in(Kind::EndpointSlice, &m.namespace)
        .filter_map(|o| match o {
            Object::EndpointSlice(s) => Some(s.as_ref()),
            _ => None,
        })
        .filter(|s| s.metadata.labels.get("kubernetes.io/service-name") == Some(&m.name))
        .collect();
    let extra = |k: &str| spec.extra.get(k);
    let mut w = Writer::new();
    w.writef(LEVEL_0, format_args!("Name:\t{}\n", m.name));
    w.writef(LEVEL_0, format_args!("Namespace:\t{}\n", m.namespace));
    print_labels_multiline(&mut w, "Labels", &m.labels);
    print_annotations_multiline(&mut w, "Annotations", &m.annotations);
    w.writef(LEVEL_0, format_args!("Selector:\t{}\n", format_labels(&spec.selector)));
    w.writef(LEVEL_0, format_args!("Type:\t{}\n", spec.type_));
    if let Some(p) = extra("ipFamilyPolicy").and_then(Value::as_str) {
        w.writef(LEVEL_0, format_args!("IP Family Policy:\t{p}\n"));
    }
    let families: Vec<&str> =
        extra("ipFamilies").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    if families.is_empty() {
        w.write(LEVEL_0, "IP Families:\t<none>\n");
    } else {
        w.writef(LEVEL_0, format_args!("IP Families:\t{}\n", families.join(",")));
    }
    w.writef(LEVEL_0, format_args!("IP:\t{}\n", spec.cluster_ip));
    if spec.cluster_ips.is_empty() {
        w.write(LEVEL_0, "IPs:\t<none>\n");
    } else {
        w.writef(LEVEL_0, format_args!("IPs:\t{}\n", spec.cluster_ips.join(",")));
    }
    if !spec.external_ips.is_empty() {
        w.writef(LEVEL_0, format_args!("External IPs:\t{}\n", spec.external_ips.join(",")));
    }
    if let Some(ip) = extra("loadBalancerIP").and_then(Value::as_str).filter(|s| !s.is_empty()) {
        w.writef(LEVEL_0, format_args!("Desired LoadBalancer IP:\t{ip}\n"));
    }
    if !spec.external_name.is_empty() {
        w.writef(LEVEL_0, format_args!("External Name:\t{}\n", spec.external_name));
    }
    let ingress: Vec<&Value> = svc
        .status
        .load_balancer
        .as_ref()
        .and_then(|lb| lb.get("ingress"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .collect();
    if !ingress.is_empty() {
        let parts: Vec<String> = ingress
            .iter()
            .map(|i| {
                let ip = str_at(i, "ip");
                if ip.is_empty() {
                    str_at(i, "hostname").to_string()
                } else {
                    match i.get("ipMode").and_then(Value::as_str) {
                        Some(mode) => format!("{ip} ({mode})"),
                        None => ip.to_string(),
                    }
                }
            })
            .collect();
        w.writef(LEVEL_0, format_args!("LoadBalancer Ingress:\t{}\n", parts.join(", ")));
    }
    for sp in &spec.ports {
        let name = if sp.name.is_empty() { "<unset>" } else { sp.name.as_str() };
        w.writef(LEVEL_0, format_args!("Port:\t{name}\t{}/{}\n", sp.port, sp.protocol));
        match &sp.target_port {
            Some(IntOrString::Str(s)) => w.writef(LEVEL_0, format_args!("TargetPort:\t{s}/{}\n", sp.protocol)),
            Some(IntOrString::Int(i)) => w.writef(LEVEL_0, format_args!("TargetPort:\t{i}/{}\n", sp.protocol)),
            None => w.writef(LEVEL_0, format_args!("TargetPort:\t0/{}\n", sp.protocol)),
        }
        if sp.node_port != 0 {
            w.writef(LEVEL_0, format_args!("NodePort:\t{name}\t{}/{}\n", sp.node_port, sp.protocol));
        }
        w.writef(LEVEL_0, format_args!("Endpoints:\t{}\n", format_endpoint_slices(&slices, Some(&sp.name))));
    }
    let text = |k: &str| extra(k).and_then(Value::as_str).unwrap_or("");
    w.writef(LEVEL_0, format_args!("Session Affinity:\t{}\n", text("sessionAffinity")));
    if !text("externalTrafficPolicy").is_empty() {
        w.writef(LEVEL_0, format_args!("External Traffic Policy:\t{}\n", text("externalTrafficPolicy")));
    }
    if let Some(p) = extra("internalTrafficPolicy").and_then(Value::as_str) {
        w.writef(LEVEL_0, format_args!("Internal Traffic Policy:\t{p}\n"));
    }
    if let Some(p) = extra("healthCheckNodePort").and_then(Value::as_i64).filter(|p| *p != 0) {
        w.writef(LEVEL_0, format_args!("HealthCheck NodePort:\t{p}\n"));
    }
    let ranges = extra("loadBalancerSourceRanges")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect::<Vec<_>>())
        .unwrap_or_default();
    if !ranges.is_empty() {
        w.writef(LEVEL_0, format_args!("LoadBalancer Source Ranges:\t{}\n", ranges.join(",")));
    }
    if let Some(ev) = ctx.events_about("Service", &m.namespace, &m.name, &m.uid) {
        describe_events(&mut w, &ev, ctx.now);
    }
    w.finish()
}

/// `formatEndpointSlices`: ready `ip:port` pairs of the named port, the first three and a count.
pub fn format_endpoint_slices(slices: &[&EndpointSlice], port_name: Option<&str>) -> String {
    if slices.is_empty() {
        return "<none>".to_string();
    }
    const MAX: usize = 3;
    let mut list: Vec<String> = Vec::new();
    let mut more = false;
    let mut count = 0usize;
    let ready = |e: &Value| e.get("conditions").and_then(|c| c.get("ready")).and_then(Value::as_bool).unwrap_or(true);
    let first_address = |e: &Value| {
        e.get("addresses")
            .and_then(Value::as_array)
            .and_then(|a| a.first())
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    for s in slices {
        let endpoints: &[Value] = s.endpoints.as_deref().unwrap_or(&[]);
        let ports: &[Value] = s.ports.as_deref().unwrap_or(&[]);
        if ports.is_empty() {
            for e in endpoints {
                if list.len() == MAX {
                    more = true;
                }
                if !ready(e) {
                    continue;
                }
                if !more {
                    list.push(first_address(e));
                }
                count += 1;
            }
        } else {
            for p in ports {
                let name = str_at(p, "name");
                if port_name.is_some_and(|want| want != name) {
                    continue;
                }
                let port = p.get("port").and_then(Value::as_i64).unwrap_or(0);
                for e in endpoints {
                    if list.len() == MAX {
                        more = true;
                    }
                    if !ready(e) {
                        continue;
                    }
                    if !more {
                        let addr = first_address(e);
                        list.push(if addr.contains(':') {
                            format!("[{addr}]:{port}")
                        } else {
                            format!("{addr}:{port}")
                        });
                    }
                    count += 1;
                }
            }
        }
    }
    let ret = list.join(",");
    if more {
        format!("{ret} + {} more...", count.saturating_sub(MAX))
    } else {
        ret
    }
}

/// `describeEndpoints`.
pub fn describe_endpoints(ctx: &Ctx, ep: &Endpoints) -> String {
    let m = &ep.metadata;
    let mut w = Writer::new();
    w.writef(LEVEL_0, format_args!("Name:\t{}\n", m.name));
    w.writef(LEVEL_0, format_args!("Namespace:\t{}\n", m.namespace));
    print_labels_multiline(&mut w, "Labels", &m.labels);
    print_annotations_multiline(&mut w, "Annotations", &m.annotations);
    w.write(LEVEL_0, "Subsets:\n");
    for subset in &ep.subsets {
        let join = |a: &[crate::api::service::EndpointAddress]| {
            let s = a.iter().map(|x| x.ip.as_str()).collect::<Vec<_>>().join(",");
            if s.is_empty() {
                "<none>".to_string()
            } else {
                s
            }
        };
        w.writef(LEVEL_1, format_args!("Addresses:\t{}\n", join(&subset.addresses)));
        w.writef(LEVEL_1, format_args!("NotReadyAddresses:\t{}\n", join(&subset.not_ready_addresses)));
        if !subset.ports.is_empty() {
            w.write(LEVEL_1, "Ports:\n");
            w.write(LEVEL_2, "Name\tPort\tProtocol\n");
            w.write(LEVEL_2, "----\t----\t--------\n");
            for p in &subset.ports {
                let name = if p.name.is_empty() { "<unset>" } else { p.name.as_str() };
                w.writef(LEVEL_2, format_args!("{name}\t{}\t{}\n", p.port, p.protocol));
            }
        }
        w.write(LEVEL_0, "\n");
    }
    if let Some(ev) = ctx.events_about("Endpoints", &m.namespace, &m.name, &m.uid) {
        describe_events(&mut w, &ev, ctx.now);
    }
    w.finish()
}

/// `describeEndpointSliceV1`.
pub fn describe_endpoint_slice(ctx: &Ctx, eps: &EndpointSlice) -> String {
    let m = &eps.metadata;
    let mut w = Writer::new();
    w.writef(LEVEL_0, format_args!("Name:\t{}\n", m.name));
    w.writef(LEVEL_0, format_args!("Namespace:\t{}\n", m.namespace));
    print_labels_multiline(&mut w, "Labels", &m.labels);
    print_annotations_multiline(&mut w, "Annotations", &m.annotations);
    w.writef(LEVEL_0, format_args!("AddressType:\t{}\n", eps.address_type));
    let ports: &[Value] = eps.ports.as_deref().unwrap_or(&[]);
    if ports.is_empty() {
        w.write(LEVEL_0, "Ports: <unset>\n");
    } else {
        w.write(LEVEL_0, "Ports:\n");
        w.write(LEVEL_1, "Name\tPort\tProtocol\n");
        w.write(LEVEL_1, "----\t----\t--------\n");
        for p in ports {
            let name = p.get("name").and_then(Value::as_str).filter(|n| !n.is_empty()).unwrap_or("<unset>");
            let num = p.get("port").and_then(Value::as_i64).map_or("<unset>".to_string(), |n| n.to_string());
            w.writef(LEVEL_1, format_args!("{name}\t{num}\t{}\n", str_at(p, "protocol")));
        }
    }
    let endpoints: &[Value] = eps.endpoints.as_deref().unwrap_or(&[]);
    if endpoints.is_empty() {
        w.write(LEVEL_0, "Endpoints: <none>\n");
    } else {
        w.write(LEVEL_0, "Endpoints:\n");
        for e in endpoints {
            let addrs = strings_at(e, "addresses").join(", ");
            let addrs = if addrs.is_empty() { "<none>".to_string() } else { addrs };
            w.writef(LEVEL_1, format_args!("- Addresses:\t{addrs}\n"));
            w.write(LEVEL_2, "Conditions:\n");
            let ready = e
                .get("conditions")
                .and_then(|c| c.get("ready"))
                .and_then(Value::as_bool)
                .map_or("<unset>".to_string(), |b| b.to_string());
            w.writef(LEVEL_3, format_args!("Ready:\t{ready}\n"));
            let opt = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or("<unset>").to_string();
            w.writef(LEVEL_2, format_args!("Hostname:\t{}\n", opt("hostname")));
            if let Some(t) = e.get("targetRef") {
                w.writef(LEVEL_2, format_args!("TargetRef:\t{}/{}\n", str_at(t, "kind"), str_at(t, "name")));
            }
            w.writef(LEVEL_2, format_args!("NodeName:\t{}\n", opt("nodeName")));
            w.writef(LEVEL_2, format_args!("Zone:\t{}\n", opt("zone")));
        }
    }
    if let Some(ev) = ctx.events_about("EndpointSlice", &m.namespace, &m.name, &m.uid) {
        describe_events(&mut w, &ev, ctx.now);
    }
    w.finish()
}
