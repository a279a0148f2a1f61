//! Defaulting as the apiserver does it on create and update: the versioned defaulters
//! (SetDefaults_* of core/v1, apps/v1, batch/v1 and discovery/v1, wired as the generated
//! SetObjectDefaults_* functions do) and the v1 conversion round trip, applied to a whole object as
//! JSON; and the normalization a Go JSON round trip applies to what gets printed back.
//! Target: Kubernetes v1.32 with its default feature gates.

mod go_types;
mod image;
mod omitempty;
pub(crate) mod quantity;
#[cfg(test)]
pub(crate) mod tests;

use crate::json::{put, Map, Value};

use crate::api::Kind;

pub use image::default_pull_policy;
pub(crate) use omitempty::struct_fields;

/// Fills in the defaults of `kind` on a whole object (`apiVersion`, `kind`, `metadata`, `spec`, ...).
/// The object is first read as Go decodes it (`null` is unset), and left as Go prints it.
///
/// One SetDefaults_Job rule lives in the strategy instead: a Job without labels shares its
/// template's label map in Go, so it also gets the labels the registry generates; see
/// `strategy::prepare_for_create`.
pub fn apply_defaults(kind: Kind, obj: &mut Map<String, Value>) {
    normalize_omitempty(kind, obj);
    match kind {
        Kind::Pod => {
            if let Some(spec) = obj_mut(obj, "spec") {
                set_defaults_pod(spec);
                set_defaults_pod_spec_tree(spec);
                convert_pod_spec(spec);
                negative_grace_period_to_one(spec);
            }
            if let Some(status) = obj_mut(obj, "status") {
                for key in ["initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses"] {
                    for cs in objects_mut(status, key) {
                        round_resource_list(cs, "allocatedResources");
                        if let Some(res) = obj_mut(cs, "resources") {
                            round_resource_list(res, "limits");
                            round_resource_list(res, "requests");
                        }
                    }
                }
            }
        }
        Kind::ReplicationController => set_defaults_replication_controller(obj),
        Kind::Service => set_defaults_service(obj),
        Kind::Endpoints => {
            if let Some(subsets) = arr_mut(obj, "subsets") {
                for ss in subsets.iter_mut().filter_map(Value::as_object_mut) {
                    for port in objects_mut(ss, "ports") {
                        default_str(port, "protocol", "TCP");
                    }
                }
            }
        }
        Kind::EndpointSlice => {
            for port in objects_mut(obj, "ports") {
                default_value(port, "name", Value::from(""));
                default_value(port, "protocol", Value::from("TCP"));
            }
        }
        Kind::Namespace => set_defaults_namespace(obj),
        Kind::Node => set_defaults_node(obj),
        Kind::ReplicaSet => {
            if let Some(spec) = obj_mut(obj, "spec") {
                default_value(spec, "replicas", Value::from(1));
                default_pod_template(spec, "template");
            }
        }
        Kind::Deployment => set_defaults_deployment(obj),
        Kind::DaemonSet => set_defaults_daemon_set(obj),
        Kind::Job => {
            if let Some(spec) = obj_mut(obj, "spec") {
                set_defaults_job_spec(spec);
                default_pod_template(spec, "template");
            }
        }
        Kind::CronJob => set_defaults_cron_job(obj),
        Kind::Event | Kind::ControllerRevision => {}
    }
    normalize_omitempty(kind, obj);
}

/// Rewrites `obj` as a Go JSON round trip through the kind's typed struct would print it.
pub fn normalize_omitempty(kind: Kind, obj: &mut Map<String, Value>) {
    omitempty::normalize_struct(go_type(kind), obj);
}

/// The Go struct that holds a kind.
fn go_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Namespace => "core.Namespace",
        Kind::Node => "core.Node",
        Kind::Pod => "core.Pod",
        Kind::ReplicationController => "core.ReplicationController",
        Kind::Service => "core.Service",
        Kind::Endpoints => "core.Endpoints",
        Kind::Event => "core.Event",
        Kind::ReplicaSet => "apps.ReplicaSet",
        Kind::Deployment => "apps.Deployment",
        Kind::DaemonSet => "apps.DaemonSet",
        Kind::ControllerRevision => "apps.ControllerRevision",
        Kind::Job => "batch.Job",
        Kind::CronJob => "batch.CronJob",
        Kind::EndpointSlice => "discovery.EndpointSlice",
    }
}

