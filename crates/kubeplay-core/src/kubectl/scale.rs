//! `kubectl scale`: `--replicas` sent to the scale subresource of Deployments, ReplicaSets and
//! ReplicationControllers (as kubectl's scale.go and pkg/scale do it: a merge patch, or with
//! `--current-replicas`/`--resource-version` a read, a precondition check and an update), with
//! `--timeout` waiting on virtual time for the status to follow.

use crate::json::Value;

use super::args::{self, Flag};
use super::json::{obj, Put};
use super::mutate::{self, DryRun, Request};
use super::patch::gofmt::go_compact;
use super::{fail, fail_cobra, fail_plain, namespace_of, CmdError, Io};
use crate::api::{Kind, Object};
use crate::cluster::{ApiError, Cluster};
use crate::manifest::field::{go_quote, FieldError};

const FLAGS: &[Flag] = &[
    Flag::string("output", Some('o')),
    Flag::string("template", None),
    Flag::bool("show-managed-fields", None),
    Flag::bool("allow-missing-template-keys", None),
    Flag::bool("record", None),
    Flag::bool("all", None),
    Flag::string("resource-version", None),
    Flag::int("current-replicas", None),
    Flag::int("replicas", None),
    Flag::duration("timeout"),
    Flag::array("filename", Some('f')),
    Flag::string("kustomize", Some('k')),
    Flag::bool("recursive", Some('R')),
    Flag::optional("dry-run", "unchanged"),
    Flag::string("selector", Some('l')),
];

/// `kubectl scale`.
pub fn run(cluster: &mut Cluster, _verb: &str, argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl scale", FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    mutate::warn_record(&p, argv, io);
    if let Some(e) = mutate::required_flags(cluster, &p, &["replicas"]) {
        return fail(io, e);
    }
    let dry = match mutate::dry_run(cluster, &p, io) {
        Ok(d) => d,
        Err(e) => return fail(io, e),
    };
    let out = match mutate::output(&p) {
        Ok(o) => o,
        Err(e) => return fail(io, e),
    };
    let replicas = p.int("replicas").unwrap_or(0);
    let current = p.int("current-replicas").unwrap_or(-1);
    if replicas < 0 {
        return fail_plain(
            io,
            "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0".into(),
        );
    }
    if current < -1 {
        return fail_plain(io, "The --current-replicas must specify an integer of -1 or greater".into());
    }
    if !p.all("filename").is_empty() {
        return fail_plain(io, "kubeplay: kubectl scale -f is not available in this playground; name the object (kubectl scale TYPE NAME --replicas=N)".into());
    }
    let ns = namespace_of(&p);
    let selected = match mutate::select(
        cluster,
        &Request {
            args: &p.args,
            all: p.flag("all"),
            selector: p.get("selector"),
            field_selector: None,
            all_namespaces: false,
            namespace: &ns,
        },
    ) {
        Ok(s) => s,
        Err(e) => return fail(io, e),
    };
    let resource_version = p.get("resource-version").unwrap_or("").to_string();
    if !resource_version.is_empty() && selected.objects.len() > 1 {
        return fail_plain(io, "cannot use --resource-version with multiple resources".into());
    }
    if selected.objects.is_empty() {
        let detail = match selected.errors.as_slice() {
            [] => String::new(),
            [CmdError::Api { err, .. }] => format!(" {}", err.message()),
            many => {
                let texts: Vec<String> = many
                    .iter()
                    .map(|e| match e {
                        CmdError::Api { err, .. } => err.message(),
                        other => format!("{other:?}"),
                    })
                    .collect();
                format!(" [{}]", texts.join(", "))
            }
        };
        return fail_plain(io, format!("no objects passed to scale{detail}"));
    }
    let precondition = current != -1 || !resource_version.is_empty();
    let timeout = p.duration_ms("timeout").and_then(|ms| u64::try_from(ms).ok()).unwrap_or(0);
    let cause = p.flag("record").then(|| mutate::change_cause(&["scale"], FLAGS, argv));
    for obj in &selected.objects {
        if dry == DryRun::Client {
            mutate::print(io, out, obj.kind(), &obj.to_printed_value(), "scaled", dry);
            continue;
        }
        let result = if precondition {
            scale_with_precondition(cluster, obj, replicas, current, &resource_version, dry)
        } else {
            scale_by_patch(cluster, obj, replicas, dry)
        };
        if let Err(e) = result {
            return fail(io, e);
        }
        if timeout > 0 && dry == DryRun::None {
            if let Err(e) = wait_for_replicas(cluster, obj, replicas, timeout) {
                return fail(io, e);
            }
        }
        if let Some(cause) = &cause {
            if let Some(stored) = cluster.store().get_ref(&crate::store::ObjRef::of(obj)).cloned() {
                let mut value = stored.to_value();
                mutate::record(&mut value, cause);
                let _ = cluster.update_value(obj.kind(), value, dry == DryRun::Server);
            }
        }
        mutate::print(io, out, obj.kind(), &obj.to_printed_value(), "scaled", dry);
    }
    mutate::finish_all(io, selected.errors)
}

/// Whether the kind has a `/scale` subresource here.
fn scalable(kind: Kind) -> bool {
    matches!(kind, Kind::Deployment | Kind::ReplicaSet | Kind::ReplicationController)
}

/// The apiserver's answer for a subresource it does not serve (go-restful's 404, as a Status).
fn not_found_text() -> CmdError {
    CmdError::Raw("Error from server (NotFound): the server could not find the requested resource".into())
}

