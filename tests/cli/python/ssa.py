"""Server-side apply field ownership, driven by the official Kubernetes Python client.

Usage: ssa.py SCENARIO. Each scenario asserts what kube-apiserver does and prints
"ok SCENARIO" last; an assertion failure exits non-zero with the reason.
"""

import json
import os
import sys

import urllib3
from kubernetes import client
from kubernetes.client.rest import ApiException
from kubernetes.dynamic import DynamicClient

urllib3.disable_warnings()

cfg = client.Configuration()
cfg.host = os.environ["LOFT_API"]
cfg.verify_ssl = False
cfg.api_key = {"authorization": "Bearer " + os.environ["LOFT_ACCESS_KEY"]}
api = client.ApiClient(cfg)
users = DynamicClient(api).resources.get(api_version="management.loft.sh/v1", kind="User")


def user(name, spec, labels=None):
    meta = {"name": name}
    if labels is not None:
        meta["labels"] = labels
    body = {"apiVersion": "management.loft.sh/v1", "kind": "User", "metadata": meta}
    if spec is not None:
        body["spec"] = spec
    return body


def ssa(body, manager, force=None, **kw):
    return users.server_side_apply(body=body, field_manager=manager, force_conflicts=force, **kw).to_dict()


def get(name):
    return users.get(name=name).to_dict()


def entry(obj, manager, op="Apply"):
    for e in obj["metadata"].get("managedFields") or []:
        if e["manager"] == manager and e["operation"] == op:
            return e
    return None


def fields(obj, manager, op="Apply"):
    e = entry(obj, manager, op)
    return e and e["fieldsV1"]


def conflict(body, manager):
    try:
        ssa(body, manager)
    except ApiException as e:
        assert e.status == 409, e
        return json.loads(e.body)
    raise AssertionError("the apply by %s did not conflict" % manager)


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def shrink():
    ssa(user("u1", {"email": "a@x.io"}), "a")
    got = ssa(user("u1", {"email": "a@x.io", "displayName": "Alice"}), "a")
    check(got["spec"].get("displayName") == "Alice", got)
    check(fields(got, "a") == {"f:spec": {"f:displayName": {}, "f:email": {}}}, got)
    got = ssa(user("u1", {"email": "a@x.io"}), "a")
    check("displayName" not in got["spec"], "displayName kept: %s" % got["spec"])
    check("displayName" not in get("u1")["spec"], "displayName stored")
    check(fields(got, "a") == {"f:spec": {"f:email": {}}}, got["metadata"]["managedFields"])
    e = entry(got, "a")
    check(e["apiVersion"] == "management.loft.sh/v1" and e["fieldsType"] == "FieldsV1" and e["time"], e)


def forced_field_survives():
    ssa(user("u2", {"email": "a@x.io", "displayName": "A"}), "a")
    status = conflict(user("u2", {"displayName": "B"}), "b")
    check(status["reason"] == "Conflict", status)
    check(status["message"] == 'Apply failed with 1 conflict: conflict with "a": .spec.displayName', status)
    causes = status["details"]["causes"]
    check(causes == [{"reason": "FieldManagerConflict", "message": 'conflict with "a"', "field": ".spec.displayName"}], causes)
    check(get("u2")["spec"]["displayName"] == "A", "a failed apply changed the user")
    got = ssa(user("u2", {"displayName": "B"}), "b", force=True)
    check(got["spec"]["displayName"] == "B", got)
    check(fields(got, "a") == {"f:spec": {"f:email": {}}}, "force did not take the field: %s" % got["metadata"])
    check(fields(got, "b") == {"f:spec": {"f:displayName": {}}}, got["metadata"])
    got = ssa(user("u2", {"email": "a@x.io"}), "a")
    check(got["spec"].get("displayName") == "B", "b's field was removed: %s" % got["spec"])


def shared():
    ssa(user("u3", {"email": "a@x.io", "displayName": "A"}), "a")
    got = ssa(user("u3", {"email": "a@x.io"}), "b")
    check(fields(got, "a") == {"f:spec": {"f:displayName": {}, "f:email": {}}}, got["metadata"])
    check(fields(got, "b") == {"f:spec": {"f:email": {}}}, got["metadata"])
    # a stops applying both: displayName goes, email (still b's) stays.
    got = ssa(user("u3", {"username": "a"}), "a")
    check(got["spec"].get("email") == "a@x.io" and "displayName" not in got["spec"], got["spec"])


