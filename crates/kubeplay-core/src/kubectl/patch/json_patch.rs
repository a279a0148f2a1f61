//! JSON patch (RFC 6902) as evanphx/json-patch v4 applies it: `add`, `remove`, `replace`, `move`,
//! `copy` and `test` over JSON pointers (`~1` is `/`, `~0` is `~`), `-` appending to arrays, with
//! the library's error texts.

use crate::json::Value;

/// One operation as decoded: its members, unchecked.
pub type Operation = crate::json::Map<String, Value>;

/// Applies the operations in order to `doc`; the first failure stops and is returned.
pub fn apply(mut doc: Value, ops: &[Operation]) -> Result<Value, String> {
    for op in ops {
        let kind = match op.get("op") {
            Some(Value::String(s)) => s.as_str(),
            _ => "unknown",
        };
        match kind {
            "add" => {
                let path = path_of(op, "path")
                    .map_err(|_| "add operation failed to decode path: missing value".to_string())?;
                add(&mut doc, &path, value_of(op)).map_err(|e| match e {
                    PointerError::Missing => {
                        format!("add operation does not apply: doc is missing path: \"{path}\": missing value")
                    }
                    PointerError::Other(e) => format!("error in add for path: '{path}': {e}"),
                })?;
            }
            "remove" => {
                let path = path_of(op, "path")
                    .map_err(|_| "remove operation failed to decode path: missing value".to_string())?;
                remove(&mut doc, &path).map_err(|e| match e {
                    PointerError::Missing => {
                        format!("remove operation does not apply: doc is missing path: \"{path}\": missing value")
                    }
                    PointerError::Other(e) => format!("error in remove for path: '{path}': {e}"),
                })?;
            }
            "replace" => {
                let path = path_of(op, "path")
                    .map_err(|_| "replace operation failed to decode path: missing value".to_string())?;
                replace(&mut doc, &path, value_of(op)).map_err(|e| match e {
                    PointerError::Missing => {
                        format!("replace operation does not apply: doc is missing key: {path}: missing value")
                    }
                    PointerError::Other(e) => format!("error in replace for path: '{path}': {e}"),
                })?;
            }
            "move" => {
                let from = path_of(op, "from")
                    .map_err(|_| "move operation failed to decode from: missing value".to_string())?;
                let path = path_of(op, "path")
                    .map_err(|_| "move operation failed to decode path: missing value".to_string())?;
                let value = take(&mut doc, &from).map_err(|e| match e {
                    PointerError::Missing => {
                        format!("move operation does not apply: doc is missing from path: {from}: missing value")
                    }
                    PointerError::Other(e) => format!("error in remove for from: '{from}': {e}"),
                })?;
                add(&mut doc, &path, value).map_err(|e| match e {
                    PointerError::Missing => {
                        format!("move operation does not apply: doc is missing destination path: {path}: missing value")
                    }
                    PointerError::Other(e) => format!("error in move for path: '{path}': {e}"),
                })?;
            }
            "copy" => {
                let from = path_of(op, "from")
                    .map_err(|_| "copy operation failed to decode from: missing value".to_string())?;
                let path = path_of(op, "path")
                    .map_err(|_| "copy operation failed to decode path: missing value".to_string())?;
                let value = get(&doc, &from).map_err(|e| match e {
                    PointerError::Missing => {
                        format!("copy operation does not apply: doc is missing from path: {from}: missing value")
                    }
                    PointerError::Other(e) => format!("error in copy for from: '{from}': {e}"),
                })?;
                add(&mut doc, &path, value).map_err(|e| match e {
                    PointerError::Missing => {
                        format!("copy operation does not apply: doc is missing destination path: {path}: missing value")
                    }
                    PointerError::Other(e) => format!("error in copy for path: '{path}': {e}"),
                })?;
            }
            "test" => {
                let path = path_of(op, "path")
                    .map_err(|_| "test operation failed to decode path: missing value".to_string())?;
                let want = value_of(op);
                match get(&doc, &path) {
                    Ok(v) if v == want => {}
                    Err(PointerError::Missing) if !op.contains_key("value") || want.is_null() => {}
                    Err(PointerError::Missing) if parent_missing(&doc, &path) => {
                        return Err(format!("test operation does not apply: is missing path: {path}: missing value"));
                    }
                    _ => return Err(format!("testing value {path} failed: test failed")),
                }
            }
            other => return Err(format!("Unexpected kind: {other}")),
        }
    }
    Ok(doc)
}

