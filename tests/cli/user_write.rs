//! `loftctl user create|apply|delete|disable|enable` against a real dev-server, with
//! real `kubectl` as the witness of what the server holds.

use crate::common;

use std::path::PathBuf;

use common::{DevServer, READONLY_KEY, Run, run, run_with_stdin};
use serde_json::Value;

fn loftctl(server: &DevServer, args: &[&str]) -> Run {
    run(server.loftctl().args(args))
}

/// What the server holds, as real kubectl sees it (`None` when kubectl is missing).
fn kubectl_json(server: &DevServer, args: &[&str]) -> Option<Value> {
    let mut cmd = server.kubectl()?;
    let out = run(cmd.args(args).args(["-o", "json"]));
    assert_eq!(out.code, 0, "kubectl {args:?}: {out}");
    Some(serde_json::from_str(&out.stdout).expect("kubectl json"))
}

/// The names of the Users on the server but the built-in `admin` and `viewer`, through
/// loftctl's own kube client-free path: kubectl if installed, else an empty check is
/// skipped.
fn user_names(server: &DevServer) -> Option<Vec<String>> {
    let list = kubectl_json(server, &["get", "users.management.loft.sh"])?;
    let mut names: Vec<String> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["metadata"]["name"].as_str().unwrap().to_string())
        .filter(|n| !common::is_builtin_user(n))
        .collect();
    names.sort();
    Some(names)
}

fn get_user(server: &DevServer, name: &str) -> Option<Value> {
    kubectl_json(server, &["get", "users.management.loft.sh", name])
}

