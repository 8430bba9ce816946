//! `loftctl validate` end to end: the real binary, files, directories and stdin, text
//! and JSON output, the summary line, `--strict`, exit codes, hostile input.

use crate::common;

use common::{loftctl_cmd, run, run_with_stdin};

const GOOD: &str = "\
apiVersion: management.loft.sh/v1
kind: User
metadata:
  name: alice
spec:
  email: alice@example.com
";

const BAD: &str = "\
apiVersion: management.loft.sh/v1
kind: User
metadata:
  name: bob
  uid: 1234
spec:
  emial: bob@example.com
---
apiVersion: management.loft.sh/v1
kind: DirectClusterEndpointToken
spec:
  ttl: -1
  scope:
    roles:
    - role: loftCLI
";

#[test]
fn text_output_summary_and_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.yaml"), BAD).unwrap();
    let r = run(loftctl_cmd(dir.path())
        .current_dir(dir.path())
        .args(["validate", "bad.yaml"]));
    insta::assert_snapshot!(r, @r#"
exit: 3
--- stdout
bad.yaml:5:3: warning: metadata.uid: read-only field: set by the server, ignored in a manifest
bad.yaml:5:8: error: metadata.uid: expected string, got integer (quote it: "1234")
bad.yaml:7:3: error: spec.emial: unknown field (did you mean "email"?)
bad.yaml:12:8: error: spec.ttl: must be 0 or more seconds, got -1 (0 means the server's default)
bad.yaml:15:13: error: spec.scope.roles[0].role: unsupported value "loftCLI" (did you mean "loft-cli"?); must be one of: agent, loft-cli, metrics-reader, metrics-writer, network-peer, vcluster, workspace
--- stderr
error: validation failed: 2 documents, 4 errors, 1 warning
"#);
}

#[test]
fn json_output() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_with_stdin(
        loftctl_cmd(dir.path()).args(["validate", "-", "-o", "json"]),
        "{\n  \"apiVersion\": \"management.loft.sh/v1\",\n  \"kind\": \"User\",\n  \"metadata\": {\"name\": \"x\"},\n  \"spec\": {\"emial\": 1}\n}\n",
    );
    assert_eq!(r.code, 3, "{r}");
    // Indented 4, as every other `-o json` of loftctl (and kubectl).
    assert!(
        r.stdout
            .starts_with("[\n    {\n        \"column\": 12,\n        \"file\": \"-\",\n"),
        "{r}"
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    insta::assert_snapshot!(serde_json::to_string_pretty(&v).unwrap(), @r#"
[
  {
    "column": 12,
    "file": "-",
    "line": 5,
    "message": "unknown field (did you mean \"email\"?)",
    "path": "spec.emial",
    "severity": "error"
  }
]
"#);
}

#[test]
fn good_files_and_directories_pass() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("m/sub")).unwrap();
    for i in 0..20 {
        std::fs::write(
            dir.path().join(format!("m/sub/u{i}.yaml")),
            GOOD.replace("alice", &format!("user-{i}")),
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("m/readme.txt"), "not yaml: [").unwrap();
    let r = run(loftctl_cmd(dir.path())
        .current_dir(dir.path())
        .args(["validate", "m"]));
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr, "20 documents, 0 errors, 0 warnings\n");
}

#[test]
fn strict_turns_warnings_into_errors() {
    let dir = tempfile::tempdir().unwrap();
    let text = GOOD.replace(
        "  name: alice\n",
        "  name: alice\n  resourceVersion: \"12\"\n",
    );
    std::fs::write(dir.path().join("w.yaml"), text).unwrap();
    let lax = run(loftctl_cmd(dir.path())
        .current_dir(dir.path())
        .args(["validate", "w.yaml"]));
    assert_eq!(lax.code, 0, "{lax}");
    assert_eq!(
        lax.stdout,
        "w.yaml:5:3: warning: metadata.resourceVersion: read-only field: set by the server, ignored in a manifest\n"
    );
    let strict = run(loftctl_cmd(dir.path())
        .current_dir(dir.path())
        .args(["validate", "w.yaml", "--strict"]));
    assert_eq!(strict.code, 3, "{strict}");
    assert!(strict.stdout.starts_with("w.yaml:5:3: error: "), "{strict}");
}

#[test]
fn nothing_to_validate() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_with_stdin(loftctl_cmd(dir.path()).args(["validate", "-"]), "# empty\n");
    insta::assert_snapshot!(r, @r#"
exit: 3
--- stdout
-:1:1: error: no objects found
--- stderr
error: validation failed: 0 documents, 1 error, 0 warnings
"#);
    let r = run(loftctl_cmd(dir.path()).args(["validate", "/nonexistent.yaml"]));
    assert_eq!(r.code, 1, "{r}");
    assert!(r.stderr.contains("does not exist"), "{r}");
    let r = run(loftctl_cmd(dir.path()).args(["validate"]));
    assert_eq!(r.code, 2, "{r}");
}

#[test]
fn hostile_input_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..20 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let files: Vec<(&str, Vec<u8>, &str)> = vec![
        ("bomb.yaml", bomb.into_bytes(), "too many alias expansions"),
        (
            "deep.json",
            ("[".repeat(10_000) + &"]".repeat(10_000)).into_bytes(),
            "nesting deeper than 256 levels",
        ),
        ("utf8.yaml", b"kind: \xc3\x28\n".to_vec(), "invalid UTF-8"),
        (
            "junk.yaml",
            (0..=255u8).cycle().take(100_000).collect(),
            "error",
        ),
        (
            "big.yaml",
            format!("kind: User\nx: {}\n", "y".repeat(4 << 20)).into_bytes(),
            "over the 3 MiB limit",
        ),
    ];
    for (name, data, message) in files {
        std::fs::write(dir.path().join(name), data).unwrap();
        let r = run(loftctl_cmd(dir.path())
            .current_dir(dir.path())
            .args(["validate", name]));
        assert_eq!(r.code, 3, "{name}: {r}");
        assert!(
            r.stdout.starts_with(&format!("{name}:1:"))
                || r.stdout.starts_with(&format!("{name}:")),
            "{name}: {r}"
        );
        assert!(r.stdout.contains(message), "{name}: {r}");
        assert!(!r.stderr.contains("panicked"), "{name}: {r}");
    }
}
