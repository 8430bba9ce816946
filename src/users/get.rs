//! `user get` / `user list`: by names, by selector or all; paged from the server
//! (`limit`/`continue`) and printed page by page; `--watch` then prints every change.

use std::io::Write;

use futures::StreamExt;
use kube::api::{ListParams, WatchEvent, WatchParams};
use serde_json::Value;

use crate::error::{CliError, Kind, Result};
use serde::de::IgnoredAny;

use crate::output::tree::Node;
use crate::output::{self, OutputFormat, PrintOptions, ResourcePrinter};
use crate::printer::Printer;
use crate::users::rest::{self, ListPage, Users, WatchFailure};

/// kubectl's default `--chunk-size`.
pub const DEFAULT_CHUNK_SIZE: u32 = 500;

/// What to get and how to print it.
#[derive(Debug, Clone)]
pub struct GetOptions {
    pub names: Vec<String>,
    pub selector: Option<String>,
    pub format: OutputFormat,
    pub no_headers: bool,
    pub show_managed_fields: bool,
    pub watch: bool,
    /// Page size; 0 fetches everything in one request.
    pub chunk_size: u32,
}

/// A label selector the server would refuse is the user's argument at fault: exit 2
/// with the parser's message, before anything is sent.
pub fn check_selector(selector: &str) -> Result<()> {
    crate::selector::LabelSelector::parse(selector)
        .map(drop)
        .map_err(|e| CliError::usage(format!("-l {selector:?}: {e}")))
}

impl GetOptions {
    /// Refuse combinations kubectl refuses too.
    pub fn check(&self) -> Result<()> {
        if !self.names.is_empty() && self.selector.is_some() {
            return Err(CliError::usage(
                "a name cannot be given together with a selector (-l)",
            ));
        }
        if let Some(selector) = &self.selector {
            check_selector(selector)?;
        }
        if self.watch && self.names.len() > 1 {
            return Err(CliError::usage(
                "--watch works on one name or on the whole list, not on several names",
            ));
        }
        Ok(())
    }
}

fn prepare(mut object: Value) -> Value {
    rest::ensure_type_meta(&mut object);
    object
}

/// Run `user get` and print to `out`.
pub async fn run(
    users: &Users,
    printer: &Printer,
    opts: &GetOptions,
    out: &mut dyn Write,
) -> Result<()> {
    opts.check()?;
    let rp = ResourcePrinter::new(
        opts.format.clone(),
        PrintOptions {
            no_headers: opts.no_headers,
            show_managed_fields: opts.show_managed_fields,
            ..PrintOptions::from_printer(printer)
        },
    );

    if !opts.names.is_empty() && !opts.watch {
        return get_names(users, printer, &rp, opts, out).await;
    }

    // The list, page by page.
    let mut params = ListParams::default();
    if opts.chunk_size > 0 {
        params = params.limit(opts.chunk_size);
    }
    if let Some(sel) = &opts.selector {
        params = params.labels(sel);
    }
    let field_selector = opts.names.first().map(|n| format!("metadata.name={n}"));
    if let Some(fs) = &field_selector {
        params = params.fields(fs);
    }
    // --watch prints objects one by one (json/yaml/jsonpath: each on its own; tables and
    // names: rows of one table); a plain get prints one `kind: List`.
    if opts.watch {
        let mut watch_out = WatchOut::new(&rp);
        let rv = fetch_pages(users, params, opts.chunk_size, |text| {
            watch_out.push(&rp, &mut *out, &page_values(text)?)
        })
        .await?;
        return watch(users, &rp, opts, out, watch_out, field_selector, rv).await;
    }
    let mut list = rp.begin_list(&mut *out)?;
    fetch_pages(users, params, opts.chunk_size, |text| {
        if list.prints_nodes() {
            list.push_nodes(&page_nodes(text)?)
        } else {
            list.push_owned(page_values(text)?)
        }
    })
    .await?;
    let count = list.finish()?;
    out.flush()?;
    output::report_empty(printer, rp.format(), count);
    Ok(())
}

/// One page of the list as the server sent it, and its resourceVersion.
type FetchedPage = Result<(String, String)>;

/// Fetch the list page by page, handing each page's text to `on_page` as it arrives,
/// one page ahead: while `on_page` parses and prints a page, the next one is requested
/// and received on the runtime's worker thread, so that the server's work and the
/// transfer overlap the printing instead of taking turns. At most two pages wait
/// besides the one being printed. Returns the list's resourceVersion (where a watch
/// starts).
async fn fetch_pages(
    users: &Users,
    params: ListParams,
    chunk_size: u32,
    mut on_page: impl FnMut(&str) -> Result<()>,
) -> Result<String> {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<FetchedPage>(1);
    let fetcher = AbortOnDrop(tokio::spawn(fetch_ahead(
        users.clone(),
        params,
        chunk_size,
        tx,
    )));
    let mut resource_version = String::new();
    while let Some(page) = rx.recv().await {
        let (text, rv) = page?;
        on_page(&text)?;
        if !rv.is_empty() {
            resource_version = rv;
        }
    }
    drop(fetcher);
    Ok(resource_version)
}

