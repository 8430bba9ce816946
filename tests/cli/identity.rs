//! The dev-server's identities: stored users behind keys, OwnedAccessKeys, `selves`,
//! the User subresources, unique emails, and Loft's `loft.sh` token claim — driven with
//! the `kube` crate, real kubectl (`--token`), the official Python client and loftctl.

use crate::common;

use std::time::{Duration, Instant};

use common::{ADMIN_KEY, DevServer, READONLY_KEY, Run, run, run_with_stdin};
use serde_json::{Value, json};

const GV: &str = "/apis/management.loft.sh/v1";

fn client(server: &DevServer, key: &str) -> kube::Client {
    crate::common::kube_client(server, key)
}

/// A raw JSON request with `key`; returns (status, body).
async fn call(
    server: &DevServer,
    key: &str,
    method: &str,
    path: &str,
    body: Value,
) -> (u16, Value) {
    let req = http::Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/json")
        .body(if body.is_null() {
            Vec::new()
        } else {
            serde_json::to_vec(&body).unwrap()
        })
        .unwrap();
    let resp = client(server, key)
        .send(req.map(kube::client::Body::from))
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let bytes = http_body_util::BodyExt::collect(resp.into_body())
        .await
        .unwrap()
        .to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// Create an OwnedAccessKey as `as_key`; returns the whole answer (with `spec.key`).
async fn create_key(server: &DevServer, as_key: &str, name: &str, spec: Value) -> Value {
    let (code, out) = call(
        server,
        as_key,
        "POST",
        &format!("{GV}/ownedaccesskeys"),
        json!({"apiVersion": "management.loft.sh/v1", "kind": "OwnedAccessKey",
               "metadata": {"name": name}, "spec": spec}),
    )
    .await;
    assert_eq!(code, 201, "{out}");
    out
}

fn loftctl_as(server: &DevServer, key: &str, args: &[&str]) -> Run {
    run(server.loftctl().env("LOFT_ACCESS_KEY", key).args(args))
}

fn loftctl(server: &DevServer, args: &[&str]) -> Run {
    run(server.loftctl().args(args))
}

fn whoami(server: &DevServer, key: &str) -> Value {
    let r = loftctl_as(server, key, &["whoami", "-o", "json"]);
    assert_eq!(r.code, 0, "{r}");
    serde_json::from_str(&r.stdout).unwrap()
}

fn uid_of(server: &DevServer, user: &str) -> String {
    let r = loftctl(
        server,
        &["user", "get", user, "-o", "jsonpath={.metadata.uid}"],
    );
    assert_eq!(r.code, 0, "{r}");
    r.stdout
}

/// The property names of a definition in Loft's v4.11 definitions.
fn properties(def: &str) -> Vec<String> {
    // shared/reference/ beside the repository (or beside one of its parent folders).
    let file = "shared/reference/loft-management-v4.11-definitions.json";
    let text = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find_map(|dir| std::fs::read_to_string(dir.join(file)).ok())
        .expect("the v4.11 definitions in shared/reference/");
    let defs: Value = serde_json::from_str(&text).unwrap();
    let key = format!("com.github.loft-sh.api.v4.pkg.apis.management.v1.{def}");
    defs["definitions"][&key]["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("no definition {key}"))
        .keys()
        .cloned()
        .collect()
}

fn assert_keys_within(v: &Value, def: &str) {
    let allowed = properties(def);
    for k in v.as_object().unwrap().keys() {
        assert!(allowed.contains(k), "{def} has no field {k}: {v}");
    }
}

#[tokio::test]
async fn selves_answers_the_stored_user_behind_a_created_key() {
    let server = DevServer::start();
    let r = loftctl(
        &server,
        &[
            "user",
            "create",
            "alice",
            "--email",
            "alice@example.com",
            "--display-name",
            "Alice Smith",
            "--username",
            "asmith",
            "--subject",
            "alice-sso",
            "--group",
            "devs",
        ],
    );
    assert_eq!(r.code, 0, "{r}");
    let scope = json!({"projects": [{"project": "p1"}]});
    let made = create_key(
        &server,
        ADMIN_KEY,
        "ci",
        json!({"user": "alice", "scope": scope}),
    )
    .await;
    let key = made["spec"]["key"].as_str().unwrap().to_string();
    assert_eq!(key.len(), 64);
    assert_eq!(made["spec"]["type"], "User");

    let me = whoami(&server, &key);
    let status = &me["status"];
    assert_eq!(
        status["user"],
        json!({"name": "alice", "displayName": "Alice Smith", "username": "asmith",
               "email": "alice@example.com", "subject": "alice-sso"})
    );
    assert_eq!(status["uid"], uid_of(&server, "alice").as_str());
    assert_eq!(status["subject"], "alice-sso");
    assert_eq!(status["groups"], json!(["devs"]));
    assert_eq!(status["accessKey"], "ci");
    assert_eq!(status["accessKeyType"], "User");
    assert_eq!(status["accessKeyScope"], scope);
    assert_eq!(status["projectNamespacePrefix"], "loft-p-");
    assert_eq!(status["loftHost"], server.url.as_str());
    assert_keys_within(status, "SelfStatus");

    let text = loftctl_as(&server, &key, &["whoami"]);
    assert_eq!(text.code, 0, "{text}");
    for line in [
        "user alice\n",
        "display name: Alice Smith\n",
        "email: alice@example.com\n",
        "subject: alice-sso\n",
        "groups: devs\n",
        "access key type: User\n",
        "access key scope:\n  projects: p1\n",
    ] {
        assert!(text.stdout.contains(line), "{line:?} in {text}");
    }
    assert!(!text.stdout.contains(&key), "the key is never printed");

    // The admin key's user is the stored `admin`, with the same uid `user get` shows.
    let admin = whoami(&server, ADMIN_KEY);
    assert_eq!(admin["status"]["user"]["name"], "admin");
    assert_eq!(admin["status"]["uid"], uid_of(&server, "admin").as_str());

    // Real kubectl with the created key as --token.
    let Some(mut kubectl) = server.kubectl() else {
        eprintln!("kubectl not installed: skipped");
        return;
    };
    let r = run_with_stdin(
        kubectl.args(["--token", &key, "create", "-f", "-", "-o", "json"]),
        "apiVersion: management.loft.sh/v1\nkind: Self\nmetadata: {}\n",
    );
    assert_eq!(r.code, 0, "{r}");
    let me: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(me["status"]["user"]["name"], "alice");
    assert_eq!(me["status"]["accessKeyScope"], scope);
}

#[tokio::test]
async fn owned_access_keys_hide_the_key_and_belong_to_their_user() {
    let server = DevServer::start();
    let made = create_key(
        &server,
        READONLY_KEY,
        "mine",
        json!({"displayName": "Mine"}),
    )
    .await;
    assert_eq!(
        made["spec"]["user"], "viewer",
        "spec.user defaults to the caller"
    );
    let key = made["spec"]["key"].as_str().unwrap().to_string();

    // get and list never show the key again.
    let (code, got) = call(
        &server,
        READONLY_KEY,
        "GET",
        &format!("{GV}/ownedaccesskeys/mine"),
        Value::Null,
    )
    .await;
    assert_eq!(code, 200, "{got}");
    assert!(got["spec"].get("key").is_none(), "{got}");
    assert_eq!(got["spec"]["displayName"], "Mine");
    assert_keys_within(&got["spec"], "OwnedAccessKeySpec");
    // A non-admin makes keys only for itself.
    let (code, err) = call(
        &server,
        READONLY_KEY,
        "POST",
        &format!("{GV}/ownedaccesskeys"),
        json!({"apiVersion": "management.loft.sh/v1", "kind": "OwnedAccessKey",
               "metadata": {"name": "theirs"}, "spec": {"user": "admin"}}),
    )
    .await;
    assert_eq!(
        (code, err["reason"].as_str()),
        (403, Some("Forbidden")),
        "{err}"
    );
    // The admin makes one for viewer; viewer sees both of its keys, the admin all keys.
    create_key(&server, ADMIN_KEY, "for-viewer", json!({"user": "viewer"})).await;
    create_key(&server, ADMIN_KEY, "admins", json!({})).await;
    let names = |list: &Value| -> Vec<String> {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["metadata"]["name"].as_str().unwrap().to_string())
            .collect()
    };
    let (_, list) = call(
        &server,
        READONLY_KEY,
        "GET",
        &format!("{GV}/ownedaccesskeys"),
        Value::Null,
    )
    .await;
    assert_eq!(list["kind"], "OwnedAccessKeyList");
    assert_eq!(names(&list), ["for-viewer", "mine"]);
    assert!(
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|k| k["spec"].get("key").is_none())
    );
    let (_, list) = call(
        &server,
        ADMIN_KEY,
        "GET",
        &format!("{GV}/ownedaccesskeys"),
        Value::Null,
    )
    .await;
    assert_eq!(names(&list), ["admins", "for-viewer", "mine"]);
    let (code, _) = call(
        &server,
        READONLY_KEY,
        "GET",
        &format!("{GV}/ownedaccesskeys/admins"),
        Value::Null,
    )
    .await;
    assert_eq!(code, 404);

    // The key works, and its use is recorded.
    assert_eq!(whoami(&server, &key)["status"]["user"]["name"], "viewer");
    let (_, got) = call(
        &server,
        READONLY_KEY,
        "GET",
        &format!("{GV}/ownedaccesskeys/mine"),
        Value::Null,
    )
    .await;
    assert!(got["status"]["lastActivity"].is_string(), "{got}");

    // Delete answers a Status; the key stops working.
    let (code, status) = call(
        &server,
        READONLY_KEY,
        "DELETE",
        &format!("{GV}/ownedaccesskeys/mine"),
        Value::Null,
    )
    .await;
    assert_eq!(code, 200, "{status}");
    assert_eq!(
        (
            status["kind"].as_str(),
            status["status"].as_str(),
            status["details"]["name"].as_str()
        ),
        (Some("Status"), Some("Success"), Some("mine"))
    );
    let r = loftctl_as(&server, &key, &["whoami"]);
    assert_eq!(r.code, 6, "{r}");
}

