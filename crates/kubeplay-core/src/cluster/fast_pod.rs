//! The apiserver's create path for pods that controllers make from already-defaulted templates,
//! on the typed object: the Pod-only defaults, the ServiceAccount, Priority and
//! DefaultTolerationSeconds admission plugins, and the pod strategy's initial status — what the
//! JSON path does, without converting a ReplicaSet's ten-thousandth pod to JSON and back.
//! A test checks that both paths store the same pod.

use std::cell::RefCell;
use std::collections::BTreeMap;

use crate::json::{json, Value};

use crate::api::meta::Time;
use crate::api::pod::{Pod, PodSpec, PodStatus, ResourceRequirements, SharedStr, Toleration, Volume, VolumeMount};
use crate::api::shared::{Internable, Labels, Shared, SharedMap};
use crate::api::Object;
use crate::sim::NAME_ALPHABET;

use super::{ApiError, Cluster};

const TOKEN_VOLUME_PREFIX: &str = "kube-api-access-";
const TOKEN_MOUNT_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

type Tolerations = Shared<Vec<Toleration>>;

/// How many results of each kind [`Memo`] keeps.
const MEMO_SLOTS: usize = 16;

/// What the typed path derived from pooled values it saw before: the pods of one template (or
/// one benchmark) hold the same pooled maps, so each derivation is made once and then shared.
/// Entries are keyed by allocation; holding the input keeps its allocation from being reused
/// for another value, and a write to a held value copies it first.
#[derive(Default)]
struct Memo {
    /// (map, key, value) → the pooled map with that entry set.
    entries: Vec<(SharedMap, &'static str, Value, SharedMap)>,
    /// A quantity map → the pooled map with its quantities rounded and canonical.
    rounded: Vec<(Labels, Labels)>,
    /// Tolerations → the pooled list with DefaultTolerationSeconds' additions.
    tolerations: Vec<(Tolerations, Tolerations)>,
    /// (requests, limits) → (limits or requests cpu or memory, both guaranteed).
    qos: Vec<(Labels, Labels, (bool, bool))>,
    /// The last image defaulted and its pull policy.
    pull_policy: Option<(String, &'static str)>,
    token_source: Option<SharedMap>,
    /// "Pending" and the QoS classes, pooled.
    status: Option<(SharedStr, [SharedStr; 3])>,
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

fn remember<T>(list: &mut Vec<T>, entry: T) {
    if list.len() >= MEMO_SLOTS {
        list.remove(0);
    }
    list.push(entry);
}

/// A map entry's value as the defaults write it.
#[derive(Clone, Copy)]
enum Entry<'a> {
    Str(&'a str),
    EmptyObject,
}

impl Entry<'_> {
    fn matches(self, v: &Value) -> bool {
        match self {
            Entry::Str(s) => v.as_str() == Some(s),
            Entry::EmptyObject => v.as_object().is_some_and(crate::json::Map::is_empty),
        }
    }

    fn to_value(self) -> Value {
        match self {
            Entry::Str(s) => Value::String(s.to_string()),
            Entry::EmptyObject => Value::Object(crate::json::Map::new()),
        }
    }
}

/// `map.insert(key, value)`, sharing the result with the other maps that got the same entry.
fn set_entry(map: &mut SharedMap, key: &'static str, value: Entry<'_>) {
    if map.get(key).is_some_and(|v| value.matches(v)) {
        return;
    }
    if !map.is_pooled() {
        map.insert(key.into(), value.to_value());
        return;
    }
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        let found = m.entries.iter().rev().find(|(i, k, v, _)| *k == key && value.matches(v) && Shared::ptr_eq(i, map));
        if let Some((_, _, _, out)) = found {
            *map = out.clone();
            return;
        }
        let mut out = map.clone();
        let v = value.to_value();
        out.insert(key.into(), v.clone());
        out.reintern();
        remember(&mut m.entries, (map.clone(), key, v, out.clone()));
        *map = out;
    });
}

