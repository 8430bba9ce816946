//! The dev-server's kube-apiserver semantics, checked with the official Kubernetes
//! Python client (`tests/cli/python/server_semantics.py SCENARIO`): delete answers,
//! finalizers, rejected writes, consistent paging and `resourceVersionMatch`,
//! bookmarks, 410 for an expired resourceVersion, the OpenAPI documents, and the
//! dynamic client's discovery.

use crate::common;

use std::time::Duration;

use common::DevServer;
use common::watchdog::run_limited;

fn scenario(server: &DevServer, name: &str) {
    let Some(mut cmd) = server.python("server_semantics.py") else {
        return;
    };
    let r = run_limited(cmd.arg(name), None, Duration::from_secs(60));
    assert_eq!(
        (r.code, r.stdout.trim()),
        (0, "ok"),
        "{name}:\n{}\n{}",
        r.stdout,
        r.stderr
    );
}

#[test]
fn delete_answers_a_status() {
    scenario(&DevServer::start(), "delete_status");
}

#[test]
fn finalizers_hold_a_deletion_until_removed() {
    scenario(&DevServer::start(), "finalizers");
}

#[test]
fn writes_kube_apiserver_rejects_are_rejected() {
    scenario(&DevServer::start(), "rejections");
}

#[test]
fn create_and_patch_options_are_checked_as_kube_apiserver_does() {
    scenario(&DevServer::start(), "request_options");
}

#[test]
fn emails_are_unique_through_the_python_client() {
    scenario(&DevServer::start(), "unique_emails");
}

#[test]
fn paged_lists_are_one_snapshot_and_resource_version_match_works() {
    scenario(&DevServer::start(), "paging");
}

#[test]
fn watches_get_bookmarks() {
    scenario(
        &DevServer::start_with(&["--bookmark-interval", "200ms"]),
        "bookmarks",
    );
}

#[test]
fn an_expired_resource_version_is_410() {
    scenario(&DevServer::start_with(&["--watch-history", "3"]), "gone");
}

#[test]
fn openapi_documents_are_complete_and_negotiated() {
    scenario(&DevServer::start(), "openapi");
}

#[test]
fn the_dynamic_client_discovers_and_uses_users() {
    scenario(&DevServer::start(), "discovery");
}
