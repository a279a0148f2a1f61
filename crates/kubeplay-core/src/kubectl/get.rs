//! `kubectl get`: objects as tables (with `-L`, `--show-labels`, `--show-kind`, `--no-headers`,
//! `--sort-by`), names, YAML, JSON, JSONPath and custom columns; by type, name, manifest (`-f`),
//! label and field selectors; and `-w` (the watch itself lives in `watch.rs`).
//!
//! The flow follows kubectl's `GetOptions` (`pkg/cmd/get/get.go`): Complete and Validate, then the
//! resource builder's requests (one per listed type or named object, cli-runtime `builder.go`),
//! then either the human-readable path (one table per request, `TablePrinter`) or `printGeneric`
//! (everything in one `List`).

use crate::json::Value;

use super::args::{self, Flag, Parsed};
use super::json::obj;
use super::jsonpath::{self, JsonPath};
use super::labels::{self, Selector};
use super::printers::tabwriter::TabWriter;
use super::printers::{self, TableOptions};
use super::resources::{self, Selection, SelectionError};
use super::sorting::{self, SortError, Sorter};
use super::{fail, fail_cobra, fail_plain, finish, namespace_of, CmdError, Io};
use crate::api::meta::Time;
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
    Flag::string("kustomize", Some('k')),
    Flag::bool("recursive", Some('R')),
    Flag::bool("ignore-not-found", None),
    Flag::bool("no-headers", None),
    Flag::bool("show-kind", None),
    Flag::int("chunk-size", None),
    Flag::bool("output-watch-events", None),
    Flag::string("template", None),
    Flag::bool("allow-missing-template-keys", None),
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
        return events(cluster, namespace).into_iter().map(|e| Object::Event(crate::api::ObjBox::new(e))).collect();
    }
    match namespace {
        Some(ns) if kind.namespaced() => cluster.store().list_in(kind, ns).cloned().collect(),
        _ => cluster.store().list(kind).cloned().collect(),
    }
}

/// The Events in `namespace` (all namespaces when `None`) as the apiserver lists them, in storage
/// order (namespace, then name): the recorder's and those created as objects (`kind: Event`
/// manifests).
pub fn events(cluster: &Cluster, namespace: Option<&str>) -> Vec<crate::api::event::Event> {
    let store = cluster.store();
    let stored = match namespace {
        Some(ns) => store.list_in(Kind::Event, ns).collect::<Vec<_>>(),
        None => store.list(Kind::Event).collect(),
    };
    let mut all: Vec<crate::api::event::Event> = stored
        .into_iter()
        .filter_map(|o| match o {
            Object::Event(e) => Some(e.as_ref().clone()),
            _ => None,
        })
        .collect();
    if all.is_empty() {
        // The recorder already lists in storage order.
        return cluster
            .events()
            .iter()
            .filter(|r| namespace.is_none_or(|ns| r.namespace() == ns))
            .map(|r| r.to_event())
            .collect();
    }
    all.extend(
        cluster.events().iter().filter(|r| namespace.is_none_or(|ns| r.namespace() == ns)).map(|r| r.to_event()),
    );
    all.sort_by(|a, b| {
        (a.metadata.namespace.as_str(), a.metadata.name.as_str())
            .cmp(&(b.metadata.namespace.as_str(), b.metadata.name.as_str()))
    });
    all
}

/// The objects of `kind` in `namespace` (all namespaces when `None`) that the selectors match, or
/// the server's refusal of the selectors.
pub fn list_selected(
    cluster: &Cluster,
    kind: Kind,
    namespace: Option<&str>,
    selectors: &Selectors,
) -> Result<Vec<Object>, ApiError> {
    let (labels, fields) = selectors.for_kind(kind)?;
    Ok(list(cluster, kind, namespace)
        .into_iter()
        .filter(|o| labels.matches(&o.meta().labels) && fields.matches(o))
        .collect())
}

/// One named object.
pub fn lookup(cluster: &Cluster, kind: Kind, ns: &str, name: &str) -> Result<Object, ApiError> {
    if kind == Kind::Event {
        if let Some(o) = cluster.store().get(kind, &Key::new(ns, name)) {
            return Ok(o.clone());
        }
        return cluster
            .events()
            .iter()
            .find(|r| r.namespace() == ns && r.name() == name)
            .map(|r| Object::Event(crate::api::ObjBox::new(r.to_event())))
            .ok_or_else(|| ApiError::not_found(kind, name));
    }
    let namespace = if kind.namespaced() { ns } else { "" };
    cluster.store().get(kind, &Key::new(namespace, name)).cloned().ok_or_else(|| ApiError::not_found(kind, name))
}

/// The output formats `kubectl get -o` accepts.
pub const GET_FORMATS: &str = "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml";

/// One custom column: its header and its template.
#[derive(Clone, Debug)]
pub struct Column {
    pub header: String,
    pub template: String,
}

/// How objects are printed (`PrintFlags.ToPrinter`).
#[derive(Clone, Debug)]
pub enum Output {
    /// The server's table (`-o wide` adds the wide columns).
    Table {
        wide: bool,
    },
    Name,
    Json,
    Yaml,
    JsonPath {
        template: String,
        as_json: bool,
    },
    CustomColumns(Vec<Column>),
}

impl Output {
    pub fn is_human(&self) -> bool {
        matches!(self, Output::Table { .. })
    }
}

