//! `loftctl logout`: remove the login (`host`, `accesskey`, `lastInstallContext`,
//! `insecure`) from the loft config file, keeping every other field.

use clap::Args;

use super::Ctx;
use crate::connect::LoftConfig;
use crate::error::{CliError, Result};

/// Forget the access key saved by `loftctl login`
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  loftctl logout\n  loftctl logout --config ./ci-loft.json")]
pub struct LogoutArgs {}

pub fn run(ctx: &Ctx, _args: LogoutArgs) -> Result<()> {
    let path = ctx
        .global
        .connect
        .config
        .clone()
        .or_else(LoftConfig::default_path)
        .ok_or_else(|| CliError::usage("no config file: set --config or HOME"))?;
    let Some(mut cfg) = LoftConfig::load(&path)? else {
        ctx.printer.status("Not logged in");
        return Ok(());
    };
    let host = cfg.host().unwrap_or("Loft").to_string();
    if cfg.clear_login() {
        cfg.save(&path)?;
        ctx.printer.status(format!("Logged out of {host}"));
    } else {
        ctx.printer.status("Not logged in");
    }
    Ok(())
}
