//! `kubectl rollout` for DaemonSets (kubectl's polymorphichelpers: DaemonSetStatusViewer,
//! DaemonSetHistoryViewer, DaemonSetRollbacker, and the restarter; pausing is refused).
//! A DaemonSet's history is its ControllerRevisions, each holding a template as the patch that
//! restores it.

use crate::json::Value;

use super::super::args::Parsed;
use super::super::describe::pod::describe_pod_template;
use super::super::describe::writer::Writer;
use super::super::printers::tabwriter::TabWriter;
use super::super::{CmdError, Io};
use crate::api::apps::{ControllerRevision, DaemonSet};
use crate::api::pod::PodTemplateSpec;
use crate::api::{Kind, ObjBox, Object};
use crate::cluster::{ApiError, Cluster};
use crate::controller::daemon_set::update::get_patch;
use crate::controller::deployment::util::CHANGE_CAUSE_ANNOTATION;
use crate::sim::parse_duration;

/// Runs `kubectl rollout SUB daemonset/NAME`.
pub fn run(cluster: &mut Cluster, sub: &str, p: &Parsed, ns: &str, name: &str, io: &mut Io) -> Result<(), CmdError> {
    let ds = get(cluster, ns, name)?;
    match sub {
        "status" => status(cluster, p, ns, name, io),
        "history" => history(cluster, p, &ds, io),
        "undo" => undo(cluster, p, &ds, io),
        "pause" | "resume" => Err(CmdError::Plain(format!(
            "{} {name:?} {} is not supported",
            Kind::DaemonSet.group_resource(),
            if sub == "pause" { "pausing" } else { "resuming" }
        ))),
        _ => restart(cluster, &ds, io),
    }
}

fn get(cluster: &Cluster, ns: &str, name: &str) -> Result<DaemonSet, CmdError> {
    cluster
        .store()
        .daemon_set(ns, name)
        .cloned()
        .ok_or_else(|| CmdError::Api { err: ApiError::not_found(Kind::DaemonSet, name), context: None })
}

/// `DaemonSetStatusViewer.Status`: the line to print and whether the rollout is done, or the
/// error for a DaemonSet that does not roll (OnDelete).
pub fn status_line(ds: &DaemonSet) -> Result<(String, bool), String> {
    if ds.spec.update_strategy.type_ != "RollingUpdate" {
        return Err("rollout status is only available for RollingUpdate strategy type".into());
    }
    let name = &ds.metadata.name;
    let s = &ds.status;
    if ds.metadata.generation > s.observed_generation {
        return Ok(("Waiting for daemon set spec update to be observed...\n".into(), false));
    }
    if s.updated_number_scheduled < s.desired_number_scheduled {
        return Ok((
            format!(
                "Waiting for daemon set {name:?} rollout to finish: {} out of {} new pods have been updated...\n",
                s.updated_number_scheduled, s.desired_number_scheduled
            ),
            false,
        ));
    }
    if s.number_available < s.desired_number_scheduled {
        return Ok((
            format!(
                "Waiting for daemon set {name:?} rollout to finish: {} of {} updated pods are available...\n",
                s.number_available, s.desired_number_scheduled
            ),
            false,
        ));
    }
    Ok((format!("daemon set {name:?} successfully rolled out\n"), true))
}

