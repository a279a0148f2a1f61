//! apps/v1 kinds: ReplicaSet, Deployment, DaemonSet and ControllerRevision
//! (pkg/apis/apps/validation and the selector-immutability rule of the apps registry strategies).

use crate::json::Value;

use super::meta::{selector_from, validate_label_selector, validate_object_meta, validate_object_meta_update};
use super::names::{is_valid_percent, name_is_dns_subdomain};
use super::path::Path;
use super::pod::{template_labels, validate_pod_template_spec};
use super::value::push;
use super::value::{
    forbidden, get, get_i64, get_obj, go_map_dump, i64_of, invalid, label_selector_dump, opt_label_selector_dump,
    required, semantic, str_of, IntOrString,
};
use crate::manifest::field::{go_quote, FieldError};

/// `ValidateNonnegativeField` for an optional int field.
pub(crate) fn nonnegative(v: &Value, key: &str, p: &Path) -> Vec<FieldError> {
    match get_i64(v, key) {
        Some(n) if n < 0 => push::one(invalid(&p.child(key), n.to_string(), "must be greater than or equal to 0")),
        _ => Vec::new(),
    }
}

/// `ValidatePodTemplateSpecForReplicaSet` (also used by Deployment, which is why a Deployment's
/// error says "in ReplicaSet"), and the DaemonSet variant through `kind_word`.
fn validate_template_for_controller(
    template: &Value,
    selector: Option<&super::meta::Selector>,
    p: &Path,
    kind_word: &str,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let labels = template_labels(template);
    if let Some(sel) = selector {
        if !sel.is_empty() && !sel.matches(labels.as_deref().unwrap_or(&[])) {
            push::invalid(
                &mut errs,
                &p.child("metadata"),
                "labels",
                go_map_dump(labels.as_deref()),
                "`selector` does not match template `labels`",
            );
        }
    }
    errs.extend(validate_pod_template_spec(template, p));
    errs.extend(restart_always_and_no_deadline(template, p, kind_word));
    errs
}

/// The controller template rules: `restartPolicy` must be Always and `activeDeadlineSeconds` unset.
pub(crate) fn restart_always_and_no_deadline(template: &Value, p: &Path, kind_word: &str) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let empty = Value::Null;
    let spec = get_obj(template, "spec").unwrap_or(&empty);
    let sp = p.child("spec");
    let restart = str_of(spec, "restartPolicy");
    if restart != "Always" {
        push::not_supported(&mut errs, &sp, "restartPolicy", restart, &["Always"]);
    }
    if get(spec, "activeDeadlineSeconds").is_some() {
        push::forbidden(
            &mut errs,
            &sp,
            "activeDeadlineSeconds",
            &format!("activeDeadlineSeconds in {kind_word} is not Supported"),
        );
    }
    errs
}

/// The selector checks shared by ReplicaSet and Deployment (`ValidateReplicaSetSpec`,
/// `ValidateDeploymentSpec`), then the template when the selector converts.
fn validate_selector_and_template(spec: &Value, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let sel = get_obj(spec, "selector");
    match sel {
        None => push::required(&mut errs, p, "selector", ""),
        Some(s) => {
            errs.extend(validate_label_selector(Some(s), &p.child("selector")));
            if super::value::arr(s, "matchExpressions").is_empty()
                && super::value::str_map(s, "matchLabels").unwrap_or_default().is_empty()
            {
                push::invalid(
                    &mut errs,
                    p,
                    "selector",
                    label_selector_dump(s),
                    "empty selector is invalid for deployment",
                );
            }
        }
    }
    let empty = Value::Null;
    let template = get_obj(spec, "template").unwrap_or(&empty);
    match selector_from(sel) {
        None => push::invalid(&mut errs, p, "selector", opt_label_selector_dump(sel), "invalid label selector"),
        Some(selector) => {
            errs.extend(validate_template_for_controller(template, Some(&selector), &p.child("template"), "ReplicaSet"))
        }
    }
    errs
}

/// `ValidateReplicaSetSpec`.
fn validate_replica_set_spec(spec: &Value, p: &Path) -> Vec<FieldError> {
    let mut errs = nonnegative(spec, "replicas", p);
    errs.extend(nonnegative(spec, "minReadySeconds", p));
    errs.extend(validate_selector_and_template(spec, p));
    errs
}

fn spec_of(obj: &Value) -> &Value {
    static EMPTY: Value = Value::Null;
    get_obj(obj, "spec").unwrap_or(&EMPTY)
}

/// `ValidateReplicaSet`.
pub(crate) fn validate_replica_set(obj: &Value) -> Vec<FieldError> {
    let mut errs = validate_object_meta(obj, true, name_is_dns_subdomain, &Path::new("metadata"));
    errs.extend(validate_replica_set_spec(spec_of(obj), &Path::new("spec")));
    errs
}

