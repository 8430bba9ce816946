"""kube-apiserver semantics of the dev-server, checked with the official Python client.

Usage: server_semantics.py SCENARIO. Prints "ok" and exits 0 when every check holds;
an AssertionError (exit 1) says which did not.
"""

import json
import os
import sys
import threading

import urllib3
from kubernetes import client, dynamic, watch
from kubernetes.client.exceptions import ApiException

urllib3.disable_warnings()

G, V, USERS = "management.loft.sh", "v1", "users"


def api_client():
    cfg = client.Configuration()
    cfg.host = os.environ["LOFT_API"]
    cfg.verify_ssl = False
    cfg.api_key = {"authorization": os.environ["LOFT_ACCESS_KEY"]}
    cfg.api_key_prefix = {"authorization": "Bearer"}
    return client.ApiClient(cfg)


API = api_client()
CO = client.CustomObjectsApi(API)


def user(name, **meta):
    m = {"name": name}
    m.update(meta)
    return {"apiVersion": f"{G}/{V}", "kind": "User", "metadata": m, "spec": {"username": name}}


def create(name, **meta):
    return CO.create_cluster_custom_object(G, V, USERS, user(name, **meta))


def error_of(fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except ApiException as e:
        return e.status, json.loads(e.body)
    raise AssertionError(f"{fn.__name__} succeeded; an error was expected")


# The users every dev-server makes at start for its admin and read-only keys.
BUILTIN = {"admin", "viewer"}


def names(items):
    """The names of the items but the built-in users."""
    return [i["metadata"]["name"] for i in items if i["metadata"]["name"] not in BUILTIN]


def raw_lines(**query):
    """A watch of users read line by line (BOOKMARK and ERROR events included)."""
    resp = CO.list_cluster_custom_object(G, V, USERS, watch=True, _preload_content=False, **query)
    buf = b""
    for chunk in resp.stream(1024):
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            if line.strip():
                yield json.loads(line)


def delete_status():
    uid = create("alice")["metadata"]["uid"]
    answer = CO.delete_cluster_custom_object(G, V, USERS, "alice")
    assert answer["kind"] == "Status", answer
    assert answer["status"] == "Success", answer
    assert answer["details"] == {"name": "alice", "group": G, "kind": "users", "uid": uid}, answer
    assert error_of(CO.get_cluster_custom_object, G, V, USERS, "alice")[0] == 404
    # deletecollection answers the list of what it deleted.
    create("bob", labels={"team": "x"})
    create("carol", labels={"team": "y"})
    gone = CO.delete_collection_cluster_custom_object(G, V, USERS, label_selector="team=x")
    assert names(gone["items"]) == ["bob"], gone
    left = CO.list_cluster_custom_object(G, V, USERS)
    assert names(left["items"]) == ["carol"], left


def finalizers():
    created = create("alice", finalizers=["example.com/hold"])
    rv = created["metadata"]["resourceVersion"]
    events = []

    def collect():
        for ev in raw_lines(resource_version=rv, timeout_seconds=10):
            events.append((ev["type"], ev["object"]["metadata"]))
            if ev["type"] == "DELETED":
                return

    t = threading.Thread(target=collect)
    t.start()
    answer = CO.delete_cluster_custom_object(G, V, USERS, "alice")
    assert answer["kind"] == "User", answer
    meta = answer["metadata"]
    assert meta.get("deletionTimestamp"), meta
    assert meta.get("deletionGracePeriodSeconds") == 0, meta
    still = CO.get_cluster_custom_object(G, V, USERS, "alice")
    assert still["metadata"]["finalizers"] == ["example.com/hold"], still
    # No new finalizer once the deletion started.
    code, status = error_of(
        CO.patch_cluster_custom_object, G, V, USERS, "alice",
        {"metadata": {"finalizers": ["example.com/hold", "example.com/more"]}},
    )
    assert code == 422 and "no new finalizers" in status["message"], status
    # Deleting again changes nothing.
    again = CO.delete_cluster_custom_object(G, V, USERS, "alice")
    assert again["metadata"]["deletionTimestamp"] == meta["deletionTimestamp"], again
    # Removing the last finalizer deletes it.
    CO.patch_cluster_custom_object(G, V, USERS, "alice", {"metadata": {"finalizers": None}})
    assert error_of(CO.get_cluster_custom_object, G, V, USERS, "alice")[0] == 404
    t.join(15)
    kinds = [k for k, _ in events]
    assert kinds == ["MODIFIED", "DELETED"], events
    assert events[0][1].get("deletionTimestamp"), events


def rejections():
    alice = create("alice")
    # A changed uid is refused.
    changed = dict(alice)
    changed["metadata"] = dict(alice["metadata"], uid="00000000-0000-4000-8000-000000000000")
    code, status = error_of(CO.replace_cluster_custom_object, G, V, USERS, "alice", changed)
    assert code == 422 and status["reason"] == "Invalid", status
    assert "metadata.uid" in status["message"] and "field is immutable" in status["message"], status
    # An update without a resourceVersion is unconditional, as Loft's server allows.
    fresh = CO.get_cluster_custom_object(G, V, USERS, "alice")
    del fresh["metadata"]["resourceVersion"]
    fresh["spec"]["email"] = "alice@example.com"
    CO.replace_cluster_custom_object(G, V, USERS, "alice", fresh)
    # A create with a resourceVersion fails as kube-apiserver's storage fails it.
    code, status = error_of(CO.create_cluster_custom_object, G, V, USERS, user("bob", resourceVersion="7"))
    assert code == 500, (code, status)
    assert status["message"] == "resourceVersion should not be set on objects to be created", status
    assert error_of(CO.get_cluster_custom_object, G, V, USERS, "bob")[0] == 404
    # Unknown option values.
    code, status = error_of(CO.delete_cluster_custom_object, G, V, USERS, "alice", propagation_policy="Bogus")
    assert code == 422 and "propagationPolicy" in status["message"], status
    assert status["details"]["kind"] == "DeleteOptions", status
    CO.get_cluster_custom_object(G, V, USERS, "alice")
    code, status = error_of(CO.create_cluster_custom_object, G, V, USERS, user("carol"), dry_run="Bogus")
    assert code == 422 and "dryRun" in status["message"], status
    token = {"apiVersion": f"{G}/{V}", "kind": "DirectClusterEndpointToken", "metadata": {"name": "t"}, "spec": {"ttl": 60}}
    code, status = error_of(CO.create_cluster_custom_object, G, V, "directclusterendpointtokens", token, dry_run="Bogus")
    assert code == 422 and "dryRun" in status["message"], status
    assert "token" not in json.dumps(status.get("details", {})), status


def paging():
    for n in ["a", "b", "c", "d", "e"]:
        create(n)
    first = CO.list_cluster_custom_object(G, V, USERS, limit=2)
    rv = first["metadata"]["resourceVersion"]
    # Changes after the first page are not part of this list.
    create("bb")
    create("zz")
    CO.delete_cluster_custom_object(G, V, USERS, "e")
    CO.patch_cluster_custom_object(G, V, USERS, "d", {"spec": {"email": "d@example.com"}})
    seen = names(first["items"])
    # remainingItemCount counts the list as of the first page (built-in users included).
    total = len(first["items"]) + first["metadata"]["remainingItemCount"]
    got = len(first["items"])
    token = first["metadata"].get("_continue") or first["metadata"].get("continue")
    while token:
        page = CO.list_cluster_custom_object(G, V, USERS, limit=2, _continue=token)
        assert page["metadata"]["resourceVersion"] == rv, page["metadata"]
        seen += names(page["items"])
        got += len(page["items"])
        for item in page["items"]:
            if item["metadata"]["name"] == "d":
                assert "email" not in item["spec"], item
        token = page["metadata"].get("continue")
        if token:
            assert page["metadata"]["remainingItemCount"] == total - got, (page["metadata"], total, got)
        else:
            assert "remainingItemCount" not in page["metadata"], page["metadata"]
    assert seen == ["a", "b", "c", "d", "e"], seen
    assert got == total == 5 + len(BUILTIN), (got, total)
    # As kube-apiserver: a list with a selector is not counted.
    labelled = CO.list_cluster_custom_object(G, V, USERS, limit=1, label_selector="!nothing")
    assert labelled["metadata"].get("continue"), labelled["metadata"]
    assert "remainingItemCount" not in labelled["metadata"], labelled["metadata"]
    # resourceVersionMatch=Exact reads the list as of that version.
    exact = CO.list_cluster_custom_object(G, V, USERS, resource_version=rv, resource_version_match="Exact")
    assert names(exact["items"]) == ["a", "b", "c", "d", "e"], exact
    assert exact["metadata"]["resourceVersion"] == rv
    latest = CO.list_cluster_custom_object(G, V, USERS, resource_version=rv, resource_version_match="NotOlderThan")
    assert names(latest["items"]) == ["a", "b", "bb", "c", "d", "zz"], latest
    code, status = error_of(CO.list_cluster_custom_object, G, V, USERS, resource_version_match="Exact")
    assert code == 422 and "resourceVersionMatch" in status["message"], status
    code, status = error_of(CO.list_cluster_custom_object, G, V, USERS, resource_version="999999", resource_version_match="NotOlderThan")
    assert code == 504, (code, status)
    code, status = error_of(CO.list_cluster_custom_object, G, V, USERS, resource_version="1", resource_version_match="Bogus")
    assert code == 422, (code, status)


def bookmarks():
    create("alice")
    seen = []
    for ev in raw_lines(allow_watch_bookmarks=True, timeout_seconds=10):
        if ev["object"].get("metadata", {}).get("name") in BUILTIN:
            continue
        seen.append(ev["type"])
        if ev["type"] == "BOOKMARK":
            assert ev["object"]["kind"] == "User", ev
            assert int(ev["object"]["metadata"]["resourceVersion"]) >= 2, ev
            break
    assert seen == ["ADDED", "BOOKMARK"], seen


def gone():
    # The server keeps 3 events (--watch-history 3).
    for n in ["a", "b", "c", "d", "e", "f"]:
        create(n)
    first = next(raw_lines(resource_version="2", timeout_seconds=5))
    assert first["type"] == "ERROR", first
    assert first["object"]["code"] == 410 and first["object"]["reason"] == "Expired", first
    # The Python client's watch turns it into an ApiException 410.
    try:
        for _ in watch.Watch().stream(CO.list_cluster_custom_object, G, V, USERS, resource_version="2", timeout_seconds=5):
            pass
        raise AssertionError("the watch from an expired resourceVersion did not fail")
    except ApiException as e:
        assert e.status == 410, e
    # A continue token older than the history: 410 too.
    page = CO.list_cluster_custom_object(G, V, USERS, limit=2)
    for n in ["g", "h", "i", "j"]:
        create(n)
    code, status = error_of(CO.list_cluster_custom_object, G, V, USERS, limit=2, _continue=page["metadata"]["continue"])
    assert code == 410 and status["reason"] == "Expired", (code, status)


def openapi():
    http = urllib3.PoolManager(cert_reqs="CERT_NONE")
    auth = {"Authorization": "Bearer " + os.environ["LOFT_ACCESS_KEY"]}
    base = os.environ["LOFT_API"]

    def get(path, accept):
        return http.request("GET", base + path, headers=dict(auth, Accept=accept))

    proto = get("/openapi/v2", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf")
    assert proto.status == 200 and "protobuf" in proto.headers["Content-Type"], proto.headers
    assert proto.data[:5] == b"\x0a\x032.0", proto.data[:16]
    assert get("/openapi/v2", "application/x-bogus").status == 406
    v2 = json.loads(get("/openapi/v2", "application/json").data)
    defs = v2["definitions"]
    mgmt, meta = "com.github.loft-sh.api.v4.pkg.apis.management.v1", "io.k8s.apimachinery.pkg.apis.meta.v1"
    for d in [f"{mgmt}.UserList", f"{mgmt}.Self", f"{mgmt}.DirectClusterEndpointToken", f"{meta}.Status", f"{meta}.DeleteOptions", f"{meta}.WatchEvent"]:
        assert d in defs, d
    paths = v2["paths"]
    users = paths[f"/apis/{G}/{V}/users"]
    assert users["get"]["responses"]["200"]["schema"]["$ref"] == f"#/definitions/{mgmt}.UserList"
    listed = {p["name"] for p in users["get"]["parameters"]}
    for q in ["labelSelector", "fieldSelector", "limit", "continue", "resourceVersion", "resourceVersionMatch", "watch", "allowWatchBookmarks", "timeoutSeconds"]:
        assert q in listed, q
    one = paths[f"/apis/{G}/{V}/users/{{name}}"]
    assert one["delete"]["responses"]["200"]["schema"]["$ref"] == f"#/definitions/{meta}.Status"
    assert {p["name"] for p in one["delete"]["parameters"]} >= {"propagationPolicy", "dryRun", "gracePeriodSeconds"}
    assert {p["name"] for p in one["patch"]["parameters"]} >= {"dryRun", "fieldManager", "fieldValidation", "force"}
    assert "application/strategic-merge-patch+json" in one["patch"]["consumes"]
    tokens = paths[f"/apis/{G}/{V}/directclusterendpointtokens"]
    assert sorted(k for k in tokens if k != "parameters") == ["post"], tokens.keys()
    root = json.loads(get("/openapi/v3", "application/json").data)
    url = root["paths"][f"apis/{G}/{V}"]["serverRelativeURL"]
    v3 = json.loads(http.request("GET", base + url, headers=dict(auth, Accept="application/json")).data)
    assert '"$ref": ""' not in json.dumps(v3)
    v3users = v3["paths"][f"/apis/{G}/{V}/users"]
    schema = v3users["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"] == f"#/components/schemas/{mgmt}.UserList", schema
    assert "limit" in {p["name"] for p in v3users["get"]["parameters"]}
    for path in [f"/apis/{G}/{V}/directclusterendpointtokens", f"/apis/{G}/{V}/selves"]:
        assert sorted(k for k in v3["paths"][path] if k != "parameters") == ["post"], path


def discovery():
    dyn = dynamic.DynamicClient(API)
    users = dyn.resources.get(api_version=f"{G}/{V}", kind="User")
    assert users.name == "users" and not users.namespaced
    users.create(body=user("dora"))
    got = users.get(name="dora")
    assert got.metadata.name == "dora"
    users.patch(name="dora", body={"spec": {"email": "dora@example.com"}}, content_type="application/merge-patch+json")
    assert users.get(name="dora").spec.email == "dora@example.com"
    listed = users.get()
    assert [u.metadata.name for u in listed.items if u.metadata.name not in BUILTIN] == ["dora"]
    status = users.delete(name="dora")
    assert status.kind == "Status" and status.status == "Success", status


def unique_emails():
    """An email is unique across users, compared without regard to case (Loft documents
    the uniqueness; the 422 and the case rule are the dev-server's choice). A changed or
    deleted user's email is free again; a dry run reserves nothing."""
    CO.create_cluster_custom_object(G, V, USERS, {**user("ann"), "spec": {"email": "Ann@Example.com"}})
    code, status = error_of(CO.create_cluster_custom_object, G, V, USERS,
                            {**user("bea"), "spec": {"email": "ann@example.COM"}})
    assert code == 422 and status["reason"] == "Invalid", (code, status)
    assert 'already used by user "ann"' in status["message"], status
    assert status["details"]["causes"][0]["field"] == "spec.email", status
    CO.create_cluster_custom_object(G, V, USERS, {**user("cat"), "spec": {"email": "cat@x.io"}}, dry_run="All")
    CO.create_cluster_custom_object(G, V, USERS, {**user("dan"), "spec": {"email": "CAT@x.io"}})
    CO.patch_cluster_custom_object(G, V, USERS, "ann", {"spec": {"email": "ann2@example.com"}})
    CO.create_cluster_custom_object(G, V, USERS, {**user("bea"), "spec": {"email": "ann@example.com"}})
    code, _ = error_of(CO.patch_cluster_custom_object, G, V, USERS, "dan", {"spec": {"email": "ANN2@example.com"}})
    assert code == 422, code
    CO.delete_cluster_custom_object(G, V, USERS, "ann")
    CO.patch_cluster_custom_object(G, V, USERS, "dan", {"spec": {"email": "ann2@example.com"}})


def request_options():
    """CreateOptions and PatchOptions as kube-apiserver checks them (ValidateFieldManager,
    ValidatePatchOptions): 422 in meta.k8s.io, every cause listed, nothing written."""
    def invalid(status, kind, reason):
        assert status["reason"] == "Invalid", status
        assert status["details"]["kind"] == kind and status["details"]["group"] == "meta.k8s.io", status
        assert status["details"]["causes"][0]["reason"] == reason, status

    code, status = error_of(CO.create_cluster_custom_object, G, V, USERS, user("fm"), field_manager="m" * 129)
    assert code == 422, (code, status)
    assert status["message"] == 'CreateOptions.meta.k8s.io "" is invalid: fieldManager: Too long: must have at most 128 bytes', status
    invalid(status, "CreateOptions", "FieldValueTooLong")
    code, status = error_of(CO.create_cluster_custom_object, G, V, USERS, user("fm"), field_manager="a\tb")
    assert code == 422 and 'fieldManager: Invalid value: "a\\tb": invalid character' in status["message"], (code, status)
    invalid(status, "CreateOptions", "FieldValueInvalid")
    assert error_of(CO.get_cluster_custom_object, G, V, USERS, "fm")[0] == 404
    made = CO.create_cluster_custom_object(G, V, USERS, user("fm"), field_manager="m" * 128)
    assert [e["manager"] for e in made["metadata"]["managedFields"]] == ["m" * 128], made["metadata"]

    users = dynamic.DynamicClient(API).resources.get(api_version=f"{G}/{V}", kind="User")
    try:
        users.server_side_apply(body=user("fm2"))
        raise AssertionError("an apply without fieldManager succeeded")
    except ApiException as e:
        status = json.loads(e.body)
        assert e.status == 422, (e.status, status)
    assert status["message"] == 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', status
    invalid(status, "PatchOptions", "FieldValueRequired")
    assert error_of(CO.get_cluster_custom_object, G, V, USERS, "fm2")[0] == 404
    code, status = error_of(CO.patch_cluster_custom_object, G, V, USERS, "fm", {"spec": {"email": "fm@x.io"}}, force=True)
    assert code == 422, (code, status)
    assert status["message"] == 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch', status
    invalid(status, "PatchOptions", "FieldValueForbidden")
    assert "email" not in CO.get_cluster_custom_object(G, V, USERS, "fm")["spec"]


SCENARIOS = {f.__name__: f for f in [delete_status, finalizers, rejections, paging, bookmarks, gone, openapi, discovery, unique_emails, request_options]}

if __name__ == "__main__":
    SCENARIOS[sys.argv[1]]()
    print("ok")
