//! `loftctl dev-server`: run the management API emulator.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::Ctx;
use crate::duration::{parse_duration, parse_timeout};
use crate::error::Result;
use crate::server;

/// Run a local emulator of the management API (for development, demos and CI)
///
/// Plain HTTP and TLS on one port (kubectl sends its token only over https: --write-kubeconfig
/// FILE writes a kubeconfig for it), in memory unless --state is given. --access-key (or LOFT_ACCESS_KEY) is
/// the admin key; without it a random one is generated and printed on stderr. The first line on stdout is
/// `listening on http://HOST:PORT`; the request log goes to stderr (-q silences it).
/// Tokens are signed RS256 and live spec.ttl seconds (one hour when ttl is 0 or unset);
/// the public key is served at /kubernetes/management/openid/v1/jwks.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  loftctl dev-server\n  loftctl dev-server --listen 127.0.0.1:0 --access-key secret --state dev.jsonl\n  loftctl dev-server --write-kubeconfig dev.kubeconfig\n  loftctl dev-server --fault-rate 0.2 --latency 100ms\n  loftctl dev-server -- kubectl get users\n  loftctl dev-server -- sh -c 'loftctl user create alice && loftctl user list'"
)]
pub struct DevServerArgs {
    /// Address to listen on (port 0 picks a free port)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: String,

    /// A read-only access key (user "viewer": get, list and watch; 403 on writes)
    #[arg(long, value_name = "KEY")]
    pub readonly_access_key: Option<String>,

    /// Persist every change to FILE (atomically, before answering); reloaded at start
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,

    /// RSA private key (PEM, PKCS#8 or PKCS#1) that signs tokens [default: generated]
    #[arg(long, value_name = "PEM")]
    pub signing_key: Option<PathBuf>,

    /// Fraction (0-1) of API requests that fail with a 500, a 503, a dropped connection, or an
    /// answer lost after the request was handled
    #[arg(long, value_name = "F", default_value_t = 0.0)]
    pub fault_rate: f64,

    /// Delay every answer by this much, e.g. 100ms, 2s
    #[arg(long, value_name = "DURATION", value_parser = parse_timeout, default_value = "0s")]
    pub latency: Duration,

    /// Write a kubeconfig for kubectl to FILE (https on the same port, the server's
    /// certificate as its CA, the admin key; mode 0600)
    #[arg(long, value_name = "FILE")]
    pub write_kubeconfig: Option<PathBuf>,

    /// How often a watch that allows bookmarks gets a BOOKMARK event
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "10s", hide = true)]
    pub bookmark_interval: Duration,

    /// Events kept for resuming watches and paging consistently (older resourceVersions get 410)
    #[arg(long, value_name = "N", default_value_t = server::store::HISTORY, hide = true)]
    pub watch_history: usize,

    /// Run COMMAND against the server (LOFT_URL, LOFT_ACCESS_KEY and KUBECONFIG set),
    /// then stop and exit with its status
    #[arg(last = true, value_name = "COMMAND")]
    pub command: Vec<OsString>,
}

pub fn run(ctx: &Ctx, args: DevServerArgs) -> Result<()> {
    let code = server::run(server::Options {
        listen: args.listen,
        access_key: ctx.global.connect.access_key.clone(),
        readonly_access_key: args.readonly_access_key,
        state: args.state,
        signing_key: args.signing_key,
        fault_rate: args.fault_rate,
        latency: args.latency,
        command: args.command,
        printer: ctx.printer,
        write_kubeconfig: args.write_kubeconfig,
        bookmark_interval: args.bookmark_interval,
        watch_history: args.watch_history,
    })?;
    if code != 0 {
        // The child's status is the dev-server's.
        std::process::exit(code);
    }
    Ok(())
}
