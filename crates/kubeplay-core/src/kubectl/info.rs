//! The verbs that describe the cluster and the client rather than objects: `api-resources`,
//! `api-versions`, `explain`, `version`, `config`, `cluster-info`, and `kubectl events`.
//!
//! kubeplay is a kind-like cluster named `kubeplay`: its kubeconfig has one context
//! `kind-kubeplay` for a server at `https://127.0.0.1:6443`; the client is kubectl v1.32.4, the
//! server v1.32.2 (kind's node image for 1.32). `api-resources` lists the 14 kinds kubeplay serves.
//! `explain` reads field names and types from the schema tables; the descriptions are kubeplay's
//! own short texts (`info/docs.rs`), and a field without one prints no description line.

mod docs;

use crate::json::Value;

use super::args::{self, Flag, Parsed};
use super::json::obj;
use super::printers::duration::human;
use super::printers::tabwriter::TabWriter;
use super::sorting::sort_by_keys;
use super::watch::SeenEvents;
use super::{fail, fail_cobra, fail_plain, finish, namespace_of, CmdError, Io};
use crate::api::meta::Time;
use crate::api::{Kind, Object, RESOURCES};
use crate::cluster::watch::Watcher;
use crate::cluster::Cluster;
use crate::manifest::schema::{self, Def, Type, TypeKind};

/// The context, cluster and user names of kubeplay's kubeconfig.
pub const CONTEXT: &str = "kind-kubeplay";
/// Where the kubeconfig says the apiserver is.
pub const SERVER: &str = "https://127.0.0.1:6443";

/// Runs the verb `verb` with `argv`.
pub fn run(cluster: &mut Cluster, verb: &str, argv: &[String], io: &mut Io) -> i32 {
    match verb {
        "api-resources" => api_resources(argv, io),
        "api-versions" => api_versions(argv, io),
        "explain" => explain(argv, io),
        "version" => version(argv, io),
        "config" => config(argv, io),
        "cluster-info" => cluster_info(argv, io),
        "events" => events(cluster, argv, io),
        other => fail_plain(io, format!("unknown command {other:?}")),
    }
}

/// The verbs every served resource supports (namespaces cannot be deleted as a collection).
fn verbs(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Namespace => &["create", "delete", "get", "list", "patch", "update", "watch"],
        _ => &["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
    }
}

/// The categories of a resource (`kubectl get all` is the `all` category).
fn categories(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Pod
        | Kind::ReplicationController
        | Kind::Service
        | Kind::DaemonSet
        | Kind::Deployment
        | Kind::ReplicaSet
        | Kind::CronJob
        | Kind::Job => &["all"],
        _ => &[],
    }
}

const API_RESOURCES_FLAGS: &[Flag] = &[
    Flag::bool("no-headers", None),
    Flag::string("output", Some('o')),
    Flag::string("api-group", None),
    Flag::bool("namespaced", None),
    Flag::slice("verbs", None),
    Flag::string("sort-by", None),
    Flag::bool("cached", None),
    Flag::slice("categories", None),
];

/// `kubectl api-resources` (`RunAPIResources`).
fn api_resources(argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl api-resources", API_RESOURCES_FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    if !p.args.is_empty() {
        return fail_plain(
            io,
            format!(
                "unexpected arguments: [{}]\nSee 'kubectl api-resources -h' for help and examples",
                p.args.join(" ")
            ),
        );
    }
    let output = p.get("output").unwrap_or("").to_string();
    if !matches!(output.as_str(), "" | "wide" | "name") {
        return fail_plain(io, format!("--output {output} is not available"));
    }
    let sort_by = p.get("sort-by").unwrap_or("").to_string();
    if !matches!(sort_by.as_str(), "" | "name" | "kind") {
        return fail_plain(io, "--sort-by accepts only name or kind".into());
    }
    let want_verbs = p.all("verbs");
    let want_categories = p.all("categories");
    let mut rows: Vec<&crate::api::ResourceInfo> = RESOURCES
        .iter()
        .filter(|r| !p.has("api-group") || p.get("api-group") == Some(r.group))
        .filter(|r| !p.has("namespaced") || p.flag("namespaced") == r.namespaced)
        .filter(|r| want_verbs.iter().all(|v| verbs(r.kind).contains(&v.as_str())))
        .filter(|r| want_categories.iter().all(|c| categories(r.kind).contains(&c.as_str())))
        .collect();
    let key = |r: &crate::api::ResourceInfo| -> (String, String) {
        let primary = match sort_by.as_str() {
            "name" => r.plural.to_string(),
            "kind" => r.kind.name().to_string(),
            _ => r.group.to_string(),
        };
        (primary, r.plural.to_string())
    };
    rows.sort_by_key(|r| key(r));
    let mut w = TabWriter::for_get();
    if !p.flag("no-headers") && output != "name" {
        w.write("NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND");
        w.write(if output == "wide" { "\tVERBS\tCATEGORIES\n" } else { "\n" });
    }
    for r in rows {
        let api_version = r.kind.api_version();
        match output.as_str() {
            "name" => {
                let name = if r.group.is_empty() { r.plural.to_string() } else { format!("{}.{}", r.plural, r.group) };
                w.writef(format_args!("{name}\n"));
            }
            _ => {
                w.writef(format_args!(
                    "{}\t{}\t{api_version}\t{}\t{}",
                    r.plural,
                    r.short_names.join(","),
                    r.namespaced,
                    r.kind.name()
                ));
                if output == "wide" {
                    w.writef(format_args!("\t{}\t{}", verbs(r.kind).join(","), categories(r.kind).join(",")));
                }
                w.write("\n");
            }
        }
    }
    io.out.push_str(&w.flush());
    0
}

