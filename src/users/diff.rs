//! `user diff`: what `user apply` (with `--prune`: and its prune) would change.
//!
//! Each User of the input is compared with the live one. Where [`super::plan`] proves
//! the apply a no-op, the User is unchanged without a request; otherwise the server
//! computes the result with a dry-run apply (`dryRun=All`), so defaults, ownership
//! and the server's own checks are all in it. The live object and the result are
//! compared without what the server owns (managedFields, resourceVersion, uid,
//! creationTimestamp, generation, status). Changes print as a unified diff of YAML per
//! User, or with `-o json` as `[{name, action, patch}]` (`patch`: the RFC 6902 JSON
//! patch from the live object to the result; for a create one `add` of the whole
//! object at the root `""`, for a delete one `remove` of the root).

use std::collections::HashSet;
use std::io::Write;

use futures::StreamExt;
use kube::api::{Api, Patch, PatchParams};
use serde_json::{Value, json};

use super::batch::Item;
use super::rest::Users;
use super::{plan, prune, resource_name};
use crate::api::{FIELD_MANAGER, User};
use crate::error::{CliError, Kind, Result};
use crate::output;
use crate::output::tree::Node;
use crate::printer::Printer;
use crate::retry;

/// What an apply would do to one User.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    Create,
    Update,
    Delete,
    Unchanged,
}

impl Action {
    fn word(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Unchanged => "unchanged",
        }
    }
}

/// One User's change: the live object and the result, both without server-owned fields
/// (`None`: absent).
#[derive(Debug, Clone)]
pub(crate) struct Change {
    pub name: String,
    pub action: Action,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// How `user diff` runs.
pub(crate) struct Differ {
    pub api: Api<User>,
    pub printer: Printer,
    pub concurrency: usize,
    pub force_conflicts: bool,
    /// `--prune -l SELECTOR`.
    pub prune: Option<String>,
    pub json: bool,
}

/// Leave out what the server owns: the diff shows only what the input decides.
pub(crate) fn comparable(mut value: Value) -> Value {
    if let Some(obj) = value.as_object_mut() {
        obj.remove("status");
        if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
            for key in [
                "managedFields",
                "resourceVersion",
                "uid",
                "creationTimestamp",
                "generation",
                "selfLink",
            ] {
                meta.remove(key);
            }
        }
    }
    value
}

fn encode(user: &User) -> Result<Value> {
    serde_json::to_value(user).map_err(|e| CliError::other(format!("cannot encode the User: {e}")))
}

impl Differ {
    /// The change of one input User.
    async fn one(&self, user: User, live: Option<&Node<'_>>) -> Result<Change> {
        let name = user.metadata.name.clone().unwrap_or_default();
        let desired = encode(&user)?;
        let before = live.map(|l| comparable(l.to_value()));
        if let Some(live) = live
            && plan::proved_unchanged(&desired, live)
        {
            return Ok(Change {
                name,
                action: Action::Unchanged,
                after: before.clone(),
                before,
            });
        }
        let mut params = PatchParams::apply(FIELD_MANAGER).dry_run();
        params.force = self.force_conflicts;
        let (api, params, patch, name_ref) = (&self.api, &params, &Patch::Apply(&user), &name);
        let result = retry::idempotent(|_| api.patch(name_ref, params, patch))
            .await
            .map_err(|e| {
                super::write::with_conflict_hint(CliError::from(e), self.force_conflicts, true)
            })?;
        let after = comparable(encode(&result)?);
        let action = match &before {
            None => Action::Create,
            Some(b) if *b == after => Action::Unchanged,
            Some(_) => Action::Update,
        };
        Ok(Change {
            name,
            action,
            before,
            after: Some(after),
        })
    }

    /// Compute every change (input order, then the pruned Users), print them, and give
    /// the exit: `Ok` when nothing would change, [`Kind::Differs`] when something would,
    /// the worst error when a User could not be compared.
    pub(crate) async fn run(&self, items: Vec<Item<Box<User>>>, ahead: plan::Ahead) -> Result<()> {
        let names: Vec<&str> = items
            .iter()
            .filter_map(|i| i.payload.metadata.name.as_deref())
            .collect();
        let users = Users::new(self.api.clone().into_client());
        let texts = plan::read_live(&users, &names, self.concurrency, ahead).await?;
        let live = texts.users()?;
        let pruned = match &self.prune {
            Some(selector) => {
                let input: HashSet<&str> = names.iter().copied().collect();
                prune::not_in_input(prune::selected(&self.api, selector).await?, &input)
            }
            None => Vec::new(),
        };
        let live = &live;
        let labels: Vec<String> = items.iter().map(|i| i.label.clone()).collect();
        let mut results: Vec<Result<Change>> =
            futures::stream::iter(items.into_iter().map(|item| async move {
                let name = item.payload.metadata.name.clone().unwrap_or_default();
                self.one(*item.payload, live.get(&name)).await
            }))
            .buffered(self.concurrency.max(1))
            .collect()
            .await;
        for user in pruned {
            let name = user.metadata.name.clone().unwrap_or_default();
            results.push(encode(&user).map(|v| Change {
                name,
                action: Action::Delete,
                before: Some(comparable(v)),
                after: None,
            }));
        }

        let mut out = self.printer.stdout();
        let mut changed = 0;
        let mut worst: Option<CliError> = None;
        let mut listed = Vec::new();
        for (index, result) in results.into_iter().enumerate() {
            match result {
                Ok(change) => {
                    if change.action != Action::Unchanged {
                        changed += 1;
                    }
                    if self.json {
                        listed.push(json_entry(&change));
                    } else if change.action != Action::Unchanged {
                        write_diff(&mut out, &change, self.printer.color_stdout)?;
                    }
                }
                Err(err) => {
                    let label = labels.get(index).cloned().unwrap_or_default();
                    self.printer.error(&CliError::new(
                        err.kind,
                        format!("{label}: {}", err.message()),
                    ));
                    worst = Some(match worst {
                        Some(w) if w.kind.worst(err.kind) == w.kind => w,
                        _ => err,
                    });
                }
            }
        }
        if self.json {
            output::write_json(&mut out, &Value::Array(listed))?;
        }
        out.flush()?;
        if let Some(err) = worst {
            return Err(err);
        }
        if changed == 0 {
            self.printer.status("No changes");
            return Ok(());
        }
        let plural = if changed == 1 { "user" } else { "users" };
        self.printer
            .status(format!("{changed} {plural} would change"));
        Err(CliError::new(
            Kind::Differs,
            format!("{changed} {plural} would change"),
        ))
    }
}

