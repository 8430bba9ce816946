//! The server's shared state: the command-line keys, the stores, the token signer.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::http::{HeaderMap, header};

use super::status::{ApiError, ApiResult};
use super::store::Store;
use super::tokens::Signer;

pub use super::identity::Caller;

pub struct App {
    pub store: Store,
    /// OwnedAccessKeys (and profile passwords): see `accesskeys`.
    pub keys: Store,
    pub admin_key: String,
    pub readonly_key: Option<String>,
    /// The signing key, loaded at start (`--signing-key`) or generated on first use.
    pub signer: OnceLock<Result<Arc<Signer>, String>>,
    /// `http://HOST:PORT`: the tokens' issuer.
    pub url: String,
    pub latency: Duration,
    /// The request log and the server's notices go through it (`-q` silences them).
    pub printer: crate::printer::Printer,
    /// How often a watch with `allowWatchBookmarks` gets a BOOKMARK.
    pub bookmark_interval: Duration,
    /// Keep a generated signing key in the state file.
    pub keep_signing_key: bool,
}

impl App {
    pub(crate) async fn signer(self: &Arc<Self>) -> ApiResult<Arc<Signer>> {
        if let Some(s) = self.signer.get() {
            return s.clone().map_err(ApiError::internal);
        }
        let app = self.clone();
        let res = tokio::task::spawn_blocking(move || {
            app.signer
                .get_or_init(|| {
                    let signer = Signer::generate()?;
                    if app.keep_signing_key {
                        app.store.keep_signing_key(signer.pem())?;
                    }
                    Ok(Arc::new(signer))
                })
                .clone()
        })
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?;
        res.map_err(ApiError::internal)
    }

    /// The caller behind the request's bearer token (see `identity`).
    pub(crate) fn authenticate(&self, headers: &HeaderMap) -> ApiResult<Caller> {
        if super::identity::bearer(headers).is_none() {
            return Err(self.no_credentials(headers));
        }
        super::identity::authenticate(self, headers)
    }
}

impl App {
    /// 401 for a request without credentials. kubectl never sends its token over
    /// plain http, which puzzles people: say so when kubectl is the one asking there.
    fn no_credentials(&self, headers: &HeaderMap) -> ApiError {
        let kubectl = headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ua| ua.starts_with("kubectl"));
        let plain = headers
            .get(TRANSPORT_HEADER)
            .is_some_and(|v| v.as_bytes() == b"http");
        if kubectl && plain {
            let https = self.url.replacen("http://", "https://", 1);
            return ApiError::new(
                401,
                "Unauthorized",
                format!(
                    "kubectl sends no bearer token over plain http: use {https}{} on the same port, or --write-kubeconfig",
                    super::ROOT
                ),
            );
        }
        ApiError::unauthorized()
    }
}

/// An internal header naming the transport of the request (`http` or `https`); set
/// by the server on each request, never taken from the client.
pub(crate) const TRANSPORT_HEADER: &str = "x-loftctl-dev-server-transport";
