//! `kubectl run NAME --image=IMAGE`: the checks of run.go (`RunOptions.Run`), the Pod that the
//! `BasicPod` generator builds (generate/versioned/run.go), `--overrides`, `--expose`'s Service
//! (the ServiceGeneratorV2 of generate/versioned/service.go), then created or printed with
//! `--dry-run=client`. Attaching (`-i`, `-t`, `--attach`, `--rm`) needs a terminal into the
//! container, which the playground does not have: kubeplay says so instead of creating anything.

use crate::json::{Map, Value};

use super::args::{self, Flag, Parsed};
use super::json::{obj, Put};
use super::mutate::{self, DryRun, Output, PRINT_FLAGS};
use super::patch::{decode, go_json, json_patch, merge};
use super::{fail, fail_cobra, namespace_of, CmdError, Io};
use crate::api::Kind;
use crate::cluster::Cluster;
use crate::manifest::field::go_quote;

/// `kubectl run`'s own flags (run.go `addRunFlags`, `DeleteFlags`, `RecordFlags`, apply's
/// `--save-config`, `--pod-running-timeout`); the printer's come from [`PRINT_FLAGS`].
const RUN_FLAGS: &[Flag] = &[
    Flag::array("annotations", None),
    Flag::bool("attach", None),
    Flag::optional("cascade", "background"),
    Flag::bool("command", None),
    Flag::optional("dry-run", "unchanged"),
    Flag::array("env", None),
    Flag::bool("expose", None),
    Flag::string("field-manager", None),
    Flag::array("filename", Some('f')),
    Flag::bool("force", None),
    Flag::int("grace-period", None),
    Flag::string("image", None),
    Flag::string("image-pull-policy", None),
    Flag::string("kustomize", Some('k')),
    Flag::string("labels", Some('l')),
    Flag::bool("leave-stdin-open", None),
    Flag::string("override-type", None),
    Flag::string("overrides", None),
    Flag::duration("pod-running-timeout"),
    Flag::string("port", None),
    Flag::bool("privileged", None),
    Flag::bool("quiet", Some('q')),
    Flag::bool("record", None),
    Flag::bool("recursive", Some('R')),
    Flag::string("restart", None),
    Flag::bool("rm", None),
    Flag::bool("save-config", None),
    Flag::bool("stdin", Some('i')),
    Flag::duration("timeout"),
    Flag::bool("tty", Some('t')),
    Flag::bool("wait", None),
];

fn flags() -> Vec<Flag> {
    RUN_FLAGS.iter().chain(PRINT_FLAGS.iter()).copied().collect()
}

/// `cmdutil.UsageErrorf` under `kubectl run`.
fn usage(message: &str) -> CmdError {
    CmdError::Raw(format!("error: {message}\nSee 'kubectl run -h' for help and examples"))
}

/// `kubectl run ARGS...`.
pub fn run(cluster: &mut Cluster, _verb: &str, argv: &[String], io: &mut Io) -> i32 {
    let flags = flags();
    let p = match args::parse("kubectl run", &flags, argv) {
        Ok(p) => p,
        Err(e) => return fail_cobra(io, e),
    };
    mutate::warn_record(&p, argv, io);
    if let Some(e) = mutate::required_flags(cluster, &p, &["image"]) {
        return fail(io, e);
    }
    let errors = match run_pod(cluster, &p, argv, &flags, io) {
        Ok(errors) => errors,
        Err(e) => vec![e],
    };
    super::finish(io, &errors)
}

