//! Tests of the endpoints and EndpointSlice controllers: tables of pods and Services in, actions
//! and objects out.

use std::collections::BTreeMap;

use crate::json::{json, Value};

use super::legacy::repack;
use super::*;
use crate::api::meta::ObjectMeta;
use crate::api::node::Node;
use crate::api::pod::{Container, ContainerPort, PodCondition};
use crate::api::service::{EndpointSlice, ServicePort};
use crate::controller::Action;

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// A pod on `worker-1` with `ip` (none if empty), Ready or not, being deleted or not.
fn pod(name: &str, l: &[(&str, &str)], ip: &str, ready: bool, deleting: bool) -> Pod {
    let mut p = Pod {
        metadata: ObjectMeta {
            name: name.into(),
            namespace: "default".into(),
            uid: format!("uid-{name}"),
            labels: labels(l).into(),
            ..ObjectMeta::default()
        },
        ..Pod::default()
    };
    p.spec.node_name = if ip.is_empty() { String::new() } else { "worker-1".into() };
    p.spec.containers = vec![Container {
        name: "app".into(),
        image: "nginx".into(),
        ports: vec![ContainerPort { name: "http".into(), container_port: 8080, ..ContainerPort::default() }],
        ..Container::default()
    }];
    p.status.phase = "Running".into();
    p.status.pod_ip = ip.into();
    if !ip.is_empty() {
        p.status.conditions.push(PodCondition {
            type_: "Ready".into(),
            status: if ready { "True" } else { "False" }.into(),
            last_transition_time: Some(Time::from_sim(1_000)),
            ..PodCondition::default()
        });
    }
    if deleting {
        p.metadata.deletion_timestamp = Some(Time::from_sim(30_000));
    }
    p
}

fn service(name: &str, selector: &[(&str, &str)], target: IntOrString) -> Service {
    let mut s = Service {
        metadata: ObjectMeta {
            name: name.into(),
            namespace: "default".into(),
            uid: format!("uid-svc-{name}"),
            creation_timestamp: Some(Time::from_sim(0)),
            ..ObjectMeta::default()
        },
        ..Service::default()
    };
    s.spec.selector = labels(selector);
    s.spec.type_ = "ClusterIP".into();
    s.spec.cluster_ip = "10.96.10.10".into();
    s.spec.cluster_ips = vec!["10.96.10.10".into()];
    s.spec.ports =
        vec![ServicePort { port: 80, protocol: "TCP".into(), target_port: Some(target), ..ServicePort::default() }];
    s
}

fn store_with(objects: Vec<Object>) -> Store {
    let mut store = Store::new();
    let mut node = Node::default();
    node.metadata.name = "worker-1".into();
    store.put(Object::Node(crate::api::ObjBox::new(node)));
    for o in objects {
        store.put(o);
    }
    store
}

fn sync(store: &Store, name: &str) -> Reconcile {
    reconcile(&Ctx { store, now: 5_000 }, &ObjRef::new(Kind::Service, "default", name))
}

