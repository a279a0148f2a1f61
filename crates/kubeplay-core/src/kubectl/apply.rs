//! The verbs that take manifests: `apply` (client-side, with the last-applied annotation),
//! `create`, `replace` and `delete`, over `-f FILE` and `-f -`.

use crate::json::Value;

use super::args::{self, Flag};
use super::json::Put;
use super::{fail, fail_cobra, fail_plain, finish, namespace_of, CmdError, Io, STDIN};
use crate::api::{Kind, Object};
use crate::cluster::{ApiError, Cluster};
use crate::controller::Propagation;
use crate::kubectl::patch::decode as patch_decode;
use crate::kubectl::patch::gofmt::{go_compact, go_v};
use crate::kubectl::patch::strategic;
use crate::manifest::decode::{self, ClientError, Validation};
use crate::manifest::field::go_quote;
use crate::manifest::merge::{self, LAST_APPLIED};
use crate::manifest::schema::StrictError;
use crate::manifest::{self, hints, Document};
use crate::store::ObjRef;

/// A manifest source: its name as kubectl prints it and its text.
pub struct Source {
    pub name: String,
    pub text: String,
}

/// The extensions kubectl reads from a directory (`resource.FileExtensions`).
const FILE_EXTENSIONS: [&str; 3] = [".json", ".yaml", ".yml"];

/// Reads every `-f` argument as the resource builder's `FilenameParam` does: `-` is standard
/// input, a directory gives its `.json`, `.yaml` and `.yml` files in name order (with `-R` those of
/// its subdirectories too). Errors are collected as the builder collects them and end the command
/// before anything is read.
pub fn read_sources(io: &Io, filenames: &[String], recursive: bool) -> Result<Vec<Source>, CmdError> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for f in filenames {
        if f == "-" {
            out.push(Source { name: STDIN.into(), text: io.stdin.unwrap_or("").to_string() });
            continue;
        }
        if f.starts_with("http://") || f.starts_with("https://") {
            errors.push(CmdError::Plain(format!(
                "unable to read URL {}: this playground has no network; paste the manifest into the editor or a heredoc",
                go_quote(f)
            )));
            continue;
        }
        match io.files.list_dir(f) {
            Some(entries) => walk_dir(io, f, entries, recursive, &mut out),
            None => match io.files.read(f) {
                Some(text) => out.push(Source { name: f.clone(), text }),
                None => {
                    errors.push(CmdError::Plain(format!("the path {} does not exist", go_quote(f))));
                    continue;
                }
            },
        }
        // `Builder.Path`, called once per argument, refuses a path that gave nothing when nothing
        // was read or refused before it.
        if out.is_empty() && errors.is_empty() {
            errors.push(CmdError::Plain(format!(
                "error reading [{f}]: recognized file extensions are [{}]",
                FILE_EXTENSIONS.join(" ")
            )));
        }
    }
    match CmdError::aggregate(errors) {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// `filepath.Walk` below a directory given to `-f` (`ExpandPathsToFileVisitors`): entries in name
/// order, files kept by extension, subdirectories entered only with `-R`.
fn walk_dir(io: &Io, dir: &str, mut entries: Vec<crate::shell::DirEntry>, recursive: bool, out: &mut Vec<Source>) {
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    for e in entries {
        let path = go_clean(&format!("{dir}/{}", e.name));
        if e.is_dir {
            if recursive {
                if let Some(sub) = io.files.list_dir(&path) {
                    walk_dir(io, &path, sub, recursive, out);
                }
            }
            continue;
        }
        if !FILE_EXTENSIONS.contains(&go_ext(&path)) {
            continue;
        }
        if let Some(text) = io.files.read(&path) {
            out.push(Source { name: path, text });
        }
    }
}

/// `filepath.Ext`: the suffix from the last dot of the last element.
fn go_ext(path: &str) -> &str {
    let base = path.rsplit('/').next().unwrap_or(path);
    base.rfind('.').map_or("", |i| &base[i..])
}

/// `filepath.Clean` on a slash-separated path.
pub fn go_clean(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

/// The `-f` sources of a command's flags (`--filename`, `--recursive`).
pub fn sources_of(io: &Io, p: &args::Parsed) -> Result<Vec<Source>, CmdError> {
    read_sources(io, &p.all("filename"), p.flag("recursive"))
}

/// A document ready to send, with what is needed to report on it.
pub struct Prepared<'d> {
    pub doc: &'d Document,
    pub kind: Kind,
    pub name: String,
    pub namespace: String,
}

/// What happened to the documents of one source.
pub struct Visit<'d> {
    pub ready: Vec<Prepared<'d>>,
}

/// [`visit_with`] as the commands that have no schema validator read a source (`get`,
/// `describe`, `delete`, `expose`...): only kubectl's decoding and REST mapping.
pub fn visit<'d>(
    src: &Source,
    stream: &'d manifest::Stream,
    namespace: &str,
    explicit_namespace: bool,
    io: &mut Io,
    errors: &mut Vec<CmdError>,
) -> Visit<'d> {
    visit_with(
        src,
        &stream.docs,
        &stream.raw,
        &stream.in_list,
        &stream.error,
        namespace,
        explicit_namespace,
        Validation::Ignore,
        io,
        errors,
    )
}

