//! Discovery documents (`/version`, `/api`, `/apis`, the group, the APIResourceList)
//! and the OpenAPI v3 discovery document (the OpenAPI documents are in `openapi`).

use serde_json::{Value, json};

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
            {"name": "users/accesskeys", "singularName": "", "namespaced": false, "kind": "UserAccessKeys", "verbs": ["get"]},
            {"name": "users/clusters", "singularName": "", "namespaced": false, "kind": "UserClusters", "verbs": ["get"]},
            {"name": "users/permissions", "singularName": "", "namespaced": false, "kind": "UserPermissions", "verbs": ["get"]},
            {"name": "users/profile", "singularName": "", "namespaced": false, "kind": "UserProfile", "verbs": ["create", "get"]},
            {
                "name": "ownedaccesskeys", "singularName": "ownedaccesskey", "namespaced": false,
                "kind": "OwnedAccessKey", "verbs": ["create", "delete", "get", "list"],
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

/// `/openapi/v3`: the discovery document naming the one group-version.
pub fn openapi_v3_root() -> Value {
    json!({"paths": {
        format!("apis/{GROUP}/{VERSION}"): {
            "serverRelativeURL": format!("/openapi/v3/apis/{GROUP}/{VERSION}?hash={}", super::openapi::docs().hash)
        }
    }})
}
