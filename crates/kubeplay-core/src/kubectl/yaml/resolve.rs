//! Which strings go-yaml v2 must quote because, written plain, they would read back as another type
//! (`resolve` in resolve.go and `isBase60Float` in encode.go): null, booleans of YAML 1.1, numbers in
//! Go's syntax, timestamps and sexagesimal numbers.

/// Whether a plain `text` would not read back as the same string (go-yaml v2 `encoder.stringv`).
pub(super) fn needs_quotes(text: &str) -> bool {
    resolves_to_non_string(text) || is_base60_float(text)
}

/// Plain scalars go-yaml v2 looks up in its table of YAML 1.1 values (`resolveMap`).
const SPECIAL_VALUES: &[&str] = &[
    "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no", "No", "NO", "false",
    "False", "FALSE", "off", "Off", "OFF", "", "~", "null", "Null", "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf",
    ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
];

/// Follows go-yaml v2 `resolve("", text)`, reporting whether the tag found is not `!!str`.
fn resolves_to_non_string(text: &str) -> bool {
    let Some(&first) = text.as_bytes().first() else {
        return true;
    };
    let hint = match first {
        b'+' | b'-' | b'0'..=b'9' => b'D',
        b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~' => b'M',
        b'.' => b'.',
        _ => return false,
    };
    if SPECIAL_VALUES.contains(&text) {
        return true;
    }
    match hint {
        b'.' => parses_as_go_float(text),
        b'D' => {
            if is_timestamp(text) {
                return true;
            }
            let plain: String = text.chars().filter(|&c| c != '_').collect();
            if parse_go_int(&plain).is_some() || parse_go_uint(&plain, 0).is_some() {
                return true;
            }
            if is_yaml_float(&plain) && parses_as_go_float(&plain) {
                return true;
            }
            if let Some(binary) = plain.strip_prefix("0b") {
                return parse_go_uint(binary, 2).is_some();
            }
            if let Some(binary) = plain.strip_prefix("-0b") {
                return parse_go_uint(binary, 2).is_some_and(|magnitude| magnitude <= 1 << 63);
            }
            false
        }
        _ => false,
    }
}

/// Follows strconv `ParseInt(text, 0, 64)` for text without underscores: whether it succeeds.
fn parse_go_int(text: &str) -> Option<()> {
    let (negative, body) = match text.as_bytes().first() {
        Some(b'+') => (false, &text[1..]),
        Some(b'-') => (true, &text[1..]),
        _ => (false, text),
    };
    let magnitude = parse_go_uint(body, 0)?;
    let limit = if negative { 1u64 << 63 } else { (1u64 << 63) - 1 };
    (magnitude <= limit).then_some(())
}

/// Follows strconv `ParseUint(text, base, 64)` for base 0 (Go prefixes `0x`, `0o`, `0b`, a leading `0` for
/// octal) or an explicit base, for text without underscores.
fn parse_go_uint(text: &str, base: u32) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    let (base, digits) = if base != 0 {
        (base, text)
    } else if let Some(rest) = text.strip_prefix('0') {
        let prefix = rest.as_bytes().first().map(u8::to_ascii_lowercase);
        match prefix {
            Some(b'b') if text.len() >= 3 => (2, &rest[1..]),
            Some(b'o') if text.len() >= 3 => (8, &rest[1..]),
            Some(b'x') if text.len() >= 3 => (16, &rest[1..]),
            _ => (8, rest),
        }
    } else {
        (10, text)
    };
    let mut value: u64 = 0;
    for c in digits.chars() {
        let digit = c.to_digit(36).filter(|&d| d < base)?;
        value = value.checked_mul(u64::from(base))?.checked_add(u64::from(digit))?;
    }
    Some(value)
}

/// The regular expression go-yaml v2 requires of a float (`yamlStyleFloat`):
/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == bytes.len()
}

