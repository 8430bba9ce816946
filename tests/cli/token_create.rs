//! `loftctl token create` against a real `loftctl dev-server`, checked with
//! `loftctl token decode` and the dev-server's own public key.

use crate::common;

use std::io::{Read, Write};
use std::path::PathBuf;

use base64::Engine;
use common::{DevServer, Run, run};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// A dev-server that signs with the test key `tests/fixtures/token-test-rsa.pem`.
fn server() -> DevServer {
    DevServer::start_with(&["--signing-key", &fixture("token-test-rsa.pem")])
}

fn create(s: &DevServer, args: &[&str]) -> Run {
    run(s.loftctl().args(["token", "create"]).args(args))
}

fn decode(s: &DevServer, args: &[&str]) -> Run {
    run(s.loftctl().args(["token", "decode"]).args(args))
}

/// Create a token and return it; `-o token` prints the bare JWT and one newline.
fn create_token(s: &DevServer, args: &[&str]) -> String {
    let r = create(s, args);
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stderr, "", "{r}");
    let token = r.stdout.strip_suffix('\n').expect("a trailing newline");
    assert_eq!(token.split('.').count(), 3, "{r}");
    assert!(!token.contains(char::is_whitespace));
    token.to_string()
}

fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[test]
fn the_created_token_verifies_with_the_servers_key_and_carries_the_flags() {
    let s = server();
    let token = create_token(
        &s,
        &[
            "--ttl",
            "90m",
            "--project",
            "p1",
            "--project",
            "*",
            "--space",
            "p1/s1",
            "--space",
            "p2/*",
            "--virtual-cluster",
            "p1/vc1",
            "--cluster",
            "*",
            "--role",
            "runner",
            "--role",
            "loft-cli",
        ],
    );
    let r = decode(
        &s,
        &[
            &token,
            "--key",
            &fixture("token-test-rsa.pub.pem"),
            "--check",
            "-o",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{r}");
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["verified"], true);
    assert_eq!(v["expired"], false);
    assert_eq!(v["header"]["alg"], "RS256");
    assert!(v["header"]["kid"].is_string());
    let c = &v["claims"];
    assert_eq!(
        c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(),
        5400
    );
    assert_eq!(c["sub"], "loft:user:admin");
    assert_eq!(c["aud"], json!(["loft"]));
    assert_eq!(c["iss"], s.url.as_str());
    assert_eq!(c["loft.sh"]["name"], "admin");
    assert_eq!(c["loft.sh"]["kind"], "User");
    assert_eq!(c["loft.sh"]["gen"], 0);
    assert!(c["loft.sh"]["uid"].as_str().is_some_and(|u| u.len() == 36));
    assert_eq!(
        c["loft.sh"]["scope"],
        json!({
            "roles": [{"role": "runner"}, {"role": "loft-cli"}],
            "projects": [{"project": "p1"}, {"project": "*"}],
            "spaces": [{"project": "p1", "space": "s1"}, {"project": "p2", "space": "*"}],
            "virtualClusters": [{"project": "p1", "virtualCluster": "vc1"}],
            "clusters": [{"cluster": "*"}],
        })
    );
    assert_eq!(
        v["expiresAt"],
        jiff::Timestamp::from_second(c["exp"].as_i64().unwrap())
            .unwrap()
            .to_string()
    );
}

#[test]
fn ttl_defaults_to_the_servers_hour_and_follows_the_flag() {
    let s = server();
    for (args, ttl) in [
        (&[][..], 3600),
        (&["--ttl", "90s"][..], 90),
        (&["--ttl", "7d"][..], 7 * 86_400),
        (&["--ttl", "1h30m"][..], 5400),
        (&["--ttl", "120"][..], 120),
    ] {
        let c = claims_of(&create_token(&s, args));
        assert_eq!(
            c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(),
            ttl,
            "{args:?}"
        );
        // No scope flag: the claim carries no scope.
        assert!(c["loft.sh"].get("scope").is_none(), "{c}");
    }
}

/// GET a path of the dev-server over plain HTTP/1.0; return the body.
fn http_get(s: &DevServer, path: &str) -> String {
    let addr = s.url.strip_prefix("http://").unwrap();
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    write!(conn, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut text = String::new();
    conn.read_to_string(&mut text).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    assert!(
        head.starts_with("HTTP/1.0 200") || head.starts_with("HTTP/1.1 200"),
        "{head}"
    );
    body.to_string()
}

#[test]
fn a_generated_key_verifies_through_the_servers_jwks() {
    let s = DevServer::start(); // no --signing-key: the server makes its own
    let token = create_token(&s, &["--ttl", "10m", "--project", "p1"]);
    let jwks = s.home.path().join("jwks.json");
    std::fs::write(&jwks, http_get(&s, "/kubernetes/management/openid/v1/jwks")).unwrap();
    let jwks = jwks.to_string_lossy().into_owned();
    let r = decode(&s, &[&token, "--key", &jwks, "--check"]);
    assert_eq!(r.code, 0, "{r}");
    assert!(
        r.stdout.ends_with("signature verified (RS256, RSA key)\n"),
        "{r}"
    );
    // The test key is not the server's: exit 8.
    let r = decode(
        &s,
        &[
            &token,
            "--key",
            &fixture("token-test-rsa.pub.pem"),
            "--check",
        ],
    );
    assert_eq!(r.code, 8, "{r}");
}

#[test]
fn output_formats() {
    let s = server();
    let args = [
        "--ttl",
        "1h",
        "--virtual-cluster",
        "p1/*",
        "--role",
        "vcluster",
    ];

    let r = create(&s, &[&args[..], &["-o", "json"]].concat());
    assert_eq!(r.code, 0, "{r}");
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["kind"], "DirectClusterEndpointToken");
    assert_eq!(v["apiVersion"], "management.loft.sh/v1");
    assert_eq!(
        v["spec"],
        json!({"ttl": 3600, "scope": {
            "roles": [{"role": "vcluster"}],
            "virtualClusters": [{"project": "p1", "virtualCluster": "*"}],
        }})
    );
    let token = v["status"]["token"].as_str().unwrap();
    assert_eq!(claims_of(token)["loft.sh"]["scope"], v["spec"]["scope"]);

    let r = create(&s, &[&args[..], &["-o", "yaml"]].concat());
    assert_eq!(r.code, 0, "{r}");
    let y: Value = serde_saphyr::from_str(&r.stdout).unwrap();
    assert_eq!(y["kind"], "DirectClusterEndpointToken");
    assert_eq!(y["spec"], v["spec"]);
    assert_eq!(y["status"]["token"].as_str().unwrap().split('.').count(), 3);

    let r = create(&s, &[&args[..], &["-o", "claims"]].concat());
    assert_eq!(r.code, 0, "{r}");
    for line in [
        "  alg: RS256\n",
        "  sub: loft:user:admin\n",
        "  aud: loft\n",
        "loft.sh:\n  for User admin (uid ",
        "), token generation 0\n  scope:\n    roles: vcluster\n    virtual clusters: p1/*\n",
        "  expires: ",
        " (expires in ",
        "signature NOT verified (pass --key PEM_FILE to verify it)\n",
    ] {
        assert!(r.stdout.contains(line), "{line:?} in {r}");
    }
    // `-o claims` prints what `token decode` prints.
    let token = create_token(&s, &args);
    let decoded = decode(&s, &[&token]).stdout;
    assert_eq!(
        decoded
            .lines()
            .filter(|l| l.starts_with("  alg") || l.starts_with("    "))
            .collect::<Vec<_>>(),
        r.stdout
            .lines()
            .filter(|l| l.starts_with("  alg") || l.starts_with("    "))
            .collect::<Vec<_>>()
    );
}

#[test]
fn altered_tokens_from_the_server_fail_check_with_exit_8() {
    let s = server();
    let token = create_token(&s, &["--ttl", "1h", "--project", "p1"]);
    let key = fixture("token-test-rsa.pub.pem");
    let parts: Vec<&str> = token.split('.').collect();
    let enc = |v: &Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
    };
    let mut claims = claims_of(&token);

    // Tampered: the scope widened to every project, the server's signature kept.
    claims["loft.sh"]["scope"] = json!({"projects": [{"project": "*"}]});
    let tampered = format!("{}.{}.{}", parts[0], enc(&claims), parts[2]);
    // alg none: the same claims, unsigned.
    let none = format!(
        "{}.{}.",
        enc(&json!({"alg": "none", "typ": "JWT"})),
        enc(&claims)
    );
    // Expired: the server's own claims, exp moved into the past, signed by the same key
    // (so only the time is wrong).
    let mut old = claims_of(&token);
    let iat = old["iat"].as_i64().unwrap();
    old["iat"] = json!(iat - 7200);
    old["nbf"] = json!(iat - 7200);
    old["exp"] = json!(iat - 3600);
    let pem = std::fs::read(fixture("token-test-rsa.pem")).unwrap();
    let expired = jsonwebtoken::encode(
        &Header::new(Algorithm::RS256),
        &old,
        &EncodingKey::from_rsa_pem(&pem).unwrap(),
    )
    .unwrap();
    // HS256 "signed" with the server's public key as the HMAC secret.
    let confused = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims_of(&token),
        &EncodingKey::from_secret(&std::fs::read(&key).unwrap()),
    )
    .unwrap();

    let wrong = fixture("token-test-rsa-other.pub.pem");
    for (what, t, k, reason) in [
        ("tampered", &tampered, &key, "signature does not match"),
        ("wrong key", &token, &wrong, "signature does not match"),
        ("expired", &expired, &key, "the token expired 1h ago"),
        ("alg none", &none, &key, "unsigned (alg \"none\")"),
        (
            "HS256 confusion",
            &confused,
            &key,
            "algorithm \"HS256\" cannot be verified with an RSA key",
        ),
    ] {
        let r = decode(&s, &[t, "--key", k, "--check"]);
        assert_eq!(r.code, 8, "{what}: {r}");
        assert!(r.stderr.contains(reason), "{what}: {r}");
        assert!(!r.stderr.contains(t.as_str()), "{what}: token on stderr");
    }
    // And the untouched token passes.
    assert_eq!(decode(&s, &[&token, "--key", &key, "--check"]).code, 0);
}

