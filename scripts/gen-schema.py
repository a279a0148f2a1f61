#!/usr/bin/env python3
"""Generates crates/kubeplay-core/src/manifest/schema_data.rs from the Kubernetes OpenAPI v3 documents.

Usage: python3 scripts/gen-schema.py [OPENAPI_DIR] [-o OUTPUT]

OPENAPI_DIR defaults to ../shared/k8s-openapi relative to the repository root and holds the
`*_openapi.json` documents the apiserver serves under /openapi/v3. Only the definitions reachable
from the kinds kubeplay serves are kept. Output is deterministic: everything is sorted.

The tables are compact on purpose (they ship in the wasm): strings are stored once in one text
and referred to by small ids, types are interned and referred to by id.
"""

import glob
import json
import os
import sys

# The kinds kubeplay serves, as OpenAPI definition names.
ROOTS = [
    "io.k8s.api.core.v1.Namespace",
    "io.k8s.api.core.v1.Node",
    "io.k8s.api.core.v1.Pod",
    "io.k8s.api.core.v1.ReplicationController",
    "io.k8s.api.core.v1.Service",
    "io.k8s.api.core.v1.Endpoints",
    "io.k8s.api.core.v1.Event",
    "io.k8s.api.apps.v1.ReplicaSet",
    "io.k8s.api.apps.v1.Deployment",
    "io.k8s.api.apps.v1.DaemonSet",
    "io.k8s.api.apps.v1.ControllerRevision",
    "io.k8s.api.batch.v1.Job",
    "io.k8s.api.batch.v1.CronJob",
    "io.k8s.api.discovery.v1.EndpointSlice",
]

# Type kinds; the numbers are the ones schema.rs decodes.
STRING, INT32, INT64, NUMBER, BOOL, INT_OR_STRING, QUANTITY, TIME, MICRO_TIME, RAW, ARRAY, MAP, OBJECT = range(13)

# Definitions that are not structs with fields but values with their own JSON decoding.
QUANTITY_DEF = "io.k8s.apimachinery.pkg.api.resource.Quantity"
MICRO_TIME_DEF = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime"

# Go's name for the package of each OpenAPI package prefix (what reflect.Type.String() prints).
GO_PACKAGES = {
    "io.k8s.api.apps.v1": "v1",
    "io.k8s.api.batch.v1": "v1",
    "io.k8s.api.core.v1": "v1",
    "io.k8s.api.discovery.v1": "v1",
    "io.k8s.apimachinery.pkg.api.resource": "resource",
    "io.k8s.apimachinery.pkg.apis.meta.v1": "v1",
    "io.k8s.apimachinery.pkg.runtime": "runtime",
    "io.k8s.apimachinery.pkg.util.intstr": "intstr",
}

