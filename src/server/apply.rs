//! Field management as kube-apiserver does it: server-side apply and the ownership
//! that every write records in `metadata.managedFields`.
//!
//! The model is structured-merge-diff's. A *field set* is a set of paths; a path is
//! a list of elements: a field name (`f:name`), an associative-list key
//! (`k:{"uid":"…"}`), a set-list value (`v:"…"`) or an index (`i:0`). Which lists are
//! associative, which are sets and which are atomic (owned whole) comes from the
//! compiled-in schema's `x-kubernetes-list-type`, `x-kubernetes-list-map-keys` and
//! `x-kubernetes-patch-strategy`/`x-kubernetes-patch-merge-key` (a list that declares
//! none is atomic); maps (`labels`, `annotations`, `extraClaims`) are granular.
//!
//! - [`apply`]: merges an apply configuration into the live object, owns exactly the
//!   configuration's fields for `(manager, Apply)`, removes the fields that manager
//!   applied before and no longer applies when nobody else owns them, and fails with
//!   the conflicting `(manager, field)` pairs when it would change a field another
//!   manager owns (unless `force`, which takes them over).
//! - [`update`]: records a create, update or patch: the fields it added or changed
//!   go to `(manager, Update)` and are taken from every other manager.
//!
//! Both read and write `metadata.managedFields` in kube's `FieldsV1` encoding.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::api::API_VERSION;

/// At most this many `Update` entries are kept; older ones are merged into one
/// entry of the manager `ancient-changes`, as kube-apiserver does.
const MAX_UPDATE_MANAGERS: usize = 10;
const ANCIENT_CHANGES: &str = "ancient-changes";

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Pe {
    Field(String),
    /// An associative-list item: its key fields as compact JSON with sorted keys.
    Key(String),
    /// A set-list item: its value as compact JSON.
    Value(String),
    Index(usize),
}

type Path = Vec<Pe>;
type Set = BTreeSet<Path>;

/// How the fields below a place are tracked.
#[derive(Debug)]
enum Ty {
    /// An object with declared fields.
    Struct(BTreeMap<String, Ty>),
    /// A map with arbitrary keys, each a member of its own (`labels`).
    Map(Box<Ty>),
    /// A scalar, or a list or map owned whole.
    Atomic,
    SetList,
    MapList {
        keys: Vec<String>,
        elem: Box<Ty>,
    },
    /// Undeclared: objects are granular maps, lists atomic.
    Untyped,
}

static UNTYPED: Ty = Ty::Untyped;

impl Ty {
    /// The type of a map entry, and whether the key is a declared struct field.
    fn entry(&self, key: &str) -> (&Ty, bool) {
        match self {
            Ty::Struct(fields) => match fields.get(key) {
                Some(t) => (t, true),
                None => (&UNTYPED, false),
            },
            Ty::Map(elem) => (elem, false),
            _ => (&UNTYPED, false),
        }
    }

    fn is_granular_object(&self) -> bool {
        matches!(self, Ty::Struct(_) | Ty::Map(_) | Ty::Untyped)
    }
}

/// The User type, built once from the compiled-in schema.
fn user_type() -> &'static Ty {
    static TY: OnceLock<Ty> = OnceLock::new();
    TY.get_or_init(|| {
        let schema: Value = serde_json::from_str(crate::schema::SCHEMA_JSON).unwrap_or_default();
        let defs = &schema["definitions"];
        build_type(&defs[crate::schema::USER_DEF], defs, 0)
    })
}

