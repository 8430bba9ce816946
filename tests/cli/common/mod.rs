//! The integration-test harness: a real `loftctl dev-server` on 127.0.0.1 (a free port
//! per test, chosen by the OS) and the real `loftctl` binary run against it with a
//! cleared environment, so that output is repeatable.
#![allow(dead_code)]

pub mod hostile;
pub mod watchdog;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// The admin access key of every test dev-server.
pub const ADMIN_KEY: &str = "test-admin-key";
/// The read-only access key of every test dev-server.
pub const READONLY_KEY: &str = "test-readonly-key";
/// The users a dev-server creates at start for its two keys (`admin` for the admin
/// key, `viewer` for the read-only one), in every test server's user list.
pub const BUILTIN_USERS: [&str; 2] = ["admin", "viewer"];

/// Is `name` one of [`BUILTIN_USERS`]?
pub fn is_builtin_user(name: &str) -> bool {
    BUILTIN_USERS.contains(&name)
}

/// A `kube` client of the dev-server with `key` (kube's own retries off), for tests that
/// drive the API directly. The client's TLS provider is installed as loftctl does it
/// (ring and aws-lc are both compiled in, so rustls has no default of its own).
pub fn kube_client(server: &DevServer, key: &str) -> kube::Client {
    loftctl::install_client_crypto();
    let mut cfg = kube::Config::new(server.api_url().parse().unwrap());
    cfg.auth_info.token = Some(key.to_string().into());
    cfg.default_retry = false;
    kube::Client::try_from(cfg).unwrap()
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_loftctl"))
}

/// A `loftctl` command with a cleared environment: no HOME config, no colour, no
/// KUBECONFIG, only PATH kept.
pub fn loftctl_cmd(home: &Path) -> Command {
    let mut cmd = Command::new(bin());
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    cmd
}

/// A running dev-server; killed on drop.
pub struct DevServer {
    pub child: Child,
    /// `http://127.0.0.1:PORT` (without the /kubernetes/management suffix).
    pub url: String,
    pub home: tempfile::TempDir,
}

impl DevServer {
    pub fn start() -> DevServer {
        Self::start_with(&[])
    }

    /// Start `loftctl dev-server --listen 127.0.0.1:0 --access-key … EXTRA…` and wait
    /// for its first stdout line, `listening on http://127.0.0.1:PORT`.
    pub fn start_with(extra: &[&str]) -> DevServer {
        let stderr = if std::env::var_os("LOFTCTL_TEST_SERVER_LOG").is_some() {
            Stdio::inherit()
        } else {
            Stdio::null()
        };
        Self::spawn(extra, stderr)
    }

    /// Start a dev-server whose request log (`METHOD TARGET STATUS DURATION` per line)
    /// goes to `log`: a line is written before its answer is sent, so once a client
    /// has exited, every request it made is in the file.
    pub fn start_logging_to(log: &std::path::Path) -> DevServer {
        let file = std::fs::File::create(log).expect("create the request log");
        Self::spawn(&[], Stdio::from(file))
    }

    fn spawn(extra: &[&str], stderr: Stdio) -> DevServer {
        let home = tempfile::tempdir().expect("tempdir");
        let mut child = loftctl_cmd(home.path())
            .args([
                "dev-server",
                "--listen",
                "127.0.0.1:0",
                "--access-key",
                ADMIN_KEY,
            ])
            .args(["--readonly-access-key", READONLY_KEY])
            .args(extra)
            .stdout(Stdio::piped())
            // The request log, only when asked for: LOFTCTL_TEST_SERVER_LOG=1 cargo test …
            .stderr(stderr)
            .spawn()
            .expect("spawn dev-server");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read dev-server banner");
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected dev-server banner: {line:?}"))
            .to_string();
        DevServer { child, url, home }
    }

    /// `loftctl` pointed at this server with the admin key.
    pub fn loftctl(&self) -> Command {
        let mut cmd = loftctl_cmd(self.home.path());
        cmd.env("LOFT_URL", &self.url)
            .env("LOFT_ACCESS_KEY", ADMIN_KEY);
        cmd
    }

    /// The management API root, as a kube client wants it.
    pub fn api_url(&self) -> String {
        format!("{}/kubernetes/management", self.url)
    }

    /// Write a kubeconfig for real `kubectl` and return its path. kubectl sends bearer
    /// tokens only over TLS, so it uses the dev-server's TLS side (same port, a
    /// self-signed certificate).
    pub fn kubeconfig(&self) -> PathBuf {
        let path = self.home.path().join("kubeconfig");
        let text = format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n    server: {}\n    insecure-skip-tls-verify: true\ncontexts:\n- name: dev\n  context:\n    cluster: dev\n    user: admin\ncurrent-context: dev\nusers:\n- name: admin\n  user:\n    token: {ADMIN_KEY}\n",
            self.api_url().replacen("http://", "https://", 1)
        );
        std::fs::write(&path, text).expect("write kubeconfig");
        path
    }

    /// Real `kubectl` against this server, or `None` when kubectl is not installed.
    pub fn kubectl(&self) -> Option<Command> {
        let kubectl = which("kubectl")?;
        let mut cmd = Command::new(kubectl);
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home.path())
            .env("KUBECONFIG", self.kubeconfig())
            .stdin(Stdio::null());
        Some(cmd)
    }
}

