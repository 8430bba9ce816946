//! The one place that decides what reaches the terminal (after uv's `printer.rs`).
//!
//! Data goes to stdout, through [`Printer::stdout`]; everything else goes to stderr and
//! knows about `--quiet` and `--verbose`:
//!
//! | what | method | `-q` | `-v` |
//! | --- | --- | --- | --- |
//! | status lines, summaries | [`Printer::status`] | hidden | shown |
//! | warnings | [`Printer::warn`] | hidden | shown |
//! | validation diagnostics | [`Printer::diagnostics`] | errors only | shown |
//! | a result told on stderr (kubectl's `NotFound` line) | [`Printer::report`] | shown | shown |
//! | the request log, debug lines | [`Printer::debug`] | — | shown |
//! | progress bars (terminal only) | [`Printer::show_progress`] | hidden | hidden |
//! | the final error | [`Printer::error`] | shown | shown, with each cause |
//!
//! Progress is hidden under `-v` (as uv does) so that the bar does not interleave with
//! the request log. Each stderr line is one `write`, so that the lines of concurrent
//! tasks (or processes) never mix. Colour is used only on a terminal (and not under
//! `NO_COLOR` or `--color never`).

use std::io::{self, IsTerminal, Write};

#[derive(Debug, Clone, Copy)]
pub struct Printer {
    pub quiet: bool,
    pub verbose: u8,
    /// Colour on stdout (tables).
    pub color_stdout: bool,
    /// Colour on stderr (`error:`, `warning:`).
    pub color_stderr: bool,
    pub stdin_tty: bool,
    pub stderr_tty: bool,
}

/// When to colour: the plain value behind `--color`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Color {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    Always,
    Never,
}

/// What the global flags say about output (`-q`, `-v`, `--color`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PrinterOptions {
    pub quiet: bool,
    pub verbose: u8,
    pub color: Color,
}

