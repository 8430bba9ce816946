//! The OpenAPI documents the server publishes, modelled on Loft's own swagger: v2 (JSON,
//! or protobuf for client-go) and v3, with every path, its operations and parameters,
//! and the definitions: the kinds' from the compiled-in schema (`crate::schema`), the
//! rest (UserList, Self, Status, DeleteOptions, WatchEvent…) from `openapi-extra.json`.

use std::sync::OnceLock;

use bytes::Bytes;
use serde_json::{Map, Value, json};

use super::openapi_proto;
use crate::api::{GROUP, VERSION};

const EXTRA_JSON: &str = include_str!("openapi-extra.json");
const MGMT: &str = "com.github.loft-sh.api.v4.pkg.apis.management.v1";
const META: &str = "io.k8s.apimachinery.pkg.apis.meta.v1";

/// The documents, built once.
pub struct Docs {
    pub v2_json: Bytes,
    pub v2_proto: Bytes,
    pub v3_json: Bytes,
    /// Changes when the documents change (the v3 discovery's hash).
    pub hash: String,
}

pub fn docs() -> &'static Docs {
    static DOCS: OnceLock<Docs> = OnceLock::new();
    DOCS.get_or_init(|| {
        let v2 = v2();
        let v3 = v3(&v2);
        let v2_json = serde_json::to_vec(&v2).unwrap_or_default();
        let hash = format!("{:016X}", fnv1a(&v2_json));
        Docs {
            v2_proto: Bytes::from(openapi_proto::encode(&v2)),
            v2_json: Bytes::from(v2_json),
            v3_json: Bytes::from(serde_json::to_vec(&v3).unwrap_or_default()),
            hash,
        }
    })
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Every definition: the schema's for the emulated version (User,
/// DirectClusterEndpointToken, OwnedAccessKey and what they use)
/// and the extra ones.
fn definitions() -> Map<String, Value> {
    let mut defs = crate::schema::openapi_definitions(super::LOFT_API_VERSION);
    // The file is ours and checked by a unit test: parsing cannot fail at run time.
    let extra: Value = serde_json::from_str(EXTRA_JSON).unwrap_or_else(|_| json!({}));
    for (k, v) in extra["definitions"].as_object().into_iter().flatten() {
        defs.entry(k.clone()).or_insert_with(|| v.clone());
    }
    // OwnedAccessKeyList: UserList's shape around OwnedAccessKeys.
    let key_list = format!("{MGMT}.OwnedAccessKeyList");
    if !defs.contains_key(&key_list)
        && let Some(users) = defs.get(&format!("{MGMT}.UserList"))
    {
        let text = serde_json::to_string(users)
            .unwrap_or_default()
            .replace(
                &format!("{MGMT}.User\""),
                &format!("{MGMT}.OwnedAccessKey\""),
            )
            .replace("\"UserList\"", "\"OwnedAccessKeyList\"")
            .replace("of users", "of owned access keys");
        if let Ok(v) = serde_json::from_str(&text) {
            defs.insert(key_list, v);
        }
    }
    defs
}

fn reference(def: &str) -> Value {
    json!({"$ref": format!("#/definitions/{def}")})
}

fn query(name: &str, kind: &str, description: &str) -> Value {
    json!({"name": name, "in": "query", "type": kind, "uniqueItems": true, "description": description})
}

fn body(def: &str) -> Value {
    json!({"name": "body", "in": "body", "required": true, "schema": reference(def)})
}