/// Runs kubectl's client-side reading of a source: documents, the client checks, namespaces.
/// Errors are appended to `errors` (with diagnostics); documents after a stream-stopping error
/// are not returned.
#[allow(clippy::too_many_arguments)]
pub fn visit_with<'d>(
    src: &Source,
    docs: &'d [Document],
    raw: &[Option<String>],
    in_list: &[bool],
    read_error: &Option<manifest::ReadError>,
    namespace: &str,
    explicit_namespace: bool,
    validation: Validation,
    io: &mut Io,
    errors: &mut Vec<CmdError>,
) -> Visit<'d> {
    let mut ready = Vec::new();
    let mut stopped = false;
    for (i, doc) in docs.iter().enumerate() {
        let raw = raw.get(i).and_then(|r| r.as_deref());
        let checked = if in_list.get(i).copied().unwrap_or(false) {
            decode::client_checks_item(doc, validation)
        } else {
            decode::client_checks_with(doc, validation, raw)
        };
        match checked {
            Err(e) => {
                let pos = doc.abs(e.pos());
                let mut hint = None;
                if let ClientError::Mapping { kind, .. } | ClientError::Item { kind, .. } = &e {
                    hint = kind_hint(kind);
                }
                io.diagnose(&src.name, pos, e.text(&src.name), hint.clone());
                // A List's item errors come wrapped in an aggregate of their own, which kubectl
                // prints line by line without the `error: ` prefix.
                errors.push(if matches!(e, ClientError::Item { .. }) {
                    CmdError::Raw(e.text(&src.name))
                } else {
                    CmdError::Plain(e.text(&src.name))
                });
                io.hints.extend(hint);
                if e.stops_stream() {
                    stopped = true;
                    break;
                }
            }
            Ok((kind, name, doc_ns)) => {
                let ns = if !kind.namespaced() {
                    String::new()
                } else if doc_ns.is_empty() {
                    namespace.to_string()
                } else if explicit_namespace && doc_ns != namespace {
                    errors.push(CmdError::Plain(format!(
                        "the namespace from the provided object \"{doc_ns}\" does not match the namespace \"{namespace}\". You must pass '--namespace={doc_ns}' to perform this operation."
                    )));
                    continue;
                } else {
                    doc_ns
                };
                ready.push(Prepared { doc, kind, name, namespace: ns });
            }
        }
    }
    if !stopped {
        if let Some(e) = read_error {
            let pos = e.pos();
            let hint = match e {
                manifest::ReadError::Yaml { error, .. } => hints::missing_space_after_colon(&src.text, pos.line)
                    .map(|(_, h)| h)
                    .or_else(|| hints::non_breaking_spaces(&src.text))
                    .or_else(|| {
                        let structural = error.problem == "did not find expected key"
                            || error.problem == "mapping values are not allowed in this context"
                            || error.problem == "did not find expected '-' indicator";
                        if structural {
                            hints::misaligned_key(&src.text, pos.line)
                        } else {
                            None
                        }
                    })
                    .or_else(|| {
                        let limit = match error.problem.as_str() {
                            "exceeded max depth of 255" => Some("255 nested [ ] or { } collections"),
                            "exceeded max depth of 1000" => Some("1000 nested collections"),
                            _ => None,
                        }?;
                        Some(format!(
                            "this is kubeplay's limit, not Kubernetes': kubeplay reads at most {limit}, a real cluster up to 10000"
                        ))
                    }),
                manifest::ReadError::Separator { .. }
                | manifest::ReadError::Json { .. }
                | manifest::ReadError::Convert { .. } => None,
            };
            let text = format!("error parsing {}: {e}", src.name);
            io.diagnose(&src.name, pos, text.clone(), hint.clone());
            errors.push(CmdError::Plain(text));
            io.hints.extend(hint);
        }
    }
    Visit { ready }
}

fn kind_hint(kind: &str) -> Option<String> {
    if let Some(k) = Kind::from_name(kind) {
        return Some(format!("{kind} is served as apiVersion {}", k.api_version()));
    }
    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    hints::nearest(kind, names).map(|n| format!("did you mean kind \"{n}\"?"))
}

/// The object of a prepared document as JSON, with its namespace set as kubectl sets it.
fn document_value(p: &Prepared) -> Value {
    let mut v = p.doc.node.to_json();
    if p.kind.namespaced() {
        if let Some(meta) = v.get_mut("metadata").and_then(Value::as_object_mut) {
            meta.put("namespace", Value::String(p.namespace.clone()));
        } else if let Some(obj) = v.as_object_mut() {
            let mut meta = crate::json::Map::new();
            meta.put("namespace", Value::String(p.namespace.clone()));
            obj.put("metadata", Value::Object(meta));
        }
    }
    v
}

/// The apiserver's request body limit (`MaxRequestBodyBytes`).
pub const MAX_REQUEST_BYTES: usize = 3 * 1024 * 1024;