/// `RunOptions.Complete` and `Run`; returns the errors that do not stop the command (a Service
/// that could not be created).
fn run_pod(
    cluster: &mut Cluster,
    p: &Parsed,
    argv: &[String],
    flags: &[Flag],
    io: &mut Io,
) -> Result<Vec<CmdError>, CmdError> {
    let dry = mutate::dry_run(cluster, p, io)?;
    let out = mutate::output(p)?;
    let Some(name) = p.args.first() else {
        return Err(usage("NAME is required for run"));
    };
    let image = p.get("image").unwrap_or("");
    if image.is_empty() {
        return Err(CmdError::Plain("--image is required".into()));
    }
    if !is_reference(image) {
        return Err(CmdError::Plain(format!("Invalid image name {}: invalid reference format", go_quote(image))));
    }
    let interactive = p.flag("stdin");
    if p.flag("tty") && !interactive {
        return Err(usage("-i/--stdin is required for containers with -t/--tty=true"));
    }
    let port = p.get("port").unwrap_or("");
    if p.flag("expose") && port.is_empty() {
        return Err(usage("--port must be set when exposing a service"));
    }
    // getRestartPolicy's choice (OnFailure for an empty flag with -i) only decides what an attached
    // run waits for; the generator reads the flag itself, and an empty one is Always.
    let restart = match p.get("restart").unwrap_or("Always") {
        "" => "Always",
        r @ ("Always" | "OnFailure" | "Never") => r,
        other => return Err(usage(&format!("invalid restart policy: {other}"))),
    };
    let attach = if p.has("attach") { p.flag("attach") } else { interactive };
    if !attach && p.flag("rm") {
        return Err(usage("--rm should only be used for attached containers"));
    }
    if attach && dry != DryRun::None {
        return Err(usage(
            "--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)",
        ));
    }
    match p.get("image-pull-policy").unwrap_or("") {
        "" | "Always" | "IfNotPresent" | "Never" => {}
        other => return Err(usage(&format!("invalid image pull policy: {other}"))),
    }
    if attach {
        io.hints.push(format!(
            "run it detached (`kubectl run {name} --image={image} --restart=Never -- CMD`), then read what it printed with `kubectl logs {name}` or run a command in it with `kubectl exec {name} -- CMD`"
        ));
        return Err(CmdError::Plain(
            "kubeplay: attaching to the container (-i, -t, --attach, --rm) is not simulated: the playground has no terminal into a container".into(),
        ));
    }

    let mut rest: Vec<String> = p.args.iter().skip(1).cloned().collect();
    rest.extend(p.after_dash.clone().unwrap_or_default());
    let mut pod = basic_pod(name, image, restart, port, &rest, p)?;
    if let Some(fragment) = p.get("overrides").filter(|o| !o.is_empty()) {
        pod = override_object(pod, fragment, p.get("override-type").unwrap_or("merge"))?;
    }
    if p.flag("record") {
        let cause = mutate::change_cause(&["run"], flags, argv);
        mutate::record(&mut pod, &cause);
    }
    let explicit_ns = p.get("namespace").filter(|n| !n.is_empty());
    let ns = namespace_of(p);
    let pod = create(cluster, Kind::Pod, pod, dry, explicit_ns, &ns, p.flag("save-config"))?;

    let mut errors = Vec::new();
    let mut printed = 0;
    if p.flag("expose") {
        let service = service(name, port, p.get("labels").unwrap_or(""))?;
        match create(cluster, Kind::Service, service, dry, explicit_ns, &ns, p.flag("save-config")) {
            Ok(svc) => {
                print(io, out, Kind::Service, &svc, dry, &mut printed);
                if out == Output::Yaml {
                    // generateService separates the YAML objects itself, and the YAML printer
                    // separates the next one again.
                    io.outln("---");
                }
            }
            Err(e) => errors.push(e),
        }
    }
    print(io, out, Kind::Pod, &pod, dry, &mut printed);
    Ok(errors)
}

/// Prints one object with the command's printer (which separates YAML documents it prints).
fn print(io: &mut Io, out: Output, kind: Kind, value: &Value, dry: DryRun, printed: &mut u32) {
    *printed += 1;
    if out == Output::Yaml && *printed > 1 {
        io.outln("---");
    }
    super::create_gen::print_generated(io, out, kind, value, dry);
}