/// The printer `-o` (and `--template`) asks for, or kubectl's error for it. Reading a template
/// file goes through `io.files`.
pub fn output_format(p: &Parsed, io: &Io) -> Result<Output, CmdError> {
    let mut format = p.get("output").unwrap_or("").to_string();
    let template_arg = p.get("template").unwrap_or("").to_string();
    if format.is_empty() && !template_arg.is_empty() {
        format = "go-template".into();
    }
    match format.as_str() {
        "" => return Ok(Output::Table { wide: false }),
        "wide" => return Ok(Output::Table { wide: true }),
        "json" => return Ok(Output::Json),
        "yaml" => return Ok(Output::Yaml),
        "name" => return Ok(Output::Name),
        _ => {}
    }
    let (name, value) = match format.split_once('=') {
        Some((n, v)) => (n, v.to_string()),
        None => (format.as_str(), String::new()),
    };
    let value = if template_arg.is_empty() { value } else { template_arg };
    match name {
        "jsonpath" | "jsonpath-as-json" | "jsonpath-file" => {
            if value.is_empty() {
                return Err(CmdError::Plain("template format specified but no template given".into()));
            }
            let template = if name == "jsonpath-file" {
                io.files.read(&value).ok_or_else(|| {
                    CmdError::Plain(format!("error reading --template {value}, open {value}: no such file or directory"))
                })?
            } else {
                value
            };
            if let Err(e) = jsonpath::parse(&template) {
                return Err(CmdError::Plain(format!("error parsing jsonpath {template}, {e}")));
            }
            Ok(Output::JsonPath { template, as_json: name == "jsonpath-as-json" })
        }
        "custom-columns" => custom_columns_from_spec(&value).map(Output::CustomColumns),
        "custom-columns-file" => {
            if value.is_empty() {
                return Err(CmdError::Plain("custom-columns format specified but no custom columns given".into()));
            }
            let text = io.files.read(&value).ok_or_else(|| {
                CmdError::Plain(format!("error reading template {value}, open {value}: no such file or directory"))
            })?;
            custom_columns_from_template(&text).map(Output::CustomColumns)
        }
        "go-template" | "go-template-file" | "template" | "templatefile" => Err(CmdError::Plain(format!(
            "kubeplay: -o {name} is not available in this playground (it has no Go template engine); -o jsonpath=... and -o custom-columns=... print fields the same way"
        ))),
        _ => Err(CmdError::Plain(format!(
            "unable to match a printer suitable for the output format {}, allowed formats are: {GET_FORMATS}",
            crate::manifest::field::go_quote(&format)
        ))),
    }
}

/// `NewCustomColumnsPrinterFromSpec`.
fn custom_columns_from_spec(spec: &str) -> Result<Vec<Column>, CmdError> {
    if spec.is_empty() {
        return Err(CmdError::Plain("custom-columns format specified but no custom columns given".into()));
    }
    let mut columns = Vec::new();
    for part in spec.split(',') {
        let Some((header, path)) = part.split_once(':') else {
            return Err(CmdError::Plain(format!(
                "unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>"
            )));
        };
        let template = jsonpath::relaxed(path).map_err(CmdError::Plain)?;
        columns.push(Column { header: header.to_string(), template });
    }
    Ok(columns)
}

/// `NewCustomColumnsPrinterFromTemplate`: a header line and a spec line, split on white space.
fn custom_columns_from_template(text: &str) -> Result<Vec<Column>, CmdError> {
    let mut lines = text.lines();
    let Some(headers) = lines.next() else {
        return Err(CmdError::Plain("invalid template, missing header line. Expected format is one line of space separated headers, one line of space separated column specs.".into()));
    };
    let Some(specs) = lines.next() else {
        return Err(CmdError::Plain("invalid template, missing spec line. Expected format is one line of space separated headers, one line of space separated column specs.".into()));
    };
    let headers: Vec<&str> = headers.split_whitespace().collect();
    let specs: Vec<&str> = specs.split_whitespace().collect();
    if headers.len() != specs.len() {
        return Err(CmdError::Plain(format!(
            "number of headers ({}) and field specifications ({}) don't match",
            headers.len(),
            specs.len()
        )));
    }
    let mut columns = Vec::new();
    for (h, s) in headers.iter().zip(specs) {
        let template = jsonpath::relaxed(s).map_err(CmdError::Plain)?;
        columns.push(Column { header: h.to_string(), template });
    }
    Ok(columns)
}

/// A field selector (`fields.ParseSelector`): terms sorted as upstream sorts them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldSelector {
    pub text: String,
    /// (field, value, negated).
    pub terms: Vec<(String, String, bool)>,
}

/// `fields.ParseSelector`; the error is the apiserver's text.
pub fn parse_field_selector(text: &str) -> Result<FieldSelector, String> {
    let mut parts: Vec<String> = Vec::new();
    if !text.is_empty() {
        let mut start = 0;
        let mut in_slash = false;
        for (i, c) in text.char_indices() {
            if in_slash {
                in_slash = false;
            } else if c == '\\' {
                in_slash = true;
            } else if c == ',' {
                parts.push(text[start..i].to_string());
                start = i + 1;
            }
        }
        parts.push(text[start..].to_string());
    }
    parts.sort();
    let mut terms = Vec::new();
    for part in parts.iter().filter(|p| !p.is_empty()) {
        let Some((lhs, op, rhs)) = split_term(part) else {
            return Err(format!("invalid selector: '{text}'; can't understand '{part}'"));
        };
        let value = unescape_field_value(rhs)?;
        terms.push((lhs.to_string(), value, op == "!="));
    }
    Ok(FieldSelector { text: text.to_string(), terms })
}

fn split_term(term: &str) -> Option<(&str, &str, &str)> {
    for (i, _) in term.char_indices() {
        let rest = &term[i..];
        for op in ["!=", "==", "="] {
            if let Some(rhs) = rest.strip_prefix(op) {
                return Some((&term[..i], op, rhs));
            }
        }
    }
    None
}

