//! The objects' JSON conversions: `Encode` (to a `crate::json::Value`), `Decode` (from one, as
//! serde would: missing fields defaulted or refused, unknown ones kept by the `flatten` field or
//! dropped, the same error texts), and `ToJson` (JSON text in declaration order, for the page and
//! saved sessions). Structs derive them (`kubeplay_derive`); the leaf types are implemented here.
//! One small non-generic helper per step keeps each struct's code to a call per field.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::json::{Map, Number, Value};

use super::intstr::IntOrString;
use super::meta::Time;
use super::object::ObjBox;
use super::pod::{SharedStr, Volume};
use super::shared::{Internable, Shared};

pub use kubeplay_derive::{Decode, Encode, ToJson};

/// A value as JSON.
pub trait Encode {
    fn encode(&self) -> Value;
}

/// A value from JSON.
pub trait Decode: Sized {
    fn decode(v: Value) -> Result<Self, String>;

    /// Decodes into `self`, a default value (structs decode their fields in place).
    fn decode_into(&mut self, v: Value) -> Result<(), String> {
        *self = Self::decode(v)?;
        Ok(())
    }

    /// The value of a field without `default` that is absent: an error, but `None` for options
    /// (as serde decodes them).
    fn missing(key: &str) -> Result<Self, String> {
        Err(format!("missing field `{key}`"))
    }
}

/// A field being decoded, as the helpers see it: one non-generic helper serves every type.
pub trait Slot {
    fn set(&mut self, v: Value) -> Result<(), String>;
    fn set_missing(&mut self, key: &str) -> Result<(), String>;
}

impl<T: Decode> Slot for T {
    fn set(&mut self, v: Value) -> Result<(), String> {
        self.decode_into(v)
    }

    fn set_missing(&mut self, key: &str) -> Result<(), String> {
        *self = T::missing(key)?;
        Ok(())
    }
}

/// The type of a `flatten` field: every member the struct's own fields did not take.
pub trait Flatten {
    fn from_rest(m: Map<String, Value>) -> Self;
    fn put_rest(&self, m: &mut Map<String, Value>);
}

/// A value as JSON text, objects' members in declaration order.
pub trait ToJson {
    fn write_json(&self, out: &mut String);
}

/// `v` as JSON text.
pub fn to_json_string<T: ToJson + ?Sized>(v: &T) -> String {
    let mut out = String::new();
    v.write_json(&mut out);
    out
}

/// Sets member `key` (derived `Encode`).
#[inline(never)]
pub fn put(m: &mut Map<String, Value>, key: &str, v: &dyn Encode) {
    m.insert(key.to_string(), v.encode());
}

/// The members of an object (derived `Decode`); anything else is refused as serde refuses it.
#[inline(never)]
pub fn object(v: Value, expected: &str) -> Result<Map<String, Value>, String> {
    match v {
        Value::Object(m) => Ok(m),
        other => Err(invalid_type(&other, expected)),
    }
}

/// A field with `default`: `slot` keeps its default when the member is absent.
#[inline(never)]
pub fn field(m: &mut Map<String, Value>, key: &str, slot: &mut dyn Slot) -> Result<(), String> {
    match m.remove(key) {
        Some(v) => slot.set(v),
        None => Ok(()),
    }
}

/// A field without `default`.
#[inline(never)]
pub fn required(m: &mut Map<String, Value>, key: &str, slot: &mut dyn Slot) -> Result<(), String> {
    match m.remove(key) {
        Some(v) => slot.set(v),
        None => slot.set_missing(key),
    }
}

