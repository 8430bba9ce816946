//! `user edit NAME`: kubectl's edit loop (`kubectl/pkg/cmd/util/editor/editoptions.go`).
//!
//! Fetch the user, write it as YAML under a `#` header, run the editor, read it back.
//! Empty → cancelled; unchanged → cancelled; invalid (YAML syntax, local checks, the
//! server's 422) → the editor reopens with the errors in the header, until the saved
//! text repeats the last invalid one or [`MAX_ROUNDS`] is reached. The update is a PUT
//! carrying the resourceVersion; a 409 is retried on the fresh object by replaying the
//! user's change as a JSON merge patch, unless someone else changed the same fields.
//! When the edit finally fails the file is kept and its path printed: an edit is never
//! silently lost. Everything works on `serde_json::Value`: unknown fields survive.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Map, Value};

use crate::error::{CliError, Kind, Result};
use crate::printer::Printer;
use crate::users::DryRun;
use crate::users::check;
use crate::users::rest::{self, RESOURCE, SINGULAR, Users};

/// Rounds of editing before giving up (a scripted editor must never loop forever).
pub const MAX_ROUNDS: usize = 10;
/// Times a conflicting update is replayed on a fresh copy before giving up.
pub const MAX_CONFLICT_RETRIES: usize = 3;

pub const HEADER: &str = "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n";

/// The editor environment variables, in order of preference.
pub const EDITOR_ENVS: &[&str] = &["LOFT_EDITOR", "KUBE_EDITOR", "VISUAL", "EDITOR"];

#[derive(Debug, Clone)]
pub struct EditOptions {
    pub name: String,
    pub dry_run: DryRun,
}

/// The editor command line for this file, as kubectl builds it: the first non-empty of
/// [`EDITOR_ENVS`] (else `vi`); a value with spaces is split on whitespace, unless it
/// holds quotes or backslashes — then it is run by `sh -c` with the path appended.
pub fn editor_command(
    lookup: impl Fn(&str) -> Option<String>,
    path: &Path,
) -> (String, Vec<String>) {
    let editor = EDITOR_ENVS
        .iter()
        .filter_map(|k| lookup(k))
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string());
    let editor = editor.trim().to_string();
    let path_text = path.to_string_lossy().to_string();
    if editor.contains(['"', '\'', '\\']) {
        let quoted = format!("'{}'", path_text.replace('\'', r"'\''"));
        return (
            "sh".to_string(),
            vec!["-c".to_string(), format!("{editor} {quoted}")],
        );
    }
    let mut parts = editor.split_whitespace().map(str::to_string);
    let program = parts.next().unwrap_or_else(|| "vi".to_string());
    let mut args: Vec<String> = parts.collect();
    args.push(path_text);
    (program, args)
}

fn run_editor(path: &Path) -> Result<()> {
    let (program, args) = editor_command(|k| std::env::var(k).ok(), path);
    let status = Command::new(&program).args(&args).status().map_err(|e| {
        CliError::other(format!("cannot start the editor {program:?}: {e}"))
            .with_hint("set LOFT_EDITOR, KUBE_EDITOR, VISUAL or EDITOR to an editor on PATH")
    })?;
    if !status.success() {
        return Err(CliError::other(format!(
            "the editor {program:?} exited with {status}; no changes were sent"
        )));
    }
    Ok(())
}

/// The text of the file for one round: the header, the errors of the last round, the body.
pub fn file_text(name: &str, errors: &[String], body: &str) -> String {
    let mut text = String::from(HEADER);
    if !errors.is_empty() {
        text.push_str(&format!("# {RESOURCE} \"{name}\" was not valid:\n"));
        for e in errors {
            for (i, line) in e.lines().enumerate() {
                let bullet = if i == 0 { "* " } else { "  " };
                text.push_str(&format!("# {bullet}{line}\n"));
            }
        }
        text.push_str("#\n");
    }
    text.push_str(body);
    text
}

/// The text without its leading `#` lines (our header, or what is left of it).
pub fn strip_header(text: &str) -> &str {
    let mut rest = text;
    while rest.trim_start_matches([' ', '\t']).starts_with('#') {
        match rest.find('\n') {
            Some(i) => rest = &rest[i + 1..],
            None => return "",
        }
    }
    rest
}

/// Is the text nothing but blank lines and comments?
pub fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    })
}