fn build_type(node: &Value, defs: &Value, depth: usize) -> Ty {
    if depth > 32 {
        return Ty::Untyped;
    }
    if let Some(r) = node["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap_or("");
        return build_type(&defs[name], defs, depth + 1);
    }
    let object = node["properties"].is_object() || node["additionalProperties"].is_object();
    match node["type"].as_str() {
        Some("object") | None if object || node["type"] == "object" => {
            if node["x-kubernetes-map-type"] == "atomic" {
                return Ty::Atomic;
            }
            if let Some(props) = node["properties"].as_object() {
                let fields = props
                    .iter()
                    .map(|(k, v)| (k.clone(), build_type(v, defs, depth + 1)))
                    .collect();
                Ty::Struct(fields)
            } else if node["additionalProperties"].is_object() {
                Ty::Map(Box::new(build_type(
                    &node["additionalProperties"],
                    defs,
                    depth + 1,
                )))
            } else {
                Ty::Untyped
            }
        }
        Some("array") => {
            let elem = || Box::new(build_type(&node["items"], defs, depth + 1));
            let keys: Vec<String> = node["x-kubernetes-list-map-keys"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|k| k.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            match node["x-kubernetes-list-type"].as_str() {
                Some("set") => Ty::SetList,
                Some("map") if !keys.is_empty() => Ty::MapList { keys, elem: elem() },
                Some(_) => Ty::Atomic,
                None => {
                    let merge = node["x-kubernetes-patch-strategy"]
                        .as_str()
                        .is_some_and(|s| s.split(',').any(|p| p == "merge"));
                    match node["x-kubernetes-patch-merge-key"].as_str() {
                        Some(key) if merge => Ty::MapList {
                            keys: vec![key.to_string()],
                            elem: elem(),
                        },
                        None if merge => Ty::SetList,
                        _ => Ty::Atomic,
                    }
                }
            }
        }
        Some(_) => Ty::Atomic,
        None if node.is_null() => Ty::Untyped,
        None => Ty::Atomic,
    }
}

/// The fields that field management never tracks (kube's stripped meta fields).
fn is_stripped(path: &[Pe]) -> bool {
    match path {
        [Pe::Field(f)] => matches!(f.as_str(), "apiVersion" | "kind" | "metadata"),
        [Pe::Field(m), Pe::Field(f)] if m == "metadata" => matches!(
            f.as_str(),
            "name"
                | "namespace"
                | "creationTimestamp"
                | "selfLink"
                | "uid"
                | "clusterName"
                | "generation"
                | "managedFields"
                | "resourceVersion"
        ),
        _ => false,
    }
}

fn strip(set: &mut Set) {
    set.retain(|p| !is_stripped(p));
}

fn compact(v: &Value) -> String {
    // serde_json keeps insertion order: sort object keys for a canonical form.
    fn sorted(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                let b: BTreeMap<&String, Value> = m.iter().map(|(k, v)| (k, sorted(v))).collect();
                Value::Object(b.into_iter().map(|(k, v)| (k.clone(), v)).collect())
            }
            Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    sorted(v).to_string()
}

/// The path element of a list item, or None when it cannot have one (then the list
/// is treated as atomic).
fn item_pe(ty: &Ty, item: &Value) -> Option<Pe> {
    match ty {
        Ty::SetList => Some(Pe::Value(compact(item))),
        Ty::MapList { keys, .. } => {
            let obj = item.as_object()?;
            let mut k = Map::new();
            for key in keys {
                k.insert(key.clone(), obj.get(key)?.clone());
            }
            Some(Pe::Key(compact(&Value::Object(k))))
        }
        _ => None,
    }
}

fn list_items<'a>(ty: &Ty, list: &'a [Value]) -> Option<Vec<(Pe, &'a Value)>> {
    let mut out = Vec::with_capacity(list.len());
    let mut seen = BTreeSet::new();
    for item in list {
        let pe = item_pe(ty, item)?;
        if !seen.insert(pe.clone()) {
            return None;
        }
        out.push((pe, item));
    }
    Some(out)
}

fn elem_type(ty: &Ty) -> &Ty {
    match ty {
        Ty::MapList { elem, .. } => elem,
        _ => &UNTYPED,
    }
}

/// The field set of a value (structured-merge-diff's `ToFieldSet`).
fn to_set(v: &Value, ty: &Ty, path: &mut Path, out: &mut Set) {
    match (v, ty) {
        (Value::Object(m), t) if t.is_granular_object() => {
            for (k, val) in m {
                let (ct, declared) = t.entry(k);
                path.push(Pe::Field(k.clone()));
                to_set(val, ct, path, out);
                let empty = val.is_null() || val.as_object().is_some_and(Map::is_empty);
                if empty || !declared {
                    out.insert(path.clone());
                }
                path.pop();
            }
        }
        (Value::Array(a), Ty::SetList | Ty::MapList { .. }) => match list_items(ty, a) {
            Some(items) => {
                for (pe, item) in items {
                    path.push(pe);
                    if matches!(ty, Ty::MapList { .. }) {
                        to_set(item, elem_type(ty), path, out);
                    }
                    out.insert(path.clone());
                    path.pop();
                }
            }
            None => {
                out.insert(path.clone());
            }
        },
        _ => {
            out.insert(path.clone());
        }
    }
}

/// What changed from `lhs` to `rhs` (structured-merge-diff's `Compare`).
#[derive(Default)]
struct Comparison {
    added: Set,
    modified: Set,
    removed: Set,
}

