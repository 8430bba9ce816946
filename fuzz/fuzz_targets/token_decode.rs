//! Fuzz token decoding: any bytes as the token text through `loftctl::jwt::decode`,
//! without a key, with each of the test keys (RSA, EC P-256, a JWK set), and with a key
//! file taken from the input itself (PEM or JWK JSON, through `Keys::from_bytes`); then
//! both renderings of the report.
//!
//! The first byte picks the key; with mode 4 the rest is `KEY 0xFF TOKEN`.
//! Run (from the repository root):
//!
//!     fuzz/seed.sh
//!     cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run token_decode -- -max_total_time=600 -jobs=1
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use loftctl::jwt::{Keys, decode};

/// A fixed "now" (2026-01-01), so that runs are repeatable.
const NOW: i64 = 1_767_225_600;

const RSA_PUB: &[u8] = include_bytes!("../../tests/fixtures/token-test-rsa.pub.pem");
const EC_PUB: &[u8] = include_bytes!("../../tests/fixtures/token-test-ec256.pub.pem");
const JWKS: &[u8] = include_bytes!("../../tests/fixtures/token-test-jwks.json");

fn fixed_keys() -> &'static [Keys; 3] {
    static KEYS: OnceLock<[Keys; 3]> = OnceLock::new();
    KEYS.get_or_init(|| {
        [
            Keys::from_bytes(RSA_PUB).expect("RSA test key"),
            Keys::from_bytes(EC_PUB).expect("EC test key"),
            Keys::from_bytes(JWKS).expect("JWK set test key"),
        ]
    })
}

fn check(text: &str, keys: Option<&Keys>) {
    match decode(text, keys, NOW) {
        Ok(report) => {
            let _ = report.to_text();
            let _ = report.to_json().to_string();
            let _ = report.check_failures();
            let _ = report.expired();
            // Nothing is verified without a key.
            assert!(keys.is_some() || !report.verified(), "verified without a key");
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match mode % 5 {
        0 => check(&String::from_utf8_lossy(rest), None),
        m @ 1..=3 => check(
            &String::from_utf8_lossy(rest),
            Some(&fixed_keys()[usize::from(m - 1)]),
        ),
        _ => {
            let (key, token) = match rest.iter().position(|&b| b == 0xFF) {
                Some(i) => (&rest[..i], &rest[i + 1..]),
                None => (rest, &b""[..]),
            };
            let text = String::from_utf8_lossy(token);
            match Keys::from_bytes(key) {
                Ok(keys) => check(&text, Some(&keys)),
                Err(e) => {
                    let _ = e.to_string();
                    check(&text, None);
                }
            }
        }
    }
});
