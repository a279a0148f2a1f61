//! The page's binding to kubeplay-core: one `Cluster` class. Conversion only, no logic.
//!
//! User errors come back as data (`{stdout, stderr, exitCode, diagnostics}`); only programmer
//! errors (wrong argument types) throw.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use kubeplay_core::api::Kind;
use kubeplay_core::shell::{self, NoFiles};

/// Options the page passes to `new Cluster(options)`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    seed: Option<f64>,
}

/// One long-lived simulated cluster.
#[wasm_bindgen]
pub struct Cluster {
    inner: kubeplay_core::Cluster,
}

#[derive(Serialize)]
struct ObjectRow<'a> {
    kind: &'a str,
    namespace: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct Snapshot<'a> {
    objects: Vec<ObjectRow<'a>>,
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value.serialize(&serializer).map_err(|e| JsError::new(&e.to_string()))
}

#[wasm_bindgen]
impl Cluster {
    /// `new Cluster({seed})`; every option may be left out.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Cluster, JsError> {
        let options: Options = if options.is_undefined() || options.is_null() {
            Options::default()
        } else {
            // Through JSON so that unknown option names are refused, not ignored.
            let json: serde_json::Value =
                serde_wasm_bindgen::from_value(options).map_err(|e| JsError::new(&format!("Cluster options: {e}")))?;
            serde_json::from_value(json).map_err(|e| JsError::new(&format!("Cluster options: {e}")))?
        };
        let seed = match options.seed {
            None => 1,
            Some(s) if s.is_finite() && s >= 0.0 && s.fract() == 0.0 && s <= 9_007_199_254_740_991.0 => s as u64,
            Some(s) => {
                return Err(JsError::new(&format!("Cluster options: seed must be a non-negative integer, got {s}")))
            }
        };
        Ok(Cluster { inner: kubeplay_core::Cluster::new(seed) })
    }

    /// `kubectl apply -f -` of the editor's text.
    pub fn apply(&mut self, yaml: &str) -> Result<JsValue, JsError> {
        to_js(&shell::apply_text(&mut self.inner, yaml))
    }

    /// Runs one command line of the command language.
    pub fn exec(&mut self, line: &str) -> Result<JsValue, JsError> {
        to_js(&shell::exec(&mut self.inner, line, None, &NoFiles))
    }

    /// Plain data for the page to render.
    pub fn snapshot(&self) -> Result<JsValue, JsError> {
        let store = self.inner.store();
        let objects = Kind::ALL
            .into_iter()
            .filter(|k| !matches!(k, Kind::Namespace | Kind::Event))
            .flat_map(|k| store.list(k))
            .map(|o| ObjectRow { kind: o.kind().name(), namespace: o.namespace(), name: o.name() })
            .collect();
        to_js(&Snapshot { objects })
    }

    /// The kubeplay version.
    pub fn version() -> String {
        kubeplay_core::VERSION.to_string()
    }
}
