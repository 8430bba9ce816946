//! Users: get, create, update (PUT), delete and deletecollection.

use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use super::write::invalid_name;
use super::{Ctx, ReqBody, json_response, list_watch};
use crate::server::object::{new_object, next_object, rv_of, unchanged};
use crate::server::status::{ApiError, ApiResult};
use crate::server::store::{Change, now_rfc3339};
use crate::validate::names::is_dns1123_subdomain;

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
    let dry = ctx.dry_run()?;
    let mut obj = ctx.parse_body(&body, "User")?;
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
    let attempts = if name.is_empty() { 8 } else { 1 };
    let mut last_err = None;
    for _ in 0..attempts {
        let this_name = if name.is_empty() {
            format!("{generate}{}", random_suffix())
        } else {
            name.clone()
        };
        if !is_dns1123_subdomain(&this_name) {
            let field = if name.is_empty() {
                "metadata.generateName"
            } else {
                "metadata.name"
            };
            return Err(invalid_name(field, shown));
        }
        let new = new_object(obj.clone(), &this_name, &now, &manager);
        match ctx.app.store.write(&this_name, dry, |cur| {
            if cur.is_some() {
                Err(ApiError::already_exists(&this_name))
            } else {
                Ok(Change::Put(new))
            }
        }) {
            Ok(w) => return Ok(ctx.object_response(StatusCode::CREATED, &w.obj, &warnings)),
            Err(e) => last_err = Some(e),
        }
    }
    Err(last_err.unwrap_or_else(|| ApiError::internal("no name could be generated")))
}

pub async fn update(
    ctx: Ctx,
    Path(name): Path<String>,
    ReqBody(body): ReqBody,
) -> ApiResult<Response> {
    ctx.authorize("update", Some(&name))?;
    let dry = ctx.dry_run()?;
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
        let new = next_object(cur, obj, &now, Some(&manager));
        if unchanged(cur, &new) {
            return Ok(Change::Keep);
        }
        Ok(Change::Put(new))
    })?;
    Ok(ctx.object_response(StatusCode::OK, &w.obj, &warnings))
}

/// A DeleteOptions: dry run, and the uid/resourceVersion preconditions.
struct DeleteOptions {
    dry: bool,
    uid: Option<String>,
    rv: Option<String>,
}

fn delete_options(ctx: &Ctx, body: &[u8]) -> ApiResult<DeleteOptions> {
    let mut dry = ctx.dry_run()?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(DeleteOptions {
            dry,
            uid: None,
            rv: None,
        });
    }
    let opts: Value = serde_json::from_slice(body).map_err(|e| {
        ApiError::bad_request(format!("the DeleteOptions could not be decoded: {e}"))
    })?;
    match opts["dryRun"].as_array().map(Vec::as_slice) {
        None | Some([]) => {}
        Some([v]) if v == "All" => dry = true,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "Invalid dryRun value: {other:?}: supported values: \"All\""
            )));
        }
    }
    let pre = &opts["preconditions"];
    Ok(DeleteOptions {
        dry,
        uid: pre["uid"].as_str().map(str::to_string),
        rv: pre["resourceVersion"].as_str().map(str::to_string),
    })
}

pub async fn delete(
    ctx: Ctx,
    Path(name): Path<String>,
    ReqBody(body): ReqBody,
) -> ApiResult<Response> {
    ctx.authorize("delete", Some(&name))?;
    let opts = delete_options(&ctx, &body)?;
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
        Ok(Change::Delete)
    })?;
    Ok(ctx.object_response(StatusCode::OK, &w.obj, &[]))
}

pub async fn delete_collection(ctx: Ctx, ReqBody(body): ReqBody) -> ApiResult<Response> {
    ctx.authorize("deletecollection", None)?;
    let opts = delete_options(&ctx, &body)?;
    let filter = list_watch::filter(&ctx)?;
    let page = ctx.app.store.list(None, 0, |o| filter.matches(o));
    let mut deleted = Vec::with_capacity(page.items.len());
    for obj in page.items {
        match ctx.app.store.write(&obj.name, opts.dry, |cur| {
            Ok(if cur.is_some() {
                Change::Delete
            } else {
                Change::Keep
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

fn random_suffix() -> String {
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    (0..5)
        .map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char)
        .collect()
}