/// `createGeneratedObject`: with `--dry-run=client` the generated object (its namespace set only
/// when `-n` was given); otherwise what the apiserver created.
fn create(
    cluster: &mut Cluster,
    kind: Kind,
    mut object: Value,
    dry: DryRun,
    explicit_ns: Option<&str>,
    ns: &str,
    save_config: bool,
) -> Result<Value, CmdError> {
    if dry == DryRun::Client {
        if let (Some(n), Some(meta)) = (explicit_ns, object.get_mut("metadata").and_then(Value::as_object_mut)) {
            meta.put("namespace", Value::String(n.to_string()));
        }
        return Ok(object);
    }
    if save_config {
        let recorded = format!("{}\n", super::create_gen::go_json_compact(&object, Some(kind)));
        mutate::set_annotation(&mut object, crate::manifest::merge::LAST_APPLIED, &recorded);
    }
    if let Some(meta) = object.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.put("namespace", Value::String(ns.to_string()));
    }
    match cluster.create_value(kind, object, dry == DryRun::Server) {
        Ok(created) => Ok(created.to_printed_value()),
        Err(err) => Err(CmdError::Api { err, context: None }),
    }
}

/// `BasicPod.Generate`, its checks in upstream's order.
fn basic_pod(
    name: &str,
    image: &str,
    restart: &str,
    port: &str,
    rest: &[String],
    p: &Parsed,
) -> Result<Value, CmdError> {
    if name.is_empty() {
        return Err(CmdError::Plain("Parameter: name is required".into()));
    }
    let env = envs(&p.all("env"))?;
    let annotations = annotations(&p.all("annotations"))?;
    let labels = match p.get("labels").filter(|l| !l.is_empty()) {
        Some(spec) => parse_labels(spec)?,
        None => {
            let mut m = Map::new();
            m.put("run", Value::String(name.to_string()));
            m
        }
    };
    let stdin = p.flag("stdin");
    let mut container = Map::new();
    container.put("name", Value::String(name.to_string()));
    container.put("image", Value::String(image.to_string()));
    if !rest.is_empty() {
        let field = if p.flag("command") { "command" } else { "args" };
        container.put(field, Value::from(rest));
    }
    if !port.is_empty() {
        let n = go_atoi(port)?;
        // ContainerPort is an int32: Go's conversion wraps.
        container.put("ports", Value::Array(vec![obj! {"containerPort": n as i32}]));
    }
    if !env.is_empty() {
        container.put("env", Value::Array(env));
    }
    container.put("resources", obj! {});
    if let Some(policy) = p.get("image-pull-policy").filter(|s| !s.is_empty()) {
        container.put("imagePullPolicy", Value::String(policy.to_string()));
    }
    if p.flag("privileged") {
        container.put("securityContext", obj! {"privileged": true});
    }
    if stdin {
        container.put("stdin", Value::Bool(true));
        if !p.flag("leave-stdin-open") {
            container.put("stdinOnce", Value::Bool(true));
        }
    }
    if p.flag("tty") {
        container.put("tty", Value::Bool(true));
    }
    let mut meta = Map::new();
    meta.put("name", Value::String(name.to_string()));
    meta.put("creationTimestamp", Value::Null);
    meta.put("labels", Value::Object(labels));
    if !annotations.is_empty() {
        meta.put("annotations", Value::Object(annotations));
    }
    Ok(obj! {
        "kind": "Pod",
        "apiVersion": "v1",
        "metadata": meta,
        "spec": obj! {
            "containers": vec![Value::Object(container)],
            "restartPolicy": restart,
            "dnsPolicy": "ClusterFirst",
        },
        "status": obj!{},
    })
}

/// `parseEnvs`: `NAME=value`, the name an env var name.
fn envs(specs: &[String]) -> Result<Vec<Value>, CmdError> {
    let mut out = Vec::new();
    for spec in specs {
        let Some((name, value)) = spec.split_once('=') else {
            return Err(CmdError::Plain(format!("invalid env: {spec}")));
        };
        if name.is_empty() || !crate::manifest::validate::is_env_var_name(name).is_empty() {
            return Err(CmdError::Plain(format!("invalid env: {spec}")));
        }
        out.push(obj! {"name": name, "value": value});
    }
    Ok(out)
}

/// `cmdutil.ParsePairs(..., "annotations", false)`: every pair without `=` named in one error.
fn annotations(specs: &[String]) -> Result<Map<String, Value>, CmdError> {
    let mut out = Map::new();
    let mut invalid = Vec::new();
    for spec in specs {
        match spec.split_once('=') {
            Some((k, v)) => {
                out.insert(k.to_string(), Value::String(v.to_string()));
            }
            None => invalid.push(spec.as_str()),
        }
    }
    if !invalid.is_empty() {
        return Err(CmdError::Plain(format!("invalid annotations format: {}", invalid.join(", "))));
    }
    Ok(out)
}

