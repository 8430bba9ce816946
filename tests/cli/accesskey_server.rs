//! `loftctl accesskey` against the dev-server: a created key works for loftctl and for
//! kubectl and names its user; it ends with its ttl and with its user; the key is never
//! shown again; delete is confirmed as `user delete` is.

use std::time::{Duration, Instant};

use crate::common;

use common::{DevServer, loftctl_cmd, run, which};

/// `loftctl` pointed at the server with `key` (not the admin key).
fn as_key(server: &DevServer, key: &str) -> std::process::Command {
    let mut cmd = loftctl_cmd(server.home.path());
    cmd.env("LOFT_URL", &server.url).env("LOFT_ACCESS_KEY", key);
    cmd
}

/// Create user `name` and a key for it (as the admin); returns the key.
fn user_with_key(server: &DevServer, name: &str, extra: &[&str]) -> String {
    let out = run(server.loftctl().args(["user", "create", name]));
    assert_eq!(out.code, 0, "{out}");
    let out = run(server
        .loftctl()
        .args(["accesskey", "create", &format!("{name}-ci"), "--user", name])
        .args(extra));
    assert_eq!(out.code, 0, "{out}");
    let key = out
        .stdout
        .strip_suffix('\n')
        .unwrap_or_else(|| panic!("{out}"));
    assert!(!key.contains('\n') && key.len() >= 32, "{out}");
    key.to_string()
}

#[test]
fn a_created_key_works_for_loftctl_and_kubectl_and_names_its_user() {
    let server = DevServer::start();
    let key = user_with_key(
        &server,
        "alice",
        &["--ttl", "1h", "--project", "p1", "--role", "vcluster"],
    );
    let out = run(as_key(&server, &key).arg("whoami"));
    assert_eq!(out.code, 0, "{out}");
    assert!(out.stdout.starts_with("user alice\n"), "{out}");
    let out = run(as_key(&server, &key).args(["whoami", "-o", "json"]));
    let me: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        me["status"]["accessKeyScope"]["projects"][0]["project"], "p1",
        "{out}"
    );

    let Some(kubectl) = which("kubectl") else {
        eprintln!("skipped the kubectl half: kubectl is not installed");
        return;
    };
    let out = run(std::process::Command::new(kubectl)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", server.home.path())
        .args([
            "--server",
            &server.api_url().replacen("http://", "https://", 1),
            "--insecure-skip-tls-verify",
            "--token",
            &key,
            "get",
            "users",
            "alice",
            "-o",
            "name",
        ]));
    assert_eq!(out.code, 0, "{out}");
    assert_eq!(out.stdout, "user.management.loft.sh/alice\n", "{out}");
}

