//! The in-memory object store: Users by name (kept sorted, as etcd lists them), a
//! monotonic resourceVersion, a bounded history of events for watch resumption, and,
//! with `--state FILE`, a journal that makes every change durable before it is answered.
//!
//! Objects are kept both parsed (for patches and selectors) and serialized (so that a
//! list of 10,000 users is a concatenation of ready bytes, not 10,000 serializations).
//!
//! The state file is JSON lines: a header `{"loftctlDevServerState":1,"rv":N}` and then
//! one record per change, `{"rv":N,"put":{…}}` or `{"rv":N,"delete":"name"}`, and the
//! token signing key the server generated, `{"signingKey":"PEM"}`. A record is
//! appended with one `write` before the response is sent, so it survives `kill -9` (the
//! data is in the kernel's page cache; it is not fsynced per change). On start, and when
//! the journal grows past twice the live set, it is compacted: a snapshot of the live
//! objects is written to a temporary file without holding the store's lock, the records
//! appended meanwhile are added under the lock, and the file is fsynced and renamed over
//! the state file, so that a crash at any point leaves either the old or the new file.
//! A failed append (a full disk) is cut back to the last whole record; a torn last line
//! (a crash in the middle of a write) is reported and dropped on load. The file is
//! locked for the life of the server, and temporary files get unique names
//! (`statefile`).
//!
//! The history of events serves watches that resume from a resourceVersion and lists
//! read as of an older resourceVersion (the later pages of a paged list, and
//! `resourceVersionMatch=Exact`); it is bounded, and older resourceVersions are 410.

use crate::printer::Printer;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use bytes::Bytes;
use serde_json::{Value, json};
use tokio::sync::broadcast;

use super::status::{ApiError, ApiResult};

/// Events kept for watch resumption and consistent paging, by default.
pub const HISTORY: usize = 10_000;
/// Live-event buffer per watcher before it is cut off (the client re-lists).
const CHANNEL: usize = 16_384;

/// One stored object.
#[derive(Debug)]
pub struct Obj {
    pub name: String,
    pub rv: u64,
    pub labels: BTreeMap<String, String>,
    pub value: Value,
    pub bytes: Bytes,
}

impl Obj {
    /// Build from a complete object; `rv` 0 leaves the resourceVersion as it is.
    pub fn new(mut value: Value, rv: u64) -> Obj {
        if rv > 0
            && let Some(meta) = value.get_mut("metadata").and_then(Value::as_object_mut)
        {
            meta.insert("resourceVersion".into(), json!(rv.to_string()));
        }
        Self::from_value(value, rv)
    }

    fn from_value(value: Value, rv: u64) -> Obj {
        let name = value["metadata"]["name"].as_str().unwrap_or("").to_string();
        let labels = value["metadata"]["labels"]
            .as_object()
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                    .collect()
            })
            .unwrap_or_default();
        let bytes = Bytes::from(serde_json::to_vec(&value).unwrap_or_default());
        Obj {
            name,
            rv,
            labels,
            value,
            bytes,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Added,
    Modified,
    Deleted,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Added => "ADDED",
            EventKind::Modified => "MODIFIED",
            EventKind::Deleted => "DELETED",
        }
    }
}

/// A change, as watchers see it. For Deleted, `obj` is the last state (with the
/// deletion's resourceVersion); `prev` is the state before a modification.
#[derive(Debug)]
pub struct Event {
    pub kind: EventKind,
    pub rv: u64,
    pub obj: Arc<Obj>,
    pub prev: Option<Arc<Obj>>,
}

/// What a write decides, given the current object.
pub enum Change {
    Put(Value),
    Delete,
    /// Nothing to do: answer with the current object (a no-op update).
    Keep,
}

/// The events a new watch sends first, its live receiver, and the resourceVersion
/// it starts at (every later event comes through the receiver).
pub type WatchStart = (Vec<Arc<Event>>, broadcast::Receiver<Arc<Event>>, u64);

pub struct Written {
    pub obj: Arc<Obj>,
    pub created: bool,
}

#[derive(Debug)]
pub struct Page {
    pub rv: u64,
    pub items: Vec<Arc<Obj>>,
    /// Set when the page was cut by the limit: the last name returned.
    pub last: Option<String>,
    /// When the page was cut and the list is counted: how many objects follow it.
    pub remaining: Option<usize>,
}

struct Journal {
    path: PathBuf,
    file: File,
    records: usize,
    /// While a compaction writes its snapshot: the records appended since, which the
    /// new file gets too.
    pending: Option<Vec<u8>>,
    /// The file's length after its last whole record.
    len: u64,
    /// A failed append could not be cut back: nothing more is written.
    broken: bool,
}

