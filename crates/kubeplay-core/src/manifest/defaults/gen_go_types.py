#!/usr/bin/env python3
"""Generates go_types.rs: the Go struct shapes (json names, omitempty, field types) of the
kinds kubeplay serves, read from the k8s.io/api and k8s.io/apimachinery types.go files.

Usage: gen_go_types.py API_DIR APIMACHINERY_DIR > go_types.rs
  API_DIR          a checkout of k8s.io/api at the target release (v0.32.x for Kubernetes 1.32)
  APIMACHINERY_DIR a checkout of k8s.io/apimachinery at the same release

Only facts are extracted (names, json tags, type shapes); the output is a Rust table.
Type codes: s string, i integer, b bool, f float, *X pointer, [X slice, {X map with string keys,
T metav1.Time, M metav1.MicroTime, I IntOrString, Q resource.Quantity, R raw JSON,
pkg.Name a struct.
"""
import re
import sys

ROOTS = [
    "core.Namespace", "core.Node", "core.Pod", "core.ReplicationController", "core.Service",
    "core.Endpoints", "core.Event", "apps.ReplicaSet", "apps.Deployment", "apps.DaemonSet",
    "apps.ControllerRevision", "batch.Job", "batch.CronJob", "discovery.EndpointSlice",
]

FILES = [
    ("core", "core/v1/types.go", {"v1": "core", "corev1": "core"}),
    ("apps", "apps/v1/types.go", {"v1": "core", "corev1": "core"}),
    ("batch", "batch/v1/types.go", {"v1": "core", "corev1": "core"}),
    ("discovery", "discovery/v1/types.go", {"v1": "core", "corev1": "core"}),
]

SPECIAL = {
    "meta.Time": "T", "meta.MicroTime": "M", "intstr.IntOrString": "I", "resource.Quantity": "Q",
    "runtime.RawExtension": "R", "meta.FieldsV1": "R", "types.UID": "s",
}
BUILTIN = {
    "string": "s", "bool": "b", "int": "i", "int32": "i", "int64": "i", "uint32": "i", "uint64": "i",
    "float32": "f", "float64": "f",
}

FIELD_RE = re.compile(r'^\t(\w+)\s+(\S+)\s+`json:"([^"]*)"')
EMBED_RE = re.compile(r'^\t(\S+)\s+`json:"([^"]*)"')
STRUCT_RE = re.compile(r'^type (\w+) struct \{')
NAMED_RE = re.compile(r'^type (\w+) =? ?(\S.*)$')


def parse(pkg, text, qualifiers, structs, named):
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        m = STRUCT_RE.match(line)
        if m:
            name = pkg + "." + m.group(1)
            fields = []
            i += 1
            while i < len(lines) and lines[i] != "}":
                fl = lines[i]
                fm = FIELD_RE.match(fl)
                em = EMBED_RE.match(fl)
                if em and em.group(2).split(",")[0] == "":
                    fields.append(("", qualify(em.group(1), pkg, qualifiers), False))
                elif em:
                    parts = em.group(2).split(",")
                    fields.append((parts[0], qualify(em.group(1), pkg, qualifiers), "omitempty" in parts[1:]))
                elif fm:
                    tag = fm.group(3)
                    parts = tag.split(",")
                    if parts[0] != "-":
                        fields.append((parts[0], qualify(fm.group(2), pkg, qualifiers), "omitempty" in parts[1:]))
                i += 1
            structs[name] = fields
        else:
            nm = NAMED_RE.match(line)
            if nm and not nm.group(2).startswith("struct") and not nm.group(2).startswith("("):
                named[pkg + "." + nm.group(1)] = qualify(nm.group(2).strip(), pkg, qualifiers)
        i += 1


def qualify(expr, pkg, qualifiers):
    """Rewrites a Go type expression so that every named type carries its package."""
    out = ""
    rest = expr
    while True:
        if rest.startswith("*"):
            out += "*"
            rest = rest[1:]
        elif rest.startswith("[]"):
            out += "[]"
            rest = rest[2:]
        elif rest.startswith("map["):
            close = rest.index("]")
            out += "map[" + qualify(rest[4:close], pkg, qualifiers) + "]"
            rest = rest[close + 1:]
        else:
            break
    if rest in BUILTIN or rest == "byte":
        return out + rest
    if "." in rest:
        q, n = rest.split(".", 1)
        q = qualifiers.get(q, q)
        if q == "metav1":
            q = "meta"
        return out + q + "." + n
    return out + pkg + "." + rest


def code(expr, structs, named, seen=()):
    if expr.startswith("*"):
        return "*" + code(expr[1:], structs, named)
    if expr == "[]byte":
        return "s"
    if expr.startswith("[]"):
        return "[" + code(expr[2:], structs, named)
    if expr.startswith("map["):
        close = expr.index("]")
        return "{" + code(expr[close + 1:], structs, named)
    if expr in BUILTIN:
        return BUILTIN[expr]
    if expr in SPECIAL:
        return SPECIAL[expr]
    if expr in structs:
        return expr
    if expr in named and expr not in seen:
        return code(named[expr], structs, named, seen + (expr,))
    raise SystemExit("unknown type " + expr)


def flatten(name, structs, named):
    out = []
    for (json, expr, omit) in structs[name]:
        if json == "":
            out.extend(flatten(expr, structs, named))
        else:
            out.append((json, omit, code(expr, structs, named)))
    return out


def main():
    api, machinery = sys.argv[1], sys.argv[2]
    structs, named = {}, {}
    for (pkg, path, quals) in FILES:
        with open(api + "/" + path) as f:
            parse(pkg, f.read(), quals, structs, named)
    with open(machinery + "/pkg/apis/meta/v1/types.go") as f:
        parse("meta", f.read(), {}, structs, named)
    for special in ("meta.Time", "meta.MicroTime", "meta.FieldsV1"):
        structs.pop(special, None)

    reachable = {}
    todo = list(ROOTS)
    while todo:
        name = todo.pop()
        if name in reachable:
            continue
        fields = flatten(name, structs, named)
        reachable[name] = fields
        for (_, _, c) in fields:
            inner = c.lstrip("*[{")
            if "." in inner:
                todo.append(inner)

    print("//! Generated by gen_go_types.py from k8s.io/api and k8s.io/apimachinery types.go; do not edit.")
    print("//! Each struct's JSON fields, inline structs flattened, as `name?code` (omitempty) or")
    print("//! `name:code`; the type codes are described in the script.")
    print()
    print("/// Every struct reachable from the served kinds, sorted by name.")
    print("#[rustfmt::skip]")
    print("pub(super) static GO_STRUCTS: &[(&str, &str)] = &[")
    for name in sorted(reachable):
        fields = " ".join("%s%s%s" % (json, "?" if omit else ":", c) for (json, omit, c) in reachable[name])
        print('    ("%s", "%s"),' % (name, fields))
    print("];")


main()