/// serde_json's text for a value of the wrong type: `invalid type: string "x", expected i32`.
#[cold]
#[inline(never)]
pub fn invalid_type(v: &Value, expected: &str) -> String {
    let mut s = String::from("invalid type: ");
    let _ = match v {
        Value::Null => s.write_str("null"),
        Value::Bool(b) => write!(s, "boolean `{b}`"),
        Value::Number(n) if n.is_f64() => write!(s, "floating point `{n}`"),
        Value::Number(n) => write!(s, "integer `{n}`"),
        Value::String(x) => write!(s, "string {x:?}"),
        Value::Array(_) => s.write_str("sequence"),
        Value::Object(_) => s.write_str("map"),
    };
    let _ = write!(s, ", expected {expected}");
    s
}

/// An integer in `min..=max`, as serde's integer visitors accept it.
#[inline(never)]
fn integer(v: Value, min: i64, max: u64, expected: &str) -> Result<i128, String> {
    let n = match &v {
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i128::from(i),
            (None, Some(u)) => i128::from(u),
            _ => return Err(invalid_type(&v, expected)),
        },
        _ => return Err(invalid_type(&v, expected)),
    };
    if n < i128::from(min) || n > i128::from(max) {
        return Err(format!("invalid value: integer `{n}`, expected {expected}"));
    }
    Ok(n)
}

macro_rules! ints {
    ($($t:ty),*) => {$(
        impl Encode for $t {
            fn encode(&self) -> Value {
                Value::from(*self)
            }
        }
        impl Decode for $t {
            fn decode(v: Value) -> Result<Self, String> {
                let n = integer(v, <$t>::MIN as i64, <$t>::MAX as u64, stringify!($t))?;
                Ok(<$t>::try_from(n).unwrap_or_default())
            }
        }
        impl ToJson for $t {
            fn write_json(&self, out: &mut String) {
                let _ = write!(out, "{self}");
            }
        }
    )*};
}

ints!(i32, i64, u32, u64, usize);

impl Encode for bool {
    fn encode(&self) -> Value {
        Value::Bool(*self)
    }
}

impl Decode for bool {
    fn decode(v: Value) -> Result<Self, String> {
        match v {
            Value::Bool(b) => Ok(b),
            other => Err(invalid_type(&other, "a boolean")),
        }
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl Decode for f64 {
    fn decode(v: Value) -> Result<Self, String> {
        match &v {
            Value::Number(n) => Ok(n.as_f64().unwrap_or_default()),
            _ => Err(invalid_type(&v, "f64")),
        }
    }
}

impl Encode for String {
    fn encode(&self) -> Value {
        Value::String(self.clone())
    }
}

impl Decode for String {
    fn decode(v: Value) -> Result<Self, String> {
        match v {
            Value::String(s) => Ok(s),
            other => Err(invalid_type(&other, "a string")),
        }
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut String) {
        (**self).write_json(out);
    }
}

impl Encode for Cow<'static, str> {
    fn encode(&self) -> Value {
        Value::String(self.to_string())
    }
}

impl Decode for Cow<'static, str> {
    fn decode(v: Value) -> Result<Self, String> {
        String::decode(v).map(Cow::Owned)
    }
}

impl Encode for SharedStr {
    fn encode(&self) -> Value {
        Value::String(self.as_str().to_string())
    }
}

impl Decode for SharedStr {
    fn decode(v: Value) -> Result<Self, String> {
        String::decode(v).map(SharedStr::from)
    }
}

impl Encode for Time {
    fn encode(&self) -> Value {
        Value::String(self.rfc3339())
    }
}

impl Decode for Time {
    fn decode(v: Value) -> Result<Self, String> {
        let s = String::decode(v)?;
        Time::parse_rfc3339(&s).ok_or_else(|| format!("bad time {s:?}"))
    }
}

impl Encode for Value {
    fn encode(&self) -> Value {
        self.clone()
    }
}

impl Decode for Value {
    fn decode(v: Value) -> Result<Self, String> {
        Ok(v)
    }
}

impl<T: Encode> Encode for Option<T> {
    fn encode(&self) -> Value {
        match self {
            Some(x) => x.encode(),
            None => Value::Null,
        }
    }
}

