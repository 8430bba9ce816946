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
pub mod jwt;
pub mod manifest;
pub mod output;
pub mod printer;
pub mod retry;
pub mod schema;
pub mod secrets;
pub mod server;
pub mod users;
pub mod validate;

/// The generated files (completions, man pages), for the test that keeps them fresh.
pub use commands::generate;

/// The process entry point (see [`cli::main`]).
pub fn main() -> std::process::ExitCode {
    cli::main()
}