def update_then_apply():
    users.create(body=user("u4", {"email": "a@x.io", "displayName": "A"}))
    got = get("u4")
    check(fields(got, "OpenAPI-Generator", "Update") == {"f:spec": {"f:displayName": {}, "f:email": {}}}, got["metadata"])
    status = conflict(user("u4", {"displayName": "B"}), "ci")
    check(
        status["message"]
        == 'Apply failed with 1 conflict: conflict with "OpenAPI-Generator" using management.loft.sh/v1: .spec.displayName',
        status,
    )
    # The same value is shared, not a conflict.
    got = ssa(user("u4", {"displayName": "A"}), "ci")
    check(fields(got, "ci") == {"f:spec": {"f:displayName": {}}}, got["metadata"])
    # An update takes over a field an applier owns, without a conflict.
    got = users.patch(
        name="u4", body={"spec": {"displayName": "C"}}, content_type="application/merge-patch+json", field_manager="editor"
    ).to_dict()
    check(got["spec"]["displayName"] == "C", got)
    check(entry(got, "ci") is None, "ci still owns displayName: %s" % got["metadata"]["managedFields"])
    check(fields(got, "editor", "Update") == {"f:spec": {"f:displayName": {}}}, got["metadata"])


def labels_and_lists():
    ssa(user("u5", {"groups": ["x", "y"]}, labels={"a": "1"}), "a")
    got = ssa(user("u5", None, labels={"b": "2"}), "b")
    check(got["metadata"]["labels"] == {"a": "1", "b": "2"}, got["metadata"])
    check(fields(got, "b") == {"f:metadata": {"f:labels": {"f:b": {}}}}, got["metadata"])
    # a list without a declared list type is atomic: another order is a conflict on the list.
    status = conflict(user("u5", {"groups": ["y", "x"]}, labels={"b": "2"}), "b")
    check(len(status["details"]["causes"]) == 1, status)
    check(status["details"]["causes"][0]["field"] == ".spec.groups", status)
    # a drops its label and keeps the list: b's label stays, a's goes.
    got = ssa(user("u5", {"groups": ["x", "y"]}), "a")
    check(got["metadata"]["labels"] == {"b": "2"}, got["metadata"])
    # finalizers are a set: each value owned on its own.
    body = user("u5", {"groups": ["x", "y"]})
    body["metadata"]["finalizers"] = ["example.com/a"]
    got = ssa(body, "a")
    check(fields(got, "a")["f:metadata"] == {"f:finalizers": {'v:"example.com/a"': {}}}, got["metadata"])


def managed_fields_in_requests():
    ssa(user("u6", {"email": "a@x.io"}), "a")
    body = user("u6", {"email": "a@x.io"})
    body["metadata"]["managedFields"] = []
    try:
        ssa(body, "a")
        raise AssertionError("an apply with managedFields was accepted")
    except ApiException as e:
        check(e.status == 400 and "metadata.managedFields must be nil" in e.body, e.body)
    got = users.patch(
        name="u6", body={"metadata": {"managedFields": [{}]}}, content_type="application/merge-patch+json"
    ).to_dict()
    check(not got["metadata"].get("managedFields"), got["metadata"])
    # A dry run computes everything and stores nothing.
    ssa(user("u6", {"email": "a@x.io"}), "a")
    before = get("u6")
    dry = ssa(user("u6", {"email": "a@x.io", "displayName": "D"}), "a", dry_run="All")
    check(dry["spec"].get("displayName") == "D", dry)
    check(fields(dry, "a") == {"f:spec": {"f:displayName": {}, "f:email": {}}}, dry["metadata"])
    after = get("u6")
    check(after == before, "a dry run changed the user")


SCENARIOS = {f.__name__: f for f in [shrink, forced_field_survives, shared, update_then_apply, labels_and_lists, managed_fields_in_requests]}

if __name__ == "__main__":
    name = sys.argv[1]
    SCENARIOS[name]()
    print("ok " + name)
