//! `token create -o exec-credential [--cache]`: the ExecCredential kubectl wants, the
//! private token cache (one token for many runs, counted in the dev-server's request
//! log), its refresh, and the files it refuses to trust.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::common;

use common::{ADMIN_KEY, DevServer, RequestLog, run};

const TOKENS: &str = "/directclusterendpointtokens";

fn exec(server: &DevServer, cache_home: &Path, extra: &[&str]) -> common::Run {
    run(server
        .loftctl()
        .env("XDG_CACHE_HOME", cache_home)
        .args(["token", "create", "-o", "exec-credential", "--cache"])
        .args(extra))
}

/// The token files in the cache folder (the schema cache lives beside them).
fn cache_files(cache_home: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(cache_home.join("loftctl")) {
        Ok(dir) => dir
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("token-"))
            })
            .collect(),
        Err(_) => Vec::new(),
    }
}

fn credential(out: &common::Run) -> serde_json::Value {
    assert_eq!(out.code, 0, "{out}");
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn posts(log: &RequestLog, server: &DevServer) -> usize {
    log.count(&server.url, "POST", TOKENS)
}

#[test]
fn the_output_is_an_exec_credential_with_the_tokens_expiry() {
    let server = DevServer::start();
    let out =
        run(server
            .loftctl()
            .args(["token", "create", "--ttl", "1h", "-o", "exec-credential"]));
    let cred = credential(&out);
    assert_eq!(cred["apiVersion"], "client.authentication.k8s.io/v1");
    assert_eq!(cred["kind"], "ExecCredential");
    let token = cred["status"]["token"].as_str().unwrap();
    assert_eq!(token.split('.').count(), 3, "{token}");
    // The expiry is the token's own exp claim.
    let decoded = run(server
        .loftctl()
        .args(["token", "decode", token, "-o", "json"]));
    let claims: serde_json::Value = serde_json::from_str(&decoded.stdout).unwrap();
    let exp: jiff::Timestamp = cred["status"]["expirationTimestamp"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(exp.as_second(), claims["claims"]["exp"].as_i64().unwrap());
}

#[test]
fn cached_tokens_are_reused_per_scope_and_refreshed_when_expired() {
    let (server, log) = DevServer::start_logged(&[]);
    let cache = tempfile::tempdir().unwrap();

    let first = credential(&exec(&server, cache.path(), &["--ttl", "1h"]));
    let second = credential(&exec(&server, cache.path(), &["--ttl", "1h"]));
    assert_eq!(first, second, "the second run reuses the cached token");
    assert_eq!(posts(&log, &server), 1, "one token minted for two runs");

    let files = cache_files(cache.path());
    assert_eq!(files.len(), 1, "{files:?}");
    let file = &files[0];
    let name = file.file_name().unwrap().to_str().unwrap();
    assert!(!name.contains(ADMIN_KEY), "{name}");
    assert_eq!(
        std::fs::metadata(file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        std::fs::metadata(cache.path().join("loftctl"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o700
    );
    let text = std::fs::read_to_string(file).unwrap();
    assert!(
        !text.contains(ADMIN_KEY),
        "the access key is in the cache file"
    );

    // Another scope is another token.
    credential(&exec(
        &server,
        cache.path(),
        &["--ttl", "1h", "--project", "p1"],
    ));
    assert_eq!(posts(&log, &server), 2);
    assert_eq!(cache_files(cache.path()).len(), 2);

    // An expired entry is replaced (written in place: still the user's, still 0600).
    let mut stale: serde_json::Value = serde_json::from_str(&text).unwrap();
    stale["status"]["expirationTimestamp"] = "2020-01-01T00:00:00Z".into();
    std::fs::write(file, stale.to_string()).unwrap();
    let third = credential(&exec(&server, cache.path(), &["--ttl", "1h"]));
    assert_eq!(posts(&log, &server), 3, "the stale token was replaced");
    assert_ne!(third["status"]["token"], first["status"]["token"]);
    let rewritten: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    assert_eq!(rewritten, third);
}

#[test]
fn a_token_that_expires_within_five_minutes_is_not_reused() {
    let (server, log) = DevServer::start_logged(&[]);
    let cache = tempfile::tempdir().unwrap();
    credential(&exec(&server, cache.path(), &["--ttl", "4m"]));
    credential(&exec(&server, cache.path(), &["--ttl", "4m"]));
    assert_eq!(posts(&log, &server), 2);
}

#[test]
fn a_cache_file_others_can_read_is_ignored_with_a_warning() {
    let (server, log) = DevServer::start_logged(&[]);
    let cache = tempfile::tempdir().unwrap();
    let first = credential(&exec(&server, cache.path(), &["--ttl", "1h"]));
    let file = cache_files(cache.path()).remove(0);
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = exec(&server, cache.path(), &["--ttl", "1h"]);
    let second = credential(&out);
    assert!(
        out.stderr.contains("warning: ignoring the token cache"),
        "{out}"
    );
    assert!(out.stderr.contains("expected 0600"), "{out}");
    assert_ne!(first["status"]["token"], second["status"]["token"]);
    assert_eq!(posts(&log, &server), 2);
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600,
        "replaced by a private file"
    );
}

#[test]
fn cache_needs_exec_credential_output() {
    let home = tempfile::tempdir().unwrap();
    let out = run(common::loftctl_cmd(home.path())
        .env("LOFT_URL", common::dead_url())
        .env("LOFT_ACCESS_KEY", "k")
        .args(["token", "create", "--cache"]));
    assert_eq!(out.code, 2, "{out}");
    assert!(
        out.stderr
            .contains("--cache works only with -o exec-credential"),
        "{out}"
    );
}

/// A kubeconfig whose user runs `loftctl token create -o exec-credential --cache` as
/// its exec plugin, against the dev-server's TLS side.
fn exec_kubeconfig(server: &DevServer, dir: &Path) -> PathBuf {
    let path = dir.join("kubeconfig-exec");
    let text = format!(
        r#"apiVersion: v1
kind: Config
clusters:
- name: dev
  cluster:
    server: {server}
    insecure-skip-tls-verify: true
contexts:
- name: dev
  context: {{cluster: dev, user: loft-exec}}
current-context: dev
users:
- name: loft-exec
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: {bin}
      args: [token, create, --ttl, 1h, -o, exec-credential, --cache]
      interactiveMode: Never
"#,
        server = server.api_url().replacen("http://", "https://", 1),
        bin = common::bin().display(),
    );
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn kubectl_runs_loftctl_as_its_exec_plugin_and_two_runs_mint_one_token() {
    let Some(kubectl) = common::which("kubectl") else {
        eprintln!("skipped: kubectl is not installed");
        return;
    };
    let (server, log) = DevServer::start_logged(&[]);
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = exec_kubeconfig(&server, dir.path());
    let cache = dir.path().join("cache");
    let kubectl_run = || {
        run(std::process::Command::new(&kubectl)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", dir.path())
            .env("KUBECONFIG", &kubeconfig)
            // The plugin inherits kubectl's environment.
            .env("LOFT_URL", &server.url)
            .env("LOFT_ACCESS_KEY", ADMIN_KEY)
            .env("XDG_CACHE_HOME", &cache)
            .args(["get", "users", "-o", "name"])
            .stdin(std::process::Stdio::null()))
    };
    let seed = run(server.loftctl().args(["user", "create", "alice"]));
    assert_eq!(seed.code, 0, "{seed}");

    let first = kubectl_run();
    assert_eq!(first.code, 0, "{first}");
    assert!(
        first
            .stdout
            .lines()
            .any(|l| l == "user.management.loft.sh/alice"),
        "{first}"
    );
    let second = kubectl_run();
    assert_eq!(second.code, 0, "{second}");
    assert_eq!(posts(&log, &server), 1, "two kubectl runs, one token");
    let files = cache_files(&cache);
    assert_eq!(files.len(), 1, "{files:?}");
    let cached: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&files[0]).unwrap()).unwrap();
    assert_eq!(cached["kind"], "ExecCredential");

    // An expired cached token is replaced, and kubectl goes on working.
    let mut stale = cached.clone();
    stale["status"]["expirationTimestamp"] = "2020-01-01T00:00:00Z".into();
    std::fs::write(&files[0], stale.to_string()).unwrap();
    let third = kubectl_run();
    assert_eq!(third.code, 0, "{third}");
    assert_eq!(posts(&log, &server), 2, "the expired token was replaced");
    let fresh: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&files[0]).unwrap()).unwrap();
    assert_ne!(fresh["status"]["token"], cached["status"]["token"]);
    // kubectl's requests went out with the minted tokens (the admin key was only used by
    // the plugin to mint them): three successful lists.
    let lists = log
        .settled(&server.url)
        .iter()
        .filter(|l| l.starts_with("GET ") && l.contains("/users") && l.contains(" 200 "))
        .count();
    assert!(lists >= 3, "{lists}");
}