#[test]
fn verbose_logs_the_request_but_never_the_token_or_key() {
    let s = server();
    let r = run(s
        .loftctl()
        .args(["-v", "token", "create", "--project", "p1"]));
    assert_eq!(r.code, 0, "{r}");
    let token = r.stdout.trim();
    assert!(r.stderr.contains("POST "), "{r}");
    assert!(
        r.stderr
            .contains("/apis/management.loft.sh/v1/directclusterendpointtokens"),
        "{r}"
    );
    assert!(!r.stderr.contains(token), "token on stderr: {r}");
    assert!(
        !r.stderr.contains(common::ADMIN_KEY),
        "access key on stderr: {r}"
    );
}

#[test]
fn server_errors_keep_their_exit_codes_and_print_no_token() {
    let s = server();
    let r = run(s.loftctl().env("LOFT_ACCESS_KEY", "wrong-key").args([
        "token",
        "create",
        "--project",
        "p1",
    ]));
    assert_eq!(r.code, 6, "{r}");
    assert_eq!(r.stdout, "");
}

#[test]
fn server_dry_run_is_accepted() {
    let s = server();
    let r = create(&s, &["--dry-run=server", "-o", "json", "--project", "p1"]);
    assert_eq!(r.code, 0, "{r}");
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["spec"]["scope"], json!({"projects": [{"project": "p1"}]}));
}

