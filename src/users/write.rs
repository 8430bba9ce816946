//! Creating and applying one User: the per-item operations of `user create` and
//! `user apply`, run by [`super::batch`].
//!
//! `apply` is server-side apply (`Patch::Apply`, field manager `loftctl`): the server
//! merges the manifest into the live object, so fields set by others (and fields this
//! version of loftctl does not know) are kept. It does not force by default: when
//! another manager (the Loft UI, `user edit`, a controller) owns a field the manifest
//! sets to a different value, the item fails with a 409 conflict (exit 5) and a hint to
//! pass `--force-conflicts`, as `kubectl apply --server-side` does. Taking fields over
//! silently would undo someone else's change without anyone seeing it.

use kube::api::{Api, Patch, PatchParams, PostParams};
use serde_json::Value;

use super::DryRun;
use super::batch::{Done, Outcome};
use super::rest::{self, Users};
use crate::api::{FIELD_MANAGER, User};
use crate::error::{CliError, Kind, Result};
use crate::retry;

/// What create and apply need: one API handle over one client, and the flags.
#[derive(Clone)]
pub struct Writer {
    pub api: Api<User>,
    /// The same endpoint, for requests whose answer is read as text.
    users: Users,
    pub dry_run: DryRun,
    pub force_conflicts: bool,
    /// Keep each resulting object for the output (`-o json|yaml`); the lines of the other
    /// formats need only the name and the outcome.
    pub objects: bool,
}

/// `create --dry-run=client`: nothing is sent; the local object is reported.
pub async fn create_locally(user: User) -> Result<Done> {
    let name = display_name(&user);
    Ok(Done::new(Outcome::Created, name).with_object(Some(to_output(&user)?)))
}

/// A created User as the server answered: its text, or (a lost answer found again)
/// the object read back.
enum Created {
    Text(String),
    Object(Box<User>),
}

impl Writer {
    /// A writer over `api`'s client.
    pub fn new(api: Api<User>, dry_run: DryRun, force_conflicts: bool, objects: bool) -> Self {
        let users = Users::new(api.clone().into_client());
        Writer {
            api,
            users,
            dry_run,
            force_conflicts,
            objects,
        }
    }

    /// POST the User (with `dryRun=All` for a server dry run).
    pub async fn create(&self, user: User) -> Result<Done> {
        if self.dry_run == DryRun::Client {
            return create_locally(user).await;
        }
        let params = PostParams {
            dry_run: self.dry_run.server(),
            field_manager: Some(FIELD_MANAGER.to_string()),
        };
        let created = match user.metadata.name.clone().filter(|n| !n.is_empty()) {
            // A generateName create cannot be told apart from a second one: never retried.
            None => self
                .users
                .create_text(&params, &user)
                .await
                .map(Created::Text),
            Some(name) => {
                let (api, params, user, name) = (&self.api, &params, &user, &name);
                let users = &self.users;
                retry::idempotent(|retry| async move {
                    match users.create_text(params, user).await {
                        // The earlier attempt may have landed before its answer was lost:
                        // the object as we sent it is ours, anything else is a real 409.
                        Err(kube::Error::Api(status)) if retry && status.code == 409 => {
                            let sent =
                                serde_json::to_value(user).map_err(kube::Error::SerdeError)?;
                            match api.get_opt(name).await? {
                                Some(live) if created_by_us(&sent, &live) => {
                                    Ok(Created::Object(Box::new(live)))
                                }
                                _ => Err(kube::Error::Api(status)),
                            }
                        }
                        other => other.map(Created::Text),
                    }
                })
                .await
            }
        }
        .map_err(CliError::from)?;
        // The answer is typed only when it is printed: else its name is all a line needs.
        let (name, object) = match created {
            Created::Object(user) => (name_of(&user), self.output_of(&user)?),
            Created::Text(text) if self.objects => {
                let user: User = rest::decode(&text)?;
                (name_of(&user), self.output_of(&user)?)
            }
            Created::Text(text) => {
                let named: rest::Named<'_> = rest::decode(&text)?;
                (named.metadata.name.unwrap_or_default().into_owned(), None)
            }
        };
        Ok(Done::new(Outcome::Created, name).with_object(object))
    }

    /// The object to print, when the output prints objects.
    fn output_of(&self, user: &User) -> Result<Option<Value>> {
        self.objects.then(|| to_output(user)).transpose()
    }

