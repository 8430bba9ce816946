//! `loftctl explain`: field documentation from the compiled-in schema.

use std::io::Write;

use clap::Args;

use super::Ctx;
use crate::error::Result;

/// Show the documentation of a kind or one of its fields (from the built-in schema)
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  loftctl explain user\n  loftctl explain user.spec.clusterRoles\n  loftctl explain directclusterendpointtoken.spec.scope --recursive"
)]
pub struct ExplainArgs {
    /// user[.field…] or directclusterendpointtoken[.field…]
    #[arg(value_name = "RESOURCE[.FIELD…]")]
    pub target: String,

    /// Show every field below, as a tree, without descriptions
    #[arg(long)]
    pub recursive: bool,
}

pub fn run(ctx: &Ctx, args: ExplainArgs) -> Result<()> {
    let text = crate::schema::explain::explain(&args.target, args.recursive)?;
    let mut out = ctx.printer.stdout();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}
