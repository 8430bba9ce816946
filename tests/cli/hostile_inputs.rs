//! Hostile inputs: each must end with its exit code and a message naming the problem,
//! never a panic or a backtrace, and never hang (every run is under a watchdog that
//! kills it and fails the test after 20 s; 60 s for the multi-MiB inputs).
//!
//! Small inputs live in `tests/fixtures/hostile/` (they also seed the fuzz corpora,
//! `fuzz/seed.sh`); big ones are generated here.

use crate::common;
use crate::common::watchdog;

use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine;
use watchdog::{Watched, assert_no_panic, run_limited};

fn hostile(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name)
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

const BIG: Duration = Duration::from_secs(60);

/// `loftctl ARGS` (no server), stdin from `input`, under the watchdog.
fn loftctl(args: &[&str], input: Option<&[u8]>, limit: Duration) -> Watched {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = common::loftctl_cmd(home.path());
    cmd.args(args);
    let w = run_limited(&mut cmd, input, limit);
    assert_no_panic(&w);
    w
}

/// Assert the exit code and that `fragment` is in `stream` ("stdout" or "stderr").
fn expect(w: &Watched, code: i32, stream: &str, fragment: &str) {
    let text = if stream == "stdout" {
        &w.stdout
    } else {
        &w.stderr
    };
    assert!(
        w.code == code && text.contains(fragment),
        "expected exit {code} and {fragment:?} on {stream}; got exit {}\n--- stdout\n{}\n--- stderr\n{}",
        w.code,
        truncate(&w.stdout),
        truncate(&w.stderr)
    );
}

fn truncate(s: &str) -> &str {
    match s.char_indices().nth(2000) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// `validate FILE`: the exit code, the diagnostic (stdout) and the summary (stderr).
fn validate_file(path: &Path, limit: Duration) -> Watched {
    loftctl(&["validate", path.to_str().unwrap()], None, limit)
}

/// `validate -` with these bytes on stdin.
fn validate_stdin(data: &[u8], limit: Duration) -> Watched {
    loftctl(&["validate", "-"], Some(data), limit)
}

fn write_temp(dir: &tempfile::TempDir, name: &str, data: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, data).unwrap();
    p
}

const USER: &str = "apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: alice\nspec:\n  username: alice\n  email: alice@example.com\n";

// ---------------------------------------------------------------- validate: YAML/JSON

#[test]
fn alias_bomb_is_refused_with_exit_3() {
    for name in ["laughs.yaml", "laughs-user.yaml"] {
        let w = validate_file(&hostile(name), watchdog::LIMIT);
        expect(&w, 3, "stdout", "too many alias expansions");
        expect(&w, 3, "stdout", "billion laughs");
        expect(
            &w,
            3,
            "stderr",
            "error: validation failed: 0 documents, 1 error",
        );
    }
}

#[test]
fn ten_thousand_deep_yaml_is_refused_with_exit_3() {
    let flow_seq = "[".repeat(10_000) + &"]".repeat(10_000);
    let flow_map = "{a: ".repeat(10_000) + "1" + &"}".repeat(10_000);
    // A block sequence nested 10,000 deep on one line: `- - - … x`.
    let block = "- ".repeat(10_000) + "x\n";
    for (doc, fragment) in [
        (flow_seq, "nesting deeper than 256 levels"),
        (flow_map, "nesting deeper than 256 levels"),
        (block, "nesting deeper than 256 levels"),
    ] {
        let w = validate_stdin(doc.as_bytes(), watchdog::LIMIT);
        expect(&w, 3, "stdout", fragment);
        expect(&w, 3, "stdout", "-:1:");
    }
}

#[test]
fn ten_thousand_deep_json_is_refused_with_exit_3() {
    let arrays = "[".repeat(10_000) + &"]".repeat(10_000);
    let objects = "{\"a\":".repeat(10_000) + "1" + &"}".repeat(10_000);
    let dir = tempfile::tempdir().unwrap();
    for (name, doc) in [("deep.json", arrays), ("deep-obj.json", objects)] {
        let w = validate_file(&write_temp(&dir, name, doc.as_bytes()), watchdog::LIMIT);
        expect(&w, 3, "stdout", &format!("{name}:1:"));
        expect(&w, 3, "stdout", "nesting deeper than 256 levels");
    }
}

#[test]
fn a_document_over_3_mib_is_refused_with_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    let doc = format!(
        "{USER}  description: {}\n",
        "x".repeat(3 * 1024 * 1024 + 100)
    );
    let w = validate_file(&write_temp(&dir, "huge.yaml", doc.as_bytes()), BIG);
    expect(&w, 3, "stdout", "huge.yaml:1:1: error: document is 3145");
    expect(&w, 3, "stdout", "over the 3 MiB limit of the API server");
}

