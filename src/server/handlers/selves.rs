//! `POST selves`: who the access key belongs to.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use super::{Ctx, ReqBody, value_response};
use crate::api::API_VERSION;
use crate::server::app::Caller;

pub async fn create(ctx: Ctx, ReqBody(_body): ReqBody) -> Response {
    let user = ctx.caller.name();
    let out = json!({
        "kind": "Self",
        "apiVersion": API_VERSION,
        "metadata": {"creationTimestamp": null},
        "spec": {},
        "status": {
            "user": {"name": user, "username": user, "displayName": user},
            "subject": user,
            "groups": ["system:authenticated"],
            "accessKeyType": "User",
            "accessKey": match ctx.caller {
                Caller::Admin => "dev-server-admin-key",
                Caller::Viewer => "dev-server-readonly-key",
            },
        },
    });
    value_response(StatusCode::CREATED, &out)
}
