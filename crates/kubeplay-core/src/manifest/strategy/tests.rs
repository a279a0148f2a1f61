use crate::json::{json, Value};

use super::*;
use crate::manifest::defaults::{apply_defaults, normalize_omitempty};

const UID: &str = "3f6c2a7e-5b1d-4c8e-9f0a-2d4b6e8c1a35";

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => panic!("not an object"),
    }
}

/// The apiserver's create path: defaults, strategy, printed form.
fn created(kind: Kind, input: Value) -> Value {
    let mut m = obj(input);
    apply_defaults(kind, &mut m);
    prepare_for_create(kind, &mut m, UID);
    normalize_omitempty(kind, &mut m);
    Value::Object(m)
}

/// The apiserver's update path on top of a stored object.
fn updated(kind: Kind, new: Value, old: &Value) -> Value {
    let mut m = obj(new);
    apply_defaults(kind, &mut m);
    prepare_for_update(kind, &mut m, &obj(old.clone()));
    normalize_omitempty(kind, &mut m);
    Value::Object(m)
}

fn nginx_spec() -> Value {
    json!({"containers": [{"name": "c", "image": "nginx"}]})
}

fn deployment() -> Value {
    json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "d", "namespace": "default"},
        "spec": {"selector": {"matchLabels": {"app": "d"}}, "template": {"metadata": {"labels": {"app": "d"}}, "spec": nginx_spec()}},
    })
}

fn job_spec() -> Value {
    json!({"containers": [{"name": "c", "image": "busybox"}], "restartPolicy": "Never"})
}

/// (case name, kind, input, JSON pointer into the created object, expected value)
type CreateCase = (&'static str, Kind, Value, &'static str, Value);

