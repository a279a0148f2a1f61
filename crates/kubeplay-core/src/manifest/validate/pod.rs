//! Pod specs, pod templates and pods (pkg/apis/core/validation, v1.28 source with the v1.32
//! deltas: sidecar init containers, the sleep hook, relaxed environment variable names, the
//! clearer toleration error, indexed host aliases): containers, probes, resources, volumes,
//! tolerations and the pod update rules.

use crate::json::put;
use crate::json::Value;

use super::meta::{validate_annotations, validate_label_name, validate_labels, validate_object_meta_update};
use super::names::{
    inclusive_range_error, is_config_map_key, is_dns1123_label, is_dns1123_subdomain, is_http_header_name,
    is_qualified_name, is_relaxed_env_var_name, is_valid_label_value, is_valid_port_name, is_valid_port_num,
    lower_for_qualified_name, name_is_dns_subdomain,
};
use super::net::parse_ip;
use super::path::Path;
use super::quantity::Quantity;
use super::value::push;
use super::value::{
    arr, as_i64, forbidden, get, get_bool, get_i64, get_obj, get_str, i64_of, invalid, invalid_each, invalid_str,
    not_found, not_supported, required, semantic, str_list, str_map, str_of, IntOrString,
};
use crate::manifest::field::{go_quote, FieldError};

const MAX_INT32: i64 = i32::MAX as i64;

/// What `PodValidationOptions` this port needs.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct PodOpts {
    /// The spec is a Pod's own, not a template's (`ResourceIsPod`).
    pub(crate) resource_is_pod: bool,
}

/// A container list with its JSON key (`containers`, `initContainers`, `ephemeralContainers`).
fn containers<'a>(spec: &'a Value, key: &str) -> &'a [Value] {
    arr(spec, key)
}

fn name_of(v: &Value) -> &str {
    str_of(v, "name")
}

/// The volume source keys in the order `validateVolumeSource` checks them, with the path name
/// its "more than 1 volume type" error uses (upstream spells two of them differently).
const VOLUME_SOURCES: [(&str, &str); 29] = [
    ("emptyDir", "emptyDir"),
    ("hostPath", "hostPath"),
    ("gitRepo", "gitRepo"),
    ("gcePersistentDisk", "gcePersistentDisk"),
    ("awsElasticBlockStore", "awsElasticBlockStore"),
    ("secret", "secret"),
    ("nfs", "nfs"),
    ("iscsi", "iscsi"),
    ("glusterfs", "glusterfs"),
    ("flocker", "flocker"),
    ("persistentVolumeClaim", "persistentVolumeClaim"),
    ("rbd", "rbd"),
    ("cinder", "cinder"),
    ("cephfs", "cephFS"),
    ("quobyte", "quobyte"),
    ("downwardAPI", "downwarAPI"),
    ("fc", "fc"),
    ("flexVolume", "flexVolume"),
    ("configMap", "configMap"),
    ("azureFile", "azureFile"),
    ("vsphereVolume", "vsphereVolume"),
    ("photonPersistentDisk", "photonPersistentDisk"),
    ("portworxVolume", "portworxVolume"),
    ("azureDisk", "azureDisk"),
    ("storageos", "storageos"),
    ("projected", "projected"),
    ("scaleIO", "scaleIO"),
    ("csi", "csi"),
    ("ephemeral", "ephemeral"),
];

/// `validateVolumeSource`: exactly one source, plus the checks of the common sources
/// (emptyDir, hostPath, secret, configMap, persistentVolumeClaim); other sources are accepted.
fn validate_volume_source(vol: &Value, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut count = 0;
    for (key, err_name) in VOLUME_SOURCES {
        let Some(src) = get(vol, key) else {
            continue;
        };
        if count > 0 {
            push::forbidden(&mut errs, p, err_name, "may not specify more than 1 volume type");
            continue;
        }
        count += 1;
        let sp = p.child(key);
        match key {
            "emptyDir" => {
                if let Some(q) = get_quantity(src, "sizeLimit") {
                    if q.sign() < 0 {
                        push::forbidden(
                            &mut errs,
                            &sp,
                            "sizeLimit",
                            "SizeLimit field must be a valid resource quantity",
                        );
                    }
                }
            }
            "hostPath" if str_of(src, "path").is_empty() => push::required(&mut errs, &sp, "path", ""),
            "secret" => {
                if str_of(src, "secretName").is_empty() {
                    push::required(&mut errs, &sp, "secretName", "");
                }
                errs.extend(validate_default_mode(src, &sp));
            }
            "configMap" => {
                if str_of(src, "name").is_empty() {
                    push::required(&mut errs, &sp, "name", "");
                }
                errs.extend(validate_default_mode(src, &sp));
            }
            "persistentVolumeClaim" if str_of(src, "claimName").is_empty() => {
                push::required(&mut errs, &sp, "claimName", "");
            }
            _ => {}
        }
    }
    if count == 0 {
        push::required(&mut errs, p, "", "must specify a volume type");
    }
    errs
}

fn validate_default_mode(src: &Value, p: &Path) -> Vec<FieldError> {
    match get_i64(src, "defaultMode") {
        Some(m) if !(0..=0o777).contains(&m) => push::one(invalid(
            &p.child("defaultMode"),
            m.to_string(),
            "must be a number between 0 and 0777 (octal), both inclusive",
        )),
        _ => Vec::new(),
    }
}

/// `ValidateVolumes`: the valid volume names, and the errors.
fn validate_volumes(spec: &Value, p: &Path) -> (Vec<String>, Vec<FieldError>) {
    let mut errs = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for (i, vol) in arr(spec, "volumes").iter().enumerate() {
        let ip = p.index(i);
        let np = ip.child("name");
        let mut el = validate_volume_source(vol, &ip);
        let name = name_of(vol);
        if name.is_empty() {
            push::required(&mut el, &np, "", "");
        } else {
            invalid_each(&mut el, &np, "", name, is_dns1123_label(name));
        }
        if names.iter().any(|n| n == name) {
            push::duplicate(&mut el, &np, "", go_quote(name));
        }
        if el.is_empty() {
            names.push(name.to_string());
        } else {
            errs.extend(el);
        }
    }
    (names, errs)
}

/// `validateContainerPorts`.
fn validate_container_ports(ports: &[Value], p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    for (i, port) in ports.iter().enumerate() {
        let ip = p.index(i);
        let name = name_of(port);
        if !name.is_empty() {
            let msgs = is_valid_port_name(name);
            if !msgs.is_empty() {
                invalid_each(&mut errs, &ip, "name", name, msgs);
            } else if names.contains(&name) {
                push::duplicate(&mut errs, &ip, "name", go_quote(name));
            } else {
                names.push(name);
            }
        }
        let container_port = i64_of(port, "containerPort");
        if container_port == 0 {
            push::required(&mut errs, &ip, "containerPort", "");
        } else {
            for m in is_valid_port_num(container_port) {
                push::invalid(&mut errs, &ip, "containerPort", container_port.to_string(), &m);
            }
        }
        let host_port = i64_of(port, "hostPort");
        if host_port != 0 {
            for m in is_valid_port_num(host_port) {
                push::invalid(&mut errs, &ip, "hostPort", host_port.to_string(), &m);
            }
        }
        errs.extend(validate_protocol(str_of(port, "protocol"), &ip.child("protocol")));
    }
    errs
}

/// The protocol rule shared by container, service and endpoint ports.
pub(crate) fn validate_protocol(protocol: &str, p: &Path) -> Vec<FieldError> {
    if protocol.is_empty() {
        push::one(required(p, ""))
    } else if !["SCTP", "TCP", "UDP"].contains(&protocol) {
        push::one(not_supported(p, protocol, &["SCTP", "TCP", "UDP"]))
    } else {
        Vec::new()
    }
}

