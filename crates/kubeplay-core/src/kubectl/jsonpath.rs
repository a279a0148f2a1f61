//! kubectl's JSONPath dialect (client-go `util/jsonpath`), as `-o jsonpath=`, `-o jsonpath-as-json=`,
//! `-o custom-columns=` and `--sort-by` use it: the template parser with its error texts, the
//! evaluator over JSON values (ranges, filters, unions, slices, recursive descent), and the ways
//! kubectl prints results (text, JSON, Go's `%v`), plus Go's `%#v` of the object for the
//! "Printing more information for debugging the template" error.
//!
//! Where upstream iterates a Go map (wildcards, `..`) the order is random; kubeplay uses key order.

use std::borrow::Cow;
use std::rc::Rc;

use crate::json::{Map, Number, Value};

/// One node of a parsed template (`node.go`).
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// The nodes of one `{...}` action.
    List(Vec<Node>),
    Text(String),
    Field(String),
    /// `range` or `end` (anything else fails when evaluated).
    Identifier(String),
    Array([Param; 3]),
    Filter {
        left: Vec<Node>,
        right: Vec<Node>,
        operator: String,
    },
    Int(i64),
    Float(f64),
    Wildcard,
    Recursive,
    Union(Vec<Vec<Node>>),
    Bool(bool),
}

/// One part of an array slice `[start:end:step]` (`ParamsEntry`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Param {
    pub value: i64,
    pub known: bool,
    /// The end was derived from the start (`[3]` means `[3:4]`).
    pub derived: bool,
}

const LEFT: &str = "{";
const RIGHT: &str = "}";

/// The template parser (`Parser`).
struct Parser<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    width: usize,
    /// The top-level nodes; `parse_text` always appends here.
    root: Vec<Node>,
}

/// Parses a template into its top-level nodes (`jsonpath.Parse`). The error is upstream's text.
pub fn parse(text: &str) -> Result<Vec<Node>, String> {
    let mut p = Parser { input: text, pos: 0, start: 0, width: 0, root: Vec::new() };
    p.parse_text()?;
    Ok(p.root)
}

/// Parses `{text}` and returns the nodes of its first action (`parseAction`).
fn parse_action(text: &str) -> Result<Vec<Node>, String> {
    let root = parse(&format!("{LEFT}{text}{RIGHT}"))?;
    match root.into_iter().next() {
        Some(Node::List(nodes)) => Ok(nodes),
        _ => Ok(Vec::new()),
    }
}

