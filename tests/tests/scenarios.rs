//! Every `tests/scenarios/**/*.kp` script runs on a fresh cluster and must print exactly its
//! `.out` transcript. `KUBEPLAY_BLESS=1 cargo test -p kubeplay-tests` rewrites the transcripts
//! for review.

use std::path::{Path, PathBuf};

use kubeplay_tests::{line_diff, run_scenario};

fn scripts(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            scripts(&p, found);
        } else if p.extension().is_some_and(|x| x == "kp") {
            found.push(p);
        }
    }
}

#[test]
fn every_scenario_prints_its_expected_transcript() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut found = Vec::new();
    scripts(&root, &mut found);
    assert!(!found.is_empty(), "no scenarios under {}", root.display());
    let bless = std::env::var_os("KUBEPLAY_BLESS").is_some();
    let mut failures = Vec::new();
    for script in &found {
        let actual = run_scenario(script).expect("read scenario");
        let expected_path = script.with_extension("out");
        if bless {
            std::fs::write(&expected_path, &actual).expect("write transcript");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            let name = script.strip_prefix(&root).unwrap_or(script).display().to_string();
            failures.push(format!("--- {name}: expected (-) vs actual (+)\n{}", line_diff(&expected, &actual)));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} scenarios differ (KUBEPLAY_BLESS=1 to rewrite):\n{}",
        failures.len(),
        found.len(),
        failures.join("\n")
    );
}

#[test]
fn the_same_seed_gives_the_same_transcript() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut found = Vec::new();
    scripts(&root, &mut found);
    for script in found.iter().take(20) {
        assert_eq!(run_scenario(script).unwrap(), run_scenario(script).unwrap(), "{}", script.display());
    }
}
