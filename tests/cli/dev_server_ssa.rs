//! Server-side apply with real field ownership in the dev-server, driven by the
//! official Python client (`python/ssa.py`), real kubectl (`apply --server-side`,
//! `patch`, `edit` as Update managers) and `loftctl user apply`.

use crate::common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::{DevServer, Run, run};
use serde_json::Value;

// ---------------------------------------------------------------- the Python client

fn python_scenario(scenario: &str) {
    let server = DevServer::start();
    let Some(mut cmd) = server.python("ssa.py") else {
        return;
    };
    let out = run(cmd.arg(scenario));
    assert_eq!(out.code, 0, "{out}");
    assert_eq!(out.stdout.trim_end(), format!("ok {scenario}"), "{out}");
}

#[test]
fn python_applying_fewer_fields_removes_the_rest() {
    python_scenario("shrink");
}

#[test]
fn python_conflict_names_the_manager_and_force_transfers() {
    python_scenario("forced_field_survives");
}

#[test]
fn python_equal_values_are_shared_ownership() {
    python_scenario("shared");
}

#[test]
fn python_update_then_apply_conflicts_and_updates_take_over() {
    python_scenario("update_then_apply");
}

#[test]
fn python_labels_are_granular_and_lists_atomic_or_sets() {
    python_scenario("labels_and_lists");
}

#[test]
fn python_managed_fields_in_requests_and_dry_run() {
    python_scenario("managed_fields_in_requests");
}

// ---------------------------------------------------------------- kubectl

fn k(server: &DevServer, args: &[&str]) -> Run {
    let mut cmd = server.kubectl().expect("kubectl");
    run(cmd.args(args))
}

