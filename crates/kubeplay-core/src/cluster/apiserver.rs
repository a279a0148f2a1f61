//! The apiserver's request handling: create, update and delete with defaulting, admission,
//! validation, generated names, uids, generations, finalizers and graceful deletion, each refusal
//! worded as the apiserver words it.

use crate::json::put;
use crate::json::{Map, Value};

use crate::api::meta::Time;
use crate::api::{Kind, Object};
use crate::controller::garbage_collector::{FOREGROUND_FINALIZER, ORPHAN_FINALIZER};
use crate::controller::Propagation;
use crate::manifest::field::{go_quote, invalid_message, FieldError};
use crate::manifest::{defaults, strategy, validate};
use crate::sim::NAME_ALPHABET;
use crate::store::{Key, ObjRef};

use super::Cluster;

/// A refused request, as a Kubernetes `Status`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    NotFound {
        resource: String,
        name: String,
    },
    AlreadyExists {
        resource: String,
        name: String,
    },
    /// 422: validation failed. `kind` is the kind's name, `group_kind` e.g. "Deployment.apps".
    Invalid {
        kind: String,
        group_kind: String,
        name: String,
        errors: Vec<FieldError>,
    },
    BadRequest(String),
    Forbidden {
        resource: String,
        name: String,
        reason: String,
    },
    Conflict {
        resource: String,
        name: String,
        reason: String,
    },
    /// Anything else, with its reason word.
    Other {
        reason: String,
        message: String,
    },
}

impl ApiError {
    /// The Status reason kubectl prints in `Error from server (<reason>)`.
    pub fn reason(&self) -> &str {
        match self {
            ApiError::NotFound { .. } => "NotFound",
            ApiError::AlreadyExists { .. } => "AlreadyExists",
            ApiError::Invalid { .. } => "Invalid",
            ApiError::BadRequest(_) => "BadRequest",
            ApiError::Forbidden { .. } => "Forbidden",
            ApiError::Conflict { .. } => "Conflict",
            ApiError::Other { reason, .. } => reason,
        }
    }

    /// The Status message.
    pub fn message(&self) -> String {
        match self {
            ApiError::NotFound { resource, name } => format!("{resource} {} not found", go_quote(name)),
            ApiError::AlreadyExists { resource, name } => format!("{resource} {} already exists", go_quote(name)),
            ApiError::Invalid { group_kind, name, errors, .. } => invalid_message(group_kind, name, errors),
            ApiError::BadRequest(m) => m.clone(),
            ApiError::Forbidden { resource, name, reason } => {
                if name.is_empty() {
                    format!("{resource} is forbidden: {reason}")
                } else {
                    format!("{resource} {} is forbidden: {reason}", go_quote(name))
                }
            }
            ApiError::Conflict { resource, name, reason } => {
                format!("Operation cannot be fulfilled on {resource} {}: {reason}", go_quote(name))
            }
            ApiError::Other { message, .. } => message.clone(),
        }
    }

    pub fn not_found(kind: Kind, name: &str) -> ApiError {
        ApiError::NotFound { resource: kind.group_resource(), name: name.to_string() }
    }

    /// kubeplay's advice about this refusal, printed as a `hint:` line, if it has any.
    pub fn hint(&self) -> Option<String> {
        match self {
            ApiError::Forbidden { reason, .. }
                if reason.starts_with(&format!("exceeded quota: {POD_LIMIT_QUOTA},")) =>
            {
                // The refusal names the limit the cluster was set to.
                let limit = reason.rsplit_once("limited: pods=").map_or("", |(_, n)| n);
                Some(format!(
                    "{POD_LIMIT_QUOTA} is a limit of this playground, not of Kubernetes: kubeplay keeps at most {limit} pods in a cluster so that the page stays responsive, and refuses more as a ResourceQuota would"
                ))
            }
            _ => None,
        }
    }

    pub fn invalid(kind: Kind, name: &str, errors: Vec<FieldError>) -> ApiError {
        ApiError::Invalid {
            kind: kind.name().to_string(),
            group_kind: kind.group_kind(),
            name: name.to_string(),
            errors,
        }
    }
}

