//! `-o json`: JSON values printed as kubectl prints them (cli-runtime `JSONPrinter`: Go's
//! `json.MarshalIndent` with four spaces, then a newline): keys in byte order, HTML characters and
//! U+2028/U+2029 escaped, numbers as Go writes an unstructured object's int64 and float64.

pub(crate) mod float;

use crate::json::{Map, Number, Value};

/// Setting a key of a JSON object in one call: `insert(key.into(), v)` inlines the key's copy, the
/// insert and the drop of the replaced value at every call site.
pub trait Put {
    fn put(&mut self, key: &str, value: Value);
}

impl Put for Map<String, Value> {
    #[inline]
    fn put(&mut self, key: &str, value: Value) {
        crate::json::put(self, key, value);
    }
}

/// A JSON object literal, `obj!{"k": v, ...}` with each `v` anything `Value::from` takes: what
/// `json!` builds, one [`Put::put`] call per key.
macro_rules! obj {
    ($($k:literal : $v:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut m = crate::json::Map::new();
        $($crate::kubectl::json::Put::put(&mut m, $k, crate::json::Value::from($v));)*
        crate::json::Value::Object(m)
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
    // encoding/json's indented form of a decoded tree is a typed object's without a schema.
    super::create_gen::go_json(value, None)
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
