//! The crate's JSON value: `Value`, `Number`, `Map` (a `BTreeMap`, keys sorted), the `json!` macro,
//! `from_str` and `to_string`, with the API and the exact text of the parts of serde_json the code
//! used before (serde_json without `preserve_order`, with `float_roundtrip`): same number kinds,
//! same float text, same string escapes, same parse errors.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use crate::api::value::{write_str, ToJson};

/// A JSON object's members, sorted by key.
pub type Map<K, V> = BTreeMap<K, V>;

/// Any JSON value.
#[derive(Clone, PartialEq, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Map<String, Value>),
}

/// A JSON number: an unsigned integer, a negative integer or a finite float.
#[derive(Clone, Copy, PartialEq)]
pub struct Number {
    n: N,
}

#[derive(Clone, Copy, PartialEq)]
enum N {
    PosInt(u64),
    /// Always below zero.
    NegInt(i64),
    /// Always finite.
    Float(f64),
}

impl Number {
    /// A float as a number; `None` for NaN and infinities.
    pub fn from_f64(f: f64) -> Option<Number> {
        f.is_finite().then_some(Number { n: N::Float(f) })
    }

    pub fn is_i64(&self) -> bool {
        match self.n {
            N::PosInt(u) => u <= i64::MAX as u64,
            N::NegInt(_) => true,
            N::Float(_) => false,
        }
    }

    pub fn is_u64(&self) -> bool {
        matches!(self.n, N::PosInt(_))
    }

    pub fn is_f64(&self) -> bool {
        matches!(self.n, N::Float(_))
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self.n {
            N::PosInt(u) => i64::try_from(u).ok(),
            N::NegInt(i) => Some(i),
            N::Float(_) => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self.n {
            N::PosInt(u) => Some(u),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        Some(match self.n {
            N::PosInt(u) => u as f64,
            N::NegInt(i) => i as f64,
            N::Float(f) => f,
        })
    }
}

macro_rules! from_unsigned {
    ($($t:ty),*) => {$(
        impl From<$t> for Number {
            fn from(u: $t) -> Number {
                Number { n: N::PosInt(u as u64) }
            }
        }
        impl From<$t> for Value {
            fn from(u: $t) -> Value {
                Value::Number(Number::from(u))
            }
        }
    )*};
}

macro_rules! from_signed {
    ($($t:ty),*) => {$(
        impl From<$t> for Number {
            fn from(i: $t) -> Number {
                let n = if i < 0 { N::NegInt(i as i64) } else { N::PosInt(i as u64) };
                Number { n }
            }
        }
        impl From<$t> for Value {
            fn from(i: $t) -> Value {
                Value::Number(Number::from(i))
            }
        }
    )*};
}

from_unsigned!(u8, u16, u32, u64, usize);
from_signed!(i8, i16, i32, i64, isize);

impl fmt::Display for Number {
    /// The number's JSON text (width and precision are ignored, as serde_json ignores them).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        write_value(&mut out, &Value::Number(*self));
        f.write_str(&out)
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Number({self})")
    }
}

/// serde_json's float text (zmij's `format_finite`): the shortest digits that read back, plain
/// from 1e-5 to below 1e16 (with `.0` when whole), else `d.ddde+N` / `de-N`.
fn float_text(x: f64) -> String {
    let d = crate::kubectl::json::float::Digits::shortest(x);
    let mut out = String::new();
    if d.negative {
        out.push('-');
    }
    if d.digits.is_empty() {
        out.push_str("0.0");
        return out;
    }
    let digit = |i: i32| usize::try_from(i).ok().and_then(|i| d.digits.get(i)).map_or('0', |&c| char::from(c));
    let count = d.digits.len() as i32;
    let exp = d.point - 1;
    if (-5..=15).contains(&exp) {
        if exp < 0 {
            out.push_str("0.");
            for _ in exp + 1..0 {
                out.push('0');
            }
            (0..count).for_each(|i| out.push(digit(i)));
        } else {
            (0..=exp).for_each(|i| out.push(digit(i)));
            out.push('.');
            (exp + 1..count.max(exp + 2)).for_each(|i| out.push(digit(i)));
        }
    } else {
        out.push(digit(0));
        if count > 1 {
            out.push('.');
            (1..count).for_each(|i| out.push(digit(i)));
        }
        out.push('e');
        if exp >= 0 {
            out.push('+');
        }
        out.push_str(&exp.to_string());
    }
    out
}

impl Value {
    /// The member `index` of an object or the element of an array, if there is one.
    pub fn get<I: Index>(&self, index: I) -> Option<&Value> {
        index.index_into(self)
    }

    pub fn get_mut<I: Index>(&mut self, index: I) -> Option<&mut Value> {
        index.index_into_mut(self)
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn is_boolean(&self) -> bool {
        matches!(self, Value::Bool(_))
    }

    pub fn is_number(&self) -> bool {
        matches!(self, Value::Number(_))
    }

    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_))
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    pub fn is_i64(&self) -> bool {
        matches!(self, Value::Number(n) if n.is_i64())
    }

    pub fn is_u64(&self) -> bool {
        matches!(self, Value::Number(n) if n.is_u64())
    }

    pub fn is_f64(&self) -> bool {
        matches!(self, Value::Number(n) if n.is_f64())
    }

