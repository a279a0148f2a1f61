//! `kubectl patch`: a strategic merge (default), JSON merge or JSON patch sent to the apiserver,
//! applied there as the apiserver applies it (schema patch strategies, unknown fields as warnings,
//! its refusals word for word), then defaulted, validated and stored like any update. The patch
//! text goes through apimachinery's `yaml.ToJSON` first: text starting with `{` is sent as is,
//! anything else is read as YAML.

pub mod decode;
pub mod go_json;
pub mod gofmt;
pub mod json_patch;
pub mod merge;
pub mod strategic;

use crate::json::{Map, Value};

use super::args::{self, Flag};
use super::mutate::{self, DryRun, Request};
use super::{fail, fail_cobra, fail_plain, namespace_of, CmdError, Io};
use crate::api::{Kind, Object};
use crate::cluster::{ApiError, Cluster};
use crate::manifest::field::go_quote;
use gofmt::{go_compact, go_v};
use strategic::{Schema, SmpError};

const FLAGS: &[Flag] = &[
    Flag::string("output", Some('o')),
    Flag::string("template", None),
    Flag::bool("show-managed-fields", None),
    Flag::bool("allow-missing-template-keys", None),
    Flag::bool("record", None),
    Flag::string("patch", Some('p')),
    Flag::string("patch-file", None),
    Flag::string("type", None),
    Flag::optional("dry-run", "unchanged"),
    Flag::array("filename", Some('f')),
    Flag::string("kustomize", Some('k')),
    Flag::bool("recursive", Some('R')),
    Flag::bool("local", None),
    Flag::string("field-manager", None),
    Flag::string("subresource", None),
];

/// The three patch types `--type` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatchType {
    Strategic,
    Merge,
    Json,
}

/// The most operations the apiserver accepts in one JSON patch.
const MAX_JSON_PATCH_OPERATIONS: usize = 10_000;

/// `kubectl patch`.
pub fn run(cluster: &mut Cluster, _verb: &str, argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl patch", FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    mutate::warn_record(&p, argv, io);
    let dry = match mutate::dry_run(cluster, &p, io) {
        Ok(d) => d,
        Err(e) => return fail(io, e),
    };
    let patch_text = p.get("patch").unwrap_or("").to_string();
    let patch_file = p.get("patch-file").unwrap_or("").to_string();
    let local = p.flag("local");
    let validate = || -> Result<PatchType, CmdError> {
        if !patch_text.is_empty() && !patch_file.is_empty() {
            return Err(CmdError::Plain("cannot specify --patch and --patch-file together".into()));
        }
        if patch_text.is_empty() && patch_file.is_empty() {
            return Err(CmdError::Plain(
                "must specify --patch or --patch-file containing the contents of the patch".into(),
            ));
        }
        if local && !p.args.is_empty() {
            return Err(CmdError::Plain("cannot specify --local and server resources".into()));
        }
        if local && dry == DryRun::Server {
            return Err(CmdError::Plain(
                "cannot specify --local and --dry-run=server - did you mean --dry-run=client?".into(),
            ));
        }
        match p.get("type").unwrap_or("strategic").to_ascii_lowercase().as_str() {
            "" | "strategic" => Ok(PatchType::Strategic),
            "merge" => Ok(PatchType::Merge),
            "json" => Ok(PatchType::Json),
            _ => Err(CmdError::Plain(format!(
                "--type must be one of [json merge strategic], not {}",
                go_quote(p.get("type").unwrap_or(""))
            ))),
        }
    };
    let ty = match validate() {
        Ok(t) => t,
        Err(e) => return fail(io, e),
    };
    let raw = if patch_file.is_empty() {
        patch_text.clone()
    } else {
        match io.files.read(&patch_file) {
            Some(t) => t,
            None => {
                return fail_plain(
                    io,
                    format!("unable to read patch file: open {patch_file}: no such file or directory"),
                )
            }
        }
    };
    // The error names `--patch` even when the text came from `--patch-file` (kubectl's own quirk).
    let body = match to_json(&raw) {
        Ok(b) => b,
        Err(e) => return fail_plain(io, format!("unable to parse {}: {e}", go_quote(&patch_text))),
    };
    let ns = namespace_of(&p);
    if local || !p.all("filename").is_empty() {
        return fail_plain(io, "kubeplay: kubectl patch -f and --local are not available in this playground; name the object (kubectl patch TYPE NAME -p ...)".into(),);
    }
    let selected = match mutate::select(
        cluster,
        &Request {
            args: &p.args,
            all: false,
            selector: None,
            field_selector: None,
            all_namespaces: false,
            namespace: &ns,
        },
    ) {
        Ok(s) => s,
        Err(e) => return fail(io, e),
    };
    let cause = p.flag("record").then(|| mutate::change_cause(&["patch"], FLAGS, argv));
    let mut errors = Vec::new();
    let mut count = 0;
    for current in &selected.objects {
        count += 1;
        if dry == DryRun::Client {
            match local_patch(current, ty, &body) {
                Ok(patched) => {
                    let changed = patched != current.to_printed_value();
                    let op = if changed { "patched" } else { "patched (no change)" };
                    match mutate::output(&p) {
                        Ok(out) => mutate::print(io, out, current.kind(), &patched, op, dry),
                        Err(e) => errors.push(e),
                    }
                }
                Err(e) => errors.push(e),
            }
            continue;
        }
        match server_patch(cluster, current, ty, &body, dry == DryRun::Server, io) {
            Ok(mut patched) => {
                let changed = differs(current, &patched);
                if let Some(cause) = &cause {
                    let mut value = patched.to_value();
                    mutate::record(&mut value, cause);
                    if value != patched.to_value() {
                        if let Ok(o) = cluster.update_value(current.kind(), value, dry == DryRun::Server) {
                            patched = o;
                        }
                    }
                }
                let op = if changed { "patched" } else { "patched (no change)" };
                match mutate::output(&p) {
                    Ok(out) => mutate::print(io, out, current.kind(), &patched.to_printed_value(), op, dry),
                    Err(e) => errors.push(e),
                }
            }
            Err(e) => errors.push(e),
        }
    }
    errors.extend(selected.errors);
    if count == 0 && errors.is_empty() {
        errors.push(CmdError::Plain("no objects passed to patch".into()));
    }
    mutate::finish_all(io, errors)
}

