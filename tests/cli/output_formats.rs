//! Every output format on a fixed pair of Users (one full, one minimal), one object and
//! a list, with `now` fixed so that AGE is stable.

use loftctl::output::{OutputFormat, PrintOptions, ResourcePrinter};
use serde_json::{Value, json};

fn users() -> Vec<Value> {
    vec![
        json!({
            "apiVersion": "management.loft.sh/v1",
            "kind": "User",
            "metadata": {
                "name": "alice",
                "uid": "6f1c",
                "resourceVersion": "42",
                "creationTimestamp": "2025-01-01T00:00:00Z",
                "labels": {"team": "platform"},
                "managedFields": [{"manager": "loftctl", "operation": "Apply"}]
            },
            "spec": {
                "displayName": "Alice Liddell",
                "username": "alice",
                "email": "alice@example.com",
                "subject": "alice",
                "groups": ["admins", "dev"],
                "clusterRoles": [{"name": "loft-management-admin"}, {"name": "view"}],
                "disabled": false,
                "description": "Runs the platform team. Likes <tables> & long descriptions that go past eighty columns."
            },
            "status": {"teams": ["platform", "sre"]}
        }),
        json!({
            "apiVersion": "management.loft.sh/v1",
            "kind": "User",
            "metadata": {"name": "bob", "creationTimestamp": "2025-01-03T03:04:00Z"},
            "spec": {"disabled": true}
        }),
    ]
}

fn printer(format: &str, tweak: impl FnOnce(&mut PrintOptions)) -> ResourcePrinter {
    let mut opts = PrintOptions {
        now: "2025-01-03T06:08:30Z".parse().unwrap(),
        ..PrintOptions::default()
    };
    tweak(&mut opts);
    ResourcePrinter::new(format.parse::<OutputFormat>().unwrap(), opts)
}

fn list(format: &str) -> String {
    list_with(format, |_| {})
}

fn list_with(format: &str, tweak: impl FnOnce(&mut PrintOptions)) -> String {
    let rp = printer(format, tweak);
    let mut out = Vec::new();
    let n = rp.print_list(&mut out, &users()).unwrap();
    assert_eq!(n, 2);
    String::from_utf8(out).unwrap()
}

