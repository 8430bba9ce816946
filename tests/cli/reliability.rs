//! Reliability against a misbehaving server: `dev-server --fault-rate` (500,
//! 503 with Retry-After, dropped connections) and `--latency`; a hung server and
//! `--request-timeout`; an edit racing a concurrent change. Every loftctl run is under a
//! watchdog (a hang fails the test instead of blocking it).

use crate::common;
use crate::common::watchdog;
use crate::user_support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::DevServer;
use serde_json::{Value, json};
use user_support::{fetch, script, seed, user};
use watchdog::{Watched, assert_no_panic, run_limited};

/// Run under the watchdog (60 s: retries under faults take a few seconds).
fn go(cmd: &mut Command) -> Watched {
    let w = run_limited(cmd, None, Duration::from_secs(60));
    assert_no_panic(&w);
    w
}

fn show(w: &Watched) -> String {
    format!(
        "exit {}\n--- stdout\n{}\n--- stderr\n{}",
        w.code, w.stdout, w.stderr
    )
}

/// `n` users u000…, seeded into a state file by a fault-free server; then a server
/// with `extra` flags on that state.
fn faulty_server_with_users(dir: &Path, n: usize, extra: &[&str]) -> DevServer {
    let state = dir.join("state.jsonl");
    let state_arg = state.to_str().unwrap();
    {
        let clean = DevServer::start_with(&["--state", state_arg]);
        seed(
            &clean,
            (0..n)
                .map(|i| {
                    user(
                        &format!("u{i:03}"),
                        json!({"username": format!("u{i:03}"), "email": format!("u{i:03}@example.com")}),
                    )
                })
                .collect(),
        );
    }
    let mut args = vec!["--state", state_arg];
    args.extend_from_slice(extra);
    DevServer::start_with(&args)
}

fn names(n: usize) -> String {
    (0..n)
        .map(|i| format!("user.management.loft.sh/u{i:03}\n"))
        .collect()
}

/// What `user list -o name` prints: the built-in `admin`, `u000`…, the built-in `viewer`.
fn listed(n: usize) -> String {
    format!(
        "user.management.loft.sh/admin\n{}user.management.loft.sh/viewer\n",
        names(n)
    )
}

#[test]
fn list_and_get_succeed_through_faults() {
    let dir = tempfile::tempdir().unwrap();
    let server = faulty_server_with_users(dir.path(), 300, &["--fault-rate", "0.2"]);
    // 5 lists of 15 pages each and 20 gets: ~95 GETs, about 19 of them faulted.
    let mut faults_seen = 0;
    for _ in 0..5 {
        let w =
            go(server
                .loftctl()
                .args(["user", "list", "-o", "name", "--chunk-size", "20", "-v"]));
        assert_eq!(w.code, 0, "{}", show(&w));
        assert_eq!(w.stdout, listed(300), "every user, once, in order");
        faults_seen += w.stderr.matches(" 500 ").count() + w.stderr.matches(" 503 ").count();
    }
    for i in (0..300).step_by(15) {
        let name = format!("u{i:03}");
        let w =
            go(server
                .loftctl()
                .args(["user", "get", &name, "-o", "jsonpath={.spec.email}", "-v"]));
        assert_eq!(w.code, 0, "{}", show(&w));
        assert_eq!(w.stdout, format!("{name}@example.com"));
        faults_seen += w.stderr.matches(" 500 ").count() + w.stderr.matches(" 503 ").count();
    }
    // The retries were exercised (dropped connections are not counted here).
    assert!(faults_seen > 0, "no fault was met: the test proved nothing");
}

#[test]
fn get_succeeds_through_faults_and_latency() {
    let dir = tempfile::tempdir().unwrap();
    let server = faulty_server_with_users(
        dir.path(),
        30,
        &["--fault-rate", "0.2", "--latency", "200ms"],
    );
    let args: Vec<String> = ["user", "get", "-o", "name"]
        .iter()
        .map(|s| s.to_string())
        .chain((0..30).map(|i| format!("u{i:03}")))
        .collect();
    let w = go(server.loftctl().args(&args));
    assert_eq!(w.code, 0, "{}", show(&w));
    assert_eq!(w.stdout, names(30));
}

#[test]
fn a_hung_server_times_out_with_exit_7() {
    let dir = tempfile::tempdir().unwrap();
    let server = faulty_server_with_users(dir.path(), 1, &["--latency", "60s"]);
    for args in [
        &["user", "get", "u000"][..],
        &["user", "list"][..],
        &[
            "user",
            "patch",
            "u000",
            "-p",
            r#"{"spec":{"displayName":"X"}}"#,
        ][..],
    ] {
        let w = go(server
            .loftctl()
            .args(args)
            .args(["--request-timeout", "1s"]));
        assert_eq!(w.code, 7, "{args:?}: {}", show(&w));
        assert!(w.stderr.contains("timed out"), "{args:?}: {}", show(&w));
    }
}

