//! The workload kinds: `describeReplicaSet`, `describeReplicationController`,
//! `describeDeployment` (with its old and new ReplicaSets), `describeDaemonSet`, `describeJob` and
//! `describeCronJob`.

use std::collections::BTreeMap;

use crate::json::Value;

use super::pod::describe_pod_template;
use super::writer::*;
use super::Ctx;
use crate::api::apps::{DaemonSet, Deployment, ReplicaSet, ReplicationController, WorkloadCondition};
use crate::api::batch::{CronJob, Job};
use crate::api::meta::{LabelSelector, ObjectMeta};
use crate::api::pod::PodTemplateSpec;
use crate::api::{Kind, Object};
use crate::kubectl::printers::duration::human;

/// Pod phases counted for a controller (`getPodStatusForController`).
#[derive(Default)]
struct PodCounts {
    running: usize,
    waiting: usize,
    succeeded: usize,
    failed: usize,
}

impl PodCounts {
    fn text(&self) -> String {
        format!(
            "{} Running / {} Waiting / {} Succeeded / {} Failed",
            self.running, self.waiting, self.succeeded, self.failed
        )
    }
}

/// `getPodStatusForController`: pods matching `matches` whose controller is `uid`, by phase.
fn pod_counts(ctx: &Ctx, namespace: &str, uid: &str, matches: impl Fn(&BTreeMap<String, String>) -> bool) -> PodCounts {
    let mut c = PodCounts::default();
    for o in ctx.store.list_in(Kind::Pod, namespace) {
        let Object::Pod(p) = o else { continue };
        if !matches(&p.metadata.labels) || p.metadata.controller_ref().is_none_or(|r| r.uid != uid) {
            continue;
        }
        match p.status.phase.as_str() {
            "Running" => c.running += 1,
            "Pending" => c.waiting += 1,
            "Succeeded" => c.succeeded += 1,
            "Failed" => c.failed += 1,
            _ => {}
        }
    }
    c
}

/// The conditions table of Deployments, ReplicaSets and ReplicationControllers.
fn conditions_table(w: &mut Writer, conditions: &[WorkloadCondition]) {
    if conditions.is_empty() {
        return;
    }
    w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tReason\n");
    w.write(LEVEL_1, "----\t------\t------\n");
    for c in conditions {
        w.writef(LEVEL_1, format_args!("{} \t{}\t{}\n", c.type_, c.status, c.reason));
    }
}

fn events(w: &mut Writer, ctx: &Ctx, kind: &str, m: &ObjectMeta) {
    if let Some(ev) = ctx.events_about(kind, &m.namespace, &m.name, &m.uid) {
        describe_events(w, &ev, ctx.now);
    }
}

/// `describeReplicaSet`.
pub fn describe_replica_set(ctx: &Ctx, rs: &ReplicaSet) -> String {
    let m = &rs.metadata;
    let counts = pod_counts(ctx, &m.namespace, &m.uid, |l| rs.spec.selector.matches(l));
    let mut w = Writer::new();
    w.writef(LEVEL_0, format_args!("Name:\t{}\n", m.name));
    w.writef(LEVEL_0, format_args!("Namespace:\t{}\n", m.namespace));
    w.writef(LEVEL_0, format_args!("Selector:\t{}\n", format_label_selector(&rs.spec.selector)));
    print_labels_multiline(&mut w, "Labels", &m.labels);
    print_annotations_multiline(&mut w, "Annotations", &m.annotations);
    if let Some(c) = print_controller(m) {
        w.writef(LEVEL_0, format_args!("Controlled By:\t{c}\n"));
    }
    w.writef(
        LEVEL_0,
        format_args!("Replicas:\t{} current / {} desired\n", rs.status.replicas, rs.spec.replicas.unwrap_or(1)),
    );
    w.write(LEVEL_0, "Pods Status:\t");
    w.writef(LEVEL_0, format_args!("{}\n", counts.text()));
    describe_pod_template(&mut w, Some(&rs.spec.template));
    conditions_table(&mut w, &rs.status.conditions);
    events(&mut w, ctx, "ReplicaSet", m);
    w.finish()
}

/// `describeReplicationController`.
pub fn describe_replication_controller(ctx: &Ctx, rc: &ReplicationController) -> String {
    let m = &rc.metadata;
    let sel = &rc.spec.selector;
    // labels.SelectorFromSet of an empty map selects everything.
    let counts = pod_counts(ctx, &m.namespace, &m.uid, |l| crate::api::meta::map_selector_matches(sel, l));
    let mut w = Writer::new();
    w.writef(LEVEL_0, format_args!("Name:\t{}\n", m.name));
    w.writef(LEVEL_0, format_args!("Namespace:\t{}\n", m.namespace));
    w.writef(LEVEL_0, format_args!("Selector:\t{}\n", format_labels(sel)));
    print_labels_multiline(&mut w, "Labels", &m.labels);
    print_annotations_multiline(&mut w, "Annotations", &m.annotations);
    w.writef(
        LEVEL_0,
        format_args!("Replicas:\t{} current / {} desired\n", rc.status.replicas, rc.spec.replicas.unwrap_or(1)),
    );
    w.writef(LEVEL_0, format_args!("Pods Status:\t{}\n", counts.text()));
    describe_pod_template(&mut w, rc.spec.template.as_ref());
    conditions_table(&mut w, &rc.status.conditions);
    events(&mut w, ctx, "ReplicationController", m);
    w.finish()
}

