//! Resource type names as kubectl resolves them: plurals, singulars, short names, kinds, and the
//! `resource.group` and `resource.version.group` forms; and the `TYPE NAME`, `TYPE/NAME` and
//! `TYPE1,TYPE2` argument shapes.

use crate::api::{Kind, RESOURCES};

/// The kind a resource type argument names (`po`, `pods`, `pod`, `Pod`, `deployments.apps`,
/// `deployments.v1.apps`, `deployment.apps`).
pub fn resolve_type(arg: &str) -> Option<Kind> {
    let lower = arg.to_ascii_lowercase();
    let (name, rest) = match lower.split_once('.') {
        Some((n, r)) => (n.to_string(), Some(r.to_string())),
        None => (lower.clone(), None),
    };
    RESOURCES
        .iter()
        .find(|r| {
            let name_ok = r.plural == name
                || r.singular == name
                || r.short_names.contains(&name.as_str())
                || r.kind.name().to_ascii_lowercase() == name;
            let group_ok = match &rest {
                None => true,
                Some(g) => {
                    *g == r.group
                        || *g == format!("{}.{}", r.version, r.group)
                        || (r.group.is_empty() && *g == r.version)
                }
            };
            name_ok && group_ok
        })
        .map(|r| r.kind)
}

/// The builder's refusal of a type it cannot map (`mappingFor`): it names only the resource part
/// of `resource.version.group` (`the server doesn't have a resource type "pods"` for `pods.apps`).
pub fn unknown_type(arg: &str) -> String {
    let resource = arg.split_once('.').map_or(arg, |(r, _)| r);
    format!("the server doesn't have a resource type {}", crate::manifest::field::go_quote(resource))
}

/// Every name by which a kind can be given (for completion and suggestions).
pub fn type_names() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = Vec::new();
    for r in RESOURCES {
        v.push(r.plural);
        v.push(r.singular);
        v.extend(r.short_names.iter().copied());
    }
    v.sort_unstable();
    v.dedup();
    v
}

/// What a command's positional arguments name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// `TYPE` (every object of the types) or `TYPE NAME...`.
    Types { kinds: Vec<Kind>, names: Vec<String> },
    /// `TYPE/NAME ...` pairs.
    Pairs(Vec<(Kind, String)>),
}

/// Why resource arguments could not be resolved; Display is kubectl's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SelectionError {
    UnknownType(String),
    MixedForms,
    Empty,
}

impl std::fmt::Display for SelectionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SelectionError::UnknownType(t) => f.write_str(&unknown_type(t)),
            SelectionError::MixedForms => f.write_str(
                "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
            ),
            SelectionError::Empty => f.write_str("Required resource not specified."),
        }
    }
}

/// Resolves `TYPE[,TYPE] [NAME...]` or `TYPE/NAME...`.
pub fn select(args: &[String]) -> Result<Selection, SelectionError> {
    let Some(first) = args.first() else {
        return Err(SelectionError::Empty);
    };
    if first.contains('/') {
        let mut pairs = Vec::new();
        for a in args {
            let Some((t, n)) = a.split_once('/') else {
                return Err(SelectionError::MixedForms);
            };
            let kind = resolve_type(t).ok_or_else(|| SelectionError::UnknownType(t.to_string()))?;
            pairs.push((kind, n.to_string()));
        }
        return Ok(Selection::Pairs(pairs));
    }
    if args[1..].iter().any(|a| a.contains('/')) {
        return Err(SelectionError::MixedForms);
    }
    let mut kinds = Vec::new();
    for t in first.split(',').filter(|t| !t.is_empty()) {
        if t == "all" {
            for k in [
                Kind::Pod,
                Kind::ReplicationController,
                Kind::Service,
                Kind::DaemonSet,
                Kind::Deployment,
                Kind::ReplicaSet,
                Kind::Job,
                Kind::CronJob,
            ] {
                if !kinds.contains(&k) {
                    kinds.push(k);
                }
            }
            continue;
        }
        let kind = resolve_type(t).ok_or_else(|| SelectionError::UnknownType(t.to_string()))?;
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    Ok(Selection::Types { kinds, names: args[1..].to_vec() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kubectl_spelling_of_a_type_resolves() {
        let cases = [
            ("po", Kind::Pod),
            ("pods", Kind::Pod),
            ("Pod", Kind::Pod),
            ("deploy", Kind::Deployment),
            ("deployments.apps", Kind::Deployment),
            ("deployments.v1.apps", Kind::Deployment),
            ("deployment.apps", Kind::Deployment),
            ("rs", Kind::ReplicaSet),
            ("rc", Kind::ReplicationController),
            ("ds", Kind::DaemonSet),
            ("cj", Kind::CronJob),
            ("jobs.batch", Kind::Job),
            ("svc", Kind::Service),
            ("ep", Kind::Endpoints),
            ("no", Kind::Node),
            ("ns", Kind::Namespace),
            ("ev", Kind::Event),
            ("endpointslices.discovery.k8s.io", Kind::EndpointSlice),
            ("controllerrevisions", Kind::ControllerRevision),
        ];
        for (arg, kind) in cases {
            assert_eq!(resolve_type(arg), Some(kind), "{arg}");
        }
        assert_eq!(resolve_type("deploymnets"), None);
        assert_eq!(resolve_type("deployments.batch"), None);
    }

    #[test]
    fn argument_shapes_resolve_or_fail_with_kubectl_texts() {
        let a = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(
            select(&a("deploy,rs web")).unwrap(),
            Selection::Types { kinds: vec![Kind::Deployment, Kind::ReplicaSet], names: vec!["web".into()] }
        );
        assert_eq!(
            select(&a("pod/a deploy/b")).unwrap(),
            Selection::Pairs(vec![(Kind::Pod, "a".into()), (Kind::Deployment, "b".into())])
        );
        assert_eq!(
            select(&a("deploymnets")).unwrap_err().to_string(),
            "the server doesn't have a resource type \"deploymnets\""
        );
        assert_eq!(select(&a("pod pod/a")).unwrap_err(), SelectionError::MixedForms);
    }
}
