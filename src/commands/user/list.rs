//! `loftctl user list` (alias `ls`): `user get` without names.

use clap::Args;

use super::super::Ctx;
use super::get::ListFlags;
use crate::error::Result;
use crate::users::get;
use crate::users::rest::Users;

/// List users (the same as `user get` without names)
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  loftctl user list\n  loftctl user ls -o name\n  loftctl user list -l team=platform -o json"
)]
pub struct ListArgs {
    #[command(flatten)]
    pub list: ListFlags,
}

pub async fn run(ctx: &Ctx, args: ListArgs) -> Result<()> {
    let opts = args.list.options(Vec::new());
    let users = Users::new(ctx.client().await?);
    let mut out = ctx.printer.stdout();
    get::run(&users, &ctx.printer, &opts, &mut out).await
}
