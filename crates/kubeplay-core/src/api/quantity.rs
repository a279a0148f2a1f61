//! `resource.Quantity`: `500m`, `1.5Gi`, `1e3`; parsed exactly (nano units) and printed in the
//! apiserver's canonical form.

use std::cmp::Ordering;
use std::fmt;

/// How a quantity was written, which decides how it is printed back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `Ki`, `Mi`, ... (powers of 1024).
    BinarySI,
    /// `n`, `u`, `m`, ``, `k`, `M`, ... (powers of 1000).
    DecimalSI,
    /// `1e3`, `5E-2`.
    DecimalExponent,
}

/// A parsed quantity: the value in nano units (10^-9), rounded up as upstream rounds sub-nano values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quantity {
    pub nanos: i128,
    pub format: Format,
}

/// Why a string is not a quantity; Display is the apiserver's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuantityError {
    Format,
    Suffix,
    Numeric,
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            QuantityError::Format => {
                "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
            }
            QuantityError::Suffix => "unable to parse quantity's suffix",
            QuantityError::Numeric => "unable to parse numeric part of quantity",
        })
    }
}

const NANO: i128 = 1_000_000_000;

impl Quantity {
    /// `resource.ParseQuantity`.
    pub fn parse(s: &str) -> Result<Quantity, QuantityError> {
        if s.is_empty() {
            return Err(QuantityError::Format);
        }
        let b = s.as_bytes();
        let mut i = 0;
        let negative = match b.first() {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let num_start = i;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
            i += 1;
        }
        let number = &s[num_start..i];
        let suffix = &s[i..];
        if number.is_empty() || !suffix_chars_ok(suffix) {
            return Err(QuantityError::Format);
        }
        let (int_part, frac_part) = match number.split_once('.') {
            Some((a, b)) => (a, b),
            None => (number, ""),
        };
        if frac_part.contains('.') || (int_part.is_empty() && frac_part.is_empty()) {
            return Err(QuantityError::Numeric);
        }
        let (format, base10_exp, base2_exp) = parse_suffix(suffix)?;
        // value = digits * 10^(exp10 - len(frac)) * 2^exp2, accumulated in nanos.
        let digits = format!("{int_part}{frac_part}");
        let digits = digits.trim_start_matches('0');
        if digits.len() > 30 {
            return Err(QuantityError::Numeric);
        }
        let mantissa: i128 = if digits.is_empty() { 0 } else { digits.parse().map_err(|_| QuantityError::Numeric)? };
        let frac_len = i32::try_from(frac_part.len()).map_err(|_| QuantityError::Numeric)?;
        let exp10 = base10_exp - frac_len + 9;
        let mut nanos = mantissa;
        if exp10 >= 0 {
            for _ in 0..exp10 {
                nanos = nanos.checked_mul(10).ok_or(QuantityError::Numeric)?;
            }
        } else {
            let mut div: i128 = 1;
            for _ in 0..(-exp10).min(38) {
                div = div.saturating_mul(10);
            }
            // Sub-nano precision rounds up (away from zero for the magnitude).
            nanos = (nanos + div - 1) / div;
        }
        for _ in 0..base2_exp {
            nanos = nanos.checked_mul(2).ok_or(QuantityError::Numeric)?;
        }
        if negative {
            nanos = -nanos;
        }
        Ok(Quantity { nanos, format })
    }

    /// The value in milli-units, rounded up (`MilliValue`).
    pub fn milli_value(&self) -> i64 {
        let m = div_ceil(self.nanos, 1_000_000);
        i64::try_from(m).unwrap_or(if m > 0 { i64::MAX } else { i64::MIN })
    }

    /// The value in whole units, rounded up (`Value`).
    pub fn value(&self) -> i64 {
        let v = div_ceil(self.nanos, NANO);
        i64::try_from(v).unwrap_or(if v > 0 { i64::MAX } else { i64::MIN })
    }

