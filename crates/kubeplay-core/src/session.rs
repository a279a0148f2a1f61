//! Sessions: a cluster together with the log of every input that shaped it, so that the whole
//! state can be saved as a few kilobytes of JSON (persistence, share URLs, embeds) and rebuilt by
//! deterministic replay, and so that virtual time can be rewound to any earlier moment.
//!
//! A session is `(format version, seed, cluster config, inputs)`. Each input (a command line with
//! its standard input, an editor apply, a time advance) is stamped with the virtual time at which it
//! was issued. The same seed and the same inputs give the same cluster, byte for byte, so loading
//! a session replays its inputs on a fresh cluster, and rewinding to time T replays the inputs up
//! to T. The inputs after T are kept until the user acts, so that the timeline can be scrubbed
//! forward again; acting at T drops them.
//!
//! While its inputs run, a session also keeps what the page draws over time (`history`): the
//! ReplicaSets' counts and the last `sim traffic` run. Replaying rebuilds them.

mod history;

use crate::json::Value;

use crate::api::value::{self, json_key, Decode, ToJson};

use crate::cluster::Cluster;
use crate::shell::{self, NoFiles, Output};
use crate::sim::SimTime;

pub use history::{History, PodTrafficView, Point, Series, TrafficView, MAX_POINTS};

/// The version of the saved format; `load` refuses any other.
pub const FORMAT_VERSION: u64 = 1;

/// At most this many inputs are replayed from a saved session (a guard against crafted URLs).
pub const MAX_INPUTS: usize = 20_000;

/// The longest single time advance a saved session may ask for (one year, as `sim run` allows).
pub const MAX_ADVANCE_MS: SimTime = 366 * 86_400_000;

/// `sim settle`'s default timeout.
pub const DEFAULT_SETTLE_MS: SimTime = 600_000;

/// One input of a session. Saved as `{"op": "exec", "line": ..., "stdin": ...}` (the op in
/// camelCase, then the fields; `stdin` only when set).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A command line of the command language; `stdin` is what a heredoc or the editor supplied.
    Exec { line: String, stdin: Option<String> },
    /// The editor's Apply: `kubectl apply -f -` of its text.
    Apply { yaml: String },
    /// One step: everything due at the next event time.
    Step,
    /// Virtual time moves on by `ms`.
    Run { ms: SimTime },
    /// Run until quiet or `timeoutMs` has passed.
    Settle { timeout_ms: SimTime },
}

/// An input and the virtual time at which it was issued, saved as one object: `at`, then the
/// input's members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub at: SimTime,
    pub input: Input,
}

/// The saved form: `{"version", "seed", "config" (when set), "log"}` in this order.
#[derive(Debug)]
struct Saved {
    version: u64,
    seed: u64,
    config: Option<String>,
    log: Vec<Entry>,
}

impl ToJson for Entry {
    fn write_json(&self, out: &mut String) {
        let member = |out: &mut String, key: &str, v: &dyn ToJson| {
            json_key(out, key);
            v.write_json(out);
        };
        out.push('{');
        member(out, "\"at\":", &self.at);
        let op = match &self.input {
            Input::Exec { .. } => "exec",
            Input::Apply { .. } => "apply",
            Input::Step => "step",
            Input::Run { .. } => "run",
            Input::Settle { .. } => "settle",
        };
        member(out, "\"op\":", &op);
        match &self.input {
            Input::Exec { line, stdin } => {
                member(out, "\"line\":", line);
                if let Some(stdin) = stdin {
                    member(out, "\"stdin\":", stdin);
                }
            }
            Input::Apply { yaml } => member(out, "\"yaml\":", yaml),
            Input::Step => {}
            Input::Run { ms } => member(out, "\"ms\":", ms),
            Input::Settle { timeout_ms } => member(out, "\"timeoutMs\":", timeout_ms),
        }
        out.push('}');
    }
}

impl ToJson for Saved {
    fn write_json(&self, out: &mut String) {
        out.push_str("{\"version\":");
        self.version.write_json(out);
        out.push_str(",\"seed\":");
        self.seed.write_json(out);
        if let Some(config) = &self.config {
            out.push_str(",\"config\":");
            config.write_json(out);
        }
        out.push_str(",\"log\":");
        self.log.write_json(out);
        out.push('}');
    }
}

