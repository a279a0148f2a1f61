//! CronJob schedules as robfig/cron v3.0.1 `ParseStandard` reads them (five fields, names,
//! ranges, steps, `@` descriptors, a `TZ=`/`CRON_TZ=` prefix), with its exact error texts, and
//! the next run time after an instant (`SpecSchedule.Next`, `ConstantDelaySchedule.Next`), in UTC
//! or in a zone whose offsets the caller supplies (the controller's `cron_job::tz`).

use super::tz_names::{is_known_zone, TZ_NAMES};

/// One field's bounds and its names (`bounds` in robfig's spec.go).
struct Bounds {
    min: u64,
    max: u64,
    names: &'static [(&'static str, u64)],
}

const MINUTES: Bounds = Bounds { min: 0, max: 59, names: &[] };
const HOURS: Bounds = Bounds { min: 0, max: 23, names: &[] };
const DOM: Bounds = Bounds { min: 1, max: 31, names: &[] };
const MONTHS: Bounds = Bounds {
    min: 1,
    max: 12,
    names: &[
        ("jan", 1),
        ("feb", 2),
        ("mar", 3),
        ("apr", 4),
        ("may", 5),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("sep", 9),
        ("oct", 10),
        ("nov", 11),
        ("dec", 12),
    ],
};
const DOW: Bounds = Bounds {
    min: 0,
    max: 6,
    names: &[("sun", 0), ("mon", 1), ("tue", 2), ("wed", 3), ("thu", 4), ("fri", 5), ("sat", 6)],
};

/// Set in a field written `*` or `?` (no step), which changes how day-of-month and day-of-week combine.
const STAR_BIT: u64 = 1 << 63;

/// A parsed schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Schedule {
    /// A five-field (or descriptor) schedule: one bit per allowed value of each field.
    Spec {
        second: u64,
        minute: u64,
        hour: u64,
        dom: u64,
        month: u64,
        dow: u64,
        /// The zone named by a `TZ=`/`CRON_TZ=` prefix; `None` means the controller's local zone.
        location: Option<String>,
    },
    /// `@every <duration>`: a fixed delay in whole seconds (at least 1).
    Every { delay_seconds: u64 },
}

/// Follows `cron.ParseStandard`: the schedule, or robfig's error text.
pub fn parse_schedule(spec: &str) -> Result<Schedule, String> {
    if spec.is_empty() {
        return Err("empty spec string".to_string());
    }
    let mut spec = spec;
    let mut location = None;
    if spec.starts_with("TZ=") || spec.starts_with("CRON_TZ=") {
        // Upstream slices up to the first space; with no space Go panics, which the apiserver
        // turns into an internal error. Treat the whole rest as the zone name instead.
        let eq = spec.find('=').unwrap_or(0);
        let end = spec.find(' ').unwrap_or(spec.len());
        let name = spec.get(eq + 1..end).unwrap_or("");
        if let Err(e) = load_location(name) {
            return Err(format!("provided bad location {name}: {e}"));
        }
        location = Some(name.to_string());
        spec = spec.get(end..).unwrap_or("").trim();
    }
    if spec.starts_with('@') {
        return parse_descriptor(spec, location);
    }
    let fields: Vec<&str> = spec.split_whitespace().collect();
    let [minute, hour, dom, month, dow] = fields.as_slice() else {
        return Err(format!("expected exactly 5 fields, found {}: [{}]", fields.len(), fields.join(" ")));
    };
    let minute = get_field(minute, &MINUTES)?;
    let hour = get_field(hour, &HOURS)?;
    let dom = get_field(dom, &DOM)?;
    let month = get_field(month, &MONTHS)?;
    let dow = get_field(dow, &DOW)?;
    Ok(Schedule::Spec { second: 1, minute, hour, dom, month, dow, location })
}