    pub fn as_null(&self) -> Option<()> {
        matches!(self, Value::Null).then_some(())
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<&Number> {
        match self {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        self.as_number().and_then(Number::as_i64)
    }

    pub fn as_u64(&self) -> Option<u64> {
        self.as_number().and_then(Number::as_u64)
    }

    pub fn as_f64(&self) -> Option<f64> {
        self.as_number().and_then(Number::as_f64)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_array_mut(&mut self) -> Option<&mut Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Map<String, Value>> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_object_mut(&mut self) -> Option<&mut Map<String, Value>> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The value at a JSON Pointer (RFC 6901): `""` is the whole value, `/a/0/b~1c` steps in.
    pub fn pointer(&self, pointer: &str) -> Option<&Value> {
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        let mut target = self;
        for token in rest.split('/') {
            let token = unescape_token(token);
            target = match target {
                Value::Object(m) => m.get(token.as_ref())?,
                Value::Array(a) => a.get(array_index(&token)?)?,
                _ => return None,
            };
        }
        Some(target)
    }

    pub fn pointer_mut(&mut self, pointer: &str) -> Option<&mut Value> {
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        let mut target = self;
        for token in rest.split('/') {
            let token = unescape_token(token);
            target = match target {
                Value::Object(m) => m.get_mut(token.as_ref())?,
                Value::Array(a) => a.get_mut(array_index(&token)?)?,
                _ => return None,
            };
        }
        Some(target)
    }

    /// The value, leaving `Null` in its place.
    pub fn take(&mut self) -> Value {
        std::mem::take(self)
    }
}

fn unescape_token(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    }
}

/// An array index in a pointer: digits without a leading zero (`+1` and `01` are not indexes).
fn array_index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
        return None;
    }
    token.parse().ok()
}

/// What a value can be indexed by: a key (objects) or a position (arrays).
pub trait Index {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value>;
    fn index_into_mut<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value>;
    /// The member for `v[key] = ...` (anything but an object becomes one first), or the element.
    fn index_or_insert<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value>;
}

impl Index for usize {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        match v {
            Value::Array(a) => a.get(*self),
            _ => None,
        }
    }

    fn index_into_mut<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value> {
        match v {
            Value::Array(a) => a.get_mut(*self),
            _ => None,
        }
    }

    fn index_or_insert<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value> {
        self.index_into_mut(v)
    }
}

impl Index for str {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        match v {
            Value::Object(m) => m.get(self),
            _ => None,
        }
    }

    fn index_into_mut<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value> {
        match v {
            Value::Object(m) => m.get_mut(self),
            _ => None,
        }
    }

    fn index_or_insert<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value> {
        if !v.is_object() {
            *v = Value::Object(Map::new());
        }
        match v {
            Value::Object(m) => Some(m.entry(self.to_owned()).or_insert(Value::Null)),
            _ => None,
        }
    }
}

impl Index for String {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        self.as_str().index_into(v)
    }

    fn index_into_mut<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value> {
        self.as_str().index_into_mut(v)
    }

    fn index_or_insert<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value> {
        self.as_str().index_or_insert(v)
    }
}

impl<T: Index + ?Sized> Index for &T {
    fn index_into<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        (**self).index_into(v)
    }

    fn index_into_mut<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value> {
        (**self).index_into_mut(v)
    }

    fn index_or_insert<'v>(&self, v: &'v mut Value) -> Option<&'v mut Value> {
        (**self).index_or_insert(v)
    }
}

static NULL: Value = Value::Null;

impl<I: Index> std::ops::Index<I> for Value {
    type Output = Value;

    /// The member or element, or `Null` when there is none.
    fn index(&self, index: I) -> &Value {
        index.index_into(self).unwrap_or(&NULL)
    }
}

impl<I: Index> std::ops::IndexMut<I> for Value {
    /// The member (inserted as `Null` when missing) or element. serde_json panics when the value is
    /// neither an object nor `Null` (keys) or the position is out of range; here a key replaces
    /// such a value by an object, and a missing position gives a detached `Null`, so that no
    /// input can panic.
    fn index_mut(&mut self, index: I) -> &mut Value {
        match index.index_or_insert(self) {
            Some(v) => v,
            None => placeholder_null(),
        }
    }
}

/// A fresh `Null` for an index that cannot be inserted (an array position out of range): writes
/// to it are lost (serde_json would panic).
fn placeholder_null() -> &'static mut Value {
    Box::leak(Box::new(Value::Null))
}

impl fmt::Display for Value {
    /// Compact JSON text, as `to_string`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        write_value(&mut out, self);
        f.write_str(&out)
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("Null"),
            Value::Bool(b) => write!(f, "Bool({b})"),
            Value::Number(n) => fmt::Debug::fmt(n, f),
            Value::String(s) => write!(f, "String({s:?})"),
            Value::Array(a) => {
                f.write_str("Array ")?;
                f.debug_list().entries(a).finish()
            }
            Value::Object(m) => {
                f.write_str("Object ")?;
                f.debug_map().entries(m).finish()
            }
        }
    }
}