/// How many pods a cluster may hold unless `Cluster::set_pod_limit` says otherwise: kubeplay's
/// own limit, so that a runaway replica count cannot stall the page (a real apiserver has none).
pub const DEFAULT_POD_LIMIT: usize = 10_000;

/// The name the pod limit goes by in refusals, which are worded as a ResourceQuota's.
const POD_LIMIT_QUOTA: &str = "playground-pod-limit";

/// Why one more pod is refused when the store holds `pending` fewer than will exist once the
/// creates already on their way are done: the playground's pod limit, refused as the ResourceQuota
/// admission plugin refuses (`exceeded quota: NAME, requested: pods=1, used: pods=N, limited:
/// pods=N`, the reason of a Forbidden error).
pub fn pod_limit_refusal(store: &crate::store::Store, pending: usize) -> Option<String> {
    let limit = store.pod_limit();
    let count = store.count(Kind::Pod);
    // Creates stop at the limit, so a refusal sees at least that many pods.
    let used = count.max(limit);
    (limit > 0 && count.saturating_add(pending) >= limit).then(|| {
        format!("exceeded quota: {POD_LIMIT_QUOTA}, requested: pods=1, used: pods={used}, limited: pods={limit}")
    })
}

/// Whether a controller's write changes the spec, which bumps the kind's generation (its
/// strategy's PrepareForUpdate). Controllers change annotations through the status endpoint, whose
/// strategy bumps nothing, so only the spec counts here.
fn spec_changed(old: &Object, new: &Object) -> bool {
    match (old, new) {
        (Object::Deployment(a), Object::Deployment(b)) => a.spec != b.spec,
        (Object::ReplicaSet(a), Object::ReplicaSet(b)) => a.spec != b.spec,
        (Object::ReplicationController(a), Object::ReplicationController(b)) => a.spec != b.spec,
        (Object::Job(a), Object::Job(b)) => a.spec != b.spec,
        (Object::CronJob(a), Object::CronJob(b)) => a.spec != b.spec,
        _ => false,
    }
}

/// The apiserver's `names.SimpleNameGenerator`: the prefix cut to 58 characters plus 5 random ones.
const MAX_GENERATED_PREFIX: usize = 58;
/// How many names a create with generateName draws before it fails with AlreadyExists
/// (`maxNameGenerationCreateAttempts`, RetryGenerateName).
const MAX_NAME_GENERATION_ATTEMPTS: usize = 8;

fn str_at<'a>(obj: &'a Map<String, Value>, path: &[&str]) -> Option<&'a str> {
    let mut cur = obj.get(*path.first()?)?;
    for p in &path[1..] {
        cur = cur.get(p)?;
    }
    cur.as_str()
}

/// The annotation apps/v1 Deployments carry the deprecated `spec.rollbackTo` in.
const ROLLBACK_TO_ANNOTATION: &str = "deprecated.deployment.rollback.to";

/// The error of `Convert_v1_Deployment_To_apps_Deployment` for a Deployment whose
/// `deprecated.deployment.rollback.to` annotation is set but no int64; `Ok` has the revision.
fn parse_rollback_to(text: &str) -> Result<i64, String> {
    text.parse::<i64>().map_err(|e| {
        let why = match e.kind() {
            std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => "value out of range",
            _ => "invalid syntax",
        };
        format!(
            "failed to parse annotation[{ROLLBACK_TO_ANNOTATION}]={text} as int64: strconv.ParseInt: parsing {}: {why}",
            go_quote(text)
        )
    })
}

/// The conversion error of decoding `obj` (a `kind` as JSON) into the internal version, if any:
/// what a PATCH reports once the patch is applied (see [`convert_to_internal`]).
pub fn conversion_error(kind: Kind, obj: &Value) -> Option<String> {
    if kind != Kind::Deployment {
        return None;
    }
    let text = obj.pointer("/metadata/annotations")?.get(ROLLBACK_TO_ANNOTATION)?.as_str()?;
    if text.is_empty() {
        return None;
    }
    parse_rollback_to(text).err()
}

