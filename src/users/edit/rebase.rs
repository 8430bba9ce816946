//! Replaying the user's edit on a fresh copy of the object after a conflict (409): pure
//! functions on JSON values, no I/O.

use serde_json::{Map, Value};

use crate::error::{CliError, Kind, Result};

/// RFC 7386: the merge patch that turns `from` into `to` (`None` when equal).
pub fn merge_diff(from: &Value, to: &Value) -> Option<Value> {
    match (from, to) {
        (Value::Object(f), Value::Object(t)) => {
            let mut patch = Map::new();
            for k in f.keys() {
                if !t.contains_key(k) {
                    patch.insert(k.clone(), Value::Null);
                }
            }
            for (k, tv) in t {
                match f.get(k) {
                    Some(fv) => {
                        if let Some(d) = merge_diff(fv, tv) {
                            patch.insert(k.clone(), d);
                        }
                    }
                    None => {
                        patch.insert(k.clone(), tv.clone());
                    }
                }
            }
            (!patch.is_empty()).then_some(Value::Object(patch))
        }
        _ if from == to => None,
        _ => Some(to.clone()),
    }
}

/// The fields both patches set to different values, as dotted paths.
pub fn overlapping(ours: &Value, theirs: &Value, prefix: &str, out: &mut Vec<String>) {
    match (ours, theirs) {
        (Value::Object(o), Value::Object(t)) => {
            for (k, ov) in o {
                if let Some(tv) = t.get(k) {
                    let path = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    overlapping(ov, tv, &path, out);
                }
            }
        }
        _ if ours == theirs => {}
        _ => out.push(prefix.to_string()),
    }
}

/// Server-owned bookkeeping that changes on every write and is not "a change".
fn drop_bookkeeping(patch: &mut Value) {
    if let Some(meta) = patch.get_mut("metadata").and_then(Value::as_object_mut) {
        for k in ["resourceVersion", "generation", "managedFields"] {
            meta.remove(k);
        }
        if meta.is_empty()
            && let Some(map) = patch.as_object_mut()
        {
            map.remove("metadata");
        }
    }
}

/// Replay the user's change (`original` → `edited`) on `fresh`. Fails with the fields
/// that someone else changed too.
pub fn rebase(original: &Value, edited: &Value, fresh: &Value) -> Result<Value> {
    let mut ours = merge_diff(original, edited).unwrap_or(Value::Object(Map::new()));
    drop_bookkeeping(&mut ours);
    let mut theirs = merge_diff(original, fresh).unwrap_or(Value::Object(Map::new()));
    drop_bookkeeping(&mut theirs);
    let mut clashes = Vec::new();
    overlapping(&ours, &theirs, "", &mut clashes);
    if !clashes.is_empty() {
        return Err(CliError::new(
            Kind::Conflict,
            format!(
                "the user was changed by someone else in the same fields: {}",
                clashes.join(", ")
            ),
        )
        .with_hint("run `loftctl user edit` again to start from the current object"));
    }
    let mut merged = fresh.clone();
    json_patch::merge(&mut merged, &ours);
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn original() -> Value {
        json!({"metadata": {"name": "a", "resourceVersion": "1", "labels": {"x": "1"}},
               "spec": {"email": "a@x", "groups": ["g"]}})
    }

    fn edited() -> Value {
        json!({"metadata": {"name": "a", "resourceVersion": "1", "labels": {"x": "1"}},
               "spec": {"email": "new@x", "groups": ["g"]}})
    }

    /// Someone else added a label and bumped the resourceVersion.
    fn fresh() -> Value {
        json!({"metadata": {"name": "a", "resourceVersion": "2", "labels": {"x": "1", "y": "2"}},
               "spec": {"email": "a@x", "groups": ["g"]}})
    }

    #[test]
    fn merge_diff_is_the_rfc_7386_patch() {
        assert_eq!(
            merge_diff(&original(), &edited()),
            Some(json!({"spec": {"email": "new@x"}}))
        );
        assert_eq!(merge_diff(&original(), &original()), None);
        // Removals are nulls; arrays are replaced whole; scalars by their new value.
        assert_eq!(
            merge_diff(
                &json!({"a": 1, "b": [1, 2], "c": {"d": true}}),
                &json!({"b": [2], "c": {"d": false}, "e": "new"})
            ),
            Some(json!({"a": null, "b": [2], "c": {"d": false}, "e": "new"}))
        );
        // Applying the diff gives the target back.
        let mut back = original();
        json_patch::merge(&mut back, &merge_diff(&original(), &edited()).unwrap());
        assert_eq!(back, edited());
    }

    #[test]
    fn both_changes_land_on_the_fresh_resource_version() {
        let merged = rebase(&original(), &edited(), &fresh()).unwrap();
        assert_eq!(merged["spec"]["email"], "new@x");
        assert_eq!(merged["metadata"]["labels"]["y"], "2");
        assert_eq!(merged["metadata"]["resourceVersion"], "2");
    }

    #[test]
    fn the_same_field_changed_by_both_is_a_conflict_naming_it() {
        let clash = json!({"metadata": {"name": "a", "resourceVersion": "2", "labels": {"x": "1"}},
                           "spec": {"email": "other@x", "groups": ["g"]}});
        let err = rebase(&original(), &edited(), &clash).unwrap_err();
        assert_eq!(err.kind, Kind::Conflict);
        assert!(err.message().contains("spec.email"), "{}", err.message());
        // The same new value on both sides is no clash.
        let same = json!({"metadata": {"name": "a", "resourceVersion": "2", "labels": {"x": "1"}},
                          "spec": {"email": "new@x", "groups": ["g"]}});
        assert_eq!(
            rebase(&original(), &edited(), &same).unwrap()["spec"]["email"],
            "new@x"
        );
    }

    #[test]
    fn a_removed_field_is_replayed_as_a_removal() {
        let removed = json!({"metadata": {"name": "a", "resourceVersion": "1", "labels": {"x": "1"}},
                             "spec": {"email": "a@x"}});
        let merged = rebase(&original(), &removed, &fresh()).unwrap();
        assert!(merged["spec"].get("groups").is_none());
        assert_eq!(merged["metadata"]["labels"]["y"], "2");
    }

    #[test]
    fn bookkeeping_is_not_a_change() {
        // Only the resourceVersion and generation differ: nothing of ours to replay, and
        // the server's bump is no clash.
        let mut bumped = original();
        bumped["metadata"]["resourceVersion"] = json!("7");
        bumped["metadata"]["generation"] = json!(3);
        let mut edited_rv = original();
        edited_rv["metadata"]["resourceVersion"] = json!("0");
        let merged = rebase(&original(), &edited_rv, &bumped).unwrap();
        assert_eq!(merged, bumped);
    }
}
