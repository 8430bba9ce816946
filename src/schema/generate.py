#!/usr/bin/env python3
"""Regenerate src/schema/loft-schema.json, the schema compiled into loftctl: every Loft
API version loftctl knows (3.4, 4.1, 4.3, 4.10, 4.11) merged into one set of Swagger 2.0
definitions, each field and enum value marked with the versions that have it.

Usage (from the repository root; REFERENCE is the shared `reference/` folder):

    python3 src/schema/generate.py REFERENCE > src/schema/loft-schema.json

`cargo test --test cli schema_generated` runs this and compares its output with the
committed file (it fails while the file is stale).

Sources, by version:
- 4.1: `loft-management-swagger.json`, Loft's own Swagger 2.0 document.
- 4.10, 4.11: `loft-management-v4.10-definitions.json`, `-v4.11-definitions.json`
  (definitions converted from the API's generated OpenAPI).
- 4.3: no document of its own. It is known only from the version table of the shared
  notes on the Loft API (`notes/loft-api.md`): 4.3 adds `spec.extraClaims` (a map of
  string to string) to User and the role `workspace` to AccessKeyScopeRole, and is 4.1
  otherwise. That is encoded below (`v43`), from the notes, not from a document.
- 3.4: the vCluster Platform 3.4 reference pages (`002_*.txt`: User, `000_*.txt`:
  DirectClusterEndpointToken). They list every field as `NAME required TYPE` in
  depth-first order. The 3.4 definitions are 4.1's plus the fields the pages document and
  4.1 lacks (written out below: `spec.accessKeysRef`, `spec.clusterAccountTemplates`, the
  user status cluster fields), minus the fields of Loft's own types that the pages do not
  list (found by walking the pages' field list along the definitions). Kubernetes' own
  types (`io.k8s.…`: ObjectMeta and the like) are taken as they are: the pages render
  them incompletely (no `selfLink`; ownerReferences without `controller` in one page but
  with it in the other). The role enum of 3.4 is the notes' (agent, vcluster,
  network-peer, loft-cli, runner). OwnedAccessKey has no 3.4 page: its own fields are
  taken from 4.1.

Markers written into the output:
- `x-loftctl-versions` on a property: the versions that have it (absent: all of them);
- `x-loftctl-enum-versions` on a property with an enum: value -> versions (present when
  some value is not in every version of the property);
- `x-loftctl-deprecated: true` (deprecated in the descriptions) and `readOnly: true`
  (populated by the system).
A definition renamed between versions (4.1's `AccessKeyIdentity` is 4.10's
`SSOIdentity`) is merged under the newest name: fields are matched by their path from the
kinds, not by definition name.
"""
import copy
import json
import os
import re
import sys

VERSIONS = ["3.4", "4.1", "4.3", "4.10", "4.11"]

V4 = "com.github.loft-sh.api.v4.pkg.apis."
MGMT = V4 + "management.v1."
STORAGE = V4 + "storage.v1."
META = "io.k8s.apimachinery.pkg.apis.meta.v1."
ROOTS = [MGMT + "User", MGMT + "DirectClusterEndpointToken", MGMT + "OwnedAccessKey"]
ROLE = (STORAGE + "AccessKeyScopeRole", "role")
ROLES_3_4 = ["agent", "loft-cli", "network-peer", "runner", "vcluster"]


def ref(name):
    return {"$ref": "#/definitions/" + name}


def string(desc):
    return {"type": "string", "description": desc}


def array_of(item, desc):
    return {"type": "array", "items": item, "description": desc}


PHASE = string("Status holds the status of the account in the target cluster")
REASON = string("Reason describes why loft couldn't sync the account with a machine readable identifier")
MESSAGE = string("Message describes why loft couldn't sync the account in human language")

# Definitions documented by the 3.4 reference pages but absent from the swagger.
ADDED_DEFINITIONS = {
    STORAGE + "UserClusterAccountTemplate": {
        "type": "object",
        "properties": {
            "name": string("Name of the cluster account template to apply"),
            "sync": {
                "type": "boolean",
                "description": "Sync defines if Loft should sync changes to the cluster account template to the cluster accounts and create new accounts if new clusters match the templates.",
            },
            "accountName": string("AccountName is the name of the account that should be created. Defaults to the user or team kubernetes name."),
        },
    },
    STORAGE + "AccountClusterTemplateStatus": {
        "type": "object",
        "properties": {
            "name": string("Name is the name of the cluster account template"),
            "account": string("Account is the name of the account in the cluster"),
            "accountTemplateHash": string("AccountTemplateHash is the hash of the account template that was applied"),
            "ownsHash": string("OwnsHash is the hash of the owns part of the cluster account template that was applied"),
            "lastTransitionTime": dict(ref(META + "Time"), description="Last time the condition transitioned from one status to another."),
            "phase": PHASE,
            "reason": REASON,
            "message": MESSAGE,
        },
    },
    STORAGE + "AccountClusterStatus": {
        "type": "object",
        "properties": {
            "phase": PHASE,
            "reason": REASON,
            "message": MESSAGE,
            "cluster": string("Cluster is the cluster name of the user in the cluster"),
            "accountsClusterTemplateStatus": array_of(
                ref(STORAGE + "AccountClusterTemplateStatus"),
                "AccountsClusterTemplate status is the status of the account cluster template that was used to create the cluster account",
            ),
            "accounts": array_of({"type": "string"}, "Accounts is the account name of the user in the cluster"),
        },
    },
    STORAGE + "ClusterAccountTemplateClusterStatus": {
        "type": "object",
        "properties": {
            "name": string("Name of the cluster where the cluster account template was applied"),
            "phase": PHASE,
            "reason": REASON,
            "message": MESSAGE,
        },
    },
    STORAGE + "UserClusterAccountTemplateStatus": {
        "type": "object",
        "properties": {
            "name": string("Name of the cluster account template that was applied"),
            "clusters": array_of(
                ref(STORAGE + "ClusterAccountTemplateClusterStatus"),
                "Clusters holds the cluster on which this template was applied",
            ),
            "phase": PHASE,
            "reason": REASON,
            "message": MESSAGE,
        },
    },
}

