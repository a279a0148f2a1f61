//! Strategic merge patch as the apiserver applies it (apimachinery `strategicpatch`, with
//! `MergeParallelList` and `IgnoreUnmatchedNulls`): maps merge key by key, `null` deletes, lists
//! whose field has `x-kubernetes-patch-strategy: merge` merge by their patch merge key (scalars by
//! value), other lists are replaced; the directives `$patch: replace|delete|merge`, `$retainKeys`,
//! `$deleteFromPrimitiveList/<field>` and `$setElementOrder/<field>` are honoured.

use crate::json::{Map, Value};

use super::gofmt::go_v;
use crate::manifest::schema::{Def, Type, TypeKind};

const DIRECTIVE: &str = "$patch";
const RETAIN_KEYS: &str = "$retainKeys";
const DELETE_FROM_PRIMITIVE_LIST: &str = "$deleteFromPrimitiveList";
const SET_ELEMENT_ORDER: &str = "$setElementOrder";

/// Why a strategic merge patch could not be applied, with the apiserver's status for it
/// (`interpretStrategicMergePatchError`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SmpError {
    /// 400 Bad Request.
    BadRequest(String),
    /// 422 with the generic message.
    Unprocessable(String),
    /// Any other error: a 500 whose message is the error's text.
    Other(String),
}

/// Where a value sits in the schema: a struct, a map of values of one type, or free-form JSON.
#[derive(Clone, Copy, Debug)]
pub enum Schema {
    Struct(Def),
    Map(Type),
    Free,
}

impl Schema {
    fn of(ty: Type) -> Schema {
        match ty.kind() {
            TypeKind::Object(def) => Schema::Struct(def),
            TypeKind::Map(elem) => Schema::Map(elem),
            TypeKind::Array(elem) => Schema::of(elem),
            _ => Schema::Free,
        }
    }

    /// `LookupPatchMetadataForStruct` / `ForSlice`: the schema of `key`'s value (for a list, of its
    /// elements), its patch strategy and merge key.
    fn lookup(self, key: &str) -> Result<(Schema, Option<&'static str>, Option<&'static str>), SmpError> {
        match self {
            Schema::Map(elem) => Ok((Schema::of(elem), None, None)),
            Schema::Free => Ok((Schema::Free, None, None)),
            Schema::Struct(def) => match def.field(key) {
                Some(f) => Ok((Schema::of(f.ty()), f.patch_strategy(), f.patch_merge_key())),
                None => Err(SmpError::Other(format!(
                    "unable to find api field in struct {} for the json field {}",
                    def.go_name(),
                    crate::manifest::field::go_quote(key)
                ))),
            },
        }
    }

    fn name(self) -> String {
        match self {
            Schema::Struct(def) => def.go_name().to_string(),
            _ => String::new(),
        }
    }
}

/// `StrategicMergeMapPatch`: `patch` applied to `original` (both JSON objects).
pub fn apply(
    original: Map<String, Value>,
    patch: Map<String, Value>,
    schema: Schema,
) -> Result<Map<String, Value>, SmpError> {
    merge_map(original, patch, schema)
}

/// The non-`merge` part of a field's patch strategy (`extractRetainKeysPatchStrategy`).
fn strategy(s: Option<&str>) -> Result<&str, SmpError> {
    let Some(s) = s else { return Ok("") };
    let parts: Vec<&str> = s.split(',').collect();
    match parts[..] {
        ["retainKeys"] => Ok(""),
        [one] => Ok(one),
        ["retainKeys", b] => Ok(b),
        [a, "retainKeys"] => Ok(a),
        _ => Err(SmpError::Other(format!("unexpected patch strategy: [{}]", parts.join(" ")))),
    }
}

fn bad_patch_type(directive: &Value, patch: &Map<String, Value>) -> SmpError {
    SmpError::Other(format!("unknown patch type: {} in map: {}", go_v(directive), go_v(&Value::Object(patch.clone()))))
}

