//! Manifest text -> documents: kubectl's document splitting, JSON or YAML, the items of Lists,
//! positions for every node, and the identity (apiVersion, kind, namespace, name) of each object.

pub mod decode;
pub mod defaults;
pub mod field;
pub mod hints;
pub mod json;
pub mod merge;
pub mod schema;
pub mod strategy;
pub mod validate;
pub mod yaml;

use yaml::{Node, NodeValue, Pos, YamlError};

/// One document of a manifest stream, parsed.
#[derive(Clone, Debug)]
pub struct Document {
    /// The 1-based line in the whole text where this document starts.
    pub first_line: u32,
    pub node: Node,
}

/// Why a manifest stream could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// A YAML syntax error; `pos` is relative to the whole text.
    Yaml { error: YamlError, pos: Pos },
    /// A separator line with content after `---` that is not a comment.
    Separator { text: String, line: u32 },
    /// A JSON stream's syntax error (`json: offset 9: ...`, `unexpected EOF`).
    Json { message: String, pos: Pos },
    /// A document YAML reads but JSON cannot hold (`json: unsupported value: +Inf`).
    Convert { message: String, pos: Pos },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Yaml { error, .. } => write!(f, "error converting YAML to JSON: {error}"),
            ReadError::Separator { text, .. } => write!(f, "invalid Yaml document separator: {text}"),
            ReadError::Json { message, .. } => f.write_str(message),
            ReadError::Convert { message, .. } => write!(f, "error converting YAML to JSON: {message}"),
        }
    }
}

impl ReadError {
    /// Where the problem is in the whole text.
    pub fn pos(&self) -> Pos {
        match self {
            ReadError::Yaml { pos, .. } => *pos,
            ReadError::Separator { line, .. } => Pos { line: *line, col: 1 },
            ReadError::Json { pos, .. } | ReadError::Convert { pos, .. } => *pos,
        }
    }
}

/// Splits a stream into documents the way kubectl's YAML reader does: a line that starts with
/// `---` ends a document; only spaces or a comment may follow the dashes.
pub fn split_documents(text: &str) -> Result<Vec<(u32, &str)>, ReadError> {
    match split_until_error(text) {
        (docs, None) => Ok(docs),
        (_, Some(e)) => Err(e),
    }
}

/// [`split_documents`] as kubectl reads a stream: the documents before a bad separator line
/// are read before the reader fails on it.
fn split_until_error(text: &str) -> (Vec<(u32, &str)>, Option<ReadError>) {
    let mut docs = Vec::new();
    let mut start = 0usize;
    let mut start_line = 1u32;
    let mut offset = 0usize;
    for (line_no, line) in (1u32..).zip(text.split_inclusive('\n')) {
        if let Some(rest) = line.strip_prefix("---") {
            let trimmed = rest.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                return (docs, Some(ReadError::Separator { text: trimmed.to_string(), line: line_no }));
            }
            docs.push((start_line, &text[start..offset]));
            start = offset + line.len();
            start_line = line_no + 1;
        }
        offset += line.len();
    }
    docs.push((start_line, &text[start..]));
    (docs, None)
}

/// A manifest stream as read: its documents, the text of each when the stream is JSON (kubectl
/// quotes it as written in some errors), and the error that ended the reading.
pub struct Stream {
    pub docs: Vec<Document>,
    pub raw: Vec<Option<String>>,
    /// Whether each document is an item of a List (kubectl maps those with other words).
    pub in_list: Vec<bool>,
    pub error: Option<ReadError>,
}

/// Reads every document of a stream, stopping at the first syntax error as kubectl does.
/// Empty documents are skipped. Documents read before an error are returned with it. A stream
/// that starts with `{` is read as JSON values; a byte order mark at the start is dropped.
pub fn read(text: &str) -> Stream {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut stream = if json::is_json_stream(text) {
        let (values, error) = json::read_json_stream(text);
        let (docs, raw): (Vec<Document>, Vec<Option<String>>) = values
            .into_iter()
            .filter(|v| !matches!(v.node.value, NodeValue::Null))
            .map(|v| (Document { first_line: v.first_line, node: v.node }, Some(v.raw)))
            .unzip();
        let in_list = vec![false; raw.len()];
        Stream { docs, raw, in_list, error: error.map(|e| ReadError::Json { message: e.message, pos: e.pos }) }
    } else {
        let (docs, error) = read_yaml_stream(text);
        let raw = vec![None; docs.len()];
        let in_list = vec![false; docs.len()];
        Stream { docs, raw, in_list, error }
    };
    flatten_lists(&mut stream);
    stream
}

/// kubectl reads any object with an `items` list as a List (unstructured's list detector) and
/// visits its items as objects of their own (`FlattenListVisitor`).
fn flatten_lists(stream: &mut Stream) {
    if !stream.docs.iter().any(is_list) {
        return;
    }
    let docs = std::mem::take(&mut stream.docs);
    let raw = std::mem::take(&mut stream.raw);
    stream.in_list.clear();
    for (doc, raw) in docs.into_iter().zip(raw) {
        if !is_list(&doc) {
            stream.docs.push(doc);
            stream.raw.push(raw);
            stream.in_list.push(false);
            continue;
        }
        let first_line = doc.first_line;
        let NodeValue::Map(entries) = doc.node.value else { continue };
        for (key, value) in entries {
            if key.name != "items" {
                continue;
            }
            let NodeValue::Seq(items) = value.value else { continue };
            for item in items.into_iter().filter(|i| !matches!(i.value, NodeValue::Null)) {
                stream.docs.push(Document { first_line, node: item });
                stream.raw.push(None);
                stream.in_list.push(true);
            }
        }
    }
}

fn is_list(doc: &Document) -> bool {
    doc.node.get("items").is_some_and(|i| matches!(i.value, NodeValue::Seq(_)))
}

/// [`read`] without the JSON texts.
pub fn read_stream(text: &str) -> (Vec<Document>, Option<ReadError>) {
    let stream = read(text);
    (stream.docs, stream.error)
}

/// The YAML documents of a stream.
fn read_yaml_stream(text: &str) -> (Vec<Document>, Option<ReadError>) {
    let (parts, split_error) = split_until_error(text);
    let mut docs = Vec::new();
    for (first_line, part) in parts {
        match yaml::parse_document(part) {
            Ok(Some(node)) => {
                if matches!(node.value, NodeValue::Null) {
                    continue;
                }
                // sigs.k8s.io/yaml then marshals the tree as JSON, which has no infinities.
                if let Some((value, pos)) = yaml::first_non_finite(&node) {
                    let pos = Pos { line: pos.line + first_line - 1, col: pos.col };
                    let message = format!("json: unsupported value: {value}");
                    return (docs, Some(ReadError::Convert { message, pos }));
                }
                docs.push(Document { first_line, node });
            }
            Ok(None) => {}
            Err(error) => {
                let pos = Pos { line: error.pos.line + first_line - 1, col: error.pos.col };
                return (docs, Some(ReadError::Yaml { error, pos }));
            }
        }
    }
    (docs, split_error)
}

impl Document {
    /// The whole-text position of a node of this document.
    pub fn abs(&self, pos: Pos) -> Pos {
        Pos { line: pos.line + self.first_line - 1, col: pos.col }
    }

    /// A top-level string field (`apiVersion`, `kind`).
    pub fn top_str(&self, key: &str) -> Option<&str> {
        self.node.get(key).and_then(Node::as_str)
    }

    /// `metadata.<key>` as a string.
    pub fn meta_str(&self, key: &str) -> Option<&str> {
        self.node.get("metadata").and_then(|m| m.get(key)).and_then(Node::as_str)
    }
}
