//! The dev-server driven with the `kube` crate's client: paging, watch resumption,
//! conflicts, dry-run, field validation, apply patches, 401/403, tokens and faults.

use crate::common;

use common::{ADMIN_KEY, DevServer, READONLY_KEY};
use futures::{StreamExt, TryStreamExt};
use kube::api::{
    Api, DeleteParams, ListParams, Patch, PatchParams, PostParams, WatchEvent, WatchParams,
};
use loftctl::api::{DirectClusterEndpointToken, Self_, User};
use serde_json::{Value, json};

fn client(server: &DevServer, key: &str) -> kube::Client {
    crate::common::kube_client(server, key)
}

fn users(server: &DevServer) -> Api<User> {
    Api::all(client(server, ADMIN_KEY))
}

fn user(name: &str, email: &str) -> User {
    let mut u = User::new(name);
    u.spec.email = Some(email.to_string());
    u
}

fn api_err(e: kube::Error) -> kube::core::Status {
    match e {
        kube::Error::Api(s) => *s,
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// A raw request through the client; returns (status, warning headers, body).
async fn raw(
    client: &kube::Client,
    method: &str,
    path: &str,
    content_type: &str,
    body: Value,
) -> (u16, Vec<String>, Value) {
    let req = http::Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", content_type)
        .body(serde_json::to_vec(&body).unwrap())
        .unwrap();
    let resp = client
        .send(req.map(kube::client::Body::from))
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let warnings = resp
        .headers()
        .get_all("warning")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    let bytes = http_body_util::BodyExt::collect(resp.into_body())
        .await
        .unwrap()
        .to_bytes();
    (
        status,
        warnings,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn paging_with_limit_and_continue() {
    let server = DevServer::start();
    let api = users(&server);
    for i in 0..25 {
        api.create(
            &PostParams::default(),
            &user(&format!("user-{i:02}"), &format!("u{i}@b.c")),
        )
        .await
        .unwrap();
    }
    let first = api.list(&ListParams::default().limit(10)).await.unwrap();
    assert_eq!(first.items.len(), 10);
    // 27 users: the 25 and the built-in admin and viewer.
    assert_eq!(first.metadata.remaining_item_count, Some(17));
    let list_rv = first.metadata.resource_version.clone().unwrap();
    let mut names: Vec<String> = first
        .items
        .iter()
        .map(|u| u.metadata.name.clone().unwrap())
        .collect();
    let mut token = first.metadata.continue_.clone();
    let mut pages = 1;
    while let Some(t) = token.filter(|t| !t.is_empty()) {
        let page = api
            .list(&ListParams::default().limit(10).continue_token(&t))
            .await
            .unwrap();
        // Every page reports the resourceVersion of the first.
        assert_eq!(
            page.metadata.resource_version.as_deref(),
            Some(list_rv.as_str())
        );
        names.extend(page.items.iter().map(|u| u.metadata.name.clone().unwrap()));
        token = page.metadata.continue_.clone();
        pages += 1;
    }
    assert_eq!(pages, 3);
    let expected: Vec<String> = std::iter::once("admin".to_string())
        .chain((0..25).map(|i| format!("user-{i:02}")))
        .chain(std::iter::once("viewer".to_string()))
        .collect();
    assert_eq!(names, expected);

    let err = api_err(
        api.list(&ListParams::default().continue_token("not-a-token"))
            .await
            .unwrap_err(),
    );
    assert_eq!((err.code, err.reason.as_str()), (400, "BadRequest"));

    let err = api_err(
        api.list(&ListParams::default().labels("a in b"))
            .await
            .unwrap_err(),
    );
    assert_eq!(err.code, 400);
    assert!(
        err.message.starts_with("unable to parse requirement"),
        "{}",
        err.message
    );
}

#[tokio::test]
async fn watch_resumes_from_a_resource_version() {
    let server = DevServer::start();
    let api = users(&server);
    let a = api
        .create(&PostParams::default(), &user("a", "1@x"))
        .await
        .unwrap();
    let rv = a.metadata.resource_version.clone().unwrap();
    let patch = |email: &str| json!({"spec": {"email": email}});
    api.patch("a", &PatchParams::default(), &Patch::Merge(patch("2@x")))
        .await
        .unwrap();
    api.patch("a", &PatchParams::default(), &Patch::Merge(patch("3@x")))
        .await
        .unwrap();
    api.create(&PostParams::default(), &user("b", "b@x"))
        .await
        .unwrap();
    api.delete("b", &DeleteParams::default()).await.unwrap();

    let stream = api
        .watch(&WatchParams::default(), &rv)
        .await
        .unwrap()
        .boxed();
    let events: Vec<WatchEvent<User>> = stream.take(4).try_collect().await.unwrap();
    let seen: Vec<(String, String, Option<String>)> = events
        .into_iter()
        .map(|e| match e {
            WatchEvent::Added(u) => ("ADDED".into(), u.metadata.name.unwrap(), u.spec.email),
            WatchEvent::Modified(u) => ("MODIFIED".into(), u.metadata.name.unwrap(), u.spec.email),
            WatchEvent::Deleted(u) => ("DELETED".into(), u.metadata.name.unwrap(), u.spec.email),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), Some(c.to_string()));
    assert_eq!(
        seen,
        vec![
            s("MODIFIED", "a", "2@x"),
            s("MODIFIED", "a", "3@x"),
            s("ADDED", "b", "b@x"),
            s("DELETED", "b", "b@x"),
        ]
    );

    // A label-selected watch sees an object that starts matching as ADDED.
    let lp = WatchParams::default().labels("team=x");
    let now = api
        .get("a")
        .await
        .unwrap()
        .metadata
        .resource_version
        .unwrap();
    let mut stream = api.watch(&lp, &now).await.unwrap().boxed();
    api.patch(
        "a",
        &PatchParams::default(),
        &Patch::Merge(json!({"metadata": {"labels": {"team": "x"}}})),
    )
    .await
    .unwrap();
    match stream.try_next().await.unwrap() {
        Some(WatchEvent::Added(u)) => assert_eq!(u.metadata.name.as_deref(), Some("a")),
        other => panic!("expected ADDED, got {other:?}"),
    }
}

#[tokio::test]
async fn conflicts_and_already_exists() {
    let server = DevServer::start();
    let api = users(&server);
    let created = api
        .create(&PostParams::default(), &user("carol", "c@x"))
        .await
        .unwrap();
    assert_eq!(created.metadata.generation, Some(1));
    let mut stale = created.clone();
    let mut fresh = created.clone();
    fresh.spec.email = Some("new@x".into());
    let updated = api
        .replace("carol", &PostParams::default(), &fresh)
        .await
        .unwrap();
    assert_eq!(updated.metadata.generation, Some(2));
    assert_eq!(updated.metadata.uid, created.metadata.uid);
    assert!(
        updated
            .metadata
            .resource_version
            .unwrap()
            .parse::<u64>()
            .unwrap()
            > created
                .metadata
                .resource_version
                .unwrap()
                .parse::<u64>()
                .unwrap()
    );

    stale.spec.display_name = Some("Carol".into());
    let err = api_err(
        api.replace("carol", &PostParams::default(), &stale)
            .await
            .unwrap_err(),
    );
    assert_eq!(err.code, 409);
    assert_eq!(err.reason, "Conflict");
    assert_eq!(
        err.message,
        "Operation cannot be fulfilled on users.management.loft.sh \"carol\": the object has been modified; please apply your changes to the latest version and try again"
    );
    let details = err.details.unwrap();
    assert_eq!(details.name, "carol");
    assert_eq!(details.group, "management.loft.sh");
    assert_eq!(details.kind, "users");

    let err = api_err(
        api.create(&PostParams::default(), &user("carol", "x"))
            .await
            .unwrap_err(),
    );
    assert_eq!((err.code, err.reason.as_str()), (409, "AlreadyExists"));
    assert_eq!(
        err.message,
        "users.management.loft.sh \"carol\" already exists"
    );

    let err = api_err(api.get("nobody").await.unwrap_err());
    assert_eq!((err.code, err.reason.as_str()), (404, "NotFound"));
    assert_eq!(err.message, "users.management.loft.sh \"nobody\" not found");

    let err = api_err(
        api.create(&PostParams::default(), &user("Bad_Name", "x"))
            .await
            .unwrap_err(),
    );
    assert_eq!((err.code, err.reason.as_str()), (422, "Invalid"));
    assert!(
        err.message.starts_with(
            "User.management.loft.sh \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain"
        ),
        "{}",
        err.message
    );

    // generateName picks a free name.
    let mut g = User::new("");
    g.metadata.name = None;
    g.metadata.generate_name = Some("gen-".into());
    let made = api.create(&PostParams::default(), &g).await.unwrap();
    let name = made.metadata.name.unwrap();
    assert!(name.starts_with("gen-") && name.len() == 9, "{name}");
}

#[tokio::test]
async fn dry_run_changes_nothing() {
    let server = DevServer::start();
    let api = users(&server);
    let dry = PostParams {
        dry_run: true,
        ..Default::default()
    };
    let out = api.create(&dry, &user("dora", "d@x")).await.unwrap();
    assert_eq!(out.spec.email.as_deref(), Some("d@x"));
    assert_eq!(api_err(api.get("dora").await.unwrap_err()).code, 404);

    api.create(&PostParams::default(), &user("dora", "d@x"))
        .await
        .unwrap();
    let rv = api.get("dora").await.unwrap().metadata.resource_version;
    let dp = DeleteParams {
        dry_run: true,
        ..Default::default()
    };
    api.delete("dora", &dp).await.unwrap();
    api.patch(
        "dora",
        &PatchParams {
            dry_run: true,
            ..Default::default()
        },
        &Patch::Merge(json!({"spec": {"email": "changed@x"}})),
    )
    .await
    .unwrap();
    let after = api.get("dora").await.unwrap();
    assert_eq!(after.spec.email.as_deref(), Some("d@x"));
    assert_eq!(after.metadata.resource_version, rv);
}

#[tokio::test]
async fn field_validation_strict_warn_ignore() {
    let server = DevServer::start();
    let client = client(&server, ADMIN_KEY);
    let body = |name: &str| {
        json!({"apiVersion": "management.loft.sh/v1", "kind": "User",
               "metadata": {"name": name}, "spec": {"email": format!("{name}@x"), "emial": "typo"}})
    };
    let path = "/apis/management.loft.sh/v1/users";
    let (code, _, status) = raw(
        &client,
        "POST",
        &format!("{path}?fieldValidation=Strict"),
        "application/json",
        body("s"),
    )
    .await;
    assert_eq!(code, 400);
    assert_eq!(status["reason"], "BadRequest");
    assert_eq!(
        status["message"],
        "User in version \"v1\" cannot be handled as a User: strict decoding error: unknown field \"spec.emial\""
    );

    let (code, warnings, obj) = raw(
        &client,
        "POST",
        &format!("{path}?fieldValidation=Warn"),
        "application/json",
        body("w"),
    )
    .await;
    assert_eq!(code, 201);
    assert_eq!(warnings, [r#"299 - "unknown field \"spec.emial\"""#]);
    assert_eq!(obj["spec"], json!({"email": "w@x"}));

    let (code, warnings, obj) = raw(
        &client,
        "POST",
        &format!("{path}?fieldValidation=Ignore"),
        "application/json",
        body("i"),
    )
    .await;
    assert_eq!(code, 201);
    assert!(warnings.is_empty());
    assert_eq!(obj["spec"], json!({"email": "i@x"}));

    // A patch type the server does not know.
    let (code, _, status) = raw(
        &client,
        "PATCH",
        &format!("{path}/w"),
        "application/xml",
        json!({}),
    )
    .await;
    assert_eq!(code, 415);
    assert_eq!(status["reason"], "UnsupportedMediaType");

    // Unknown paths and methods.
    let (code, _, status) = raw(
        &client,
        "GET",
        "/apis/management.loft.sh/v1/teams",
        "",
        json!({}),
    )
    .await;
    assert_eq!((code, status["reason"].as_str()), (404, Some("NotFound")));
    let (code, _, _) = raw(
        &client,
        "GET",
        "/apis/management.loft.sh/v1/directclusterendpointtokens",
        "",
        json!({}),
    )
    .await;
    assert_eq!(code, 405);
}

#[tokio::test]
async fn server_side_apply_owns_fields_and_conflicts() {
    let server = DevServer::start();
    let api = users(&server);
    let config = |email: &str, display: Option<&str>| {
        let mut spec = json!({"email": email});
        if let Some(d) = display {
            spec["displayName"] = json!(d);
        }
        json!({"apiVersion": "management.loft.sh/v1", "kind": "User",
               "metadata": {"name": "erin"}, "spec": spec})
    };
    let created = api
        .patch(
            "erin",
            &PatchParams::apply("ci"),
            &Patch::Apply(config("e@x", Some("Erin"))),
        )
        .await
        .unwrap();
    assert_eq!(created.spec.email.as_deref(), Some("e@x"));
    let mf = created.metadata.managed_fields.clone().unwrap();
    assert_eq!(mf.len(), 1);
    assert_eq!(mf[0].manager.as_deref(), Some("ci"));
    assert_eq!(mf[0].operation.as_deref(), Some("Apply"));
    assert_eq!(
        mf[0].fields_v1.as_ref().unwrap().0,
        json!({"f:spec": {"f:displayName": {}, "f:email": {}}})
    );

    // Applying the same configuration again changes nothing.
    let again = api
        .patch(
            "erin",
            &PatchParams::apply("ci"),
            &Patch::Apply(config("e@x", Some("Erin"))),
        )
        .await
        .unwrap();
    assert_eq!(
        again.metadata.resource_version,
        created.metadata.resource_version
    );

    // Another manager takes spec.email with an update...
    let pp = PatchParams {
        field_manager: Some("editor".into()),
        ..Default::default()
    };
    api.patch(
        "erin",
        &pp,
        &Patch::Merge(json!({"spec": {"email": "editor@x"}})),
    )
    .await
    .unwrap();
    // ...so applying a different email conflicts,
    let err = api_err(
        api.patch(
            "erin",
            &PatchParams::apply("ci"),
            &Patch::Apply(config("mine@x", Some("Erin"))),
        )
        .await
        .unwrap_err(),
    );
    assert_eq!((err.code, err.reason.as_str()), (409, "Conflict"));
    assert_eq!(
        err.message,
        "Apply failed with 1 conflict: conflict with \"editor\" using management.loft.sh/v1: .spec.email"
    );
    // unless forced.
    let forced = api
        .patch(
            "erin",
            &PatchParams::apply("ci").force(),
            &Patch::Apply(config("mine@x", None)),
        )
        .await
        .unwrap();
    assert_eq!(forced.spec.email.as_deref(), Some("mine@x"));
    // displayName was applied before and no longer is: removed.
    assert_eq!(forced.spec.display_name, None);

    // JSON patch through the client.
    let p: json_patch::Patch = serde_json::from_value(json!([
        {"op": "add", "path": "/spec/username", "value": "erin"}
    ]))
    .unwrap();
    let out = api
        .patch("erin", &PatchParams::default(), &Patch::Json::<()>(p))
        .await
        .unwrap();
    assert_eq!(out.spec.username.as_deref(), Some("erin"));
}

#[tokio::test]
async fn unauthorized_and_forbidden() {
    let server = DevServer::start();
    let wrong: Api<User> = Api::all(client(&server, "wrong-key"));
    let err = api_err(wrong.list(&ListParams::default()).await.unwrap_err());
    assert_eq!(
        (err.code, err.reason.as_str(), err.message.as_str()),
        (401, "Unauthorized", "Unauthorized")
    );

    users(&server)
        .create(&PostParams::default(), &user("fay", "f@x"))
        .await
        .unwrap();
    let viewer: Api<User> = Api::all(client(&server, READONLY_KEY));
    assert_eq!(
        viewer
            .list(&ListParams::default())
            .await
            .unwrap()
            .items
            .len(),
        3,
        "fay and the built-in admin and viewer"
    );
    assert_eq!(
        viewer.get("fay").await.unwrap().spec.email.as_deref(),
        Some("f@x")
    );
    let err = api_err(
        viewer
            .create(&PostParams::default(), &user("gus", "g@x"))
            .await
            .unwrap_err(),
    );
    assert_eq!((err.code, err.reason.as_str()), (403, "Forbidden"));
    assert_eq!(
        err.message,
        "users.management.loft.sh is forbidden: User \"viewer\" cannot create resource \"users\" in API group \"management.loft.sh\" at the cluster scope"
    );
    let err = api_err(
        viewer
            .delete("fay", &DeleteParams::default())
            .await
            .unwrap_err(),
    );
    assert_eq!(err.code, 403);
    assert!(err.message.starts_with(
        "users.management.loft.sh \"fay\" is forbidden: User \"viewer\" cannot delete"
    ));

    let me: Api<Self_> = Api::all(client(&server, READONLY_KEY));
    let who = me
        .create(&PostParams::default(), &Self_::new())
        .await
        .unwrap();
    let status = who.status.unwrap();
    assert_eq!(status["user"]["name"], "viewer");
    assert_eq!(status["subject"], "viewer");
    assert!(status["uid"].as_str().is_some_and(|u| !u.is_empty()));
    assert!(status["accessKeyType"].is_string());
}

#[tokio::test]
async fn tokens_are_signed_with_the_given_key_and_carry_the_scope() {
    for key in [
        "dev-server-signing-key.pem",
        "dev-server-signing-key-pkcs1.pem",
    ] {
        let path = format!("{}/tests/fixtures/{key}", env!("CARGO_MANIFEST_DIR"));
        let server = DevServer::start_with(&["--signing-key", &path]);
        let api: Api<DirectClusterEndpointToken> = Api::all(client(&server, ADMIN_KEY));
        let scope = json!({"roles": [{"role": "vcluster", "projects": ["p1"]}], "clusters": [{"cluster": "c1"}]});
        let tok: DirectClusterEndpointToken = serde_json::from_value(json!({
            "apiVersion": "management.loft.sh/v1", "kind": "DirectClusterEndpointToken",
            "spec": {"ttl": 120, "scope": scope}
        }))
        .unwrap();
        let out = api.create(&PostParams::default(), &tok).await.unwrap();
        let jwt = out.status.unwrap().token.unwrap();

        let public = std::fs::read(format!(
            "{}/tests/fixtures/dev-server-signing-key.pub.pem",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let dk = jsonwebtoken::DecodingKey::from_rsa_pem(&public).unwrap();
        let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
        v.set_audience(&["loft"]);
        v.set_issuer(&[server.url.as_str()]);
        let data = jsonwebtoken::decode::<Value>(&jwt, &dk, &v).unwrap();
        let c = &data.claims;
        assert_eq!(c["sub"], "loft:user:admin");
        assert_eq!(c["aud"], json!(["loft"]));
        assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), 120);
        assert_eq!(c["nbf"], c["iat"]);
        assert!(c["jti"].as_str().is_some_and(|j| !j.is_empty()));
        let admin_uid = users(&server).get("admin").await.unwrap().metadata.uid;
        assert_eq!(
            c["loft.sh"],
            json!({"uid": admin_uid, "name": "admin", "kind": "User", "gen": 0, "scope": scope})
        );

        // The JWKS (public, like kube-apiserver's) holds the same key under the kid.
        let client = client(&server, "anyone");
        let (code, _, jwks) = raw(&client, "GET", "/openid/v1/jwks", "", Value::Null).await;
        assert_eq!(code, 200);
        let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_value(jwks["keys"][0].clone()).unwrap();
        assert_eq!(jwk.common.key_id, data.header.kid);
        let dk = jsonwebtoken::DecodingKey::from_jwk(&jwk).unwrap();
        jsonwebtoken::decode::<Value>(&jwt, &dk, &v).unwrap();
    }
}

#[tokio::test]
async fn token_ttl_defaults_to_an_hour_and_rejects_negatives() {
    let server = DevServer::start();
    let api: Api<DirectClusterEndpointToken> = Api::all(client(&server, ADMIN_KEY));
    let out = api
        .create(
            &PostParams::default(),
            &DirectClusterEndpointToken::new(Default::default()),
        )
        .await
        .unwrap();
    let jwt = out.status.unwrap().token.unwrap();
    let claims = jsonwebtoken::dangerous::insecure_decode::<Value>(&jwt)
        .unwrap()
        .claims;
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        3600
    );
    let admin_uid = users(&server).get("admin").await.unwrap().metadata.uid;
    assert_eq!(
        claims["loft.sh"],
        json!({"uid": admin_uid, "name": "admin", "kind": "User", "gen": 0})
    );

    let mut bad = DirectClusterEndpointToken::new(Default::default());
    bad.spec.ttl = Some(-5);
    let err = api_err(api.create(&PostParams::default(), &bad).await.unwrap_err());
    assert_eq!((err.code, err.reason.as_str()), (422, "Invalid"));
}

#[tokio::test]
async fn fault_rate_one_fails_every_resource_request_but_not_discovery() {
    let server = DevServer::start_with(&["--fault-rate", "1"]);
    let client = client(&server, ADMIN_KEY);
    let api: Api<User> = Api::all(client.clone());
    let mut codes = std::collections::BTreeSet::new();
    for _ in 0..60 {
        match api.list(&ListParams::default()).await {
            Err(kube::Error::Api(s)) => {
                assert!(s.code == 500 || s.code == 503, "{s:?}");
                codes.insert(s.code);
            }
            Err(_) => {
                codes.insert(0);
            }
            Ok(_) => panic!("a request succeeded with --fault-rate 1"),
        }
    }
    // 60 draws of three equally likely faults: all three kinds show up.
    assert_eq!(codes.into_iter().collect::<Vec<_>>(), [0, 500, 503]);
    let (code, _, _) = raw(
        &client,
        "GET",
        "/apis/management.loft.sh/v1",
        "",
        Value::Null,
    )
    .await;
    assert_eq!(code, 200);
}

#[tokio::test]
async fn delete_collection_by_label() {
    let server = DevServer::start();
    let api = users(&server);
    for (name, team) in [("h1", "x"), ("h2", "x"), ("h3", "y")] {
        let mut u = user(name, &format!("{name}@x"));
        u.metadata.labels = Some([("team".to_string(), team.to_string())].into());
        api.create(&PostParams::default(), &u).await.unwrap();
    }
    let gone = api
        .delete_collection(
            &DeleteParams::default(),
            &ListParams::default().labels("team=x"),
        )
        .await
        .unwrap();
    let deleted: Vec<String> = gone
        .left()
        .expect("the deleted list")
        .items
        .into_iter()
        .map(|u| u.metadata.name.unwrap())
        .collect();
    assert_eq!(deleted, ["h1", "h2"]);
    let left: Vec<String> = api
        .list(&ListParams::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|u| u.metadata.name.unwrap())
        .collect();
    assert_eq!(left, ["admin", "h3", "viewer"]);
}

#[tokio::test]
async fn patch_options_are_checked_as_kube_apiserver_does() {
    // ValidatePatchOptions: an apply needs a field manager, `force` is for apply only;
    // a 422 on PatchOptions.meta.k8s.io "", and nothing is written.
    let server = DevServer::start();
    let client = client(&server, ADMIN_KEY);
    let path = "/apis/management.loft.sh/v1/users/pat";
    let body = json!({"apiVersion": "management.loft.sh/v1", "kind": "User",
                      "metadata": {"name": "pat"}, "spec": {"email": "pat@x"}});
    let (code, _, status) = raw(
        &client,
        "PATCH",
        path,
        "application/apply-patch+yaml",
        body.clone(),
    )
    .await;
    assert_eq!(code, 422, "{status}");
    assert_eq!(
        status["message"],
        r#"PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch"#
    );
    assert_eq!(status["details"]["kind"], "PatchOptions");
    assert_eq!(status["details"]["group"], "meta.k8s.io");
    assert_eq!(
        status["details"]["causes"][0]["reason"],
        "FieldValueRequired"
    );
    let (code, _, _) = raw(&client, "GET", path, "", Value::Null).await;
    assert_eq!(code, 404, "nothing was written");

    let (code, _, status) = raw(
        &client,
        "PATCH",
        &format!("{path}?force=true"),
        "application/merge-patch+json",
        json!({"spec": {"email": "p@x"}}),
    )
    .await;
    assert_eq!(code, 422, "{status}");
    assert_eq!(
        status["message"],
        r#"PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch"#
    );
    assert_eq!(
        status["details"]["causes"][0]["reason"],
        "FieldValueForbidden"
    );
}