/// Rounds a quantity map's values up to milli-units in canonical form, as defaulting does.
fn round_quantities(list: &mut Labels) {
    if list.is_empty() {
        return;
    }
    derive_shared(
        list,
        |m| &mut m.rounded,
        |out| {
            let rounded: Vec<(String, String)> = out
                .iter()
                .filter_map(|(k, v)| {
                    let mut q = crate::manifest::defaults::quantity::Quantity::parse(v)?;
                    q.round_up_to_milli();
                    let canonical = q.canonical();
                    (canonical != *v).then(|| (k.clone(), canonical))
                })
                .collect();
            for (k, v) in rounded {
                out.insert(k, v);
            }
        },
    );
}

/// Replaces the pooled `value` with `derive` applied to it, pooled too; a value seen before (the
/// same allocation, kept in `slots` of [`Memo`]) gets the result made for it then.
fn derive_shared<T: Internable + Clone>(
    value: &mut Shared<T>,
    slots: impl FnOnce(&mut Memo) -> &mut Vec<(Shared<T>, Shared<T>)>,
    derive: impl FnOnce(&mut Shared<T>),
) {
    value.reintern();
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        let seen = slots(&mut m);
        if let Some((_, out)) = seen.iter().rev().find(|(i, _)| Shared::ptr_eq(i, value)) {
            *value = out.clone();
            return;
        }
        let mut out = value.clone();
        derive(&mut out);
        out.reintern();
        remember(seen, (value.clone(), out.clone()));
        *value = out;
    });
}

/// A plain pod (as a client or benchmark writes it: containers with images, commands, env values
/// and resources, nothing the JSON path defaults in depth) given the typed defaults the JSON path
/// would give it (SetDefaults_PodSpec and SetDefaults_Container), so that it is [`eligible`].
/// Pods with anything more are left alone and go through the JSON path.
pub fn default_simple(pod: &mut Pod) {
    let s = &pod.spec;
    let simple = s.init_containers.is_empty()
        && s.volumes.is_empty()
        && s.affinity.is_none()
        && s.extra.is_empty()
        && s.containers.iter().all(|c| {
            c.ports.is_empty()
                && c.readiness_probe.is_none()
                && c.liveness_probe.is_none()
                && c.startup_probe.is_none()
                && c.volume_mounts.is_empty()
                && c.extra.is_empty()
                && c.resources.extra.is_empty()
                && c.env.iter().all(|e| e.value_from.is_none())
        });
    if !simple || pod.metadata.deletion_timestamp.is_some() {
        return;
    }
    let spec: &mut PodSpec = &mut pod.spec;
    if spec.dns_policy.is_empty() {
        spec.dns_policy = "ClusterFirst".into();
    }
    if spec.restart_policy.is_empty() {
        spec.restart_policy = "Always".into();
    }
    set_entry(&mut spec.extra, "securityContext", Entry::EmptyObject);
    if spec.termination_grace_period_seconds.is_none() {
        spec.termination_grace_period_seconds = Some(30);
    }
    if spec.scheduler_name.is_empty() {
        spec.scheduler_name = "default-scheduler".into();
    }
    if !spec.service_account_name.is_empty() {
        set_entry(&mut spec.extra, "serviceAccount", Entry::Str(&spec.service_account_name));
    }
    for c in spec.containers.iter_mut() {
        if c.image_pull_policy.is_empty() {
            c.image_pull_policy = pull_policy(&c.image).into();
        }
        set_entry(&mut c.extra, "terminationMessagePath", Entry::Str("/dev/termination-log"));
        set_entry(&mut c.extra, "terminationMessagePolicy", Entry::Str("File"));
        round_quantities(&mut c.resources.limits);
        round_quantities(&mut c.resources.requests);
    }
}

/// [`crate::manifest::defaults::default_pull_policy`], remembering the last image.
fn pull_policy(image: &str) -> &'static str {
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        match &m.pull_policy {
            Some((last, policy)) if last == image => policy,
            _ => {
                let policy = crate::manifest::defaults::default_pull_policy(image);
                m.pull_policy = Some((image.to_string(), policy));
                policy
            }
        }
    })
}

