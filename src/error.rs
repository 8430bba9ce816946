//! The one error type of loftctl.
//!
//! Every failure a command can meet ends as a [`CliError`]: a [`Kind`] that fixes the
//! process exit code (the table in the README), the error with its chain of causes
//! printed as `error: …` on stderr, and an optional hint printed as `hint: …` below it.
//! Nothing here ever prints a credential: messages are built from server `Status`
//! objects and our own words, and [`crate::secrets::mask_known`] is applied to anything that
//! could echo a request.

use std::fmt;

/// What went wrong, as far as a script is concerned. Each kind is one exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// 1: any other error.
    Other,
    /// 2: bad flags or arguments.
    Usage,
    /// 3: a manifest failed validation, locally or by the server's 422.
    Invalid,
    /// 4: not found (404).
    NotFound,
    /// 5: conflict or already exists (409).
    Conflict,
    /// 6: unauthorized or forbidden (401/403).
    Unauthorized,
    /// 7: server unreachable, TLS failure, or timeout.
    Unreachable,
    /// 8: `token decode --check` failed: expired, not yet valid, or bad signature.
    CheckFailed,
    /// 9: `user diff` found changes an apply would make (not a failure: nothing is
    /// printed as an error; the diff itself is the output).
    Differs,
    /// stdout was closed by the reader (`| head`): end quietly with 0.
    BrokenPipe,
    /// 130: interrupted (Ctrl-C) and stopped early, as a shell reports SIGINT (128 + 2).
    Interrupted,
    /// 143: stopped early by SIGTERM, as a shell reports it (128 + 15).
    Terminated,
}

impl Kind {
    /// The process exit code of this kind (the README's table of exit codes).
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::BrokenPipe => 0,
            Kind::Other => 1,
            Kind::Usage => 2,
            Kind::Invalid => 3,
            Kind::NotFound => 4,
            Kind::Conflict => 5,
            Kind::Unauthorized => 6,
            Kind::Unreachable => 7,
            Kind::CheckFailed => 8,
            Kind::Differs => 9,
            Kind::Interrupted => 130,
            Kind::Terminated => 143,
        }
    }

    /// The kind for an HTTP status code of an API answer.
    pub fn from_http_status(code: u16) -> Kind {
        match code {
            // A 400 is a request the server could not take; only loftctl can tell
            // whether the user's argument was at fault (and says so with exit 2 first).
            400 => Kind::Other,
            401 | 403 => Kind::Unauthorized,
            404 | 410 => Kind::NotFound,
            409 => Kind::Conflict,
            422 => Kind::Invalid,
            408 | 504 => Kind::Unreachable,
            _ => Kind::Other,
        }
    }

    /// Of two outcomes of a batch, the one that decides the exit code: the worst.
    /// Any failure beats success; among failures the higher code wins, so that a
    /// script sees the most specific problem (kubectl-like "last error wins" would
    /// depend on scheduling order).
    pub fn worst(self, other: Kind) -> Kind {
        if other.exit_code() > self.exit_code() {
            other
        } else {
            self
        }
    }
}

/// An error that ends a command: its kind (exit code), the error with its chain of
/// causes, and an optional hint.
///
/// The chain is an [`anyhow::Error`]: our own words on top ("server unreachable"), the
/// error that caused it below (a `hyper` or `io` error, …), as cargo and jj keep theirs.
/// `error: …` prints the chain on one line; `-v` prints each cause on its own line.
#[derive(Debug)]
pub struct CliError {
    pub kind: Kind,
    error: anyhow::Error,
    pub hint: Option<String>,
}

pub type Result<T, E = CliError> = std::result::Result<T, E>;

