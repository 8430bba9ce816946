//! `loftctl user get` / `user list` against a real dev-server (and real kubectl).

use crate::common;
use crate::user_support;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use common::dead_url;
use common::{DevServer, READONLY_KEY, run};
use serde_json::{Value, json};
use user_support::{seed, user, without_managed_fields};

fn three_users(server: &DevServer) {
    seed(
        server,
        vec![
            user(
                "alice",
                json!({"displayName": "Alice Smith", "username": "alice", "email": "alice@example.com",
                       "subject": "alice-sub", "groups": ["admins", "dev"],
                       "clusterRoles": [{"name": "loft-management-admin"}]}),
            ),
            user("bob", json!({"email": "bob@example.com", "disabled": true})),
            {
                let mut u = user("carol", json!({"username": "carol", "groups": ["dev"]}));
                u["metadata"]["labels"] = json!({"team": "platform"});
                u
            },
        ],
    );
}

/// Split a table into cells (columns are 3+ spaces apart) and check that every row's
/// columns start where the header's do; AGE must look like kubectl's and becomes `<age>`.
fn cells(table: &str) -> String {
    let mut lines = table.lines();
    let header = lines.next().unwrap();
    let starts = |line: &str| -> Vec<usize> {
        let b = line.as_bytes();
        (0..b.len())
            .filter(|&i| b[i] != b' ' && (i == 0 || (i >= 3 && &b[i - 3..i] == b"   ")))
            .collect()
    };
    let header_starts = starts(header);
    let age_col = header
        .split("   ")
        .filter(|c| !c.is_empty())
        .position(|c| c.trim() == "AGE")
        .unwrap();
    let mut out = Vec::new();
    for line in table.lines() {
        assert_eq!(
            starts(line),
            header_starts,
            "misaligned row {line:?} in\n{table}"
        );
        let mut row: Vec<String> = line
            .split("   ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect();
        if line != header {
            let age = &row[age_col];
            assert!(
                age.ends_with('s') && age[..age.len() - 1].chars().all(|c| c.is_ascii_digit()),
                "AGE {age:?} of a user created seconds ago"
            );
            row[age_col] = "<age>".into();
        }
        out.push(row.join(" | "));
    }
    out.join("\n")
}

#[test]
fn table_wide_and_jsonpath_outputs() {
    let server = DevServer::start();
    three_users(&server);

    let r = run(server.loftctl().args(["user", "get"]));
    assert_eq!(r.code, 0, "{r}");
    insta::assert_snapshot!(cells(&r.stdout), @r#"
NAME | DISPLAY NAME | USERNAME | EMAIL | DISABLED | AGE
admin | Admin | admin | <none> | false | <age>
alice | Alice Smith | alice | alice@example.com | false | <age>
bob | <none> | <none> | bob@example.com | true | <age>
carol | <none> | carol | <none> | false | <age>
viewer | Viewer | viewer | <none> | false | <age>
"#);

    let r = run(server.loftctl().args(["user", "list", "-o", "wide"]));
    assert_eq!(r.code, 0, "{r}");
    insta::assert_snapshot!(cells(&r.stdout), @r#"
NAME | DISPLAY NAME | USERNAME | EMAIL | DISABLED | AGE | SUBJECT | GROUPS | CLUSTER ROLES | TEAMS
admin | Admin | admin | <none> | false | <age> | admin | <none> | loft-management-admin | <none>
alice | Alice Smith | alice | alice@example.com | false | <age> | alice-sub | admins,dev | loft-management-admin | <none>
bob | <none> | <none> | bob@example.com | true | <age> | <none> | <none> | <none> | <none>
carol | <none> | carol | <none> | false | <age> | <none> | dev | <none> | <none>
viewer | Viewer | viewer | <none> | false | <age> | viewer | <none> | <none> | <none>
"#);

    let r = run(server.loftctl().args(["user", "ls", "--no-headers"]));
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stdout.lines().count(), 5, "{r}");
    assert!(r.stdout.starts_with("admin "), "{r}");

    let r = run(server.loftctl().args([
        "user",
        "get",
        "-o",
        r#"jsonpath={range .items[*]}{.metadata.name}{"\t"}{.spec.email}{"\t"}{.spec.groups}{"\n"}{end}"#,
    ]));
    assert_eq!(r.code, 0, "{r}");
    insta::assert_snapshot!(r.stdout, @r#"
admin		
alice	alice@example.com	["admins","dev"]
bob	bob@example.com	
carol		["dev"]
viewer		
"#);

    let r =
        run(server
            .loftctl()
            .args(["user", "get", "alice", "-o", "jsonpath={.spec.displayName}"]));
    assert_eq!((r.code, r.stdout.as_str()), (0, "Alice Smith"), "{r}");

    let r = run(server.loftctl().args(["user", "get", "-o", "name"]));
    assert_eq!(
        r.stdout,
        "user.management.loft.sh/admin\nuser.management.loft.sh/alice\nuser.management.loft.sh/bob\nuser.management.loft.sh/carol\nuser.management.loft.sh/viewer\n"
    );
}

#[test]
fn json_and_yaml_match_kubectl() {
    let server = DevServer::start();
    three_users(&server);
    let r = run(server.loftctl().args(["user", "get", "-o", "json"]));
    assert_eq!(r.code, 0, "{r}");
    let ours: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(ours["kind"], "List");
    // alice, bob, carol and the built-in admin and viewer.
    assert_eq!(ours["items"].as_array().unwrap().len(), 5);
    for item in ours["items"].as_array().unwrap() {
        assert_eq!(item["kind"], "User");
        assert!(item["metadata"].get("managedFields").is_none(), "{item}");
    }

    let r = run(server.loftctl().args(["user", "get", "-o", "yaml"]));
    assert_eq!(r.code, 0, "{r}");
    let yaml: Value = serde_saphyr::from_str(&r.stdout).unwrap();
    assert_eq!(yaml, ours, "yaml and json say the same");

    let r = run(server.loftctl().args(["user", "get", "bob", "-o", "json"]));
    let bob: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(bob["kind"], "User", "one name prints the object itself");
    assert_eq!(bob["spec"]["disabled"], true);

    let Some(mut kubectl) = server.kubectl() else {
        eprintln!("kubectl not installed: cross-check skipped");
        return;
    };
    let k = run(kubectl.args(["get", "users.management.loft.sh", "-o", "json"]));
    assert_eq!(k.code, 0, "{k}");
    let theirs: Value = serde_json::from_str(&k.stdout).unwrap();
    let strip = |list: &Value| -> Vec<Value> {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .cloned()
            .map(without_managed_fields)
            .collect()
    };
    assert_eq!(strip(&ours), strip(&theirs));
    assert_eq!(ours["kind"], theirs["kind"]);
    assert_eq!(ours["apiVersion"], theirs["apiVersion"]);

    let k = run(server.kubectl().unwrap().args([
        "get",
        "users.management.loft.sh",
        "bob",
        "-o",
        "json",
    ]));
    let kbob: Value = serde_json::from_str(&k.stdout).unwrap();
    assert_eq!(bob, without_managed_fields(kbob));
}

/// `-o json` and `-o name` of a list print from borrowed trees (`output::tree`), not
/// from `Value`s: byte for byte what kubectl prints, over several pages, with strings
/// that need escaping (quotes, `<>&`, a newline, U+2028, non-ASCII) and a number.
#[test]
fn list_json_and_name_are_kubectls_bytes_over_pages() {
    let server = DevServer::start();
    three_users(&server);
    let mut odd = user(
        "dora",
        json!({"displayName": "D \"<o>\" & r\na\u{2028} é 🦀", "tokenGeneration": 7}),
    );
    odd["metadata"]["annotations"] = json!({"example.com/note": "tab\there \\ back"});
    seed(&server, vec![odd]);
    let Some(mut kubectl) = server.kubectl() else {
        eprintln!("kubectl not installed: cross-check skipped");
        return;
    };
    for format in ["json", "name"] {
        let ours = run(server
            .loftctl()
            .args(["user", "get", "-o", format, "--chunk-size", "2"]));
        assert_eq!(ours.code, 0, "{ours}");
        let theirs = run(kubectl.args(["get", "users.management.loft.sh", "-o", format]));
        assert_eq!(theirs.code, 0, "{theirs}");
        assert_eq!(ours.stdout, theirs.stdout, "-o {format}");
        kubectl = server.kubectl().unwrap();
    }
    let ours = run(server.loftctl().args(["user", "get", "-o", "json"]));
    assert!(
        ours.stdout
            .contains(r#""displayName": "D \"\u003co\u003e\" \u0026 r\na\u2028 é 🦀""#),
        "{}",
        ours.stdout
    );
}

#[test]
fn names_selectors_and_missing_users() {
    let server = DevServer::start();
    three_users(&server);

    let r = run(server
        .loftctl()
        .args(["user", "get", "alice", "nobody", "bob", "-o", "name"]));
    assert_eq!(r.code, 4, "{r}");
    assert_eq!(
        r.stdout,
        "user.management.loft.sh/alice\nuser.management.loft.sh/bob\n"
    );
    assert!(
        r.stderr.contains(
            r#"Error from server (NotFound): users.management.loft.sh "nobody" not found"#
        ),
        "{r}"
    );

    let r = run(server
        .loftctl()
        .args(["user", "get", "-l", "team=platform", "-o", "name"]));
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "user.management.loft.sh/carol\n"),
        "{r}"
    );

    let r = run(server.loftctl().args(["user", "get", "-l", "team=nope"]));
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("No resources found"), "{r}");

    let r = run(server
        .loftctl()
        .args(["user", "get", "alice", "-l", "team=platform"]));
    assert_eq!(r.code, 2, "{r}");

    let r = run(server.loftctl().args(["user", "get", "-o", "bogus"]));
    assert_eq!(r.code, 2, "{r}");
}

#[test]
fn empty_list_prints_nothing_on_stdout() {
    // Every server has its built-in users: a selector that matches none makes it empty.
    let server = DevServer::start();
    let r = run(server.loftctl().args(["user", "list", "-l", "team=none"]));
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{r}");
    assert!(r.stderr.contains("No resources found"), "{r}");
    let r = run(server
        .loftctl()
        .args(["user", "list", "-l", "team=none", "-o", "json"]));
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["items"], json!([]), "an empty List, as kubectl prints it");
}