struct Inner {
    objects: BTreeMap<String, Arc<Obj>>,
    rv: u64,
    history: VecDeque<Arc<Event>>,
    /// Every event with rv > history_start is in `history`.
    history_start: u64,
    history_limit: usize,
    journal: Option<Journal>,
    /// The token signing key kept in the state file (PEM).
    signing_key: Option<String>,
    /// The `UniqueKey` index: key → the name of the object holding it.
    holders: HashMap<String, String>,
}

/// A value no two stored objects may share (users' emails), kept in an index so that a
/// write checks it in constant time instead of reading every object.
pub struct UniqueKey {
    /// The key `object` holds (normalised: two values that clash give the same key);
    /// `None` holds nothing.
    pub key: fn(&Value) -> Option<String>,
    /// The answer when the object `name`, about to become `new`, would take a key
    /// `holder` already holds.
    pub clash: fn(name: &str, new: &Value, holder: &str) -> ApiError,
}

pub struct Store {
    inner: RwLock<Inner>,
    /// Held while the server runs: one dev-server per state file.
    _lock: Option<super::statefile::Lock>,
    /// What loading the state file dropped (a torn last record), to be reported.
    dropped: Option<String>,
    tx: broadcast::Sender<Arc<Event>>,
    unique: Option<UniqueKey>,
    /// Where a failed compaction is reported.
    printer: Printer,
}

/// `410 Expired` for a resourceVersion older than the history.
pub fn too_old(rv: u64, oldest: u64) -> ApiError {
    ApiError::expired(format!("too old resource version: {rv} ({oldest})"))
}

impl Store {
    /// An in-memory store, or one backed by the state file at `path` (tests).
    #[cfg(test)]
    pub fn open(path: Option<&Path>) -> Result<Store, String> {
        Self::open_with(path, HISTORY)
    }

    /// `open`, keeping at most `history` events.
    pub fn open_with(path: Option<&Path>, history: usize) -> Result<Store, String> {
        let mut inner = Inner {
            objects: BTreeMap::new(),
            rv: 1,
            history: VecDeque::new(),
            history_start: 1,
            history_limit: history.max(1),
            journal: None,
            signing_key: None,
            holders: HashMap::new(),
        };
        let mut lock = None;
        let mut dropped = None;
        if let Some(path) = path {
            lock = Some(super::statefile::lock(path)?);
            if path.exists() {
                dropped = load(path, &mut inner)?;
            }
            inner.history_start = inner.rv;
            let snapshot = Snapshot::of(&inner);
            write_snapshot(path, &snapshot, &[])
                .map_err(|e| format!("cannot write the state file {}: {e}", path.display()))?;
            inner.journal = Some(
                Journal::open(path)
                    .map_err(|e| format!("cannot open the state file {}: {e}", path.display()))?,
            );
        }
        let (tx, _) = broadcast::channel(CHANNEL);
        Ok(Store {
            inner: RwLock::new(inner),
            _lock: lock,
            dropped,
            tx,
            unique: None,
            printer: Printer::plain(),
        })
    }

    /// Keep `unique` on every put, checked under the write lock (so that two concurrent
    /// writes cannot both pass it). The index is built from the objects loaded so far;
    /// where a state file already holds a clash, the first name in order keeps the key.
    pub fn with_unique(mut self, unique: UniqueKey) -> Store {
        let inner = self.inner.get_mut().unwrap_or_else(|e| e.into_inner());
        let mut holders = HashMap::new();
        for (name, obj) in &inner.objects {
            if let Some(key) = (unique.key)(&obj.value) {
                holders.entry(key).or_insert_with(|| name.clone());
            }
        }
        inner.holders = holders;
        self.unique = Some(unique);
        self
    }

    /// Refuse `new` for `name` when another object holds its unique key.
    fn check_unique(&self, inner: &Inner, name: &str, new: &Value) -> ApiResult<()> {
        let Some(unique) = &self.unique else {
            return Ok(());
        };
        let Some(key) = (unique.key)(new) else {
            return Ok(());
        };
        match inner.holders.get(&key) {
            Some(holder) if holder != name => Err((unique.clash)(name, new, holder)),
            _ => Ok(()),
        }
    }

    /// Move `name`'s entry in the unique index from `old` to `new` (`None`: deleted).
    fn reindex(&self, inner: &mut Inner, name: &str, old: Option<&Value>, new: Option<&Value>) {
        let Some(unique) = &self.unique else {
            return;
        };
        let old = old.and_then(|v| (unique.key)(v));
        let new = new.and_then(|v| (unique.key)(v));
        if old == new {
            return;
        }
        if let Some(old) = old
            && inner.holders.get(&old).is_some_and(|h| h == name)
        {
            inner.holders.remove(&old);
        }
        if let Some(new) = new {
            inner.holders.insert(new, name.to_string());
        }
    }

