//! The command-line definition: the top-level parser and the flags every command shares.
//!
//! Each command's own flags live beside its logic in `src/commands/`; the enum of
//! commands and the dispatch are in `src/commands/mod.rs`. `completions/` and `man/`
//! are generated from this definition (see `tests/generated_files.rs`).

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, ValueEnum};

use crate::commands::Command;

pub const ABOUT: &str =
    "A fast, safe, scriptable CLI for the Loft (vCluster Platform) management API";

/// The top of the tree: `loftctl [GLOBAL FLAGS] COMMAND`.
#[derive(Debug, Parser)]
#[command(
    name = "loftctl",
    version,
    about = ABOUT,
    long_about = None,
    propagate_version = true,
    disable_help_subcommand = true,
    after_help = "Examples:\n  loftctl login https://loft.example.com\n  loftctl user list\n  loftctl dev-server -- loftctl whoami\n\nExit codes: 0 ok, 1 error, 2 usage, 3 invalid, 4 not found, 5 conflict,\n6 unauthorized, 7 unreachable/timeout, 8 token check failed."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Flags shared by every command.
#[derive(Debug, Clone, Args, Default)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Print only data and errors: no status lines, no progress
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Log each request (method, URL, status, duration) to stderr, credentials masked
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(flatten)]
    pub connect: ConnectArgs,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// How to reach the management API (README "Connecting"; first match wins):
/// flags/env, then the loft CLI's config file, then a kubeconfig.
#[derive(Debug, Clone, Args, Default)]
#[command(next_help_heading = "Connection")]
pub struct ConnectArgs {
    /// Loft URL (the /kubernetes/management suffix is added when missing)
    #[arg(
        long,
        global = true,
        env = "LOFT_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub server: Option<String>,

    /// Access key sent as a Bearer token (never printed)
    #[arg(
        long,
        global = true,
        env = "LOFT_ACCESS_KEY",
        value_name = "KEY",
        hide_env_values = true
    )]
    pub access_key: Option<String>,

    /// Skip TLS certificate verification (insecure; warns on stderr)
    #[arg(long, global = true)]
    pub insecure: bool,

    /// PEM file of the certificate authority that signed the server's certificate
    #[arg(long, global = true, value_name = "FILE")]
    pub certificate_authority: Option<PathBuf>,

    /// The loft CLI's config file [default: ~/.loft/config.json]
    #[arg(
        long,
        global = true,
        env = "LOFT_CONFIG",
        value_name = "PATH",
        hide_env_values = true
    )]
    pub config: Option<PathBuf>,

    /// Use this kubeconfig file (selects the kubeconfig source)
    #[arg(long, global = true, value_name = "FILE")]
    pub kubeconfig: Option<PathBuf>,

    /// Use this kubeconfig context (selects the kubeconfig source)
    #[arg(long, global = true, value_name = "NAME")]
    pub context: Option<String>,

    /// Bound on each request, e.g. 30s, 2m; 0 for none
    #[arg(long, global = true, value_name = "DURATION", value_parser = parse_duration, default_value = "30s")]
    pub request_timeout: Duration,
}

/// `--dry-run=none|client|server` (kubectl's flag).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum DryRun {
    /// Really do it.
    #[default]
    None,
    /// Send no write: validate and print what would be done.
    Client,
    /// Send the writes with `dryRun=All`: the server checks them and persists nothing.
    Server,
}

impl DryRun {
    /// The suffix kubectl prints after the verb: ` (dry run)`, ` (server dry run)`.
    pub fn suffix(self) -> &'static str {
        match self {
            DryRun::None => "",
            DryRun::Client => " (dry run)",
            DryRun::Server => " (server dry run)",
        }
    }
    /// Does the server get `dryRun=All`?
    pub fn server(self) -> bool {
        self == DryRun::Server
    }
}

/// Parse a human duration: `90s`, `30m`, `1h`, `7d`, `1h30m`, or plain seconds (`3600`).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("empty duration: expected e.g. 90s, 30m, 1h, 7d or seconds".into());
    }
    if let Ok(secs) = text.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    humantime::parse_duration(text).map_err(|e| {
        format!("invalid duration {text:?} ({e}): expected e.g. 90s, 30m, 1h, 7d or seconds")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("7d"), Ok(Duration::from_secs(7 * 86400)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("3600"), Ok(Duration::from_secs(3600)));
        let err = parse_duration("soon").unwrap_err();
        assert!(err.contains("expected e.g. 90s"), "{err}");
        assert!(parse_duration("").is_err());
        assert!(parse_duration("-5s").is_err());
    }
}