impl Decode for Entry {
    /// As serde decoded the flattened, internally tagged form: `at`, then the `op` tag, then the
    /// op's fields; other members are ignored.
    fn decode(v: Value) -> Result<Entry, String> {
        let mut m = value::object(v, "struct Entry")?;
        let mut at: SimTime = 0;
        value::required(&mut m, "at", &mut at)?;
        let mut op = String::new();
        value::required(&mut m, "op", &mut op)?;
        let input = match op.as_str() {
            "exec" => {
                let (mut line, mut stdin) = (String::new(), None::<String>);
                value::required(&mut m, "line", &mut line)?;
                value::field(&mut m, "stdin", &mut stdin)?;
                Input::Exec { line, stdin }
            }
            "apply" => {
                let mut yaml = String::new();
                value::required(&mut m, "yaml", &mut yaml)?;
                Input::Apply { yaml }
            }
            "step" => Input::Step,
            "run" => {
                let mut ms: SimTime = 0;
                value::required(&mut m, "ms", &mut ms)?;
                Input::Run { ms }
            }
            "settle" => {
                let mut timeout_ms: SimTime = 0;
                value::required(&mut m, "timeoutMs", &mut timeout_ms)?;
                Input::Settle { timeout_ms }
            }
            other => {
                return Err(format!(
                    "unknown variant `{other}`, expected one of `exec`, `apply`, `step`, `run`, `settle`"
                ))
            }
        };
        Ok(Entry { at, input })
    }
}

impl Decode for Saved {
    /// As serde decoded it with `deny_unknown_fields`: members in key order, then the missing ones.
    fn decode(v: Value) -> Result<Saved, String> {
        let mut m = value::object(v, "struct Saved")?;
        if let Some(k) = m.keys().find(|k| !matches!(k.as_str(), "version" | "seed" | "config" | "log")) {
            return Err(format!("unknown field `{k}`, expected one of `version`, `seed`, `config`, `log`"));
        }
        let mut saved = Saved { version: 0, seed: 0, config: None, log: Vec::new() };
        value::required(&mut m, "version", &mut saved.version)?;
        value::required(&mut m, "seed", &mut saved.seed)?;
        value::field(&mut m, "config", &mut saved.config)?;
        value::required(&mut m, "log", &mut saved.log)?;
        Ok(saved)
    }
}

/// Why a saved session was refused; Display is the message the page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// Not a session at all, or damaged.
    Corrupt(String),
    /// A session written by another version of kubeplay.
    UnknownVersion(String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Corrupt(why) => write!(f, "the saved session is damaged ({why})"),
            LoadError::UnknownVersion(v) => {
                write!(f, "the saved session has format version {v}; this kubeplay reads version {FORMAT_VERSION}")
            }
        }
    }
}

/// An input as it was run: where it started and where virtual time was when it ended.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Done {
    entry: Entry,
    end: SimTime,
}

/// A cluster and the inputs that made it.
#[derive(Debug)]
pub struct Session {
    cluster: Cluster,
    seed: u64,
    config: Option<String>,
    /// Every input of the timeline, in order (including those after `position`).
    timeline: Vec<Done>,
    /// `None` at the head of the timeline; `Some(t)` after a rewind to t.
    position: Option<SimTime>,
    /// The ReplicaSets' counts over time, as the inputs made them.
    history: History,
    /// Where the last `sim traffic` sent its requests.
    traffic: Option<TrafficView>,
}

impl Session {
    /// A session on a fresh default cluster.
    pub fn new(seed: u64) -> Session {
        Session::on(Cluster::new(seed), seed, None)
    }

    /// A session on a cluster that a kind config describes.
    pub fn with_config(seed: u64, config: &str) -> Result<Session, crate::cluster::nodes::NodeError> {
        let cluster = Cluster::with_config(seed, config)?;
        Ok(Session::on(cluster, seed, Some(config.to_string())))
    }

    fn on(cluster: Cluster, seed: u64, config: Option<String>) -> Session {
        let mut history = History::default();
        history.sample(&cluster);
        Session { cluster, seed, config, timeline: Vec::new(), position: None, history, traffic: None }
    }

    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn config(&self) -> Option<&str> {
        self.config.as_deref()
    }

