//! Helpers for the `user get/edit/patch` integration tests: seed users straight through
//! the API (so these tests do not depend on `user create`), read them back raw.
#![allow(dead_code)]

use std::path::Path;

use kube::api::PostParams;
use serde_json::{Value, json};

use crate::common::{ADMIN_KEY, DevServer};

const USERS: &str = "/apis/management.loft.sh/v1/users";

fn client(server: &DevServer) -> kube::Client {
    crate::common::kube_client(server, ADMIN_KEY)
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// A User manifest.
pub fn user(name: &str, spec: Value) -> Value {
    json!({"apiVersion": "management.loft.sh/v1", "kind": "User",
           "metadata": {"name": name}, "spec": spec})
}

/// Create these users (16 requests at a time).
pub fn seed(server: &DevServer, users: Vec<Value>) {
    use futures::StreamExt;
    rt().block_on(async {
        let client = client(server);
        let req = kube::core::Request::new(USERS);
        let results: Vec<_> = futures::stream::iter(users)
            .map(|u| {
                let client = client.clone();
                let r = req
                    .create(&PostParams::default(), serde_json::to_vec(&u).unwrap())
                    .unwrap();
                async move { client.request_text(r).await }
            })
            .buffer_unordered(16)
            .collect()
            .await;
        for r in results {
            r.expect("seed user");
        }
    });
}

/// GET one user as the server has it.
pub fn fetch(server: &DevServer, name: &str) -> Value {
    rt().block_on(async {
        let client = client(server);
        let r = kube::core::Request::new(USERS)
            .get(name, &Default::default())
            .unwrap();
        serde_json::from_str(&client.request_text(r).await.unwrap()).unwrap()
    })
}

/// Write an executable shell script and return its path.
pub fn script(dir: &Path, name: &str, body: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\nset -e\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.to_string_lossy().into_owned()
}

/// Remove the fields a server sets on its own, to compare two reads of one object.
pub fn without_managed_fields(mut v: Value) -> Value {
    if let Some(m) = v["metadata"].as_object_mut() {
        m.remove("managedFields");
    }
    v
}
