//! Real `kubectl` against `loftctl dev-server`: discovery, create, get in every output
//! format, selectors, paging, patches, label, replace conflicts, delete, explain, watch
//! and DirectClusterEndpointTokens. Skipped (with a message) when kubectl is absent.

use crate::common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{DevServer, Run, run};

fn kubectl(server: &DevServer) -> Option<Command> {
    let cmd = server.kubectl();
    if cmd.is_none() {
        eprintln!("kubectl is not installed: skipping");
    }
    cmd
}

fn k(server: &DevServer, args: &[&str]) -> Run {
    let mut cmd = server.kubectl().expect("kubectl");
    run(cmd.args(args))
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

fn user_yaml(name: &str, team: &str, email: &str) -> String {
    format!(
        "apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: {name}\n  labels:\n    team: {team}\nspec:\n  email: {email}\n"
    )
}

#[test]
fn api_resources_lists_the_three_kinds() {
    let server = DevServer::start();
    let Some(mut cmd) = kubectl(&server) else {
        return;
    };
    let r = run(cmd.args(["api-resources", "--no-headers"]));
    assert_eq!(r.code, 0, "{r}");
    let mut lines: Vec<Vec<&str>> = r
        .stdout
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    lines.sort();
    assert_eq!(
        lines,
        vec![
            vec![
                "directclusterendpointtokens",
                "management.loft.sh/v1",
                "false",
                "DirectClusterEndpointToken"
            ],
            vec![
                "ownedaccesskeys",
                "management.loft.sh/v1",
                "false",
                "OwnedAccessKey"
            ],
            vec!["selves", "management.loft.sh/v1", "false", "Self"],
            vec!["users", "management.loft.sh/v1", "false", "User"],
        ]
    );
    let r = k(&server, &["api-resources", "--verbs=list", "-o", "name"]);
    assert_eq!(
        r.stdout.trim(),
        "ownedaccesskeys.management.loft.sh\nusers.management.loft.sh",
        "{r}"
    );
}

#[test]
fn create_and_get_in_every_format() {
    let server = DevServer::start();
    if kubectl(&server).is_none() {
        return;
    }
    let dir = server.home.path();
    let f = write(
        dir,
        "alice.yaml",
        &user_yaml("alice", "a", "alice@example.com"),
    );
    let r = k(&server, &["create", "-f", &f]);
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stdout, "user.management.loft.sh/alice created\n");

    let r = k(&server, &["get", "user", "alice", "-o", "json"]);
    assert_eq!(r.code, 0, "{r}");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["kind"], "User");
    assert_eq!(v["spec"]["email"], "alice@example.com");
    assert_eq!(v["metadata"]["generation"], 1);
    assert_eq!(v["metadata"]["uid"].as_str().unwrap().len(), 36);
    assert!(
        v["metadata"]["resourceVersion"]
            .as_str()
            .unwrap()
            .parse::<u64>()
            .is_ok()
    );

    let r = k(&server, &["get", "users", "-o", "yaml"]);
    assert!(r.stdout.contains("kind: List"), "{r}");
    assert!(r.stdout.contains("    email: alice@example.com\n"), "{r}");

    let r = k(&server, &["get", "users", "-o", "name"]);
    assert_eq!(
        r.stdout,
        "user.management.loft.sh/admin\nuser.management.loft.sh/alice\nuser.management.loft.sh/viewer\n",
        "{r}"
    );

    let r = k(
        &server,
        &["get", "users", "-o", "jsonpath={.items[*].spec.email}"],
    );
    assert_eq!(r.stdout, "alice@example.com", "{r}");

    // The default table (server-side printing).
    let r = k(&server, &["get", "users"]);
    let mut lines = r.stdout.lines();
    assert_eq!(
        lines.next().unwrap().split_whitespace().collect::<Vec<_>>(),
        ["NAME", "CREATED", "AT"]
    );
    assert!(lines.next().unwrap().starts_with("admin "), "{r}");
    assert!(lines.next().unwrap().starts_with("alice "), "{r}");

    // Creating it again: AlreadyExists.
    let r = k(&server, &["create", "-f", &f]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("Error from server (AlreadyExists): error when creating")
            && r.stderr
                .contains("users.management.loft.sh \"alice\" already exists"),
        "{r}"
    );

    // Strict field validation (kubectl's default).
    let bad = write(
        dir,
        "bad.yaml",
        "apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: bob\nspec:\n  emial: x\n",
    );
    let r = k(&server, &["create", "-f", &bad]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("strict decoding error: unknown field \"spec.emial\""),
        "{r}"
    );
    let r = k(&server, &["get", "user", "bob"]);
    assert!(
        r.stderr
            .contains("Error from server (NotFound): users.management.loft.sh \"bob\" not found"),
        "{r}"
    );
}