#[test]
fn a_stream_over_3_mib_of_small_documents_is_checked_in_full() {
    // 3.5 MiB in ~27,000 documents, some non-ASCII: each is within the limit. (Sizing
    // the documents of a big stream was quadratic and hung: regression test.)
    let mut text = String::new();
    let mut n = 0;
    while text.len() < 3_500_000 {
        text.push_str(
            &USER
                .replace("alice", &format!("u{n}"))
                .replace("  email: u", "  displayName: Ålice Ünicode\n  email: u"),
        );
        text.push_str("---\n");
        n += 1;
    }
    let dir = tempfile::tempdir().unwrap();
    let w = validate_file(&write_temp(&dir, "many.yaml", text.as_bytes()), BIG);
    expect(
        &w,
        0,
        "stderr",
        &format!("{n} documents, 0 errors, 0 warnings"),
    );
}

#[test]
fn invalid_utf8_is_refused_with_its_position() {
    let w = validate_file(&hostile("invalid-utf8.yaml"), watchdog::LIMIT);
    expect(
        &w,
        3,
        "stdout",
        "invalid-utf8.yaml:4:12: error: invalid UTF-8 (byte 0xff at offset 66)",
    );
}

#[test]
fn binary_junk_is_refused_from_a_file_and_from_stdin() {
    let junk: Vec<u8> = (0..16).flat_map(|_| 0u8..=255).collect();
    let dir = tempfile::tempdir().unwrap();
    let w = validate_file(&write_temp(&dir, "junk.bin", &junk), watchdog::LIMIT);
    expect(
        &w,
        3,
        "stdout",
        "junk.bin:2:118: error: invalid UTF-8 (byte 0x80",
    );
    let w = validate_stdin(&junk, watchdog::LIMIT);
    expect(&w, 3, "stdout", "-:2:118: error: invalid UTF-8");
    // NUL and control bytes that are valid UTF-8.
    let w = validate_stdin(b"\0\x01\x02kind: User\x7f\n", watchdog::LIMIT);
    expect(&w, 3, "stdout", "-:1:1: error:");
}

#[test]
fn truncated_json_is_a_syntax_error_at_the_end() {
    let w = validate_file(&hostile("truncated.json"), watchdog::LIMIT);
    expect(&w, 3, "stdout", "truncated.json:1:78: error: syntax error");
    expect(&w, 3, "stdout", "unexpected end of stream");
}

#[test]
fn duplicate_keys_are_errors_in_yaml_and_json() {
    let w = validate_file(&hostile("dup.yaml"), watchdog::LIMIT);
    expect(
        &w,
        3,
        "stdout",
        "dup.yaml:8:1: error: duplicate key \"spec\"",
    );
    let w = validate_file(&hostile("dup.json"), watchdog::LIMIT);
    expect(
        &w,
        3,
        "stdout",
        "dup.json:1:76: error: duplicate key \"name\"",
    );
}

#[test]
fn odd_tags_are_read_as_their_plain_values() {
    // Like kubectl (go-yaml), a local tag (`!custom`) is ignored and the value is
    // taken as written; `!!binary` is not decoded: the base64 text is the value (here
    // an email that is no email, so a warning).
    let w = validate_file(&hostile("custom-tag.yaml"), watchdog::LIMIT);
    expect(&w, 0, "stderr", "1 document, 0 errors, 0 warnings");
    let w = validate_file(&hostile("binary-tag.yaml"), watchdog::LIMIT);
    expect(
        &w,
        0,
        "stdout",
        "binary-tag.yaml:7:10: warning: spec.email: \"aGVsbG8=\" does not look like an email address",
    );
    let w = loftctl(
        &[
            "validate",
            "--strict",
            hostile("binary-tag.yaml").to_str().unwrap(),
        ],
        None,
        watchdog::LIMIT,
    );
    expect(&w, 3, "stderr", "validation failed");
}

#[test]
fn empty_input_and_only_comments_find_no_objects() {
    for name in ["empty.yaml", "comments.yaml"] {
        let w = validate_file(&hostile(name), watchdog::LIMIT);
        expect(
            &w,
            3,
            "stdout",
            &format!("{name}:1:1: error: no objects found"),
        );
    }
    let w = validate_stdin(b"", watchdog::LIMIT);
    expect(&w, 3, "stdout", "-:1:1: error: no objects found");
}

// ---------------------------------------------------------------- token decode

fn decode(args: &[&str], input: Option<&[u8]>) -> Watched {
    let mut all = vec!["token", "decode"];
    all.extend_from_slice(args);
    loftctl(&all, input, watchdog::LIMIT)
}