#[test]
fn an_edit_racing_a_concurrent_label_change_lands_both() {
    // The editor script adds label `theirs` through another loftctl process before
    // saving its own change (label `mine` and the display name): the PUT meets a 409
    // and the edit is replayed on the fresh object.
    let dir = tempfile::tempdir().unwrap();
    let server = DevServer::start();
    seed(
        &server,
        vec![
            json!({"apiVersion": "management.loft.sh/v1", "kind": "User",
            "metadata": {"name": "alice", "labels": {"team": "a"}},
            "spec": {"username": "alice", "displayName": "Alice"}}),
        ],
    );
    let editor = script(
        dir.path(),
        "editor.sh",
        &format!(
            "{} user patch alice -p '{{\"metadata\":{{\"labels\":{{\"theirs\":\"1\"}}}}}}' >/dev/null\n\
             sed -i -e 's/displayName: Alice/displayName: Alice Edited/' -e 's/^    team: a/    team: a\\n    mine: \"2\"/' \"$1\"",
            common::bin().display()
        ),
    );
    let w = go(server
        .loftctl()
        .args(["user", "edit", "alice", "-v"])
        .env("EDITOR", &editor));
    assert_eq!(w.code, 0, "{}", show(&w));
    assert!(
        w.stderr.contains(" 409"),
        "a conflict happened: {}",
        show(&w)
    );
    let after: Value = fetch(&server, "alice");
    assert_eq!(after["spec"]["displayName"], "Alice Edited");
    assert_eq!(
        after["metadata"]["labels"],
        json!({"team": "a", "theirs": "1", "mine": "2"}),
        "both label changes landed"
    );
}

// ---------------------------------------------------------------- batches

/// A manifest of `n` users `{prefix}000…`, labelled `batch=<tag>`.
fn manifest(prefix: &str, n: usize, tag: &str) -> String {
    (0..n)
        .map(|i| {
            format!(
                "apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: {prefix}{i:03}\n  labels:\n    batch: {tag}\nspec:\n  username: {prefix}{i:03}\n  email: {prefix}{i:03}@example.com\n  displayName: User {i}\n"
            )
        })
        .collect::<Vec<_>>()
        .join("---\n")
}

/// Every user's name on the server but the built-in `admin` and `viewer` (through
/// faults: the list is retried).
fn server_names(server: &DevServer) -> BTreeSet<String> {
    let w = go(server.loftctl().args(["user", "list", "-o", "name"]));
    assert_eq!(w.code, 0, "{}", show(&w));
    w.stdout
        .lines()
        .map(|l| l.trim_start_matches("user.management.loft.sh/").to_string())
        .filter(|n| !crate::common::is_builtin_user(n))
        .collect()
}

/// The per-item lines of a batch: `verb → names` from stdout, and the failed names
/// (with their reasons) from stderr's `error: user.management.loft.sh/NAME: reason`.
struct Outcomes {
    done: BTreeMap<String, BTreeSet<String>>,
    failed: BTreeMap<String, String>,
}

fn outcomes(w: &Watched) -> Outcomes {
    let mut done: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in w.stdout.lines() {
        let (name, verb) = line
            .strip_prefix("user.management.loft.sh/")
            .and_then(|l| l.split_once(' '))
            .unwrap_or_else(|| panic!("unexpected stdout line {line:?}"));
        done.entry(verb.to_string())
            .or_default()
            .insert(name.to_string());
    }
    let failed = w
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("error: user.management.loft.sh/"))
        .map(|l| {
            let (name, reason) = l.split_once(": ").expect("error: NAME: reason");
            (name.to_string(), reason.to_string())
        })
        .collect();
    Outcomes { done, failed }
}

