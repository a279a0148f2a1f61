//! Object metadata on create and update, labels, annotations, owner references, finalizers, and
//! label selectors: their validation and their matching (apimachinery `pkg/api/validation`,
//! `pkg/apis/meta/v1/validation`, `LabelSelectorAsSelector`, v0.32; core's finalizer-name rule).

use crate::json::Value;

use super::names::{is_qualified_name, is_valid_label_value, lower_for_qualified_name, NameFn};
use super::path::Path;
use super::value::push;
use super::value::{
    arr, get, get_bool, get_i64, get_obj, go_string_slice, invalid_each, invalid_str, opt_str_list, str_list, str_map,
    str_of, too_long,
};
use crate::manifest::field::{go_quote, FieldError};

const TOTAL_ANNOTATION_SIZE_LIMIT: usize = 256 * 1024;
const STANDARD_FINALIZERS: [&str; 3] = ["kubernetes", "orphan", "foregroundDeletion"];

/// `ValidateLabelName`.
pub(crate) fn validate_label_name(name: &str, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    invalid_each(&mut errs, p, "", name, is_qualified_name(name));
    errs
}

/// `ValidateLabels`: keys and values, all reported at the map's own path. Keys are visited in
/// sorted order (upstream visits them in Go's random map order).
pub(crate) fn validate_labels(labels: Option<&[(&str, &str)]>, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (k, v) in labels.unwrap_or(&[]) {
        errs.extend(validate_label_name(k, p));
        invalid_each(&mut errs, p, "", v, is_valid_label_value(v));
    }
    errs
}

/// `ValidateAnnotations`: keys are lower-cased before the qualified-name check; the total size
/// of keys and values is capped.
pub(crate) fn validate_annotations(annotations: Option<&[(&str, &str)]>, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let annotations = annotations.unwrap_or(&[]);
    for (k, _) in annotations {
        invalid_each(&mut errs, p, "", k, is_qualified_name(&lower_for_qualified_name(k)));
    }
    let total: usize = annotations.iter().map(|(k, v)| k.len() + v.len()).sum();
    if total > TOTAL_ANNOTATION_SIZE_LIMIT {
        errs.push(too_long(p, TOTAL_ANNOTATION_SIZE_LIMIT));
    }
    errs
}

/// Go's `%#v` of a `metav1.OwnerReference`. Pointer fields print as addresses upstream; a fixed
/// stand-in address is used here.
fn owner_reference_dump(r: &Value) -> String {
    let ptr = |key: &str| match get_bool(r, key) {
        Some(_) => "(*bool)(0xc000a1b2c0)".to_string(),
        None => "(*bool)(nil)".to_string(),
    };
    format!(
        "v1.OwnerReference{{APIVersion:{}, Kind:{}, Name:{}, UID:{}, Controller:{}, BlockOwnerDeletion:{}}}",
        go_quote(str_of(r, "apiVersion")),
        go_quote(str_of(r, "kind")),
        go_quote(str_of(r, "name")),
        go_quote(str_of(r, "uid")),
        ptr("controller"),
        ptr("blockOwnerDeletion")
    )
}

/// `schema.FromAPIVersionAndKind`'s group and version (both empty when unparsable).
fn group_version(api_version: &str) -> (&str, &str) {
    if api_version.is_empty() || api_version == "/" {
        return ("", "");
    }
    match api_version.split('/').collect::<Vec<_>>().as_slice() {
        [v] => ("", v),
        [g, v] => (g, v),
        _ => ("", ""),
    }
}