# Go named types that OpenAPI flattens to string/integer/map/array. Key: "<Go struct>.<json field>";
# value: the field's Go type as encoding/json prints it in a type error (pointers dropped).
# Taken from the struct definitions in k8s.io/api (core/v1, apps/v1, batch/v1, discovery/v1) and
# k8s.io/apimachinery/pkg/apis/meta/v1 types.go at v1.28, the version of the OpenAPI documents.
GO_TYPES = {
    "AttachedVolume.name": "v1.UniqueVolumeName",
    "AzureDiskVolumeSource.cachingMode": "v1.AzureDataDiskCachingMode",
    "AzureDiskVolumeSource.kind": "v1.AzureDataDiskKind",
    "Capabilities.add": "[]v1.Capability",
    "Capabilities.drop": "[]v1.Capability",
    "Condition.status": "v1.ConditionStatus",
    "ConfigMapNodeConfigSource.uid": "types.UID",
    "Container.imagePullPolicy": "v1.PullPolicy",
    "Container.restartPolicy": "v1.ContainerRestartPolicy",
    "Container.terminationMessagePolicy": "v1.TerminationMessagePolicy",
    "ContainerPort.protocol": "v1.Protocol",
    "ContainerResizePolicy.resourceName": "v1.ResourceName",
    "ContainerResizePolicy.restartPolicy": "v1.ResourceResizeRestartPolicy",
    "ContainerStatus.allocatedResources": "v1.ResourceList",
    "CronJobSpec.concurrencyPolicy": "v1.ConcurrencyPolicy",
    "DaemonSetCondition.status": "v1.ConditionStatus",
    "DaemonSetCondition.type": "v1.DaemonSetConditionType",
    "DaemonSetUpdateStrategy.type": "v1.DaemonSetUpdateStrategyType",
    "DeploymentCondition.status": "v1.ConditionStatus",
    "DeploymentCondition.type": "v1.DeploymentConditionType",
    "DeploymentStrategy.type": "v1.DeploymentStrategyType",
    "EmptyDirVolumeSource.medium": "v1.StorageMedium",
    "EndpointPort.protocol": "v1.Protocol",
    "EndpointSlice.addressType": "v1.AddressType",
    "EphemeralContainer.imagePullPolicy": "v1.PullPolicy",
    "EphemeralContainer.restartPolicy": "v1.ContainerRestartPolicy",
    "EphemeralContainer.terminationMessagePolicy": "v1.TerminationMessagePolicy",
    "HTTPGetAction.scheme": "v1.URIScheme",
    "HostPathVolumeSource.type": "v1.HostPathType",
    "JobCondition.status": "v1.ConditionStatus",
    "JobCondition.type": "v1.JobConditionType",
    "JobSpec.completionMode": "v1.CompletionMode",
    "JobSpec.podReplacementPolicy": "v1.PodReplacementPolicy",
    "LabelSelectorRequirement.operator": "v1.LabelSelectorOperator",
    "LoadBalancerIngress.ipMode": "v1.LoadBalancerIPMode",
    "ManagedFieldsEntry.operation": "v1.ManagedFieldsOperationType",
    "NamespaceCondition.status": "v1.ConditionStatus",
    "NamespaceCondition.type": "v1.NamespaceConditionType",
    "NamespaceSpec.finalizers": "[]v1.FinalizerName",
    "NamespaceStatus.phase": "v1.NamespacePhase",
    "NodeAddress.type": "v1.NodeAddressType",
    "NodeCondition.status": "v1.ConditionStatus",
    "NodeCondition.type": "v1.NodeConditionType",
    "NodeSelectorRequirement.operator": "v1.NodeSelectorOperator",
    "NodeStatus.allocatable": "v1.ResourceList",
    "NodeStatus.capacity": "v1.ResourceList",
    "NodeStatus.phase": "v1.NodePhase",
    "NodeStatus.volumesInUse": "[]v1.UniqueVolumeName",
    "ObjectMeta.uid": "types.UID",
    "ObjectReference.uid": "types.UID",
    "OwnerReference.uid": "types.UID",
    "PersistentVolumeClaimSpec.accessModes": "[]v1.PersistentVolumeAccessMode",
    "PersistentVolumeClaimSpec.volumeMode": "v1.PersistentVolumeMode",
    "PodCondition.status": "v1.ConditionStatus",
    "PodCondition.type": "v1.PodConditionType",
    "PodFailurePolicyOnExitCodesRequirement.operator": "v1.PodFailurePolicyOnExitCodesOperator",
    "PodFailurePolicyOnPodConditionsPattern.status": "v1.ConditionStatus",
    "PodFailurePolicyOnPodConditionsPattern.type": "v1.PodConditionType",
    "PodFailurePolicyRule.action": "v1.PodFailurePolicyAction",
    "PodOS.name": "v1.OSName",
    "PodReadinessGate.conditionType": "v1.PodConditionType",
    "PodSecurityContext.fsGroupChangePolicy": "v1.PodFSGroupChangePolicy",
    "PodSpec.dnsPolicy": "v1.DNSPolicy",
    "PodSpec.overhead": "v1.ResourceList",
    "PodSpec.preemptionPolicy": "v1.PreemptionPolicy",
    "PodSpec.restartPolicy": "v1.RestartPolicy",
    "PodStatus.phase": "v1.PodPhase",
    "PodStatus.qosClass": "v1.PodQOSClass",
    "PodStatus.resize": "v1.PodResizeStatus",
    "PortStatus.protocol": "v1.Protocol",
    "ReplicaSetCondition.status": "v1.ConditionStatus",
    "ReplicaSetCondition.type": "v1.ReplicaSetConditionType",
    "ReplicationControllerCondition.status": "v1.ConditionStatus",
    "ReplicationControllerCondition.type": "v1.ReplicationControllerConditionType",
    "ResourceRequirements.limits": "v1.ResourceList",
    "ResourceRequirements.requests": "v1.ResourceList",
    "SeccompProfile.type": "v1.SeccompProfileType",
    "SecurityContext.procMount": "v1.ProcMountType",
    "ServicePort.protocol": "v1.Protocol",
    "ServiceSpec.externalTrafficPolicy": "v1.ServiceExternalTrafficPolicy",
    "ServiceSpec.internalTrafficPolicy": "v1.ServiceInternalTrafficPolicy",
    "ServiceSpec.ipFamilies": "[]v1.IPFamily",
    "ServiceSpec.ipFamilyPolicy": "v1.IPFamilyPolicy",
    "ServiceSpec.sessionAffinity": "v1.ServiceAffinity",
    "ServiceSpec.type": "v1.ServiceType",
    "Taint.effect": "v1.TaintEffect",
    "Toleration.effect": "v1.TaintEffect",
    "Toleration.operator": "v1.TolerationOperator",
    "TopologySpreadConstraint.nodeAffinityPolicy": "v1.NodeInclusionPolicy",
    "TopologySpreadConstraint.nodeTaintsPolicy": "v1.NodeInclusionPolicy",
    "TopologySpreadConstraint.whenUnsatisfiable": "v1.UnsatisfiableConstraintAction",
    "UncountedTerminatedPods.failed": "[]types.UID",
    "UncountedTerminatedPods.succeeded": "[]types.UID",
    "VolumeMount.mountPropagation": "v1.MountPropagationMode",
}