/// `rollout status`: one line per change of the DaemonSet (each watch event), in virtual time,
/// until done, `--timeout`, or nothing is left to happen.
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
    let deadline = timeout.map(|t| cluster.now() + t);
    let mut last_rv = String::new();
    loop {
        let ds = get(cluster, ns, name)?;
        if ds.metadata.resource_version != last_rv {
            last_rv = ds.metadata.resource_version.clone();
            let (line, done) = status_line(&ds).map_err(CmdError::Plain)?;
            io.out.push_str(&line);
            if done || !watch {
                return Ok(());
            }
        }
        if cluster.is_quiet() {
            io.hints.push(format!(
                "nothing is left to happen in the cluster, so the rollout will not progress; a real kubectl would keep waiting (stopped at {})",
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

/// `controlledHistory`: the ControllerRevisions the DaemonSet controls whose labels its
/// selector matches.
pub fn controlled_history<'a>(cluster: &'a Cluster, ds: &DaemonSet) -> Vec<&'a ControllerRevision> {
    cluster
        .store()
        .list_in(Kind::ControllerRevision, &ds.metadata.namespace)
        .filter_map(|o| match o {
            Object::ControllerRevision(h)
                if h.metadata.controller_ref().is_some_and(|r| r.uid == ds.metadata.uid)
                    && ds.spec.selector.matches(&h.metadata.labels) =>
            {
                Some(h.as_ref())
            }
            _ => None,
        })
        .collect()
}

/// `applyDaemonSetHistory`: the template a revision restores (its patch replaces the template).
pub fn template_of(history: &ControllerRevision) -> Option<PodTemplateSpec> {
    let mut t = history.data.as_ref()?.pointer("/spec/template")?.clone();
    if let Value::Object(m) = &mut t {
        m.remove("$patch");
    }
    crate::api::value::Decode::decode(t).ok()
}

/// `printTemplate`: `DescribePodTemplate` written straight into a buffer, cells separated by
/// raw tabs (no tabwriter).
fn print_template(t: &PodTemplateSpec) -> String {
    let mut w = Writer::unaligned();
    describe_pod_template(&mut w, Some(t));
    w.finish()
}

/// `kubectl rollout history` (`DaemonSetHistoryViewer` and `printHistory`).
fn history(cluster: &mut Cluster, p: &Parsed, ds: &DaemonSet, io: &mut Io) -> Result<(), CmdError> {
    let all = controlled_history(cluster, ds);
    let revisions: Vec<i64> = all.iter().map(|h| h.revision).collect();
    let by_revision: Vec<&ControllerRevision> =
        super::revision_order(&revisions).into_iter().filter_map(|i| all.get(i).copied()).collect();
    let header = format!("daemonset.apps/{}", ds.metadata.name);
    if by_revision.is_empty() {
        io.out.pushf(format_args!("{header} \nNo rollout history found.\n"));
        return Ok(());
    }
    if let Some(want) = p.int("revision").filter(|r| *r > 0) {
        let Some(h) = by_revision.iter().find(|h| h.revision == want) else {
            return Err(CmdError::Plain("unable to find the specified revision".into()));
        };
        let Some(t) = template_of(h) else {
            return Err(CmdError::Plain(format!("unable to parse history {}", h.metadata.name)));
        };
        io.out.pushf(format_args!("{header} with revision #{want}\n{}\n", print_template(&t)));
        return Ok(());
    }
    let mut w = TabWriter::for_describe();
    w.write("REVISION\tCHANGE-CAUSE\n");
    for h in &by_revision {
        let r = h.revision;
        let cause = h.metadata.annotations.get(CHANGE_CAUSE_ANNOTATION).filter(|c| !c.is_empty());
        w.writef(format_args!("{r}\t{}\n", cause.map_or("<none>", String::as_str)));
    }
    io.out.pushf(format_args!("{header} \n{}\n", w.flush()));
    Ok(())
}

/// `DaemonSetRollbacker.Rollback`: the chosen revision's patch applied to the DaemonSet (the
/// controller then renumbers that revision as the newest).
fn undo(cluster: &mut Cluster, p: &Parsed, ds: &DaemonSet, io: &mut Io) -> Result<(), CmdError> {
    let to_revision = p.int("to-revision").unwrap_or(0);
    let not_found = || CmdError::Plain(format!("unable to find specified revision {to_revision} in history"));
    if to_revision < 0 {
        return Err(not_found());
    }
    let mut history = controlled_history(cluster, ds);
    if to_revision == 0 && history.len() <= 1 {
        return Err(CmdError::Plain("no last revision to roll back to".into()));
    }
    // `findHistory`: the second highest revision, or the one asked for.
    let target = if to_revision == 0 {
        history.sort_by_key(|h| h.revision);
        history.get(history.len().saturating_sub(2)).copied()
    } else {
        history.iter().find(|h| h.revision == to_revision).copied()
    };
    let Some(target) = target else { return Err(not_found()) };
    let Some(template) = template_of(target) else {
        return Err(CmdError::Plain(format!("unable to parse history {}", target.metadata.name)));
    };
    let name = format!("daemonset.apps/{}", ds.metadata.name);
    if p.get("dry-run").is_some_and(|d| d == "client" || d == "unchanged") {
        io.out.pushf(format_args!("{name} will roll back to {} (dry run)\n", print_template(&template)));
        return Ok(());
    }
    let server_dry_run = p.get("dry-run") == Some("server");
    if target.data.as_ref() == Some(&get_patch(ds)) {
        io.outlnf(format_args!("{name} skipped rollback (current template already matches revision {to_revision})"));
        return Ok(());
    }
    let mut updated = ds.clone();
    updated.spec.template = template;
    let value = Object::DaemonSet(ObjBox::new(updated)).to_value();
    cluster
        .update_value(Kind::DaemonSet, value, server_dry_run)
        .map_err(|err| CmdError::Plain(format!("failed restoring revision {to_revision}: {}", err.message())))?;
    io.outlnf(format_args!("{name} rolled back{}", if server_dry_run { " (server dry run)" } else { "" }));
    Ok(())
}

/// `rollout restart`: the template gets `kubectl.kubernetes.io/restartedAt`, which makes a new
/// revision and rolls every pod.
fn restart(cluster: &mut Cluster, ds: &DaemonSet, io: &mut Io) -> Result<(), CmdError> {
    let mut updated = ds.clone();
    updated
        .spec
        .template
        .metadata
        .annotations
        .insert("kubectl.kubernetes.io/restartedAt".into(), cluster.now_time().rfc3339());
    let value = Object::DaemonSet(ObjBox::new(updated)).to_value();
    cluster.update_value(Kind::DaemonSet, value, false).map_err(|err| CmdError::Api { err, context: None })?;
    io.outlnf(format_args!("daemonset.apps/{} restarted", ds.metadata.name));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::apps::DaemonSetStatus;

    // Upstream (kubectl): TestDaemonSetStatusViewerStatus and
    // TestDaemonSetStatusViewerStatusWithWrongUpdateStrategyType.
    #[test]
    fn the_status_viewer_waits_for_observation_updates_and_availability() {
        // (generation, observed, updated, desired, available, line, done)
        let cases = [
            (
                0,
                1,
                0,
                1,
                0,
                "Waiting for daemon set \"foo\" rollout to finish: 0 out of 1 new pods have been updated...\n",
                false,
            ),
            (
                1,
                1,
                2,
                2,
                1,
                "Waiting for daemon set \"foo\" rollout to finish: 1 of 2 updated pods are available...\n",
                false,
            ),
            (1, 1, 2, 2, 2, "daemon set \"foo\" successfully rolled out\n", true),
            (2, 1, 2, 2, 2, "Waiting for daemon set spec update to be observed...\n", false),
        ];
        for (generation, observed, updated, desired, available, line, done) in cases {
            let mut ds = DaemonSet::default();
            ds.metadata.name = "foo".into();
            ds.metadata.generation = generation;
            ds.spec.update_strategy.type_ = "RollingUpdate".into();
            ds.status = DaemonSetStatus {
                observed_generation: observed,
                updated_number_scheduled: updated,
                desired_number_scheduled: desired,
                number_available: available,
                ..DaemonSetStatus::default()
            };
            assert_eq!(status_line(&ds), Ok((line.to_string(), done)));
        }
        let mut ds = DaemonSet::default();
        ds.spec.update_strategy.type_ = "OnDelete".into();
        assert_eq!(
            status_line(&ds),
            Err("rollout status is only available for RollingUpdate strategy type".to_string())
        );
    }

    #[test]
    fn a_revision_restores_the_template_it_stores() {
        let data = crate::json::json!({"spec": {"template": {
            "$patch": "replace",
            "metadata": {"labels": {"app": "a"}},
            "spec": {"containers": [{"name": "c", "image": "nginx:1.25"}]}
        }}});
        let mut h = ControllerRevision { data: Some(data), ..ControllerRevision::default() };
        let t = template_of(&h).unwrap_or_default();
        assert_eq!(t.metadata.labels.get("app").map(String::as_str), Some("a"));
        assert_eq!(t.spec.containers[0].image, "nginx:1.25");
        h.data = Some(crate::json::json!({"spec": {}}));
        assert!(template_of(&h).is_none());
    }
}
