//! The batch/v1 kinds: Job and CronJob.

use std::collections::BTreeMap;

use super::value::{Decode, Encode};
use crate::json::Value;

use super::meta::{LabelSelector, ObjectMeta, Time};
use super::pod::PodTemplateSpec;

fn is_zero_i32(v: &i32) -> bool {
    *v == 0
}

/// `batch/v1.Job`.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct Job {
    #[kp(default)]
    pub metadata: ObjectMeta,
    #[kp(default)]
    pub spec: JobSpec,
    #[kp(default)]
    pub status: JobStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct JobSpec {
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub parallelism: Option<i32>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub completions: Option<i32>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub active_deadline_seconds: Option<i64>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub pod_failure_policy: Option<Value>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub backoff_limit: Option<i32>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub backoff_limit_per_index: Option<i32>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub manual_selector: Option<bool>,
    #[kp(default)]
    pub template: PodTemplateSpec,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub ttl_seconds_after_finished: Option<i32>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub completion_mode: Option<String>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub pod_replacement_policy: Option<String>,
    #[kp(flatten)]
    pub extra: BTreeMap<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct JobStatus {
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<JobCondition>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Time>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub completion_time: Option<Time>,
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub active: i32,
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub succeeded: i32,
    #[kp(default, skip_serializing_if = "is_zero_i32")]
    pub failed: i32,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub terminating: Option<i32>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub completed_indexes: Option<String>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub failed_indexes: Option<String>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub uncounted_terminated_pods: Option<Value>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub ready: Option<i32>,
}

/// `batch/v1.JobCondition`. Both times are always printed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct JobCondition {
    #[kp(rename = "type")]
    pub type_: String,
    pub status: String,
    #[kp(default)]
    pub last_probe_time: Option<Time>,
    #[kp(default)]
    pub last_transition_time: Option<Time>,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

/// `batch/v1.CronJob`.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct CronJob {
    #[kp(default)]
    pub metadata: ObjectMeta,
    #[kp(default)]
    pub spec: CronJobSpec,
    #[kp(default)]
    pub status: CronJobStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct CronJobSpec {
    #[kp(default)]
    pub schedule: String,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub starting_deadline_seconds: Option<i64>,
    #[kp(default, skip_serializing_if = "String::is_empty")]
    pub concurrency_policy: String,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
    #[kp(default)]
    pub job_template: JobTemplateSpec,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub successful_jobs_history_limit: Option<i32>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub failed_jobs_history_limit: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct JobTemplateSpec {
    #[kp(default)]
    pub metadata: ObjectMeta,
    #[kp(default)]
    pub spec: JobSpec,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[kp(rename_all = "camelCase")]
pub struct CronJobStatus {
    #[kp(default, skip_serializing_if = "Vec::is_empty")]
    pub active: Vec<Value>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub last_schedule_time: Option<Time>,
    #[kp(default, skip_serializing_if = "Option::is_none")]
    pub last_successful_time: Option<Time>,
}