/// `mergeMap`.
fn merge_map(
    mut original: Map<String, Value>,
    mut patch: Map<String, Value>,
    schema: Schema,
) -> Result<Map<String, Value>, SmpError> {
    if let Some(directive) = patch.get(DIRECTIVE).cloned() {
        return match directive.as_str() {
            Some("replace") => {
                patch.remove(DIRECTIVE);
                Ok(patch)
            }
            Some("delete") => Ok(Map::new()),
            _ => Err(bad_patch_type(&directive, &patch)),
        };
    }
    apply_retain_keys(&mut original, &mut patch)?;
    merge_patch_into_original(&mut original, &mut patch, schema)?;
    for (key, patch_value) in patch {
        let (key, is_delete_list) = match key.strip_prefix(DELETE_FROM_PRIMITIVE_LIST) {
            Some(rest) => match rest.strip_prefix('/') {
                Some(k) => (k.to_string(), true),
                None => return Err(SmpError::BadRequest("invalid patch format of primitive list".into())),
            },
            None => (key, false),
        };
        if patch_value.is_null() {
            original.remove(&key);
            continue;
        }
        let Some(current) = original.get(&key) else {
            if !is_delete_list {
                let mut v = patch_value;
                discard_nulls(&mut v);
                match remove_directives(v) {
                    Some(v) => original.insert(key, v),
                    None => original.remove(&key),
                };
            }
            continue;
        };
        if !same_json_type(current, &patch_value) {
            if !is_delete_list {
                let mut v = patch_value;
                discard_nulls(&mut v);
                match remove_directives(v) {
                    Some(v) => original.insert(key, v),
                    None => original.remove(&key),
                };
            }
            continue;
        }
        let current = original.remove(&key).unwrap_or(Value::Null);
        let merged = match (current, patch_value) {
            (Value::Object(o), Value::Object(p)) => {
                let (sub, strat, _) = schema.lookup(&key)?;
                if strategy(strat)? == "replace" {
                    Some(Value::Object(p))
                } else {
                    Some(Value::Object(merge_map(o, p, sub)?))
                }
            }
            (Value::Array(o), Value::Array(p)) => {
                let (sub, strat, merge_key) = schema.lookup(&key)?;
                if strategy(strat)? == "merge" || is_delete_list {
                    Some(Value::Array(merge_slice(o, p, sub, merge_key.unwrap_or(""), is_delete_list)?))
                } else {
                    Some(Value::Array(p))
                }
            }
            (_, p) => remove_directives(p),
        };
        if let Some(v) = merged {
            original.insert(key, v);
        }
    }
    Ok(original)
}

/// `mergePatchIntoOriginal`: each `$setElementOrder/<field>` directive merges its field's list
/// (then gone from the patch) and orders it: the directive's order first, then the live list's.
fn merge_patch_into_original(
    original: &mut Map<String, Value>,
    patch: &mut Map<String, Value>,
    schema: Schema,
) -> Result<(), SmpError> {
    let keys: Vec<String> = patch.keys().filter(|k| k.starts_with(SET_ELEMENT_ORDER)).cloned().collect();
    for key in keys {
        let Some(order_value) = patch.remove(&key) else { continue };
        let Value::Array(order) = order_value else {
            return Err(bad_arg_type("[]interface {}", &order_value));
        };
        let field = match key.split_once('/') {
            Some((SET_ELEMENT_ORDER, field)) => field.to_string(),
            _ => return Err(SmpError::BadRequest("invalid patch format of setElementOrder list".into())),
        };
        let list_of = |m: &Map<String, Value>| -> Result<Option<Vec<Value>>, SmpError> {
            match m.get(&field) {
                None => Ok(None),
                Some(Value::Array(items)) => Ok(Some(items.clone())),
                Some(other) => Err(bad_arg_type("[]interface {}", other)),
            }
        };
        let original_list = list_of(original)?;
        let patch_list = list_of(patch)?;
        let (sub, strat, merge_key) = schema.lookup(&field)?;
        let strat = strategy(strat)?;
        let merge_key = merge_key.unwrap_or("");
        validate_patch_with_set_order_list(patch_list.as_deref().unwrap_or_default(), &order, merge_key)?;
        let merged = match (&original_list, &patch_list) {
            (Some(o), None) => o.clone(),
            (None, Some(p)) => match remove_directives(Value::Array(p.clone())) {
                Some(Value::Array(items)) => items,
                _ => continue,
            },
            (Some(o), Some(p)) => {
                if strat == "merge" {
                    merge_slice(o.clone(), p.clone(), sub, merge_key, false)?
                } else {
                    p.clone()
                }
            }
            (None, None) => continue,
        };
        let by_key = if merge_key.is_empty() { ElemKind::Other } else { ElemKind::Map };
        let (patch_items, server_only) = partition(&merged, &order, merge_key, by_key)?;
        let original_items = original_list.unwrap_or_default();
        let kind = element_kind(&[&original_items, patch_list.as_deref().unwrap_or_default()])?;
        let both = normalize_element_order(patch_items, server_only, &order, &original_items, merge_key, kind)?;
        original.insert(field.clone(), Value::Array(both));
        patch.remove(&field);
    }
    Ok(())
}

