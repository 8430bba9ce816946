//! `loftctl user edit` driven by scripted editors against a real dev-server.

use crate::common;
use crate::user_support;

use common::dead_url;
use common::{DevServer, Run, run};
use serde_json::json;
use user_support::{fetch, script, seed, user};

fn server_with_alice() -> DevServer {
    let server = DevServer::start();
    seed(
        &server,
        vec![user(
            "alice",
            json!({"email": "alice@example.com", "groups": ["dev"]}),
        )],
    );
    server
}

fn edit(server: &DevServer, editor: &str, extra: &[&str]) -> Run {
    run(server
        .loftctl()
        .args(["user", "edit", "alice"])
        .args(extra)
        .env("EDITOR", editor))
}

/// The path in "A copy of your changes has been stored to "PATH"".
fn kept_path(r: &Run) -> std::path::PathBuf {
    let line = r
        .stderr
        .lines()
        .find(|l| l.starts_with("A copy of your changes has been stored to \""))
        .unwrap_or_else(|| panic!("no kept file in\n{r}"));
    let path = line.split('"').nth(1).unwrap();
    std::path::PathBuf::from(path)
}

#[test]
fn a_successful_edit_is_sent_and_unknown_fields_survive() {
    let server = server_with_alice();
    let rv_before = fetch(&server, "alice")["metadata"]["resourceVersion"].clone();
    // kubectl splits $EDITOR on whitespace: this runs `sed -i s/… FILE`.
    let r = edit(
        &server,
        "sed -i s/alice@example.com/alice@corp.example/",
        &[],
    );
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stdout, "user.management.loft.sh/alice edited\n");
    let after = fetch(&server, "alice");
    assert_eq!(after["spec"]["email"], "alice@corp.example");
    assert_eq!(after["spec"]["groups"], json!(["dev"]));
    assert_ne!(after["metadata"]["resourceVersion"], rv_before);

    // LOFT_EDITOR wins over EDITOR; the header is there and managedFields are not.
    let dir = tempfile::tempdir().unwrap();
    let check = script(
        dir.path(),
        "check.sh",
        "grep -q \"^# Please edit the object below. Lines beginning with a '#' will be ignored,\" \"$1\"\n\
         ! grep -q managedFields \"$1\"\n\
         sed -i 's/alice@corp.example/third@example.com/' \"$1\"",
    );
    let r = run(server
        .loftctl()
        .args(["user", "edit", "alice"])
        .env("EDITOR", "false")
        .env("LOFT_EDITOR", &check));
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(
        fetch(&server, "alice")["spec"]["email"],
        "third@example.com"
    );
}

#[test]
fn unchanged_and_empty_saves_cancel() {
    let server = server_with_alice();
    let before = fetch(&server, "alice");
    let r = edit(&server, "true", &[]);
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stderr.contains("Edit cancelled, no changes made."), "{r}");
    assert_eq!(r.stdout, "");

    // Only a comment added: still unchanged.
    let r = edit(&server, "sed -i 1i#just-a-comment", &[]);
    assert!(r.stderr.contains("Edit cancelled, no changes made."), "{r}");

    let dir = tempfile::tempdir().unwrap();
    let empty = script(dir.path(), "empty.sh", ": > \"$1\"");
    let r = edit(&server, &empty, &[]);
    assert_eq!(r.code, 0, "{r}");
    assert!(
        r.stderr.contains("Edit cancelled, saved file was empty."),
        "{r}"
    );
    assert_eq!(fetch(&server, "alice"), before, "nothing was sent");
}

#[test]
fn invalid_then_fixed() {
    let server = server_with_alice();
    let dir = tempfile::tempdir().unwrap();
    let count = dir.path().join("count");
    let editor = script(
        dir.path(),
        "editor.sh",
        &format!(
            "n=$(cat {count} 2>/dev/null || echo 0); n=$((n+1)); echo $n > {count}\n\
             if [ $n = 1 ]; then sed -i 's/^spec:$/spec:\\n  emial: typo@example.com/' \"$1\"; exit 0; fi\n\
             grep -q '^# users.management.loft.sh \"alice\" was not valid:' \"$1\"\n\
             grep -q 'did you mean \"email\"' \"$1\"\n\
             sed -i 's/emial: typo@example.com/description: fixed/' \"$1\"",
            count = count.display()
        ),
    );
    let r = edit(&server, &editor, &[]);
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(
        std::fs::read_to_string(&count).unwrap().trim(),
        "2",
        "two rounds"
    );
    assert_eq!(r.stdout, "user.management.loft.sh/alice edited\n");
    let after = fetch(&server, "alice");
    assert_eq!(after["spec"]["description"], "fixed");
    assert!(after["spec"].get("emial").is_none());
}

