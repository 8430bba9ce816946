//! `loftctl version`

use std::io::Write;

use clap::Args;

use super::Ctx;
use crate::error::Result;

/// Print loftctl's version
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  loftctl version\n  loftctl --version")]
pub struct VersionArgs {}

pub fn run(ctx: &Ctx, _args: VersionArgs) -> Result<()> {
    let mut out = ctx.printer.stdout();
    writeln!(out, "loftctl {}", env!("CARGO_PKG_VERSION"))?;
    out.flush()?;
    Ok(())
}
