//! The one retry policy: what is worth another try, and how long to wait before it
//! (exponential backoff with full jitter).
//!
//! Two users of it:
//! - [`RetryLayer`], inside the API client ([`crate::connect::client`]): idempotent
//!   requests (GET, HEAD, OPTIONS) on a connection error or an answer of 429,
//!   500, 502, 503 or 504, honouring `Retry-After`, bounded in attempts and total time.
//!   It replaces kube's own `default_retry` (turned off), which retries every method —
//!   creates included — up to 15 times over many minutes.
//! - [`idempotent`], for writes that the caller knows are safe to send twice: a
//!   server-side apply or a merge patch that sets `spec.disabled` gives the same object
//!   when sent twice. A create is retried by `users::write`, which reads the object
//!   back to tell its own earlier success from a real "already exists".
//!
//! Writes that are not idempotent (POST, PATCH, PUT) are never retried by the layer.

use std::future::Future;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use futures::future::BoxFuture;
use http::{Method, Request, Response, StatusCode};
use kube::client::Body;
use tokio::sync::Mutex;
use tokio::time::Instant;
use tower::{BoxError, Layer, Service, ServiceExt};

/// How hard to try.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// First backoff; doubles each retry.
    pub base_delay: Duration,
    /// Largest single wait (also caps `Retry-After`).
    pub max_delay: Duration,
    /// No new attempt starts after this much time since the first.
    pub max_elapsed: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            // Enough that hundreds of reads through a 20 % fault rate all succeed; the
            // request's deadline (`--request-timeout`) bounds them in time.
            max_attempts: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(4),
            max_elapsed: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The policy of [`idempotent`] writes: a few quick attempts (100 ms, 200 ms, 400 ms …).
    pub fn writes() -> Self {
        RetryPolicy {
            // Enough that a run of hundreds of writes through a 20 % fault rate converges.
            max_attempts: 8,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(3200),
            max_elapsed: Duration::from_secs(30),
        }
    }

    /// The wait before retry number `retry` (1-based): full jitter over an exponential cap
    /// (at least a tenth of the cap).
    fn backoff(&self, retry: u32) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32 << retry.saturating_sub(1).min(16));
        let cap = exp.min(self.max_delay);
        cap.mul_f64(rand::random::<f64>().max(0.1))
    }
}

/// Is this request safe to send twice?
pub fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        // DELETE is retried by its caller (`users::delete`), which can tell its own earlier
        // success (an answer lost after the delete) from a real "not found".
        Method::GET | Method::HEAD | Method::OPTIONS
    )
}

/// Is this answer worth another try?
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

/// Is this failure of a request worth another try (by its type, not its text)?
pub fn is_transient(e: &kube::Error) -> bool {
    // The transport's own verdicts are final: a timeout has spent the request's budget
    // (another try would multiply it), and a too-large answer or a redirect comes again.
    if crate::transport::find(e).is_some() {
        return false;
    }
    match e {
        kube::Error::Api(status) => {
            StatusCode::from_u16(status.code).is_ok_and(is_retryable_status)
        }
        kube::Error::HyperError(_) | kube::Error::Service(_) => true,
        _ => false,
    }
}

/// Attempts in all when nothing listens at the server's address (connection refused):
/// a server restarting gets a moment, a server that is not there fails fast instead of
/// making each item of a batch wait through every backoff.
pub const CONNECT_ATTEMPTS: u32 = 3;

/// Was the connection refused (nothing listening)?
pub fn is_refused(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if err
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::ConnectionRefused)
        {
            return true;
        }
        cur = err.source();
    }
    false
}

