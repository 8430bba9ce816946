//! Retrying the writes that are safe to send twice.
//!
//! The client's retry layer ([`crate::connect`]) retries only GET and DELETE. A
//! server-side apply or a merge patch that sets `spec.disabled` is idempotent too: sent
//! twice, it gives the same object. Those are retried here on a transient failure (a
//! dropped connection, or 429/500/502/503/504), a few times with a short, jittered,
//! doubling backoff. A create is retried by [`super::write`], which reads the object
//! back to tell its own earlier success from a real "already exists".

use std::future::Future;
use std::time::Duration;

/// Attempts in all, the first included.
pub const ATTEMPTS: u32 = 4;

/// Is this failure worth another try of an idempotent write?
pub fn is_transient(e: &kube::Error) -> bool {
    match e {
        kube::Error::Api(status) => matches!(status.code, 429 | 500 | 502 | 503 | 504),
        kube::Error::HyperError(_) | kube::Error::Service(_) => true,
        _ => false,
    }
}

/// Run `op` until it succeeds, fails for good, or [`ATTEMPTS`] are spent. The flag
/// passed to `op` says whether this is a retry.
pub async fn idempotent<T, F, Fut>(mut op: F) -> Result<T, kube::Error>
where
    F: FnMut(bool) -> Fut,
    Fut: Future<Output = Result<T, kube::Error>>,
{
    let mut attempt = 1;
    loop {
        match op(attempt > 1).await {
            Err(e) if attempt < ATTEMPTS && is_transient(&e) => {
                tokio::time::sleep(backoff(attempt)).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// 100 ms, 200 ms, 400 ms … with full jitter (at least a tenth).
fn backoff(attempt: u32) -> Duration {
    let cap = Duration::from_millis(100).saturating_mul(1 << attempt.saturating_sub(1).min(6));
    cap.mul_f64(rand::random::<f64>().max(0.1))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(calls, ATTEMPTS);
        let mut calls = 0;
        let _: Result<(), _> = idempotent(|_| {
            calls += 1;
            async { Err(api(409)) }
        })
        .await;
        assert_eq!(calls, 1);
    }
}
