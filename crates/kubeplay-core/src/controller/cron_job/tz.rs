//! Time zones for CronJob schedules, as Go's `time` package applies them: every IANA name maps to
//! its zone's current POSIX TZ rule (`EST5EDT,M3.2.0,M11.1.0`; the table is generated from tzdata
//! by scripts/gen-tz-rules.py), read as Go's `tzset` reads the rule that follows a zone's last
//! listed transition. kubeplay's clock starts in 2026, after every zone's last rule change except
//! those tzdata lists explicitly far ahead (Morocco's Ramadan shifts), so the rule alone gives the
//! offsets Go would.

use super::tz_rules::{RULES, ZONE_RULE};
use crate::api::meta::civil_from_unix;
use crate::manifest::validate::load_location;

const SECONDS_PER_DAY: i64 = 86_400;
const SECONDS_PER_HOUR: i64 = 3600;

/// A zone: a standard offset and, for zones with daylight saving, the rules that switch it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Zone {
    std_name: String,
    /// Seconds east of UTC.
    std_offset: i64,
    dst: Option<Dst>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Dst {
    name: String,
    offset: i64,
    start: Rule,
    end: Rule,
}

/// A day of the year a switch happens on (`rule` in Go's zoneinfo.go).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DayRule {
    /// `Jn`: day 1..=365, February 29th never counted.
    Julian(i64),
    /// `n`: day 0..=365, February 29th counted.
    Doy(i64),
    /// `Mm.w.d`: weekday `d` of week `w` (5 = last) of month `m`.
    MonthWeekDay { mon: i64, week: i64, day: i64 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Rule {
    day: DayRule,
    /// Seconds after local midnight.
    time: i64,
}

/// The zone period an instant falls in (`Location.lookup`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period<'a> {
    pub abbreviation: &'a str,
    /// Seconds east of UTC.
    pub offset: i64,
    /// The period holds for instants in `[start, end)` (near a switch exactly, elsewhere the year).
    pub start: i64,
    pub end: i64,
    pub is_dst: bool,
}

impl Zone {
    pub fn utc() -> Zone {
        Zone { std_name: "UTC".into(), std_offset: 0, dst: None }
    }

    /// The zone `time.LoadLocation(name)` returns; `Err` carries Go's error text.
    pub fn load(name: &str) -> Result<Zone, String> {
        match load_location(name)? {
            None => Ok(Zone::utc()),
            Some(i) => {
                let rule = ZONE_RULE.get(i).and_then(|r| RULES.get(usize::from(*r)));
                rule.and_then(|r| Zone::parse(r)).ok_or_else(|| format!("unknown time zone {name}"))
            }
        }
    }

    /// Follows `tzset`'s parsing of a POSIX TZ rule; `None` where Go's `ok` is false.
    pub fn parse(s: &str) -> Option<Zone> {
        let (std_name, s) = tzset_name(s)?;
        let (std_offset, s) = tzset_offset(s)?;
        // POSIX offsets are added to local time to get UTC; Go's (and ours) the other way round.
        let std_offset = -std_offset;
        if s.is_empty() || s.starts_with(',') {
            return Some(Zone { std_name: std_name.into(), std_offset, dst: None });
        }
        let (dst_name, s) = tzset_name(s)?;
        let (dst_offset, s) = if s.is_empty() || s.starts_with(',') {
            (std_offset + SECONDS_PER_HOUR, s)
        } else {
            let (o, rest) = tzset_offset(s)?;
            (-o, rest)
        };
        // Default DST rules per tzcode.
        let s = if s.is_empty() { ",M3.2.0,M11.1.0" } else { s };
        let s = s.strip_prefix(',').or_else(|| s.strip_prefix(';'))?;
        let (start, s) = tzset_rule(s)?;
        let s = s.strip_prefix(',')?;
        let (end, s) = tzset_rule(s)?;
        if !s.is_empty() {
            return None;
        }
        Some(Zone {
            std_name: std_name.into(),
            std_offset,
            dst: Some(Dst { name: dst_name.into(), offset: dst_offset, start, end }),
        })
    }