/// A request body over the limit is refused before anything is decoded.
fn check_size(body: &Value, src: &Source, verb: &str) -> Result<(), CmdError> {
    let len = crate::json::to_string(body).map_or(0, |s| s.len());
    if len > MAX_REQUEST_BYTES {
        return Err(CmdError::Api {
            err: ApiError::Other {
                reason: "RequestEntityTooLarge".into(),
                message: format!("Request entity too large: limit is {MAX_REQUEST_BYTES}"),
            },
            context: Some(format!("error when {verb} {}", crate::manifest::field::go_quote(&src.name))),
        });
    }
    Ok(())
}

/// The server's decoding of the create or replace `body` of a document under `fieldValidation`:
/// a type error, or an unknown field when strict, becomes kubectl's BadRequest (with its
/// diagnostic); otherwise the fields the decoder drops leave `body` (each warned about unless
/// ignored).
fn server_decode(
    p: &Prepared,
    src: &Source,
    verb: &str,
    validation: Validation,
    io: &mut Io,
    body: &mut Value,
) -> Result<(), CmdError> {
    let e = match decode::server_decode(p.kind, &p.doc.node) {
        Ok(_) => return Ok(()),
        Err(StrictError::Unknown(fields)) if validation != Validation::Strict => {
            for f in &fields {
                if validation == Validation::Warn {
                    io.errlnf(format_args!("Warning: unknown field {}", crate::manifest::field::go_quote(&f.path)));
                }
                decode::remove_path(body, &f.path);
            }
            return Ok(());
        }
        Err(e) => e,
    };
    let kind = p.kind.name();
    let message = format!(
        "{kind} in version \"{}\" cannot be handled as a {kind}: {}",
        p.kind.info().version,
        decode::strict_message(&e)
    );
    let (pos, hint) = strict_error_position(p, src, &e);
    io.diagnose(&src.name, pos, message.clone(), hint.clone());
    io.hints.extend(hint);
    Err(CmdError::Api {
        err: ApiError::BadRequest(message),
        context: Some(format!("error when {verb} {}", crate::manifest::field::go_quote(&src.name))),
    })
}

/// Where a decoding refusal points in the document, and the learner's hint for it.
fn strict_error_position(p: &Prepared, src: &Source, e: &StrictError) -> (crate::manifest::yaml::Pos, Option<String>) {
    match e {
        StrictError::Type { pos, .. } => (p.doc.abs(*pos), type_hint(src, p, *pos)),
        StrictError::Unknown(fields) => {
            let first = fields.first();
            (
                first.map_or(p.doc.abs(p.doc.node.pos), |f| p.doc.abs(f.pos)),
                first.and_then(|f| unknown_field_hint(p, &f.path, p.doc.abs(f.pos).line)),
            )
        }
    }
}

impl CmdError {
    /// The text of this error when it is printed alone.
    pub fn single_text(&self) -> String {
        self.single()
    }
}

fn type_hint(src: &Source, p: &Prepared, pos: crate::manifest::yaml::Pos) -> Option<String> {
    let node = find_node_at(&p.doc.node, pos)?;
    let s = node.as_str()?;
    hints::glued_pairs(&src.text, p.doc.abs(pos).line, s)
}

fn find_node_at(
    node: &crate::manifest::yaml::Node,
    pos: crate::manifest::yaml::Pos,
) -> Option<&crate::manifest::yaml::Node> {
    use crate::manifest::yaml::NodeValue;
    if node.pos == pos && !matches!(node.value, NodeValue::Map(_) | NodeValue::Seq(_)) {
        return Some(node);
    }
    match &node.value {
        NodeValue::Map(entries) => entries.iter().find_map(|(_, v)| find_node_at(v, pos)),
        NodeValue::Seq(items) => items.iter().find_map(|v| find_node_at(v, pos)),
        _ => None,
    }
}

fn unknown_field_hint(p: &Prepared, path: &str, line: u32) -> Option<String> {
    hints::unknown_field(p.kind.info().definition, path, line)
}

const APPLY_FLAGS: &[Flag] = &[
    Flag::array("filename", Some('f')),
    Flag::bool("recursive", Some('R')),
    Flag::string("output", Some('o')),
    Flag::optional("dry-run", "unchanged"),
    Flag::bool("force", None),
    Flag::bool("server-side", None),
    Flag::string("field-manager", None),
    Flag::bool("overwrite", None),
    Flag::bool("prune", None),
    Flag::string("selector", Some('l')),
    Flag::bool("record", None),
    Flag::optional("validate", "strict"),
    Flag::bool("all", None),
    Flag::bool("wait", None),
    Flag::string("kustomize", Some('k')),
];

/// Dry-run mode from `--dry-run`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DryRun {
    None,
    Client,
    Server,
}

fn dry_run(p: &args::Parsed) -> Result<DryRun, CmdError> {
    match p.get("dry-run") {
        None | Some("none") | Some("false") => Ok(DryRun::None),
        Some("client") | Some("true") => Ok(DryRun::Client),
        Some("server") => Ok(DryRun::Server),
        Some("unchanged") => Ok(DryRun::Client),
        Some(other) => Err(CmdError::Plain(format!(
            "Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
        ))),
    }
}

fn suffix(d: DryRun) -> &'static str {
    match d {
        DryRun::None => "",
        DryRun::Client => " (dry run)",
        DryRun::Server => " (server dry run)",
    }
}

