//! Describe tests: upstream `describe_test.go` expectations ported as tables, and a fixture
//! loader that builds a store and an event log from JSON.

use crate::json::{json, Value};

use super::*;
use crate::api::meta::Time;
use crate::cluster::events::Involved;
use crate::controller::EventType;

/// A store and event log built from objects and events written as JSON.
pub struct Fixture {
    pub store: Store,
    pub events: EventLog,
    pub now: Time,
    pub leases: BTreeMap<String, SimTime>,
}

impl Fixture {
    /// `objects` are API objects (`kind` names the type); `events` are
    /// `{kind, namespace, name, uid, fieldPath, type, reason, message, component, host, first, last, count}`
    /// with times as RFC 3339 strings.
    pub fn new(now: &str, objects: &[Value], events: &[Value]) -> Fixture {
        let now = Time::parse_rfc3339(now).unwrap();
        let mut store = Store::new();
        for o in objects {
            let kind = Kind::from_name(o["kind"].as_str().unwrap()).unwrap();
            store.put(Object::from_value(kind, o.clone()).unwrap());
        }
        let mut log = EventLog::default();
        for (i, e) in events.iter().enumerate() {
            let s = |k: &str| e[k].as_str().unwrap_or("").to_string();
            let t = |k: &str| Time::parse_rfc3339(e[k].as_str().unwrap()).unwrap().to_sim();
            let involved = Involved {
                kind: s("kind"),
                api_version: String::new(),
                namespace: s("namespace"),
                name: s("name"),
                uid: s("uid"),
                field_path: s("fieldPath"),
            };
            let type_ = if s("type") == "Warning" { EventType::Warning } else { EventType::Normal };
            let component: &'static str = Box::leak(s("component").into_boxed_str());
            let count = e["count"].as_u64().unwrap_or(1);
            let (first, last) = (t("first"), e.get("last").map_or_else(|| t("first"), |_| t("last")));
            // Separate events stay separate records: the host (never printed by describe) tells
            // them apart where the recorder would aggregate them.
            let host = if s("host").is_empty() { format!("fixture-{i}") } else { s("host") };
            for n in 0..count {
                let at = if n == 0 { first } else { last };
                log.record(
                    at,
                    involved.clone(),
                    type_,
                    &s("reason"),
                    &s("message"),
                    component,
                    &host,
                    || (i as u64, i as u64),
                    1,
                );
            }
        }
        Fixture { store, events: log, now, leases: BTreeMap::new() }
    }

    pub fn ctx(&self) -> Ctx<'_> {
        Ctx {
            store: &self.store,
            events: &self.events,
            now: self.now,
            stopped_kubelets: &self.leases,
            kubelets: None,
            show_events: true,
        }
    }

    /// The describe text of the stored object.
    pub fn describe(&self, kind: Kind, namespace: &str, name: &str) -> String {
        let obj = self.store.get(kind, &Key::new(namespace, name)).unwrap();
        describe_object(&self.ctx(), obj)
    }
}

/// Upstream's `dedent.Dedent(...)[1:]` of an expected text written with a margin.
fn dedent(s: &str) -> String {
    let lines: Vec<&str> = s.strip_prefix('\n').unwrap_or(s).split('\n').collect();
    let margin =
        lines.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    lines.iter().map(|l| if l.len() >= margin { &l[margin..] } else { l.trim_start() }).collect::<Vec<_>>().join("\n")
}

