//! The server decides: before a write, loftctl checks manifests against the schema the
//! server itself publishes (`/openapi/v3`, else `/openapi/v2`), cached per server and
//! version, and falls back to the built-in schema when the server publishes none.
//! A scripted server on 127.0.0.1 counts the requests, so that "nothing was sent" is
//! proven, not assumed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use crate::common::{self, loftctl_cmd, run};

/// The shared reference folder: `../shared/reference` beside the repository (the CI
/// clone), else `/work/shared/reference`.
pub fn reference_dir() -> PathBuf {
    let beside = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference");
    for dir in [beside, PathBuf::from("/work/shared/reference")] {
        if dir.join("loft-management-v4.11-definitions.json").is_file() {
            return dir;
        }
    }
    panic!(
        "the shared reference folder is missing: expected ../shared/reference beside the repository ({}) or /work/shared/reference",
        env!("CARGO_MANIFEST_DIR")
    );
}

pub fn reference_definitions(file: &str) -> serde_json::Map<String, Value> {
    let path = reference_dir().join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let doc: Value = serde_json::from_str(&text).unwrap();
    doc["definitions"].as_object().unwrap().clone()
}

const USER_SPEC: &str = "com.github.loft-sh.api.v4.pkg.apis.management.v1.UserSpec";

/// What the scripted server publishes.
#[derive(Clone)]
enum Publish {
    /// `/openapi/v2` with these definitions; `/openapi/v3` is 404.
    V2(Value),
    /// Nothing: every `/openapi` path is 404.
    Nothing,
}

/// A scripted management API: `/version`, the OpenAPI documents, and POST users (the
/// object back, with a uid). Every request line is recorded.
struct Scripted {
    url: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Scripted {
    fn start(publish: Publish) -> Scripted {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let log = Arc::new(Mutex::new(Vec::new()));
        let log2 = log.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let log = log2.clone();
                let publish = publish.clone();
                std::thread::spawn(move || serve(stream, &publish, &log));
            }
        });
        Scripted { url, log }
    }

    fn requests(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    fn count(&self, prefix: &str) -> usize {
        self.requests()
            .iter()
            .filter(|r| r.starts_with(prefix))
            .count()
    }
}

fn serve(stream: std::net::TcpStream, publish: &Publish, log: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream);
    loop {
        let mut first = String::new();
        if reader.read_line(&mut first).unwrap_or(0) == 0 {
            return;
        }
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let l = line.trim_end().to_ascii_lowercase();
            if l.is_empty() {
                break;
            }
            if let Some(v) = l.strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let mut parts = first.split_whitespace();
        let method = parts.next().unwrap_or("").to_string();
        let target = parts.next().unwrap_or("").to_string();
        let path = target.split('?').next().unwrap_or("").to_string();
        log.lock().unwrap().push(format!("{method} {path}"));
        let root = "/kubernetes/management";
        let (code, text) = match (method.as_str(), path.strip_prefix(root).unwrap_or("")) {
            ("GET", "/version") => (
                200,
                json!({"major": "1", "minor": "32", "gitVersion": "v4.99.0-scripted"}).to_string(),
            ),
            ("GET", "/openapi/v2") => match publish {
                Publish::V2(defs) => (
                    200,
                    json!({"swagger": "2.0", "definitions": defs}).to_string(),
                ),
                Publish::Nothing => (404, status(404, "NotFound")),
            },
            ("GET", "/apis/management.loft.sh/v1/users/alice") => (
                200,
                json!({
                "apiVersion": "management.loft.sh/v1", "kind": "User",
                "metadata": {"name": "alice", "uid": "0000-scripted", "resourceVersion": "1"},
                "spec": {"email": "alice@example.com"}})
                .to_string(),
            ),
            ("PATCH", "/apis/management.loft.sh/v1/users/alice") => (
                200,
                json!({
                "apiVersion": "management.loft.sh/v1", "kind": "User",
                "metadata": {"name": "alice", "uid": "0000-scripted", "resourceVersion": "2"},
                "spec": {"email": "alice@example.com"}})
                .to_string(),
            ),
            ("POST", "/apis/management.loft.sh/v1/directclusterendpointtokens") => {
                let mut token: Value = serde_json::from_slice(&body).unwrap_or(json!({}));
                token["status"] = json!({"token": "header.payload.signature"});
                (201, token.to_string())
            }
            ("POST", "/apis/management.loft.sh/v1/users") => {
                let mut user: Value = serde_json::from_slice(&body).unwrap_or(json!({}));
                user["metadata"]["uid"] = json!("0000-scripted");
                user["metadata"]["resourceVersion"] = json!("1");
                (201, user.to_string())
            }
            _ => (404, status(404, "NotFound")),
        };
        let resp = format!(
            "HTTP/1.1 {code} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{text}",
            text.len()
        );
        if reader.get_mut().write_all(resp.as_bytes()).is_err() {
            return;
        }
    }
}