/// The ReplicaSets a Deployment owns, oldest first (`listReplicaSets` sorted by
/// `replicaSetsByCreationTimestamp`), split into the new one and the old ones
/// (`GetAllReplicaSetsInChunks`: every old one, scaled down or not).
pub fn replica_sets_of<'a>(ctx: &'a Ctx, d: &Deployment) -> (Vec<&'a ReplicaSet>, Option<&'a ReplicaSet>) {
    let mut owned: Vec<&ReplicaSet> = ctx
        .store
        .list_in(Kind::ReplicaSet, &d.metadata.namespace)
        .filter_map(|o| match o {
            Object::ReplicaSet(rs) => Some(rs.as_ref()),
            _ => None,
        })
        .filter(|rs| d.spec.selector.matches(&rs.metadata.labels))
        .filter(|rs| rs.metadata.controller_ref().is_some_and(|r| r.uid == d.metadata.uid))
        .collect();
    owned.sort_by(|a, b| {
        (a.metadata.creation_timestamp, &a.metadata.name).cmp(&(b.metadata.creation_timestamp, &b.metadata.name))
    });
    let new = owned.iter().copied().find(|rs| equal_ignore_hash(&rs.spec.template, &d.spec.template));
    let old = owned.into_iter().filter(|rs| new.is_none_or(|n| n.metadata.uid != rs.metadata.uid)).collect();
    (old, new)
}

/// `equalIgnoreHash`: templates equal once the `pod-template-hash` label is dropped from both.
pub fn equal_ignore_hash(a: &PodTemplateSpec, b: &PodTemplateSpec) -> bool {
    let strip = |t: &PodTemplateSpec| -> Value {
        let mut t = t.clone();
        t.metadata.labels.remove("pod-template-hash");
        crate::api::value::Encode::encode(&t)
    };
    strip(a) == strip(b)
}

/// `printReplicaSetsByLabels`.
fn replica_sets_text(list: &[&ReplicaSet]) -> String {
    let parts: Vec<String> = list
        .iter()
        .map(|rs| {
            format!("{} ({}/{} replicas created)", rs.metadata.name, rs.status.replicas, rs.spec.replicas.unwrap_or(1))
        })
        .collect();
    if parts.is_empty() {
        "<none>".to_string()
    } else {
        parts.join(", ")
    }
}

/// `describeDeployment`.
pub fn describe_deployment(ctx: &Ctx, d: &Deployment) -> String {
    let m = &d.metadata;
    let (old, new) = replica_sets_of(ctx, d);
    let mut w = Writer::new();
    w.writef(LEVEL_0, format_args!("Name:\t{}\n", m.name));
    w.writef(LEVEL_0, format_args!("Namespace:\t{}\n", m.namespace));
    w.writef(LEVEL_0, format_args!("CreationTimestamp:\t{}\n", rfc1123z(m.creation_timestamp)));
    print_labels_multiline(&mut w, "Labels", &m.labels);
    print_annotations_multiline(&mut w, "Annotations", &m.annotations);
    w.writef(LEVEL_0, format_args!("Selector:\t{}\n", selector_string(&d.spec.selector)));
    let s = &d.status;
    w.writef(
        LEVEL_0,
        format_args!(
            "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable\n",
            d.spec.replicas.unwrap_or(1),
            s.updated_replicas,
            s.replicas,
            s.available_replicas,
            s.unavailable_replicas
        ),
    );
    w.writef(LEVEL_0, format_args!("StrategyType:\t{}\n", d.spec.strategy.type_));
    w.writef(LEVEL_0, format_args!("MinReadySeconds:\t{}\n", d.spec.min_ready_seconds));
    if let Some(ru) = &d.spec.strategy.rolling_update {
        let show =
            |v: &Option<crate::api::intstr::IntOrString>| v.as_ref().map_or("<nil>".to_string(), |x| x.display());
        w.writef(
            LEVEL_0,
            format_args!(
                "RollingUpdateStrategy:\t{} max unavailable, {} max surge\n",
                show(&ru.max_unavailable),
                show(&ru.max_surge)
            ),
        );
    }
    describe_pod_template(&mut w, Some(&d.spec.template));
    conditions_table(&mut w, &s.conditions);
    if !old.is_empty() || new.is_some() {
        w.writef(LEVEL_0, format_args!("OldReplicaSets:\t{}\n", replica_sets_text(&old)));
        let new: Vec<&ReplicaSet> = new.into_iter().collect();
        w.writef(LEVEL_0, format_args!("NewReplicaSet:\t{}\n", replica_sets_text(&new)));
    }
    events(&mut w, ctx, "Deployment", m);
    w.finish()
}

