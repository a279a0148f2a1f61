//! `kubectl rollout` for Deployments (kubectl's polymorphichelpers: DeploymentStatusViewer,
//! DeploymentHistoryViewer, DeploymentRollbacker, and the pause/resume/restart object
//! mutators; cmd/rollout for how each prints).

use std::collections::BTreeMap;

use super::super::args::Parsed;
use super::super::describe::pod::describe_pod_template;
use super::super::describe::writer::Writer;
use super::super::printers::tabwriter::TabWriter;
use super::super::{CmdError, Io};
use super::DryRun;
use crate::api::apps::{Deployment, ReplicaSet};
use crate::api::pod::PodTemplateSpec;
use crate::api::{Kind, Object};
use crate::cluster::watch::{EventType as WatchEvent, Watcher};
use crate::cluster::{ApiError, Cluster};
use crate::controller::deployment::util::{
    by_creation, equal_ignore_hash, parsed_revision, skip_copy_annotation, CHANGE_CAUSE_ANNOTATION,
    POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION, TIMED_OUT_REASON,
};

fn get(cluster: &Cluster, ns: &str, name: &str) -> Result<Deployment, CmdError> {
    cluster
        .store()
        .deployment(ns, name)
        .cloned()
        .ok_or_else(|| CmdError::Api { err: ApiError::not_found(Kind::Deployment, name), context: None })
}

/// The ReplicaSets a Deployment controls, as kubectl's `GetAllReplicaSets` returns them: the old
/// ones oldest first, then the new one (the oldest whose template is the Deployment's).
pub fn owned_replica_sets<'a>(cluster: &'a Cluster, d: &Deployment) -> Vec<&'a ReplicaSet> {
    let store = cluster.store();
    let mut rss: Vec<&ReplicaSet> = store
        .list_in(Kind::ReplicaSet, &d.metadata.namespace)
        .filter_map(|o| match o {
            Object::ReplicaSet(rs)
                if rs.metadata.controller_ref().is_some_and(|o| o.uid == d.metadata.uid)
                    && d.spec.selector.matches(&rs.metadata.labels) =>
            {
                Some(rs.as_ref())
            }
            _ => None,
        })
        .collect();
    rss.sort_by(|a, b| by_creation(a, b));
    if let Some(i) = rss.iter().position(|rs| equal_ignore_hash(&rs.spec.template, &d.spec.template)) {
        let new = rss.remove(i);
        rss.push(new);
    }
    rss
}

/// `DeploymentStatusViewer.Status`: the line to print, and whether the rollout is done.
pub fn status_line(d: &Deployment, want_revision: Option<i64>) -> Result<(String, bool), String> {
    let name = &d.metadata.name;
    if let Some(want) = want_revision.filter(|r| *r > 0) {
        let Some(current) = parsed_revision(&d.metadata.annotations) else {
            let v = d.metadata.annotations.get(REVISION_ANNOTATION).cloned().unwrap_or_default();
            return Err(format!(
                "cannot get the revision of deployment {name:?}: strconv.ParseInt: parsing {v:?}: invalid syntax"
            ));
        };
        if want != current {
            return Err(format!("desired revision ({want}) is different from the running revision ({current})"));
        }
    }
    if d.metadata.generation > d.status.observed_generation {
        return Ok(("Waiting for deployment spec update to be observed...\n".into(), false));
    }
    let cond = d.status.conditions.iter().find(|c| c.type_ == "Progressing");
    if cond.is_some_and(|c| c.reason == TIMED_OUT_REASON) {
        return Err(format!("deployment {name:?} exceeded its progress deadline"));
    }
    let replicas = d.spec.replicas.unwrap_or(1);
    let s = &d.status;
    if s.updated_replicas < replicas {
        return Ok((
            format!(
                "Waiting for deployment {name:?} rollout to finish: {} out of {replicas} new replicas have been updated...\n",
                s.updated_replicas
            ),
            false,
        ));
    }
    if s.replicas > s.updated_replicas {
        return Ok((
            format!(
                "Waiting for deployment {name:?} rollout to finish: {} old replicas are pending termination...\n",
                s.replicas - s.updated_replicas
            ),
            false,
        ));
    }
    if s.available_replicas < s.updated_replicas {
        return Ok((
            format!(
                "Waiting for deployment {name:?} rollout to finish: {} of {} updated replicas are available...\n",
                s.available_replicas, s.updated_replicas
            ),
            false,
        ));
    }
    Ok((format!("deployment {name:?} successfully rolled out\n"), true))
}