fn status(code: u16, reason: &str) -> String {
    json!({"kind": "Status", "apiVersion": "v1", "status": "Failure", "code": code,
           "reason": reason, "message": "the server could not find the requested resource"})
    .to_string()
}

/// The v4.10 reference definitions with one field the built-in schema lacks:
/// `spec.favoriteColor` of a User.
fn with_extra_field() -> Value {
    let mut defs = reference_definitions("loft-management-v4.10-definitions.json");
    defs[USER_SPEC]["properties"]["favoriteColor"] =
        json!({"type": "string", "description": "A field only this server knows."});
    Value::Object(defs)
}

const USER: &str = "\
apiVersion: management.loft.sh/v1
kind: User
metadata:
  name: alice
spec:
  email: alice@example.com
  FIELD: blue
";

fn create(server: &Scripted, home: &Path, manifest: &str, extra: &[&str]) -> common::Run {
    let file = home.join("user.yaml");
    std::fs::write(&file, manifest).unwrap();
    run(loftctl_cmd(home)
        .args(["--server", &server.url, "--access-key", "k"])
        .args(["user", "create"])
        .args(extra)
        .arg("-f")
        .arg(&file))
}

#[test]
fn the_servers_schema_wins_and_a_typo_sends_nothing() {
    let server = Scripted::start(Publish::V2(with_extra_field()));
    let home = tempfile::tempdir().unwrap();
    // The built-in schema alone rejects the field.
    let file = home.path().join("offline.yaml");
    std::fs::write(&file, USER.replace("FIELD", "favoriteColor")).unwrap();
    let offline = run(loftctl_cmd(home.path()).arg("validate").arg(&file));
    assert_eq!(offline.code, 3, "{offline}");
    assert!(
        offline.stdout.contains("spec.favoriteColor: unknown field"),
        "{offline}"
    );

    let ok = create(
        &server,
        home.path(),
        &USER.replace("FIELD", "favoriteColor"),
        &[],
    );
    assert_eq!(ok.code, 0, "{ok}");
    assert!(
        ok.stdout.contains("user.management.loft.sh/alice created"),
        "{ok}"
    );
    assert_eq!(server.count("POST "), 1, "{:?}", server.requests());

    let typo = create(
        &server,
        home.path(),
        &USER.replace("FIELD", "favoriteColr"),
        &[],
    );
    assert_eq!(typo.code, 3, "{typo}");
    assert!(
        typo.stderr.contains(
            "user.yaml:7:3: error: spec.favoriteColr: unknown field (did you mean \"favoriteColor\"?)"
        ),
        "{typo}"
    );
    assert_eq!(
        server.count("POST "),
        1,
        "no second write: {:?}",
        server.requests()
    );
}

#[test]
fn the_schema_is_cached_per_server_and_version() {
    let server = Scripted::start(Publish::V2(with_extra_field()));
    let home = tempfile::tempdir().unwrap();
    let manifest = USER.replace("FIELD", "favoriteColor");
    for round in 0..2 {
        let r = create(&server, home.path(), &manifest, &["--dry-run=server"]);
        assert_eq!(r.code, 0, "round {round}: {r}");
    }
    assert_eq!(
        server.count("GET /kubernetes/management/openapi/v2"),
        1,
        "{:?}",
        server.requests()
    );
    assert_eq!(server.count("GET /kubernetes/management/version"), 2);
    let dir = home.path().join(".cache/loftctl/openapi");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&files[0]), 0o600);
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&home.path().join(".cache/loftctl")), 0o700);
    }
    // A broken cache file is ignored (a debug line), and replaced.
    std::fs::write(&files[0], "{broken").unwrap();
    let r = run(loftctl_cmd(home.path())
        .args(["-v", "--server", &server.url, "--access-key", "k"])
        .args(["user", "create", "--dry-run=server", "-f"])
        .arg(home.path().join("user.yaml")));
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stderr.contains("ignoring the cache file"), "{r}");
    assert_eq!(server.count("GET /kubernetes/management/openapi/v2"), 2);
    // XDG_CACHE_HOME moves the cache.
    let xdg = home.path().join("xdg");
    let file = home.path().join("user.yaml");
    let r = run(loftctl_cmd(home.path())
        .env("XDG_CACHE_HOME", &xdg)
        .args([
            "--server",
            &server.url,
            "--access-key",
            "k",
            "user",
            "create",
            "--dry-run=server",
            "-f",
        ])
        .arg(&file));
    assert_eq!(r.code, 0, "{r}");
    assert!(xdg.join("loftctl/openapi").is_dir());
}