    /// The canonical string the apiserver prints (`Quantity.String`).
    ///
    /// Worked examples: `0.5` → `500m`, `1000m` → `1`, `2000` → `2k`, `1.5Gi` → `1536Mi`,
    /// `1024Mi` → `1Gi`, `1e3` → `1e3`.
    pub fn canonical(&self) -> String {
        let (sign, mag) = if self.nanos < 0 { ("-", -self.nanos) } else { ("", self.nanos) };
        if mag == 0 {
            return "0".to_string();
        }
        if self.format == Format::BinarySI && mag % NANO == 0 {
            let mut units = mag / NANO;
            let suffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
            let mut k = 0;
            while k + 1 < suffixes.len() && units % 1024 == 0 {
                units /= 1024;
                k += 1;
            }
            if k > 0 || units < 1024 {
                return format!("{sign}{units}{}", suffixes[k]);
            }
        }
        // Decimal: the largest power of 1000 that divides the value exactly.
        let mut exp = -9i32;
        let mut mant = mag;
        while exp < 18 && mant % 1000 == 0 {
            mant /= 1000;
            exp += 3;
        }
        let suffix = if self.format == Format::DecimalExponent {
            if exp == 0 {
                String::new()
            } else {
                format!("e{exp}")
            }
        } else {
            match exp {
                -9 => "n",
                -6 => "u",
                -3 => "m",
                0 => "",
                3 => "k",
                6 => "M",
                9 => "G",
                12 => "T",
                15 => "P",
                _ => "E",
            }
            .to_string()
        };
        format!("{sign}{mant}{suffix}")
    }
}

impl PartialOrd for Quantity {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.nanos.cmp(&other.nanos))
    }
}

fn div_ceil(a: i128, b: i128) -> i128 {
    let q = a / b;
    if a % b != 0 && a > 0 {
        q + 1
    } else {
        q
    }
}

fn suffix_chars_ok(suffix: &str) -> bool {
    // [eEinumkKMGTP]*[-+]?[0-9]*
    let b = suffix.as_bytes();
    let mut i = 0;
    while i < b.len() && b"eEinumkKMGTP".contains(&b[i]) {
        i += 1;
    }
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    i == b.len()
}

/// (format, power of ten, power of two) of a suffix.
fn parse_suffix(suffix: &str) -> Result<(Format, i32, u32), QuantityError> {
    Ok(match suffix {
        "" => (Format::DecimalSI, 0, 0),
        "n" => (Format::DecimalSI, -9, 0),
        "u" => (Format::DecimalSI, -6, 0),
        "m" => (Format::DecimalSI, -3, 0),
        "k" => (Format::DecimalSI, 3, 0),
        "M" => (Format::DecimalSI, 6, 0),
        "G" => (Format::DecimalSI, 9, 0),
        "T" => (Format::DecimalSI, 12, 0),
        "P" => (Format::DecimalSI, 15, 0),
        "E" => (Format::DecimalSI, 18, 0),
        "Ki" => (Format::BinarySI, 0, 10),
        "Mi" => (Format::BinarySI, 0, 20),
        "Gi" => (Format::BinarySI, 0, 30),
        "Ti" => (Format::BinarySI, 0, 40),
        "Pi" => (Format::BinarySI, 0, 50),
        "Ei" => (Format::BinarySI, 0, 60),
        s if s.starts_with(['e', 'E']) => {
            let exp: i32 = s[1..].parse().map_err(|_| QuantityError::Suffix)?;
            if !(-100..=100).contains(&exp) {
                return Err(QuantityError::Suffix);
            }
            (Format::DecimalExponent, exp, 0)
        }
        _ => return Err(QuantityError::Suffix),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_print_in_canonical_form() {
        let cases = [
            ("0.5", "500m"),
            ("1000m", "1"),
            ("1500m", "1500m"),
            ("1.5", "1500m"),
            ("2000", "2k"),
            ("1500", "1500"),
            ("100M", "100M"),
            ("1.5Gi", "1536Mi"),
            ("1024Mi", "1Gi"),
            ("1000Mi", "1000Mi"),
            ("512", "512"),
            ("0.5Ki", "512"),
            ("1e3", "1e3"),
            ("129e6", "129e6"),
            ("128974848", "128974848"),
            ("0", "0"),
            ("250m", "250m"),
            ("-1", "-1"),
            ("8Gi", "8Gi"),
            ("110", "110"),
        ];
        for (input, want) in cases {
            assert_eq!(Quantity::parse(input).unwrap().canonical(), want, "{input}");
        }
    }

    #[test]
    fn milli_values_compare_across_units() {
        assert_eq!(Quantity::parse("500m").unwrap().milli_value(), 500);
        assert_eq!(Quantity::parse("1").unwrap().milli_value(), 1000);
        assert_eq!(Quantity::parse("1Gi").unwrap().value(), 1_073_741_824);
        assert!(Quantity::parse("1Gi").unwrap() > Quantity::parse("1000Mi").unwrap());
    }

    #[test]
    fn malformed_quantities_are_refused_with_the_apiserver_text() {
        for bad in ["abc", "1Gb", "", "1.2.3", "--1", "1 Gi"] {
            assert!(Quantity::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Quantity::parse("1Gb").unwrap_err(), QuantityError::Format);
        assert_eq!(Quantity::parse("1kM").unwrap_err(), QuantityError::Suffix);
    }
}
