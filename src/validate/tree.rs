//! A span-aware YAML (and so JSON) parse: saphyr-parser's event stream, built into a
//! small tree whose every node knows its line and column.
//!
//! Hostile input is bounded here: nesting deeper than [`MAX_DEPTH`], alias expansion
//! beyond a budget (billion laughs) (documents over [`MAX_DOCUMENT_BYTES`] are refused
//! before parsing, by `check_source`); the builder
//! is iterative, so no input can overflow the stack. Scalars are resolved by the YAML 1.2
//! core schema (as serde-saphyr sees them): plain `true`, `12`, `1.5`, `null`, `~` are
//! typed, quoted scalars are strings. kubectl differs: its YAML reader follows YAML 1.1
//! and turns a plain `yes`/`no`/`on`/`off` into a boolean; here they stay strings, and a
//! boolean field given one gets an error that says to write `true` or `false`.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use serde_json::Value;

/// How deep a document may nest (Kubernetes objects need about 10).
pub const MAX_DEPTH: usize = 256;
/// The API server's request size limit: a document larger than this is refused.
pub const MAX_DOCUMENT_BYTES: usize = 3 * 1024 * 1024;
/// Nodes that aliases may add to a document, beyond as many as its own nodes.
const ALIAS_BUDGET: usize = 100_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// 1-based line, 1-based column (0 and 0 when the node came from JSON values).
    pub line: u32,
    pub col: u32,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Int(i64),
    /// An integer that does not fit an int64 (kept as written).
    BigInt(String),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub line: u32,
    pub col: u32,
}

impl Kind {
    /// The JSON type name, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool(_) => "boolean",
            Kind::Int(_) | Kind::BigInt(_) => "integer",
            Kind::Float(_) => "number",
            Kind::Str(_) => "string",
            Kind::Seq(_) => "array",
            Kind::Map(_) => "object",
        }
    }
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            Kind::Map(m) => m.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        match &mut self.kind {
            Kind::Map(m) => m.iter_mut().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Remove the members named in `keys` (of a map; anything else is left as it is).
    pub fn remove_members(&mut self, keys: &[&str]) {
        if let Kind::Map(m) = &mut self.kind {
            m.retain(|(k, _)| !keys.contains(&k.name.as_str()));
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The JSON value of this node.
    pub fn to_json(&self) -> Value {
        match &self.kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Int(i) => Value::from(*i),
            Kind::BigInt(s) => match s.parse::<u64>() {
                Ok(u) => Value::from(u),
                Err(_) => s
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or_else(|| Value::String(s.clone())),
            },
            Kind::Float(f) => serde_json::Number::from_f64(*f)
                .map(Value::Number)
                .unwrap_or(Value::Null),
            Kind::Str(s) => Value::String(s.clone()),
            Kind::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            Kind::Map(entries) => {
                let mut map = serde_json::Map::with_capacity(entries.len());
                for (k, v) in entries {
                    map.insert(k.name.clone(), v.to_json());
                }
                Value::Object(map)
            }
        }
    }

    /// A node for an already-parsed JSON value: no positions.
    pub fn from_json(v: &Value) -> Node {
        // Iterative-safe enough: serde_json itself refuses nesting beyond 128 levels.
        let kind = match v {
            Value::Null => Kind::Null,
            Value::Bool(b) => Kind::Bool(*b),
            Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    Kind::Int(i)
                } else if let Some(u) = n.as_u64() {
                    Kind::BigInt(u.to_string())
                } else {
                    Kind::Float(n.as_f64().unwrap_or(0.0))
                }
            }
            Value::String(s) => Kind::Str(s.clone()),
            Value::Array(a) => Kind::Seq(a.iter().map(Node::from_json).collect()),
            Value::Object(m) => Kind::Map(
                m.iter()
                    .map(|(k, v)| {
                        (
                            Key {
                                name: k.clone(),
                                line: 0,
                                col: 0,
                            },
                            Node::from_json(v),
                        )
                    })
                    .collect(),
            ),
        };
        Node {
            line: 0,
            col: 0,
            kind,
        }
    }
}

/// One parsed document of a source.
#[derive(Debug)]
pub struct ParsedDoc {
    pub root: Node,
    /// Where the document starts (its `---` or first content), 1-based.
    pub line: u32,
    pub col: u32,
}

