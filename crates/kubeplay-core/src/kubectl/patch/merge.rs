//! JSON merge patch (RFC 7386) as evanphx/json-patch v4's `MergePatch` applies it: objects merge
//! key by key, `null` deletes, anything else replaces; nulls inside values that are added are
//! pruned from objects (not from arrays).

use crate::json::{Map, Value};

/// `MergePatch` of two JSON objects (the apiserver has already refused non-object patches).
pub fn apply(mut doc: Map<String, Value>, patch: Map<String, Value>) -> Map<String, Value> {
    merge_docs(&mut doc, patch);
    doc
}

/// `mergeDocs`.
fn merge_docs(doc: &mut Map<String, Value>, patch: Map<String, Value>) {
    for (k, v) in patch {
        if v.is_null() {
            doc.remove(&k);
            continue;
        }
        match doc.remove(&k) {
            None | Some(Value::Null) => {
                let mut v = v;
                prune_nulls(&mut v);
                doc.insert(k, v);
            }
            Some(current) => {
                let merged = merge(current, v);
                doc.insert(k, merged);
            }
        }
    }
}

/// `merge`: objects merge; otherwise the patch value wins (pruned only when the current value is
/// not an object).
fn merge(current: Value, patch: Value) -> Value {
    match (current, patch) {
        (Value::Object(mut c), Value::Object(p)) => {
            merge_docs(&mut c, p);
            Value::Object(c)
        }
        (Value::Object(_), p) => p,
        (_, mut p) => {
            prune_nulls(&mut p);
            p
        }
    }
}

/// `pruneNulls`: drops null members of objects, recursively (array elements stay).
fn prune_nulls(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|_, x| !x.is_null());
            m.values_mut().for_each(prune_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(prune_nulls),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    /// The examples of RFC 7386 appendix A that apply to object documents and patches.
    #[test]
    fn merge_patches_follow_rfc_7386() {
        let cases = [
            (json!({"a": "b"}), json!({"a": "c"}), json!({"a": "c"})),
            (json!({"a": "b"}), json!({"b": "c"}), json!({"a": "b", "b": "c"})),
            (json!({"a": "b"}), json!({"a": null}), json!({})),
            (json!({"a": "b", "b": "c"}), json!({"a": null}), json!({"b": "c"})),
            (json!({"a": ["b"]}), json!({"a": "c"}), json!({"a": "c"})),
            (json!({"a": "c"}), json!({"a": ["b"]}), json!({"a": ["b"]})),
            (json!({"a": {"b": "c"}}), json!({"a": {"b": "d", "c": null}}), json!({"a": {"b": "d"}})),
            (json!({"a": [{"b": "c"}]}), json!({"a": [1]}), json!({"a": [1]})),
            (json!({"e": null}), json!({"a": 1}), json!({"e": null, "a": 1})),
            (json!({}), json!({"a": {"bb": {"ccc": null}}}), json!({"a": {"bb": {}}})),
        ];
        for (doc, patch, want) in cases {
            let (Value::Object(d), Value::Object(p)) = (doc, patch.clone()) else { panic!("objects") };
            assert_eq!(Value::Object(apply(d, p)), want, "{patch}");
        }
    }
}
