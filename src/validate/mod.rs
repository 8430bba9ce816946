//! Local validation of manifests, with FILE:LINE:COLUMN diagnostics (issue 4).
// TEMP: replaced by the validation branch. Just the signature the dev-server calls, with
// a DNS-1123 name check and unknown top-level / spec fields.

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    /// e.g. `spec.emial`
    pub path: String,
    pub message: String,
}

const TOP: &[&str] = &["apiVersion", "kind", "metadata", "spec", "status"];
const USER_SPEC: &[&str] = &[
    "displayName",
    "description",
    "owner",
    "username",
    "icon",
    "email",
    "subject",
    "groups",
    "ssoGroups",
    "passwordRef",
    "accessKeysRef",
    "codesRef",
    "imagePullSecrets",
    "clusterAccountTemplates",
    "tokenGeneration",
    "disabled",
    "clusterRoles",
    "access",
];
const TOKEN_SPEC: &[&str] = &["ttl", "scope"];

fn diag(path: String, message: String) -> Diagnostic {
    Diagnostic {
        file: String::new(),
        line: 0,
        column: 0,
        severity: Severity::Error,
        path,
        message,
    }
}

/// Validate one object (User or DirectClusterEndpointToken).
// TEMP: replaced by the validation branch
pub fn validate_value(value: &Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(map) = value.as_object() else {
        out.push(diag(String::new(), "expected an object".into()));
        return out;
    };
    for k in map.keys().filter(|k| !TOP.contains(&k.as_str())) {
        out.push(diag(k.clone(), "unknown field".into()));
    }
    let spec_fields = match value["kind"].as_str() {
        Some("DirectClusterEndpointToken") => TOKEN_SPEC,
        _ => USER_SPEC,
    };
    if let Some(spec) = value["spec"].as_object() {
        for k in spec.keys().filter(|k| !spec_fields.contains(&k.as_str())) {
            out.push(diag(format!("spec.{k}"), "unknown field".into()));
        }
    }
    if let Some(name) = value["metadata"]["name"].as_str() {
        let ok = !name.is_empty()
            && name.len() <= 253
            && name.split('.').all(|l| {
                !l.is_empty()
                    && l.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && !l.starts_with('-')
                    && !l.ends_with('-')
            });
        if !ok {
            out.push(diag(
                "metadata.name".into(),
                "a lowercase RFC 1123 subdomain is required".into(),
            ));
        }
    }
    out
}
