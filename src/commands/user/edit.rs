//! `loftctl user edit NAME`.

use std::io::Write;

use clap::Args;

use super::super::Ctx;
use crate::commands::flags::DryRunArg;
use crate::error::Result;
use crate::users::edit::{self, EditOptions};
use crate::users::rest::Users;

/// Edit a user in your editor ($LOFT_EDITOR, $KUBE_EDITOR, $VISUAL, $EDITOR, else vi)
///
/// The user opens as YAML under a comment header. Saving validates it locally and
/// sends it; if it is invalid the editor reopens with the errors. Saving it unchanged
/// or empty cancels. A concurrent change to other fields is merged; when the edit
/// finally fails, your text is kept in a file whose path is printed.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  loftctl user edit alice\n  EDITOR=nano loftctl user edit alice\n  KUBE_EDITOR='code --wait' loftctl user edit alice --dry-run=server"
)]
pub struct EditArgs {
    /// The user to edit
    pub name: String,

    #[command(flatten)]
    pub dry_run: DryRunArg,
}

pub async fn run(ctx: &Ctx, args: EditArgs) -> Result<()> {
    let (client, schema) = ctx.client_and_schema().await?;
    let users = Users::new(client);
    let opts = EditOptions {
        name: args.name,
        dry_run: args.dry_run.mode,
    };
    let mut out = ctx.printer.stdout();
    let result = edit::run(&users, &ctx.printer, &opts, schema.against(), &mut out).await;
    out.flush()?;
    result
}
