//! Label selectors as apimachinery's `labels.Parse` reads them (`labels/selector.go`): its lexer
//! (keywords `in`/`notin`, operators `=`, `==`, `!=`, `!`, `<`, `>`, parentheses and commas), its
//! parser with the exact error texts, the key and value validation, and matching.
//!
//! kubectl sends `-l` to the apiserver, which parses it; kubectl itself parses it only for
//! manifests (`get -f x.yaml -l ...`). Both print these texts.

use std::collections::{BTreeMap, BTreeSet};

use crate::manifest::field::go_quote;
use crate::manifest::validate::{is_qualified_name, is_valid_label_value};

/// One requirement's operator (`selection.Operator`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    In,
    NotIn,
    Equals,
    DoubleEquals,
    NotEquals,
    GreaterThan,
    LessThan,
    Exists,
    DoesNotExist,
}

/// One requirement: a key, an operator and its values (sorted, as upstream keeps them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    pub key: String,
    pub operator: Operator,
    pub values: Vec<String>,
}

impl Requirement {
    /// `Requirement.Matches`.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        let value = labels.get(&self.key);
        match self.operator {
            Operator::In | Operator::Equals | Operator::DoubleEquals => value.is_some_and(|v| self.values.contains(v)),
            Operator::NotIn | Operator::NotEquals => value.is_none_or(|v| !self.values.contains(v)),
            Operator::Exists => value.is_some(),
            Operator::DoesNotExist => value.is_none(),
            Operator::GreaterThan | Operator::LessThan => {
                let Some(have) = value.and_then(|v| v.parse::<i64>().ok()) else { return false };
                let Some(want) = self.values.first().and_then(|v| v.parse::<i64>().ok()) else { return false };
                if self.values.len() != 1 {
                    return false;
                }
                if self.operator == Operator::GreaterThan {
                    have > want
                } else {
                    have < want
                }
            }
        }
    }
}

/// A parsed selector: every requirement must hold. Empty matches everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selector(pub Vec<Requirement>);

impl Selector {
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.0.iter().all(|r| r.matches(labels))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    Error,
    EndOfString,
    ClosedPar,
    Comma,
    DoesNotExist,
    DoubleEquals,
    Equals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenPar,
}

fn keyword(s: &[u8]) -> Option<Token> {
    Some(match s {
        b")" => Token::ClosedPar,
        b"," => Token::Comma,
        b"!" => Token::DoesNotExist,
        b"==" => Token::DoubleEquals,
        b"=" => Token::Equals,
        b">" => Token::GreaterThan,
        b"in" => Token::In,
        b"<" => Token::LessThan,
        b"!=" => Token::NotEquals,
        b"notin" => Token::NotIn,
        b"(" => Token::OpenPar,
        _ => return None,
    })
}