#[test]
fn create_sets_generation_status_and_generated_fields() {
    let cases: Vec<CreateCase> = vec![
        (
            "a deployment starts at generation 1 with an empty status",
            Kind::Deployment,
            deployment(),
            "/metadata/generation",
            json!(1),
        ),
        (
            "a deployment's written status is cleared",
            Kind::Deployment,
            {
                let mut d = deployment();
                d["status"] = json!({"replicas": 5, "readyReplicas": 5});
                d
            },
            "/status",
            json!({}),
        ),
        (
            "a replica set's status prints replicas 0",
            Kind::ReplicaSet,
            json!({
                "metadata": {"name": "rs"},
                "spec": {"selector": {"matchLabels": {"a": "b"}}, "template": {"metadata": {"labels": {"a": "b"}}, "spec": nginx_spec()}},
            }),
            "/status",
            json!({"replicas": 0}),
        ),
        (
            "a replication controller starts at generation 1",
            Kind::ReplicationController,
            json!({
                "metadata": {"name": "rc"}, "spec": {"template": {"metadata": {"labels": {"a": "b"}}, "spec": nginx_spec()}},
            }),
            "/metadata/generation",
            json!(1),
        ),
        (
            "a daemon set gets template generation 1 as an annotation",
            Kind::DaemonSet,
            json!({
                "metadata": {"name": "ds"},
                "spec": {"selector": {"matchLabels": {"a": "b"}}, "template": {"metadata": {"labels": {"a": "b"}}, "spec": nginx_spec()}},
            }),
            "/metadata",
            json!({
                "annotations": {"deprecated.daemonset.template.generation": "1"},
                "creationTimestamp": null,
                "generation": 1,
                "name": "ds",
            }),
        ),
        (
            "a daemon set keeps a written template generation",
            Kind::DaemonSet,
            json!({
                "metadata": {"name": "ds", "annotations": {"deprecated.daemonset.template.generation": "7"}},
                "spec": {"template": {"spec": nginx_spec()}},
            }),
            "/metadata/annotations",
            json!({"deprecated.daemonset.template.generation": "7"}),
        ),
        (
            "a job gets the generated selector, and its empty labels share the template's",
            Kind::Job,
            json!({
                "metadata": {"name": "pi"},
                "spec": {"template": {"spec": job_spec()}},
            }),
            "",
            json!({
                "metadata": {
                    "creationTimestamp": null,
                    "generation": 1,
                    "labels": {
                        "batch.kubernetes.io/controller-uid": UID,
                        "batch.kubernetes.io/job-name": "pi",
                        "controller-uid": UID,
                        "job-name": "pi",
                    },
                    "name": "pi",
                },
                "spec": {
                    "backoffLimit": 6,
                    "completionMode": "NonIndexed",
                    "completions": 1,
                    "manualSelector": false,
                    "parallelism": 1,
                    "podReplacementPolicy": "TerminatingOrFailed",
                    "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": UID}},
                    "suspend": false,
                    "template": {
                        "metadata": {
                            "creationTimestamp": null,
                            "labels": {
                                "batch.kubernetes.io/controller-uid": UID,
                                "batch.kubernetes.io/job-name": "pi",
                                "controller-uid": UID,
                                "job-name": "pi",
                            },
                        },
                        "spec": {
                            "containers": [{
                                "image": "busybox",
                                "imagePullPolicy": "Always",
                                "name": "c",
                                "resources": {},
                                "terminationMessagePath": "/dev/termination-log",
                                "terminationMessagePolicy": "File",
                            }],
                            "dnsPolicy": "ClusterFirst",
                            "restartPolicy": "Never",
                            "schedulerName": "default-scheduler",
                            "securityContext": {},
                            "terminationGracePeriodSeconds": 30,
                        },
                    },
                },
                "status": {},
            }),
        ),
        (
            "a job with template labels and no labels of its own shows both on the job",
            Kind::Job,
            json!({
                "metadata": {"name": "pi"},
                "spec": {"template": {"metadata": {"labels": {"app": "pi"}}, "spec": job_spec()}},
            }),
            "/metadata/labels",
            json!({
                "app": "pi",
                "batch.kubernetes.io/controller-uid": UID,
                "batch.kubernetes.io/job-name": "pi",
                "controller-uid": UID,
                "job-name": "pi",
            }),
        ),
        (
            "a job's own labels stay as written",
            Kind::Job,
            json!({
                "metadata": {"name": "pi", "labels": {"app": "pi"}},
                "spec": {"template": {"metadata": {"labels": {"app": "pi"}}, "spec": job_spec()}},
            }),
            "/metadata/labels",
            json!({"app": "pi"}),
        ),
        (
            "a written job-name label on the template is kept",
            Kind::Job,
            json!({
                "metadata": {"name": "pi"},
                "spec": {"template": {"metadata": {"labels": {"job-name": "mine"}}, "spec": job_spec()}},
            }),
            "/spec/template/metadata/labels/job-name",
            json!("mine"),
        ),
        (
            "a manual selector job gets nothing generated",
            Kind::Job,
            json!({
                "metadata": {"name": "pi"},
                "spec": {"manualSelector": true, "selector": {"matchLabels": {"app": "pi"}}, "template": {"metadata": {"labels": {"app": "pi"}}, "spec": job_spec()}},
            }),
            "/spec/template/metadata/labels",
            json!({"app": "pi"}),
        ),
        (
            "a cron job starts at generation 1 with an empty status",
            Kind::CronJob,
            json!({
                "metadata": {"name": "cj"},
                "spec": {"schedule": "* * * * *", "jobTemplate": {"spec": {"template": {"spec": job_spec()}}}},
            }),
            "/status",
            json!({}),
        ),
        (
            "a namespace gets the kubernetes finalizer and the Active phase",
            Kind::Namespace,
            json!({"metadata": {"name": "dev"}}),
            "",
            json!({
                "metadata": {"creationTimestamp": null, "labels": {"kubernetes.io/metadata.name": "dev"}, "name": "dev"},
                "spec": {"finalizers": ["kubernetes"]},
                "status": {"phase": "Active"},
            }),
        ),
        (
            "a namespace's own finalizers come first",
            Kind::Namespace,
            json!({
                "metadata": {"name": "dev"}, "spec": {"finalizers": ["example.com/x"]},
            }),
            "/spec/finalizers",
            json!(["example.com/x", "kubernetes"]),
        ),
        (
            "a service's status is an empty load balancer status",
            Kind::Service,
            json!({
                "metadata": {"name": "s"}, "spec": {"ports": [{"port": 80}]}, "status": {"loadBalancer": {"ingress": [{"ip": "1.2.3.4"}]}},
            }),
            "/status",
            json!({"loadBalancer": {}}),
        ),
        (
            "an endpoint slice starts at generation 1 and loses deprecatedTopology",
            Kind::EndpointSlice,
            json!({
                "metadata": {"name": "s-1"}, "addressType": "IPv4",
                "endpoints": [{"addresses": ["10.0.0.1"], "deprecatedTopology": {"kubernetes.io/hostname": "n1"}}],
            }),
            "",
            json!({
                "addressType": "IPv4",
                "endpoints": [{"addresses": ["10.0.0.1"], "conditions": {}}],
                "metadata": {"creationTimestamp": null, "generation": 1, "name": "s-1"},
                "ports": null,
            }),
        ),
        (
            "a pod starts Pending with its QoS class",
            Kind::Pod,
            json!({"metadata": {"name": "p"}, "spec": nginx_spec()}),
            "/status",
            json!({"phase": "Pending", "qosClass": "BestEffort"}),
        ),
        (
            "a pod with scheduling gates starts with a SchedulingGated condition",
            Kind::Pod,
            json!({
                "metadata": {"name": "p", "creationTimestamp": "2024-01-15T10:00:00Z"},
                "spec": {"schedulingGates": [{"name": "example.com/gate"}], "containers": [{"name": "c", "image": "nginx"}]},
            }),
            "/status",
            json!({
                "conditions": [{
                    "lastProbeTime": null,
                    "lastTransitionTime": "2024-01-15T10:00:00Z",
                    "message": "Scheduling is blocked due to non-empty scheduling gates",
                    "reason": "SchedulingGated",
                    "status": "False",
                    "type": "PodScheduled",
                }],
                "phase": "Pending",
                "qosClass": "BestEffort",
            }),
        ),
        (
            "matchLabelKeys become In and NotIn requirements on the pod's labels",
            Kind::Pod,
            json!({
                "metadata": {"name": "p", "labels": {"app": "web", "pod-template-hash": "abc"}},
                "spec": {
                    "containers": [{"name": "c", "image": "nginx"}],
                    "affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{
                        "labelSelector": {"matchLabels": {"app": "web"}},
                        "topologyKey": "kubernetes.io/hostname",
                        "matchLabelKeys": ["pod-template-hash", "missing"],
                        "mismatchLabelKeys": ["app"],
                    }]}},
                },
            }),
            "/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/labelSelector",
            json!({
                "matchExpressions": [
                    {"key": "pod-template-hash", "operator": "In", "values": ["abc"]},
                    {"key": "app", "operator": "NotIn", "values": ["web"]},
                ],
                "matchLabels": {"app": "web"},
            }),
        ),
        (
            "a deprecated AppArmor annotation fills the container field",
            Kind::Pod,
            json!({
                "metadata": {"name": "p", "annotations": {"container.apparmor.security.beta.kubernetes.io/c": "runtime/default"}},
                "spec": nginx_spec(),
            }),
            "/spec/containers/0/securityContext",
            json!({"appArmorProfile": {"type": "RuntimeDefault"}}),
        ),
        (
            "an AppArmor field fills the deprecated annotation",
            Kind::Pod,
            json!({
                "metadata": {"name": "p"},
                "spec": {"securityContext": {"appArmorProfile": {"type": "Localhost", "localhostProfile": "k8s-nginx"}}, "containers": [{"name": "c", "image": "nginx"}]},
            }),
            "/metadata/annotations",
            json!({"container.apparmor.security.beta.kubernetes.io/c": "localhost/k8s-nginx"}),
        ),
    ];
    for (name, kind, input, pointer, want) in cases {
        let got = created(kind, input);
        assert_eq!(got.pointer(pointer).cloned().unwrap_or(Value::Null), want, "{name}: {got}");
    }
}