/// Follows strconv `ParseFloat(text, 64)` for decimal text: the syntax of `readFloat` (digits, one point,
/// exponent, underscores between digits) and no overflow to infinity.
fn parses_as_go_float(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    if bytes.len() > i + 2 && bytes[i] == b'0' && bytes[i + 1].eq_ignore_ascii_case(&b'x') {
        // Hexadecimal floats never reach here: the callers' texts start with '.' or match `is_yaml_float`.
        return false;
    }
    let mut saw_dot = false;
    let mut saw_digits = false;
    while let Some(&c) = bytes.get(i) {
        match c {
            b'_' => {}
            b'.' if !saw_dot => saw_dot = true,
            b'0'..=b'9' => saw_digits = true,
            _ => break,
        }
        i += 1;
    }
    if !saw_digits {
        return false;
    }
    if bytes.get(i).is_some_and(|c| c.eq_ignore_ascii_case(&b'e')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !bytes.get(i).is_some_and(u8::is_ascii_digit) {
            return false;
        }
        while bytes.get(i).is_some_and(|&c| c.is_ascii_digit() || c == b'_') {
            i += 1;
        }
    }
    if i != bytes.len() || (text.contains('_') && !underscores_ok(text)) {
        return false;
    }
    let plain: String = text.chars().filter(|&c| c != '_').collect();
    plain.parse::<f64>().is_ok_and(f64::is_finite)
}

/// Follows strconv `underscoreOK`: underscores only between digits (or after a base prefix).
fn underscores_ok(text: &str) -> bool {
    let mut bytes = text.as_bytes();
    if let Some(b'+' | b'-') = bytes.first() {
        bytes = &bytes[1..];
    }
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if bytes.len() >= 2 && bytes[0] == b'0' && matches!(bytes[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = bytes[1].eq_ignore_ascii_case(&b'x');
    }
    for &c in &bytes[i..] {
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
            continue;
        }
        if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
            continue;
        }
        if saw == b'_' {
            return false;
        }
        saw = b'!';
    }
    saw != b'_'
}

