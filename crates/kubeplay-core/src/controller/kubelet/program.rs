//! What a container does, decided without running anything: from its image (servers run until
//! stopped, shell images exit at once) and its command (`sleep N`, `exit N`, `echo`, `sh -c`
//! scripts). Also the image catalog: sizes and pull times, the tags that exist, the ports
//! servers listen on.

/// One thing the container's process does, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A line on stdout.
    Echo(String),
    /// Waits this many milliseconds.
    Sleep(u64),
    /// Ends the process with this exit code.
    Exit(i32),
    /// Runs until stopped; the lines are printed once when it starts.
    Forever,
    /// Prints the same lines every `period` milliseconds, forever.
    Loop { lines: Vec<String>, period: u64 },
}

/// What a container's process does, and why kubeplay thinks so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    pub steps: Vec<Step>,
    /// Whether the process stops promptly on SIGTERM. A shell or `sleep` running as PID 1 has no
    /// handler, so it is killed only when the grace period ends.
    pub stops_on_sigterm: bool,
    /// A sentence for `sim why` about how this was decided.
    pub explanation: String,
}

impl Program {
    /// When the process exits (milliseconds after start) and with what code; `None` for servers.
    pub fn exit(&self) -> Option<(u64, i32)> {
        let mut t: u64 = 0;
        for s in &self.steps {
            match s {
                Step::Echo(_) => {}
                Step::Sleep(ms) => t = t.saturating_add(*ms),
                Step::Exit(code) => return Some((t, *code)),
                Step::Forever | Step::Loop { .. } => return None,
            }
        }
        Some((t, 0))
    }

    /// The log lines printed by `elapsed` milliseconds after start (bounded for loops).
    pub fn logs(&self, elapsed: u64) -> Vec<String> {
        let mut out = Vec::new();
        let mut t: u64 = 0;
        for s in &self.steps {
            match s {
                Step::Echo(line) if t <= elapsed => out.push(line.clone()),
                Step::Echo(_) => {}
                Step::Sleep(ms) => t = t.saturating_add(*ms),
                Step::Exit(_) | Step::Forever => break,
                Step::Loop { lines, period } => {
                    let period = (*period).max(1);
                    let rounds = (elapsed.saturating_sub(t) / period + 1).min(1000);
                    for _ in 0..rounds {
                        out.extend(lines.iter().cloned());
                    }
                    break;
                }
            }
        }
        out
    }
}

/// Facts about an image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageInfo {
    /// `docker.io/library/nginx:1.25` as the runtime reports it.
    pub full_name: String,
    pub size_bytes: u64,
    pub pull_ms: u64,
    /// `None` when kubeplay does not know the image (it is then assumed to exist).
    pub known_tags: Option<&'static [&'static str]>,
    pub server: bool,
    pub ports: &'static [u16],
}

struct Known {
    repo: &'static str,
    size_mb: u64,
    server: bool,
    ports: &'static [u16],
    tags: &'static [&'static str],
}