/// `describeDaemonSet` (v1.32: no Namespace line; it came in 1.33).
pub fn describe_daemon_set(ctx: &Ctx, ds: &DaemonSet) -> String {
    let m = &ds.metadata;
    let counts = pod_counts(ctx, &m.namespace, &m.uid, |l| ds.spec.selector.matches(l));
    let s = &ds.status;
    let mut w = Writer::new();
    w.writef(LEVEL_0, format_args!("Name:\t{}\n", m.name));
    w.writef(LEVEL_0, format_args!("Selector:\t{}\n", selector_string(&ds.spec.selector)));
    w.writef(LEVEL_0, format_args!("Node-Selector:\t{}\n", format_labels(&ds.spec.template.spec.node_selector)));
    print_labels_multiline(&mut w, "Labels", &m.labels);
    print_annotations_multiline(&mut w, "Annotations", &m.annotations);
    w.writef(LEVEL_0, format_args!("Desired Number of Nodes Scheduled: {}\n", s.desired_number_scheduled));
    w.writef(LEVEL_0, format_args!("Current Number of Nodes Scheduled: {}\n", s.current_number_scheduled));
    w.writef(LEVEL_0, format_args!("Number of Nodes Scheduled with Up-to-date Pods: {}\n", s.updated_number_scheduled));
    w.writef(LEVEL_0, format_args!("Number of Nodes Scheduled with Available Pods: {}\n", s.number_available));
    w.writef(LEVEL_0, format_args!("Number of Nodes Misscheduled: {}\n", s.number_misscheduled));
    w.writef(LEVEL_0, format_args!("Pods Status:\t{}\n", counts.text()));
    describe_pod_template(&mut w, Some(&ds.spec.template));
    events(&mut w, ctx, "DaemonSet", m);
    w.finish()
}

/// `LabelSelectorAsSelector(sel).String()` of an optional selector (nil selects nothing: "").
fn optional_selector(sel: Option<&LabelSelector>) -> String {
    sel.map(selector_string).unwrap_or_default()
}

/// `describeJob`.
pub fn describe_job(ctx: &Ctx, job: &Job) -> String {
    let m = &job.metadata;
    let spec = &job.spec;
    let st = &job.status;
    let mut w = Writer::new();
    w.writef(LEVEL_0, format_args!("Name:\t{}\n", m.name));
    w.writef(LEVEL_0, format_args!("Namespace:\t{}\n", m.namespace));
    w.writef(LEVEL_0, format_args!("Selector:\t{}\n", optional_selector(spec.selector.as_ref())));
    print_labels_multiline(&mut w, "Labels", &m.labels);
    print_annotations_multiline(&mut w, "Annotations", &m.annotations);
    if let Some(c) = print_controller(m) {
        w.writef(LEVEL_0, format_args!("Controlled By:\t{c}\n"));
    }
    if let Some(p) = spec.parallelism {
        w.writef(LEVEL_0, format_args!("Parallelism:\t{p}\n"));
    }
    match spec.completions {
        Some(c) => w.writef(LEVEL_0, format_args!("Completions:\t{c}\n")),
        None => w.write(LEVEL_0, "Completions:\t<unset>\n"),
    }
    if let Some(mode) = &spec.completion_mode {
        w.writef(LEVEL_0, format_args!("Completion Mode:\t{mode}\n"));
    }
    if let Some(s) = spec.suspend {
        w.writef(LEVEL_0, format_args!("Suspend:\t{s}\n"));
    }
    if let Some(b) = spec.backoff_limit {
        w.writef(LEVEL_0, format_args!("Backoff Limit:\t{b}\n"));
    }
    if let Some(t) = spec.ttl_seconds_after_finished {
        w.writef(LEVEL_0, format_args!("TTL Seconds After Finished:\t{t}\n"));
    }
    if let Some(t) = st.start_time {
        w.writef(LEVEL_0, format_args!("Start Time:\t{}\n", rfc1123z(Some(t))));
    }
    if let Some(t) = st.completion_time {
        w.writef(LEVEL_0, format_args!("Completed At:\t{}\n", rfc1123z(Some(t))));
    }
    if let (Some(s), Some(c)) = (st.start_time, st.completion_time) {
        w.writef(LEVEL_0, format_args!("Duration:\t{}\n", human(c.0 - s.0)));
    }
    if let Some(a) = spec.active_deadline_seconds {
        w.writef(LEVEL_0, format_args!("Active Deadline Seconds:\t{a}s\n"));
    }
    match st.ready {
        None => w.writef(
            LEVEL_0,
            format_args!("Pods Statuses:\t{} Active / {} Succeeded / {} Failed\n", st.active, st.succeeded, st.failed),
        ),
        Some(r) => w.writef(
            LEVEL_0,
            format_args!(
                "Pods Statuses:\t{} Active ({r} Ready) / {} Succeeded / {} Failed\n",
                st.active, st.succeeded, st.failed
            ),
        ),
    }
    if spec.completion_mode.as_deref() == Some("Indexed") {
        let idx = st.completed_indexes.as_deref().unwrap_or("");
        w.writef(LEVEL_0, format_args!("Completed Indexes:\t{}\n", cap_indexes_list_or_none(idx, 50)));
    }
    describe_pod_template(&mut w, Some(&spec.template));
    events(&mut w, ctx, "Job", m);
    w.finish()
}

