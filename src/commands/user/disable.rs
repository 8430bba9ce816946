//! `loftctl user disable NAME...`: set `spec.disabled: true`.

use clap::Args;

use super::flags::{WriteFlags, set_disabled};
use crate::commands::Ctx;
use crate::error::Result;

/// Disable users (spec.disabled: true): they can no longer log in
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  loftctl user disable alice\n  loftctl user disable alice bob -o name\n  loftctl user disable alice --dry-run=server\n\nA user already disabled is reported unchanged and not written."
)]
pub struct DisableArgs {
    /// The users to disable
    #[arg(value_name = "NAME", required = true)]
    pub names: Vec<String>,

    #[command(flatten)]
    pub write: WriteFlags,
}

pub async fn run(ctx: &Ctx, args: DisableArgs) -> Result<()> {
    set_disabled(ctx, args.names, &args.write, true).await
}