/// `kubectl api-versions`: the group versions discovery lists, sorted.
fn api_versions(argv: &[String], io: &mut Io) -> i32 {
    if let Err(e) = args::parse("kubectl api-versions", &[], argv) {
        return fail_cobra(io, e);
    }
    let mut versions: Vec<&str> = RESOURCES.iter().map(|r| r.kind.api_version()).collect();
    versions.sort_unstable();
    versions.dedup();
    for v in versions {
        io.outln(v);
    }
    0
}

/// What `kubectl version` reports for one side (`version.Info`).
struct VersionInfo {
    major: &'static str,
    minor: &'static str,
    git_version: &'static str,
    git_commit: &'static str,
    build_date: &'static str,
    go_version: &'static str,
}

/// kubectl v1.32.4 as the Kubernetes release builds it.
const CLIENT_VERSION: VersionInfo = VersionInfo {
    major: "1",
    minor: "32",
    git_version: "v1.32.4",
    git_commit: "59526cd4867447956156ae3a602fcbac10a2c335",
    build_date: "2025-04-22T16:03:58Z",
    go_version: "go1.23.6",
};

/// The apiserver of kind's v1.32.2 node image.
const SERVER_VERSION: VersionInfo = VersionInfo {
    major: "1",
    minor: "32",
    git_version: "v1.32.2",
    git_commit: "67a30c0adcf52bd3f56ff0893ce19966be12991f",
    build_date: "2025-02-12T21:26:09Z",
    go_version: "go1.23.6",
};

const KUSTOMIZE_VERSION: &str = "v5.5.0";

impl VersionInfo {
    /// The fields in `version.Info` order (kubectl's JSON keeps struct order).
    fn fields(&self) -> [(&'static str, &'static str); 9] {
        [
            ("major", self.major),
            ("minor", self.minor),
            ("gitVersion", self.git_version),
            ("gitCommit", self.git_commit),
            ("gitTreeState", "clean"),
            ("buildDate", self.build_date),
            ("goVersion", self.go_version),
            ("compiler", "gc"),
            ("platform", "linux/amd64"),
        ]
    }
}

const VERSION_FLAGS: &[Flag] = &[Flag::bool("client", None), Flag::string("output", Some('o'))];

/// `kubectl version` (`version.Options.Run`).
fn version(argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl version", VERSION_FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    let output = p.get("output").unwrap_or("");
    if !matches!(output, "" | "yaml" | "json") {
        return fail_plain(io, "--output must be 'yaml' or 'json'".into());
    }
    let client_only = p.flag("client");
    match output {
        "" => {
            io.outlnf(format_args!("Client Version: {}", CLIENT_VERSION.git_version));
            io.outlnf(format_args!("Kustomize Version: {KUSTOMIZE_VERSION}"));
            if !client_only {
                io.outlnf(format_args!("Server Version: {}", SERVER_VERSION.git_version));
            }
        }
        "json" => {
            // json.MarshalIndent with two spaces, fields in struct order.
            let block = |v: &VersionInfo| -> String {
                let lines: Vec<String> = v.fields().iter().map(|(k, x)| format!("    \"{k}\": \"{x}\"")).collect();
                format!("{{\n{}\n  }}", lines.join(",\n"))
            };
            let mut parts = vec![
                format!("  \"clientVersion\": {}", block(&CLIENT_VERSION)),
                format!("  \"kustomizeVersion\": \"{KUSTOMIZE_VERSION}\""),
            ];
            if !client_only {
                parts.push(format!("  \"serverVersion\": {}", block(&SERVER_VERSION)));
            }
            io.outlnf(format_args!("{{\n{}\n}}", parts.join(",\n")));
        }
        _ => {
            let side = |v: &VersionInfo| -> Value {
                let mut m = crate::json::Map::new();
                for (k, x) in v.fields() {
                    m.insert(k.to_string(), Value::String(x.to_string()));
                }
                Value::Object(m)
            };
            let mut value = obj! {"clientVersion": side(&CLIENT_VERSION), "kustomizeVersion": KUSTOMIZE_VERSION};
            if !client_only {
                value["serverVersion"] = side(&SERVER_VERSION);
            }
            io.out.push_str(&super::yaml::to_yaml(&value));
            io.out.push('\n');
        }
    }
    0
}