/// `validatePatchWithSetOrderList`: the patch list's items (deletions aside) must come in the
/// directive's order.
fn validate_patch_with_set_order_list(patch_list: &[Value], order: &[Value], merge_key: &str) -> Result<(), SmpError> {
    if order.is_empty() || patch_list.is_empty() {
        return Ok(());
    }
    let mut non_delete: Vec<&Value> = Vec::new();
    for v in patch_list {
        if !merge_key.is_empty() {
            if !v.is_object() {
                return Err(bad_arg_type("map[string]interface {}", v));
            }
            if v.get(DIRECTIVE).and_then(Value::as_str) == Some("delete") {
                continue;
            }
        }
        non_delete.push(v);
    }
    let (mut p, mut o) = (0, 0);
    while let (Some(item), Some(ordered)) = (non_delete.get(p), order.get(o)) {
        if item.as_object().is_some_and(|m| m.contains_key(DIRECTIVE)) {
            p += 1;
            continue;
        }
        if merge_key_value_equal(item, ordered, merge_key)? {
            p += 1;
        }
        o += 1;
    }
    if p < non_delete.len() && o >= order.len() {
        return Err(SmpError::Other(format!(
            "The order in patch list:\n{}\n doesn't match {SET_ELEMENT_ORDER} list:\n{}\n",
            go_v(&Value::Array(patch_list.to_vec())),
            go_v(&Value::Array(order.to_vec()))
        )));
    }
    Ok(())
}

/// `mergeKeyValueEqual`.
fn merge_key_value_equal(left: &Value, right: &Value, merge_key: &str) -> Result<bool, SmpError> {
    if merge_key.is_empty() {
        return Ok(left == right);
    }
    let Value::Object(l) = left else { return Err(bad_arg_type("map[string]interface {}", left)) };
    let Value::Object(r) = right else { return Err(bad_arg_type("map[string]interface {}", right)) };
    let Some(lv) = l.get(merge_key) else { return Err(no_merge_key(l, merge_key)) };
    let Some(rv) = r.get(merge_key) else { return Err(no_merge_key(r, merge_key)) };
    Ok(lv == rv)
}

/// `mergepatch.ErrBadArgType`: the Go type expected and the one found.
fn bad_arg_type(expected: &str, actual: &Value) -> SmpError {
    let found = match actual {
        Value::Null => "%!s(<nil>)",
        Value::Bool(_) => "bool",
        Value::Number(n) if is_int(n) => "int64",
        Value::Number(_) => "float64",
        Value::String(_) => "string",
        Value::Array(_) => "[]interface {}",
        Value::Object(_) => "map[string]interface {}",
    };
    SmpError::Other(format!("expected a {expected}, but received a {found}"))
}

/// Whether Go's reflect would see the two decoded values as the same type (numbers decode as
/// int64 or float64).
fn same_json_type(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => is_int(x) == is_int(y),
        (Value::String(_), Value::String(_))
        | (Value::Bool(_), Value::Bool(_))
        | (Value::Array(_), Value::Array(_))
        | (Value::Object(_), Value::Object(_)) => true,
        _ => false,
    }
}

fn is_int(n: &crate::json::Number) -> bool {
    n.is_i64() || n.is_u64()
}

/// `applyRetainKeysDirective`.
fn apply_retain_keys(original: &mut Map<String, Value>, patch: &mut Map<String, Value>) -> Result<(), SmpError> {
    let Some(list) = patch.remove(RETAIN_KEYS) else { return Ok(()) };
    let bad = || SmpError::BadRequest("invalid patch format of retainKeys".into());
    let Value::Array(keys) = list else { return Err(bad()) };
    let keep: Vec<&str> = keys.iter().filter_map(Value::as_str).collect();
    for (k, v) in patch.iter() {
        if v.is_null() || k.starts_with(DELETE_FROM_PRIMITIVE_LIST) || k.starts_with(SET_ELEMENT_ORDER) {
            continue;
        }
        if !keep.contains(&k.as_str()) {
            return Err(bad());
        }
    }
    original.retain(|k, _| keep.contains(&k.as_str()));
    Ok(())
}

