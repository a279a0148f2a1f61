//! `kubectl create deployment|job|cronjob|namespace|service`: the objects kubectl's generators
//! build (create_deployment.go, create_job.go, create_cronjob.go, create_namespace.go,
//! create_service.go), created on the cluster or printed with `--dry-run=client`. kubectl prints
//! these typed objects with `-o json` in Go struct field order (encoding/json), not sorted as it
//! prints objects read back from the server: [`go_json`] does the same with the Go struct table the
//! defaulting uses (`manifest::defaults::struct_fields`).

use crate::json::{Map, Value};

use super::args::{self, Flag, FlagType, Parsed};
use super::json::{go_number, obj, write_string, Put};
use super::mutate::{self, DryRun, Output, Request};
use super::{fail, fail_cobra, fail_plain, namespace_of, CmdError, Io};
use crate::api::{Kind, Object};
use crate::cluster::Cluster;
use crate::manifest::field::go_quote;
use crate::manifest::schema::{self, Def, TypeKind};

/// Flags every generator has (PrintFlags, the apply annotation, validation, dry run, field manager).
const COMMON: &[Flag] = &[
    Flag::string("output", Some('o')),
    Flag::string("template", None),
    Flag::bool("show-managed-fields", None),
    Flag::bool("allow-missing-template-keys", None),
    Flag::bool("save-config", None),
    Flag::optional("validate", "strict"),
    Flag::optional("dry-run", "unchanged"),
    Flag::string("field-manager", None),
];

/// The generators' own flags.
const DEPLOYMENT_FLAGS: &[Flag] =
    &[Flag::slice("image", None), Flag::int32("port", None), Flag::int32("replicas", Some('r'))];
const JOB_FLAGS: &[Flag] = &[Flag::string("image", None), Flag::string("from", None)];
const CRONJOB_FLAGS: &[Flag] =
    &[Flag::string("image", None), Flag::string("schedule", None), Flag::string("restart", None)];
const CLUSTERIP_FLAGS: &[Flag] = &[Flag::slice("tcp", None), Flag::string("clusterip", None)];
const NODEPORT_FLAGS: &[Flag] = &[Flag::int("node-port", None), Flag::slice("tcp", None)];
const LOADBALANCER_FLAGS: &[Flag] = &[Flag::slice("tcp", None)];
const EXTERNALNAME_FLAGS: &[Flag] = &[Flag::slice("tcp", None), Flag::string("external-name", None)];
/// Every flag of the service subcommands (for finding the subcommand).
const SERVICE_FLAGS: &[Flag] = &[
    Flag::slice("tcp", None),
    Flag::string("clusterip", None),
    Flag::int("node-port", None),
    Flag::string("external-name", None),
];

/// The flags of `kubectl create` itself (for finding its subcommand).
const CREATE_FLAGS: &[Flag] = &[
    Flag::array("filename", Some('f')),
    Flag::string("kustomize", Some('k')),
    Flag::string("selector", Some('l')),
    Flag::string("raw", None),
];

/// The subcommands of `kubectl create` that generate kinds kubeplay does not serve.
const OTHER_SUBCOMMANDS: &[&str] = &[
    "clusterrole",
    "clusterrolebinding",
    "configmap",
    "cm",
    "ingress",
    "ing",
    "poddisruptionbudget",
    "pdb",
    "priorityclass",
    "pc",
    "quota",
    "resourcequota",
    "role",
    "rolebinding",
    "secret",
    "serviceaccount",
    "sa",
    "token",
];

/// What `kubectl create service` alone prints (cobra's help, on stderr, exit 1).
const SERVICE_HELP: &str = "Create a service using a specified subcommand.\n\nAliases:\nservice, svc\n\nAvailable Commands:\n  clusterip      Create a ClusterIP service\n  externalname   Create an ExternalName service\n  loadbalancer   Create a LoadBalancer service\n  nodeport       Create a NodePort service\n\nUsage:\n  kubectl create service [flags] [options]\n\nUse \"kubectl create service <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).";