#[test]
fn a_300_user_create_under_faults_reports_exactly_the_failed_items() {
    let dir = tempfile::tempdir().unwrap();
    let server = DevServer::start_with(&["--fault-rate", "0.2"]);
    let file = dir.path().join("users.yaml");
    std::fs::write(&file, manifest("c", 300, "one")).unwrap();
    let w = go(server
        .loftctl()
        .args(["user", "create", "-f", file.to_str().unwrap()]));
    let o = outcomes(&w);
    let created = o.done.get("created").cloned().unwrap_or_default();
    assert_eq!(
        o.done.len(),
        usize::from(!created.is_empty()),
        "only `created` lines"
    );
    let failed: BTreeSet<String> = o.failed.keys().cloned().collect();
    assert!(created.is_disjoint(&failed), "{}", show(&w));
    let all: BTreeSet<String> = (0..300).map(|i| format!("c{i:03}")).collect();
    assert_eq!(&created | &failed, all, "every item ends created or failed");
    for reason in o.failed.values() {
        assert!(!reason.is_empty());
    }
    // Nothing half-done and unreported: the server holds exactly the created ones.
    assert_eq!(server_names(&server), created);
    if failed.is_empty() {
        assert_eq!(w.code, 0, "{}", show(&w));
        assert!(w.stderr.contains("300 users: 300 created"), "{}", show(&w));
    } else {
        assert_ne!(w.code, 0, "{}", show(&w));
        let summary = format!(
            "error: {} of 300 users failed ({} created, {} failed)",
            failed.len(),
            created.len(),
            failed.len()
        );
        assert!(w.stderr.contains(&summary), "{summary:?} in {}", show(&w));
    }
    eprintln!(
        "300-user create under --fault-rate 0.2: {} failed: {:?}",
        failed.len(),
        o.failed
    );
}

#[test]
fn apply_of_300_users_under_faults_converges_to_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let server = DevServer::start_with(&["--fault-rate", "0.2"]);
    let file = dir.path().join("users.yaml");
    let file_arg = file.to_str().unwrap().to_string();
    let all: BTreeSet<String> = (0..300).map(|i| format!("a{i:03}")).collect();
    // Apply twice with different labels: the second round updates what the first made.
    let mut runs_needed = Vec::new();
    for tag in ["first", "second"] {
        std::fs::write(&file, manifest("a", 300, tag)).unwrap();
        let mut runs = 0;
        loop {
            runs += 1;
            assert!(runs <= 5, "apply did not converge in 5 runs");
            let w = go(server.loftctl().args(["user", "apply", "-f", &file_arg]));
            let o = outcomes(&w);
            let mut seen: BTreeSet<String> = o.failed.keys().cloned().collect();
            for (verb, names) in &o.done {
                assert!(
                    ["created", "configured", "unchanged"].contains(&verb.as_str()),
                    "{verb}"
                );
                assert!(seen.is_disjoint(names), "an item reported twice");
                seen.extend(names.iter().cloned());
            }
            assert_eq!(seen, all, "every item reported once: {}", show(&w));
            assert_eq!(w.code == 0, o.failed.is_empty(), "{}", show(&w));
            if w.code == 0 {
                break;
            }
        }
        runs_needed.push(runs);
        // Every user exactly as written (read through the faults).
        let w = go(server.loftctl().args(["user", "list", "-o", "json"]));
        assert_eq!(w.code, 0, "{}", show(&w));
        let list: Value = serde_json::from_str(&w.stdout).unwrap();
        let items: Vec<&Value> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|u| !crate::common::is_builtin_user(u["metadata"]["name"].as_str().unwrap()))
            .collect();
        assert_eq!(items.len(), 300);
        for (i, u) in items.iter().enumerate() {
            let name = format!("a{i:03}");
            assert_eq!(u["metadata"]["name"], name.as_str());
            assert_eq!(u["metadata"]["labels"], json!({"batch": tag}));
            assert_eq!(
                u["spec"],
                json!({"username": name, "email": format!("{name}@example.com"),
                       "displayName": format!("User {i}")}),
            );
        }
        // A run after convergence changes nothing.
        let w = go(server.loftctl().args(["user", "apply", "-f", &file_arg]));
        if w.code == 0 {
            assert_eq!(outcomes(&w).done.keys().collect::<Vec<_>>(), ["unchanged"]);
        }
    }
    eprintln!("apply of 300 users under --fault-rate 0.2 converged in {runs_needed:?} runs");
}

#[test]
fn a_hung_server_times_out_creates_with_exit_7() {
    let dir = tempfile::tempdir().unwrap();
    let server = DevServer::start_with(&["--latency", "60s"]);
    let file = dir.path().join("one.yaml");
    std::fs::write(&file, manifest("h", 1, "x")).unwrap();
    for verb in ["create", "apply"] {
        let w = go(server.loftctl().args([
            "user",
            verb,
            "-f",
            file.to_str().unwrap(),
            "--request-timeout",
            "1s",
        ]));
        assert_eq!(w.code, 7, "{verb}: {}", show(&w));
        assert!(w.stderr.contains("timed out"), "{verb}: {}", show(&w));
    }
}