#[test]
fn selectors_and_chunked_lists() {
    let server = DevServer::start();
    if kubectl(&server).is_none() {
        return;
    }
    let docs: Vec<String> = (1..=7)
        .map(|i| {
            user_yaml(
                &format!("u{i}"),
                if i % 2 == 0 { "even" } else { "odd" },
                &format!("u{i}@y.z"),
            )
        })
        .collect();
    let f = write(server.home.path(), "users.yaml", &docs.join("---\n"));
    let r = k(&server, &["create", "-f", &f]);
    assert_eq!(r.code, 0, "{r}");

    let names = |args: &[&str]| {
        let mut all = vec!["get", "users", "-o", "name"];
        all.extend_from_slice(args);
        let r = k(&server, &all);
        assert_eq!(r.code, 0, "{r}");
        r.stdout
            .lines()
            .map(|l| l.trim_start_matches("user.management.loft.sh/").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&["-l", "team=even"]), ["u2", "u4", "u6"]);
    // The built-in admin and viewer have no team label.
    assert_eq!(
        names(&["-l", "team!=even"]),
        ["admin", "u1", "u3", "u5", "u7", "viewer"]
    );
    assert_eq!(names(&["-l", "team in (odd)"]), ["u1", "u3", "u5", "u7"]);
    assert_eq!(names(&["-l", "team notin (odd,even)"]), ["admin", "viewer"]);
    assert_eq!(names(&["-l", "team"]).len(), 7);
    assert_eq!(names(&["--field-selector", "metadata.name=u3"]), ["u3"]);
    assert_eq!(names(&["--field-selector", "metadata.name!=u3"]).len(), 8);

    // --chunk-size: the 9 users come in pages of 2 (5 requests) and in order.
    let r = k(
        &server,
        &["get", "users", "-o", "name", "--chunk-size", "2", "-v=6"],
    );
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stdout.lines().count(), 9, "{r}");
    assert_eq!(r.stderr.matches("limit=2").count(), 5, "{r}");
    assert_eq!(r.stderr.matches("continue=").count(), 4, "{r}");

    let r = k(
        &server,
        &["get", "users", "--field-selector", "spec.email=x"],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("field label not supported: spec.email"),
        "{r}"
    );
}

