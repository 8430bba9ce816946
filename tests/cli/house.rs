//! The house rules seen from outside: exit codes that say whose fault an error is, one
//! `--dry-run` declaration, output that stops when stdout closes but work that does not.

use crate::common;

use common::{DevServer, Run, run};

fn loftctl(server: &DevServer, args: &[&str]) -> Run {
    run(server.loftctl().args(args))
}

/// The names of the users on the server, through `user list -o name`.
fn names(server: &DevServer) -> Vec<String> {
    let out = loftctl(server, &["user", "list", "-o", "name"]);
    assert_eq!(out.code, 0, "{out}");
    out.stdout.lines().map(str::to_string).collect()
}

#[test]
fn a_bad_selector_is_a_usage_error_found_before_sending() {
    let server = DevServer::start();
    for args in [
        &["user", "list", "-l", "a in (x"][..],
        &["user", "get", "-l", "a in (x"][..],
        &["user", "delete", "-l", "a in (x", "--yes"][..],
    ] {
        let out = loftctl(&server, args);
        assert_eq!(out.code, 2, "{args:?}: {out}");
        assert!(
            out.stderr
                .starts_with("error: -l \"a in (x\": unable to parse requirement"),
            "{args:?}: {out}"
        );
    }
    // The same parser as the dev-server: what it accepts, loftctl sends.
    let ok = loftctl(&server, &["user", "list", "-l", "a in (x, y),!b"]);
    assert_eq!(ok.code, 0, "{ok}");
}

#[test]
fn a_400_from_the_server_exits_1_not_invalid() {
    let server = DevServer::start();
    assert_eq!(loftctl(&server, &["user", "create", "alice"]).code, 0);
    // Renaming through a patch reaches the server, which answers 400 BadRequest.
    let out = loftctl(
        &server,
        &[
            "user",
            "patch",
            "alice",
            "-p",
            r#"{"metadata":{"name":"x"}}"#,
        ],
    );
    assert_eq!(out.code, 1, "{out}");
    assert!(out.stderr.starts_with("error: "), "{out}");
}

#[test]
fn dry_run_takes_its_value_with_or_without_equals() {
    let server = DevServer::start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("u.yaml");
    std::fs::write(
        &file,
        "apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: server-dry\nspec:\n  username: x\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    // `--dry-run server` is the server mode, never a client dry run of a user "server".
    let out = loftctl(
        &server,
        &["user", "create", "--dry-run", "server", "-f", file],
    );
    assert_eq!(out.code, 0, "{out}");
    assert_eq!(
        out.stdout,
        "user.management.loft.sh/server-dry created (server dry run)\n"
    );
    let out = loftctl(&server, &["user", "create", "alice", "--dry-run", "server"]);
    assert_eq!(out.code, 0, "{out}");
    assert_eq!(
        out.stdout,
        "user.management.loft.sh/alice created (server dry run)\n"
    );
    assert!(names(&server).is_empty(), "a dry run created users");
    // Every writing command reads the flag the same way.
    let out = loftctl(&server, &["user", "create", "bob"]);
    assert_eq!(out.code, 0, "{out}");
    for args in [
        &["user", "patch", "bob", "-p", "{}", "--dry-run", "server"][..],
        &["user", "disable", "bob", "--dry-run", "client"][..],
        &["user", "delete", "bob", "--dry-run", "server"][..],
        &["user", "apply", "-f", file, "--dry-run", "server"][..],
    ] {
        let out = loftctl(&server, args);
        assert_eq!(out.code, 0, "{args:?}: {out}");
    }
    assert_eq!(names(&server), ["user.management.loft.sh/bob"]);
    // A bare --dry-run is a usage error (the value is required).
    let out = loftctl(&server, &["user", "create", "carol", "--dry-run"]);
    assert_eq!(out.code, 2, "{out}");
}

/// `loftctl user create -f 1000.yaml | head -1`: the reader leaves after one line, yet
/// every user is created, and the exit code says the output was cut.
#[test]
fn a_closed_stdout_stops_the_output_not_the_batch() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let server = DevServer::start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("users.yaml");
    let yaml: String = (0..1000)
        .map(|i| {
            format!("---\napiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: u{i}\nspec:\n  username: u{i}\n")
        })
        .collect();
    std::fs::write(&file, yaml).unwrap();
    let mut child = server
        .loftctl()
        .args(["user", "create", "-f", file.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    {
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        stdout.read_line(&mut first).unwrap();
        // Dropped here: the read end closes, as `head -1` exits.
    }
    assert!(first.ends_with(" created\n"), "{first:?}");
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("error: stdout closed; 1000 of 1000 users done (1000 created)"),
        "{stderr}"
    );
    assert_eq!(names(&server).len(), 1000, "every user exists");
}
