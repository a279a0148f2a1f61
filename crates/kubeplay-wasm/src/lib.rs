//! The page's binding to kubeplay-core: one `Cluster` class wrapping a core `Session` (the cluster
//! plus the log of inputs that made it). Conversion only, no logic.
//!
//! User errors come back as data (`{stdout, stderr, exitCode, diagnostics}`); only programmer
//! errors (wrong argument types, unknown options) and states that cannot be used (a damaged saved
//! session, a cluster config that does not parse) throw, with the message to show.
//!
//! Values cross as JSON text (kubeplay-core's JSON module on this side, the browser's `JSON` on the other): one
//! serialiser for every type keeps the module small, and `JSON.parse` builds the page's objects
//! faster than setting their properties one by one from wasm.

use wasm_bindgen::prelude::*;

use kubeplay_core::api::value::{json_key, to_json_string, Decode, ToJson};
use kubeplay_core::session::{Input, Session, DEFAULT_SETTLE_MS};
use kubeplay_core::view;

/// Options the page passes to `new Cluster(options)`.
#[derive(Debug, Default)]
struct Options {
    seed: Option<f64>,
    /// A kind cluster config (`kind: Cluster`, `apiVersion: kind.x-k8s.io/v1alpha4`).
    config: Option<String>,
}

/// One long-lived simulated cluster and its history.
#[wasm_bindgen]
pub struct Cluster {
    inner: Session,
}

/// One input of the timeline, for the page's scrubber.
struct TimelineInput {
    at: u64,
    op: &'static str,
    /// The command line, or the first object the applied text names.
    text: String,
}