/// Follows Go's `time.LoadLocation` (with the tz database embedded): `Err` carries Go's text.
/// `Ok(None)` is UTC (`""`, `UTC` and `Local`, which is UTC for kubeplay's control plane);
/// `Ok(Some(i))` is the zone's position in the sorted list of known names.
pub fn load_location(name: &str) -> Result<Option<usize>, String> {
    if name.is_empty() || name == "UTC" || name == "Local" {
        return Ok(None);
    }
    if name.contains("..") || name.starts_with('/') || name.starts_with('\\') {
        return Err("time: invalid location name".to_string());
    }
    if is_known_zone(name) {
        Ok(TZ_NAMES.binary_search(&name).ok())
    } else {
        Err(format!("unknown time zone {name}"))
    }
}

/// Follows `getField`: comma-separated ranges, OR-ed together.
fn get_field(field: &str, r: &Bounds) -> Result<u64, String> {
    let mut bits = 0;
    for expr in field.split(',').filter(|e| !e.is_empty()) {
        bits |= get_range(expr, r)?;
    }
    Ok(bits)
}

/// Follows `getRange`: `*`, `?`, `N`, `N-M`, each with an optional `/step`.
fn get_range(expr: &str, r: &Bounds) -> Result<u64, String> {
    let range_and_step: Vec<&str> = expr.split('/').collect();
    let low_and_high: Vec<&str> = range_and_step.first().copied().unwrap_or("").split('-').collect();
    let single_digit = low_and_high.len() == 1;
    let low = low_and_high.first().copied().unwrap_or("");
    let (start, mut end, mut extra);
    if low == "*" || low == "?" {
        start = r.min;
        end = r.max;
        extra = STAR_BIT;
    } else {
        start = parse_int_or_name(low, r.names)?;
        end = match low_and_high.as_slice() {
            [_] => start,
            [_, high] => parse_int_or_name(high, r.names)?,
            _ => return Err(format!("too many hyphens: {expr}")),
        };
        extra = 0;
    }
    let step = match range_and_step.as_slice() {
        [_] => 1,
        [_, step] => {
            let step = must_parse_int(step)?;
            if single_digit {
                end = r.max;
            }
            if step > 1 {
                extra = 0;
            }
            step
        }
        _ => return Err(format!("too many slashes: {expr}")),
    };
    if start < r.min {
        return Err(format!("beginning of range ({start}) below minimum ({}): {expr}", r.min));
    }
    if end > r.max {
        return Err(format!("end of range ({end}) above maximum ({}): {expr}", r.max));
    }
    if start > end {
        return Err(format!("beginning of range ({start}) beyond end of range ({end}): {expr}"));
    }
    if step == 0 {
        return Err(format!("step of range should be a positive number: {expr}"));
    }
    Ok(get_bits(start, end, step) | extra)
}

/// Follows `parseIntOrName`: month and weekday names, case-insensitively.
fn parse_int_or_name(expr: &str, names: &[(&str, u64)]) -> Result<u64, String> {
    let lower = expr.to_ascii_lowercase();
    if let Some((_, v)) = names.iter().find(|(n, _)| *n == lower) {
        return Ok(*v);
    }
    must_parse_int(expr)
}

/// Follows `mustParseInt` (Go's `strconv.Atoi` and its error texts).
fn must_parse_int(expr: &str) -> Result<u64, String> {
    let num = go_atoi(expr).map_err(|e| format!("failed to parse int from {expr}: {e}"))?;
    u64::try_from(num).map_err(|_| format!("negative number ({num}) not allowed: {expr}"))
}

/// Go's `strconv.Atoi`: an optional sign and decimal digits, with its error texts.
fn go_atoi(s: &str) -> Result<i64, String> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return Err(format!("strconv.Atoi: parsing {}: invalid syntax", go_q(s)));
    }
    s.parse::<i64>().map_err(|_| format!("strconv.Atoi: parsing {}: value out of range", go_q(s)))
}

