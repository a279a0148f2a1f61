//! Texts that the apiserver's Go decoders produce, reproduced: JSON numbers as kubectl sends them,
//! `strconv.Quote`, `time.Parse` errors for the RFC 3339 layouts of metav1.Time and MicroTime, and
//! the errors of `resource.ParseQuantity`.

use crate::manifest::yaml::NodeValue;

/// The JSON text kubectl sends for a number: YAML -> JSON -> unstructured (int64 when the text
/// is an integer that fits, else float64) -> JSON again, so floats print as Go prints them.
pub(super) fn number_text(value: &NodeValue) -> Option<String> {
    match value {
        NodeValue::Int(i) => Some(i.to_string()),
        // Too big for int64: kubectl's decoder keeps it as a float64.
        NodeValue::UInt(u) => Some(go_float(*u as f64)),
        NodeValue::Float(f) => Some(go_float(*f)),
        _ => None,
    }
}

/// encoding/json's float64 encoding (`strconv.AppendFloat` with 'f', or 'e' outside [1e-6, 1e21)).
fn go_float(f: f64) -> String {
    if f == 0.0 {
        // "-0" decodes as the integer 0 in kubectl's round trip.
        return "0".into();
    }
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    let abs = f.abs();
    if (1e-6..1e21).contains(&abs) {
        return format!("{f}");
    }
    // Rust's `{}` prints the same shortest digits without an exponent; move the point.
    let plain = format!("{abs}");
    let (int_part, frac_part) = plain.split_once('.').unwrap_or((&plain, ""));
    let digits: String = format!("{int_part}{frac_part}");
    let leading = digits.bytes().take_while(|&b| b == b'0').count();
    let significant = digits.get(leading..).unwrap_or("").trim_end_matches('0');
    let exponent = int_part.len() as i64 - leading as i64 - 1;
    let (first, rest) = significant.split_at(significant.len().min(1));
    let sign = if f < 0.0 { "-" } else { "" };
    let point = if rest.is_empty() { "" } else { "." };
    if exponent < 0 {
        // encoding/json trims Go's "e-07" to "e-7".
        format!("{sign}{first}{point}{rest}e-{}", -exponent)
    } else {
        format!("{sign}{first}{point}{rest}e+{exponent:02}")
    }
}

/// Go's `strconv.Quote`: double quotes, backslash escapes for quotes, backslashes and characters
/// Go does not print.
pub(super) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if is_go_printable(c) => out.push(c),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// An approximation of Go's `unicode.IsPrint` for non-ASCII characters: controls, spaces other
/// than ' ', format characters and private use are not printable.
fn is_go_printable(c: char) -> bool {
    if c.is_ascii() {
        return true;
    }
    let u = c as u32;
    !(c.is_control()
        || c.is_whitespace()
        || u == 0xAD
        || (0x200B..=0x200F).contains(&u)
        || (0x202A..=0x202E).contains(&u)
        || (0x2060..=0x2064).contains(&u)
        || u == 0xFEFF
        || (0xFFF9..=0xFFFB).contains(&u)
        || (0xE000..=0xF8FF).contains(&u)
        || u >= 0xF0000)
}

/// The layouts metav1.Time and metav1.MicroTime parse with.
#[derive(Clone, Copy)]
pub(super) enum Layout {
    /// time.RFC3339, `2006-01-02T15:04:05Z07:00`.
    Rfc3339,
    /// metav1.RFC3339Micro, `2006-01-02T15:04:05.000000Z07:00`.
    Rfc3339Micro,
}

#[derive(Clone, Copy, PartialEq)]
enum Std {
    LongYear,
    ZeroMonth,
    ZeroDay,
    Hour,
    ZeroMinute,
    ZeroSecond,
    /// `.000000`: exactly six fractional digits.
    FracSecond6,
    ColonTz,
}

