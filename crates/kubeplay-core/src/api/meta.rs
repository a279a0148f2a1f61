//! Object metadata (ObjectMeta, OwnerReference), timestamps on the virtual clock, and label
//! selectors with their matching rules.

use std::collections::BTreeMap;
use std::fmt;

use super::value::{Decode, Encode};
use crate::json::Value;

/// Wall-clock milliseconds since the Unix epoch at virtual time 0: 2026-01-01T00:00:00Z.
pub const EPOCH_UNIX_MS: i64 = 1_767_225_600_000;

/// A timestamp (`metav1.Time`): Unix milliseconds, printed as RFC 3339 in whole seconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(pub i64);

impl Time {
    /// The timestamp of virtual time `sim_ms`, truncated to whole seconds as the apiserver stores it.
    pub fn from_sim(sim_ms: u64) -> Time {
        let ms = EPOCH_UNIX_MS.saturating_add(i64::try_from(sim_ms).unwrap_or(i64::MAX));
        Time(ms - ms.rem_euclid(1000))
    }

    /// Virtual milliseconds of this timestamp (0 for times before the simulation began).
    pub fn to_sim(self) -> u64 {
        u64::try_from(self.0.saturating_sub(EPOCH_UNIX_MS)).unwrap_or(0)
    }

    pub fn unix_seconds(self) -> i64 {
        self.0.div_euclid(1000)
    }

    /// RFC 3339 in UTC with whole seconds: `2026-01-01T00:00:05Z`.
    pub fn rfc3339(self) -> String {
        let secs = self.unix_seconds();
        let (y, mo, d, h, mi, s) = civil_from_unix(secs);
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    }

    /// Parses RFC 3339 (`Z` or `+hh:mm` offsets, optional fractional seconds).
    pub fn parse_rfc3339(s: &str) -> Option<Time> {
        let b = s.as_bytes();
        if b.len() < 20 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || !matches!(b.get(10), Some(b'T' | b't'))
        {
            return None;
        }
        let num = |from: usize, to: usize| -> Option<i64> { s.get(from..to)?.parse::<i64>().ok() };
        let (y, mo, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
        let (h, mi, sec) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
        if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
            return None;
        }
        if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 60 {
            return None;
        }
        let mut rest = &s[19..];
        let mut frac_ms = 0i64;
        if let Some(r) = rest.strip_prefix('.') {
            let digits: String = r.chars().take_while(char::is_ascii_digit).collect();
            if digits.is_empty() {
                return None;
            }
            let padded = format!("{digits:0<3}");
            frac_ms = padded.get(0..3)?.parse().ok()?;
            rest = &r[digits.len()..];
        }
        let offset_secs = match rest {
            "Z" | "z" => 0,
            _ => {
                let sign = match rest.as_bytes().first() {
                    Some(b'+') => 1,
                    Some(b'-') => -1,
                    _ => return None,
                };
                if rest.len() != 6 || rest.as_bytes().get(3) != Some(&b':') {
                    return None;
                }
                let oh: i64 = rest.get(1..3)?.parse().ok()?;
                let om: i64 = rest.get(4..6)?.parse().ok()?;
                sign * (oh * 3600 + om * 60)
            }
        };
        let days = days_from_civil(y, mo, d);
        let secs = days * 86_400 + h * 3600 + mi * 60 + sec - offset_secs;
        Some(Time(secs * 1000 + frac_ms))
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in month `m` (1-12) of year `y`.
pub fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month, day, hour, minute, second) of Unix seconds, in UTC.
pub fn civil_from_unix(secs: i64) -> (i64, i64, i64, i64, i64, i64) {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d, rem / 3600, (rem % 3600) / 60, rem % 60)
}

fn is_zero_i64(v: &i64) -> bool {
    *v == 0
}

/// `metav1.ObjectMeta`. Fields nothing simulates (managedFields, selfLink) stay in `extra`.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct ObjectMeta {
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub generate_name: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub uid: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub resource_version: String,
    #[kp(default, skip_serializing_if = "is_zero_i64")]
    pub generation: i64,
    /// Always printed: `null` in templates (a zero Go time).
    #[kp(default)]
    pub creation_timestamp: Option<Time>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub deletion_timestamp: Option<Time>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub deletion_grace_period_seconds: Option<i64>,
    /// Shared between the pods of one template (see [`crate::api::shared`]).
    #[kp(default, skip_serializing_if = "crate::api::shared::is_empty_map")]
    pub labels: crate::api::shared::Labels,
    #[kp(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub owner_references: Vec<OwnerReference>,
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub finalizers: Vec<String>,
    #[kp(flatten)]
    pub extra: BTreeMap<String, Value>,
}

