//! `-o yaml`: JSON values printed as kubectl prints them. kubectl marshals the object to JSON, reads that
//! JSON back with go-yaml v2 and marshals the result with go-yaml v2 (sigs.k8s.io/yaml `JSONToYAML`), so
//! this is go-yaml v2's emitter for JSON-shaped data: keys in go-yaml's natural order, two-space indent,
//! sequences flush with their key, its choice between plain, quoted and literal scalars, and lines
//! folded after column 80.

mod resolve;
mod sort;
#[cfg(test)]
mod tests;

use std::borrow::Cow;

use crate::json::{Number, Value};

use super::json::{float, go_number};

/// The error kubectl reports (as `error: <this>`) when the JSON holds a character YAML does not allow.
pub const CONTROL_CHARACTERS_ERROR: &str = "yaml: control characters are not allowed";

/// go-yaml v2 `best_width`: plain and quoted scalars are folded at the first space past this column.
const BEST_WIDTH: usize = 80;

/// go-yaml v2 `check_simple_key`: longer keys are written after `? `.
const MAX_SIMPLE_KEY_BYTES: usize = 128;

/// The `-o yaml` text of `value`, ending in a newline. A string holding a character YAML rejects (see
/// [`try_to_yaml`]) is printed escaped instead of failing.
pub fn to_yaml(value: &Value) -> String {
    let mut emitter = Emitter::new(false);
    emitter.document(value);
    emitter.out
}

/// The `-o yaml` text of `value`, or the error kubectl reports when go-yaml cannot read Go's JSON back:
/// a string or key holding U+007F, U+0080–U+009F other than U+0085, U+FFFE or U+FFFF, which Go writes
/// unescaped and go-yaml's reader rejects (yaml_parser_update_buffer); or a key holding U+0085, a line
/// break to go-yaml, which a key in a flow mapping may not span. When both occur, the reader's error is
/// given (go-yaml checks the input in 512-byte chunks ahead of parsing, so for large objects kubectl may
/// report the other).
pub fn try_to_yaml(value: &Value) -> Result<String, String> {
    let mut emitter = Emitter::new(true);
    emitter.document(value);
    if emitter.rejected {
        return Err(CONTROL_CHARACTERS_ERROR.to_owned());
    }
    if emitter.key_with_break {
        if let Err(line) = breaks_before_multiline_key(value, 0) {
            return Err(format!("yaml: line {line}: did not find expected ',' or '}}'"));
        }
    }
    Ok(emitter.out)
}

/// Walks `value` in the order of Go's JSON text, counting the U+0085 line breaks it holds, up to and
/// including the first key with one: `Err` with that count (the line of the `:` after the key, which
/// is where yaml_parser_parse_flow_mapping_key fails), else `Ok` with the count so far.
fn breaks_before_multiline_key(value: &Value, mut breaks: usize) -> Result<usize, usize> {
    let count = |text: &str| text.chars().filter(|&c| c == '\u{85}').count();
    match value {
        Value::String(text) => Ok(breaks + count(text)),
        Value::Array(items) => {
            for item in items {
                breaks = breaks_before_multiline_key(item, breaks)?;
            }
            Ok(breaks)
        }
        Value::Object(members) => {
            for (key, member) in members {
                let in_key = count(key);
                breaks += in_key;
                if in_key > 0 {
                    return Err(breaks);
                }
                breaks = breaks_before_multiline_key(member, breaks)?;
            }
            Ok(breaks)
        }
        _ => Ok(breaks),
    }
}

/// Several objects as kubectl prints them from one command (create, apply, label, … with several
/// objects; cli-runtime `YAMLPrinter.PrintObj`): each after the first is preceded by `---`. `kubectl get`
/// prints one `kind: List` object instead.
pub fn to_yaml_documents(values: &[Value]) -> String {
    let mut out = String::new();
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        let mut emitter = Emitter { out, ..Emitter::new(false) };
        emitter.document(value);
        out = emitter.out;
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// What go-yaml v2 `yaml_emitter_analyze_scalar` finds in a scalar, for block context (the only
/// context scalars are written in here: flow collections are always empty).
struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

/// go-yaml v2 `is_printable`: characters written as they are inside quotes.
fn is_printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{a0}'..='\u{d7ff}') || (('\u{e000}'..='\u{fffd}').contains(&c) && c != '\u{feff}')
}

