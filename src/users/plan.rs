//! What an apply needs to send: the live Users read once, and for each desired User
//! whether its apply could change anything.
//!
//! A User's apply is skipped only when loftctl can prove it is a no-op: the User
//! exists, every field of the manifest already has the manifest's value, and the
//! fields loftctl's field manager owns by apply (`metadata.managedFields`, manager
//! [`FIELD_MANAGER`], operation `Apply`) are exactly the manifest's fields — nothing
//! missing (the apply would take it over) and nothing extra (the apply would release
//! or remove it). Anything loftctl cannot read that way (a null in the manifest, a
//! list tracked item by item in a way not understood, no managedFields at all) is
//! "not proved", and the apply is sent. How each request is sent and retried is
//! [`super::write`]'s business, not this module's.

use std::collections::{HashMap, HashSet};

use futures::StreamExt;
use kube::api::ListParams;
use serde_json::{Map, Value};

use super::rest::{self, ListPage, Users};
use super::write::is_subset;
use crate::api::FIELD_MANAGER;
use crate::error::{Kind, Result};

/// Up to this many names are read with one GET each, whatever the server holds.
pub(crate) const GET_MAX: usize = 50;
/// Page size of the list.
const PAGE: u32 = 500;
/// GETs run at least this many at once (they are small reads).
const GET_CONCURRENCY: usize = 32;

/// The live Users, by name, for the names an apply touches: as the server sent them
/// (compared as JSON, never decoded into typed structs and encoded back).
pub(crate) type LiveUsers = HashMap<String, Value>;

/// Read the live Users with these names, whichever way costs less: one GET each
/// (concurrently) when few, or when the server holds many more Users than are named;
/// else the paged list of all Users. The first list page says how many there are
/// (`remainingItemCount`); without that count the list is read to the end.
pub(crate) async fn read_live(
    users: &Users,
    names: &[&str],
    concurrency: usize,
) -> Result<LiveUsers> {
    let mut live = LiveUsers::with_capacity(names.len());
    if names.len() <= GET_MAX {
        get_each(users, names, concurrency, &mut live).await?;
        return Ok(live);
    }
    let wanted: HashSet<&str> = names.iter().copied().collect();
    let mut tokens = rest::ContinueTokens::default();
    let mut params = ListParams::default().limit(PAGE);
    let mut first = true;
    loop {
        let page: ListPage<Value> = rest::decode(&users.list_page_text(&params).await?)?;
        let next = tokens.next(page.metadata.continue_.as_deref())?;
        let rest = page.metadata.remaining_item_count.unwrap_or(0).max(0) as usize;
        for user in page.items {
            if let Some(name) = user["metadata"]["name"].as_str()
                && wanted.contains(name)
            {
                live.insert(name.to_string(), user);
            }
        }
        if first && next.is_some() && rest > 2 * names.len() {
            // Far more Users than names: fetch the ones not on this page by name.
            let left: Vec<&str> = names
                .iter()
                .copied()
                .filter(|n| !live.contains_key(*n))
                .collect();
            get_each(users, &left, concurrency.max(GET_CONCURRENCY), &mut live).await?;
            return Ok(live);
        }
        first = false;
        match next {
            Some(t) => params.continue_token = Some(t),
            None => break,
        }
    }
    Ok(live)
}