/// `fields.UnescapeValue`.
fn unescape_field_value(s: &str) -> Result<String, String> {
    if !s.contains(['\\', ',', '=']) {
        return Ok(s.to_string());
    }
    let mut out = String::new();
    let mut in_slash = false;
    for c in s.chars() {
        if in_slash {
            match c {
                '\\' | ',' | '=' => out.push(c),
                _ => return Err(format!("invalid field selector: invalid escape sequence: \\{c}")),
            }
            in_slash = false;
            continue;
        }
        match c {
            '\\' => in_slash = true,
            ',' | '=' => return Err(format!("invalid field selector: unescaped character in value: {}", c as u32)),
            _ => out.push(c),
        }
    }
    if in_slash {
        return Err("invalid field selector: invalid escape sequence: \\".into());
    }
    Ok(out)
}

/// The apiserver's field label conversion for a kind (`AddFieldLabelConversionFunc`, or
/// `DefaultMetaV1FieldSelectorConversion` for kinds without one): the refusal of an unsupported field.
pub fn check_field_label(kind: Kind, label: &str) -> Result<(), String> {
    let supported: &[&str] = match kind {
        Kind::Pod => &[
            "metadata.name",
            "metadata.namespace",
            "spec.nodeName",
            "spec.restartPolicy",
            "spec.schedulerName",
            "spec.serviceAccountName",
            "spec.hostNetwork",
            "status.phase",
            "status.podIP",
            "status.podIPs",
            "status.nominatedNodeName",
            "spec.host",
        ],
        Kind::Node => &["metadata.name", "spec.unschedulable"],
        Kind::ReplicationController => &["metadata.name", "metadata.namespace", "status.replicas"],
        Kind::Event => &[
            "involvedObject.kind",
            "involvedObject.namespace",
            "involvedObject.name",
            "involvedObject.uid",
            "involvedObject.apiVersion",
            "involvedObject.resourceVersion",
            "involvedObject.fieldPath",
            "reason",
            "reportingComponent",
            "source",
            "type",
            "metadata.namespace",
            "metadata.name",
        ],
        Kind::Namespace => &["status.phase", "metadata.name"],
        Kind::Service => &["metadata.namespace", "metadata.name", "spec.clusterIP", "spec.type"],
        Kind::Job => {
            return if matches!(label, "metadata.name" | "metadata.namespace" | "status.successful") {
                Ok(())
            } else {
                Err(format!("field label {} not supported for Job", crate::manifest::field::go_quote(label)))
            };
        }
        _ => {
            return if matches!(label, "metadata.name" | "metadata.namespace") {
                Ok(())
            } else {
                Err(format!(
                    "{} is not a known field selector: only \"metadata.name\", \"metadata.namespace\"",
                    crate::manifest::field::go_quote(label)
                ))
            };
        }
    };
    if supported.contains(&label) {
        Ok(())
    } else {
        Err(format!("field label not supported: {label}"))
    }
}

/// The value of a selectable field of an object (`*ToSelectableFields`).
fn field_value(obj: &Object, field: &str) -> String {
    let field = if field == "spec.host" { "spec.nodeName" } else { field };
    match (field, obj) {
        ("metadata.name", o) => return o.name().to_string(),
        ("metadata.namespace", o) => return o.namespace().to_string(),
        ("status.podIPs", Object::Pod(p)) => return p.status.pod_ip.clone(),
        ("source", Object::Event(e)) => return e.source.component.clone(),
        _ => {}
    }
    let v = obj.to_value();
    let mut cur = &v;
    for part in field.split('.') {
        match cur.get(part) {
            Some(x) => cur = x,
            None => {
                return match field {
                    "spec.hostNetwork" | "spec.unschedulable" => "false".into(),
                    "status.successful" | "status.replicas" => "0".into(),
                    _ => String::new(),
                };
            }
        }
    }
    match cur {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

impl FieldSelector {
    /// Checks every field for `kind` (in upstream's sorted order), as the apiserver does first.
    pub fn check(&self, kind: Kind) -> Result<(), String> {
        for (f, _, _) in &self.terms {
            check_field_label(kind, f)?;
        }
        Ok(())
    }

    pub fn matches(&self, obj: &Object) -> bool {
        self.terms.iter().all(|(f, v, neg)| (field_value(obj, f) == *v) != *neg)
    }
}

/// `schema.GroupVersionResource.String()` of a kind: `/v1, Resource=pods`.
pub fn gvr_string(kind: Kind) -> String {
    let info = kind.info();
    format!("{}/{}, Resource={}", info.group, info.version, info.plural)
}

/// What the list of one type is filtered by, as the request sends it.
#[derive(Clone, Debug, Default)]
pub struct Selectors {
    pub label_text: String,
    pub field_text: String,
}

impl Selectors {
    /// The selectors `-l` and `--field-selector` give.
    pub fn of(p: &Parsed) -> Selectors {
        Selectors {
            label_text: p.get("selector").unwrap_or("").to_string(),
            field_text: p.get("field-selector").unwrap_or("").to_string(),
        }
    }

    /// The server's filtering of a list of `kind`: the parsed selectors, or the BadRequest kubectl
    /// reports (`Unable to find ... that match label selector ...`).
    pub fn for_kind(&self, kind: Kind) -> Result<(Selector, FieldSelector), ApiError> {
        let wrap = |e: String| {
            ApiError::BadRequest(format!(
                "Unable to find {} that match label selector {}, field selector {}: {e}",
                crate::manifest::field::go_quote(&gvr_string(kind)),
                crate::manifest::field::go_quote(&self.label_text),
                crate::manifest::field::go_quote(&self.field_text)
            ))
        };
        let labels = labels::parse(&self.label_text).map_err(wrap)?;
        let fields = parse_field_selector(&self.field_text).map_err(wrap)?;
        fields.check(kind).map_err(wrap)?;
        Ok((labels, fields))
    }
}

/// One request of the resource builder and what it returned (`resource.Info`).
#[derive(Clone, Debug)]
pub struct Info {
    pub kind: Kind,
    /// A list of a type (one table) rather than a named object.
    pub listed: bool,
    pub objects: Vec<Object>,
}

/// What the command's arguments ask for.
#[derive(Clone, Debug)]
pub struct Request {
    pub targets: Vec<Target>,
    /// Whether one object is implied (`IntoSingleItemImplied`).
    pub single_item: bool,
    /// Label selector applied client-side (manifests), if any.
    pub file_labels: Option<Selector>,
    /// Errors reading the manifests, each with the index of the target it came before (they are
    /// reported in visiting order with the requests' errors).
    pub file_errors: Vec<(usize, CmdError)>,
}

/// One thing to fetch.
#[derive(Clone, Debug)]
pub enum Target {
    List {
        kind: Kind,
        namespace: Option<String>,
    },
    /// One object by name; `source` names the manifest it came from.
    Named {
        kind: Kind,
        namespace: String,
        name: String,
        source: Option<String>,
    },
}

/// How a command sets up the resource builder beyond its arguments.
#[derive(Clone, Copy, Debug, Default)]
pub struct BuilderOptions {
    /// Only one type may be named (`get -w`).
    pub single_type: bool,
    /// `ResourceTypeOrNameArgs(false, ...)`: a type without names needs a selector or `--all`.
    pub require_selector: bool,
    /// `SelectAllParam`: `--all` was given.
    pub select_all: bool,
    /// `Latest()`: manifests' objects are read back from the server, so `-l` filters those;
    /// otherwise it filters the manifests' own labels.
    pub latest: bool,
}

/// A selector flag as the builder keeps it: none when empty or blank.
fn selector_flag<'p>(p: &'p Parsed, name: &str) -> Option<&'p str> {
    p.get(name).map(str::trim).filter(|s| !s.is_empty())
}

