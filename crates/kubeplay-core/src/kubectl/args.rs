//! Command-line flags parsed as kubectl's (cobra + pflag) parse them: long and short forms,
//! `--flag=value` and `--flag value`, booleans, repeated flags, `--` and pflag's error texts.

/// What a flag takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagType {
    Bool,
    String,
    /// A Go int (`strconv.ParseInt(s, 0, 64)`).
    Int,
    /// An int32 flag (`ParseInt(s, 0, 32)`).
    Int32,
    /// A repeated string flag (`--label a --label b`, or comma-separated for string slices).
    StringArray,
    /// A string slice: values split on commas.
    StringSlice,
    /// A duration (`30s`, `5m`).
    Duration,
}

/// One flag a command accepts.
#[derive(Clone, Copy, Debug)]
pub struct Flag {
    pub long: &'static str,
    pub short: Option<char>,
    pub ty: FlagType,
    /// The value a bool flag given without `=value` means, or a string flag's default (NoOptDefVal).
    pub no_opt_default: Option<&'static str>,
}

impl Flag {
    pub const fn bool(long: &'static str, short: Option<char>) -> Flag {
        Flag { long, short, ty: FlagType::Bool, no_opt_default: None }
    }

    pub const fn string(long: &'static str, short: Option<char>) -> Flag {
        Flag { long, short, ty: FlagType::String, no_opt_default: None }
    }

    pub const fn int(long: &'static str, short: Option<char>) -> Flag {
        Flag { long, short, ty: FlagType::Int, no_opt_default: None }
    }

    pub const fn int32(long: &'static str, short: Option<char>) -> Flag {
        Flag { long, short, ty: FlagType::Int32, no_opt_default: None }
    }

    pub const fn array(long: &'static str, short: Option<char>) -> Flag {
        Flag { long, short, ty: FlagType::StringArray, no_opt_default: None }
    }

    pub const fn slice(long: &'static str, short: Option<char>) -> Flag {
        Flag { long, short, ty: FlagType::StringSlice, no_opt_default: None }
    }

    pub const fn duration(long: &'static str) -> Flag {
        Flag { long, short: None, ty: FlagType::Duration, no_opt_default: None }
    }

    /// A string flag that may be given bare (`--dry-run` means `--dry-run=unchanged`).
    pub const fn optional(long: &'static str, default: &'static str) -> Flag {
        Flag { long, short: None, ty: FlagType::String, no_opt_default: Some(default) }
    }

    /// Whether `word` is exactly this flag's `--long` or `-c` form (no value attached).
    pub fn is_named(&self, word: &str) -> bool {
        if word.strip_prefix("--") == Some(self.long) {
            return true;
        }
        let mut rest = word.strip_prefix('-').unwrap_or("").chars();
        let first = rest.next();
        first.is_some() && rest.next().is_none() && first == self.short
    }

    /// How pflag names the flag in "invalid argument" errors: `-r, --replicas` or `--replicas`.
    fn display(&self) -> String {
        match self.short {
            Some(c) => format!("-{c}, --{}", self.long),
            None => format!("--{}", self.long),
        }
    }
}

/// Flags every kubectl command has (global, persistent flags).
pub const GLOBAL_FLAGS: &[Flag] = &[
    Flag::string("namespace", Some('n')),
    Flag::string("context", None),
    Flag::string("kubeconfig", None),
    Flag::string("cluster", None),
    Flag::string("user", None),
    Flag::string("server", Some('s')),
    Flag::string("request-timeout", None),
    Flag::int32("v", Some('v')),
    Flag::bool("warnings-as-errors", None),
    Flag::bool("match-server-version", None),
    Flag::string("as", None),
    Flag::string("cache-dir", None),
    Flag::bool("insecure-skip-tls-verify", None),
    Flag::string("token", None),
];

/// The parsed command line.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    pub args: Vec<String>,
    /// Each given flag's values, in the order the flags were first given.
    values: Vec<(&'static str, Vec<String>)>,
    /// Arguments after `--` (exec's command).
    pub after_dash: Option<Vec<String>>,
}

impl Parsed {
    /// Whether the flag was given at all.
    pub fn has(&self, long: &str) -> bool {
        self.values_of(long).is_some()
    }

    /// The last value given for a flag.
    pub fn get(&self, long: &str) -> Option<&str> {
        self.values_of(long).and_then(|v| v.last()).map(String::as_str)
    }

    /// Every value given for a repeated flag.
    pub fn all(&self, long: &str) -> Vec<String> {
        self.values_of(long).cloned().unwrap_or_default()
    }

    fn values_of(&self, long: &str) -> Option<&Vec<String>> {
        self.values.iter().find(|(name, _)| *name == long).map(|(_, v)| v)
    }

