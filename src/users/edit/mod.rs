//! `user edit NAME`: kubectl's edit loop (`kubectl/pkg/cmd/util/editor/editoptions.go`).
//!
//! Fetch the user, write it as YAML under a `#` header, run the editor, read it back.
//! Empty → cancelled; unchanged → cancelled; invalid (YAML syntax, local checks, the
//! server's 422) → the editor reopens with the errors in the header, until the saved
//! text repeats the last invalid one or [`MAX_ROUNDS`] is reached. The update is a PUT
//! carrying the resourceVersion; a 409 is retried on the fresh object by replaying the
//! user's change as a JSON merge patch, unless someone else changed the same fields.
//! When the edit finally fails, or is interrupted (SIGINT, SIGTERM), the file is kept
//! if the user changed it and its path printed: an edit is never silently lost.
//! Everything works on `serde_json::Value`: unknown fields survive.
//!
//! `editor` runs the editor on a private file; `text` writes and reads that file;
//! `rebase` replays the change on a fresh object; this module runs the loop and the
//! HTTP calls.

mod editor;
mod rebase;
mod text;

use std::io::Write;

use serde_json::Value;

use crate::error::{CliError, Kind, Result};
use crate::printer::Printer;
use crate::users::DryRun;
use crate::users::check;
use crate::users::rest::{self, RESOURCE, SINGULAR, Users};
use editor::{EditFile, Signals, run_editor, signal_error};
pub use rebase::rebase;
use text::without_comment_lines;
pub use text::{file_text, is_blank, parse_edited, strip_header, yaml};

/// Rounds of editing before giving up (a scripted editor must never loop forever).
pub const MAX_ROUNDS: usize = 10;
/// Times a conflicting update is replayed on a fresh copy before giving up.
pub const MAX_CONFLICT_RETRIES: usize = 3;

#[derive(Debug, Clone)]
pub struct EditOptions {
    pub name: String,
    pub dry_run: DryRun,
}