fn at(path: &Path) -> String {
    format!("@{}", path.display())
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[test]
fn alg_none_tokens_are_never_verified() {
    let key = fixture("token-test-rsa.pub.pem");
    let key = key.to_str().unwrap();
    for name in ["none.jwt", "none-upper.jwt", "none-sig.jwt"] {
        let token = at(&hostile(name));
        // Shown, but flagged; --check fails with 8, with or without a key.
        let w = decode(&[&token], None);
        expect(
            &w,
            0,
            "stdout",
            "signature NOT verified: the token is unsigned (alg \"none\")",
        );
        let w = decode(&[&token, "--key", key], None);
        expect(
            &w,
            0,
            "stderr",
            "warning: signature INVALID: the token is unsigned (alg \"none\"); unsigned tokens are never accepted",
        );
        let w = decode(&[&token, "--check"], None);
        expect(
            &w,
            8,
            "stderr",
            "error: token check failed: the token is unsigned (alg \"none\")",
        );
        let w = decode(&[&token, "--key", key, "--check"], None);
        expect(&w, 8, "stderr", "the token is unsigned (alg \"none\")");
        let w = decode(&[&token, "--key", key, "-o", "json"], None);
        expect(&w, 0, "stdout", "\"verified\": false");
    }
}

#[test]
fn a_jwt_with_a_1_mib_header_is_refused() {
    let header = format!(
        "{{\"alg\":\"RS256\",\"x\":\"{}\"}}",
        "a".repeat(1024 * 1024)
    );
    let token = format!(
        "{}.{}.{}",
        b64(header.as_bytes()),
        b64(b"{\"sub\":\"x\"}"),
        b64(b"sig")
    );
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(&dir, "big.jwt", token.as_bytes());
    let w = decode(&[&at(&path)], None);
    expect(&w, 1, "stderr", "error: not a JWT:");
    expect(&w, 1, "stderr", "holds more than 1 MiB");
    let w = decode(&["-"], Some(token.as_bytes()));
    expect(&w, 1, "stderr", "more than 1 MiB");
    assert!(!w.stderr.contains("aaaaaaaa"), "the input is not echoed");
}

#[test]
fn tokens_with_non_base64_parts_name_the_character() {
    let w = decode(&[&at(&hostile("nonb64.jwt"))], None);
    expect(
        &w,
        1,
        "stderr",
        "error: not a JWT: the token contains '$'; a JWT has only base64url characters",
    );
    let w = decode(&[&at(&hostile("nonb64-payload.jwt"))], None);
    expect(&w, 1, "stderr", "the token contains '@'");
    // Standard base64 padding and + / are not base64url either.
    let w = decode(&["eyJhbGciOiJIUzI1NiJ9.e30=.c2ln+/"], None);
    expect(&w, 1, "stderr", "the token contains '='");
}

#[test]
fn malformed_tokens_say_what_is_wrong() {
    for (name, code, fragment) in [
        (
            "hdr-notjson.jwt",
            1,
            "not a JWT: the header is not valid JSON",
        ),
        (
            "hdr-array.jwt",
            1,
            "not a JWT: the header is not a JSON object",
        ),
        (
            "hdr-utf8bad.jwt",
            1,
            "not a JWT: the header is not valid JSON",
        ),
        (
            "two-parts.jwt",
            1,
            "expected 3 base64url parts separated by dots",
        ),
        (
            "jwe.jwt",
            1,
            "this looks like an encrypted token (JWE, 5 parts)",
        ),
        ("invalid-utf8.jwt", 1, "not a JWT: "),
    ] {
        let w = decode(&[&at(&hostile(name))], None);
        expect(&w, code, "stderr", fragment);
        expect(&w, code, "stderr", "error: ");
    }
    let deep = format!(
        "{}.{}.{}",
        b64(br#"{"alg":"RS256"}"#),
        b64(&[b"[".repeat(10_000), b"]".repeat(10_000)].concat()),
        b64(b"s")
    );
    let w = decode(&["-"], Some(deep.as_bytes()));
    expect(
        &w,
        1,
        "stderr",
        "not a JWT: the payload is not valid JSON (recursion limit exceeded",
    );
    let junk: Vec<u8> = (0u8..=255).collect();
    let w = decode(&["-"], Some(&junk));
    expect(&w, 1, "stderr", "not a JWT: ");
    let w = decode(&["-"], Some(b""));
    expect(&w, 1, "stderr", "not a JWT: the input is empty");
}

#[test]
fn hostile_key_files_are_refused() {
    let token = at(&fixture("tokens/rs256.jwt"));
    let dir = tempfile::tempdir().unwrap();
    let junk: Vec<u8> = (0u8..=255).collect();
    let deep = format!("{{\"keys\":{}", "[".repeat(10_000));
    for (name, data, fragment) in [
        ("junk.pem", junk.as_slice(), "not a PEM file"),
        (
            "deep.json",
            deep.as_bytes(),
            "not a JWK set: invalid JSON (recursion limit exceeded",
        ),
        ("empty.pem", b"".as_slice(), "not a PEM file"),
    ] {
        let key = write_temp(&dir, name, data);
        let w = decode(&[&token, "--key", key.to_str().unwrap()], None);
        expect(
            &w,
            1,
            "stderr",
            &format!("error: cannot use --key {}: {fragment}", key.display()),
        );
    }
}

// ---------------------------------------------------------------- PEM files

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap()
}

/// Hostile PEM files for every option that reads one: wrong label, base64 cut off,
/// garbage after the base64, an empty file. `token decode --key` fails with 1,
/// `--certificate-authority` and `dev-server --signing-key` are usage errors (2).
fn hostile_pems(good: &str) -> Vec<(&'static str, Vec<u8>)> {
    let label = good
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("-----BEGIN "))
        .and_then(|l| l.strip_suffix("-----"))
        .unwrap();
    vec![
        ("empty", Vec::new()),
        ("wrong-label", good.replace(label, "X509 CRL").into_bytes()),
        ("truncated", good.as_bytes()[..good.len() / 2].to_vec()),
        (
            "garbage-in-block",
            good.replace("-----END", "%%garbage%%\n-----END")
                .into_bytes(),
        ),
        ("binary", (0u8..=255).collect()),
    ]
}

