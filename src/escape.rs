//! Text from a server or a token, made safe for a terminal: control characters (C0, DEL,
//! C1) and the bidirectional overrides are shown as escapes (`\u001b`, `\n`, `\t`)
//! instead of reaching the terminal, so that nothing a server sends can move the cursor,
//! hide text, recolour the screen or forge a line or a table row. Only for terminal
//! text: json and yaml output is already escaped by its format and stays exact.

use std::borrow::Cow;

/// Is this character shown as an escape?
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => out.push_str(&format!("\\u{:04x}", c as u32)),
    }
}

/// Every control character escaped, newlines included: for one line of output (a table
/// cell, a value in `token decode`).
pub fn escape_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Control characters escaped but newlines kept: for messages (errors, warnings, status
/// lines), which may span lines of their own.
pub fn escape_message(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && needs_escape(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c != '\n' && needs_escape(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A JSON value with every string and key passed through [`escape_line`] (numbers and
/// booleans are safe as they are).
pub fn escape_value(v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::String(s) => Value::String(escape_line(s).into_owned()),
        Value::Array(items) => Value::Array(items.iter().map(escape_value).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (escape_line(k).into_owned(), escape_value(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_plain_text_is_borrowed() {
        assert!(matches!(escape_line("Ünïcode name"), Cow::Borrowed(_)));
        assert_eq!(escape_line("a\x1b[8mb"), "a\\u001b[8mb");
        assert_eq!(escape_line("row\nforged"), "row\\nforged");
        assert_eq!(escape_line("tab\there\r"), "tab\\there\\r");
        assert_eq!(escape_line("\u{9b}31m \u{7f}"), "\\u009b31m \\u007f");
        assert_eq!(escape_line("\u{202e}txt"), "\\u202etxt");
        assert_eq!(escape_message("two\nlines\x1b[2J"), "two\nlines\\u001b[2J");
    }

    #[test]
    fn values_are_escaped_deeply_keys_too() {
        let v = serde_json::json!({"k\x1b": ["a\nb", 1, true, {"x": "\x07"}]});
        assert_eq!(
            escape_value(&v),
            serde_json::json!({"k\\u001b": ["a\\nb", 1, true, {"x": "\\u0007"}]})
        );
    }
}
