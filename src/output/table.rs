//! kubectl-style tables. Users get NAME, DISPLAY NAME, USERNAME, EMAIL, DISABLED, AGE
//! (`wide` adds SUBJECT, GROUPS, CLUSTER ROLES, TEAMS); OwnedAccessKeys get NAME,
//! DISPLAY NAME, USER, TYPE, SCOPE, EXPIRES, LAST ACTIVITY, AGE; any other kind gets
//! NAME, AGE.
//!
//! Layout is kubectl's `tabwriter` (min width 6, padding 3, `RememberWidths`): every
//! column but the last is padded to its widest cell plus 3 spaces (at least 6), the last
//! is not padded, empty values print `<none>`. A list is aligned page by page with
//! widths that only grow, as kubectl does with chunked lists. AGE is apimachinery's
//! `HumanDuration` of now − `metadata.creationTimestamp`.

use std::io::Write;

use serde_json::Value;

use super::{OutputFormat, PrintOptions};
use crate::error::Result;

/// Every field a table cell reads (see `cell`, `expires`, `scope_summary`): a list
/// printed as a table reads these of each item and nothing else (`Node::project`).
pub(crate) const READS: &[&str] = &[
    "apiVersion",
    "kind",
    "metadata.name",
    "metadata.creationTimestamp",
    "spec.displayName",
    "spec.username",
    "spec.email",
    "spec.disabled",
    "spec.subject",
    "spec.groups",
    "spec.clusterRoles",
    "spec.user",
    "spec.team",
    "spec.type",
    "spec.scope",
    "spec.ttl",
    "spec.ttlAfterLastActivity",
    "status.teams",
    "status.lastActivity",
];

const MIN_WIDTH: usize = 6;
const PADDING: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Column {
    Name,
    DisplayName,
    Username,
    Email,
    Disabled,
    Age,
    Subject,
    Groups,
    ClusterRoles,
    Teams,
    KeyUser,
    KeyType,
    KeyScope,
    KeyExpires,
    KeyLastActivity,
}

impl Column {
    fn header(self) -> &'static str {
        match self {
            Column::Name => "NAME",
            Column::DisplayName => "DISPLAY NAME",
            Column::Username => "USERNAME",
            Column::Email => "EMAIL",
            Column::Disabled => "DISABLED",
            Column::Age => "AGE",
            Column::Subject => "SUBJECT",
            Column::Groups => "GROUPS",
            Column::ClusterRoles => "CLUSTER ROLES",
            Column::Teams => "TEAMS",
            Column::KeyUser => "USER",
            Column::KeyType => "TYPE",
            Column::KeyScope => "SCOPE",
            Column::KeyExpires => "EXPIRES",
            Column::KeyLastActivity => "LAST ACTIVITY",
        }
    }
}

/// Prints rows page by page; column widths only grow (kubectl's tabwriter with
/// `RememberWidths`), the header comes with the first page.
#[derive(Debug)]
pub struct TablePrinter {
    columns: Vec<Column>,
    widths: Vec<usize>,
    header_done: bool,
    no_headers: bool,
    color: bool,
    now: jiff::Timestamp,
}

impl TablePrinter {
    /// A table for objects like `first` (its `kind` picks the columns).
    pub fn new(format: &OutputFormat, opts: &PrintOptions, first: &Value) -> Self {
        use Column::*;
        let user = first["kind"].as_str() == Some("User");
        let access_key = first["kind"].as_str() == Some("OwnedAccessKey");
        let columns = match (user, format == &OutputFormat::Wide) {
            _ if access_key => vec![
                Name,
                DisplayName,
                KeyUser,
                KeyType,
                KeyScope,
                KeyExpires,
                KeyLastActivity,
                Age,
            ],
            (true, false) => vec![Name, DisplayName, Username, Email, Disabled, Age],
            (true, true) => vec![
                Name,
                DisplayName,
                Username,
                Email,
                Disabled,
                Age,
                Subject,
                Groups,
                ClusterRoles,
                Teams,
            ],
            (false, _) => vec![Name, Age],
        };
        TablePrinter {
            widths: vec![0; columns.len()],
            columns,
            header_done: false,
            no_headers: opts.no_headers,
            color: opts.color,
            now: opts.now,
        }
    }

