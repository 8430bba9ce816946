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
use std::ops::Range;

use futures::StreamExt;
use kube::api::ListParams;
use serde_json::{Map, Value};

use super::batch::Item;
use super::input::{self, Need};
use super::rest::{self, ListPage, Users};
use super::write::{output_of, typed};
use crate::api::FIELD_MANAGER;
use crate::api::User;
use crate::error::{Kind, Result};
use crate::manifest;
use crate::output::tree::Node;
use crate::printer::Printer;
use crate::validate;
use std::path::PathBuf;

/// Up to this many names are read with one GET each, whatever the server holds.
pub(crate) const GET_MAX: usize = 50;
/// Page size of the list.
const PAGE: u32 = 500;
/// GETs run at least this many at once (they are small reads).
const GET_CONCURRENCY: usize = 32;
/// What one list page of [`PAGE`] Users costs, in GETs of one User (measured on the
/// dev-server over TLS: ~2.5 ms for a page, ~0.1 ms a GET at 32 at once).
const PAGE_COST: usize = 25;

/// The live Users an apply or a diff reads, as the server sent them: the named Users of
/// the list pages read and the single GETs, kept as text so that the Users are read as
/// borrowed trees ([`Node`]: no `Value` of each, about five times fewer allocations),
/// and never decoded into typed structs and encoded back.
#[derive(Debug, Default)]
pub(crate) struct LiveTexts {
    /// List pages, each with where its named Users are in its text.
    pages: Vec<(String, Vec<Range<usize>>)>,
    singles: Vec<String>,
}

/// The live Users, by name, borrowed from their [`LiveTexts`].
pub(crate) type LiveUsers<'t> = HashMap<String, Node<'t>>;

impl LiveTexts {
    /// The text of each live User.
    fn slices(&self) -> Vec<&str> {
        (self.pages.iter())
            .flat_map(|(text, ranges)| ranges.iter().filter_map(|r| text.get(r.clone())))
            .chain(self.singles.iter().map(String::as_str))
            .collect()
    }

    /// The live Users: each parsed from its own text only (the other Users of a page
    /// are never built), on two threads when there are many.
    pub(crate) fn users(&self) -> Result<LiveUsers<'_>> {
        let texts = self.slices();
        let parts = crate::parallel::on_two_threads(&texts, 2 * GET_MAX, |part| parse_users(part));
        let mut live = LiveUsers::with_capacity(texts.len());
        for part in parts {
            live.extend(part?);
        }
        Ok(live)
    }
}

/// The Users of these texts (each one User's JSON), by name.
fn parse_users<'t>(texts: &[&'t str]) -> Result<Vec<(String, Node<'t>)>> {
    let mut found = Vec::with_capacity(texts.len());
    for text in texts {
        let user: Node<'t> = rest::decode(text)?;
        if let Some(name) = name_of(&user) {
            found.push((name.to_string(), user));
        }
    }
    Ok(found)
}

fn name_of<'n>(user: &'n Node<'_>) -> Option<&'n str> {
    user.get("metadata")?.get("name")?.as_str()
}

/// The string member `key` of an object.
fn str_at<'n>(object: &'n Node<'_>, key: &str) -> Option<&'n str> {
    object.get(key)?.as_str()
}

/// A list page as read: its text, its continue token and count, and its items' names
/// with where each item is in the text (so that only the Users wanted are parsed).
struct Indexed {
    text: String,
    next: Option<String>,
    rest: Option<usize>,
    items: Vec<(String, Range<usize>)>,
}

impl Indexed {
    fn of(text: String) -> Result<Indexed> {
        let page: ListPage<&serde_json::value::RawValue> = rest::decode(&text)?;
        let base = text.as_ptr() as usize;
        let mut items = Vec::with_capacity(page.items.len());
        for raw in &page.items {
            let named: rest::Named<'_> = rest::decode(raw.get())?;
            let start = raw.get().as_ptr() as usize - base;
            let range = start..start + raw.get().len();
            items.push((named.metadata.name.unwrap_or_default().into_owned(), range));
        }
        let next = page.metadata.continue_.clone();
        let rest = page
            .metadata
            .remaining_item_count
            .map(|n| n.max(0) as usize);
        drop(page);
        Ok(Indexed {
            text,
            next,
            rest,
            items,
        })
    }
}