fn go_q(s: &str) -> String {
    crate::manifest::field::go_quote(s)
}

/// Follows `getBits`.
fn get_bits(min: u64, max: u64, step: u64) -> u64 {
    let mut bits = 0u64;
    let mut i = min;
    while i <= max && i < 64 {
        bits |= 1u64 << i;
        i = i.saturating_add(step);
    }
    bits
}

fn all(r: &Bounds) -> u64 {
    get_bits(r.min, r.max, 1) | STAR_BIT
}

/// Follows `parseDescriptor`.
fn parse_descriptor(descriptor: &str, location: Option<String>) -> Result<Schedule, String> {
    let spec = |minute, hour, dom, month, dow| Schedule::Spec {
        second: 1,
        minute,
        hour,
        dom,
        month,
        dow,
        location: location.clone(),
    };
    match descriptor {
        "@yearly" | "@annually" => return Ok(spec(1, 1, 1 << DOM.min, 1 << MONTHS.min, all(&DOW))),
        "@monthly" => return Ok(spec(1, 1, 1 << DOM.min, all(&MONTHS), all(&DOW))),
        "@weekly" => return Ok(spec(1, 1, all(&DOM), all(&MONTHS), 1 << DOW.min)),
        "@daily" | "@midnight" => return Ok(spec(1, 1, all(&DOM), all(&MONTHS), all(&DOW))),
        "@hourly" => return Ok(spec(1, all(&HOURS), all(&DOM), all(&MONTHS), all(&DOW))),
        _ => {}
    }
    if let Some(d) = descriptor.strip_prefix("@every ") {
        let nanos = parse_go_duration(d).map_err(|e| format!("failed to parse duration {descriptor}: {e}"))?;
        // `Every`: at least one second, truncated to whole seconds.
        let secs = if nanos < 1_000_000_000 { 1 } else { (nanos / 1_000_000_000) as u64 };
        return Ok(Schedule::Every { delay_seconds: secs });
    }
    Err(format!("unrecognized descriptor: {descriptor}"))
}

/// Go's `time.ParseDuration`, in nanoseconds, with its error texts.
fn parse_go_duration(orig: &str) -> Result<i128, String> {
    let invalid = || format!("time: invalid duration {}", go_q(orig));
    let mut s = orig;
    let mut neg = false;
    if let Some(rest) = s.strip_prefix('-') {
        neg = true;
        s = rest;
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest;
    }
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let max: i128 = 1 << 63;
    let mut total: i128 = 0;
    while !s.is_empty() {
        let b = s.as_bytes();
        match b.first() {
            Some(&c) if c == b'.' || c.is_ascii_digit() => {}
            _ => return Err(invalid()),
        }
        let int_len = b.iter().take_while(|c| c.is_ascii_digit()).count();
        let int_part = s.get(..int_len).unwrap_or("");
        let mut v: i128 = 0;
        for c in int_part.bytes() {
            v = v * 10 + i128::from(c - b'0');
            if v > max {
                return Err(invalid());
            }
        }
        s = s.get(int_len..).unwrap_or("");
        let pre = int_len > 0;
        let mut frac: i128 = 0;
        let mut scale: f64 = 1.0;
        let mut post = false;
        if let Some(rest) = s.strip_prefix('.') {
            let flen = rest.bytes().take_while(|c| c.is_ascii_digit()).count();
            post = flen > 0;
            let mut overflow = false;
            for c in rest.bytes().take(flen) {
                if overflow || frac > (i128::from(i64::MAX) - 1) / 10 {
                    overflow = true;
                    continue;
                }
                frac = frac * 10 + i128::from(c - b'0');
                scale *= 10.0;
            }
            s = rest.get(flen..).unwrap_or("");
        }
        if !pre && !post {
            return Err(invalid());
        }
        let unit_len = s.bytes().take_while(|&c| c != b'.' && !c.is_ascii_digit()).count();
        if unit_len == 0 {
            return Err(format!("time: missing unit in duration {}", go_q(orig)));
        }
        let unit = s.get(..unit_len).unwrap_or("");
        s = s.get(unit_len..).unwrap_or("");
        let unit_nanos: i128 = match unit {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return Err(format!("time: unknown unit {} in duration {}", go_q(unit), go_q(orig))),
        };
        if v > max / unit_nanos {
            return Err(invalid());
        }
        v *= unit_nanos;
        if frac > 0 {
            v += (frac as f64 * (unit_nanos as f64 / scale)) as i128;
            if v > max {
                return Err(invalid());
            }
        }
        total += v;
        if total > max {
            return Err(invalid());
        }
    }
    if neg {
        return Ok(-total);
    }
    if total > max - 1 {
        return Err(invalid());
    }
    Ok(total)
}

