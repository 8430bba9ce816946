//! `loftctl accesskey delete NAME…`: confirmed as `user delete` is.

use clap::Args;

use crate::accesskeys::delete::{self, DeleteOptions};
use crate::commands::Ctx;
use crate::dry_run::DryRun;
use crate::error::Result;

/// Delete access keys (asks first on a terminal; needs --yes in scripts)
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  loftctl accesskey delete ci-deploy\n  loftctl accesskey delete old-1 old-2 --yes\n\nWithout a terminal nothing is deleted unless --yes is given (exit 2)."
)]
pub struct DeleteArgs {
    /// The keys to delete
    #[arg(value_name = "NAME", required = true)]
    pub names: Vec<String>,

    /// Do not ask for confirmation
    #[arg(short = 'y', long)]
    pub yes: bool,

    /// A key that does not exist is not an error
    #[arg(long)]
    pub ignore_not_found: bool,

    /// none: delete; client: send no delete; server: the server checks and deletes nothing
    #[arg(long, value_enum, value_name = "MODE", default_value_t = DryRun::None, num_args = 0..=1, require_equals = true, default_missing_value = "client")]
    pub dry_run: DryRun,
}

pub async fn run(ctx: &Ctx, args: DeleteArgs) -> Result<()> {
    super::check_names(&args.names)?;
    let opts = DeleteOptions {
        names: args.names,
        yes: args.yes,
        ignore_not_found: args.ignore_not_found,
        dry_run: args.dry_run,
    };
    delete::precheck(&ctx.printer, &opts)?;
    let client = ctx.client().await?;
    let mut out = ctx.printer.stdout();
    delete::run(client, &ctx.printer, &opts, &mut out).await
}