#[test]
fn an_invalid_document_anywhere_means_nothing_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let server = DevServer::start();
    let good = manifest("g", 5, "x");
    let hostile = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let cases: Vec<(String, Vec<u8>, &str)> = vec![
        (
            "dup-key.yaml".into(),
            format!(
                "{good}---\n{}",
                std::fs::read_to_string(hostile.join("dup.yaml")).unwrap()
            )
            .into_bytes(),
            "duplicate key \"spec\"",
        ),
        (
            "laughs.yaml".into(),
            format!(
                "{good}---\n{}",
                std::fs::read_to_string(hostile.join("laughs-user.yaml")).unwrap()
            )
            .into_bytes(),
            "too many alias expansions",
        ),
        (
            "deep.yaml".into(),
            format!("{good}---\n{}", "[".repeat(10_000)).into_bytes(),
            "nesting deeper than 256 levels",
        ),
        (
            "truncated.json".into(),
            std::fs::read(hostile.join("truncated.json")).unwrap(),
            "unexpected end of stream",
        ),
        (
            "utf8.yaml".into(),
            [
                good.as_bytes(),
                b"---\n",
                &std::fs::read(hostile.join("invalid-utf8.yaml")).unwrap(),
            ]
            .concat(),
            "invalid UTF-8",
        ),
        (
            "junk.bin".into(),
            (0..16).flat_map(|_| 0u8..=255).collect(),
            "invalid UTF-8",
        ),
        ("empty.yaml".into(), Vec::new(), "no objects found"),
        (
            "comments.yaml".into(),
            b"# nothing\n---\n# here\n".to_vec(),
            "no objects found",
        ),
        (
            "huge.yaml".into(),
            format!(
                "{good}---\n{}  description: {}\n",
                manifest("z", 1, "x"),
                "x".repeat(3 * 1024 * 1024)
            )
            .into_bytes(),
            "over the 3 MiB limit",
        ),
        (
            "bad-name.yaml".into(),
            format!("{good}---\n{}", manifest("BAD_", 1, "x")).into_bytes(),
            "error",
        ),
    ];
    for (name, data, fragment) in cases {
        let path = dir.path().join(&name);
        std::fs::write(&path, data).unwrap();
        for verb in ["create", "apply"] {
            let w = go(server
                .loftctl()
                .args(["user", verb, "-f", path.to_str().unwrap()]));
            assert_eq!(w.code, 3, "{verb} {name}: {}", show(&w));
            assert!(
                w.stdout.contains(fragment) || w.stderr.contains(fragment),
                "{verb} {name}: {fragment:?} in {}",
                show(&w)
            );
            assert!(
                w.stderr.contains("nothing was sent"),
                "{verb} {name}: {}",
                show(&w)
            );
        }
    }
    assert_eq!(
        server_names(&server),
        BTreeSet::new(),
        "the server has no users"
    );
}

// ---------------------------------------------------------------- Ctrl-C

/// A running `loftctl` whose stdout and stderr lines arrive on channels, so that a
/// test can act when a given line appears.
struct Live {
    child: std::process::Child,
    stdout: std::sync::mpsc::Receiver<String>,
    stderr: std::sync::mpsc::Receiver<String>,
}

impl Live {
    fn spawn(cmd: &mut Command) -> Live {
        use std::io::BufRead;
        let mut child = cmd
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let lines = |r: Box<dyn std::io::Read + Send>| {
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                for line in std::io::BufReader::new(r).lines() {
                    let Ok(line) = line else { break };
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            });
            rx
        };
        let stdout = lines(Box::new(child.stdout.take().unwrap()));
        let stderr = lines(Box::new(child.stderr.take().unwrap()));
        Live {
            child,
            stdout,
            stderr,
        }
    }

    /// Collect lines of `rx` until one satisfies `pred` (60 s at most).
    fn until(
        rx: &std::sync::mpsc::Receiver<String>,
        seen: &mut Vec<String>,
        pred: impl Fn(&str) -> bool,
    ) {
        loop {
            let line = rx
                .recv_timeout(Duration::from_secs(60))
                .unwrap_or_else(|e| panic!("no expected line ({e}); so far: {seen:#?}"));
            let hit = pred(&line);
            seen.push(line);
            if hit {
                return;
            }
        }
    }

    fn sigint(&self) {
        let ok = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -INT");
    }

    /// Wait for the end (60 s at most, then kill and fail); all remaining lines.
    fn finish(
        mut self,
        mut out: Vec<String>,
        mut err: Vec<String>,
    ) -> (i32, Vec<String>, Vec<String>) {
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if std::time::Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("loftctl did not end after Ctrl-C; stderr: {err:#?}");
            }
            // Poll the exit while draining output (a full pipe would block the child).
            while let Ok(l) = self.stderr.recv_timeout(Duration::from_millis(50)) {
                err.push(l);
            }
        };
        out.extend(self.stdout.iter());
        err.extend(self.stderr.iter());
        (status.code().unwrap_or(-1), out, err)
    }
}

