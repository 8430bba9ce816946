//! The HTTP surface below `/kubernetes/management`: one axum `Router` whose routes name
//! every endpoint, and the extractors the handlers share (who is calling, the query,
//! the body). One module per resource:
//!
//! - `public` — `/version`, health, the token issuer's JWKS (no credentials needed);
//! - `discovery` — `/api`, `/apis`, the group, the resource list, `/openapi/v2|v3`;
//! - `users` — get, create, update, delete, deletecollection;
//! - `patch` — JSON, merge and apply patches of a User;
//! - `list_watch` — lists (selectors, `limit`/`continue`) and watches;
//! - `tokens` — DirectClusterEndpointTokens; `selves` — who the key belongs to;
//! - `identity` — OwnedAccessKeys and the User subresources;
//! - `write` — what every write shares (dryRun, fieldValidation, decoding, answering).

pub mod discovery;
pub mod identity;
pub mod list_watch;
pub mod patch;
pub mod public;
pub mod selves;
pub mod tokens;
pub mod users;
pub mod write;

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use bytes::Bytes;
use serde_json::Value;

use super::app::{App, Caller};
use super::status::{ApiError, ApiResult};
use crate::api::{GROUP, VERSION};

pub use super::ROOT;
/// The API server's request size limit.
const BODY_LIMIT: usize = 3 * 1024 * 1024;

/// Every route of the server.
pub fn router(app: Arc<App>) -> Router {
    let at = |p: &str| format!("{ROOT}{p}");
    let gv = |p: &str| format!("{ROOT}/apis/{GROUP}/{VERSION}{p}");
    let api = |m: MethodRouter<Arc<App>>| m.fallback(method_not_allowed);
    let doc = |m: MethodRouter<Arc<App>>| m.fallback(discovery::method_not_allowed);
    let open = |m: MethodRouter<Arc<App>>| m.fallback(public::method_not_allowed);
    Router::new()
        .route(&at("/version"), open(get(public::version)))
        .route(&at("/healthz"), open(get(public::health)))
        .route(&at("/livez"), open(get(public::health)))
        .route(&at("/readyz"), open(get(public::health)))
        .route(&at("/openid/v1/jwks"), open(get(public::jwks)))
        .route(
            &at("/.well-known/openid-configuration"),
            open(get(public::openid_configuration)),
        )
        .route(&at("/api"), doc(get(discovery::core_versions)))
        .route(&at("/apis"), doc(get(discovery::group_list)))
        .route(
            &at(&format!("/apis/{GROUP}")),
            doc(get(discovery::api_group)),
        )
        .route(&gv(""), doc(get(discovery::resource_list)))
        .route(&at("/openapi/v2"), doc(get(discovery::openapi_v2)))
        .route(&at("/openapi/v3"), doc(get(discovery::openapi_v3_root)))
        .route(
            &at(&format!("/openapi/v3/apis/{GROUP}/{VERSION}")),
            doc(get(discovery::openapi_v3_group)),
        )
        .route(
            &gv("/users"),
            api(get(list_watch::list_or_watch)
                .post(users::create)
                .delete(users::delete_collection)),
        )
        .route(
            &gv("/users/{name}"),
            api(get(users::get_or_watch)
                .put(users::update)
                .patch(patch::patch)
                .delete(users::delete)),
        )
        .route(&gv("/watch/users"), api(get(list_watch::watch_all)))
        .route(&gv("/watch/users/{name}"), api(get(list_watch::watch_one)))
        .route(
            &gv("/directclusterendpointtokens"),
            api(post(tokens::create)),
        )
        .route(&gv("/selves"), api(post(selves::create)))
        .route(
            &gv("/ownedaccesskeys"),
            api(get(identity::list_keys).post(identity::create_key)),
        )
        .route(
            &gv("/ownedaccesskeys/{name}"),
            api(get(identity::get_key).delete(identity::delete_key)),
        )
        .route(
            &gv("/users/{name}/profile"),
            api(get(identity::get_subresource).post(identity::post_profile)),
        )
        .route(
            &gv("/users/{name}/{subresource}"),
            api(get(identity::get_subresource)),
        )
        .fallback(no_route)
        .layer(middleware::from_fn_with_state(app.clone(), log_and_delay))
        .with_state(app)
}

/// kube-apiserver serves `/apis/…/users/` as `/apis/…/users`: drop a trailing slash
/// before routing.
pub fn normalize_path(mut req: Request) -> Request {
    let path = req.uri().path();
    if path.len() > 1 && path.ends_with('/') {
        let trimmed = path.trim_end_matches('/');
        let trimmed = if trimmed.is_empty() { "/" } else { trimmed };
        let pq = match req.uri().query() {
            Some(q) => format!("{trimmed}?{q}"),
            None => trimmed.to_string(),
        };
        let mut parts = req.uri().clone().into_parts();
        if let Ok(p) = pq.parse() {
            parts.path_and_query = Some(p);
            if let Ok(uri) = Uri::from_parts(parts) {
                *req.uri_mut() = uri;
            }
        }
    }
    req
}

