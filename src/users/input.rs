//! The Users of `-f FILE|DIR|-`, all checked before anything is sent.
//!
//! Every source is read ([`crate::manifest::read_inputs`]) and validated
//! ([`crate::validate::check_sources_against`]: the schema of the server written to,
//! else the built-in one); then each document must be a User, parse into
//! the typed model, and (for apply) carry a name; a name may appear only once. Every
//! diagnostic is printed as `FILE:LINE:COLUMN: error: PATH: MESSAGE` on stderr; if there
//! is any error, nothing is sent and the command exits 3.

use std::collections::HashMap;
use std::path::PathBuf;

use super::batch::Item;
use super::resource_name;
use crate::api::User;
use crate::error::{CliError, Result};
use crate::manifest;
use crate::printer::Printer;
use crate::validate::{self, Diagnostic, Document, Severity, Source};

/// What the command needs of each document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// `create`: `metadata.name` or `generateName`.
    Create,
    /// `apply`: `metadata.name` (server-side apply addresses the object by name).
    Apply,
}

/// Read, validate and type every User of these paths.
pub fn load(
    printer: &Printer,
    paths: &[PathBuf],
    need: Need,
    against: validate::Against<'_>,
) -> Result<Vec<Item<Box<User>>>> {
    check(printer, &manifest::read_inputs(paths)?, need, against)
}

/// How many documents these sources hold, split as the check splits them but not
/// parsed (enough to decide, before the check, how the live Users will be read).
pub fn documents_about(sources: &[Source]) -> usize {
    sources
        .iter()
        .map(|s| validate::document_count(&s.data))
        .sum()
}

/// Validate and type every User of these sources.
pub fn check(
    printer: &Printer,
    sources: &[Source],
    need: Need,
    against: validate::Against<'_>,
) -> Result<Vec<Item<Box<User>>>> {
    // Each document is typed on the thread that checked it; the types count only when
    // no document is invalid.
    let report = validate::check_sources_then(sources, against, type_document);
    let mut diagnostics = report.diagnostics;
    let documents = report.documents.len();
    let mut items = Vec::new();
    if !diagnostics.iter().any(|d| d.severity == Severity::Error) {
        items = type_documents(report.documents, need, &mut diagnostics);
    }
    finish(printer, &diagnostics, documents, MANIFEST_HINT)?;
    Ok(items)
}

/// Check a User built from flags with the same rules as a manifest.
pub fn check_built(printer: &Printer, user: &User, against: validate::Against<'_>) -> Result<()> {
    let value = serde_json::to_value(user)
        .map_err(|e| CliError::other(format!("cannot encode the User: {e}")))?;
    let diagnostics = validate::validate_value_against(&value, against);
    finish(
        printer,
        &diagnostics,
        1,
        "fix the flags (see `loftctl explain user`) and run again",
    )
}

/// Print every diagnostic; an error if any of them is one.
const MANIFEST_HINT: &str = "fix the manifests (see `loftctl validate`) and run again";

fn finish(
    printer: &Printer,
    diagnostics: &[Diagnostic],
    documents: usize,
    hint: &str,
) -> Result<()> {
    let mut rendered = String::new();
    for d in diagnostics {
        if d.severity == Severity::Warning && !printer.show_warnings() {
            continue;
        }
        rendered.push_str(&format!("{d}\n"));
    }
    printer.diagnostics(&rendered);
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors == 0 {
        return Ok(());
    }
    let plural = |n: usize, w: &str| {
        if n == 1 {
            format!("1 {w}")
        } else {
            format!("{n} {w}s")
        }
    };
    Err(CliError::invalid(format!(
        "{} in {}: nothing was sent",
        plural(errors, "error"),
        plural(documents.max(1), "document")
    ))
    .with_hint(hint))
}

/// The typed Users of valid documents; what is wrong goes to `diagnostics`. The names
/// are checked in order, so that a duplicate names the first place it was defined.
fn type_documents(
    typed: Vec<Typed>,
    need: Need,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Item<Box<User>>> {
    let mut items = Vec::with_capacity(typed.len());
    let mut seen: HashMap<String, String> = HashMap::new();
    for Typed { at, user } in typed {
        let user = match user {
            Ok(user) => user,
            Err(message) => {
                diagnostics.push(at.error("", message));
                continue;
            }
        };
        let name = user.metadata.name.clone().filter(|n| !n.is_empty());
        let label = match &name {
            Some(name) => {
                let here = format!("{}:{}", at.source, at.line);
                if let Some(first) = seen.insert(name.clone(), here) {
                    diagnostics.push(at.error(
                        "metadata.name",
                        format!("{name:?} is also defined at {first}"),
                    ));
                    continue;
                }
                resource_name(name)
            }
            None if need == Need::Apply => {
                diagnostics.push(at.error(
                    "metadata.name",
                    "required by apply (generateName is not enough)".to_string(),
                ));
                continue;
            }
            None => format!("{}:{}", at.source, at.line),
        };
        items.push(Item {
            label,
            payload: user,
        });
    }
    items
}

/// A document typed where it was checked: a User, or why it is not one. The User is
/// boxed, and stays so until it is sent: a thousand of them are gathered from the
/// threads into one list and moved from list to list, and a User is large to move
/// (each move of a thousand copied a megabyte into fresh pages).
struct Typed {
    at: At,
    user: std::result::Result<Box<User>, String>,
}

/// Where a document starts, for its diagnostics.
struct At {
    source: String,
    line: usize,
    column: usize,
}

impl At {
    fn error(&self, path: &str, message: String) -> Diagnostic {
        Diagnostic {
            file: self.source.clone(),
            line: self.line,
            column: self.column,
            severity: Severity::Error,
            path: path.to_string(),
            message,
        }
    }
}

/// One document as a User (typed from its tree), or why it is not one.
fn type_document(doc: Document) -> Typed {
    let user = if doc.kind != User::KIND {
        let kind = if doc.kind.is_empty() {
            "no kind".to_string()
        } else {
            format!("kind {:?}", doc.kind)
        };
        Err(format!("expected a User, found {kind}"))
    } else {
        doc.decode::<Box<User>>()
            .map_err(|e| format!("not a User: {e}"))
    };
    let at = At {
        source: doc.source,
        line: doc.line,
        column: doc.column,
    };
    Typed { at, user }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_counted_by_their_separators() {
        let sources = [
            Source::new(
                "a.yaml",
                "kind: User\n---\nkind: User\n--- # c\nkind: User\n",
            ),
            Source::new("b.yaml", "---\nkind: User\n"),
            Source::new("c.yaml", "kind: User\nspec:\n  x: '---'\n"),
        ];
        // 3 + 1 (a leading separator starts the first document) + 1 (`'---'` is content).
        assert_eq!(documents_about(&sources), 5);
    }
}