/// kubeplay's kubeconfig as `kubectl config view` shows it (certificates omitted).
fn kubeconfig(raw: bool) -> Value {
    let data = |s: &str| if raw { s.to_string() } else { "DATA+OMITTED".to_string() };
    obj! {
        "apiVersion": "v1",
        "clusters": vec![obj!{"cluster": obj!{"certificate-authority-data": data("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCmt1YmVwbGF5Ci0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K"), "server": SERVER}, "name": CONTEXT}],
        "contexts": vec![obj!{"context": obj!{"cluster": CONTEXT, "user": CONTEXT}, "name": CONTEXT}],
        "current-context": CONTEXT,
        "kind": "Config",
        "preferences": obj!{},
        "users": vec![obj!{"name": CONTEXT, "user": obj! {
            "client-certificate-data": data("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCmt1YmVwbGF5Ci0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K"),
            "client-key-data": data("LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQprdWJlcGxheQotLS0tLUVORCBSU0EgUFJJVkFURSBLRVktLS0tLQo=")
        }}]
    }
}

/// The kubeconfig as `kubectl config view -o json` prints it: the Config struct's field order.
fn kubeconfig_json(raw: bool) -> String {
    let v = kubeconfig(raw);
    let s = |p: &str| v.pointer(p).and_then(Value::as_str).unwrap_or("").to_string();
    format!(
        "{{\n    \"kind\": \"Config\",\n    \"apiVersion\": \"v1\",\n    \"preferences\": {{}},\n    \"clusters\": [\n        {{\n            \"name\": \"{CONTEXT}\",\n            \"cluster\": {{\n                \"server\": \"{SERVER}\",\n                \"certificate-authority-data\": \"{}\"\n            }}\n        }}\n    ],\n    \"users\": [\n        {{\n            \"name\": \"{CONTEXT}\",\n            \"user\": {{\n                \"client-certificate-data\": \"{}\",\n                \"client-key-data\": \"{}\"\n            }}\n        }}\n    ],\n    \"contexts\": [\n        {{\n            \"name\": \"{CONTEXT}\",\n            \"context\": {{\n                \"cluster\": \"{CONTEXT}\",\n                \"user\": \"{CONTEXT}\"\n            }}\n        }}\n    ],\n    \"current-context\": \"{CONTEXT}\"\n}}\n",
        s("/clusters/0/cluster/certificate-authority-data"),
        s("/users/0/user/client-certificate-data"),
        s("/users/0/user/client-key-data"),
    )
}

const CONFIG_HELP: &str = "Modify kubeconfig files using subcommands like \"kubectl config set current-context my-context\".

 The loading order follows these rules:

  1.  If the --kubeconfig flag is set, then only that file is loaded. The flag may only be set once and no merging takes place.
  2.  If $KUBECONFIG environment variable is set, then it is used as a list of paths (normal path delimiting rules for your system). These paths are merged. When a value is modified, it is modified in the file that defines the stanza. When a value is created, it is created in the first file that exists. If no files in the chain exist, then it creates the last file in the list.
  3.  Otherwise, ${HOME}/.kube/config is used and no merging takes place.

Available Commands:
  current-context   Display the current-context
  delete-cluster    Delete the specified cluster from the kubeconfig
  delete-context    Delete the specified context from the kubeconfig
  delete-user       Delete the specified user from the kubeconfig
  get-clusters      Display clusters defined in the kubeconfig
  get-contexts      Describe one or many contexts
  get-users         Display users defined in the kubeconfig
  rename-context    Rename a context from the kubeconfig file
  set               Set an individual value in a kubeconfig file
  set-cluster       Set a cluster entry in kubeconfig
  set-context       Set a context entry in kubeconfig
  set-credentials   Set a user entry in kubeconfig
  unset             Unset an individual value in a kubeconfig file
  use-context       Set the current-context in a kubeconfig file
  view              Display merged kubeconfig settings or a specified kubeconfig file

Usage:
  kubectl config SUBCOMMAND [options]

Use \"kubectl config <command> --help\" for more information about a given command.
Use \"kubectl options\" for a list of global command-line options (applies to all commands).";

