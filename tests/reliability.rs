//! Reliability against a misbehaving server (issue 8): `dev-server --fault-rate` (500,
//! 503 with Retry-After, dropped connections) and `--latency`; a hung server and
//! `--request-timeout`; an edit racing a concurrent change. Every loftctl run is under a
//! watchdog (a hang fails the test instead of blocking it).

mod common;
mod user_support;
#[path = "common/watchdog.rs"]
mod watchdog;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::DevServer;
use serde_json::{Value, json};
use user_support::{fetch, script, seed, user};
use watchdog::{Watched, assert_no_panic, run_limited};

/// Run under the watchdog (60 s: retries under faults take a few seconds).
fn go(cmd: &mut Command) -> Watched {
    let w = run_limited(cmd, None, Duration::from_secs(60));
    assert_no_panic(&w);
    w
}

fn show(w: &Watched) -> String {
    format!(
        "exit {}\n--- stdout\n{}\n--- stderr\n{}",
        w.code, w.stdout, w.stderr
    )
}

/// `n` users u000…, seeded into a state file by a fault-free server; then a server
/// with `extra` flags on that state.
fn faulty_server_with_users(dir: &Path, n: usize, extra: &[&str]) -> DevServer {
    let state = dir.join("state.jsonl");
    let state_arg = state.to_str().unwrap();
    {
        let clean = DevServer::start_with(&["--state", state_arg]);
        seed(
            &clean,
            (0..n)
                .map(|i| {
                    user(
                        &format!("u{i:03}"),
                        json!({"username": format!("u{i:03}"), "email": format!("u{i:03}@example.com")}),
                    )
                })
                .collect(),
        );
    }
    let mut args = vec!["--state", state_arg];
    args.extend_from_slice(extra);
    DevServer::start_with(&args)
}

fn names(n: usize) -> String {
    (0..n)
        .map(|i| format!("user.management.loft.sh/u{i:03}\n"))
        .collect()
}

#[test]
fn list_and_get_succeed_through_faults() {
    let dir = tempfile::tempdir().unwrap();
    let server = faulty_server_with_users(dir.path(), 300, &["--fault-rate", "0.2"]);
    // 5 lists of 15 pages each and 20 gets: ~95 GETs, about 19 of them faulted.
    let mut faults_seen = 0;
    for _ in 0..5 {
        let w =
            go(server
                .loftctl()
                .args(["user", "list", "-o", "name", "--chunk-size", "20", "-v"]));
        assert_eq!(w.code, 0, "{}", show(&w));
        assert_eq!(w.stdout, names(300), "every user, once, in order");
        faults_seen += w.stderr.matches(" 500 ").count() + w.stderr.matches(" 503 ").count();
    }
    for i in (0..300).step_by(15) {
        let name = format!("u{i:03}");
        let w =
            go(server
                .loftctl()
                .args(["user", "get", &name, "-o", "jsonpath={.spec.email}", "-v"]));
        assert_eq!(w.code, 0, "{}", show(&w));
        assert_eq!(w.stdout, format!("{name}@example.com"));
        faults_seen += w.stderr.matches(" 500 ").count() + w.stderr.matches(" 503 ").count();
    }
    // The retries were exercised (dropped connections are not counted here).
    assert!(faults_seen > 0, "no fault was met: the test proved nothing");
}

#[test]
fn get_succeeds_through_faults_and_latency() {
    let dir = tempfile::tempdir().unwrap();
    let server = faulty_server_with_users(
        dir.path(),
        30,
        &["--fault-rate", "0.2", "--latency", "200ms"],
    );
    let args: Vec<String> = ["user", "get", "-o", "name"]
        .iter()
        .map(|s| s.to_string())
        .chain((0..30).map(|i| format!("u{i:03}")))
        .collect();
    let w = go(server.loftctl().args(&args));
    assert_eq!(w.code, 0, "{}", show(&w));
    assert_eq!(w.stdout, names(30));
}

#[test]
fn a_hung_server_times_out_with_exit_7() {
    let dir = tempfile::tempdir().unwrap();
    let server = faulty_server_with_users(dir.path(), 1, &["--latency", "60s"]);
    for args in [
        &["user", "get", "u000"][..],
        &["user", "list"][..],
        &[
            "user",
            "patch",
            "u000",
            "-p",
            r#"{"spec":{"displayName":"X"}}"#,
        ][..],
    ] {
        let w = go(server
            .loftctl()
            .args(args)
            .args(["--request-timeout", "1s"]));
        assert_eq!(w.code, 7, "{args:?}: {}", show(&w));
        assert!(w.stderr.contains("timed out"), "{args:?}: {}", show(&w));
    }
}

#[test]
fn an_edit_racing_a_concurrent_label_change_lands_both() {
    // The editor script adds label `theirs` through another loftctl process before
    // saving its own change (label `mine` and the display name): the PUT meets a 409
    // and the edit is replayed on the fresh object.
    let dir = tempfile::tempdir().unwrap();
    let server = DevServer::start();
    seed(
        &server,
        vec![
            json!({"apiVersion": "management.loft.sh/v1", "kind": "User",
            "metadata": {"name": "alice", "labels": {"team": "a"}},
            "spec": {"username": "alice", "displayName": "Alice"}}),
        ],
    );
    let editor = script(
        dir.path(),
        "editor.sh",
        &format!(
            "{} user patch alice -p '{{\"metadata\":{{\"labels\":{{\"theirs\":\"1\"}}}}}}' >/dev/null\n\
             sed -i -e 's/displayName: Alice/displayName: Alice Edited/' -e 's/^    team: a/    team: a\\n    mine: \"2\"/' \"$1\"",
            common::bin().display()
        ),
    );
    let w = go(server
        .loftctl()
        .args(["user", "edit", "alice", "-v"])
        .env("EDITOR", &editor));
    assert_eq!(w.code, 0, "{}", show(&w));
    assert!(
        w.stderr.contains(" 409"),
        "a conflict happened: {}",
        show(&w)
    );
    let after: Value = fetch(&server, "alice");
    assert_eq!(after["spec"]["displayName"], "Alice Edited");
    assert_eq!(
        after["metadata"]["labels"],
        json!({"team": "a", "theirs": "1", "mine": "2"}),
        "both label changes landed"
    );
}
