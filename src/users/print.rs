//! Streaming printers for `user get`: `begin`, then `push` a page of objects as it
//! arrives, then `finish`. A list is printed as kubectl prints it (`kind: List` for
//! yaml/json, one table with one header), without holding more than one page.
//!
//! This is the local stand-in for the shared output layer (`crate::output`); when that
//! module grows its own streaming `ResourcePrinter`, `user get` switches to it.

use std::io::Write;

use serde_json::Value;

use crate::error::{CliError, Result};
use crate::output::OutputFormat;
use crate::users::rest::SINGULAR;

/// How a stream of objects is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// A `kind: List` in yaml/json (several names, a list, a selector).
    List,
    /// Exactly one object (one name): printed as itself.
    Single,
    /// Watch: each object printed on its own (yaml documents separated by `---`).
    Each,
}

/// One printer for one command run.
pub struct StreamPrinter<'a> {
    out: &'a mut dyn Write,
    format: OutputFormat,
    framing: Framing,
    headers: bool,
    /// Objects printed so far.
    count: usize,
    /// The jsonpath template, parsed once.
    jsonpath: Option<crate::users::jsonpath::Template>,
    now: jiff::Timestamp,
    /// Table column widths so far: later pages keep the columns of the first one
    /// (and widen them when they must).
    widths: Vec<usize>,
}

const JSON_INDENT: &[u8] = b"    ";

impl<'a> StreamPrinter<'a> {
    pub fn new(
        out: &'a mut dyn Write,
        format: OutputFormat,
        framing: Framing,
        headers: bool,
    ) -> Result<Self> {
        let jsonpath = match &format {
            OutputFormat::JsonPath(t) => Some(crate::users::jsonpath::Template::parse(t)?),
            _ => None,
        };
        Ok(StreamPrinter {
            out,
            format,
            framing,
            headers,
            count: 0,
            jsonpath,
            now: jiff::Timestamp::now(),
            widths: Vec::new(),
        })
    }

    /// How many objects were printed.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Push what was printed so far to the reader (after each page).
    pub fn flush(&mut self) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }

    /// Fix "now" for the AGE column (tests).
    pub fn set_now(&mut self, now: jiff::Timestamp) {
        self.now = now;
    }

    /// Print one page of objects.
    pub fn push(&mut self, items: &[Value]) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        match self.format.clone() {
            OutputFormat::Table | OutputFormat::Wide => {
                let wide = self.format == OutputFormat::Wide;
                let rows: Vec<Vec<String>> = items.iter().map(|u| row(u, wide, self.now)).collect();
                let header = self.headers && self.count == 0;
                write_table(
                    self.out,
                    &rows,
                    header.then(|| headers(wide)),
                    &mut self.widths,
                )?;
            }
            OutputFormat::Name => {
                for item in items {
                    writeln!(self.out, "{SINGULAR}/{}", crate::users::rest::name_of(item))?;
                }
            }
            OutputFormat::Json => {
                for item in items {
                    self.push_json(item)?;
                    self.count += 1;
                }
                return Ok(());
            }
            OutputFormat::Yaml => {
                for item in items {
                    self.push_yaml(item)?;
                    self.count += 1;
                }
                return Ok(());
            }
            OutputFormat::JsonPath(_) => {
                if self.framing == Framing::List {
                    // A list template sees `.items`; collected in `finish` would hold the
                    // whole list, so render per page against a page-sized List — same text
                    // for `{range .items[*]}…{end}`, the common case.
                    let list = list_value(items.to_vec());
                    self.render_jsonpath(&list)?;
                } else {
                    for item in items {
                        self.render_jsonpath(item)?;
                    }
                }
            }
        }
        self.count += items.len();
        Ok(())
    }

    fn render_jsonpath(&mut self, value: &Value) -> Result<()> {
        if let Some(t) = &self.jsonpath {
            let text = t.render(value)?;
            self.out.write_all(text.as_bytes())?;
        }
        Ok(())
    }

    fn push_json(&mut self, item: &Value) -> Result<()> {
        match self.framing {
            Framing::List => {
                if self.count == 0 {
                    self.out
                        .write_all(b"{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n")?;
                } else {
                    self.out.write_all(b",\n")?;
                }
                let text = pretty_json(item)?;
                write_indented(self.out, &text, b"        ")?;
            }
            Framing::Single | Framing::Each => {
                self.out.write_all(&pretty_json(item)?)?;
                self.out.write_all(b"\n")?;
            }
        }
        Ok(())
    }

    fn push_yaml(&mut self, item: &Value) -> Result<()> {
        let text = yaml(item)?;
        match self.framing {
            Framing::List => {
                if self.count == 0 {
                    self.out.write_all(b"apiVersion: v1\nitems:\n")?;
                }
                for (i, line) in text.lines().enumerate() {
                    if i == 0 {
                        self.out.write_all(b"- ")?;
                    } else if !line.is_empty() {
                        self.out.write_all(b"  ")?;
                    }
                    self.out.write_all(line.as_bytes())?;
                    self.out.write_all(b"\n")?;
                }
            }
            Framing::Single | Framing::Each => {
                if self.count > 0 {
                    self.out.write_all(b"---\n")?;
                }
                self.out.write_all(text.as_bytes())?;
            }
        }
        Ok(())
    }

    /// Close the list. Returns how many objects were printed.
    pub fn finish(&mut self) -> Result<usize> {
        if self.framing == Framing::List {
            match self.format {
                OutputFormat::Json => {
                    if self.count == 0 {
                        self.out
                            .write_all(b"{\n    \"apiVersion\": \"v1\",\n    \"items\": [],\n")?;
                    } else {
                        self.out.write_all(b"\n    ],\n")?;
                    }
                    self.out.write_all(
                        b"    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n",
                    )?;
                }
                OutputFormat::Yaml => {
                    if self.count == 0 {
                        self.out.write_all(b"apiVersion: v1\nitems: []\n")?;
                    }
                    self.out
                        .write_all(b"kind: List\nmetadata:\n  resourceVersion: \"\"\n")?;
                }
                _ => {}
            }
        }
        self.out.flush()?;
        Ok(self.count)
    }
}