fn write_file(server: &DevServer, name: &str, text: &str) -> PathBuf {
    let path = server.home.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn user_doc(name: &str, email: &str) -> String {
    format!(
        "apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: {name}\nspec:\n  email: {email}\n"
    )
}

// ---------------------------------------------------------------- create from flags

#[test]
fn create_from_flags_is_what_kubectl_sees() {
    let server = DevServer::start();
    let out = loftctl(
        &server,
        &[
            "user",
            "create",
            "alice",
            "--email",
            "alice@example.com",
            "--display-name",
            "Alice A",
            "--username",
            "alice1",
            "--subject",
            "sub-alice",
            "--description",
            "the admin",
            "--group",
            "dev",
            "--group",
            "ops",
            "--cluster-role",
            "loft-management-admin",
            "--label",
            "team=core",
            "--annotation",
            "note=hi",
            "--disabled",
        ],
    );
    insta::assert_snapshot!(out, @r#"
        exit: 0
        --- stdout
        user.management.loft.sh/alice created
        --- stderr
    "#);
    let Some(user) = get_user(&server, "alice") else {
        return;
    };
    let spec = &user["spec"];
    assert_eq!(spec["email"], "alice@example.com");
    assert_eq!(spec["displayName"], "Alice A");
    assert_eq!(spec["username"], "alice1");
    assert_eq!(spec["subject"], "sub-alice");
    assert_eq!(spec["description"], "the admin");
    assert_eq!(spec["groups"], serde_json::json!(["dev", "ops"]));
    assert_eq!(
        spec["clusterRoles"],
        serde_json::json!([{"name": "loft-management-admin"}])
    );
    assert_eq!(spec["disabled"], true);
    assert_eq!(user["metadata"]["labels"]["team"], "core");
    assert_eq!(user["metadata"]["annotations"]["note"], "hi");
}

#[test]
fn create_existing_is_exit_5_and_output_formats() {
    let server = DevServer::start();
    let out = loftctl(&server, &["user", "create", "bob", "-o", "name"]);
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (0, "user.management.loft.sh/bob\n"),
        "{out}"
    );
    let again = loftctl(&server, &["user", "create", "bob"]);
    assert_eq!(again.code, 5, "{again}");
    assert!(again.stderr.contains("already exists"), "{again}");
    assert!(again.stdout.is_empty(), "{again}");

    let out = loftctl(
        &server,
        &["user", "create", "carol", "--email", "c@x.io", "-o", "json"],
    );
    assert_eq!(out.code, 0, "{out}");
    let obj: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(obj["metadata"]["name"], "carol");
    assert_eq!(obj["spec"]["email"], "c@x.io");
    assert!(
        obj["metadata"]["uid"].is_string(),
        "the server's object: {obj}"
    );
    assert!(obj["metadata"].get("managedFields").is_none());
}

#[test]
fn create_invalid_flags_is_exit_3_and_sends_nothing() {
    let server = DevServer::start();
    let out = loftctl(
        &server,
        &["user", "create", "Not_A_Name", "--label", "bad key=v"],
    );
    assert_eq!(out.code, 3, "{out}");
    assert!(out.stderr.contains("error: metadata.name"), "{out}");
    let bad_pair = loftctl(&server, &["user", "create", "dave", "--label", "novalue"]);
    assert_eq!(bad_pair.code, 2, "{bad_pair}");
    if let Some(names) = user_names(&server) {
        assert!(names.is_empty(), "{names:?}");
    }
}

#[test]
fn create_dry_runs_persist_nothing() {
    let server = DevServer::start();
    let client = loftctl(&server, &["user", "create", "erin", "--dry-run=client"]);
    assert_eq!(
        client.stdout, "user.management.loft.sh/erin created (dry run)\n",
        "{client}"
    );
    let srv = loftctl(
        &server,
        &["user", "create", "erin", "--dry-run=server", "-o", "yaml"],
    );
    assert_eq!(srv.code, 0, "{srv}");
    assert!(srv.stdout.contains("name: erin"), "{srv}");
    let srv = loftctl(&server, &["user", "create", "erin", "--dry-run=server"]);
    assert_eq!(
        srv.stdout, "user.management.loft.sh/erin created (server dry run)\n",
        "{srv}"
    );
    if let Some(names) = user_names(&server) {
        assert!(names.is_empty(), "{names:?}");
    }
    // A client dry run needs no server at all.
    let mut cmd = common::loftctl_cmd(server.home.path());
    let out = run(cmd
        .env("LOFT_URL", common::dead_url())
        .env("LOFT_ACCESS_KEY", "x")
        .args(["user", "create", "frank", "--dry-run=client"]));
    assert_eq!(out.code, 0, "{out}");
}

// ---------------------------------------------------------------- create -f

#[test]
fn create_from_files_dirs_and_stdin() {
    let server = DevServer::start();
    let dir = server.home.path().join("users");
    std::fs::create_dir_all(dir.join("nested")).unwrap();
    std::fs::write(
        dir.join("a.yaml"),
        format!(
            "{}---\n{}",
            user_doc("u1", "u1@x.io"),
            user_doc("u2", "u2@x.io")
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("nested/list.json"),
        r#"{"apiVersion": "v1", "kind": "List", "items": [
            {"apiVersion": "management.loft.sh/v1", "kind": "User", "metadata": {"name": "u3"}},
            {"apiVersion": "management.loft.sh/v1", "kind": "User", "metadata": {"name": "u4"}}]}"#,
    )
    .unwrap();
    std::fs::write(dir.join("ignored.txt"), "not a manifest").unwrap();
    let out = run_with_stdin(
        server
            .loftctl()
            .args(["user", "create", "-f"])
            .arg(&dir)
            .args(["-f", "-"]),
        &user_doc("u5", "u5@x.io"),
    );
    insta::assert_snapshot!(out, @r#"
        exit: 0
        --- stdout
        user.management.loft.sh/u1 created
        user.management.loft.sh/u2 created
        user.management.loft.sh/u3 created
        user.management.loft.sh/u4 created
        user.management.loft.sh/u5 created
        --- stderr
        5 users: 5 created
    "#);
    if let Some(names) = user_names(&server) {
        assert_eq!(names, ["u1", "u2", "u3", "u4", "u5"]);
    }
}

#[test]
fn invalid_documents_send_nothing_and_point_at_their_place() {
    let server = DevServer::start();
    let good = user_doc("ok1", "ok@x.io");
    let path = write_file(
        &server,
        "mixed.yaml",
        &format!(
            "{good}---\napiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: bad1\nspec:\n  emial: x@y.z\n"
        ),
    );
    let out = run(server.loftctl().args(["user", "create", "-f"]).arg(&path));
    assert_eq!(out.code, 3, "{out}");
    let expected = format!("{}:13:3: error: spec.emial", path.display());
    assert!(out.stderr.contains(&expected), "want {expected:?} in {out}");
    assert!(out.stdout.is_empty(), "{out}");
    let out = run(server.loftctl().args(["user", "apply", "-f"]).arg(&path));
    assert_eq!(out.code, 3, "{out}");
    if let Some(names) = user_names(&server) {
        assert!(names.is_empty(), "nothing was sent: {names:?}");
    }
}

#[test]
fn a_300_document_batch_reports_exactly_the_failed_items() {
    let server = DevServer::start();
    let failing = [7usize, 150, 299];
    for i in failing {
        let out = loftctl(&server, &["user", "create", &format!("batch-{i:03}")]);
        assert_eq!(out.code, 0, "{out}");
    }
    let text: String = (0..300)
        .map(|i| user_doc(&format!("batch-{i:03}"), &format!("u{i}@x.io")))
        .collect::<Vec<_>>()
        .join("---\n");
    let path = write_file(&server, "batch.yaml", &text);
    let out = run(server
        .loftctl()
        .args(["user", "create", "--concurrency", "16", "-f"])
        .arg(&path));
    assert_eq!(out.code, 5, "{}", out.stderr);
    let created: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(created.len(), 297);
    assert_eq!(created[0], "user.management.loft.sh/batch-000 created");
    let failed: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("error: user.management.loft.sh/"))
        .collect();
    assert_eq!(failed.len(), 3, "{}", out.stderr);
    for (line, i) in failed.iter().zip(failing) {
        assert!(
            line.starts_with(&format!("error: user.management.loft.sh/batch-{i:03}: ")),
            "{line}"
        );
        assert!(line.contains("already exists"), "{line}");
    }
    assert!(
        out.stderr
            .contains("error: 3 of 300 users failed (297 created, 3 failed)"),
        "{}",
        out.stderr
    );
    if let Some(names) = user_names(&server) {
        assert_eq!(names.len(), 300);
    }
}

