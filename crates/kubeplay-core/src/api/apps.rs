//! The apps/v1 workloads (ReplicaSet, Deployment, DaemonSet, ControllerRevision) and core/v1's
//! ReplicationController.

use std::collections::BTreeMap;

use super::value::{Decode, Encode};
use crate::json::Value;

use super::intstr::IntOrString;
use super::meta::{LabelSelector, ObjectMeta, Time};
use super::pod::PodTemplateSpec;

fn is_zero_i32(v: &i32) -> bool {
    *v == 0
}

fn is_zero_i64(v: &i64) -> bool {
    *v == 0
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A workload condition (Deployment, ReplicaSet, DaemonSet, ReplicationController).
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct WorkloadCondition {
    #[kp(rename = "type")]
    pub type_: String,
    pub status: String,
    /// Deployments only; always printed for them.
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub last_update_time: Option<Time>,
    #[kp(default)]
    pub last_transition_time: Option<Time>,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

/// `apps/v1.ReplicaSet`.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct ReplicaSet {
    #[kp(default)]
    pub metadata: ObjectMeta,
    #[kp(default)]
    pub spec: ReplicaSetSpec,
    #[kp(default)]
    pub status: ReplicaSetStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct ReplicaSetSpec {
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub min_ready_seconds: i32,
    #[kp(default)]
    pub selector: LabelSelector,
    #[kp(default)]
    pub template: PodTemplateSpec,
}

/// `apps/v1.ReplicaSetStatus` (also the shape of ReplicationControllerStatus).
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct ReplicaSetStatus {
    #[kp(default)]
    pub replicas: i32,
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub fully_labeled_replicas: i32,
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub ready_replicas: i32,
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub available_replicas: i32,
    #[kp(default, skip_serializing_if = "is_zero_i64")]
    pub observed_generation: i64,
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<WorkloadCondition>,
}

/// `v1.ReplicationController`: a ReplicaSet with a map selector.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct ReplicationController {
    #[kp(default)]
    pub metadata: ObjectMeta,
    #[kp(default)]
    pub spec: ReplicationControllerSpec,
    #[kp(default)]
    pub status: ReplicaSetStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct ReplicationControllerSpec {
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub min_ready_seconds: i32,
    #[kp(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub selector: BTreeMap<String, String>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<PodTemplateSpec>,
}

/// `apps/v1.Deployment`.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct Deployment {
    #[kp(default)]
    pub metadata: ObjectMeta,
    #[kp(default)]
    pub spec: DeploymentSpec,
    #[kp(default)]
    pub status: DeploymentStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct DeploymentSpec {
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    #[kp(default)]
    pub selector: LabelSelector,
    #[kp(default)]
    pub template: PodTemplateSpec,
    #[kp(default)]
    pub strategy: DeploymentStrategy,
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub min_ready_seconds: i32,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i32>,
    #[kp(default, skip_serializing_if = "is_false")]
    pub paused: bool,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub progress_deadline_seconds: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct DeploymentStrategy {
    #[kp(default, rename = "type", skip_serializing_if = "String::is_empty")]
    pub type_: String,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub rolling_update: Option<RollingUpdate>,
}

/// `RollingUpdateDeployment` and `RollingUpdateDaemonSet`.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct RollingUpdate {
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub max_surge: Option<IntOrString>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<IntOrString>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct DeploymentStatus {
    #[kp(default, skip_serializing_if = "is_zero_i64")]
    pub observed_generation: i64,
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub replicas: i32,
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub updated_replicas: i32,
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub ready_replicas: i32,
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub available_replicas: i32,
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub unavailable_replicas: i32,
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<WorkloadCondition>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub collision_count: Option<i32>,
}

/// `apps/v1.DaemonSet`.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct DaemonSet {
    #[kp(default)]
    pub metadata: ObjectMeta,
    #[kp(default)]
    pub spec: DaemonSetSpec,
    #[kp(default)]
    pub status: DaemonSetStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct DaemonSetSpec {
    #[kp(default)]
    pub selector: LabelSelector,
    #[kp(default)]
    pub template: PodTemplateSpec,
    #[kp(default)]
    pub update_strategy: DeploymentStrategy,
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub min_ready_seconds: i32,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct DaemonSetStatus {
    #[kp(default)]
    pub current_number_scheduled: i32,
    #[kp(default)]
    pub number_misscheduled: i32,
    #[kp(default)]
    pub desired_number_scheduled: i32,
    #[kp(default)]
    pub number_ready: i32,
    #[kp(default, skip_serializing_if = "is_zero_i64")]
    pub observed_generation: i64,
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub updated_number_scheduled: i32,
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub number_available: i32,
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub number_unavailable: i32,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub collision_count: Option<i32>,
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<WorkloadCondition>,
}

/// `apps/v1.ControllerRevision`.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct ControllerRevision {
    #[kp(default)]
    pub metadata: ObjectMeta,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    #[kp(default)]
    pub revision: i64,
}