/// Resolves arguments, `-f` manifests and selectors into requests as `kubectl get`'s resource
/// builder does, with its errors.
pub fn resolve(p: &Parsed, io: &mut Io, single_type: bool) -> Result<Request, CmdError> {
    resolve_with(p, io, BuilderOptions { single_type, latest: true, ..BuilderOptions::default() })
}

/// Resolves arguments, `-f` manifests and selectors into requests as the resource builder does
/// (`FilenameParam`, `LabelSelectorParam`, `SelectAllParam`, `ResourceTypeOrNameArgs`, then
/// `visitorResult`), with its errors.
pub fn resolve_with(p: &Parsed, io: &mut Io, opts: BuilderOptions) -> Result<Request, CmdError> {
    let ns = namespace_of(p);
    let all_ns = p.flag("all-namespaces");
    let filenames = p.all("filename");
    let label = selector_flag(p, "selector");
    let has_selector = label.is_some() || selector_flag(p, "field-selector").is_some() || opts.select_all;
    // The builder's own errors (paths, `--all` with a selector) end the command together.
    let mut builder_errors = Vec::new();
    let sources = if filenames.is_empty() {
        Vec::new()
    } else {
        match super::apply::sources_of(io, p) {
            Ok(s) => s,
            Err(e) => {
                builder_errors.push(e);
                Vec::new()
            }
        }
    };
    if opts.select_all && (label.is_some() || selector_flag(p, "field-selector").is_some()) {
        builder_errors.push(CmdError::Plain("setting 'all' parameter but found a non empty selector. ".into()));
    }
    if let Some(e) = CmdError::aggregate(builder_errors) {
        return Err(e);
    }
    if !filenames.is_empty() {
        if !p.args.is_empty() {
            let err = if p.args.iter().any(|a| a.contains('/')) {
                "resource/name arguments cannot be provided when a path is specified"
            } else {
                "when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well"
            };
            return Err(CmdError::Plain(err.into()));
        }
        let parsed_labels = match label.filter(|_| !opts.select_all) {
            Some(s) => Some(labels::parse(s).map_err(|e| {
                CmdError::Plain(format!(
                    "the provided selector {} is not valid: {e}",
                    crate::manifest::field::go_quote(s)
                ))
            })?),
            None => None,
        };
        let mut targets = Vec::new();
        let mut file_errors = Vec::new();
        let stdin = filenames.iter().any(|f| f == "-");
        for src in &sources {
            let stream = crate::manifest::read(&src.text);
            let mut errors = Vec::new();
            let visit = super::apply::visit(src, &stream, &ns, p.has("namespace"), io, &mut errors);
            for d in visit.ready {
                let keep = opts.latest
                    || parsed_labels.as_ref().is_none_or(|l| {
                        let labels = d.doc.node.to_json().pointer("/metadata/labels").cloned();
                        let labels: std::collections::BTreeMap<String, String> =
                            labels.and_then(|v| crate::api::value::Decode::decode(v).ok()).unwrap_or_default();
                        l.matches(&labels)
                    });
                if keep {
                    targets.push(Target::Named {
                        kind: d.kind,
                        namespace: d.namespace,
                        name: d.name,
                        source: Some(src.name.clone()),
                    });
                }
            }
            file_errors.extend(errors.into_iter().map(|e| (targets.len(), e)));
        }
        let file_labels = if opts.latest { parsed_labels } else { None };
        let single_item = !stdin && sources.len() == 1;
        return Ok(Request { targets, single_item, file_labels, file_errors });
    }
    let selection = match resources::select(&p.args) {
        Ok(s) => s,
        Err(SelectionError::Empty) if has_selector => {
            return Err(CmdError::Plain("at least one resource must be specified to use a selector".into()));
        }
        Err(SelectionError::Empty) => {
            return Err(CmdError::Plain("You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'".into()));
        }
        Err(e) => return Err(CmdError::Plain(e.to_string())),
    };
    let kinds: Vec<Kind> = match &selection {
        Selection::Types { kinds, .. } => kinds.clone(),
        Selection::Pairs(pairs) => {
            let mut k: Vec<Kind> = Vec::new();
            for (kind, _) in pairs {
                if !k.contains(kind) {
                    k.push(*kind);
                }
            }
            k
        }
    };
    if opts.single_type && kinds.len() > 1 {
        return Err(CmdError::Plain("you may only specify a single resource type".into()));
    }
    let by_name_ns = |kind: Kind| -> Result<String, CmdError> {
        if !kind.namespaced() {
            Ok(String::new())
        } else if all_ns {
            Err(CmdError::Plain("a resource cannot be retrieved by name across all namespaces".into()))
        } else {
            Ok(ns.clone())
        }
    };
    let no_files = Vec::new;
    match selection {
        Selection::Pairs(pairs) => {
            if has_selector {
                return Err(CmdError::Plain(
                    "selectors and the all flag cannot be used when passing resource/name arguments".into(),
                ));
            }
            let single = pairs.len() == 1;
            let mut targets = Vec::new();
            for (kind, name) in pairs {
                targets.push(Target::Named { kind, namespace: by_name_ns(kind)?, name, source: None });
            }
            Ok(Request { targets, single_item: single, file_labels: None, file_errors: no_files() })
        }
        Selection::Types { kinds, names } if names.is_empty() => {
            if opts.require_selector && !has_selector {
                return Err(CmdError::Plain("resource(s) were provided, but no name was specified".into()));
            }
            let targets = kinds
                .into_iter()
                .map(|kind| Target::List {
                    kind,
                    namespace: if all_ns || !kind.namespaced() { None } else { Some(ns.clone()) },
                })
                .collect();
            Ok(Request { targets, single_item: false, file_labels: None, file_errors: no_files() })
        }
        Selection::Types { kinds, names } => {
            if has_selector {
                return Err(CmdError::Plain("name cannot be provided when a selector is specified".into()));
            }
            let single = kinds.len() * names.len() == 1;
            let mut targets = Vec::new();
            for kind in kinds {
                let namespace = by_name_ns(kind)?;
                for n in &names {
                    targets.push(Target::Named { kind, namespace: namespace.clone(), name: n.clone(), source: None });
                }
            }
            Ok(Request { targets, single_item: single, file_labels: None, file_errors: no_files() })
        }
    }
}

