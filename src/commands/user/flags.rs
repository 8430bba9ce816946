//! Shared by the writing `user` commands: the `--dry-run`, `--concurrency` and `-o` flags,
//! and the batch behind `disable`/`enable`.

use clap::Args;

use crate::commands::Ctx;
use crate::commands::flags::DryRunArg;
use crate::error::Result;
use crate::printer::Printer;
use crate::users::batch::{Batch, Item};
use crate::users::toggle::Toggler;
use crate::users::{DEFAULT_CONCURRENCY, WriteOutput, parse_concurrency};

#[derive(Debug, Clone, Args)]
pub struct WriteFlags {
    #[command(flatten)]
    pub dry_run: DryRunArg,

    /// How many requests run at once
    #[arg(long, value_name = "N", default_value_t = DEFAULT_CONCURRENCY, value_parser = parse_concurrency)]
    pub concurrency: usize,

    /// Output: name (user.management.loft.sh/NAME), json or yaml (the resulting objects)
    #[arg(short, long, value_name = "FORMAT")]
    pub output: Option<WriteOutput>,
}

impl WriteFlags {
    /// The batch runner these flags describe.
    pub fn batch(&self, printer: Printer) -> Batch {
        Batch {
            printer,
            concurrency: self.concurrency,
            dry_run: self.dry_run.mode,
            output: self.output(),
        }
    }

    pub fn output(&self) -> WriteOutput {
        self.output.unwrap_or_default()
    }
}

/// `user disable` and `user enable`: set `spec.disabled` on each named user, as a batch.
pub async fn set_disabled(
    ctx: &Ctx,
    names: Vec<String>,
    write: &WriteFlags,
    disabled: bool,
) -> Result<()> {
    let toggler = Toggler {
        api: kube::api::Api::all(ctx.client().await?),
        dry_run: write.dry_run.mode,
        disabled,
    };
    let toggler = &toggler;
    write
        .batch(ctx.printer)
        .run(
            Item::named(names),
            |name| toggler.set(name),
            &mut ctx.printer.stdout(),
        )
        .await?
        .into_result()
}