// ---------------------------------------------------------------------------------------------
// JSON helpers shared with the strategies.

/// The object at `key`, if there is one.
pub(crate) fn obj_mut<'a>(m: &'a mut Map<String, Value>, key: &str) -> Option<&'a mut Map<String, Value>> {
    m.get_mut(key).and_then(Value::as_object_mut)
}

/// The object at `key`, created empty when the key is absent or null.
pub(crate) fn ensure_obj<'a>(m: &'a mut Map<String, Value>, key: &str) -> Option<&'a mut Map<String, Value>> {
    if m.get(key).is_none_or(Value::is_null) {
        m.insert(key.to_string(), Value::Object(Map::new()));
    }
    obj_mut(m, key)
}

/// The array at `key`, if there is one.
pub(crate) fn arr_mut<'a>(m: &'a mut Map<String, Value>, key: &str) -> Option<&'a mut Vec<Value>> {
    m.get_mut(key).and_then(Value::as_array_mut)
}

/// The objects in the array at `key`.
pub(crate) fn objects_mut<'a>(
    m: &'a mut Map<String, Value>,
    key: &str,
) -> impl Iterator<Item = &'a mut Map<String, Value>> {
    arr_mut(m, key).into_iter().flat_map(|a| a.iter_mut().filter_map(Value::as_object_mut))
}

/// The string at `key`, "" when absent.
pub(crate) fn str_of<'a>(m: &'a Map<String, Value>, key: &str) -> &'a str {
    m.get(key).and_then(Value::as_str).unwrap_or("")
}

/// Sets `key` when it is absent or null (a nil pointer in Go).
pub(crate) fn default_value(m: &mut Map<String, Value>, key: &str, v: Value) {
    if m.get(key).is_none_or(Value::is_null) {
        m.insert(key.to_string(), v);
    }
}

/// Sets a string field when it is empty (the zero value in Go).
pub(crate) fn default_str(m: &mut Map<String, Value>, key: &str, v: &str) {
    if m.get(key).is_none_or(|x| x.is_null() || x.as_str() == Some("")) {
        m.insert(key.to_string(), Value::from(v));
    }
}

/// Sets a number field when it is zero (the zero value in Go).
fn default_nonzero(m: &mut Map<String, Value>, key: &str, v: i64) {
    if m.get(key).is_none_or(|x| x.is_null() || x.as_f64() == Some(0.0)) {
        m.insert(key.to_string(), Value::from(v));
    }
}

/// Whether a map field is nil or empty (`len(m) == 0` in Go).
fn map_is_empty(m: &Map<String, Value>, key: &str) -> bool {
    m.get(key).and_then(Value::as_object).is_none_or(Map::is_empty)
}

// ---------------------------------------------------------------------------------------------
// Pods and pod templates (pkg/apis/core/v1/defaults.go).

/// SetDefaults_Pod: what only a Pod gets, never a template.
fn set_defaults_pod(spec: &mut Map<String, Value>) {
    for key in ["containers", "initContainers"] {
        for c in objects_mut(spec, key) {
            let Some(res) = obj_mut(c, "resources") else { continue };
            let Some(limits) = res.get("limits").and_then(Value::as_object).cloned() else { continue };
            let Some(requests) = ensure_obj(res, "requests") else { continue };
            for (k, v) in limits {
                requests.entry(k).or_insert(v);
            }
        }
    }
    default_value(spec, "enableServiceLinks", Value::from(true));
    if spec.get("hostNetwork").and_then(Value::as_bool) == Some(true) {
        for key in ["containers", "initContainers"] {
            for c in objects_mut(spec, key) {
                for port in objects_mut(c, "ports") {
                    let container_port = port.get("containerPort").cloned().unwrap_or(Value::Null);
                    if container_port.as_f64().is_some_and(|p| p != 0.0) {
                        default_nonzero(port, "hostPort", container_port.as_i64().unwrap_or(0));
                    }
                }
            }
        }
    }
}