/// Keeps the change log recording while `rollout status` reads it; prints nothing itself.
#[derive(Debug)]
struct StatusWatch;

impl Watcher for StatusWatch {
    fn poll(&mut self, _cluster: &Cluster) -> String {
        String::new()
    }
}

/// `kubectl rollout status`: the status of the Deployment as listed, then one line per watch
/// event (every write of the Deployment), while the cluster runs in virtual time.
pub fn status(cluster: &mut Cluster, p: &Parsed, ns: &str, name: &str, io: &mut Io) -> Result<(), CmdError> {
    // The flag parser has checked the duration; zero means no timeout.
    let timeout = p.duration_ms("timeout").and_then(|ms| u64::try_from(ms).ok()).filter(|ms| *ms > 0);
    let want_revision = p.int("revision");
    let watch = !p.has("watch") || p.flag("watch");
    let d = get(cluster, ns, name)?;
    let (line, done) = status_line(&d, want_revision).map_err(CmdError::Plain)?;
    io.out.push_str(&line);
    if done || !watch {
        return Ok(());
    }
    let deadline = timeout.map(|t| cluster.now() + t);
    // Record the change log only if no one else does; then it is ours to clear.
    let own_log = !cluster.watching();
    if own_log {
        cluster.watch(Box::new(StatusWatch));
    }
    let result = follow(cluster, ns, name, want_revision, deadline, own_log, io);
    if own_log {
        cluster.stop_watches();
    }
    result
}

/// The watch loop of `rollout status`: moves time until the rollout is done or fails, the
/// deadline passes, or nothing is left to happen.
#[allow(clippy::too_many_arguments)]
fn follow(
    cluster: &mut Cluster,
    ns: &str,
    name: &str,
    want_revision: Option<i64>,
    deadline: Option<u64>,
    own_log: bool,
    io: &mut Io,
) -> Result<(), CmdError> {
    let mut seen = cluster.store().resource_version();
    loop {
        match deadline {
            Some(dl) => match cluster.next_event_time() {
                Some(t) if t <= dl => {
                    cluster.step();
                }
                _ => {
                    cluster.run_for(dl.saturating_sub(cluster.now()));
                    return Err(CmdError::Plain("timed out waiting for the condition".into()));
                }
            },
            None => {
                if cluster.is_quiet() {
                    let paused = cluster.store().deployment(ns, name).is_some_and(|d| d.spec.paused);
                    let why = if paused {
                        "the deployment is paused, so the rollout will not progress until `kubectl rollout resume`"
                    } else {
                        "nothing is left to happen in the cluster, so the rollout will not progress"
                    };
                    io.hints.push(format!(
                        "{why}; a real kubectl would keep waiting (stopped at {})",
                        crate::sim::format_go_duration(cluster.now())
                    ));
                    return Ok(());
                }
                cluster.step();
            }
        }
        let mut updates: Vec<(WatchEvent, Option<Deployment>)> = Vec::new();
        match cluster.changes_since(seen) {
            Ok(changes) => {
                for c in changes.filter(|c| c.kind == Kind::Deployment && c.key.namespace == ns && c.key.name == name) {
                    let d = match &c.object {
                        Object::Deployment(d) => Some(d.as_ref().clone()),
                        _ => None,
                    };
                    updates.push((c.event, d));
                }
            }
            // The log moved on: relist, as the watch does when its resourceVersion is too old.
            Err(_) => updates.push((WatchEvent::Modified, cluster.store().deployment(ns, name).cloned())),
        }
        seen = cluster.store().resource_version();
        if own_log {
            let _ = cluster.poll_watches();
        }
        for (event, d) in updates {
            let Some(d) = d else { continue };
            if event == WatchEvent::Deleted {
                return Err(CmdError::Plain("object has been deleted".into()));
            }
            let (line, done) = status_line(&d, want_revision).map_err(CmdError::Plain)?;
            io.out.push_str(&line);
            if done {
                return Ok(());
            }
        }
    }
}