/// `kubectl config ...` over kubeplay's fixed kubeconfig.
fn config(argv: &[String], io: &mut Io) -> i32 {
    let Some(sub) = argv.iter().position(|a| !a.starts_with('-')) else {
        io.errln(CONFIG_HELP);
        return 1;
    };
    let mut rest: Vec<String> = argv[..sub].to_vec();
    rest.extend_from_slice(&argv[sub + 1..]);
    let path = format!("kubectl config {}", argv[sub]);
    match argv[sub].as_str() {
        "current-context" => match args::parse(&path, &[], &rest) {
            Err(e) => fail_cobra(io, e),
            Ok(_) => {
                io.outln(CONTEXT);
                0
            }
        },
        "get-contexts" => {
            let flags = [Flag::string("output", Some('o')), Flag::bool("no-headers", None)];
            let p = match args::parse(&path, &flags, &rest) {
                Ok(p) => p,
                Err(e) => return fail_cobra(io, e),
            };
            let output = p.get("output").unwrap_or("");
            if !matches!(output, "" | "name") {
                return fail_plain(
                    io,
                    format!(
                        "--output {output} is not available in kubectl config get-contexts; resetting to default output format"
                    ),
                );
            }
            let mut missing = Vec::new();
            let names: Vec<&String> = p.args.iter().collect();
            for n in &names {
                if n.as_str() != CONTEXT {
                    missing.push(CmdError::Plain(format!("context {n} not found")));
                }
            }
            let show = names.is_empty() || names.iter().any(|n| n.as_str() == CONTEXT);
            if output == "name" {
                if show {
                    io.outln(CONTEXT);
                }
            } else {
                let mut w = TabWriter::for_get();
                if !p.flag("no-headers") {
                    w.write("CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n");
                }
                if show {
                    w.writef(format_args!("*\t{CONTEXT}\t{CONTEXT}\t{CONTEXT}\t\n"));
                }
                io.out.push_str(&w.flush());
            }
            finish(io, &missing)
        }
        "get-clusters" | "get-users" => match args::parse(&path, &[], &rest) {
            Err(e) => fail_cobra(io, e),
            Ok(_) => {
                io.outln("NAME");
                io.outln(CONTEXT);
                0
            }
        },
        "use-context" => match args::parse(&path, &[], &rest) {
            Err(e) => fail_cobra(io, e),
            Ok(p) => match p.args.first() {
                Some(n) if n == CONTEXT => {
                    io.outlnf(format_args!("Switched to context \"{CONTEXT}\"."));
                    0
                }
                Some(n) => fail_plain(io, format!("no context exists with the name: \"{n}\"")),
                None => fail_plain(io, "Unexpected args: []".into()),
            },
        },
        "view" => {
            let flags = [
                Flag::string("output", Some('o')),
                Flag::bool("minify", None),
                Flag::bool("raw", None),
                Flag::bool("flatten", None),
                Flag::bool("merge", None),
            ];
            let p = match args::parse(&path, &flags, &rest) {
                Ok(p) => p,
                Err(e) => return fail_cobra(io, e),
            };
            let raw = p.flag("raw");
            match p.get("output").unwrap_or("yaml") {
                "yaml" => io.out.push_str(&super::yaml::to_yaml(&kubeconfig(raw))),
                "json" => io.out.push_str(&kubeconfig_json(raw)),
                other => match other.strip_prefix("jsonpath=") {
                    Some(t) => match super::jsonpath::JsonPath::parse(t) {
                        Ok(mut jp) => match jp.execute(&kubeconfig(raw)) {
                            Ok(s) => io.out.push_str(&s),
                            Err(e) => {
                                let msg = super::jsonpath::execution_error(t, &e, &kubeconfig(raw));
                                return fail_plain(io, msg);
                            }
                        },
                        Err(e) => return fail_plain(io, format!("error parsing jsonpath {t}, {e}")),
                    },
                    None => {
                        return fail_plain(
                            io,
                            format!(
                                "unable to match a printer suitable for the output format \"{other}\", allowed formats are: json,jsonpath,jsonpath-as-json,jsonpath-file,yaml"
                            ),
                        )
                    }
                },
            }
            0
        }
        "set-context" | "set-cluster" | "set-credentials" | "set" | "unset" | "delete-context" | "delete-cluster"
        | "delete-user" | "rename-context" => fail_plain(
            io,
            format!(
                "kubeplay: `kubectl config {}` is not available: the playground has one fixed context ({CONTEXT}); pass -n NAMESPACE to work in another namespace",
                argv[sub]
            ),
        ),
        other => fail_plain(io, format!("unknown command {:?}\nSee 'kubectl config -h' for help and examples", other)),
    }
}

/// `kubectl cluster-info`: the control plane's address (kubeplay runs no cluster add-ons such as CoreDNS).
fn cluster_info(argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl cluster-info", &[], argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    if p.args.first().map(String::as_str) == Some("dump") {
        return fail_plain(io, "kubeplay: `kubectl cluster-info dump` is not available in this playground".into());
    }
    io.outlnf(format_args!("Kubernetes control plane is running at {SERVER}"));
    io.outln("");
    io.outln("To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.");
    0
}

const EXPLAIN_FLAGS: &[Flag] =
    &[Flag::bool("recursive", None), Flag::string("api-version", None), Flag::string("output", Some('o'))];

