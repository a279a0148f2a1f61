//! The binding tested where it runs: in headless Chromium (`wasm-pack test --headless --chrome`).

#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use js_sys_free::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use kubeplay_wasm::Cluster;

wasm_bindgen_test_configure!(run_in_browser);

mod js_sys_free {
    use wasm_bindgen::JsValue;

    /// Reads `obj[key]` without js-sys.
    pub fn get(obj: &JsValue, key: &str) -> JsValue {
        js_get(obj, key)
    }

    /// `JSON.parse(text)`.
    pub fn json(text: &str) -> JsValue {
        js_json(text)
    }

    #[wasm_bindgen::prelude::wasm_bindgen(
        inline_js = "export function js_get(o, k) { return o[k]; } export function js_json(s) { return JSON.parse(s); }"
    )]
    extern "C" {
        fn js_get(o: &JsValue, k: &str) -> JsValue;
        fn js_json(s: &str) -> JsValue;
    }
}

const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.25\n";

#[wasm_bindgen_test]
fn apply_reports_created_and_the_snapshot_lists_the_object() {
    let mut c = Cluster::new(JsValue::UNDEFINED).unwrap();
    let out = c.apply(DEPLOYMENT).unwrap();
    assert_eq!(get(&out, "stdout").as_string().unwrap(), "deployment.apps/web created\n");
    assert_eq!(get(&out, "exitCode").as_f64().unwrap(), 0.0);
    let snap = c.snapshot().unwrap();
    let objects = get(&snap, "objects");
    let found = (0..64).map(|i| get(&objects, &i.to_string())).any(|o| {
        !o.is_undefined()
            && get(&o, "kind").as_string().as_deref() == Some("Deployment")
            && get(&o, "name").as_string().as_deref() == Some("web")
    });
    assert!(found, "the snapshot lists deployment web");
}

#[wasm_bindgen_test]
fn a_syntax_error_comes_back_as_data_with_its_position_and_the_instance_keeps_working() {
    let mut c = Cluster::new(JsValue::UNDEFINED).unwrap();
    let out = c.apply("kind: Pod\nmetadata:\n  labels:\n    app:web\n    tier: x\n").unwrap();
    assert_eq!(get(&out, "exitCode").as_f64().unwrap(), 1.0);
    let diag = get(&get(&out, "diagnostics"), "0");
    assert_eq!(get(&diag, "line").as_f64().unwrap(), 5.0);
    assert!(get(&diag, "message").as_string().unwrap().contains("mapping values are not allowed"));
    let again = c.apply(DEPLOYMENT).unwrap();
    assert_eq!(get(&again, "exitCode").as_f64().unwrap(), 0.0);
}

#[wasm_bindgen_test]
fn a_bad_seed_is_a_programmer_error_that_throws() {
    assert!(Cluster::new(json(r#"{"seed": -1.5}"#)).is_err());
    assert!(Cluster::new(json(r#"{"sede": 1}"#)).is_err());
    assert!(Cluster::new(json(r#"{"seed": 7}"#)).is_ok());
}

#[wasm_bindgen_test]
fn a_long_mixed_scenario_prints_the_same_transcript_in_wasm_as_natively() {
    // The expected transcript was produced natively (tests/scenarios/engine/mixed.out).
    let script = include_str!("../../../tests/scenarios/engine/mixed.kp");
    let expected = include_str!("../../../tests/scenarios/engine/mixed.out");
    let mut c = kubeplay_core::Cluster::new(1);
    let got = kubeplay_core::shell::run_script(&mut c, script, &kubeplay_core::shell::NoFiles);
    assert_eq!(got, expected);
}