#[test]
fn a_key_ends_with_its_ttl_and_with_its_user() {
    let server = DevServer::start();
    let key = user_with_key(&server, "bob", &["--ttl", "3"]);
    let created = Instant::now();
    let out = run(as_key(&server, &key).arg("whoami"));
    assert_eq!(out.code, 0, "{out}");
    // Wait for the clock, not for a process: ask until the server says expired.
    let expired = loop {
        let out = run(as_key(&server, &key).arg("whoami"));
        if out.code != 0 {
            break out;
        }
        assert!(created.elapsed() < Duration::from_secs(15), "never expired");
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(expired.code, 6, "{expired}");
    assert!(
        expired
            .stderr
            .contains("loft access key expired. Please login again"),
        "{expired}"
    );
    assert!(
        created.elapsed() >= Duration::from_secs(1),
        "expired too early"
    );
    assert!(!expired.stderr.contains(&key), "{expired}");

    let key = user_with_key(&server, "carol", &["--ttl", "1h"]);
    assert_eq!(run(as_key(&server, &key).arg("whoami")).code, 0);
    let out = run(server.loftctl().args(["user", "disable", "carol"]));
    assert_eq!(out.code, 0, "{out}");
    let out = run(as_key(&server, &key).arg("whoami"));
    assert_eq!(out.code, 6, "{out}");
}

#[test]
fn get_and_list_never_show_the_key_in_any_format() {
    let server = DevServer::start();
    let key = user_with_key(
        &server,
        "dave",
        &["--ttl", "1d", "--display-name", "Dave CI"],
    );
    let mut seen = 0;
    for format in ["table", "wide", "json", "yaml", "name", "jsonpath={..key}"] {
        for args in [
            vec!["accesskey", "list", "-o", format],
            vec!["accesskey", "get", "dave-ci", "-o", format],
            vec!["user", "access-keys", "dave", "-o", format],
        ] {
            let out = run(server.loftctl().args(&args));
            assert_eq!(out.code, 0, "{args:?}: {out}");
            assert!(!out.stdout.contains(&key), "{args:?} shows the key: {out}");
            assert!(!out.stderr.contains(&key), "{args:?} shows the key: {out}");
            seen += usize::from(out.stdout.contains("dave-ci"));
        }
    }
    assert!(
        seen >= 15,
        "the key's name was missing from {} outputs",
        18 - seen
    );

    let out = run(server.loftctl().args(["accesskey", "list"]));
    let mut lines = out.stdout.lines();
    let header: Vec<&str> = lines
        .next()
        .unwrap()
        .split("   ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(
        header,
        [
            "NAME",
            "DISPLAY NAME",
            "USER",
            "TYPE",
            "SCOPE",
            "EXPIRES",
            "LAST ACTIVITY",
            "AGE"
        ],
        "{out}"
    );
    let row = out
        .stdout
        .lines()
        .find(|l| l.starts_with("dave-ci "))
        .unwrap_or_else(|| panic!("{out}"));
    for cell in ["Dave CI", "dave", "User"] {
        assert!(row.contains(cell), "{cell:?} missing: {row}");
    }
    assert!(
        row.contains(" in 24h ") || row.contains(" in 23h "),
        "EXPIRES: {row}"
    );

    // Without a NAME the server names the key; stderr says which, stdout is the key.
    let out = run(server
        .loftctl()
        .args(["accesskey", "create", "--ttl", "1h"]));
    assert_eq!(out.code, 0, "{out}");
    assert_eq!(out.stdout.trim_end().len(), 64, "{out}");
    assert!(
        out.stderr
            .starts_with("ownedaccesskey.management.loft.sh/loftctl-"),
        "{out}"
    );
    assert!(out.stderr.trim_end().ends_with(" created"), "{out}");

    // The create answer, on the other hand, is the one place the key appears.
    let out =
        run(server
            .loftctl()
            .args(["accesskey", "create", "again", "--ttl", "1h", "-o", "json"]));
    let obj: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(obj["spec"]["key"].as_str().map(str::len), Some(64), "{out}");
}

/// Run `loftctl ARGS` on a pty (util-linux `script`), answering `answer`.
fn on_a_terminal(server: &DevServer, args: &str, answer: &str) -> common::Run {
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
    common::run_with_stdin(&mut script_cmd, answer)
}

#[test]
fn delete_asks_on_a_terminal_and_refuses_in_scripts_without_yes() {
    let server = DevServer::start();
    for name in ["k1", "k2"] {
        let out = run(server.loftctl().args(["accesskey", "create", name]));
        assert_eq!(out.code, 0, "{out}");
    }
    let names =
        |server: &DevServer| run(server.loftctl().args(["accesskey", "list", "-o", "name"])).stdout;

    let out = run(server.loftctl().args(["accesskey", "delete", "k1"]));
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("refusing to delete"), "{out}");
    assert!(names(&server).contains("ownedaccesskey.management.loft.sh/k1"));

    if which("script").is_some() {
        let no = on_a_terminal(&server, "accesskey delete k1", "n\n");
        assert!(
            no.stdout
                .contains("Delete ownedaccesskey.management.loft.sh/k1? [y/N]"),
            "{no}"
        );
        assert_ne!(no.code, 0, "{no}");
        assert!(names(&server).contains("ownedaccesskey.management.loft.sh/k1"));
        let yes = on_a_terminal(&server, "accesskey delete k1", "y\n");
        assert_eq!(yes.code, 0, "{yes}");
        assert!(
            yes.stdout
                .contains("ownedaccesskey.management.loft.sh/k1 deleted"),
            "{yes}"
        );
    } else {
        eprintln!("skipped the terminal half: util-linux `script` is not installed");
        let out = run(server
            .loftctl()
            .args(["accesskey", "delete", "k1", "--yes"]));
        assert_eq!(out.code, 0, "{out}");
    }
    assert!(!names(&server).contains("ownedaccesskey.management.loft.sh/k1"));

    let out = run(server
        .loftctl()
        .args(["accesskey", "delete", "k2", "--yes"]));
    assert_eq!(out.code, 0, "{out}");
    assert_eq!(out.stdout, "ownedaccesskey.management.loft.sh/k2 deleted\n");
    let out = run(server
        .loftctl()
        .args(["accesskey", "delete", "k2", "--yes"]));
    assert_eq!(out.code, 4, "{out}");
}
