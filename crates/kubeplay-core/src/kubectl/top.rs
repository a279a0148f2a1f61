//! `kubectl top pod|node`: the metrics printer's layout (`metricsutil.TopCmdPrinter`) over
//! kubeplay's stand-in for metrics-server. kubeplay runs no processes, so it has no real usage:
//! a running container uses exactly what it requests (0 when it requests nothing), a node the
//! sum over its running pods. Pods that are not running have no metrics, as a fresh pod has none
//! before metrics-server's first scrape; nodes that are not Ready have none either.

use super::args::{self, Flag, Parsed};
use super::printers::tabwriter::TabWriter;
use super::sorting::sort_by_keys;
use super::{fail, fail_cobra, fail_plain, namespace_of, CmdError, Io};
use crate::api::node::Node;
use crate::api::pod::Pod;
use crate::api::quantity::Quantity;
use crate::cluster::{ApiError, Cluster};

const TOP_HELP: &str = "Display resource (CPU/memory) usage.

 The top command allows you to see the resource consumption for nodes or pods.

 This command requires Metrics Server to be correctly configured and working on the server.

Available Commands:
  node          Display resource (CPU/memory) usage of nodes
  pod           Display resource (CPU/memory) usage of pods

Usage:
  kubectl top [flags] [options]

Use \"kubectl top <command> --help\" for more information about a given command.
Use \"kubectl options\" for a list of global command-line options (applies to all commands).";

/// Metrics-server waits this long before a pod without metrics counts as a problem (`metricsCreationDelay`).
const METRICS_CREATION_DELAY_MS: i64 = 120_000;

/// Runs the verb `verb` with `argv`.
pub fn run(cluster: &mut Cluster, _verb: &str, argv: &[String], io: &mut Io) -> i32 {
    let Some(sub) = argv.iter().position(|a| !a.starts_with('-')) else {
        io.errln(TOP_HELP);
        return 1;
    };
    let mut rest: Vec<String> = argv[..sub].to_vec();
    rest.extend_from_slice(&argv[sub + 1..]);
    match argv[sub].as_str() {
        "pod" | "pods" | "po" => top_pod(cluster, &rest, io),
        "node" | "nodes" | "no" => top_node(cluster, &rest, io),
        other => fail_plain(io, format!("unknown command \"{other}\"\nSee 'kubectl top -h' for help and examples")),
    }
}

/// (milli-CPU, memory bytes) a container uses: its requests.
fn container_usage(c: &crate::api::pod::Container) -> (i64, i64) {
    let q = |k: &str| c.resources.requests.get(k).and_then(|v| Quantity::parse(v).ok());
    (q("cpu").map_or(0, |q| q.milli_value()), q("memory").map_or(0, |q| q.value()))
}

/// The metrics API's NotFound for a pod or node it has no metrics for.
fn no_metrics(resource: &str, name: &str) -> CmdError {
    CmdError::Api {
        err: ApiError::Other {
            reason: "NotFound".into(),
            message: format!("{resource}.metrics.k8s.io \"{name}\" not found"),
        },
        context: None,
    }
}

/// Whether metrics-server has metrics for a pod: it runs.
fn has_metrics(pod: &Pod) -> bool {
    pod.status.phase == "Running" && pod.metadata.deletion_timestamp.is_none()
}

/// The columns of a usage: `250m`, `64Mi`.
fn cpu_cell(milli: i64) -> String {
    format!("{milli}m")
}

fn memory_cell(bytes: i64) -> String {
    format!("{}Mi", bytes / (1024 * 1024))
}

const TOP_POD_FLAGS: &[Flag] = &[
    Flag::string("selector", Some('l')),
    Flag::string("field-selector", None),
    Flag::string("sort-by", None),
    Flag::bool("containers", None),
    Flag::bool("all-namespaces", Some('A')),
    Flag::bool("no-headers", None),
    Flag::bool("use-protocol-buffers", None),
    Flag::bool("sum", None),
];

/// One pod's metrics: its containers' usage.
struct PodMetrics {
    namespace: String,
    name: String,
    containers: Vec<(String, i64, i64)>,
}

impl PodMetrics {
    fn total(&self) -> (i64, i64) {
        self.containers.iter().fold((0, 0), |(c, m), (_, cc, mm)| (c + cc, m + mm))
    }
}