/// go-yaml v2 `is_break`.
fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Characters the JSON text carries unescaped that go-yaml's reader does not accept.
fn is_rejected(c: char) -> bool {
    matches!(c, '\u{7f}'..='\u{84}' | '\u{86}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
}

/// Follows go-yaml v2 `yaml_emitter_analyze_scalar`.
fn analyze(text: &str) -> Analysis {
    if text.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let mut block_indicators = text.starts_with("---") || text.starts_with("...");
    let mut line_breaks = false;
    let mut special_characters = false;
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) = (false, false, false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, next)| next);
        let last = next.is_none();
        let followed_by_whitespace = matches!(next, None | Some(' ' | '\t'));
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%' | '@' | '`' => {
                    block_indicators = true;
                }
                '?' | ':' | '-' if followed_by_whitespace => block_indicators = true,
                _ => {}
            }
        } else {
            match c {
                ':' if followed_by_whitespace => block_indicators = true,
                '#' if preceded_by_whitespace => block_indicators = true,
                _ => {}
            }
        }
        if !is_printable(c) {
            special_characters = true;
        }
        if c == ' ' {
            leading_space |= i == 0;
            trailing_space |= last;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            line_breaks = true;
            leading_break |= i == 0;
            trailing_break |= last;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = matches!(c, ' ' | '\t' | '\0') || is_break(c);
    }
    let mut analysis = Analysis {
        multiline: line_breaks,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break || line_breaks || block_indicators {
        analysis.block_plain_allowed = false;
    }
    if trailing_space {
        analysis.block_allowed = false;
    }
    if break_space {
        analysis.block_plain_allowed = false;
        analysis.single_quoted_allowed = false;
    }
    if space_break || special_characters {
        analysis.block_plain_allowed = false;
        analysis.single_quoted_allowed = false;
        analysis.block_allowed = false;
    }
    analysis
}

/// The style go-yaml v2 `encoder.stringv` asks for: literal for text with a newline, plain unless the
/// text would read back as another type, else double-quoted.
fn requested_style(text: &str) -> Style {
    if text.contains('\n') {
        Style::Literal
    } else if resolve::needs_quotes(text) {
        Style::DoubleQuoted
    } else {
        Style::Plain
    }
}

/// Follows go-yaml v2 `yaml_emitter_select_scalar_style` outside flow collections.
fn select_style(requested: Style, analysis: &Analysis, text: &str, simple_key: bool) -> Style {
    let mut style = requested;
    if simple_key && analysis.multiline {
        style = Style::DoubleQuoted;
    }
    if style == Style::Plain && (!analysis.block_plain_allowed || (text.is_empty() && simple_key)) {
        style = Style::SingleQuoted;
    }
    if style == Style::SingleQuoted && !analysis.single_quoted_allowed {
        style = Style::DoubleQuoted;
    }
    if style == Style::Literal && (!analysis.block_allowed || simple_key) {
        style = Style::DoubleQuoted;
    }
    style
}

/// The scalar text go-yaml v2 writes for a JSON number after reading Go's JSON text back: an int when the
/// text is an integer that fits int64 or uint64 (so `-0` becomes `0`), else `strconv.FormatFloat(f, 'g', -1, 64)`.
fn yaml_number(number: &Number) -> String {
    let text = go_number(number);
    if text.bytes().all(|b| b == b'-' || b.is_ascii_digit()) {
        if let Ok(integer) = text.parse::<i64>() {
            return integer.to_string();
        }
        if let Ok(unsigned) = text.parse::<u64>() {
            return unsigned.to_string();
        }
    }
    float::go_g_float(text.parse::<f64>().unwrap_or(0.0))
}

/// The emitter state of go-yaml v2 (`yaml_emitter_t`) that matters for block output.
struct Emitter {
    out: String,
    /// Characters (not bytes) written on the current line.
    column: usize,
    /// Whether the last character written was whitespace (or the line is empty).
    whitespace: bool,
    /// Whether only indentation has been written on the current line.
    indention: bool,
    /// Current indentation; -1 before the root node.
    indent: isize,
    /// Whether characters go-yaml's reader rejects were seen; tracked only when `check` is set.
    check: bool,
    rejected: bool,
    /// Whether a key held U+0085 (checked only when `check` is set).
    key_with_break: bool,
}

impl Emitter {
    fn new(check: bool) -> Emitter {
        Emitter {
            out: String::new(),
            column: 0,
            whitespace: true,
            indention: true,
            indent: -1,
            check,
            rejected: false,
            key_with_break: false,
        }
    }

    /// One document: the root node, then the final line break (go-yaml v2 `yaml_emitter_emit_document_end`).
    fn document(&mut self, value: &Value) {
        self.column = 0;
        self.whitespace = true;
        self.indention = true;
        self.indent = -1;
        self.node(value, false);
        self.write_indent();
    }

    /// The string go-yaml v2 decodes from Go's JSON text of `text`: U+0085, which Go leaves unescaped, is
    /// a line break inside a double-quoted scalar and is folded (yaml_parser_scan_flow_scalar) together
    /// with the spaces around it: one break becomes a space, n breaks become n-1 newlines.
    fn decoded<'a>(&mut self, text: &'a str) -> Cow<'a, str> {
        if text.is_ascii() {
            if self.check && text.contains('\u{7f}') {
                self.rejected = true;
            }
            return Cow::Borrowed(text);
        }
        if self.check && text.chars().any(is_rejected) {
            self.rejected = true;
        }
        if !text.contains('\u{85}') {
            return Cow::Borrowed(text);
        }
        let mut folded = String::with_capacity(text.len());
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c != ' ' && c != '\u{85}' {
                folded.push(c);
                continue;
            }
            let (mut spaces, mut breaks) = (0usize, 0usize);
            let mut current = Some(c);
            while let Some(blank) = current {
                if blank == ' ' {
                    spaces += 1;
                } else {
                    breaks += 1;
                }
                current = chars.next_if(|&next| next == ' ' || next == '\u{85}');
            }
            match breaks {
                0 => folded.extend(std::iter::repeat_n(' ', spaces)),
                1 => folded.push(' '),
                _ => folded.extend(std::iter::repeat_n('\n', breaks - 1)),
            }
        }
        Cow::Owned(folded)
    }

    /// Follows go-yaml v2 `yaml_emitter_emit_node` for the node of `value`; `in_mapping` is the emitter's
    /// `mapping_context` (the node is a mapping value).
    fn node(&mut self, value: &Value, in_mapping: bool) {
        match value {
            Value::Null => self.plain_word("null"),
            Value::Bool(true) => self.plain_word("true"),
            Value::Bool(false) => self.plain_word("false"),
            Value::Number(number) => self.plain_word(&yaml_number(number)),
            Value::String(text) => {
                let text = self.decoded(text);
                let analysis = analyze(&text);
                self.scalar(&text, requested_style(&text), &analysis, false);
            }
            Value::Array(items) if items.is_empty() => self.empty_flow("[", "]"),
            Value::Array(items) => self.sequence(items, in_mapping),
            Value::Object(members) if members.is_empty() => self.empty_flow("{", "}"),
            Value::Object(members) => self.mapping(members),
        }
    }

    /// An empty flow collection: `[]` or `{}` (yaml_emitter_emit_flow_sequence_item on its end event).
    fn empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.write_indicator(close, false, false, false);
    }

    /// Follows go-yaml v2 `yaml_emitter_emit_block_sequence_item`: a sequence that is a mapping value
    /// stays at the key's indentation.
    fn sequence(&mut self, items: &[Value], in_mapping: bool) {
        let saved = self.indent;
        let indentless = in_mapping && !self.indention;
        self.indent = if saved < 0 {
            0
        } else if indentless {
            saved
        } else {
            saved + 2
        };
        for item in items {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.node(item, false);
        }
        self.indent = saved;
    }

    /// Follows go-yaml v2 `yaml_emitter_emit_block_mapping_key` and `_value` with keys sorted by
    /// `keyList.Less`; keys that are multi-line or longer than 128 bytes are written after `? `.
    fn mapping(&mut self, members: &crate::json::Map<String, Value>) {
        let mut entries: Vec<(Cow<'_, str>, &Value)> =
            members.iter().map(|(key, value)| (self.decoded(key), value)).collect();
        if self.check && members.keys().any(|key| key.contains('\u{85}')) {
            self.key_with_break = true;
        }
        let folded = entries.iter().any(|(key, _)| matches!(key, Cow::Owned(_)));
        sort::sort_entries(&mut entries, |(key, _)| key.as_ref());
        if folded {
            // Keys that fold to the same text: the decoder keeps the value read last.
            let mut kept: Vec<(Cow<'_, str>, &Value)> = Vec::with_capacity(entries.len());
            for entry in entries {
                match kept.last_mut() {
                    Some(last) if last.0 == entry.0 => *last = entry,
                    _ => kept.push(entry),
                }
            }
            entries = kept;
        }
        let saved = self.indent;
        self.indent = if saved < 0 { 0 } else { saved + 2 };
        for (key, value) in &entries {
            self.write_indent();
            let analysis = analyze(key);
            let style = requested_style(key);
            if !analysis.multiline && key.len() <= MAX_SIMPLE_KEY_BYTES {
                self.scalar(key, style, &analysis, true);
                self.write_indicator(":", false, false, false);
            } else {
                self.write_indicator("?", true, false, true);
                self.scalar(key, style, &analysis, false);
                self.write_indent();
                self.write_indicator(":", true, false, true);
            }
            self.node(value, true);
        }
        self.indent = saved;
    }

    /// A scalar go-yaml v2 writes plain and that needs no analysis: null, booleans and numbers.
    fn plain_word(&mut self, word: &str) {
        if !self.whitespace {
            self.put(' ');
        }
        self.out.push_str(word);
        self.column += word.len();
        self.whitespace = false;
        self.indention = false;
    }

    /// Follows go-yaml v2 `yaml_emitter_emit_scalar`.
    fn scalar(&mut self, text: &str, requested: Style, analysis: &Analysis, simple_key: bool) {
        let style = select_style(requested, analysis, text, simple_key);
        let saved = self.indent;
        self.indent = if saved < 0 { 2 } else { saved + 2 };
        match style {
            Style::Plain => self.write_plain(text, !simple_key),
            Style::SingleQuoted => self.write_single_quoted(text, !simple_key),
            Style::DoubleQuoted => self.write_double_quoted(text, !simple_key),
            Style::Literal => self.write_literal(text),
        }
        self.indent = saved;
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    /// go-yaml v2 `write_break`: a line feed ends the line; other breaks are copied and end it too.
    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    /// Follows go-yaml v2 `yaml_emitter_write_indent`.
    fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    /// Follows go-yaml v2 `yaml_emitter_write_indicator`.
    fn write_indicator(&mut self, indicator: &str, need_whitespace: bool, is_whitespace: bool, is_indention: bool) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        self.out.push_str(indicator);
        self.column += indicator.chars().count();
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    /// Follows go-yaml v2 `yaml_emitter_write_plain_scalar`.
    fn write_plain(&mut self, text: &str, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let (mut spaces, mut breaks) = (false, false);
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && chars.peek() != Some(&' ') {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    /// Follows go-yaml v2 `yaml_emitter_write_single_quoted_scalar`.
    fn write_single_quoted(&mut self, text: &str, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let (mut spaces, mut breaks) = (false, false);
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == ' ' {
                let inner = i > 0 && i + 1 < text.len();
                let next_is_space = chars.peek().map(|&(_, next)| next) == Some(' ');
                if allow_breaks && !spaces && self.column > BEST_WIDTH && inner && !next_is_space {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    /// Follows go-yaml v2 `yaml_emitter_write_double_quoted_scalar`. Its byte-order-mark test looks at the
    /// start of the text, not at the current character, so text starting with U+FEFF is escaped throughout.
    fn write_double_quoted(&mut self, text: &str, allow_breaks: bool) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        self.write_indicator("\"", true, false, false);
        let starts_with_bom = text.starts_with('\u{feff}');
        let mut spaces = false;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if !is_printable(c) || starts_with_bom || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                let short = match c {
                    '\0' => Some('0'),
                    '\u{7}' => Some('a'),
                    '\u{8}' => Some('b'),
                    '\t' => Some('t'),
                    '\n' => Some('n'),
                    '\u{b}' => Some('v'),
                    '\u{c}' => Some('f'),
                    '\r' => Some('r'),
                    '\u{1b}' => Some('e'),
                    '"' => Some('"'),
                    '\\' => Some('\\'),
                    '\u{85}' => Some('N'),
                    '\u{a0}' => Some('_'),
                    '\u{2028}' => Some('L'),
                    '\u{2029}' => Some('P'),
                    _ => None,
                };
                if let Some(short) = short {
                    self.put(short);
                } else {
                    let code = c as u32;
                    let (letter, digits) = match code {
                        0..=0xff => ('x', 2),
                        0x100..=0xffff => ('u', 4),
                        _ => ('U', 8),
                    };
                    self.put(letter);
                    for k in (0..digits).rev() {
                        self.put(HEX[((code >> (k * 4)) & 0xf) as usize] as char);
                    }
                }
                spaces = false;
            } else if c == ' ' {
                let inner = i > 0 && i + 1 < text.len();
                if allow_breaks && !spaces && self.column > BEST_WIDTH && inner {
                    self.write_indent();
                    if chars.peek().map(|&(_, next)| next) == Some(' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    /// Follows go-yaml v2 `yaml_emitter_write_literal_scalar` and its block scalar hints: an indentation
    /// indicator when the text starts with a space or break, `-` without a final break, `+` with more than one.
    fn write_literal(&mut self, text: &str) {
        self.write_indicator("|", true, false, false);
        let first = text.chars().next();
        if first.is_some_and(|c| c == ' ' || is_break(c)) {
            self.write_indicator("2", false, false, false);
        }
        let mut from_end = text.chars().rev();
        let chomp = match (from_end.next(), from_end.next()) {
            (None, _) => Some("-"),
            (Some(last), _) if !is_break(last) => Some("-"),
            (Some(_), None) => Some("+"),
            (Some(_), Some(before)) if is_break(before) => Some("+"),
            _ => None,
        };
        if let Some(chomp) = chomp {
            self.write_indicator(chomp, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in text.chars() {
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}