/// Prints an object for `-o name|yaml|json`, or the operation line.
fn report(io: &mut Io, output: Option<&str>, obj: &Object, operation: &str, d: DryRun) {
    let name = format!("{}/{}", obj.kind().kind_group(), obj.name());
    match output {
        Some("name") => io.outln(&name),
        Some("yaml") => io.out.push_str(&super::yaml::to_yaml(&obj.to_printed_value())),
        Some("json") => {
            let v = obj.to_printed_value();
            io.out.push_str(&super::get::json_text(&v));
        }
        Some(o) if o.starts_with("jsonpath=") || o.starts_with("jsonpath-as-json=") => {
            let (kind, template) = o.split_once('=').unwrap_or((o, ""));
            let output = super::get::Output::JsonPath { template: template.to_string(), as_json: kind != "jsonpath" };
            match super::get::GenericPrinter::new(output, false).print(&obj.to_printed_value()) {
                Ok(text) => io.out.push_str(&text),
                Err(failure) => {
                    let (text, e) = *failure;
                    io.out.push_str(&text);
                    io.errln(&e.single_text());
                }
            }
        }
        _ => io.outlnf(format_args!("{name} {operation}{}", suffix(d))),
    }
}

/// `--validate`, or the error kubectl prints for a bad value.
fn validation(p: &args::Parsed) -> Result<Validation, CmdError> {
    decode::validation_directive(p.get("validate")).map_err(CmdError::Plain)
}

/// `kubectl apply -f`.
pub fn apply(cluster: &mut Cluster, argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl apply", APPLY_FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    let validation = match validation(&p) {
        Ok(v) => v,
        Err(e) => return fail(io, e),
    };
    let filenames = p.all("filename");
    if filenames.is_empty() {
        return fail_plain(io, "must specify one of -f and -k".into());
    }
    let d = match dry_run(&p) {
        Ok(d) => d,
        Err(e) => return fail(io, e),
    };
    let output = p.get("output").map(str::to_string);
    let sources = match sources_of(io, &p) {
        Ok(s) => s,
        Err(e) => return fail(io, e),
    };
    let ns = namespace_of(&p);
    let mut errors = Vec::new();
    let mut applied = 0;
    for src in &sources {
        let stream = manifest::read(&src.text);
        let visit = visit_with(
            src,
            &stream.docs,
            &stream.raw,
            &stream.in_list,
            &stream.error,
            &ns,
            p.has("namespace"),
            validation,
            io,
            &mut errors,
        );
        // kubectl applies what it read before reporting the errors it collected.
        let mut apply_errors = Vec::new();
        for prepared in &visit.ready {
            applied += 1;
            if let Err(e) = apply_one(cluster, src, prepared, d, validation, output.as_deref(), io) {
                apply_errors.push(e);
            }
        }
        errors.splice(0..0, apply_errors);
    }
    if applied == 0 && errors.is_empty() {
        return fail_plain(io, "no objects passed to apply".into());
    }
    finish(io, &errors)
}

/// `Info.String()` of cli-runtime: the REST mapping, name and namespace of a document.
fn info_string(p: &Prepared) -> String {
    let info = p.kind.info();
    let gv = format!("{}/{}", info.group, info.version);
    format!(
        "Resource: \"{gv}, Resource={}\", GroupVersionKind: \"{gv}, Kind={}\"\nName: {}, Namespace: {}",
        info.plural,
        p.kind.name(),
        crate::manifest::field::go_quote(&p.name),
        crate::manifest::field::go_quote(&p.namespace)
    )
}