    /// Every object, in name order.
    pub fn all(&self) -> Vec<Arc<Obj>> {
        self.read().objects.values().cloned().collect()
    }

    /// The torn last record loading the state file dropped, described.
    pub fn dropped_record(&self) -> Option<&str> {
        self.dropped.as_deref()
    }

    /// Report notices (a failed compaction) through this printer.
    pub fn with_printer(mut self, printer: Printer) -> Store {
        self.printer = printer;
        self
    }

    fn read(&self) -> RwLockReadGuard<'_, Inner> {
        self.inner.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write_lock(&self) -> RwLockWriteGuard<'_, Inner> {
        self.inner.write().unwrap_or_else(|p| p.into_inner())
    }

    pub fn len(&self) -> usize {
        self.read().objects.len()
    }

    pub fn current_rv(&self) -> u64 {
        self.read().rv
    }

    pub fn get(&self, name: &str) -> Option<Arc<Obj>> {
        self.read().objects.get(name).cloned()
    }

    /// The signing key kept in the state file, if any.
    pub fn signing_key(&self) -> Option<String> {
        self.read().signing_key.clone()
    }

    /// Keep the signing key in the state file (nothing to do in memory).
    pub fn keep_signing_key(&self, pem: &str) -> Result<(), String> {
        let mut inner = self.write_lock();
        inner.signing_key = Some(pem.to_string());
        if let Some(journal) = inner.journal.as_mut() {
            let mut line = serde_json::to_vec(&json!({ "signingKey": pem })).unwrap_or_default();
            line.push(b'\n');
            journal
                .append(&line)
                .map_err(|e| format!("cannot write the state file: {e}"))?;
        }
        Ok(())
    }

    /// Objects after `start_after` (exclusive) in name order that pass `filter`, at
    /// most `limit` (0: all), as of now; the rest is not counted.
    pub fn list(
        &self,
        start_after: Option<&str>,
        limit: usize,
        filter: impl Fn(&Obj) -> bool,
    ) -> Page {
        match self.list_at(None, start_after, None, limit, filter) {
            Ok(page) => page,
            Err(_) => unreachable_page(),
        }
    }

    /// `list` as of resourceVersion `at` (None: now), from the history: 410 when `at`
    /// is older than the history, 504 when it is newer than the store.
    ///
    /// `offset`, for a list without a filter, is how many objects precede `start_after`
    /// (0 on the first page; the continue token carries it): a page cut by `limit` then
    /// counts the objects after it as the total minus those before and on the page, in
    /// time that does not grow with the list. Without it (a filtered list, as
    /// kube-apiserver does) the rest is not counted, and the walk stops at the first
    /// object past the page. (Walking the whole rest on every page made a paged list
    /// quadratic: 100,000 users in 200 pages walked 10 million objects.)
    pub fn list_at(
        &self,
        at: Option<u64>,
        start_after: Option<&str>,
        offset: Option<usize>,
        limit: usize,
        filter: impl Fn(&Obj) -> bool,
    ) -> ApiResult<Page> {
        let inner = self.read();
        let lower = match start_after {
            Some(s) => std::ops::Bound::Excluded(s),
            None => std::ops::Bound::Unbounded,
        };
        let bounds = (lower, std::ops::Bound::Unbounded);
        // The state at `at` of each name changed since: the state before its first
        // later event.
        let mut past: BTreeMap<&str, Option<&Arc<Obj>>> = BTreeMap::new();
        let rv = match at {
            None => inner.rv,
            Some(at) if at > inner.rv => {
                return Err(ApiError::too_large_resource_version(at, inner.rv));
            }
            Some(at) if at < inner.history_start => {
                return Err(too_old(at, inner.history_start));
            }
            Some(at) => {
                let skip = inner.history.partition_point(|e| e.rv <= at);
                for ev in inner.history.iter().skip(skip) {
                    past.entry(ev.obj.name.as_str())
                        .or_insert(ev.prev.as_ref().filter(|_| ev.kind != EventKind::Added));
                }
                at
            }
        };
        let current = inner
            .objects
            .range::<str, _>(bounds)
            .map(|(k, v)| (k.as_str(), Some(v)));
        let range: Box<dyn Iterator<Item = (&str, Option<&Arc<Obj>>)>> = if past.is_empty() {
            Box::new(current)
        } else {
            let then = past.range::<str, _>(bounds).map(|(k, v)| (*k, *v));
            Box::new(merge_states(current, then))
        };
        let mut items = Vec::new();
        let mut more = false;
        for (_, obj) in range {
            let Some(obj) = obj else {
                continue;
            };
            if !filter(obj) {
                continue;
            }
            if limit > 0 && items.len() == limit {
                more = true;
                break;
            }
            items.push(obj.clone());
        }
        let last = more
            .then(|| items.last().map(|o: &Arc<Obj>| o.name.clone()))
            .flatten();
        let remaining = match offset {
            Some(before) if last.is_some() => {
                // The size of the list at `rv`: now, less what was added since, plus
                // what was deleted since.
                let mut total = inner.objects.len();
                for (name, then) in &past {
                    let now = inner.objects.contains_key(*name);
                    match (then.is_some(), now) {
                        (true, false) => total += 1,
                        (false, true) => total = total.saturating_sub(1),
                        _ => {}
                    }
                }
                Some(total.saturating_sub(before + items.len()))
            }
            _ => None,
        };
        Ok(Page {
            rv,
            items,
            last,
            remaining,
        })
    }

    /// Change the object `name`: `decide` sees the current object (if any) and the
    /// resourceVersion the change will get, and returns the change. Persisted and
    /// broadcast before returning, unless `dry_run`.
    pub fn write(
        &self,
        name: &str,
        dry_run: bool,
        decide: impl FnOnce(Option<&Arc<Obj>>) -> ApiResult<Change>,
    ) -> ApiResult<Written> {
        if dry_run {
            let cur = self.get(name);
            return match decide(cur.as_ref())? {
                Change::Put(v) => {
                    self.check_unique(&self.read(), name, &v)?;
                    Ok(Written {
                        obj: Arc::new(Obj::new(v, 0)),
                        created: cur.is_none(),
                    })
                }
                Change::Delete | Change::Keep => match cur {
                    Some(obj) => Ok(Written {
                        obj,
                        created: false,
                    }),
                    None => Err(ApiError::not_found(name)),
                },
            };
        }
        let mut inner = self.write_lock();
        let cur = inner.objects.get(name).cloned();
        let change = decide(cur.as_ref())?;
        let rv = inner.rv + 1;
        let (event, written) = match change {
            Change::Keep => {
                return match cur {
                    Some(obj) => Ok(Written {
                        obj,
                        created: false,
                    }),
                    None => Err(ApiError::not_found(name)),
                };
            }
            Change::Put(value) => {
                self.check_unique(&inner, name, &value)?;
                let obj = Arc::new(Obj::new(value, rv));
                let kind = if cur.is_some() {
                    EventKind::Modified
                } else {
                    EventKind::Added
                };
                let event = Event {
                    kind,
                    rv,
                    obj: obj.clone(),
                    prev: cur.clone(),
                };
                (
                    event,
                    Written {
                        obj,
                        created: cur.is_none(),
                    },
                )
            }
            Change::Delete => {
                let Some(cur) = cur else {
                    return Err(ApiError::not_found(name));
                };
                // The DELETED event carries the object at the deletion's resourceVersion.
                let obj = Arc::new(Obj::new(cur.value.clone(), rv));
                let event = Event {
                    kind: EventKind::Deleted,
                    rv,
                    obj: obj.clone(),
                    prev: Some(cur),
                };
                (
                    event,
                    Written {
                        obj,
                        created: false,
                    },
                )
            }
        };
        // Persist first: a failed write leaves the store unchanged.
        if let Some(journal) = inner.journal.as_mut() {
            let mut line = Vec::with_capacity(event.obj.bytes.len() + 40);
            line.extend_from_slice(format!("{{\"rv\":{rv},").as_bytes());
            if event.kind == EventKind::Deleted {
                line.extend_from_slice(b"\"delete\":");
                line.extend_from_slice(serde_json::to_string(name).unwrap_or_default().as_bytes());
            } else {
                line.extend_from_slice(b"\"put\":");
                line.extend_from_slice(&event.obj.bytes);
            }
            line.extend_from_slice(b"}\n");
            journal
                .append(&line)
                .map_err(|e| ApiError::internal(format!("cannot write the state file: {e}")))?;
        }
        inner.rv = rv;
        let old = event.prev.as_ref().map(|o| &o.value);
        if event.kind == EventKind::Deleted {
            self.reindex(&mut inner, name, old, None);
            inner.objects.remove(name);
        } else {
            self.reindex(&mut inner, name, old, Some(&event.obj.value));
            inner.objects.insert(name.to_string(), event.obj.clone());
        }
        let event = Arc::new(event);
        inner.history.push_back(event.clone());
        while inner.history.len() > inner.history_limit {
            if let Some(old) = inner.history.pop_front() {
                inner.history_start = old.rv;
            }
        }
        let _ = self.tx.send(event);
        let needs_compaction = inner
            .journal
            .as_ref()
            .is_some_and(|j| j.pending.is_none() && j.records > 2 * inner.objects.len() + 1000);
        if needs_compaction {
            let snapshot = Snapshot::of(&inner);
            if let Some(j) = inner.journal.as_mut() {
                j.pending = Some(Vec::new());
            }
            drop(inner);
            if let Err(e) = self.compact(snapshot) {
                self.printer
                    .warn(format!("dev-server: cannot compact the state file: {e}"));
            }
        }
        Ok(written)
    }

    /// Rewrite the state file from `snapshot` (taken under the lock, which is not held
    /// while it is written), then, under the lock, add the records appended since and
    /// put the new file in place.
    fn compact(&self, snapshot: Snapshot) -> std::io::Result<()> {
        let Some(path) = self.read().journal.as_ref().map(|j| j.path.clone()) else {
            return Ok(());
        };
        let tmp = write_temp(&path, &snapshot);
        let mut inner = self.write_lock();
        let Some(journal) = inner.journal.as_mut() else {
            return Ok(());
        };
        let pending = journal.pending.take().unwrap_or_default();
        let tmp = tmp?;
        finish_temp(&path, tmp, &pending)?;
        let records = pending.iter().filter(|b| **b == b'\n').count();
        *journal = Journal::open(&path)?;
        journal.records = records;
        Ok(())
    }

    /// Start a watch: the events to send first and the live receiver, taken under one
    /// lock so that nothing is missed or sent twice. `after: None` starts with the
    /// current objects as ADDED events.
    pub fn watch(&self, after: Option<u64>) -> ApiResult<WatchStart> {
        let inner = self.read();
        let rx = self.tx.subscribe();
        let first = match after {
            None => inner
                .objects
                .values()
                .map(|o| {
                    Arc::new(Event {
                        kind: EventKind::Added,
                        rv: o.rv,
                        obj: o.clone(),
                        prev: None,
                    })
                })
                .collect(),
            Some(rv) if rv < inner.history_start => {
                return Err(too_old(rv, inner.history_start));
            }
            Some(rv) => {
                let skip = inner.history.partition_point(|e| e.rv <= rv);
                inner.history.iter().skip(skip).cloned().collect()
            }
        };
        Ok((first, rx, inner.rv))
    }
}

