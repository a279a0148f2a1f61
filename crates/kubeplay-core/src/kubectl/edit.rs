//! `kubectl edit`: the object opened as YAML (or JSON with `-o json`) under kubectl's comment
//! header, the saved text sent back as a patch, as editoptions.go does it. A script supplies the
//! edited text as standard input (`kubectl edit deploy/web <<EOF`); otherwise the host's
//! [`Editor`](super::Editor) (the CLI's $EDITOR, the page's editor) opens it. A save that fails
//! validation reopens the buffer with the reasons in its header, as kubectl does; standard input
//! cannot be edited twice, so there the reopened buffer comes back unchanged and the edit ends
//! with kubectl's "no valid changes" message (the reasons are shown as hints).

use crate::json::{Map, Value};

use super::args::{self, Flag, Parsed};
use super::mutate::{self, Request};
use super::patch::decode;
use super::patch::gofmt::go_v;
use super::{fail, fail_cobra, namespace_of, CmdError, Io};
use crate::api::{Kind, Object};
use crate::cluster::{ApiError, Cluster};
use crate::manifest::decode::{self as manifest_decode, client_checks_with};
use crate::manifest::field::go_quote;

const FLAGS: &[Flag] = &[
    Flag::string("output", Some('o')),
    Flag::string("template", None),
    Flag::bool("show-managed-fields", None),
    Flag::bool("allow-missing-template-keys", None),
    Flag::bool("record", None),
    Flag::array("filename", Some('f')),
    Flag::string("kustomize", Some('k')),
    Flag::bool("recursive", Some('R')),
    Flag::bool("output-patch", None),
    Flag::bool("windows-line-endings", None),
    Flag::bool("save-config", None),
    Flag::optional("validate", "strict"),
    Flag::string("field-manager", None),
    Flag::string("subresource", None),
];

/// The header editoptions.go writes above the object (`editHeader.writeTo`, normal mode).
const HEADER: &str = "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n";

/// kubectl's default editor when neither KUBE_EDITOR nor EDITOR is set.
const DEFAULT_EDITOR: &str = "vi";

/// `--validate`'s directive (`GetValidationDirective`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Validation {
    Strict,
    Warn,
    Ignore,
}

/// One reason shown in the reopened buffer's header (`editReason`).
struct Reason {
    head: String,
    other: Vec<String>,
}

/// `kubectl edit`.
pub fn run(cluster: &mut Cluster, _verb: &str, argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl edit", FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    mutate::warn_record(&p, argv, io);
    match edit(cluster, &p, argv, io) {
        Ok(code) => {
            let hints = std::mem::take(&mut io.hints);
            for h in hints {
                io.errlnf(format_args!("hint: {h}"));
            }
            code
        }
        Err(e) => fail(io, e),
    }
}

