//! `loftctl explain` end to end.

use crate::common;

use common::{loftctl_cmd, run};

#[test]
fn explain_a_field() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(loftctl_cmd(dir.path()).args(["explain", "user.spec.clusterRoles"]));
    insta::assert_snapshot!(r, @r#"
exit: 0
--- stdout
GROUP:      management.loft.sh
KIND:       User
VERSION:    v1

FIELD: clusterRoles <[]ClusterRoleRef>

DESCRIPTION:
    ClusterRoles define the cluster roles that the users should have assigned in
    the cluster.

FIELDS:
  name	<string>
    Name is the cluster role to assign

--- stderr
"#);
}

#[test]
fn explain_recursive_token_scope() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(loftctl_cmd(dir.path()).args([
        "explain",
        "directclusterendpointtoken.spec.scope",
        "--recursive",
    ]));
    insta::assert_snapshot!(r, @r#"
exit: 0
--- stdout
GROUP:      management.loft.sh
KIND:       DirectClusterEndpointToken
VERSION:    v1

FIELD: scope <AccessKeyScope>

DESCRIPTION:
    Scope is the optional scope of the direct cluster endpoint

FIELDS:
  allowLoftCli	<boolean> -deprecated-
  clusters	<[]AccessKeyScopeCluster>
    cluster	<string>
  projects	<[]AccessKeyScopeProject>
    project	<string>
  roles	<[]AccessKeyScopeRole>
    projects	<[]string>
    role	<string>
    virtualClusters	<[]string>
  rules	<[]AccessKeyScopeRule> -deprecated-
    cluster	<string>
    namespaces	<[]string>
    nonResourceURLs	<[]string>
    requestTargets	<[]string>
    resources	<[]GroupResources>
      group	<string>
      resourceNames	<[]string>
      resources	<[]string>
    verbs	<[]string>
    virtualClusters	<[]AccessKeyVirtualCluster>
      name	<string>
      namespace	<string>
  spaces	<[]AccessKeyScopeSpace>
    project	<string>
    space	<string>
  virtualClusters	<[]AccessKeyScopeVirtualCluster>
    project	<string>
    virtualCluster	<string>
--- stderr
"#);
}

#[test]
fn explain_the_3_4_fields_and_flags() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(loftctl_cmd(dir.path()).args(["explain", "users.spec.accessKeysRef"]));
    assert_eq!(r.code, 0, "{r}");
    assert!(
        r.stdout
            .contains("FIELD: accessKeysRef <SecretRef> [3.4] -deprecated-"),
        "{r}"
    );
    assert!(
        r.stdout
            .contains("VERSIONS: 3.4 (not in 4.1, 4.3, 4.10, 4.11)"),
        "{r}"
    );
    let r = run(loftctl_cmd(dir.path()).args([
        "explain",
        "user.status.clusters.accountsClusterTemplateStatus",
    ]));
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stdout.contains("lastTransitionTime\t<Time>"), "{r}");
}

#[test]
fn explain_errors() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(loftctl_cmd(dir.path()).args(["explain", "user.spec.emial"]));
    insta::assert_snapshot!(r, @r#"
exit: 2
--- stdout
--- stderr
error: field "emial" does not exist
hint: did you mean "email"?
"#);
    let r = run(loftctl_cmd(dir.path()).args(["explain", "usr"]));
    insta::assert_snapshot!(r, @r#"
exit: 2
--- stdout
--- stderr
error: the server doesn't have a resource type "usr"
hint: did you mean "user"? loftctl explains user, directclusterendpointtoken and ownedaccesskey
"#);
}