/// `capIndexesListOrNone`: the list cut at the first comma after `soft_limit` bytes.
pub fn cap_indexes_list_or_none(indexes: &str, soft_limit: usize) -> String {
    if indexes.is_empty() {
        return "<none>".to_string();
    }
    let bytes = indexes.as_bytes();
    let mut ix = soft_limit;
    while ix < bytes.len() && bytes[ix] != b',' {
        ix += 1;
    }
    if ix >= bytes.len() {
        return indexes.to_string();
    }
    format!("{}...", indexes.get(..=ix).unwrap_or(indexes))
}

/// `describeCronJob` (v1.32: no Time Zone line; it came in 1.36).
pub fn describe_cron_job(ctx: &Ctx, cj: &CronJob) -> String {
    let m = &cj.metadata;
    let spec = &cj.spec;
    let mut w = Writer::new();
    w.writef(LEVEL_0, format_args!("Name:\t{}\n", m.name));
    w.writef(LEVEL_0, format_args!("Namespace:\t{}\n", m.namespace));
    print_labels_multiline(&mut w, "Labels", &m.labels);
    print_annotations_multiline(&mut w, "Annotations", &m.annotations);
    w.writef(LEVEL_0, format_args!("Schedule:\t{}\n", spec.schedule));
    w.writef(LEVEL_0, format_args!("Concurrency Policy:\t{}\n", spec.concurrency_policy));
    w.writef(LEVEL_0, format_args!("Suspend:\t{}\n", print_bool_ptr(spec.suspend)));
    let or_unset = |v: Option<i32>| v.map_or("<unset>".to_string(), |x| x.to_string());
    w.writef(
        LEVEL_0,
        format_args!("Successful Job History Limit:\t{}\n", or_unset(spec.successful_jobs_history_limit)),
    );
    w.writef(LEVEL_0, format_args!("Failed Job History Limit:\t{}\n", or_unset(spec.failed_jobs_history_limit)));
    match spec.starting_deadline_seconds {
        Some(s) => w.writef(LEVEL_0, format_args!("Starting Deadline Seconds:\t{s}s\n")),
        None => w.write(LEVEL_0, "Starting Deadline Seconds:\t<unset>\n"),
    }
    let jt = &spec.job_template.spec;
    match &jt.selector {
        Some(sel) => w.writef(LEVEL_0, format_args!("Selector:\t{}\n", selector_string(sel))),
        None => w.write(LEVEL_0, "Selector:\t<unset>\n"),
    }
    w.writef(LEVEL_0, format_args!("Parallelism:\t{}\n", or_unset(jt.parallelism)));
    w.writef(LEVEL_0, format_args!("Completions:\t{}\n", or_unset(jt.completions)));
    if let Some(a) = jt.active_deadline_seconds {
        w.writef(LEVEL_0, format_args!("Active Deadline Seconds:\t{a}s\n"));
    }
    describe_pod_template(&mut w, Some(&jt.template));
    match cj.status.last_schedule_time {
        Some(t) => w.writef(LEVEL_0, format_args!("Last Schedule Time:\t{}\n", rfc1123z(Some(t)))),
        None => w.write(LEVEL_0, "Last Schedule Time:\t<unset>\n"),
    }
    w.write(LEVEL_0, "Active Jobs:\t");
    if cj.status.active.is_empty() {
        w.line("<none>");
    } else {
        for (i, j) in cj.status.active.iter().enumerate() {
            if i != 0 {
                w.write(LEVEL_0, ", ");
            }
            w.write(LEVEL_0, j.get("name").and_then(Value::as_str).unwrap_or(""));
        }
        w.line("");
    }
    events(&mut w, ctx, "CronJob", m);
    w.finish()
}
