//! Every output format of loftctl: `table`, `wide`, `yaml`, `json`, `name` and
//! `jsonpath=TEMPLATE`, for one object or a list (printed as a `kind: List`, as kubectl
//! does). Printers write to any `&mut dyn Write` and propagate every io error (a closed
//! pipe becomes [`crate::error::Kind::BrokenPipe`], exit 0, through `CliError::from`).
//!
//! # Using it from a command
//!
//! ```no_run
//! # use loftctl::output::{OutputFormat, PrintOptions, ResourcePrinter};
//! # use loftctl::printer::Printer;
//! # fn page() -> Vec<serde_json::Value> { vec![] }
//! # fn main() -> loftctl::error::Result<()> {
//! # let printer = Printer::plain();
//! // `-o` is parsed by clap: `#[arg(short, long, default_value = "table")] output: OutputFormat`
//! // (a bad jsonpath template is a usage error, exit 2, at flag-parse time).
//! let format: OutputFormat = "jsonpath={.metadata.name}".parse().unwrap();
//! let opts = PrintOptions::from_printer(&printer); // colour, `now`; set no_headers etc.
//! let rp = ResourcePrinter::new(format, opts);
//! let mut out = printer.stdout();
//!
//! // One object (`get NAME`, `whoami`, `create -o`): printed as itself.
//! # let obj = serde_json::json!({});
//! rp.print_one(&mut out, &obj)?;
//!
//! // A list, page by page as it arrives (`limit`/`continue`):
//! let mut list = rp.begin_list(&mut out)?;
//! list.push(&page())?;
//! list.push(&page())?;
//! let count = list.finish()?;
//! loftctl::output::report_empty(&printer, rp.format(), count); // "No resources found" on stderr
//! # Ok(()) }
//! ```
//!
//! Formats, as kubectl prints them:
//! - `json`: 4-space indentation, keys sorted, `<>&` escaped as `\u003c…` (Go's encoder);
//!   a list is `{"apiVersion": "v1", "items": [...], "kind": "List",
//!   "metadata": {"resourceVersion": ""}}`; an empty list is printed too (scripts can
//!   rely on valid JSON).
//! - `yaml`: go-yaml v2's layout (sorted keys, sequences not indented under their key,
//!   ambiguous strings double-quoted, long plain strings folded at 80 columns).
//! - `name`: `user.management.loft.sh/NAME` per object.
//! - `jsonpath=TEMPLATE` (also `jsonpath='TEMPLATE'`): see [`jsonpath`]; a list is given to
//!   the template as the `kind: List` object.
//! - `table`/`wide`: see [`table`]; "No resources found" goes to stderr ([`report_empty`]).
//!
//! `metadata.managedFields` is left out of every format unless
//! [`PrintOptions::show_managed_fields`].

pub use crate::escape;
pub mod json;
pub mod jsonpath;
pub mod table;
pub mod tree;
pub mod yaml;

use std::borrow::Cow;
use std::io::Write;
use std::str::FromStr;

use serde_json::Value;

use crate::error::{CliError, Result};
use crate::printer::Printer;

pub use jsonpath::Template;

/// `-o/--output`. Parses with [`FromStr`] (so clap can use it directly as the type of the
/// flag); a jsonpath template is compiled here, so a bad one is a usage error.
#[derive(Debug, Clone, PartialEq)]
pub enum OutputFormat {
    Table,
    Wide,
    Yaml,
    Json,
    Name,
    JsonPath(Template),
}

impl FromStr for OutputFormat {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Ok(match s {
            "table" => OutputFormat::Table,
            "wide" => OutputFormat::Wide,
            "yaml" => OutputFormat::Yaml,
            "json" => OutputFormat::Json,
            "name" => OutputFormat::Name,
            _ => match s.split_once('=') {
                Some(("jsonpath", t)) => {
                    let t = strip_quotes(t);
                    if t.is_empty() {
                        return Err("template format specified but no template given".into());
                    }
                    OutputFormat::JsonPath(
                        Template::parse(t)
                            .map_err(|e| format!("error parsing jsonpath {t}: {e}"))?,
                    )
                }
                _ => {
                    return Err(format!(
                        "unknown output format {s:?}: expected table, wide, yaml, json, name or jsonpath=TEMPLATE"
                    ));
                }
            },
        })
    }
}

/// `jsonpath='{.a}'` reaches us with the quotes when the shell did not eat them (e.g.
/// `-o "jsonpath='{.a}'"`); kubectl strips one pair of matching quotes.
fn strip_quotes(t: &str) -> &str {
    for q in ['\'', '"'] {
        if t.len() >= 2 && t.starts_with(q) && t.ends_with(q) {
            return &t[1..t.len() - 1];
        }
    }
    t
}

