//! The one place that decides what reaches the terminal (after uv's `printer.rs`).
//!
//! Data goes to stdout, through [`Printer::stdout`]; everything else — status lines,
//! warnings, progress — goes to stderr and knows about `--quiet` and `--verbose`.
//! Colour and progress bars are used only on a terminal (and colour not under
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

    /// Show progress bars? On a terminal, unless quiet.
    pub fn show_progress(&self) -> bool {
        self.stderr_tty && !self.quiet
    }

    /// A status line on stderr (`user.management.loft.sh/alice created` goes to stdout
    /// as data; this is for "No resources found", summaries, …). Silent with `-q`.
    pub fn status(&self, message: impl AsRef<str>) {
        if !self.quiet {
            let message = crate::output::escape::escape_message(message.as_ref());
            let _ = writeln!(io::stderr().lock(), "{message}");
        }
    }

    /// A warning on stderr: `warning: …`. Shown even with `-q`.
    pub fn warn(&self, message: impl AsRef<str>) {
        let label = self.paint_stderr("warning", "33");
        let message = crate::secrets::mask_known(message.as_ref());
        let message = crate::output::escape::escape_message(&message);
        let _ = writeln!(io::stderr().lock(), "{label}: {message}");
    }

    /// A debug line on stderr, shown with `-v`.
    pub fn debug(&self, message: impl AsRef<str>) {
        if self.verbose > 0 {
            let message = crate::secrets::mask_known(message.as_ref());
            let message = crate::output::escape::escape_message(&message);
            let _ = writeln!(io::stderr().lock(), "{message}");
        }
    }

    /// The error of a failed command: `error: …` and `hint: …`.
    pub fn error(&self, err: &crate::error::CliError) {
        let mut stderr = io::stderr().lock();
        // A server may quote the request's credentials in its message: mask them.
        let label = self.paint_stderr("error", "31");
        let message = crate::secrets::mask_known(&err.message);
        let message = crate::output::escape::escape_message(&message);
        let _ = writeln!(stderr, "{label}: {message}");
        if let Some(hint) = &err.hint {
            let label = self.paint_stderr("hint", "36");
            let hint = crate::secrets::mask_known(hint);
            let hint = crate::output::escape::escape_message(&hint);
            let _ = writeln!(stderr, "{label}: {hint}");
        }
    }

    fn paint_stderr(&self, text: &str, ansi: &str) -> String {
        if self.color_stderr {
            format!("\x1b[1;{ansi}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}
