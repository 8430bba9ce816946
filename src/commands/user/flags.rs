//! Flags shared by the writing `user` commands: `--dry-run`, `--concurrency`, `-o`.

use clap::Args;

use crate::printer::Printer;
use crate::users::batch::Batch;
use crate::users::{DEFAULT_CONCURRENCY, DryRun, WriteOutput, parse_concurrency};

#[derive(Debug, Clone, Args)]
pub struct WriteFlags {
    /// none: do it; client: send no write, print what would be done; server: let the
    /// server check everything and persist nothing (dryRun=All)
    #[arg(
        long,
        value_enum,
        value_name = "MODE",
        default_value_t = DryRun::None,
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "client"
    )]
    pub dry_run: DryRun,

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
            dry_run: self.dry_run,
            output: self.output(),
        }
    }

    pub fn output(&self) -> WriteOutput {
        self.output.unwrap_or_default()
    }
}
