//! Lost answers: `dev-server --fault-rate` also drops the answer of a request it has
//! handled (a write committed, its reply never sent). A batch must report what this run
//! did — "created" for its own create, "deleted" for its own delete — and converge in one
//! run.

use crate::common;
use crate::common::watchdog::{Watched, assert_no_panic, run_limited};

use std::collections::BTreeSet;
use std::process::Command;
use std::time::Duration;

use common::DevServer;
use serde_json::{Value, json};

fn go(cmd: &mut Command) -> Watched {
    let w = run_limited(cmd, None, Duration::from_secs(120));
    assert_no_panic(&w);
    w
}

fn show(w: &Watched) -> String {
    let tail: String = w
        .stderr
        .lines()
        .rev()
        .take(20)
        .collect::<Vec<_>>()
        .join("\n");
    format!("exit {}\n--- stderr (last lines, reversed)\n{tail}", w.code)
}

/// `n` users, with the fields a manifest exported from another server carries (a
/// namespace, a uid, a creationTimestamp), which the server replaces or drops.
fn exported_manifest(prefix: &str, n: usize, tag: &str) -> String {
    (0..n)
        .map(|i| {
            format!(
                "apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: {prefix}{i:03}\n  namespace: default\n  uid: 0c6f8e2a-0000-4000-8000-{i:012}\n  creationTimestamp: \"2024-01-01T00:00:00Z\"\n  labels:\n    batch: {tag}\nspec:\n  username: {prefix}{i:03}\n  email: {prefix}{i:03}@example.com\n  displayName: User {i}\n"
            )
        })
        .collect::<Vec<_>>()
        .join("---\n")
}

fn plain_manifest(prefix: &str, n: usize, tag: &str) -> String {
    (0..n)
        .map(|i| {
            format!(
                "apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: {prefix}{i:03}\n  labels:\n    batch: {tag}\nspec:\n  username: {prefix}{i:03}\n  email: {prefix}{i:03}@example.com\n  displayName: User {i}\n"
            )
        })
        .collect::<Vec<_>>()
        .join("---\n")
}

/// `verb → names` from stdout lines `user.management.loft.sh/NAME VERB`.
fn done(w: &Watched, verb: &str) -> BTreeSet<String> {
    w.stdout
        .lines()
        .filter_map(|l| l.strip_prefix("user.management.loft.sh/"))
        .filter_map(|l| l.split_once(' '))
        .filter(|(_, v)| *v == verb)
        .map(|(n, _)| n.to_string())
        .collect()
}

/// The users on the server but the built-in `admin` and `viewer`.
fn server_names(server: &DevServer) -> BTreeSet<String> {
    let w = go(server.loftctl().args(["user", "list", "-o", "name"]));
    assert_eq!(w.code, 0, "{}", show(&w));
    w.stdout
        .lines()
        .map(|l| l.trim_start_matches("user.management.loft.sh/").to_string())
        .filter(|n| !crate::common::is_builtin_user(n))
        .collect()
}

#[test]
fn one_apply_of_300_users_under_faults_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let server = DevServer::start_with(&["--fault-rate", "0.2"]);
    let file = dir.path().join("users.yaml");
    let file_arg = file.to_str().unwrap().to_string();
    // Three rounds: the first creates, the next two update.
    for tag in ["first", "second", "third"] {
        std::fs::write(&file, plain_manifest("a", 300, tag)).unwrap();
        let w = go(server.loftctl().args(["user", "apply", "-f", &file_arg]));
        assert_eq!(w.code, 0, "round {tag}: {}", show(&w));
        let w = go(server.loftctl().args(["user", "list", "-o", "json"]));
        assert_eq!(w.code, 0, "{}", show(&w));
        let list: Value = serde_json::from_str(&w.stdout).unwrap();
        let items: Vec<&Value> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|u| !crate::common::is_builtin_user(u["metadata"]["name"].as_str().unwrap()))
            .collect();
        assert_eq!(items.len(), 300);
        for (i, u) in items.iter().enumerate() {
            let name = format!("a{i:03}");
            assert_eq!(u["metadata"]["name"], name.as_str());
            assert_eq!(u["metadata"]["labels"], json!({"batch": tag}));
            assert_eq!(
                u["spec"],
                json!({"username": name, "email": format!("{name}@example.com"),
                       "displayName": format!("User {i}")}),
            );
        }
    }
}

#[test]
fn creates_and_deletes_whose_answers_are_lost_report_what_this_run_did() {
    let dir = tempfile::tempdir().unwrap();
    let server = DevServer::start_with(&["--fault-rate", "0.3"]);
    let file = dir.path().join("users.yaml");
    std::fs::write(&file, exported_manifest("e", 150, "lost")).unwrap();
    let w = go(server
        .loftctl()
        .args(["user", "create", "-f", file.to_str().unwrap()]));
    // The server started empty: nothing can already exist.
    assert!(!w.stderr.contains("already exists"), "{}", show(&w));
    let created = done(&w, "created");
    assert_eq!(
        server_names(&server),
        created,
        "created = what the server holds"
    );
    assert_eq!(w.code == 0, created.len() == 150, "{}", show(&w));

    let w = go(server
        .loftctl()
        .args(["user", "delete", "-l", "batch=lost", "--yes"]));
    // Every name came from the server's list: none can be missing but by our own delete.
    assert!(!w.stderr.contains("not found"), "{}", show(&w));
    let deleted = done(&w, "deleted");
    let left = server_names(&server);
    assert!(
        left.is_disjoint(&deleted),
        "reported deleted but still there"
    );
    assert_eq!(&deleted | &left, created, "{}", show(&w));
    assert_eq!(w.code == 0, left.is_empty(), "{}", show(&w));
}