/// Whether the typed path gives the same result as the JSON path for this pod: its template was
/// defaulted, and it uses none of the features whose admission only the JSON path handles.
pub fn eligible(pod: &Pod) -> bool {
    let s = &pod.spec;
    let defaulted = !s.dns_policy.is_empty()
        && !s.restart_policy.is_empty()
        && !s.scheduler_name.is_empty()
        && s.termination_grace_period_seconds.is_some()
        && s.extra.contains_key("securityContext")
        && s.containers
            .iter()
            .chain(s.init_containers.iter())
            .all(|c| !c.image_pull_policy.is_empty() && c.extra.contains_key("terminationMessagePath"));
    let special = s.priority.is_some()
        || ["priorityClassName", "preemptionPolicy", "automountServiceAccountToken", "schedulingGates", "overhead"]
            .iter()
            .any(|k| s.extra.contains_key(*k))
        || s.host_network
        || pod.metadata.annotations.keys().any(|k| k.starts_with("kubernetes.io/config.") || k.contains("apparmor"))
        || !pod.metadata.resource_version.is_empty();
    defaulted && !special
}

/// `GetPodQOS` (v1.32): Guaranteed when every container limits cpu and memory equal to its
/// requests, BestEffort when nothing is requested or limited, Burstable otherwise.
pub fn qos_class(pod: &Pod) -> &'static str {
    let mut best_effort = true;
    let mut guaranteed = true;
    for c in pod.spec.containers.iter().chain(pod.spec.init_containers.iter()) {
        let (relevant, all_set) = container_qos(&c.resources);
        best_effort &= !relevant;
        guaranteed &= all_set;
    }
    if best_effort {
        "BestEffort"
    } else if guaranteed {
        "Guaranteed"
    } else {
        "Burstable"
    }
}

/// One container's part of [`qos_class`]: whether it requests or limits a nonzero cpu or memory,
/// and whether it limits both with requests equal to the limits.
fn container_qos(r: &ResourceRequirements) -> (bool, bool) {
    let compute = || {
        let relevant =
            |m: &BTreeMap<String, String>| m.iter().any(|(k, v)| (*k == "cpu" || *k == "memory") && !is_zero(v));
        let guaranteed = ["cpu", "memory"].iter().all(|k| {
            let l = r.limits.get(*k);
            l.is_some() && r.requests.get(*k).or(l) == l
        });
        (relevant(&r.requests) || relevant(&r.limits), guaranteed)
    };
    if !(r.requests.is_pooled() && r.limits.is_pooled()) {
        return compute();
    }
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        let found = m.qos.iter().rev().find(|(q, l, _)| Shared::ptr_eq(q, &r.requests) && Shared::ptr_eq(l, &r.limits));
        if let Some((_, _, answer)) = found {
            return *answer;
        }
        let answer = compute();
        remember(&mut m.qos, (r.requests.clone(), r.limits.clone(), answer));
        answer
    })
}

fn is_zero(q: &str) -> bool {
    crate::api::quantity::Quantity::parse(q).is_ok_and(|q| q.nanos == 0)
}

