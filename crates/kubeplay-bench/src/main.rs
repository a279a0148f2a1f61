//! The native benchmark runner: `cargo run --profile fast -p kubeplay-bench -- SCENARIO [ARGS...]`.
//! Scenarios and their arguments (left out, they take the sizes):
//! `engine NODES PODS` (5000 150000), `deployment REPLICAS NODES` (10000 500: created, then rolled
//! to a new image), `daemonset NODES` (5000: created, then rolled), `replicaset REPLICAS NODES`
//! (10000 100: scaled 0 → REPLICAS → 0), `job COMPLETIONS PARALLELISM NODES` (10000 500 100),
//! `cronjob DAYS` (7: every minute), `manifests OBJECTS` (10000: one `kubectl apply -f`).
//! `--row` prints one tab-separated line instead (the columns of `make bench`'s table).

use std::time::Instant;

/// Peak resident memory of this process in MiB (Linux), if known.
fn peak_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// CPU seconds (user and system) this process has used (Linux; its clock ticks are 1/100 s), if
/// known: on a busy machine the wall time also counts the waits for a core.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(") ")?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// The 1-minute load average (Linux): the machine is shared, so each run notes how busy it was
/// before and after (the run itself adds about 1).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "unknown".to_string())
}

fn main() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let row = argv.iter().any(|a| a == "--row");
    let words: Vec<&String> = argv.iter().filter(|a| *a != "--row").collect();
    let name = words.first().map_or("engine", |s| s.as_str());
    let mut args = Vec::new();
    for w in words.iter().skip(1) {
        match w.parse::<usize>() {
            Ok(n) => args.push(n),
            Err(_) => {
                eprintln!("kubeplay-bench: {w:?} is not a number");
                std::process::exit(2);
            }
        }
    }
    let args = match kubeplay_bench::with_defaults(name, &args) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("kubeplay-bench: {e}");
            std::process::exit(2);
        }
    };
    let load_before = load_average();
    let cpu_before = cpu_seconds();
    let start = Instant::now();
    let (report, cluster) = match kubeplay_bench::run(name, &args) {
        Ok(done) => done,
        Err(e) => {
            eprintln!("kubeplay-bench: {e}");
            std::process::exit(2);
        }
    };
    let secs = start.elapsed().as_secs_f64();
    let cpu = match (cpu_before, cpu_seconds()) {
        (Some(a), Some(b)) => format!("{:.2}", b - a),
        _ => "unknown".to_string(),
    };
    let teardown = Instant::now();
    drop(cluster);
    let teardown = teardown.elapsed().as_secs_f64();
    let load = format!("{load_before} -> {}", load_average());
    let peak = peak_mib().map_or("unknown".to_string(), |m| format!("{m:.0} MiB"));
    if row {
        let shown: Vec<String> = args.iter().map(usize::to_string).collect();
        println!(
            "native\t{name} {}\t{secs:.2}\t{cpu}\t{}\t{}\t{:.0}\t{}\t{}\t{}\t{peak} peak RSS\t{load}\t{}",
            shown.join(" "),
            report.work,
            report.events,
            report.events as f64 / secs,
            report.objects,
            report.running_pods,
            report.completed,
            report.note
        );
        return;
    }
    println!("{}", report.name);
    println!("  wall time      {secs:.2} s ({cpu} s of CPU)");
    println!("  teardown       {teardown:.2} s (freeing the cluster, not timed)");
    println!("  work units     {} ({:.0}/s)", report.work, report.work as f64 / secs);
    println!("  events         {} ({:.0}/s)", report.events, report.events as f64 / secs);
    println!("  objects        {}", report.objects);
    println!("  running pods   {}", report.running_pods);
    println!("  completed      {}", report.completed);
    println!("  virtual time   {} ms", report.virtual_ms);
    println!("  peak memory    {peak}");
    println!("  load average   {load} (1 minute, before -> after the run)");
    println!("  {}", report.note);
}
