//! `loftctl user patch` against a real dev-server.

use crate::common;
use crate::user_support;

use common::dead_url;
use common::{DevServer, READONLY_KEY, run, run_with_stdin};
use serde_json::json;
use user_support::{fetch, seed, user};

fn server_with_alice() -> DevServer {
    let server = DevServer::start();
    let alice = user(
        "alice",
        json!({"email": "alice@example.com", "groups": ["dev"], "description": "kept"}),
    );
    seed(&server, vec![alice]);
    server
}

#[test]
fn merge_and_json_patches() {
    let server = server_with_alice();
    let r = run(server.loftctl().args([
        "user",
        "patch",
        "alice",
        "-p",
        r#"{"spec":{"email":"new@example.com"}}"#,
    ]));
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "user.management.loft.sh/alice patched\n"),
        "{r}"
    );
    let after = fetch(&server, "alice");
    assert_eq!(after["spec"]["email"], "new@example.com");

    // The same patch again changes nothing.
    let r = run(server.loftctl().args([
        "user",
        "patch",
        "alice",
        "-p",
        r#"{"spec":{"email":"new@example.com"}}"#,
    ]));
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "user.management.loft.sh/alice patched (no change)\n"),
        "{r}"
    );
    assert_eq!(
        fetch(&server, "alice")["metadata"]["resourceVersion"],
        after["metadata"]["resourceVersion"]
    );

    let r = run(server.loftctl().args([
        "user",
        "patch",
        "alice",
        "--type",
        "json",
        "-p",
        r#"[{"op":"add","path":"/spec/groups/-","value":"admins"}]"#,
    ]));
    assert_eq!(r.code, 0, "{r}");
    let after = fetch(&server, "alice");
    assert_eq!(after["spec"]["groups"], json!(["dev", "admins"]));
    assert_eq!(after["spec"]["description"], "kept");
}

#[test]
fn patch_from_a_file_and_from_stdin() {
    let server = server_with_alice();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("patch.yaml");
    std::fs::write(&file, "spec:\n  displayName: Alice\n").unwrap();
    let r = run(server
        .loftctl()
        .args(["user", "patch", "alice", "--patch-file"])
        .arg(&file));
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(fetch(&server, "alice")["spec"]["displayName"], "Alice");

    let r = run_with_stdin(
        server.loftctl().args([
            "user",
            "patch",
            "alice",
            "--patch-file",
            "-",
            "--type",
            "json",
        ]),
        r#"[{"op":"replace","path":"/spec/displayName","value":"Alice S."}]"#,
    );
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(fetch(&server, "alice")["spec"]["displayName"], "Alice S.");

    let r = run(server.loftctl().args([
        "user",
        "patch",
        "alice",
        "--patch-file",
        "/nonexistent/p.json",
    ]));
    assert_eq!(r.code, 2, "{r}");
}

#[test]
fn an_invalid_result_is_refused_before_sending() {
    let server = server_with_alice();
    let before = fetch(&server, "alice");
    let r = run(server.loftctl().args([
        "user",
        "patch",
        "alice",
        "-p",
        r#"{"spec":{"emial":"x@example.com"}}"#,
    ]));
    assert_eq!(r.code, 3, "{r}");
    assert!(r.stderr.contains(r#"did you mean "email""#), "{r}");
    assert!(r.stderr.contains("nothing was sent"), "{r}");
    let r = run(server.loftctl().args([
        "user",
        "patch",
        "alice",
        "-p",
        r#"{"spec":{"disabled":"yes"}}"#,
    ]));
    assert_eq!(r.code, 3, "{r}");
    // A JSON patch that does not apply to the current object.
    let r = run(server.loftctl().args([
        "user",
        "patch",
        "alice",
        "--type",
        "json",
        "-p",
        r#"[{"op":"test","path":"/spec/email","value":"someone-else@example.com"}]"#,
    ]));
    assert_eq!(r.code, 3, "{r}");
    assert_eq!(fetch(&server, "alice"), before, "nothing was sent");
}

#[test]
fn bad_patch_documents_are_usage_errors() {
    let server = server_with_alice();
    for (ty, patch) in [
        ("merge", "{not json"),
        ("merge", "[1,2]"),
        ("json", r#"{"spec":{}}"#),
        ("json", r#"[{"op":"frobnicate","path":"/spec"}]"#),
    ] {
        let r = run(server
            .loftctl()
            .args(["user", "patch", "alice", "--type", ty, "-p", patch]));
        assert_eq!(r.code, 2, "{ty} {patch}: {r}");
        assert!(r.stderr.starts_with("error: "), "{r}");
    }
    let r = run(server.loftctl().args(["user", "patch", "alice"]));
    assert_eq!(r.code, 2, "-p or --patch-file is required: {r}");
}

#[test]
fn dry_runs_change_nothing() {
    let server = server_with_alice();
    let before = fetch(&server, "alice");
    let p = r#"{"spec":{"email":"dry@example.com"}}"#;
    let r = run(server
        .loftctl()
        .args(["user", "patch", "alice", "-p", p, "--dry-run=client"]));
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "user.management.loft.sh/alice patched (dry run)\n"),
        "{r}"
    );
    let r = run(server
        .loftctl()
        .args(["user", "patch", "alice", "-p", p, "--dry-run=server"]));
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            0,
            "user.management.loft.sh/alice patched (server dry run)\n"
        ),
        "{r}"
    );
    assert_eq!(fetch(&server, "alice"), before);
}

#[test]
fn exit_codes() {
    let server = server_with_alice();
    let p = r#"{"spec":{"email":"x@example.com"}}"#;
    let r = run(server.loftctl().args(["user", "patch", "nobody", "-p", p]));
    assert_eq!(r.code, 4, "{r}");
    let r = run(server
        .loftctl()
        .args(["user", "patch", "alice", "-p", p])
        .env("LOFT_ACCESS_KEY", "wrong"));
    assert_eq!(r.code, 6, "{r}");
    let r = run(server
        .loftctl()
        .args(["user", "patch", "alice", "-p", p])
        .env("LOFT_ACCESS_KEY", READONLY_KEY));
    assert_eq!(r.code, 6, "the read-only key may not write: {r}");
    let r = run(server
        .loftctl()
        .args(["user", "patch", "alice", "-p", p])
        .env("LOFT_URL", dead_url()));
    assert_eq!(r.code, 7, "{r}");
}