/// Images learners use, with the behaviour of their default command.
const KNOWN: &[Known] = &[
    Known {
        repo: "nginx",
        size_mb: 72,
        server: true,
        ports: &[80],
        tags: &[
            "latest",
            "stable",
            "mainline",
            "alpine",
            "1.14",
            "1.14.2",
            "1.16",
            "1.17",
            "1.18",
            "1.19",
            "1.20",
            "1.21",
            "1.22",
            "1.23",
            "1.24",
            "1.25",
            "1.25.3",
            "1.26",
            "1.27",
            "1.28",
            "1.7.9",
            "1.9.1",
            "1.25-alpine",
            "1.26-alpine",
            "1.27-alpine",
        ],
    },
    Known { repo: "httpd", size_mb: 58, server: true, ports: &[80], tags: &["latest", "alpine", "2.4", "2.4-alpine"] },
    Known {
        repo: "redis",
        size_mb: 40,
        server: true,
        ports: &[6379],
        tags: &["latest", "alpine", "4.0", "4.0-alpine", "5.0", "6.0", "6.2", "7.0", "7.2", "7.4", "7-alpine"],
    },
    Known {
        repo: "ikubernetes/myapp",
        size_mb: 15,
        server: true,
        ports: &[80],
        tags: &["v1", "v2", "v3", "v4", "v5", "v6", "v7"],
    },
    Known {
        repo: "ikubernetes/filebeat",
        size_mb: 31,
        server: true,
        ports: &[],
        tags: &["5.6.5-alpine", "5.6.6-alpine"],
    },
    Known {
        repo: "busybox",
        size_mb: 2,
        server: false,
        ports: &[],
        tags: &[
            "latest", "stable", "musl", "glibc", "uclibc", "1.28", "1.29", "1.30", "1.31", "1.32", "1.33", "1.34",
            "1.35", "1.36", "1.37",
        ],
    },
    Known {
        repo: "alpine",
        size_mb: 4,
        server: false,
        ports: &[],
        tags: &["latest", "3.14", "3.15", "3.16", "3.17", "3.18", "3.19", "3.20", "3.21", "edge"],
    },
    Known {
        repo: "ubuntu",
        size_mb: 29,
        server: false,
        ports: &[],
        tags: &["latest", "20.04", "22.04", "24.04", "focal", "jammy", "noble"],
    },
    Known {
        repo: "debian",
        size_mb: 49,
        server: false,
        ports: &[],
        tags: &["latest", "bookworm", "bullseye", "12", "11", "bookworm-slim"],
    },
    Known { repo: "centos", size_mb: 79, server: false, ports: &[], tags: &["latest", "7", "8"] },
    Known {
        repo: "perl",
        size_mb: 330,
        server: false,
        ports: &[],
        tags: &["latest", "5.34", "5.36", "5.38", "5.40", "slim"],
    },
    Known {
        repo: "python",
        size_mb: 370,
        server: false,
        ports: &[],
        tags: &["latest", "3", "3.10", "3.11", "3.12", "3.13", "slim", "alpine"],
    },
    Known { repo: "mysql", size_mb: 160, server: true, ports: &[3306], tags: &["latest", "5.7", "8.0", "8.4"] },
    Known {
        repo: "postgres",
        size_mb: 150,
        server: true,
        ports: &[5432],
        tags: &["latest", "13", "14", "15", "16", "17", "alpine"],
    },
    Known { repo: "memcached", size_mb: 30, server: true, ports: &[11211], tags: &["latest", "1.6", "alpine"] },
    Known { repo: "registry.k8s.io/pause", size_mb: 1, server: true, ports: &[], tags: &["3.9", "3.10"] },
];

/// Splits `repo[:tag][@digest]`, the registry's port not taken for a tag.
pub fn split_image(image: &str) -> (&str, Option<&str>, Option<&str>) {
    let (rest, digest) = match image.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (image, None),
    };
    let slash = rest.rfind('/').map_or(0, |i| i + 1);
    match rest[slash..].rfind(':') {
        Some(i) => (&rest[..slash + i], Some(&rest[slash + i + 1..]), digest),
        None => (rest, None, digest),
    }
}

/// The repository without the default registry: `docker.io/library/nginx` -> `nginx`.
fn short_repo(repo: &str) -> &str {
    repo.strip_prefix("docker.io/library/").or_else(|| repo.strip_prefix("docker.io/")).unwrap_or(repo)
}

/// A stable 64-bit hash (FNV-1a) for made-up digests and sizes.
pub fn fnv64(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// 64 hex digits derived from `seed` (a sha256-looking digest or container id).
pub fn hex64(seed: &str) -> String {
    hex64_of(&[seed.as_bytes()])
}

/// [`hex64`] of the concatenation of `parts`, without building it.
pub fn hex64_of(parts: &[&[u8]]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(64);
    for i in 0..4u8 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in parts.iter().flat_map(|p| p.iter()).chain([b'#', b'0' + i].iter()) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        let _ = write!(out, "{h:016x}");
    }
    out
}

/// What kubeplay knows about `image`.
pub fn image_info(image: &str) -> ImageInfo {
    let (repo, tag, _) = split_image(image);
    let short = short_repo(repo);
    let tag = tag.unwrap_or("latest");
    let full_name = if repo.contains('/') && repo.split('/').next().is_some_and(|h| h.contains('.') || h.contains(':'))
    {
        format!("{repo}:{tag}")
    } else if repo.contains('/') {
        format!("docker.io/{repo}:{tag}")
    } else {
        format!("docker.io/library/{repo}:{tag}")
    };
    match KNOWN.iter().find(|k| k.repo == short) {
        Some(k) => ImageInfo {
            full_name,
            size_bytes: k.size_mb * 1_048_576 + fnv64(image) % 1_000_000,
            pull_ms: 800 + k.size_mb * 35,
            known_tags: Some(k.tags),
            server: k.server,
            ports: k.ports,
        },
        None => ImageInfo {
            full_name,
            size_bytes: 20_000_000 + fnv64(image) % 80_000_000,
            pull_ms: 1500 + fnv64(image) % 2500,
            known_tags: None,
            server: true,
            ports: &[],
        },
    }
}

/// Whether pulling `image` can succeed (a known repository with an unknown tag cannot).
pub fn image_exists(image: &str) -> bool {
    let (_, tag, digest) = split_image(image);
    if digest.is_some() {
        return true;
    }
    match image_info(image).known_tags {
        Some(tags) => tags.contains(&tag.unwrap_or("latest")),
        None => true,
    }
}

