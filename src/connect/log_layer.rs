//! The `-v` request log: one [`Printer::debug`] line per request — method, URL, status,
//! duration — with every known secret masked.

use std::task::{Context, Poll};
use std::time::Instant;

use futures::future::BoxFuture;
use http::{Request, Response};
use tower::{Layer, Service};

use crate::printer::Printer;

#[derive(Clone)]
pub struct LogLayer {
    base: std::sync::Arc<str>,
    secrets: std::sync::Arc<[String]>,
    printer: Printer,
}

impl LogLayer {
    pub fn new(base: String, secrets: Vec<String>, printer: Printer) -> Self {
        LogLayer {
            base: base.trim_end_matches('/').into(),
            secrets: secrets.into(),
            printer,
        }
    }
}

impl<S> Layer<S> for LogLayer {
    type Service = LogService<S>;
    fn layer(&self, inner: S) -> Self::Service {
        LogService {
            inner,
            layer: self.clone(),
        }
    }
}

#[derive(Clone)]
pub struct LogService<S> {
    inner: S,
    layer: LogLayer,
}

impl<S, B, RB> Service<Request<B>> for LogService<S>
where
    S: Service<Request<B>, Response = Response<RB>> + Send,
    S::Future: Send + 'static,
    S::Error: std::fmt::Display,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = BoxFuture<'static, Result<S::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        let method = req.method().clone();
        let path = req.uri().to_string();
        let url = if path.starts_with('/') {
            format!("{}{}", self.layer.base, path)
        } else {
            path
        };
        let url = crate::secrets::mask(&url, &self.layer.secrets);
        let start = Instant::now();
        let fut = self.inner.call(req);
        let secrets = self.layer.secrets.clone();
        let printer = self.layer.printer;
        Box::pin(async move {
            let result = fut.await;
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            let line = match &result {
                Ok(resp) => format!("{method} {url} {} in {ms:.1}ms", resp.status()),
                Err(e) => format!("{method} {url} failed in {ms:.1}ms: {e}"),
            };
            printer.debug(crate::secrets::mask(&line, &secrets));
            result
        })
    }
}
