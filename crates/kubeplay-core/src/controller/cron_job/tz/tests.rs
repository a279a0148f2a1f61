use super::*;
use crate::api::meta::Time;
use crate::manifest::validate::parse_schedule;

fn unix(rfc3339: &str) -> i64 {
    Time::parse_rfc3339(rfc3339).map(Time::unix_seconds).unwrap_or_else(|| panic!("bad time {rfc3339}"))
}

fn next_in(zone: &Zone, spec: &str, after: i64) -> Option<i64> {
    let schedule = parse_schedule(spec).unwrap();
    schedule.next_in(after, &|t| zone.offsets(t))
}

#[test]
fn every_generated_rule_parses_and_every_name_has_one() {
    for rule in RULES {
        assert!(Zone::parse(rule).is_some(), "{rule}");
    }
    // "Zulu" sorts last among the known names, so the table covers them all.
    assert_eq!(load_location("Zulu"), Ok(Some(ZONE_RULE.len() - 1)));
    assert_eq!(Zone::load("Zulu"), Ok(Zone::parse("UTC0").unwrap()));
}

#[test]
fn load_resolves_names_and_refuses_unknown_ones_with_go_texts() {
    let cases: [(&str, Result<&str, &str>); 6] = [
        ("America/New_York", Ok("EST5EDT,M3.2.0,M11.1.0")),
        ("Europe/Berlin", Ok("CET-1CEST,M3.5.0,M10.5.0/3")),
        ("Asia/Kolkata", Ok("IST-5:30")),
        ("", Ok("UTC0")),
        ("Mars/Olympus", Err("unknown time zone Mars/Olympus")),
        ("../etc/passwd", Err("time: invalid location name")),
    ];
    for (name, want) in cases {
        let got = Zone::load(name);
        match want {
            Ok(rule) => {
                assert_eq!(got.map(|z| z.dst.is_some()), Ok(Zone::parse(rule).unwrap().dst.is_some()), "{name}")
            }
            Err(e) => assert_eq!(got, Err(e.to_string()), "{name}"),
        }
    }
}

// Table following Go's time/zoneinfo_test.go TestTzset (a zone without daylight saving has no
// listed transitions here, so its period starts at the beginning of time).
#[test]
fn lookup_follows_go_tzset() {
    let pst = "PST8PDT,M3.2.0,M11.1.0";
    let cases: [(&str, i64, &str, i64, i64, i64, bool); 8] = [
        (pst, 2_159_200_800, "PDT", -7 * 3600, 2_152_173_600, 2_172_733_200, true),
        (pst, 2_152_173_599, "PST", -8 * 3600, 2_145_916_800, 2_152_173_600, false),
        (pst, 2_152_173_600, "PDT", -7 * 3600, 2_152_173_600, 2_172_733_200, true),
        (pst, 2_152_173_601, "PDT", -7 * 3600, 2_152_173_600, 2_172_733_200, true),
        (pst, 2_172_733_199, "PDT", -7 * 3600, 2_152_173_600, 2_172_733_200, true),
        (pst, 2_172_733_200, "PST", -8 * 3600, 2_172_733_200, 2_177_452_800, false),
        (pst, 2_172_733_201, "PST", -8 * 3600, 2_172_733_200, 2_177_452_800, false),
        ("KST-9", 1_677_246_697, "KST", 9 * 3600, i64::MIN, i64::MAX, false),
    ];
    for (rule, sec, name, offset, start, end, is_dst) in cases {
        let zone = Zone::parse(rule).unwrap();
        let p = zone.lookup(sec);
        assert_eq!(
            (p.abbreviation, p.offset, p.start, p.end, p.is_dst),
            (name, offset, start, end, is_dst),
            "{rule} at {sec}"
        );
    }
}

