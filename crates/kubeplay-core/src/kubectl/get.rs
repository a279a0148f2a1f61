//! `kubectl get`: objects as tables, names, YAML or JSON.

use serde_json::Value;

use super::args::{self, Flag};
use super::resources::{self, Selection, SelectionError};
use super::{finish, namespace_of, CmdError, Io};
use crate::api::{Kind, Object};
use crate::cluster::{ApiError, Cluster};
use crate::store::Key;

const GET_FLAGS: &[Flag] = &[
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
    Flag::string("chunk-size", None),
    Flag::bool("output-watch-events", None),
    Flag::string("template", None),
    Flag::string("subresource", None),
    Flag::bool("show-managed-fields", None),
    Flag::bool("server-print", None),
];

/// JSON as `kubectl -o json` prints it.
pub fn json_text(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// `kubectl get`.
pub fn get(cluster: &mut Cluster, argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl get", GET_FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return finish(io, &[CmdError::Cobra(e)]),
    };
    let selection = match resources::select(&p.args) {
        Ok(s) => s,
        Err(SelectionError::Empty) => {
            io.errln("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples");
            return 1;
        }
        Err(e) => return finish(io, &[CmdError::Plain(e.to_string())]),
    };
    let ns = namespace_of(&p);
    let all_ns = p.flag("all-namespaces");
    let mut found: Vec<Object> = Vec::new();
    let mut errors = Vec::new();
    let named;
    match selection {
        Selection::Pairs(pairs) => {
            named = true;
            for (k, n) in pairs {
                lookup(cluster, k, &ns, &n, &mut found, &mut errors);
            }
        }
        Selection::Types { kinds, names } => {
            named = !names.is_empty();
            for k in kinds {
                if names.is_empty() {
                    let objs: Vec<Object> = if !k.namespaced() || all_ns {
                        cluster.store().list(k).cloned().collect()
                    } else {
                        cluster.store().list_in(k, &ns).cloned().collect()
                    };
                    found.extend(objs);
                } else {
                    for n in &names {
                        lookup(cluster, k, &ns, n, &mut found, &mut errors);
                    }
                }
            }
        }
    }
    let output = p.get("output");
    match output {
        Some("yaml") | Some("json") => {
            let value = if named && found.len() == 1 && errors.is_empty() {
                found[0].to_value()
            } else {
                serde_json::json!({
                    "apiVersion": "v1",
                    "items": found.iter().map(Object::to_value).collect::<Vec<_>>(),
                    "kind": "List",
                    "metadata": {"resourceVersion": ""}
                })
            };
            if output == Some("yaml") {
                io.out.push_str(&super::yaml::to_yaml(&value));
            } else {
                io.out.push_str(&json_text(&value));
            }
        }
        Some("name") => {
            for o in &found {
                io.outln(&format!("{}/{}", o.kind().kind_group(), o.name()));
            }
        }
        _ => {
            if found.is_empty() && errors.is_empty() {
                if all_ns {
                    io.errln("No resources found");
                } else {
                    io.errln(&format!("No resources found in {ns} namespace."));
                }
            } else if !found.is_empty() {
                io.outln("NAME");
                for o in &found {
                    io.outln(o.name());
                }
            }
        }
    }
    finish(io, &errors)
}

fn lookup(cluster: &Cluster, k: Kind, ns: &str, name: &str, found: &mut Vec<Object>, errors: &mut Vec<CmdError>) {
    let namespace = if k.namespaced() { ns } else { "" };
    match cluster.store().get(k, &Key::new(namespace, name)) {
        Some(o) => found.push(o.clone()),
        None => errors.push(CmdError::Api { err: ApiError::not_found(k, name), context: None }),
    }
}