// Upstream TestDescribeService, cases "test1", "test2" and "test-ready-field-empty".
#[test]
fn services_list_ready_endpoints_of_their_port_from_endpoint_slices() {
    let service = |target: Value, itp: &str, ingress: Value| {
        json!({"kind": "Service", "metadata": {"name": "bar", "namespace": "foo"}, "spec": {
            "type": "LoadBalancer",
            "ports": [{"name": "port-tcp", "port": 8080, "protocol": "TCP", "targetPort": target, "nodePort": 31111}],
            "selector": {"blah": "heh"}, "clusterIP": "1.2.3.4", "ipFamilies": ["IPv4"], "loadBalancerIP": "5.6.7.8",
            "sessionAffinity": "None", "externalTrafficPolicy": "Local", "internalTrafficPolicy": itp,
            "healthCheckNodePort": 32222},
            "status": {"loadBalancer": {"ingress": ingress}}})
    };
    let slice = |name: &str, proto: &str, eps: Value| {
        json!({"kind": "EndpointSlice", "metadata": {"name": name, "namespace": "foo",
            "labels": {"kubernetes.io/service-name": "bar"}}, "addressType": "IPv4", "endpoints": eps,
            "ports": [{"name": "port-tcp", "port": 9527, "protocol": proto}]})
    };
    let ep = |ip: &str, ready: Option<bool>| match ready {
        Some(r) => json!({"addresses": [ip], "conditions": {"ready": r}}),
        None => json!({"addresses": [ip], "conditions": {}}),
    };
    let cases = [
        (
            "test1",
            vec![
                service(json!(9527), "Cluster", json!([{"ip": "5.6.7.8", "ipMode": "VIP"}])),
                slice(
                    "bar-abcde",
                    "TCP",
                    json!([ep("10.244.0.1", Some(true)), ep("10.244.0.2", Some(true)), ep("10.244.0.3", Some(true))]),
                ),
            ],
            "
            Name:                     bar
            Namespace:                foo
            Labels:                   <none>
            Annotations:              <none>
            Selector:                 blah=heh
            Type:                     LoadBalancer
            IP Families:              IPv4
            IP:                       1.2.3.4
            IPs:                      <none>
            Desired LoadBalancer IP:  5.6.7.8
            LoadBalancer Ingress:     5.6.7.8 (VIP)
            Port:                     port-tcp  8080/TCP
            TargetPort:               9527/TCP
            NodePort:                 port-tcp  31111/TCP
            Endpoints:                10.244.0.1:9527,10.244.0.2:9527,10.244.0.3:9527
            Session Affinity:         None
            External Traffic Policy:  Local
            Internal Traffic Policy:  Cluster
            HealthCheck NodePort:     32222
            Events:                   <none>
            ",
        ),
        (
            "test2",
            vec![
                service(json!("targetPort"), "Local", json!([{"ip": "5.6.7.8"}])),
                slice("bar-12345", "UDP", json!([ep("10.244.0.1", Some(true)), ep("10.244.0.2", Some(true))])),
                slice(
                    "bar-54321",
                    "UDP",
                    json!([ep("10.244.0.3", Some(false)), ep("10.244.0.4", Some(true)), ep("10.244.0.5", Some(true))]),
                ),
            ],
            "
            Name:                     bar
            Namespace:                foo
            Labels:                   <none>
            Annotations:              <none>
            Selector:                 blah=heh
            Type:                     LoadBalancer
            IP Families:              IPv4
            IP:                       1.2.3.4
            IPs:                      <none>
            Desired LoadBalancer IP:  5.6.7.8
            LoadBalancer Ingress:     5.6.7.8
            Port:                     port-tcp  8080/TCP
            TargetPort:               targetPort/TCP
            NodePort:                 port-tcp  31111/TCP
            Endpoints:                10.244.0.1:9527,10.244.0.2:9527,10.244.0.4:9527 + 1 more...
            Session Affinity:         None
            External Traffic Policy:  Local
            Internal Traffic Policy:  Local
            HealthCheck NodePort:     32222
            Events:                   <none>
            ",
        ),
        (
            "test-ready-field-empty",
            vec![
                service(json!(9527), "Cluster", json!([])),
                slice("bar-abcdef", "TCP", json!([ep("10.244.0.1", None)])),
            ],
            "
            Name:                     bar
            Namespace:                foo
            Labels:                   <none>
            Annotations:              <none>
            Selector:                 blah=heh
            Type:                     LoadBalancer
            IP Families:              IPv4
            IP:                       1.2.3.4
            IPs:                      <none>
            Desired LoadBalancer IP:  5.6.7.8
            Port:                     port-tcp  8080/TCP
            TargetPort:               9527/TCP
            NodePort:                 port-tcp  31111/TCP
            Endpoints:                10.244.0.1:9527
            Session Affinity:         None
            External Traffic Policy:  Local
            Internal Traffic Policy:  Cluster
            HealthCheck NodePort:     32222
            Events:                   <none>
            ",
        ),
    ];
    for (name, objects, want) in cases {
        let f = Fixture::new("2026-01-01T00:00:00Z", &objects, &[]);
        assert_eq!(f.describe(Kind::Service, "foo", "bar"), dedent(want), "{name}");
    }
}