/// `discardNullValuesFromPatch`.
fn discard_nulls(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|_, x| !x.is_null());
            m.values_mut().for_each(discard_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(discard_nulls),
        _ => {}
    }
}

/// `removeDirectives`: maps carrying `$patch` vanish; `None` means "do not keep".
fn remove_directives(v: Value) -> Option<Value> {
    match v {
        Value::Object(m) => {
            if m.contains_key(DIRECTIVE) {
                return None;
            }
            let mut out = Map::new();
            for (k, x) in m {
                if let Some(x) = remove_directives(x) {
                    out.insert(k, x);
                }
            }
            Some(Value::Object(out))
        }
        Value::Array(items) => Some(Value::Array(items.into_iter().filter_map(remove_directives).collect())),
        other => Some(other),
    }
}

/// What Go's reflect.Kind of an element is, for the list functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ElemKind {
    Map,
    Other,
}

/// `sliceElementType`: all elements of the lists must share a type; lists of lists are refused.
fn element_kind(lists: &[&[Value]]) -> Result<ElemKind, SmpError> {
    let mut first: Option<&Value> = None;
    for list in lists {
        for v in list.iter() {
            match first {
                None => {
                    if v.is_array() {
                        return Err(SmpError::Unprocessable("lists of lists are not supported".into()));
                    }
                    first = Some(v);
                }
                Some(f) => {
                    if !(same_json_type(f, v) || f.is_null() && v.is_null()) {
                        let shown: Vec<String> = lists.iter().map(|l| go_v(&Value::Array(l.to_vec()))).collect();
                        return Err(SmpError::Other(format!(
                            "list element types are not identical: [{}]",
                            shown.join(" ")
                        )));
                    }
                }
            }
        }
    }
    match first {
        None => Err(SmpError::Other("no elements in any of the given slices".into())),
        Some(Value::Object(_)) => Ok(ElemKind::Map),
        Some(_) => Ok(ElemKind::Other),
    }
}

fn no_merge_key(m: &Map<String, Value>, key: &str) -> SmpError {
    SmpError::Other(format!("map: {} does not contain declared merge key: {key}", go_v(&Value::Object(m.clone()))))
}

/// `mergeSlice`.
fn merge_slice(
    original: Vec<Value>,
    patch: Vec<Value>,
    schema: Schema,
    merge_key: &str,
    is_delete_list: bool,
) -> Result<Vec<Value>, SmpError> {
    if original.is_empty() && patch.is_empty() {
        return Ok(original);
    }
    let kind = element_kind(&[&original, &patch])?;
    let (original, patch, merged) = if kind != ElemKind::Map {
        if is_delete_list {
            return Ok(original.into_iter().filter(|v| !patch.contains(v)).collect());
        }
        let mut both = original.clone();
        both.extend(patch.iter().cloned());
        (original, patch, deduplicate_scalars(both))
    } else {
        if merge_key.is_empty() {
            return Err(SmpError::Other(format!("cannot merge lists without merge key for {}", schema.name())));
        }
        let (original, patch) = merge_special_elements(original, patch, merge_key)?;
        let merged = merge_without_special_elements(original.clone(), patch.clone(), merge_key, schema)?;
        (original, patch, merged)
    };
    let key = if kind == ElemKind::Map { merge_key } else { "" };
    let (patch_items, server_only) = partition(&merged, &patch, key, kind)?;
    normalize_element_order(patch_items, server_only, &patch, &original, key, kind)
}

/// Go's `deduplicateScalars`, which moves the last element into each duplicate's place.
fn deduplicate_scalars(mut s: Vec<Value>) -> Vec<Value> {
    let mut length = s.len().saturating_sub(1) as isize;
    let mut i: isize = 0;
    while i < length {
        let mut j = i + 1;
        while j <= length {
            if s[i as usize] == s[j as usize] {
                s[j as usize] = s[length as usize].clone();
                s.truncate(length as usize);
                length -= 1;
                j -= 1;
            }
            j += 1;
        }
        i += 1;
    }
    s
}