/// Run the edit loop.
pub async fn run(
    users: &Users,
    printer: &Printer,
    opts: &EditOptions,
    against: crate::validate::Against<'_>,
    out: &mut dyn Write,
) -> Result<()> {
    let name = opts.name.as_str();
    let mut original = users.get(name).await?;
    rest::ensure_type_meta(&mut original);
    rest::strip_managed_fields(&mut original);
    let original_yaml = yaml(&original);

    // From here on, Ctrl-C and SIGTERM end the edit through this loop, which keeps the
    // user's changes and says where they are.
    let mut signals = Signals::catch()?;
    let mut file = EditFile::create(name, *printer)?;

    let mut body = original_yaml.clone();
    let mut errors: Vec<String> = Vec::new();
    let mut last_invalid: Option<String> = None;
    let mut last_error: Option<CliError> = None;

    for _round in 0..MAX_ROUNDS {
        // The file holds the user's last save: if it cannot be rewritten, keep it.
        if let Err(e) = file.write(&file_text(name, &errors, &body)) {
            return Err(file.keep_if_changed(e));
        }
        if let Err(e) = run_editor(file.path(), &mut signals).await {
            return Err(if last_invalid.is_some() {
                file.keep(e)
            } else if matches!(e.kind, Kind::Interrupted | Kind::Terminated) && !file.changed() {
                e.context("Edit cancelled, no changes made")
            } else {
                file.keep_if_changed(e)
            });
        }
        let bytes = match file.read() {
            Ok(b) => b,
            Err(e) => return Err(file.keep(e)),
        };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let err = CliError::invalid(format!(
                    "the edited file is not valid UTF-8 (at byte {}); nothing was sent",
                    e.utf8_error().valid_up_to()
                ));
                return Err(file.keep(err));
            }
        };
        if is_blank(&text) {
            printer.status("Edit cancelled, saved file was empty.");
            return Ok(());
        }
        let compared = without_comment_lines(&text);
        if last_invalid.as_deref() == Some(compared.as_str()) {
            // The same invalid text again: the user (or a script) gave up fixing it.
            let err = last_error.take().unwrap_or_else(|| {
                CliError::invalid("Edit cancelled, no valid changes were saved.")
            });
            return Err(file.keep(err.context("Edit cancelled, no valid changes were saved")));
        }
        body = strip_header(&text).to_string();

        let edited = match parse_edited(&text) {
            Ok(v) => v,
            Err(e) => {
                errors = vec![format!("the file is not valid YAML: {e}")];
                last_error = Some(CliError::invalid(format!(
                    "the edited file is not valid YAML: {e}"
                )));
                last_invalid = Some(compared);
                continue;
            }
        };
        if edited == original {
            printer.status("Edit cancelled, no changes made.");
            return Ok(());
        }
        let mut local: Vec<String> = Vec::new();
        for key in ["apiVersion", "kind"] {
            if edited.get(key) != original.get(key) {
                local.push(format!("{key}: may not be changed (was {})", original[key]));
            }
        }
        if edited["metadata"]["name"] != original["metadata"]["name"] {
            local.push(format!("metadata.name: may not be changed (was {name:?})"));
        }
        local.extend(
            check::problems(&edited, against)
                .into_iter()
                .filter(|p| p.error)
                .map(|p| p.to_string()),
        );
        if !local.is_empty() {
            last_error = Some(CliError::invalid(format!(
                "{RESOURCE} \"{name}\" is invalid: {}",
                local.join("; ")
            )));
            errors = local;
            last_invalid = Some(compared);
            continue;
        }
        if opts.dry_run == DryRun::Client {
            writeln!(out, "{SINGULAR}/{name} edited{}", DryRun::Client.suffix())?;
            return Ok(());
        }

        let sent = tokio::select! {
            result = update(users, printer, name, &original, &edited, opts.dry_run) => result,
            kind = signals.recv() => {
                let err = signal_error(kind, "while sending the change")
                    .with_hint("the change may or may not have been applied: check with `loftctl user get`");
                return Err(file.keep(err));
            }
        };
        match sent {
            Ok(()) => {
                writeln!(out, "{SINGULAR}/{name} edited{}", opts.dry_run.suffix())?;
                return Ok(());
            }
            Err(e) if e.kind == Kind::Invalid => {
                // The server's 422: show it in the file and let the user fix it.
                errors = vec![e.message()];
                last_error = Some(e);
                last_invalid = Some(compared);
                continue;
            }
            Err(e) => return Err(file.keep(e)),
        }
    }
    let err = last_error
        .unwrap_or_else(|| CliError::invalid("the edit is still invalid"))
        .context(format!("giving up after {MAX_ROUNDS} rounds of editing"));
    Err(file.keep(err))
}

/// PUT the edited object; on a 409, replay the change on the fresh object (bounded).
async fn update(
    users: &Users,
    printer: &Printer,
    name: &str,
    original: &Value,
    edited: &Value,
    dry_run: DryRun,
) -> Result<()> {
    let server_dry_run = dry_run == DryRun::Server;
    let mut attempt = edited.clone();
    // Always an optimistic update: a resourceVersion deleted in the editor comes back.
    if rest::resource_version(&attempt).is_empty()
        && let Some(meta) = attempt.get_mut("metadata").and_then(Value::as_object_mut)
    {
        meta.insert(
            "resourceVersion".into(),
            Value::from(rest::resource_version(original)),
        );
    }
    for retry in 0..=MAX_CONFLICT_RETRIES {
        match users.replace(name, &attempt, server_dry_run).await {
            Ok(_) => return Ok(()),
            Err(e) if e.kind == Kind::Conflict && retry < MAX_CONFLICT_RETRIES => {
                printer.debug(format!(
                    "conflict updating {name}: replaying the change on the current object"
                ));
                let mut fresh = users.get(name).await?;
                rest::ensure_type_meta(&mut fresh);
                rest::strip_managed_fields(&mut fresh);
                attempt = rebase(original, edited, &fresh)?;
            }
            Err(e) => return Err(e),
        }
    }
    Err(CliError::new(
        Kind::Conflict,
        format!(
            "{RESOURCE} \"{name}\" kept changing; gave up after {MAX_CONFLICT_RETRIES} retries"
        ),
    ))
}