# (definition, property) -> schema, added from the 3.4 pages.
ADDED_PROPERTIES = {
    (MGMT + "UserSpec", "accessKeysRef"): dict(
        ref(STORAGE + "SecretRef"),
        description="Deprecated: Use the Access Key CRD instead A reference to the users access keys",
    ),
    (MGMT + "UserSpec", "clusterAccountTemplates"): array_of(
        ref(STORAGE + "UserClusterAccountTemplate"),
        "ClusterAccountTemplates that should be applied for the user",
    ),
    (MGMT + "UserStatus", "clusters"): array_of(
        ref(STORAGE + "AccountClusterStatus"),
        "Clusters holds information about which clusters the user has accounts in",
    ),
    (MGMT + "UserStatus", "clusterAccountTemplates"): array_of(
        ref(STORAGE + "UserClusterAccountTemplateStatus"),
        "ClusterAccountTemplates holds information about which cluster account templates were applied DEPRECATED: Use status.clusters instead",
    ),
}

DEPRECATED = {
    (MGMT + "UserSpec", "accessKeysRef"),
    (MGMT + "UserStatus", "clusterAccountTemplates"),
    (STORAGE + "AccessKeyScope", "rules"),
    (STORAGE + "AccessKeyScope", "allowLoftCli"),
    (META + "ObjectMeta", "selfLink"),
}

READ_ONLY = {
    (MGMT + "User", "status"),
    (MGMT + "DirectClusterEndpointToken", "status"),
    (META + "ObjectMeta", "uid"),
    (META + "ObjectMeta", "resourceVersion"),
    (META + "ObjectMeta", "generation"),
    (META + "ObjectMeta", "creationTimestamp"),
    (META + "ObjectMeta", "deletionTimestamp"),
    (META + "ObjectMeta", "deletionGracePeriodSeconds"),
    (META + "ObjectMeta", "managedFields"),
    (META + "ObjectMeta", "selfLink"),
}


READ_ONLY |= {
    (MGMT + "OwnedAccessKey", "status"),
}


def ref_target(schema):
    """The definition a property refers to: directly, as array items, as map values."""
    for s in (schema, schema.get("items") or {}, schema.get("additionalProperties") or {}):
        if isinstance(s, dict) and "$ref" in s:
            return s["$ref"].split("/")[-1]
    return None


def page_headings(path):
    """The fields of a 3.4 reference page, in order: `NAME required TYPE [default]`."""
    out = []
    for line in open(path, encoding="utf-8"):
        m = re.match(r"^([A-Za-z0-9_-]+) required (\S+)( \S+)?$", line.rstrip("\n"))
        if m:
            out.append(m.group(1))
    return out


def page_fields(defs, root, headings):
    """(definition, property) pairs a page documents, walking its depth-first list.
    A name repeated inside one object ends that object (its parent has the same name)."""
    present = set()

    def parse(defname, i):
        props = defs[defname].get("properties", {})
        used = set()
        while i < len(headings):
            name = headings[i]
            if name not in props or name in used:
                return i
            used.add(name)
            present.add((defname, name))
            i += 1
            target = ref_target(props[name])
            if target and defs[target].get("properties"):
                i = parse(target, i)
        return i

    end = parse(root, 0)
    if end != len(headings):
        sys.exit(f"{root}: the page's field {headings[end]!r} (#{end}) matches no definition")
    return present