/// go-yaml v2 `isBase60Float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
fn is_base60_float(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    if !bytes.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    while bytes.get(i).is_some_and(|&c| c.is_ascii_digit() || c == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while bytes.get(i) == Some(&b':') {
        // `[0-5]?[0-9]`: one digit, or two with the first at most 5.
        let first = bytes.get(i + 1).copied().filter(u8::is_ascii_digit);
        let second = bytes.get(i + 2).copied().filter(u8::is_ascii_digit);
        match (first, second) {
            (Some(a), Some(_)) if a <= b'5' => i += 3,
            (Some(_), _) => i += 2,
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        while bytes.get(i).is_some_and(|&c| c.is_ascii_digit() || c == b'_') {
            i += 1;
        }
    }
    i == bytes.len()
}

/// Whether go-yaml v2 `parseTimestamp` accepts `text`: Go's `time.Parse` with the layouts
/// `2006-1-2T15:4:5.999999999Z07:00` (also with `t`), `2006-1-2 15:4:5.999999999` and `2006-1-2`.
fn is_timestamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() < 5 || !bytes[..4].iter().all(u8::is_ascii_digit) || bytes[4] != b'-' {
        return false;
    }
    let year: u32 = bytes[..4].iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0'));
    let mut cursor = Cursor { bytes, at: 5 };
    let Some(month) = cursor.number() else { return false };
    if !cursor.literal(b'-') {
        return false;
    }
    let Some(day) = cursor.number() else { return false };
    if !(1..=12).contains(&month) || day < 1 || day > days_in(month, year) {
        return false;
    }
    if cursor.done() {
        return true;
    }
    let zoned = match cursor.next() {
        Some(b'T' | b't') => true,
        Some(b' ') => {
            while cursor.peek() == Some(b' ') {
                cursor.at += 1;
            }
            false
        }
        _ => return false,
    };
    let Some(hour) = cursor.number() else { return false };
    if !cursor.literal(b':') {
        return false;
    }
    let Some(minute) = cursor.number() else { return false };
    if !cursor.literal(b':') {
        return false;
    }
    let Some(second) = cursor.number() else { return false };
    if hour > 23 || minute > 59 || second > 59 {
        return false;
    }
    if matches!(cursor.peek(), Some(b'.' | b',')) && cursor.bytes.get(cursor.at + 1).is_some_and(u8::is_ascii_digit) {
        cursor.at += 1;
        while cursor.peek().is_some_and(|c| c.is_ascii_digit()) {
            cursor.at += 1;
        }
    }
    if !zoned {
        return cursor.done();
    }
    match cursor.next() {
        Some(b'Z') => cursor.done(),
        Some(b'+' | b'-') => {
            let rest = &bytes[cursor.at..];
            rest.len() == 5
                && rest[0].is_ascii_digit()
                && rest[1].is_ascii_digit()
                && rest[2] == b':'
                && rest[3].is_ascii_digit()
                && rest[4].is_ascii_digit()
                && (rest[0] - b'0') * 10 + (rest[1] - b'0') <= 24
                && (rest[3] - b'0') * 10 + (rest[4] - b'0') <= 60
        }
        _ => false,
    }
}

/// Go's `daysIn`.
fn days_in(month: u32, year: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let c = self.peek();
        self.at += 1;
        c
    }

    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn literal(&mut self, c: u8) -> bool {
        self.next() == Some(c)
    }

    /// Go's `getnum(value, false)`: one digit, or two when two follow.
    fn number(&mut self) -> Option<u32> {
        let first = self.peek().filter(u8::is_ascii_digit)?;
        self.at += 1;
        let mut value = u32::from(first - b'0');
        if let Some(second) = self.peek().filter(u8::is_ascii_digit) {
            self.at += 1;
            value = value * 10 + u32::from(second - b'0');
        }
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_that_read_back_as_other_types_need_quotes() {
        let quoted = [
            "",
            "~",
            "null",
            "NULL",
            "y",
            "Y",
            "yes",
            "no",
            "On",
            "off",
            "true",
            "False",
            ".inf",
            "-.INF",
            ".nan",
            "1",
            "-1",
            "+1",
            "0755",
            "08",
            "0x1F",
            "0o17",
            "0b101",
            "1_000",
            "1.5",
            ".5",
            "1e3",
            "1E+3",
            "-.5e-3",
            "1:20",
            "-1:20:30.5",
            "2024-01-15",
            "2024-1-5",
            "2024-01-15T10:00:00Z",
            "2024-01-15t10:00:00.123+02:00",
            "2024-01-15 10:00:00",
            "2024-01-15   10:00:00,5",
            "2024-02-29",
            "18446744073709551615",
            "99999999999999999999",
            ".5_5",
            "1.",
            "0",
            "-0b1",
            "+0x_1",
            "1_",
        ];
        for text in quoted {
            assert!(needs_quotes(text), "{text:?} should be quoted");
        }
        let plain = [
            "a",
            "nginx",
            "yes please",
            "Y2K",
            "0x",
            "0xZZ",
            "1e400",
            "1.2.3",
            "1e",
            "._5",
            "..5",
            ".",
            "-",
            "+",
            "2024-02-30",
            "2023-02-29",
            "2024-13-01",
            "2024-01-15T25:00:00Z",
            "2024-01-15T10:00:00",
            "2024-01-15T10:00:00+0200",
            "2024-01-15x",
            "12:60",
            "1:2:3:4a",
            "<<",
            "=",
            "v1",
            "0xFFFFFFFFFFFFFFFFF",
            "1__0e",
            "._5_5",
            "infinity",
            "-inf",
            "nan",
        ];
        for text in plain {
            assert!(!needs_quotes(text), "{text:?} should stay plain");
        }
    }
}
