//! `loftctl user apply -f`: create or update Users by server-side apply, sending only
//! the applies that can change something; `--prune -l SELECTOR` deletes the selected
//! Users the input does not name.

use std::collections::HashSet;

use clap::Args;
use kube::api::Api;

use super::flags::WriteFlags;
use crate::commands::Ctx;
use crate::commands::flags::FilenameArgs;
use crate::error::{CliError, Result};
use crate::users::batch::{Done, Item, Outcome};
use crate::users::plan::Live;
use crate::users::rest::Users;
use crate::users::write::Writer;
use crate::users::{plan, prune};

/// Create or update users from manifests (server-side apply; idempotent)
#[derive(Debug, Args)]
#[command(
    mut_arg("filenames", |a| a.required(true)),
    after_help = "Examples:\n  loftctl user apply -f alice.yaml\n  loftctl user apply -f users/ --concurrency 20\n  cat users.yaml | loftctl user apply -f -\n  loftctl user apply -f users/ --dry-run=server\n  loftctl user apply -f users/ --prune -l managed-by=ci --yes\n\nApplying the same manifests twice changes nothing: each user is reported unchanged,\nand no request is sent for a user whose fields already match and are owned by loftctl.\nEvery document is validated first: if any is invalid, nothing is sent (exit 3).\n--prune deletes the users matching -l that the input does not name: it asks on a\nterminal, and needs --yes without one (exit 2)."
)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub filenames: FilenameArgs,

    /// Take over fields another field manager owns (instead of failing with a conflict)
    #[arg(long)]
    pub force_conflicts: bool,

    /// After applying, delete the users matching -l SELECTOR that the input does not name
    #[arg(long, requires = "selector")]
    pub prune: bool,

    /// With --prune: the users the input owns (e.g. managed-by=ci)
    #[arg(short = 'l', long, value_name = "SELECTOR")]
    pub selector: Option<String>,

    /// With --prune: do not ask before deleting
    #[arg(short = 'y', long, requires = "prune")]
    pub yes: bool,

    #[command(flatten)]
    pub write: WriteFlags,
}

pub async fn run(ctx: &Ctx, args: ApplyArgs) -> Result<()> {
    let selector = prune::check_selector(args.prune, args.selector.as_deref())?;
    let dry_run = args.write.dry_run.mode;
    if selector.is_some() {
        // Refuse before anything is sent when no one can confirm the prune.
        crate::users::delete::check_can_confirm(&ctx.printer, args.yes, dry_run)?;
    }
    // apply reads the live objects even for --dry-run=client: it always connects.
    let (client, schema) = ctx.write_target(false).await;
    let (items, ahead) = plan::load_reading_ahead(
        &ctx.printer,
        &args.filenames.paths,
        schema.against(),
        client.as_ref().ok().and_then(Option::as_ref),
    )?;
    let api: Api<crate::api::User> = Api::all(client?.ok_or_else(|| CliError::other("no client"))?);
    let names: Vec<&str> = items
        .iter()
        .filter_map(|i| i.payload.metadata.name.as_deref())
        .collect();

    let to_prune = match &selector {
        Some(selector) => {
            let input: HashSet<&str> = names.iter().copied().collect();
            let selected = prune::selected(&api, selector).await?;
            let gone: Vec<String> = prune::not_in_input(selected, &input)
                .into_iter()
                .filter_map(|u| u.metadata.name)
                .collect();
            if !gone.is_empty() {
                prune::confirm(&ctx.printer, &gone, args.yes, dry_run)?;
            }
            gone
        }
        None => Vec::new(),
    };

    let users = Users::new(api.clone().into_client());
    let texts = plan::read_live(&users, &names, args.write.concurrency, ahead).await?;
    // The unchanged users' objects are printed only by -o json|yaml.
    let objects = args.write.output().prints_objects();
    let payloads: Vec<&crate::api::User> = items.iter().map(|i| &*i.payload).collect();
    let live = plan::compare_each(&texts, &payloads, objects)?;
    drop((payloads, texts));
    let writer = Writer::new(api.clone(), dry_run, args.force_conflicts, objects);
    let items: Vec<Item<(Box<crate::api::User>, Live)>> = items
        .into_iter()
        .zip(live)
        .map(|(i, live)| Item {
            label: i.label,
            payload: (i.payload, live),
        })
        .collect();
    let writer = &writer;
    let batch = args.write.batch(ctx.printer);
    let report = batch
        .run(
            items,
            |(user, live)| async move {
                let name = user.metadata.name.clone().unwrap_or_default();
                let before = match live {
                    Live::Unchanged(object) => {
                        return Ok(Done::new(Outcome::Unchanged, name).with_object(object));
                    }
                    Live::Changed(before) => Some(*before?),
                    Live::Absent => None,
                };
                writer.apply_known(*user, name, before).await
            },
            &mut ctx.printer.stdout(),
        )
        .await?;
    if to_prune.is_empty() {
        return report.into_result();
    }
    if !report.failed.is_empty() || report.interrupted {
        ctx.printer
            .warn("not pruning: the apply did not complete; nothing was deleted");
        return report.into_result();
    }
    report.into_result()?;
    prune::run(&batch, api, to_prune, &mut ctx.printer.stdout())
        .await?
        .into_result()
}