impl DevServer {
    /// The official Kubernetes Python client (`kubernetes` on PyPI) running
    /// `tests/cli/python/SCRIPT` against this server, or `None` (after saying why on
    /// stderr) where it is not installed. `bash .ci/test` installs it into
    /// `target/python-venv` and sets `LOFTCTL_REQUIRE_PYTHON=1`, which turns a missing
    /// client into a failure instead of a skip.
    ///
    /// The script gets `LOFT_API` (the management root over https, the server's
    /// self-signed certificate not verified) and `LOFT_ACCESS_KEY` (the admin key).
    pub fn python(&self, script: &str) -> Option<Command> {
        let python = python_client()?;
        let mut cmd = Command::new(python);
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home.path())
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env(
                "LOFT_API",
                self.api_url().replacen("http://", "https://", 1),
            )
            .env("LOFT_ACCESS_KEY", ADMIN_KEY)
            .arg(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/cli/python")
                    .join(script),
            )
            .stdin(Stdio::null());
        Some(cmd)
    }
}

/// The Python interpreter that has the `kubernetes` package: `LOFTCTL_TEST_PYTHON`, else
/// `target/python-venv/bin/python` (made by `bash .ci/test`). Checked once per run.
pub fn python_client() -> Option<PathBuf> {
    static FOUND: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    FOUND
        .get_or_init(|| {
            let candidate = std::env::var_os("LOFTCTL_TEST_PYTHON")
                .map(PathBuf::from)
                .unwrap_or_else(|| {
                    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/python-venv/bin/python")
                });
            let ok = Command::new(&candidate)
                .args(["-c", "import kubernetes"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if ok {
                return Some(candidate);
            }
            let why = format!(
                "the official Python client is not installed at {} (`bash .ci/test` installs it)",
                candidate.display()
            );
            if std::env::var_os("LOFTCTL_REQUIRE_PYTHON").is_some() {
                panic!("{why}");
            }
            eprintln!("skipped: {why}");
            None
        })
        .clone()
}

impl Drop for DevServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A URL on which nothing listens (a port bound, then released).
pub fn dead_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("local_addr").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

pub fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| Path::new(dir).join(name))
        .find(|p| p.is_file())
}

/// stdout, stderr and exit code of a finished command, for snapshots.
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
            code: o.status.code().unwrap_or(-1),
        }
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Run and capture.
pub fn run(cmd: &mut Command) -> Run {
    cmd.output().expect("run command").into()
}

/// Run with this stdin text.
pub fn run_with_stdin(cmd: &mut Command, input: &str) -> Run {
    use std::io::Write;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_string();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let out = child.wait_with_output().expect("wait");
    let _ = writer.join();
    out.into()
}

/// The request log of a dev-server (its stderr, one line per request:
/// `METHOD PATH STATUS DURATION`), collected by a thread as the server writes it.
#[derive(Clone, Default)]
pub struct RequestLog {
    lines: std::sync::Arc<(std::sync::Mutex<Vec<String>>, std::sync::Condvar)>,
}

impl RequestLog {
    /// Every line so far, after a marker request has come back through the log: the
    /// server writes each line before it answers, so every request answered before the
    /// marker was sent is in the log by then. `url` is the server's `http://` URL.
    pub fn settled(&self, url: &str) -> Vec<String> {
        use std::io::{Read, Write};
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let marker = format!(
            "/kubernetes/management/version?log-marker={}",
            N.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        );
        let addr = url.trim_start_matches("http://");
        let mut stream = std::net::TcpStream::connect(addr).expect("connect for the log marker");
        write!(
            stream,
            "GET {marker} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .expect("send the log marker");
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let (lock, cond) = &*self.lines;
        let guard = lock.lock().expect("log lock");
        let (guard, timeout) = cond
            .wait_timeout_while(guard, std::time::Duration::from_secs(30), |lines| {
                !lines.iter().any(|l| l.contains(&marker))
            })
            .expect("log lock");
        assert!(!timeout.timed_out(), "the log marker never arrived");
        guard
            .iter()
            .filter(|l| !l.contains("log-marker="))
            .cloned()
            .collect()
    }

    /// How many lines so far start with `METHOD ` and contain `path_part`.
    pub fn count(&self, url: &str, method: &str, path_part: &str) -> usize {
        self.settled(url)
            .iter()
            .filter(|l| l.starts_with(&format!("{method} ")) && l.contains(path_part))
            .count()
    }
}

impl DevServer {
    /// [`DevServer::start_with`], keeping the request log (stderr) in a [`RequestLog`].
    pub fn start_logged(extra: &[&str]) -> (DevServer, RequestLog) {
        let home = tempfile::tempdir().expect("tempdir");
        let mut child = loftctl_cmd(home.path())
            .args([
                "dev-server",
                "--listen",
                "127.0.0.1:0",
                "--access-key",
                ADMIN_KEY,
            ])
            .args(["--readonly-access-key", READONLY_KEY])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn dev-server");
        let log = RequestLog::default();
        let stderr = child.stderr.take().expect("stderr");
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let (lock, cond) = &*sink.lines;
                if let Ok(mut lines) = lock.lock() {
                    lines.push(line);
                }
                cond.notify_all();
            }
        });
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read dev-server banner");
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected dev-server banner: {line:?}"))
            .to_string();
        (DevServer { child, url, home }, log)
    }
}