fn params(names: &[&str]) -> Vec<Value> {
    names
        .iter()
        .map(|n| match *n {
            "allowWatchBookmarks" => query(n, "boolean", "allowWatchBookmarks requests watch events with type \"BOOKMARK\". Servers that do not implement bookmarks may ignore this flag and bookmarks are sent at the server's discretion."),
            "continue" => query(n, "string", "The continue option should be set when retrieving more results from the server."),
            "dryRun" => query(n, "string", "When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed"),
            "fieldManager" => query(n, "string", "fieldManager is a name associated with the actor or entity that is making these changes."),
            "fieldSelector" => query(n, "string", "A selector to restrict the list of returned objects by their fields. Defaults to everything."),
            "fieldValidation" => query(n, "string", "fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values are: Ignore, Warn, Strict."),
            "force" => query(n, "boolean", "Force is going to \"force\" Apply requests. It means user will re-acquire conflicting fields owned by other people."),
            "gracePeriodSeconds" => query(n, "integer", "The duration in seconds before the object should be deleted."),
            "labelSelector" => query(n, "string", "A selector to restrict the list of returned objects by their labels. Defaults to everything."),
            "limit" => query(n, "integer", "limit is a maximum number of responses to return for a list call."),
            "orphanDependents" => query(n, "boolean", "Deprecated: please use the PropagationPolicy."),
            "pretty" => query(n, "string", "If 'true', then the output is pretty printed."),
            "propagationPolicy" => query(n, "string", "Whether and how garbage collection will be performed. Acceptable values are: 'Orphan', 'Background', 'Foreground'."),
            "resourceVersion" => query(n, "string", "resourceVersion sets a constraint on what resource versions a request may be served from."),
            "resourceVersionMatch" => query(n, "string", "resourceVersionMatch determines how resourceVersion is applied to list calls: Exact or NotOlderThan."),
            "sendInitialEvents" => query(n, "boolean", "`sendInitialEvents=true` may be set together with `watch=true`: the stream begins with synthetic events of the current state, then a BOOKMARK."),
            "timeoutSeconds" => query(n, "integer", "Timeout for the list/watch call."),
            "watch" => query(n, "boolean", "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications."),
            "name" => json!({"name": "name", "in": "path", "required": true, "type": "string", "uniqueItems": true, "description": "name of the object"}),
            other => query(other, "string", ""),
        })
        .collect()
}

const LIST: &[&str] = &[
    "allowWatchBookmarks",
    "continue",
    "fieldSelector",
    "labelSelector",
    "limit",
    "resourceVersion",
    "resourceVersionMatch",
    "sendInitialEvents",
    "timeoutSeconds",
    "watch",
];
const WRITE: &[&str] = &["dryRun", "fieldManager", "fieldValidation"];

fn op(action: &str, id: &str, kind: &str, parameters: Vec<Value>, responses: Value) -> Value {
    json!({
        "description": format!("{action} {kind}"),
        "consumes": ["*/*"],
        "produces": ["application/json", "application/yaml"],
        "schemes": ["https"],
        "tags": ["managementLoftSh_v1"],
        "operationId": id,
        "parameters": parameters,
        "responses": responses,
        "x-kubernetes-action": action,
        "x-kubernetes-group-version-kind": {"group": GROUP, "version": VERSION, "kind": kind},
    })
}

fn ok(def: &str, codes: &[(&str, &str)]) -> Value {
    let mut r = Map::new();
    for (code, desc) in codes {
        r.insert(
            (*code).into(),
            json!({"description": desc, "schema": reference(def)}),
        );
    }
    r.insert("401".into(), json!({"description": "Unauthorized"}));
    Value::Object(r)
}