impl ObjectMeta {
    /// The controller owner reference, if any (`metav1.GetControllerOf`).
    pub fn controller_ref(&self) -> Option<&OwnerReference> {
        self.owner_references.iter().find(|r| r.controller == Some(true))
    }

    pub fn is_deleting(&self) -> bool {
        self.deletion_timestamp.is_some()
    }
}

/// `metav1.OwnerReference`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct OwnerReference {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub uid: String,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<bool>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub block_owner_deletion: Option<bool>,
}

/// `metav1.LabelSelector`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct LabelSelector {
    #[kp(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub match_labels: BTreeMap<String, String>,
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

/// `metav1.LabelSelectorRequirement`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct LabelSelectorRequirement {
    pub key: String,
    pub operator: String,
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

impl LabelSelector {
    /// An empty selector (no labels, no expressions) matches everything (`metav1.LabelSelectorAsSelector`).
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }

    /// Whether `labels` satisfy every term of the selector.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.match_labels.iter().all(|(k, v)| labels.get(k) == Some(v))
            && self.match_expressions.iter().all(|r| r.matches(labels))
    }

    /// The selector as kubectl prints it: `app=web,tier in (a,b)`.
    pub fn to_selector_string(&self) -> String {
        let mut parts: Vec<String> = self.match_labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
        for r in &self.match_expressions {
            let mut values = r.values.clone();
            values.sort();
            parts.push(match r.operator.as_str() {
                "In" => format!("{} in ({})", r.key, values.join(",")),
                "NotIn" => format!("{} notin ({})", r.key, values.join(",")),
                "Exists" => r.key.clone(),
                "DoesNotExist" => format!("!{}", r.key),
                other => format!("{} {other} ({})", r.key, values.join(",")),
            });
        }
        parts.sort();
        parts.join(",")
    }
}

impl LabelSelectorRequirement {
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        match self.operator.as_str() {
            "In" => labels.get(&self.key).is_some_and(|v| self.values.contains(v)),
            "NotIn" => labels.get(&self.key).is_none_or(|v| !self.values.contains(v)),
            "Exists" => labels.contains_key(&self.key),
            "DoesNotExist" => !labels.contains_key(&self.key),
            _ => false,
        }
    }
}

/// Whether a plain `map[string]string` selector matches (ReplicationController, Service).
pub fn map_selector_matches(selector: &BTreeMap<String, String>, labels: &BTreeMap<String, String>) -> bool {
    selector.iter().all(|(k, v)| labels.get(k) == Some(v))
}

/// `k=v,k2=v2` as kubectl prints label maps and map selectors.
pub fn format_labels(labels: &BTreeMap<String, String>) -> String {
    labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_virtual_epoch_prints_as_new_year_2026() {
        assert_eq!(Time::from_sim(0).rfc3339(), "2026-01-01T00:00:00Z");
        assert_eq!(Time::from_sim(90_500).rfc3339(), "2026-01-01T00:01:30Z");
        assert_eq!(Time::from_sim(86_400_000 * 59).rfc3339(), "2026-03-01T00:00:00Z");
    }

    #[test]
    fn rfc3339_round_trips_and_honours_offsets() {
        let t = Time::parse_rfc3339("2024-02-29T23:59:59Z").unwrap();
        assert_eq!(t.rfc3339(), "2024-02-29T23:59:59Z");
        let t = Time::parse_rfc3339("2024-03-01T01:00:00+02:00").unwrap();
        assert_eq!(t.rfc3339(), "2024-02-29T23:00:00Z");
        assert_eq!(Time::parse_rfc3339("2024-02-30T00:00:00Z"), None);
        assert_eq!(Time::parse_rfc3339("yesterday"), None);
    }

    #[test]
    fn selectors_match_labels_and_expressions() {
        let labels: BTreeMap<String, String> =
            [("app", "web"), ("tier", "front")].into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let mut sel = LabelSelector::default();
        sel.match_labels.insert("app".into(), "web".into());
        assert!(sel.matches(&labels));
        sel.match_expressions.push(LabelSelectorRequirement {
            key: "tier".into(),
            operator: "NotIn".into(),
            values: vec!["front".into()],
        });
        assert!(!sel.matches(&labels));
        assert_eq!(sel.to_selector_string(), "app=web,tier notin (front)");
    }
}
