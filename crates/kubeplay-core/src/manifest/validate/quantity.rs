//! Resource quantities (`500m`, `1Gi`, `1e3`) as apimachinery `resource.Quantity` reads,
//! compares and prints them (v0.32 `ParseQuantity`, `Cmp`, `String`). Values are held exactly in
//! nano units, which is the precision upstream rounds to.

use std::cmp::Ordering;

/// How a quantity was written, which decides how it prints back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    DecimalExponent,
    BinarySI,
    DecimalSI,
}

/// A parsed quantity: `nanos / 10^9` in `format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quantity {
    nanos: i128,
    format: Format,
}

const NANO: i128 = 1_000_000_000;
/// Upstream caps binary quantities at `2^63 - 1`.
const MAX_ALLOWED: i128 = i64::MAX as i128;

fn pow10(e: u32) -> Option<i128> {
    10i128.checked_pow(e)
}

/// The parts of a quantity string: sign, integer digits, fraction digits, suffix
/// (`parseQuantityString`). `None` when it does not match `^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$`.
fn split(s: &str) -> Option<(bool, &str, &str, &str)> {
    let b = s.as_bytes();
    let mut pos = 0;
    let mut positive = true;
    match b.first() {
        Some(b'-') => {
            positive = false;
            pos = 1;
        }
        Some(b'+') => pos = 1,
        _ => {}
    }
    while pos < b.len() && b[pos] == b'0' {
        pos += 1;
    }
    let num_start = pos;
    while pos < b.len() && b[pos].is_ascii_digit() {
        pos += 1;
    }
    let num = s.get(num_start..pos)?;
    let mut denom = "";
    if pos < b.len() && b[pos] == b'.' {
        pos += 1;
        let start = pos;
        while pos < b.len() && b[pos].is_ascii_digit() {
            pos += 1;
        }
        denom = s.get(start..pos)?;
    }
    let suffix_start = pos;
    while pos < b.len() && b"eEinumkKMGTP".contains(&b[pos]) {
        pos += 1;
    }
    if pos < b.len() && (b[pos] == b'-' || b[pos] == b'+') {
        pos += 1;
    }
    while pos < b.len() && b[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos != b.len() {
        return None;
    }
    Some((positive, num, denom, s.get(suffix_start..)?))
}

/// The base, exponent and format of a suffix (`quantitySuffixer.interpret`).
fn interpret(suffix: &str) -> Option<(u32, i64, Format)> {
    let dec = |e| Some((10, e, Format::DecimalSI));
    let bin = |e| Some((2, e, Format::BinarySI));
    match suffix {
        "" => dec(0),
        "n" => dec(-9),
        "u" => dec(-6),
        "m" => dec(-3),
        "k" => dec(3),
        "M" => dec(6),
        "G" => dec(9),
        "T" => dec(12),
        "P" => dec(15),
        "E" => dec(18),
        "Ki" => bin(10),
        "Mi" => bin(20),
        "Gi" => bin(30),
        "Ti" => bin(40),
        "Pi" => bin(50),
        "Ei" => bin(60),
        s if s.len() > 1 && (s.starts_with('e') || s.starts_with('E')) => {
            let e: i64 = s.get(1..)?.parse().ok()?;
            Some((10, e, Format::DecimalExponent))
        }
        _ => None,
    }
}

/// `digits * 10^shift`, rounded away from zero when `shift` is negative (upstream rounds up to
/// nano precision).
fn scale_up(digits: i128, shift: i64) -> Option<i128> {
    if shift >= 0 {
        digits.checked_mul(pow10(u32::try_from(shift).ok()?)?)
    } else {
        let d = pow10(u32::try_from(-shift).ok()?)?;
        let q = digits / d;
        if digits % d != 0 {
            q.checked_add(1)
        } else {
            Some(q)
        }
    }
}

impl Quantity {
    /// Follows `ParseQuantity`. `None` for text upstream rejects, and for magnitudes beyond
    /// what this model holds (about 10^29), which no manifest needs.
    pub fn parse(s: &str) -> Option<Quantity> {
        let s = s.trim();
        if s.is_empty() {
            return None;
        }
        if s == "0" {
            return Some(Quantity { nanos: 0, format: Format::DecimalSI });
        }
        let (positive, num, denom, suffix) = split(s)?;
        let (base, exponent, mut format) = interpret(suffix)?;
        let mut digits: i128 = 0;
        for c in num.bytes().chain(denom.bytes()) {
            digits = digits.checked_mul(10)?.checked_add(i128::from(c - b'0'))?;
        }
        let denom_len = i64::try_from(denom.len()).ok()?;
        let mut nanos = if base == 10 {
            scale_up(digits, exponent - denom_len + 9)?
        } else {
            let shifted = digits.checked_mul(1i128.checked_shl(u32::try_from(exponent).ok()?)?)?;
            scale_up(shifted, 9 - denom_len)?
        };
        if format == Format::BinarySI && nanos > MAX_ALLOWED.checked_mul(NANO)? {
            nanos = MAX_ALLOWED * NANO;
        }
        if format == Format::BinarySI && nanos > 0 && nanos < NANO {
            format = Format::DecimalSI;
        }
        if !positive {
            nanos = -nanos;
        }
        Some(Quantity { nanos, format })
    }

    /// Follows `Quantity.Cmp`.
    pub fn cmp_to(&self, other: &Quantity) -> Ordering {
        self.nanos.cmp(&other.nanos)
    }

    /// Follows `Quantity.Sign`.
    pub fn sign(&self) -> i32 {
        match self.nanos.cmp(&0) {
            Ordering::Less => -1,
            Ordering::Equal => 0,
            Ordering::Greater => 1,
        }
    }

    /// Whether `MilliValue() % 1000 == 0` (the "must be an integer" rule).
    pub fn is_whole(&self) -> bool {
        // MilliValue rounds up to milli units first.
        let milli = scale_up(self.nanos.abs(), -6).unwrap_or(0);
        milli % 1000 == 0
    }

    /// The value in milli units, rounded up (`MilliValue`).
    pub fn milli_value(&self) -> i128 {
        let m = scale_up(self.nanos.abs(), -6).unwrap_or(0);
        if self.nanos < 0 {
            -m
        } else {
            m
        }
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// Follows `Quantity.String`: the canonical form (`2000m` prints as `2`, `1024Mi` as `1Gi`).
    pub fn canonical(&self) -> String {
        if self.nanos == 0 {
            return "0".to_string();
        }
        let mut format = self.format;
        if format == Format::BinarySI {
            let whole = self.nanos % NANO == 0;
            if self.nanos.abs() < 1024 * NANO || !whole {
                format = Format::DecimalSI;
            }
        }
        match format {
            Format::BinarySI => {
                let mut v = self.nanos / NANO;
                let mut exp = 0;
                while v % 1024 == 0 {
                    v /= 1024;
                    exp += 1;
                }
                let suffix = match exp {
                    1 => "Ki",
                    2 => "Mi",
                    3 => "Gi",
                    4 => "Ti",
                    5 => "Pi",
                    6 => "Ei",
                    _ => "",
                };
                format!("{v}{suffix}")
            }
            Format::DecimalSI | Format::DecimalExponent => {
                let mut m = self.nanos;
                let mut e: i64 = -9;
                while m % 10 == 0 {
                    m /= 10;
                    e += 1;
                }
                while e % 3 != 0 {
                    m *= 10;
                    e -= 1;
                }
                let suffix = if format == Format::DecimalExponent {
                    if e == 0 {
                        String::new()
                    } else {
                        format!("e{e}")
                    }
                } else {
                    match e {
                        -9 => "n",
                        -6 => "u",
                        -3 => "m",
                        3 => "k",
                        6 => "M",
                        9 => "G",
                        12 => "T",
                        15 => "P",
                        18 => "E",
                        _ => "",
                    }
                    .to_string()
                };
                format!("{m}{suffix}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Quantity {
        Quantity::parse(s).unwrap()
    }

    // Table following Quantity.String (canonical forms).
    #[test]
    fn quantities_print_in_their_canonical_form() {
        let cases = [
            ("500m", "500m"),
            ("0.5", "500m"),
            ("2000m", "2"),
            ("1", "1"),
            ("1000", "1k"),
            ("1Gi", "1Gi"),
            ("1024Mi", "1Gi"),
            ("1000Mi", "1000Mi"),
            ("1.5Gi", "1536Mi"),
            ("100M", "100M"),
            ("1e3", "1e3"),
            ("0.1Gi", "107374182400m"),
            ("512", "512"),
            ("-1", "-1"),
            ("0", "0"),
            ("1n", "1n"),
            ("0.0000000001", "1n"),
        ];
        for (input, want) in cases {
            assert_eq!(q(input).canonical(), want, "{input}");
        }
    }

    #[test]
    fn quantities_compare_across_suffixes() {
        assert_eq!(q("500m").cmp_to(&q("1")), Ordering::Less);
        assert_eq!(q("1Gi").cmp_to(&q("1000Mi")), Ordering::Greater);
        assert_eq!(q("1G").cmp_to(&q("1Gi")), Ordering::Less);
        assert_eq!(q("1000m").cmp_to(&q("1")), Ordering::Equal);
        assert_eq!(q("-1").sign(), -1);
    }

    #[test]
    fn text_upstream_rejects_does_not_parse() {
        for bad in ["", "abc", "1x", "1.2.3", "1Gi1x", "--1", "1EE"] {
            assert_eq!(Quantity::parse(bad), None, "{bad}");
        }
        assert!(!q("1.5").is_whole() && q("2").is_whole());
        assert_eq!(q("Gi").sign(), 0);
    }
}