    /// Create or update the User by server-side apply, and say whether it was created,
    /// configured or left unchanged (same resourceVersion and content before and after).
    /// `before` is the live object as read beforehand (`None`: it does not exist; see
    /// [`super::plan::read_live`]). `--dry-run=client` only compares.
    pub async fn apply_known(
        &self,
        user: User,
        name: String,
        before: Option<User>,
    ) -> Result<Done> {
        if self.dry_run == DryRun::Client {
            let applied = serde_json::to_value(&user).map_err(encode_error)?;
            return Ok(match before {
                None => Done::new(Outcome::Created, name).with_object(Some(applied)),
                Some(live) => {
                    let mut live = to_output(&live)?;
                    let outcome = if is_subset(&applied, &live) {
                        Outcome::Unchanged
                    } else {
                        Outcome::Configured
                    };
                    json_patch::merge(&mut live, &applied);
                    Done::new(outcome, name).with_object(Some(live))
                }
            });
        }
        let mut params = PatchParams::apply(FIELD_MANAGER);
        params.force = self.force_conflicts;
        params.dry_run = self.dry_run.server();
        let (api, params, patch, name_ref) = (&self.api, &params, &Patch::Apply(&user), &name);
        let after = retry::idempotent(|_| api.patch(name_ref, params, patch))
            .await
            .map_err(|e| with_conflict_hint(CliError::from(e), self.force_conflicts, false))?;
        let outcome = match &before {
            None => Outcome::Created,
            Some(before) if unchanged(before, &after, self.dry_run.server())? => Outcome::Unchanged,
            Some(_) => Outcome::Configured,
        };
        Ok(Done::new(outcome, name).with_object(self.output_of(&after)?))
    }
}

/// An apply's 409 conflict (without `--force-conflicts`) gets a hint naming who owns the
/// fields: loftctl's own `user patch`/`user edit` (manager `loftctl`, operation Update,
/// which kube-apiserver reports as `conflict with "loftctl" using …`) or another manager.
/// `diff` says that the apply would fail too.
pub fn with_conflict_hint(err: CliError, force_conflicts: bool, diff: bool) -> CliError {
    if err.kind != Kind::Conflict || force_conflicts {
        return err;
    }
    let owner = if err
        .message()
        .contains(&format!("conflict with \"{FIELD_MANAGER}\" using"))
    {
        "loftctl's own `user patch` or `user edit` (an update, not an apply) owns fields this manifest changes"
    } else {
        "another field manager owns fields this manifest changes"
    };
    let what = if diff {
        "apply would fail too (pass --force-conflicts to see the result of taking them over)"
    } else {
        "pass --force-conflicts to take them over"
    };
    err.with_hint(format!("{owner}; {what}"))
}

/// Is `live` the User we sent (same content, fresh from a create)? Only what a create
/// keeps is compared: the server sets `uid`, `creationTimestamp`, `resourceVersion`,
/// `generation` and `status` itself and drops a `namespace` on this cluster-scoped type,
/// so a manifest exported from another server still matches its own create.
fn created_by_us(sent: &Value, live: &User) -> bool {
    let fresh = live.metadata.creation_timestamp.as_ref().is_none_or(|t| {
        let age = k8s_openapi::jiff::Timestamp::now().duration_since(t.0);
        age.as_secs() < 120
    });
    fresh && to_output(live).is_ok_and(|live| is_subset(&kept_by_create(sent), &live))
}

/// The parts of a sent object that a create stores as sent.
fn kept_by_create(sent: &Value) -> Value {
    let mut kept = serde_json::Map::new();
    if let Some(spec) = sent.get("spec") {
        kept.insert("spec".into(), spec.clone());
    }
    let mut meta = serde_json::Map::new();
    for key in ["name", "labels", "annotations", "finalizers"] {
        if let Some(v) = sent["metadata"].get(key) {
            meta.insert(key.into(), v.clone());
        }
    }
    kept.insert("metadata".into(), Value::Object(meta));
    Value::Object(kept)
}

/// The name to print for a User that has none yet (`generateName`).
/// The name the server gave the User.
fn name_of(user: &User) -> String {
    user.metadata.name.clone().unwrap_or_default()
}

fn display_name(user: &User) -> String {
    let meta = &user.metadata;
    meta.name
        .clone()
        .or_else(|| meta.generate_name.clone())
        .unwrap_or_default()
}

/// Nothing changed: the same resourceVersion (a real write always moves it), and for a
/// server dry run, where the resourceVersion does not move, the same content apart from
/// bookkeeping.
fn unchanged(before: &User, after: &User, server_dry_run: bool) -> Result<bool> {
    if before.metadata.resource_version != after.metadata.resource_version {
        return Ok(false);
    }
    Ok(!server_dry_run || comparable(before)? == comparable(after)?)
}

fn comparable(user: &User) -> Result<Value> {
    let mut value = serde_json::to_value(user).map_err(encode_error)?;
    if let Some(meta) = value.get_mut("metadata").and_then(Value::as_object_mut) {
        for key in ["managedFields", "resourceVersion", "generation"] {
            meta.remove(key);
        }
    }
    Ok(value)
}

/// Is every field of `part` present in `whole` with the same value? (Lists compare as
/// wholes, as a merge would replace them.)
pub fn is_subset(part: &Value, whole: &Value) -> bool {
    match (part, whole) {
        (Value::Object(p), Value::Object(w)) => p.iter().all(|(k, v)| {
            w.get(k).is_some_and(|wv| is_subset(v, wv)) || (v.is_null() && !w.contains_key(k))
        }),
        _ => part == whole,
    }
}

