//! Field errors as the apiserver words them (`spec.replicas: Invalid value: -1: must be ...`), and
//! the Go value formatting they use.

use std::fmt;

/// The kind of a field error, rendered as the apiserver renders it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorType {
    Invalid,
    Required,
    Forbidden,
    Duplicate,
    NotSupported,
    TooLong,
    TooMany,
    NotFound,
    Internal,
}

impl ErrorType {
    /// The word the apiserver prints ("Invalid value", "Required value", ...).
    pub fn word(self) -> &'static str {
        match self {
            ErrorType::Invalid => "Invalid value",
            ErrorType::Required => "Required value",
            ErrorType::Forbidden => "Forbidden",
            ErrorType::Duplicate => "Duplicate value",
            ErrorType::NotSupported => "Unsupported value",
            ErrorType::TooLong => "Too long",
            ErrorType::TooMany => "Too many",
            ErrorType::NotFound => "Not found",
            ErrorType::Internal => "Internal error",
        }
    }
}

/// One validation error on one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub ty: ErrorType,
    /// The field path as the apiserver prints it: `spec.template.spec.containers[0].image`.
    pub field: String,
    /// The value, already formatted as Go prints it (`"x"`, `-1`, `map[string]string{"a":"b"}`).
    pub value: Option<String>,
    pub detail: String,
}

impl FieldError {
    pub fn invalid(field: impl Into<String>, value: impl Into<String>, detail: impl Into<String>) -> FieldError {
        FieldError { ty: ErrorType::Invalid, field: field.into(), value: Some(value.into()), detail: detail.into() }
    }

    pub fn required(field: impl Into<String>, detail: impl Into<String>) -> FieldError {
        FieldError { ty: ErrorType::Required, field: field.into(), value: None, detail: detail.into() }
    }

    pub fn forbidden(field: impl Into<String>, detail: impl Into<String>) -> FieldError {
        FieldError { ty: ErrorType::Forbidden, field: field.into(), value: None, detail: detail.into() }
    }

    pub fn duplicate(field: impl Into<String>, value: impl Into<String>) -> FieldError {
        FieldError { ty: ErrorType::Duplicate, field: field.into(), value: Some(value.into()), detail: String::new() }
    }

    /// `Unsupported value: "x": supported values: "a", "b"` (values quoted in the given order).
    pub fn not_supported(field: impl Into<String>, value: impl Into<String>, supported: &[&str]) -> FieldError {
        let detail = if supported.is_empty() {
            String::new()
        } else {
            let quoted: Vec<String> = supported.iter().map(|s| go_quote(s)).collect();
            format!("supported values: {}", quoted.join(", "))
        };
        FieldError { ty: ErrorType::NotSupported, field: field.into(), value: Some(value.into()), detail }
    }

    /// `Too long: may not be more than N bytes` (the v1.32 wording).
    pub fn too_long(field: impl Into<String>, max_bytes: usize) -> FieldError {
        let unit = if max_bytes == 1 { "byte" } else { "bytes" };
        FieldError {
            ty: ErrorType::TooLong,
            field: field.into(),
            value: None,
            detail: format!("may not be more than {max_bytes} {unit}"),
        }
    }

    pub fn too_many(field: impl Into<String>, actual: usize, max: usize) -> FieldError {
        FieldError {
            ty: ErrorType::TooMany,
            field: field.into(),
            value: Some(actual.to_string()),
            detail: format!("must have at most {max} items"),
        }
    }

    pub fn not_found(field: impl Into<String>, value: impl Into<String>) -> FieldError {
        FieldError { ty: ErrorType::NotFound, field: field.into(), value: Some(value.into()), detail: String::new() }
    }

    /// The error without its field: `Invalid value: -1: must be ...` (a StatusCause's message).
    pub fn body(&self) -> String {
        let mut s = self.ty.word().to_string();
        let prints_value = matches!(
            self.ty,
            ErrorType::Invalid
                | ErrorType::Duplicate
                | ErrorType::NotSupported
                | ErrorType::NotFound
                | ErrorType::TooMany
        );
        if prints_value {
            if let Some(v) = &self.value {
                s.push_str(": ");
                s.push_str(v);
            }
        }
        if !self.detail.is_empty() {
            s.push_str(": ");
            s.push_str(&self.detail);
        }
        s
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.body())
    }
}

/// Go's `strconv.Quote` (what `%q` prints for a string).
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `%#v` of a `map[string]string`: keys sorted, `map[string]string{"a":"b", "c":"d"}`.
pub fn go_string_map<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut pairs: Vec<(&str, &str)> = entries.into_iter().collect();
    pairs.sort();
    let inner: Vec<String> = pairs.iter().map(|(k, v)| format!("{}:{}", go_quote(k), go_quote(v))).collect();
    format!("map[string]string{{{}}}", inner.join(", "))
}

/// The apiserver's Invalid message: `Deployment.apps "x" is invalid: e` or `... is invalid: [e1, e2]`.
pub fn invalid_message(group_kind: &str, name: &str, errors: &[FieldError]) -> String {
    let mut texts: Vec<String> = Vec::new();
    for e in errors {
        let t = e.to_string();
        if !texts.contains(&t) {
            texts.push(t);
        }
    }
    match texts.len() {
        0 => format!("{group_kind} {} is invalid", go_quote(name)),
        1 => format!("{group_kind} {} is invalid: {}", go_quote(name), texts[0]),
        _ => format!("{group_kind} {} is invalid: [{}]", go_quote(name), texts.join(", ")),
    }
}

/// kubectl's rendering of a single Invalid error: one cause on the header line, several as
/// `* field: message` lines under a header that ends in a space.
pub fn kubectl_invalid(kind: &str, name: &str, errors: &[FieldError]) -> String {
    let mut causes: Vec<String> = Vec::new();
    for e in errors {
        let t = e.to_string();
        if !causes.contains(&t) {
            causes.push(t);
        }
    }
    let header = format!("The {kind} {} is invalid", go_quote(name));
    match causes.len() {
        0 => header,
        1 => format!("{header}: {}", causes[0]),
        _ => {
            let mut s = format!("{header}: ");
            for c in causes {
                s.push_str("\n* ");
                s.push_str(&c);
            }
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_render_as_the_apiserver_renders_them() {
        assert_eq!(
            FieldError::invalid("spec.replicas", "-1", "must be greater than or equal to 0").to_string(),
            "spec.replicas: Invalid value: -1: must be greater than or equal to 0"
        );
        assert_eq!(
            FieldError::required("spec.containers[0].image", "").to_string(),
            "spec.containers[0].image: Required value"
        );
        assert_eq!(
            FieldError::not_supported("spec.restartPolicy", go_quote("Sometimes"), &["Always", "OnFailure", "Never"])
                .to_string(),
            r#"spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never""#
        );
        assert_eq!(go_string_map([("tier", "x"), ("app", "b")]), r#"map[string]string{"app":"b", "tier":"x"}"#);
    }

    #[test]
    fn kubectl_lists_several_causes_under_a_header() {
        let errs = vec![
            FieldError::invalid("spec.replicas", "-1", "must be greater than or equal to 0"),
            FieldError::required("spec.template.spec.containers", ""),
        ];
        assert_eq!(
            kubectl_invalid("Deployment", "x", &errs),
            "The Deployment \"x\" is invalid: \n* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n* spec.template.spec.containers: Required value"
        );
        assert_eq!(
            invalid_message("Deployment.apps", "x", &errs),
            "Deployment.apps \"x\" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.template.spec.containers: Required value]"
        );
    }
}