def versions_defs(ref_dir):
    def load(name):
        with open(os.path.join(ref_dir, name), encoding="utf-8") as f:
            return json.load(f)["definitions"]

    v41 = load("loft-management-swagger.json")
    v410 = load("loft-management-v4.10-definitions.json")
    v411 = load("loft-management-v4.11-definitions.json")

    # 4.3, from the notes: 4.1 plus spec.extraClaims and the role `workspace`.
    v43 = copy.deepcopy(v41)
    v43[MGMT + "UserSpec"]["properties"]["extraClaims"] = copy.deepcopy(
        v410[MGMT + "UserSpec"]["properties"]["extraClaims"]
    )
    role = v43[ROLE[0]]["properties"][ROLE[1]]
    role["enum"] = sorted(set(role["enum"]) | {"workspace"})

    # 3.4: 4.1 plus the pages' additions, minus the Loft fields the pages do not list.
    v34 = copy.deepcopy(v41)
    v34.update(copy.deepcopy(ADDED_DEFINITIONS))
    for (d, p), schema in ADDED_PROPERTIES.items():
        v34[d].setdefault("properties", {})[p] = copy.deepcopy(schema)
    present = set()
    for page, root in [("002_", MGMT + "User"), ("000_", MGMT + "DirectClusterEndpointToken")]:
        [path] = [os.path.join(ref_dir, f) for f in sorted(os.listdir(ref_dir))
                  if f.startswith(page) and f.endswith(".txt")]
        present |= page_fields(v34, root, page_headings(path))
    visited = {d for d, _ in present}
    for d in visited:
        if not d.startswith(V4):
            continue
        props = v34[d].get("properties", {})
        for p in list(props):
            if (d, p) not in present:
                del props[p]
    v34[ROLE[0]]["properties"][ROLE[1]]["enum"] = list(ROLES_3_4)
    return {"3.4": v34, "4.1": v41, "4.3": v43, "4.10": v410, "4.11": v411}


def shape(schema):
    """What must agree between versions for two properties to be the same field."""
    s = {k: schema.get(k) for k in ("type", "format")}
    for k in ("items", "additionalProperties"):
        if isinstance(schema.get(k), dict):
            s[k] = shape(schema[k])
    s["ref"] = "$ref" in schema
    return s


def merge(by_version):
    merged = {}
    presence = {}  # (definition, property) -> versions
    enum_presence = {}  # (definition, property) -> value -> versions
    for v in reversed(VERSIONS):  # newest first: its descriptions win
        defs = by_version[v]
        seen = set()

        def visit(mname, vname):
            if (mname, vname) in seen:
                return
            seen.add((mname, vname))
            vd = defs[vname]
            if mname not in merged:
                merged[mname] = copy.deepcopy(vd)
            md = merged[mname]
            if md.get("type") != vd.get("type"):
                sys.exit(f"{mname}: type differs in {v}")
            req = set(md.get("required", [])) | set(vd.get("required", []))
            if req:
                md["required"] = sorted(req)
            mprops = md.setdefault("properties", {}) if "properties" in vd else md.get("properties", {})
            for p, ps in vd.get("properties", {}).items():
                presence.setdefault((mname, p), set()).add(v)
                mp = mprops.get(p)
                if mp is None:
                    mp = mprops[p] = copy.deepcopy(ps)
                elif shape(mp) != shape(ps):
                    sys.exit(f"{mname}.{p}: shape differs in {v}")
                if "enum" in ps:
                    ev = enum_presence.setdefault((mname, p), {})
                    for e in ps["enum"]:
                        ev.setdefault(e, set()).add(v)
                    mp["enum"] = sorted(set(mp.get("enum", [])) | set(ps["enum"]))
                vt, mt = ref_target(ps), ref_target(mp)
                if vt:
                    visit(mt, vt)

        for root in ROOTS:
            visit(root, root)
    for (d, p), vs in presence.items():
        prop = merged[d]["properties"][p]
        if len(vs) != len(VERSIONS):
            prop["x-loftctl-versions"] = [v for v in VERSIONS if v in vs]
        ev = enum_presence.get((d, p))
        if ev and any(e != vs for e in ev.values()):
            prop["x-loftctl-enum-versions"] = {
                e: [v for v in VERSIONS if v in ev[e]] for e in sorted(ev)
            }
        # The "Possible enum values" list of a description names one version's values.
        if "enum" in prop and "\n\nPossible enum values:" in prop.get("description", ""):
            prop["description"] = prop["description"].split("\n\nPossible enum values:")[0]
    return merged


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: generate.py REFERENCE_DIR > src/schema/loft-schema.json")
    merged = merge(versions_defs(sys.argv[1]))
    for (d, p) in DEPRECATED:
        merged[d]["properties"][p]["x-loftctl-deprecated"] = True
    for (d, p) in READ_ONLY:
        merged[d]["properties"][p]["readOnly"] = True
    for d in merged.values():
        if "properties" in d:
            d["properties"] = dict(sorted(d["properties"].items()))
    out = {
        "x-loftctl-source": "loft-sh/loft api/openapi-spec/swagger.json (4.1), loft-sh/api definitions (4.10, 4.11), the notes' 4.3, vCluster Platform 3.4 reference pages; regenerate with src/schema/generate.py",
        "x-loftctl-versions": VERSIONS,
        "definitions": dict(sorted(merged.items())),
    }
    json.dump(out, sys.stdout, indent=1, sort_keys=False, ensure_ascii=False)
    sys.stdout.write("\n")


main()
