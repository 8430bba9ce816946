//! Connection limits: a cap on open connections, and the bookkeeping that lets a new
//! connection in when the cap is reached by closing the connection that has been idle
//! the longest (one with no request in flight: connected and silent, or between
//! requests on a kept-alive connection). A client that opens hundreds of sockets and
//! sends nothing cannot lock others out; only connections that are all busy at once
//! make the server refuse new ones.
//!
//! The timeouts themselves are applied where connections are served (`mod.rs`): the
//! first byte and the TLS handshake within the header timeout, and hyper's
//! header-read timeout, which also bounds the wait for the next request on a
//! kept-alive connection.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use tokio::sync::Notify;

use crate::printer::Printer;

/// Open connections when `--max-connections` is not given.
pub(crate) const DEFAULT_MAX_CONNECTIONS: usize = 512;
/// The header timeout when `--header-timeout` is not given.
pub(crate) const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// File descriptors kept for the state file, the listener, logs and the child.
const RESERVED_FDS: u64 = 32;

/// How many connections, how long a client may take to send a request's headers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) max_connections: usize,
    pub(crate) header_timeout: Duration,
}

impl Limits {
    /// The limits asked for; `max_connections` is lowered to what the process's file
    /// descriptor limit allows (after raising its soft limit to the hard one).
    pub(crate) fn new(max_connections: Option<usize>, header_timeout: Option<Duration>) -> Limits {
        let wanted = max_connections.unwrap_or(DEFAULT_MAX_CONNECTIONS).max(1);
        let fds = raise_fd_limit();
        let allowed = usize::try_from(fds.saturating_sub(RESERVED_FDS))
            .unwrap_or(usize::MAX)
            .max(1);
        Limits {
            max_connections: wanted.min(allowed),
            header_timeout: header_timeout
                .filter(|d| !d.is_zero())
                .unwrap_or(DEFAULT_HEADER_TIMEOUT),
        }
    }
}

/// Raise the soft limit on open files to the hard limit; returns the soft limit now in
/// force (`u64::MAX` when unlimited or unknown).
#[cfg(unix)]
fn raise_fd_limit() -> u64 {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let now = getrlimit(Resource::Nofile);
    if now.current != now.maximum {
        let raised = Rlimit {
            current: now.maximum,
            maximum: now.maximum,
        };
        if setrlimit(Resource::Nofile, raised).is_ok() {
            return now.maximum.unwrap_or(u64::MAX);
        }
    }
    now.current.unwrap_or(u64::MAX)
}

#[cfg(not(unix))]
fn raise_fd_limit() -> u64 {
    u64::MAX
}

struct Entry {
    /// Requests in flight (a response body still being sent counts).
    busy: usize,
    /// When it last became idle (or connected).
    idle_since: Instant,
    /// Asked to close; no longer counted against the cap.
    evicted: bool,
    close: Arc<Notify>,
}

#[derive(Default)]
struct Table {
    next: u64,
    open: HashMap<u64, Entry>,
    evicted: usize,
}

/// The open connections.
pub(crate) struct Conns {
    max: usize,
    table: Mutex<Table>,
    /// Set while the cap is reached, so that the refusal is logged once per episode.
    warned: AtomicBool,
    printer: Printer,
}

impl Conns {
    pub(crate) fn new(max: usize, printer: Printer) -> Arc<Conns> {
        Arc::new(Conns {
            max: max.max(1),
            table: Mutex::new(Table::default()),
            warned: AtomicBool::new(false),
            printer,
        })
    }

