//! What a Go JSON round trip (decode into the typed struct, encode again) does to an object:
//! `null` becomes nil or the zero value, zero values of `omitempty` scalars, slices and maps
//! disappear, struct-valued fields are always printed (`resources: {}`, `creationTimestamp: null`),
//! fields without `omitempty` are printed even when zero, and quantities take their canonical form.

use crate::json::{Map, Value};

use super::go_types::GO_STRUCTS;
use super::quantity::Quantity;

/// The JSON fields of a Go struct: (json name, omitempty, type code); none for an unknown struct.
pub(crate) fn struct_fields(name: &str) -> impl Iterator<Item = (&'static str, bool, &'static str)> {
    let fields = GO_STRUCTS
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .and_then(|i| GO_STRUCTS.get(i))
        .map_or("", |(_, fields)| *fields);
    fields.split(' ').filter_map(|f| match f.split_once('?') {
        Some((json, code)) => Some((json, true, code)),
        None => f.split_once(':').map(|(json, code)| (json, false, code)),
    })
}

/// A type code names a struct when it carries a package (`core.PodSpec`).
fn is_struct(code: &str) -> bool {
    code.contains('.') && !code.starts_with(['*', '[', '{'])
}

/// Normalizes `obj` as a value of the Go struct `ty`.
pub(crate) fn normalize_struct(ty: &str, obj: &mut Map<String, Value>) {
    for (name, omitempty, code) in struct_fields(ty) {
        match obj.get_mut(name) {
            None => {
                if let Some(v) = absent_value(code, omitempty) {
                    obj.insert(name.to_string(), v);
                }
            }
            Some(v) => {
                if !normalize_field(code, omitempty, v) {
                    obj.remove(name);
                }
            }
        }
    }
}

/// What Go prints for a field the JSON did not have: structs always, the zero value when the
/// field is not omitempty, nothing otherwise.
fn absent_value(code: &str, omitempty: bool) -> Option<Value> {
    match code {
        "T" | "M" | "R" => return Some(Value::Null),
        "I" => return Some(Value::from(0)),
        "Q" => return Some(Value::from("0")),
        _ if is_struct(code) => {
            let mut m = Map::new();
            normalize_struct(code, &mut m);
            return Some(Value::Object(m));
        }
        _ => {}
    }
    if omitempty {
        return None;
    }
    Some(scalar_zero(code))
}

/// The zero value of a non-struct type as Go prints it.
fn scalar_zero(code: &str) -> Value {
    match code {
        "s" => Value::from(""),
        "i" => Value::from(0),
        "f" => Value::from(0.0),
        "b" => Value::from(false),
        _ => Value::Null,
    }
}

/// Normalizes one present field; `false` means the field disappears.
fn normalize_field(code: &str, omitempty: bool, v: &mut Value) -> bool {
    if v.is_null() {
        match code {
            "T" | "M" | "R" => return true,
            _ if code.starts_with(['*', '[', '{']) => return !omitempty,
            _ => match absent_value(code, omitempty) {
                Some(z) => {
                    *v = z;
                    return true;
                }
                None => return false,
            },
        }
    }
    if let Some(inner) = code.strip_prefix('*') {
        normalize_elem(inner, v);
        return true;
    }
    if let Some(inner) = code.strip_prefix('[') {
        if let Value::Array(items) = v {
            if items.is_empty() && omitempty {
                return false;
            }
            for item in items.iter_mut() {
                normalize_elem(inner, item);
            }
        }
        return true;
    }
    if let Some(inner) = code.strip_prefix('{') {
        if let Value::Object(m) = v {
            if m.is_empty() && omitempty {
                return false;
            }
            for val in m.values_mut() {
                normalize_elem(inner, val);
            }
        }
        return true;
    }
    match code {
        "s" => !(omitempty && v.as_str() == Some("")),
        "i" | "f" => !(omitempty && v.as_f64() == Some(0.0)),
        "b" => !(omitempty && v.as_bool() == Some(false)),
        "Q" => {
            canonicalize_quantity(v);
            true
        }
        _ => {
            if let Value::Object(m) = v {
                normalize_struct(code, m);
            }
            true
        }
    }
}

/// Normalizes an element of a slice or map, or the target of a pointer: never removed, and
/// `null` becomes the element type's zero value.
fn normalize_elem(code: &str, v: &mut Value) {
    if v.is_null() {
        if code.starts_with(['*', '[', '{']) || matches!(code, "T" | "M" | "R") {
            return;
        }
        if let Some(z) = absent_value(code, false) {
            *v = z;
        }
        return;
    }
    normalize_field(code, false, v);
}

/// Rewrites a quantity (a string or a bare number) in its canonical form.
pub(crate) fn canonicalize_quantity(v: &mut Value) {
    let text = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return,
    };
    if let Some(q) = Quantity::parse(&text) {
        *v = Value::from(q.canonical());
    }
}
