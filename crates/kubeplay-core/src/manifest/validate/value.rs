//! Reading a decoded object (odd shapes count as absent, nothing panics), building field errors,
//! and printing values the way the v1.32 apiserver's error printer does (`%v`, `%q`, `%#v`).

use crate::json::{Map, Value};

use super::path::Path;
use crate::manifest::field::{go_quote, go_string_map, ErrorType, FieldError};

/// The value at `key` of an object, or `None` when absent, null or when `v` is not an object.
pub(crate) fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    match v.get(key) {
        Some(Value::Null) | None => None,
        Some(x) => Some(x),
    }
}

/// A string field; anything else counts as absent.
pub(crate) fn get_str<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    get(v, key).and_then(Value::as_str)
}

/// A string field, or "" when absent (Go's zero value).
pub(crate) fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    get_str(v, key).unwrap_or("")
}

/// An integer field (an integral float counts too).
pub(crate) fn get_i64(v: &Value, key: &str) -> Option<i64> {
    get(v, key).and_then(as_i64)
}

/// An integer, from a JSON number.
pub(crate) fn as_i64(v: &Value) -> Option<i64> {
    if let Some(i) = v.as_i64() {
        return Some(i);
    }
    if let Some(u) = v.as_u64() {
        return i64::try_from(u).ok();
    }
    let f = v.as_f64()?;
    if f.fract() == 0.0 && f.abs() < 9.0e18 {
        // Exact for integral values in range.
        Some(f as i64)
    } else {
        None
    }
}

/// An integer field, or 0 when absent.
pub(crate) fn i64_of(v: &Value, key: &str) -> i64 {
    get_i64(v, key).unwrap_or(0)
}

pub(crate) fn get_bool(v: &Value, key: &str) -> Option<bool> {
    get(v, key).and_then(Value::as_bool)
}

/// An object field.
pub(crate) fn get_obj<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    get(v, key).filter(|x| x.is_object())
}

/// A list field, empty when absent.
pub(crate) fn arr<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    match get(v, key) {
        Some(Value::Array(a)) => a.as_slice(),
        _ => &[],
    }
}

/// A `map[string]string` field; `None` when absent (Go's nil map). Non-string values are skipped.
pub(crate) fn str_map<'a>(v: &'a Value, key: &str) -> Option<Vec<(&'a str, &'a str)>> {
    match get(v, key) {
        Some(Value::Object(m)) => Some(map_entries(m)),
        _ => None,
    }
}

/// The string entries of a JSON object, in key order.
pub(crate) fn map_entries(m: &Map<String, Value>) -> Vec<(&str, &str)> {
    m.iter().filter_map(|(k, v)| v.as_str().map(|s| (k.as_str(), s))).collect()
}

/// The strings of a `[]string` field.
pub(crate) fn str_list<'a>(v: &'a Value, key: &str) -> Vec<&'a str> {
    arr(v, key).iter().filter_map(Value::as_str).collect()
}

/// An `intstr.IntOrString` as written: an int, a string, or absent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum IntOrString {
    Int(i64),
    Str(String),
}

impl IntOrString {
    pub(crate) fn from_value(v: Option<&Value>) -> Option<IntOrString> {
        match v? {
            Value::String(s) => Some(IntOrString::Str(s.clone())),
            x => as_i64(x).map(IntOrString::Int),
        }
    }

    /// Go's `%#v` of the value, as the v1.32 error printer shows it:
    /// `intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}`.
    pub(crate) fn go_dump(&self) -> String {
        match self {
            IntOrString::Int(i) => format!("intstr.IntOrString{{Type:0, IntVal:{}, StrVal:\"\"}}", i32_wrap(*i)),
            IntOrString::Str(s) => format!("intstr.IntOrString{{Type:1, IntVal:0, StrVal:{}}}", go_quote(s)),
        }
    }
}

/// An int64 as Go stores it in an int32 field (the strict decoder rejects out-of-range values, so
/// this only guards odd input).
pub(crate) fn i32_wrap(i: i64) -> i64 {
    i64::from(i as i32)
}

/// Go's `%#v` of a `map[string]string` or its nil.
pub(crate) fn go_map_dump(entries: Option<&[(&str, &str)]>) -> String {
    match entries {
        None => "map[string]string(nil)".to_string(),
        Some(e) => go_string_map(e.iter().copied()),
    }
}

/// Go's `%#v` of a `[]string` or its nil.
pub(crate) fn go_string_slice(items: Option<&[&str]>) -> String {
    match items {
        None => "[]string(nil)".to_string(),
        Some(items) => {
            let inner: Vec<String> = items.iter().map(|s| go_quote(s)).collect();
            format!("[]string{{{}}}", inner.join(", "))
        }
    }
}

/// A `[]string` field as Go sees it: `None` when absent.
pub(crate) fn opt_str_list<'a>(v: &'a Value, key: &str) -> Option<Vec<&'a str>> {
    match get(v, key) {
        Some(Value::Array(a)) => Some(a.iter().filter_map(Value::as_str).collect()),
        _ => None,
    }
}