#[tokio::test]
async fn a_key_with_a_ttl_expires_with_lofts_message() {
    let server = DevServer::start();
    let made = create_key(&server, ADMIN_KEY, "short", json!({"ttl": 1})).await;
    let key = made["spec"]["key"].as_str().unwrap().to_string();
    // Poll until the server says 401 (bounded: a 1 s ttl ends within 2 s).
    let deadline = Instant::now() + Duration::from_secs(10);
    let expired = loop {
        let r = loftctl_as(&server, &key, &["whoami"]);
        if r.code != 0 {
            break r;
        }
        assert!(Instant::now() < deadline, "the key never expired: {r}");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(expired.code, 6, "{expired}");
    assert!(
        expired
            .stderr
            .contains("loft access key expired. Please login again"),
        "{expired}"
    );
    // kubectl gets the same 401.
    if let Some(mut kubectl) = server.kubectl() {
        let r = run(kubectl.args(["--token", &key, "get", "users"]));
        assert_ne!(r.code, 0, "{r}");
        // kubectl's words for a 401.
        assert!(
            r.stderr.contains("You must be logged in to the server"),
            "{r}"
        );
    }
}

#[tokio::test]
async fn disabled_and_deleted_users_keys_get_401() {
    let server = DevServer::start();
    assert_eq!(loftctl(&server, &["user", "create", "bob"]).code, 0);
    let made = create_key(&server, ADMIN_KEY, "bobs", json!({"user": "bob"})).await;
    let key = made["spec"]["key"].as_str().unwrap().to_string();
    assert_eq!(loftctl_as(&server, &key, &["whoami"]).code, 0);

    assert_eq!(loftctl(&server, &["user", "disable", "bob"]).code, 0);
    let r = loftctl_as(&server, &key, &["whoami"]);
    assert_eq!(r.code, 6, "disabled: {r}");
    assert_eq!(loftctl(&server, &["user", "enable", "bob"]).code, 0);
    assert_eq!(loftctl_as(&server, &key, &["whoami"]).code, 0);

    assert_eq!(
        loftctl(&server, &["user", "delete", "bob", "--yes"]).code,
        0
    );
    let r = loftctl_as(&server, &key, &["user", "list"]);
    assert_eq!(r.code, 6, "deleted: {r}");
    // A new user of the same name is someone else: the old key stays dead.
    assert_eq!(loftctl(&server, &["user", "create", "bob"]).code, 0);
    assert_eq!(loftctl_as(&server, &key, &["whoami"]).code, 6);
    // The Python client sees the 401 too.
    if let Some(mut py) = server.python("identity_key.py") {
        let r = run(py.env("KEY", &key).arg("selves"));
        assert_eq!(r.stdout.trim(), "401", "{r}");
    }
}

#[test]
fn emails_are_unique_across_users() {
    let server = DevServer::start();
    assert_eq!(
        loftctl(
            &server,
            &["user", "create", "carol", "--email", "c@example.com"]
        )
        .code,
        0
    );
    let r = loftctl(
        &server,
        &["user", "create", "dave", "--email", "C@example.com"],
    );
    assert_eq!(r.code, 3, "{r}");
    assert!(r.stderr.contains("spec.email: Duplicate value"), "{r}");
    assert!(r.stderr.contains("already used by user \"carol\""), "{r}");
    assert_eq!(
        loftctl(
            &server,
            &["user", "create", "dave", "--email", "d@example.com"]
        )
        .code,
        0
    );
    let r = loftctl(
        &server,
        &[
            "user",
            "patch",
            "dave",
            "-p",
            r#"{"spec":{"email":"c@example.com"}}"#,
        ],
    );
    assert_eq!(r.code, 3, "{r}");
    // The same user may keep its own email.
    let r = loftctl(
        &server,
        &[
            "user",
            "patch",
            "carol",
            "-p",
            r#"{"spec":{"email":"c@example.com","displayName":"C"}}"#,
        ],
    );
    assert_eq!(r.code, 0, "{r}");
    if let Some(mut kubectl) = server.kubectl() {
        let r = run_with_stdin(
            kubectl.args(["create", "-f", "-"]),
            "apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: erin\nspec:\n  email: c@example.com\n",
        );
        assert_ne!(r.code, 0, "{r}");
        assert!(r.stderr.contains("is invalid"), "{r}");
    }
}

#[tokio::test]
async fn user_subresources_answer_lofts_shapes() {
    let server = DevServer::start();
    let r = loftctl(
        &server,
        &[
            "user",
            "create",
            "frank",
            "--email",
            "f@example.com",
            "--cluster-role",
            "loft-management-view",
        ],
    );
    assert_eq!(r.code, 0, "{r}");
    let made = create_key(
        &server,
        ADMIN_KEY,
        "franks",
        json!({"user": "frank", "ttl": 3600}),
    )
    .await;
    let key = made["spec"]["key"].as_str().unwrap().to_string();

    let get = |sub: &'static str, as_key: String| {
        let server = &server;
        async move {
            call(
                server,
                &as_key,
                "GET",
                &format!("{GV}/users/frank/{sub}"),
                Value::Null,
            )
            .await
        }
    };
    let (code, keys) = get("accesskeys", key.clone()).await;
    assert_eq!(code, 200, "{keys}");
    assert_eq!(keys["kind"], "UserAccessKeys");
    assert_keys_within(&keys, "UserAccessKeys");
    let items = keys["accessKeys"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["metadata"]["name"], "franks");
    assert!(items[0]["spec"].get("key").is_none(), "{keys}");
    assert_keys_within(&items[0], "OwnedAccessKey");

    let (code, clusters) = get("clusters", key.clone()).await;
    assert_eq!(code, 200);
    assert_keys_within(&clusters, "UserClusters");
    assert_eq!(clusters["clusters"], json!([]));

    let (code, perms) = get("permissions", key.clone()).await;
    assert_eq!(code, 200);
    assert_keys_within(&perms, "UserPermissions");
    assert_eq!(
        perms["clusterRoles"],
        json!([{"clusterRole": "loft-management-view"}])
    );
    assert_eq!(perms["teamMemberships"], json!([]));

    let (code, profile) = get("profile", key.clone()).await;
    assert_eq!(code, 200);
    assert_keys_within(&profile, "UserProfile");
    assert_eq!(profile["email"], "f@example.com");

    // Another non-admin does not see frank's keys.
    let (code, _) = get("accesskeys", READONLY_KEY.to_string()).await;
    assert_eq!(code, 403);

    // POST profile: frank sets a display name and a password, then needs it to change it.
    let post = |body: Value| {
        let server = &server;
        let key = key.clone();
        async move {
            call(
                server,
                &key,
                "POST",
                &format!("{GV}/users/frank/profile"),
                body,
            )
            .await
        }
    };
    let (code, out) = post(json!({"displayName": "Frank F", "password": "s3cret"})).await;
    assert_eq!(code, 201, "{out}");
    assert_eq!(out["displayName"], "Frank F");
    assert!(out.get("password").is_none());
    let (code, out) = post(json!({"password": "other"})).await;
    assert_eq!(code, 422, "{out}");
    let (code, _) = post(json!({"password": "other", "currentPassword": "s3cret"})).await;
    assert_eq!(code, 201);
    let (code, _) = post(json!({"email": "c@x.io"})).await;
    assert_eq!(code, 201);
    let r = loftctl(
        &server,
        &[
            "user",
            "get",
            "frank",
            "-o",
            "jsonpath={.spec.displayName} {.spec.email}",
        ],
    );
    assert_eq!(r.stdout, "Frank F c@x.io", "{r}");
    let user = loftctl(&server, &["user", "get", "frank", "-o", "json"]).stdout;
    assert!(
        !user.contains("s3cret") && !user.contains("other"),
        "{user}"
    );

    // kubectl reads a subresource with --raw (a path from the host: the root included).
    if let Some(mut kubectl) = server.kubectl() {
        let r = run(kubectl.args([
            "get",
            "--raw",
            &format!("/kubernetes/management{GV}/users/frank/permissions"),
        ]));
        assert_eq!(r.code, 0, "{r}");
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(v["kind"], "UserPermissions");
    }
}

