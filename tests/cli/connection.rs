//! Connecting: each source against a real dev-server, login/logout and the config file,
//! credentials never printed, and the exit codes of auth and network failures.

use crate::common;

use common::{ADMIN_KEY, DevServer, READONLY_KEY, loftctl_cmd, run, run_with_stdin};

#[test]
fn whoami_through_flags_env() {
    let server = DevServer::start();
    let out = run(server.loftctl().arg("whoami"));
    assert_eq!(out.code, 0, "{out}");
    assert!(out.stdout.starts_with("user admin\n"), "{out}");

    let out = run(server
        .loftctl()
        .args(["whoami", "-o", "jsonpath={.status.user.name}"]));
    assert_eq!(out.stdout, "admin", "{out}");
}

#[test]
fn read_only_key_is_viewer() {
    let server = DevServer::start();
    let out = run(server
        .loftctl()
        .env("LOFT_ACCESS_KEY", READONLY_KEY)
        .arg("whoami"));
    assert_eq!(out.code, 0, "{out}");
    assert!(out.stdout.starts_with("user viewer\n"), "{out}");
}

#[test]
fn login_writes_a_private_config_that_keeps_unknown_fields_then_logout() {
    let server = DevServer::start();
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join(".loft");
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config.json");
    std::fs::write(
        &config,
        r#"{"version":"v2","vars":{"x":"y"},"host":"https://old.example.com"}"#,
    )
    .unwrap();

    let out = run_with_stdin(
        loftctl_cmd(home.path()).args(["login", &server.url, "--access-key-stdin"]),
        &format!("{ADMIN_KEY}\n"),
    );
    assert_eq!(out.code, 0, "{out}");
    assert!(out.stderr.contains("Logged in to"), "{out}");
    assert!(
        !out.stderr.contains(ADMIN_KEY) && !out.stdout.contains(ADMIN_KEY),
        "key printed: {out}"
    );

    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&config).unwrap()).unwrap();
    assert_eq!(saved["host"], server.url.as_str());
    assert_eq!(saved["accesskey"], ADMIN_KEY);
    assert_eq!(saved["version"], "v2");
    assert_eq!(saved["vars"]["x"], "y");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&config).unwrap().permissions().mode() & 0o777,
        0o600
    );

    // The config file is now the source: no LOFT_URL, no LOFT_ACCESS_KEY.
    let out = run(loftctl_cmd(home.path()).arg("whoami"));
    assert_eq!(out.code, 0, "{out}");
    assert!(out.stdout.starts_with("user admin"), "{out}");

    let out = run(loftctl_cmd(home.path()).arg("logout"));
    assert_eq!(out.code, 0, "{out}");
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&config).unwrap()).unwrap();
    assert!(saved.get("accesskey").is_none(), "{saved}");
    assert_eq!(saved["vars"]["x"], "y");

    let out = run(loftctl_cmd(home.path()).arg("whoami"));
    assert_eq!(out.code, 1, "{out}");
    assert!(out.stderr.contains("no Loft server configured"), "{out}");
}

#[test]
fn login_with_a_wrong_key_saves_nothing() {
    let server = DevServer::start();
    let home = tempfile::tempdir().unwrap();
    let out = run(loftctl_cmd(home.path()).args([
        "login",
        &server.url,
        "--access-key",
        "wrong-key-1234",
    ]));
    assert_eq!(out.code, 6, "{out}");
    assert!(
        out.stderr.starts_with("error: checking the access key:"),
        "{out}"
    );
    assert!(!out.stderr.contains("wrong-key-1234"), "key printed: {out}");
    assert!(!home.path().join(".loft/config.json").exists());
}

#[test]
fn login_refuses_plain_http_to_a_remote_host() {
    let home = tempfile::tempdir().unwrap();
    let out = run(loftctl_cmd(home.path()).args([
        "login",
        "http://loft.example.com",
        "--access-key",
        "k",
    ]));
    assert_eq!(out.code, 2, "{out}");
    assert!(
        out.stderr
            .contains("refusing to send an access key over plain http"),
        "{out}"
    );
}

#[test]
fn login_without_a_terminal_or_key_does_not_prompt() {
    let home = tempfile::tempdir().unwrap();
    let out = run(loftctl_cmd(home.path()).args(["login", "https://loft.example.com"]));
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("stdin is not a terminal"), "{out}");
}

