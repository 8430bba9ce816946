//! `loftctl user patch NAME (-p PATCH | --patch-file F) [--type merge|json]`.

use std::io::{Read, Write};
use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};

use super::super::Ctx;
use crate::commands::flags::DryRunArg;
use crate::error::{CliError, Result};
use crate::users::patch::{self, PatchOptions, PatchType};
use crate::users::rest::Users;

/// Patch a user with a JSON merge patch or a JSON patch, checked locally first
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  loftctl user patch alice -p '{\"spec\":{\"email\":\"alice@example.com\"}}'\n  loftctl user patch alice --type json -p '[{\"op\":\"add\",\"path\":\"/spec/groups/-\",\"value\":\"admins\"}]'\n  loftctl user patch alice --patch-file patch.yaml --dry-run=server"
)]
pub struct PatchArgs {
    /// The user to patch
    pub name: String,

    /// The patch, as JSON or YAML
    #[arg(
        short,
        long,
        value_name = "PATCH",
        conflicts_with = "patch_file",
        required_unless_present = "patch_file"
    )]
    pub patch: Option<String>,

    /// Read the patch from this file (`-` for stdin)
    #[arg(long, value_name = "FILE")]
    pub patch_file: Option<PathBuf>,

    /// merge: JSON merge patch (RFC 7386); json: JSON patch (RFC 6902)
    #[arg(long = "type", value_enum, default_value_t = PatchType::Merge, value_name = "TYPE")]
    pub patch_type: PatchType,

    #[command(flatten)]
    pub dry_run: DryRunArg,
}

fn read_patch(args: &PatchArgs) -> Result<String> {
    if let Some(p) = &args.patch {
        return Ok(p.clone());
    }
    match args.patch_file.as_deref() {
        Some(path) if path.as_os_str() == "-" => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| CliError::usage(format!("cannot read the patch from stdin: {e}")))?;
            Ok(text)
        }
        Some(path) => std::fs::read_to_string(path).map_err(|e| {
            CliError::usage(format!(
                "cannot read the patch file {}: {e}",
                path.display()
            ))
        }),
        None => Err(CliError::usage(
            "give the patch with -p PATCH or --patch-file FILE",
        )),
    }
}

pub async fn run(ctx: &Ctx, args: PatchArgs) -> Result<()> {
    let text = read_patch(&args)?;
    // Reject a malformed patch before connecting anywhere.
    patch::parse_patch(&text, args.patch_type)?;
    let (client, schema) = ctx.client_and_schema().await?;
    let users = Users::new(client);
    let opts = PatchOptions {
        name: args.name,
        patch: text,
        patch_type: args.patch_type,
        dry_run: args.dry_run.mode,
    };
    let mut out = ctx.printer.stdout();
    let result = patch::run(&users, &ctx.printer, &opts, schema.against(), &mut out).await;
    out.flush()?;
    result
}

/// `--type`: the flag's values for the logic's [`PatchType`].
impl ValueEnum for PatchType {
    fn value_variants<'a>() -> &'a [Self] {
        &[PatchType::Merge, PatchType::Json]
    }
    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            PatchType::Merge => PossibleValue::new("merge").help("JSON merge patch (RFC 7386)"),
            PatchType::Json => {
                PossibleValue::new("json").help("JSON patch (RFC 6902): a list of operations")
            }
        })
    }
}
