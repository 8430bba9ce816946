//! loftctl against a scripted hostile server (`common::hostile`): a server that drips,
//! hangs, answers without end, redirects, closes watches at once or repeats a continue
//! token. Nothing may hang, abort, or grow without bound.

use crate::common;
use crate::common::hostile::{self, Hostile, read_head, respond};
use crate::common::watchdog::{self, Watched, assert_no_panic, run_limited};

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn go(cmd: &mut Command) -> (Watched, Duration) {
    let start = Instant::now();
    let w = run_limited(cmd, None, Duration::from_secs(30));
    let took = start.elapsed();
    assert_no_panic(&w);
    (w, took)
}

fn show(w: &Watched) -> String {
    format!(
        "exit {}\n--- stdout\n{}\n--- stderr\n{}",
        w.code, w.stdout, w.stderr
    )
}

/// Write `bytes` one at a time, `every` apart, until the peer goes away or the server stops.
fn drip(conn: &mut hostile::Conn, bytes: &[u8], every: Duration) {
    for b in bytes.iter().cycle() {
        if conn.stopped() || conn.stream.write_all(&[*b]).is_err() {
            return;
        }
        let _ = conn.stream.flush();
        std::thread::sleep(every);
    }
}

#[test]
fn a_server_dripping_headers_is_cut_off_at_the_request_timeout() {
    let server = Hostile::start(|mut conn, _| {
        if read_head(&mut conn.reader).is_none() {
            return;
        }
        let _ = conn.stream.write_all(b"HTTP/1.1 200 OK\r\nX-Drip: ");
        drip(&mut conn, b"a", Duration::from_millis(300));
    });
    let home = tempfile::tempdir().unwrap();
    let (w, took) =
        go(server
            .loftctl(home.path())
            .args(["user", "get", "alice", "--request-timeout", "2s"]));
    assert_eq!(w.code, 7, "{}", show(&w));
    assert!(w.stderr.contains("timed out"), "{}", show(&w));
    assert!(took < Duration::from_secs(3), "took {took:?}");
}

#[test]
fn a_server_dripping_the_body_is_cut_off_at_the_request_timeout() {
    let server = Hostile::start(|mut conn, _| {
        if read_head(&mut conn.reader).is_none() {
            return;
        }
        let _ = conn.stream.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"a\":\"",
        );
        drip(&mut conn, b"b", Duration::from_millis(100));
    });
    let home = tempfile::tempdir().unwrap();
    let (w, took) =
        go(server
            .loftctl(home.path())
            .args(["user", "list", "--request-timeout", "2s"]));
    assert_eq!(w.code, 7, "{}", show(&w));
    assert!(took < Duration::from_secs(3), "took {took:?}");
}

#[test]
fn a_hung_server_costs_one_request_timeout_not_one_per_retry() {
    let server = Hostile::start(|mut conn, _| {
        while read_head(&mut conn.reader).is_some() && !conn.stopped() {
            // Never answer: wait for the client to give up (EOF on the next read).
        }
    });
    let home = tempfile::tempdir().unwrap();
    let (w, took) =
        go(server
            .loftctl(home.path())
            .args(["user", "list", "--request-timeout", "1s"]));
    assert_eq!(w.code, 7, "{}", show(&w));
    assert!(took < Duration::from_millis(1800), "took {took:?}");
}

#[test]
fn a_redirect_is_reported_as_one_with_its_location_masked() {
    let server = Hostile::answering(|_| {
        (
            "302 Found".into(),
            "Location: https://bob:hunter2@elsewhere.example.com/kubernetes/management\r\n".into(),
            String::new(),
        )
    });
    let home = tempfile::tempdir().unwrap();
    let (w, _) = go(server.loftctl(home.path()).args(["user", "get", "alice"]));
    assert_eq!(w.code, 1, "{}", show(&w));
    assert!(w.stderr.contains("redirect (HTTP 302)"), "{}", show(&w));
    assert!(w.stderr.contains("elsewhere.example.com"), "{}", show(&w));
    assert!(!w.stderr.contains("hunter2"), "{}", show(&w));
    assert!(!w.stderr.contains("EOF"), "{}", show(&w));
    assert_eq!(server.request_count(), 1, "a redirect is not followed");
}

