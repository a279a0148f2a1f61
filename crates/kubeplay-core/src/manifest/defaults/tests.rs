use crate::json::{json, Value};

use super::*;

/// One defaulting case: an object as written, and what a part of it (a JSON pointer, "" for the
/// whole object) looks like after `apply_defaults`.
struct Case {
    name: &'static str,
    kind: Kind,
    input: Value,
    pointer: &'static str,
    want: Value,
}

fn defaulted(kind: Kind, input: Value) -> Value {
    let Value::Object(mut m) = input else { panic!("not an object") };
    apply_defaults(kind, &mut m);
    Value::Object(m)
}

fn run(cases: Vec<Case>) {
    for case in cases {
        let got = defaulted(case.kind, case.input);
        let part = got.pointer(case.pointer).cloned().unwrap_or(Value::Null);
        assert_eq!(part, case.want, "{}: whole object {}", case.name, got);
    }
}

/// A minimal pod spec with one container, as a user writes it.
fn pod_spec(container: Value) -> Value {
    json!({"containers": [container]})
}

/// The defaulted form of `pod_spec(json!({"name": "c", "image": image}))` in a template.
fn defaulted_template_spec(image: &str, policy: &str) -> Value {
    json!({
        "containers": [{
            "image": image,
            "imagePullPolicy": policy,
            "name": "c",
            "resources": {},
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File",
        }],
        "dnsPolicy": "ClusterFirst",
        "restartPolicy": "Always",
        "schedulerName": "default-scheduler",
        "securityContext": {},
        "terminationGracePeriodSeconds": 30,
    })
}

fn deployment(spec: Value) -> Value {
    json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": spec})
}

fn pod(spec: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "default"}, "spec": spec})
}

fn service(spec: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": spec})
}

fn job(spec: Value) -> Value {
    json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}, "spec": spec})
}

fn nginx_template() -> Value {
    json!({"metadata": {"labels": {"app": "d"}}, "spec": pod_spec(json!({"name": "c", "image": "nginx"}))})
}

