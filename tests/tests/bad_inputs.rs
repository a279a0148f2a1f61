//! Bad manifests: each gets the message a real cluster and kubectl give, leaves the store exactly
//! as it was, and never panics. Where a case was checked against kubectl v1.32 or the upstream
//! source, the comment says so.

use kubeplay_core::shell;
use kubeplay_core::Cluster;

/// Everything observable about the store: every object as JSON, in store order.
fn fingerprint(c: &Cluster) -> String {
    let mut s = String::new();
    for kind in kubeplay_core::api::Kind::ALL {
        for o in c.store().list(kind) {
            s.push_str(&o.to_value().to_string());
            s.push('\n');
        }
    }
    s.push_str(&c.store().resource_version().to_string());
    s
}

const DEPLOY_HEAD: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n";

fn deploy(spec: &str) -> String {
    format!(
        "{DEPLOY_HEAD}spec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.25\n{spec}"
    )
}

fn pod(extra_meta: &str, extra_container: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n{extra_meta}spec:\n  containers:\n  - name: c\n    image: nginx\n{extra_container}"
    )
}

/// (what, manifest, expected stderr prefix)
fn cases() -> Vec<(&'static str, String, String)> {
    let huge_label = "x".repeat(64);
    let deep = format!("a: {}", "[".repeat(1500));
    let mut bomb = String::from(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n",
    );
    for i in 1..10 {
        bomb.push_str(&format!(
            "    a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n",
            p = i - 1
        ));
    }
    let big = pod(&format!("  annotations:\n    big: \"{}\"\n", "y".repeat(4 * 1024 * 1024)), "");
    vec![
        // Syntax errors (checked with kubectl v1.32).
        ("glued colon", "kind: Pod\nmetadata:\n  labels:\n    app:web\n    tier: x\n".into(), "error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context".into()),
        ("bad indentation", "a:\n  b: 1\n c: 2\n".into(), "error: error parsing STDIN: error converting YAML to JSON: yaml: line 2: did not find expected key".into()),
        ("unclosed flow", "a: [1, 2\n".into(), "error: error parsing STDIN: error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'".into()),
        ("unclosed quote", "kind: Pod\nx: 'a\n".into(), "error: error parsing STDIN: error converting YAML to JSON: yaml: line 3: found unexpected end of stream".into()),
        ("tab indentation", "\tkind: Pod\n".into(), "error: error parsing STDIN: error converting YAML to JSON: yaml: found character that cannot start any token".into()),
        ("unknown alias", "kind: *x\n".into(), "error: error parsing STDIN: error converting YAML to JSON: yaml: unknown anchor 'x' referenced".into()),
        ("bad separator", "--- foo\nkind: Pod\n".into(), "error: error parsing STDIN: invalid Yaml document separator: foo".into()),
        ("alias bomb", bomb, "error: error parsing STDIN: error converting YAML to JSON: yaml: document contains excessive aliasing".into()),
        ("deep nesting", deep, "error: error parsing STDIN: error converting YAML to JSON: yaml: exceeded max depth of 255".into()),
        // Client-side checks (kubectl's validation and decoding).
        ("no kind or apiVersion", "metadata:\n  name: x\n".into(), "error: error validating \"STDIN\": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false".into()),
        ("no kind", "apiVersion: v1\nmetadata:\n  name: x\n".into(), "error: error validating \"STDIN\": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false".into()),
        ("kind not a string", "apiVersion: v1\nkind: 5\n".into(), "error: error validating \"STDIN\": error validating data: kind isn't string type; if you choose to ignore these errors, turn validation off with --validate=false".into()),
        ("a list, not an object", "- a\n- b\n".into(), "error: unable to decode \"STDIN\": json: cannot unmarshal array into Go value of type unstructured.detector".into()),
        ("a string, not an object", "just text\n".into(), "error: unable to decode \"STDIN\": json: cannot unmarshal string into Go value of type unstructured.detector".into()),
        ("label value a number", pod("  labels:\n    v: 1.0\n", ""), "error: unable to decode \"STDIN\": json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string".into()),
        ("misspelt kind", "apiVersion: apps/v1\nkind: Deploymnet\nmetadata:\n  name: x\n".into(), "error: resource mapping not found for name: \"x\" namespace: \"\" from \"STDIN\": no matches for kind \"Deploymnet\" in version \"apps/v1\"\nensure CRDs are installed first\nhint: did you mean kind \"Deployment\"?".into()),
        ("retired version", "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: x\n".into(), "error: resource mapping not found for name: \"x\" namespace: \"\" from \"STDIN\": no matches for kind \"Deployment\" in version \"extensions/v1beta1\"\nensure CRDs are installed first".into()),
        ("unknown kind", "apiVersion: v1\nkind: Gizmo\nmetadata:\n  name: x\n".into(), "error: resource mapping not found for name: \"x\" namespace: \"\" from \"STDIN\": no matches for kind \"Gizmo\" in version \"v1\"".into()),
        ("bad group version", "apiVersion: apps/v1/x\nkind: Deployment\n".into(), "error: error validating \"STDIN\": error validating data: unexpected GroupVersion string: apps/v1/x".into()),
        // Strict decoding (the apiserver's text).
        ("misspelt field", deploy("").replace("containers:", "cantainers:"), "Error from server (BadRequest): error when creating \"STDIN\": Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.template.spec.cantainers\"".into()),
        ("unknown top field", pod("", "").replace("kind: Pod\n", "kind: Pod\nspecs: {}\n"), "Error from server (BadRequest): error when creating \"STDIN\": Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"specs\"".into()),
        ("unknown fields at several depths", pod("  lables: {}\n", "    imagee: x\n"), "Error from server (BadRequest): error when creating \"STDIN\": Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"metadata.lables\", unknown field \"spec.containers[0].imagee\"".into()),
        ("replicas a string", deploy("").replace("spec:\n  selector", "spec:\n  replicas: \"two\"\n  selector"), "Error from server (BadRequest): error when creating \"STDIN\": Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32".into()),
        ("replicas fractional", deploy("").replace("spec:\n  selector", "spec:\n  replicas: 1.5\n  selector"), "Error from server (BadRequest): error when creating \"STDIN\": Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32".into()),
        ("replicas absurd", deploy("").replace("spec:\n  selector", "spec:\n  replicas: 99999999999\n  selector"), "Error from server (BadRequest): error when creating \"STDIN\": Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal number 99999999999 into Go struct field DeploymentSpec.spec.replicas of type int32".into()),
        ("containers not a list", pod("", "").replace("  containers:\n  - name: c\n    image: nginx\n", "  containers: nginx\n"), "Error from server (BadRequest): error when creating \"STDIN\": Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container".into()),
        ("port a string", pod("", "    ports:\n    - containerPort: http\n"), "Error from server (BadRequest): error when creating \"STDIN\": Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32".into()),
        ("bad quantity", pod("", "    resources:\n      requests:\n        memory: 1Gb\n"), "Error from server (BadRequest): error when creating \"STDIN\": Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'".into()),
        ("maxSurge a bool", deploy("  strategy:\n    rollingUpdate:\n      maxSurge: true\n"), "Error from server (BadRequest): error when creating \"STDIN\": Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal bool into Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge of type int32".into()),
        // Validation (the apiserver's messages, kubectl's framing).
        ("bad name", pod("", "").replace("name: p\n", "name: My_Pod\n"), "The Pod \"My_Pod\" is invalid: metadata.name: Invalid value: \"My_Pod\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')".into()),
        ("no name", "apiVersion: v1\nkind: Namespace\nmetadata:\n  labels: {a: b}\n".into(), "error: error when retrieving current configuration of:".into()),
        ("label value too long", pod(&format!("  labels:\n    a: {huge_label}\n"), ""), format!("The Pod \"p\" is invalid: metadata.labels: Invalid value: \"{huge_label}\": must be no more than 63 characters")),
        ("bad label key", pod("  labels:\n    \"a b\": x\n", ""), "The Pod \"p\" is invalid: metadata.labels: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')".into()),
        ("no containers", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec: {}\n".into(), "The Pod \"p\" is invalid: spec.containers: Required value".into()),
        ("no image", pod("", "").replace("    image: nginx\n", ""), "The Pod \"p\" is invalid: spec.containers[0].image: Required value".into()),
        ("port out of range", pod("", "    ports:\n    - containerPort: 70000\n"), "The Pod \"p\" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive".into()),
        ("negative replicas", deploy("").replace("spec:\n  selector", "spec:\n  replicas: -1\n  selector"), "The Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0".into()),
        ("selector does not match", deploy("").replace("      labels:\n        app: web", "      labels:\n        app: other"), "The Deployment \"web\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`".into()),
        ("no selector", format!("{DEPLOY_HEAD}spec:\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx\n"), "The Deployment \"web\" is invalid: \n* spec.selector: Required value".into()),
        ("restartPolicy in a Deployment", deploy("      restartPolicy: OnFailure\n"), "The Deployment \"web\" is invalid: spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"".into()),
        ("both fenceposts zero", deploy("  strategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 0\n"), "The Deployment \"web\" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0".into()),
        ("Job with restartPolicy Always", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: busybox\n".into(), "The Job \"j\" is invalid: spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"".into()),
        ("CronJob schedule with four fields", "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: \"* * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n          - name: c\n            image: busybox\n".into(), "The CronJob \"c\" is invalid: spec.schedule: Invalid value: \"* * * *\": expected exactly 5 fields, found 4: [* * * *]".into()),
        ("CRON_TZ in the schedule", "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: \"CRON_TZ=UTC 0 * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n          - name: c\n            image: busybox\n".into(), "The CronJob \"c\" is invalid: spec.schedule: Invalid value: \"CRON_TZ=UTC 0 * * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead".into()),
        ("Service without ports", "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    app: web\n".into(), "The Service \"s\" is invalid: spec.ports: Required value".into()),
        ("namespace that does not exist", pod("  namespace: nowhere\n", ""), "Error from server (NotFound): error when creating \"STDIN\": namespaces \"nowhere\" not found".into()),
        ("an object over the request size limit", big, "Error from server (RequestEntityTooLarge): error when creating \"STDIN\": Request entity too large: limit is 3145728".into()),
        ("only empty documents", "---\n# nothing\n---\n".into(), "error: no objects passed to apply".into()),
    ]
}

#[test]
fn every_bad_input_gets_its_message_and_changes_nothing() {
    let list = cases();
    assert!(list.len() >= 40, "{} cases", list.len());
    let mut failures = Vec::new();
    for (what, text, want) in list {
        let mut c = Cluster::new(1);
        let before = fingerprint(&c);
        let out = shell::apply_text(&mut c, &text);
        let after = fingerprint(&c);
        if out.exit_code == 0 {
            failures.push(format!("{what}: succeeded: {}", out.stdout));
            continue;
        }
        if !out.stderr.starts_with(&want) {
            failures.push(format!("{what}:\n  want: {want}\n  got:  {}", out.stderr.trim_end()));
        }
        if before != after {
            failures.push(format!("{what}: the store changed"));
        }
        if out.diagnostics.is_empty() {
            failures.push(format!("{what}: no diagnostic for the editor"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn invalid_utf8_is_read_as_kubectl_reads_it() {
    // kubectl converts bytes to a Go string; invalid sequences become U+FFFD and the object
    // is accepted if it is otherwise valid (checked with kubectl v1.32).
    let bytes = b"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ok\n  annotations:\n    note: \"caf\xe9\"\n";
    let text = String::from_utf8_lossy(bytes);
    let mut c = Cluster::new(1);
    let out = shell::apply_text(&mut c, &text);
    assert_eq!(out.stdout, "namespace/ok created\n", "{}", out.stderr);
}

#[test]
fn a_ten_megabyte_input_is_refused_as_too_large() {
    let text = format!(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: big\n  annotations:\n    blob: \"{}\"\n",
        "z".repeat(10 * 1024 * 1024)
    );
    let mut c = Cluster::new(1);
    let before = fingerprint(&c);
    let out = shell::apply_text(&mut c, &text);
    assert_eq!(
        out.stderr,
        "Error from server (RequestEntityTooLarge): error when creating \"STDIN\": Request entity too large: limit is 3145728\n"
    );
    assert_eq!(before, fingerprint(&c));
}

#[test]
fn documents_before_a_broken_one_are_applied_as_kubectl_applies_them() {
    let mut text = String::new();
    for i in 0..50 {
        text.push_str(&format!("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n{i}\n---\n"));
    }
    text.push_str("kind: [\n");
    let mut c = Cluster::new(1);
    let out = shell::apply_text(&mut c, &text);
    assert_eq!(out.exit_code, 1);
    assert!(out.stderr.contains("did not find expected node content"), "{}", out.stderr);
    assert_eq!(c.store().namespaces().count(), 4 + 50);
}