fn created(r: &Reconcile, kind: Kind) -> Vec<Object> {
    r.actions
        .iter()
        .filter_map(|a| match a {
            Action::Create { obj, .. } | Action::Update { obj, .. } if obj.kind() == kind => Some(obj.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn pods_stand_in_the_endpoints_by_readiness_deletion_ip_port_and_labels() {
    let svc = service("web", &[("app", "web")], IntOrString::Str("http".into()));
    let mut no_port = pod("web-noport", &[("app", "web")], "10.244.1.9", true, false);
    no_port.spec.containers[0].ports.clear();
    let mut done = pod("web-done", &[("app", "web")], "10.244.1.8", false, false);
    done.status.phase = "Succeeded".into();
    let store = store_with(vec![
        Object::Service(crate::api::ObjBox::new(svc.clone())),
        Object::Pod(crate::api::ObjBox::new(pod("web-ready", &[("app", "web")], "10.244.1.2", true, false))),
        Object::Pod(crate::api::ObjBox::new(pod("web-unready", &[("app", "web")], "10.244.1.3", false, false))),
        Object::Pod(crate::api::ObjBox::new(pod("web-leaving", &[("app", "web")], "10.244.1.4", true, true))),
        Object::Pod(crate::api::ObjBox::new(pod("web-pending", &[("app", "web")], "", false, false))),
        Object::Pod(crate::api::ObjBox::new(no_port)),
        Object::Pod(crate::api::ObjBox::new(done)),
        Object::Pod(crate::api::ObjBox::new(pod("api", &[("app", "api")], "10.244.1.5", true, false))),
        Object::Pod(crate::api::ObjBox::new(pod("db", &[("tier", "db")], "10.244.1.6", true, false))),
    ]);
    let got: Vec<(String, Standing)> = membership(&store, &svc).into_iter().map(|m| (m.pod, m.standing)).collect();
    let want = vec![
        ("api".to_string(), Standing::LabelsDiffer(vec!["app=api, selector wants app=web".into()])),
        ("web-done".into(), Standing::Terminal("Succeeded".into())),
        ("web-leaving".into(), Standing::Terminating { serving: true }),
        ("web-noport".into(), Standing::NoPort(vec!["http".into()])),
        ("web-pending".into(), Standing::NoIp),
        ("web-ready".into(), Standing::Ready),
        ("web-unready".into(), Standing::NotReady),
    ];
    assert_eq!(got, want);
}

#[test]
fn a_target_port_resolves_by_number_or_by_a_container_port_name_with_the_same_protocol() {
    let p = pod("p", &[], "10.0.0.1", true, false);
    let port = |target: IntOrString, protocol: &str| ServicePort {
        port: 80,
        protocol: protocol.into(),
        target_port: Some(target),
        ..ServicePort::default()
    };
    let cases = [
        (port(IntOrString::Int(9090), "TCP"), Some(9090)),
        (port(IntOrString::Str("http".into()), "TCP"), Some(8080)),
        (port(IntOrString::Str("http".into()), "UDP"), None),
        (port(IntOrString::Str("metrics".into()), "TCP"), None),
    ];
    for (sp, want) in cases {
        assert_eq!(find_port(&p, &sp), want, "{:?}", sp.target_port);
    }
}

#[test]
fn the_endpoints_list_ready_pods_under_addresses_and_the_others_under_not_ready_addresses() {
    let svc = service("web", &[("app", "web")], IntOrString::Str("http".into()));
    let store = store_with(vec![
        Object::Service(crate::api::ObjBox::new(svc)),
        Object::Pod(crate::api::ObjBox::new(pod("web-b", &[("app", "web")], "10.244.1.3", false, false))),
        Object::Pod(crate::api::ObjBox::new(pod("web-a", &[("app", "web")], "10.244.1.2", true, false))),
        Object::Pod(crate::api::ObjBox::new(pod("web-c", &[("app", "web")], "10.244.1.4", true, true))),
    ]);
    let r = sync(&store, "web");
    let eps = created(&r, Kind::Endpoints);
    let Some(Object::Endpoints(ep)) = eps.first() else { panic!("no endpoints written: {:?}", r.actions) };
    let subsets = crate::api::value::Encode::encode(&ep.subsets);
    let target = |n: &str| json!({"kind": "Pod", "name": n, "namespace": "default", "uid": format!("uid-{n}")});
    assert_eq!(
        subsets,
        json!([{
            "addresses": [{"ip": "10.244.1.2", "nodeName": "worker-1", "targetRef": target("web-a")}],
            "notReadyAddresses": [{"ip": "10.244.1.3", "nodeName": "worker-1", "targetRef": target("web-b")}],
            "ports": [{"port": 8080, "protocol": "TCP"}]
        }])
    );
    assert_eq!(ep.metadata.annotations.get(TRIGGER_TIME_ANNOTATION).map(String::as_str), Some("2026-01-01T00:00:00Z"));
}

#[test]
fn repacking_groups_addresses_by_the_ports_they_serve() {
    // The worked example of `repack`.
    let addr = |ip: &str| json!({"ip": ip});
    let port = |p: i64| Some(json!({"port": p, "protocol": "TCP"}));
    let entries = vec![(addr("a.1"), port(80), true), (addr("b.2"), port(80), false), (addr("a.1"), port(443), true)];
    assert_eq!(
        repack(entries),
        vec![
            json!({"addresses": [{"ip": "a.1"}], "notReadyAddresses": [{"ip": "b.2"}], "ports": [{"port": 80, "protocol": "TCP"}]}),
            json!({"addresses": [{"ip": "a.1"}], "ports": [{"port": 443, "protocol": "TCP"}]}),
        ]
    );
    // Addresses sort as strings, as Go compares their bytes.
    let entries = vec![(addr("10.0.0.10"), port(80), true), (addr("10.0.0.9"), port(80), true)];
    let ips: Vec<Value> = repack(entries)[0]["addresses"].as_array().unwrap().iter().map(|a| a["ip"].clone()).collect();
    assert_eq!(ips, vec![json!("10.0.0.10"), json!("10.0.0.9")]);
}

#[test]
fn the_endpoint_slice_keeps_terminating_pods_with_their_conditions() {
    let svc = service("web", &[("app", "web")], IntOrString::Int(80));
    let store = store_with(vec![
        Object::Service(crate::api::ObjBox::new(svc)),
        Object::Pod(crate::api::ObjBox::new(pod("web-a", &[("app", "web")], "10.244.1.2", true, false))),
        Object::Pod(crate::api::ObjBox::new(pod("web-b", &[("app", "web")], "10.244.1.3", true, true))),
        Object::Pod(crate::api::ObjBox::new(pod("web-c", &[("app", "web")], "10.244.1.4", false, true))),
    ]);
    let r = sync(&store, "web");
    let slices = created(&r, Kind::EndpointSlice);
    let [Object::EndpointSlice(s)] = slices.as_slice() else { panic!("want one slice: {:?}", r.actions) };
    let conds: Vec<(String, Value)> = s
        .endpoints
        .iter()
        .flatten()
        .map(|e| (e["targetRef"]["name"].as_str().unwrap().to_string(), e["conditions"].clone()))
        .collect();
    assert_eq!(
        conds,
        vec![
            ("web-a".into(), json!({"ready": true, "serving": true, "terminating": false})),
            ("web-b".into(), json!({"ready": false, "serving": true, "terminating": true})),
            ("web-c".into(), json!({"ready": false, "serving": false, "terminating": true})),
        ]
    );
    assert_eq!(s.metadata.generate_name, "web-");
    assert_eq!(s.metadata.labels.get(SERVICE_NAME_LABEL).map(String::as_str), Some("web"));
    assert_eq!(s.metadata.labels.get(MANAGED_BY_LABEL).map(String::as_str), Some(CONTROLLER_NAME));
    assert_eq!(s.ports, Some(vec![json!({"name": "", "port": 80, "protocol": "TCP"})]));
    let owner = s.metadata.owner_references.first().unwrap();
    assert_eq!(
        (owner.kind.as_str(), owner.controller, owner.block_owner_deletion),
        ("Service", Some(true), Some(true))
    );
}

/// A stored slice of the Service `web`, as the controller made it.
fn stored_slice(name: &str, ports: Vec<Value>, endpoints: Vec<Value>) -> EndpointSlice {
    let mut s = EndpointSlice::default();
    s.metadata.name = name.into();
    s.metadata.namespace = "default".into();
    s.metadata.uid = format!("uid-{name}");
    s.metadata.generation = 1;
    s.metadata.labels = labels(&[(SERVICE_NAME_LABEL, "web"), (MANAGED_BY_LABEL, CONTROLLER_NAME)]).into();
    s.metadata.owner_references = vec![crate::api::meta::OwnerReference {
        api_version: "v1".into(),
        kind: "Service".into(),
        name: "web".into(),
        uid: "uid-svc-web".into(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }];
    s.address_type = "IPv4".into();
    s.endpoints = (!endpoints.is_empty()).then_some(endpoints);
    s.ports = (!ports.is_empty()).then_some(ports);
    s
}

#[test]
fn a_service_without_endpoints_keeps_one_placeholder_slice_and_reuses_it_when_pods_come() {
    let svc = service("web", &[("app", "web")], IntOrString::Int(80));
    // No pods: a placeholder is created.
    let store = store_with(vec![Object::Service(crate::api::ObjBox::new(svc.clone()))]);
    let r = sync(&store, "web");
    let slices = created(&r, Kind::EndpointSlice);
    let [Object::EndpointSlice(s)] = slices.as_slice() else { panic!("{:?}", r.actions) };
    assert_eq!((s.endpoints.clone(), s.ports.clone()), (None, None));
    // The placeholder stored: nothing to do.
    let placeholder = stored_slice("web-x1", vec![], vec![]);
    let store = store_with(vec![
        Object::Service(crate::api::ObjBox::new(svc.clone())),
        Object::EndpointSlice(crate::api::ObjBox::new(placeholder.clone())),
    ]);
    let untouched = sync(&store, "web").actions.iter().all(|a| match a {
        Action::Create { obj, .. } | Action::Update { obj, .. } => obj.kind() != Kind::EndpointSlice,
        Action::Delete { target, .. } => target.kind != Kind::EndpointSlice,
        Action::Event { .. } => true,
    });
    assert!(untouched, "the stored placeholder stays as it is");
    // A pod comes: the placeholder is updated, not replaced.
    let store = store_with(vec![
        Object::Service(crate::api::ObjBox::new(svc)),
        Object::EndpointSlice(crate::api::ObjBox::new(placeholder)),
        Object::Pod(crate::api::ObjBox::new(pod("web-a", &[("app", "web")], "10.244.1.2", true, false))),
    ]);
    let r = sync(&store, "web");
    let slice_actions: Vec<&Action> = r
        .actions
        .iter()
        .filter(|a| match a {
            Action::Create { obj, .. } | Action::Update { obj, .. } => obj.kind() == Kind::EndpointSlice,
            Action::Delete { target, .. } => target.kind == Kind::EndpointSlice,
            Action::Event { .. } => false,
        })
        .collect();
    let [Action::Update { obj: Object::EndpointSlice(s), .. }] = slice_actions.as_slice() else {
        panic!("want one update: {slice_actions:?}")
    };
    assert_eq!(s.metadata.name, "web-x1");
    assert_eq!(s.metadata.generation, 2);
    assert_eq!(s.endpoints.as_ref().map(Vec::len), Some(1));
}

#[test]
fn more_than_a_hundred_endpoints_take_a_second_slice() {
    let svc = service("web", &[("app", "web")], IntOrString::Int(80));
    let mut objects = vec![Object::Service(crate::api::ObjBox::new(svc))];
    for i in 0..150 {
        let ip = format!("10.244.{}.{}", i / 200, 2 + i % 200);
        objects.push(Object::Pod(crate::api::ObjBox::new(pod(
            &format!("web-{i:03}"),
            &[("app", "web")],
            &ip,
            true,
            false,
        ))));
    }
    let store = store_with(objects);
    let r = sync(&store, "web");
    let sizes: Vec<usize> = created(&r, Kind::EndpointSlice)
        .iter()
        .map(|o| match o {
            Object::EndpointSlice(s) => s.endpoints.as_ref().map_or(0, Vec::len),
            _ => 0,
        })
        .collect();
    assert_eq!(sizes, vec![100, 50]);
}

#[test]
fn selectorless_and_external_name_services_get_no_endpoints_from_the_controllers() {
    let mut plain = service("ext", &[], IntOrString::Int(80));
    plain.spec.selector.clear();
    let mut external = service("db", &[("app", "db")], IntOrString::Int(80));
    external.spec.type_ = "ExternalName".into();
    external.spec.external_name = "db.example.com".into();
    let store = store_with(vec![
        Object::Service(crate::api::ObjBox::new(plain)),
        Object::Service(crate::api::ObjBox::new(external)),
    ]);
    assert!(sync(&store, "ext").actions.is_empty());
    assert!(sync(&store, "db").actions.is_empty());
}

#[test]
fn the_endpoints_of_a_deleted_service_are_deleted() {
    let mut ep = crate::api::service::Endpoints::default();
    ep.metadata.name = "gone".into();
    ep.metadata.namespace = "default".into();
    ep.metadata.uid = "uid-ep".into();
    let store = store_with(vec![Object::Endpoints(crate::api::ObjBox::new(ep))]);
    let r = sync(&store, "gone");
    assert!(
        matches!(r.actions.as_slice(), [Action::Delete { target, uid, .. }] if target.kind == Kind::Endpoints && uid == "uid-ep")
    );
}

#[test]
fn a_pod_change_wakes_the_services_that_selected_it_before_or_after() {
    let store = store_with(vec![
        Object::Service(crate::api::ObjBox::new(service("web", &[("app", "web")], IntOrString::Int(80)))),
        Object::Service(crate::api::ObjBox::new(service("api", &[("app", "api")], IntOrString::Int(80)))),
        Object::Service(crate::api::ObjBox::new(service("all", &[], IntOrString::Int(80)))),
    ]);
    let before = pod("p", &[("app", "web")], "10.0.0.1", true, false);
    let mut relabelled = before.clone();
    relabelled.metadata.labels = labels(&[("app", "api")]).into();
    let mut status_only = before.clone();
    status_only.status.message = "nothing endpoints show".into();
    let change = |old: &Pod, new: &Pod| Change {
        obj: ObjRef::new(Kind::Pod, "default", "p"),
        old: Some(Object::Pod(crate::api::ObjBox::new(old.clone()))),
        new: Some(Object::Pod(crate::api::ObjBox::new(new.clone()))),
    };
    let names = |c: &Change| -> Vec<String> { watch(&store, c).into_iter().map(|r| r.key.name).collect() };
    assert_eq!(names(&change(&before, &relabelled)), vec!["api".to_string(), "web".to_string()]);
    assert!(names(&change(&before, &status_only)).is_empty());
}

#[test]
fn the_trigger_time_is_the_services_creation_first_then_the_earliest_ready_change_of_now() {
    let svc = service("web", &[("app", "web")], IntOrString::Int(80));
    let mut fresh = pod("b", &[("app", "web")], "10.0.0.2", true, false);
    fresh.status.conditions[0].last_transition_time = Some(Time::from_sim(5_000));
    let old = pod("a", &[("app", "web")], "10.0.0.1", true, false);
    let now = Time::from_sim(5_000);
    assert_eq!(trigger_time(&svc, &[&old, &fresh], true, now), Some(Time::from_sim(0)));
    assert_eq!(trigger_time(&svc, &[&old, &fresh], false, now), Some(Time::from_sim(5_000)));
    // Nothing became ready or unready now (a pod went away, or began terminating): none.
    assert_eq!(trigger_time(&svc, &[&old], false, now), None);
}