fn one(format: &str, obj: &Value) -> String {
    let rp = printer(format, |_| {});
    let mut out = Vec::new();
    rp.print_one(&mut out, obj).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn table() {
    insta::assert_snapshot!(list("table"), @r"
    NAME    DISPLAY NAME    USERNAME   EMAIL               DISABLED   AGE
    alice   Alice Liddell   alice      alice@example.com   false      2d6h
    bob     <none>          <none>     <none>              true       3h4m
    ");
}

#[test]
fn table_no_headers_and_colour() {
    insta::assert_snapshot!(list_with("table", |o| o.no_headers = true), @r"
        alice   Alice Liddell   alice    alice@example.com   false   2d6h
        bob     <none>          <none>   <none>              true    3h4m
    ");
    let coloured = list_with("table", |o| o.color = true);
    assert!(coloured.starts_with("\x1b[1mNAME "), "{coloured:?}");
    assert!(!list("table").contains('\x1b'));
}

#[test]
fn wide() {
    insta::assert_snapshot!(list("wide"), @r"
        NAME    DISPLAY NAME    USERNAME   EMAIL               DISABLED   AGE    SUBJECT   GROUPS       CLUSTER ROLES                TEAMS
        alice   Alice Liddell   alice      alice@example.com   false      2d6h   alice     admins,dev   loft-management-admin,view   platform,sre
        bob     <none>          <none>     <none>              true       3h4m   <none>    <none>       <none>                       <none>
    ");
}

#[test]
fn name() {
    insta::assert_snapshot!(list("name"), @r"
    user.management.loft.sh/alice
    user.management.loft.sh/bob
    ");
}

#[test]
fn json_list() {
    insta::assert_snapshot!(list("json"), @r#"
        {
            "apiVersion": "v1",
            "items": [
                {
                    "apiVersion": "management.loft.sh/v1",
                    "kind": "User",
                    "metadata": {
                        "creationTimestamp": "2025-01-01T00:00:00Z",
                        "labels": {
                            "team": "platform"
                        },
                        "name": "alice",
                        "resourceVersion": "42",
                        "uid": "6f1c"
                    },
                    "spec": {
                        "clusterRoles": [
                            {
                                "name": "loft-management-admin"
                            },
                            {
                                "name": "view"
                            }
                        ],
                        "description": "Runs the platform team. Likes \u003ctables\u003e \u0026 long descriptions that go past eighty columns.",
                        "disabled": false,
                        "displayName": "Alice Liddell",
                        "email": "alice@example.com",
                        "groups": [
                            "admins",
                            "dev"
                        ],
                        "subject": "alice",
                        "username": "alice"
                    },
                    "status": {
                        "teams": [
                            "platform",
                            "sre"
                        ]
                    }
                },
                {
                    "apiVersion": "management.loft.sh/v1",
                    "kind": "User",
                    "metadata": {
                        "creationTimestamp": "2025-01-03T03:04:00Z",
                        "name": "bob"
                    },
                    "spec": {
                        "disabled": true
                    }
                }
            ],
            "kind": "List",
            "metadata": {
                "resourceVersion": ""
            }
        }
    "#);
}

#[test]
fn yaml_list() {
    insta::assert_snapshot!(list("yaml"), @r#"
        apiVersion: v1
        items:
        - apiVersion: management.loft.sh/v1
          kind: User
          metadata:
            creationTimestamp: "2025-01-01T00:00:00Z"
            labels:
              team: platform
            name: alice
            resourceVersion: "42"
            uid: 6f1c
          spec:
            clusterRoles:
            - name: loft-management-admin
            - name: view
            description: Runs the platform team. Likes <tables> & long descriptions that go
              past eighty columns.
            disabled: false
            displayName: Alice Liddell
            email: alice@example.com
            groups:
            - admins
            - dev
            subject: alice
            username: alice
          status:
            teams:
            - platform
            - sre
        - apiVersion: management.loft.sh/v1
          kind: User
          metadata:
            creationTimestamp: "2025-01-03T03:04:00Z"
            name: bob
          spec:
            disabled: true
        kind: List
        metadata:
          resourceVersion: ""
    "#);
}

#[test]
fn json_and_yaml_one_object_minimal() {
    let bob = &users()[1];
    insta::assert_snapshot!(one("json", bob), @r#"
        {
            "apiVersion": "management.loft.sh/v1",
            "kind": "User",
            "metadata": {
                "creationTimestamp": "2025-01-03T03:04:00Z",
                "name": "bob"
            },
            "spec": {
                "disabled": true
            }
        }
    "#);
    insta::assert_snapshot!(one("yaml", bob), @r#"
        apiVersion: management.loft.sh/v1
        kind: User
        metadata:
          creationTimestamp: "2025-01-03T03:04:00Z"
          name: bob
        spec:
          disabled: true
    "#);
}

#[test]
fn managed_fields_shown_on_request() {
    let with = list_with("json", |o| o.show_managed_fields = true);
    assert!(with.contains("\"managedFields\""));
    assert!(!list("json").contains("managedFields"));
    assert!(!list("yaml").contains("managedFields"));
    assert!(!list("jsonpath={.items[0].metadata}").contains("managedFields"));
}

#[test]
fn jsonpath_range_over_list() {
    insta::assert_snapshot!(
        list(r#"jsonpath={range .items[*]}{.metadata.name}{"\t"}{.spec.email}{"\t"}{.spec.disabled}{"\n"}{end}"#),
        @r"
        alice	alice@example.com	false
        bob		true
    "
    );
    insta::assert_snapshot!(list("jsonpath={.items[*].metadata.name}"), @r"alice bob");
    insta::assert_snapshot!(
        list("jsonpath='{.items[?(@.spec.disabled==true)].metadata.name}'"),
        @r"bob"
    );
    insta::assert_snapshot!(
        list(r#"jsonpath=users:{range .items[*]} {.metadata.name}[{range .spec.groups[*]}<{@}>{end}]{end}{"\n"}"#),
        @r"users: alice[<admins><dev>] bob[]"
    );
}

#[test]
fn jsonpath_one_object() {
    let alice = &users()[0];
    insta::assert_snapshot!(one("jsonpath={.spec.clusterRoles[*].name}", alice), @r"loft-management-admin view");
    insta::assert_snapshot!(one("jsonpath={.status}", alice), @r#"{"teams":["platform","sre"]}"#);
    insta::assert_snapshot!(one("jsonpath={.spec.nothing}", alice), @"");
}

#[test]
fn streaming_pages_print_the_same_as_one_list() {
    for format in [
        "json",
        "yaml",
        "name",
        "table",
        "wide",
        "jsonpath={range .items[*]}{.metadata.name}{\"\\n\"}{end}",
        "jsonpath={.items[*].metadata.name}",
    ] {
        let rp = printer(format, |_| {});
        let mut out = Vec::new();
        let mut lp = rp.begin_list(&mut out).unwrap();
        let u = users();
        lp.push(&u[..1]).unwrap();
        lp.push(&[]).unwrap();
        lp.push(&u[1..]).unwrap();
        assert_eq!(lp.finish().unwrap(), 2);
        if format.starts_with("table") || format == "wide" {
            // Pages align on their own, widths only growing: same columns here.
            assert!(String::from_utf8_lossy(&out).starts_with("NAME "));
        } else {
            assert_eq!(String::from_utf8(out).unwrap(), list(format), "{format}");
        }
    }
}

#[test]
fn empty_list() {
    let rp = printer("json", |_| {});
    let mut out = Vec::new();
    assert_eq!(rp.print_list(&mut out, &[]).unwrap(), 0);
    insta::assert_snapshot!(String::from_utf8(out).unwrap(), @r#"
        {
            "apiVersion": "v1",
            "items": [],
            "kind": "List",
            "metadata": {
                "resourceVersion": ""
            }
        }
    "#);
    let rp = printer("yaml", |_| {});
    let mut out = Vec::new();
    rp.print_list(&mut out, &[]).unwrap();
    insta::assert_snapshot!(String::from_utf8(out).unwrap(), @r#"
        apiVersion: v1
        items: []
        kind: List
        metadata:
          resourceVersion: ""
    "#);
    for format in [
        "table",
        "wide",
        "name",
        "jsonpath={range .items[*]}{.metadata.name}{end}",
    ] {
        let rp = printer(format, |_| {});
        let mut out = Vec::new();
        assert_eq!(rp.print_list(&mut out, &[]).unwrap(), 0);
        assert!(out.is_empty(), "{format}");
        assert_eq!(
            rp.format().is_human(),
            format == "table" || format == "wide"
        );
    }
}

#[test]
fn bad_formats_and_templates_are_usage_errors_naming_the_problem() {
    let err = |s: &str| s.parse::<OutputFormat>().unwrap_err();
    insta::assert_snapshot!(err("jsonpath={.items[0"), @r"error parsing jsonpath {.items[0: unterminated array");
    insta::assert_snapshot!(err("jsonpath={.a}{end}"), @r"error parsing jsonpath {.a}{end}: not in range, nothing to end");
    insta::assert_snapshot!(err("jsonpath={foo}"), @r"error parsing jsonpath {foo}: unrecognized identifier foo");
    insta::assert_snapshot!(err("jsonpath="), @r"template format specified but no template given");
    insta::assert_snapshot!(err("xml"), @r#"unknown output format "xml": expected table, wide, yaml, json, name or jsonpath=TEMPLATE"#);
    assert_eq!(
        "jsonpath='{.a}'".parse::<OutputFormat>().unwrap(),
        "jsonpath={.a}".parse::<OutputFormat>().unwrap()
    );
}

#[test]
fn jsonpath_missing_keys_can_be_errors() {
    let rp = printer("jsonpath={.spec.nothing}", |o| o.allow_missing_keys = false);
    let mut out = Vec::new();
    let e = rp.print_one(&mut out, &users()[0]).unwrap_err();
    insta::assert_snapshot!(e.message(), @r#"error executing jsonpath "{.spec.nothing}": nothing is not found"#);
    assert!(out.is_empty());
}

/// 10,000 users through the streaming printer, in pages of 500: the output is one valid
/// List with every item (run with `--nocapture` to see the time taken).
#[test]
fn ten_thousand_users_stream_as_one_valid_list() {
    let template = users()[0].clone();
    let page: Vec<Value> = (0..500)
        .map(|i| {
            let mut u = template.clone();
            u["metadata"]["name"] = format!("user-{i:05}").into();
            u
        })
        .collect();
    for format in [
        "json",
        "yaml",
        "name",
        "table",
        "jsonpath={range .items[*]}{.metadata.name}{\"\\n\"}{end}",
    ] {
        let rp = printer(format, |_| {});
        let mut out = Vec::with_capacity(16 << 20);
        let start = std::time::Instant::now();
        let mut lp = rp.begin_list(&mut out).unwrap();
        for _ in 0..20 {
            lp.push(&page).unwrap();
        }
        assert_eq!(lp.finish().unwrap(), 10_000);
        eprintln!(
            "{format}: 10000 users, {} bytes in {:?}",
            out.len(),
            start.elapsed()
        );
        if format == "json" {
            let v: Value = serde_json::from_slice(&out).unwrap();
            assert_eq!(v["items"].as_array().unwrap().len(), 10_000);
            assert_eq!(v["kind"], "List");
        }
    }
}
