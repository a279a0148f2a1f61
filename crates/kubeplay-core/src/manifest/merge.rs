//! Client-side `kubectl apply`: the three-way strategic merge of the last applied configuration,
//! the new configuration and the live object. Fields the file no longer sets are removed; fields
//! set by others (the server, `kubectl scale`) stay unless the file sets them.

use serde_json::{Map, Value};

/// The annotation in which `kubectl apply` keeps the configuration it applied.
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// The merge key of a list field at `path` (field names from the object's root), as the schema's
/// `x-kubernetes-patch-merge-key` gives it; `None` means the list is replaced as a whole.
pub fn list_merge_key(kind: &str, path: &[&str]) -> Option<&'static str> {
    let last = *path.last()?;
    Some(match last {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "env"
        | "volumes"
        | "imagePullSecrets"
        | "resourceClaims"
        | "schedulingGates" => "name",
        "volumeMounts" => "mountPath",
        "volumeDevices" => "devicePath",
        "hostAliases" => "ip",
        "ownerReferences" => "uid",
        "conditions" => "type",
        "topologySpreadConstraints" => "topologyKey",
        "ports" if kind == "Service" && path.len() == 2 => "port",
        "ports" if path.contains(&"containers") || path.contains(&"initContainers") => "containerPort",
        _ => return None,
    })
}

/// Merges `modified` into `current` given what was last applied (`original`). Returns the merged
/// object and whether the patch kubectl would send is non-empty.
pub fn three_way(kind: &str, original: Option<&Value>, modified: &Value, current: &Value) -> (Value, bool) {
    let mut path = Vec::new();
    merge_value(kind, &mut path, original, modified, current)
}

fn merge_value<'a>(
    kind: &str,
    path: &mut Vec<&'a str>,
    original: Option<&'a Value>,
    modified: &'a Value,
    current: &'a Value,
) -> (Value, bool) {
    match (modified, current) {
        (Value::Object(m), Value::Object(c)) => {
            let o = original.and_then(Value::as_object);
            let (merged, changed) = merge_maps(kind, path, o, m, c);
            (Value::Object(merged), changed)
        }
        (Value::Array(m), Value::Array(c)) => {
            if let Some(key) = list_merge_key(kind, path) {
                let o = original.and_then(Value::as_array);
                merge_keyed_lists(kind, path, key, o, m, c)
            } else if m == c {
                (current.clone(), false)
            } else {
                (modified.clone(), true)
            }
        }
        _ => {
            if modified == current {
                (current.clone(), false)
            } else {
                (modified.clone(), true)
            }
        }
    }
}

fn merge_maps<'a>(
    kind: &str,
    path: &mut Vec<&'a str>,
    original: Option<&'a Map<String, Value>>,
    modified: &'a Map<String, Value>,
    current: &'a Map<String, Value>,
) -> (Map<String, Value>, bool) {
    let mut result = current.clone();
    let mut changed = false;
    for (k, mv) in modified {
        if mv.is_null() {
            if result.remove(k).is_some() {
                changed = true;
            }
            continue;
        }
        match current.get(k) {
            None => {
                result.insert(k.clone(), mv.clone());
                changed = true;
            }
            Some(cv) => {
                path.push(k.as_str());
                let ov = original.and_then(|o| o.get(k));
                let (merged, c) = merge_value(kind, path, ov, mv, cv);
                path.pop();
                if c {
                    result.insert(k.clone(), merged);
                    changed = true;
                }
            }
        }
    }
    if let Some(o) = original {
        for k in o.keys() {
            if !modified.contains_key(k) && result.remove(k).is_some() {
                changed = true;
            }
        }
    }
    (result, changed)
}