/// A civil date-time (a wall-clock reading), second precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

/// Days since 1970-01-01 of a proleptic Gregorian date; `month` and `day` may overflow and are
/// normalized as Go's `time.Date` does.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y0 = year + (month - 1).div_euclid(12);
    let m0 = (month - 1).rem_euclid(12) + 1;
    let y = if m0 <= 2 { y0 - 1 } else { y0 };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m0 + 9) % 12;
    let doy = (153 * mp + 2) / 5;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468 + (day - 1)
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m as u32, d as u32)
}

impl Civil {
    fn from_unix(t: i64) -> Civil {
        let days = t.div_euclid(86_400);
        let secs = t.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: (secs / 3600) as u32,
            minute: (secs % 3600 / 60) as u32,
            second: (secs % 60) as u32,
        }
    }

    #[cfg(test)]
    fn to_unix(self) -> i64 {
        days_from_civil(self.year, i64::from(self.month), i64::from(self.day)) * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
    }

    fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (4).
        (days_from_civil(self.year, i64::from(self.month), i64::from(self.day)) + 4).rem_euclid(7) as u32
    }
}

fn has(bits: u64, v: u32) -> bool {
    v < 63 && bits & (1u64 << v) != 0
}

/// A zone's offsets as Go's `Location.lookup` reports them for a Unix second: the offset east of
/// UTC in seconds and the `[start, end)` range of instants it holds for.
pub type ZoneLookup<'a> = &'a dyn Fn(i64) -> (i64, i64, i64);

fn utc_lookup(_: i64) -> (i64, i64, i64) {
    (0, i64::MIN, i64::MAX)
}

impl Schedule {
    /// The first activation strictly after `after_unix_seconds`, in UTC (`Next`); `None` when the
    /// schedule has no time within five years (e.g. `0 0 30 2 *`).
    pub fn next(&self, after_unix_seconds: u64) -> Option<u64> {
        let after = i64::try_from(after_unix_seconds).ok()?;
        self.next_in(after, &utc_lookup).and_then(|t| u64::try_from(t).ok())
    }

    /// `Next` with the schedule's fields read as wall-clock time in the zone `lookup` describes,
    /// daylight-saving gaps and repeats included.
    pub fn next_in(&self, after_unix_seconds: i64, lookup: ZoneLookup) -> Option<i64> {
        // Past year 9999 the civil-date arithmetic is not needed and could overflow.
        if !(-62_135_596_800..253_402_300_800).contains(&after_unix_seconds) {
            return None;
        }
        match self {
            Schedule::Every { delay_seconds } => {
                after_unix_seconds.checked_add(i64::try_from(*delay_seconds).unwrap_or(i64::MAX))
            }
            Schedule::Spec { second, minute, hour, dom, month, dow, .. } => {
                let fields =
                    Fields { second: *second, minute: *minute, hour: *hour, dom: *dom, month: *month, dow: *dow };
                spec_next(after_unix_seconds, &fields, &Clock { lookup })
            }
        }
    }
}

struct Fields {
    second: u64,
    minute: u64,
    hour: u64,
    dom: u64,
    month: u64,
    dow: u64,
}

