//! Validation as the v1.32 apiserver does it, with its messages and field paths: object
//! metadata, pod specs and templates, and each kind's own rules, on create and on update.
//!
//! The input is a defaulted object as JSON. Odd shapes (a string where an object belongs) read
//! as absent; nothing here panics. Errors come in upstream's order, with Go map iteration
//! replaced by sorted key order, and repeated texts dropped as `ErrorList.ToAggregate` does.
//!
//! Values print as the v1.32 error printer prints them: strings quoted, numbers bare, and
//! `IntOrString`, `LabelSelector` and other structs as Go `%#v` dumps, because apimachinery
//! v0.32's `ErrorBody` dereferences pointers before looking for a `String()` method and these
//! types define `String()` on the pointer only (the pointer-aware printer came later).

mod apps;
mod batch;
mod core;
mod cron;
mod discovery;
mod meta;
mod names;
mod net;
mod path;
mod pod;
mod quantity;
mod service;
#[cfg(test)]
mod tests;
mod tz_names;
mod value;

use crate::json::Value;

use crate::api::{Kind, RESOURCES};
use crate::manifest::field::FieldError;

pub use cron::{load_location, parse_schedule, Schedule};
pub use names::{
    empty_error, inclusive_range_error, is_config_map_key, is_dns1035_label, is_dns1123_label, is_dns1123_subdomain,
    is_env_var_name, is_http_header_name, is_qualified_name, is_relaxed_env_var_name, is_valid_label_value,
    is_valid_percent, is_valid_port_name, is_valid_port_num, max_len_error, name_is_dns1035_label, name_is_dns_label,
    name_is_dns_subdomain, regex_error, NameFn, DNS1123_LABEL_MAX_LENGTH, DNS1123_SUBDOMAIN_MAX_LENGTH,
};
pub use quantity::{Format as QuantityFormat, Quantity};

use path::Path;

fn namespaced(kind: Kind) -> bool {
    RESOURCES.iter().find(|r| r.kind == kind).is_none_or(|r| r.namespaced)
}

/// `path.ValidatePathSegmentName`: the generic name rule every resource gets.
fn path_segment_name(name: &str, prefix: bool) -> Vec<String> {
    if !prefix {
        for bad in [".", ".."] {
            if name == bad {
                return vec![format!("may not be '{bad}'")];
            }
        }
    }
    ["/", "%"].iter().filter(|c| name.contains(**c)).map(|c| format!("may not contain '{c}'")).collect()
}

/// Drops repeated error texts, keeping the first (`ErrorList.ToAggregate`).
fn dedupe(errs: Vec<FieldError>) -> Vec<FieldError> {
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for e in errs {
        let text = e.to_string();
        if !seen.contains(&text) {
            seen.push(text);
            out.push(e);
        }
    }
    out
}

/// Validates a defaulted object of `kind` for create (the strategy's `Validate`, then, as
/// `rest.BeforeCreate` does when that passes, the generic metadata check). A Job must already
/// carry its generated selector and labels, and a generated name must already be filled in.
pub fn validate_create(kind: Kind, obj: &Value) -> Vec<FieldError> {
    let errs = match kind {
        Kind::Namespace => core::validate_namespace(obj),
        Kind::Node => core::validate_node(obj),
        Kind::Pod => pod::validate_pod_create(obj),
        Kind::ReplicationController => core::validate_replication_controller(obj),
        Kind::Service => service::validate_service(obj),
        Kind::Endpoints => core::validate_endpoints(obj),
        Kind::Event => core::validate_event(obj),
        Kind::ReplicaSet => apps::validate_replica_set(obj),
        Kind::Deployment => apps::validate_deployment(obj),
        Kind::DaemonSet => apps::validate_daemon_set(obj),
        Kind::ControllerRevision => apps::validate_controller_revision(obj),
        Kind::Job => batch::validate_job(obj),
        Kind::CronJob => batch::validate_cron_job(obj),
        Kind::EndpointSlice => discovery::validate_endpoint_slice(obj),
    };
    if !errs.is_empty() {
        return dedupe(errs);
    }
    dedupe(meta::validate_object_meta_accessor(obj, namespaced(kind), path_segment_name, &Path::new("metadata")))
}

/// Validates a defaulted object of `kind` replacing `old`: the generic metadata checks of
/// `rest.BeforeUpdate`, then the strategy's `ValidateUpdate` (immutable fields and the like,
/// plus everything `validate_create` checks). The caller is expected to have copied the
/// system fields (`uid`, `creationTimestamp`, `generation`, an omitted `resourceVersion`) from
/// `old` first, as the apiserver does.
pub fn validate_update(kind: Kind, obj: &Value, old: &Value) -> Vec<FieldError> {
    let mp = Path::new("metadata");
    let mut errs = meta::validate_object_meta_accessor(obj, namespaced(kind), path_segment_name, &mp);
    errs.extend(meta::validate_object_meta_accessor_update(obj, old, &mp));
    errs.extend(match kind {
        Kind::Namespace => core::validate_namespace_update(obj, old),
        Kind::Node => core::validate_node_update(obj, old),
        Kind::Pod => pod::validate_pod_update(obj, old),
        Kind::ReplicationController => core::validate_replication_controller_update(obj, old),
        Kind::Service => service::validate_service_update(obj, old),
        Kind::Endpoints => core::validate_endpoints_update(obj, old),
        Kind::Event => core::validate_event(obj),
        Kind::ReplicaSet => apps::validate_replica_set_update(obj, old),
        Kind::Deployment => apps::validate_deployment_update(obj, old),
        Kind::DaemonSet => apps::validate_daemon_set_update(obj, old),
        Kind::ControllerRevision => apps::validate_controller_revision_update(obj, old),
        Kind::Job => batch::validate_job_update(obj, old),
        Kind::CronJob => batch::validate_cron_job_update(obj, old),
        Kind::EndpointSlice => discovery::validate_endpoint_slice_update(obj, old),
    });
    dedupe(errs)
}