fn merge_keyed_lists<'a>(
    kind: &str,
    path: &mut Vec<&'a str>,
    key: &str,
    original: Option<&'a Vec<Value>>,
    modified: &'a [Value],
    current: &'a [Value],
) -> (Value, bool) {
    let key_of = |v: &Value| v.get(key).cloned();
    let find = |list: &'a [Value], k: &Option<Value>| -> Option<&'a Value> {
        k.as_ref().and_then(|k| list.iter().find(|v| v.get(key) == Some(k)))
    };
    let mut result = Vec::new();
    let mut changed = false;
    for m in modified {
        let k = key_of(m);
        match find(current, &k) {
            Some(c) => {
                let o = original.and_then(|o| find(o, &k));
                let (merged, ch) = merge_value(kind, path, o, m, c);
                changed |= ch;
                result.push(merged);
            }
            None => {
                changed = true;
                result.push(m.clone());
            }
        }
    }
    for c in current {
        let k = key_of(c);
        if find(modified, &k).is_some() {
            continue;
        }
        let was_applied = original.is_some_and(|o| find(o, &k).is_some());
        if was_applied {
            changed = true;
        } else {
            result.push(c.clone());
        }
    }
    // Same elements in another order count as a change (the patch carries the new order).
    let current_keys: Vec<Option<Value>> = current.iter().map(key_of).collect();
    let result_keys: Vec<Option<Value>> = result.iter().map(key_of).collect();
    if current_keys != result_keys {
        changed = true;
    }
    (Value::Array(result), changed)
}

/// The configuration as `kubectl apply` records it: compact JSON with sorted keys, without the
/// annotation itself (its map kept, possibly empty), ending in a newline.
pub fn last_applied_json(modified: &Value) -> String {
    let mut v = modified.clone();
    if let Some(ann) = v.pointer_mut("/metadata/annotations").and_then(Value::as_object_mut) {
        ann.remove(LAST_APPLIED);
    } else if let Some(meta) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.insert("annotations".into(), Value::Object(Map::new()));
    }
    let mut s = serde_json::to_string(&v).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_field_removed_from_the_file_is_removed_from_the_object() {
        let original = json!({"spec": {"replicas": 2, "paused": true}});
        let modified = json!({"spec": {"replicas": 2}});
        let current = json!({"spec": {"replicas": 2, "paused": true, "revisionHistoryLimit": 10}});
        let (merged, changed) = three_way("Deployment", Some(&original), &modified, &current);
        assert!(changed);
        assert_eq!(merged, json!({"spec": {"replicas": 2, "revisionHistoryLimit": 10}}));
    }

    #[test]
    fn the_same_file_again_is_unchanged_even_with_server_defaults() {
        let original = json!({"spec": {"replicas": 2}});
        let current = json!({"spec": {"replicas": 2, "revisionHistoryLimit": 10}, "status": {"replicas": 2}});
        let (_, changed) = three_way("Deployment", Some(&original), &original, &current);
        assert!(!changed);
    }

    #[test]
    fn a_value_changed_by_someone_else_is_set_back_to_the_file() {
        let original = json!({"spec": {"replicas": 2}});
        let current = json!({"spec": {"replicas": 5}});
        let (merged, changed) = three_way("Deployment", Some(&original), &original, &current);
        assert!(changed);
        assert_eq!(merged["spec"]["replicas"], 2);
    }

    #[test]
    fn containers_merge_by_name_keeping_server_defaults() {
        let path_spec = |containers: Value| json!({"spec": {"template": {"spec": {"containers": containers}}}});
        let original = path_spec(json!([{"name": "a", "image": "x:1"}]));
        let modified = path_spec(json!([{"name": "a", "image": "x:2"}]));
        let current = path_spec(json!([{"name": "a", "image": "x:1", "imagePullPolicy": "IfNotPresent"}]));
        let (merged, changed) = three_way("Deployment", Some(&original), &modified, &current);
        assert!(changed);
        assert_eq!(merged, path_spec(json!([{"name": "a", "image": "x:2", "imagePullPolicy": "IfNotPresent"}])));
    }

    #[test]
    fn a_container_dropped_from_the_file_is_dropped() {
        let spec = |containers: Value| json!({"spec": {"template": {"spec": {"containers": containers}}}});
        let original = spec(json!([{"name": "a"}, {"name": "b"}]));
        let modified = spec(json!([{"name": "a"}]));
        let current = spec(json!([{"name": "a"}, {"name": "b"}]));
        let (merged, changed) = three_way("Deployment", Some(&original), &modified, &current);
        assert!(changed);
        assert_eq!(merged, spec(json!([{"name": "a"}])));
    }

    #[test]
    fn the_recorded_configuration_is_compact_sorted_json_with_a_newline() {
        let v = json!({"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "p", "annotations": {LAST_APPLIED: "x", "a": "b"}}});
        assert_eq!(
            last_applied_json(&v),
            "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"annotations\":{\"a\":\"b\"},\"name\":\"p\"}}\n"
        );
    }
}