/// `generate.ParseLabels`: `k=v` pairs separated by commas.
fn parse_labels(spec: &str) -> Result<Map<String, Value>, CmdError> {
    let mut out = Map::new();
    for pair in spec.split(',') {
        let parts: Vec<&str> = pair.split('=').collect();
        let [k, v] = parts[..] else {
            return Err(CmdError::Plain(format!("unexpected label spec: {pair}")));
        };
        if k.is_empty() {
            return Err(CmdError::Plain("unexpected empty label key".into()));
        }
        out.insert(k.to_string(), Value::String(v.to_string()));
    }
    Ok(out)
}

/// Go's `strconv.Atoi` (base 10, an optional sign), with its error texts.
fn go_atoi(s: &str) -> Result<i64, CmdError> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CmdError::Plain(format!("strconv.Atoi: parsing {}: invalid syntax", go_quote(s))));
    }
    s.trim_start_matches('+')
        .parse::<i64>()
        .map_err(|_| CmdError::Plain(format!("strconv.Atoi: parsing {}: value out of range", go_quote(s))))
}

/// `cmdutil.Overrider.Apply`: the generated object as JSON, the fragment applied (`merge` or
/// `json`), and the result decoded back into a Pod (unknown fields dropped, wrong types refused).
fn override_object(pod: Value, fragment: &str, ty: &str) -> Result<Value, CmdError> {
    let merged = match ty {
        "merge" => {
            let Ok(Value::Object(patch)) = go_json::parse(fragment) else {
                return Err(CmdError::Plain("Invalid JSON Patch".into()));
            };
            let Value::Object(doc) = pod else { return Ok(pod) };
            Value::Object(merge::apply(doc, patch))
        }
        "json" => {
            let ops: Vec<json_patch::Operation> = match go_json::parse(fragment) {
                Ok(Value::Array(items)) => items
                    .into_iter()
                    .map(|i| match i {
                        Value::Object(m) => m,
                        _ => Map::new(),
                    })
                    .collect(),
                Ok(other) => {
                    return Err(CmdError::Plain(format!(
                        "json: cannot unmarshal {} into Go value of type jsonpatch.Patch",
                        json_kind(&other)
                    )))
                }
                Err(e) => return Err(CmdError::Plain(e)),
            };
            json_patch::apply(pod, &ops).map_err(CmdError::Plain)?
        }
        "strategic" => {
            return Err(CmdError::Plain(
                "kubeplay: --override-type=strategic is not simulated; use --override-type=merge or json".into(),
            ))
        }
        other => return Err(CmdError::Plain(format!("invalid override type: {other}"))),
    };
    for field in ["apiVersion", "kind"] {
        if merged.get(field).and_then(Value::as_str).is_none_or(str::is_empty) {
            let compact = super::create_gen::go_json_compact(&merged, Some(Kind::Pod));
            return Err(CmdError::Plain(format!("Object '{field}' is missing in '{compact}'")));
        }
    }
    let decoded = decode::from_json("io.k8s.api.core.v1.Pod", merged).map_err(CmdError::Plain)?;
    Ok(decoded.value)
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Object(_) => "object",
        Value::Array(_) => "array",
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "bool",
        Value::Null => "null",
    }
}

/// `generateService` (ServiceGeneratorV2) as `kubectl run --expose` calls it: one TCP port whose
/// target is the same port, selecting the pod's labels.
fn service(name: &str, port: &str, labels: &str) -> Result<Value, CmdError> {
    let selector = if labels.is_empty() { format!("run={name}") } else { labels.to_string() };
    let selector = parse_labels(&selector)?;
    let port = go_atoi(port)? as i32;
    let mut meta = Map::new();
    meta.put("name", Value::String(name.to_string()));
    meta.put("creationTimestamp", Value::Null);
    if !labels.is_empty() {
        meta.put("labels", Value::Object(parse_labels(labels)?));
    }
    Ok(obj! {
        "kind": "Service",
        "apiVersion": "v1",
        "metadata": meta,
        "spec": obj! {
            "ports": vec![obj!{"protocol": "TCP", "port": port, "targetPort": port}],
            "selector": selector,
        },
        "status": obj!{"loadBalancer": obj!{}},
    })
}

