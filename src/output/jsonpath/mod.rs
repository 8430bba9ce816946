//! kubectl's JSONPath template language, ported from k8s.io/client-go/util/jsonpath and
//! checked against kubectl 1.32 (`tests/cli/output_jsonpath.rs` compares its output with
//! kubectl's, byte for byte, on the templates of `tests/fixtures/jsonpath_data.json`):
//!
//! - text outside `{}` is printed as is; `{"\n"}`, `{"\t"}`, `{'x'}` are string literals;
//! - `{.a.b}`, `{.a\.b}` (escaped dot), `{.items[*].metadata.name}`, `{.items[0]}`,
//!   `{.items[-1]}`, slices `[1:3]`, `[::2]`, unions `[0,2]`, wildcard `.*`,
//!   recursive descent `{..name}`, `{@}` / `{$}` (the current object);
//! - filters `[?(@.spec.disabled==true)]` with `==`, `!=`, `<`, `>`, `<=`, `>=` (Go
//!   template comparison: int with int, float with float, string with string; mixing
//!   is "incompatible types for comparison") and existence `[?(@.x)]`;
//! - `{range EXPR}…{end}`, nested;
//! - several results of one `{…}` are joined by a space; maps and arrays print as
//!   compact JSON; `null` prints `null`;
//! - a missing field prints nothing (kubectl's `--allow-missing-template-keys=true`),
//!   or fails with "x is not found" when missing keys are not allowed; an index out of
//!   range fails ("array index out of bounds: index 5, length 3"), as in kubectl.
//!
//! One deliberate difference: `['a.b']` looks up the key `a.b` (kubectl splits it into
//! `.a.b` and finds nothing); `.a\.b` works in both.
//!
//! `parse` turns the text into a tree of `Node`s; `eval` runs the tree on a value.

mod eval;
mod parse;

use std::io::Write;

use serde_json::Value;

use crate::error::Result;
use eval::exec;
pub(crate) use eval::go_g;
use parse::{Node, Param, Step};

/// A parsed template. Compares and prints as its source text.
#[derive(Debug, Clone)]
pub struct Template {
    raw: String,
    nodes: Vec<Node>,
}

impl PartialEq for Template {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl Template {
    /// Parse a template; the error names the problem ("unterminated array", …).
    pub fn parse(raw: &str) -> std::result::Result<Template, String> {
        let nodes = parse::parse(raw)?;
        Ok(Template {
            raw: raw.to_string(),
            nodes,
        })
    }

    /// Run the template on `data` and write what it prints (no newline added). Nothing is
    /// written when it fails.
    pub fn execute(
        &self,
        out: &mut dyn Write,
        data: &Value,
        allow_missing_keys: bool,
    ) -> Result<()> {
        let mut buf = Vec::new();
        exec(&self.nodes, data, allow_missing_keys, &mut buf)
            .map_err(|e| super::jsonpath_error(&self.raw, e))?;
        out.write_all(&buf)?;
        Ok(())
    }

    /// Run the template and return what it prints, as a string (for tests and callers
    /// that need the text).
    pub fn render(
        &self,
        data: &Value,
        allow_missing_keys: bool,
    ) -> std::result::Result<String, String> {
        let mut buf = Vec::new();
        exec(&self.nodes, data, allow_missing_keys, &mut buf)?;
        Ok(String::from_utf8_lossy(&buf).into_owned())
    }

    /// When the template is `TEXT{range .items[*]}BODY{end}TEXT`, the pieces that let a
    /// list be printed item by item as pages arrive.
    pub fn items_range(&self) -> Option<ItemsRange<'_>> {
        let pos = self
            .nodes
            .iter()
            .position(|n| matches!(n, Node::Range { .. }))?;
        let all_items = [
            Step::Field("items".into()),
            Step::Array([Param::default(); 3]),
        ];
        let Node::Range { expr, body } = &self.nodes[pos] else {
            return None;
        };
        let texts_only = |ns: &[Node]| ns.iter().all(|n| matches!(n, Node::Text(_)));
        if expr.as_slice() != all_items
            || !texts_only(&self.nodes[..pos])
            || !texts_only(&self.nodes[pos + 1..])
        {
            return None;
        }
        Some(ItemsRange {
            t: self,
            prefix: &self.nodes[..pos],
            body,
            suffix: &self.nodes[pos + 1..],
        })
    }
}

/// See [`Template::items_range`].
#[derive(Debug)]
pub struct ItemsRange<'a> {
    t: &'a Template,
    prefix: &'a [Node],
    body: &'a [Node],
    suffix: &'a [Node],
}

impl ItemsRange<'_> {
    pub fn write_prefix(&self, out: &mut dyn Write) -> Result<()> {
        write_texts(out, self.prefix)
    }

    pub fn write_item(
        &self,
        out: &mut dyn Write,
        item: &Value,
        allow_missing_keys: bool,
    ) -> Result<()> {
        let mut buf = Vec::new();
        exec(self.body, item, allow_missing_keys, &mut buf)
            .map_err(|e| super::jsonpath_error(&self.t.raw, e))?;
        out.write_all(&buf)?;
        Ok(())
    }

    pub fn write_suffix(&self, out: &mut dyn Write) -> Result<()> {
        write_texts(out, self.suffix)
    }
}

fn write_texts(out: &mut dyn Write, nodes: &[Node]) -> Result<()> {
    for n in nodes {
        if let Node::Text(s) = n {
            out.write_all(s.as_bytes())?;
        }
    }
    Ok(())
}
