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

struct State {
    prelude: VecDeque<Bytes>,
    rx: Option<broadcast::Receiver<Arc<Event>>>,
    filter: Filter,
    encode: Encoder,
    deadline: Option<Instant>,
}

/// The response body of a watch.
pub fn body(
    first: Vec<Arc<Event>>,
    after_first: Option<Bytes>,
    rx: broadcast::Receiver<Arc<Event>>,
    filter: Filter,
    encode: Encoder,
    timeout: Option<Duration>,
) -> Body {
    let mut prelude: VecDeque<Bytes> = first
        .iter()
        .filter_map(|ev| {
            let kind = seen_as(ev, &filter)?;
            Some(event_line(kind.as_str(), &encode(&ev.obj)))
        })
        .collect();
    prelude.extend(after_first);
    let state = State {
        prelude,
        rx: Some(rx),
        filter,
        encode,
        deadline: timeout.map(|t| Instant::now() + t),
    };
    let stream = futures::stream::unfold(state, |mut st| async move {
        if let Some(line) = st.prelude.pop_front() {
            return Some((line, st));
        }
        loop {
            let rx = st.rx.as_mut()?;
            let next = match st.deadline {
                Some(d) => match tokio::time::timeout_at(d, rx.recv()).await {
                    Ok(r) => r,
                    Err(_) => return None,
                },
                None => rx.recv().await,
            };
            match next {
                Ok(ev) => {
                    if let Some(kind) = seen_as(&ev, &st.filter) {
                        let line = event_line(kind.as_str(), &(st.encode)(&ev.obj));
                        return Some((line, st));
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    // Too slow a reader: end its watch as kube-apiserver would, with
                    // an ERROR event; the client lists again.
                    st.rx = None;
                    let status =
                        ApiError::expired("the watch fell too far behind; list again").to_json();
                    let line =
                        event_line("ERROR", &serde_json::to_vec(&status).unwrap_or_default());
                    return Some((line, st));
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Body::from_stream(stream.map(Ok::<_, std::convert::Infallible>))
}
