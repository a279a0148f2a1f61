//! Ages and durations as kubectl prints them (apimachinery `duration.HumanDuration` and
//! `ShortHumanDuration`).

/// `duration.HumanDuration` of `ms` milliseconds (negative allowed).
///
/// Worked examples: 119s → `119s`, 150s → `2m30s`, 600s → `10m`, 3h → `3h`, 9h → `9h`,
/// 50h → `2d2h`, 9 days → `9d`.
pub fn human(ms: i64) -> String {
    let seconds = ms.div_euclid(1000);
    if seconds < -1 {
        return "<invalid>".into();
    }
    if seconds < 0 {
        return "0s".into();
    }
    if seconds < 120 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        return if s == 0 { format!("{minutes}m") } else { format!("{minutes}m{s}s") };
    }
    if minutes < 180 {
        return format!("{minutes}m");
    }
    let hours = seconds / 3600;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 { format!("{hours}h") } else { format!("{hours}h{m}m") };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        return if h == 0 { format!("{}d", hours / 24) } else { format!("{}d{h}h", hours / 24) };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        return if dy == 0 { format!("{}y", hours / 24 / 365) } else { format!("{}y{dy}d", hours / 24 / 365) };
    }
    format!("{}y", hours / 24 / 365)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_follow_human_duration() {
        let cases = [
            (-5_000, "<invalid>"),
            (-1_000, "0s"),
            (0, "0s"),
            (119_000, "119s"),
            (120_000, "2m"),
            (150_000, "2m30s"),
            (600_000, "10m"),
            (10_800_000, "3h"),
            (11_100_000, "3h5m"),
            (32_400_000, "9h"),
            (180_000_000, "2d2h"),
            (172_800_000, "2d"),
            (777_600_000, "9d"),
            (63_072_000_000, "2y"),
            (66_000_000_000, "2y33d"),
        ];
        for (ms, want) in cases {
            assert_eq!(human(ms), want, "{ms}");
        }
    }
}
