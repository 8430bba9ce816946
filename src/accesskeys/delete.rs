//! `accesskey delete NAME…`: the confirmation rules of `user delete` (asks on a
//! terminal, refuses without `--yes` in scripts), then one DELETE per key.

use std::io::Write;

use crate::api::OwnedAccessKey;
use kube::api::{Api, DeleteParams};

use crate::dry_run::DryRun;
use crate::error::{CliError, Kind, Result};
use crate::printer::Printer;
use crate::users::delete::{check_can_confirm, confirm_prompt, prompt_text_for};

/// `ownedaccesskey.management.loft.sh/NAME`, as kubectl names it.
pub fn resource_name(name: &str) -> String {
    format!("ownedaccesskey.management.loft.sh/{name}")
}

#[derive(Debug, Clone)]
pub struct DeleteOptions {
    pub names: Vec<String>,
    pub yes: bool,
    pub ignore_not_found: bool,
    pub dry_run: DryRun,
}

/// Refuse before connecting when nobody can confirm.
pub fn precheck(printer: &Printer, opts: &DeleteOptions) -> Result<()> {
    check_can_confirm(printer, opts.yes, opts.dry_run)
}

/// Confirm, then delete each key in turn; every failure is reported and the worst exit
/// code returned, as a batch of `user delete` does.
pub async fn run(
    client: kube::Client,
    printer: &Printer,
    opts: &DeleteOptions,
    out: &mut dyn Write,
) -> Result<()> {
    let prompt = prompt_text_for(&opts.names, resource_name, "access keys");
    confirm_prompt(printer, &prompt, opts.yes, opts.dry_run)?;
    let api: Api<OwnedAccessKey> = Api::all(client);
    let params = DeleteParams {
        dry_run: opts.dry_run.server(),
        ..DeleteParams::default()
    };
    let mut worst: Option<CliError> = None;
    let mut failed = 0;
    for name in &opts.names {
        let result = if opts.dry_run == DryRun::Client {
            api.get(name).await.map(|_| ())
        } else {
            api.delete(name, &params).await.map(|_| ())
        };
        match result.map_err(CliError::from) {
            Ok(()) => writeln!(
                out,
                "{} deleted{}",
                resource_name(name),
                opts.dry_run.suffix()
            )?,
            Err(e) if e.kind == Kind::NotFound && opts.ignore_not_found => {}
            Err(e) => {
                if opts.names.len() > 1 {
                    printer.error_in(&resource_name(name), &e);
                }
                failed += 1;
                worst = Some(match worst {
                    Some(w) if w.kind.worst(e.kind) == w.kind => w,
                    _ => e,
                });
            }
        }
    }
    out.flush()?;
    match worst {
        None => Ok(()),
        Some(e) if opts.names.len() == 1 => Err(e.context(resource_name(&opts.names[0]))),
        Some(e) => Err(CliError::new(
            e.kind,
            format!(
                "{failed} of {} access keys were not deleted",
                opts.names.len()
            ),
        )),
    }
}
