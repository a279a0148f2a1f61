//! Bad manifests: each gets the message a real cluster and kubectl give, leaves the store exactly
//! as it was, and never panics.
//!
//! Where the message comes from: `kubectl` cases (YAML and JSON syntax, the client's own checks)
//! were checked byte for byte against kubectl v1.32.4, talking to a stub apiserver where it needed
//! one; `server` cases follow the apiserver's source (decoding: sigs.k8s.io/json and the
//! converters; validation: pkg/apis/*/validation and apimachinery's validators), and their framing
//! is kubectl's (`The Kind "name" is invalid: ...`, `Error from server (Reason): ...`).

use kubeplay_core::shell::{self, Files, NoFiles};
use kubeplay_core::Cluster;

/// Everything observable about the store: every object as JSON, in store order, and the
/// resourceVersion counter.
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

/// A valid Deployment with `spec` lines added at the end of its spec (2-space indent).
fn deploy(spec: &str) -> String {
    format!(
        "{DEPLOY_HEAD}spec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.25\n{spec}"
    )
}

/// A valid Pod with lines added to its metadata (2-space indent) and to its container
/// (4-space indent).
fn pod(extra_meta: &str, extra_container: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n{extra_meta}spec:\n  containers:\n  - name: c\n    image: nginx\n{extra_container}"
    )
}

/// A valid Pod with lines added to its spec (2-space indent).
fn pod_spec(extra_spec: &str) -> String {
    format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n{extra_spec}  containers:\n  - name: c\n    image: nginx\n")
}

fn job(spec: &str, restart: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n{spec}  template:\n    spec:\n      restartPolicy: {restart}\n      containers:\n      - name: c\n        image: busybox\n"
    )
}

fn cron_job(spec: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n{spec}  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n          - name: c\n            image: busybox\n"
    )
}

fn service(spec: &str) -> String {
    format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n{spec}")
}

const SUBDOMAIN: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const VALIDATE_OFF: &str = "; if you choose to ignore these errors, turn validation off with --validate=false";
const PARSE: &str = "error: error parsing STDIN: error converting YAML to JSON: yaml: ";

/// One bad input: what it is, the extra `kubectl apply` flags, the text, and the start of what
/// kubectl prints on standard error.
struct Case {
    what: &'static str,
    flags: &'static str,
    text: String,
    want: String,
}

fn case(what: &'static str, text: impl Into<String>, want: impl Into<String>) -> Case {
    Case { what, flags: "", text: text.into(), want: want.into() }
}

fn flagged(what: &'static str, flags: &'static str, text: impl Into<String>, want: impl Into<String>) -> Case {
    Case { what, flags, text: text.into(), want: want.into() }
}

fn syntax_cases() -> Vec<Case> {
    let mut bomb = String::from(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n",
    );
    for i in 1..10 {
        bomb.push_str(&format!(
            "    a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n",
            p = i - 1
        ));
    }
    vec![
        // kubectl
        case("glued colon", "kind: Pod\nmetadata:\n  labels:\n    app:web\n    tier: x\n", format!("{PARSE}line 5: mapping values are not allowed in this context\nhint: line 4: \"app:web\"")),
        case("key without a colon at the end", "kind: Pod\nmetadata", format!("{PARSE}line 3: could not find expected ':'")),
        case("bad indentation", "a:\n  b: 1\n c: 2\n", format!("{PARSE}line 2: did not find expected key")),
        case("unclosed flow sequence", "a: [1, 2\n", format!("{PARSE}line 1: did not find expected ',' or ']'")),
        case("unclosed quote", "kind: Pod\nx: 'a\n", format!("{PARSE}line 3: found unexpected end of stream")),
        case("tab indentation", "\tkind: Pod\n", format!("{PARSE}found character that cannot start any token")),
        case("tab in a block scalar", "a: |\n  x\n\ty\n", format!("{PARSE}line 3: found a tab character where an indentation space is expected")),
        case("trailing text after a quoted value", "kind: Pod\nimage: \"nginx\"latest\n", format!("{PARSE}line 1: did not find expected key")),
        case("unknown alias", "kind: *x\n", format!("{PARSE}unknown anchor 'x' referenced")),
        case("alias name go-yaml cannot read", "kind: */Resources\n", format!("{PARSE}did not find expected alphabetic or numeric character")),
        case("anchor that contains itself", "a: &x [*x]\n", format!("{PARSE}anchor 'x' value contains itself")),
        case("value its tag cannot hold", "replicas: !!int three\n", format!("{PARSE}cannot decode !!str `three` as a !!int")),
        case("list as a key", "[1, 2]: x\n", format!("{PARSE}invalid map key: []interface {{}}{{1, 2}}")),
        case("infinity", "kind: Pod\nx: .inf\n", "error: error parsing STDIN: error converting YAML to JSON: json: unsupported value: +Inf"),
        case("control character", "kind: Pod\u{7}\n", format!("{PARSE}control characters are not allowed")),
        case("unknown directive", "%FOO\n---\nkind: Pod\n", format!("{PARSE}found unknown directive name")),
        case("bad separator", "--- foo\nkind: Pod\n", "error: error parsing STDIN: invalid Yaml document separator: foo"),
        case("alias bomb", bomb, format!("{PARSE}document contains excessive aliasing")),
        case("JSON with a trailing comma", "{\"kind\": \"Pod\",}", "error: error parsing STDIN: json: offset 16: invalid character '}' looking for beginning of object key string"),
        case("JSON cut short", "{\"kind\": \"Pod\", \"metadata\": {", "error: error parsing STDIN: unexpected EOF"),
        case("JSON keys without quotes", "{kind: Pod}", "error: error parsing STDIN: json: offset 2: invalid character 'k' looking for beginning of object key string"),
    ]
}

