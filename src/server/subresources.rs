//! The subresources of `users/{name}`: `accesskeys` (UserAccessKeys), `clusters`
//! (UserClusters: empty, the dev-server has no clusters), `permissions`
//! (UserPermissions: `clusterRoles` from the user's `spec.clusterRoles`, the rest empty)
//! and `profile` (UserProfile, GET and POST).
//!
//! A caller reads its own subresources; an admin reads and writes anyone's, and another
//! caller may read (not write) anyone's but their access keys. A profile's password is
//! kept as Loft's `passwordRef` Secret keeps it, the hex SHA-256, in the key store
//! beside the access keys (never in the User, never in an answer).

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::accesskeys::{self, respond};
use super::app::App;
use super::identity::{Caller, sha256_hex};
use super::status::{ApiError, ApiResult};
use super::store::{Change, Obj};
use crate::api::API_VERSION;

fn user(app: &App, name: &str) -> ApiResult<std::sync::Arc<Obj>> {
    app.store.get(name).ok_or_else(|| ApiError::not_found(name))
}

fn may(caller: &Caller, verb: &str, name: &str, sub: &str, write: bool) -> ApiResult<()> {
    let own = caller.name() == name;
    let others_readable = !write && sub != "accesskeys";
    if caller.admin || own || others_readable {
        return Ok(());
    }
    let mut e = ApiError::forbidden(caller.name(), verb, "users", Some(name));
    e.message = format!(
        "users.management.loft.sh \"{name}\" is forbidden: User \"{}\" cannot {verb} resource \"users/{sub}\" in API group \"management.loft.sh\" at the cluster scope",
        caller.name()
    );
    Err(e)
}

fn meta(name: &str) -> Value {
    json!({"name": name, "creationTimestamp": null})
}

/// `GET users/NAME/SUB`.
pub fn get(app: &App, caller: &Caller, name: &str, sub: &str) -> ApiResult<Response> {
    may(caller, "get", name, sub, false)?;
    let u = user(app, name)?;
    let out = match sub {
        "accesskeys" => json!({
            "kind": "UserAccessKeys", "apiVersion": API_VERSION, "metadata": meta(name),
            "accessKeys": accesskeys::of_user(&app.keys, name),
        }),
        "clusters" => json!({
            "kind": "UserClusters", "apiVersion": API_VERSION, "metadata": meta(name),
            "clusters": [],
        }),
        "permissions" => {
            let roles: Vec<Value> = u.value["spec"]["clusterRoles"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|r| r["name"].as_str())
                        .map(|n| json!({"clusterRole": n}))
                        .collect()
                })
                .unwrap_or_default();
            json!({
                "kind": "UserPermissions", "apiVersion": API_VERSION, "metadata": meta(name),
                "clusterRoles": roles, "namespaceRoles": [], "teamMemberships": [],
                "projectMemberships": [], "managementRoles": [], "clusterAccessRoles": [],
                "virtualClusterRoles": [],
            })
        }
        "profile" => profile(&u),
        _ => return Err(ApiError::no_route()),
    };
    Ok(respond(StatusCode::OK, &out))
}

fn profile(u: &Obj) -> Value {
    let mut out =
        json!({"kind": "UserProfile", "apiVersion": API_VERSION, "metadata": meta(&u.name)});
    for k in ["displayName", "username", "email", "icon"] {
        if let Some(v) = u.value["spec"][k].as_str().filter(|v| !v.is_empty()) {
            out[k] = json!(v);
        }
    }
    out
}

fn password_record(name: &str) -> String {
    // Not a DNS name: no access key can have it.
    format!("password:{name}")
}

/// `POST users/NAME/profile`: change the display name, username, email, icon and
/// password. Changing the password of a user that has one needs `currentPassword`,
/// unless an admin changes another user's.
/// `body` decodes the request's UserProfile; it is called after the permission check.
pub fn post_profile(
    app: &App,
    caller: &Caller,
    dry: bool,
    name: &str,
    manager: &str,
    body: impl FnOnce() -> ApiResult<Value>,
) -> ApiResult<Response> {
    may(caller, "create", name, "profile", true)?;
    let p = body()?;
    let u = user(app, name)?;
    let uid = u.value["metadata"]["uid"]
        .as_str()
        .unwrap_or("")
        .to_string();
    for k in [
        "displayName",
        "username",
        "email",
        "icon",
        "password",
        "currentPassword",
    ] {
        if !(p[k].is_null() || p[k].is_string()) {
            return Err(ApiError::bad_request(format!(
                "UserProfile in version \"v1\" cannot be handled as a UserProfile: {k}: expected a string, got {}",
                p[k]
            )));
        }
    }
    if let Some(password) = p["password"].as_str().filter(|s| !s.is_empty()) {
        let record = password_record(name);
        let stored = app
            .keys
            .get(&record)
            .filter(|r| r.value["userUid"] == uid.as_str())
            .and_then(|r| r.value["sha256"].as_str().map(str::to_string));
        let needs_current = stored.is_some() && !(caller.admin && caller.name() != name);
        if needs_current {
            let current = p["currentPassword"].as_str().unwrap_or("");
            if stored.as_deref() != Some(sha256_hex(current.as_bytes()).as_str()) {
                return Err(ApiError::invalid(
                    "UserProfile",
                    name,
                    &[(
                        "currentPassword".into(),
                        "Invalid value: \"\": the current password is wrong".into(),
                    )],
                ));
            }
        }
        let hash = sha256_hex(password.as_bytes());
        app.keys.write(&record, dry, |_| {
            Ok(Change::Put(json!({
                "kind": "PasswordRecord",
                "metadata": {"name": record},
                "userUid": uid,
                "sha256": hash,
            })))
        })?;
    }
    let now = super::store::now_rfc3339();
    let w = app.store.write(name, dry, |cur| {
        let cur = cur.ok_or_else(|| ApiError::not_found(name))?;
        let mut v = cur.value.clone();
        let mut changed = false;
        for k in ["displayName", "username", "email", "icon"] {
            if let Some(s) = p[k].as_str()
                && v["spec"][k].as_str().unwrap_or("") != s
            {
                if s.is_empty() {
                    if let Some(spec) = v["spec"].as_object_mut() {
                        spec.remove(k);
                    }
                } else {
                    v["spec"][k] = json!(s);
                }
                changed = true;
            }
        }
        if !changed {
            return Ok(Change::Keep);
        }
        let v = super::object::next_object(cur, v, &now, Some(manager));
        Ok(Change::Put(v))
    })?;
    Ok(respond(StatusCode::CREATED, &profile(&w.obj)))
}
