//! `user delete`: which Users (names, `-l SELECTOR`, `--all`), the confirmation, the
//! delete of one User, and `--wait` until it is gone.
//!
//! Safety: on a terminal, the user confirms the list unless
//! `--yes`; without a terminal nothing is deleted unless `--yes` (exit 2). A dry run
//! deletes nothing and needs no confirmation.

use std::time::{Duration, Instant};

use kube::api::{Api, DeleteParams, ListParams};

use super::batch::{Done, Outcome};
use super::{DryRun, resource_name};
use crate::api::User;
use crate::error::{CliError, Kind, Result};
use crate::printer::Printer;

/// Which Users to delete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    Names(Vec<String>),
    Selector(String),
    All,
}

/// Page size when listing Users for `-l` / `--all`.
const PAGE: u32 = 500;

/// The names the selection stands for. Names are taken as given (a missing one fails
/// on delete, exit 4); a selector or `--all` lists the server, page by page.
pub async fn resolve(api: &Api<User>, selection: &Selection) -> Result<Vec<String>> {
    let selector = match selection {
        Selection::Names(names) => return Ok(names.clone()),
        Selection::Selector(s) => {
            super::get::check_selector(s)?;
            Some(s.as_str())
        }
        Selection::All => None,
    };
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    let mut tokens = super::rest::ContinueTokens::default();
    loop {
        let mut params = ListParams::default().limit(PAGE);
        if let Some(s) = selector {
            params = params.labels(s);
        }
        if let Some(t) = &token {
            params = params.continue_token(t);
        }
        let page = api.list_metadata(&params).await.map_err(CliError::from)?;
        names.extend(page.items.into_iter().filter_map(|u| u.metadata.name));
        match tokens.next(page.metadata.continue_.as_deref())? {
            Some(t) => token = Some(t),
            None => break,
        }
    }
    Ok(names)
}

/// Refuse early when no confirmation is possible: not `--yes`, not a dry run, and no
/// terminal to ask on.
pub fn check_can_confirm(printer: &Printer, yes: bool, dry_run: DryRun) -> Result<()> {
    if yes || dry_run != DryRun::None || printer.can_prompt() {
        return Ok(());
    }
    Err(
        CliError::usage("refusing to delete without confirmation: stdin is not a terminal")
            .with_hint("pass --yes to delete without asking"),
    )
}

/// Ask on the terminal (unless `--yes` or a dry run). Declining is an error (exit 1):
/// nothing was deleted.
pub fn confirm(printer: &Printer, names: &[String], yes: bool, dry_run: DryRun) -> Result<()> {
    confirm_prompt(printer, &prompt_text(names), yes, dry_run)
}

/// [`confirm`] with any question (the same rules for every kind that is deleted).
pub fn confirm_prompt(printer: &Printer, prompt: &str, yes: bool, dry_run: DryRun) -> Result<()> {
    check_can_confirm(printer, yes, dry_run)?;
    if yes || dry_run != DryRun::None {
        return Ok(());
    }
    let agreed = dialoguer::Confirm::new()
        .with_prompt(prompt)
        .default(false)
        .interact()
        .map_err(|e| CliError::other(format!("cannot read the answer: {e}")))?;
    if agreed {
        Ok(())
    } else {
        Err(CliError::other("aborted: nothing was deleted"))
    }
}

/// `Delete user.management.loft.sh/alice?` or `Delete 3 users (a, b, c)?`.
pub fn prompt_text(names: &[String]) -> String {
    prompt_text_for(names, resource_name, "users")
}

/// The question for deleting `names`: one by its full name (`resource(name)`), many
/// counted in `plural`, the first ten listed.
pub fn prompt_text_for(names: &[String], resource: fn(&str) -> String, plural: &str) -> String {
    match names {
        [one] => format!("Delete {}?", resource(one)),
        many => {
            const SHOWN: usize = 10;
            let mut list = many
                .iter()
                .take(SHOWN)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            if many.len() > SHOWN {
                list.push_str(&format!(", and {} more", many.len() - SHOWN));
            }
            format!("Delete {} {plural} ({list})?", many.len())
        }
    }
}

