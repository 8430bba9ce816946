//! Users: get, create, update (PUT), delete and deletecollection.

use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::write::dry_run_values;
use super::write::invalid_name;
use super::{Ctx, ReqBody, json_response, list_watch, value_response};
use crate::api::GROUP;
use crate::server::object::canonical;
use crate::server::object::{create_under, new_object, next_object, rv_of, unchanged};
use crate::server::status::RESOURCE;
use crate::server::status::{ApiError, ApiResult};
use crate::server::store::Obj;
use crate::server::store::{Change, now_rfc3339};

/// `GET users/NAME`, or a watch of that one user with `?watch=true`.
pub async fn get_or_watch(ctx: Ctx, Path(name): Path<String>) -> ApiResult<Response> {
    if ctx.query.flag("watch") {
        return list_watch::watch(&ctx, Some(&name));
    }
    let obj = ctx
        .app
        .store
        .get(&name)
        .ok_or_else(|| ApiError::not_found(&name))?;
    Ok(ctx.object_response(StatusCode::OK, &obj, &[]))
}

pub async fn create(ctx: Ctx, ReqBody(body): ReqBody) -> ApiResult<Response> {
    ctx.authorize("create", None)?;
    let dry = ctx.dry_run("CreateOptions")?;
    let mut obj = ctx.parse_body(&body, "User")?;
    // The storage refuses this before anything else looks at it, as a plain error
    // (a 500 without a reason); a dry run never reaches the storage.
    let rv_set = obj["metadata"]["resourceVersion"]
        .as_str()
        .is_some_and(|rv| !rv.is_empty() && rv != "0");
    if rv_set && !dry {
        return Err(ApiError::new(
            500,
            "",
            "resourceVersion should not be set on objects to be created",
        ));
    }
    let name = obj["metadata"]["name"].as_str().unwrap_or("").to_string();
    let generate = obj["metadata"]["generateName"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let shown = if name.is_empty() { &generate } else { &name };
    let warnings = ctx.check_fields(&mut obj, "User", shown)?;
    if name.is_empty() && generate.is_empty() {
        return Err(ApiError::invalid(
            "User",
            "",
            &[(
                "metadata.name".into(),
                "Required value: name or generateName is required".into(),
            )],
        ));
    }
    let now = now_rfc3339();
    let manager = ctx.manager();
    // The body becomes the object; only a generated name, which may be taken and tried
    // again, needs a copy of it for the next try.
    let mut body = Some(obj);
    let written = create_under(
        &name,
        &generate,
        |field| invalid_name(field, shown),
        |this_name| {
            let next = if name.is_empty() {
                body.clone()
            } else {
                body.take()
            };
            let obj = next.ok_or_else(|| ApiError::internal("the request body was used"))?;
            let new = new_object(obj, this_name, &now, &manager);
            ctx.app.store.write(this_name, dry, |cur| {
                if cur.is_some() {
                    Err(ApiError::already_exists(this_name))
                } else {
                    Ok(Change::Put(new))
                }
            })
        },
    )?;
    Ok(ctx.object_response(StatusCode::CREATED, &written.obj, &warnings))
}

pub async fn update(
    ctx: Ctx,
    Path(name): Path<String>,
    ReqBody(body): ReqBody,
) -> ApiResult<Response> {
    ctx.authorize("update", Some(&name))?;
    let dry = ctx.dry_run("UpdateOptions")?;
    let mut obj = ctx.parse_body(&body, "User")?;
    let body_name = obj["metadata"]["name"].as_str().unwrap_or("");
    if body_name != name {
        return Err(ApiError::bad_request(format!(
            "the name of the object ({body_name}) does not match the name on the URL ({name})"
        )));
    }
    let precondition = obj["metadata"]["resourceVersion"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let warnings = ctx.check_fields(&mut obj, "User", &name)?;
    let now = now_rfc3339();
    let manager = ctx.manager();
    let w = ctx.app.store.write(&name, dry, |cur| {
        let cur = cur.ok_or_else(|| ApiError::not_found(&name))?;
        if !precondition.is_empty() && precondition != rv_of(cur) {
            return Err(ApiError::conflict(&name));
        }
        check_update(cur, &obj)?;
        let new = next_object(cur, obj, &now, Some(&manager));
        if unchanged(cur, &new) {
            return Ok(Change::Keep);
        }
        Ok(finish_update(new))
    })?;
    Ok(ctx.object_response(StatusCode::OK, &w.obj, &warnings))
}

/// A DeleteOptions (the body, or the query): dry run, propagation policy, and the
/// uid/resourceVersion preconditions.
struct DeleteOptions {
    dry: bool,
    uid: Option<String>,
    rv: Option<String>,
}

const PROPAGATION: &[&str] = &["Foreground", "Background", "Orphan"];

fn delete_options(ctx: &Ctx, body: &[u8]) -> ApiResult<DeleteOptions> {
    let empty = body.iter().all(u8::is_ascii_whitespace);
    let opts: Value = if empty {
        Value::Null
    } else {
        serde_json::from_slice(body).map_err(|e| {
            ApiError::bad_request(format!("the DeleteOptions could not be decoded: {e}"))
        })?
    };
    // kube-apiserver reads the options from the body when there is one, else from
    // the query.
    let (dry_values, policy): (Vec<String>, Option<String>) = if empty {
        (
            ctx.query
                .all("dryRun")
                .iter()
                .map(|v| v.to_string())
                .collect(),
            ctx.query.get("propagationPolicy").map(str::to_string),
        )
    } else {
        (
            opts["dryRun"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|v| v.as_str().unwrap_or("").to_string())
                        .collect()
                })
                .unwrap_or_default(),
            opts["propagationPolicy"].as_str().map(str::to_string),
        )
    };
    let dry_refs: Vec<&str> = dry_values.iter().map(String::as_str).collect();
    let dry = dry_run_values("DeleteOptions", &dry_refs)?;
    if let Some(p) = policy.filter(|p| !PROPAGATION.contains(&p.as_str())) {
        return Err(ApiError::invalid_options(
            "DeleteOptions",
            "propagationPolicy",
            format!(
                "Unsupported value: \"{p}\": supported values: \"Foreground\", \"Background\", \"Orphan\""
            ),
        ));
    }
    let pre = &opts["preconditions"];
    Ok(DeleteOptions {
        dry,
        uid: pre["uid"].as_str().map(str::to_string),
        rv: pre["resourceVersion"].as_str().map(str::to_string),
    })
}