/// The source of the service account token volume (the same for every pod).
fn token_source() -> SharedMap {
    MEMO.with(|m| {
        m.borrow_mut()
            .token_source
            .get_or_insert_with(|| {
                let source = json!({
                    "projected": {
                        "defaultMode": 420,
                        "sources": [
                            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                            {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
                            {"downwardAPI": {"items": [
                                {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}
                            ]}},
                        ],
                    },
                });
                let source = match source {
                    Value::Object(m) => m.into_iter().collect(),
                    _ => BTreeMap::new(),
                };
                SharedMap::new(source)
            })
            .clone()
    })
}

/// The initial status of a pod of this QoS class.
fn pending_status(qos: &str) -> PodStatus {
    let (phase, qos_class) = MEMO.with(|m| {
        let mut m = m.borrow_mut();
        let (pending, classes) = m
            .status
            .get_or_insert_with(|| ("Pending".into(), ["BestEffort".into(), "Burstable".into(), "Guaranteed".into()]));
        let class = classes.iter().find(|c| c.as_str() == qos).cloned().unwrap_or_else(|| qos.into());
        (pending.clone(), class)
    });
    PodStatus { phase, qos_class, ..PodStatus::default() }
}

/// DefaultTolerationSeconds' additions to `tolerations`, shared with the pods that had the same.
fn default_tolerations(tolerations: &mut Tolerations) {
    derive_shared(
        tolerations,
        |m| &mut m.tolerations,
        |out| {
            let covers = |t: &Toleration, key: &str| {
                (t.key == key || t.key.is_empty()) && (t.effect.is_empty() || t.effect == "NoExecute")
            };
            for key in ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"] {
                if !out.iter().any(|t| covers(t, key)) {
                    out.push(Toleration {
                        key: key.into(),
                        operator: "Exists".into(),
                        value: String::new(),
                        effect: "NoExecute".into(),
                        toleration_seconds: Some(300),
                    });
                }
            }
        },
    );
}

