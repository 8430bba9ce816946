//! loftctl: a fast, safe, scriptable CLI for the Loft management API.
//!
//! Where things live:
//! - `cli` — the top-level clap definition and the flags every command shares;
//! - `commands/` — one file per command, a folder per command group: flags + a `run`;
//! - `connect/` — finding the server (flags, loft config, kubeconfig) and the client;
//! - `api/` — the wire model of `management.loft.sh/v1`;
//! - `output/` — every output format (table, wide, yaml, json, name, jsonpath);
//! - `printer` — stdout for data, stderr for the rest; quiet/verbose/colour;
//! - `error` — the one error type and its exit codes;
//! - `schema/` — the compiled-in schema (validate, explain, the dev-server's OpenAPI);
//! - `manifest/` — reading `-f FILE|DIR|-` into documents;
//! - `validate/` — local checks with FILE:LINE:COLUMN diagnostics;
//! - `server/` — `loftctl dev-server`, the management API emulator;
//! - `users/` — batches, the edit loop and deletes behind `loftctl user`;
//! - `jwt/` — decoding and verifying DirectClusterEndpointTokens;
//! - `accesskeys/` — OwnedAccessKeys behind `loftctl accesskey`;
//! - `exec_credential/` — kubectl ExecCredentials and their token cache.

pub mod accesskeys;
pub mod api;
pub mod cli;
pub mod commands;
pub mod connect;
pub mod dry_run;
pub mod duration;
pub mod error;
pub mod exec_credential;
pub mod generate;
pub mod jwt;
pub mod manifest;
pub mod output;
pub mod printer;
pub mod schema;
pub mod secrets;
pub mod server;
pub mod users;
pub mod validate;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::Cli;
use crate::printer::Printer;

/// The process entry point: parse, run, print the error if any, exit with its code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help/version to stdout (exit 0) and usage errors to stderr (2).
            let code = e.exit_code();
            let _ = e.print();
            return ExitCode::from(u8::try_from(code).unwrap_or(2));
        }
    };
    let printer = Printer::from_args(&cli.global);
    match commands::run(cli, printer) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if err.kind != error::Kind::BrokenPipe {
                printer.error(&err);
            }
            ExitCode::from(err.exit_code())
        }
    }
}
