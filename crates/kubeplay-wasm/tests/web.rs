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

const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: c\n        image: nginx\n";

#[wasm_bindgen_test]
fn apply_reports_created_and_the_snapshot_lists_the_object() {
    let mut c = Cluster::new(JsValue::UNDEFINED).unwrap();
    let out = c.apply(DEPLOYMENT).unwrap();
    assert_eq!(get(&out, "stdout").as_string().unwrap(), "deployment.apps/web created\n");
    assert_eq!(get(&out, "exitCode").as_f64().unwrap(), 0.0);
    let snap = c.snapshot().unwrap();
    let objects = get(&snap, "objects");
    let listed: Vec<(String, String)> = (0..40)
        .map(|i| get(&objects, &i.to_string()))
        .take_while(|o| !o.is_undefined())
        .map(|o| (get(&o, "kind").as_string().unwrap(), get(&o, "name").as_string().unwrap()))
        .collect();
    assert!(listed.contains(&("Deployment".to_string(), "web".to_string())), "{listed:?}");
    let table = get(&get(&snap, "tables"), "0");
    assert_eq!(get(&table, "kind").as_string().unwrap(), "Deployment");
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

const POD: &str =
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: c\n    image: nginx\n";

fn pod_names(c: &Cluster) -> Vec<String> {
    let snap = c.snapshot().unwrap();
    let nodes = get(&snap, "nodes");
    let mut names = Vec::new();
    for i in 0..4 {
        let pods = get(&get(&nodes, &i.to_string()), "pods");
        for j in 0..10 {
            let p = get(&pods, &j.to_string());
            if p.is_undefined() {
                break;
            }
            names.push(get(&p, "name").as_string().unwrap());
        }
    }
    names
}

#[wasm_bindgen_test]
fn a_saved_session_loads_into_the_same_cluster_and_a_damaged_one_throws() {
    let mut c = Cluster::new(json(r#"{"seed": 4}"#)).unwrap();
    c.apply(POD).unwrap();
    c.run_for(30_000.0).unwrap();
    let out = c.exec("kubectl get pods", None).unwrap();
    assert!(get(&out, "stdout").as_string().unwrap().contains("Running"));
    let saved = c.save();
    let again = Cluster::load(&saved).unwrap();
    assert_eq!(again.now(), 30_000.0);
    assert_eq!(pod_names(&again), vec!["web".to_string()]);
    assert_eq!(again.save(), saved);
    assert!(Cluster::load("{\"version\": 99}").is_err());
    assert!(Cluster::load("garbage").is_err());
}

#[wasm_bindgen_test]
fn rewinding_shows_the_earlier_pods() {
    let mut c = Cluster::new(JsValue::UNDEFINED).unwrap();
    c.run_for(1_000.0).unwrap();
    c.apply(POD).unwrap();
    c.run_for(5_000.0).unwrap();
    c.rewind(500.0).unwrap();
    assert!(pod_names(&c).is_empty());
    let tl = c.timeline().unwrap();
    assert_eq!(get(&tl, "end").as_f64().unwrap(), 6_000.0);
    assert!(get(&tl, "rewound").as_bool().unwrap());
    c.rewind(6_000.0).unwrap();
    assert_eq!(pod_names(&c), vec!["web".to_string()]);
}

#[wasm_bindgen_test]
fn a_cluster_config_names_the_nodes_and_a_bad_one_throws() {
    let c = Cluster::new(json(
        r#"{"config": "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n- role: control-plane\n- role: worker\n"}"#,
    ))
    .unwrap();
    let snap = c.snapshot().unwrap();
    let first = get(&get(&snap, "nodes"), "1");
    assert_eq!(get(&first, "name").as_string().unwrap(), "kind-worker");
    assert!(Cluster::new(json(r#"{"config": "kind: Nope"}"#)).is_err());
}

#[wasm_bindgen_test]
fn the_heap_grows_in_large_steps_not_a_page_at_a_time() {
    let mut c = Cluster::new(JsValue::UNDEFINED).unwrap();
    for i in 4..=20 {
        c.exec(&format!("sim node add worker-{i}"), None).unwrap();
    }
    let pages = || core::arch::wasm32::memory_size(0);
    let start = pages();
    let mut sizes = std::collections::BTreeSet::new();
    // 2,000 pods: since pods and their events were made compact, 1,000 grow the heap by less than 4 MiB.
    for i in 0..2000 {
        let pod = format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p-{i}\nspec:\n  containers:\n  - name: c\n    image: nginx\n");
        c.apply(&pod).unwrap();
        if i % 100 == 99 {
            c.exec("sim run 5s", None).unwrap();
        }
        sizes.insert(pages());
    }
    let grown_mib = (pages() - start) as f64 / 16.0;
    // The run needs real growth, and it came in steps of a MiB or more, not dlmalloc's 64 KiB.
    assert!(grown_mib >= 4.0, "the heap grew only {grown_mib} MiB");
    let steps = sizes.len() - 1;
    assert!((steps as f64) <= grown_mib, "{steps} growth steps for {grown_mib} MiB");
}