/// Runs the requests: one `Info` per request that answered, and the errors of the others.
pub fn fetch(cluster: &Cluster, p: &Parsed, request: &Request) -> (Vec<Info>, Vec<CmdError>) {
    let selectors = Selectors::of(p);
    let ignore_not_found = p.flag("ignore-not-found");
    let mut infos = Vec::new();
    let mut errors = Vec::new();
    let mut file_errors = request.file_errors.iter().peekable();
    for (i, t) in request.targets.iter().enumerate() {
        while let Some((_, e)) = file_errors.next_if(|(at, _)| *at <= i) {
            errors.push(e.clone());
        }
        match t {
            Target::List { kind, namespace } => match list_selected(cluster, *kind, namespace.as_deref(), &selectors) {
                Ok(objects) => infos.push(Info { kind: *kind, listed: true, objects }),
                Err(err) => errors.push(CmdError::Api { err, context: None }),
            },
            Target::Named { kind, namespace, name, .. } => match lookup(cluster, *kind, namespace, name) {
                Ok(o) => {
                    if request.file_labels.as_ref().is_none_or(|l| l.matches(&o.meta().labels)) {
                        infos.push(Info { kind: *kind, listed: false, objects: vec![o] });
                    }
                }
                Err(ApiError::NotFound { .. }) if ignore_not_found => {}
                Err(err) => errors.push(CmdError::Api { err, context: None }),
            },
        }
    }
    errors.extend(file_errors.map(|(_, e)| e.clone()));
    (infos, errors)
}

/// The table options the flags ask for.
pub fn table_options(p: &Parsed, wide: bool, with_kind: bool) -> TableOptions {
    TableOptions {
        wide,
        all_namespaces: p.flag("all-namespaces"),
        show_labels: p.flag("show-labels"),
        label_columns: p.all("label-columns"),
        no_headers: p.flag("no-headers"),
        show_kind: p.flag("show-kind") || with_kind,
    }
}

/// A table cell as kubectl's table printer writes it: cut at the first line break (with `...`),
/// terminal escapes made visible (`printTable`, `WriteEscaped`).
pub(crate) fn escape_cell(cell: &str) -> String {
    let mut s = match cell.find(['\n', '\r', '\u{c}']) {
        Some(i) => format!("{}...", &cell[..i]),
        None => cell.to_string(),
    };
    if s.contains('\u{1b}') {
        s = s.replace('\u{1b}', "^[");
    }
    s
}

/// The rows of one table (header first unless suppressed), tab-separated, for a tabwriter.
pub fn table_rows(kind: Kind, objects: &[&Object], now: Time, opts: &TableOptions, header: bool) -> String {
    let mut text = String::new();
    if header && !objects.is_empty() {
        text.push_str(&printers::header_cells(kind, opts).join("\t"));
        text.push('\n');
    }
    for o in objects {
        let cells: Vec<String> = printers::row_cells(o, now, opts).iter().map(|c| escape_cell(c)).collect();
        text.push_str(&cells.join("\t"));
        text.push('\n');
    }
    text
}