/// What decoding a request into the internal version refuses or changes: a Deployment's
/// `deprecated.deployment.rollback.to` annotation must be an int64 (`Convert_v1_Deployment_To_apps_Deployment`;
/// a create or update reports the error as `transformDecodeError` words it), and reads back in
/// canonical form, since the internal version keeps it as a number.
fn convert_to_internal(kind: Kind, obj: &mut Map<String, Value>) -> Result<(), ApiError> {
    if kind != Kind::Deployment {
        return Ok(());
    }
    let Some(annotations) =
        obj.get_mut("metadata").and_then(|m| m.get_mut("annotations")).and_then(Value::as_object_mut)
    else {
        return Ok(());
    };
    let Some(value) = annotations.get_mut(ROLLBACK_TO_ANNOTATION) else { return Ok(()) };
    let text = value.as_str().unwrap_or("");
    if text.is_empty() {
        return Ok(());
    }
    match parse_rollback_to(text) {
        Ok(revision) => {
            *value = Value::String(revision.to_string());
            Ok(())
        }
        Err(e) => Err(ApiError::BadRequest(format!(
            "{kind} in version \"{version}\" cannot be handled as a {kind}: {e}",
            kind = kind.name(),
            version = kind.api_version().rsplit('/').next().unwrap_or(""),
        ))),
    }
}

/// Runs `f` on `metadata`, made an empty object first if it is missing or not an object.
fn with_meta<R>(obj: &mut Map<String, Value>, f: impl FnOnce(&mut Map<String, Value>) -> R) -> R {
    let entry = obj.entry("metadata".to_owned()).or_insert_with(|| Value::Object(Map::new()));
    if !entry.is_object() {
        *entry = Value::Object(Map::new());
    }
    let mut scratch = Map::new();
    f(entry.as_object_mut().unwrap_or(&mut scratch))
}