const ENV_FIELD_PATHS: [&str; 9] = [
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];
const RESOURCE_FIELD_PATHS: [&str; 6] = [
    "limits.cpu",
    "limits.ephemeral-storage",
    "limits.memory",
    "requests.cpu",
    "requests.ephemeral-storage",
    "requests.memory",
];
const DOWNWARD_LABELS: [&str; 14] = [
    "metadata.annotations",
    "metadata.labels",
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.serviceAccountName",
    "spec.schedulerName",
    "status.phase",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// `fieldpath.SplitMaybeSubscriptedPath`.
fn split_subscripted(path: &str) -> Option<(&str, &str)> {
    let s = path.strip_suffix("']")?;
    let (head, sub) = s.split_once("['")?;
    if head.is_empty() {
        None
    } else {
        Some((head, sub))
    }
}

/// `validateObjectFieldSelector` for env vars.
fn validate_object_field_selector(fs: &Value, p: &Path) -> Vec<FieldError> {
    let api_version = str_of(fs, "apiVersion");
    let field_path = str_of(fs, "fieldPath");
    if api_version.is_empty() {
        return push::one(required(&p.child("apiVersion"), ""));
    }
    if field_path.is_empty() {
        return push::one(required(&p.child("fieldPath"), ""));
    }
    let convert_err = if api_version != "v1" {
        Some(format!("unsupported pod version: {api_version}"))
    } else if let Some((head, _)) = split_subscripted(field_path) {
        (head != "metadata.annotations" && head != "metadata.labels")
            .then(|| format!("field label does not support subscript: {field_path}"))
    } else if !DOWNWARD_LABELS.contains(&field_path) && field_path != "spec.host" {
        Some(format!("field label not supported: {field_path}"))
    } else {
        None
    };
    if let Some(e) = convert_err {
        return push::one(invalid_str(&p.child("fieldPath"), field_path, &format!("error converting fieldPath: {e}")));
    }
    let internal_path = if field_path == "spec.host" { "spec.nodeName" } else { field_path };
    let mut errs = Vec::new();
    if let Some((head, sub)) = split_subscripted(internal_path) {
        match head {
            "metadata.annotations" => {
                let lower = lower_for_qualified_name(sub);
                invalid_each(&mut errs, p, "", &lower, is_qualified_name(&lower));
            }
            "metadata.labels" => invalid_each(&mut errs, p, "", sub, is_qualified_name(sub)),
            _ => push::invalid_str(&mut errs, p, "", head, "does not support subscript"),
        }
    } else if !ENV_FIELD_PATHS.contains(&internal_path) {
        push::not_supported(&mut errs, p, "fieldPath", internal_path, &ENV_FIELD_PATHS);
    }
    errs
}

/// `validateContainerResourceFieldSelector` for env vars (not volumes).
fn validate_resource_field_selector(fs: &Value, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let resource = str_of(fs, "resource");
    if resource.is_empty() {
        push::required(&mut errs, p, "resource", "");
    } else if !RESOURCE_FIELD_PATHS.contains(&resource)
        && !resource.starts_with("limits.hugepages-")
        && !resource.starts_with("requests.hugepages-")
    {
        push::not_supported(&mut errs, p, "resource", resource, &RESOURCE_FIELD_PATHS);
    }
    if let Some(d) = get_quantity(fs, "divisor").filter(|d| d.sign() != 0) {
        let canonical = d.canonical();
        let (allowed, msg): (&[&str], &str) = match resource {
            "limits.cpu" | "requests.cpu" => {
                (&["1m", "1"], "only divisor's values 1m and 1 are supported with the cpu resource")
            }
            "limits.memory" | "requests.memory" => (
                &DIVISORS,
                "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource",
            ),
            "limits.ephemeral-storage" | "requests.ephemeral-storage" => (
                &DIVISORS,
                "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the local ephemeral storage resource",
            ),
            _ => (&DIVISORS, ""),
        };
        if !msg.is_empty() && !allowed.contains(&canonical.as_str()) {
            push::invalid_str(&mut errs, p, "divisor", resource, msg);
        }
    }
    errs
}

const DIVISORS: [&str; 13] = ["1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"];

/// `validateConfigMapKeySelector` / `validateSecretKeySelector`.
fn validate_key_selector(s: &Value, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let name = str_of(s, "name");
    invalid_each(&mut errs, p, "name", name, name_is_dns_subdomain(name, false));
    let key = str_of(s, "key");
    if key.is_empty() {
        push::required(&mut errs, p, "key", "");
    } else {
        invalid_each(&mut errs, p, "key", key, is_config_map_key(key));
    }
    errs
}

/// `ValidateEnv` (relaxed names: the v1.32 default).
fn validate_env(vars: &[Value], p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (i, ev) in vars.iter().enumerate() {
        let ip = p.index(i);
        let name = name_of(ev);
        if name.is_empty() {
            push::required(&mut errs, &ip, "name", "");
        } else {
            invalid_each(&mut errs, &ip, "name", name, is_relaxed_env_var_name(name));
        }
        let Some(vf) = get_obj(ev, "valueFrom") else {
            continue;
        };
        let vp = ip.child("valueFrom");
        let mut sources = 0;
        if let Some(fs) = get_obj(vf, "fieldRef") {
            sources += 1;
            errs.extend(validate_object_field_selector(fs, &vp.child("fieldRef")));
        }
        if let Some(fs) = get_obj(vf, "resourceFieldRef") {
            sources += 1;
            errs.extend(validate_resource_field_selector(fs, &vp.child("resourceFieldRef")));
        }
        if let Some(s) = get_obj(vf, "configMapKeyRef") {
            sources += 1;
            errs.extend(validate_key_selector(s, &vp.child("configMapKeyRef")));
        }
        if let Some(s) = get_obj(vf, "secretKeyRef") {
            sources += 1;
            errs.extend(validate_key_selector(s, &vp.child("secretKeyRef")));
        }
        if sources == 0 {
            push::invalid_str(
                &mut errs,
                &vp,
                "",
                "",
                "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
            );
        } else if !str_of(ev, "value").is_empty() {
            push::invalid_str(&mut errs, &vp, "", "", "may not be specified when `value` is not empty");
        } else if sources > 1 {
            push::invalid_str(&mut errs, &vp, "", "", "may not have more than one field specified at a time");
        }
    }
    errs
}

/// `ValidateEnvFrom`.
fn validate_env_from(vars: &[Value], p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (i, ev) in vars.iter().enumerate() {
        let ip = p.index(i);
        let prefix = str_of(ev, "prefix");
        if !prefix.is_empty() {
            invalid_each(&mut errs, &ip, "prefix", prefix, is_relaxed_env_var_name(prefix));
        }
        let mut sources = 0;
        for key in ["configMapRef", "secretRef"] {
            if let Some(r) = get_obj(ev, key) {
                sources += 1;
                let name = name_of(r);
                let np = ip.child(key).child("name");
                if name.is_empty() {
                    push::required(&mut errs, &np, "", "");
                } else {
                    invalid_each(&mut errs, &np, "", name, name_is_dns_subdomain(name, true));
                }
            }
        }
        if sources == 0 {
            push::invalid_str(&mut errs, p, "", "", "must specify one of: `configMapRef` or `secretRef`");
        } else if sources > 1 {
            push::invalid_str(&mut errs, p, "", "", "may not have more than one field specified at a time");
        }
    }
    errs
}

/// `validateLocalDescendingPath`.
fn validate_local_descending_path(target: &str, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if target.starts_with('/') {
        push::invalid_str(&mut errs, p, "", target, "must be a relative path");
    }
    if target.split('/').any(|part| part == "..") {
        push::invalid_str(&mut errs, p, "", target, "must not contain '..'");
    }
    errs
}

/// `ValidateVolumeMounts`.
fn validate_volume_mounts(ctr: &Value, volumes: &[String], p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut mount_points: Vec<&str> = Vec::new();
    for (i, m) in arr(ctr, "volumeMounts").iter().enumerate() {
        let ip = p.index(i);
        let name = name_of(m);
        if name.is_empty() {
            push::required(&mut errs, &ip, "name", "");
        }
        if !volumes.iter().any(|v| v == name) {
            push::not_found(&mut errs, &ip, "name", name);
        }
        let mount_path = str_of(m, "mountPath");
        if mount_path.is_empty() {
            push::required(&mut errs, &ip, "mountPath", "");
        }
        if mount_points.contains(&mount_path) {
            push::invalid_str(&mut errs, &ip, "mountPath", mount_path, "must be unique");
        }
        mount_points.push(mount_path);
        let sub_path = str_of(m, "subPath");
        if !sub_path.is_empty() {
            errs.extend(validate_local_descending_path(sub_path, &p.child("subPath")));
        }
        let sub_path_expr = str_of(m, "subPathExpr");
        if !sub_path_expr.is_empty() {
            if !sub_path.is_empty() {
                push::invalid_str(
                    &mut errs,
                    &ip,
                    "subPathExpr",
                    sub_path_expr,
                    "subPathExpr and subPath are mutually exclusive",
                );
            }
            errs.extend(validate_local_descending_path(sub_path_expr, &p.child("subPathExpr")));
        }
        if let Some(mp) = get_str(m, "mountPropagation") {
            let pp = p.child("mountPropagation");
            match mp {
                "None" | "HostToContainer" => {}
                "Bidirectional" => {
                    let privileged = get_obj(ctr, "securityContext").and_then(|s| get_bool(s, "privileged"));
                    if privileged != Some(true) {
                        push::forbidden(
                            &mut errs,
                            &pp,
                            "",
                            "Bidirectional mount propagation is available only to privileged containers",
                        );
                    }
                }
                other => push::not_supported(&mut errs, &pp, "", other, &["Bidirectional", "HostToContainer", "None"]),
            }
        }
    }
    errs
}

/// `validatePullPolicy`.
fn validate_pull_policy(policy: &str, p: &Path) -> Vec<FieldError> {
    match policy {
        "Always" | "IfNotPresent" | "Never" => Vec::new(),
        "" => push::one(required(p, "")),
        other => push::one(not_supported(p, other, &["Always", "IfNotPresent", "Never"])),
    }
}

/// A quantity field (string or number in JSON); `None` when absent or unparsable.
pub(crate) fn get_quantity(v: &Value, key: &str) -> Option<Quantity> {
    quantity_of(get(v, key)?)
}

/// A quantity from a JSON string or number.
pub(crate) fn quantity_of(v: &Value) -> Option<Quantity> {
    match v {
        Value::String(s) => Quantity::parse(s),
        Value::Number(n) => Quantity::parse(&n.to_string()),
        _ => None,
    }
}

const STANDARD_RESOURCES: [&str; 20] = [
    "cpu",
    "memory",
    "ephemeral-storage",
    "requests.cpu",
    "requests.memory",
    "requests.ephemeral-storage",
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
    "pods",
    "resourcequotas",
    "services",
    "replicationcontrollers",
    "secrets",
    "configmaps",
    "persistentvolumeclaims",
    "storage",
    "requests.storage",
    "services.nodeports",
    "services.loadbalancers",
];
const INTEGER_RESOURCES: [&str; 9] = [
    "pods",
    "resourcequotas",
    "services",
    "replicationcontrollers",
    "secrets",
    "configmaps",
    "persistentvolumeclaims",
    "services.nodeports",
    "services.loadbalancers",
];

fn is_hugepages(name: &str) -> bool {
    name.starts_with("hugepages-")
}

/// `helper.IsNativeResource`.
fn is_native_resource(name: &str) -> bool {
    !name.contains('/') || name.contains("kubernetes.io/")
}

/// `helper.IsExtendedResourceName`.
fn is_extended_resource(name: &str) -> bool {
    !is_native_resource(name)
        && !name.starts_with("requests.")
        && is_qualified_name(&format!("requests.{name}")).is_empty()
}

/// `helper.IsOvercommitAllowed`.
fn is_overcommit_allowed(name: &str) -> bool {
    is_native_resource(name) && !is_hugepages(name)
}

/// `validateContainerResourceName` (via `validateResourceName`).
fn validate_container_resource_name(name: &str, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    invalid_each(&mut errs, p, "", name, is_qualified_name(name));
    if errs.is_empty()
        && !name.contains('/')
        && !STANDARD_RESOURCES.contains(&name)
        && !is_hugepages(name)
        && !name.starts_with("requests.hugepages-")
    {
        push::invalid_str(&mut errs, p, "", name, "must be a standard resource type or fully qualified");
    }
    if !name.contains('/') {
        if !["cpu", "memory", "ephemeral-storage"].contains(&name) && !is_hugepages(name) {
            push::invalid_str(&mut errs, p, "", name, "must be a standard resource for containers");
        }
    } else if !is_native_resource(name) && !is_extended_resource(name) {
        push::invalid_str(&mut errs, p, "", name, "doesn't follow extended resource name standard");
    }
    errs
}

/// Go's `%#v` of a `resource.Quantity`, which the "must be an integer" error prints. The
/// internal amount is shown normalized; upstream keeps the digits as parsed.
fn quantity_dump(q: &Quantity) -> String {
    let milli = q.milli_value();
    let (mut value, mut scale) = (milli, -3i64);
    while value != 0 && value % 10 == 0 {
        value /= 10;
        scale += 1;
    }
    let format = match q.format() {
        super::quantity::Format::BinarySI => "BinarySI",
        super::quantity::Format::DecimalSI => "DecimalSI",
        super::quantity::Format::DecimalExponent => "DecimalExponent",
    };
    format!(
        "resource.Quantity{{i:resource.int64Amount{{value:{value}, scale:{scale}}}, d:resource.infDecAmount{{Dec:(*inf.Dec)(nil)}}, s:\"\", Format:{}}}",
        go_quote(format)
    )
}

/// `ValidateResourceQuantityValue`.
pub(crate) fn validate_resource_quantity_value(name: &str, q: &Quantity, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if q.sign() < 0 {
        push::invalid_str(&mut errs, p, "", &q.canonical(), "must be greater than or equal to 0");
    }
    if (INTEGER_RESOURCES.contains(&name) || is_extended_resource(name)) && !q.is_whole() {
        push::invalid(&mut errs, p, "", quantity_dump(q), "must be an integer");
    }
    errs
}

/// `helper.IsHugePageResourceValueDivisible`.
fn hugepage_divisible(name: &str, q: &Quantity) -> bool {
    let Some(page) = name.strip_prefix("hugepages-").and_then(Quantity::parse) else {
        return false;
    };
    if page.sign() <= 0 || !page.is_whole() {
        return false;
    }
    let (value, page_value) = ((q.milli_value() + 999) / 1000, page.milli_value() / 1000);
    page_value != 0 && value % page_value == 0
}

/// `ValidateResourceRequirements` (`ValidateContainerResourceRequirements` in v1.32). Resource
/// names are visited in sorted order (upstream: Go map order).
fn validate_resource_requirements(res: Option<&Value>, claim_names: &[&str], p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let Some(res) = res else {
        return errs;
    };
    let lim_path = p.child("limits");
    let req_path = p.child("requests");
    let limits = get_obj(res, "limits").and_then(Value::as_object);
    let requests = get_obj(res, "requests").and_then(Value::as_object);
    let (mut lim_cpu_mem, mut req_cpu_mem, mut lim_huge, mut req_huge) = (false, false, false, false);
    for (name, v) in limits.into_iter().flatten() {
        let fp = lim_path.key(name);
        errs.extend(validate_container_resource_name(name, &fp));
        let Some(q) = quantity_of(v) else {
            continue;
        };
        errs.extend(validate_resource_quantity_value(name, &q, &fp));
        if is_hugepages(name) {
            lim_huge = true;
            if !hugepage_divisible(name, &q) {
                push::invalid_str(
                    &mut errs,
                    &fp,
                    "",
                    &q.canonical(),
                    &format!("{} is not positive integer multiple of {name}", q.canonical()),
                );
            }
        }
        if name == "cpu" || name == "memory" {
            lim_cpu_mem = true;
        }
    }
    for (name, v) in requests.into_iter().flatten() {
        let fp = req_path.key(name);
        errs.extend(validate_container_resource_name(name, &fp));
        let Some(q) = quantity_of(v) else {
            continue;
        };
        errs.extend(validate_resource_quantity_value(name, &q, &fp));
        match limits.and_then(|l| l.get(name)).and_then(quantity_of) {
            Some(limit) => {
                let ord = q.cmp_to(&limit);
                if ord != std::cmp::Ordering::Equal && !is_overcommit_allowed(name) {
                    push::invalid_str(
                        &mut errs,
                        &req_path,
                        "",
                        &q.canonical(),
                        &format!("must be equal to {name} limit of {}", limit.canonical()),
                    );
                } else if ord == std::cmp::Ordering::Greater {
                    push::invalid_str(
                        &mut errs,
                        &req_path,
                        "",
                        &q.canonical(),
                        &format!("must be less than or equal to {name} limit of {}", limit.canonical()),
                    );
                }
            }
            None => {
                if !is_overcommit_allowed(name) {
                    push::required(&mut errs, &lim_path, "", "Limit must be set for non overcommitable resources");
                }
            }
        }
        if is_hugepages(name) {
            req_huge = true;
            if !hugepage_divisible(name, &q) {
                push::invalid_str(
                    &mut errs,
                    &fp,
                    "",
                    &q.canonical(),
                    &format!("{} is not positive integer multiple of {name}", q.canonical()),
                );
            }
        }
        if name == "cpu" || name == "memory" {
            req_cpu_mem = true;
        }
    }
    if !lim_cpu_mem && !req_cpu_mem && (req_huge || lim_huge) {
        push::forbidden(&mut errs, p, "", "HugePages require cpu or memory");
    }
    let cp = p.child("claims");
    let mut seen: Vec<&str> = Vec::new();
    for (i, c) in arr(res, "claims").iter().enumerate() {
        let name = name_of(c);
        if name.is_empty() {
            push::required(&mut errs, &cp.index(i), "", "");
            continue;
        }
        if seen.contains(&name) {
            push::duplicate(&mut errs, &cp.index(i), "", go_quote(name));
        } else {
            seen.push(name);
        }
        if !claim_names.contains(&name) {
            let mut e = not_found(&cp.index(i), name);
            e.detail = if claim_names.is_empty() {
                "must be one of the names in pod.spec.resourceClaims which is empty".to_string()
            } else {
                let mut sorted = claim_names.to_vec();
                sorted.sort_unstable();
                format!("must be one of the names in pod.spec.resourceClaims: {}", sorted.join(", "))
            };
            errs.push(e);
        }
    }
    errs
}

/// `validateResizePolicy`.
fn validate_resize_policy(list: &[Value], p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (i, rp) in list.iter().enumerate() {
        let name = str_of(rp, "resourceName");
        if seen.contains(&name) {
            push::duplicate(&mut errs, &p.index(i), "", go_quote(name));
        }
        seen.push(name);
        push::one_of(&mut errs, p, "", name, &["cpu", "memory"]);
        push::one_of(&mut errs, p, "", str_of(rp, "restartPolicy"), &["NotRequired", "RestartContainer"]);
    }
    errs
}

/// `validateContainerCommon`.
fn validate_container_common(ctr: &Value, volumes: &[String], claim_names: &[&str], p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let name = name_of(ctr);
    if name.is_empty() {
        push::required(&mut errs, p, "name", "");
    } else {
        invalid_each(&mut errs, p, "name", name, is_dns1123_label(name));
    }
    if str_of(ctr, "image").is_empty() {
        push::required(&mut errs, p, "image", "");
    }
    push::one_of(
        &mut errs,
        p,
        "terminationMessagePolicy",
        str_of(ctr, "terminationMessagePolicy"),
        &["File", "FallbackToLogsOnError"],
    );
    errs.extend(validate_container_ports(arr(ctr, "ports"), &p.child("ports")));
    errs.extend(validate_env(arr(ctr, "env"), &p.child("env")));
    errs.extend(validate_env_from(arr(ctr, "envFrom"), &p.child("envFrom")));
    errs.extend(validate_volume_mounts(ctr, volumes, &p.child("volumeMounts")));
    errs.extend(validate_pull_policy(str_of(ctr, "imagePullPolicy"), &p.child("imagePullPolicy")));
    errs.extend(validate_resource_requirements(get_obj(ctr, "resources"), claim_names, &p.child("resources")));
    errs.extend(validate_resize_policy(arr(ctr, "resizePolicy"), &p.child("resizePolicy")));
    errs
}

/// `ValidatePortNumOrName`.
fn validate_port_num_or_name(port: Option<&Value>, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    match IntOrString::from_value(port).unwrap_or(IntOrString::Int(0)) {
        IntOrString::Int(n) => {
            for m in is_valid_port_num(n) {
                push::invalid(&mut errs, p, "", n.to_string(), &m);
            }
        }
        IntOrString::Str(s) => invalid_each(&mut errs, p, "", &s, is_valid_port_name(&s)),
    }
    errs
}

/// `validateHandler` with the v1.32 sleep action (lifecycle handlers only).
fn validate_handler(h: &Value, grace_period: Option<i64>, p: &Path, allow_sleep: bool) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut count = 0;
    // Lifecycle handlers have a sleep action and no grpc one; probes the other way round.
    let kinds: &[&str] = if allow_sleep {
        &["exec", "httpGet", "tcpSocket", "sleep"]
    } else {
        &["exec", "httpGet", "tcpSocket", "grpc"]
    };
    for kind in kinds {
        let Some(a) = get(h, kind) else {
            continue;
        };
        let ap = p.child(kind);
        if count > 0 {
            push::forbidden(&mut errs, &ap, "", "may not specify more than 1 handler type");
            continue;
        }
        count += 1;
        match *kind {
            "exec" if arr(a, "command").is_empty() => push::required(&mut errs, &ap, "command", ""),
            "httpGet" => {
                if str_of(a, "path").is_empty() {
                    push::required(&mut errs, &ap, "path", "");
                }
                errs.extend(validate_port_num_or_name(get(a, "port"), &ap.child("port")));
                let scheme = str_of(a, "scheme");
                if scheme != "HTTP" && scheme != "HTTPS" {
                    push::not_supported(&mut errs, &ap, "scheme", scheme, &["HTTP", "HTTPS"]);
                }
                for header in arr(a, "httpHeaders") {
                    let hn = name_of(header);
                    invalid_each(&mut errs, &ap, "httpHeaders", hn, is_http_header_name(hn));
                }
            }
            "tcpSocket" => errs.extend(validate_port_num_or_name(get(a, "port"), &ap.child("port"))),
            "grpc" => {
                let port = i64_of(a, "port");
                for m in is_valid_port_num(port) {
                    push::invalid(&mut errs, &ap, "port", port.to_string(), &m);
                }
            }
            "sleep" => {
                let seconds = i64_of(a, "seconds");
                if let Some(gp) = grace_period {
                    if seconds <= 0 || seconds > gp {
                        push::invalid(&mut errs, &ap, "", seconds.to_string(), &format!("must be greater than 0 and less than terminationGracePeriodSeconds ({gp}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep."));
                    }
                }
            }
            _ => {}
        }
    }
    if count == 0 {
        push::required(&mut errs, p, "", "must specify a handler type");
    }
    errs
}

