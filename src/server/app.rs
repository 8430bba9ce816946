//! The server's shared state and who is calling: the access keys, the store, the
//! token signer.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::http::{HeaderMap, header};

use super::status::{ApiError, ApiResult};
use super::store::Store;
use super::tokens::Signer;

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
    pub printer: crate::printer::Printer,
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

    /// The caller behind the request's bearer token.
    pub(crate) fn authenticate(&self, headers: &HeaderMap) -> ApiResult<Caller> {
        let token = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                let (scheme, rest) = v.split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
            })
            .ok_or_else(ApiError::unauthorized)?;
        if constant_time_eq(token.as_bytes(), self.admin_key.as_bytes()) {
            return Ok(Caller::Admin);
        }
        if let Some(ro) = &self.readonly_key
            && constant_time_eq(token.as_bytes(), ro.as_bytes())
        {
            return Ok(Caller::Viewer);
        }
        Err(ApiError::unauthorized())
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
