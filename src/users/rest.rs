//! Users over the wire as plain JSON (`serde_json::Value`), never through typed
//! structs: what the server sends is what we print, edit and send back, unknown
//! fields included, and a page of 500 users is parsed exactly once.

use futures::Stream;
use kube::api::{GetParams, ListParams, Patch, PatchParams, PostParams, WatchEvent, WatchParams};
use kube::core::Request;
use serde_json::Value;

use crate::api::{FIELD_MANAGER, GROUP, User};
use crate::error::{CliError, Result};

/// `users.management.loft.sh`, as kubectl names the resource in messages.
pub const RESOURCE: &str = "users.management.loft.sh";
/// `user.management.loft.sh`, the prefix of `-o name` and of status lines.
pub const SINGULAR: &str = super::RESOURCE;

/// The users endpoint of one client.
#[derive(Clone)]
pub struct Users {
    client: kube::Client,
    request: Request,
}

/// Only the name of a User (the rest is skipped, not built).
#[derive(serde::Deserialize)]
pub(crate) struct Named<'a> {
    #[serde(borrow, default)]
    pub metadata: NameOnly<'a>,
}

#[derive(serde::Deserialize, Default)]
pub(crate) struct NameOnly<'a> {
    #[serde(borrow, default)]
    pub name: Option<std::borrow::Cow<'a, str>>,
}

fn build_error(e: kube::core::request::Error) -> CliError {
    CliError::other(format!("cannot build the request: {e}"))
}

fn parse(text: &str) -> Result<Value> {
    decode(text)
}

/// One page of a list as the server sends it: its metadata (continue token, count,
/// resourceVersion) and its items as `T` — `Value`s, borrowed trees
/// (`output::tree::Node`), or `serde::de::IgnoredAny` to read only the metadata.
#[derive(serde::Deserialize)]
#[serde(bound(deserialize = "T: serde::Deserialize<'de>"))]
pub struct ListPage<T> {
    #[serde(default)]
    pub metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ListMeta,
    /// Go writes an empty list's items as `null` (a nil slice): read as none.
    #[serde(default = "Vec::new", deserialize_with = "null_as_empty")]
    pub items: Vec<T>,
}

