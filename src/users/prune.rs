//! `apply --prune -l SELECTOR` (and `diff --prune`): the Users that match the selector
//! and are not in the input, and their deletion with `user delete`'s safety rules.

use std::collections::HashSet;

use kube::api::{Api, ListParams};

use super::batch::{Batch, Done, Item, Outcome, Report};
use super::delete::{self, Deleter};
use super::{DryRun, resource_name};
use crate::api::User;
use crate::error::{CliError, Result};
use crate::printer::Printer;

const PAGE: u32 = 500;

/// `--prune` needs a selector: pruning everything not in the input is never meant.
pub(crate) fn check_selector(prune: bool, selector: Option<&str>) -> Result<Option<String>> {
    match (prune, selector.map(str::trim)) {
        (true, Some(s)) if !s.is_empty() => Ok(Some(s.to_string())),
        (true, _) => Err(CliError::usage("--prune needs -l SELECTOR")
            .with_hint("name the users the input owns, e.g. -l managed-by=ci; --prune never deletes without a selector")),
        (false, Some(_)) => Err(CliError::usage("-l SELECTOR is used only with --prune")),
        (false, None) => Ok(None),
    }
}

/// Every User matching `selector` (paged list), in the server's order.
pub(crate) async fn selected(api: &Api<User>, selector: &str) -> Result<Vec<User>> {
    let mut users = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut params = ListParams::default().limit(PAGE).labels(selector);
        if let Some(t) = &token {
            params = params.continue_token(t);
        }
        let page = api.list(&params).await.map_err(CliError::from)?;
        users.extend(page.items);
        match page.metadata.continue_.filter(|t| !t.is_empty()) {
            Some(t) => token = Some(t),
            None => break,
        }
    }
    Ok(users)
}

/// The selected Users that the input does not name: what a prune deletes.
pub(crate) fn not_in_input(selected: Vec<User>, input: &HashSet<&str>) -> Vec<User> {
    selected
        .into_iter()
        .filter(|u| {
            u.metadata
                .name
                .as_deref()
                .is_some_and(|n| !input.contains(n))
        })
        .collect()
}

/// Ask (or refuse) as `user delete` does, naming what will be pruned.
pub(crate) fn confirm(
    printer: &Printer,
    names: &[String],
    yes: bool,
    dry_run: DryRun,
) -> Result<()> {
    delete::confirm(printer, names, yes, dry_run)
}

/// Delete these Users as a batch, each reported `user.management.loft.sh/NAME pruned`.
pub(crate) async fn run(
    batch: &Batch,
    api: Api<User>,
    names: Vec<String>,
    out: &mut dyn std::io::Write,
) -> Result<Report> {
    let deleter = Deleter {
        api,
        dry_run: batch.dry_run,
        ignore_not_found: true,
        wait: None,
    };
    let deleter = &deleter;
    let items = names
        .into_iter()
        .map(|name| Item {
            label: resource_name(&name),
            payload: name,
        })
        .collect();
    batch
        .run(
            items,
            |name| async move {
                let done = deleter.delete(name).await?;
                Ok(match done.outcome {
                    Outcome::Deleted => Done::new(Outcome::Pruned, done.name),
                    _ => done,
                })
            },
            out,
        )
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;

    #[test]
    fn prune_needs_a_selector_and_a_selector_needs_prune() {
        assert_eq!(check_selector(true, None).unwrap_err().kind, Kind::Usage);
        assert_eq!(
            check_selector(true, Some(" ")).unwrap_err().kind,
            Kind::Usage
        );
        assert_eq!(
            check_selector(false, Some("a=b")).unwrap_err().kind,
            Kind::Usage
        );
        assert_eq!(
            check_selector(true, Some("a=b")).unwrap(),
            Some("a=b".into())
        );
        assert_eq!(check_selector(false, None).unwrap(), None);
    }

    #[test]
    fn only_users_missing_from_the_input_are_pruned() {
        let input: HashSet<&str> = ["a", "c"].into();
        let left = not_in_input(
            vec![
                User::new("a"),
                User::new("b"),
                User::new("c"),
                User::new("d"),
            ],
            &input,
        );
        let names: Vec<_> = left
            .iter()
            .filter_map(|u| u.metadata.name.clone())
            .collect();
        assert_eq!(names, ["b", "d"]);
    }
}
