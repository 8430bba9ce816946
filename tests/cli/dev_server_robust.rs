//! The dev-server on a shared machine and a bad day: the child's kubeconfig is private
//! and removed on every way out (signals forwarded, the child never outlives the
//! server); idle and slow clients cannot starve it; a non-loopback --listen warns; an
//! empty access key is refused.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common;
use common::watchdog;
use common::{ADMIN_KEY, bin, loftctl_cmd};

/// `sh -c 'SETUP; exec loftctl ARGS…'` with `loftctl_cmd`'s environment: the
/// dev-server under a umask or a ulimit.
fn under_shell(home: &Path, setup: &str, args: &[&str]) -> Command {
    let base = loftctl_cmd(home);
    let mut sh = Command::new("sh");
    sh.env_clear();
    for (k, v) in base.get_envs() {
        if let Some(v) = v {
            sh.env(k, v);
        }
    }
    sh.arg("-c")
        .arg(format!("{setup}; exec \"$0\" \"$@\""))
        .arg(bin())
        .args(args)
        .stdin(Stdio::null());
    sh
}

/// Start a dev-server from `cmd` (stdout piped) and read its banner; returns the child
/// and `127.0.0.1:PORT`.
fn start(mut cmd: Command) -> (Child, String) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn dev-server");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("banner");
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected banner {line:?}"))
        .to_string();
    (child, addr)
}

/// A GET of the user list on a fresh connection; the status line, or the error.
fn get_users(addr: &str, limit: Duration) -> std::io::Result<String> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(limit))?;
    write!(
        s,
        "GET /kubernetes/management/apis/management.loft.sh/v1/users HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {ADMIN_KEY}\r\nConnection: close\r\n\r\n"
    )?;
    let mut line = String::new();
    BufReader::new(s).read_line(&mut line)?;
    Ok(line)
}

/// Read until the server closes the connection; how long that took, or `None` if it
/// was still open after `limit`.
fn closed_within(s: &mut TcpStream, limit: Duration) -> Option<Duration> {
    let start = Instant::now();
    let mut buf = [0u8; 4096];
    loop {
        let left = limit.checked_sub(start.elapsed())?;
        s.set_read_timeout(Some(left.max(Duration::from_millis(1))))
            .ok()?;
        match s.read(&mut buf) {
            Ok(0) => return Some(start.elapsed()),
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return None;
            }
            // Reset by the server: closed.
            Err(_) => return Some(start.elapsed()),
        }
    }
}

fn stop(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

fn mode(line: &str) -> &str {
    line.split_whitespace().next().unwrap_or("")
}

#[test]
fn the_childs_kubeconfig_is_private_and_removed_after_exit_and_failure() {
    let home = tempfile::tempdir().unwrap();
    // The command prints the modes of $KUBECONFIG and its folder, then its path, and
    // fails with 3.
    let script =
        r#"stat -c '%a %n' "$KUBECONFIG" "$(dirname "$KUBECONFIG")"; echo "$KUBECONFIG"; exit 3"#;
    let w = watchdog::run(&mut under_shell(
        home.path(),
        "umask 022",
        &["-q", "dev-server", "--", "sh", "-c", script],
    ));
    assert_eq!(w.code, 3, "{w:?}");
    let lines: Vec<&str> = w.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{w:?}");
    assert_eq!(mode(lines[0]), "600", "the kubeconfig: {w:?}");
    assert_eq!(mode(lines[1]), "700", "its folder: {w:?}");
    let kc = Path::new(lines[2]);
    assert!(!kc.exists(), "{} left behind", kc.display());
    assert!(
        !kc.parent().unwrap().exists(),
        "{} left behind",
        kc.parent().unwrap().display()
    );
    watchdog::assert_no_panic(&w);
}

fn alive(pid: u32) -> bool {
    // A zombie has been waited for by nobody; a reaped child is gone from /proc.
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| !s.contains(") Z "))
        .unwrap_or(false)
}

