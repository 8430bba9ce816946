//! Users as code: `user diff`, `user apply --prune`, and an apply that sends only what
//! changes — against a real dev-server whose request log counts what was sent.

use crate::common;

use std::path::{Path, PathBuf};

use common::{DevServer, Run, run, run_with_stdin, which};
use serde_json::Value;

fn loftctl(server: &DevServer, args: &[&str]) -> Run {
    run(server.loftctl().args(args))
}

fn user_yaml(name: &str, email: &str, team: &str) -> String {
    format!(
        "apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: {name}\n  labels:\n    team: {team}\nspec:\n  username: {name}\n  email: {email}\n  groups: [dev]\n"
    )
}

/// A folder with one file per user.
fn folder(users: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, email) in users {
        std::fs::write(
            dir.path().join(format!("{name}.yaml")),
            user_yaml(name, email, "ci"),
        )
        .expect("write");
    }
    dir
}

fn path(dir: &tempfile::TempDir) -> String {
    dir.path().display().to_string()
}

/// The request log lines from `from` on.
fn log_lines(log: &Path, from: usize) -> Vec<String> {
    std::fs::read_to_string(log)
        .expect("read the request log")
        .lines()
        .skip(from)
        .map(str::to_string)
        .collect()
}

fn log_len(log: &Path) -> usize {
    log_lines(log, 0).len()
}

fn patches(lines: &[String]) -> Vec<&String> {
    lines.iter().filter(|l| l.starts_with("PATCH ")).collect()
}

fn email(server: &DevServer, name: &str) -> String {
    let out = loftctl(
        server,
        &["user", "get", name, "-o", "jsonpath={.spec.email}"],
    );
    assert_eq!(out.code, 0, "{out}");
    out.stdout
}

/// The users on the server, without the dev-server's built-in ones.
fn names(server: &DevServer) -> String {
    loftctl(server, &["user", "list", "-o", "name"])
        .stdout
        .lines()
        .filter(|l| !common::is_builtin_user(l.trim_start_matches("user.management.loft.sh/")))
        .map(|l| format!("{l}\n"))
        .collect()
}

fn log_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("requests.log");
    (dir, log)
}

#[test]
fn apply_of_unchanged_users_sends_no_patch() {
    let (_keep, log) = log_file();
    let server = DevServer::start_logging_to(&log);
    let dir = folder(&[("ann", "ann@x"), ("ben", "ben@x"), ("cat", "cat@x")]);
    let first = loftctl(&server, &["user", "apply", "-f", &path(&dir)]);
    assert_eq!(first.code, 0, "{first}");
    assert_eq!(first.stdout.matches(" created").count(), 3, "{first}");

    let mark = log_len(&log);
    let again = loftctl(&server, &["user", "apply", "-f", &path(&dir)]);
    assert_eq!(again.code, 0, "{again}");
    assert_eq!(again.stdout.matches(" unchanged").count(), 3, "{again}");
    let sent = log_lines(&log, mark);
    assert!(patches(&sent).is_empty(), "no PATCH expected: {sent:#?}");
    // The live users were read once each (few names: GETs), nothing else written.
    assert_eq!(
        sent.iter()
            .filter(|l| l.starts_with("GET ") && l.contains("/users"))
            .count(),
        3,
        "{sent:#?}"
    );

    // One changed file: exactly one PATCH, for that user.
    std::fs::write(
        dir.path().join("ben.yaml"),
        user_yaml("ben", "ben@new", "ci"),
    )
    .unwrap();
    let mark = log_len(&log);
    let changed = loftctl(&server, &["user", "apply", "-f", &path(&dir)]);
    assert_eq!(changed.code, 0, "{changed}");
    assert!(
        changed
            .stdout
            .contains("user.management.loft.sh/ben configured"),
        "{changed}"
    );
    let sent = log_lines(&log, mark);
    let sent_patches = patches(&sent);
    assert_eq!(sent_patches.len(), 1, "{sent:#?}");
    assert!(sent_patches[0].contains("/users/ben?"), "{sent:#?}");
    assert_eq!(email(&server, "ben"), "ben@new");
}