/// `ValidateOwnerReferences`.
fn validate_owner_references(refs: &[Value], p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut first_controller = String::new();
    for r in refs {
        let (group, version) = group_version(str_of(r, "apiVersion"));
        let kind = str_of(r, "kind");
        if version.is_empty() {
            push::invalid_str(&mut errs, p, "apiVersion", str_of(r, "apiVersion"), "version must not be empty");
        }
        if kind.is_empty() {
            push::invalid_str(&mut errs, p, "kind", kind, "kind must not be empty");
        }
        if str_of(r, "name").is_empty() {
            push::invalid_str(&mut errs, p, "name", "", "name must not be empty");
        }
        if str_of(r, "uid").is_empty() {
            push::invalid_str(&mut errs, p, "uid", "", "uid must not be empty");
        }
        if group.is_empty() && version == "v1" && kind == "Event" {
            push::invalid(
                &mut errs,
                p,
                "",
                owner_reference_dump(r),
                &format!("{group}/{version}, Kind={kind} is disallowed from being an owner"),
            );
        }
        if get_bool(r, "controller") == Some(true) {
            let current = format!("{}/{}", kind, str_of(r, "name"));
            if first_controller.is_empty() {
                first_controller = current;
            } else {
                let dump: Vec<String> = refs.iter().map(owner_reference_dump).collect();
                push::invalid(&mut errs, p, "", format!("[]v1.OwnerReference{{{}}}", dump.join(", ")), &format!(
                        "Only one reference can have Controller set to true. Found \"true\" in references for {first_controller} and {current}"
                    ));
            }
        }
    }
    errs
}

/// `ValidateFinalizers`: each a qualified name (reported at the list's path), and not both
/// `orphan` and `foregroundDeletion`.
fn validate_finalizers(finalizers: &[&str], p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for f in finalizers {
        invalid_each(&mut errs, p, "", f, is_qualified_name(f));
    }
    if finalizers.contains(&"orphan") && finalizers.contains(&"foregroundDeletion") {
        push::invalid(
            &mut errs,
            p,
            "",
            go_string_slice(Some(finalizers)),
            "finalizer orphan and foregroundDeletion cannot be both set",
        );
    }
    errs
}

/// `validateKubeFinalizerName`: an unprefixed finalizer must be a standard one.
pub(crate) fn validate_kube_finalizer_name(name: &str, p: &Path) -> Vec<FieldError> {
    if !name.contains('/') && !STANDARD_FINALIZERS.contains(&name) {
        push::one(invalid_str(p, name, "name is neither a standard finalizer name nor is it fully qualified"))
    } else {
        Vec::new()
    }
}

/// `ValidateObjectMeta` of core validation: apimachinery's `ValidateObjectMetaAccessor` followed
/// by the finalizer-name rule. `metadata` may be absent (everything then reads as empty).
pub(crate) fn validate_object_meta(
    obj: &Value,
    requires_namespace: bool,
    name_fn: NameFn,
    p: &Path,
) -> Vec<FieldError> {
    let mut errs = validate_object_meta_accessor(obj, requires_namespace, name_fn, p);
    let empty = Value::Null;
    let meta = get_obj(obj, "metadata").unwrap_or(&empty);
    for (i, f) in str_list(meta, "finalizers").iter().enumerate() {
        errs.extend(validate_kube_finalizer_name(f, &p.child("finalizers").index(i)));
    }
    errs
}

/// apimachinery's `ValidateObjectMetaAccessor`.
pub(crate) fn validate_object_meta_accessor(
    obj: &Value,
    requires_namespace: bool,
    name_fn: NameFn,
    p: &Path,
) -> Vec<FieldError> {
    let empty = Value::Null;
    let meta = get_obj(obj, "metadata").unwrap_or(&empty);
    let mut errs = Vec::new();
    let generate_name = str_of(meta, "generateName");
    if !generate_name.is_empty() {
        invalid_each(&mut errs, p, "generateName", generate_name, name_fn(generate_name, true));
    }
    let name = str_of(meta, "name");
    if name.is_empty() {
        errs.push(super::value::required(&p.child("name"), "name or generateName is required"));
    } else {
        invalid_each(&mut errs, p, "name", name, name_fn(name, false));
    }
    let namespace = str_of(meta, "namespace");
    if requires_namespace {
        if namespace.is_empty() {
            errs.push(super::value::required(&p.child("namespace"), ""));
        } else {
            invalid_each(&mut errs, p, "namespace", namespace, super::names::name_is_dns_label(namespace, false));
        }
    } else if !namespace.is_empty() {
        errs.push(super::value::forbidden(&p.child("namespace"), "not allowed on this type"));
    }
    if let Some(g) = get_i64(meta, "generation").filter(|g| *g < 0) {
        push::invalid(&mut errs, p, "generation", g.to_string(), "must be greater than or equal to 0");
    }
    errs.extend(validate_labels(str_map(meta, "labels").as_deref(), &p.child("labels")));
    errs.extend(validate_annotations(str_map(meta, "annotations").as_deref(), &p.child("annotations")));
    errs.extend(validate_owner_references(arr(meta, "ownerReferences"), &p.child("ownerReferences")));
    errs.extend(validate_finalizers(&str_list(meta, "finalizers"), &p.child("finalizers")));
    errs
}

