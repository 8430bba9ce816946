//! Table-driven tests of the validation rules, through the library entry points
//! (`check_sources`, `validate_value`): every field of both kinds accepted; each rule
//! rejected or warned with its path, line and column; the suggestions.

use loftctl::manifest::Source;
use loftctl::schema::{self, ApiVersion, Ty};
use loftctl::validate::{
    Against, Diagnostic, Severity, check_sources, check_sources_against, validate_value,
    validate_value_against,
};
use serde_json::{Value, json};

fn check(text: &str) -> Vec<Diagnostic> {
    check_sources(&[Source::new("t.yaml", text)]).diagnostics
}

fn check_at(text: &str, version: ApiVersion) -> Vec<Diagnostic> {
    check_sources_against(&[Source::new("t.yaml", text)], Against::builtin(version)).diagnostics
}

/// A value for every field of a schema node that `version` has, recursively.
fn sample(node: &schema::Node, name: &str, version: ApiVersion) -> Value {
    match &node.ty {
        Ty::Object { fields, .. } => {
            let mut map = serde_json::Map::new();
            for f in fields.iter().filter(|f| f.node.versions.contains(version)) {
                map.insert(f.name.clone(), sample(&f.node, &f.name, version));
            }
            Value::Object(map)
        }
        Ty::Map(v) => json!({ "example.com/key": sample(v, "value", version) }),
        Ty::Array(item) => json!([sample(item, name, version)]),
        Ty::String => {
            let known = node
                .enum_values
                .iter()
                .zip(&node.enum_versions)
                .find(|(_, v)| v.contains(version));
            if let Some((first, _)) = known {
                return json!(first);
            }
            if node.format.as_deref() == Some("date-time") {
                return json!("2024-05-01T12:00:00Z");
            }
            match name {
                "email" => json!("alice@example.com"),
                "apiVersion" => json!("management.loft.sh/v1"),
                _ => json!("value"),
            }
        }
        Ty::Integer => json!(3600),
        Ty::Number => json!(1.5),
        Ty::Boolean => json!(true),
        Ty::Any => json!({}),
    }
}

fn every_field(kind: &str, version: ApiVersion) -> Value {
    let node = schema::kind(kind).unwrap();
    let mut v = sample(node, kind, version);
    v["apiVersion"] = json!("management.loft.sh/v1");
    v["kind"] = json!(kind);
    v["metadata"]["name"] = json!("alice");
    v["metadata"]["generateName"] = json!("alice-");
    v["metadata"]["namespace"] = json!("");
    v
}

#[test]
fn every_field_of_every_kind_and_version_is_accepted() {
    for (kind, version) in schema::KINDS
        .iter()
        .flat_map(|k| ApiVersion::ALL.map(|v| (*k, v)))
    {
        let value = every_field(kind, version);
        // As JSON, as YAML (via serde-saphyr), and as an already-parsed value.
        let json_text = serde_json::to_string_pretty(&value).unwrap();
        let yaml_text = serde_saphyr::to_string(&value).unwrap();
        let kind = format!("{kind} {version}");
        for (what, diags) in [
            ("json", check_at(&json_text, version)),
            ("yaml", check_at(&yaml_text, version)),
            (
                "value",
                validate_value_against(&value, Against::builtin(version)),
            ),
        ] {
            let errors: Vec<_> = diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            assert!(errors.is_empty(), "{kind} as {what}: {errors:#?}");
            // Only warnings for read-only and deprecated fields.
            for d in &diags {
                assert!(
                    d.message.starts_with("read-only") || d.message.starts_with("deprecated"),
                    "{kind} as {what}: {d}"
                );
            }
        }
        let report = check_sources_against(
            &[Source::new("t.json", json_text)],
            Against::builtin(version),
        );
        assert_eq!(report.documents.len(), 1);
        assert_eq!(report.documents[0].to_json(), value);
    }
}

