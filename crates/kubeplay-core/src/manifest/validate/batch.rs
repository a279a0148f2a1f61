//! batch/v1 kinds: Job (with its generated selector and labels) and CronJob
//! (pkg/apis/batch/validation as of v1.32: backoffLimitPerIndex, successPolicy, managedBy,
//! podReplacementPolicy, and TZ= schedules rejected on create).

use crate::json::put;
use crate::json::{Map, Value};

use super::apps::nonnegative;
use super::cron::{load_location, parse_schedule};
use super::meta::{selector_from, validate_label_selector, validate_object_meta, validate_object_meta_update};
use super::names::{is_dns1123_label, is_dns1123_subdomain, is_qualified_name, name_is_dns_subdomain, regex_error};
use super::path::Path;
use super::pod::{template_labels, validate_pod_template_spec};
use super::value::push;
use super::value::{
    arr, as_i64, get, get_bool, get_i64, get_obj, get_str, go_map_dump, invalid, invalid_each, invalid_str,
    label_selector_dump, opt_label_selector_dump, required, semantic, str_of, too_long, too_many,
};
use crate::manifest::field::{go_quote, ErrorType, FieldError};

const MAX_PARALLELISM_FOR_INDEXED_JOB: i64 = 100_000;
const MAX_FAILED_INDEXES_FOR_INDEXED_JOB: i64 = 100_000;
const COMPLETIONS_SOFT_LIMIT: i64 = 100_000;
const PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS: i64 = 10_000;
const MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS: i64 = 10_000;

fn spec_of(obj: &Value) -> &Value {
    static EMPTY: Value = Value::Null;
    get_obj(obj, "spec").unwrap_or(&EMPTY)
}

fn empty() -> &'static Value {
    static EMPTY: Value = Value::Null;
    &EMPTY
}

/// `field.Invalid` with `field.OmitValueType{}`: no value is printed.
fn invalid_omit(p: &Path, detail: &str) -> FieldError {
    FieldError { ty: ErrorType::Invalid, field: p.as_str().to_string(), value: None, detail: detail.to_string() }
}

/// A `*int32`/`*int64` field as the error printer shows it: the number, or `"null"`.
fn opt_int_value(v: &Value, key: &str) -> String {
    get_i64(v, key).map_or_else(|| go_quote("null"), |n| n.to_string())
}

/// A `*string` field as the error printer shows it.
fn opt_str_value(v: &Value, key: &str) -> String {
    get_str(v, key).map_or_else(|| go_quote("null"), go_quote)
}

/// `ValidateHasLabel`.
fn validate_has_label(labels: Option<&[(&str, &str)]>, p: &Path, key: &str, expected: &str) -> Vec<FieldError> {
    let lp = p.child("labels").key(key);
    match labels.unwrap_or(&[]).iter().find(|(k, _)| *k == key) {
        None => push::one(required(&lp, &format!("must be '{expected}'"))),
        Some((_, v)) if *v != expected => {
            push::one(invalid(&lp, go_map_dump(labels), &format!("must be '{expected}'")))
        }
        Some(_) => Vec::new(),
    }
}

/// `validateGeneratedSelector`.
fn validate_generated_selector(obj: &Value, require_prefixed_labels: bool) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let spec = spec_of(obj);
    if get_bool(spec, "manualSelector") == Some(true) {
        return errs;
    }
    let Some(sel) = get_obj(spec, "selector") else {
        return errs;
    };
    let meta = get_obj(obj, "metadata").unwrap_or(empty());
    let uid = str_of(meta, "uid");
    let name = str_of(meta, "name");
    if uid.is_empty() {
        push::required(&mut errs, &Path::new("metadata"), "uid", "");
    }
    let template = get_obj(spec, "template").unwrap_or(empty());
    let labels = template_labels(template);
    let tp = Path::new("spec").child("template").child("metadata");
    errs.extend(validate_has_label(labels.as_deref(), &tp, "controller-uid", uid));
    errs.extend(validate_has_label(labels.as_deref(), &tp, "job-name", name));
    let mut expected = vec![("controller-uid", uid), ("job-name", name)];
    if require_prefixed_labels {
        errs.extend(validate_has_label(labels.as_deref(), &tp, "batch.kubernetes.io/controller-uid", uid));
        errs.extend(validate_has_label(labels.as_deref(), &tp, "batch.kubernetes.io/job-name", name));
        expected.push(("batch.kubernetes.io/controller-uid", uid));
        expected.push(("batch.kubernetes.io/job-name", name));
    }
    if let Some(selector) = selector_from(Some(sel)) {
        if !selector.matches(&expected) {
            push::invalid(
                &mut errs,
                &Path::new("spec"),
                "selector",
                label_selector_dump(sel),
                "`selector` not auto-generated",
            );
        }
    }
    errs
}