fn apply_one(
    cluster: &mut Cluster,
    src: &Source,
    p: &Prepared,
    d: DryRun,
    validation: Validation,
    output: Option<&str>,
    io: &mut Io,
) -> Result<(), CmdError> {
    if p.name.is_empty() {
        let generate = p.doc.meta_str("generateName").unwrap_or("");
        let text = if generate.is_empty() {
            format!(
                "error when retrieving current configuration of:\n{}\nfrom server for: {}: resource name may not be empty",
                info_string(p),
                crate::manifest::field::go_quote(&src.name)
            )
        } else {
            format!("from {generate}: cannot use generate name with apply")
        };
        io.diagnose(&src.name, p.doc.abs(p.doc.node.pos), text.clone(), None);
        return Err(CmdError::Plain(text));
    }
    let r = ObjRef::new(p.kind, p.namespace.clone(), p.name.clone());
    let Some(current) = cluster.store().get_ref(&r).cloned() else {
        let mut body = document_value(p);
        let recorded = merge::last_applied_json(&body);
        set_annotation(&mut body, LAST_APPLIED, recorded);
        check_size(&body, src, "creating")?;
        server_decode(p, src, "creating", validation, io, &mut body)?;
        return match cluster.create_value(p.kind, body, d != DryRun::None) {
            Ok(obj) => {
                report(io, output, &obj, "created", d);
                Ok(())
            }
            Err(err) => Err(api_error(io, src, p, err, "creating")),
        };
    };
    let mut modified = document_value(p);
    let recorded = merge::last_applied_json(&modified);
    set_annotation(&mut modified, LAST_APPLIED, recorded);
    let current_value = current.to_printed_value();
    let original: Option<Value> =
        current.meta().annotations.get(LAST_APPLIED).and_then(|s| crate::json::from_str(s).ok());
    // Client dry runs skip the warning (`o.DryRunStrategy != cmdutil.DryRunClient`).
    if original.is_none() && d != DryRun::Client {
        io.errlnf(format_args!(
            "Warning: resource {}/{} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.",
            p.kind.info().plural,
            p.name
        ));
    }
    let definition = p.kind.info().definition;
    let patched = merge::three_way(definition, original.as_ref(), &modified, &current_value);
    let patch_text = patched.as_ref().map_or_else(|_| "{}".to_string(), |t| go_compact(&t.patch));
    // `error when applying patch: ... for: "x.yaml": error when patching "x.yaml"`: the context
    // kubectl gives a refused patch.
    let context = format!(
        "error when applying patch:\n{patch_text}\nto:\n{}\nfor: {src_q}: error when patching {src_q}",
        info_string(p),
        src_q = crate::manifest::field::go_quote(&src.name)
    );
    let patched = match patched {
        Ok(t) => t,
        Err(e) => {
            let err = match e {
                strategic::SmpError::BadRequest(m) => ApiError::BadRequest(m),
                strategic::SmpError::Unprocessable(m) | strategic::SmpError::Other(m) => {
                    ApiError::Other { reason: "InternalError".into(), message: m }
                }
            };
            return Err(CmdError::Api { err, context: Some(context) });
        }
    };
    if !patched.changed {
        report(io, output, &current, "unchanged", d);
        return Ok(());
    }
    if patch_text.len() > MAX_REQUEST_BYTES {
        return Err(CmdError::Api {
            err: ApiError::Other {
                reason: "RequestEntityTooLarge".into(),
                message: format!("Request entity too large: limit is {MAX_REQUEST_BYTES}"),
            },
            context: Some(context),
        });
    }
    // The apiserver converts the patched map to the typed object: a type error refuses the patch,
    // unknown fields are refused, warned about or dropped as `fieldValidation` says.
    let decoded = match patch_decode::from_unstructured(definition, patched.merged) {
        Ok(decoded) => decoded,
        Err(e) => {
            let shown = go_v(&patched.patch);
            let text = format!(
                "The request is invalid: patch: Invalid value: {}: {e}",
                crate::manifest::field::go_quote(&shown)
            );
            io.diagnose(&src.name, p.doc.abs(p.doc.node.pos), text.clone(), None);
            return Err(CmdError::Raw(text));
        }
    };
    if !decoded.warnings.is_empty() {
        match validation {
            Validation::Strict => {
                let message = format!("strict decoding error: {}", decoded.warnings.join(", "));
                if let Err(StrictError::Unknown(fields)) = decode::server_decode(p.kind, &p.doc.node) {
                    let e = StrictError::Unknown(fields);
                    let (pos, hint) = strict_error_position(p, src, &e);
                    io.diagnose(&src.name, pos, message.clone(), hint.clone());
                    io.hints.extend(hint);
                }
                return Err(CmdError::Api { err: ApiError::BadRequest(message), context: Some(context) });
            }
            Validation::Warn => {
                for w in &decoded.warnings {
                    io.errlnf(format_args!("Warning: {w}"));
                }
            }
            Validation::Ignore => {}
        }
    }
    match cluster.update_value(p.kind, decoded.value, d != DryRun::None) {
        Ok(obj) => {
            report(io, output, &obj, "configured", d);
            Ok(())
        }
        Err(err @ ApiError::Invalid { .. }) => Err(api_error(io, src, p, err, "patching")),
        Err(err) => {
            io.diagnose(&src.name, p.doc.abs(p.doc.node.pos), err.message(), None);
            Err(CmdError::Api { err, context: Some(context) })
        }
    }
}

/// Sets `metadata.annotations[key]`, creating the maps as needed.
fn set_annotation(obj: &mut Value, key: &str, value: String) {
    if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
        let ann = meta.entry("annotations".to_owned()).or_insert_with(|| Value::Object(crate::json::Map::new()));
        if let Some(a) = ann.as_object_mut() {
            a.insert(key.into(), Value::String(value));
        }
    }
}

/// An API error about a document, with its diagnostic (field errors point at their fields).
fn api_error(io: &mut Io, src: &Source, p: &Prepared, err: ApiError, verb: &str) -> CmdError {
    let pos = match &err {
        ApiError::Invalid { errors, .. } => errors
            .first()
            .and_then(|e| p.doc.node.find_path(&e.field))
            .map_or(p.doc.abs(p.doc.node.pos), |pos| p.doc.abs(pos)),
        _ => p.doc.abs(p.doc.node.pos),
    };
    let e = CmdError::Api {
        err,
        context: Some(format!("error when {verb} {}", crate::manifest::field::go_quote(&src.name))),
    };
    io.diagnose(&src.name, pos, e.single_text(), None);
    e
}