impl Cluster {
    /// POST: creates an object from its JSON (already strictly decoded). `dry_run` runs every
    /// check and returns the object that would be stored, storing nothing.
    pub fn create_value(&mut self, kind: Kind, value: Value, dry_run: bool) -> Result<Object, ApiError> {
        let Value::Object(mut obj) = value else {
            return Err(ApiError::BadRequest("the object provided is not a JSON object".into()));
        };
        put(&mut obj, "apiVersion", Value::String(kind.api_version().into()));
        put(&mut obj, "kind", Value::String(kind.name().into()));
        convert_to_internal(kind, &mut obj)?;
        let namespace = if kind.namespaced() {
            let ns = str_at(&obj, &["metadata", "namespace"]).unwrap_or("").to_string();
            let ns = if ns.is_empty() { "default".to_string() } else { ns };
            with_meta(&mut obj, |m| m.insert("namespace".into(), Value::String(ns.clone())));
            ns
        } else {
            with_meta(&mut obj, |m| m.remove("namespace"));
            String::new()
        };
        // System fields are the server's: whatever the client sent is replaced.
        let name = str_at(&obj, &["metadata", "name"]).unwrap_or("").to_string();
        let generate_name = str_at(&obj, &["metadata", "generateName"]).unwrap_or("").to_string();
        // Admission errors name the object as the request did (`extractResourceName`: the
        // generateName when the name is generated).
        let admission_name = if name.is_empty() { generate_name.clone() } else { name.clone() };
        let name = if name.is_empty() && !generate_name.is_empty() {
            let prefix: String = generate_name.chars().take(MAX_GENERATED_PREFIX).collect();
            let generated = self.generate_name(kind, &namespace, &prefix);
            with_meta(&mut obj, |m| m.insert("name".into(), Value::String(generated.clone())));
            generated
        } else {
            name
        };
        defaults::apply_defaults(kind, &mut obj);
        if kind == Kind::Pod {
            let suffix = self.rng.string_from(NAME_ALPHABET, 5);
            if let Err(reason) = strategy::admit_pod(&mut obj, &suffix) {
                return Err(ApiError::Forbidden { resource: kind.group_resource(), name: admission_name, reason });
            }
        }
        let uid = self.rng.uuid();
        let created = self.now_time().rfc3339();
        with_meta(&mut obj, |m| {
            put(m, "uid", Value::String(uid.clone()));
            put(m, "creationTimestamp", Value::String(created));
            m.remove("resourceVersion");
            m.remove("deletionTimestamp");
            m.remove("deletionGracePeriodSeconds");
        });
        strategy::prepare_for_create(kind, &mut obj, &uid);
        // NamespaceLifecycle admission: the namespace must exist and not be terminating.
        if kind.namespaced() {
            match self.store.namespace("", &namespace) {
                None => return Err(ApiError::not_found(Kind::Namespace, &namespace)),
                Some(ns) if ns.metadata.deletion_timestamp.is_some() => {
                    return Err(ApiError::Forbidden {
                        resource: kind.group_resource(),
                        name: admission_name,
                        reason: format!(
                            "unable to create new content in namespace {namespace} because it is being terminated"
                        ),
                    })
                }
                Some(_) => {}
            }
        }
        if kind == Kind::Pod {
            self.admit_pod_limit(&admission_name)?;
        }
        // The Service registry allocates cluster IPs and node ports before it validates (services/).
        if kind == Kind::Service {
            self.allocate_service(&mut obj, None, dry_run)?;
        }
        let whole = Value::Object(obj);
        let errors = validate::validate_create(kind, &whole);
        if !errors.is_empty() {
            return Err(ApiError::invalid(kind, &name, errors));
        }
        let Value::Object(mut obj) = whole else { return Err(ApiError::BadRequest("not an object".into())) };
        defaults::normalize_omitempty(kind, &mut obj);
        let key = Key::new(namespace, name.clone());
        if self.store.get(kind, &key).is_some() {
            let existing_deleting = self.store.get(kind, &key).is_some_and(|o| o.meta().deletion_timestamp.is_some());
            let resource = kind.group_resource();
            return Err(if existing_deleting {
                ApiError::Other {
                    reason: "AlreadyExists".into(),
                    message: format!("object is being deleted: {resource} {} already exists", go_quote(&name)),
                }
            } else {
                ApiError::AlreadyExists { resource, name }
            });
        }
        let object = Object::from_value(kind, Value::Object(obj))
            .map_err(|e| ApiError::Other { reason: "InternalError".into(), message: e })?;
        if dry_run {
            return Ok(object);
        }
        let change = self.store.put(object);
        self.notify(&change);
        Ok(change.new.unwrap_or_else(|| Object::Namespace(crate::api::ObjBox::default())))
    }

    /// Creates an object a controller built (a pod from a template, a ReplicaSet, ...).
    pub fn create_object(&mut self, obj: Object) -> Result<Object, ApiError> {
        crate::heap::grow_ahead();
        let obj = match obj {
            Object::Pod(p) => {
                let mut pod = p.into_inner();
                super::fast_pod::default_simple(&mut pod);
                if super::fast_pod::eligible(&pod) {
                    return self.create_pod_fast(pod);
                }
                Object::Pod(crate::api::ObjBox::new(pod))
            }
            other => other,
        };
        let kind = obj.kind();
        self.create_value(kind, obj.to_value(), false)
    }

