//! The in-memory object store: Users by name (kept sorted, as etcd lists them), a
//! monotonic resourceVersion, a bounded history of events for watch resumption, and,
//! with `--state FILE`, a journal that makes every change durable before it is answered.
//!
//! Objects are kept both parsed (for patches and selectors) and serialized (so that a
//! list of 10,000 users is a concatenation of ready bytes, not 10,000 serializations).
//!
//! The state file is JSON lines: a header `{"loftctlDevServerState":1,"rv":N}` and then
//! one record per change, `{"rv":N,"put":{…}}` or `{"rv":N,"delete":"name"}`. A record is
//! appended with one `write` before the response is sent, so it survives `kill -9` (the
//! data is in the kernel's page cache; it is not fsynced per change). On start, and when
//! the journal grows past twice the live set, it is compacted: written to a temporary
//! file, fsynced and renamed over the state file, so that a crash at any point leaves
//! either the old or the new file. A torn last line (a crash in the middle of a write)
//! is ignored on load.

use std::collections::{BTreeMap, VecDeque};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use bytes::Bytes;
use serde_json::{Value, json};
use tokio::sync::broadcast;

use super::status::{ApiError, ApiResult};

/// Events kept for watch resumption.
const HISTORY: usize = 50_000;
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

/// The events a new watch sends first, and its live receiver.
pub type WatchStart = (Vec<Arc<Event>>, broadcast::Receiver<Arc<Event>>);

pub struct Written {
    pub obj: Arc<Obj>,
    pub created: bool,
}

pub struct Page {
    pub rv: u64,
    pub items: Vec<Arc<Obj>>,
    /// Set when the page was cut by the limit: the last name returned.
    pub last: Option<String>,
    pub remaining: usize,
}

struct Journal {
    path: PathBuf,
    file: File,
    records: usize,
}

struct Inner {
    objects: BTreeMap<String, Arc<Obj>>,
    rv: u64,
    history: VecDeque<Arc<Event>>,
    /// Every event with rv > history_start is in `history`.
    history_start: u64,
    journal: Option<Journal>,
}

pub struct Store {
    inner: RwLock<Inner>,
    tx: broadcast::Sender<Arc<Event>>,
}

impl Store {
    /// An in-memory store, or one backed by the state file at `path`.
    pub fn open(path: Option<&Path>) -> Result<Store, String> {
        let mut inner = Inner {
            objects: BTreeMap::new(),
            rv: 1,
            history: VecDeque::new(),
            history_start: 1,
            journal: None,
        };
        if let Some(path) = path {
            if path.exists() {
                load(path, &mut inner)?;
            }
            inner.history_start = inner.rv;
            compact(path, &mut inner)
                .map_err(|e| format!("cannot write the state file {}: {e}", path.display()))?;
        }
        let (tx, _) = broadcast::channel(CHANNEL);
        Ok(Store {
            inner: RwLock::new(inner),
            tx,
        })
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

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn current_rv(&self) -> u64 {
        self.read().rv
    }

    pub fn get(&self, name: &str) -> Option<Arc<Obj>> {
        self.read().objects.get(name).cloned()
    }

    /// Objects after `start_after` (exclusive) in name order that pass `filter`, at
    /// most `limit` (0: all), with the count of the matching objects left after them.
    pub fn list(
        &self,
        start_after: Option<&str>,
        limit: usize,
        filter: impl Fn(&Obj) -> bool,
    ) -> Page {
        self.list_page(start_after, limit, filter, true)
    }

    /// [`Store::list`]; `count_rest` false stops at the first object past the page
    /// (`remaining` is then 1 when there are more): a page of a large list costs its
    /// own size, not the size of the rest of the list.
    pub fn list_page(
        &self,
        start_after: Option<&str>,
        limit: usize,
        filter: impl Fn(&Obj) -> bool,
        count_rest: bool,
    ) -> Page {
        let inner = self.read();
        let range: Box<dyn Iterator<Item = (&String, &Arc<Obj>)>> = match start_after {
            Some(s) => Box::new(
                inner
                    .objects
                    .range::<str, _>((std::ops::Bound::Excluded(s), std::ops::Bound::Unbounded)),
            ),
            None => Box::new(inner.objects.iter()),
        };
        let mut items = Vec::new();
        let mut last = None;
        let mut remaining = 0;
        for (_, obj) in range {
            if !filter(obj) {
                continue;
            }
            if limit > 0 && items.len() == limit {
                if last.is_none() {
                    last = items.last().map(|o: &Arc<Obj>| o.name.clone());
                }
                remaining += 1;
                if !count_rest {
                    break;
                }
                continue;
            }
            items.push(obj.clone());
        }
        Page {
            rv: inner.rv,
            items,
            last,
            remaining,
        }
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
                Change::Put(v) => Ok(Written {
                    obj: Arc::new(Obj::new(v, 0)),
                    created: cur.is_none(),
                }),
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
                .file
                .write_all(&line)
                .map_err(|e| ApiError::internal(format!("cannot write the state file: {e}")))?;
            journal.records += 1;
        }
        inner.rv = rv;
        if event.kind == EventKind::Deleted {
            inner.objects.remove(name);
        } else {
            inner.objects.insert(name.to_string(), event.obj.clone());
        }
        let event = Arc::new(event);
        inner.history.push_back(event.clone());
        while inner.history.len() > HISTORY {
            if let Some(old) = inner.history.pop_front() {
                inner.history_start = old.rv;
            }
        }
        let _ = self.tx.send(event);
        let needs_compaction = inner
            .journal
            .as_ref()
            .is_some_and(|j| j.records > 2 * inner.objects.len() + 1000);
        if needs_compaction
            && let Some(path) = inner.journal.as_ref().map(|j| j.path.clone())
            && let Err(e) = compact(&path, &mut inner)
        {
            eprintln!("dev-server: cannot compact the state file: {e}");
        }
        Ok(written)
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
                return Err(ApiError::expired(format!(
                    "too old resource version: {rv} ({})",
                    inner.history_start
                )));
            }
            Some(rv) => {
                let skip = inner.history.partition_point(|e| e.rv <= rv);
                inner.history.iter().skip(skip).cloned().collect()
            }
        };
        Ok((first, rx))
    }
}

