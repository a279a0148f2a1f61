//! How Go prints decoded JSON in the apiserver's messages: `%v` of an `interface{}` tree
//! (`map[a:1 b:[x y]]`) and `json.Marshal`'s compact text (keys sorted, HTML characters escaped);
//! and JSON values as positioned YAML nodes, so the schema's strict decoder can read them.

use crate::json::Value;

use crate::kubectl::json::float::go_g_float;
use crate::manifest::yaml::{Key, Node, NodeValue, Pos};

/// Go's `%v` of a value decoded from JSON (maps print with sorted keys).
pub fn go_v(v: &Value) -> String {
    let mut out = String::new();
    write_v(&mut out, v);
    out
}

fn write_v(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match n.as_i64() {
            Some(i) => out.push_str(&i.to_string()),
            None => out.push_str(&go_g_float(n.as_f64().unwrap_or(0.0))),
        },
        Value::String(s) => out.push_str(s),
        Value::Array(items) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_v(out, x);
            }
            out.push(']');
        }
        Value::Object(m) => {
            out.push_str("map[");
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(k);
                out.push(':');
                write_v(out, x);
            }
            out.push(']');
        }
    }
}

/// `json.Marshal` of a decoded JSON tree: compact, keys sorted, `<`, `>` and `&` escaped.
pub fn go_compact(v: &Value) -> String {
    let mut out = String::new();
    crate::kubectl::create_gen::write_compact(&mut out, v);
    out
}

/// A JSON value as a YAML node tree without positions.
pub fn to_node(v: &Value) -> Node {
    let value = match v {
        Value::Null => NodeValue::Null,
        Value::Bool(b) => NodeValue::Bool(*b),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                NodeValue::Int(i)
            } else if let Some(u) = n.as_u64() {
                NodeValue::UInt(u)
            } else {
                NodeValue::Float(n.as_f64().unwrap_or(0.0))
            }
        }
        Value::String(s) => NodeValue::Str(s.clone()),
        Value::Array(items) => NodeValue::Seq(items.iter().map(to_node).collect()),
        Value::Object(m) => {
            NodeValue::Map(m.iter().map(|(k, x)| (Key { name: k.clone(), pos: Pos::default() }, to_node(x))).collect())
        }
    };
    Node { value, pos: Pos::default(), plain: false }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    #[test]
    fn decoded_json_prints_as_go_prints_it() {
        let v = json!({"spec": {"replicas": "5", "n": 1.5, "big": 1234567.0, "l": ["a", 1, null], "t": true}});
        assert_eq!(go_v(&v), "map[spec:map[big:1.234567e+06 l:[a 1 <nil>] n:1.5 replicas:5 t:true]]");
        assert_eq!(go_compact(&json!({"b": "<&>", "a": [1, 2.5]})), r#"{"a":[1,2.5],"b":"\u003c\u0026\u003e"}"#);
    }
}