/// An in-memory `kind: List` of these items.
pub fn list_value(items: Vec<Value>) -> Value {
    serde_json::json!({
        "apiVersion": "v1",
        "items": items,
        "kind": "List",
        "metadata": {"resourceVersion": ""},
    })
}

fn pretty_json(value: &Value) -> Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(1024);
    let fmt = serde_json::ser::PrettyFormatter::with_indent(JSON_INDENT);
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    serde::Serialize::serialize(value, &mut ser)
        .map_err(|e| CliError::other(format!("cannot render JSON: {e}")))?;
    Ok(buf)
}

/// Write `text` with `indent` before every line (JSON strings escape their newlines,
/// so every newline in pretty JSON is structural).
fn write_indented(out: &mut dyn Write, text: &[u8], indent: &[u8]) -> Result<()> {
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
        }
        out.write_all(indent)?;
        out.write_all(line)?;
    }
    Ok(())
}

/// One object as YAML (ends with a newline).
pub fn yaml(value: &Value) -> Result<String> {
    let mut text = serde_saphyr::to_string(value)
        .map_err(|e| CliError::other(format!("cannot render YAML: {e}")))?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

fn headers(wide: bool) -> Vec<String> {
    let mut h = vec![
        "NAME",
        "DISPLAY NAME",
        "USERNAME",
        "EMAIL",
        "DISABLED",
        "AGE",
    ];
    if wide {
        h.extend(["SUBJECT", "GROUPS", "CLUSTER ROLES", "TEAMS"]);
    }
    h.into_iter().map(String::from).collect()
}

fn text_or_none(v: &Value) -> String {
    match v.as_str() {
        Some(s) if !s.is_empty() => s.to_string(),
        _ => "<none>".to_string(),
    }
}

fn join_or_none<'v>(
    items: impl Iterator<Item = &'v Value>,
    pick: impl Fn(&Value) -> &Value,
) -> String {
    let names: Vec<&str> = items.filter_map(|v| pick(v).as_str()).collect();
    if names.is_empty() {
        "<none>".to_string()
    } else {
        names.join(",")
    }
}

fn array(v: &Value) -> impl Iterator<Item = &Value> {
    v.as_array().map(|a| a.iter()).into_iter().flatten()
}

/// The table row of one user.
pub fn row(user: &Value, wide: bool, now: jiff::Timestamp) -> Vec<String> {
    let spec = &user["spec"];
    let age = user["metadata"]["creationTimestamp"]
        .as_str()
        .and_then(|t| t.parse::<jiff::Timestamp>().ok())
        .map(|t| human_duration(now.as_second() - t.as_second()))
        .unwrap_or_else(|| "<unknown>".to_string());
    let mut r = vec![
        text_or_none(&user["metadata"]["name"]),
        text_or_none(&spec["displayName"]),
        text_or_none(&spec["username"]),
        text_or_none(&spec["email"]),
        spec["disabled"].as_bool().unwrap_or(false).to_string(),
        age,
    ];
    if wide {
        r.push(text_or_none(&spec["subject"]));
        r.push(join_or_none(array(&spec["groups"]), |v| v));
        r.push(join_or_none(array(&spec["clusterRoles"]), |v| &v["name"]));
        r.push(join_or_none(array(&user["status"]["teams"]), |v| v));
    }
    r
}

