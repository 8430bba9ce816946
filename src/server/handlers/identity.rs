//! OwnedAccessKeys and the User subresources: the axum side of `accesskeys` and
//! `subresources`.

use axum::extract::Path;
use axum::response::Response;

use super::{Ctx, ReqBody};
use crate::server::status::ApiResult;
use crate::server::{accesskeys, subresources};

/// `POST ownedaccesskeys`: decoded and field-checked (`fieldValidation`) as every
/// write is, then made by `accesskeys::create`.
pub async fn create_key(ctx: Ctx, ReqBody(body): ReqBody) -> ApiResult<Response> {
    let mut obj = ctx.parse_body(&body, accesskeys::KIND)?;
    let name = obj["metadata"]["name"]
        .as_str()
        .or(obj["metadata"]["generateName"].as_str())
        .unwrap_or("")
        .to_string();
    let warnings = ctx.check_fields(&mut obj, accesskeys::KIND, &name)?;
    accesskeys::create(
        &ctx.app,
        &ctx.caller,
        &obj,
        ctx.dry_run("CreateOptions")?,
        &warnings,
    )
}

pub async fn list_keys(ctx: Ctx) -> ApiResult<Response> {
    accesskeys::list(&ctx.app, &ctx.caller)
}

pub async fn get_key(ctx: Ctx, Path(name): Path<String>) -> ApiResult<Response> {
    accesskeys::get(&ctx.app, &ctx.caller, &name)
}

pub async fn delete_key(ctx: Ctx, Path(name): Path<String>) -> ApiResult<Response> {
    accesskeys::delete(&ctx.app, &ctx.caller, ctx.dry_run("DeleteOptions")?, &name)
}

/// `GET users/NAME/SUB` (`accesskeys`, `clusters`, `permissions`, `profile`); any
/// other SUB is 404.
pub async fn get_subresource(
    ctx: Ctx,
    Path(params): Path<Vec<(String, String)>>,
) -> ApiResult<Response> {
    let value = |key: &str| {
        params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let name = value("name").unwrap_or("");
    let sub = value("subresource").unwrap_or("profile");
    subresources::get(&ctx.app, &ctx.caller, name, sub)
}

pub async fn post_profile(
    ctx: Ctx,
    Path(name): Path<String>,
    ReqBody(body): ReqBody,
) -> ApiResult<Response> {
    subresources::post_profile(
        &ctx.app,
        &ctx.caller,
        ctx.dry_run("CreateOptions")?,
        &name,
        &ctx.manager(),
        || ctx.parse_body(&body, "UserProfile"),
    )
}