/// A place in the schema while walking an explain path.
#[derive(Clone, Copy)]
enum Node {
    Def(Def),
    Ty(Type),
}

/// What `explain` prints for a type: `<[]Container>`, `<map[string]string>`, `<integer>` (`typeGuess`).
fn type_guess(t: Type) -> String {
    match t.kind() {
        TypeKind::String | TypeKind::Time | TypeKind::MicroTime => "string".into(),
        TypeKind::Int32 | TypeKind::Int64 => "integer".into(),
        TypeKind::Number => "number".into(),
        TypeKind::Bool => "boolean".into(),
        TypeKind::IntOrString => "IntOrString".into(),
        TypeKind::Quantity => "Quantity".into(),
        TypeKind::Raw => t.go_type().rsplit('.').next().unwrap_or("Object").to_string(),
        TypeKind::Array(e) => format!("[]{}", type_guess(e)),
        TypeKind::Map(v) => format!("map[string]{}", type_guess(v)),
        TypeKind::Object(d) => d.go_name().to_string(),
    }
}

/// The object definition whose fields a type shows (through arrays and maps).
fn fields_of(t: Type) -> Option<Def> {
    match t.kind() {
        TypeKind::Object(d) => Some(d),
        TypeKind::Array(e) | TypeKind::Map(e) => fields_of(e),
        _ => None,
    }
}

/// The description of a type (`description` template: through arrays, maps and references).
fn type_description(t: Type) -> Option<&'static str> {
    match t.kind() {
        TypeKind::Object(d) => docs::type_doc(d.go_name()),
        TypeKind::Array(e) | TypeKind::Map(e) => type_description(e),
        TypeKind::IntOrString => docs::type_doc("IntOrString"),
        TypeKind::Quantity => docs::type_doc("Quantity"),
        _ => None,
    }
}

/// go-wordwrap's `WrapString`: greedy, at most `lim` columns, words longer than that unbroken.
fn wrap(s: &str, lim: usize) -> String {
    let mut out = String::new();
    for (i, paragraph) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut current = 0usize;
        for (j, word) in paragraph.split(' ').filter(|w| !w.is_empty()).enumerate() {
            let len = word.chars().count();
            // go-wordwrap breaks as soon as a prefix of the word (shorter than the limit) overflows.
            if j > 0 && current + 1 + len.min(lim.saturating_sub(1)) > lim {
                out.push('\n');
                current = 0;
            } else if j > 0 {
                out.push(' ');
                current += 1;
            }
            out.push_str(word);
            current += len;
        }
    }
    out
}

/// Sprig's `indent`: every line prefixed with `n` spaces.
fn indent(s: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    format!("{pad}{}", s.replace('\n', &format!("\n{pad}")))
}

/// One field's lines (`fieldDetail`).
fn field_detail(out: &mut String, def: Def, field: schema::FieldSchema, level: usize, short: bool) {
    let amount = level * 2;
    out.push_str(&indent(field.name(), amount));
    out.push('\t');
    out.push_str(&format!("<{}>", type_guess(field.ty())));
    if field.required() {
        out.push_str(" -required-");
    }
    if let Some(values) = docs::enum_values(def.go_name(), field.name()) {
        out.push('\n');
        out.push_str(&" ".repeat(amount));
        out.push_str("enum: ");
        let shown: Vec<&str> = values.iter().take(4).copied().collect();
        out.push_str(&shown.join(", "));
        if values.len() > 4 {
            out.push_str(", ....");
        }
    }
    out.push('\n');
    if !short {
        if let Some(d) = docs::field_doc(def.go_name(), field.name()) {
            out.push_str(&indent(&wrap(d, 78 - amount), amount + 2));
            out.push('\n');
        }
        out.push('\n');
    }
}

/// `fieldList`: every field of `def` (sorted), nested ones too with `--recursive`.
fn field_list(out: &mut String, def: Def, level: usize, recursive: bool, seen: &mut Vec<Def>) {
    if seen.contains(&def) {
        return;
    }
    seen.push(def);
    for f in def.fields() {
        field_detail(out, def, f, level, recursive);
        if recursive {
            if let Some(d) = fields_of(f.ty()) {
                field_list(out, d, level + 1, recursive, seen);
            }
        }
    }
    seen.pop();
}