#[test]
fn qos_class_follows_get_pod_qos() {
    let c =
        |requests: Value, limits: Value| json!({"name": "c", "resources": {"requests": requests, "limits": limits}});
    let none = json!({});
    let cases = vec![
        ("no resources at all", json!({"containers": [{"name": "c"}]}), "BestEffort"),
        ("only zero requests", json!({"containers": [c(json!({"cpu": "0"}), none.clone())]}), "BestEffort"),
        (
            "only extended resources",
            json!({"containers": [c(json!({"example.com/gpu": "1"}), json!({"example.com/gpu": "1"}))]}),
            "BestEffort",
        ),
        ("a cpu request only", json!({"containers": [c(json!({"cpu": "100m"}), none.clone())]}), "Burstable"),
        (
            "equal cpu and memory requests and limits",
            json!({"containers": [c(json!({"cpu": "1", "memory": "1Gi"}), json!({"cpu": "1000m", "memory": "1024Mi"}))]}),
            "Guaranteed",
        ),
        (
            "limits without requests (after pod defaulting)",
            json!({"containers": [c(json!({"cpu": "1", "memory": "1Gi"}), json!({"cpu": "1", "memory": "1Gi"}))]}),
            "Guaranteed",
        ),
        ("a cpu limit only", json!({"containers": [c(json!({"cpu": "1"}), json!({"cpu": "1"}))]}), "Burstable"),
        (
            "requests below limits",
            json!({"containers": [c(json!({"cpu": "500m", "memory": "1Gi"}), json!({"cpu": "1", "memory": "1Gi"}))]}),
            "Burstable",
        ),
        (
            "a second container without limits",
            json!({"containers": [
                c(json!({"cpu": "1", "memory": "1Gi"}), json!({"cpu": "1", "memory": "1Gi"})),
                {"name": "d"},
            ]}),
            "Burstable",
        ),
        (
            "an init container without limits",
            json!({
                "containers": [c(json!({"cpu": "1", "memory": "1Gi"}), json!({"cpu": "1", "memory": "1Gi"}))],
                "initContainers": [c(json!({"cpu": "100m"}), none.clone())],
            }),
            "Burstable",
        ),
        (
            "sums are compared, not containers",
            json!({"containers": [
                c(json!({"cpu": "2", "memory": "1Gi"}), json!({"cpu": "1", "memory": "1Gi"})),
                c(json!({"cpu": "1", "memory": "1Gi"}), json!({"cpu": "2", "memory": "1Gi"})),
            ]}),
            "Guaranteed",
        ),
    ];
    for (name, spec, want) in cases {
        assert_eq!(pod_qos_class(&spec), want, "{name}");
    }
}

