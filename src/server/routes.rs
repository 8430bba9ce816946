//! Request handling: authentication, authorization, and every endpoint below
//! `/kubernetes/management`.

use crate::printer::Printer;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use serde_json::{Map, Value, json};

use super::status::{ApiError, ApiResult};
use super::store::{Change, Obj, Store, new_uid, now_rfc3339};
use super::tokens::Signer;
use super::watch::{self, Filter};
use super::{API_VERSION, discovery, patch, table};
use crate::selector::{FieldSelector, LabelSelector};
use crate::validate::{Severity, validate_value};

pub const ROOT: &str = "/kubernetes/management";
const BODY_LIMIT: usize = 3 * 1024 * 1024;

/// Who is calling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    Admin,
    Viewer,
}

impl Caller {
    pub fn name(self) -> &'static str {
        match self {
            Caller::Admin => "admin",
            Caller::Viewer => "viewer",
        }
    }
}

pub struct App {
    pub store: Store,
    pub admin_key: String,
    pub readonly_key: Option<String>,
    /// The signing key, loaded at start (`--signing-key`) or generated on first use.
    pub signer: OnceLock<Result<Arc<Signer>, String>>,
    /// `http://HOST:PORT`: the tokens' issuer.
    pub url: String,
    pub latency: Duration,
    /// The request log and the server's notices go through it (`-q` silences them).
    pub printer: Printer,
}

impl App {
    async fn signer(self: &Arc<Self>) -> ApiResult<Arc<Signer>> {
        if let Some(s) = self.signer.get() {
            return s.clone().map_err(ApiError::internal);
        }
        let app = self.clone();
        let res = tokio::task::spawn_blocking(move || {
            app.signer
                .get_or_init(|| Signer::generate().map(Arc::new))
                .clone()
        })
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?;
        res.map_err(ApiError::internal)
    }
}

/// The handler of every request.
pub async fn handle(State(app): State<Arc<App>>, req: Request) -> Response {
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
    let resp = match dispatch(&app, req).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    };
    // The request log: a status line (one write, so that lines of several processes
    // do not interleave), silenced by -q.
    app.printer.status(format!(
        "{method} {target} {} {:.1}ms",
        resp.status().as_u16(),
        start.elapsed().as_secs_f64() * 1000.0
    ));
    resp
}

/// Query parameters, in order.
struct Query(Vec<(String, String)>);

impl Query {
    fn parse(query: Option<&str>) -> ApiResult<Query> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or(""))
            .map_err(|e| ApiError::bad_request(format!("invalid query: {e}")))?;
        Ok(Query(pairs))
    }
    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    fn flag(&self, key: &str) -> bool {
        matches!(self.get(key), Some("true" | "1"))
    }
}

