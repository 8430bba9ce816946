//! `loftctl validate`: check manifests locally, with FILE:LINE:COLUMN diagnostics.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::Ctx;
use crate::error::{CliError, Result};
use crate::schema::ApiVersion;
use crate::{manifest, validate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValidateOutput {
    Text,
    Json,
}

/// Validate User, DirectClusterEndpointToken and OwnedAccessKey manifests locally,
/// without a server
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  loftctl validate users.yaml\n  loftctl validate manifests/ --strict\n  loftctl validate --api-version 4.1 users/\n  cat user.json | loftctl validate - -o json\n\nA field or enum value that another API version has is an error naming the versions that\nhave it (\"spec.clusterAccountTemplates: a 3.4 field, not in 4.11 (removed in 4.1)\").\nExit status: 0 when no error, 3 when any error (with --strict, any warning)."
)]
pub struct ValidateArgs {
    /// Files, directories (read recursively for *.yaml, *.yml, *.json) or - for stdin
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,

    /// Output format of the diagnostics: text (FILE:LINE:COLUMN: …) or json (an array)
    #[arg(short, long, value_enum, default_value_t = ValidateOutput::Text)]
    pub output: ValidateOutput,

    /// Treat warnings as errors
    #[arg(long)]
    pub strict: bool,

    /// The Loft API version to check against: 3.4, 4.1, 4.3, 4.10 or 4.11
    #[arg(long, value_name = "VERSION", default_value = "4.11", value_parser = parse_api_version)]
    pub api_version: ApiVersion,
}

fn parse_api_version(s: &str) -> std::result::Result<ApiVersion, String> {
    s.parse()
}

pub fn run(ctx: &Ctx, args: ValidateArgs) -> Result<()> {
    let sources = manifest::read_inputs(&args.paths)?;
    let against = validate::Against::builtin(args.api_version);
    let mut report = validate::check_sources_against(&sources, against);
    if args.strict {
        report.make_strict();
    }
    let mut out = ctx.printer.stdout();
    match args.output {
        ValidateOutput::Json => {
            // Indented 4, as every other `-o json`.
            let value = serde_json::to_value(&report.diagnostics).map_err(|e| {
                CliError::with_source(crate::error::Kind::Other, "encoding the diagnostics", e)
            })?;
            crate::output::write_json(&mut out, &value)?;
        }
        ValidateOutput::Text => {
            out.write_all(report.render_text(ctx.printer.color_stdout).as_bytes())?;
        }
    }
    out.flush()?;
    drop(out);
    if report.has_errors() {
        return Err(CliError::invalid(format!(
            "validation failed: {}",
            report.summary()
        )));
    }
    ctx.printer.status(report.summary());
    Ok(())
}
