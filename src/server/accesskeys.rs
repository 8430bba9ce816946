//! OwnedAccessKeys (`management.loft.sh/v1`, `ownedaccesskeys`, cluster-scoped): access
//! keys that authenticate as their `spec.user`.
//!
//! - create: the server makes `spec.key` (64 characters) and answers it once, in the
//!   create answer; the store keeps only its SHA-256 (under a private `devServer` field
//!   that no answer shows), so get and list never show `spec.key`. `spec.user` defaults to
//!   the caller (only an admin may name another user), `spec.type` to `User`.
//! - get, list, delete: a caller sees its own keys; an admin sees every key.
//! - `spec.ttl` (seconds) ends a key `ttl` seconds after its creation, or after its last
//!   use with `spec.ttlAfterLastActivity`; `status.lastActivity` is set on use (at most
//!   one write a second per key).

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::app::App;
use super::caller::{Caller, sha256_hex};
use super::object::create_under;
use super::status::{ApiError, ApiResult};
use super::store::{Change, Obj, Store, new_uid, now_rfc3339};
use crate::api::{API_VERSION, GROUP};

pub(crate) const KIND: &str = "OwnedAccessKey";
pub(crate) const RESOURCE: &str = "ownedaccesskeys";
/// Length of a generated key.
pub(crate) const KEY_LEN: usize = 64;
/// `spec.type` values Loft knows.
const TYPES: &[&str] = &[
    "",
    "Login",
    "User",
    "Other",
    "Reset",
    "OIDCRefreshToken",
    "NetworkPeer",
    "Workspace",
];

fn details(name: &str) -> Value {
    json!({"name": name, "group": GROUP, "kind": RESOURCE})
}

fn not_found(name: &str) -> ApiError {
    ApiError {
        code: 404,
        reason: "NotFound",
        message: format!("{RESOURCE}.{GROUP} \"{name}\" not found"),
        details: Some(details(name)),
    }
}

fn invalid(name: &str, field: &str, message: String) -> ApiError {
    ApiError::invalid(KIND, name, &[(field.to_string(), message)])
}

/// A JSON answer.
pub(crate) fn respond(code: StatusCode, v: &Value) -> Response {
    respond_with(code, v, &[])
}

/// A JSON answer with `Warning` headers.
fn respond_with(code: StatusCode, v: &Value, warnings: &[String]) -> Response {
    super::status::json_response(code, serde_json::to_vec(v).unwrap_or_default(), warnings)
}

/// Is this stored object an access key (the store also keeps password records)?
fn is_key(obj: &Obj) -> bool {
    obj.value["kind"] == KIND
}

/// The SHA-256 (hex) of a stored key.
pub(crate) fn key_hash(obj: &Obj) -> Option<&str> {
    if !is_key(obj) {
        return None;
    }
    obj.value["devServer"]["keySha256"].as_str()
}

/// The uid of the user the key was made for.
pub(crate) fn user_uid(obj: &Obj) -> Option<&str> {
    obj.value["devServer"]["userUid"].as_str()
}

fn parse_time(v: &Value) -> Option<jiff::Timestamp> {
    v.as_str()?.parse().ok()
}

/// Has the key's `spec.ttl` run out at `now`?
pub(crate) fn expired(key: &Value, now: jiff::Timestamp) -> bool {
    let Some(ttl) = key["spec"]["ttl"].as_i64().filter(|t| *t > 0) else {
        return false;
    };
    let from = if key["spec"]["ttlAfterLastActivity"].as_bool() == Some(true) {
        parse_time(&key["status"]["lastActivity"])
            .or_else(|| parse_time(&key["metadata"]["creationTimestamp"]))
    } else {
        parse_time(&key["metadata"]["creationTimestamp"])
    };
    match from {
        Some(from) => now.as_second() >= from.as_second().saturating_add(ttl),
        None => false,
    }
}

/// Record a use of the key `name` in `status.lastActivity`.
pub(crate) fn touch(keys: &Store, name: &str) {
    let now = now_rfc3339();
    let _ = keys.write(name, false, |cur| {
        let Some(cur) = cur else {
            return Ok(Change::Keep);
        };
        if cur.value["status"]["lastActivity"] == now.as_str() {
            return Ok(Change::Keep);
        }
        let mut v = cur.value.clone();
        v["status"]["lastActivity"] = json!(now);
        Ok(Change::Put(v))
    });
}

/// A stored key as clients see it: without the private fields and without `spec.key`.
pub(crate) fn public(obj: &Obj) -> Value {
    let mut v = obj.value.clone();
    if let Some(m) = v.as_object_mut() {
        m.remove("devServer");
    }
    if let Some(spec) = v["spec"].as_object_mut() {
        spec.remove("key");
    }
    v
}