/// `ValidateObjectMetaUpdate` of core validation. The `resourceVersion` rule is left to the
/// store, which fills an empty one before validation as the apiserver does for unconditional
/// updates; `creationTimestamp` and `deletionTimestamp` are copied from the old object by the
/// store, so their immutability checks cannot fire and are not repeated here.
pub(crate) fn validate_object_meta_update(obj: &Value, old: &Value, p: &Path) -> Vec<FieldError> {
    let mut errs = validate_object_meta_accessor_update(obj, old, p);
    let empty = Value::Null;
    let meta = get_obj(obj, "metadata").unwrap_or(&empty);
    for (i, f) in str_list(meta, "finalizers").iter().enumerate() {
        errs.extend(validate_kube_finalizer_name(f, &p.child("finalizers").index(i)));
    }
    errs
}

/// apimachinery's `ValidateObjectMetaAccessorUpdate` (see `validate_object_meta_update`).
pub(crate) fn validate_object_meta_accessor_update(obj: &Value, old: &Value, p: &Path) -> Vec<FieldError> {
    let empty = Value::Null;
    let meta = get_obj(obj, "metadata").unwrap_or(&empty);
    let old_meta = get_obj(old, "metadata").unwrap_or(&empty);
    let mut errs = Vec::new();
    if get(old_meta, "deletionTimestamp").is_some() {
        let old_finalizers = str_list(old_meta, "finalizers");
        let mut extra: Vec<&str> =
            str_list(meta, "finalizers").into_iter().filter(|f| !old_finalizers.contains(f)).collect();
        extra.sort_unstable();
        extra.dedup();
        if !extra.is_empty() {
            errs.push(super::value::forbidden(
                &p.child("finalizers"),
                &format!(
                    "no new finalizers can be added if the object is being deleted, found new finalizers {}",
                    go_string_slice(Some(&extra))
                ),
            ));
        }
    }
    let (generation, old_generation) = (get_i64(meta, "generation"), get_i64(old_meta, "generation"));
    if generation.unwrap_or(0) < old_generation.unwrap_or(0) {
        push::invalid(&mut errs, p, "generation", generation.unwrap_or(0).to_string(), "must not be decremented");
    }
    for key in ["name", "namespace"] {
        let (new_v, old_v) = (str_of(meta, key), str_of(old_meta, key));
        if new_v != old_v {
            push::invalid_str(&mut errs, p, key, new_v, "field is immutable");
        }
    }
    let uid = str_of(meta, "uid");
    if !uid.is_empty() && uid != str_of(old_meta, "uid") {
        push::invalid_str(&mut errs, p, "uid", uid, "field is immutable");
    }
    errs.extend(validate_labels(str_map(meta, "labels").as_deref(), &p.child("labels")));
    errs.extend(validate_annotations(str_map(meta, "annotations").as_deref(), &p.child("annotations")));
    errs.extend(validate_owner_references(arr(meta, "ownerReferences"), &p.child("ownerReferences")));
    errs
}