/// Pages of the list read ahead, while the manifests are checked: the first few pages,
/// as many as would hold the users of the input (one more for the Users before them),
/// when the input is large enough to be read by list.
pub(crate) struct Ahead(Option<tokio::task::JoinHandle<Result<Vec<Indexed>>>>);

/// At most this many pages are read ahead.
const AHEAD_MAX: usize = 4;

impl Ahead {
    /// Nothing read ahead.
    pub(crate) fn none() -> Ahead {
        Ahead(None)
    }

    /// Start reading ahead for an input of about `documents` Users (on the runtime's
    /// worker: the caller goes on checking the input on its own thread).
    pub(crate) fn start(users: &Users, documents: usize) -> Ahead {
        if documents <= GET_MAX {
            return Ahead(None);
        }
        let pages = (documents.div_ceil(PAGE as usize) + 1).min(AHEAD_MAX);
        let users = users.clone();
        Ahead(Some(tokio::spawn(async move {
            let mut read = Vec::with_capacity(pages);
            let mut params = ListParams::default().limit(PAGE);
            while read.len() < pages {
                let page = Indexed::of(users.list_page_text(&params).await?)?;
                let next = page.next.clone().filter(|t| !t.is_empty());
                read.push(page);
                match next {
                    Some(token) => params.continue_token = Some(token),
                    None => break,
                }
            }
            Ok(read)
        })))
    }

    /// The pages read ahead, in list order; none if nothing was read or the reading
    /// failed (the list is then read again, and fails again with its own error).
    async fn take(mut self) -> Vec<Indexed> {
        match self.0.take() {
            Some(task) => match task.await {
                Ok(Ok(texts)) => texts,
                _ => Vec::new(),
            },
            None => Vec::new(),
        }
    }
}

impl Drop for Ahead {
    fn drop(&mut self) {
        if let Some(task) = &self.0 {
            task.abort();
        }
    }
}

/// The Users of `-f` for an apply or a diff, checked ([`input::check`]), with the
/// first list pages read ahead meanwhile when there is a client to read them with.
pub(crate) fn load_reading_ahead(
    printer: &Printer,
    paths: &[PathBuf],
    against: validate::Against<'_>,
    client: Option<&kube::Client>,
) -> Result<(Vec<Item<Box<User>>>, Ahead)> {
    let sources = manifest::read_inputs(paths)?;
    let ahead = match client {
        Some(client) => Ahead::start(
            &Users::new(client.clone()),
            input::documents_about(&sources),
        ),
        None => Ahead::none(),
    };
    let items = input::check(printer, &sources, Need::Apply, against)?;
    Ok((items, ahead))
}

/// Read the live Users with these names, whichever way costs less: one GET each
/// (concurrently) when few; else the paged list, page by page, for as long as the
/// pages hold enough of the names to be cheaper than fetching the rest by name. After
/// each page the choice is made again: read on when the list left is small (the page
/// says how much is left, `remainingItemCount`) or when this page found at least
/// [`PAGE_COST`] of the names (lists come in name order from kube-apiserver, so a
/// folder's users tend to sit together); else GET the names not yet found. Whatever
/// the order, the answer is the same: only the number of requests changes.
/// Pages read ahead ([`Ahead`]) are used first, as if read now.
pub(crate) async fn read_live(
    users: &Users,
    names: &[&str],
    concurrency: usize,
    ahead: Ahead,
) -> Result<LiveTexts> {
    let mut live = LiveTexts::default();
    if names.len() <= GET_MAX {
        drop(ahead);
        get_each(users, names, concurrency, &mut live).await?;
        return Ok(live);
    }
    let mut ready = std::collections::VecDeque::from(ahead.take().await);
    let mut wanted: HashSet<&str> = names.iter().copied().collect();
    let mut tokens = rest::ContinueTokens::default();
    let mut params = ListParams::default().limit(PAGE);
    loop {
        let page = match ready.pop_front() {
            Some(page) => page,
            None => Indexed::of(users.list_page_text(&params).await?)?,
        };
        let next = tokens.next(page.next.as_deref())?;
        let hits: Vec<Range<usize>> = (page.items.into_iter())
            .filter(|(name, _)| wanted.remove(name.as_str()))
            .map(|(_, range)| range)
            .collect();
        let found = hits.len();
        if found > 0 {
            live.pages.push((page.text, hits));
        }
        let Some(token) = next else { break };
        if wanted.is_empty() {
            break;
        }
        if !page_on(found, wanted.len(), page.rest) {
            let left: Vec<&str> = names
                .iter()
                .copied()
                .filter(|n| wanted.contains(n))
                .collect();
            get_each(users, &left, concurrency.max(GET_CONCURRENCY), &mut live).await?;
            break;
        }
        params.continue_token = Some(token);
    }
    Ok(live)
}

