//! YAML text -> a tree of positioned nodes, read the way kubectl reads it (go-yaml v2 through
//! sigs.k8s.io/yaml): YAML 1.1 scalar resolution, merge keys, anchors with a budget, and syntax
//! errors worded and numbered as go-yaml words and numbers them.

use std::collections::BTreeMap;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A position in the source text: 1-based line and 1-based column counted in characters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    fn from_marker(m: &Marker) -> Pos {
        Pos {
            line: u32::try_from(m.line()).unwrap_or(u32::MAX),
            col: u32::try_from(m.col()).unwrap_or(u32::MAX).saturating_add(1),
        }
    }
}

/// One YAML node with the position where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: NodeValue,
    pub pos: Pos,
    /// The scalar text as written, for hints ("app:myapp" read as one string).
    pub plain: bool,
}

/// What a node holds, already resolved to JSON's types.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeValue {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Keys in document order; keys are strings after conversion, as in JSON.
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub name: String,
    pub pos: Pos,
}

impl Node {
    /// The value under `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            NodeValue::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string value when this node is a string scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            NodeValue::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Where the node begins in the text: a mapping at its first key.
    pub fn start(&self) -> Pos {
        match &self.value {
            NodeValue::Map(entries) => entries.first().map_or(self.pos, |(k, _)| k.pos),
            _ => self.pos,
        }
    }

    /// The position of the node at a field path as the apiserver prints paths
    /// (`spec.template.spec.containers[0].image`, `resources.limits[cpu]`); when the path leaves
    /// the document, the position of the deepest node on it.
    pub fn find_path(&self, path: &str) -> Option<Pos> {
        let mut cur = self;
        let mut last = self.pos;
        for seg in split_path(path) {
            let next = match (&cur.value, seg) {
                (NodeValue::Map(entries), PathSeg::Field(name)) => {
                    entries.iter().find(|(k, _)| k.name == name).map(|(k, v)| (k.pos, v))
                }
                (NodeValue::Seq(items), PathSeg::Index(i)) => items.get(i).map(|v| (v.start(), v)),
                (NodeValue::Map(entries), PathSeg::Key(key)) => {
                    entries.iter().find(|(k, _)| k.name == key).map(|(k, v)| (k.pos, v))
                }
                _ => None,
            };
            match next {
                Some((pos, node)) => {
                    last = pos;
                    cur = node;
                }
                None => break,
            }
        }
        Some(last)
    }

    /// Converts the tree to a JSON value, the way sigs.k8s.io/yaml's YAMLToJSON does.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.value {
            NodeValue::Null => Value::Null,
            NodeValue::Bool(b) => Value::Bool(*b),
            NodeValue::Int(i) => Value::from(*i),
            NodeValue::UInt(u) => Value::from(*u),
            NodeValue::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            NodeValue::Str(s) => Value::String(s.clone()),
            NodeValue::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeValue::Map(entries) => {
                let mut map = serde_json::Map::new();
                for (k, v) in entries {
                    map.insert(k.name.clone(), v.to_json());
                }
                Value::Object(map)
            }
        }
    }
}

/// One step of a field path.
#[derive(Debug, PartialEq, Eq)]
enum PathSeg<'a> {
    Field(&'a str),
    Index(usize),
    Key(&'a str),
}

fn split_path(path: &str) -> Vec<PathSeg<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            out.push(PathSeg::Field(name));
        }
        while let Some(inner) = rest.strip_prefix('[') {
            let Some(end) = inner.find(']') else { break };
            let idx = &inner[..end];
            out.push(match idx.parse::<usize>() {
                Ok(i) => PathSeg::Index(i),
                Err(_) => PathSeg::Key(idx),
            });
            rest = &inner[end + 1..];
        }
    }
    out
}

/// A YAML syntax error as go-yaml reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// The line go-yaml prints (see [`YamlError::reported_line`]); 0 when it prints none.
    pub reported_line: u32,
    /// The position of the problem itself, for the editor.
    pub pos: Pos,
    /// go-yaml's problem text, e.g. "mapping values are not allowed in this context".
    pub problem: String,
}

impl std::fmt::Display for YamlError {
    /// go-yaml's `yaml: line N: problem` (or `yaml: problem` when no line applies).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.reported_line == 0 {
            write!(f, "yaml: {}", self.problem)
        } else {
            write!(f, "yaml: line {}: {}", self.reported_line, self.problem)
        }
    }
}