/// The index of the first word that is not a flag (of `flags` or the global ones) or its value.
fn first_word(argv: &[String], flags: &[Flag]) -> Option<usize> {
    let all: Vec<&Flag> = flags.iter().chain(COMMON.iter()).chain(args::GLOBAL_FLAGS.iter()).collect();
    let mut i = 0;
    while i < argv.len() {
        let a = &argv[i];
        if a == "--" {
            return None;
        }
        if !a.starts_with('-') || a == "-" {
            return Some(i);
        }
        let takes_value = !a.contains('=')
            && all.iter().any(|f| f.ty != FlagType::Bool && f.no_opt_default.is_none() && f.is_named(a));
        i += if takes_value { 2 } else { 1 };
    }
    None
}

/// `kubectl create SUBCOMMAND ...` (without `-f`).
pub fn run(cluster: &mut Cluster, _verb: &str, argv: &[String], io: &mut Io) -> i32 {
    let Some(at) = first_word(argv, CREATE_FLAGS) else {
        return fail_plain(io, "must specify one of -f and -k".into());
    };
    let sub = argv[at].as_str();
    let mut rest: Vec<String> = argv[..at].to_vec();
    rest.extend_from_slice(&argv[at + 1..]);
    match sub {
        "deployment" | "deploy" => generate(cluster, "deployment", DEPLOYMENT_FLAGS, &rest, io),
        "job" => generate(cluster, "job", JOB_FLAGS, &rest, io),
        "cronjob" | "cj" => generate(cluster, "cronjob", CRONJOB_FLAGS, &rest, io),
        "namespace" | "ns" => generate(cluster, "namespace", &[], &rest, io),
        "service" | "svc" => service(cluster, &rest, io),
        s if OTHER_SUBCOMMANDS.contains(&s) => {
            fail_plain(io, format!("kubeplay: `kubectl create {s}` makes a kind this playground does not serve"))
        }
        _ => {
            let words: Vec<&str> = argv[at..].iter().map(String::as_str).filter(|w| !w.starts_with('-')).collect();
            fail(
                io,
                CmdError::Raw(format!(
                    "error: Unexpected args: [{}]\nSee 'kubectl create -h' for help and examples",
                    words.join(" ")
                )),
            )
        }
    }
}

/// `kubectl create service TYPE ...`.
fn service(cluster: &mut Cluster, argv: &[String], io: &mut Io) -> i32 {
    let Some(at) = first_word(argv, SERVICE_FLAGS) else {
        io.errln(SERVICE_HELP);
        return 1;
    };
    let sub = argv[at].as_str();
    let mut rest: Vec<String> = argv[..at].to_vec();
    rest.extend_from_slice(&argv[at + 1..]);
    match sub {
        "clusterip" => generate(cluster, "service clusterip", CLUSTERIP_FLAGS, &rest, io),
        "nodeport" => generate(cluster, "service nodeport", NODEPORT_FLAGS, &rest, io),
        "loadbalancer" => generate(cluster, "service loadbalancer", LOADBALANCER_FLAGS, &rest, io),
        "externalname" => generate(cluster, "service externalname", EXTERNALNAME_FLAGS, &rest, io),
        _ => {
            let words: Vec<&str> = argv[at..].iter().map(String::as_str).filter(|w| !w.starts_with('-')).collect();
            fail(
                io,
                CmdError::Raw(format!(
                    "error: unknown command {}\nSee 'kubectl create service -h' for help and examples",
                    go_quote(&words.join(" "))
                )),
            )
        }
    }
}

/// The flags a generator accepts: its own, then the common ones (cobra checks them all).
fn flags_of(own: &[Flag]) -> Vec<Flag> {
    own.iter().chain(COMMON.iter()).copied().collect()
}