/// Where the action being parsed appends: the last list of the root.
fn current(root: &mut [Node]) -> Option<&mut Vec<Node>> {
    match root.last_mut() {
        Some(Node::List(nodes)) => Some(nodes),
        _ => None,
    }
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        self.input.get(self.pos..).unwrap_or("")
    }

    fn consume_text(&mut self) -> String {
        let value = self.input.get(self.start..self.pos).unwrap_or("").to_string();
        self.start = self.pos;
        value
    }

    fn next(&mut self) -> Option<char> {
        match self.rest().chars().next() {
            Some(c) => {
                self.width = c.len_utf8();
                self.pos += self.width;
                Some(c)
            }
            None => {
                self.width = 0;
                None
            }
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.rest().chars().next()
    }

    fn backup(&mut self) {
        self.pos -= self.width;
    }

    /// The byte two before the current position (upstream's escape check `input[pos-2]`).
    fn byte_before_last(&self) -> Option<u8> {
        self.pos.checked_sub(2).and_then(|i| self.input.as_bytes().get(i).copied())
    }

    fn append(&mut self, node: Node) {
        if let Some(cur) = current(&mut self.root) {
            cur.push(node);
        }
    }

    /// `parseText`.
    fn parse_text(&mut self) -> Result<(), String> {
        loop {
            if self.rest().starts_with(LEFT) {
                if self.pos > self.start {
                    let t = self.consume_text();
                    self.root.push(Node::Text(t));
                }
                return self.parse_left_delim();
            }
            if self.next().is_none() {
                break;
            }
        }
        if self.pos > self.start {
            let t = self.consume_text();
            self.root.push(Node::Text(t));
        }
        Ok(())
    }

    fn parse_left_delim(&mut self) -> Result<(), String> {
        self.pos += LEFT.len();
        self.consume_text();
        self.root.push(Node::List(Vec::new()));
        self.parse_inside_action()
    }

    /// `parseInsideAction`, as a loop where upstream recurses after each token.
    fn parse_inside_action(&mut self) -> Result<(), String> {
        loop {
            if self.rest().starts_with(RIGHT) {
                self.pos += RIGHT.len();
                self.consume_text();
                return self.parse_text();
            }
            if self.rest().starts_with("[?(") {
                self.parse_filter()?;
                continue;
            }
            if self.rest().starts_with("..") {
                self.parse_recursive()?;
                continue;
            }
            match self.next() {
                None | Some('\r' | '\n') => return Err("unclosed action".into()),
                Some(' ' | '@' | '$') => {
                    self.consume_text();
                }
                Some('[') => self.parse_array()?,
                Some(q @ ('"' | '\'')) => self.parse_quote(q)?,
                Some('.') => self.parse_field()?,
                Some(c) if c == '+' || c == '-' || is_digit(c) => {
                    self.backup();
                    self.parse_number()?;
                }
                Some(c) if is_alpha_numeric(c) => {
                    self.backup();
                    self.parse_identifier();
                }
                Some(c) => return Err(format!("unrecognized character in action: {}", go_unicode_sharp(c))),
            }
        }
    }

    fn parse_identifier(&mut self) {
        loop {
            let r = self.next();
            if is_terminator(r) {
                self.backup();
                break;
            }
        }
        let value = self.consume_text();
        match value.as_str() {
            "true" => self.append(Node::Bool(true)),
            "false" => self.append(Node::Bool(false)),
            _ => self.append(Node::Identifier(value)),
        }
    }

    fn parse_recursive(&mut self) -> Result<(), String> {
        if let Some(cur) = current(&mut self.root) {
            if cur.last() == Some(&Node::Recursive) {
                return Err("invalid multiple recursive descent".into());
            }
        }
        self.pos += 2;
        self.consume_text();
        self.append(Node::Recursive);
        if self.peek().is_some_and(is_alpha_numeric) {
            return self.parse_field();
        }
        Ok(())
    }

    fn parse_number(&mut self) -> Result<(), String> {
        if matches!(self.peek(), Some('+' | '-')) {
            self.next();
        }
        loop {
            match self.next() {
                Some(c) if c == '.' || is_digit(c) => {}
                _ => {
                    self.backup();
                    break;
                }
            }
        }
        let value = self.consume_text();
        if let Some(i) = go_atoi(&value) {
            self.append(Node::Int(i));
            return Ok(());
        }
        match go_parse_float(&value) {
            Some(f) => {
                self.append(Node::Float(f));
                Ok(())
            }
            None => Err(format!("cannot parse number {value}")),
        }
    }

    fn parse_array(&mut self) -> Result<(), String> {
        loop {
            match self.next() {
                None | Some('\n') => return Err("unterminated array".into()),
                Some(']') => break,
                Some(_) => {}
            }
        }
        let whole = self.consume_text();
        let mut text = whole.get(1..whole.len().saturating_sub(1)).unwrap_or("").to_string();
        if text == "*" {
            text = ":".into();
        }
        let parts: Vec<&str> = text.split(',').collect();
        if parts.len() > 1 {
            let mut union = Vec::new();
            for part in parts {
                union.push(parse_action(&format!("[{}]", part.trim_matches(' ')))?);
            }
            self.append(Node::Union(union));
            return Ok(());
        }
        // `['key']`: a field.
        if text.len() >= 2 && text.starts_with('\'') && text.ends_with('\'') && !text[1..text.len() - 1].contains('\'')
        {
            let nodes = parse_action(&format!(".{}", &text[1..text.len() - 1]))?;
            for n in nodes {
                self.append(n);
            }
            return Ok(());
        }
        let Some(groups) = slice_groups(&text) else {
            return Err(format!("invalid array index {text}"));
        };
        let mut params = [Param::default(); 3];
        for i in 0..3 {
            let mut value = groups[i];
            if !value.is_empty() {
                if i > 0 {
                    value = &value[1..];
                }
                if i > 0 && value.is_empty() {
                    params[i].known = false;
                } else {
                    params[i].known = true;
                    params[i].value = go_atoi(value).ok_or_else(|| format!("array index {value} is not a number"))?;
                }
            } else if i == 1 {
                params[i].known = true;
                params[i].value = params[0].value.saturating_add(1);
                params[i].derived = true;
            }
        }
        self.append(Node::Array(params));
        Ok(())
    }

    fn parse_filter(&mut self) -> Result<(), String> {
        self.pos += 3;
        self.consume_text();
        let mut begin = false;
        let mut end = false;
        let mut pair = '\0';
        loop {
            match self.next() {
                None | Some('\n') => return Err("unterminated filter".into()),
                Some(r @ ('"' | '\'')) => {
                    if !begin {
                        begin = true;
                        pair = r;
                        continue;
                    }
                    if self.byte_before_last() != Some(b'\\') && r == pair {
                        end = true;
                    }
                }
                Some(')') => {
                    if begin == end {
                        break;
                    }
                }
                Some(_) => {}
            }
        }
        if self.next() != Some(']') {
            return Err("unclosed array expect ]".into());
        }
        let whole = self.consume_text();
        let text = whole.get(..whole.len().saturating_sub(2)).unwrap_or("");
        match split_filter(text) {
            None => {
                let left = parse_action(text)?;
                self.append(Node::Filter { left, right: Vec::new(), operator: "exists".into() });
            }
            Some((l, op, r)) => {
                let left = parse_action(l)?;
                let right = parse_action(r)?;
                self.append(Node::Filter { left, right, operator: op.to_string() });
            }
        }
        Ok(())
    }

    fn parse_quote(&mut self, end: char) -> Result<(), String> {
        loop {
            match self.next() {
                None | Some('\n') => return Err("unterminated quoted string".into()),
                Some(c) if c == end => {
                    if self.byte_before_last() != Some(b'\\') {
                        break;
                    }
                }
                Some(_) => {}
            }
        }
        let value = self.consume_text();
        let s = unquote_extend(&value).map_err(|e| format!("unquote string {value} error {e}"))?;
        self.append(Node::Text(s));
        Ok(())
    }

    fn parse_field(&mut self) -> Result<(), String> {
        self.consume_text();
        while self.advance() {}
        let value = self.consume_text();
        if value == "*" {
            self.append(Node::Wildcard);
        } else {
            self.append(Node::Field(value.replace('\\', "")));
        }
        Ok(())
    }

    fn advance(&mut self) -> bool {
        let r = self.next();
        if r == Some('\\') {
            self.next();
        } else if is_terminator(r) {
            self.backup();
            return false;
        }
        true
    }
}

/// `^([^!<>=]+)([!<>=]+)(.+?)$` of a filter's text.
fn split_filter(text: &str) -> Option<(&str, &str, &str)> {
    let op_start = text.find(['!', '<', '>', '='])?;
    if op_start == 0 {
        return None;
    }
    let after = &text[op_start..];
    let op_len = after.find(|c: char| !matches!(c, '!' | '<' | '>' | '=')).unwrap_or(after.len());
    // `(.+?)$` needs one character: the greedy operator gives its last one back if it must.
    let op_len = if op_len == after.len() { op_len - 1 } else { op_len };
    if op_len == 0 {
        return None;
    }
    Some((&text[..op_start], &after[..op_len], &after[op_len..]))
}

