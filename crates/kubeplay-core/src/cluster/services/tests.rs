//! Tests of Service allocation, DNS, environment and traffic, on whole simulated clusters.

use crate::json::{json, Value};

use super::*;
use crate::api::Object;
use crate::cluster::ApiError;
use crate::controller::Propagation;
use crate::store::ObjRef;

fn create(c: &mut Cluster, kind: Kind, v: Value) -> Result<Object, ApiError> {
    let r = c.create_value(kind, v, false);
    c.process_due();
    r
}

fn service(name: &str, spec: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name}, "spec": spec})
}

fn svc_of(o: &Object) -> &crate::api::service::Service {
    match o {
        Object::Service(s) => s,
        other => panic!("not a service: {other:?}"),
    }
}

/// A pod with `labels` and `image` (busybox sleeps, so that it keeps running).
fn run_pod(c: &mut Cluster, name: &str, labels: Value, image: &str) {
    let mut container = json!({"name": "main", "image": image});
    if image == "busybox" {
        container["command"] = json!(["sleep", "3600"]);
    }
    let pod = json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "labels": labels},
        "spec": {"containers": [container]}
    });
    create(c, Kind::Pod, pod).unwrap();
}

fn ready_cluster(pods: &[(&str, Value, &str)]) -> Cluster {
    let mut c = Cluster::new(7);
    for (name, labels, image) in pods {
        run_pod(&mut c, name, labels.clone(), image);
    }
    c.run_for(60_000);
    c
}

