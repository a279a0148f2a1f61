//! The simulation engine: integer virtual time, an event queue ordered by (time, sequence) with
//! de-duplication and cancellation, and a seeded random number generator. It knows nothing of
//! Kubernetes.

mod queue;
mod rng;

pub use queue::{Queue, WordHasher};
pub use rng::{Rng, NAME_ALPHABET};

/// Virtual time in milliseconds since the simulation began.
pub type SimTime = u64;

/// Parses a duration as the command language writes it: `500ms`, `30s`, `5m`, `1h`, `1h30m`,
/// `2d`. Returns milliseconds.
pub fn parse_duration(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let mut total: u64 = 0;
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let n: u64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let ms = match unit {
            "ms" => 1,
            "s" => 1000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            _ => return None,
        };
        total = total.checked_add(n.checked_mul(ms)?)?;
    }
    Some(total)
}

/// Formats milliseconds the way Go prints a `time.Duration` of whole milliseconds: `1m30s`,
/// `500ms`, `2h0m0s`.
pub fn format_go_duration(ms: u64) -> String {
    if ms == 0 {
        return "0s".into();
    }
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let h = ms / 3_600_000;
    let m = (ms / 60_000) % 60;
    let s = (ms / 1000) % 60;
    let frac = ms % 1000;
    let secs = if frac == 0 {
        format!("{s}s")
    } else {
        let f = format!("{frac:03}");
        format!("{s}.{}s", f.trim_end_matches('0'))
    };
    if h > 0 {
        format!("{h}h{m}m{secs}")
    } else if m > 0 {
        format!("{m}m{secs}")
    } else {
        secs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_in_the_command_language_units() {
        let cases = [("500ms", Some(500)), ("30s", Some(30_000)), ("5m", Some(300_000)), ("1h30m", Some(5_400_000))];
        for (s, want) in cases {
            assert_eq!(parse_duration(s), want, "{s}");
        }
        for bad in ["", "5", "m", "1x", "-1s", "1.5s"] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn durations_print_as_go_prints_them() {
        let cases = [(0, "0s"), (500, "500ms"), (1500, "1.5s"), (90_000, "1m30s"), (3_600_000, "1h0m0s")];
        for (ms, want) in cases {
            assert_eq!(format_go_duration(ms), want);
        }
    }
}
