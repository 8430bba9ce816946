//! `loftctl user enable NAME...`: set `spec.disabled: false`.

use clap::Args;

use super::flags::{WriteFlags, set_disabled};
use crate::commands::Ctx;
use crate::error::Result;

/// Enable users again (spec.disabled: false)
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  loftctl user enable alice\n  loftctl user enable alice bob -o name\n  loftctl user enable alice --dry-run=server\n\nA user already enabled is reported unchanged and not written."
)]
pub struct EnableArgs {
    /// The users to enable
    #[arg(value_name = "NAME", required = true)]
    pub names: Vec<String>,

    #[command(flatten)]
    pub write: WriteFlags,
}

pub async fn run(ctx: &Ctx, args: EnableArgs) -> Result<()> {
    set_disabled(ctx, args.names, &args.write, false).await
}