/// `ValidateLabelSelector` (strict: invalid values in selectors are reported).
pub(crate) fn validate_label_selector(sel: Option<&Value>, p: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let Some(sel) = sel else {
        return errs;
    };
    errs.extend(validate_labels(str_map(sel, "matchLabels").as_deref(), &p.child("matchLabels")));
    for (i, e) in arr(sel, "matchExpressions").iter().enumerate() {
        let ep = p.child("matchExpressions").index(i);
        let values = str_list(e, "values");
        let operator = str_of(e, "operator");
        match operator {
            "In" | "NotIn" => {
                if values.is_empty() {
                    errs.push(super::value::required(
                        &ep.child("values"),
                        "must be specified when `operator` is 'In' or 'NotIn'",
                    ));
                }
            }
            "Exists" | "DoesNotExist" => {
                if !values.is_empty() {
                    errs.push(super::value::forbidden(
                        &ep.child("values"),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    ));
                }
            }
            _ => push::invalid_str(&mut errs, &ep, "operator", operator, "not a valid selector operator"),
        }
        errs.extend(validate_label_name(str_of(e, "key"), &ep.child("key")));
        for (j, v) in values.iter().enumerate() {
            invalid_each(&mut errs, &ep.child("values").index(j), "", v, is_valid_label_value(v));
        }
    }
    errs
}

/// One requirement of a converted selector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Requirement {
    Equals(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    DoesNotExist(String),
}

/// A `labels.Selector` converted from a `metav1.LabelSelector`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Selector {
    /// A nil selector: matches nothing.
    Nothing,
    /// An empty selector: matches everything.
    Everything,
    Requirements(Vec<Requirement>),
}

/// `metav1.LabelSelectorAsSelector`: `None` when the conversion fails (a bad key, value or
/// operator, or a value count the operator does not allow).
pub(crate) fn selector_from(sel: Option<&Value>) -> Option<Selector> {
    let Some(sel) = sel else {
        return Some(Selector::Nothing);
    };
    let labels = str_map(sel, "matchLabels").unwrap_or_default();
    let exprs = arr(sel, "matchExpressions");
    if labels.is_empty() && exprs.is_empty() {
        return Some(Selector::Everything);
    }
    let valid_key = |k: &str| is_qualified_name(k).is_empty();
    let valid_values = |vs: &[&str]| vs.iter().all(|v| is_valid_label_value(v).is_empty());
    let mut reqs = Vec::new();
    for (k, v) in labels {
        if !valid_key(k) || !valid_values(&[v]) {
            return None;
        }
        reqs.push(Requirement::Equals(k.to_string(), v.to_string()));
    }
    for e in exprs {
        let key = str_of(e, "key").to_string();
        let values = opt_str_list(e, "values").unwrap_or_default();
        if !valid_key(&key) || !valid_values(&values) {
            return None;
        }
        let owned: Vec<String> = values.iter().map(|s| s.to_string()).collect();
        let req = match str_of(e, "operator") {
            "In" if !owned.is_empty() => Requirement::In(key, owned),
            "NotIn" if !owned.is_empty() => Requirement::NotIn(key, owned),
            "Exists" if owned.is_empty() => Requirement::Exists(key),
            "DoesNotExist" if owned.is_empty() => Requirement::DoesNotExist(key),
            _ => return None,
        };
        reqs.push(req);
    }
    Some(Selector::Requirements(reqs))
}

impl Selector {
    /// `Selector.Empty`: true only for the match-everything selector.
    pub(crate) fn is_empty(&self) -> bool {
        matches!(self, Selector::Everything)
    }

