//! `loftctl validate`: check manifests locally, with FILE:LINE:COLUMN diagnostics.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::Ctx;
use crate::error::{CliError, Result};
use crate::{manifest, validate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValidateOutput {
    Text,
    Json,
}

/// Validate User and DirectClusterEndpointToken manifests locally, without a server
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  loftctl validate users.yaml\n  loftctl validate manifests/ --strict\n  cat user.json | loftctl validate - -o json\n\nExit status: 0 when no error, 3 when any error (with --strict, any warning)."
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
}

pub fn run(ctx: &Ctx, args: ValidateArgs) -> Result<()> {
    let sources = manifest::read_inputs(&args.paths)?;
    let mut report = validate::check_sources(&sources);
    if args.strict {
        report.make_strict();
    }
    let mut out = ctx.printer.stdout();
    match args.output {
        ValidateOutput::Json => {
            serde_json::to_writer_pretty(&mut out, &report.diagnostics)
                .map_err(|e| CliError::other(e.to_string()))?;
            out.write_all(b"\n")?;
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