#[test]
fn pages_are_fetched_with_limit_and_continue() {
    let server = DevServer::start();
    let users: Vec<Value> = (0..7)
        .map(|i| user(&format!("u{i:02}"), json!({})))
        .collect();
    seed(&server, users);
    let r = run(server
        .loftctl()
        .args(["-v", "user", "list", "--chunk-size", "3", "-o", "name"]));
    assert_eq!(r.code, 0, "{r}");
    let names: Vec<&str> = r.stdout.lines().collect();
    // The built-in admin and viewer around the 7: 9 users, 3 pages of 3.
    let want: Vec<String> = std::iter::once("admin".to_string())
        .chain((0..7).map(|i| format!("u{i:02}")))
        .chain(std::iter::once("viewer".to_string()))
        .map(|n| format!("user.management.loft.sh/{n}"))
        .collect();
    assert_eq!(names, want);
    let list_requests = r.stderr.lines().filter(|l| l.contains("limit=3")).count();
    assert_eq!(list_requests, 3, "3 pages of 3:\n{}", r.stderr);
    assert_eq!(
        r.stderr.lines().filter(|l| l.contains("continue=")).count(),
        2,
        "{}",
        r.stderr
    );

    let r = run(server
        .loftctl()
        .args(["user", "list", "--chunk-size", "3", "-o", "json"]));
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["items"].as_array().unwrap().len(), 9);
}

