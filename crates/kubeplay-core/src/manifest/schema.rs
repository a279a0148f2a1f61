//! The Kubernetes OpenAPI definitions of the kinds kubeplay serves, and strict decoding of a
//! manifest against them, as the apiserver decodes with fieldValidation=Strict: type errors in
//! Go's encoding/json wording, unknown fields listed.
//!
//! The definitions come from generated tables (`schema_data.rs`, made by `scripts/gen-schema.py`);
//! [`definition`] and [`Def`] read them for other modules (strategic merge, `kubectl explain`).

#[rustfmt::skip]
#[path = "schema_data.rs"]
mod data;
mod go;

use std::fmt;

use crate::manifest::yaml::{Node, NodeValue, Pos};

const NONE: u16 = u16::MAX;
const REQUIRED: u16 = 0x8000;

fn text(id: u16) -> &'static str {
    let at = data::STR_AT.get(usize::from(id)).copied().unwrap_or(0);
    let len = data::STR_LEN.get(usize::from(id)).copied().unwrap_or(0);
    data::TEXT.get(usize::from(at)..usize::from(at) + usize::from(len)).unwrap_or("")
}

fn row<const N: usize>(table: &'static [[u16; N]], index: u16) -> [u16; N] {
    table.get(usize::from(index)).copied().unwrap_or([NONE; N])
}

/// The definition named `name`, e.g. "io.k8s.api.apps.v1.Deployment".
pub fn definition(name: &str) -> Option<Def> {
    let (package, go_name) = name.rsplit_once('.')?;
    let package = data::PACKAGES.iter().position(|&p| text(p) == package)?;
    let package = u16::try_from(package).ok()?;
    let count = data::DEFS.len().saturating_sub(1);
    let defs = data::DEFS.get(..count)?;
    let index = defs.binary_search_by(|d| (d[0], text(d[1])).cmp(&(package, go_name))).ok()?;
    Some(Def(u16::try_from(index).ok()?))
}

/// Every definition, sorted by package and Go name.
pub fn definitions() -> impl Iterator<Item = Def> {
    let count = u16::try_from(data::DEFS.len().saturating_sub(1)).unwrap_or(0);
    (0..count).map(Def)
}

/// One OpenAPI definition: a Go struct of the Kubernetes API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Def(u16);

impl Def {
    /// The package part of the definition name, e.g. "io.k8s.api.apps.v1".
    pub fn package(self) -> &'static str {
        data::PACKAGES.get(usize::from(row(&data::DEFS, self.0)[0])).map_or("", |&p| text(p))
    }

    /// The Go struct name, the last part of the definition name, e.g. "DeploymentSpec".
    pub fn go_name(self) -> &'static str {
        text(row(&data::DEFS, self.0)[1])
    }

    /// The full definition name, e.g. "io.k8s.api.apps.v1.DeploymentSpec".
    pub fn name(self) -> String {
        format!("{}.{}", self.package(), self.go_name())
    }

    /// The struct's Go type as encoding/json prints it, e.g. "v1.DeploymentSpec".
    pub fn go_type(self) -> String {
        let package = self.package();
        format!("{}.{}", package.rsplit('.').next().unwrap_or(package), self.go_name())
    }

    fn props(self) -> std::ops::Range<u16> {
        let start = row(&data::DEFS, self.0)[2];
        let end = row(&data::DEFS, self.0.saturating_add(1))[2];
        if start == NONE || end == NONE || end < start {
            return 0..0;
        }
        start..end
    }

    /// The fields, sorted by JSON name (bytewise).
    pub fn fields(self) -> impl Iterator<Item = FieldSchema> {
        self.props().map(FieldSchema)
    }

    /// The field with JSON name `name` (case-sensitive, as the apiserver matches).
    pub fn field(self, name: &str) -> Option<FieldSchema> {
        let range = self.props();
        let props = data::PROPS.get(usize::from(range.start)..usize::from(range.end))?;
        let index = props.binary_search_by(|p| text(p[0]).cmp(name)).ok()?;
        Some(FieldSchema(range.start + u16::try_from(index).ok()?))
    }

    /// The JSON names of the required fields (OpenAPI `required`), sorted.
    pub fn required(self) -> impl Iterator<Item = &'static str> {
        self.fields().filter(|f| f.required()).map(FieldSchema::name)
    }
}

/// One field of a definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSchema(u16);

impl FieldSchema {
    /// The JSON name, e.g. "containers".
    pub fn name(self) -> &'static str {
        text(row(&data::PROPS, self.0)[0])
    }

    /// The field's type.
    pub fn ty(self) -> Type {
        Type(row(&data::PROPS, self.0)[1])
    }

    /// Whether the definition lists the field as required.
    pub fn required(self) -> bool {
        let flags = row(&data::PROPS, self.0)[2];
        flags != NONE && flags & REQUIRED != 0
    }

    fn patch(self) -> [u16; 2] {
        let flags = row(&data::PROPS, self.0)[2];
        if flags == NONE {
            return [NONE, NONE];
        }
        row(&data::PATCHES, flags & !REQUIRED)
    }

    /// `x-kubernetes-patch-merge-key`, e.g. "name" for `containers`.
    pub fn patch_merge_key(self) -> Option<&'static str> {
        Some(self.patch()[0]).filter(|&k| k != NONE).map(text)
    }

    /// `x-kubernetes-patch-strategy`: "merge", "retainKeys" or "merge,retainKeys".
    pub fn patch_strategy(self) -> Option<&'static str> {
        Some(self.patch()[1]).filter(|&k| k != NONE).map(text)
    }
}

