//! Resource quantities as apimachinery's `resource.Quantity` reads and prints them: parsing with
//! suffixes, the nano-precision round-up, the int64 cap, the canonical form a JSON round trip
//! prints (`0.5` -> `500m`, `1024Mi` -> `1Gi`), milli round-up and comparison.

/// How a quantity was written, which decides how it is printed back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `1e3`, `5E-3`.
    DecimalExponent,
    /// `1Ki`, `100Mi`.
    BinarySI,
    /// `100m`, `1k`, `5`.
    DecimalSI,
}

/// A parsed quantity: its exact value in units of 10^-9, its format, and the string the parser
/// keeps when the input was already in canonical form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quantity {
    pub nanos: i128,
    pub format: Format,
    /// The original text, reused verbatim when printing (ParseQuantity's fast path).
    cached: Option<String>,
}

/// 10^9 nanos in a unit.
const NANO: i128 = 1_000_000_000;
/// The cap on a binary quantity (math.MaxInt64), in nanos.
const MAX_NANOS: i128 = (i64::MAX as i128) * NANO;

/// Splits a quantity string into sign, integer digits, fraction digits and suffix
/// (resource.parseQuantityString).
fn split(s: &str) -> Option<(bool, String, String, String)> {
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
    if pos >= b.len() {
        return Some((positive, "0".into(), String::new(), String::new()));
    }
    let start = pos;
    while pos < b.len() && b[pos].is_ascii_digit() {
        pos += 1;
    }
    let mut num = s[start..pos].to_string();
    if num.is_empty() {
        num = "0".into();
    }
    let mut denom = String::new();
    if pos < b.len() && b[pos] == b'.' {
        pos += 1;
        let dstart = pos;
        while pos < b.len() && b[pos].is_ascii_digit() {
            pos += 1;
        }
        denom = s[dstart..pos].to_string();
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
    Some((positive, num, denom, s[suffix_start..].to_string()))
}

/// Reads a suffix as (base, exponent, format) (resource.suffixHandler.interpret).
fn interpret(suffix: &str) -> Option<(u32, i32, Format)> {
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
        _ => {
            let rest = suffix.strip_prefix('e').or_else(|| suffix.strip_prefix('E'))?;
            let digits = rest.strip_prefix(['+', '-']).unwrap_or(rest);
            if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let e: i32 = rest.parse().ok()?;
            Some((10, e, Format::DecimalExponent))
        }
    }
}

/// `digits` (no sign) times 10^exp10 times 2^exp2, in nanos, rounded away from zero to a whole
/// nano and capped at `cap`.
fn to_nanos(digits: &str, exp10: i64, exp2: u32, cap: i128) -> i128 {
    // Keep at most 30 significant digits; anything dropped only matters for the round-up.
    let digits = digits.trim_start_matches('0');
    let (kept, dropped) = digits.split_at(digits.len().min(30));
    let sticky = dropped.bytes().any(|c| c != b'0');
    let mut exp10 = exp10 + dropped.len() as i64 + 9;
    let mut v: i128 = kept.parse().unwrap_or(0);
    if v == 0 && !sticky {
        return 0;
    }
    for _ in 0..exp2 {
        v = match v.checked_mul(2) {
            Some(x) => x,
            None => return cap,
        };
    }
    let mut inexact = sticky;
    while exp10 < 0 {
        if v % 10 != 0 {
            inexact = true;
        }
        v /= 10;
        exp10 += 1;
        if v == 0 {
            break;
        }
    }
    if exp10 < 0 {
        exp10 = 0;
    }
    if inexact {
        v += 1;
    }
    while exp10 > 0 {
        v = match v.checked_mul(10) {
            Some(x) if x <= cap => x,
            _ => return cap,
        };
        exp10 -= 1;
    }
    v.min(cap)
}

impl Quantity {
    /// Parses a quantity the way resource.ParseQuantity does; `None` when it is not one.
    pub fn parse(text: &str) -> Option<Quantity> {
        let s = text.trim();
        if s.is_empty() {
            return None;
        }
        if s == "0" {
            return Some(Quantity { nanos: 0, format: Format::DecimalSI, cached: None });
        }
        let (positive, num, denom, suffix) = split(s)?;
        let (base, exponent, mut format) = interpret(&suffix)?;
        let digits = format!("{num}{denom}");
        // The fast path (an int64 mantissa and a scale) neither rounds nor caps; the slow path caps
        // binary quantities at MaxInt64.
        let fast = fast_path(&num, &denom, base, exponent);
        let cap = if fast.is_none() && format == Format::BinarySI { MAX_NANOS } else { i128::MAX / 16 };
        let nanos = if base == 10 {
            to_nanos(&digits, i64::from(exponent) - denom.len() as i64, 0, cap)
        } else {
            to_nanos(&digits, -(denom.len() as i64), exponent.unsigned_abs(), cap)
        };
        if fast.is_none() && format == Format::BinarySI && nanos > 0 && nanos < NANO {
            format = Format::DecimalSI;
        }
        let cached = fast.filter(|keep| *keep).map(|_| s.to_string());
        let nanos = if positive { nanos } else { -nanos };
        Some(Quantity { nanos, format, cached })
    }

    /// Rounds up to a multiple of 10^-3 (Quantity.RoundUp(-3), as SetDefaults_ResourceList does).
    pub fn round_up_to_milli(&mut self) {
        const MILLI: i128 = 1_000_000;
        let rem = self.nanos % MILLI;
        if rem == 0 {
            return;
        }
        self.cached = None;
        self.nanos = self.nanos - rem + if self.nanos > 0 { MILLI } else { -MILLI };
    }