/// SetDefaults_PodSpec, then everything SetObjectDefaults_* applies below a PodSpec.
fn set_defaults_pod_spec_tree(spec: &mut Map<String, Value>) {
    default_str(spec, "dnsPolicy", "ClusterFirst");
    default_str(spec, "restartPolicy", "Always");
    default_value(spec, "securityContext", Value::Object(Map::new()));
    default_value(spec, "terminationGracePeriodSeconds", Value::from(30));
    default_str(spec, "schedulerName", "default-scheduler");
    for volume in objects_mut(spec, "volumes") {
        set_defaults_volume(volume);
    }
    for key in ["initContainers", "containers", "ephemeralContainers"] {
        for c in objects_mut(spec, key) {
            set_defaults_container(c);
        }
    }
    round_resource_list(spec, "overhead");
}

/// The pod template at `key` of `parent` (a PodTemplateSpec): its spec gets the PodSpec defaults.
fn default_pod_template(parent: &mut Map<String, Value>, key: &str) {
    let Some(template) = obj_mut(parent, key) else { return };
    if let Some(spec) = ensure_obj(template, "spec") {
        set_defaults_pod_spec_tree(spec);
        convert_pod_spec(spec);
    }
}

/// The v1 <-> internal conversion of a PodSpec (Convert_v1_PodSpec_To_core_PodSpec and back):
/// `serviceAccount` is an alias of `serviceAccountName`; the name wins when both are set.
fn convert_pod_spec(spec: &mut Map<String, Value>) {
    let mut name = str_of(spec, "serviceAccountName").to_string();
    if name.is_empty() {
        name = str_of(spec, "serviceAccount").to_string();
    }
    if name.is_empty() {
        spec.remove("serviceAccountName");
        spec.remove("serviceAccount");
    } else {
        put(spec, "serviceAccountName", Value::from(name.clone()));
        put(spec, "serviceAccount", Value::from(name));
    }
}

/// Convert_v1_Pod_To_core_Pod: a negative grace period on a Pod is stored as 1.
fn negative_grace_period_to_one(spec: &mut Map<String, Value>) {
    if spec.get("terminationGracePeriodSeconds").and_then(Value::as_f64).is_some_and(|g| g < 0.0) {
        put(spec, "terminationGracePeriodSeconds", Value::from(1));
    }
}

/// SetDefaults_Container plus the generated defaults below a container: ports, env field refs,
/// resource rounding, probes and lifecycle handlers.
fn set_defaults_container(c: &mut Map<String, Value>) {
    if str_of(c, "imagePullPolicy").is_empty() {
        let policy = default_pull_policy(str_of(c, "image"));
        put(c, "imagePullPolicy", Value::from(policy));
    }
    default_str(c, "terminationMessagePath", "/dev/termination-log");
    default_str(c, "terminationMessagePolicy", "File");
    for port in objects_mut(c, "ports") {
        default_str(port, "protocol", "TCP");
    }
    for env in objects_mut(c, "env") {
        if let Some(field_ref) = obj_mut(env, "valueFrom").and_then(|vf| obj_mut(vf, "fieldRef")) {
            default_str(field_ref, "apiVersion", "v1");
        }
    }
    if let Some(res) = obj_mut(c, "resources") {
        round_resource_list(res, "limits");
        round_resource_list(res, "requests");
    }
    for key in ["livenessProbe", "readinessProbe", "startupProbe"] {
        if let Some(probe) = obj_mut(c, key) {
            set_defaults_probe(probe);
        }
    }
    if let Some(lifecycle) = obj_mut(c, "lifecycle") {
        for key in ["postStart", "preStop"] {
            if let Some(get) = obj_mut(lifecycle, key).and_then(|h| obj_mut(h, "httpGet")) {
                set_defaults_http_get_action(get);
            }
        }
    }
}

