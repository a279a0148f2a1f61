//! Service, Endpoints and EndpointSlice.

use std::collections::BTreeMap;

use super::value::{Decode, Encode};
use crate::json::Value;

use super::intstr::IntOrString;
use super::meta::ObjectMeta;

fn is_zero_i32(v: &i32) -> bool {
    *v == 0
}

/// `v1.Service`.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct Service {
    #[kp(default)]
    pub metadata: ObjectMeta,
    #[kp(default)]
    pub spec: ServiceSpec,
    #[kp(default)]
    pub status: ServiceStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct ServiceSpec {
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ServicePort>,
    #[kp(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub selector: BTreeMap<String, String>,
    #[kp(default, rename = "clusterIP", skip_serializing_if = "String::is_empty")]
    pub cluster_ip: String,
    #[kp(default, rename = "clusterIPs", skip_serializing_if = "Vec::is_empty")]
    pub cluster_ips: Vec<String>,
    #[kp(default, rename = "type", skip_serializing_if = "String::is_empty")]
    pub type_: String,
    #[kp(default, rename = "externalIPs", skip_serializing_if = "Vec::is_empty")]
    pub external_ips: Vec<String>,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub external_name: String,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub publish_not_ready_addresses: Option<bool>,
    #[kp(flatten)]
    pub extra: BTreeMap<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct ServicePort {
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub app_protocol: Option<String>,
    pub port: i32,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub target_port: Option<IntOrString>,
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub node_port: i32,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct ServiceStatus {
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub load_balancer: Option<Value>,
    #[kp(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// `v1.Endpoints`.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct Endpoints {
    #[kp(default)]
    pub metadata: ObjectMeta,
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub subsets: Vec<EndpointSubset>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct EndpointSubset {
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<EndpointAddress>,
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub not_ready_addresses: Vec<EndpointAddress>,
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<EndpointPort>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct EndpointAddress {
    pub ip: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub hostname: String,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub target_ref: Option<Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct EndpointPort {
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    pub port: i32,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub app_protocol: Option<String>,
}

/// `discovery/v1.EndpointSlice`.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct EndpointSlice {
    #[kp(default)]
    pub metadata: ObjectMeta,
    #[kp(default)]
    pub address_type: String,
    /// Always printed (`endpoints: null` when empty), as Go prints a nil slice without omitempty.
    #[kp(default)]
    pub endpoints: Option<Vec<Value>>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub ports: Option<Vec<Value>>,
}