/// `kubectl explain RESOURCE[.field...]` (the OpenAPI v3 plaintext template).
fn explain(argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl explain", EXPLAIN_FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    if p.args.is_empty() {
        return fail_plain(io, "You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.".into());
    }
    if p.args.len() > 1 {
        return fail_plain(io, "We accept only this format: explain RESOURCE".into());
    }
    if let Some(o) = p.get("output") {
        if !matches!(o, "plaintext" | "plaintext-openapiv2") {
            return fail_plain(
                io,
                format!("supported output format types are plaintext, plaintext-openapiv2; {o} is invalid"),
            );
        }
    }
    let arg = &p.args[0];
    let (resource, path) = match arg.split_once('.') {
        Some((r, rest)) => (r, rest.split('.').map(str::to_string).collect::<Vec<_>>()),
        None => (arg.as_str(), Vec::new()),
    };
    let Some(kind) = super::resources::resolve_type(resource) else {
        return fail(io, CmdError::Raw(format!("the server doesn't have a resource type \"{resource}\"")));
    };
    let info = kind.info();
    let Some(root) = schema::definition(info.definition) else {
        return fail_plain(io, format!("GVK {kind} not found in OpenAPI schema"));
    };
    let mut head = String::new();
    if !info.group.is_empty() {
        head.push_str(&format!("GROUP:      {}\n", info.group));
    }
    head.push_str(&format!("KIND:       {}\nVERSION:    {}\n\n", kind.name(), info.version));
    let recursive = p.flag("recursive");
    match explain_body(root, &path, recursive) {
        Some(body) => {
            io.out.push_str(&head);
            io.out.push_str(&body);
            io.out.push('\n');
            0
        }
        None => {
            io.out.push_str(&head);
            let last = path.last().cloned().unwrap_or_default();
            fail_plain(io, format!("field \"{last}\" does not exist"))
        }
    }
}

/// The text after the header (`output`): `None` when the path does not exist.
fn explain_body(root: Def, path: &[String], recursive: bool) -> Option<String> {
    let mut node = Node::Def(root);
    let mut out = String::new();
    let mut descriptions: Vec<&'static str> = Vec::new();
    let mut i = 0;
    while i < path.len() {
        let name = &path[i];
        match node {
            Node::Def(def) => {
                let f = def.field(name)?;
                if i + 1 == path.len() {
                    out.push_str(&format!("FIELD: {name} <{}>\n", type_guess(f.ty())));
                    if let Some(values) = docs::enum_values(def.go_name(), name) {
                        out.push_str("ENUM:");
                        for v in values {
                            out.push_str("\n    ");
                            out.push_str(v);
                        }
                    }
                    out.push_str("\n\n");
                    descriptions.extend(docs::field_doc(def.go_name(), name));
                    descriptions.extend(type_description(f.ty()));
                }
                node = Node::Ty(f.ty());
                i += 1;
            }
            Node::Ty(t) => match t.kind() {
                TypeKind::Object(d) => node = Node::Def(d),
                TypeKind::Array(e) => node = Node::Ty(e),
                TypeKind::Map(v) => node = Node::Ty(v),
                _ => return None,
            },
        }
    }
    let fields = match node {
        Node::Def(d) => {
            descriptions.extend(docs::type_doc(d.go_name()));
            Some(d)
        }
        Node::Ty(t) => fields_of(t),
    };
    out.push_str("DESCRIPTION:\n");
    if descriptions.is_empty() {
        out.push_str("    <empty>\n");
    } else {
        let mut text = String::new();
        for d in &descriptions {
            text.push_str(d);
            text.push('\n');
        }
        out.push_str(&indent(&wrap(&text, 76), 4));
        out.push('\n');
    }
    if let Some(d) = fields {
        let mut list = String::new();
        field_list(&mut list, d, 1, recursive, &mut Vec::new());
        if !list.is_empty() {
            out.push_str("FIELDS:\n");
            out.push_str(&list);
        }
    }
    Some(out)
}

const EVENTS_FLAGS: &[Flag] = &[
    Flag::bool("watch", Some('w')),
    Flag::bool("all-namespaces", Some('A')),
    Flag::string("for", None),
    Flag::slice("types", None),
    Flag::bool("no-headers", None),
    Flag::string("output", Some('o')),
    Flag::int("chunk-size", None),
    Flag::bool("allow-missing-template-keys", None),
    Flag::bool("show-managed-fields", None),
    Flag::string("template", None),
];

/// How `kubectl events` filters and prints.
#[derive(Clone, Debug)]
struct EventsOptions {
    namespace: Option<String>,
    types: Vec<String>,
    /// (kind, apiVersion, name) of `--for`.
    for_object: Option<(String, String, String)>,
    all_namespaces: bool,
    no_headers: bool,
}

impl EventsOptions {
    fn wants(&self, e: &crate::api::event::Event) -> bool {
        if let Some(ns) = &self.namespace {
            if &e.metadata.namespace != ns {
                return false;
            }
        }
        if let Some((kind, api_version, name)) = &self.for_object {
            if &e.involved_object.kind != kind
                || &e.involved_object.api_version != api_version
                || &e.involved_object.name != name
            {
                return false;
            }
        }
        self.types.is_empty() || self.types.iter().any(|t| t.eq_ignore_ascii_case(&e.type_))
    }
}

