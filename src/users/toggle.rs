//! `user disable` / `user enable`: set `spec.disabled` by a merge patch.
//!
//! The live User is read first: one already in the wanted state is reported
//! `unchanged` and not written (so its resourceVersion does not move).

use kube::api::{Api, Patch, PatchParams};
use serde_json::json;

use super::DryRun;
use super::batch::{Done, Outcome};
use super::write::to_output;
use crate::api::{FIELD_MANAGER, User};
use crate::error::{CliError, Result};
use crate::retry;

#[derive(Clone)]
pub struct Toggler {
    pub api: Api<User>,
    pub dry_run: DryRun,
    /// `true` for `disable`, `false` for `enable`.
    pub disabled: bool,
}

impl Toggler {
    pub async fn set(&self, name: String) -> Result<Done> {
        let live = self.api.get(&name).await.map_err(CliError::from)?;
        if live.spec.disabled.unwrap_or(false) == self.disabled {
            return Ok(Done::new(Outcome::Unchanged, name).with_object(Some(to_output(&live)?)));
        }
        let outcome = if self.disabled {
            Outcome::Disabled
        } else {
            Outcome::Enabled
        };
        if self.dry_run == DryRun::Client {
            let mut user = live;
            user.spec.disabled = Some(self.disabled);
            return Ok(Done::new(outcome, name).with_object(Some(to_output(&user)?)));
        }
        let params = PatchParams {
            dry_run: self.dry_run.server(),
            field_manager: Some(FIELD_MANAGER.to_string()),
            ..PatchParams::default()
        };
        let patch = json!({"spec": {"disabled": self.disabled}});
        let (api, params, patch, name_ref) = (&self.api, &params, &Patch::Merge(&patch), &name);
        let after = retry::idempotent(|_| api.patch(name_ref, params, patch))
            .await
            .map_err(CliError::from)?;
        Ok(Done::new(outcome, name).with_object(Some(to_output(&after)?)))
    }
}