/// `^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$`: the three groups (empty when absent).
fn slice_groups(text: &str) -> Option<[&str; 3]> {
    fn number(s: &str) -> usize {
        let sign = usize::from(s.starts_with('-'));
        sign + s[sign..].bytes().take_while(u8::is_ascii_digit).count()
    }
    let mut groups = [""; 3];
    let first = number(text);
    groups[0] = &text[..first];
    let mut rest = &text[first..];
    for g in groups.iter_mut().skip(1) {
        if let Some(r) = rest.strip_prefix(':') {
            let n = 1 + number(r);
            *g = &rest[..n];
            rest = &rest[n..];
        }
    }
    rest.is_empty().then_some(groups)
}

fn is_terminator(r: Option<char>) -> bool {
    match r {
        None => true,
        Some(c) => matches!(c, ' ' | '\t' | '\r' | '\n' | '.' | ',' | '[' | ']' | '$' | '@' | '{' | '}'),
    }
}

/// The starts and ends of Unicode's decimal digit runs (category Nd), as Go's `unicode.IsDigit` knows them.
const ND_RANGES: &[(u32, u32)] = &[
    (0x30, 0x39),
    (0x660, 0x669),
    (0x6F0, 0x6F9),
    (0x7C0, 0x7C9),
    (0x966, 0x96F),
    (0x9E6, 0x9EF),
    (0xA66, 0xA6F),
    (0xAE6, 0xAEF),
    (0xB66, 0xB6F),
    (0xBE6, 0xBEF),
    (0xC66, 0xC6F),
    (0xCE6, 0xCEF),
    (0xD66, 0xD6F),
    (0xDE6, 0xDEF),
    (0xE50, 0xE59),
    (0xED0, 0xED9),
    (0xF20, 0xF29),
    (0x1040, 0x1049),
    (0x1090, 0x1099),
    (0x17E0, 0x17E9),
    (0x1810, 0x1819),
    (0x1946, 0x194F),
    (0x19D0, 0x19D9),
    (0x1A80, 0x1A89),
    (0x1A90, 0x1A99),
    (0x1B50, 0x1B59),
    (0x1BB0, 0x1BB9),
    (0x1C40, 0x1C49),
    (0x1C50, 0x1C59),
    (0xA620, 0xA629),
    (0xA8D0, 0xA8D9),
    (0xA900, 0xA909),
    (0xA9D0, 0xA9D9),
    (0xA9F0, 0xA9F9),
    (0xAA50, 0xAA59),
    (0xABF0, 0xABF9),
    (0xFF10, 0xFF19),
    (0x104A0, 0x104A9),
    (0x10D30, 0x10D39),
    (0x11066, 0x1106F),
    (0x110F0, 0x110F9),
    (0x11136, 0x1113F),
    (0x111D0, 0x111D9),
    (0x112F0, 0x112F9),
    (0x11450, 0x11459),
    (0x114D0, 0x114D9),
    (0x11650, 0x11659),
    (0x116C0, 0x116C9),
    (0x11730, 0x11739),
    (0x118E0, 0x118E9),
    (0x11950, 0x11959),
    (0x11C50, 0x11C59),
    (0x11D50, 0x11D59),
    (0x11DA0, 0x11DA9),
    (0x16A60, 0x16A69),
    (0x16AC0, 0x16AC9),
    (0x16B50, 0x16B59),
    (0x1D7CE, 0x1D7FF),
    (0x1E140, 0x1E149),
    (0x1E2F0, 0x1E2F9),
    (0x1E950, 0x1E959),
    (0x1FBF0, 0x1FBF9),
];

/// Go's `unicode.IsDigit`.
fn is_digit(c: char) -> bool {
    let u = c as u32;
    ND_RANGES.iter().any(|&(a, b)| (a..=b).contains(&u))
}

/// `isAlphaNumeric`: `_`, a letter or a digit (letters as Rust's alphabetic, less letter-numbers).
fn is_alpha_numeric(c: char) -> bool {
    c == '_' || is_digit(c) || (c.is_alphabetic() && !c.is_numeric())
}

/// Go's `%#U`: `U+007B '{'`, the quoted character left out when it is not printable.
fn go_unicode_sharp(c: char) -> String {
    let printable = !c.is_control()
        && (c == ' ' || !c.is_whitespace())
        && !matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}');
    if printable {
        format!("U+{:04X} '{c}'", c as u32)
    } else {
        format!("U+{:04X}", c as u32)
    }
}

/// `strconv.Atoi`: an optional sign and ASCII digits that fit an int64.
fn go_atoi(s: &str) -> Option<i64> {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.strip_prefix('+').unwrap_or(s).parse().ok()
}

/// `strconv.ParseFloat(s, 64)` for what the number scanner collects (sign, digits and dots):
/// out-of-range values fail as upstream's do.
fn go_parse_float(s: &str) -> Option<f64> {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    if body.is_empty() || body == "." || !body.chars().all(|c| c == '.' || c.is_ascii_digit()) {
        return None;
    }
    if body.matches('.').count() > 1 {
        return None;
    }
    let f: f64 = s.parse().ok()?;
    f.is_finite().then_some(f)
}

