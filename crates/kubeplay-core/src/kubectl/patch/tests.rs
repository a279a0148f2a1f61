//! Table tests of the patch text's conversion, and a fuzz test: random bytes and mutated valid
//! patches never panic any of the patch parsers or engines.

use super::*;

/// Outputs of the real kubectl v1.32.4 (`kubectl patch --local -f d.yaml -p TEXT --dry-run=client`).
#[test]
fn patch_text_is_read_as_apimachinery_yaml_to_json_reads_it() {
    let cases = [
        ("{\"spec\":", Ok("{\"spec\":")),
        ("\t{}", Ok("\t{}")),
        ("spec: {replicas: 7}", Ok("{\"spec\":{\"replicas\":7}}")),
        ("not json", Ok("\"not json\"")),
        ("---\na: 1\n---\nb: 2", Ok("{\"a\":1}")),
        (" ", Ok("null")),
        ("[1,2", Err("yaml: line 1: did not find expected ',' or ']'")),
        ("a: [", Err("yaml: line 1: did not find expected node content")),
        ("a: b: c", Err("yaml: mapping values are not allowed in this context")),
    ];
    for (text, want) in cases {
        assert_eq!(to_json(text).as_deref(), want.map_err(str::to_string).as_deref(), "{text:?}");
    }
}

use crate::cluster::Cluster;
use crate::shell::NoFiles;
use crate::sim::Rng;
use crate::store::ObjRef;

fn kubectl(c: &mut Cluster, words: &[String]) -> i32 {
    let mut io = crate::kubectl::Io::new(None, &NoFiles);
    crate::kubectl::run(c, words, &mut io)
}

fn words(s: &str) -> Vec<String> {
    s.split(' ').map(str::to_string).collect()
}