fn edit(cluster: &mut Cluster, p: &Parsed, argv: &[String], io: &mut Io) -> Result<i32, CmdError> {
    let json = p.get("output") == Some("json");
    if !p.all("filename").is_empty() {
        return Err(CmdError::Plain(
            "kubeplay: kubectl edit -f is not available in this playground; name the object (kubectl edit TYPE/NAME)"
                .into(),
        ));
    }
    let ns = namespace_of(p);
    let selected = mutate::select(
        cluster,
        &Request {
            args: &p.args,
            all: true,
            selector: None,
            field_selector: None,
            all_namespaces: false,
            namespace: &ns,
        },
    )?;
    let validation = match p.get("validate").unwrap_or("strict") {
        "1" | "t" | "T" | "true" | "TRUE" | "True" | "strict" => Validation::Strict,
        "0" | "f" | "F" | "false" | "FALSE" | "False" | "ignore" => Validation::Ignore,
        "warn" => Validation::Warn,
        other => {
            return Err(CmdError::Plain(format!(
                "invalid - validate option {}; must be one of: strict (or true), warn, ignore (or false)",
                go_quote(other)
            )))
        }
    };
    if !selected.errors.is_empty() {
        return Ok(mutate::finish_all(io, selected.errors));
    }
    if selected.objects.is_empty() {
        return Err(CmdError::Plain("edit cancelled, no objects found".into()));
    }
    let originals = selected.objects;
    let original_value = if originals.len() == 1 {
        originals[0].to_printed_value()
    } else {
        super::json::obj! {
            "apiVersion": "v1",
            "items": originals.iter().map(Object::to_printed_value).collect::<Vec<_>>(),
            "kind": "List",
            "metadata": super::json::obj!{},
        }
    };
    let body = if json { super::json::to_json(&original_value) } else { super::yaml::to_yaml(&original_value) };
    let original_text = if json { body.clone() } else { format!("{HEADER}{body}") };
    let salt = format!("kubectl-edit-{}/{}", originals[0].kind().name(), originals[0].name());
    let mut rng = mutate::local_rng(cluster, &salt);
    let file = format!("/tmp/kubectl-edit-{}.{}", rng.next_u64() as u32, if json { "json" } else { "yaml" });
    let cause = p.flag("record").then(|| mutate::change_cause(&["edit"], FLAGS, argv));
    let mut buffer = original_text.clone();
    let mut previous: Option<String> = None;
    let mut launched_stdin = false;
    let mut reasons_seen: Vec<Reason> = Vec::new();
    loop {
        let edited = if let Some(text) = io.stdin {
            if launched_stdin {
                // A reopened buffer that standard input cannot change: saved as shown.
                buffer.clone()
            } else {
                launched_stdin = true;
                text.to_string()
            }
        } else if let Some(editor) = io.editor {
            match editor.edit(&file, &buffer) {
                Some(t) => t,
                None => {
                    return Err(CmdError::Plain(format!(
                        "there was a problem with the editor {}",
                        go_quote(DEFAULT_EDITOR)
                    )))
                }
            }
        } else {
            return Err(CmdError::Plain(format!("unable to launch the editor {}", go_quote(DEFAULT_EDITOR))));
        };
        if let Some(prev) = &previous {
            if strip_comments(prev) == strip_comments(&edited) {
                for r in &reasons_seen {
                    io.hints.push(reason_text(r));
                }
                io.errlnf(format_args!("A copy of your changes has been stored to {}", go_quote(&file)));
                return Err(CmdError::Plain("Edit cancelled, no valid changes were saved.".into()));
            }
        }
        let mut reasons = Vec::new();
        // The schema validator (unless --validate=false) reads the whole file's first document
        // for its apiVersion and kind; the edit is then reopened.
        let invalid = if validation == Validation::Ignore { None } else { validation_problem(&edited) };
        if let Some(problem) = invalid {
            let (resource, name) = (originals[0].kind().group_resource(), go_quote(originals[0].name()));
            io.errlnf(format_args!("error: {resource} {name} is invalid"));
            reasons.push(Reason {
                head: format!("{resource} {name} was not valid"),
                other: vec![format!("<nil>: Invalid value: \"The edited file failed validation\": {problem}")],
            });
        } else if strip_comments(&original_text) == strip_comments(&edited) {
            io.errln("Edit cancelled, no changes made.");
            return Ok(0);
        }
        if reasons.is_empty() && !edited.lines().any(|l| !l.trim().is_empty() && !l.trim().starts_with('#')) {
            io.errln("Edit cancelled, saved file was empty.");
            return Ok(0);
        }
        let parsed = if reasons.is_empty() { parse_edited(&edited) } else { Ok(Vec::new()) };
        let outcome = match parsed {
            Err(syntax) => {
                reasons
                    .push(Reason { head: format!("The edited file had a syntax error: {syntax}"), other: Vec::new() });
                Outcome::default()
            }
            Ok(items) => apply_edits(cluster, p, &originals, items, validation, cause.as_deref(), &mut reasons, io)?,
        };
        if outcome.retryable > 0 {
            io.errlnf(format_args!("You can run `kubectl replace -f {file}` to try this update again."));
            return Ok(1);
        }
        if outcome.not_found > 0 {
            io.errlnf(format_args!("The edits you made on deleted resources have been saved to {}", go_quote(&file)));
            return Ok(1);
        }
        if reasons.is_empty() {
            return Ok(0);
        }
        // Reopen: the header with the reasons, then the edited text without its comments.
        let mut text = String::from(if json { "" } else { HEADER });
        for r in &reasons {
            text.push_str(&format!("# {}{}\n", hash_on_line_break(&r.head), if r.other.is_empty() { "" } else { ":" }));
            for o in &r.other {
                text.push_str(&format!("# * {}\n", hash_on_line_break(o)));
            }
            text.push_str("#\n");
        }
        text.push_str(&manual_strip(&edited));
        previous = Some(edited);
        buffer = text;
        reasons_seen = reasons;
    }
}

