//! YAML text -> a tree of positioned nodes, read the way kubectl reads it (go-yaml v2 through
//! sigs.k8s.io/yaml): YAML 1.1 scalar resolution, merge keys, anchors with a budget, and syntax
//! errors worded and numbered as go-yaml words and numbers them.

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
    pub fn to_json(&self) -> crate::json::Value {
        use crate::json::Value;
        match &self.value {
            NodeValue::Null => Value::Null,
            NodeValue::Bool(b) => Value::Bool(*b),
            NodeValue::Int(i) => Value::from(*i),
            NodeValue::UInt(u) => Value::from(*u),
            NodeValue::Float(f) => crate::json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            NodeValue::Str(s) => Value::String(s.clone()),
            NodeValue::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeValue::Map(entries) => {
                let mut map = crate::json::Map::new();
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

/// Limits that keep hostile input (alias bombs, deep nesting) cheap: kubeplay keeps at most
/// this many nested collections (the node tree is walked recursively later).
const MAX_DEPTH: usize = 1000;
/// go-yaml's limit on nested collections.
const GO_YAML_MAX_DEPTH: usize = 10_000;
/// go-yaml v2 refuses documents whose alias expansions outgrow the document; we cap the
/// number of nodes an alias may copy in total.
const MAX_ALIAS_NODES: usize = 100_000;

/// Parses one YAML document (kubectl splits streams on `---` lines before parsing).
/// Returns `Ok(None)` for a document with no content.
pub fn parse_document(text: &str) -> Result<Option<Node>, YamlError> {
    check_characters(text)?;
    check_directives(text)?;
    check_tabs(text)?;
    let normalized = normalize_tabs(text);
    match build(&normalized, text) {
        Err(Failure::Scan { info, marker, context }) => {
            // yaml-rust2 (YAML 1.2) wants the continuation lines of flow collections and quoted
            // scalars indented past their key; go-yaml does not. Indent them and read again.
            if INDENTATION_ERRORS.contains(&info.as_str()) {
                if let Some(reindented) = reindent_continuations(&normalized) {
                    match build(&reindented, text) {
                        Ok(node) => return Ok(node),
                        Err(Failure::Yaml(e)) => return Err(e),
                        Err(Failure::Scan { info: again, marker, context }) => {
                            if !INDENTATION_ERRORS.contains(&again.as_str()) {
                                return Err(convert_error(&again, &marker, context, text));
                            }
                        }
                    }
                }
            }
            Err(convert_error(&info, &marker, context, text))
        }
        Err(Failure::Yaml(e)) => Err(e),
        Ok(node) => Ok(node),
    }
}

/// yaml-rust2's complaints about indentation that go-yaml does not make.
const INDENTATION_ERRORS: &[&str] = &[
    "invalid indentation",
    "invalid indentation in flow construct",
    "while scanning a quoted scalar, invalid indentation in quoted scalar",
    "invalid indentation in quoted scalar",
];

/// Why [`build`] stopped: a yaml-rust2 error still to be translated, or go-yaml's own.
enum Failure {
    Scan { info: String, marker: Marker, context: Context },
    Yaml(YamlError),
}

/// The collection the parser was in when it failed, which decides go-yaml's wording for some
/// errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Context {
    Root,
    BlockMap,
    BlockSeq,
    FlowMap,
    FlowSeq,
    /// A `key: value` pair written inside a flow sequence (`[a, b: c]`).
    PairInFlowSeq,
}

/// Runs yaml-rust2 over `parsed` (the text, perhaps with tabs or indentation adjusted) and
/// builds the node tree; `original` is the text as written, for messages.
fn build(parsed: &str, original: &str) -> Result<Option<Node>, Failure> {
    let mut parser = Parser::new_from_str(parsed);
    let mut builder = Builder { text: original, ..Builder::default() };
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(pair) => pair,
            Err(e) => {
                let info = e.info().to_string();
                if let Some(found) = builder.found_early(&info, e.marker()) {
                    return Err(Failure::Yaml(found));
                }
                return Err(Failure::Scan { info, marker: *e.marker(), context: builder.context() });
            }
        };
        match builder.push(event, &mark).map_err(Failure::Yaml)? {
            Flow::Continue => {}
            Flow::DocumentDone => break,
        }
    }
    if let Some(e) = builder.deferred.take() {
        return Err(Failure::Yaml(e));
    }
    if let Some(pos) = builder.over_limit {
        return Err(Failure::Yaml(builder.kubeplay_depth_error(pos)));
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
struct Builder<'t> {
    /// The document as written, to read alias names from.
    text: &'t str,
    stack: Vec<Frame>,
    /// Anchored nodes by anchor id (the parser numbers anchors 1, 2, ... as they appear).
    anchors: Vec<Option<Node>>,
    alias_nodes: usize,
    root: Option<Node>,
    documents: usize,
    /// go-yaml's decoding errors (explicit tags, collection keys): reported only if the whole
    /// document parses, as go-yaml decodes after parsing.
    deferred: Option<YamlError>,
    /// Collections open beyond kubeplay's depth limit, read but not kept.
    skipping: usize,
    /// Where the first collection beyond the limit opened.
    over_limit: Option<Pos>,
}

impl Builder<'_> {
    fn set_anchor(&mut self, id: usize, node: &Node) {
        if self.anchors.len() <= id {
            self.anchors.resize_with(id + 1, || None);
        }
        if let Some(slot) = self.anchors.get_mut(id) {
            *slot = Some(node.clone());
        }
    }

    fn push(&mut self, event: Event, mark: &Marker) -> Result<Flow, YamlError> {
        let pos = Pos::from_marker(mark);
        if self.skipping > 0 {
            return self.skip(event, pos);
        }
        match event {
            Event::StreamStart | Event::Nothing => {}
            Event::DocumentStart => {
                self.documents += 1;
            }
            Event::DocumentEnd | Event::StreamEnd => return Ok(Flow::DocumentDone),
            Event::Scalar(text, style, anchor, tag) => {
                let tag = tag.map(|t| format!("{}{}", t.handle, t.suffix));
                let value = match resolve_scalar(&text, style, tag.as_deref()) {
                    Ok(v) => v,
                    Err(problem) => {
                        self.defer(problem, pos);
                        NodeValue::Str(text.clone())
                    }
                };
                let node = Node { value, pos, plain: style == TScalarStyle::Plain };
                if anchor > 0 {
                    self.set_anchor(anchor, &node);
                }
                self.add(node)?;
            }
            Event::Alias(id) => {
                check_alias_name(self.text, pos)?;
                let Some(node) = self.anchors.get(id).and_then(Option::clone) else {
                    let name = anchor_name_at(self.text, pos);
                    let open = self.stack.iter().any(|f| match f {
                        Frame::Seq { anchor, .. } | Frame::Map { anchor, .. } => *anchor == id,
                    });
                    let problem = if open {
                        format!("anchor '{name}' value contains itself")
                    } else {
                        format!("unknown anchor '{name}' referenced")
                    };
                    return Err(YamlError { reported_line: 0, pos, problem });
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
                self.open(Frame::Seq { items: Vec::new(), pos, anchor }, pos);
            }
            Event::MappingStart(anchor, _) => {
                self.open(Frame::Map { entries: Vec::new(), pending_key: None, pos, anchor, merges: Vec::new() }, pos);
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
                    self.set_anchor(anchor, &node);
                }
                self.add(node)?;
            }
        }
        Ok(Flow::Continue)
    }

    /// Keeps the first decoding error.
    fn defer(&mut self, problem: String, pos: Pos) {
        if self.deferred.is_none() {
            self.deferred = Some(YamlError { reported_line: 0, pos, problem });
        }
    }

    fn open(&mut self, frame: Frame, pos: Pos) {
        if self.stack.len() >= MAX_DEPTH {
            self.skipping = 1;
            self.over_limit.get_or_insert(pos);
            return;
        }
        self.stack.push(frame);
    }

    /// Reads past the collections nested beyond kubeplay's limit, counting depth as go-yaml's
    /// scanner does to find its own limit of 10000.
    fn skip(&mut self, event: Event, pos: Pos) -> Result<Flow, YamlError> {
        match event {
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                self.skipping += 1;
                if self.stack.len() + self.skipping > GO_YAML_MAX_DEPTH {
                    return Err(YamlError {
                        reported_line: if pos.line <= 1 { 0 } else { pos.line },
                        pos,
                        problem: format!("exceeded max depth of {GO_YAML_MAX_DEPTH}"),
                    });
                }
            }
            Event::SequenceEnd | Event::MappingEnd => self.skipping -= 1,
            Event::DocumentEnd | Event::StreamEnd => return Ok(Flow::DocumentDone),
            _ => {}
        }
        Ok(Flow::Continue)
    }

    /// kubeplay's own refusal of a document nested deeper than it reads (go-yaml reads 10000).
    fn kubeplay_depth_error(&self, pos: Pos) -> YamlError {
        YamlError {
            reported_line: if pos.line <= 1 { 0 } else { pos.line },
            pos,
            problem: format!("exceeded max depth of {MAX_DEPTH}"),
        }
    }

    /// The innermost open collection.
    fn context(&self) -> Context {
        let is_flow = |pos: Pos, open: char| {
            let line = self.text.lines().nth(pos.line.saturating_sub(1) as usize).unwrap_or("");
            line.chars().nth(pos.col.saturating_sub(1) as usize) == Some(open)
        };
        let n = self.stack.len();
        match self.stack.last() {
            None => Context::Root,
            Some(Frame::Seq { pos, .. }) => {
                if is_flow(*pos, '[') {
                    Context::FlowSeq
                } else {
                    Context::BlockSeq
                }
            }
            Some(Frame::Map { pos, .. }) => {
                if is_flow(*pos, '{') {
                    Context::FlowMap
                } else if n >= 2 && matches!(self.stack.get(n - 2), Some(Frame::Seq { pos, .. }) if is_flow(*pos, '['))
                {
                    Context::PairInFlowSeq
                } else {
                    Context::BlockMap
                }
            }
        }
    }

    /// Errors go-yaml finds before yaml-rust2's: an alias whose name go-yaml cannot read.
    fn found_early(&self, info: &str, marker: &Marker) -> Option<YamlError> {
        if info.contains("found unknown anchor") {
            let pos = Pos::from_marker(marker);
            return check_alias_name(self.text, pos).err();
        }
        None
    }

    /// Adds a finished node to the innermost open collection (or makes it the root).
    fn add(&mut self, node: Node) -> Result<(), YamlError> {
        let mut invalid_key = None;
        match self.stack.last_mut() {
            None => {
                self.root = Some(node);
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, pending_key, merges, .. }) => match pending_key.take() {
                None => {
                    if matches!(node.value, NodeValue::Seq(_) | NodeValue::Map(_)) {
                        invalid_key = Some((format!("invalid map key: {}", go_sharp_v(&node)), node.pos));
                    }
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
        if let Some((problem, pos)) = invalid_key {
            self.defer(problem, pos);
        }
        Ok(())
    }
}

/// Go's `%#v` of a value go-yaml v2 decoded into `interface{}` (maps are
/// `map[interface{}]interface{}`), for `invalid map key` errors.
fn go_sharp_v(node: &Node) -> String {
    match &node.value {
        NodeValue::Null => "interface {}(nil)".into(),
        NodeValue::Bool(b) => b.to_string(),
        NodeValue::Int(i) => i.to_string(),
        NodeValue::UInt(u) => format!("0x{u:x}"),
        NodeValue::Float(f) => format_float(*f),
        NodeValue::Str(s) => super::field::go_quote(s),
        NodeValue::Seq(items) => {
            let inner: Vec<String> = items.iter().map(go_sharp_v).collect();
            format!("[]interface {{}}{{{}}}", inner.join(", "))
        }
        NodeValue::Map(entries) => {
            let mut inner: Vec<(String, String)> =
                entries.iter().map(|(k, v)| (super::field::go_quote(&k.name), go_sharp_v(v))).collect();
            inner.sort();
            let parts: Vec<String> = inner.into_iter().map(|(k, v)| format!("{k}:{v}")).collect();
            format!("map[interface {{}}]interface {{}}{{{}}}", parts.join(", "))
        }
    }
}

/// The first number JSON cannot hold (`+Inf`, `-Inf`, `NaN`) in the order `json.Marshal` visits
/// the tree (map keys sorted), with its position.
pub fn first_non_finite(node: &Node) -> Option<(&'static str, Pos)> {
    match &node.value {
        NodeValue::Float(f) if f.is_nan() => Some(("NaN", node.pos)),
        NodeValue::Float(f) if f.is_infinite() => Some((if *f > 0.0 { "+Inf" } else { "-Inf" }, node.pos)),
        NodeValue::Seq(items) => items.iter().find_map(first_non_finite),
        NodeValue::Map(entries) => {
            let mut sorted: Vec<&(Key, Node)> = entries.iter().collect();
            sorted.sort_by(|a, b| a.0.name.cmp(&b.0.name));
            sorted.into_iter().find_map(|(_, v)| first_non_finite(v))
        }
        _ => None,
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

/// The prefix of the YAML core tags (`!!int` is `tag:yaml.org,2002:int`).
const YAML_TAG_PREFIX: &str = "tag:yaml.org,2002:";

/// YAML 1.1 resolution of a scalar with its explicit tag (as `handle` + `suffix`), as go-yaml
/// v2's `resolve` does it; `Err` is go-yaml's decoding error for a value its tag cannot hold.
fn resolve_scalar(text: &str, style: TScalarStyle, tag: Option<&str>) -> Result<NodeValue, String> {
    let Some(tag) = tag else {
        if style != TScalarStyle::Plain {
            return Ok(NodeValue::Str(text.to_string()));
        }
        return Ok(resolve_plain(text));
    };
    let short = tag.strip_prefix(YAML_TAG_PREFIX);
    let wanted = match short {
        Some(w @ ("bool" | "int" | "float" | "null" | "timestamp")) => w,
        // `!!str`, `!!binary`, local and unknown tags keep the text as written.
        _ => return Ok(NodeValue::Str(text.to_string())),
    };
    let (resolved, value) = if wanted == "timestamp" && is_timestamp(text) {
        ("timestamp", NodeValue::Str(text.to_string()))
    } else {
        let v = resolve_plain(text);
        let kind = match v {
            NodeValue::Null => "null",
            NodeValue::Bool(_) => "bool",
            NodeValue::Int(_) | NodeValue::UInt(_) => "int",
            NodeValue::Float(_) => "float",
            _ => "str",
        };
        (kind, v)
    };
    if resolved == wanted {
        return Ok(value);
    }
    match (wanted, value) {
        ("float", NodeValue::Int(i)) => Ok(NodeValue::Float(i as f64)),
        ("float", NodeValue::UInt(u)) => Ok(NodeValue::Float(u as f64)),
        _ => Err(format!("cannot decode !!{resolved} `{text}` as a !!{wanted}")),
    }
}

/// go-yaml v2's `parseTimestamp`: a date, optionally with a time (`2001-12-14`,
/// `2001-12-14t21:59:43.10-05:00`, `2001-12-14 21:59:43.10`).
fn is_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |from: usize, min: usize, max: usize| -> Option<usize> {
        let n = b[from.min(b.len())..].iter().take_while(|c| c.is_ascii_digit()).count();
        (min..=max).contains(&n).then_some(from + n)
    };
    let Some(i) = digits(0, 4, 4) else { return false };
    if b.get(i) != Some(&b'-') {
        return false;
    }
    let Some(i) = digits(i + 1, 1, 2) else { return false };
    if b.get(i) != Some(&b'-') {
        return false;
    }
    let Some(i) = digits(i + 1, 1, 2) else { return false };
    i == b.len() || matches!(b.get(i), Some(b'T' | b't' | b' ')) && digits(i + 1, 1, 2).is_some()
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
        // strconv.ParseFloat refuses a value out of range; go-yaml then keeps the text.
        if let Some(f) = plain.parse::<f64>().ok().filter(|f| f.is_finite()) {
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
    ("simple key expected", "could not find expected ':'"),
    ("while scanning a plain scalar, found a tab", "found a tab character that violates indentation"),
    ("while scanning a quoted scalar, found unexpected end of stream", "found unexpected end of stream"),
    ("while parsing a quoted scalar, found unknown escape character", "found unknown escape character"),
    // (sic: go-yaml spells it so)
    (
        "while parsing a quoted scalar, did not find expected hexadecimal number",
        "did not find expected hexdecimal number",
    ),
    (
        "while parsing a quoted scalar, found invalid Unicode character escape code",
        "found invalid Unicode character escape code",
    ),
];

/// The parser error go-yaml gives for an unexpected token in `context`.
fn unexpected_token(context: Context) -> &'static str {
    match context {
        Context::Root => "did not find expected <document start>",
        Context::BlockMap => "did not find expected key",
        Context::BlockSeq => "did not find expected '-' indicator",
        Context::FlowMap => "did not find expected ',' or '}'",
        Context::FlowSeq | Context::PairInFlowSeq => "did not find expected ',' or ']'",
    }
}

/// A parser error: go-yaml prints the 0-based line of the offending token.
fn parser_error(pos: Pos, problem: &str) -> YamlError {
    YamlError { reported_line: pos.line.saturating_sub(1), pos, problem: problem.to_string() }
}

/// Turns a yaml-rust2 error into go-yaml's wording and line numbering.
///
/// go-yaml prints no line for a problem on the first line. Otherwise it prints scanner errors at
/// the 1-based line of the problem, but parser errors at the 0-based line of the offending token,
/// which reads as the line before it (a long-standing quirk that kubectl users see).
fn convert_error(info: &str, mark: &Marker, context: Context, text: &str) -> YamlError {
    let mut pos = Pos::from_marker(mark);
    if info == "while parsing a flow mapping, did not find expected ',' or '}'" && context == Context::PairInFlowSeq {
        return parser_error(pos, "did not find expected ',' or ']'");
    }
    if let Some((_, problem)) = PARSER_ERRORS.iter().find(|(ours, _)| *ours == info) {
        return parser_error(pos, problem);
    }
    if info == "illegal placement of ':' indicator" {
        return parser_error(pos, unexpected_token(context));
    }
    if info == "the handle wasn't declared" {
        return parser_error(pos, "found undefined tag handle");
    }
    if info == "invalid trailing content after double-quoted scalar" {
        let line = text.lines().nth(pos.line.saturating_sub(1) as usize).unwrap_or("");
        if line.chars().nth(pos.col.saturating_sub(1) as usize) != Some(':') {
            return parser_error(pos, unexpected_token(context));
        }
        // A quoted key over several lines: go-yaml cannot take it as a key.
        let reported_line = if pos.line <= 1 { 0 } else { pos.line };
        return YamlError { reported_line, pos, problem: "mapping values are not allowed in this context".into() };
    }
    let problem = if let Some((_, theirs)) = SCANNER_ERRORS.iter().find(|(ours, _)| *ours == info) {
        (*theirs).to_string()
    } else if info.starts_with("unexpected character") {
        "found character that cannot start any token".to_string()
    } else if info == "recursion limit exceeded" {
        if let Some(deep) = scan_flow(text).too_deep {
            pos = deep;
            format!("exceeded max depth of {GO_YAML_MAX_DEPTH}")
        } else {
            // kubeplay's reader nests at most 255 flow collections (go-yaml allows 10000).
            "exceeded max depth of 255".to_string()
        }
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
/// in a block scalar it is measuring the indentation ("where an indentation space is expected"),
/// anywhere else it is looking for the next token ("cannot start any token").
fn check_tabs(text: &str) -> Result<(), YamlError> {
    let mut previous = "";
    // A block scalar: the indentation of its header line, and of its content once known.
    let mut block_scalar: Option<(usize, Option<usize>)> = None;
    for (idx, line) in text.lines().enumerate() {
        let line_no = u32::try_from(idx + 1).unwrap_or(u32::MAX);
        let reported_line = if line_no <= 1 { 0 } else { line_no };
        if let Some((parent, content)) = block_scalar {
            let spaces = line.len() - line.trim_start_matches(' ').len();
            let rest = &line[spaces..];
            if rest.starts_with('\t') && content.is_none_or(|c| spaces < c) {
                return Err(YamlError {
                    reported_line,
                    pos: Pos { line: line_no, col: u32::try_from(spaces + 1).unwrap_or(1) },
                    problem: "found a tab character where an indentation space is expected".into(),
                });
            }
            if rest.trim().is_empty() {
                continue;
            }
            if spaces > parent && content.is_none_or(|c| spaces >= c) {
                block_scalar = Some((parent, Some(content.unwrap_or(spaces))));
                continue;
            }
            block_scalar = None;
        }
        let content = line.trim_start_matches([' ', '\t']);
        let indent = line.len() - content.len();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if line[..indent].contains('\t') {
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
            return Err(YamlError { reported_line, pos, problem: problem.into() });
        }
        let body = strip_comment(content).trim_end();
        if is_block_scalar_header(body) {
            block_scalar = Some((line.len() - line.trim_start_matches(' ').len(), None));
        }
        previous = body;
    }
    Ok(())
}

/// Whether a line ends with a block scalar indicator (`|`, `>-`, `|2+`, ...) as a value.
fn is_block_scalar_header(body: &str) -> bool {
    let indicator = body.trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '+');
    let Some(rest) = indicator.strip_suffix(['|', '>']) else { return false };
    rest.is_empty() || rest.ends_with(' ') || rest.ends_with(':')
}

/// go-yaml's reader refuses characters outside YAML's printable set (`control characters are
/// not allowed`); it has no position to report.
fn check_characters(text: &str) -> Result<(), YamlError> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
            || c >= '\u{10000}'
    };
    for (idx, line) in text.split('\n').enumerate() {
        if let Some((col, _)) = line.chars().enumerate().find(|(_, c)| !allowed(*c)) {
            let pos =
                Pos { line: u32::try_from(idx + 1).unwrap_or(u32::MAX), col: u32::try_from(col + 1).unwrap_or(1) };
            return Err(YamlError { reported_line: 0, pos, problem: "control characters are not allowed".into() });
        }
    }
    Ok(())
}

/// go-yaml reads a `%` in the first column as a directive and knows only `%YAML` and `%TAG`.
fn check_directives(text: &str) -> Result<(), YamlError> {
    if !text.starts_with('%') && !text.contains("\n%") {
        return Ok(());
    }
    let scan = scan_flow(text);
    for (idx, line) in text.lines().enumerate() {
        let Some(rest) = line.strip_prefix('%') else { continue };
        if scan.continuation.contains(&idx) || scan.block_content.contains(&idx) {
            continue;
        }
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
        if name != "YAML" && name != "TAG" {
            let line_no = u32::try_from(idx + 1).unwrap_or(u32::MAX);
            let problem =
                if name.is_empty() { "could not find expected directive name" } else { "found unknown directive name" };
            return Err(YamlError {
                reported_line: if line_no <= 1 { 0 } else { line_no },
                pos: Pos { line: line_no, col: u32::try_from(name.chars().count() + 2).unwrap_or(1) },
                problem: problem.into(),
            });
        }
    }
    Ok(())
}

/// go-yaml's rule for anchor and alias names: letters, digits, `_` and `-`, followed by a space,
/// the end of the line or one of `?:,]}%@``.
fn check_alias_name(text: &str, pos: Pos) -> Result<(), YamlError> {
    let line = text.lines().nth(pos.line.saturating_sub(1) as usize).unwrap_or("");
    let rest: Vec<char> = line.chars().skip(pos.col.saturating_sub(1) as usize).collect();
    if rest.first() != Some(&'*') {
        return Ok(());
    }
    let len = rest[1..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '_' || **c == '-').count();
    let after = rest.get(len + 1).copied();
    let ends_well = matches!(after, None | Some(' ' | '\t' | '\r' | '?' | ':' | ',' | ']' | '}' | '%' | '@' | '`'));
    if len > 0 && ends_well {
        return Ok(());
    }
    let problem_pos = Pos { line: pos.line, col: pos.col + u32::try_from(len + 1).unwrap_or(0) };
    Err(YamlError {
        reported_line: if pos.line <= 1 { 0 } else { pos.line },
        pos: problem_pos,
        problem: "did not find expected alphabetic or numeric character".into(),
    })
}

/// Where a document's flow collections and quoted scalars are, as far as a light scan can tell.
#[derive(Default)]
struct FlowScan {
    /// 0-based lines that continue a flow collection or a quoted scalar from the line before,
    /// with the column after which they must start.
    continuation: Vec<usize>,
    pads: Vec<usize>,
    /// 0-based lines inside block scalars.
    block_content: Vec<usize>,
    /// Where flow collections first nest deeper than go-yaml allows.
    too_deep: Option<Pos>,
}

/// A light scan of a YAML document for flow collections (`[...]`, `{...}`) and quoted scalars
/// that run over several lines, skipping comments and block scalars.
fn scan_flow(text: &str) -> FlowScan {
    let mut out = FlowScan::default();
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    // The column of the character that opened the outermost flow collection or the quote.
    let mut opener = 0usize;
    let mut block_parent: Option<usize> = None;
    for (idx, line) in text.split('\n').enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let continuing = depth > 0 || quote.is_some();
        if continuing {
            out.continuation.push(idx);
            out.pads.push(opener + 1);
        } else if let Some(parent) = block_parent {
            let indent = chars.iter().take_while(|c| **c == ' ').count();
            if chars.iter().all(|c| c.is_whitespace()) || indent > parent {
                out.block_content.push(idx);
                continue;
            }
            block_parent = None;
        }
        let mut i = 0;
        if !continuing {
            while i < chars.len() && (chars[i] == ' ' || chars[i] == '\t') {
                i += 1;
            }
        }
        // The column of the first token after any `- ` indicators, for block scalars.
        let mut content_col = i;
        let mut token_start = true;
        let mut in_plain = false;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            let next_blank = next.is_none_or(|n| n == ' ' || n == '\t' || n == '\r');
            if let Some(q) = quote {
                if q == '\'' && c == '\'' {
                    if next == Some('\'') {
                        i += 2;
                        continue;
                    }
                    quote = None;
                } else if q == '"' && c == '\\' {
                    i += 2;
                    continue;
                } else if q == '"' && c == '"' {
                    quote = None;
                }
                i += 1;
                continue;
            }
            if c == '#' && (i == 0 || chars[i - 1] == ' ' || chars[i - 1] == '\t') {
                break;
            }
            if in_plain {
                if depth > 0 && matches!(c, ',' | '[' | ']' | '{' | '}') {
                    in_plain = false;
                } else if c == ':' && (next_blank || depth > 0 && next.is_some_and(|n| ",[]{}".contains(n))) {
                    in_plain = false;
                    token_start = true;
                    i += 1;
                    continue;
                } else {
                    i += 1;
                    continue;
                }
            }
            match c {
                ' ' | '\t' | '\r' => {}
                '[' | '{' if token_start || depth > 0 => {
                    if depth == 0 {
                        opener = i;
                    }
                    depth += 1;
                    if depth > GO_YAML_MAX_DEPTH && out.too_deep.is_none() {
                        out.too_deep = Some(Pos {
                            line: u32::try_from(idx + 1).unwrap_or(u32::MAX),
                            col: u32::try_from(i + 1).unwrap_or(1),
                        });
                    }
                    token_start = true;
                }
                ']' | '}' if depth > 0 => {
                    depth -= 1;
                    token_start = false;
                }
                ',' if depth > 0 => token_start = true,
                '\'' | '"' if token_start => {
                    if depth == 0 {
                        opener = i;
                    }
                    quote = Some(c);
                    token_start = false;
                }
                '-' | '?' if token_start && next_blank && depth == 0 => {
                    content_col = i + 2;
                }
                ':' if next_blank || depth > 0 => token_start = true,
                '&' | '!' | '*' if token_start => {
                    while i + 1 < chars.len() && !matches!(chars[i + 1], ' ' | '\t' | ',' | '[' | ']' | '{' | '}') {
                        i += 1;
                    }
                    token_start = c != '*';
                }
                '|' | '>' if token_start && depth == 0 => {
                    block_parent = Some(content_col);
                    break;
                }
                _ => {
                    if token_start {
                        in_plain = true;
                        token_start = false;
                    }
                }
            }
            i += 1;
        }
    }
    out
}

