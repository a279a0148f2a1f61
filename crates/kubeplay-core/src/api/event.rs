//! core/v1 Event: what controllers, the scheduler and kubelets report about objects.

use std::collections::BTreeMap;

use super::value::{Decode, Encode};
use crate::json::Value;

use super::meta::{ObjectMeta, Time};

/// `v1.Event`.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct Event {
    #[kp(default)]
    pub metadata: ObjectMeta,
    #[kp(default)]
    pub involved_object: ObjectReference,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[kp(default)]
    pub source: EventSource,
    /// Always printed (null when unset), like every metav1.Time struct field.
    #[kp(default)]
    pub first_timestamp: Option<Time>,
    #[kp(default)]
    pub last_timestamp: Option<Time>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i32>,
    #[kp(default, rename = "type", skip_serializing_if = "String::is_empty")]
    pub type_: String,
    /// A MicroTime; always printed (null for events from the legacy recorder).
    #[kp(default)]
    pub event_time: Option<Value>,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub reporting_component: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub reporting_instance: String,
    #[kp(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// `v1.ObjectReference`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct ObjectReference {
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub uid: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub resource_version: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub field_path: String,
}

/// `v1.EventSource`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub struct EventSource {
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub component: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub host: String,
}
