//! `kubectl rollout` for Deployments (kubectl's polymorphichelpers: DeploymentStatusViewer,
//! DeploymentHistoryViewer, DeploymentRollbacker, and the pause/resume/restart object
//! mutators).

use serde_json::Value;

use super::super::args::Parsed;
use super::super::printers::tabwriter::TabWriter;
use super::super::{CmdError, Io};
use crate::api::apps::{Deployment, ReplicaSet};
use crate::api::{Kind, Object};
use crate::cluster::{ApiError, Cluster};
use crate::controller::deployment::util::{
    equal_ignore_hash, revision, skip_copy_annotation, CHANGE_CAUSE_ANNOTATION, POD_TEMPLATE_HASH_LABEL,
    TIMED_OUT_REASON,
};
use crate::sim::parse_duration;

/// Runs `kubectl rollout SUB deployment/NAME`.
pub fn run(cluster: &mut Cluster, sub: &str, p: &Parsed, ns: &str, name: &str, io: &mut Io) -> Result<(), CmdError> {
    let d = get(cluster, ns, name)?;
    match sub {
        "status" => status(cluster, p, ns, name, io),
        "history" => history(cluster, p, &d, io),
        "undo" => undo(cluster, p, &d, io),
        "pause" => set_paused(cluster, &d, true, io),
        "resume" => set_paused(cluster, &d, false, io),
        _ => restart(cluster, &d, io),
    }
}

fn get(cluster: &Cluster, ns: &str, name: &str) -> Result<Deployment, CmdError> {
    cluster
        .store()
        .deployment(ns, name)
        .cloned()
        .ok_or_else(|| CmdError::Api { err: ApiError::not_found(Kind::Deployment, name), context: None })
}

/// The ReplicaSets a Deployment controls.
pub fn owned_replica_sets<'a>(cluster: &'a Cluster, d: &Deployment) -> Vec<&'a ReplicaSet> {
    cluster
        .store()
        .dependents(&d.metadata.uid)
        .filter_map(|r| match cluster.store().get_ref(r) {
            Some(Object::ReplicaSet(rs)) if rs.metadata.controller_ref().is_some_and(|o| o.uid == d.metadata.uid) => {
                Some(rs.as_ref())
            }
            _ => None,
        })
        .collect()
}