fn write_file(server: &DevServer, name: &str, text: &str) -> PathBuf {
    let path = server.home.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn user_doc(name: &str, spec: &str) -> String {
    format!(
        "apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: {name}\nspec:\n{spec}"
    )
}

fn get_user(server: &DevServer, name: &str) -> Value {
    let out = k(
        server,
        &[
            "get",
            "users.management.loft.sh",
            name,
            "-o",
            "json",
            "--show-managed-fields",
        ],
    );
    assert_eq!(out.code, 0, "{out}");
    serde_json::from_str(&out.stdout).unwrap()
}

fn owned(user: &Value, manager: &str, operation: &str) -> Value {
    user["metadata"]["managedFields"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["manager"] == manager && e["operation"] == operation)
        .map(|e| e["fieldsV1"].clone())
        .unwrap_or(Value::Null)
}

fn kubectl_apply(server: &DevServer, manager: &str, file: &Path, force: bool) -> Run {
    let mut args = vec!["apply", "--server-side", "--field-manager", manager];
    if force {
        args.push("--force-conflicts");
    }
    let file = file.to_str().unwrap();
    args.extend(["-f", file]);
    k(server, &args)
}

#[test]
fn kubectl_server_side_apply_tracks_ownership() {
    let server = DevServer::start();
    if server.kubectl().is_none() {
        return;
    }
    let two = write_file(
        &server,
        "two.yaml",
        &user_doc("alice", "  email: a@x.io\n  displayName: Alice\n"),
    );
    let one = write_file(&server, "one.yaml", &user_doc("alice", "  email: a@x.io\n"));
    let out = kubectl_apply(&server, "ci", &two, false);
    assert_eq!(out.code, 0, "{out}");
    let out = kubectl_apply(&server, "ci", &one, false);
    assert_eq!(out.code, 0, "{out}");
    let user = get_user(&server, "alice");
    assert!(user["spec"].get("displayName").is_none(), "{user}");
    assert_eq!(
        owned(&user, "ci", "Apply"),
        serde_json::json!({"f:spec": {"f:email": {}}})
    );

    // kubectl patch is an Update manager: an apply over its field conflicts.
    let out = k(
        &server,
        &[
            "patch",
            "users.management.loft.sh",
            "alice",
            "--type",
            "merge",
            "-p",
            r#"{"spec":{"displayName":"Patched"}}"#,
        ],
    );
    assert_eq!(out.code, 0, "{out}");
    let out = kubectl_apply(&server, "ci", &two, false);
    assert_ne!(out.code, 0, "{out}");
    assert!(
        out.stderr.contains(
            r#"conflict with "kubectl-patch" using management.loft.sh/v1: .spec.displayName"#
        ),
        "{out}"
    );
    assert_eq!(get_user(&server, "alice")["spec"]["displayName"], "Patched");
    let out = kubectl_apply(&server, "ci", &two, true);
    assert_eq!(out.code, 0, "{out}");
    let user = get_user(&server, "alice");
    assert_eq!(user["spec"]["displayName"], "Alice");
    assert_eq!(
        owned(&user, "kubectl-patch", "Update"),
        Value::Null,
        "{user}"
    );
    assert_eq!(
        owned(&user, "ci", "Apply"),
        serde_json::json!({"f:spec": {"f:displayName": {}, "f:email": {}}})
    );
}

#[test]
fn kubectl_edit_is_an_update_manager_that_takes_fields_over() {
    let server = DevServer::start();
    if server.kubectl().is_none() {
        return;
    }
    let two = write_file(
        &server,
        "two.yaml",
        &user_doc("bob", "  email: b@x.io\n  displayName: Bob\n"),
    );
    assert_eq!(kubectl_apply(&server, "ci", &two, false).code, 0);
    let editor = write_file(
        &server,
        "editor.sh",
        "#!/bin/sh\nsed -i 's/displayName: Bob/displayName: Edited/' \"$1\"\n",
    );
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut cmd = server.kubectl().unwrap();
    let out =
        run(cmd
            .env("KUBE_EDITOR", &editor)
            .args(["edit", "users.management.loft.sh", "bob"]));
    assert_eq!(out.code, 0, "{out}");
    let user = get_user(&server, "bob");
    assert_eq!(user["spec"]["displayName"], "Edited");
    assert_eq!(
        owned(&user, "kubectl-edit", "Update"),
        serde_json::json!({"f:spec": {"f:displayName": {}}})
    );
    assert_eq!(
        owned(&user, "ci", "Apply"),
        serde_json::json!({"f:spec": {"f:email": {}}})
    );
    // ci applies again without forcing: the edited field is kubectl-edit's now.
    let out = kubectl_apply(&server, "ci", &two, false);
    assert_ne!(out.code, 0, "{out}");
    assert!(
        out.stderr.contains(r#"conflict with "kubectl-edit""#),
        "{out}"
    );
    // Forcing moves it back to ci, and kubectl-edit owns nothing any more.
    let out = kubectl_apply(&server, "ci", &two, true);
    assert_eq!(out.code, 0, "{out}");
    let user = get_user(&server, "bob");
    assert_eq!(user["spec"]["displayName"], "Bob");
    assert_eq!(
        owned(&user, "kubectl-edit", "Update"),
        Value::Null,
        "{user}"
    );
    assert_eq!(
        owned(&user, "ci", "Apply"),
        serde_json::json!({"f:spec": {"f:displayName": {}, "f:email": {}}})
    );
}

// ---------------------------------------------------------------- loftctl user apply

#[test]
fn loftctl_apply_removes_a_field_dropped_from_the_manifest() {
    let server = DevServer::start();
    if server.kubectl().is_none() {
        return;
    }
    // {email}, then {email, displayName}, then {email} again.
    let path = write_file(
        &server,
        "carol.yaml",
        &user_doc("carol", "  email: c@x.io\n"),
    );
    let out = run(server.loftctl().args(["user", "apply", "-f"]).arg(&path));
    assert_eq!(out.code, 0, "{out}");
    write_file(
        &server,
        "carol.yaml",
        &user_doc("carol", "  email: c@x.io\n  displayName: Carol\n"),
    );
    let out = run(server.loftctl().args(["user", "apply", "-f"]).arg(&path));
    assert_eq!(out.code, 0, "{out}");
    assert_eq!(get_user(&server, "carol")["spec"]["displayName"], "Carol");
    write_file(
        &server,
        "carol.yaml",
        &user_doc("carol", "  email: c@x.io\n"),
    );
    let out = run(server.loftctl().args(["user", "apply", "-f"]).arg(&path));
    assert_eq!(
        out.stdout, "user.management.loft.sh/carol configured\n",
        "{out}"
    );
    let user = get_user(&server, "carol");
    assert!(user["spec"].get("displayName").is_none(), "{user}");
    assert_eq!(user["spec"]["email"], "c@x.io");
    let out = run(server.loftctl().args(["user", "apply", "-f"]).arg(&path));
    assert_eq!(
        out.stdout, "user.management.loft.sh/carol unchanged\n",
        "{out}"
    );
}

/// After `user patch` (manager loftctl, operation Update) changed a field, `user apply`
/// conflicts with loftctl's own update: the hint says so instead of "another manager".
#[test]
fn an_apply_after_loftctls_own_patch_names_it_in_the_hint() {
    let server = DevServer::start();
    let path = write_file(
        &server,
        "erin.yaml",
        &user_doc("erin", "  displayName: Erin\n"),
    );
    let out = run(server.loftctl().args(["user", "apply", "-f"]).arg(&path));
    assert_eq!(out.code, 0, "{out}");
    let out = run(server.loftctl().args([
        "user",
        "patch",
        "erin",
        "-p",
        r#"{"spec":{"displayName":"Erin B"}}"#,
    ]));
    assert_eq!(out.code, 0, "{out}");
    let conflict = run(server.loftctl().args(["user", "apply", "-f"]).arg(&path));
    assert_eq!(conflict.code, 5, "{conflict}");
    assert!(
        conflict
            .stderr
            .contains("hint: loftctl's own `user patch` or `user edit`"),
        "{conflict}"
    );
    let diff = run(server.loftctl().args(["user", "diff", "-f"]).arg(&path));
    assert_eq!(diff.code, 5, "{diff}");
    assert!(diff.stderr.contains("apply would fail too"), "{diff}");
}

#[test]
fn loftctl_apply_conflict_names_the_manager_and_field() {
    let server = DevServer::start();
    if server.kubectl().is_none() {
        return;
    }
    let path = write_file(
        &server,
        "dave.yaml",
        &user_doc("dave", "  email: d@x.io\n  displayName: Dave\n"),
    );
    let out = run(server.loftctl().args(["user", "apply", "-f"]).arg(&path));
    assert_eq!(out.code, 0, "{out}");
    let other = write_file(
        &server,
        "other.yaml",
        &user_doc("dave", "  displayName: Someone\n"),
    );
    let out = kubectl_apply(&server, "team-sync", &other, true);
    assert_eq!(out.code, 0, "{out}");
    let conflict = run(server.loftctl().args(["user", "apply", "-f"]).arg(&path));
    assert_eq!(conflict.code, 5, "{conflict}");
    // Once, naming the user (a batch of one used to print it per item and again at the end).
    assert_eq!(
        conflict.stderr.matches("Apply failed").count(),
        1,
        "{conflict}"
    );
    assert!(
        conflict
            .stderr
            .contains("error: user.management.loft.sh/dave: Apply failed"),
        "{conflict}"
    );
    assert!(conflict.stderr.contains(r#""team-sync""#), "{conflict}");
    assert!(conflict.stderr.contains(".spec.displayName"), "{conflict}");
    assert!(conflict.stderr.contains("--force-conflicts"), "{conflict}");
    assert_eq!(get_user(&server, "dave")["spec"]["displayName"], "Someone");
    // The other manager keeps its field when loftctl's manifest drops it.
    write_file(&server, "dave.yaml", &user_doc("dave", "  email: d@x.io\n"));
    let out = run(server.loftctl().args(["user", "apply", "-f"]).arg(&path));
    assert_eq!(out.code, 0, "{out}");
    assert_eq!(get_user(&server, "dave")["spec"]["displayName"], "Someone");
    // Forcing takes it over.
    write_file(
        &server,
        "dave.yaml",
        &user_doc("dave", "  email: d@x.io\n  displayName: Dave\n"),
    );
    let forced = run(server
        .loftctl()
        .args(["user", "apply", "--force-conflicts", "-f"])
        .arg(&path));
    assert_eq!(forced.code, 0, "{forced}");
    let user = get_user(&server, "dave");
    assert_eq!(user["spec"]["displayName"], "Dave");
    assert_eq!(owned(&user, "team-sync", "Apply"), Value::Null, "{user}");
}
