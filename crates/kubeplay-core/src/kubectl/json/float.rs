//! Go's float64 text forms: the shortest digits that read back to the same value, laid out as
//! `encoding/json` writes a float and as `strconv.FormatFloat(f, 'g', -1, 64)` does.

/// The shortest decimal digits of a finite float: value = 0.d1d2…dn × 10^point.
pub(crate) struct Digits {
    pub(crate) negative: bool,
    /// ASCII digits without leading or trailing zeros; empty for zero.
    pub(crate) digits: Vec<u8>,
    /// Position of the decimal point relative to the first digit.
    pub(crate) point: i32,
}

impl Digits {
    /// Follows strconv's shortest conversion (`ryuFtoaShortest`), taken from Rust's own shortest `{:e}` form.
    pub(crate) fn shortest(value: f64) -> Digits {
        let negative = value.is_sign_negative();
        if value == 0.0 {
            return Digits { negative, digits: Vec::new(), point: 0 };
        }
        let (mut digits, exponent) = scientific(&format!("{:e}", value.abs()));
        // When the value lies exactly halfway between two shortest candidates Rust rounds up, Go to even.
        if let Some(lower) = lower_even_candidate(&digits) {
            if is_exact_midpoint(value.abs(), &lower, exponent) {
                digits = lower;
            }
        }
        Digits { negative, digits, point: exponent + 1 }
    }

    /// Follows strconv `fmtF`: `decimals` digits after the point.
    fn write_fixed(&self, out: &mut String, decimals: i32) {
        if self.negative {
            out.push('-');
        }
        let count = self.digits.len() as i32;
        if self.point > 0 {
            let whole = self.point.min(count) as usize;
            out.extend(self.digits[..whole].iter().map(|&d| d as char));
            for _ in count..self.point {
                out.push('0');
            }
        } else {
            out.push('0');
        }
        if decimals > 0 {
            out.push('.');
            for i in 1..=decimals {
                let j = self.point + i - 1;
                let digit = if (0..count).contains(&j) { self.digits[j as usize] } else { b'0' };
                out.push(digit as char);
            }
        }
    }

    /// Follows strconv `fmtE`: one digit, `decimals` digits after the point, `e`, sign and at least two
    /// exponent digits.
    fn write_exponent(&self, out: &mut String, decimals: i32) {
        if self.negative {
            out.push('-');
        }
        out.push(self.digits.first().map_or('0', |&d| d as char));
        if decimals > 0 {
            out.push('.');
            for i in 1..=decimals as usize {
                out.push(self.digits.get(i).map_or('0', |&d| d as char));
            }
        }
        out.push('e');
        let exponent = if self.digits.is_empty() { 0 } else { self.point - 1 };
        out.push(if exponent < 0 { '-' } else { '+' });
        let exponent = exponent.unsigned_abs();
        if exponent < 10 {
            out.push('0');
        }
        out.push_str(&exponent.to_string());
    }
}

/// The digits and exponent of Rust's `{:e}` text (`d.ddde-7`).
fn scientific(text: &str) -> (Vec<u8>, i32) {
    let (mantissa, exponent) = text.split_once('e').unwrap_or((text, "0"));
    (mantissa.bytes().filter(u8::is_ascii_digit).collect(), exponent.parse().unwrap_or(0))
}

/// The candidate one unit lower in the last digit, when that digit is odd.
fn lower_even_candidate(digits: &[u8]) -> Option<Vec<u8>> {
    let (&last, _) = digits.split_last()?;
    if (last - b'0') % 2 == 0 || (digits.len() == 1 && last == b'1') {
        return None;
    }
    let mut lower = digits.to_vec();
    if let Some(digit) = lower.last_mut() {
        *digit -= 1;
    }
    Some(lower)
}