def fail(msg):
    sys.stderr.write("gen-schema: %s\n" % msg)
    sys.exit(1)


def load(directory):
    schemas = {}
    files = sorted(glob.glob(os.path.join(directory, "*.json")))
    if not files:
        fail("no OpenAPI documents in %s" % directory)
    for path in files:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        for name, schema in doc.get("components", {}).get("schemas", {}).items():
            if name in schemas and schemas[name] != schema:
                fail("definition %s differs between documents" % name)
            schemas[name] = schema
    return schemas


def ref_of(prop):
    """The definition a property schema refers to (`$ref` or `allOf: [{$ref}]`), or None."""
    if "$ref" in prop:
        return prop["$ref"].rsplit("/", 1)[-1]
    all_of = prop.get("allOf")
    if all_of and len(all_of) == 1 and "$ref" in all_of[0]:
        return all_of[0]["$ref"].rsplit("/", 1)[-1]
    if all_of:
        fail("unsupported allOf %r" % all_of)
    return None


def split_name(name):
    package, _, go_name = name.rpartition(".")
    return package, go_name


def special_kind(name, schema):
    """The kind of a definition that decodes as a value rather than a struct, else None."""
    if name == QUANTITY_DEF:
        return QUANTITY
    if schema.get("format") == "int-or-string":
        return INT_OR_STRING
    if schema.get("type") == "string" and schema.get("format") == "date-time":
        return MICRO_TIME if name == MICRO_TIME_DEF else TIME
    if schema.get("x-kubernetes-preserve-unknown-fields"):
        return RAW
    if schema.get("type") == "object" and "properties" not in schema and "additionalProperties" not in schema:
        return RAW
    if "properties" not in schema:
        fail("unsupported definition shape %s: %r" % (name, schema))
    return None


def go_spelling(name):
    package, go_name = split_name(name)
    if package not in GO_PACKAGES:
        fail("no Go package name for %s" % package)
    return GO_PACKAGES[package] + "." + go_name