/// Is reading the next list page cheaper than GETting the `left` names not found yet,
/// when the last page found `hits` of them and `rest` Users are left (if known)? A page
/// costs about [`PAGE_COST`] GETs.
fn page_on(hits: usize, left: usize, rest: Option<usize>) -> bool {
    let pages_to_end = rest.map(|r| r.div_ceil(PAGE as usize));
    pages_to_end.is_some_and(|p| p * PAGE_COST <= left) || hits >= PAGE_COST
}

/// GET each name (at most `concurrency` at once); the missing ones are left out.
async fn get_each(
    users: &Users,
    names: &[&str],
    concurrency: usize,
    live: &mut LiveTexts,
) -> Result<()> {
    let mut gets = futures::stream::iter(names.iter().map(|name| async move {
        match users.get_text(name).await {
            Ok(user) => Ok(Some(user)),
            Err(e) if e.kind == Kind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }))
    .buffer_unordered(concurrency.max(1));
    while let Some(user) = gets.next().await {
        if let Some(user) = user? {
            live.singles.push(user);
        }
    }
    Ok(())
}

/// Would applying `desired` (as apply sends it) to `live` (as the server has it) change
/// nothing? `true` only when proved; `false` means "send the apply".
pub(crate) fn proved_unchanged(desired: &Value, live: &Node<'_>) -> bool {
    if has_null(desired) || !is_subset(desired, live) {
        return false;
    }
    let entries = match live.get("metadata").and_then(|m| m.get("managedFields")) {
        Some(Node::Array(entries)) => entries.as_slice(),
        _ => &[],
    };
    let mut ours = entries.iter().filter(|e| {
        str_at(e, "manager") == Some(FIELD_MANAGER)
            && str_at(e, "operation") == Some("Apply")
            && str_at(e, "subresource").unwrap_or_default().is_empty()
    });
    let (Some(entry), None) = (ours.next(), ours.next()) else {
        return false;
    };
    let empty = Node::Object(Vec::new());
    let owned = entry.get("fieldsV1").unwrap_or(&empty);
    covers_root(desired, owned)
}

/// What an apply needs to know of the live User behind one desired User.
#[derive(Debug)]
pub(crate) enum Live {
    /// The server has no User of that name.
    Absent,
    /// The apply is proved a no-op; the live User as output (for `-o json|yaml` only).
    Unchanged(Option<Value>),
    /// The apply may change it: the live User (or why it could not be read).
    Changed(Result<Box<User>>),
}

/// For each desired User (in order), its live User as the apply needs it. Each live
/// User is parsed from its text, compared, and dropped at once, on two threads when
/// there are many: no map of every tree is built, nor freed by another thread (freeing
/// a thousand trees allocated elsewhere took 3–5 ms).
pub(crate) fn compare_each(texts: &LiveTexts, users: &[&User], objects: bool) -> Result<Vec<Live>> {
    let index: HashMap<&str, usize> = (users.iter().enumerate())
        .filter_map(|(i, u)| Some((u.metadata.name.as_deref()?, i)))
        .collect();
    let slices = texts.slices();
    let compare = |part: &[&str]| -> Result<Vec<(usize, Live)>> {
        let mut found = Vec::with_capacity(part.len());
        for text in part {
            let tree: Node<'_> = rest::decode(text)?;
            let Some(&i) = name_of(&tree).and_then(|n| index.get(n)) else {
                continue;
            };
            let proved = serde_json::to_value(users[i]).is_ok_and(|d| proved_unchanged(&d, &tree));
            let live = match proved {
                true => Live::Unchanged(objects.then(|| output_of(&tree.to_value()))),
                false => Live::Changed(typed(tree.to_value()).map(Box::new)),
            };
            found.push((i, live));
        }
        Ok(found)
    };
    let parts = crate::parallel::on_two_threads(&slices, 2 * GET_MAX, compare);
    let mut each: Vec<Live> = users.iter().map(|_| Live::Absent).collect();
    for part in parts {
        for (i, live) in part? {
            each[i] = live;
        }
    }
    Ok(each)
}

fn has_null(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Object(m) => m.values().any(has_null),
        Value::Array(a) => a.iter().any(has_null),
        _ => false,
    }
}