/// Parses, checks and runs one generator (`what` is its command path after `kubectl create`).
fn generate(cluster: &mut Cluster, what: &str, own: &[Flag], argv: &[String], io: &mut Io) -> i32 {
    let flags = flags_of(own);
    let path = format!("kubectl create {what}");
    let p = match args::parse(&path, &flags, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    let required: &[&str] = match what {
        "deployment" => &["image"],
        "cronjob" => &["image", "schedule"],
        "service externalname" => &["external-name"],
        _ => &[],
    };
    if let Some(e) = mutate::required_flags(cluster, &p, required) {
        return fail(io, e);
    }
    match build_and_create(cluster, what, &p, io) {
        Ok(()) => super::finish(io, &[]),
        Err(e) => fail(io, e),
    }
}

/// `NameFromCommandArgs`: exactly one name before `--`; the words after it are the command.
fn name_and_command(what: &str, p: &Parsed) -> Result<(String, Vec<String>), CmdError> {
    if p.args.len() != 1 {
        return Err(CmdError::Raw(format!(
            "error: exactly one NAME is required, got {}\nSee 'kubectl create {what} -h' for help and examples",
            p.args.len()
        )));
    }
    Ok((p.args[0].clone(), p.after_dash.clone().unwrap_or_default()))
}

fn build_and_create(cluster: &mut Cluster, what: &str, p: &Parsed, io: &mut Io) -> Result<(), CmdError> {
    let (name, command) = name_and_command(what, p)?;
    let explicit_ns = p.get("namespace").filter(|n| !n.is_empty()).map(str::to_string);
    let ns = namespace_of(p);
    let dry = mutate::dry_run(cluster, p, io)?;
    let out = mutate::output(p)?;
    match p.get("validate").unwrap_or("strict") {
        "1" | "t" | "T" | "true" | "TRUE" | "True" | "strict" | "0" | "f" | "F" | "false" | "FALSE" | "False"
        | "warn" | "ignore" => {}
        other => {
            return Err(CmdError::Plain(format!(
                "invalid - validate option {}; must be one of: strict (or true), warn, ignore (or false)",
                go_quote(other)
            )))
        }
    }
    let meta_ns = explicit_ns.as_deref();
    let (kind, object, failure) = match what {
        "deployment" => {
            let images = p.all("image");
            if images.len() > 1 && !command.is_empty() {
                return Err(CmdError::Plain("cannot specify multiple --image options and command".into()));
            }
            let replicas = p.int("replicas").unwrap_or(1);
            let port = if p.has("port") { p.int("port") } else { None };
            (Kind::Deployment, deployment(cluster, &name, meta_ns, &images, port, replicas, &command), "deployment")
        }
        "job" => {
            let image = p.get("image").unwrap_or("");
            let from = p.get("from").unwrap_or("");
            if image.is_empty() == from.is_empty() {
                return Err(CmdError::Plain("either --image or --from must be specified".into()));
            }
            if !command.is_empty() && !from.is_empty() {
                return Err(CmdError::Plain("cannot specify --from and command".into()));
            }
            let job = if from.is_empty() {
                job(&name, meta_ns, image, &command)
            } else {
                job_from_cronjob(cluster, &name, meta_ns, &ns, from)?
            };
            (Kind::Job, job, "job")
        }
        "cronjob" => {
            let restart = p.get("restart").filter(|r| !r.is_empty()).unwrap_or("OnFailure");
            let cj = cronjob(
                &name,
                meta_ns,
                p.get("image").unwrap_or(""),
                p.get("schedule").unwrap_or(""),
                restart,
                &command,
            );
            (Kind::CronJob, cj, "cronjob")
        }
        "namespace" => (
            Kind::Namespace,
            obj! {"kind": "Namespace", "apiVersion": "v1", "metadata": obj!{"name": name, "creationTimestamp": Value::Null}, "spec": obj!{}, "status": obj!{}},
            "namespace",
        ),
        _ => {
            let ty = match what {
                "service nodeport" => "NodePort",
                "service loadbalancer" => "LoadBalancer",
                "service externalname" => "ExternalName",
                _ => "ClusterIP",
            };
            let svc = service_object(&name, meta_ns, ty, p)?;
            (Kind::Service, svc, ty)
        }
    };
    let mut object = object;
    if p.flag("save-config") {
        let recorded = format!("{}\n", go_json_compact(&object, Some(kind)));
        mutate::set_annotation(&mut object, crate::manifest::merge::LAST_APPLIED, &recorded);
    }
    if dry == DryRun::Client {
        print_generated(io, out, kind, &object, dry);
        return Ok(());
    }
    let mut send = object.clone();
    if kind.namespaced() {
        if let Some(meta) = send.get_mut("metadata").and_then(Value::as_object_mut) {
            meta.put("namespace", Value::String(ns.clone()));
        }
    }
    match cluster.create_value(kind, send, dry == DryRun::Server) {
        Ok(created) => {
            print_generated(io, out, kind, &created.to_printed_value(), dry);
            Ok(())
        }
        Err(err) => {
            let what = match kind {
                Kind::Service => format!("{failure} service"),
                _ => failure.to_string(),
            };
            Err(CmdError::Plain(format!("failed to create {what}: {}", err.message())))
        }
    }
}

/// Prints a typed object as kubectl's printers do: the name line, YAML (sorted by the YAML
/// printer), or JSON in Go struct order.
pub(super) fn print_generated(io: &mut Io, out: Output, kind: Kind, value: &Value, dry: DryRun) {
    match out {
        Output::Json => io.out.push_str(&go_json(value, Some(kind))),
        other => mutate::print(io, other, kind, value, "created", dry),
    }
}

fn metadata(name: &str, namespace: Option<&str>, labels: Option<Value>) -> Value {
    let mut m = Map::new();
    m.put("name", Value::String(name.into()));
    if let Some(ns) = namespace {
        m.put("namespace", Value::String(ns.into()));
    }
    m.put("creationTimestamp", Value::Null);
    if let Some(l) = labels {
        m.put("labels", l);
    }
    Value::Object(m)
}

fn container(name: &str, image: &str, command: &[String]) -> Value {
    let mut c = Map::new();
    c.put("name", Value::String(name.into()));
    c.put("image", Value::String(image.into()));
    if !command.is_empty() {
        c.put("command", Value::from(command));
    }
    c.put("resources", obj! {});
    Value::Object(c)
}

/// create_deployment.go `buildPodSpec`'s container name: the image's last path element without tag
/// or digest, with `_` and `.` made `-` and a random suffix added when there were any.
fn container_name(cluster: &Cluster, image: &str) -> String {
    let mut name = image.rsplit('/').next().unwrap_or(image).to_string();
    if let Some((n, _)) = name.split_once(':') {
        name = n.to_string();
    }
    if let Some((n, _)) = name.split_once('@') {
        name = n.to_string();
    }
    if name.contains(['_', '.']) {
        let mut rng = mutate::local_rng(cluster, image);
        name = format!("{}-{}", name.replace(['_', '.'], "-"), rng.string_from(crate::sim::NAME_ALPHABET, 5));
    }
    name
}

/// create_deployment.go `createDeployment`.
fn deployment(
    cluster: &Cluster,
    name: &str,
    namespace: Option<&str>,
    images: &[String],
    port: Option<i64>,
    replicas: i64,
    command: &[String],
) -> Value {
    let labels = obj! {"app": name};
    let mut containers: Vec<Value> =
        images.iter().map(|i| container(&container_name(cluster, i), i, command)).collect();
    if let (Some(port), Some(Value::Object(first))) = (port.filter(|p| *p >= 0), containers.first_mut()) {
        first.put("ports", Value::Array(vec![obj! {"containerPort": port}]));
    }
    obj! {
        "kind": "Deployment",
        "apiVersion": "apps/v1",
        "metadata": metadata(name, namespace, Some(labels.clone())),
        "spec": obj! {
            "replicas": replicas,
            "selector": obj!{"matchLabels": labels.clone()},
            "template": obj! {
                "metadata": obj!{"creationTimestamp": Value::Null, "labels": labels},
                "spec": obj!{"containers": Value::Array(containers)},
            },
            "strategy": obj!{},
        },
        "status": obj!{},
    }
}

/// create_job.go `createJob`.
fn job(name: &str, namespace: Option<&str>, image: &str, command: &[String]) -> Value {
    obj! {
        "kind": "Job",
        "apiVersion": "batch/v1",
        "metadata": metadata(name, namespace, None),
        "spec": obj! {
            "template": obj! {
                "metadata": obj!{"creationTimestamp": Value::Null},
                "spec": obj!{"containers": Value::Array(vec![container(name, image, command)]), "restartPolicy": "Never"},
            },
        },
        "status": obj!{},
    }
}

/// create_job.go `createJobFromCronJob`: the CronJob's job template, owned by the CronJob.
fn job_from_cronjob(
    cluster: &Cluster,
    name: &str,
    namespace: Option<&str>,
    ns: &str,
    from: &str,
) -> Result<Value, CmdError> {
    let args = vec![from.to_string()];
    let selected = mutate::select(
        cluster,
        &Request {
            args: &args,
            all: false,
            selector: None,
            field_selector: None,
            all_namespaces: false,
            namespace: ns,
        },
    )?;
    if let Some(e) = selected.errors.into_iter().next() {
        return Err(e);
    }
    let [obj] = selected.objects.as_slice() else {
        return Err(CmdError::Plain("from must be an existing cronjob".into()));
    };
    let Object::CronJob(_) = obj else {
        return Err(CmdError::Plain(format!("unknown object type *v1.{}", obj.kind().name())));
    };
    let cj = obj.to_printed_value();
    let template = cj.pointer("/spec/jobTemplate").cloned().unwrap_or(Value::Null);
    let mut annotations = Map::new();
    annotations.put("cronjob.kubernetes.io/instantiate", Value::String("manual".into()));
    if let Some(a) = template.pointer("/metadata/annotations").and_then(Value::as_object) {
        for (k, v) in a {
            annotations.insert(k.clone(), v.clone());
        }
    }
    let mut meta = Map::new();
    meta.put("name", Value::String(name.into()));
    if let Some(ns) = namespace {
        meta.put("namespace", Value::String(ns.into()));
    }
    meta.put("creationTimestamp", Value::Null);
    if let Some(l) = template.pointer("/metadata/labels").filter(|l| l.as_object().is_some_and(|m| !m.is_empty())) {
        meta.put("labels", l.clone());
    }
    meta.put("annotations", Value::Object(annotations));
    meta.insert(
        "ownerReferences".into(),
        Value::Array(vec![
            obj!{"apiVersion": "batch/v1", "kind": "CronJob", "name": obj.name(), "uid": obj.meta().uid.as_str(), "controller": true},
        ]),
    );
    Ok(obj! {
        "kind": "Job",
        "apiVersion": "batch/v1",
        "metadata": meta,
        "spec": template.get("spec").cloned().unwrap_or_else(|| obj!{}),
        "status": obj!{},
    })
}

/// create_cronjob.go `createCronJob`.
fn cronjob(
    name: &str,
    namespace: Option<&str>,
    image: &str,
    schedule: &str,
    restart: &str,
    command: &[String],
) -> Value {
    obj! {
        "kind": "CronJob",
        "apiVersion": "batch/v1",
        "metadata": metadata(name, namespace, None),
        "spec": obj! {
            "schedule": schedule,
            "jobTemplate": obj! {
                "metadata": obj!{"name": name, "creationTimestamp": Value::Null},
                "spec": obj! {
                    "template": obj! {
                        "metadata": obj!{"creationTimestamp": Value::Null},
                        "spec": obj!{"containers": Value::Array(vec![container(name, image, command)]), "restartPolicy": restart},
                    },
                },
            },
        },
        "status": obj!{},
    }
}

/// create_service.go `parsePorts`: `port[:targetPort]`, a named target port allowed.
fn parse_ports(spec: &str) -> Result<(i64, Value), CmdError> {
    let parts: Vec<&str> = spec.split(':').collect();
    let port_text = parts.first().copied().unwrap_or("");
    let port: u64 = port_text.parse().map_err(|_| {
        let all_digits = !port_text.is_empty() && port_text.bytes().all(|b| b.is_ascii_digit());
        let why = if all_digits { "value out of range" } else { "invalid syntax" };
        CmdError::Plain(format!("strconv.ParseUint: parsing {}: {why}", go_quote(port_text)))
    })?;
    if port > 65535 {
        return Err(CmdError::Plain(format!("strconv.ParseUint: parsing {}: value out of range", go_quote(port_text))));
    }
    let port = port as i64;
    let Some(target) = parts.get(1) else { return Ok((port, Value::from(port))) };
    match target.parse::<i64>() {
        Ok(n) => {
            let errs = crate::manifest::validate::is_valid_port_num(n);
            if !errs.is_empty() {
                return Err(CmdError::Plain(errs.join(",")));
            }
            Ok((port, Value::from(n)))
        }
        Err(_) => {
            let errs = crate::manifest::validate::is_valid_port_name(target);
            if !errs.is_empty() {
                return Err(CmdError::Plain(errs.join(",")));
            }
            Ok((port, Value::String(target.to_string())))
        }
    }
}

/// create_service.go `Validate` and `createService`.
fn service_object(name: &str, namespace: Option<&str>, ty: &str, p: &Parsed) -> Result<Value, CmdError> {
    let cluster_ip = p.get("clusterip").unwrap_or("");
    let tcp = p.all("tcp");
    if cluster_ip == "None" && ty != "ClusterIP" {
        return Err(CmdError::Plain("ClusterIP=None can only be used with ClusterIP service type".into()));
    }
    if cluster_ip != "None" && tcp.is_empty() && ty != "ExternalName" {
        return Err(CmdError::Plain("at least one tcp port specifier must be provided".into()));
    }
    let external_name = p.get("external-name").unwrap_or("");
    if ty == "ExternalName" && !crate::manifest::validate::is_dns1123_subdomain(external_name).is_empty() {
        return Err(CmdError::Plain(format!("invalid service external name {external_name}")));
    }
    let node_port = p.int("node-port").unwrap_or(0);
    let mut ports = Vec::new();
    for t in &tcp {
        let (port, target) = parse_ports(t)?;
        let mut m = Map::new();
        m.put("name", Value::String(t.replace(':', "-")));
        m.put("protocol", Value::String("TCP".into()));
        m.put("port", Value::from(port));
        m.put("targetPort", target);
        // NodePort is an int32 in the typed object: the flag's int wraps as Go's conversion does.
        let np = i64::from(node_port as i32);
        if np != 0 {
            m.put("nodePort", Value::from(np));
        }
        ports.push(Value::Object(m));
    }
    let mut spec = Map::new();
    if !ports.is_empty() {
        spec.put("ports", Value::Array(ports));
    }
    spec.put("selector", obj! {"app": name});
    if !cluster_ip.is_empty() {
        spec.put("clusterIP", Value::String(cluster_ip.into()));
    }
    spec.put("type", Value::String(ty.into()));
    if !external_name.is_empty() {
        spec.put("externalName", Value::String(external_name.into()));
    }
    Ok(obj! {
        "kind": "Service",
        "apiVersion": "v1",
        "metadata": metadata(name, namespace, Some(obj!{"app": name})),
        "spec": spec,
        "status": obj!{"loadBalancer": obj!{}},
    })
}

/// The Go declaration order of a definition's fields: the Go struct table, found by the
/// definition's package and name (`io.k8s.api.apps.v1.Deployment` is `apps.Deployment`).
fn go_order(def: Def) -> Option<Vec<&'static str>> {
    let name = def.name();
    let (path, ty) = name.rsplit_once('.')?;
    let package = match path.strip_prefix("io.k8s.api.") {
        Some(rest) => rest.split('.').next()?,
        None if path == "io.k8s.apimachinery.pkg.apis.meta.v1" => "meta",
        None => return None,
    };
    let fields: Vec<&'static str> =
        crate::manifest::defaults::struct_fields(&format!("{package}.{ty}")).map(|(json, _, _)| json).collect();
    (!fields.is_empty()).then_some(fields)
}

