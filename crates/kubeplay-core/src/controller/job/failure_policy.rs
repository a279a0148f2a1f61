//! `spec.podFailurePolicy` (pkg/controller/job/pod_failure_policy.go): the first rule a failed
//! pod matches, by a container's exit code or by a pod condition, decides whether the pod fails
//! the Job, is ignored, or counts towards the back-off limit.

use crate::json::Value;

use crate::api::pod::{ContainerStatus, Pod};

/// What a matching rule says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    FailJob,
    Ignore,
    Count,
}

/// The outcome of `matchPodFailurePolicy`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// Why the Job fails, for a FailJob rule.
    pub fail_job_message: Option<String>,
    /// Whether the failure counts towards `backoffLimit`.
    pub count_failed: bool,
    pub action: Option<Action>,
}

/// Follows `matchPodFailurePolicy`. FailIndex applies only with `backoffLimitPerIndex`, which
/// kubeplay does not simulate, so such rules are skipped as upstream skips them with the feature
/// off.
pub fn match_pod_failure_policy(policy: &Value, pod: &Pod) -> Match {
    let no_match = Match { fail_job_message: None, count_failed: true, action: None };
    let Some(rules) = policy.get("rules").and_then(Value::as_array) else { return no_match };
    for (index, rule) in rules.iter().enumerate() {
        let action = rule.get("action").and_then(Value::as_str).unwrap_or("");
        let matched: Option<String> = if let Some(req) = rule.get("onExitCodes") {
            match_on_exit_codes(pod, req).map(|c| {
                let code = c.state.terminated.as_ref().map_or(0, |t| t.exit_code);
                format!(
                    "Container {} for pod {}/{} failed with exit code {code} matching {action} rule at index {index}",
                    c.name, pod.metadata.namespace, pod.metadata.name
                )
            })
        } else if let Some(patterns) = rule.get("onPodConditions").and_then(Value::as_array) {
            match_on_pod_conditions(pod, patterns).map(|t| {
                format!(
                    "Pod {}/{} has condition {t} matching {action} rule at index {index}",
                    pod.metadata.namespace, pod.metadata.name
                )
            })
        } else {
            None
        };
        let Some(message) = matched else { continue };
        match action {
            "Ignore" => return Match { fail_job_message: None, count_failed: false, action: Some(Action::Ignore) },
            "Count" => return Match { fail_job_message: None, count_failed: true, action: Some(Action::Count) },
            "FailJob" => {
                return Match { fail_job_message: Some(message), count_failed: true, action: Some(Action::FailJob) }
            }
            _ => {}
        }
    }
    no_match
}

/// `matchOnExitCodes`: app containers first, then init containers.
fn match_on_exit_codes<'a>(pod: &'a Pod, req: &Value) -> Option<&'a ContainerStatus> {
    matching_container(&pod.status.container_statuses, req)
        .or_else(|| matching_container(&pod.status.init_container_statuses, req))
}

/// `getMatchingContainerFromList`: a terminated container (of the named one, if given) whose
/// non-zero exit code the operator accepts.
fn matching_container<'a>(statuses: &'a [ContainerStatus], req: &Value) -> Option<&'a ContainerStatus> {
    let name = req.get("containerName").and_then(Value::as_str);
    let operator = req.get("operator").and_then(Value::as_str).unwrap_or("");
    let values: Vec<i64> = req
        .get("values")
        .and_then(Value::as_array)
        .map_or_else(Vec::new, |v| v.iter().filter_map(Value::as_i64).collect());
    statuses.iter().find(|c| {
        let Some(t) = &c.state.terminated else { return false };
        if name.is_some_and(|n| n != c.name) || t.exit_code == 0 {
            return false;
        }
        let code = i64::from(t.exit_code);
        match operator {
            "In" => values.contains(&code),
            "NotIn" => !values.contains(&code),
            _ => false,
        }
    })
}

/// `matchOnPodConditions`: the first pod condition any pattern names with the same status.
fn match_on_pod_conditions(pod: &Pod, patterns: &[Value]) -> Option<String> {
    pod.status.conditions.iter().find_map(|c| {
        let hit = patterns.iter().any(|p| {
            p.get("type").and_then(Value::as_str) == Some(&*c.type_)
                && p.get("status").and_then(Value::as_str) == Some(&*c.status)
        });
        hit.then(|| c.type_.to_string())
    })
}