fn compare(
    lhs: Option<&Value>,
    rhs: Option<&Value>,
    ty: &Ty,
    path: &mut Path,
    out: &mut Comparison,
) {
    let (l, r) = (lhs.filter(|v| !v.is_null()), rhs.filter(|v| !v.is_null()));
    if l.is_none() && r.is_none() {
        return;
    }
    let both_objects = l.is_none_or(Value::is_object) && r.is_none_or(Value::is_object);
    let both_lists = l.is_none_or(Value::is_array) && r.is_none_or(Value::is_array);
    if ty.is_granular_object() && both_objects {
        // Top-level struct fields (spec, status) exist, empty, on every object.
        if path.len() > 1 || !matches!(ty, Ty::Struct(_)) {
            match (l, r) {
                (None, Some(_)) => {
                    out.added.insert(path.clone());
                }
                (Some(_), None) => {
                    out.removed.insert(path.clone());
                }
                _ => {}
            }
        }
        let empty = Map::new();
        let lm = l.and_then(Value::as_object).unwrap_or(&empty);
        let rm = r.and_then(Value::as_object).unwrap_or(&empty);
        for (k, lv) in lm {
            let (ct, _) = ty.entry(k);
            path.push(Pe::Field(k.clone()));
            compare(Some(lv), rm.get(k), ct, path, out);
            path.pop();
        }
        for (k, rv) in rm {
            if !lm.contains_key(k) {
                let (ct, _) = ty.entry(k);
                path.push(Pe::Field(k.clone()));
                compare(None, Some(rv), ct, path, out);
                path.pop();
            }
        }
        return;
    }
    if matches!(ty, Ty::SetList | Ty::MapList { .. }) && both_lists {
        let empty = Vec::new();
        let la = l.and_then(Value::as_array).unwrap_or(&empty);
        let ra = r.and_then(Value::as_array).unwrap_or(&empty);
        if let (Some(li), Some(ri)) = (list_items(ty, la), list_items(ty, ra)) {
            let lmap: BTreeMap<&Pe, &Value> = li.iter().map(|(p, v)| (p, *v)).collect();
            let rmap: BTreeMap<&Pe, &Value> = ri.iter().map(|(p, v)| (p, *v)).collect();
            let keys: BTreeSet<&Pe> = lmap.keys().chain(rmap.keys()).copied().collect();
            for pe in keys {
                path.push(pe.clone());
                let (lv, rv) = (lmap.get(pe).copied(), rmap.get(pe).copied());
                match ty {
                    Ty::MapList { elem, .. } => {
                        match (lv, rv) {
                            (None, Some(_)) => {
                                out.added.insert(path.clone());
                            }
                            (Some(_), None) => {
                                out.removed.insert(path.clone());
                            }
                            _ => {}
                        }
                        compare(lv, rv, elem, path, out);
                    }
                    _ => leaf(lv, rv, path, out),
                }
                path.pop();
            }
            return;
        }
    }
    leaf(l, r, path, out);
}

fn leaf(l: Option<&Value>, r: Option<&Value>, path: &Path, out: &mut Comparison) {
    match (l, r) {
        (None, Some(_)) => {
            out.added.insert(path.clone());
        }
        (Some(_), None) => {
            out.removed.insert(path.clone());
        }
        (Some(a), Some(b)) if a != b => {
            out.modified.insert(path.clone());
        }
        _ => {}
    }
}

fn compare_objects(lhs: &Value, rhs: &Value) -> Comparison {
    let mut out = Comparison::default();
    compare(Some(lhs), Some(rhs), user_type(), &mut Vec::new(), &mut out);
    strip(&mut out.added);
    strip(&mut out.modified);
    strip(&mut out.removed);
    out
}