/// What deleting `cur` does: with finalizers, it is marked (deletionTimestamp,
/// deletionGracePeriodSeconds 0) and stays until they are removed; without, it goes.
fn deletion(cur: &Obj, now: &str) -> Change {
    let meta = &cur.value["metadata"];
    let has_finalizers = meta["finalizers"].as_array().is_some_and(|f| !f.is_empty());
    if !has_finalizers {
        return Change::Delete;
    }
    if meta.get("deletionTimestamp").is_some_and(|t| !t.is_null()) {
        return Change::Keep;
    }
    let mut marked = cur.value.clone();
    marked["metadata"]["deletionTimestamp"] = json!(now);
    marked["metadata"]["deletionGracePeriodSeconds"] = json!(0);
    Change::Put(canonical(marked, "User"))
}

/// kube-apiserver's answer to a delete that removed the object.
fn deleted_status(obj: &Obj) -> Value {
    json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Success",
        "details": {
            "name": obj.name,
            "group": GROUP,
            "kind": RESOURCE,
            "uid": obj.value["metadata"]["uid"],
        },
    })
}

pub async fn delete(
    ctx: Ctx,
    Path(name): Path<String>,
    ReqBody(body): ReqBody,
) -> ApiResult<Response> {
    ctx.authorize("delete", Some(&name))?;
    let opts = delete_options(&ctx, &body)?;
    let now = now_rfc3339();
    let mut gone = false;
    let w = ctx.app.store.write(&name, opts.dry, |cur| {
        let cur = cur.ok_or_else(|| ApiError::not_found(&name))?;
        let cur_uid = cur.value["metadata"]["uid"].as_str().unwrap_or("");
        if let Some(u) = &opts.uid
            && u != cur_uid
        {
            return Err(ApiError::conflict_msg(
                &name,
                &format!(
                    "Precondition failed: UID in precondition: {u}, UID in object meta: {cur_uid}"
                ),
            ));
        }
        if let Some(r) = &opts.rv
            && *r != rv_of(cur)
        {
            return Err(ApiError::conflict_msg(
                &name,
                &format!(
                    "Precondition failed: ResourceVersion in precondition: {r}, ResourceVersion in object meta: {}",
                    rv_of(cur)
                ),
            ));
        }
        let change = deletion(cur, &now);
        gone = matches!(change, Change::Delete);
        Ok(change)
    })?;
    if gone {
        return Ok(value_response(StatusCode::OK, &deleted_status(&w.obj)));
    }
    // Still there, waiting for its finalizers: the object, as kube-apiserver answers.
    Ok(ctx.object_response(StatusCode::OK, &w.obj, &[]))
}

