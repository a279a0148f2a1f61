//! The registry strategies' PrepareForCreate / PrepareForUpdate (pkg/registry/**/strategy.go) and
//! the mutating admission plugins that touch Pods (ServiceAccount, Priority,
//! DefaultTolerationSeconds), as pure functions on objects as JSON. Target: Kubernetes v1.32.
//!
//! The apiserver's order on create is: decode and default (`defaults::apply_defaults`), admission
//! (`admit_pod`), then `prepare_for_create` with uid and creationTimestamp already set, then
//! validation; `defaults::normalize_omitempty` gives the printed form at the end.

use crate::json::{json, Map, Value};

use crate::api::Kind;
use crate::json::put;
use crate::manifest::defaults::quantity::Quantity;
use crate::manifest::defaults::{arr_mut, default_value, ensure_obj, obj_mut, objects_mut, str_of};

#[cfg(test)]
mod tests;

/// The annotation apps/v1 uses for a DaemonSet's internal templateGeneration.
pub const DEPRECATED_TEMPLATE_GENERATION: &str = "deprecated.daemonset.template.generation";
/// Where the service account token is mounted in every container.
pub const DEFAULT_API_TOKEN_MOUNT_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";
/// The prefix of the projected token volume's name.
pub const SERVICE_ACCOUNT_VOLUME_PREFIX: &str = "kube-api-access-";

const CONTROLLER_UID_LABEL: &str = "batch.kubernetes.io/controller-uid";
const LEGACY_CONTROLLER_UID_LABEL: &str = "controller-uid";
const JOB_NAME_LABEL: &str = "batch.kubernetes.io/job-name";
const LEGACY_JOB_NAME_LABEL: &str = "job-name";
const APPARMOR_ANNOTATION_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";

/// PrepareForCreate of the kind's strategy (plus the Job registry's generateSelector, which runs
/// at the start of its Validate).
pub fn prepare_for_create(kind: Kind, obj: &mut Map<String, Value>, uid: &str) {
    match kind {
        Kind::Pod => prepare_pod_for_create(obj),
        Kind::Deployment | Kind::ReplicaSet | Kind::ReplicationController | Kind::CronJob => {
            put(obj, "status", Value::Object(Map::new()));
            set_generation(obj, 1);
        }
        Kind::DaemonSet => {
            put(obj, "status", Value::Object(Map::new()));
            set_generation(obj, 1);
            let generation = template_generation(obj).max(1);
            set_template_generation(obj, generation);
        }
        Kind::Job => {
            put(obj, "status", Value::Object(Map::new()));
            set_generation(obj, 1);
            let manual = obj.get("spec").and_then(|s| s.get("manualSelector")).and_then(Value::as_bool);
            if manual != Some(true) {
                generate_selector(obj, uid);
            }
            copy_job_labels_from_template(obj);
        }
        Kind::Namespace => {
            put(obj, "status", json!({"phase": "Active"}));
            if let Some(spec) = ensure_obj(obj, "spec") {
                let has = spec
                    .get("finalizers")
                    .and_then(Value::as_array)
                    .is_some_and(|f| f.iter().any(|x| x.as_str() == Some("kubernetes")));
                if !has {
                    if let Some(finalizers) = ensure_array(spec, "finalizers") {
                        finalizers.push(Value::from("kubernetes"));
                    }
                }
            }
        }
        Kind::Service => {
            put(obj, "status", Value::Object(Map::new()));
        }
        Kind::EndpointSlice => {
            set_generation(obj, 1);
            drop_topology_on_v1(obj, None);
        }
        Kind::Node => admit_node_not_ready_taint(obj),
        Kind::Endpoints | Kind::Event | Kind::ControllerRevision => {}
    }
}

