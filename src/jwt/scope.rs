//! The flags of `token create` as values: `--ttl` and the scope flags (`--project P`,
//! `--space P/S`, `--virtual-cluster P/V`, `--cluster C`, `--role R`), each a clap
//! `value_parser` whose error names the expected form, and the `AccessKeyScope` they
//! build. Also the text rendering of a scope, used by `token decode`.
//!
//! Wildcards follow the reference (DirectClusterEndpointToken page): `*` may stand for
//! all projects, all spaces of a project, all virtual clusters of a project, or all
//! clusters; the project of a space or virtual cluster is always a name.

use std::fmt::Write as _;
use std::time::Duration;

use serde_json::Value;

use crate::api::token::{
    AccessKeyScope, AccessKeyScopeCluster, AccessKeyScopeProject, AccessKeyScopeRole,
    AccessKeyScopeSpace, AccessKeyScopeVirtualCluster, ROLES,
};

/// `--ttl` (of `token create` and `accesskey create`): a duration (`90m`, `1h`, `1d`,
/// `1w`, `1h30m`) or seconds → whole seconds for `spec.ttl`, at least 1 and within int64.
/// Zero and negative values are refused with what to do instead.
pub fn parse_ttl(text: &str) -> Result<i64, String> {
    let trimmed = text.trim();
    if trimmed.starts_with('-') {
        return Err(format!(
            "invalid ttl {trimmed:?}: a lifetime cannot be negative; give e.g. 90m, 1h, 1d, 1w or seconds (leave --ttl out for the server's default)"
        ));
    }
    let d: Duration = crate::duration::parse_duration(text)?;
    if d.subsec_nanos() != 0 {
        return Err(format!(
            "invalid ttl {trimmed:?}: the server counts whole seconds; expected e.g. 90m, 1h, 1d, 1w or seconds"
        ));
    }
    if d.is_zero() {
        return Err(format!(
            "invalid ttl {trimmed:?}: a lifetime must be at least 1s; give e.g. 90m, 1h, 1d, 1w or seconds (leave --ttl out for the server's default)"
        ));
    }
    i64::try_from(d.as_secs())
        .map_err(|_| format!("invalid ttl {trimmed:?}: at most {} seconds", i64::MAX))
}

/// A Kubernetes object name as Loft uses them for projects, spaces, virtual clusters
/// and clusters: a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most
/// 253 characters, starting and ending with a letter or digit).
pub fn is_name(s: &str) -> bool {
    crate::validate::names::is_dns1123_subdomain(s)
}

fn name_or_wildcard(s: &str) -> bool {
    s == "*" || is_name(s)
}

const NAME_RULE: &str = "lowercase letters, digits, '-' and '.'";

/// `--project P`: a project name or `*` (all projects).
pub fn parse_project(text: &str) -> Result<AccessKeyScopeProject, String> {
    if !name_or_wildcard(text) {
        return Err(format!(
            "invalid project {text:?}: expected a project name ({NAME_RULE}) or * for all projects"
        ));
    }
    Ok(AccessKeyScopeProject {
        project: text.to_string(),
        ..Default::default()
    })
}

/// `PROJECT/NAME` where NAME may be `*`.
fn project_pair(
    text: &str,
    what: &str,
    upper: &str,
    example: &str,
) -> Result<(String, String), String> {
    let bad = || {
        format!(
            "invalid {what} {text:?}: expected PROJECT/{upper} ({NAME_RULE}), e.g. {example}, or PROJECT/* for all {what}s of a project"
        )
    };
    let (project, name) = text.split_once('/').ok_or_else(bad)?;
    if !is_name(project) || !name_or_wildcard(name) {
        return Err(bad());
    }
    Ok((project.to_string(), name.to_string()))
}

/// `--space P/S`: a space of a project, `P/*` for all its spaces.
pub fn parse_space(text: &str) -> Result<AccessKeyScopeSpace, String> {
    let (project, space) = project_pair(text, "space", "SPACE", "p1/s1")?;
    Ok(AccessKeyScopeSpace {
        project,
        space,
        ..Default::default()
    })
}

