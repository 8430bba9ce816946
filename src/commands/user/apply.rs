//! `loftctl user apply -f`: create or update Users by server-side apply.

use clap::Args;
use kube::api::Api;

use super::flags::WriteFlags;
use crate::commands::Ctx;
use crate::commands::flags::FilenameArgs;
use crate::error::Result;
use crate::users::input::{self, Need};
use crate::users::write::Writer;

/// Create or update users from manifests (server-side apply; idempotent)
#[derive(Debug, Args)]
#[command(
    mut_arg("filenames", |a| a.required(true)),
    after_help = "Examples:\n  loftctl user apply -f alice.yaml\n  loftctl user apply -f users/ --concurrency 20\n  cat users.yaml | loftctl user apply -f -\n  loftctl user apply -f users/ --dry-run=server\n\nApplying the same manifests twice changes nothing: each user is reported unchanged.\nEvery document is validated first: if any is invalid, nothing is sent (exit 3)."
)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub filenames: FilenameArgs,

    /// Take over fields another field manager owns (instead of failing with a conflict)
    #[arg(long)]
    pub force_conflicts: bool,

    #[command(flatten)]
    pub write: WriteFlags,
}

pub async fn run(ctx: &Ctx, args: ApplyArgs) -> Result<()> {
    // apply reads the live objects even for --dry-run=client: it always connects.
    let (client, schema) = ctx.write_target(false).await;
    let items = input::load(
        &ctx.printer,
        &args.filenames.paths,
        Need::Apply,
        schema.against(),
    )?;
    let writer = Writer {
        api: Api::all(client?.ok_or_else(|| crate::error::CliError::other("no client"))?),
        dry_run: args.write.dry_run.mode,
        force_conflicts: args.force_conflicts,
    };
    let writer = &writer;
    args.write
        .batch(ctx.printer)
        .run(items, |user| writer.apply(user), &mut ctx.printer.stdout())
        .await?
        .into_result()
}