#[test]
fn ctrl_c_during_a_batch_finishes_in_flight_requests_and_prints_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let server = DevServer::start_with(&["--latency", "200ms"]);
    let file = dir.path().join("users.yaml");
    std::fs::write(&file, manifest("i", 300, "x")).unwrap();
    let live = Live::spawn(server.loftctl().args([
        "user",
        "create",
        "-f",
        file.to_str().unwrap(),
        "--concurrency",
        "10",
    ]));
    // Once 20 users are reported created, interrupt (SIGINT to loftctl alone).
    let mut out = Vec::new();
    while out.len() < 20 {
        Live::until(&live.stdout, &mut out, |_| true);
    }
    live.sigint();
    let (code, out, err) = live.finish(out, Vec::new());
    let err_text = err.join("\n");
    assert_eq!(code, 130, "exit 130 like a shell; stderr:\n{err_text}");
    assert!(
        err_text.contains("warning: interrupted: starting no more; waiting for"),
        "{err_text}"
    );
    // Every started item was reported, in input order, none failed; the rest not sent.
    let created: Vec<String> = out
        .iter()
        .map(|l| {
            l.strip_prefix("user.management.loft.sh/")
                .and_then(|l| l.strip_suffix(" created"))
                .unwrap_or_else(|| panic!("{l:?}"))
                .to_string()
        })
        .collect();
    let k = created.len();
    assert!((20..300).contains(&k), "{k} created");
    let expected: Vec<String> = (0..k).map(|i| format!("i{i:03}")).collect();
    assert_eq!(created, expected);
    let summary = format!(
        "error: interrupted: {k} of 300 users processed ({k} created); {} not sent: user.management.loft.sh/i{k:03} … user.management.loft.sh/i299",
        300 - k
    );
    assert!(err_text.contains(&summary), "{summary:?} in\n{err_text}");
    // The server holds exactly what was reported.
    assert_eq!(
        server_names(&server),
        created.into_iter().collect::<BTreeSet<_>>()
    );
}

#[test]
fn a_second_ctrl_c_stops_waiting_and_reports_the_unknown_items() {
    let dir = tempfile::tempdir().unwrap();
    let server = DevServer::start_with(&["--latency", "3s"]);
    let file = dir.path().join("users.yaml");
    std::fs::write(&file, manifest("j", 50, "x")).unwrap();
    let live = Live::spawn(server.loftctl().args([
        "user",
        "create",
        "-f",
        file.to_str().unwrap(),
        "--concurrency",
        "5",
    ]));
    // Let 5 be created, then interrupt twice: the second one while requests are slow.
    let mut out = Vec::new();
    while out.len() < 5 {
        Live::until(&live.stdout, &mut out, |_| true);
    }
    live.sigint();
    let mut err = Vec::new();
    Live::until(&live.stderr, &mut err, |l| {
        l.contains("interrupted: starting no more")
    });
    live.sigint();
    let (code, out, err) = live.finish(out, err);
    let err_text = err.join("\n");
    assert_eq!(code, 130, "{err_text}");
    let created: BTreeSet<String> = out
        .iter()
        .filter_map(|l| {
            l.strip_prefix("user.management.loft.sh/")?
                .strip_suffix(" created")
        })
        .map(str::to_string)
        .collect();
    let unknown: BTreeSet<String> = err
        .iter()
        .filter_map(|l| {
            l.strip_prefix("error: user.management.loft.sh/")?
                .strip_suffix(": interrupted before the answer came; the outcome is unknown")
        })
        .map(str::to_string)
        .collect();
    assert!(!unknown.is_empty(), "some were in flight: {err_text}");
    assert!(created.is_disjoint(&unknown));
    let done = created.len() + unknown.len();
    assert!(
        err_text.contains(&format!(
            "error: interrupted: {done} of 50 users processed ({} created, {} failed); {} not sent",
            created.len(),
            unknown.len(),
            50 - done
        )),
        "{err_text}"
    );
    // What the server has is what was reported created, plus perhaps the unknown ones.
    let on_server = server_names(&server);
    assert!(on_server.is_superset(&created));
    assert!(on_server.is_subset(&(&created | &unknown)), "{on_server:?}");
}