/// `validateLifecycle`.
fn validate_lifecycle(lc: &Value, grace_period: Option<i64>, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for hook in ["postStart", "preStop"] {
        if let Some(h) = get_obj(lc, hook) {
            errs.extend(validate_handler(h, grace_period, &p.child(hook), true));
        }
    }
    errs
}

/// `validateProbe`.
fn validate_probe(probe: &Value, grace_period: Option<i64>, p: &Path) -> Vec<FieldError> {
    let mut errs = validate_handler(probe, grace_period, p, false);
    for key in ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"] {
        let v = i64_of(probe, key);
        if v < 0 {
            push::invalid(&mut errs, p, key, v.to_string(), "must be greater than or equal to 0");
        }
    }
    if let Some(t) = get_i64(probe, "terminationGracePeriodSeconds").filter(|t| *t <= 0) {
        push::invalid(&mut errs, p, "terminationGracePeriodSeconds", t.to_string(), "must be greater than 0");
    }
    errs
}

/// `validateLivenessProbe`, `validateReadinessProbe`, `validateStartupProbe`.
fn validate_probes(ctr: &Value, grace_period: Option<i64>, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for key in ["livenessProbe", "readinessProbe", "startupProbe"] {
        let Some(probe) = get_obj(ctr, key) else {
            continue;
        };
        let pp = p.child(key);
        errs.extend(validate_probe(probe, grace_period, &pp));
        if key == "readinessProbe" {
            if let Some(t) = get_i64(probe, "terminationGracePeriodSeconds") {
                push::invalid(
                    &mut errs,
                    &pp,
                    "terminationGracePeriodSeconds",
                    t.to_string(),
                    "must not be set for readinessProbes",
                );
            }
        } else {
            let st = i64_of(probe, "successThreshold");
            if st != 1 {
                push::invalid(&mut errs, &pp, "successThreshold", st.to_string(), "must be 1");
            }
        }
    }
    errs
}

