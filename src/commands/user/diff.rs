//! `loftctl user diff -f`: what `user apply` would change; exit 0 none, 9 some.

use clap::Args;
use kube::api::Api;

use crate::commands::Ctx;
use crate::commands::flags::FilenameArgs;
use crate::error::{CliError, Result};
use crate::users::diff::Differ;
use crate::users::{DEFAULT_CONCURRENCY, parse_concurrency, plan, prune};

/// Show what `user apply` would change, as a unified diff per user (exit 9 if anything)
#[derive(Debug, Args)]
#[command(
    mut_arg("filenames", |a| a.required(true)),
    after_help = "Examples:\n  loftctl user diff -f users/\n  loftctl user diff -f users/ --prune -l managed-by=ci\n  loftctl user diff -f users/ -o json\n\nThe server computes each changed user's result (a dry-run apply); users whose fields\nalready match and are owned by loftctl are compared locally. managedFields,\nresourceVersion, uid, creationTimestamp, generation and status are left out.\nExit codes: 0 nothing would change, 9 something would, others as usual."
)]
pub struct DiffArgs {
    #[command(flatten)]
    pub filenames: FilenameArgs,

    /// Also show the users matching -l SELECTOR that the input does not name (deleted by
    /// `apply --prune`)
    #[arg(long, requires = "selector")]
    pub prune: bool,

    /// With --prune: the users the input owns (e.g. managed-by=ci)
    #[arg(short = 'l', long, value_name = "SELECTOR")]
    pub selector: Option<String>,

    /// Show the result of taking over fields another field manager owns
    #[arg(long)]
    pub force_conflicts: bool,

    /// How many requests run at once
    #[arg(long, value_name = "N", default_value_t = DEFAULT_CONCURRENCY, value_parser = parse_concurrency)]
    pub concurrency: usize,

    /// Output: json, a list of {name, action, patch} (an RFC 6902 patch from the live user
    /// to the result; create and delete: one add/remove at the root); a unified diff when
    /// not given
    #[arg(short, long, value_name = "FORMAT", value_parser = ["json"])]
    pub output: Option<String>,
}

pub async fn run(ctx: &Ctx, args: DiffArgs) -> Result<()> {
    let selector = prune::check_selector(args.prune, args.selector.as_deref())?;
    let (client, schema) = ctx.write_target(false).await;
    let (items, ahead) = plan::load_reading_ahead(
        &ctx.printer,
        &args.filenames.paths,
        schema.against(),
        client.as_ref().ok().and_then(Option::as_ref),
    )?;
    let differ = Differ {
        api: Api::all(client?.ok_or_else(|| CliError::other("no client"))?),
        printer: ctx.printer,
        concurrency: args.concurrency,
        force_conflicts: args.force_conflicts,
        prune: selector,
        json: args.output.is_some(),
    };
    differ.run(items, ahead).await
}