/// Instants as Unix seconds read in one zone, with the `time.Time` operations `Next` uses.
struct Clock<'a> {
    lookup: ZoneLookup<'a>,
}

impl Clock<'_> {
    /// The wall-clock reading of `t`.
    fn civil(&self, t: i64) -> Civil {
        Civil::from_unix(t + (self.lookup)(t).0)
    }

    /// Follows `time.Date`: a wall-clock time (fields may overflow) to an instant; in a gap or a
    /// repeat it guesses with the offset in force at the wall-clock reading taken as UTC.
    fn date(&self, year: i64, month: i64, day: i64, hour: i64, minute: i64, second: i64) -> i64 {
        let local = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
        let (offset, start, end) = (self.lookup)(local);
        if offset == 0 {
            return local;
        }
        let utc = local - offset;
        let offset = if utc < start || utc >= end { (self.lookup)(utc).0 } else { offset };
        local - offset
    }

    /// `t.AddDate(0, months, days)`.
    fn add_date(&self, t: i64, months: i64, days: i64) -> i64 {
        let c = self.civil(t);
        self.date(
            c.year,
            i64::from(c.month) + months,
            i64::from(c.day) + days,
            i64::from(c.hour),
            i64::from(c.minute),
            i64::from(c.second),
        )
    }
}