/// distribution/reference's anchored `ReferenceRegexp`: `name[:tag][@digest]`, the name an
/// optional `domain[:port]/` and lowercase path components.
fn is_reference(s: &str) -> bool {
    let (before, digest) = match s.split_once('@') {
        Some((b, d)) => (b, Some(d)),
        None => (s, None),
    };
    if digest.is_some_and(|d| !is_digest(d)) {
        return false;
    }
    let (name, tag) = match before.rfind(':') {
        Some(i) if !before[i + 1..].contains('/') => (&before[..i], Some(&before[i + 1..])),
        _ => (before, None),
    };
    if tag.is_some_and(|t| !is_tag(t)) {
        return false;
    }
    let comps: Vec<&str> = name.split('/').collect();
    let paths = |cs: &[&str]| !cs.is_empty() && cs.iter().all(|c| is_path_component(c));
    paths(&comps) || (comps.len() > 1 && comps.first().is_some_and(|d| is_domain(d)) && paths(&comps[1..]))
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`.
fn is_path_component(c: &str) -> bool {
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let b = c.as_bytes();
    let mut i = 0;
    let mut expect_alnum = true;
    while i < b.len() {
        if expect_alnum {
            let start = i;
            while i < b.len() && alnum(b[i]) {
                i += 1;
            }
            if i == start {
                return false;
            }
            expect_alnum = false;
        } else {
            match b[i] {
                b'.' => i += 1,
                b'_' => i += if b.get(i + 1) == Some(&b'_') { 2 } else { 1 },
                b'-' => {
                    while i < b.len() && b[i] == b'-' {
                        i += 1;
                    }
                }
                _ => return false,
            }
            expect_alnum = true;
        }
    }
    !expect_alnum
}

/// A domain name (dot-separated labels of letters, digits and inner hyphens) with an optional
/// `:port`.
fn is_domain(d: &str) -> bool {
    let (host, port) = match d.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (d, None),
    };
    if port.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    !host.is_empty()
        && host.split('.').all(|l| {
            let b = l.as_bytes();
            !b.is_empty()
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
                && b.first().is_some_and(u8::is_ascii_alphanumeric)
                && b.last().is_some_and(u8::is_ascii_alphanumeric)
        })
}

/// `[\w][\w.-]{0,127}`.
fn is_tag(t: &str) -> bool {
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let b = t.as_bytes();
    !b.is_empty() && b.len() <= 128 && word(b[0]) && b.iter().all(|&c| word(c) || c == b'.' || c == b'-')
}

/// `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}`.
fn is_digest(d: &str) -> bool {
    let Some((algorithm, hex)) = d.split_once(':') else { return false };
    hex.len() >= 32
        && hex.bytes().all(|c| c.is_ascii_hexdigit())
        && algorithm.split(['-', '_', '+', '.']).all(|part| {
            let b = part.as_bytes();
            b.first().is_some_and(u8::is_ascii_alphabetic) && b.iter().all(u8::is_ascii_alphanumeric)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::NoFiles;

    fn run_line(c: &mut Cluster, line: &str) -> (i32, String) {
        let words = crate::shell::split_words(line).unwrap();
        let mut io = Io::new(None, &NoFiles);
        let code = super::super::run(c, &words, &mut io);
        (code, io.into_output(code).transcript())
    }

    /// Outputs checked against kubectl v1.32.4 (`kubectl run ... --dry-run=client`).
    #[test]
    fn the_generated_pod_is_kubectls() {
        let mut c = Cluster::new(1);
        let cases = [
            (
                "run x --image=nginx --dry-run=client -o yaml",
                "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: null\n  labels:\n    run: x\n  name: x\nspec:\n  containers:\n  - image: nginx\n    name: x\n    resources: {}\n  dnsPolicy: ClusterFirst\n  restartPolicy: Always\nstatus: {}\n",
            ),
            (
                "run x --image=nginx --restart=OnFailure --dry-run=client -o yaml -- a b",
                "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: null\n  labels:\n    run: x\n  name: x\nspec:\n  containers:\n  - args:\n    - a\n    - b\n    image: nginx\n    name: x\n    resources: {}\n  dnsPolicy: ClusterFirst\n  restartPolicy: OnFailure\nstatus: {}\n",
            ),
            (
                "run x --image=nginx --port=99999999999 --dry-run=client -o yaml",
                "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: null\n  labels:\n    run: x\n  name: x\nspec:\n  containers:\n  - image: nginx\n    name: x\n    ports:\n    - containerPort: 1215752191\n    resources: {}\n  dnsPolicy: ClusterFirst\n  restartPolicy: Always\nstatus: {}\n",
            ),
            ("run x --image=nginx --dry-run=client", "pod/x created (dry run)\n"),
            ("run X --image=nginx --dry-run=client -o name", "pod/X\n"),
            (
                "run x --image=nginx --expose --port=80 --dry-run=client",
                "service/x created (dry run)\npod/x created (dry run)\n",
            ),
        ];
        for (line, want) in cases {
            assert_eq!(run_line(&mut c, line), (0, want.to_string()), "{line}");
        }
    }

    /// Refusals checked against kubectl v1.32.4.
    #[test]
    fn bad_run_lines_get_kubectls_errors() {
        let mut c = Cluster::new(1);
        let see = "\nSee 'kubectl run -h' for help and examples\n";
        let cases = [
            ("run --image=nginx", format!("error: NAME is required for run{see}")),
            ("run x --image=", "error: --image is required\n".to_string()),
            ("run x --image=NGINX", "error: Invalid image name \"NGINX\": invalid reference format\n".into()),
            ("run x --image=nginx --restart=Sometimes", format!("error: invalid restart policy: Sometimes{see}")),
            ("run x --image=nginx -t", format!("error: -i/--stdin is required for containers with -t/--tty=true{see}")),
            ("run x --image=nginx --rm", format!("error: --rm should only be used for attached containers{see}")),
            ("run x --image=nginx --expose", format!("error: --port must be set when exposing a service{see}")),
            ("run x --image=nginx --image-pull-policy=Sometimes", format!("error: invalid image pull policy: Sometimes{see}")),
            (
                "run x --image=nginx -i --dry-run=client",
                format!("error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty){see}"),
            ),
            ("run x --image=nginx --port=abc --dry-run=client", "error: strconv.Atoi: parsing \"abc\": invalid syntax\n".into()),
            ("run x --image=nginx --labels=a --dry-run=client", "error: unexpected label spec: a\n".into()),
            ("run x --image=nginx --env=A --dry-run=client", "error: invalid env: A\n".into()),
            ("run x --image=nginx --env==1 --dry-run=client", "error: invalid env: =1\n".into()),
            ("run x --image=nginx --annotations=k --dry-run=client", "error: invalid annotations format: k\n".into()),
            ("run x --image=nginx --overrides={bad --dry-run=client", "error: Invalid JSON Patch\n".into()),
            (
                "run x --image=nginx --overrides='{\"spec\":{\"nodeName\":5}}' --dry-run=client",
                "error: json: cannot unmarshal number into Go struct field PodSpec.spec.nodeName of type string\n".into(),
            ),
            ("run x --image=nginx --override-type=foo --overrides={} --dry-run=client", "error: invalid override type: foo\n".into()),
        ];
        for (line, want) in cases {
            assert_eq!(run_line(&mut c, line), (1, want), "{line}");
        }
        assert_eq!(c.store().pods().count(), 0);
    }

    #[test]
    fn image_references_follow_the_reference_grammar() {
        for ok in [
            "nginx",
            "nginx:1.25",
            "localhost:5000/a/b:t",
            "registry.k8s.io/pause:3.9",
            "a__b",
            "a--b",
            "x@sha256:0123456789abcdef0123456789abcdef",
        ] {
            assert!(is_reference(ok), "{ok}");
        }
        for bad in ["NGINX", "nginx:", ":tag", "a/", "-a", "a:b:c", "nginx@sha256:12", "a_-b", "a b"] {
            assert!(!is_reference(bad), "{bad}");
        }
    }
}