// Tables following Go's TestTzsetName, TestTzsetOffset and TestTzsetRule.
#[test]
fn rule_parts_parse_as_go_parses_them() {
    let names = [("", None), ("X", None), ("PST", Some(("PST", ""))), ("PST8PDT", Some(("PST", "8PDT")))];
    for (input, want) in names.into_iter().chain([("PST-08", Some(("PST", "-08"))), ("<A+B>+08", Some(("A+B", "+08")))])
    {
        assert_eq!(tzset_name(input), want, "{input:?}");
    }
    let offsets = [
        ("", None),
        ("X", None),
        ("+", None),
        ("+08", Some((8 * 3600, ""))),
        ("-01:02:03", Some((-3723, ""))),
        ("01", Some((3600, ""))),
        ("100", Some((100 * 3600, ""))),
        ("1000", None),
        ("8PDT", Some((8 * 3600, "PDT"))),
    ];
    for (input, want) in offsets {
        assert_eq!(tzset_offset(input), want, "{input:?}");
    }
    let mwd = |mon, week, day, time| Rule { day: DayRule::MonthWeekDay { mon, week, day }, time };
    let rules = [
        ("", None),
        ("X", None),
        ("J10", Some(Rule { day: DayRule::Julian(10), time: 7200 })),
        ("20", Some(Rule { day: DayRule::Doy(20), time: 7200 })),
        ("M1.2.3", Some(mwd(1, 2, 3, 7200))),
        ("30/03:00:00", Some(Rule { day: DayRule::Doy(30), time: 3 * 3600 })),
        ("M4.5.6/03:00:00", Some(mwd(4, 5, 6, 3 * 3600))),
        ("M4.5.7/03:00:00", None),
        ("M4.5.6/-04", Some(mwd(4, 5, 6, -4 * 3600))),
    ];
    for (input, want) in rules {
        assert_eq!(tzset_rule(input).map(|(r, rest)| (r, rest.len())), want.map(|r| (r, 0)), "{input:?}");
    }
}

#[test]
fn malformed_rules_are_refused_as_tzset_refuses_them() {
    for rule in ["", "ES", "EST5EDT,M3.2.0", "EST5EDT,M13.2.0,M11.1.0", "EST5EDT,M3.2.0,M11.1.0x", "<EST5"] {
        assert_eq!(Zone::parse(rule), None, "{rule:?}");
    }
    assert!(Zone::parse("EST5EDT").is_some(), "tzcode's default rules apply");
}

// Table following robfig/cron spec_test.go TestNext, the cases with a zone (their seconds field is
// always 0, which a five-field schedule implies). The Sao Paulo cases date from 2018, when Brazil
// still had daylight saving; its 2018 rule is given explicitly.
#[test]
fn next_follows_robfig_next_across_daylight_saving() {
    let ny = Zone::load("America/New_York").unwrap();
    let sao_paulo_2018 = Zone::parse("<-03>3<-02>,M11.1.0/0,M2.3.0/0").unwrap();
    let cases: [(&Zone, &str, &str, &str); 34] = [
        (&ny, "2012-03-11T00:00:00-05:00", "30 2 11 Mar ?", "2013-03-11T02:30:00-04:00"),
        (&ny, "2012-03-11T00:00:00-05:00", "0 * * * ?", "2012-03-11T01:00:00-05:00"),
        (&ny, "2012-03-11T01:00:00-05:00", "0 * * * ?", "2012-03-11T03:00:00-04:00"),
        (&ny, "2012-03-11T03:00:00-04:00", "0 * * * ?", "2012-03-11T04:00:00-04:00"),
        (&ny, "2012-03-11T04:00:00-04:00", "0 * * * ?", "2012-03-11T05:00:00-04:00"),
        (&ny, "2012-03-11T00:00:00-05:00", "0 1 * * ?", "2012-03-11T01:00:00-05:00"),
        (&ny, "2012-03-11T01:00:00-05:00", "0 1 * * ?", "2012-03-12T01:00:00-04:00"),
        (&ny, "2012-03-11T00:00:00-05:00", "0 2 * * ?", "2012-03-12T02:00:00-04:00"),
        (&ny, "2012-11-04T00:00:00-04:00", "30 2 04 Nov ?", "2012-11-04T02:30:00-05:00"),
        (&ny, "2012-11-04T01:45:00-04:00", "30 1 04 Nov ?", "2012-11-04T01:30:00-05:00"),
        (&ny, "2012-11-04T00:00:00-04:00", "0 * * * ?", "2012-11-04T01:00:00-04:00"),
        (&ny, "2012-11-04T01:00:00-04:00", "0 * * * ?", "2012-11-04T01:00:00-05:00"),
        (&ny, "2012-11-04T01:00:00-05:00", "0 * * * ?", "2012-11-04T02:00:00-05:00"),
        (&ny, "2012-11-04T00:00:00-04:00", "0 1 * * ?", "2012-11-04T01:00:00-04:00"),
        (&ny, "2012-11-04T01:00:00-04:00", "0 1 * * ?", "2012-11-04T01:00:00-05:00"),
        (&ny, "2012-11-04T01:00:00-05:00", "0 1 * * ?", "2012-11-05T01:00:00-05:00"),
        (&ny, "2012-11-04T00:00:00-04:00", "0 2 * * ?", "2012-11-04T02:00:00-05:00"),
        (&ny, "2012-11-04T02:00:00-05:00", "0 2 * * ?", "2012-11-05T02:00:00-05:00"),
        (&ny, "2012-11-04T00:00:00-04:00", "0 3 * * ?", "2012-11-04T03:00:00-05:00"),
        (&ny, "2012-11-04T03:00:00-05:00", "0 3 * * ?", "2012-11-05T03:00:00-05:00"),
        (&ny, "2012-11-04T00:00:00-04:00", "0 * * * ?", "2012-11-04T01:00:00-04:00"),
        (&ny, "2012-11-04T01:00:00-04:00", "0 * * * ?", "2012-11-04T01:00:00-05:00"),
        (&ny, "2012-11-04T01:00:00-05:00", "0 * * * ?", "2012-11-04T02:00:00-05:00"),
        (&ny, "2012-11-04T00:00:00-04:00", "0 1 * * ?", "2012-11-04T01:00:00-04:00"),
        (&ny, "2012-11-04T01:00:00-04:00", "0 1 * * ?", "2012-11-04T01:00:00-05:00"),
        (&ny, "2012-11-04T01:00:00-05:00", "0 1 * * ?", "2012-11-05T01:00:00-05:00"),
        (&ny, "2012-11-04T00:00:00-04:00", "0 2 * * ?", "2012-11-04T02:00:00-05:00"),
        (&ny, "2012-11-04T02:00:00-05:00", "0 2 * * ?", "2012-11-05T02:00:00-05:00"),
        (&ny, "2012-11-04T00:00:00-04:00", "0 3 * * ?", "2012-11-04T03:00:00-05:00"),
        (&ny, "2012-11-04T03:00:00-05:00", "0 3 * * ?", "2012-11-05T03:00:00-05:00"),
        (&ny, "2012-11-04T00:00:00-04:00", "0 3 3 * ?", "2012-12-03T03:00:00-05:00"),
        (&sao_paulo_2018, "2018-10-17T05:00:00-04:00", "0 9 10 * ?", "2018-11-10T06:00:00-05:00"),
        (&sao_paulo_2018, "2018-02-14T05:00:00-05:00", "0 9 22 * ?", "2018-02-22T07:00:00-05:00"),
        (&Zone::utc(), "2012-07-09T23:35:00Z", "0 0 29 Feb ?", "2016-02-29T00:00:00Z"),
    ];
    for (zone, after, spec, want) in cases {
        assert_eq!(next_in(zone, spec, unix(after)), Some(unix(want)), "{spec} after {after}");
    }
}