#[test]
fn apply_after_a_change_by_another_manager_still_sends_that_apply() {
    let (_keep, log) = log_file();
    let server = DevServer::start_logging_to(&log);
    let dir = folder(&[("ann", "ann@x"), ("ben", "ben@x")]);
    assert_eq!(
        loftctl(&server, &["user", "apply", "-f", &path(&dir)]).code,
        0
    );

    // Another manager (an update, not loftctl's apply) sets ben's email away and back:
    // the value is what the manifest says, but loftctl's apply no longer owns it.
    for value in ["other@x", "ben@x"] {
        let patch = format!("{{\"spec\":{{\"email\":\"{value}\"}}}}");
        let out = loftctl(&server, &["user", "patch", "ben", "-p", &patch]);
        assert_eq!(out.code, 0, "{out}");
    }
    let owner = loftctl(
        &server,
        &["user", "get", "ben", "-o", "json", "--show-managed-fields"],
    );
    let user: Value = serde_json::from_str(&owner.stdout).expect("json");
    let apply_owns_email = user["metadata"]["managedFields"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["operation"] == "Apply" && e["fieldsV1"]["f:spec"].get("f:email").is_some());
    assert!(!apply_owns_email, "the update took email over: {user:#}");

    let mark = log_len(&log);
    let out = loftctl(&server, &["user", "apply", "-f", &path(&dir)]);
    assert_eq!(out.code, 0, "{out}");
    let sent = log_lines(&log, mark);
    let sent_patches = patches(&sent);
    assert_eq!(sent_patches.len(), 1, "only ben's apply: {sent:#?}");
    assert!(sent_patches[0].contains("/users/ben?"), "{sent:#?}");
    assert!(
        out.stdout.contains("user.management.loft.sh/ann unchanged"),
        "{out}"
    );
}

#[test]
fn diff_exit_codes_and_exactly_the_changed_fields() {
    let (_keep, log) = log_file();
    let server = DevServer::start_logging_to(&log);
    let dir = folder(&[("ann", "ann@x"), ("ben", "ben@x")]);
    assert_eq!(
        loftctl(&server, &["user", "apply", "-f", &path(&dir)]).code,
        0
    );

    let mark = log_len(&log);
    let same = loftctl(&server, &["user", "diff", "-f", &path(&dir)]);
    assert_eq!(same.code, 0, "{same}");
    assert_eq!(same.stdout, "", "{same}");
    assert!(
        patches(&log_lines(&log, mark)).is_empty(),
        "unchanged is proved locally"
    );

    std::fs::write(
        dir.path().join("ben.yaml"),
        user_yaml("ben", "ben@new", "ci"),
    )
    .unwrap();
    std::fs::write(dir.path().join("cy.yaml"), user_yaml("cy", "cy@x", "ci")).unwrap();
    let changed = loftctl(&server, &["user", "diff", "-f", &path(&dir)]);
    assert_eq!(changed.code, 9, "{changed}");
    assert!(!changed.stderr.contains("error:"), "{changed}");
    let text = &changed.stdout;
    let ben = text
        .split("--- ")
        .find(|part| part.starts_with("a/user.management.loft.sh/ben"))
        .unwrap_or_else(|| panic!("no diff for ben: {changed}"));
    let lines: Vec<&str> = ben
        .lines()
        .filter(|l| (l.starts_with('-') || l.starts_with('+')) && !l.starts_with("+++"))
        .collect();
    assert_eq!(lines, ["-  email: ben@x", "+  email: ben@new"], "{changed}");
    assert!(
        text.contains("--- /dev/null\n+++ b/user.management.loft.sh/cy"),
        "{changed}"
    );
    assert!(
        !text.contains("user.management.loft.sh/ann"),
        "ann is unchanged: {changed}"
    );
    for server_owned in [
        "managedFields",
        "resourceVersion",
        "uid:",
        "creationTimestamp",
    ] {
        assert!(!text.contains(server_owned), "{server_owned} in {changed}");
    }
    // Nothing was written.
    assert_eq!(email(&server, "ben"), "ben@x");
    assert!(!names(&server).contains("/cy"));

    let json = loftctl(&server, &["user", "diff", "-f", &path(&dir), "-o", "json"]);
    assert_eq!(json.code, 9, "{json}");
    let list: Value = serde_json::from_str(&json.stdout).expect("json");
    let actions: Vec<(String, String)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap().into(),
                e["action"].as_str().unwrap().into(),
            )
        })
        .collect();
    let mut actions = actions;
    actions.sort();
    assert_eq!(
        actions,
        [
            ("ann".into(), "unchanged".into()),
            ("ben".into(), "update".into()),
            ("cy".into(), "create".into())
        ]
    );
    let ben = list
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "ben")
        .unwrap();
    assert_eq!(
        ben["patch"],
        serde_json::json!([{"op": "replace", "path": "/spec/email", "value": "ben@new"}])
    );

    let cy = list
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "cy")
        .unwrap();
    assert_eq!(cy["patch"][0]["op"], "add", "{cy:#}");
    assert_eq!(cy["patch"][0]["path"], "", "{cy:#}");
    assert_eq!(cy["patch"][0]["value"]["spec"]["email"], "cy@x", "{cy:#}");

    // Other failures keep their codes: an invalid manifest is 3, not 9.
    std::fs::write(dir.path().join("bad.yaml"), "apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: bad\nspec:\n  email: 5\n  groups: nope\n").unwrap();
    let bad = loftctl(&server, &["user", "diff", "-f", &path(&dir)]);
    assert_eq!(bad.code, 3, "{bad}");
}