    /// The values of `long`, none yet when it was not given before.
    fn slot(&mut self, long: &'static str) -> &mut Vec<String> {
        let i = match self.values.iter().position(|(name, _)| *name == long) {
            Some(i) => i,
            None => {
                self.values.push((long, Vec::new()));
                self.values.len() - 1
            }
        };
        &mut self.values[i].1
    }

    /// A bool flag's value (false when absent).
    pub fn flag(&self, long: &str) -> bool {
        self.get(long) == Some("true")
    }

    /// A duration flag's value in milliseconds (already checked by the parser).
    pub fn duration_ms(&self, long: &str) -> Option<i64> {
        self.get(long).and_then(|v| go_duration(v).ok()).map(|ns| ns / 1_000_000)
    }

    /// An int flag's value (already checked by the parser).
    pub fn int(&self, long: &str) -> Option<i64> {
        self.get(long).and_then(parse_go_int)
    }
}

/// Go's strconv.ParseInt(s, 0, 64) (decimal, 0x, 0o, 0b, leading 0 octal, underscores with a prefix).
pub fn parse_go_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (radix, digits) = if let Some(d) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        (16, d)
    } else if let Some(d) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
        (8, d)
    } else if let Some(d) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
        (2, d)
    } else if body.len() > 1 && body.starts_with('0') {
        (8, &body[1..])
    } else {
        (10, body)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = i64::from_str_radix(digits, radix).ok()?;
    Some(if neg { -v } else { v })
}

/// Go's error for strconv.ParseInt failures.
fn parse_int_error(s: &str, bits: u32) -> String {
    let all_digits = {
        let b = s.strip_prefix(['-', '+']).unwrap_or(s);
        !b.is_empty() && b.chars().all(|c| c.is_ascii_digit())
    };
    if all_digits {
        format!("strconv.ParseInt: parsing {}: value out of range", go_quote(s))
    } else {
        let _ = bits;
        format!("strconv.ParseInt: parsing {}: invalid syntax", go_quote(s))
    }
}

fn go_quote(s: &str) -> String {
    crate::manifest::field::go_quote(s)
}

/// Go's `time.ParseDuration`: nanoseconds, or its error text (`time: invalid duration "x"`,
/// `time: missing unit in duration "5"`, `time: unknown unit "x" in duration "5x"`).
pub fn go_duration(orig: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", go_quote(orig));
    let (neg, mut s) = match orig.as_bytes().first() {
        Some(b'-') => (true, &orig[1..]),
        Some(b'+') => (false, &orig[1..]),
        _ => (false, orig),
    };
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut total: u128 = 0;
    while !s.is_empty() {
        let starts_number = s.as_bytes().first().is_some_and(|c| *c == b'.' || c.is_ascii_digit());
        if !starts_number {
            return Err(invalid());
        }
        let int_len = s.bytes().take_while(u8::is_ascii_digit).count();
        let whole: u128 = if int_len == 0 { 0 } else { s[..int_len].parse().map_err(|_| invalid())? };
        s = &s[int_len..];
        let mut frac = "";
        if let Some(rest) = s.strip_prefix('.') {
            let n = rest.bytes().take_while(u8::is_ascii_digit).count();
            frac = &rest[..n];
            s = &rest[n..];
            if int_len == 0 && n == 0 {
                return Err(invalid());
            }
        }
        let unit_len = s.find(|c: char| c == '.' || c.is_ascii_digit()).unwrap_or(s.len());
        if unit_len == 0 {
            return Err(format!("time: missing unit in duration {}", go_quote(orig)));
        }
        let unit = &s[..unit_len];
        s = &s[unit_len..];
        let ns: u128 = match unit {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return Err(format!("time: unknown unit {} in duration {}", go_quote(unit), go_quote(orig))),
        };
        let mut v = whole.checked_mul(ns).ok_or_else(invalid)?;
        if !frac.is_empty() {
            // Go scales the fraction in float64; digits past nanoseconds do not matter here.
            let digits: String = frac.chars().take(18).collect();
            let f: u128 = digits.parse().map_err(|_| invalid())?;
            v += f * ns / 10u128.pow(u32::try_from(digits.len()).unwrap_or(0));
        }
        total = total.checked_add(v).ok_or_else(invalid)?;
        if total > 1 << 63 {
            return Err(invalid());
        }
    }
    if !neg && total > (1 << 63) - 1 {
        return Err(invalid());
    }
    let t = i64::try_from(total).unwrap_or(i64::MAX);
    Ok(if neg { t.checked_neg().unwrap_or(i64::MIN) } else { t })
}

