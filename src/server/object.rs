//! Object metadata as kube-apiserver keeps it: the fields only the server sets, the
//! order ObjectMeta serializes in, and how an update carries server-owned metadata
//! over from the stored object.

use serde_json::{Map, Value, json};

use super::apply;
use super::status::{ApiError, ApiResult};
use super::store::{Obj, new_uid};
use crate::api::API_VERSION;
use crate::validate::names::is_dns1123_subdomain;

/// Create an object under `name`, or, when it is empty, under `generate` and a random
/// suffix, as kube-apiserver does: up to 8 generated names are tried when one is taken
/// (`write` fails). A name that is not a DNS-1123 subdomain gets `invalid(field)`, where
/// field is `metadata.name` or `metadata.generateName`. `write` stores under the name it
/// is given; its last error is the answer when every try failed.
pub fn create_under<T>(
    name: &str,
    generate: &str,
    invalid: impl Fn(&str) -> ApiError,
    mut write: impl FnMut(&str) -> ApiResult<T>,
) -> ApiResult<T> {
    let attempts = if name.is_empty() { 8 } else { 1 };
    let mut last_err = None;
    for _ in 0..attempts {
        let this_name = if name.is_empty() {
            format!("{generate}{}", random_suffix())
        } else {
            name.to_string()
        };
        if !is_dns1123_subdomain(&this_name) {
            let field = if name.is_empty() {
                "metadata.generateName"
            } else {
                "metadata.name"
            };
            return Err(invalid(field));
        }
        match write(&this_name) {
            Ok(done) => return Ok(done),
            Err(e) => last_err = Some(e),
        }
    }
    Err(last_err.unwrap_or_else(|| ApiError::internal("no name could be generated")))
}