// ---------------------------------------------------------------- apply

#[test]
fn apply_is_idempotent_and_keeps_what_others_set() {
    let server = DevServer::start();
    let path = write_file(&server, "alice.yaml", &user_doc("alice", "a@x.io"));
    let first = run(server.loftctl().args(["user", "apply", "-f"]).arg(&path));
    assert_eq!(
        first.stdout, "user.management.loft.sh/alice created\n",
        "{first}"
    );
    let rv1 = get_user(&server, "alice").map(|u| u["metadata"]["resourceVersion"].clone());

    let second = run(server.loftctl().args(["user", "apply", "-f"]).arg(&path));
    assert_eq!(
        second.stdout, "user.management.loft.sh/alice unchanged\n",
        "{second}"
    );
    let rv2 = get_user(&server, "alice").map(|u| u["metadata"]["resourceVersion"].clone());
    assert_eq!(rv1, rv2, "applying the same file twice changes nothing");

    // A field someone else set survives an apply that does not mention it.
    if let Some(mut kubectl) = server.kubectl() {
        let out = run(kubectl.args([
            "patch",
            "users.management.loft.sh",
            "alice",
            "--type",
            "merge",
            "-p",
            r#"{"spec":{"icon":"https://x.io/i.png"}}"#,
        ]));
        assert_eq!(out.code, 0, "{out}");
    }
    write_file(
        &server,
        "alice.yaml",
        &format!("{}  displayName: Alice\n", user_doc("alice", "a@x.io")),
    );
    let third = run(server.loftctl().args(["user", "apply", "-f"]).arg(&path));
    assert_eq!(
        third.stdout, "user.management.loft.sh/alice configured\n",
        "{third}"
    );
    if let Some(user) = get_user(&server, "alice") {
        assert_eq!(user["spec"]["displayName"], "Alice");
        assert_eq!(user["spec"]["icon"], "https://x.io/i.png");
    }

    // Dry runs say what would happen and change nothing.
    write_file(
        &server,
        "alice.yaml",
        &format!("{}  displayName: Alicia\n", user_doc("alice", "a@x.io")),
    );
    for (mode, line) in [
        (
            "--dry-run=client",
            "user.management.loft.sh/alice configured (dry run)\n",
        ),
        (
            "--dry-run=server",
            "user.management.loft.sh/alice configured (server dry run)\n",
        ),
    ] {
        let out = run(server
            .loftctl()
            .args(["user", "apply", mode, "-f"])
            .arg(&path));
        assert_eq!(out.stdout, line, "{out}");
    }
    if let Some(user) = get_user(&server, "alice") {
        assert_eq!(user["spec"]["displayName"], "Alice");
    }
}