    /// The period holding Unix second `sec` (`tzset`'s computation).
    pub fn lookup(&self, sec: i64) -> Period<'_> {
        let Some(dst) = &self.dst else {
            return Period {
                abbreviation: &self.std_name,
                offset: self.std_offset,
                start: i64::MIN,
                end: i64::MAX,
                is_dst: false,
            };
        };
        let (year, _, _, _, _, _) = civil_from_unix(sec);
        let year_start = crate::api::meta::days_from_civil(year, 1, 1) * SECONDS_PER_DAY;
        let ysec = sec - year_start;
        let mut start_sec = rule_time(year, dst.start, self.std_offset);
        let mut end_sec = rule_time(year, dst.end, dst.offset);
        let (mut std_name, mut dst_name) = (self.std_name.as_str(), dst.name.as_str());
        let (mut std_offset, mut dst_offset) = (self.std_offset, dst.offset);
        let (mut std_is_dst, mut dst_is_dst) = (false, true);
        // Southern hemisphere: daylight saving spans the new year, so the labels swap.
        if end_sec < start_sec {
            std::mem::swap(&mut start_sec, &mut end_sec);
            std::mem::swap(&mut std_name, &mut dst_name);
            std::mem::swap(&mut std_offset, &mut dst_offset);
            std::mem::swap(&mut std_is_dst, &mut dst_is_dst);
        }
        if ysec < start_sec {
            Period {
                abbreviation: std_name,
                offset: std_offset,
                start: year_start,
                end: start_sec + year_start,
                is_dst: std_is_dst,
            }
        } else if ysec >= end_sec {
            Period {
                abbreviation: std_name,
                offset: std_offset,
                start: end_sec + year_start,
                end: year_start + 365 * SECONDS_PER_DAY,
                is_dst: std_is_dst,
            }
        } else {
            Period {
                abbreviation: dst_name,
                offset: dst_offset,
                start: start_sec + year_start,
                end: end_sec + year_start,
                is_dst: dst_is_dst,
            }
        }
    }

    /// `(offset, start, end)` for the schedule arithmetic in `manifest::validate::Schedule::next_in`.
    pub fn offsets(&self, sec: i64) -> (i64, i64, i64) {
        let p = self.lookup(sec);
        (p.offset, p.start, p.end)
    }

    /// `t.In(zone).Format(time.RFC3339)` for Unix second `sec`.
    pub fn rfc3339(&self, sec: i64) -> String {
        let offset = self.lookup(sec).offset;
        let (y, mo, d, h, mi, s) = civil_from_unix(sec + offset);
        let zone = if offset == 0 {
            "Z".to_string()
        } else {
            let sign = if offset < 0 { '-' } else { '+' };
            let a = offset.abs();
            format!("{sign}{:02}:{:02}", a / 3600, a % 3600 / 60)
        };
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{zone}")
    }

    /// A wall-clock reading for explanations: `2026-03-08 01:55 EST`.
    pub fn wall_clock(&self, sec: i64) -> String {
        let p = self.lookup(sec);
        let (y, mo, d, h, mi, _) = civil_from_unix(sec + p.offset);
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02} {}", p.abbreviation)
    }
}

/// Follows `tzsetName`: `<...>` or at least three characters up to a digit, sign or comma.
fn tzset_name(s: &str) -> Option<(&str, &str)> {
    if let Some(rest) = s.strip_prefix('<') {
        let end = rest.find('>')?;
        return Some((&rest[..end], &rest[end + 1..]));
    }
    match s.find(|c: char| c.is_ascii_digit() || matches!(c, ',' | '-' | '+')) {
        Some(i) if i < 3 => None,
        Some(i) => Some((&s[..i], &s[i..])),
        None if s.len() < 3 => None,
        None => Some((s, "")),
    }
}