/// `mergeSliceWithSpecialElements`.
fn merge_special_elements(
    mut original: Vec<Value>,
    patch: Vec<Value>,
    merge_key: &str,
) -> Result<(Vec<Value>, Vec<Value>), SmpError> {
    let mut plain = Vec::new();
    let mut replace = false;
    for v in patch {
        let Value::Object(m) = &v else {
            plain.push(v);
            continue;
        };
        let Some(directive) = m.get(DIRECTIVE) else {
            plain.push(v);
            continue;
        };
        match directive.as_str() {
            Some("delete") => {
                let Some(key_value) = m.get(merge_key) else { return Err(no_merge_key(m, merge_key)) };
                original.retain(|o| o.get(merge_key) != Some(key_value));
            }
            Some("replace") => replace = true,
            Some("merge") => {
                return Err(SmpError::Other("merging lists cannot yet be specified in the patch".into()));
            }
            _ => return Err(bad_patch_type(directive, m)),
        }
    }
    if replace {
        return Ok((plain, Vec::new()));
    }
    Ok((original, plain))
}

/// `mergeSliceWithoutSpecialElements`.
fn merge_without_special_elements(
    mut original: Vec<Value>,
    patch: Vec<Value>,
    merge_key: &str,
    schema: Schema,
) -> Result<Vec<Value>, SmpError> {
    for v in patch {
        let Value::Object(m) = v else {
            return Err(SmpError::Other("expected a map, but received a slice".into()));
        };
        let Some(key_value) = m.get(merge_key).cloned() else { return Err(no_merge_key(&m, merge_key)) };
        let mut found = None;
        for (i, o) in original.iter().enumerate() {
            let Value::Object(om) = o else {
                return Err(SmpError::Other(format!("value for key {i} is not a map")));
            };
            if om.get(merge_key) == Some(&key_value) {
                found = Some(i);
                break;
            }
        }
        match found {
            Some(i) => {
                let current = match std::mem::take(&mut original[i]) {
                    Value::Object(om) => om,
                    _ => Map::new(),
                };
                original[i] = Value::Object(merge_map(current, m, schema)?);
            }
            None => original.push(Value::Object(m)),
        }
    }
    Ok(original)
}

/// The value an element is ordered by: its merge key's value, or itself.
fn order_value<'a>(v: &'a Value, key: &str, kind: ElemKind) -> Option<&'a Value> {
    match kind {
        ElemKind::Map => v.as_object().and_then(|m| m.get(key)),
        ElemKind::Other => Some(v),
    }
}

fn index_of(list: &[Value], v: &Value, key: &str, kind: ElemKind) -> Option<usize> {
    let want = order_value(v, key, kind);
    list.iter().position(|x| order_value(x, key, kind) == want)
}

/// `partitionMapsByPresentInList` / `partitionPrimitivesByPresentInList`.
fn partition(merged: &[Value], by: &[Value], key: &str, kind: ElemKind) -> Result<(Vec<Value>, Vec<Value>), SmpError> {
    let mut in_patch = Vec::new();
    let mut server_only = Vec::new();
    for v in merged {
        if kind == ElemKind::Map {
            let Some(m) = v.as_object() else {
                return Err(SmpError::Other("expected a map, but received a slice".into()));
            };
            if !m.contains_key(key) {
                return Err(no_merge_key(m, key));
            }
        }
        let found = if kind == ElemKind::Map {
            // `findMapInSliceBasedOnKeyValue`.
            let want = v.get(key);
            let mut found = false;
            for (i, b) in by.iter().enumerate() {
                let Some(m) = b.as_object() else {
                    return Err(SmpError::Other(format!("value for key {i} is not a map")));
                };
                if m.get(key).is_some() && m.get(key) == want {
                    found = true;
                    break;
                }
            }
            found
        } else {
            index_of(by, v, key, kind).is_some()
        };
        if found {
            in_patch.push(v.clone());
        } else {
            server_only.push(v.clone());
        }
    }
    Ok((in_patch, server_only))
}

/// `normalizeElementOrder`: patch items in the patch's order, server-only items in the live
/// order, interleaved by `mergeSortedSlice`.
fn normalize_element_order(
    patch_items: Vec<Value>,
    server_only: Vec<Value>,
    patch_order: &[Value],
    server_order: &[Value],
    key: &str,
    kind: ElemKind,
) -> Result<Vec<Value>, SmpError> {
    let patch_items = normalize_slice_order(patch_items, patch_order, key, kind)?;
    let server_only = normalize_slice_order(server_only, server_order, key, kind)?;
    Ok(merge_sorted(server_only, patch_items, server_order, key, kind))
}

