//! The native benchmark runner: `cargo run --profile fast -p kubeplay-bench -- engine 5000 150000`,
//! `... -- deployment 10000 500` (REPLICAS NODES: a Deployment created, then rolled to a new image),
//! `... -- daemonset 5000` (NODES: a DaemonSet created, then rolled to a new image).

use std::time::Instant;

/// Peak resident memory of this process in MiB (Linux), if known.
fn peak_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let name = args.first().map(String::as_str).unwrap_or("engine");
    let a: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(5000);
    let b: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(150_000);
    let start = Instant::now();
    let (report, cluster) = match name {
        "engine" => kubeplay_bench::engine(a, b),
        "deployment" => kubeplay_bench::deployment_rollout(a, b),
        "manifests" => kubeplay_bench::manifests(a),
        "daemonset" => kubeplay_bench::daemonset(a),
        other => {
            eprintln!("unknown scenario {other}");
            std::process::exit(2);
        }
    };
    let secs = start.elapsed().as_secs_f64();
    let teardown = Instant::now();
    drop(cluster);
    let teardown = teardown.elapsed().as_secs_f64();
    println!("{}", report.name);
    println!("  wall time      {secs:.2} s");
    println!("  teardown       {teardown:.2} s (freeing the cluster, not timed)");
    println!("  work units     {} ({:.0}/s)", report.work, report.work as f64 / secs);
    println!("  objects        {}", report.objects);
    println!("  running pods   {}", report.running_pods);
    println!("  virtual time   {} ms", report.virtual_ms);
    println!("  peak memory    {}", peak_mib().map_or("unknown".to_string(), |m| format!("{m:.0} MiB")));
    println!("  {}", report.note);
}
