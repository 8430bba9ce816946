//! Flags that several commands share, declared once: `--dry-run` and `-f/--filename`.

use std::path::PathBuf;

use clap::Args;

use crate::dry_run::DryRun;

/// `--dry-run MODE` (or `--dry-run=MODE`): the value is required, as kubectl's, so
/// `--dry-run server` can never be read as a client dry run followed by an argument.
#[derive(Debug, Clone, Copy, Args)]
pub struct DryRunArg {
    /// none: do it; client: send no write, print what would be done; server: let the
    /// server check everything and persist nothing (dryRun=All)
    #[arg(
        id = "dry_run",
        long = "dry-run",
        value_enum,
        value_name = "MODE",
        default_value_t = DryRun::None
    )]
    pub mode: DryRun,
}

/// `-f/--filename FILE|DIR|-`, repeatable: the manifests of `create` and `apply`.
#[derive(Debug, Clone, Args)]
pub struct FilenameArgs {
    /// A manifest file, a directory (read recursively for *.yaml, *.yml, *.json) or - for
    /// stdin; repeatable. Multi-document YAML, JSON, kind: List
    #[arg(
        id = "filenames",
        short = 'f',
        long = "filename",
        value_name = "FILE|DIR|-"
    )]
    pub paths: Vec<PathBuf>,
}