/// The Swagger 2.0 document (`/openapi/v2`).
pub fn v2() -> Value {
    let user = format!("{MGMT}.User");
    let list = format!("{MGMT}.UserList");
    let token = format!("{MGMT}.DirectClusterEndpointToken");
    let selfd = format!("{MGMT}.Self");
    let status = format!("{META}.Status");
    let delete_options = format!("{META}.DeleteOptions");
    let event = format!("{META}.WatchEvent");
    let patch = format!("{META}.Patch");
    let created = [("200", "OK"), ("201", "Created"), ("202", "Accepted")];
    let mut list_op = op(
        "list",
        "listManagementLoftShV1User",
        "User",
        params(LIST),
        ok(&list, &[("200", "OK")]),
    );
    list_op["produces"] = json!([
        "application/json",
        "application/yaml",
        "application/json;stream=watch"
    ]);
    let mut create = params(WRITE);
    create.insert(0, body(&user));
    let mut delete_collection = params(&[
        "continue",
        "dryRun",
        "fieldSelector",
        "gracePeriodSeconds",
        "labelSelector",
        "limit",
        "orphanDependents",
        "propagationPolicy",
        "resourceVersion",
        "resourceVersionMatch",
        "sendInitialEvents",
        "timeoutSeconds",
    ]);
    delete_collection.insert(0, body(&delete_options));
    let mut delete = params(&[
        "dryRun",
        "gracePeriodSeconds",
        "orphanDependents",
        "propagationPolicy",
    ]);
    delete.insert(0, body(&delete_options));
    let mut patch_params = params(&["dryRun", "fieldManager", "fieldValidation", "force"]);
    patch_params.insert(0, body(&patch));
    let mut patch_op = op(
        "patch",
        "patchManagementLoftShV1User",
        "User",
        patch_params,
        ok(&user, &created[..2]),
    );
    patch_op["consumes"] = json!([
        "application/json-patch+json",
        "application/merge-patch+json",
        "application/strategic-merge-patch+json",
        "application/apply-patch+yaml"
    ]);
    let mut watch_list = op(
        "watchlist",
        "watchManagementLoftShV1UserList",
        "User",
        Vec::new(),
        ok(&event, &[("200", "OK")]),
    );
    watch_list["produces"] = json!(["application/json", "application/json;stream=watch"]);
    let mut watch_one = op(
        "watch",
        "watchManagementLoftShV1User",
        "User",
        Vec::new(),
        ok(&event, &[("200", "OK")]),
    );
    watch_one["produces"] = watch_list["produces"].clone();
    let mut create_token = params(WRITE);
    create_token.insert(0, body(&token));
    let mut create_self = params(WRITE);
    create_self.insert(0, body(&selfd));
    let key = format!("{MGMT}.OwnedAccessKey");
    let key_list = format!("{MGMT}.OwnedAccessKeyList");
    let mut create_key = params(WRITE);
    create_key.insert(0, body(&key));
    let mut delete_key = params(&["dryRun"]);
    delete_key.insert(0, body(&delete_options));
    let g = format!("/apis/{GROUP}/{VERSION}");
    let pretty = params(&["pretty"]);
    let named = params(&["name", "pretty"]);
    let mut watch_params = params(LIST);
    watch_params.push(params(&["pretty"]).remove(0));
    let mut watch_named = watch_params.clone();
    watch_named.insert(0, params(&["name"]).remove(0));
    json!({
        "swagger": "2.0",
        "info": {"title": "loftctl dev-server: management.loft.sh", "version": VERSION},
        "paths": {
            format!("{g}/users"): {
                "get": list_op,
                "post": op("post", "createManagementLoftShV1User", "User", create, ok(&user, &created)),
                "delete": op("deletecollection", "deleteManagementLoftShV1CollectionUser", "User", delete_collection, ok(&status, &[("200", "OK")])),
                "parameters": pretty,
            },
            format!("{g}/users/{{name}}"): {
                "get": op("get", "readManagementLoftShV1User", "User", Vec::new(), ok(&user, &[("200", "OK")])),
                "put": op("put", "replaceManagementLoftShV1User", "User", {
                    let mut p = params(WRITE);
                    p.insert(0, body(&user));
                    p
                }, ok(&user, &created[..2])),
                "patch": patch_op,
                "delete": op("delete", "deleteManagementLoftShV1User", "User", delete, ok(&status, &[("200", "OK"), ("202", "Accepted")])),
                "parameters": named,
            },
            format!("{g}/watch/users"): {"get": watch_list, "parameters": watch_params},
            format!("{g}/watch/users/{{name}}"): {"get": watch_one, "parameters": watch_named},
            format!("{g}/directclusterendpointtokens"): {
                "post": op("post", "createManagementLoftShV1DirectClusterEndpointToken", "DirectClusterEndpointToken", create_token, ok(&token, &created)),
                "parameters": params(&["pretty"]),
            },
            format!("{g}/ownedaccesskeys"): {
                "get": op("list", "listManagementLoftShV1OwnedAccessKey", "OwnedAccessKey", Vec::new(), ok(&key_list, &[("200", "OK")])),
                "post": op("post", "createManagementLoftShV1OwnedAccessKey", "OwnedAccessKey", create_key, ok(&key, &created)),
                "parameters": params(&["pretty"]),
            },
            format!("{g}/ownedaccesskeys/{{name}}"): {
                "get": op("get", "readManagementLoftShV1OwnedAccessKey", "OwnedAccessKey", Vec::new(), ok(&key, &[("200", "OK")])),
                "delete": op("delete", "deleteManagementLoftShV1OwnedAccessKey", "OwnedAccessKey", delete_key, ok(&status, &[("200", "OK")])),
                "parameters": params(&["name", "pretty"]),
            },
            format!("{g}/selves"): {
                "post": op("post", "createManagementLoftShV1Self", "Self", create_self, ok(&selfd, &created)),
                "parameters": params(&["pretty"]),
            },
        },
        "definitions": definitions(),
    })
}

/// A v2 schema as v3: refs to `#/components/schemas/`, and a `$ref` with siblings
/// wrapped in `allOf`, as kube-apiserver writes it.
fn schema_v3(v: &Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut out = Map::new();
            let reference = map
                .get("$ref")
                .and_then(Value::as_str)
                .map(|r| r.replace("#/definitions/", "#/components/schemas/"));
            for (k, x) in map {
                if k != "$ref" {
                    out.insert(k.clone(), schema_v3(x));
                }
            }
            match reference {
                Some(r) if out.is_empty() => json!({"$ref": r}),
                Some(r) => {
                    out.insert("allOf".into(), json!([{"$ref": r}]));
                    Value::Object(out)
                }
                None => Value::Object(out),
            }
        }
        Value::Array(a) => Value::Array(a.iter().map(schema_v3).collect()),
        other => other.clone(),
    }
}