#[test]
fn concurrent_logins_leave_one_whole_private_file() {
    let server = DevServer::start();
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join(".loft");
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config.json");
    std::fs::write(&config, r#"{"keep":"me"}"#).unwrap();
    let children: Vec<_> = (0..8)
        .map(|_| {
            loftctl_cmd(home.path())
                .args(["login", &server.url, "--access-key", ADMIN_KEY])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&config).unwrap()).unwrap();
    assert_eq!(saved["accesskey"], ADMIN_KEY);
    assert_eq!(saved["keep"], "me");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&config).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "temporary files left: {leftovers:?}");
}

#[test]
fn kubeconfig_source_with_the_dev_servers_kubeconfig() {
    let server = DevServer::start();
    let out = run(loftctl_cmd(server.home.path())
        .args(["whoami", "--kubeconfig"])
        .arg(server.kubeconfig()));
    assert_eq!(out.code, 0, "{out}");
    assert!(out.stdout.starts_with("user admin"), "{out}");
}

#[test]
fn verbose_logs_requests_without_the_key() {
    let server = DevServer::start();
    let out = run(server.loftctl().args(["-v", "whoami"]));
    assert_eq!(out.code, 0, "{out}");
    let line = out
        .stderr
        .lines()
        .find(|l| l.starts_with("POST "))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        line.contains(&format!(
            "{}/kubernetes/management/apis/management.loft.sh/v1/selves",
            server.url
        )),
        "{line}"
    );
    assert!(
        line.contains(" 201 Created in ") || line.contains(" 200 OK in "),
        "{line}"
    );
    assert!(!out.stderr.contains(ADMIN_KEY), "key in -v log: {out}");
}

#[test]
fn wrong_key_is_exit_6_and_never_echoed() {
    let server = DevServer::start();
    let out = run(server
        .loftctl()
        .env("LOFT_ACCESS_KEY", "not-the-key-5678")
        .args(["-v", "whoami"]));
    assert_eq!(out.code, 6, "{out}");
    assert!(out.stderr.contains("error: "), "{out}");
    assert!(out.stderr.contains("hint: check the access key"), "{out}");
    assert!(
        !out.stderr.contains("not-the-key-5678"),
        "key printed: {out}"
    );
}

#[test]
fn closed_port_is_exit_7() {
    let home = tempfile::tempdir().unwrap();
    let out = run(loftctl_cmd(home.path())
        .env("LOFT_URL", common::dead_url())
        .env("LOFT_ACCESS_KEY", ADMIN_KEY)
        .arg("whoami"));
    assert_eq!(out.code, 7, "{out}");
    assert!(out.stderr.starts_with("error: server unreachable"), "{out}");
}

#[test]
fn a_hung_server_hits_the_request_timeout_with_exit_7() {
    let server = DevServer::start_with(&["--latency", "60s"]);
    let out = run(server.loftctl().args(["whoami", "--request-timeout", "1s"]));
    assert_eq!(out.code, 7, "{out}");
    assert!(out.stderr.contains("timed out"), "{out}");
}

#[test]
fn insecure_warns_on_stderr() {
    let server = DevServer::start();
    let out = run(server.loftctl().args(["whoami", "--insecure"]));
    assert_eq!(out.code, 0, "{out}");
    assert!(
        out.stderr.contains("warning: TLS verification is disabled"),
        "{out}"
    );
    // -q silences noise, not risks: the warning stays.
    let out = run(server.loftctl().args(["-q", "whoami", "--insecure"]));
    assert_eq!(out.code, 0, "{out}");
    assert!(
        out.stderr.contains("warning: TLS verification is disabled"),
        "{out}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["bogus"][..],
        &["whoami", "--request-timeout", "soon"],
        &["--color", "pink", "version"],
    ] {
        let out = run(loftctl_cmd(home.path()).args(args));
        assert_eq!(out.code, 2, "{args:?}: {out}");
        assert!(out.stderr.starts_with("error: "), "{args:?}: {out}");
    }
}

#[test]
fn version_and_help() {
    let home = tempfile::tempdir().unwrap();
    let out = run(loftctl_cmd(home.path()).arg("version"));
    assert_eq!(
        out.stdout,
        format!("loftctl {}\n", env!("CARGO_PKG_VERSION"))
    );
    let out = run(loftctl_cmd(home.path()).arg("--help"));
    assert_eq!(out.code, 0);
    for cmd in [
        "login",
        "logout",
        "whoami",
        "completion",
        "version",
        "Examples:",
    ] {
        assert!(out.stdout.contains(cmd), "{cmd} missing from --help");
    }
}