fn load(path: &Path, inner: &mut Inner) -> Result<(), String> {
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
            Err(_) if last && !complete => break,
            Err(e) => return Err(corrupt(n, &e.to_string())),
        };
        if i == 0 {
            if record.get("loftctlDevServerState").is_none() {
                return Err(corrupt(n, "missing header"));
            }
            inner.rv = record["rv"].as_u64().unwrap_or(1).max(1);
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
    Ok(())
}

/// Rewrite the state file with the live objects only (temp file, fsync, rename).
fn compact(path: &Path, inner: &mut Inner) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state".into());
    let tmp = dir.join(format!(".{file_name}.tmp"));
    {
        let mut out = std::io::BufWriter::new(File::create(&tmp)?);
        writeln!(out, "{{\"loftctlDevServerState\":1,\"rv\":{}}}", inner.rv)?;
        for obj in inner.objects.values() {
            write!(out, "{{\"rv\":{},\"put\":", obj.rv)?;
            out.write_all(&obj.bytes)?;
            out.write_all(b"}\n")?;
        }
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    let file = OpenOptions::new().append(true).open(path)?;
    inner.journal = Some(Journal {
        path: path.to_path_buf(),
        file,
        records: 0,
    });
    Ok(())
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
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(name: &str) -> Value {
        json!({"apiVersion": "management.loft.sh/v1", "kind": "User", "metadata": {"name": name}})
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
    fn list_pages_and_counts_the_rest() {
        let store = Store::open(None).unwrap();
        for n in ["c", "a", "b", "d"] {
            store.write(n, false, |_| Ok(Change::Put(user(n)))).unwrap();
        }
        let page = store.list(None, 2, |_| true);
        let names: Vec<_> = page.items.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(page.last.as_deref(), Some("b"));
        assert_eq!(page.remaining, 2);
        let page = store.list(Some("b"), 2, |_| true);
        assert_eq!(page.items.len(), 2);
        assert!(page.last.is_none());
        // Not counting: the same page, stopped at the first object after it.
        let page = store.list_page(None, 1, |_| true, false);
        assert_eq!(page.items.len(), 1);
        assert_eq!(page.last.as_deref(), Some("a"));
        assert_eq!(page.remaining, 1);
    }

    #[test]
    fn uids_are_v4() {
        let u = new_uid();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
    }
}