    fn table(&self) -> MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Let a new connection in: under the cap, or by closing the longest-idle one.
    /// `None` when every open connection is busy (the caller closes the new one).
    pub(crate) fn admit(self: &Arc<Self>) -> Option<Conn> {
        let mut t = self.table();
        let live = t.open.len() - t.evicted;
        if live >= self.max {
            let oldest = t
                .open
                .iter()
                .filter(|(_, e)| e.busy == 0 && !e.evicted)
                .min_by_key(|(_, e)| e.idle_since)
                .map(|(id, _)| *id);
            match oldest.and_then(|id| t.open.get_mut(&id)) {
                Some(e) => {
                    e.evicted = true;
                    e.close.notify_one();
                    t.evicted += 1;
                }
                None => {
                    if !self.warned.swap(true, Ordering::Relaxed) {
                        self.printer.report(format!(
                            "dev-server: {} connections, all busy (--max-connections): refusing new ones",
                            self.max
                        ));
                    }
                    return None;
                }
            }
        } else if live < self.max / 2 {
            self.warned.store(false, Ordering::Relaxed);
        }
        let id = t.next;
        t.next += 1;
        let close = Arc::new(Notify::new());
        t.open.insert(
            id,
            Entry {
                busy: 0,
                idle_since: Instant::now(),
                evicted: false,
                close: close.clone(),
            },
        );
        Some(Conn {
            conns: self.clone(),
            id,
            close,
        })
    }

    /// Open connections, counting those asked to close that have not yet closed.
    #[cfg(test)]
    fn open(&self) -> usize {
        self.table().open.len()
    }
}

/// One admitted connection; dropping it frees its place.
pub(crate) struct Conn {
    conns: Arc<Conns>,
    id: u64,
    close: Arc<Notify>,
}

impl Conn {
    /// Resolves when the connection is to be closed to make room for a new one.
    pub(crate) async fn evicted(&self) {
        self.close.notified().await;
    }

    /// Mark a request in flight until the returned guard is dropped.
    pub(crate) fn busy(&self) -> Busy {
        if let Some(e) = self.conns.table().open.get_mut(&self.id) {
            e.busy += 1;
        }
        Busy {
            conns: self.conns.clone(),
            id: self.id,
        }
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        let mut t = self.conns.table();
        if let Some(e) = t.open.remove(&self.id)
            && e.evicted
        {
            t.evicted -= 1;
        }
    }
}

/// A request in flight on a connection.
pub(crate) struct Busy {
    conns: Arc<Conns>,
    id: u64,
}

impl Drop for Busy {
    fn drop(&mut self) {
        if let Some(e) = self.conns.table().open.get_mut(&self.id) {
            e.busy = e.busy.saturating_sub(1);
            if e.busy == 0 {
                e.idle_since = Instant::now();
            }
        }
    }
}

/// A response body that keeps its connection marked busy until it is sent or dropped
/// (a watch stays busy as long as it streams).
pub(crate) struct BusyBody {
    inner: axum::body::Body,
    _busy: Busy,
}

impl BusyBody {
    pub(crate) fn new(inner: axum::body::Body, busy: Busy) -> BusyBody {
        BusyBody { inner, _busy: busy }
    }
}

impl http_body::Body for BusyBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.get_mut().inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_idle_connection_makes_room() {
        let conns = Conns::new(2, Printer::plain());
        let a = conns.admit().expect("under the cap");
        let b = conns.admit().expect("under the cap");
        let _busy_b = b.busy();
        // At the cap: `a` (idle) is asked to close, the new one is let in.
        let c = conns.admit().expect("room made by closing an idle one");
        let evicted = a.evicted();
        // The notification is stored: it resolves at once.
        futures::executor::block_on(evicted);
        assert_eq!(conns.open(), 3, "a is still open until it closes");
        drop(a);
        assert_eq!(conns.open(), 2);
        // b is busy, c is idle: c goes next.
        let _d = conns.admit().expect("c makes room");
        futures::executor::block_on(c.evicted());
    }

    #[test]
    fn all_busy_refuses() {
        let conns = Conns::new(1, Printer::plain());
        let a = conns.admit().expect("under the cap");
        let busy = a.busy();
        assert!(conns.admit().is_none());
        drop(busy);
        assert!(conns.admit().is_some(), "idle again: it makes room");
    }
}
