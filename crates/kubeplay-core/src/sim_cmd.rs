//! The `sim` commands: what kubectl cannot do — move virtual time, change the simulated world
//! (nodes, images, crashing containers), explain decisions, start over.

use crate::api::pod::Taint;
use crate::api::Kind;
use crate::cluster::nodes::NodeSpecInput;
use crate::cluster::Cluster;
use crate::controller::ControllerId;
use crate::kubectl::args::{self, Flag};
use crate::kubectl::resources;
use crate::sim::{format_go_duration, parse_duration};
use crate::store::{Key, ObjRef};

/// What a `sim` command printed and how it ended.
pub struct SimOutput {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

fn ok(s: String) -> SimOutput {
    SimOutput { stdout: if s.is_empty() { s } else { s + "\n" }, stderr: String::new(), exit_code: 0 }
}

fn fail(s: &str) -> SimOutput {
    SimOutput { stdout: String::new(), stderr: format!("sim: {s}\n"), exit_code: 1 }
}

const USAGE: &str = "usage: sim step | run DURATION | settle [--timeout DURATION] | time | node add|fail|recover|delete NAME | image fail|fix IMAGE | pod crash POD [--exit-code N] | why KIND/NAME [-n NAMESPACE] | reset [--seed N]";

/// Virtual time as `sim` prints it: elapsed since the start and the wall clock.
pub fn format_time(c: &Cluster) -> String {
    format!("{} ({})", format_go_duration(c.now()), c.now_time())
}

/// Runs `sim ARGS...`. `reset` replaces the cluster.
pub fn run(cluster: &mut Cluster, argv: &[String]) -> SimOutput {
    let Some(verb) = argv.first() else {
        return fail(USAGE);
    };
    let rest = &argv[1..];
    match verb.as_str() {
        "step" => {
            let before = cluster.now();
            if cluster.step() {
                let moved = cluster.now() - before;
                ok(format!("stepped {} to {}", format_go_duration(moved), format_time(cluster)))
            } else {
                ok(format!("nothing to do at {}", format_time(cluster)))
            }
        }
        "run" => {
            let Some(d) = rest.first() else { return fail("run needs a DURATION, e.g. sim run 30s") };
            let Some(ms) = parse_duration(d) else {
                return fail(&format!("invalid duration {d:?}: use forms like 500ms, 30s, 5m, 1h"));
            };
            if ms > 366 * 86_400_000 {
                return fail("a run is limited to one year of virtual time");
            }
            cluster.run_for(ms);
            ok(format!("ran {} to {}", format_go_duration(ms), format_time(cluster)))
        }
        "settle" => {
            let p = match args::parse("sim settle", &[Flag::string("timeout", None)], rest) {
                Ok(p) => p,
                Err(e) => return fail(&e.replace("\nSee 'sim settle --help' for usage.", "")),
            };
            let timeout = match p.get("timeout") {
                None => 600_000,
                Some(d) => match parse_duration(d) {
                    Some(ms) => ms,
                    None => return fail(&format!("invalid duration {d:?}: use forms like 500ms, 30s, 5m, 1h")),
                },
            };
            if cluster.settle(timeout) {
                ok(format!("settled at {}", format_time(cluster)))
            } else {
                ok(format!("not settled after {}: stopped at {}", format_go_duration(timeout), format_time(cluster)))
            }
        }
        "time" => ok(format_time(cluster)),
        "node" => node(cluster, rest),
        "image" => image(cluster, rest),
        "pod" => pod(cluster, rest),
        "why" => why(cluster, rest),
        "traffic" => crate::cluster::services::traffic_command(cluster, rest).map_or_else(|e| fail(&e), ok),
        "reset" => {
            let p = match args::parse("sim reset", &[Flag::int("seed", None)], rest) {
                Ok(p) => p,
                Err(e) => return fail(&e.replace("\nSee 'sim reset --help' for usage.", "")),
            };
            let seed = match p.int("seed") {
                Some(s) if s >= 0 => u64::try_from(s).unwrap_or(1),
                Some(_) => return fail("--seed must be a non-negative integer"),
                None => cluster.seed(),
            };
            *cluster = Cluster::new(seed);
            ok(format!("a fresh cluster (seed {seed}): control-plane, worker-1, worker-2, worker-3"))
        }
        other => fail(&format!("unknown command {other:?}\n{USAGE}")),
    }
}

fn node(cluster: &mut Cluster, argv: &[String]) -> SimOutput {
    let Some(op) = argv.first() else { return fail("node needs add, fail, recover or delete") };
    let flags = [
        Flag::string("role", None),
        Flag::string("cpu", None),
        Flag::string("memory", None),
        Flag::string("pods", None),
        Flag::array("label", None),
        Flag::array("taint", None),
    ];
    let p = match args::parse("sim node", &flags, &argv[1..]) {
        Ok(p) => p,
        Err(e) => return fail(&e.replace("\nSee 'sim node --help' for usage.", "")),
    };
    let Some(name) = p.args.first() else { return fail(&format!("node {op} needs a NAME")) };
    let result = match op.as_str() {
        "add" => {
            let mut input = match p.get("role") {
                None | Some("worker") => NodeSpecInput::worker(name),
                Some("control-plane") => NodeSpecInput::control_plane(name),
                Some(r) => return fail(&format!("unknown role {r:?}: use worker or control-plane")),
            };
            if let Some(v) = p.get("cpu") {
                input.cpu = v.to_string();
            }
            if let Some(v) = p.get("memory") {
                input.memory = v.to_string();
            }
            if let Some(v) = p.get("pods") {
                input.pods = v.to_string();
            }
            for l in p.all("label") {
                let Some((k, v)) = l.split_once('=') else {
                    return fail(&format!("invalid --label {l:?}: use key=value"));
                };
                input.labels.insert(k.to_string(), v.to_string());
            }
            for t in p.all("taint") {
                match parse_taint(&t) {
                    Some(taint) => input.taints.push(taint),
                    None => return fail(&format!("invalid --taint {t:?}: use key=value:Effect or key:Effect")),
                }
            }
            let r = cluster.add_node(&input, true).map(|()| format!("node/{name} added"));
            cluster.process_due();
            r
        }
        "fail" => cluster.fail_node(name),
        "recover" => {
            let r = cluster.recover_node(name);
            cluster.process_due();
            r
        }
        "delete" => {
            let r = cluster.delete_node(name);
            cluster.process_due();
            r
        }
        other => return fail(&format!("unknown node operation {other:?}: use add, fail, recover or delete")),
    };
    match result {
        Ok(s) => ok(s),
        Err(e) => fail(&e.to_string()),
    }
}

/// `key=value:Effect` or `key:Effect`.
pub fn parse_taint(s: &str) -> Option<Taint> {
    let (kv, effect) = s.rsplit_once(':')?;
    if !matches!(effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
        return None;
    }
    let (key, value) = match kv.split_once('=') {
        Some((k, v)) => (k, v),
        None => (kv, ""),
    };
    if key.is_empty() {
        return None;
    }
    Some(Taint { key: key.into(), value: value.into(), effect: effect.into(), time_added: None })
}

fn image(cluster: &mut Cluster, argv: &[String]) -> SimOutput {
    let (Some(op), Some(image)) = (argv.first(), argv.get(1)) else {
        return fail("image needs fail or fix and an IMAGE, e.g. sim image fail nginx:1.25");
    };
    match op.as_str() {
        "fail" => {
            cluster.failing_images.insert(image.clone());
            ok(format!("pulls of {image} now fail"))
        }
        "fix" => {
            if !cluster.failing_images.remove(image) {
                return fail(&format!("pulls of {image} were not failing"));
            }
            // Pods backing off on this image retry at their next back-off; nothing else changes.
            ok(format!("pulls of {image} succeed again"))
        }
        other => fail(&format!("unknown image operation {other:?}: use fail or fix")),
    }
}

fn pod(cluster: &mut Cluster, argv: &[String]) -> SimOutput {
    let Some(op) = argv.first() else { return fail("pod needs crash") };
    if op != "crash" {
        return fail(&format!("unknown pod operation {op:?}: use crash"));
    }
    let flags =
        [Flag::int("exit-code", None), Flag::string("container", Some('c')), Flag::string("namespace", Some('n'))];
    let p = match args::parse("sim pod crash", &flags, &argv[1..]) {
        Ok(p) => p,
        Err(e) => return fail(&e.replace("\nSee 'sim pod crash --help' for usage.", "")),
    };
    let Some(name) = p.args.first() else { return fail("pod crash needs a POD") };
    let name = name.strip_prefix("pod/").unwrap_or(name);
    let ns = p.get("namespace").unwrap_or("default");
    let code = p.int("exit-code").unwrap_or(1);
    let Ok(code) = i32::try_from(code) else { return fail("--exit-code is out of range") };
    match cluster.crash_container(ns, name, p.get("container"), code) {
        Ok(c) => {
            cluster.process_due();
            ok(format!("container {c} in pod/{name} exited with code {code}"))
        }
        Err(e) => fail(&e),
    }
}

fn why(cluster: &mut Cluster, argv: &[String]) -> SimOutput {
    let p = match args::parse("sim why", &[Flag::string("namespace", Some('n'))], argv) {
        Ok(p) => p,
        Err(e) => return fail(&e.replace("\nSee 'sim why --help' for usage.", "")),
    };
    let Some(target) = p.args.first() else { return fail("why needs KIND/NAME, e.g. sim why pod/web-1") };
    let Some((t, name)) = target.split_once('/') else {
        return fail(&format!("why needs KIND/NAME, e.g. sim why pod/web-1 (got {target:?})"));
    };
    let Some(kind) = resources::resolve_type(t) else {
        return fail(&format!("the server doesn't have a resource type {t:?}"));
    };
    let ns = if kind.namespaced() { p.get("namespace").unwrap_or("default").to_string() } else { String::new() };
    let r = ObjRef { kind, key: Key::new(ns, name) };
    let Some(obj) = cluster.store().get_ref(&r) else {
        return fail(&format!("{} {name:?} not found", kind.group_resource()));
    };
    let uid = obj.meta().uid.clone();
    let lines: Vec<String> = cluster
        .why_of(&uid)
        .iter()
        .map(|w| format!("{:>8}  {}: {}", format_go_duration(w.time), w.actor, w.text))
        .collect();
    // A workload's controller records its decisions on the objects it changes (a Deployment's on
    // its ReplicaSets, a CronJob's on its Jobs); they answer "why" for the owner too.
    let mut owned: Vec<String> = Vec::new();
    if let Some(actor) = owner_controller(kind) {
        let mut children: Vec<&ObjRef> = cluster.store().dependents(&uid).collect();
        children.sort();
        let mut rows: Vec<(u64, String)> = Vec::new();
        for child in children {
            let Some(child_obj) = cluster.store().get_ref(child) else { continue };
            for w in cluster.why_of(&child_obj.meta().uid) {
                if w.actor == actor {
                    let what = format!("{}/{}", child.kind.name().to_ascii_lowercase(), child.key.name);
                    rows.push((w.seq, format!("{:>8}  {}: {what}: {}", format_go_duration(w.time), w.actor, w.text)));
                }
            }
        }
        rows.sort_by_key(|(seq, _)| *seq);
        owned = rows.into_iter().map(|(_, l)| l).collect();
    }
    let kind_name = kind.name().to_ascii_lowercase();
    if lines.is_empty() && owned.is_empty() {
        return ok(format!("{kind_name}/{name}: no decisions recorded (it was created or changed by a command)"));
    }
    let mut out = format!("{kind_name}/{name}:");
    if !lines.is_empty() {
        out.push('\n');
        out.push_str(&lines.join("\n"));
    }
    if !owned.is_empty() {
        out.push_str("\nabout the objects it owns:\n");
        out.push_str(&owned.join("\n"));
    }
    ok(out)
}

/// The controller that acts for objects of `kind` on the objects they own.
fn owner_controller(kind: Kind) -> Option<&'static str> {
    let id = match kind {
        Kind::Deployment => ControllerId::Deployment,
        Kind::ReplicaSet => ControllerId::ReplicaSet,
        Kind::ReplicationController => ControllerId::ReplicationController,
        Kind::DaemonSet => ControllerId::DaemonSet,
        Kind::Job => ControllerId::Job,
        Kind::CronJob => ControllerId::CronJob,
        _ => return None,
    };
    Some(id.component())
}

#[cfg(test)]
mod tests {
    use crate::shell::{exec, NoFiles};
    use crate::Cluster;

    #[test]
    fn a_deleted_objects_decisions_go_with_it() {
        let mut c = Cluster::new(1);
        for line in ["kubectl create deployment web --image=nginx --replicas=2", "sim settle"] {
            assert_eq!(exec(&mut c, line, None, &NoFiles).exit_code, 0, "{line}");
        }
        let pods: Vec<(String, String)> =
            c.store().pods().map(|p| (p.metadata.name.clone(), p.metadata.uid.clone())).collect();
        let (name, uid) = pods.first().cloned().unwrap_or_default();
        assert!(!c.why_of(&uid).is_empty(), "the scheduler and the kubelet explained {name}");
        let tracked = c.why.len();
        for line in [format!("kubectl delete pod {name}"), "sim settle".to_string()] {
            assert_eq!(exec(&mut c, &line, None, &NoFiles).exit_code, 0, "{line}");
        }
        assert!(c.store().pods().all(|p| p.metadata.uid != uid));
        assert!(c.why_of(&uid).is_empty());
        // Its replacement is explained instead: as many objects have a history as before.
        assert_eq!(c.why.len(), tracked);
    }
}
