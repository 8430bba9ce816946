//! `Self` (management.loft.sh/v1, resource `selves`, create only): POSTing an empty
//! one returns who the access key belongs to. The status is kept as JSON: it is only
//! printed.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::{Deserialize, Serialize};

use super::{API_VERSION, Extra, cluster_resource};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Self_ {
    #[serde(default = "api_version")]
    pub api_version: String,
    #[serde(default = "kind")]
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: serde_json::Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<serde_json::Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

fn api_version() -> String {
    API_VERSION.to_string()
}
fn kind() -> String {
    "Self".to_string()
}

cluster_resource!(Self_, "Self", "selves");

impl Self_ {
    pub fn new() -> Self {
        Self_ {
            api_version: api_version(),
            kind: kind(),
            spec: serde_json::json!({}),
            ..Default::default()
        }
    }
}