    /// PUT: replaces an object with `value` (already strictly decoded). The stored status is kept
    /// unless `status_update`.
    pub fn update_value(&mut self, kind: Kind, value: Value, dry_run: bool) -> Result<Object, ApiError> {
        let Value::Object(mut obj) = value else {
            return Err(ApiError::BadRequest("the object provided is not a JSON object".into()));
        };
        put(&mut obj, "apiVersion", Value::String(kind.api_version().into()));
        put(&mut obj, "kind", Value::String(kind.name().into()));
        convert_to_internal(kind, &mut obj)?;
        let name = str_at(&obj, &["metadata", "name"]).unwrap_or("").to_string();
        let namespace = if kind.namespaced() {
            let ns = str_at(&obj, &["metadata", "namespace"]).unwrap_or("").to_string();
            if ns.is_empty() {
                "default".to_string()
            } else {
                ns
            }
        } else {
            String::new()
        };
        let Some(old) = self.store.get(kind, &Key::new(namespace.clone(), name.clone())).cloned() else {
            return Err(ApiError::not_found(kind, &name));
        };
        let old_value = old.to_value();
        let Value::Object(old_map) = &old_value else {
            return Err(ApiError::not_found(kind, &name));
        };
        let om = old.meta();
        with_meta(&mut obj, |m| {
            if kind.namespaced() {
                put(m, "namespace", Value::String(namespace));
            }
            put(m, "uid", Value::String(om.uid.clone()));
            if let Some(t) = om.creation_timestamp {
                put(m, "creationTimestamp", Value::String(t.rfc3339()));
            }
            match om.deletion_timestamp {
                Some(t) => m.insert("deletionTimestamp".into(), Value::String(t.rfc3339())),
                None => m.remove("deletionTimestamp"),
            };
            if let Some(g) = om.deletion_grace_period_seconds {
                put(m, "deletionGracePeriodSeconds", Value::from(g));
            }
            put(m, "generation", Value::from(om.generation));
            m.remove("resourceVersion");
        });
        defaults::apply_defaults(kind, &mut obj);
        // The Service registry keeps and allocates cluster IPs and node ports first (services/).
        if kind == Kind::Service {
            self.allocate_service(&mut obj, Some(old_map), dry_run)?;
        }
        if kind == Kind::Pod {
            strategy::admit_pod_update(&mut obj, old_map);
        }
        strategy::prepare_for_update(kind, &mut obj, old_map);
        let errors = validate::validate_update(kind, &Value::Object(obj.clone()), &Value::Object(old_map.clone()));
        if !errors.is_empty() {
            return Err(ApiError::invalid(kind, &name, errors));
        }
        defaults::normalize_omitempty(kind, &mut obj);
        let object = Object::from_value(kind, Value::Object(obj))
            .map_err(|e| ApiError::Other { reason: "InternalError".into(), message: e })?;
        if dry_run {
            return Ok(object);
        }
        self.write_update(old, object)
    }

    /// Writes a controller's new version of an object (spec, metadata or status).
    pub fn update_object(&mut self, mut obj: Object) -> Result<Object, ApiError> {
        let kind = obj.kind();
        let Some(old) = self.store.get_named(kind, obj.namespace(), obj.name()) else {
            return Err(ApiError::not_found(kind, obj.name()));
        };
        if old.meta().uid != obj.meta().uid {
            return Err(ApiError::Conflict {
                resource: kind.group_resource(),
                name: obj.name().to_string(),
                reason: "the object has been modified; please apply your changes to the latest version and try again"
                    .into(),
            });
        }
        obj.meta_mut().resource_version = old.meta().resource_version.clone();
        if &obj == old {
            return Ok(obj);
        }
        // The kind's PrepareForUpdate: a spec change bumps the generation (unless the writer did).
        if obj.meta().generation == old.meta().generation && spec_changed(old, &obj) {
            let g = old.meta().generation + 1;
            obj.meta_mut().generation = g;
        }
        Ok(self.write_changed(obj))
    }

    /// Stores `new` over the stored object unless nothing changed; an object being deleted whose
    /// last finalizer went is removed.
    fn write_update(&mut self, old: Object, mut new: Object) -> Result<Object, ApiError> {
        new.meta_mut().resource_version = old.meta().resource_version.clone();
        if new == old {
            return Ok(old);
        }
        Ok(self.write_changed(new))
    }

    /// Writes an object known to differ from the stored one.
    fn write_changed(&mut self, new: Object) -> Object {
        let deleting = new.meta().deletion_timestamp.is_some();
        if deleting && new.meta().finalizers.is_empty() && !self.held_by_grace(&new) {
            let r = ObjRef::of(&new);
            if let Some(change) = self.store.remove(&r) {
                self.notify(&change);
            }
            return new;
        }
        let change = self.store.put(new);
        self.notify(&change);
        change.new.unwrap_or_else(|| Object::Namespace(crate::api::ObjBox::default()))
    }

    /// `ShouldDeleteDuringUpdate`: an update that leaves an object being deleted without
    /// finalizers removes it, unless its graceful deletion is still under way (a pod whose kubelet
    /// has not yet stopped it and deleted it with a zero grace period).
    fn held_by_grace(&self, obj: &Object) -> bool {
        obj.meta().deletion_grace_period_seconds.unwrap_or(0) > 0
    }