fn json_response(code: StatusCode, body: impl Into<Body>, warnings: &[String]) -> Response {
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

fn value_response(code: StatusCode, v: &Value) -> Response {
    json_response(code, serde_json::to_vec(v).unwrap_or_default(), &[])
}

fn authenticate(app: &App, headers: &HeaderMap) -> ApiResult<Caller> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, rest) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
        })
        .ok_or_else(ApiError::unauthorized)?;
    if constant_time_eq(token.as_bytes(), app.admin_key.as_bytes()) {
        return Ok(Caller::Admin);
    }
    if let Some(ro) = &app.readonly_key
        && constant_time_eq(token.as_bytes(), ro.as_bytes())
    {
        return Ok(Caller::Viewer);
    }
    Err(ApiError::unauthorized())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn dispatch(app: &Arc<App>, req: Request) -> ApiResult<Response> {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().to_string();
    let Some(rest) = path.strip_prefix(ROOT) else {
        return Err(ApiError::no_route());
    };
    let rest = rest.trim_end_matches('/');
    let get = parts.method == Method::GET;
    // Public endpoints, as kube-apiserver serves them to anyone.
    match rest {
        "/version" if get => return Ok(value_response(StatusCode::OK, &discovery::version())),
        "/healthz" | "/livez" | "/readyz" if get => {
            let mut r = Response::new(Body::from("ok"));
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            return Ok(r);
        }
        "/openid/v1/jwks" if get => {
            let signer = app.signer().await?;
            let mut r = value_response(StatusCode::OK, signer.jwks());
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/jwk-set+json"),
            );
            return Ok(r);
        }
        "/.well-known/openid-configuration" if get => {
            return Ok(value_response(
                StatusCode::OK,
                &json!({
                    "issuer": app.url,
                    "jwks_uri": format!("{}{ROOT}/openid/v1/jwks", app.url),
                    "response_types_supported": ["id_token"],
                    "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                }),
            ));
        }
        _ => {}
    }
    let caller = authenticate(app, &parts.headers)?;
    let accept = parts
        .headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let discovery_doc = match rest {
        "/api" => Some(discovery::core_versions()),
        "/apis" => Some(discovery::group_list()),
        "/apis/management.loft.sh" => Some(discovery::api_group()),
        "/apis/management.loft.sh/v1" => Some(discovery::resource_list()),
        "/openapi/v2" => Some(discovery::openapi_v2()),
        "/openapi/v3" => Some(discovery::openapi_v3_root()),
        "/openapi/v3/apis/management.loft.sh/v1" => Some(discovery::openapi_v3_group()),
        _ => None,
    };
    if let Some(doc) = discovery_doc {
        if !get {
            return Err(ApiError::method_not_allowed());
        }
        // Aggregated discovery and protobuf are not offered: a JSON answer makes
        // clients fall back to the documents above.
        return Ok(value_response(StatusCode::OK, &doc));
    }
    let Some(res) = rest.strip_prefix("/apis/management.loft.sh/v1/") else {
        return Err(ApiError::no_route());
    };
    let segments: Vec<&str> = res.split('/').collect();
    let query = Query::parse(parts.uri.query())?;
    let method = parts.method.clone();
    let headers = parts.headers;
    let read_body = || async {
        axum::body::to_bytes(body, BODY_LIMIT)
            .await
            .map_err(|_| ApiError::too_large())
    };
    let table = accept.contains("as=Table");
    if !accept.is_empty()
        && !accept.contains("json")
        && !accept.contains("yaml")
        && !accept.contains("*/*")
    {
        return Err(ApiError::not_acceptable());
    }
    let ctx = Ctx {
        app,
        caller,
        query: &query,
        headers: &headers,
        table,
    };
    match (segments.as_slice(), method.clone()) {
        (["users"], Method::GET) if query.flag("watch") => ctx.watch_users(None),
        (["users"], Method::GET) => ctx.list_users(),
        (["users"], Method::POST) => {
            ctx.authorize("create", None)?;
            ctx.create_user(&read_body().await?)
        }
        (["users"], Method::DELETE) => {
            ctx.authorize("deletecollection", None)?;
            ctx.delete_collection(&read_body().await?)
        }
        (["users", name], Method::GET) if query.flag("watch") => ctx.watch_users(Some(name)),
        (["users", name], Method::GET) => ctx.get_user(name),
        (["users", name], Method::PUT) => {
            ctx.authorize("update", Some(name))?;
            ctx.update_user(name, &read_body().await?)
        }
        (["users", name], Method::PATCH) => {
            ctx.authorize("patch", Some(name))?;
            ctx.patch_user(name, &read_body().await?)
        }
        (["users", name], Method::DELETE) => {
            ctx.authorize("delete", Some(name))?;
            ctx.delete_user(name, &read_body().await?)
        }
        (["watch", "users"], Method::GET) => ctx.watch_users(None),
        (["watch", "users", name], Method::GET) => ctx.watch_users(Some(name)),
        (["directclusterendpointtokens"], Method::POST) => {
            let body = read_body().await?;
            ctx.create_token(&body).await
        }
        (["selves"], Method::POST) => {
            let _ = read_body().await?;
            Ok(ctx.create_self())
        }
        (["users"] | ["users", _] | ["directclusterendpointtokens"] | ["selves"], _) => {
            Err(ApiError::method_not_allowed())
        }
        _ => Err(ApiError::no_route()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Validation {
    Ignore,
    Warn,
    Strict,
}

struct Ctx<'a> {
    app: &'a Arc<App>,
    caller: Caller,
    query: &'a Query,
    headers: &'a HeaderMap,
    table: bool,
}

/// Server-owned metadata that a client cannot set.
const SERVER_META: &[&str] = &[
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "managedFields",
    "selfLink",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "namespace",
];

/// Metadata keys in the order Kubernetes' ObjectMeta serializes them.
const META_ORDER: &[&str] = &[
    "name",
    "generateName",
    "namespace",
    "selfLink",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "labels",
    "annotations",
    "ownerReferences",
    "finalizers",
    "managedFields",
];

fn is_dns1123_subdomain(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|l| {
            !l.is_empty()
                && l.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}

const DNS1123_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/// Remove the field at a diagnostic path such as `spec.access[0].foo`.
fn remove_path(v: &mut Value, path: &str) {
    let mut segs: Vec<Result<&str, usize>> = Vec::new();
    for part in path.split('.') {
        let mut p = part;
        let name_end = p.find('[').unwrap_or(p.len());
        if name_end > 0 {
            segs.push(Ok(&p[..name_end]));
        }
        p = &p[name_end..];
        while p.starts_with('[')
            && let Some(close) = p.find(']')
        {
            if let Ok(i) = p[1..close].parse::<usize>() {
                segs.push(Err(i));
            }
            p = &p[close + 1..];
        }
    }
    let Some((last, parents)) = segs.split_last() else {
        return;
    };
    let mut cur = v;
    for s in parents {
        let next = match s {
            Ok(k) => cur.get_mut(*k),
            Err(i) => cur.get_mut(*i),
        };
        match next {
            Some(n) => cur = n,
            None => return,
        }
    }
    if let (Ok(k), Some(m)) = (last, cur.as_object_mut()) {
        m.remove(*k);
    }
}

/// Put metadata keys in ObjectMeta order, and the object's top level in Go order.
fn canonical(obj: Value, kind: &str) -> Value {
    let Value::Object(mut map) = obj else {
        return obj;
    };
    let mut out = Map::new();
    out.insert("kind".into(), json!(kind));
    out.insert("apiVersion".into(), json!(API_VERSION));
    map.remove("kind");
    map.remove("apiVersion");
    let mut meta = match map.remove("metadata") {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    let mut m2 = Map::new();
    for k in META_ORDER {
        if let Some(v) = meta.remove(*k) {
            m2.insert((*k).to_string(), v);
        }
    }
    m2.extend(meta);
    out.insert("metadata".into(), Value::Object(m2));
    let spec = map.remove("spec").unwrap_or_else(|| json!({}));
    out.insert("spec".into(), spec);
    let status = map.remove("status").unwrap_or_else(|| json!({}));
    out.insert("status".into(), status);
    out.extend(map);
    Value::Object(out)
}

fn rv_of(obj: &Obj) -> String {
    obj.rv.to_string()
}

impl Ctx<'_> {
    fn authorize(&self, verb: &str, name: Option<&str>) -> ApiResult<()> {
        if self.caller == Caller::Viewer {
            return Err(ApiError::forbidden(self.caller.name(), verb, "users", name));
        }
        Ok(())
    }

    fn dry_run(&self) -> ApiResult<bool> {
        let values: Vec<&str> = self
            .query
            .0
            .iter()
            .filter(|(k, _)| k == "dryRun")
            .map(|(_, v)| v.as_str())
            .collect();
        match values.as_slice() {
            [] => Ok(false),
            ["All"] => Ok(true),
            other => Err(ApiError::bad_request(format!(
                "Invalid dryRun value: {other:?}: supported values: \"All\""
            ))),
        }
    }

    fn validation(&self) -> ApiResult<Validation> {
        match self.query.get("fieldValidation") {
            None | Some("") | Some("Warn") => Ok(Validation::Warn),
            Some("Ignore") => Ok(Validation::Ignore),
            Some("Strict") => Ok(Validation::Strict),
            Some(other) => Err(ApiError::bad_request(format!(
                "fieldValidation: Unsupported value: \"{other}\": supported values: \"Ignore\", \"Strict\", \"Warn\""
            ))),
        }
    }

    fn manager(&self) -> String {
        if let Some(m) = self.query.get("fieldManager").filter(|m| !m.is_empty()) {
            return m.to_string();
        }
        self.headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .and_then(|ua| ua.split('/').next())
            .filter(|s| !s.is_empty())
            .unwrap_or("unknown")
            .to_string()
    }

    /// Parse a request body: JSON, or YAML when the content type says so.
    fn parse_body(&self, body: &[u8], kind: &str) -> ApiResult<Value> {
        let ct = self
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/json");
        let value: Value = if ct.contains("yaml") {
            let text = std::str::from_utf8(body)
                .map_err(|_| ApiError::bad_request("the request body is not UTF-8"))?;
            serde_saphyr::from_str(text)
                .map_err(|e| ApiError::bad_request(format!("error decoding YAML: {e}")))?
        } else if ct.contains("json") || ct.is_empty() {
            serde_json::from_slice(body).map_err(|e| {
                ApiError::bad_request(format!(
                    "the body of the request could not be decoded as JSON: {e}"
                ))
            })?
        } else {
            return Err(ApiError::unsupported_media_type(
                ct,
                &["application/json", "application/yaml"],
            ));
        };
        if !value.is_object() {
            return Err(ApiError::bad_request(format!(
                "the body of the request must be a {kind} object"
            )));
        }
        let body_kind = value["kind"].as_str().unwrap_or(kind);
        let body_version = value["apiVersion"].as_str().unwrap_or(API_VERSION);
        if body_kind != kind || body_version != API_VERSION {
            return Err(ApiError::bad_request(format!(
                "{body_kind} in version \"{}\" cannot be handled as a {kind}: the object's apiVersion/kind must be {API_VERSION}/{kind}",
                body_version.rsplit('/').next().unwrap_or(body_version)
            )));
        }
        Ok(value)
    }

    /// Field validation: unknown fields per `fieldValidation` (dropped unless Strict),
    /// other schema errors as 422 Invalid. Returns the warnings.
    fn check_fields(&self, obj: &mut Value, kind: &str, name: &str) -> ApiResult<Vec<String>> {
        let mode = self.validation()?;
        let mut probe = obj.clone();
        if let Some(meta) = probe.get_mut("metadata").and_then(Value::as_object_mut) {
            for k in SERVER_META {
                meta.remove(*k);
            }
        }
        if let Some(m) = probe.as_object_mut() {
            m.remove("status");
        }
        let diags = validate_value(&probe);
        let mut unknown = Vec::new();
        let mut invalid = Vec::new();
        for d in diags {
            if d.message.starts_with("unknown field") {
                unknown.push(d.path);
            } else if d.severity == Severity::Error
                && d.path != "metadata.name"
                && d.path != "metadata.generateName"
            {
                let msg = if d.message.starts_with("Invalid value")
                    || d.message.starts_with("Required value")
                    || d.message.starts_with("Unsupported value")
                {
                    d.message
                } else {
                    format!("Invalid value: {}", d.message)
                };
                invalid.push((d.path, msg));
            }
        }
        if !unknown.is_empty() {
            match mode {
                Validation::Strict => {
                    let list: Vec<String> = unknown
                        .iter()
                        .map(|p| format!("unknown field \"{p}\""))
                        .collect();
                    return Err(ApiError::bad_request(format!(
                        "{kind} in version \"v1\" cannot be handled as a {kind}: strict decoding error: {}",
                        list.join(", ")
                    )));
                }
                Validation::Warn | Validation::Ignore => {
                    for p in &unknown {
                        remove_path(obj, p);
                    }
                }
            }
        }
        if !invalid.is_empty() {
            return Err(ApiError::invalid(kind, name, &invalid));
        }
        Ok(if mode == Validation::Warn {
            unknown
                .iter()
                .map(|p| format!("unknown field \"{p}\""))
                .collect()
        } else {
            Vec::new()
        })
    }

    fn object_response(&self, code: StatusCode, obj: &Obj, warnings: &[String]) -> Response {
        if self.table {
            let t = table::table(
                &[obj],
                &rv_of(obj),
                None,
                None,
                self.query.get("includeObject"),
            );
            return json_response(code, serde_json::to_vec(&t).unwrap_or_default(), warnings);
        }
        json_response(code, obj.bytes.clone(), warnings)
    }

    fn get_user(&self, name: &str) -> ApiResult<Response> {
        let obj = self
            .app
            .store
            .get(name)
            .ok_or_else(|| ApiError::not_found(name))?;
        Ok(self.object_response(StatusCode::OK, &obj, &[]))
    }

    fn filter(&self) -> ApiResult<Filter> {
        let labels = LabelSelector::parse(self.query.get("labelSelector").unwrap_or(""))
            .map_err(ApiError::bad_request)?;
        let fields = FieldSelector::parse(self.query.get("fieldSelector").unwrap_or(""))
            .map_err(ApiError::bad_request)?;
        Ok(Filter { labels, fields })
    }

    fn list_users(&self) -> ApiResult<Response> {
        let filter = self.filter()?;
        let limit: usize = match self.query.get("limit") {
            None | Some("") => 0,
            Some(l) => l
                .parse::<i64>()
                .map_err(|_| ApiError::bad_request(format!("invalid limit: {l:?}")))?
                .max(0) as usize,
        };
        let (start_after, token_rv) = match self.query.get("continue").filter(|c| !c.is_empty()) {
            None => (None, None),
            Some(token) => {
                let (start, rv) = decode_continue(token)?;
                (Some(start), Some(rv))
            }
        };
        let page = self
            .app
            .store
            .list(start_after.as_deref(), limit, |o| filter.matches(o));
        let rv = token_rv.unwrap_or(page.rv).to_string();
        let cont = page
            .last
            .as_ref()
            .map(|last| encode_continue(last, token_rv.unwrap_or(page.rv)));
        let remaining =
            (page.last.is_some() && filter.labels.is_empty() && filter.fields.is_empty())
                .then_some(page.remaining);
        if self.table {
            let items: Vec<&Obj> = page.items.iter().map(|o| o.as_ref()).collect();
            let t = table::table(
                &items,
                &rv,
                cont.as_deref(),
                remaining,
                self.query.get("includeObject"),
            );
            return Ok(value_response(StatusCode::OK, &t));
        }
        let mut meta = json!({"resourceVersion": rv});
        if let Some(c) = &cont {
            meta["continue"] = json!(c);
        }
        if let Some(r) = remaining {
            meta["remainingItemCount"] = json!(r);
        }
        let size: usize = page.items.iter().map(|o| o.bytes.len() + 1).sum();
        let mut out = Vec::with_capacity(size + 200);
        out.extend_from_slice(
            br#"{"kind":"UserList","apiVersion":"management.loft.sh/v1","metadata":"#,
        );
        out.extend_from_slice(&serde_json::to_vec(&meta).unwrap_or_default());
        out.extend_from_slice(br#","items":["#);
        for (i, o) in page.items.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(&o.bytes);
        }
        out.extend_from_slice(b"]}");
        Ok(json_response(StatusCode::OK, out, &[]))
    }

    fn watch_users(&self, name: Option<&str>) -> ApiResult<Response> {
        let mut filter = self.filter()?;
        if let Some(n) = name {
            filter.fields = FieldSelector::parse(&format!("metadata.name={n}"))
                .map_err(ApiError::bad_request)?;
        }
        let initial = self.query.flag("sendInitialEvents");
        let after =
            match self.query.get("resourceVersion") {
                _ if initial => None,
                None | Some("") | Some("0") => None,
                Some(rv) => Some(rv.parse::<u64>().map_err(|_| {
                    ApiError::bad_request(format!("invalid resource version: {rv:?}"))
                })?),
            };
        let timeout = self
            .query
            .get("timeoutSeconds")
            .and_then(|t| t.parse::<u64>().ok())
            .filter(|t| *t > 0)
            .map(Duration::from_secs);
        let (first, rx) = match self.app.store.watch(after) {
            Ok(x) => x,
            Err(e) if e.code == 410 => {
                // kube-apiserver answers 200 and sends the error as an event.
                let line = watch::event_line(
                    "ERROR",
                    &serde_json::to_vec(&e.to_json()).unwrap_or_default(),
                );
                return Ok(json_response(StatusCode::OK, line, &[]));
            }
            Err(e) => return Err(e),
        };
        let bookmark = (initial && self.query.flag("allowWatchBookmarks")).then(|| {
            let rv = self.app.store.current_rv().to_string();
            let obj = json!({
                "kind": "User", "apiVersion": API_VERSION,
                "metadata": {"resourceVersion": rv, "annotations": {"k8s.io/initial-events-end": "true"}},
            });
            watch::event_line("BOOKMARK", &serde_json::to_vec(&obj).unwrap_or_default())
        });
        let include = self.query.get("includeObject").map(str::to_string);
        let encode: watch::Encoder = if self.table {
            Arc::new(move |o: &Obj| {
                Bytes::from(
                    serde_json::to_vec(&table::table(
                        &[o],
                        &rv_of(o),
                        None,
                        None,
                        include.as_deref(),
                    ))
                    .unwrap_or_default(),
                )
            })
        } else {
            Arc::new(|o: &Obj| o.bytes.clone())
        };
        let body = watch::body(first, bookmark, rx, filter, encode, timeout);
        Ok(json_response(StatusCode::OK, body, &[]))
    }

    /// Build a new object from a client's one.
    fn new_object(&self, mut obj: Value, name: &str, now: &str) -> Value {
        if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
            for k in SERVER_META {
                meta.remove(*k);
            }
            meta.insert("name".into(), json!(name));
            meta.insert("uid".into(), json!(new_uid()));
            meta.insert("generation".into(), json!(1));
            meta.insert("creationTimestamp".into(), json!(now));
        }
        let mut obj = canonical(obj, "User");
        patch::record_update(None, &mut obj, &self.manager(), now);
        obj
    }

    /// The next state of `cur` given the client's `new` object: server-owned
    /// metadata kept, generation bumped when anything but metadata/status changed.
    fn next_object(&self, cur: &Obj, mut new: Value, now: &str, track: bool) -> Value {
        if let Some(meta) = new.get_mut("metadata").and_then(Value::as_object_mut) {
            for k in SERVER_META {
                meta.remove(*k);
            }
            for k in ["uid", "creationTimestamp", "generation", "managedFields"] {
                if let Some(v) = cur.value["metadata"].get(k) {
                    meta.insert(k.into(), v.clone());
                }
            }
            meta.insert("name".into(), json!(cur.name));
            if track {
                meta.remove("managedFields");
            }
        }
        let mut new = canonical(new, "User");
        let strip = |v: &Value| {
            let mut v = v.clone();
            if let Some(m) = v.as_object_mut() {
                m.remove("metadata");
                m.remove("status");
            }
            v
        };
        if strip(&new) != strip(&cur.value) {
            let g = cur.value["metadata"]["generation"].as_i64().unwrap_or(1);
            new["metadata"]["generation"] = json!(g + 1);
        }
        if track {
            patch::record_update(Some(&cur.value), &mut new, &self.manager(), now);
        }
        new
    }

    /// Is `new` the same as the stored object (so that no write happens)?
    fn unchanged(cur: &Obj, new: &Value) -> bool {
        let mut a = cur.value.clone();
        let mut b = new.clone();
        for v in [&mut a, &mut b] {
            if let Some(meta) = v.get_mut("metadata").and_then(Value::as_object_mut) {
                meta.remove("resourceVersion");
                meta.remove("managedFields");
            }
        }
        a == b
    }

    fn create_user(&self, body: &[u8]) -> ApiResult<Response> {
        let dry = self.dry_run()?;
        let mut obj = self.parse_body(body, "User")?;
        let name = obj["metadata"]["name"].as_str().unwrap_or("").to_string();
        let generate = obj["metadata"]["generateName"]
            .as_str()
            .unwrap_or("")
            .to_string();
        let shown = if name.is_empty() { &generate } else { &name };
        let warnings = self.check_fields(&mut obj, "User", shown)?;
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
                let shown = if name.is_empty() { &generate } else { &name };
                return Err(ApiError::invalid(
                    "User",
                    shown,
                    &[(
                        field.into(),
                        format!("Invalid value: \"{shown}\": {DNS1123_MSG}"),
                    )],
                ));
            }
            let new = self.new_object(obj.clone(), &this_name, &now);
            match self.app.store.write(&this_name, dry, |cur| {
                if cur.is_some() {
                    Err(ApiError::already_exists(&this_name))
                } else {
                    Ok(Change::Put(new))
                }
            }) {
                Ok(w) => return Ok(self.object_response(StatusCode::CREATED, &w.obj, &warnings)),
                Err(e) => last_err = Some(e),
            }
        }
        Err(last_err.unwrap_or_else(|| ApiError::internal("no name could be generated")))
    }

    fn update_user(&self, name: &str, body: &[u8]) -> ApiResult<Response> {
        let dry = self.dry_run()?;
        let mut obj = self.parse_body(body, "User")?;
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
        let warnings = self.check_fields(&mut obj, "User", name)?;
        let now = now_rfc3339();
        let w = self.app.store.write(name, dry, |cur| {
            let cur = cur.ok_or_else(|| ApiError::not_found(name))?;
            if !precondition.is_empty() && precondition != rv_of(cur) {
                return Err(ApiError::conflict(name));
            }
            let new = self.next_object(cur, obj, &now, true);
            if Self::unchanged(cur, &new) {
                return Ok(Change::Keep);
            }
            Ok(Change::Put(new))
        })?;
        Ok(self.object_response(StatusCode::OK, &w.obj, &warnings))
    }

    fn patch_user(&self, name: &str, body: &[u8]) -> ApiResult<Response> {
        let dry = self.dry_run()?;
        let ct = self
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        const ACCEPTED: &[&str] = &[
            "application/json-patch+json",
            "application/merge-patch+json",
            "application/apply-patch+yaml",
        ];
        if !ACCEPTED.contains(&ct.as_str()) {
            return Err(ApiError::unsupported_media_type(&ct, ACCEPTED));
        }
        if ct == "application/apply-patch+yaml" {
            return self.apply_user(name, body, dry);
        }
        let now = now_rfc3339();
        let mut warnings = Vec::new();
        let w = self.app.store.write(name, dry, |cur| {
            let cur = cur.ok_or_else(|| ApiError::not_found(name))?;
            let mut doc = cur.value.clone();
            if ct == "application/json-patch+json" {
                patch::json_patch(&mut doc, body)?;
            } else {
                patch::merge_patch(&mut doc, body)?;
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
                return Err(ApiError::conflict(name));
            }
            warnings = self.check_fields(&mut doc, "User", name)?;
            let new = self.next_object(cur, doc, &now, true);
            if Self::unchanged(cur, &new) {
                return Ok(Change::Keep);
            }
            Ok(Change::Put(new))
        })?;
        Ok(self.object_response(StatusCode::OK, &w.obj, &warnings))
    }

    fn apply_user(&self, name: &str, body: &[u8], dry: bool) -> ApiResult<Response> {
        let Some(manager) = self.query.get("fieldManager").filter(|m| !m.is_empty()) else {
            return Err(ApiError::bad_request(
                "PATCH, application/apply-patch+yaml requires a non-empty fieldManager query parameter",
            ));
        };
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
        let warnings = self.check_fields(&mut config, "User", name)?;
        if !is_dns1123_subdomain(name) {
            return Err(ApiError::invalid(
                "User",
                name,
                &[(
                    "metadata.name".into(),
                    format!("Invalid value: \"{name}\": {DNS1123_MSG}"),
                )],
            ));
        }
        let force = self.query.flag("force");
        let now = now_rfc3339();
        let w = self.app.store.write(name, dry, |cur| {
            if !precondition.is_empty() && Some(precondition.clone()) != cur.map(|c| rv_of(c)) {
                return Err(ApiError::conflict(name));
            }
            match cur {
                None => {
                    let mut obj = patch::apply(name, None, &config, manager, force, &now)?;
                    if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
                        meta.insert("uid".into(), json!(new_uid()));
                        meta.insert("generation".into(), json!(1));
                        meta.insert("creationTimestamp".into(), json!(now));
                    }
                    Ok(Change::Put(canonical(obj, "User")))
                }
                Some(cur) => {
                    let applied =
                        patch::apply(name, Some(&cur.value), &config, manager, force, &now)?;
                    let new = self.next_object(cur, applied, &now, false);
                    if Self::unchanged(cur, &new) {
                        return Ok(Change::Keep);
                    }
                    Ok(Change::Put(new))
                }
            }
        })?;
        let code = if w.created {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        };
        Ok(self.object_response(code, &w.obj, &warnings))
    }

    fn delete_options(&self, body: &[u8]) -> ApiResult<(bool, Option<String>, Option<String>)> {
        let mut dry = self.dry_run()?;
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok((dry, None, None));
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
        Ok((
            dry,
            pre["uid"].as_str().map(str::to_string),
            pre["resourceVersion"].as_str().map(str::to_string),
        ))
    }

    fn delete_user(&self, name: &str, body: &[u8]) -> ApiResult<Response> {
        let (dry, uid, rv) = self.delete_options(body)?;
        let w = self.app.store.write(name, dry, |cur| {
            let cur = cur.ok_or_else(|| ApiError::not_found(name))?;
            let cur_uid = cur.value["metadata"]["uid"].as_str().unwrap_or("");
            if let Some(u) = &uid
                && u != cur_uid
            {
                return Err(ApiError::conflict_msg(
                    name,
                    &format!("Precondition failed: UID in precondition: {u}, UID in object meta: {cur_uid}"),
                ));
            }
            if let Some(r) = &rv
                && *r != rv_of(cur)
            {
                return Err(ApiError::conflict_msg(
                    name,
                    &format!(
                        "Precondition failed: ResourceVersion in precondition: {r}, ResourceVersion in object meta: {}",
                        rv_of(cur)
                    ),
                ));
            }
            Ok(Change::Delete)
        })?;
        Ok(self.object_response(StatusCode::OK, &w.obj, &[]))
    }

    fn delete_collection(&self, body: &[u8]) -> ApiResult<Response> {
        let (dry, _, _) = self.delete_options(body)?;
        let filter = self.filter()?;
        let page = self.app.store.list(None, 0, |o| filter.matches(o));
        let mut deleted = Vec::with_capacity(page.items.len());
        for obj in page.items {
            match self.app.store.write(&obj.name, dry, |cur| {
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
        let mut out = Vec::new();
        out.extend_from_slice(br#"{"kind":"UserList","apiVersion":"management.loft.sh/v1","metadata":{"resourceVersion":""#);
        out.extend_from_slice(self.app.store.current_rv().to_string().as_bytes());
        out.extend_from_slice(br#""},"items":["#);
        for (i, o) in deleted.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(&o.bytes);
        }
        out.extend_from_slice(b"]}");
        Ok(json_response(StatusCode::OK, out, &[]))
    }

    async fn create_token(&self, body: &[u8]) -> ApiResult<Response> {
        const KIND: &str = "DirectClusterEndpointToken";
        let mut obj = self.parse_body(body, KIND)?;
        let name = obj["metadata"]["name"].as_str().unwrap_or("").to_string();
        let warnings = self.check_fields(&mut obj, KIND, &name)?;
        let ttl = match &obj["spec"]["ttl"] {
            Value::Null => 0,
            v => v.as_i64().ok_or_else(|| {
                ApiError::bad_request(format!(
                    "{KIND} in version \"v1\" cannot be handled as a {KIND}: spec.ttl: expected an integer, got {v}"
                ))
            })?,
        };
        if ttl < 0 {
            return Err(ApiError::invalid(
                KIND,
                &name,
                &[(
                    "spec.ttl".into(),
                    format!("Invalid value: {ttl}: must be greater than or equal to 0"),
                )],
            ));
        }
        let signer = self.app.signer().await?;
        let token = signer
            .sign(
                &self.app.url,
                self.caller.name(),
                &obj["spec"]["scope"],
                ttl,
            )
            .map_err(ApiError::internal)?;
        let mut meta = obj["metadata"].as_object().cloned().unwrap_or_default();
        meta.insert("creationTimestamp".into(), Value::Null);
        let out = json!({
            "kind": KIND,
            "apiVersion": API_VERSION,
            "metadata": meta,
            "spec": obj.get("spec").cloned().unwrap_or_else(|| json!({})),
            "status": {"token": token},
        });
        Ok(json_response(
            StatusCode::CREATED,
            serde_json::to_vec(&out).unwrap_or_default(),
            &warnings,
        ))
    }

    fn create_self(&self) -> Response {
        let user = self.caller.name();
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
                "accessKey": match self.caller {
                    Caller::Admin => "dev-server-admin-key",
                    Caller::Viewer => "dev-server-readonly-key",
                },
            },
        });
        value_response(StatusCode::CREATED, &out)
    }
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

fn random_suffix() -> String {
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    (0..5)
        .map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// kube-apiserver's continue token: base64 of `{"v":"meta.k8s.io/v1","rv":N,"start":"NAME\u0000"}`.
fn encode_continue(last: &str, rv: u64) -> String {
    let token = json!({"v": "meta.k8s.io/v1", "rv": rv, "start": format!("{last}\u{0}")});
    STANDARD.encode(serde_json::to_vec(&token).unwrap_or_default())
}

fn decode_continue(token: &str) -> ApiResult<(String, u64)> {
    let bad = |why: &str| ApiError::bad_request(format!("continue key is not valid: {why}"));
    let raw = STANDARD
        .decode(token)
        .or_else(|_| base64::engine::general_purpose::URL_SAFE.decode(token))
        .map_err(|_| bad("incorrect encoded start resourceVersion (version meta.k8s.io/v1)"))?;
    let v: Value = serde_json::from_slice(&raw).map_err(|_| bad("not a continue token"))?;
    if v["v"] != "meta.k8s.io/v1" {
        return Err(bad("server does not recognize this encoded key"));
    }
    let rv = v["rv"]
        .as_u64()
        .ok_or_else(|| bad("missing resourceVersion"))?;
    let start = v["start"].as_str().ok_or_else(|| bad("missing start"))?;
    Ok((start.trim_end_matches('\u{0}').to_string(), rv))
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

    #[test]
    fn continue_tokens_round_trip() {
        let t = encode_continue("alice", 42);
        assert_eq!(decode_continue(&t).unwrap(), ("alice".to_string(), 42));
        assert_eq!(decode_continue("!!").unwrap_err().code, 400);
    }

    #[test]
    fn remove_path_handles_indexes() {
        let mut v = json!({"spec": {"access": [{"verbs": [], "foo": 1}], "x": 2}});
        remove_path(&mut v, "spec.access[0].foo");
        remove_path(&mut v, "spec.x");
        remove_path(&mut v, "spec.a[0]]b");
        remove_path(&mut v, "]]");
        assert_eq!(v, json!({"spec": {"access": [{"verbs": []}]}}));
    }

    #[test]
    fn dns1123() {
        assert!(is_dns1123_subdomain("a.b-c"));
        assert!(!is_dns1123_subdomain("A"));
        assert!(!is_dns1123_subdomain("-a"));
        assert!(!is_dns1123_subdomain("a..b"));
    }
}
