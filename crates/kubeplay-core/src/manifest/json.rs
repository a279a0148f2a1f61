//! JSON manifests: kubectl reads a stream whose first non-space character is `{` as a sequence
//! of JSON values (apimachinery `YAMLOrJSONDecoder` over encoding/json's `Decoder`), with Go's
//! syntax errors (`json: offset 9: invalid character '}' looking for beginning of object key
//! string`, `unexpected EOF`). Values become the same positioned nodes as YAML documents.

use super::yaml::{Key, Node, NodeValue, Pos};

/// How many leading bytes `GuessJSONStream` looks at.
const SNIFF_BYTES: usize = 4096;
/// encoding/json's nesting limit.
const MAX_NESTING: usize = 10_000;

/// Whether kubectl reads `text` as JSON: its first non-space character (within the first 4096
/// bytes) is `{` (`hasJSONPrefix`).
pub fn is_json_stream(text: &str) -> bool {
    let mut end = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].trim_start_matches(char::is_whitespace).starts_with('{')
}

/// A JSON value of the stream with the line it starts on and its text as written.
pub struct JsonValue {
    pub first_line: u32,
    pub node: Node,
    pub raw: String,
}

/// Why the stream stopped: Go's text for it and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub message: String,
    pub pos: Pos,
}

/// Reads every value of a JSON stream, stopping at the first error as kubectl does; the values
/// read before it are returned with it.
pub fn read_json_stream(text: &str) -> (Vec<JsonValue>, Option<JsonError>) {
    let mut p = JsonParser { text: text.as_bytes(), src: text, at: 0, line: 1, line_start: 0, depth: 0 };
    let mut values = Vec::new();
    loop {
        p.skip_space();
        if p.at >= p.text.len() {
            return (values, None);
        }
        let first_line = p.line;
        let start = p.at;
        match p.value() {
            Ok(node) => {
                let raw = text.get(start..p.at).unwrap_or("").to_string();
                values.push(JsonValue { first_line, node, raw });
            }
            Err(e) => return (values, Some(e)),
        }
    }
}

struct JsonParser<'a> {
    text: &'a [u8],
    src: &'a str,
    at: usize,
    line: u32,
    line_start: usize,
    depth: usize,
}

/// The state words of encoding/json's scanner errors.
const BEGIN_VALUE: &str = "looking for beginning of value";
const BEGIN_KEY: &str = "looking for beginning of object key string";
const AFTER_KEY: &str = "after object key";
const AFTER_PAIR: &str = "after object key:value pair";
const AFTER_ELEMENT: &str = "after array element";