// The schedules of robfig/cron spec_test.go TestNextWithTz: the zone of the instant does not
// matter, only the schedule's.
#[test]
fn next_does_not_depend_on_the_offset_the_instant_was_written_in() {
    let cases = [
        ("2016-01-03T13:09:03+05:30", "14 14 * * *", "2016-01-03T14:14:00+05:30"),
        ("2016-01-03T04:09:03+05:30", "14 14 * * ?", "2016-01-03T14:14:00+05:30"),
        ("2016-01-03T14:09:03+05:30", "14 14 * * *", "2016-01-03T14:14:00+05:30"),
        ("2016-01-03T14:00:00+05:30", "14 14 * * ?", "2016-01-03T14:14:00+05:30"),
    ];
    let kolkata = Zone::load("Asia/Kolkata").unwrap();
    for (after, spec, want) in cases {
        assert_eq!(next_in(&kolkata, spec, unix(after)), Some(unix(want)), "{spec} after {after}");
    }
}

// Expected times computed by Go (see the header of next_times.txt).
#[test]
fn next_matches_go_across_zones_and_changes() {
    let data = include_str!("next_times.txt");
    let mut checked = 0;
    for line in data.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let parts: Vec<&str> = line.split('|').collect();
        let [name, spec, after, outs] = parts.as_slice() else { panic!("bad line {line}") };
        let zone = Zone::load(name).unwrap();
        let mut t = unix(after);
        for want in outs.split(' ') {
            t = next_in(&zone, spec, t).unwrap_or_else(|| panic!("no next for {line}"));
            assert_eq!(zone.rfc3339(t), *want, "{line}");
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} times checked");
}

#[test]
fn rfc3339_and_wall_clock_readings_carry_the_zone() {
    let ny = Zone::load("America/New_York").unwrap();
    let t = unix("2026-03-08T06:55:00Z");
    assert_eq!(ny.rfc3339(t), "2026-03-08T01:55:00-05:00");
    assert_eq!(ny.wall_clock(t), "2026-03-08 01:55 EST");
    assert_eq!(ny.rfc3339(t + 600), "2026-03-08T03:05:00-04:00");
    assert_eq!(ny.wall_clock(t + 600), "2026-03-08 03:05 EDT");
    assert_eq!(Zone::utc().rfc3339(t), "2026-03-08T06:55:00Z");
    let kathmandu = Zone::load("Asia/Kathmandu").unwrap();
    assert_eq!(kathmandu.rfc3339(t), "2026-03-08T12:40:00+05:45");
}