/// Go's `%#v` of a `v1.LabelSelector` (what the v1.32 error printer shows for selectors):
/// `v1.LabelSelector{MatchLabels:map[string]string{"app":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`.
pub(crate) fn label_selector_dump(sel: &Value) -> String {
    let labels = str_map(sel, "matchLabels");
    let exprs = match get(sel, "matchExpressions") {
        Some(Value::Array(a)) => {
            let items: Vec<String> = a
                .iter()
                .map(|e| {
                    let values = opt_str_list(e, "values");
                    format!(
                        "v1.LabelSelectorRequirement{{Key:{}, Operator:{}, Values:{}}}",
                        go_quote(str_of(e, "key")),
                        go_quote(str_of(e, "operator")),
                        go_string_slice(values.as_deref())
                    )
                })
                .collect();
            format!("[]v1.LabelSelectorRequirement{{{}}}", items.join(", "))
        }
        _ => "[]v1.LabelSelectorRequirement(nil)".to_string(),
    };
    format!("v1.LabelSelector{{MatchLabels:{}, MatchExpressions:{}}}", go_map_dump(labels.as_deref()), exprs)
}

/// The printed value of an optional `*metav1.LabelSelector`: the dump, or `"null"` for nil.
pub(crate) fn opt_label_selector_dump(sel: Option<&Value>) -> String {
    match sel {
        Some(s) => label_selector_dump(s),
        None => go_quote("null"),
    }
}

/// A value normalized for `apiequality.Semantic.DeepEqual`-like comparison: nulls and empty lists
/// and maps count as absent, and integral numbers compare as integers.
pub(crate) fn semantic(v: Option<&Value>) -> Value {
    fn norm(v: &Value) -> Option<Value> {
        match v {
            Value::Null => None,
            Value::Array(a) if a.is_empty() => None,
            Value::Object(m) if m.is_empty() => None,
            Value::Object(m) => {
                let inner: Map<String, Value> = m.iter().filter_map(|(k, x)| norm(x).map(|x| (k.clone(), x))).collect();
                Some(Value::Object(inner))
            }
            Value::Array(a) => Some(Value::Array(a.iter().map(|x| norm(x).unwrap_or(Value::Null)).collect())),
            Value::Number(_) => Some(as_i64(v).map(Value::from).unwrap_or_else(|| v.clone())),
            other => Some(other.clone()),
        }
    }
    v.and_then(norm).unwrap_or(Value::Null)
}

/// `field.Invalid`.
pub(crate) fn invalid(p: &Path, value: impl Into<String>, detail: &str) -> FieldError {
    FieldError::invalid(p.as_str(), value, detail)
}

/// `field.Invalid` of a Go string value (`%q`).
pub(crate) fn invalid_str(p: &Path, value: &str, detail: &str) -> FieldError {
    FieldError::invalid(p.as_str(), go_quote(value), detail)
}

/// `field.Required`.
pub(crate) fn required(p: &Path, detail: &str) -> FieldError {
    FieldError::required(p.as_str(), detail)
}

/// `field.Forbidden`.
pub(crate) fn forbidden(p: &Path, detail: &str) -> FieldError {
    FieldError::forbidden(p.as_str(), detail)
}

/// `field.Duplicate`.
pub(crate) fn duplicate(p: &Path, value: impl Into<String>) -> FieldError {
    FieldError::duplicate(p.as_str(), value)
}

/// `field.NotSupported` of a Go string value.
pub(crate) fn not_supported(p: &Path, value: &str, supported: &[&str]) -> FieldError {
    FieldError::not_supported(p.as_str(), go_quote(value), supported)
}

/// `field.NotFound` of a Go string value.
pub(crate) fn not_found(p: &Path, value: &str) -> FieldError {
    FieldError::not_found(p.as_str(), go_quote(value))
}

/// `field.TooMany`.
pub(crate) fn too_many(p: &Path, actual: usize, max: usize) -> FieldError {
    FieldError::too_many(p.as_str(), actual, max)
}

/// `field.TooLong` as v1.32 words it (`may not be more than N bytes`; apimachinery v0.32
/// `field.TooLong`). The shared `FieldError::too_long` still carries the older wording.
pub(crate) fn too_long(p: &Path, max: usize) -> FieldError {
    FieldError {
        ty: ErrorType::TooLong,
        field: p.as_str().to_string(),
        value: None,
        detail: format!("may not be more than {max} bytes"),
    }
}

/// `field.InternalError`.
pub(crate) fn internal(p: &Path, detail: &str) -> FieldError {
    FieldError { ty: ErrorType::Internal, field: p.as_str().to_string(), value: None, detail: detail.to_string() }
}

/// Appends one `Invalid` error per message, all with the same string value (the common
/// `for _, msg := range IsX(v) { Invalid(path, v, msg) }` loop).
/// The field is `p`'s `child`, or `p` itself when `child` is empty.
pub(crate) fn invalid_each(errs: &mut Vec<FieldError>, p: &Path, child: &str, value: &str, msgs: Vec<String>) {
    for m in msgs {
        push::invalid_str(errs, p, child, value, &m);
    }
}

