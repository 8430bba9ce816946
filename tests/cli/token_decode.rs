//! `loftctl token decode` against tokens signed here with the test keys in
//! `tests/fixtures/token-test-*.pem` (no server needed).
//!
//! Times are chosen days away from now, and RFC 3339 stamps are replaced by
//! placeholders, so that the text snapshots do not depend on when the test runs.

use crate::common;

use std::path::PathBuf;

use base64::Engine;
use common::{Run, loftctl_cmd, run, run_with_stdin};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

const DAY: i64 = 86_400;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

fn rfc3339(secs: i64) -> String {
    jiff::Timestamp::from_second(secs).unwrap().to_string()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Claims in Loft's layout (its `loft.sh` claim: who, generation, scope, and the
/// original requester), valid from 10 days ago for 20 days.
fn claims(iat: i64, exp: i64) -> Value {
    json!({
        "iss": "http://127.0.0.1:8080",
        "sub": "loft:user:admin",
        "aud": ["loft"],
        "iat": iat,
        "nbf": iat,
        "exp": exp,
        "jti": "6a1f9c6e-0000-4000-8000-000000000001",
        "loft.sh": {
            "uid": "0d6f1c2a-5b8e-4c1d-9a3f-7e2b4c6d8e01",
            "name": "alice",
            "kind": "User",
            "gen": 3,
            "originalRequester": {
                "Name": "bob",
                "UID": "5c9e7a10-2f4b-4d6e-8a1c-3b5d7f9e0a12",
                "Groups": ["devs", "system:authenticated"],
                "Extra": {"reason": ["on call"]},
            },
            "scope": {
                "projects": [{"project": "p1"}],
                "spaces": [{"project": "p1", "space": "*"}],
                "virtualClusters": [{"project": "p1", "virtualCluster": "vc1"}],
                "clusters": [{"cluster": "*"}],
                "roles": [{"role": "runner"}],
            },
        },
    })
}

fn sign(alg: Algorithm, key: &str, claims: &Value) -> String {
    let pem = std::fs::read(fixture(key)).unwrap();
    let key = match alg {
        Algorithm::RS256 | Algorithm::RS384 | Algorithm::RS512 => {
            EncodingKey::from_rsa_pem(&pem).unwrap()
        }
        Algorithm::ES256 | Algorithm::ES384 => EncodingKey::from_ec_pem(&pem).unwrap(),
        _ => EncodingKey::from_secret(&pem),
    };
    let mut header = Header::new(alg);
    header.kid = Some("test-kid".into());
    jsonwebtoken::encode(&header, claims, &key).unwrap()
}

fn valid_times() -> (i64, i64) {
    let n = now();
    (n - 10 * DAY - 1800, n + 10 * DAY + 1800)
}

fn decode(args: &[&str]) -> Run {
    let home = tempfile::tempdir().unwrap();
    run(loftctl_cmd(home.path())
        .args(["token", "decode"])
        .args(args))
}

fn key_arg(name: &str) -> String {
    fixture(name).to_string_lossy().into_owned()
}

/// The run with RFC 3339 stamps replaced, and the token never on stderr.
fn redact(r: &Run, token: &str, iat: i64, exp: i64) -> String {
    assert!(!r.stderr.contains(token), "token leaked to stderr");
    r.to_string()
        .replace(&rfc3339(iat), "<IAT>")
        .replace(&rfc3339(exp), "<EXP>")
        .replace(&key_arg(""), "<FIXTURES>/")
}

#[test]
fn a_verified_token_shows_everything() {
    let (iat, exp) = valid_times();
    let token = sign(Algorithm::RS256, "token-test-rsa.pem", &claims(iat, exp));
    let r = decode(&[
        &token,
        "--key",
        &key_arg("token-test-rsa.pub.pem"),
        "--check",
    ]);
    insta::assert_snapshot!(redact(&r, &token, iat, exp), @r"
    exit: 0
    --- stdout
    header:
      alg: RS256
      kid: test-kid
      typ: JWT
    claims:
      iss: http://127.0.0.1:8080
      sub: loft:user:admin
      aud: loft
      jti: 6a1f9c6e-0000-4000-8000-000000000001
      issued: <IAT> (10d ago)
      not before: <IAT> (10d ago)
      expires: <EXP> (expires in 10d)
    loft.sh:
      for User alice (uid 0d6f1c2a-5b8e-4c1d-9a3f-7e2b4c6d8e01), token generation 3
      scope:
        projects: p1
        spaces: p1/*
        virtual clusters: p1/vc1
        clusters: *
        roles: runner
      original requester:
        Name: bob
        UID: 5c9e7a10-2f4b-4d6e-8a1c-3b5d7f9e0a12
        Groups: devs, system:authenticated
        Extra:
          reason: on call
    signature verified (RS256, RSA key)
    --- stderr
    ");
}

#[test]
fn without_a_key_the_signature_is_not_verified_and_check_only_checks_times() {
    let (iat, exp) = valid_times();
    let token = sign(Algorithm::RS256, "token-test-rsa.pem", &claims(iat, exp));
    let r = decode(&[&token, "--check"]);
    assert_eq!(r.code, 0, "{r}");
    assert!(
        r.stdout
            .ends_with("signature NOT verified (pass --key PEM_FILE to verify it)\n")
    );
}

#[test]
fn json_output_has_the_spec_shape_and_the_tokens_own_claims() {
    let (iat, exp) = valid_times();
    let c = claims(iat, exp);
    let token = sign(Algorithm::RS256, "token-test-rsa.pem", &c);
    let r = decode(&[
        &token,
        "-o",
        "json",
        "--key",
        &key_arg("token-test-rsa.crt.pem"),
    ]);
    assert_eq!(r.code, 0, "{r}");
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v,
        json!({
            "header": {"typ": "JWT", "alg": "RS256", "kid": "test-kid"},
            "claims": c,
            "verified": true,
            "expired": false,
            "expiresAt": rfc3339(exp),
        })
    );
    // Without a key: verified is false, all else the same.
    let r = decode(&[&token, "-o", "json"]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["verified"], false);
    assert_eq!(v["claims"], c);
}

#[test]
fn every_supported_algorithm_and_key_form_verifies() {
    let (iat, exp) = valid_times();
    let c = claims(iat, exp);
    for (alg, signer, keys) in [
        (
            Algorithm::RS256,
            "token-test-rsa.pem",
            &[
                "token-test-rsa.pub.pem",
                "token-test-rsa.pkcs1.pub.pem",
                "token-test-rsa.crt.pem",
                "token-test-rsa.pem",
            ][..],
        ),
        (
            Algorithm::RS384,
            "token-test-rsa.pem",
            &["token-test-rsa.pub.pem"][..],
        ),
        (
            Algorithm::RS512,
            "token-test-rsa.pem",
            &["token-test-rsa.crt.pem"][..],
        ),
        (
            Algorithm::ES256,
            "token-test-ec256.pem",
            &[
                "token-test-ec256.pub.pem",
                "token-test-ec256.crt.pem",
                "token-test-ec256.pem",
            ][..],
        ),
        (
            Algorithm::ES384,
            "token-test-ec384.pem",
            &["token-test-ec384.pub.pem"][..],
        ),
    ] {
        let token = sign(alg, signer, &c);
        for key in keys {
            let r = decode(&[&token, "--key", &key_arg(key), "--check", "-o", "json"]);
            assert_eq!(r.code, 0, "{alg:?} with {key}: {r}");
            let v: Value = serde_json::from_str(&r.stdout).unwrap();
            assert_eq!(v["verified"], true, "{alg:?} with {key}");
        }
    }
}

/// Each of these fails `--check` with exit 8, and names why on stderr.
#[test]
fn bad_tokens_fail_check_with_exit_8() {
    let (iat, exp) = valid_times();
    let c = claims(iat, exp);
    let good = sign(Algorithm::RS256, "token-test-rsa.pem", &c);
    let parts: Vec<&str> = good.split('.').collect();

    // Claims changed after signing: a wider scope, the original signature kept.
    let mut widened = c.clone();
    widened["loft.sh"]["scope"] = json!({});
    let tampered_claims = format!(
        "{}.{}.{}",
        parts[0],
        b64(serde_json::to_string(&widened).unwrap().as_bytes()),
        parts[2]
    );
    // One signature character changed.
    let mut first = parts[2].chars().collect::<Vec<_>>();
    first[0] = if first[0] == 'x' { 'y' } else { 'x' };
    let tampered_sig = format!(
        "{}.{}.{}",
        parts[0],
        parts[1],
        first.iter().collect::<String>()
    );

    let n = now();
    let expired = sign(
        Algorithm::RS256,
        "token-test-rsa.pem",
        &claims(n - 3 * DAY, n - 2 * DAY),
    );
    let not_yet = sign(
        Algorithm::RS256,
        "token-test-rsa.pem",
        &claims(n + 2 * DAY, n + 3 * DAY),
    );
    let none = format!(
        "{}.{}.",
        b64(br#"{"alg":"none","typ":"JWT"}"#),
        b64(serde_json::to_string(&c).unwrap().as_bytes())
    );
    // Algorithm confusion: HS256 with the RSA public key file as the HMAC secret.
    let confused = sign(Algorithm::HS256, "token-test-rsa.pub.pem", &c);
    let es256 = sign(Algorithm::ES256, "token-test-ec256.pem", &c);

    let rsa = key_arg("token-test-rsa.pub.pem");
    let other = key_arg("token-test-rsa-other.pub.pem");
    let ec = key_arg("token-test-ec256.pub.pem");
    let cases: Vec<(&str, &str, &str, &str)> = vec![
        (
            "tampered claims",
            &tampered_claims,
            &rsa,
            "signature INVALID: the signature does not match",
        ),
        (
            "tampered signature",
            &tampered_sig,
            &rsa,
            "signature INVALID",
        ),
        (
            "wrong key",
            &good,
            &other,
            "signature INVALID: the signature does not match",
        ),
        ("expired", &expired, &rsa, "the token expired 2d ago"),
        (
            "not yet valid",
            &not_yet,
            &rsa,
            "the token is not valid before",
        ),
        ("alg none", &none, &rsa, "unsigned (alg \"none\")"),
        (
            "HS256 with the public key as secret",
            &confused,
            &rsa,
            "algorithm \"HS256\" cannot be verified with an RSA key (expected RS256, RS384 or RS512)",
        ),
        (
            "ES256 token, RSA key",
            &es256,
            &rsa,
            "algorithm \"ES256\" cannot be verified with an RSA key",
        ),
        (
            "RS256 token, EC key",
            &good,
            &ec,
            "algorithm \"RS256\" cannot be verified with an EC P-256 key (expected ES256)",
        ),
    ];
    for (what, token, key, reason) in cases {
        let r = decode(&[token, "--key", key, "--check"]);
        assert_eq!(r.code, 8, "{what}: {r}");
        assert!(
            r.stderr.starts_with("error: token check failed: "),
            "{what}: {r}"
        );
        assert!(r.stderr.contains(reason), "{what}: {r}");
        assert!(!r.stderr.contains(token), "{what}: token leaked to stderr");
        // The report is still printed, for the reader to see what is wrong.
        assert!(r.stdout.contains("claims:"), "{what}: {r}");
    }

    // Without a key, --check still fails expired, not-yet-valid and unsigned tokens.
    for (what, token) in [
        ("expired", &expired),
        ("not yet valid", &not_yet),
        ("alg none", &none),
    ] {
        let r = decode(&[token, "--check"]);
        assert_eq!(r.code, 8, "{what} without --key: {r}");
    }
}

#[test]
fn a_bad_signature_without_check_is_reported_and_exits_0() {
    let (iat, exp) = valid_times();
    let token = sign(Algorithm::RS256, "token-test-rsa.pem", &claims(iat, exp));
    let r = decode(&[&token, "--key", &key_arg("token-test-rsa-other.pub.pem")]);
    let text = redact(&r, &token, iat, exp);
    let tail: Vec<&str> = text.lines().skip_while(|l| !l.contains("roles:")).collect();
    insta::assert_snapshot!(tail.join("\n"), @r"
        roles: runner
      original requester:
        Name: bob
        UID: 5c9e7a10-2f4b-4d6e-8a1c-3b5d7f9e0a12
        Groups: devs, system:authenticated
        Extra:
          reason: on call
    signature INVALID: the signature does not match: the token was altered, or signed by another key
    --- stderr
    warning: signature INVALID: the signature does not match: the token was altered, or signed by another key (pass --check to fail on it)
    ");
    assert_eq!(r.code, 0);
    let r = decode(&[
        &token,
        "--key",
        &key_arg("token-test-rsa-other.pub.pem"),
        "-o",
        "json",
    ]);
    assert_eq!(
        serde_json::from_str::<Value>(&r.stdout).unwrap()["verified"],
        false
    );
}

#[test]
fn an_expired_token_says_so() {
    let n = now();
    let (iat, exp) = (n - 3 * DAY - 1800, n - 2 * DAY - 1800);
    let token = sign(Algorithm::RS256, "token-test-rsa.pem", &claims(iat, exp));
    let r = decode(&[&token, "-o", "json"]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["expired"], true);
    assert_eq!(v["expiresAt"], rfc3339(exp));
    let r = decode(&[&token]);
    assert_eq!(r.code, 0);
    assert!(
        redact(&r, &token, iat, exp).contains("  expires: <EXP> (expired 2d ago)\n"),
        "{r}"
    );
}

#[test]
fn the_token_comes_from_an_argument_stdin_or_a_file() {
    let (iat, exp) = valid_times();
    let token = sign(Algorithm::RS256, "token-test-rsa.pem", &claims(iat, exp));
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("t.jwt");
    std::fs::write(&file, format!("{token}\n")).unwrap();
    let expected = decode(&[&token]).stdout;
    assert!(expected.contains("sub: loft:user:admin"));

    let piped = |args: &[&str]| {
        run_with_stdin(
            loftctl_cmd(home.path())
                .args(["token", "decode"])
                .args(args),
            &format!("{token}\n"),
        )
    };
    assert_eq!(piped(&[]).stdout, expected, "no argument reads stdin");
    assert_eq!(piped(&["-"]).stdout, expected, "- reads stdin");
    let at = format!("@{}", file.display());
    assert_eq!(decode(&[&at]).stdout, expected, "@FILE");
}

#[test]
fn garbage_is_exit_1_and_never_echoed() {
    let home = tempfile::tempdir().unwrap();
    for (input, message) in [
        (
            "hello-secret-garbage",
            "error: not a JWT: expected 3 base64url parts separated by dots (HEADER.PAYLOAD.SIGNATURE), found 1\n",
        ),
        (
            "secret.bits.here",
            "error: not a JWT: the header is not valid base64url\n",
        ),
        ("", "error: not a JWT: the input is empty\n"),
    ] {
        let r = run_with_stdin(loftctl_cmd(home.path()).args(["token", "decode"]), input);
        assert_eq!(r.code, 1, "{r}");
        assert_eq!(r.stdout, "");
        assert_eq!(
            r.stderr,
            format!("{message}hint: pass the token itself, @FILE, or - to read it from stdin\n")
        );
    }
    // A missing file and an unusable key are errors (1), not check failures (8).
    let r = decode(&["@/nonexistent/t.jwt", "--check"]);
    assert_eq!(r.code, 1, "{r}");
    assert!(
        r.stderr
            .starts_with("error: cannot read /nonexistent/t.jwt: "),
        "{r}"
    );
    let not_a_key = home.path().join("k.pem");
    std::fs::write(&not_a_key, "hello").unwrap();
    let (iat, exp) = valid_times();
    let token = sign(Algorithm::RS256, "token-test-rsa.pem", &claims(iat, exp));
    let r = decode(&[&token, "--key", &not_a_key.to_string_lossy(), "--check"]);
    assert_eq!(r.code, 1, "{r}");
    assert!(r.stderr.contains("cannot use --key"), "{r}");
    assert!(r.stderr.contains("not a PEM file"), "{r}");
    // Usage errors are clap's: exit 2.
    assert_eq!(decode(&["-o", "yaml", &token]).code, 2);
}

#[test]
fn create_flag_errors_are_usage_errors_naming_the_form() {
    let home = tempfile::tempdir().unwrap();
    for (args, expect) in [
        (
            &["--role", "admin"][..],
            "invalid role \"admin\": expected one of agent, loft-cli, metrics-reader, metrics-writer, network-peer, runner, vcluster, workspace",
        ),
        (&["--space", "p1"][..], "expected PROJECT/SPACE"),
        (
            &["--virtual-cluster", "*/v1"][..],
            "expected PROJECT/VIRTUAL_CLUSTER",
        ),
        (&["--project", "P1"][..], "expected a project name"),
        (&["--cluster", "a b"][..], "expected a cluster name"),
        (
            &["--ttl", "soon"][..],
            "expected e.g. 90s, 30m, 1h, 7d or seconds",
        ),
        (&["--ttl", "0"][..], "a lifetime must be at least 1s"),
        (
            &["-o", "table"][..],
            "possible values: token, json, yaml, claims",
        ),
        (
            &["--dry-run=maybe"][..],
            "possible values: none, client, server",
        ),
    ] {
        // No server is configured: the flags are refused before any connection.
        let r = run(loftctl_cmd(home.path())
            .args(["token", "create"])
            .args(args));
        assert_eq!(r.code, 2, "{args:?}: {r}");
        assert!(r.stderr.contains(expect), "{args:?}: {r}");
        assert_eq!(r.stdout, "");
    }
}

#[test]
fn create_client_dry_run_sends_nothing_and_prints_the_request() {
    let home = tempfile::tempdir().unwrap();
    let r = run(loftctl_cmd(home.path()).args([
        "token",
        "create",
        "--dry-run=client",
        "-o",
        "json",
        "--ttl",
        "90m",
        "--project",
        "p1",
        "--space",
        "p1/*",
        "--role",
        "runner",
        "--role",
        "runner",
    ]));
    assert_eq!(r.code, 0, "{r}");
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v,
        json!({
            "apiVersion": "management.loft.sh/v1",
            "kind": "DirectClusterEndpointToken",
            "metadata": {},
            "spec": {"ttl": 5400, "scope": {
                "roles": [{"role": "runner"}],
                "projects": [{"project": "p1"}],
                "spaces": [{"project": "p1", "space": "*"}],
            }},
        })
    );
}
