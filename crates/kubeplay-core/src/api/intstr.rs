//! `intstr.IntOrString`: `maxSurge: 1` or `maxSurge: 25%`, and how percentages scale.

/// An int32 or a string, printed back as written (its JSON conversions are in [`super::value`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IntOrString {
    Int(i32),
    Str(String),
}

impl Default for IntOrString {
    fn default() -> Self {
        IntOrString::Int(0)
    }
}

impl IntOrString {
    /// The value against `total`: an int as is, a percent of `total` rounded up or down
    /// (`intstr.GetScaledValueFromIntOrPercent`).
    ///
    /// Worked example: 25% of 10 is 2.5, so 3 rounded up (maxSurge) and 2 rounded down
    /// (maxUnavailable).
    pub fn scaled_value(&self, total: i32, round_up: bool) -> Result<i32, String> {
        match self {
            IntOrString::Int(i) => Ok(*i),
            IntOrString::Str(s) => {
                let Some(digits) = s.strip_suffix('%') else {
                    return Err("invalid value for IntOrString: invalid type: string is not a percentage".to_string());
                };
                let pct: i64 = digits
                    .parse()
                    .map_err(|_| format!("invalid value for IntOrString: invalid value \"{s}\": invalid syntax"))?;
                let product = pct * i64::from(total);
                let v = if round_up { (product + 99).div_euclid(100) } else { product.div_euclid(100) };
                Ok(i32::try_from(v).unwrap_or(i32::MAX))
            }
        }
    }

    /// The value as written: `1` or `25%`.
    pub fn display(&self) -> String {
        match self {
            IntOrString::Int(i) => i.to_string(),
            IntOrString::Str(s) => s.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_up_for_surge_and_down_for_unavailable() {
        let p = IntOrString::Str("25%".into());
        let cases = [(1, 1, 0), (2, 1, 0), (3, 1, 0), (4, 1, 1), (5, 2, 1), (10, 3, 2), (0, 0, 0)];
        for (total, up, down) in cases {
            assert_eq!(p.scaled_value(total, true).unwrap(), up, "25% of {total} rounded up");
            assert_eq!(p.scaled_value(total, false).unwrap(), down, "25% of {total} rounded down");
        }
        assert_eq!(IntOrString::Int(2).scaled_value(10, false).unwrap(), 2);
        assert!(IntOrString::Str("x".into()).scaled_value(10, false).is_err());
    }
}
