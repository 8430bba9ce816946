//! Lists (label and field selectors, `limit`/`continue` paging, Tables) and watches.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use serde_json::{Value, json};

use super::{Ctx, json_response, value_response};
use crate::api::API_VERSION;
use crate::selector::{FieldSelector, LabelSelector};
use crate::server::object::rv_of;
use crate::server::status::{ApiError, ApiResult};
use crate::server::store::Obj;
use crate::server::table;
use crate::server::watch::{self, Filter};

/// `GET users`: the list, or a watch with `?watch=true`.
pub async fn list_or_watch(ctx: Ctx) -> ApiResult<Response> {
    if ctx.query.flag("watch") {
        return watch(&ctx, None);
    }
    list(&ctx)
}

/// `GET watch/users` (the deprecated watch path kubectl still knows).
pub async fn watch_all(ctx: Ctx) -> ApiResult<Response> {
    watch(&ctx, None)
}

/// `GET watch/users/NAME`.
pub async fn watch_one(ctx: Ctx, Path(name): Path<String>) -> ApiResult<Response> {
    watch(&ctx, Some(&name))
}

/// The `labelSelector` and `fieldSelector` of the request.
pub fn filter(ctx: &Ctx) -> ApiResult<Filter> {
    let labels = LabelSelector::parse(ctx.query.get("labelSelector").unwrap_or(""))
        .map_err(ApiError::bad_request)?;
    let fields = FieldSelector::parse(ctx.query.get("fieldSelector").unwrap_or(""))
        .map_err(ApiError::bad_request)?;
    Ok(Filter { labels, fields })
}

