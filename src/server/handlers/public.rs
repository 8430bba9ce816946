//! What kube-apiserver serves to anyone: `/version`, the health checks, and the
//! token issuer's keys.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::json;

use super::{ROOT, value_response};
use crate::server::app::App;
use crate::server::discovery;
use crate::server::status::{ApiError, ApiResult};

pub async fn version() -> Response {
    value_response(StatusCode::OK, &discovery::version())
}

pub async fn health() -> Response {
    let mut r = Response::new(Body::from("ok"));
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

pub async fn jwks(State(app): State<Arc<App>>) -> ApiResult<Response> {
    let signer = app.signer().await?;
    let mut r = value_response(StatusCode::OK, signer.jwks());
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/jwk-set+json"),
    );
    Ok(r)
}

pub async fn openid_configuration(State(app): State<Arc<App>>) -> Response {
    value_response(
        StatusCode::OK,
        &json!({
            "issuer": app.url,
            "jwks_uri": format!("{}{ROOT}/openid/v1/jwks", app.url),
            "response_types_supported": ["id_token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        }),
    )
}

/// Another method on a public path: authenticated first, as kube-apiserver does.
pub async fn method_not_allowed(State(app): State<Arc<App>>, headers: HeaderMap) -> ApiError {
    match crate::server::identity::authenticate_request(&app, &headers) {
        Ok(_) => ApiError::method_not_allowed(),
        Err(e) => e,
    }
}