/// Valid patches of each type, the seeds of the mutations.
const SEEDS: &[(&str, &str)] = &[
    ("strategic", r#"{"spec":{"replicas":5}}"#),
    ("strategic", r#"{"spec":{"strategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}}"#),
    ("strategic", r#"{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.26"},{"name":"x","$patch":"delete"}]}}}}"#),
    ("strategic", r#"{"metadata":{"labels":{"a":"b","$patch":"replace"},"finalizers":["x"],"$deleteFromPrimitiveList/finalizers":["y"]},"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}"#),
    ("merge", r#"{"metadata":{"annotations":{"a":null,"b":"c"}},"spec":{"paused":true}}"#),
    ("json", r#"[{"op":"test","path":"/spec/replicas","value":1},{"op":"replace","path":"/spec/replicas","value":2},{"op":"add","path":"/metadata/labels/x","value":"y"},{"op":"move","from":"/metadata/labels/x","path":"/metadata/labels/z"},{"op":"copy","from":"/metadata/name","path":"/metadata/labels/n"},{"op":"remove","path":"/metadata/labels/z"}]"#),
    ("strategic", "spec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n      - name: nginx\n        env: [{name: A, value: '1'}]\n"),
];

/// Characters that make interesting JSON and YAML damage.
const DAMAGE: &[u8] = b"{}[]\":,$-/~ 0123456789.eE+null\ttrue\\u\n#&*!|>'%@`";

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(bytes.len() as u64 + 1) as usize;
        match rng.below(4) {
            0 if at < bytes.len() => {
                bytes.remove(at);
            }
            1 => bytes.insert(at, DAMAGE[rng.below(DAMAGE.len() as u64) as usize]),
            2 if at < bytes.len() => {
                let end = (at + 1 + rng.below(8) as usize).min(bytes.len());
                let copy: Vec<u8> = bytes[at..end].to_vec();
                let to = rng.below(bytes.len() as u64 + 1) as usize;
                bytes.splice(to..to, copy);
            }
            _ => bytes.truncate(at),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Property: random bytes and mutated valid patches never panic any parser or engine, and a
/// refused patch leaves the stored object as it was.
#[test]
fn random_and_mutated_patches_never_panic_and_refusals_change_nothing() {
    let mut c = Cluster::new(7);
    assert_eq!(kubectl(&mut c, &words("create deployment web --image=nginx:1.25")), 0);
    let web = ObjRef::new(crate::api::Kind::Deployment, "default", "web");
    let mut rng = Rng::new(42);
    let (mut accepted, mut refused) = (0, 0);
    for round in 0..1500 {
        let (ty, text) = if round % 3 == 0 {
            let len = rng.below(40) as usize;
            let bytes: Vec<u8> = (0..len).map(|_| rng.below(256) as u8).collect();
            let ty = ["strategic", "merge", "json"][rng.below(3) as usize];
            (ty, String::from_utf8_lossy(&bytes).into_owned())
        } else {
            let (ty, seed) = SEEDS[rng.below(SEEDS.len() as u64) as usize];
            (ty, mutate(&mut rng, seed))
        };
        // The parsers on their own.
        let _ = go_json::parse(&text);
        let _ = to_json(&text);
        // The whole command, as the apiserver would run it.
        let before = c.store().get_ref(&web).cloned();
        let argv = vec![
            "patch".to_string(),
            "deploy".into(),
            "web".into(),
            "--type".into(),
            ty.into(),
            "-p".into(),
            text.clone(),
        ];
        let code = kubectl(&mut c, &argv);
        if code == 0 {
            accepted += 1;
        } else {
            refused += 1;
            assert_eq!(c.store().get_ref(&web).cloned(), before, "a refused patch changed the object: {ty} {text:?}");
        }
        if c.store().get_ref(&web).is_none() {
            assert_eq!(kubectl(&mut c, &words("create deployment web --image=nginx:1.25")), 0);
        }
    }
    // Both outcomes were exercised, so the property was tested on each.
    assert!(accepted > 100 && refused > 100, "accepted {accepted}, refused {refused}");
}

/// Property: random command lines of the mutating verbs never panic.
#[test]
fn random_command_lines_of_the_mutating_verbs_never_panic() {
    const VOCABULARY: &[&str] = &[
        "deploy",
        "web",
        "deploy/web",
        "pods",
        "pod/x",
        "svc",
        "ns",
        "default",
        "-l",
        "app=web",
        "--all",
        "-A",
        "--overwrite",
        "--list",
        "--dry-run",
        "--dry-run=client",
        "--dry-run=server",
        "-o",
        "yaml",
        "json",
        "name",
        "--record",
        "--replicas",
        "3",
        "--replicas=-1",
        "--current-replicas=2",
        "--resource-version=1",
        "a=b",
        "a-",
        "=",
        "-",
        "--",
        "*=nginx",
        "web=nginx:2",
        "-c",
        "ng*",
        "-e",
        "X=1",
        "--prefix=P_",
        "--from=cronjob/c",
        "--image=busybox",
        "--schedule=* * * * *",
        "--tcp=80:8080",
        "--tcp=x",
        "--port=80",
        "-r",
        "2",
        "--timeout=2s",
        "-p",
        "{\"spec\":{}}",
        "--type=json",
        "[]",
        "--patch-file=x",
        "",
        "--validate=false",
        "99999999999",
        "-n",
        "x",
    ];
    const VERBS: &[&str] = &[
        "label",
        "annotate",
        "patch",
        "scale",
        "set image",
        "set env",
        "set",
        "edit",
        "create deployment",
        "create job",
        "create cronjob",
        "create namespace",
        "create service clusterip",
        "create service nodeport",
        "create",
    ];
    let mut c = Cluster::new(3);
    assert_eq!(kubectl(&mut c, &words("create deployment web --image=nginx")), 0);
    let mut rng = Rng::new(9);
    for _ in 0..1500 {
        let mut argv: Vec<String> = words(VERBS[rng.below(VERBS.len() as u64) as usize]);
        for _ in 0..rng.below(7) {
            argv.push(VOCABULARY[rng.below(VOCABULARY.len() as u64) as usize].to_string());
        }
        let mut io = crate::kubectl::Io::new(Some("A=1\n"), &NoFiles);
        let _ = crate::kubectl::run(&mut c, &argv, &mut io);
    }
}