#[test]
fn without_a_published_schema_the_built_in_one_decides() {
    let server = Scripted::start(Publish::Nothing);
    let home = tempfile::tempdir().unwrap();
    let r = create(
        &server,
        home.path(),
        &USER.replace("FIELD", "favoriteColor"),
        &[],
    );
    assert_eq!(r.code, 3, "{r}");
    assert!(
        r.stderr
            .contains("user.yaml:7:3: error: spec.favoriteColor: unknown field"),
        "{r}"
    );
    assert_eq!(server.count("POST "), 0, "{:?}", server.requests());
    // The built-in schema is the newest version: 4.3's extraClaims is accepted.
    let r = create(
        &server,
        home.path(),
        &USER.replace("FIELD: blue", "extraClaims: {team: a}"),
        &[],
    );
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(server.count("POST "), 1);
}

#[test]
fn a_4_1_server_refuses_what_4_1_does_not_know() {
    // A server publishing the v4.1 swagger: spec.extraClaims (4.3+) is refused before
    // anything is sent, with the server's own words ("unknown field").
    let defs = reference_definitions("loft-management-swagger.json");
    let server = Scripted::start(Publish::V2(Value::Object(defs)));
    let home = tempfile::tempdir().unwrap();
    let r = create(
        &server,
        home.path(),
        &USER.replace("FIELD: blue", "extraClaims: {team: a}"),
        &[],
    );
    assert_eq!(r.code, 3, "{r}");
    assert!(
        r.stderr
            .contains("user.yaml:7:3: error: spec.extraClaims: unknown field"),
        "{r}"
    );
    assert_eq!(server.count("POST "), 0, "{:?}", server.requests());
}

#[test]
fn patch_is_checked_with_the_servers_schema() {
    let server = Scripted::start(Publish::V2(with_extra_field()));
    let home = tempfile::tempdir().unwrap();
    let patch = |body: &str| {
        run(loftctl_cmd(home.path())
            .args(["--server", &server.url, "--access-key", "k"])
            .args(["user", "patch", "alice", "-p", body]))
    };
    let r = patch(r#"{"spec":{"favoriteColr":"blue"}}"#);
    assert_eq!(r.code, 3, "{r}");
    assert!(
        r.stderr
            .contains("spec.favoriteColr: unknown field (did you mean \"favoriteColor\"?)"),
        "{r}"
    );
    assert_eq!(server.count("PATCH "), 0, "{:?}", server.requests());
    let r = patch(r#"{"spec":{"favoriteColor":"blue"}}"#);
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(server.count("PATCH "), 1, "{:?}", server.requests());
}

#[test]
fn token_roles_are_the_servers_to_accept() {
    // A v4.11 server: `runner` is gone, `metrics-reader` is new.
    let defs = reference_definitions("loft-management-v4.11-definitions.json");
    let server = Scripted::start(Publish::V2(Value::Object(defs)));
    let home = tempfile::tempdir().unwrap();
    let token = |role: &str| {
        run(loftctl_cmd(home.path())
            .args(["--server", &server.url, "--access-key", "k"])
            .args(["token", "create", "--role", role]))
    };
    let r = token("runner");
    assert_eq!(r.code, 3, "{r}");
    assert!(r.stderr.contains("unsupported value \"runner\""), "{r}");
    assert_eq!(server.count("POST "), 0, "{:?}", server.requests());
    let r = token("metrics-reader");
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stdout, "header.payload.signature\n");
    assert_eq!(server.count("POST "), 1, "{:?}", server.requests());
}