    /// Print one page of rows.
    pub fn push(&mut self, out: &mut dyn Write, items: &[Value]) -> Result<()> {
        let mut rows: Vec<Vec<String>> = Vec::with_capacity(items.len() + 1);
        let header = !self.header_done && !self.no_headers;
        if header {
            rows.push(
                self.columns
                    .iter()
                    .map(|c| c.header().to_string())
                    .collect(),
            );
        }
        self.header_done = true;
        for item in items {
            rows.push(self.columns.iter().map(|c| self.cell(*c, item)).collect());
        }
        for row in &rows {
            for (w, cell) in self.widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let last = self.columns.len() - 1;
        let mut buf = String::with_capacity(rows.len() * 80);
        for (r, row) in rows.iter().enumerate() {
            let bold = header && r == 0 && self.color;
            if bold {
                buf.push_str("\x1b[1m");
            }
            for (i, cell) in row.iter().enumerate() {
                buf.push_str(cell);
                if i < last {
                    let width = (self.widths[i] + PADDING).max(MIN_WIDTH);
                    for _ in cell.chars().count()..width {
                        buf.push(' ');
                    }
                }
            }
            if bold {
                buf.push_str("\x1b[0m");
            }
            buf.push('\n');
        }
        out.write_all(buf.as_bytes())?;
        Ok(())
    }

    fn cell(&self, column: Column, item: &Value) -> String {
        let spec = &item["spec"];
        let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
        let join = |v: &Value, field: Option<&str>| {
            v.as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| match field {
                            Some(f) => x[f].as_str(),
                            None => x.as_str(),
                        })
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .unwrap_or_default()
        };
        let s = match column {
            Column::Name => text(&item["metadata"]["name"]),
            Column::DisplayName => text(&spec["displayName"]),
            Column::Username => text(&spec["username"]),
            Column::Email => text(&spec["email"]),
            Column::Disabled => spec["disabled"].as_bool().unwrap_or(false).to_string(),
            Column::Age => age(&item["metadata"]["creationTimestamp"], self.now),
            Column::Subject => text(&spec["subject"]),
            Column::Groups => join(&spec["groups"], None),
            Column::ClusterRoles => join(&spec["clusterRoles"], Some("name")),
            Column::Teams => join(&item["status"]["teams"], None),
            Column::KeyUser => match (text(&spec["user"]), text(&spec["team"])) {
                (u, _) if !u.is_empty() => u,
                (_, t) if !t.is_empty() => format!("team/{t}"),
                _ => text(&spec["subject"]),
            },
            Column::KeyType => text(&spec["type"]),
            Column::KeyScope => scope_summary(&spec["scope"]),
            Column::KeyExpires => expires(item, self.now),
            Column::KeyLastActivity => match item["status"]["lastActivity"].as_str() {
                Some(_) => format!("{} ago", age(&item["status"]["lastActivity"], self.now)),
                None => String::new(),
            },
        };
        if s.is_empty() {
            "<none>".to_string()
        } else {
            // Server text: a newline must not start a row, nor an escape sequence reach
            // the terminal.
            crate::escape::escape_line(&s).into_owned()
        }
    }
}

/// The SCOPE of an access key in one cell: `project:p1,space:p1/s1,role:vcluster`;
/// empty (printed `<none>`) for an unscoped key.
pub fn scope_summary(scope: &Value) -> String {
    let mut parts = Vec::new();
    let pair = |item: &Value, a: &str, b: &str| {
        format!(
            "{}/{}",
            item[a].as_str().unwrap_or_default(),
            item[b].as_str().unwrap_or_default()
        )
    };
    for (field, label) in [
        ("projects", "project"),
        ("spaces", "space"),
        ("virtualClusters", "virtual-cluster"),
        ("clusters", "cluster"),
        ("roles", "role"),
    ] {
        for item in scope[field].as_array().into_iter().flatten() {
            let value = match field {
                "projects" => item["project"].as_str().unwrap_or_default().to_string(),
                "spaces" => pair(item, "project", "space"),
                "virtualClusters" => pair(item, "project", "virtualCluster"),
                "clusters" => item["cluster"].as_str().unwrap_or_default().to_string(),
                _ => item["role"].as_str().unwrap_or_default().to_string(),
            };
            parts.push(format!("{label}:{value}"));
        }
    }
    if scope["allowLoftCli"].as_bool() == Some(true) {
        parts.push("allowLoftCli".to_string());
    }
    if scope["rules"].as_array().is_some_and(|r| !r.is_empty()) {
        parts.push("rules".to_string());
    }
    parts.join(",")
}