#[test]
fn a_pod_with_limits_only_is_guaranteed_after_defaulting() {
    let got = created(
        Kind::Pod,
        json!({
            "metadata": {"name": "p"},
            "spec": {"containers": [{"name": "c", "image": "nginx", "resources": {"limits": {"cpu": "500m", "memory": "128Mi"}}}]},
        }),
    );
    assert_eq!(got.pointer("/status/qosClass"), Some(&json!("Guaranteed")));
}

#[test]
fn updates_keep_status_and_bump_generation_on_spec_changes() {
    let stored = created(Kind::Deployment, deployment());
    let mut stored = stored;
    stored["status"] = json!({"replicas": 1, "observedGeneration": 1});
    stored["metadata"]["generation"] = json!(1);

    let mut scaled = stored.clone();
    scaled["spec"]["replicas"] = json!(3);
    scaled["status"] = json!({});
    scaled["metadata"]["generation"] = json!(9);
    let got = updated(Kind::Deployment, scaled, &stored);
    assert_eq!(got.pointer("/metadata/generation"), Some(&json!(2)), "a spec change bumps the generation");
    assert_eq!(got.pointer("/status"), Some(&json!({"observedGeneration": 1, "replicas": 1})), "status is kept");

    let mut annotated = stored.clone();
    annotated["metadata"]["annotations"] = json!({"note": "x"});
    let got = updated(Kind::Deployment, annotated, &stored);
    assert_eq!(got.pointer("/metadata/generation"), Some(&json!(2)), "a deployment annotation change bumps");

    let mut labelled = stored.clone();
    labelled["metadata"]["labels"] = json!({"team": "x"});
    let got = updated(Kind::Deployment, labelled, &stored);
    assert_eq!(got.pointer("/metadata/generation"), Some(&json!(1)), "a label change does not bump");

    let same = updated(Kind::Deployment, stored.clone(), &stored);
    assert_eq!(same.pointer("/metadata/generation"), Some(&json!(1)), "no change, no bump");

    let rs =
        created(Kind::ReplicaSet, json!({"metadata": {"name": "rs"}, "spec": {"template": {"spec": nginx_spec()}}}));
    let mut rs_annotated = rs.clone();
    rs_annotated["metadata"]["annotations"] = json!({"deployment.kubernetes.io/revision": "2"});
    let got = updated(Kind::ReplicaSet, rs_annotated, &rs);
    assert_eq!(got.pointer("/metadata/generation"), Some(&json!(1)), "a replica set annotation change does not bump");
}