/// Deletes one User at a time (run concurrently by the batch).
#[derive(Clone)]
pub struct Deleter {
    pub api: Api<User>,
    pub dry_run: DryRun,
    pub ignore_not_found: bool,
    /// `--wait`: how long to wait for each User to be gone.
    pub wait: Option<Duration>,
}

impl Deleter {
    pub async fn delete(&self, name: String) -> Result<Done> {
        let result = self.delete_inner(&name).await;
        match result {
            Err(e) if e.kind == Kind::NotFound && self.ignore_not_found => {
                Ok(Done::new(Outcome::Ignored, name))
            }
            other => other,
        }
    }

    async fn delete_inner(&self, name: &str) -> Result<Done> {
        if self.dry_run == DryRun::Client {
            // Nothing is deleted; reading says whether it would be.
            self.api.get_metadata(name).await.map_err(CliError::from)?;
            return Ok(Done::new(Outcome::Deleted, name));
        }
        let params = DeleteParams {
            dry_run: self.dry_run.server(),
            ..DeleteParams::default()
        };
        // Retried here rather than by the client: a 404 on a retry means an earlier attempt
        // deleted it and its answer was lost (the server holds no such User either way).
        let (api, params) = (&self.api, &params);
        let answer = crate::retry::idempotent(|retry| async move {
            match api.delete(name, params).await {
                Ok(answer) => Ok(Some(answer)),
                Err(kube::Error::Api(status)) if retry && status.code == 404 => Ok(None),
                Err(e) => Err(e),
            }
        })
        .await
        .map_err(CliError::from)?;
        if let (Some(timeout), false) = (self.wait, self.dry_run.server()) {
            // Left: the object is still there (finalizers); Right: it is gone already.
            if let Some(user) = answer.and_then(|a| a.left()) {
                self.wait_gone(name, user.metadata.uid, timeout).await?;
            }
        }
        Ok(Done::new(Outcome::Deleted, name))
    }

    /// Poll until the User is gone (or replaced by a new one with another uid), with a
    /// backoff from 50 ms doubling up to 1 s, for at most `timeout`.
    async fn wait_gone(&self, name: &str, uid: Option<String>, timeout: Duration) -> Result<()> {
        let deadline = Instant::now()
            .checked_add(timeout)
            .unwrap_or_else(|| Instant::now() + crate::duration::MAX);
        let mut delay = Duration::from_millis(50);
        loop {
            match self
                .api
                .get_metadata_opt(name)
                .await
                .map_err(CliError::from)?
            {
                None => return Ok(()),
                Some(live) if uid.is_some() && live.metadata.uid != uid => return Ok(()),
                Some(_) => {}
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(CliError::other(format!(
                    "timed out after {} waiting for {} to be deleted",
                    humantime::format_duration(timeout),
                    resource_name(name)
                ))
                .with_hint("raise --timeout, or check the User's finalizers"));
            }
            tokio::time::sleep(delay.min(deadline - now)).await;
            delay = (delay * 2).min(Duration::from_secs(1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompts_name_what_goes() {
        assert_eq!(
            prompt_text(&["alice".into()]),
            "Delete user.management.loft.sh/alice?"
        );
        let many: Vec<String> = (0..12).map(|i| format!("u{i}")).collect();
        assert_eq!(
            prompt_text(&many),
            "Delete 12 users (u0, u1, u2, u3, u4, u5, u6, u7, u8, u9, and 2 more)?"
        );
    }

    #[test]
    fn without_a_terminal_only_yes_or_dry_run_proceed() {
        let printer = Printer::plain();
        let err = check_can_confirm(&printer, false, DryRun::None).unwrap_err();
        assert_eq!(err.kind, Kind::Usage);
        assert!(err.hint.unwrap().contains("--yes"));
        assert!(check_can_confirm(&printer, true, DryRun::None).is_ok());
        assert!(check_can_confirm(&printer, false, DryRun::Client).is_ok());
        assert!(check_can_confirm(&printer, false, DryRun::Server).is_ok());
    }
}