/// GET each name (at most `concurrency` at once); the missing ones are left out.
async fn get_each(
    users: &Users,
    names: &[&str],
    concurrency: usize,
    live: &mut LiveUsers,
) -> Result<()> {
    let mut gets = futures::stream::iter(names.iter().map(|name| async move {
        match users.get(name).await {
            Ok(user) => Ok(Some(user)),
            Err(e) if e.kind == Kind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }))
    .buffer_unordered(concurrency.max(1));
    while let Some(user) = gets.next().await {
        if let Some(user) = user?
            && let Some(name) = user["metadata"]["name"].as_str()
        {
            live.insert(name.to_string(), user);
        }
    }
    Ok(())
}

/// Would applying `desired` (as apply sends it) to `live` (as the server has it) change
/// nothing? `true` only when proved; `false` means "send the apply".
pub(crate) fn proved_unchanged(desired: &Value, live: &Value) -> bool {
    if has_null(desired) || !is_subset(desired, live) {
        return false;
    }
    let entries = live["metadata"]["managedFields"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut ours = entries.iter().filter(|e| {
        e["manager"].as_str() == Some(FIELD_MANAGER)
            && e["operation"].as_str() == Some("Apply")
            && e["subresource"].as_str().unwrap_or_default().is_empty()
    });
    let (Some(entry), None) = (ours.next(), ours.next()) else {
        return false;
    };
    let empty = Value::Object(Map::new());
    let owned = entry.get("fieldsV1").unwrap_or(&empty);
    covers_root(desired, owned)
}

fn has_null(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Object(m) => m.values().any(has_null),
        Value::Array(a) => a.iter().any(has_null),
        _ => false,
    }
}

/// Fields field management never tracks: `apiVersion`, `kind`, and these of metadata.
const STRIPPED_META: &[&str] = &[
    "name",
    "namespace",
    "creationTimestamp",
    "selfLink",
    "uid",
    "clusterName",
    "generation",
    "managedFields",
    "resourceVersion",
];

/// The owned field set (FieldsV1) is exactly the manifest's fields, at the top level.
fn covers_root(desired: &Value, owned: &Value) -> bool {
    let (Some(d), Some(o)) = (desired.as_object(), owned.as_object()) else {
        return false;
    };
    let mut top = d.clone();
    top.remove("apiVersion");
    top.remove("kind");
    if let Some(meta) = top.get_mut("metadata").and_then(Value::as_object_mut) {
        for key in STRIPPED_META {
            meta.remove(*key);
        }
        if meta.is_empty() {
            top.remove("metadata");
        }
    }
    // `f:metadata` may be present with nothing left under it (all stripped).
    let mut o = o.clone();
    if o.get("f:metadata")
        .is_some_and(|m| children(m).next().is_none())
        && !top.contains_key("metadata")
    {
        o.remove("f:metadata");
    }
    covers_object(&top, &o)
}

/// The `f:`/`k:`/`v:`/`i:` children of an owned node (not `.`, the node itself).
fn children(owned: &Value) -> impl Iterator<Item = (&String, &Value)> {
    owned
        .as_object()
        .into_iter()
        .flat_map(|m| m.iter())
        .filter(|(k, _)| k.as_str() != ".")
}

fn covers_object(desired: &Map<String, Value>, owned: &Map<String, Value>) -> bool {
    let owned_fields = owned.keys().filter(|k| k.as_str() != ".").count();
    owned_fields == desired.len()
        && desired
            .iter()
            .all(|(k, v)| owned.get(&format!("f:{k}")).is_some_and(|o| covers(v, o)))
}

fn covers(desired: &Value, owned: &Value) -> bool {
    match desired {
        Value::Object(d) => owned.as_object().is_some_and(|o| covers_object(d, o)),
        // A list owned whole (`{}`), or a set list owned by value.
        Value::Array(items) => {
            let kids: Vec<&String> = children(owned).map(|(k, _)| k).collect();
            if kids.is_empty() {
                return true;
            }
            if kids.len() != items.len() {
                return false;
            }
            items.iter().all(|item| {
                !item.is_object()
                    && !item.is_array()
                    && kids.iter().any(|k| {
                        k.strip_prefix("v:")
                            .and_then(|v| serde_json::from_str::<Value>(v).ok())
                            .is_some_and(|v| &v == item)
                    })
            })
        }
        _ => children(owned).next().is_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn live(spec: Value, manager: &str, op: &str, fields: Value) -> Value {
        json!({
            "apiVersion": "management.loft.sh/v1", "kind": "User",
            "metadata": {"name": "a", "resourceVersion": "3", "uid": "u",
                         "managedFields": [{"manager": manager, "operation": op,
                                            "fieldsType": "FieldsV1", "fieldsV1": fields}]},
            "spec": spec,
        })
    }

    fn desired(spec: Value) -> Value {
        json!({"apiVersion": "management.loft.sh/v1", "kind": "User",
               "metadata": {"name": "a"}, "spec": spec})
    }

    #[test]
    fn equal_and_owned_exactly_is_proved() {
        let owned = json!({"f:spec": {"f:email": {}, "f:groups": {}}});
        let spec = json!({"email": "a@x", "groups": ["g"]});
        let user = live(spec.clone(), FIELD_MANAGER, "Apply", owned);
        assert!(proved_unchanged(&desired(spec), &user));
    }

    #[test]
    fn anything_unproved_sends_the_apply() {
        let spec = json!({"email": "a@x"});
        let owned = json!({"f:spec": {"f:email": {}}});
        // A different value.
        let user = live(spec.clone(), FIELD_MANAGER, "Apply", owned.clone());
        assert!(!proved_unchanged(&desired(json!({"email": "b@x"})), &user));
        // Owned by another manager, or by loftctl through an update.
        let other = live(spec.clone(), "kubectl", "Apply", owned.clone());
        assert!(!proved_unchanged(&desired(spec.clone()), &other));
        let update = live(spec.clone(), FIELD_MANAGER, "Update", owned.clone());
        assert!(!proved_unchanged(&desired(spec.clone()), &update));
        // loftctl owns a field the manifest no longer has: the apply would remove it.
        let more = live(
            json!({"email": "a@x", "displayName": "A"}),
            FIELD_MANAGER,
            "Apply",
            json!({"f:spec": {"f:email": {}, "f:displayName": {}}}),
        );
        assert!(!proved_unchanged(&desired(spec.clone()), &more));
        // The manifest has a field loftctl does not own yet (equal value).
        let fewer = live(
            json!({"email": "a@x", "displayName": "A"}),
            FIELD_MANAGER,
            "Apply",
            owned.clone(),
        );
        assert!(!proved_unchanged(
            &desired(json!({"email": "a@x", "displayName": "A"})),
            &fewer
        ));
        // A null in the manifest.
        let user = live(spec.clone(), FIELD_MANAGER, "Apply", owned);
        assert!(!proved_unchanged(
            &desired(json!({"email": "a@x", "username": null})),
            &user
        ));
        // No managedFields at all.
        let mut bare = user.clone();
        bare["metadata"]
            .as_object_mut()
            .unwrap()
            .remove("managedFields");
        assert!(!proved_unchanged(&desired(spec), &bare));
    }

    #[test]
    fn stripped_metadata_and_granular_maps() {
        let spec = json!({"email": "a@x"});
        let mut user = live(
            spec.clone(),
            FIELD_MANAGER,
            "Apply",
            json!({"f:metadata": {"f:labels": {"f:team": {}}}, "f:spec": {"f:email": {}}}),
        );
        user["metadata"]["labels"] = json!({"team": "x"});
        let mut want = desired(spec);
        want["metadata"]["labels"] = json!({"team": "x"});
        assert!(proved_unchanged(&want, &user));
        want["metadata"]["labels"] = json!({"team": "x", "env": "y"});
        assert!(!proved_unchanged(&want, &user));
    }

    #[test]
    fn set_lists_by_value() {
        let owned = json!({"f:spec": {"f:groups": {"v:\"a\"": {}, "v:\"b\"": {}}}});
        let user = live(json!({"groups": ["a", "b"]}), FIELD_MANAGER, "Apply", owned);
        assert!(proved_unchanged(
            &desired(json!({"groups": ["a", "b"]})),
            &user
        ));
        assert!(!proved_unchanged(&desired(json!({"groups": ["a"]})), &user));
    }
}
