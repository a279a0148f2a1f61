//! Benchmark scenarios. Each builds a cluster, does the work and returns counts with the cluster;
//! the runners (native `main.rs`, and Node over the wasm build) time them, and drop the cluster
//! after the clock stops (freeing 150,000 pods is not part of any scenario). No timing happens here.

use kubeplay_core::api::pod::{Container, Pod};
use kubeplay_core::api::Object;
use kubeplay_core::cluster::nodes::NodeSpecInput;
use kubeplay_core::Cluster;

/// What a scenario did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub name: String,
    /// Units of work the engine processed (reconciles and kubelet syncs).
    pub work: u64,
    pub objects: usize,
    pub running_pods: usize,
    /// What ran to completion: a Job's succeeded pods, a CronJob's Jobs seen Complete.
    pub completed: usize,
    /// Events the cluster recorded (each repeat of an aggregated event counted).
    pub events: u64,
    pub virtual_ms: u64,
    pub note: String,
}

/// The events `c` holds, each repeat of an aggregated one counted: every event recorded when
/// the scenario ran for less than the events' time to live (one hour of virtual time).
pub fn events_recorded(c: &Cluster) -> u64 {
    c.events().in_order().map(|r| u64::from(r.count)).sum()
}

/// Counts the events of a scenario that runs for longer than their time to live (one hour of
/// virtual time): each [`EventTally::step`] adds those first recorded since the last step (with
/// their repeats so far), so steps less than an hour apart miss none as they expire.
#[derive(Default)]
struct EventTally {
    from: u64,
    total: u64,
}

impl EventTally {
    /// Adds the events first recorded from the last step up to (not including) now.
    fn step(&mut self, c: &Cluster) {
        let (from, now) = (self.from, c.now());
        self.total +=
            c.events().in_order().filter(|r| r.first >= from && r.first < now).map(|r| u64::from(r.count)).sum::<u64>();
        self.from = now;
    }

    /// The total, with the events first recorded since the last step.
    fn finish(self, c: &Cluster) -> u64 {
        let from = self.from;
        self.total + c.events().in_order().filter(|r| r.first >= from).map(|r| u64::from(r.count)).sum::<u64>()
    }
}

/// [`Cluster::settle`] within `timeout_ms`, half an hour of virtual time at a time with a
/// [`EventTally::step`] after each. Returns whether it went quiet.
fn settle_tallied(c: &mut Cluster, timeout_ms: u64, tally: &mut EventTally) -> bool {
    const STEP_MS: u64 = 30 * 60_000;
    let deadline = c.now().saturating_add(timeout_ms);
    loop {
        let quiet = c.settle(STEP_MS.min(deadline.saturating_sub(c.now())));
        tally.step(c);
        if quiet || c.now() >= deadline {
            return quiet;
        }
    }
}

/// The most pods a benchmark cluster holds: the scenarios go up to 150,000, far beyond the
/// playground's default limit.
const BENCH_POD_LIMIT: usize = 1_000_000;

/// A cluster of `nodes` workers (4 CPU, 8Gi, 110 pods each) and no control plane.
pub fn cluster_with_nodes(seed: u64, nodes: usize) -> Cluster {
    let mut c = Cluster::empty(seed);
    c.set_pod_limit(BENCH_POD_LIMIT);
    for i in 0..nodes {
        let _ = c.add_node(&NodeSpecInput::worker(&format!("node-{i:05}")), false);
    }
    c.process_due();
    c
}

fn bare_pod(i: usize) -> Object {
    let mut p = Pod::default();
    p.metadata.name = format!("pod-{i:06}");
    p.metadata.namespace = "default".into();
    p.metadata.labels.insert("app".into(), "bench".into());
    let mut c = Container { name: "app".into(), image: "nginx:1.25".into(), ..Container::default() };
    c.resources.requests.insert("cpu".into(), "10m".into());
    c.resources.requests.insert("memory".into(), "16Mi".into());
    p.spec.containers.push(c);
    Object::Pod(kubeplay_core::api::ObjBox::new(p))
}

