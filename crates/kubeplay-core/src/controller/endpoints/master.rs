//! The `kubernetes` Service's endpoints, which the apiserver itself keeps: one address per
//! apiserver (here, per control-plane node) on port 6443, an Endpoints object the EndpointSlice
//! mirroring controller must skip, and an EndpointSlice named `kubernetes`
//! (pkg/controlplane/reconcilers `leaseEndpointReconciler.doReconcile`, `endpointsadapter.go`).
//! When the Service itself is deleted the apiserver puts it back, as its bootstrap controller does.

use std::collections::BTreeMap;

use crate::json::json;

use super::super::{Action, Ctx, Reconcile};
use super::{SERVICE_NAME_LABEL, SKIP_MIRROR_LABEL};
use crate::api::service::{EndpointSlice, Endpoints};
use crate::api::{Kind, Object};

/// Where the `kubernetes` Service lives.
pub const MASTER_NAMESPACE: &str = "default";
/// The Service that points at the apiservers.
pub const MASTER_SERVICE: &str = "kubernetes";
/// The apiserver's secure port, behind the Service's port 443.
pub const MASTER_ENDPOINT_PORT: i32 = 6443;
/// The label kind (kubeadm) puts on control-plane nodes.
pub const CONTROL_PLANE_LABEL: &str = "node-role.kubernetes.io/control-plane";

/// Whether `namespace/name` is the `kubernetes` Service.
pub fn is_master_service(namespace: &str, name: &str) -> bool {
    namespace == MASTER_NAMESPACE && name == MASTER_SERVICE
}

/// The apiservers' addresses: the control-plane nodes' InternalIPs, sorted as `RepackSubsets`
/// sorts them.
fn master_ips(ctx: &Ctx) -> Vec<String> {
    let mut ips: Vec<String> = ctx
        .store
        .nodes()
        .filter(|n| n.metadata.labels.contains_key(CONTROL_PLANE_LABEL))
        .filter_map(|n| n.internal_ip().map(str::to_string))
        .collect();
    ips.sort();
    ips.dedup();
    ips
}

/// One reconcile of the `kubernetes` Service's endpoints, or of the Service itself when it is
/// gone. Without any apiserver address the endpoints are left as they are, as the reconciler
/// refuses to erase them.
pub(super) fn sync(ctx: &Ctx, out: &mut Reconcile) {
    if ctx.store.service(MASTER_NAMESPACE, MASTER_SERVICE).is_none() {
        if let Ok(obj) = Object::from_value(Kind::Service, master_service_value()) {
            out.actions.push(Action::Create {
                obj,
                why: "the apiserver recreates the kubernetes Service it always serves".into(),
                event: None,
                failed: None,
            });
        }
        return;
    }
    let ips = master_ips(ctx);
    if ips.is_empty() {
        return;
    }
    let port = json!({"name": "https", "port": MASTER_ENDPOINT_PORT, "protocol": "TCP"});
    let subsets = json!([{"addresses": ips.iter().map(|ip| json!({"ip": ip})).collect::<Vec<_>>(), "ports": [port]}]);
    let why = format!("the apiserver serves service/{MASTER_SERVICE} at {}", ips.join(", "));
    let ep_labels: BTreeMap<String, String> = [(SKIP_MIRROR_LABEL.to_string(), "true".to_string())].into();
    let current = ctx.store.endpoints(MASTER_NAMESPACE, MASTER_SERVICE);
    let mut ep: Endpoints = current.cloned().unwrap_or_default();
    ep.metadata.name = MASTER_SERVICE.into();
    ep.metadata.namespace = MASTER_NAMESPACE.into();
    ep.metadata.labels = ep_labels.into();
    ep.subsets = crate::api::value::Decode::decode(subsets).unwrap_or_default();
    match current {
        Some(cur) if *cur == ep => {}
        Some(_) => {
            out.actions.push(Action::Update { obj: Object::Endpoints(crate::api::ObjBox::new(ep)), why: why.clone() })
        }
        None => out.actions.push(Action::Create {
            obj: Object::Endpoints(crate::api::ObjBox::new(ep)),
            why: why.clone(),
            event: None,
            failed: None,
        }),
    }
    let current = ctx.store.endpoint_slice(MASTER_NAMESPACE, MASTER_SERVICE);
    let mut slice: EndpointSlice = current.cloned().unwrap_or_default();
    slice.metadata.name = MASTER_SERVICE.into();
    slice.metadata.namespace = MASTER_NAMESPACE.into();
    slice.metadata.labels = [(SERVICE_NAME_LABEL.to_string(), MASTER_SERVICE.to_string())].into();
    slice.address_type = "IPv4".into();
    let endpoints: Vec<crate::json::Value> =
        ips.iter().map(|ip| json!({"addresses": [ip], "conditions": {"ready": true}})).collect();
    slice.endpoints = Some(endpoints);
    slice.ports = Some(vec![json!({"name": "https", "port": MASTER_ENDPOINT_PORT, "protocol": "TCP"})]);
    match current {
        Some(cur) if *cur == slice => {}
        Some(cur) => {
            slice.metadata.generation = cur.metadata.generation + 1;
            out.actions.push(Action::Update { obj: Object::EndpointSlice(crate::api::ObjBox::new(slice)), why });
        }
        None => out.actions.push(Action::Create {
            obj: Object::EndpointSlice(crate::api::ObjBox::new(slice)),
            why,
            event: None,
            failed: None,
        }),
    }
}

/// The `kubernetes` Service as the apiserver's bootstrap controller creates it
/// (`controlplane.Controller.CreateOrUpdateMasterServiceIfNeeded`): 10.96.0.1:443 to the
/// apiservers' 6443, labelled `component=apiserver`, `provider=kubernetes`, without a selector.
pub fn master_service_value() -> crate::json::Value {
    json!({
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {
            "name": MASTER_SERVICE,
            "namespace": MASTER_NAMESPACE,
            "labels": {"component": "apiserver", "provider": "kubernetes"}
        },
        "spec": {
            "type": "ClusterIP",
            "clusterIP": "10.96.0.1",
            "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": MASTER_ENDPOINT_PORT}],
            "sessionAffinity": "None"
        }
    })
}
