//! The editor process and the file it edits.
//!
//! The file lives alone in a fresh directory: the directory is 0700 and the file 0600,
//! since it holds a user object. [`EditFile`] remembers what was last written to it, so
//! that a failed or interrupted edit keeps the file only when the user changed it, and
//! says where. While the editor runs, SIGINT and SIGTERM are caught ([`Signals`]): the
//! edit then ends with exit 130 or 143 instead of dying with the file left behind
//! unnamed. The editor, which got the same Ctrl-C from the terminal (or the same
//! SIGTERM from a process-group kill), is left to end by itself.

use crate::printer::Printer;
use std::path::{Path, PathBuf};

use crate::error::{CliError, Kind, Result};

/// The editor environment variables, in order of preference.
pub const EDITOR_ENVS: &[&str] = &["LOFT_EDITOR", "KUBE_EDITOR", "VISUAL", "EDITOR"];

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

/// SIGINT and SIGTERM, caught from the moment this is made until the process ends.
pub(crate) struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    pub(crate) fn catch() -> Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let catch = |kind| {
                signal(kind).map_err(|e| CliError::other(format!("cannot catch signals: {e}")))
            };
            Ok(Signals {
                interrupt: catch(SignalKind::interrupt())?,
                terminate: catch(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    /// The next signal, as the kind of error it ends the command with: `Interrupted`
    /// (exit 130) for SIGINT, `Terminated` (143) for SIGTERM.
    pub(crate) async fn recv(&mut self) -> Kind {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => Kind::Interrupted,
                _ = self.terminate.recv() => Kind::Terminated,
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            Kind::Interrupted
        }
    }
}

/// What ended an editor session that did not succeed.
pub(crate) fn signal_error(kind: Kind, during: &str) -> CliError {
    let what = if kind == Kind::Terminated {
        "terminated (SIGTERM)"
    } else {
        "interrupted"
    };
    CliError::new(kind, format!("{what} {during}"))
}

/// Run the editor on `path` and wait for it, or for a signal.
pub(crate) async fn run_editor(path: &Path, signals: &mut Signals) -> Result<()> {
    let (program, args) = editor_command(|k| std::env::var(k).ok(), path);
    let mut child = tokio::process::Command::new(&program)
        .args(&args)
        .spawn()
        .map_err(|e| {
            CliError::other(format!("cannot start the editor {program:?}: {e}"))
                .with_hint("set LOFT_EDITOR, KUBE_EDITOR, VISUAL or EDITOR to an editor on PATH")
        })?;
    let status = tokio::select! {
        status = child.wait() => status.map_err(|e| {
            CliError::other(format!("cannot wait for the editor {program:?}: {e}"))
        })?,
        kind = signals.recv() => {
            return Err(signal_error(kind, "while the editor was running"));
        }
    };
    if !status.success() {
        return Err(CliError::other(format!(
            "the editor {program:?} exited with {status}; no changes were sent"
        )));
    }
    Ok(())
}

/// The file being edited, in its own private directory.
pub(crate) struct EditFile {
    dir: Option<tempfile::TempDir>,
    path: PathBuf,
    /// What was last written to the file, to tell whether the user changed it.
    written: Vec<u8>,
    /// Says where a kept file is.
    printer: Printer,
}

impl EditFile {
    /// A new, empty file `loftctl-edit-XXXXXX/NAME.yaml` in the temporary directory:
    /// the directory 0700, the file 0600.
    pub(crate) fn create(name: &str, printer: Printer) -> Result<EditFile> {
        let fail =
            |e: std::io::Error| CliError::other(format!("cannot create a temporary file: {e}"));
        let mut builder = tempfile::Builder::new();
        builder.prefix("loftctl-edit-");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o700));
        }
        let dir = builder.tempdir().map_err(fail)?;
        let stem: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
            .collect();
        let stem = stem.trim_start_matches('.');
        let stem = if stem.is_empty() { "user" } else { stem };
        let path = dir.path().join(format!("{stem}.yaml"));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        options.open(&path).map_err(fail)?;
        Ok(EditFile {
            dir: Some(dir),
            path,
            written: Vec::new(),
            printer,
        })
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn write(&mut self, text: &str) -> Result<()> {
        std::fs::write(&self.path, text)
            .map_err(|e| CliError::other(format!("cannot write {}: {e}", self.path.display())))?;
        self.written = text.as_bytes().to_vec();
        Ok(())
    }

    pub(crate) fn read(&self) -> Result<Vec<u8>> {
        std::fs::read(&self.path)
            .map_err(|e| CliError::other(format!("cannot read {}: {e}", self.path.display())))
    }

    /// Does the file differ from what was last written to it? (Unreadable: yes, to be
    /// safe.)
    pub(crate) fn changed(&self) -> bool {
        std::fs::read(&self.path).map_or(true, |now| now != self.written)
    }

    /// Keep the file and say where it is; returns the error to end with.
    pub(crate) fn keep(&mut self, err: CliError) -> CliError {
        let Some(dir) = self.dir.take() else {
            return err;
        };
        let _kept_dir = dir.keep();
        // Shown even with -q: it says where the user's text is.
        self.printer.report(format!(
            "A copy of your changes has been stored to \"{}\"",
            self.path.display()
        ));
        err
    }

    /// Keep the file when the user changed it (else it is removed with its directory).
    pub(crate) fn keep_if_changed(&mut self, err: CliError) -> CliError {
        if self.changed() { self.keep(err) } else { err }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[cfg(unix)]
    #[test]
    fn the_file_is_private_and_removed_unless_kept() {
        use std::os::unix::fs::PermissionsExt;
        let mut file = EditFile::create("../alice", Printer::plain()).unwrap();
        let path = file.path().to_path_buf();
        assert_eq!(path.file_name().unwrap(), "alice.yaml");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        file.write("kind: User\n").unwrap();
        assert!(!file.changed());
        let _ = file.keep_if_changed(CliError::other("x"));
        drop(file);
        assert!(!path.exists(), "unchanged: removed");

        let mut file = EditFile::create("bob", Printer::plain()).unwrap();
        let path = file.path().to_path_buf();
        file.write("kind: User\n").unwrap();
        std::fs::write(&path, "kind: User\nspec: {}\n").unwrap();
        assert!(file.changed());
        let _ = file.keep_if_changed(CliError::other("x"));
        drop(file);
        assert!(path.exists(), "changed: kept");
        std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
    }
}
