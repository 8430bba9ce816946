//! Discovery documents (`/version`, `/api`, `/apis`, the group, the APIResourceList)
//! and the OpenAPI documents (v2 from the compiled-in schema, v3 derived from it).

use serde_json::{Map, Value, json};

use crate::api::{API_VERSION, GROUP, VERSION};

pub fn version() -> Value {
    json!({
        "major": "1",
        "minor": "32",
        "gitVersion": format!("v1.32.0+loftctl-{}", env!("CARGO_PKG_VERSION")),
        "gitCommit": "",
        "gitTreeState": "clean",
        "buildDate": "1970-01-01T00:00:00Z",
        "goVersion": "",
        "compiler": "rustc",
        "platform": format!("{}/{}", std::env::consts::OS, std::env::consts::ARCH),
    })
}

pub fn core_versions() -> Value {
    json!({"kind": "APIVersions", "versions": [], "serverAddressByClientCIDRs": []})
}

fn group() -> Value {
    json!({
        "name": GROUP,
        "versions": [{"groupVersion": API_VERSION, "version": VERSION}],
        "preferredVersion": {"groupVersion": API_VERSION, "version": VERSION},
    })
}

pub fn group_list() -> Value {
    json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": [group()]})
}

pub fn api_group() -> Value {
    let mut g = json!({"kind": "APIGroup", "apiVersion": "v1"});
    if let (Some(g), Value::Object(rest)) = (g.as_object_mut(), group()) {
        g.extend(rest);
    }
    g
}

pub fn resource_list() -> Value {
    json!({
        "kind": "APIResourceList",
        "apiVersion": "v1",
        "groupVersion": API_VERSION,
        "resources": [
            {
                "name": "users", "singularName": "user", "namespaced": false, "kind": "User",
                "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
            },
            {
                "name": "directclusterendpointtokens", "singularName": "directclusterendpointtoken",
                "namespaced": false, "kind": "DirectClusterEndpointToken", "verbs": ["create"],
            },
            {
                "name": "selves", "singularName": "self", "namespaced": false, "kind": "Self",
                "verbs": ["create"],
            },
        ],
    })
}

/// The served OpenAPI v2 document: the compiled-in schema as the emulated version has it.
pub fn openapi_v2() -> Value {
    let mut doc = crate::schema::openapi_v2();
    doc["definitions"] = Value::Object(crate::schema::openapi_definitions(super::LOFT_API_VERSION));
    doc
}

pub fn openapi_v3_root() -> Value {
    json!({"paths": {
        format!("apis/{GROUP}/{VERSION}"): {
            "serverRelativeURL": format!("/openapi/v3/apis/{GROUP}/{VERSION}?hash=loftctl-{}", env!("CARGO_PKG_VERSION"))
        }
    }})
}

fn rewrite_refs(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get_mut("$ref")
                && let Some(rest) = r.strip_prefix("#/definitions/")
            {
                *r = format!("#/components/schemas/{rest}");
            }
            for child in m.values_mut() {
                rewrite_refs(child);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

fn param(name: &str, desc: &str) -> Value {
    json!({"name": name, "in": "query", "description": desc, "schema": {"type": "string", "uniqueItems": true}})
}

/// The OpenAPI v3 document of `management.loft.sh/v1`: the v2 definitions as
/// components, and the paths (with the query parameters kubectl looks for, such as
/// `fieldValidation`, which tells it that the server validates fields itself).
pub fn openapi_v3_group() -> Value {
    let mut schemas = openapi_v2()
        .get("definitions")
        .cloned()
        .unwrap_or_else(|| Value::Object(Map::new()));
    rewrite_refs(&mut schemas);
    let ref_of = |kind: &str| {
        schemas
            .as_object()
            .and_then(|m| {
                m.iter()
                    .find(|(_, d)| d["x-kubernetes-group-version-kind"][0]["kind"] == kind)
                    .map(|(k, _)| format!("#/components/schemas/{k}"))
            })
            .unwrap_or_default()
    };
    let write_params = json!([
        param(
            "dryRun",
            "When present, indicates that modifications should not be persisted."
        ),
        param(
            "fieldManager",
            "fieldManager is a name associated with the actor or entity that is making these changes."
        ),
        param(
            "fieldValidation",
            "fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values are: Ignore, Warn, Strict."
        ),
    ]);
    let mut patch_params = write_params.clone();
    if let Some(a) = patch_params.as_array_mut() {
        a.push(param(
            "force",
            "Force is going to \"force\" Apply requests.",
        ));
    }
    let op = |kind: &str, action: &str, params: &Value, with_body: bool| {
        let body = json!({"content": {"application/json": {"schema": {"$ref": ref_of(kind)}}}});
        let mut o = json!({
            "operationId": format!("{action}ManagementV1{kind}"),
            "parameters": params,
            "responses": {"200": body.clone(), "201": body.clone()},
            "x-kubernetes-action": action,
            "x-kubernetes-group-version-kind": {"group": GROUP, "version": VERSION, "kind": kind},
        });
        if with_body {
            o["requestBody"] = body;
        }
        o
    };
    let mut patch = op("User", "patch", &patch_params, false);
    patch["requestBody"] = json!({"content": {
        "application/json-patch+json": {"schema": {"type": "object"}},
        "application/merge-patch+json": {"schema": {"type": "object"}},
        "application/apply-patch+yaml": {"schema": {"type": "object"}},
    }});
    let none = json!([]);
    json!({
        "openapi": "3.0.0",
        "info": {"title": "loftctl dev-server", "version": VERSION},
        "paths": {
            format!("/apis/{GROUP}/{VERSION}/users"): {
                "get": op("User", "list", &none, false),
                "post": op("User", "post", &write_params, true),
                "delete": op("User", "deletecollection", &none, false),
            },
            format!("/apis/{GROUP}/{VERSION}/users/{{name}}"): {
                "get": op("User", "get", &none, false),
                "put": op("User", "put", &write_params, true),
                "patch": patch,
                "delete": op("User", "delete", &none, false),
                "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}],
            },
            // kubectl looks for `fieldValidation` on a PATCH operation of a kind to
            // decide whether the server validates fields; without one it validates
            // on its own from the protobuf OpenAPI v2, which is not offered. So the
            // create-only kinds list their (405) PATCH operation too.
            format!("/apis/{GROUP}/{VERSION}/directclusterendpointtokens"): {
                "post": op("DirectClusterEndpointToken", "post", &write_params, true),
                "patch": op("DirectClusterEndpointToken", "patch", &patch_params, false),
            },
            format!("/apis/{GROUP}/{VERSION}/selves"): {
                "post": op("Self", "post", &write_params, true),
                "patch": op("Self", "patch", &patch_params, false),
            },
        },
        "components": {"schemas": schemas},
    })
}