/// `checkHostPortConflicts` (`AccumulateUniqueHostPorts` over one list).
fn check_host_port_conflicts(ctrs: &[&Value], indexes: &[usize], p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (ctr, ci) in ctrs.iter().zip(indexes) {
        for (pi, port) in arr(ctr, "ports").iter().enumerate() {
            let host_port = i64_of(port, "hostPort");
            if host_port == 0 {
                continue;
            }
            let key = format!("{}/{}/{}", str_of(port, "protocol"), str_of(port, "hostIP"), host_port);
            if seen.contains(&key) {
                push::duplicate(&mut errs, &p.index(*ci).child("ports").index(pi), "hostPort", go_quote(&key));
            } else {
                seen.push(key);
            }
        }
    }
    errs
}

fn grace_period(spec: &Value) -> Option<i64> {
    get_i64(spec, "terminationGracePeriodSeconds")
}

/// `validateContainers`.
fn validate_containers(spec: &Value, volumes: &[String], claim_names: &[&str], p: &Path) -> Vec<FieldError> {
    let list = containers(spec, "containers");
    if list.is_empty() {
        return push::one(required(p, ""));
    }
    let gp = grace_period(spec);
    let mut errs = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    for (i, ctr) in list.iter().enumerate() {
        let cp = p.index(i);
        errs.extend(validate_container_common(ctr, volumes, claim_names, &cp));
        let name = name_of(ctr);
        if names.contains(&name) {
            push::duplicate(&mut errs, &cp, "name", go_quote(name));
        } else {
            names.push(name);
        }
        if let Some(lc) = get_obj(ctr, "lifecycle") {
            errs.extend(validate_lifecycle(lc, gp, &cp.child("lifecycle")));
        }
        errs.extend(validate_probes(ctr, gp, &cp));
        if get(ctr, "restartPolicy").is_some() {
            push::forbidden(&mut errs, &cp, "restartPolicy", "may not be set for non-init containers");
        }
    }
    let refs: Vec<&Value> = list.iter().collect();
    let indexes: Vec<usize> = (0..list.len()).collect();
    errs.extend(check_host_port_conflicts(&refs, &indexes, p));
    errs
}

