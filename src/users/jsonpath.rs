//! A compact kubectl-style JSONPath template for `-o jsonpath=…`: text, `{.a.b}`,
//! `{.items[*].metadata.name}`, `{.a[0]}`, `{.a['k.with.dots']}`, `{.spec.*}`,
//! string literals `{"\n"}`, and `{range .items[*]}…{end}`. Missing keys print nothing
//! (kubectl's `--allow-missing-template-keys=true` default).
//!
//! Local to `user get` until the shared output layer provides its own.

use serde_json::Value;

use crate::error::{CliError, Result};

#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Index(i64),
    All,
}

#[derive(Debug, Clone, PartialEq)]
struct Path {
    /// `$…`: from the document root, even inside a range.
    root: bool,
    segs: Vec<Seg>,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Path(Path),
    Range(Path, Vec<Node>),
}

/// A parsed template.
#[derive(Debug, Clone)]
pub struct Template {
    nodes: Vec<Node>,
}

fn bad(template: &str, why: &str) -> CliError {
    CliError::usage(format!("invalid jsonpath template {template:?}: {why}"))
}

impl Template {
    pub fn parse(template: &str) -> Result<Template> {
        // Split into text and {…} actions.
        let mut actions: Vec<(bool, String)> = Vec::new();
        let mut text = String::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '{' {
                text.push(c);
                continue;
            }
            if !text.is_empty() {
                actions.push((false, std::mem::take(&mut text)));
            }
            let mut inner = String::new();
            let mut quote: Option<char> = None;
            let mut closed = false;
            while let Some(c) = chars.next() {
                match quote {
                    Some(q) => {
                        inner.push(c);
                        if c == '\\' {
                            if let Some(n) = chars.next() {
                                inner.push(n);
                            }
                        } else if c == q {
                            quote = None;
                        }
                    }
                    None if c == '"' || c == '\'' => {
                        quote = Some(c);
                        inner.push(c);
                    }
                    None if c == '}' => {
                        closed = true;
                        break;
                    }
                    None => inner.push(c),
                }
            }
            if !closed {
                return Err(bad(template, "unclosed action: missing '}'"));
            }
            actions.push((true, inner.trim().to_string()));
        }
        if !text.is_empty() {
            actions.push((false, text));
        }
        let mut iter = actions.into_iter();
        let nodes = parse_nodes(template, &mut iter, false)?;
        Ok(Template { nodes })
    }

    /// Render against one value.
    pub fn render(&self, value: &Value) -> Result<String> {
        let mut out = String::new();
        render_nodes(&self.nodes, value, value, &mut out);
        Ok(out)
    }
}

fn parse_nodes(
    template: &str,
    iter: &mut impl Iterator<Item = (bool, String)>,
    in_range: bool,
) -> Result<Vec<Node>> {
    let mut nodes = Vec::new();
    while let Some((is_action, text)) = iter.next() {
        if !is_action {
            nodes.push(Node::Text(text));
            continue;
        }
        if text == "end" {
            if in_range {
                return Ok(nodes);
            }
            return Err(bad(template, "{end} without {range}"));
        }
        if let Some(path) = text.strip_prefix("range ") {
            let segs = parse_path(template, path.trim())?;
            let body = parse_nodes(template, iter, true)?;
            nodes.push(Node::Range(segs, body));
            continue;
        }
        if text.starts_with('"') || text.starts_with('\'') {
            nodes.push(Node::Text(unquote(template, &text)?));
            continue;
        }
        nodes.push(Node::Path(parse_path(template, &text)?));
    }
    if in_range {
        return Err(bad(template, "{range} without {end}"));
    }
    Ok(nodes)
}

fn unquote(template: &str, text: &str) -> Result<String> {
    let q = text.chars().next().unwrap_or('"');
    let body = text
        .strip_prefix(q)
        .and_then(|t| t.strip_suffix(q))
        .ok_or_else(|| bad(template, "unterminated string literal"))?;
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    Ok(out)
}