/// The 5 characters `generateName` gets, from kube's alphabet (no vowels, no 0/1/3).
fn random_suffix() -> String {
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    (0..5)
        .map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// Server-owned metadata that a client cannot set.
pub const SERVER_META: &[&str] = &[
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "managedFields",
    "selfLink",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "namespace",
];

/// Metadata keys in the order Kubernetes' ObjectMeta serializes them.
const META_ORDER: &[&str] = &[
    "name",
    "generateName",
    "namespace",
    "selfLink",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "labels",
    "annotations",
    "ownerReferences",
    "finalizers",
    "managedFields",
];

pub fn rv_of(obj: &Obj) -> String {
    obj.rv.to_string()
}

/// Remove the field at a diagnostic path such as `spec.access[0].foo`.
pub fn remove_path(v: &mut Value, path: &str) {
    let mut segs: Vec<Result<&str, usize>> = Vec::new();
    for part in path.split('.') {
        let mut p = part;
        let name_end = p.find('[').unwrap_or(p.len());
        if name_end > 0 {
            segs.push(Ok(&p[..name_end]));
        }
        p = &p[name_end..];
        while p.starts_with('[')
            && let Some(close) = p.find(']')
        {
            if let Ok(i) = p[1..close].parse::<usize>() {
                segs.push(Err(i));
            }
            p = &p[close + 1..];
        }
    }
    let Some((last, parents)) = segs.split_last() else {
        return;
    };
    let mut cur = v;
    for s in parents {
        let next = match s {
            Ok(k) => cur.get_mut(*k),
            Err(i) => cur.get_mut(*i),
        };
        match next {
            Some(n) => cur = n,
            None => return,
        }
    }
    if let (Ok(k), Some(m)) = (last, cur.as_object_mut()) {
        m.remove(*k);
    }
}

/// Put metadata keys in ObjectMeta order, and the object's top level in Go order.
pub fn canonical(obj: Value, kind: &str) -> Value {
    let Value::Object(mut map) = obj else {
        return obj;
    };
    if is_canonical(&map, kind) {
        return Value::Object(map);
    }
    let mut out = Map::new();
    out.insert("kind".into(), json!(kind));
    out.insert("apiVersion".into(), json!(API_VERSION));
    map.remove("kind");
    map.remove("apiVersion");
    let mut meta = match map.remove("metadata") {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    let mut m2 = Map::new();
    for k in META_ORDER {
        if let Some(v) = meta.remove(*k) {
            m2.insert((*k).to_string(), v);
        }
    }
    m2.extend(meta);
    out.insert("metadata".into(), Value::Object(m2));
    let spec = map.remove("spec").unwrap_or_else(|| json!({}));
    out.insert("spec".into(), spec);
    let status = map.remove("status").unwrap_or_else(|| json!({}));
    out.insert("status".into(), status);
    out.extend(map);
    Value::Object(out)
}

/// Already in [`canonical`] form: `kind`, `apiVersion`, `metadata` (its keys in
/// [`META_ORDER`], any others after them), `spec`, `status`, then anything else.
fn is_canonical(map: &Map<String, Value>, kind: &str) -> bool {
    let mut keys = map.keys();
    let head = ["kind", "apiVersion", "metadata", "spec", "status"];
    if !head
        .iter()
        .all(|k| keys.next().map(String::as_str) == Some(*k))
    {
        return false;
    }
    if map["kind"] != kind || map["apiVersion"] != API_VERSION {
        return false;
    }
    let Some(meta) = map["metadata"].as_object() else {
        return false;
    };
    // Each known key after the one before it, and none after an unknown one.
    let mut next = 0;
    meta.keys()
        .all(|k| match META_ORDER.iter().position(|o| o == k) {
            Some(i) if i >= next => {
                next = i + 1;
                true
            }
            Some(_) => false,
            None => {
                next = META_ORDER.len();
                true
            }
        })
}

/// A new object from a client's one: server-owned metadata set, an Update by
/// `manager` recorded.
pub fn new_object(mut obj: Value, name: &str, now: &str, manager: &str) -> Value {
    if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
        // managedFields a create sets are taken as given (see `apply::update`).
        for k in SERVER_META.iter().filter(|k| **k != "managedFields") {
            meta.remove(*k);
        }
        meta.insert("name".into(), json!(name));
        meta.insert("uid".into(), json!(new_uid()));
        meta.insert("generation".into(), json!(1));
        meta.insert("creationTimestamp".into(), json!(now));
    }
    let obj = canonical(obj, "User");
    canonical(apply::update(None, obj, manager, now), "User")
}

/// The next state of `cur` given the client's `new` object: server-owned metadata
/// kept, generation bumped when anything but metadata/status changed, and — with a
/// `manager` — the change recorded as that manager's Update, from the
/// `managedFields` the request left in `new` (see `apply::update`). Without a
/// `manager` (a server-side apply), `new` already carries its `managedFields`.
pub fn next_object(cur: &Obj, mut new: Value, now: &str, manager: Option<&str>) -> Value {
    if let Some(meta) = new.get_mut("metadata").and_then(Value::as_object_mut) {
        for k in SERVER_META.iter().filter(|k| **k != "managedFields") {
            meta.remove(*k);
        }
        for k in [
            "uid",
            "creationTimestamp",
            "generation",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
        ] {
            if let Some(v) = cur.value["metadata"].get(k) {
                meta.insert(k.into(), v.clone());
            }
        }
        meta.insert("name".into(), json!(cur.name));
    }
    let mut new = canonical(new, "User");
    let strip = |v: &Value| {
        let mut v = v.clone();
        if let Some(m) = v.as_object_mut() {
            m.remove("metadata");
            m.remove("status");
        }
        v
    };
    if strip(&new) != strip(&cur.value) {
        let g = cur.value["metadata"]["generation"].as_i64().unwrap_or(1);
        new["metadata"]["generation"] = json!(g + 1);
    }
    if let Some(manager) = manager {
        new = canonical(apply::update(Some(&cur.value), new, manager, now), "User");
    }
    new
}

/// Is `new` the same as the stored object, ownership included (so that no write
/// happens)?
pub fn unchanged(cur: &Obj, new: &Value) -> bool {
    let mut a = cur.value.clone();
    let mut b = new.clone();
    for v in [&mut a, &mut b] {
        if let Some(meta) = v.get_mut("metadata").and_then(Value::as_object_mut) {
            meta.remove("resourceVersion");
        }
    }
    a == b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(v: &Value) -> Vec<&str> {
        v.as_object().unwrap().keys().map(String::as_str).collect()
    }

    #[test]
    fn canonical_orders_keys_and_keeps_an_object_already_in_order() {
        let sent = json!({
            "apiVersion": API_VERSION, "kind": "User",
            "spec": {"email": "e"},
            "metadata": {"labels": {"a": "1"}, "x-unknown": 1, "name": "n", "uid": "u"},
            "extra": true
        });
        let once = canonical(sent, "User");
        assert_eq!(
            keys(&once),
            ["kind", "apiVersion", "metadata", "spec", "status", "extra"]
        );
        assert_eq!(
            keys(&once["metadata"]),
            ["name", "uid", "labels", "x-unknown"]
        );
        assert!(is_canonical(once.as_object().unwrap(), "User"));
        assert_eq!(canonical(once.clone(), "User"), once);
        // Out of order in metadata: a known key after a later one, or after an unknown one.
        for meta in [
            json!({"uid": "u", "name": "n"}),
            json!({"name": "n", "x-unknown": 1, "labels": {}}),
        ] {
            let mut obj = once.clone();
            obj["metadata"] = meta;
            assert!(!is_canonical(obj.as_object().unwrap(), "User"));
            let fixed = canonical(obj, "User");
            assert!(is_canonical(fixed.as_object().unwrap(), "User"), "{fixed}");
        }
        // Another kind's name is put right.
        assert_eq!(canonical(once, "Other")["kind"], "Other");
    }

    #[test]
    fn remove_path_handles_indexes() {
        let mut v = json!({"spec": {"access": [{"verbs": [], "foo": 1}], "x": 2}});
        remove_path(&mut v, "spec.access[0].foo");
        remove_path(&mut v, "spec.x");
        remove_path(&mut v, "spec.a[0]]b");
        remove_path(&mut v, "]]");
        assert_eq!(v, json!({"spec": {"access": [{"verbs": []}]}}));
    }
}
