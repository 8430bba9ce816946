//! `loftctl whoami`: POST a `Self` and print who the access key belongs to.

use std::io::Write;

use clap::Args;
use kube::api::{Api, PostParams};
use serde_json::Value;

use super::Ctx;
use crate::api::Self_;
use crate::error::{CliError, Result};
use crate::output::{self, OutputFormat};

/// Show who the access key belongs to
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  loftctl whoami\n  loftctl whoami -o json\n  loftctl whoami -o jsonpath='{.status.user.name}'"
)]
pub struct WhoamiArgs {
    /// Output format: text (default), json, yaml or jsonpath=TEMPLATE
    #[arg(short, long, value_name = "FORMAT")]
    pub output: Option<String>,
}

pub async fn run(ctx: &Ctx, args: WhoamiArgs) -> Result<()> {
    let format = match args.output.as_deref() {
        None | Some("text") => None,
        Some(f) => Some(f.parse::<OutputFormat>().map_err(CliError::usage)?),
    };
    let client = ctx.client().await?;
    let api: Api<Self_> = Api::all(client);
    let me = api.create(&PostParams::default(), &Self_::new()).await?;
    let value = serde_json::to_value(&me).map_err(|e| CliError::other(e.to_string()))?;
    let mut out = ctx.printer.stdout();
    match format {
        None => write_text(&mut out, &value)?,
        Some(format) => output::print_object(&mut out, &format, &value)?,
    }
    out.flush()?;
    Ok(())
}

fn write_text(out: &mut dyn Write, me: &Value) -> Result<()> {
    let status = &me["status"];
    let text = |v: &Value| v.as_str().filter(|s| !s.is_empty()).map(str::to_string);
    let user = text(&status["user"]["name"]);
    let team = text(&status["team"]["name"]);
    let who = match (&user, &team) {
        (Some(u), _) => format!("user {u}"),
        (None, Some(t)) => format!("team {t}"),
        _ => "unknown".to_string(),
    };
    writeln!(out, "{who}")?;
    if let Some(d) = text(&status["user"]["displayName"]) {
        writeln!(out, "display name: {d}")?;
    }
    if let Some(s) = text(&status["subject"]) {
        writeln!(out, "subject: {s}")?;
    }
    if let Some(groups) = status["groups"].as_array().filter(|g| !g.is_empty()) {
        let names: Vec<_> = groups.iter().filter_map(Value::as_str).collect();
        writeln!(out, "groups: {}", names.join(", "))?;
    }
    if let Some(t) = text(&status["accessKeyType"]) {
        writeln!(out, "access key type: {t}")?;
    }
    Ok(())
}