/// Follows `tzsetOffset`: `[+-]hh[:mm[:ss]]`, hours up to 24·7; seconds.
fn tzset_offset(s: &str) -> Option<(i64, &str)> {
    let (neg, s) = match s.as_bytes().first()? {
        b'+' => (false, &s[1..]),
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    let (hours, mut s) = tzset_num(s, 0, 24 * 7)?;
    let mut off = hours * SECONDS_PER_HOUR;
    if let Some(rest) = s.strip_prefix(':') {
        let (mins, rest) = tzset_num(rest, 0, 59)?;
        off += mins * 60;
        s = rest;
        if let Some(rest) = s.strip_prefix(':') {
            let (secs, rest) = tzset_num(rest, 0, 59)?;
            off += secs;
            s = rest;
        }
    }
    Some((if neg { -off } else { off }, s))
}

/// Follows `tzsetRule`: `Jn`, `n` or `Mm.w.d`, then an optional `/time` (default 02:00).
fn tzset_rule(s: &str) -> Option<(Rule, &str)> {
    let (day, s) = if let Some(rest) = s.strip_prefix('J') {
        let (d, rest) = tzset_num(rest, 1, 365)?;
        (DayRule::Julian(d), rest)
    } else if let Some(rest) = s.strip_prefix('M') {
        let (mon, rest) = tzset_num(rest, 1, 12)?;
        let (week, rest) = tzset_num(rest.strip_prefix('.')?, 1, 5)?;
        let (day, rest) = tzset_num(rest.strip_prefix('.')?, 0, 6)?;
        (DayRule::MonthWeekDay { mon, week, day }, rest)
    } else {
        let (d, rest) = tzset_num(s, 0, 365)?;
        (DayRule::Doy(d), rest)
    };
    match s.strip_prefix('/') {
        None => Some((Rule { day, time: 2 * SECONDS_PER_HOUR }, s)),
        Some(rest) => {
            let (time, rest) = tzset_offset(rest)?;
            Some((Rule { day, time }, rest))
        }
    }
}

/// Follows `tzsetNum`: decimal digits forming a number in `[min, max]`.
fn tzset_num(s: &str, min: i64, max: i64) -> Option<(i64, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let mut num: i64 = 0;
    for b in s[..digits].bytes() {
        num = num * 10 + i64::from(b - b'0');
        if num > max {
            return None;
        }
    }
    if num < min {
        return None;
    }
    Some((num, &s[digits..]))
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days before the first of month `m` (1..=12) in a non-leap year.
fn days_before(m: i64) -> i64 {
    const CUMULATIVE: [i64; 13] = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    CUMULATIVE.get(usize::try_from(m).unwrap_or(0)).copied().unwrap_or(0)
}

fn days_in(m: i64, year: i64) -> i64 {
    crate::api::meta::days_in_month(year, m)
}

/// Follows `tzruleTime`: seconds after the start of `year` (UTC) when the rule switches, `off`
/// being the offset in force before the switch.
fn rule_time(year: i64, r: Rule, off: i64) -> i64 {
    let s = match r.day {
        DayRule::Julian(day) => {
            let mut s = (day - 1) * SECONDS_PER_DAY;
            if is_leap(year) && day >= 60 {
                s += SECONDS_PER_DAY;
            }
            s
        }
        DayRule::Doy(day) => day * SECONDS_PER_DAY,
        DayRule::MonthWeekDay { mon, week, day } => {
            // Zeller's congruence: the weekday of the first of the month.
            let m1 = (mon + 9) % 12 + 1;
            let yy0 = if mon <= 2 { year - 1 } else { year };
            let (yy1, yy2) = (yy0 / 100, yy0 % 100);
            let dow = ((26 * m1 - 2) / 10 + 1 + yy2 + yy2 / 4 + yy1 / 4 - 2 * yy1).rem_euclid(7);
            let mut d = day - dow;
            if d < 0 {
                d += 7;
            }
            for _ in 1..week {
                if d + 7 >= days_in(mon, year) {
                    break;
                }
                d += 7;
            }
            d += days_before(mon);
            if is_leap(year) && mon > 2 {
                d += 1;
            }
            d * SECONDS_PER_DAY
        }
    };
    s + r.time - off
}

#[cfg(test)]
mod tests;