/// The TaintNodesByCondition admission plugin (nodetaint `Admit`): a new Node gets the
/// `node.kubernetes.io/not-ready:NoSchedule` taint, which the node lifecycle controller takes off
/// again according to the node's Ready condition.
fn admit_node_not_ready_taint(node: &mut Map<String, Value>) {
    // The simulation's own nodes register already Ready, and for them the taint would only come
    // and go within the same instant; they are left alone so that the cluster starts as it
    // always has. A Node a user creates has no Ready condition and gets it, as on a real cluster.
    let ready = node
        .get("status")
        .and_then(|s| s.get("conditions"))
        .and_then(Value::as_array)
        .is_some_and(|c| c.iter().any(|x| x.get("type").and_then(Value::as_str) == Some("Ready")));
    if ready {
        return;
    }
    let Some(spec) = ensure_obj(node, "spec") else { return };
    let Some(taints) = ensure_array(spec, "taints") else { return };
    let present = taints.iter().any(|t| {
        t.get("key").and_then(Value::as_str) == Some("node.kubernetes.io/not-ready")
            && t.get("effect").and_then(Value::as_str) == Some("NoSchedule")
    });
    if !present {
        taints.push(json!({"key": "node.kubernetes.io/not-ready", "effect": "NoSchedule"}));
    }
}