def reachable(schemas):
    seen = set()
    todo = list(ROOTS)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in schemas:
            fail("definition %s is missing" % name)
        seen.add(name)
        stack = [schemas[name]]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                for key, value in node.items():
                    if key == "$ref":
                        todo.append(value.rsplit("/", 1)[-1])
                    else:
                        stack.append(value)
            elif isinstance(node, list):
                stack.extend(node)
    return seen


class Tables:
    def __init__(self, schemas):
        self.schemas = schemas
        self.types = {}  # (kind, spelling, child) -> id
        self.strings = set()

    def intern_type(self, kind, spelling, child):
        key = (kind, spelling, child)
        self.strings.add(spelling)
        if key not in self.types:
            self.types[key] = None
        return key

    def type_of(self, prop, where):
        """The interned type key of a property schema; `where` names it for error messages."""
        ref = ref_of(prop)
        if ref is not None:
            special = special_kind(ref, self.schemas[ref])
            if special is not None:
                return self.intern_type(special, go_spelling(ref), "")
            return self.intern_type(OBJECT, go_spelling(ref), ref)
        if prop.get("x-kubernetes-preserve-unknown-fields"):
            return self.intern_type(RAW, "interface {}", "")
        kind = prop.get("type")
        fmt = prop.get("format")
        if kind == "string":
            if fmt is not None:
                fail("unsupported string format %s at %s" % (fmt, where))
            return self.intern_type(STRING, "string", "")
        if kind == "integer":
            if fmt == "int32":
                return self.intern_type(INT32, "int32", "")
            if fmt == "int64" or fmt is None:
                return self.intern_type(INT64, "int64", "")
            fail("unsupported integer format %s at %s" % (fmt, where))
        if kind == "number":
            return self.intern_type(NUMBER, "float64", "")
        if kind == "boolean":
            return self.intern_type(BOOL, "bool", "")
        if kind == "array":
            elem = self.type_of(prop["items"], where + "[]")
            return self.intern_type(ARRAY, "[]" + elem[1], elem)
        if kind == "object":
            if "additionalProperties" in prop:
                elem = self.type_of(prop["additionalProperties"], where + "{}")
                return self.intern_type(MAP, "map[string]" + elem[1], elem)
            if "properties" in prop:
                fail("unsupported inline object at %s" % where)
            return self.intern_type(RAW, "map[string]interface {}", "")
        fail("unsupported property schema at %s: %r" % (where, prop))
        return None

    def respell(self, key, spelling, where):
        """Re-interns `key` under the Go spelling `spelling` (a named type), element types too."""
        kind, _, child = key
        if kind == ARRAY and spelling.startswith("[]"):
            child = self.respell(child, spelling[2:], where)
        elif kind == MAP and spelling.startswith("map["):
            depth = 0
            for i, c in enumerate(spelling):
                if c == "[":
                    depth += 1
                elif c == "]":
                    depth -= 1
                    if depth == 0:
                        child = self.respell(child, spelling[i + 1 :], where)
                        break
        elif kind in (ARRAY, MAP, OBJECT):
            if kind == OBJECT or not spelling.startswith("v1."):
                fail("override %s: %s does not fit a %d" % (where, spelling, kind))
        return self.intern_type(kind, spelling, child)


def generate(directory):
    schemas = load(directory)
    names = sorted(reachable(schemas), key=split_name)
    tables = Tables(schemas)
    defs = []  # (package, go_name, [(json, type_key, merge_key, strategy, required)])
    used_overrides = set()
    for name in names:
        schema = schemas[name]
        if special_kind(name, schema) is not None:
            continue
        package, go_name = split_name(name)
        required = set(schema.get("required", []))
        for r in required:
            if r not in schema["properties"]:
                fail("%s requires %s, which it does not have" % (name, r))
        props = []
        for json_name in sorted(schema["properties"], key=lambda s: s.encode("utf-8")):
            prop = schema["properties"][json_name]
            where = go_name + "." + json_name
            key = tables.type_of(prop, where)
            if where in GO_TYPES:
                key = tables.respell(key, GO_TYPES[where], where)
                used_overrides.add(where)
            props.append(
                (
                    json_name,
                    key,
                    prop.get("x-kubernetes-patch-merge-key"),
                    prop.get("x-kubernetes-patch-strategy"),
                    json_name in required,
                )
            )
        defs.append((package, go_name, props))
    unused = sorted(set(GO_TYPES) - used_overrides)
    if unused:
        fail("Go type overrides that match no field: %s" % ", ".join(unused))
    return defs, tables


