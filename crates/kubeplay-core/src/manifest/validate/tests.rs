//! Table tests of whole defaulted objects, per kind and area: each case is an object, a change,
//! and the errors exactly as the apiserver prints them, in its order.

use crate::json::{json, Value};

use super::{validate_create, validate_update};
use crate::api::Kind;

const SUBDOMAIN: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const LABEL_VALUE: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const QNAME_PART: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

/// Sets (or, with `null`, removes) the value at a JSON pointer, creating objects on the way.
fn set(v: &mut Value, pointer: &str, new: Value) {
    let tokens: Vec<String> = pointer.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~")).collect();
    let Some((last, parents)) = tokens.split_last() else {
        *v = new;
        return;
    };
    let mut cur = v;
    for t in parents {
        cur = match cur {
            Value::Array(a) => &mut a[t.parse::<usize>().unwrap()],
            Value::Object(m) => m.entry(t.clone()).or_insert_with(|| json!({})),
            _ => panic!("cannot descend into {t}"),
        };
    }
    match cur {
        Value::Array(a) => a[last.parse::<usize>().unwrap()] = new,
        Value::Object(m) => {
            if new.is_null() {
                m.remove(last.as_str());
            } else {
                m.insert(last.to_string(), new);
            }
        }
        _ => panic!("cannot set {last}"),
    }
}

/// `base` with each `(pointer, value)` change applied.
fn with(base: &Value, changes: &[(&str, Value)]) -> Value {
    let mut v = base.clone();
    for (p, n) in changes {
        set(&mut v, p, n.clone());
    }
    v
}

fn container() -> Value {
    json!({"name": "c", "image": "nginx", "imagePullPolicy": "Always", "terminationMessagePath": "/dev/termination-log",
        "terminationMessagePolicy": "File", "resources": {}})
}

fn pod_spec(restart: &str) -> Value {
    json!({"containers": [container()], "restartPolicy": restart, "dnsPolicy": "ClusterFirst",
        "terminationGracePeriodSeconds": 30, "schedulerName": "default-scheduler", "securityContext": {}})
}

fn pod() -> Value {
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "default", "uid": "u1"},
        "spec": pod_spec("Always")})
}

fn template(labels: Value, restart: &str) -> Value {
    json!({"metadata": {"labels": labels}, "spec": pod_spec(restart)})
}

fn deployment() -> Value {
    json!({"metadata": {"name": "web", "namespace": "default"}, "spec": {"replicas": 1, "revisionHistoryLimit": 10,
        "progressDeadlineSeconds": 600, "selector": {"matchLabels": {"app": "web"}},
        "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
        "template": template(json!({"app": "web"}), "Always")}})
}

fn replica_set() -> Value {
    json!({"metadata": {"name": "web", "namespace": "default"}, "spec": {"replicas": 1,
        "selector": {"matchLabels": {"app": "web"}}, "template": template(json!({"app": "web"}), "Always")}})
}

fn daemon_set() -> Value {
    json!({"metadata": {"name": "agent", "namespace": "default"}, "spec": {"revisionHistoryLimit": 10,
        "selector": {"matchLabels": {"app": "agent"}},
        "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}},
        "template": template(json!({"app": "agent"}), "Always")}})
}

fn replication_controller() -> Value {
    json!({"metadata": {"name": "web", "namespace": "default"}, "spec": {"replicas": 1, "selector": {"app": "web"},
        "template": template(json!({"app": "web"}), "Always")}})
}

fn job_labels() -> Value {
    json!({"batch.kubernetes.io/controller-uid": "uid-1", "batch.kubernetes.io/job-name": "j",
        "controller-uid": "uid-1", "job-name": "j"})
}

fn job() -> Value {
    json!({"metadata": {"name": "j", "namespace": "default", "uid": "uid-1", "labels": job_labels()},
        "spec": {"parallelism": 1, "completions": 1, "backoffLimit": 6, "completionMode": "NonIndexed",
        "suspend": false, "podReplacementPolicy": "TerminatingOrFailed",
        "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "uid-1"}},
        "template": template(job_labels(), "Never")}})
}

fn cron_job() -> Value {
    json!({"metadata": {"name": "hello", "namespace": "default"}, "spec": {"schedule": "*/5 * * * *",
        "concurrencyPolicy": "Allow", "suspend": false, "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1,
        "jobTemplate": {"metadata": {}, "spec": {"template": {"metadata": {}, "spec": pod_spec("OnFailure")}}}}})
}

fn service() -> Value {
    json!({"metadata": {"name": "web", "namespace": "default"}, "spec": {"type": "ClusterIP",
        "ports": [{"port": 80, "protocol": "TCP", "targetPort": 8080}], "selector": {"app": "web"},
        "sessionAffinity": "None", "internalTrafficPolicy": "Cluster", "clusterIP": "10.96.0.10",
        "clusterIPs": ["10.96.0.10"], "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack"}})
}

fn texts(errs: &[crate::manifest::field::FieldError]) -> Vec<String> {
    errs.iter().map(ToString::to_string).collect()
}