/// PrepareForUpdate of the kind's strategy, after BeforeUpdate has carried the generation over
/// from `old`: status is kept, generation bumps on a spec change.
pub fn prepare_for_update(kind: Kind, obj: &mut Map<String, Value>, old: &Map<String, Value>) {
    let old_generation = old.get("metadata").and_then(|m| m.get("generation")).cloned();
    if let Some(meta) = ensure_obj(obj, "metadata") {
        match old_generation {
            Some(g) if !g.is_null() => meta.insert("generation".into(), g),
            _ => meta.remove("generation"),
        };
    }
    let old_status = old.get("status").cloned().unwrap_or(Value::Object(Map::new()));
    match kind {
        Kind::Pod | Kind::Node => {
            put(obj, "status", old_status);
        }
        Kind::Deployment => {
            put(obj, "status", old_status);
            let annotations_changed = !semantic_eq(meta_field(obj, "annotations"), meta_field(old, "annotations"));
            if spec_changed(obj, old) || annotations_changed {
                bump_generation(obj, old);
            }
        }
        Kind::ReplicaSet | Kind::ReplicationController | Kind::CronJob => {
            put(obj, "status", old_status);
            if spec_changed(obj, old) {
                bump_generation(obj, old);
            }
        }
        Kind::Job => {
            put(obj, "status", old_status);
            copy_job_labels_from_template(obj);
            if spec_changed(obj, old) {
                bump_generation(obj, old);
            }
        }
        Kind::DaemonSet => {
            put(obj, "status", old_status);
            let mut generation = template_generation(old);
            let template = |o: &Map<String, Value>| o.get("spec").and_then(|s| s.get("template")).cloned();
            if !semantic_eq(template(obj).as_ref(), template(old).as_ref()) {
                generation += 1;
                bump_generation(obj, old);
            } else if spec_changed(obj, old) {
                bump_generation(obj, old);
            }
            set_template_generation(obj, generation);
        }
        Kind::Namespace => {
            put(obj, "status", old_status);
            let old_finalizers = old.get("spec").and_then(|s| s.get("finalizers")).cloned();
            if let Some(spec) = ensure_obj(obj, "spec") {
                match old_finalizers {
                    Some(f) => spec.insert("finalizers".into(), f),
                    None => spec.remove("finalizers"),
                };
            }
        }
        Kind::Service => {
            put(obj, "status", old_status);
            drop_type_dependent_fields(obj, old);
        }
        Kind::EndpointSlice => {
            let labels_changed = !semantic_eq(meta_field(obj, "labels"), meta_field(old, "labels"));
            let without_meta = |o: &Map<String, Value>| {
                let mut c = o.clone();
                c.remove("metadata");
                Value::Object(c)
            };
            if !semantic_eq(Some(&without_meta(obj)), Some(&without_meta(old))) || labels_changed {
                bump_generation(obj, old);
            }
            drop_topology_on_v1(obj, Some(old));
        }
        Kind::Endpoints | Kind::Event | Kind::ControllerRevision => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Pods.

/// podStrategy.PrepareForCreate (1.32): status reset to Pending with the QoS class, the
/// SchedulingGated condition, matchLabelKeys merged into pod affinity, AppArmor field/annotation
/// sync.
fn prepare_pod_for_create(pod: &mut Map<String, Value>) {
    let qos = pod.get("spec").map(pod_qos_class).unwrap_or("BestEffort");
    let mut status = Map::new();
    put(&mut status, "phase", Value::from("Pending"));
    put(&mut status, "qosClass", Value::from(qos));
    let gated =
        pod.get("spec").and_then(|s| s.get("schedulingGates")).and_then(Value::as_array).is_some_and(|g| !g.is_empty());
    if gated {
        // UpdatePodCondition stamps the time of the request, which is the creation time.
        let now = pod.get("metadata").and_then(|m| m.get("creationTimestamp")).cloned().unwrap_or(Value::Null);
        status.insert(
            "conditions".into(),
            json!([{
                "type": "PodScheduled",
                "status": "False",
                "reason": "SchedulingGated",
                "message": "Scheduling is blocked due to non-empty scheduling gates",
                "lastProbeTime": null,
                "lastTransitionTime": now,
            }]),
        );
    }
    put(pod, "status", Value::Object(status));
    mutate_pod_affinity(pod);
    apply_app_armor_version_skew(pod);
}

/// mutatePodAffinity (MatchLabelKeysInPodAffinity, beta in 1.31): each term's matchLabelKeys and
/// mismatchLabelKeys become `In` / `NotIn` requirements on the pod's own label values.
fn mutate_pod_affinity(pod: &mut Map<String, Value>) {
    let labels = pod.get("metadata").and_then(|m| m.get("labels")).and_then(Value::as_object).cloned();
    let labels = labels.unwrap_or_default();
    let Some(affinity) = obj_mut(pod, "spec").and_then(|s| obj_mut(s, "affinity")) else { return };
    for kind in ["podAffinity", "podAntiAffinity"] {
        let Some(a) = obj_mut(affinity, kind) else { continue };
        for weighted in objects_mut(a, "preferredDuringSchedulingIgnoredDuringExecution") {
            if let Some(term) = obj_mut(weighted, "podAffinityTerm") {
                apply_match_label_keys(term, &labels);
            }
        }
        for term in objects_mut(a, "requiredDuringSchedulingIgnoredDuringExecution") {
            apply_match_label_keys(term, &labels);
        }
    }
}

/// applyMatchLabelKeysAndMismatchLabelKeys.
fn apply_match_label_keys(term: &mut Map<String, Value>, labels: &Map<String, Value>) {
    let keys = |k: &str| -> Vec<String> {
        term.get(k)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default()
    };
    let (matching, mismatching) = (keys("matchLabelKeys"), keys("mismatchLabelKeys"));
    if matching.is_empty() && mismatching.is_empty() {
        return;
    }
    let Some(selector) = obj_mut(term, "labelSelector") else { return };
    for (keys, operator) in [(matching, "In"), (mismatching, "NotIn")] {
        for key in keys {
            if let Some(value) = labels.get(&key) {
                let requirement = json!({"key": key, "operator": operator, "values": [value]});
                if let Some(exprs) = ensure_array(selector, "matchExpressions") {
                    exprs.push(requirement);
                }
            }
        }
    }
}

/// applyAppArmorVersionSkew: a container's AppArmor field and its deprecated annotation are kept
/// in step (field -> annotation when the annotation is missing, annotation -> field when the
/// field is missing and differs from the pod-level profile).
fn apply_app_armor_version_skew(pod: &mut Map<String, Value>) {
    let Some(spec) = pod.get("spec").and_then(Value::as_object) else { return };
    if spec.get("os").and_then(|o| o.get("name")).and_then(Value::as_str) == Some("windows") {
        return;
    }
    let pod_profile = spec.get("securityContext").and_then(|s| s.get("appArmorProfile")).cloned();
    let mut annotations =
        pod.get("metadata").and_then(|m| m.get("annotations")).and_then(Value::as_object).cloned().unwrap_or_default();
    let mut changed_annotations = false;
    let Some(spec) = obj_mut(pod, "spec") else { return };
    for key in ["initContainers", "containers", "ephemeralContainers"] {
        for c in objects_mut(spec, key) {
            let annotation_key = format!("{APPARMOR_ANNOTATION_PREFIX}{}", str_of(c, "name"));
            let container_profile =
                c.get("securityContext").and_then(|s| s.get("appArmorProfile")).filter(|p| !p.is_null()).cloned();
            match annotations.get(&annotation_key).and_then(Value::as_str).map(str::to_string) {
                None => {
                    let from = container_profile.as_ref().or(pod_profile.as_ref().filter(|p| !p.is_null()));
                    let value = from.map(app_armor_annotation_for_field).unwrap_or_default();
                    if !value.is_empty() {
                        annotations.insert(annotation_key, Value::from(value));
                        changed_annotations = true;
                    }
                }
                Some(annotation) if container_profile.is_none() => {
                    if let Some(field) = app_armor_field_for_annotation(&annotation) {
                        if pod_profile.as_ref() != Some(&field) {
                            if let Some(sc) = ensure_obj(c, "securityContext") {
                                put(sc, "appArmorProfile", field);
                            }
                        }
                    }
                }
                Some(_) => {}
            }
        }
    }
    if changed_annotations {
        if let Some(meta) = ensure_obj(pod, "metadata") {
            put(meta, "annotations", Value::Object(annotations));
        }
    }
}

/// appArmorAnnotationForField.
fn app_armor_annotation_for_field(profile: &Value) -> String {
    match profile.get("type").and_then(Value::as_str) {
        Some("Unconfined") => "unconfined".into(),
        Some("RuntimeDefault") => "runtime/default".into(),
        Some("Localhost") => match profile.get("localhostProfile").and_then(Value::as_str) {
            Some(p) => format!("localhost/{p}"),
            None => String::new(),
        },
        _ => String::new(),
    }
}

/// apparmorFieldForAnnotation, keeping only values ValidateAppArmorProfileField accepts.
fn app_armor_field_for_annotation(annotation: &str) -> Option<Value> {
    match annotation {
        "unconfined" => Some(json!({"type": "Unconfined"})),
        "runtime/default" => Some(json!({"type": "RuntimeDefault"})),
        _ => {
            let profile = annotation.strip_prefix("localhost/")?;
            let valid = !profile.is_empty() && profile.len() <= 4095 && profile.trim() == profile;
            valid.then(|| json!({"type": "Localhost", "localhostProfile": profile}))
        }
    }
}

/// Adds `n` to the sum kept for `name`.
fn add_quantity<'a>(sums: &mut Vec<(&'a str, i128)>, name: &'a str, n: i128) {
    match sums.iter_mut().find(|(k, _)| *k == name) {
        Some((_, sum)) => *sum += n,
        None => sums.push((name, n)),
    }
}