/// Appending one field error in a single call: `push::required(&mut errs, p, "name", detail)` is
/// `errs.push(required(&p.child("name"), detail))`, and an empty child means `p` itself. One
/// out-of-line body each instead of a child path, a constructor, a push and drops at every site.
pub(crate) mod push {
    use super::{go_quote, FieldError, Path};

    /// The field of `p`'s `child` (`p` itself when `child` is empty).
    #[inline(never)]
    fn field(p: &Path, child: &str) -> String {
        if child.is_empty() {
            p.as_str().to_string()
        } else {
            p.child(child).as_str().to_string()
        }
    }

    /// A required enum field: `Required` when empty, `NotSupported` when not one of `supported`.
    #[inline(never)]
    pub(crate) fn one_of(errs: &mut Vec<FieldError>, p: &Path, child: &str, value: &str, supported: &[&str]) {
        if value.is_empty() {
            required(errs, p, child, "");
        } else if !supported.contains(&value) {
            not_supported(errs, p, child, value, supported);
        }
    }

    /// A list of just `e` (`vec![e]`), built out of line.
    #[inline(never)]
    pub(crate) fn one(e: FieldError) -> Vec<FieldError> {
        vec![e]
    }

    /// `field.Invalid`.
    #[inline]
    pub(crate) fn invalid(errs: &mut Vec<FieldError>, p: &Path, child: &str, value: impl Into<String>, detail: &str) {
        invalid_string(errs, p, child, value.into(), detail)
    }

    #[inline(never)]
    fn invalid_string(errs: &mut Vec<FieldError>, p: &Path, child: &str, value: String, detail: &str) {
        errs.push(FieldError::invalid(field(p, child), value, detail));
    }

    /// `field.Invalid` of a Go string value (`%q`).
    #[inline(never)]
    pub(crate) fn invalid_str(errs: &mut Vec<FieldError>, p: &Path, child: &str, value: &str, detail: &str) {
        invalid_string(errs, p, child, go_quote(value), detail)
    }

    /// `field.Required`.
    #[inline(never)]
    pub(crate) fn required(errs: &mut Vec<FieldError>, p: &Path, child: &str, detail: &str) {
        errs.push(FieldError::required(field(p, child), detail));
    }

    /// `field.Forbidden`.
    #[inline(never)]
    pub(crate) fn forbidden(errs: &mut Vec<FieldError>, p: &Path, child: &str, detail: &str) {
        errs.push(FieldError::forbidden(field(p, child), detail));
    }

    /// `field.Duplicate`.
    #[inline]
    pub(crate) fn duplicate(errs: &mut Vec<FieldError>, p: &Path, child: &str, value: impl Into<String>) {
        duplicate_string(errs, p, child, value.into())
    }

    #[inline(never)]
    fn duplicate_string(errs: &mut Vec<FieldError>, p: &Path, child: &str, value: String) {
        errs.push(FieldError::duplicate(field(p, child), value));
    }

    /// `field.NotSupported` of a Go string value.
    #[inline(never)]
    pub(crate) fn not_supported(errs: &mut Vec<FieldError>, p: &Path, child: &str, value: &str, supported: &[&str]) {
        errs.push(FieldError::not_supported(field(p, child), go_quote(value), supported));
    }

    /// `field.NotFound` of a Go string value.
    #[inline(never)]
    pub(crate) fn not_found(errs: &mut Vec<FieldError>, p: &Path, child: &str, value: &str) {
        errs.push(FieldError::not_found(field(p, child), go_quote(value)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    #[test]
    fn selectors_and_int_or_strings_print_as_go_dumps() {
        let sel = json!({"matchLabels": {"b": "2", "app": "nginx"},
            "matchExpressions": [{"key": "a", "operator": "In", "values": ["x", "y"]}, {"key": "c", "operator": "Exists"}]});
        assert_eq!(
            label_selector_dump(&sel),
            r#"v1.LabelSelector{MatchLabels:map[string]string{"app":"nginx", "b":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"a", Operator:"In", Values:[]string{"x", "y"}}, v1.LabelSelectorRequirement{Key:"c", Operator:"Exists", Values:[]string(nil)}}}"#
        );
        assert_eq!(
            label_selector_dump(&json!({"matchLabels": {}, "matchExpressions": []})),
            "v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement{}}"
        );
        assert_eq!(IntOrString::Str("25%".into()).go_dump(), r#"intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}"#);
        assert_eq!(IntOrString::Int(0).go_dump(), r#"intstr.IntOrString{Type:0, IntVal:0, StrVal:""}"#);
        assert_eq!(opt_label_selector_dump(None), "\"null\"");
    }

    #[test]
    fn odd_shapes_read_as_absent() {
        let v = json!({"a": 5, "b": "x", "c": null, "d": [1, "s"], "e": {"k": "v", "n": 1}});
        assert_eq!(get_str(&v, "a"), None);
        assert_eq!(get_i64(&v, "b"), None);
        assert!(get(&v, "c").is_none());
        assert_eq!(str_list(&v, "d"), vec!["s"]);
        assert_eq!(str_map(&v, "e"), Some(vec![("k", "v")]));
        assert!(arr(&json!("scalar"), "x").is_empty());
    }
}