/// The type of a field, an array element or a map value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Type(u16);

/// What a [`Type`] is, as the apiserver decodes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeKind {
    String,
    Int32,
    Int64,
    /// A float64 (OpenAPI `number`).
    Number,
    Bool,
    /// intstr.IntOrString: an int32 or a string.
    IntOrString,
    /// resource.Quantity: a string or a number that parses as a quantity.
    Quantity,
    /// metav1.Time: an RFC 3339 string.
    Time,
    /// metav1.MicroTime: an RFC 3339 string with six fractional digits.
    MicroTime,
    /// Free-form JSON (runtime.RawExtension, metav1.FieldsV1).
    Raw,
    /// A JSON array of the element type.
    Array(Type),
    /// A JSON object with string keys and values of the element type.
    Map(Type),
    /// A struct with fields.
    Object(Def),
}

impl Type {
    /// What the type is.
    pub fn kind(self) -> TypeKind {
        let [kind, _, link] = row(&data::TYPES, self.0);
        match kind {
            0 => TypeKind::String,
            1 => TypeKind::Int32,
            2 => TypeKind::Int64,
            3 => TypeKind::Number,
            4 => TypeKind::Bool,
            5 => TypeKind::IntOrString,
            6 => TypeKind::Quantity,
            7 => TypeKind::Time,
            8 => TypeKind::MicroTime,
            10 => TypeKind::Array(Type(link)),
            11 => TypeKind::Map(Type(link)),
            12 => TypeKind::Object(Def(link)),
            _ => TypeKind::Raw,
        }
    }

    /// The definition of an object type.
    fn kind_def(self) -> Option<Def> {
        match self.kind() {
            TypeKind::Object(def) => Some(def),
            _ => None,
        }
    }

    /// The Go type as encoding/json prints it in a type error, e.g. "[]v1.Container",
    /// "map[string]string", "v1.Protocol", "int32".
    pub fn go_type(self) -> &'static str {
        text(row(&data::TYPES, self.0)[1])
    }
}

/// Why a document does not decode into its kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StrictError {
    /// A fatal decode error (wrong type, bad quantity, ...). `message` is the decoder's text,
    /// e.g. `json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`.
    Type { message: String, pos: Pos },
    /// Fields the schema does not have, in the order the apiserver lists them.
    Unknown(Vec<UnknownField>),
}

/// One unknown field: its path as the apiserver prints it and where its key is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownField {
    /// e.g. `spec.template.spec.containers[0].imagee`.
    pub path: String,
    pub pos: Pos,
}

impl fmt::Display for StrictError {
    /// The text after `cannot be handled as a <Kind>: ` in the apiserver's message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StrictError::Type { message, .. } => f.write_str(message),
            StrictError::Unknown(fields) => {
                f.write_str("strict decoding error: ")?;
                for (i, field) in fields.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "unknown field {}", go::quote(&field.path))?;
                }
                Ok(())
            }
        }
    }
}

/// The apiserver keeps at most this many strict errors (sigs.k8s.io/json).
const MAX_UNKNOWN: usize = 100;

/// A walk over a node tree in the order encoding/json decodes the JSON kubectl sends.
struct Decoder {
    /// Whether unknown fields are collected (fieldValidation=Strict).
    strict: bool,
    /// The first type error, which wins unless a fatal one comes later.
    saved: Option<StrictError>,
    unknown: Vec<UnknownField>,
    /// The innermost struct being decoded and the JSON fields from the root (errorContext).
    struct_name: &'static str,
    fields: Vec<&'static str>,
    /// The strict error path: fields, map keys and `[i]` indexes.
    path: String,
}

/// What a JSON value is called in a type error.
fn value_word(value: &NodeValue) -> &'static str {
    match value {
        NodeValue::Null => "null",
        NodeValue::Bool(_) => "bool",
        NodeValue::Int(_) | NodeValue::UInt(_) | NodeValue::Float(_) => "number",
        NodeValue::Str(_) => "string",
        NodeValue::Seq(_) => "array",
        NodeValue::Map(_) => "object",
    }
}

impl Decoder {
    fn new(strict: bool) -> Decoder {
        Decoder { strict, saved: None, unknown: Vec::new(), struct_name: "", fields: Vec::new(), path: String::new() }
    }

    /// An UnmarshalTypeError with the current context (decodeState.addErrorContext).
    fn type_error(&self, word: &str, go_type: &str, pos: Pos) -> StrictError {
        let message = if self.struct_name.is_empty() && self.fields.is_empty() {
            format!("json: cannot unmarshal {word} into Go value of type {go_type}")
        } else {
            let mut field = String::from(self.struct_name);
            for name in &self.fields {
                field.push('.');
                field.push_str(name);
            }
            format!("json: cannot unmarshal {word} into Go struct field {field} of type {go_type}")
        };
        StrictError::Type { message, pos }
    }

