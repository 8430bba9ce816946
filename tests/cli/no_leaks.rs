//! Credentials never leak: a sweep of succeeding and failing commands, all with `-v`,
//! using a distinctive access key (and a distinctive wrong one), asserting that neither
//! key nor the JWT issued by `token create` appears on stdout or stderr — except the
//! JWT on the stdout of `token create` itself (its product). Error paths include an
//! echoing server that puts the request's Authorization header into every answer (401,
//! 403, 404, 409, 422, 500, and a 200 that is not JSON): loftctl must mask it.

use crate::common;
use crate::common::watchdog;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{DevServer, loftctl_cmd};
use watchdog::{Watched, assert_no_panic, run_limited};

/// The access key of the servers here: distinctive, so that any echo is caught.
const KEY: &str = "lk7Hq2ZpX9vR4mW8sT1yB6nC3eJ5";
/// A wrong key (also a secret: it might be someone's real key).
const WRONG_KEY: &str = "wk5Jd8LfQ2aZ7xV1cN9mP4tR6uG3";

/// A dev-server whose admin key is [`KEY`].
fn server(extra: &[&str]) -> DevServer {
    let home = tempfile::tempdir().unwrap();
    let mut child = loftctl_cmd(home.path())
        .args(["dev-server", "--listen", "127.0.0.1:0", "--access-key", KEY])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_string();
    DevServer { child, url, home }
}

/// A server that answers every request with `code` and a body quoting the request's
/// Authorization header (a Status, or plain text when `code` is 200).
fn echo_server(code: u16) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream);
                loop {
                    let mut auth = String::new();
                    let mut length = 0usize;
                    let mut line = String::new();
                    loop {
                        line.clear();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        let l = line.trim_end();
                        if l.is_empty() {
                            break;
                        }
                        let lower = l.to_ascii_lowercase();
                        if lower.starts_with("authorization:") {
                            auth = l["authorization:".len()..].trim().to_string();
                        }
                        if let Some(v) = lower.strip_prefix("content-length:") {
                            length = v.trim().parse().unwrap_or(0);
                        }
                    }
                    let mut body = vec![0; length];
                    let _ = reader.read_exact(&mut body);
                    let echo = format!(
                        "you sent {auth} (token {})",
                        auth.trim_start_matches("Bearer ")
                    );
                    let (ctype, text) = if code == 200 {
                        ("application/json", format!("not json: {echo}"))
                    } else {
                        (
                            "application/json",
                            serde_json::json!({"kind": "Status", "apiVersion": "v1",
                                "status": "Failure", "code": code, "reason": "Invalid",
                                "message": echo,
                                "details": {"name": echo, "causes": [{"message": echo, "field": echo}]}})
                            .to_string(),
                        )
                    };
                    let resp = format!(
                        "HTTP/1.1 {code} X\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n{text}",
                        text.len()
                    );
                    if reader.get_mut().write_all(resp.as_bytes()).is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}

fn run(cmd: &mut Command, input: Option<&[u8]>) -> Watched {
    let w = run_limited(cmd, input, Duration::from_secs(60));
    assert_no_panic(&w);
    w
}

/// Neither output holds a secret, nor its second half (a partial mask is a leak too).
fn assert_clean(what: &str, text: &str, secrets: &[&str]) {
    for s in secrets {
        let tail = &s[s.len() / 2..];
        assert!(
            !text.contains(s) && !text.contains(tail),
            "{what}: a secret appears in:\n{text}"
        );
    }
}

/// The sweep's bookkeeping: every command run and checked.
struct Sweep {
    jwt: String,
    checked: Vec<String>,
}

impl Sweep {
    fn secrets(&self) -> Vec<&str> {
        let mut v = vec![KEY, WRONG_KEY];
        if !self.jwt.is_empty() {
            v.push(&self.jwt);
            // The signature alone identifies the token.
            v.push(self.jwt.rsplit('.').next().unwrap());
        }
        v
    }