/// `parseIndexInterval`.
fn parse_index_interval(s: &str, completions: i64) -> Result<(i64, i64), String> {
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() > 2 {
        return Err(format!(
            "the fragment {} violates the requirement that an index interval can have at most two parts separated by '-'",
            go_quote(s)
        ));
    }
    let parse = |x: &str| -> Result<i64, String> {
        let n: i64 = x.parse().map_err(|_| format!("cannot convert string to integer for index: {}", go_quote(x)))?;
        if n >= completions {
            return Err(format!("too large index: {}", go_quote(x)));
        }
        Ok(n)
    };
    let x = parse(parts.first().copied().unwrap_or(""))?;
    match parts.get(1) {
        Some(second) => {
            let y = parse(second)?;
            if x >= y {
                return Err(format!("non-increasing order, previous: {x}, current: {y}"));
            }
            Ok((x, y))
        }
        None => Ok((x, x)),
    }
}

/// `validateIndexesFormat`: the number of indexes listed.
fn validate_indexes_format(s: &str, completions: i64) -> Result<i64, String> {
    if s.is_empty() {
        return Ok(0);
    }
    let mut last: Option<i64> = None;
    let mut total = 0;
    for interval in s.split(',') {
        let (x, y) = parse_index_interval(interval, completions)?;
        if let Some(l) = last.filter(|l| *l >= x) {
            return Err(format!("non-increasing order, previous: {l}, current: {x}"));
        }
        total += y - x + 1;
        last = Some(y);
    }
    Ok(total)
}

/// Go's `%#v` of a `batch.SuccessPolicy` (pointer fields shown with a stand-in address).
fn success_policy_dump(sp: &Value) -> String {
    let rules: Vec<String> = arr(sp, "rules")
        .iter()
        .map(|r| {
            let idx = if get(r, "succeededIndexes").is_some() { "(*string)(0xc000a1b300)" } else { "(*string)(nil)" };
            let cnt = if get(r, "succeededCount").is_some() { "(*int32)(0xc000a1b308)" } else { "(*int32)(nil)" };
            format!("batch.SuccessPolicyRule{{SucceededIndexes:{idx}, SucceededCount:{cnt}}}")
        })
        .collect();
    format!("batch.SuccessPolicy{{Rules:[]batch.SuccessPolicyRule{{{}}}}}", rules.join(", "))
}

/// Go's `%#v` of a `*batch.PodFailurePolicy` in an immutability error (shortened: rules only).
fn pod_failure_policy_dump(v: Option<&Value>) -> String {
    match v {
        None => go_quote("null"),
        Some(p) => format!(
            "batch.PodFailurePolicy{{Rules:[]batch.PodFailurePolicyRule{{...{} rules}}}}",
            arr(p, "rules").len()
        ),
    }
}

