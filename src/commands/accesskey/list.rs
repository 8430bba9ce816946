//! `loftctl accesskey list`: `accesskey get` without names.

use clap::Args;

use super::PrintFlags;
use crate::commands::Ctx;
use crate::error::Result;

/// List your access keys: NAME, DISPLAY NAME, USER, TYPE, SCOPE, EXPIRES, LAST ACTIVITY, AGE
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  loftctl accesskey list\n  loftctl accesskey list -o name")]
pub struct ListArgs {
    #[command(flatten)]
    pub print: PrintFlags,
}

pub async fn run(ctx: &Ctx, args: ListArgs) -> Result<()> {
    let opts = args.print.options(Vec::new());
    let client = ctx.client().await?;
    let mut out = ctx.printer.stdout();
    crate::accesskeys::get(client, &ctx.printer, &opts, &mut out).await
}