/// What the container runs: its command and args over the image's defaults.
pub fn program(image: &str, command: &[String], args: &[String]) -> Program {
    let info = image_info(image);
    let argv: Vec<String> =
        if !command.is_empty() { command.iter().chain(args.iter()).cloned().collect() } else { args.to_vec() };
    if argv.is_empty() {
        return if info.server {
            Program {
                steps: vec![Step::Forever],
                stops_on_sigterm: true,
                explanation: format!("{image} runs a server by default, which runs until it is stopped"),
            }
        } else {
            Program {
                steps: vec![Step::Exit(0)],
                stops_on_sigterm: true,
                explanation: format!(
                    "{image} has no long-running default command: its shell finds no terminal and exits 0 at once. Give it a command such as [\"sleep\", \"3600\"] to keep it running"
                ),
            }
        };
    }
    let mut p = interpret(&argv);
    if p.explanation.is_empty() {
        p.explanation = format!("the container runs {}", shell_join(&argv));
    }
    p
}

fn shell_join(argv: &[String]) -> String {
    argv.iter()
        .map(|a| if a.contains(' ') || a.is_empty() { format!("{a:?}") } else { a.clone() })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Interprets an argv: a shell with `-c SCRIPT`, or a single program.
fn interpret(argv: &[String]) -> Program {
    let prog = argv.first().map(String::as_str).unwrap_or("");
    let base = prog.rsplit('/').next().unwrap_or(prog);
    if matches!(base, "sh" | "bash" | "ash" | "dash" | "zsh") {
        if let Some(i) = argv.iter().position(|a| a == "-c") {
            let script = argv.get(i + 1).map(String::as_str).unwrap_or("");
            let mut p = script_program(script);
            p.stops_on_sigterm = false;
            p.explanation = format!("the container's shell runs the script {script:?}");
            return p;
        }
        return Program {
            steps: vec![Step::Exit(0)],
            stops_on_sigterm: true,
            explanation: format!("{base} without -c and without a terminal reads no input and exits 0"),
        };
    }
    let mut p = script_program(&shell_join(argv));
    p.explanation = String::new();
    p
}

/// The steps of a small shell script: `;`/`&&`/newline separated commands, `while true` loops.
fn script_program(script: &str) -> Program {
    let trimmed = script.trim();
    if let Some(body) = forever_loop_body(trimmed) {
        let inner = script_program(body);
        let lines: Vec<String> =
            inner.steps.iter().filter_map(|s| if let Step::Echo(l) = s { Some(l.clone()) } else { None }).collect();
        let period: u64 = inner.steps.iter().map(|s| if let Step::Sleep(ms) = s { *ms } else { 0 }).sum();
        let steps =
            if lines.is_empty() { vec![Step::Forever] } else { vec![Step::Loop { lines, period: period.max(1000) }] };
        return Program { steps, stops_on_sigterm: false, explanation: String::new() };
    }
    let mut steps = Vec::new();
    for cmd in split_commands(trimmed) {
        let words: Vec<String> = crate::shell::split_words(&cmd).unwrap_or_default();
        let Some(first) = words.first() else { continue };
        let name = first.rsplit('/').next().unwrap_or(first);
        match name {
            "echo" => {
                let rest: Vec<&String> = words[1..].iter().filter(|w| *w != "-n" && *w != "-e").collect();
                steps.push(Step::Echo(rest.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")));
            }
            "printf" => steps.push(Step::Echo(words[1..].join(" ").replace("\\n", ""))),
            "sleep" => match words.get(1).map(String::as_str) {
                Some("infinity") | None => steps.push(Step::Forever),
                Some(d) => steps.push(Step::Sleep(parse_sleep(d))),
            },
            "exit" => steps.push(Step::Exit(words.get(1).and_then(|c| c.parse().ok()).unwrap_or(0))),
            "false" => steps.push(Step::Exit(1)),
            "true" | ":" | "date" | "env" | "printenv" | "ls" | "cat" | "hostname" | "set" | "export" | "cd" => {}
            "tail" if words.iter().any(|w| w == "-f") => steps.push(Step::Forever),
            "nginx" | "httpd" | "redis-server" | "python3" | "python" | "node" | "java" | "filebeat" => {
                steps.push(Step::Forever)
            }
            "perl" if cmd.contains("bpi(") => {
                steps.push(Step::Sleep(9_000));
                steps.push(Step::Echo(PI_2000.to_string()));
            }
            _ => {}
        }
        if matches!(steps.last(), Some(Step::Exit(_) | Step::Forever)) {
            break;
        }
    }
    Program { steps, stops_on_sigterm: false, explanation: String::new() }
}

/// `while true; do BODY; done` (or `while :`) → BODY.
fn forever_loop_body(s: &str) -> Option<&str> {
    let rest = s.strip_prefix("while true").or_else(|| s.strip_prefix("while :"))?;
    let rest = rest.trim_start().trim_start_matches(';').trim_start();
    let rest = rest.strip_prefix("do")?;
    let end = rest.rfind("done")?;
    Some(rest[..end].trim().trim_end_matches(';'))
}

/// Splits a script on `;`, `&&`, `||` and newlines outside quotes.
fn split_commands(script: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut chars = script.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                cur.push(c);
            }
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                cur.push(c);
            }
            (None, ';' | '\n') => out.push(std::mem::take(&mut cur)),
            (None, '&' | '|') if chars.peek() == Some(&c) => {
                chars.next();
                out.push(std::mem::take(&mut cur));
            }
            (None, c) => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

/// `sleep` arguments: seconds, or with s/m/h/d suffixes.
fn parse_sleep(d: &str) -> u64 {
    let (num, mult) = match d.chars().last() {
        Some('s') => (&d[..d.len() - 1], 1000.0),
        Some('m') => (&d[..d.len() - 1], 60_000.0),
        Some('h') => (&d[..d.len() - 1], 3_600_000.0),
        Some('d') => (&d[..d.len() - 1], 86_400_000.0),
        _ => (d, 1000.0),
    };
    let v: f64 = num.parse().unwrap_or(0.0);
    if v.is_finite() && v > 0.0 {
        (v * mult).min(1e15) as u64
    } else {
        0
    }
}

/// The first 2000 decimals of pi are what the classic `perl -Mbignum=bpi -wle 'print bpi(2000)'`
/// Job prints; kubeplay prints a shortened line (the digits themselves are not the lesson).
const PI_2000: &str = "3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798214808651328230664709384460955058223172535940812848111745028410270193852110555964462294895493038196";

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn servers_run_until_stopped_and_shell_images_exit_at_once() {
        assert_eq!(program("nginx:1.25", &[], &[]).exit(), None);
        assert_eq!(program("redis:4.0-alpine", &[], &[]).exit(), None);
        assert_eq!(program("some/unknown:v9", &[], &[]).exit(), None);
        assert_eq!(program("busybox", &[], &[]).exit(), Some((0, 0)));
        assert!(program("busybox", &[], &[]).explanation.contains("sleep"));
    }

    #[test]
    fn commands_decide_how_long_and_how_a_container_ends() {
        type Case<'a> = (&'a [&'a str], &'a [&'a str], Option<(u64, i32)>);
        let cases: &[Case] = &[
            (&["sleep", "30"], &[], Some((30_000, 0))),
            (&["sleep"], &["3600"], Some((3_600_000, 0))),
            (&[], &["sleep", "5"], Some((5_000, 0))),
            (&["false"], &[], Some((0, 1))),
            (&["sh", "-c", "echo hi; sleep 2; exit 3"], &[], Some((2_000, 3))),
            (&["/bin/sh", "-c"], &["sleep 10 && echo done"], Some((10_000, 0))),
            (&["sh", "-c", "while true; do echo tick; sleep 5; done"], &[], None),
            (&["sleep", "infinity"], &[], None),
            (&["tail", "-f", "/dev/null"], &[], None),
            (&["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"], &[], Some((9_000, 0))),
        ];
        for (cmd, args, want) in cases {
            assert_eq!(program("busybox", &argv(cmd), &argv(args)).exit(), *want, "{cmd:?} {args:?}");
        }
    }

    #[test]
    fn echo_lines_become_logs_in_order() {
        let p = program("busybox", &argv(&["sh", "-c", "echo one; sleep 1; echo two"]), &[]);
        assert_eq!(p.logs(500), vec!["one"]);
        assert_eq!(p.logs(1000), vec!["one", "two"]);
        let l = program("busybox", &argv(&["sh", "-c", "while true; do echo tick; sleep 5; done"]), &[]);
        assert_eq!(l.logs(12_000), vec!["tick", "tick", "tick"]);
    }

    #[test]
    fn known_repositories_have_known_tags() {
        assert!(image_exists("nginx:1.25"));
        assert!(!image_exists("busybox:v3"));
        assert!(image_exists("example.com/team/app:anything"));
        assert!(image_exists("nginx@sha256:abc"));
        assert_eq!(split_image("localhost:5000/app:v1"), ("localhost:5000/app", Some("v1"), None));
        assert_eq!(split_image("localhost:5000/app"), ("localhost:5000/app", None, None));
        assert_eq!(image_info("nginx:1.25").full_name, "docker.io/library/nginx:1.25");
        assert_eq!(image_info("ikubernetes/myapp:v1").full_name, "docker.io/ikubernetes/myapp:v1");
    }
}