/// Whether the apiserver's answer differs from the object fetched before (`reflect.DeepEqual`),
/// ignoring the resourceVersion a dry run does not assign.
fn differs(before: &Object, after: &Object) -> bool {
    let mut a = before.clone();
    let mut b = after.clone();
    a.meta_mut().resource_version.clear();
    b.meta_mut().resource_version.clear();
    a != b
}

/// apimachinery `yaml.ToJSON`: text that starts with `{` (after white space) is taken as JSON as
/// is; anything else is YAML (its first document) converted to JSON text.
pub fn to_json(raw: &str) -> Result<String, String> {
    if raw.trim_start().starts_with('{') {
        return Ok(raw.to_string());
    }
    let chunks = crate::manifest::split_documents(raw).map_err(|e| match e {
        crate::manifest::ReadError::Yaml { error, .. } => error.to_string(),
        other => other.to_string(),
    })?;
    let mut iter = chunks.into_iter();
    let first = iter.next();
    // A stream that opens with `---` starts its first document after the marker.
    let (start_line, chunk) = match first {
        Some((_, text)) if raw.starts_with("---") && text.trim().is_empty() => iter.next().unwrap_or((1, "")),
        Some(c) => c,
        None => (1, ""),
    };
    match crate::manifest::yaml::parse_document(chunk) {
        Ok(Some(node)) => Ok(go_compact(&node.to_json())),
        Ok(None) => Ok("null".into()),
        Err(mut e) => {
            if e.reported_line > 0 {
                e.reported_line += start_line.saturating_sub(1);
            }
            Err(e.to_string())
        }
    }
}