/// When an access key expires: `never` without a ttl, `in 59m`, or `expired 3m ago`.
/// The ttl counts from the creation (or, with `ttlAfterLastActivity`, from the last
/// activity when there is one).
pub fn expires(item: &Value, now: jiff::Timestamp) -> String {
    let spec = &item["spec"];
    let Some(ttl) = spec["ttl"].as_i64().filter(|t| *t > 0) else {
        return "never".to_string();
    };
    let from = if spec["ttlAfterLastActivity"].as_bool() == Some(true)
        && item["status"]["lastActivity"].is_string()
    {
        &item["status"]["lastActivity"]
    } else {
        &item["metadata"]["creationTimestamp"]
    };
    let Some(start) = from
        .as_str()
        .and_then(|s| s.parse::<jiff::Timestamp>().ok())
    else {
        return "<unknown>".to_string();
    };
    let left = start.as_second().saturating_add(ttl) - now.as_second();
    if left > 0 {
        format!("in {}", human_duration(left, 0))
    } else {
        format!("expired {} ago", human_duration(-left, 0))
    }
}

/// The AGE of an object: `<unknown>` without a (valid) creation timestamp.
pub fn age(created: &Value, now: jiff::Timestamp) -> String {
    match created
        .as_str()
        .and_then(|s| s.parse::<jiff::Timestamp>().ok())
    {
        Some(t) => {
            let d = now.as_duration() - t.as_duration();
            human_duration(d.as_secs(), d.subsec_nanos())
        }
        None => "<unknown>".to_string(),
    }
}

/// k8s.io/apimachinery `duration.HumanDuration`, for a duration of `secs` seconds (and
/// `nanos`, the sub-second part, which only matters for its sign).
pub fn human_duration(secs: i64, nanos: i32) -> String {
    // Go: `int(d.Seconds())` truncates toward zero.
    let seconds = if secs < 0 && nanos > 0 {
        secs + 1
    } else {
        secs
    };
    if seconds < -1 {
        return "<invalid>".into();
    } else if seconds < 0 {
        return "0s".into();
    } else if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        return if s == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{s}s")
        };
    } else if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = seconds / 3600;
    if hours < 8 {
        let m = minutes % 60;
        if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        }
    } else if hours < 48 {
        format!("{hours}h")
    } else if hours < 24 * 8 {
        let h = hours % 24;
        if h == 0 {
            format!("{}d", hours / 24)
        } else {
            format!("{}d{h}h", hours / 24)
        }
    } else if hours < 24 * 365 * 2 {
        format!("{}d", hours / 24)
    } else if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        if dy == 0 {
            format!("{}y", hours / 24 / 365)
        } else {
            format!("{}y{dy}d", hours / 24 / 365)
        }
    } else {
        format!("{}y", hours / 24 / 365)
    }
}

#[cfg(test)]
mod tests {
    use super::human_duration as h;

