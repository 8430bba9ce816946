//! `loftctl accesskey` and the `--ttl` both credential commands share.

use crate::common;

use common::{loftctl_cmd, run};

/// `accesskey create --dry-run=client -o json` needs no server: the request itself.
fn request(args: &[&str]) -> common::Run {
    let home = tempfile::tempdir().unwrap();
    run(loftctl_cmd(home.path())
        .args([
            "accesskey",
            "create",
            "ci",
            "--dry-run=client",
            "-o",
            "json",
        ])
        .args(args))
}

#[test]
fn ttl_takes_days_weeks_minutes_and_seconds_in_both_commands() {
    for (ttl, seconds) in [
        ("1d", 86_400),
        ("1w", 604_800),
        ("90m", 5_400),
        ("3600", 3_600),
    ] {
        let out = request(&["--ttl", ttl]);
        assert_eq!(out.code, 0, "{ttl}: {out}");
        let key: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(key["spec"]["ttl"], seconds, "{ttl}");

        let home = tempfile::tempdir().unwrap();
        let out = run(loftctl_cmd(home.path()).args([
            "token",
            "create",
            "--ttl",
            ttl,
            "--dry-run=client",
            "-o",
            "json",
        ]));
        assert_eq!(out.code, 0, "{ttl}: {out}");
        let token: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(token["spec"]["ttl"], seconds, "{ttl}");
    }
}

#[test]
fn zero_and_negative_ttls_are_usage_errors_with_a_hint() {
    for command in [&["accesskey", "create", "ci"][..], &["token", "create"]] {
        for ttl in ["0", "0s", "-1h", "-5"] {
            for form in [vec!["--ttl", ttl], vec![]] {
                let home = tempfile::tempdir().unwrap();
                let mut cmd = loftctl_cmd(home.path());
                cmd.args(command);
                let eq = format!("--ttl={ttl}");
                if form.is_empty() {
                    cmd.arg(&eq);
                } else {
                    cmd.args(&form);
                }
                let out = run(cmd.arg("--dry-run=client"));
                assert_eq!(out.code, 2, "{command:?} {ttl}: {out}");
                let why = if ttl.starts_with('-') {
                    "cannot be negative"
                } else {
                    "at least 1s"
                };
                assert!(out.stderr.contains(why), "{command:?} {ttl}: {out}");
                assert!(
                    out.stderr.contains("leave --ttl out"),
                    "{command:?} {ttl}: {out}"
                );
            }
        }
    }
}

#[test]
fn the_request_is_a_user_key_with_the_shared_scope_flags() {
    let out = request(&[
        "--ttl",
        "1d",
        "--project",
        "p1",
        "--space",
        "p1/s1",
        "--virtual-cluster",
        "p1/vc1",
        "--cluster",
        "c1",
        "--role",
        "vcluster",
        "--user",
        "alice",
        "--display-name",
        "CI",
        "--description",
        "deploys",
    ]);
    assert_eq!(out.code, 0, "{out}");
    let key: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        key,
        serde_json::json!({
            "apiVersion": "management.loft.sh/v1",
            "kind": "OwnedAccessKey",
            "metadata": {"name": "ci"},
            "spec": {
                "displayName": "CI",
                "description": "deploys",
                "user": "alice",
                "ttl": 86400,
                "scope": {
                    "roles": [{"role": "vcluster"}],
                    "projects": [{"project": "p1"}],
                    "spaces": [{"project": "p1", "space": "s1"}],
                    "virtualClusters": [{"project": "p1", "virtualCluster": "vc1"}],
                    "clusters": [{"cluster": "c1"}],
                },
                "type": "User",
            },
        })
    );
    // The scope flags are checked as token create checks them.
    let out = request(&["--space", "nope"]);
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("expected PROJECT/SPACE"), "{out}");
}