/// `--latency` and the request log (`METHOD TARGET STATUS DURATION`, one write per
/// line so that lines from several processes do not interleave).
async fn log_and_delay(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let target = req
        .uri()
        .path_and_query()
        .map(|p| p.to_string())
        .unwrap_or_default();
    if !app.latency.is_zero() {
        tokio::time::sleep(app.latency).await;
    }
    let resp = next.run(req).await;
    // The request log: a status line (one write, so that lines of several processes
    // do not interleave), silenced by -q.
    app.printer.status(format!(
        "{method} {target} {} {:.1}ms",
        resp.status().as_u16(),
        start.elapsed().as_secs_f64() * 1000.0
    ));
    resp
}

/// A path the server does not serve: 404 (after authentication below the root, as
/// kube-apiserver does).
async fn no_route(State(app): State<Arc<App>>, headers: HeaderMap, uri: Uri) -> ApiError {
    if (uri.path() == ROOT || uri.path().starts_with(&format!("{ROOT}/")))
        && let Err(e) = app.authenticate(&headers)
    {
        return e;
    }
    ApiError::no_route()
}

/// A method a resource path does not serve.
async fn method_not_allowed(_ctx: Ctx) -> ApiError {
    ApiError::method_not_allowed()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        ApiError::into_response(self)
    }
}

/// Proof that the caller is authenticated (for the discovery documents).
pub struct Authed;

impl FromRequestParts<Arc<App>> for Authed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> ApiResult<Self> {
        app.authenticate(&parts.headers).map(|_| Authed)
    }
}

/// The context of a request on a resource: the authenticated caller, the query, the
/// headers, and whether a Table was asked for. Answers 406 to an Accept header this
/// server cannot serve.
pub struct Ctx {
    pub app: Arc<App>,
    pub caller: Caller,
    pub query: Query,
    pub headers: HeaderMap,
    pub table: bool,
}

impl FromRequestParts<Arc<App>> for Ctx {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> ApiResult<Self> {
        let caller = app.authenticate(&parts.headers)?;
        let query = Query::parse(parts.uri.query())?;
        let accept = parts
            .headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !accept.is_empty()
            && !accept.contains("json")
            && !accept.contains("yaml")
            && !accept.contains("*/*")
        {
            return Err(ApiError::not_acceptable());
        }
        Ok(Ctx {
            app: app.clone(),
            caller,
            table: accept.contains("as=Table"),
            query,
            headers: parts.headers.clone(),
        })
    }
}

impl Ctx {
    /// Only an admin writes users; other callers read them.
    pub fn authorize(&self, verb: &str, name: Option<&str>) -> ApiResult<()> {
        if !self.caller.admin {
            return Err(ApiError::forbidden(self.caller.name(), verb, "users", name));
        }
        Ok(())
    }

    /// The request's Content-Type, without parameters.
    pub fn content_type(&self) -> String {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_string()
    }
}

/// A request body, at most the API server's 3 MiB.
pub struct ReqBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for ReqBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> ApiResult<Self> {
        axum::body::to_bytes(req.into_body(), BODY_LIMIT)
            .await
            .map(ReqBody)
            .map_err(|_| ApiError::too_large())
    }
}

/// Query parameters, in order.
pub struct Query(pub Vec<(String, String)>);

impl Query {
    fn parse(query: Option<&str>) -> ApiResult<Query> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or(""))
            .map_err(|e| ApiError::bad_request(format!("invalid query: {e}")))?;
        Ok(Query(pairs))
    }
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    pub fn all(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }
    /// A boolean parameter as kube-apiserver reads one: set, and neither `0` nor
    /// `false` in any case (so the Python client's `force=True` is true).
    pub fn flag(&self, key: &str) -> bool {
        self.get(key)
            .is_some_and(|v| v != "0" && !v.eq_ignore_ascii_case("false"))
    }
}

/// A JSON answer, with `Warning` headers.
pub fn json_response(code: StatusCode, body: impl Into<Body>, warnings: &[String]) -> Response {
    let mut resp = Response::new(body.into());
    *resp.status_mut() = code;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    for w in warnings {
        let escaped = w.replace('\\', "\\\\").replace('"', "\\\"");
        if let Ok(v) = HeaderValue::from_str(&format!("299 - \"{escaped}\"")) {
            resp.headers_mut().append("warning", v);
        }
    }
    resp
}

pub fn value_response(code: StatusCode, v: &Value) -> Response {
    json_response(code, serde_json::to_vec(v).unwrap_or_default(), &[])
}