/// The cluster of [`engine`], settled.
pub fn engine_cluster(nodes: usize, pods: usize) -> Cluster {
    let mut c = cluster_with_nodes(1, nodes);
    for i in 0..pods {
        let _ = c.create_object(bare_pod(i));
    }
    c.settle(3_600_000);
    c
}

/// `nodes` nodes and `pods` bare pods: created, scheduled, started, settled.
pub fn engine(nodes: usize, pods: usize) -> (Report, Cluster) {
    let c = engine_cluster(nodes, pods);
    let running = c.store().pods().filter(|p| p.status.phase == "Running").count();
    let report = Report {
        name: format!("engine: {nodes} nodes, {pods} bare pods"),
        work: c.reconciles,
        objects: c.store().count(kubeplay_core::api::Kind::Pod) + c.store().count(kubeplay_core::api::Kind::Node),
        running_pods: running,
        completed: 0,
        events: events_recorded(&c),
        virtual_ms: c.now(),
        note: format!("{running} of {pods} pods Running"),
    };
    (report, c)
}

/// The Deployment of [`deployment_rollout`] or the ReplicaSet of [`replicaset`] (`kind`):
/// `replicas` nginx pods with small requests.
fn bench_workload(kind: &str, replicas: usize) -> kubeplay_core::json::Value {
    kubeplay_core::json::json!({
        "apiVersion": "apps/v1",
        "kind": kind,
        "metadata": {"name": "web", "namespace": "default"},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{
                    "name": "nginx",
                    "image": "nginx:1.25",
                    "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}}
                }]}
            }
        }
    })
}

/// A Deployment of `replicas` on `nodes` nodes, created and settled, then rolled to a new image
/// (RollingUpdate, 25%/25%) and settled. Runner arguments: `deployment REPLICAS NODES`.
pub fn deployment_rollout(replicas: usize, nodes: usize) -> (Report, Cluster) {
    use kubeplay_core::api::Kind;
    let mut c = cluster_with_nodes(1, nodes);
    let _ = c.create_value(Kind::Deployment, bench_workload("Deployment", replicas), false);
    c.settle(3_600_000);
    let (created_work, created_ms) = (c.reconciles, c.now());
    if let Some(mut d) = c.store().deployment("default", "web").cloned() {
        if let Some(container) = d.spec.template.spec.containers.first_mut() {
            container.image = "nginx:1.26".into();
        }
        let _ =
            c.update_value(Kind::Deployment, Object::Deployment(kubeplay_core::api::ObjBox::new(d)).to_value(), false);
    }
    c.settle(3_600_000);
    let d = c.store().deployment("default", "web");
    let updated = d.map_or(0, |d| d.status.updated_replicas);
    let available = d.map_or(0, |d| d.status.available_replicas);
    let running = c.store().pods().filter(|p| p.status.phase == "Running").count();
    let report = Report {
        name: format!("deployment: {replicas} replicas on {nodes} nodes, created then rolled to a new image"),
        work: c.reconciles,
        objects: c.store().count(Kind::Pod) + c.store().count(Kind::ReplicaSet) + c.store().count(Kind::Node),
        running_pods: running,
        completed: 0,
        events: events_recorded(&c),
        virtual_ms: c.now(),
        note: format!(
            "created and available after {created_ms} ms ({created_work} work units); rollout: {} work units over {} ms; {updated} updated, {available} available",
            c.reconciles - created_work,
            c.now() - created_ms,
        ),
    };
    (report, c)
}

/// Sets `spec.replicas` of ReplicaSet `default/web` as `kubectl scale` does (a PUT of the object).
fn scale_replica_set(c: &mut Cluster, replicas: usize) {
    use kubeplay_core::api::Kind;
    if let Some(rs) = c.store().get_named(Kind::ReplicaSet, "default", "web") {
        let mut value = rs.to_value();
        value["spec"]["replicas"] = kubeplay_core::json::json!(replicas);
        let _ = c.update_value(Kind::ReplicaSet, value, false);
    }
}