    /// The text a JSON round trip prints (Quantity.MarshalJSON / CanonicalizeBytes).
    pub fn canonical(&self) -> String {
        if let Some(s) = &self.cached {
            return s.clone();
        }
        if self.nanos == 0 {
            return "0".into();
        }
        let mut format = self.format;
        if format == Format::BinarySI {
            let abs = self.nanos.abs();
            if abs < 1024 * NANO || self.nanos % NANO != 0 {
                format = Format::DecimalSI;
            }
        }
        if format == Format::BinarySI {
            let mut v = self.nanos / NANO;
            let mut times = 0;
            while v.abs() >= 1024 && v % 1024 == 0 {
                v /= 1024;
                times += 1;
            }
            let suffix = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"].get(times).copied().unwrap_or("");
            return format!("{v}{suffix}");
        }
        let mut v = self.nanos;
        let mut exp: i32 = -9;
        while v % 10 == 0 {
            v /= 10;
            exp += 1;
        }
        while exp.rem_euclid(3) != 0 {
            v *= 10;
            exp -= 1;
        }
        let suffix = match format {
            Format::DecimalExponent if exp == 0 => String::new(),
            Format::DecimalExponent => format!("e{exp}"),
            _ => match exp {
                -9 => "n".into(),
                -6 => "u".into(),
                -3 => "m".into(),
                0 => String::new(),
                3 => "k".into(),
                6 => "M".into(),
                9 => "G".into(),
                12 => "T".into(),
                15 => "P".into(),
                18 => "E".into(),
                _ => String::new(),
            },
        };
        format!("{v}{suffix}")
    }
}

/// Whether ParseQuantity takes its fast path, and if so whether it keeps the input text because
/// it is already canonical.
fn fast_path(num: &str, denom: &str, base: u32, exponent: i32) -> Option<bool> {
    let digits = num.len() + denom.len();
    let (scale, precision) = if base == 10 {
        (exponent, 18 - digits as i32)
    } else if exponent >= 0 && denom.is_empty() {
        (0, 15 - num.len() as i32 - (exponent * 3 / 10) - 1)
    } else {
        (0, -1)
    };
    if precision < 0 {
        return None;
    }
    let scale = scale - denom.len() as i32;
    if scale < -9 {
        return None;
    }
    let shifted = format!("{num}{denom}");
    let value: i64 = shifted.parse().ok()?;
    if base == 2 {
        value.checked_mul(1i64.checked_shl(exponent.unsigned_abs())?)?;
        return Some(exponent % 10 == 0 && value & 0x07 != 0);
    }
    Some(scale % 3 == 0 && !shifted.ends_with("000") && !shifted.starts_with('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_print_in_the_canonical_form_of_a_json_round_trip() {
        let cases = [
            ("100m", "100m"),
            ("0.5", "500m"),
            ("1.5", "1500m"),
            ("1000m", "1"),
            ("1000", "1k"),
            ("10", "10"),
            ("1024Mi", "1Gi"),
            ("1536Mi", "1536Mi"),
            ("0.5Gi", "512Mi"),
            ("1.5Ki", "1536"),
            ("512Ki", "512Ki"),
            ("3Mi", "3Mi"),
            ("1e3", "1e3"),
            ("1E3", "1E3"),
            ("1000e0", "1e3"),
            ("0", "0"),
            ("0.0", "0"),
            ("00100m", "00100m"),
            ("0.100", "100m"),
            ("1n", "1n"),
            ("0.0000000001", "1n"),
            ("128974848", "128974848"),
            ("129e6", "129e6"),
            ("123Mi", "123Mi"),
            ("2", "2"),
            ("20E", "20E"),
            ("9999999999999999999", "9999999999999999999"),
            ("9999999999999999999Ki", "9223372036854775807"),
            ("-1", "-1"),
            ("0.1", "100m"),
            ("250m", "250m"),
            ("64Mi", "64Mi"),
            ("1G", "1G"),
            ("1000000", "1M"),
        ];
        for (input, want) in cases {
            let q = Quantity::parse(input);
            assert_eq!(q.map(|q| q.canonical()), Some(want.to_string()), "{input}");
        }
    }

    #[test]
    fn text_that_is_not_a_quantity_does_not_parse() {
        for input in ["", "abc", "1x", "1Mii", "1e", "--1", "1.2.3", "1k2"] {
            assert_eq!(Quantity::parse(input), None, "{input}");
        }
    }

    #[test]
    fn rounding_up_to_milli_keeps_coarser_values() {
        let cases = [("100u", "1m"), ("1n", "1m"), ("1.0001", "1001m"), ("100m", "100m"), ("1Gi", "1Gi")];
        for (input, want) in cases {
            let rounded = Quantity::parse(input).map(|mut q| {
                q.round_up_to_milli();
                q.canonical()
            });
            assert_eq!(rounded.as_deref(), Some(want), "{input}");
        }
    }

    #[test]
    fn values_compare_exactly_across_formats() {
        let a = Quantity::parse("1Gi").map(|q| q.nanos);
        let b = Quantity::parse("1073741824").map(|q| q.nanos);
        assert_eq!(a, b);
        let c = Quantity::parse("0.5").map(|q| q.nanos);
        let d = Quantity::parse("500m").map(|q| q.nanos);
        assert_eq!(c, d);
    }

    #[test]
    fn odd_quantities_never_panic() {
        for text in [
            "ü",
            "1ü",
            "1.ü",
            "+",
            "-",
            ".",
            "1e99999999999",
            "1e-99999",
            "9".repeat(400).as_str(),
            "0.0000000000000000000000000000000000000001",
            "-1.5Ei",
            "1Ei",
        ] {
            if let Some(mut q) = Quantity::parse(text) {
                q.round_up_to_milli();
                let _ = q.canonical();
            }
        }
    }
}
