//! The command-line definition: the top-level parser and the flags every command shares.
//!
//! Each command's own flags live beside its logic in `src/commands/`; the enum of
//! commands and the dispatch are in `src/commands/mod.rs`. `completions/` and `man/`
//! are generated from this definition (see `tests/cli/generated_files.rs`).

use std::path::PathBuf;
use std::time::Duration;

use clap::builder::PossibleValue;
use clap::{Args, Parser, ValueEnum};

use crate::printer::Printer;

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
    after_help = "Examples:\n  loftctl login https://loft.example.com\n  loftctl user list\n  loftctl dev-server -- loftctl whoami\n\nExit codes: 0 ok, 1 error, 2 usage, 3 invalid, 4 not found, 5 conflict,\n6 unauthorized, 7 unreachable/timeout, 8 token check failed,\n9 user diff found changes."
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

    /// Send the access key over plain http to a host that is not loopback (insecure: anyone
    /// on the path can read the key; warns on stderr)
    #[arg(long, global = true)]
    pub insecure_http: bool,

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
    #[arg(long, global = true, value_name = "DURATION", value_parser = crate::duration::parse_timeout, default_value = "30s")]
    pub request_timeout: Duration,
}

impl GlobalArgs {
    /// The printer's options these flags describe.
    pub fn printer_options(&self) -> crate::printer::PrinterOptions {
        crate::printer::PrinterOptions {
            quiet: self.quiet,
            verbose: self.verbose,
            color: match self.color {
                ColorChoice::Auto => crate::printer::Color::Auto,
                ColorChoice::Always => crate::printer::Color::Always,
                ColorChoice::Never => crate::printer::Color::Never,
            },
        }
    }
}

impl ConnectArgs {
    /// The connection options these flags describe.
    pub fn options(&self) -> crate::connect::ConnectOptions {
        crate::connect::ConnectOptions {
            server: self.server.clone(),
            access_key: self.access_key.clone(),
            insecure: self.insecure,
            insecure_http: self.insecure_http,
            certificate_authority: self.certificate_authority.clone(),
            config: self.config.clone(),
            kubeconfig: self.kubeconfig.clone(),
            context: self.context.clone(),
            request_timeout: self.request_timeout,
        }
    }
}

pub use crate::dry_run::DryRun;

/// `--dry-run=none|client|server`: the flag's values for the leaf type [`DryRun`].
impl ValueEnum for DryRun {
    fn value_variants<'a>() -> &'a [Self] {
        &[DryRun::None, DryRun::Client, DryRun::Server]
    }
    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            DryRun::None => PossibleValue::new("none").help("Really do it"),
            DryRun::Client => PossibleValue::new("client")
                .help("Send no write: validate and print what would be done"),
            DryRun::Server => PossibleValue::new("server").help(
                "Send the writes with dryRun=All: the server checks them and persists nothing",
            ),
        })
    }
}

/// The process entry point: parse, run, print the error if any, exit with its code.
pub fn main() -> std::process::ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help/version to stdout (exit 0) and usage errors to stderr (2).
            let code = e.exit_code();
            let _ = e.print();
            return std::process::ExitCode::from(u8::try_from(code).unwrap_or(2));
        }
    };
    let printer = Printer::new(cli.global.printer_options());
    match crate::commands::run(cli, printer) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            use crate::error::Kind;
            // A broken pipe ends quietly; `user diff`'s exit 9 is an answer, not an error.
            if !matches!(err.kind, Kind::BrokenPipe | Kind::Differs) {
                printer.error(&err);
            }
            std::process::ExitCode::from(err.exit_code())
        }
    }
}