impl CliError {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        CliError {
            kind,
            error: anyhow::Error::msg(message.into()),
            hint: None,
        }
    }
    /// An error of this kind whose cause is `source`, described by `message`.
    pub fn with_source(
        kind: Kind,
        message: impl fmt::Display + Send + Sync + 'static,
        source: impl Into<anyhow::Error>,
    ) -> Self {
        CliError {
            kind,
            error: source.into().context(message),
            hint: None,
        }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Kind::Usage, message)
    }
    pub fn other(message: impl Into<String>) -> Self {
        Self::new(Kind::Other, message)
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(Kind::Invalid, message)
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn exit_code(&self) -> u8 {
        self.kind.exit_code()
    }
    /// Put what was being done on top of the chain: `reading foo.yaml: …`.
    pub fn context(mut self, what: impl fmt::Display + Send + Sync + 'static) -> Self {
        self.error = self.error.context(what);
        self
    }

    /// The whole chain on one line, `outer: inner: …` (a cause whose text its
    /// parent already quotes is not repeated).
    pub fn message(&self) -> String {
        self.chain().join(": ")
    }

    /// Each link of the chain, outermost first, without repeats of text a parent quotes.
    pub fn chain(&self) -> Vec<String> {
        let mut links: Vec<String> = Vec::new();
        for cause in self.error.chain() {
            let text = cause.to_string();
            if links.last().is_some_and(|parent| parent.contains(&text)) || text.is_empty() {
                continue;
            }
            links.push(text);
        }
        links
    }

    /// The errors of the chain, outermost first (to classify a cause by its type).
    pub fn causes(&self) -> impl Iterator<Item = &(dyn std::error::Error + 'static)> {
        self.error.chain()
    }

    /// The error for an API answer with this HTTP status and server message.
    pub fn from_status(code: u16, reason: &str, message: &str) -> Self {
        let mut kind = Kind::from_http_status(code);
        // A reason without a code (or a proxy that rewrote the code) still says what it is.
        if kind == Kind::Other {
            kind = match reason {
                "NotFound" => Kind::NotFound,
                "AlreadyExists" | "Conflict" => Kind::Conflict,
                "Unauthorized" | "Forbidden" => Kind::Unauthorized,
                "Invalid" => Kind::Invalid,
                "Timeout" => Kind::Unreachable,
                _ => Kind::Other,
            };
        }
        let message = if message.is_empty() {
            match reason {
                "" => format!("the server answered HTTP {code}"),
                r => format!("the server answered HTTP {code} ({r})"),
            }
        } else {
            message.to_string()
        };
        let hint = match kind {
            Kind::Unauthorized if code == 401 || reason == "Unauthorized" => Some(
                "check the access key: `loftctl login URL`, --access-key or LOFT_ACCESS_KEY"
                    .to_string(),
            ),
            Kind::Unauthorized => {
                Some("the access key is valid but not allowed to do this".to_string())
            }
            Kind::Conflict if reason == "Conflict" || (code == 409 && reason.is_empty()) => {
                Some("the object was changed by someone else; get it again and retry".to_string())
            }
            _ => None,
        };
        CliError {
            kind,
            error: anyhow::Error::msg(message),
            hint,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for CliError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.error.chain().nth(1)
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::BrokenPipe => {
                CliError::with_source(Kind::BrokenPipe, "broken pipe", e)
            }
            _ => CliError {
                kind: Kind::Other,
                error: e.into(),
                hint: None,
            },
        }
    }
}

/// What a transport failure was, told by the types in its chain of causes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Transport {
    /// A deadline passed (tokio's `Elapsed`, or an I/O `TimedOut`).
    Timeout,
    /// The TLS handshake failed (a rustls error), e.g. an unknown certificate authority.
    Tls,
    /// Anything else on the way: refused, reset, DNS, …
    Connect,
}