/// What encoding/json calls a value that is not the expected object or array.
fn json_word(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn bad_request(message: String) -> CmdError {
    CmdError::Api { err: ApiError::BadRequest(message), context: None }
}

/// kubectl's text for a 422 whose details name no kind and no object (`checkErr`).
fn request_invalid(detail: String) -> CmdError {
    CmdError::Raw(format!("The request is invalid: {detail}"))
}

/// The patch body decoded as the apiserver decodes it into a map (`kjson.UnmarshalStrict`).
fn patch_map(body: &str, prefix: &str) -> Result<Option<Map<String, Value>>, CmdError> {
    let v = go_json::parse(body).map_err(|e| bad_request(format!("{prefix}{e}")))?;
    match v {
        Value::Object(m) => Ok(Some(m)),
        Value::Null => Ok(None),
        other => Err(bad_request(format!(
            "{prefix}json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            json_word(&other)
        ))),
    }
}

/// The operations of a JSON patch as the apiserver decodes them (`[]jsonPatchOp`).
fn patch_operations(body: &str) -> Result<Vec<json_patch::Operation>, CmdError> {
    let prefix = "error decoding patch: ";
    let v = go_json::parse(body).map_err(|e| bad_request(format!("{prefix}{e}")))?;
    let items = match v {
        Value::Array(items) => items,
        Value::Null => Vec::new(),
        other => {
            return Err(bad_request(format!(
                "{prefix}json: cannot unmarshal {} into Go value of type []handlers.jsonPatchOp",
                json_word(&other)
            )))
        }
    };
    let mut ops = Vec::new();
    for item in items {
        match item {
            Value::Object(m) => {
                for member in ["op", "path", "from"] {
                    if let Some(v) = m.get(member).filter(|v| !v.is_null() && !v.is_string()) {
                        return Err(bad_request(format!(
                            "{prefix}json: cannot unmarshal {} into Go struct field jsonPatchOp.{member} of type string",
                            json_word(v)
                        )));
                    }
                }
                ops.push(m);
            }
            Value::Null => ops.push(Map::new()),
            other => {
                return Err(bad_request(format!(
                    "{prefix}json: cannot unmarshal {} into Go value of type handlers.jsonPatchOp",
                    json_word(&other)
                )))
            }
        }
    }
    if ops.len() > MAX_JSON_PATCH_OPERATIONS {
        return Err(CmdError::Api {
            err: ApiError::Other {
                reason: "RequestEntityTooLarge".into(),
                message: format!(
                    "Request entity too large: The allowed maximum operations in a JSON patch is {MAX_JSON_PATCH_OPERATIONS}, got {}",
                    ops.len()
                ),
            },
            context: None,
        });
    }
    Ok(ops)
}

fn smp_error(e: SmpError) -> CmdError {
    match e {
        SmpError::BadRequest(m) => bad_request(m),
        SmpError::Unprocessable(_) => {
            request_invalid("the server rejected our request due to an error in our request".into())
        }
        SmpError::Other(m) => CmdError::Raw(format!("Error from server: {m}")),
    }
}

/// The PATCH request: the patch applied to the stored object, decoded, then updated as the
/// apiserver updates (name check, resourceVersion precondition, defaults, validation).
pub fn server_patch(
    cluster: &mut Cluster,
    current: &Object,
    ty: PatchType,
    body: &str,
    dry_run: bool,
    io: &mut Io,
) -> Result<Object, CmdError> {
    let kind = current.kind();
    let definition = kind.info().definition;
    let Value::Object(original) = current.to_printed_value() else {
        return Err(CmdError::Plain("kubeplay: the stored object is not a JSON object".into()));
    };
    // The patched object's JSON, which a JSON or merge patch's decode errors show.
    let mut patched_text = None;
    let decoded = match ty {
        PatchType::Strategic => {
            let patch = patch_map(body, "")?.unwrap_or_default();
            let shown = go_v(&Value::Object(patch.clone()));
            let schema = crate::manifest::schema::definition(definition).map_or(Schema::Free, Schema::Struct);
            let merged = strategic::apply(original, patch, schema).map_err(smp_error)?;
            decode::from_unstructured(definition, Value::Object(merged))
                .map_err(|e| request_invalid(format!("patch: Invalid value: {}: {e}", go_quote(&shown))))?
        }
        PatchType::Merge => {
            let Some(patch) = patch_map(body, "error decoding patch: ")? else {
                return Err(bad_request("Invalid JSON Patch".into()));
            };
            let merged = Value::Object(merge::apply(original, patch));
            let text = go_compact(&merged);
            let decoded = decode::from_json(definition, merged)
                .map_err(|e| request_invalid(format!("patch: Invalid value: {}: {e}", go_quote(&text))))?;
            patched_text = Some(text);
            decoded
        }
        PatchType::Json => {
            let ops = patch_operations(body)?;
            let patched = json_patch::apply(Value::Object(original), &ops).map_err(|_| {
                request_invalid("the server rejected our request due to an error in our request".into())
            })?;
            let text = go_compact(&patched);
            if !patched.is_object() {
                return Err(request_invalid(format!(
                    "patch: Invalid value: {}: json: cannot unmarshal {} into Go value of type {}",
                    go_quote(&text),
                    json_word(&patched),
                    crate::manifest::schema::definition(definition).map_or(String::new(), |d| d.go_type())
                )));
            }
            let decoded = decode::from_json(definition, patched)
                .map_err(|e| request_invalid(format!("patch: Invalid value: {}: {e}", go_quote(&text))))?;
            patched_text = Some(text);
            decoded
        }
    };
    // Decoding converts to the internal version as well: a JSON or merge patch reports a
    // conversion error as its decode error, a strategic one passes it on as it is (a 500 without
    // a reason, `smpPatcher.applyPatchToCurrentObject`).
    if let Some(e) = crate::cluster::apiserver::conversion_error(kind, &decoded.value) {
        return Err(match patched_text {
            Some(text) => request_invalid(format!("patch: Invalid value: {}: {e}", go_quote(&text))),
            None => CmdError::Api { err: ApiError::Other { reason: String::new(), message: e }, context: None },
        });
    }
    for w in &decoded.warnings {
        io.errlnf(format_args!("Warning: {w}"));
    }
    let value = decoded.value;
    let name = value.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("");
    if name != current.name() {
        return Err(bad_request(format!(
            "the name of the object ({name}) does not match the name on the URL ({})",
            current.name()
        )));
    }
    if kind.namespaced() {
        let ns = value.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or("");
        if !ns.is_empty() && ns != current.namespace() {
            return Err(bad_request(format!(
                "the namespace of the object ({ns}) does not match the namespace on the request ({})",
                current.namespace()
            )));
        }
    }
    let rv = value.pointer("/metadata/resourceVersion").and_then(Value::as_str).unwrap_or("");
    mutate::check_resource_version(current, rv).map_err(|err| CmdError::Api { err, context: None })?;
    update(cluster, kind, value, dry_run)
}

/// An update of the object, its refusal as kubectl prints it.
pub fn update(cluster: &mut Cluster, kind: Kind, value: Value, dry_run: bool) -> Result<Object, CmdError> {
    cluster.update_value(kind, value, dry_run).map_err(|err| CmdError::Api { err, context: None })
}

/// `getPatchedJSON`: the patch applied on the client for `--dry-run=client`, without the
/// apiserver's decoding or validation; errors read as the client libraries word them.
fn local_patch(current: &Object, ty: PatchType, body: &str) -> Result<Value, CmdError> {
    let original = current.to_printed_value();
    match ty {
        PatchType::Json => {
            let ops: Vec<json_patch::Operation> = match go_json::parse(body) {
                Ok(Value::Array(items)) => {
                    items.into_iter().map(|i| i.as_object().cloned().unwrap_or_default()).collect()
                }
                Ok(other) => {
                    return Err(CmdError::Plain(format!(
                        "json: cannot unmarshal {} into Go value of type jsonpatch.Patch",
                        json_word(&other)
                    )))
                }
                Err(e) => return Err(CmdError::Plain(e)),
            };
            json_patch::apply(original, &ops).map_err(|e| match e.split_once("doc is missing key: ") {
                Some((_, key)) => CmdError::Plain(format!(
                    "Object to be patched is missing field ({})",
                    key.trim_end_matches(": missing value")
                )),
                None => CmdError::Plain(e),
            })
        }
        PatchType::Merge => {
            let Ok(v) = go_json::parse(body) else { return Err(CmdError::Plain("Invalid JSON Patch".into())) };
            match (original, v) {
                (Value::Object(o), Value::Object(p)) => Ok(Value::Object(merge::apply(o, p))),
                (_, Value::Array(_)) => Err(CmdError::Plain(
                    "json: cannot unmarshal array into Go value of type unstructured.detector".into(),
                )),
                _ => Err(CmdError::Plain("Invalid JSON Patch".into())),
            }
        }
        PatchType::Strategic => {
            let Ok(v) = go_json::parse(body) else { return Err(CmdError::Plain("invalid JSON document".into())) };
            let patch = match v {
                Value::Object(m) => m,
                Value::Null => Map::new(),
                _ => return Err(CmdError::Plain("invalid JSON document".into())),
            };
            let Value::Object(o) = original else { return Err(CmdError::Plain("invalid JSON document".into())) };
            let schema = crate::manifest::schema::definition(current.kind().info().definition)
                .map_or(Schema::Free, Schema::Struct);
            strategic::apply(o, patch, schema).map(Value::Object).map_err(|e| match e {
                SmpError::BadRequest(m) | SmpError::Unprocessable(m) | SmpError::Other(m) => CmdError::Plain(m),
            })
        }
    }
}

#[cfg(test)]
mod tests;