/// Is every field of `part` present in `whole` with the same value? (Lists compare as
/// wholes, as a merge would replace them; a null in `part` matches an absent field.)
fn is_subset(part: &Value, whole: &Node<'_>) -> bool {
    match (part, whole) {
        (Value::Object(p), Node::Object(_)) => p.iter().all(|(k, v)| match whole.get(k) {
            Some(w) => is_subset(v, w),
            None => v.is_null(),
        }),
        _ => same(part, whole),
    }
}

/// The same JSON value (objects whatever the order of their members).
fn same(v: &Value, n: &Node<'_>) -> bool {
    match (v, n) {
        (Value::Null, Node::Null) => true,
        (Value::Bool(a), Node::Bool(b)) => a == b,
        (Value::Number(a), Node::Number(b)) => a == b,
        (Value::String(a), Node::String(b)) => a == b,
        (Value::Array(a), Node::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
        }
        (Value::Object(a), Node::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| n.get(k).is_some_and(|w| same(v, w)))
        }
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

/// The owned field set (FieldsV1) is exactly the manifest's fields, at the top level:
/// without `apiVersion`, `kind` and [`STRIPPED_META`] (read in place, not copied).
fn covers_root(desired: &Value, owned: &Node<'_>) -> bool {
    let (Some(d), Node::Object(_)) = (desired.as_object(), owned) else {
        return false;
    };
    // `metadata` counts unless nothing is left of it once stripped.
    let meta = d.get("metadata");
    let meta_counts = meta.is_some_and(|m| {
        m.as_object()
            .is_none_or(|m| tracked_meta(m).next().is_some())
    });
    // `f:metadata` may be present with nothing left under it (all stripped): then it
    // does not count as an owned field either.
    let skip_meta = !meta_counts
        && owned
            .get("f:metadata")
            .is_some_and(|m| children(m).next().is_none());
    let top = d.iter().filter(|(k, _)| match k.as_str() {
        "apiVersion" | "kind" => false,
        "metadata" => meta_counts,
        _ => true,
    });
    let owned_fields = children(owned)
        .filter(|(k, _)| !(skip_meta && *k == "f:metadata"))
        .count();
    owned_fields == top.clone().count()
        && top.clone().all(|(k, v)| {
            let Some(o) = owned_field(owned, k) else {
                return false;
            };
            match (k.as_str(), v.as_object()) {
                ("metadata", Some(m)) => {
                    matches!(o, Node::Object(_)) && covers_members(tracked_meta(m), o)
                }
                _ => covers(v, o),
            }
        })
}

/// The members of `metadata` that field management tracks (not [`STRIPPED_META`]).
fn tracked_meta(meta: &Map<String, Value>) -> impl Iterator<Item = (&String, &Value)> + Clone {
    meta.iter()
        .filter(|(k, _)| !STRIPPED_META.contains(&k.as_str()))
}

/// The `f:`/`k:`/`v:`/`i:` children of an owned node (not `.`, the node itself).
fn children<'n, 'a>(owned: &'n Node<'a>) -> impl Iterator<Item = (&'n str, &'n Node<'a>)> {
    let members: &[(std::borrow::Cow<'a, str>, Node<'a>)] = match owned {
        Node::Object(members) => members,
        _ => &[],
    };
    members
        .iter()
        .map(|(k, v)| (k.as_ref(), v))
        .filter(|(k, _)| *k != ".")
}

/// The owned node of field `name` (`f:NAME`).
fn owned_field<'n, 'a>(owned: &'n Node<'a>, name: &str) -> Option<&'n Node<'a>> {
    children(owned)
        .find(|(k, _)| k.strip_prefix("f:") == Some(name))
        .map(|(_, v)| v)
}

fn covers_object(desired: &Map<String, Value>, owned: &Node<'_>) -> bool {
    covers_members(desired.iter(), owned)
}

/// The owned node has exactly these fields, each covering its value.
fn covers_members<'v>(
    mut desired: impl Iterator<Item = (&'v String, &'v Value)> + Clone,
    owned: &Node<'_>,
) -> bool {
    children(owned).count() == desired.clone().count()
        && desired.all(|(k, v)| owned_field(owned, k).is_some_and(|o| covers(v, o)))
}