/// The text with every comment line removed (to compare two saves).
fn without_comment_lines(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parse the saved text into one object, with kubectl-like errors.
pub fn parse_edited(text: &str) -> std::result::Result<Value, String> {
    let docs: Vec<Value> = serde_saphyr::from_multiple(text).map_err(|e| format!("{e}"))?;
    let docs: Vec<Value> = docs.into_iter().filter(|d| !d.is_null()).collect();
    match docs.len() {
        1 => docs
            .into_iter()
            .next()
            .ok_or_else(|| "no object".to_string()),
        0 => Err("no object found in the file".to_string()),
        n => Err(format!(
            "the file holds {n} documents; edit exactly one object"
        )),
    }
}

/// RFC 7386: the merge patch that turns `from` into `to` (`None` when equal).
pub fn merge_diff(from: &Value, to: &Value) -> Option<Value> {
    match (from, to) {
        (Value::Object(f), Value::Object(t)) => {
            let mut patch = Map::new();
            for k in f.keys() {
                if !t.contains_key(k) {
                    patch.insert(k.clone(), Value::Null);
                }
            }
            for (k, tv) in t {
                match f.get(k) {
                    Some(fv) => {
                        if let Some(d) = merge_diff(fv, tv) {
                            patch.insert(k.clone(), d);
                        }
                    }
                    None => {
                        patch.insert(k.clone(), tv.clone());
                    }
                }
            }
            (!patch.is_empty()).then_some(Value::Object(patch))
        }
        _ if from == to => None,
        _ => Some(to.clone()),
    }
}

/// The fields both patches set to different values, as dotted paths.
pub fn overlapping(ours: &Value, theirs: &Value, prefix: &str, out: &mut Vec<String>) {
    match (ours, theirs) {
        (Value::Object(o), Value::Object(t)) => {
            for (k, ov) in o {
                if let Some(tv) = t.get(k) {
                    let path = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    overlapping(ov, tv, &path, out);
                }
            }
        }
        _ if ours == theirs => {}
        _ => out.push(prefix.to_string()),
    }
}

/// Server-owned bookkeeping that changes on every write and is not "a change".
fn drop_bookkeeping(patch: &mut Value) {
    if let Some(meta) = patch.get_mut("metadata").and_then(Value::as_object_mut) {
        for k in ["resourceVersion", "generation", "managedFields"] {
            meta.remove(k);
        }
        if meta.is_empty()
            && let Some(map) = patch.as_object_mut()
        {
            map.remove("metadata");
        }
    }
}

/// Replay the user's change (`original` → `edited`) on `fresh`. Fails with the fields
/// that someone else changed too.
pub fn rebase(original: &Value, edited: &Value, fresh: &Value) -> Result<Value> {
    let mut ours = merge_diff(original, edited).unwrap_or(Value::Object(Map::new()));
    drop_bookkeeping(&mut ours);
    let mut theirs = merge_diff(original, fresh).unwrap_or(Value::Object(Map::new()));
    drop_bookkeeping(&mut theirs);
    let mut clashes = Vec::new();
    overlapping(&ours, &theirs, "", &mut clashes);
    if !clashes.is_empty() {
        return Err(CliError::new(
            Kind::Conflict,
            format!(
                "the user was changed by someone else in the same fields: {}",
                clashes.join(", ")
            ),
        )
        .with_hint("run `loftctl user edit` again to start from the current object"));
    }
    let mut merged = fresh.clone();
    json_patch::merge(&mut merged, &ours);
    Ok(merged)
}

/// The object as YAML, as kubectl writes it for editing (managedFields already gone).
pub fn yaml(object: &Value) -> String {
    let mut text = String::with_capacity(4096);
    crate::output::yaml::write_document(&mut text, object, true);
    text
}

/// Where a failed edit keeps the user's text.
struct Kept {
    file: Option<tempfile::NamedTempFile>,
    printer: Printer,
}

impl Kept {
    /// Keep the file and say where it is; returns the error to end with.
    fn keep(&mut self, err: CliError) -> CliError {
        let Some(file) = self.file.take() else {
            return err;
        };
        match file.keep() {
            Ok((_, path)) => {
                self.printer.report(format!(
                    "A copy of your changes has been stored to \"{}\"",
                    path.display()
                ));
            }
            Err(e) => {
                // Shown even with -q: the user's text is lost.
                self.printer
                    .report(format!("warning: could not keep your changes: {}", e.error));
            }
        }
        err
    }

    fn path(&self) -> Option<PathBuf> {
        self.file.as_ref().map(|f| f.path().to_path_buf())
    }
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

    let file = tempfile::Builder::new()
        .prefix("loftctl-edit-")
        .suffix(".yaml")
        .tempfile()
        .map_err(|e| CliError::other(format!("cannot create a temporary file: {e}")))?;
    let mut kept = Kept {
        file: Some(file),
        printer: *printer,
    };
    let path = kept
        .path()
        .ok_or_else(|| CliError::other("the temporary file is gone"))?;

    let mut body = original_yaml.clone();
    let mut errors: Vec<String> = Vec::new();
    let mut last_invalid: Option<String> = None;
    let mut last_error: Option<CliError> = None;

    for _round in 0..MAX_ROUNDS {
        std::fs::write(&path, file_text(name, &errors, &body))
            .map_err(|e| CliError::other(format!("cannot write {}: {e}", path.display())))?;
        if let Err(e) = run_editor(&path) {
            return Err(if last_invalid.is_some() {
                kept.keep(e)
            } else {
                e
            });
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|e| CliError::other(format!("cannot read {}: {e}", path.display())))?;
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
            return Err(kept.keep(err.context("Edit cancelled, no valid changes were saved")));
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

        match update(users, printer, name, &original, &edited, opts.dry_run).await {
            Ok(()) => {
                writeln!(out, "{SINGULAR}/{name} edited{}", opts.dry_run.suffix())?;
                return Ok(());
            }
            Err(e) if e.kind == Kind::Invalid => {
                // The server's 422: show it in the file and let the user fix it.
                errors = vec![e.message().clone()];
                last_error = Some(e);
                last_invalid = Some(compared);
                continue;
            }
            Err(e) => return Err(kept.keep(e)),
        }
    }
    let err = last_error
        .unwrap_or_else(|| CliError::invalid("the edit is still invalid"))
        .context(format!("giving up after {MAX_ROUNDS} rounds of editing"));
    Err(kept.keep(err))
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn editor_command_like_kubectl() {
        let path = Path::new("/tmp/x.yaml");
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            editor_command(env(&[]), path),
            ("vi".to_string(), vec!["/tmp/x.yaml".to_string()])
        );
        assert_eq!(
            editor_command(env(&[("EDITOR", "sed -i s/a/b/"), ("VISUAL", "")]), path),
            (
                "sed".to_string(),
                vec!["-i".into(), "s/a/b/".into(), "/tmp/x.yaml".into()]
            )
        );
        assert_eq!(
            editor_command(env(&[("EDITOR", "nano"), ("KUBE_EDITOR", "code -w")]), path).0,
            "code"
        );
        assert_eq!(
            editor_command(
                env(&[("LOFT_EDITOR", "ed"), ("KUBE_EDITOR", "code -w")]),
                path
            )
            .0,
            "ed"
        );
        assert_eq!(
            editor_command(env(&[("EDITOR", "sed -i 's/a b/c/'")]), path),
            (
                "sh".to_string(),
                vec!["-c".into(), "sed -i 's/a b/c/' '/tmp/x.yaml'".into()]
            )
        );
    }

    #[test]
    fn header_and_errors_are_comments() {
        let text = file_text(
            "alice",
            &["spec.emial: unknown field".into()],
            "kind: User\n",
        );
        assert!(text.contains(
            "# users.management.loft.sh \"alice\" was not valid:\n# * spec.emial: unknown field\n"
        ));
        assert_eq!(strip_header(&text), "kind: User\n");
        assert!(is_blank("# only\n\n  # comments\n"));
        assert!(!is_blank("# c\nkind: User\n"));
    }

    #[test]
    fn yaml_round_trip_is_unchanged() {
        let user = json!({"apiVersion": "management.loft.sh/v1", "kind": "User",
            "metadata": {"name": "a", "resourceVersion": "12", "uid": "0a1b",
                         "creationTimestamp": "2024-01-01T00:00:00Z", "labels": {"x": "true"}},
            "spec": {"email": "a@x", "tokenGeneration": 3, "disabled": false, "future": {"n": 1.5}},
            "status": {"teams": ["t"]}});
        let text = file_text("a", &[], &yaml(&user));
        assert_eq!(parse_edited(&text).unwrap(), user);
    }

    #[test]
    fn merge_diff_and_rebase() {
        let original = json!({"metadata": {"name": "a", "resourceVersion": "1", "labels": {"x": "1"}},
                              "spec": {"email": "a@x", "groups": ["g"]}});
        let edited = json!({"metadata": {"name": "a", "resourceVersion": "1", "labels": {"x": "1"}},
                            "spec": {"email": "new@x", "groups": ["g"]}});
        assert_eq!(
            merge_diff(&original, &edited),
            Some(json!({"spec": {"email": "new@x"}}))
        );
        assert_eq!(merge_diff(&original, &original), None);
        // Someone else added a label: both changes land, on the fresh resourceVersion.
        let fresh = json!({"metadata": {"name": "a", "resourceVersion": "2", "labels": {"x": "1", "y": "2"}},
                           "spec": {"email": "a@x", "groups": ["g"]}});
        let merged = rebase(&original, &edited, &fresh).unwrap();
        assert_eq!(merged["spec"]["email"], "new@x");
        assert_eq!(merged["metadata"]["labels"]["y"], "2");
        assert_eq!(merged["metadata"]["resourceVersion"], "2");
        // Someone else changed the email too: refuse.
        let clash = json!({"metadata": {"name": "a", "resourceVersion": "2", "labels": {"x": "1"}},
                           "spec": {"email": "other@x", "groups": ["g"]}});
        let err = rebase(&original, &edited, &clash).unwrap_err();
        assert_eq!(err.kind, Kind::Conflict);
        assert!(err.message().contains("spec.email"), "{}", err.message());
        // A removed field is replayed as a removal.
        let removed = json!({"metadata": {"name": "a", "resourceVersion": "1", "labels": {"x": "1"}},
                             "spec": {"email": "a@x"}});
        let merged = rebase(&original, &removed, &fresh).unwrap();
        assert!(merged["spec"].get("groups").is_none());
    }
}