#[test]
fn a_daemon_set_template_change_bumps_the_template_generation() {
    let ds = created(
        Kind::DaemonSet,
        json!({
            "metadata": {"name": "ds"},
            "spec": {"selector": {"matchLabels": {"a": "b"}}, "template": {"metadata": {"labels": {"a": "b"}}, "spec": nginx_spec()}},
        }),
    );
    let mut new_image = ds.clone();
    new_image["spec"]["template"]["spec"]["containers"][0]["image"] = json!("nginx:1.25");
    new_image["metadata"]["annotations"] = json!({});
    let got = updated(Kind::DaemonSet, new_image, &ds);
    assert_eq!(got.pointer("/metadata/generation"), Some(&json!(2)));
    assert_eq!(got.pointer("/metadata/annotations"), Some(&json!({"deprecated.daemonset.template.generation": "2"})));

    let mut slower = ds.clone();
    slower["spec"]["minReadySeconds"] = json!(10);
    let got = updated(Kind::DaemonSet, slower, &ds);
    assert_eq!(got.pointer("/metadata/generation"), Some(&json!(2)));
    assert_eq!(got.pointer("/metadata/annotations/deprecated.daemonset.template.generation"), Some(&json!("1")));
}

#[test]
fn a_namespace_update_cannot_change_finalizers_or_status() {
    let ns = created(Kind::Namespace, json!({"metadata": {"name": "dev"}}));
    let edited = json!({"metadata": {"name": "dev", "labels": {"team": "x"}}, "spec": {"finalizers": []}, "status": {"phase": "Terminating"}});
    let got = updated(Kind::Namespace, edited, &ns);
    assert_eq!(got.pointer("/spec"), Some(&json!({"finalizers": ["kubernetes"]})));
    assert_eq!(got.pointer("/status"), Some(&json!({"phase": "Active"})));
    assert_eq!(got.pointer("/metadata/labels"), Some(&json!({"kubernetes.io/metadata.name": "dev", "team": "x"})));
}

#[test]
fn a_service_leaving_node_port_drops_its_node_ports_and_external_policy() {
    let mut stored = created(
        Kind::Service,
        json!({"metadata": {"name": "s"}, "spec": {"type": "NodePort", "ports": [{"port": 80}]}}),
    );
    stored["spec"]["ports"][0]["nodePort"] = json!(30080);
    stored["spec"]["clusterIP"] = json!("10.96.0.10");
    let mut edited = stored.clone();
    edited["spec"]["type"] = json!("ClusterIP");
    let got = updated(Kind::Service, edited, &stored);
    assert_eq!(
        got.pointer("/spec"),
        Some(&json!({
            "clusterIP": "10.96.0.10",
            "internalTrafficPolicy": "Cluster",
            "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}],
            "sessionAffinity": "None",
            "type": "ClusterIP",
        }))
    );
}

