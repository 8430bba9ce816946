//! What `token decode` (and `token create -o claims`) prints: the header, the claims,
//! the `loft.sh` claim with its scope, the times as RFC 3339 and relative, and what
//! became of the signature; as text or as a JSON object (`-o json`).

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use super::key::Keys;
use super::scope::render_scope;
use super::token::Jwt;
use super::verify::{Times, verify};

/// What became of the signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signature {
    /// No `--key`: nothing was checked.
    NotChecked,
    /// Verified with this algorithm and kind of key.
    Verified { alg: String, key: String },
    /// `--key` given and the signature does not verify (or cannot, e.g. `alg: none`).
    Invalid(String),
}

/// A decoded token and everything said about it at one instant.
#[derive(Debug, Clone)]
pub struct Report {
    pub jwt: Jwt,
    pub times: Times,
    /// Why `iat`/`nbf`/`exp` could not be read, when they could not.
    pub times_error: Option<String>,
    pub signature: Signature,
    /// Unix seconds at which the report was made.
    pub now: i64,
}

impl Report {
    pub fn new(jwt: Jwt, keys: Option<&Keys>, now: i64) -> Report {
        let (times, times_error) = match Times::from_claims(&jwt.claims) {
            Ok(t) => (t, None),
            Err(e) => (Times::default(), Some(e)),
        };
        let signature = match keys {
            None => Signature::NotChecked,
            Some(_) if jwt.header.contains_key("crit") => Signature::Invalid(crit_message(&jwt)),
            Some(keys) => match super::verify::refuse_unsigned(&jwt).and_then(|()| {
                keys.select(jwt.kid())
                    .map_err(super::verify::VerifyError)
                    .and_then(|key| verify(&jwt, key).map(|alg| (alg, key)))
            }) {
                Ok((alg, key)) => Signature::Verified {
                    alg: super::verify::alg_label(alg),
                    key: key.kind.to_string(),
                },
                Err(e) => Signature::Invalid(e.0),
            },
        };
        Report {
            jwt,
            times,
            times_error,
            signature,
            now,
        }
    }

    pub fn verified(&self) -> bool {
        matches!(self.signature, Signature::Verified { .. })
    }

    pub fn expired(&self) -> bool {
        self.times.expired(self.now)
    }

    fn unsigned(&self) -> bool {
        self.jwt.alg().eq_ignore_ascii_case("none")
    }

    /// The reasons `--check` fails, empty when it passes: expired, not yet valid,
    /// unreadable times, an unsigned token, or (with a key) a bad signature.
    pub fn check_failures(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Signature::Invalid(e) = &self.signature {
            out.push(format!("signature INVALID: {e}"));
        } else if self.unsigned() {
            out.push("the token is unsigned (alg \"none\")".to_string());
        }
        if self.jwt.header.contains_key("crit") && !matches!(self.signature, Signature::Invalid(_))
        {
            out.push(crit_message(&self.jwt));
        }
        if let Some(e) = &self.times_error {
            out.push(e.clone());
        }
        if let Some(exp) = self.times.exp.filter(|_| self.expired()) {
            out.push(format!("the token {}", expiry_phrase(exp, self.now)));
        }
        if let Some(nbf) = self
            .times
            .nbf
            .filter(|_| self.times.not_yet_valid(self.now))
        {
            out.push(format!(
                "the token is not valid before {} (in {})",
                rfc3339(nbf),
                span(nbf.saturating_sub(self.now))
            ));
        }
        out
    }

    /// `-o json`: `{"header", "claims", "verified", "expired", "expiresAt"}`.
    pub fn to_json(&self) -> Value {
        json!({
            "header": Value::Object(self.jwt.header.clone()),
            "claims": Value::Object(self.jwt.claims.clone()),
            "verified": self.verified(),
            "expired": self.expired(),
            "expiresAt": self.times.exp.map(rfc3339),
        })
    }

    /// The text form.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        // Everything below comes from the token: escaped, so that no value can forge a
        // line ("signature verified") or hide one from the terminal.
        let escaped =
            |m: &Map<String, Value>| match crate::escape::escape_value(&Value::Object(m.clone())) {
                Value::Object(m) => m,
                _ => Map::new(),
            };
        let header = &escaped(&self.jwt.header);
        out.push_str("header:\n");
        for key in ["alg", "kid"] {
            if let Some(v) = header.get(key) {
                let _ = writeln!(out, "  {key}: {}", text(v));
            }
        }
        for (key, v) in header.iter().filter(|(k, _)| *k != "alg" && *k != "kid") {
            let _ = writeln!(out, "  {key}: {}", text(v));
        }

