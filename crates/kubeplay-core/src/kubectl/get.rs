//! `kubectl get`: objects as tables, names, YAML or JSON; by type, name, label and field selectors.

use serde_json::Value;

use super::args::{self, Flag};
use super::printers::{self, TableOptions};
use super::resources::{self, Selection, SelectionError};
use super::selector;
use super::{finish, namespace_of, CmdError, Io};
use crate::api::{Kind, Object};
use crate::cluster::{ApiError, Cluster};
use crate::store::Key;

pub const GET_FLAGS: &[Flag] = &[
    Flag::string("output", Some('o')),
    Flag::bool("all-namespaces", Some('A')),
    Flag::string("selector", Some('l')),
    Flag::string("field-selector", None),
    Flag::bool("watch", Some('w')),
    Flag::bool("watch-only", None),
    Flag::bool("show-labels", None),
    Flag::slice("label-columns", Some('L')),
    Flag::string("sort-by", None),
    Flag::array("filename", Some('f')),
    Flag::bool("recursive", Some('R')),
    Flag::bool("ignore-not-found", None),
    Flag::bool("no-headers", None),
    Flag::bool("show-kind", None),
    Flag::int("chunk-size", None),
    Flag::bool("output-watch-events", None),
    Flag::string("template", None),
    Flag::string("subresource", None),
    Flag::bool("show-managed-fields", None),
    Flag::bool("server-print", None),
    Flag::string("raw", None),
];

/// JSON as `kubectl -o json` prints it.
pub fn json_text(v: &Value) -> String {
    super::json::to_json(v)
}

/// The objects of `kind` visible in `namespace` (all namespaces when `None`), events included.
pub fn list(cluster: &Cluster, kind: Kind, namespace: Option<&str>) -> Vec<Object> {
    if kind == Kind::Event {
        return cluster
            .events()
            .iter()
            .filter(|r| namespace.is_none_or(|ns| r.namespace == ns))
            .map(|r| Object::Event(Box::new(r.to_event())))
            .collect();
    }
    match namespace {
        Some(ns) if kind.namespaced() => cluster.store().list_in(kind, ns).cloned().collect(),
        _ => cluster.store().list(kind).cloned().collect(),
    }
}

/// One named object.
pub fn lookup(cluster: &Cluster, kind: Kind, ns: &str, name: &str) -> Result<Object, ApiError> {
    if kind == Kind::Event {
        return list(cluster, kind, Some(ns))
            .into_iter()
            .find(|o| o.name() == name)
            .ok_or_else(|| ApiError::not_found(kind, name));
    }
    let namespace = if kind.namespaced() { ns } else { "" };
    cluster.store().get(kind, &Key::new(namespace, name)).cloned().ok_or_else(|| ApiError::not_found(kind, name))
}

/// The output formats `kubectl get -o` accepts.
const GET_FORMATS: &str = "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml";