/// Parses `args` for the command `command_path` (e.g. "kubectl get"), accepting `flags` plus the
/// global flags. Errors are pflag's text plus the `See '... --help' for usage.` line; kubectl
/// prints them after cobra's `Error: `.
pub fn parse(command_path: &str, flags: &[Flag], args: &[String]) -> Result<Parsed, String> {
    let usage = format!("\nSee '{command_path} --help' for usage.");
    let all: Vec<&Flag> = flags.iter().chain(GLOBAL_FLAGS.iter()).collect();
    let by_long = |name: &str| all.iter().find(|f| f.long == name).copied();
    let by_short = |c: char| all.iter().find(|f| f.short == Some(c)).copied();
    let mut out = Parsed::default();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            out.after_dash = Some(args[i..].to_vec());
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            if body.is_empty() || body.starts_with('-') || body.starts_with('=') {
                return Err(format!("bad flag syntax: {a}{usage}"));
            }
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let Some(flag) = by_long(name) else {
                return Err(format!("unknown flag: --{name}{usage}"));
            };
            let value = match inline {
                Some(v) => v,
                None if flag.ty == FlagType::Bool => "true".to_string(),
                None if flag.no_opt_default.is_some() => flag.no_opt_default.unwrap_or_default().to_string(),
                None => {
                    let Some(v) = args.get(i) else {
                        return Err(format!("flag needs an argument: --{name}{usage}"));
                    };
                    i += 1;
                    v.clone()
                }
            };
            store(&mut out, flag, value).map_err(|e| format!("{e}{usage}"))?;
        } else if a.len() > 1 && a.starts_with('-') {
            // Shorthand flags: -n default, -ndefault, -n=default, -it (bools combined).
            let chars: Vec<char> = a[1..].chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                let Some(flag) = by_short(c) else {
                    return Err(format!("unknown shorthand flag: {} in {a}{usage}", go_rune(c)));
                };
                let rest: String = chars[j + 1..].iter().collect();
                if flag.ty == FlagType::Bool {
                    if let Some(v) = rest.strip_prefix('=') {
                        store(&mut out, flag, v.to_string()).map_err(|e| format!("{e}{usage}"))?;
                        break;
                    }
                    store(&mut out, flag, "true".into()).map_err(|e| format!("{e}{usage}"))?;
                    j += 1;
                    continue;
                }
                let value = if let Some(v) = rest.strip_prefix('=') {
                    v.to_string()
                } else if !rest.is_empty() {
                    rest
                } else if let Some(d) = flag.no_opt_default {
                    d.to_string()
                } else {
                    let Some(v) = args.get(i) else {
                        return Err(format!("flag needs an argument: {} in -{c}{usage}", go_rune(c)));
                    };
                    i += 1;
                    v.clone()
                };
                store(&mut out, flag, value).map_err(|e| format!("{e}{usage}"))?;
                break;
            }
        } else {
            out.args.push(a.clone());
        }
    }
    Ok(out)
}

/// Go's `%q` of a rune: `'z'`.
fn go_rune(c: char) -> String {
    match c {
        '\'' => "'\\''".into(),
        '\\' => "'\\\\'".into(),
        c => format!("'{c}'"),
    }
}