#[test]
fn every_cluster_has_the_kubernetes_service_at_the_first_address_backed_by_the_control_plane() {
    let c = Cluster::new(1);
    let svc = c.store.service("default", "kubernetes").unwrap();
    assert_eq!(svc.spec.cluster_ip, "10.96.0.1");
    assert_eq!(svc.spec.cluster_ips, vec!["10.96.0.1".to_string()]);
    assert_eq!(svc.metadata.labels.get("component").map(String::as_str), Some("apiserver"));
    let ep = c.store.endpoints("default", "kubernetes").unwrap();
    let cp_ip = c.store.node("", "control-plane").unwrap().internal_ip().unwrap().to_string();
    assert_eq!(
        crate::api::value::Encode::encode(&ep.subsets),
        json!([{"addresses": [{"ip": cp_ip}], "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}]}])
    );
    let slice = c.store.endpoint_slice("default", "kubernetes").unwrap();
    assert_eq!(slice.endpoints, Some(vec![json!({"addresses": [cp_ip], "conditions": {"ready": true}})]));
}

#[test]
fn creating_the_kubernetes_service_draws_nothing_from_the_stream_pod_names_come_from() {
    let mut c = Cluster::empty(3);
    for kind in [Kind::EndpointSlice, Kind::Endpoints, Kind::Service] {
        c.delete(&ObjRef::new(kind, "default", "kubernetes"), Some(Propagation::Background), None).unwrap();
    }
    let mut before = c.rng.clone();
    bootstrap(&mut c);
    assert!(c.store.service("default", "kubernetes").is_some());
    assert_eq!(c.rng.next_u64(), before.next_u64());
}

#[test]
fn dynamic_cluster_ips_come_from_the_upper_part_of_the_range_and_never_repeat() {
    let mut c = Cluster::new(11);
    let mut seen = std::collections::BTreeSet::new();
    for i in 0..40 {
        let o = create(&mut c, Kind::Service, service(&format!("s{i}"), json!({"ports": [{"port": 80}]}))).unwrap();
        let ip = parse_v4(&svc_of(&o).spec.cluster_ip).unwrap();
        let lowest_dynamic = parse_v4("10.96.1.1").unwrap();
        let highest = parse_v4("10.111.255.254").unwrap();
        assert!((lowest_dynamic..=highest).contains(&ip), "{}", format_v4(ip));
        assert!(seen.insert(ip), "{} handed out twice", format_v4(ip));
    }
}

#[test]
fn allocation_refuses_taken_and_out_of_range_values_as_the_apiserver_words_it() {
    let mut c = Cluster::new(5);
    create(
        &mut c,
        Kind::Service,
        service(
            "taken",
            json!({"type": "NodePort", "clusterIP": "10.96.50.50", "ports": [{"port": 80, "nodePort": 30080}]}),
        ),
    )
    .unwrap();
    let cases = [
        (
            json!({"clusterIP": "10.96.0.1", "ports": [{"port": 80}]}),
            "Service \"x\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.96.0.1\"}: failed to allocate IP 10.96.0.1: provided IP is already allocated",
        ),
        (
            json!({"clusterIP": "10.0.0.5", "ports": [{"port": 80}]}),
            "Service \"x\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.0.0.5\"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12",
        ),
        (
            json!({"type": "NodePort", "ports": [{"port": 80, "nodePort": 30080}]}),
            "Service \"x\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated",
        ),
        (
            json!({"type": "NodePort", "ports": [{"port": 80, "nodePort": 8080}]}),
            "Service \"x\" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767",
        ),
        (
            json!({"clusterIP": "fd00::10", "ports": [{"port": 80}]}),
            "Service \"x\" is invalid: spec.clusterIPs[0]: Invalid value: []string{\"fd00::10\"}: IPv6 is not configured on this cluster",
        ),
        (
            json!({"ipFamilyPolicy": "RequireDualStack", "ports": [{"port": 80}]}),
            "Service \"x\" is invalid: spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\": this cluster is not configured for dual-stack services",
        ),
        (
            json!({"ipFamilies": ["IPv6"], "ports": [{"port": 80}]}),
            "Service \"x\" is invalid: spec.ipFamilies[0]: Invalid value: \"IPv6\": not configured on this cluster",
        ),
    ];
    for (spec, want) in cases {
        let err = c.create_value(Kind::Service, service("x", spec.clone()), false).unwrap_err();
        assert_eq!(err.message(), want, "{spec}");
    }
}

#[test]
fn deleting_a_service_releases_its_cluster_ip_and_node_ports() {
    let mut c = Cluster::new(5);
    let spec = json!({"type": "NodePort", "clusterIP": "10.96.7.7", "ports": [{"port": 80, "nodePort": 31000}]});
    create(&mut c, Kind::Service, service("a", spec.clone())).unwrap();
    assert!(c.create_value(Kind::Service, service("b", spec.clone()), false).is_err());
    c.delete(&ObjRef::new(Kind::Service, "default", "a"), Some(Propagation::Background), None).unwrap();
    create(&mut c, Kind::Service, service("b", spec)).unwrap();
}

#[test]
fn node_ports_come_from_the_range_and_ports_sharing_a_number_share_one() {
    let mut c = Cluster::new(9);
    let o = create(
        &mut c,
        Kind::Service,
        service(
            "dns",
            json!({"type": "NodePort", "ports": [
                {"name": "dns-udp", "port": 53, "protocol": "UDP"},
                {"name": "dns-tcp", "port": 53, "protocol": "TCP"},
                {"name": "metrics", "port": 9153}
            ]}),
        ),
    )
    .unwrap();
    let ports: Vec<i32> = svc_of(&o).spec.ports.iter().map(|p| p.node_port).collect();
    assert_eq!(ports[0], ports[1]);
    assert_ne!(ports[0], ports[2]);
    for p in ports {
        assert!((30086..=32767).contains(&p), "{p}");
    }
}

#[test]
fn a_server_dry_run_allocates_nothing_and_shows_upstreams_placeholders() {
    let mut c = Cluster::new(2);
    let spec = json!({"type": "NodePort", "ports": [{"name": "a", "port": 80}, {"name": "b", "port": 81}]});
    let o = c.create_value(Kind::Service, service("dry", spec), true).unwrap();
    let s = svc_of(&o);
    assert_eq!(s.spec.cluster_ip, "10.96.0.0");
    assert_eq!(s.spec.ports.iter().map(|p| p.node_port).collect::<Vec<_>>(), vec![32769, 32770]);
    assert!(c.store.service("default", "dry").is_none());
}

#[test]
fn an_update_that_leaves_out_allocated_values_keeps_them() {
    let mut c = Cluster::new(4);
    let o = create(
        &mut c,
        Kind::Service,
        service("s", json!({"type": "NodePort", "ports": [{"name": "http", "port": 80}]})),
    )
    .unwrap();
    let (ip, np) = (svc_of(&o).spec.cluster_ip.clone(), svc_of(&o).spec.ports[0].node_port);
    let updated = c
        .update_value(
            Kind::Service,
            service("s", json!({"type": "NodePort", "ports": [{"name": "http", "port": 8080}]})),
            false,
        )
        .unwrap();
    assert_eq!(svc_of(&updated).spec.cluster_ip, ip);
    assert_eq!(svc_of(&updated).spec.ports[0].node_port, np);
    let err = c
        .update_value(Kind::Service, service("s", json!({"clusterIP": "10.96.3.3", "ports": [{"port": 80}]})), false)
        .unwrap_err();
    assert_eq!(
        err.message(),
        "Service \"s\" is invalid: spec.clusterIPs[0]: Invalid value: []string{\"10.96.3.3\"}: may not change once set"
    );
}

#[test]
fn nslookup_prints_what_busybox_prints_for_each_kind_of_name() {
    let mut c = ready_cluster(&[("db-0", json!({"app": "db"}), "redis")]);
    create(&mut c, Kind::Service, service("web", json!({"clusterIP": "10.96.20.20", "ports": [{"port": 80}]})))
        .unwrap();
    create(
        &mut c,
        Kind::Service,
        service("db", json!({"clusterIP": "None", "selector": {"app": "db"}, "ports": [{"port": 6379}]})),
    )
    .unwrap();
    create(&mut c, Kind::Service, service("ext", json!({"type": "ExternalName", "externalName": "example.com"})))
        .unwrap();
    let db_ip = c.store.pod("default", "db-0").unwrap().status.pod_ip.clone();
    let head = "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n";
    let cases: Vec<(&str, String, i32)> = vec![
        ("web.default.svc.cluster.local", format!("{head}Name:\tweb.default.svc.cluster.local\nAddress: 10.96.20.20\n\n\n"), 0),
        (
            "web",
            format!("{head}Name:\tweb.default.svc.cluster.local\nAddress: 10.96.20.20\n\n** server can't find web.svc.cluster.local: NXDOMAIN\n\n** server can't find web.cluster.local: NXDOMAIN\n\n\n** server can't find web.svc.cluster.local: NXDOMAIN\n\n** server can't find web.cluster.local: NXDOMAIN\n\n"),
            1,
        ),
        (
            "web.default",
            format!("{head}** server can't find web.default: NXDOMAIN\n\n** server can't find web.default: NXDOMAIN\n\n"),
            1,
        ),
        ("db.default.svc.cluster.local", format!("{head}Name:\tdb.default.svc.cluster.local\nAddress: {db_ip}\n\n\n"), 0),
        (
            "ext.default.svc.cluster.local",
            format!("{head}ext.default.svc.cluster.local\tcanonical name = example.com\n\next.default.svc.cluster.local\tcanonical name = example.com\n\n"),
            0,
        ),
        ("10.96.0.1", format!("{head}1.0.96.10.in-addr.arpa\tname = kubernetes.default.svc.cluster.local\n\n"), 0),
        (
            "nosuch.default.svc.cluster.local",
            format!("{head}** server can't find nosuch.default.svc.cluster.local: NXDOMAIN\n\n** server can't find nosuch.default.svc.cluster.local: NXDOMAIN\n\n"),
            1,
        ),
        (
            "example.com",
            format!("{head}** server can't find example.com: SERVFAIL\n\n** server can't find example.com: SERVFAIL\n\n"),
            1,
        ),
    ];
    for (name, want, code) in cases {
        let out = nslookup_command(&c, "default", &[name.to_string()]);
        assert_eq!(out.stdout, want, "{name}");
        assert_eq!(out.exit_code, code, "{name}");
    }
    assert_eq!(
        nslookup(&c, "default", "kubernetes.default.svc.cluster.local").lines().nth(3),
        Some("Name:\tkubernetes.default.svc.cluster.local")
    );
}

#[test]
fn a_headless_service_without_ready_endpoints_does_not_resolve() {
    let mut c = Cluster::new(8);
    create(
        &mut c,
        Kind::Service,
        service("h", json!({"clusterIP": "None", "selector": {"app": "none"}, "ports": [{"port": 80}]})),
    )
    .unwrap();
    let out = nslookup_command(&c, "default", &["h.default.svc.cluster.local".to_string()]);
    assert!(out.stdout.contains("** server can't find h.default.svc.cluster.local: NXDOMAIN"), "{}", out.stdout);
}

#[test]
fn service_variables_follow_the_docker_link_convention() {
    // The worked example of `service_vars`.
    let mut c = Cluster::new(6);
    create(&mut c, Kind::Service, service("redis", json!({"clusterIP": "10.96.5.6", "ports": [{"port": 6379}]})))
        .unwrap();
    run_pod(&mut c, "client", json!({"app": "client"}), "busybox");
    c.run_for(30_000);
    let pod = c.store.pod("default", "client").unwrap().clone();
    let env: Vec<(String, String)> =
        env_for_pod(&c, &pod).into_iter().filter(|(k, _)| k.starts_with("REDIS")).collect();
    let want: Vec<(String, String)> = [
        ("REDIS_SERVICE_HOST", "10.96.5.6"),
        ("REDIS_SERVICE_PORT", "6379"),
        ("REDIS_PORT", "tcp://10.96.5.6:6379"),
        ("REDIS_PORT_6379_TCP", "tcp://10.96.5.6:6379"),
        ("REDIS_PORT_6379_TCP_PROTO", "tcp"),
        ("REDIS_PORT_6379_TCP_PORT", "6379"),
        ("REDIS_PORT_6379_TCP_ADDR", "10.96.5.6"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(env, want);
}

#[test]
fn a_container_sees_only_the_services_that_existed_when_it_started() {
    let mut c = Cluster::new(6);
    run_pod(&mut c, "early", json!({"app": "x"}), "busybox");
    c.run_for(30_000);
    create(&mut c, Kind::Service, service("late", json!({"ports": [{"port": 80}]}))).unwrap();
    let no_links = json!({
        "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "nolinks"},
        "spec": {"enableServiceLinks": false, "containers": [{"name": "main", "image": "busybox", "command": ["sleep", "3600"]}]}
    });
    create(&mut c, Kind::Pod, no_links).unwrap();
    c.run_for(30_000);
    let names = |c: &Cluster, pod: &str| -> Vec<String> {
        let p = c.store.pod("default", pod).unwrap().clone();
        env_for_pod(c, &p).into_iter().map(|(k, _)| k).filter(|k| k.ends_with("_SERVICE_HOST")).collect()
    };
    assert_eq!(names(&c, "early"), vec!["KUBERNETES_SERVICE_HOST".to_string()]);
    assert_eq!(names(&c, "nolinks"), vec!["KUBERNETES_SERVICE_HOST".to_string()]);
}

/// Four stable pods and a canary behind one Service.
fn canary_cluster() -> Cluster {
    let mut pods: Vec<(String, Value, &str)> =
        (1..=4).map(|i| (format!("web-stable-{i}"), json!({"app": "web", "track": "stable"}), "nginx:1.25")).collect();
    pods.push(("web-canary".into(), json!({"app": "web", "track": "canary"}), "nginx:1.26"));
    let refs: Vec<(&str, Value, &str)> = pods.iter().map(|(n, l, i)| (n.as_str(), l.clone(), *i)).collect();
    let mut c = ready_cluster(&refs);
    create(&mut c, Kind::Service, service("web", json!({"selector": {"app": "web"}, "ports": [{"port": 80}]})))
        .unwrap();
    c
}

#[test]
fn with_one_canary_and_four_stable_pods_about_a_fifth_of_the_requests_reach_the_canary() {
    let mut c = canary_cluster();
    let run = c.send_traffic("default", "web", 200, 10_000).unwrap();
    assert_eq!(run.counts.sent, 2000);
    let canary = run.counts.pods.get("web-canary").map_or(0, |t| t.requests);
    // 2000 requests at p = 0.2: mean 400, standard deviation about 18.
    assert!((340..=460).contains(&canary), "the canary got {canary} of 2000");
    assert_eq!(run.counts.pods.len(), 5);
    assert_eq!(c.traffic_counts("default", "web").map(|t| t.sent), Some(2000));
}

#[test]
fn traffic_without_ready_endpoints_is_refused_and_client_ip_affinity_sticks_to_one_pod() {
    let mut c = Cluster::new(12);
    create(&mut c, Kind::Service, service("none", json!({"selector": {"app": "none"}, "ports": [{"port": 80}]})))
        .unwrap();
    let run = c.send_traffic("default", "none", 10, 1000).unwrap();
    assert_eq!((run.counts.sent, run.counts.no_endpoints), (10, 10));
    let mut c = canary_cluster();
    let spec = json!({"selector": {"app": "web"}, "sessionAffinity": "ClientIP", "ports": [{"port": 80}]});
    create(&mut c, Kind::Service, service("sticky", spec)).unwrap();
    let run = c.send_traffic("default", "sticky", 50, 2000).unwrap();
    assert_eq!(run.counts.pods.len(), 1, "{:?}", run.counts.pods);
}

#[test]
fn requests_to_a_port_nothing_listens_on_are_refused_by_the_pod() {
    let mut c = ready_cluster(&[("web-1", json!({"app": "web"}), "nginx")]);
    create(
        &mut c,
        Kind::Service,
        service("web", json!({"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": 8080}]})),
    )
    .unwrap();
    let run = c.send_traffic("default", "web", 10, 1000).unwrap();
    assert_eq!(run.counts.pods.get("web-1").map(|t| (t.requests, t.refused)), Some((10, 10)));
    assert!(format_run(&run).contains("10 refused by pods that do not listen on the target port"));
}

#[test]
fn the_membership_says_why_a_pod_is_left_out() {
    let mut c = canary_cluster();
    c.delete(&ObjRef::new(Kind::Pod, "default", "web-canary"), Some(Propagation::Background), None).unwrap();
    c.process_due();
    let got: Vec<(String, String)> =
        c.service_membership("default", "web").into_iter().map(|m| (m.pod.clone(), m.reason())).collect();
    assert_eq!(got.first(), Some(&("web-canary".to_string(), "terminating (still serving)".to_string())));
    assert!(got.iter().skip(1).all(|(_, r)| r == "Ready"), "{got:?}");
}

#[test]
fn traffic_is_counted_per_replica_set_and_the_revision_it_is() {
    let mut c = Cluster::new(13);
    for (rs, revision, replicas) in [("web-old", "1", 3), ("web-new", "2", 1)] {
        let v = json!({
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {"name": rs, "annotations": {"deployment.kubernetes.io/revision": revision}},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": "web", "rs": rs}},
                     "template": {"metadata": {"labels": {"app": "web", "rs": rs}},
                                  "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}
        });
        create(&mut c, Kind::ReplicaSet, v).unwrap();
    }
    c.run_for(60_000);
    create(&mut c, Kind::Service, service("web", json!({"selector": {"app": "web"}, "ports": [{"port": 80}]})))
        .unwrap();
    let run = c.send_traffic("default", "web", 100, 4000).unwrap();
    let groups: Vec<(String, Option<String>, usize)> =
        run.counts.by_owner().into_iter().map(|(o, r, pods, _)| (o, r, pods)).collect();
    assert_eq!(
        groups,
        vec![
            ("replicaset/web-new".to_string(), Some("2".to_string()), 1),
            ("replicaset/web-old".to_string(), Some("1".to_string()), 3),
        ]
    );
    let text = format_run(&run);
    assert!(text.contains("OWNER") && text.contains("REVISION"), "{text}");
}