/// Writes the describe text of every target of the fixture named by `DESCRIBE_ORACLE_FIXTURE`
/// (`{now, objects, events, targets: [[kind, namespace, name]]}`) to `<fixture>.out.N`, for a
/// side-by-side comparison with the real kubectl served the same objects.
#[test]
#[ignore = "a tool: run with DESCRIBE_ORACLE_FIXTURE set"]
fn describe_oracle_fixture() {
    let Ok(path) = std::env::var("DESCRIBE_ORACLE_FIXTURE") else { return };
    let v: Value = crate::json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let f = Fixture::new(
        v["now"].as_str().unwrap(),
        v["objects"].as_array().unwrap(),
        v["events"].as_array().map_or(&[][..], |a| a.as_slice()),
    );
    for (i, t) in v["targets"].as_array().unwrap().iter().enumerate() {
        let kind = Kind::from_name(t[0].as_str().unwrap()).unwrap();
        let text = f.describe(kind, t[1].as_str().unwrap(), t[2].as_str().unwrap());
        std::fs::write(format!("{path}.out.{i}"), text).unwrap();
    }
}

// Upstream TestDescribeEndpointSlice, case "EndpointSlices v1".
#[test]
fn endpoint_slices_list_ports_and_each_endpoint() {
    let slice = json!({"kind": "EndpointSlice", "metadata": {"name": "foo.123", "namespace": "bar"}, "addressType": "IPv4",
        "endpoints": [
            {"addresses": ["1.2.3.4", "1.2.3.5"], "conditions": {"ready": true},
             "targetRef": {"kind": "Pod", "name": "test-123"}, "zone": "us-central1-a", "nodeName": "node-1"},
            {"addresses": ["1.2.3.6", "1.2.3.7"], "conditions": {"ready": true},
             "targetRef": {"kind": "Pod", "name": "test-124"}, "nodeName": "node-2"}],
        "ports": [{"protocol": "TCP", "port": 80}]});
    let want = "Name:         foo.123
Namespace:    bar
Labels:       <none>
Annotations:  <none>
AddressType:  IPv4
Ports:
  Name     Port  Protocol
  ----     ----  --------
  <unset>  80    TCP
Endpoints:
  - Addresses:  1.2.3.4, 1.2.3.5
    Conditions:
      Ready:    true
    Hostname:   <unset>
    TargetRef:  Pod/test-123
    NodeName:   node-1
    Zone:       us-central1-a
  - Addresses:  1.2.3.6, 1.2.3.7
    Conditions:
      Ready:    true
    Hostname:   <unset>
    TargetRef:  Pod/test-124
    NodeName:   node-2
    Zone:       <unset>
Events:         <none>
";
    let f = Fixture::new("2026-01-01T00:00:00Z", &[slice], &[]);
    assert_eq!(f.describe(Kind::EndpointSlice, "bar", "foo.123"), want);
}

fn deployment_fixture(new_image: &str, status: Value, events: &[Value]) -> Fixture {
    let labels = json!({"k8s-app": "bar"});
    let template = |image: &str| {
        json!({"metadata": {"name": "bar", "namespace": "foo", "labels": labels}, "spec": {"containers": [{
            "name": "", "image": image,
            "volumeMounts": [{"name": "vol-foo", "mountPath": "/tmp/vol-foo"}, {"name": "vol-bar", "mountPath": "/tmp/vol-bar"}]}],
            "volumes": [{"name": "vol-foo", "emptyDir": {}}, {"name": "vol-bar", "emptyDir": {}}]}})
    };
    let rs = |name: &str, image: &str, replicas: i32| {
        json!({"kind": "ReplicaSet", "metadata": {"name": name, "namespace": "foo", "labels": labels, "uid": format!("uid-{name}"),
            "creationTimestamp": "2021-01-01T00:00:00Z",
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "bar", "controller": true,
                "uid": "00000000-0000-0000-0000-000000000001"}]},
            "spec": {"replicas": replicas, "selector": {"matchLabels": labels}, "template": template(image)},
            "status": {"replicas": replicas, "readyReplicas": replicas, "availableReplicas": replicas}})
    };
    let deployment = json!({"kind": "Deployment", "metadata": {"name": "bar", "namespace": "foo", "labels": labels,
        "uid": "00000000-0000-0000-0000-000000000001", "creationTimestamp": "2021-01-01T00:00:00Z"},
        "spec": {"replicas": if new_image == "mytest-image:latest" { 1 } else { 2 }, "selector": {"matchLabels": labels},
            "template": template(new_image)},
        "status": status});
    let mut objects = vec![deployment];
    if new_image == "mytest-image:latest" {
        objects.push(rs("bar-001", "mytest-image:latest", 1));
    } else {
        objects.push(rs("bar-001", "mytest-image:v1.0", 2));
        objects.push(rs("bar-002", new_image, 1));
    }
    Fixture::new("2026-01-01T01:00:00Z", &objects, events)
}

