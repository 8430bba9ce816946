//! Real `kubectl` against the dev-server where it behaves as Loft's API server does:
//! `explain` from the protobuf OpenAPI v2, strategic-merge patches (kubectl's default),
//! the standalone kubeconfig and the hint for plain http, and a generated signing key
//! kept with `--state`.

use crate::common;

use std::process::Command;

use common::{ADMIN_KEY, DevServer, Run, run};

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

const ALICE: &str = "apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: alice\n  labels:\n    team: a\n    keep: \"yes\"\nspec:\n  username: alice\n  groups: [one, two]\n  email: alice@example.com\n";

fn create_alice(server: &DevServer) {
    let path = server.home.path().join("alice.yaml");
    std::fs::write(&path, ALICE).unwrap();
    let r = k(server, &["create", "-f", &path.to_string_lossy()]);
    assert_eq!(r.code, 0, "{r}");
}

#[test]
fn explain_reads_the_protobuf_openapi_v2() {
    let server = DevServer::start();
    if kubectl(&server).is_none() {
        return;
    }
    let r = k(
        &server,
        &["explain", "users.spec", "--output", "plaintext-openapiv2"],
    );
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stdout.contains("KIND:     User"), "{r}");
    assert!(r.stdout.contains("email\t<string>"), "{r}");
    let r = k(
        &server,
        &[
            "explain",
            "directclusterendpointtokens.spec.scope",
            "--output",
            "plaintext-openapiv2",
        ],
    );
    assert_eq!(r.code, 0, "{r}");
    assert!(
        r.stdout.contains("KIND:     DirectClusterEndpointToken"),
        "{r}"
    );
    // The default (OpenAPI v3) still works.
    let r = k(&server, &["explain", "users.spec.email"]);
    assert_eq!(r.code, 0, "{r}");
}

#[test]
fn kubectl_patch_defaults_to_a_strategic_merge_patch() {
    let server = DevServer::start();
    if kubectl(&server).is_none() {
        return;
    }
    create_alice(&server);
    // No --type: kubectl sends application/strategic-merge-patch+json.
    let r = k(
        &server,
        &[
            "patch",
            "user",
            "alice",
            "-p",
            r#"{"spec":{"groups":["three"]},"metadata":{"labels":{"team":null}}}"#,
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
            "jsonpath={.spec.groups} {.metadata.labels} {.spec.email}",
        ],
    );
    assert_eq!(
        r.stdout, r#"["three"] {"keep":"yes"} alice@example.com"#,
        "{r}"
    );
    // $patch: replace on a map.
    let r = k(
        &server,
        &[
            "patch",
            "user",
            "alice",
            "-p",
            r#"{"metadata":{"labels":{"$patch":"replace","only":"this"}}}"#,
        ],
    );
    assert_eq!(r.code, 0, "{r}");
    let r = k(
        &server,
        &["get", "user", "alice", "-o", "jsonpath={.metadata.labels}"],
    );
    assert_eq!(r.stdout, r#"{"only":"this"}"#, "{r}");
    // $patch: delete on a map.
    let r = k(
        &server,
        &[
            "patch",
            "user",
            "alice",
            "-p",
            r#"{"metadata":{"labels":{"$patch":"delete"}}}"#,
        ],
    );
    assert_eq!(r.code, 0, "{r}");
    let r = k(
        &server,
        &["get", "user", "alice", "-o", "jsonpath={.metadata.labels}"],
    );
    assert_eq!(r.stdout, "", "{r}");
}

#[test]
fn a_standalone_server_writes_a_kubeconfig_and_explains_plain_http() {
    let dir = tempfile::tempdir().unwrap();
    let kc = dir.path().join("kubeconfig");
    let kc_arg = kc.to_string_lossy().into_owned();
    let server = DevServer::start_with(&["--write-kubeconfig", &kc_arg]);
    let Some(_) = kubectl(&server) else {
        return;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&kc).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let text = std::fs::read_to_string(&kc).unwrap();
    assert!(text.contains("certificate-authority-data:"), "{text}");
    assert!(!text.contains("insecure-skip-tls-verify"), "{text}");
    // kubectl with that file alone (the server's certificate verified).
    let mut cmd = server.kubectl().unwrap();
    let r = run(cmd.env("KUBECONFIG", &kc).args(["get", "users"]));
    assert_eq!(r.code, 0, "{r}");
    // Over plain http kubectl sends no token: the 401 says why.
    let mut cmd = server.kubectl().unwrap();
    let r = run(cmd.args([
        "--server",
        &server.api_url(),
        "--token",
        ADMIN_KEY,
        "get",
        "users",
    ]));
    assert_ne!(r.code, 0, "{r}");
    assert!(
        r.stderr
            .contains("kubectl sends no bearer token over plain http")
            && r.stderr.contains("--write-kubeconfig"),
        "{r}"
    );
}

#[test]
fn a_generated_signing_key_is_kept_with_the_state() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.jsonl");
    let state_arg = state.to_string_lossy().into_owned();
    let token_file = dir.path().join("token.jwt");
    let jwks_file = dir.path().join("jwks.json");
    let manifest = dir.path().join("token.yaml");
    std::fs::write(
        &manifest,
        "apiVersion: management.loft.sh/v1\nkind: DirectClusterEndpointToken\nmetadata:\n  name: t\nspec:\n  ttl: 3600\n",
    )
    .unwrap();
    {
        let server = DevServer::start_with(&["--state", &state_arg]);
        if kubectl(&server).is_none() {
            return;
        }
        let r = k(
            &server,
            &[
                "create",
                "-f",
                &manifest.to_string_lossy(),
                "-o",
                "jsonpath={.status.token}",
            ],
        );
        assert_eq!(r.code, 0, "{r}");
        std::fs::write(&token_file, r.stdout.trim()).unwrap();
    }
    // A new process on the same state: the token issued before still verifies.
    let server = DevServer::start_with(&["--state", &state_arg]);
    let r = k(
        &server,
        &["get", "--raw", "/kubernetes/management/openid/v1/jwks"],
    );
    assert_eq!(r.code, 0, "{r}");
    std::fs::write(&jwks_file, &r.stdout).unwrap();
    let r = run(server.loftctl().args([
        "token",
        "decode",
        &format!("@{}", token_file.display()),
        "--key",
        &jwks_file.to_string_lossy(),
        "--check",
    ]));
    assert_eq!(r.code, 0, "{r}");
}