/// Read the state file into `inner`. A torn last record (a crash or a full disk in the
/// middle of its write) is dropped: `Ok(Some(what was dropped))`.
fn load(path: &Path, inner: &mut Inner) -> Result<Option<String>, String> {
    let text = std::fs::read(path)
        .map_err(|e| format!("cannot read the state file {}: {e}", path.display()))?;
    let corrupt = |n: usize, why: &str| {
        format!(
            "the state file {} is not a dev-server state file (line {n}: {why})",
            path.display()
        )
    };
    let complete = text.ends_with(b"\n");
    let lines: Vec<&[u8]> = text.split(|b| *b == b'\n').collect();
    let count = lines.len();
    for (i, line) in lines.into_iter().enumerate() {
        let n = i + 1;
        let last = n == count || (n == count - 1 && !complete);
        if line.is_empty() {
            continue;
        }
        let record: Value = match serde_json::from_slice(line) {
            Ok(v) => v,
            // A torn last record: the crash came in the middle of its write.
            Err(_) if last && !complete => {
                return Ok(Some(format!(
                    "the state file {} ends with a torn record (line {n}, {} bytes, no newline): dropped it, kept the {} whole records before it",
                    path.display(),
                    line.len(),
                    n.saturating_sub(2)
                )));
            }
            Err(e) => return Err(corrupt(n, &e.to_string())),
        };
        if i == 0 {
            if record.get("loftctlDevServerState").is_none() {
                return Err(corrupt(n, "missing header"));
            }
            inner.rv = record["rv"].as_u64().unwrap_or(1).max(1);
            if let Some(pem) = record.get("signingKey").and_then(Value::as_str) {
                inner.signing_key = Some(pem.to_string());
            }
            continue;
        }
        if let Some(pem) = record.get("signingKey").and_then(Value::as_str) {
            inner.signing_key = Some(pem.to_string());
            continue;
        }
        let rv = record["rv"]
            .as_u64()
            .ok_or_else(|| corrupt(n, "record without rv"))?;
        if let Some(obj) = record.get("put") {
            let obj = Obj::from_value(obj.clone(), rv);
            if obj.name.is_empty() {
                return Err(corrupt(n, "object without a name"));
            }
            inner.objects.insert(obj.name.clone(), Arc::new(obj));
        } else if let Some(name) = record.get("delete").and_then(Value::as_str) {
            inner.objects.remove(name);
        } else {
            return Err(corrupt(n, "unknown record"));
        }
        inner.rv = inner.rv.max(rv);
    }
    Ok(None)
}