#[test]
fn patch_label_replace_and_delete() {
    let server = DevServer::start();
    if kubectl(&server).is_none() {
        return;
    }
    let dir = server.home.path();
    let f = write(dir, "alice.yaml", &user_yaml("alice", "a", "a@x.io"));
    assert_eq!(k(&server, &["create", "-f", &f]).code, 0);

    let r = k(
        &server,
        &[
            "patch",
            "user",
            "alice",
            "--type",
            "merge",
            "-p",
            r#"{"spec":{"displayName":"Alice"}}"#,
        ],
    );
    assert_eq!(r.stdout, "user.management.loft.sh/alice patched\n", "{r}");
    let r = k(
        &server,
        &[
            "patch",
            "user",
            "alice",
            "--type",
            "json",
            "-p",
            r#"[{"op":"replace","path":"/spec/email","value":"b@x.io"}]"#,
        ],
    );
    assert_eq!(r.code, 0, "{r}");
    let r = k(
        &server,
        &[
            "get",
            "user",
            "alice",
            "-o",
            "jsonpath={.spec.displayName} {.spec.email} {.metadata.generation}",
        ],
    );
    assert_eq!(r.stdout, "Alice b@x.io 3", "{r}");

    // A failing JSON patch test.
    let r = k(
        &server,
        &[
            "patch",
            "user",
            "alice",
            "--type",
            "json",
            "-p",
            r#"[{"op":"test","path":"/spec/email","value":"nope"}]"#,
        ],
    );
    assert_eq!(r.code, 1, "{r}");

    let r = k(&server, &["label", "user", "alice", "tier=gold"]);
    assert_eq!(r.stdout, "user.management.loft.sh/alice labeled\n", "{r}");
    let r = k(
        &server,
        &[
            "get",
            "user",
            "alice",
            "-o",
            "jsonpath={.metadata.labels.tier}",
        ],
    );
    assert_eq!(r.stdout, "gold");
    // Labels are metadata: the generation stays.
    let r = k(
        &server,
        &[
            "get",
            "user",
            "alice",
            "-o",
            "jsonpath={.metadata.generation}",
        ],
    );
    assert_eq!(r.stdout, "3");

    // replace with a stale copy: 409 Conflict.
    let stale = k(&server, &["get", "user", "alice", "-o", "yaml"]).stdout;
    let stale_file = write(dir, "stale.yaml", &stale);
    assert_eq!(k(&server, &["label", "user", "alice", "x=y"]).code, 0);
    let r = k(&server, &["replace", "-f", &stale_file]);
    assert_eq!(r.code, 1, "{r}");
    assert!(
        r.stderr.contains("Error from server (Conflict)")
            && r.stderr.contains(
                "Operation cannot be fulfilled on users.management.loft.sh \"alice\": the object has been modified; please apply your changes to the latest version and try again"
            ),
        "{r}"
    );
    // A fresh copy replaces fine.
    let fresh = k(&server, &["get", "user", "alice", "-o", "yaml"]).stdout;
    let fresh = fresh.replace("displayName: Alice", "displayName: Alice Liddell");
    let fresh_file = write(dir, "fresh.yaml", &fresh);
    let r = k(&server, &["replace", "-f", &fresh_file]);
    assert_eq!(r.stdout, "user.management.loft.sh/alice replaced\n", "{r}");

    let r = k(&server, &["delete", "user", "alice"]);
    assert_eq!(
        r.stdout, "user.management.loft.sh \"alice\" deleted\n",
        "{r}"
    );
    let r = k(&server, &["get", "users", "-l", "team=none"]);
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr, "No resources found\n");
}

#[test]
fn explain_uses_the_served_schema() {
    let server = DevServer::start();
    if kubectl(&server).is_none() {
        return;
    }
    let r = k(&server, &["explain", "users.spec"]);
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stdout.contains("KIND:       User"), "{r}");
    assert!(r.stdout.contains("GROUP:      management.loft.sh"), "{r}");
    assert!(r.stdout.contains("  email\t<string>"), "{r}");
    let r = k(&server, &["explain", "users.spec.nosuchfield"]);
    assert_eq!(r.code, 1, "{r}");
}