    /// The inputs that made the present state (those after a rewind point excluded).
    pub fn log(&self) -> Vec<Entry> {
        self.present().into_iter().map(|d| d.entry).collect()
    }

    /// Every input of the timeline, those after a rewind point included (until the next input
    /// drops them): what the page marks on its scrubber.
    pub fn timeline_inputs(&self) -> Vec<Entry> {
        self.timeline.iter().map(|d| d.entry.clone()).collect()
    }

    /// The virtual time the timeline reaches: its last input's end (what the page's scrubber spans).
    pub fn timeline_end(&self) -> SimTime {
        self.timeline.last().map_or(0, |d| d.end).max(self.cluster.now())
    }

    /// The rewind point, if the session is not at the head of its timeline.
    pub fn position(&self) -> Option<SimTime> {
        self.position
    }

    /// Every ReplicaSet's counts over virtual time up to now (the rollout chart).
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Where the last `sim traffic` sent its requests, if a command sent any.
    pub fn last_traffic(&self) -> Option<&TrafficView> {
        self.traffic.as_ref()
    }

    /// Runs one command line (with the standard input a heredoc or the editor supplied).
    pub fn exec(&mut self, line: &str, stdin: Option<&str>) -> Output {
        self.commit();
        let at = self.cluster.now();
        let out = exec_sampled(&mut self.cluster, &mut self.history, &mut self.traffic, line, stdin);
        if out.exit_code == 0 && is_reset(line) {
            // `sim reset` starts a new default cluster: the timeline starts again with it.
            self.seed = self.cluster.seed();
            self.config = None;
            self.timeline.clear();
            self.history = History::default();
            self.history.sample(&self.cluster);
            self.traffic = None;
            return out;
        }
        let input = Input::Exec { line: line.to_string(), stdin: stdin.map(str::to_string) };
        self.push(Entry { at, input });
        out
    }

    /// Runs a command that only reads (the page's watch re-runs `kubectl get` after each step; its
    /// pod details run `sim why`) without recording it. Other commands are refused.
    pub fn peek(&mut self, line: &str) -> Output {
        let words = shell::split_words(line).unwrap_or_default();
        let verb = (words.first().map(String::as_str), words.get(1).map(String::as_str));
        let reads = match verb {
            (Some("kubectl" | "k"), Some("get")) => !words.iter().any(|w| w == "-w" || w.starts_with("--watch")),
            (Some("sim"), Some("why" | "time")) => true,
            _ => false,
        };
        if !reads {
            return Output {
                stderr: "kubeplay: only `kubectl get`, `sim why` and `sim time` run without being recorded\n".into(),
                exit_code: 1,
                ..Output::default()
            };
        }
        shell::exec(&mut self.cluster, line, None, &NoFiles)
    }

    /// The editor's Apply.
    pub fn apply(&mut self, yaml: &str) -> Output {
        self.commit();
        let at = self.cluster.now();
        let out = shell::apply_text(&mut self.cluster, yaml);
        self.history.sample(&self.cluster);
        self.push(Entry { at, input: Input::Apply { yaml: yaml.to_string() } });
        out
    }

    /// One step; false when nothing is waiting.
    pub fn step(&mut self) -> bool {
        self.commit();
        let at = self.cluster.now();
        let moved = self.cluster.step();
        self.history.sample(&self.cluster);
        self.push(Entry { at, input: Input::Step });
        moved
    }

    /// Moves virtual time on by `ms`. Consecutive advances are recorded as one (they are the same).
    pub fn run_for(&mut self, ms: SimTime) {
        self.commit();
        let ms = ms.min(MAX_ADVANCE_MS);
        let at = self.cluster.now();
        history::run_for(&mut self.cluster, &mut self.history, ms);
        let end = self.cluster.now();
        if let Some(Done { entry: Entry { input: Input::Run { ms: prev }, .. }, end: prev_end }) =
            self.timeline.last_mut()
        {
            if *prev_end == at {
                *prev = prev.saturating_add(ms);
                *prev_end = end;
                return;
            }
        }
        self.timeline.push(Done { entry: Entry { at, input: Input::Run { ms } }, end });
    }