/// A UserList of ready-serialized items.
pub fn list_bytes<'a>(
    rv: &str,
    cont: Option<&str>,
    remaining: Option<usize>,
    items: impl ExactSizeIterator<Item = &'a Bytes>,
) -> Vec<u8> {
    let mut meta = json!({"resourceVersion": rv});
    if let Some(c) = cont {
        meta["continue"] = json!(c);
    }
    if let Some(r) = remaining {
        meta["remainingItemCount"] = json!(r);
    }
    let items: Vec<&Bytes> = items.collect();
    let size: usize = items.iter().map(|b| b.len() + 1).sum();
    let mut out = Vec::with_capacity(size + 200);
    out.extend_from_slice(br#"{"kind":"UserList","apiVersion":""#);
    out.extend_from_slice(API_VERSION.as_bytes());
    out.extend_from_slice(br#"","metadata":"#);
    out.extend_from_slice(&serde_json::to_vec(&meta).unwrap_or_default());
    out.extend_from_slice(br#","items":["#);
    for (i, b) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b);
    }
    out.extend_from_slice(b"]}");
    out
}

fn list_options_invalid(message: &str) -> ApiError {
    ApiError::invalid_options("ListOptions", "resourceVersionMatch", message.to_string())
}

fn parse_rv(rv: &str) -> ApiResult<u64> {
    rv.parse::<u64>()
        .map_err(|_| ApiError::bad_request(format!("invalid resource version: {rv:?}")))
}

/// Which resourceVersion a list reads at (None: the latest), from `resourceVersion`,
/// `resourceVersionMatch` and the continue token, as kube-apiserver decides it.
fn read_at(ctx: &Ctx, token_rv: Option<u64>) -> ApiResult<Option<u64>> {
    let rv = ctx.query.get("resourceVersion").filter(|v| !v.is_empty());
    let rv_match = ctx
        .query
        .get("resourceVersionMatch")
        .filter(|v| !v.is_empty());
    if let Some(m) = rv_match {
        if m != "Exact" && m != "NotOlderThan" {
            return Err(list_options_invalid(&format!(
                "Unsupported value: \"{m}\": supported values: \"Exact\", \"NotOlderThan\", \"\""
            )));
        }
        if rv.is_none() {
            return Err(list_options_invalid(
                "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided",
            ));
        }
        if token_rv.is_some() {
            return Err(list_options_invalid(
                "Forbidden: resourceVersionMatch is forbidden when continue is provided",
            ));
        }
        if m == "Exact" && rv == Some("0") {
            return Err(list_options_invalid(
                "Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"",
            ));
        }
    }
    if let Some(token_rv) = token_rv {
        if rv.is_some_and(|v| v != "0") {
            return Err(ApiError::bad_request(
                "specifying resource version is not allowed when using continue",
            ));
        }
        return Ok(Some(token_rv));
    }
    let Some(rv) = rv else {
        return Ok(None);
    };
    let n = parse_rv(rv)?;
    let current = ctx.app.store.current_rv();
    match rv_match {
        Some("Exact") => Ok(Some(n)),
        // NotOlderThan, and a resourceVersion alone: anything at least that new.
        _ if n > current => Err(ApiError::too_large_resource_version(n, current)),
        _ => Ok(None),
    }
}

/// kube-apiserver's answer to a continue token older than what it keeps.
fn continue_expired() -> ApiError {
    ApiError::expired(
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.",
    )
}

fn list(ctx: &Ctx) -> ApiResult<Response> {
    let filter = filter(ctx)?;
    let limit: usize = match ctx.query.get("limit") {
        None | Some("") => 0,
        Some(l) => l
            .parse::<i64>()
            .map_err(|_| ApiError::bad_request(format!("invalid limit: {l:?}")))?
            .max(0) as usize,
    };
    let (start_after, token_rv, offset) = match ctx.query.get("continue").filter(|c| !c.is_empty())
    {
        None => (None, None, Some(0)),
        Some(token) => {
            let token = decode_continue(token)?;
            (Some(token.start), Some(token.rv), token.offset)
        }
    };
    let at = read_at(ctx, token_rv)?;
    // As kube-apiserver, remainingItemCount only for a list without selectors.
    let counted = filter.labels.is_empty() && filter.fields.is_empty();
    let offset = offset.filter(|_| counted);
    // Every page of a paged list is read as of the first page's resourceVersion.
    let page = ctx
        .app
        .store
        .list_at(at, start_after.as_deref(), offset, limit, |o| {
            filter.matches(o)
        })
        .map_err(|e| {
            if e.code == 410 && token_rv.is_some() {
                continue_expired()
            } else {
                e
            }
        })?;
    let rv = page.rv.to_string();
    let cont = page.last.as_ref().map(|last| {
        let next = offset.map(|before| before + page.items.len());
        encode_continue(last, page.rv, next)
    });
    let remaining = page.remaining;
    if ctx.table {
        let items: Vec<&Obj> = page.items.iter().map(|o| o.as_ref()).collect();
        let t = table::table(
            &items,
            &rv,
            cont.as_deref(),
            remaining,
            ctx.query.get("includeObject"),
        );
        return Ok(value_response(StatusCode::OK, &t));
    }
    let out = list_bytes(
        &rv,
        cont.as_deref(),
        remaining,
        page.items.iter().map(|o| &o.bytes),
    );
    Ok(json_response(StatusCode::OK, out, &[]))
}

/// A watch of every user, or of the one named.
pub fn watch(ctx: &Ctx, name: Option<&str>) -> ApiResult<Response> {
    let mut filter = filter(ctx)?;
    if let Some(n) = name {
        filter.fields =
            FieldSelector::parse(&format!("metadata.name={n}")).map_err(ApiError::bad_request)?;
    }
    let initial = ctx.query.flag("sendInitialEvents");
    if !initial
        && ctx
            .query
            .get("resourceVersionMatch")
            .is_some_and(|m| !m.is_empty())
    {
        return Err(list_options_invalid(
            "Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided",
        ));
    }
    let after = match ctx.query.get("resourceVersion") {
        _ if initial => None,
        None | Some("") | Some("0") => None,
        Some(rv) => Some(
            rv.parse::<u64>()
                .map_err(|_| ApiError::bad_request(format!("invalid resource version: {rv:?}")))?,
        ),
    };
    let timeout = ctx
        .query
        .get("timeoutSeconds")
        .and_then(|t| t.parse::<u64>().ok())
        .filter(|t| *t > 0)
        .map(Duration::from_secs);
    let (first, rx, start_rv) = match ctx.app.store.watch(after) {
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
    let bookmark = (initial && ctx.query.flag("allowWatchBookmarks")).then(|| {
        let rv = ctx.app.store.current_rv().to_string();
        let obj = json!({
            "kind": "User", "apiVersion": API_VERSION,
            "metadata": {"resourceVersion": rv, "annotations": {"k8s.io/initial-events-end": "true"}},
        });
        watch::event_line("BOOKMARK", &serde_json::to_vec(&obj).unwrap_or_default())
    });
    let include = ctx.query.get("includeObject").map(str::to_string);
    let encode: watch::Encoder = if ctx.table {
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
    let bookmarks = ctx
        .query
        .flag("allowWatchBookmarks")
        .then_some(ctx.app.bookmark_interval);
    let body = watch::body(watch::Watch {
        first,
        after_first: bookmark,
        rx,
        filter,
        encode,
        timeout,
        bookmarks,
        start_rv,
    });
    Ok(json_response(StatusCode::OK, body, &[]))
}

/// What a continue token holds: kube-apiserver's `{v, rv, start}` (base64 of
/// `{"v":"meta.k8s.io/v1","rv":N,"start":"NAME\u0000"}`), and, from this server,
/// `offset`: how many objects of an unfiltered list came before `start` (so that the
/// next page counts the rest without walking it).
#[derive(Debug, PartialEq)]
struct ContinueToken {
    start: String,
    rv: u64,
    offset: Option<usize>,
}

fn encode_continue(last: &str, rv: u64, offset: Option<usize>) -> String {
    let mut token = json!({"v": "meta.k8s.io/v1", "rv": rv, "start": format!("{last}\u{0}")});
    if let Some(offset) = offset {
        token["offset"] = json!(offset);
    }
    STANDARD.encode(serde_json::to_vec(&token).unwrap_or_default())
}

fn decode_continue(token: &str) -> ApiResult<ContinueToken> {
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
    // A token without an offset (or with one that is not a count) still pages; the
    // rest is then not counted.
    let offset = v["offset"].as_u64().and_then(|o| usize::try_from(o).ok());
    Ok(ContinueToken {
        start: start.trim_end_matches('\u{0}').to_string(),
        rv,
        offset,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continue_tokens_round_trip() {
        let t = encode_continue("alice", 42, Some(500));
        let want = ContinueToken {
            start: "alice".into(),
            rv: 42,
            offset: Some(500),
        };
        assert_eq!(decode_continue(&t).unwrap(), want);
        let t = encode_continue("alice", 42, None);
        assert_eq!(decode_continue(&t).unwrap().offset, None);
        assert_eq!(decode_continue("!!").unwrap_err().code, 400);
    }
}
