//! Local validation with compiler-grade diagnostics: `FILE:LINE:COLUMN: error: PATH: MESSAGE`.
//!
//! - [`check_sources`]: the entry point for `-f` inputs (`validate`, `user create -f`,
//!   `user apply -f`, `token create -f`): parses every source with positions (YAML or
//!   JSON, multi-document, `kind: List` expanded into its items), runs the rules of the
//!   compiled-in schema ([`crate::schema`]), and returns the documents with their
//!   positions and the diagnostics. Callers send nothing when [`Report::has_errors`].
//! - [`validate_value`]: the same rules on an already-parsed object (no positions):
//!   the dev-server (422, `fieldValidation=Strict`) and patch/edit pre-flight.

pub mod decode;
pub mod names;
mod rules;
pub mod tree;

use std::fmt;

use serde::Serialize;
use serde_json::Value;

/// One input: its display name (the path as given, `-` for stdin) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub name: String,
    pub data: Vec<u8>,
}

impl Source {
    pub fn new(name: impl Into<String>, data: impl Into<Vec<u8>>) -> Self {
        Source {
            name: name.into(),
            data: data.into(),
        }
    }
}

pub use crate::schema::Against;
pub use crate::suggest::{did_you_mean, edit_distance};
pub use names::{is_dns1123_label, is_dns1123_subdomain, is_label_value, is_qualified_name};

/// A user's value in a message: quoted, and cut to 64 characters.
pub(crate) fn quote(s: &str) -> String {
    if s.chars().count() <= 64 {
        format!("{s:?}")
    } else {
        let head: String = s.chars().take(64).collect();
        format!("{head:?}… ({} bytes)", s.len())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One finding. `line`/`column` are 1-based; 0 when the object had no positions
/// ([`validate_value`]), and `file` is "" then. `path` is the field path
/// (`spec.access[0].verbs`), "" for the document as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub path: String,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    /// `FILE:LINE:COLUMN: error: PATH: MESSAGE` (parts without a value are left out).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.file.is_empty() {
            write!(f, "{}:", self.file)?;
            if self.line > 0 {
                write!(f, "{}:{}:", self.line, self.column)?;
            }
            f.write_str(" ")?;
        }
        write!(f, "{}: ", self.severity)?;
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

/// One object found in the sources (a `kind: List` gives one per item), as parsed: typed
/// from its tree ([`Document::decode`]), never built as a JSON value unless asked
/// ([`Document::to_json`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The source's display name (the path as given, `-` for stdin).
    pub source: String,
    /// 1-based line and column where the object starts.
    pub line: usize,
    pub column: usize,
    /// The `kind` as written (`User`, `DirectClusterEndpointToken`), "" when missing.
    pub kind: String,
    pub root: tree::Node,
}

impl Document {
    /// The object as a `T` (serde's message when it is not one).
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<T, decode::DecodeError> {
        decode::decode(&self.root)
    }

    /// The object as JSON.
    pub fn to_json(&self) -> Value {
        self.root.to_json()
    }
}

/// What [`check_sources`] found: the documents (or what [`check_sources_then`] made of
/// each) and the diagnostics.
#[derive(Debug, Clone, PartialEq)]
pub struct Report<D = Document> {
    pub documents: Vec<D>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<D> Default for Report<D> {
    fn default() -> Self {
        Report {
            documents: Vec::new(),
            diagnostics: Vec::new(),
        }
    }
}

impl<D> Report<D> {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }
    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }
    /// The summary line: `3 documents, 1 error, 2 warnings`.
    pub fn summary(&self) -> String {
        fn plural(n: usize, word: &str) -> String {
            if n == 1 {
                format!("1 {word}")
            } else {
                format!("{n} {word}s")
            }
        }
        format!(
            "{}, {}, {}",
            plural(self.documents.len(), "document"),
            plural(self.errors(), "error"),
            plural(self.warnings(), "warning")
        )
    }
    /// The diagnostics as text, one per line (`FILE:LINE:COLUMN: error: …`), the
    /// severity in colour when asked.
    pub fn render_text(&self, color: bool) -> String {
        self.render_text_of(color, true)
    }

    /// [`Report::render_text`], without the warnings unless `warnings`.
    pub fn render_text_of(&self, color: bool, warnings: bool) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            if !warnings && d.severity == Severity::Warning {
                continue;
            }
            let line = d.to_string();
            if color {
                let (word, ansi) = match d.severity {
                    Severity::Error => ("error:", "31"),
                    Severity::Warning => ("warning:", "33"),
                };
                out.push_str(&line.replacen(word, &format!("\x1b[1;{ansi}m{word}\x1b[0m"), 1));
            } else {
                out.push_str(&line);
            }
            out.push('\n');
        }
        out
    }
    /// `--strict`: every warning becomes an error.
    pub fn make_strict(&mut self) {
        for d in &mut self.diagnostics {
            d.severity = Severity::Error;
        }
    }
}

/// Validate one source against the built-in schema's newest version.
pub fn check_source(source: &Source) -> Report {
    check_source_against(source, Against::newest())
}