#[test]
fn the_3_4_reference_fields_are_accepted() {
    let text = "\
apiVersion: management.loft.sh/v1
kind: User
metadata:
  name: my-user
  creationTimestamp: null
spec:
  displayName: My User
  email: myuser@test.com
  subject: my-user
  username: myuser
  clusterRoles:
  - name: loft-management-admin
  clusterAccountTemplates:
  - name: tmpl
    sync: true
    accountName: acc
  imagePullSecrets:
  - apiGroup: storage.loft.sh
    kind: SharedSecret
    secretName: s
    secretNamespace: ns
    key: k
  owner: {user: admin, team: ''}
  access:
  - name: a
    verbs: [get, update]
    subresources: ['*']
    users: ['*']
    teams: []
";
    assert_eq!(check_at(text, ApiVersion::V3_4), vec![]);
    // The newest version names the version that has the field.
    let diags = check(text);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].path, "spec.clusterAccountTemplates");
    assert_eq!(
        diags[0].message,
        "a 3.4 field, not in 4.11 (removed in 4.1)"
    );
}

/// (manifest, severity, path, line, column, message contains)
type Case = (
    &'static str,
    Severity,
    &'static str,
    usize,
    usize,
    &'static str,
);

const HEAD: &str = "apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: alice\n";
const TOKEN: &str = "apiVersion: management.loft.sh/v1\nkind: DirectClusterEndpointToken\n";