/// A ReplicaSet on `nodes` nodes scaled 0 → `replicas` → 0, each step settled (issue 6).
/// Runner arguments: `replicaset REPLICAS NODES`.
pub fn replicaset(replicas: usize, nodes: usize) -> (Report, Cluster) {
    use kubeplay_core::api::Kind;
    let mut c = cluster_with_nodes(1, nodes);
    let _ = c.create_value(Kind::ReplicaSet, bench_workload("ReplicaSet", 0), false);
    c.settle(3_600_000);
    scale_replica_set(&mut c, replicas);
    c.settle(3_600_000);
    let (up_work, up_ms) = (c.reconciles, c.now());
    let running = c.store().pods().filter(|p| p.status.phase == "Running").count();
    let ready = c.store().replica_set("default", "web").map_or(0, |rs| rs.status.ready_replicas);
    scale_replica_set(&mut c, 0);
    c.settle(3_600_000);
    let left = c.store().count(Kind::Pod);
    let status_replicas = c.store().replica_set("default", "web").map_or(-1, |rs| rs.status.replicas);
    let report = Report {
        name: format!("replicaset: scaled 0 -> {replicas} -> 0 on {nodes} nodes"),
        work: c.reconciles,
        objects: left + c.store().count(Kind::ReplicaSet) + c.store().count(Kind::Node),
        running_pods: running,
        completed: 0,
        events: events_recorded(&c),
        virtual_ms: c.now(),
        note: format!(
            "up: {running} running, {ready} ready after {up_ms} ms ({up_work} work units); down: {} work units over {} ms, {left} pods left, status.replicas {status_replicas}",
            c.reconciles - up_work,
            c.now() - up_ms,
        ),
    };
    (report, c)
}

/// The Job of [`job`]: `completions` busybox pods of 30 seconds each, `parallelism` at a time.
fn bench_job(completions: usize, parallelism: usize) -> kubeplay_core::json::Value {
    kubeplay_core::json::json!({
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "work", "namespace": "default"},
        "spec": {
            "completions": completions,
            "parallelism": parallelism,
            "template": {
                "spec": {
                    "restartPolicy": "Never",
                    "containers": [{
                        "name": "worker",
                        "image": "busybox:1.37",
                        "command": ["sh", "-c", "echo processing one item; sleep 30"],
                        "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}}
                    }]
                }
            }
        }
    })
}

/// A Job of `completions` completions, `parallelism` pods at a time, on `nodes` nodes, run to
/// completion (issue 10). Runner arguments: `job COMPLETIONS PARALLELISM NODES`.
pub fn job(completions: usize, parallelism: usize, nodes: usize) -> (Report, Cluster) {
    use kubeplay_core::api::Kind;
    let mut c = cluster_with_nodes(1, nodes);
    let _ = c.create_value(Kind::Job, bench_job(completions, parallelism), false);
    c.settle(24 * 3_600_000);
    let job = c.store().job("default", "work");
    let succeeded = job.map_or(0, |j| j.status.succeeded);
    let complete = job.is_some_and(is_complete);
    let pods = c.store().count(Kind::Pod);
    let done = c.store().pods().filter(|p| p.status.phase == "Succeeded").count();
    let report = Report {
        name: format!("job: {completions} completions, parallelism {parallelism}, on {nodes} nodes"),
        work: c.reconciles,
        objects: pods + c.store().count(Kind::Job) + c.store().count(Kind::Node),
        running_pods: c.store().pods().filter(|p| p.status.phase == "Running").count(),
        completed: usize::try_from(succeeded).unwrap_or(0),
        events: events_recorded(&c),
        virtual_ms: c.now(),
        note: format!(
            "{} with {succeeded} succeeded; {pods} pods ({done} Succeeded)",
            if complete { "Complete" } else { "NOT complete" }
        ),
    };
    (report, c)
}

/// Whether the Job's Complete condition is True.
fn is_complete(job: &kubeplay_core::api::batch::Job) -> bool {
    job.status.conditions.iter().any(|c| c.type_ == "Complete" && c.status == "True")
}