/// Peak RSS in KiB of a command run under `/usr/bin/time -f %M` (the last stderr line).
fn peak_rss_kib(w: &Watched) -> u64 {
    w.stderr
        .lines()
        .rev()
        .find_map(|l| l.trim().parse().ok())
        .expect("time's %M line")
}

fn timed(server: &Hostile, home: &std::path::Path, args: &[&str]) -> Option<Command> {
    let time = std::path::Path::new("/usr/bin/time");
    if !time.exists() {
        eprintln!("skipped: /usr/bin/time is not installed");
        return None;
    }
    let mut cmd = Command::new(time);
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("NO_COLOR", "1")
        .arg("-f")
        .arg("%M")
        .arg(common::bin())
        .args([
            "--server",
            &server.url(),
            "--access-key",
            "hostile-test-key",
        ])
        .args(args);
    Some(cmd)
}

/// A list answer of `total` bytes: a UserList whose items never end (`endless_string`:
/// one name that never ends).
fn huge_answer(total: usize, endless_string: bool) -> Hostile {
    Hostile::start(move |mut conn, _| {
        if read_head(&mut conn.reader).is_none() {
            return;
        }
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {total}\r\n\r\n"
        );
        let start: &[u8] = if endless_string {
            b"{\"kind\":\"UserList\",\"items\":[{\"metadata\":{\"name\":\""
        } else {
            b"{\"kind\":\"UserList\",\"items\":["
        };
        let item: &[u8] = if endless_string {
            &[b'a'; 1000]
        } else {
            b"{\"metadata\":{\"name\":\"u\"},\"spec\":{\"email\":\"u@example.com\"}},"
        };
        if conn.stream.write_all(head.as_bytes()).is_err() || conn.stream.write_all(start).is_err()
        {
            return;
        }
        let mut sent = start.len();
        let chunk: Vec<u8> = item.iter().copied().cycle().take(64 * 1024).collect();
        while sent < total && !conn.stopped() {
            let n = chunk.len().min(total - sent);
            if conn.stream.write_all(&chunk[..n]).is_err() {
                return;
            }
            sent += n;
        }
    })
}

#[test]
fn a_100_mb_answer_is_refused_with_bounded_memory() {
    for endless_string in [false, true] {
        let server = huge_answer(100 * 1024 * 1024, endless_string);
        let home = tempfile::tempdir().unwrap();
        let Some(mut cmd) = timed(&server, home.path(), &["user", "list", "-o", "name"]) else {
            return;
        };
        let (w, _) = go(&mut cmd);
        assert_eq!(w.code, 1, "{}", show(&w));
        assert!(w.stderr.contains("exceeds 16 MiB"), "{}", show(&w));
        let rss = peak_rss_kib(&w);
        eprintln!("peak RSS {rss} KiB (endless string: {endless_string})");
        assert!(
            rss < 64 * 1024,
            "peak RSS {rss} KiB (endless string: {endless_string})"
        );
    }
}

/// A server for `user get -w`: the list answers `list_body`; each watch request is
/// handed to `on_watch` (after its head is read) with the watch's number.
fn watch_server(
    on_watch: impl Fn(&mut hostile::Conn, usize) + Send + Sync + 'static,
) -> (Hostile, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let watches = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = watches.clone();
    let server = Hostile::start(move |mut conn, heads| {
        while let Some(head) = read_head(&mut conn.reader) {
            heads.lock().unwrap().push(head.clone());
            if head.path.contains("watch=true") {
                let n = count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                on_watch(&mut conn, n);
                return;
            }
            respond(&mut conn.stream, "200 OK", "", &hostile::list_page("", ""));
        }
    });
    (server, watches)
}

const WATCH_HEAD: &[u8] =
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n";