#[test]
fn each_rule_with_path_line_and_column() {
    use Severity::{Error as E, Warning as W};
    let cases: Vec<(String, Severity, &str, usize, usize, &str)> = [
        // syntax
        // An unclosed `[` is reported where it opens, not where the parser gives up.
        ("a: [1, 2\n", E, "", 1, 4, "`[` is never closed"),
        ("a: b: c\n", E, "", 1, 5, "syntax error"),
        ("{\"a\": 1,, }", E, "", 1, 9, "syntax error"),
        // apiVersion / kind
        (
            "kind: User\nmetadata: {name: a}\n",
            E,
            "apiVersion",
            1,
            1,
            "required field is missing",
        ),
        (
            "apiVersion: v1\nkind: User\nmetadata: {name: a}\n",
            E,
            "apiVersion",
            1,
            13,
            "unsupported apiVersion \"v1\"",
        ),
        (
            "apiVersion: management.loft.sh/v1\nmetadata: {name: a}\n",
            E,
            "kind",
            1,
            1,
            "required field is missing",
        ),
        (
            "apiVersion: management.loft.sh/v1\nkind: user\n",
            E,
            "kind",
            2,
            7,
            "did you mean \"User\"?",
        ),
        (
            "apiVersion: management.loft.sh/v1\nkind: Team\n",
            E,
            "kind",
            2,
            7,
            "unsupported kind \"Team\"",
        ),
        ("- a\n- b\n", E, "", 1, 1, "expected an object"),
        // unknown fields with suggestions
        (
            "spec:\n  emial: a@b.c\n",
            E,
            "spec.emial",
            6,
            3,
            "unknown field (did you mean \"email\"?)",
        ),
        (
            "spec:\n  clusterrole: []\n",
            E,
            "spec.clusterrole",
            6,
            3,
            "did you mean \"clusterRoles\"?",
        ),
        (
            "spec:\n  zzzzqqq: 1\n",
            E,
            "spec.zzzzqqq",
            6,
            3,
            "unknown field",
        ),
        ("specs: {}\n", E, "specs", 5, 1, "did you mean \"spec\"?"),
        (
            "spec:\n  access:\n  - verbs: [get]\n    verb: [x]\n",
            E,
            "spec.access[0].verb",
            8,
            5,
            "did you mean \"verbs\"?",
        ),
        // types
        (
            "spec:\n  email: 42\n",
            E,
            "spec.email",
            6,
            10,
            "expected string, got integer (quote it: \"42\")",
        ),
        (
            "spec:\n  disabled: \"yes\"\n",
            E,
            "spec.disabled",
            6,
            13,
            "expected boolean, got string",
        ),
        (
            "spec:\n  disabled: \"true\"\n",
            E,
            "spec.disabled",
            6,
            13,
            "remove the quotes",
        ),
        (
            "spec:\n  disabled: yes\n",
            E,
            "spec.disabled",
            6,
            13,
            "write true or false",
        ),
        (
            "spec:\n  groups: admins\n",
            E,
            "spec.groups",
            6,
            11,
            "expected array, got string",
        ),
        (
            "spec:\n  groups: [1]\n",
            E,
            "spec.groups[0]",
            6,
            12,
            "expected string, got integer",
        ),
        (
            "spec:\n  tokenGeneration: 1.5\n",
            E,
            "spec.tokenGeneration",
            6,
            20,
            "expected integer",
        ),
        (
            "spec:\n  tokenGeneration: 99999999999999999999\n",
            E,
            "spec.tokenGeneration",
            6,
            20,
            "out of range for an int64",
        ),
        ("spec: []\n", E, "spec", 5, 7, "expected object, got array"),
        (
            "metadata2: 1\n",
            E,
            "metadata2",
            5,
            1,
            "did you mean \"metadata\"?",
        ),
        // name or generateName, DNS-1123
        (
            "apiVersion: management.loft.sh/v1\nkind: User\nspec: {}\n",
            E,
            "metadata.name",
            1,
            1,
            "set metadata.name or metadata.generateName",
        ),
        (
            "apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  labels: {a: b}\n",
            E,
            "metadata.name",
            4,
            3,
            "required field is missing",
        ),
        (
            "apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: Alice\n",
            E,
            "metadata.name",
            4,
            9,
            "not a valid name",
        ),
        (
            "apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  generateName: user_\n",
            E,
            "metadata.generateName",
            4,
            17,
            "not a valid name prefix",
        ),
        // labels and annotations
        (
            "  labels:\n    -bad: x\n",
            E,
            "metadata.labels[\"-bad\"]",
            6,
            5,
            "not a valid label key",
        ),
        (
            "  labels:\n    Example.com/a: x\n",
            E,
            "metadata.labels[\"Example.com/a\"]",
            6,
            5,
            "prefix must be a DNS-1123 subdomain",
        ),
        (
            "  labels:\n    a: \"has space\"\n",
            E,
            "metadata.labels[\"a\"]",
            6,
            8,
            "not a valid label value",
        ),
        (
            "  labels:\n    a: 1\n",
            E,
            "metadata.labels[\"a\"]",
            6,
            8,
            "expected string, got integer",
        ),
        (
            "  annotations:\n    a/b/c: x\n",
            E,
            "metadata.annotations[\"a/b/c\"]",
            6,
            5,
            "not a valid annotation key",
        ),
        // access[].verbs
        (
            "spec:\n  access:\n  - name: a\n",
            E,
            "spec.access[0].verbs",
            7,
            5,
            "required field is missing",
        ),
        (
            "spec:\n  access:\n  - verbs: []\n",
            E,
            "spec.access[0].verbs",
            7,
            12,
            "must not be empty",
        ),
        // warnings
        ("  uid: x\n", W, "metadata.uid", 5, 3, "read-only field"),
        (
            "  resourceVersion: '1'\n",
            W,
            "metadata.resourceVersion",
            5,
            3,
            "read-only field",
        ),
        (
            "  creationTimestamp: '2024-01-01T00:00:00Z'\n",
            W,
            "metadata.creationTimestamp",
            5,
            3,
            "read-only field",
        ),
        (
            "  managedFields: []\n",
            W,
            "metadata.managedFields",
            5,
            3,
            "read-only field",
        ),
        (
            "status:\n  teams: [a]\n",
            W,
            "status",
            5,
            1,
            "read-only field",
        ),
        (
            "spec:\n  accessKeysRef: {secretName: s}\n",
            W,
            "spec.accessKeysRef",
            6,
            3,
            "deprecated field",
        ),
        (
            "spec:\n  email: alice.example.com\n",
            W,
            "spec.email",
            6,
            10,
            "does not look like an email address",
        ),
        (
            "  namespace: default\n",
            W,
            "metadata.namespace",
            5,
            14,
            "cluster-scoped",
        ),
        (
            "  creationTimestamp: yesterday\n",
            E,
            "metadata.creationTimestamp",
            5,
            22,
            "not an RFC 3339 date-time",
        ),
    ]
    .into_iter()
    .map(|(body, s, p, l, c, m)| {
        // Whole documents are used as they are; fragments go below a User's head.
        let whole = ["apiVersion", "kind", "- ", "a:", "{"];
        let text = if whole.iter().any(|w| body.starts_with(w)) {
            body.to_string()
        } else {
            format!("{HEAD}{body}")
        };
        (text, s, p, l, c, m)
    })
    .collect();
    let token_cases: Vec<Case> = vec![
        (
            "spec:\n  ttl: -1\n",
            E,
            "spec.ttl",
            4,
            8,
            "must be 0 or more seconds",
        ),
        (
            "spec:\n  ttl: 9223372036854775808\n",
            E,
            "spec.ttl",
            4,
            8,
            "out of range for an int64",
        ),
        (
            "spec:\n  ttl: 1h\n",
            E,
            "spec.ttl",
            4,
            8,
            "expected integer, got string",
        ),
        (
            "spec:\n  scope:\n    roles:\n    - role: loftCLI\n",
            E,
            "spec.scope.roles[0].role",
            6,
            13,
            "unsupported value \"loftCLI\" (did you mean \"loft-cli\"?)",
        ),
        (
            "spec:\n  scope:\n    roles:\n    - role: admin\n",
            E,
            "spec.scope.roles[0].role",
            6,
            13,
            "must be one of: agent, loft-cli, metrics-reader, metrics-writer, network-peer, vcluster, workspace",
        ),
        (
            "spec:\n  scope:\n    roles:\n    - projects: [p]\n",
            E,
            "spec.scope.roles[0].role",
            6,
            7,
            "required field is missing",
        ),
        (
            "spec:\n  scope:\n    projects:\n    - project: ''\n",
            E,
            "spec.scope.projects[0].project",
            6,
            16,
            "must not be empty",
        ),
        (
            "spec:\n  scope:\n    spaces:\n    - project: p\n",
            E,
            "spec.scope.spaces[0].space",
            6,
            7,
            "required field is missing",
        ),
        (
            "spec:\n  scope:\n    virtualClusters:\n    - virtualCluster: v\n",
            E,
            "spec.scope.virtualClusters[0].project",
            6,
            7,
            "required field is missing",
        ),
        (
            "spec:\n  scope:\n    clusters:\n    - {}\n",
            E,
            "spec.scope.clusters[0].cluster",
            6,
            7,
            "required field is missing",
        ),
        (
            "spec:\n  scope:\n    rules: []\n",
            W,
            "spec.scope.rules",
            5,
            5,
            "deprecated field",
        ),
        (
            "spec:\n  scope:\n    allowLoftCli: true\n",
            W,
            "spec.scope.allowLoftCli",
            5,
            5,
            "deprecated field",
        ),
        (
            "status:\n  token: x\n",
            W,
            "status",
            3,
            1,
            "read-only field",
        ),
    ];
    let mut all = cases;
    for (body, s, p, l, c, m) in token_cases {
        all.push((format!("{TOKEN}{body}"), s, p, l, c, m));
    }
    for (text, severity, path, line, column, message) in &all {
        // accessKeysRef is a 3.4 field: its deprecation shows where it exists.
        let diags = if text.contains("accessKeysRef") {
            check_at(text, ApiVersion::V3_4)
        } else {
            check(text)
        };
        let hit = diags.iter().find(|d| {
            d.severity == *severity
                && d.path == *path
                && d.line == *line
                && d.column == *column
                && d.message.contains(message)
        });
        assert!(
            hit.is_some(),
            "expected {severity} {path} at {line}:{column} containing {message:?}\nin:\n{text}\ngot: {diags:#?}"
        );
    }
}