fn prune_setup(server: &DevServer) -> tempfile::TempDir {
    let all = folder(&[("ann", "ann@x"), ("ben", "ben@x"), ("cat", "cat@x")]);
    assert_eq!(
        loftctl(server, &["user", "apply", "-f", &path(&all)]).code,
        0
    );
    let other = tempfile::tempdir().unwrap();
    std::fs::write(
        other.path().join("ops.yaml"),
        user_yaml("ops", "ops@x", "ops"),
    )
    .unwrap();
    assert_eq!(
        loftctl(server, &["user", "apply", "-f", &path(&other)]).code,
        0
    );
    // The input now names only ann.
    folder(&[("ann", "ann@x")])
}

#[test]
fn prune_deletes_only_selected_users_missing_from_the_input() {
    let server = DevServer::start();
    let input = prune_setup(&server);

    let no_selector = loftctl(
        &server,
        &["user", "apply", "-f", &path(&input), "--prune", "--yes"],
    );
    assert_eq!(no_selector.code, 2, "{no_selector}");

    // A script without --yes: refused before anything is sent.
    let script = run_with_stdin(
        server.loftctl().args([
            "user",
            "apply",
            "-f",
            &path(&input),
            "--prune",
            "-l",
            "team=ci",
        ]),
        "",
    );
    assert_eq!(script.code, 2, "{script}");
    assert!(script.stderr.contains("--yes"), "{script}");
    assert_eq!(names(&server).lines().count(), 4);

    let diff = loftctl(
        &server,
        &[
            "user",
            "diff",
            "-f",
            &path(&input),
            "--prune",
            "-l",
            "team=ci",
        ],
    );
    assert_eq!(diff.code, 9, "{diff}");
    assert!(
        diff.stdout
            .contains("--- a/user.management.loft.sh/ben\n+++ /dev/null"),
        "{diff}"
    );
    assert!(!diff.stdout.contains("/ops"), "{diff}");

    let dry = loftctl(
        &server,
        &[
            "user",
            "apply",
            "-f",
            &path(&input),
            "--prune",
            "-l",
            "team=ci",
            "--dry-run=server",
        ],
    );
    assert_eq!(dry.code, 0, "{dry}");
    assert!(
        dry.stdout
            .contains("user.management.loft.sh/ben pruned (server dry run)"),
        "{dry}"
    );
    assert_eq!(names(&server).lines().count(), 4);

    let out = loftctl(
        &server,
        &[
            "user",
            "apply",
            "-f",
            &path(&input),
            "--prune",
            "-l",
            "team=ci",
            "--yes",
        ],
    );
    assert_eq!(out.code, 0, "{out}");
    assert!(
        out.stdout.contains("user.management.loft.sh/ann unchanged"),
        "{out}"
    );
    assert!(
        out.stdout.contains("user.management.loft.sh/ben pruned"),
        "{out}"
    );
    assert!(
        out.stdout.contains("user.management.loft.sh/cat pruned"),
        "{out}"
    );
    assert_eq!(
        names(&server),
        "user.management.loft.sh/ann\nuser.management.loft.sh/ops\n"
    );
    let after = loftctl(
        &server,
        &[
            "user",
            "diff",
            "-f",
            &path(&input),
            "--prune",
            "-l",
            "team=ci",
        ],
    );
    assert_eq!(after.code, 0, "{after}");
}

