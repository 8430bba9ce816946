//! `loftctl accesskey get [NAME…]`.

use clap::Args;

use super::PrintFlags;
use crate::commands::Ctx;
use crate::error::Result;

/// Show your access keys (never the key itself)
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  loftctl accesskey get\n  loftctl accesskey get ci-deploy -o yaml\n  loftctl accesskey get -o jsonpath='{range .items[*]}{.metadata.name}{\"\\n\"}{end}'"
)]
pub struct GetArgs {
    /// Names of keys to show (all of yours when none is given)
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,

    #[command(flatten)]
    pub print: PrintFlags,
}

pub async fn run(ctx: &Ctx, args: GetArgs) -> Result<()> {
    super::check_names(&args.names)?;
    let opts = args.print.options(args.names);
    let client = ctx.client().await?;
    let mut out = ctx.printer.stdout();
    crate::accesskeys::get(client, &ctx.printer, &opts, &mut out).await
}
