//! Reading `-f FILE|DIR|-`: the bytes of every input, named for diagnostics.
//!
//! A file is read whatever its extension; a directory is walked recursively (sorted,
//! symlinked directories not followed) for `*.yaml`, `*.yml` and `*.json`; `-` is stdin
//! (once). Bytes stay bytes here: invalid UTF-8 becomes a positioned diagnostic in
//! [`crate::validate::check_sources`], not an I/O error. [`load_checked`] is the whole
//! `-f` pre-flight: read, validate, print the diagnostics, refuse on an error.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{CliError, Result};

pub use crate::validate::Source;

/// Does a directory entry with this name hold manifests?
pub fn is_manifest_name(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "json")
    )
}

/// Read every path: files, directories (recursive), `-` for stdin.
pub fn read_inputs(paths: &[PathBuf]) -> Result<Vec<Source>> {
    let mut files = Vec::new();
    let mut stdin_seen = false;
    for p in paths {
        if p.as_os_str() == "-" {
            if stdin_seen {
                return Err(CliError::usage("stdin (-) can be given only once"));
            }
            stdin_seen = true;
            files.push(None);
            continue;
        }
        collect(p, &mut files)?;
    }
    let mut sources = Vec::with_capacity(files.len());
    for f in files {
        match f {
            None => {
                let mut data = Vec::new();
                std::io::stdin()
                    .lock()
                    .read_to_end(&mut data)
                    .map_err(|e| CliError::other(format!("reading stdin: {e}")))?;
                sources.push(Source::new("-", data));
            }
            Some(path) => {
                let data = std::fs::read(&path)
                    .map_err(|e| CliError::other(format!("reading {}: {e}", path.display())))?;
                sources.push(Source::new(path.display().to_string(), data));
            }
        }
    }
    Ok(sources)
}

/// For `-f` of `user create`, `user apply` and `token create`: read the paths, check
/// every document, print the diagnostics to stderr (`FILE:LINE:COLUMN: …`), and return
/// the documents, or an `Invalid` error (exit 3) when any diagnostic is an error, so
/// that nothing is sent. `strict` turns warnings into errors.
pub fn load_checked(
    paths: &[PathBuf],
    printer: &crate::printer::Printer,
    strict: bool,
) -> Result<Vec<crate::validate::Document>> {
    load_checked_against(paths, printer, strict, crate::validate::Against::newest())
}

/// [`load_checked`] against a chosen schema (a server's own, or one API version).
pub fn load_checked_against(
    paths: &[PathBuf],
    printer: &crate::printer::Printer,
    strict: bool,
    against: crate::validate::Against<'_>,
) -> Result<Vec<crate::validate::Document>> {
    let sources = read_inputs(paths)?;
    let mut report = crate::validate::check_sources_against(&sources, against);
    if strict {
        report.make_strict();
    }
    printer.diagnostics(&report.render_text_of(printer.color_stderr, printer.show_warnings()));
    if report.has_errors() {
        return Err(CliError::invalid(format!(
            "the manifests are invalid ({}); nothing was sent",
            report.summary()
        ))
        .with_hint("fix the errors above; `loftctl validate PATH` checks without sending"));
    }
    Ok(report.documents)
}

fn collect(path: &Path, out: &mut Vec<Option<PathBuf>>) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            CliError::other(format!(
                "the path {:?} does not exist",
                path.display().to_string()
            ))
        } else {
            CliError::other(format!("{}: {e}", path.display()))
        }
    })?;
    if !meta.is_dir() {
        out.push(Some(path.to_path_buf()));
        return Ok(());
    }
    // Iterative walk: a deep tree cannot overflow the stack.
    let mut dirs = vec![path.to_path_buf()];
    let mut found = Vec::new();
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir)
            .map_err(|e| CliError::other(format!("reading {}: {e}", dir.display())))?;
        for entry in entries {
            let entry =
                entry.map_err(|e| CliError::other(format!("reading {}: {e}", dir.display())))?;
            let p = entry.path();
            let ft = entry
                .file_type()
                .map_err(|e| CliError::other(format!("{}: {e}", p.display())))?;
            if ft.is_dir() {
                dirs.push(p);
            } else if is_manifest_name(&p) && (ft.is_file() || p.is_file()) {
                found.push(p);
            }
        }
    }
    found.sort();
    out.extend(found.into_iter().map(Some));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_are_walked_recursively_and_sorted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("sub/deeper")).unwrap();
        std::fs::write(dir.path().join("b.yaml"), "b").unwrap();
        std::fs::write(dir.path().join("a.json"), "a").unwrap();
        std::fs::write(dir.path().join("sub/deeper/c.yml"), "c").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        let sources = read_inputs(&[dir.path().to_path_buf()]).unwrap();
        let data: Vec<_> = sources.iter().map(|s| s.data.clone()).collect();
        assert_eq!(data, vec![b"a".to_vec(), b"b".to_vec(), b"c".to_vec()]);
        assert!(sources[2].name.ends_with("c.yml"));
    }

    #[test]
    fn missing_path_is_an_error() {
        let err = read_inputs(&[PathBuf::from("/nonexistent/x.yaml")]).unwrap_err();
        assert!(
            err.message().contains("does not exist"),
            "{}",
            err.message()
        );
    }
}