/// GetPodQOS: BestEffort without any cpu/memory request or limit; Guaranteed when every
/// container (init containers included) limits both cpu and memory and the summed requests equal
/// the summed limits; Burstable otherwise.
pub fn pod_qos_class(pod_spec: &Value) -> &'static str {
    // Summed quantities by resource name (a few names: a list is enough).
    let mut requests: Vec<(&str, i128)> = Vec::new();
    let mut limits: Vec<(&str, i128)> = Vec::new();
    let mut guaranteed = true;
    let containers = ["containers", "initContainers"]
        .into_iter()
        .filter_map(|k| pod_spec.get(k).and_then(Value::as_array))
        .flatten();
    for c in containers {
        let resources = c.get("resources");
        let list = |k: &str| resources.and_then(|r| r.get(k)).and_then(Value::as_object);
        for (name, q) in list("requests").into_iter().flatten() {
            if let Some(n) = positive_compute_quantity(name, q) {
                add_quantity(&mut requests, name, n);
            }
        }
        let mut found = Vec::new();
        for (name, q) in list("limits").into_iter().flatten() {
            if let Some(n) = positive_compute_quantity(name, q) {
                found.push(name.as_str());
                add_quantity(&mut limits, name, n);
            }
        }
        if !(found.contains(&"cpu") && found.contains(&"memory")) {
            guaranteed = false;
        }
    }
    if requests.is_empty() && limits.is_empty() {
        return "BestEffort";
    }
    if guaranteed && requests.iter().any(|r| !limits.contains(r)) {
        guaranteed = false;
    }
    if guaranteed && requests.len() == limits.len() {
        "Guaranteed"
    } else {
        "Burstable"
    }
}

