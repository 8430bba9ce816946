//! Patches (JSON patch, JSON merge patch, server-side apply) and `managedFields`.
//!
//! Field ownership follows server-side apply in a simplified form that keeps its
//! observable behaviour: fields are leaves (objects recurse, lists are atomic); an
//! Update gives the fields it changes to its manager and takes them from every other
//! owner; an Apply owns exactly the fields of its configuration, conflicts with other
//! owners of a field whose value it would change (unless `force`), and removes the
//! fields it applied before and no longer applies when nobody else owns them.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::status::{ApiError, ApiResult};
use crate::api::API_VERSION;

type FieldPath = Vec<String>;
type FieldSet = BTreeSet<FieldPath>;

pub fn json_patch(doc: &mut Value, patch: &[u8]) -> ApiResult<()> {
    let patch: json_patch::Patch = serde_json::from_slice(patch)
        .map_err(|e| ApiError::bad_request(format!("error decoding patch: {e}")))?;
    json_patch::patch(doc, &patch).map_err(|e| {
        ApiError::new(
            422,
            "Invalid",
            format!("the server rejected our request due to an error in our request: {e}"),
        )
    })
}

pub fn merge_patch(doc: &mut Value, patch: &[u8]) -> ApiResult<()> {
    let patch: Value = serde_json::from_slice(patch)
        .map_err(|e| ApiError::bad_request(format!("error decoding patch: {e}")))?;
    if !patch.is_object() {
        return Err(ApiError::bad_request(
            "error decoding patch: a merge patch must be a JSON object",
        ));
    }
    json_patch::merge(doc, &patch);
    Ok(())
}

/// The fields of an object that field management tracks.
fn leaves(obj: &Value) -> FieldSet {
    let mut out = FieldSet::new();
    let Some(map) = obj.as_object() else {
        return out;
    };
    for (k, v) in map {
        match k.as_str() {
            "apiVersion" | "kind" => {}
            "metadata" => {
                if let Some(meta) = v.as_object() {
                    for key in ["labels", "annotations", "finalizers", "ownerReferences"] {
                        if let Some(v) = meta.get(key) {
                            let mut p = vec!["metadata".to_string(), key.to_string()];
                            walk(v, &mut p, &mut out);
                        }
                    }
                }
            }
            _ => walk(v, &mut vec![k.clone()], &mut out),
        }
    }
    out
}

fn walk(v: &Value, path: &mut FieldPath, out: &mut FieldSet) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, v) in m {
                path.push(k.clone());
                walk(v, path, out);
                path.pop();
            }
        }
        Value::Null => {}
        _ => {
            out.insert(path.clone());
        }
    }
}

fn get_at<'a>(v: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, k| v.as_object()?.get(k))
}

fn remove_at(v: &mut Value, path: &[String]) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut cur = v;
    for k in parents {
        match cur.as_object_mut().and_then(|m| m.get_mut(k)) {
            Some(next) => cur = next,
            None => return,
        }
    }
    if let Some(m) = cur.as_object_mut() {
        m.remove(last);
    }
}

fn display(path: &[String]) -> String {
    path.iter().map(|k| format!(".{k}")).collect()
}

fn to_fields_v1(set: &FieldSet) -> Value {
    let mut root = Map::new();
    for path in set {
        let mut cur = &mut root;
        for k in path {
            let entry = cur
                .entry(format!("f:{k}"))
                .or_insert_with(|| Value::Object(Map::new()));
            match entry.as_object_mut() {
                Some(m) => cur = m,
                None => break,
            }
        }
    }
    Value::Object(root)
}

fn from_fields_v1(v: &Value) -> FieldSet {
    fn rec(v: &Value, path: &mut FieldPath, out: &mut FieldSet) {
        let children: Vec<_> = v
            .as_object()
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.strip_prefix("f:")?, v)))
                    .collect()
            })
            .unwrap_or_default();
        if children.is_empty() {
            if !path.is_empty() {
                out.insert(path.clone());
            }
            return;
        }
        for (k, v) in children {
            path.push(k.to_string());
            rec(v, path, out);
            path.pop();
        }
    }
    let mut out = FieldSet::new();
    rec(v, &mut Vec::new(), &mut out);
    out
}

struct Entry {
    manager: String,
    operation: String,
    time: String,
    fields: FieldSet,
}