    /// `Selector.Matches` against a label set.
    pub(crate) fn matches(&self, labels: &[(&str, &str)]) -> bool {
        let lookup = |k: &str| labels.iter().find(|(lk, _)| *lk == k).map(|(_, v)| *v);
        match self {
            Selector::Nothing => false,
            Selector::Everything => true,
            Selector::Requirements(reqs) => reqs.iter().all(|r| match r {
                Requirement::Equals(k, v) => lookup(k) == Some(v.as_str()),
                Requirement::In(k, vs) => lookup(k).is_some_and(|l| vs.iter().any(|v| v == l)),
                Requirement::NotIn(k, vs) => lookup(k).is_none_or(|l| vs.iter().all(|v| v != l)),
                Requirement::Exists(k) => lookup(k).is_some(),
                Requirement::DoesNotExist(k) => lookup(k).is_none(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    fn texts(errs: &[FieldError]) -> Vec<String> {
        errs.iter().map(ToString::to_string).collect()
    }

    // Table following ValidateObjectMetaAccessor.
    #[test]
    fn create_metadata_reports_name_namespace_labels_and_owners_in_order() {
        let name_fn: NameFn = super::super::names::name_is_dns_subdomain;
        let cases = vec![
            (json!({"metadata": {"namespace": "default"}}), vec!["metadata.name: Required value: name or generateName is required"]),
            (json!({"metadata": {"name": "ok"}}), vec!["metadata.namespace: Required value"]),
            (json!({"metadata": {"name": "ok", "namespace": "default", "generation": -1}}), vec!["metadata.generation: Invalid value: -1: must be greater than or equal to 0"]),
            (
                json!({"metadata": {"name": "ok", "namespace": "default", "labels": {"app": "-bad"}}}),
                vec!["metadata.labels: Invalid value: \"-bad\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"],
            ),
            (
                json!({"metadata": {"name": "ok", "namespace": "default", "ownerReferences": [{"apiVersion": "", "kind": "ReplicaSet", "name": "a", "uid": "1"}]}}),
                vec!["metadata.ownerReferences.apiVersion: Invalid value: \"\": version must not be empty"],
            ),
            (
                json!({"metadata": {"name": "ok", "namespace": "default", "finalizers": ["custom"]}}),
                vec!["metadata.finalizers[0]: Invalid value: \"custom\": name is neither a standard finalizer name nor is it fully qualified"],
            ),
        ];
        for (obj, want) in cases {
            assert_eq!(texts(&validate_object_meta(&obj, true, name_fn, &Path::new("metadata"))), want, "{obj}");
        }
    }

    #[test]
    fn two_controller_owners_are_rejected_with_both_names() {
        let obj = json!({"metadata": {"name": "p", "namespace": "d", "ownerReferences": [
            {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "a", "uid": "1", "controller": true},
            {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "b", "uid": "2", "controller": true}]}});
        let errs = validate_object_meta(&obj, true, super::super::names::name_is_dns_subdomain, &Path::new("metadata"));
        assert_eq!(errs.len(), 1);
        assert!(errs[0].to_string().ends_with(
            "Only one reference can have Controller set to true. Found \"true\" in references for ReplicaSet/a and ReplicaSet/b"
        ));
    }

    #[test]
    fn annotations_over_256_kib_are_too_long() {
        let big = "x".repeat(262_145);
        let errs = validate_annotations(Some(&[("a", big.as_str())]), &Path::new("metadata").child("annotations"));
        assert_eq!(texts(&errs), vec!["metadata.annotations: Too long: may not be more than 262144 bytes"]);
    }

    #[test]
    fn update_metadata_keeps_name_and_namespace_and_finalizers_of_deleting_objects() {
        let old = json!({"metadata": {"name": "a", "namespace": "d", "deletionTimestamp": "2024-01-01T00:00:00Z", "finalizers": ["x/y"]}});
        let new = json!({"metadata": {"name": "b", "namespace": "d", "finalizers": ["x/y", "x/z"]}});
        assert_eq!(
            texts(&validate_object_meta_update(&new, &old, &Path::new("metadata"))),
            vec![
                "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"x/z\"}",
                "metadata.name: Invalid value: \"b\": field is immutable",
            ]
        );
    }

    #[test]
    fn selectors_convert_and_match_like_labels_selector() {
        let sel = json!({"matchLabels": {"app": "web"}, "matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["db"]}]});
        let s = selector_from(Some(&sel)).unwrap();
        assert!(s.matches(&[("app", "web")]));
        assert!(!s.matches(&[("app", "web"), ("tier", "db")]));
        assert_eq!(selector_from(None), Some(Selector::Nothing));
        assert!(selector_from(Some(&json!({}))).unwrap().is_empty());
        assert_eq!(selector_from(Some(&json!({"matchExpressions": [{"key": "a", "operator": "Foo"}]}))), None);
        let errs = validate_label_selector(
            Some(&json!({"matchExpressions": [{"key": "a", "operator": "In"}]})),
            &Path::new("spec").child("selector"),
        );
        assert_eq!(
            texts(&errs),
            vec!["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"]
        );
    }
}
