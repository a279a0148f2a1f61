//! kubectl: command lines parsed, executed against the cluster, and printed exactly as kubectl
//! prints them.

pub mod json;
pub mod yaml;
