//! The outermost layer of the client: what no server may do to loftctl.
//!
//! - **A total deadline per request.** `--request-timeout` bounds the whole exchange of
//!   an ordinary request — connecting, every retry, the headers and the last byte of the
//!   body — from the moment it is sent. A server that drips one byte a second cannot
//!   stretch it, and retries happen inside it rather than multiplying it. Watches are
//!   exempt: a quiet watch is not a failure.
//! - **Bounded memory.** An answer body larger than [`MAX_BODY`] is cut off with an error,
//!   and so is a watch line (one event) larger than [`MAX_BODY`].
//! - **No silent redirects.** A 3xx answer is an error that says so, with its `Location`
//!   (credentials in it masked, control characters escaped).

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures::future::BoxFuture;
use http::{Request, Response};
use http_body::{Body as HttpBody, Frame, SizeHint};
use kube::client::Body;
use tokio::time::{Instant, Sleep};
use tower::{BoxError, Layer, Service};

/// The largest answer body (or watch event line) loftctl reads: far above a page of 500
/// users or one object (the API server's own request limit is 3 MiB), far below what
/// would exhaust memory.
pub(crate) const MAX_BODY: usize = 16 * 1024 * 1024;

/// Why the transport gave up on an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TransportError {
    /// The request did not complete within `--request-timeout`.
    Timeout(Duration),
    /// The answer body (or one watch event) exceeded the cap.
    TooLarge { limit: usize, watch: bool },
    /// The server answered with a redirect, which loftctl does not follow.
    Redirect { status: u16, location: String },
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TransportError::Timeout(d) => write!(
                f,
                "request timed out after {} (--request-timeout)",
                humantime::format_duration(*d)
            ),
            TransportError::TooLarge { limit, watch } => write!(
                f,
                "the server's {} exceeds {} MiB: refusing to read more",
                if *watch { "watch event" } else { "answer" },
                limit / (1024 * 1024)
            ),
            TransportError::Redirect { status, location } => write!(
                f,
                "the server answered with a redirect (HTTP {status}) to {location}, which loftctl does not follow"
            ),
        }
    }
}

impl std::error::Error for TransportError {}

/// Find a [`TransportError`] anywhere in an error's chain of sources.
pub(crate) fn find<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a TransportError> {
    let mut cur: Option<&'a (dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(t) = err.downcast_ref::<TransportError>() {
            return Some(t);
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && let Some(inner) = io.get_ref()
            && let Some(t) = find(inner)
        {
            return Some(t);
        }
        cur = err.source();
    }
    None
}

/// Is this request a watch (long-lived: no total deadline)?
fn is_watch<B>(req: &Request<B>) -> bool {
    req.uri().query().is_some_and(|q| {
        q.split('&')
            .any(|kv| kv == "watch=true" || kv == "watch=1" || kv == "watch")
    })
}

/// A redirect's `Location`, safe to print: userinfo masked, control characters escaped,
/// long values cut.
fn printable_location(value: Option<&http::HeaderValue>) -> String {
    let Some(raw) = value else {
        return "an unnamed location".into();
    };
    let text = String::from_utf8_lossy(raw.as_bytes());
    let text = match (text.find("://"), text.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let host_start = scheme + 3;
            let path_start = text[host_start..]
                .find('/')
                .map_or(text.len(), |p| p + host_start);
            if at < path_start {
                format!("{}***@{}", &text[..host_start], &text[at + 1..])
            } else {
                text.to_string()
            }
        }
        _ => text.to_string(),
    };
    let text = crate::secrets::mask_known(&text);
    let mut out: String = text
        .chars()
        .take(200)
        .flat_map(char::escape_debug)
        .collect();
    if text.chars().count() > 200 {
        out.push('…');
    }
    format!("\"{out}\"")
}

#[derive(Clone)]
pub(crate) struct TransportLayer {
    /// `None`: no deadline (`--request-timeout 0`).
    timeout: Option<Duration>,
    max_body: usize,
}

impl TransportLayer {
    pub(crate) fn new(timeout: Option<Duration>) -> Self {
        TransportLayer {
            timeout,
            max_body: MAX_BODY,
        }
    }
}