/// `kubectl get`.
pub fn get(cluster: &mut Cluster, argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl get", GET_FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    let watch = p.flag("watch");
    let watch_only = p.flag("watch-only");
    let sort_by = p.get("sort-by").unwrap_or("").to_string();
    // Complete.
    if watch && !sort_by.is_empty() {
        io.errln("warning: --watch requested, --sort-by will be ignored for watch events received");
    } else if watch_only && !sort_by.is_empty() {
        io.errln("warning: --watch-only requested, --sort-by will be ignored");
    } else if !watch && !watch_only && p.args.is_empty() && p.all("filename").is_empty() {
        io.errln("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples");
        return 1;
    }
    // Validate.
    let output_flag = p.get("output").unwrap_or("");
    if p.flag("show-labels") && !output_flag.is_empty() && output_flag != "wide" {
        return fail_plain(io, format!("--show-labels option cannot be used with {output_flag} printer"));
    }
    if p.flag("output-watch-events") && !(watch || watch_only) {
        return fail_plain(io, "--output-watch-events option can only be used with --watch or --watch-only".into());
    }
    if watch || watch_only {
        return super::watch::start(cluster, &p, io);
    }
    let request = match resolve(&p, io, false) {
        Ok(r) => r,
        Err(e) => return fail(io, e),
    };
    let (infos, errors) = fetch(cluster, &p, &request);
    // The printer is made after the objects are fetched: a single named object's error comes first.
    let output = match output_format(&p, io) {
        Ok(o) => o,
        Err(_) if request.single_item && !errors.is_empty() => return finish(io, &errors),
        Err(e) => return fail(io, e),
    };
    let now = cluster.now_time();
    match output {
        Output::Table { wide } => print_human(&p, io, infos, errors, wide, &sort_by, now),
        other => print_generic(&p, io, &request, infos, errors, &other, &sort_by, now),
    }
}

/// Whether the infos name more than one kind (`multipleGVKsRequested`).
fn several_kinds(infos: &[Info]) -> bool {
    infos.first().is_some_and(|f| infos.iter().any(|i| i.kind != f.kind))
}

/// The human-readable path of `GetOptions.Run`: one table per request, a new header and a blank
/// line whenever the type changes, `--sort-by` within each table.
fn print_human(
    p: &Parsed,
    io: &mut Io,
    mut infos: Vec<Info>,
    mut errors: Vec<CmdError>,
    wide: bool,
    sort_by: &str,
    now: Time,
) -> i32 {
    let ignore_not_found = p.flag("ignore-not-found");
    if !sort_by.is_empty() && infos.len() >= 2 {
        // The run-level sorter sees the server's Table objects, not the rows.
        let stubs: Vec<Value> = infos
            .iter()
            .map(|_| obj! {"apiVersion": "meta.k8s.io/v1", "kind": "Table", "metadata": obj!{"resourceVersion": ""}})
            .collect();
        match sorting::sort_objects(&mut infos, &stubs, &sorting::sort_field(sort_by), Sorter::Objects) {
            Ok(()) => {}
            Err(SortError::Plain(e)) => return fail_plain(io, e),
            Err(SortError::Fatal(e)) => return fatal(io, &e, now, 329),
        }
    }
    let with_kind = several_kinds(&infos);
    let opts_base = table_options(p, wide, with_kind);
    let mut written = false;
    let mut out = String::new();
    let mut last_kind: Option<Kind> = None;
    let mut writer = TabWriter::for_get();
    let mut printed_headers = false;
    let mut separator_ready = false;
    let all_namespaced = !p.flag("all-namespaces") && infos.iter().all(|i| i.kind.namespaced());
    let field = sorting::sort_field(sort_by);
    for info in &infos {
        if last_kind != Some(info.kind) {
            let text = writer.flush();
            push_written(&mut out, &text, &mut separator_ready, &mut written);
            writer = TabWriter::for_get();
            printed_headers = false;
            if last_kind.is_some() && !opts_base.no_headers && written {
                separator_ready = true;
            }
            last_kind = Some(info.kind);
        }
        let mut objects: Vec<&Object> = info.objects.iter().collect();
        if !sort_by.is_empty() && objects.len() > 1 {
            let values: Vec<Value> = objects.iter().map(|o| o.to_printed_value()).collect();
            match sorting::sort_objects(&mut objects, &values, &field, Sorter::Table) {
                Ok(()) => {}
                // kubectl ignores the printer's error: the table is just not printed.
                Err(SortError::Plain(_)) => continue,
                Err(SortError::Fatal(e)) => {
                    let text = writer.flush();
                    push_written(&mut out, &text, &mut separator_ready, &mut written);
                    io.out.push_str(&out);
                    return fatal(io, &e, now, 375);
                }
            }
        }
        let header = !opts_base.no_headers && !printed_headers;
        if !objects.is_empty() {
            printed_headers = true;
        }
        writer.write(&table_rows(info.kind, &objects, now, &opts_base, header));
    }
    let text = writer.flush();
    push_written(&mut out, &text, &mut separator_ready, &mut written);
    io.out.push_str(&out);
    if !written && !ignore_not_found && errors.is_empty() {
        if all_namespaced {
            io.errlnf(format_args!("No resources found in {} namespace.", namespace_of(p)));
        } else {
            io.errln("No resources found");
        }
    }
    // `r.Infos()`'s errors come in an aggregate of their own (printGeneric flattens it).
    let errors = std::mem::take(&mut errors);
    if errors.is_empty() {
        return finish(io, &[]);
    }
    fail(io, CmdError::Group(errors))
}

/// Writes through kubectl's separator writer: a blank line before the first bytes of a new table.
fn push_written(out: &mut String, text: &str, separator_ready: &mut bool, written: &mut bool) {
    if text.is_empty() {
        return;
    }
    if *separator_ready {
        out.push('\n');
        *separator_ready = false;
    }
    out.push_str(text);
    *written = true;
}

