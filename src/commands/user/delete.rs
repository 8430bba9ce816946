//! `loftctl user delete`: by name, `-l SELECTOR` or `--all`, confirmed.

use std::time::Duration;

use clap::{ArgGroup, Args};
use kube::api::Api;

use super::flags::WriteFlags;
use crate::commands::Ctx;
use crate::duration::parse_timeout;
use crate::error::{CliError, Result};
use crate::users::batch::Item;
use crate::users::delete::{self, Deleter, Selection};

/// Delete users (asks first on a terminal; needs --yes in scripts)
#[derive(Debug, Args)]
#[command(
    group(ArgGroup::new("which").required(true).args(["names", "selector", "all"])),
    after_help = "Examples:\n  loftctl user delete alice\n  loftctl user delete alice bob --yes --wait\n  loftctl user delete -l team=old --yes\n  loftctl user delete --all --dry-run=server\n\nWithout a terminal nothing is deleted unless --yes is given (exit 2)."
)]
pub struct DeleteArgs {
    /// The users to delete
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,

    /// Delete the users matching this label selector (e.g. team=old,env!=prod)
    #[arg(short = 'l', long, value_name = "SELECTOR")]
    pub selector: Option<String>,

    /// Delete every user
    #[arg(long)]
    pub all: bool,

    /// Do not ask for confirmation
    #[arg(short = 'y', long)]
    pub yes: bool,

    /// A user that does not exist is not an error
    #[arg(long)]
    pub ignore_not_found: bool,

    /// Wait until each user is gone
    #[arg(long)]
    pub wait: bool,

    /// How long --wait waits for each user
    #[arg(long, value_name = "DURATION", value_parser = parse_timeout, default_value = "60s", requires = "wait")]
    pub timeout: Duration,

    #[command(flatten)]
    pub write: WriteFlags,
}

pub async fn run(ctx: &Ctx, args: DeleteArgs) -> Result<()> {
    let output = args.write.output();
    if output.prints_objects() {
        return Err(CliError::usage("user delete supports only -o name"));
    }
    let dry_run = args.write.dry_run.mode;
    // Refuse before anything is read when no one can confirm.
    delete::check_can_confirm(&ctx.printer, args.yes, dry_run)?;
    let selection = if let Some(selector) = args.selector {
        Selection::Selector(selector)
    } else if args.all {
        Selection::All
    } else {
        Selection::Names(args.names)
    };
    let api: Api<crate::api::User> = Api::all(ctx.client().await?);
    let names = delete::resolve(&api, &selection).await?;
    if names.is_empty() {
        ctx.printer.status("No resources found");
        return Ok(());
    }
    delete::confirm(&ctx.printer, &names, args.yes, dry_run)?;
    let deleter = Deleter {
        api,
        dry_run,
        ignore_not_found: args.ignore_not_found,
        wait: args.wait.then_some(args.timeout),
    };
    let deleter = &deleter;
    args.write
        .batch(ctx.printer)
        .run(
            Item::named(names),
            |name| deleter.delete(name),
            &mut ctx.printer.stdout(),
        )
        .await?
        .into_result()
}