/// Classify a transport error by the types in its chain (never by its text).
pub(crate) fn transport_cause(e: &(dyn std::error::Error + 'static)) -> Transport {
    let mut next = Some(e);
    while let Some(err) = next {
        if err.is::<tokio::time::error::Elapsed>() {
            return Transport::Timeout;
        }
        if err.is::<tokio_rustls::rustls::Error>() {
            return Transport::Tls;
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::TimedOut {
                return Transport::Timeout;
            }
            // An io::Error hides its inner error from `source()`: look at it directly.
            if let Some(inner) = io.get_ref() {
                match transport_cause(inner) {
                    Transport::Connect => {}
                    found => return found,
                }
            }
        }
        if let Some(hyper) = err.downcast_ref::<hyper::Error>()
            && hyper.is_timeout()
        {
            return Transport::Timeout;
        }
        next = err.source();
    }
    Transport::Connect
}

const TLS_HINT: &str = "pass --certificate-authority FILE, or --insecure to skip verification";

/// The error of a request that did not get an answer.
fn transport_error(cause: Transport, e: impl Into<anyhow::Error>) -> CliError {
    let (message, hint) = match cause {
        Transport::Timeout => (
            "request timed out",
            "raise --request-timeout, or check the server",
        ),
        Transport::Tls => ("TLS failure", TLS_HINT),
        Transport::Connect => (
            "server unreachable",
            "is the server running? check --server / LOFT_URL",
        ),
    };
    CliError::with_source(Kind::Unreachable, message, e).with_hint(hint)
}

impl From<kube::Error> for CliError {
    fn from(e: kube::Error) -> Self {
        if let Some(t) = crate::transport::find(&e) {
            return CliError::from(t.clone());
        }
        if let Some(auth) = find_auth_error(&e) {
            return auth_error(auth);
        }
        match e {
            // Match on the code first: `Status::is_conflict()` only checks the reason and
            // misses a 409 with an empty or unparsable body.
            kube::Error::Api(status) => {
                CliError::from_status(status.code, &status.reason, &status.message)
            }
            kube::Error::HyperError(err) => transport_error(transport_cause(&err), err),
            kube::Error::Service(err) => transport_error(
                transport_cause(err.as_ref()),
                anyhow::Error::from_boxed(err),
            ),
            kube::Error::HttpError(err) => CliError::with_source(Kind::Other, "bad request", err),
            kube::Error::SerdeError(err) => {
                CliError::with_source(Kind::Other, "could not decode the server's answer", err)
            }
            kube::Error::RustlsTls(err) => {
                CliError::with_source(Kind::Unreachable, "TLS failure", err).with_hint(TLS_HINT)
            }
            other => match transport_cause(&other) {
                Transport::Tls => CliError::with_source(Kind::Unreachable, "TLS failure", other)
                    .with_hint(TLS_HINT),
                _ => CliError {
                    kind: Kind::Other,
                    error: other.into(),
                    hint: None,
                },
            },
        }
    }
}

impl From<crate::transport::TransportError> for CliError {
    fn from(e: crate::transport::TransportError) -> Self {
        use crate::transport::TransportError as T;
        let message = e.to_string();
        match e {
            T::Timeout(_) => CliError::new(Kind::Unreachable, message)
                .with_hint("raise --request-timeout, or check the server"),
            T::TooLarge { .. } => CliError::other(message),
            T::Redirect { .. } => CliError::other(message).with_hint(
                "point --server (or the config file's host) at the address the server redirects to, if you trust it",
            ),
        }
    }
}

fn find_auth_error<'a>(
    e: &'a (dyn std::error::Error + 'static),
) -> Option<&'a kube::client::AuthError> {
    let mut cur: Option<&'a (dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(a) = err.downcast_ref::<kube::client::AuthError>() {
            return Some(a);
        }
        cur = err.source();
    }
    None
}

/// A failed kubeconfig credential, told without what kube's own messages carry: the
/// exec plugin's arguments and environment (passwords, tokens) and its output (which may
/// hold a token).
fn auth_error(e: &kube::client::AuthError) -> CliError {
    use kube::client::AuthError as A;
    let hint = "run the kubeconfig's users[].user.exec command yourself to see why";
    match e {
        A::AuthExecRun { out, .. } => CliError::new(
            Kind::Unauthorized,
            format!(
                "the kubeconfig's exec credential plugin failed ({}); its arguments, environment and output are not shown",
                out.status
            ),
        )
        .with_hint(hint),
        A::AuthExecStart(io) => CliError::new(
            Kind::Unauthorized,
            format!("the kubeconfig's exec credential plugin could not be started: {io}"),
        )
        .with_hint(hint),
        A::AuthExec(_) | A::AuthExecParse(_) | A::AuthExecSerialize(_) => CliError::new(
            Kind::Unauthorized,
            "the kubeconfig's exec credential plugin failed or gave an answer that could not be read; its arguments, environment and output are not shown",
        )
        .with_hint(hint),
        other => CliError::new(
            Kind::Unauthorized,
            format!("kubeconfig credentials: {}", error_chain(other)),
        ),
    }
}