/// Follows `SpecSchedule.Next`.
fn spec_next(after: i64, f: &Fields, clock: &Clock) -> Option<i64> {
    let mut t = after.checked_add(1)?;
    let mut added = false;
    let year_limit = clock.civil(t).year + 5;
    let day_matches = |c: Civil| {
        let dom_match = has(f.dom, c.day);
        let dow_match = has(f.dow, c.weekday());
        if f.dom & STAR_BIT != 0 || f.dow & STAR_BIT != 0 {
            dom_match && dow_match
        } else {
            dom_match || dow_match
        }
    };
    'wrap: loop {
        if clock.civil(t).year > year_limit {
            return None;
        }
        while !has(f.month, clock.civil(t).month) {
            if !added {
                added = true;
                let c = clock.civil(t);
                t = clock.date(c.year, i64::from(c.month), 1, 0, 0, 0);
            }
            t = clock.add_date(t, 1, 0);
            if clock.civil(t).month == 1 {
                continue 'wrap;
            }
        }
        while !day_matches(clock.civil(t)) {
            if !added {
                added = true;
                let c = clock.civil(t);
                t = clock.date(c.year, i64::from(c.month), i64::from(c.day), 0, 0, 0);
            }
            t = clock.add_date(t, 0, 1);
            // Where daylight saving moves midnight, step back onto the day's first hour.
            let h = i64::from(clock.civil(t).hour);
            if h != 0 {
                t += if h > 12 { (24 - h) * 3600 } else { -h * 3600 };
            }
            if clock.civil(t).day == 1 {
                continue 'wrap;
            }
        }
        while !has(f.hour, clock.civil(t).hour) {
            if !added {
                added = true;
                let c = clock.civil(t);
                t = clock.date(c.year, i64::from(c.month), i64::from(c.day), i64::from(c.hour), 0, 0);
            }
            t += 3600;
            if clock.civil(t).hour == 0 {
                continue 'wrap;
            }
        }
        while !has(f.minute, clock.civil(t).minute) {
            if !added {
                added = true;
                t -= t.rem_euclid(60);
            }
            t += 60;
            if clock.civil(t).minute == 0 {
                continue 'wrap;
            }
        }
        while !has(f.second, clock.civil(t).second) {
            added = true;
            t += 1;
            if clock.civil(t).second == 0 {
                continue 'wrap;
            }
        }
        return Some(t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Table following robfig/cron parser.go error texts (ParseStandard).
    #[test]
    fn bad_schedules_get_robfig_error_texts() {
        let cases = [
            ("* * * *", "expected exactly 5 fields, found 4: [* * * *]"),
            ("* * * * * *", "expected exactly 5 fields, found 6: [* * * * * *]"),
            ("   ", "expected exactly 5 fields, found 0: []"),
            ("61 * * * *", "end of range (61) above maximum (59): 61"),
            ("* 5-2 * * *", "beginning of range (5) beyond end of range (2): 5-2"),
            ("* * 0 * *", "beginning of range (0) below minimum (1): 0"),
            ("*/0 * * * *", "step of range should be a positive number: */0"),
            ("1-2-3 * * * *", "too many hyphens: 1-2-3"),
            ("*/2/3 * * * *", "too many slashes: */2/3"),
            ("x * * * *", "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax"),
            ("-5 * * * *", "failed to parse int from : strconv.Atoi: parsing \"\": invalid syntax"),
            ("* * * FOO *", "failed to parse int from FOO: strconv.Atoi: parsing \"FOO\": invalid syntax"),
            ("* * * * 7", "end of range (7) above maximum (6): 7"),
            ("@every 1q", "failed to parse duration @every 1q: time: unknown unit \"q\" in duration \"1q\""),
            ("@every 5", "failed to parse duration @every 5: time: missing unit in duration \"5\""),
            ("@fortnightly", "unrecognized descriptor: @fortnightly"),
            ("TZ=Mars/Olympus * * * * *", "provided bad location Mars/Olympus: unknown time zone Mars/Olympus"),
        ];
        for (spec, want) in cases {
            assert_eq!(parse_schedule(spec), Err(want.to_string()), "{spec}");
        }
    }

    #[test]
    fn good_schedules_parse_names_ranges_steps_and_descriptors() {
        for spec in [
            "*/5 * * * *",
            "0 9-17 * * MON-FRI",
            "0 0 1 jan,jul *",
            "? ? ? ? ?",
            "@hourly",
            "@every 1h30m",
            "CRON_TZ=Europe/Paris 0 3 * * *",
            "5/15 * * * *",
        ] {
            assert!(parse_schedule(spec).is_ok(), "{spec}");
        }
        assert_eq!(parse_schedule("@every 90s"), Ok(Schedule::Every { delay_seconds: 90 }));
        assert_eq!(parse_schedule("@every 10ms"), Ok(Schedule::Every { delay_seconds: 1 }));
    }

    fn unix(y: i64, mo: u32, d: u32, h: u32, mi: u32) -> u64 {
        Civil { year: y, month: mo, day: d, hour: h, minute: mi, second: 0 }.to_unix() as u64
    }

    // Table following SpecSchedule.Next (UTC).
    #[test]
    fn next_run_times_follow_spec_schedule_next() {
        let cases = [
            ("*/5 * * * *", unix(2024, 1, 15, 10, 2), Some(unix(2024, 1, 15, 10, 5))),
            ("*/5 * * * *", unix(2024, 1, 15, 10, 5), Some(unix(2024, 1, 15, 10, 10))),
            ("0 0 * * *", unix(2024, 12, 31, 23, 59), Some(unix(2025, 1, 1, 0, 0))),
            ("0 9 * * MON", unix(2024, 1, 15, 9, 0), Some(unix(2024, 1, 22, 9, 0))),
            ("0 0 29 2 *", unix(2023, 3, 1, 0, 0), Some(unix(2024, 2, 29, 0, 0))),
            ("0 0 1 * 1", unix(2024, 1, 1, 0, 0), Some(unix(2024, 1, 8, 0, 0))),
            ("0 0 30 2 *", unix(2024, 1, 1, 0, 0), None),
            ("@monthly", unix(2024, 1, 31, 12, 0), Some(unix(2024, 2, 1, 0, 0))),
            ("@every 90s", 1000, Some(1090)),
            ("* * * * *", u64::MAX, None),
        ];
        for (spec, after, want) in cases {
            let s = parse_schedule(spec).unwrap();
            assert_eq!(s.next(after), want, "{spec}");
        }
    }

    /// A six-field schedule (seconds first), as robfig's tests write them; the seconds field is
    /// parsed with getField's rules and the rest by `parse_schedule`.
    fn parse_with_seconds(spec: &str) -> Schedule {
        const SECONDS: Bounds = Bounds { min: 0, max: 59, names: &[] };
        let (seconds, rest) = spec.split_once(' ').unwrap();
        let mut s = parse_schedule(rest).unwrap();
        if let Schedule::Spec { second, .. } = &mut s {
            *second = get_field(seconds, &SECONDS).unwrap();
        }
        s
    }

    fn at(y: i64, mo: u32, d: u32, h: u32, mi: u32, sec: u32) -> u64 {
        Civil { year: y, month: mo, day: d, hour: h, minute: mi, second: sec }.to_unix() as u64
    }

    // Table following robfig/cron spec_test.go TestActivation (times in UTC).
    #[test]
    fn activation_follows_robfig_test_activation() {
        let cases = [
            (at(2012, 7, 9, 15, 0, 0), "0/15 * * * *", true),
            (at(2012, 7, 9, 15, 45, 0), "0/15 * * * *", true),
            (at(2012, 7, 9, 15, 40, 0), "0/15 * * * *", false),
            (at(2012, 7, 9, 15, 5, 0), "5/15 * * * *", true),
            (at(2012, 7, 9, 15, 20, 0), "5/15 * * * *", true),
            (at(2012, 7, 9, 15, 50, 0), "5/15 * * * *", true),
            (at(2012, 7, 15, 15, 0, 0), "0/15 * * Jul *", true),
            (at(2012, 7, 15, 15, 0, 0), "0/15 * * Jun *", false),
            (at(2012, 7, 15, 8, 30, 0), "30 08 ? Jul Sun", true),
            (at(2012, 7, 15, 8, 30, 0), "30 08 15 Jul ?", true),
            (at(2012, 7, 16, 8, 30, 0), "30 08 ? Jul Sun", false),
            (at(2012, 7, 16, 8, 30, 0), "30 08 15 Jul ?", false),
            (at(2012, 7, 9, 15, 0, 0), "@hourly", true),
            (at(2012, 7, 9, 15, 4, 0), "@hourly", false),
            (at(2012, 7, 9, 15, 0, 0), "@daily", false),
            (at(2012, 7, 9, 0, 0, 0), "@daily", true),
            (at(2012, 7, 9, 0, 0, 0), "@weekly", false),
            (at(2012, 7, 8, 0, 0, 0), "@weekly", true),
            (at(2012, 7, 8, 1, 0, 0), "@weekly", false),
            (at(2012, 7, 8, 0, 0, 0), "@monthly", false),
            (at(2012, 7, 1, 0, 0, 0), "@monthly", true),
            (at(2012, 7, 15, 0, 0, 0), "* * 1,15 * Sun", true),
            (at(2012, 6, 15, 0, 0, 0), "* * 1,15 * Sun", true),
            (at(2012, 8, 1, 0, 0, 0), "* * 1,15 * Sun", true),
            (at(2012, 7, 15, 0, 0, 0), "* * */10 * Sun", true),
            (at(2012, 7, 15, 0, 0, 0), "* * * * Mon", false),
            (at(2012, 7, 9, 0, 0, 0), "* * 1,15 * *", false),
            (at(2012, 7, 15, 0, 0, 0), "* * 1,15 * *", true),
            (at(2012, 7, 15, 0, 0, 0), "* * */2 * Sun", true),
        ];
        for (t, spec, want) in cases {
            let s = parse_schedule(spec).unwrap();
            assert_eq!(s.next(t - 1) == Some(t), want, "{spec} at {t}");
        }
    }

    // Table following robfig/cron spec_test.go TestNext, the cases without a zone (read as UTC).
    #[test]
    fn next_follows_robfig_test_next() {
        let cases = [
            (at(2012, 7, 9, 14, 45, 0), "0 0/15 * * * *", Some(at(2012, 7, 9, 15, 0, 0))),
            (at(2012, 7, 9, 14, 59, 0), "0 0/15 * * * *", Some(at(2012, 7, 9, 15, 0, 0))),
            (at(2012, 7, 9, 14, 59, 59), "0 0/15 * * * *", Some(at(2012, 7, 9, 15, 0, 0))),
            (at(2012, 7, 9, 15, 45, 0), "0 20-35/15 * * * *", Some(at(2012, 7, 9, 16, 20, 0))),
            (at(2012, 7, 9, 23, 46, 0), "0 */15 * * * *", Some(at(2012, 7, 10, 0, 0, 0))),
            (at(2012, 7, 9, 23, 45, 0), "0 20-35/15 * * * *", Some(at(2012, 7, 10, 0, 20, 0))),
            (at(2012, 7, 9, 23, 35, 51), "15/35 20-35/15 * * * *", Some(at(2012, 7, 10, 0, 20, 15))),
            (at(2012, 7, 9, 23, 35, 51), "15/35 20-35/15 1/2 * * *", Some(at(2012, 7, 10, 1, 20, 15))),
            (at(2012, 7, 9, 23, 35, 51), "15/35 20-35/15 10-12 * * *", Some(at(2012, 7, 10, 10, 20, 15))),
            (at(2012, 7, 9, 23, 35, 51), "15/35 20-35/15 1/2 */2 * *", Some(at(2012, 7, 11, 1, 20, 15))),
            (at(2012, 7, 9, 23, 35, 51), "15/35 20-35/15 * 9-20 * *", Some(at(2012, 7, 10, 0, 20, 15))),
            (at(2012, 7, 9, 23, 35, 51), "15/35 20-35/15 * 9-20 Jul *", Some(at(2012, 7, 10, 0, 20, 15))),
            (at(2012, 7, 9, 23, 35, 0), "0 0 0 9 Apr-Oct ?", Some(at(2012, 8, 9, 0, 0, 0))),
            (at(2012, 7, 9, 23, 35, 0), "0 0 0 */5 Apr,Aug,Oct Mon", Some(at(2012, 8, 1, 0, 0, 0))),
            (at(2012, 7, 9, 23, 35, 0), "0 0 0 */5 Oct Mon", Some(at(2012, 10, 1, 0, 0, 0))),
            (at(2012, 7, 9, 23, 35, 0), "0 0 0 * Feb Mon", Some(at(2013, 2, 4, 0, 0, 0))),
            (at(2012, 7, 9, 23, 35, 0), "0 0 0 * Feb Mon/2", Some(at(2013, 2, 1, 0, 0, 0))),
            (at(2012, 12, 31, 23, 59, 45), "0 * * * * *", Some(at(2013, 1, 1, 0, 0, 0))),
            (at(2012, 7, 9, 23, 35, 0), "0 0 0 29 Feb ?", Some(at(2016, 2, 29, 0, 0, 0))),
            (at(2012, 7, 9, 23, 35, 0), "0 0 0 30 Feb ?", None),
            (at(2012, 7, 9, 23, 35, 0), "0 0 0 31 Apr ?", None),
        ];
        for (after, spec, want) in cases {
            assert_eq!(parse_with_seconds(spec).next(after), want, "{spec}");
        }
    }

    // robfig/cron spec_test.go TestErrors and TestSlash0NoHang.
    #[test]
    fn robfig_invalid_specs_are_refused() {
        for spec in ["xyz", "60 0 * * *", "0 60 * * *", "0 0 * * XYZ", "TZ=America/New_York 15/0 * * * *"] {
            assert!(parse_schedule(spec).is_err(), "{spec}");
        }
    }
}