#[test]
fn get_watch_sees_modifications_and_deletions() {
    let server = DevServer::start();
    if kubectl(&server).is_none() {
        return;
    }
    let f = write(
        server.home.path(),
        "alice.yaml",
        &user_yaml("alice", "a", "a@x.io"),
    );
    assert_eq!(k(&server, &["create", "-f", &f]).code, 0);

    let mut child = server
        .kubectl()
        .unwrap()
        .args([
            "get",
            "users",
            "--watch",
            "--output-watch-events",
            "--no-headers",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // Wait for a line whose first two words are (event, name); a generous bound
    // only fails the test when the line never comes.
    let expect = |event: &str, name: &str| loop {
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("no {event} {name} line from kubectl get --watch"));
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.len() >= 2 && words[0] == event && words[1] == name {
            break;
        }
    };
    expect("ADDED", "alice");
    // The watch resumes from the list's resourceVersion: changes made from now on are
    // seen whenever kubectl's watch request lands.
    assert_eq!(k(&server, &["label", "user", "alice", "x=y"]).code, 0);
    expect("MODIFIED", "alice");
    let g = write(
        server.home.path(),
        "bob.yaml",
        &user_yaml("bob", "b", "b@x.io"),
    );
    assert_eq!(k(&server, &["create", "-f", &g]).code, 0);
    expect("ADDED", "bob");
    assert_eq!(k(&server, &["delete", "user", "alice"]).code, 0);
    expect("DELETED", "alice");
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn create_a_direct_cluster_endpoint_token() {
    let key = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/dev-server-signing-key.pem"
    );
    let server = DevServer::start_with(&["--signing-key", key]);
    if kubectl(&server).is_none() {
        return;
    }
    let f = write(
        server.home.path(),
        "token.yaml",
        "apiVersion: management.loft.sh/v1\nkind: DirectClusterEndpointToken\nspec:\n  ttl: 600\n  scope:\n    virtualClusters:\n    - project: p1\n      virtualCluster: vc1\n",
    );
    let r = k(&server, &["create", "-f", &f, "-o", "json"]);
    assert_eq!(r.code, 0, "{r}");
    let obj: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(obj["kind"], "DirectClusterEndpointToken");
    assert_eq!(obj["spec"]["ttl"], 600);
    let token = obj["status"]["token"].as_str().unwrap();

    let public = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/dev-server-signing-key.pub.pem"
    ))
    .unwrap();
    let key = jsonwebtoken::DecodingKey::from_rsa_pem(&public).unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.set_audience(&["loft"]);
    let data = jsonwebtoken::decode::<serde_json::Value>(token, &key, &validation).unwrap();
    let c = data.claims;
    assert_eq!(c["sub"], "loft:user:admin");
    assert_eq!(c["iss"], server.url);
    assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), 600);
    let admin = k(
        &server,
        &["get", "user", "admin", "-o", "jsonpath={.metadata.uid}"],
    );
    assert_eq!(
        c["loft.sh"],
        serde_json::json!({"uid": admin.stdout, "name": "admin", "kind": "User", "gen": 0,
            "scope": {"virtualClusters": [{"project": "p1", "virtualCluster": "vc1"}]}})
    );
    assert!(data.header.kid.is_some());
}

#[test]
fn a_field_manager_kube_apiserver_refuses_is_refused() {
    // kube-apiserver's ValidateFieldManager: at most 128 bytes, printable characters; a
    // 422 on the request's options (`PatchOptions.meta.k8s.io ""`, which kubectl shows as
    // `The PatchOptions "" is invalid` from the Status's details), nothing written.
    let server = DevServer::start();
    if kubectl(&server).is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "u.yaml", &user_yaml("fm", "a", "fm@x"));
    let long = "m".repeat(129);
    let r = k(
        &server,
        &[
            "apply",
            "--server-side",
            "--field-manager",
            &long,
            "-f",
            &file,
        ],
    );
    assert_eq!(r.code, 1, "{r}");
    assert!(
        r.stderr.contains(
            r#"The PatchOptions "" is invalid: fieldManager: Too long: must have at most 128 bytes"#
        ),
        "{r}"
    );
    let r = k(&server, &["get", "user", "fm", "-o", "name"]);
    assert_eq!(r.code, 1, "nothing was written: {r}");
    // 128 bytes is allowed, and recorded as the manager.
    let r = k(
        &server,
        &[
            "apply",
            "--server-side",
            "--field-manager",
            &long[..128],
            "-f",
            &file,
        ],
    );
    assert_eq!(r.code, 0, "{r}");
    let r = k(
        &server,
        &[
            "get",
            "user",
            "fm",
            "--show-managed-fields",
            "-o",
            "jsonpath={.metadata.managedFields[0].manager}",
        ],
    );
    assert_eq!(r.stdout, long[..128], "{r}");
    // A control character: its position, and the value as Go quotes it.
    let r = k(
        &server,
        &[
            "create",
            "--field-manager",
            "a\tb",
            "-f",
            &write(dir.path(), "v.yaml", &user_yaml("fn", "a", "fn@x")),
        ],
    );
    assert_eq!(r.code, 1, "{r}");
    assert!(
        r.stderr.contains(
            r#"The CreateOptions "" is invalid: fieldManager: Invalid value: "a\tb": invalid character U+0009 (at position 1)"#
        ),
        "{r}"
    );
}