/// SetDefaults_Probe, SetDefaults_HTTPGetAction and the GRPCAction `service` default.
fn set_defaults_probe(probe: &mut Map<String, Value>) {
    default_nonzero(probe, "timeoutSeconds", 1);
    default_nonzero(probe, "periodSeconds", 10);
    default_nonzero(probe, "successThreshold", 1);
    default_nonzero(probe, "failureThreshold", 3);
    if let Some(get) = obj_mut(probe, "httpGet") {
        set_defaults_http_get_action(get);
    }
    if let Some(grpc) = obj_mut(probe, "grpc") {
        default_value(grpc, "service", Value::from(""));
    }
}

/// SetDefaults_HTTPGetAction.
fn set_defaults_http_get_action(get: &mut Map<String, Value>) {
    default_str(get, "path", "/");
    default_str(get, "scheme", "HTTP");
}

/// SetDefaults_Volume and the per-source defaulters of the generated SetObjectDefaults_Pod.
fn set_defaults_volume(v: &mut Map<String, Value>) {
    let has_source = omitempty::struct_fields("core.Volume")
        .any(|(name, _, _)| name != "name" && v.get(name).is_some_and(|s| !s.is_null()));
    if !has_source {
        put(v, "emptyDir", Value::Object(Map::new()));
    }
    const MODE_0644: i64 = 420;
    if let Some(s) = obj_mut(v, "hostPath") {
        default_value(s, "type", Value::from(""));
    }
    if let Some(s) = obj_mut(v, "secret") {
        default_value(s, "defaultMode", Value::from(MODE_0644));
    }
    if let Some(s) = obj_mut(v, "iscsi") {
        default_str(s, "iscsiInterface", "default");
    }
    if let Some(s) = obj_mut(v, "rbd") {
        default_str(s, "pool", "rbd");
        default_str(s, "user", "admin");
        default_str(s, "keyring", "/etc/ceph/keyring");
    }
    if let Some(s) = obj_mut(v, "downwardAPI") {
        default_value(s, "defaultMode", Value::from(MODE_0644));
        default_field_refs(s);
    }
    if let Some(s) = obj_mut(v, "configMap") {
        default_value(s, "defaultMode", Value::from(MODE_0644));
    }
    if let Some(s) = obj_mut(v, "azureDisk") {
        default_value(s, "cachingMode", Value::from("ReadWrite"));
        default_value(s, "kind", Value::from("Shared"));
        default_value(s, "fsType", Value::from("ext4"));
        default_value(s, "readOnly", Value::from(false));
    }
    if let Some(s) = obj_mut(v, "projected") {
        default_value(s, "defaultMode", Value::from(MODE_0644));
        for source in objects_mut(s, "sources") {
            if let Some(d) = obj_mut(source, "downwardAPI") {
                default_field_refs(d);
            }
            if let Some(t) = obj_mut(source, "serviceAccountToken") {
                default_value(t, "expirationSeconds", Value::from(3600));
            }
        }
    }
    if let Some(s) = obj_mut(v, "scaleIO") {
        default_str(s, "storageMode", "ThinProvisioned");
        default_str(s, "fsType", "xfs");
    }
    if let Some(spec) =
        obj_mut(v, "ephemeral").and_then(|e| obj_mut(e, "volumeClaimTemplate")).and_then(|t| obj_mut(t, "spec"))
    {
        default_value(spec, "volumeMode", Value::from("Filesystem"));
        if let Some(res) = obj_mut(spec, "resources") {
            round_resource_list(res, "limits");
            round_resource_list(res, "requests");
        }
    }
}

/// SetDefaults_ObjectFieldSelector on the items of a downward API source.
fn default_field_refs(source: &mut Map<String, Value>) {
    for item in objects_mut(source, "items") {
        if let Some(field_ref) = obj_mut(item, "fieldRef") {
            default_str(field_ref, "apiVersion", "v1");
        }
    }
}