/// `UnquoteExtend`: Go's unquoting, for single quotes too.
fn unquote_extend(s: &str) -> Result<String, &'static str> {
    let bytes = s.as_bytes();
    let n = bytes.len();
    if n < 2 {
        return Err("invalid syntax");
    }
    let quote = bytes[0];
    if quote != bytes[n - 1] || (quote != b'"' && quote != b'\'') {
        return Err("invalid syntax");
    }
    let inner = &s[1..n - 1];
    if !inner.contains('\\') && !inner.contains(quote as char) {
        return Ok(inner.to_string());
    }
    let mut out = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c == quote as char {
            return Err("invalid syntax");
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else { return Err("invalid syntax") };
        match e {
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\u{b}'),
            '\\' => out.push('\\'),
            '\'' | '"' => {
                if e as u32 != u32::from(quote) {
                    return Err("invalid syntax");
                }
                out.push(e);
            }
            'x' | 'u' | 'U' => {
                let len = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let mut v: u32 = 0;
                for _ in 0..len {
                    let d = chars.next().and_then(|c| c.to_digit(16)).ok_or("invalid syntax")?;
                    v = v * 16 + d;
                }
                if e == 'x' {
                    // A byte; only ASCII bytes make valid text here.
                    out.push(char::from_u32(v).filter(|_| v < 0x80).unwrap_or('\u{fffd}'));
                } else {
                    out.push(char::from_u32(v).ok_or("invalid syntax")?);
                }
            }
            '0'..='7' => {
                let mut v = e.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    let d = chars.next().and_then(|c| c.to_digit(8)).ok_or("invalid syntax")?;
                    v = v * 8 + d;
                }
                if v > 255 {
                    return Err("invalid syntax");
                }
                out.push(char::from_u32(v).filter(|_| v < 0x80).unwrap_or('\u{fffd}'));
            }
            _ => return Err("invalid syntax"),
        }
    }
    Ok(out)
}

/// A value met while evaluating: a JSON value, or Go's invalid `reflect.Value` (the data of a
/// range over nothing).
#[derive(Clone, Debug, PartialEq)]
pub enum Val<'a> {
    Invalid,
    Json(Cow<'a, Value>),
}

impl<'a> Val<'a> {
    fn json(&self) -> Option<&Value> {
        match self {
            Val::Invalid => None,
            Val::Json(v) => Some(v.as_ref()),
        }
    }

    fn owned(v: Value) -> Val<'a> {
        Val::Json(Cow::Owned(v))
    }

    /// The child values of a map or an array (`Field(i)`, `MapIndex`, `Index(i)`), strings
    /// counting as arrays of bytes.
    fn children(&self) -> Vec<Val<'a>> {
        match self {
            Val::Json(Cow::Borrowed(v)) => match v {
                Value::Object(m) => m.values().map(|x| Val::Json(Cow::Borrowed(x))).collect(),
                Value::Array(a) => a.iter().map(|x| Val::Json(Cow::Borrowed(x))).collect(),
                Value::String(s) => s.bytes().map(|b| Val::owned(Value::from(b))).collect(),
                _ => Vec::new(),
            },
            Val::Json(Cow::Owned(v)) => match v {
                Value::Object(m) => m.values().map(|x| Val::owned(x.clone())).collect(),
                Value::Array(a) => a.iter().map(|x| Val::owned(x.clone())).collect(),
                Value::String(s) => s.bytes().map(|b| Val::owned(Value::from(b))).collect(),
                _ => Vec::new(),
            },
            Val::Invalid => Vec::new(),
        }
    }

    fn field(&self, name: &str) -> Option<Val<'a>> {
        match self {
            Val::Json(Cow::Borrowed(Value::Object(m))) => m.get(name).map(|x| Val::Json(Cow::Borrowed(x))),
            Val::Json(Cow::Owned(Value::Object(m))) => m.get(name).map(|x| Val::owned(x.clone())),
            _ => None,
        }
    }

    fn is_nil(&self) -> bool {
        matches!(self, Val::Json(v) if v.is_null())
    }

    /// The value as an owned JSON value (invalid becomes null).
    pub fn to_value(&self) -> Value {
        self.json().cloned().unwrap_or(Value::Null)
    }
}

/// A parsed template with the evaluation state upstream keeps between runs: a template with a
/// range run again (one per watch event) goes on from where the last run left its nodes.
#[derive(Clone, Debug)]
pub struct JsonPath {
    nodes: Rc<Vec<Node>>,
    /// Where the root node list starts now (upstream re-slices `Root.Nodes` inside ranges).
    root_start: usize,
    begin_range: u32,
    in_range: u32,
    end_range: u32,
    last_end: Option<usize>,
    allow_missing_keys: bool,
    output_json: bool,
}

/// Results of one template run: one list of values per top-level node.
pub type Results<'a> = Vec<Vec<Val<'a>>>;