impl Cluster {
    /// Creates a pod through the typed path (see the module comment). The caller checks
    /// [`eligible`].
    pub(crate) fn create_pod_fast(&mut self, mut pod: Pod) -> Result<Object, ApiError> {
        let m = &mut pod.metadata;
        if m.namespace.is_empty() {
            m.namespace = "default".into();
        }
        // Admission sees the name the client asked for: the generateName prefix when there was none.
        let generated = m.name.is_empty() && !m.generate_name.is_empty();
        if generated {
            let prefix: String = m.generate_name.chars().take(58).collect();
            pod.metadata.name = self.generate_name(crate::api::Kind::Pod, &pod.metadata.namespace, &prefix);
        }
        // SetDefaults_Pod.
        let spec: &mut PodSpec = &mut pod.spec;
        if spec.enable_service_links.is_none() {
            spec.enable_service_links = Some(true);
        }
        for c in spec.containers.iter_mut().chain(spec.init_containers.iter_mut()) {
            // Written only when something is missing, so a shared map stays shared.
            if c.resources.limits.keys().any(|k| !c.resources.requests.contains_key(k)) {
                for (k, v) in c.resources.limits.clone().iter() {
                    c.resources.requests.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
        }
        // ServiceAccount admission.
        let suffix = self.rng.string_from(NAME_ALPHABET, 5);
        if spec.service_account_name.is_empty() {
            spec.service_account_name = "default".into();
        }
        set_entry(&mut spec.extra, "serviceAccount", Entry::Str(&spec.service_account_name));
        let existing = spec
            .volumes
            .iter()
            .map(|v| v.name.as_str())
            .find(|n| n.starts_with(TOKEN_VOLUME_PREFIX))
            .map(str::to_string);
        let volume = existing.clone().unwrap_or_else(|| format!("{TOKEN_VOLUME_PREFIX}{suffix}"));
        let mut mounted_any = false;
        for c in spec.init_containers.iter_mut().chain(spec.containers.iter_mut()) {
            if !c.volume_mounts.iter().any(|m| m.mount_path == TOKEN_MOUNT_PATH) {
                c.volume_mounts.push(VolumeMount {
                    name: volume.clone(),
                    read_only: true,
                    mount_path: TOKEN_MOUNT_PATH.into(),
                    ..VolumeMount::default()
                });
                mounted_any = true;
            }
        }
        if existing.is_none() && mounted_any {
            spec.volumes.push(Volume { name: volume, source: token_source() });
        }
        // Priority admission.
        spec.priority = Some(0);
        set_entry(&mut spec.extra, "preemptionPolicy", Entry::Str("PreemptLowerPriority"));
        // DefaultTolerationSeconds admission.
        default_tolerations(&mut spec.tolerations);
        // System fields and the pod strategy's initial status.
        let m = &mut pod.metadata;
        m.uid = self.rng.uuid();
        m.creation_timestamp = Some(Time::from_sim(self.now));
        m.deletion_timestamp = None;
        m.deletion_grace_period_seconds = None;
        m.generation = 0;
        let m = &pod.metadata;
        let admission_name = if generated { &m.generate_name } else { &m.name };
        let namespace = &m.namespace;
        match self.store.namespace("", namespace) {
            None => return Err(ApiError::not_found(crate::api::Kind::Namespace, namespace)),
            Some(ns) if ns.metadata.deletion_timestamp.is_some() => {
                return Err(ApiError::Forbidden {
                    resource: "pods".into(),
                    name: admission_name.clone(),
                    reason: format!(
                        "unable to create new content in namespace {namespace} because it is being terminated"
                    ),
                })
            }
            Some(_) => {}
        }
        self.admit_pod_limit(admission_name)?;
        if let Some(existing) = self.store.pod(namespace, &m.name) {
            let name = m.name.clone();
            return Err(if existing.metadata.deletion_timestamp.is_some() {
                ApiError::Other {
                    reason: "AlreadyExists".into(),
                    message: format!("object is being deleted: pods \"{name}\" already exists"),
                }
            } else {
                ApiError::AlreadyExists { resource: "pods".into(), name }
            });
        }
        // Defaults and admission wrote private copies; share them with the other pods again, as
        // decoding on the JSON path does.
        pod.metadata.labels.reintern();
        let spec: &mut PodSpec = &mut pod.spec;
        spec.extra.reintern();
        spec.tolerations.reintern();
        for c in spec.containers.iter_mut().chain(spec.init_containers.iter_mut()) {
            c.extra.reintern();
            c.resources.limits.reintern();
            c.resources.requests.reintern();
        }
        pod.status = pending_status(qos_class(&pod));
        let change = self.store.put(Object::Pod(crate::api::ObjBox::new(pod)));
        self.notify(&change);
        Ok(change.new.unwrap_or_else(|| Object::Namespace(crate::api::ObjBox::default())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Kind;

    /// A pod made from a template the JSON path defaulted.
    fn template_pod(c: &mut Cluster, yaml_spec: &str) -> Pod {
        let rs = format!(
            "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: t\nspec:\n  selector:\n    matchLabels: {{app: t}}\n  template:\n    metadata:\n      labels: {{app: t}}\n    spec:\n{yaml_spec}"
        );
        let node = crate::manifest::yaml::parse_document(&rs).unwrap().unwrap();
        let created = c.create_value(Kind::ReplicaSet, node.to_json(), true).unwrap();
        let Object::ReplicaSet(rs) = created else { panic!() };
        let mut pod = Pod {
            metadata: rs.spec.template.metadata.clone(),
            spec: rs.spec.template.spec.clone().into(),
            ..Pod::default()
        };
        pod.metadata.generate_name = "t-".into();
        pod.metadata.namespace = "default".into();
        pod.metadata.creation_timestamp = None;
        pod
    }

    fn comparable(o: &Object) -> Value {
        let mut v = o.to_printed_value();
        let blank = |v: &mut Value, ptr: &str| {
            if let Some(x) = v.pointer_mut(ptr) {
                *x = Value::Null;
            }
        };
        for p in ["/metadata/uid", "/metadata/name", "/metadata/resourceVersion", "/spec/volumes/0/name"] {
            blank(&mut v, p);
        }
        for i in 0..3 {
            blank(&mut v, &format!("/spec/containers/{i}/volumeMounts/0/name"));
            blank(&mut v, &format!("/spec/initContainers/{i}/volumeMounts/0/name"));
        }
        v
    }

    #[test]
    fn the_typed_create_path_stores_what_the_json_path_stores() {
        let specs = [
            "      containers:\n      - name: a\n        image: nginx:1.25\n",
            "      containers:\n      - name: a\n        image: nginx\n        resources:\n          limits: {cpu: 500m, memory: 128Mi}\n        ports:\n        - containerPort: 80\n",
            "      initContainers:\n      - name: i\n        image: busybox\n        command: [sh, -c, 'true']\n      containers:\n      - name: a\n        image: nginx\n        resources:\n          requests: {cpu: 100m}\n        volumeMounts:\n        - name: data\n          mountPath: /data\n      volumes:\n      - name: data\n        emptyDir: {}\n      tolerations:\n      - key: node.kubernetes.io/unreachable\n        operator: Exists\n        effect: NoExecute\n        tolerationSeconds: 60\n",
        ];
        for spec in specs {
            let mut slow = Cluster::new(5);
            let mut fast = Cluster::new(5);
            let pod_slow = template_pod(&mut slow, spec);
            let pod_fast = template_pod(&mut fast, spec);
            assert!(eligible(&pod_fast), "{spec}");
            let a =
                slow.create_value(Kind::Pod, Object::Pod(crate::api::ObjBox::new(pod_slow)).to_value(), false).unwrap();
            let b = fast.create_pod_fast(pod_fast).unwrap();
            assert_eq!(comparable(&a), comparable(&b), "{spec}");
        }
    }

    #[test]
    fn pods_created_alike_share_their_defaulted_maps() {
        let mut c = Cluster::new(5);
        let pods: Vec<Object> = ["a", "b"]
            .iter()
            .map(|name| {
                let mut p = Pod::default();
                p.metadata.name = (*name).into();
                p.metadata.namespace = "default".into();
                let mut k =
                    crate::api::pod::Container { name: "c".into(), image: "nginx".into(), ..Default::default() };
                k.resources.requests.insert("cpu".into(), "0.5".into());
                p.spec.containers.push(k);
                c.create_object(Object::Pod(crate::api::ObjBox::new(p))).unwrap()
            })
            .collect();
        let [Object::Pod(a), Object::Pod(b)] = &pods[..] else { panic!() };
        let (ka, kb) = (&a.spec.containers[0], &b.spec.containers[0]);
        assert_eq!(ka.resources.requests.get("cpu").map(String::as_str), Some("500m"));
        assert!(Shared::ptr_eq(&a.spec.extra, &b.spec.extra));
        assert!(Shared::ptr_eq(&a.spec.tolerations, &b.spec.tolerations));
        assert!(Shared::ptr_eq(&a.spec.volumes[0].source, &b.spec.volumes[0].source));
        assert!(Shared::ptr_eq(&ka.extra, &kb.extra));
        assert!(Shared::ptr_eq(&ka.resources.requests, &kb.resources.requests));
        assert_ne!(a.spec.volumes[0].name, b.spec.volumes[0].name);
        assert_eq!(a.status.qos_class.as_str(), "Burstable");
    }

    #[test]
    fn a_plain_pod_defaulted_on_the_typed_path_stores_what_the_json_path_stores() {
        let pods = [
            "metadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: nginx\n",
            "metadata: {name: p, labels: {app: x}}\nspec:\n  restartPolicy: Never\n  containers:\n  - name: a\n    image: busybox:1.36\n    command: [sleep, '30']\n    env: [{name: A, value: b}]\n    resources:\n      requests: {cpu: '0.5', memory: 16Mi}\n      limits: {cpu: '1'}\n",
            "metadata: {name: p}\nspec:\n  serviceAccountName: default\n  nodeSelector: {disk: ssd}\n  containers:\n  - name: a\n    image: nginx:1.25\n    imagePullPolicy: Always\n  - name: b\n    image: redis\n",
        ];
        for yaml in pods {
            let doc = format!("apiVersion: v1\nkind: Pod\n{yaml}");
            let value = crate::manifest::yaml::parse_document(&doc).unwrap().unwrap().to_json();
            let mut slow = Cluster::new(5);
            let mut fast = Cluster::new(5);
            let a = slow.create_value(Kind::Pod, value.clone(), false).unwrap();
            let typed = Object::from_value(Kind::Pod, value).unwrap();
            let Object::Pod(p) = &typed else { panic!() };
            let mut p = p.as_ref().clone();
            default_simple(&mut p);
            assert!(eligible(&p), "{yaml}");
            let b = fast.create_object(typed).unwrap();
            assert_eq!(comparable(&a), comparable(&b), "{yaml}");
        }
    }
}
