//! `kind: Status` error answers, with the reasons, codes, messages and details that
//! kube-apiserver gives for the same situations.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};

use crate::api::GROUP;

/// The resource (plural) and kind of the objects a Status talks about.
pub const RESOURCE: &str = "users";
pub const QUALIFIED: &str = "users.management.loft.sh";

/// An API error, answered as a `Status` object.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub code: u16,
    pub reason: &'static str,
    pub message: String,
    pub details: Option<Value>,
}

pub type ApiResult<T> = std::result::Result<T, ApiError>;

fn details(name: &str, kind: &str) -> Value {
    let mut d = serde_json::Map::new();
    if !name.is_empty() {
        d.insert("name".into(), json!(name));
    }
    d.insert("group".into(), json!(GROUP));
    d.insert("kind".into(), json!(kind));
    Value::Object(d)
}

impl ApiError {
    pub fn new(code: u16, reason: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            code,
            reason,
            message: message.into(),
            details: None,
        }
    }

    fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    pub fn not_found(name: &str) -> Self {
        Self::new(404, "NotFound", format!("{QUALIFIED} \"{name}\" not found"))
            .with_details(details(name, RESOURCE))
    }

    /// A path the server does not serve.
    pub fn no_route() -> Self {
        Self::new(
            404,
            "NotFound",
            "the server could not find the requested resource",
        )
        .with_details(json!({}))
    }

    pub fn already_exists(name: &str) -> Self {
        Self::new(
            409,
            "AlreadyExists",
            format!("{QUALIFIED} \"{name}\" already exists"),
        )
        .with_details(details(name, RESOURCE))
    }

    pub fn conflict(name: &str) -> Self {
        Self::conflict_msg(
            name,
            "the object has been modified; please apply your changes to the latest version and try again",
        )
    }

    pub fn conflict_msg(name: &str, why: &str) -> Self {
        Self::new(
            409,
            "Conflict",
            format!("Operation cannot be fulfilled on {QUALIFIED} \"{name}\": {why}"),
        )
        .with_details(details(name, RESOURCE))
    }

    /// A server-side apply conflict, as kube-apiserver words it: `fields` are
    /// `(manager, field path)` pairs, the manager as kube prints it (`"kubectl-edit"
    /// using management.loft.sh/v1` for an Update manager, `"ci"` for an applier).
    /// The details carry only the causes, as kube-apiserver's do.
    pub fn apply_conflict(fields: &[(String, String)]) -> Self {
        let n = fields.len();
        let message = if n == 1 {
            format!(
                "Apply failed with 1 conflict: conflict with {}: {}",
                fields[0].0, fields[0].1
            )
        } else {
            let mut by_manager: std::collections::BTreeMap<&str, Vec<&str>> =
                std::collections::BTreeMap::new();
            for (manager, field) in fields {
                by_manager.entry(manager).or_default().push(field);
            }
            let mut lines = Vec::new();
            for (manager, paths) in by_manager {
                lines.push(format!("conflicts with {manager}:"));
                lines.extend(paths.iter().map(|p| format!("- {p}")));
            }
            format!("Apply failed with {n} conflicts: {}", lines.join("\n"))
        };
        let causes: Vec<Value> = fields
            .iter()
            .map(|(manager, field)| {
                json!({
                    "reason": "FieldManagerConflict",
                    "message": format!("conflict with {manager}"),
                    "field": field,
                })
            })
            .collect();
        Self::new(409, "Conflict", message).with_details(json!({"causes": causes}))
    }

    pub fn unauthorized() -> Self {
        Self::new(401, "Unauthorized", "Unauthorized")
    }

    /// 403 for `user` doing `verb` on users (one object when `name` is set).
    pub fn forbidden(user: &str, verb: &str, resource: &str, name: Option<&str>) -> Self {
        let what = match name {
            Some(n) => format!("{resource}.{GROUP} \"{n}\" is forbidden"),
            None => format!("{resource}.{GROUP} is forbidden"),
        };
        Self::new(
            403,
            "Forbidden",
            format!(
                "{what}: User \"{user}\" cannot {verb} resource \"{resource}\" in API group \"{GROUP}\" at the cluster scope"
            ),
        )
        .with_details(details(name.unwrap_or(""), resource))
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, "BadRequest", message)
    }

    /// 422 Invalid: `causes` are `(field, message)`; the message starts with
    /// "Invalid value: …" or "Required value: …" as the apiserver's field errors do.
    pub fn invalid(kind: &str, name: &str, causes: &[(String, String)]) -> Self {
        Self::invalid_in(GROUP, kind, name, causes)
    }

    /// 422 for request options (`CreateOptions`, `DeleteOptions`, `ListOptions`…),
    /// which kube-apiserver reports in the group `meta.k8s.io` with an empty name.
    pub fn invalid_options(kind: &str, field: &str, message: String) -> Self {
        Self::invalid_options_all(kind, &[(field.to_string(), message)])
    }

    /// [`ApiError::invalid_options`] with every cause found (kube-apiserver reports all).
    pub fn invalid_options_all(kind: &str, causes: &[(String, String)]) -> Self {
        Self::invalid_in("meta.k8s.io", kind, "", causes)
    }

    fn invalid_in(group: &str, kind: &str, name: &str, causes: &[(String, String)]) -> Self {
        let parts: Vec<String> = causes.iter().map(|(f, m)| format!("{f}: {m}")).collect();
        let list = if parts.len() == 1 {
            parts[0].clone()
        } else {
            format!("[{}]", parts.join(", "))
        };
        let causes_json: Vec<Value> = causes
            .iter()
            .map(|(field, message)| {
                let reason = if message.starts_with("Required value") {
                    "FieldValueRequired"
                } else if message.starts_with("Unsupported value") {
                    "FieldValueNotSupported"
                } else if message.starts_with("Forbidden") {
                    "FieldValueForbidden"
                } else if message.starts_with("Too long") {
                    "FieldValueTooLong"
                } else {
                    "FieldValueInvalid"
                };
                json!({"reason": reason, "message": message, "field": field})
            })
            .collect();
        let mut d = details(name, kind);
        d["group"] = json!(group);
        d["causes"] = Value::Array(causes_json);
        Self::new(
            422,
            "Invalid",
            format!("{kind}.{group} \"{name}\" is invalid: {list}"),
        )
        .with_details(d)
    }

    pub fn method_not_allowed() -> Self {
        Self::new(
            405,
            "MethodNotAllowed",
            "the server does not allow this method on the requested resource",
        )
        .with_details(json!({}))
    }

    pub fn unsupported_media_type(content_type: &str, accepted: &[&str]) -> Self {
        Self::new(
            415,
            "UnsupportedMediaType",
            format!(
                "the body of the request was in an unknown format - accepted media types include: {}",
                accepted.join(", ")
            ),
        )
        .with_details(json!({"causes": [{"reason": "UnexpectedServerResponse", "message": content_type}]}))
    }

    pub fn not_acceptable() -> Self {
        Self::new(
            406,
            "NotAcceptable",
            "only the following media types are accepted: application/json, application/yaml",
        )
    }

    /// 406 naming the media types this endpoint can serve.
    pub fn not_acceptable_of(types: &[&str]) -> Self {
        Self::new(
            406,
            "NotAcceptable",
            format!(
                "only the following media types are accepted: {}",
                types.join(", ")
            ),
        )
    }

    pub fn expired(message: impl Into<String>) -> Self {
        Self::new(410, "Expired", message)
    }

    /// 504 for a resourceVersion the server has not reached, as kube-apiserver answers
    /// once it gave up waiting for it.
    pub fn too_large_resource_version(asked: u64, current: u64) -> Self {
        Self::new(
            504,
            "Timeout",
            format!("Too large resource version: {asked}, current: {current}"),
        )
        .with_details(json!({"causes": [{"reason": "ResourceVersionTooLarge", "message": "Too large resource version"}], "retryAfterSeconds": 1}))
    }

    pub fn too_large() -> Self {
        Self::new(
            413,
            "RequestEntityTooLarge",
            "Request entity too large: limit is 3145728",
        )
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(500, "InternalError", message)
    }

    pub fn unavailable() -> Self {
        Self::new(
            503,
            "ServiceUnavailable",
            "the server is currently unable to handle the request (injected fault)",
        )
    }

    /// The `Status` object.
    pub fn to_json(&self) -> Value {
        let mut s = json!({
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": self.message,
        });
        // An error that is no Status inside kube-apiserver has no reason.
        if !self.reason.is_empty() {
            s["reason"] = json!(self.reason);
        }
        if let Some(d) = &self.details {
            s["details"] = d.clone();
        }
        s["code"] = json!(self.code);
        s
    }

    pub fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.to_json()).unwrap_or_default();
        let mut resp = Response::new(Body::from(body));
        *resp.status_mut() =
            StatusCode::from_u16(self.code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if self.code == 503 {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        resp
    }
}