/// One evaluation step: the values, or an error with the values upstream returns beside it.
type Step<'a> = Result<Vec<Val<'a>>, (Vec<Val<'a>>, String)>;

/// What Go says when a template indexes the data of a range over nothing (kubectl crashes).
pub const ZERO_VALUE_PANIC: &str = "panic: reflect: call of reflect.Value.Type on zero Value";

impl JsonPath {
    /// Parses `text` (`New(...).Parse(text)`); missing keys are allowed as kubectl allows them.
    pub fn parse(text: &str) -> Result<JsonPath, String> {
        Ok(JsonPath {
            nodes: Rc::new(parse(text)?),
            root_start: 0,
            begin_range: 0,
            in_range: 0,
            end_range: 0,
            last_end: None,
            allow_missing_keys: true,
            output_json: false,
        })
    }

    /// `AllowMissingKeys`.
    pub fn allow_missing_keys(mut self, allow: bool) -> JsonPath {
        self.allow_missing_keys = allow;
        self
    }

    /// `EnableJSONOutput` (`-o jsonpath-as-json`).
    pub fn json_output(mut self, on: bool) -> JsonPath {
        self.output_json = on;
        self
    }

    /// `FindResults` on a JSON value.
    pub fn find_results<'a>(&mut self, data: &'a Value) -> Result<Results<'a>, String> {
        let start = self.root_start;
        self.find_from(Val::Json(Cow::Borrowed(data)), start)
    }

    fn find_from<'a>(&mut self, data: Val<'a>, start: usize) -> Result<Results<'a>, String> {
        let cur = vec![data];
        let mut full = Vec::new();
        let nodes = Rc::clone(&self.nodes);
        let mut i = start;
        while let Some(node) = nodes.get(i) {
            let results = self.walk(&cur, node).map_err(|(_, e)| e)?;
            if self.end_range > 0 && self.end_range <= self.in_range {
                self.end_range -= 1;
                self.last_end = Some(i);
                break;
            }
            if self.begin_range > 0 {
                self.begin_range -= 1;
                self.in_range += 1;
                if results.is_empty() {
                    self.root_start = i + 1;
                    self.find_from(Val::Invalid, i + 1)?;
                } else {
                    for value in results {
                        self.root_start = i + 1;
                        let next = self.find_from(value, i + 1)?;
                        full.extend(next);
                    }
                }
                self.in_range -= 1;
                if let Some(k) = self.last_end.filter(|&k| k > i && k < nodes.len()) {
                    i = k;
                }
                i += 1;
                continue;
            }
            full.push(results);
            i += 1;
        }
        Ok(full)
    }

    /// Evaluates one node (`walk`). On failure upstream still hands back a list of values (which
    /// an existence filter counts), so the error carries it.
    fn walk<'a>(&mut self, input: &[Val<'a>], node: &Node) -> Step<'a> {
        match node {
            Node::List(nodes) => self.eval_list(input, nodes),
            Node::Text(t) => Ok(vec![Val::owned(Value::String(t.clone()))]),
            Node::Field(name) => self.eval_field(input, name),
            Node::Array(params) => eval_array(input, params),
            Node::Filter { left, right, operator } => self.eval_filter(input, left, right, operator),
            Node::Int(i) => Ok(input.iter().map(|_| Val::owned(Value::from(*i))).collect()),
            Node::Float(f) => {
                Ok(input.iter().map(|_| Val::owned(Number::from_f64(*f).map_or(Value::Null, Value::Number))).collect())
            }
            Node::Bool(b) => Ok(input.iter().map(|_| Val::owned(Value::Bool(*b))).collect()),
            Node::Wildcard => Ok(input.iter().filter(|v| !v.is_nil()).flat_map(Val::children).collect()),
            Node::Recursive => Ok(eval_recursive(input)),
            Node::Union(lists) => {
                let mut out = Vec::new();
                for l in lists {
                    match self.eval_list(input, l) {
                        Ok(v) => out.extend(v),
                        Err((_, e)) => return Err((input.to_vec(), e)),
                    }
                }
                Ok(out)
            }
            Node::Identifier(name) => self.eval_identifier(input, name),
        }
    }

    fn eval_list<'a>(&mut self, input: &[Val<'a>], nodes: &[Node]) -> Step<'a> {
        let mut cur = input.to_vec();
        for n in nodes {
            cur = self.walk(&cur, n)?;
        }
        Ok(cur)
    }

    fn eval_identifier<'a>(&mut self, input: &[Val<'a>], name: &str) -> Step<'a> {
        match name {
            "range" => {
                self.begin_range += 1;
                Ok(input.to_vec())
            }
            "end" => {
                if self.in_range > 0 {
                    self.end_range += 1;
                    Ok(Vec::new())
                } else {
                    Err((Vec::new(), "not in range, nothing to end".into()))
                }
            }
            other => Err((input.to_vec(), format!("unrecognized identifier {other}"))),
        }
    }

    fn eval_field<'a>(&mut self, input: &[Val<'a>], name: &str) -> Step<'a> {
        let mut results = Vec::new();
        if input.is_empty() {
            return Ok(results);
        }
        for v in input {
            if v.is_nil() {
                continue;
            }
            if let Some(x) = v.field(name) {
                results.push(x);
            }
        }
        if results.is_empty() && !self.allow_missing_keys {
            return Err((results, format!("{name} is not found")));
        }
        Ok(results)
    }

    fn eval_filter<'a>(&mut self, input: &[Val<'a>], left: &[Node], right: &[Node], operator: &str) -> Step<'a> {
        let mut results = Vec::new();
        for value in input {
            let items = match value.json() {
                Some(Value::Array(_)) => value.children(),
                _ => {
                    let msg = format!("{} is not array or slice and cannot be filtered", go_sprint_val(value));
                    return Err((input.to_vec(), msg));
                }
            };
            for item in items {
                let temp = vec![item.clone()];
                let lefts = self.eval_list(&temp, left);
                if operator == "exists" {
                    let found = match &lefts {
                        Ok(l) => !l.is_empty(),
                        Err((partial, _)) => !partial.is_empty(),
                    };
                    if found {
                        results.push(item);
                    }
                    continue;
                }
                let lefts = lefts.map_err(|(_, e)| (input.to_vec(), e))?;
                match lefts.len() {
                    0 => continue,
                    1 => {}
                    _ => return Err((input.to_vec(), "can only compare one element at a time".into())),
                }
                let rights = self.eval_list(&temp, right).map_err(|(_, e)| (input.to_vec(), e))?;
                match rights.len() {
                    0 => continue,
                    1 => {}
                    _ => return Err((input.to_vec(), "can only compare one element at a time".into())),
                }
                let (l, r) = (&lefts[0], &rights[0]);
                let pass = match operator {
                    "<" => less(l, r),
                    ">" => less_equal(l, r).map(|x| !x),
                    "==" => equal(l, r),
                    "!=" => equal(l, r).map(|x| !x),
                    "<=" => less_equal(l, r),
                    ">=" => less(l, r).map(|x| !x),
                    other => Err(format!("unrecognized filter operator {other}")),
                };
                match pass {
                    Ok(true) => results.push(item),
                    Ok(false) => {}
                    Err(e) => return Err((results, e)),
                }
            }
        }
        Ok(results)
    }

    /// `Execute`: the text kubectl prints for `data`.
    pub fn execute(&mut self, data: &Value) -> Result<String, String> {
        let results = self.find_results(data)?;
        let mut out = String::new();
        for r in &results {
            self.print_results(&mut out, r);
        }
        Ok(out)
    }

    /// `PrintResults`.
    fn print_results(&self, out: &mut String, results: &[Val]) {
        if self.output_json {
            let all = Value::Array(results.iter().map(Val::to_value).collect());
            out.push_str(&super::json::to_json(&all));
            return;
        }
        for (i, r) in results.iter().enumerate() {
            match r.json() {
                Some(v @ (Value::Object(_) | Value::Array(_))) => go_json_compact(out, v),
                Some(Value::Null) => out.push_str("null"),
                Some(v) => out.push_str(&go_sprint(v)),
                None => out.push_str("<no value>"),
            }
            if i + 1 != results.len() {
                out.push(' ');
            }
        }
    }
}