    /// Runs until quiet or `timeout_ms`; returns whether it went quiet.
    pub fn settle(&mut self, timeout_ms: SimTime) -> bool {
        self.commit();
        let timeout_ms = timeout_ms.min(MAX_ADVANCE_MS);
        let at = self.cluster.now();
        let quiet = history::settle(&mut self.cluster, &mut self.history, timeout_ms);
        self.push(Entry { at, input: Input::Settle { timeout_ms } });
        quiet
    }

    /// The session as JSON: version, seed, config and the inputs of the present state.
    pub fn save(&self) -> String {
        let saved = Saved { version: FORMAT_VERSION, seed: self.seed, config: self.config.clone(), log: self.log() };
        value::to_json_string(&saved)
    }

    /// Rebuilds a saved session by replaying its inputs. A damaged or foreign state is refused.
    pub fn load(json: &str) -> Result<Session, LoadError> {
        let value: Value = crate::json::from_str(json).map_err(|e| LoadError::Corrupt(format!("not JSON: {e}")))?;
        match value.get("version") {
            Some(Value::Number(n)) if n.as_u64() == Some(FORMAT_VERSION) => {}
            Some(v) => return Err(LoadError::UnknownVersion(v.to_string())),
            None => return Err(LoadError::Corrupt("no format version".into())),
        }
        let saved = Saved::decode(value).map_err(LoadError::Corrupt)?;
        if saved.log.len() > MAX_INPUTS {
            return Err(LoadError::Corrupt(format!("{} inputs; at most {MAX_INPUTS} are replayed", saved.log.len())));
        }
        let mut session = match &saved.config {
            Some(text) => Session::with_config(saved.seed, text)
                .map_err(|e| LoadError::Corrupt(format!("cluster config: {e}")))?,
            None => Session::new(saved.seed),
        };
        for (i, entry) in saved.log.into_iter().enumerate() {
            let now = session.cluster.now();
            if entry.at < now {
                return Err(LoadError::Corrupt(format!(
                    "input {} is stamped {}ms, before the cluster's time {now}ms",
                    i + 1,
                    entry.at
                )));
            }
            if entry.at - now > MAX_ADVANCE_MS {
                return Err(LoadError::Corrupt(format!("input {} asks to wait more than a year", i + 1)));
            }
            if entry.at > now {
                // A hand-written session (an embed) may stamp inputs later than the previous one
                // ended: virtual time runs until then.
                session.run_for(entry.at - now);
            }
            if let Input::Run { ms } | Input::Settle { timeout_ms: ms } = entry.input {
                if ms > MAX_ADVANCE_MS {
                    return Err(LoadError::Corrupt(format!("input {} asks to wait more than a year", i + 1)));
                }
            }
            match &entry.input {
                Input::Exec { line, stdin } => {
                    session.exec(line, stdin.as_deref());
                }
                Input::Apply { yaml } => {
                    session.apply(yaml);
                }
                Input::Step => {
                    session.step();
                }
                Input::Run { ms } => session.run_for(*ms),
                Input::Settle { timeout_ms } => {
                    session.settle(*timeout_ms);
                }
            }
        }
        Ok(session)
    }

    /// Shows the cluster as it was at virtual time `t` (clamped to the timeline): replays the
    /// inputs issued up to `t` on a fresh cluster with the same seed. The later inputs stay on the
    /// timeline until the next input, which drops them.
    pub fn rewind_to(&mut self, t: SimTime) {
        let t = t.min(self.timeline_end());
        let mut cluster = match &self.config {
            Some(text) => match Cluster::with_config(self.seed, text) {
                Ok(c) => c,
                // The config was accepted when the session began.
                Err(_) => Cluster::new(self.seed),
            },
            None => Cluster::new(self.seed),
        };
        let mut history = History::default();
        history.sample(&cluster);
        let mut traffic = None;
        for done in &self.timeline {
            if done.entry.at > t {
                break;
            }
            if done.end <= t {
                replay(&mut cluster, &mut history, &mut traffic, &done.entry.input);
            } else {
                // The input was still moving time at t: only its first part happened.
                let now = cluster.now();
                history::run_for(&mut cluster, &mut history, t.saturating_sub(now));
                break;
            }
        }
        if cluster.now() < t {
            let now = cluster.now();
            history::run_for(&mut cluster, &mut history, t - now);
        }
        self.cluster = cluster;
        self.history = history;
        self.traffic = traffic;
        let head = self.timeline.last().map_or(0, |d| d.end);
        self.position = if t >= head { None } else { Some(t) };
    }