/// The CronJob of [`cronjob`]: every minute, a busybox Job that prints a line and ends.
fn bench_cron_job() -> kubeplay_core::json::Value {
    kubeplay_core::json::json!({
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": "tick", "namespace": "default"},
        "spec": {
            "schedule": "* * * * *",
            "jobTemplate": {"spec": {"template": {"spec": {
                "restartPolicy": "OnFailure",
                "containers": [{
                    "name": "task",
                    "image": "busybox:1.37",
                    "command": ["sh", "-c", "echo tick; sleep 5"],
                    "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}}
                }]
            }}}}
        }
    })
}

/// A CronJob every minute on 3 nodes for `days` simulated days, its Jobs completing and the
/// default history limits (3 succeeded, 1 failed) deleting the old ones (issue 10). The store is
/// looked at every simulated minute to count the Jobs and the most objects it ever held.
/// Runner arguments: `cronjob DAYS`.
pub fn cronjob(days: usize) -> (Report, Cluster) {
    cronjob_minutes(days * 24 * 60, &format!("cronjob: every minute for {days} simulated days"))
}

/// [`cronjob`] for `minutes` simulated minutes.
fn cronjob_minutes(minutes: usize, name: &str) -> (Report, Cluster) {
    use kubeplay_core::api::Kind;
    let mut c = cluster_with_nodes(1, 3);
    let _ = c.create_value(Kind::CronJob, bench_cron_job(), false);
    // Name → whether it was seen Complete.
    let mut seen = std::collections::BTreeMap::new();
    let (mut created, mut completed) = (0, 0);
    let mut most_jobs = 0;
    let mut most_pods = 0;
    // Events expire after an hour: they are tallied every minute.
    let mut tally = EventTally::default();
    for _ in 0..minutes {
        c.run_for(60_000);
        tally.step(&c);
        for j in c.store().jobs() {
            let complete = is_complete(j);
            match seen.get_mut(&j.metadata.name) {
                None => {
                    created += 1;
                    completed += usize::from(complete);
                    seen.insert(j.metadata.name.clone(), complete);
                }
                Some(was) if complete && !*was => {
                    completed += 1;
                    *was = true;
                }
                Some(_) => {}
            }
        }
        // Only the last few names (`tick-<minute>`, in time order) tell new Jobs from seen ones.
        while seen.len() > 16 {
            seen.pop_first();
        }
        most_jobs = most_jobs.max(c.store().count(Kind::Job));
        most_pods = most_pods.max(c.store().count(Kind::Pod));
    }
    let cj = c.store().cron_job("default", "tick");
    let last = cj.and_then(|cj| cj.status.last_successful_time).map_or("never".to_string(), |t| t.rfc3339());
    let jobs = c.store().count(Kind::Job);
    let complete = c.store().jobs().filter(|j| is_complete(j)).count();
    let report = Report {
        name: name.to_string(),
        work: c.reconciles,
        objects: jobs + c.store().count(Kind::Pod) + c.store().count(Kind::CronJob) + c.store().count(Kind::Node),
        running_pods: c.store().pods().filter(|p| p.status.phase == "Running").count(),
        completed,
        events: tally.finish(&c),
        virtual_ms: c.now(),
        note: format!(
            "{created} Jobs created, {completed} seen Complete, {jobs} kept ({complete} Complete), at most {most_jobs} Jobs and {most_pods} pods at a time; last success {last}"
        ),
    };
    (report, c)
}

/// Namespaces the objects of [`manifests`] are spread over.
const MANIFEST_NAMESPACES: usize = 10;

/// `text` with every line indented by `indent` spaces.
fn indented(text: &str, indent: usize) -> String {
    text.lines().map(|l| format!("{:indent$}{l}\n", "")).collect()
}

/// The container list of the [`manifests`] objects (at column 0).
fn containers(i: usize) -> String {
    format!(
        "containers:\n- name: app\n  image: registry.example.com/app:{}.0\n  ports:\n  - containerPort: 8080\n    name: http\n  env:\n  - name: MODE\n    value: production\n  - name: POD_NAME\n    valueFrom:\n      fieldRef:\n        fieldPath: metadata.name\n  resources:\n    requests:\n      cpu: 100m\n      memory: 128Mi\n    limits:\n      cpu: 500m\n      memory: 256Mi\n  readinessProbe:\n    httpGet:\n      path: /healthz\n      port: http\n    periodSeconds: 5\n  securityContext:\n    runAsNonRoot: true\n    allowPrivilegeEscalation: false\n",
        i % 7
    )
}