impl OutputFormat {
    /// Table-like (human) formats: these report "No resources found" on stderr.
    pub fn is_human(&self) -> bool {
        matches!(self, OutputFormat::Table | OutputFormat::Wide)
    }
}

/// Everything a printer needs besides the format.
#[derive(Debug, Clone)]
pub struct PrintOptions {
    /// `--no-headers`: tables without their header line.
    pub no_headers: bool,
    /// `--show-managed-fields`: keep `metadata.managedFields`.
    pub show_managed_fields: bool,
    /// Colour on stdout (a bold table header). Take it from `Printer::color_stdout`.
    pub color: bool,
    /// "Now", for the AGE column (injectable for tests).
    pub now: jiff::Timestamp,
    /// kubectl's `--allow-missing-template-keys` (default true): a missing field in a
    /// jsonpath template prints nothing instead of failing with "x is not found".
    pub allow_missing_keys: bool,
}

impl Default for PrintOptions {
    fn default() -> Self {
        PrintOptions {
            no_headers: false,
            show_managed_fields: false,
            color: false,
            now: jiff::Timestamp::now(),
            allow_missing_keys: true,
        }
    }
}

impl PrintOptions {
    /// Defaults, with colour as decided by the printer (`--color`, `NO_COLOR`, a tty).
    pub fn from_printer(printer: &Printer) -> Self {
        PrintOptions {
            color: printer.color_stdout,
            ..PrintOptions::default()
        }
    }
}

/// Prints objects (`serde_json::Value`s, as the API returns them) in one format.
#[derive(Debug, Clone)]
pub struct ResourcePrinter {
    format: OutputFormat,
    opts: PrintOptions,
}

impl ResourcePrinter {
    pub fn new(format: OutputFormat, opts: PrintOptions) -> Self {
        ResourcePrinter { format, opts }
    }

    pub fn format(&self) -> &OutputFormat {
        &self.format
    }

    pub fn options(&self) -> &PrintOptions {
        &self.opts
    }

    /// Print one object as itself (not wrapped in a List).
    pub fn print_one(&self, out: &mut dyn Write, obj: &Value) -> Result<()> {
        let strip = !self.opts.show_managed_fields;
        match &self.format {
            OutputFormat::Json => {
                let mut buf = Vec::with_capacity(4096);
                json::write_pretty(&mut buf, obj, strip);
                buf.push(b'\n');
                out.write_all(&buf)?;
            }
            OutputFormat::Yaml => {
                let mut buf = String::with_capacity(4096);
                yaml::write_document(&mut buf, obj, strip);
                out.write_all(buf.as_bytes())?;
            }
            OutputFormat::Name => write_name(out, obj)?,
            OutputFormat::JsonPath(t) => {
                let obj = without_managed_fields(obj, strip);
                t.execute(out, &obj, self.opts.allow_missing_keys)?;
            }
            OutputFormat::Table | OutputFormat::Wide => {
                let mut t = table::TablePrinter::new(&self.format, &self.opts, obj);
                t.push(out, std::slice::from_ref(obj))?;
            }
        }
        Ok(())
    }

    /// Print a whole list at once; returns the number of items.
    pub fn print_list(&self, out: &mut dyn Write, items: &[Value]) -> Result<usize> {
        let mut list = self.begin_list(out)?;
        list.push(items)?;
        list.finish()
    }

    /// Start a list that arrives in pages: `push` each page, then `finish`.
    /// json, yaml, name, jsonpath `{range .items[*]}…{end}` and tables stream (a table
    /// aligns each page, widths only growing, as kubectl's tabwriter with
    /// `RememberWidths`); any other jsonpath template buffers the items until `finish`.
    pub fn begin_list<'a>(&'a self, out: &'a mut dyn Write) -> Result<ListPrinter<'a>> {
        let mode = match &self.format {
            OutputFormat::Json => {
                out.write_all(b"{\n    \"apiVersion\": \"v1\",\n    \"items\": [")?;
                Mode::Json
            }
            OutputFormat::Yaml => {
                out.write_all(b"apiVersion: v1\nitems:")?;
                Mode::Yaml
            }
            OutputFormat::Name => Mode::Name,
            OutputFormat::JsonPath(t) => match t.items_range() {
                Some(parts) => {
                    parts.write_prefix(out)?;
                    Mode::JsonPathStream(parts)
                }
                None => Mode::JsonPathBuffer(Vec::new()),
            },
            OutputFormat::Table | OutputFormat::Wide => Mode::Table(None),
        };
        Ok(ListPrinter {
            rp: self,
            out,
            mode,
            count: 0,
            buf: Vec::new(),
        })
    }
}

/// A list being printed; see [`ResourcePrinter::begin_list`].
pub struct ListPrinter<'a> {
    rp: &'a ResourcePrinter,
    out: &'a mut dyn Write,
    mode: Mode<'a>,
    count: usize,
    buf: Vec<u8>,
}

