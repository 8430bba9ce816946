#!/usr/bin/env python3
"""Regenerate src/schema/loft-schema.json, the schema compiled into loftctl.

Usage (from the repository root):

    python3 src/schema/generate.py /path/to/loft-management-swagger.json > src/schema/loft-schema.json

Input: Loft's own Swagger 2.0 document (loft-sh/loft `api/openapi-spec/swagger.json`,
copied to the shared `reference/` folder). The script keeps the definitions reachable from
management.v1 `User` and `DirectClusterEndpointToken`, then adds what the vCluster
Platform 3.4 reference pages (User, DirectClusterEndpointToken) document and the swagger
lacks: `spec.accessKeysRef`, `spec.clusterAccountTemplates`, and the user status cluster
fields (`status.clusters`, `status.clusterAccountTemplates`). It also marks fields:
`x-loftctl-deprecated: true` (deprecated in the descriptions) and `readOnly: true`
(populated by the system). Keep the additions below in step with newer reference pages.
"""
import json
import sys

V4 = "com.github.loft-sh.api.v4.pkg.apis."
MGMT = V4 + "management.v1."
STORAGE = V4 + "storage.v1."
META = "io.k8s.apimachinery.pkg.apis.meta.v1."
ROOTS = [MGMT + "User", MGMT + "DirectClusterEndpointToken"]


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


def main():
    swagger = json.load(open(sys.argv[1]))
    defs = dict(swagger["definitions"])
    defs.update(ADDED_DEFINITIONS)
    for (d, p), schema in ADDED_PROPERTIES.items():
        defs[d] = json.loads(json.dumps(defs[d]))
        defs[d].setdefault("properties", {})[p] = schema

    keep = {}

    def walk(name):
        if name in keep:
            return
        keep[name] = json.loads(json.dumps(defs[name]))
        stack = [keep[name]]
        while stack:
            o = stack.pop()
            if isinstance(o, dict):
                for k, v in o.items():
                    if k == "$ref":
                        walk(v.split("/")[-1])
                    else:
                        stack.append(v)
            elif isinstance(o, list):
                stack.extend(o)

    for r in ROOTS:
        walk(r)
    for (d, p) in DEPRECATED:
        keep[d]["properties"][p]["x-loftctl-deprecated"] = True
    for (d, p) in READ_ONLY:
        keep[d]["properties"][p]["readOnly"] = True
    out = {
        "x-loftctl-source": "loft-sh/loft api/openapi-spec/swagger.json (c6eaa98) + vCluster Platform 3.4 reference pages; regenerate with src/schema/generate.py",
        "definitions": dict(sorted(keep.items())),
    }
    json.dump(out, sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")


main()