/// The apps/v1 selector-immutability check of the registry strategies; the value shown is the
/// new selector.
fn selector_immutable(obj: &Value, old: &Value) -> Vec<FieldError> {
    let new_sel = get_obj(spec_of(obj), "selector");
    let old_sel = get_obj(spec_of(old), "selector");
    if semantic(new_sel) != semantic(old_sel) {
        push::one(invalid(&Path::new("spec").child("selector"), opt_label_selector_dump(new_sel), "field is immutable"))
    } else {
        Vec::new()
    }
}

/// The ReplicaSet strategy's `ValidateUpdate`: create validation, update validation, then the
/// selector rule.
pub(crate) fn validate_replica_set_update(obj: &Value, old: &Value) -> Vec<FieldError> {
    let mut errs = validate_replica_set(obj);
    errs.extend(validate_object_meta_update(obj, old, &Path::new("metadata")));
    errs.extend(validate_replica_set_spec(spec_of(obj), &Path::new("spec")));
    errs.extend(selector_immutable(obj, old));
    errs
}

/// A `maxSurge`/`maxUnavailable` value; absent reads as the int 0, as the v1 conversion does.
fn int_or_percent(v: &Value, key: &str) -> IntOrString {
    IntOrString::from_value(get(v, key)).unwrap_or(IntOrString::Int(0))
}

/// `ValidatePositiveIntOrPercent`.
fn validate_positive_int_or_percent(v: &IntOrString, p: &Path) -> Vec<FieldError> {
    match v {
        IntOrString::Str(s) => is_valid_percent(s).into_iter().map(|m| invalid(p, v.go_dump(), &m)).collect(),
        IntOrString::Int(i) if *i < 0 => push::one(invalid(p, i.to_string(), "must be greater than or equal to 0")),
        IntOrString::Int(_) => Vec::new(),
    }
}

/// `getPercentValue`.
fn percent_value(v: &IntOrString) -> Option<i64> {
    match v {
        IntOrString::Str(s) if is_valid_percent(s).is_empty() => s.trim_end_matches('%').parse().ok().or(Some(0)),
        _ => None,
    }
}

/// `getIntOrPercentValue` (a non-percent string counts as `strconv.Atoi` of it, 0 on error).
fn int_or_percent_value(v: &IntOrString) -> i64 {
    if let Some(p) = percent_value(v) {
        return p;
    }
    match v {
        IntOrString::Int(i) => *i,
        IntOrString::Str(s) => s.parse().unwrap_or(0),
    }
}

/// `IsNotMoreThan100Percent`.
fn not_more_than_100_percent(v: &IntOrString, p: &Path) -> Vec<FieldError> {
    match percent_value(v) {
        Some(pct) if pct > 100 => push::one(invalid(p, v.go_dump(), "must not be greater than 100%")),
        _ => Vec::new(),
    }
}

/// `ValidateRollingUpdateDeployment`.
fn validate_rolling_update_deployment(ru: &Value, p: &Path) -> Vec<FieldError> {
    let max_unavailable = int_or_percent(ru, "maxUnavailable");
    let max_surge = int_or_percent(ru, "maxSurge");
    let mut errs = validate_positive_int_or_percent(&max_unavailable, &p.child("maxUnavailable"));
    errs.extend(validate_positive_int_or_percent(&max_surge, &p.child("maxSurge")));
    if int_or_percent_value(&max_unavailable) == 0 && int_or_percent_value(&max_surge) == 0 {
        push::invalid(&mut errs, p, "maxUnavailable", max_unavailable.go_dump(), "may not be 0 when `maxSurge` is 0");
    }
    errs.extend(not_more_than_100_percent(&max_unavailable, &p.child("maxUnavailable")));
    errs
}

/// Go's `%#v` of an apps strategy struct (`apps.DeploymentStrategy{...}`); a set pointer prints
/// as an address upstream, shown here with a fixed stand-in.
fn strategy_dump(type_name: &str, ru_type: &str, strategy: &Value) -> String {
    let ru = if get(strategy, "rollingUpdate").is_some() {
        format!("(*apps.{ru_type})(0xc000a1b2d0)")
    } else {
        format!("(*apps.{ru_type})(nil)")
    };
    format!("apps.{type_name}{{Type:{}, RollingUpdate:{ru}}}", go_quote(str_of(strategy, "type")))
}