fn reason_text(r: &Reason) -> String {
    if r.other.is_empty() {
        r.head.clone()
    } else {
        format!("{}: {}", r.head, r.other.join("; "))
    }
}

/// `hashOnLineBreak`.
fn hash_on_line_break(s: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = s.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c == '\n' && chars.get(i + 1).is_some_and(|n| *n != '#') {
            out.push_str("\n# ");
        } else {
            out.push(*c);
        }
    }
    out
}

/// `cmdutil.ManualStrip`: lines starting with `#` (but not `#!`) removed.
fn manual_strip(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if t.starts_with('#') && !t.starts_with("#!") {
            continue;
        }
        out.push_str(line);
        if i + 1 < lines.len() {
            out.push('\n');
        }
    }
    out
}

/// `cmdutil.StripComments`: the text as JSON when it reads as YAML (so formatting and comments do
/// not count), else the text without comment lines.
fn strip_comments(text: &str) -> String {
    match super::patch::to_json(text) {
        Ok(j) => match super::patch::go_json::parse(&j) {
            Ok(v) => crate::json::to_string(&v).unwrap_or(j),
            Err(_) => j,
        },
        Err(_) => manual_strip(text),
    }
}

/// One object of the edited text.
struct EditedItem {
    kind: Kind,
    name: String,
    api_version: String,
    value: Value,
}

/// `paramVerifyingSchema.ValidateBytes` on the edited text: `getObjectKind`'s problems with its
/// first document, as their aggregate's text.
fn validation_problem(text: &str) -> Option<String> {
    let (docs, _) = crate::manifest::read_stream(text);
    let doc = docs.first()?;
    match client_checks_with(doc, manifest_decode::Validation::Strict, None) {
        Err(manifest_decode::ClientError::Validating { problems, .. }) => Some(match problems.as_slice() {
            [one] => one.clone(),
            many => format!("[{}]", many.join(", ")),
        }),
        _ => None,
    }
}

/// The stream builder over the edited text: every document (a List's items flattened) must be a
/// known kind; a failure is the syntax-error reason.
fn parse_edited(text: &str) -> Result<Vec<EditedItem>, String> {
    const SOURCE: &str = "edited-file";
    let (docs, read_error) = crate::manifest::read_stream(text);
    if let Some(e) = read_error {
        return Err(format!("error parsing {SOURCE}: {e}"));
    }
    let mut items = Vec::new();
    for doc in &docs {
        let value = doc.node.to_json();
        if value.get("kind").and_then(Value::as_str) == Some("List") {
            for item in value.get("items").and_then(Value::as_array).cloned().unwrap_or_default() {
                let node = super::patch::gofmt::to_node(&item);
                let d = crate::manifest::Document { first_line: doc.first_line, node };
                let (kind, name, _) =
                    client_checks_with(&d, manifest_decode::Validation::Ignore, None).map_err(|e| e.text(SOURCE))?;
                let api_version = item.get("apiVersion").and_then(Value::as_str).unwrap_or("").to_string();
                items.push(EditedItem { kind, name, api_version, value: item });
            }
            continue;
        }
        let (kind, name, _) =
            client_checks_with(doc, manifest_decode::Validation::Ignore, None).map_err(|e| e.text(SOURCE))?;
        let api_version = value.get("apiVersion").and_then(Value::as_str).unwrap_or("").to_string();
        items.push(EditedItem { kind, name, api_version, value });
    }
    Ok(items)
}

/// What saving did, counted as `editResults` counts it.
#[derive(Default)]
struct Outcome {
    retryable: usize,
    not_found: usize,
}