/// kubectl's `duration.HumanDuration`: 45s, 3m20s, 12m, 5h3m, 20h, 3d4h, 120d, 2y30d.
pub fn human_duration(seconds: i64) -> String {
    if seconds < -1 {
        return "<invalid>".into();
    }
    let s = seconds.max(0);
    if s < 120 {
        return format!("{s}s");
    }
    let minutes = s / 60;
    if minutes < 10 {
        let sec = s % 60;
        return if sec == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{sec}s")
        };
    }
    if minutes < 180 {
        return format!("{minutes}m");
    }
    let hours = s / 3600;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        return if h == 0 {
            format!("{}d", hours / 24)
        } else {
            format!("{}d{h}h", hours / 24)
        };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        return if dy == 0 {
            format!("{}y", hours / 24 / 365)
        } else {
            format!("{}y{dy}d", hours / 24 / 365)
        };
    }
    format!("{}y", hours / 24 / 365)
}

/// kubectl's table: left-aligned columns, three spaces apart, no borders.
fn write_table(
    out: &mut dyn Write,
    rows: &[Vec<String>],
    header: Option<Vec<String>>,
    widths: &mut Vec<usize>,
) -> Result<()> {
    let columns = header
        .as_ref()
        .map(Vec::len)
        .or_else(|| rows.first().map(Vec::len))
        .unwrap_or(0);
    if widths.len() < columns {
        widths.resize(columns, 0);
    }
    for r in header.iter().chain(rows.iter()) {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut line = String::with_capacity(256);
    for r in header.iter().chain(rows.iter()) {
        line.clear();
        for (i, cell) in r.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < r.len() {
                let pad = widths[i] - cell.chars().count() + 3;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_durations_match_kubectl() {
        let cases = [
            (0, "0s"),
            (45, "45s"),
            (119, "119s"),
            (120, "2m"),
            (200, "3m20s"),
            (12 * 60, "12m"),
            (179 * 60, "179m"),
            (3 * 3600, "3h"),
            (5 * 3600 + 180, "5h3m"),
            (20 * 3600, "20h"),
            (3 * 86400 + 4 * 3600, "3d4h"),
            (120 * 86400, "120d"),
            (2 * 365 * 86400 + 30 * 86400, "2y30d"),
            (10 * 365 * 86400, "10y"),
            (-5, "<invalid>"),
        ];
        for (s, want) in cases {
            assert_eq!(human_duration(s), want, "{s}s");
        }
    }

    fn render(format: OutputFormat, framing: Framing, pages: &[Vec<Value>]) -> String {
        let mut buf = Vec::new();
        {
            let mut p = StreamPrinter::new(&mut buf, format, framing, true).unwrap();
            p.set_now("2024-01-02T00:00:00Z".parse().unwrap());
            for page in pages {
                p.push(page).unwrap();
            }
            p.finish().unwrap();
        }
        String::from_utf8(buf).unwrap()
    }

    fn user(name: &str) -> Value {
        serde_json::json!({"apiVersion": "management.loft.sh/v1", "kind": "User",
            "metadata": {"name": name, "creationTimestamp": "2024-01-01T00:00:00Z"},
            "spec": {"email": format!("{name}@x.io"), "groups": ["g1", "g2"]}})
    }

    #[test]
    fn streamed_json_list_equals_the_whole_list() {
        let pages = vec![vec![user("a"), user("b")], vec![user("c")]];
        let text = render(OutputFormat::Json, Framing::List, &pages);
        let parsed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed, list_value(vec![user("a"), user("b"), user("c")]));
        let empty = render(OutputFormat::Json, Framing::List, &[]);
        let parsed: Value = serde_json::from_str(&empty).unwrap();
        assert_eq!(parsed, list_value(vec![]));
    }

    #[test]
    fn streamed_yaml_list_parses_back() {
        let mut u = user("a");
        u["spec"]["description"] = Value::from("line one\n\nline three\n");
        let pages = vec![vec![u.clone(), user("b")]];
        let text = render(OutputFormat::Yaml, Framing::List, &pages);
        let parsed: Value = serde_saphyr::from_str(&text).unwrap();
        assert_eq!(parsed, list_value(vec![u, user("b")]));
    }

    #[test]
    fn table_has_one_header_and_aligned_columns() {
        let pages = vec![vec![user("alice")], vec![user("bob")]];
        let text = render(OutputFormat::Table, Framing::List, &pages);
        assert_eq!(
            text.lines().filter(|l| l.starts_with("NAME ")).count(),
            1,
            "{text}"
        );
        assert!(
            text.contains("\nbob     <none>         <none>     bob@x.io     false      24h\n"),
            "{text}"
        );
        assert!(
            text.starts_with("NAME    DISPLAY NAME   USERNAME   EMAIL"),
            "{text}"
        );
        assert!(text.contains("alice   <none>"), "{text}");
        assert!(text.contains("24h"), "{text}");
        let wide = render(OutputFormat::Wide, Framing::List, &[vec![user("a")]]);
        assert!(wide.contains("g1,g2"), "{wide}");
    }
}