const CREATE_FLAGS: &[Flag] = &[
    Flag::array("filename", Some('f')),
    Flag::bool("recursive", Some('R')),
    Flag::string("output", Some('o')),
    Flag::optional("dry-run", "unchanged"),
    Flag::bool("save-config", None),
    Flag::bool("edit", None),
    Flag::bool("record", None),
    Flag::optional("validate", "strict"),
    Flag::bool("windows-line-endings", None),
    Flag::string("selector", Some('l')),
    Flag::string("kustomize", Some('k')),
];

/// `kubectl create -f`.
pub fn create(cluster: &mut Cluster, argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl create", CREATE_FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    if let Some(sub) = p.args.first() {
        return fail(
            io,
            CmdError::Raw(format!("error: unknown command \"{sub}\"\nSee 'kubectl create -h' for help and examples")),
        );
    }
    let validation = match validation(&p) {
        Ok(v) => v,
        Err(e) => return fail(io, e),
    };
    let filenames = p.all("filename");
    if filenames.is_empty() {
        return fail_plain(io, "must specify one of -f and -k".into());
    }
    let d = match dry_run(&p) {
        Ok(d) => d,
        Err(e) => return fail(io, e),
    };
    let output = p.get("output").map(str::to_string);
    let sources = match sources_of(io, &p) {
        Ok(s) => s,
        Err(e) => return fail(io, e),
    };
    let ns = namespace_of(&p);
    let mut errors = Vec::new();
    for src in &sources {
        let stream = manifest::read(&src.text);
        let mut doc_errors = Vec::new();
        let visit = visit_with(
            src,
            &stream.docs,
            &stream.raw,
            &stream.in_list,
            &stream.error,
            &ns,
            p.has("namespace"),
            validation,
            io,
            &mut doc_errors,
        );
        for prepared in &visit.ready {
            let mut body = document_value(prepared);
            if p.flag("save-config") {
                let recorded = merge::last_applied_json(&body);
                set_annotation(&mut body, LAST_APPLIED, recorded);
            }
            let sent = check_size(&body, src, "creating")
                .and_then(|()| server_decode(prepared, src, "creating", validation, io, &mut body));
            if let Err(e) = sent {
                errors.push(e);
                continue;
            }
            match cluster.create_value(prepared.kind, body, d != DryRun::None) {
                Ok(obj) => report(io, output.as_deref(), &obj, "created", d),
                Err(err) => errors.push(api_error(io, src, prepared, err, "creating")),
            }
        }
        errors.extend(doc_errors);
    }
    finish(io, &errors)
}

const REPLACE_FLAGS: &[Flag] = &[
    Flag::array("filename", Some('f')),
    Flag::bool("recursive", Some('R')),
    Flag::string("output", Some('o')),
    Flag::optional("dry-run", "unchanged"),
    Flag::bool("force", None),
    Flag::string("cascade", None),
    Flag::int("grace-period", None),
    Flag::bool("save-config", None),
    Flag::optional("validate", "strict"),
];

/// `kubectl replace -f`.
pub fn replace(cluster: &mut Cluster, argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl replace", REPLACE_FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    let validation = match validation(&p) {
        Ok(v) => v,
        Err(e) => return fail(io, e),
    };
    let filenames = p.all("filename");
    if filenames.is_empty() {
        return fail_plain(io, "must specify --filename to replace".into());
    }
    let d = match dry_run(&p) {
        Ok(d) => d,
        Err(e) => return fail(io, e),
    };
    let output = p.get("output").map(str::to_string);
    let sources = match sources_of(io, &p) {
        Ok(s) => s,
        Err(e) => return fail(io, e),
    };
    let ns = namespace_of(&p);
    let mut errors = Vec::new();
    for src in &sources {
        let stream = manifest::read(&src.text);
        let mut doc_errors = Vec::new();
        let visit = visit_with(
            src,
            &stream.docs,
            &stream.raw,
            &stream.in_list,
            &stream.error,
            &ns,
            p.has("namespace"),
            validation,
            io,
            &mut doc_errors,
        );
        for prepared in &visit.ready {
            let mut body = document_value(prepared);
            if p.flag("save-config") {
                let recorded = merge::last_applied_json(&body);
                set_annotation(&mut body, LAST_APPLIED, recorded);
            }
            let sent = check_size(&body, src, "replacing")
                .and_then(|()| server_decode(prepared, src, "replacing", validation, io, &mut body));
            if let Err(e) = sent {
                errors.push(e);
                continue;
            }
            match cluster.update_value(prepared.kind, body, d != DryRun::None) {
                Ok(obj) => report(io, output.as_deref(), &obj, "replaced", d),
                Err(err) => errors.push(api_error(io, src, prepared, err, "replacing")),
            }
        }
        errors.extend(doc_errors);
    }
    finish(io, &errors)
}

const DELETE_FLAGS: &[Flag] = &[
    Flag::array("filename", Some('f')),
    Flag::bool("recursive", Some('R')),
    Flag::string("output", Some('o')),
    Flag::optional("dry-run", "unchanged"),
    Flag::optional("cascade", "background"),
    Flag::int("grace-period", None),
    Flag::bool("now", None),
    Flag::bool("force", None),
    Flag::bool("all", None),
    Flag::bool("all-namespaces", Some('A')),
    Flag::string("selector", Some('l')),
    Flag::string("field-selector", None),
    Flag::bool("ignore-not-found", None),
    Flag::bool("wait", None),
    Flag::string("timeout", None),
    Flag::bool("interactive", Some('i')),
    Flag::string("raw", None),
];

