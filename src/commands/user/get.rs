//! `loftctl user get [NAME...]`.

use clap::Args;

use super::super::Ctx;
use crate::error::Result;
use crate::output::OutputFormat;
use crate::users::get::{self, DEFAULT_CHUNK_SIZE, GetOptions};
use crate::users::rest::Users;

/// Show users: by name, by label selector, or all
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  loftctl user get\n  loftctl user get alice bob -o yaml\n  loftctl user get -l team=platform -o wide\n  loftctl user get -o jsonpath='{range .items[*]}{.metadata.name}{\"\\t\"}{.spec.email}{\"\\n\"}{end}'\n  loftctl user get -w"
)]
pub struct GetArgs {
    /// Names of users to show (all users when none is given)
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,

    #[command(flatten)]
    pub list: ListFlags,
}

/// The flags `get` and `list` share.
#[derive(Debug, Args)]
pub struct ListFlags {
    /// Label selector, e.g. team=platform,env!=dev
    #[arg(short = 'l', long = "selector", value_name = "SELECTOR")]
    pub selector: Option<String>,

    /// Output format: table, wide, yaml, json, name or jsonpath=TEMPLATE
    #[arg(short, long, value_name = "FORMAT", default_value = "table", value_parser = parse_format)]
    pub output: OutputFormat,

    /// Leave out the table header
    #[arg(long)]
    pub no_headers: bool,

    /// Keep metadata.managedFields in yaml/json output
    #[arg(long)]
    pub show_managed_fields: bool,

    /// After the list, print every change until interrupted
    #[arg(short, long)]
    pub watch: bool,

    /// Users fetched per request (0: all in one request)
    #[arg(long, value_name = "N", default_value_t = DEFAULT_CHUNK_SIZE)]
    pub chunk_size: u32,
}

fn parse_format(s: &str) -> Result<OutputFormat, String> {
    s.parse()
}

impl ListFlags {
    pub fn options(self, names: Vec<String>) -> GetOptions {
        GetOptions {
            names,
            selector: self.selector,
            format: self.output,
            no_headers: self.no_headers,
            show_managed_fields: self.show_managed_fields,
            watch: self.watch,
            chunk_size: self.chunk_size,
        }
    }
}

pub async fn run(ctx: &Ctx, args: GetArgs) -> Result<()> {
    let opts = args.list.options(args.names);
    opts.check()?;
    let users = Users::new(ctx.client().await?);
    let mut out = ctx.printer.stdout();
    get::run(&users, &ctx.printer, &opts, &mut out).await
}