fn nesting_cases() -> Vec<Case> {
    vec![
        // kubectl (go-yaml's limit)
        case(
            "flow collections nested past 10000",
            format!("a: {}\n", "[".repeat(10_001)),
            format!("{PARSE}exceeded max depth of 10000"),
        ),
        case(
            "block collections nested past 10000",
            format!("{}a\n", "- ".repeat(10_001)),
            format!("{PARSE}exceeded max depth of 10000"),
        ),
        // kubeplay's own limits (a real cluster reads these): its message, and a hint saying so.
        case(
            "flow collections nested past kubeplay's 255",
            format!("a: {}{}\n", "[".repeat(300), "]".repeat(300)),
            format!("{PARSE}exceeded max depth of 255\nhint: this is kubeplay's limit"),
        ),
        case(
            "block collections nested past kubeplay's 1000",
            format!("{}a\n", "- ".repeat(2_000)),
            format!("{PARSE}exceeded max depth of 1000\nhint: this is kubeplay's limit"),
        ),
    ]
}

fn client_cases() -> Vec<Case> {
    vec![
        // kubectl
        case("no kind or apiVersion", "metadata:\n  name: x\n", format!("error: error validating \"STDIN\": error validating data: [apiVersion not set, kind not set]{VALIDATE_OFF}")),
        case("no kind", "apiVersion: v1\nmetadata:\n  name: x\n", format!("error: error validating \"STDIN\": error validating data: kind not set{VALIDATE_OFF}")),
        case("kind not a string", "apiVersion: v1\nkind: 5\n", format!("error: error validating \"STDIN\": error validating data: kind isn't string type{VALIDATE_OFF}")),
        case("apiVersion not a string", "apiVersion: 1\nkind: Pod\n", format!("error: error validating \"STDIN\": error validating data: apiVersion isn't string type{VALIDATE_OFF}")),
        case("bad group version", "apiVersion: apps/v1/x\nkind: Deployment\n", format!("error: error validating \"STDIN\": error validating data: unexpected GroupVersion string: apps/v1/x{VALIDATE_OFF}")),
        case("a list, not an object", "- a\n- b\n", format!("error: error validating \"STDIN\": error validating data: invalid object to validate{VALIDATE_OFF}")),
        case("a string, not an object", "just text\n", format!("error: error validating \"STDIN\": error validating data: invalid object to validate{VALIDATE_OFF}")),
        flagged("a list with validation off", "--validate=false", "- a\n- b\n", "error: unable to decode \"STDIN\": json: cannot unmarshal array into Go value of type unstructured.detector"),
        flagged("no kind with validation off", "--validate=false", "apiVersion: v1\nmetadata:\n  name: x\n", "error: unable to decode \"STDIN\": Object 'Kind' is missing in '{\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}'"),
        flagged("no apiVersion for an apps kind with validation off", "--validate=false", "kind: Deployment\nmetadata:\n  name: x\n", "error: resource mapping not found for name: \"x\" namespace: \"\" from \"STDIN\": no matches for kind \"Deployment\" in version \"\"\nensure CRDs are installed first"),
        flagged("a bad --validate value", "--validate=maybe", pod("", ""), "error: invalid - validate option \"maybe\"; must be one of: strict (or true), warn, ignore (or false)"),
        case("label value a number", pod("  labels:\n    v: 1.0\n", ""), "error: unable to decode \"STDIN\": json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string"),
        case("labels a list", pod("  labels: [a, b]\n", ""), "error: unable to decode \"STDIN\": json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string"),
        case("misspelt kind", "apiVersion: apps/v1\nkind: Deploymnet\nmetadata:\n  name: x\n", "error: resource mapping not found for name: \"x\" namespace: \"\" from \"STDIN\": no matches for kind \"Deploymnet\" in version \"apps/v1\"\nensure CRDs are installed first\nhint: did you mean kind \"Deployment\"?"),
        case("retired version", "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: x\n", "error: resource mapping not found for name: \"x\" namespace: \"\" from \"STDIN\": no matches for kind \"Deployment\" in version \"extensions/v1beta1\"\nensure CRDs are installed first\nhint: Deployment is served as apiVersion apps/v1"),
        case("kind in the wrong group", "apiVersion: v1\nkind: Deployment\nmetadata:\n  name: x\n", "error: resource mapping not found for name: \"x\" namespace: \"\" from \"STDIN\": no matches for kind \"Deployment\" in version \"v1\""),
        case("unknown kind", "apiVersion: v1\nkind: Gizmo\nmetadata:\n  name: x\n", "error: resource mapping not found for name: \"x\" namespace: \"\" from \"STDIN\": no matches for kind \"Gizmo\" in version \"v1\""),
        case("no name", "apiVersion: v1\nkind: Namespace\nmetadata:\n  labels: {a: b}\n", "error: error when retrieving current configuration of:\nResource: \"/v1, Resource=namespaces\", GroupVersionKind: \"/v1, Kind=Namespace\"\nName: \"\", Namespace: \"\"\nfrom server for: \"STDIN\": resource name may not be empty"),
        case("generateName with apply", "apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: web-\nspec:\n  containers:\n  - name: c\n    image: nginx\n", "error: from web-: cannot use generate name with apply"),
        case("only empty documents", "---\n# nothing\n---\n", "error: no objects passed to apply"),
        flagged("List item of an unknown kind", "--validate=false", "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Gizmo\n  metadata:\n    name: g\n", "unable to recognize no matches for kind \"Gizmo\" in version \"v1\""),
        flagged("List item without an apiVersion", "--validate=false", "apiVersion: v1\nkind: List\nitems:\n- kind: Namespace\n  metadata:\n    name: n\n", "unable to get type info from the object \"*unstructured.Unstructured\": Object 'apiVersion' is missing in 'object has no apiVersion field'"),
        case("an object with an empty items list", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nitems: []\n", "error: no objects passed to apply"),
    ]
}

fn decoding_cases() -> Vec<Case> {
    let bad = |kind: &str, rest: &str| {
        format!("Error from server (BadRequest): error when creating \"STDIN\": {kind} in version \"v1\" cannot be handled as a {kind}: {rest}")
    };
    vec![
        // server: unknown fields at several depths
        case("unknown top-level field", pod("", "").replace("kind: Pod\n", "kind: Pod\nspecs: {}\n"), bad("Pod", "strict decoding error: unknown field \"specs\"")),
        case("unknown field in the template's pod spec", deploy("").replace("containers:", "cantainers:"), bad("Deployment", "strict decoding error: unknown field \"spec.template.spec.cantainers\"")),
        case("unknown fields in metadata and a container", pod("  lables: {}\n", "    imagee: x\n"), bad("Pod", "strict decoding error: unknown field \"metadata.lables\", unknown field \"spec.containers[0].imagee\"")),
        case("unknown field deep in a probe", pod("", "    livenessProbe:\n      httpGet:\n        port: 80\n        paht: /healthz\n"), bad("Pod", "strict decoding error: unknown field \"spec.containers[0].livenessProbe.httpGet.paht\"")),
        case("a field indented into metadata", deploy("").replace("      labels:\n        app: web\n    spec:", "      labels:\n        app: web\n      spec:"), bad("Deployment", "strict decoding error: unknown field \"spec.template.metadata.containers\", unknown field \"spec.template.metadata.spec\"")),
        // server: wrong types
        case("replicas a string", deploy("  replicas: two\n"), bad("Deployment", "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32")),
        case("replicas fractional", deploy("  replicas: 1.5\n"), bad("Deployment", "json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32")),
        case("image a bool", pod("", "    tty: yes\n").replace("image: nginx", "image: true"), bad("Pod", "json: cannot unmarshal bool into Go struct field Container.spec.containers.image of type string")),
        case("containers not a list", pod("", "").replace("  containers:\n  - name: c\n    image: nginx\n", "  containers: nginx\n"), bad("Pod", "json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container")),
        case("spec a string", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec: nginx\n", bad("Deployment", "json: cannot unmarshal string into Go struct field Deployment.spec of type v1.DeploymentSpec")),
        case("port a string", pod("", "    ports:\n    - containerPort: http\n"), bad("Pod", "json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32")),
        case("args not strings", pod("", "    args: [--port, 80]\n"), bad("Pod", "json: cannot unmarshal number into Go struct field Container.spec.containers.args of type string")),
        case("env value a number", pod("", "    env:\n    - name: NUM\n      value: 3\n"), bad("Pod", "json: cannot unmarshal number into Go struct field EnvVar.spec.containers.env.value of type string")),
        case("bad quantity", pod("", "    resources:\n      requests:\n        memory: 1Gb\n"), bad("Pod", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")),
        case("maxSurge a bool", deploy("  strategy:\n    rollingUpdate:\n      maxSurge: true\n"), bad("Deployment", "json: cannot unmarshal bool into Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge of type int32")),
        case("a time that is not one", pod("  creationTimestamp: yesterday\n", ""), "error: unable to decode \"STDIN\": parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\""),
        // server: absurd numbers
        case("replicas beyond int32", deploy("  replicas: 99999999999\n"), bad("Deployment", "json: cannot unmarshal number 99999999999 into Go struct field DeploymentSpec.spec.replicas of type int32")),
        case("replicas written 1e400", deploy("  replicas: 1e400\n"), bad("Deployment", "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32")),
        // kubectl decodes 2^63 as a float64 and sends it back as Go writes that float.
        case("grace period beyond int64", pod_spec("  terminationGracePeriodSeconds: 9223372036854775808\n"), bad("Pod", "json: cannot unmarshal number 9223372036854776000 into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64")),
    ]
}

fn validation_cases() -> Vec<Case> {
    let long_label = "x".repeat(64);
    let long_cron = "c".repeat(53);
    let big_annotation = format!("  annotations:\n    big: \"{}\"\n", "y".repeat(262_144));
    vec![
        // server: names, labels, annotations, metadata (apimachinery validation, ValidateObjectMeta)
        case("bad name", pod("", "").replace("name: p\n", "name: My_Pod\n"), format!("The Pod \"My_Pod\" is invalid: metadata.name: Invalid value: \"My_Pod\": {SUBDOMAIN}")),
        case("namespace name with a dot", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a.b\n", "The Namespace \"a.b\" is invalid: metadata.name: Invalid value: \"a.b\": must not contain dots"),
        case("service name starting with a digit", service("  ports:\n  - port: 80\n").replace("name: s\n", "name: 1web\n"), "The Service \"1web\" is invalid: metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"),
        case("label value too long", pod(&format!("  labels:\n    a: {long_label}\n"), ""), format!("The Pod \"p\" is invalid: metadata.labels: Invalid value: \"{long_label}\": must be no more than 63 characters")),
        case("bad label key", pod("  labels:\n    \"a b\": x\n", ""), "The Pod \"p\" is invalid: metadata.labels: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"),
        case("bad annotation key", pod("  annotations:\n    \"/x\": v\n", ""), "The Pod \"p\" is invalid: metadata.annotations: Invalid value: \"/x\": prefix part must be non-empty"),
        case("annotations too large", pod(&big_annotation, ""), "The Pod \"p\" is invalid: metadata.annotations: Too long: may not be more than 262144 bytes"),
        case("owner reference without a uid", pod("  ownerReferences:\n  - apiVersion: v1\n    kind: Pod\n    name: x\n    uid: \"\"\n", ""), "The Pod \"p\" is invalid: metadata.ownerReferences.uid: Invalid value: \"\": uid must not be empty"),
        case("finalizer that is not a qualified name", pod("  finalizers: [\"a b\"]\n", ""), "The Pod \"p\" is invalid: \n* metadata.finalizers: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\n* metadata.finalizers[0]: Invalid value: \"a b\": name is neither a standard finalizer name nor is it fully qualified"),
        case("namespace that does not exist", pod("  namespace: nowhere\n", ""), "Error from server (NotFound): error when creating \"STDIN\": namespaces \"nowhere\" not found"),
        // server: pods (pkg/apis/core/validation)
        case("no containers", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec: {}\n", "The Pod \"p\" is invalid: spec.containers: Required value"),
        case("no image", pod("", "").replace("    image: nginx\n", ""), "The Pod \"p\" is invalid: spec.containers[0].image: Required value"),
        case("two containers with one name", pod("", "  - name: c\n    image: redis\n"), "The Pod \"p\" is invalid: spec.containers[1].name: Duplicate value: \"c\""),
        case("port out of range", pod("", "    ports:\n    - containerPort: 70000\n"), "The Pod \"p\" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"),
        case("env name with an equals sign", pod("", "    env:\n    - name: A=B\n      value: x\n"), "The Pod \"p\" is invalid: spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='"),
        case("request over the limit", pod("", "    resources:\n      requests:\n        cpu: \"2\"\n      limits:\n        cpu: \"1\"\n"), "The Pod \"p\" is invalid: spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1"),
        case("unknown resource name", pod("", "    resources:\n      limits:\n        gpu: \"1\"\n"), "The Pod \"p\" is invalid: \n* spec.containers[0].resources.limits[gpu]: Invalid value: \"gpu\": must be a standard resource type or fully qualified"),
        case("probe with no handler", pod("", "    livenessProbe:\n      periodSeconds: 5\n"), "The Pod \"p\" is invalid: spec.containers[0].livenessProbe: Required value: must specify a handler type"),
        case("mount of a volume that is not there", pod("", "    volumeMounts:\n    - name: data\n      mountPath: /data\n"), "The Pod \"p\" is invalid: spec.containers[0].volumeMounts[0].name: Not found: \"data\""),
        case("two volumes with one name", pod_spec("  volumes:\n  - name: v\n    emptyDir: {}\n  - name: v\n    emptyDir: {}\n"), "The Pod \"p\" is invalid: spec.volumes[1].name: Duplicate value: \"v\""),
        case("bad restartPolicy", pod_spec("  restartPolicy: Sometimes\n"), "The Pod \"p\" is invalid: spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""),
        case("dnsPolicy None without dnsConfig", pod_spec("  dnsPolicy: None\n"), "The Pod \"p\" is invalid: spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"),
        case("bad toleration operator", pod_spec("  tolerations:\n  - key: a\n    operator: Maybe\n"), "The Pod \"p\" is invalid: spec.tolerations[0].operator: Unsupported value: \"Maybe\": supported values: \"Equal\", \"Exists\""),
        case("bad pull policy", pod("", "    imagePullPolicy: Sometimes\n"), "The Pod \"p\" is invalid: spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\""),
        case("zero activeDeadlineSeconds", pod_spec("  activeDeadlineSeconds: 0\n"), "The Pod \"p\" is invalid: spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"),
        case("bad affinity operator", pod_spec("  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        - matchExpressions:\n          - key: a\n            operator: Like\n"), "The Pod \"p\" is invalid: spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: Invalid value: \"Like\": not a valid selector operator"),
        case("bad topology spread", pod_spec("  topologySpreadConstraints:\n  - maxSkew: 0\n    topologyKey: zone\n    whenUnsatisfiable: DoNotSchedule\n"), "The Pod \"p\" is invalid: spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero"),
        case("bad whenUnsatisfiable", deploy("      topologySpreadConstraints:\n      - maxSkew: 1\n        topologyKey: zone\n        whenUnsatisfiable: Wait\n"), "The Deployment \"web\" is invalid: spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: \"Wait\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\""),
        case("pod affinity weight out of range", pod_spec("  affinity:\n    podAntiAffinity:\n      preferredDuringSchedulingIgnoredDuringExecution:\n      - weight: 200\n        podAffinityTerm:\n          topologyKey: kubernetes.io/hostname\n"), "The Pod \"p\" is invalid: spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 200: must be in the range 1-100"),
        case("pod affinity without a topology key", pod_spec("  affinity:\n    podAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n      - labelSelector:\n          matchLabels:\n            app: db\n"), "The Pod \"p\" is invalid: \n* spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty\n* spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: \"\": name part must be non-empty"),
        // server: apps (pkg/apis/apps/validation)
        case("negative replicas", deploy("  replicas: -1\n"), "The Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
        case("selector does not match", deploy("").replace("      labels:\n        app: web", "      labels:\n        app: other"), "The Deployment \"web\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`"),
        case("no selector", format!("{DEPLOY_HEAD}spec:\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx\n"), "The Deployment \"web\" is invalid: \n* spec.selector: Required value"),
        case("restartPolicy in a Deployment", deploy("      restartPolicy: OnFailure\n"), "The Deployment \"web\" is invalid: spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\""),
        case("both fenceposts zero", deploy("  strategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 0\n"), "The Deployment \"web\" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0"),
        case("maxSurge over 100%", deploy("  strategy:\n    rollingUpdate:\n      maxUnavailable: 110%\n"), "The Deployment \"web\" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"110%\"}: must not be greater than 100%"),
        case("progress deadline within minReadySeconds", deploy("  minReadySeconds: 600\n"), "The Deployment \"web\" is invalid: spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds"),
        case("DaemonSet that can make no progress", "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: d\nspec:\n  selector:\n    matchLabels:\n      app: d\n  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: 0\n  template:\n    metadata:\n      labels:\n        app: d\n    spec:\n      containers:\n      - name: c\n        image: busybox\n", "The DaemonSet \"d\" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0"),
        case("ControllerRevision without data", "apiVersion: apps/v1\nkind: ControllerRevision\nmetadata:\n  name: r\nrevision: -1\n", "The ControllerRevision \"r\" is invalid: \n* data: Required value: data is mandatory\n* revision: Invalid value: -1: must be greater than or equal to 0"),
        // server: batch (pkg/apis/batch/validation)
        case("Job with restartPolicy Always", job("", "Always"), "The Job \"j\" is invalid: spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""),
        case("negative completions", job("  completions: -1\n", "Never"), "The Job \"j\" is invalid: spec.completions: Invalid value: -1: must be greater than or equal to 0"),
        case("negative backoffLimit", job("  backoffLimit: -1\n", "Never"), "The Job \"j\" is invalid: spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0"),
        case("Indexed Job without completions", job("  completionMode: Indexed\n  parallelism: 2\n", "Never"), "The Job \"j\" is invalid: spec.completions: Required value: when completion mode is Indexed"),
        case("podFailurePolicy with OnFailure", job("  podFailurePolicy:\n    rules:\n    - action: FailJob\n      onExitCodes:\n        operator: In\n        values: [1]\n", "OnFailure"), "The Job \"j\" is invalid: spec.template.spec.restartPolicy: Invalid value: \"OnFailure\": only \"Never\" is supported when podFailurePolicy is specified"),
        case("CronJob schedule with four fields", cron_job("  schedule: \"* * * *\"\n"), "The CronJob \"c\" is invalid: spec.schedule: Invalid value: \"* * * *\": expected exactly 5 fields, found 4: [* * * *]"),
        case("CRON_TZ in the schedule", cron_job("  schedule: \"CRON_TZ=UTC 0 * * * *\"\n"), "The CronJob \"c\" is invalid: spec.schedule: Invalid value: \"CRON_TZ=UTC 0 * * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead"),
        case("unknown time zone", cron_job("  schedule: \"0 * * * *\"\n  timeZone: Mars/Olympus\n"), "The CronJob \"c\" is invalid: spec.timeZone: Invalid value: \"Mars/Olympus\": unknown time zone Mars/Olympus"),
        case("bad concurrencyPolicy", cron_job("  schedule: \"0 * * * *\"\n  concurrencyPolicy: Sometimes\n"), "The CronJob \"c\" is invalid: spec.concurrencyPolicy: Unsupported value: \"Sometimes\": supported values: \"Allow\", \"Forbid\", \"Replace\""),
        case("CronJob name over 52 characters", cron_job("  schedule: \"0 * * * *\"\n").replace("name: c\n", &format!("name: {long_cron}\n")), format!("The CronJob \"{long_cron}\" is invalid: metadata.name: Invalid value: \"{long_cron}\": must be no more than 52 characters")),
        // server: core kinds (pkg/apis/core/validation)
        case("ReplicationController selector does not match", "apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: rc\nspec:\n  selector:\n    app: a\n  template:\n    metadata:\n      labels:\n        app: b\n    spec:\n      containers:\n      - name: c\n        image: nginx\n", "The ReplicationController \"rc\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"b\"}: `selector` does not match template `labels`"),
        case("taint with a bad effect", "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\nspec:\n  taints:\n  - key: a\n    effect: Sometimes\n", "The Node \"n1\" is invalid: metadata.taints[0].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""),
        case("Endpoints with a loopback address", "apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: e\nsubsets:\n- addresses:\n  - ip: 127.0.0.1\n  ports:\n  - port: 80\n", "The Endpoints \"e\" is invalid: subsets[0].addresses[0].ip: Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)"),
        case("Endpoints with no addresses", "apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: e\nsubsets:\n- ports:\n  - port: 80\n", "The Endpoints \"e\" is invalid: subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`"),
        case("Event about another namespace", "apiVersion: v1\nkind: Event\nmetadata:\n  name: e\ninvolvedObject:\n  kind: Pod\n  name: p\n  namespace: other\nreason: R\nmessage: m\n", "The Event \"e\" is invalid: involvedObject.namespace: Invalid value: \"other\": does not match event.namespace"),
        // server: discovery (pkg/apis/discovery/validation)
        case("EndpointSlice with a bad address type", "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: es\naddressType: IPv5\nendpoints: []\n", "The EndpointSlice \"es\" is invalid: addressType: Unsupported value: \"IPv5\": supported values: \"FQDN\", \"IPv4\", \"IPv6\""),
        case("EndpointSlice with a bad IPv4 address", "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: es\naddressType: IPv4\nendpoints:\n- addresses: [10.0.0.300]\n", "The EndpointSlice \"es\" is invalid: \n* endpoints[0].addresses[0]: Invalid value: \"10.0.0.300\": must be a valid IPv4 address\n* endpoints[0].addresses[0]: Invalid value: \"10.0.0.300\": must be a valid IP address"),
        // server: services (pkg/apis/core/validation ValidateService, the service registry)
        case("Service without ports", service("  selector:\n    app: web\n"), "The Service \"s\" is invalid: spec.ports: Required value"),
        case("Service port 0", service("  ports:\n  - port: 0\n"), "The Service \"s\" is invalid: \n* spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n* spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive"),
        case("two unnamed Service ports", service("  ports:\n  - port: 80\n  - port: 443\n"), "The Service \"s\" is invalid: \n* spec.ports[0].name: Required value\n* spec.ports[1].name: Required value"),
        case("bad Service type", service("  type: Public\n  ports:\n  - port: 80\n"), "The Service \"s\" is invalid: spec.type: Unsupported value: \"Public\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""),
        case("nodePort on a ClusterIP Service", service("  ports:\n  - port: 80\n    nodePort: 30080\n"), "The Service \"s\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"),
        case("nodePort out of range", service("  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 80\n"), "The Service \"s\" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767"),
        case("ExternalName without a name", service("  type: ExternalName\n"), "The Service \"s\" is invalid: spec.externalName: Required value"),
        case("cluster IP that is not an IP", service("  clusterIP: 10.96.0.300\n  ports:\n  - port: 80\n"), "The Service \"s\" is invalid: spec.clusterIPs[0]: Invalid value: \"10.96.0.300\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"),
    ]
}

fn cases() -> Vec<Case> {
    let mut all = syntax_cases();
    all.extend(nesting_cases());
    all.extend(client_cases());
    all.extend(decoding_cases());
    all.extend(validation_cases());
    all
}

#[test]
fn every_bad_input_gets_its_message_and_changes_nothing() {
    let list = cases();
    assert!(list.len() >= 100, "{} cases", list.len());
    let mut failures = Vec::new();
    for Case { what, flags, text, want } in list {
        let mut c = Cluster::new(1);
        let before = fingerprint(&c);
        let out = if flags.is_empty() {
            shell::apply_text(&mut c, &text)
        } else {
            shell::exec(&mut c, &format!("kubectl apply -f - {flags}"), Some(&text), &NoFiles)
        };
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
        if flags.is_empty() && out.diagnostics.is_empty() {
            failures.push(format!("{what}: no diagnostic for the editor"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A manifest on disk, read as the CLI and the scenario runner read files: bytes that are not
/// UTF-8 become U+FFFD, as kubectl's UTF-8 decoder makes them.
struct ByteFile(&'static [u8]);

impl Files for ByteFile {
    fn read(&self, path: &str) -> Option<String> {
        (path == "x.yaml").then(|| String::from_utf8_lossy(self.0).into_owned())
    }
}

#[test]
fn invalid_utf8_is_read_as_kubectl_reads_it() {
    // Checked with kubectl v1.32: a bad byte in a value is accepted as U+FFFD...
    let ok =
        ByteFile(b"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ok\n  annotations:\n    note: \"caf\xe9\"\n");
    let mut c = Cluster::new(1);
    let out = shell::exec(&mut c, "kubectl apply -f x.yaml", None, &ok);
    assert_eq!(out.stdout, "namespace/ok created\n", "{}", out.stderr);
    // ...and one in a name is then refused by validation, which quotes it as Go does.
    let bad = ByteFile(b"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: caf\xe9\n");
    let before = fingerprint(&c);
    let out = shell::exec(&mut c, "kubectl apply -f x.yaml", None, &bad);
    assert!(
        out.stderr.starts_with("The Namespace \"caf\u{fffd}\" is invalid: \n* metadata.name: Invalid value: \"caf\u{fffd}\": a lowercase RFC 1123 label"),
        "{}",
        out.stderr
    );
    assert_eq!(before, fingerprint(&c));
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
fn an_unknown_field_in_a_changed_object_is_refused_in_kubectl_long_form() {
    let mut c = Cluster::new(1);
    let out = shell::apply_text(&mut c, &deploy(""));
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    let before = fingerprint(&c);
    let out = shell::apply_text(&mut c, &deploy("  replicas: 2\n  paused: false\n  pasued: true\n"));
    let patch = "{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/last-applied-configuration\":\"{\\\"apiVersion\\\":\\\"apps/v1\\\",\\\"kind\\\":\\\"Deployment\\\",\\\"metadata\\\":{\\\"annotations\\\":{},\\\"name\\\":\\\"web\\\",\\\"namespace\\\":\\\"default\\\"},\\\"spec\\\":{\\\"pasued\\\":true,\\\"paused\\\":false,\\\"replicas\\\":2,\\\"selector\\\":{\\\"matchLabels\\\":{\\\"app\\\":\\\"web\\\"}},\\\"template\\\":{\\\"metadata\\\":{\\\"labels\\\":{\\\"app\\\":\\\"web\\\"}},\\\"spec\\\":{\\\"containers\\\":[{\\\"image\\\":\\\"nginx:1.25\\\",\\\"name\\\":\\\"nginx\\\"}]}}}}\\n\"}},\"spec\":{\"pasued\":true,\"paused\":false,\"replicas\":2}}";
    assert_eq!(
        out.stderr,
        format!("Error from server (BadRequest): error when applying patch:\n{patch}\nto:\nResource: \"apps/v1, Resource=deployments\", GroupVersionKind: \"apps/v1, Kind=Deployment\"\nName: \"web\", Namespace: \"default\"\nfor: \"STDIN\": error when patching \"STDIN\": strict decoding error: unknown field \"spec.pasued\"\nhint: line 19: DeploymentSpec has no field \"pasued\"; did you mean \"paused\"?\n")
    );
    assert_eq!(before, fingerprint(&c));
}

#[test]
fn unknown_fields_are_dropped_with_a_warning_or_silently_when_validation_allows() {
    let text = deploy("").replace("      containers:", "      priorityClassNam: high\n      containers:");
    let mut c = Cluster::new(1);
    let out = shell::exec(&mut c, "kubectl apply -f - --validate=warn", Some(&text), &NoFiles);
    assert_eq!(
        (out.stdout.as_str(), out.stderr.as_str()),
        ("deployment.apps/web created\n", "Warning: unknown field \"spec.template.spec.priorityClassNam\"\n")
    );
    let mut c = Cluster::new(1);
    let out = shell::exec(&mut c, "kubectl apply -f - --validate=false", Some(&text), &NoFiles);
    assert_eq!((out.stdout.as_str(), out.stderr.as_str()), ("deployment.apps/web created\n", ""));
    // The field is gone from the object, but kept in what kubectl recorded of the file.
    let out = shell::exec(&mut c, "kubectl get deployment web -o yaml", None, &NoFiles);
    assert!(!out.stdout.contains("\n      priorityClassNam:"), "{}", out.stdout);
    assert!(out.stdout.contains("\"priorityClassNam\":\"high\""), "{}", out.stdout);
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