/// Run `loftctl ARGS` on a pty (util-linux `script`), answering `answer`.
fn on_a_terminal(server: &DevServer, args: &str, answer: &str) -> Run {
    let line = format!("{} {args}", common::bin().display());
    let mut cmd = server.loftctl();
    cmd.env("TERM", "dumb");
    let mut script_cmd = std::process::Command::new(which("script").expect("script"));
    script_cmd.env_clear();
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            script_cmd.env(k, v);
        }
    }
    script_cmd.args(["-qec", &line, "/dev/null"]);
    run_with_stdin(&mut script_cmd, answer)
}

#[test]
fn prune_asks_on_a_terminal() {
    if which("script").is_none() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let server = DevServer::start();
    let input = prune_setup(&server);
    let args = format!("user apply -f {} --prune -l team=ci", path(&input));

    let no = on_a_terminal(&server, &args, "n\n");
    assert!(
        no.stdout.contains("Delete 2 users (ben, cat)? [y/N]"),
        "{no}"
    );
    assert_ne!(no.code, 0, "{no}");
    assert_eq!(
        names(&server).lines().count(),
        4,
        "nothing deleted after no"
    );

    let yes = on_a_terminal(&server, &args, "y\n");
    assert_eq!(yes.code, 0, "{yes}");
    assert!(
        yes.stdout.contains("user.management.loft.sh/ben pruned"),
        "{yes}"
    );
    assert_eq!(
        names(&server),
        "user.management.loft.sh/ann\nuser.management.loft.sh/ops\n"
    );
}

#[test]
fn get_of_several_names_fetches_them_at_once_and_prints_in_order() {
    // Each request takes at least 1 s: six GETs one after another would take 6 s.
    let server = DevServer::start_with(&["--latency", "1s"]);
    let names = ["u1", "u2", "u3", "u4", "u5", "u6"];
    let emails: Vec<String> = names.iter().map(|n| format!("{n}@x")).collect();
    let pairs: Vec<(&str, &str)> = names
        .iter()
        .copied()
        .zip(emails.iter().map(String::as_str))
        .collect();
    let dir = folder(&pairs);
    assert_eq!(
        loftctl(&server, &["user", "create", "-f", &path(&dir)]).code,
        0
    );
    let mut args = vec!["user", "get", "-o", "name"];
    args.extend(names.iter().rev());
    let start = std::time::Instant::now();
    let out = loftctl(&server, &args);
    let took = start.elapsed();
    assert_eq!(out.code, 0, "{out}");
    let expected: String = names
        .iter()
        .rev()
        .map(|n| format!("user.management.loft.sh/{n}\n"))
        .collect();
    assert_eq!(out.stdout, expected);
    assert!(
        took < std::time::Duration::from_millis(4500),
        "6 GETs of 1 s each took {took:?}: not concurrent"
    );
}

#[test]
fn apply_of_many_unchanged_users_reads_one_list_and_sends_nothing() {
    let (_keep, log) = log_file();
    let server = DevServer::start_logging_to(&log);
    let names: Vec<String> = (0..60).map(|i| format!("m{i:02}")).collect();
    let emails: Vec<String> = names.iter().map(|n| format!("{n}@x")).collect();
    let dir = folder(
        &names
            .iter()
            .zip(&emails)
            .map(|(n, e)| (n.as_str(), e.as_str()))
            .collect::<Vec<_>>(),
    );
    assert_eq!(
        loftctl(&server, &["user", "apply", "-f", &path(&dir)]).code,
        0
    );
    let mark = log_len(&log);
    let out = loftctl(&server, &["user", "apply", "-f", &path(&dir)]);
    assert_eq!(out.code, 0, "{out}");
    assert_eq!(out.stdout.matches(" unchanged").count(), 60, "{out}");
    let sent = log_lines(&log, mark);
    let reads: Vec<&String> = sent.iter().filter(|l| l.contains("/users")).collect();
    assert_eq!(reads.len(), 1, "one list, nothing else: {sent:#?}");
    assert!(
        reads[0].starts_with("GET ") && reads[0].contains("/users?"),
        "{sent:#?}"
    );
}
