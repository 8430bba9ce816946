//! Patches: JSON patch, JSON merge patch and strategic merge patch (server-side apply
//! and `managedFields` are in `apply`).

use serde_json::{Map, Value};

use super::status::{ApiError, ApiResult};

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

/// A strategic merge patch of a User, as Loft's compiled types define it: a merge
/// patch whose lists are replaced (none of the User's own lists declares a patch
/// strategy), except `metadata.finalizers` (merged as a set) and
/// `metadata.ownerReferences` (merged by `uid`); with the directives `$patch:
/// replace|delete|merge` on maps and list items, `$retainKeys`,
/// `$deleteFromPrimitiveList/<list>` and `$setElementOrder/<list>`.
pub fn strategic_merge_patch(doc: &mut Value, patch: &[u8]) -> ApiResult<()> {
    let patch: Value = serde_json::from_slice(patch)
        .map_err(|e| ApiError::bad_request(format!("error decoding patch: {e}")))?;
    if !patch.is_object() {
        return Err(ApiError::bad_request(
            "error decoding patch: a strategic merge patch must be a JSON object",
        ));
    }
    if let Some(out) = smp_map(Some(doc), &patch, "")? {
        *doc = out;
    }
    Ok(())
}

fn smp_err(message: String) -> ApiError {
    ApiError::bad_request(message)
}

/// Merge the map `patch` into `cur` at `path`; None: the map is deleted.
fn smp_map(cur: Option<&Value>, patch: &Value, path: &str) -> ApiResult<Option<Value>> {
    let Some(pmap) = patch.as_object() else {
        return Ok(Some(patch.clone()));
    };
    let mut pmap = pmap.clone();
    match pmap.remove("$patch") {
        None => {}
        Some(Value::String(d)) if d == "delete" => return Ok(None),
        Some(Value::String(d)) if d == "replace" => {
            let mut out = Value::Object(Map::new());
            for (k, v) in pmap {
                if !k.starts_with('$') {
                    out[k] = strip_directives(&v);
                }
            }
            return Ok(Some(out));
        }
        Some(Value::String(d)) if d == "merge" => {}
        Some(other) => {
            return Err(smp_err(format!(
                "Unknown patch type: {other} in map at {}",
                if path.is_empty() { "." } else { path }
            )));
        }
    }
    let mut out = match cur {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    };
    if let Some(retain) = pmap.remove("$retainKeys") {
        let keep: Vec<&str> = retain
            .as_array()
            .ok_or_else(|| smp_err("$retainKeys must be a list of strings".into()))?
            .iter()
            .filter_map(Value::as_str)
            .collect();
        out.retain(|k, _| keep.contains(&k.as_str()));
    }
    for (k, v) in &pmap {
        if k.starts_with("$setElementOrder/") {
            continue;
        }
        if let Some(list) = k.strip_prefix("$deleteFromPrimitiveList/") {
            if let (Some(Value::Array(items)), Some(gone)) = (out.get_mut(list), v.as_array()) {
                items.retain(|i| !gone.contains(i));
            }
            continue;
        }
        if k.starts_with('$') {
            return Err(smp_err(format!("unknown patch directive {k}")));
        }
        let child = if path.is_empty() {
            k.clone()
        } else {
            format!("{path}.{k}")
        };
        match v {
            Value::Null => {
                out.remove(k);
            }
            Value::Object(_) => match smp_map(out.get(k), v, &child)? {
                Some(merged) => {
                    out.insert(k.clone(), merged);
                }
                None => {
                    out.remove(k);
                }
            },
            Value::Array(items) => {
                let merged = match child.as_str() {
                    "metadata.finalizers" => merge_set(out.get(k), items),
                    "metadata.ownerReferences" => merge_by_key(out.get(k), items, "uid", &child)?,
                    _ => Value::Array(items.iter().map(strip_directives).collect()),
                };
                out.insert(k.clone(), merged);
            }
            other => {
                out.insert(k.clone(), other.clone());
            }
        }
    }
    Ok(Some(Value::Object(out)))
}

fn strip_directives(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !k.starts_with('$'))
                .map(|(k, v)| (k.clone(), strip_directives(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(strip_directives).collect()),
        other => other.clone(),
    }
}

/// A list of scalars with the merge strategy: the union, in order.
fn merge_set(cur: Option<&Value>, items: &[Value]) -> Value {
    let mut out: Vec<Value> = cur.and_then(Value::as_array).cloned().unwrap_or_default();
    for i in items {
        if !out.contains(i) {
            out.push(i.clone());
        }
    }
    Value::Array(out)
}

/// A list of maps merged by `key`: items with `$patch: delete` are removed, others
/// merged into the item with the same key or appended.
fn merge_by_key(cur: Option<&Value>, items: &[Value], key: &str, path: &str) -> ApiResult<Value> {
    let mut out: Vec<Value> = cur.and_then(Value::as_array).cloned().unwrap_or_default();
    for item in items {
        let Some(k) = item.get(key) else {
            return Err(smp_err(format!(
                "map: {item} does not contain declared merge key: {key} ({path})"
            )));
        };
        let pos = out.iter().position(|o| o.get(key) == Some(k));
        if item.get("$patch").and_then(Value::as_str) == Some("delete") {
            if let Some(p) = pos {
                out.remove(p);
            }
            continue;
        }
        match pos {
            Some(p) => {
                if let Some(merged) = smp_map(Some(&out[p]), item, path)? {
                    out[p] = merged;
                }
            }
            None => out.push(strip_directives(item)),
        }
    }
    Ok(Value::Array(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strategic_merge_patch_of_a_user() {
        let mut doc = json!({"metadata": {"name": "a", "labels": {"x": "1", "y": "2"},
            "finalizers": ["f1"]}, "spec": {"groups": ["a", "b"], "email": "e"}});
        let patch = json!({"metadata": {"labels": {"x": null, "z": "3"}, "finalizers": ["f2"]},
            "spec": {"groups": ["c"]}});
        strategic_merge_patch(&mut doc, patch.to_string().as_bytes()).unwrap();
        assert_eq!(doc["metadata"]["labels"], json!({"y": "2", "z": "3"}));
        assert_eq!(doc["metadata"]["finalizers"], json!(["f1", "f2"]));
        assert_eq!(doc["spec"]["groups"], json!(["c"]));
        assert_eq!(doc["spec"]["email"], "e");
        let replace = json!({"metadata": {"labels": {"$patch": "replace", "only": "1"},
            "$deleteFromPrimitiveList/finalizers": ["f1"]}, "spec": {"$patch": "delete"}});
        strategic_merge_patch(&mut doc, replace.to_string().as_bytes()).unwrap();
        assert_eq!(doc["metadata"]["labels"], json!({"only": "1"}));
        assert_eq!(doc["metadata"]["finalizers"], json!(["f2"]));
        assert!(doc.get("spec").is_none());
        let bad = json!({"spec": {"$patch": "bogus"}});
        assert_eq!(
            strategic_merge_patch(&mut doc, bad.to_string().as_bytes())
                .unwrap_err()
                .code,
            400
        );
    }
}
