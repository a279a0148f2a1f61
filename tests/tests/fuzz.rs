//! Property tests: random bytes, mutated valid manifests and random command lines never panic
//! the core. A short run is part of `cargo test`; `KUBEPLAY_FUZZ_ITERATIONS=200000` (or
//! `make fuzz`) runs a long one.

use std::panic::{catch_unwind, AssertUnwindSafe};

use kubeplay_core::shell::{self, NoFiles};
use kubeplay_core::sim::Rng;
use kubeplay_core::Cluster;

fn iterations(default: usize) -> usize {
    std::env::var("KUBEPLAY_FUZZ_ITERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

const SEEDS: &[&str] = &[
    include_str!("../scenarios/foundation/deployment.yaml"),
    include_str!("../scenarios/seed/replicaset-3.yaml"),
    include_str!("../scenarios/seed/redis-filebeat-2.yaml"),
    include_str!("../scenarios/seed/myapp-deploy.yaml"),
    "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: \"*/5 * * * *\"\n  timeZone: Europe/Berlin\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n          - name: c\n            image: busybox\n            command: [sh, -c, 'echo hi; sleep 3']\n",
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: NodePort\n  selector: {app: web}\n  ports:\n  - port: 80\n    targetPort: http\n    nodePort: 30080\n",
    "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"j\"}, \"spec\": {\"containers\": [{\"name\": \"c\", \"image\": \"nginx\", \"resources\": {\"requests\": {\"cpu\": \"100m\"}}}]}}",
    include_str!("../scenarios/manifests/pod.yaml"),
    include_str!("../scenarios/manifests/deployment.yaml"),
    include_str!("../scenarios/manifests/daemonset.yaml"),
    include_str!("../scenarios/manifests/job.yaml"),
    include_str!("../scenarios/manifests/service.yaml"),
    include_str!("../scenarios/manifests/endpointslice.yaml"),
    include_str!("../scenarios/manifests/node.yaml"),
    include_str!("../scenarios/manifests/event.yaml"),
    include_str!("../scenarios/manifests/controllerrevision.yaml"),
    "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: a\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: b\n",
    "base: &b {cpu: 100m}\napiVersion: v1\nkind: Pod\nmetadata: {name: x, labels: {<<: *b}}\nspec:\n  containers: [{name: c, image: 'nginx', args: [!!str 1, \"a\\u00e9\", |\n    block\n  ]}]\n",
];

const NOISE: &[&str] = &[
    ":",
    " ",
    "\n",
    "-",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "&a",
    "*a",
    "!",
    "!!int ",
    "|",
    ">",
    "%",
    "@",
    "`",
    "\t",
    "#",
    "\u{a0}",
    "99999999999999999999",
    "-1",
    "1.5",
    "1e400",
    "null",
    "~",
    "yes",
    "0x1F",
    "---\n",
    "...\n",
    "<<: *a\n",
    "\u{0}",
    "\u{7f}",
    "\u{feff}",
    "é",
    "😀",
    "\r\n",
    "apiVersion: v1\n",
    "kind: Pod\n",
    "  ",
    "    ",
    "%YAML 1.1\n",
    "%FOO\n",
    "? ",
    "!!float ",
    "!!null ",
    "!e!x ",
    ".inf",
    "\\u12",
    "\\",
    "{\"a\": ",
    ",}",
    "\u{1}",
    "\u{85}",
    "[[[[[[[[",
    "- - - - ",
];

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let edits = 1 + rng.below(6) as usize;
    for _ in 0..edits {
        if chars.is_empty() {
            chars.push('x');
        }
        let at = rng.below(chars.len() as u64) as usize;
        match rng.below(5) {
            0 => {
                chars.remove(at);
            }
            1 => {
                let noise = NOISE[rng.below(NOISE.len() as u64) as usize];
                for (k, c) in noise.chars().enumerate() {
                    chars.insert((at + k).min(chars.len()), c);
                }
            }
            2 => {
                let end = (at + 1 + rng.below(20) as usize).min(chars.len());
                let piece: Vec<char> = chars[at..end].to_vec();
                for (k, c) in piece.into_iter().enumerate() {
                    chars.insert((end + k).min(chars.len()), c);
                }
            }
            3 => {
                let end = (at + 1 + rng.below(40) as usize).min(chars.len());
                chars.drain(at..end);
            }
            _ => chars[at] = char::from(b' ' + rng.below(95) as u8),
        }
    }
    chars.into_iter().collect()
}

fn random_bytes(rng: &mut Rng) -> String {
    let n = rng.below(300) as usize;
    let bytes: Vec<u8> = (0..n).map(|_| rng.below(256) as u8).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The commands a manifest is fed to: the page's Apply button and the `-f -` verbs with their
/// validation modes.
const VERBS: &[&str] = &[
    "kubectl apply -f - --validate=false",
    "kubectl apply -f - --validate=warn",
    "kubectl create -f -",
    "kubectl replace -f -",
    "kubectl delete -f - --wait=false",
    "kubectl apply -f - -o yaml",
];

fn run_one(cluster: &mut Cluster, text: &str, verb: usize) -> Result<(), String> {
    catch_unwind(AssertUnwindSafe(|| {
        if verb >= VERBS.len() {
            let _ = shell::apply_text(cluster, text);
        } else {
            let _ = shell::exec(cluster, VERBS[verb], Some(text), &NoFiles);
        }
    }))
    .map_err(|_| text.to_string())
}

#[test]
fn random_and_mutated_text_never_panics_the_reader() {
    let n = iterations(5000) * 4;
    let mut rng = Rng::new(20260102);
    for i in 0..n {
        let text = if rng.below(3) == 0 {
            random_bytes(&mut rng)
        } else {
            let seed = SEEDS[rng.below(SEEDS.len() as u64) as usize];
            mutate(&mut rng, seed)
        };
        let ok = catch_unwind(AssertUnwindSafe(|| {
            let stream = kubeplay_core::manifest::read(&text);
            for doc in &stream.docs {
                let _ = kubeplay_core::manifest::decode::client_checks(doc);
            }
        }));
        assert!(ok.is_ok(), "the reader panicked on input #{i}:\n{text:?}");
    }
}

#[test]
fn random_and_mutated_manifests_never_panic() {
    let n = iterations(1500);
    let mut rng = Rng::new(20260101);
    let mut cluster = Cluster::new(1);
    for i in 0..n {
        if i % 200 == 0 {
            cluster = Cluster::new(i as u64);
        }
        let text = if rng.below(4) == 0 {
            random_bytes(&mut rng)
        } else {
            let seed = SEEDS[rng.below(SEEDS.len() as u64) as usize];
            mutate(&mut rng, seed)
        };
        let verb = rng.below(VERBS.len() as u64 * 2) as usize;
        if let Err(input) = run_one(&mut cluster, &text, verb) {
            panic!("the core panicked on input #{i}:\n{input:?}");
        }
        if i % 50 == 0 {
            // Let the controllers run over whatever got in.
            let ok = catch_unwind(AssertUnwindSafe(|| {
                cluster.run_for(30_000);
            }));
            assert!(ok.is_ok(), "the cluster panicked running after input #{i}:\n{text:?}");
        }
    }
}

const WORDS: &[&str] = &[
    "kubectl",
    "sim",
    "get",
    "apply",
    "delete",
    "describe",
    "create",
    "scale",
    "label",
    "annotate",
    "patch",
    "rollout",
    "status",
    "history",
    "undo",
    "pause",
    "resume",
    "restart",
    "set",
    "image",
    "env",
    "logs",
    "exec",
    "expose",
    "cordon",
    "uncordon",
    "drain",
    "taint",
    "top",
    "explain",
    "version",
    "config",
    "api-resources",
    "pods",
    "po",
    "deploy",
    "deployment/web",
    "rs",
    "nodes",
    "node/worker-1",
    "ds",
    "job",
    "cj",
    "svc",
    "all",
    "web",
    "-o",
    "yaml",
    "json",
    "wide",
    "name",
    "jsonpath={.items[*].metadata.name}",
    "-n",
    "kube-system",
    "-A",
    "-l",
    "app=web",
    "app in (a",
    "--replicas=3",
    "--replicas",
    "-1",
    "99999999999",
    "--to-revision=2",
    "-f",
    "-",
    "x.yaml",
    "--dry-run=client",
    "-p",
    "'{\"spec\":{\"replicas\":5}}'",
    "'{bad",
    "--type",
    "json",
    "merge",
    "--overwrite",
    "key-",
    "a=b",
    "step",
    "run",
    "30s",
    "settle",
    "--timeout",
    "1m",
    "time",
    "node",
    "add",
    "fail",
    "recover",
    "why",
    "pod/web",
    "reset",
    "--seed",
    "7",
    "image",
    "fix",
    "nginx",
    "pod",
    "crash",
    "--exit-code",
    "\"",
    "'",
    "\\",
    "--",
    "sh",
    "-c",
    "echo hi",
    "-w",
    "--show-labels",
    "-L",
    "app",
    "--sort-by=.metadata.name",
    "--field-selector",
    "status.phase=Running",
];

#[test]
fn random_command_lines_never_panic() {
    let n = iterations(1500);
    let mut rng = Rng::new(7);
    let mut cluster = Cluster::new(1);
    let _ = shell::apply_text(&mut cluster, SEEDS[0]);
    for i in 0..n {
        let len = 1 + rng.below(7) as usize;
        let mut words: Vec<&str> = (0..len).map(|_| WORDS[rng.below(WORDS.len() as u64) as usize]).collect();
        if rng.below(3) > 0 {
            words.insert(0, if rng.below(4) == 0 { "sim" } else { "kubectl" });
        }
        let line = words.join(" ");
        if line.contains("reset") && i % 10 != 0 {
            continue;
        }
        let ok = catch_unwind(AssertUnwindSafe(|| {
            let _ = shell::exec(&mut cluster, &line, Some("apiVersion: v1\nkind: Pod\n"), &NoFiles);
        }));
        assert!(ok.is_ok(), "the core panicked on the command line #{i}: {line:?}");
        if cluster.now() > 86_400_000 {
            cluster = Cluster::new(i as u64);
        }
    }
}

/// Pieces of jsonpath syntax, valid and not, that templates are built from.
const JSONPATH_PIECES: &[&str] = &[
    "{",
    "}",
    ".",
    "..",
    "[",
    "]",
    "*",
    "?",
    "@",
    "(",
    ")",
    "==",
    "!=",
    "<",
    ">=",
    "=~",
    "$",
    ",",
    ":",
    "-1",
    "0",
    "2",
    "99999999999999999999",
    "'",
    "\"",
    "\\",
    "\\n",
    " ",
    "range",
    "end",
    "items",
    "metadata",
    "name",
    "labels",
    "spec",
    "containers",
    "image",
    "status",
    "phase",
    ".items[*].metadata.name",
    "{range .items[*]}",
    "{end}",
    "[?(@.name==\"c\")]",
    "[-1:]",
    "[0:2:0]",
    "{\"\\n\"}",
    "{.kind}",
    "{@}",
    "{$}",
    "{.items[?(@.spec.replicas>1)]}",
];

/// Valid templates, mutated.
const JSONPATH_SEEDS: &[&str] = &[
    "{.items[*].metadata.name}",
    "{range .items[*]}{.metadata.name}{\"\\t\"}{.status.phase}{\"\\n\"}{end}",
    "{.items[?(@.metadata.labels.app==\"web\")].spec.containers[0].image}",
    "{.items[-1:].metadata.name}",
    "{..image}",
    "{.items[0].status.conditions[?(@.type==\"Ready\")].status}",
];

#[test]
fn random_and_mutated_jsonpath_templates_never_panic() {
    let n = iterations(1500) * 2;
    let mut rng = Rng::new(20261126);
    let mut printed = 0;
    let mut cluster = Cluster::new(7);
    let _ = shell::exec(&mut cluster, "kubectl create deployment web --image=nginx --replicas=2", None, &NoFiles);
    let _ = shell::exec(&mut cluster, "sim settle", None, &NoFiles);
    let listed = shell::exec(&mut cluster, "kubectl get pods -o json", None, &NoFiles);
    let data: kubeplay_core::json::Value = kubeplay_core::json::from_str(&listed.stdout).unwrap();
    assert!(data["items"].as_array().is_some_and(|a| a.len() == 2), "the data to query: {data}");
    for i in 0..n {
        let template = match rng.below(3) {
            0 => (0..1 + rng.below(12))
                .map(|_| JSONPATH_PIECES[rng.below(JSONPATH_PIECES.len() as u64) as usize])
                .collect::<String>(),
            1 => random_bytes(&mut rng).chars().take(60).collect(),
            _ => {
                let seed = JSONPATH_SEEDS[rng.below(JSONPATH_SEEDS.len() as u64) as usize];
                mutate(&mut rng, seed)
            }
        };
        let missing = rng.below(2) == 0;
        let ok = catch_unwind(AssertUnwindSafe(|| {
            if let Ok(p) = kubeplay_core::kubectl::jsonpath::JsonPath::parse(&template) {
                let mut p = p.allow_missing_keys(missing).json_output(missing);
                if p.execute(&data).is_ok_and(|out| !out.is_empty()) {
                    printed += 1;
                }
            }
        }));
        assert!(ok.is_ok(), "jsonpath panicked on template #{i}: {template:?}");
        // The same template through kubectl's flags that take one.
        if i % 10 == 0 {
            for flag in ["-o=jsonpath=", "-o=custom-columns=X:", "--sort-by="] {
                let line = format!("kubectl get pods {flag}'{}'", template.replace('\'', ""));
                let ok = catch_unwind(AssertUnwindSafe(|| shell::exec(&mut cluster, &line, None, &NoFiles)));
                assert!(ok.is_ok(), "kubectl panicked on {line:?}");
            }
        }
    }
    // The templates reach the executor, not only the parser's refusals.
    assert!(printed * 10 > n, "only {printed} of {n} templates printed something");
}