/// Limits that keep hostile input (alias bombs, deep nesting) cheap.
const MAX_DEPTH: usize = 1000;
/// go-yaml v2 refuses documents whose alias expansions outgrow the document; we cap the
/// number of nodes an alias may copy in total.
const MAX_ALIAS_NODES: usize = 100_000;

/// Parses one YAML document (kubectl splits streams on `---` lines before parsing).
/// Returns `Ok(None)` for a document with no content.
pub fn parse_document(text: &str) -> Result<Option<Node>, YamlError> {
    check_tabs(text)?;
    let normalized = normalize_tabs(text);
    let mut parser = Parser::new_from_str(&normalized);
    let mut builder = Builder::default();
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(pair) => pair,
            Err(e) => return Err(convert_error(e.info(), e.marker(), text)),
        };
        match builder.push(event, &mark)? {
            Flow::Continue => {}
            Flow::DocumentDone => break,
        }
    }
    Ok(builder.root.take())
}

enum Flow {
    Continue,
    DocumentDone,
}

enum Frame {
    Seq { items: Vec<Node>, pos: Pos, anchor: usize },
    Map { entries: Vec<(Key, Node)>, pending_key: Option<Key>, pos: Pos, anchor: usize, merges: Vec<Node> },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: BTreeMap<usize, Node>,
    alias_nodes: usize,
    root: Option<Node>,
    documents: usize,
}

impl Builder {
    fn push(&mut self, event: Event, mark: &Marker) -> Result<Flow, YamlError> {
        let pos = Pos::from_marker(mark);
        match event {
            Event::StreamStart | Event::Nothing => {}
            Event::DocumentStart => {
                self.documents += 1;
            }
            Event::DocumentEnd | Event::StreamEnd => return Ok(Flow::DocumentDone),
            Event::Scalar(text, style, anchor, tag) => {
                let tag_suffix = tag.as_ref().map(|t| t.suffix.as_str());
                let node =
                    Node { value: resolve_scalar(&text, style, tag_suffix), pos, plain: style == TScalarStyle::Plain };
                if anchor > 0 {
                    self.anchors.insert(anchor, node.clone());
                }
                self.add(node)?;
            }
            Event::Alias(id) => {
                let Some(node) = self.anchors.get(&id).cloned() else {
                    return Err(YamlError { reported_line: 0, pos, problem: "unknown anchor referenced".into() });
                };
                self.alias_nodes = self.alias_nodes.saturating_add(count_nodes(&node));
                if self.alias_nodes > MAX_ALIAS_NODES {
                    return Err(YamlError {
                        reported_line: 0,
                        pos,
                        problem: "document contains excessive aliasing".into(),
                    });
                }
                let mut node = node;
                node.pos = pos;
                self.add(node)?;
            }
            Event::SequenceStart(anchor, _) => {
                self.open(Frame::Seq { items: Vec::new(), pos, anchor }, pos)?;
            }
            Event::MappingStart(anchor, _) => {
                self.open(Frame::Map { entries: Vec::new(), pending_key: None, pos, anchor, merges: Vec::new() }, pos)?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Ok(Flow::Continue);
                };
                let (node, anchor) = match frame {
                    Frame::Seq { items, pos, anchor } => {
                        (Node { value: NodeValue::Seq(items), pos, plain: false }, anchor)
                    }
                    Frame::Map { mut entries, pos, anchor, merges, .. } => {
                        apply_merges(&mut entries, merges);
                        (Node { value: NodeValue::Map(entries), pos, plain: false }, anchor)
                    }
                };
                if anchor > 0 {
                    self.anchors.insert(anchor, node.clone());
                }
                self.add(node)?;
            }
        }
        Ok(Flow::Continue)
    }

    fn open(&mut self, frame: Frame, pos: Pos) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            // kubeplay's limit; go-yaml's is 10000.
            return Err(YamlError {
                reported_line: pos.line,
                pos,
                problem: format!("exceeded max depth of {MAX_DEPTH}"),
            });
        }
        self.stack.push(frame);
        Ok(())
    }

    /// Adds a finished node to the innermost open collection (or makes it the root).
    fn add(&mut self, node: Node) -> Result<(), YamlError> {
        match self.stack.last_mut() {
            None => {
                self.root = Some(node);
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, pending_key, merges, .. }) => match pending_key.take() {
                None => {
                    let name = key_text(&node);
                    *pending_key = Some(Key { name, pos: node.pos });
                }
                Some(key) => {
                    if key.name == "<<" && node_is_mergeable(&node) {
                        merges.push(node);
                        return Ok(());
                    }
                    // A repeated key replaces the earlier value, as kubectl's YAML-to-JSON does.
                    entries.retain(|(k, _)| k.name != key.name);
                    entries.push((key, node));
                }
            },
        }
        Ok(())
    }
}