/// `kubectl get`.
pub fn get(cluster: &mut Cluster, argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl get", GET_FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return finish(io, &[CmdError::Cobra(e)]),
    };
    let output = p.get("output").unwrap_or("").to_string();
    let format = output.split_once('=').map_or(output.as_str(), |(f, _)| f);
    if !matches!(format, "" | "wide" | "yaml" | "json" | "name") {
        return finish(
            io,
            &[CmdError::Plain(format!(
                "unable to match a printer suitable for the output format \"{output}\", allowed formats are: {GET_FORMATS}"
            ))],
        );
    }
    let selection = match resources::select(&p.args) {
        Ok(s) => s,
        Err(SelectionError::Empty) => {
            io.errln("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples");
            return 1;
        }
        Err(e) => return finish(io, &[CmdError::Plain(e.to_string())]),
    };
    let label_sel = match p.get("selector").map(selector::parse_labels).transpose() {
        Ok(s) => s,
        Err(e) => return finish(io, &[CmdError::Plain(e)]),
    };
    let field_sel = match p.get("field-selector").map(selector::parse_fields).transpose() {
        Ok(s) => s,
        Err(e) => return finish(io, &[CmdError::Plain(e)]),
    };
    let ns = namespace_of(&p);
    let all_ns = p.flag("all-namespaces");
    let mut errors = Vec::new();
    // Objects grouped by kind, in the order the types were named.
    let mut groups: Vec<(Kind, Vec<Object>)> = Vec::new();
    let named;
    let push = |kind: Kind, obj: Object, groups: &mut Vec<(Kind, Vec<Object>)>| match groups
        .iter_mut()
        .find(|(k, _)| *k == kind)
    {
        Some((_, v)) => v.push(obj),
        None => groups.push((kind, vec![obj])),
    };
    match selection {
        Selection::Pairs(pairs) => {
            named = true;
            for (k, n) in pairs {
                match lookup(cluster, k, &ns, &n) {
                    Ok(o) => push(k, o, &mut groups),
                    Err(ApiError::NotFound { .. }) if p.flag("ignore-not-found") => {}
                    Err(e) => errors.push(CmdError::Api { err: e, context: None }),
                }
            }
        }
        Selection::Types { kinds, names } => {
            named = !names.is_empty();
            for k in kinds {
                if names.is_empty() {
                    let scope = if all_ns { None } else { Some(ns.as_str()) };
                    groups.push((k, Vec::new()));
                    for o in list(cluster, k, scope) {
                        push(k, o, &mut groups);
                    }
                } else {
                    for n in &names {
                        match lookup(cluster, k, &ns, n) {
                            Ok(o) => push(k, o, &mut groups),
                            Err(ApiError::NotFound { .. }) if p.flag("ignore-not-found") => {}
                            Err(e) => errors.push(CmdError::Api { err: e, context: None }),
                        }
                    }
                }
            }
        }
    }
    for (_, objs) in &mut groups {
        if let Some(sel) = &label_sel {
            objs.retain(|o| sel.matches(&o.meta().labels));
        }
        if let Some(fs) = &field_sel {
            let mut kept = Vec::new();
            for o in objs.drain(..) {
                match fs.matches(&o) {
                    Ok(true) => kept.push(o),
                    Ok(false) => {}
                    Err(e) => {
                        return finish(io, &[CmdError::Api { err: ApiError::BadRequest(e), context: None }]);
                    }
                }
            }
            *objs = kept;
        }
    }
    let total: usize = groups.iter().map(|(_, v)| v.len()).sum();
    let now = cluster.now_time();
    match format {
        "yaml" | "json" => {
            let all: Vec<&Object> = groups.iter().flat_map(|(_, v)| v.iter()).collect();
            let value = if named && all.len() == 1 && errors.is_empty() {
                all[0].to_printed_value()
            } else {
                serde_json::json!({
                    "apiVersion": "v1",
                    "items": all.iter().map(|o| o.to_printed_value()).collect::<Vec<_>>(),
                    "kind": "List",
                    "metadata": {"resourceVersion": ""}
                })
            };
            if format == "yaml" {
                io.out.push_str(&super::yaml::to_yaml(&value));
            } else {
                io.out.push_str(&json_text(&value));
            }
        }
        "name" => {
            for (_, objs) in &groups {
                for o in objs {
                    io.outln(&format!("{}/{}", o.kind().kind_group(), o.name()));
                }
            }
        }
        _ => {
            if total == 0 && errors.is_empty() {
                if all_ns {
                    io.errln("No resources found");
                } else {
                    io.errln(&format!("No resources found in {ns} namespace."));
                }
            }
            let non_empty: Vec<&(Kind, Vec<Object>)> = groups.iter().filter(|(_, v)| !v.is_empty()).collect();
            let opts = TableOptions {
                wide: format == "wide",
                all_namespaces: all_ns,
                show_labels: p.flag("show-labels"),
                label_columns: p.all("label-columns"),
                no_headers: p.flag("no-headers"),
                show_kind: p.flag("show-kind") || non_empty.len() > 1,
            };
            for (i, (kind, objs)) in non_empty.iter().enumerate() {
                if i > 0 {
                    io.out.push('\n');
                }
                let refs: Vec<&Object> = objs.iter().collect();
                io.out.push_str(&printers::print_table(*kind, &refs, now, &opts));
            }
        }
    }
    finish(io, &errors)
}