/// The text with every continuation line of a flow collection or quoted scalar indented past
/// the character that opened it; `None` when there is none.
fn reindent_continuations(text: &str) -> Option<String> {
    let scan = scan_flow(text);
    if scan.continuation.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut next = 0;
    for (idx, line) in text.split('\n').enumerate() {
        if idx > 0 {
            out.push('\n');
        }
        if scan.continuation.get(next) == Some(&idx) {
            out.extend(std::iter::repeat_n(' ', scan.pads[next]));
            next += 1;
        }
        out.push_str(line);
    }
    Some(out)
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
        assert_eq!(j["a"], crate::json::json!(true));
        assert_eq!(j["b"], crate::json::json!(493));
        assert_eq!(j["c"], crate::json::json!(1000));
        assert_eq!(j["d"], crate::json::json!(1.5));
        assert_eq!(j["e"], crate::json::Value::Null);
        assert_eq!(j["f"], crate::json::json!("5"));
        assert_eq!(j["g"], crate::json::json!(31));
        assert_eq!(j["h"], crate::json::json!(1000.0));
        assert_eq!(j["i"], crate::json::json!("abc"));
        assert_eq!(j["j"], crate::json::json!(-7));
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
        assert_eq!(n.to_json()["m"], crate::json::json!({"x": 1, "z": 3}));
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
        assert_eq!(parse("a: 1\na: 2\n").to_json(), crate::json::json!({"a": 2}));
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
            ("a: 1\nb", "yaml: line 3: could not find expected ':'"),
            ("a: */Resources\n", "yaml: did not find expected alphabetic or numeric character"),
            ("a: !!int foo\n", "yaml: cannot decode !!str `foo` as a !!int"),
            ("a: !!int 1.5\n", "yaml: cannot decode !!float `1.5` as a !!int"),
            ("a: !!null x\n", "yaml: cannot decode !!str `x` as a !!null"),
            ("[1,2]: x\n", "yaml: invalid map key: []interface {}{1, 2}"),
            ("a: >\n\tx\n", "yaml: line 2: found a tab character where an indentation space is expected"),
            ("a: |\n  x\n\ty\n", "yaml: line 3: found a tab character where an indentation space is expected"),
            ("a: |\n \tx\n", "yaml: line 2: found a tab character where an indentation space is expected"),
            ("%FOO\n", "yaml: found unknown directive name"),
            ("a: 1\n%FOO\n", "yaml: line 2: found unknown directive name"),
            ("a: !foo!bar x\n", "yaml: found undefined tag handle"),
            ("a: [b, c: d: e]\n", "yaml: did not find expected ',' or ']'"),
            ("a: \"\\u12\"\n", "yaml: did not find expected hexdecimal number"),
            ("a: 'x'y\n", "yaml: did not find expected key"),
            ("- \"x\"y\n", "yaml: did not find expected '-' indicator"),
            ("a: [\"x\"y]\n", "yaml: did not find expected ',' or ']'"),
            ("\"a\nb\": 1\n", "yaml: line 2: mapping values are not allowed in this context"),
            ("a: \u{1}\n", "yaml: control characters are not allowed"),
            ("a: *b c\n", "yaml: unknown anchor 'b' referenced"),
            ("a: &b,c 1\n", "yaml: did not find expected key"),
            ("a: 'unterminated\nb: c\n", "yaml: line 3: found unexpected end of stream"),
            ("a: [1, 2\nb: 3\n", "yaml: line 1: did not find expected ',' or ']'"),
            ("a: &x [*x]\n", "yaml: anchor 'x' value contains itself"),
            ("a: &x\n  b: *x\n", "yaml: anchor 'x' value contains itself"),
        ];
        for (text, want) in cases {
            let got = parse_document(text).map(|_| ()).unwrap_err().to_string();
            assert_eq!(&got, want, "for {text:?}");
        }
    }

    /// Also checked against kubectl v1.32: these are not errors.
    #[test]
    fn what_go_yaml_accepts_is_accepted() {
        assert_eq!(parse("a:\tb\n").to_json(), crate::json::json!({"a": "b"}));
        assert_eq!(parse("a:\n- b\n  - c\n").to_json(), crate::json::json!({"a": ["b - c"]}));
        assert_eq!(parse("? a\n: b\n").to_json(), crate::json::json!({"a": "b"}));
        assert_eq!(parse("a: 1\n...\nb: 2\n").to_json(), crate::json::json!({"a": 1}));
        assert_eq!(parse("a: >\n  x\n  y\n").to_json(), crate::json::json!({"a": "x y\n"}));
        assert_eq!(parse("a: [1, 2\n]\n").to_json(), crate::json::json!({"a": [1, 2]}));
        // Continuation lines of flow collections and quoted scalars may sit left of their key.
        assert_eq!(parse("a: [1,\n2]\n").to_json(), crate::json::json!({"a": [1, 2]}));
        assert_eq!(parse("a:\n  b: [1,\n 2]\n").to_json(), crate::json::json!({"a": {"b": [1, 2]}}));
        assert_eq!(parse("a: {x: 1,\ny: 2}\n").to_json(), crate::json::json!({"a": {"x": 1, "true": 2}}));
        assert_eq!(parse("a:\n  b: \"x\n y\"\n").to_json(), crate::json::json!({"a": {"b": "x y"}}));
        assert_eq!(parse("a:\n  b: 'x\nz'\n").to_json(), crate::json::json!({"a": {"b": "x z"}}));
        // A float out of range stays text; explicit tags convert what they can.
        assert_eq!(parse("a: 1e400\n").to_json(), crate::json::json!({"a": "1e400"}));
        assert_eq!(
            parse("a: !!float 3\nb: !!str 5\nc: !!int \"7\"\n").to_json(),
            crate::json::json!({"a": 3.0, "b": "5", "c": 7})
        );
    }

    #[test]
    fn a_number_json_cannot_hold_is_found_in_json_key_order() {
        let n = parse("b: .inf\na: -.inf\n");
        assert_eq!(first_non_finite(&n).map(|(v, _)| v), Some("-Inf"));
        assert_eq!(first_non_finite(&parse("a: .nan\n")).map(|(v, _)| v), Some("NaN"));
    }

    #[test]
    fn flow_collections_deeper_than_go_yaml_allows_get_its_error() {
        let text = format!("a: {}\n", "[".repeat(10_001));
        assert_eq!(parse_document(&text).unwrap_err().to_string(), "yaml: exceeded max depth of 10000");
        let block = format!("{}a\n", "- ".repeat(10_001));
        assert_eq!(parse_document(&block).unwrap_err().to_string(), "yaml: exceeded max depth of 10000");
        // Deeper than kubeplay keeps but within go-yaml's limit: kubeplay's own refusal.
        let deep = format!("{}a\n", "- ".repeat(2_000));
        assert_eq!(parse_document(&deep).unwrap_err().to_string(), "yaml: exceeded max depth of 1000");
    }

    #[test]
    fn empty_documents_have_no_node() {
        assert_eq!(parse_document("").unwrap(), None);
        assert_eq!(parse_document("# only a comment\n").unwrap(), None);
    }
}
