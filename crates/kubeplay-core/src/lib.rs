//! kubeplay-core: a deterministic simulation of a Kubernetes cluster's control plane.
//!
//! Text goes in (manifests, `kubectl` and `sim` command lines), text comes out exactly as a real
//! cluster and kubectl print it. No wall clock, no I/O, no wasm types: the CLI and the wasm
//! binding wrap this crate.

pub mod api;
pub mod cluster;
pub mod controller;
pub mod heap;
pub mod json;
pub mod kubectl;
pub mod manifest;
pub mod session;
pub mod shell;
pub mod sim;
pub mod sim_cmd;
pub mod store;
pub mod view;

pub use cluster::Cluster;
pub use shell::{Diagnostic, Output, Severity};

/// The kubeplay version, shown by `kubeplay --version` and the page.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