/// Validate one source: parse with positions, then the rules. `documents` in the
/// report are in source order.
pub fn check_source_against(source: &Source, against: Against<'_>) -> Report {
    check_source_then(source, against, &|d| d)
}

/// [`check_source_against`], each document handed to `then` on the thread that checked
/// it.
fn check_source_then<T: Send>(
    source: &Source,
    against: Against<'_>,
    then: &(dyn Fn(Document) -> T + Sync),
) -> Report<T> {
    let mut report = Report::default();
    let name = source.name.as_str();
    let data = source
        .data
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&source.data);
    let text = match std::str::from_utf8(data) {
        Ok(t) => t,
        Err(e) => {
            let good = &data[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            report.diagnostics.push(Diagnostic {
                file: name.to_string(),
                line,
                column,
                severity: Severity::Error,
                path: String::new(),
                message: format!(
                    "invalid UTF-8 (byte 0x{:02x} at offset {}): manifests must be UTF-8 text",
                    data[e.valid_up_to()],
                    e.valid_up_to()
                ),
            });
            return report;
        }
    };
    if text.contains('\0') {
        let at = text.find('\0').unwrap_or(0);
        let before = &text[..at];
        report.diagnostics.push(Diagnostic {
            file: name.to_string(),
            line: before.matches('\n').count() + 1,
            column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
            severity: Severity::Error,
            path: String::new(),
            message: "binary data (a NUL byte): manifests must be YAML or JSON text".to_string(),
        });
        return report;
    }
    let chunks = split_documents(text.as_bytes());
    // Documents are independent (anchors do not cross them): a big source is parsed
    // and checked on every core, in contiguous runs of documents, then joined in order.
    let workers = if text.len() > PARALLEL_BYTES && chunks.len() > 1 {
        crate::parallel::cores().min(chunks.len())
    } else {
        1
    };
    if workers <= 1 {
        check_chunks(name, text, &chunks, against, then, &mut report);
    } else {
        let per = chunks.len().div_ceil(workers);
        let parts: Vec<Report<T>> = std::thread::scope(|scope| {
            let handles: Vec<_> = chunks
                .chunks(per)
                .map(|run| {
                    scope.spawn(move || {
                        let mut r = Report::default();
                        check_chunks(name, text, run, against, then, &mut r);
                        r
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        for r in parts {
            report.documents.extend(r.documents);
            report.diagnostics.extend(r.diagnostics);
        }
    }
    report
        .diagnostics
        .sort_by_key(|d| (d.line, d.column, d.severity));
    report
}

/// Sources bigger than this are parsed on several threads.
const PARALLEL_BYTES: usize = 256 * 1024;

/// One document's text: its byte range and its first line (1-based).
#[derive(Debug, Clone, Copy)]
struct Chunk {
    start: usize,
    end: usize,
    line: usize,
}

/// How many documents a source holds, found as [`check_sources`] splits it (no parsing;
/// a source that is not UTF-8 is counted the same way).
pub fn document_count(data: &[u8]) -> usize {
    split_documents(data).len()
}

/// Split a stream at the lines that start with `---` (followed by a space, a tab or the
/// end of the line). YAML forbids such a line inside any content ("c-forbidden"), so
/// this is exactly where documents start, found without parsing.
fn split_documents(bytes: &[u8]) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut start_line = 1;
    let mut line = 1;
    let mut off = 0;
    while off < bytes.len() {
        if off > start && bytes[off..].starts_with(b"---") {
            let next = bytes.get(off + 3).copied();
            if matches!(next, None | Some(b' ' | b'\t' | b'\r' | b'\n')) {
                chunks.push(Chunk {
                    start,
                    end: off,
                    line: start_line,
                });
                start = off;
                start_line = line;
            }
        }
        match bytes[off..].iter().position(|&b| b == b'\n') {
            Some(p) => {
                off += p + 1;
                line += 1;
            }
            None => break,
        }
    }
    chunks.push(Chunk {
        start,
        end: bytes.len(),
        line: start_line,
    });
    chunks
}

/// Parse and check a run of documents, appending to `report` what `then` makes of each
/// object.
fn check_chunks<T>(
    name: &str,
    text: &str,
    chunks: &[Chunk],
    against: Against<'_>,
    then: &(dyn Fn(Document) -> T + Sync),
    report: &mut Report<T>,
) {
    for chunk in chunks {
        let len = chunk.end - chunk.start;
        if len > tree::MAX_DOCUMENT_BYTES {
            report.diagnostics.push(Diagnostic {
                file: name.to_string(),
                line: chunk.line,
                column: 1,
                severity: Severity::Error,
                path: String::new(),
                message: format!(
                    "document is {len} bytes, over the 3 MiB limit of the API server ({} bytes)",
                    tree::MAX_DOCUMENT_BYTES
                ),
            });
            continue;
        }
        let parsed = tree::parse(&text[chunk.start..chunk.end]);
        let shift = chunk.line - 1;
        for p in parsed.problems {
            report.diagnostics.push(Diagnostic {
                file: name.to_string(),
                line: p.line as usize + shift,
                column: p.col as usize,
                severity: Severity::Error,
                path: p.path,
                message: p.message,
            });
        }
        for doc in parsed.docs {
            let first = report.diagnostics.len();
            let found = rules::check_document(name, &doc.root, against, &mut report.diagnostics);
            for d in &mut report.diagnostics[first..] {
                d.line += shift;
            }
            for (found, root) in objects(doc.root, found) {
                report.documents.push(then(Document {
                    source: name.to_string(),
                    line: found.line + shift,
                    column: found.column,
                    kind: found.kind,
                    root,
                }));
            }
        }
    }
}

/// The nodes of the objects found in a document: the document itself, or the items of
/// its `kind: List` (moved out, not copied).
fn objects(root: tree::Node, found: Vec<rules::Found>) -> Vec<(rules::Found, tree::Node)> {
    if found.iter().all(|f| f.item.is_none()) {
        // The document itself (or nothing, when it is not an object).
        return found
            .into_iter()
            .next()
            .map(|f| (f, root))
            .into_iter()
            .collect();
    }
    let tree::Kind::Map(entries) = root.kind else {
        return Vec::new();
    };
    let items = entries.into_iter().find(|(k, _)| k.name == "items");
    let Some((
        _,
        tree::Node {
            kind: tree::Kind::Seq(items),
            ..
        },
    )) = items
    else {
        return Vec::new();
    };
    let mut items: Vec<Option<tree::Node>> = items.into_iter().map(Some).collect();
    found
        .into_iter()
        .filter_map(|f| {
            let node = items.get_mut(f.item?)?.take()?;
            Some((f, node))
        })
        .collect()
}

/// Validate every source against the built-in schema's newest version.
pub fn check_sources(sources: &[Source]) -> Report {
    check_sources_against(sources, Against::newest())
}

/// Validate every source (in parallel when there are several), in order. An input
/// without any document at all gets the error "no objects found".
pub fn check_sources_against(sources: &[Source], against: Against<'_>) -> Report {
    check_sources_then(sources, against, |d| d)
}

/// [`check_sources_against`], each document handed to `then` on the thread that checked
/// it (to type it there, for one: its tree is freed on the thread that built it, and
/// the typing is done on every core).
pub fn check_sources_then<T: Send>(
    sources: &[Source],
    against: Against<'_>,
    then: impl Fn(Document) -> T + Sync,
) -> Report<T> {
    let then: &(dyn Fn(Document) -> T + Sync) = &then;
    let check = |s: &Source| check_source_then(s, against, then);
    let reports: Vec<Report<T>> = if sources.len() <= 1 {
        sources.iter().map(check).collect()
    } else {
        let workers = crate::parallel::cores().min(sources.len());
        let chunk = sources.len().div_ceil(workers);
        std::thread::scope(|scope| {
            let handles: Vec<_> = sources
                .chunks(chunk)
                .map(|c| scope.spawn(move || c.iter().map(check).collect::<Vec<_>>()))
                .collect();
            handles
                .into_iter()
                .flat_map(|h| {
                    // A worker cannot panic on input (no unwraps on it); if it did, the
                    // panic is re-raised here rather than swallowed.
                    h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
                })
                .collect()
        })
    };
    let mut report = Report::default();
    for r in reports {
        report.documents.extend(r.documents);
        report.diagnostics.extend(r.diagnostics);
    }
    let fatal_input = report
        .diagnostics
        .iter()
        .any(|d| d.path.is_empty() && d.severity == Severity::Error);
    if report.documents.is_empty() && !fatal_input {
        let file = sources.first().map_or("-".to_string(), |s| s.name.clone());
        report.diagnostics.push(Diagnostic {
            file,
            line: 1,
            column: 1,
            severity: Severity::Error,
            path: String::new(),
            message: "no objects found".to_string(),
        });
    }
    report
}

/// Check an already-parsed object (no positions: line and column 0, file "")
/// against the built-in schema's newest version. Unknown-field messages start with
/// `unknown field`.
pub fn validate_value(value: &Value) -> Vec<Diagnostic> {
    validate_value_against(value, Against::newest())
}

/// [`validate_value`] against a chosen schema and version.
pub fn validate_value_against(value: &Value, against: Against<'_>) -> Vec<Diagnostic> {
    validate_node_against(&tree::Node::from_json(value), against)
}

/// [`validate_value_against`] for a value already made a tree.
pub fn validate_node_against(node: &tree::Node, against: Against<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    rules::check_document("", node, against, &mut diagnostics);
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_compiler_style() {
        let d = Diagnostic {
            file: "u.yaml".into(),
            line: 7,
            column: 3,
            severity: Severity::Error,
            path: "spec.emial".into(),
            message: "unknown field (did you mean \"email\"?)".into(),
        };
        assert_eq!(
            d.to_string(),
            "u.yaml:7:3: error: spec.emial: unknown field (did you mean \"email\"?)"
        );
        let d = Diagnostic {
            file: String::new(),
            line: 0,
            column: 0,
            ..d
        };
        assert_eq!(
            d.to_string(),
            "error: spec.emial: unknown field (did you mean \"email\"?)"
        );
    }
}
