//! The server's shared state: the command-line keys, the stores, the token signer.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::http::HeaderMap;

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
    pub log: bool,
}

impl App {
    pub(crate) async fn signer(self: &Arc<Self>) -> ApiResult<Arc<Signer>> {
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

    /// The caller behind the request's bearer token (see `identity`).
    pub(crate) fn authenticate(&self, headers: &HeaderMap) -> ApiResult<Caller> {
        super::identity::authenticate(self, headers)
    }
}