/// The object as printed by `-o json|yaml`: without `managedFields`.
pub fn to_output(user: &User) -> Result<Value> {
    let mut value = serde_json::to_value(user).map_err(encode_error)?;
    super::rest::strip_managed_fields(&mut value);
    Ok(value)
}

/// A User as the server sent it, as output: without managedFields.
pub fn output_of(live: &Value) -> Value {
    let mut value = live.clone();
    super::rest::strip_managed_fields(&mut value);
    value
}

/// A User as the server sent it, as the typed User a write takes.
pub fn typed(live: Value) -> Result<User> {
    serde_json::from_value(live)
        .map_err(|e| CliError::other(format!("could not decode the server's User: {e}")))
}

fn encode_error(e: serde_json::Error) -> CliError {
    CliError::other(format!("cannot encode the User: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_conflict_hint_names_loftctls_own_update() {
        let conflict = |m: &str| CliError::new(Kind::Conflict, m.to_string());
        let own = with_conflict_hint(
            conflict(
                r#"Apply failed with 1 conflict: conflict with "loftctl" using management.loft.sh/v1: .spec.displayName"#,
            ),
            false,
            false,
        );
        assert!(
            own.hint
                .as_deref()
                .unwrap()
                .starts_with("loftctl's own `user patch`"),
            "{:?}",
            own.hint
        );
        let other = with_conflict_hint(
            conflict(
                r#"Apply failed with 1 conflict: conflict with "team-sync": .spec.displayName"#,
            ),
            false,
            true,
        );
        let hint = other.hint.unwrap();
        assert!(hint.starts_with("another field manager"), "{hint}");
        assert!(hint.contains("apply would fail too"), "{hint}");
        assert_eq!(with_conflict_hint(conflict("x"), true, false).hint, None);
        assert_eq!(
            with_conflict_hint(CliError::new(Kind::NotFound, "x"), false, false).hint,
            None
        );
    }

    #[test]
    fn subset_compares_applied_fields_only() {
        let live = json!({"metadata": {"name": "a", "uid": "x", "labels": {"t": "1"}},
                          "spec": {"email": "a@x", "groups": ["g1", "g2"]}});
        assert!(is_subset(
            &json!({"metadata": {"name": "a"}, "spec": {"email": "a@x"}}),
            &live
        ));
        assert!(is_subset(&json!({"spec": {"groups": ["g1", "g2"]}}), &live));
        assert!(!is_subset(&json!({"spec": {"groups": ["g1"]}}), &live));
        assert!(!is_subset(&json!({"spec": {"email": "b@x"}}), &live));
        assert!(!is_subset(&json!({"spec": {"username": "u"}}), &live));
        assert!(is_subset(&json!({"spec": {}}), &live));
    }

    #[test]
    fn unchanged_ignores_bookkeeping_but_not_content() {
        let mut before = User::new("a");
        before.metadata.resource_version = Some("5".into());
        let mut after = before.clone();
        after.metadata.managed_fields = Some(vec![Default::default()]);
        assert!(unchanged(&before, &after, true).unwrap());
        after.spec.email = Some("new@x".into());
        assert!(
            !unchanged(&before, &after, true).unwrap(),
            "server dry run of a change: same resourceVersion, new content"
        );
        let mut bumped = before.clone();
        bumped.metadata.resource_version = Some("6".into());
        for server_dry_run in [false, true] {
            assert!(!unchanged(&before, &bumped, server_dry_run).unwrap());
        }
        // A real apply that changed anything moves the resourceVersion: equal means unchanged.
        assert!(unchanged(&before, &before.clone(), false).unwrap());
    }

    #[test]
    fn a_create_is_recognised_despite_fields_the_server_sets() {
        let sent = serde_json::json!({
            "apiVersion": "management.loft.sh/v1", "kind": "User",
            "metadata": {"name": "a", "namespace": "default", "uid": "old-uid",
                         "creationTimestamp": "2020-01-01T00:00:00Z", "labels": {"t": "x"}},
            "spec": {"email": "a@example.com"},
            "status": {"teams": ["old"]}
        });
        let live: User = serde_json::from_value(serde_json::json!({
            "apiVersion": "management.loft.sh/v1", "kind": "User",
            "metadata": {"name": "a", "uid": "new-uid", "labels": {"t": "x"},
                         "creationTimestamp": k8s_openapi::jiff::Timestamp::now().to_string()},
            "spec": {"email": "a@example.com"}
        }))
        .unwrap();
        assert!(created_by_us(&sent, &live));
        let mut other = sent.clone();
        other["spec"]["email"] = "b@example.com".into();
        assert!(!created_by_us(&other, &live));
    }

    #[test]
    fn output_leaves_out_managed_fields() {
        let mut user = User::new("a");
        user.metadata.managed_fields = Some(vec![Default::default()]);
        let value = to_output(&user).unwrap();
        assert!(value["metadata"].get("managedFields").is_none());
        assert_eq!(value["metadata"]["name"], "a");
    }
}