fn node_is_mergeable(node: &Node) -> bool {
    match &node.value {
        NodeValue::Map(_) => true,
        NodeValue::Seq(items) => items.iter().all(|n| matches!(n.value, NodeValue::Map(_))),
        _ => false,
    }
}

/// `<<: *base` copies the keys of the merged mappings that the mapping does not set itself.
fn apply_merges(entries: &mut Vec<(Key, Node)>, merges: Vec<Node>) {
    for merged in merges {
        let sources = match merged.value {
            NodeValue::Map(m) => vec![m],
            NodeValue::Seq(items) => items
                .into_iter()
                .filter_map(|n| match n.value {
                    NodeValue::Map(m) => Some(m),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        for source in sources {
            for (k, v) in source {
                if !entries.iter().any(|(existing, _)| existing.name == k.name) {
                    entries.push((k, v));
                }
            }
        }
    }
}

fn count_nodes(node: &Node) -> usize {
    let mut count = 0usize;
    let mut todo = vec![node];
    while let Some(n) = todo.pop() {
        count += 1;
        match &n.value {
            NodeValue::Seq(items) => todo.extend(items.iter()),
            NodeValue::Map(entries) => todo.extend(entries.iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    count
}

/// The JSON key a YAML key becomes (YAMLToJSON formats non-string keys).
fn key_text(node: &Node) -> String {
    match &node.value {
        NodeValue::Null => "null".into(),
        NodeValue::Bool(b) => b.to_string(),
        NodeValue::Int(i) => i.to_string(),
        NodeValue::UInt(u) => u.to_string(),
        NodeValue::Float(f) => format_float(*f),
        NodeValue::Str(s) => s.clone(),
        NodeValue::Seq(_) | NodeValue::Map(_) => String::new(),
    }
}

/// Formats a float the way Go's strconv.FormatFloat(f, 'g', -1, 64) does for common values.
pub fn format_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    if f == f.trunc() && f.abs() < 1e21 {
        return format!("{f:.0}");
    }
    format!("{f}")
}

/// YAML 1.1 resolution of a scalar, as go-yaml v2's `resolve` does it.
fn resolve_scalar(text: &str, style: TScalarStyle, tag: Option<&str>) -> NodeValue {
    match tag {
        Some("str") => return NodeValue::Str(text.to_string()),
        Some("null") => return NodeValue::Null,
        Some("bool" | "int" | "float") => {
            let v = resolve_plain(text);
            if !matches!(v, NodeValue::Str(_)) {
                return v;
            }
        }
        _ => {}
    }
    if style != TScalarStyle::Plain {
        return NodeValue::Str(text.to_string());
    }
    resolve_plain(text)
}

fn resolve_plain(text: &str) -> NodeValue {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return NodeValue::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            return NodeValue::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            return NodeValue::Bool(false)
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return NodeValue::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return NodeValue::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return NodeValue::Float(f64::NAN),
        _ => {}
    }
    let first = text.as_bytes().first().copied().unwrap_or(b' ');
    if !(first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.') {
        return NodeValue::Str(text.to_string());
    }
    let plain: String = text.chars().filter(|&c| c != '_').collect();
    if let Some(v) = parse_go_int(&plain) {
        return v;
    }
    if is_yaml_float(&plain) {
        if let Ok(f) = plain.parse::<f64>() {
            return NodeValue::Float(f);
        }
    }
    NodeValue::Str(text.to_string())
}

/// strconv.ParseInt(s, 0, 64) then ParseUint: sign, 0x/0o/0b prefixes, leading-0 octal.
fn parse_go_int(s: &str) -> Option<NodeValue> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return None;
    }
    let (radix, digits) = if let Some(rest) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        (16, rest)
    } else if let Some(rest) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
        (2, rest)
    } else if let Some(rest) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
        (8, rest)
    } else if body.len() > 1 && body.starts_with('0') {
        (8, &body[1..])
    } else {
        (10, body)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    if neg {
        if magnitude <= i64::MAX as u64 {
            Some(NodeValue::Int(-(magnitude as i64)))
        } else if magnitude == i64::MAX as u64 + 1 {
            Some(NodeValue::Int(i64::MIN))
        } else {
            None
        }
    } else if let Ok(i) = i64::try_from(magnitude) {
        Some(NodeValue::Int(i))
    } else {
        Some(NodeValue::UInt(magnitude))
    }
}