/// `validateSuccessPolicy`.
fn validate_success_policy(spec: &Value, sp: &Value, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let rules = arr(sp, "rules");
    let rp = p.child("rules");
    if rules.is_empty() {
        push::required(&mut errs, &rp, "", "at least one rules must be specified when the successPolicy is specified");
    }
    if rules.len() > 20 {
        errs.push(too_many(&rp, rules.len(), 20));
    }
    let completions = get_i64(spec, "completions").unwrap_or(0);
    for (i, rule) in rules.iter().enumerate() {
        let rip = rp.index(i);
        let indexes = get_str(rule, "succeededIndexes");
        let count = get_i64(rule, "succeededCount");
        if indexes.is_none() && count.is_none() {
            push::required(&mut errs, &rip, "", "at least one of succeededCount or succeededIndexes must be specified");
        }
        let mut total = 0;
        if let Some(ix) = indexes {
            let ip = rip.child("succeededIndexes");
            if ix.len() > 64 * 1024 {
                errs.push(too_long(&ip, 64 * 1024));
            }
            match validate_indexes_format(ix, completions) {
                Ok(t) => total = t,
                Err(e) => push::invalid_str(&mut errs, &ip, "", ix, &format!("error parsing succeededIndexes: {e}")),
            }
        }
        if let Some(c) = count {
            let cp = rip.child("succeededCount");
            if c < 0 {
                push::invalid(&mut errs, &cp, "", c.to_string(), "must be greater than or equal to 0");
            }
            if c > completions {
                push::invalid(
                    &mut errs,
                    &cp,
                    "",
                    c.to_string(),
                    &format!("must be less than or equal to {completions} (the number of specified completions)"),
                );
            }
            if indexes.is_some() && c > total {
                push::invalid(&mut errs, &cp, "", c.to_string(), &format!("must be less than or equal to {total} (the number of indexes in the specified succeededIndexes field)"));
            }
        }
    }
    errs
}

/// `validatePodFailurePolicyRule` and its parts.
fn validate_pod_failure_policy(spec: &Value, pfp: &Value, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let rules = arr(pfp, "rules");
    let rp = p.child("rules");
    if rules.len() > 20 {
        errs.push(too_many(&rp, rules.len(), 20));
    }
    let template_spec = get_obj(spec, "template").and_then(|t| get_obj(t, "spec")).unwrap_or(empty());
    let container_names: Vec<&str> = arr(template_spec, "containers")
        .iter()
        .chain(arr(template_spec, "initContainers"))
        .map(|c| str_of(c, "name"))
        .collect();
    for (i, rule) in rules.iter().enumerate() {
        let rip = rp.index(i);
        let ap = rip.child("action");
        match str_of(rule, "action") {
            "" => push::required(&mut errs, &ap, "", "valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]"),
            "FailIndex" => {
                if get(spec, "backoffLimitPerIndex").is_none() {
                    push::invalid_str(&mut errs, &ap, "", "FailIndex", "requires the backoffLimitPerIndex to be set");
                }
            }
            "Count" | "FailJob" | "Ignore" => {}
            other => push::not_supported(&mut errs, &ap, "", other, &["Count", "FailIndex", "FailJob", "Ignore"]),
        }
        let on_exit = get_obj(rule, "onExitCodes");
        let on_conditions = arr(rule, "onPodConditions");
        if let Some(oe) = on_exit {
            let ep = rip.child("onExitCodes");
            let operator = str_of(oe, "operator");
            match operator {
                "" => push::required(&mut errs, &ep, "operator", "valid values: [\"In\" \"NotIn\"]"),
                "In" | "NotIn" => {}
                other => push::not_supported(&mut errs, &ep, "operator", other, &["In", "NotIn"]),
            }
            if let Some(cn) = get_str(oe, "containerName") {
                if !container_names.contains(&cn) {
                    push::invalid_str(
                        &mut errs,
                        &ep,
                        "containerName",
                        cn,
                        "must be one of the container or initContainer names in the pod template",
                    );
                }
            }
            let vp = ep.child("values");
            let values: Vec<i64> = arr(oe, "values").iter().filter_map(as_i64).collect();
            let values_dump = match get(oe, "values") {
                None => "[]int32(nil)".to_string(),
                Some(_) => {
                    let items: Vec<String> = values.iter().map(i64::to_string).collect();
                    format!("[]int32{{{}}}", items.join(", "))
                }
            };
            if values.is_empty() {
                push::invalid(&mut errs, &vp, "", values_dump.clone(), "at least one value is required");
            } else if values.len() > 255 {
                errs.push(too_many(&vp, values.len(), 255));
            }
            let mut seen: Vec<i64> = Vec::new();
            let mut ordered = true;
            for (j, v) in values.iter().enumerate() {
                if operator == "In" && *v == 0 {
                    push::invalid(&mut errs, &vp.index(j), "", "0", "must not be 0 for the In operator");
                }
                if seen.contains(v) {
                    push::duplicate(&mut errs, &vp.index(j), "", v.to_string());
                } else {
                    seen.push(*v);
                }
                if j > 0 && values.get(j - 1).is_some_and(|prev| prev > v) {
                    ordered = false;
                }
            }
            if !ordered {
                push::invalid(&mut errs, &vp, "", values_dump, "must be ordered");
            }
        }
        if !on_conditions.is_empty() {
            let cp = rip.child("onPodConditions");
            if on_conditions.len() > 20 {
                errs.push(too_many(&cp, on_conditions.len(), 20));
            }
            for (j, pattern) in on_conditions.iter().enumerate() {
                let pp = cp.index(j);
                let ty = str_of(pattern, "type");
                invalid_each(&mut errs, &pp, "type", ty, is_qualified_name(ty));
                match str_of(pattern, "status") {
                    "" => push::required(&mut errs, &pp, "status", "valid values: [\"False\" \"True\" \"Unknown\"]"),
                    "False" | "True" | "Unknown" => {}
                    other => push::not_supported(&mut errs, &pp, "status", other, &["False", "True", "Unknown"]),
                }
            }
        }
        if on_exit.is_some() && !on_conditions.is_empty() {
            errs.push(invalid_omit(&rip, "specifying both OnExitCodes and OnPodConditions is not supported"));
        }
        if on_exit.is_none() && on_conditions.is_empty() {
            errs.push(invalid_omit(&rip, "specifying one of OnExitCodes and OnPodConditions is required"));
        }
    }
    errs
}