/// The error and all its sources, joined with `: `.
pub fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api_error(code: u16, reason: &str) -> kube::Error {
        let mut status = kube::core::Status::failure("boom", reason);
        status.code = code;
        kube::Error::Api(Box::new(status))
    }

    #[test]
    fn every_http_status_maps_to_its_exit_code() {
        let table: &[(u16, &str, u8)] = &[
            (400, "BadRequest", 1),
            (401, "Unauthorized", 6),
            (403, "Forbidden", 6),
            (404, "NotFound", 4),
            (409, "AlreadyExists", 5),
            (409, "Conflict", 5),
            (409, "", 5), // is_conflict() would miss this one
            (410, "Gone", 4),
            (422, "Invalid", 3),
            (429, "TooManyRequests", 1),
            (500, "InternalError", 1),
            (503, "ServiceUnavailable", 1),
            (504, "Timeout", 7),
            (0, "NotFound", 4),
            (0, "AlreadyExists", 5),
        ];
        for &(code, reason, exit) in table {
            let err = CliError::from(api_error(code, reason));
            assert_eq!(err.exit_code(), exit, "HTTP {code} {reason:?}");
            assert_eq!(err.message(), "boom");
        }
    }

    #[test]
    fn empty_message_names_the_status() {
        let err = CliError::from_status(409, "", "");
        assert_eq!(err.kind, Kind::Conflict);
        assert_eq!(err.message(), "the server answered HTTP 409");
        assert!(err.hint.is_some());
    }

    #[test]
    fn worst_prefers_failures_and_higher_codes() {
        assert_eq!(Kind::Other.worst(Kind::NotFound), Kind::NotFound);
        assert_eq!(Kind::Conflict.worst(Kind::NotFound), Kind::Conflict);
        assert_eq!(Kind::BrokenPipe.worst(Kind::Other), Kind::Other);
    }

    #[test]
    fn broken_pipe_exits_zero() {
        let err = CliError::from(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert_eq!(err.exit_code(), 0);
    }

    #[test]
    fn transport_failures_are_told_by_type_not_text() {
        use std::io::{Error as IoError, ErrorKind};
        // The texts lie on purpose: only the types decide.
        let timeout = IoError::new(ErrorKind::TimedOut, "certificate tls");
        assert_eq!(transport_cause(&timeout), Transport::Timeout);
        let tls = IoError::new(
            ErrorKind::InvalidData,
            tokio_rustls::rustls::Error::General("elapsed".into()),
        );
        assert_eq!(transport_cause(&tls), Transport::Tls);
        let refused = IoError::new(ErrorKind::ConnectionRefused, "timed out TLS certificate");
        assert_eq!(transport_cause(&refused), Transport::Connect);
        let err = CliError::from(kube::Error::Service(Box::new(tls)));
        assert_eq!(err.kind, Kind::Unreachable);
        assert!(
            err.message().starts_with("TLS failure: "),
            "{}",
            err.message()
        );
    }

    #[test]
    fn the_cause_chain_is_kept() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        let err = CliError::from(kube::Error::Service(Box::new(io))).context("listing users");
        assert_eq!(
            err.chain(),
            ["listing users", "server unreachable", "refused"]
        );
        assert_eq!(err.message(), "listing users: server unreachable: refused");
        let source = std::error::Error::source(&err).map(|s| s.to_string());
        assert_eq!(source.as_deref(), Some("server unreachable"));
    }
}