fn operation_v3(op: &Value) -> Value {
    let mut out = Map::new();
    let mut parameters = Vec::new();
    for (k, x) in op.as_object().into_iter().flatten() {
        match k.as_str() {
            "consumes" | "produces" | "schemes" | "parameters" | "responses" => {}
            _ => {
                out.insert(k.clone(), x.clone());
            }
        }
    }
    let consumes: Vec<&str> = op["consumes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let produces: Vec<&str> = op["produces"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    for p in op["parameters"].as_array().into_iter().flatten() {
        if p["in"] == "body" {
            let schema = schema_v3(&p["schema"]);
            let content: Map<String, Value> = consumes
                .iter()
                .map(|c| ((*c).to_string(), json!({"schema": schema})))
                .collect();
            out.insert(
                "requestBody".into(),
                json!({"content": content, "required": true}),
            );
        } else {
            parameters.push(parameter_v3(p));
        }
    }
    if !parameters.is_empty() {
        out.insert("parameters".into(), Value::Array(parameters));
    }
    let mut responses = Map::new();
    for (code, r) in op["responses"].as_object().into_iter().flatten() {
        let mut resp = json!({"description": r["description"]});
        if let Some(s) = r.get("schema") {
            let schema = schema_v3(s);
            let content: Map<String, Value> = produces
                .iter()
                .map(|c| ((*c).to_string(), json!({"schema": schema})))
                .collect();
            resp["content"] = Value::Object(content);
        }
        responses.insert(code.clone(), resp);
    }
    out.insert("responses".into(), Value::Object(responses));
    Value::Object(out)
}

fn parameter_v3(p: &Value) -> Value {
    let mut schema = json!({"type": p["type"]});
    if p["uniqueItems"] == true {
        schema["uniqueItems"] = json!(true);
    }
    let mut out = json!({"name": p["name"], "in": p["in"], "description": p["description"], "schema": schema});
    if p["required"] == true {
        out["required"] = json!(true);
    }
    out
}

/// The OpenAPI 3.0 document of the group-version, derived from the v2 one.
pub fn v3(v2: &Value) -> Value {
    let mut paths = Map::new();
    for (path, item) in v2["paths"].as_object().into_iter().flatten() {
        let mut out = Map::new();
        for (k, x) in item.as_object().into_iter().flatten() {
            if k == "parameters" {
                let ps: Vec<Value> = x
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(parameter_v3)
                    .collect();
                out.insert(k.clone(), Value::Array(ps));
            } else {
                out.insert(k.clone(), operation_v3(x));
            }
        }
        paths.insert(path.clone(), Value::Object(out));
    }
    let schemas: Map<String, Value> = v2["definitions"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), schema_v3(v)))
        .collect();
    json!({
        "openapi": "3.0.0",
        "info": v2["info"],
        "paths": paths,
        "components": {"schemas": schemas},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documents_are_complete() {
        let v2 = v2();
        let defs = v2["definitions"].as_object().unwrap();
        for d in ["User", "UserList", "DirectClusterEndpointToken", "Self"] {
            assert!(defs.contains_key(&format!("{MGMT}.{d}")), "{d}");
        }
        for d in [
            "Status",
            "DeleteOptions",
            "WatchEvent",
            "ObjectMeta",
            "ListMeta",
        ] {
            assert!(defs.contains_key(&format!("{META}.{d}")), "{d}");
        }
        // Every reference resolves.
        let text = serde_json::to_string(&v2).unwrap();
        for r in text.split("\"$ref\":\"#/definitions/").skip(1) {
            let name = &r[..r.find('"').unwrap()];
            assert!(defs.contains_key(name), "dangling $ref {name}");
        }
        let tokens = &v2["paths"]["/apis/management.loft.sh/v1/directclusterendpointtokens"];
        let mut verbs: Vec<&String> = tokens.as_object().unwrap().keys().collect();
        verbs.sort();
        assert_eq!(verbs, ["parameters", "post"]);
        let v3 = v3(&v2);
        let list = &v3["paths"]["/apis/management.loft.sh/v1/users"]["get"];
        assert_eq!(
            list["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            format!("#/components/schemas/{MGMT}.UserList")
        );
        assert!(
            !serde_json::to_string(&v3)
                .unwrap()
                .contains("\"$ref\":\"\"")
        );
        assert!(!docs().v2_proto.is_empty());
    }
}