#[test]
fn watch_prints_the_list_then_each_change() {
    let server = DevServer::start();
    seed(&server, vec![user("alice", json!({}))]);
    let mut child = server
        .loftctl()
        .args(["user", "get", "-w", "-o", "name"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    for name in ["admin", "alice", "viewer"] {
        assert_eq!(
            lines.next().unwrap().unwrap(),
            format!("user.management.loft.sh/{name}")
        );
    }
    seed(&server, vec![user("dave", json!({}))]);
    assert_eq!(
        lines.next().unwrap().unwrap(),
        "user.management.loft.sh/dave"
    );
    let r = run(server.loftctl().args([
        "user",
        "patch",
        "alice",
        "-p",
        r#"{"spec":{"email":"a@x.io"}}"#,
    ]));
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(
        lines.next().unwrap().unwrap(),
        "user.management.loft.sh/alice"
    );
    child.kill().unwrap();
    child.wait().unwrap();

    // json: one object per event, each parseable on its own.
    let mut child = server
        .loftctl()
        .args(["user", "get", "alice", "-w", "-o", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    while !first.ends_with("\n}\n") {
        assert!(reader.read_line(&mut first).unwrap() > 0, "{first}");
    }
    let v: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(v["spec"]["email"], "a@x.io");
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn exit_codes_for_auth_and_unreachable() {
    let server = DevServer::start();
    let r = run(server
        .loftctl()
        .args(["user", "get"])
        .env("LOFT_ACCESS_KEY", "wrong-key"));
    assert_eq!(r.code, 6, "{r}");
    assert!(
        !r.stderr.contains("wrong-key"),
        "the key is never printed: {r}"
    );
    let r = run(server
        .loftctl()
        .args(["user", "get"])
        .env("LOFT_URL", dead_url()));
    assert_eq!(r.code, 7, "{r}");
    // The read-only key can read.
    let r = run(server
        .loftctl()
        .args(["user", "get"])
        .env("LOFT_ACCESS_KEY", READONLY_KEY));
    assert_eq!(r.code, 0, "{r}");
}