/// `--virtual-cluster P/V`: a virtual cluster of a project, `P/*` for all of them.
pub fn parse_virtual_cluster(text: &str) -> Result<AccessKeyScopeVirtualCluster, String> {
    let (project, virtual_cluster) =
        project_pair(text, "virtual cluster", "VIRTUAL_CLUSTER", "p1/vc1")?;
    Ok(AccessKeyScopeVirtualCluster {
        project,
        virtual_cluster,
        ..Default::default()
    })
}

/// `--cluster C`: a cluster name or `*` (all clusters).
pub fn parse_cluster(text: &str) -> Result<AccessKeyScopeCluster, String> {
    if !name_or_wildcard(text) {
        return Err(format!(
            "invalid cluster {text:?}: expected a cluster name ({NAME_RULE}) or * for all clusters"
        ));
    }
    Ok(AccessKeyScopeCluster {
        cluster: text.to_string(),
        ..Default::default()
    })
}

/// `--role R`: one of [`ROLES`].
pub fn parse_role(text: &str) -> Result<AccessKeyScopeRole, String> {
    if !ROLES.contains(&text) {
        return Err(format!(
            "invalid role {text:?}: expected one of {}",
            ROLES.join(", ")
        ));
    }
    Ok(AccessKeyScopeRole {
        role: Some(text.to_string()),
        ..Default::default()
    })
}

/// The scope flags, parsed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScopeFlags {
    pub projects: Vec<AccessKeyScopeProject>,
    pub spaces: Vec<AccessKeyScopeSpace>,
    pub virtual_clusters: Vec<AccessKeyScopeVirtualCluster>,
    pub clusters: Vec<AccessKeyScopeCluster>,
    pub roles: Vec<AccessKeyScopeRole>,
}

fn dedup<T: PartialEq>(items: Vec<T>) -> Option<Vec<T>> {
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    (!out.is_empty()).then_some(out)
}

impl ScopeFlags {
    /// The scope to send, or `None` when no scope flag was given (an unscoped token).
    /// Repeated values are sent once, in the order given.
    pub fn into_scope(self) -> Option<AccessKeyScope> {
        let scope = AccessKeyScope {
            roles: dedup(self.roles),
            projects: dedup(self.projects),
            spaces: dedup(self.spaces),
            virtual_clusters: dedup(self.virtual_clusters),
            clusters: dedup(self.clusters),
            ..Default::default()
        };
        (scope != AccessKeyScope::default()).then_some(scope)
    }
}

