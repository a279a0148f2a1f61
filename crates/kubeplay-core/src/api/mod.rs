//! The object model: kinds and their REST resources, object metadata, label selectors,
//! int-or-string and quantities, and one file per kind.

use std::fmt;

pub mod apps;
pub mod batch;
pub mod event;
pub mod intstr;
pub mod meta;
pub mod node;
pub mod object;
pub mod pod;
pub mod quantity;
pub mod service;
pub mod shared;
pub mod value;

pub use object::{ObjBox, Object};

/// Every kind kubeplay stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Namespace,
    Node,
    Pod,
    ReplicationController,
    Service,
    Endpoints,
    Event,
    ReplicaSet,
    Deployment,
    DaemonSet,
    ControllerRevision,
    Job,
    CronJob,
    EndpointSlice,
}

/// How a kind is served: its group, version, resource names and scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResourceInfo {
    pub kind: Kind,
    /// "" for the core group.
    pub group: &'static str,
    pub version: &'static str,
    /// Lower-case plural, e.g. "deployments".
    pub plural: &'static str,
    /// Lower-case singular, e.g. "deployment".
    pub singular: &'static str,
    pub short_names: &'static [&'static str],
    pub namespaced: bool,
    /// The name of the OpenAPI definition of the kind, e.g. "io.k8s.api.apps.v1.Deployment".
    pub definition: &'static str,
}

/// The resources in the order `kubectl api-resources` lists them (core first, then by group).
pub const RESOURCES: &[ResourceInfo] = &[
    ResourceInfo {
        kind: Kind::Endpoints,
        group: "",
        version: "v1",
        plural: "endpoints",
        singular: "endpoints",
        short_names: &["ep"],
        namespaced: true,
        definition: "io.k8s.api.core.v1.Endpoints",
    },
    ResourceInfo {
        kind: Kind::Event,
        group: "",
        version: "v1",
        plural: "events",
        singular: "event",
        short_names: &["ev"],
        namespaced: true,
        definition: "io.k8s.api.core.v1.Event",
    },
    ResourceInfo {
        kind: Kind::Namespace,
        group: "",
        version: "v1",
        plural: "namespaces",
        singular: "namespace",
        short_names: &["ns"],
        namespaced: false,
        definition: "io.k8s.api.core.v1.Namespace",
    },
    ResourceInfo {
        kind: Kind::Node,
        group: "",
        version: "v1",
        plural: "nodes",
        singular: "node",
        short_names: &["no"],
        namespaced: false,
        definition: "io.k8s.api.core.v1.Node",
    },
    ResourceInfo {
        kind: Kind::Pod,
        group: "",
        version: "v1",
        plural: "pods",
        singular: "pod",
        short_names: &["po"],
        namespaced: true,
        definition: "io.k8s.api.core.v1.Pod",
    },
    ResourceInfo {
        kind: Kind::ReplicationController,
        group: "",
        version: "v1",
        plural: "replicationcontrollers",
        singular: "replicationcontroller",
        short_names: &["rc"],
        namespaced: true,
        definition: "io.k8s.api.core.v1.ReplicationController",
    },
    ResourceInfo {
        kind: Kind::Service,
        group: "",
        version: "v1",
        plural: "services",
        singular: "service",
        short_names: &["svc"],
        namespaced: true,
        definition: "io.k8s.api.core.v1.Service",
    },
    ResourceInfo {
        kind: Kind::ControllerRevision,
        group: "apps",
        version: "v1",
        plural: "controllerrevisions",
        singular: "controllerrevision",
        short_names: &[],
        namespaced: true,
        definition: "io.k8s.api.apps.v1.ControllerRevision",
    },
    ResourceInfo {
        kind: Kind::DaemonSet,
        group: "apps",
        version: "v1",
        plural: "daemonsets",
        singular: "daemonset",
        short_names: &["ds"],
        namespaced: true,
        definition: "io.k8s.api.apps.v1.DaemonSet",
    },
    ResourceInfo {
        kind: Kind::Deployment,
        group: "apps",
        version: "v1",
        plural: "deployments",
        singular: "deployment",
        short_names: &["deploy"],
        namespaced: true,
        definition: "io.k8s.api.apps.v1.Deployment",
    },
    ResourceInfo {
        kind: Kind::ReplicaSet,
        group: "apps",
        version: "v1",
        plural: "replicasets",
        singular: "replicaset",
        short_names: &["rs"],
        namespaced: true,
        definition: "io.k8s.api.apps.v1.ReplicaSet",
    },
    ResourceInfo {
        kind: Kind::CronJob,
        group: "batch",
        version: "v1",
        plural: "cronjobs",
        singular: "cronjob",
        short_names: &["cj"],
        namespaced: true,
        definition: "io.k8s.api.batch.v1.CronJob",
    },
    ResourceInfo {
        kind: Kind::Job,
        group: "batch",
        version: "v1",
        plural: "jobs",
        singular: "job",
        short_names: &[],
        namespaced: true,
        definition: "io.k8s.api.batch.v1.Job",
    },
    ResourceInfo {
        kind: Kind::EndpointSlice,
        group: "discovery.k8s.io",
        version: "v1",
        plural: "endpointslices",
        singular: "endpointslice",
        short_names: &[],
        namespaced: true,
        definition: "io.k8s.api.discovery.v1.EndpointSlice",
    },
];

