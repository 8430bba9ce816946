//! `DirectClusterEndpointToken` (management.loft.sh/v1, create only): `spec.ttl`
//! (seconds) and `spec.scope` (storage.v1 `AccessKeyScope`); the server answers with
//! `status.token`, a JWT.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::{Deserialize, Serialize};

use super::{API_VERSION, Extra, cluster_resource};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectClusterEndpointToken {
    #[serde(default = "api_version")]
    pub api_version: String,
    #[serde(default = "kind")]
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: DirectClusterEndpointTokenSpec,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<DirectClusterEndpointTokenStatus>,
    #[serde(flatten)]
    pub extra: Extra,
}

fn api_version() -> String {
    API_VERSION.to_string()
}
fn kind() -> String {
    "DirectClusterEndpointToken".to_string()
}

cluster_resource!(
    DirectClusterEndpointToken,
    "DirectClusterEndpointToken",
    "directclusterendpointtokens"
);

impl DirectClusterEndpointToken {
    pub fn new(spec: DirectClusterEndpointTokenSpec) -> Self {
        DirectClusterEndpointToken {
            api_version: api_version(),
            kind: kind(),
            spec,
            ..Default::default()
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectClusterEndpointTokenSpec {
    /// Time to live in seconds; the server picks its default when 0 or absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<AccessKeyScope>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectClusterEndpointTokenStatus {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// storage.v1 `AccessKeyScope`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessKeyScope {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<AccessKeyScopeRole>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub projects: Option<Vec<AccessKeyScopeProject>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spaces: Option<Vec<AccessKeyScopeSpace>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_clusters: Option<Vec<AccessKeyScopeVirtualCluster>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clusters: Option<Vec<AccessKeyScopeCluster>>,
    /// Deprecated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<serde_json::Value>>,
    /// Deprecated: use `roles` with `loft-cli`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_loft_cli: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The `role` values of `AccessKeyScopeRole` that any Loft API version knows (3.4 to
/// 4.10 have `runner`; 4.3+ `workspace`; 4.11 `metrics-reader` and `metrics-writer`).
/// Which of them a server accepts is its schema's to say: a write is checked against it.
pub const ROLES: &[&str] = &[
    "agent",
    "loft-cli",
    "metrics-reader",
    "metrics-writer",
    "network-peer",
    "runner",
    "vcluster",
    "workspace",
];

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessKeyScopeRole {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub projects: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_clusters: Option<Vec<String>>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessKeyScopeProject {
    #[serde(default)]
    pub project: String,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessKeyScopeSpace {
    #[serde(default)]
    pub project: String,
    #[serde(default)]
    pub space: String,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessKeyScopeVirtualCluster {
    #[serde(default)]
    pub project: String,
    #[serde(default)]
    pub virtual_cluster: String,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessKeyScopeCluster {
    #[serde(default)]
    pub cluster: String,
    #[serde(flatten)]
    pub extra: Extra,
}