/// (literal prefix, element, element as written in the layout).
const RFC3339_CHUNKS: &[(&str, Std, &str)] = &[
    ("", Std::LongYear, "2006"),
    ("-", Std::ZeroMonth, "01"),
    ("-", Std::ZeroDay, "02"),
    ("T", Std::Hour, "15"),
    (":", Std::ZeroMinute, "04"),
    (":", Std::ZeroSecond, "05"),
    ("", Std::ColonTz, "Z07:00"),
];

const RFC3339_MICRO_CHUNKS: &[(&str, Std, &str)] = &[
    ("", Std::LongYear, "2006"),
    ("-", Std::ZeroMonth, "01"),
    ("-", Std::ZeroDay, "02"),
    ("T", Std::Hour, "15"),
    (":", Std::ZeroMinute, "04"),
    (":", Std::ZeroSecond, "05"),
    ("", Std::FracSecond6, ".000000"),
    ("", Std::ColonTz, "Z07:00"),
];

/// The time package's `quote`: every byte outside printable ASCII as `\xNN`.
fn time_quote(s: &[u8]) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for &b in s {
        if !(b' '..0x80).contains(&b) {
            out.push_str(&format!("\\x{b:02x}"));
        } else {
            if b == b'"' || b == b'\\' {
                out.push('\\');
            }
            out.push(char::from(b));
        }
    }
    out.push('"');
    out
}

fn digit(s: &[u8], i: usize) -> Option<usize> {
    s.get(i).filter(|b| b.is_ascii_digit()).map(|b| usize::from(b - b'0'))
}

/// time's `getnum`: one or two digits (`fixed` requires two).
fn getnum(s: &[u8], fixed: bool) -> Result<(usize, &[u8]), ()> {
    let Some(first) = digit(s, 0) else { return Err(()) };
    match digit(s, 1) {
        Some(second) => Ok((first * 10 + second, s.get(2..).unwrap_or_default())),
        None if fixed => Err(()),
        None => Ok((first, s.get(1..).unwrap_or_default())),
    }
}

/// time's `atoi` on a short field: an optional sign, then only digits (none reads as 0).
fn atoi(s: &[u8]) -> Result<i64, ()> {
    let (neg, digits) = match s.first() {
        Some(b'-') => (true, s.get(1..).unwrap_or_default()),
        Some(b'+') => (false, s.get(1..).unwrap_or_default()),
        _ => (false, s),
    };
    let mut x: i64 = 0;
    for b in digits {
        if !b.is_ascii_digit() {
            return Err(());
        }
        x = x.checked_mul(10).and_then(|x| x.checked_add(i64::from(b - b'0'))).ok_or(())?;
    }
    Ok(if neg { -x } else { x })
}