fn eval_array<'a>(input: &[Val<'a>], params: &[Param; 3]) -> Step<'a> {
    let mut result = Vec::new();
    for value in input {
        if value.is_nil() {
            continue;
        }
        let items = match value.json() {
            Some(Value::Array(_)) => value.children(),
            Some(v) => return Err((input.to_vec(), format!("{} is not array or slice", go_type(v)))),
            None => return Err((input.to_vec(), ZERO_VALUE_PANIC.into())),
        };
        let len = items.len() as i64;
        let mut p = *params;
        if !p[0].known {
            p[0].value = 0;
        }
        if p[0].value < 0 {
            p[0].value += len;
        }
        if !p[1].known {
            p[1].value = len;
        }
        if p[1].value < 0 || (p[1].value == 0 && p[1].derived) {
            p[1].value += len;
        }
        if p[1].value == p[0].value {
            return Ok(result);
        }
        if p[0].value >= len || p[0].value < 0 {
            return Err((input.to_vec(), format!("array index out of bounds: index {}, length {len}", p[0].value)));
        }
        if p[1].value > len || p[1].value < 0 {
            return Err((input.to_vec(), format!("array index out of bounds: index {}, length {len}", p[1].value - 1)));
        }
        if p[0].value > p[1].value {
            let msg = format!("starting index {} is greater than ending index {}", p[0].value, p[1].value);
            return Err((input.to_vec(), msg));
        }
        let step = if p[2].known {
            if p[2].value <= 0 {
                return Err((input.to_vec(), "step must be > 0".into()));
            }
            p[2].value
        } else {
            1
        };
        let (from, to) = (p[0].value as usize, p[1].value as usize);
        let mut k = from;
        while k < to {
            if let Some(x) = items.get(k) {
                result.push(x.clone());
            }
            k = k.saturating_add(step as usize);
        }
    }
    Ok(result)
}

fn eval_recursive<'a>(input: &[Val<'a>]) -> Vec<Val<'a>> {
    let mut result = Vec::new();
    for value in input {
        if value.is_nil() {
            continue;
        }
        let children = value.children();
        if !children.is_empty() {
            result.push(value.clone());
            result.extend(eval_recursive(&children));
        }
    }
    result
}

/// The comparable kind of a value (`basicKind`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Basic {
    Bool,
    Int,
    Float,
    String,
}

fn basic(v: &Val) -> Result<Basic, String> {
    match v.json() {
        Some(Value::Bool(_)) => Ok(Basic::Bool),
        Some(Value::Number(n)) if n.is_i64() => Ok(Basic::Int),
        Some(Value::Number(_)) => Ok(Basic::Float),
        Some(Value::String(_)) => Ok(Basic::String),
        _ => Err("invalid type for comparison".into()),
    }
}

fn as_f64(v: &Val) -> f64 {
    v.json().and_then(Value::as_f64).unwrap_or(0.0)
}

fn as_i64(v: &Val) -> i64 {
    v.json().and_then(Value::as_i64).unwrap_or(0)
}

fn as_str<'v>(v: &'v Val) -> &'v str {
    v.json().and_then(Value::as_str).unwrap_or("")
}

/// template `Equal`.
fn equal(a: &Val, b: &Val) -> Result<bool, String> {
    let (ka, kb) = (basic(a)?, basic(b)?);
    if ka != kb {
        return Err("incompatible types for comparison".into());
    }
    Ok(match ka {
        Basic::Bool => a.json().and_then(Value::as_bool) == b.json().and_then(Value::as_bool),
        Basic::Int => as_i64(a) == as_i64(b),
        Basic::Float => as_f64(a) == as_f64(b),
        Basic::String => as_str(a) == as_str(b),
    })
}

/// template `Less`.
fn less(a: &Val, b: &Val) -> Result<bool, String> {
    let (ka, kb) = (basic(a)?, basic(b)?);
    if ka != kb {
        return Err("incompatible types for comparison".into());
    }
    match ka {
        Basic::Bool => Err("invalid type for comparison".into()),
        Basic::Int => Ok(as_i64(a) < as_i64(b)),
        Basic::Float => Ok(as_f64(a) < as_f64(b)),
        Basic::String => Ok(as_str(a) < as_str(b)),
    }
}

fn less_equal(a: &Val, b: &Val) -> Result<bool, String> {
    if less(a, b)? {
        return Ok(true);
    }
    equal(a, b)
}

/// Go's type name of a decoded JSON value (`reflect.Type.String`).
fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "interface {}",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_i64() => "int64",
        Value::Number(_) => "float64",
        Value::String(_) => "string",
        Value::Array(_) => "[]interface {}",
        Value::Object(_) => "map[string]interface {}",
    }
}

fn go_sprint_val(v: &Val) -> String {
    match v.json() {
        Some(v) => go_sprint(v),
        None => "<invalid reflect.Value>".into(),
    }
}

