//! Node and Namespace: the cluster-scoped kinds.

use std::collections::BTreeMap;

use super::value::{Decode, Encode};
use crate::json::Value;

use super::meta::{ObjectMeta, Time};
use super::pod::Taint;

fn is_false(b: &bool) -> bool {
    !*b
}

/// `v1.Node`.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct Node {
    #[kp(default)]
    pub metadata: ObjectMeta,
    #[kp(default)]
    pub spec: NodeSpec,
    #[kp(default)]
    pub status: NodeStatus,
}

/// `v1.NodeSpec`.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct NodeSpec {
    #[kp(default, rename = "podCIDR", skip_serializing_if = "String::is_empty")]
    pub pod_cidr: String,
    #[kp(default, rename = "podCIDRs", skip_serializing_if = "Vec::is_empty")]
    pub pod_cidrs: Vec<String>,
    #[kp(default, rename = "providerID", skip_serializing_if = "String::is_empty")]
    pub provider_id: String,
    #[kp(default, skip_serializing_if = "is_false")]
    pub unschedulable: bool,
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub taints: Vec<Taint>,
    #[kp(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// `v1.NodeStatus`.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct NodeStatus {
    #[kp(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub capacity: BTreeMap<String, String>,
    #[kp(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub allocatable: BTreeMap<String, String>,
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<NodeCondition>,
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<NodeAddress>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub node_info: Option<NodeSystemInfo>,
    #[kp(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// `v1.NodeCondition`. Both times are always printed, as Go prints time structs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct NodeCondition {
    #[kp(rename = "type")]
    pub type_: String,
    pub status: String,
    #[kp(default)]
    pub last_heartbeat_time: Option<Time>,
    #[kp(default)]
    pub last_transition_time: Option<Time>,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

/// `v1.NodeAddress`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub struct NodeAddress {
    #[kp(rename = "type")]
    pub type_: String,
    pub address: String,
}

/// `v1.NodeSystemInfo`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct NodeSystemInfo {
    #[kp(rename = "machineID")]
    pub machine_id: String,
    #[kp(rename = "systemUUID")]
    pub system_uuid: String,
    #[kp(rename = "bootID")]
    pub boot_id: String,
    pub kernel_version: String,
    pub os_image: String,
    pub container_runtime_version: String,
    pub kubelet_version: String,
    pub kube_proxy_version: String,
    pub operating_system: String,
    pub architecture: String,
}

impl Node {
    pub fn condition(&self, type_: &str) -> Option<&NodeCondition> {
        self.status.conditions.iter().find(|c| c.type_ == type_)
    }

    /// Ready=True.
    pub fn is_ready(&self) -> bool {
        self.condition("Ready").is_some_and(|c| c.status == "True")
    }

    /// The node's InternalIP.
    pub fn internal_ip(&self) -> Option<&str> {
        self.status.addresses.iter().find(|a| a.type_ == "InternalIP").map(|a| a.address.as_str())
    }
}

/// `v1.Namespace`.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct Namespace {
    #[kp(default)]
    pub metadata: ObjectMeta,
    #[kp(default)]
    pub spec: NamespaceSpec,
    #[kp(default)]
    pub status: NamespaceStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub struct NamespaceSpec {
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub finalizers: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
pub struct NamespaceStatus {
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub phase: String,
    #[kp(flatten)]
    pub extra: BTreeMap<String, Value>,
}