/// The owned ReplicaSets by revision, as a `BTreeMap<i64, _>` filled in list order holds them
/// (a later ReplicaSet with the same revision wins); unparsable revisions are skipped.
fn by_revision<'a>(cluster: &'a Cluster, d: &Deployment) -> Vec<(i64, &'a ReplicaSet)> {
    let mut revisions = Vec::new();
    let mut sets = Vec::new();
    for rs in owned_replica_sets(cluster, d) {
        if let Some(v) = parsed_revision(&rs.metadata.annotations) {
            revisions.push(v);
            sets.push(rs);
        }
    }
    super::revision_order(&revisions).into_iter().filter_map(|i| Some((*revisions.get(i)?, *sets.get(i)?))).collect()
}

/// `DeploymentHistoryViewer.ViewHistory`: each ReplicaSet's template by its revision (a later
/// ReplicaSet with the same revision wins); unparsable revisions are skipped.
fn history_of(cluster: &Cluster, d: &Deployment) -> Vec<(i64, PodTemplateSpec)> {
    let mut info = Vec::new();
    for (v, rs) in by_revision(cluster, d) {
        let mut t = rs.spec.template.clone();
        if let Some(cause) = rs.metadata.annotations.get(CHANGE_CAUSE_ANNOTATION).filter(|c| !c.is_empty()) {
            t.metadata.annotations.insert(CHANGE_CAUSE_ANNOTATION.into(), cause.clone());
        }
        info.push((v, t));
    }
    info
}

/// `DeploymentHistoryViewer.ViewHistory`: the revisions and their change causes, or with a
/// revision its pod template.
pub fn view_history(cluster: &Cluster, d: &Deployment, revision: i64) -> Result<String, CmdError> {
    let info = history_of(cluster, d);
    if info.is_empty() {
        return Ok("No rollout history found.".to_string());
    }
    if revision > 0 {
        let Some((_, t)) = info.iter().find(|(r, _)| *r == revision) else {
            return Err(CmdError::Plain("unable to find the specified revision".into()));
        };
        return Ok(template_text(t));
    }
    let mut w = TabWriter::for_describe();
    w.write("REVISION\tCHANGE-CAUSE\n");
    for (r, t) in &info {
        let cause = t.metadata.annotations.get(CHANGE_CAUSE_ANNOTATION).map_or("<none>", String::as_str);
        w.writef(format_args!("{r}\t{cause}\n"));
    }
    Ok(w.flush())
}

/// `DeploymentHistoryViewer.GetHistory`: the ReplicaSet of each revision (a later one with the
/// same revision wins); unparsable revisions are skipped.
pub fn get_history(cluster: &Cluster, d: &Deployment) -> Vec<(i64, Object)> {
    by_revision(cluster, d)
        .into_iter()
        .map(|(v, rs)| (v, Object::ReplicaSet(crate::api::ObjBox::new(rs.clone()))))
        .collect()
}

/// `deploymentRevision`: the ReplicaSet with `to_revision`, or for 0 the one with the
/// second-highest revision.
fn deployment_revision<'a>(
    rss: &[&'a ReplicaSet],
    d: &Deployment,
    to_revision: i64,
) -> Result<&'a ReplicaSet, CmdError> {
    type Seen<'a> = (i64, Option<&'a ReplicaSet>);
    let (mut latest, mut previous): (Seen, Seen) = ((-1, None), (-1, None));
    for rs in rss {
        let Some(v) = parsed_revision(&rs.metadata.annotations) else { continue };
        if to_revision == 0 {
            if latest.0 < v {
                previous = latest;
                latest = (v, Some(rs));
            } else if previous.0 < v {
                previous = (v, Some(rs));
            }
        } else if to_revision == v {
            return Ok(rs);
        }
    }
    if to_revision > 0 {
        return Err(revision_not_found(to_revision));
    }
    previous.1.ok_or_else(|| CmdError::Plain(format!("no rollout history found for deployment {:?}", d.metadata.name)))
}

fn revision_not_found(r: i64) -> CmdError {
    CmdError::Plain(format!("unable to find specified revision {r} in history"))
}

