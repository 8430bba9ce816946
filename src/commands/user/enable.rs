//! `loftctl user enable NAME...`: set `spec.disabled: false`.

use clap::Args;
use kube::api::Api;

use super::flags::WriteFlags;
use crate::commands::Ctx;
use crate::error::Result;
use crate::users::batch::Item;
use crate::users::toggle::Toggler;

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
    let toggler = Toggler {
        api: Api::all(ctx.client().await?),
        dry_run: args.write.dry_run,
        disabled: false,
    };
    let toggler = &toggler;
    args.write
        .batch(ctx.printer)
        .run(Item::named(args.names), |name| toggler.set(name))
        .await?
        .into_result()
}