/// A pod template (at column 0) with `extra` pod spec lines (at column 0).
fn template(i: usize, extra: &str) -> String {
    format!(
        "template:\n  metadata:\n    labels:\n      app: app-{i}\n      tier: backend\n  spec:\n{}{}",
        indented(extra, 4),
        indented(&containers(i), 4)
    )
}

/// One document of the [`manifests`] file: object `i` of a realistic mix of kinds, each with
/// the fields a learner's manifest carries (labels, resources, probes, env, ...).
fn manifest_document(i: usize) -> String {
    let ns = format!("team-{}", i % MANIFEST_NAMESPACES);
    let head = |api: &str, kind: &str| {
        format!("apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: obj-{i}\n  namespace: {ns}\n  labels:\n    app: app-{i}\n    team: {ns}\n  annotations:\n    example.com/owner: platform\n")
    };
    let ip = format!("{}.{}", i / 250 % 250, i % 250 + 1);
    match i % 12 {
        0 => format!(
            "{}spec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: app-{i}\n  strategy:\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0\n{}",
            head("apps/v1", "Deployment"),
            indented(&template(i, ""), 2)
        ),
        1 => format!(
            "{}spec:\n  selector:\n    app: app-{}\n  ports:\n  - name: http\n    port: 80\n    targetPort: http\n",
            head("v1", "Service"),
            i - 1
        ),
        2 => format!("{}spec:\n  restartPolicy: Always\n{}", head("v1", "Pod"), indented(&containers(i), 2)),
        3 => format!(
            "{}spec:\n  backoffLimit: 2\n  completions: 3\n  parallelism: 1\n{}",
            head("batch/v1", "Job"),
            indented(&template(i, "restartPolicy: Never\n"), 2)
        ),
        4 => format!(
            "{}spec:\n  schedule: \"*/15 * * * *\"\n  concurrencyPolicy: Forbid\n  jobTemplate:\n    spec:\n{}",
            head("batch/v1", "CronJob"),
            indented(&template(i, "restartPolicy: OnFailure\n"), 6)
        ),
        5 => format!(
            "{}spec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: app-{i}\n{}",
            head("apps/v1", "ReplicaSet"),
            indented(&template(i, ""), 2)
        ),
        6 => format!(
            "{}spec:\n  selector:\n    matchLabels:\n      app: app-{i}\n  updateStrategy:\n    type: RollingUpdate\n{}",
            head("apps/v1", "DaemonSet"),
            indented(&template(i, "tolerations:\n- operator: Exists\n"), 2)
        ),
        7 => format!(
            "{}subsets:\n- addresses:\n  - ip: 10.0.{ip}\n  ports:\n  - name: http\n    port: 8080\n",
            head("v1", "Endpoints")
        ),
        8 => format!(
            "{}addressType: IPv4\nendpoints:\n- addresses:\n  - 10.1.{ip}\n  conditions:\n    ready: true\nports:\n- name: http\n  port: 8080\n  protocol: TCP\n",
            head("discovery.k8s.io/v1", "EndpointSlice")
        ),
        9 => format!(
            "{}spec:\n  replicas: 1\n  selector:\n    app: app-{i}\n{}",
            head("v1", "ReplicationController"),
            indented(&template(i, ""), 2)
        ),
        10 => format!(
            "{}revision: 1\ndata:\n  spec:\n    template:\n      metadata:\n        labels:\n          app: app-{i}\n",
            head("apps/v1", "ControllerRevision")
        ),
        _ => format!(
            "{}involvedObject:\n  kind: Pod\n  name: obj-{}\n  namespace: {ns}\nreason: Started\nmessage: Started container app\ntype: Normal\nsource:\n  component: kubelet\ncount: 1\n",
            head("v1", "Event"),
            i - 9
        ),
    }
}