/// `normalizeSliceOrder`: a stable sort by position in `order`; `$patch: delete` items go last.
fn normalize_slice_order(
    items: Vec<Value>,
    order: &[Value],
    key: &str,
    kind: ElemKind,
) -> Result<Vec<Value>, SmpError> {
    let (mut keep, deleted): (Vec<Value>, Vec<Value>) = if kind == ElemKind::Map {
        for v in items.iter().chain(order.iter()) {
            if let Some(m) = v.as_object() {
                if !m.contains_key(key) {
                    return Err(no_merge_key(m, key));
                }
            }
        }
        items.into_iter().partition(|v| v.get(DIRECTIVE).and_then(Value::as_str) != Some("delete"))
    } else {
        (items, Vec::new())
    };
    keep.sort_by_key(|v| index_of(order, v, key, kind).unwrap_or(usize::MAX));
    keep.extend(deleted);
    Ok(keep)
}

/// `mergeSortedSlice`: inserts each of `left` into `right` before the first item that the live
/// order puts after it.
fn merge_sorted(left: Vec<Value>, right: Vec<Value>, server_order: &[Value], key: &str, kind: ElemKind) -> Vec<Value> {
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() || j < right.len() {
        if i >= left.len() {
            out.push(right[j].clone());
            j += 1;
        } else if j >= right.len() {
            out.push(left[i].clone());
            i += 1;
        } else {
            let li = index_of(server_order, &left[i], key, kind);
            let ri = index_of(server_order, &right[j], key, kind);
            if matches!((li, ri), (Some(a), Some(b)) if a < b) {
                out.push(left[i].clone());
                i += 1;
            } else {
                out.push(right[j].clone());
                j += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;
    use crate::manifest::schema::definition;

    fn smp(original: Value, patch: Value) -> Result<Value, SmpError> {
        let schema = Schema::Struct(definition("io.k8s.api.apps.v1.Deployment").unwrap());
        let (Value::Object(o), Value::Object(p)) = (original, patch) else { panic!("objects") };
        apply(o, p, schema).map(Value::Object)
    }

    fn deployment(containers: Value) -> Value {
        json!({"metadata": {"name": "web", "labels": {"app": "web"}},
               "spec": {"replicas": 3, "template": {"spec": {"containers": containers}}}})
    }

    #[test]
    fn strategic_patches_merge_as_the_apiserver_merges_them() {
        let two = json!([{"name": "a", "image": "a:1"}, {"name": "b", "image": "b:1"}]);
        let cases = [
            // Upstream TestStrategicMergePatch shapes: replace a scalar, delete with null.
            (json!({"spec": {"replicas": 5}}), json!({"spec": {"replicas": 5}})),
            (json!({"metadata": {"labels": null}}), json!({"metadata": {}})),
            // Containers merge by name; a new one is appended.
            (
                json!({"spec": {"template": {"spec": {"containers": [{"name": "b", "image": "b:2"}]}}}}),
                json!({"spec": {"template": {"spec": {"containers": [{"name": "a", "image": "a:1"}, {"name": "b", "image": "b:2"}]}}}}),
            ),
            (
                json!({"spec": {"template": {"spec": {"containers": [{"name": "c", "image": "c:1"}]}}}}),
                // The real kubectl orders a new element before the live ones (`kubectl patch --local`).
                json!({"spec": {"template": {"spec": {"containers": [{"name": "c", "image": "c:1"}, {"name": "a", "image": "a:1"}, {"name": "b", "image": "b:1"}]}}}}),
            ),
            // $patch: delete removes the element with that key; $patch: replace replaces the list.
            (
                json!({"spec": {"template": {"spec": {"containers": [{"name": "a", "$patch": "delete"}]}}}}),
                json!({"spec": {"template": {"spec": {"containers": [{"name": "b", "image": "b:1"}]}}}}),
            ),
            (
                json!({"spec": {"template": {"spec": {"containers": [{"name": "z", "image": "z"}, {"$patch": "replace"}]}}}}),
                json!({"spec": {"template": {"spec": {"containers": [{"name": "z", "image": "z"}]}}}}),
            ),
            // A map directive replaces the map.
            (
                json!({"metadata": {"labels": {"x": "y", "$patch": "replace"}}}),
                json!({"metadata": {"labels": {"x": "y"}}}),
            ),
        ];
        for (patch, want) in cases {
            let got = smp(deployment(two.clone()), patch.clone()).unwrap();
            for (path, expected) in [("/spec/replicas", "/spec/replicas"), ("/spec/template", "/spec/template")] {
                if let Some(w) = want.pointer(expected) {
                    assert_eq!(got.pointer(path), Some(w), "{patch}");
                }
            }
            if let Some(w) = want.pointer("/metadata") {
                let mut g = got.pointer("/metadata").cloned().unwrap();
                g.as_object_mut().unwrap().remove("name");
                assert_eq!(&g, w, "{patch}");
            }
        }
    }

    #[test]
    fn a_list_element_without_its_merge_key_is_refused_with_the_apiserver_text() {
        let got = smp(
            deployment(json!([{"name": "a", "image": "a"}])),
            json!({"spec": {"template": {"spec": {"containers": [{"image": "x"}]}}}}),
        );
        assert_eq!(
            got.unwrap_err(),
            SmpError::Other("map: map[image:x] does not contain declared merge key: name".into())
        );
    }

    /// Each expected text is what the real kubectl v1.32.4 prints for the same patch applied with
    /// `kubectl patch --local` (the client runs the same strategicpatch code).
    #[test]
    fn refusals_read_as_strategicpatch_words_them() {
        let one = json!([{"name": "a", "image": "a"}]);
        let cases = [
            (
                json!({"metadata": {"labels": {"$patch": "shuffle"}}}),
                "unknown patch type: shuffle in map: map[$patch:shuffle]",
            ),
            (
                json!({"spec": {"template": {"spec": {"containers": [{"name": "a", "$patch": "merge"}]}}}}),
                "merging lists cannot yet be specified in the patch",
            ),
            (
                json!({"spec": {"template": {"spec": {"containers": [[1]]}}}}),
                "list element types are not identical: [[map[image:a name:a]] [[1]]]",
            ),
            (
                json!({"spec": {"template": {"spec": {"containers": [1]}}}}),
                "list element types are not identical: [[map[image:a name:a]] [1]]",
            ),
        ];
        for (patch, want) in cases {
            let got = smp(deployment(one.clone()), patch.clone()).unwrap_err();
            assert_eq!(got, SmpError::Other(want.to_string()), "{patch}");
        }
    }

    /// Each expectation is what the real kubectl v1.32.4 prints for the patch applied with
    /// `kubectl patch --local --type=strategic` to a Deployment with finalizers x/a x/b x/c and
    /// containers a (env E1 E2), x, b: the finalizers, the container names, container 0's env.
    #[test]
    fn set_element_order_orders_lists_as_the_apiserver_does() {
        let original = json!({
            "metadata": {"name": "web", "finalizers": ["x/a", "x/b", "x/c"]},
            "spec": {"template": {"spec": {"containers": [
                {"name": "a", "image": "a:1", "env": [{"name": "E1", "value": "1"}, {"name": "E2", "value": "2"}]},
                {"name": "x", "image": "x:1"},
                {"name": "b", "image": "b:1"},
            ]}}}
        });
        let order = |names: &[&str]| -> Value { names.iter().map(|n| json!({"name": n})).collect() };
        let containers = |extra: Value| json!({"spec": {"template": {"spec": extra}}});
        let ok = |f: &str, c: &str, e: &str| Ok::<(String, String, String), String>((f.into(), c.into(), e.into()));
        let cases = [
            (containers(json!({"$setElementOrder/containers": order(&["b", "a"])})), ok("x/a x/b x/c", "x b a", "")),
            (
                containers(json!({"$setElementOrder/containers": order(&["b", "x", "a"])})),
                ok("x/a x/b x/c", "b x a", ""),
            ),
            (
                containers(json!({"$setElementOrder/containers": order(&["c", "a", "b"]),
                                  "containers": [{"name": "c", "image": "c"}]})),
                ok("x/a x/b x/c", "c a x b", ""),
            ),
            (
                containers(json!({"$setElementOrder/containers": order(&["a", "b"]),
                                  "containers": [{"name": "b", "image": "b2"}, {"name": "a", "image": "a2"}]})),
                Err("The order in patch list:\n[map[image:b2 name:b] map[image:a2 name:a]]\n doesn't match $setElementOrder list:\n[map[name:a] map[name:b]]\n".into()),
            ),
            (json!({"metadata": {"$setElementOrder/finalizers": ["x/c", "x/a"]}}), ok("x/b x/c x/a", "a x b", "E1 E2")),
            (
                json!({"metadata": {"$setElementOrder/finalizers": ["x/c", "x/z"], "finalizers": ["x/z"]}}),
                ok("x/a x/b x/c x/z", "a x b", "E1 E2"),
            ),
            (
                containers(json!({"$setElementOrder/containers": order(&["b", "a"]),
                                  "containers": [{"name": "x", "$patch": "delete"}]})),
                ok("x/a x/b x/c", "b a", ""),
            ),
            (
                containers(json!({"$setElementOrder/containers": "nope"})),
                Err("expected a []interface {}, but received a string".into()),
            ),
            (
                containers(json!({"$setElementOrder/bogus": order(&["v"])})),
                Err("unable to find api field in struct PodSpec for the json field \"bogus\"".into()),
            ),
            (containers(json!({"$setElementOrder/volumes": order(&["v"])})), ok("x/a x/b x/c", "a x b", "E1 E2")),
            (
                containers(json!({"containers": [{"name": "a", "$setElementOrder/env": order(&["E2", "E1"])}]})),
                ok("x/a x/b x/c", "a x b", "E2 E1"),
            ),
            (containers(json!({"$setElementOrder/containers": order(&["b"])})), ok("x/a x/b x/c", "a x b", "E1 E2")),
            (
                containers(json!({"$setElementOrder/containers": [{"image": "b"}]})),
                Err("map: map[image:b] does not contain declared merge key: name".into()),
            ),
            (
                containers(json!({"$setElementOrder/containers": [5]})),
                Err("value for key 0 is not a map".into()),
            ),
            (containers(json!({"$setElementOrder/containers": []})), ok("x/a x/b x/c", "a x b", "E1 E2")),
        ];
        for (patch, want) in cases {
            let got = smp(original.clone(), patch.clone())
                .map(|v| {
                    let names = |ptr: &str, field: Option<&str>| -> String {
                        let items = v.pointer(ptr).and_then(Value::as_array).cloned().unwrap_or_default();
                        let strings: Vec<String> = items
                            .iter()
                            .filter_map(|i| match field {
                                Some(f) => i.get(f).and_then(Value::as_str).map(str::to_string),
                                None => i.as_str().map(str::to_string),
                            })
                            .collect();
                        strings.join(" ")
                    };
                    (
                        names("/metadata/finalizers", None),
                        names("/spec/template/spec/containers", Some("name")),
                        names("/spec/template/spec/containers/0/env", Some("name")),
                    )
                })
                .map_err(|e| match e {
                    SmpError::BadRequest(m) | SmpError::Unprocessable(m) | SmpError::Other(m) => m,
                });
            assert_eq!(got, want, "{patch}");
        }
        let bad = containers(json!({"$setElementOrderX/containers": []}));
        assert_eq!(
            smp(original, bad).unwrap_err(),
            SmpError::BadRequest("invalid patch format of setElementOrder list".into())
        );
    }

    #[test]
    fn retain_keys_clears_the_keys_it_does_not_list() {
        let original = json!({"spec": {"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}}}});
        let patch = json!({"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}});
        assert_eq!(smp(original, patch).unwrap(), json!({"spec": {"strategy": {"type": "Recreate"}}}));
        let original = json!({"spec": {"strategy": {"type": "RollingUpdate"}}});
        let bad = json!({"spec": {"strategy": {"$retainKeys": ["type"], "rollingUpdate": {}}}});
        assert_eq!(smp(original, bad).unwrap_err(), SmpError::BadRequest("invalid patch format of retainKeys".into()));
    }

    #[test]
    fn merge_lists_of_scalars_union_and_delete_from_primitive_list_removes() {
        let original = json!({"metadata": {"finalizers": ["a", "b"]}});
        let got = smp(original.clone(), json!({"metadata": {"finalizers": ["c", "a"]}})).unwrap();
        assert_eq!(got, json!({"metadata": {"finalizers": ["c", "a", "b"]}}));
        let got = smp(original, json!({"metadata": {"$deleteFromPrimitiveList/finalizers": ["a"]}})).unwrap();
        assert_eq!(got, json!({"metadata": {"finalizers": ["b"]}}));
    }
}