/// `kubectl top pod [NAME | -l label]`.
fn top_pod(cluster: &Cluster, argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl top pod", TOP_POD_FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    if p.args.len() > 1 {
        return fail_plain(io, "pod [NAME | -l label]\nSee 'kubectl top pod -h' for help and examples".into());
    }
    let sort_by = p.get("sort-by").unwrap_or("");
    if !sort_by.is_empty() && sort_by != "cpu" && sort_by != "memory" {
        return fail_plain(io, "--sort-by accepts only cpu or memory".into());
    }
    let name = p.args.first().cloned();
    if name.is_some() && (p.has("selector") || p.has("field-selector")) {
        return fail_plain(io, "only one of NAME or selector can be provided".into());
    }
    let labels = match super::labels::parse(p.get("selector").unwrap_or("")) {
        Ok(l) => l,
        Err(e) => return fail_plain(io, e),
    };
    let fields = match super::get::parse_field_selector(p.get("field-selector").unwrap_or("")) {
        Ok(f) => f,
        Err(e) => return fail_plain(io, e),
    };
    let all_ns = p.flag("all-namespaces");
    let ns = namespace_of(&p);
    let in_scope = |pod: &Pod| all_ns || pod.metadata.namespace == ns;
    let mut metrics: Vec<PodMetrics> = Vec::new();
    let to_metrics = |pod: &Pod| PodMetrics {
        namespace: pod.metadata.namespace.clone(),
        name: pod.metadata.name.clone(),
        containers: pod
            .spec
            .containers
            .iter()
            .map(|c| {
                let (cpu, mem) = container_usage(c);
                (c.name.clone(), cpu, mem)
            })
            .collect(),
    };
    match &name {
        Some(n) => {
            let pod =
                cluster.store().pods().find(|pod| (all_ns || pod.metadata.namespace == ns) && &pod.metadata.name == n);
            match pod.filter(|pod| has_metrics(pod)) {
                Some(pod) => metrics.push(to_metrics(pod)),
                None => return fail(io, no_metrics("podmetrics", n)),
            }
        }
        None => {
            for pod in cluster.store().pods() {
                let obj = crate::api::Object::Pod(crate::api::ObjBox::new(pod.clone()));
                if in_scope(pod) && labels.matches(&pod.metadata.labels) && fields.matches(&obj) && has_metrics(pod) {
                    metrics.push(to_metrics(pod));
                }
            }
        }
    }
    if metrics.is_empty() {
        // `verifyEmptyMetrics`: pods older than the scrape delay without metrics are an error.
        let now = cluster.now_time();
        let pods: Vec<&Pod> = cluster
            .store()
            .pods()
            .filter(|pod| pod.metadata.namespace == ns && labels.matches(&pod.metadata.labels))
            .collect();
        if !pods.is_empty() {
            for pod in &pods {
                let age = now.0 - pod.metadata.creation_timestamp.map_or(0, |t| t.0);
                if age > METRICS_CREATION_DELAY_MS {
                    let age = crate::sim::format_go_duration(u64::try_from(age).unwrap_or(0));
                    return fail_plain(
                        io,
                        format!(
                            "Metrics not available for pod {}/{}, age: {age}",
                            pod.metadata.namespace, pod.metadata.name
                        ),
                    );
                }
            }
            return fail_plain(io, "metrics not available yet".into());
        }
        if all_ns {
            io.errln("No resources found");
        } else {
            io.errlnf(format_args!("No resources found in {ns} namespace."));
        }
        return 0;
    }
    // `PodMetricsSorter`.
    let keys: Vec<(String, String, i64, i64)> = metrics
        .iter()
        .map(|m| {
            let (c, mm) = m.total();
            (m.namespace.clone(), m.name.clone(), c, mm)
        })
        .collect();
    let by = sort_by.to_string();
    sort_by_keys(&mut metrics, keys, |a, b| match by.as_str() {
        "cpu" => a.2 > b.2,
        "memory" => a.3 > b.3,
        _ if all_ns && a.0 != b.0 => a.0 < b.0,
        _ => a.1 < b.1,
    });
    let containers = p.flag("containers");
    let mut w = TabWriter::for_get();
    let mut columns = 3;
    if !p.flag("no-headers") {
        if all_ns {
            w.write("NAMESPACE\t");
            columns += 1;
        }
        if containers {
            w.write("POD\t");
            columns += 1;
        }
        w.write("NAME\tCPU(cores)\tMEMORY(bytes)\t\n");
    }
    for m in &mut metrics {
        if containers {
            let keys: Vec<(String, i64, i64)> = m.containers.clone();
            let mut cs = m.containers.clone();
            sort_by_keys(&mut cs, keys, |a, b| match by.as_str() {
                "cpu" => a.1 > b.1,
                "memory" => a.2 > b.2,
                _ => a.0 < b.0,
            });
            for (cname, cpu, mem) in cs {
                if all_ns {
                    w.writef(format_args!("{}\t", m.namespace));
                }
                w.writef(format_args!("{}\t{cname}\t{}\t{}\t\n", m.name, cpu_cell(cpu), memory_cell(mem)));
            }
        } else {
            if all_ns {
                w.writef(format_args!("{}\t", m.namespace));
            }
            let (cpu, mem) = m.total();
            w.writef(format_args!("{}\t{}\t{}\t\n", m.name, cpu_cell(cpu), memory_cell(mem)));
        }
    }
    if p.flag("sum") {
        let (cpu, mem) = metrics.iter().fold((0, 0), |(c, mm), m| {
            let (a, b) = m.total();
            (c + a, mm + b)
        });
        for _ in 0..columns - 2 {
            w.write("\t");
        }
        w.write("________\t________\t\n");
        for _ in 0..columns - 3 {
            w.write("\t");
        }
        w.writef(format_args!("\t{}\t{}\t\n", cpu_cell(cpu), memory_cell(mem)));
    }
    io.out.push_str(&w.flush());
    0
}