/// Go's `fmt.Sprint` (`%v`) of a decoded JSON value: `map[a:1 b:[x y]]`, `<nil>`.
pub fn go_sprint(v: &Value) -> String {
    let mut out = String::new();
    write_sprint(&mut out, v);
    out
}

fn write_sprint(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&go_number_v(n)),
        Value::String(s) => out.push_str(s),
        Value::Array(items) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_sprint(out, x);
            }
            out.push(']');
        }
        Value::Object(m) => {
            out.push_str("map[");
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(k);
                out.push(':');
                write_sprint(out, x);
            }
            out.push(']');
        }
    }
}

/// A number as Go's `%v` prints an int64 or a float64.
fn go_number_v(n: &Number) -> String {
    match n.as_i64() {
        Some(i) => i.to_string(),
        None => super::json::float::go_g_float(n.as_f64().unwrap_or(0.0)),
    }
}

/// Go's `json.Marshal` (compact, keys sorted, HTML characters escaped).
pub fn go_json_compact(out: &mut String, v: &Value) {
    super::create_gen::write_compact(out, v);
}

/// Go's `%#v` of a decoded JSON value: `map[string]interface {}{"a":1, "b":[]interface {}{"x"}}`.
pub fn go_sharp_v(v: &Value) -> String {
    let mut out = String::new();
    write_sharp_v(&mut out, v, true);
    out
}

fn write_sharp_v(out: &mut String, v: &Value, top: bool) {
    match v {
        Value::Null => out.push_str("interface {}(nil)"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&go_number_v(n)),
        Value::String(s) => out.push_str(&crate::manifest::field::go_quote(s)),
        Value::Array(items) => {
            out.push_str("[]interface {}{");
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_sharp_v(out, x, false);
            }
            out.push('}');
        }
        Value::Object(m) => {
            out.push_str("map[string]interface {}{");
            write_members(out, m);
            out.push('}');
        }
    }
    let _ = top;
}

fn write_members(out: &mut String, m: &Map<String, Value>) {
    for (i, (k, x)) in m.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&crate::manifest::field::go_quote(k));
        out.push(':');
        write_sharp_v(out, x, false);
    }
}

/// The error kubectl prints when running a template fails (cli-runtime `JSONPathPrinter.PrintObj`),
/// without the `error: ` kubectl's error printer adds.
pub fn execution_error(template: &str, err: &str, data: &Value) -> String {
    format!(
        "error executing jsonpath {}: Error executing template: {err}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{template}\n\tobject given to jsonpath engine was:\n\t\t{}\n\n\n",
        crate::manifest::field::go_quote(template),
        go_sharp_v(data)
    )
}