/// Appends `v` as compact JSON text.
pub fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => match n.n {
            N::PosInt(u) => out.push_str(itoa(u, &mut [0; 20])),
            N::NegInt(i) => {
                out.push('-');
                out.push_str(itoa(i.unsigned_abs(), &mut [0; 20]));
            }
            N::Float(x) => out.push_str(&float_text(x)),
        },
        Value::String(s) => write_str(out, s),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, x);
            }
            out.push(']');
        }
        Value::Object(m) => write_object(out, m),
    }
}

fn write_object(out: &mut String, m: &Map<String, Value>) {
    out.push('{');
    for (i, (k, x)) in m.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(out, k);
        out.push(':');
        write_value(out, x);
    }
    out.push('}');
}

/// The decimal digits of `u`, without `fmt`'s machinery.
fn itoa(mut u: u64, buf: &mut [u8; 20]) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).unwrap_or("0")
}

impl ToJson for Value {
    fn write_json(&self, out: &mut String) {
        write_value(out, self);
    }
}

impl ToJson for Map<String, Value> {
    fn write_json(&self, out: &mut String) {
        write_object(out, self);
    }
}

impl ToJson for Number {
    fn write_json(&self, out: &mut String) {
        write_value(out, &Value::Number(*self));
    }
}

/// A parse or write error, as serde_json words it: `expected value at line 1 column 1`.
#[derive(Clone, PartialEq)]
pub struct Error {
    message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({:?})", self.message)
    }
}

impl std::error::Error for Error {}

/// `v` as compact JSON text (never fails; the `Result` keeps serde_json's signature).
pub fn to_string<T: ToJson + ?Sized>(v: &T) -> Result<String, Error> {
    let mut out = String::with_capacity(128);
    v.write_json(&mut out);
    Ok(out)
}

/// `v` as compact JSON bytes.
pub fn to_vec<T: ToJson + ?Sized>(v: &T) -> Result<Vec<u8>, Error> {
    to_string(v).map(String::into_bytes)
}

/// A value from JSON text, as serde_json's `from_str::<Value>` reads it.
pub fn from_str<T: FromValue>(text: &str) -> Result<T, Error> {
    let mut p = Parser { src: text, text: text.as_bytes(), at: 0, depth: 0 };
    let v = p.parse_value()?;
    p.skip_ws();
    if p.at < p.text.len() {
        return Err(p.error(TRAILING_CHARACTERS, p.at + 1));
    }
    T::from_value(v)
}

/// A type `from_str` and `from_value` produce: `Value` or `Map`.
pub trait FromValue: Sized {
    fn from_value(v: Value) -> Result<Self, Error>;
}

impl FromValue for Value {
    fn from_value(v: Value) -> Result<Value, Error> {
        Ok(v)
    }
}

impl FromValue for Map<String, Value> {
    fn from_value(v: Value) -> Result<Self, Error> {
        match v {
            Value::Object(m) => Ok(m),
            other => Err(Error { message: crate::api::value::invalid_type(&other, "a map") }),
        }
    }
}

/// `v` as another JSON type (serde_json's `from_value`, for `Value` and `Map`).
pub fn from_value<T: FromValue>(v: Value) -> Result<T, Error> {
    T::from_value(v)
}

const EOF_VALUE: &str = "EOF while parsing a value";
const EOF_LIST: &str = "EOF while parsing a list";
const EOF_OBJECT: &str = "EOF while parsing an object";
const EOF_STRING: &str = "EOF while parsing a string";
const EXPECTED_COLON: &str = "expected `:`";
const EXPECTED_LIST_END: &str = "expected `,` or `]`";
const EXPECTED_OBJECT_END: &str = "expected `,` or `}`";
const EXPECTED_IDENT: &str = "expected ident";
const EXPECTED_VALUE: &str = "expected value";
const INVALID_ESCAPE: &str = "invalid escape";
const INVALID_NUMBER: &str = "invalid number";
const OUT_OF_RANGE: &str = "number out of range";
const CONTROL_CHARACTER: &str = "control character (\\u0000-\\u001F) found while parsing a string";
const KEY_MUST_BE_STRING: &str = "key must be a string";
const LONE_SURROGATE: &str = "lone leading surrogate in hex escape";
const TRAILING_COMMA: &str = "trailing comma";
const TRAILING_CHARACTERS: &str = "trailing characters";
const END_OF_HEX_ESCAPE: &str = "unexpected end of hex escape";
const RECURSION_LIMIT: &str = "recursion limit exceeded";

/// serde_json's nesting limit: 128 levels are refused.
const MAX_DEPTH: u32 = 128;

struct Parser<'t> {
    src: &'t str,
    text: &'t [u8],
    at: usize,
    depth: u32,
}