/// `json.MarshalIndent(obj, "", "    ")` of a typed object: struct fields in Go order, map keys
/// sorted, then a newline (cli-runtime `JSONPrinter` on a typed object).
pub fn go_json(value: &Value, kind: Option<Kind>) -> String {
    let mut out = String::new();
    let def = kind.and_then(|k| schema::definition(k.info().definition));
    write(&mut out, value, def.map(Shape::Struct).unwrap_or(Shape::Free), Some(0));
    out.push('\n');
    out
}

/// `json.Marshal` of a typed object (compact, Go order).
pub fn go_json_compact(value: &Value, kind: Option<Kind>) -> String {
    let mut out = String::new();
    let def = kind.and_then(|k| schema::definition(k.info().definition));
    write(&mut out, value, def.map(Shape::Struct).unwrap_or(Shape::Free), None);
    out
}

/// `json.Marshal` of a decoded JSON tree (compact, keys sorted) appended to `out`.
pub(crate) fn write_compact(out: &mut String, value: &Value) {
    write(out, value, Shape::Free, None);
}

/// How a value's members are ordered.
#[derive(Clone, Copy)]
enum Shape {
    Struct(Def),
    Map(crate::manifest::schema::Type),
    Array(crate::manifest::schema::Type),
    Free,
}