/// A problem found while parsing, at a 1-based line and column.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseProblem {
    pub line: u32,
    pub col: u32,
    pub message: String,
    /// The path inside the document, when known (duplicate keys).
    pub path: String,
    /// True when parsing could not go on past this point.
    pub fatal: bool,
}

/// The result of parsing one source: the good documents, and the problems.
#[derive(Debug, Default)]
pub struct Parsed {
    pub docs: Vec<ParsedDoc>,
    pub problems: Vec<ParseProblem>,
}

enum Frame {
    Seq {
        items: Vec<Node>,
        line: u32,
        col: u32,
        anchor: usize,
        size: usize,
    },
    Map {
        entries: Vec<(Key, Node)>,
        /// The keys seen, once the map is big enough for linear search to hurt.
        seen: Option<std::collections::HashSet<String>>,
        key: Option<Key>,
        line: u32,
        col: u32,
        anchor: usize,
        size: usize,
    },
}

/// The innermost flow collection (`[` or `{`) still open on `stack`, with its position.
fn open_flow_bracket(text: &str, stack: &[Frame]) -> Option<(char, u32, u32)> {
    stack.iter().rev().find_map(|frame| {
        let (line, col) = match frame {
            Frame::Seq { line, col, .. } | Frame::Map { line, col, .. } => (*line, *col),
        };
        let c = text
            .lines()
            .nth(usize::try_from(line).ok()?.checked_sub(1)?)?
            .chars()
            .nth(usize::try_from(col).ok()?.checked_sub(1)?)?;
        matches!(c, '[' | '{').then_some((c, line, col))
    })
}

fn pos(span: &Span) -> (u32, u32) {
    let m = span.start;
    (
        u32::try_from(m.line()).unwrap_or(u32::MAX),
        u32::try_from(m.col() + 1).unwrap_or(u32::MAX),
    )
}

/// Resolve a plain scalar by the YAML 1.2 core schema.
fn resolve_plain(s: &str) -> Kind {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Kind::Null,
        "true" | "True" | "TRUE" => return Kind::Bool(true),
        "false" | "False" | "FALSE" => return Kind::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Kind::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Kind::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Kind::Float(f64::NAN),
        _ => {}
    }
    let bytes = s.as_bytes();
    let first = bytes[0];
    if !(first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.') {
        return Kind::Str(s.to_string());
    }
    let (neg, digits) = match first {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return match s.parse::<i64>() {
            Ok(i) => Kind::Int(i),
            Err(_) => Kind::BigInt(s.trim_start_matches('+').to_string()),
        };
    }
    if !neg {
        if let Some(hex) = s.strip_prefix("0x")
            && !hex.is_empty()
            && hex.bytes().all(|b| b.is_ascii_hexdigit())
        {
            return match i64::from_str_radix(hex, 16) {
                Ok(i) => Kind::Int(i),
                Err(_) => Kind::BigInt(s.to_string()),
            };
        }
        if let Some(oct) = s.strip_prefix("0o")
            && !oct.is_empty()
            && oct.bytes().all(|b| (b'0'..=b'7').contains(&b))
        {
            return match i64::from_str_radix(oct, 8) {
                Ok(i) => Kind::Int(i),
                Err(_) => Kind::BigInt(s.to_string()),
            };
        }
    }
    if is_core_float(digits)
        && let Ok(f) = s.parse::<f64>()
    {
        return Kind::Float(f);
    }
    Kind::Str(s.to_string())
}

/// `( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
fn is_core_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let f = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        frac_digits = i - f;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        let e = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == e {
            return false;
        }
    }
    i == b.len()
}

fn scalar_kind(value: Cow<'_, str>, style: ScalarStyle, tag: Option<&saphyr_parser::Tag>) -> Kind {
    if let Some(tag) = tag {
        if tag.handle == "tag:yaml.org,2002:" || tag.handle == "!!" {
            match tag.suffix.as_str() {
                "str" => return Kind::Str(value.into_owned()),
                "null" => return Kind::Null,
                _ => {}
            }
        } else {
            // A local tag (`!foo`): keep the text.
            return Kind::Str(value.into_owned());
        }
    }
    match style {
        ScalarStyle::Plain => resolve_plain(&value),
        _ => Kind::Str(value.into_owned()),
    }
}