#[tokio::test]
async fn token_claims_carry_lofts_layout_and_follow_the_token_generation() {
    let server = DevServer::start();
    assert_eq!(loftctl(&server, &["user", "create", "gina"]).code, 0);
    let r = loftctl(
        &server,
        &[
            "user",
            "patch",
            "gina",
            "-p",
            r#"{"spec":{"tokenGeneration":3}}"#,
        ],
    );
    assert_eq!(r.code, 0, "{r}");
    let made = create_key(&server, ADMIN_KEY, "ginas", json!({"user": "gina"})).await;
    let key = made["spec"]["key"].as_str().unwrap().to_string();
    let uid = uid_of(&server, "gina");

    let r = loftctl_as(
        &server,
        &key,
        &["token", "create", "--ttl", "10m", "--project", "p1"],
    );
    assert_eq!(r.code, 0, "{r}");
    let token = r.stdout.trim().to_string();
    let text = loftctl(&server, &["token", "decode", &token]);
    assert!(
        text.stdout.contains(&format!(
            "loft.sh:\n  for User gina (uid {uid}), token generation 3\n  scope:\n    projects: p1\n"
        )),
        "{text}"
    );
    let json_out = loftctl(&server, &["token", "decode", &token, "-o", "json"]);
    let v: Value = serde_json::from_str(&json_out.stdout).unwrap();
    assert_eq!(
        v["claims"]["loft.sh"],
        json!({"uid": uid, "name": "gina", "kind": "User", "gen": 3,
               "scope": {"projects": [{"project": "p1"}]}})
    );

    // The dev-server takes its own tokens as bearer tokens, until the generation moves.
    assert_eq!(whoami(&server, &token)["status"]["user"]["name"], "gina");
    let r = loftctl(
        &server,
        &[
            "user",
            "patch",
            "gina",
            "-p",
            r#"{"spec":{"tokenGeneration":4}}"#,
        ],
    );
    assert_eq!(r.code, 0, "{r}");
    let r = loftctl_as(&server, &token, &["whoami"]);
    assert_eq!(r.code, 6, "an older generation: {r}");
    let r = loftctl_as(&server, &key, &["token", "create"]);
    let newer = r.stdout.trim().to_string();
    let v: Value =
        serde_json::from_str(&loftctl(&server, &["token", "decode", &newer, "-o", "json"]).stdout)
            .unwrap();
    assert_eq!(v["claims"]["loft.sh"]["gen"], 4);
    assert_eq!(whoami(&server, &newer)["status"]["user"]["name"], "gina");
}