/// `getInterval`: `5m`, or `30s (x3 over 5m)` for repeated events.
fn event_interval(e: &crate::api::event::Event, now: Time) -> String {
    let since = |t: Option<Time>| t.map_or_else(|| "<unknown>".to_string(), |t| human(now.0 - t.0));
    let first = since(e.first_timestamp);
    match e.count {
        Some(c) if c > 1 => format!("{} (x{c} over {first})", since(e.last_timestamp)),
        _ => first,
    }
}

/// One row of the events printer (`printOneEvent`).
fn event_row(e: &crate::api::event::Event, now: Time, all_namespaces: bool) -> String {
    let mut row = String::new();
    if all_namespaces {
        row.push_str(&e.metadata.namespace);
        row.push('\t');
    }
    let esc = |s: &str| s.replace('\u{1b}', "^[").replace('\r', "\\r");
    row.push_str(&format!(
        "{}\t{}\t{}\t{}/{}\t{}\n",
        event_interval(e, now),
        esc(&e.type_),
        esc(&e.reason),
        esc(&e.involved_object.kind),
        esc(&e.involved_object.name),
        esc(e.message.trim())
    ));
    row
}

/// The time `kubectl events` sorts by (`eventTime`).
fn event_sort_time(e: &crate::api::event::Event) -> i64 {
    let micro = |v: Option<&Value>| v.and_then(Value::as_str).and_then(Time::parse_rfc3339).map_or(0, |t| t.0);
    if let Some(series) = e.extra.get("series").filter(|s| !s.is_null()) {
        return micro(series.get("lastObservedTime"));
    }
    match e.last_timestamp {
        Some(t) if t.0 != 0 => t.0,
        _ => micro(e.event_time.as_ref()),
    }
}

/// `kubectl events`: the client-side events table, sorted by time.
fn events(cluster: &mut Cluster, argv: &[String], io: &mut Io) -> i32 {
    let p = match args::parse("kubectl events", EVENTS_FLAGS, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    let opts = match events_options(&p) {
        Ok(o) => o,
        Err(e) => return fail(io, e),
    };
    if let Some(o) = p.get("output") {
        if !o.is_empty() {
            return events_generic(cluster, &p, &opts, io);
        }
    }
    let now = cluster.now_time();
    if p.flag("watch") {
        let mut w = EventsWatch {
            opts: opts.clone(),
            seen: SeenEvents::default(),
            writer: TabWriter::for_watch(),
            header: false,
        };
        // The watch starts with every current event, as the apiserver sends them (by name).
        let current: Vec<crate::api::event::Event> =
            cluster.events().iter().map(|r| r.to_event()).filter(|e| opts.wants(e)).collect();
        for r in cluster.events().iter() {
            w.seen.record(&r);
        }
        let mut text = String::new();
        for e in &current {
            text.push_str(&w.row(e, now));
        }
        w.writer.write(&text);
        io.out.push_str(&w.writer.flush());
        cluster.watch(Box::new(w));
        return 0;
    }
    let mut list: Vec<crate::api::event::Event> =
        super::get::events(cluster, None).into_iter().filter(|e| opts.wants(e)).collect();
    if list.is_empty() {
        if opts.all_namespaces {
            io.errln("No events found.");
        } else {
            io.errlnf(format_args!("No events found in {} namespace.", namespace_of(&p)));
        }
        return 0;
    }
    let keys: Vec<i64> = list.iter().map(event_sort_time).collect();
    sort_by_keys(&mut list, keys, |a, b| a < b);
    let mut w = TabWriter::for_get();
    if !opts.no_headers {
        w.write(if opts.all_namespaces { "NAMESPACE\t" } else { "" });
        w.write("LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n");
    }
    for e in &list {
        w.write(&event_row(e, now, opts.all_namespaces));
    }
    io.out.push_str(&w.flush());
    0
}

/// `kubectl events -o ...`: the EventList through the generic printers.
fn events_generic(cluster: &Cluster, p: &Parsed, opts: &EventsOptions, io: &mut Io) -> i32 {
    let output = match super::get::output_format(p, io) {
        Ok(super::get::Output::Table { .. }) => {
            return fail_plain(
                io,
                format!(
                    "unable to match a printer suitable for the output format {:?}, allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml",
                    p.get("output").unwrap_or("")
                ),
            );
        }
        Ok(o) => o,
        Err(e) => return fail(io, e),
    };
    let mut list: Vec<crate::api::event::Event> =
        super::get::events(cluster, None).into_iter().filter(|e| opts.wants(e)).collect();
    // `Run` reports an empty list before it prints anything.
    if list.is_empty() {
        if opts.all_namespaces {
            io.errln("No events found.");
        } else {
            io.errlnf(format_args!("No events found in {} namespace.", namespace_of(p)));
        }
        return 0;
    }
    // The items of the typed list carry no kind: the name printer fails on the first and kubectl
    // ignores the error, printing nothing.
    if matches!(output, super::get::Output::Name) {
        return 0;
    }
    let keys: Vec<i64> = list.iter().map(event_sort_time).collect();
    sort_by_keys(&mut list, keys, |a, b| a < b);
    let items: Vec<Value> =
        list.into_iter().map(|e| Object::Event(crate::api::ObjBox::new(e)).to_printed_value()).collect();
    let value = obj! {"apiVersion": "v1", "items": items, "kind": "EventList", "metadata": obj!{}};
    let mut printer = super::get::GenericPrinter::new(output, p.flag("no-headers"));
    match printer.print(&value) {
        Ok(t) => {
            io.out.push_str(&t);
            0
        }
        Err(failure) => {
            let (t, e) = *failure;
            io.out.push_str(&t);
            fail(io, e)
        }
    }
}

/// Reads `kubectl events` flags (`EventsFlags.ToOptions`, `Validate`).
fn events_options(p: &Parsed) -> Result<EventsOptions, CmdError> {
    let all_namespaces = p.flag("all-namespaces");
    let mut for_object = None;
    if let Some(f) = p.get("for").filter(|f| !f.is_empty()) {
        if !f.contains('/') {
            return Err(CmdError::Plain("--for must be in resource/name form".into()));
        }
        let parts: Vec<&str> = f.split('/').collect();
        if parts.len() != 2 {
            return Err(CmdError::Plain("arguments in resource/name form may not have more than one slash".into()));
        }
        let Some(kind) = super::resources::resolve_type(parts[0]) else {
            return Err(CmdError::Raw(format!("the server doesn't have a resource type \"{}\"", parts[0])));
        };
        for_object = Some((kind.name().to_string(), kind.api_version().to_string(), parts[1].to_string()));
    }
    let mut types = p.all("types");
    types.sort();
    types.dedup();
    for t in &types {
        if !t.eq_ignore_ascii_case("Normal") && !t.eq_ignore_ascii_case("Warning") {
            return Err(CmdError::Plain("valid --types are Normal or Warning".into()));
        }
    }
    Ok(EventsOptions {
        namespace: if all_namespaces { None } else { Some(namespace_of(p)) },
        types,
        for_object,
        all_namespaces,
        no_headers: p.flag("no-headers"),
    })
}

/// `kubectl events -w`: new and repeated events as they are recorded.
struct EventsWatch {
    opts: EventsOptions,
    seen: SeenEvents,
    writer: TabWriter,
    header: bool,
}

// The watcher's state is not worth a Debug text: a derived one would compile the Debug code of
// every printer, selector and template it holds.
impl std::fmt::Debug for EventsWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EventsWatch")
    }
}

