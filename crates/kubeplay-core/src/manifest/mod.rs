//! Manifest text -> documents: kubectl's document splitting, JSON or YAML, positions for every
//! node, and the identity (apiVersion, kind, namespace, name) of each object.

pub mod decode;
pub mod defaults;
pub mod field;
pub mod hints;
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
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Yaml { error, .. } => write!(f, "error converting YAML to JSON: {error}"),
            ReadError::Separator { text, .. } => write!(f, "invalid Yaml document separator: {text}"),
        }
    }
}

impl ReadError {
    /// Where the problem is in the whole text.
    pub fn pos(&self) -> Pos {
        match self {
            ReadError::Yaml { pos, .. } => *pos,
            ReadError::Separator { line, .. } => Pos { line: *line, col: 1 },
        }
    }
}

/// Splits a stream into documents the way kubectl's YAML reader does: a line that starts with
/// `---` ends a document; only spaces or a comment may follow the dashes.
pub fn split_documents(text: &str) -> Result<Vec<(u32, &str)>, ReadError> {
    let mut docs = Vec::new();
    let mut start = 0usize;
    let mut start_line = 1u32;
    let mut offset = 0usize;
    for (line_no, line) in (1u32..).zip(text.split_inclusive('\n')) {
        if let Some(rest) = line.strip_prefix("---") {
            let trimmed = rest.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                return Err(ReadError::Separator { text: trimmed.to_string(), line: line_no });
            }
            docs.push((start_line, &text[start..offset]));
            start = offset + line.len();
            start_line = line_no + 1;
        }
        offset += line.len();
    }
    docs.push((start_line, &text[start..]));
    Ok(docs)
}

/// Reads every document of a stream, stopping at the first syntax error as kubectl does.
/// Empty documents are skipped. Documents read before an error are returned with it.
pub fn read_stream(text: &str) -> (Vec<Document>, Option<ReadError>) {
    let parts = match split_documents(text) {
        Ok(parts) => parts,
        Err(e) => return (Vec::new(), Some(e)),
    };
    let mut docs = Vec::new();
    for (first_line, part) in parts {
        match yaml::parse_document(part) {
            Ok(Some(node)) => {
                if matches!(node.value, NodeValue::Null) {
                    continue;
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
    (docs, None)
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
