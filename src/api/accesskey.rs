//! `OwnedAccessKey` (management.loft.sh/v1, resource `ownedaccesskeys`, cluster-scoped):
//! the caller's own access keys, and `UserAccessKeys` (the `users/{name}/accesskeys`
//! subresource: one user's keys, for admins). Shapes from Loft's v4.11 definitions.
//!
//! `spec.key` is the bearer token itself: the server returns it when a key is created;
//! loftctl prints it only then (see `crate::accesskeys`).

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::{Deserialize, Serialize};

use super::token::AccessKeyScope;
use super::{API_VERSION, Extra, cluster_resource};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnedAccessKey {
    #[serde(default = "api_version")]
    pub api_version: String,
    #[serde(default = "kind")]
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: OwnedAccessKeySpec,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<serde_json::Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

fn api_version() -> String {
    API_VERSION.to_string()
}
fn kind() -> String {
    "OwnedAccessKey".to_string()
}

cluster_resource!(OwnedAccessKey, "OwnedAccessKey", "ownedaccesskeys");

impl OwnedAccessKey {
    pub fn new(spec: OwnedAccessKeySpec) -> Self {
        OwnedAccessKey {
            api_version: api_version(),
            kind: kind(),
            spec,
            ..Default::default()
        }
    }
}

/// The access-key type a person makes (`vcluster platform create accesskey` sends it too).
pub const TYPE_USER: &str = "User";

/// The fields loftctl sets; everything else (identity, oidcProvider, …) stays in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnedAccessKeySpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// The bearer token; set by the server on create.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
    /// Time to live in seconds (from creation, or from the last activity with
    /// `ttlAfterLastActivity`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_after_last_activity: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<AccessKeyScope>,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `users/{name}/accesskeys`: the access keys of one user.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserAccessKeys {
    #[serde(default)]
    pub api_version: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub access_keys: Vec<serde_json::Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_names_its_type_and_keeps_unknown_fields() {
        let key = OwnedAccessKey::new(OwnedAccessKeySpec {
            ttl: Some(60),
            type_: Some(TYPE_USER.into()),
            ..Default::default()
        });
        assert_eq!(
            serde_json::to_value(&key).unwrap(),
            serde_json::json!({
                "apiVersion": "management.loft.sh/v1",
                "kind": "OwnedAccessKey",
                "metadata": {},
                "spec": {"ttl": 60, "type": "User"},
            })
        );
        let back: OwnedAccessKey = serde_json::from_value(serde_json::json!({
            "kind": "OwnedAccessKey",
            "spec": {"type": "User", "oidcProvider": {"clientId": "x"}},
            "status": {"lastActivity": "2026-01-01T00:00:00Z"},
        }))
        .unwrap();
        assert_eq!(back.spec.type_.as_deref(), Some("User"));
        assert_eq!(back.spec.extra["oidcProvider"]["clientId"], "x");
    }
}