/// kubectl exiting through klog's `Exitf` (an unsortable `--sort-by` field): its fatal log line.
fn fatal(io: &mut Io, message: &str, now: Time, line: u32) -> i32 {
    let rfc = now.rfc3339();
    // klog's header: severity, MMDD, time with microseconds, thread id, file:line.
    let month_day = format!("{}{}", rfc.get(5..7).unwrap_or("01"), rfc.get(8..10).unwrap_or("01"));
    let clock = rfc.get(11..19).unwrap_or("00:00:00");
    io.errlnf(format_args!("F{month_day} {clock}.000000       1 sorter.go:{line}] {message}"));
    1
}

/// Every object of the infos as the List kubectl's `printGeneric` builds.
fn list_value(objects: &[&Object]) -> Value {
    obj! {
        "apiVersion": "v1",
        "items": objects.iter().map(|o| o.to_printed_value()).collect::<Vec<_>>(),
        "kind": "List",
        "metadata": obj!{"resourceVersion": ""}
    }
}

/// `printGeneric`: one List (or the single object) through the chosen printer.
#[allow(clippy::too_many_arguments)]
fn print_generic(
    p: &Parsed,
    io: &mut Io,
    request: &Request,
    infos: Vec<Info>,
    errors: Vec<CmdError>,
    output: &Output,
    sort_by: &str,
    now: Time,
) -> i32 {
    if request.single_item && !errors.is_empty() {
        return finish(io, &errors);
    }
    let mut all_errors = errors;
    let mut objects: Vec<&Object> = infos.iter().flat_map(|i| i.objects.iter()).collect();
    if objects.is_empty() && p.flag("ignore-not-found") {
        return finish(io, &all_errors);
    }
    let single = request.single_item && infos.len() == 1 && objects.len() == 1;
    if !single && !sort_by.is_empty() && !objects.is_empty() {
        let values: Vec<Value> = objects.iter().map(|o| o.to_printed_value()).collect();
        match jsonpath::relaxed(sort_by) {
            Err(e) => return fail_plain(io, e),
            Ok(field) => match sorting::sort_objects(&mut objects, &values, &field, Sorter::Objects) {
                Ok(()) => {}
                Err(SortError::Plain(e)) => return fail_plain(io, e),
                Err(SortError::Fatal(e)) => return fatal(io, &e, now, 329),
            },
        }
    }
    let value =
        if single { objects.first().map_or(Value::Null, |o| o.to_printed_value()) } else { list_value(&objects) };
    let mut printer = GenericPrinter::new(output.clone(), p.flag("no-headers"));
    match printer.print(&value) {
        Ok(text) => io.out.push_str(&text),
        Err(failure) => {
            let (text, e) = *failure;
            io.out.push_str(&text);
            all_errors.push(e);
        }
    }
    finish(io, &all_errors)
}

/// What a printer wrote before it failed, and the error.
pub type PrintFailure = Box<(String, CmdError)>;

/// The non-table printers, keeping their state between objects (a watch prints many).
#[derive(Debug)]
pub struct GenericPrinter {
    output: Output,
    no_headers: bool,
    jsonpath: Option<(JsonPath, String)>,
    /// Custom columns: the tabwriter (remembering widths in a watch) and whether the header was written.
    writer: TabWriter,
    header_done: bool,
    /// Objects printed as YAML so far (later ones get a `---` line first).
    yaml_count: usize,
}

impl GenericPrinter {
    pub fn new(output: Output, no_headers: bool) -> GenericPrinter {
        let jsonpath = match &output {
            Output::JsonPath { template, as_json } => JsonPath::parse(template)
                .ok()
                .map(|j| (j.allow_missing_keys(true).json_output(*as_json), template.clone())),
            _ => None,
        };
        GenericPrinter {
            output,
            no_headers,
            jsonpath,
            writer: TabWriter::for_watch(),
            header_done: false,
            yaml_count: 0,
        }
    }

    /// Prints one object or List. On failure, what was printed before the error and the error.
    /// The output format this printer writes.
    pub fn output(&self) -> &Output {
        &self.output
    }

    pub fn print(&mut self, value: &Value) -> Result<String, PrintFailure> {
        match &self.output {
            Output::Json => Ok(json_text(value)),
            Output::Yaml => {
                self.yaml_count += 1;
                let sep = if self.yaml_count > 1 { "---\n" } else { "" };
                Ok(format!("{sep}{}", super::yaml::to_yaml(value)))
            }
            Output::Name => Ok(names_of(value)),
            Output::JsonPath { .. } => {
                let Some((jp, template)) = &mut self.jsonpath else { return Ok(String::new()) };
                match jp.execute(value) {
                    Ok(text) => Ok(text),
                    Err(e) if e == jsonpath::ZERO_VALUE_PANIC => Err(Box::new((String::new(), CmdError::Raw(e)))),
                    Err(e) => {
                        Err(Box::new((String::new(), CmdError::Plain(jsonpath::execution_error(template, &e, value)))))
                    }
                }
            }
            Output::CustomColumns(columns) => {
                let columns = columns.clone();
                self.custom_columns(&columns, value)
            }
            Output::Table { .. } => Ok(String::new()),
        }
    }