impl EventsWatch {
    fn row(&mut self, e: &crate::api::event::Event, now: Time) -> String {
        let mut text = String::new();
        if !self.header && !self.opts.no_headers {
            if self.opts.all_namespaces {
                text.push_str("NAMESPACE\t");
            }
            text.push_str("LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n");
        }
        self.header = true;
        text.push_str(&event_row(e, now, self.opts.all_namespaces));
        text
    }
}

impl Watcher for EventsWatch {
    fn poll(&mut self, cluster: &Cluster) -> String {
        let mut changed: Vec<(u64, crate::api::event::Event)> = Vec::new();
        let mut seen = SeenEvents::default();
        for r in cluster.events().iter() {
            seen.record(&r);
            if self.seen.get(&r) != Some((u64::from(r.count), r.last)) {
                changed.push((r.last, r.to_event()));
            }
        }
        self.seen = seen;
        changed.sort_by_key(|(t, _)| *t);
        let mut out = String::new();
        for (t, e) in changed {
            if self.opts.wants(&e) {
                let row = self.row(&e, Time::from_sim(t));
                self.writer.write(&row);
                out.push_str(&self.writer.flush());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_is_greedy_and_keeps_long_words_whole() {
        assert_eq!(wrap("aaa bbb ccc", 7), "aaa bbb\nccc");
        assert_eq!(wrap("a verylongword b", 4), "a\nverylongword\nb");
        assert_eq!(wrap("ab cdefghij", 6), "ab\ncdefghij");
        assert_eq!(indent("x\ny\n", 4), "    x\n    y\n    ");
    }

    #[test]
    fn explain_types_read_as_kubectl_prints_them() {
        let pod = schema::definition("io.k8s.api.core.v1.PodSpec").unwrap();
        let t = |f: &str| type_guess(pod.field(f).unwrap().ty());
        assert_eq!(t("containers"), "[]Container");
        assert_eq!(t("nodeSelector"), "map[string]string");
        assert_eq!(t("terminationGracePeriodSeconds"), "integer");
        assert_eq!(t("overhead"), "map[string]Quantity");
        let meta = schema::definition("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").unwrap();
        assert_eq!(type_guess(meta.field("creationTimestamp").unwrap().ty()), "string");
    }
}