enum PointerError {
    /// The container the pointer leads into does not exist.
    Missing,
    Other(String),
}

fn path_of(op: &Operation, member: &str) -> Result<String, ()> {
    match op.get(member) {
        Some(Value::String(s)) => Ok(s.clone()),
        _ => Err(()),
    }
}

fn value_of(op: &Operation) -> Value {
    op.get("value").cloned().unwrap_or(Value::Null)
}

fn decode_key(k: &str) -> String {
    k.replace("~1", "/").replace("~0", "~")
}

/// `findObject`: the container the pointer's last token lives in, and that token.
fn container<'a>(doc: &'a mut Value, path: &str) -> Result<(&'a mut Value, String), PointerError> {
    let split: Vec<&str> = path.split('/').collect();
    if split.len() < 2 {
        return Err(PointerError::Missing);
    }
    let mut cur = doc;
    for part in &split[1..split.len() - 1] {
        let key = decode_key(part);
        cur = match cur {
            Value::Object(m) => m.get_mut(&key).filter(|v| !v.is_null()).ok_or(PointerError::Missing)?,
            Value::Array(items) => {
                let i: usize = key.parse().map_err(|_| PointerError::Missing)?;
                items.get_mut(i).ok_or(PointerError::Missing)?
            }
            _ => return Err(PointerError::Missing),
        };
        if !cur.is_object() && !cur.is_array() {
            return Err(PointerError::Missing);
        }
    }
    Ok((cur, decode_key(split.last().copied().unwrap_or(""))))
}

fn parent_missing(doc: &Value, path: &str) -> bool {
    let mut copy = doc.clone();
    container(&mut copy, path).is_err()
}

fn index(key: &str, len: usize, allow_end: bool) -> Result<usize, PointerError> {
    let i: i64 =
        key.parse().map_err(|_| PointerError::Other(format!("value was not a proper array index: '{key}'")))?;
    let limit = if allow_end { len + 1 } else { len };
    usize::try_from(i)
        .ok()
        .filter(|&i| i < limit)
        .ok_or_else(|| PointerError::Other(format!("Unable to access invalid index: {i}: invalid index referenced")))
}

fn add(doc: &mut Value, path: &str, value: Value) -> Result<(), PointerError> {
    let (con, key) = container(doc, path)?;
    match con {
        Value::Object(m) => {
            m.insert(key, value);
            Ok(())
        }
        Value::Array(items) => {
            if key == "-" {
                items.push(value);
                return Ok(());
            }
            let i = index(&key, items.len(), true)?;
            items.insert(i, value);
            Ok(())
        }
        _ => Err(PointerError::Missing),
    }
}

fn get(doc: &Value, path: &str) -> Result<Value, PointerError> {
    let mut copy = doc.clone();
    let (con, key) = container(&mut copy, path)?;
    match con {
        Value::Object(m) => m.get(&key).cloned().ok_or(PointerError::Missing),
        Value::Array(items) => {
            let i = index(&key, items.len(), false)?;
            Ok(items[i].clone())
        }
        _ => Err(PointerError::Missing),
    }
}

fn take(doc: &mut Value, path: &str) -> Result<Value, PointerError> {
    let (con, key) = container(doc, path)?;
    match con {
        Value::Object(m) => m
            .remove(&key)
            .ok_or_else(|| PointerError::Other(format!("Unable to remove nonexistent key: {key}: missing value"))),
        Value::Array(items) => {
            let i = index(&key, items.len(), false)?;
            Ok(items.remove(i))
        }
        _ => Err(PointerError::Missing),
    }
}

fn remove(doc: &mut Value, path: &str) -> Result<(), PointerError> {
    take(doc, path).map(|_| ())
}

