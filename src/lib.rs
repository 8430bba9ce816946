//! loftctl: a fast, safe, scriptable CLI for the Loft management API.
//!
//! Imports run one way (`tests/cli/layering.rs` checks it): `cli` and `commands/` on
//! top — the only modules that know clap — map flags to plain option structs and call
//! the logic below; the logic never imports them.
//!
//! - `cli` — the top-level clap definition, the flags every command shares, `main`;
//! - `commands/` — one file per command, a folder per command group: flags + a `run`;
//! - `connect/` — finding the server (`ConnectOptions`, loft config, kubeconfig), the client;
//! - `api/` — the wire model of `management.loft.sh/v1`;
//! - `output/` — every output format (table, wide, yaml, json, name, jsonpath);
//! - `printer` — stdout for data, stderr for the rest; quiet/verbose/colour/progress;
//! - `error` — the one error type (kinds → exit codes, the chain of causes);
//! - `schema/` — the compiled-in schema (validate, explain, the dev-server's OpenAPI);
//! - `manifest/` — reading `-f FILE|DIR|-` into documents;
//! - `validate/` — local checks with FILE:LINE:COLUMN diagnostics;
//! - `server/` — `loftctl dev-server`, the management API emulator;
//! - `users/` — batches, the edit loop and deletes behind `loftctl user`;
//! - `jwt/` — decoding and verifying DirectClusterEndpointTokens;
//! - `accesskeys/` — OwnedAccessKeys behind `loftctl accesskey`;
//! - `exec_credential/` — kubectl ExecCredentials and their token cache;
//! - leaves that import nothing above them: `dry_run`, `duration`, `retry` (the one
//!   retry policy), `secrets`, `selector` (label/field selectors), `suggest`, `escape` (terminal-safe
//!   text), `transport` (the client's deadline, size cap and redirect layer).
//!
//! Public (`pub`) only what the binary, the integration tests and the fuzz targets use;
//! everything else is `pub(crate)`, so that rustc reports dead code.

pub(crate) mod accesskeys;
pub mod api;
pub(crate) mod cli;
pub(crate) mod commands;
pub(crate) mod connect;
pub(crate) mod dry_run;
pub(crate) mod duration;
pub mod error;
pub mod escape;
pub(crate) mod exec_credential;
pub mod jwt;
pub mod manifest;
pub mod output;
pub(crate) mod parallel;
pub mod printer;
pub(crate) mod retry;
pub mod schema;
pub(crate) mod secrets;
pub(crate) mod selector;
pub(crate) mod server;
pub(crate) mod suggest;
pub(crate) mod transport;
pub(crate) mod users;
pub mod validate;

/// The generated files (completions, man pages), for the test that keeps them fresh.
pub use commands::generate;
/// The client's TLS provider, for tests that build `kube` clients of their own.
pub use connect::install_client_crypto;

/// The process entry point (see [`cli::main`]).
pub fn main() -> std::process::ExitCode {
    cli::main()
}