    /// The inputs of the present state: the whole timeline at its head; after a rewind to t, those
    /// issued up to t, the one that was moving time at t cut short.
    fn present(&self) -> Vec<Done> {
        let Some(t) = self.position else {
            return self.timeline.clone();
        };
        let mut out = Vec::new();
        for done in &self.timeline {
            if done.entry.at > t {
                break;
            }
            if done.end <= t {
                out.push(done.clone());
            } else {
                out.push(Done {
                    entry: Entry { at: done.entry.at, input: Input::Run { ms: t - done.entry.at } },
                    end: t,
                });
                break;
            }
        }
        // A rewind between inputs leaves time moved on past the last one.
        let at = out.last().map_or(0, |d| d.end);
        if t > at {
            out.push(Done { entry: Entry { at, input: Input::Run { ms: t - at } }, end: t });
        }
        out
    }

    /// Acting after a rewind: the inputs after the rewind point are dropped.
    fn commit(&mut self) {
        if self.position.is_some() {
            self.timeline = self.present();
            self.position = None;
        }
    }

    fn push(&mut self, entry: Entry) {
        let end = self.cluster.now();
        self.timeline.push(Done { entry, end });
    }
}

/// Runs a command line, sampling the counts after it and noting where a `sim traffic` in it sent
/// its requests.
fn exec_sampled(
    cluster: &mut Cluster,
    history: &mut History,
    traffic: &mut Option<TrafficView>,
    line: &str,
    stdin: Option<&str>,
) -> Output {
    let at = cluster.now();
    let before = is_traffic(line).then(|| history::traffic_totals(cluster));
    let out = shell::exec(cluster, line, stdin, &NoFiles);
    history.sample(cluster);
    if let Some(run) = before.and_then(|b| history::traffic_run(&b, cluster, at)) {
        *traffic = Some(run);
    }
    out
}

/// Runs an input on a cluster without recording it (sampling as a recorded one does).
fn replay(cluster: &mut Cluster, history: &mut History, traffic: &mut Option<TrafficView>, input: &Input) {
    match input {
        Input::Exec { line, stdin } => {
            exec_sampled(cluster, history, traffic, line, stdin.as_deref());
        }
        Input::Apply { yaml } => {
            shell::apply_text(cluster, yaml);
            history.sample(cluster);
        }
        Input::Step => {
            cluster.step();
            history.sample(cluster);
        }
        Input::Run { ms } => history::run_for(cluster, history, *ms),
        Input::Settle { timeout_ms } => {
            history::settle(cluster, history, *timeout_ms);
        }
    }
}

/// `sim traffic ...`.
fn is_traffic(line: &str) -> bool {
    let words = shell::split_words(line).unwrap_or_default();
    words.first().map(String::as_str) == Some("sim") && words.get(1).map(String::as_str) == Some("traffic")
}

/// `sim reset ...`.
fn is_reset(line: &str) -> bool {
    let words = shell::split_words(line).unwrap_or_default();
    words.first().map(String::as_str) == Some("sim") && words.get(1).map(String::as_str) == Some("reset")
}

#[cfg(test)]
mod tests {
    use super::*;

    const POD: &str =
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: c\n    image: nginx\n";

    fn pods(s: &mut Session) -> String {
        s.peek("kubectl get pods -o wide").stdout
    }

    fn everything(s: &mut Session) -> String {
        let mut text = s.peek("kubectl get pods,nodes -o yaml").stdout;
        text.push_str(&s.peek("kubectl get events").stdout);
        text.push_str(&format!("now={}", s.cluster().now()));
        text
    }