    /// DELETE: removes an object, or marks it deleted while finalizers, a grace period or
    /// foreground/orphan propagation hold it.
    pub fn delete(
        &mut self,
        target: &ObjRef,
        propagation: Option<Propagation>,
        grace_seconds: Option<i64>,
    ) -> Result<Object, ApiError> {
        let Some(obj) = self.store.get_ref(target).cloned() else {
            return Err(ApiError::not_found(target.kind, &target.key.name));
        };
        if target.kind == Kind::Namespace && SYSTEM_NAMESPACE_PROTECTED.contains(&target.key.name.as_str()) {
            return Err(ApiError::Forbidden {
                resource: "namespaces".into(),
                name: target.key.name.clone(),
                reason: "this namespace may not be deleted".into(),
            });
        }
        let mut updated = obj.clone();
        let now = self.now_time();
        let propagation = propagation.unwrap_or(Propagation::Background);
        {
            let m = updated.meta_mut();
            match propagation {
                Propagation::Foreground if !m.finalizers.iter().any(|f| f == FOREGROUND_FINALIZER) => {
                    m.finalizers.push(FOREGROUND_FINALIZER.into());
                }
                Propagation::Orphan if !m.finalizers.iter().any(|f| f == ORPHAN_FINALIZER) => {
                    m.finalizers.push(ORPHAN_FINALIZER.into());
                }
                _ => {}
            }
        }
        if let Object::Pod(p) = updated {
            return Ok(self.delete_pod(target, p.into_inner(), grace_seconds, obj));
        }
        if updated.meta().finalizers.is_empty() {
            if let Some(change) = self.store.remove(target) {
                self.notify(&change);
            }
            return Ok(updated);
        }
        if updated.meta().deletion_timestamp.is_none() {
            let m = updated.meta_mut();
            m.deletion_timestamp = Some(now);
            m.deletion_grace_period_seconds = Some(0);
        }
        if updated != obj {
            let change = self.store.put(updated.clone());
            self.notify(&change);
        }
        Ok(updated)
    }
}

impl Cluster {
    /// `names.SimpleNameGenerator` with RetryGenerateName: the prefix plus 5 random characters,
    /// drawn again (up to 8 draws in all) while an object of that name exists.
    pub(crate) fn generate_name(&mut self, kind: Kind, namespace: &str, prefix: &str) -> String {
        let mut name = format!("{prefix}{}", self.rng.string_from(NAME_ALPHABET, 5));
        for _ in 1..MAX_NAME_GENERATION_ATTEMPTS {
            if self.store.get_named(kind, namespace, &name).is_none() {
                break;
            }
            name = format!("{prefix}{}", self.rng.string_from(NAME_ALPHABET, 5));
        }
        name
    }

    /// Sets the most pods the cluster holds (0: no limit). Creating a pod beyond it is refused
    /// (see [`pod_limit_refusal`]); the default is [`DEFAULT_POD_LIMIT`].
    pub fn set_pod_limit(&mut self, limit: usize) {
        self.store.set_pod_limit(limit);
    }

    /// The playground's pod limit as an admission check of a pod create.
    pub(crate) fn admit_pod_limit(&self, name: &str) -> Result<(), ApiError> {
        match pod_limit_refusal(&self.store, 0) {
            Some(reason) => {
                Err(ApiError::Forbidden { resource: Kind::Pod.group_resource(), name: name.into(), reason })
            }
            None => Ok(()),
        }
    }