fn days_in(month: usize, year: i64) -> usize {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Checks `value` the way Go's `time.Parse(layout, value)` does; the error is Go's text.
pub(super) fn parse_time(layout: Layout, value: &str) -> Result<(), String> {
    let (layout_text, chunks) = match layout {
        Layout::Rfc3339 => ("2006-01-02T15:04:05Z07:00", RFC3339_CHUNKS),
        Layout::Rfc3339Micro => ("2006-01-02T15:04:05.000000Z07:00", RFC3339_MICRO_CHUNKS),
    };
    let whole = value.as_bytes();
    let error = |layout_elem: &str, value_elem: &[u8], message: &str| {
        if message.is_empty() {
            format!(
                "parsing time {} as {}: cannot parse {} as {}",
                time_quote(whole),
                time_quote(layout_text.as_bytes()),
                time_quote(value_elem),
                time_quote(layout_elem.as_bytes())
            )
        } else {
            format!("parsing time {}{message}", time_quote(whole))
        }
    };
    let mut v = whole;
    let (mut year, mut month, mut day) = (0i64, 1usize, 1usize);
    for (index, &(prefix, std, std_text)) in chunks.iter().enumerate() {
        match v.strip_prefix(prefix.as_bytes()) {
            Some(rest) => v = rest,
            None => return Err(error(prefix, v, "")),
        }
        let hold = v;
        let mut range = "";
        let mut bad = false;
        match std {
            Std::LongYear => {
                if v.len() < 4 || digit(v, 0).is_none() {
                    bad = true;
                } else {
                    match v.get(..4).map(atoi) {
                        Some(Ok(y)) => year = y,
                        _ => bad = true,
                    }
                    v = v.get(4..).unwrap_or_default();
                }
            }
            Std::ZeroMonth => match getnum(v, true) {
                Ok((m, rest)) => {
                    month = m;
                    v = rest;
                    if !(1..=12).contains(&m) {
                        range = "month";
                    }
                }
                Err(()) => bad = true,
            },
            Std::ZeroDay => match getnum(v, true) {
                Ok((d, rest)) => {
                    day = d;
                    v = rest;
                }
                Err(()) => bad = true,
            },
            Std::Hour | Std::ZeroMinute => match getnum(v, std == Std::ZeroMinute) {
                Ok((n, rest)) => {
                    v = rest;
                    if std == Std::Hour && n >= 24 {
                        range = "hour";
                    } else if std == Std::ZeroMinute && n >= 60 {
                        range = "minute";
                    }
                }
                Err(()) => bad = true,
            },
            Std::ZeroSecond => match getnum(v, true) {
                Ok((n, rest)) => {
                    v = rest;
                    if n >= 60 {
                        range = "second";
                    } else {
                        let next_is_fraction =
                            chunks.get(index + 1).is_some_and(|(_, next, _)| *next == Std::FracSecond6);
                        // A fraction the layout does not ask for is taken anyway: any digits.
                        if !next_is_fraction
                            && v.len() >= 2
                            && matches!(v.first(), Some(b'.' | b','))
                            && digit(v, 1).is_some()
                        {
                            let n = 2 + v.iter().skip(2).take_while(|b| b.is_ascii_digit()).count();
                            v = v.get(n..).unwrap_or_default();
                        }
                    }
                }
                Err(()) => bad = true,
            },
            Std::FracSecond6 => {
                if v.len() < 7 {
                    bad = true;
                } else {
                    if !matches!(v.first(), Some(b'.' | b',')) {
                        bad = true;
                    } else {
                        match v.get(1..7).map(atoi) {
                            Some(Ok(ns)) if ns < 0 => range = "fractional second",
                            Some(Ok(_)) => {}
                            _ => bad = true,
                        }
                    }
                    v = v.get(7..).unwrap_or_default();
                }
            }
            Std::ColonTz => {
                if v.first() == Some(&b'Z') {
                    v = v.get(1..).unwrap_or_default();
                } else if v.len() < 6 || v.get(3) != Some(&b':') {
                    bad = true;
                } else {
                    let hour = v.get(1..3).unwrap_or_default();
                    let minute = v.get(4..6).unwrap_or_default();
                    let sign = v.first().copied();
                    v = v.get(6..).unwrap_or_default();
                    let (mut hr, mut mm) = (0, 0);
                    match getnum(hour, true) {
                        Ok((h, _)) => {
                            hr = h;
                            match getnum(minute, true) {
                                Ok((m, _)) => mm = m,
                                Err(()) => bad = true,
                            }
                        }
                        Err(()) => bad = true,
                    }
                    if hr > 24 {
                        range = "time zone offset hour";
                    }
                    if mm > 60 {
                        range = "time zone offset minute";
                    }
                    if !matches!(sign, Some(b'+' | b'-')) {
                        bad = true;
                    }
                }
            }
        }
        if !range.is_empty() {
            return Err(error(std_text, v, &format!(": {range} out of range")));
        }
        if bad {
            return Err(error(std_text, hold, ""));
        }
    }
    if !v.is_empty() {
        return Err(error("", v, &format!(": extra text: {}", time_quote(v))));
    }
    if day < 1 || day > days_in(month, year) {
        return Err(error("", v, ": day out of range"));
    }
    Ok(())
}

/// `quantities must match the regular expression ...` (resource.ErrFormatWrong).
pub(super) const QUANTITY_FORMAT_WRONG: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/// resource.ErrNumeric.
const QUANTITY_NUMERIC: &str = "unable to parse numeric part of quantity";
/// resource.ErrSuffix.
const QUANTITY_SUFFIX: &str = "unable to parse quantity's suffix";

/// The text Quantity.UnmarshalJSON hands to ParseQuantity for a JSON string: the quoted bytes as
/// encoding/json wrote them, trimmed with strings.TrimSpace. Characters encoding/json escapes
/// leave a backslash, which no quantity accepts, so only the trimming needs care.
pub(super) fn quantity_string_text(s: &str) -> &str {
    let trimmed = |c: char| c.is_whitespace() && c >= ' ' && c != '\u{2028}' && c != '\u{2029}';
    s.trim_matches(trimmed)
}

/// Checks a quantity as `resource.ParseQuantity` does, returning its error text.
pub(super) fn parse_quantity(s: &str) -> Result<(), &'static str> {
    if s.is_empty() {
        return Err(QUANTITY_FORMAT_WRONG);
    }
    if s == "0" {
        return Ok(());
    }
    let parts = split_quantity(s.as_bytes()).ok_or(QUANTITY_FORMAT_WRONG)?;
    let (exponent, binary) = match parts.suffix {
        b"" => (0i32, false),
        b"n" => (-9, false),
        b"u" => (-6, false),
        b"m" => (-3, false),
        b"k" => (3, false),
        b"M" => (6, false),
        b"G" => (9, false),
        b"T" => (12, false),
        b"P" => (15, false),
        b"E" => (18, false),
        b"Ki" => (10, true),
        b"Mi" => (20, true),
        b"Gi" => (30, true),
        b"Ti" => (40, true),
        b"Pi" => (50, true),
        b"Ei" => (60, true),
        [b'e' | b'E', rest @ ..] if !rest.is_empty() => {
            // strconv.ParseInt(rest, 10, 64), then truncated to int32 as ParseQuantity does.
            let text = std::str::from_utf8(rest).map_err(|_| QUANTITY_SUFFIX)?;
            let parsed: i64 = text.parse().map_err(|_| QUANTITY_SUFFIX)?;
            (parsed as i32, false)
        }
        _ => return Err(QUANTITY_SUFFIX),
    };
    let num_len = i32::try_from(parts.num.len()).unwrap_or(i32::MAX);
    let denom_len = i32::try_from(parts.denom.len()).unwrap_or(i32::MAX);
    // Whether ParseQuantity's int64 fast path takes the value; otherwise it parses the number
    // part as a decimal, which needs at least one digit.
    let fast = if binary {
        let precision = 15 - num_len - exponent * 3 / 10 - 1;
        parts.denom.is_empty() && precision >= 0
    } else {
        let precision = 18i32.saturating_sub(num_len).saturating_sub(denom_len);
        precision >= 0 && exponent.wrapping_sub(denom_len) >= -9
    };
    if !fast && !parts.value.iter().any(u8::is_ascii_digit) {
        return Err(QUANTITY_NUMERIC);
    }
    Ok(())
}