    /// Run, check both streams, and expect `code`.
    fn check(&mut self, what: &str, cmd: &mut Command, input: Option<&[u8]>, code: i32) -> Watched {
        let w = run(cmd, input);
        assert_eq!(
            w.code, code,
            "{what}: exit {}\n{}\n{}",
            w.code, w.stdout, w.stderr
        );
        let secrets = self.secrets();
        assert_clean(&format!("{what} (stdout)"), &w.stdout, &secrets);
        assert_clean(&format!("{what} (stderr)"), &w.stderr, &secrets);
        self.checked.push(what.to_string());
        w
    }
}

fn with_key(server: &DevServer, key: &str) -> Command {
    let mut cmd = loftctl_cmd(server.home.path());
    cmd.env("LOFT_URL", &server.url).env("LOFT_ACCESS_KEY", key);
    cmd
}

fn user_file(dir: &Path, name: &str) -> String {
    let path = dir.join(format!("{name}.yaml"));
    std::fs::write(
        &path,
        format!("apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: {name}\nspec:\n  username: {name}\n"),
    )
    .unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn no_command_prints_the_access_key_or_a_token() {
    let srv = server(&[]);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut sweep = Sweep {
        jwt: String::new(),
        checked: Vec::new(),
    };
    let ok = |a: &[&str]| {
        let mut c = with_key(&srv, KEY);
        c.arg("-v").args(a);
        c
    };

    // token create: the JWT on its own stdout only.
    let w = run(
        ok(&["token", "create", "--project", "*", "-o", "token"]).arg("-v"),
        None,
    );
    assert_eq!(w.code, 0, "{}", w.stderr);
    sweep.jwt = w.stdout.trim().to_string();
    assert_eq!(sweep.jwt.split('.').count(), 3, "a JWT: {}", w.stdout);
    assert_clean("token create (stderr)", &w.stderr, &[KEY, &sweep.jwt]);
    for fmt in ["json", "yaml"] {
        let w = run(&mut ok(&["token", "create", "-o", fmt]), None);
        assert_eq!(w.code, 0);
        assert_clean(
            &format!("token create -o {fmt} (stderr)"),
            &w.stderr,
            &[KEY],
        );
        assert_clean(
            &format!("token create -o {fmt} (stdout)"),
            &w.stdout,
            &[KEY],
        );
    }
    let jwt = sweep.jwt.clone();
    let jwt_file = d.join("t.jwt");
    std::fs::write(&jwt_file, &jwt).unwrap();
    let at_jwt = format!("@{}", jwt_file.display());
    let rsa = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/token-test-rsa.pub.pem");
    let rsa = rsa.to_str().unwrap();

    // token create -o claims and token decode print the claims, never the token.
    sweep.check(
        "token create -o claims",
        &mut ok(&["token", "create", "-o", "claims"]),
        None,
        0,
    );
    sweep.check(
        "token decode ARG",
        &mut ok(&["token", "decode", &jwt]),
        None,
        0,
    );
    sweep.check(
        "token decode -o json",
        &mut ok(&["token", "decode", &jwt, "-o", "json"]),
        None,
        0,
    );
    sweep.check(
        "token decode -",
        &mut ok(&["token", "decode", "-"]),
        Some(jwt.as_bytes()),
        0,
    );
    sweep.check(
        "token decode @FILE",
        &mut ok(&["token", "decode", &at_jwt]),
        None,
        0,
    );
    sweep.check(
        "token decode wrong key --check",
        &mut ok(&["token", "decode", &jwt, "--key", rsa, "--check"]),
        None,
        8,
    );
    sweep.check(
        "token decode mangled",
        &mut ok(&["token", "decode", &format!("{jwt}$")]),
        None,
        1,
    );
    sweep.check(
        "token decode extra part",
        &mut ok(&["token", "decode", &format!("{jwt}.x")]),
        None,
        1,
    );
    sweep.check(
        "token decode JWT as key file",
        &mut ok(&["token", "decode", &jwt, "--key", jwt_file.to_str().unwrap()]),
        None,
        1,
    );

    // Succeeding API commands, the key from the environment, the flag, a config, a kubeconfig.
    sweep.check("whoami", &mut ok(&["whoami"]), None, 0);
    sweep.check(
        "whoami -o json",
        &mut ok(&["whoami", "-o", "json"]),
        None,
        0,
    );
    sweep.check(
        "user create -f",
        &mut ok(&["user", "create", "-f", &user_file(d, "alice")]),
        None,
        0,
    );
    sweep.check(
        "user apply -f",
        &mut ok(&["user", "apply", "-f", &user_file(d, "bob")]),
        None,
        0,
    );
    sweep.check(
        "user list -o yaml",
        &mut ok(&["user", "list", "-o", "yaml"]),
        None,
        0,
    );
    sweep.check(
        "user get -o json",
        &mut ok(&["user", "get", "alice", "-o", "json"]),
        None,
        0,
    );
    sweep.check(
        "user patch",
        &mut ok(&[
            "user",
            "patch",
            "alice",
            "-p",
            r#"{"spec":{"displayName":"A"}}"#,
        ]),
        None,
        0,
    );
    sweep.check(
        "user edit (no change)",
        ok(&["user", "edit", "alice"]).env("EDITOR", "true"),
        None,
        0,
    );
    sweep.check(
        "user disable",
        &mut ok(&["user", "disable", "alice"]),
        None,
        0,
    );
    sweep.check(
        "user enable",
        &mut ok(&["user", "enable", "alice"]),
        None,
        0,
    );
    sweep.check(
        "user delete",
        &mut ok(&["user", "delete", "bob", "--yes"]),
        None,
        0,
    );
    let mut flag = loftctl_cmd(srv.home.path());
    flag.args(["-v", "whoami", "--server", &srv.url, "--access-key", KEY]);
    sweep.check("whoami --access-key", &mut flag, None, 0);
    let home = tempfile::tempdir().unwrap();
    let mut login = loftctl_cmd(home.path());
    login.args(["-v", "login", &srv.url, "--access-key-stdin"]);
    sweep.check(
        "login --access-key-stdin",
        &mut login,
        Some(format!("{KEY}\n").as_bytes()),
        0,
    );
    let mut via_config = loftctl_cmd(home.path());
    via_config.args(["-v", "user", "list"]);
    sweep.check("user list via the config file", &mut via_config, None, 0);
    let kubeconfig = d.join("kubeconfig");
    std::fs::write(
        &kubeconfig,
        format!("apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: {}/kubernetes/management\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\nusers:\n- name: u\n  user:\n    token: {KEY}\n", srv.url),
    )
    .unwrap();
    let mut kc = loftctl_cmd(srv.home.path());
    kc.args([
        "-v",
        "user",
        "list",
        "--kubeconfig",
        kubeconfig.to_str().unwrap(),
    ]);
    sweep.check("user list via a kubeconfig", &mut kc, None, 0);

    // Failing: 404, 409, 400, local 422-like checks.
    sweep.check("user get 404", &mut ok(&["user", "get", "nobody"]), None, 4);
    sweep.check(
        "user delete 404",
        &mut ok(&["user", "delete", "nobody", "--yes"]),
        None,
        4,
    );
    sweep.check(
        "user create 409",
        &mut ok(&["user", "create", "-f", &user_file(d, "alice")]),
        None,
        5,
    );
    sweep.check(
        "user patch 400",
        &mut ok(&[
            "user",
            "patch",
            "alice",
            "-p",
            r#"{"metadata":{"name":"x"}}"#,
        ]),
        None,
        1, // the server's 400: a request it could not take, not a manifest that failed checks
    );
    sweep.check(
        "user patch invalid",
        &mut ok(&["user", "patch", "alice", "-p", r#"{"spec":{"email":[1]}}"#]),
        None,
        3,
    );

    // The wrong key: 401 everywhere, and the wrong key is not printed either.
    let bad = |a: &[&str]| {
        let mut c = with_key(&srv, WRONG_KEY);
        c.arg("-v").args(a);
        c
    };
    sweep.check("whoami 401", &mut bad(&["whoami"]), None, 6);
    sweep.check("user list 401", &mut bad(&["user", "list"]), None, 6);
    sweep.check("user get 401", &mut bad(&["user", "get", "alice"]), None, 6);
    sweep.check(
        "user create 401",
        &mut bad(&["user", "create", "-f", &user_file(d, "carol")]),
        None,
        6,
    );
    sweep.check(
        "user apply 401",
        &mut bad(&["user", "apply", "-f", &user_file(d, "carol")]),
        None,
        6,
    );
    sweep.check(
        "user delete 401",
        &mut bad(&["user", "delete", "alice", "--yes"]),
        None,
        6,
    );
    sweep.check("token create 401", &mut bad(&["token", "create"]), None, 6);
    let mut login_bad = loftctl_cmd(home.path());
    login_bad.args(["-v", "login", &srv.url, "--access-key-stdin"]);
    sweep.check(
        "login 401",
        &mut login_bad,
        Some(format!("{WRONG_KEY}\n").as_bytes()),
        6,
    );

    // Usage errors with the key on the command line.
    for (what, args, code) in [
        ("unknown flag", &["user", "get", "--bogus"][..], 2),
        ("bad -o", &["user", "get", "alice", "-o", "bogus"][..], 2),
        (
            "bad timeout",
            &["user", "list", "--request-timeout", "soon"][..],
            2,
        ),
    ] {
        let mut c = loftctl_cmd(srv.home.path());
        c.args(["-v", "--server", &srv.url, "--access-key", KEY])
            .args(args);
        sweep.check(what, &mut c, None, code);
    }

    // Unreachable, TLS failure, timeout.
    let dead = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let mut c = loftctl_cmd(srv.home.path());
    c.args(["-v", "user", "list", "--server", &dead, "--access-key", KEY]);
    sweep.check("unreachable", &mut c, None, 7);
    let mut c = loftctl_cmd(srv.home.path());
    c.args(["-v", "user", "list", "--access-key", KEY, "--server"])
        .arg(srv.url.replacen("http://", "https://", 1));
    sweep.check("TLS: untrusted certificate", &mut c, None, 7);
    let hung = server(&["--latency", "60s"]);
    for args in [
        &["user", "get", "alice"][..],
        &["user", "create", "-f", &user_file(d, "dave")][..],
        &["token", "create"][..],
    ] {
        sweep.check(
            &format!("timeout: {args:?}"),
            with_key(&hung, KEY)
                .args(["-v", "--request-timeout", "1s"])
                .args(args),
            None,
            7,
        );
    }

    // A server that echoes the Authorization header into every answer.
    for (code, exit) in [
        (401, 6),
        (403, 6),
        (404, 4),
        (409, 5),
        (422, 3),
        (500, 1),
        (200, 1),
    ] {
        let url = echo_server(code);
        for args in [
            &["whoami"][..],
            &["user", "get", "alice"][..],
            &["user", "list"][..],
            &["user", "create", "-f", &user_file(d, "erin")][..],
            &["user", "apply", "-f", &user_file(d, "erin")][..],
            &["user", "delete", "erin", "--yes"][..],
            &["token", "create"][..],
        ] {
            let mut c = loftctl_cmd(srv.home.path());
            c.args([
                "-v",
                "--server",
                &url,
                "--access-key",
                KEY,
                "--request-timeout",
                "5s",
            ])
            .args(args);
            let w = run(&mut c, None);
            let what = format!("echo server {code}: {args:?}");
            assert_ne!(w.code, 0, "{what}");
            if !(code == 500 || code == 200) {
                assert_eq!(w.code, exit, "{what}: {}", w.stderr);
            }
            let secrets = sweep.secrets();
            assert_clean(&format!("{what} (stdout)"), &w.stdout, &secrets);
            assert_clean(&format!("{what} (stderr)"), &w.stderr, &secrets);
            sweep.checked.push(what);
        }
    }
    eprintln!("{} commands checked", sweep.checked.len());
    assert!(sweep.checked.len() > 80);
}