/// Whether `value` is exactly `lower` followed by a 5 (at the given exponent), so that `lower` and the
/// candidate above it are equally near.
fn is_exact_midpoint(value: f64, lower: &[u8], exponent: i32) -> bool {
    // Cheap test first: a midpoint's lower candidate reads back as the same value.
    let mut text: String = lower.iter().map(|&d| d as char).collect();
    text.push_str(&format!("e{}", exponent - (lower.len() as i32 - 1)));
    if text.parse::<f64>() != Ok(value) {
        return false;
    }
    // 1100 digits hold the exact expansion of any float64.
    let (exact, exact_exponent) = scientific(&format!("{value:.1100e}"));
    exact_exponent == exponent
        && exact.starts_with(lower)
        && exact.get(lower.len()) == Some(&b'5')
        && exact[lower.len() + 1..].iter().all(|&d| d == b'0')
}

/// The text `encoding/json` writes for a float64 (`floatEncoder.encode`): plain decimal, or exponent
/// form below 1e-6 and from 1e21 on, with `e-07` shortened to `e-7`.
pub(crate) fn go_json_float(value: f64) -> String {
    let digits = Digits::shortest(value);
    let magnitude = value.abs();
    let mut out = String::new();
    if magnitude != 0.0 && !(1e-6..1e21).contains(&magnitude) {
        digits.write_exponent(&mut out, digits.digits.len() as i32 - 1);
        let bytes = out.as_bytes();
        let n = bytes.len();
        if n >= 4 && bytes[n - 4] == b'e' && bytes[n - 3] == b'-' && bytes[n - 2] == b'0' {
            out.remove(n - 2);
        }
    } else {
        digits.write_fixed(&mut out, (digits.digits.len() as i32 - digits.point).max(0));
    }
    out
}

/// The text of `strconv.FormatFloat(value, 'g', -1, 64)`, which go-yaml v2 writes for floats
/// (`encoder.floatv`): exponent form when the exponent is below -4 or at least 6.
pub(crate) fn go_g_float(value: f64) -> String {
    if value.is_nan() {
        return ".nan".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { ".inf".to_owned() } else { "-.inf".to_owned() };
    }
    let digits = Digits::shortest(value);
    let count = digits.digits.len() as i32;
    let exponent = digits.point - 1;
    let mut out = String::new();
    if !(-4..6).contains(&exponent) {
        digits.write_exponent(&mut out, count - 1);
    } else {
        digits.write_fixed(&mut out, (count - digits.point).max(0));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_written_as_encoding_json_writes_them() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "-0"),
            (1.0, "1"),
            (0.5, "0.5"),
            (-2.25, "-2.25"),
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (1.5e300, "1.5e+300"),
            (1e-6, "0.000001"),
            (1e-7, "1e-7"),
            (1.25e-10, "1.25e-10"),
            (5e-324, "5e-324"),
            (0.1 + 0.2, "0.30000000000000004"),
            (123456789.125, "123456789.125"),
            (1.2345678901234567e19, "12345678901234567000"),
            (f64::MAX, "1.7976931348623157e+308"),
            // Exactly halfway between ...652 and ...653: Go takes the even digit.
            (850_175_102_836_965.0 + 0.25, "850175102836965.2"),
        ];
        for (value, expected) in cases {
            assert_eq!(go_json_float(*value), *expected, "{value:e}");
        }
    }

    #[test]
    fn floats_are_written_as_strconv_g_writes_them() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (0.5, "0.5"),
            (123456.5, "123456.5"),
            (1234567.5, "1.2345675e+06"),
            (1e20, "1e+20"),
            (1e21, "1e+21"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1e-7, "1e-07"),
            (-1.5e-300, "-1.5e-300"),
            (1.8446744073709552e19, "1.8446744073709552e+19"),
            (f64::INFINITY, ".inf"),
            (850_175_102_836_965.0 + 0.25, "8.501751028369652e+14"),
        ];
        for (value, expected) in cases {
            assert_eq!(go_g_float(*value), *expected, "{value:e}");
        }
    }
}