#[test]
fn an_invalid_label_reopens_the_editor() {
    let server = server_with_alice();
    let dir = tempfile::tempdir().unwrap();
    let count = dir.path().join("count");
    // A label value Kubernetes refuses: shown in the header, then fixed.
    let editor = script(
        dir.path(),
        "editor.sh",
        &format!(
            "n=$(cat {count} 2>/dev/null || echo 0); n=$((n+1)); echo $n > {count}\n\
             if [ $n = 1 ]; then sed -i 's/^  name: alice$/  name: alice\\n  labels:\\n    team: \"not a valid label!\"/' \"$1\"; exit 0; fi\n\
             grep -q '^# users.management.loft.sh \"alice\" was not valid:' \"$1\"\n\
             sed -i 's/not a valid label!/platform/' \"$1\"",
            count = count.display()
        ),
    );
    let r = edit(&server, &editor, &[]);
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(
        std::fs::read_to_string(&count).unwrap().trim(),
        "2",
        "two rounds"
    );
    assert_eq!(
        fetch(&server, "alice")["metadata"]["labels"]["team"],
        "platform"
    );
}

#[test]
fn broken_yaml_reopens_with_the_syntax_error() {
    let server = server_with_alice();
    let dir = tempfile::tempdir().unwrap();
    let count = dir.path().join("count");
    let editor = script(
        dir.path(),
        "editor.sh",
        &format!(
            "n=$(cat {count} 2>/dev/null || echo 0); n=$((n+1)); echo $n > {count}\n\
             if [ $n = 1 ]; then echo '  : [unclosed' >> \"$1\"; exit 0; fi\n\
             grep -q 'not valid YAML' \"$1\"\n\
             sed -i '/: \\[unclosed/d' \"$1\"; sed -i 's/alice@example.com/yaml@example.com/' \"$1\"",
            count = count.display()
        ),
    );
    let r = edit(&server, &editor, &[]);
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(fetch(&server, "alice")["spec"]["email"], "yaml@example.com");
}

#[test]
fn always_invalid_stops_and_keeps_the_file() {
    let server = server_with_alice();
    let before = fetch(&server, "alice");
    let dir = tempfile::tempdir().unwrap();
    let count = dir.path().join("count");
    // The same invalid text on every save: stops at the second (as kubectl does).
    let same = script(
        dir.path(),
        "same.sh",
        &format!(
            "n=$(cat {count} 2>/dev/null || echo 0); echo $((n+1)) > {count}\n\
             printf 'apiVersion: management.loft.sh/v1\\nkind: User\\nmetadata:\\n  name: alice\\nspec:\\n  emial: x@example.com\\n' > \"$1\"",
            count = count.display()
        ),
    );
    let r = edit(&server, &same, &[]);
    assert_eq!(r.code, 3, "{r}");
    assert_eq!(std::fs::read_to_string(&count).unwrap().trim(), "2");
    let kept = kept_path(&r);
    assert!(
        std::fs::read_to_string(&kept)
            .unwrap()
            .contains("emial: x@example.com")
    );
    assert!(r.stderr.contains("emial"), "{r}");
    std::fs::remove_file(kept).unwrap();

    // A different invalid text every time: stops after a bounded number of rounds.
    std::fs::remove_file(&count).unwrap();
    let changing = script(
        dir.path(),
        "changing.sh",
        &format!(
            "n=$(cat {count} 2>/dev/null || echo 0); n=$((n+1)); echo $n > {count}\n\
             printf 'apiVersion: management.loft.sh/v1\\nkind: User\\nmetadata:\\n  name: alice\\nspec:\\n  emial: x%s@example.com\\n' $n > \"$1\"",
            count = count.display()
        ),
    );
    let r = edit(&server, &changing, &[]);
    assert_eq!(r.code, 3, "{r}");
    assert_eq!(std::fs::read_to_string(&count).unwrap().trim(), "10");
    let kept = kept_path(&r);
    assert!(
        std::fs::read_to_string(&kept)
            .unwrap()
            .contains("emial: x10@example.com")
    );
    std::fs::remove_file(kept).unwrap();
    assert_eq!(fetch(&server, "alice"), before, "nothing was sent");
}