struct QuantityParts<'a> {
    /// The number as written, sign included.
    value: &'a [u8],
    /// Integer digits without leading zeros ("0" when there are none).
    num: &'a [u8],
    denom: &'a [u8],
    suffix: &'a [u8],
}

/// resource's `parseQuantityString`: splits sign and number from the suffix.
fn split_quantity(s: &[u8]) -> Option<QuantityParts<'_>> {
    let end = s.len();
    let mut pos = 0;
    if matches!(s.first(), Some(b'-' | b'+')) {
        pos += 1;
    }
    while pos < end && s.get(pos) == Some(&b'0') {
        pos += 1;
    }
    if pos >= end {
        return Some(QuantityParts { value: b"0", num: b"0", denom: b"", suffix: b"" });
    }
    let num_start = pos;
    while pos < end && s.get(pos).is_some_and(u8::is_ascii_digit) {
        pos += 1;
    }
    let mut num = s.get(num_start..pos).unwrap_or_default();
    if pos >= end {
        return Some(QuantityParts { value: s, num, denom: b"", suffix: b"" });
    }
    if num.is_empty() {
        num = b"0";
    }
    let mut denom: &[u8] = b"";
    if s.get(pos) == Some(&b'.') {
        pos += 1;
        let denom_start = pos;
        while pos < end && s.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        denom = s.get(denom_start..pos).unwrap_or_default();
        if pos >= end {
            return Some(QuantityParts { value: s, num, denom, suffix: b"" });
        }
    }
    let value = s.get(..pos).unwrap_or_default();
    let suffix_start = pos;
    while pos < end && s.get(pos).is_some_and(|b| b"eEinumkKMGTP".contains(b)) {
        pos += 1;
    }
    if matches!(s.get(pos), Some(b'-' | b'+')) {
        pos += 1;
    }
    while pos < end && s.get(pos).is_some_and(u8::is_ascii_digit) {
        pos += 1;
    }
    if pos < end {
        return None;
    }
    Some(QuantityParts { value, num, denom, suffix: s.get(suffix_start..).unwrap_or_default() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_kubectl_sends_them() {
        let cases: &[(NodeValue, &str)] = &[
            (NodeValue::Int(-7), "-7"),
            (NodeValue::Float(1.5), "1.5"),
            (NodeValue::Float(1000.0), "1000"),
            (NodeValue::Float(-0.0), "0"),
            (NodeValue::Float(1e20), "100000000000000000000"),
            (NodeValue::Float(1e21), "1e+21"),
            (NodeValue::Float(-1.5e300), "-1.5e+300"),
            (NodeValue::Float(0.000001), "0.000001"),
            (NodeValue::Float(1e-7), "1e-7"),
            (NodeValue::Float(2.5e-10), "2.5e-10"),
            (NodeValue::Float(1.2345e-100), "1.2345e-100"),
            (NodeValue::UInt(18446744073709551615), "18446744073709552000"),
        ];
        for (value, want) in cases {
            assert_eq!(number_text(value).as_deref(), Some(*want), "for {value:?}");
        }
    }

    #[test]
    fn quote_escapes_as_strconv_quote_does() {
        let cases: &[(&str, &str)] = &[
            ("a.b", "\"a.b\""),
            ("a\"b\\c", "\"a\\\"b\\\\c\""),
            ("\n\t\u{7}\u{1}\u{7f}", "\"\\n\\t\\a\\x01\\x7f\""),
            ("é日本", "\"é日本\""),
            ("\u{a0}\u{200b}\u{10ffff}", "\"\\u00a0\\u200b\\U0010ffff\""),
        ];
        for (input, want) in cases {
            assert_eq!(quote(input), *want, "for {input:?}");
        }
    }

    #[test]
    fn quantities_are_checked_as_parse_quantity_checks_them() {
        let cases: &[(&str, Result<(), &str>)] = &[
            ("100m", Ok(())),
            ("1Gi", Ok(())),
            ("0.5", Ok(())),
            ("1e3", Ok(())),
            ("2", Ok(())),
            ("+1Ki", Ok(())),
            ("-1.5Gi", Ok(())),
            (".", Ok(())),
            ("Ki", Ok(())),
            ("1E", Ok(())),
            ("1e+5", Ok(())),
            ("12345678901234567890", Ok(())),
            ("", Err(QUANTITY_FORMAT_WRONG)),
            ("1Gb", Err(QUANTITY_FORMAT_WRONG)),
            ("abc", Err(QUANTITY_FORMAT_WRONG)),
            ("1 Gi", Err(QUANTITY_FORMAT_WRONG)),
            ("1.2.3", Err(QUANTITY_FORMAT_WRONG)),
            ("1K", Err(QUANTITY_SUFFIX)),
            ("1e", Err(QUANTITY_SUFFIX)),
            ("1Ki5", Err(QUANTITY_SUFFIX)),
            ("1e99999999999999999999", Err(QUANTITY_SUFFIX)),
            ("e-10", Err(QUANTITY_NUMERIC)),
            ("Pi", Err(QUANTITY_NUMERIC)),
            ("Ei", Err(QUANTITY_NUMERIC)),
        ];
        for (input, want) in cases {
            assert_eq!(parse_quantity(input), *want, "for {input:?}");
        }
        assert_eq!(quantity_string_text(" 1Gi\u{a0}"), "1Gi");
        assert_eq!(quantity_string_text("1Gi\t"), "1Gi\t");
    }

    #[test]
    fn times_are_checked_as_time_parse_checks_them() {
        let rfc = "2006-01-02T15:04:05Z07:00";
        let micro = "2006-01-02T15:04:05.000000Z07:00";
        let cannot = |value: &str, layout: &str, elem: &str, as_: &str| {
            format!("parsing time \"{value}\" as \"{layout}\": cannot parse \"{elem}\" as \"{as_}\"")
        };
        let cases: Vec<(Layout, &str, Result<(), String>)> = vec![
            (Layout::Rfc3339, "2024-01-02T03:04:05Z", Ok(())),
            (Layout::Rfc3339, "2024-01-02T03:04:05.123+02:00", Ok(())),
            (Layout::Rfc3339, "2024-02-29T00:00:00-00:00", Ok(())),
            (Layout::Rfc3339, "yesterday", Err(cannot("yesterday", rfc, "yesterday", "2006"))),
            (Layout::Rfc3339, "2024-1-01T00:00:00Z", Err(cannot("2024-1-01T00:00:00Z", rfc, "1-01T00:00:00Z", "01"))),
            (Layout::Rfc3339, "2024-01-01 00:00:00Z", Err(cannot("2024-01-01 00:00:00Z", rfc, " 00:00:00Z", "T"))),
            (Layout::Rfc3339, "2024-01-01T00:00:00", Err(cannot("2024-01-01T00:00:00", rfc, "", "Z07:00"))),
            (
                Layout::Rfc3339,
                "2024-01-01T00:00:00+0200",
                Err(cannot("2024-01-01T00:00:00+0200", rfc, "+0200", "Z07:00")),
            ),
            (
                Layout::Rfc3339,
                "2024-13-01T00:00:00Z",
                Err("parsing time \"2024-13-01T00:00:00Z\": month out of range".into()),
            ),
            (
                Layout::Rfc3339,
                "2023-02-29T00:00:00Z",
                Err("parsing time \"2023-02-29T00:00:00Z\": day out of range".into()),
            ),
            (
                Layout::Rfc3339,
                "2024-01-01T00:60:00Z",
                Err("parsing time \"2024-01-01T00:60:00Z\": minute out of range".into()),
            ),
            (
                Layout::Rfc3339,
                "2024-01-01T00:00:00+25:00",
                Err("parsing time \"2024-01-01T00:00:00+25:00\": time zone offset hour out of range".into()),
            ),
            (
                Layout::Rfc3339,
                "2024-01-01T00:00:00Zx",
                Err("parsing time \"2024-01-01T00:00:00Zx\": extra text: \"x\"".into()),
            ),
            (Layout::Rfc3339, "\u{e9}", Err(cannot("\\xc3\\xa9", rfc, "\\xc3\\xa9", "2006"))),
            (Layout::Rfc3339Micro, "2024-01-01T00:00:00.123456Z", Ok(())),
            (Layout::Rfc3339Micro, "2024-01-01T00:00:00Z", Err(cannot("2024-01-01T00:00:00Z", micro, "Z", ".000000"))),
            (
                Layout::Rfc3339Micro,
                "2024-01-01T00:00:00.12345Z",
                Err(cannot("2024-01-01T00:00:00.12345Z", micro, ".12345Z", ".000000")),
            ),
        ];
        for (layout, input, want) in cases {
            assert_eq!(parse_time(layout, input), want, "for {input:?}");
        }
    }
}