enum Mode<'a> {
    Json,
    Yaml,
    Name,
    JsonPathStream(jsonpath::ItemsRange<'a>),
    JsonPathBuffer(Vec<Value>),
    Table(Option<table::TablePrinter>),
}

impl ListPrinter<'_> {
    /// Print one page of items.
    pub fn push(&mut self, items: &[Value]) -> Result<()> {
        let strip = !self.rp.opts.show_managed_fields;
        match &mut self.mode {
            Mode::Json => {
                for item in items {
                    self.json_item(item, strip)?;
                }
            }
            Mode::Yaml => {
                let mut s = String::with_capacity(4096);
                for item in items {
                    s.clear();
                    if self.count == 0 {
                        s.push('\n');
                    }
                    yaml::write_list_item(&mut s, item, strip);
                    self.out.write_all(s.as_bytes())?;
                    self.count += 1;
                }
            }
            Mode::Name => {
                for item in items {
                    write_name(&mut *self.out, item)?;
                    self.count += 1;
                }
            }
            Mode::JsonPathStream(parts) => {
                for item in items {
                    let item = without_managed_fields(item, strip);
                    parts.write_item(&mut *self.out, &item, self.rp.opts.allow_missing_keys)?;
                    self.count += 1;
                }
            }
            Mode::JsonPathBuffer(all) => {
                all.extend(items.iter().cloned());
                self.count += items.len();
            }
            Mode::Table(t) => {
                if items.is_empty() {
                    return Ok(());
                }
                let t = t.get_or_insert_with(|| {
                    table::TablePrinter::new(&self.rp.format, &self.rp.opts, &items[0])
                });
                t.push(&mut *self.out, items)?;
                self.count += items.len();
            }
        }
        Ok(())
    }

    /// One item of a JSON list.
    fn json_item<T: tree::JsonNode>(&mut self, item: &T, strip: bool) -> Result<()> {
        self.buf.clear();
        self.buf.extend_from_slice(if self.count == 0 {
            b"\n        "
        } else {
            b",\n        "
        });
        json::write_indented(&mut self.buf, item, 2, strip);
        self.out.write_all(&self.buf)?;
        self.count += 1;
        Ok(())
    }

    /// Whether [`push_nodes`](Self::push_nodes) prints this list's format (`json`,
    /// `name`, tables); the others take `Value`s.
    pub fn prints_nodes(&self) -> bool {
        matches!(self.mode, Mode::Json | Mode::Name | Mode::Table(_))
    }

    /// Print one page of borrowed trees ([`tree`]): `json`, `name` and tables (which
    /// read only [`table::READS`] of each item).
    pub fn push_nodes(&mut self, items: &[tree::Node]) -> Result<()> {
        let strip = !self.rp.opts.show_managed_fields;
        match &self.mode {
            Mode::Json => {
                for item in items {
                    self.json_item(item, strip)?;
                }
            }
            Mode::Name => {
                for item in items {
                    write_name_line(&mut *self.out, node_name(item))?;
                    self.count += 1;
                }
            }
            Mode::Table(_) => {
                let rows: Vec<Value> = items.iter().map(|i| i.project(table::READS)).collect();
                self.push(&rows)?;
            }
            _ => {
                return Err(CliError::other(
                    "internal error: this output format prints values, not trees",
                ));
            }
        }
        Ok(())
    }

    /// Print one page of items that the caller gives away: managedFields are dropped in
    /// place (no copy of an object to leave them out), and a template that needs the
    /// whole list keeps the items themselves instead of copies.
    pub fn push_owned(&mut self, mut items: Vec<Value>) -> Result<()> {
        if !self.rp.opts.show_managed_fields {
            for item in &mut items {
                if let Some(meta) = item.get_mut("metadata").and_then(Value::as_object_mut) {
                    meta.shift_remove("managedFields");
                }
            }
        }
        if let Mode::JsonPathBuffer(all) = &mut self.mode {
            self.count += items.len();
            all.append(&mut items);
            return Ok(());
        }
        self.push(&items)
    }

    /// End the list; returns the number of items printed.
    pub fn finish(self) -> Result<usize> {
        let strip = !self.rp.opts.show_managed_fields;
        match self.mode {
            Mode::Json => {
                let tail: &[u8] = if self.count == 0 {
                    b"],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n"
                } else {
                    b"\n    ],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n"
                };
                self.out.write_all(tail)?;
            }
            Mode::Yaml => {
                let tail: &[u8] = if self.count == 0 {
                    b" []\nkind: List\nmetadata:\n  resourceVersion: \"\"\n"
                } else {
                    b"kind: List\nmetadata:\n  resourceVersion: \"\"\n"
                };
                self.out.write_all(tail)?;
            }
            Mode::Name | Mode::Table(_) => {}
            Mode::JsonPathStream(parts) => parts.write_suffix(&mut *self.out)?,
            Mode::JsonPathBuffer(items) => {
                let list = list_value(items);
                let list = without_managed_fields_in_list(list, strip);
                if let OutputFormat::JsonPath(t) = &self.rp.format {
                    t.execute(&mut *self.out, &list, self.rp.opts.allow_missing_keys)?;
                }
            }
        }
        Ok(self.count)
    }
}

