//! `loftctl explain`: field documentation from the compiled-in schema.

use std::io::Write;

use clap::Args;

use super::Ctx;
use crate::error::Result;

/// Show the documentation of a kind or one of its fields (from the built-in schema)
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  loftctl explain user\n  loftctl explain user.spec.clusterRoles\n  loftctl explain directclusterendpointtoken.spec.scope --recursive\n  loftctl explain ownedaccesskey.spec\n\nThe schema covers Loft API versions 3.4, 4.1, 4.3, 4.10 and 4.11: a field or enum value that\nnot every version has shows its versions ([4.3+], [3.4], [3.4 to 4.10])."
)]
pub struct ExplainArgs {
    /// user[.field…], directclusterendpointtoken[.field…] or ownedaccesskey[.field…]
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
