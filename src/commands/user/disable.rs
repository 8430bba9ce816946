//! `loftctl user disable NAME...`: set `spec.disabled: true`.

use clap::Args;
use kube::api::Api;

use super::flags::WriteFlags;
use crate::commands::Ctx;
use crate::error::Result;
use crate::users::batch::Item;
use crate::users::toggle::Toggler;

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
    let toggler = Toggler {
        api: Api::all(ctx.client().await?),
        dry_run: args.write.dry_run,
        disabled: true,
    };
    let toggler = &toggler;
    args.write
        .batch(ctx.printer)
        .run(Item::named(args.names), |name| toggler.set(name))
        .await?
        .into_result()
}