impl<T: Decode + Default> Decode for Option<T> {
    fn decode(v: Value) -> Result<Self, String> {
        let mut out = None;
        out.decode_into(v)?;
        Ok(out)
    }

    fn decode_into(&mut self, v: Value) -> Result<(), String> {
        match v {
            Value::Null => {
                *self = None;
                Ok(())
            }
            v => self.insert(T::default()).decode_into(v),
        }
    }

    fn missing(_: &str) -> Result<Self, String> {
        Ok(None)
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(x) => x.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self) -> Value {
        Value::Array(self.iter().map(T::encode).collect())
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(v: Value) -> Result<Self, String> {
        let mut out = Vec::new();
        out.decode_into(v)?;
        Ok(out)
    }

    fn decode_into(&mut self, v: Value) -> Result<(), String> {
        let items = array(v)?;
        self.clear();
        self.reserve_exact(items.len());
        for x in items {
            self.push(T::decode(x)?);
        }
        Ok(())
    }
}

#[inline(never)]
fn array(v: Value) -> Result<Vec<Value>, String> {
    match v {
        Value::Array(items) => Ok(items),
        other => Err(invalid_type(&other, "a sequence")),
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, x) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            x.write_json(out);
        }
        out.push(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

impl<T: ToJson, const N: usize> ToJson for [T; N] {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

impl<V: Encode> Encode for BTreeMap<String, V> {
    fn encode(&self) -> Value {
        let mut m = Map::new();
        for (k, v) in self {
            m.insert(k.clone(), v.encode());
        }
        Value::Object(m)
    }
}

impl<V: Decode> Decode for BTreeMap<String, V> {
    fn decode(v: Value) -> Result<Self, String> {
        let mut out = BTreeMap::new();
        for (k, x) in object(v, "a map")? {
            out.insert(k, V::decode(x)?);
        }
        Ok(out)
    }
}

impl<T: Encode> Encode for Box<T> {
    fn encode(&self) -> Value {
        (**self).encode()
    }
}

impl<T: Decode> Decode for Box<T> {
    fn decode(v: Value) -> Result<Self, String> {
        T::decode(v).map(Box::new)
    }

    fn decode_into(&mut self, v: Value) -> Result<(), String> {
        (**self).decode_into(v)
    }
}

impl<T: Encode> Encode for ObjBox<T> {
    fn encode(&self) -> Value {
        self.as_ref().encode()
    }
}

impl<T: Decode + Default> Decode for ObjBox<T> {
    fn decode(v: Value) -> Result<Self, String> {
        T::decode(v).map(ObjBox::new)
    }
}

impl<T: Encode> Encode for Shared<T> {
    fn encode(&self) -> Value {
        (**self).encode()
    }
}

impl<T: Decode + Internable> Decode for Shared<T> {
    fn decode(v: Value) -> Result<Self, String> {
        T::decode(v).map(Shared::new)
    }
}

impl Flatten for BTreeMap<String, Value> {
    fn from_rest(m: Map<String, Value>) -> Self {
        m.into_iter().collect()
    }

    fn put_rest(&self, m: &mut Map<String, Value>) {
        for (k, v) in self {
            m.insert(k.clone(), v.clone());
        }
    }
}

impl Flatten for Shared<BTreeMap<String, Value>> {
    fn from_rest(m: Map<String, Value>) -> Self {
        Shared::new(BTreeMap::from_rest(m))
    }

    fn put_rest(&self, m: &mut Map<String, Value>) {
        (**self).put_rest(m);
    }
}

impl Encode for IntOrString {
    fn encode(&self) -> Value {
        match self {
            IntOrString::Int(i) => Value::Number(Number::from(*i)),
            IntOrString::Str(s) => Value::String(s.clone()),
        }
    }
}

impl Decode for IntOrString {
    /// An int32 or a string (serde's untagged enum: the first variant that decodes).
    fn decode(v: Value) -> Result<Self, String> {
        match v {
            Value::String(s) => Ok(IntOrString::Str(s)),
            v => match i32::decode(v) {
                Ok(i) => Ok(IntOrString::Int(i)),
                Err(_) => Err("data did not match any variant of untagged enum IntOrString".to_string()),
            },
        }
    }
}

impl Encode for Volume {
    fn encode(&self) -> Value {
        self.to_value()
    }
}

impl Decode for Volume {
    fn decode(v: Value) -> Result<Self, String> {
        let mut fields = object(v, "a map")?;
        let name = match fields.remove("name") {
            Some(Value::String(s)) => s,
            Some(Value::Null) | None => String::new(),
            Some(other) => return Err(format!("volume name is not a string: {other}")),
        };
        Ok(Volume { name, source: Shared::from_rest(fields) })
    }
}

/// Starts member `key` (given as `"name":`) of an object being written.
#[inline(never)]
pub fn json_key(out: &mut String, key: &str) {
    if !out.ends_with('{') {
        out.push(',');
    }
    out.push_str(key);
}

/// Member `key` (given as `"name":`) of an object being written, and its value.
#[inline(never)]
pub fn json_field(out: &mut String, key: &str, v: &dyn ToJson) {
    json_key(out, key);
    v.write_json(out);
}

/// A JSON string, escaped as serde_json escapes it.
#[inline(never)]
pub fn write_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        let esc = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            _ => "",
        };
        out.push_str(s.get(start..i).unwrap_or_default());
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(esc);
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or_default());
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_exactly_as_serde_json_escapes_them() {
        let cases = ["", "plain", "q\"b\\s", "\n\r\t\u{8}\u{c}", "\u{0}\u{1f}\u{7f}", "é ü 日本 🎉", "a/b</script>"];
        for s in cases {
            let mut out = String::new();
            write_str(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn wrong_types_are_refused_with_serde_jsons_text() {
        type Case = (Value, fn(Value) -> Result<(), String>, &'static str);
        // (value, decoded as, error)
        let cases: [Case; 8] = [
            (Value::Null, |v| String::decode(v).map(drop), "invalid type: null, expected a string"),
            (crate::json::json!(5), |v| String::decode(v).map(drop), "invalid type: integer `5`, expected a string"),
            (crate::json::json!("x"), |v| i32::decode(v).map(drop), "invalid type: string \"x\", expected i32"),
            (crate::json::json!(1.5), |v| i32::decode(v).map(drop), "invalid type: floating point `1.5`, expected i32"),
            (
                crate::json::json!(3_000_000_000u64),
                |v| i32::decode(v).map(drop),
                "invalid value: integer `3000000000`, expected i32",
            ),
            (crate::json::json!(-1), |v| u64::decode(v).map(drop), "invalid value: integer `-1`, expected u64"),
            (crate::json::json!({}), |v| Vec::<String>::decode(v).map(drop), "invalid type: map, expected a sequence"),
            (crate::json::json!([true]), |v| bool::decode(v).map(drop), "invalid type: sequence, expected a boolean"),
        ];
        for (v, decode, want) in cases {
            let text = v.to_string();
            assert_eq!(decode(v), Err(want.to_string()), "{text}");
        }
    }

    #[test]
    fn int_or_string_decodes_as_the_untagged_enum_did() {
        // (value, decoded)
        let cases = [
            (crate::json::json!(3), Ok(IntOrString::Int(3))),
            (crate::json::json!("25%"), Ok(IntOrString::Str("25%".into()))),
            (crate::json::json!(1.5), Err("data did not match any variant of untagged enum IntOrString".to_string())),
            (crate::json::json!(true), Err("data did not match any variant of untagged enum IntOrString".to_string())),
        ];
        for (v, want) in cases {
            assert_eq!(IntOrString::decode(v.clone()), want, "{v}");
            if let Ok(i) = want {
                assert_eq!(i.encode(), v);
            }
        }
    }
}
