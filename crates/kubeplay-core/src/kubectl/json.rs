//! `-o json`: JSON values printed as kubectl prints them (cli-runtime `JSONPrinter`: Go's
//! `json.MarshalIndent` with four spaces, then a newline): keys in byte order, HTML characters and
//! U+2028/U+2029 escaped, numbers as Go writes an unstructured object's int64 and float64.

pub(crate) mod float;

use serde_json::{Map, Number, Value};

/// Setting a key of a JSON object in one call: `insert(key.into(), v)` inlines the key's copy, the
/// insert and the drop of the replaced value at every call site.
pub trait Put {
    fn put(&mut self, key: &str, value: Value);
}

impl Put for Map<String, Value> {
    #[inline(never)]
    fn put(&mut self, key: &str, value: Value) {
        self.insert(key.to_string(), value);
    }
}

/// A JSON object literal, `obj!{"k": v, ...}` with each `v` anything `Value::from` takes: what
/// `json!` builds, one [`Put::put`] call per key.
macro_rules! obj {
    ($($k:literal : $v:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut m = ::serde_json::Map::new();
        $($crate::kubectl::json::Put::put(&mut m, $k, ::serde_json::Value::from($v));)*
        ::serde_json::Value::Object(m)
    }};
}
pub(crate) use obj;

/// A string map as a JSON object (what `json!` makes of a `BTreeMap<String, String>`).
pub fn string_map(map: &std::collections::BTreeMap<String, String>) -> Value {
    let mut m = Map::new();
    for (k, v) in map {
        m.insert(k.clone(), Value::String(v.clone()));
    }
    Value::Object(m)
}

/// The `-o json` text of `value`, ending in a newline (cli-runtime `JSONPrinter.PrintObj`).
pub fn to_json(value: &Value) -> String {
    let mut out = String::with_capacity(256);
    write_value(&mut out, value, 0);
    out.push('\n');
    out
}

/// The text Go writes for a number of an object decoded by apimachinery (`convertNumber`): an int64 when
/// the literal fits one, else a float64.
pub(crate) fn go_number(number: &Number) -> String {
    if let Some(integer) = number.as_i64() {
        integer.to_string()
    } else if let Some(unsigned) = number.as_u64() {
        // Beyond int64 Go decodes a float64, so the digits past its precision are lost.
        float::go_json_float(unsigned as f64)
    } else {
        float::go_json_float(number.as_f64().unwrap_or(0.0))
    }
}

/// Follows encoding/json `Indent` over the compact encoding: one member per line, `{}` and `[]` when empty.
fn write_value(out: &mut String, value: &Value, depth: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(number) => out.push_str(&go_number(number)),
        Value::String(text) => write_string(out, text),
        Value::Array(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_value(out, item, depth + 1);
            }
            newline(out, depth);
            out.push(']');
        }
        Value::Object(members) => {
            if members.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            // serde_json's map is a BTreeMap: byte order, the order Go sorts map keys in.
            for (i, (key, member)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_string(out, key);
                out.push_str(": ");
                write_value(out, member, depth + 1);
            }
            newline(out, depth);
            out.push('}');
        }
    }
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("    ");
    }
}

/// Follows encoding/json `appendString` with HTML escaping (Go 1.22 and later write `\b` and `\f`).
pub(crate) fn write_string(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let escape: Option<&str> = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            '\u{8}' => Some("\\b"),
            '\u{c}' => Some("\\f"),
            _ => None,
        };
        let needs_code = matches!(c, '\0'..='\u{1f}' | '<' | '>' | '&' | '\u{2028}' | '\u{2029}');
        if escape.is_none() && !needs_code {
            continue;
        }
        out.push_str(&text[start..i]);
        start = i + c.len_utf8();
        if let Some(escape) = escape {
            out.push_str(escape);
        } else {
            let code = c as u32;
            out.push_str("\\u");
            for shift in [12, 8, 4, 0] {
                out.push(HEX[((code >> shift) & 0xf) as usize] as char);
            }
        }
    }
    out.push_str(&text[start..]);
    out.push('"');
}
