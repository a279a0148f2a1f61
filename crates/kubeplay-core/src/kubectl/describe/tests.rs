//! Describe tests: upstream `describe_test.go` expectations ported as tables, and a fixture
//! loader that builds a store and an event log from JSON.

use serde_json::{json, Value};

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
            for n in 0..count {
                let at = if n == 0 { first } else { last };
                log.record(
                    at,
                    involved.clone(),
                    type_,
                    &s("reason"),
                    &s("message"),
                    component,
                    &s("host"),
                    || format!("ev-{i}"),
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
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
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