// Upstream TestDescribeDeployment: the expected fragments of "deployment with two mounted
// volumes" and "deployment during the process of rolling out".
#[test]
fn deployments_name_their_new_and_old_replica_sets() {
    let f = deployment_fixture("mytest-image:latest", json!({}), &[]);
    let out = f.describe(Kind::Deployment, "foo", "bar");
    for want in [
        "Name:               bar\nNamespace:          foo",
        "CreationTimestamp:  Fri, 01 Jan 2021 00:00:00 +0000",
        "Labels:             k8s-app=bar",
        "Selector:           k8s-app=bar",
        "Replicas:           1 desired | 0 updated | 0 total | 0 available | 0 unavailable",
        "Image:        mytest-image:latest",
        "Mounts:\n      /tmp/vol-bar from vol-bar (rw)\n      /tmp/vol-foo from vol-foo (rw)",
        "OldReplicaSets:    <none>",
        "NewReplicaSet:     bar-001 (1/1 replicas created)",
        "Events:            <none>",
        "Node-Selectors:  <none>",
        "Tolerations:     <none>",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
    let scaling = |message: &str, first: &str, last: &str, count: u64| {
        json!({"kind": "Deployment", "namespace": "foo", "name": "bar", "uid": "00000000-0000-0000-0000-000000000001",
            "reason": "ScalingReplicaSet", "message": message, "component": "deployment-controller",
            "first": first, "last": last, "count": count})
    };
    let events = [
        scaling("Scaled up replica set bar-002 from 0 to 1", "2026-01-01T00:40:00Z", "2026-01-01T00:48:00Z", 3),
        scaling("Scaled up replica set bar-001 from 0 to 2", "2026-01-01T00:50:00Z", "2026-01-01T00:50:00Z", 1),
        scaling("Scaled up replica set bar-002 from 0 to 1", "2026-01-01T00:58:00Z", "2026-01-01T00:58:00Z", 1),
        scaling("Scaled down replica set bar-002 from 2 to 1", "2026-01-01T00:59:00Z", "2026-01-01T00:59:00Z", 1),
    ];
    let status = json!({"replicas": 3, "updatedReplicas": 1, "availableReplicas": 2, "unavailableReplicas": 1});
    let f = deployment_fixture("mytest-image:v2.0", status, &events);
    let out = f.describe(Kind::Deployment, "foo", "bar");
    for want in [
        "Replicas:           2 desired | 1 updated | 3 total | 2 available | 1 unavailable",
        "Image:        mytest-image:v2.0",
        "OldReplicaSets:    bar-001 (2/2 replicas created)",
        "NewReplicaSet:     bar-002 (1/1 replicas created)",
        "Events:\n",
        "Normal  ScalingReplicaSet  12m (x3 over 20m)  deployment-controller  Scaled up replica set bar-002 from 0 to 1",
        "Normal  ScalingReplicaSet  10m                deployment-controller  Scaled up replica set bar-001 from 0 to 2",
        "Normal  ScalingReplicaSet  2m                 deployment-controller  Scaled up replica set bar-002 from 0 to 1",
        "Normal  ScalingReplicaSet  60s                deployment-controller  Scaled down replica set bar-002 from 2 to 1",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
}

// Upstream TestDescribeEvents: every describer prints an Events section, and none with
// --show-events=false.
#[test]
fn every_describer_prints_events_unless_told_not_to() {
    let meta = |kind: &str| json!({"kind": kind, "metadata": {"name": "bar", "namespace": "foo", "uid": "u"}});
    let kinds = [
        "Pod",
        "ReplicaSet",
        "ReplicationController",
        "Deployment",
        "DaemonSet",
        "Job",
        "CronJob",
        "Service",
        "Endpoints",
        "EndpointSlice",
        "ControllerRevision",
    ];
    let objects: Vec<Value> = kinds
        .iter()
        .map(|k| meta(k))
        .chain([json!({"kind": "Node", "metadata": {"name": "bar", "uid": "u"}})])
        .collect();
    let events: Vec<Value> = kinds
        .iter()
        .chain(["Node"].iter())
        .map(|k| {
            json!({"kind": k, "namespace": if *k == "Node" { "" } else { "foo" }, "name": "bar", "uid": "u",
            "reason": "R", "message": "Item 1", "component": "kubelet", "first": "2026-01-15T00:00:00Z"})
        })
        .collect();
    let mut f = Fixture::new("2026-01-15T00:10:00Z", &objects, &events);
    for k in kinds.iter().chain(["Node"].iter()) {
        let kind = Kind::from_name(k).unwrap();
        let ns = if *k == "Node" { "" } else { "foo" };
        let out = f.describe(kind, ns, "bar");
        assert!(
            out.contains("bar") && out.contains("Events:\n  Type    Reason  Age   From     Message\n"),
            "{k}:\n{out}"
        );
        assert!(out.contains("  Normal  R       10m   kubelet  Item 1\n"), "{k}:\n{out}");
    }
    let obj = f.store.get(Kind::Pod, &Key::new("foo", "bar")).unwrap().clone();
    f.leases.clear();
    let ctx = Ctx { show_events: false, ..f.ctx() };
    assert!(!describe_object(&ctx, &obj).contains("Events:"));
}

// Upstream TestDescribeJob ("job with ttl") and capIndexesListOrNone.
#[test]
fn jobs_print_their_limits_and_completed_indexes() {
    let job = json!({"kind": "Job", "metadata": {"name": "bar", "namespace": "foo"},
        "spec": {"ttlSecondsAfterFinished": 123, "backoffLimit": 6, "suspend": false, "completionMode": "Indexed",
            "completions": 3, "template": {"spec": {"containers": [{"name": "c", "image": "i"}]}}},
        "status": {"completedIndexes": "0,2", "ready": 1, "active": 1, "succeeded": 2}});
    let out = Fixture::new("2026-01-01T00:00:00Z", &[job], &[]).describe(Kind::Job, "foo", "bar");
    for want in [
        "TTL Seconds After Finished:  123\n",
        "Suspend:                     false\n",
        "Backoff Limit:               6\n",
        "Pods Statuses:               1 Active (1 Ready) / 2 Succeeded / 0 Failed\n",
        "Completed Indexes:           0,2\n",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
    let cases = [
        ("", 50, "<none>"),
        ("0-3", 50, "0-3"),
        ("0,2,4,6,8,10,12,14", 5, "0,2,4,..."),
        ("0-1000,2000-3000", 5, "0-1000,..."),
    ];
    for (indexes, limit, want) in cases {
        assert_eq!(workloads::cap_indexes_list_or_none(indexes, limit), want, "{indexes}");
    }
}

// Upstream TestDescribeContainers: the state, probe, env and mount lines of one container.
#[test]
fn container_blocks_print_state_probes_env_and_mounts() {
    let pod = |container: Value, status: Value| {
        json!({"kind": "Pod", "metadata": {"name": "p", "namespace": "foo"},
            "spec": {"containers": [container]}, "status": {"containerStatuses": [status]}})
    };
    let base = json!({"name": "test", "image": "image"});
    let cases: Vec<(Value, Value, Vec<&str>)> = vec![
        (
            base.clone(),
            json!({"name": "test", "ready": true, "restartCount": 7,
                "state": {"running": {"startedAt": "2026-01-01T00:00:00Z"}}}),
            vec!["test", "State", "Running", "Ready", "True", "Restart Count", "7", "Image", "image", "Started"],
        ),
        (
            base.clone(),
            json!({"name": "test", "ready": true, "restartCount": 7,
                "state": {"waiting": {"reason": "potato"}}}),
            vec![
                "test",
                "State",
                "Waiting",
                "Ready",
                "True",
                "Restart Count",
                "7",
                "Image",
                "image",
                "Reason",
                "potato",
            ],
        ),
        (
            base.clone(),
            json!({"name": "test", "ready": false, "restartCount": 7,
                "state": {"terminated": {"startedAt": "2026-01-01T00:00:00Z", "finishedAt": "2026-01-01T00:01:00Z",
                    "reason": "potato", "exitCode": 2}}}),
            vec![
                "test",
                "State",
                "Terminated",
                "Ready",
                "False",
                "Restart Count",
                "7",
                "Reason",
                "potato",
                "Started",
                "Finished",
                "Exit Code",
                "2",
            ],
        ),
        (
            json!({"name": "test", "image": "image", "command": ["sleep", "1000"]}),
            json!({"name": "test", "ready": true, "restartCount": 7, "state": {"running": {}}}),
            vec!["test", "Command", "sleep", "1000"],
        ),
        (
            json!({"name": "test", "image": "image", "env": [{"name": "envname", "value": "xyz"}]}),
            json!({"name": "test", "ready": true, "restartCount": 7}),
            vec!["test", "State", "Waiting", "envname", "xyz"],
        ),
        (
            json!({"name": "test", "image": "image", "envFrom": [{"configMapRef": {"name": "a123"}}]}),
            json!({"name": "test", "ready": true, "restartCount": 7}),
            vec!["Environment Variables from:", "a123", "ConfigMap", "Optional: false"],
        ),
        (
            json!({"name": "test", "image": "image", "envFrom": [{"prefix": "p_", "secretRef": {"name": "a123"}}]}),
            json!({"name": "test", "ready": true, "restartCount": 7}),
            vec!["Environment Variables from:", "a123", "Secret with prefix 'p_'", "Optional: false"],
        ),
        (
            json!({"name": "test", "image": "image", "volumeMounts": [
                {"name": "mounted-volume", "mountPath": "/opt/", "subPath": "foo"},
                {"name": "no-subpath", "mountPath": "/opt/", "readOnly": true}]}),
            json!({"name": "test", "ready": true, "restartCount": 7}),
            vec!["mounted-volume", "/opt/", "(rw,path=\"foo\")", "no-subpath", "(ro)"],
        ),
        (
            json!({"name": "test", "image": "image", "livenessProbe": {"httpGet": {"path": "/", "port": 8080,
                "scheme": "HTTP", "host": "localhost"}, "initialDelaySeconds": 10, "timeoutSeconds": 1,
                "periodSeconds": 5, "successThreshold": 1, "failureThreshold": 3}}),
            json!({"name": "test", "ready": true, "restartCount": 7}),
            vec!["Liveness:", "http-get http://localhost:8080/ delay=10s timeout=1s period=5s #success=1 #failure=3"],
        ),
        (
            json!({"name": "test", "image": "image", "readinessProbe": {"grpc": {"port": 9000, "service": "svc"},
                "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3}}),
            json!({"name": "test", "ready": true, "restartCount": 7}),
            vec!["Readiness:", "grpc <pod>:9000 svc delay=0s timeout=1s period=10s #success=1 #failure=3"],
        ),
    ];
    for (container, status, wants) in cases {
        let out = Fixture::new("2026-01-01T00:05:00Z", &[pod(container.clone(), status)], &[]).describe(
            Kind::Pod,
            "foo",
            "p",
        );
        for want in wants {
            assert!(out.contains(want), "missing {want:?} for {container} in\n{out}");
        }
    }
}

// Upstream TestDescribePodVolumes.
#[test]
fn pod_volumes_print_their_type_blocks() {
    let pod = json!({"kind": "Pod", "metadata": {"name": "bar", "namespace": "foo"}, "spec": {"volumes": [
        {"name": "image", "image": {"reference": "image", "pullPolicy": "IfNotPresent"}}]}});
    let out = Fixture::new("2026-01-01T00:00:00Z", &[pod], &[]).describe(Kind::Pod, "foo", "bar");
    let want = dedent(
        "
        Volumes:
          image:
            Type:        Image (a container image or OCI artifact)
            Reference:   image
            PullPolicy:  IfNotPresent
        QoS Class:       BestEffort
        Node-Selectors:  <none>
        Tolerations:     <none>
        Events:          <none>
        ",
    );
    assert!(out.ends_with(&want), "{out}");
}

#[test]
fn a_deployment_new_replica_set_ignores_only_the_hash_label() {
    let t = |labels: Value, image: &str| -> crate::api::pod::PodTemplateSpec {
        crate::api::value::Decode::decode(
            json!({"metadata": {"labels": labels}, "spec": {"containers": [{"name": "c", "image": image}]}}),
        )
        .unwrap()
    };
    let cases = [
        (t(json!({"app": "web", "pod-template-hash": "abc"}), "nginx"), t(json!({"app": "web"}), "nginx"), true),
        (t(json!({"app": "web", "pod-template-hash": "abc"}), "nginx:2"), t(json!({"app": "web"}), "nginx"), false),
        (t(json!({"app": "web", "tier": "x"}), "nginx"), t(json!({"app": "web"}), "nginx"), false),
    ];
    for (a, b, want) in cases {
        assert_eq!(workloads::equal_ignore_hash(&a, &b), want);
    }
}
