//! Run a child process under a watchdog: if it has not ended after a generous limit it
//! is killed and the test fails saying so. This is a guard against hangs (an input that
//! makes loftctl loop), not a measure of speed. Include with
//! `#[path = "common/watchdog.rs"] mod watchdog;`.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long any single command may take before it is called hung.
pub const LIMIT: Duration = Duration::from_secs(20);

/// stdout, stderr and exit code (-1 when killed by a signal).
#[derive(Debug)]
pub struct Watched {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

/// Run `cmd` (stdin from `input` when given), kill it and panic if it outlives `limit`.
pub fn run_limited(cmd: &mut Command, input: Option<&[u8]>, limit: Duration) -> Watched {
    let mut child = cmd
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let pid = child.id();
    let writer = input.map(|data| {
        let mut stdin = child.stdin.take().expect("stdin");
        let data = data.to_vec();
        std::thread::spawn(move || {
            let _ = stdin.write_all(&data);
        })
    });
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || match done_rx.recv_timeout(limit) {
        Err(mpsc::RecvTimeoutError::Timeout) => {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
            true
        }
        _ => false,
    });
    let out = child.wait_with_output().expect("wait");
    let _ = done_tx.send(());
    let killed = watchdog.join().expect("watchdog");
    if let Some(w) = writer {
        let _ = w.join();
    }
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !killed,
        "the command did not finish within {limit:?} and was killed; stderr so far:\n{stderr}"
    );
    Watched {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
        code: out.status.code().unwrap_or(-1),
    }
}

/// [`run_limited`] with [`LIMIT`] and no stdin.
pub fn run(cmd: &mut Command) -> Watched {
    run_limited(cmd, None, LIMIT)
}

/// Neither output holds panic or backtrace text.
pub fn assert_no_panic(w: &Watched) {
    for text in [&w.stdout, &w.stderr] {
        for bad in ["panicked", "RUST_BACKTRACE", "stack backtrace"] {
            assert!(!text.contains(bad), "found {bad:?} in output:\n{text}");
        }
    }
}