/// SetDefaults_ResourceList: every quantity rounded up to milli precision.
fn round_resource_list(parent: &mut Map<String, Value>, key: &str) {
    let Some(list) = obj_mut(parent, key) else { return };
    for v in list.values_mut() {
        let text = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => continue,
        };
        if let Some(mut q) = quantity::Quantity::parse(&text) {
            q.round_up_to_milli();
            *v = Value::from(q.canonical());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Workloads (apps/v1, batch/v1 and core/v1 ReplicationController).

/// SetDefaults_Deployment.
fn set_defaults_deployment(obj: &mut Map<String, Value>) {
    let Some(spec) = obj_mut(obj, "spec") else { return };
    default_value(spec, "replicas", Value::from(1));
    if let Some(strategy) = ensure_obj(spec, "strategy") {
        default_str(strategy, "type", "RollingUpdate");
        if str_of(strategy, "type") == "RollingUpdate" {
            if let Some(ru) = ensure_obj(strategy, "rollingUpdate") {
                default_value(ru, "maxUnavailable", Value::from("25%"));
                default_value(ru, "maxSurge", Value::from("25%"));
            }
        }
    }
    default_value(spec, "revisionHistoryLimit", Value::from(10));
    default_value(spec, "progressDeadlineSeconds", Value::from(600));
    default_pod_template(spec, "template");
}

/// SetDefaults_DaemonSet.
fn set_defaults_daemon_set(obj: &mut Map<String, Value>) {
    let Some(spec) = obj_mut(obj, "spec") else { return };
    if let Some(strategy) = ensure_obj(spec, "updateStrategy") {
        default_str(strategy, "type", "RollingUpdate");
        if str_of(strategy, "type") == "RollingUpdate" {
            if let Some(ru) = ensure_obj(strategy, "rollingUpdate") {
                default_value(ru, "maxUnavailable", Value::from(1));
                default_value(ru, "maxSurge", Value::from(0));
            }
        }
    }
    default_value(spec, "revisionHistoryLimit", Value::from(10));
    default_pod_template(spec, "template");
}

/// SetDefaults_ReplicationController: selector and labels from the template, one replica.
fn set_defaults_replication_controller(obj: &mut Map<String, Value>) {
    let template_labels = obj
        .get("spec")
        .and_then(|s| s.get("template"))
        .and_then(|t| t.get("metadata"))
        .and_then(|m| m.get("labels"))
        .and_then(Value::as_object)
        .cloned();
    if let Some(labels) = template_labels {
        if let Some(spec) = obj_mut(obj, "spec") {
            if map_is_empty(spec, "selector") {
                put(spec, "selector", Value::Object(labels.clone()));
            }
        }
        if let Some(meta) = ensure_obj(obj, "metadata") {
            if map_is_empty(meta, "labels") {
                put(meta, "labels", Value::Object(labels));
            }
        }
    }
    if let Some(spec) = obj_mut(obj, "spec") {
        default_value(spec, "replicas", Value::from(1));
        default_pod_template(spec, "template");
    }
}

/// SetDefaults_Job on a JobSpec, except the label copy (see `apply_defaults`).
fn set_defaults_job_spec(spec: &mut Map<String, Value>) {
    let unset = |s: &Map<String, Value>, k: &str| s.get(k).is_none_or(Value::is_null);
    if unset(spec, "completions") && unset(spec, "parallelism") {
        put(spec, "completions", Value::from(1));
        put(spec, "parallelism", Value::from(1));
    }
    default_value(spec, "parallelism", Value::from(1));
    if unset(spec, "backoffLimit") {
        let limit = if unset(spec, "backoffLimitPerIndex") { 6 } else { i64::from(i32::MAX) };
        put(spec, "backoffLimit", Value::from(limit));
    }
    default_value(spec, "completionMode", Value::from("NonIndexed"));
    default_value(spec, "suspend", Value::from(false));
    let has_failure_policy = !unset(spec, "podFailurePolicy");
    if let Some(policy) = obj_mut(spec, "podFailurePolicy") {
        for rule in objects_mut(policy, "rules") {
            for pattern in objects_mut(rule, "onPodConditions") {
                default_str(pattern, "status", "True");
            }
        }
    }
    // JobPodReplacementPolicy is beta and on from 1.29.
    let replacement = if has_failure_policy { "Failed" } else { "TerminatingOrFailed" };
    default_value(spec, "podReplacementPolicy", Value::from(replacement));
    // Defaulted since 1.29 (kubernetes#120206).
    default_value(spec, "manualSelector", Value::from(false));
}

/// SetDefaults_CronJob; the job template's spec gets pod template defaults only.
fn set_defaults_cron_job(obj: &mut Map<String, Value>) {
    let Some(spec) = obj_mut(obj, "spec") else { return };
    default_str(spec, "concurrencyPolicy", "Allow");
    default_value(spec, "suspend", Value::from(false));
    default_value(spec, "successfulJobsHistoryLimit", Value::from(3));
    default_value(spec, "failedJobsHistoryLimit", Value::from(1));
    if let Some(job_spec) = obj_mut(spec, "jobTemplate").and_then(|t| obj_mut(t, "spec")) {
        default_pod_template(job_spec, "template");
    }
}

// ---------------------------------------------------------------------------------------------
// Services, namespaces, nodes.

/// SetDefaults_Service (1.32: externalTrafficPolicy also for ClusterIP services with
/// externalIPs, and ipMode VIP on load-balancer ingress points).
fn set_defaults_service(obj: &mut Map<String, Value>) {
    let Some(spec) = obj_mut(obj, "spec") else { return };
    default_str(spec, "sessionAffinity", "None");
    match str_of(spec, "sessionAffinity") {
        "None" => {
            spec.remove("sessionAffinityConfig");
        }
        "ClientIP" => {
            let has_timeout = spec
                .get("sessionAffinityConfig")
                .and_then(|c| c.get("clientIP"))
                .and_then(|c| c.get("timeoutSeconds"))
                .is_some_and(|t| !t.is_null());
            if !has_timeout {
                let config = crate::json::json!({"clientIP": {"timeoutSeconds": 10800}});
                put(spec, "sessionAffinityConfig", config);
            }
        }
        _ => {}
    }
    default_str(spec, "type", "ClusterIP");
    for port in objects_mut(spec, "ports") {
        default_str(port, "protocol", "TCP");
        let target = port.get("targetPort").cloned().unwrap_or(Value::Null);
        let unset = target.is_null() || target.as_f64() == Some(0.0) || target.as_str() == Some("");
        if unset {
            let p = port.get("port").and_then(Value::as_i64).unwrap_or(0);
            put(port, "targetPort", Value::from(p));
        }
    }
    let ty = str_of(spec, "type").to_string();
    let has_external_ips = spec.get("externalIPs").and_then(Value::as_array).is_some_and(|a| !a.is_empty());
    let externally_accessible = ty == "LoadBalancer" || ty == "NodePort" || (ty == "ClusterIP" && has_external_ips);
    if externally_accessible {
        default_str(spec, "externalTrafficPolicy", "Cluster");
    }
    if matches!(ty.as_str(), "NodePort" | "LoadBalancer" | "ClusterIP") {
        default_value(spec, "internalTrafficPolicy", Value::from("Cluster"));
    }
    if ty == "LoadBalancer" {
        default_value(spec, "allocateLoadBalancerNodePorts", Value::from(true));
        if let Some(lb) = obj_mut(obj, "status").and_then(|s| obj_mut(s, "loadBalancer")) {
            for ingress in objects_mut(lb, "ingress") {
                if !str_of(ingress, "ip").is_empty() {
                    default_value(ingress, "ipMode", Value::from("VIP"));
                }
            }
        }
    }
}

/// SetDefaults_Namespace and SetDefaults_NamespaceStatus.
fn set_defaults_namespace(obj: &mut Map<String, Value>) {
    let name = obj.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("").to_string();
    if !name.is_empty() {
        if let Some(labels) = ensure_obj(obj, "metadata").and_then(|m| ensure_obj(m, "labels")) {
            put(labels, "kubernetes.io/metadata.name", Value::from(name));
        }
    }
    if let Some(status) = ensure_obj(obj, "status") {
        default_str(status, "phase", "Active");
    }
}

/// SetDefaults_NodeStatus and the resource list rounding of SetObjectDefaults_Node.
fn set_defaults_node(obj: &mut Map<String, Value>) {
    let Some(status) = obj_mut(obj, "status") else { return };
    if status.get("allocatable").is_none_or(Value::is_null) {
        if let Some(capacity) = status.get("capacity").filter(|c| c.is_object()).cloned() {
            put(status, "allocatable", capacity);
        }
    }
    round_resource_list(status, "capacity");
    round_resource_list(status, "allocatable");
}