/// go-yaml's float pattern: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'-' | b'+')) {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Messages that yaml-rust2's parser (not its scanner) produces, with go-yaml's wording.
/// go-yaml keeps the "while parsing ..." context out of the message.
const PARSER_ERRORS: &[(&str, &str)] = &[
    ("while parsing a block mapping, did not find expected key", "did not find expected key"),
    ("while parsing a block collection, did not find expected '-' indicator", "did not find expected '-' indicator"),
    ("while parsing a node, did not find expected node content", "did not find expected node content"),
    ("while parsing a flow sequence, expected ',' or ']'", "did not find expected ',' or ']'"),
    ("while parsing a flow mapping, did not find expected ',' or '}'", "did not find expected ',' or '}'"),
    ("did not find expected <document start>", "did not find expected <document start>"),
    ("did not find expected <document-start>", "did not find expected <document start>"),
];

/// Scanner messages whose go-yaml wording differs from yaml-rust2's.
const SCANNER_ERRORS: &[(&str, &str)] = &[
    ("simple key expect ':'", "could not find expected ':'"),
    ("while scanning a plain scalar, found a tab", "found a tab character that violates indentation"),
    ("while scanning a quoted scalar, found unexpected end of stream", "found unexpected end of stream"),
    ("while parsing a quoted scalar, found unknown escape character", "found unknown escape character"),
];

/// Turns a yaml-rust2 error into go-yaml's wording and line numbering.
///
/// go-yaml prints no line for a problem on the first line. Otherwise it prints scanner errors at
/// the 1-based line of the problem, but parser errors at the 0-based line of the offending token,
/// which reads as the line before it (a long-standing quirk that kubectl users see).
fn convert_error(info: &str, mark: &Marker, text: &str) -> YamlError {
    let mut pos = Pos::from_marker(mark);
    if let Some((_, problem)) = PARSER_ERRORS.iter().find(|(ours, _)| *ours == info) {
        let reported_line = pos.line.saturating_sub(1);
        return YamlError { reported_line, pos, problem: (*problem).to_string() };
    }
    let problem = if let Some((_, theirs)) = SCANNER_ERRORS.iter().find(|(ours, _)| *ours == info) {
        (*theirs).to_string()
    } else if info.starts_with("unexpected character") {
        "found character that cannot start any token".to_string()
    } else if info == "recursion limit exceeded" {
        // kubeplay's reader nests at most 255 flow collections (go-yaml allows 10000).
        "exceeded max depth of 255".to_string()
    } else if info.contains("found unknown anchor") {
        let name = anchor_name_at(text, pos);
        return YamlError { reported_line: 0, pos, problem: format!("unknown anchor '{name}' referenced") };
    } else {
        info.strip_prefix("while scanning ").and_then(|r| r.split_once(", ")).map_or(info, |(_, p)| p).to_string()
    };
    if problem == "found unexpected end of stream" {
        // go-yaml notices at the end of the text, not where the scalar began.
        pos = end_of_text(text);
    }
    let reported_line = if pos.line <= 1 { 0 } else { pos.line };
    YamlError { reported_line, pos, problem }
}

fn end_of_text(text: &str) -> Pos {
    let newlines = text.bytes().filter(|&b| b == b'\n').count();
    let last = text.rsplit('\n').next().unwrap_or("");
    Pos {
        line: u32::try_from(newlines + 1).unwrap_or(u32::MAX),
        col: u32::try_from(last.chars().count() + 1).unwrap_or(1),
    }
}

/// The alias name written at `pos` (`*name`).
fn anchor_name_at(text: &str, pos: Pos) -> String {
    let line = text.lines().nth(pos.line.saturating_sub(1) as usize).unwrap_or("");
    let rest: String = line.chars().skip(pos.col.saturating_sub(1) as usize).collect();
    let rest = rest.trim_start_matches('*');
    rest.chars().take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}')).collect()
}