#[test]
fn workloads_get_their_controller_defaults() {
    let job_template = json!({"spec": {"containers": [{"name": "c", "image": "busybox"}], "restartPolicy": "Never"}});
    run(vec![
        Case {
            name: "a deployment gets replicas, strategy, history and deadline, and a defaulted template",
            kind: Kind::Deployment,
            input: deployment(json!({"selector": {"matchLabels": {"app": "d"}}, "template": nginx_template()})),
            pointer: "",
            want: json!({
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "metadata": {"name": "d", "creationTimestamp": null},
                "spec": {
                    "progressDeadlineSeconds": 600,
                    "replicas": 1,
                    "revisionHistoryLimit": 10,
                    "selector": {"matchLabels": {"app": "d"}},
                    "strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}, "type": "RollingUpdate"},
                    "template": {
                        "metadata": {"creationTimestamp": null, "labels": {"app": "d"}},
                        "spec": defaulted_template_spec("nginx", "Always"),
                    },
                },
                "status": {},
            }),
        },
        Case {
            name: "a Recreate deployment gets no rollingUpdate",
            kind: Kind::Deployment,
            input: deployment(json!({"strategy": {"type": "Recreate"}, "template": nginx_template()})),
            pointer: "/spec/strategy",
            want: json!({"type": "Recreate"}),
        },
        Case {
            name: "a partial rollingUpdate keeps the written value and defaults the other",
            kind: Kind::Deployment,
            input: deployment(json!({"strategy": {"rollingUpdate": {"maxSurge": 1}}, "template": nginx_template()})),
            pointer: "/spec/strategy",
            want: json!({"rollingUpdate": {"maxSurge": 1, "maxUnavailable": "25%"}, "type": "RollingUpdate"}),
        },
        Case {
            name: "zero omitempty fields vanish and null pointers are defaulted",
            kind: Kind::Deployment,
            input: deployment(json!({
                "replicas": null, "paused": false, "minReadySeconds": 0, "strategy": null, "template": nginx_template(),
            })),
            pointer: "/spec",
            want: json!({
                "progressDeadlineSeconds": 600,
                "replicas": 1,
                "revisionHistoryLimit": 10,
                "selector": null,
                "strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}, "type": "RollingUpdate"},
                "template": {
                    "metadata": {"creationTimestamp": null, "labels": {"app": "d"}},
                    "spec": defaulted_template_spec("nginx", "Always"),
                },
            }),
        },
        Case {
            name: "a written replica count of zero is kept, it is a pointer",
            kind: Kind::Deployment,
            input: deployment(json!({"replicas": 0, "template": nginx_template()})),
            pointer: "/spec/replicas",
            want: json!(0),
        },
        Case {
            name: "a replica set gets one replica and prints replicas 0 in its status",
            kind: Kind::ReplicaSet,
            input: json!({"metadata": {"name": "rs"}, "spec": {"template": nginx_template()}}),
            pointer: "",
            want: json!({
                "metadata": {"name": "rs", "creationTimestamp": null},
                "spec": {
                    "replicas": 1,
                    "template": {
                        "metadata": {"creationTimestamp": null, "labels": {"app": "d"}},
                        "spec": defaulted_template_spec("nginx", "Always"),
                    },
                    "selector": null,
                },
                "status": {"replicas": 0},
            }),
        },
        Case {
            name: "a daemon set gets a RollingUpdate strategy with integer values",
            kind: Kind::DaemonSet,
            input: json!({"metadata": {"name": "ds"}, "spec": {"template": nginx_template()}}),
            pointer: "",
            want: json!({
                "metadata": {"name": "ds", "creationTimestamp": null},
                "spec": {
                    "revisionHistoryLimit": 10,
                    "selector": null,
                    "template": {
                        "metadata": {"creationTimestamp": null, "labels": {"app": "d"}},
                        "spec": defaulted_template_spec("nginx", "Always"),
                    },
                    "updateStrategy": {"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}, "type": "RollingUpdate"},
                },
                "status": {"currentNumberScheduled": 0, "desiredNumberScheduled": 0, "numberMisscheduled": 0, "numberReady": 0},
            }),
        },
        Case {
            name: "an OnDelete daemon set gets no rollingUpdate",
            kind: Kind::DaemonSet,
            input: json!({"metadata": {"name": "ds"}, "spec": {"updateStrategy": {"type": "OnDelete"}, "template": nginx_template()}}),
            pointer: "/spec/updateStrategy",
            want: json!({"type": "OnDelete"}),
        },
        Case {
            name: "a replication controller takes selector and labels from its template",
            kind: Kind::ReplicationController,
            input: json!({"metadata": {"name": "rc"}, "spec": {"template": nginx_template()}}),
            pointer: "",
            want: json!({
                "metadata": {"name": "rc", "creationTimestamp": null, "labels": {"app": "d"}},
                "spec": {
                    "replicas": 1,
                    "selector": {"app": "d"},
                    "template": {
                        "metadata": {"creationTimestamp": null, "labels": {"app": "d"}},
                        "spec": defaulted_template_spec("nginx", "Always"),
                    },
                },
                "status": {"replicas": 0},
            }),
        },
        Case {
            name: "a replication controller keeps a written selector and labels",
            kind: Kind::ReplicationController,
            input: json!({
                "metadata": {"name": "rc", "labels": {"team": "x"}},
                "spec": {"selector": {"app": "d", "v": "1"}, "template": nginx_template()},
            }),
            pointer: "/metadata/labels",
            want: json!({"team": "x"}),
        },
        Case {
            name: "a job with neither completions nor parallelism gets both, and the 1.32 job defaults",
            kind: Kind::Job,
            input: job(json!({"template": job_template.clone()})),
            pointer: "/spec",
            want: json!({
                "backoffLimit": 6,
                "completionMode": "NonIndexed",
                "completions": 1,
                "manualSelector": false,
                "parallelism": 1,
                "podReplacementPolicy": "TerminatingOrFailed",
                "suspend": false,
                "template": {
                    "metadata": {"creationTimestamp": null},
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
            }),
        },
        Case {
            name: "a work-queue job (parallelism only) keeps completions unset",
            kind: Kind::Job,
            input: job(json!({"parallelism": 3, "template": job_template.clone()})),
            pointer: "/spec/completions",
            want: Value::Null,
        },
        Case {
            name: "a job with completions only runs one pod at a time",
            kind: Kind::Job,
            input: job(json!({"completions": 5, "template": job_template.clone()})),
            pointer: "/spec/parallelism",
            want: json!(1),
        },
        Case {
            name: "backoffLimitPerIndex makes the default backoffLimit MaxInt32",
            kind: Kind::Job,
            input: job(
                json!({"backoffLimitPerIndex": 1, "completionMode": "Indexed", "completions": 3, "template": job_template.clone()}),
            ),
            pointer: "/spec/backoffLimit",
            want: json!(2147483647),
        },
        Case {
            name: "a pod failure policy defaults condition status and the Failed replacement policy",
            kind: Kind::Job,
            input: job(json!({
                "podFailurePolicy": {"rules": [{"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]}]},
                "template": job_template.clone(),
            })),
            pointer: "/spec/podFailurePolicy",
            want: json!({"rules": [{"action": "Ignore", "onPodConditions": [{"status": "True", "type": "DisruptionTarget"}]}]}),
        },
        Case {
            name: "a pod failure policy makes podReplacementPolicy Failed",
            kind: Kind::Job,
            input: job(json!({"podFailurePolicy": {"rules": []}, "template": job_template.clone()})),
            pointer: "/spec/podReplacementPolicy",
            want: json!("Failed"),
        },
        Case {
            name: "a job's labels are left to the strategy, which shares the template's",
            kind: Kind::Job,
            input: job(
                json!({"template": {"metadata": {"labels": {"app": "j"}}, "spec": job_template["spec"].clone()}}),
            ),
            pointer: "/metadata",
            want: json!({"name": "j", "creationTimestamp": null}),
        },
        Case {
            name: "a cron job gets its own defaults but no job defaults in its job template",
            kind: Kind::CronJob,
            input: json!({
                "metadata": {"name": "cj"},
                "spec": {"schedule": "*/1 * * * *", "jobTemplate": {"spec": {"template": job_template.clone()}}},
            }),
            pointer: "",
            want: json!({
                "metadata": {"name": "cj", "creationTimestamp": null},
                "spec": {
                    "concurrencyPolicy": "Allow",
                    "failedJobsHistoryLimit": 1,
                    "jobTemplate": {
                        "metadata": {"creationTimestamp": null},
                        "spec": {
                            "template": {
                                "metadata": {"creationTimestamp": null},
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
                    },
                    "schedule": "*/1 * * * *",
                    "successfulJobsHistoryLimit": 3,
                    "suspend": false,
                },
                "status": {},
            }),
        },
    ]);
}

#[test]
fn pod_specs_get_container_volume_and_probe_defaults() {
    run(vec![
        Case {
            name: "a pod gets enableServiceLinks, and status prints empty",
            kind: Kind::Pod,
            input: pod(pod_spec(json!({"name": "c", "image": "nginx:1.25"}))),
            pointer: "",
            want: json!({
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": {"name": "p", "namespace": "default", "creationTimestamp": null},
                "spec": {
                    "containers": [{
                        "image": "nginx:1.25",
                        "imagePullPolicy": "IfNotPresent",
                        "name": "c",
                        "resources": {},
                        "terminationMessagePath": "/dev/termination-log",
                        "terminationMessagePolicy": "File",
                    }],
                    "dnsPolicy": "ClusterFirst",
                    "enableServiceLinks": true,
                    "restartPolicy": "Always",
                    "schedulerName": "default-scheduler",
                    "securityContext": {},
                    "terminationGracePeriodSeconds": 30,
                },
                "status": {},
            }),
        },
        Case {
            name: "a template does not get enableServiceLinks",
            kind: Kind::Deployment,
            input: deployment(json!({"template": nginx_template()})),
            pointer: "/spec/template/spec/enableServiceLinks",
            want: Value::Null,
        },
        Case {
            name: "a pod's missing requests are copied from its limits",
            kind: Kind::Pod,
            input: pod(json!({
                "containers": [{"name": "c", "image": "nginx", "resources": {"limits": {"cpu": "1", "memory": "128Mi"}, "requests": {"cpu": "500m"}}}],
                "initContainers": [{"name": "i", "image": "busybox", "resources": {"limits": {"cpu": 0.5}}}],
            })),
            pointer: "/spec",
            want: json!({
                "containers": [{
                    "image": "nginx",
                    "imagePullPolicy": "Always",
                    "name": "c",
                    "resources": {"limits": {"cpu": "1", "memory": "128Mi"}, "requests": {"cpu": "500m", "memory": "128Mi"}},
                    "terminationMessagePath": "/dev/termination-log",
                    "terminationMessagePolicy": "File",
                }],
                "initContainers": [{
                    "image": "busybox",
                    "imagePullPolicy": "Always",
                    "name": "i",
                    "resources": {"limits": {"cpu": "500m"}, "requests": {"cpu": "500m"}},
                    "terminationMessagePath": "/dev/termination-log",
                    "terminationMessagePolicy": "File",
                }],
                "dnsPolicy": "ClusterFirst",
                "enableServiceLinks": true,
                "restartPolicy": "Always",
                "schedulerName": "default-scheduler",
                "securityContext": {},
                "terminationGracePeriodSeconds": 30,
            }),
        },
        Case {
            name: "a template's requests are not copied from its limits",
            kind: Kind::Deployment,
            input: deployment(
                json!({"template": {"spec": pod_spec(json!({"name": "c", "image": "nginx", "resources": {"limits": {"cpu": "1"}}}))}}),
            ),
            pointer: "/spec/template/spec/containers/0/resources",
            want: json!({"limits": {"cpu": "1"}}),
        },
        Case {
            name: "quantities are rounded up to milli and printed canonically",
            kind: Kind::Pod,
            input: pod(pod_spec(json!({
                "name": "c", "image": "nginx",
                "resources": {"requests": {"cpu": "100u", "memory": "1024Mi"}, "limits": {"cpu": 2, "memory": "0.5Gi"}},
            }))),
            pointer: "/spec/containers/0/resources",
            want: json!({"limits": {"cpu": "2", "memory": "512Mi"}, "requests": {"cpu": "1m", "memory": "1Gi"}}),
        },
        Case {
            name: "host network pods get hostPort = containerPort",
            kind: Kind::Pod,
            input: pod(
                json!({"hostNetwork": true, "containers": [{"name": "c", "image": "nginx", "ports": [{"containerPort": 80}, {"containerPort": 53, "hostPort": 53, "protocol": "UDP"}]}]}),
            ),
            pointer: "/spec/containers/0/ports",
            want: json!([{"containerPort": 80, "hostPort": 80, "protocol": "TCP"}, {"containerPort": 53, "hostPort": 53, "protocol": "UDP"}]),
        },
        Case {
            name: "host network templates do not get hostPort",
            kind: Kind::Deployment,
            input: deployment(
                json!({"template": {"spec": {"hostNetwork": true, "containers": [{"name": "c", "image": "nginx", "ports": [{"containerPort": 80}]}]}}}),
            ),
            pointer: "/spec/template/spec/containers/0/ports",
            want: json!([{"containerPort": 80, "protocol": "TCP"}]),
        },
        Case {
            name: "a negative grace period on a pod is stored as 1",
            kind: Kind::Pod,
            input: pod(json!({"terminationGracePeriodSeconds": -5, "containers": [{"name": "c", "image": "nginx"}]})),
            pointer: "/spec/terminationGracePeriodSeconds",
            want: json!(1),
        },
        Case {
            name: "a negative grace period on a template is kept",
            kind: Kind::Deployment,
            input: deployment(
                json!({"template": {"spec": {"terminationGracePeriodSeconds": -5, "containers": [{"name": "c", "image": "nginx"}]}}}),
            ),
            pointer: "/spec/template/spec/terminationGracePeriodSeconds",
            want: json!(-5),
        },
        Case {
            name: "the deprecated serviceAccount field fills serviceAccountName",
            kind: Kind::Deployment,
            input: deployment(
                json!({"template": {"spec": {"serviceAccount": "builder", "containers": [{"name": "c", "image": "nginx"}]}}}),
            ),
            pointer: "/spec/template/spec/serviceAccountName",
            want: json!("builder"),
        },
        Case {
            name: "serviceAccountName wins over serviceAccount and is mirrored into it",
            kind: Kind::Pod,
            input: pod(
                json!({"serviceAccountName": "a", "serviceAccount": "b", "containers": [{"name": "c", "image": "nginx"}]}),
            ),
            pointer: "/spec/serviceAccount",
            want: json!("a"),
        },
        Case {
            name: "probes get their thresholds and httpGet path and scheme",
            kind: Kind::Pod,
            input: pod(pod_spec(json!({
                "name": "c", "image": "nginx",
                "livenessProbe": {"httpGet": {"port": 80}, "initialDelaySeconds": 0, "timeoutSeconds": 0},
                "readinessProbe": {"tcpSocket": {"port": "http"}, "periodSeconds": 5},
                "startupProbe": {"grpc": {"port": 9090}},
            }))),
            pointer: "/spec/containers/0",
            want: json!({
                "image": "nginx",
                "imagePullPolicy": "Always",
                "livenessProbe": {"failureThreshold": 3, "httpGet": {"path": "/", "port": 80, "scheme": "HTTP"}, "periodSeconds": 10, "successThreshold": 1, "timeoutSeconds": 1},
                "name": "c",
                "readinessProbe": {"failureThreshold": 3, "periodSeconds": 5, "successThreshold": 1, "tcpSocket": {"port": "http"}, "timeoutSeconds": 1},
                "resources": {},
                "startupProbe": {"failureThreshold": 3, "grpc": {"port": 9090, "service": ""}, "periodSeconds": 10, "successThreshold": 1, "timeoutSeconds": 1},
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
            }),
        },
        Case {
            name: "lifecycle httpGet handlers get path and scheme",
            kind: Kind::Pod,
            input: pod(pod_spec(
                json!({"name": "c", "image": "nginx", "lifecycle": {"preStop": {"httpGet": {"port": 8080}}}}),
            )),
            pointer: "/spec/containers/0/lifecycle",
            want: json!({"preStop": {"httpGet": {"path": "/", "port": 8080, "scheme": "HTTP"}}}),
        },
        Case {
            name: "volumes get sources, modes and types",
            kind: Kind::Pod,
            input: pod(json!({
                "containers": [{"name": "c", "image": "nginx"}],
                "volumes": [
                    {"name": "scratch"},
                    {"name": "cfg", "configMap": {"name": "cm"}},
                    {"name": "sec", "secret": {"secretName": "s", "defaultMode": 256}},
                    {"name": "host", "hostPath": {"path": "/var/log"}},
                    {"name": "info", "downwardAPI": {"items": [{"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}}]}},
                    {"name": "all", "projected": {"sources": [{"serviceAccountToken": {"path": "t"}}, {"downwardAPI": {"items": [{"path": "n", "fieldRef": {"fieldPath": "metadata.name"}}]}}]}},
                    {"name": "mem", "emptyDir": {"medium": "Memory", "sizeLimit": "1024Mi"}},
                ],
            })),
            pointer: "/spec/volumes",
            want: json!([
                {"emptyDir": {}, "name": "scratch"},
                {"configMap": {"defaultMode": 420, "name": "cm"}, "name": "cfg"},
                {"name": "sec", "secret": {"defaultMode": 256, "secretName": "s"}},
                {"hostPath": {"path": "/var/log", "type": ""}, "name": "host"},
                {"downwardAPI": {"defaultMode": 420, "items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.labels"}, "path": "labels"}]}, "name": "info"},
                {"name": "all", "projected": {"defaultMode": 420, "sources": [
                    {"serviceAccountToken": {"expirationSeconds": 3600, "path": "t"}},
                    {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}, "path": "n"}]}},
                ]}},
                {"emptyDir": {"medium": "Memory", "sizeLimit": "1Gi"}, "name": "mem"},
            ]),
        },
        Case {
            name: "legacy volume plugins get their declared defaults",
            kind: Kind::Pod,
            input: pod(json!({
                "containers": [{"name": "c", "image": "nginx"}],
                "volumes": [
                    {"name": "a", "azureDisk": {"diskName": "d", "diskURI": "u"}},
                    {"name": "r", "rbd": {"monitors": ["m"], "image": "i"}},
                    {"name": "i", "iscsi": {"targetPortal": "t", "iqn": "q", "lun": 0}},
                    {"name": "e", "ephemeral": {"volumeClaimTemplate": {"spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}}},
                ],
            })),
            pointer: "/spec/volumes",
            want: json!([
                {"azureDisk": {"cachingMode": "ReadWrite", "diskName": "d", "diskURI": "u", "fsType": "ext4", "kind": "Shared", "readOnly": false}, "name": "a"},
                {"name": "r", "rbd": {"image": "i", "keyring": "/etc/ceph/keyring", "monitors": ["m"], "pool": "rbd", "user": "admin"}},
                {"iscsi": {"iqn": "q", "iscsiInterface": "default", "lun": 0, "targetPortal": "t"}, "name": "i"},
                {"ephemeral": {"volumeClaimTemplate": {"metadata": {"creationTimestamp": null}, "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}, "volumeMode": "Filesystem"}}}, "name": "e"},
            ]),
        },
        Case {
            name: "env field references get apiVersion v1 and ports get TCP",
            kind: Kind::Pod,
            input: pod(pod_spec(json!({
                "name": "c", "image": "nginx",
                "env": [{"name": "NODE", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}}, {"name": "X", "value": ""}],
                "ports": [{"containerPort": 80, "name": "http"}, {"containerPort": 53, "protocol": "UDP"}],
            }))),
            pointer: "/spec/containers/0",
            want: json!({
                "env": [{"name": "NODE", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.nodeName"}}}, {"name": "X"}],
                "image": "nginx",
                "imagePullPolicy": "Always",
                "name": "c",
                "ports": [{"containerPort": 80, "name": "http", "protocol": "TCP"}, {"containerPort": 53, "protocol": "UDP"}],
                "resources": {},
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
            }),
        },
        Case {
            name: "a written pull policy and termination message settings are kept",
            kind: Kind::Pod,
            input: pod(pod_spec(
                json!({"name": "c", "image": "nginx", "imagePullPolicy": "Never", "terminationMessagePolicy": "FallbackToLogsOnError"}),
            )),
            pointer: "/spec/containers/0",
            want: json!({
                "image": "nginx",
                "imagePullPolicy": "Never",
                "name": "c",
                "resources": {},
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "FallbackToLogsOnError",
            }),
        },
        Case {
            name: "init containers get container defaults too",
            kind: Kind::Deployment,
            input: deployment(
                json!({"template": {"spec": {"initContainers": [{"name": "init", "image": "busybox:1.36"}], "containers": [{"name": "c", "image": "nginx:latest"}]}}}),
            ),
            pointer: "/spec/template/spec/initContainers/0",
            want: json!({
                "image": "busybox:1.36",
                "imagePullPolicy": "IfNotPresent",
                "name": "init",
                "resources": {},
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
            }),
        },
        Case {
            name: "nulls and zero values written by the user disappear as in a Go round trip",
            kind: Kind::Pod,
            input: pod(json!({
                "hostNetwork": false,
                "nodeSelector": null,
                "tolerations": [],
                "containers": [{"name": "c", "image": "nginx", "args": null, "command": [], "stdin": false, "workingDir": "", "env": null}],
                "restartPolicy": null,
            })),
            pointer: "/spec",
            want: json!({
                "containers": [{
                    "image": "nginx",
                    "imagePullPolicy": "Always",
                    "name": "c",
                    "resources": {},
                    "terminationMessagePath": "/dev/termination-log",
                    "terminationMessagePolicy": "File",
                }],
                "dnsPolicy": "ClusterFirst",
                "enableServiceLinks": true,
                "restartPolicy": "Always",
                "schedulerName": "default-scheduler",
                "securityContext": {},
                "terminationGracePeriodSeconds": 30,
            }),
        },
        Case {
            name: "empty label maps disappear and null label values become empty strings",
            kind: Kind::Pod,
            input: json!({"metadata": {"name": "p", "labels": {}, "annotations": {"a": null}}, "spec": pod_spec(json!({"name": "c", "image": "nginx"}))}),
            pointer: "/metadata",
            want: json!({"name": "p", "creationTimestamp": null, "annotations": {"a": ""}}),
        },
        Case {
            name: "a non-omitempty field is printed even when not written",
            kind: Kind::Pod,
            input: pod(json!({"containers": [{"image": "nginx"}]})),
            pointer: "/spec/containers/0/name",
            want: json!(""),
        },
    ]);
}

#[test]
fn services_and_the_other_core_kinds_get_their_defaults() {
    run(vec![
        Case {
            name: "a ClusterIP service gets type, affinity, protocol, targetPort and internal policy",
            kind: Kind::Service,
            input: service(
                json!({"selector": {"app": "web"}, "ports": [{"name": "80-8080", "port": 80, "targetPort": 8080}, {"name": "https", "port": 443}]}),
            ),
            pointer: "",
            want: json!({
                "apiVersion": "v1",
                "kind": "Service",
                "metadata": {"name": "s", "creationTimestamp": null},
                "spec": {
                    "internalTrafficPolicy": "Cluster",
                    "ports": [
                        {"name": "80-8080", "port": 80, "protocol": "TCP", "targetPort": 8080},
                        {"name": "https", "port": 443, "protocol": "TCP", "targetPort": 443},
                    ],
                    "selector": {"app": "web"},
                    "sessionAffinity": "None",
                    "type": "ClusterIP",
                },
                "status": {"loadBalancer": {}},
            }),
        },
        Case {
            name: "a NodePort service gets externalTrafficPolicy Cluster",
            kind: Kind::Service,
            input: service(json!({"type": "NodePort", "ports": [{"port": 80, "targetPort": "http"}]})),
            pointer: "/spec",
            want: json!({
                "externalTrafficPolicy": "Cluster",
                "internalTrafficPolicy": "Cluster",
                "ports": [{"port": 80, "protocol": "TCP", "targetPort": "http"}],
                "sessionAffinity": "None",
                "type": "NodePort",
            }),
        },
        Case {
            name: "a LoadBalancer service allocates node ports and marks ingress IPs as VIP",
            kind: Kind::Service,
            input: json!({
                "metadata": {"name": "lb"},
                "spec": {"type": "LoadBalancer", "ports": [{"port": 80}]},
                "status": {"loadBalancer": {"ingress": [{"ip": "172.18.0.10"}, {"hostname": "lb.example.com"}]}},
            }),
            pointer: "",
            want: json!({
                "metadata": {"name": "lb", "creationTimestamp": null},
                "spec": {
                    "allocateLoadBalancerNodePorts": true,
                    "externalTrafficPolicy": "Cluster",
                    "internalTrafficPolicy": "Cluster",
                    "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}],
                    "sessionAffinity": "None",
                    "type": "LoadBalancer",
                },
                "status": {"loadBalancer": {"ingress": [{"ip": "172.18.0.10", "ipMode": "VIP"}, {"hostname": "lb.example.com"}]}},
            }),
        },
        Case {
            name: "ClientIP affinity gets the default timeout",
            kind: Kind::Service,
            input: service(json!({"sessionAffinity": "ClientIP", "ports": [{"port": 80}]})),
            pointer: "/spec/sessionAffinityConfig",
            want: json!({"clientIP": {"timeoutSeconds": 10800}}),
        },
        Case {
            name: "ClientIP affinity keeps a written timeout",
            kind: Kind::Service,
            input: service(
                json!({"sessionAffinity": "ClientIP", "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 60}}, "ports": [{"port": 80}]}),
            ),
            pointer: "/spec/sessionAffinityConfig",
            want: json!({"clientIP": {"timeoutSeconds": 60}}),
        },
        Case {
            name: "affinity None drops an affinity config",
            kind: Kind::Service,
            input: service(
                json!({"sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 60}}, "ports": [{"port": 80}]}),
            ),
            pointer: "/spec/sessionAffinityConfig",
            want: Value::Null,
        },
        Case {
            name: "a ClusterIP service with external IPs gets externalTrafficPolicy (1.29+)",
            kind: Kind::Service,
            input: service(json!({"externalIPs": ["198.51.100.32"], "ports": [{"port": 80, "targetPort": ""}]})),
            pointer: "/spec",
            want: json!({
                "externalIPs": ["198.51.100.32"],
                "externalTrafficPolicy": "Cluster",
                "internalTrafficPolicy": "Cluster",
                "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}],
                "sessionAffinity": "None",
                "type": "ClusterIP",
            }),
        },
        Case {
            name: "an ExternalName service gets no traffic policies",
            kind: Kind::Service,
            input: service(json!({"type": "ExternalName", "externalName": "db.example.com"})),
            pointer: "/spec",
            want: json!({"externalName": "db.example.com", "sessionAffinity": "None", "type": "ExternalName"}),
        },
        Case {
            name: "endpoints ports get TCP",
            kind: Kind::Endpoints,
            input: json!({"metadata": {"name": "e"}, "subsets": [{"addresses": [{"ip": "10.244.1.5"}], "ports": [{"port": 80}]}]}),
            pointer: "",
            want: json!({
                "metadata": {"name": "e", "creationTimestamp": null},
                "subsets": [{"addresses": [{"ip": "10.244.1.5"}], "ports": [{"port": 80, "protocol": "TCP"}]}],
            }),
        },
        Case {
            name: "endpoint slice ports get an empty name and TCP, and no endpoints print as null",
            kind: Kind::EndpointSlice,
            input: json!({"metadata": {"name": "s-abc"}, "addressType": "IPv4", "ports": [{"port": 80}]}),
            pointer: "",
            want: json!({
                "addressType": "IPv4",
                "endpoints": null,
                "metadata": {"name": "s-abc", "creationTimestamp": null},
                "ports": [{"name": "", "port": 80, "protocol": "TCP"}],
            }),
        },
        Case {
            name: "a namespace gets its name label and the Active phase",
            kind: Kind::Namespace,
            input: json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "dev", "labels": {"kubernetes.io/metadata.name": "other"}}}),
            pointer: "",
            want: json!({
                "apiVersion": "v1",
                "kind": "Namespace",
                "metadata": {"name": "dev", "creationTimestamp": null, "labels": {"kubernetes.io/metadata.name": "dev"}},
                "spec": {},
                "status": {"phase": "Active"},
            }),
        },
        Case {
            name: "a node's allocatable defaults to its capacity, and its struct fields print",
            kind: Kind::Node,
            input: json!({"metadata": {"name": "n"}, "status": {"capacity": {"cpu": "4", "memory": "8Gi", "pods": "110"}}}),
            pointer: "",
            want: json!({
                "metadata": {"name": "n", "creationTimestamp": null},
                "spec": {},
                "status": {
                    "allocatable": {"cpu": "4", "memory": "8Gi", "pods": "110"},
                    "capacity": {"cpu": "4", "memory": "8Gi", "pods": "110"},
                    "daemonEndpoints": {"kubeletEndpoint": {"Port": 0}},
                    "nodeInfo": {
                        "architecture": "", "bootID": "", "containerRuntimeVersion": "", "kernelVersion": "",
                        "kubeProxyVersion": "", "kubeletVersion": "", "machineID": "", "operatingSystem": "",
                        "osImage": "", "systemUUID": "",
                    },
                },
            }),
        },
        Case {
            name: "a core/v1 event prints its non-omitempty fields",
            kind: Kind::Event,
            input: json!({"metadata": {"name": "e.1"}, "involvedObject": {"kind": "Pod", "name": "p"}, "reason": "Scheduled", "count": 0}),
            pointer: "",
            want: json!({
                "eventTime": null,
                "firstTimestamp": null,
                "involvedObject": {"kind": "Pod", "name": "p"},
                "lastTimestamp": null,
                "metadata": {"name": "e.1", "creationTimestamp": null},
                "reason": "Scheduled",
                "reportingComponent": "",
                "reportingInstance": "",
                "source": {},
            }),
        },
        Case {
            name: "a controller revision prints its revision",
            kind: Kind::ControllerRevision,
            input: json!({"metadata": {"name": "r"}, "data": {"spec": {"template": {}}}}),
            pointer: "",
            want: json!({"data": {"spec": {"template": {}}}, "metadata": {"name": "r", "creationTimestamp": null}, "revision": 0}),
        },
    ]);
}

#[test]
fn defaulting_twice_changes_nothing() {
    let inputs = [
        (Kind::Deployment, deployment(json!({"template": nginx_template()}))),
        (
            Kind::Pod,
            pod(
                json!({"hostNetwork": true, "containers": [{"name": "c", "image": "nginx", "ports": [{"containerPort": 80}], "resources": {"limits": {"cpu": "0.5"}}}]}),
            ),
        ),
        (Kind::Service, service(json!({"type": "LoadBalancer", "ports": [{"port": 80}]}))),
        (
            Kind::Job,
            job(
                json!({"template": {"spec": {"containers": [{"name": "c", "image": "busybox"}], "restartPolicy": "Never"}}}),
            ),
        ),
    ];
    for (kind, input) in inputs {
        let once = defaulted(kind, input);
        let twice = defaulted(kind, once.clone());
        assert_eq!(once, twice, "{kind}");
    }
}

#[test]
fn normalization_alone_does_not_default() {
    let Value::Object(mut m) = deployment(json!({"paused": false, "template": nginx_template()})) else { panic!() };
    normalize_omitempty(Kind::Deployment, &mut m);
    let want = json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "d", "creationTimestamp": null},
        "spec": {
            "selector": null,
            "strategy": {},
            "template": {
                "metadata": {"creationTimestamp": null, "labels": {"app": "d"}},
                "spec": {"containers": [{"image": "nginx", "name": "c", "resources": {}}]},
            },
        },
        "status": {},
    });
    assert_eq!(Value::Object(m), want);
}

/// `kubectl create deployment nginx --image=nginx:1.25 --replicas=3 --dry-run=client -o json`
/// (kubectl v1.32.4), as the client sends it.
fn kubectl_create_deployment_json() -> Value {
    json!({
        "kind": "Deployment",
        "apiVersion": "apps/v1",
        "metadata": {"name": "nginx", "creationTimestamp": null, "labels": {"app": "nginx"}},
        "spec": {
            "replicas": 3,
            "selector": {"matchLabels": {"app": "nginx"}},
            "template": {
                "metadata": {"creationTimestamp": null, "labels": {"app": "nginx"}},
                "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25", "resources": {}}]},
            },
            "strategy": {},
        },
        "status": {},
    })
}

/// The spec of `kubectl get deployment nginx -o yaml` on a real cluster (validation-defaults.md 6.2).
fn server_deployment_spec() -> Value {
    json!({
        "progressDeadlineSeconds": 600,
        "replicas": 3,
        "revisionHistoryLimit": 10,
        "selector": {"matchLabels": {"app": "nginx"}},
        "strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}, "type": "RollingUpdate"},
        "template": {
            "metadata": {"creationTimestamp": null, "labels": {"app": "nginx"}},
            "spec": {
                "containers": [{
                    "image": "nginx:1.25",
                    "imagePullPolicy": "IfNotPresent",
                    "name": "nginx",
                    "resources": {},
                    "terminationMessagePath": "/dev/termination-log",
                    "terminationMessagePolicy": "File",
                }],
                "dnsPolicy": "ClusterFirst",
                "restartPolicy": "Always",
                "schedulerName": "default-scheduler",
                "securityContext": {},
                "terminationGracePeriodSeconds": 30,
            },
        },
    })
}

#[test]
fn kubectl_create_deployment_defaults_to_the_spec_a_real_cluster_prints() {
    let got = defaulted(Kind::Deployment, kubectl_create_deployment_json());
    assert_eq!(got.get("spec"), Some(&server_deployment_spec()));
    assert_eq!(
        got.pointer("/metadata"),
        Some(&json!({"creationTimestamp": null, "labels": {"app": "nginx"}, "name": "nginx"}))
    );
}

pub(crate) fn server_deployment_template_spec() -> Value {
    server_deployment_spec().pointer("/template/spec").cloned().unwrap_or(Value::Null)
}