/// Runs create cases and reports every mismatch at once.
fn check_create(cases: Vec<(&str, Kind, Value, Vec<String>)>) {
    let mut failures = Vec::new();
    for (what, kind, obj, want) in cases {
        let got = texts(&validate_create(kind, &obj));
        if got != want {
            failures.push(format!("{what}:\n  got  {got:#?}\n  want {want:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Runs update cases (`(what, kind, new, old, want)`).
fn check_update(cases: Vec<(&str, Kind, Value, Value, Vec<String>)>) {
    let mut failures = Vec::new();
    for (what, kind, obj, old, want) in cases {
        let got = texts(&validate_update(kind, &obj, &old));
        if got != want {
            failures.push(format!("{what}:\n  got  {got:#?}\n  want {want:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

// Table following ValidateObjectMeta and the per-kind name functions.
#[test]
fn object_metadata_is_checked_with_each_kinds_name_rule() {
    let cj_name = "a".repeat(53);
    let long_label = "x".repeat(64);
    check_create(vec![
        ("valid deployment", Kind::Deployment, deployment(), vec![]),
        (
            "deployment name with capitals",
            Kind::Deployment,
            with(&deployment(), &[("/metadata/name", json!("Foo"))]),
            vec![format!("metadata.name: Invalid value: \"Foo\": {SUBDOMAIN}")],
        ),
        (
            "service name with a dot",
            Kind::Service,
            with(&service(), &[("/metadata/name", json!("web.api"))]),
            vec![format!("metadata.name: Invalid value: \"web.api\": {DNS1035}")],
        ),
        (
            "service name starting with a digit",
            Kind::Service,
            with(&service(), &[("/metadata/name", json!("1web"))]),
            vec![format!("metadata.name: Invalid value: \"1web\": {DNS1035}")],
        ),
        (
            "namespace name with a dot",
            Kind::Namespace,
            json!({"metadata": {"name": "my.ns"}, "spec": {"finalizers": ["kubernetes"]}}),
            s(&["metadata.name: Invalid value: \"my.ns\": must not contain dots"]),
        ),
        (
            "cronjob name over 52 characters",
            Kind::CronJob,
            with(&cron_job(), &[("/metadata/name", json!(cj_name))]),
            vec![format!("metadata.name: Invalid value: \"{cj_name}\": must be no more than 52 characters")],
        ),
        (
            "pod without a name",
            Kind::Pod,
            with(&pod(), &[("/metadata/name", Value::Null)]),
            s(&["metadata.name: Required value: name or generateName is required"]),
        ),
        (
            "bad generateName prefix and no name",
            Kind::Pod,
            with(&pod(), &[("/metadata/name", Value::Null), ("/metadata/generateName", json!("Web-"))]),
            vec![
                format!("metadata.generateName: Invalid value: \"Web-\": {SUBDOMAIN}"),
                "metadata.name: Required value: name or generateName is required".to_string(),
            ],
        ),
        (
            "deployment without a namespace",
            Kind::Deployment,
            with(&deployment(), &[("/metadata/namespace", Value::Null)]),
            s(&["metadata.namespace: Required value"]),
        ),
        (
            "label key with a space",
            Kind::Deployment,
            with(&deployment(), &[("/metadata/labels", json!({"bad key": "x"}))]),
            vec![format!("metadata.labels: Invalid value: \"bad key\": {QNAME_PART}")],
        ),
        (
            "annotation key with two slashes",
            Kind::Deployment,
            with(&deployment(), &[("/metadata/annotations", json!({"a/b/c": "x"}))]),
            s(&["metadata.annotations: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]),
        ),
        (
            "node with a namespace",
            Kind::Node,
            json!({"metadata": {"name": "n1", "namespace": "default"}}),
            s(&["metadata.namespace: Forbidden: not allowed on this type"]),
        ),
        (
            "an Event as owner",
            Kind::Deployment,
            with(&deployment(), &[("/metadata/ownerReferences", json!([{"apiVersion": "v1", "kind": "Event", "name": "e", "uid": "1"}]))]),
            s(&["metadata.ownerReferences: Invalid value: v1.OwnerReference{APIVersion:\"v1\", Kind:\"Event\", Name:\"e\", UID:\"1\", Controller:(*bool)(nil), BlockOwnerDeletion:(*bool)(nil)}: /v1, Kind=Event is disallowed from being an owner"]),
        ),
        (
            "a label value over 63 characters everywhere kubectl create deployment puts it",
            Kind::Deployment,
            with(
                &deployment(),
                &[
                    ("/metadata/labels", json!({"app": long_label})),
                    ("/spec/selector/matchLabels/app", json!(long_label)),
                    ("/spec/template/metadata/labels/app", json!(long_label)),
                ],
            ),
            vec![
                format!("metadata.labels: Invalid value: \"{long_label}\": must be no more than 63 characters"),
                format!("spec.selector.matchLabels: Invalid value: \"{long_label}\": must be no more than 63 characters"),
                format!("spec.selector: Invalid value: v1.LabelSelector{{MatchLabels:map[string]string{{\"app\":\"{long_label}\"}}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}: invalid label selector"),
            ],
        ),
        (
            "a finalizer with two slashes",
            Kind::Deployment,
            with(&deployment(), &[("/metadata/finalizers", json!(["a/b/c"]))]),
            s(&["metadata.finalizers: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]),
        ),
    ]);
}

// Table following validateContainers / validateContainerCommon / validateContainerPorts / ValidateEnv.
#[test]
fn containers_report_names_images_ports_and_env_in_upstream_order() {
    let c = "/spec/containers/0";
    check_create(vec![
        ("valid pod", Kind::Pod, pod(), vec![]),
        ("no containers", Kind::Pod, with(&pod(), &[("/spec/containers", json!([]))]), s(&["spec.containers: Required value"])),
        (
            "container name with capitals",
            Kind::Pod,
            with(&pod(), &[(&format!("{c}/name"), json!("Web"))]),
            vec![format!("spec.containers[0].name: Invalid value: \"Web\": {LABEL}")],
        ),
        ("empty image", Kind::Pod, with(&pod(), &[(&format!("{c}/image"), json!(""))]), s(&["spec.containers[0].image: Required value"])),
        (
            "image with a leading space",
            Kind::Pod,
            with(&pod(), &[(&format!("{c}/image"), json!(" nginx"))]),
            s(&["spec.containers[0].image: Invalid value: \" nginx\": must not have leading or trailing whitespace"]),
        ),
        (
            "two containers with one name",
            Kind::Pod,
            with(&pod(), &[("/spec/containers", json!([container(), container()]))]),
            s(&["spec.containers[1].name: Duplicate value: \"c\""]),
        ),
        (
            "port name with an underscore",
            Kind::Pod,
            with(&pod(), &[(&format!("{c}/ports"), json!([{"name": "HTTP_port", "containerPort": 80, "protocol": "TCP"}]))]),
            s(&["spec.containers[0].ports[0].name: Invalid value: \"HTTP_port\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"]),
        ),
        (
            "container port out of range",
            Kind::Pod,
            with(&pod(), &[(&format!("{c}/ports"), json!([{"containerPort": 70000, "protocol": "TCP"}]))]),
            s(&["spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"]),
        ),
        (
            "container port missing",
            Kind::Pod,
            with(&pod(), &[(&format!("{c}/ports"), json!([{"protocol": "TCP"}]))]),
            s(&["spec.containers[0].ports[0].containerPort: Required value"]),
        ),
        (
            "two ports named http",
            Kind::Pod,
            with(&pod(), &[(&format!("{c}/ports"), json!([{"name": "http", "containerPort": 80, "protocol": "TCP"}, {"name": "http", "containerPort": 81, "protocol": "TCP"}]))]),
            s(&["spec.containers[0].ports[1].name: Duplicate value: \"http\""]),
        ),
        (
            "port protocol HTTP",
            Kind::Pod,
            with(&pod(), &[(&format!("{c}/ports"), json!([{"containerPort": 80, "protocol": "HTTP"}]))]),
            s(&["spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\""]),
        ),
        (
            "one host port in two containers",
            Kind::Pod,
            with(&pod(), &[("/spec/containers", json!([
                with(&container(), &[("/ports", json!([{"containerPort": 80, "hostPort": 8080, "protocol": "TCP"}]))]),
                with(&container(), &[("/name", json!("d")), ("/ports", json!([{"containerPort": 81, "hostPort": 8080, "protocol": "TCP"}]))]),
            ]))]),
            s(&["spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//8080\""]),
        ),
        (
            "env name with an equals sign",
            Kind::Pod,
            with(&pod(), &[(&format!("{c}/env"), json!([{"name": "A=B", "value": "x"}]))]),
            s(&["spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='"]),
        ),
        (
            "env name starting with a digit is fine in 1.32",
            Kind::Pod,
            with(&pod(), &[(&format!("{c}/env"), json!([{"name": "1FOO", "value": "x"}]))]),
            vec![],
        ),
        ("env without a name", Kind::Pod, with(&pod(), &[(&format!("{c}/env"), json!([{"value": "x"}]))]), s(&["spec.containers[0].env[0].name: Required value"])),
        (
            "env valueFrom with no source",
            Kind::Pod,
            with(&pod(), &[(&format!("{c}/env"), json!([{"name": "A", "valueFrom": {}}]))]),
            s(&["spec.containers[0].env[0].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"]),
        ),
        (
            "env fieldRef to an unsupported field",
            Kind::Pod,
            with(&pod(), &[(&format!("{c}/env"), json!([{"name": "A", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.foo"}}}]))]),
            s(&["spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: \"spec.foo\": error converting fieldPath: field label not supported: spec.foo"]),
        ),
        (
            "image pull policy Sometimes",
            Kind::Pod,
            with(&pod(), &[(&format!("{c}/imagePullPolicy"), json!("Sometimes"))]),
            s(&["spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\""]),
        ),
        (
            "restartPolicy on a regular container",
            Kind::Pod,
            with(&pod(), &[(&format!("{c}/restartPolicy"), json!("Always"))]),
            s(&["spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"]),
        ),
        (
            "several missing fields in order",
            Kind::Pod,
            with(&pod(), &[(&format!("{c}/name"), json!("")), (&format!("{c}/image"), json!("")), ("/spec/restartPolicy", json!(""))]),
            s(&["spec.containers[0].name: Required value", "spec.containers[0].image: Required value", "spec.restartPolicy: Required value"]),
        ),
        (
            "volume mount of an unknown volume",
            Kind::Pod,
            with(&pod(), &[(&format!("{c}/volumeMounts"), json!([{"name": "data", "mountPath": "/data"}]))]),
            s(&["spec.containers[0].volumeMounts[0].name: Not found: \"data\""]),
        ),
        (
            "a volume with two sources",
            Kind::Pod,
            with(&pod(), &[("/spec/volumes", json!([{"name": "v", "emptyDir": {}, "hostPath": {"path": "/tmp", "type": ""}}]))]),
            s(&["spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type"]),
        ),
        (
            "a probe on a plain init container",
            Kind::Pod,
            with(&pod(), &[("/spec/initContainers", json!([with(&container(), &[("/name", json!("init")), ("/readinessProbe", json!({"exec": {"command": ["true"]}, "periodSeconds": 10, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3}))])]))]),
            s(&["spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always"]),
        ),
        (
            "init container restartPolicy OnFailure",
            Kind::Pod,
            with(&pod(), &[("/spec/initContainers", json!([with(&container(), &[("/name", json!("init")), ("/restartPolicy", json!("OnFailure"))])]))]),
            s(&["spec.initContainers[0].restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\""]),
        ),
        (
            "a sidecar init container may have probes",
            Kind::Pod,
            with(&pod(), &[("/spec/initContainers", json!([with(&container(), &[("/name", json!("side")), ("/restartPolicy", json!("Always")), ("/readinessProbe", json!({"exec": {"command": ["true"]}, "periodSeconds": 10, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3}))])]))]),
            vec![],
        ),
        (
            "ephemeral containers on create",
            Kind::Pod,
            with(&pod(), &[("/spec/ephemeralContainers", json!([with(&container(), &[("/name", json!("debug"))])]))]),
            s(&["spec.ephemeralContainers: Forbidden: cannot be set on create"]),
        ),
    ]);
}

// Table following ValidateResourceRequirements (quantity comparisons across suffixes).
#[test]
fn resource_requests_compare_to_limits_as_quantities() {
    let r = "/spec/containers/0/resources";
    check_create(vec![
        ("500m cpu under a limit of 1", Kind::Pod, with(&pod(), &[(r, json!({"requests": {"cpu": "500m"}, "limits": {"cpu": 1}}))]), vec![]),
        (
            "cpu request above the limit",
            Kind::Pod,
            with(&pod(), &[(r, json!({"requests": {"cpu": "2"}, "limits": {"cpu": "1"}}))]),
            s(&["spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1"]),
        ),
        (
            "2000m prints canonically as 2",
            Kind::Pod,
            with(&pod(), &[(r, json!({"requests": {"cpu": "2000m"}, "limits": {"cpu": "1500m"}}))]),
            s(&["spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1500m"]),
        ),
        (
            "2Gi of memory above a 1000Mi limit",
            Kind::Pod,
            with(&pod(), &[(r, json!({"requests": {"memory": "2Gi"}, "limits": {"memory": "1000Mi"}}))]),
            s(&["spec.containers[0].resources.requests: Invalid value: \"2Gi\": must be less than or equal to memory limit of 1000Mi"]),
        ),
        ("1G of memory under a 1Gi limit", Kind::Pod, with(&pod(), &[(r, json!({"requests": {"memory": "1G"}, "limits": {"memory": "1Gi"}}))]), vec![]),
        (
            "an unknown unprefixed resource",
            Kind::Pod,
            with(&pod(), &[(r, json!({"limits": {"foo": "1"}}))]),
            s(&[
                "spec.containers[0].resources.limits[foo]: Invalid value: \"foo\": must be a standard resource type or fully qualified",
                "spec.containers[0].resources.limits[foo]: Invalid value: \"foo\": must be a standard resource for containers",
            ]),
        ),
        (
            "a negative limit",
            Kind::Pod,
            with(&pod(), &[(r, json!({"limits": {"cpu": "-1"}}))]),
            s(&["spec.containers[0].resources.limits[cpu]: Invalid value: \"-1\": must be greater than or equal to 0"]),
        ),
        (
            "an extended resource request unequal to its limit",
            Kind::Pod,
            with(&pod(), &[(r, json!({"requests": {"example.com/gpu": "2"}, "limits": {"example.com/gpu": "1"}}))]),
            s(&["spec.containers[0].resources.requests: Invalid value: \"2\": must be equal to example.com/gpu limit of 1"]),
        ),
        (
            "an extended resource request without a limit",
            Kind::Pod,
            with(&pod(), &[(r, json!({"requests": {"example.com/gpu": "1"}}))]),
            s(&["spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources"]),
        ),
    ]);
}

// Table following validateProbe / validateHandler / validateLifecycle.
#[test]
fn probes_and_hooks_need_one_valid_handler() {
    let c = "/spec/containers/0";
    let probe = |extra: Value| {
        let mut p = json!({"periodSeconds": 10, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3});
        if let (Value::Object(m), Value::Object(e)) = (&mut p, extra) {
            m.extend(e);
        }
        p
    };
    check_create(vec![
        (
            "liveness probe without a handler",
            Kind::Pod,
            with(&pod(), &[(&format!("{c}/livenessProbe"), probe(json!({})))]),
            s(&["spec.containers[0].livenessProbe: Required value: must specify a handler type"]),
        ),
        (
            "probe with exec and httpGet",
            Kind::Pod,
            with(&pod(), &[(&format!("{c}/livenessProbe"), probe(json!({"exec": {"command": ["true"]}, "httpGet": {"path": "/", "port": 80, "scheme": "HTTP"}})))]),
            s(&["spec.containers[0].livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type"]),
        ),
        (
            "liveness success threshold 2",
            Kind::Pod,
            with(&pod(), &[(&format!("{c}/livenessProbe"), probe(json!({"tcpSocket": {"port": 80}, "successThreshold": 2})))]),
            s(&["spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"]),
        ),
        (
            "readiness probe with a grace period",
            Kind::Pod,
            with(&pod(), &[(&format!("{c}/readinessProbe"), probe(json!({"tcpSocket": {"port": 80}, "terminationGracePeriodSeconds": 10})))]),
            s(&["spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 10: must not be set for readinessProbes"]),
        ),
        (
            "httpGet port 0",
            Kind::Pod,
            with(&pod(), &[(&format!("{c}/readinessProbe"), probe(json!({"httpGet": {"path": "/", "port": 0, "scheme": "HTTP"}})))]),
            s(&["spec.containers[0].readinessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive"]),
        ),
        (
            "httpGet named port in capitals",
            Kind::Pod,
            with(&pod(), &[(&format!("{c}/readinessProbe"), probe(json!({"httpGet": {"path": "/", "port": "HTTP", "scheme": "HTTP"}})))]),
            s(&[
                "spec.containers[0].readinessProbe.httpGet.port: Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "spec.containers[0].readinessProbe.httpGet.port: Invalid value: \"HTTP\": must contain at least one letter (a-z)",
            ]),
        ),
        (
            "exec without a command",
            Kind::Pod,
            with(&pod(), &[(&format!("{c}/livenessProbe"), probe(json!({"exec": {}})))]),
            s(&["spec.containers[0].livenessProbe.exec.command: Required value"]),
        ),
        (
            "a preStop sleep longer than the grace period",
            Kind::Pod,
            with(&pod(), &[(&format!("{c}/lifecycle"), json!({"preStop": {"sleep": {"seconds": 40}}}))]),
            s(&["spec.containers[0].lifecycle.preStop.sleep: Invalid value: 40: must be greater than 0 and less than terminationGracePeriodSeconds (30). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep."]),
        ),
    ]);
}

// Table following ValidatePodSpec's pod-level fields and ValidateTolerations.
#[test]
fn pod_level_fields_and_tolerations_follow_upstream_wording() {
    let tol = |t: Value| with(&pod(), &[("/spec/tolerations", json!([t]))]);
    check_create(vec![
        (
            "restartPolicy Sometimes",
            Kind::Pod,
            with(&pod(), &[("/spec/restartPolicy", json!("Sometimes"))]),
            s(&["spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""]),
        ),
        (
            "dnsPolicy Foo",
            Kind::Pod,
            with(&pod(), &[("/spec/dnsPolicy", json!("Foo"))]),
            s(&["spec.dnsPolicy: Unsupported value: \"Foo\": supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\""]),
        ),
        (
            "nodeSelector value with a space",
            Kind::Pod,
            with(&pod(), &[("/spec/nodeSelector", json!({"disk": "a b"}))]),
            vec![format!("spec.nodeSelector: Invalid value: \"a b\": {LABEL_VALUE}")],
        ),
        (
            "activeDeadlineSeconds 0",
            Kind::Pod,
            with(&pod(), &[("/spec/activeDeadlineSeconds", json!(0))]),
            s(&["spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"]),
        ),
        (
            "toleration without key and with Equal",
            Kind::Pod,
            tol(json!({"operator": "Equal", "effect": "NoSchedule"})),
            s(&["spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\""]),
        ),
        (
            "tolerationSeconds with NoSchedule",
            Kind::Pod,
            tol(json!({"key": "k", "operator": "Exists", "effect": "NoSchedule", "tolerationSeconds": 30})),
            s(&["spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"]),
        ),
        (
            "Exists with a value",
            Kind::Pod,
            tol(json!({"key": "pool", "operator": "Exists", "value": "build", "effect": "NoSchedule"})),
            s(&["spec.tolerations[0].operator: Invalid value: \"build\": value must be empty when `operator` is 'Exists'"]),
        ),
        (
            "Equal with a bad value (reported at operator)",
            Kind::Pod,
            tol(json!({"key": "k", "operator": "Equal", "value": "a b"})),
            vec![format!("spec.tolerations[0].operator: Invalid value: \"a b\": {LABEL_VALUE}")],
        ),
        (
            "operator In",
            Kind::Pod,
            tol(json!({"key": "k", "operator": "In"})),
            s(&["spec.tolerations[0].operator: Unsupported value: \"In\": supported values: \"Equal\", \"Exists\""]),
        ),
        (
            "effect Never",
            Kind::Pod,
            tol(json!({"key": "k", "operator": "Exists", "effect": "Never"})),
            s(&["spec.tolerations[0].effect: Unsupported value: \"Never\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""]),
        ),
        (
            "host network with a different host port",
            Kind::Pod,
            with(&pod(), &[("/spec/hostNetwork", json!(true)), ("/spec/containers/0/ports", json!([{"containerPort": 80, "hostPort": 8080, "protocol": "TCP"}]))]),
            s(&["spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true"]),
        ),
        (
            "preemption policy Sometimes",
            Kind::Pod,
            with(&pod(), &[("/spec/preemptionPolicy", json!("Sometimes"))]),
            s(&["spec.preemptionPolicy: Unsupported value: \"Sometimes\": supported values: \"PreemptLowerPriority\", \"Never\""]),
        ),
        (
            "dnsPolicy None without dnsConfig",
            Kind::Pod,
            with(&pod(), &[("/spec/dnsPolicy", json!("None"))]),
            s(&["spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"]),
        ),
    ]);
}

// Table following ValidatePodTemplateSpec inside controllers.
#[test]
fn pod_templates_report_labels_at_the_template_path_quirk() {
    check_create(vec![
        (
            "bad template label value",
            Kind::Deployment,
            with(&deployment(), &[("/spec/template/metadata/labels/tier", json!("-x"))]),
            vec![format!("spec.template.labels: Invalid value: \"-x\": {LABEL_VALUE}")],
        ),
        (
            "ephemeral containers in a template",
            Kind::Deployment,
            with(
                &deployment(),
                &[(
                    "/spec/template/spec/ephemeralContainers",
                    json!([with(&container(), &[("/name", json!("debug"))])]),
                )],
            ),
            s(&["spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template"]),
        ),
        (
            "a template may leave the host port unset with host network",
            Kind::Deployment,
            with(
                &deployment(),
                &[
                    ("/spec/template/spec/hostNetwork", json!(true)),
                    ("/spec/template/spec/containers/0/ports", json!([{"containerPort": 80, "protocol": "TCP"}])),
                ],
            ),
            vec![],
        ),
    ]);
}

// Table following ValidateDeploymentSpec, ValidateDeploymentStrategy, ValidateRollingUpdateDeployment.
#[test]
fn deployment_specs_report_upstream_messages() {
    let ru = "/spec/strategy/rollingUpdate";
    check_create(vec![
        (
            "negative replicas",
            Kind::Deployment,
            with(&deployment(), &[("/spec/replicas", json!(-1))]),
            s(&["spec.replicas: Invalid value: -1: must be greater than or equal to 0"]),
        ),
        (
            "no selector",
            Kind::Deployment,
            with(&deployment(), &[("/spec/selector", Value::Null)]),
            s(&["spec.selector: Required value", "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`"]),
        ),
        (
            "selector not matching the template",
            Kind::Deployment,
            with(&deployment(), &[("/spec/selector/matchLabels/app", json!("other"))]),
            s(&["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`"]),
        ),
        (
            "empty selector",
            Kind::Deployment,
            with(&deployment(), &[("/spec/selector", json!({}))]),
            s(&["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"]),
        ),
        (
            "maxSurge and maxUnavailable both 0",
            Kind::Deployment,
            with(&deployment(), &[(&format!("{ru}/maxSurge"), json!(0)), (&format!("{ru}/maxUnavailable"), json!(0))]),
            s(&["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0"]),
        ),
        (
            "maxSurge 0% and maxUnavailable 0",
            Kind::Deployment,
            with(&deployment(), &[(&format!("{ru}/maxSurge"), json!("0%")), (&format!("{ru}/maxUnavailable"), json!(0))]),
            s(&["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0"]),
        ),
        (
            "maxUnavailable over 100%",
            Kind::Deployment,
            with(&deployment(), &[(&format!("{ru}/maxUnavailable"), json!("110%"))]),
            s(&["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"110%\"}: must not be greater than 100%"]),
        ),
        ("maxSurge over 100% is allowed", Kind::Deployment, with(&deployment(), &[(&format!("{ru}/maxSurge"), json!("200%"))]), vec![]),
        (
            "maxSurge not a percent",
            Kind::Deployment,
            with(&deployment(), &[(&format!("{ru}/maxSurge"), json!("abc"))]),
            s(&["spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"]),
        ),
        (
            "negative maxUnavailable",
            Kind::Deployment,
            with(&deployment(), &[(&format!("{ru}/maxUnavailable"), json!(-1))]),
            s(&["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0"]),
        ),
        (
            "Recreate with rollingUpdate",
            Kind::Deployment,
            with(&deployment(), &[("/spec/strategy/type", json!("Recreate"))]),
            s(&["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"]),
        ),
        (
            "unknown strategy type",
            Kind::Deployment,
            with(&deployment(), &[("/spec/strategy", json!({"type": "Blue"}))]),
            s(&["spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"Blue\", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \"Recreate\", \"RollingUpdate\""]),
        ),
        (
            "progress deadline not above minReadySeconds",
            Kind::Deployment,
            with(&deployment(), &[("/spec/progressDeadlineSeconds", json!(10)), ("/spec/minReadySeconds", json!(10))]),
            s(&["spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds"]),
        ),
        (
            "restartPolicy OnFailure in the template",
            Kind::Deployment,
            with(&deployment(), &[("/spec/template/spec/restartPolicy", json!("OnFailure"))]),
            s(&["spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\""]),
        ),
        (
            "activeDeadlineSeconds in the template (ReplicaSet wording)",
            Kind::Deployment,
            with(&deployment(), &[("/spec/template/spec/activeDeadlineSeconds", json!(30))]),
            s(&["spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported"]),
        ),
        (
            "negative revisionHistoryLimit",
            Kind::Deployment,
            with(&deployment(), &[("/spec/revisionHistoryLimit", json!(-1))]),
            s(&["spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0"]),
        ),
    ]);
}

// Table following ValidateReplicaSetSpec and ValidatePodTemplateSpecForRC.
#[test]
fn replica_sets_and_replication_controllers_check_selectors_and_templates() {
    check_create(vec![
        ("valid replica set", Kind::ReplicaSet, replica_set(), vec![]),
        (
            "empty selector says deployment",
            Kind::ReplicaSet,
            with(&replica_set(), &[("/spec/selector", json!({"matchLabels": {}}))]),
            s(&["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"]),
        ),
        (
            "an unknown selector operator",
            Kind::ReplicaSet,
            with(&replica_set(), &[("/spec/selector", json!({"matchExpressions": [{"key": "app", "operator": "Foo", "values": ["web"]}]}))]),
            s(&[
                "spec.selector.matchExpressions[0].operator: Invalid value: \"Foo\": not a valid selector operator",
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"app\", Operator:\"Foo\", Values:[]string{\"web\"}}}}: invalid label selector",
            ]),
        ),
        (
            "a matching In expression",
            Kind::ReplicaSet,
            with(&replica_set(), &[("/spec/selector", json!({"matchExpressions": [{"key": "app", "operator": "In", "values": ["web", "api"]}]}))]),
            vec![],
        ),
        (
            "negative minReadySeconds",
            Kind::ReplicaSet,
            with(&replica_set(), &[("/spec/minReadySeconds", json!(-5))]),
            s(&["spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0"]),
        ),
        ("valid replication controller", Kind::ReplicationController, replication_controller(), vec![]),
        (
            "replication controller with an empty selector",
            Kind::ReplicationController,
            with(&replication_controller(), &[("/spec/selector", json!({}))]),
            s(&["spec.selector: Required value"]),
        ),
        (
            "replication controller selector not matching",
            Kind::ReplicationController,
            with(&replication_controller(), &[("/spec/selector", json!({"app": "api"}))]),
            s(&["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`"]),
        ),
        (
            "replication controller without a template",
            Kind::ReplicationController,
            with(&replication_controller(), &[("/spec/template", Value::Null)]),
            s(&["spec.template: Required value"]),
        ),
        (
            "replication controller with activeDeadlineSeconds",
            Kind::ReplicationController,
            with(&replication_controller(), &[("/spec/template/spec/activeDeadlineSeconds", json!(5))]),
            s(&["spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicationController is not Supported"]),
        ),
    ]);
}

// Table following ValidateDaemonSetSpec and ValidateRollingUpdateDaemonSet.
#[test]
fn daemon_sets_allow_exactly_one_of_surge_and_unavailable() {
    let ru = "/spec/updateStrategy/rollingUpdate";
    check_create(vec![
        ("valid daemon set", Kind::DaemonSet, daemon_set(), vec![]),
        (
            "both surge and unavailable",
            Kind::DaemonSet,
            with(&daemon_set(), &[(&format!("{ru}/maxSurge"), json!(1))]),
            s(&["spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:\"\"}: may not be set when maxUnavailable is non-zero"]),
        ),
        (
            "neither surge nor unavailable",
            Kind::DaemonSet,
            with(&daemon_set(), &[(&format!("{ru}/maxUnavailable"), json!(0))]),
            s(&["spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0"]),
        ),
        (
            "unavailable over 100%",
            Kind::DaemonSet,
            with(&daemon_set(), &[(&format!("{ru}/maxUnavailable"), json!("150%"))]),
            s(&["spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%"]),
        ),
        (
            "unknown update strategy",
            Kind::DaemonSet,
            with(&daemon_set(), &[("/spec/updateStrategy", json!({"type": "Foo"}))]),
            s(&["spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:\"Foo\", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: \"RollingUpdate\", \"OnDelete\""]),
        ),
        (
            "empty selector",
            Kind::DaemonSet,
            with(&daemon_set(), &[("/spec/selector", json!({"matchLabels": {}}))]),
            s(&["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset"]),
        ),
        (
            "no selector only fails to match",
            Kind::DaemonSet,
            with(&daemon_set(), &[("/spec/selector", Value::Null)]),
            s(&["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"agent\"}: `selector` does not match template `labels`"]),
        ),
        (
            "restartPolicy Never",
            Kind::DaemonSet,
            with(&daemon_set(), &[("/spec/template/spec/restartPolicy", json!("Never"))]),
            s(&["spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""]),
        ),
    ]);
}

// Table following ValidateJob, validateJobSpec and validateGeneratedSelector.
#[test]
fn jobs_check_restart_policy_completion_mode_and_generated_selectors() {
    let long = "j".repeat(62);
    let long_labels = json!({"batch.kubernetes.io/controller-uid": "uid-1", "batch.kubernetes.io/job-name": long,
        "controller-uid": "uid-1", "job-name": long});
    check_create(vec![
        ("valid job", Kind::Job, job(), vec![]),
        (
            "restartPolicy Always",
            Kind::Job,
            with(&job(), &[("/spec/template/spec/restartPolicy", json!("Always"))]),
            s(&["spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""]),
        ),
        (
            "Indexed without completions",
            Kind::Job,
            with(&job(), &[("/spec/completionMode", json!("Indexed")), ("/spec/completions", Value::Null)]),
            s(&["spec.completions: Required value: when completion mode is Indexed"]),
        ),
        (
            "negative parallelism",
            Kind::Job,
            with(&job(), &[("/spec/parallelism", json!(-1))]),
            s(&["spec.parallelism: Invalid value: -1: must be greater than or equal to 0"]),
        ),
        (
            "negative backoffLimit",
            Kind::Job,
            with(&job(), &[("/spec/backoffLimit", json!(-1))]),
            s(&["spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0"]),
        ),
        (
            "unknown completion mode",
            Kind::Job,
            with(&job(), &[("/spec/completionMode", json!("Foo"))]),
            s(&["spec.completionMode: Unsupported value: \"Foo\": supported values: \"NonIndexed\", \"Indexed\""]),
        ),
        (
            "manual selector missing",
            Kind::Job,
            with(&job(), &[("/spec/manualSelector", json!(true)), ("/spec/selector", Value::Null), ("/spec/template/metadata/labels", json!({"app": "x"}))]),
            s(&["spec.selector: Required value", "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"x\"}: `selector` does not match template `labels`"]),
        ),
        (
            "generated job-name label missing",
            Kind::Job,
            with(&job(), &[("/spec/template/metadata/labels/batch.kubernetes.io~1job-name", Value::Null)]),
            s(&["spec.template.metadata.labels[batch.kubernetes.io/job-name]: Required value: must be 'j'"]),
        ),
        (
            "podFailurePolicy with OnFailure",
            Kind::Job,
            with(&job(), &[("/spec/podFailurePolicy", json!({"rules": [{"action": "FailJob", "onExitCodes": {"operator": "In", "values": [42]}}]})), ("/spec/podReplacementPolicy", json!("Failed")), ("/spec/template/spec/restartPolicy", json!("OnFailure"))]),
            s(&["spec.template.spec.restartPolicy: Invalid value: \"OnFailure\": only \"Never\" is supported when podFailurePolicy is specified"]),
        ),
        (
            "podFailurePolicy with TerminatingOrFailed replacement",
            Kind::Job,
            with(&job(), &[("/spec/podFailurePolicy", json!({"rules": [{"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}]}]}))]),
            s(&["spec.podReplacementPolicy: Unsupported value: \"TerminatingOrFailed\": supported values: \"Failed\""]),
        ),
        (
            "podFailurePolicy rule with unordered exit codes",
            Kind::Job,
            with(&job(), &[("/spec/podFailurePolicy", json!({"rules": [{"action": "FailJob", "onExitCodes": {"operator": "In", "values": [3, 1]}}]})), ("/spec/podReplacementPolicy", json!("Failed"))]),
            s(&["spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{3, 1}: must be ordered"]),
        ),
        (
            "podFailurePolicy rule with neither exit codes nor conditions",
            Kind::Job,
            with(&job(), &[("/spec/podFailurePolicy", json!({"rules": [{"action": "Count"}]})), ("/spec/podReplacementPolicy", json!("Failed"))]),
            s(&["spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required"]),
        ),
        (
            "backoffLimitPerIndex on a NonIndexed job",
            Kind::Job,
            with(&job(), &[("/spec/backoffLimitPerIndex", json!(1))]),
            s(&["spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode"]),
        ),
        (
            "Indexed job whose last pod hostname is too long",
            Kind::Job,
            with(&job(), &[("/metadata/name", json!(long)), ("/metadata/labels", long_labels.clone()), ("/spec/template/metadata/labels", long_labels.clone()), ("/spec/completionMode", json!("Indexed")), ("/spec/completions", json!(10))]),
            vec![format!("metadata.name: Invalid value: \"{long}\": will not able to create pod with invalid DNS label: {long}-9")],
        ),
    ]);
}

// Table following validateCronJobSpec, validateScheduleFormat, validateTimeZone, ValidateJobTemplateSpec.
#[test]
fn cron_jobs_check_schedules_time_zones_and_job_templates() {
    let sch = |v: &str| with(&cron_job(), &[("/spec/schedule", json!(v))]);
    let tz = |v: &str| with(&cron_job(), &[("/spec/timeZone", json!(v))]);
    check_create(vec![
        ("valid cron job", Kind::CronJob, cron_job(), vec![]),
        ("valid time zone", Kind::CronJob, tz("Europe/Paris"), vec![]),
        ("four fields", Kind::CronJob, sch("* * * *"), s(&["spec.schedule: Invalid value: \"* * * *\": expected exactly 5 fields, found 4: [* * * *]"])),
        ("minute 61", Kind::CronJob, sch("61 * * * *"), s(&["spec.schedule: Invalid value: \"61 * * * *\": end of range (61) above maximum (59): 61"])),
        ("an empty schedule", Kind::CronJob, sch(""), s(&["spec.schedule: Required value"])),
        (
            "a CRON_TZ prefix on create",
            Kind::CronJob,
            sch("CRON_TZ=UTC 0 * * * *"),
            s(&["spec.schedule: Invalid value: \"CRON_TZ=UTC 0 * * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead"]),
        ),
        ("an empty time zone", Kind::CronJob, tz(""), s(&["spec.timeZone: Invalid value: \"\": timeZone must be nil or non-empty string"])),
        (
            "time zone Local",
            Kind::CronJob,
            tz("Local"),
            s(&["spec.timeZone: Invalid value: \"Local\": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"]),
        ),
        ("an unknown time zone", Kind::CronJob, tz("Europe/Pariss"), s(&["spec.timeZone: Invalid value: \"Europe/Pariss\": unknown time zone Europe/Pariss"])),
        (
            "concurrency policy Sometimes",
            Kind::CronJob,
            with(&cron_job(), &[("/spec/concurrencyPolicy", json!("Sometimes"))]),
            s(&["spec.concurrencyPolicy: Unsupported value: \"Sometimes\": supported values: \"Allow\", \"Forbid\", \"Replace\""]),
        ),
        (
            "negative history limit",
            Kind::CronJob,
            with(&cron_job(), &[("/spec/successfulJobsHistoryLimit", json!(-1))]),
            s(&["spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0"]),
        ),
        (
            "a selector in the job template",
            Kind::CronJob,
            with(&cron_job(), &[("/spec/jobTemplate/spec/selector", json!({"matchLabels": {"a": "b"}}))]),
            s(&["spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"a\":\"b\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated"]),
        ),
        (
            "manualSelector in the job template",
            Kind::CronJob,
            with(&cron_job(), &[("/spec/jobTemplate/spec/manualSelector", json!(true))]),
            s(&["spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: \"nil\", \"false\""]),
        ),
        (
            "restartPolicy Always in the job template",
            Kind::CronJob,
            with(&cron_job(), &[("/spec/jobTemplate/spec/template/spec/restartPolicy", json!("Always"))]),
            s(&["spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""]),
        ),
    ]);
}

// Table following ValidateService and validateServicePort.
#[test]
fn services_check_ports_types_affinity_and_cluster_ips() {
    let ports = |p: Value| with(&service(), &[("/spec/ports", p)]);
    check_create(vec![
        ("valid service", Kind::Service, service(), vec![]),
        ("no ports", Kind::Service, ports(json!([])), s(&["spec.ports: Required value"])),
        (
            "a second port without a name",
            Kind::Service,
            ports(json!([{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 80}, {"port": 443, "protocol": "TCP", "targetPort": 443}])),
            s(&["spec.ports[1].name: Required value"]),
        ),
        (
            "two ports named http",
            Kind::Service,
            ports(json!([{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 80}, {"name": "http", "port": 81, "protocol": "TCP", "targetPort": 81}])),
            s(&["spec.ports[1].name: Duplicate value: \"http\""]),
        ),
        (
            "port 0",
            Kind::Service,
            ports(json!([{"port": 0, "protocol": "TCP", "targetPort": 80}])),
            s(&["spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"]),
        ),
        (
            "one port and protocol twice",
            Kind::Service,
            ports(json!([{"name": "a", "port": 80, "protocol": "TCP", "targetPort": 80}, {"name": "b", "port": 80, "protocol": "TCP", "targetPort": 81}])),
            s(&["spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}"]),
        ),
        (
            "type Foo",
            Kind::Service,
            with(&service(), &[("/spec/type", json!("Foo"))]),
            s(&["spec.type: Unsupported value: \"Foo\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""]),
        ),
        (
            "session affinity Sticky",
            Kind::Service,
            with(&service(), &[("/spec/sessionAffinity", json!("Sticky"))]),
            s(&["spec.sessionAffinity: Unsupported value: \"Sticky\": supported values: \"ClientIP\", \"None\""]),
        ),
        (
            "a node port on a ClusterIP service",
            Kind::Service,
            ports(json!([{"port": 80, "protocol": "TCP", "targetPort": 80, "nodePort": 30080}])),
            s(&["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]),
        ),
        (
            "a headless NodePort service",
            Kind::Service,
            with(&service(), &[("/spec/type", json!("NodePort")), ("/spec/externalTrafficPolicy", json!("Cluster")), ("/spec/clusterIP", json!("None")), ("/spec/clusterIPs", json!(["None"]))]),
            s(&["spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"]),
        ),
        (
            "ExternalName without a name",
            Kind::Service,
            json!({"metadata": {"name": "ext", "namespace": "default"}, "spec": {"type": "ExternalName", "sessionAffinity": "None"}}),
            s(&["spec.externalName: Required value"]),
        ),
        (
            "a cluster IP that is not an IP",
            Kind::Service,
            with(&service(), &[("/spec/clusterIP", json!("10.96.0.300")), ("/spec/clusterIPs", json!(["10.96.0.300"]))]),
            s(&["spec.clusterIPs[0]: Invalid value: \"10.96.0.300\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"]),
        ),
        (
            "externalTrafficPolicy on a plain ClusterIP service",
            Kind::Service,
            with(&service(), &[("/spec/externalTrafficPolicy", json!("Local"))]),
            s(&["spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set for externally-accessible services"]),
        ),
        (
            "a named target port in capitals",
            Kind::Service,
            ports(json!([{"port": 80, "protocol": "TCP", "targetPort": "HTTP"}])),
            s(&[
                "spec.ports[0].targetPort: Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "spec.ports[0].targetPort: Invalid value: \"HTTP\": must contain at least one letter (a-z)",
            ]),
        ),
        (
            "the kubelet port on a load balancer",
            Kind::Service,
            with(&service(), &[("/spec/type", json!("LoadBalancer")), ("/spec/externalTrafficPolicy", json!("Cluster")), ("/spec/allocateLoadBalancerNodePorts", json!(true)), ("/spec/ports/0/port", json!(10250))]),
            s(&["spec.ports[0]: Invalid value: 10250: may not expose port 10250 externally since it is used by kubelet"]),
        ),
        (
            "a ClientIP affinity timeout of 0",
            Kind::Service,
            with(&service(), &[("/spec/sessionAffinity", json!("ClientIP")), ("/spec/sessionAffinityConfig", json!({"clientIP": {"timeoutSeconds": 0}}))]),
            s(&["spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400"]),
        ),
        (
            "a selector value with a space",
            Kind::Service,
            with(&service(), &[("/spec/selector/app", json!("a b"))]),
            vec![format!("spec.selector: Invalid value: \"a b\": {LABEL_VALUE}")],
        ),
    ]);
}

// Table following ValidateNamespace, ValidateNode, ValidateEndpoints, ValidateEndpointSlice,
// legacyValidateEvent and ValidateControllerRevision.
#[test]
fn namespaces_nodes_endpoints_slices_events_and_revisions_follow_upstream() {
    let node = |taints: Value| json!({"metadata": {"name": "n1"}, "spec": {"taints": taints}});
    let endpoints = |subsets: Value| json!({"metadata": {"name": "web", "namespace": "default"}, "subsets": subsets});
    let slice = json!({"metadata": {"name": "web-abc", "namespace": "default"}, "addressType": "IPv4",
        "endpoints": [{"addresses": ["10.0.0.1"]}], "ports": [{"name": "http", "port": 80, "protocol": "TCP"}]});
    let event = json!({"metadata": {"name": "e1", "namespace": "default"}, "involvedObject": {"kind": "Pod", "namespace": "default", "name": "p"}, "reason": "Created"});
    check_create(vec![
        (
            "a namespace finalizer that is neither standard nor qualified",
            Kind::Namespace,
            json!({"metadata": {"name": "ns1"}, "spec": {"finalizers": ["custom"]}}),
            s(&["spec.finalizers: Invalid value: \"custom\": name is neither a standard finalizer name nor is it fully qualified"]),
        ),
        ("a taint without an effect", Kind::Node, node(json!([{"key": "k"}])), s(&["metadata.taints[0].effect: Required value"])),
        (
            "a taint value with a space",
            Kind::Node,
            node(json!([{"key": "k", "value": "a b", "effect": "NoSchedule"}])),
            vec![format!("metadata.taints[0].value: Invalid value: \"a b\": {LABEL_VALUE}")],
        ),
        (
            "two taints with one key and effect",
            Kind::Node,
            node(json!([{"key": "k", "effect": "NoSchedule"}, {"key": "k", "effect": "NoSchedule"}])),
            s(&["metadata.taints[1]: Duplicate value: core.Taint{Key:\"k\", Value:\"\", Effect:\"NoSchedule\", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair"]),
        ),
        (
            "a subset without addresses",
            Kind::Endpoints,
            endpoints(json!([{"ports": [{"port": 80, "protocol": "TCP"}]}])),
            s(&["subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`"]),
        ),
        (
            "a loopback endpoint address",
            Kind::Endpoints,
            endpoints(json!([{"addresses": [{"ip": "127.0.0.1"}]}])),
            s(&["subsets[0].addresses[0].ip: Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)"]),
        ),
        (
            "an endpoint address that is not an IP",
            Kind::Endpoints,
            endpoints(json!([{"addresses": [{"ip": "x"}]}])),
            s(&[
                "subsets[0].addresses[0].ip: Invalid value: \"x\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
                "subsets[0].addresses[0].ip: Invalid value: \"x\": must be a valid IP address",
            ]),
        ),
        ("valid endpoint slice", Kind::EndpointSlice, slice.clone(), vec![]),
        (
            "address type IPv5",
            Kind::EndpointSlice,
            with(&slice, &[("/addressType", json!("IPv5"))]),
            s(&["addressType: Unsupported value: \"IPv5\": supported values: \"FQDN\", \"IPv4\", \"IPv6\""]),
        ),
        (
            "an endpoint without addresses",
            Kind::EndpointSlice,
            with(&slice, &[("/endpoints", json!([{"addresses": []}]))]),
            s(&["endpoints[0].addresses: Required value: must contain at least 1 address"]),
        ),
        (
            "an IPv6 address in an IPv4 slice",
            Kind::EndpointSlice,
            with(&slice, &[("/endpoints", json!([{"addresses": ["::1"]}]))]),
            s(&[
                "endpoints[0].addresses[0]: Invalid value: \"::1\": must be a valid IPv4 address",
                "endpoints[0].addresses[0]: Invalid value: \"::1\": may not be in the loopback range (127.0.0.0/8, ::1/128)",
            ]),
        ),
        (
            "two slice ports named http",
            Kind::EndpointSlice,
            with(&slice, &[("/ports", json!([{"name": "http", "port": 80, "protocol": "TCP"}, {"name": "http", "port": 81, "protocol": "TCP"}]))]),
            s(&["ports[1].name: Duplicate value: \"http\""]),
        ),
        ("valid event", Kind::Event, event.clone(), vec![]),
        (
            "an event about an object in another namespace",
            Kind::Event,
            with(&event, &[("/involvedObject/namespace", json!("other"))]),
            s(&["involvedObject.namespace: Invalid value: \"other\": does not match event.namespace"]),
        ),
        (
            "an event name with a slash",
            Kind::Event,
            with(&event, &[("/metadata/name", json!("a/b"))]),
            s(&["metadata.name: Invalid value: \"a/b\": may not contain '/'"]),
        ),
        (
            "a revision without data",
            Kind::ControllerRevision,
            json!({"metadata": {"name": "web-1", "namespace": "default"}, "revision": -1}),
            s(&["data: Required value: data is mandatory", "revision: Invalid value: -1: must be greater than or equal to 0"]),
        ),
    ]);
}

// Table following the strategies' ValidateUpdate: immutability and update-only rules.
#[test]
fn updates_keep_immutable_fields() {
    let dep_v2 = with(
        &deployment(),
        &[("/spec/selector/matchLabels/app", json!("v2")), ("/spec/template/metadata/labels/app", json!("v2"))],
    );
    let deleting = with(&deployment(), &[("/metadata/deletionTimestamp", json!("2024-01-01T00:00:00Z"))]);
    let running = with(&pod(), &[("/spec/nodeName", json!("worker-1"))]);
    let old_slice = json!({"metadata": {"name": "s", "namespace": "default"}, "addressType": "IPv4", "endpoints": []});
    check_update(vec![
        ("an unchanged deployment", Kind::Deployment, deployment(), deployment(), vec![]),
        (
            "a deployment selector change",
            Kind::Deployment,
            dep_v2,
            deployment(),
            s(&["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"v2\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"]),
        ),
        (
            "a renamed replica set",
            Kind::ReplicaSet,
            with(&replica_set(), &[("/metadata/name", json!("other"))]),
            replica_set(),
            s(&["metadata.name: Invalid value: \"other\": field is immutable"]),
        ),
        (
            "a new finalizer on a deleting object",
            Kind::Deployment,
            with(&deleting, &[("/metadata/finalizers", json!(["example.com/hold"]))]),
            deleting.clone(),
            s(&["metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"example.com/hold\"}"]),
        ),
        ("a pod image change", Kind::Pod, with(&running, &[("/spec/containers/0/image", json!("nginx:1.27"))]), running.clone(), vec![]),
        (
            "a pod command change",
            Kind::Pod,
            with(&running, &[("/spec/containers/0/command", json!(["sleep", "1"]))]),
            running.clone(),
            s(&["spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"]),
        ),
        (
            "a pod gaining a container",
            Kind::Pod,
            with(&running, &[("/spec/containers", json!([container(), with(&container(), &[("/name", json!("d"))])]))]),
            running.clone(),
            s(&["spec.containers: Forbidden: pod updates may not add or remove containers"]),
        ),
        (
            "a pod deadline raised",
            Kind::Pod,
            with(&running, &[("/spec/activeDeadlineSeconds", json!(60))]),
            with(&running, &[("/spec/activeDeadlineSeconds", json!(30))]),
            s(&["spec.activeDeadlineSeconds: Invalid value: 60: must be less than or equal to previous value"]),
        ),
        (
            "a pod toleration removed",
            Kind::Pod,
            running.clone(),
            with(&running, &[("/spec/tolerations", json!([{"key": "k", "operator": "Exists"}]))]),
            s(&["spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds"]),
        ),
        (
            "a service cluster IP changed",
            Kind::Service,
            with(&service(), &[("/spec/clusterIP", json!("10.96.0.99"))]),
            service(),
            s(&["spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.99\"}: may not change once set"]),
        ),
        (
            "a service update that omits its cluster IP keeps it",
            Kind::Service,
            with(&service(), &[("/spec/clusterIP", Value::Null), ("/spec/clusterIPs", Value::Null)]),
            service(),
            vec![],
        ),
        (
            "a job completion count changed",
            Kind::Job,
            with(&job(), &[("/spec/completions", json!(3))]),
            job(),
            s(&["spec.completions: Invalid value: 3: field is immutable"]),
        ),
        (
            "a job selector changed",
            Kind::Job,
            with(&job(), &[("/spec/manualSelector", json!(true)), ("/spec/selector/matchLabels", json!({"job-name": "j"}))]),
            with(&job(), &[("/spec/manualSelector", json!(true))]),
            s(&["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"job-name\":\"j\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"]),
        ),
        (
            "a running job's template changed",
            Kind::Job,
            with(&job(), &[("/spec/template/spec/containers/0/image", json!("busybox"))]),
            job(),
            s(&["spec.template: Invalid value: core.PodTemplateSpec{ObjectMeta:v1.ObjectMeta{Name:\"\", GenerateName:\"\", Namespace:\"\", SelfLink:\"\", UID:\"\", ResourceVersion:\"\", Generation:0, CreationTimestamp:time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC), DeletionTimestamp:<nil>, DeletionGracePeriodSeconds:(*int64)(nil), Labels:map[string]string{\"batch.kubernetes.io/controller-uid\":\"uid-1\", \"batch.kubernetes.io/job-name\":\"j\", \"controller-uid\":\"uid-1\", \"job-name\":\"j\"}, ...}, Spec:core.PodSpec{...}}: field is immutable"]),
        ),
        (
            "a job completion mode changed",
            Kind::Job,
            with(&job(), &[("/spec/completionMode", json!("Indexed"))]),
            job(),
            s(&["spec.completionMode: Invalid value: \"Indexed\": field is immutable"]),
        ),
        (
            "a controller revision's data changed",
            Kind::ControllerRevision,
            json!({"metadata": {"name": "r", "namespace": "default"}, "data": {"a": 2}, "revision": 1}),
            json!({"metadata": {"name": "r", "namespace": "default"}, "data": {"a": 1}, "revision": 1}),
            s(&["data: Invalid value: runtime.RawExtension{Raw:[]uint8{0x7b, 0x22, 0x61, 0x22, 0x3a, 0x32, 0x7d}, Object:runtime.Object(nil)}: field is immutable"]),
        ),
        (
            "a suspended job that never ran may change its node selector",
            Kind::Job,
            with(&job(), &[("/spec/suspend", json!(true)), ("/spec/template/spec/nodeSelector", json!({"disk": "ssd"}))]),
            with(&job(), &[("/spec/suspend", json!(true))]),
            vec![],
        ),
        (
            "an existing TZ schedule may stay on update",
            Kind::CronJob,
            with(&cron_job(), &[("/spec/schedule", json!("TZ=UTC 0 * * * *"))]),
            with(&cron_job(), &[("/spec/schedule", json!("TZ=UTC 0 * * * *"))]),
            vec![],
        ),
        (
            "an existing TZ schedule with a new timeZone field",
            Kind::CronJob,
            with(&cron_job(), &[("/spec/schedule", json!("TZ=UTC 0 * * * *")), ("/spec/timeZone", json!("UTC"))]),
            with(&cron_job(), &[("/spec/schedule", json!("TZ=UTC 0 * * * *"))]),
            s(&["spec.schedule: Invalid value: \"TZ=UTC 0 * * * *\": cannot use both timeZone field and TZ or CRON_TZ in schedule"]),
        ),
        (
            "an endpoint slice address type changed",
            Kind::EndpointSlice,
            with(&old_slice, &[("/addressType", json!("IPv6"))]),
            old_slice.clone(),
            s(&["addressType: Invalid value: \"IPv6\": field is immutable"]),
        ),
        (
            "a node pod CIDR changed",
            Kind::Node,
            json!({"metadata": {"name": "n1"}, "spec": {"podCIDRs": ["10.244.2.0/24"]}}),
            json!({"metadata": {"name": "n1"}, "spec": {"podCIDRs": ["10.244.1.0/24"]}}),
            s(&["spec.podCIDRs: Forbidden: node updates may not change podCIDR except from \"\" to valid"]),
        ),
    ]);
}

#[test]
fn odd_shapes_never_panic() {
    let odd = [
        json!(null),
        json!("x"),
        json!([1, 2]),
        json!({"metadata": "x", "spec": [1]}),
        json!({"spec": {"containers": "x", "template": 5, "selector": []}}),
    ];
    for kind in [
        Kind::Namespace,
        Kind::Node,
        Kind::Pod,
        Kind::ReplicationController,
        Kind::Service,
        Kind::Endpoints,
        Kind::Event,
        Kind::ReplicaSet,
        Kind::Deployment,
        Kind::DaemonSet,
        Kind::ControllerRevision,
        Kind::Job,
        Kind::CronJob,
        Kind::EndpointSlice,
    ] {
        for o in &odd {
            let _ = validate_create(kind, o);
            for old in &odd {
                let _ = validate_update(kind, o, old);
            }
        }
    }
}
