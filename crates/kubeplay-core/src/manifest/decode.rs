//! One document -> a request kubectl would send: the client-side checks kubectl runs before
//! sending (apiVersion and kind present, metadata decodable, the kind known), then the server's
//! strict decoding. Each refusal carries kubectl's text and where in the document it points.

use crate::json::Value;

use super::schema::{self, StrictError};
use super::yaml::{Node, NodeValue, Pos};
use super::Document;
use crate::api::{map_kind, Kind, Mapping};

/// A document that passed the client-side checks.
#[derive(Clone, Debug)]
pub struct Decoded {
    pub kind: Kind,
    /// The name and namespace written in the document (namespace may be empty).
    pub name: String,
    pub namespace: String,
    pub value: Value,
}

/// Why kubectl refused a document before sending it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientError {
    /// `error validating "<src>": error validating data: ...` — stops the stream.
    Validating { problems: Vec<String>, pos: Pos },
    /// `unable to decode "<src>": ...` — this document only.
    Decode { message: String, pos: Pos },
    /// `resource mapping not found ...` — this document only.
    Mapping { name: String, namespace: String, message: String, kind: String, pos: Pos },
    /// An item of a List kubectl cannot type or map (`unable to recognize ...`) — this item only,
    /// printed as is.
    Item { message: String, kind: String, pos: Pos },
}

impl ClientError {
    /// The text kubectl prints for this error for the file `source` (no `error: ` prefix).
    pub fn text(&self, source: &str) -> String {
        match self {
            ClientError::Validating { problems, .. } => {
                let data = if problems.len() == 1 {
                    problems[0].clone()
                } else {
                    format!("[{}]", problems.join(", "))
                };
                format!(
                    "error validating {}: error validating data: {data}; if you choose to ignore these errors, turn validation off with --validate=false",
                    crate::manifest::field::go_quote(source)
                )
            }
            ClientError::Decode { message, .. } => {
                format!("unable to decode {}: {message}", crate::manifest::field::go_quote(source))
            }
            ClientError::Item { message, .. } => message.clone(),
            ClientError::Mapping { name, namespace, message, .. } => format!(
                "resource mapping not found for name: {} namespace: {} from {}: {message}\nensure CRDs are installed first",
                crate::manifest::field::go_quote(name),
                crate::manifest::field::go_quote(namespace),
                crate::manifest::field::go_quote(source)
            ),
        }
    }

    pub fn pos(&self) -> Pos {
        match self {
            ClientError::Validating { pos, .. }
            | ClientError::Decode { pos, .. }
            | ClientError::Mapping { pos, .. }
            | ClientError::Item { pos, .. } => *pos,
        }
    }

    /// Whether kubectl stops reading the stream at this error.
    pub fn stops_stream(&self) -> bool {
        matches!(self, ClientError::Validating { .. })
    }
}

/// kubectl's `--validate`: how unknown fields are treated (the server's `fieldValidation`), and
/// whether kubectl checks apiVersion and kind itself first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Validation {
    /// `--validate=strict` (or `true`, the default): unknown fields are an error.
    #[default]
    Strict,
    /// `--validate=warn`: unknown fields are dropped with a warning.
    Warn,
    /// `--validate=ignore` (or `false`): unknown fields are dropped silently, and kubectl skips its
    /// own apiVersion/kind checks.
    Ignore,
}

/// `GetValidationDirective`: the value of `--validate` (absent means strict).
pub fn validation_directive(flag: Option<&str>) -> Result<Validation, String> {
    match flag {
        None | Some("strict" | "1" | "t" | "T" | "true" | "TRUE" | "True") => Ok(Validation::Strict),
        Some("warn") => Ok(Validation::Warn),
        Some("ignore" | "0" | "f" | "F" | "false" | "FALSE" | "False") => Ok(Validation::Ignore),
        Some(other) => Err(format!(
            "invalid - validate option {}; must be one of: strict (or true), warn, ignore (or false)",
            quote(other)
        )),
    }
}

/// What the `apiVersion` or `kind` field of a document holds, for `getObjectKind`.
fn string_field(node: &Node, key: &str) -> Result<Option<String>, ()> {
    match node.get(key).map(|n| &n.value) {
        None | Some(NodeValue::Null) => Ok(None),
        Some(NodeValue::Str(s)) => Ok(Some(s.clone())),
        Some(_) => Err(()),
    }
}

