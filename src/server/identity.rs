//! Who is calling: every key belongs to a stored User, and that User decides.
//!
//! - The admin key (`--access-key`) belongs to the stored user `admin`, the read-only key
//!   (`--readonly-access-key`) to `viewer`; both users are created at start when missing
//!   (the keys themselves live only in memory, as given on the command line).
//! - OwnedAccessKeys (see `accesskeys`) belong to their `spec.user`; the store keeps the
//!   SHA-256 of each key, never the key.
//! - The server's own DirectClusterEndpointTokens are accepted as bearer tokens too: a
//!   valid signature, not expired, and the `gen` of Loft's `loft.sh` claim not older than
//!   the user's `spec.tokenGeneration`.
//!
//! A key whose user is missing (deleted, or deleted and made again: the uid differs) or
//! has `spec.disabled: true` gets 401, as does an expired or disabled key — an expired
//! one with Loft's own message. A caller is an admin when its user has the cluster role
//! `loft-management-admin`; any other caller may read users and manage its own keys and
//! profile.

use std::sync::Arc;

use axum::http::{HeaderMap, header};
use serde_json::{Value, json};

use super::app::App;
pub(crate) use super::caller::{Caller, sha256_hex};
use super::status::{ApiError, ApiResult};
use super::store::{Change, Obj, Store, UniqueKey, new_uid, now_rfc3339};
use crate::api::API_VERSION;

pub(crate) const ADMIN_USER: &str = "admin";
pub(crate) const VIEWER_USER: &str = "viewer";
/// The cluster role that makes a user an administrator of the management API.
pub(crate) const ADMIN_ROLE: &str = "loft-management-admin";
/// Loft's answer to an expired access key.
pub(crate) const EXPIRED: &str = "loft access key expired. Please login again";
/// Where a project's namespaces start (the CLIs' default).
pub(crate) const PROJECT_NAMESPACE_PREFIX: &str = "loft-p-";
/// The names `Self.status.accessKey` gives the two command-line keys.
const ADMIN_KEY_NAME: &str = "dev-server-admin-key";
const VIEWER_KEY_NAME: &str = "dev-server-readonly-key";

fn unauthorized(message: &str) -> ApiError {
    ApiError::new(401, "Unauthorized", message)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, rest) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
        })
}

/// The stored user `name`, if it exists, has the expected uid and is not disabled.
fn live_user(app: &App, name: &str, uid: Option<&str>) -> ApiResult<Arc<Obj>> {
    let user = app
        .store
        .get(name)
        .ok_or_else(|| unauthorized("Unauthorized"))?;
    if let Some(uid) = uid.filter(|u| !u.is_empty())
        && user.value["metadata"]["uid"].as_str() != Some(uid)
    {
        return Err(unauthorized("Unauthorized"));
    }
    if user.value["spec"]["disabled"].as_bool() == Some(true) {
        return Err(unauthorized("Unauthorized"));
    }
    Ok(user)
}

fn is_admin(user: &Obj) -> bool {
    user.value["spec"]["clusterRoles"]
        .as_array()
        .is_some_and(|roles| roles.iter().any(|r| r["name"] == ADMIN_ROLE))
}

fn caller(user: Arc<Obj>, key_name: &str, key_type: &str, scope: Value) -> Caller {
    Caller {
        admin: is_admin(&user),
        user,
        key_name: key_name.to_string(),
        key_type: key_type.to_string(),
        scope,
    }
}

/// Authenticate a request by its bearer token.
pub fn authenticate(app: &App, headers: &HeaderMap) -> ApiResult<Caller> {
    let token = bearer(headers).ok_or_else(ApiError::unauthorized)?;
    if constant_time_eq(token.as_bytes(), app.admin_key.as_bytes()) {
        let user = live_user(app, ADMIN_USER, None)?;
        return Ok(caller(user, ADMIN_KEY_NAME, "User", Value::Null));
    }
    if let Some(ro) = &app.readonly_key
        && constant_time_eq(token.as_bytes(), ro.as_bytes())
    {
        let user = live_user(app, VIEWER_USER, None)?;
        // The read-only key reads, whatever roles its user has.
        let mut c = caller(user, VIEWER_KEY_NAME, "User", Value::Null);
        c.admin = false;
        return Ok(c);
    }
    if token.starts_with("eyJ") && token.matches('.').count() == 2 {
        return authenticate_token(app, token);
    }
    authenticate_key(app, token)
}

