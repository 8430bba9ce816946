//! The logic behind `loftctl user …`: batches, the edit loop, deletes.
//!
//! - [`batch`] — the bounded-concurrency runner over many items: one kubectl-style line
//!   per item, a progress bar on a terminal, a summary, the worst exit code;
//! - [`build`] — a User from `user create NAME --email …` flags;
//! - [`input`] — the Users of `-f FILE|DIR|-`, all validated before anything is sent;
//! - [`write`] — create and server-side apply of one User;
//! - [`delete`] — picking the Users to delete, the confirmation, delete and wait;
//! - [`toggle`] — `disable`/`enable` (`spec.disabled`);
//! - [`rest`] — users over the wire as raw JSON values (nothing dropped, parsed once);
//! - [`get`] — paged list, names, `--watch` (printing through `crate::output`);
//! - [`edit`] — the editor loop; [`patch`] — merge/JSON patches checked locally first;
//! - [`check`] — the local validation used by edit and patch.

pub mod batch;
pub mod build;
pub mod check;
pub mod delete;
pub(crate) mod diff;
pub mod edit;
pub mod get;
pub mod input;
pub mod patch;
pub(crate) mod plan;
pub(crate) mod prune;
pub mod rest;
pub mod toggle;
pub mod write;

use std::str::FromStr;

use crate::error::Result;

/// The resource prefix kubectl prints: `user.management.loft.sh/NAME`.
pub const RESOURCE: &str = "user.management.loft.sh";

/// `user.management.loft.sh/NAME`.
pub fn resource_name(name: &str) -> String {
    format!("{RESOURCE}/{name}")
}

pub use crate::dry_run::DryRun;

/// `-o` of the writing commands: kubectl's default lines, `name`, `json` or `yaml`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WriteOutput {
    /// `user.management.loft.sh/alice created`.
    #[default]
    Lines,
    /// `user.management.loft.sh/alice`.
    Name,
    /// The resulting objects (one object, or a `kind: List`).
    Json,
    Yaml,
}

impl WriteOutput {
    /// `-o json|yaml` print the resulting objects; the other formats only names.
    pub fn prints_objects(self) -> bool {
        matches!(self, WriteOutput::Json | WriteOutput::Yaml)
    }
}

impl FromStr for WriteOutput {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "name" => Ok(WriteOutput::Name),
            "json" => Ok(WriteOutput::Json),
            "yaml" => Ok(WriteOutput::Yaml),
            _ => Err(format!(
                "unknown output format {s:?}: expected name, json or yaml"
            )),
        }
    }
}

/// `--concurrency N`: at least 1.
pub fn parse_concurrency(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err("must be at least 1".to_string()),
        Ok(n) => Ok(n),
        Err(e) => Err(format!("not a number ({e})")),
    }
}

/// The default `--concurrency`: enough to hide latency, few enough not to flood a server.
pub const DEFAULT_CONCURRENCY: usize = 10;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_and_concurrency_parse() {
        assert_eq!("name".parse::<WriteOutput>(), Ok(WriteOutput::Name));
        assert!("table".parse::<WriteOutput>().is_err());
        assert_eq!(parse_concurrency("4"), Ok(4));
        assert!(parse_concurrency("0").is_err());
        assert!(parse_concurrency("x").is_err());
    }
}