impl<S> Layer<S> for TransportLayer {
    type Service = TransportService<S>;
    fn layer(&self, inner: S) -> Self::Service {
        TransportService {
            inner,
            timeout: self.timeout,
            max_body: self.max_body,
        }
    }
}

#[derive(Clone)]
pub(crate) struct TransportService<S> {
    inner: S,
    timeout: Option<Duration>,
    max_body: usize,
}

impl<S, B> Service<Request<Body>> for TransportService<S>
where
    S: Service<Request<Body>, Response = Response<B>> + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    type Response = Response<Bounded<B>>;
    type Error = BoxError;
    type Future = BoxFuture<'static, Result<Self::Response, BoxError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, req: Request<Body>) -> Self::Future {
        let watch = is_watch(&req);
        let timeout = if watch { None } else { self.timeout };
        // A deadline beyond what the clock can represent is no deadline.
        let deadline = timeout.and_then(|t| Instant::now().checked_add(t));
        let max_body = self.max_body;
        let fut = self.inner.call(req);
        Box::pin(async move {
            let resp = match deadline {
                Some(at) => match tokio::time::timeout_at(at, fut).await {
                    Ok(r) => r.map_err(Into::into)?,
                    Err(_) => {
                        return Err(TransportError::Timeout(timeout.unwrap_or_default()).into());
                    }
                },
                None => fut.await.map_err(Into::into)?,
            };
            if resp.status().is_redirection() {
                return Err(TransportError::Redirect {
                    status: resp.status().as_u16(),
                    location: printable_location(resp.headers().get(http::header::LOCATION)),
                }
                .into());
            }
            Ok(resp.map(|body| Bounded {
                inner: body,
                sleep: deadline.map(|at| Box::pin(tokio::time::sleep_until(at))),
                timeout: timeout.unwrap_or_default(),
                max: max_body,
                watch,
                seen: 0,
            }))
        })
    }
}

/// An answer body under the request's deadline and the size cap. For a watch, the cap
/// applies to each line (one event) instead of the whole stream.
pub(crate) struct Bounded<B> {
    inner: B,
    sleep: Option<Pin<Box<Sleep>>>,
    timeout: Duration,
    max: usize,
    watch: bool,
    /// Bytes so far (a watch: since the last newline).
    seen: usize,
}

impl<B> HttpBody for Bounded<B>
where
    B: HttpBody<Data = Bytes> + Unpin,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = self.get_mut();
        if let Some(sleep) = this.sleep.as_mut()
            && sleep.as_mut().poll(cx).is_ready()
        {
            return Poll::Ready(Some(Err(TransportError::Timeout(this.timeout).into())));
        }
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    if this.watch {
                        match data.iter().rposition(|&b| b == b'\n') {
                            Some(i) => this.seen = data.len() - i - 1,
                            None => this.seen += data.len(),
                        }
                    } else {
                        this.seen += data.len();
                    }
                    if this.seen > this.max {
                        return Poll::Ready(Some(Err(TransportError::TooLarge {
                            limit: this.max,
                            watch: this.watch,
                        }
                        .into())));
                    }
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

use std::future::Future as _;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watches_are_recognised() {
        let w = Request::get("/x?watch=true&resourceVersion=1")
            .body(())
            .unwrap();
        assert!(is_watch(&w));
        let l = Request::get("/x?limit=500&watchy=true").body(()).unwrap();
        assert!(!is_watch(&l));
    }

    #[test]
    fn locations_are_masked_and_escaped() {
        let v = http::HeaderValue::from_static("https://bob:hunter2@evil.example.com/x");
        assert_eq!(
            printable_location(Some(&v)),
            "\"https://***@evil.example.com/x\""
        );
        let v = http::HeaderValue::from_bytes(b"/a\"b\xff").unwrap();
        assert_eq!(printable_location(Some(&v)), "\"/a\\\"b\u{fffd}\"");
        assert_eq!(printable_location(None), "an unnamed location");
    }

    #[test]
    fn errors_are_found_inside_io_errors() {
        let inner: BoxError = TransportError::Timeout(Duration::from_secs(1)).into();
        let io = std::io::Error::other(inner);
        assert_eq!(
            find(&io),
            Some(&TransportError::Timeout(Duration::from_secs(1)))
        );
    }
}
