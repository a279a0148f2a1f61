//! How the apiserver turns a patched object back into its typed form. After a strategic merge
//! patch it converts the merged map with `runtime.DefaultUnstructuredConverter` (whose refusals
//! read `unrecognized type: int32`, `cannot convert int64 to string`, and which truncates integers
//! that overflow); after a JSON or merge patch it decodes the JSON text (`json: cannot unmarshal
//! ...`). Either way unknown fields become warnings (fieldValidation=Warn, kubectl patch's default),
//! and integers that do not fit their field wrap as Go's conversion wraps them.

use crate::json::{Map, Value};

use super::gofmt::to_node;
use crate::api::meta::Time;
use crate::api::quantity::Quantity;
use crate::manifest::schema::{self, Def, StrictError, Type, TypeKind};

/// The outcome of decoding: the object as the apiserver holds it, and the unknown-field warnings.
pub struct Decoded {
    pub value: Value,
    pub warnings: Vec<String>,
}

/// `FromUnstructuredWithValidation` of a strategic merge patch's result.
pub fn from_unstructured(def_name: &str, mut value: Value) -> Result<Decoded, String> {
    let Some(def) = schema::definition(def_name) else {
        return Ok(Decoded { value, warnings: Vec::new() });
    };
    let mut unknown = Vec::new();
    if let Value::Object(m) = &mut value {
        convert_struct(def, m, "", &mut unknown)?;
    }
    unknown.sort();
    let warnings = unknown.into_iter().map(|p| format!("unknown field {}", go_quote(&p))).collect();
    Ok(Decoded { value, warnings })
}

/// The JSON serializer's decoding of a JSON or merge patch's result.
pub fn from_json(def_name: &str, mut value: Value) -> Result<Decoded, String> {
    let warnings = match schema::strict_check(def_name, &to_node(&value)) {
        Ok(()) => Vec::new(),
        Err(StrictError::Type { message, .. }) => return Err(message),
        Err(StrictError::Unknown(fields)) => {
            fields.into_iter().map(|f| format!("unknown field {}", go_quote(&f.path))).collect()
        }
    };
    // Fields the schema does not know are dropped by the decoder.
    if let (Some(def), Value::Object(m)) = (schema::definition(def_name), &mut value) {
        let mut ignored = Vec::new();
        convert_struct(def, m, "", &mut ignored)?;
    }
    Ok(Decoded { value, warnings })
}

fn go_quote(s: &str) -> String {
    crate::manifest::field::go_quote(s)
}

/// The reflect.Kind name of a decoded JSON value, as the converter's messages print it.
fn source_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "invalid",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_i64() || n.is_u64() => "int64",
        Value::Number(_) => "float64",
        Value::String(_) => "string",
        Value::Array(_) => "slice",
        Value::Object(_) => "map",
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// `structFromUnstructured`: known fields converted, unknown ones recorded and dropped.
fn convert_struct(def: Def, m: &mut Map<String, Value>, path: &str, unknown: &mut Vec<String>) -> Result<(), String> {
    let keys: Vec<String> = m.keys().cloned().collect();
    for key in keys {
        let Some(field) = def.field(&key) else {
            unknown.push(join(path, &key));
            m.remove(&key);
            continue;
        };
        if let Some(v) = m.get_mut(&key) {
            convert(field.ty(), v, &join(path, &key), unknown)?;
        }
    }
    Ok(())
}

/// The kind name Go's reflect prints for a destination type.
fn dest_kind(kind: TypeKind) -> &'static str {
    match kind {
        TypeKind::String => "string",
        TypeKind::Int32 => "int32",
        TypeKind::Int64 => "int64",
        TypeKind::Number => "float64",
        TypeKind::Bool => "bool",
        _ => "struct",
    }
}