/// Run `op` until it succeeds, fails for good, or the [`RetryPolicy::writes`] attempts
/// are spent. The flag passed to `op` says whether this is a retry.
pub async fn idempotent<T, F, Fut>(mut op: F) -> Result<T, kube::Error>
where
    F: FnMut(bool) -> Fut,
    Fut: Future<Output = Result<T, kube::Error>>,
{
    let policy = RetryPolicy::writes();
    let start = Instant::now();
    let mut attempt = 1;
    loop {
        match op(attempt > 1).await {
            Err(e)
                if attempt
                    < if is_refused(&e) {
                        CONNECT_ATTEMPTS
                    } else {
                        policy.max_attempts
                    }
                    && is_transient(&e) =>
            {
                let wait = policy.backoff(attempt);
                if start.elapsed() + wait > policy.max_elapsed {
                    return Err(e);
                }
                tokio::time::sleep(wait).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// `Retry-After: SECONDS` (the HTTP-date form is treated as absent).
fn retry_after<B>(resp: &Response<B>) -> Option<Duration> {
    let value = resp
        .headers()
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[derive(Clone)]
pub struct RetryLayer {
    policy: RetryPolicy,
}

impl RetryLayer {
    pub fn new(policy: RetryPolicy) -> Self {
        RetryLayer { policy }
    }
}

impl<S> Layer<S> for RetryLayer {
    type Service = RetryService<S>;
    fn layer(&self, inner: S) -> Self::Service {
        RetryService {
            inner: Arc::new(Mutex::new(inner)),
            policy: self.policy,
        }
    }
}

/// The inner service is shared behind a lock held only while a request is handed over
/// (`ready` + `call`), never while its answer is awaited: requests still run concurrently.
pub struct RetryService<S> {
    inner: Arc<Mutex<S>>,
    policy: RetryPolicy,
}

impl<S> Clone for RetryService<S> {
    fn clone(&self) -> Self {
        RetryService {
            inner: self.inner.clone(),
            policy: self.policy,
        }
    }
}

async fn send<S, B>(inner: &Mutex<S>, req: Request<Body>) -> Result<Response<B>, BoxError>
where
    S: Service<Request<Body>, Response = Response<B>>,
    S::Error: Into<BoxError>,
{
    let fut = {
        let mut svc = inner.lock().await;
        let ready = svc.ready().await.map_err(Into::into)?;
        ready.call(req)
    };
    fut.await.map_err(Into::into)
}

impl<S, B> Service<Request<Body>> for RetryService<S>
where
    S: Service<Request<Body>, Response = Response<B>> + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
    B: Send + 'static,
{
    type Response = Response<B>;
    type Error = BoxError;
    type Future = BoxFuture<'static, Result<Response<B>, BoxError>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request<Body>) -> Self::Future {
        let inner = self.inner.clone();
        let policy = self.policy;
        Box::pin(async move {
            if !is_idempotent(req.method()) {
                return send(&inner, req).await;
            }
            let start = Instant::now();
            let (parts, body) = req.into_parts();
            let mut attempt = 1;
            loop {
                // A streaming body cannot be replayed: send it once.
                let Some(body_copy) = body.try_clone() else {
                    return send(&inner, Request::from_parts(parts, body)).await;
                };
                let result = send(&inner, Request::from_parts(parts.clone(), body_copy)).await;
                let wait = match &result {
                    Ok(resp) if is_retryable_status(resp.status()) => retry_after(resp)
                        .map(|d| d.min(policy.max_delay))
                        .unwrap_or_else(|| policy.backoff(attempt)),
                    Ok(_) => return result,
                    Err(_) => policy.backoff(attempt),
                };
                let max_attempts = match &result {
                    Err(e) if is_refused(e.as_ref()) => CONNECT_ATTEMPTS,
                    _ => policy.max_attempts,
                };
                if attempt >= max_attempts || start.elapsed() + wait > policy.max_elapsed {
                    return result;
                }
                tokio::time::sleep(wait).await;
                attempt += 1;
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    /// A fake server that answers each call with the next status of `script`
    /// (0 = a connection error), then 200 forever; it counts the calls.
    fn scripted(
        script: Vec<u16>,
        calls: Arc<AtomicU32>,
    ) -> impl Service<
        Request<Body>,
        Response = Response<String>,
        Error = BoxError,
        Future = BoxFuture<'static, Result<Response<String>, BoxError>>,
    > + Send
    + 'static {
        tower::service_fn(move |_req: Request<Body>| {
            let n = calls.fetch_add(1, Ordering::SeqCst) as usize;
            let code = script.get(n).copied().unwrap_or(200);
            Box::pin(async move {
                if code == 0 {
                    return Err::<Response<String>, BoxError>("connection reset".into());
                }
                let mut resp = Response::new(String::new());
                *resp.status_mut() = StatusCode::from_u16(code).unwrap();
                if code == 429 {
                    resp.headers_mut()
                        .insert(http::header::RETRY_AFTER, "2".parse().unwrap());
                }
                Ok(resp)
            }) as BoxFuture<'static, _>
        })
    }

    fn get() -> Request<Body> {
        Request::get("/apis/x").body(Body::empty()).unwrap()
    }

    async fn call(
        svc: &mut RetryService<
            impl Service<
                Request<Body>,
                Response = Response<String>,
                Error = BoxError,
                Future = BoxFuture<'static, Result<Response<String>, BoxError>>,
            > + Send
            + 'static,
        >,
        req: Request<Body>,
    ) -> Result<u16, String> {
        svc.call(req)
            .await
            .map(|r| r.status().as_u16())
            .map_err(|e| e.to_string())
    }

    #[tokio::test(start_paused = true)]
    async fn get_is_retried_through_faults_and_connection_errors() {
        let calls = Arc::new(AtomicU32::new(0));
        let mut svc = RetryLayer::new(RetryPolicy::default())
            .layer(scripted(vec![503, 0, 500, 502], calls.clone()));
        assert_eq!(call(&mut svc, get()).await, Ok(200));
        assert_eq!(calls.load(Ordering::SeqCst), 5);
    }

    #[tokio::test(start_paused = true)]
    async fn retry_after_is_honoured() {
        let calls = Arc::new(AtomicU32::new(0));
        let mut svc =
            RetryLayer::new(RetryPolicy::default()).layer(scripted(vec![429], calls.clone()));
        let start = Instant::now();
        assert_eq!(call(&mut svc, get()).await, Ok(200));
        assert_eq!(start.elapsed().as_secs(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn attempts_are_bounded() {
        let calls = Arc::new(AtomicU32::new(0));
        let mut svc =
            RetryLayer::new(RetryPolicy::default()).layer(scripted(vec![503; 100], calls.clone()));
        assert_eq!(call(&mut svc, get()).await, Ok(503));
        assert_eq!(
            calls.load(Ordering::SeqCst),
            RetryPolicy::default().max_attempts
        );
    }

    #[tokio::test(start_paused = true)]
    async fn total_time_is_bounded() {
        let calls = Arc::new(AtomicU32::new(0));
        let policy = RetryPolicy {
            max_attempts: 1000,
            max_elapsed: Duration::from_secs(10),
            ..Default::default()
        };
        let mut svc = RetryLayer::new(policy).layer(scripted(vec![429; 1000], calls.clone()));
        let start = Instant::now();
        assert_eq!(call(&mut svc, get()).await, Ok(429));
        assert!(
            start.elapsed() <= Duration::from_secs(10),
            "{:?}",
            start.elapsed()
        );
        assert_eq!(
            calls.load(Ordering::SeqCst),
            6,
            "2 s Retry-After: attempts at 0, 2, 4, 6, 8, 10 s"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn writes_are_not_retried() {
        for method in [Method::POST, Method::PUT, Method::PATCH] {
            let calls = Arc::new(AtomicU32::new(0));
            let mut svc =
                RetryLayer::new(RetryPolicy::default()).layer(scripted(vec![503], calls.clone()));
            let req = Request::builder()
                .method(method.clone())
                .uri("/x")
                .body(Body::from(b"{}".to_vec()))
                .unwrap();
            assert_eq!(call(&mut svc, req).await, Ok(503), "{method}");
            assert_eq!(calls.load(Ordering::SeqCst), 1, "{method}");
        }
    }

    #[test]
    fn backoff_is_capped_and_grows() {
        let p = RetryPolicy::default();
        for retry in 1..40 {
            assert!(p.backoff(retry) <= p.max_delay);
        }
        assert!(p.backoff(1) <= p.base_delay);
    }

    fn api(code: u16) -> kube::Error {
        let mut status = kube::core::Status::failure("x", "");
        status.code = code;
        kube::Error::Api(Box::new(status))
    }

    #[test]
    fn only_transient_failures_are_retried() {
        assert!(is_transient(&api(503)) && is_transient(&api(429)));
        assert!(!is_transient(&api(409)) && !is_transient(&api(404)) && !is_transient(&api(403)));
    }

    #[tokio::test(start_paused = true)]
    async fn retries_until_success_then_stops() {
        let mut calls = Vec::new();
        let result = idempotent(|retry| {
            calls.push(retry);
            let n = calls.len();
            async move { if n < 3 { Err(api(503)) } else { Ok(n) } }
        })
        .await;
        assert_eq!(result.unwrap(), 3);
        assert_eq!(calls, [false, true, true]);
    }

    #[tokio::test(start_paused = true)]
    async fn gives_up_after_the_last_attempt_and_never_retries_a_conflict() {
        let mut calls = 0;
        let result: Result<(), _> = idempotent(|_| {
            calls += 1;
            async { Err(api(500)) }
        })
        .await;
        assert!(result.is_err());
        assert_eq!(calls, RetryPolicy::writes().max_attempts);
        let mut calls = 0;
        let _: Result<(), _> = idempotent(|_| {
            calls += 1;
            async { Err(api(409)) }
        })
        .await;
        assert_eq!(calls, 1);
    }
}
