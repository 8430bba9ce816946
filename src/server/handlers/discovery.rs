//! The discovery and OpenAPI documents (built in `server::discovery`), to any
//! authenticated caller.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use bytes::Bytes;

use super::{Authed, value_response};
use crate::server::discovery as docs;
use crate::server::openapi;
use crate::server::status::{ApiError, ApiResult};

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

// Aggregated discovery is not offered: a JSON answer makes clients fall back to the
// documents above.

const PROTO_V2: &str = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

/// What an Accept header allows, for the OpenAPI documents: JSON, or (v2 only) the
/// protobuf client-go asks for.
fn accepts(headers: &HeaderMap, proto: bool) -> Option<bool> {
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if accept.trim().is_empty() {
        return Some(false);
    }
    for range in accept.split(',') {
        let media = range.split(';').next().unwrap_or("").trim();
        match media {
            "application/com.github.proto-openapi.spec.v2@v1.0+protobuf" | PROTO_V2 if proto => {
                return Some(true);
            }
            "application/json" | "application/*" | "*/*" => return Some(false),
            _ => {}
        }
    }
    None
}

fn bytes_response(content_type: &'static str, body: Bytes) -> Response {
    let mut r = Response::new(Body::from(body));
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

pub async fn openapi_v2(_: Authed, headers: HeaderMap) -> ApiResult<Response> {
    let docs = openapi::docs();
    match accepts(&headers, true) {
        Some(true) => Ok(bytes_response(PROTO_V2, docs.v2_proto.clone())),
        Some(false) => Ok(bytes_response("application/json", docs.v2_json.clone())),
        None => Err(ApiError::not_acceptable_of(&[
            "application/json",
            "application/com.github.proto-openapi.spec.v2@v1.0+protobuf",
        ])),
    }
}

pub async fn openapi_v3_root(_: Authed) -> Response {
    value_response(StatusCode::OK, &docs::openapi_v3_root())
}

pub async fn openapi_v3_group(_: Authed, headers: HeaderMap) -> ApiResult<Response> {
    match accepts(&headers, false) {
        Some(_) => Ok(bytes_response(
            "application/json",
            openapi::docs().v3_json.clone(),
        )),
        None => Err(ApiError::not_acceptable_of(&["application/json"])),
    }
}

pub async fn method_not_allowed(_: Authed) -> ApiError {
    ApiError::method_not_allowed()
}