fn replace(doc: &mut Value, path: &str, value: Value) -> Result<(), PointerError> {
    let (con, key) = container(doc, path)?;
    match con {
        Value::Object(m) => match m.get_mut(&key) {
            Some(slot) => {
                *slot = value;
                Ok(())
            }
            None => Err(PointerError::Missing),
        },
        Value::Array(items) => {
            let i = index(&key, items.len(), false)?;
            items[i] = value;
            Ok(())
        }
        _ => Err(PointerError::Missing),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    fn ops(v: Value) -> Vec<Operation> {
        v.as_array().unwrap().iter().map(|o| o.as_object().unwrap().clone()).collect()
    }

    /// RFC 6902 appendix A examples.
    #[test]
    fn json_patches_follow_rfc_6902() {
        let cases = [
            (
                json!({"foo": "bar"}),
                json!([{"op": "add", "path": "/baz", "value": "qux"}]),
                json!({"baz": "qux", "foo": "bar"}),
            ),
            (
                json!({"foo": ["bar", "baz"]}),
                json!([{"op": "add", "path": "/foo/1", "value": "qux"}]),
                json!({"foo": ["bar", "qux", "baz"]}),
            ),
            (json!({"baz": "qux", "foo": "bar"}), json!([{"op": "remove", "path": "/baz"}]), json!({"foo": "bar"})),
            (
                json!({"foo": ["bar", "qux", "baz"]}),
                json!([{"op": "remove", "path": "/foo/1"}]),
                json!({"foo": ["bar", "baz"]}),
            ),
            (
                json!({"baz": "qux", "foo": "bar"}),
                json!([{"op": "replace", "path": "/baz", "value": "boo"}]),
                json!({"baz": "boo", "foo": "bar"}),
            ),
            (
                json!({"foo": {"bar": "baz", "waldo": "fred"}, "qux": {"corge": "grault"}}),
                json!([{"op": "move", "from": "/foo/waldo", "path": "/qux/thud"}]),
                json!({"foo": {"bar": "baz"}, "qux": {"corge": "grault", "thud": "fred"}}),
            ),
            (
                json!({"foo": ["all", "grass", "cows", "eat"]}),
                json!([{"op": "move", "from": "/foo/1", "path": "/foo/3"}]),
                json!({"foo": ["all", "cows", "eat", "grass"]}),
            ),
            (
                json!({"foo": ["bar"]}),
                json!([{"op": "add", "path": "/foo/-", "value": ["abc", "def"]}]),
                json!({"foo": ["bar", ["abc", "def"]]}),
            ),
            (
                json!({"a/b": 1, "m~n": 2}),
                json!([{"op": "copy", "from": "/a~1b", "path": "/m~0n"}]),
                json!({"a/b": 1, "m~n": 1}),
            ),
            (json!({"baz": "qux"}), json!([{"op": "test", "path": "/baz", "value": "qux"}]), json!({"baz": "qux"})),
        ];
        for (doc, patch, want) in cases {
            assert_eq!(apply(doc, &ops(patch.clone())).unwrap(), want, "{patch}");
        }
    }

    #[test]
    fn failing_operations_report_the_library_texts() {
        let doc = json!({"spec": {"replicas": 3, "list": [1]}});
        let cases = [
            (
                json!([{"op": "test", "path": "/spec/replicas", "value": 4}]),
                "testing value /spec/replicas failed: test failed",
            ),
            (
                json!([{"op": "replace", "path": "/spec/nope", "value": 1}]),
                "replace operation does not apply: doc is missing key: /spec/nope: missing value",
            ),
            (
                json!([{"op": "add", "path": "/nope/x", "value": 1}]),
                "add operation does not apply: doc is missing path: \"/nope/x\": missing value",
            ),
            (
                json!([{"op": "add", "path": "/spec/list/5", "value": 1}]),
                "error in add for path: '/spec/list/5': Unable to access invalid index: 5: invalid index referenced",
            ),
            (json!([{"op": "jump", "path": "/x"}]), "Unexpected kind: jump"),
            (json!([{"path": "/x"}]), "Unexpected kind: unknown"),
        ];
        for (patch, want) in cases {
            assert_eq!(apply(doc.clone(), &ops(patch.clone())).unwrap_err(), want, "{patch}");
        }
    }
}
