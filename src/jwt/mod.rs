//! JWT decoding and verification for `loftctl token`.
//!
//! - [`token`] takes a compact JWS apart without trusting it;
//! - [`key`] reads `--key` PEM files (public keys, certificates, private keys);
//! - [`verify`] checks a signature with the algorithms the key allows, and the times;
//! - [`report`] renders what `token decode` prints (text and JSON);
//! - [`scope`] parses the `token create` flags into an `AccessKeyScope`;
//! - [`input`] reads the token (`TOKEN`, `-`, `@FILE`) and the key file;
//! - [`create`] builds, sends and prints a `DirectClusterEndpointToken`.

pub mod create;
pub mod input;
pub mod key;
pub mod report;
pub mod scope;
pub mod token;
pub mod verify;

pub use key::{Keys, VerifyKey};
pub use report::Report;
pub use token::Jwt;

use crate::error::{CliError, Result};

/// Parse `text` as a JWT and report on it at `now` (Unix seconds), verifying the
/// signature when a key is given. Input that is not a JWT is an error (exit 1).
pub fn decode(text: &str, keys: Option<&Keys>, now: i64) -> Result<Report> {
    let jwt = Jwt::parse(text).map_err(|e| {
        CliError::other(e.to_string())
            .with_hint("pass the token itself, @FILE, or - to read it from stdin")
    })?;
    Ok(Report::new(jwt, keys, now))
}

/// The current time in Unix seconds.
pub fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}