/// One of this server's DirectClusterEndpointTokens.
fn authenticate_token(app: &App, token: &str) -> ApiResult<Caller> {
    let signer = match app.signer.get() {
        Some(Ok(s)) => s.clone(),
        // No key yet: this server has signed nothing.
        _ => return Err(ApiError::unauthorized()),
    };
    let claims = signer.verify(token).ok_or_else(ApiError::unauthorized)?;
    let loft = &claims["loft.sh"];
    if loft["kind"] != "User" {
        return Err(ApiError::unauthorized());
    }
    let name = loft["name"].as_str().unwrap_or("");
    let user = live_user(app, name, Some(loft["uid"].as_str().unwrap_or("")))?;
    let generation = user.value["spec"]["tokenGeneration"].as_i64().unwrap_or(0);
    if loft["gen"].as_i64().unwrap_or(0) < generation {
        return Err(unauthorized(
            "the token was issued before the user's token generation was raised",
        ));
    }
    Ok(caller(user, "", "", loft["scope"].clone()))
}

/// An OwnedAccessKey, by the SHA-256 of the key.
fn authenticate_key(app: &App, token: &str) -> ApiResult<Caller> {
    let hash = sha256_hex(token.as_bytes());
    let key = app
        .keys
        .all()
        .into_iter()
        .find(|k| super::accesskeys::key_hash(k) == Some(hash.as_str()))
        .ok_or_else(ApiError::unauthorized)?;
    let spec = &key.value["spec"];
    if spec["disabled"].as_bool() == Some(true) {
        return Err(ApiError::unauthorized());
    }
    let now = jiff::Timestamp::now();
    if super::accesskeys::expired(&key.value, now) {
        return Err(unauthorized(EXPIRED));
    }
    let user_name = spec["user"].as_str().unwrap_or("");
    let user = live_user(app, user_name, super::accesskeys::user_uid(&key))?;
    super::accesskeys::touch(&app.keys, &key.name);
    Ok(caller(
        user,
        &key.name,
        spec["type"].as_str().unwrap_or(""),
        spec["scope"].clone(),
    ))
}

/// A new stored user for one of the command-line keys.
fn bootstrap_user(name: &str, display: &str, roles: &[&str]) -> Value {
    let mut spec = json!({"displayName": display, "username": name, "subject": name});
    if !roles.is_empty() {
        spec["clusterRoles"] = roles.iter().map(|r| json!({"name": r})).collect();
    }
    json!({
        "kind": "User",
        "apiVersion": API_VERSION,
        "metadata": {
            "name": name,
            "uid": new_uid(),
            "generation": 1,
            "creationTimestamp": now_rfc3339(),
        },
        "spec": spec,
        "status": {},
    })
}

/// Create the users behind the command-line keys where they are missing: `admin`
/// (cluster role `loft-management-admin`), and `viewer` when there is a read-only key.
pub fn bootstrap(users: &Store, readonly: bool) -> Result<(), String> {
    let mut wanted = vec![(ADMIN_USER, "Admin", vec![ADMIN_ROLE])];
    if readonly {
        wanted.push((VIEWER_USER, "Viewer", vec![]));
    }
    for (name, display, roles) in wanted {
        users
            .write(name, false, |cur| {
                Ok(match cur {
                    Some(_) => Change::Keep,
                    None => Change::Put(bootstrap_user(name, display, &roles)),
                })
            })
            .map_err(|e| format!("cannot create the user {name}: {}", e.message))?;
    }
    Ok(())
}

/// Users' emails are unique (compared without regard to ASCII case): a write that would
/// give a second user an email already in use is 422 Invalid.
pub fn unique_emails() -> UniqueKey {
    fn email(user: &Value) -> Option<&str> {
        user["spec"]["email"].as_str().filter(|e| !e.is_empty())
    }
    UniqueKey {
        key: |user| email(user).map(str::to_ascii_lowercase),
        clash: |name, user, holder| {
            ApiError::invalid(
                "User",
                name,
                &[(
                    "spec.email".into(),
                    format!(
                        "Duplicate value: \"{}\": the email is already used by user \"{holder}\"",
                        email(user).unwrap_or_default()
                    ),
                )],
            )
        },
    }
}

/// `POST selves`: the stored user behind the key.
pub fn self_object(app: &App, caller: &Caller) -> Value {
    let spec = &caller.user.value["spec"];
    let mut user = serde_json::Map::new();
    user.insert("name".into(), json!(caller.name()));
    for k in ["displayName", "icon", "username", "email", "subject"] {
        if let Some(v) = spec[k].as_str().filter(|v| !v.is_empty()) {
            user.insert(k.into(), json!(v));
        }
    }
    let mut status = serde_json::Map::new();
    status.insert("user".into(), Value::Object(user));
    if !caller.key_name.is_empty() {
        status.insert("accessKey".into(), json!(caller.key_name));
    }
    if !caller.scope.is_null() {
        status.insert("accessKeyScope".into(), caller.scope.clone());
    }
    if !caller.key_type.is_empty() {
        status.insert("accessKeyType".into(), json!(caller.key_type));
    }
    let subject = spec["subject"]
        .as_str()
        .filter(|s| !s.is_empty())
        .unwrap_or(caller.name());
    status.insert("subject".into(), json!(subject));
    status.insert("uid".into(), json!(caller.uid()));
    if let Some(groups) = spec["groups"].as_array().filter(|g| !g.is_empty()) {
        status.insert("groups".into(), Value::Array(groups.clone()));
    }
    status.insert("loftHost".into(), json!(app.url));
    status.insert(
        "projectNamespacePrefix".into(),
        json!(PROJECT_NAMESPACE_PREFIX),
    );
    json!({
        "kind": "Self",
        "apiVersion": API_VERSION,
        "metadata": {"creationTimestamp": null},
        "spec": {},
        "status": Value::Object(status),
    })
}