/// How a delete's `--cascade` was given; warns about the deprecated boolean values
/// (`parseCascadingFlag`).
pub fn cascade(p: &args::Parsed, io: &mut Io) -> Result<Propagation, CmdError> {
    let Some(value) = p.get("cascade") else { return Ok(Propagation::Background) };
    let deprecated = |io: &mut Io, by: &str| {
        io.errlnf(format_args!(
            "warning: --cascade={value} is deprecated (boolean value) and can be replaced with --cascade={by}."
        ));
    };
    match value {
        "background" => Ok(Propagation::Background),
        "foreground" => Ok(Propagation::Foreground),
        "orphan" => Ok(Propagation::Orphan),
        "1" | "t" | "T" | "TRUE" | "true" | "True" => {
            deprecated(io, "background");
            Ok(Propagation::Background)
        }
        "0" | "f" | "F" | "FALSE" | "false" | "False" => {
            deprecated(io, "orphan");
            Ok(Propagation::Orphan)
        }
        other => Err(CmdError::Plain(format!(
            "invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\""
        ))),
    }
}

/// `kubectl delete` (with `-f`, `TYPE NAME`, `TYPE/NAME`, or a type with `-l`,
/// `--field-selector` or `--all`), following `DeleteOptions`: Complete, Validate, RunDelete.
pub fn delete(cluster: &mut Cluster, argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl delete", DELETE_FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    match run_delete(cluster, &p, io) {
        Ok(code) => code,
        Err(e) => fail(io, e),
    }
}