#[test]
fn the_python_client_creates_a_key_and_uses_it() {
    let server = DevServer::start();
    let Some(mut py) = server.python("identity_key.py") else {
        return;
    };
    let r = run(py.arg("create"));
    assert_eq!(r.code, 0, "{r}");
    let out: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(out["created"]["spec"]["user"], "admin");
    assert!(
        out["created"]["spec"]["key"]
            .as_str()
            .is_some_and(|k| k.len() == 64)
    );
    assert!(out["listed"].get("key").is_none(), "{out}");
    assert_eq!(out["self"]["status"]["user"]["name"], "admin");
    assert_eq!(out["self"]["status"]["accessKey"], "py");
}

#[tokio::test]
async fn keys_survive_a_restart_with_state_and_the_file_holds_no_key() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.jsonl");
    let state_arg = state.to_str().unwrap();
    let key = {
        let server = DevServer::start_with(&["--state", state_arg]);
        // Made with real kubectl when installed (its create goes through the server's
        // OpenAPI), else with the kube crate.
        let key = match server.kubectl() {
            Some(mut kubectl) => {
                let r = run_with_stdin(
                    kubectl.args(["create", "-f", "-", "-o", "jsonpath={.spec.key}"]),
                    "apiVersion: management.loft.sh/v1\nkind: OwnedAccessKey\nmetadata:\n  name: kept\nspec:\n  displayName: Kept\n",
                );
                assert_eq!(r.code, 0, "{r}");
                r.stdout
            }
            None => create_key(&server, ADMIN_KEY, "kept", json!({})).await["spec"]["key"]
                .as_str()
                .unwrap()
                .to_string(),
        };
        assert_eq!(key.len(), 64);
        key
    };
    let server = DevServer::start_with(&["--state", state_arg]);
    let me = whoami(&server, &key);
    assert_eq!(me["status"]["accessKey"], "kept");
    assert_eq!(me["status"]["user"]["name"], "admin");
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
        assert!(!text.contains(&key), "a state file holds the key");
    }
}