        let claims = &escaped(&self.jwt.claims);
        out.push_str("claims:\n");
        let shown = ["iss", "sub", "aud", "jti"];
        for key in shown {
            if let Some(v) = claims.get(key) {
                let _ = writeln!(out, "  {key}: {}", text(v));
            }
        }
        if let Some(iat) = self.times.iat {
            let _ = writeln!(out, "  issued: {} ({})", rfc3339(iat), ago(iat, self.now));
        }
        if let Some(nbf) = self.times.nbf {
            let _ = writeln!(
                out,
                "  not before: {} ({})",
                rfc3339(nbf),
                ago(nbf, self.now)
            );
        }
        match self.times.exp {
            Some(exp) => {
                let _ = writeln!(
                    out,
                    "  expires: {} ({})",
                    rfc3339(exp),
                    expiry_phrase(exp, self.now)
                );
            }
            None if self.times_error.is_none() => out.push_str("  expires: never (no exp claim)\n"),
            None => {}
        }
        if let Some(e) = &self.times_error {
            let _ = writeln!(
                out,
                "  times: unreadable: {}",
                crate::escape::escape_line(e)
            );
        }
        let known = ["iss", "sub", "aud", "jti", "iat", "nbf", "exp", "loft.sh"];
        for (key, v) in claims.iter().filter(|(k, _)| !known.contains(&k.as_str())) {
            let _ = writeln!(out, "  {key}: {}", text(v));
        }

        if let Some(loft) = claims.get("loft.sh") {
            out.push_str("loft.sh:\n");
            render_loft(&mut out, loft);
        }

        out.push_str(&match &self.signature {
            Signature::NotChecked if self.unsigned() => {
                "signature NOT verified: the token is unsigned (alg \"none\")\n".to_string()
            }
            Signature::NotChecked => {
                "signature NOT verified (pass --key PEM_FILE to verify it)\n".to_string()
            }
            Signature::Verified { alg, key } => format!("signature verified ({alg}, {key} key)\n"),
            Signature::Invalid(e) => format!(
                "signature INVALID: {}\n",
                crate::escape::escape_line(&e.to_string())
            ),
        });
        out
    }
}

/// A `crit` header names extensions the verifier must understand or reject the token
/// (RFC 7515, section 4.1.11); loftctl understands none.
fn crit_message(jwt: &super::token::Jwt) -> String {
    format!(
        "the header marks extensions critical that loftctl does not understand (crit: {})",
        crate::escape::escape_line(&jwt.header["crit"].to_string())
    )
}

/// The `loft.sh` claim as Loft writes it: who the token is for (`kind`, `name`, `uid`,
/// token generation `gen`), then the scope, then `originalRequester`, then anything else.
fn render_loft(out: &mut String, loft: &Value) {
    let Some(map) = loft.as_object() else {
        let _ = writeln!(out, "  {}", text(loft));
        return;
    };
    let _ = writeln!(out, "  {}", who(map));
    match map.get("scope") {
        None | Some(Value::Null) => out.push_str("  scope: (none)\n"),
        Some(scope) if scope.as_object().is_some_and(Map::is_empty) => {
            out.push_str("  scope: (none)\n")
        }
        Some(scope) if scope.is_object() => {
            out.push_str("  scope:\n");
            out.push_str(&render_scope(scope, "    "));
        }
        Some(other) => {
            let _ = writeln!(out, "  scope: {}", text(other));
        }
    }
    if let Some(requester) = map.get("originalRequester").filter(|v| !v.is_null()) {
        render_requester(out, requester);
    }
    for (key, v) in map.iter().filter(|(k, _)| {
        !matches!(
            k.as_str(),
            "uid" | "name" | "kind" | "gen" | "scope" | "originalRequester"
        )
    }) {
        let _ = writeln!(out, "  {key}: {}", text(v));
    }
}

/// `for User alice (uid 1f2…), token generation 3`; parts the claim lacks are left out.
fn who(map: &Map<String, Value>) -> String {
    let mut line = "for".to_string();
    if let Some(kind) = map.get("kind").map(text).filter(|k| !k.is_empty()) {
        let _ = write!(line, " {kind}");
    }
    match map.get("name").map(text).filter(|n| !n.is_empty()) {
        Some(name) => {
            let _ = write!(line, " {name}");
        }
        None => line.push_str(" (no name)"),
    }
    if let Some(uid) = map.get("uid").map(text).filter(|u| !u.is_empty()) {
        let _ = write!(line, " (uid {uid})");
    }
    if let Some(generation) = map.get("gen") {
        let _ = write!(line, ", token generation {}", text(generation));
    }
    line
}

/// Loft's `originalRequester`: the Go field names `Name`, `UID`, `Groups`, `Extra`.
fn render_requester(out: &mut String, requester: &Value) {
    let Some(map) = requester.as_object() else {
        let _ = writeln!(out, "  original requester: {}", text(requester));
        return;
    };
    out.push_str("  original requester:\n");
    for key in ["Name", "UID", "Groups"] {
        if let Some(v) = map.get(key) {
            let _ = writeln!(out, "    {key}: {}", text(v));
        }
    }
    match map.get("Extra") {
        Some(Value::Object(extra)) => {
            out.push_str("    Extra:\n");
            for (k, v) in extra {
                let _ = writeln!(out, "      {k}: {}", text(v));
            }
        }
        Some(other) => {
            let _ = writeln!(out, "    Extra: {}", text(other));
        }
        None => {}
    }
    for (key, v) in map
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "Name" | "UID" | "Groups" | "Extra"))
    {
        let _ = writeln!(out, "    {key}: {}", text(v));
    }
}