fn entries_of(obj: Option<&Value>) -> Vec<Entry> {
    obj.and_then(|o| o["metadata"]["managedFields"].as_array())
        .map(|a| {
            a.iter()
                .map(|e| Entry {
                    manager: e["manager"].as_str().unwrap_or("").to_string(),
                    operation: e["operation"].as_str().unwrap_or("Update").to_string(),
                    time: e["time"].as_str().unwrap_or("").to_string(),
                    fields: from_fields_v1(&e["fieldsV1"]),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn store_entries(obj: &mut Value, entries: Vec<Entry>) {
    let list: Vec<Value> = entries
        .into_iter()
        .filter(|e| !e.fields.is_empty())
        .map(|e| {
            json!({
                "manager": e.manager,
                "operation": e.operation,
                "apiVersion": API_VERSION,
                "time": e.time,
                "fieldsType": "FieldsV1",
                "fieldsV1": to_fields_v1(&e.fields),
            })
        })
        .collect();
    if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
        if list.is_empty() {
            meta.remove("managedFields");
        } else {
            meta.insert("managedFields".into(), Value::Array(list));
        }
    }
}

/// Record an Update (create, update, patch) by `manager` from `old` to `new`.
pub fn record_update(old: Option<&Value>, new: &mut Value, manager: &str, now: &str) {
    let mut entries = entries_of(old);
    let old_leaves = old.map(leaves).unwrap_or_default();
    let new_leaves = leaves(new);
    let changed: FieldSet = new_leaves
        .iter()
        .filter(|p| old.and_then(|o| get_at(o, p)) != get_at(new, p))
        .cloned()
        .collect();
    let removed: FieldSet = old_leaves.difference(&new_leaves).cloned().collect();
    if !changed.is_empty() || !removed.is_empty() {
        for e in entries.iter_mut() {
            e.fields
                .retain(|p| !changed.contains(p) && !removed.contains(p));
        }
        if !changed.is_empty() {
            match entries
                .iter_mut()
                .find(|e| e.manager == manager && e.operation == "Update")
            {
                Some(e) => {
                    e.fields.extend(changed);
                    e.time = now.to_string();
                }
                None => entries.push(Entry {
                    manager: manager.to_string(),
                    operation: "Update".into(),
                    time: now.to_string(),
                    fields: changed,
                }),
            }
        }
    }
    store_entries(new, entries);
}

fn deep_merge(into: &mut Value, from: &Value) {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                if v.is_null() {
                    continue;
                }
                match a.get_mut(k) {
                    Some(existing) if existing.is_object() && v.is_object() => {
                        deep_merge(existing, v)
                    }
                    _ => {
                        a.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (into, from) => *into = from.clone(),
    }
}

/// Server-side apply of `config` by `manager` onto `live` (None: the object is
/// created). Returns the new object, with its managedFields.
pub fn apply(
    name: &str,
    live: Option<&Value>,
    config: &Value,
    manager: &str,
    force: bool,
    now: &str,
) -> ApiResult<Value> {
    let mut config = config.clone();
    if let Some(meta) = config.get_mut("metadata").and_then(Value::as_object_mut) {
        for k in [
            "managedFields",
            "resourceVersion",
            "uid",
            "creationTimestamp",
            "generation",
        ] {
            meta.remove(k);
        }
    }
    let applied = leaves(&config);
    let mut entries = entries_of(live);
    let mut conflicts = Vec::new();
    if let Some(live) = live {
        for p in &applied {
            let current = get_at(live, p);
            if current.is_none() || current == get_at(&config, p) {
                continue;
            }
            for e in entries.iter_mut() {
                let mine = e.manager == manager && e.operation == "Apply";
                if !mine && e.fields.contains(p) {
                    if force {
                        e.fields.remove(p);
                    } else {
                        conflicts.push((e.manager.clone(), display(p)));
                    }
                }
            }
        }
    }
    if !conflicts.is_empty() {
        conflicts.sort();
        conflicts.dedup();
        return Err(ApiError::apply_conflict(name, &conflicts));
    }
    let mut obj = live.cloned().unwrap_or_else(|| json!({}));
    let before: FieldSet = entries
        .iter()
        .find(|e| e.manager == manager && e.operation == "Apply")
        .map(|e| e.fields.clone())
        .unwrap_or_default();
    for p in before.difference(&applied) {
        let owned_by_other = entries
            .iter()
            .any(|e| !(e.manager == manager && e.operation == "Apply") && e.fields.contains(p));
        if !owned_by_other {
            remove_at(&mut obj, p);
        }
    }
    deep_merge(&mut obj, &config);
    entries.retain(|e| !(e.manager == manager && e.operation == "Apply"));
    entries.push(Entry {
        manager: manager.to_string(),
        operation: "Apply".into(),
        time: now.to_string(),
        fields: applied,
    });
    store_entries(&mut obj, entries);
    Ok(obj)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_moves_ownership() {
        let mut a = json!({"metadata": {"name": "x"}, "spec": {"email": "a"}});
        record_update(None, &mut a, "m1", "t");
        assert_eq!(
            a["metadata"]["managedFields"][0]["fieldsV1"],
            json!({"f:spec": {"f:email": {}}})
        );
        let mut b = a.clone();
        b["spec"]["email"] = json!("b");
        b["spec"]["username"] = json!("u");
        record_update(Some(&a), &mut b, "m2", "t");
        let mf = b["metadata"]["managedFields"].as_array().unwrap();
        assert_eq!(mf.len(), 1);
        assert_eq!(mf[0]["manager"], "m2");
    }

    #[test]
    fn apply_conflicts_and_force() {
        let mut live = json!({"metadata": {"name": "x"}, "spec": {"email": "a"}});
        record_update(None, &mut live, "editor", "t");
        let cfg = json!({"apiVersion": "management.loft.sh/v1", "kind": "User",
                         "metadata": {"name": "x"}, "spec": {"email": "b", "username": "u"}});
        let err = apply("x", Some(&live), &cfg, "me", false, "t").unwrap_err();
        assert_eq!(err.code, 409);
        assert!(
            err.message.contains("conflict with \"editor\""),
            "{}",
            err.message
        );
        let out = apply("x", Some(&live), &cfg, "me", true, "t").unwrap();
        assert_eq!(out["spec"]["email"], "b");
        // Applying again without username removes it (nobody else owns it).
        let cfg2 = json!({"metadata": {"name": "x"}, "spec": {"email": "b"}});
        let out2 = apply("x", Some(&out), &cfg2, "me", false, "t").unwrap();
        assert!(out2["spec"].get("username").is_none());
        assert_eq!(out2["spec"]["email"], "b");
    }

    #[test]
    fn same_value_is_shared_not_a_conflict() {
        let mut live = json!({"metadata": {"name": "x"}, "spec": {"email": "a"}});
        record_update(None, &mut live, "editor", "t");
        let cfg = json!({"metadata": {"name": "x"}, "spec": {"email": "a"}});
        let out = apply("x", Some(&live), &cfg, "me", false, "t").unwrap();
        assert_eq!(
            out["metadata"]["managedFields"].as_array().unwrap().len(),
            2
        );
    }
}