/// `fromUnstructured` of one value into a field of type `ty`.
fn convert(ty: Type, v: &mut Value, path: &str, unknown: &mut Vec<String>) -> Result<(), String> {
    if v.is_null() {
        return Ok(());
    }
    let kind = ty.kind();
    match kind {
        TypeKind::String | TypeKind::Bool | TypeKind::Number => {
            let ok = matches!(
                (kind, &*v),
                (TypeKind::String, Value::String(_))
                    | (TypeKind::Bool, Value::Bool(_))
                    | (TypeKind::Number, Value::Number(_))
            );
            if ok {
                return Ok(());
            }
            if kind == TypeKind::String && source_kind(v) == "int64" {
                return Err(format!("cannot convert int64 to {}", ty.go_type()));
            }
            Err(format!("unrecognized type: {}", dest_kind(kind)))
        }
        TypeKind::Int32 | TypeKind::Int64 => {
            let Value::Number(n) = &*v else { return Err(format!("unrecognized type: {}", dest_kind(kind))) };
            let wide: i64 = if let Some(i) = n.as_i64() {
                i
            } else if let Some(u) = n.as_u64() {
                u as i64
            } else {
                let f = n.as_f64().unwrap_or(0.0);
                if f != f.trunc() {
                    return Err(format!("cannot convert float64 to {}", dest_kind(kind)));
                }
                f as i64
            };
            // reflect's Convert wraps like Go's int32(x).
            let fitted = if kind == TypeKind::Int32 { i64::from(wide as i32) } else { wide };
            *v = Value::from(fitted);
            Ok(())
        }
        TypeKind::IntOrString => match &*v {
            Value::String(_) => Ok(()),
            Value::Number(n) if n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()) => Ok(()),
            Value::Number(n) => Err(format!(
                "json: cannot unmarshal number {} into Go value of type int32",
                crate::kubectl::json::go_number(n)
            )),
            other => Err(format!("json: cannot unmarshal {} into Go value of type int32", json_word(other))),
        },
        TypeKind::Quantity => {
            let text = match &*v {
                Value::String(s) => s.trim().to_string(),
                Value::Number(n) => crate::kubectl::json::go_number(n),
                Value::Bool(b) => b.to_string(),
                _ => String::new(),
            };
            Quantity::parse(&text).map(|_| ()).map_err(|e| e.to_string())
        }
        TypeKind::Time | TypeKind::MicroTime => match &*v {
            Value::String(s) => match Time::parse_rfc3339(s) {
                Some(_) => Ok(()),
                None => Err(format!(
                    "parsing time {} as \"2006-01-02T15:04:05Z07:00\": cannot parse {} as \"2006\"",
                    go_quote(s),
                    go_quote(s)
                )),
            },
            other => Err(format!("json: cannot unmarshal {} into Go value of type string", json_word(other))),
        },
        TypeKind::Raw => Ok(()),
        TypeKind::Array(elem) => match v {
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    convert(elem, item, &format!("{path}[{i}]"), unknown)?;
                }
                Ok(())
            }
            other => Err(format!("cannot restore slice from {}", source_kind(other))),
        },
        TypeKind::Map(elem) => match v {
            Value::Object(m) => {
                for (k, item) in m.iter_mut() {
                    convert(elem, item, &join(path, k), unknown)?;
                }
                Ok(())
            }
            other => Err(format!("cannot restore map from {}", source_kind(other))),
        },
        TypeKind::Object(def) => match v {
            Value::Object(m) => convert_struct(def, m, path, unknown),
            other => Err(format!("cannot restore struct from: {}", source_kind(other))),
        },
    }
}

/// encoding/json's word for a value in "cannot unmarshal X".
fn json_word(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    const DEPLOYMENT: &str = "io.k8s.api.apps.v1.Deployment";

    #[test]
    fn the_converter_refuses_and_wraps_as_the_apiserver_does() {
        let cases = [
            (json!({"spec": {"replicas": "5"}}), Err("unrecognized type: int32".to_string())),
            (json!({"spec": {"replicas": 1.5}}), Err("cannot convert float64 to int32".to_string())),
            (json!({"spec": {"paused": "yes"}}), Err("unrecognized type: bool".to_string())),
            (
                json!({"spec": {"template": {"spec": {"containers": [{"name": 5}]}}}}),
                Err("cannot convert int64 to string".to_string()),
            ),
            (
                json!({"spec": {"template": {"spec": {"containers": "x"}}}}),
                Err("cannot restore slice from string".to_string()),
            ),
            (json!({"spec": {"selector": 3}}), Err("cannot restore struct from: int64".to_string())),
            (json!({"spec": {"replicas": 99999999999i64}}), Ok(json!({"spec": {"replicas": 1215752191}}))),
        ];
        for (input, want) in cases {
            let got = from_unstructured(DEPLOYMENT, input.clone()).map(|d| d.value);
            assert_eq!(got, want, "{input}");
        }
    }

    #[test]
    fn unknown_fields_become_warnings_and_are_dropped() {
        let d = from_unstructured(
            DEPLOYMENT,
            json!({"spec": {"replica": 3, "template": {"spec": {"containers": [{"name": "a", "imagee": "x"}]}}}}),
        )
        .unwrap();
        assert_eq!(
            d.warnings,
            vec![
                "unknown field \"spec.replica\"".to_string(),
                "unknown field \"spec.template.spec.containers[0].imagee\"".to_string(),
            ]
        );
        assert_eq!(d.value, json!({"spec": {"template": {"spec": {"containers": [{"name": "a"}]}}}}));
        let j = from_json(DEPLOYMENT, json!({"spec": {"replicas": "5"}}));
        assert_eq!(
            j.err().unwrap(),
            "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"
        );
    }
}