fn json_entry(change: &Change) -> Value {
    let empty = json!({});
    let patch = match change.action {
        Action::Unchanged => json!([]),
        // The whole object comes or goes: one operation on the document root.
        Action::Create => json!([{"op": "add", "path": "", "value": change.after}]),
        Action::Delete => json!([{"op": "remove", "path": ""}]),
        Action::Update => serde_json::to_value(json_patch::diff(
            change.before.as_ref().unwrap_or(&empty),
            change.after.as_ref().unwrap_or(&empty),
        ))
        .unwrap_or(Value::Null),
    };
    json!({"name": change.name, "action": change.action.word(), "patch": patch})
}

fn yaml_text(value: Option<&Value>) -> Result<String> {
    let Some(value) = value else {
        return Ok(String::new());
    };
    let mut buf = Vec::new();
    output::write_yaml(&mut buf, value)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// A unified diff of the User's YAML, `--- live` / `+++ applied`, coloured on request.
pub(crate) fn write_diff(out: &mut dyn Write, change: &Change, color: bool) -> Result<()> {
    let before = yaml_text(change.before.as_ref())?;
    let after = yaml_text(change.after.as_ref())?;
    let resource = resource_name(&change.name);
    let (old, new) = match change.action {
        Action::Create => ("/dev/null".to_string(), format!("b/{resource}")),
        Action::Delete => (format!("a/{resource}"), "/dev/null".to_string()),
        _ => (format!("a/{resource}"), format!("b/{resource}")),
    };
    let diff = similar::TextDiff::from_lines(&before, &after);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(&old, &new)
        .to_string();
    for line in text.lines() {
        let code = match line.as_bytes().first() {
            _ if !color => None,
            Some(b'+') if line.starts_with("+++") => Some("1"),
            Some(b'-') if line.starts_with("---") => Some("1"),
            Some(b'+') => Some("32"),
            Some(b'-') => Some("31"),
            Some(b'@') => Some("36"),
            _ => None,
        };
        match code {
            Some(code) => writeln!(out, "\x1b[{code}m{line}\x1b[0m")?,
            None => writeln!(out, "{line}")?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_shows_exactly_the_changed_lines() {
        let change = Change {
            name: "a".into(),
            action: Action::Update,
            before: Some(
                json!({"metadata": {"name": "a"}, "spec": {"email": "a@x", "username": "a"}}),
            ),
            after: Some(
                json!({"metadata": {"name": "a"}, "spec": {"email": "b@x", "username": "a"}}),
            ),
        };
        let mut out = Vec::new();
        write_diff(&mut out, &change, false).unwrap();
        let text = String::from_utf8(out).unwrap();
        let changed: Vec<&str> = text
            .lines()
            .filter(|l| {
                (l.starts_with('+') || l.starts_with('-'))
                    && !l.starts_with("+++")
                    && !l.starts_with("---")
            })
            .collect();
        assert_eq!(changed, ["-  email: a@x", "+  email: b@x"], "{text}");
        assert!(
            text.starts_with("--- a/user.management.loft.sh/a\n+++ b/user.management.loft.sh/a\n")
        );
    }

    #[test]
    fn comparable_drops_server_fields_only() {
        let v = comparable(
            json!({"metadata": {"name": "a", "uid": "u", "resourceVersion": "1",
            "managedFields": [], "labels": {"x": "y"}}, "spec": {}, "status": {}}),
        );
        assert_eq!(
            v,
            json!({"metadata": {"name": "a", "labels": {"x": "y"}}, "spec": {}})
        );
    }

    #[test]
    fn json_entries_carry_a_patch() {
        let change = Change {
            name: "a".into(),
            action: Action::Update,
            before: Some(json!({"spec": {"email": "a@x"}})),
            after: Some(json!({"spec": {"email": "b@x"}})),
        };
        let entry = json_entry(&change);
        assert_eq!(entry["action"], "update");
        assert_eq!(
            entry["patch"],
            json!([{"op": "replace", "path": "/spec/email", "value": "b@x"}])
        );
    }
}
