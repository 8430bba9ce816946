//! `user patch NAME`: a JSON merge patch (default) or a JSON patch, applied locally to
//! the current object and checked before anything is sent.
//!
//! Exit codes: a patch text that is not JSON/YAML, a merge patch that is not an object,
//! or a JSON patch that is not a list of operations is a usage error (2); a JSON patch
//! that does not apply to the current object (a failed `test`, a missing path) or a
//! patched user that fails the local checks is invalid (3) — nothing is sent.

use std::io::Write;

use kube::api::Patch;
use serde_json::Value;

use crate::error::{CliError, Result};
use crate::printer::Printer;
use crate::users::DryRun;
use crate::users::check;
use crate::users::rest::{self, SINGULAR, Users};

/// `--type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PatchType {
    /// JSON merge patch (RFC 7386)
    #[default]
    Merge,
    /// JSON patch (RFC 6902): a list of operations
    Json,
}

#[derive(Debug, Clone)]
pub struct PatchOptions {
    pub name: String,
    /// The patch document (JSON or YAML text).
    pub patch: String,
    pub patch_type: PatchType,
    pub dry_run: DryRun,
}

/// A parsed patch document.
#[derive(Debug, Clone)]
pub enum ParsedPatch {
    Merge(Value),
    Json(json_patch::Patch),
}

/// Parse the patch text (JSON, or YAML as kubectl also accepts).
pub fn parse_patch(text: &str, patch_type: PatchType) -> Result<ParsedPatch> {
    if text.trim().is_empty() {
        return Err(CliError::usage("the patch is empty"));
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(json_err) => serde_saphyr::from_str(text).map_err(|_| {
            CliError::usage(format!("the patch is not valid JSON or YAML: {json_err}"))
        })?,
    };
    match patch_type {
        PatchType::Merge => {
            if !value.is_object() {
                return Err(CliError::usage(
                    "a merge patch must be a JSON object, e.g. '{\"spec\":{\"email\":\"a@example.com\"}}'",
                )
                .with_hint("for a list of operations use --type json"));
            }
            Ok(ParsedPatch::Merge(value))
        }
        PatchType::Json => {
            let patch: json_patch::Patch = serde_json::from_value(value).map_err(|e| {
                CliError::usage(format!("not a JSON patch (a list of operations): {e}")).with_hint(
                    "e.g. '[{\"op\":\"replace\",\"path\":\"/spec/email\",\"value\":\"a@example.com\"}]'",
                )
            })?;
            Ok(ParsedPatch::Json(patch))
        }
    }
}

/// Apply the patch to a copy of `current`.
pub fn apply_locally(current: &Value, patch: &ParsedPatch) -> Result<Value> {
    let mut doc = current.clone();
    match patch {
        ParsedPatch::Merge(p) => json_patch::merge(&mut doc, p),
        ParsedPatch::Json(p) => json_patch::patch(&mut doc, p).map_err(|e| {
            CliError::invalid(format!(
                "the JSON patch does not apply to the current user: {e}"
            ))
        })?,
    }
    Ok(doc)
}

pub async fn run(
    users: &Users,
    printer: &Printer,
    opts: &PatchOptions,
    against: crate::validate::Against<'_>,
    out: &mut dyn Write,
) -> Result<()> {
    let patch = parse_patch(&opts.patch, opts.patch_type)?;
    let name = opts.name.as_str();
    let mut current = users.get(name).await?;
    rest::ensure_type_meta(&mut current);
    let patched = apply_locally(&current, &patch)?;
    let problems: Vec<String> = check::problems(&patched, against)
        .into_iter()
        .filter(|p| p.error)
        .map(|p| p.to_string())
        .collect();
    if !problems.is_empty() {
        for p in &problems {
            printer.status(format!("  {p}"));
        }
        return Err(CliError::invalid(format!(
            "the patched user \"{name}\" would be invalid ({}); nothing was sent",
            problems.join("; ")
        )));
    }
    if opts.dry_run == DryRun::Client {
        let suffix = if patched == current {
            " (no change)"
        } else {
            ""
        };
        writeln!(
            out,
            "{SINGULAR}/{name} patched{suffix}{}",
            DryRun::Client.suffix()
        )?;
        return Ok(());
    }
    let wire = match patch {
        ParsedPatch::Merge(v) => Patch::Merge(v),
        ParsedPatch::Json(p) => Patch::Json(p),
    };
    let result = users
        .patch(name, &wire, opts.dry_run == DryRun::Server)
        .await?;
    let unchanged = rest::resource_version(&result) == rest::resource_version(&current)
        || (opts.dry_run == DryRun::Server && patched == current);
    let suffix = if unchanged { " (no change)" } else { "" };
    writeln!(
        out,
        "{SINGULAR}/{name} patched{suffix}{}",
        opts.dry_run.suffix()
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bad_patch_documents_are_usage_errors() {
        for (text, ty) in [
            ("", PatchType::Merge),
            ("{not json", PatchType::Merge),
            ("[1, 2]", PatchType::Merge),
            ("{\"spec\": {}}", PatchType::Json),
            (
                "[{\"op\": \"frobnicate\", \"path\": \"/a\"}]",
                PatchType::Json,
            ),
        ] {
            let err = parse_patch(text, ty).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{text}: {}", err.message());
        }
    }

    #[test]
    fn patches_apply_locally() {
        let current = json!({"metadata": {"name": "a"}, "spec": {"email": "a@x", "groups": ["g"]}});
        let merge = parse_patch("spec:\n  email: b@x\n  groups: null\n", PatchType::Merge).unwrap();
        assert_eq!(
            apply_locally(&current, &merge).unwrap(),
            json!({"metadata": {"name": "a"}, "spec": {"email": "b@x"}})
        );
        let json = parse_patch(
            r#"[{"op": "add", "path": "/spec/groups/-", "value": "h"}]"#,
            PatchType::Json,
        )
        .unwrap();
        assert_eq!(
            apply_locally(&current, &json).unwrap()["spec"]["groups"],
            json!(["g", "h"])
        );
        let failing = parse_patch(
            r#"[{"op": "test", "path": "/spec/email", "value": "zzz"}]"#,
            PatchType::Json,
        )
        .unwrap();
        assert_eq!(
            apply_locally(&current, &failing).unwrap_err().exit_code(),
            3
        );
    }
}
