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
use crate::validate::tree::Node;
use crate::validate::{Against, Severity, validate_node_against};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validation {
    Ignore,
    Warn,
    Strict,
}

impl Ctx {
    /// The request's options as kube-apiserver validates them (`ValidateCreateOptions`,
    /// `…UpdateOptions`, `…PatchOptions`, `…DeleteOptions`): `fieldManager` at most 128
    /// bytes of printable characters (deletes have none), `dryRun` none or `All`; every
    /// error in one 422, and nothing happens. The answer is whether it is a dry run.
    pub fn dry_run(&self, options_kind: &str) -> ApiResult<bool> {
        self.dry_run_after(options_kind, Vec::new())
    }

    /// [`Ctx::dry_run`], after the causes the caller found first (a patch's `force` and
    /// required `fieldManager`, which `ValidatePatchOptions` lists before the others).
    pub fn dry_run_after(
        &self,
        options_kind: &str,
        mut causes: Vec<(String, String)>,
    ) -> ApiResult<bool> {
        if options_kind != "DeleteOptions"
            && let Some(manager) = self.query.get("fieldManager")
        {
            causes.extend(field_manager_errors(manager));
        }
        let dry = dry_run_cause(&self.query.all("dryRun")).unwrap_or_else(|cause| {
            causes.push(cause);
            false
        });
        match causes.is_empty() {
            true => Ok(dry),
            false => Err(ApiError::invalid_options_all(options_kind, &causes)),
        }
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
        // What the client may set: server-owned metadata and the status are not checked.
        let mut probe = Node::from_json(obj);
        if let Some(meta) = probe.get_mut("metadata") {
            meta.remove_members(SERVER_META);
        }
        probe.remove_members(&["status"]);
        let diags =
            validate_node_against(&probe, Against::builtin(crate::server::LOFT_API_VERSION));
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
    dry_run_cause(values).map_err(|cause| ApiError::invalid_options_all(options_kind, &[cause]))
}

/// Whether `dryRun` asks for a dry run, or the cause of its 422.
fn dry_run_cause(values: &[&str]) -> Result<bool, (String, String)> {
    match values {
        [] => Ok(false),
        ["All"] => Ok(true),
        other => {
            let list: Vec<String> = other.iter().map(|v| format!("{v:?}")).collect();
            Err((
                "dryRun".to_string(),
                format!(
                    "Unsupported value: []string{{{}}}: supported values: \"All\"",
                    list.join(", ")
                ),
            ))
        }
    }
}

/// The cause of an apply without `fieldManager` (`ValidatePatchOptions`).
pub const APPLY_NEEDS_MANAGER: &str = "Required value: is required for apply patch";

/// The longest `fieldManager` kube-apiserver takes (`FieldManagerMaxLength`).
const FIELD_MANAGER_MAX: usize = 128;

/// What kube-apiserver's `ValidateFieldManager` says of a `fieldManager`: too long (in
/// bytes), and each character that is not printable ([`go_printable`]) by its byte
/// position.
fn field_manager_errors(manager: &str) -> Vec<(String, String)> {
    let mut errors = Vec::new();
    if manager.len() > FIELD_MANAGER_MAX {
        errors.push((
            "fieldManager".to_string(),
            format!("Too long: must have at most {FIELD_MANAGER_MAX} bytes"),
        ));
    }
    for (i, c) in manager.char_indices() {
        if !go_printable(c) {
            errors.push((
                "fieldManager".to_string(),
                format!(
                    "Invalid value: {}: invalid character U+{:04X} (at position {i})",
                    go_quote(manager),
                    c as u32
                ),
            ));
        }
    }
    errors
}

/// Go's `unicode.IsPrint`, approximated: not a control character, a space other than
/// U+0020, or a common invisible format character.
fn go_printable(c: char) -> bool {
    !(c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}'))
}

/// A string as Go's `%q` writes it (the escapes kube-apiserver's messages show).
fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if !go_printable(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_managers_are_checked_as_kube_apiserver_does() {
        assert!(field_manager_errors(&"m".repeat(128)).is_empty());
        assert!(field_manager_errors("kubectl-client-side-apply é ✓").is_empty());
        // 64 two-byte characters are 128 bytes; one more is too long.
        assert!(field_manager_errors(&"é".repeat(64)).is_empty());
        let long = field_manager_errors(&"é".repeat(65));
        assert_eq!(long[0].1, "Too long: must have at most 128 bytes");
        let bad = field_manager_errors("a\u{7}\u{a0}\"");
        let messages: Vec<&str> = bad.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(
            messages,
            [
                r#"Invalid value: "a\a\u00a0\"": invalid character U+0007 (at position 1)"#,
                r#"Invalid value: "a\a\u00a0\"": invalid character U+00A0 (at position 2)"#,
            ]
        );
    }
}