/// A JSON answer, with `Warning` headers.
pub fn json_response(code: StatusCode, body: impl Into<Body>, warnings: &[String]) -> Response {
    let mut resp = Response::new(body.into());
    *resp.status_mut() = code;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    for w in warnings {
        let escaped = w.replace('\\', "\\\\").replace('"', "\\\"");
        if let Ok(v) = HeaderValue::from_str(&format!("299 - \"{escaped}\"")) {
            resp.headers_mut().append("warning", v);
        }
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_found_status_is_kube_shaped() {
        let s = ApiError::not_found("x").to_json();
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"users.management.loft.sh \"x\" not found","reason":"NotFound","details":{"name":"x","group":"management.loft.sh","kind":"users"},"code":404}"#
        );
    }

    #[test]
    fn invalid_lists_several_causes_in_brackets() {
        let e = ApiError::invalid(
            "User",
            "a",
            &[
                ("metadata.name".into(), "Invalid value: \"A\": bad".into()),
                ("spec.x".into(), "Required value".into()),
            ],
        );
        assert_eq!(
            e.message,
            "User.management.loft.sh \"a\" is invalid: [metadata.name: Invalid value: \"A\": bad, spec.x: Required value]"
        );
        assert_eq!(
            e.to_json()["details"]["causes"][1]["reason"],
            "FieldValueRequired"
        );
    }

    #[test]
    fn apply_conflict_messages() {
        let e = ApiError::apply_conflict(&[(
            "\"kubectl-edit\" using management.loft.sh/v1".into(),
            ".spec.email".into(),
        )]);
        assert_eq!(
            e.message,
            "Apply failed with 1 conflict: conflict with \"kubectl-edit\" using management.loft.sh/v1: .spec.email"
        );
    }
}