/// The `kind: List` object kubectl wraps a list in.
pub fn list_value(items: Vec<Value>) -> Value {
    serde_json::json!({
        "apiVersion": "v1",
        "items": items,
        "kind": "List",
        "metadata": {"resourceVersion": ""},
    })
}

fn without_managed_fields_in_list(mut list: Value, strip: bool) -> Value {
    if strip && let Some(items) = list.get_mut("items").and_then(Value::as_array_mut) {
        for item in items {
            if let Some(meta) = item.get_mut("metadata").and_then(Value::as_object_mut) {
                meta.shift_remove("managedFields");
            }
        }
    }
    list
}

/// The object without `metadata.managedFields` (borrowed when there are none).
pub fn without_managed_fields(obj: &Value, strip: bool) -> Cow<'_, Value> {
    if strip && obj.pointer("/metadata/managedFields").is_some() {
        let mut owned = obj.clone();
        if let Some(meta) = owned.get_mut("metadata").and_then(Value::as_object_mut) {
            meta.shift_remove("managedFields");
        }
        Cow::Owned(owned)
    } else {
        Cow::Borrowed(obj)
    }
}

/// `kind.group/name`, as kubectl's `-o name`: `user.management.loft.sh/alice`.
pub fn resource_name(obj: &Value) -> String {
    name_of(
        obj["kind"].as_str(),
        obj["apiVersion"].as_str(),
        obj["metadata"]["name"].as_str(),
    )
}

/// [`resource_name`] of a borrowed tree.
fn node_name(obj: &tree::Node) -> String {
    name_of(
        obj.get("kind").and_then(tree::Node::as_str),
        obj.get("apiVersion").and_then(tree::Node::as_str),
        obj.get("metadata")
            .and_then(|m| m.get("name"))
            .and_then(tree::Node::as_str),
    )
}

fn name_of(kind: Option<&str>, api_version: Option<&str>, name: Option<&str>) -> String {
    let kind = kind.unwrap_or_default().to_ascii_lowercase();
    let group = api_version
        .and_then(|v| v.split_once('/'))
        .map(|(g, _)| g)
        .unwrap_or_default();
    let name = name.unwrap_or_default();
    if group.is_empty() {
        format!("{kind}/{name}")
    } else {
        format!("{kind}.{group}/{name}")
    }
}

fn write_name(out: &mut dyn Write, obj: &Value) -> Result<()> {
    write_name_line(out, resource_name(obj))
}

fn write_name_line(out: &mut dyn Write, mut line: String) -> Result<()> {
    line.push('\n');
    out.write_all(line.as_bytes())?;
    Ok(())
}

/// After a list: "No resources found" on stderr when a table printed nothing (kubectl
/// prints it for human formats only; json/yaml print an empty List instead).
pub fn report_empty(printer: &Printer, format: &OutputFormat, count: usize) {
    if count == 0 && format.is_human() {
        printer.status("No resources found");
    }
}

/// Write one value as pretty JSON (kubectl's layout) and a newline.
pub fn write_json(out: &mut dyn Write, value: &Value) -> Result<()> {
    let mut buf = Vec::with_capacity(4096);
    json::write_pretty(&mut buf, value, false);
    buf.push(b'\n');
    out.write_all(&buf)?;
    Ok(())
}

/// Write one value as a YAML document (no leading `---`), kubectl's layout.
pub fn write_yaml(out: &mut dyn Write, value: &Value) -> Result<()> {
    let mut buf = String::with_capacity(4096);
    yaml::write_document(&mut buf, value, false);
    out.write_all(buf.as_bytes())?;
    Ok(())
}

/// Print one object in any format (defaults for the options). Kept for `whoami`.
pub fn print_object(out: &mut dyn Write, format: &OutputFormat, value: &Value) -> Result<()> {
    ResourcePrinter::new(format.clone(), PrintOptions::default()).print_one(out, value)
}

/// A jsonpath execution error, as kubectl words it.
pub(crate) fn jsonpath_error(template: &str, err: impl std::fmt::Display) -> CliError {
    CliError::other(format!("error executing jsonpath {template:?}: {err}")).with_hint(
        "a field that does not exist prints nothing; check the template against `-o json`",
    )
}