#[test]
fn apply_conflicts_with_another_manager_unless_forced() {
    let server = DevServer::start();
    let path = write_file(&server, "bob.yaml", &user_doc("bob", "b@x.io"));
    let out = run(server.loftctl().args(["user", "apply", "-f"]).arg(&path));
    assert_eq!(out.code, 0, "{out}");
    let Some(mut kubectl) = server.kubectl() else {
        return;
    };
    let out = run(kubectl.args([
        "patch",
        "users.management.loft.sh",
        "bob",
        "--type",
        "merge",
        "-p",
        r#"{"spec":{"email":"other@x.io"}}"#,
    ]));
    assert_eq!(out.code, 0, "{out}");
    let conflict = run(server.loftctl().args(["user", "apply", "-f"]).arg(&path));
    assert_eq!(conflict.code, 5, "{conflict}");
    assert!(conflict.stderr.contains("--force-conflicts"), "{conflict}");
    let forced = run(server
        .loftctl()
        .args(["user", "apply", "--force-conflicts", "-f"])
        .arg(&path));
    assert_eq!(
        forced.stdout, "user.management.loft.sh/bob configured\n",
        "{forced}"
    );
    assert_eq!(get_user(&server, "bob").unwrap()["spec"]["email"], "b@x.io");
}

// ---------------------------------------------------------------- delete

