//! `POST selves`: the stored user behind the key (see `identity::self_object`).

use axum::http::StatusCode;
use axum::response::Response;

use super::{Ctx, ReqBody, value_response};
use crate::server::identity;

pub async fn create(ctx: Ctx, ReqBody(_body): ReqBody) -> Response {
    value_response(
        StatusCode::CREATED,
        &identity::self_object(&ctx.app, &ctx.caller),
    )
}