    /// DELETE of a pod: pods delete gracefully (`rest.BeforeDelete` with the pod strategy's
    /// `CheckGracefulDelete`). A new deletion writes `deletionTimestamp` and
    /// `deletionGracePeriodSeconds` first: the pod's grace period if it is bound and not terminal,
    /// else 0. A pod already being deleted changes only for a shorter grace period, its
    /// `deletionTimestamp` moved to match. The pod goes once its grace period is 0 and no
    /// finalizer is left; until then its kubelet stops it and deletes it with a zero grace period.
    fn delete_pod(
        &mut self,
        target: &ObjRef,
        mut pod: crate::api::pod::Pod,
        grace_seconds: Option<i64>,
        stored: Object,
    ) -> Object {
        // CheckGracefulDelete: the grace period asked for, else the pod's own; 0 for a pod that
        // is not bound or already terminal; a negative one counts as 1s.
        let mut period = grace_seconds.or(pod.spec.termination_grace_period_seconds).unwrap_or(30);
        if pod.spec.node_name.is_empty() || pod.is_terminal() {
            period = 0;
        }
        if period < 0 {
            period = 1;
        }
        match pod.metadata.deletion_timestamp {
            Some(at) => {
                let current = pod.metadata.deletion_grace_period_seconds.unwrap_or(0);
                if current > 0 {
                    if period >= current {
                        // A graceful deletion is pending: nothing changes.
                        return stored;
                    }
                    pod.metadata.deletion_timestamp = Some(Time(at.0 - current * 1000 + period * 1000));
                    pod.metadata.deletion_grace_period_seconds = Some(period);
                }
            }
            None => {
                pod.metadata.deletion_timestamp = Some(Time(self.now_time().0 + period * 1000));
                pod.metadata.deletion_grace_period_seconds = Some(period);
            }
        }
        let gone = pod.metadata.deletion_grace_period_seconds.unwrap_or(0) == 0 && pod.metadata.finalizers.is_empty();
        let updated = Object::Pod(crate::api::ObjBox::new(pod));
        let written = if updated == stored {
            updated
        } else {
            let change = self.store.put(updated);
            self.notify(&change);
            change.new.unwrap_or(stored)
        };
        if gone {
            if let Some(change) = self.store.remove(target) {
                self.notify(&change);
            }
        }
        written
    }
}

/// Namespaces the NamespaceLifecycle admission plugin refuses to delete.
const SYSTEM_NAMESPACE_PROTECTED: [&str; 3] = ["default", "kube-public", "kube-system"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rollback_annotation_must_be_an_int64_and_reads_back_as_one() {
        // (annotation value, what it reads back as, or the end of the decode error)
        let cases = [
            ("3", Ok("3")),
            ("+07", Ok("7")),
            ("-1", Ok("-1")),
            ("", Ok("")),
            ("previous", Err("parsing \"previous\": invalid syntax")),
            (" 1", Err("parsing \" 1\": invalid syntax")),
            ("1_000", Err("parsing \"1_000\": invalid syntax")),
            ("-", Err("parsing \"-\": invalid syntax")),
            ("9223372036854775808", Err("parsing \"9223372036854775808\": value out of range")),
        ];
        for (value, want) in cases {
            let mut obj: Map<String, Value> = crate::json::from_value(crate::json::json!({
                "metadata": {"name": "web", "annotations": {ROLLBACK_TO_ANNOTATION: value}}
            }))
            .unwrap();
            let got = convert_to_internal(Kind::Deployment, &mut obj)
                .map(|()| obj["metadata"]["annotations"][ROLLBACK_TO_ANNOTATION].as_str().unwrap_or("").to_string());
            match (got, want) {
                (Ok(v), Ok(w)) => assert_eq!(v, w, "{value:?}"),
                (Err(e), Err(w)) => {
                    let m = e.message();
                    assert!(m.starts_with(&format!("Deployment in version \"v1\" cannot be handled as a Deployment: failed to parse annotation[deprecated.deployment.rollback.to]={value} as int64: strconv.ParseInt: ")), "{m}");
                    assert!(m.ends_with(w), "{m}");
                    assert_eq!(e.reason(), "BadRequest");
                }
                (got, want) => panic!("{value:?}: got {got:?}, want {want:?}"),
            }
        }
        // Other kinds keep the annotation as it is.
        let mut obj: Map<String, Value> =
            crate::json::from_value(crate::json::json!({"metadata": {"annotations": {ROLLBACK_TO_ANNOTATION: "x"}}}))
                .unwrap();
        assert!(convert_to_internal(Kind::ReplicaSet, &mut obj).is_ok());
    }
}

#[cfg(test)]
mod pod_tests {
    use crate::json::json;