/// The client-side checks of one document for a command that validates (strict).
pub fn client_checks(doc: &Document) -> Result<(Kind, String, String), ClientError> {
    client_checks_with(doc, Validation::Strict, None)
}

/// The client-side checks of one document, in kubectl's order: its schema validator's
/// `getObjectKind` (unless validation is off), then the unstructured decoder (an object, with a
/// kind, whose metadata decodes), then the REST mapping of its group, version and kind.
/// `raw` is the document's text when it came from a JSON stream.
pub fn client_checks_with(
    doc: &Document,
    validation: Validation,
    raw: Option<&str>,
) -> Result<(Kind, String, String), ClientError> {
    let node = &doc.node;
    if validation != Validation::Ignore {
        validate_object_kind(node)?;
    }
    let NodeValue::Map(_) = &node.value else {
        let what = match &node.value {
            NodeValue::Seq(_) => "array",
            NodeValue::Str(_) => "string",
            NodeValue::Bool(_) => "bool",
            _ => "number",
        };
        return Err(ClientError::Decode {
            message: format!("json: cannot unmarshal {what} into Go value of type unstructured.detector"),
            pos: node.pos,
        });
    };
    let api_version = string_field(node, "apiVersion").ok().flatten().unwrap_or_default();
    let kind_name = string_field(node, "kind").ok().flatten().unwrap_or_default();
    if kind_name.is_empty() {
        let mut json = String::new();
        match raw {
            Some(raw) => json.push_str(raw),
            None => yaml_to_json_text(&mut json, node),
        }
        return Err(ClientError::Decode { message: format!("Object 'Kind' is missing in '{json}'"), pos: node.pos });
    }
    if let Err(StrictError::Type { message, pos }) = schema::check_metadata(node) {
        return Err(ClientError::Decode { message, pos });
    }
    let name = doc.meta_str("name").unwrap_or("").to_string();
    let namespace = doc.meta_str("namespace").unwrap_or("").to_string();
    let kind_pos = node.get("kind").map_or(node.pos, |n| n.pos);
    // Without validation a missing apiVersion reaches the mapper, which then takes the kind's
    // preferred version in the core group.
    let mapped = if api_version.is_empty() {
        Kind::from_name(&kind_name).filter(|k| k.info().group.is_empty()).map_or(Mapping::Unknown, Mapping::Known)
    } else {
        map_kind(&api_version, &kind_name)
    };
    match mapped {
        Mapping::Known(k) => Ok((k, name, namespace)),
        Mapping::WrongVersion | Mapping::Unknown => Err(ClientError::Mapping {
            name,
            namespace,
            message: format!("no matches for kind {} in version {}", quote(&kind_name), quote(&api_version)),
            kind: kind_name,
            pos: kind_pos,
        }),
    }
}

/// The JSON text sigs.k8s.io/yaml makes of a document (`json.Marshal`: keys sorted, integers
/// exact, floats as Go writes them, `<`, `>` and `&` escaped).
fn yaml_to_json_text(out: &mut String, node: &Node) {
    match &node.value {
        NodeValue::Null => out.push_str("null"),
        NodeValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        NodeValue::Int(i) => out.push_str(&i.to_string()),
        NodeValue::UInt(u) => out.push_str(&u.to_string()),
        NodeValue::Float(f) => out.push_str(&crate::kubectl::json::float::go_json_float(*f)),
        NodeValue::Str(s) => crate::kubectl::json::write_string(out, s),
        NodeValue::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                yaml_to_json_text(out, item);
            }
            out.push(']');
        }
        NodeValue::Map(entries) => {
            let mut sorted: Vec<&(super::yaml::Key, Node)> = entries.iter().collect();
            sorted.sort_by(|a, b| a.0.name.cmp(&b.0.name));
            out.push('{');
            for (i, (k, v)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                crate::kubectl::json::write_string(out, &k.name);
                out.push(':');
                yaml_to_json_text(out, v);
            }
            out.push('}');
        }
    }
}