fn run_delete(cluster: &mut Cluster, p: &args::Parsed, io: &mut Io) -> Result<i32, CmdError> {
    let propagation = cascade(p, io)?;
    // Complete.
    let delete_all = p.flag("all");
    let label = p.get("selector").unwrap_or("");
    let field = p.get("field-selector").unwrap_or("");
    let ignore_not_found = if p.has("ignore-not-found") {
        p.flag("ignore-not-found")
    } else {
        delete_all || !label.is_empty() || !field.is_empty()
    };
    let force = p.flag("force");
    let mut grace = p.int("grace-period").unwrap_or(-1);
    if p.flag("now") {
        if grace != -1 {
            return Err(CmdError::Plain("--now and --grace-period cannot be specified together".into()));
        }
        grace = 1;
    }
    if grace == 0 && !force {
        // kubectl turns --grace-period=0 into 1 unless --force says it is meant.
        grace = 1;
    }
    if force && grace < 0 {
        grace = 0;
    }
    let d = dry_run(p)?;
    let request = super::get::resolve_with(
        p,
        io,
        super::get::BuilderOptions { require_selector: true, select_all: delete_all, ..Default::default() },
    )?;
    // Validate.
    if let Some(o) = p.get("output").filter(|o| !o.is_empty() && *o != "name") {
        return Err(CmdError::Plain(format!("unexpected -o output mode: {o}. We only support '-o name'")));
    }
    if force && grace == 0 {
        io.errln("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.");
    } else if force && grace > 0 {
        return Err(CmdError::Plain("--force and --grace-period greater than 0 cannot be specified together".into()));
    }
    // RunDelete: every object the builder visits, in order; named ones are not read first.
    let selectors = super::get::Selectors::of(p);
    let mut warn_cluster_scope = p.has("namespace") && !p.flag("all-namespaces");
    let operation = format!("{}{}", if grace == 0 { "force deleted" } else { "deleted" }, suffix(d));
    let grace = Some(grace).filter(|g| *g >= 0);
    let mut errors = Vec::new();
    let mut found = 0;
    let mut waiting: Vec<(ObjRef, String)> = Vec::new();
    let mut file_errors = request.file_errors.into_iter().peekable();
    for (i, target) in request.targets.into_iter().enumerate() {
        while let Some((_, e)) = file_errors.next_if(|(at, _)| *at <= i) {
            errors.push(e);
        }
        let (refs, source) = match target {
            super::get::Target::Named { kind, namespace, name, source } => {
                (vec![ObjRef::new(kind, namespace, name)], source)
            }
            super::get::Target::List { kind, namespace } => {
                match super::get::list_selected(cluster, kind, namespace.as_deref(), &selectors) {
                    Ok(objects) => (objects.iter().map(ObjRef::of).collect(), None),
                    Err(err) => {
                        errors.push(CmdError::Api { err, context: None });
                        continue;
                    }
                }
            }
        };
        for r in refs {
            // Counted when visited, whether or not the deletion then succeeds.
            found += 1;
            if warn_cluster_scope && !r.kind.namespaced() {
                io.errln("Warning: deleting cluster-scoped resources, not scoped to the provided namespace");
                warn_cluster_scope = false;
            }
            let result = match d {
                DryRun::Client => Ok(None),
                DryRun::Server => cluster
                    .store()
                    .get_ref(&r)
                    .map(|o| Some(o.meta().uid.clone()))
                    .ok_or_else(|| ApiError::not_found(r.kind, &r.key.name)),
                DryRun::None => cluster.delete(&r, Some(propagation), grace).map(|o| Some(o.meta().uid.clone())),
            };
            match result {
                Ok(uid) => {
                    if p.get("output") == Some("name") {
                        io.outlnf(format_args!("{}/{}", r.kind.kind_group(), r.key.name));
                    } else {
                        io.outlnf(format_args!("{} \"{}\" {operation}", r.kind.kind_group(), r.key.name));
                    }
                    if let Some(uid) = uid.filter(|_| d == DryRun::None) {
                        waiting.push((r, uid));
                    }
                }
                Err(ApiError::NotFound { .. }) if ignore_not_found => {}
                Err(err) => errors.push(CmdError::Api {
                    err,
                    context: source.as_ref().map(|name| format!("error when deleting {}", go_quote(name))),
                }),
            }
        }
    }
    errors.extend(file_errors.map(|(_, e)| e));
    if !errors.is_empty() {
        return Ok(fail(io, CmdError::aggregate(errors).unwrap_or(CmdError::Raw(String::new()))));
    }
    if found == 0 {
        io.outln("No resources found");
        return Ok(finish(io, &[]));
    }
    // kubectl waits (--wait defaults to true) until what it deleted is gone: here virtual time
    // runs until then, or until nothing more can happen (a pod on a failed node stays).
    let wait = !p.has("wait") || p.flag("wait");
    if wait && d == DryRun::None {
        cluster.process_due();
        let gone = |c: &Cluster, w: &[(ObjRef, String)]| {
            w.iter().all(|(r, uid)| c.store().get_ref(r).is_none_or(|o| &o.meta().uid != uid))
        };
        while !gone(cluster, &waiting) && !cluster.is_quiet() {
            if !cluster.step() {
                break;
            }
        }
    }
    Ok(finish(io, &[]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::{DirEntry, Files};
    use std::collections::BTreeMap;

    /// In-memory files and directories for the `-f` tests.
    struct Tree(BTreeMap<&'static str, &'static str>);

    impl Files for Tree {
        fn read(&self, path: &str) -> Option<String> {
            self.0.get(path).map(|t| t.to_string())
        }

        fn list_dir(&self, path: &str) -> Option<Vec<DirEntry>> {
            let prefix = format!("{}/", go_clean(path));
            let mut names: Vec<DirEntry> = Vec::new();
            for p in self.0.keys() {
                let Some(rest) = p.strip_prefix(&prefix) else { continue };
                let (name, is_dir) = match rest.split_once('/') {
                    Some((dir, _)) => (dir, true),
                    None => (rest, false),
                };
                if !names.iter().any(|e| e.name == name) {
                    names.push(DirEntry { name: name.to_string(), is_dir });
                }
            }
            // Listed out of order: the walk sorts.
            names.reverse();
            (!names.is_empty()).then_some(names)
        }
    }

    #[test]
    fn paths_are_cleaned_as_go_cleans_them() {
        let cases = [
            ("", "."),
            ("m/", "m"),
            ("./m/a.yaml", "m/a.yaml"),
            ("a//b/../c", "a/c"),
            ("../x/./y", "../x/y"),
            ("/a/../..", "/"),
            ("a/..", "."),
        ];
        for (path, want) in cases {
            assert_eq!(go_clean(path), want, "{path}");
        }
    }

    #[test]
    fn a_directory_gives_its_manifests_in_name_order_and_its_subdirectories_with_recursive() {
        let tree = Tree(BTreeMap::from([
            ("m/b.json", "{}"),
            ("m/a.yaml", "a"),
            ("m/c.txt", "c"),
            ("m/D.YAML", "d"),
            ("m/sub/e.yml", "e"),
            ("m/sub/deeper/f.yaml", "f"),
            ("empty/notes.txt", "n"),
        ]));
        let io = Io::new(None, &tree);
        let names = |files: &[&str], recursive: bool| -> Result<Vec<String>, String> {
            let files: Vec<String> = files.iter().map(|f| f.to_string()).collect();
            read_sources(&io, &files, recursive)
                .map(|s| s.into_iter().map(|s| s.name).collect())
                .map_err(|e| e.single_text())
        };
        let ok = |v: &[&str]| Ok::<Vec<String>, String>(v.iter().map(|s| s.to_string()).collect());
        assert_eq!(names(&["m"], false), ok(&["m/a.yaml", "m/b.json"]));
        assert_eq!(names(&["./m/"], true), ok(&["m/a.yaml", "m/b.json", "m/sub/deeper/f.yaml", "m/sub/e.yml"]));
        assert_eq!(names(&["m/c.txt"], false), ok(&["m/c.txt"]));
        let empty = "error: error reading [empty]: recognized file extensions are [.json .yaml .yml]";
        assert_eq!(names(&["empty", "m/a.yaml"], false), Err(empty.to_string()));
        assert_eq!(names(&["m/a.yaml", "empty"], false), ok(&["m/a.yaml"]));
        assert_eq!(
            names(&["nope", "nope2"], false),
            Err("the path \"nope\" does not exist\nthe path \"nope2\" does not exist".to_string())
        );
    }
}