struct Timeline {
    /// Virtual time now.
    now: u64,
    /// Where the timeline ends (later than `now` after a rewind).
    end: u64,
    /// True after a rewind, until the next input drops the later ones.
    rewound: bool,
    inputs: Vec<TimelineInput>,
}

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse(text)`.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &str) -> Result<JsValue, JsValue>;
    /// `JSON.stringify(value)`: a string, or undefined for values JSON has no text for.
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    fn json_stringify(value: &JsValue) -> Result<JsValue, JsValue>;
}

impl Decode for Options {
    /// As serde decoded it with `deny_unknown_fields`.
    fn decode(v: kubeplay_core::json::Value) -> Result<Options, String> {
        let kubeplay_core::json::Value::Object(m) = v else {
            return Err(kubeplay_core::api::value::invalid_type(&v, "struct Options"));
        };
        let mut options = Options::default();
        for (k, v) in m {
            match k.as_str() {
                "seed" => options.seed = Decode::decode(v)?,
                "config" => options.config = Decode::decode(v)?,
                _ => return Err(format!("unknown field `{k}`, expected `seed` or `config`")),
            }
        }
        Ok(options)
    }
}

impl ToJson for TimelineInput {
    fn write_json(&self, out: &mut String) {
        out.push_str("{\"at\":");
        self.at.write_json(out);
        json_key(out, "\"op\":");
        self.op.write_json(out);
        json_key(out, "\"text\":");
        self.text.write_json(out);
        out.push('}');
    }
}

impl ToJson for Timeline {
    fn write_json(&self, out: &mut String) {
        out.push_str("{\"now\":");
        self.now.write_json(out);
        json_key(out, "\"end\":");
        self.end.write_json(out);
        json_key(out, "\"rewound\":");
        self.rewound.write_json(out);
        json_key(out, "\"inputs\":");
        self.inputs.write_json(out);
        out.push('}');
    }
}

fn to_js<T: ToJson + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    let text = to_json_string(value);
    json_parse(&text).map_err(|_| JsError::new("JSON.parse refused the core's output"))
}

/// A JS number that must be a non-negative integer (milliseconds, seeds).
fn whole(what: &str, v: f64) -> Result<u64, JsError> {
    if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= 9_007_199_254_740_991.0 {
        Ok(v as u64)
    } else {
        Err(JsError::new(&format!("{what} must be a non-negative integer, got {v}")))
    }
}

/// A short label for an applied text: its first `kind:` and `name:`.
fn describe_yaml(yaml: &str) -> String {
    let field = |key: &str| {
        yaml.lines().find_map(|l| l.trim().strip_prefix(key).map(|v| v.trim().trim_matches('"').to_string()))
    };
    match (field("kind:"), field("name:")) {
        (Some(k), Some(n)) => format!("apply {k}/{n}"),
        (Some(k), None) => format!("apply {k}"),
        _ => "apply".to_string(),
    }
}

#[wasm_bindgen]
impl Cluster {
    /// `new Cluster({seed, config})`; every option may be left out. A config that does not parse
    /// throws its message.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Cluster, JsError> {
        let options: Options = if options.is_undefined() || options.is_null() {
            Options::default()
        } else {
            // Through JSON so that unknown option names are refused, not ignored.
            let text = json_stringify(&options)
                .ok()
                .and_then(|t| t.as_string())
                .ok_or_else(|| JsError::new("Cluster options: not a JSON value"))?;
            kubeplay_core::json::from_str(&text)
                .map_err(|e| e.to_string())
                .and_then(Options::decode)
                .map_err(|e| JsError::new(&format!("Cluster options: {e}")))?
        };
        let seed = match options.seed {
            None => 1,
            Some(s) => whole("Cluster options: seed", s)?,
        };
        let inner = match options.config.as_deref().filter(|c| !c.trim().is_empty()) {
            Some(text) => Session::with_config(seed, text).map_err(|e| JsError::new(&e.to_string()))?,
            None => Session::new(seed),
        };
        Ok(Cluster { inner })
    }

    /// `kubectl apply -f -` of the editor's text.
    pub fn apply(&mut self, yaml: &str) -> Result<JsValue, JsError> {
        to_js(&self.inner.apply(yaml))
    }

    /// Runs one command line of the command language; `stdin` is what a heredoc supplied.
    pub fn exec(&mut self, line: &str, stdin: Option<String>) -> Result<JsValue, JsError> {
        to_js(&self.inner.exec(line, stdin.as_deref()))
    }

    /// Runs a `kubectl get` without recording it (the page's watch).
    pub fn peek(&mut self, line: &str) -> Result<JsValue, JsError> {
        to_js(&self.inner.peek(line))
    }

    /// Processes the next batch of events; false when nothing waits.
    pub fn step(&mut self) -> bool {
        self.inner.step()
    }

    /// Advances virtual time by `ms`.
    #[wasm_bindgen(js_name = runFor)]
    pub fn run_for(&mut self, ms: f64) -> Result<(), JsError> {
        self.inner.run_for(whole("runFor: ms", ms)?);
        Ok(())
    }

    /// Runs until the cluster is quiet (or `timeoutMs`, 10 minutes by default); true when quiet.
    pub fn settle(&mut self, timeout_ms: Option<f64>) -> Result<bool, JsError> {
        let timeout = match timeout_ms {
            Some(t) => whole("settle: timeoutMs", t)?,
            None => DEFAULT_SETTLE_MS,
        };
        Ok(self.inner.settle(timeout))
    }

    /// Virtual time in milliseconds.
    pub fn now(&self) -> f64 {
        self.inner.cluster().now() as f64
    }

    /// Plain data for the page to render (nodes with their pods, workloads, rollouts, events, time).
    pub fn snapshot(&self) -> Result<JsValue, JsError> {
        to_js(&view::cluster_view(self.inner.cluster()))
    }

    /// Every ReplicaSet's counts over virtual time, `[{namespace, name, points: [[t, desired,
    /// current, available], ...]}]`: the rollout chart, rebuilt when a session is loaded.
    pub fn history(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.history().series())
    }

    /// Where the last `sim traffic` sent its requests (`{namespace, service, at, sent,
    /// noEndpoints, pods: [{pod, owner, revision, requests, refused}]}`), or null.
    pub fn traffic(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.last_traffic())
    }

    /// The session as JSON (format version, seed, config, inputs), for persistence and sharing.
    pub fn save(&self) -> String {
        self.inner.save()
    }

    /// Rebuilds a saved session by replaying it; a damaged or foreign state throws its message.
    pub fn load(state: &str) -> Result<Cluster, JsError> {
        Session::load(state).map(|inner| Cluster { inner }).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Shows the cluster as it was at virtual time `ms` (time travel); the next input drops the
    /// inputs after it.
    pub fn rewind(&mut self, ms: f64) -> Result<(), JsError> {
        self.inner.rewind_to(whole("rewind: ms", ms)?);
        Ok(())
    }

    /// The inputs and the time span of the session, for the timeline (after a rewind, the inputs
    /// after the rewind point too: they stay until the next input drops them).
    pub fn timeline(&self) -> Result<JsValue, JsError> {
        let inputs = self
            .inner
            .timeline_inputs()
            .into_iter()
            .filter_map(|e| {
                let (op, text) = match e.input {
                    Input::Exec { line, .. } => ("exec", line),
                    Input::Apply { yaml } => ("apply", describe_yaml(&yaml)),
                    Input::Step => ("step", String::new()),
                    Input::Settle { .. } => ("settle", String::new()),
                    Input::Run { .. } => return None,
                };
                Some(TimelineInput { at: e.at, op, text })
            })
            .collect();
        to_js(&Timeline {
            now: self.inner.cluster().now(),
            end: self.inner.timeline_end(),
            rewound: self.inner.position().is_some(),
            inputs,
        })
    }

    /// The seed the cluster's random choices come from.
    pub fn seed(&self) -> f64 {
        self.inner.seed() as f64
    }

    /// The kubeplay version.
    pub fn version() -> String {
        kubeplay_core::VERSION.to_string()
    }
}
