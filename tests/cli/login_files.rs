//! The two CLIs' login files: `~/.loft/config.json` (read and written) and today's
//! `~/.vcluster/config.json` (read only), byte-compared with the fixtures in
//! `tests/fixtures/login-files/`; `LOFT_CACHE_FOLDER`; and the rule that an access key
//! from the environment is never sent to a host from a file.

use std::path::{Path, PathBuf};

use crate::common;

use common::{ADMIN_KEY, DevServer, loftctl_cmd, run};

fn fixture(name: &str, server: &DevServer) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/login-files")
        .join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .replace("@HOST@", &server.url)
        .replace("@KEY@", ADMIN_KEY)
}

fn write(home: &Path, rel: &str, text: &str) -> PathBuf {
    let path = home.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn whoami_works_with_only_the_vcluster_login_file() {
    let server = DevServer::start();
    let home = tempfile::tempdir().unwrap();
    write(
        home.path(),
        ".vcluster/config.json",
        &fixture("vcluster-config.json", &server),
    );
    let out = run(loftctl_cmd(home.path()).arg("whoami"));
    assert_eq!(out.code, 0, "{out}");
    assert!(out.stdout.starts_with("user admin\n"), "{out}");
    assert!(!out.stderr.contains(ADMIN_KEY), "{out}");
}

#[test]
fn the_loft_file_wins_over_the_vcluster_file() {
    let server = DevServer::start();
    let home = tempfile::tempdir().unwrap();
    // The vcluster file points at a server that does not exist: not used.
    write(
        home.path(),
        ".vcluster/config.json",
        &fixture("vcluster-config.json", &server).replace(&server.url, &common::dead_url()),
    );
    write(
        home.path(),
        ".loft/config.json",
        &format!(r#"{{"host":"{}","accesskey":"{ADMIN_KEY}"}}"#, server.url),
    );
    let out = run(loftctl_cmd(home.path()).arg("whoami"));
    assert_eq!(out.code, 0, "{out}");
    assert!(out.stdout.starts_with("user admin\n"), "{out}");
}

#[test]
fn login_and_logout_change_exactly_the_named_fields_and_leave_the_vcluster_file_alone() {
    let server = DevServer::start();
    let home = tempfile::tempdir().unwrap();
    let loft = write(
        home.path(),
        ".loft/config.json",
        &fixture("loft-config.json", &server),
    );
    let vcluster_text = fixture("vcluster-config.json", &server);
    let vcluster = write(home.path(), ".vcluster/config.json", &vcluster_text);

    let out = run(loftctl_cmd(home.path()).args(["login", &server.url, "--access-key", ADMIN_KEY]));
    assert_eq!(out.code, 0, "{out}");
    assert_eq!(
        std::fs::read_to_string(&loft).unwrap(),
        fixture("loft-config.after-login.json", &server)
    );

    let out = run(loftctl_cmd(home.path()).arg("logout"));
    assert_eq!(out.code, 0, "{out}");
    assert!(
        out.stderr
            .contains(&format!("Logged out of {}", server.url)),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(&loft).unwrap(),
        fixture("loft-config.after-logout.json", &server)
    );
    assert_eq!(std::fs::read_to_string(&vcluster).unwrap(), vcluster_text);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&loft).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn loft_cache_folder_is_where_login_writes_and_whoami_reads() {
    let server = DevServer::start();
    let home = tempfile::tempdir().unwrap();
    let out = run(loftctl_cmd(home.path())
        .env("LOFT_CACHE_FOLDER", ".loft-ci")
        .args(["login", &server.url, "--access-key", ADMIN_KEY]));
    assert_eq!(out.code, 0, "{out}");
    assert!(home.path().join(".loft-ci/config.json").exists());
    assert!(!home.path().join(".loft/config.json").exists());
    let out = run(loftctl_cmd(home.path())
        .env("LOFT_CACHE_FOLDER", ".loft-ci")
        .arg("whoami"));
    assert_eq!(out.code, 0, "{out}");
    let out = run(loftctl_cmd(home.path()).arg("whoami"));
    assert_eq!(out.code, 1, "the default folder has no login: {out}");
}

#[test]
fn a_symlinked_config_file_is_written_through_the_link() {
    let server = DevServer::start();
    let home = tempfile::tempdir().unwrap();
    let real = write(home.path(), "dotfiles/loft.json", r#"{"keep":"me"}"#);
    std::fs::create_dir_all(home.path().join(".loft")).unwrap();
    let link = home.path().join(".loft/config.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = run(loftctl_cmd(home.path()).args(["login", &server.url, "--access-key", ADMIN_KEY]));
    assert_eq!(out.code, 0, "{out}");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link was replaced"
    );
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&real).unwrap()).unwrap();
    assert_eq!(saved["accesskey"], ADMIN_KEY);
    assert_eq!(saved["keep"], "me");
}

#[test]
fn an_environment_key_without_a_url_is_a_usage_error_not_sent_to_the_files_host() {
    let server = DevServer::start();
    let home = tempfile::tempdir().unwrap();
    write(
        home.path(),
        ".loft/config.json",
        &format!(r#"{{"host":"{}","accesskey":"{ADMIN_KEY}"}}"#, server.url),
    );
    let out = run(loftctl_cmd(home.path())
        .env("LOFT_ACCESS_KEY", "env-key-1234")
        .args(["-v", "whoami"]));
    assert_eq!(out.code, 2, "{out}");
    assert!(out.stderr.contains("without a server URL"), "{out}");
    assert!(out.stderr.contains("hint: "), "{out}");
    assert!(!out.stderr.contains("POST "), "a request was sent: {out}");
    assert!(!out.stderr.contains("env-key-1234"), "{out}");
}