/// `validateInitContainers` with v1.32 sidecar containers (`restartPolicy: Always`).
fn validate_init_containers(spec: &Value, volumes: &[String], claim_names: &[&str], p: &Path) -> Vec<FieldError> {
    let gp = grace_period(spec);
    let mut errs = Vec::new();
    let mut names: Vec<&str> = containers(spec, "containers").iter().map(name_of).collect();
    for (i, ctr) in containers(spec, "initContainers").iter().enumerate() {
        let cp = p.index(i);
        errs.extend(validate_container_common(ctr, volumes, claim_names, &cp));
        let mut restart_always = false;
        if let Some(rp) = get(ctr, "restartPolicy") {
            let rp = rp.as_str().unwrap_or("");
            if rp == "Always" {
                restart_always = true;
            } else {
                push::not_supported(&mut errs, &cp, "restartPolicy", rp, &["Always"]);
            }
        }
        let name = name_of(ctr);
        if names.contains(&name) {
            push::duplicate(&mut errs, &cp, "name", go_quote(name));
        } else if !name.is_empty() {
            names.push(name);
        }
        errs.extend(check_host_port_conflicts(&[ctr], &[i], p));
        if restart_always {
            if let Some(lc) = get_obj(ctr, "lifecycle") {
                errs.extend(validate_lifecycle(lc, gp, &cp.child("lifecycle")));
            }
            errs.extend(validate_probes(ctr, gp, &cp));
        } else {
            for key in ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"] {
                if get(ctr, key).is_some() {
                    push::forbidden(
                        &mut errs,
                        &cp,
                        key,
                        "may not be set for init containers without restartPolicy=Always",
                    );
                }
            }
        }
        let resize = arr(ctr, "resizePolicy");
        if !resize.is_empty() {
            let items: Vec<String> = resize
                .iter()
                .map(|r| {
                    format!(
                        "core.ContainerResizePolicy{{ResourceName:{}, RestartPolicy:{}}}",
                        go_quote(str_of(r, "resourceName")),
                        go_quote(str_of(r, "restartPolicy"))
                    )
                })
                .collect();
            push::invalid(
                &mut errs,
                &cp,
                "resizePolicy",
                format!("[]core.ContainerResizePolicy{{{}}}", items.join(", ")),
                "must not be set for init containers",
            );
        }
    }
    errs
}

/// `validateContainerOnlyForPod`: no whitespace around the image.
fn validate_container_only_for_pod(ctr: &Value, p: &Path) -> Vec<FieldError> {
    let image = str_of(ctr, "image");
    if image.len() != image.trim().len() {
        push::one(invalid_str(&p.child("image"), image, "must not have leading or trailing whitespace"))
    } else {
        Vec::new()
    }
}

/// `validateEphemeralContainers`.
fn validate_ephemeral_containers(spec: &Value, volumes: &[String], claim_names: &[&str], p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let list = containers(spec, "ephemeralContainers");
    if list.is_empty() {
        return errs;
    }
    let other: Vec<&str> =
        containers(spec, "containers").iter().chain(containers(spec, "initContainers")).map(name_of).collect();
    let mut all = other.clone();
    for (i, ec) in list.iter().enumerate() {
        let ip = p.index(i);
        errs.extend(validate_container_common(ec, volumes, claim_names, &ip));
        errs.extend(validate_container_only_for_pod(ec, &ip));
        let name = name_of(ec);
        if all.contains(&name) {
            push::duplicate(&mut errs, &ip, "name", go_quote(name));
        } else {
            all.push(name);
        }
        let target = str_of(ec, "targetContainerName");
        if !target.is_empty() && !other.contains(&target) {
            push::not_found(&mut errs, &ip, "targetContainerName", target);
        }
        // `validateFieldAllowList`, in the struct's field order.
        for key in [
            "ports",
            "resources",
            "resizePolicy",
            "restartPolicy",
            "livenessProbe",
            "readinessProbe",
            "startupProbe",
            "lifecycle",
        ] {
            let set = match get(ec, key) {
                None => false,
                Some(Value::Array(a)) => !a.is_empty(),
                Some(Value::Object(o)) if key == "resources" => o.values().any(|v| match v {
                    Value::Object(m) => !m.is_empty(),
                    Value::Array(a) => !a.is_empty(),
                    Value::Null => false,
                    _ => true,
                }),
                Some(_) => true,
            };
            if set {
                push::forbidden(&mut errs, &ip, key, "cannot be set for an Ephemeral Container");
            }
        }
        for (j, m) in arr(ec, "volumeMounts").iter().enumerate() {
            for key in ["subPath", "subPathExpr"] {
                if !str_of(m, key).is_empty() {
                    push::forbidden(
                        &mut errs,
                        &ip.child("volumeMounts").index(j),
                        key,
                        "cannot be set for an Ephemeral Container",
                    );
                }
            }
        }
    }
    errs
}

/// `validatePodHostNetworkDeps`.
fn validate_host_network_deps(spec: &Value, p: &Path, opts: PodOpts) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if get_bool(spec, "hostNetwork") != Some(true) {
        return errs;
    }
    for (i, ctr) in containers(spec, "containers").iter().enumerate() {
        for (j, port) in arr(ctr, "ports").iter().enumerate() {
            let (hp, cp) = (i64_of(port, "hostPort"), i64_of(port, "containerPort"));
            if (opts.resource_is_pod || hp != 0) && hp != cp {
                push::invalid(
                    &mut errs,
                    &p.child("containers").index(i).child("ports").index(j),
                    "hostPort",
                    hp.to_string(),
                    "must match `containerPort` when `hostNetwork` is true",
                );
            }
        }
    }
    errs
}

/// `ValidateTolerations`.
pub(crate) fn validate_tolerations(list: &[Value], p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (i, t) in list.iter().enumerate() {
        let ip = p.index(i);
        let key = str_of(t, "key");
        let operator = str_of(t, "operator");
        let effect = str_of(t, "effect");
        let value = str_of(t, "value");
        if !key.is_empty() {
            errs.extend(validate_label_name(key, &ip.child("key")));
        }
        if key.is_empty() && operator != "Exists" {
            push::invalid_str(
                &mut errs,
                &ip,
                "operator",
                operator,
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            );
        }
        if get(t, "tolerationSeconds").is_some() && effect != "NoExecute" {
            push::invalid_str(
                &mut errs,
                &ip,
                "effect",
                effect,
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            );
        }
        match operator {
            "Equal" | "" => {
                let msgs = is_valid_label_value(value);
                if !msgs.is_empty() {
                    push::invalid_str(&mut errs, &ip, "operator", value, &msgs.join(";"));
                }
            }
            "Exists" => {
                if !value.is_empty() {
                    push::invalid_str(
                        &mut errs,
                        &ip,
                        "operator",
                        value,
                        "value must be empty when `operator` is 'Exists'",
                    );
                }
            }
            other => push::not_supported(&mut errs, &ip, "operator", other, &["Equal", "Exists"]),
        }
        if !effect.is_empty() {
            errs.extend(validate_taint_effect(effect, true, &ip.child("effect")));
        }
    }
    errs
}