/// A multi-document manifest of `n` objects: the namespaces first, then a mix of every kind.
pub fn manifest_file(n: usize) -> String {
    let mut text = String::new();
    let namespaces = n.min(MANIFEST_NAMESPACES);
    for i in 0..namespaces {
        text.push_str(&format!(
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-{i}\n  labels:\n    team: team-{i}\n---\n"
        ));
    }
    for i in 0..n - namespaces {
        text.push_str(&manifest_document(i));
        text.push_str("---\n");
    }
    text
}

/// `n` objects read, validated and stored from one multi-document file, as `kubectl apply -f`
/// does it (the controllers do not run: this measures the manifest path alone).
pub fn manifests(n: usize) -> (Report, Cluster) {
    let text = manifest_file(n);
    let mut c = Cluster::empty(1);
    c.set_pod_limit(BENCH_POD_LIMIT);
    let before: usize = kubeplay_core::api::Kind::ALL.iter().map(|k| c.store().count(*k)).sum();
    let args: Vec<String> = ["apply", "-f", "-"].iter().map(|s| s.to_string()).collect();
    let mut io = kubeplay_core::kubectl::Io::new(Some(&text), &kubeplay_core::shell::NoFiles);
    let code = kubeplay_core::kubectl::run(&mut c, &args, &mut io);
    let after: usize = kubeplay_core::api::Kind::ALL.iter().map(|k| c.store().count(*k)).sum();
    let first_error = io.err.lines().next().unwrap_or("").to_string();
    let report = Report {
        name: format!("manifests: {n} objects in one file ({} KiB)", text.len() / 1024),
        work: io.out.lines().filter(|l| l.ends_with(" created")).count() as u64,
        objects: after - before,
        running_pods: 0,
        completed: 0,
        events: events_recorded(&c),
        virtual_ms: c.now(),
        note: if code == 0 { "kubectl apply exit 0".to_string() } else { format!("exit {code}: {first_error}") },
    };
    (report, c)
}

/// The DaemonSet of [`daemonset`], on every node.
fn daemon_set(image: &str) -> kubeplay_core::json::Value {
    kubeplay_core::json::json!({
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": {"name": "agent", "namespace": "default"},
        "spec": {
            "selector": {"matchLabels": {"app": "agent"}},
            "template": {
                "metadata": {"labels": {"app": "agent"}},
                "spec": {"containers": [{
                    "name": "agent",
                    "image": image,
                    "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}}
                }]}
            }
        }
    })
}

/// A DaemonSet on `nodes` nodes: created and settled (a pod on every node, each running), then
/// rolled to a new image (maxUnavailable 1, node by node) and settled again.
pub fn daemonset(nodes: usize) -> (Report, Cluster) {
    use kubeplay_core::api::Kind;
    let mut c = cluster_with_nodes(1, nodes);
    let made = c.store().count(Kind::Node);
    let mut tally = EventTally::default();
    let created = c.create_value(Kind::DaemonSet, daemon_set("nginx:1.25"), false).is_ok();
    settle_tallied(&mut c, 24 * 3_600_000, &mut tally);
    let first_work = c.reconciles;
    let first_ms = c.now();
    let mut rolled = false;
    if let Some(ds) = c.store().daemon_set("default", "agent") {
        let mut v = Object::DaemonSet(kubeplay_core::api::ObjBox::new(ds.clone())).to_value();
        if let Some(image) = v.pointer_mut("/spec/template/spec/containers/0/image") {
            *image = kubeplay_core::json::Value::from("nginx:1.26");
        }
        rolled = c.update_value(Kind::DaemonSet, v, false).is_ok();
    }
    settle_tallied(&mut c, 30 * 24 * 3_600_000, &mut tally);
    let updated = c
        .store()
        .pods()
        .filter(|p| {
            p.status.phase == "Running"
                && p.spec.containers.first().is_some_and(|ct| ct.image == "nginx:1.26")
                && p.metadata.deletion_timestamp.is_none()
        })
        .count();
    let status = c.store().daemon_set("default", "agent").map(|d| d.status.clone()).unwrap_or_default();
    let report = Report {
        name: if made == nodes {
            format!("daemonset: {nodes} nodes, created then rolled to a new image")
        } else {
            format!("daemonset: {made} nodes (of {nodes} asked for), created then rolled to a new image")
        },
        work: c.reconciles,
        objects: c.store().count(Kind::Pod) + c.store().count(Kind::Node) + c.store().count(Kind::ControllerRevision),
        running_pods: updated,
        completed: 0,
        events: tally.finish(&c),
        virtual_ms: c.now(),
        note: format!(
            "created {created}, rolled {rolled}; creation settled after {first_work} work units at {first_ms} ms; status desired {} updated {} available {}",
            status.desired_number_scheduled,
            status.updated_number_scheduled,
            status.number_available,
        ),
    };
    (report, c)
}