#[test]
fn hostile_pem_key_files_are_refused_by_token_decode() {
    let token = at(&fixture("tokens/rs256.jwt"));
    let dir = tempfile::tempdir().unwrap();
    for good in ["token-test-rsa.pub.pem", "token-test-rsa.crt.pem"] {
        for (name, data) in hostile_pems(&fixture_text(good)) {
            let fragment = match name {
                "empty" | "binary" => "not a PEM file",
                "wrong-label" => "no public key, certificate or private key found in the PEM file",
                "truncated" => "the PEM file is truncated",
                _ => "the PEM block is not valid base64",
            };
            let key = write_temp(&dir, &format!("{name}-{good}"), &data);
            let w = decode(&[&token, "--key", key.to_str().unwrap()], None);
            expect(
                &w,
                1,
                "stderr",
                &format!("error: cannot use --key {}: {fragment}", key.display()),
            );
        }
    }
}

#[test]
fn a_certificate_chain_verifies_with_its_first_certificate() {
    let token = at(&fixture("tokens/rs256.jwt"));
    let dir = tempfile::tempdir().unwrap();
    let rsa = fixture_text("token-test-rsa.crt.pem");
    let ec = fixture_text("token-test-ec256.crt.pem");
    let chain = write_temp(&dir, "chain.pem", format!("{rsa}{ec}").as_bytes());
    let w = decode(
        &[&token, "--key", chain.to_str().unwrap(), "-o", "json"],
        None,
    );
    expect(&w, 0, "stdout", "\"verified\": true");
    // The first certificate decides: an EC leaf refuses an RS256 token.
    let chain = write_temp(&dir, "chain-ec.pem", format!("{ec}{rsa}").as_bytes());
    let w = decode(
        &[&token, "--key", chain.to_str().unwrap(), "-o", "json"],
        None,
    );
    expect(&w, 0, "stdout", "\"verified\": false");
}

#[test]
fn hostile_certificate_authority_files_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    for (name, data) in hostile_pems(&fixture_text("token-test-rsa.crt.pem")) {
        let fragment = match name {
            "truncated" => "the PEM file is truncated",
            "garbage-in-block" => "a CERTIFICATE block is not valid base64",
            _ => "no CERTIFICATE block found",
        };
        let ca = write_temp(&dir, name, &data);
        let url = common::dead_url();
        let w = loftctl(
            &[
                "user",
                "get",
                "--server",
                &url.replace("http://", "https://"),
                "--access-key",
                "k",
                "--certificate-authority",
                ca.to_str().unwrap(),
            ],
            None,
            watchdog::LIMIT,
        );
        expect(
            &w,
            2,
            "stderr",
            &format!(
                "error: --certificate-authority {}: {fragment}",
                ca.display()
            ),
        );
    }
}

#[test]
fn hostile_signing_keys_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let good = fixture_text("dev-server-signing-key.pem");
    for (name, data) in hostile_pems(&good) {
        let fragment = match name {
            "truncated" => "the PEM file is truncated",
            "garbage-in-block" => "not valid base64",
            "binary" => "cannot read --signing-key",
            _ => "no private key found",
        };
        let key = write_temp(&dir, name, &data);
        let w = loftctl(
            &[
                "dev-server",
                "--listen",
                "127.0.0.1:0",
                "--signing-key",
                key.to_str().unwrap(),
            ],
            None,
            watchdog::LIMIT,
        );
        expect(&w, 2, "stderr", fragment);
    }
}