impl JsonParser<'_> {
    fn pos_at(&self, at: usize) -> Pos {
        let col = self.src.get(self.line_start..at).map_or(0, |s| s.chars().count());
        Pos { line: self.line, col: u32::try_from(col + 1).unwrap_or(u32::MAX) }
    }

    fn pos(&self) -> Pos {
        self.pos_at(self.at)
    }

    fn skip_space(&mut self) {
        while let Some(&b) = self.text.get(self.at) {
            match b {
                b' ' | b'\t' | b'\r' => self.at += 1,
                b'\n' => {
                    self.at += 1;
                    self.line += 1;
                    self.line_start = self.at;
                }
                _ => break,
            }
        }
    }

    /// `unexpected EOF`: the stream ended inside a value.
    fn eof(&self) -> JsonError {
        JsonError { message: "unexpected EOF".into(), pos: self.pos() }
    }

    /// A syntax error at the current byte: `json: offset N: invalid character 'c' <context>`.
    fn invalid(&self, context: &str) -> JsonError {
        let c = self.src.get(self.at..).and_then(|s| s.chars().next()).unwrap_or('\u{fffd}');
        JsonError {
            message: format!("json: offset {}: invalid character {} {context}", self.at + 1, quote_char(c)),
            pos: self.pos(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn value(&mut self) -> Result<Node, JsonError> {
        self.skip_space();
        let pos = self.pos();
        let Some(b) = self.peek() else { return Err(self.eof()) };
        let value = match b {
            b'{' => self.object()?,
            b'[' => self.array()?,
            b'"' => NodeValue::Str(self.string()?),
            b'-' | b'0'..=b'9' => self.number()?,
            b't' => self.literal("true", NodeValue::Bool(true))?,
            b'f' => self.literal("false", NodeValue::Bool(false))?,
            b'n' => self.literal("null", NodeValue::Null)?,
            _ => return Err(self.invalid(BEGIN_VALUE)),
        };
        Ok(Node { value, pos, plain: false })
    }

    fn nest(&mut self) -> Result<(), JsonError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.invalid("exceeded max depth"));
        }
        Ok(())
    }

    fn object(&mut self) -> Result<NodeValue, JsonError> {
        self.nest()?;
        self.at += 1;
        let mut entries: Vec<(Key, Node)> = Vec::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            self.depth -= 1;
            return Ok(NodeValue::Map(entries));
        }
        loop {
            self.skip_space();
            match self.peek() {
                None => return Err(self.eof()),
                Some(b'"') => {}
                Some(_) => return Err(self.invalid(BEGIN_KEY)),
            }
            let key_pos = self.pos();
            let name = self.string()?;
            self.skip_space();
            match self.peek() {
                None => return Err(self.eof()),
                Some(b':') => self.at += 1,
                Some(_) => return Err(self.invalid(AFTER_KEY)),
            }
            let value = self.value()?;
            // A repeated key keeps the last value, as decoding into a map does.
            entries.retain(|(k, _)| k.name != name);
            entries.push((Key { name, pos: key_pos }, value));
            self.skip_space();
            match self.peek() {
                None => return Err(self.eof()),
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    self.depth -= 1;
                    return Ok(NodeValue::Map(entries));
                }
                Some(_) => return Err(self.invalid(AFTER_PAIR)),
            }
        }
    }

    fn array(&mut self) -> Result<NodeValue, JsonError> {
        self.nest()?;
        self.at += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.at += 1;
            self.depth -= 1;
            return Ok(NodeValue::Seq(items));
        }
        loop {
            items.push(self.value()?);
            self.skip_space();
            match self.peek() {
                None => return Err(self.eof()),
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    self.depth -= 1;
                    return Ok(NodeValue::Seq(items));
                }
                Some(_) => return Err(self.invalid(AFTER_ELEMENT)),
            }
        }
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let Some(b) = self.peek() else { return Err(self.eof()) };
            match b {
                b'"' => {
                    self.at += 1;
                    return Ok(out);
                }
                b'\\' => {
                    self.at += 1;
                    let Some(e) = self.peek() else { return Err(self.eof()) };
                    let c = match e {
                        b'u' => {
                            self.at += 1;
                            let hi = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&hi)
                                && self.text.get(self.at..self.at + 2) == Some(b"\\u")
                            {
                                let save = self.at;
                                self.at += 2;
                                let lo = self.hex4()?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                                } else {
                                    self.at = save;
                                    None
                                }
                            } else {
                                char::from_u32(hi)
                            };
                            out.push(c.unwrap_or('\u{fffd}'));
                            continue;
                        }
                        e => match crate::json::simple_escape(e) {
                            Some(c) => c,
                            None => return Err(self.invalid("in string escape code")),
                        },
                    };
                    out.push(c);
                    self.at += 1;
                }
                0..=0x1f => return Err(self.invalid("in string literal")),
                _ => {
                    let rest = self.src.get(self.at..).unwrap_or("");
                    let c = rest.chars().next().unwrap_or('\u{fffd}');
                    out.push(c);
                    self.at += c.len_utf8().max(1);
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let Some(b) = self.peek() else { return Err(self.eof()) };
            let Some(d) = (b as char).to_digit(16) else {
                return Err(self.invalid("in \\u hexadecimal character escape"));
            };
            v = v * 16 + d;
            self.at += 1;
        }
        Ok(v)
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<NodeValue, JsonError> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
            match self.peek() {
                None => return Err(self.eof()),
                Some(b'0'..=b'9') => {}
                Some(_) => return Err(self.invalid("in numeric literal")),
            }
        }
        if self.peek() == Some(b'0') {
            self.at += 1;
        } else {
            self.digits();
        }
        let mut float = false;
        if self.peek() == Some(b'.') {
            float = true;
            self.at += 1;
            match self.peek() {
                None => return Err(self.eof()),
                Some(b'0'..=b'9') => self.digits(),
                Some(_) => return Err(self.invalid("after decimal point in numeric literal")),
            };
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            float = true;
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            match self.peek() {
                None => return Err(self.eof()),
                Some(b'0'..=b'9') => self.digits(),
                Some(_) => return Err(self.invalid("in exponent of numeric literal")),
            };
        }
        let text = self.src.get(start..self.at).unwrap_or("0");
        if !float {
            if let Ok(i) = text.parse::<i64>() {
                return Ok(NodeValue::Int(i));
            }
            if let Ok(u) = text.parse::<u64>() {
                return Ok(NodeValue::UInt(u));
            }
        }
        Ok(NodeValue::Float(text.parse::<f64>().unwrap_or(f64::INFINITY)))
    }

    fn literal(&mut self, word: &str, value: NodeValue) -> Result<NodeValue, JsonError> {
        for expected in word.bytes() {
            match self.peek() {
                None => return Err(self.eof()),
                Some(b) if b == expected => self.at += 1,
                Some(_) => {
                    return Err(self.invalid(&format!("in literal {word} (expecting {})", quote_char(expected as char))))
                }
            }
        }
        Ok(value)
    }
}