/// Merge an apply configuration into an object (structured-merge-diff's `Merge`):
/// objects recurse, associative and set lists merge by item, everything else is
/// replaced. A null in the configuration removes the field.
fn merge(into: &mut Value, from: &Value, ty: &Ty) {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) if ty.is_granular_object() => {
            for (k, v) in b {
                if v.is_null() {
                    a.remove(k);
                    continue;
                }
                let (ct, _) = ty.entry(k);
                match a.get_mut(k) {
                    Some(existing) => merge(existing, v, ct),
                    None => {
                        a.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if matches!(ty, Ty::SetList | Ty::MapList { .. }) => {
            match (list_items(ty, a), list_items(ty, b)) {
                (Some(li), Some(ri)) => {
                    let lpes: Vec<Pe> = li.into_iter().map(|(p, _)| p).collect();
                    let mut merged = a.clone();
                    for (pe, item) in ri {
                        match lpes.iter().position(|p| *p == pe) {
                            Some(i) => merge(&mut merged[i], item, elem_type(ty)),
                            None => merged.push(item.clone()),
                        }
                    }
                    *a = merged;
                }
                _ => *a = b.clone(),
            }
        }
        (into, from) => *into = from.clone(),
    }
}

/// Remove `path` from `obj`; objects left empty on the way are removed too (but
/// not the top-level fields).
fn remove_path(obj: &mut Value, path: &[Pe]) {
    fn rec(v: &mut Value, path: &[Pe], depth: usize) {
        let Some((first, rest)) = path.split_first() else {
            return;
        };
        match (v, first) {
            (Value::Object(m), Pe::Field(k)) => {
                if rest.is_empty() {
                    m.remove(k);
                } else if let Some(child) = m.get_mut(k) {
                    rec(child, rest, depth + 1);
                    if depth > 0 && child.as_object().is_some_and(Map::is_empty) {
                        m.remove(k);
                    }
                }
            }
            (Value::Array(a), pe @ (Pe::Key(_) | Pe::Value(_))) => {
                let ty_is_set = matches!(pe, Pe::Value(_));
                let pos = a.iter().position(|item| {
                    if ty_is_set {
                        Pe::Value(compact(item)) == *pe
                    } else {
                        key_matches(item, pe)
                    }
                });
                if let Some(i) = pos {
                    if rest.is_empty() {
                        a.remove(i);
                    } else {
                        rec(&mut a[i], rest, depth + 1);
                    }
                }
            }
            _ => {}
        }
    }
    rec(obj, path, 0);
}

fn key_matches(item: &Value, pe: &Pe) -> bool {
    let Pe::Key(k) = pe else { return false };
    let Ok(Value::Object(keys)) = serde_json::from_str::<Value>(k) else {
        return false;
    };
    keys.iter().all(|(name, v)| item.get(name) == Some(v))
}

// ---- managedFields ----

/// One `managedFields` entry, decoded.
#[derive(Debug, Clone)]
struct Entry {
    manager: String,
    apply: bool,
    api_version: String,
    time: Option<String>,
    subresource: String,
    fields: Set,
}

impl Entry {
    fn is(&self, manager: &str, apply: bool) -> bool {
        self.manager == manager && self.apply == apply && self.subresource.is_empty()
    }

    /// How kube-apiserver names this manager in a conflict.
    fn display(&self) -> String {
        let mut s = format!("{:?}", self.manager);
        if !self.subresource.is_empty() {
            s.push_str(&format!(" with subresource {:?}", self.subresource));
        }
        if !self.apply {
            s.push_str(&format!(" using {}", self.api_version));
        }
        s
    }
}

fn parse_pe(key: &str) -> Option<Pe> {
    let (kind, rest) = key.split_once(':')?;
    match kind {
        "f" => Some(Pe::Field(rest.to_string())),
        "k" => {
            let v: Value = serde_json::from_str(rest).ok()?;
            v.is_object().then(|| Pe::Key(compact(&v)))
        }
        "v" => {
            let v: Value = serde_json::from_str(rest).ok()?;
            Some(Pe::Value(compact(&v)))
        }
        "i" => rest.parse().ok().map(Pe::Index),
        _ => None,
    }
}

fn pe_key(pe: &Pe) -> String {
    match pe {
        Pe::Field(f) => format!("f:{f}"),
        Pe::Key(k) => format!("k:{k}"),
        Pe::Value(v) => format!("v:{v}"),
        Pe::Index(i) => format!("i:{i}"),
    }
}

/// A path as kube prints it in conflicts: `.spec.email`, `.metadata.finalizers[="a"]`,
/// `.metadata.ownerReferences[uid="1"]`.
fn display_path(path: &[Pe]) -> String {
    let mut s = String::new();
    for pe in path {
        match pe {
            Pe::Field(f) => {
                s.push('.');
                s.push_str(f);
            }
            Pe::Key(k) => {
                let parts: Vec<String> = serde_json::from_str::<Map<String, Value>>(k)
                    .map(|m| m.iter().map(|(k, v)| format!("{k}={v}")).collect())
                    .unwrap_or_default();
                s.push_str(&format!("[{}]", parts.join(",")));
            }
            Pe::Value(v) => s.push_str(&format!("[={v}]")),
            Pe::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

fn decode_fields(v: &Value) -> Set {
    fn rec(v: &Value, path: &mut Path, out: &mut Set) {
        let Some(m) = v.as_object() else { return };
        if m.is_empty() && !path.is_empty() {
            out.insert(path.clone());
            return;
        }
        for (k, child) in m {
            if k == "." {
                if !path.is_empty() {
                    out.insert(path.clone());
                }
                continue;
            }
            if let Some(pe) = parse_pe(k) {
                path.push(pe);
                rec(child, path, out);
                path.pop();
            }
        }
    }
    let mut out = Set::new();
    rec(v, &mut Vec::new(), &mut out);
    out
}

fn encode_fields(set: &Set) -> Value {
    #[derive(Default)]
    struct Node {
        member: bool,
        children: BTreeMap<Pe, Node>,
    }
    let mut root = Node::default();
    for path in set {
        let mut cur = &mut root;
        for pe in path {
            cur = cur.children.entry(pe.clone()).or_default();
        }
        cur.member = true;
    }
    fn to_json(n: &Node) -> Value {
        let mut m = Map::new();
        if n.member && !n.children.is_empty() {
            m.insert(".".into(), Value::Object(Map::new()));
        }
        for (pe, child) in &n.children {
            m.insert(pe_key(pe), to_json(child));
        }
        Value::Object(m)
    }
    to_json(&root)
}

fn decode_entries(list: Option<&Value>) -> Vec<Entry> {
    let Some(list) = list.and_then(Value::as_array) else {
        return Vec::new();
    };
    let mut out: Vec<Entry> = Vec::new();
    for e in list {
        let Some(manager) = e["manager"].as_str() else {
            continue;
        };
        let apply = e["operation"] == "Apply";
        let subresource = e["subresource"].as_str().unwrap_or("").to_string();
        let fields = decode_fields(&e["fieldsV1"]);
        // One entry per (manager, operation): duplicates merge.
        if let Some(prev) = out
            .iter_mut()
            .find(|p| p.manager == manager && p.apply == apply && p.subresource == subresource)
        {
            prev.fields.extend(fields);
            continue;
        }
        out.push(Entry {
            manager: manager.to_string(),
            apply,
            api_version: e["apiVersion"].as_str().unwrap_or(API_VERSION).to_string(),
            time: e["time"].as_str().map(String::from),
            subresource,
            fields,
        });
    }
    out
}

fn encode_entries(mut entries: Vec<Entry>) -> Vec<Value> {
    entries.retain(|e| !e.fields.is_empty());
    entries.sort_by(|a, b| {
        (
            !a.apply,
            a.time.as_deref().unwrap_or(""),
            &a.manager,
            &a.subresource,
        )
            .cmp(&(
                !b.apply,
                b.time.as_deref().unwrap_or(""),
                &b.manager,
                &b.subresource,
            ))
    });
    entries
        .into_iter()
        .map(|e| {
            let mut m = Map::new();
            m.insert("manager".into(), Value::String(e.manager));
            let op = if e.apply { "Apply" } else { "Update" };
            m.insert("operation".into(), Value::String(op.into()));
            m.insert("apiVersion".into(), Value::String(e.api_version));
            if let Some(t) = e.time {
                m.insert("time".into(), Value::String(t));
            }
            m.insert("fieldsType".into(), Value::String("FieldsV1".into()));
            m.insert("fieldsV1".into(), encode_fields(&e.fields));
            if !e.subresource.is_empty() {
                m.insert("subresource".into(), Value::String(e.subresource));
            }
            Value::Object(m)
        })
        .collect()
}

fn set_managed(obj: &mut Value, entries: Vec<Entry>) {
    let list = encode_entries(entries);
    if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
        if list.is_empty() {
            meta.remove("managedFields");
        } else {
            meta.insert("managedFields".into(), Value::Array(list));
        }
    }
}

/// Keep at most [`MAX_UPDATE_MANAGERS`] Update entries: the oldest ones are merged
/// into one `ancient-changes` entry.
fn cap_managers(entries: &mut Vec<Entry>) {
    let updates = entries.iter().filter(|e| !e.apply).count();
    if updates <= MAX_UPDATE_MANAGERS {
        return;
    }
    let mut order: Vec<usize> = (0..entries.len()).filter(|&i| !entries[i].apply).collect();
    order.sort_by(|&a, &b| entries[a].time.cmp(&entries[b].time));
    let excess = updates - MAX_UPDATE_MANAGERS + 1;
    let victims: BTreeSet<usize> = order.into_iter().take(excess).collect();
    let mut ancient = Set::new();
    let mut time = None;
    let mut i = 0;
    entries.retain(|e| {
        let drop = victims.contains(&i);
        i += 1;
        if drop {
            ancient.extend(e.fields.iter().cloned());
            time = time.clone().max(e.time.clone());
        }
        !drop
    });
    match entries.iter_mut().find(|e| e.is(ANCIENT_CHANGES, false)) {
        Some(e) => e.fields.extend(ancient),
        None => entries.push(Entry {
            manager: ANCIENT_CHANGES.into(),
            apply: false,
            api_version: API_VERSION.into(),
            time,
            subresource: String::new(),
            fields: ancient,
        }),
    }
}

// ---- the surface the handlers call ----

/// A field another manager owns, which an apply would change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Conflict {
    /// How kube-apiserver names the manager: `"kubectl-edit" using management.loft.sh/v1`
    /// for an Update manager, `"other"` for an applier.
    pub manager: String,
    /// The field: `.spec.displayName`.
    pub field: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ApplyError {
    /// A bad apply configuration (400).
    BadRequest(String),
    /// Fields other managers own (409), sorted by manager and field.
    Conflicts(Vec<Conflict>),
}

/// Server-side apply of `config` by `manager` onto `live` (None: a create). Returns
/// the new object with its `managedFields`; `now` (RFC 3339) stamps the applier's
/// entry when the object changes.
pub(crate) fn apply(
    live: Option<&Value>,
    config: &Value,
    manager: &str,
    force: bool,
    now: &str,
) -> Result<Value, ApplyError> {
    if !config["metadata"]["managedFields"].is_null() {
        return Err(ApplyError::BadRequest(
            "metadata.managedFields must be nil".into(),
        ));
    }
    let ty = user_type();
    let mut config = config.clone();
    if let Some(meta) = config.get_mut("metadata").and_then(Value::as_object_mut) {
        for k in ["resourceVersion", "uid", "creationTimestamp", "generation"] {
            meta.remove(k);
        }
    }
    // The live object keeps its managedFields until the end: comparisons never look
    // at them (they are stripped from every field set).
    let empty = Value::Object(Map::new());
    let live_obj = live.unwrap_or(&empty);
    let mut entries = decode_entries(live.map(|l| &l["metadata"]["managedFields"]));

    let mut merged = live_obj.clone();
    merge(&mut merged, &config, ty);

    let mut new_set = Set::new();
    to_set(&config, ty, &mut Vec::new(), &mut new_set);
    strip(&mut new_set);

    let me = entries.iter().position(|e| e.is(manager, true));
    let last_set = me.map(|i| entries[i].fields.clone()).unwrap_or_default();
    let (old_time, api_version) = match me {
        Some(i) => (entries[i].time.clone(), entries[i].api_version.clone()),
        None => (None, API_VERSION.to_string()),
    };
    if let Some(i) = me {
        entries.remove(i);
    }

    // Prune: what this manager applied before and no longer applies goes, unless a
    // manager (this one included) still owns it or something below it.
    let owned: Set = entries
        .iter()
        .flat_map(|e| e.fields.iter().cloned())
        .chain(new_set.iter().cloned())
        .collect();
    for p in last_set.difference(&new_set) {
        let kept = owned
            .range(p.clone()..)
            .take_while(|o| o.starts_with(p))
            .next()
            .is_some();
        if !kept {
            remove_path(&mut merged, p);
        }
    }

    // Conflicts: fields other managers own that this apply adds or changes.
    let cmp = compare_objects(live_obj, &merged);
    let mut conflicts = Vec::new();
    for e in entries.iter_mut() {
        let hit: Set = e
            .fields
            .iter()
            .filter(|p| cmp.modified.contains(*p) || cmp.added.contains(*p))
            .cloned()
            .collect();
        if !hit.is_empty() {
            if force {
                e.fields.retain(|p| !hit.contains(p));
            } else {
                let who = e.display();
                conflicts.extend(hit.iter().map(|p| Conflict {
                    manager: who.clone(),
                    field: display_path(p),
                }));
            }
        }
        e.fields.retain(|p| !cmp.removed.contains(p));
    }
    if !conflicts.is_empty() {
        conflicts.sort_by(|a, b| (&a.manager, &a.field).cmp(&(&b.manager, &b.field)));
        return Err(ApplyError::Conflicts(conflicts));
    }

    let changed = merged != *live_obj;
    entries.push(Entry {
        manager: manager.to_string(),
        apply: true,
        api_version,
        time: if changed || old_time.is_none() {
            Some(now.to_string())
        } else {
            old_time
        },
        subresource: String::new(),
        fields: new_set,
    });
    set_managed(&mut merged, entries);
    Ok(merged)
}

/// Record a non-apply write (create, update, patch) by `manager`: `live` is the
/// stored object (None for a create), `new` the object about to be stored, with the
/// `managedFields` the request left in it. Returns `new` with its `managedFields`.
///
/// As kube-apiserver does: `managedFields` set to `[]` or `[{}]` by the request
/// clears them first; other `managedFields` the request sets replace the stored
/// ones; a request without them keeps the stored ones.
pub(crate) fn update(live: Option<&Value>, new: Value, manager: &str, now: &str) -> Value {
    let requested = &new["metadata"]["managedFields"];
    let reset = match requested.as_array() {
        Some(a) if a.is_empty() => true,
        Some(a) if a.len() == 1 => a[0].as_object().is_some_and(Map::is_empty),
        _ => false,
    };
    let mut entries = if reset {
        Vec::new()
    } else {
        let from_request = decode_entries(Some(requested));
        if from_request.is_empty() {
            decode_entries(live.map(|l| &l["metadata"]["managedFields"]))
        } else {
            from_request
        }
    };
    let empty = Value::Object(Map::new());
    let live_obj = live.unwrap_or(&empty);
    let mut out = new;
    let cmp = compare_objects(live_obj, &out);
    let taken: Set = if cmp.modified.is_empty() {
        cmp.added
    } else {
        cmp.added.union(&cmp.modified).cloned().collect()
    };
    for e in entries.iter_mut() {
        e.fields
            .retain(|p| !taken.contains(p) && !cmp.removed.contains(p));
    }
    if !taken.is_empty() {
        match entries.iter_mut().find(|e| e.is(manager, false)) {
            Some(e) => {
                e.fields.extend(taken);
                e.time = Some(now.to_string());
                e.api_version = API_VERSION.to_string();
            }
            None => entries.push(Entry {
                manager: manager.to_string(),
                apply: false,
                api_version: API_VERSION.to_string(),
                time: Some(now.to_string()),
                subresource: String::new(),
                fields: taken,
            }),
        }
    }
    entries.retain(|e| !e.fields.is_empty());
    cap_managers(&mut entries);
    set_managed(&mut out, entries);
    out
}

/// The field manager kube-apiserver records for a request without `fieldManager`:
/// the User-Agent's program name (`kubectl-edit` for `kubectl-edit/v1.32.0 (linux/amd64)
/// kubernetes/abc`, `OpenAPI-Generator` for the Python client), at most 128 bytes.
pub(crate) fn manager_from_user_agent(user_agent: Option<&str>) -> String {
    let ua = user_agent.unwrap_or("");
    let name = ua.split('/').next().unwrap_or("").trim();
    let mut name = if name.is_empty() { ua.trim() } else { name }.to_string();
    if name.len() > 128 {
        let mut cut = 128;
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        name.truncate(cut);
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn user(spec: Value) -> Value {
        json!({"apiVersion": API_VERSION, "kind": "User", "metadata": {"name": "u"}, "spec": spec})
    }

    fn entry<'a>(obj: &'a Value, manager: &str, op: &str) -> Option<&'a Value> {
        obj["metadata"]["managedFields"]
            .as_array()?
            .iter()
            .find(|e| e["manager"] == manager && e["operation"] == op)
    }

    #[test]
    fn applying_fewer_fields_removes_them() {
        let a = apply(None, &user(json!({"email": "e"})), "a", false, "t1").unwrap();
        let b = apply(
            Some(&a),
            &user(json!({"email": "e", "displayName": "D"})),
            "a",
            false,
            "t2",
        )
        .unwrap();
        assert_eq!(b["spec"]["displayName"], "D");
        assert_eq!(
            entry(&b, "a", "Apply").unwrap()["fieldsV1"],
            json!({"f:spec": {"f:displayName": {}, "f:email": {}}})
        );
        let c = apply(Some(&b), &user(json!({"email": "e"})), "a", false, "t3").unwrap();
        assert!(c["spec"].get("displayName").is_none(), "{c}");
        assert_eq!(
            entry(&c, "a", "Apply").unwrap()["fieldsV1"],
            json!({"f:spec": {"f:email": {}}})
        );
    }

    #[test]
    fn conflict_force_and_kept_field_of_another_owner() {
        let a = apply(
            None,
            &user(json!({"email": "e", "displayName": "A"})),
            "a",
            false,
            "t",
        )
        .unwrap();
        let err = apply(
            Some(&a),
            &user(json!({"displayName": "B"})),
            "b",
            false,
            "t",
        )
        .unwrap_err();
        assert_eq!(
            err,
            ApplyError::Conflicts(vec![Conflict {
                manager: "\"a\"".into(),
                field: ".spec.displayName".into()
            }])
        );
        let b = apply(Some(&a), &user(json!({"displayName": "B"})), "b", true, "t").unwrap();
        assert_eq!(b["spec"]["displayName"], "B");
        assert_eq!(
            entry(&b, "a", "Apply").unwrap()["fieldsV1"],
            json!({"f:spec": {"f:email": {}}})
        );
        // a re-applies without displayName: b owns it, so it stays.
        let c = apply(Some(&b), &user(json!({"email": "e"})), "a", false, "t").unwrap();
        assert_eq!(c["spec"]["displayName"], "B");
    }

    #[test]
    fn equal_values_are_shared() {
        let a = apply(None, &user(json!({"email": "e"})), "a", false, "t").unwrap();
        let b = apply(Some(&a), &user(json!({"email": "e"})), "b", false, "t").unwrap();
        assert!(entry(&b, "a", "Apply").is_some() && entry(&b, "b", "Apply").is_some());
        // a stops applying it: b still owns it, the value stays.
        let c = apply(
            Some(&b),
            &user(json!({"displayName": "x"})),
            "a",
            false,
            "t",
        )
        .unwrap();
        assert_eq!(c["spec"]["email"], "e");
    }

    #[test]
    fn update_then_apply_conflicts_and_update_takes_over() {
        let created = update(
            None,
            user(json!({"email": "e", "displayName": "D"})),
            "kubectl-create",
            "t",
        );
        assert_eq!(
            entry(&created, "kubectl-create", "Update").unwrap()["fieldsV1"],
            json!({"f:spec": {"f:displayName": {}, "f:email": {}}})
        );
        let err = apply(
            Some(&created),
            &user(json!({"displayName": "X"})),
            "a",
            false,
            "t",
        )
        .unwrap_err();
        let ApplyError::Conflicts(c) = err else {
            panic!()
        };
        assert_eq!(
            c[0].manager,
            "\"kubectl-create\" using management.loft.sh/v1"
        );
        let mut edited = created.clone();
        edited["spec"]["email"] = json!("f");
        let out = update(Some(&created), edited, "kubectl-edit", "t2");
        assert_eq!(
            entry(&out, "kubectl-create", "Update").unwrap()["fieldsV1"],
            json!({"f:spec": {"f:displayName": {}}})
        );
        assert_eq!(
            entry(&out, "kubectl-edit", "Update").unwrap()["fieldsV1"],
            json!({"f:spec": {"f:email": {}}})
        );
    }

    #[test]
    fn labels_are_granular_lists_atomic_sets_and_maps_by_item() {
        let mut cfg = user(json!({"groups": ["a", "b"]}));
        cfg["metadata"]["labels"] = json!({"x": "1"});
        cfg["metadata"]["finalizers"] = json!(["f1"]);
        cfg["metadata"]["ownerReferences"] =
            json!([{"apiVersion": "v1", "kind": "K", "name": "n", "uid": "u1"}]);
        let a = apply(None, &cfg, "a", false, "t").unwrap();
        let f = &entry(&a, "a", "Apply").unwrap()["fieldsV1"];
        assert_eq!(f["f:spec"], json!({"f:groups": {}}));
        assert_eq!(f["f:metadata"]["f:labels"], json!({"f:x": {}}));
        assert_eq!(f["f:metadata"]["f:finalizers"], json!({"v:\"f1\"": {}}));
        // An OwnerReference is declared `x-kubernetes-map-type: atomic`: its item is
        // owned whole.
        assert_eq!(
            f["f:metadata"]["f:ownerReferences"],
            json!({"k:{\"uid\":\"u1\"}": {}})
        );
        // Another label by another applier: no conflict, both kept.
        let mut cfg_b = user(json!({}));
        cfg_b["metadata"]["labels"] = json!({"y": "2"});
        let b = apply(Some(&a), &cfg_b, "b", false, "t").unwrap();
        assert_eq!(b["metadata"]["labels"], json!({"x": "1", "y": "2"}));
        // A different list is a conflict on the whole list.
        let err = apply(Some(&b), &user(json!({"groups": ["a"]})), "b", false, "t").unwrap_err();
        let ApplyError::Conflicts(c) = err else {
            panic!()
        };
        assert_eq!(c[0].field, ".spec.groups");
    }

    #[test]
    fn reset_and_requested_managed_fields() {
        let a = update(None, user(json!({"email": "e"})), "m", "t");
        let mut cleared = a.clone();
        cleared["metadata"]["managedFields"] = json!([]);
        assert!(
            update(Some(&a), cleared.clone(), "m", "t")["metadata"]
                .get("managedFields")
                .is_none()
        );
        cleared["metadata"]["managedFields"] = json!([{}]);
        assert!(
            update(Some(&a), cleared.clone(), "m", "t")["metadata"]
                .get("managedFields")
                .is_none()
        );
        let mut cfg = user(json!({}));
        cfg["metadata"]["managedFields"] = json!([]);
        assert!(matches!(
            apply(Some(&a), &cfg, "x", false, "t"),
            Err(ApplyError::BadRequest(_))
        ));
    }

    #[test]
    fn fields_v1_round_trips() {
        let v = json!({"f:metadata": {"f:labels": {".": {}, "f:a": {}}, "f:finalizers": {"v:\"x\"": {}}},
                       "f:spec": {"f:email": {}}});
        assert_eq!(encode_fields(&decode_fields(&v)), v);
    }

    #[test]
    fn update_managers_are_capped() {
        let mut obj = update(None, user(json!({"email": "e0"})), "m0", "t00");
        for i in 1..=12 {
            let mut next = obj.clone();
            next["spec"][format!("f{i}")] = json!(i);
            obj = update(Some(&obj), next, &format!("m{i}"), &format!("t{i:02}"));
        }
        let list = obj["metadata"]["managedFields"].as_array().unwrap();
        assert_eq!(list.len(), MAX_UPDATE_MANAGERS);
        assert!(entry(&obj, ANCIENT_CHANGES, "Update").is_some());
    }

    #[test]
    fn user_agents_name_managers() {
        assert_eq!(
            manager_from_user_agent(Some("kubectl-edit/v1.32.0 (linux/amd64) kubernetes/abc")),
            "kubectl-edit"
        );
        assert_eq!(
            manager_from_user_agent(Some("OpenAPI-Generator/31.0.0/python")),
            "OpenAPI-Generator"
        );
    }
}
