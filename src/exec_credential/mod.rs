//! `token create -o exec-credential`: a `client.authentication.k8s.io/v1` ExecCredential,
//! so that a kubeconfig `users[].user.exec` stanza can run loftctl for its token, and
//! with `--cache` the file cache that lets many kubectl runs share one token.

pub mod cache;

use std::io::Write;

use serde_json::{Value, json};

use crate::error::{CliError, Result};

pub const API_VERSION: &str = "client.authentication.k8s.io/v1";
pub const KIND: &str = "ExecCredential";

/// A bearer token and when it expires (Unix seconds), as kubectl wants it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecCredential {
    pub token: String,
    pub expires_at: Option<i64>,
}

impl ExecCredential {
    /// The credential for a JWT, its expiry read from the token's `exp` claim (not
    /// verified: the server that issued it is the one that checks it).
    pub fn for_jwt(token: &str) -> Result<ExecCredential> {
        let jwt = crate::jwt::Jwt::parse(token)
            .map_err(|e| CliError::other(format!("the server's token: {e}")))?;
        Ok(ExecCredential {
            token: token.to_string(),
            expires_at: jwt.claims.get("exp").and_then(Value::as_i64),
        })
    }

    pub fn to_json(&self) -> Value {
        let mut status = json!({ "token": self.token });
        if let Some(exp) = self.expires_at.and_then(rfc3339) {
            status["expirationTimestamp"] = Value::String(exp);
        }
        json!({ "apiVersion": API_VERSION, "kind": KIND, "status": status })
    }

    /// Read one back (a cache file). `None` when it is not an ExecCredential with a token.
    pub fn from_json(value: &Value) -> Option<ExecCredential> {
        if value["apiVersion"] != API_VERSION || value["kind"] != KIND {
            return None;
        }
        let token = value["status"]["token"]
            .as_str()
            .filter(|t| !t.is_empty())?;
        let expires_at = match value["status"].get("expirationTimestamp") {
            None | Some(Value::Null) => None,
            Some(v) => Some(v.as_str()?.parse::<jiff::Timestamp>().ok()?.as_second()),
        };
        Some(ExecCredential {
            token: token.to_string(),
            expires_at,
        })
    }

    pub fn write(&self, out: &mut dyn Write) -> Result<()> {
        crate::output::write_json(out, &self.to_json())
    }
}

fn rfc3339(secs: i64) -> Option<String> {
    jiff::Timestamp::from_second(secs)
        .ok()
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_and_without_expiry() {
        let c = ExecCredential {
            token: "a.b.c".into(),
            expires_at: Some(1_800_000_000),
        };
        let v = c.to_json();
        assert_eq!(
            v,
            json!({
                "apiVersion": "client.authentication.k8s.io/v1",
                "kind": "ExecCredential",
                "status": {"token": "a.b.c", "expirationTimestamp": "2027-01-15T08:00:00Z"},
            })
        );
        assert_eq!(ExecCredential::from_json(&v), Some(c));
        let never = ExecCredential {
            token: "t".into(),
            expires_at: None,
        };
        assert_eq!(ExecCredential::from_json(&never.to_json()), Some(never));
        assert_eq!(
            ExecCredential::from_json(&json!({"kind": "ExecCredential"})),
            None
        );
        let mut bad = v.clone();
        bad["status"]["expirationTimestamp"] = json!("soon");
        assert_eq!(ExecCredential::from_json(&bad), None);
    }
}
