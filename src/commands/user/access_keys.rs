//! `loftctl user access-keys NAME`: one user's access keys (for admins), through the
//! `users/NAME/accesskeys` subresource.

use clap::Args;

use crate::commands::Ctx;
use crate::commands::accesskey::PrintFlags;
use crate::error::Result;

/// Show a user's access keys (never the keys themselves)
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  loftctl user access-keys alice\n  loftctl user access-keys alice -o json"
)]
pub struct AccessKeysArgs {
    /// The user
    #[arg(value_name = "NAME")]
    pub name: String,

    #[command(flatten)]
    pub print: PrintFlags,
}

pub async fn run(ctx: &Ctx, args: AccessKeysArgs) -> Result<()> {
    let opts = args.print.options(Vec::new());
    let client = ctx.client().await?;
    let mut out = ctx.printer.stdout();
    crate::accesskeys::of_user(client, &ctx.printer, &args.name, &opts, &mut out).await
}