#[test]
fn a_conflict_during_the_edit_is_merged() {
    let server = server_with_alice();
    let dir = tempfile::tempdir().unwrap();
    let loftctl = common::bin();
    // The editor itself changes the user (another field) before saving: 409, replayed.
    let editor = script(
        dir.path(),
        "editor.sh",
        &format!(
            "{} user patch alice -p '{{\"metadata\":{{\"labels\":{{\"touched\":\"yes\"}}}}}}' >/dev/null\n\
             sed -i 's/alice@example.com/mine@example.com/' \"$1\"",
            loftctl.display()
        ),
    );
    let r = edit(&server, &editor, &["-v"]);
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stderr.contains(" 409"), "a conflict happened:\n{r}");
    assert_eq!(r.stdout, "user.management.loft.sh/alice edited\n");
    let after = fetch(&server, "alice");
    assert_eq!(after["spec"]["email"], "mine@example.com");
    assert_eq!(
        after["metadata"]["labels"]["touched"], "yes",
        "both changes landed"
    );
}

#[test]
fn a_conflict_on_the_same_field_fails_and_keeps_the_file() {
    let server = server_with_alice();
    let dir = tempfile::tempdir().unwrap();
    let loftctl = common::bin();
    let editor = script(
        dir.path(),
        "editor.sh",
        &format!(
            "{} user patch alice -p '{{\"spec\":{{\"email\":\"theirs@example.com\"}}}}' >/dev/null\n\
             sed -i 's/alice@example.com/mine@example.com/' \"$1\"",
            loftctl.display()
        ),
    );
    let r = edit(&server, &editor, &[]);
    assert_eq!(r.code, 5, "{r}");
    assert!(r.stderr.contains("spec.email"), "{r}");
    let kept = kept_path(&r);
    assert!(
        std::fs::read_to_string(&kept)
            .unwrap()
            .contains("mine@example.com")
    );
    std::fs::remove_file(kept).unwrap();
    assert_eq!(
        fetch(&server, "alice")["spec"]["email"],
        "theirs@example.com"
    );
}

#[test]
fn dry_runs_change_nothing() {
    let server = server_with_alice();
    let before = fetch(&server, "alice");
    let r = edit(
        &server,
        "sed -i s/alice@example.com/dry@example.com/",
        &["--dry-run=client"],
    );
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "user.management.loft.sh/alice edited (dry run)\n"),
        "{r}"
    );
    let r = edit(
        &server,
        "sed -i s/alice@example.com/dry@example.com/",
        &["--dry-run=server"],
    );
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "user.management.loft.sh/alice edited (server dry run)\n"),
        "{r}"
    );
    assert_eq!(fetch(&server, "alice"), before);
}

#[test]
fn errors_and_exit_codes() {
    let server = server_with_alice();
    let r = run(server
        .loftctl()
        .args(["user", "edit", "nobody"])
        .env("EDITOR", "true"));
    assert_eq!(r.code, 4, "{r}");
    let r = edit(&server, "false", &[]);
    assert_eq!(r.code, 1, "{r}");
    assert!(r.stderr.contains("editor"), "{r}");
    let r = edit(&server, "/nonexistent/editor", &[]);
    assert_eq!(r.code, 1, "{r}");
    let r = run(server
        .loftctl()
        .args(["user", "edit", "alice"])
        .env("EDITOR", "true")
        .env("LOFT_ACCESS_KEY", "wrong"));
    assert_eq!(r.code, 6, "{r}");
    let r = run(server
        .loftctl()
        .args(["user", "edit", "alice"])
        .env("EDITOR", "true")
        .env("LOFT_URL", dead_url()));
    assert_eq!(r.code, 7, "{r}");
    // Renaming is refused locally and the editor reopens; the same save again stops.
    let r = edit(&server, "sed -i s/name:\\ alice/name:\\ mallory/", &[]);
    assert_eq!(r.code, 3, "{r}");
    assert!(r.stderr.contains("metadata.name"), "{r}");
    std::fs::remove_file(kept_path(&r)).unwrap();
}
