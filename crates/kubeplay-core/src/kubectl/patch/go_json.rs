//! JSON text read as Go's encoding/json reads it: the scanner's syntax errors, word for word
//! (`unexpected end of JSON input`, `invalid character '}' after top-level value`, ...), then the
//! value with Go's number rules (integers that fit int64 stay integers, others become float64).

use crate::json::Value;

/// `json.Unmarshal` into an `interface{}`: the value, or the error text.
pub fn parse(text: &str) -> Result<Value, String> {
    check_valid(text.as_bytes())?;
    let v: Value = crate::json::from_str(text).map_err(|e| {
        // The scanner accepted it; serde refuses what Go would replace (lone surrogates) or nest
        // deeper than serde allows.
        format!("invalid JSON: {e}")
    })?;
    Ok(normalize_numbers(v))
}

/// Numbers beyond int64 decode as float64 in Go.
pub fn normalize_numbers(v: Value) -> Value {
    match v {
        Value::Number(n) if n.as_i64().is_none() && n.as_u64().is_some() => {
            crate::json::Number::from_f64(n.as_f64().unwrap_or(0.0)).map_or(Value::Null, Value::Number)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(normalize_numbers).collect()),
        Value::Object(m) => Value::Object(m.into_iter().map(|(k, x)| (k, normalize_numbers(x))).collect()),
        other => other,
    }
}