impl Kind {
    /// Every kind, in a fixed order.
    pub const ALL: [Kind; 14] = [
        Kind::Namespace,
        Kind::Node,
        Kind::Pod,
        Kind::ReplicationController,
        Kind::Service,
        Kind::Endpoints,
        Kind::Event,
        Kind::ReplicaSet,
        Kind::Deployment,
        Kind::DaemonSet,
        Kind::ControllerRevision,
        Kind::Job,
        Kind::CronJob,
        Kind::EndpointSlice,
    ];

    /// The kind's name as written in manifests, e.g. "Deployment".
    pub fn name(self) -> &'static str {
        match self {
            Kind::Namespace => "Namespace",
            Kind::Node => "Node",
            Kind::Pod => "Pod",
            Kind::ReplicationController => "ReplicationController",
            Kind::Service => "Service",
            Kind::Endpoints => "Endpoints",
            Kind::Event => "Event",
            Kind::ReplicaSet => "ReplicaSet",
            Kind::Deployment => "Deployment",
            Kind::DaemonSet => "DaemonSet",
            Kind::ControllerRevision => "ControllerRevision",
            Kind::Job => "Job",
            Kind::CronJob => "CronJob",
            Kind::EndpointSlice => "EndpointSlice",
        }
    }

    /// The kind written in a manifest, if kubeplay knows it.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    pub fn info(self) -> &'static ResourceInfo {
        // RESOURCES has an entry for every kind; the fallback is never taken.
        RESOURCES.iter().find(|r| r.kind == self).unwrap_or(&RESOURCES[0])
    }

    /// "apps/v1" or "v1".
    pub fn api_version(self) -> &'static str {
        match self.info().group {
            "" => "v1",
            "apps" => "apps/v1",
            "batch" => "batch/v1",
            _ => "discovery.k8s.io/v1",
        }
    }

    /// The group-qualified resource as error messages print it: "deployments.apps", "pods".
    pub fn group_resource(self) -> String {
        let info = self.info();
        if info.group.is_empty() {
            info.plural.to_string()
        } else {
            format!("{}.{}", info.plural, info.group)
        }
    }

    /// The kind-qualified name prefix as kubectl's name printer writes it: "deployment.apps", "pod".
    pub fn kind_group(self) -> String {
        let info = self.info();
        let lower = self.name().to_ascii_lowercase();
        if info.group.is_empty() {
            lower
        } else {
            format!("{lower}.{}", info.group)
        }
    }

    /// The GroupKind as the apiserver's Invalid message prints it: "Deployment.apps", "Pod".
    pub fn group_kind(self) -> String {
        let info = self.info();
        if info.group.is_empty() {
            self.name().to_string()
        } else {
            format!("{}.{}", self.name(), info.group)
        }
    }

    pub fn namespaced(self) -> bool {
        self.info().namespaced
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What an apiVersion + kind pair names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mapping {
    Known(Kind),
    /// A kind kubeplay knows but not in this group/version (e.g. extensions/v1beta1 Deployment).
    WrongVersion,
    Unknown,
}

/// Looks up the kind a manifest names with its apiVersion.
pub fn map_kind(api_version: &str, kind: &str) -> Mapping {
    match Kind::from_name(kind) {
        Some(k) if k.api_version() == api_version => Mapping::Known(k),
        Some(_) => Mapping::WrongVersion,
        None => Mapping::Unknown,
    }
}
