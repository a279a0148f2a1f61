//! Same seed, same transcript; another seed changes names, not counts.

use std::path::Path;

use kubeplay_core::shell::{self, NoFiles};
use kubeplay_core::Cluster;

fn transcript(seed: u64) -> String {
    let script = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/engine/mixed.kp"))
        .expect("read mixed.kp");
    let mut c = Cluster::new(seed);
    shell::run_script(&mut c, &script, &NoFiles)
}

/// The transcript with generated names and ids blanked out, and its pod rows counted.
fn shape(t: &str) -> (usize, usize) {
    let rows = t
        .lines()
        .filter(|l| l.contains("Running") || l.contains("Terminating") || l.contains("CrashLoopBackOff"))
        .count();
    let events = t.lines().filter(|l| l.contains("Normal") || l.contains("Warning")).count();
    (rows, events)
}

#[test]
fn the_same_seed_gives_a_byte_identical_transcript() {
    let a = transcript(42);
    let b = transcript(42);
    assert_eq!(a, b);
    assert!(a.lines().count() > 40, "{a}");
}

#[test]
fn another_seed_changes_names_and_placement_but_not_how_much_happens() {
    let a = transcript(42);
    let b = transcript(43);
    assert_ne!(a, b, "different seeds should differ somewhere (ids, placement)");
    assert_eq!(shape(&a).0, shape(&b).0, "pod rows\n{a}\n----\n{b}");
}
