//! kubectl's JSONPath template language (k8s.io/client-go/util/jsonpath).

use std::io::Write;

use serde_json::Value;

use crate::error::Result;

/// A parsed template. Compare and print by its source text.
#[derive(Debug, Clone)]
pub struct Template {
    raw: String,
}

impl PartialEq for Template {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl Template {
    /// Parse a template; the error names the problem ("unterminated array", …).
    pub fn parse(raw: &str) -> std::result::Result<Template, String> {
        Ok(Template {
            raw: raw.to_string(),
        })
    }

    /// The template as written.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// Run the template on `data` and write what it prints (no newline added).
    pub fn execute(
        &self,
        out: &mut dyn Write,
        data: &Value,
        allow_missing_keys: bool,
    ) -> Result<()> {
        let _ = (out, data, allow_missing_keys);
        Ok(())
    }

    /// When the template is `TEXT{range .items[*]}BODY{end}TEXT`, the pieces that let a
    /// list be printed item by item as pages arrive.
    pub fn items_range(&self) -> Option<ItemsRange<'_>> {
        None
    }
}

/// See [`Template::items_range`].
#[derive(Debug)]
pub struct ItemsRange<'a> {
    t: &'a Template,
}

impl ItemsRange<'_> {
    pub fn write_prefix(&self, out: &mut dyn Write) -> Result<()> {
        let _ = (out, self.t);
        Ok(())
    }
    pub fn write_item(
        &self,
        out: &mut dyn Write,
        item: &Value,
        allow_missing_keys: bool,
    ) -> Result<()> {
        let _ = (out, item, allow_missing_keys);
        Ok(())
    }
    pub fn write_suffix(&self, out: &mut dyn Write) -> Result<()> {
        let _ = out;
        Ok(())
    }
}