/// `visitAnnotation` + `visitToPatch` over the edited objects.
#[allow(clippy::too_many_arguments)]
fn apply_edits(
    cluster: &mut Cluster,
    p: &Parsed,
    originals: &[Object],
    items: Vec<EditedItem>,
    validation: Validation,
    cause: Option<&str>,
    reasons: &mut Vec<Reason>,
    io: &mut Io,
) -> Result<Outcome, CmdError> {
    let mut outcome = Outcome::default();
    for mut item in items {
        if let Some(cause) = cause {
            mutate::record(&mut item.value, cause);
        }
        if p.flag("save-config") {
            let recorded = crate::manifest::merge::last_applied_json(&item.value);
            mutate::set_annotation(&mut item.value, crate::manifest::merge::LAST_APPLIED, &recorded);
        }
        // kubectl pairs each edited object with its original by UID. A heredoc rarely carries the
        // UID, so kubeplay pairs an edited object without one by kind and name (or with the only object).
        let uid = item.value.pointer("/metadata/uid").and_then(Value::as_str).unwrap_or("");
        let found = if uid.is_empty() {
            originals.iter().find(|o| o.kind() == item.kind && o.name() == item.name).or(if originals.len() == 1 {
                originals.first()
            } else {
                None
            })
        } else {
            originals.iter().find(|o| o.meta().uid == uid)
        };
        let Some(original) = found else {
            return Err(CmdError::Plain(format!(
                "no original object found for &unstructured.Unstructured{{Object:{}}}",
                go_v(&item.value)
            )));
        };
        let original_value = original.to_printed_value();
        if strip_value(&original_value) == strip_value(&item.value) {
            print_result(io, p, original.kind(), &item.value, "skipped")?;
            continue;
        }
        if item.kind != original.kind()
            || item.api_version != original.kind().api_version()
            || item.name != original.name()
        {
            return Err(CmdError::Plain("At least one of apiVersion, kind and name was changed".into()));
        }
        let resource = original.kind().group_resource();
        match save(cluster, original, item.value, validation, io) {
            Ok(stored) => print_result(io, p, original.kind(), &stored.to_printed_value(), "edited")?,
            Err(err) => match err {
                ApiError::Invalid { errors, .. } => {
                    io.errlnf(format_args!("error: {resource} {} is invalid", go_quote(original.name())));
                    reasons.push(Reason {
                        head: format!("{resource} {} was not valid", go_quote(original.name())),
                        other: errors.iter().map(ToString::to_string).collect(),
                    });
                }
                ApiError::NotFound { .. } => {
                    io.errlnf(format_args!(
                        "error: {resource} {} could not be found on the server",
                        go_quote(original.name())
                    ));
                    outcome.not_found += 1;
                }
                other => {
                    io.errlnf(format_args!(
                        "error: {resource} {} could not be patched: {}",
                        go_quote(original.name()),
                        other.message()
                    ));
                    outcome.retryable += 1;
                }
            },
        }
    }
    Ok(outcome)
}

/// The JSON `reflect.DeepEqual` compares (`encodeToJSON`).
fn strip_value(v: &Value) -> String {
    crate::json::to_string(v).unwrap_or_default()
}

fn print_result(io: &mut Io, p: &Parsed, kind: Kind, value: &Value, operation: &str) -> Result<(), CmdError> {
    let out = mutate::output(p)?;
    mutate::print(io, out, kind, value, operation, mutate::DryRun::None);
    Ok(())
}

/// The two-way patch as the apiserver's messages show it (`%+v` of the patch map): what changed,
/// removed keys as `<nil>`.
fn patch_map(original: &Value, edited: &Value) -> Value {
    match (original, edited) {
        (Value::Object(o), Value::Object(e)) => {
            let mut out = Map::new();
            for (k, v) in e {
                match o.get(k) {
                    Some(ov) if ov == v => {}
                    Some(ov) if ov.is_object() && v.is_object() => {
                        out.insert(k.clone(), patch_map(ov, v));
                    }
                    _ => {
                        out.insert(k.clone(), v.clone());
                    }
                }
            }
            for k in o.keys() {
                if !e.contains_key(k) {
                    out.insert(k.clone(), Value::Null);
                }
            }
            Value::Object(out)
        }
        _ => edited.clone(),
    }
}