#[test]
fn delete_without_a_terminal_is_refused_without_yes() {
    let server = DevServer::start();
    loftctl(&server, &["user", "create", "alice"]);
    let out = loftctl(&server, &["user", "delete", "alice"]);
    insta::assert_snapshot!(out, @r#"
        exit: 2
        --- stdout
        --- stderr
        error: refusing to delete without confirmation: stdin is not a terminal
        hint: pass --yes to delete without asking
    "#);
    let out = loftctl(&server, &["user", "delete", "alice", "--yes", "--wait"]);
    assert_eq!(
        out.stdout, "user.management.loft.sh/alice deleted\n",
        "{out}"
    );
    if let Some(names) = user_names(&server) {
        assert!(names.is_empty(), "{names:?}");
    }
}

#[test]
fn delete_not_found_selectors_all_and_dry_runs() {
    let server = DevServer::start();
    for (name, team) in [("a1", "x"), ("a2", "x"), ("b1", "y"), ("c1", "z")] {
        let out = loftctl(
            &server,
            &["user", "create", name, "--label", &format!("team={team}")],
        );
        assert_eq!(out.code, 0, "{out}");
    }
    let missing = loftctl(&server, &["user", "delete", "nobody", "--yes"]);
    assert_eq!(missing.code, 4, "{missing}");
    let ignored = loftctl(
        &server,
        &["user", "delete", "nobody", "--yes", "--ignore-not-found"],
    );
    assert_eq!(
        (ignored.code, ignored.stdout.as_str()),
        (0, ""),
        "{ignored}"
    );
    // One missing among several: the others are deleted, exit 4.
    let mixed = loftctl(&server, &["user", "delete", "c1", "nobody", "--yes"]);
    assert_eq!(mixed.code, 4, "{mixed}");
    assert_eq!(mixed.stdout, "user.management.loft.sh/c1 deleted\n");

    for mode in ["--dry-run=client", "--dry-run=server"] {
        let out = loftctl(&server, &["user", "delete", "-l", "team=x", mode]);
        assert_eq!(out.code, 0, "{out}");
        assert_eq!(out.stdout.lines().count(), 2, "{out}");
    }
    let out = loftctl(
        &server,
        &["user", "delete", "-l", "team=x", "--yes", "-o", "name"],
    );
    assert_eq!(
        out.stdout, "user.management.loft.sh/a1\nuser.management.loft.sh/a2\n",
        "{out}"
    );
    if let Some(names) = user_names(&server) {
        assert_eq!(names, ["b1"]);
    }
    // --all is every user, the built-in ones too: the admin key's own user `admin` goes,
    // and with it the key (401, exit 6), as any key of a deleted user.
    let out = loftctl(&server, &["user", "delete", "--all", "--yes"]);
    assert!(
        out.stdout
            .contains("user.management.loft.sh/admin deleted\n"),
        "{out}"
    );
    let out = loftctl(&server, &["user", "delete", "--all", "--yes"]);
    assert_eq!(out.code, 6, "{out}");
    let usage = loftctl(&server, &["user", "delete", "--yes"]);
    assert_eq!(usage.code, 2, "{usage}");
}

// ---------------------------------------------------------------- disable / enable

#[test]
fn disable_and_enable_set_spec_disabled() {
    let server = DevServer::start();
    loftctl(&server, &["user", "create", "alice"]);
    let out = loftctl(&server, &["user", "disable", "alice"]);
    assert_eq!(
        out.stdout, "user.management.loft.sh/alice disabled\n",
        "{out}"
    );
    if let Some(u) = get_user(&server, "alice") {
        assert_eq!(u["spec"]["disabled"], true);
    }
    let rv = get_user(&server, "alice").map(|u| u["metadata"]["resourceVersion"].clone());
    let again = loftctl(&server, &["user", "disable", "alice"]);
    assert_eq!(
        again.stdout, "user.management.loft.sh/alice unchanged\n",
        "{again}"
    );
    assert_eq!(
        rv,
        get_user(&server, "alice").map(|u| u["metadata"]["resourceVersion"].clone())
    );

    let dry = loftctl(&server, &["user", "enable", "alice", "--dry-run=server"]);
    assert_eq!(
        dry.stdout, "user.management.loft.sh/alice enabled (server dry run)\n",
        "{dry}"
    );
    if let Some(u) = get_user(&server, "alice") {
        assert_eq!(u["spec"]["disabled"], true);
    }
    let out = loftctl(&server, &["user", "enable", "alice", "nobody"]);
    assert_eq!(out.code, 4, "{out}");
    assert_eq!(
        out.stdout, "user.management.loft.sh/alice enabled\n",
        "{out}"
    );
    if let Some(u) = get_user(&server, "alice") {
        assert_eq!(u["spec"]["disabled"], false);
    }
}

// ---------------------------------------------------------------- exit 6 and 7

#[test]
fn read_only_key_is_exit_6_for_every_write() {
    let server = DevServer::start();
    loftctl(&server, &["user", "create", "alice"]);
    let path = write_file(&server, "bob.yaml", &user_doc("bob", "b@x.io"));
    let ro = |args: &[&str]| {
        run(server
            .loftctl()
            .env("LOFT_ACCESS_KEY", READONLY_KEY)
            .args(args))
    };
    for args in [
        &["user", "create", "bob"][..],
        &["user", "apply", "-f", path.to_str().unwrap()],
        &["user", "delete", "alice", "--yes"],
        &["user", "disable", "alice"],
    ] {
        let out = ro(args);
        assert_eq!(out.code, 6, "{args:?}: {out}");
        assert!(out.stderr.contains("hint:"), "{out}");
    }
}

#[test]
fn unreachable_server_is_exit_7() {
    let home = tempfile::tempdir().unwrap();
    let url = common::dead_url();
    for args in [
        &["user", "create", "bob"][..],
        &["user", "delete", "alice", "--yes"],
        &["user", "enable", "alice"],
    ] {
        let out = run(common::loftctl_cmd(home.path())
            .env("LOFT_URL", &url)
            .env("LOFT_ACCESS_KEY", "k")
            .args(args));
        assert_eq!(out.code, 7, "{args:?}: {out}");
    }
}