/// `DeploymentRollbacker.Rollback`: copies the target revision's template back (no rollback
/// event; the controller then makes its ReplicaSet the newest revision). Returns the text the
/// name printer adds: the result, or with a client dry run the target's pod template.
pub fn rollback(cluster: &mut Cluster, d: &Deployment, to_revision: i64, dry_run: DryRun) -> Result<String, CmdError> {
    if to_revision < 0 {
        return Err(revision_not_found(to_revision));
    }
    let rss = owned_replica_sets(cluster, d);
    let target = deployment_revision(&rss, d, to_revision)?;
    if dry_run == DryRun::Client {
        return Ok(template_text(&target.spec.template));
    }
    if d.spec.paused {
        return Err(CmdError::Plain(
            "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"
                .into(),
        ));
    }
    if equal_ignore_hash(&target.spec.template, &d.spec.template) {
        return Ok(format!("skipped rollback (current template already matches revision {to_revision})"));
    }
    let mut template = target.spec.template.clone();
    template.metadata.labels.remove(POD_TEMPLATE_HASH_LABEL);
    let mut annotations = BTreeMap::new();
    for (k, v) in &d.metadata.annotations {
        if skip_copy_annotation(k) {
            annotations.insert(k.clone(), v.clone());
        }
    }
    for (k, v) in &target.metadata.annotations {
        if !skip_copy_annotation(k) {
            annotations.insert(k.clone(), v.clone());
        }
    }
    let mut updated = d.clone();
    updated.spec.template = template;
    updated.metadata.annotations = annotations;
    let value = Object::Deployment(crate::api::ObjBox::new(updated)).to_value();
    cluster
        .update_value(Kind::Deployment, value, dry_run == DryRun::Server)
        .map_err(|err| CmdError::Plain(format!("failed restoring revision {to_revision}: {}", err.message())))?;
    Ok("rolled back".into())
}

/// `defaultObjectPauser` / `defaultObjectResumer` and the patch: the updated Deployment.
pub fn set_paused(cluster: &mut Cluster, d: &Deployment, paused: bool) -> Result<Object, CmdError> {
    if d.spec.paused == paused {
        let what = if paused { "is already paused" } else { "is not paused" };
        return Err(CmdError::Plain(format!("error: deployments.apps {:?} {what}", d.metadata.name)));
    }
    let mut updated = d.clone();
    updated.spec.paused = paused;
    let value = Object::Deployment(crate::api::ObjBox::new(updated)).to_value();
    cluster
        .update_value(Kind::Deployment, value, false)
        .map_err(|err| CmdError::Plain(format!("failed to patch: {}", err.message())))
}

/// `defaultObjectRestarter` and the patch: the updated Deployment.
pub fn restart(cluster: &mut Cluster, d: &Deployment) -> Result<Object, CmdError> {
    if d.spec.paused {
        return Err(CmdError::Plain(format!(
            "error: deployments.apps {:?} can't restart paused deployment (run rollout resume first)",
            d.metadata.name
        )));
    }
    const RESTARTED_AT: &str = "kubectl.kubernetes.io/restartedAt";
    let now = cluster.now_time().rfc3339();
    if d.spec.template.metadata.annotations.get(RESTARTED_AT) == Some(&now) {
        // The same second: the patch comes out empty.
        return Err(CmdError::Plain(format!(
            "failed to create patch for {}: if restart has already been triggered within the past second, please wait before attempting to trigger another",
            d.metadata.name
        )));
    }
    let mut updated = d.clone();
    updated.spec.template.metadata.annotations.insert(RESTARTED_AT.into(), now);
    let value = Object::Deployment(crate::api::ObjBox::new(updated)).to_value();
    cluster
        .update_value(Kind::Deployment, value, false)
        .map_err(|err| CmdError::Plain(format!("failed to patch: {}", err.message())))
}

/// `printTemplate`: `DescribePodTemplate` written straight into a buffer, cells separated by
/// raw tabs (no tabwriter).
fn template_text(t: &PodTemplateSpec) -> String {
    let mut w = Writer::unaligned();
    describe_pod_template(&mut w, Some(t));
    w.finish()
}