/// `DeploymentStatusViewer.Status`: the line to print, and whether the rollout is done.
pub fn status_line(d: &Deployment, want_revision: Option<i64>) -> Result<(String, bool), String> {
    let name = &d.metadata.name;
    if let Some(want) = want_revision {
        let current: i64 =
            d.metadata.annotations.get("deployment.kubernetes.io/revision").and_then(|r| r.parse().ok()).unwrap_or(0);
        if want > 0 && want != current {
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

fn status(cluster: &mut Cluster, p: &Parsed, ns: &str, name: &str, io: &mut Io) -> Result<(), CmdError> {
    let timeout = match p.get("timeout") {
        None | Some("0") | Some("0s") => None,
        Some(t) => match parse_duration(t) {
            Some(ms) => Some(ms),
            None => {
                return Err(CmdError::Plain(format!(
                    "invalid argument {t:?} for \"--timeout\" flag: time: invalid duration {t:?}"
                )))
            }
        },
    };
    let watch = !p.has("watch") || p.flag("watch");
    let want_revision = p.int("revision");
    let deadline = timeout.map(|t| cluster.now() + t);
    let mut last_rv = String::new();
    loop {
        let d = get(cluster, ns, name)?;
        if d.metadata.resource_version != last_rv {
            last_rv = d.metadata.resource_version.clone();
            match status_line(&d, want_revision) {
                Ok((line, done)) => {
                    io.out.push_str(&line);
                    if done || !watch {
                        return Ok(());
                    }
                }
                Err(e) => return Err(CmdError::Plain(e)),
            }
        }
        if cluster.is_quiet() {
            let why = if d.spec.paused {
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
        match (deadline, cluster.next_event_time()) {
            (Some(dl), Some(t)) if t > dl => {
                cluster.run_for(dl - cluster.now());
                return Err(CmdError::Plain("timed out waiting for the condition".into()));
            }
            (Some(dl), None) if cluster.now() >= dl => {
                return Err(CmdError::Plain("timed out waiting for the condition".into()));
            }
            _ => {
                cluster.step();
            }
        }
    }
}

/// `kubectl rollout history`.
fn history(cluster: &mut Cluster, p: &Parsed, d: &Deployment, io: &mut Io) -> Result<(), CmdError> {
    let mut rss: Vec<&ReplicaSet> = owned_replica_sets(cluster, d).into_iter().filter(|rs| revision(rs) > 0).collect();
    rss.sort_by_key(|rs| revision(rs));
    let header = format!("deployment.apps/{}", d.metadata.name);
    if let Some(want) = p.int("revision").filter(|r| *r != 0) {
        let Some(rs) = rss.iter().find(|rs| revision(rs) == want) else {
            return Err(CmdError::Plain("unable to find the specified revision".into()));
        };
        io.out.push_str(&format!("{header} with revision #{want}\n"));
        io.out.push_str(&template_text(&rs.spec.template));
        return Ok(());
    }
    if rss.is_empty() {
        io.out.push_str("No rollout history found.\n");
        return Ok(());
    }
    let mut w = TabWriter::for_describe();
    w.write("REVISION\tCHANGE-CAUSE\n");
    for rs in rss {
        let cause = rs.metadata.annotations.get(CHANGE_CAUSE_ANNOTATION).map_or("<none>", String::as_str);
        w.write(&format!("{}\t{cause}\n", revision(rs)));
    }
    io.out.push_str(&format!("{header} \n{}\n", w.flush()));
    Ok(())
}

/// `DeploymentRollbacker.Rollback`: copies the target revision's template back (no rollback
/// event; the controller then makes it the newest revision).
fn undo(cluster: &mut Cluster, p: &Parsed, d: &Deployment, io: &mut Io) -> Result<(), CmdError> {
    let to_revision = p.int("to-revision").unwrap_or(0);
    if d.spec.paused {
        return Err(CmdError::Plain(
            "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"
                .into(),
        ));
    }
    let rss = owned_replica_sets(cluster, d);
    let target: &ReplicaSet = if to_revision > 0 {
        match rss.iter().find(|rs| revision(rs) == to_revision) {
            Some(rs) => rs,
            None => return Err(CmdError::Plain(format!("unable to find specified revision {to_revision} in history"))),
        }
    } else {
        let (mut latest, mut previous): ((i64, Option<&ReplicaSet>), (i64, Option<&ReplicaSet>)) =
            ((-1, None), (-1, None));
        for rs in &rss {
            let v = revision(rs);
            if latest.0 < v {
                previous = latest;
                latest = (v, Some(rs));
            } else if previous.0 < v {
                previous = (v, Some(rs));
            }
        }
        match previous.1 {
            Some(rs) => rs,
            None => {
                return Err(CmdError::Plain(format!("no rollout history found for deployment {:?}", d.metadata.name)))
            }
        }
    };
    let name = format!("deployment.apps/{}", d.metadata.name);
    if equal_ignore_hash(&target.spec.template, &d.spec.template) {
        io.outln(&format!("{name} skipped rollback (current template already matches revision {to_revision})"));
        return Ok(());
    }
    let mut template = target.spec.template.clone();
    template.metadata.labels.remove(POD_TEMPLATE_HASH_LABEL);
    let mut annotations = std::collections::BTreeMap::new();
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
    let value: Value = Object::Deployment(Box::new(updated)).to_value();
    cluster.update_value(Kind::Deployment, value, false).map_err(|err| CmdError::Api { err, context: None })?;
    io.outln(&format!("{name} rolled back"));
    Ok(())
}

fn set_paused(cluster: &mut Cluster, d: &Deployment, paused: bool, io: &mut Io) -> Result<(), CmdError> {
    if d.spec.paused == paused {
        let what = if paused { "is already paused" } else { "is not paused" };
        return Err(CmdError::Plain(format!("deployments.apps {:?} {what}", d.metadata.name)));
    }
    let mut updated = d.clone();
    updated.spec.paused = paused;
    let value = Object::Deployment(Box::new(updated)).to_value();
    cluster.update_value(Kind::Deployment, value, false).map_err(|err| CmdError::Api { err, context: None })?;
    io.outln(&format!("deployment.apps/{} {}", d.metadata.name, if paused { "paused" } else { "resumed" }));
    Ok(())
}

fn restart(cluster: &mut Cluster, d: &Deployment, io: &mut Io) -> Result<(), CmdError> {
    if d.spec.paused {
        return Err(CmdError::Plain(format!(
            "deployments.apps {:?} can't restart paused deployment (run rollout resume first)",
            d.metadata.name
        )));
    }
    let mut updated = d.clone();
    updated
        .spec
        .template
        .metadata
        .annotations
        .insert("kubectl.kubernetes.io/restartedAt".into(), cluster.now_time().rfc3339());
    let value = Object::Deployment(Box::new(updated)).to_value();
    cluster.update_value(Kind::Deployment, value, false).map_err(|err| CmdError::Api { err, context: None })?;
    io.outln(&format!("deployment.apps/{} restarted", d.metadata.name));
    Ok(())
}

/// The Pod Template block `rollout history --revision` prints.
fn template_text(t: &crate::api::pod::PodTemplateSpec) -> String {
    let mut w = TabWriter::for_describe();
    w.write("Pod Template:\n");
    let labels = crate::api::meta::format_labels(&t.metadata.labels);
    let mut first = true;
    for kv in labels.split(',').filter(|s| !s.is_empty()) {
        if first {
            w.write(&format!("  Labels:\t{kv}\n"));
            first = false;
        } else {
            w.write(&format!("\t{kv}\n"));
        }
    }
    if first {
        w.write("  Labels:\t<none>\n");
    }
    w.write("  Containers:\n");
    for c in &t.spec.containers {
        w.write(&format!("   {}:\n", c.name));
        w.write(&format!("    Image:\t{}\n", c.image));
        let ports: Vec<String> = c
            .ports
            .iter()
            .map(|p| {
                format!("{}/{}", p.container_port, if p.protocol.is_empty() { "TCP" } else { p.protocol.as_str() })
            })
            .collect();
        w.write(&format!("    Port:\t{}\n", if ports.is_empty() { "<none>".to_string() } else { ports.join(", ") }));
        w.write("    Host Port:\t<none>\n");
        w.write("    Environment:\t<none>\n");
        w.write("    Mounts:\t<none>\n");
    }
    w.write("  Volumes:\t<none>\n");
    w.write("  Node-Selectors:\t<none>\n");
    w.write("  Tolerations:\t<none>\n");
    let mut out = w.flush();
    out.push('\n');
    out
}