#[test]
fn an_endpoint_slice_bumps_generation_on_content_and_label_changes() {
    let eps =
        created(Kind::EndpointSlice, json!({"metadata": {"name": "s-1"}, "addressType": "IPv4", "endpoints": []}));
    let mut more = eps.clone();
    more["endpoints"] = json!([{"addresses": ["10.0.0.2"]}]);
    assert_eq!(updated(Kind::EndpointSlice, more, &eps).pointer("/metadata/generation"), Some(&json!(2)));
    let mut annotated = eps.clone();
    annotated["metadata"]["annotations"] = json!({"x": "y"});
    assert_eq!(updated(Kind::EndpointSlice, annotated, &eps).pointer("/metadata/generation"), Some(&json!(1)));
}

fn admitted(spec: Value) -> Result<Value, String> {
    let mut pod = obj(json!({"metadata": {"name": "p", "namespace": "default"}, "spec": spec}));
    apply_defaults(Kind::Pod, &mut pod);
    admit_pod(&mut pod, "5tqnw")?;
    normalize_omitempty(Kind::Pod, &mut pod);
    Ok(Value::Object(pod))
}

#[test]
fn admission_adds_the_token_volume_priority_and_tolerations() {
    let got = admitted(json!({
        "initContainers": [{"name": "i", "image": "busybox"}],
        "containers": [
            {"name": "c", "image": "nginx"},
            {"name": "own", "image": "nginx", "volumeMounts": [{"name": "x", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}]},
        ],
        "volumes": [{"name": "x", "emptyDir": {}}],
        "tolerations": [{"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 60}],
    }));
    let Ok(got) = got else { panic!("admission failed: {got:?}") };
    let mount = json!({"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": "kube-api-access-5tqnw", "readOnly": true});
    assert_eq!(got.pointer("/spec/initContainers/0/volumeMounts"), Some(&json!([mount])));
    assert_eq!(got.pointer("/spec/containers/0/volumeMounts"), Some(&json!([mount])));
    assert_eq!(
        got.pointer("/spec/containers/1/volumeMounts/0/name"),
        Some(&json!("x")),
        "an existing mount at the path wins"
    );
    assert_eq!(got.pointer("/spec/volumes/1/name"), Some(&json!("kube-api-access-5tqnw")));
    assert_eq!(got.pointer("/spec/serviceAccountName"), Some(&json!("default")));
    assert_eq!(got.pointer("/spec/serviceAccount"), Some(&json!("default")));
    assert_eq!(got.pointer("/spec/priority"), Some(&json!(0)));
    assert_eq!(got.pointer("/spec/preemptionPolicy"), Some(&json!("PreemptLowerPriority")));
    assert_eq!(
        got.pointer("/spec/tolerations"),
        Some(&json!([
            {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 60},
            {"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300},
        ]))
    );
}

#[test]
fn admission_cases_follow_the_plugins() {
    let base = |extra: Value| {
        let mut spec = json!({"containers": [{"name": "c", "image": "nginx"}]});
        if let (Some(s), Value::Object(e)) = (spec.as_object_mut(), extra) {
            s.extend(e);
        }
        spec
    };
    // (case, spec additions, JSON pointer, expected value or the Forbidden reason)
    let cases: Vec<(&str, Value, &str, Result<Value, String>)> = vec![
        ("automount off: no token volume", json!({"automountServiceAccountToken": false}), "/spec/volumes", Ok(Value::Null)),
        ("automount off: the service account is still defaulted", json!({"automountServiceAccountToken": false}), "/spec/serviceAccountName", Ok(json!("default"))),
        ("a named service account is kept", json!({"serviceAccountName": "builder"}), "/spec/serviceAccount", Ok(json!("builder"))),
        ("a wildcard toleration covers both taints", json!({"tolerations": [{"operator": "Exists"}]}), "/spec/tolerations", Ok(json!([{"operator": "Exists"}]))),
        ("a NoSchedule toleration does not", json!({"tolerations": [{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoSchedule"}]}), "/spec/tolerations/1/key", Ok(json!("node.kubernetes.io/not-ready"))),
        ("a system class resolves its priority", json!({"priorityClassName": "system-node-critical"}), "/spec/priority", Ok(json!(2000001000))),
        ("an unknown class is forbidden", json!({"priorityClassName": "high"}), "", Err("no PriorityClass with name high was found".into())),
        ("a written priority must match", json!({"priority": 5}), "", Err("the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name".into())),
        ("a written preemption policy must match", json!({"preemptionPolicy": "Never"}), "", Err("the string value of PreemptionPolicy (Never) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name".into())),
        ("an existing token volume is reused", json!({"volumes": [{"name": "kube-api-access-old", "projected": {"sources": []}}]}), "/spec/containers/0/volumeMounts/0/name", Ok(json!("kube-api-access-old"))),
    ];
    for (name, extra, pointer, want) in cases {
        let got = admitted(base(extra)).map(|p| p.pointer(pointer).cloned().unwrap_or(Value::Null));
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn an_update_keeps_the_admitted_priority() {
    let mut old = obj(json!({"spec": {"containers": [{"name": "c"}]}}));
    let Ok(()) = admit_pod(&mut old, "abcde") else { panic!("admission failed") };
    let mut new = obj(json!({"spec": {"containers": [{"name": "c"}]}}));
    admit_pod_update(&mut new, &old);
    assert_eq!(new.get("spec").and_then(|s| s.get("priority")), Some(&json!(0)));
    assert_eq!(new.get("spec").and_then(|s| s.get("tolerations")).and_then(Value::as_array).map(Vec::len), Some(2));
}

/// The spec of `kubectl get pod nginx-7c5ddbdf54-x8k2p -o yaml` (validation-defaults.md 6.3).
fn server_pod_spec() -> Value {
    json!({
        "containers": [{
            "image": "nginx:1.25",
            "imagePullPolicy": "IfNotPresent",
            "name": "nginx",
            "resources": {},
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File",
            "volumeMounts": [{"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": "kube-api-access-5tqnw", "readOnly": true}],
        }],
        "dnsPolicy": "ClusterFirst",
        "enableServiceLinks": true,
        "nodeName": "worker-1",
        "preemptionPolicy": "PreemptLowerPriority",
        "priority": 0,
        "restartPolicy": "Always",
        "schedulerName": "default-scheduler",
        "securityContext": {},
        "serviceAccount": "default",
        "serviceAccountName": "default",
        "terminationGracePeriodSeconds": 30,
        "tolerations": [
            {"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300},
            {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 300},
        ],
        "volumes": [{
            "name": "kube-api-access-5tqnw",
            "projected": {
                "defaultMode": 420,
                "sources": [
                    {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                    {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
                    {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}]}},
                ],
            },
        }],
    })
}

#[test]
fn a_pod_from_the_deployment_template_matches_what_a_real_cluster_prints() {
    // The replica set controller copies the stored (defaulted) template into a new pod.
    let template = crate::manifest::defaults::tests::server_deployment_template_spec();
    let mut pod = obj(json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "generateName": "nginx-7c5ddbdf54-",
            "name": "nginx-7c5ddbdf54-x8k2p",
            "namespace": "default",
            "labels": {"app": "nginx", "pod-template-hash": "7c5ddbdf54"},
            "creationTimestamp": "2024-01-15T10:00:00Z",
        },
        "spec": template,
    }));
    apply_defaults(Kind::Pod, &mut pod);
    let Ok(()) = admit_pod(&mut pod, "5tqnw") else { panic!("admission failed") };
    prepare_for_create(Kind::Pod, &mut pod, "c4d7e9f1-2a3b-4c5d-8e9f-1a2b3c4d5e6f");
    // The scheduler's binding.
    if let Some(spec) = pod.get_mut("spec").and_then(Value::as_object_mut) {
        spec.insert("nodeName".into(), json!("worker-1"));
    }
    normalize_omitempty(Kind::Pod, &mut pod);
    assert_eq!(pod.get("spec"), Some(&server_pod_spec()));
    assert_eq!(pod.get("status"), Some(&json!({"phase": "Pending", "qosClass": "BestEffort"})));
}

#[test]
fn malformed_objects_never_panic() {
    let shapes = [
        json!({}),
        json!({"metadata": "x", "spec": "y", "status": 3}),
        json!({"metadata": {"name": 5, "labels": [1], "annotations": "a"}, "spec": {"template": "t", "selector": 1}}),
        json!({"spec": {"containers": "c", "initContainers": [1, null, "x"], "volumes": [null, {"projected": 1}]}}),
        json!({"spec": {"containers": [{"resources": {"limits": {"cpu": "ünïcode", "memory": [1]}}, "ports": [null, {"containerPort": "x"}]}], "hostNetwork": true}}),
        json!({"spec": {"ports": [{"port": "80", "targetPort": null}], "type": 1, "sessionAffinity": "ClientIP", "sessionAffinityConfig": 1}}),
        json!({"spec": {"template": {"metadata": {"labels": "l"}, "spec": {"containers": [{"image": "Ünï:©"}]}}, "jobTemplate": 1}}),
        json!({"spec": {"affinity": {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{"matchLabelKeys": ["a"], "labelSelector": 1}]}}, "schedulingGates": [1]}}),
        json!({"endpoints": [{"deprecatedTopology": {"kubernetes.io/hostname": 1}}], "ports": "p", "subsets": [{"ports": 1}]}),
        json!({"status": {"capacity": {"cpu": "1e999999999", "memory": "99999999999999999999999999999999999999999Ei"}}}),
    ];
    for kind in Kind::ALL {
        for shape in &shapes {
            let mut m = obj(shape.clone());
            apply_defaults(kind, &mut m);
            let _ = admit_pod(&mut m, "abcde");
            prepare_for_create(kind, &mut m, UID);
            let old = m.clone();
            let mut again = obj(shape.clone());
            apply_defaults(kind, &mut again);
            prepare_for_update(kind, &mut again, &old);
            admit_pod_update(&mut again, &old);
            normalize_omitempty(kind, &mut again);
            let _ = pod_qos_class(&Value::Object(again));
        }
    }
}

#[test]
fn kubectl_create_service_gets_the_spec_a_real_cluster_prints_except_allocated_ips() {
    // `kubectl create service clusterip web --tcp=80:8080 --dry-run=client -o json` (kubectl v1.32.4).
    let sent = json!({
        "kind": "Service",
        "apiVersion": "v1",
        "metadata": {"name": "web", "creationTimestamp": null, "labels": {"app": "web"}},
        "spec": {
            "ports": [{"name": "80-8080", "protocol": "TCP", "port": 80, "targetPort": 8080}],
            "selector": {"app": "web"},
            "type": "ClusterIP",
        },
        "status": {"loadBalancer": {}},
    });
    let got = created(Kind::Service, sent);
    // validation-defaults.md 6.4, without clusterIP, clusterIPs, ipFamilies and ipFamilyPolicy (the
    // service IP allocator's).
    assert_eq!(
        got.get("spec"),
        Some(&json!({
            "internalTrafficPolicy": "Cluster",
            "ports": [{"name": "80-8080", "port": 80, "protocol": "TCP", "targetPort": 8080}],
            "selector": {"app": "web"},
            "sessionAffinity": "None",
            "type": "ClusterIP",
        }))
    );
    assert_eq!(got.get("status"), Some(&json!({"loadBalancer": {}})));
}