class Strings:
    """All strings back to back; a string that is part of another one shares its bytes."""

    def __init__(self, strings):
        text = ""
        self.where = {}
        for s in sorted(strings, key=lambda s: (-len(s.encode("utf-8")), s)):
            at = text.find(s)
            if at < 0:
                at = len(text)
                text += s
            self.where[s] = at
        self.text = text
        self.ids = {s: i for i, s in enumerate(sorted(strings))}
        if len(text.encode("utf-8")) > 0xFFFF or not text.isascii():
            fail("string table too large or not ASCII")
        if any(len(s) > 0xFF for s in strings):
            fail("a string is longer than 255 bytes")
        if len(self.ids) > 0xFFFF:
            fail("too many strings")

    def id(self, s):
        return self.ids[s]


def rust_rows(rows, per_line):
    lines = []
    for i in range(0, len(rows), per_line):
        lines.append("    " + " ".join(r + "," for r in rows[i : i + per_line]))
    return "\n".join(lines)


def render(defs, tables):
    packages = sorted({d[0] for d in defs})
    patches = sorted(
        {(p[2], p[3]) for d in defs for p in d[2] if p[2] is not None or p[3] is not None},
        key=lambda x: (x[0] or "", x[1] or ""),
    )
    patches = [(None, None)] + patches
    if len(patches) > 0x7FFF:
        fail("too many patch combinations")

    # Types: object types point at definitions, arrays and maps at their element type.
    def_index = {p + "." + g: i for i, (p, g, _) in enumerate(defs)}
    type_keys = sorted(tables.types, key=lambda k: (k[0], k[1], str(k[2])))
    type_index = {k: i for i, k in enumerate(type_keys)}

    strings = set(packages)
    for package, go_name, props in defs:
        strings.add(go_name)
        for json_name, _, merge_key, strategy, _ in props:
            strings.add(json_name)
            for s in (merge_key, strategy):
                if s is not None:
                    strings.add(s)
    strings |= {k[1] for k in type_keys}
    table = Strings(strings)
    ids = sorted(table.ids, key=table.id)

    none = 0xFFFF
    def_rows = []
    prop_rows = []
    for package, go_name, props in defs:
        def_rows.append("[%d, %d, %d]" % (packages.index(package), table.id(go_name), len(prop_rows)))
        for json_name, key, merge_key, strategy, required in props:
            flags = patches.index((merge_key, strategy)) | (0x8000 if required else 0)
            prop_rows.append("[%d, %d, %d]" % (table.id(json_name), type_index[key], flags))
    def_rows.append("[0, 0, %d]" % len(prop_rows))
    type_rows = []
    for kind, spelling, child in type_keys:
        if kind == OBJECT:
            link = def_index[child]
        elif kind in (ARRAY, MAP):
            link = type_index[child]
        else:
            link = none
        type_rows.append("[%d, %d, %d]" % (kind, table.id(spelling), link))
    patch_rows = [
        "[%d, %d]" % (none if k is None else table.id(k), none if s is None else table.id(s)) for k, s in patches
    ]

    out = []
    out.append("// @generated by `python3 scripts/gen-schema.py` from the OpenAPI v3 documents in")
    out.append("// ../shared/k8s-openapi. Do not edit; change the script and run it again.")
    out.append("//! The OpenAPI definitions reachable from the kinds kubeplay serves, as compact tables.")
    out.append("//! Read through the API in `schema.rs`; ids are indexes into these tables.")
    out.append("")
    out.append("/// Every string, back to back; a string inside a longer one shares its bytes.")
    out.append("pub(super) static TEXT: &str = %s;" % json.dumps(table.text))
    out.append("/// Where each string starts in `TEXT`, by string id.")
    out.append("pub(super) static STR_AT: [u16; %d] = [" % len(ids))
    out.append(rust_rows([str(table.where[s]) for s in ids], 20))
    out.append("];")
    out.append("/// How long each string is, by string id.")
    out.append("pub(super) static STR_LEN: [u8; %d] = [" % len(ids))
    out.append(rust_rows([str(len(s)) for s in ids], 30))
    out.append("];")
    out.append("/// Definition packages (string ids), sorted.")
    out.append("pub(super) static PACKAGES: [u16; %d] = [%s];" % (len(packages), ", ".join(str(table.id(p)) for p in packages)))
    out.append("/// Definitions sorted by (package, Go name): [package, Go name, first property]; the last row")
    out.append("/// only ends the properties of the one before it.")
    out.append("pub(super) static DEFS: [[u16; 3]; %d] = [" % len(def_rows))
    out.append(rust_rows(def_rows, 8))
    out.append("];")
    out.append("/// Properties sorted by JSON name within each definition: [name, type, flags]; flags hold the")
    out.append("/// patch row in the low 15 bits and `required` in the top bit.")
    out.append("pub(super) static PROPS: [[u16; 3]; %d] = [" % len(prop_rows))
    out.append(rust_rows(prop_rows, 8))
    out.append("];")
    out.append("/// Types: [kind, Go spelling, link]; link is the definition of an object, the element type of")
    out.append("/// an array or map, else 0xFFFF.")
    out.append("pub(super) static TYPES: [[u16; 3]; %d] = [" % len(type_rows))
    out.append(rust_rows(type_rows, 8))
    out.append("];")
    out.append("/// Patch metadata: [x-kubernetes-patch-merge-key, x-kubernetes-patch-strategy], 0xFFFF for none.")
    out.append("pub(super) static PATCHES: [[u16; 2]; %d] = [" % len(patch_rows))
    out.append(rust_rows(patch_rows, 8))
    out.append("];")
    out.append("")
    return "\n".join(out)