/// Every key of the user `name` (for `users/NAME/accesskeys`).
pub(crate) fn of_user(keys: &Store, name: &str) -> Vec<Value> {
    keys.all()
        .iter()
        .filter(|k| is_key(k) && k.value["spec"]["user"] == name)
        .map(|k| public(k))
        .collect()
}

fn visible(caller: &Caller, key: &Obj) -> bool {
    is_key(key) && (caller.admin || key.value["spec"]["user"] == caller.name())
}

fn random_key() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    (0..KEY_LEN)
        .map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// Check the spec of a key to create; returns the spec with defaults filled.
fn checked_spec(
    app: &App,
    caller: &Caller,
    name: &str,
    spec: &Value,
) -> ApiResult<Map<String, Value>> {
    let mut spec = match spec {
        Value::Null => Map::new(),
        Value::Object(m) => m.clone(),
        other => {
            return Err(ApiError::bad_request(format!(
                "{KIND} in version \"v1\" cannot be handled as a {KIND}: spec: expected an object, got {other}"
            )));
        }
    };
    // The server makes the key.
    spec.remove("key");
    match spec.get("ttl") {
        None | Some(Value::Null) => {}
        Some(v) => match v.as_i64() {
            Some(t) if t >= 0 => {}
            Some(t) => {
                return Err(invalid(
                    name,
                    "spec.ttl",
                    format!("Invalid value: {t}: must be greater than or equal to 0"),
                ));
            }
            None => {
                return Err(ApiError::bad_request(format!(
                    "{KIND} in version \"v1\" cannot be handled as a {KIND}: spec.ttl: expected an integer, got {v}"
                )));
            }
        },
    }
    for field in [
        "user",
        "team",
        "type",
        "displayName",
        "description",
        "subject",
    ] {
        if let Some(v) = spec.get(field)
            && !v.is_null()
            && !v.is_string()
        {
            return Err(ApiError::bad_request(format!(
                "{KIND} in version \"v1\" cannot be handled as a {KIND}: spec.{field}: expected a string, got {v}"
            )));
        }
    }
    if let Some(scope) = spec.get("scope")
        && !scope.is_null()
        && !scope.is_object()
    {
        return Err(ApiError::bad_request(format!(
            "{KIND} in version \"v1\" cannot be handled as a {KIND}: spec.scope: expected an object, got {scope}"
        )));
    }
    let kind = spec.get("type").and_then(Value::as_str).unwrap_or("");
    if !TYPES.contains(&kind) {
        let list: Vec<String> = TYPES[1..].iter().map(|t| format!("\"{t}\"")).collect();
        return Err(invalid(
            name,
            "spec.type",
            format!(
                "Unsupported value: \"{kind}\": supported values: {}",
                list.join(", ")
            ),
        ));
    }
    if kind.is_empty() {
        spec.insert("type".into(), json!("User"));
    }
    if spec
        .get("team")
        .and_then(Value::as_str)
        .is_some_and(|t| !t.is_empty())
    {
        return Err(invalid(
            name,
            "spec.team",
            "Forbidden: the dev-server has no teams".into(),
        ));
    }
    let user = spec
        .get("user")
        .and_then(Value::as_str)
        .filter(|u| !u.is_empty())
        .unwrap_or(caller.name())
        .to_string();
    if user != caller.name() && !caller.admin {
        let mut e = ApiError::forbidden(
            caller.name(),
            "create",
            RESOURCE,
            Some(name).filter(|n| !n.is_empty()),
        );
        e.message = format!(
            "{RESOURCE}.{GROUP} is forbidden: User \"{}\" cannot create access keys for user \"{user}\"",
            caller.name()
        );
        return Err(e);
    }
    if app.store.get(&user).is_none() {
        return Err(invalid(
            name,
            "spec.user",
            format!("Not found: \"{user}\": no such user"),
        ));
    }
    spec.insert("user".into(), json!(user));
    Ok(spec)
}

