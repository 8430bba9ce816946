//! `loftctl logout`: remove the access key from the loft config file.

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
    if cfg.clear_access_key() {
        cfg.save(&path)?;
        ctx.printer
            .status(format!("Logged out of {}", cfg.host().unwrap_or("Loft")));
    } else {
        ctx.printer.status("Not logged in");
    }
    Ok(())
}