/// The live objects at one resourceVersion, for a compaction.
struct Snapshot {
    rv: u64,
    objects: Vec<Arc<Obj>>,
    signing_key: Option<String>,
}

impl Snapshot {
    fn of(inner: &Inner) -> Snapshot {
        Snapshot {
            rv: inner.rv,
            objects: inner.objects.values().cloned().collect(),
            signing_key: inner.signing_key.clone(),
        }
    }
}

impl Journal {
    fn open(path: &Path) -> std::io::Result<Journal> {
        let file = OpenOptions::new().append(true).open(path)?;
        let len = file.metadata()?.len();
        Ok(Journal {
            path: path.to_path_buf(),
            file,
            records: 0,
            pending: None,
            len,
            broken: false,
        })
    }

    /// Append one whole record; a failed write is cut back (nothing of it stays).
    fn append(&mut self, line: &[u8]) -> std::io::Result<()> {
        super::statefile::append(&mut self.file, &mut self.len, &mut self.broken, line)?;
        self.records += 1;
        if let Some(p) = self.pending.as_mut() {
            p.extend_from_slice(line);
        }
        Ok(())
    }
}

/// Write the snapshot to a new temporary file next to `path` (not yet fsynced). Its
/// name is unique and it is created with O_EXCL, so a symlink planted beside the state
/// file is never followed; it is removed if dropped before the rename.
fn write_temp(path: &Path, snapshot: &Snapshot) -> std::io::Result<tempfile::NamedTempFile> {
    let mut tmp = super::statefile::temp_beside(path)?;
    let mut out = std::io::BufWriter::new(tmp.as_file_mut());
    let mut header = json!({"loftctlDevServerState": 1, "rv": snapshot.rv});
    if let Some(pem) = &snapshot.signing_key {
        header["signingKey"] = json!(pem);
    }
    serde_json::to_writer(&mut out, &header)?;
    out.write_all(b"\n")?;
    for obj in &snapshot.objects {
        write!(out, "{{\"rv\":{},\"put\":", obj.rv)?;
        out.write_all(&obj.bytes)?;
        out.write_all(b"}\n")?;
    }
    out.flush()?;
    drop(out);
    Ok(tmp)
}