/// `ValidateDeploymentStrategy`.
fn validate_deployment_strategy(strategy: &Value, p: &Path) -> Vec<FieldError> {
    match str_of(strategy, "type") {
        "Recreate" => {
            if get(strategy, "rollingUpdate").is_some() {
                push::one(forbidden(
                    &p.child("rollingUpdate"),
                    "may not be specified when strategy `type` is 'Recreate'",
                ))
            } else {
                Vec::new()
            }
        }
        "RollingUpdate" => match get_obj(strategy, "rollingUpdate") {
            None => push::one(required(&p.child("rollingUpdate"), "this should be defaulted and never be nil")),
            Some(ru) => validate_rolling_update_deployment(ru, &p.child("rollingUpdate")),
        },
        _ => push::one(invalid_not_supported(
            p,
            strategy_dump("DeploymentStrategy", "RollingUpdateDeployment", strategy),
            &["Recreate", "RollingUpdate"],
        )),
    }
}

/// `field.NotSupported` with an already formatted value.
fn invalid_not_supported(p: &Path, value: String, supported: &[&str]) -> FieldError {
    FieldError::not_supported(p.as_str(), value, supported)
}

/// The revision of the `deprecated.deployment.rollback.to` annotation, which the apps/v1
/// conversion turns into the internal `spec.rollbackTo` (a value that is no int64 is refused
/// earlier, when the apiserver decodes the request).
fn rollback_to(obj: &Value) -> Option<i64> {
    let v = obj.get("metadata")?.get("annotations")?.get("deprecated.deployment.rollback.to")?.as_str()?;
    v.parse().ok()
}

/// `ValidateDeploymentSpec`; `rollback_to` is the internal `spec.rollbackTo.revision`.
fn validate_deployment_spec(spec: &Value, rollback_to: Option<i64>, p: &Path) -> Vec<FieldError> {
    let mut errs = nonnegative(spec, "replicas", p);
    errs.extend(validate_selector_and_template(spec, p));
    let empty = Value::Null;
    errs.extend(validate_deployment_strategy(get_obj(spec, "strategy").unwrap_or(&empty), &p.child("strategy")));
    errs.extend(nonnegative(spec, "minReadySeconds", p));
    errs.extend(nonnegative(spec, "revisionHistoryLimit", p));
    // `ValidateRollback`.
    if let Some(revision) = rollback_to.filter(|r| *r < 0) {
        push::invalid(
            &mut errs,
            &p.child("rollback"),
            "version",
            revision.to_string(),
            "must be greater than or equal to 0",
        );
    }
    if let Some(pds) = get_i64(spec, "progressDeadlineSeconds") {
        errs.extend(nonnegative(spec, "progressDeadlineSeconds", p));
        if pds <= i64_of(spec, "minReadySeconds") {
            push::invalid(
                &mut errs,
                p,
                "progressDeadlineSeconds",
                pds.to_string(),
                "must be greater than minReadySeconds",
            );
        }
    }
    errs
}

/// `ValidateDeployment`.
pub(crate) fn validate_deployment(obj: &Value) -> Vec<FieldError> {
    let mut errs = validate_object_meta(obj, true, name_is_dns_subdomain, &Path::new("metadata"));
    errs.extend(validate_deployment_spec(spec_of(obj), rollback_to(obj), &Path::new("spec")));
    errs
}

/// The Deployment strategy's `ValidateUpdate`.
pub(crate) fn validate_deployment_update(obj: &Value, old: &Value) -> Vec<FieldError> {
    let mut errs = validate_object_meta_update(obj, old, &Path::new("metadata"));
    errs.extend(validate_deployment_spec(spec_of(obj), rollback_to(obj), &Path::new("spec")));
    errs.extend(selector_immutable(obj, old));
    errs
}

/// `ValidateRollingUpdateDaemonSet`.
fn validate_rolling_update_daemon_set(ru: &Value, p: &Path) -> Vec<FieldError> {
    let max_unavailable = int_or_percent(ru, "maxUnavailable");
    let max_surge = int_or_percent(ru, "maxSurge");
    let mut errs = validate_positive_int_or_percent(&max_unavailable, &p.child("maxUnavailable"));
    errs.extend(validate_positive_int_or_percent(&max_surge, &p.child("maxSurge")));
    errs.extend(not_more_than_100_percent(&max_unavailable, &p.child("maxUnavailable")));
    errs.extend(not_more_than_100_percent(&max_surge, &p.child("maxSurge")));
    let has_unavailable = int_or_percent_value(&max_unavailable) != 0;
    let has_surge = int_or_percent_value(&max_surge) != 0;
    if has_unavailable && has_surge {
        push::invalid(&mut errs, p, "maxSurge", max_surge.go_dump(), "may not be set when maxUnavailable is non-zero");
    } else if !has_unavailable && !has_surge {
        push::required(&mut errs, p, "maxUnavailable", "cannot be 0 when maxSurge is 0");
    }
    errs
}

