//! Every output format of loftctl: `table`, `wide`, `yaml`, `json`, `name` and
//! `jsonpath=TEMPLATE`, for one object or a list (printed as a `kind: List`, as kubectl
//! does). Printers write to any `io::Write`; the caller passes `Printer::stdout()`.

use std::io::Write;
use std::str::FromStr;

use serde_json::Value;

use crate::error::{CliError, Result};

/// `-o/--output`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputFormat {
    Table,
    Wide,
    Yaml,
    Json,
    Name,
    JsonPath(String),
}

impl FromStr for OutputFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "table" => OutputFormat::Table,
            "wide" => OutputFormat::Wide,
            "yaml" => OutputFormat::Yaml,
            "json" => OutputFormat::Json,
            "name" => OutputFormat::Name,
            _ => match s.split_once('=') {
                Some(("jsonpath", t)) if !t.is_empty() => OutputFormat::JsonPath(t.to_string()),
                _ => {
                    return Err(format!(
                        "unknown output format {s:?}: expected table, wide, yaml, json, name or jsonpath=TEMPLATE"
                    ));
                }
            },
        })
    }
}

/// Write one value as pretty JSON and a newline.
pub fn write_json(out: &mut dyn Write, value: &Value) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(json_io_error)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Write one value as a YAML document (no leading `---`).
pub fn write_yaml(out: &mut dyn Write, value: &Value) -> Result<()> {
    let text = serde_saphyr::to_string(value)
        .map_err(|e| CliError::other(format!("cannot render YAML: {e}")))?;
    out.write_all(text.as_bytes())?;
    if !text.ends_with('\n') {
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn json_io_error(e: serde_json::Error) -> CliError {
    match e.io_error_kind() {
        Some(kind) => CliError::from(std::io::Error::from(kind)),
        None => CliError::other(format!("cannot render JSON: {e}")),
    }
}

/// Print one object in a data format (`yaml`, `json`, `name`, `jsonpath=…`).
pub fn print_object(out: &mut dyn Write, format: &OutputFormat, value: &Value) -> Result<()> {
    match format {
        OutputFormat::Json => write_json(out, value),
        OutputFormat::Yaml => write_yaml(out, value),
        other => Err(CliError::usage(format!(
            "output format {other:?} is not supported here"
        ))),
    }
}