/// Append `pending` records to the temporary file, fsync it, and rename it over `path`.
fn finish_temp(
    path: &Path,
    mut tmp: tempfile::NamedTempFile,
    pending: &[u8],
) -> std::io::Result<()> {
    tmp.as_file_mut().write_all(pending)?;
    super::statefile::persist(tmp, path)?;
    Ok(())
}

/// Rewrite the state file with the snapshot only (at start, with no other writer).
fn write_snapshot(path: &Path, snapshot: &Snapshot, pending: &[u8]) -> std::io::Result<()> {
    let tmp = write_temp(path, snapshot)?;
    finish_temp(path, tmp, pending)
}

/// Merge the current objects with the past states of the names changed since, both in
/// name order; a past state (None: the name did not exist) wins.
fn merge_states<'a>(
    current: impl Iterator<Item = (&'a str, Option<&'a Arc<Obj>>)>,
    past: impl Iterator<Item = (&'a str, Option<&'a Arc<Obj>>)>,
) -> impl Iterator<Item = (&'a str, Option<&'a Arc<Obj>>)> {
    let mut current = current.peekable();
    let mut past = past.peekable();
    std::iter::from_fn(move || match (current.peek(), past.peek()) {
        (None, None) => None,
        (Some(_), None) => current.next(),
        (None, Some(_)) => past.next(),
        (Some((c, _)), Some((p, _))) => match c.cmp(p) {
            std::cmp::Ordering::Less => current.next(),
            std::cmp::Ordering::Greater => past.next(),
            std::cmp::Ordering::Equal => {
                current.next();
                past.next()
            }
        },
    })
}

fn unreachable_page() -> Page {
    Page {
        rv: 0,
        items: Vec::new(),
        last: None,
        remaining: None,
    }
}