    use super::*;

    /// A pod `p` (bound to worker-1 if `bound`), `phase` written as its status, with `finalizers`,
    /// and already deleted with `deleting` seconds of grace if set.
    fn pod(c: &mut Cluster, bound: bool, phase: &str, finalizers: &[&str], deleting: Option<i64>) -> ObjRef {
        let mut spec = json!({"containers": [{"name": "c", "image": "nginx"}]});
        if bound {
            spec["nodeName"] = json!("worker-1");
        }
        let v = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "finalizers": finalizers}, "spec": spec});
        c.create_value(Kind::Pod, v, false).unwrap();
        let r = ObjRef::new(Kind::Pod, "default", "p");
        let Some(Object::Pod(mut p)) = c.store.get_ref(&r).cloned() else { panic!("no pod") };
        p.status.phase = phase.into();
        if let Some(grace) = deleting {
            p.metadata.deletion_timestamp = Some(Time(c.now_time().0 + grace * 1000));
            p.metadata.deletion_grace_period_seconds = Some(grace);
        }
        c.update_object(Object::Pod(p)).unwrap();
        r
    }

    /// (bound, phase, finalizers, already deleting with grace, grace asked for, expected).
    type Case = (bool, &'static str, &'static [&'static str], Option<i64>, Option<i64>, Option<(i64, i64)>);

    #[test]
    fn a_pod_delete_follows_check_graceful_delete_and_only_ever_shortens_a_pending_grace_period() {
        // (bound, phase, finalizers, already deleting with grace, grace asked for,
        //  then: deletionGracePeriodSeconds and deletionTimestamp in seconds from now, or None once gone)
        let cases: [Case; 10] = [
            (true, "Running", &[], None, None, Some((30, 30))),
            (true, "Running", &[], None, Some(5), Some((5, 5))),
            (true, "Running", &[], None, Some(-5), Some((1, 1))),
            (true, "Running", &[], None, Some(0), None),
            (false, "Pending", &[], None, None, None),
            (false, "Pending", &["example.com/keep"], None, None, Some((0, 0))),
            (true, "Running", &[], Some(30), Some(10), Some((10, 10))),
            (true, "Running", &[], Some(30), None, Some((30, 30))),
            (true, "Succeeded", &[], Some(30), None, None),
            (true, "Failed", &["example.com/keep"], Some(30), None, Some((0, 0))),
        ];
        for (bound, phase, finalizers, deleting, asked, want) in cases {
            let mut c = Cluster::new(1);
            let r = pod(&mut c, bound, phase, finalizers, deleting);
            c.delete(&r, None, asked).unwrap();
            let start = c.now_time().0;
            let got = c.store.get_ref(&r).map(|o| {
                let m = o.meta();
                let at = m.deletion_timestamp.map_or(-1, |t| (t.0 - start) / 1000);
                (m.deletion_grace_period_seconds.unwrap_or(-1), at)
            });
            assert_eq!(got, want, "bound {bound}, {phase}, {finalizers:?}, deleting {deleting:?}, asked {asked:?}");
        }
    }

    #[test]
    fn the_pod_limit_refuses_the_next_pod_and_its_hint_names_the_limit_set() {
        let mut c = Cluster::new(1);
        c.set_pod_limit(2);
        let pod = |name: &str| json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}});
        assert!(c.create_value(Kind::Pod, pod("a"), false).is_ok());
        assert!(c.create_value(Kind::Pod, pod("b"), false).is_ok());
        let Err(e) = c.create_value(Kind::Pod, pod("c"), false) else { panic!("the third pod was created") };
        assert_eq!(e.reason(), "Forbidden");
        assert_eq!(
            e.message(),
            "pods \"c\" is forbidden: exceeded quota: playground-pod-limit, requested: pods=1, used: pods=2, limited: pods=2"
        );
        assert!(e.hint().is_some_and(|h| h.contains("kubeplay keeps at most 2 pods")), "{:?}", e.hint());
        c.set_pod_limit(0);
        assert!(c.create_value(Kind::Pod, pod("c"), false).is_ok(), "0 is no limit");
    }
}