/// Every scenario with the arguments of its issue's benchmark (what `make bench` runs).
pub const SCENARIOS: &[(&str, &[usize])] = &[
    ("engine", &[5000, 150_000]),
    ("deployment", &[10_000, 500]),
    ("daemonset", &[5000]),
    ("replicaset", &[10_000, 100]),
    ("job", &[10_000, 500, 100]),
    ("cronjob", &[7]),
    ("manifests", &[10_000]),
];

/// The arguments `name` runs with: `args`, and for those left out the sizes.
pub fn with_defaults(name: &str, args: &[usize]) -> Result<Vec<usize>, String> {
    let Some((_, defaults)) = SCENARIOS.iter().find(|(n, _)| *n == name) else {
        let names: Vec<&str> = SCENARIOS.iter().map(|(n, _)| *n).collect();
        return Err(format!("unknown scenario {name} (one of: {})", names.join(", ")));
    };
    Ok((0..defaults.len().max(args.len())).map(|i| args.get(i).or(defaults.get(i)).copied().unwrap_or(0)).collect())
}

/// Runs the scenario `name` with `args` (see [`with_defaults`]).
pub fn run(name: &str, args: &[usize]) -> Result<(Report, Cluster), String> {
    let args = with_defaults(name, args)?;
    let arg = |i: usize| args.get(i).copied().unwrap_or(0);
    Ok(match name {
        "engine" => engine(arg(0), arg(1)),
        "deployment" => deployment_rollout(arg(0), arg(1)),
        "daemonset" => daemonset(arg(0)),
        "replicaset" => replicaset(arg(0), arg(1)),
        "job" => job(arg(0), arg(1), arg(2)),
        "cronjob" => cronjob(arg(0)),
        _ => manifests(arg(0)),
    })
}

#[cfg(target_arch = "wasm32")]
mod wasm {
    use wasm_bindgen::prelude::*;

    thread_local! {
        static LAST: std::cell::RefCell<Option<kubeplay_core::Cluster>> = const { std::cell::RefCell::new(None) };
    }

    /// Runs a scenario by name with its arguments (missing ones take the sizes) and
    /// returns its report as JSON (the Node runner times the call). The cluster is kept until
    /// [`release_scenario`], so that freeing it is not timed.
    #[wasm_bindgen]
    pub fn run_scenario(name: &str, args: &[u32]) -> String {
        let args: Vec<usize> = args.iter().map(|a| *a as usize).collect();
        let args = match super::with_defaults(name, &args) {
            Ok(a) => a,
            Err(e) => return kubeplay_core::json::json!({ "error": e }).to_string(),
        };
        let (r, c) = match super::run(name, &args) {
            Ok(done) => done,
            Err(e) => return kubeplay_core::json::json!({ "error": e }).to_string(),
        };
        LAST.with(|l| *l.borrow_mut() = Some(c));
        kubeplay_core::json::json!({
            "args": args, "name": r.name, "work": r.work, "objects": r.objects, "running_pods": r.running_pods,
            "completed": r.completed, "events": r.events, "virtual_ms": r.virtual_ms, "note": r.note
        })
        .to_string()
    }

    /// The size of the wasm linear memory in bytes (it only grows: the peak of the heap).
    #[wasm_bindgen]
    pub fn wasm_memory_bytes() -> f64 {
        (core::arch::wasm32::memory_size(0) * 65536) as f64
    }

    /// Frees the cluster of the last scenario.
    #[wasm_bindgen]
    pub fn release_scenario() {
        LAST.with(|l| l.borrow_mut().take());
    }
}

#[cfg(test)]
mod tests;
