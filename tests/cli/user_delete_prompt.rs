//! `user delete` on a terminal asks first (dialoguer). The terminal is a real pty from
//! util-linux `script`; the test is skipped (with a note) where `script` is missing.

use crate::common;

use common::{DevServer, run, run_with_stdin, which};

/// Run `loftctl ARGS` on a pty, answering `answer` to the prompt.
fn on_a_terminal(server: &DevServer, args: &str, answer: &str) -> common::Run {
    let line = format!("{} {args}", common::bin().display());
    // The environment of `server.loftctl()` (cleared, pointed at the server), with
    // `script` as the program that gives loftctl its terminal.
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

/// `user list -o name` without the built-in `admin` and `viewer`.
fn names(server: &DevServer) -> String {
    run(server.loftctl().args(["user", "list", "-o", "name"]))
        .stdout
        .lines()
        .filter(|l| {
            !crate::common::is_builtin_user(l.trim_start_matches("user.management.loft.sh/"))
        })
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn delete_asks_on_a_terminal_and_respects_the_answer() {
    if which("script").is_none() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let server = DevServer::start();
    for name in ["alice", "bob"] {
        assert_eq!(run(server.loftctl().args(["user", "create", name])).code, 0);
    }

    let no = on_a_terminal(&server, "user delete alice", "n\n");
    assert!(
        no.stdout
            .contains("Delete user.management.loft.sh/alice? [y/N]"),
        "{no}"
    );
    assert!(no.stdout.contains("aborted: nothing was deleted"), "{no}");
    assert_ne!(no.code, 0, "{no}");
    assert!(names(&server).contains("user.management.loft.sh/alice"));

    let yes = on_a_terminal(&server, "user delete bob", "y\n");
    assert_eq!(yes.code, 0, "{yes}");
    assert!(
        yes.stdout.contains("user.management.loft.sh/bob deleted"),
        "{yes}"
    );
    assert_eq!(names(&server), "user.management.loft.sh/alice\n");
}
