//! The discovery and OpenAPI documents (built in `server::discovery`), to any
//! authenticated caller.

use axum::http::StatusCode;
use axum::response::Response;

use super::{Authed, value_response};
use crate::server::discovery as docs;
use crate::server::status::ApiError;

pub async fn core_versions(_: Authed) -> Response {
    value_response(StatusCode::OK, &docs::core_versions())
}

pub async fn group_list(_: Authed) -> Response {
    value_response(StatusCode::OK, &docs::group_list())
}

pub async fn api_group(_: Authed) -> Response {
    value_response(StatusCode::OK, &docs::api_group())
}

pub async fn resource_list(_: Authed) -> Response {
    value_response(StatusCode::OK, &docs::resource_list())
}

// Aggregated discovery and protobuf are not offered: a JSON answer makes clients
// fall back to the documents above.

pub async fn openapi_v2(_: Authed) -> Response {
    value_response(StatusCode::OK, &docs::openapi_v2())
}

pub async fn openapi_v3_root(_: Authed) -> Response {
    value_response(StatusCode::OK, &docs::openapi_v3_root())
}

pub async fn openapi_v3_group(_: Authed) -> Response {
    value_response(StatusCode::OK, &docs::openapi_v3_group())
}

pub async fn method_not_allowed(_: Authed) -> ApiError {
    ApiError::method_not_allowed()
}