/// `DELETE users`: every matching user deleted (or, with finalizers, marked); the
/// answer is the list of them, as kube-apiserver's generic registry gives it.
pub async fn delete_collection(ctx: Ctx, ReqBody(body): ReqBody) -> ApiResult<Response> {
    ctx.authorize("deletecollection", None)?;
    let opts = delete_options(&ctx, &body)?;
    let filter = list_watch::filter(&ctx)?;
    let page = ctx.app.store.list(None, 0, |o| filter.matches(o));
    let now = now_rfc3339();
    let mut deleted = Vec::with_capacity(page.items.len());
    for obj in page.items {
        match ctx.app.store.write(&obj.name, opts.dry, |cur| {
            Ok(match cur {
                Some(cur) => deletion(cur, &now),
                None => Change::Keep,
            })
        }) {
            Ok(w) => deleted.push(w.obj),
            Err(e) if e.code == 404 => {}
            Err(e) => return Err(e),
        }
    }
    let rv = ctx.app.store.current_rv().to_string();
    let out = list_watch::list_bytes(&rv, None, None, deleted.iter().map(|o| &o.bytes));
    Ok(json_response(StatusCode::OK, out, &[]))
}

/// What kube-apiserver checks on every update of a User: the uid cannot change, and
/// no finalizer can be added once the deletion has started.
pub fn check_update(cur: &Obj, new: &Value) -> ApiResult<()> {
    let old_meta = &cur.value["metadata"];
    let new_meta = &new["metadata"];
    let mut causes = Vec::new();
    if let Some(uid) = new_meta["uid"].as_str().filter(|u| !u.is_empty())
        && Some(uid) != old_meta["uid"].as_str()
    {
        causes.push((
            "metadata.uid".to_string(),
            format!("Invalid value: \"{uid}\": field is immutable"),
        ));
    }
    let deleting = old_meta
        .get("deletionTimestamp")
        .is_some_and(|t| !t.is_null());
    if deleting {
        let old: Vec<&Value> = old_meta["finalizers"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        let added = new_meta["finalizers"]
            .as_array()
            .is_some_and(|a| a.iter().any(|f| !old.contains(&f)));
        if added {
            causes.push((
                "metadata.finalizers".to_string(),
                "Forbidden: no new finalizers can be added if the object is being deleted"
                    .to_string(),
            ));
        }
    }
    if causes.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid("User", &cur.name, &causes))
    }
}

/// An update of an object being deleted that leaves it without finalizers deletes it.
pub fn finish_update(new: Value) -> Change {
    let meta = &new["metadata"];
    let deleting = meta.get("deletionTimestamp").is_some_and(|t| !t.is_null());
    let finalizers_left = meta["finalizers"].as_array().is_some_and(|f| !f.is_empty());
    if deleting && !finalizers_left {
        Change::Delete
    } else {
        Change::Put(new)
    }
}
