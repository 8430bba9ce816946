"""OwnedAccessKeys and selves through the official Kubernetes Python client.

`create`: as the admin, create the OwnedAccessKey `py`, list it back, and POST a Self
with the new key; print {"created", "listed", "self"} as JSON.
`selves`: POST a Self with the key in $KEY; print the HTTP status.
"""

import json
import os
import sys

import urllib3
from kubernetes import client

urllib3.disable_warnings()

GROUP, VERSION = "management.loft.sh", "v1"


def api(key):
    cfg = client.Configuration()
    cfg.host = os.environ["LOFT_API"]
    cfg.verify_ssl = False
    cfg.api_key = {"authorization": key}
    cfg.api_key_prefix = {"authorization": "Bearer"}
    return client.CustomObjectsApi(client.ApiClient(cfg))


def selves(key):
    return api(key).create_cluster_custom_object(
        GROUP, VERSION, "selves", {"apiVersion": f"{GROUP}/{VERSION}", "kind": "Self"}
    )


def main():
    if sys.argv[1] == "selves":
        try:
            selves(os.environ["KEY"])
            print(200)
        except client.ApiException as e:
            print(e.status)
        return
    admin = api(os.environ["LOFT_ACCESS_KEY"])
    created = admin.create_cluster_custom_object(
        GROUP,
        VERSION,
        "ownedaccesskeys",
        {
            "apiVersion": f"{GROUP}/{VERSION}",
            "kind": "OwnedAccessKey",
            "metadata": {"name": "py"},
            "spec": {"displayName": "from python"},
        },
    )
    listed = admin.list_cluster_custom_object(GROUP, VERSION, "ownedaccesskeys")
    spec = listed["items"][0]["spec"]
    me = selves(created["spec"]["key"])
    print(json.dumps({"created": created, "listed": spec, "self": me}))


main()