/// `validateTaintEffect`.
pub(crate) fn validate_taint_effect(effect: &str, allow_empty: bool, p: &Path) -> Vec<FieldError> {
    if !allow_empty && effect.is_empty() {
        return push::one(required(p, ""));
    }
    match effect {
        "NoSchedule" | "PreferNoSchedule" | "NoExecute" => Vec::new(),
        other => push::one(not_supported(p, other, &["NoSchedule", "PreferNoSchedule", "NoExecute"])),
    }
}

/// `validatePodDNSConfig`.
fn validate_dns_config(spec: &Value, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let cfg = get_obj(spec, "dnsConfig");
    if str_of(spec, "dnsPolicy") == "None" {
        let Some(cfg) = cfg else {
            return push::one(required(p, "must provide `dnsConfig` when `dnsPolicy` is None"));
        };
        if arr(cfg, "nameservers").is_empty() {
            return push::one(required(
                &p.child("nameservers"),
                "must provide at least one DNS nameserver when `dnsPolicy` is None",
            ));
        }
    }
    let Some(cfg) = cfg else {
        return errs;
    };
    let nameservers = str_list(cfg, "nameservers");
    if nameservers.len() > 3 {
        push::invalid(
            &mut errs,
            p,
            "nameservers",
            super::value::go_string_slice(Some(&nameservers)),
            "must not have more than 3 nameservers",
        );
    }
    for (i, ns) in nameservers.iter().enumerate() {
        if parse_ip(ns).is_none() {
            push::invalid_str(
                &mut errs,
                &p.child("nameservers").index(i),
                "",
                ns,
                "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
            );
        }
    }
    let searches = str_list(cfg, "searches");
    if searches.len() > 32 {
        push::invalid(
            &mut errs,
            p,
            "searches",
            super::value::go_string_slice(Some(&searches)),
            "must not have more than 32 search paths",
        );
    }
    if searches.join(" ").len() > 2048 {
        push::invalid(
            &mut errs,
            p,
            "searches",
            super::value::go_string_slice(Some(&searches)),
            "must not have more than 2048 characters (including spaces) in the search list",
        );
    }
    for (i, s) in searches.iter().enumerate() {
        let s = s.strip_suffix('.').unwrap_or(s);
        invalid_each(&mut errs, &p.child("searches").index(i), "", s, is_dns1123_subdomain(s));
    }
    for (i, o) in arr(cfg, "options").iter().enumerate() {
        if name_of(o).is_empty() {
            push::required(&mut errs, &p.child("options").index(i), "", "must not be empty");
        }
    }
    errs
}

/// `ValidatePodSpec`, in upstream order. Security contexts and resource claims are not
/// checked.
pub(crate) fn validate_pod_spec(spec: &Value, p: &Path, opts: PodOpts) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if get(spec, "terminationGracePeriodSeconds").is_none() {
        push::required(&mut errs, p, "terminationGracePeriodSeconds", "");
    }
    let (volumes, vol_errs) = validate_volumes(spec, &p.child("volumes"));
    errs.extend(vol_errs);
    let claim_names: Vec<&str> = arr(spec, "resourceClaims").iter().map(name_of).collect();
    errs.extend(validate_containers(spec, &volumes, &claim_names, &p.child("containers")));
    errs.extend(validate_init_containers(spec, &volumes, &claim_names, &p.child("initContainers")));
    errs.extend(validate_ephemeral_containers(spec, &volumes, &claim_names, &p.child("ephemeralContainers")));
    errs.extend(validate_host_network_deps(spec, p, opts));
    push::one_of(&mut errs, p, "restartPolicy", str_of(spec, "restartPolicy"), &["Always", "OnFailure", "Never"]);
    push::one_of(
        &mut errs,
        p,
        "dnsPolicy",
        str_of(spec, "dnsPolicy"),
        &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
    );
    errs.extend(validate_labels(str_map(spec, "nodeSelector").as_deref(), &p.child("nodeSelector")));
    if let Some(affinity) = get_obj(spec, "affinity") {
        errs.extend(validate_affinity(affinity, &p.child("affinity")));
    }
    errs.extend(validate_dns_config(spec, &p.child("dnsConfig")));
    for (i, g) in arr(spec, "readinessGates").iter().enumerate() {
        let ct = str_of(g, "conditionType");
        invalid_each(&mut errs, &p.child("readinessGates").index(i), "conditionType", ct, is_qualified_name(ct));
    }
    let mut seen_gates: Vec<&str> = Vec::new();
    for (i, g) in arr(spec, "schedulingGates").iter().enumerate() {
        let gp = p.child("schedulingGates").index(i);
        let name = name_of(g);
        invalid_each(&mut errs, &gp, "", name, is_qualified_name(name));
        if seen_gates.contains(&name) {
            push::duplicate(&mut errs, &gp, "", go_quote(name));
        }
        seen_gates.push(name);
    }
    errs.extend(validate_topology_spread_constraints(
        arr(spec, "topologySpreadConstraints"),
        &p.child("topologySpreadConstraints"),
    ));
    for key in ["serviceAccountName", "nodeName"] {
        let v = str_of(spec, key);
        if !v.is_empty() {
            invalid_each(&mut errs, p, key, v, name_is_dns_subdomain(v, false));
        }
    }
    if let Some(ads) = get_i64(spec, "activeDeadlineSeconds") {
        if !(1..=MAX_INT32).contains(&ads) {
            push::invalid(&mut errs, p, "activeDeadlineSeconds", ads.to_string(), &inclusive_range_error(1, MAX_INT32));
        }
    }
    for key in ["hostname", "subdomain"] {
        let v = str_of(spec, key);
        if !v.is_empty() {
            invalid_each(&mut errs, p, key, v, is_dns1123_label(v));
        }
    }
    errs.extend(validate_tolerations(arr(spec, "tolerations"), &p.child("tolerations")));
    for (i, ha) in arr(spec, "hostAliases").iter().enumerate() {
        let hp = p.child("hostAliases").index(i);
        let ip = str_of(ha, "ip");
        if parse_ip(ip).is_none() {
            push::invalid_str(
                &mut errs,
                &hp,
                "ip",
                ip,
                "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
            );
        }
        for (j, h) in str_list(ha, "hostnames").iter().enumerate() {
            invalid_each(&mut errs, &hp.child("hostnames").index(j), "", h, is_dns1123_subdomain(h));
        }
    }
    let priority_class = str_of(spec, "priorityClassName");
    if !priority_class.is_empty() {
        invalid_each(&mut errs, p, "priorityClassName", priority_class, name_is_dns_subdomain(priority_class, false));
    }
    if let Some(rc) = get_str(spec, "runtimeClassName") {
        invalid_each(&mut errs, p, "runtimeClassName", rc, name_is_dns_subdomain(rc, false));
    }
    if let Some(pp) = get_str(spec, "preemptionPolicy") {
        push::one_of(&mut errs, p, "preemptionPolicy", pp, &["PreemptLowerPriority", "Never"]);
    }
    if let Some(os) = get_obj(spec, "os") {
        let name = name_of(os);
        if name.is_empty() {
            push::required(&mut errs, &p.child("os"), "name", "cannot be empty");
        } else if name != "linux" && name != "windows" {
            push::not_supported(&mut errs, p, "os", name, &["linux", "windows"]);
        }
    }
    errs
}

/// `validateAffinity`: node affinity, pod affinity and pod anti-affinity.
fn validate_affinity(affinity: &Value, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if let Some(na) = get_obj(affinity, "nodeAffinity") {
        let np = p.child("nodeAffinity");
        if let Some(required) = get_obj(na, "requiredDuringSchedulingIgnoredDuringExecution") {
            errs.extend(validate_node_selector(required, &np.child("requiredDuringSchedulingIgnoredDuringExecution")));
        }
        let pp = np.child("preferredDuringSchedulingIgnoredDuringExecution");
        for (i, term) in arr(na, "preferredDuringSchedulingIgnoredDuringExecution").iter().enumerate() {
            errs.extend(validate_weight(term, &pp.index(i)));
            let preference = get(term, "preference").unwrap_or(&Value::Null);
            errs.extend(validate_node_selector_term(preference, &pp.index(i).child("preference")));
        }
    }
    for key in ["podAffinity", "podAntiAffinity"] {
        let Some(pa) = get_obj(affinity, key) else { continue };
        let ap = p.child(key);
        let rp = ap.child("requiredDuringSchedulingIgnoredDuringExecution");
        for (i, term) in arr(pa, "requiredDuringSchedulingIgnoredDuringExecution").iter().enumerate() {
            errs.extend(validate_pod_affinity_term(term, &rp.index(i)));
        }
        let pp = ap.child("preferredDuringSchedulingIgnoredDuringExecution");
        for (i, weighted) in arr(pa, "preferredDuringSchedulingIgnoredDuringExecution").iter().enumerate() {
            errs.extend(validate_weight(weighted, &pp.index(i)));
            let term = get(weighted, "podAffinityTerm").unwrap_or(&Value::Null);
            errs.extend(validate_pod_affinity_term(term, &pp.index(i).child("podAffinityTerm")));
        }
    }
    errs
}