fn shape_of(ty: crate::manifest::schema::Type) -> Shape {
    match ty.kind() {
        TypeKind::Object(def) => Shape::Struct(def),
        TypeKind::Map(elem) => Shape::Map(elem),
        TypeKind::Array(elem) => Shape::Array(elem),
        _ => Shape::Free,
    }
}

fn newline(out: &mut String, depth: Option<usize>) {
    if let Some(d) = depth {
        out.push('\n');
        for _ in 0..d {
            out.push_str("    ");
        }
    }
}

fn write(out: &mut String, value: &Value, shape: Shape, depth: Option<usize>) {
    let inner = depth.map(|d| d + 1);
    let sep = if depth.is_some() { ": " } else { ":" };
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&go_number(n)),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            let elem = match shape {
                Shape::Array(t) => shape_of(t),
                _ => Shape::Free,
            };
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, inner);
                write(out, item, elem, inner);
            }
            newline(out, depth);
            out.push(']');
        }
        Value::Object(m) => {
            if m.is_empty() {
                out.push_str("{}");
                return;
            }
            let keys: Vec<&String> = match shape {
                Shape::Struct(def) => match go_order(def) {
                    Some(order) => {
                        let mut ks: Vec<&String> =
                            order.iter().filter_map(|k| m.get_key_value(*k).map(|(k, _)| k)).collect();
                        ks.extend(m.keys().filter(|k| !order.contains(&k.as_str())));
                        ks
                    }
                    None => m.keys().collect(),
                },
                _ => m.keys().collect(),
            };
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, inner);
                write_string(out, k);
                out.push_str(sep);
                let member = match shape {
                    Shape::Struct(def) => def.field(k).map_or(Shape::Free, |f| shape_of(f.ty())),
                    Shape::Map(t) => shape_of(t),
                    _ => Shape::Free,
                };
                write(out, &m[k.as_str()], member, inner);
            }
            newline(out, depth);
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests;