fn is_whitespace(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_special(c: u8) -> bool {
    matches!(c, b'=' | b'!' | b'(' | b')' | b',' | b'>' | b'<')
}

/// The lexer (`Lexer.Lex`), over bytes as upstream reads them; a zero byte ends the input.
fn lex(s: &str) -> Vec<(Token, String)> {
    let b = s.as_bytes();
    let mut pos = 0;
    let read = |pos: &mut usize| -> u8 {
        let c = b.get(*pos).copied().unwrap_or(0);
        if *pos < b.len() {
            *pos += 1;
        }
        c
    };
    let mut items = Vec::new();
    loop {
        let mut c = read(&mut pos);
        while is_whitespace(c) {
            c = read(&mut pos);
        }
        if c == 0 {
            items.push((Token::EndOfString, String::new()));
            return items;
        }
        pos -= 1;
        if is_special(c) {
            let mut buffer: Vec<u8> = Vec::new();
            let mut last: Option<(Token, Vec<u8>)> = None;
            loop {
                let ch = read(&mut pos);
                if ch == 0 {
                    break;
                }
                if is_special(ch) {
                    buffer.push(ch);
                    if let Some(t) = keyword(&buffer) {
                        last = Some((t, buffer.clone()));
                    } else if last.is_some() {
                        pos -= 1;
                        break;
                    }
                } else {
                    pos -= 1;
                    break;
                }
            }
            match last {
                Some((t, lit)) => items.push((t, String::from_utf8_lossy(&lit).into_owned())),
                None => items.push((
                    Token::Error,
                    format!("error expected: keyword found '{}'", String::from_utf8_lossy(&buffer)),
                )),
            }
        } else {
            let mut buffer: Vec<u8> = Vec::new();
            loop {
                let ch = read(&mut pos);
                if ch == 0 {
                    break;
                }
                if is_special(ch) || is_whitespace(ch) {
                    pos -= 1;
                    break;
                }
                buffer.push(ch);
            }
            match keyword(&buffer) {
                Some(t) => items.push((t, String::from_utf8_lossy(&buffer).into_owned())),
                None => items.push((Token::Identifier, String::from_utf8_lossy(&buffer).into_owned())),
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    KeyAndOperator,
    Values,
}

struct Parser {
    items: Vec<(Token, String)>,
    position: usize,
}

impl Parser {
    fn item(&self, i: usize, context: Context) -> (Token, String) {
        let (tok, lit) = self.items.get(i).cloned().unwrap_or((Token::EndOfString, String::new()));
        if context == Context::Values && matches!(tok, Token::In | Token::NotIn) {
            return (Token::Identifier, lit);
        }
        (tok, lit)
    }

    fn lookahead(&self, context: Context) -> (Token, String) {
        self.item(self.position, context)
    }

    fn consume(&mut self, context: Context) -> (Token, String) {
        self.position += 1;
        self.item(self.position - 1, context)
    }

    fn parse(&mut self) -> Result<Vec<Requirement>, String> {
        let mut requirements = Vec::new();
        loop {
            let (tok, lit) = self.lookahead(Context::Values);
            match tok {
                Token::Identifier | Token::DoesNotExist => {
                    let r = self.parse_requirement().map_err(|e| format!("unable to parse requirement: {e}"))?;
                    requirements.push(r);
                    let (t, l) = self.consume(Context::Values);
                    match t {
                        Token::EndOfString => return Ok(requirements),
                        Token::Comma => {
                            let (t2, l2) = self.lookahead(Context::Values);
                            if t2 != Token::Identifier && t2 != Token::DoesNotExist {
                                return Err(format!("found '{l2}', expected: identifier after ','"));
                            }
                        }
                        _ => return Err(format!("found '{l}', expected: ',' or 'end of string'")),
                    }
                }
                Token::EndOfString => return Ok(requirements),
                _ => return Err(format!("found '{lit}', expected: !, identifier, or 'end of string'")),
            }
        }
    }

    fn parse_requirement(&mut self) -> Result<Requirement, String> {
        let (key, operator) = self.parse_key_and_infer_operator()?;
        if let Some(op @ (Operator::Exists | Operator::DoesNotExist)) = operator {
            return new_requirement(key, op, Vec::new());
        }
        let op = self.parse_operator()?;
        let values = match op {
            Operator::In | Operator::NotIn => self.parse_values()?,
            _ => self.parse_exact_value()?,
        };
        new_requirement(key, op, values.into_iter().collect())
    }

    fn parse_key_and_infer_operator(&mut self) -> Result<(String, Option<Operator>), String> {
        let mut operator = None;
        let (mut tok, mut literal) = self.consume(Context::Values);
        if tok == Token::DoesNotExist {
            operator = Some(Operator::DoesNotExist);
            (tok, literal) = self.consume(Context::Values);
        }
        if tok != Token::Identifier {
            return Err(format!("found '{literal}', expected: identifier"));
        }
        let errs = is_qualified_name(&literal);
        if !errs.is_empty() {
            return Err(format!("<nil>: Invalid value: {}: {}", go_quote(&literal), errs.join("; ")));
        }
        let (t, _) = self.lookahead(Context::Values);
        if (t == Token::EndOfString || t == Token::Comma) && operator != Some(Operator::DoesNotExist) {
            operator = Some(Operator::Exists);
        }
        Ok((literal, operator))
    }

    fn parse_operator(&mut self) -> Result<Operator, String> {
        let (tok, lit) = self.consume(Context::KeyAndOperator);
        Ok(match tok {
            Token::In => Operator::In,
            Token::Equals => Operator::Equals,
            Token::DoubleEquals => Operator::DoubleEquals,
            Token::GreaterThan => Operator::GreaterThan,
            Token::LessThan => Operator::LessThan,
            Token::NotIn => Operator::NotIn,
            Token::NotEquals => Operator::NotEquals,
            _ => return Err(format!("found '{lit}', expected: in, notin, =, ==, !=, gt, lt")),
        })
    }

    fn parse_values(&mut self) -> Result<BTreeSet<String>, String> {
        let (tok, lit) = self.consume(Context::Values);
        if tok != Token::OpenPar {
            return Err(format!("found '{lit}' expected: '('"));
        }
        let (tok, lit) = self.lookahead(Context::Values);
        match tok {
            Token::Identifier | Token::Comma => {
                let s = self.parse_identifiers_list()?;
                let (t, _) = self.consume(Context::Values);
                if t != Token::ClosedPar {
                    return Err(format!("found '{lit}', expected: ')'"));
                }
                Ok(s)
            }
            Token::ClosedPar => {
                self.consume(Context::Values);
                Ok(BTreeSet::from([String::new()]))
            }
            _ => Err(format!("found '{lit}', expected: ',', ')' or identifier")),
        }
    }

    fn parse_identifiers_list(&mut self) -> Result<BTreeSet<String>, String> {
        let mut s = BTreeSet::new();
        loop {
            let (tok, lit) = self.consume(Context::Values);
            match tok {
                Token::Identifier => {
                    s.insert(lit);
                    let (t2, l2) = self.lookahead(Context::Values);
                    match t2 {
                        Token::Comma => continue,
                        Token::ClosedPar => return Ok(s),
                        _ => return Err(format!("found '{l2}', expected: ',' or ')'")),
                    }
                }
                Token::Comma => {
                    if s.is_empty() {
                        s.insert(String::new());
                    }
                    let (t2, _) = self.lookahead(Context::Values);
                    if t2 == Token::ClosedPar {
                        s.insert(String::new());
                        return Ok(s);
                    }
                    if t2 == Token::Comma {
                        self.consume(Context::Values);
                        s.insert(String::new());
                    }
                }
                _ => return Err(format!("found '{lit}', expected: ',', or identifier")),
            }
        }
    }

    fn parse_exact_value(&mut self) -> Result<BTreeSet<String>, String> {
        let (tok, _) = self.lookahead(Context::Values);
        if tok == Token::EndOfString || tok == Token::Comma {
            return Ok(BTreeSet::from([String::new()]));
        }
        let (tok, lit) = self.consume(Context::Values);
        if tok == Token::Identifier {
            return Ok(BTreeSet::from([lit]));
        }
        Err(format!("found '{lit}', expected: identifier"))
    }
}

/// `NewRequirement`'s checks (the key was checked already); several errors print as a list.
fn new_requirement(key: String, operator: Operator, values: Vec<String>) -> Result<Requirement, String> {
    let mut errs: Vec<String> = Vec::new();
    if matches!(operator, Operator::GreaterThan | Operator::LessThan) {
        if values.len() != 1 {
            errs.push(format!(
                "values: Invalid value: {}: for 'Gt', 'Lt' operators, exactly one value is required",
                go_string_slice(&values)
            ));
        }
        for (i, v) in values.iter().enumerate() {
            if v.parse::<i64>().is_err() {
                errs.push(format!(
                    "values[{i}]: Invalid value: {}: for 'Gt', 'Lt' operators, the value must be an integer",
                    go_quote(v)
                ));
            }
        }
    }
    for (i, v) in values.iter().enumerate() {
        let e = is_valid_label_value(v);
        if !e.is_empty() {
            errs.push(format!("values[{i}][{key}]: Invalid value: {}: {}", go_quote(v), e.join("; ")));
        }
    }
    match errs.len() {
        0 => Ok(Requirement { key, operator, values }),
        1 => Err(errs.remove(0)),
        _ => Err(format!("[{}]", errs.join(", "))),
    }
}

/// Go's `%#v`-free value printing of a string slice in a field error (`[]string{"a"}`).
fn go_string_slice(values: &[String]) -> String {
    let inner: Vec<String> = values.iter().map(|v| go_quote(v)).collect();
    format!("[]string{{{}}}", inner.join(", "))
}

/// `labels.Parse`. The error is upstream's text.
pub fn parse(selector: &str) -> Result<Selector, String> {
    let mut p = Parser { items: lex(selector), position: 0 };
    let mut reqs = p.parse()?;
    reqs.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(Selector(reqs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn selectors_match_as_upstream_matches() {
        let l = labels(&[("app", "web"), ("tier", "front"), ("n", "5")]);
        let cases = [
            ("app=web", true),
            ("app==web", true),
            ("app!=web", false),
            ("app=web,tier=back", false),
            ("tier in (front,back)", true),
            ("tier notin (front)", false),
            ("!canary", true),
            ("app", true),
            ("release", false),
            ("n>3", true),
            ("n<3", false),
            ("", true),
            ("app = web", true),
            ("x notin ()", true),
        ];
        for (s, want) in cases {
            assert_eq!(parse(s).unwrap().matches(&l), want, "{s}");
        }
    }

    /// Texts checked against kubectl v1.32 (`kubectl get -f pod.yaml -l SELECTOR` parses locally).
    #[test]
    fn bad_selectors_get_upstreams_texts() {
        let name_rule = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
        let cases = [
            ("app in (a", "unable to parse requirement: found '', expected: ',' or ')'".to_string()),
            ("app=we b", "found 'b', expected: ',' or 'end of string'".into()),
            ("tier in front", "unable to parse requirement: found 'front' expected: '('".into()),
            ("!", "unable to parse requirement: found '', expected: identifier".into()),
            ("a=b,", "found '', expected: identifier after ','".into()),
            ("=x", "found '=', expected: !, identifier, or 'end of string'".into()),
            ("a!b", "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt".into()),
            ("a=b,,c=d", "found ',', expected: identifier after ','".into()),
            ("!a=b", "found '=', expected: ',' or 'end of string'".into()),
            ("a=(b)", "unable to parse requirement: found '(', expected: identifier".into()),
            ("-a=b", format!("unable to parse requirement: <nil>: Invalid value: \"-a\": name part {name_rule}")),
            (
                "x/y/z=1",
                format!("unable to parse requirement: <nil>: Invalid value: \"x/y/z\": a qualified name {name_rule} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"),
            ),
            (
                "a<x",
                "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer".into(),
            ),
            ("a in (b c)", "unable to parse requirement: found 'c', expected: ',' or ')'".into()),
        ];
        for (s, want) in cases {
            assert_eq!(parse(s).unwrap_err(), want, "{s}");
        }
        for ok in ["a==", "a in (b,,c)", "app notin ()", "a,b", "a>1", " ", "a = b"] {
            assert!(parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn no_input_makes_the_parser_panic() {
        let alphabet = ["a", "=", "!", "(", ")", ",", " ", "in", "notin", "<", ">", "\0", "é", "/", "-", "1"];
        let mut seed: u64 = 7;
        for _ in 0..20_000 {
            let mut s = String::new();
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            let len = (seed >> 60) as usize;
            for _ in 0..len {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                s.push_str(alphabet[(seed >> 33) as usize % alphabet.len()]);
            }
            let _ = parse(&s);
        }
    }
}