const TOP_NODE_FLAGS: &[Flag] = &[
    Flag::string("selector", Some('l')),
    Flag::string("sort-by", None),
    Flag::bool("no-headers", None),
    Flag::bool("use-protocol-buffers", None),
    Flag::bool("show-capacity", None),
];

/// `kubectl top node [NAME | -l label]`.
fn top_node(cluster: &Cluster, argv: &[String], io: &mut Io) -> i32 {
    let p: Parsed = match args::parse("kubectl top node", TOP_NODE_FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    if p.args.len() > 1 {
        return fail_plain(io, "node [NAME | -l label]\nSee 'kubectl top node -h' for help and examples".into());
    }
    let sort_by = p.get("sort-by").unwrap_or("").to_string();
    if !sort_by.is_empty() && sort_by != "cpu" && sort_by != "memory" {
        return fail_plain(io, "--sort-by accepts only cpu or memory".into());
    }
    let name = p.args.first().cloned();
    if name.is_some() && p.has("selector") {
        return fail_plain(io, "only one of NAME or --selector can be provided".into());
    }
    let labels = match super::labels::parse(p.get("selector").unwrap_or("")) {
        Ok(l) => l,
        Err(e) => return fail_plain(io, e),
    };
    let nodes: Vec<&Node> = match &name {
        Some(n) => match cluster.store().node("", n) {
            Some(node) => vec![node],
            None => return fail(io, no_metrics("nodemetrics", n)),
        },
        None => cluster.store().nodes().filter(|n| labels.matches(&n.metadata.labels)).collect(),
    };
    let ready = |n: &Node| n.status.conditions.iter().any(|c| c.type_ == "Ready" && c.status == "True");
    let mut with_metrics: Vec<(String, i64, i64, i64, i64)> = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    for node in &nodes {
        let source = if p.flag("show-capacity") { &node.status.capacity } else { &node.status.allocatable };
        let avail = |k: &str| source.get(k).and_then(|v| Quantity::parse(v).ok());
        if !ready(node) {
            missing.push(node.metadata.name.clone());
            continue;
        }
        let (mut cpu, mut mem) = (0i64, 0i64);
        for pod in cluster.store().pods_on_node(&node.metadata.name).filter(|pod| has_metrics(pod)) {
            for c in &pod.spec.containers {
                let (a, b) = container_usage(c);
                cpu += a;
                mem += b;
            }
        }
        with_metrics.push((
            node.metadata.name.clone(),
            cpu,
            mem,
            avail("cpu").map_or(0, |q| q.milli_value()),
            avail("memory").map_or(0, |q| q.milli_value()),
        ));
    }
    if with_metrics.is_empty() && name.is_none() {
        return fail_plain(io, "metrics not available yet".into());
    }
    if with_metrics.is_empty() {
        return fail(io, no_metrics("nodemetrics", &name.unwrap_or_default()));
    }
    let keys = with_metrics.clone();
    sort_by_keys(&mut with_metrics, keys, |a, b| match sort_by.as_str() {
        "cpu" => a.1 > b.1,
        "memory" => a.2 > b.2,
        _ => a.0 < b.0,
    });
    let mut w = TabWriter::for_get();
    if !p.flag("no-headers") {
        w.write("NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\t\n");
    }
    let percent = |used_milli: i64, avail_milli: i64| -> String {
        if avail_milli == 0 {
            return "+Inf%".into();
        }
        format!("{}%", (used_milli as f64 / avail_milli as f64 * 100.0) as i64)
    };
    for (n, cpu, mem, acpu, amem) in &with_metrics {
        w.writef(format_args!(
            "{n}\t{}\t{}\t{}\t{}\t\n",
            cpu_cell(*cpu),
            percent(*cpu, *acpu),
            memory_cell(*mem),
            percent(mem * 1000, *amem)
        ));
    }
    for n in &missing {
        w.writef(format_args!("{n}\t<unknown>\t<unknown>\t<unknown>\t<unknown>\t\n"));
    }
    io.out.push_str(&w.flush());
    0
}