/// A claim value as text: strings bare, string arrays joined, the rest compact JSON.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// Unix seconds as RFC 3339 (UTC), or the number when out of range.
pub fn rfc3339(secs: i64) -> String {
    match jiff::Timestamp::from_second(secs) {
        Ok(ts) => ts.to_string(),
        Err(_) => format!("{secs} (out of range)"),
    }
}

/// A span of seconds, to the two largest units: `59m`, `1h30m`, `2d3h`, `45s`.
pub fn span(secs: i64) -> String {
    let s = secs.max(0);
    let (d, h, m, sec) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60, s % 60);
    let two = |a: i64, au: &str, b: i64, bu: &str| {
        if b == 0 {
            format!("{a}{au}")
        } else {
            format!("{a}{au}{b}{bu}")
        }
    };
    if d > 0 {
        two(d, "d", h, "h")
    } else if h > 0 {
        two(h, "h", m, "m")
    } else if m > 0 {
        format!("{m}m")
    } else {
        format!("{sec}s")
    }
}

/// `expires in 59m`, `expired 3h ago`, `expired just now`.
pub fn expiry_phrase(exp: i64, now: i64) -> String {
    if now >= exp {
        match now.saturating_sub(exp) {
            0 => "expired just now".to_string(),
            d => format!("expired {} ago", span(d)),
        }
    } else {
        format!("expires in {}", span(exp.saturating_sub(now)))
    }
}

/// `5m ago`, `in 5m`, `now`.
pub fn ago(t: i64, now: i64) -> String {
    match now.saturating_sub(t) {
        0 => "now".to_string(),
        d if d > 0 => format!("{} ago", span(d)),
        d => format!("in {}", span(d.saturating_neg())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every truncation and many one-character changes of a real token: never a panic,
    /// and a signature that verifies only for the original.
    #[test]
    fn mangled_tokens_never_panic_and_never_verify() {
        let pem = std::fs::read(format!(
            "{}/tests/fixtures/token-test-ec256.pem",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let keys = Keys::from_bytes(&pem).unwrap();
        let claims = json!({"sub": "loft:user:a", "exp": 4_000_000_000u64, "loft.sh": {"uid": "u1", "name": "a", "kind": "User", "gen": 1, "scope": {"projects": [{"project": "p"}]}}});
        let token = jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::ES256),
            &claims,
            &jsonwebtoken::EncodingKey::from_ec_pem(&pem).unwrap(),
        )
        .unwrap();
        let original = Report::new(Jwt::parse(&token).unwrap(), Some(&keys), 0);
        assert!(original.verified());
        assert!(original.check_failures().is_empty());
        for cut in 0..token.len() {
            if let Ok(jwt) = Jwt::parse(&token[..cut]) {
                let r = Report::new(jwt, Some(&keys), 0);
                assert!(!r.verified(), "truncated at {cut}");
                let _ = (r.to_text(), r.to_json());
            }
        }
        for (i, _) in token.char_indices().step_by(3) {
            for c in ['A', 'z', '-', '.', '_', '0'] {
                let mut t = token.clone();
                t.replace_range(i..i + 1, &c.to_string());
                if t == token {
                    continue;
                }
                if let Ok(jwt) = Jwt::parse(&t) {
                    let r = Report::new(jwt, Some(&keys), 0);
                    // A change in base64 padding bits can decode to the same bytes; anything
                    // else must fail.
                    if r.verified() {
                        assert_eq!(r.jwt.header, original.jwt.header);
                        assert_eq!(r.jwt.claims, original.jwt.claims);
                    }
                    let _ = (r.to_text(), r.to_json(), r.check_failures());
                }
            }
        }
    }

    #[test]
    fn spans_and_phrases() {
        assert_eq!(span(0), "0s");
        assert_eq!(span(45), "45s");
        assert_eq!(span(3599), "59m");
        assert_eq!(span(3600), "1h");
        assert_eq!(span(5400), "1h30m");
        assert_eq!(span(90_000), "1d1h");
        assert_eq!(span(7 * 86_400), "7d");
        assert_eq!(expiry_phrase(3600, 1), "expires in 59m");
        assert_eq!(expiry_phrase(100, 100), "expired just now");
        assert_eq!(expiry_phrase(0, 3 * 3600 + 10), "expired 3h ago");
        assert_eq!(ago(0, 5), "5s ago");
        assert_eq!(ago(65, 5), "in 1m");
        assert_eq!(ago(5, 5), "now");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(i64::MAX), format!("{} (out of range)", i64::MAX));
    }
}