    /// decodeState.saveError: keeps the first error only.
    fn save(&mut self, word: &str, go_type: &str, pos: Pos) {
        if self.saved.is_none() {
            self.saved = Some(self.type_error(word, go_type, pos));
        }
    }

    fn finish(self) -> Result<(), StrictError> {
        if let Some(error) = self.saved {
            return Err(error);
        }
        if self.unknown.is_empty() {
            Ok(())
        } else {
            Err(StrictError::Unknown(self.unknown))
        }
    }

    /// Decodes `node` into `ty`; `Err` is a fatal error that stops decoding (decodeState.value).
    fn value(&mut self, ty: Type, node: &Node) -> Result<(), StrictError> {
        if matches!(node.value, NodeValue::Null) {
            return Ok(());
        }
        let kind = ty.kind();
        match (kind, &node.value) {
            (TypeKind::Raw, _) => Ok(()),
            (TypeKind::String, NodeValue::Str(_)) | (TypeKind::Bool, NodeValue::Bool(_)) => Ok(()),
            (TypeKind::Int32 | TypeKind::Int64, NodeValue::Int(_) | NodeValue::UInt(_) | NodeValue::Float(_)) => {
                if !int_fits(kind == TypeKind::Int32, &node.value) {
                    let text = go::number_text(&node.value).unwrap_or_default();
                    self.save(&format!("number {text}"), ty.go_type(), node.pos);
                }
                Ok(())
            }
            (TypeKind::Number, NodeValue::Int(_) | NodeValue::UInt(_) | NodeValue::Float(_)) => Ok(()),
            (TypeKind::IntOrString, _) => self.int_or_string(&node.value, node.pos),
            (TypeKind::Quantity, _) => quantity(&node.value)
                .map_err(|message| StrictError::Type { message: message.to_string(), pos: node.pos }),
            (TypeKind::Time | TypeKind::MicroTime, NodeValue::Str(s)) => {
                let layout = if kind == TypeKind::Time { go::Layout::Rfc3339 } else { go::Layout::Rfc3339Micro };
                go::parse_time(layout, s).map_err(|message| StrictError::Type { message, pos: node.pos })
            }
            // Time.UnmarshalJSON decodes into a string first; that error is fatal.
            (TypeKind::Time | TypeKind::MicroTime, value) => {
                Err(self.type_error(value_word(value), "string", node.pos))
            }
            (TypeKind::Array(elem), NodeValue::Seq(items)) => {
                let mark = self.path.len();
                for (i, item) in items.iter().enumerate() {
                    self.path.push_str(&format!("[{i}]"));
                    let result = self.value(elem, item);
                    self.path.truncate(mark);
                    result?;
                }
                Ok(())
            }
            (TypeKind::Map(elem), NodeValue::Map(entries)) => {
                let mark = self.path.len();
                for (key, item) in sorted(entries) {
                    self.push_path(&key.name);
                    let result = self.value(elem, item);
                    self.path.truncate(mark);
                    result?;
                }
                Ok(())
            }
            (TypeKind::Object(def), NodeValue::Map(entries)) => {
                self.object(def.go_name(), entries, |name| def.field(name).map(|f| (f.name(), f.ty())))
            }
            (_, value) => {
                self.save(value_word(value), ty.go_type(), node.pos);
                Ok(())
            }
        }
    }

    fn push_path(&mut self, key: &str) {
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(key);
    }

