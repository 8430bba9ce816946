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

/// Loft's `Self.status` as lines: who, then the user's fields, then the key's.
fn write_text(out: &mut dyn Write, me: &Value) -> Result<()> {
    let status = &me["status"];
    let text = |v: &Value| v.as_str().filter(|s| !s.is_empty()).map(str::to_string);
    let names = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string).or_else(|| text(&x["name"])))
                    .collect()
            })
            .unwrap_or_default()
    };
    let user = &status["user"];
    let who = match (text(&user["name"]), text(&status["team"]["name"])) {
        (Some(u), _) => format!("user {u}"),
        (None, Some(t)) => format!("team {t}"),
        _ => "unknown".to_string(),
    };
    writeln!(out, "{who}")?;
    let lines = [
        ("display name", text(&user["displayName"])),
        ("username", text(&user["username"])),
        ("email", text(&user["email"])),
        (
            "subject",
            text(&status["subject"]).or_else(|| text(&user["subject"])),
        ),
        ("uid", text(&status["uid"])),
    ];
    for (label, value) in lines {
        if let Some(v) = value {
            writeln!(out, "{label}: {v}")?;
        }
    }
    let groups = names(&status["groups"]);
    if !groups.is_empty() {
        writeln!(out, "groups: {}", groups.join(", "))?;
    }
    let teams = names(&user["teams"]);
    if !teams.is_empty() {
        writeln!(out, "teams: {}", teams.join(", "))?;
    }
    if let Some(t) = text(&status["accessKeyType"]) {
        writeln!(out, "access key type: {t}")?;
    }
    match &status["accessKeyScope"] {
        Value::Null => {}
        scope if scope.as_object().is_some_and(|m| m.is_empty()) => {}
        scope => {
            writeln!(out, "access key scope:")?;
            write!(out, "{}", crate::jwt::scope::render_scope(scope, "  "))?;
        }
    }
    Ok(())
}