/// Parse every document of `text`. Never panics; problems carry positions.
pub fn parse(text: &str) -> Parsed {
    let mut out = Parsed::default();
    let mut parser = Parser::new_from_str(text).keep_tags(true);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, (Node, usize)> = HashMap::new();
    let mut doc_root: Option<Node> = None;
    let mut doc_pos = (1u32, 1u32);
    let mut doc_nodes = 0usize;
    let mut doc_alias_nodes = 0usize;
    // A document already known to be bad (too deep, too big): skip to its end.
    let mut skipping = false;
    loop {
        let (event, span) = match parser.next_event() {
            None => break,
            Some(Ok(ev)) => ev,
            Some(Err(e)) => {
                let m = e.marker();
                let (mut line, mut col) = (
                    u32::try_from(m.line()).unwrap_or(u32::MAX),
                    u32::try_from(m.col() + 1).unwrap_or(u32::MAX),
                );
                let mut message = if e.info().contains("recursion limit") {
                    format!("nesting deeper than {MAX_DEPTH} levels")
                } else {
                    format!("syntax error: {}", e.info())
                };
                // Inside a `[` or `{` left open across a line break, or one the parser
                // expected to be closed, the parser notices only where it gives up (often
                // lines later): point at the bracket instead.
                if let Some((bracket, open_line, open_col)) = open_flow_bracket(text, &stack)
                    && (open_line < line || e.info().contains("expected ',' or"))
                {
                    message = format!(
                        "syntax error: this `{bracket}` is never closed (the parser stopped at line {line}, column {col}: {})",
                        e.info()
                    );
                    (line, col) = (open_line, open_col);
                }
                out.problems.push(ParseProblem {
                    line,
                    col,
                    message,
                    path: String::new(),
                    fatal: true,
                });
                break;
            }
        };
        if skipping {
            if matches!(event, Event::DocumentEnd) {
                skipping = false;
                stack.clear();
                anchors.clear();
            }
            continue;
        }
        let (line, col) = pos(&span);
        let finished: Option<(Node, usize, usize)> = match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing => None,
            Event::DocumentStart(_) => {
                doc_pos = (line, col);
                doc_root = None;
                doc_nodes = 0;
                doc_alias_nodes = 0;
                anchors.clear();
                None
            }
            Event::DocumentEnd => {
                if let Some(root) = doc_root.take()
                    && !matches!(root.kind, Kind::Null)
                {
                    out.docs.push(ParsedDoc {
                        root,
                        line: doc_pos.0,
                        col: doc_pos.1,
                    });
                }
                anchors.clear();
                None
            }
            Event::Alias(id) => match anchors.get(&id) {
                Some((node, size)) => {
                    doc_alias_nodes += size;
                    if doc_alias_nodes > ALIAS_BUDGET + doc_nodes {
                        out.problems.push(ParseProblem {
                            line,
                            col,
                            message: "too many alias expansions (is this a \"billion laughs\" alias bomb?)".to_string(),
                            path: String::new(),
                            fatal: false,
                        });
                        skipping = true;
                        doc_root = None;
                        continue;
                    }
                    let mut n = node.clone();
                    n.line = line;
                    n.col = col;
                    Some((n, 0, *size))
                }
                None => {
                    out.problems.push(ParseProblem {
                        line,
                        col,
                        message: "syntax error: unknown anchor".to_string(),
                        path: String::new(),
                        fatal: true,
                    });
                    break;
                }
            },
            Event::Scalar(value, style, anchor, tag) => {
                doc_nodes += 1;
                let kind = scalar_kind(value, style, tag.as_deref());
                Some((Node { line, col, kind }, anchor, 1))
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                doc_nodes += 1;
                if stack.len() >= MAX_DEPTH {
                    out.problems.push(ParseProblem {
                        line,
                        col,
                        message: format!("nesting deeper than {MAX_DEPTH} levels"),
                        path: String::new(),
                        fatal: false,
                    });
                    skipping = true;
                    doc_root = None;
                    continue;
                }
                if matches!(event, Event::SequenceStart(..)) {
                    stack.push(Frame::Seq {
                        items: Vec::new(),
                        line,
                        col,
                        anchor,
                        size: 1,
                    });
                } else {
                    stack.push(Frame::Map {
                        entries: Vec::new(),
                        seen: None,
                        key: None,
                        line,
                        col,
                        anchor,
                        size: 1,
                    });
                }
                None
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq {
                    items,
                    line,
                    col,
                    anchor,
                    size,
                }) => Some((
                    Node {
                        line,
                        col,
                        kind: Kind::Seq(items),
                    },
                    anchor,
                    size,
                )),
                _ => None,
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map {
                    entries,
                    line,
                    col,
                    anchor,
                    size,
                    ..
                }) => Some((
                    Node {
                        line,
                        col,
                        kind: Kind::Map(entries),
                    },
                    anchor,
                    size,
                )),
                _ => None,
            },
        };
        let Some((node, anchor, size)) = finished else {
            continue;
        };
        if anchor > 0 {
            anchors.insert(anchor, (node.clone(), size));
        }
        match stack.last_mut() {
            None => doc_root = Some(node),
            Some(Frame::Seq { items, size: s, .. }) => {
                *s += size;
                items.push(node);
            }
            Some(Frame::Map {
                entries,
                seen,
                key,
                size: s,
                ..
            }) => {
                *s += size;
                match key.take() {
                    None => {
                        // This node is a key.
                        let name = match node.kind {
                            Kind::Str(s) => s,
                            Kind::Null => String::new(),
                            Kind::Bool(b) => b.to_string(),
                            Kind::Int(i) => i.to_string(),
                            Kind::BigInt(s) => s,
                            Kind::Float(f) => f.to_string(),
                            Kind::Seq(_) | Kind::Map(_) => {
                                out.problems.push(ParseProblem {
                                    line: node.line,
                                    col: node.col,
                                    message:
                                        "a mapping key must be a string, not an array or object"
                                            .to_string(),
                                    path: String::new(),
                                    fatal: false,
                                });
                                String::from("?")
                            }
                        };
                        if entries.len() >= 32 && seen.is_none() {
                            *seen = Some(entries.iter().map(|(k, _)| k.name.clone()).collect());
                        }
                        let duplicate = match seen {
                            Some(set) => !set.insert(name.clone()),
                            None => entries.iter().any(|(k, _)| k.name == name),
                        };
                        if duplicate {
                            out.problems.push(ParseProblem {
                                line: node.line,
                                col: node.col,
                                message: format!("duplicate key {}", super::quote(&name)),
                                path: String::new(),
                                fatal: false,
                            });
                        }
                        *key = Some(Key {
                            name,
                            line: node.line,
                            col: node.col,
                        });
                    }
                    Some(k) => entries.push((k, node)),
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unclosed_bracket_is_reported_where_it_opens() {
        let text = "kind: User\nmetadata:\n  name: a\nspec:\n  username: a\n  email: [unclosed\n  displayName: x\n";
        let p = parse(text);
        assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
        let problem = &p.problems[0];
        assert_eq!((problem.line, problem.col), (6, 10), "{:?}", p.problems);
        assert!(
            problem.message.contains("`[` is never closed"),
            "{:?}",
            p.problems
        );
        // Elsewhere the parser's own position stands.
        let p = parse("a: b: c\n");
        assert_eq!(p.problems[0].line, 1);
    }

    #[test]
    fn positions_are_one_based() {
        let p = parse("a: 1\nb:\n  - x\n");
        assert!(p.problems.is_empty());
        let root = &p.docs[0].root;
        let (k, v) = match &root.kind {
            Kind::Map(m) => (&m[1].0, &m[1].1),
            _ => panic!(),
        };
        assert_eq!((k.line, k.col), (2, 1));
        assert_eq!((v.line, v.col), (3, 3));
    }

    #[test]
    fn core_schema() {
        let p = parse("[1, -2, 1.5, true, null, ~, '1', abc, 0x1F, 99999999999999999999, 1e3, .5]");
        let v = p.docs[0].root.to_json();
        assert_eq!(
            v.to_string(),
            r#"[1,-2,1.5,true,null,null,"1","abc",31,1e+20,1000.0,0.5]"#
        );
    }

    #[test]
    fn json_positions() {
        let p = parse("{\n  \"spec\": {\"email\": 3}\n}");
        let spec = p.docs[0].root.get("spec").unwrap();
        let email = spec.get("email").unwrap();
        assert_eq!((email.line, email.col), (2, 21));
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            s.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let p = parse(&s);
        assert!(p.docs.is_empty());
        assert!(p.problems[0].message.contains("alias"), "{:?}", p.problems);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let s = "[".repeat(10_000) + &"]".repeat(10_000);
        let p = parse(&s);
        assert!(p.docs.is_empty());
        assert!(!p.problems.is_empty());
        let s = "a:\n".to_string()
            + &(1..3000)
                .map(|i| format!("{}- \n", " ".repeat(i)))
                .collect::<String>();
        let p = parse(&s);
        assert!(!p.problems.is_empty() || p.docs.len() <= 1);
    }
}
