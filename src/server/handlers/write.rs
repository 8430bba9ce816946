//! What every write shares: `dryRun`, `fieldValidation`, the field manager, decoding
//! a body, validating it against the schema, and answering with the object.

use axum::http::{StatusCode, header};
use axum::response::Response;
use serde_json::Value;

use super::{Ctx, json_response};
use crate::api::API_VERSION;
use crate::server::object::{SERVER_META, remove_path, rv_of};
use crate::server::status::{ApiError, ApiResult};
use crate::server::store::Obj;
use crate::server::table;
use crate::validate::names::DNS1123_SUBDOMAIN_MESSAGE;
use crate::validate::{Against, Severity, validate_value_against};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validation {
    Ignore,
    Warn,
    Strict,
}

impl Ctx {
    /// `dryRun`, checked as kube-apiserver checks the options of the request
    /// (`CreateOptions`, `UpdateOptions`, `PatchOptions`, `DeleteOptions`): a value
    /// other than `All` is a 422 and nothing happens.
    pub fn dry_run(&self, options_kind: &str) -> ApiResult<bool> {
        dry_run_values(options_kind, &self.query.all("dryRun"))
    }

    pub fn validation(&self) -> ApiResult<Validation> {
        match self.query.get("fieldValidation") {
            None | Some("") | Some("Warn") => Ok(Validation::Warn),
            Some("Ignore") => Ok(Validation::Ignore),
            Some("Strict") => Ok(Validation::Strict),
            Some(other) => Err(ApiError::bad_request(format!(
                "fieldValidation: Unsupported value: \"{other}\": supported values: \"Ignore\", \"Strict\", \"Warn\""
            ))),
        }
    }

    /// `fieldManager`, else the User-Agent's program name, as kube-apiserver defaults it.
    pub fn manager(&self) -> String {
        if let Some(m) = self.query.get("fieldManager").filter(|m| !m.is_empty()) {
            return m.to_string();
        }
        let ua = self
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok());
        let manager = crate::server::apply::manager_from_user_agent(ua);
        if manager.is_empty() {
            "unknown".to_string()
        } else {
            manager
        }
    }

    /// Parse a request body: JSON, or YAML when the content type says so.
    pub fn parse_body(&self, body: &[u8], kind: &str) -> ApiResult<Value> {
        let ct = self
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/json");
        let value: Value = if ct.contains("yaml") {
            let text = std::str::from_utf8(body)
                .map_err(|_| ApiError::bad_request("the request body is not UTF-8"))?;
            serde_saphyr::from_str(text)
                .map_err(|e| ApiError::bad_request(format!("error decoding YAML: {e}")))?
        } else if ct.contains("json") || ct.is_empty() {
            serde_json::from_slice(body).map_err(|e| {
                ApiError::bad_request(format!(
                    "the body of the request could not be decoded as JSON: {e}"
                ))
            })?
        } else {
            return Err(ApiError::unsupported_media_type(
                ct,
                &["application/json", "application/yaml"],
            ));
        };
        if !value.is_object() {
            return Err(ApiError::bad_request(format!(
                "the body of the request must be a {kind} object"
            )));
        }
        let body_kind = value["kind"].as_str().unwrap_or(kind);
        let body_version = value["apiVersion"].as_str().unwrap_or(API_VERSION);
        if body_kind != kind || body_version != API_VERSION {
            return Err(ApiError::bad_request(format!(
                "{body_kind} in version \"{}\" cannot be handled as a {kind}: the object's apiVersion/kind must be {API_VERSION}/{kind}",
                body_version.rsplit('/').next().unwrap_or(body_version)
            )));
        }
        Ok(value)
    }

    /// Field validation: unknown fields per `fieldValidation` (dropped unless Strict),
    /// other schema errors as 422 Invalid. Returns the warnings.
    pub fn check_fields(&self, obj: &mut Value, kind: &str, name: &str) -> ApiResult<Vec<String>> {
        let mode = self.validation()?;
        let mut probe = obj.clone();
        if let Some(meta) = probe.get_mut("metadata").and_then(Value::as_object_mut) {
            for k in SERVER_META {
                meta.remove(*k);
            }
        }
        if let Some(m) = probe.as_object_mut() {
            m.remove("status");
        }
        let diags =
            validate_value_against(&probe, Against::builtin(crate::server::LOFT_API_VERSION));
        let mut unknown = Vec::new();
        let mut invalid = Vec::new();
        for d in diags {
            if d.message.starts_with("unknown field") {
                unknown.push(d.path);
            } else if d.severity == Severity::Error
                && d.path != "metadata.name"
                && d.path != "metadata.generateName"
            {
                let msg = if d.message.starts_with("Invalid value")
                    || d.message.starts_with("Required value")
                    || d.message.starts_with("Unsupported value")
                {
                    d.message
                } else {
                    format!("Invalid value: {}", d.message)
                };
                invalid.push((d.path, msg));
            }
        }
        if !unknown.is_empty() {
            match mode {
                Validation::Strict => {
                    let list: Vec<String> = unknown
                        .iter()
                        .map(|p| format!("unknown field \"{p}\""))
                        .collect();
                    return Err(ApiError::bad_request(format!(
                        "{kind} in version \"v1\" cannot be handled as a {kind}: strict decoding error: {}",
                        list.join(", ")
                    )));
                }
                Validation::Warn | Validation::Ignore => {
                    for p in &unknown {
                        remove_path(obj, p);
                    }
                }
            }
        }
        if !invalid.is_empty() {
            return Err(ApiError::invalid(kind, name, &invalid));
        }
        Ok(if mode == Validation::Warn {
            unknown
                .iter()
                .map(|p| format!("unknown field \"{p}\""))
                .collect()
        } else {
            Vec::new()
        })
    }

    /// The object (or its Table row, when a Table was asked for).
    pub fn object_response(&self, code: StatusCode, obj: &Obj, warnings: &[String]) -> Response {
        if self.table {
            let t = table::table(
                &[obj],
                &rv_of(obj),
                None,
                None,
                self.query.get("includeObject"),
            );
            return json_response(code, serde_json::to_vec(&t).unwrap_or_default(), warnings);
        }
        json_response(code, obj.bytes.clone(), warnings)
    }
}

/// `dryRun` values: none, or exactly `All`.
pub fn dry_run_values(options_kind: &str, values: &[&str]) -> ApiResult<bool> {
    match values {
        [] => Ok(false),
        ["All"] => Ok(true),
        other => {
            let list: Vec<String> = other.iter().map(|v| format!("{v:?}")).collect();
            Err(ApiError::invalid_options(
                options_kind,
                "dryRun",
                format!(
                    "Unsupported value: []string{{{}}}: supported values: \"All\"",
                    list.join(", ")
                ),
            ))
        }
    }
}

/// 422 for a name that is not a DNS-1123 subdomain; `field` is where it came from.
pub fn invalid_name(field: &str, name: &str) -> ApiError {
    ApiError::invalid(
        "User",
        name,
        &[(
            field.into(),
            format!("Invalid value: \"{name}\": {DNS1123_SUBDOMAIN_MESSAGE}"),
        )],
    )
}