/// The weight check of `ValidatePreferredSchedulingTerms` and `validateWeightedPodAffinityTerms`.
fn validate_weight(term: &Value, p: &Path) -> Vec<FieldError> {
    let weight = i64_of(term, "weight");
    if weight <= 0 || weight > 100 {
        return push::one(invalid(&p.child("weight"), weight.to_string(), "must be in the range 1-100"));
    }
    Vec::new()
}

/// `ValidateNodeSelector`.
fn validate_node_selector(selector: &Value, p: &Path) -> Vec<FieldError> {
    let tp = p.child("nodeSelectorTerms");
    let terms = arr(selector, "nodeSelectorTerms");
    if terms.is_empty() {
        return push::one(required(&tp, "must have at least one node selector term"));
    }
    terms.iter().enumerate().flat_map(|(i, t)| validate_node_selector_term(t, &tp.index(i))).collect()
}

/// `ValidateNodeSelectorTerm`: its label requirements and its field requirements.
fn validate_node_selector_term(term: &Value, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (j, rq) in arr(term, "matchExpressions").iter().enumerate() {
        let rp = p.child("matchExpressions").index(j);
        let values = str_list(rq, "values");
        let operator = str_of(rq, "operator");
        match operator {
            "In" | "NotIn" if values.is_empty() => {
                push::required(&mut errs, &rp, "values", "must be specified when `operator` is 'In' or 'NotIn'");
            }
            "Exists" | "DoesNotExist" if !values.is_empty() => push::forbidden(
                &mut errs,
                &rp,
                "values",
                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
            "Gt" | "Lt" if values.len() != 1 => errs
                .push(required(&rp.child("values"), "must be specified single value when `operator` is 'Lt' or 'Gt'")),
            "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt" => {}
            other => push::invalid_str(&mut errs, &rp, "operator", other, "not a valid selector operator"),
        }
        errs.extend(validate_label_name(str_of(rq, "key"), &rp.child("key")));
    }
    for (j, rq) in arr(term, "matchFields").iter().enumerate() {
        let rp = p.child("matchFields").index(j);
        let values = str_list(rq, "values");
        match str_of(rq, "operator") {
            "In" | "NotIn" => {
                if values.len() != 1 {
                    push::required(
                        &mut errs,
                        &rp,
                        "values",
                        "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
                    );
                }
            }
            other => push::invalid_str(&mut errs, &rp, "operator", other, "not a valid selector operator"),
        }
        let key = str_of(rq, "key");
        if key == "metadata.name" {
            for (i, v) in values.iter().enumerate() {
                invalid_each(&mut errs, &rp.child("values").index(i), "", v, name_is_dns_subdomain(v, false));
            }
        } else {
            push::invalid_str(&mut errs, &rp, "key", key, "not a valid field selector key");
        }
    }
    errs
}

/// `validatePodAffinityTerm`: its selectors, namespaces and topology key.
fn validate_pod_affinity_term(term: &Value, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    errs.extend(super::meta::validate_label_selector(get_obj(term, "labelSelector"), &p.child("labelSelector")));
    errs.extend(super::meta::validate_label_selector(
        get_obj(term, "namespaceSelector"),
        &p.child("namespaceSelector"),
    ));
    for ns in str_list(term, "namespaces") {
        // (sic: upstream reports these at `namespace`)
        invalid_each(&mut errs, p, "namespace", ns, is_dns1123_label(ns));
    }
    let key = str_of(term, "topologyKey");
    if key.is_empty() {
        push::required(&mut errs, p, "topologyKey", "can not be empty");
    }
    errs.extend(validate_label_name(key, &p.child("topologyKey")));
    errs
}

/// `validateTopologySpreadConstraints`.
fn validate_topology_spread_constraints(constraints: &[Value], p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (i, c) in constraints.iter().enumerate() {
        let cp = p.index(i);
        let max_skew = i64_of(c, "maxSkew");
        if max_skew <= 0 {
            push::invalid(&mut errs, &cp, "maxSkew", max_skew.to_string(), "must be greater than zero");
        }
        let key = str_of(c, "topologyKey");
        if key.is_empty() {
            push::required(&mut errs, &cp, "topologyKey", "can not be empty");
        }
        let action = str_of(c, "whenUnsatisfiable");
        if !matches!(action, "DoNotSchedule" | "ScheduleAnyway") {
            push::not_supported(&mut errs, &cp, "whenUnsatisfiable", action, &["DoNotSchedule", "ScheduleAnyway"]);
        }
        let repeated = constraints[i + 1..]
            .iter()
            .any(|r| str_of(r, "topologyKey") == key && str_of(r, "whenUnsatisfiable") == action);
        if repeated {
            push::duplicate(
                &mut errs,
                &cp,
                "{topologyKey, whenUnsatisfiable}",
                go_quote(&format!("{{{key}, {action}}}")),
            );
        }
        if let Some(min_domains) = get_i64(c, "minDomains") {
            if min_domains <= 0 {
                push::invalid(&mut errs, &cp, "minDomains", min_domains.to_string(), "must be greater than zero");
            }
            if action != "DoNotSchedule" {
                push::invalid(
                    &mut errs,
                    &cp,
                    "minDomains",
                    min_domains.to_string(),
                    &format!("can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {action}"),
                );
            }
        }
        for key in ["nodeAffinityPolicy", "nodeTaintsPolicy"] {
            if let Some(policy) = get_str(c, key) {
                if policy != "Honor" && policy != "Ignore" {
                    push::not_supported(&mut errs, &cp, key, policy, &["Honor", "Ignore"]);
                }
            }
        }
        let selector = get_obj(c, "labelSelector");
        let match_keys = str_list(c, "matchLabelKeys");
        if !match_keys.is_empty() {
            let mp = cp.child("matchLabelKeys");
            let mut selector_keys: Vec<&str> = Vec::new();
            match selector {
                Some(sel) => {
                    selector_keys.extend(str_map(sel, "matchLabels").unwrap_or_default().iter().map(|(k, _)| *k));
                    selector_keys.extend(arr(sel, "matchExpressions").iter().map(|e| str_of(e, "key")));
                }
                None => push::forbidden(&mut errs, &mp, "", "must not be specified when labelSelector is not set"),
            }
            for (j, k) in match_keys.iter().enumerate() {
                errs.extend(validate_label_name(k, &mp.index(j)));
                if selector_keys.contains(k) {
                    push::invalid_str(
                        &mut errs,
                        &mp.index(j),
                        "",
                        k,
                        "exists in both matchLabelKeys and labelSelector",
                    );
                }
            }
        }
        errs.extend(super::meta::validate_label_selector(selector, &cp.child("labelSelector")));
    }
    errs
}

/// `ValidatePodSpecificAnnotations`: the mirror-pod and deletion-cost annotations.
fn validate_pod_specific_annotations(annotations: &[(&str, &str)], spec: &Value, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (k, v) in annotations {
        if *k == "kubernetes.io/config.mirror" && str_of(spec, "nodeName").is_empty() {
            push::invalid_str(&mut errs, &p.key(k), "", v, "must set spec.nodeName if mirror pod annotation is set");
        }
        if *k == "controller.kubernetes.io/pod-deletion-cost" && v.parse::<i32>().is_err() {
            push::invalid_str(&mut errs, &p.key(k), "", v, "must be a 32bit integer");
        }
    }
    errs
}

/// `ValidatePodTemplateSpec`: labels and annotations are reported at `<template>.labels` and
/// `<template>.annotations` (not under `metadata`), then the spec.
pub(crate) fn validate_pod_template_spec(template: &Value, p: &Path) -> Vec<FieldError> {
    let empty = Value::Null;
    let meta = get_obj(template, "metadata").unwrap_or(&empty);
    let spec = get_obj(template, "spec").unwrap_or(&empty);
    let annotations = str_map(meta, "annotations").unwrap_or_default();
    let mut errs = validate_labels(str_map(meta, "labels").as_deref(), &p.child("labels"));
    errs.extend(validate_annotations(Some(&annotations), &p.child("annotations")));
    errs.extend(validate_pod_specific_annotations(&annotations, spec, &p.child("annotations")));
    errs.extend(validate_pod_spec(spec, &p.child("spec"), PodOpts::default()));
    if !arr(spec, "ephemeralContainers").is_empty() {
        push::forbidden(
            &mut errs,
            &p.child("spec"),
            "ephemeralContainers",
            "ephemeral containers not allowed in pod template",
        );
    }
    errs
}

/// `validatePodMetadataAndSpec`.
fn validate_pod_metadata_and_spec(obj: &Value) -> Vec<FieldError> {
    let empty = Value::Null;
    let meta = get_obj(obj, "metadata").unwrap_or(&empty);
    let spec = get_obj(obj, "spec").unwrap_or(&empty);
    let sp = Path::new("spec");
    let mut errs = super::meta::validate_object_meta(obj, true, name_is_dns_subdomain, &Path::new("metadata"));
    let annotations = str_map(meta, "annotations").unwrap_or_default();
    errs.extend(validate_pod_specific_annotations(&annotations, spec, &Path::new("metadata").child("annotations")));
    errs.extend(validate_pod_spec(spec, &sp, PodOpts { resource_is_pod: true }));
    if str_of(spec, "serviceAccountName").is_empty() {
        for (vi, vol) in arr(spec, "volumes").iter().enumerate() {
            let Some(projected) = get_obj(vol, "projected") else {
                continue;
            };
            for (si, src) in arr(projected, "sources").iter().enumerate() {
                if get(src, "serviceAccountToken").is_some() {
                    push::forbidden(
                        &mut errs,
                        &sp.child("volumes").index(vi).child("projected").child("sources").index(si),
                        "serviceAccountToken",
                        "must not be specified when serviceAccountName is not set",
                    );
                }
            }
        }
    }
    for key in ["containers", "initContainers"] {
        for (i, c) in containers(spec, key).iter().enumerate() {
            errs.extend(validate_container_only_for_pod(c, &sp.child(key).index(i)));
        }
    }
    errs
}

/// `ValidatePodCreate`.
pub(crate) fn validate_pod_create(obj: &Value) -> Vec<FieldError> {
    let empty = Value::Null;
    let spec = get_obj(obj, "spec").unwrap_or(&empty);
    let sp = Path::new("spec");
    let mut errs = validate_pod_metadata_and_spec(obj);
    if !arr(spec, "ephemeralContainers").is_empty() {
        push::forbidden(&mut errs, &sp, "ephemeralContainers", "cannot be set on create");
    }
    if !str_of(spec, "nodeName").is_empty() && !arr(spec, "schedulingGates").is_empty() {
        push::forbidden(&mut errs, &sp, "nodeName", "cannot be set until all schedulingGates have been cleared");
    }
    errs
}

/// The fields a pod update may change, as the Forbidden error lists them (v1.32, in-place
/// resize being off there).
const UPDATABLE_POD_SPEC_FIELDS: [&str; 5] = [
    "`spec.containers[*].image`",
    "`spec.initContainers[*].image`",
    "`spec.activeDeadlineSeconds`",
    "`spec.tolerations` (only additions to existing tolerations)",
    "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
];

/// `ValidateContainerUpdates`: same number of containers, and a non-empty image without
/// surrounding whitespace. `None` means "stop" (the count changed).
fn validate_container_updates(new: &[Value], old: &[Value], p: &Path) -> Option<Vec<FieldError>> {
    if new.len() != old.len() {
        return None;
    }
    let mut errs = Vec::new();
    for (i, c) in new.iter().enumerate() {
        let image = str_of(c, "image");
        if image.is_empty() {
            push::required(&mut errs, &p.index(i), "image", "");
        }
        if image.trim().len() != image.len() {
            push::invalid_str(&mut errs, &p.index(i), "image", image, "must not have leading or trailing whitespace");
        }
    }
    Some(errs)
}

/// `validateOnlyAddedTolerations`.
fn validate_only_added_tolerations(new: &[Value], old: &[Value], p: &Path) -> Vec<FieldError> {
    let same =
        |a: &Value, b: &Value| ["key", "operator", "value", "effect"].iter().all(|k| str_of(a, k) == str_of(b, k));
    for o in old {
        if !new.iter().any(|n| same(o, n)) {
            return push::one(forbidden(p, "existing toleration can not be modified except its tolerationSeconds"));
        }
    }
    validate_tolerations(new, p)
}

/// `ValidatePodUpdate`. The Forbidden "may not change fields" error ends after the list of
/// updatable fields; upstream appends a newline and a `cmp.Diff` of the two specs.
pub(crate) fn validate_pod_update(obj: &Value, old: &Value) -> Vec<FieldError> {
    let empty = Value::Null;
    let spec = get_obj(obj, "spec").unwrap_or(&empty);
    let old_spec = get_obj(old, "spec").unwrap_or(&empty);
    let sp = Path::new("spec");
    let mut errs = validate_object_meta_update(obj, old, &Path::new("metadata"));
    errs.extend(validate_pod_metadata_and_spec(obj));
    for key in ["containers", "initContainers"] {
        match validate_container_updates(arr(spec, key), arr(old_spec, key), &sp.child(key)) {
            Some(e) => errs.extend(e),
            None => {
                push::forbidden(&mut errs, &sp, key, "pod updates may not add or remove containers");
                return errs;
            }
        }
    }
    let (new_ads, old_ads) = (get_i64(spec, "activeDeadlineSeconds"), get_i64(old_spec, "activeDeadlineSeconds"));
    match (new_ads, old_ads) {
        (Some(n), _) if !(0..=MAX_INT32).contains(&n) => {
            push::invalid(&mut errs, &sp, "activeDeadlineSeconds", n.to_string(), &inclusive_range_error(0, MAX_INT32));
            return errs;
        }
        (Some(n), Some(o)) if o < n => {
            push::invalid(
                &mut errs,
                &sp,
                "activeDeadlineSeconds",
                n.to_string(),
                "must be less than or equal to previous value",
            );
            return errs;
        }
        (None, Some(_)) => push::invalid(
            &mut errs,
            &sp,
            "activeDeadlineSeconds",
            go_quote("null"),
            "must not update from a positive integer to nil value",
        ),
        _ => {}
    }
    errs.extend(validate_only_added_tolerations(
        arr(spec, "tolerations"),
        arr(old_spec, "tolerations"),
        &sp.child("tolerations"),
    ));
    let old_gates: Vec<&str> = arr(old_spec, "schedulingGates").iter().map(name_of).collect();
    for (i, g) in arr(spec, "schedulingGates").iter().enumerate() {
        let name = name_of(g);
        if !old_gates.contains(&name) {
            push::forbidden(
                &mut errs,
                &sp.child("schedulingGates").index(i),
                "name",
                &format!("only deletion is allowed, but found new scheduling gate '{name}'"),
            );
        }
    }
    let mut munged = semantic(Some(spec));
    let old_norm = semantic(Some(old_spec));
    if munged == old_norm {
        return errs;
    }
    if let (Value::Object(m), Value::Object(o)) = (&mut munged, &old_norm) {
        for key in ["containers", "initContainers"] {
            if let (Some(Value::Array(new_list)), Some(Value::Array(old_list))) = (m.get_mut(key), o.get(key)) {
                for (c, oc) in new_list.iter_mut().zip(old_list) {
                    if let (Value::Object(c), Some(image)) = (c, oc.get("image")) {
                        put(c, "image", image.clone());
                    }
                }
            }
        }
        for key in ["activeDeadlineSeconds", "schedulingGates", "tolerations"] {
            match o.get(key) {
                Some(v) => {
                    m.insert(key.to_string(), v.clone());
                }
                None => {
                    m.remove(key);
                }
            }
        }
        let old_grace = o.get("terminationGracePeriodSeconds").and_then(as_i64);
        let new_grace = m.get("terminationGracePeriodSeconds").and_then(as_i64);
        if old_grace.is_some_and(|g| g < 0) && new_grace == Some(1) {
            if let Some(g) = o.get("terminationGracePeriodSeconds") {
                put(m, "terminationGracePeriodSeconds", g.clone());
            }
        }
    }
    if munged != old_norm {
        push::forbidden(
            &mut errs,
            &sp,
            "",
            &format!("pod updates may not change fields other than {}", UPDATABLE_POD_SPEC_FIELDS.join(",")),
        );
    }
    errs
}

/// The labels of a pod template, `None` when absent.
pub(crate) fn template_labels(template: &Value) -> Option<Vec<(&str, &str)>> {
    get_obj(template, "metadata").and_then(|m| str_map(m, "labels"))
}