/// The fetching half of `fetch_pages`: every page, then the end of the channel (or an
/// error, after which nothing more is sent). Stops when the receiver is gone.
async fn fetch_ahead(
    users: Users,
    mut params: ListParams,
    chunk_size: u32,
    tx: tokio::sync::mpsc::Sender<FetchedPage>,
) {
    let mut tokens = rest::ContinueTokens::default();
    loop {
        let page = users.list_page_text(&params).await.and_then(|text| {
            // Only the metadata: the items are parsed where they are printed.
            let head: ListPage<IgnoredAny> = rest::decode(&text)?;
            Ok((head.metadata, text))
        });
        let (meta, text) = match page {
            Ok(page) => page,
            Err(e) => {
                let _ = tx.send(Err(e)).await;
                return;
            }
        };
        let rv = meta.resource_version.unwrap_or_default();
        let next = tokens.next(meta.continue_.as_deref());
        if tx.send(Ok((text, rv))).await.is_err() {
            return;
        }
        match next {
            Ok(Some(token)) if chunk_size > 0 => params.continue_token = Some(token),
            Ok(_) => return,
            Err(e) => {
                let _ = tx.send(Err(e)).await;
                return;
            }
        }
    }
}

/// The items of a list page, each with its `apiVersion` and `kind`.
fn page_values(text: &str) -> Result<Vec<Value>> {
    let page: ListPage<Value> = rest::decode(text)?;
    Ok(page.items.into_iter().map(prepare).collect())
}

/// The items of a list page as trees borrowing from its text (see `output::tree`),
/// each with its `apiVersion` and `kind`.
fn page_nodes(text: &str) -> Result<Vec<Node<'_>>> {
    let mut items = rest::decode::<ListPage<Node>>(text)?.items;
    for item in &mut items {
        item.insert_missing("apiVersion", crate::api::API_VERSION);
        item.insert_missing("kind", crate::api::User::KIND);
    }
    Ok(items)
}

/// A spawned task that stops when its owner is dropped (an error while printing).
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// How watched objects are printed.
struct WatchOut {
    /// One object at a time (json, yaml, jsonpath); else rows of one table/name list.
    one_by_one: bool,
    count: usize,
    table: Option<ResourcePrinter>,
}

impl WatchOut {
    fn new(rp: &ResourcePrinter) -> Self {
        let one_by_one = matches!(
            rp.format(),
            OutputFormat::Json | OutputFormat::Yaml | OutputFormat::JsonPath(_)
        );
        WatchOut {
            one_by_one,
            count: 0,
            table: None,
        }
    }

    fn push(&mut self, rp: &ResourcePrinter, out: &mut dyn Write, items: &[Value]) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        if self.one_by_one {
            for item in items {
                if self.count > 0 && *rp.format() == OutputFormat::Yaml {
                    out.write_all(b"---\n")?;
                }
                rp.print_one(out, item)?;
                self.count += 1;
            }
        } else {
            // Rows under one header: the header only before the first row.
            let opts = PrintOptions {
                no_headers: rp.options().no_headers || self.count > 0,
                ..rp.options().clone()
            };
            let printer = self
                .table
                .get_or_insert_with(|| ResourcePrinter::new(rp.format().clone(), opts.clone()));
            if self.count > 0 {
                *printer = ResourcePrinter::new(rp.format().clone(), opts);
            }
            printer.print_list(out, items)?;
            self.count += items.len();
        }
        out.flush()?;
        Ok(())
    }
}