/// A cpu or memory quantity above zero, in nanos.
fn positive_compute_quantity(name: &str, q: &Value) -> Option<i128> {
    if name != "cpu" && name != "memory" {
        return None;
    }
    let text = match q {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    Quantity::parse(&text).map(|q| q.nanos).filter(|n| *n > 0)
}

/// The ServiceAccount, Priority and DefaultTolerationSeconds admission plugins on a Pod create,
/// in the apiserver's plugin order, for the `default` service account (automount not disabled)
/// and no PriorityClass objects besides the two built-in system classes. `token_volume_suffix`
/// is the 5-character random suffix of `kube-api-access-`. Err is the reason of a Forbidden
/// error (`pods "<name>" is forbidden: <reason>`).
pub fn admit_pod(pod: &mut Map<String, Value>, token_volume_suffix: &str) -> Result<(), String> {
    let mirror = pod
        .get("metadata")
        .and_then(|m| m.get("annotations"))
        .and_then(|a| a.get("kubernetes.io/config.mirror"))
        .is_some();
    if !mirror {
        admit_service_account(pod, token_volume_suffix);
    }
    admit_priority(pod)?;
    admit_default_toleration_seconds(pod);
    Ok(())
}

/// The same plugins on a Pod update: Priority keeps the priority and preemption policy from
/// `old` when the request dropped them, DefaultTolerationSeconds adds its tolerations again.
pub fn admit_pod_update(pod: &mut Map<String, Value>, old: &Map<String, Value>) {
    let old_spec = old.get("spec").and_then(Value::as_object).cloned().unwrap_or_default();
    if let Some(spec) = obj_mut(pod, "spec") {
        for key in ["priority", "preemptionPolicy"] {
            if let Some(v) = old_spec.get(key).filter(|v| !v.is_null()) {
                default_value(spec, key, v.clone());
            }
        }
    }
    admit_default_toleration_seconds(pod);
}

/// serviceaccount.Plugin.Admit: the default service account and its projected token volume.
fn admit_service_account(pod: &mut Map<String, Value>, suffix: &str) {
    let Some(spec) = obj_mut(pod, "spec") else { return };
    if str_of(spec, "serviceAccountName").is_empty() {
        put(spec, "serviceAccountName", Value::from("default"));
    }
    // The v1 form prints the deprecated alias too.
    let name = str_of(spec, "serviceAccountName").to_string();
    put(spec, "serviceAccount", Value::from(name));
    if spec.get("automountServiceAccountToken").and_then(Value::as_bool) == Some(false) {
        return;
    }
    let existing = spec
        .get("volumes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.get("name").and_then(Value::as_str))
        .find(|n| n.starts_with(SERVICE_ACCOUNT_VOLUME_PREFIX))
        .map(str::to_string);
    let volume_name = existing.clone().unwrap_or_else(|| format!("{SERVICE_ACCOUNT_VOLUME_PREFIX}{suffix}"));
    let mount = json!({"name": volume_name, "readOnly": true, "mountPath": DEFAULT_API_TOKEN_MOUNT_PATH});
    let mut needs_volume = false;
    for key in ["initContainers", "containers"] {
        for c in objects_mut(spec, key) {
            let mounted = c.get("volumeMounts").and_then(Value::as_array).is_some_and(|m| {
                m.iter().any(|x| x.get("mountPath").and_then(Value::as_str) == Some(DEFAULT_API_TOKEN_MOUNT_PATH))
            });
            if !mounted {
                if let Some(mounts) = ensure_array(c, "volumeMounts") {
                    mounts.push(mount.clone());
                    needs_volume = true;
                }
            }
        }
    }
    if existing.is_none() && needs_volume {
        if let Some(volumes) = ensure_array(spec, "volumes") {
            volumes.push(token_volume(&volume_name));
        }
    }
}

/// The projected volume of serviceaccount.TokenVolumeSource.
fn token_volume(name: &str) -> Value {
    json!({
        "name": name,
        "projected": {
            "defaultMode": 420,
            "sources": [
                {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
                {"downwardAPI": {"items": [
                    {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}
                ]}},
            ],
        },
    })
}

/// priority.Plugin.admitPod on create.
fn admit_priority(pod: &mut Map<String, Value>) -> Result<(), String> {
    let Some(spec) = obj_mut(pod, "spec") else { return Ok(()) };
    let class = str_of(spec, "priorityClassName").to_string();
    let priority: i64 = match class.as_str() {
        "" => 0,
        "system-cluster-critical" => 2_000_000_000,
        "system-node-critical" => 2_000_001_000,
        other => return Err(format!("no PriorityClass with name {other} was found")),
    };
    if let Some(given) = spec.get("priority").filter(|p| !p.is_null()) {
        if given.as_i64() != Some(priority) {
            return Err(format!(
                "the integer value of priority ({given}) must not be provided in pod spec; priority admission controller computed {priority} from the given PriorityClass name"
            ));
        }
    }
    put(spec, "priority", Value::from(priority));
    let policy = "PreemptLowerPriority";
    if let Some(given) = spec.get("preemptionPolicy").and_then(Value::as_str) {
        if given != policy {
            return Err(format!(
                "the string value of PreemptionPolicy ({given}) must not be provided in pod spec; priority admission controller computed {policy} from the given PriorityClass name"
            ));
        }
    }
    put(spec, "preemptionPolicy", Value::from(policy));
    Ok(())
}

/// defaulttolerationseconds.Plugin.Admit: tolerate not-ready and unreachable nodes for 300s
/// unless a NoExecute toleration for them (or a wildcard) is already there.
fn admit_default_toleration_seconds(pod: &mut Map<String, Value>) {
    let Some(spec) = obj_mut(pod, "spec") else { return };
    let mut not_ready = false;
    let mut unreachable = false;
    for t in spec.get("tolerations").and_then(Value::as_array).into_iter().flatten() {
        let key = t.get("key").and_then(Value::as_str).unwrap_or("");
        let effect = t.get("effect").and_then(Value::as_str).unwrap_or("");
        let no_execute = effect.is_empty() || effect == "NoExecute";
        not_ready |= (key == "node.kubernetes.io/not-ready" || key.is_empty()) && no_execute;
        unreachable |= (key == "node.kubernetes.io/unreachable" || key.is_empty()) && no_execute;
    }
    let toleration =
        |key: &str| json!({"key": key, "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300});
    if let Some(tolerations) = ensure_array(spec, "tolerations") {
        if !not_ready {
            tolerations.push(toleration("node.kubernetes.io/not-ready"));
        }
        if !unreachable {
            tolerations.push(toleration("node.kubernetes.io/unreachable"));
        }
        if tolerations.is_empty() {
            spec.remove("tolerations");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Jobs, DaemonSets, Services, EndpointSlices.

/// generateSelector (pkg/registry/batch/job/strategy.go): the job-name and controller-uid labels
/// on the template, unless already there, and a selector on the controller uid.
fn generate_selector(job: &mut Map<String, Value>, uid: &str) {
    let name = job.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("").to_string();
    let Some(spec) = obj_mut(job, "spec") else { return };
    if let Some(labels) =
        ensure_obj(spec, "template").and_then(|t| ensure_obj(t, "metadata")).and_then(|m| ensure_obj(m, "labels"))
    {
        for key in [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL] {
            labels.entry(key.to_owned()).or_insert_with(|| Value::from(name.clone()));
        }
        for key in [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL] {
            labels.entry(key.to_owned()).or_insert_with(|| Value::from(uid));
        }
    }
    if let Some(match_labels) = ensure_obj(spec, "selector").and_then(|s| ensure_obj(s, "matchLabels")) {
        match_labels.entry(CONTROLLER_UID_LABEL.to_owned()).or_insert_with(|| Value::from(uid));
    }
}

/// SetDefaults_Job's `labels = template labels when empty`. In Go both end up as one shared map,
/// so the labels generateSelector adds to the template show on the Job as well.
fn copy_job_labels_from_template(job: &mut Map<String, Value>) {
    let template_labels = job
        .get("spec")
        .and_then(|s| s.get("template"))
        .and_then(|t| t.get("metadata"))
        .and_then(|m| m.get("labels"))
        .filter(|l| l.as_object().is_some_and(|l| !l.is_empty()))
        .cloned();
    let Some(labels) = template_labels else { return };
    if let Some(meta) = ensure_obj(job, "metadata") {
        if meta.get("labels").and_then(Value::as_object).is_none_or(Map::is_empty) {
            put(meta, "labels", labels);
        }
    }
}

/// The internal templateGeneration of a DaemonSet, read from its apps/v1 annotation.
fn template_generation(ds: &Map<String, Value>) -> i64 {
    ds.get("metadata")
        .and_then(|m| m.get("annotations"))
        .and_then(|a| a.get(DEPRECATED_TEMPLATE_GENERATION))
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// Writes templateGeneration as the apps/v1 conversion does.
fn set_template_generation(ds: &mut Map<String, Value>, generation: i64) {
    if let Some(annotations) = ensure_obj(ds, "metadata").and_then(|m| ensure_obj(m, "annotations")) {
        annotations.insert(DEPRECATED_TEMPLATE_GENERATION.into(), Value::from(generation.to_string()));
    }
}

/// svcStrategy's dropTypeDependentFields: values that no longer apply after a type change and
/// that the user did not change themselves are cleared (they are deallocated later).
fn drop_type_dependent_fields(svc: &mut Map<String, Value>, old: &Map<String, Value>) {
    let empty = Map::new();
    let old_spec = old.get("spec").and_then(Value::as_object).unwrap_or(&empty).clone();
    let Some(spec) = obj_mut(svc, "spec") else { return };
    let old_type = str_of(&old_spec, "type").to_string();
    let new_type = str_of(spec, "type").to_string();
    let same = |a: &Map<String, Value>, b: &Map<String, Value>, k: &str| semantic_eq(a.get(k), b.get(k));

    if old_type != "ExternalName" && new_type == "ExternalName" {
        if same(&old_spec, spec, "clusterIP") && same(&old_spec, spec, "clusterIPs") {
            spec.remove("clusterIP");
            spec.remove("clusterIPs");
        }
        if same(&old_spec, spec, "ipFamilies") {
            spec.remove("ipFamilies");
        }
        if same(&old_spec, spec, "ipFamilyPolicy") {
            spec.remove("ipFamilyPolicy");
        }
    }
    let needs_node_port = |t: &str| t == "NodePort" || t == "LoadBalancer";
    if needs_node_port(&old_type) && !needs_node_port(&new_type) {
        let node_ports = |s: &Map<String, Value>| -> Vec<i64> {
            s.get("ports")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|p| p.get("nodePort").and_then(Value::as_i64))
                .filter(|p| *p != 0)
                .collect()
        };
        let old_ports = node_ports(&old_spec);
        if node_ports(spec).iter().all(|p| old_ports.contains(p)) {
            for port in objects_mut(spec, "ports") {
                port.remove("nodePort");
            }
        }
    }
    let needs_hc =
        |s: &Map<String, Value>| str_of(s, "type") == "LoadBalancer" && str_of(s, "externalTrafficPolicy") == "Local";
    if needs_hc(&old_spec) && !needs_hc(spec) && same(&old_spec, spec, "healthCheckNodePort") {
        spec.remove("healthCheckNodePort");
    }
    if old_type == "LoadBalancer" && new_type != "LoadBalancer" {
        let old_alloc = old_spec.get("allocateLoadBalancerNodePorts").and_then(Value::as_bool);
        let new_alloc = spec.get("allocateLoadBalancerNodePorts").and_then(Value::as_bool);
        if old_alloc.is_some() && old_alloc == new_alloc {
            spec.remove("allocateLoadBalancerNodePorts");
        }
        if same(&old_spec, spec, "loadBalancerClass") {
            spec.remove("loadBalancerClass");
        }
    }
    let externally_accessible = |s: &Map<String, Value>| {
        let t = str_of(s, "type");
        let ips = s.get("externalIPs").and_then(Value::as_array).is_some_and(|a| !a.is_empty());
        t == "LoadBalancer" || t == "NodePort" || (t == "ClusterIP" && ips)
    };
    if externally_accessible(&old_spec)
        && !externally_accessible(spec)
        && same(&old_spec, spec, "externalTrafficPolicy")
    {
        spec.remove("externalTrafficPolicy");
    }
    if new_type != "LoadBalancer" {
        if let Some(status) = ensure_obj(svc, "status") {
            put(status, "loadBalancer", Value::Object(Map::new()));
        }
    }
}

/// dropTopologyOnV1: v1 writes cannot set `deprecatedTopology`; a node name only written there
/// before is moved to `nodeName`. Unchanged endpoints are left alone on update.
fn drop_topology_on_v1(eps: &mut Map<String, Value>, old: Option<&Map<String, Value>>) {
    let old_endpoints = old.and_then(|o| o.get("endpoints"));
    if old.is_some() && semantic_eq(old_endpoints, eps.get("endpoints")) {
        return;
    }
    let previous: Vec<String> = old_endpoints
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|e| e.get("deprecatedTopology").and_then(|t| t.get("kubernetes.io/hostname")))
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    for ep in objects_mut(eps, "endpoints") {
        let hostname = ep
            .get("deprecatedTopology")
            .and_then(|t| t.get("kubernetes.io/hostname"))
            .and_then(Value::as_str)
            .map(str::to_string);
        if let Some(h) = hostname {
            if ep.get("nodeName").is_none_or(Value::is_null) && previous.contains(&h) {
                put(ep, "nodeName", Value::from(h));
            }
        }
        ep.remove("deprecatedTopology");
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers.

/// The array at `key`, created empty when absent or null.
fn ensure_array<'a>(m: &'a mut Map<String, Value>, key: &str) -> Option<&'a mut Vec<Value>> {
    if m.get(key).is_none_or(Value::is_null) {
        m.insert(key.to_string(), Value::Array(Vec::new()));
    }
    arr_mut(m, key)
}

/// Sets `metadata.generation`.
fn set_generation(obj: &mut Map<String, Value>, generation: i64) {
    if let Some(meta) = ensure_obj(obj, "metadata") {
        put(meta, "generation", Value::from(generation));
    }
}

/// One more than the old object's generation.
fn bump_generation(obj: &mut Map<String, Value>, old: &Map<String, Value>) {
    let old_generation = old.get("metadata").and_then(|m| m.get("generation")).and_then(Value::as_i64).unwrap_or(0);
    set_generation(obj, old_generation + 1);
}

/// A field of `metadata`.
fn meta_field<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.get("metadata").and_then(|m| m.get(key))
}

/// Whether the spec differs semantically from the old one.
fn spec_changed(obj: &Map<String, Value>, old: &Map<String, Value>) -> bool {
    !semantic_eq(obj.get("spec"), old.get("spec"))
}

/// apiequality.Semantic.DeepEqual on JSON: a missing key, null, [] and {} are all equal.
fn semantic_eq(a: Option<&Value>, b: Option<&Value>) -> bool {
    let empty = |v: Option<&Value>| match v {
        None | Some(Value::Null) => true,
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Object(o)) => o.is_empty(),
        _ => false,
    };
    if empty(a) && empty(b) {
        return true;
    }
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            x.keys().chain(y.keys()).all(|k| semantic_eq(x.get(k), y.get(k)))
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| semantic_eq(Some(p), Some(q)))
        }
        (Some(Value::Number(x)), Some(Value::Number(y))) => x.as_f64() == y.as_f64(),
        (x, y) => x == y,
    }
}
