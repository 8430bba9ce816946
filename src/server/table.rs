//! `Accept: application/json;as=Table;…`: the server-side printing kubectl asks for,
//! with kube-apiserver's default columns (Name, Created At).

use serde_json::{Value, json};

use super::store::Obj;

/// A `meta.k8s.io/v1` Table of these objects. `include`: the `includeObject`
/// parameter (None, Metadata — the default — or Object).
pub fn table(
    items: &[&Obj],
    rv: &str,
    cont: Option<&str>,
    remaining: Option<usize>,
    include: Option<&str>,
) -> Value {
    let rows: Vec<Value> = items
        .iter()
        .map(|o| {
            let created = o.value["metadata"]["creationTimestamp"].clone();
            let mut row = json!({"cells": [o.name, created]});
            match include {
                Some("None") => {}
                Some("Object") => row["object"] = o.value.clone(),
                _ => {
                    row["object"] = json!({
                        "kind": "PartialObjectMetadata",
                        "apiVersion": "meta.k8s.io/v1",
                        "metadata": o.value["metadata"],
                    })
                }
            }
            row
        })
        .collect();
    let mut meta = json!({"resourceVersion": rv});
    if let Some(c) = cont {
        meta["continue"] = json!(c);
    }
    if let Some(r) = remaining {
        meta["remainingItemCount"] = json!(r);
    }
    json!({
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": meta,
        "columnDefinitions": [
            {"name": "Name", "type": "string", "format": "name", "description": "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names", "priority": 0},
            {"name": "Created At", "type": "date", "format": "", "description": "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.", "priority": 0},
        ],
        "rows": rows,
    })
}