impl Parser<'_> {
    /// An error at byte `end` (one past the offending byte), with serde_json's line and column.
    #[cold]
    fn error(&self, code: &str, end: usize) -> Error {
        let end = end.min(self.text.len());
        let before = &self.text[..end];
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        Error { message: format!("{code} at line {line} column {}", end - line_start) }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.text.get(self.at) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn parse_value(&mut self) -> Result<Value, Error> {
        self.skip_ws();
        let Some(b) = self.peek() else {
            return Err(self.error(EOF_VALUE, self.at));
        };
        match b {
            b'n' => self.ident(b"null", Value::Null),
            b't' => self.ident(b"true", Value::Bool(true)),
            b'f' => self.ident(b"false", Value::Bool(false)),
            b'"' => {
                self.at += 1;
                self.parse_string().map(Value::String)
            }
            b'-' | b'0'..=b'9' => self.parse_number().map(Value::Number),
            b'[' => {
                self.enter()?;
                self.at += 1;
                let v = self.parse_array();
                self.depth -= 1;
                v.map(Value::Array)
            }
            b'{' => {
                self.enter()?;
                self.at += 1;
                let v = self.parse_object();
                self.depth -= 1;
                v.map(Value::Object)
            }
            _ => Err(self.error(EXPECTED_VALUE, self.at + 1)),
        }
    }

    fn enter(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth >= MAX_DEPTH {
            return Err(self.error(RECURSION_LIMIT, self.at + 1));
        }
        Ok(())
    }

    fn ident(&mut self, word: &[u8], v: Value) -> Result<Value, Error> {
        for &w in word {
            match self.peek() {
                None => return Err(self.error(EOF_VALUE, self.at)),
                Some(b) if b == w => self.at += 1,
                Some(_) => return Err(self.error(EXPECTED_IDENT, self.at + 1)),
            }
        }
        Ok(v)
    }

    fn parse_array(&mut self) -> Result<Vec<Value>, Error> {
        let mut items = Vec::new();
        self.skip_ws();
        match self.peek() {
            Some(b']') => {
                self.at += 1;
                return Ok(items);
            }
            None => return Err(self.error(EOF_LIST, self.at)),
            Some(_) => {}
        }
        loop {
            items.push(self.parse_value()?);
            if self.after_item(b']', EXPECTED_LIST_END, EOF_LIST)? {
                return Ok(items);
            }
        }
    }

    /// After an array item or object member: true at the closing `close` (consumed), false after a
    /// comma that another item follows.
    fn after_item(&mut self, close: u8, expected_end: &'static str, eof: &'static str) -> Result<bool, Error> {
        self.skip_ws();
        match self.peek() {
            Some(b',') => {
                self.at += 1;
                self.skip_ws();
                if self.peek() == Some(close) {
                    return Err(self.error(TRAILING_COMMA, self.at + 1));
                }
                Ok(false)
            }
            Some(c) if c == close => {
                self.at += 1;
                Ok(true)
            }
            Some(_) => Err(self.error(expected_end, self.at + 1)),
            None => Err(self.error(eof, self.at)),
        }
    }

    fn parse_object(&mut self) -> Result<Map<String, Value>, Error> {
        let mut m = Map::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(m);
        }
        loop {
            match self.peek() {
                Some(b'"') => self.at += 1,
                Some(_) => return Err(self.error(KEY_MUST_BE_STRING, self.at + 1)),
                None => return Err(self.error(EOF_OBJECT, self.at)),
            }
            let key = self.parse_string()?;
            self.skip_ws();
            match self.peek() {
                Some(b':') => self.at += 1,
                Some(_) => return Err(self.error(EXPECTED_COLON, self.at + 1)),
                None => return Err(self.error(EOF_OBJECT, self.at)),
            }
            let v = self.parse_value()?;
            m.insert(key, v);
            if self.after_item(b'}', EXPECTED_OBJECT_END, EOF_OBJECT)? {
                return Ok(m);
            }
        }
    }

    /// The rest of a string after its opening quote.
    fn parse_string(&mut self) -> Result<String, Error> {
        let mut out = String::new();
        let mut start = self.at;
        let mut at = self.at;
        loop {
            let Some(&b) = self.text.get(at) else {
                return Err(self.error(EOF_STRING, at));
            };
            if b >= 0x20 && b != b'"' && b != b'\\' {
                at += 1;
                continue;
            }
            self.at = at;
            match b {
                b'"' => {
                    out.push_str(self.slice(start));
                    self.at += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(self.slice(start));
                    self.at += 1;
                    self.parse_escape(&mut out)?;
                    start = self.at;
                    at = self.at;
                }
                _ => return Err(self.error(CONTROL_CHARACTER, self.at + 1)),
            }
        }
    }

    /// The text from `start` to here (both ends sit next to ASCII bytes, on character boundaries).
    fn slice(&self, start: usize) -> &str {
        self.src.get(start..self.at).unwrap_or_default()
    }

    fn parse_escape(&mut self, out: &mut String) -> Result<(), Error> {
        let Some(b) = self.peek() else {
            return Err(self.error(EOF_STRING, self.at));
        };
        self.at += 1;
        let c = match b {
            b'u' => {
                let hi = self.hex4()?;
                if !(0xD800..0xE000).contains(&hi) {
                    char::from_u32(hi).unwrap_or('\u{fffd}')
                } else if hi >= 0xDC00 {
                    return Err(self.error(LONE_SURROGATE, self.at));
                } else {
                    for want in [b'\\', b'u'] {
                        match self.peek() {
                            None => return Err(self.error(EOF_STRING, self.at)),
                            Some(b) if b == want => self.at += 1,
                            Some(_) => return Err(self.error(END_OF_HEX_ESCAPE, self.at + 1)),
                        }
                    }
                    let lo = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&lo) {
                        return Err(self.error(LONE_SURROGATE, self.at));
                    }
                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)).unwrap_or('\u{fffd}')
                }
            }
            b => match simple_escape(b) {
                Some(c) => c,
                None => return Err(self.error(INVALID_ESCAPE, self.at)),
            },
        };
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let Some(hex) = self.text.get(self.at..self.at + 4) else {
            return Err(self.error(EOF_STRING, self.text.len()));
        };
        self.at += 4;
        let mut n = 0;
        for &b in hex {
            let d = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => return Err(self.error(INVALID_ESCAPE, self.at)),
            };
            n = n * 16 + u32::from(d);
        }
        Ok(n)
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
        self.at - start
    }

    fn parse_number(&mut self) -> Result<Number, Error> {
        let start = self.at;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let int_start = self.at;
        match self.peek() {
            None => return Err(self.error(EOF_VALUE, self.at)),
            Some(b'0') => {
                self.at += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.error(INVALID_NUMBER, self.at + 1));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            Some(_) => return Err(self.error(INVALID_NUMBER, self.at + 1)),
        }
        let int_end = self.at;
        let mut float = false;
        if self.peek() == Some(b'.') {
            self.at += 1;
            float = true;
            if self.digits() == 0 {
                return Err(match self.peek() {
                    None => self.error(EOF_VALUE, self.at),
                    Some(_) => self.error(INVALID_NUMBER, self.at + 1),
                });
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            float = true;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(match self.peek() {
                    None => self.error(EOF_VALUE, self.at),
                    Some(_) => self.error(INVALID_NUMBER, self.at + 1),
                });
            }
        }
        if !float {
            let mut u: u64 = 0;
            let mut fits = true;
            for &d in &self.text[int_start..int_end] {
                match u.checked_mul(10).and_then(|x| x.checked_add(u64::from(d - b'0'))) {
                    Some(x) => u = x,
                    None => {
                        fits = false;
                        break;
                    }
                }
            }
            if fits {
                if !negative {
                    return Ok(Number { n: N::PosInt(u) });
                }
                let neg = (u as i64).wrapping_neg();
                // `-0` and integers below i64::MIN are floats.
                return Ok(Number { n: if neg < 0 { N::NegInt(neg) } else { N::Float(-(u as f64)) } });
            }
        }
        let f: f64 = self.slice(start).parse().unwrap_or(f64::INFINITY);
        if !f.is_finite() {
            return Err(self.error(OUT_OF_RANGE, self.at));
        }
        Ok(Number { n: N::Float(f) })
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<f64> for Value {
    /// A float; NaN and infinities are `null`.
    fn from(f: f64) -> Value {
        Number::from_f64(f).map_or(Value::Null, Value::Number)
    }
}

impl From<f32> for Value {
    fn from(f: f32) -> Value {
        Value::from(f64::from(f))
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_owned())
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Value {
        Value::String(s.clone())
    }
}

impl From<Cow<'_, str>> for Value {
    fn from(s: Cow<'_, str>) -> Value {
        Value::String(s.into_owned())
    }
}