/// kubectl's loose spellings of a field path for custom columns and `--sort-by`
/// (`RelaxedJSONPathExpression`): `metadata.name`, `.metadata.name`, `{metadata.name}` and
/// `{.metadata.name}` all become `{.metadata.name}`.
pub fn relaxed(path: &str) -> Result<String, String> {
    if path.is_empty() {
        return Ok(String::new());
    }
    let inner = match path.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
        Some(inner) if !inner.contains(['{', '}']) => inner,
        _ if !path.contains(['{', '}']) => path,
        _ => {
            return Err("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".into());
        }
    };
    let field = inner.strip_prefix('.').unwrap_or(inner);
    if field.is_empty() {
        return Err(
            "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'"
                .into(),
        );
    }
    Ok(format!("{{.{field}}}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    fn pods() -> Value {
        json!({
            "apiVersion": "v1",
            "items": [
                {"kind": "Pod", "metadata": {"name": "a", "labels": {"app": "web", "tier": "front"}},
                 "spec": {"containers": [{"name": "c1", "image": "nginx"}, {"name": "c2", "image": "redis"}]},
                 "status": {"phase": "Running", "restarts": 0, "ready": true}},
                {"kind": "Pod", "metadata": {"name": "b", "labels": {"app": "db"}},
                 "spec": {"containers": [{"name": "c3", "image": "busybox"}]},
                 "status": {"phase": "Pending", "restarts": 2, "ready": false}}
            ],
            "kind": "List",
            "metadata": {"resourceVersion": ""}
        })
    }

    fn run(template: &str) -> Result<String, String> {
        let data = pods();
        JsonPath::parse(template)?.execute(&data)
    }

    #[test]
    fn templates_print_as_kubectl_prints_them() {
        let cases = [
            ("{.items[*].metadata.name}", "a b"),
            ("{.items[0].metadata.name}", "a"),
            ("{.items[-1].metadata.name}", "b"),
            ("{.items[*].spec.containers[*].name}", "c1 c2 c3"),
            ("{range .items[*]}{.metadata.name}{\"\\t\"}{.status.phase}{\"\\n\"}{end}", "a\tRunning\nb\tPending\n"),
            ("{.items[?(@.status.phase==\"Running\")].metadata.name}", "a"),
            ("{.items[?(@.status.restarts>1)].metadata.name}", "b"),
            ("{.items[?(@.status.ready==true)].metadata.name}", "a"),
            ("{.items[?(@.metadata.labels.tier)].metadata.name}", "a"),
            ("{.items[0].metadata.labels}", "{\"app\":\"web\",\"tier\":\"front\"}"),
            ("{.items[0].metadata.labels.*}", "web front"),
            ("{.items[0].spec.containers[0:1].name}", "c1"),
            ("{.items[0].spec.containers[*]['name','image']}", "c1 c2 nginx redis"),
            ("{.items[0].metadata['name']}", "a"),
            ("{..image}", "nginx redis busybox"),
            ("{.kind} and {.nothing}!", "List and !"),
            ("{$.kind}", "List"),
            ("{\"x\"}{'y'}", "xy"),
            ("{range .items[*]}[{range .spec.containers[*]}<{.name}>{end}]{end}", "[<c1><c2>][<c3>]"),
            ("{.items[0].metadata.name}}", "a}"),
        ];
        for (template, want) in cases {
            assert_eq!(run(template).as_deref(), Ok(want), "{template}");
        }
    }

    #[test]
    fn parse_errors_are_upstreams_texts() {
        let cases = [
            ("{.items[0].metadata.name", "unclosed action"),
            ("{{.kind}}", "unrecognized character in action: U+007B '{'"),
            ("{.items[}", "unterminated array"),
            ("{.items[x]}", "invalid array index x"),
            ("{.items[?(@.a==\"b\"}", "unterminated filter"),
            ("{#}", "unrecognized character in action: U+0023 '#'"),
            ("{\t}", "unrecognized character in action: U+0009"),
            ("{\"abc}", "unterminated quoted string"),
            ("{..a..b}", ""),
            ("{.a.....b}", "invalid multiple recursive descent"),
            ("{1.2.3}", "cannot parse number 1.2.3"),
            ("{-}", "cannot parse number -"),
            ("{.a[?(@.b)x]}", "unclosed array expect ]"),
        ];
        for (template, want) in cases {
            let got = JsonPath::parse(template).err().unwrap_or_default();
            assert_eq!(got, want, "{template}");
        }
    }

    #[test]
    fn evaluation_errors_are_upstreams_texts() {
        let cases = [
            ("{.items[5].metadata.name}", "array index out of bounds: index 5, length 2"),
            ("{.items[0:1:0]}", "step must be > 0"),
            ("{end}", "not in range, nothing to end"),
            ("{.kind[0]}", "string is not array or slice"),
            ("{.items[1:0]}", "starting index 1 is greater than ending index 0"),
            ("{.items[0:5]}", "array index out of bounds: index 4, length 2"),
            ("{.items[?(@.status.restarts==\"0\")]}", "incompatible types for comparison"),
            ("{.items[?(@.status.ready<true)]}", "invalid type for comparison"),
            ("{.items[?(@.metadata.name==null)]}", "unrecognized identifier null"),
            ("{.kind[?(@.a)]}", "List is not array or slice and cannot be filtered"),
            ("{.items[?(@.spec.containers[*].name==\"c1\")]}", "can only compare one element at a time"),
        ];
        for (template, want) in cases {
            assert_eq!(run(template), Err(want.to_string()), "{template}");
        }
    }

    #[test]
    fn a_range_template_run_twice_continues_where_upstream_leaves_it() {
        // After a range, upstream keeps its node list re-sliced: the second run meets `end` first.
        let mut jp = JsonPath::parse("{range .items[*]}{.metadata.name}{end}").unwrap();
        let data = pods();
        assert_eq!(jp.execute(&data).as_deref(), Ok("ab"));
        assert_eq!(jp.execute(&data), Err("not in range, nothing to end".to_string()));
    }

    #[test]
    fn json_output_wraps_each_result_list_in_an_array() {
        let data = pods();
        let mut jp = JsonPath::parse("{.items[*].metadata.name}{.kind}").unwrap().json_output(true);
        assert_eq!(jp.execute(&data).unwrap(), "[\n    \"a\",\n    \"b\"\n]\n[\n    \"List\"\n]\n");
    }

    #[test]
    fn go_value_printers_match_fmt() {
        let v = json!({"a": 1, "b": [1.5, null, "s"], "c": {"d": true}, "e": 100000000.0});
        assert_eq!(go_sprint(&v), "map[a:1 b:[1.5 <nil> s] c:map[d:true] e:1e+08]");
        assert_eq!(
            go_sharp_v(&v),
            "map[string]interface {}{\"a\":1, \"b\":[]interface {}{1.5, interface {}(nil), \"s\"}, \"c\":map[string]interface {}{\"d\":true}, \"e\":1e+08}"
        );
        let mut s = String::new();
        go_json_compact(&mut s, &json!({"b": "<x>", "a": [1, 2.5]}));
        assert_eq!(s, "{\"a\":[1,2.5],\"b\":\"\\u003cx\\u003e\"}");
    }

    #[test]
    fn relaxed_paths_become_full_templates() {
        for p in ["metadata.name", ".metadata.name", "{metadata.name}", "{.metadata.name}"] {
            assert_eq!(relaxed(p).unwrap(), "{.metadata.name}", "{p}");
        }
        assert!(relaxed("{.a}{.b}").is_err());
        assert!(relaxed("{}").is_err());
    }

    /// A tiny deterministic generator for the property test (no randomness crates in the core).
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        *seed >> 33
    }

    #[test]
    fn no_template_makes_the_parser_or_the_evaluator_panic() {
        const ALPHABET: &[&str] = &[
            "{", "}", "[", "]", "(", ")", "?", "@", "$", ".", "..", "*", ",", ":", "'", "\"", "\\", "=", "==", "!=",
            "<", ">", "-", "+", "0", "1", "5", "-1", "range", "end", " ", "\t", "\n", "items", "metadata", "name",
            "spec", "é", "٣", "true", "x", "[?(", "[*]", "[0]", "[-1:]", "1.5", "\\u00", "#",
        ];
        let data = pods();
        let mut seed = 42u64;
        for _ in 0..20_000 {
            let len = (lcg(&mut seed) % 14) as usize;
            let mut t = String::new();
            for _ in 0..len {
                t.push_str(ALPHABET[(lcg(&mut seed) as usize) % ALPHABET.len()]);
            }
            if let Ok(mut jp) = JsonPath::parse(&t) {
                let _ = jp.execute(&data);
                let _ = jp.execute(&data);
                let mut j2 = JsonPath::parse(&t).unwrap().json_output(true);
                let _ = j2.execute(&data);
            }
            let _ = relaxed(&t);
        }
    }
}