#[test]
fn a_quiet_watch_is_not_timed_out() {
    // The watch stays silent for 4 s — four times --request-timeout — then reports one
    // user; loftctl must still be there to print it.
    let (server, _) = watch_server(|conn, _| {
        let _ = conn.stream.write_all(WATCH_HEAD);
        let _ = conn.stream.flush();
        let quiet_until = Instant::now() + Duration::from_secs(4);
        while Instant::now() < quiet_until && !conn.stopped() {
            std::thread::sleep(Duration::from_millis(50));
        }
        let event = r#"{"type":"ADDED","object":{"apiVersion":"management.loft.sh/v1","kind":"User","metadata":{"name":"late-arrival","resourceVersion":"8"},"spec":{}}}"#;
        let _ = writeln!(conn.stream, "{event}");
        let _ = conn.stream.flush();
        while !conn.stopped() {
            std::thread::sleep(Duration::from_millis(50));
        }
    });
    let home = tempfile::tempdir().unwrap();
    let mut child = server
        .loftctl(home.path())
        .args(["user", "get", "-w", "-o", "name", "--request-timeout", "1s"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let guard = std::thread::spawn(move || {
        std::thread::sleep(watchdog::LIMIT);
        let _ = Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status();
    });
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().and_then(|l| l.ok());
    let _ = child.kill();
    let status = child.wait().unwrap();
    drop(guard);
    let mut stderr = String::new();
    use std::io::Read;
    let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
    assert_eq!(
        first.as_deref(),
        Some("user.management.loft.sh/late-arrival"),
        "status {status:?}, stderr:\n{stderr}"
    );
}

#[test]
fn watches_that_close_at_once_reconnect_with_backoff() {
    let (server, watches) = watch_server(|conn, _| {
        let _ = conn.stream.write_all(WATCH_HEAD);
    });
    let home = tempfile::tempdir().unwrap();
    let mut child = server
        .loftctl(home.path())
        .args(["user", "get", "-w", "-o", "name"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The measurement window: how many watches does loftctl open in 3 s?
    std::thread::sleep(Duration::from_secs(3));
    let still_running = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    let _ = child.wait();
    let n = watches.load(std::sync::atomic::Ordering::SeqCst);
    assert!(still_running, "the watch gave up");
    assert!(n >= 2, "it did reconnect ({n})");
    assert!(n <= 12, "{n} watches in 3 s: no backoff");
}

#[test]
fn a_repeated_continue_token_is_an_error_not_a_loop() {
    let server = Hostile::answering(|_| {
        let item = r#"{"metadata":{"name":"u1"},"spec":{}}"#;
        (
            "200 OK".into(),
            String::new(),
            hostile::list_page(item, "same-token"),
        )
    });
    let home = tempfile::tempdir().unwrap();
    let (w, _) = go(server
        .loftctl(home.path())
        .args(["user", "list", "-o", "name"]));
    assert_eq!(w.code, 1, "{}", show(&w));
    assert!(
        w.stderr.contains("repeated a continue token"),
        "{}",
        show(&w)
    );
    let (w, _) = go(server
        .loftctl(home.path())
        .args(["user", "delete", "-l", "team=a", "--yes"]));
    assert_eq!(w.code, 1, "{}", show(&w));
    assert!(
        w.stderr.contains("repeated a continue token"),
        "{}",
        show(&w)
    );
    assert!(
        server.request_count() <= 4,
        "{} requests",
        server.request_count()
    );
}

#[test]
fn plain_http_to_a_host_that_is_not_loopback_gets_no_key() {
    // 0.0.0.0 reaches this machine but is not a loopback address: the key must not be
    // sent, whatever the command.
    let server = Hostile::answering(|_| ("200 OK".into(), String::new(), "{}".into()));
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["user", "list"][..],
        &["whoami"][..],
        &["user", "delete", "x", "--yes"][..],
    ] {
        let (w, _) = go(common::loftctl_cmd(home.path())
            .args(["--server", &format!("http://0.0.0.0:{}", server.port)])
            .args(["--access-key", "hostile-test-key"])
            .args(args));
        assert_eq!(w.code, 2, "{args:?}: {}", show(&w));
        assert!(w.stderr.contains("plain http"), "{}", show(&w));
        assert!(w.stderr.contains("hint:"), "{}", show(&w));
    }
    assert_eq!(server.connection_count(), 0, "nothing was sent");
    // The override sends it, loudly.
    let (w, _) = go(common::loftctl_cmd(home.path())
        .args(["--server", &format!("http://0.0.0.0:{}", server.port)])
        .args(["--access-key", "hostile-test-key", "--insecure-http"])
        .args(["user", "get", "x", "-o", "name"]));
    assert!(w.stderr.contains("--insecure-http"), "{}", show(&w));
    assert_eq!(server.request_count(), 1, "{}", show(&w));
}

#[test]
fn absurd_timeouts_are_usage_errors_not_panics() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["--request-timeout", "584542046090y", "user", "list"][..],
        &[
            "user",
            "delete",
            "x",
            "--wait",
            "--timeout",
            "584542046090y",
            "--yes",
        ][..],
    ] {
        let (w, _) = go(common::loftctl_cmd(home.path()).args(args));
        assert_eq!(w.code, 2, "{args:?}: {}", show(&w));
        assert!(w.stderr.contains("too long"), "{}", show(&w));
    }
}

#[test]
fn control_characters_from_the_server_never_reach_the_terminal() {
    let server = Hostile::answering(|head| {
        if head.path.contains("/users/ghost") {
            return (
                "403 Forbidden".into(),
                String::new(),
                r#"{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","code":403,"message":"users \"ghost\" is forbidden\u001b[2J\u001b]0;owned\u0007"}"#.into(),
            );
        }
        let item = r#"{"metadata":{"name":"u1"},"spec":{"displayName":"Eve\nforged   row   \u001b[31mred","email":"e@example.com\r"}}"#;
        ("200 OK".into(), String::new(), hostile::list_page(item, ""))
    });
    let home = tempfile::tempdir().unwrap();
    let (w, _) = go(server.loftctl(home.path()).args(["user", "list"]));
    assert_eq!(w.code, 0, "{}", show(&w));
    assert_eq!(
        w.stdout.lines().count(),
        2,
        "one header, one row:\n{}",
        w.stdout
    );
    assert!(w.stdout.contains("Eve\\nforged"), "{}", w.stdout);
    assert!(
        !w.stdout.contains('\x1b') && !w.stdout.contains('\r'),
        "{:?}",
        w.stdout
    );
    let (w, _) = go(server.loftctl(home.path()).args(["user", "get", "ghost"]));
    assert_eq!(w.code, 6, "{}", show(&w));
    assert!(
        !w.stderr.contains('\x1b') && !w.stderr.contains('\x07'),
        "{:?}",
        w.stderr
    );
    assert!(w.stderr.contains("\\u001b[2J"), "{}", w.stderr);
    // json stays exact: the format escapes it.
    let (w, _) = go(server
        .loftctl(home.path())
        .args(["user", "list", "-o", "json"]));
    let list: serde_json::Value = serde_json::from_str(&w.stdout).unwrap();
    assert_eq!(
        list["items"][0]["spec"]["displayName"],
        "Eve\nforged   row   \u{1b}[31mred"
    );
}

#[test]
fn a_forged_token_cannot_print_signature_verified_or_hide_a_line() {
    use base64::Engine;
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let token = format!(
        "{}.{}.c2ln",
        b64(r#"{"alg":"RS256","kid":"k\u001b[8m"}"#),
        b64(r#"{"sub":"x\nsignature verified (RS256, RSA key)\u001b[8m","exp":4102444800}"#)
    );
    let home = tempfile::tempdir().unwrap();
    let (w, _) = go(common::loftctl_cmd(home.path()).args(["token", "decode", &token]));
    assert_eq!(w.code, 0, "{}", show(&w));
    assert!(!w.stdout.contains('\x1b'), "{:?}", w.stdout);
    assert!(
        !w.stdout
            .lines()
            .any(|l| l.starts_with("signature verified")),
        "{}",
        w.stdout
    );
    assert!(w.stdout.contains("signature NOT verified"), "{}", w.stdout);
}

#[test]
fn a_token_with_critical_extensions_fails_the_check() {
    use base64::Engine;
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    let token = format!(
        "{}.{}.c2ln",
        b64(
            r#"{"alg":"RS256","crit":["exp-must-be-checked-by-a-plugin"],"exp-must-be-checked-by-a-plugin":1}"#
        ),
        b64(r#"{"sub":"x","exp":4102444800}"#)
    );
    let home = tempfile::tempdir().unwrap();
    let (w, _) = go(common::loftctl_cmd(home.path()).args(["token", "decode", "--check", &token]));
    assert_eq!(w.code, 8, "{}", show(&w));
    assert!(w.stderr.contains("critical"), "{}", show(&w));
}

#[test]
fn an_invalid_config_file_hint_names_the_file_and_does_not_say_log_in_again() {
    let home = tempfile::tempdir().unwrap();
    let loft = home.path().join(".loft");
    std::fs::create_dir(&loft).unwrap();
    std::fs::write(loft.join("config.json"), "{not json").unwrap();
    let (w, _) = go(common::loftctl_cmd(home.path()).args(["user", "list"]));
    assert_eq!(w.code, 1, "{}", show(&w));
    let hint = w
        .stderr
        .lines()
        .find(|l| l.starts_with("hint:"))
        .unwrap_or_default();
    assert!(
        hint.contains("config.json") && hint.contains("remove"),
        "{}",
        show(&w)
    );
}

#[cfg(unix)]
#[test]
fn a_config_file_others_can_read_is_warned_about() {
    use std::os::unix::fs::PermissionsExt;
    let server =
        Hostile::answering(|_| ("200 OK".into(), String::new(), hostile::list_page("", "")));
    let home = tempfile::tempdir().unwrap();
    let loft = home.path().join(".loft");
    std::fs::create_dir(&loft).unwrap();
    let file = loft.join("config.json");
    std::fs::write(
        &file,
        format!(
            r#"{{"host":"{}","accesskey":"hostile-test-key"}}"#,
            server.url()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o666)).unwrap();
    std::fs::set_permissions(&loft, std::fs::Permissions::from_mode(0o777)).unwrap();
    let (w, _) = go(common::loftctl_cmd(home.path()).args(["user", "list"]));
    assert_eq!(w.code, 0, "{}", show(&w));
    assert!(w.stderr.contains("chmod 600"), "{}", show(&w));
    assert!(w.stderr.contains("chmod 700"), "{}", show(&w));
}

#[test]
fn a_failing_exec_plugin_leaks_neither_its_arguments_nor_its_environment() {
    let server =
        Hostile::answering(|_| ("200 OK".into(), String::new(), hostile::list_page("", "")));
    let dir = tempfile::tempdir().unwrap();
    let kc = dir.path().join("kubeconfig");
    std::fs::write(
        &kc,
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: {}/kubernetes/management\ncontexts:\n- name: c\n  context: {{cluster: c, user: u}}\ncurrent-context: c\nusers:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: sh\n      args: [\"-c\", \"echo plugin-output-token >&2; exit 3\", \"plugin\", \"--password=hunter2-arg\"]\n      env:\n      - name: PLUGIN_TOKEN\n        value: env-value-secret\n      interactiveMode: Never\n",
            server.url()
        ),
    )
    .unwrap();
    let (w, _) = go(common::loftctl_cmd(dir.path()).args([
        "--kubeconfig",
        kc.to_str().unwrap(),
        "user",
        "list",
    ]));
    assert_ne!(w.code, 0, "{}", show(&w));
    for secret in ["hunter2-arg", "env-value-secret", "plugin-output-token"] {
        assert!(!w.stderr.contains(secret), "{secret} leaked: {}", show(&w));
    }
    assert!(
        w.stderr.contains("exec credential plugin failed"),
        "{}",
        show(&w)
    );
}

#[test]
fn short_keys_and_url_passwords_are_masked() {
    let server = Hostile::answering(|head| {
        let auth = head.header("authorization").unwrap_or_default().to_string();
        (
            "403 Forbidden".into(),
            String::new(),
            format!(
                r#"{{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","code":403,"message":"you sent {auth}"}}"#
            ),
        )
    });
    let home = tempfile::tempdir().unwrap();
    let (w, _) = go(common::loftctl_cmd(home.path())
        .args(["--server", &server.url(), "--access-key", "k1"])
        .args(["user", "get", "x"]));
    assert_eq!(w.code, 6, "{}", show(&w));
    assert!(w.stderr.contains("you sent Bearer ***"), "{}", show(&w));
    let url = format!("http://admin:pw-in-url@127.0.0.1:{}", server.port);
    let (w, _) = go(common::loftctl_cmd(home.path())
        .args(["-v", "--server", &url, "--access-key", "some-long-key"])
        .args(["user", "get", "x"]));
    assert!(!w.stderr.contains("pw-in-url"), "{}", show(&w));
}

#[test]
fn a_batch_against_a_server_that_is_not_there_fails_fast() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("users.yaml");
    let docs: Vec<String> = (0..100)
        .map(|i| format!("apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: d{i:03}\nspec:\n  username: d{i:03}\n"))
        .collect();
    std::fs::write(&file, docs.join("---\n")).unwrap();
    let (w, took) = go(common::loftctl_cmd(dir.path())
        .args([
            "--server",
            &common::dead_url(),
            "--access-key",
            "hostile-test-key",
        ])
        .args(["user", "apply", "-f", file.to_str().unwrap()]));
    assert_eq!(w.code, 7, "{}", show(&w));
    assert!(took < Duration::from_secs(10), "took {took:?}");
}