impl From<Number> for Value {
    fn from(n: Number) -> Value {
        Value::Number(n)
    }
}

impl From<Map<String, Value>> for Value {
    fn from(m: Map<String, Value>) -> Value {
        Value::Object(m)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(v: Vec<T>) -> Value {
        Value::Array(v.into_iter().map(Into::into).collect())
    }
}

impl<T: Clone + Into<Value>> From<&[T]> for Value {
    fn from(v: &[T]) -> Value {
        Value::Array(v.iter().cloned().map(Into::into).collect())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

impl From<()> for Value {
    fn from((): ()) -> Value {
        Value::Null
    }
}

impl<T: Into<Value>> FromIterator<T> for Value {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Value {
        Value::Array(iter.into_iter().map(Into::into).collect())
    }
}

impl<K: Into<String>, V: Into<Value>> FromIterator<(K, V)> for Value {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Value {
        Value::Object(iter.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
    }
}

macro_rules! eq_as {
    ($conv:ident, $as:ty: $($t:ty),*) => {$(
        impl PartialEq<$t> for Value {
            fn eq(&self, other: &$t) -> bool {
                self.$conv().is_some_and(|v| v == *other as $as)
            }
        }
        impl PartialEq<Value> for $t {
            fn eq(&self, other: &Value) -> bool {
                other == self
            }
        }
    )*};
}

eq_as!(as_i64, i64: i8, i16, i32, i64, isize);
eq_as!(as_u64, u64: u8, u16, u32, u64, usize);
eq_as!(as_f64, f64: f32, f64);
eq_as!(as_bool, bool: bool);

impl PartialEq<str> for Value {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Value {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl PartialEq<String> for Value {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == Some(other.as_str())
    }
}

impl PartialEq<Value> for str {
    fn eq(&self, other: &Value) -> bool {
        other == self
    }
}

impl PartialEq<Value> for &str {
    fn eq(&self, other: &Value) -> bool {
        other == self
    }
}

impl PartialEq<Value> for String {
    fn eq(&self, other: &Value) -> bool {
        other == self
    }
}

/// What `json!(expr)` accepts: a value taken by reference and copied into a `Value`.
pub trait ToValue {
    fn to_value(&self) -> Value;
}

/// Sets member `key` (`json!`'s literal keys: one call instead of an inlined insert per key).
#[inline(never)]
pub fn put(m: &mut Map<String, Value>, key: &str, v: Value) {
    m.insert(key.to_owned(), v);
}

/// `json!(expr)`'s conversion.
pub fn to_value<T: ToValue + ?Sized>(v: &T) -> Value {
    v.to_value()
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}

impl<T: ToValue + ?Sized> ToValue for &mut T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::String(self.to_owned())
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::String(self.clone())
    }
}

impl ToValue for Cow<'_, str> {
    fn to_value(&self) -> Value {
        Value::String(self.to_string())
    }
}

impl ToValue for Number {
    fn to_value(&self) -> Value {
        Value::Number(*self)
    }
}

macro_rules! to_value_copy {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::from(*self)
            }
        }
    )*};
}

