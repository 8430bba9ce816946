//! Taking a compact JWS (`HEADER.PAYLOAD.SIGNATURE`) apart without trusting it.
//!
//! The header and the claims are kept as the token's own JSON objects (so that
//! `token decode -o json` shows them as they are, unknown members included), and the
//! header's `alg` is read as a plain string, so that `none` or an algorithm we do not
//! verify can still be shown — and then refused by [`super::verify`].
//!
//! Error messages never quote the input: it may be a bearer credential.

use std::fmt;

use base64::Engine;
use serde_json::{Map, Value};

/// A token split and decoded, not verified.
#[derive(Debug, Clone, PartialEq)]
pub struct Jwt {
    /// The compact form, trimmed.
    pub compact: String,
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
}

/// Why an input is not a JWT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAJwt(pub String);

impl fmt::Display for NotAJwt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a JWT: {}", self.0)
    }
}

/// Largest token accepted (the API server's request limit is 3 MiB; real tokens are
/// a few KiB).
pub const MAX_TOKEN_LEN: usize = 1024 * 1024;

impl Jwt {
    /// Split and decode. Surrounding whitespace and a leading `Bearer ` are ignored.
    pub fn parse(input: &str) -> Result<Jwt, NotAJwt> {
        let bad = |text: &str| NotAJwt(text.to_string());
        let mut text = input.trim();
        if let Some(rest) = text.strip_prefix("Bearer ") {
            text = rest.trim_start();
        }
        if text.is_empty() {
            return Err(bad("the input is empty"));
        }
        if text.len() > MAX_TOKEN_LEN {
            return Err(bad("the input is larger than 1 MiB"));
        }
        let parts: Vec<&str> = text.split('.').collect();
        if parts.len() != 3 {
            let found = parts.len();
            if found == 5 {
                return Err(bad(
                    "this looks like an encrypted token (JWE, 5 parts); only signed tokens (JWS, 3 parts) can be decoded",
                ));
            }
            return Err(NotAJwt(format!(
                "expected 3 base64url parts separated by dots (HEADER.PAYLOAD.SIGNATURE), found {found}"
            )));
        }
        if let Some(c) = text
            .chars()
            .find(|&c| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        {
            let what = if c.is_whitespace() {
                "whitespace".to_string()
            } else if c.is_ascii_graphic() {
                format!("{c:?}")
            } else {
                "a non-ASCII or control character".to_string()
            };
            return Err(NotAJwt(format!(
                "the token contains {what}; a JWT has only base64url characters (A-Z a-z 0-9 - _) and dots"
            )));
        }
        let header = object(parts[0], "header")?;
        let claims = object(parts[1], "payload")?;
        if header.get("alg").and_then(Value::as_str).is_none() {
            return Err(bad("the header has no \"alg\" string"));
        }
        Ok(Jwt {
            compact: text.to_string(),
            header,
            claims,
        })
    }

    /// The header's `alg` (checked present by [`Jwt::parse`]).
    pub fn alg(&self) -> &str {
        self.header
            .get("alg")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// The header's `kid`, when present.
    pub fn kid(&self) -> Option<&str> {
        self.header.get("kid").and_then(Value::as_str)
    }
}

fn object(part: &str, what: &str) -> Result<Map<String, Value>, NotAJwt> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| NotAJwt(format!("the {what} is not valid base64url")))?;
    let value: Value = serde_json::from_slice(&bytes)
        .map_err(|e| NotAJwt(format!("the {what} is not valid JSON ({e})")))?;
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(NotAJwt(format!("the {what} is not a JSON object"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
    }

    #[test]
    fn parses_header_and_claims_as_they_are() {
        let t = format!(
            "{}.{}.c2ln",
            b64(r#"{"alg":"RS256","kid":"k1","x-extra":1}"#),
            b64(r#"{"sub":"loft:user:admin","exp":10}"#)
        );
        let jwt = Jwt::parse(&format!("  Bearer {t}\n")).unwrap();
        assert_eq!(jwt.alg(), "RS256");
        assert_eq!(jwt.kid(), Some("k1"));
        assert_eq!(jwt.header["x-extra"], 1);
        assert_eq!(jwt.claims["sub"], "loft:user:admin");
        assert_eq!(jwt.compact, t);
    }

    #[test]
    fn alg_none_parses_so_that_it_can_be_shown() {
        let t = format!("{}.{}.", b64(r#"{"alg":"none"}"#), b64("{}"));
        assert_eq!(Jwt::parse(&t).unwrap().alg(), "none");
    }

    #[test]
    fn garbage_errors_name_the_problem_and_never_the_input() {
        let secretish = "sekret-value-123";
        let h = b64(r#"{"alg":"RS256"}"#);
        for (input, expect) in [
            (String::new(), "not a JWT: the input is empty"),
            ("   \n".to_string(), "not a JWT: the input is empty"),
            (
                secretish.to_string(),
                "not a JWT: expected 3 base64url parts separated by dots (HEADER.PAYLOAD.SIGNATURE), found 1",
            ),
            (
                "a.b.c.d.e".to_string(),
                "not a JWT: this looks like an encrypted token (JWE, 5 parts); only signed tokens (JWS, 3 parts) can be decoded",
            ),
            (
                format!("{h}.{secretish} x.sig"),
                "not a JWT: the token contains whitespace; a JWT has only base64url characters (A-Z a-z 0-9 - _) and dots",
            ),
            (
                format!("{h}.é.sig"),
                "not a JWT: the token contains a non-ASCII or control character; a JWT has only base64url characters (A-Z a-z 0-9 - _) and dots",
            ),
            (
                format!("{h}.{}.sig", "a"),
                "not a JWT: the payload is not valid base64url",
            ),
            (
                format!("{h}.{}.sig", b64("[1]")),
                "not a JWT: the payload is not a JSON object",
            ),
            (
                format!("{}.{}.sig", b64(r#"{"typ":"JWT"}"#), b64("{}")),
                "not a JWT: the header has no \"alg\" string",
            ),
        ] {
            let e = Jwt::parse(&input).unwrap_err().to_string();
            assert_eq!(e, expect, "{input:?}");
            assert!(!e.contains(secretish));
        }
        let e = Jwt::parse(&format!("{h}.{}.sig", b64("{nope"))).unwrap_err();
        assert!(e.0.starts_with("the payload is not valid JSON ("), "{e}");
    }
}