fn store(out: &mut Parsed, flag: &Flag, value: String) -> Result<(), String> {
    let invalid = |detail: String| {
        format!("invalid argument {} for {} flag: {detail}", go_quote(&value), go_quote(&flag.display()))
    };
    match flag.ty {
        FlagType::Bool => {
            let v = match value.as_str() {
                "1" | "t" | "T" | "true" | "TRUE" | "True" => "true",
                "0" | "f" | "F" | "false" | "FALSE" | "False" => "false",
                _ => return Err(invalid(format!("strconv.ParseBool: parsing {}: invalid syntax", go_quote(&value)))),
            };
            *out.slot(flag.long) = vec![v.to_string()];
        }
        FlagType::Int | FlagType::Int32 => {
            let bits = if flag.ty == FlagType::Int32 { 32 } else { 64 };
            match parse_go_int(&value) {
                Some(v) if bits == 64 || i32::try_from(v).is_ok() => {
                    *out.slot(flag.long) = vec![v.to_string()];
                }
                _ => return Err(invalid(parse_int_error(&value, bits))),
            }
        }
        FlagType::Duration => {
            go_duration(&value).map_err(invalid)?;
            *out.slot(flag.long) = vec![value];
        }
        FlagType::String => {
            *out.slot(flag.long) = vec![value];
        }
        FlagType::StringArray => out.slot(flag.long).push(value),
        FlagType::StringSlice => {
            let entry = out.slot(flag.long);
            entry.extend(value.split(',').filter(|s| !s.is_empty()).map(str::to_string));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    const FLAGS: &[Flag] = &[
        Flag::string("output", Some('o')),
        Flag::bool("all-namespaces", Some('A')),
        Flag::bool("watch", Some('w')),
        Flag::int32("replicas", Some('r')),
        Flag::array("filename", Some('f')),
        Flag::optional("dry-run", "unchanged"),
    ];

    #[test]
    fn flags_parse_in_every_form_pflag_accepts() {
        let p = parse("kubectl get", FLAGS, &args("pods -n kube-system -o=wide -Aw --replicas 3 -f a -fb x")).unwrap();
        assert_eq!(p.args, vec!["pods", "x"]);
        assert_eq!(p.get("namespace"), Some("kube-system"));
        assert_eq!(p.get("output"), Some("wide"));
        assert!(p.flag("all-namespaces") && p.flag("watch"));
        assert_eq!(p.int("replicas"), Some(3));
        assert_eq!(p.all("filename"), vec!["a", "b"]);
        let p = parse("kubectl apply", FLAGS, &args("--dry-run -o name")).unwrap();
        assert_eq!(p.get("dry-run"), Some("unchanged"));
    }

    #[test]
    fn bad_flags_get_pflag_texts_and_the_usage_line() {
        let cases = [
            ("--foo", "unknown flag: --foo\nSee 'kubectl get --help' for usage."),
            ("-z", "unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage."),
            ("-n", "flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage."),
            ("--namespace", "flag needs an argument: --namespace\nSee 'kubectl get --help' for usage."),
            (
                "--replicas x",
                "invalid argument \"x\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\nSee 'kubectl get --help' for usage.",
            ),
            (
                "--replicas 99999999999",
                "invalid argument \"99999999999\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"99999999999\": value out of range\nSee 'kubectl get --help' for usage.",
            ),
            ("---x", "bad flag syntax: ---x\nSee 'kubectl get --help' for usage."),
        ];
        for (line, want) in cases {
            assert_eq!(parse("kubectl get", FLAGS, &args(line)).unwrap_err(), want, "{line}");
        }
    }

    /// Table following Go's time.ParseDuration (values and error texts).
    #[test]
    fn durations_parse_as_go_parses_them() {
        let ok = [
            ("0", 0),
            ("-0", 0),
            ("1s", 1_000_000_000),
            ("1.5s", 1_500_000_000),
            ("1h2m3s", 3_723_000_000_000),
            (".5ms", 500_000),
            ("-2m", -120_000_000_000),
            ("300us", 300_000),
            ("1\u{b5}s", 1_000),
        ];
        for (s, want) in ok {
            assert_eq!(go_duration(s), Ok(want), "{s}");
        }
        let bad = [
            ("", "time: invalid duration \"\""),
            ("abc", "time: invalid duration \"abc\""),
            ("5", "time: missing unit in duration \"5\""),
            ("5x", "time: unknown unit \"x\" in duration \"5x\""),
            ("1d", "time: unknown unit \"d\" in duration \"1d\""),
            (".s", "time: invalid duration \".s\""),
            ("99999999999h", "time: invalid duration \"99999999999h\""),
            ("-", "time: invalid duration \"-\""),
        ];
        for (s, want) in bad {
            assert_eq!(go_duration(s), Err(want.to_string()), "{s}");
        }
    }

    /// Random command lines over flag-like words never panic the parser, and a parsed line keeps
    /// every value it was given.
    #[test]
    fn no_command_line_makes_the_flag_parser_panic() {
        const WORDS: &[&str] = &[
            "-",
            "--",
            "-o",
            "-o=",
            "--output",
            "--output=",
            "-oyaml",
            "-A",
            "-Aw",
            "-wA",
            "-Ax",
            "--all-namespaces=maybe",
            "-r",
            "--replicas",
            "--replicas=",
            "--replicas=-1",
            "--replicas=0x10",
            "--replicas=99999999999999999999",
            "-f",
            "-f-",
            "--filename=a,b",
            "--dry-run",
            "--dry-run=",
            "-n",
            "-n=",
            "--namespace",
            "=",
            "==",
            "---",
            "--=x",
            "-\u{e9}",
            "--\u{e9}",
            "x",
            "pods",
            "\u{0}",
            "-v",
            "-v9",
            "--v=abc",
            "--timeout",
            "--timeout=1.5h",
            "--timeout=5x",
            "-h",
            "--help",
        ];
        const F: &[Flag] = &[
            Flag::string("output", Some('o')),
            Flag::bool("all-namespaces", Some('A')),
            Flag::bool("watch", Some('w')),
            Flag::int32("replicas", Some('r')),
            Flag::array("filename", Some('f')),
            Flag::optional("dry-run", "unchanged"),
            Flag::duration("timeout"),
        ];
        let mut seed: u64 = 5;
        for _ in 0..20_000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let len = (seed >> 60) as usize;
            let mut argv = Vec::new();
            for _ in 0..len {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                argv.push(WORDS[(seed >> 33) as usize % WORDS.len()].to_string());
            }
            if let Ok(p) = parse("kubectl get", F, &argv) {
                let _ = (p.int("replicas"), p.duration_ms("timeout"), p.all("filename"));
            }
        }
    }
}