def default_openapi_dir(root):
    """../shared/k8s-openapi beside the repository; from a git worktree, beside its main checkout."""
    candidates = [root]
    dot_git = os.path.join(root, ".git")
    if os.path.isfile(dot_git):
        with open(dot_git, encoding="utf-8") as f:
            line = f.read().strip()
        if line.startswith("gitdir:"):
            git_dir = os.path.join(root, line[len("gitdir:") :].strip())
            common = os.path.join(git_dir, "commondir")
            if os.path.isfile(common):
                with open(common, encoding="utf-8") as f:
                    git_dir = os.path.join(git_dir, f.read().strip())
            candidates.append(os.path.dirname(os.path.normpath(git_dir)))
    for base in candidates:
        directory = os.path.normpath(os.path.join(base, "..", "shared", "k8s-openapi"))
        if os.path.isdir(directory):
            return directory
    return os.path.normpath(os.path.join(root, "..", "shared", "k8s-openapi"))


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    directory = default_openapi_dir(root)
    output = os.path.join(root, "crates", "kubeplay-core", "src", "manifest", "schema_data.rs")
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "-o":
            if not args:
                fail("-o needs a file")
            output = args.pop(0)
        elif arg.startswith("-"):
            fail("usage: gen-schema.py [OPENAPI_DIR] [-o OUTPUT]")
        else:
            directory = arg
    defs, tables = generate(directory)
    text = render(defs, tables)
    with open(output, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("gen-schema: %d definitions, %d properties, %d types -> %s" % (
        len(defs), sum(len(d[2]) for d in defs), len(tables.types), os.path.relpath(output, root)))


if __name__ == "__main__":
    main(sys.argv[1:])
