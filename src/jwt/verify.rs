//! Signature verification and the time checks behind `token decode --check`.
//!
//! The signature check uses jsonwebtoken with exactly the algorithms the *key* allows
//! (see [`super::key`]); the header's `alg` is only compared against that list, never
//! used to pick a key type. Times are checked here, not by jsonwebtoken, so that the
//! text and JSON outputs and `--check` agree on one reading of `exp` and `nbf`.

use std::fmt;

use jsonwebtoken::{Algorithm, Validation};
use serde_json::{Map, Value};

use super::key::VerifyKey;
use super::token::Jwt;

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyError(pub String);

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Refuse an unsigned token (`alg: none`, any case).
pub fn refuse_unsigned(jwt: &Jwt) -> Result<(), VerifyError> {
    if jwt.alg().eq_ignore_ascii_case("none") {
        return Err(VerifyError(
            "the token is unsigned (alg \"none\"); unsigned tokens are never accepted".into(),
        ));
    }
    Ok(())
}

/// Verify the signature of `jwt` with `key`. On success, the algorithm used.
pub fn verify(jwt: &Jwt, key: &VerifyKey) -> Result<Algorithm, VerifyError> {
    refuse_unsigned(jwt)?;
    let alg_name = jwt.alg();
    let allowed = key.algorithms();
    let Some(&alg) = allowed.iter().find(|a| alg_name == alg_label(**a).as_str()) else {
        let expected = match key.only {
            Some(only) => alg_label(only),
            None => key.kind.algorithm_names().to_string(),
        };
        return Err(VerifyError(format!(
            "the token's algorithm {alg_name:?} cannot be verified with an {} key (expected {expected})",
            key.kind,
        )));
    };
    let mut validation = Validation::new(alg);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    jsonwebtoken::decode::<Value>(&jwt.compact, &key.key, &validation).map_err(|e| {
        use jsonwebtoken::errors::ErrorKind;
        VerifyError(match e.kind() {
            ErrorKind::InvalidSignature => {
                "the signature does not match: the token was altered, or signed by another key"
                    .to_string()
            }
            ErrorKind::InvalidEcdsaKey | ErrorKind::InvalidRsaKey(_) => {
                format!("the key cannot verify this token ({e})")
            }
            _ => format!("the signature could not be checked ({e})"),
        })
    })?;
    Ok(alg)
}

/// The JOSE name of an algorithm (its variant name: `RS256`, `ES384`, …).
pub fn alg_label(alg: Algorithm) -> String {
    format!("{alg:?}")
}

/// Leeway for `nbf`: a token minted by a server whose clock runs a little ahead is
/// not refused. `exp` has no leeway: an expired token is reported as expired.
pub const NBF_LEEWAY_SECS: i64 = 60;

/// The registered times of a token, in Unix seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Times {
    pub iat: Option<i64>,
    pub nbf: Option<i64>,
    pub exp: Option<i64>,
}

impl Times {
    /// Read `iat`, `nbf` and `exp` (JSON numbers; fractions are cut to whole seconds).
    pub fn from_claims(claims: &Map<String, Value>) -> Result<Times, String> {
        let get = |name: &str| -> Result<Option<i64>, String> {
            match claims.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::Number(n)) => {
                    if let Some(i) = n.as_i64() {
                        Ok(Some(i))
                    } else {
                        match n.as_f64() {
                            Some(f) if f.is_finite() && f.abs() < 1e15 => {
                                Ok(Some(f.floor() as i64))
                            }
                            _ => Err(format!("the {name:?} claim is out of range")),
                        }
                    }
                }
                Some(_) => Err(format!(
                    "the {name:?} claim is not a number (NumericDate seconds)"
                )),
            }
        };
        Ok(Times {
            iat: get("iat")?,
            nbf: get("nbf")?,
            exp: get("exp")?,
        })
    }

    /// Expired at `now`: `exp` is at or before now (RFC 7519 4.1.4).
    pub fn expired(&self, now: i64) -> bool {
        self.exp.is_some_and(|exp| now >= exp)
    }

    /// Not yet valid at `now`: `nbf` is more than [`NBF_LEEWAY_SECS`] ahead.
    pub fn not_yet_valid(&self, now: i64) -> bool {
        self.nbf
            .is_some_and(|nbf| nbf > now.saturating_add(NBF_LEEWAY_SECS))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn times_read_numbers_and_refuse_the_rest() {
        let claims = json!({"iat": 100, "nbf": 100.7, "exp": 3700});
        let t = Times::from_claims(claims.as_object().unwrap()).unwrap();
        assert_eq!(
            t,
            Times {
                iat: Some(100),
                nbf: Some(100),
                exp: Some(3700)
            }
        );
        assert!(!t.expired(3699));
        assert!(t.expired(3700));
        assert!(!t.not_yet_valid(40));
        assert!(t.not_yet_valid(39));
        let none = Times::from_claims(&Map::new()).unwrap();
        assert!(!none.expired(i64::MAX));
        assert!(!none.not_yet_valid(i64::MIN));
        let bad = json!({"exp": "tomorrow"});
        assert_eq!(
            Times::from_claims(bad.as_object().unwrap()).unwrap_err(),
            "the \"exp\" claim is not a number (NumericDate seconds)"
        );
        let huge = json!({"exp": 1e300});
        assert!(Times::from_claims(huge.as_object().unwrap()).is_err());
    }
}