#[test]
fn a_valid_token_needs_no_name() {
    let text = format!(
        "{TOKEN}spec:\n  ttl: 3600\n  scope:\n    roles:\n    - role: vcluster\n      projects: [p]\n"
    );
    assert_eq!(check(&text), vec![]);
}

#[test]
fn lists_multi_documents_and_positions() {
    let text = "\
---
apiVersion: v1
kind: List
items:
- apiVersion: management.loft.sh/v1
  kind: User
  metadata: {name: a}
- apiVersion: management.loft.sh/v1
  kind: User
  metadata: {name: b}
  spec: {emial: x}
---
# only a comment
---
apiVersion: management.loft.sh/v1
kind: DirectClusterEndpointToken
";
    let report = check_sources(&[Source::new("l.yaml", text)]);
    let docs: Vec<_> = report
        .documents
        .iter()
        .map(|d| (d.kind.as_str(), d.line, d.column))
        .collect();
    assert_eq!(
        docs,
        [
            ("User", 5, 3),
            ("User", 8, 3),
            ("DirectClusterEndpointToken", 15, 1)
        ]
    );
    assert_eq!(report.diagnostics.len(), 1, "{:#?}", report.diagnostics);
    assert_eq!(
        report.diagnostics[0].to_string(),
        "l.yaml:11:10: error: items[1].spec.emial: unknown field (did you mean \"email\"?)"
    );
}