/// The checks of one item of a List (`FlattenListVisitor`): the schema validator's
/// `getObjectKind` (unless validation is off), then the unstructured typer (a kind and an
/// apiVersion) and the REST mapping, whose refusals read differently from a document's.
pub fn client_checks_item(doc: &Document, validation: Validation) -> Result<(Kind, String, String), ClientError> {
    let node = &doc.node;
    if validation != Validation::Ignore {
        validate_object_kind(node)?;
    }
    let api_version = string_field(node, "apiVersion").ok().flatten().unwrap_or_default();
    let kind_name = string_field(node, "kind").ok().flatten().unwrap_or_default();
    let type_error = |what: &str| ClientError::Item {
        message: format!("unable to get type info from the object \"*unstructured.Unstructured\": {what}"),
        kind: kind_name.clone(),
        pos: node.pos,
    };
    if kind_name.is_empty() {
        return Err(type_error("Object 'Kind' is missing in 'object has no kind field '"));
    }
    if api_version.is_empty() {
        return Err(type_error("Object 'apiVersion' is missing in 'object has no apiVersion field'"));
    }
    let name = doc.meta_str("name").unwrap_or("").to_string();
    let namespace = doc.meta_str("namespace").unwrap_or("").to_string();
    match map_kind(&api_version, &kind_name) {
        Mapping::Known(k) => Ok((k, name, namespace)),
        Mapping::WrongVersion | Mapping::Unknown => Err(ClientError::Item {
            message: format!(
                "unable to recognize no matches for kind {} in version {}",
                quote(&kind_name),
                quote(&api_version)
            ),
            kind: kind_name.clone(),
            pos: node.get("kind").map_or(node.pos, |n| n.pos),
        }),
    }
}

/// The schema validator's `getObjectKind`: apiVersion and kind set, strings, and a well-formed
/// group/version.
fn validate_object_kind(node: &Node) -> Result<(), ClientError> {
    if !matches!(node.value, NodeValue::Map(_)) {
        return Err(ClientError::Validating { problems: vec!["invalid object to validate".into()], pos: node.pos });
    }
    let mut problems = Vec::new();
    match string_field(node, "apiVersion") {
        Ok(None) => problems.push("apiVersion not set".to_string()),
        Err(()) => problems.push("apiVersion isn't string type".to_string()),
        Ok(Some(v)) => {
            if v != "/" && v.matches('/').count() > 1 {
                problems.push(format!("unexpected GroupVersion string: {v}"));
            }
        }
    }
    match string_field(node, "kind") {
        Ok(None) => problems.push("kind not set".to_string()),
        Err(()) => problems.push("kind isn't string type".to_string()),
        Ok(Some(_)) => {}
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ClientError::Validating { problems, pos: node.pos })
    }
}

fn quote(s: &str) -> String {
    crate::manifest::field::go_quote(s)
}

/// The server's strict decoding of a document of `kind`.
pub fn server_decode(kind: Kind, node: &Node) -> Result<Value, StrictError> {
    schema::strict_check(kind.info().definition, node)?;
    Ok(node.to_json())
}

/// The decoder's text for a strict-decoding refusal (what follows `cannot be handled as a <Kind>: `).
pub fn strict_message(e: &StrictError) -> String {
    e.to_string()
}

/// Removes the field at an unknown-field path (`spec.containers[0].imagee`) from `value`, as
/// the decoder drops what the schema does not have.
pub fn remove_path(value: &mut Value, path: &str) {
    let mut steps: Vec<PathStep> = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = part.find('[').map_or((part, ""), |i| (&part[..i], &part[i..]));
        if !name.is_empty() {
            steps.push(PathStep::Key(name));
        }
        while let Some(inner) = rest.strip_prefix('[') {
            let Some(end) = inner.find(']') else { break };
            let index = &inner[..end];
            steps.push(index.parse().map_or(PathStep::Key(index), PathStep::Index));
            rest = &inner[end + 1..];
        }
    }
    let Some((last, parents)) = steps.split_last() else { return };
    let mut cur = value;
    for step in parents {
        let next = match (step, cur) {
            (PathStep::Key(k), Value::Object(m)) => m.get_mut(*k),
            (PathStep::Index(i), Value::Array(items)) => items.get_mut(*i),
            _ => None,
        };
        match next {
            Some(v) => cur = v,
            None => return,
        }
    }
    if let (PathStep::Key(k), Value::Object(m)) = (last, cur) {
        m.remove(*k);
    }
}

enum PathStep<'a> {
    Key(&'a str),
    Index(usize),
}