/// Loft's private claim for a token of `caller` with this scope.
pub fn loft_claim(caller: &Caller, scope: &Value) -> Value {
    let mut claim = json!({
        "uid": caller.uid(),
        "name": caller.name(),
        "kind": "User",
        "gen": caller.token_generation(),
    });
    if !scope.is_null() {
        claim["scope"] = scope.clone();
    }
    claim
}

/// The caller behind the request's bearer token: 401 without one (with kubectl's
/// plain-http explanation where it applies), else [`authenticate`].
pub(crate) fn authenticate_request(app: &App, headers: &HeaderMap) -> ApiResult<Caller> {
    if bearer(headers).is_none() {
        return Err(app.no_credentials(headers));
    }
    authenticate(app, headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bootstrap_keeps_existing_users_and_admin_has_the_role() {
        let store = Store::open(None).unwrap();
        bootstrap(&store, true).unwrap();
        let admin = store.get(ADMIN_USER).unwrap();
        assert!(is_admin(&admin));
        assert!(!is_admin(&store.get(VIEWER_USER).unwrap()));
        let uid = admin.value["metadata"]["uid"].clone();
        bootstrap(&store, true).unwrap();
        assert_eq!(store.get(ADMIN_USER).unwrap().value["metadata"]["uid"], uid);
        assert_eq!(store.len(), 2);
    }

    #[test]
    fn emails_are_unique_without_regard_to_case() {
        let store = Store::open(None).unwrap().with_unique(unique_emails());
        let user = |n: &str, e: &str| json!({"metadata": {"name": n}, "spec": {"email": e}});
        store
            .write("a", false, |_| Ok(Change::Put(user("a", "x@y.io"))))
            .unwrap();
        let err = store
            .write("b", false, |_| Ok(Change::Put(user("b", "X@y.io"))))
            .err()
            .unwrap();
        assert_eq!(err.code, 422);
        assert!(
            err.message.contains("already used by user \"a\""),
            "{}",
            err.message
        );
        // The same user keeps its email; a dry run is checked too.
        store
            .write("a", false, |_| Ok(Change::Put(user("a", "x@y.io"))))
            .unwrap();
        assert!(
            store
                .write("c", true, |_| Ok(Change::Put(user("c", "x@y.io"))))
                .is_err()
        );
        // A dry run reserves nothing.
        store
            .write("c", true, |_| Ok(Change::Put(user("c", "c@y.io"))))
            .unwrap();
        store
            .write("d", false, |_| Ok(Change::Put(user("d", "C@y.io"))))
            .unwrap();
        // A changed email frees the old one; a deleted user frees its own.
        store
            .write("a", false, |_| Ok(Change::Put(user("a", "new@y.io"))))
            .unwrap();
        store
            .write("b", false, |_| Ok(Change::Put(user("b", "x@y.io"))))
            .unwrap();
        store.write("d", false, |_| Ok(Change::Delete)).unwrap();
        store
            .write("e", false, |_| Ok(Change::Put(user("e", "c@Y.io"))))
            .unwrap();
        // ... and the new holders keep theirs.
        for (name, email) in [("f", "NEW@y.io"), ("f", "x@Y.IO"), ("f", "c@y.io")] {
            let err = store
                .write(name, false, |_| Ok(Change::Put(user(name, email))))
                .err()
                .unwrap();
            assert_eq!(err.code, 422, "{email}");
        }
    }

    #[test]
    fn a_state_file_is_indexed_when_loaded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state");
        let user = |n: &str, e: &str| json!({"metadata": {"name": n}, "spec": {"email": e}});
        {
            let store = Store::open(Some(&path))
                .unwrap()
                .with_unique(unique_emails());
            store
                .write("a", false, |_| Ok(Change::Put(user("a", "x@y.io"))))
                .unwrap();
        }
        let store = Store::open(Some(&path))
            .unwrap()
            .with_unique(unique_emails());
        let err = store
            .write("b", false, |_| Ok(Change::Put(user("b", "X@y.io"))))
            .err()
            .unwrap();
        assert!(
            err.message.contains("already used by user \"a\""),
            "{}",
            err.message
        );
    }
}