/// `POST ownedaccesskeys`.
pub fn create(
    app: &App,
    caller: &Caller,
    obj: &Value,
    dry: bool,
    warnings: &[String],
) -> ApiResult<Response> {
    let name = obj["metadata"]["name"].as_str().unwrap_or("").to_string();
    let generate = obj["metadata"]["generateName"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let shown = if name.is_empty() { &generate } else { &name };
    if name.is_empty() && generate.is_empty() {
        return Err(invalid(
            "",
            "metadata.name",
            "Required value: name or generateName is required".into(),
        ));
    }
    let spec = checked_spec(app, caller, shown, &obj["spec"])?;
    let user_uid = app
        .store
        .get(spec["user"].as_str().unwrap_or(""))
        .and_then(|u| u.value["metadata"]["uid"].as_str().map(str::to_string))
        .unwrap_or_default();
    let mut meta = obj["metadata"].as_object().cloned().unwrap_or_default();
    for k in [
        "uid",
        "resourceVersion",
        "generation",
        "creationTimestamp",
        "managedFields",
        "selfLink",
        "deletionTimestamp",
        "namespace",
    ] {
        meta.remove(k);
    }
    let key = random_key();
    let hash = sha256_hex(key.as_bytes());
    let now = now_rfc3339();
    let invalid_name = |field: &str| {
        invalid(
            shown,
            field,
            format!(
                "Invalid value: \"{shown}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
            ),
        )
    };
    let written = create_under(&name, &generate, invalid_name, |this_name| {
        let mut m = meta.clone();
        m.insert("name".into(), json!(this_name));
        m.insert("uid".into(), json!(new_uid()));
        m.insert("creationTimestamp".into(), json!(now));
        let stored = json!({
            "kind": KIND,
            "apiVersion": API_VERSION,
            "metadata": Value::Object(m),
            "spec": Value::Object(spec.clone()),
            "status": {},
            "devServer": {"keySha256": hash, "userUid": user_uid},
        });
        app.keys.write(this_name, dry, |cur| {
            if cur.is_some() {
                Err(ApiError {
                    code: 409,
                    reason: "AlreadyExists",
                    message: format!("{RESOURCE}.{GROUP} \"{this_name}\" already exists"),
                    details: Some(details(this_name)),
                })
            } else {
                Ok(Change::Put(stored))
            }
        })
    })?;
    let mut out = public(&written.obj);
    // The one answer that carries the key.
    out["spec"]["key"] = json!(key);
    Ok(respond_with(StatusCode::CREATED, &out, warnings))
}

/// `GET ownedaccesskeys`: the caller's keys (an admin's: all).
pub fn list(app: &App, caller: &Caller) -> ApiResult<Response> {
    let items: Vec<Value> = app
        .keys
        .all()
        .iter()
        .filter(|k| visible(caller, k))
        .map(|k| public(k))
        .collect();
    Ok(respond(
        StatusCode::OK,
        &json!({
            "kind": "OwnedAccessKeyList",
            "apiVersion": API_VERSION,
            "metadata": {"resourceVersion": app.keys.current_rv().to_string()},
            "items": items,
        }),
    ))
}

fn visible_key(app: &App, caller: &Caller, name: &str) -> ApiResult<Arc<Obj>> {
    app.keys
        .get(name)
        .filter(|k| visible(caller, k))
        .ok_or_else(|| not_found(name))
}

/// `GET ownedaccesskeys/NAME`.
pub fn get(app: &App, caller: &Caller, name: &str) -> ApiResult<Response> {
    let key = visible_key(app, caller, name)?;
    Ok(respond(StatusCode::OK, &public(&key)))
}

/// `DELETE ownedaccesskeys/NAME`: a `Status`, as kube-apiserver answers for objects
/// that are gone at once.
pub fn delete(app: &App, caller: &Caller, dry: bool, name: &str) -> ApiResult<Response> {
    let key = visible_key(app, caller, name)?;
    let uid = key.value["metadata"]["uid"].clone();
    app.keys.write(name, dry, |cur| match cur {
        Some(_) => Ok(Change::Delete),
        None => Err(not_found(name)),
    })?;
    Ok(respond(
        StatusCode::OK,
        &json!({
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Success",
            "details": {"name": name, "group": GROUP, "kind": RESOURCE, "uid": uid},
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttl_counts_from_creation_or_last_activity() {
        let now: jiff::Timestamp = "2026-01-01T00:00:10Z".parse().unwrap();
        let key = |spec: Value, last: &str| {
            json!({"metadata": {"creationTimestamp": "2026-01-01T00:00:00Z"}, "spec": spec,
                   "status": {"lastActivity": last}})
        };
        assert!(!expired(&key(json!({}), ""), now));
        assert!(!expired(&key(json!({"ttl": 0}), ""), now));
        assert!(expired(&key(json!({"ttl": 10}), ""), now));
        assert!(!expired(&key(json!({"ttl": 11}), ""), now));
        let after = json!({"ttl": 5, "ttlAfterLastActivity": true});
        assert!(!expired(&key(after.clone(), "2026-01-01T00:00:08Z"), now));
        assert!(expired(&key(after, "2026-01-01T00:00:04Z"), now));
    }

    #[test]
    fn keys_are_long_and_random() {
        let (a, b) = (random_key(), random_key());
        assert_eq!(a.len(), KEY_LEN);
        assert_ne!(a, b);
    }
}