to_value_copy!(bool, i8, i16, i32, i64, isize, u8, u16, u32, u64, usize, f32, f64);

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

impl<T: ToValue> ToValue for [T] {
    fn to_value(&self) -> Value {
        Value::Array(self.iter().map(ToValue::to_value).collect())
    }
}

impl<T: ToValue, const L: usize> ToValue for [T; L] {
    fn to_value(&self) -> Value {
        self.as_slice().to_value()
    }
}

impl<T: ToValue> ToValue for Vec<T> {
    fn to_value(&self) -> Value {
        self.as_slice().to_value()
    }
}

impl<K: AsRef<str>, V: ToValue> ToValue for BTreeMap<K, V> {
    fn to_value(&self) -> Value {
        Value::Object(self.iter().map(|(k, v)| (k.as_ref().to_owned(), v.to_value())).collect())
    }
}

/// A `Value` written as JSON: `json!({"a": [1, null, x], "b": {"c": true}})`. Keys are
/// expressions turning into a `String`; other values go through `ToValue` (by reference).
#[macro_export]
#[doc(hidden)]
macro_rules! __kubeplay_json {
    (null) => { $crate::json::Value::Null };
    (true) => { $crate::json::Value::Bool(true) };
    (false) => { $crate::json::Value::Bool(false) };
    ([]) => { $crate::json::Value::Array(::std::vec::Vec::new()) };
    ([ $($tt:tt)+ ]) => { $crate::json::Value::Array($crate::__kubeplay_json!(@array [] $($tt)+)) };
    ({}) => { $crate::json::Value::Object($crate::json::Map::new()) };
    ({ $($tt:tt)+ }) => {
        $crate::json::Value::Object({
            let mut object = $crate::json::Map::new();
            $crate::__kubeplay_json!(@object object () ($($tt)+));
            object
        })
    };
    ($other:expr) => { $crate::json::to_value(&$other) };

    // Arrays: the elements so far in [..], then the tokens left.
    (@array [$($elems:expr,)*]) => { ::std::vec![$($elems,)*] };
    (@array [$($elems:expr),*]) => { ::std::vec![$($elems),*] };
    (@array [$($elems:expr,)*] null $($rest:tt)*) => {
        $crate::__kubeplay_json!(@array [$($elems,)* $crate::__kubeplay_json!(null)] $($rest)*)
    };
    (@array [$($elems:expr,)*] true $($rest:tt)*) => {
        $crate::__kubeplay_json!(@array [$($elems,)* $crate::__kubeplay_json!(true)] $($rest)*)
    };
    (@array [$($elems:expr,)*] false $($rest:tt)*) => {
        $crate::__kubeplay_json!(@array [$($elems,)* $crate::__kubeplay_json!(false)] $($rest)*)
    };
    (@array [$($elems:expr,)*] [$($array:tt)*] $($rest:tt)*) => {
        $crate::__kubeplay_json!(@array [$($elems,)* $crate::__kubeplay_json!([$($array)*])] $($rest)*)
    };
    (@array [$($elems:expr,)*] {$($map:tt)*} $($rest:tt)*) => {
        $crate::__kubeplay_json!(@array [$($elems,)* $crate::__kubeplay_json!({$($map)*})] $($rest)*)
    };
    (@array [$($elems:expr,)*] $next:expr, $($rest:tt)*) => {
        $crate::__kubeplay_json!(@array [$($elems,)* $crate::__kubeplay_json!($next),] $($rest)*)
    };
    (@array [$($elems:expr,)*] $last:expr) => {
        $crate::__kubeplay_json!(@array [$($elems,)* $crate::__kubeplay_json!($last)])
    };
    (@array [$($elems:expr),*] , $($rest:tt)*) => {
        $crate::__kubeplay_json!(@array [$($elems,)*] $($rest)*)
    };

    // Objects: the key's tokens so far in (..), then the tokens left in (..).
    (@object $o:ident () ()) => {};
    (@object $o:ident [$key:literal] ($value:expr) , $($rest:tt)*) => {
        $crate::json::put(&mut $o, $key, $value);
        $crate::__kubeplay_json!(@object $o () ($($rest)*));
    };
    (@object $o:ident [$key:literal] ($value:expr)) => {
        $crate::json::put(&mut $o, $key, $value);
    };
    (@object $o:ident [$($key:tt)+] ($value:expr) , $($rest:tt)*) => {
        let _ = $o.insert(::std::string::String::from($($key)+), $value);
        $crate::__kubeplay_json!(@object $o () ($($rest)*));
    };
    (@object $o:ident [$($key:tt)+] ($value:expr)) => {
        let _ = $o.insert(::std::string::String::from($($key)+), $value);
    };
    (@object $o:ident ($($key:tt)+) (: null $($rest:tt)*)) => {
        $crate::__kubeplay_json!(@object $o [$($key)+] ($crate::__kubeplay_json!(null)) $($rest)*);
    };
    (@object $o:ident ($($key:tt)+) (: true $($rest:tt)*)) => {
        $crate::__kubeplay_json!(@object $o [$($key)+] ($crate::__kubeplay_json!(true)) $($rest)*);
    };
    (@object $o:ident ($($key:tt)+) (: false $($rest:tt)*)) => {
        $crate::__kubeplay_json!(@object $o [$($key)+] ($crate::__kubeplay_json!(false)) $($rest)*);
    };
    (@object $o:ident ($($key:tt)+) (: [$($array:tt)*] $($rest:tt)*)) => {
        $crate::__kubeplay_json!(@object $o [$($key)+] ($crate::__kubeplay_json!([$($array)*])) $($rest)*);
    };
    (@object $o:ident ($($key:tt)+) (: {$($map:tt)*} $($rest:tt)*)) => {
        $crate::__kubeplay_json!(@object $o [$($key)+] ($crate::__kubeplay_json!({$($map)*})) $($rest)*);
    };
    (@object $o:ident ($($key:tt)+) (: $value:expr , $($rest:tt)*)) => {
        $crate::__kubeplay_json!(@object $o [$($key)+] ($crate::__kubeplay_json!($value)) , $($rest)*);
    };
    (@object $o:ident ($($key:tt)+) (: $value:expr)) => {
        $crate::__kubeplay_json!(@object $o [$($key)+] ($crate::__kubeplay_json!($value)));
    };
    (@object $o:ident () (($key:expr) : $($rest:tt)*)) => {
        $crate::__kubeplay_json!(@object $o ($key) (: $($rest)*));
    };
    (@object $o:ident ($($key:tt)*) ($tt:tt $($rest:tt)*)) => {
        $crate::__kubeplay_json!(@object $o ($($key)* $tt) ($($rest)*));
    };
}