#[test]
fn a_signal_to_the_dev_server_ends_the_child_and_removes_the_kubeconfig() {
    for (sig, code) in [("HUP", 129), ("TERM", 143), ("INT", 130)] {
        let home = tempfile::tempdir().unwrap();
        // The child prints its kubeconfig and pid, then becomes `sleep` (same pid).
        let script = r#"echo "$KUBECONFIG"; echo "$$"; exec sleep 60"#;
        let mut server = loftctl_cmd(home.path())
            .args(["-q", "dev-server", "--", "sh", "-c", script])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(server.stdout.take().unwrap());
        let (mut kc, mut pid) = (String::new(), String::new());
        out.read_line(&mut kc).unwrap();
        out.read_line(&mut pid).unwrap();
        let kc = Path::new(kc.trim()).to_path_buf();
        let child_pid: u32 = pid.trim().parse().unwrap();
        assert!(kc.exists());
        assert!(alive(child_pid));
        let killed = Command::new("kill")
            .args([&format!("-{sig}"), &server.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        // Bounded wait: the watchdog thread kills the server if it hangs.
        let pid = server.id();
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let guard = std::thread::spawn(move || {
            if rx.recv_timeout(watchdog::LIMIT).is_err() {
                let _ = Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .status();
            }
        });
        let status = server.wait().unwrap();
        let _ = tx.send(());
        guard.join().unwrap();
        assert_eq!(status.code(), Some(code), "SIG{sig}: {status:?}");
        assert!(!kc.exists(), "SIG{sig}: {} left behind", kc.display());
        assert!(
            !kc.parent().unwrap().exists(),
            "SIG{sig}: folder left behind"
        );
        assert!(!alive(child_pid), "SIG{sig}: the child outlived the server");
    }
}

#[test]
fn idle_sockets_do_not_lock_others_out() {
    let home = tempfile::tempdir().unwrap();
    // 256 open files at most: 1,000 idle sockets are more than the process can hold.
    let (server, addr) = start(under_shell(
        home.path(),
        "ulimit -n 256",
        &[
            "dev-server",
            "--listen",
            "127.0.0.1:0",
            "--access-key",
            ADMIN_KEY,
        ],
    ));
    let idle: Vec<TcpStream> = (0..1000)
        .map(|_| TcpStream::connect(&addr).expect("connect"))
        .collect();
    let started = Instant::now();
    let answer = get_users(&addr, Duration::from_secs(8));
    let took = started.elapsed();
    drop(idle);
    stop(server);
    let answer = answer.expect("a request after 1,000 idle sockets");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:?}");
    assert!(took < Duration::from_secs(3), "took {took:?}");
}

#[test]
fn at_the_connection_cap_idle_ones_make_room_and_busy_ones_stay() {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = loftctl_cmd(home.path());
    cmd.args([
        "dev-server",
        "--listen",
        "127.0.0.1:0",
        "--access-key",
        ADMIN_KEY,
        "--max-connections",
        "20",
    ]);
    let (server, addr) = start(cmd);
    // A watch: busy for as long as it streams.
    let mut watch = TcpStream::connect(&addr).unwrap();
    write!(
        watch,
        "GET /kubernetes/management/apis/management.loft.sh/v1/users?watch=true HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {ADMIN_KEY}\r\n\r\n"
    )
    .unwrap();
    watch
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut head = [0u8; 12];
    watch.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 200");
    // Cap + some idle sockets.
    let idle: Vec<TcpStream> = (0..60)
        .map(|_| TcpStream::connect(&addr).expect("connect"))
        .collect();
    let started = Instant::now();
    let answer = get_users(&addr, Duration::from_secs(8)).expect("a request at the cap");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    // The watch was not the one closed: a create shows up on it.
    let mut create = TcpStream::connect(&addr).unwrap();
    let body = r#"{"apiVersion":"management.loft.sh/v1","kind":"User","metadata":{"name":"seen"}}"#;
    write!(
        create,
        "POST /kubernetes/management/apis/management.loft.sh/v1/users HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {ADMIN_KEY}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut created = String::new();
    BufReader::new(create).read_line(&mut created).unwrap();
    assert!(created.starts_with("HTTP/1.1 201"), "{created:?}");
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains("\"seen\"") {
        let n = watch.read(&mut buf).expect("the watch is still open");
        assert!(n > 0, "the watch was closed");
        seen.extend_from_slice(&buf[..n]);
    }
    drop(idle);
    stop(server);
}

#[test]
fn slow_and_silent_clients_are_closed_within_the_header_timeout() {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = loftctl_cmd(home.path());
    cmd.args([
        "dev-server",
        "--listen",
        "127.0.0.1:0",
        "--access-key",
        ADMIN_KEY,
        "--header-timeout",
        "1s",
    ]);
    let (server, addr) = start(cmd);
    let limit = Duration::from_secs(6);
    let most = Duration::from_millis(3500);

    // Slowloris: a request line, then one header byte every 100 ms, never finished.
    let mut slow = TcpStream::connect(&addr).unwrap();
    slow.write_all(b"GET /version HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .unwrap();
    let mut writer = slow.try_clone().unwrap();
    let dribble = std::thread::spawn(move || {
        for _ in 0..60 {
            if writer.write_all(b"a").is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    let took = closed_within(&mut slow, limit);
    assert!(took.is_some_and(|t| t < most), "slowloris: {took:?}");
    dribble.join().unwrap();

    // Silent: connected, nothing sent.
    let mut silent = TcpStream::connect(&addr).unwrap();
    let took = closed_within(&mut silent, limit);
    assert!(took.is_some_and(|t| t < most), "silent: {took:?}");

    // A TLS handshake that stops after its first byte.
    let mut tls = TcpStream::connect(&addr).unwrap();
    tls.write_all(&[0x16]).unwrap();
    let took = closed_within(&mut tls, limit);
    assert!(
        took.is_some_and(|t| t < most),
        "stalled handshake: {took:?}"
    );

    // Kept alive after a whole request, then idle.
    let mut kept = TcpStream::connect(&addr).unwrap();
    write!(kept, "GET /version HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let took = closed_within(&mut kept, limit);
    assert!(took.is_some_and(|t| t < most), "idle keep-alive: {took:?}");

    // A normal request still works.
    let answer = get_users(&addr, Duration::from_secs(5)).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:?}");
    stop(server);
}

#[test]
fn listening_beyond_loopback_warns_that_the_key_travels_in_clear() {
    let home = tempfile::tempdir().unwrap();
    let mut server = loftctl_cmd(home.path())
        .args([
            "dev-server",
            "--listen",
            "0.0.0.0:0",
            "--access-key",
            ADMIN_KEY,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(server.stderr.take().unwrap());
    let mut seen = String::new();
    // Up to the line that says the server is ready.
    while !seen.contains("management API at") {
        let mut line = String::new();
        if err.read_line(&mut line).unwrap() == 0 {
            break;
        }
        seen.push_str(&line);
    }
    stop(server);
    assert!(seen.contains("WARNING: listening on 0.0.0.0:"), "{seen}");
    assert!(seen.contains("admin key travels in clear text"), "{seen}");
    assert!(!seen.contains(ADMIN_KEY), "{seen}");

    // On loopback: no warning.
    let mut quiet = loftctl_cmd(home.path())
        .args([
            "dev-server",
            "--listen",
            "127.0.0.1:0",
            "--access-key",
            ADMIN_KEY,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(quiet.stderr.take().unwrap());
    let mut seen = String::new();
    while !seen.contains("management API at") {
        let mut line = String::new();
        if err.read_line(&mut line).unwrap() == 0 {
            break;
        }
        seen.push_str(&line);
    }
    stop(quiet);
    assert!(!seen.contains("WARNING"), "{seen}");
}

#[test]
fn an_empty_access_key_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    for key in ["", "  "] {
        let w = watchdog::run(loftctl_cmd(home.path()).env("LOFT_ACCESS_KEY", key).args([
            "dev-server",
            "--listen",
            "127.0.0.1:0",
        ]));
        assert_eq!(w.code, 2, "{key:?}: {w:?}");
        assert!(w.stderr.contains("access key"), "{w:?}");
        assert!(w.stderr.contains("is empty"), "{w:?}");
        watchdog::assert_no_panic(&w);
    }
}

// ---- the --state file ----

/// Start `loftctl dev-server --state FILE` (through `sh` with SIGXFSZ ignored, so that a
/// file-size limit makes writes fail with EFBIG instead of killing it); the stderr lines
/// up to the "management API" one are returned too.
fn start_on_state(home: &Path, state: &Path) -> (Child, String, String) {
    let mut child = under_shell(
        home,
        "trap '' XFSZ",
        &[
            "dev-server",
            "--listen",
            "127.0.0.1:0",
            "--access-key",
            ADMIN_KEY,
            "--state",
            state.to_str().unwrap(),
        ],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .expect("spawn dev-server");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected banner {line:?}"))
        .to_string();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut said = String::new();
    while !said.contains("management API at") {
        let mut l = String::new();
        if err.read_line(&mut l).unwrap() == 0 {
            break;
        }
        said.push_str(&l);
    }
    // Keep draining stderr so that the server never blocks on it.
    std::thread::spawn(move || {
        let mut sink = Vec::new();
        let _ = err.read_to_end(&mut sink);
    });
    (child, addr, said)
}

/// POST a user with a description of `pad` bytes; the status code.
fn create_user(addr: &str, name: &str, pad: usize) -> u16 {
    let body = format!(
        r#"{{"apiVersion":"management.loft.sh/v1","kind":"User","metadata":{{"name":"{name}"}},"spec":{{"description":"{}"}}}}"#,
        "d".repeat(pad)
    );
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "POST /kubernetes/management/apis/management.loft.sh/v1/users HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {ADMIN_KEY}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut line = String::new();
    BufReader::new(s).read_line(&mut line).unwrap();
    line.split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

/// The names of the users the server lists, less the ones the server keeps for its own
/// access keys (`admin`, `viewer`).
fn user_names(addr: &str) -> Vec<String> {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET /kubernetes/management/apis/management.loft.sh/v1/users HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {ADMIN_KEY}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    let list: serde_json::Value =
        serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {text}"));
    let mut names: Vec<String> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["metadata"]["name"].as_str().unwrap().to_string())
        .filter(|n| n != "admin" && n != "viewer")
        .collect();
    names.sort();
    names
}

/// A started server that is killed when the test ends, even by a failed assertion.
struct Running(Child);
impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_second_dev_server_on_the_same_state_file_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.jsonl");
    let (first, addr, _) = start_on_state(dir.path(), &state);
    let _first = Running(first);
    assert_eq!(create_user(&addr, "kept", 0), 201);
    let w = watchdog::run(loftctl_cmd(dir.path()).args([
        "dev-server",
        "--listen",
        "127.0.0.1:0",
        "--state",
        state.to_str().unwrap(),
    ]));
    assert_eq!(w.code, 1, "{w:?}");
    assert!(w.stderr.contains("in use by another dev-server"), "{w:?}");
    assert!(w.stderr.contains(state.to_str().unwrap()), "{w:?}");
    watchdog::assert_no_panic(&w);
    // The first one's acknowledged write is still there, in memory and on disk.
    assert_eq!(user_names(&addr), ["kept"]);
    assert!(
        std::fs::read_to_string(&state)
            .unwrap()
            .contains("\"kept\"")
    );
}

#[cfg(unix)]
#[test]
fn a_planted_symlink_at_a_predictable_temp_name_is_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.jsonl");
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "precious").unwrap();
    // Every name a temporary file of the state could be expected at.
    let planted = [
        ".state.jsonl.tmp",
        "state.jsonl.tmp",
        ".state.jsonl.swp",
        "state.jsonl.new",
        "state.jsonl~",
    ];
    for name in planted {
        std::os::unix::fs::symlink(&victim, dir.path().join(name)).unwrap();
    }
    {
        let (server, addr, _) = start_on_state(dir.path(), &state);
        let _server = Running(server);
        for i in 0..5 {
            assert_eq!(create_user(&addr, &format!("u{i}"), 10), 201);
        }
    }
    // A restart compacts the file again.
    let (server, addr, _) = start_on_state(dir.path(), &state);
    let _server = Running(server);
    assert_eq!(user_names(&addr).len(), 5);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(
        std::fs::symlink_metadata(&state)
            .unwrap()
            .file_type()
            .is_file()
    );
    // No temporary file is left behind.
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp") && !planted.contains(&n.as_str()))
        .collect();
    assert!(left.is_empty(), "{left:?}");

    // The lock's name is predictable: a symlink there stops the server, unfollowed.
    let other = dir.path().join("other.jsonl");
    std::os::unix::fs::symlink(&victim, dir.path().join("other.jsonl.lock")).unwrap();
    let w = watchdog::run(loftctl_cmd(dir.path()).args([
        "dev-server",
        "--listen",
        "127.0.0.1:0",
        "--state",
        other.to_str().unwrap(),
    ]));
    assert_eq!(w.code, 1, "{w:?}");
    assert!(w.stderr.contains("other.jsonl.lock"), "{w:?}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
}

#[test]
fn a_torn_last_record_is_reported_and_dropped_and_every_whole_record_kept() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.jsonl");
    {
        let (server, addr, _) = start_on_state(dir.path(), &state);
        let _server = Running(server);
        for name in ["a", "b", "c"] {
            assert_eq!(create_user(&addr, name, 0), 201);
        }
    }
    let torn = r#"{"rv":99,"put":{"metadata":{"name":"torn"#;
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&state)
        .unwrap();
    f.write_all(torn.as_bytes()).unwrap();
    drop(f);
    let (server, addr, said) = start_on_state(dir.path(), &state);
    let _server = Running(server);
    assert!(said.contains("torn record"), "{said}");
    assert!(said.contains(&format!("{} bytes", torn.len())), "{said}");
    assert!(said.contains("dropped"), "{said}");
    assert_eq!(user_names(&addr), ["a", "b", "c"]);
    // Writes go on after it, and survive another restart.
    assert_eq!(create_user(&addr, "d", 0), 201);
    drop(_server);
    let (server, addr, said) = start_on_state(dir.path(), &state);
    let _server = Running(server);
    assert!(!said.contains("torn"), "{said}");
    assert_eq!(user_names(&addr), ["a", "b", "c", "d"]);
}

/// Set the soft limit on file size of process `pid` (`None`: unlimited).
#[cfg(target_os = "linux")]
fn limit_file_size(pid: u32, bytes: Option<u64>) {
    use rustix::process::{Pid, Resource, Rlimit, prlimit};
    let pid = Pid::from_raw(pid as i32).unwrap();
    let now = rustix::process::getrlimit(Resource::Fsize);
    prlimit(
        Some(pid),
        Resource::Fsize,
        Rlimit {
            current: bytes,
            maximum: now.maximum,
        },
    )
    .unwrap();
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_is_cut_back_and_the_next_one_is_whole() {
    // The fault is real: the kernel's file-size limit (RLIMIT_FSIZE, set on the running
    // server with prlimit) lets a write in part and then fails it with EFBIG, as a
    // full disk does with ENOSPC.
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.jsonl");
    let (server, addr, _) = start_on_state(dir.path(), &state);
    let pid = server.id();
    let server = Running(server);
    for name in ["a", "b"] {
        assert_eq!(create_user(&addr, name, 0), 201);
    }
    let size = std::fs::metadata(&state).unwrap().len();
    // Room for half of the next record.
    limit_file_size(pid, Some(size + 500));
    assert_eq!(create_user(&addr, "big", 1000), 500);
    // Nothing of the failed record is left in the file.
    assert_eq!(std::fs::metadata(&state).unwrap().len(), size);
    assert!(!user_names(&addr).contains(&"big".to_string()));
    // The disk has room again: the next write lands whole, on its own line.
    limit_file_size(pid, None);
    assert_eq!(create_user(&addr, "c", 0), 201);
    drop(server);
    let (server, addr, said) = start_on_state(dir.path(), &state);
    let _server = Running(server);
    assert!(!said.contains("torn"), "{said}");
    assert_eq!(user_names(&addr), ["a", "b", "c"]);
}

#[test]
fn a_watch_with_an_enormous_timeout_is_served_not_dropped() {
    // `timeoutSeconds` past what the server's clock can add overflowed, and the
    // connection died with the handler.
    let home = tempfile::tempdir().unwrap();
    let mut cmd = loftctl_cmd(home.path());
    cmd.args([
        "dev-server",
        "--listen",
        "127.0.0.1:0",
        "--access-key",
        ADMIN_KEY,
    ]);
    let (child, addr) = start(cmd);
    let mut s = TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET /kubernetes/management/apis/management.loft.sh/v1/users?watch=true&timeoutSeconds={} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {ADMIN_KEY}\r\n\r\n",
        u64::MAX
    )
    .unwrap();
    let mut reader = BufReader::new(s);
    let mut status = String::new();
    reader.read_line(&mut status).unwrap();
    assert!(status.starts_with("HTTP/1.1 200"), "{status:?}");
    // The built-in users arrive as ADDED events: the watch is alive and streaming.
    let mut seen = String::new();
    while !seen.contains("\"ADDED\"") {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        seen.push_str(&line);
    }
    assert!(seen.contains("\"ADDED\""), "{seen}");
    stop(child);
}