/// Render the `scope` of a `loft.sh` claim (its own JSON) as indented text lines, one
/// per kind: `projects: p1, *`. Unknown members are shown as compact JSON.
pub fn render_scope(scope: &Value, indent: &str) -> String {
    let mut out = String::new();
    let Some(map) = scope.as_object().filter(|m| !m.is_empty()) else {
        return out;
    };
    let strs = |v: &Value, field: &str| -> Vec<String> {
        v.as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|item| match item.get(field) {
                        Some(Value::String(s)) => s.clone(),
                        _ => compact(item),
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let pairs = |v: &Value, field: &str| -> Vec<String> {
        v.as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|item| {
                        match (
                            item.get("project").and_then(Value::as_str),
                            item.get(field).and_then(Value::as_str),
                        ) {
                            (Some(p), Some(n)) => format!("{p}/{n}"),
                            _ => compact(item),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    for (key, value) in map {
        let (label, items): (&str, Vec<String>) = match key.as_str() {
            "projects" => ("projects", strs(value, "project")),
            "spaces" => ("spaces", pairs(value, "space")),
            "virtualClusters" => ("virtual clusters", pairs(value, "virtualCluster")),
            "clusters" => ("clusters", strs(value, "cluster")),
            "roles" => ("roles", roles(value)),
            "rules" => (
                "rules (deprecated)",
                value
                    .as_array()
                    .map(|r| r.iter().map(compact).collect())
                    .unwrap_or_else(|| vec![compact(value)]),
            ),
            "allowLoftCli" => ("allow loft cli (deprecated)", vec![compact(value)]),
            other => (other, vec![compact(value)]),
        };
        if items.is_empty() && !value.is_array() {
            continue;
        }
        let _ = writeln!(
            out,
            "{indent}{label}: {}",
            if items.is_empty() {
                "(none)".to_string()
            } else {
                items.join(", ")
            }
        );
    }
    out
}

fn roles(value: &Value) -> Vec<String> {
    let Some(items) = value.as_array() else {
        return vec![compact(value)];
    };
    items
        .iter()
        .map(|item| {
            let Some(role) = item.get("role").and_then(Value::as_str) else {
                return compact(item);
            };
            let list = |field: &str| {
                item.get(field)
                    .and_then(Value::as_array)
                    .filter(|a| !a.is_empty())
                    .map(|a| {
                        a.iter()
                            .map(|v| v.as_str().map_or_else(|| compact(v), str::to_string))
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
            };
            let mut extras = Vec::new();
            if let Some(p) = list("projects") {
                extras.push(format!("projects {p}"));
            }
            if let Some(v) = list("virtualClusters") {
                extras.push(format!("virtual clusters {v}"));
            }
            if extras.is_empty() {
                role.to_string()
            } else {
                format!("{role} ({})", extras.join("; "))
            }
        })
        .collect()
}

fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ttl_takes_durations_and_seconds() {
        assert_eq!(parse_ttl("90s"), Ok(90));
        assert_eq!(parse_ttl("30m"), Ok(1800));
        assert_eq!(parse_ttl("1h"), Ok(3600));
        assert_eq!(parse_ttl("7d"), Ok(604_800));
        assert_eq!(parse_ttl("1h30m"), Ok(5400));
        assert_eq!(parse_ttl("3600"), Ok(3600));
        assert_eq!(parse_ttl(" 42 "), Ok(42));
        assert_eq!(parse_ttl("1d"), Ok(86_400));
        assert_eq!(parse_ttl("1w"), Ok(604_800));
        assert_eq!(parse_ttl("90m"), Ok(5400));
    }

    #[test]
    fn ttl_errors_name_the_expected_form() {
        assert_eq!(
            parse_ttl("soon").unwrap_err(),
            "invalid duration \"soon\" (expected number at 0): expected e.g. 90s, 30m, 1h, 7d or seconds"
        );
        assert_eq!(
            parse_ttl("").unwrap_err(),
            "empty duration: expected e.g. 90s, 30m, 1h, 7d or seconds"
        );
        assert_eq!(
            parse_ttl("0").unwrap_err(),
            "invalid ttl \"0\": a lifetime must be at least 1s; give e.g. 90m, 1h, 1d, 1w or seconds (leave --ttl out for the server's default)"
        );
        assert_eq!(
            parse_ttl("1500ms").unwrap_err(),
            "invalid ttl \"1500ms\": the server counts whole seconds; expected e.g. 90m, 1h, 1d, 1w or seconds"
        );
        assert_eq!(
            parse_ttl("18446744073709551615").unwrap_err(),
            "invalid ttl \"18446744073709551615\": at most 9223372036854775807 seconds"
        );
        assert_eq!(parse_ttl("9223372036854775807"), Ok(i64::MAX));
        for negative in ["-5s", "-1", " -1h"] {
            let err = parse_ttl(negative).unwrap_err();
            assert!(err.contains("cannot be negative"), "{err}");
        }
        assert!(parse_ttl("0s").unwrap_err().contains("at least 1s"));
    }

    #[test]
    fn names_follow_dns_1123_subdomains() {
        for ok in ["p1", "a", "my-project", "a.b-c", "0"] {
            assert!(is_name(ok), "{ok}");
        }
        for bad in [
            "",
            "P1",
            "-a",
            "a-",
            "a..b",
            "a_b",
            "a/b",
            "*x",
            &"a".repeat(254),
        ] {
            assert!(!is_name(bad), "{bad}");
        }
    }

    #[test]
    fn scope_flags_parse_with_wildcards_where_the_reference_allows_them() {
        assert_eq!(parse_project("p1").unwrap().project, "p1");
        assert_eq!(parse_project("*").unwrap().project, "*");
        let s = parse_space("p1/*").unwrap();
        assert_eq!((s.project.as_str(), s.space.as_str()), ("p1", "*"));
        let v = parse_virtual_cluster("p1/vc-1").unwrap();
        assert_eq!(
            (v.project.as_str(), v.virtual_cluster.as_str()),
            ("p1", "vc-1")
        );
        assert_eq!(parse_cluster("*").unwrap().cluster, "*");
        assert_eq!(
            parse_role("loft-cli").unwrap().role.as_deref(),
            Some("loft-cli")
        );
    }

    #[test]
    fn scope_flag_errors_are_exact() {
        assert_eq!(
            parse_project("My_Project").unwrap_err(),
            "invalid project \"My_Project\": expected a project name (lowercase letters, digits, '-' and '.') or * for all projects"
        );
        assert_eq!(
            parse_space("p1").unwrap_err(),
            "invalid space \"p1\": expected PROJECT/SPACE (lowercase letters, digits, '-' and '.'), e.g. p1/s1, or PROJECT/* for all spaces of a project"
        );
        // The project of a space is never a wildcard (reference: "the name of the project").
        assert_eq!(
            parse_space("*/s1").unwrap_err(),
            "invalid space \"*/s1\": expected PROJECT/SPACE (lowercase letters, digits, '-' and '.'), e.g. p1/s1, or PROJECT/* for all spaces of a project"
        );
        assert!(parse_space("p1/s1/x").is_err());
        assert!(parse_space("p1/").is_err());
        assert_eq!(
            parse_virtual_cluster("p1:vc1").unwrap_err(),
            "invalid virtual cluster \"p1:vc1\": expected PROJECT/VIRTUAL_CLUSTER (lowercase letters, digits, '-' and '.'), e.g. p1/vc1, or PROJECT/* for all virtual clusters of a project"
        );
        assert_eq!(
            parse_cluster("").unwrap_err(),
            "invalid cluster \"\": expected a cluster name (lowercase letters, digits, '-' and '.') or * for all clusters"
        );
        assert_eq!(
            parse_role("admin").unwrap_err(),
            "invalid role \"admin\": expected one of agent, loft-cli, metrics-reader, metrics-writer, network-peer, runner, vcluster, workspace"
        );
        assert!(parse_role("loftCLI").is_err());
    }

    #[test]
    fn scope_flags_build_the_scope_deduplicated() {
        assert_eq!(ScopeFlags::default().into_scope(), None);
        let flags = ScopeFlags {
            projects: vec![parse_project("p1").unwrap(), parse_project("p1").unwrap()],
            spaces: vec![parse_space("p1/s1").unwrap()],
            virtual_clusters: vec![parse_virtual_cluster("p1/*").unwrap()],
            clusters: vec![parse_cluster("c1").unwrap()],
            roles: vec![parse_role("runner").unwrap()],
        };
        let scope = serde_json::to_value(flags.into_scope().unwrap()).unwrap();
        assert_eq!(
            scope,
            json!({
                "roles": [{"role": "runner"}],
                "projects": [{"project": "p1"}],
                "spaces": [{"project": "p1", "space": "s1"}],
                "virtualClusters": [{"project": "p1", "virtualCluster": "*"}],
                "clusters": [{"cluster": "c1"}],
            })
        );
    }

    #[test]
    fn scopes_render_one_line_per_kind() {
        let scope = json!({
            "roles": [{"role": "vcluster", "projects": ["p1"], "virtualClusters": ["v1", "v2"]}, {"role": "agent"}],
            "projects": [{"project": "p1"}, {"project": "*"}],
            "spaces": [{"project": "p1", "space": "s1"}],
            "virtualClusters": [{"project": "p1", "virtualCluster": "*"}],
            "clusters": [{"cluster": "c1"}],
            "rules": [{"verbs": ["get"]}],
            "allowLoftCli": true,
            "future": {"x": 1},
        });
        assert_eq!(
            render_scope(&scope, "  "),
            "  roles: vcluster (projects p1; virtual clusters v1 v2), agent\n  projects: p1, *\n  spaces: p1/s1\n  virtual clusters: p1/*\n  clusters: c1\n  rules (deprecated): {\"verbs\":[\"get\"]}\n  allow loft cli (deprecated): true\n  future: {\"x\":1}\n"
        );
        assert_eq!(render_scope(&json!({}), "  "), "");
        assert_eq!(
            render_scope(&json!({"projects": []}), ""),
            "projects: (none)\n"
        );
    }
}