    /// A table printed from `Node::project(READS)` is the table of the whole object: every
    /// field a cell reads is in READS (users and access keys, table and wide).
    #[test]
    fn the_fields_a_table_reads_are_all_in_reads() {
        use super::super::tree::Node;
        use super::super::{OutputFormat, PrintOptions};
        use serde_json::json;
        let user = json!({"apiVersion": "management.loft.sh/v1", "kind": "User",
            "metadata": {"name": "a", "creationTimestamp": "2026-01-01T00:00:00Z", "uid": "u",
                         "labels": {"x": "y"}, "managedFields": [{"manager": "m"}]},
            "spec": {"displayName": "A", "username": "au", "email": "a@x", "disabled": true,
                     "subject": "s", "groups": ["g1", "g2"], "clusterRoles": [{"name": "r"}],
                     "access": [{"verbs": ["get"]}]},
            "status": {"teams": ["t"]}});
        let key = json!({"apiVersion": "management.loft.sh/v1", "kind": "OwnedAccessKey",
            "metadata": {"name": "k", "creationTimestamp": "2026-01-01T00:00:00Z"},
            "spec": {"user": "", "team": "t1", "type": "User", "ttl": 600,
                     "ttlAfterLastActivity": true, "displayName": "K",
                     "scope": {"projects": [{"project": "p"}], "allowLoftCli": true}},
            "status": {"lastActivity": "2026-01-01T00:30:00Z"}});
        let opts = PrintOptions {
            now: "2026-01-01T01:00:00Z".parse().unwrap(),
            ..PrintOptions::default()
        };
        for item in [user, key] {
            let text = item.to_string();
            let node: Node = serde_json::from_str(&text).unwrap();
            let projected = node.project(super::READS);
            for format in [OutputFormat::Table, OutputFormat::Wide] {
                let print = |v: &serde_json::Value| {
                    let mut out = Vec::new();
                    let mut t = super::TablePrinter::new(&format, &opts, v);
                    t.push(&mut out, std::slice::from_ref(v)).unwrap();
                    String::from_utf8(out).unwrap()
                };
                let whole = print(&item);
                assert!(!whole.contains("<none>   <none>"), "{whole}");
                assert_eq!(print(&projected), whole);
            }
        }
    }

    #[test]
    fn access_key_cells() {
        use serde_json::json;
        let now: jiff::Timestamp = "2026-01-01T01:00:00Z".parse().unwrap();
        let key = |spec: serde_json::Value, status: serde_json::Value| json!({"metadata": {"creationTimestamp": "2026-01-01T00:00:00Z"}, "spec": spec, "status": status});
        assert_eq!(super::expires(&key(json!({}), json!({})), now), "never");
        assert_eq!(
            super::expires(&key(json!({"ttl": 7200}), json!({})), now),
            "in 60m"
        );
        assert_eq!(
            super::expires(&key(json!({"ttl": 600}), json!({})), now),
            "expired 50m ago"
        );
        assert_eq!(
            super::expires(
                &key(
                    json!({"ttl": 600, "ttlAfterLastActivity": true}),
                    json!({"lastActivity": "2026-01-01T00:59:00Z"})
                ),
                now
            ),
            "in 9m"
        );
        assert_eq!(
            super::scope_summary(&json!({
                "projects": [{"project": "p1"}],
                "spaces": [{"project": "p1", "space": "*"}],
                "virtualClusters": [{"project": "p1", "virtualCluster": "vc1"}],
                "roles": [{"role": "vcluster"}],
            })),
            "project:p1,space:p1/*,virtual-cluster:p1/vc1,role:vcluster"
        );
        assert_eq!(super::scope_summary(&json!(null)), "");
    }

    #[test]
    fn human_duration_matches_apimachinery() {
        let cases: &[(i64, &str)] = &[
            (-5, "<invalid>"),
            (-1, "0s"),
            (0, "0s"),
            (45, "45s"),
            (119, "119s"),
            (120, "2m"),
            (125, "2m5s"),
            (599, "9m59s"),
            (600, "10m"),
            (3 * 3600 - 1, "179m"),
            (3 * 3600, "3h"),
            (3 * 3600 + 4 * 60, "3h4m"),
            (8 * 3600, "8h"),
            (47 * 3600 + 59 * 60, "47h"),
            (48 * 3600, "2d"),
            (5 * 86400 + 3 * 3600, "5d3h"),
            (8 * 86400, "8d"),
            (729 * 86400, "729d"),
            (730 * 86400, "2y"),
            (731 * 86400, "2y1d"),
            (8 * 365 * 86400, "8y"),
            (20 * 365 * 86400, "20y"),
        ];
        for (secs, want) in cases {
            assert_eq!(h(*secs, 0), *want, "{secs}s");
        }
    }
}