    #[test]
    fn a_saved_session_loads_into_the_same_cluster() {
        let mut s = Session::new(7);
        s.apply(POD);
        s.run_for(2_000);
        s.exec("kubectl apply -f -", Some(&POD.replace("web", "api")));
        s.step();
        s.settle(DEFAULT_SETTLE_MS);
        s.exec("sim node fail worker-1", None);
        s.run_for(60_000);
        let saved = s.save();
        let mut again = Session::load(&saved).unwrap();
        assert_eq!(everything(&mut again), everything(&mut s));
        assert_eq!(again.save(), saved);
    }

    #[test]
    fn consecutive_time_advances_are_one_input_and_replay_the_same() {
        let mut chunked = Session::new(3);
        chunked.apply(POD);
        for _ in 0..50 {
            chunked.run_for(97);
        }
        let mut once = Session::new(3);
        once.apply(POD);
        once.run_for(4_850);
        assert_eq!(chunked.log(), once.log());
        assert_eq!(everything(&mut chunked), everything(&mut once));
    }

    #[test]
    fn damaged_or_foreign_states_are_refused_with_a_message() {
        let cases: &[(&str, &str)] = &[
            ("not json", "the saved session is damaged (not JSON: expected ident at line 1 column 2)"),
            ("{}", "the saved session is damaged (no format version)"),
            (
                r#"{"version":2,"seed":1,"log":[]}"#,
                "the saved session has format version 2; this kubeplay reads version 1",
            ),
            (
                r#"{"version":"1","seed":1,"log":[]}"#,
                "the saved session has format version \"1\"; this kubeplay reads version 1",
            ),
            (
                r#"{"version":1,"seed":1,"log":[{"at":0,"op":"fly"}]}"#,
                "the saved session is damaged (unknown variant `fly`, expected one of `exec`, `apply`, `step`, `run`, `settle`)",
            ),
            (
                r#"{"version":1,"seed":1,"log":[{"at":5000,"op":"step"},{"at":10,"op":"step"}]}"#,
                "the saved session is damaged (input 2 is stamped 10ms, before the cluster's time 5000ms)",
            ),
            (
                r#"{"version":1,"seed":1,"log":[{"at":0,"op":"run","ms":999999999999}]}"#,
                "the saved session is damaged (input 1 asks to wait more than a year)",
            ),
            (
                r#"{"version":1,"seed":1,"config":"kind: Nope","log":[]}"#,
                "the saved session is damaged (cluster config: a cluster config needs kind: Cluster)",
            ),
        ];
        for (json, message) in cases {
            let err = Session::load(json).map(|_| ()).unwrap_err();
            assert_eq!(err.to_string(), *message, "{json}");
        }
    }

    #[test]
    fn inputs_stamped_later_than_the_cluster_wait_for_their_time() {
        let json = format!(
            r#"{{"version":1,"seed":1,"log":[{{"at":0,"op":"apply","yaml":{}}},{{"at":30000,"op":"exec","line":"sim time"}}]}}"#,
            crate::json::to_string(POD).unwrap()
        );
        let s = Session::load(&json).unwrap();
        assert_eq!(s.cluster().now(), 30_000);
        assert_eq!(
            s.log().iter().map(|e| (e.at, matches!(e.input, Input::Run { .. }))).collect::<Vec<_>>(),
            vec![(0, false), (0, true), (30_000, false)]
        );
    }

    #[test]
    fn rewinding_shows_the_earlier_cluster_and_forward_again_the_later_one() {
        let mut s = Session::new(11);
        s.apply(POD);
        s.run_for(10_000);
        s.exec("kubectl apply -f -", Some(&POD.replace("web", "late")));
        s.run_for(10_000);
        let at_20s = everything(&mut s);
        let head_log = s.log();
        let mut at_9s = Session::new(11);
        at_9s.apply(POD);
        at_9s.run_for(9_000);

        s.rewind_to(9_000);
        assert_eq!(everything(&mut s), everything(&mut at_9s));
        assert_eq!(s.position(), Some(9_000));
        assert_eq!(s.log(), at_9s.log());
        assert_eq!(s.timeline_inputs(), head_log);
        // Inputs issued at the moment rewound to are part of it.
        s.rewind_to(10_000);
        assert!(pods(&mut s).contains("late"));
        s.rewind_to(20_000);
        assert_eq!(everything(&mut s), at_20s);
        assert_eq!(s.position(), None);
        assert_eq!(s.log(), head_log);
    }