fn covers(desired: &Value, owned: &Node<'_>) -> bool {
    match desired {
        Value::Object(d) => matches!(owned, Node::Object(_)) && covers_object(d, owned),
        // A list owned whole (`{}`), or a set list owned by value.
        Value::Array(items) => {
            let kids: Vec<&str> = children(owned).map(|(k, _)| k).collect();
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

    /// [`proved_unchanged`] of a live User given as a `Value`.
    fn proved(desired: &Value, live: &Value) -> bool {
        let text = live.to_string();
        proved_unchanged(desired, &rest::decode(&text).unwrap())
    }

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

    /// Requests seen: (list pages, GETs by name).
    type Counts = std::sync::Arc<(
        std::sync::atomic::AtomicUsize,
        std::sync::atomic::AtomicUsize,
    )>;

    /// A fake API server holding `all` (sorted names): list pages (`limit`, the
    /// continue token is the offset, `remainingItemCount` as kube-apiserver sends it)
    /// and GETs by name. Returns the client and the (lists, GETs) counters.
    fn fake_server(all: Vec<String>) -> (Users, Counts) {
        use std::sync::atomic::Ordering::SeqCst;
        let counts = Counts::default();
        let seen = std::sync::Arc::clone(&counts);
        let svc = tower::service_fn(move |req: http::Request<kube::client::Body>| {
            let (all, seen) = (all.clone(), std::sync::Arc::clone(&seen));
            async move {
                let (seen, path) = (&*seen, req.uri().path().to_string());
                let query = req.uri().query().unwrap_or_default().to_string();
                let param = |k: &str| {
                    query
                        .split('&')
                        .find_map(|p| p.strip_prefix(&format!("{k}=")))
                        .map(str::to_string)
                };
                let user = |n: &str| json!({"metadata": {"name": n}});
                let (status, body) = match path.rsplit_once("/users/") {
                    Some((_, name)) => {
                        seen.1.fetch_add(1, SeqCst);
                        match all.iter().any(|n| n == name) {
                            true => (200, user(name)),
                            false => (404, json!({"kind": "Status", "code": 404})),
                        }
                    }
                    None => {
                        seen.0.fetch_add(1, SeqCst);
                        let limit: usize = param("limit").unwrap().parse().unwrap();
                        let from: usize = param("continue").map_or(0, |c| c.parse().unwrap());
                        let to = (from + limit).min(all.len());
                        let items: Vec<Value> = all[from..to].iter().map(|n| user(n)).collect();
                        let mut meta = json!({});
                        if to < all.len() {
                            meta = json!({"continue": to.to_string(),
                                          "remainingItemCount": all.len() - to});
                        }
                        (200, json!({"metadata": meta, "items": items}))
                    }
                };
                let resp = http::Response::builder()
                    .status(status)
                    .body(kube::client::Body::from(body.to_string().into_bytes()))
                    .unwrap();
                Ok::<_, std::convert::Infallible>(resp)
            }
        });
        (Users::new(kube::Client::new(svc, "default")), counts)
    }

    fn read(all: &[String], names: &[String]) -> (Vec<String>, usize, usize) {
        read_with_ahead(all, names, 0)
    }

    /// [`read_live`] of `names` from a server holding `all`, with pages read ahead for
    /// an input of `documents` (0: none); the Users found, and (lists, GETs) sent.
    fn read_with_ahead(
        all: &[String],
        names: &[String],
        documents: usize,
    ) -> (Vec<String>, usize, usize) {
        use std::sync::atomic::Ordering::SeqCst;
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let (texts, counts) = rt.block_on(async {
            let (users, counts) = fake_server(all.to_vec());
            let ahead = match documents {
                0 => Ahead::none(),
                n => Ahead::start(&users, n),
            };
            (read_live(&users, &names, 4, ahead).await.unwrap(), counts)
        });
        let mut found: Vec<String> = texts.users().unwrap().into_keys().collect();
        found.sort();
        (found, counts.0.load(SeqCst), counts.1.load(SeqCst))
    }

    fn named(prefix: &str, n: usize) -> Vec<String> {
        (0..n).map(|i| format!("{prefix}{i:05}")).collect()
    }

    #[test]
    fn names_that_sit_together_in_a_long_list_are_read_by_pages() {
        // 600 names first in a list of 3,600: two pages hold them all, no GET.
        let mine = named("a", 600);
        let all = [mine.clone(), named("z", 3000)].concat();
        let (found, lists, gets) = read(&all, &mine);
        assert_eq!(found, mine);
        assert_eq!((lists, gets), (2, 0));
    }

    #[test]
    fn pages_read_ahead_are_used_not_read_again() {
        // 600 documents: three pages read ahead (two would hold them, one more for the
        // Users before them); the two the names need are not read again.
        let mine = named("a", 600);
        let all = [mine.clone(), named("z", 3000)].concat();
        let (found, lists, gets) = read_with_ahead(&all, &mine, 600);
        assert_eq!(found, mine);
        assert_eq!((lists, gets), (3, 0));
        // Few names: GETs, and whatever was read ahead is dropped.
        let few = named("a", 10);
        let (found, _, gets) = read_with_ahead(&all, &few, 10);
        assert_eq!((found, gets), (few.clone(), 10));
    }

    #[test]
    fn names_scattered_over_a_long_list_are_fetched_by_name() {
        // One name in a hundred: the first page finds 5, so the rest are GETs, and a
        // name the server does not hold is left out.
        let all = named("u", 20_000);
        let mut wanted: Vec<String> = all.iter().step_by(100).cloned().collect();
        wanted.push("u99999".into());
        let (found, lists, gets) = read(&all, &wanted);
        assert_eq!(found, wanted[..wanted.len() - 1]);
        assert_eq!((lists, gets), (1, wanted.len() - 5));
    }

    #[test]
    fn a_short_list_is_read_to_its_end() {
        // 60 new names, a list of 1,200 with none of them: three pages beat 60 GETs.
        let (found, lists, gets) = read(&named("z", 1200), &named("a", 60));
        assert!(found.is_empty());
        assert_eq!((lists, gets), (3, 0));
    }

    #[test]
    fn paging_on_is_chosen_by_hits_or_by_what_is_left() {
        assert!(page_on(PAGE_COST, 1000, None));
        assert!(!page_on(PAGE_COST - 1, 1000, None));
        assert!(page_on(0, 2 * PAGE_COST, Some(2 * PAGE as usize)));
        assert!(!page_on(0, 2 * PAGE_COST - 1, Some(2 * PAGE as usize)));
    }

    #[test]
    fn equal_and_owned_exactly_is_proved() {
        let owned = json!({"f:spec": {"f:email": {}, "f:groups": {}}});
        let spec = json!({"email": "a@x", "groups": ["g"]});
        let user = live(spec.clone(), FIELD_MANAGER, "Apply", owned);
        assert!(proved(&desired(spec), &user));
    }

    #[test]
    fn comparisons_of_many_users_are_each_users_own() {
        // 300 users, every third changed (another email) and every fifth missing.
        let owned = json!({"f:spec": {"f:email": {}}});
        let texts: Vec<(String, String)> = (0..300)
            .filter(|i| i % 5 != 0)
            .map(|i| {
                let mut user = live(
                    json!({"email": format!("u{i}@x")}),
                    FIELD_MANAGER,
                    "Apply",
                    owned.clone(),
                );
                user["metadata"]["name"] = json!(format!("u{i}"));
                (format!("u{i}"), user.to_string())
            })
            .collect();
        let texts = LiveTexts {
            pages: Vec::new(),
            singles: texts.into_iter().map(|(_, t)| t).collect(),
        };
        let users: Vec<User> = (0..300)
            .map(|i| {
                let email = if i % 3 == 0 {
                    format!("other{i}@x")
                } else {
                    format!("u{i}@x")
                };
                serde_json::from_value(
                    json!({"apiVersion": "management.loft.sh/v1", "kind": "User",
                    "metadata": {"name": format!("u{i}")}, "spec": {"email": email}}),
                )
                .unwrap()
            })
            .collect();
        let refs: Vec<&User> = users.iter().collect();
        let each = compare_each(&texts, &refs, false).unwrap();
        let proved: Vec<bool> = each
            .iter()
            .map(|l| matches!(l, Live::Unchanged(None)))
            .collect();
        let absent: Vec<bool> = each.iter().map(|l| matches!(l, Live::Absent)).collect();
        assert_eq!(absent, (0..300).map(|i| i % 5 == 0).collect::<Vec<_>>());
        // A changed user carries the live one, as the server has it.
        match &each[3] {
            Live::Changed(Ok(before)) => assert_eq!(before.spec.email.as_deref(), Some("u3@x")),
            other => panic!("{other:?}"),
        }
        let expected: Vec<bool> = (0..300).map(|i| i % 3 != 0 && i % 5 != 0).collect();
        assert_eq!(proved, expected);
    }

    #[test]
    fn members_compare_whatever_their_order() {
        let owned = json!({"f:spec": {"f:groups": {}, "f:email": {}}});
        let user = live(
            json!({"groups": ["g"], "email": "a@x"}),
            FIELD_MANAGER,
            "Apply",
            owned,
        );
        assert!(proved(
            &desired(json!({"email": "a@x", "groups": ["g"]})),
            &user
        ));
        // Lists keep their order.
        assert!(!proved(
            &desired(json!({"email": "a@x", "groups": ["h", "g"]})),
            &user
        ));
        let text = json!({"a": {"x": 1, "y": [1, "s"]}}).to_string();
        let node: Node<'_> = rest::decode(&text).unwrap();
        assert!(same(&json!({"a": {"y": [1, "s"], "x": 1}}), &node));
        assert!(!same(&json!({"a": {"y": [1, "s"]}}), &node));
        assert!(!same(
            &json!({"a": {"y": [1, "s"], "x": 1, "z": null}}),
            &node
        ));
    }

    #[test]
    fn anything_unproved_sends_the_apply() {
        let spec = json!({"email": "a@x"});
        let owned = json!({"f:spec": {"f:email": {}}});
        // A different value.
        let user = live(spec.clone(), FIELD_MANAGER, "Apply", owned.clone());
        assert!(!proved(&desired(json!({"email": "b@x"})), &user));
        // Owned by another manager, or by loftctl through an update.
        let other = live(spec.clone(), "kubectl", "Apply", owned.clone());
        assert!(!proved(&desired(spec.clone()), &other));
        let update = live(spec.clone(), FIELD_MANAGER, "Update", owned.clone());
        assert!(!proved(&desired(spec.clone()), &update));
        // loftctl owns a field the manifest no longer has: the apply would remove it.
        let more = live(
            json!({"email": "a@x", "displayName": "A"}),
            FIELD_MANAGER,
            "Apply",
            json!({"f:spec": {"f:email": {}, "f:displayName": {}}}),
        );
        assert!(!proved(&desired(spec.clone()), &more));
        // The manifest has a field loftctl does not own yet (equal value).
        let fewer = live(
            json!({"email": "a@x", "displayName": "A"}),
            FIELD_MANAGER,
            "Apply",
            owned.clone(),
        );
        assert!(!proved(
            &desired(json!({"email": "a@x", "displayName": "A"})),
            &fewer
        ));
        // A null in the manifest.
        let user = live(spec.clone(), FIELD_MANAGER, "Apply", owned);
        assert!(!proved(
            &desired(json!({"email": "a@x", "username": null})),
            &user
        ));
        // No managedFields at all.
        let mut bare = user.clone();
        bare["metadata"]
            .as_object_mut()
            .unwrap()
            .remove("managedFields");
        assert!(!proved(&desired(spec), &bare));
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
        assert!(proved(&want, &user));
        want["metadata"]["labels"] = json!({"team": "x", "env": "y"});
        assert!(!proved(&want, &user));
        // Labels owned but no longer in the manifest: the apply would remove them.
        assert!(!proved(&desired(json!({"email": "a@x"})), &user));
        // Labels in the manifest that loftctl does not own yet.
        let plain = json!({"f:spec": {"f:email": {}}});
        let mut unowned = live(json!({"email": "a@x"}), FIELD_MANAGER, "Apply", plain);
        unowned["metadata"]["labels"] = json!({"team": "x"});
        want["metadata"]["labels"] = json!({"team": "x"});
        assert!(!proved(&want, &unowned));
        // An `f:metadata` left empty (only stripped fields) is no owned field.
        let empty_meta = json!({"f:metadata": {}, "f:spec": {"f:email": {}}});
        let user = live(json!({"email": "a@x"}), FIELD_MANAGER, "Apply", empty_meta);
        assert!(proved(&desired(json!({"email": "a@x"})), &user));
    }

    #[test]
    fn set_lists_by_value() {
        let owned = json!({"f:spec": {"f:groups": {"v:\"a\"": {}, "v:\"b\"": {}}}});
        let user = live(json!({"groups": ["a", "b"]}), FIELD_MANAGER, "Apply", owned);
        assert!(proved(&desired(json!({"groups": ["a", "b"]})), &user));
        assert!(!proved(&desired(json!({"groups": ["a"]})), &user));
    }
}