pub use crate::__kubeplay_json as json;

/// The character a one-letter JSON escape (`\n`, `\"`, ...) stands for; `\u` is read apart.
pub(crate) fn simple_escape(b: u8) -> Option<char> {
    Some(match b {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serde_json's value for the same text, converted through its text.
    fn theirs(text: &str) -> Result<String, String> {
        serde_json::from_str::<serde_json::Value>(text).map(|v| v.to_string()).map_err(|e| e.to_string())
    }

    fn ours(text: &str) -> Result<String, String> {
        from_str::<Value>(text).map(|v| v.to_string()).map_err(|e| e.to_string())
    }

    #[test]
    fn texts_parse_and_print_as_serde_json_parses_and_prints_them() {
        let cases = [
            "null",
            "true",
            "false",
            "0",
            "-0",
            "1",
            "-1",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "1.5",
            "-1.5",
            "1e21",
            "1E21",
            "1e+21",
            "1e-7",
            "0.1",
            "1e15",
            "1e16",
            "123456789012345678",
            "0.00001",
            "0.000001",
            "1.0",
            "2.5e-5",
            "1e400",
            "1e-400",
            "-0.0",
            "5e-324",
            "1.7976931348623157e308",
            "3.14159",
            "100000000000000000000000",
            "\"a\\u00e9\\ud83c\\udf89\\n\\/\"",
            "\"\\u0000\\u001f\\u007f\"",
            "[]",
            "{}",
            " [ 1 , 2 ] ",
            "{\"b\":1,\"a\":[true,null,{\"c\":\"d\"}]}",
            "{\"a\":1,\"a\":2}",
            "\"日本 🎉\"",
            // Errors.
            "",
            " ",
            "not json",
            "nul",
            "tru",
            "[1,]",
            "{\"a\":1,}",
            "[1 2]",
            "{\"a\" 1}",
            "{1:2}",
            "{\"a\":1",
            "[1",
            "\"abc",
            "01",
            "-",
            "1.",
            "1.e5",
            "1e",
            "1e+",
            ".5",
            "+1",
            "{} x",
            "[1]]",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"\\ud800x\"",
            "\"\\ud800\\n\"",
            "\"\\udc00\"",
            "\"\\ud800\\u0041\"",
            "\"a\tb\"",
            "\"\\u12\"",
            "\"\\u12g4\"",
            "[\n1,\n2\n,]",
            "{\n  \"a\": tru\n}",
            "-a",
            "[-]",
            "nan",
            "Infinity",
            "\"\\ud800\\u12\"",
            "[1,",
            "{\"a\":",
            "{\"a\"",
            "{",
            "[",
            "\"\\",
            "1 2",
            "\"\\u",
            "tx",
            "n",
            "[,1]",
            "{,}",
            "-01",
            "0x1",
            "1.5.2",
            "1e5e5",
            "\r\n1 x",
            "[\"\u{1}\"]",
            "\u{a0}1",
            "[1\n,\n\n]",
            "{\"a\":1 \"b\":2}",
        ];
        for text in cases {
            assert_eq!(ours(text), theirs(text), "{text:?}");
        }
    }

    #[test]
    fn long_strings_with_specials_anywhere_parse_as_serde_json_parses_them() {
        for len in 0..20 {
            for at in 0..len {
                for special in ["\\\"", "\\\\", "\\n", "\u{1}", "\u{1f}", "é", "\u{7f}", " ", "!", "\u{ff}"] {
                    let mut text = String::from("\"");
                    for i in 0..len {
                        text.push_str(if i == at { special } else { "a" });
                    }
                    text.push('"');
                    assert_eq!(ours(&text), theirs(&text), "{text:?}");
                    text.pop();
                    assert_eq!(ours(&text), theirs(&text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn nesting_is_limited_where_serde_json_limits_it() {
        for depth in [126, 127, 128, 129, 200] {
            let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            assert_eq!(ours(&text), theirs(&text), "{depth}");
            let text = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
            assert_eq!(ours(&text), theirs(&text), "{depth}");
        }
    }

    #[test]
    fn floats_print_as_serde_json_prints_them() {
        let mut floats = vec![
            0.0,
            -0.0,
            1.0,
            1.5,
            0.1,
            0.3,
            1e-5,
            1e-6,
            1e-7,
            1.5e-7,
            1e15,
            1e16,
            1.5e16,
            123456789.125,
            1e21,
            1e100,
            1e-100,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            2.0f64.powi(53),
            9007199254740993.0,
            0.000123,
        ];
        // A fixed pseudo-random spread of bit patterns.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let f = f64::from_bits(x);
            if f.is_finite() {
                floats.push(f);
            }
            floats.push((x % 100_000_000) as f64 / 1000.0);
        }
        for f in floats {
            let want = serde_json::Number::from_f64(f).map(|n| n.to_string());
            assert_eq!(Number::from_f64(f).map(|n| n.to_string()), want, "{f:e}");
            let text = want.unwrap_or_default();
            assert_eq!(ours(&text), theirs(&text), "{text}");
        }
    }

    #[test]
    fn numbers_keep_serde_jsons_kinds() {
        // (text, is_u64, is_i64, is_f64, as_f64)
        let cases = [
            ("5", true, true, false, 5.0),
            ("-5", false, true, false, -5.0),
            ("18446744073709551615", true, false, false, 18446744073709551615.0),
            ("5.0", false, false, true, 5.0),
            ("-0", false, false, true, -0.0),
        ];
        for (text, is_u64, is_i64, is_f64, f) in cases {
            let Ok(Value::Number(n)) = from_str::<Value>(text) else { panic!("{text}") };
            assert_eq!((n.is_u64(), n.is_i64(), n.is_f64(), n.as_f64()), (is_u64, is_i64, is_f64, Some(f)), "{text}");
        }
        assert_eq!(Value::from(5u64), Value::from(5i32));
        assert_ne!(Value::from(5u64), Value::from(5.0));
        assert_eq!(Value::from(f64::NAN), Value::Null);
    }

    #[test]
    fn the_macro_builds_what_serde_jsons_builds() {
        let key = String::from("k");
        let list = vec!["x", "y"];
        let none: Option<i32> = None;
        let ours = json!({
            "a": null, "b": true, "c": [1, -2, 1.5, "s", [], {}], key.clone(): {"nested": [false, null]},
            "e": list, "f": none, "g": Some(3), "h": 2 + 3, "i": Value::from("v"), ("j"): key
        });
        let theirs = serde_json::json!({
            "a": null, "b": true, "c": [1, -2, 1.5, "s", [], {}], "k": {"nested": [false, null]},
            "e": ["x", "y"], "f": null, "g": 3, "h": 5, "i": "v", "j": "k"
        });
        assert_eq!(ours.to_string(), theirs.to_string());
        assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
        assert_eq!(json!([null, true, {"a": [1]}]).to_string(), "[null,true,{\"a\":[1]}]");
        assert_eq!(json!("x"), "x");
        let n = serde_json::Number::from(-5);
        assert_eq!(format!("[{:>4}]", Number::from(-5)), format!("[{n:>4}]"));
        assert_eq!(json!(3), 3);
    }

    #[test]
    fn pointers_and_indexes_find_what_serde_jsons_find() {
        let text = r#"{"a":{"b/c":[10,{"d~e":true}]},"":1,"n":null}"#;
        let v: Value = from_str(text).unwrap_or_default();
        let sv: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
        let pointers = [
            "",
            "/",
            "/a",
            "/a/b~1c",
            "/a/b~1c/0",
            "/a/b~1c/1/d~0e",
            "/a/b~1c/01",
            "/a/b~1c/+1",
            "/a/b~1c/2",
            "a",
            "/n",
            "/n/x",
            "/x",
        ];
        for p in pointers {
            assert_eq!(v.pointer(p).map(Value::to_string), sv.pointer(p).map(serde_json::Value::to_string), "{p}");
        }
        assert_eq!(v["a"]["b/c"][0], 10);
        assert_eq!(v["missing"]["x"][3], Value::Null);
        let mut w = Value::Null;
        w["a"]["b"] = json!(1);
        assert_eq!(w.to_string(), r#"{"a":{"b":1}}"#);
        let mut s = json!("text");
        s["k"] = json!(2);
        assert_eq!(s.to_string(), r#"{"k":2}"#);
        let mut arr = json!([1]);
        arr[5] = json!(2);
        arr[0] = json!(3);
        assert_eq!(arr.to_string(), "[3]");
    }
}