/// The autoscaling/v1 Scale the subresource serves for an object (`scaleFromDeployment` and
/// friends), as JSON.
fn scale_of(obj: &Object) -> Value {
    let (spec, status, selector) = match obj {
        Object::Deployment(d) => {
            (d.spec.replicas.unwrap_or(1), d.status.replicas, d.spec.selector.to_selector_string())
        }
        Object::ReplicaSet(r) => {
            (r.spec.replicas.unwrap_or(1), r.status.replicas, r.spec.selector.to_selector_string())
        }
        Object::ReplicationController(r) => {
            let sel: Vec<String> = r.spec.selector.iter().map(|(k, v)| format!("{k}={v}")).collect();
            (r.spec.replicas.unwrap_or(1), r.status.replicas, sel.join(","))
        }
        _ => (0, 0, String::new()),
    };
    let meta = obj.meta();
    let mut metadata = obj! {"name": meta.name.as_str(), "namespace": meta.namespace.as_str(), "uid": meta.uid.as_str(), "resourceVersion": meta.resource_version.as_str()};
    if let Some(t) = meta.creation_timestamp {
        metadata["creationTimestamp"] = Value::String(t.rfc3339());
    }
    let mut status = obj! {"replicas": status};
    if !selector.is_empty() {
        status["selector"] = Value::String(selector);
    }
    let mut scale = obj! {"apiVersion": "autoscaling/v1", "kind": "Scale", "metadata": metadata, "status": status};
    if spec != 0 {
        scale["spec"] = obj! {"replicas": spec};
    } else {
        scale["spec"] = obj! {};
    }
    scale
}

/// `ScaleSimple` without preconditions: a merge patch `{"spec":{"replicas":N}}` on `/scale`.
fn scale_by_patch(cluster: &mut Cluster, obj: &Object, replicas: i64, dry: DryRun) -> Result<(), CmdError> {
    if !scalable(obj.kind()) {
        return Err(not_found_text());
    }
    let Ok(fitted) = i32::try_from(replicas) else {
        let mut scale = scale_of(obj);
        scale["spec"] = obj! {"replicas": replicas};
        return Err(CmdError::Raw(format!(
            "The request is invalid: patch: Invalid value: {}: json: cannot unmarshal number {replicas} into Go struct field ScaleSpec.spec.replicas of type int32",
            go_quote(&go_compact(&scale))
        )));
    };
    set_replicas(cluster, obj, fitted, dry)
}

/// `ScaleSimple` with preconditions: read the Scale, check it, update it (the count converted to
/// int32 on the client, wrapping as Go's conversion does).
fn scale_with_precondition(
    cluster: &mut Cluster,
    obj: &Object,
    replicas: i64,
    current: i64,
    resource_version: &str,
    dry: DryRun,
) -> Result<(), CmdError> {
    if !scalable(obj.kind()) {
        return Err(not_found_text());
    }
    let scale = scale_of(obj);
    let spec = scale.pointer("/spec/replicas").and_then(Value::as_i64).unwrap_or(0);
    if current != -1 && spec != current {
        return Err(CmdError::Plain(format!("Expected replicas to be {current}, was {spec}")));
    }
    let rv = &obj.meta().resource_version;
    if !resource_version.is_empty() && rv != resource_version {
        return Err(CmdError::Plain(format!("Expected resource version to be {resource_version}, was {rv}")));
    }
    let wrapped = replicas as i32;
    if wrapped < 0 {
        return Err(CmdError::Api {
            err: ApiError::Invalid {
                kind: "Scale".into(),
                group_kind: "Scale.autoscaling".into(),
                name: obj.name().to_string(),
                errors: vec![FieldError::invalid(
                    "spec.replicas",
                    wrapped.to_string(),
                    "must be greater than or equal to 0",
                )],
            },
            context: None,
        });
    }
    set_replicas(cluster, obj, wrapped, dry)
}

/// The scale registry's update: the object's `spec.replicas` set, then stored as any update.
fn set_replicas(cluster: &mut Cluster, obj: &Object, replicas: i32, dry: DryRun) -> Result<(), CmdError> {
    let mut value = obj.to_value();
    if let Some(spec) = value.get_mut("spec").and_then(Value::as_object_mut) {
        spec.put("replicas", Value::from(replicas));
    }
    cluster
        .update_value(obj.kind(), value, dry == DryRun::Server)
        .map(|_| ())
        .map_err(|err| CmdError::Api { err, context: None })
}

/// `WaitForScaleHasDesiredReplicas`: polls every second of virtual time until the status has
/// caught up, or `timeout` passes.
fn wait_for_replicas(cluster: &mut Cluster, obj: &Object, replicas: i64, timeout: u64) -> Result<(), CmdError> {
    let r = crate::store::ObjRef::of(obj);
    let mut waited = 0;
    loop {
        cluster.process_due();
        let Some(now) = cluster.store().get_ref(&r).cloned() else {
            return Err(CmdError::Api { err: ApiError::not_found(obj.kind(), obj.name()), context: None });
        };
        let scale = scale_of(&now);
        let spec = scale.pointer("/spec/replicas").and_then(Value::as_i64).unwrap_or(0);
        let status = scale.pointer("/status/replicas").and_then(Value::as_i64).unwrap_or(0);
        if spec != replicas || (spec == status && status == replicas) {
            return Ok(());
        }
        if waited >= timeout {
            return Err(CmdError::Plain(format!("timed out waiting for {} to be synced", go_quote(obj.name()))));
        }
        let step = 1000.min(timeout - waited);
        cluster.run_for(step);
        waited += step;
    }
}
