//! The compiled-in schema of User and DirectClusterEndpointToken (issue 4).
// TEMP: replaced by the validation branch. A minimal OpenAPI v2 document, just enough
// for the dev-server's /openapi/v2 and `kubectl explain` until issue 4 lands.

use serde_json::{Value, json};

/// The OpenAPI v2 document served by the dev-server at `/openapi/v2`.
// TEMP: replaced by the validation branch
pub fn openapi_v2() -> Value {
    let s = |d: &str| json!({"type": "string", "description": d});
    let strings = |d: &str| json!({"type": "array", "items": {"type": "string"}, "description": d});
    json!({
        "swagger": "2.0",
        "info": {"title": "loftctl dev-server", "version": "v1"},
        "paths": {},
        "definitions": {
            "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": {
                "description": "ObjectMeta is metadata that all persisted resources must have.",
                "type": "object",
                "properties": {
                    "name": s("Name must be unique within a namespace."),
                    "generateName": s("GenerateName is an optional prefix, used by the server, to generate a unique name."),
                    "labels": {"type": "object", "additionalProperties": {"type": "string"}, "description": "Map of string keys and values that can be used to organize and categorize objects."},
                    "annotations": {"type": "object", "additionalProperties": {"type": "string"}, "description": "Annotations is an unstructured key value map."},
                    "uid": s("UID is the unique in time and space value for this object."),
                    "resourceVersion": s("An opaque value that represents the internal version of this object."),
                    "generation": {"type": "integer", "format": "int64", "description": "A sequence number representing a specific generation of the desired state."},
                    "creationTimestamp": s("CreationTimestamp is a timestamp representing the server time when this object was created.")
                }
            },
            "com.github.loft-sh.api.v4.pkg.apis.management.v1.User": {
                "description": "User holds the user information",
                "type": "object",
                "properties": {
                    "apiVersion": s("APIVersion defines the versioned schema of this representation of an object."),
                    "kind": s("Kind is a string value representing the REST resource this object represents."),
                    "metadata": {"$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"},
                    "spec": {"$ref": "#/definitions/com.github.loft-sh.api.v4.pkg.apis.management.v1.UserSpec"},
                    "status": {"type": "object", "description": "UserStatus holds the status of an user"}
                },
                "x-kubernetes-group-version-kind": [{"group": "management.loft.sh", "kind": "User", "version": "v1"}]
            },
            "com.github.loft-sh.api.v4.pkg.apis.management.v1.UserSpec": {
                "type": "object",
                "properties": {
                    "displayName": s("The display name shown in the UI"),
                    "description": s("Description describes an app"),
                    "username": s("The username that is used to login"),
                    "email": s("The users email address"),
                    "subject": s("The user subject as presented by the token"),
                    "groups": strings("The groups the user has access to"),
                    "disabled": {"type": "boolean", "description": "If disabled is true, an user will not be able to login anymore."}
                }
            },
            "com.github.loft-sh.api.v4.pkg.apis.management.v1.DirectClusterEndpointToken": {
                "description": "DirectClusterEndpointToken holds the object information",
                "type": "object",
                "properties": {
                    "apiVersion": s("APIVersion defines the versioned schema of this representation of an object."),
                    "kind": s("Kind is a string value representing the REST resource this object represents."),
                    "metadata": {"$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"},
                    "spec": {"type": "object", "properties": {
                        "ttl": {"type": "integer", "format": "int64", "description": "The time to life for this access token in seconds"},
                        "scope": {"type": "object", "description": "Scope is the optional scope of the direct cluster endpoint"}
                    }},
                    "status": {"type": "object", "properties": {"token": s("The token")}}
                },
                "x-kubernetes-group-version-kind": [{"group": "management.loft.sh", "kind": "DirectClusterEndpointToken", "version": "v1"}]
            }
        }
    })
}
