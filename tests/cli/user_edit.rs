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

/// Remove a kept file and the private directory it is in.
fn remove_kept(kept: &std::path::Path) {
    let dir = kept.parent().unwrap();
    assert!(
        dir.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("loftctl-edit-"),
        "{}",
        kept.display()
    );
    std::fs::remove_dir_all(dir).unwrap();
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
    remove_kept(&kept);

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
    remove_kept(&kept);
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
    remove_kept(&kept);
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
    remove_kept(&kept_path(&r));
}

#[test]
fn a_non_utf8_save_keeps_the_file_and_sends_nothing() {
    let server = server_with_alice();
    let before = fetch(&server, "alice");
    let dir = tempfile::tempdir().unwrap();
    let editor = script(
        dir.path(),
        "latin1.sh",
        "sed -i 's/alice@example.com/caf\\xe9@example.com/' \"$1\"",
    );
    let r = edit(&server, &editor, &[]);
    assert_eq!(r.code, 3, "{r}");
    assert!(
        r.stderr
            .contains("error: the edited file is not valid UTF-8"),
        "{r}"
    );
    let kept = kept_path(&r);
    let bytes = std::fs::read(&kept).unwrap();
    assert!(
        bytes.windows(4).any(|w| w == b"caf\xe9"),
        "the user's bytes are kept as they were"
    );
    remove_kept(&kept);
    assert_eq!(fetch(&server, "alice"), before, "nothing was sent");
}

#[test]
fn the_edit_file_is_0600_in_a_0700_directory() {
    let server = server_with_alice();
    let dir = tempfile::tempdir().unwrap();
    let modes = dir.path().join("modes");
    let editor = script(
        dir.path(),
        "modes.sh",
        &format!(
            "stat -c %a \"$1\" \"$(dirname \"$1\")\" > {}",
            modes.display()
        ),
    );
    let r = edit(&server, &editor, &[]);
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(std::fs::read_to_string(&modes).unwrap(), "600\n700\n");
}

/// `user edit` with an editor that changes the file (or not), says it is ready on
/// stderr with its pid and the file's path, and then blocks; `signal` is sent to
/// loftctl once that line is read. Returns loftctl's exit code, its stderr and the path.
fn edit_and_signal(
    server: &DevServer,
    signal: &str,
    change: bool,
) -> (Option<i32>, String, std::path::PathBuf) {
    use std::io::BufRead;
    use std::process::Stdio;
    use std::sync::mpsc;
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let sed = if change {
        "sed -i s/alice@example.com/interrupted@example.com/ \"$1\"\n"
    } else {
        ""
    };
    let editor = script(
        dir.path(),
        "blocks.sh",
        &format!("{sed}echo \"EDITOR-READY $$ $1\" >&2\nexec sleep 60 >/dev/null 2>&1"),
    );
    let mut child = server
        .loftctl()
        .args(["user", "edit", "alice"])
        .env("EDITOR", &editor)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let limit = Duration::from_secs(20);
    let ready = loop {
        match rx.recv_timeout(limit) {
            Ok(line) if line.starts_with("EDITOR-READY ") => break line,
            Ok(_) => continue,
            Err(e) => {
                let _ = child.kill();
                panic!("the editor never said it was ready: {e}");
            }
        }
    };
    let mut parts = ready.split(' ').skip(1);
    let editor_pid = parts.next().unwrap().to_string();
    let path = std::path::PathBuf::from(parts.next().unwrap());
    let kill = |sig: &str, pid: &str| {
        std::process::Command::new("kill")
            .args([sig, pid])
            .status()
            .unwrap()
    };
    assert!(kill(signal, &child.id().to_string()).success());
    // loftctl must end by itself; the reader thread ends when it has (the editor no
    // longer holds stderr), so every line until then is collected, under the limit.
    let mut rest = Vec::new();
    loop {
        match rx.recv_timeout(limit) {
            Ok(line) => rest.push(line),
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let _ = child.kill();
                let _ = kill("-KILL", &editor_pid);
                panic!("loftctl did not end after {signal}; stderr: {rest:?}");
            }
        }
    }
    let status = child.wait().unwrap();
    let _ = kill("-KILL", &editor_pid);
    (status.code(), rest.join("\n"), path)
}

#[test]
fn sigint_during_the_edit_keeps_the_changed_file_and_exits_130() {
    let server = server_with_alice();
    let before = fetch(&server, "alice");
    let (code, stderr, path) = edit_and_signal(&server, "-INT", true);
    assert_eq!(code, Some(130), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "A copy of your changes has been stored to \"{}\"",
            path.display()
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: interrupted while the editor was running"),
        "{stderr}"
    );
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("interrupted@example.com")
    );
    remove_kept(&path);
    assert_eq!(fetch(&server, "alice"), before, "nothing was sent");
}

#[test]
fn sigterm_during_the_edit_exits_143_and_removes_an_unchanged_file() {
    let server = server_with_alice();
    let (code, stderr, path) = edit_and_signal(&server, "-TERM", false);
    assert_eq!(code, Some(143), "{stderr}");
    assert!(
        stderr.contains(
            "error: Edit cancelled, no changes made: terminated (SIGTERM) while the editor was running"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("A copy of your changes"), "{stderr}");
    assert!(!path.exists(), "{} is left behind", path.display());
    // A changed file is kept on SIGTERM too.
    let (code, stderr, path) = edit_and_signal(&server, "-TERM", true);
    assert_eq!(code, Some(143), "{stderr}");
    assert!(
        stderr.contains("A copy of your changes has been stored to"),
        "{stderr}"
    );
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("interrupted@example.com")
    );
    remove_kept(&path);
}