#[test]
fn delete_without_a_terminal_refuses_unless_yes() {
    let home = tempfile::tempdir().unwrap();
    let out = run(loftctl_cmd(home.path())
        .env("LOFT_URL", common::dead_url())
        .env("LOFT_ACCESS_KEY", "k")
        .args(["accesskey", "delete", "ci"]));
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("refusing to delete"), "{out}");
    assert!(out.stderr.contains("--yes"), "{out}");
}

/// A scripted server on 127.0.0.1 that answers every OwnedAccessKey read with the key
/// itself in `spec.key` (as a careless or older server might). Returns its URL.
fn server_that_sends_keys(secret: &'static str) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let mut reader = BufReader::new(stream);
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            let key = serde_json::json!({
                "apiVersion": "management.loft.sh/v1",
                "kind": "OwnedAccessKey",
                "metadata": {"name": "leaky", "creationTimestamp": "2026-01-01T00:00:00Z"},
                "spec": {"user": "alice", "type": "User", "key": secret, "ttl": 60},
            });
            let body = if request_line.contains("/ownedaccesskeys/leaky") {
                key
            } else if request_line.contains("/users/alice/accesskeys") {
                serde_json::json!({"kind": "UserAccessKeys", "apiVersion": "management.loft.sh/v1", "accessKeys": [key]})
            } else {
                serde_json::json!({"kind": "OwnedAccessKeyList", "apiVersion": "management.loft.sh/v1", "metadata": {}, "items": [key]})
            }
            .to_string();
            let mut stream = reader.into_inner();
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    url
}

#[test]
fn the_key_is_never_printed_even_when_a_server_sends_it() {
    const SECRET: &str = "sent-by-the-server-0123456789abcdef";
    let url = server_that_sends_keys(SECRET);
    let home = tempfile::tempdir().unwrap();
    for format in ["table", "wide", "json", "yaml", "name", "jsonpath={..key}"] {
        for args in [
            vec!["accesskey", "list", "-o", format],
            vec!["accesskey", "get", "leaky", "-o", format],
            vec!["user", "access-keys", "alice", "-o", format],
        ] {
            let out = run(loftctl_cmd(home.path())
                .env("LOFT_URL", &url)
                .env("LOFT_ACCESS_KEY", "k")
                .args(&args));
            assert_eq!(out.code, 0, "{args:?}: {out}");
            if !format.starts_with("jsonpath") {
                assert!(out.stdout.contains("leaky"), "{args:?}: {out}");
            }
            assert!(
                !out.stdout.contains(SECRET) && !out.stderr.contains(SECRET),
                "{args:?} printed the key: {out}"
            );
        }
    }
}

#[test]
fn a_manifest_is_validated_before_anything_is_sent() {
    let home = tempfile::tempdir().unwrap();
    let good = home.path().join("key.yaml");
    std::fs::write(
        &good,
        "apiVersion: management.loft.sh/v1\nkind: OwnedAccessKey\nmetadata:\n  name: from-file\nspec:\n  ttl: 600\n  displayName: From a file\n",
    )
    .unwrap();
    let out = run(loftctl_cmd(home.path())
        .args(["accesskey", "create", "-f"])
        .arg(&good)
        .args(["--dry-run=client", "-o", "json"]));
    assert_eq!(out.code, 0, "{out}");
    let key: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(key["metadata"]["name"], "from-file");
    assert_eq!(key["spec"]["type"], "User", "the type defaults to User");

    let bad = home.path().join("bad.yaml");
    std::fs::write(
        &bad,
        "apiVersion: management.loft.sh/v1\nkind: OwnedAccessKey\nmetadata:\n  name: bad\nspec:\n  tll: 600\n",
    )
    .unwrap();
    let out = run(loftctl_cmd(home.path())
        .env("LOFT_URL", common::dead_url())
        .env("LOFT_ACCESS_KEY", "k")
        .args(["accesskey", "create", "-f"])
        .arg(&bad));
    assert_eq!(out.code, 3, "{out}");
    assert!(out.stderr.contains("spec.tll"), "{out}");
}
