//! `watch=true`: a chunked stream of `{"type": …, "object": …}` lines, filtered by the
//! selectors the way kube-apiserver filters them (an object that stops matching is
//! seen as DELETED, one that starts matching as ADDED).

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use bytes::Bytes;
use futures::StreamExt;
use tokio::sync::broadcast;
use tokio::time::Instant;

use super::status::ApiError;
use super::store::{Event, EventKind, Obj};
use crate::api::API_VERSION;
use crate::selector::{FieldSelector, LabelSelector};

pub struct Filter {
    pub labels: LabelSelector,
    pub fields: FieldSelector,
}

impl Filter {
    pub fn matches(&self, obj: &Obj) -> bool {
        self.fields.matches(&obj.name) && self.labels.matches(&obj.labels)
    }
}

/// How one object is written into an event (plain JSON, or a Table row).
pub type Encoder = Arc<dyn Fn(&Obj) -> Bytes + Send + Sync>;

pub fn event_line(kind: &str, object: &[u8]) -> Bytes {
    let mut line = Vec::with_capacity(object.len() + 32);
    line.extend_from_slice(b"{\"type\":\"");
    line.extend_from_slice(kind.as_bytes());
    line.extend_from_slice(b"\",\"object\":");
    line.extend_from_slice(object);
    line.extend_from_slice(b"}\n");
    Bytes::from(line)
}

/// The type under which this event is seen through `filter`, if at all.
fn seen_as(ev: &Event, filter: &Filter) -> Option<EventKind> {
    let now = filter.matches(&ev.obj);
    match ev.kind {
        EventKind::Added | EventKind::Deleted => now.then_some(ev.kind),
        EventKind::Modified => {
            let before = ev.prev.as_ref().is_some_and(|p| filter.matches(p));
            match (before, now) {
                (true, true) => Some(EventKind::Modified),
                (false, true) => Some(EventKind::Added),
                (true, false) => Some(EventKind::Deleted),
                (false, false) => None,
            }
        }
    }
}

/// What a watch sends.
pub struct Watch {
    /// The events to send first (history, or the current objects as ADDED).
    pub first: Vec<Arc<Event>>,
    /// A line to send after them (the initial-events-end BOOKMARK).
    pub after_first: Option<Bytes>,
    pub rx: broadcast::Receiver<Arc<Event>>,
    pub filter: Filter,
    pub encode: Encoder,
    pub timeout: Option<Duration>,
    /// `allowWatchBookmarks`: how often to send a BOOKMARK.
    pub bookmarks: Option<Duration>,
    /// The resourceVersion the watch starts at.
    pub start_rv: u64,
}

struct State {
    prelude: VecDeque<Bytes>,
    rx: Option<broadcast::Receiver<Arc<Event>>>,
    filter: Filter,
    encode: Encoder,
    deadline: Option<Instant>,
    bookmarks: Option<Duration>,
    next_bookmark: Option<Instant>,
    /// The resourceVersion of the last event this watch has passed (sent or filtered
    /// out): what a BOOKMARK may claim.
    seen_rv: u64,
}

/// A BOOKMARK: an object of the kind with only a resourceVersion.
pub fn bookmark_line(rv: u64) -> Bytes {
    let obj = format!(
        r#"{{"kind":"User","apiVersion":"{API_VERSION}","metadata":{{"resourceVersion":"{rv}","creationTimestamp":null}}}}"#
    );
    event_line("BOOKMARK", obj.as_bytes())
}

enum Next {
    Event(Result<Arc<Event>, broadcast::error::RecvError>),
    Bookmark,
    Done,
}

/// The response body of a watch.
pub fn body(w: Watch) -> Body {
    let Watch {
        first,
        after_first,
        rx,
        filter,
        encode,
        timeout,
        bookmarks,
        start_rv,
    } = w;
    let mut seen_rv = start_rv;
    let mut prelude: VecDeque<Bytes> = VecDeque::new();
    for ev in &first {
        seen_rv = seen_rv.max(ev.rv);
        if let Some(kind) = seen_as(ev, &filter) {
            prelude.push_back(event_line(kind.as_str(), &encode(&ev.obj)));
        }
    }
    prelude.extend(after_first);
    let state = State {
        prelude,
        rx: Some(rx),
        filter,
        encode,
        // A timeout past what the clock can hold is no deadline at all (not a panic).
        deadline: timeout.and_then(|t| Instant::now().checked_add(t)),
        bookmarks,
        next_bookmark: bookmarks.map(|b| Instant::now() + b),
        seen_rv,
    };
    let stream = futures::stream::unfold(state, |mut st| async move {
        if let Some(line) = st.prelude.pop_front() {
            return Some((line, st));
        }
        loop {
            let rx = st.rx.as_mut()?;
            let deadline = st.deadline;
            let bookmark_at = st.next_bookmark;
            let next = tokio::select! {
                r = rx.recv() => Next::Event(r),
                _ = sleep_until(bookmark_at) => Next::Bookmark,
                _ = sleep_until(deadline) => Next::Done,
            };
            match next {
                Next::Done => return None,
                Next::Bookmark => {
                    st.next_bookmark = st.bookmarks.map(|b| Instant::now() + b);
                    let line = bookmark_line(st.seen_rv);
                    return Some((line, st));
                }
                Next::Event(Ok(ev)) => {
                    st.seen_rv = st.seen_rv.max(ev.rv);
                    if let Some(kind) = seen_as(&ev, &st.filter) {
                        let line = event_line(kind.as_str(), &(st.encode)(&ev.obj));
                        return Some((line, st));
                    }
                }
                Next::Event(Err(broadcast::error::RecvError::Lagged(_))) => {
                    // Too slow a reader: end its watch as kube-apiserver would, with
                    // an ERROR event; the client lists again.
                    st.rx = None;
                    let status =
                        ApiError::expired("the watch fell too far behind; list again").to_json();
                    let line =
                        event_line("ERROR", &serde_json::to_vec(&status).unwrap_or_default());
                    return Some((line, st));
                }
                Next::Event(Err(broadcast::error::RecvError::Closed)) => return None,
            }
        }
    });
    Body::from_stream(stream.map(Ok::<_, std::convert::Infallible>))
}

/// Sleep until `at`, or forever.
async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}