/// `IsDomainPrefixedPath`.
fn validate_domain_prefixed_path(v: &str, p: &Path) -> Vec<FieldError> {
    if v.is_empty() {
        return push::one(required(p, ""));
    }
    let Some((host, path)) = v.split_once('/').filter(|(h, r)| !h.is_empty() && !r.is_empty()) else {
        return push::one(invalid_str(p, v, "must be a domain-prefixed path (such as \"acme.io/foo\")"));
    };
    let mut errs = Vec::new();
    invalid_each(&mut errs, p, "", host, is_dns1123_subdomain(host));
    let path_ok = path.bytes().all(|c| c.is_ascii_alphanumeric() || b"/-._~%!$&'()*+,;=:".contains(&c));
    if !path_ok {
        push::invalid_str(
            &mut errs,
            p,
            "",
            path,
            &regex_error("Invalid path", "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+", &[]),
        );
    }
    errs
}

/// `validateJobSpec` (shared by Jobs and CronJob job templates).
fn validate_job_spec_common(spec: &Value, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for key in [
        "parallelism",
        "completions",
        "activeDeadlineSeconds",
        "backoffLimit",
        "ttlSecondsAfterFinished",
        "backoffLimitPerIndex",
    ] {
        errs.extend(nonnegative(spec, key, p));
    }
    let parallelism = get_i64(spec, "parallelism");
    let completions = get_i64(spec, "completions");
    let max_failed = get_i64(spec, "maxFailedIndexes");
    let per_index = get_i64(spec, "backoffLimitPerIndex");
    if max_failed.is_some() {
        errs.extend(nonnegative(spec, "maxFailedIndexes", p));
        if per_index.is_none() {
            push::required(&mut errs, p, "backoffLimitPerIndex", "when maxFailedIndexes is specified");
        }
    }
    if let Some(mb) = get_str(spec, "managedBy") {
        errs.extend(validate_domain_prefixed_path(mb, &p.child("managedBy")));
        if mb.len() > 63 {
            errs.push(too_long(&p.child("managedBy"), 63));
        }
    }
    let mode = get_str(spec, "completionMode");
    if let Some(mode) = mode {
        if mode != "NonIndexed" && mode != "Indexed" {
            push::not_supported(&mut errs, p, "completionMode", mode, &["NonIndexed", "Indexed"]);
        }
        if mode == "Indexed" {
            if completions.is_none() {
                push::required(&mut errs, p, "completions", "when completion mode is Indexed");
            }
            if let Some(par) = parallelism.filter(|v| *v > MAX_PARALLELISM_FOR_INDEXED_JOB) {
                push::invalid(
                    &mut errs,
                    p,
                    "parallelism",
                    par.to_string(),
                    "must be less than or equal to 100000 when completion mode is Indexed",
                );
            }
            if let (Some(c), Some(m)) = (completions, max_failed) {
                if m > c {
                    push::invalid(
                        &mut errs,
                        p,
                        "maxFailedIndexes",
                        m.to_string(),
                        "must be less than or equal to completions",
                    );
                }
            }
            if let Some(m) = max_failed.filter(|m| *m > MAX_FAILED_INDEXES_FOR_INDEXED_JOB) {
                push::invalid(&mut errs, p, "maxFailedIndexes", m.to_string(), "must be less than or equal to 100000");
            }
            if completions.is_some_and(|c| c > COMPLETIONS_SOFT_LIMIT) && per_index.is_some() {
                if max_failed.is_none() {
                    push::required(
                        &mut errs,
                        p,
                        "maxFailedIndexes",
                        "must be specified when completions is above 100000",
                    );
                }
                if let Some(par) = parallelism.filter(|v| *v > PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS) {
                    push::invalid(&mut errs, p, "parallelism", par.to_string(), "must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index");
                }
                if let Some(m) = max_failed.filter(|m| *m > MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS) {
                    push::invalid(&mut errs, p, "maxFailedIndexes", m.to_string(), "must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index");
                }
            }
        }
    }
    if mode.is_none() || mode == Some("NonIndexed") {
        if let Some(b) = per_index {
            push::invalid(&mut errs, p, "backoffLimitPerIndex", b.to_string(), "requires indexed completion mode");
        }
        if let Some(m) = max_failed {
            push::invalid(&mut errs, p, "maxFailedIndexes", m.to_string(), "requires indexed completion mode");
        }
    }
    let pfp = get_obj(spec, "podFailurePolicy");
    if let Some(pfp) = pfp {
        errs.extend(validate_pod_failure_policy(spec, pfp, &p.child("podFailurePolicy")));
    }
    if let Some(sp) = get_obj(spec, "successPolicy") {
        if mode != Some("Indexed") {
            push::invalid(&mut errs, p, "successPolicy", success_policy_dump(sp), "requires indexed completion mode");
        } else {
            errs.extend(validate_success_policy(spec, sp, &p.child("successPolicy")));
        }
    }
    if let Some(prp) = get_str(spec, "podReplacementPolicy") {
        let pp = p.child("podReplacementPolicy");
        if pfp.is_some() {
            if prp != "Failed" {
                push::not_supported(&mut errs, &pp, "", prp, &["Failed"]);
            }
        } else if prp != "Failed" && prp != "TerminatingOrFailed" {
            push::not_supported(&mut errs, &pp, "", prp, &["Failed", "TerminatingOrFailed"]);
        }
    }
    let template = get_obj(spec, "template").unwrap_or(empty());
    let tp = p.child("template");
    errs.extend(validate_pod_template_spec(template, &tp));
    let restart = get_obj(template, "spec").map_or("", |s| str_of(s, "restartPolicy"));
    let rp = tp.child("spec").child("restartPolicy");
    if restart == "Always" || restart.is_empty() {
        push::required(&mut errs, &rp, "", "valid values: \"OnFailure\", \"Never\"");
    } else if restart != "OnFailure" && restart != "Never" {
        push::not_supported(&mut errs, &rp, "", restart, &["OnFailure", "Never"]);
    } else if pfp.is_some() && restart != "Never" {
        push::invalid_str(
            &mut errs,
            &rp,
            "",
            restart,
            "only \"Never\" is supported when podFailurePolicy is specified",
        );
    }
    errs
}