    /// Decodes the entries of a JSON object into the struct `struct_name` (decodeState.object).
    fn object(
        &mut self,
        struct_name: &'static str,
        entries: &[(crate::manifest::yaml::Key, Node)],
        lookup: impl Fn(&str) -> Option<(&'static str, Type)>,
    ) -> Result<(), StrictError> {
        let outer_struct = self.struct_name;
        let depth = self.fields.len();
        let mark = self.path.len();
        for (key, item) in sorted(entries) {
            let Some((name, ty)) = lookup(&key.name) else {
                if self.strict && self.unknown.len() < MAX_UNKNOWN {
                    self.push_path(&key.name);
                    if !self.unknown.iter().any(|u| u.path == self.path) {
                        self.unknown.push(UnknownField { path: self.path.clone(), pos: key.pos });
                    }
                    self.path.truncate(mark);
                }
                continue;
            };
            self.fields.push(name);
            self.struct_name = struct_name;
            self.push_path(name);
            let result = self.value(ty, item);
            self.fields.truncate(depth);
            self.struct_name = outer_struct;
            self.path.truncate(mark);
            result?;
        }
        Ok(())
    }

    /// intstr.IntOrString.UnmarshalJSON: a string, else json.Unmarshal into an int32; its errors
    /// are fatal and get the field's context.
    fn int_or_string(&mut self, value: &NodeValue, pos: Pos) -> Result<(), StrictError> {
        match value {
            NodeValue::Str(_) => Ok(()),
            NodeValue::Int(_) | NodeValue::UInt(_) | NodeValue::Float(_) => {
                if int_fits(true, value) {
                    Ok(())
                } else {
                    let text = go::number_text(value).unwrap_or_default();
                    Err(self.type_error(&format!("number {text}"), "int32", pos))
                }
            }
            other => Err(self.type_error(value_word(other), "int32", pos)),
        }
    }
}

/// Whether a JSON number decodes into an int32 (or int64): strconv.ParseInt of its text.
fn int_fits(int32: bool, value: &NodeValue) -> bool {
    let Some(parsed) = go::number_text(value).and_then(|t| t.parse::<i64>().ok()) else {
        return false;
    };
    !int32 || i32::try_from(parsed).is_ok()
}

/// resource.Quantity.UnmarshalJSON: the JSON text (unquoted for strings) must parse.
fn quantity(value: &NodeValue) -> Result<(), &'static str> {
    match value {
        NodeValue::Null => Ok(()),
        NodeValue::Str(s) => go::parse_quantity(go::quantity_string_text(s)),
        NodeValue::Bool(b) => go::parse_quantity(if *b { "true" } else { "false" }),
        NodeValue::Int(_) | NodeValue::UInt(_) | NodeValue::Float(_) => {
            go::parse_quantity(&go::number_text(value).unwrap_or_default())
        }
        NodeValue::Seq(_) | NodeValue::Map(_) => Err(go::QUANTITY_FORMAT_WRONG),
    }
}

/// Map entries in the order kubectl writes them: keys sorted bytewise.
fn sorted(entries: &[(crate::manifest::yaml::Key, Node)]) -> Vec<&(crate::manifest::yaml::Key, Node)> {
    let mut sorted: Vec<_> = entries.iter().collect();
    sorted.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    sorted
}

/// Checks `node` (a whole object) against the OpenAPI definition named `definition`
/// (e.g. "io.k8s.api.apps.v1.Deployment"), as the apiserver's strict JSON decoding does
/// (serializer/json `unmarshal` with sigs.k8s.io/json `UnmarshalStrict`). A definition this
/// module does not know is not checked.
pub fn strict_check(definition_name: &str, node: &Node) -> Result<(), StrictError> {
    let Some(def) = definition(definition_name) else {
        return Ok(());
    };
    let mut decoder = Decoder::new(true);
    let fatal = match &node.value {
        NodeValue::Null => Ok(()),
        NodeValue::Map(entries) => {
            decoder.object(def.go_name(), entries, |name| def.field(name).map(|f| (f.name(), f.ty())))
        }
        other => {
            decoder.save(value_word(other), &def.go_type(), node.pos);
            Ok(())
        }
    };
    fatal?;
    decoder.finish()
}