fn null_as_empty<'de, D, T>(d: D) -> std::result::Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    Ok(<Option<Vec<T>> as serde::Deserialize>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
#[test]
fn a_page_without_items_or_with_null_items_has_none() {
    for text in [
        r#"{"metadata":{"continue":"c"}}"#,
        r#"{"metadata":{},"items":null}"#,
    ] {
        let page: ListPage<serde_json::Value> = decode(text).unwrap();
        assert!(page.items.is_empty(), "{text}");
    }
    let page: ListPage<serde::de::IgnoredAny> =
        decode(r#"{"items":[{"a":1},2],"metadata":{"continue":"c"}}"#).unwrap();
    assert_eq!(page.metadata.continue_.as_deref(), Some("c"));
}

/// The server's answer as `T` (a page's head, its items as trees, a `Value`).
pub fn decode<'a, T: serde::Deserialize<'a>>(text: &'a str) -> Result<T> {
    serde_json::from_str(text)
        .map_err(|e| CliError::other(format!("could not decode the server's answer: {e}")))
}

impl Users {
    pub fn new(client: kube::Client) -> Self {
        let path = format!("/apis/{GROUP}/{}/{}", crate::api::VERSION, User::PLURAL);
        Users {
            client,
            request: Request::new(path),
        }
    }

    /// GET one user.
    pub async fn get(&self, name: &str) -> Result<Value> {
        parse(&self.get_text(name).await?)
    }

    /// GET one user, as the server's text.
    pub async fn get_text(&self, name: &str) -> Result<String> {
        let req = self
            .request
            .get(name, &GetParams::default())
            .map_err(build_error)?;
        Ok(self.client.request_text(req).await?)
    }

    /// GET one page of the list, as the server's text: a `UserList` (items,
    /// metadata.continue), decoded by the caller as it needs (see `users::get`).
    pub async fn list_page_text(&self, params: &ListParams) -> Result<String> {
        let req = self.request.list(params).map_err(build_error)?;
        Ok(self.client.request_text(req).await?)
    }

    /// POST a new User, and the server's answer as text (read as much of it as is
    /// needed: often only the name). The errors stay `kube::Error`s, as
    /// `Api::create`'s, for the caller's retry.
    pub async fn create_text(
        &self,
        params: &PostParams,
        user: &User,
    ) -> std::result::Result<String, kube::Error> {
        let body = serde_json::to_vec(user).map_err(kube::Error::SerdeError)?;
        let mut req = (self.request.create(params, body)).map_err(kube::Error::BuildRequest)?;
        req.extensions_mut().insert("create");
        self.client.request_text(req).await
    }

    /// PUT the object (its `metadata.resourceVersion` makes it an optimistic update).
    pub async fn replace(&self, name: &str, object: &Value, dry_run: bool) -> Result<Value> {
        let body = serde_json::to_vec(object).map_err(|e| CliError::other(e.to_string()))?;
        let params = PostParams {
            dry_run,
            field_manager: Some(FIELD_MANAGER.to_string()),
        };
        let req = self
            .request
            .replace(name, &params, body)
            .map_err(build_error)?;
        parse(&self.client.request_text(req).await?)
    }

    /// PATCH the object with a merge or JSON patch.
    pub async fn patch(&self, name: &str, patch: &Patch<Value>, dry_run: bool) -> Result<Value> {
        let params = PatchParams {
            dry_run,
            field_manager: Some(FIELD_MANAGER.to_string()),
            ..Default::default()
        };
        let req = self
            .request
            .patch(name, &params, patch)
            .map_err(build_error)?;
        parse(&self.client.request_text(req).await?)
    }

    /// Watch from `resource_version`: a stream of events carrying the raw objects. The
    /// errors stay `kube::Error`s, so that the caller can tell a watch to resume from one
    /// to give up on ([`WatchFailure`]).
    pub async fn watch(
        &self,
        params: &WatchParams,
        resource_version: &str,
    ) -> Result<impl Stream<Item = Result<WatchEvent<Value>, kube::Error>> + use<>, kube::Error>
    {
        let req = self
            .request
            .watch(params, resource_version)
            .map_err(kube::Error::BuildRequest)?;
        self.client.request_events::<Value>(req).await
    }
}

/// What a watch does about a failure.
#[derive(Debug, PartialEq, Eq)]
pub enum WatchFailure {
    /// `410 Gone`: the version is older than the server remembers; list again.
    Gone,
    /// A dropped connection, an unreachable server, a 429/5xx: resume after a pause.
    Transient,
    /// Anything else ends the watch.
    Fatal,
}

impl WatchFailure {
    pub fn of(e: &kube::Error) -> WatchFailure {
        if let Some(t) = crate::transport::find(e) {
            return match t {
                crate::transport::TransportError::Timeout(_) => WatchFailure::Transient,
                _ => WatchFailure::Fatal,
            };
        }
        match e {
            kube::Error::Api(status) if status.code == 410 => WatchFailure::Gone,
            kube::Error::Api(status) if matches!(status.code, 429 | 500 | 502 | 503 | 504) => {
                WatchFailure::Transient
            }
            kube::Error::HyperError(_) | kube::Error::Service(_) | kube::Error::ReadEvents(_) => {
                WatchFailure::Transient
            }
            _ => WatchFailure::Fatal,
        }
    }
}

/// The continue tokens of one paged list: a server that hands out a token it already
/// gave would make the list loop forever, so that is an error.
#[derive(Debug, Default)]
pub struct ContinueTokens {
    seen: std::collections::HashSet<String>,
}

impl ContinueTokens {
    /// The next page's token (`None`: the list is complete), or an error for a repeat.
    pub fn next(&mut self, token: Option<&str>) -> Result<Option<String>> {
        match token.filter(|t| !t.is_empty()) {
            None => Ok(None),
            Some(t) if !self.seen.insert(t.to_string()) => Err(CliError::other(
                "the server repeated a continue token while paging the list: stopping instead of looping",
            )
            .with_hint("the server's paging is broken; retry, or list without paging (--chunk-size 0)")),
            Some(t) => Ok(Some(t.to_string())),
        }
    }
}

/// `metadata.resourceVersion` of an object, or "".
pub fn resource_version(object: &Value) -> &str {
    object["metadata"]["resourceVersion"]
        .as_str()
        .unwrap_or_default()
}

/// Drop `metadata.managedFields` (left out of output unless `--show-managed-fields`).
pub fn strip_managed_fields(object: &mut Value) {
    if let Some(meta) = object.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("managedFields");
    }
}

/// Items of a list answer arrive without `apiVersion`/`kind` on a real API server (and
/// kubectl adds them back); put them in front when missing.
pub fn ensure_type_meta(object: &mut Value) {
    let Some(map) = object.as_object_mut() else {
        return;
    };
    if map.contains_key("apiVersion") && map.contains_key("kind") {
        return;
    }
    let mut fresh = serde_json::Map::with_capacity(map.len() + 2);
    fresh.insert(
        "apiVersion".into(),
        map.remove("apiVersion")
            .unwrap_or_else(|| Value::from(crate::api::API_VERSION)),
    );
    fresh.insert(
        "kind".into(),
        map.remove("kind")
            .unwrap_or_else(|| Value::from(User::KIND)),
    );
    fresh.extend(std::mem::take(map));
    *map = fresh;
}

/// The kubectl-style line for a 404 on one name:
/// `Error from server (NotFound): users.management.loft.sh "x" not found`.
pub fn not_found_line(name: &str) -> String {
    format!("Error from server (NotFound): {RESOURCE} \"{name}\" not found")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_meta_is_added_in_front() {
        let mut v = serde_json::json!({"metadata": {"name": "a"}, "spec": {}});
        ensure_type_meta(&mut v);
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["apiVersion", "kind", "metadata", "spec"]);
        assert_eq!(v["kind"], "User");
    }

    #[test]
    fn a_repeated_continue_token_is_an_error() {
        let mut tokens = ContinueTokens::default();
        assert_eq!(tokens.next(Some("a")).unwrap().as_deref(), Some("a"));
        assert_eq!(tokens.next(Some("b")).unwrap().as_deref(), Some("b"));
        assert!(tokens.next(Some("a")).is_err());
        assert_eq!(tokens.next(Some("")).unwrap(), None);
        assert_eq!(tokens.next(None).unwrap(), None);
    }

    #[test]
    fn managed_fields_are_stripped() {
        let mut v = serde_json::json!({"metadata": {"name": "a", "managedFields": []}});
        strip_managed_fields(&mut v);
        assert_eq!(v, serde_json::json!({"metadata": {"name": "a"}}));
    }
}