    /// `CustomColumnsPrinter.PrintObj`.
    fn custom_columns(&mut self, columns: &[Column], value: &Value) -> Result<String, PrintFailure> {
        if !self.no_headers && !self.header_done {
            let headers: Vec<&str> = columns.iter().map(|c| c.header.as_str()).collect();
            self.writer.write(&headers.join("\t"));
            self.writer.write("\n");
            self.header_done = true;
        }
        let mut parsers = Vec::new();
        for c in columns {
            match JsonPath::parse(&c.template) {
                Ok(j) => parsers.push(j.allow_missing_keys(true)),
                Err(e) => return Err(Box::new((self.writer.flush(), CmdError::Plain(e)))),
            }
        }
        let items: Vec<&Value> = match value.get("items").and_then(Value::as_array) {
            Some(items) if value.get("kind").and_then(Value::as_str).is_some_and(|k| k.ends_with("List")) => {
                items.iter().collect()
            }
            _ => vec![value],
        };
        for item in items {
            let mut cells = Vec::new();
            for parser in &mut parsers {
                let results = match parser.find_results(item) {
                    Ok(r) => r,
                    Err(e) => return Err(Box::new((self.writer.flush(), CmdError::Plain(e)))),
                };
                let mut strings = Vec::new();
                if results.first().is_none_or(Vec::is_empty) {
                    strings.push("<none>".to_string());
                }
                for r in &results {
                    for v in r {
                        let text = jsonpath::go_sprint(&v.to_value());
                        strings.push(text.replace('\u{1b}', "^[").replace('\r', "\\r"));
                    }
                }
                cells.push(strings.join(","));
            }
            self.writer.write(&cells.join("\t"));
            self.writer.write("\n");
        }
        Ok(self.writer.flush())
    }
}

/// `-o name` of an object or a List: `kind.group/name` per object.
fn names_of(value: &Value) -> String {
    let one = |v: &Value| -> String {
        let kind = v.get("kind").and_then(Value::as_str).unwrap_or("");
        let name = v.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("");
        match Kind::from_name(kind) {
            Some(k) => format!("{}/{name}\n", k.kind_group()),
            None => format!("{}/{name}\n", kind.to_ascii_lowercase()),
        }
    };
    match value.get("items").and_then(Value::as_array) {
        Some(items) if value.get("kind").and_then(Value::as_str) == Some("List") => items.iter().map(one).collect(),
        _ => one(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_selectors_parse_as_the_apiserver_parses_them() {
        let s = parse_field_selector("status.phase!=Running,spec.nodeName=worker-1").unwrap();
        assert_eq!(
            s.terms,
            vec![
                ("spec.nodeName".to_string(), "worker-1".to_string(), false),
                ("status.phase".to_string(), "Running".to_string(), true)
            ]
        );
        assert_eq!(parse_field_selector("foo").unwrap_err(), "invalid selector: 'foo'; can't understand 'foo'");
        assert_eq!(
            parse_field_selector("a=b=c").unwrap_err(),
            "invalid field selector: unescaped character in value: 61"
        );
        assert_eq!(parse_field_selector("a=b\\=c").unwrap().terms[0].1, "b=c");
    }

    #[test]
    fn unsupported_field_labels_get_each_kinds_refusal() {
        let cases = [
            (Kind::Pod, "spec.nodeName", None),
            (Kind::Pod, "foo", Some("field label not supported: foo")),
            (Kind::Node, "metadata.namespace", Some("field label not supported: metadata.namespace")),
            (Kind::Job, "spec.x", Some("field label \"spec.x\" not supported for Job")),
            (
                Kind::Deployment,
                "spec.replicas",
                Some("\"spec.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""),
            ),
        ];
        for (kind, label, want) in cases {
            assert_eq!(check_field_label(kind, label).err().as_deref(), want, "{kind} {label}");
        }
    }

    #[test]
    fn custom_column_specs_fail_as_kubectl_fails() {
        let e = |s: &str| match custom_columns_from_spec(s) {
            Err(CmdError::Plain(t)) => t,
            other => format!("{other:?}"),
        };
        assert_eq!(e(""), "custom-columns format specified but no custom columns given");
        assert_eq!(e("NAME"), "unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>");
        assert!(e("A:{.a}{.b}").starts_with("unexpected path string"));
        assert_eq!(custom_columns_from_spec("A:metadata.name").unwrap()[0].template, "{.metadata.name}");
    }
}

#[cfg(test)]
mod fuzz {
    use crate::cluster::Cluster;
    use crate::kubectl::{run, Io};
    use crate::shell::NoFiles;

    /// Random command lines over the verbs this module family implements never panic.
    #[test]
    fn no_command_line_makes_the_verbs_panic() {
        const WORDS: &[&str] = &[
            "get",
            "logs",
            "top",
            "taint",
            "cordon",
            "uncordon",
            "drain",
            "explain",
            "api-resources",
            "events",
            "version",
            "config",
            "pods",
            "pod",
            "nodes",
            "node",
            "deploy",
            "ev",
            "po/x",
            "worker-1",
            "-o",
            "-w",
            "jsonpath={.items[*]}",
            "jsonpath={range .items[*]}{[0]}{end}",
            "custom-columns=A:.a",
            "name",
            "wide",
            "-l",
            "a in (",
            "app",
            "--field-selector",
            "x=y",
            "--sort-by",
            ".metadata.name",
            "-A",
            "-n",
            "-f",
            "-",
            "-c",
            "--tail=-1",
            "--since=1s",
            "a=b:NoSchedule",
            "a-",
            "--all",
            "--force",
            "--dry-run=client",
            "pod",
            "node",
            "--containers",
            "--sum",
            "deploy.spec.x",
            "--recursive",
            "view",
            "get-contexts",
            "",
            "--show-labels",
            "-L",
            "=",
            "{",
            "[",
            "--output-watch-events",
            "--watch-only",
            "-p",
            "--previous",
        ];
        let mut c = Cluster::new(3);
        let files = NoFiles;
        let mut seed: u64 = 99;
        for _ in 0..3000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let len = 1 + (seed >> 61) as usize;
            let mut argv = Vec::new();
            for _ in 0..len {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                argv.push(WORDS[(seed >> 33) as usize % WORDS.len()].to_string());
            }
            let mut io = Io::new(Some("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"), &files);
            let _ = run(&mut c, &argv, &mut io);
            let _ = c.poll_watches();
            c.stop_watches();
        }
    }
}
