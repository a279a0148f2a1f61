//! One document -> a request kubectl would send: the client-side checks kubectl runs before
//! sending (apiVersion and kind present, metadata decodable, the kind known), then the server's
//! strict decoding. Each refusal carries kubectl's text and where in the document it points.

use serde_json::Value;

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
            | ClientError::Mapping { pos, .. } => *pos,
        }
    }

    /// Whether kubectl stops reading the stream at this error.
    pub fn stops_stream(&self) -> bool {
        matches!(self, ClientError::Validating { .. })
    }
}

/// The client-side checks of one document.
pub fn client_checks(doc: &Document) -> Result<(Kind, String, String), ClientError> {
    let node = &doc.node;
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
    let mut problems = Vec::new();
    let api_version = match node.get("apiVersion") {
        None => {
            problems.push("apiVersion not set".to_string());
            None
        }
        Some(n) => match &n.value {
            NodeValue::Str(s) => Some(s.clone()),
            NodeValue::Null => {
                problems.push("apiVersion not set".to_string());
                None
            }
            _ => {
                problems.push("apiVersion isn't string type".to_string());
                None
            }
        },
    };
    let kind = match node.get("kind") {
        None => {
            problems.push("kind not set".to_string());
            None
        }
        Some(n) => match &n.value {
            NodeValue::Str(s) => Some(s.clone()),
            NodeValue::Null => {
                problems.push("kind not set".to_string());
                None
            }
            _ => {
                problems.push("kind isn't string type".to_string());
                None
            }
        },
    };
    if let Some(v) = &api_version {
        if v.matches('/').count() > 1 {
            problems.push(format!("unexpected GroupVersion string: {v}"));
        }
    }
    let (Some(api_version), Some(kind_name)) = (api_version, kind) else {
        return Err(ClientError::Validating { problems, pos: node.pos });
    };
    if !problems.is_empty() {
        return Err(ClientError::Validating { problems, pos: node.pos });
    }
    if let Err(StrictError::Type { message, pos }) = schema::check_metadata(node) {
        return Err(ClientError::Decode { message, pos });
    }
    let name = doc.meta_str("name").unwrap_or("").to_string();
    let namespace = doc.meta_str("namespace").unwrap_or("").to_string();
    let kind_pos = node.get("kind").map_or(node.pos, |n| n.pos);
    match map_kind(&api_version, &kind_name) {
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