/// The PATCH: decoded with `--validate`'s directive, then updated as any update.
fn save(
    cluster: &mut Cluster,
    original: &Object,
    edited: Value,
    validation: Validation,
    io: &mut Io,
) -> Result<Object, ApiError> {
    let shown = go_v(&patch_map(&original.to_printed_value(), &edited));
    let invalid = |detail: String| ApiError::Invalid {
        kind: String::new(),
        group_kind: String::new(),
        name: String::new(),
        errors: vec![crate::manifest::field::FieldError::invalid("patch", go_quote(&shown), detail)],
    };
    let decoded = decode::from_unstructured(original.kind().info().definition, edited).map_err(invalid)?;
    match validation {
        Validation::Strict if !decoded.warnings.is_empty() => {
            return Err(invalid(format!("strict decoding error: {}", decoded.warnings.join(", "))));
        }
        Validation::Warn => {
            for w in &decoded.warnings {
                io.errlnf(format_args!("Warning: {w}"));
            }
        }
        _ => {}
    }
    cluster.update_value(original.kind(), decoded.value, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kubectl::Editor;
    use crate::shell::NoFiles;
    use std::cell::RefCell;

    /// An editor that answers from a script and remembers what it was shown.
    struct Scripted {
        answers: RefCell<Vec<Option<String>>>,
        shown: RefCell<Vec<String>>,
    }

    impl Editor for Scripted {
        fn edit(&self, _name: &str, text: &str) -> Option<String> {
            self.shown.borrow_mut().push(text.to_string());
            let mut answers = self.answers.borrow_mut();
            if answers.is_empty() {
                Some(text.to_string())
            } else {
                answers.remove(0)
            }
        }
    }

    fn cluster_with_web() -> Cluster {
        let mut c = Cluster::new(1);
        let mut io = Io::new(None, &NoFiles);
        let words: Vec<String> = "create deployment web --image=nginx:1.25".split(' ').map(str::to_string).collect();
        assert_eq!(crate::kubectl::run(&mut c, &words, &mut io), 0);
        c
    }

    fn edit_with(c: &mut Cluster, editor: &Scripted) -> (i32, String, String) {
        let mut io = Io::new(None, &NoFiles);
        io.editor = Some(editor);
        let words: Vec<String> = vec!["edit".into(), "deploy/web".into()];
        let code = crate::kubectl::run(c, &words, &mut io);
        (code, io.out.into(), io.err.into())
    }

    #[test]
    fn an_editor_that_saves_the_text_unchanged_cancels_the_edit() {
        let mut c = cluster_with_web();
        let editor = Scripted { answers: RefCell::new(vec![]), shown: RefCell::new(vec![]) };
        let (code, out, err) = edit_with(&mut c, &editor);
        assert_eq!((code, out.as_str(), err.as_str()), (0, "", "Edit cancelled, no changes made.\n"));
        let shown = editor.shown.borrow();
        assert!(shown[0].starts_with(HEADER), "{}", shown[0]);
        assert!(shown[0].contains("\nkind: Deployment\n"));
    }

    #[test]
    fn an_invalid_save_reopens_with_the_reasons_and_a_fixed_one_is_applied() {
        let mut c = cluster_with_web();
        let first = Scripted { answers: RefCell::new(vec![]), shown: RefCell::new(vec![]) };
        let _ = edit_with(&mut c, &first);
        let original = first.shown.borrow()[0].clone();
        let invalid = original.replace("replicas: 1\n", "replicas: -1\n");
        let fixed = original.replace("replicas: 1\n", "replicas: 2\n");
        let editor = Scripted { answers: RefCell::new(vec![Some(invalid), Some(fixed)]), shown: RefCell::new(vec![]) };
        let (code, out, err) = edit_with(&mut c, &editor);
        assert_eq!((code, out.as_str()), (0, "deployment.apps/web edited\n"), "{err}");
        assert_eq!(err, "error: deployments.apps \"web\" is invalid\n");
        let reopened = editor.shown.borrow()[1].clone();
        assert!(
            reopened.starts_with(&format!(
                "{HEADER}# deployments.apps \"web\" was not valid:\n# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n#\napiVersion: apps/v1\n"
            )),
            "{reopened}"
        );
    }

    #[test]
    fn an_editor_that_fails_ends_the_edit_with_kubectls_error() {
        let mut c = cluster_with_web();
        let editor = Scripted { answers: RefCell::new(vec![None]), shown: RefCell::new(vec![]) };
        let (code, _, err) = edit_with(&mut c, &editor);
        assert_eq!((code, err.as_str()), (1, "error: there was a problem with the editor \"vi\"\n"));
    }

    #[test]
    fn comments_are_stripped_as_kubectl_strips_them() {
        assert_eq!(manual_strip("# a\n  # b\n#!keep\nx: 1\n"), "#!keep\nx: 1\n");
        assert_eq!(hash_on_line_break("a\nb\n#c"), "a\n# b\n#c");
    }
}
