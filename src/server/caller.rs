//! The authenticated caller of a request, and the hash the server keeps of keys: a leaf
//! that `identity` (who is calling) and `accesskeys` (the keys) both use.

use std::sync::Arc;

use serde_json::Value;

use super::store::Obj;

/// The authenticated caller.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The stored user, as it was when the request came in.
    pub user: Arc<Obj>,
    pub admin: bool,
    /// The access key's name (`Self.status.accessKey`), empty for a token.
    pub key_name: String,
    /// `spec.type` of the key (`User` for the command-line keys).
    pub key_type: String,
    /// The key's or the token's scope (`null` when unscoped).
    pub scope: Value,
}

impl Caller {
    pub fn name(&self) -> &str {
        &self.user.name
    }

    pub fn uid(&self) -> &str {
        self.user.value["metadata"]["uid"].as_str().unwrap_or("")
    }

    /// The user's `spec.tokenGeneration` (0 when unset).
    pub fn token_generation(&self) -> i64 {
        self.user.value["spec"]["tokenGeneration"]
            .as_i64()
            .unwrap_or(0)
    }
}

pub(crate) fn sha256_hex(data: &[u8]) -> String {
    let d = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, data);
    d.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}
