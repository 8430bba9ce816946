//! `user get` / `user list`: by names, by selector or all; paged from the server
//! (`limit`/`continue`) and printed page by page; `--watch` then prints every change.

use std::io::Write;

use futures::StreamExt;
use kube::api::{ListParams, WatchEvent, WatchParams};
use serde_json::Value;

use crate::error::{CliError, Kind, Result};
use crate::output::OutputFormat;
use crate::printer::Printer;
use crate::users::print::{Framing, StreamPrinter};
use crate::users::rest::{self, Users};

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

impl GetOptions {
    /// Refuse combinations kubectl refuses too.
    pub fn check(&self) -> Result<()> {
        if !self.names.is_empty() && self.selector.is_some() {
            return Err(CliError::usage(
                "a name cannot be given together with a selector (-l)",
            ));
        }
        if self.watch && self.names.len() > 1 {
            return Err(CliError::usage(
                "--watch works on one name or on the whole list, not on several names",
            ));
        }
        Ok(())
    }
}

fn prepare(mut object: Value, show_managed_fields: bool) -> Value {
    rest::ensure_type_meta(&mut object);
    if !show_managed_fields {
        rest::strip_managed_fields(&mut object);
    }
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
    let framing = if opts.watch {
        Framing::Each
    } else if opts.names.len() == 1 {
        Framing::Single
    } else {
        Framing::List
    };
    let mut sp = StreamPrinter::new(out, opts.format.clone(), framing, !opts.no_headers)?;

    if !opts.names.is_empty() && !opts.watch {
        return get_names(users, printer, opts, &mut sp).await;
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
    let mut resource_version = String::new();
    loop {
        let mut page = users.list_page(&params).await?;
        let items = match page.get_mut("items").map(Value::take) {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        };
        let items: Vec<Value> = items
            .into_iter()
            .map(|u| prepare(u, opts.show_managed_fields))
            .collect();
        sp.push(&items)?;
        sp.flush()?;
        let meta = &page["metadata"];
        if let Some(rv) = meta["resourceVersion"].as_str() {
            resource_version = rv.to_string();
        }
        match meta["continue"].as_str() {
            Some(token) if !token.is_empty() && opts.chunk_size > 0 => {
                params.continue_token = Some(token.to_string());
            }
            _ => break,
        }
    }
    let count = sp.finish()?;
    if count == 0 && !opts.watch {
        printer.status("No resources found");
    }
    if !opts.watch {
        return Ok(());
    }

    // --watch: every change after the list, until interrupted.
    let mut wp = WatchParams::default();
    if let Some(sel) = &opts.selector {
        wp = wp.labels(sel);
    }
    if let Some(fs) = &field_selector {
        wp = wp.fields(fs);
    }
    loop {
        let stream = users.watch(&wp, &resource_version).await?;
        futures::pin_mut!(stream);
        while let Some(event) = stream.next().await {
            match event? {
                WatchEvent::Added(o) | WatchEvent::Modified(o) | WatchEvent::Deleted(o) => {
                    let rv = rest::resource_version(&o).to_string();
                    if !rv.is_empty() {
                        resource_version = rv;
                    }
                    sp.push(&[prepare(o, opts.show_managed_fields)])?;
                    sp.flush()?;
                }
                WatchEvent::Bookmark(b) => {
                    resource_version = b.metadata.resource_version;
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
        // The server closed the watch (its timeout): resume from the last version seen.
    }
}

async fn get_names(
    users: &Users,
    printer: &Printer,
    opts: &GetOptions,
    sp: &mut StreamPrinter<'_>,
) -> Result<()> {
    let mut missing = Vec::new();
    for name in &opts.names {
        match users.get(name).await {
            Ok(object) => {
                sp.push(&[prepare(object, opts.show_managed_fields)])?;
            }
            Err(e) if e.kind == Kind::NotFound => {
                sp.flush()?;
                // kubectl's words, so that scripts grepping for them keep working.
                let _ = writeln!(std::io::stderr().lock(), "{}", rest::not_found_line(name));
                missing.push(name.clone());
            }
            Err(e) => return Err(e),
        }
    }
    let count = sp.finish()?;
    let _ = (count, printer);
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