#[test]
fn no_objects_and_empty_inputs() {
    for text in ["", "# nothing\n", "---\n---\n", "\u{feff}"] {
        let d = check(text);
        assert_eq!(d.len(), 1, "{text:?}: {d:?}");
        assert_eq!(d[0].to_string(), "t.yaml:1:1: error: no objects found");
    }
}

#[test]
fn duplicate_keys_are_errors() {
    let d = check(&format!("{HEAD}spec:\n  email: a@b.c\n  email: c@d.e\n"));
    assert_eq!(
        d[0].to_string(),
        "t.yaml:7:3: error: duplicate key \"email\""
    );
}

#[test]
fn value_diagnostics_have_no_position_and_say_unknown_field() {
    let v = json!({"apiVersion": "management.loft.sh/v1", "kind": "User",
        "metadata": {"name": "a"}, "spec": {"emial": "x"}});
    let d = validate_value(&v);
    assert_eq!(d.len(), 1);
    assert_eq!((d[0].line, d[0].column, d[0].file.as_str()), (0, 0, ""));
    assert!(d[0].message.starts_with("unknown field"));
    assert_eq!(
        d[0].to_string(),
        "error: spec.emial: unknown field (did you mean \"email\"?)"
    );
}

#[test]
fn hostile_inputs_are_bounded_errors() {
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..15 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let deep_flow = "[".repeat(10_000) + &"]".repeat(10_000);
    let deep_json = "{\"a\":".repeat(10_000) + "1" + &"}".repeat(10_000);
    let deep_block: String = (0..10_000)
        .map(|i| format!("{}- \n", " ".repeat(i % 300)))
        .collect();
    let huge_scalar = format!("{HEAD}spec:\n  email: {}\n", "a".repeat(4 * 1024 * 1024));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("alias bomb", bomb.into_bytes(), "alias"),
        ("deep flow", deep_flow.into_bytes(), "nesting deeper"),
        ("deep json", deep_json.into_bytes(), "nesting deeper"),
        ("deep block", deep_block.into_bytes(), ""),
        (
            "invalid utf-8",
            b"kind: User\nname: \xff\xfe\n".to_vec(),
            "invalid UTF-8",
        ),
        ("binary junk", (0..=255u8).cycle().take(4096).collect(), ""),
        (
            "huge scalar",
            huge_scalar.into_bytes(),
            "over the 3 MiB limit",
        ),
    ];
    for (what, data, message) in cases {
        let report = check_sources(&[Source::new("h.yaml", data)]);
        assert!(report.has_errors(), "{what}: no error");
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.message.contains(message) && d.line > 0),
            "{what}: {:?}",
            report
                .diagnostics
                .iter()
                .map(|d| d.to_string().chars().take(200).collect::<String>())
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn invalid_utf8_position() {
    let report = check_sources(&[Source::new(
        "u.yaml",
        b"kind: User\nname: ab\xff\n".to_vec(),
    )]);
    assert_eq!(
        report.diagnostics[0].to_string(),
        "u.yaml:2:9: error: invalid UTF-8 (byte 0xff at offset 19): manifests must be UTF-8 text"
    );
}

#[test]
fn load_checked_refuses_invalid_manifests() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.yaml");
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&good, format!("{HEAD}spec: {{email: a@b.c}}\n---\n{HEAD}")).unwrap();
    std::fs::write(&bad, format!("{HEAD}spec: {{emial: a@b.c}}\n")).unwrap();
    let printer = loftctl::printer::Printer::plain();
    let docs =
        loftctl::manifest::load_checked(std::slice::from_ref(&good), &printer, false).unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1].line, 7);
    assert_eq!(docs[0].to_json()["spec"]["email"], "a@b.c");
    let err = loftctl::manifest::load_checked(&[good, bad], &printer, false).unwrap_err();
    assert_eq!(err.exit_code(), 3);
    assert!(
        err.message().contains("nothing was sent"),
        "{}",
        err.message()
    );
}

#[test]
fn diagnostics_stop_after_a_thousand_per_object() {
    let mut text = format!("{HEAD}spec:\n");
    for i in 0..5000 {
        text.push_str(&format!("  k{i}: v\n"));
    }
    let d = check(&text);
    assert_eq!(d.len(), 1000);
    assert_eq!(
        d.last().unwrap().message,
        "too many problems in this object; stopped after 1000"
    );
}