/// RFC 3339 in seconds, as Kubernetes writes timestamps.
pub fn now_rfc3339() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// A random UUID (version 4), as Kubernetes uids are.
pub fn new_uid() -> String {
    let mut b: [u8; 16] = rand::random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut uid = String::with_capacity(36);
    for (i, x) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            uid.push('-');
        }
        uid.push(char::from(HEX[usize::from(x >> 4)]));
        uid.push(char::from(HEX[usize::from(x & 0x0f)]));
    }
    uid
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(name: &str) -> Value {
        json!({"apiVersion": "management.loft.sh/v1", "kind": "User", "metadata": {"name": name}})
    }

    /// A write looks up the unique index, not every stored object: the key function
    /// runs a fixed number of times per write however many objects there are (it ran
    /// once per stored object when the rule scanned them, which made creating 10,000
    /// users take 50 s).
    #[test]
    fn a_unique_key_is_checked_without_reading_every_object() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static CALLS: AtomicUsize = AtomicUsize::new(0);
        let store = Store::open(None).unwrap().with_unique(UniqueKey {
            key: |v| {
                CALLS.fetch_add(1, Ordering::Relaxed);
                v["metadata"]["name"].as_str().map(str::to_uppercase)
            },
            clash: |name, _, holder| {
                ApiError::invalid("User", name, &[(holder.into(), "x".into())])
            },
        });
        for i in 0..2000 {
            let name = format!("u{i}");
            store
                .write(&name, false, |_| Ok(Change::Put(user(&name))))
                .unwrap();
        }
        let before = CALLS.load(Ordering::Relaxed);
        store
            .write("u2000", false, |_| Ok(Change::Put(user("u2000"))))
            .unwrap();
        let calls = CALLS.load(Ordering::Relaxed) - before;
        assert!(
            calls <= 3,
            "the key function ran {calls} times for one write"
        );
        // A clash is still found (the key is the upper-cased name; "U5" is held by u5).
        let err = store
            .write("U5", false, |_| Ok(Change::Put(user("U5"))))
            .err()
            .unwrap();
        assert_eq!(err.code, 422);
    }

    #[test]
    fn journal_survives_reopen_and_a_torn_last_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.jsonl");
        {
            let store = Store::open(Some(&path)).unwrap();
            store
                .write("a", false, |_| Ok(Change::Put(user("a"))))
                .unwrap();
            store
                .write("b", false, |_| Ok(Change::Put(user("b"))))
                .unwrap();
            store.write("a", false, |_| Ok(Change::Delete)).unwrap();
            assert_eq!(store.current_rv(), 4);
        }
        // Simulate a crash in the middle of a write.
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(br#"{"rv":5,"put":{"metadata":{"na"#).unwrap();
        drop(f);
        let store = Store::open(Some(&path)).unwrap();
        assert_eq!(store.current_rv(), 4);
        assert!(store.get("a").is_none());
        assert_eq!(
            store.get("b").unwrap().value["metadata"]["resourceVersion"],
            "3"
        );
        // Watching from before the restart is expired; from now on it works.
        assert!(store.watch(Some(2)).is_err());
        assert!(store.watch(Some(4)).unwrap().0.is_empty());
    }

    #[test]
    fn lists_read_as_of_an_older_resource_version() {
        let store = Store::open(None).unwrap();
        for n in ["a", "c"] {
            store.write(n, false, |_| Ok(Change::Put(user(n)))).unwrap();
        }
        let at = store.current_rv();
        store
            .write("b", false, |_| Ok(Change::Put(user("b"))))
            .unwrap();
        store.write("a", false, |_| Ok(Change::Delete)).unwrap();
        let mut changed = user("c");
        changed["spec"] = json!({"email": "c@x"});
        store
            .write("c", false, |_| Ok(Change::Put(changed)))
            .unwrap();
        let then = store.list_at(Some(at), None, None, 0, |_| true).unwrap();
        let names: Vec<_> = then.items.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["a", "c"]);
        assert_eq!(then.rv, at);
        assert!(then.items[1].value.get("spec").is_none());
        let now = store.list(None, 0, |_| true);
        let names: Vec<_> = now.items.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["b", "c"]);
        assert_eq!(
            store
                .list_at(Some(99), None, None, 0, |_| true)
                .unwrap_err()
                .code,
            504
        );
    }

    #[test]
    fn records_written_during_a_compaction_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.jsonl");
        {
            let store = Store::open(Some(&path)).unwrap();
            store
                .write("a", false, |_| Ok(Change::Put(user("a"))))
                .unwrap();
            // A compaction has taken its snapshot; writers go on meanwhile.
            let snapshot = Snapshot::of(&store.read());
            if let Some(j) = store.write_lock().journal.as_mut() {
                j.pending = Some(Vec::new());
            }
            store
                .write("b", false, |_| Ok(Change::Put(user("b"))))
                .unwrap();
            store.write("a", false, |_| Ok(Change::Delete)).unwrap();
            store.keep_signing_key("PEM").unwrap();
            store.compact(snapshot).unwrap();
            store
                .write("c", false, |_| Ok(Change::Put(user("c"))))
                .unwrap();
        }
        let store = Store::open(Some(&path)).unwrap();
        let names: Vec<String> = store
            .list(None, 0, |_| true)
            .items
            .iter()
            .map(|o| o.name.clone())
            .collect();
        assert_eq!(names, ["b", "c"]);
        assert_eq!(store.current_rv(), 5);
        assert_eq!(store.signing_key().as_deref(), Some("PEM"));
    }

    #[test]
    fn history_is_bounded() {
        let store = Store::open_with(None, 2).unwrap();
        for n in ["a", "b", "c", "d"] {
            store.write(n, false, |_| Ok(Change::Put(user(n)))).unwrap();
        }
        assert_eq!(store.watch(Some(2)).unwrap_err().code, 410);
        assert_eq!(store.watch(Some(3)).unwrap().0.len(), 2);
        assert_eq!(
            store
                .list_at(Some(2), None, None, 0, |_| true)
                .unwrap_err()
                .code,
            410
        );
    }

    #[test]
    fn list_pages_and_counts_the_rest() {
        let store = Store::open(None).unwrap();
        for n in ["c", "a", "b", "d"] {
            store.write(n, false, |_| Ok(Change::Put(user(n)))).unwrap();
        }
        let page = store.list_at(None, None, Some(0), 2, |_| true).unwrap();
        let names: Vec<_> = page.items.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(page.last.as_deref(), Some("b"));
        assert_eq!(page.remaining, Some(2));
        let page = store.list(Some("b"), 2, |_| true);
        assert_eq!(page.items.len(), 2);
        assert!(page.last.is_none());
        // Filtered, or without an offset: not counted.
        let page = store.list(None, 1, |o| o.name != "a");
        assert_eq!((page.last.as_deref(), page.remaining), (Some("b"), None));
    }

    /// A page reads the objects on it and one more, not the rest of the list (reading
    /// the rest on every page to count it made a paged list quadratic).
    #[test]
    fn a_page_does_not_read_the_rest_of_the_list() {
        let store = Store::open(None).unwrap();
        for i in 0..3000 {
            let n = format!("u{i:04}");
            store
                .write(&n, false, |_| Ok(Change::Put(user(&n))))
                .unwrap();
        }
        for offset in [Some(0), None] {
            let read = std::cell::Cell::new(0);
            let page = store
                .list_at(None, None, offset, 500, |_| {
                    read.set(read.get() + 1);
                    true
                })
                .unwrap();
            assert_eq!(read.get(), 501, "objects read for one page of 500");
            assert_eq!(page.remaining, offset.map(|_| 2500));
        }
    }

    /// The count from the offset is the list as of the first page: an object added
    /// since is not in it, one deleted since still is.
    #[test]
    fn later_pages_count_the_list_as_of_the_first() {
        let store = Store::open(None).unwrap();
        for n in ["a", "b", "c", "d", "e"] {
            store.write(n, false, |_| Ok(Change::Put(user(n)))).unwrap();
        }
        let first = store.list_at(None, None, Some(0), 2, |_| true).unwrap();
        assert_eq!(first.remaining, Some(3));
        store
            .write("bb", false, |_| Ok(Change::Put(user("bb"))))
            .unwrap();
        store
            .write("zz", false, |_| Ok(Change::Put(user("zz"))))
            .unwrap();
        store.write("d", false, |_| Ok(Change::Delete)).unwrap();
        let second = store
            .list_at(Some(first.rv), Some("b"), Some(2), 2, |_| true)
            .unwrap();
        let names: Vec<_> = second.items.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["c", "d"]);
        assert_eq!(second.remaining, Some(1));
        let third = store
            .list_at(Some(first.rv), Some("d"), Some(4), 2, |_| true)
            .unwrap();
        assert_eq!(third.items.len(), 1);
        assert_eq!((third.last, third.remaining), (None, None));
    }

    #[test]
    fn uids_are_v4() {
        let u = new_uid();
        assert_eq!(u.len(), 36);
        for (i, c) in u.char_indices() {
            match i {
                8 | 13 | 18 | 23 => assert_eq!(c, '-', "{u}"),
                _ => assert!(c.is_ascii_hexdigit() && !c.is_ascii_uppercase(), "{u}"),
            }
        }
        assert_eq!(&u[14..15], "4");
        assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"), "{u}");
        assert_ne!(new_uid(), u);
    }
}