/// go-yaml refuses a tab in the indentation of a line. Its message depends on what came before:
/// after a plain scalar the scanner is looking for a continuation line ("violates indentation"),
/// anywhere else for the next token ("cannot start any token").
fn check_tabs(text: &str) -> Result<(), YamlError> {
    let mut previous = "";
    let mut block_scalar_indent: Option<usize> = None;
    for (idx, line) in text.lines().enumerate() {
        let content = line.trim_start_matches([' ', '\t']);
        let indent = line.len() - content.len();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if let Some(parent) = block_scalar_indent {
            let spaces = line.len() - line.trim_start_matches(' ').len();
            if spaces > parent {
                continue;
            }
            block_scalar_indent = None;
        }
        if line[..indent].contains('\t') {
            let line_no = u32::try_from(idx + 1).unwrap_or(u32::MAX);
            let tab_col = line[..indent].find('\t').unwrap_or(0);
            let pos = Pos { line: line_no, col: u32::try_from(tab_col + 1).unwrap_or(1) };
            let after_plain = !previous.is_empty()
                && !previous.ends_with(':')
                && !previous.ends_with(['-', '"', '\'', '|', '>', '[', '{', ',', ']', '}']);
            let problem = if after_plain {
                "found a tab character that violates indentation"
            } else {
                "found character that cannot start any token"
            };
            return Err(YamlError {
                reported_line: if line_no <= 1 { 0 } else { line_no },
                pos,
                problem: problem.into(),
            });
        }
        let body = strip_comment(content).trim_end();
        if body.ends_with('|')
            || body.ends_with('>')
            || body.ends_with("|-")
            || body.ends_with(">-")
            || body.ends_with("|+")
            || body.ends_with(">+")
        {
            block_scalar_indent = Some(line.len() - line.trim_start_matches(' ').len());
        }
        previous = body;
    }
    Ok(())
}

/// The part of a line before a ` #` comment (quotes are not tracked; good enough for the check).
fn strip_comment(line: &str) -> &str {
    match line.find(" #") {
        Some(i) => &line[..i],
        None => line,
    }
}