impl Printer {
    /// The printer for this process: the options, and what stdin/stdout/stderr are.
    pub fn new(options: PrinterOptions) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let stdout_tty = io::stdout().is_terminal();
        let stderr_tty = io::stderr().is_terminal();
        let pick = |tty: bool| match options.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => tty && !no_color,
        };
        Printer {
            quiet: options.quiet,
            verbose: options.verbose,
            color_stdout: pick(stdout_tty),
            color_stderr: pick(stderr_tty),
            stdin_tty: io::stdin().is_terminal(),
            stderr_tty,
        }
    }

    /// A printer for tests and the dev-server: no colour, no terminal.
    pub fn plain() -> Self {
        Printer {
            quiet: false,
            verbose: 0,
            color_stdout: false,
            color_stderr: false,
            stdin_tty: false,
            stderr_tty: false,
        }
    }

    /// Where data goes. Buffered: call `flush` (or drop) at the end.
    pub fn stdout(&self) -> io::BufWriter<io::StdoutLock<'static>> {
        io::BufWriter::with_capacity(64 * 1024, io::stdout().lock())
    }

    /// May we ask the user something? Only when stdin and stderr are terminals.
    pub fn can_prompt(&self) -> bool {
        self.stdin_tty && self.stderr_tty
    }

    /// Show progress bars? On a terminal, unless quiet or verbose (under `-v` the
    /// request log has the terminal's lines).
    pub fn show_progress(&self) -> bool {
        self.stderr_tty && !self.quiet && self.verbose == 0
    }

    /// A status line on stderr (`user.management.loft.sh/alice created` goes to stdout
    /// as data; this is for "No resources found", summaries, …). Silent with `-q`.
    pub fn status(&self, message: impl AsRef<str>) {
        if !self.quiet {
            line_to_stderr(&crate::escape::escape_message(message.as_ref()));
        }
    }

    /// A warning on stderr: `warning: …`. Silent with `-q` ("only data and errors");
    /// warnings about risks use [`Printer::risk`].
    pub fn warn(&self, message: impl AsRef<str>) {
        if !self.quiet {
            self.risk(message);
        }
    }

    /// A warning about a risk taken or met (TLS verification off, credentials over plain
    /// http, a credentials file others can read, a token cache that is not private, a bad
    /// signature): `warning: …` even with `-q`, which silences noise, not risks.
    pub fn risk(&self, message: impl AsRef<str>) {
        let label = self.paint_stderr("warning", "33");
        line_to_stderr(&format!("{label}: {}", clean(message.as_ref())));
    }

    /// A line that is part of the command's result but not data (kubectl prints
    /// `Error from server (NotFound): …` for a missing name and goes on): always shown.
    pub fn report(&self, message: impl AsRef<str>) {
        line_to_stderr(&clean(message.as_ref()));
    }

    /// Rendered validation diagnostics (`FILE:LINE:COLUMN: error: …`), already
    /// filtered by the caller with [`Printer::show_warnings`]: always written.
    pub fn diagnostics(&self, rendered: &str) {
        if !rendered.is_empty() {
            let _ = io::stderr().lock().write_all(rendered.as_bytes());
        }
    }

    /// Are warnings (of validation too) shown? Not with `-q`.
    pub fn show_warnings(&self) -> bool {
        !self.quiet
    }

    /// A debug line on stderr, shown with `-v` (the request log is made of these).
    pub fn debug(&self, message: impl AsRef<str>) {
        if self.verbose > 0 {
            line_to_stderr(&clean(message.as_ref()));
        }
    }

    /// The error of a failed command: `error: …` (its causes on the same line) and
    /// `hint: …`. With `-v`, the top message alone and then each cause on its own line.
    pub fn error(&self, err: &crate::error::CliError) {
        let mut text = Vec::new();
        let _ = self.write_error(&mut text, None, err);
        let _ = io::stderr().lock().write_all(&text);
    }

    /// The error of one item of a batch: `error: ITEM: …`.
    pub fn error_in(&self, item: &str, err: &crate::error::CliError) {
        let mut text = Vec::new();
        let _ = self.write_error(&mut text, Some(item), err);
        let _ = io::stderr().lock().write_all(&text);
    }

    fn write_error(
        &self,
        out: &mut dyn Write,
        item: Option<&str>,
        err: &crate::error::CliError,
    ) -> io::Result<()> {
        // A server may quote the request's credentials in its message: mask them.
        let label = self.paint_stderr("error", "31");
        let mut chain = err.chain();
        if let (Some(item), Some(first)) = (item, chain.first_mut()) {
            *first = format!("{item}: {first}");
        }
        if self.verbose > 0 && chain.len() > 1 {
            writeln!(out, "{label}: {}", clean(&chain[0]))?;
            for cause in &chain[1..] {
                writeln!(out, "  caused by: {}", clean(cause))?;
            }
        } else {
            writeln!(out, "{label}: {}", clean(&chain.join(": ")))?;
        }
        if let Some(hint) = &err.hint {
            let label = self.paint_stderr("hint", "36");
            writeln!(out, "{label}: {}", clean(hint))?;
        }
        Ok(())
    }

    fn paint_stderr(&self, text: &str, ansi: &str) -> String {
        if self.color_stderr {
            format!("\x1b[1;{ansi}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

impl Default for Printer {
    /// [`Printer::plain`].
    fn default() -> Self {
        Printer::plain()
    }
}

/// A message made safe for the terminal: known secrets masked, control characters
/// escaped.
fn clean(message: &str) -> String {
    crate::escape::escape_message(&crate::secrets::mask_known(message)).into_owned()
}

/// One line to stderr in one write.
fn line_to_stderr(line: &str) {
    let mut text = String::with_capacity(line.len() + 1);
    text.push_str(line);
    text.push('\n');
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{CliError, Kind};

    fn terminal(quiet: bool, verbose: u8) -> Printer {
        Printer {
            quiet,
            verbose,
            stderr_tty: true,
            stdin_tty: true,
            ..Printer::plain()
        }
    }

    #[test]
    fn progress_only_on_a_terminal_and_never_under_quiet_or_verbose() {
        assert!(terminal(false, 0).show_progress());
        assert!(
            !terminal(false, 1).show_progress(),
            "-v: the request log owns stderr"
        );
        assert!(!terminal(false, 2).show_progress());
        assert!(!terminal(true, 0).show_progress());
        assert!(!Printer::plain().show_progress(), "not a terminal");
    }

    #[test]
    fn quiet_hides_warnings() {
        assert!(terminal(false, 0).show_warnings());
        assert!(!terminal(true, 0).show_warnings());
    }

    #[test]
    fn verbose_errors_show_each_cause_on_its_own_line() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        let err = CliError::with_source(Kind::Unreachable, "server unreachable", io)
            .with_hint("is it running?");
        let render = |p: Printer, item: Option<&str>| {
            let mut out = Vec::new();
            p.write_error(&mut out, item, &err).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(
            render(Printer::plain(), None),
            "error: server unreachable: refused\nhint: is it running?\n"
        );
        assert_eq!(
            render(terminal(false, 1), Some("user/a")),
            "error: user/a: server unreachable\n  caused by: refused\nhint: is it running?\n"
        );
    }
}
