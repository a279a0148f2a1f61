//! Client-side `kubectl apply`: the three-way strategic merge patch kubectl computes from the
//! last applied configuration, the new configuration and the live object (apimachinery
//! `strategicpatch.CreateThreeWayMergePatch`), and the object the apiserver makes of it. An
//! empty patch is what kubectl reports as `unchanged`.

use crate::json::put;
use std::cmp::Ordering;

use crate::json::{Map, Value};

use crate::kubectl::patch::strategic::{self, Schema};
use crate::manifest::schema::{self, TypeKind};

/// The annotation in which `kubectl apply` keeps the configuration it applied.
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

const DIRECTIVE: &str = "$patch";
const RETAIN_KEYS: &str = "$retainKeys";
const DELETE_FROM_PRIMITIVE_LIST: &str = "$deleteFromPrimitiveList";
const SET_ELEMENT_ORDER: &str = "$setElementOrder";

/// `DiffOptions` of strategicpatch.
#[derive(Clone, Copy, Default)]
struct DiffOptions {
    set_element_order: bool,
    ignore_changes_and_additions: bool,
    ignore_deletions: bool,
    build_retain_keys_directive: bool,
}

/// The patch metadata of one field: the schema of its value (of its elements for a list), its
/// patch strategy and merge key (`LookupPatchMeta`).
struct FieldMeta {
    schema: Schema,
    strategy: Option<&'static str>,
    merge_key: Option<&'static str>,
}

fn schema_of(ty: schema::Type) -> Schema {
    match ty.kind() {
        TypeKind::Object(def) => Schema::Struct(def),
        TypeKind::Map(elem) => Schema::Map(elem),
        TypeKind::Array(elem) => schema_of(elem),
        _ => Schema::Free,
    }
}

/// `LookupPatchMetadataForStruct`/`ForSlice`. A field the schema does not have (possible only
/// with `--validate=false`) is treated as free-form JSON.
fn lookup(schema: Schema, key: &str) -> FieldMeta {
    match schema {
        Schema::Struct(def) => match def.field(key) {
            Some(f) => {
                FieldMeta { schema: schema_of(f.ty()), strategy: f.patch_strategy(), merge_key: f.patch_merge_key() }
            }
            None => FieldMeta { schema: Schema::Free, strategy: None, merge_key: None },
        },
        Schema::Map(elem) => FieldMeta { schema: schema_of(elem), strategy: None, merge_key: None },
        Schema::Free => FieldMeta { schema: Schema::Free, strategy: None, merge_key: None },
    }
}

/// `extractRetainKeysPatchStrategy`: whether `retainKeys` is among the strategies, and the other one.
fn split_strategy(strategy: Option<&str>) -> (bool, &str) {
    let Some(s) = strategy else { return (false, "") };
    let mut retain = false;
    let mut other = "";
    for part in s.split(',') {
        if part == "retainKeys" {
            retain = true;
        } else {
            other = part;
        }
    }
    (retain, other)
}

/// Go's `reflect.DeepEqual` on decoded JSON, where every number is a float64.
fn go_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| go_equal(p, q)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| go_equal(v, w)))
        }
        _ => a == b,
    }
}