/// go-yaml accepts a tab after a mapping colon; yaml-rust2 does not. Same width, same meaning.
fn normalize_tabs(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(":\t") {
        std::borrow::Cow::Owned(text.replace(":\t", ": "))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Node {
        parse_document(text).unwrap().unwrap()
    }

    #[test]
    fn plain_scalars_resolve_as_yaml_one_point_one() {
        let n = parse("a: yes\nb: 0755\nc: 1_000\nd: 1.5\ne: ~\nf: '5'\ng: 0x1F\nh: 1e3\ni: abc\nj: -7\n");
        let j = n.to_json();
        assert_eq!(j["a"], serde_json::json!(true));
        assert_eq!(j["b"], serde_json::json!(493));
        assert_eq!(j["c"], serde_json::json!(1000));
        assert_eq!(j["d"], serde_json::json!(1.5));
        assert_eq!(j["e"], serde_json::Value::Null);
        assert_eq!(j["f"], serde_json::json!("5"));
        assert_eq!(j["g"], serde_json::json!(31));
        assert_eq!(j["h"], serde_json::json!(1000.0));
        assert_eq!(j["i"], serde_json::json!("abc"));
        assert_eq!(j["j"], serde_json::json!(-7));
    }

    #[test]
    fn positions_are_one_based_lines_and_columns() {
        let n = parse("kind: Pod\nmetadata:\n  name: x\n");
        let name = n.get("metadata").unwrap().get("name").unwrap();
        assert_eq!(name.pos, Pos { line: 3, col: 9 });
    }

    #[test]
    fn a_missing_space_after_a_colon_followed_by_a_key_is_a_scanner_error_on_the_next_line() {
        let e = parse_document("spec:\n  matchLabels:\n    app:myapp\n    release: canary\n").unwrap_err();
        assert_eq!(e.to_string(), "yaml: line 4: mapping values are not allowed in this context");
    }

    #[test]
    fn a_parser_error_is_reported_one_line_early_as_go_yaml_does() {
        let e = parse_document("a:\n  b: 1\n c: 2\n").unwrap_err();
        assert_eq!(e.problem, "did not find expected key");
        assert_eq!(e.reported_line, 2);
        assert_eq!(e.pos.line, 3);
    }

    #[test]
    fn field_paths_find_their_nodes() {
        let n = parse("spec:\n  containers:\n  - name: a\n    image: x\n  - name: b\n");
        assert_eq!(n.find_path("spec.containers[1].name"), Some(Pos { line: 5, col: 5 }));
        assert_eq!(n.find_path("spec.containers[0].image"), Some(Pos { line: 4, col: 5 }));
        // Beyond the document: the deepest node on the way.
        assert_eq!(n.find_path("spec.containers[0].ports[0]"), Some(Pos { line: 3, col: 5 }));
    }

    #[test]
    fn merge_keys_copy_unset_keys() {
        let n = parse("base: &b {x: 1, z: 2}\nm:\n  <<: *b\n  z: 3\n");
        assert_eq!(n.to_json()["m"], serde_json::json!({"x": 1, "z": 3}));
    }

    #[test]
    fn an_alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n",
                p = i - 1
            ));
        }
        let e = parse_document(&text).unwrap_err();
        assert_eq!(e.to_string(), "yaml: document contains excessive aliasing");
    }

    #[test]
    fn a_repeated_key_keeps_the_last_value() {
        assert_eq!(parse("a: 1\na: 2\n").to_json(), serde_json::json!({"a": 2}));
    }

    /// Each case was checked against kubectl v1.32 (`kubectl apply -f` of the text).
    #[test]
    fn syntax_errors_read_as_kubectl_prints_them() {
        let cases: &[(&str, &str)] = &[
            ("ports:\n- name: redis\n  containerPort:6379\n", "yaml: line 4: could not find expected ':'"),
            ("a:\n  b: 1\n c: 2\n", "yaml: line 2: did not find expected key"),
            ("- a\nb: 1\n", "yaml: line 1: did not find expected '-' indicator"),
            ("a: [1, 2\n", "yaml: line 1: did not find expected ',' or ']'"),
            ("a: 'x\n", "yaml: line 2: found unexpected end of stream"),
            ("kind: Pod\nx: 'a\n\n", "yaml: line 4: found unexpected end of stream"),
            ("\ta: 1\n", "yaml: found character that cannot start any token"),
            ("a: b: c\n", "yaml: mapping values are not allowed in this context"),
            ("a: *x\n", "yaml: unknown anchor 'x' referenced"),
            ("x: 1\na: *x\n", "yaml: unknown anchor 'x' referenced"),
            ("a: @x\n", "yaml: found character that cannot start any token"),
            ("a: `x\n", "yaml: found character that cannot start any token"),
            ("a: |\n  x\n b\n", "yaml: line 2: did not find expected key"),
            ("a: {b: 1\n", "yaml: line 1: did not find expected ',' or '}'"),
            ("a: \"x\\q\"\n", "yaml: found unknown escape character"),
            ("b: 1\na: \"x\\q\"\n", "yaml: line 2: found unknown escape character"),
            ("key: value\n  more: x\n", "yaml: line 2: mapping values are not allowed in this context"),
            ("%YAML 1.1\na: 1\n", "yaml: line 1: did not find expected <document start>"),
            ("a: b\n\tc: d\n", "yaml: line 2: found a tab character that violates indentation"),
            ("a:\n  b: 1\n\tc: 2\n", "yaml: line 3: found a tab character that violates indentation"),
            ("a: b\n\t- c\n", "yaml: line 2: found a tab character that violates indentation"),
            ("a: 1\n- b\n", "yaml: line 1: did not find expected key"),
            ("containers:\n-  name: x\n  image: y\n", "yaml: line 2: did not find expected key"),
            ("a:\n  - b\n  -c\n    d: e\n", "yaml: line 4: could not find expected ':'"),
            ("a: b\r\nc: d: e\r\n", "yaml: line 2: mapping values are not allowed in this context"),
        ];
        for (text, want) in cases {
            let got = parse_document(text).map(|_| ()).unwrap_err().to_string();
            assert_eq!(&got, want, "for {text:?}");
        }
    }

    /// Also checked against kubectl v1.32: these are not errors.
    #[test]
    fn what_go_yaml_accepts_is_accepted() {
        assert_eq!(parse("a:\tb\n").to_json(), serde_json::json!({"a": "b"}));
        assert_eq!(parse("a:\n- b\n  - c\n").to_json(), serde_json::json!({"a": ["b - c"]}));
        assert_eq!(parse("? a\n: b\n").to_json(), serde_json::json!({"a": "b"}));
        assert_eq!(parse("a: 1\n...\nb: 2\n").to_json(), serde_json::json!({"a": 1}));
        assert_eq!(parse("a: >\n  x\n  y\n").to_json(), serde_json::json!({"a": "x y\n"}));
        assert_eq!(parse("a: [1, 2\n]\n").to_json(), serde_json::json!({"a": [1, 2]}));
    }

    #[test]
    fn empty_documents_have_no_node() {
        assert_eq!(parse_document("").unwrap(), None);
        assert_eq!(parse_document("# only a comment\n").unwrap(), None);
    }
}
