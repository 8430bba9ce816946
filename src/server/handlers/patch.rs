//! `PATCH users/NAME`: JSON patch, JSON merge patch, strategic merge patch, and
//! server-side apply.

use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::users::{check_update, finish_update};
use super::write::{APPLY_NEEDS_MANAGER, invalid_name};
use super::{Ctx, ReqBody};
use crate::api::API_VERSION;
use crate::server::object::{canonical, next_object, rv_of, unchanged};
use crate::server::status::{ApiError, ApiResult};
use crate::server::store::{Change, new_uid, now_rfc3339};
use crate::server::{apply, patch};
use crate::validate::names::is_dns1123_subdomain;

const JSON_PATCH: &str = "application/json-patch+json";
const MERGE_PATCH: &str = "application/merge-patch+json";
const APPLY_PATCH: &str = "application/apply-patch+yaml";
const STRATEGIC_PATCH: &str = "application/strategic-merge-patch+json";

pub async fn patch(
    ctx: Ctx,
    Path(name): Path<String>,
    ReqBody(body): ReqBody,
) -> ApiResult<Response> {
    ctx.authorize("patch", Some(&name))?;
    let ct = ctx.content_type();
    const ACCEPTED: &[&str] = &[JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, APPLY_PATCH];
    if !ACCEPTED.contains(&ct.as_str()) {
        return Err(ApiError::unsupported_media_type(&ct, ACCEPTED));
    }
    // kube-apiserver's ValidatePatchOptions: `force` only with apply, and apply needs a
    // field manager.
    let mut causes = Vec::new();
    if ct != APPLY_PATCH && ctx.query.get("force").is_some() {
        causes.push((
            "force".to_string(),
            "Forbidden: may not be specified for non-apply patch".to_string(),
        ));
    }
    let applier = ctx.query.get("fieldManager").filter(|m| !m.is_empty());
    if ct == APPLY_PATCH && applier.is_none() {
        causes.push(("fieldManager".to_string(), APPLY_NEEDS_MANAGER.to_string()));
    }
    let dry = ctx.dry_run_after("PatchOptions", causes)?;
    if ct == APPLY_PATCH {
        // Without a manager the options were refused just above.
        return apply(&ctx, &name, applier.unwrap_or_default(), &body, dry);
    }
    let now = now_rfc3339();
    let manager = ctx.manager();
    let mut warnings = Vec::new();
    let w = ctx.app.store.write(&name, dry, |cur| {
        let cur = cur.ok_or_else(|| ApiError::not_found(&name))?;
        let mut doc = cur.value.clone();
        match ct.as_str() {
            JSON_PATCH => patch::json_patch(&mut doc, &body)?,
            STRATEGIC_PATCH => patch::strategic_merge_patch(&mut doc, &body)?,
            _ => patch::merge_patch(&mut doc, &body)?,
        }
        if !doc.is_object() {
            return Err(ApiError::bad_request("the patched object is not an object"));
        }
        let patched_name = doc["metadata"]["name"].as_str().unwrap_or("");
        if patched_name != name {
            return Err(ApiError::bad_request(format!(
                "the name of the object ({patched_name}) does not match the name on the URL ({name})"
            )));
        }
        let rv = doc["metadata"]["resourceVersion"].as_str().unwrap_or("");
        if !rv.is_empty() && rv != rv_of(cur) {
            return Err(ApiError::conflict(&name));
        }
        warnings = ctx.check_fields(&mut doc, "User", &name)?;
        check_update(cur, &doc)?;
        let new = next_object(cur, doc, &now, Some(&manager));
        if unchanged(cur, &new) {
            return Ok(Change::Keep);
        }
        Ok(finish_update(new))
    })?;
    Ok(ctx.object_response(StatusCode::OK, &w.obj, &warnings))
}