/// encoding/json's `quoteChar`.
fn quote_char(c: char) -> String {
    match c {
        '\'' => "'\\''".into(),
        '"' => "'\"'".into(),
        _ => {
            let q = super::field::go_quote(&c.to_string());
            format!("'{}'", &q[1..q.len() - 1])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each message was checked against kubectl v1.32 (`kubectl apply -f` of the text).
    #[test]
    fn syntax_errors_read_as_go_reports_them() {
        let cases: &[(&str, &str)] = &[
            ("{a: 1\n", "json: offset 2: invalid character 'a' looking for beginning of object key string"),
            ("{\"a\": 1,}", "json: offset 9: invalid character '}' looking for beginning of object key string"),
            ("{\"a\": 1\n \"b\": 2}", "json: offset 10: invalid character '\"' after object key:value pair"),
            (
                "{\"a\": 1}\n{\"b\": 2,}",
                "json: offset 18: invalid character '}' looking for beginning of object key string",
            ),
            ("{\"a\" 1}", "json: offset 6: invalid character '1' after object key"),
            ("{\"a\": [1 2]}", "json: offset 10: invalid character '2' after array element"),
            ("{\"a\": tru}", "json: offset 10: invalid character '}' in literal true (expecting 'e')"),
            ("{\"a\": \"x\\q\"}", "json: offset 10: invalid character 'q' in string escape code"),
            ("{\"a\": 1.}", "json: offset 9: invalid character '}' after decimal point in numeric literal"),
            ("{\"a\": -x}", "json: offset 8: invalid character 'x' in numeric literal"),
            ("{\"a\": 'x'}", "json: offset 7: invalid character '\\'' looking for beginning of value"),
            ("{\"a\": 1", "unexpected EOF"),
            ("{\"a\": \"x", "unexpected EOF"),
        ];
        for (text, want) in cases {
            let (_, err) = read_json_stream(text);
            assert_eq!(err.map(|e| e.message).as_deref(), Some(*want), "for {text:?}");
        }
    }

    #[test]
    fn values_keep_their_positions_and_the_last_of_repeated_keys() {
        let (values, err) = read_json_stream("{\"a\": 1,\n \"b\": [true, null], \"a\": \"x\"}\n{}\n");
        assert!(err.is_none());
        assert_eq!(values.len(), 2);
        assert_eq!(values[0].node.to_json(), crate::json::json!({"a": "x", "b": [true, null]}));
        assert_eq!(values[0].node.get("b").map(|n| n.pos), Some(Pos { line: 2, col: 7 }));
        assert_eq!(values[1].first_line, 3);
    }

    #[test]
    fn a_stream_is_json_when_its_first_character_is_a_brace() {
        assert!(is_json_stream("  \n{\"a\": 1}"));
        assert!(!is_json_stream("a: {}"));
        assert!(!is_json_stream("[1]"));
    }
}
