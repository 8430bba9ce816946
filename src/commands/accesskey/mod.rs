//! `loftctl accesskey …`: the caller's own access keys (OwnedAccessKeys).

mod create;
mod delete;
mod get;
mod list;

use clap::{Args, Subcommand};

use super::{Ctx, block_on};
use crate::error::{CliError, Result};
use crate::output::OutputFormat;

/// Create, list and delete your access keys (scoped, expiring credentials for CI)
#[derive(Debug, Subcommand)]
#[command(
    after_help = "Examples:\n  KEY=$(loftctl accesskey create ci-deploy --ttl 1d --project p1 --role vcluster)\n  loftctl accesskey list\n  loftctl accesskey get ci-deploy -o yaml\n  loftctl accesskey delete ci-deploy --yes\n\nThe key is printed once, by create; get and list never show it."
)]
pub enum AccessKeyCommand {
    Create(Box<create::CreateArgs>),
    Get(get::GetArgs),
    #[command(visible_alias = "ls")]
    List(list::ListArgs),
    Delete(delete::DeleteArgs),
}

pub fn run(ctx: &Ctx, command: AccessKeyCommand) -> Result<()> {
    match command {
        AccessKeyCommand::Create(args) => block_on(create::run(ctx, *args)),
        AccessKeyCommand::Get(args) => block_on(get::run(ctx, args)),
        AccessKeyCommand::List(args) => block_on(list::run(ctx, args)),
        AccessKeyCommand::Delete(args) => block_on(delete::run(ctx, args)),
    }
}

/// The printing flags of `get` and `list` (and `user access-keys`).
#[derive(Debug, Clone, Args)]
pub struct PrintFlags {
    /// Output format: table, wide, yaml, json, name or jsonpath=TEMPLATE
    #[arg(short, long, value_name = "FORMAT", default_value = "table", value_parser = parse_format)]
    pub output: OutputFormat,

    /// Leave out the table header
    #[arg(long)]
    pub no_headers: bool,

    /// Keep metadata.managedFields in yaml/json output
    #[arg(long)]
    pub show_managed_fields: bool,
}

fn parse_format(s: &str) -> std::result::Result<OutputFormat, String> {
    s.parse()
}

impl PrintFlags {
    pub fn options(self, names: Vec<String>) -> crate::accesskeys::GetOptions {
        crate::accesskeys::GetOptions {
            names,
            format: self.output,
            no_headers: self.no_headers,
            show_managed_fields: self.show_managed_fields,
        }
    }
}

/// A name given twice is a usage error rather than two answers.
fn check_names(names: &[String]) -> Result<()> {
    for (i, n) in names.iter().enumerate() {
        if n.is_empty() {
            return Err(CliError::usage("an access key name cannot be empty"));
        }
        if names[..i].contains(n) {
            return Err(CliError::usage(format!("{n:?} is given twice")));
        }
    }
    Ok(())
}