#[test]
fn a_manifest_file_is_validated_then_sent() {
    let s = server();
    let dir = s.home.path();
    let good = dir.join("token.yaml");
    std::fs::write(
        &good,
        "apiVersion: management.loft.sh/v1\nkind: DirectClusterEndpointToken\nspec:\n  ttl: 120\n  scope:\n    spaces:\n    - project: p1\n      space: '*'\n    roles:\n    - role: agent\n",
    )
    .unwrap();
    let token = create_token(&s, &["-f", &good.to_string_lossy()]);
    let c = claims_of(&token);
    assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), 120);
    assert_eq!(
        c["loft.sh"]["scope"],
        json!({"spaces": [{"project": "p1", "space": "*"}], "roles": [{"role": "agent"}]})
    );

    // Local validation fails before anything is sent: exit 3, FILE:LINE:COLUMN.
    let bad = dir.join("bad.yaml");
    std::fs::write(
        &bad,
        "apiVersion: management.loft.sh/v1\nkind: DirectClusterEndpointToken\nspec:\n  ttll: 120\n",
    )
    .unwrap();
    let r = create(&s, &["-f", &bad.to_string_lossy()]);
    assert_eq!(r.code, 3, "{r}");
    assert!(
        r.stderr
            .contains("bad.yaml:4:3: error: spec.ttll: unknown field (did you mean \"ttl\"?)"),
        "{r}"
    );
    assert_eq!(r.stdout, "");

    // A User is not a token request.
    let user = dir.join("user.yaml");
    std::fs::write(&user, "apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: alice\nspec:\n  username: alice\n").unwrap();
    let r = create(&s, &["-f", &user.to_string_lossy()]);
    assert_eq!(r.code, 3, "{r}");
    assert!(
        r.stderr
            .contains("expected kind DirectClusterEndpointToken, found \"User\""),
        "{r}"
    );

    // -f and the flags are exclusive: a usage error.
    let r = create(&s, &["-f", &good.to_string_lossy(), "--project", "p1"]);
    assert_eq!(r.code, 2, "{r}");
}