/// Server-side apply (`application/apply-patch+yaml`) by `manager`: creates the user
/// when missing.
fn apply(ctx: &Ctx, name: &str, manager: &str, body: &[u8], dry: bool) -> ApiResult<Response> {
    let text = std::str::from_utf8(body)
        .map_err(|_| ApiError::bad_request("the request body is not UTF-8"))?;
    let mut config: Value = parse_apply_body(text)?;
    if !config.is_object() {
        return Err(ApiError::bad_request(
            "the apply configuration must be an object",
        ));
    }
    let kind = config["kind"].as_str().unwrap_or("");
    let version = config["apiVersion"].as_str().unwrap_or("");
    if kind != "User" || version != API_VERSION {
        return Err(ApiError::bad_request(format!(
            "invalid object type: {version}, Kind={kind}: an apply configuration must set apiVersion: {API_VERSION} and kind: User"
        )));
    }
    let config_name = config["metadata"]["name"].as_str().unwrap_or("");
    if config_name != name {
        return Err(ApiError::bad_request(format!(
            "the name of the object ({config_name}) does not match the name on the URL ({name})"
        )));
    }
    let precondition = config["metadata"]["resourceVersion"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let warnings = ctx.check_fields(&mut config, "User", name)?;
    if !is_dns1123_subdomain(name) {
        return Err(invalid_name("metadata.name", name));
    }
    let force = ctx.query.flag("force");
    let now = now_rfc3339();
    let w = ctx.app.store.write(name, dry, |cur| {
        if !precondition.is_empty() && Some(precondition.clone()) != cur.map(|c| rv_of(c)) {
            return Err(ApiError::conflict(name));
        }
        match cur {
            None => {
                let mut obj = ssa(None, &config, manager, force, &now)?;
                if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
                    meta.insert("uid".into(), json!(new_uid()));
                    meta.insert("generation".into(), json!(1));
                    meta.insert("creationTimestamp".into(), json!(now));
                }
                Ok(Change::Put(canonical(obj, "User")))
            }
            Some(cur) => {
                check_update(cur, &config)?;
                let applied = ssa(Some(&cur.value), &config, manager, force, &now)?;
                let new = next_object(cur, applied, &now, None);
                if unchanged(cur, &new) {
                    return Ok(Change::Keep);
                }
                Ok(finish_update(new))
            }
        }
    })?;
    let code = if w.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(ctx.object_response(code, &w.obj, &warnings))
}

/// Server-side apply, its errors as kube-apiserver's Status objects.
fn ssa(
    live: Option<&Value>,
    config: &Value,
    manager: &str,
    force: bool,
    now: &str,
) -> ApiResult<Value> {
    apply::apply(live, config, manager, force, now).map_err(|e| match e {
        apply::ApplyError::BadRequest(m) => ApiError::bad_request(m),
        apply::ApplyError::Conflicts(c) => {
            let pairs: Vec<(String, String)> =
                c.into_iter().map(|c| (c.manager, c.field)).collect();
            ApiError::apply_conflict(&pairs)
        }
    })
}

/// An apply body: YAML, which is nearly always JSON (kubectl and kube send JSON). JSON
/// is parsed as JSON (an order of magnitude cheaper than the YAML parser); anything
/// else, or JSON that serde_json refuses, goes through the YAML parser, whose error
/// message is the one reported.
fn parse_apply_body(text: &str) -> ApiResult<Value> {
    if text.trim_start().starts_with('{')
        && let Ok(v) = serde_json::from_str::<Value>(text)
    {
        return Ok(v);
    }
    serde_saphyr::from_str(text)
        .map_err(|e| ApiError::bad_request(format!("error decoding YAML: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_bodies_parse_as_json_or_yaml_alike() {
        let json_body = r#" {"apiVersion": "management.loft.sh/v1", "kind": "User", "metadata": {"name": "a"}, "spec": {"groups": ["x"], "n": 1.5}}"#;
        let yaml_body = "apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: a\nspec:\n  groups: [x]\n  n: 1.5\n";
        assert_eq!(
            parse_apply_body(json_body).unwrap(),
            parse_apply_body(yaml_body).unwrap()
        );
        // YAML that starts like JSON but is not: the YAML parser decides.
        assert_eq!(parse_apply_body("{a: 1}").unwrap(), json!({"a": 1}));
        let err = parse_apply_body("{a: [}").unwrap_err();
        assert_eq!(err.code, 400);
        assert!(
            err.message.contains("error decoding YAML"),
            "{}",
            err.message
        );
    }
}