/// The check kubectl runs before sending anything (cli-runtime's metadataValidatingDecoder):
/// the whole document `node` decoded, not strictly, into `metadataOnlyObject` (TypeMeta and
/// ObjectMeta). Only type errors in `apiVersion`, `kind` and `metadata` are reported.
pub fn check_metadata(node: &Node) -> Result<(), StrictError> {
    let Some(meta) = definition("io.k8s.api.core.v1.Pod").and_then(|d| d.field("metadata")) else {
        return Ok(());
    };
    let Some(string) = meta.ty().kind_def().and_then(|d| d.field("name")).map(FieldSchema::ty) else {
        return Ok(());
    };
    let mut decoder = Decoder::new(false);
    let fatal = match &node.value {
        NodeValue::Null => Ok(()),
        NodeValue::Map(entries) => decoder.object("metadataOnlyObject", entries, |name| match name {
            "apiVersion" => Some(("apiVersion", string)),
            "kind" => Some(("kind", string)),
            "metadata" => Some(("metadata", meta.ty())),
            _ => None,
        }),
        other => {
            decoder.save(value_word(other), "resource.metadataOnlyObject", node.pos);
            Ok(())
        }
    };
    fatal?;
    decoder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::yaml::parse_document;

    const DEPLOYMENT: &str = "io.k8s.api.apps.v1.Deployment";
    const DAEMON_SET: &str = "io.k8s.api.apps.v1.DaemonSet";
    const POD: &str = "io.k8s.api.core.v1.Pod";
    const SERVICE: &str = "io.k8s.api.core.v1.Service";
    const NODE: &str = "io.k8s.api.core.v1.Node";
    const EVENT: &str = "io.k8s.api.core.v1.Event";
    const JOB: &str = "io.k8s.api.batch.v1.Job";
    const REVISION: &str = "io.k8s.api.apps.v1.ControllerRevision";
    const SLICE: &str = "io.k8s.api.discovery.v1.EndpointSlice";
    const FORMAT_WRONG: &str =
        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    fn parse(text: &str) -> Node {
        parse_document(text).unwrap().unwrap()
    }

    fn check(definition: &str, text: &str) -> String {
        match strict_check(definition, &parse(text)) {
            Ok(()) => "ok".to_string(),
            Err(e) => e.to_string(),
        }
    }

    /// A Deployment whose `spec` is `body` (indented by two spaces).
    fn deployment_spec(body: &str) -> String {
        let mut text = String::from("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n");
        for line in body.lines() {
            text.push_str("  ");
            text.push_str(line);
            text.push('\n');
        }
        text
    }

    /// A Deployment whose only container has `body` (indented to the container's keys).
    fn container(body: &str) -> String {
        let mut text = String::from("template:\n  spec:\n    containers:\n    - name: app\n");
        for line in body.lines() {
            text.push_str("      ");
            text.push_str(line);
            text.push('\n');
        }
        deployment_spec(&text)
    }

    fn type_error(word: &str, field: &str, go_type: &str) -> String {
        format!("json: cannot unmarshal {word} into Go struct field {field} of type {go_type}")
    }

    /// Each expected text was produced by the upstream decoder (sigs.k8s.io/json UnmarshalStrict
    /// into the API structs, after kubectl's JSON round trip).
    #[test]
    fn manifests_decode_as_the_apiserver_decodes_them_strictly() {
        let replicas = |word: &str| type_error(word, "DeploymentSpec.spec.replicas", "int32");
        let cases: Vec<(&str, String, String)> = vec![
            // Each value word, into an int32.
            (DEPLOYMENT, deployment_spec("replicas: \"3\""), replicas("string")),
            (DEPLOYMENT, deployment_spec("replicas: true"), replicas("bool")),
            (DEPLOYMENT, deployment_spec("replicas: [1]"), replicas("array")),
            (DEPLOYMENT, deployment_spec("replicas: {a: 1}"), replicas("object")),
            (DEPLOYMENT, deployment_spec("replicas: 1.5"), replicas("number 1.5")),
            (DEPLOYMENT, deployment_spec("replicas: 3000000000"), replicas("number 3000000000")),
            (DEPLOYMENT, deployment_spec("replicas: -2147483649"), replicas("number -2147483649")),
            (DEPLOYMENT, deployment_spec("replicas: 1e21"), replicas("number 1e+21")),
            (DEPLOYMENT, deployment_spec("replicas: 1e-7"), replicas("number 1e-7")),
            (DEPLOYMENT, deployment_spec("replicas: 2147483647"), "ok".into()),
            // A float that is a whole number reaches the server as an integer.
            (DEPLOYMENT, deployment_spec("replicas: 1.0"), "ok".into()),
            (DEPLOYMENT, deployment_spec("replicas: 1e3"), "ok".into()),
            (DEPLOYMENT, deployment_spec("replicas: ~"), "ok".into()),
            // int64 takes what int32 refuses, up to int64.
            (
                DEPLOYMENT,
                container("terminationGracePeriodSeconds: 3000000000").replace("      terminationGrace", "    terminationGrace"),
                "ok".into(),
            ),
            (
                DEPLOYMENT,
                deployment_spec("template:\n  spec:\n    terminationGracePeriodSeconds: 9223372036854775808"),
                type_error(
                    "number 9223372036854776000",
                    "PodSpec.spec.template.spec.terminationGracePeriodSeconds",
                    "int64",
                ),
            ),
            // Bool, string, struct, slice and map fields.
            (DEPLOYMENT, deployment_spec("paused: \"yes\""), type_error("string", "DeploymentSpec.spec.paused", "bool")),
            (DEPLOYMENT, deployment_spec("paused: yes"), "ok".into()),
            (DEPLOYMENT, container("image: 5"), type_error("number", "Container.spec.template.spec.containers.image", "string")),
            (
                DEPLOYMENT,
                "apiVersion: apps/v1\nkind: Deployment\nspec: web\n".into(),
                type_error("string", "Deployment.spec", "v1.DeploymentSpec"),
            ),
            (
                DEPLOYMENT,
                deployment_spec("template:\n  spec:\n    containers:\n      name: app"),
                type_error("object", "PodSpec.spec.template.spec.containers", "[]v1.Container"),
            ),
            (
                DEPLOYMENT,
                deployment_spec("template:\n  spec:\n    containers: [app]"),
                type_error("string", "PodSpec.spec.template.spec.containers", "v1.Container"),
            ),
            (DEPLOYMENT, container("args: [1]"), type_error("number", "Container.spec.template.spec.containers.args", "string")),
            (DEPLOYMENT, container("args: --x"), type_error("string", "Container.spec.template.spec.containers.args", "[]string")),
            (
                DEPLOYMENT,
                container("ports:\n- containerPort: \"80\""),
                type_error("string", "ContainerPort.spec.template.spec.containers.ports.containerPort", "int32"),
            ),
            // Go named types that OpenAPI flattens.
            (
                DEPLOYMENT,
                container("ports:\n- containerPort: 80\n  protocol: 6"),
                type_error("number", "ContainerPort.spec.template.spec.containers.ports.protocol", "v1.Protocol"),
            ),
            (
                DEPLOYMENT,
                container("imagePullPolicy: true"),
                type_error("bool", "Container.spec.template.spec.containers.imagePullPolicy", "v1.PullPolicy"),
            ),
            (
                DEPLOYMENT,
                container("securityContext:\n  capabilities:\n    add: NET_ADMIN"),
                type_error(
                    "string",
                    "Capabilities.spec.template.spec.containers.securityContext.capabilities.add",
                    "[]v1.Capability",
                ),
            ),
            (
                DEPLOYMENT,
                container("resources:\n  limits: 1"),
                type_error("number", "ResourceRequirements.spec.template.spec.containers.resources.limits", "v1.ResourceList"),
            ),
            (
                POD,
                "apiVersion: v1\nkind: Pod\nspec:\n  restartPolicy: [Always]\n".into(),
                type_error("array", "PodSpec.spec.restartPolicy", "v1.RestartPolicy"),
            ),
            (
                POD,
                "apiVersion: v1\nkind: Pod\nspec:\n  tolerations:\n  - effect: 1\n".into(),
                type_error("number", "Toleration.spec.tolerations.effect", "v1.TaintEffect"),
            ),
            (
                POD,
                "apiVersion: v1\nkind: Pod\nmetadata:\n  uid: 7\n".into(),
                type_error("number", "ObjectMeta.metadata.uid", "types.UID"),
            ),
            (
                NODE,
                "apiVersion: v1\nkind: Node\nspec:\n  taints:\n  - key: a\n    effect: {}\n".into(),
                type_error("object", "Taint.spec.taints.effect", "v1.TaintEffect"),
            ),
            (
                SLICE,
                "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\naddressType: 4\n".into(),
                type_error("number", "EndpointSlice.addressType", "v1.AddressType"),
            ),
            // Map values report the map field; the label selector of the seed article.
            (
                DAEMON_SET,
                "apiVersion: apps/v1\nkind: DaemonSet\nspec:\n  selector:\n    matchLabels:\n      app:filebeat release:stable\n"
                    .into(),
                type_error("string", "LabelSelector.spec.selector.matchLabels", "map[string]string"),
            ),
            (
                DEPLOYMENT,
                deployment_spec("template:\n  metadata:\n    labels:\n      version: 1.0"),
                type_error("number", "ObjectMeta.spec.template.metadata.labels", "string"),
            ),
            // IntOrString: an int32 or a string; its errors say int32.
            (DEPLOYMENT, deployment_spec("strategy:\n  rollingUpdate:\n    maxSurge: 25%"), "ok".into()),
            (DEPLOYMENT, deployment_spec("strategy:\n  rollingUpdate:\n    maxSurge: 2"), "ok".into()),
            (
                DEPLOYMENT,
                deployment_spec("strategy:\n  rollingUpdate:\n    maxSurge: true"),
                type_error("bool", "RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge", "int32"),
            ),
            (
                SERVICE,
                "apiVersion: v1\nkind: Service\nspec:\n  ports:\n  - port: 80\n    targetPort: 1.5\n".into(),
                type_error("number 1.5", "ServicePort.spec.ports.targetPort", "int32"),
            ),
            (
                SERVICE,
                "apiVersion: v1\nkind: Service\nspec:\n  ports:\n  - port: 80\n    targetPort: {a: 1}\n".into(),
                type_error("object", "ServicePort.spec.ports.targetPort", "int32"),
            ),
            // Quantities: a string or a number that parses; errors have no field.
            (DEPLOYMENT, container("resources:\n  limits:\n    cpu: 100m\n    memory: 1Gi"), "ok".into()),
            (DEPLOYMENT, container("resources:\n  limits:\n    cpu: 0.5\n    memory: 1e3"), "ok".into()),
            (DEPLOYMENT, container("resources:\n  limits:\n    cpu: 2\n    memory: \"1e3\""), "ok".into()),
            (DEPLOYMENT, container("resources:\n  limits:\n    memory: 1Gb"), FORMAT_WRONG.into()),
            (DEPLOYMENT, container("resources:\n  limits:\n    memory: abc"), FORMAT_WRONG.into()),
            (DEPLOYMENT, container("resources:\n  limits:\n    memory: true"), FORMAT_WRONG.into()),
            (DEPLOYMENT, container("resources:\n  limits:\n    memory: [1]"), FORMAT_WRONG.into()),
            (DEPLOYMENT, container("resources:\n  limits:\n    memory: 1K"), "unable to parse quantity's suffix".into()),
            (DEPLOYMENT, container("resources:\n  limits:\n    memory: e-10"), "unable to parse numeric part of quantity".into()),
            // Times: RFC 3339 strings, with Go's time.Parse errors.
            (
                POD,
                "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: \"2024-01-02T03:04:05Z\"\n".into(),
                "ok".into(),
            ),
            (
                POD,
                "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: yesterday\n".into(),
                "parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\"".into(),
            ),
            (
                POD,
                "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: 2024-13-01T00:00:00Z\n".into(),
                "parsing time \"2024-13-01T00:00:00Z\": month out of range".into(),
            ),
            (
                POD,
                "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: 2023-02-29T00:00:00Z\n".into(),
                "parsing time \"2023-02-29T00:00:00Z\": day out of range".into(),
            ),
            (
                POD,
                "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: 2024-01-01T25:00:00Z\n".into(),
                "parsing time \"2024-01-01T25:00:00Z\": hour out of range".into(),
            ),
            (
                POD,
                "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: 2024-01-01\n".into(),
                "parsing time \"2024-01-01\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"T\"".into(),
            ),
            (
                POD,
                "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: 2024-01-01T00:00:00Zjunk\n".into(),
                "parsing time \"2024-01-01T00:00:00Zjunk\": extra text: \"junk\"".into(),
            ),
            (
                POD,
                "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: 5\n".into(),
                type_error("number", "ObjectMeta.metadata.creationTimestamp", "string"),
            ),
            (
                EVENT,
                "apiVersion: v1\nkind: Event\neventTime: \"2024-01-01T00:00:00Z\"\n".into(),
                "parsing time \"2024-01-01T00:00:00Z\" as \"2006-01-02T15:04:05.000000Z07:00\": cannot parse \"Z\" as \".000000\""
                    .into(),
            ),
            (EVENT, "apiVersion: v1\nkind: Event\neventTime: \"2024-01-01T00:00:00.123456Z\"\n".into(), "ok".into()),
            // Free-form fields take anything; status is part of the schema.
            (REVISION, "apiVersion: apps/v1\nkind: ControllerRevision\ndata: [1, {a: b}]\nrevision: 2\n".into(), "ok".into()),
            (DEPLOYMENT, "apiVersion: apps/v1\nkind: Deployment\nstatus:\n  replicas: 3\n".into(), "ok".into()),
            // Unknown fields: every one, in sorted-key depth-first order, with indexes.
            (
                DEPLOYMENT,
                deployment_spec("template:\n  spec:\n    cantainers:\n    - name: app"),
                "strict decoding error: unknown field \"spec.template.spec.cantainers\"".into(),
            ),
            (
                DEPLOYMENT,
                "apiVersion: apps/v1\nkind: Deployment\nzz: 1\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        imagee: x\n      - name: b\n        imagee: y\n  foo: 1\n  bar: 2\nSpec: {}\n"
                    .into(),
                "strict decoding error: unknown field \"Spec\", unknown field \"spec.bar\", unknown field \"spec.foo\", unknown field \"spec.template.spec.containers[0].imagee\", unknown field \"spec.template.spec.containers[1].imagee\", unknown field \"zz\""
                    .into(),
            ),
            // A type error hides every unknown field, wherever it is.
            (
                DEPLOYMENT,
                deployment_spec("aaa: 1\nreplicas: x\nzzz: 2"),
                replicas("string"),
            ),
            // The first type error wins, in sorted key order ...
            (
                DEPLOYMENT,
                deployment_spec("replicas: x\nminReadySeconds: z"),
                type_error("string", "DeploymentSpec.spec.minReadySeconds", "int32"),
            ),
            // ... but an error from a custom decoder stops decoding and wins over it.
            (
                DEPLOYMENT,
                deployment_spec("replicas: x\nstrategy:\n  rollingUpdate:\n    maxSurge: [1]"),
                type_error("array", "RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge", "int32"),
            ),
            (
                JOB,
                "apiVersion: batch/v1\nkind: Job\nstatus:\n  uncountedTerminatedPods:\n    failed: [1]\n".into(),
                type_error("number", "UncountedTerminatedPods.status.uncountedTerminatedPods.failed", "types.UID"),
            ),
            (
                DEPLOYMENT,
                "- a\n".into(),
                "json: cannot unmarshal array into Go value of type v1.Deployment".into(),
            ),
        ];
        for (definition, text, want) in &cases {
            assert_eq!(&check(definition, text), want, "for {definition}:\n{text}");
        }
        assert!(cases.len() >= 40);
    }

    #[test]
    fn kubectl_decodes_metadata_alone_and_reports_only_type_errors() {
        let cases: &[(&str, &str)] = &[
            ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  bogus: 1\nspec:\n  bogus: 2\n", "ok"),
            (
                "apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    version: 1.0\n",
                "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string",
            ),
            (
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: 5\n",
                "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string",
            ),
            (
                "apiVersion: v1\nkind: Pod\nmetadata: x\n",
                "json: cannot unmarshal string into Go struct field metadataOnlyObject.metadata of type v1.ObjectMeta",
            ),
            // Only metadata is decoded: the rest of the document may be anything.
            ("apiVersion: v1\nkind: Pod\nspec:\n  replicas: x\n", "ok"),
        ];
        for (text, want) in cases {
            let got = match check_metadata(&parse(text)) {
                Ok(()) => "ok".to_string(),
                Err(e) => e.to_string(),
            };
            assert_eq!(&got, want, "for {text}");
        }
    }

    #[test]
    fn a_type_error_points_at_the_offending_value() {
        let text = deployment_spec("replicas: x");
        let Err(StrictError::Type { pos, .. }) = strict_check(DEPLOYMENT, &parse(&text)) else {
            panic!("expected a type error");
        };
        assert_eq!(pos, Pos { line: 6, col: 13 });
    }

    #[test]
    fn unknown_fields_point_at_their_keys() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nfoo: 1\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        imagee: x\n";
        let Err(StrictError::Unknown(fields)) = strict_check(DEPLOYMENT, &parse(text)) else {
            panic!("expected unknown fields");
        };
        let got: Vec<(&str, Pos)> = fields.iter().map(|f| (f.path.as_str(), f.pos)).collect();
        assert_eq!(
            got,
            vec![
                ("foo", Pos { line: 3, col: 1 }),
                ("spec.template.spec.containers[0].imagee", Pos { line: 9, col: 9 }),
            ]
        );
    }

    #[test]
    fn at_most_one_hundred_unknown_fields_are_kept() {
        let body: String = (0..130).map(|i| format!("u{i:03}: 1\n")).collect();
        let Err(StrictError::Unknown(fields)) = strict_check(DEPLOYMENT, &parse(&deployment_spec(&body))) else {
            panic!("expected unknown fields");
        };
        assert_eq!(fields.len(), 100);
        assert_eq!(fields.last().map(|f| f.path.as_str()), Some("spec.u099"));
    }

    #[test]
    fn the_same_path_is_listed_once() {
        let text = "apiVersion: apps/v1\nkind: Deployment\n\"spec.x\": 1\nspec:\n  x: 2\n";
        assert_eq!(check(DEPLOYMENT, text), "strict decoding error: unknown field \"spec.x\"");
    }

    #[test]
    fn unknown_field_paths_are_quoted_as_go_quotes_them() {
        let text = "apiVersion: v1\nkind: Pod\n\"a\\\"b\": 1\n\"tab\\tx\": 2\n\"\\u00e9\": 3\n";
        assert_eq!(
            check(POD, text),
            "strict decoding error: unknown field \"a\\\"b\", unknown field \"tab\\tx\", unknown field \"é\""
        );
    }

    #[test]
    fn definitions_expose_types_required_fields_and_patch_metadata() {
        let spec = definition("io.k8s.api.core.v1.PodSpec").unwrap();
        assert_eq!(spec.go_name(), "PodSpec");
        assert_eq!(spec.name(), "io.k8s.api.core.v1.PodSpec");
        assert_eq!(spec.required().collect::<Vec<_>>(), vec!["containers"]);
        let containers = spec.field("containers").unwrap();
        assert_eq!(containers.patch_merge_key(), Some("name"));
        assert_eq!(containers.patch_strategy(), Some("merge"));
        assert_eq!(containers.ty().go_type(), "[]v1.Container");
        let TypeKind::Array(elem) = containers.ty().kind() else { panic!("containers is an array") };
        let TypeKind::Object(container) = elem.kind() else { panic!("of objects") };
        assert_eq!(container.name(), "io.k8s.api.core.v1.Container");
        assert_eq!(container.field("resources").and_then(|f| f.patch_strategy()), None);
        let volumes = spec.field("volumes").unwrap();
        assert_eq!(volumes.patch_strategy(), Some("merge,retainKeys"));
        assert!(spec.field("Containers").is_none());
        let strategy = definition("io.k8s.api.apps.v1.DeploymentSpec").and_then(|d| d.field("strategy")).unwrap();
        assert_eq!((strategy.patch_merge_key(), strategy.patch_strategy()), (None, Some("retainKeys")));
        let limits = definition("io.k8s.api.core.v1.ResourceRequirements").and_then(|d| d.field("limits")).unwrap();
        assert_eq!(limits.ty().go_type(), "v1.ResourceList");
        assert!(matches!(limits.ty().kind(), TypeKind::Map(q) if q.kind() == TypeKind::Quantity));
        let max_surge = definition("io.k8s.api.apps.v1.RollingUpdateDeployment").and_then(|d| d.field("maxSurge"));
        assert_eq!(max_surge.map(|f| f.ty().kind()), Some(TypeKind::IntOrString));
        assert!(definition("io.k8s.api.apps.v1.StatefulSet").is_none());
        assert!(definition("nonsense").is_none());
    }

    #[test]
    fn every_served_kind_has_a_definition_and_fields_are_sorted() {
        for kind in [
            "io.k8s.api.core.v1.Namespace",
            NODE,
            POD,
            "io.k8s.api.core.v1.ReplicationController",
            SERVICE,
            "io.k8s.api.core.v1.Endpoints",
            EVENT,
            "io.k8s.api.apps.v1.ReplicaSet",
            DEPLOYMENT,
            DAEMON_SET,
            REVISION,
            JOB,
            "io.k8s.api.batch.v1.CronJob",
            SLICE,
        ] {
            let def = definition(kind).unwrap_or_else(|| panic!("{kind}"));
            assert_eq!(def.name(), kind);
            assert!(def.field("metadata").is_some(), "{kind}");
        }
        for def in definitions() {
            let names: Vec<&str> = def.fields().map(|f| f.name()).collect();
            let mut sorted = names.clone();
            sorted.sort_unstable();
            assert_eq!(names, sorted, "{}", def.name());
            assert_eq!(definition(&def.name()), Some(def));
        }
    }
}