fn parse_path(template: &str, path: &str) -> Result<Path> {
    let mut segs = Vec::new();
    let root = path.starts_with('$');
    let rest = path
        .strip_prefix('$')
        .or_else(|| path.strip_prefix('@'))
        .unwrap_or(path);
    if !rest.is_empty() && !rest.starts_with('.') && !rest.starts_with('[') {
        return Err(bad(
            template,
            &format!("unrecognized expression {path:?}: a path starts with '.'"),
        ));
    }
    let chars: Vec<char> = rest.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '.' => {
                i += 1;
                let start = i;
                while i < chars.len() && chars[i] != '.' && chars[i] != '[' {
                    i += 1;
                }
                let key: String = chars[start..i].iter().collect();
                match key.as_str() {
                    "" if i >= chars.len() => {} // `{.}`: the value itself
                    "" => return Err(bad(template, "empty field name")),
                    "*" => segs.push(Seg::All),
                    _ => segs.push(Seg::Key(key)),
                }
            }
            '[' => {
                let start = i + 1;
                let end = chars[start..]
                    .iter()
                    .position(|&c| c == ']')
                    .map(|p| start + p)
                    .ok_or_else(|| bad(template, "missing ']'"))?;
                let inner: String = chars[start..end].iter().collect();
                let inner = inner.trim();
                if inner == "*" {
                    segs.push(Seg::All);
                } else if inner.starts_with('\'') || inner.starts_with('"') {
                    segs.push(Seg::Key(unquote(template, inner)?));
                } else if let Ok(n) = inner.parse::<i64>() {
                    segs.push(Seg::Index(n));
                } else {
                    return Err(bad(
                        template,
                        &format!(
                            "unsupported subscript [{inner}] (filters and slices are not supported)"
                        ),
                    ));
                }
                i = end + 1;
            }
            other => {
                return Err(bad(template, &format!("unexpected {other:?} in {path:?}")));
            }
        }
    }
    Ok(Path { root, segs })
}

fn eval<'v>(segs: &[Seg], root: &'v Value) -> Vec<&'v Value> {
    let mut current = vec![root];
    for seg in segs {
        let mut next = Vec::new();
        for v in current {
            match seg {
                Seg::Key(k) => {
                    if let Some(x) = v.get(k.as_str()) {
                        next.push(x);
                    }
                }
                Seg::Index(n) => {
                    if let Some(a) = v.as_array() {
                        let idx = if *n < 0 { a.len() as i64 + n } else { *n };
                        if let Some(x) = usize::try_from(idx).ok().and_then(|i| a.get(i)) {
                            next.push(x);
                        }
                    }
                }
                Seg::All => match v {
                    Value::Array(a) => next.extend(a.iter()),
                    Value::Object(m) => next.extend(m.values()),
                    _ => {}
                },
            }
        }
        current = next;
    }
    current
}

fn scalar(v: &Value, out: &mut String) {
    match v {
        Value::String(s) => out.push_str(s),
        Value::Null => {}
        other => out.push_str(&other.to_string()),
    }
}

fn render_nodes(nodes: &[Node], root: &Value, current: &Value, out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Path(path) => {
                let from = if path.root { root } else { current };
                for (i, v) in eval(&path.segs, from).into_iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    scalar(v, out);
                }
            }
            Node::Range(path, body) => {
                let from = if path.root { root } else { current };
                for v in eval(&path.segs, from) {
                    render_nodes(body, root, v, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(t: &str, v: &Value) -> String {
        Template::parse(t).unwrap().render(v).unwrap()
    }

    #[test]
    fn kubectl_templates() {
        let list = serde_json::json!({"items": [
            {"metadata": {"name": "a", "labels": {"x.io/y": "1"}}, "spec": {"email": "a@x", "groups": ["g"]}},
            {"metadata": {"name": "b"}, "spec": {"disabled": true}}]});
        assert_eq!(r("{.items[*].metadata.name}", &list), "a b");
        assert_eq!(
            r(
                r#"{range .items[*]}{.metadata.name}{"\t"}{.spec.email}{"\n"}{end}"#,
                &list
            ),
            "a\ta@x\nb\t\n"
        );
        assert_eq!(r("{.items[0].spec.groups}", &list), r#"["g"]"#);
        assert_eq!(r("{.items[-1].spec.disabled}", &list), "true");
        assert_eq!(r("{.items[0].metadata.labels['x.io/y']}", &list), "1");
        assert_eq!(r("name: {.items[1].metadata.name}!", &list), "name: b!");
        assert_eq!(r("{.nope.nothing}", &list), "");
        assert_eq!(
            r("{range .items[*]}{$.items[0].metadata.name}{end}", &list),
            "aa"
        );
    }

    #[test]
    fn bad_templates_are_usage_errors() {
        for t in [
            "{.a",
            "{range .items[*]}x",
            "{end}",
            "{.a[?(@.x)]}",
            "{foo}",
        ] {
            let err = Template::parse(t).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{t}");
        }
    }
}