/// Go's `quoteChar`.
fn quote_char(c: char) -> String {
    match c {
        '\'' => "'\\''".into(),
        '"' => "'\"'".into(),
        c => {
            let q = crate::manifest::field::go_quote(&c.to_string());
            format!("'{}'", &q[1..q.len() - 1])
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Parse {
    ObjectKey,
    ObjectValue,
    ArrayValue,
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    stack: Vec<Parse>,
}

fn err_at(b: &[u8], i: usize, context: &str) -> String {
    // Invalid UTF-8 reads as U+FFFD in Go's scanner messages.
    let c = std::str::from_utf8(&b[i..]).ok().and_then(|s| s.chars().next()).unwrap_or(char::REPLACEMENT_CHARACTER);
    format!("invalid character {} {context}", quote_char(c))
}

const EOF: &str = "unexpected end of JSON input";

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

/// `checkValid`: runs Go's scanner over the whole text.
fn check_valid(b: &[u8]) -> Result<(), String> {
    let mut s = Scanner { b, i: 0, stack: Vec::new() };
    s.skip_space();
    s.value("looking for beginning of value")?;
    s.skip_space();
    if s.i < b.len() {
        return Err(err_at(b, s.i, "after top-level value"));
    }
    Ok(())
}

impl Scanner<'_> {
    fn skip_space(&mut self) {
        while self.i < self.b.len() && is_space(self.b[self.i]) {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// One value; `context` names what the scanner was looking for.
    fn value(&mut self, context: &str) -> Result<(), String> {
        if self.stack.len() > 10000 {
            return Err("exceeded max depth".into());
        }
        let Some(c) = self.peek() else { return Err(EOF.into()) };
        match c {
            b'{' => {
                self.i += 1;
                self.stack.push(Parse::ObjectKey);
                self.skip_space();
                match self.peek() {
                    None => return Err(EOF.into()),
                    Some(b'}') => {
                        self.i += 1;
                        self.stack.pop();
                        return Ok(());
                    }
                    Some(b'"') => {}
                    Some(_) => return Err(err_at(self.b, self.i, "looking for beginning of object key string")),
                }
                loop {
                    self.string()?;
                    self.skip_space();
                    match self.peek() {
                        None => return Err(EOF.into()),
                        Some(b':') => self.i += 1,
                        Some(_) => return Err(err_at(self.b, self.i, "after object key")),
                    }
                    if let Some(top) = self.stack.last_mut() {
                        *top = Parse::ObjectValue;
                    }
                    self.skip_space();
                    self.value("looking for beginning of value")?;
                    self.skip_space();
                    match self.peek() {
                        None => return Err(EOF.into()),
                        Some(b',') => {
                            self.i += 1;
                            if let Some(top) = self.stack.last_mut() {
                                *top = Parse::ObjectKey;
                            }
                            self.skip_space();
                            match self.peek() {
                                None => return Err(EOF.into()),
                                Some(b'"') => {}
                                Some(_) => {
                                    return Err(err_at(self.b, self.i, "looking for beginning of object key string"))
                                }
                            }
                        }
                        Some(b'}') => {
                            self.i += 1;
                            self.stack.pop();
                            return Ok(());
                        }
                        Some(_) => return Err(err_at(self.b, self.i, "after object key:value pair")),
                    }
                }
            }
            b'[' => {
                self.i += 1;
                self.stack.push(Parse::ArrayValue);
                self.skip_space();
                match self.peek() {
                    None => return Err(EOF.into()),
                    Some(b']') => {
                        self.i += 1;
                        self.stack.pop();
                        return Ok(());
                    }
                    Some(_) => {}
                }
                loop {
                    self.value("looking for beginning of value")?;
                    self.skip_space();
                    match self.peek() {
                        None => return Err(EOF.into()),
                        Some(b',') => {
                            self.i += 1;
                            self.skip_space();
                        }
                        Some(b']') => {
                            self.i += 1;
                            self.stack.pop();
                            return Ok(());
                        }
                        Some(_) => return Err(err_at(self.b, self.i, "after array element")),
                    }
                }
            }
            b'"' => self.string(),
            b'-' | b'0'..=b'9' => self.number(),
            b't' => self.literal("true"),
            b'f' => self.literal("false"),
            b'n' => self.literal("null"),
            _ => Err(err_at(self.b, self.i, context)),
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), String> {
        for (k, want) in word.bytes().enumerate() {
            match self.peek() {
                None => return Err(EOF.into()),
                Some(c) if c == want => self.i += 1,
                Some(_) if k == 0 => return Err(err_at(self.b, self.i, "looking for beginning of value")),
                Some(_) => {
                    return Err(err_at(self.b, self.i, &format!("in literal {word} (expecting '{}')", want as char)));
                }
            }
        }
        Ok(())
    }

    fn string(&mut self) -> Result<(), String> {
        self.i += 1;
        loop {
            let Some(c) = self.peek() else { return Err(EOF.into()) };
            match c {
                b'"' => {
                    self.i += 1;
                    return Ok(());
                }
                b'\\' => {
                    self.i += 1;
                    let Some(e) = self.peek() else { return Err(EOF.into()) };
                    match e {
                        b'b' | b'f' | b'n' | b'r' | b't' | b'\\' | b'/' | b'"' => self.i += 1,
                        b'u' => {
                            self.i += 1;
                            for _ in 0..4 {
                                match self.peek() {
                                    None => return Err(EOF.into()),
                                    Some(h) if h.is_ascii_hexdigit() => self.i += 1,
                                    Some(_) => {
                                        return Err(err_at(self.b, self.i, "in \\u hexadecimal character escape"))
                                    }
                                }
                            }
                        }
                        _ => return Err(err_at(self.b, self.i, "in string escape code")),
                    }
                }
                c if c < 0x20 => return Err(err_at(self.b, self.i, "in string literal")),
                _ => self.i += 1,
            }
        }
    }

    fn number(&mut self) -> Result<(), String> {
        if self.peek() == Some(b'-') {
            self.i += 1;
            match self.peek() {
                None => return Err(EOF.into()),
                Some(b'0'..=b'9') => {}
                Some(_) => return Err(err_at(self.b, self.i, "in numeric literal")),
            }
        }
        if self.peek() == Some(b'0') {
            self.i += 1;
        } else {
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.i += 1;
            }
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            match self.peek() {
                None => return Err(EOF.into()),
                Some(b'0'..=b'9') => {}
                Some(_) => return Err(err_at(self.b, self.i, "after decimal point in numeric literal")),
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.i += 1;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            match self.peek() {
                None => return Err(EOF.into()),
                Some(b'0'..=b'9') => {}
                Some(_) => return Err(err_at(self.b, self.i, "in exponent of numeric literal")),
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.i += 1;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts from encoding/json's scanner (scanner.go and its tests).
    #[test]
    fn syntax_errors_read_as_go_writes_them() {
        let cases = [
            (r#"{"spec":"#, "unexpected end of JSON input"),
            (r#"{"spec":{"replicas":5}"#, "unexpected end of JSON input"),
            (r#"{"a": "b"}}"#, "invalid character '}' after top-level value"),
            (r#"{"a":"b"} x"#, "invalid character 'x' after top-level value"),
            ("{'a': 1}", "invalid character '\\'' looking for beginning of object key string"),
            (r#"{"a" 1}"#, "invalid character '1' after object key"),
            (r#"{"a": 1 "b": 2}"#, "invalid character '\"' after object key:value pair"),
            ("[1 2]", "invalid character '2' after array element"),
            (r#"{"a": tru}"#, "invalid character '}' in literal true (expecting 'e')"),
            (r#"{"a": x}"#, "invalid character 'x' looking for beginning of value"),
            (r#"{"a": -x}"#, "invalid character 'x' in numeric literal"),
            (r#"{"a": 1.}"#, "invalid character '}' after decimal point in numeric literal"),
            (r#"{"a": 1e}"#, "invalid character '}' in exponent of numeric literal"),
            (r#"{"a": "\q"}"#, "invalid character 'q' in string escape code"),
            ("{\"a\": \"\t\"}", "invalid character '\\t' in string literal"),
            (r#"{"a": "\u00zz"}"#, "invalid character 'z' in \\u hexadecimal character escape"),
            ("", "unexpected end of JSON input"),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text).unwrap_err(), want, "{text}");
        }
        assert_eq!(
            parse(" {\"a\": [1, 2.5, 18446744073709551615]} ").unwrap()["a"][2],
            crate::json::json!(1.8446744073709552e19)
        );
    }
}
