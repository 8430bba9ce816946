//! The one error type of loftctl.
//!
//! Every failure a command can meet ends as a [`CliError`]: a [`Kind`] that fixes the
//! process exit code (the table in the README and SPEC "Exit codes"), a message printed
//! as `error: …` on stderr, and an optional hint printed as `hint: …` below it.
//! Nothing here ever prints a credential: messages are built from server `Status`
//! objects and our own words, and [`crate::secrets::mask`] is applied to anything that
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
    /// The process exit code of this kind (SPEC "Exit codes").
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
            400 => Kind::Invalid,
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

/// An error that ends a command: its kind (exit code), message and optional hint.
#[derive(Debug, Clone)]
pub struct CliError {
    pub kind: Kind,
    pub message: String,
    pub hint: Option<String>,
}

pub type Result<T, E = CliError> = std::result::Result<T, E>;

impl CliError {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        CliError {
            kind,
            message: message.into(),
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
    /// Prefix the message with what was being done: `reading foo.yaml: …`.
    pub fn context(mut self, what: impl fmt::Display) -> Self {
        self.message = format!("{what}: {}", self.message);
        self
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
                "Invalid" | "BadRequest" => Kind::Invalid,
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
            message,
            hint,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            CliError::new(Kind::BrokenPipe, "broken pipe")
        } else {
            CliError::other(e.to_string())
        }
    }
}

impl From<kube::Error> for CliError {
    fn from(e: kube::Error) -> Self {
        if let Some(t) = crate::connect::transport::find(&e) {
            return CliError::from(t.clone());
        }
        if let Some(auth) = find_auth_error(&e) {
            return auth_error(auth);
        }
        match e {
            // Match on the code first: `Status::is_conflict()` only checks the reason and
            // misses a 409 with an empty or unparsable body (crates.md).
            kube::Error::Api(status) => {
                CliError::from_status(status.code, &status.reason, &status.message)
            }
            kube::Error::HyperError(err) => unreachable_error(&err.to_string()),
            kube::Error::Service(err) => {
                let text = error_chain(err.as_ref());
                if text.contains("elapsed") || text.contains("timed out") {
                    CliError::new(Kind::Unreachable, format!("request timed out: {text}"))
                        .with_hint("raise --request-timeout, or check the server")
                } else {
                    unreachable_error(&text)
                }
            }
            kube::Error::HttpError(err) => CliError::other(format!("bad request: {err}")),
            kube::Error::SerdeError(err) => {
                CliError::other(format!("could not decode the server's answer: {err}"))
            }
            kube::Error::RustlsTls(err) => {
                CliError::new(Kind::Unreachable, format!("TLS failure: {err}")).with_hint(
                    "pass --certificate-authority FILE, or --insecure to skip verification",
                )
            }
            other => {
                let text = error_chain(&other);
                if text.contains("certificate") || text.contains("tls") || text.contains("TLS") {
                    CliError::new(Kind::Unreachable, format!("TLS failure: {text}"))
                } else {
                    CliError::other(text)
                }
            }
        }
    }
}

impl From<crate::connect::transport::TransportError> for CliError {
    fn from(e: crate::connect::transport::TransportError) -> Self {
        use crate::connect::transport::TransportError as T;
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

fn unreachable_error(text: &str) -> CliError {
    let kind = Kind::Unreachable;
    if text.contains("certificate") || text.contains("InvalidCertificate") {
        CliError::new(kind, format!("TLS failure: {text}"))
            .with_hint("pass --certificate-authority FILE, or --insecure to skip verification")
    } else {
        CliError::new(kind, format!("server unreachable: {text}"))
            .with_hint("is the server running? check --server / LOFT_URL")
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
            (400, "BadRequest", 3),
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
            assert_eq!(err.message, "boom");
        }
    }

    #[test]
    fn empty_message_names_the_status() {
        let err = CliError::from_status(409, "", "");
        assert_eq!(err.kind, Kind::Conflict);
        assert_eq!(err.message, "the server answered HTTP 409");
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
}