/// --watch: every change after the list, until interrupted.
async fn watch(
    users: &Users,
    rp: &ResourcePrinter,
    opts: &GetOptions,
    out: &mut dyn Write,
    mut watch_out: WatchOut,
    field_selector: Option<String>,
    mut resource_version: String,
) -> Result<()> {
    let mut wp = WatchParams::default();
    if let Some(sel) = &opts.selector {
        wp = wp.labels(sel);
    }
    if let Some(fs) = &field_selector {
        wp = wp.fields(fs);
    }
    let mut backoff = WatchBackoff::default();
    loop {
        let stream = match users.watch(&wp, &resource_version).await {
            Ok(stream) => stream,
            Err(e) => match WatchFailure::of(&e) {
                WatchFailure::Gone => {
                    resource_version =
                        relist(users, rp, opts, out, &mut watch_out, &field_selector).await?;
                    continue;
                }
                WatchFailure::Transient => {
                    backoff.wait().await;
                    continue;
                }
                WatchFailure::Fatal => return Err(CliError::from(e).context("watch")),
            },
        };
        futures::pin_mut!(stream);
        let mut gone = false;
        while let Some(event) = stream.next().await {
            let event = match event {
                Ok(event) => event,
                Err(e) => match WatchFailure::of(&e) {
                    // A broken connection ends this watch; the next one resumes.
                    WatchFailure::Transient => break,
                    WatchFailure::Gone => {
                        gone = true;
                        break;
                    }
                    WatchFailure::Fatal => return Err(CliError::from(e).context("watch")),
                },
            };
            match event {
                WatchEvent::Added(o) | WatchEvent::Modified(o) | WatchEvent::Deleted(o) => {
                    backoff.reset();
                    let rv = rest::resource_version(&o).to_string();
                    if !rv.is_empty() {
                        resource_version = rv;
                    }
                    watch_out.push(rp, &mut *out, &[prepare(o)])?;
                }
                WatchEvent::Bookmark(b) => {
                    backoff.reset();
                    resource_version = b.metadata.resource_version;
                }
                WatchEvent::Error(status) if status.code == 410 => {
                    gone = true;
                    break;
                }
                WatchEvent::Error(status) => {
                    return Err(CliError::from_status(
                        status.code,
                        &status.reason,
                        &status.message,
                    )
                    .context("watch"));
                }
            }
        }
        if gone {
            // The version we resume from is too old: list again, then watch from there.
            resource_version =
                relist(users, rp, opts, out, &mut watch_out, &field_selector).await?;
            continue;
        }
        // The server closed the watch (its timeout, or a dropped connection): resume from
        // the last version seen, after a pause that grows while watches end without news.
        backoff.wait().await;
    }
}

/// List again after a `410 Gone` and print what is there now; the new list's version is
/// where the watch resumes.
async fn relist(
    users: &Users,
    rp: &ResourcePrinter,
    opts: &GetOptions,
    out: &mut dyn Write,
    watch_out: &mut WatchOut,
    field_selector: &Option<String>,
) -> Result<String> {
    let mut params = ListParams::default();
    if opts.chunk_size > 0 {
        params = params.limit(opts.chunk_size);
    }
    if let Some(sel) = &opts.selector {
        params = params.labels(sel);
    }
    if let Some(fs) = field_selector {
        params = params.fields(fs);
    }
    fetch_pages(users, params, opts.chunk_size, |text| {
        watch_out.push(rp, &mut *out, &page_values(text)?)
    })
    .await
}

/// The pause before a watch reconnects: 250 ms doubling to 8 s (with jitter) while
/// watches end without an event, back to the start after one.
#[derive(Default)]
struct WatchBackoff {
    quiet_reconnects: u32,
}

impl WatchBackoff {
    const FIRST: std::time::Duration = std::time::Duration::from_millis(250);
    const MAX: std::time::Duration = std::time::Duration::from_secs(8);

    fn reset(&mut self) {
        self.quiet_reconnects = 0;
    }

    fn delay(&self) -> std::time::Duration {
        let cap = Self::FIRST
            .saturating_mul(1 << self.quiet_reconnects.min(10))
            .min(Self::MAX);
        cap.mul_f64(0.5 + rand::random::<f64>() / 2.0)
    }

    async fn wait(&mut self) {
        let delay = self.delay();
        self.quiet_reconnects = self.quiet_reconnects.saturating_add(1);
        tokio::time::sleep(delay).await;
    }
}

async fn get_names(
    users: &Users,
    printer: &Printer,
    rp: &ResourcePrinter,
    opts: &GetOptions,
    out: &mut dyn Write,
) -> Result<()> {
    let mut missing = Vec::new();
    let mut found = Vec::new();
    // Fetched concurrently, handled in the order given.
    let answers: Vec<Result<Value>> =
        futures::stream::iter(opts.names.iter().map(|name| users.get(name)))
            .buffered(super::DEFAULT_CONCURRENCY)
            .collect()
            .await;
    for (name, answer) in opts.names.iter().zip(answers) {
        match answer {
            Ok(object) => found.push(prepare(object)),
            Err(e) if e.kind == Kind::NotFound => {
                // kubectl's words, so that scripts grepping for them keep working.
                printer.report(rest::not_found_line(name));
                missing.push(name.clone());
            }
            Err(e) => return Err(e),
        }
    }
    if opts.names.len() == 1 {
        if let Some(one) = found.first() {
            rp.print_one(&mut *out, one)?;
        }
    } else {
        rp.print_list(&mut *out, &found)?;
    }
    out.flush()?;
    match missing.len() {
        0 => Ok(()),
        1 => Err(CliError::new(
            Kind::NotFound,
            format!("user {:?} not found", missing[0]),
        )),
        n => Err(CliError::new(
            Kind::NotFound,
            format!("{n} users not found: {}", missing.join(", ")),
        )),
    }
}