/// Whether two decoded JSON values have the same Go type (`reflect.TypeOf`).
fn same_type(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// `fmt.Sprintf("%v", v)` of a decoded JSON value, which orders and matches list elements.
fn go_v(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "<nil>".into(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => crate::kubectl::patch::gofmt::go_v(other),
    }
}

/// `sortScalars`: a stable sort by the `%v` text (Go's sort.Sort is not stable, but equal texts
/// are equal scalars here).
fn sort_scalars(mut s: Vec<Value>) -> Vec<Value> {
    s.sort_by_key(|v| go_v(Some(v)));
    s
}

/// `deduplicateScalars` (Go moves the last element into each duplicate's place).
fn deduplicate_scalars(mut s: Vec<Value>) -> Vec<Value> {
    let mut i = 0;
    while i < s.len() {
        let mut j = i + 1;
        while j < s.len() {
            if s[i] == s[j] {
                let last = s.len() - 1;
                s.swap(j, last);
                s.truncate(last);
            } else {
                j += 1;
            }
        }
        i += 1;
    }
    s
}

/// `diffMaps`: the patch that turns `original` into `modified` under `opts`.
fn diff_maps(
    original: &Map<String, Value>,
    modified: &Map<String, Value>,
    schema: Schema,
    opts: DiffOptions,
) -> Map<String, Value> {
    let mut patch = Map::new();
    let mut retain_keys = Vec::new();
    for (key, modified_value) in modified {
        if opts.build_retain_keys_directive && !modified_value.is_null() {
            retain_keys.push(Value::String(key.clone()));
        }
        let Some(original_value) = original.get(key) else {
            if !opts.ignore_changes_and_additions {
                patch.insert(key.clone(), modified_value.clone());
            }
            continue;
        };
        if key == DIRECTIVE {
            if original_value != modified_value {
                patch.insert(key.clone(), modified_value.clone());
            }
            continue;
        }
        if !same_type(original_value, modified_value) {
            if !opts.ignore_changes_and_additions {
                patch.insert(key.clone(), modified_value.clone());
            }
            continue;
        }
        match (original_value, modified_value) {
            (Value::Object(o), Value::Object(m)) => {
                let meta = lookup(schema, key);
                let (retain, strategy) = split_strategy(meta.strategy);
                if strategy == "replace" {
                    if !opts.ignore_changes_and_additions {
                        patch.insert(key.clone(), modified_value.clone());
                    }
                } else {
                    let sub = diff_maps(o, m, meta.schema, DiffOptions { build_retain_keys_directive: retain, ..opts });
                    if !sub.is_empty() {
                        patch.insert(key.clone(), Value::Object(sub));
                    }
                }
            }
            (Value::Array(o), Value::Array(m)) => {
                let meta = lookup(schema, key);
                let (retain, strategy) = split_strategy(meta.strategy);
                if strategy == "merge" {
                    let opts = DiffOptions { build_retain_keys_directive: retain, ..opts };
                    let lists = diff_lists(o, m, meta.schema, meta.merge_key.unwrap_or(""), opts);
                    if !lists.add.is_empty() {
                        patch.insert(key.clone(), Value::Array(lists.add));
                    }
                    if !lists.delete.is_empty() {
                        patch.insert(format!("{DELETE_FROM_PRIMITIVE_LIST}/{key}"), Value::Array(lists.delete));
                    }
                    if !lists.order.is_empty() {
                        patch.insert(format!("{SET_ELEMENT_ORDER}/{key}"), Value::Array(lists.order));
                    }
                } else {
                    replace_if_not_equal(&mut patch, key, original_value, modified_value, opts);
                }
            }
            _ => replace_if_not_equal(&mut patch, key, original_value, modified_value, opts),
        }
    }
    if !opts.ignore_deletions {
        for key in original.keys() {
            if !modified.contains_key(key) {
                patch.insert(key.clone(), Value::Null);
            }
        }
    }
    let has_additional_new_field = original.iter().any(|(k, v)| !v.is_null() && !modified.contains_key(k));
    if !retain_keys.is_empty() && (!patch.is_empty() || has_additional_new_field) {
        patch.insert(RETAIN_KEYS.into(), Value::Array(sort_scalars(retain_keys)));
    }
    patch
}

/// `replacePatchFieldIfNotEqual`.
fn replace_if_not_equal(
    patch: &mut Map<String, Value>,
    key: &str,
    original: &Value,
    modified: &Value,
    opts: DiffOptions,
) {
    if !opts.ignore_changes_and_additions && !go_equal(original, modified) {
        patch.insert(key.to_string(), modified.clone());
    }
}

/// What `diffLists` returns: the patch list, the parallel deletion list of a list of scalars,
/// and the `$setElementOrder` list.
#[derive(Default)]
struct ListDiff {
    add: Vec<Value>,
    delete: Vec<Value>,
    order: Vec<Value>,
}

/// `diffLists` for a list whose strategy is `merge`.
fn diff_lists(original: &[Value], modified: &[Value], schema: Schema, merge_key: &str, opts: DiffOptions) -> ListDiff {
    if original.is_empty() {
        if modified.is_empty() || opts.ignore_changes_and_additions {
            return ListDiff::default();
        }
        return ListDiff { add: modified.to_vec(), ..ListDiff::default() };
    }
    let maps = original.first().is_some_and(Value::is_object);
    if maps {
        let (patch, deletions) = diff_lists_of_maps(original, modified, schema, merge_key, opts);
        let mut add = normalize_slice_order(patch, modified, merge_key, true);
        let order_same = original.len() == modified.len()
            && original.iter().zip(modified).all(|(o, m)| go_v(o.get(merge_key)) == go_v(m.get(merge_key)));
        add.extend(deletions);
        let mut order = Vec::new();
        if opts.set_element_order
            && ((!opts.ignore_changes_and_additions && (!add.is_empty() || !order_same))
                || (!opts.ignore_deletions && !add.is_empty()))
        {
            order = modified
                .iter()
                .map(|m| {
                    let mut one = Map::new();
                    one.insert(merge_key.to_string(), m.get(merge_key).cloned().unwrap_or(Value::Null));
                    Value::Object(one)
                })
                .collect();
        }
        ListDiff { add, delete: Vec::new(), order }
    } else {
        let (add, delete) = diff_lists_of_scalars(original, modified, opts);
        let add = normalize_slice_order(add, modified, merge_key, false);
        let same = original.len() == modified.len() && original.iter().zip(modified).all(|(a, b)| go_equal(a, b));
        let mut order = Vec::new();
        if opts.set_element_order
            && ((!opts.ignore_deletions && !delete.is_empty()) || (!opts.ignore_changes_and_additions && !same))
        {
            order = modified.to_vec();
        }
        ListDiff { add, delete, order }
    }
}

/// `diffListsOfScalars`: additions and deletions of two lists compared as sorted `%v` texts.
fn diff_lists_of_scalars(original: &[Value], modified: &[Value], opts: DiffOptions) -> (Vec<Value>, Vec<Value>) {
    let original = sort_scalars(original.to_vec());
    let modified = sort_scalars(modified.to_vec());
    let (mut i, mut j) = (0, 0);
    let mut add = Vec::new();
    let mut delete = Vec::new();
    while i < original.len() || j < modified.len() {
        let o = original.get(i).map(|v| go_v(Some(v)));
        let m = modified.get(j).map(|v| go_v(Some(v)));
        match (o, m) {
            (Some(o), Some(m)) if o == m => {
                i += 1;
                j += 1;
            }
            (Some(o), Some(m)) if o > m => {
                if !opts.ignore_changes_and_additions {
                    add.push(modified[j].clone());
                }
                j += 1;
            }
            (None, Some(_)) => {
                if !opts.ignore_changes_and_additions {
                    add.push(modified[j].clone());
                }
                j += 1;
            }
            _ => {
                if !opts.ignore_deletions {
                    delete.push(original[i].clone());
                }
                i += 1;
            }
        }
    }
    (add, deduplicate_scalars(delete))
}

/// `diffListsOfMaps`: elements matched by their merge key (both lists sorted by its `%v` text).
fn diff_lists_of_maps(
    original: &[Value],
    modified: &[Value],
    schema: Schema,
    merge_key: &str,
    opts: DiffOptions,
) -> (Vec<Value>, Vec<Value>) {
    let sorted = |list: &[Value]| {
        let mut l: Vec<Value> = list.to_vec();
        l.sort_by_key(|v| go_v(v.get(merge_key)));
        l
    };
    let original = sorted(original);
    let modified = sorted(modified);
    let empty = Map::new();
    let (mut i, mut j) = (0, 0);
    let mut patch = Vec::new();
    let mut deletions = Vec::new();
    while i < original.len() || j < modified.len() {
        let o = original.get(i).map(|v| go_v(v.get(merge_key)));
        let m = modified.get(j).map(|v| go_v(v.get(merge_key)));
        let step = match (&o, &m) {
            (Some(o), Some(m)) => o.cmp(m),
            (None, Some(_)) => Ordering::Greater,
            _ => Ordering::Less,
        };
        match step {
            Ordering::Equal => {
                let om = original[i].as_object().unwrap_or(&empty);
                let mm = modified[j].as_object().unwrap_or(&empty);
                let mut sub = diff_maps(om, mm, schema, opts);
                if !sub.is_empty() {
                    sub.insert(merge_key.to_string(), mm.get(merge_key).cloned().unwrap_or(Value::Null));
                    patch.push(Value::Object(sub));
                }
                i += 1;
                j += 1;
            }
            Ordering::Greater => {
                if !opts.ignore_changes_and_additions {
                    patch.push(modified[j].clone());
                }
                j += 1;
            }
            Ordering::Less => {
                if !opts.ignore_deletions {
                    let mut directive = Map::new();
                    directive.insert(DIRECTIVE.into(), Value::from("delete"));
                    directive.insert(merge_key.to_string(), original[i].get(merge_key).cloned().unwrap_or(Value::Null));
                    deletions.push(Value::Object(directive));
                }
                i += 1;
            }
        }
    }
    (patch, deletions)
}

/// `normalizeSliceOrder`: the patch list in the order of `order` (delete directives last).
fn normalize_slice_order(to_sort: Vec<Value>, order: &[Value], merge_key: &str, maps: bool) -> Vec<Value> {
    let (mut keep, delete): (Vec<Value>, Vec<Value>) = if maps {
        to_sort.into_iter().partition(|v| v.get(DIRECTIVE).and_then(Value::as_str) != Some("delete"))
    } else {
        (to_sort, Vec::new())
    };
    let index = |v: &Value| -> Option<usize> {
        if maps {
            let k = go_v(v.get(merge_key));
            order.iter().position(|o| go_v(o.get(merge_key)) == k)
        } else {
            order.iter().position(|o| go_equal(o, v))
        }
    };
    keep.sort_by(|a, b| match (index(a), index(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => Ordering::Equal,
    });
    keep.extend(delete);
    keep
}

/// What `kubectl apply` makes of an object that exists: the patch it sends (empty means
/// `unchanged`) and the object the apiserver stores after applying it.
pub struct ThreeWay {
    /// The patch as kubectl prints it in errors (compact JSON, keys sorted).
    pub patch: Value,
    pub changed: bool,
    pub merged: Value,
}

/// `CreateThreeWayMergePatch` (with overwrite, as `kubectl apply` calls it) for an object of the
/// OpenAPI definition `definition`, then the server's `StrategicMergePatch` of the live object.
/// `Err` is the apiserver's text for a patch it cannot apply.
pub fn three_way(
    definition: &str,
    original: Option<&Value>,
    modified: &Value,
    current: &Value,
) -> Result<ThreeWay, strategic::SmpError> {
    let schema = schema::definition(definition).map_or(Schema::Free, Schema::Struct);
    let empty = Map::new();
    let original = original.and_then(Value::as_object).unwrap_or(&empty);
    let modified = modified.as_object().unwrap_or(&empty);
    let current_map = current.as_object().cloned().unwrap_or_default();
    let delta = diff_maps(
        &current_map,
        modified,
        schema,
        DiffOptions { ignore_deletions: true, set_element_order: true, ..DiffOptions::default() },
    );
    let deletions = diff_maps(
        original,
        modified,
        schema,
        DiffOptions { ignore_changes_and_additions: true, set_element_order: true, ..DiffOptions::default() },
    );
    let changed = !delta.is_empty() || !deletions.is_empty();
    let patch = Value::Object(combine(deletions.clone(), delta.clone()));
    if !changed {
        return Ok(ThreeWay { patch, changed, merged: current.clone() });
    }
    // Deletions then additions: the combined patch applied in two steps.
    let merged = strategic::apply(current_map, deletions, schema)?;
    let merged = strategic::apply(merged, delta, schema)?;
    Ok(ThreeWay { patch, changed, merged: Value::Object(merged) })
}

/// The deletions and the delta as one patch (for printing), as `mergeMap` without parallel
/// lists joins them: maps merge key by key, a directive both carry is kept once, lists join.
fn combine(mut deletions: Map<String, Value>, delta: Map<String, Value>) -> Map<String, Value> {
    for (k, v) in delta {
        let merged = match (deletions.remove(&k), v) {
            (Some(Value::Object(a)), Value::Object(b)) => Value::Object(combine(a, b)),
            (Some(kept), _) if k.starts_with('$') => kept,
            (Some(Value::Array(mut a)), Value::Array(b)) => {
                a.extend(b);
                Value::Array(a)
            }
            (_, v) => v,
        };
        deletions.insert(k, merged);
    }
    deletions
}

/// The configuration as `kubectl apply` records it: Go's compact JSON (keys sorted, `<`, `>` and
/// `&` escaped) without the annotation itself (its map kept, possibly empty), ending in a newline.
pub fn last_applied_json(modified: &Value) -> String {
    let mut v = modified.clone();
    if let Some(ann) = v.pointer_mut("/metadata/annotations").and_then(Value::as_object_mut) {
        ann.remove(LAST_APPLIED);
    } else if let Some(meta) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        put(meta, "annotations", Value::Object(Map::new()));
    }
    let mut s = String::new();
    crate::kubectl::jsonpath::go_json_compact(&mut s, &v);
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    const DEPLOYMENT: &str = "io.k8s.api.apps.v1.Deployment";
    const POD: &str = "io.k8s.api.core.v1.Pod";

    fn run(definition: &str, original: &Value, modified: &Value, current: &Value) -> ThreeWay {
        three_way(definition, Some(original), modified, current).unwrap()
    }

    #[test]
    fn a_field_removed_from_the_file_is_removed_from_the_object() {
        let original = json!({"spec": {"replicas": 2, "paused": true}});
        let modified = json!({"spec": {"replicas": 2}});
        let current = json!({"spec": {"replicas": 2, "paused": true, "revisionHistoryLimit": 10}});
        let r = run(DEPLOYMENT, &original, &modified, &current);
        assert!(r.changed);
        assert_eq!(r.patch, json!({"spec": {"paused": null}}));
        assert_eq!(r.merged, json!({"spec": {"replicas": 2, "revisionHistoryLimit": 10}}));
    }

    #[test]
    fn the_same_file_again_is_unchanged_even_with_server_defaults() {
        let original =
            json!({"spec": {"replicas": 2, "template": {"spec": {"containers": [{"name": "a", "image": "x"}]}}}});
        let current = json!({
            "spec": {"replicas": 2, "revisionHistoryLimit": 10, "template": {"spec": {"containers": [
                {"name": "a", "image": "x", "imagePullPolicy": "Always"}]}}},
            "status": {"replicas": 2}
        });
        let r = run(DEPLOYMENT, &original, &original, &current);
        assert!(!r.changed);
        assert_eq!(r.patch, json!({}));
    }

    #[test]
    fn numbers_compare_as_go_compares_float64s() {
        let original = json!({"spec": {"replicas": 2}});
        let r = run(DEPLOYMENT, &original, &json!({"spec": {"replicas": 2.0}}), &original);
        assert!(!r.changed);
    }

    #[test]
    fn a_value_changed_by_someone_else_is_set_back_to_the_file() {
        let original = json!({"spec": {"replicas": 2}});
        let current = json!({"spec": {"replicas": 5}});
        let r = run(DEPLOYMENT, &original, &original, &current);
        assert!(r.changed);
        assert_eq!(r.merged["spec"]["replicas"], 2);
    }

    #[test]
    fn containers_merge_by_name_keeping_server_defaults() {
        let spec = |containers: Value| json!({"spec": {"template": {"spec": {"containers": containers}}}});
        let original = spec(json!([{"name": "a", "image": "x:1"}]));
        let modified = spec(json!([{"name": "a", "image": "x:2"}]));
        let current = spec(json!([{"name": "a", "image": "x:1", "imagePullPolicy": "IfNotPresent"}]));
        let r = run(DEPLOYMENT, &original, &modified, &current);
        assert_eq!(
            r.patch,
            spec(json!([{"name": "a", "image": "x:2"}]))
                .pointer("/spec/template/spec")
                .map(|s| json!({"spec": {"template": {"spec": {
                    "$setElementOrder/containers": [{"name": "a"}],
                    "containers": s["containers"].clone()
                }}}}))
                .unwrap()
        );
        assert_eq!(r.merged, spec(json!([{"name": "a", "image": "x:2", "imagePullPolicy": "IfNotPresent"}])));
    }

    #[test]
    fn a_container_dropped_from_the_file_is_dropped() {
        let spec = |containers: Value| json!({"spec": {"template": {"spec": {"containers": containers}}}});
        let original = spec(json!([{"name": "a"}, {"name": "b"}]));
        let modified = spec(json!([{"name": "a"}]));
        let r = run(DEPLOYMENT, &original, &modified, &original);
        assert!(r.changed);
        assert_eq!(r.merged, spec(json!([{"name": "a"}])));
    }

    #[test]
    fn a_list_the_server_added_to_makes_every_apply_a_change_as_in_kubectl() {
        // The apiserver adds the service account token volume and mount to a Pod; the volume list
        // then differs in length from the file's, so kubectl sends a `$setElementOrder` patch.
        let file = json!({"spec": {"volumes": [{"name": "cache", "emptyDir": {}}]}});
        let live = json!({"spec": {"volumes": [{"name": "cache", "emptyDir": {}}, {"name": "kube-api-access-x"}]}});
        let r = run(POD, &file, &file, &live);
        assert!(r.changed);
        assert_eq!(r.patch, json!({"spec": {"$setElementOrder/volumes": [{"name": "cache"}]}}));
        assert_eq!(r.merged, live);
    }

    #[test]
    fn an_atomic_list_the_server_filled_in_is_sent_again() {
        let file = json!({"spec": {"tolerations": [{"key": "a", "operator": "Exists"}]}});
        let live = json!({"spec": {"tolerations": [{"key": "a", "operator": "Exists"}, {"key": "b"}]}});
        let r = run(POD, &file, &file, &live);
        assert_eq!(r.patch, file);
    }

    #[test]
    fn switching_a_deployment_to_recreate_drops_the_rolling_update_parameters() {
        let original = json!({"spec": {"strategy": {"type": "RollingUpdate"}}});
        let modified = json!({"spec": {"strategy": {"type": "Recreate"}}});
        let current = json!({"spec": {"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%"}}}});
        let r = run(DEPLOYMENT, &original, &modified, &current);
        assert_eq!(r.patch, json!({"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}}));
        assert_eq!(r.merged, modified);
    }

    #[test]
    fn finalizers_merge_as_a_list_of_scalars() {
        let original = json!({"metadata": {"finalizers": ["a/x", "b/y"]}});
        let modified = json!({"metadata": {"finalizers": ["a/x"]}});
        let current = json!({"metadata": {"finalizers": ["a/x", "b/y", "c/z"]}});
        let r = run(POD, &original, &modified, &current);
        assert_eq!(
            r.patch,
            json!({"metadata": {"$deleteFromPrimitiveList/finalizers": ["b/y"], "$setElementOrder/finalizers": ["a/x"]}})
        );
        assert_eq!(r.merged, json!({"metadata": {"finalizers": ["a/x", "c/z"]}}));
    }

    #[test]
    fn the_recorded_configuration_is_go_json_with_a_newline() {
        let v = json!({"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "p", "annotations": {LAST_APPLIED: "x", "a": "<b> & c"}}});
        assert_eq!(
            last_applied_json(&v),
            "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"annotations\":{\"a\":\"\\u003cb\\u003e \\u0026 c\"},\"name\":\"p\"}}\n"
        );
        let bare = json!({"metadata": {"name": "p"}});
        assert_eq!(last_applied_json(&bare), "{\"metadata\":{\"annotations\":{},\"name\":\"p\"}}\n");
    }
}