/// `ValidateDaemonSetUpdateStrategy`.
fn validate_daemon_set_update_strategy(strategy: &Value, p: &Path) -> Vec<FieldError> {
    match str_of(strategy, "type") {
        "OnDelete" => Vec::new(),
        "RollingUpdate" => match get_obj(strategy, "rollingUpdate") {
            None => push::one(required(&p.child("rollingUpdate"), "")),
            Some(ru) => validate_rolling_update_daemon_set(ru, &p.child("rollingUpdate")),
        },
        _ => push::one(invalid_not_supported(
            p,
            strategy_dump("DaemonSetUpdateStrategy", "RollingUpdateDaemonSet", strategy),
            &["RollingUpdate", "OnDelete"],
        )),
    }
}

/// `ValidateDaemonSetSpec`. A missing selector is not reported by itself; it only fails to
/// match the template labels.
fn validate_daemon_set_spec(spec: &Value, p: &Path) -> Vec<FieldError> {
    let sel = get_obj(spec, "selector");
    let mut errs = validate_label_selector(sel, &p.child("selector"));
    let empty = Value::Null;
    let template = get_obj(spec, "template").unwrap_or(&empty);
    let labels = template_labels(template);
    if let Some(selector) = selector_from(sel) {
        if !selector.matches(labels.as_deref().unwrap_or(&[])) {
            push::invalid(
                &mut errs,
                &p.child("template").child("metadata"),
                "labels",
                go_map_dump(labels.as_deref()),
                "`selector` does not match template `labels`",
            );
        }
    }
    if let Some(s) = sel {
        if super::value::arr(s, "matchExpressions").is_empty()
            && super::value::str_map(s, "matchLabels").unwrap_or_default().is_empty()
        {
            push::invalid(&mut errs, p, "selector", label_selector_dump(s), "empty selector is invalid for daemonset");
        }
    }
    errs.extend(validate_pod_template_spec(template, &p.child("template")));
    errs.extend(restart_always_and_no_deadline(template, &p.child("template"), "DaemonSet"));
    errs.extend(nonnegative(spec, "minReadySeconds", p));
    errs.extend(validate_daemon_set_update_strategy(
        get_obj(spec, "updateStrategy").unwrap_or(&empty),
        &p.child("updateStrategy"),
    ));
    errs.extend(nonnegative(spec, "revisionHistoryLimit", p));
    errs
}

/// `ValidateDaemonSet`.
pub(crate) fn validate_daemon_set(obj: &Value) -> Vec<FieldError> {
    let mut errs = validate_object_meta(obj, true, name_is_dns_subdomain, &Path::new("metadata"));
    errs.extend(validate_daemon_set_spec(spec_of(obj), &Path::new("spec")));
    errs
}

/// The DaemonSet strategy's `ValidateUpdate` (the internal `templateGeneration` rules are not
/// visible through apps/v1 and are left out).
pub(crate) fn validate_daemon_set_update(obj: &Value, old: &Value) -> Vec<FieldError> {
    let mut errs = validate_daemon_set(obj);
    errs.extend(validate_object_meta_update(obj, old, &Path::new("metadata")));
    errs.extend(validate_daemon_set_spec(spec_of(obj), &Path::new("spec")));
    errs.extend(selector_immutable(obj, old));
    errs
}

/// `ValidateControllerRevision`.
pub(crate) fn validate_controller_revision(obj: &Value) -> Vec<FieldError> {
    let mut errs = validate_object_meta(obj, true, name_is_dns_subdomain, &Path::new("metadata"));
    if get(obj, "data").is_none() {
        push::required(&mut errs, &Path::new("data"), "", "data is mandatory");
    }
    errs.extend(nonnegative(obj, "revision", &Path::new("")));
    errs
}

/// Go's `%#v` of the `runtime.RawExtension` holding `data` (its bytes are the JSON as sent; the
/// compact re-encoding is shown here).
fn raw_extension_dump(data: Option<&Value>) -> String {
    let bytes = data.map(|d| crate::json::to_vec(d).unwrap_or_default()).unwrap_or_default();
    if bytes.is_empty() {
        return "runtime.RawExtension{Raw:[]uint8(nil), Object:runtime.Object(nil)}".to_string();
    }
    let hex: Vec<String> = bytes.iter().map(|b| format!("0x{b:x}")).collect();
    format!("runtime.RawExtension{{Raw:[]uint8{{{}}}, Object:runtime.Object(nil)}}", hex.join(", "))
}

/// `ValidateControllerRevisionUpdate`: only metadata and `revision` may change.
pub(crate) fn validate_controller_revision_update(obj: &Value, old: &Value) -> Vec<FieldError> {
    let mut errs = validate_object_meta_update(obj, old, &Path::new("metadata"));
    errs.extend(validate_controller_revision(obj));
    if semantic(get(obj, "data")) != semantic(get(old, "data")) {
        push::invalid(&mut errs, &Path::new("data"), "", raw_extension_dump(get(obj, "data")), "field is immutable");
    }
    errs
}