    #[test]
    fn rewinding_into_the_middle_of_an_advance_cuts_it_there() {
        let mut s = Session::new(5);
        s.apply(POD);
        s.run_for(10_000);
        let mut direct = Session::new(5);
        direct.apply(POD);
        direct.run_for(4_000);

        s.rewind_to(4_000);
        assert_eq!(everything(&mut s), everything(&mut direct));
        assert_eq!(s.log(), direct.log());
        assert_eq!(s.timeline_end(), 10_000);
    }

    #[test]
    fn acting_after_a_rewind_drops_the_later_inputs() {
        let mut s = Session::new(5);
        s.apply(POD);
        s.run_for(5_000);
        s.exec("kubectl delete pod web", None);
        s.run_for(5_000);
        s.rewind_to(5_000);
        assert!(pods(&mut s).contains("web"));
        s.exec("kubectl apply -f -", Some(&POD.replace("web", "other")));
        assert_eq!(s.timeline_end(), 5_000);
        let mut loaded = Session::load(&s.save()).unwrap();
        let listed = pods(&mut loaded);
        assert!(listed.contains("web") && listed.contains("other"), "{listed}");
    }

    #[test]
    fn a_reset_starts_the_timeline_again() {
        let mut s = Session::new(5);
        s.apply(POD);
        s.run_for(5_000);
        let out = s.exec("sim reset --seed 9", None);
        assert_eq!(out.exit_code, 0);
        assert_eq!((s.seed(), s.log()), (9, Vec::new()));
        assert_eq!(s.save(), r#"{"version":1,"seed":9,"log":[]}"#);
    }

    #[test]
    fn every_input_saves_in_the_format_serde_wrote_and_loads_back() {
        let config = "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n";
        let mut s = Session::with_config(4, config).unwrap();
        s.exec("kubectl get pods", None);
        s.exec("kubectl apply -f -", Some("a: \"b\"\n\t\u{1}"));
        s.apply("kind: Pod");
        s.step();
        s.run_for(250);
        s.settle(1_000);
        let saved = s.save();
        let want = concat!(
            r#"{"version":1,"seed":4,"config":"kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n","log":["#,
            r#"{"at":0,"op":"exec","line":"kubectl get pods"},"#,
            r#"{"at":0,"op":"exec","line":"kubectl apply -f -","stdin":"a: \"b\"\n\t\u0001"},"#,
            r#"{"at":0,"op":"apply","yaml":"kind: Pod"},"#,
        );
        assert!(saved.starts_with(want), "{saved}");
        assert!(saved.contains(r#"{"at":"#) && saved.contains(r#","op":"step"}"#), "{saved}");
        assert!(
            saved.contains(r#","op":"run","ms":"#) && saved.contains(r#","op":"settle","timeoutMs":1000}"#),
            "{saved}"
        );
        assert!(saved.ends_with("}]}"), "{saved}");
        let loaded = Session::load(&saved).unwrap();
        assert_eq!(loaded.log(), s.log());
        assert_eq!(loaded.save(), saved);
    }

    #[test]
    fn peek_runs_gets_only_and_records_nothing() {
        let mut s = Session::new(1);
        assert_eq!(s.peek("kubectl get pods").exit_code, 0);
        let refused = s.peek("kubectl delete pod x");
        assert_eq!(
            refused.stderr,
            "kubeplay: only `kubectl get`, `sim why` and `sim time` run without being recorded\n"
        );
        assert_eq!(s.peek("sim why node/worker-1").exit_code, 0);
        assert!(s.log().is_empty());
    }

    const DEPLOY: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 4\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.25\n        ports:\n        - containerPort: 80\n";

    /// A Deployment rolled out, then rolled to a new image, played in frames as the page plays.
    fn rolled(seed: u64) -> Session {
        let mut s = Session::new(seed);
        s.apply(DEPLOY);
        s.settle(DEFAULT_SETTLE_MS);
        s.exec("kubectl set image deployment/web c=nginx:1.26", None);
        for _ in 0..600 {
            s.run_for(100);
        }
        s
    }

    #[test]
    fn the_counts_history_follows_a_rolling_update_and_is_rebuilt_by_loading() {
        let s = rolled(3);
        let series = s.history().series().to_vec();
        assert_eq!(series.len(), 2, "{series:?}");
        let (old, new) = if series[0].points[0][0] == 0 { (&series[0], &series[1]) } else { (&series[1], &series[0]) };
        let last = |x: &Series| x.points.last().map(|p| p[1..].to_vec()).unwrap();
        assert_eq!((last(old), last(new)), (vec![0, 0, 0], vec![4, 4, 4]));
        // The old ReplicaSet went down and the new one up in several steps, not in one jump.
        assert!(old.points.len() > 3 && new.points.len() > 3, "{series:?}");
        assert!(old.points.windows(2).all(|w| w[0][0] < w[1][0]));
        let loaded = Session::load(&s.save()).unwrap();
        assert_eq!(loaded.history().series(), series);
    }

    #[test]
    fn rewinding_rebuilds_the_history_up_to_that_moment() {
        let mut s = rolled(3);
        let full = s.history().series().to_vec();
        s.rewind_to(2_000);
        let cut = s.history().series().to_vec();
        assert!(cut.iter().all(|x| x.points.iter().all(|p| p[0] <= 2_000)));
        let expected: Vec<Series> = full
            .iter()
            .map(|x| Series { points: x.points.iter().copied().filter(|p| p[0] <= 2_000).collect(), ..x.clone() })
            .filter(|x| !x.points.is_empty())
            .collect();
        assert_eq!(cut, expected);
    }

    #[test]
    fn settling_and_running_in_a_session_are_the_clusters_own() {
        let mut s = Session::new(9);
        let mut c = Cluster::new(9);
        s.apply(DEPLOY);
        shell::apply_text(&mut c, DEPLOY);
        assert_eq!(s.settle(DEFAULT_SETTLE_MS), c.settle(DEFAULT_SETTLE_MS));
        s.exec("kubectl set image deployment/web c=nginx:1.26", None);
        shell::exec(&mut c, "kubectl set image deployment/web c=nginx:1.26", None, &NoFiles);
        s.run_for(7_300);
        c.run_for(7_300);
        assert_eq!(s.settle(2_000), c.settle(2_000));
        let mut direct = |line: &str| shell::exec(&mut c, line, None, &NoFiles).stdout;
        let expected = format!("{}{}", direct("kubectl get pods,rs -o yaml"), direct("kubectl get events"));
        let got = format!("{}{}", s.peek("kubectl get pods,rs -o yaml").stdout, s.peek("kubectl get events").stdout);
        assert_eq!(got, expected);
        assert_eq!(s.cluster().now(), c.now());
    }

    #[test]
    fn the_last_traffic_run_counts_only_its_own_requests_and_survives_a_reload() {
        let mut s = Session::new(2);
        s.apply(DEPLOY);
        s.exec("kubectl expose deployment web --port=80", None);
        s.settle(DEFAULT_SETTLE_MS);
        assert_eq!(s.last_traffic(), None);
        s.exec("sim traffic web --rps 100 --for 2s", None);
        let first = s.last_traffic().cloned().unwrap();
        assert_eq!((first.service.as_str(), first.sent, first.pods.len()), ("web", 200, 4));
        s.exec("kubectl get pods", None);
        assert_eq!(s.last_traffic(), Some(&first));
        s.exec("sim traffic svc/web --rps 10", None);
        let second = s.last_traffic().cloned().unwrap();
        assert_eq!(second.sent, 10);
        assert_eq!(second.pods.iter().map(|p| p.requests).sum::<u64>(), 10);
        assert!(second
            .pods
            .iter()
            .all(|p| p.owner.starts_with("replicaset/web-") && p.revision.as_deref() == Some("1")));
        let loaded = Session::load(&s.save()).unwrap();
        assert_eq!(loaded.last_traffic(), Some(&second));
    }

    #[test]
    fn a_config_is_saved_and_rebuilt() {
        let config =
            "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n- role: control-plane\n- role: worker\n";
        let mut s = Session::with_config(2, config).unwrap();
        s.apply(POD);
        s.settle(DEFAULT_SETTLE_MS);
        let mut again = Session::load(&s.save()).unwrap();
        assert!(pods(&mut again).contains("kind-worker"));
        assert_eq!(everything(&mut again), everything(&mut s));
    }
}