/// `ValidateJobSpec`: the common rules, then the selector.
fn validate_job_spec(spec: &Value, p: &Path) -> Vec<FieldError> {
    let mut errs = validate_job_spec_common(spec, p);
    let sel = get_obj(spec, "selector");
    if sel.is_none() {
        push::required(&mut errs, p, "selector", "");
    } else {
        errs.extend(validate_label_selector(sel, &p.child("selector")));
    }
    if let Some(selector) = selector_from(sel) {
        let template = get_obj(spec, "template").unwrap_or(empty());
        let labels = template_labels(template);
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
    errs
}

/// `ValidateJob`.
fn validate_job_with(obj: &Value, require_prefixed_labels: bool) -> Vec<FieldError> {
    let mut errs = validate_object_meta(obj, true, name_is_dns_subdomain, &Path::new("metadata"));
    errs.extend(validate_generated_selector(obj, require_prefixed_labels));
    let spec = spec_of(obj);
    errs.extend(validate_job_spec(spec, &Path::new("spec")));
    if get_str(spec, "completionMode") == Some("Indexed") {
        if let Some(c) = get_i64(spec, "completions").filter(|c| *c > 0) {
            let name = get_obj(obj, "metadata").map_or("", |m| str_of(m, "name"));
            let host = format!("{name}-{}", c - 1);
            if !is_dns1123_label(&host).is_empty() {
                push::invalid_str(
                    &mut errs,
                    &Path::new("metadata"),
                    "name",
                    name,
                    &format!("will not able to create pod with invalid DNS label: {host}"),
                );
            }
        }
    }
    errs
}

/// The Job strategy's `Validate`. The Job must already carry its generated selector and labels
/// (the strategy's `generateSelector` runs before this).
pub(crate) fn validate_job(obj: &Value) -> Vec<FieldError> {
    validate_job_with(obj, true)
}

/// A shortened Go dump of a `core.PodTemplateSpec` (upstream prints every field).
fn pod_template_dump(t: Option<&Value>) -> String {
    let labels = t.and_then(template_labels);
    format!(
        "core.PodTemplateSpec{{ObjectMeta:v1.ObjectMeta{{Name:\"\", GenerateName:\"\", Namespace:\"\", SelfLink:\"\", UID:\"\", ResourceVersion:\"\", Generation:0, CreationTimestamp:time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC), DeletionTimestamp:<nil>, DeletionGracePeriodSeconds:(*int64)(nil), Labels:{}, ...}}, Spec:core.PodSpec{{...}}}}",
        go_map_dump(labels.as_deref())
    )
}

/// Copies `keys` of `from` into the object `to` (removing those `from` lacks).
fn copy_keys(to: &mut Map<String, Value>, from: Option<&Value>, keys: &[&str]) {
    for key in keys {
        match from.and_then(|f| f.get(key)) {
            Some(v) => {
                to.insert((*key).to_string(), v.clone());
            }
            None => {
                to.remove(*key);
            }
        }
    }
}

/// The object at `key`, or an empty one.
fn object_at(m: &Map<String, Value>, key: &str) -> Map<String, Value> {
    match m.get(key) {
        Some(Value::Object(o)) => o.clone(),
        _ => Map::new(),
    }
}

/// `validatePodTemplateUpdate`: the template is immutable, except the scheduling directives,
/// labels and annotations of a suspended Job that never started (copied from the new template
/// into the old one before comparing, as upstream does).
fn validate_job_template_update(spec: &Value, old_spec: &Value, mutable_directives: bool) -> Vec<FieldError> {
    let template = get(spec, "template");
    let new_template = semantic(template);
    let mut old_template = semantic(get(old_spec, "template"));
    if mutable_directives {
        if let (Value::Object(o), Value::Object(n)) = (&mut old_template, &new_template) {
            let mut meta = object_at(o, "metadata");
            copy_keys(&mut meta, n.get("metadata"), &["labels", "annotations"]);
            put(o, "metadata", Value::Object(meta));
            let new_spec = n.get("spec");
            let mut pod_spec = object_at(o, "spec");
            copy_keys(&mut pod_spec, new_spec, &["nodeSelector", "tolerations", "schedulingGates"]);
            let mut affinity = object_at(&pod_spec, "affinity");
            copy_keys(&mut affinity, new_spec.and_then(|s| s.get("affinity")), &["nodeAffinity"]);
            if affinity.is_empty() {
                pod_spec.remove("affinity");
            } else {
                put(&mut pod_spec, "affinity", Value::Object(affinity));
            }
            put(o, "spec", Value::Object(pod_spec));
        }
        old_template = semantic(Some(&old_template));
    }
    if new_template != old_template {
        push::one(invalid(&Path::new("spec").child("template"), pod_template_dump(template), "field is immutable"))
    } else {
        Vec::new()
    }
}

/// The Job strategy's `ValidateUpdate`: `ValidateJob` then `ValidateJobUpdate`.
pub(crate) fn validate_job_update(obj: &Value, old: &Value) -> Vec<FieldError> {
    let (spec, old_spec) = (spec_of(obj), spec_of(old));
    let old_labels = get_obj(old_spec, "template").and_then(template_labels).unwrap_or_default();
    let had = |k: &str| old_labels.iter().any(|(lk, _)| *lk == k);
    let require_prefixed = had("batch.kubernetes.io/job-name") && had("batch.kubernetes.io/controller-uid");
    let suspended = get_bool(old_spec, "suspend") == Some(true);
    let not_started = get_obj(old, "status").is_none_or(|s| get(s, "startTime").is_none());
    let mut errs = validate_job_with(obj, require_prefixed);
    errs.extend(validate_object_meta_update(obj, old, &Path::new("metadata")));
    let sp = Path::new("spec");
    errs.extend(validate_job_spec(spec, &sp));
    let indexed = get_str(spec, "completionMode") == Some("Indexed");
    let (completions, old_completions) = (get_i64(spec, "completions"), get_i64(old_spec, "completions"));
    if completions != old_completions {
        if !indexed {
            push::invalid(&mut errs, &sp, "completions", opt_int_value(spec, "completions"), "field is immutable");
        } else if let Some(c) = completions {
            if get_i64(spec, "parallelism") != Some(c) {
                push::invalid(
                    &mut errs,
                    &sp,
                    "completions",
                    c.to_string(),
                    "can only be modified in tandem with spec.parallelism",
                );
            }
        }
    }
    let (sel, old_sel) = (get_obj(spec, "selector"), get_obj(old_spec, "selector"));
    if semantic(sel) != semantic(old_sel) {
        push::invalid(&mut errs, &sp, "selector", opt_label_selector_dump(sel), "field is immutable");
    }
    errs.extend(validate_job_template_update(spec, old_spec, suspended && not_started));
    if get_str(spec, "completionMode") != get_str(old_spec, "completionMode") {
        push::invalid(&mut errs, &sp, "completionMode", opt_str_value(spec, "completionMode"), "field is immutable");
    }
    if semantic(get(spec, "podFailurePolicy")) != semantic(get(old_spec, "podFailurePolicy")) {
        push::invalid(
            &mut errs,
            &sp,
            "podFailurePolicy",
            pod_failure_policy_dump(get(spec, "podFailurePolicy")),
            "field is immutable",
        );
    }
    if get_i64(spec, "backoffLimitPerIndex") != get_i64(old_spec, "backoffLimitPerIndex") {
        push::invalid(
            &mut errs,
            &sp,
            "backoffLimitPerIndex",
            opt_int_value(spec, "backoffLimitPerIndex"),
            "field is immutable",
        );
    }
    if get_str(spec, "managedBy") != get_str(old_spec, "managedBy") {
        push::invalid(&mut errs, &sp, "managedBy", opt_str_value(spec, "managedBy"), "field is immutable");
    }
    if semantic(get(spec, "successPolicy")) != semantic(get(old_spec, "successPolicy")) {
        let value = get_obj(spec, "successPolicy").map_or_else(|| go_quote("null"), success_policy_dump);
        push::invalid(&mut errs, &sp, "successPolicy", value, "field is immutable");
    }
    errs
}

/// `validateTimeZone`.
fn validate_time_zone(tz: Option<&str>, p: &Path) -> Vec<FieldError> {
    let Some(tz) = tz else {
        return Vec::new();
    };
    if tz.is_empty() {
        return push::one(invalid_str(p, tz, "timeZone must be nil or non-empty string"));
    }
    for part in tz.split('/') {
        let chars_ok =
            (1..=14).contains(&part.len()) && part.bytes().all(|c| c.is_ascii_alphanumeric() || b".-_+".contains(&c));
        if part == "." || part == ".." || part.starts_with('-') || !chars_ok {
            return push::one(invalid_str(p, tz, &format!("unknown time zone {tz}")));
        }
    }
    let mut errs = Vec::new();
    if tz.eq_ignore_ascii_case("Local") {
        push::invalid_str(
            &mut errs,
            p,
            "",
            tz,
            "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
        );
    }
    if let Err(e) = load_location(tz) {
        push::invalid_str(&mut errs, p, "", tz, &e);
    }
    errs
}

/// `validateScheduleFormat`.
fn validate_schedule_format(schedule: &str, allow_tz: bool, time_zone: Option<&str>, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if let Err(e) = parse_schedule(schedule) {
        push::invalid_str(&mut errs, p, "", schedule, &e);
    }
    if allow_tz && schedule.contains("TZ") && time_zone.is_some() {
        push::invalid_str(&mut errs, p, "", schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule");
    } else if !allow_tz && schedule.contains("TZ") {
        push::invalid_str(
            &mut errs,
            p,
            "",
            schedule,
            "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
        );
    }
    errs
}

/// `ValidateJobTemplateSpec`.
fn validate_job_template_spec(jt: &Value, p: &Path) -> Vec<FieldError> {
    let spec = get_obj(jt, "spec").unwrap_or(empty());
    let sp = p.child("spec");
    let mut errs = validate_job_spec_common(spec, &sp);
    if let Some(sel) = get_obj(spec, "selector") {
        push::invalid(&mut errs, &sp, "selector", label_selector_dump(sel), "`selector` will be auto-generated");
    }
    if get_bool(spec, "manualSelector") == Some(true) {
        errs.push(FieldError::not_supported(sp.child("manualSelector").as_str(), "true", &["nil", "false"]));
    }
    errs
}

/// `validateCronJobSpec`.
fn validate_cron_job_spec(spec: &Value, old_spec: Option<&Value>, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let schedule = str_of(spec, "schedule");
    let time_zone = get_str(spec, "timeZone");
    if schedule.is_empty() {
        push::required(&mut errs, p, "schedule", "");
    } else {
        let allow_tz = old_spec.is_some_and(|o| str_of(o, "schedule").contains("TZ"));
        errs.extend(validate_schedule_format(schedule, allow_tz, time_zone, &p.child("schedule")));
    }
    errs.extend(nonnegative(spec, "startingDeadlineSeconds", p));
    if old_spec.is_none_or(|o| get_str(o, "timeZone") != time_zone) {
        errs.extend(validate_time_zone(time_zone, &p.child("timeZone")));
    }
    push::one_of(&mut errs, p, "concurrencyPolicy", str_of(spec, "concurrencyPolicy"), &["Allow", "Forbid", "Replace"]);
    errs.extend(validate_job_template_spec(get_obj(spec, "jobTemplate").unwrap_or(empty()), &p.child("jobTemplate")));
    errs.extend(nonnegative(spec, "successfulJobsHistoryLimit", p));
    errs.extend(nonnegative(spec, "failedJobsHistoryLimit", p));
    errs
}

/// `ValidateCronJobCreate` (the 52-character name limit applies on create only).
pub(crate) fn validate_cron_job(obj: &Value) -> Vec<FieldError> {
    let mut errs = validate_object_meta(obj, true, name_is_dns_subdomain, &Path::new("metadata"));
    errs.extend(validate_cron_job_spec(spec_of(obj), None, &Path::new("spec")));
    let name = get_obj(obj, "metadata").map_or("", |m| str_of(m, "name"));
    if name.len() > 52 {
        push::invalid_str(&mut errs, &Path::new("metadata"), "name", name, "must be no more than 52 characters");
    }
    errs
}

/// `ValidateCronJobUpdate`.
pub(crate) fn validate_cron_job_update(obj: &Value, old: &Value) -> Vec<FieldError> {
    let mut errs = validate_object_meta_update(obj, old, &Path::new("metadata"));
    errs.extend(validate_cron_job_spec(spec_of(obj), Some(spec_of(old)), &Path::new("spec")));
    errs
}
