//! A User from the flags of `loftctl user create NAME --email … --group …`.

use std::collections::BTreeMap;

use crate::api::User;
use crate::api::user::ClusterRoleRef;
use crate::error::{CliError, Result};

/// The fields `user create` takes as flags.
#[derive(Debug, Clone, Default)]
pub struct UserFields {
    pub name: String,
    pub email: Option<String>,
    pub display_name: Option<String>,
    pub username: Option<String>,
    pub subject: Option<String>,
    pub description: Option<String>,
    pub groups: Vec<String>,
    pub cluster_roles: Vec<String>,
    /// `K=V` as typed.
    pub labels: Vec<String>,
    /// `K=V` as typed.
    pub annotations: Vec<String>,
    pub disabled: bool,
}

/// Build the User. Only the shape of the flags is checked here (`K=V`, no duplicate
/// keys); names, label keys and values are checked by the local validation, as for a
/// manifest.
pub fn build(fields: &UserFields) -> Result<User> {
    let mut user = User::new(fields.name.clone());
    let labels = parse_pairs("--label", &fields.labels)?;
    if !labels.is_empty() {
        user.metadata.labels = Some(labels);
    }
    let annotations = parse_pairs("--annotation", &fields.annotations)?;
    if !annotations.is_empty() {
        user.metadata.annotations = Some(annotations);
    }
    let spec = &mut user.spec;
    spec.email = fields.email.clone();
    spec.display_name = fields.display_name.clone();
    spec.username = fields.username.clone();
    spec.subject = fields.subject.clone();
    spec.description = fields.description.clone();
    if !fields.groups.is_empty() {
        spec.groups = Some(fields.groups.clone());
    }
    if !fields.cluster_roles.is_empty() {
        spec.cluster_roles = Some(
            fields
                .cluster_roles
                .iter()
                .map(|name| ClusterRoleRef {
                    name: Some(name.clone()),
                    ..Default::default()
                })
                .collect(),
        );
    }
    if fields.disabled {
        spec.disabled = Some(true);
    }
    Ok(user)
}

/// `["a=1", "b="]` → `{a: "1", b: ""}`; `K` without `=`, an empty key, or a key given
/// twice is a usage error.
pub fn parse_pairs(flag: &str, pairs: &[String]) -> Result<BTreeMap<String, String>> {
    let mut map = BTreeMap::new();
    for pair in pairs {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(CliError::usage(format!(
                "{flag} {pair:?}: expected KEY=VALUE"
            )));
        };
        if key.is_empty() {
            return Err(CliError::usage(format!("{flag} {pair:?}: empty key")));
        }
        if map.insert(key.to_string(), value.to_string()).is_some() {
            return Err(CliError::usage(format!("{flag}: key {key:?} given twice")));
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;

    #[test]
    fn every_flag_lands_in_its_field() {
        let fields = UserFields {
            name: "alice".into(),
            email: Some("a@example.com".into()),
            display_name: Some("Alice".into()),
            username: Some("alice1".into()),
            subject: Some("sub-a".into()),
            description: Some("admin".into()),
            groups: vec!["dev".into(), "ops".into()],
            cluster_roles: vec!["loft-management-admin".into()],
            labels: vec!["team=core".into(), "empty=".into()],
            annotations: vec!["note=a=b".into()],
            disabled: true,
        };
        let value = serde_json::to_value(build(&fields).unwrap()).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "apiVersion": "management.loft.sh/v1",
                "kind": "User",
                "metadata": {
                    "name": "alice",
                    "labels": {"empty": "", "team": "core"},
                    "annotations": {"note": "a=b"}
                },
                "spec": {
                    "displayName": "Alice",
                    "description": "admin",
                    "username": "alice1",
                    "email": "a@example.com",
                    "subject": "sub-a",
                    "groups": ["dev", "ops"],
                    "disabled": true,
                    "clusterRoles": [{"name": "loft-management-admin"}]
                }
            })
        );
    }

    #[test]
    fn a_bare_name_gives_a_bare_user() {
        let value = serde_json::to_value(
            build(&UserFields {
                name: "bob".into(),
                ..Default::default()
            })
            .unwrap(),
        )
        .unwrap();
        assert_eq!(
            value,
            serde_json::json!({"apiVersion": "management.loft.sh/v1", "kind": "User",
                               "metadata": {"name": "bob"}, "spec": {}})
        );
    }

    #[test]
    fn bad_pairs_are_usage_errors() {
        for bad in [&["novalue"][..], &["=v"], &["a=1", "a=2"]] {
            let pairs: Vec<String> = bad.iter().map(|s| s.to_string()).collect();
            let err = parse_pairs("--label", &pairs).unwrap_err();
            assert_eq!(err.kind, Kind::Usage, "{bad:?}");
            assert!(err.message().starts_with("--label"), "{}", err.message());
        }
    }
}
