//! kubectl's JSONPath template language, ported from k8s.io/client-go/util/jsonpath and
//! checked against kubectl 1.32 (see the table-driven test at the bottom):
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

use std::borrow::Cow;
use std::io::Write;

use serde_json::Value;

use super::json;
use crate::error::Result;

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

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Action(Vec<Step>),
    Range { expr: Vec<Step>, body: Vec<Node> },
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Field(String),
    Wildcard,
    Recursive,
    Array([Param; 3]),
    Union(Vec<Vec<Step>>),
    Filter {
        left: Vec<Step>,
        op: Op,
        right: Vec<Step>,
    },
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Param {
    known: bool,
    value: i64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Exists,
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
}

/// What one `{…}` holds before the tree is built.
#[derive(Debug)]
enum Item {
    Step(Step),
    Range,
    End,
}

#[derive(Debug)]
enum Raw {
    Text(String),
    List(Vec<Item>),
}

impl Template {
    /// Parse a template; the error names the problem ("unterminated array", …).
    pub fn parse(raw: &str) -> std::result::Result<Template, String> {
        let mut p = Parser::new(raw);
        let root = p.parse()?;
        let mut it = root.into_iter();
        let nodes = build(&mut it, 0)?;
        Ok(Template {
            raw: raw.to_string(),
            nodes,
        })
    }

    /// The template as written.
    pub fn as_str(&self) -> &str {
        &self.raw
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

// ---------------------------------------------------------------------------------------
// Building the tree: `{range …}` opens a body that `{end}` closes.

fn build(it: &mut std::vec::IntoIter<Raw>, depth: usize) -> std::result::Result<Vec<Node>, String> {
    let mut nodes = Vec::new();
    while let Some(raw) = it.next() {
        match raw {
            Raw::Text(s) => nodes.push(Node::Text(s)),
            Raw::List(items) => match items.first() {
                Some(Item::Range) => {
                    let expr = steps(items.into_iter().skip(1))?;
                    let body = build(it, depth + 1)?;
                    nodes.push(Node::Range { expr, body });
                }
                Some(Item::End) => {
                    if depth == 0 {
                        return Err("not in range, nothing to end".into());
                    }
                    return Ok(nodes);
                }
                _ => nodes.push(Node::Action(steps(items.into_iter())?)),
            },
        }
    }
    // Like kubectl, a `{range}` without `{end}` runs to the end of the template.
    Ok(nodes)
}

fn steps(items: impl Iterator<Item = Item>) -> std::result::Result<Vec<Step>, String> {
    items
        .map(|i| match i {
            Item::Step(s) => Ok(s),
            Item::Range => Err("range must come first in its {…}".to_string()),
            Item::End => Err("end must stand alone in its {…}".to_string()),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// The parser: a port of client-go's, working on byte offsets of a &str.

struct Parser<'s> {
    input: &'s str,
    pos: usize,
    start: usize,
    root: Vec<Raw>,
}

const EOF: Option<char> = None;

fn is_terminator(r: Option<char>) -> bool {
    match r {
        None => true,
        Some(c) => matches!(
            c,
            ' ' | '\t' | '\r' | '\n' | '.' | ',' | '[' | ']' | '$' | '@' | '{' | '}'
        ),
    }
}

fn is_alnum(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

impl<'s> Parser<'s> {
    fn new(input: &'s str) -> Self {
        Parser {
            input,
            pos: 0,
            start: 0,
            root: Vec::new(),
        }
    }

    fn rest(&self) -> &'s str {
        &self.input[self.pos..]
    }

    fn next(&mut self) -> Option<char> {
        let c = self.rest().chars().next()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn backup(&mut self, c: Option<char>) {
        if let Some(c) = c {
            self.pos -= c.len_utf8();
        }
    }

    fn consume(&mut self) -> &'s str {
        let s = &self.input[self.start..self.pos];
        self.start = self.pos;
        s
    }

    fn parse(&mut self) -> std::result::Result<Vec<Raw>, String> {
        // Text until `{`, then an action until `}`, and so on.
        loop {
            match self.rest().find('{') {
                None => {
                    self.pos = self.input.len();
                    let t = self.consume();
                    if !t.is_empty() {
                        self.root.push(Raw::Text(t.to_string()));
                    }
                    return Ok(std::mem::take(&mut self.root));
                }
                Some(i) => {
                    self.pos += i;
                    let t = self.consume();
                    if !t.is_empty() {
                        self.root.push(Raw::Text(t.to_string()));
                    }
                    self.pos += 1;
                    self.consume();
                    let mut list = Vec::new();
                    self.inside_action(&mut list)?;
                    self.root.push(Raw::List(list));
                }
            }
        }
    }

    /// One action: returns after its `}`.
    fn inside_action(&mut self, cur: &mut Vec<Item>) -> std::result::Result<(), String> {
        loop {
            let rest = self.rest();
            if rest.starts_with('}') {
                self.pos += 1;
                self.consume();
                return Ok(());
            }
            if rest.starts_with("[?(") {
                self.filter(cur)?;
                continue;
            }
            if rest.starts_with("..") {
                if matches!(cur.last(), Some(Item::Step(Step::Recursive))) {
                    return Err("invalid multiple recursive descent".into());
                }
                self.pos += 2;
                self.consume();
                cur.push(Item::Step(Step::Recursive));
                if self.peek().is_some_and(is_alnum) {
                    self.field(cur);
                }
                continue;
            }
            let r = self.next();
            match r {
                None | Some('\r' | '\n') => return Err("unclosed action".into()),
                Some(' ' | '@' | '$') => {
                    self.consume();
                }
                Some('[') => self.array(cur)?,
                Some(q @ ('"' | '\'')) => self.quote(cur, q)?,
                Some('.') => self.field(cur),
                Some(c) if c == '+' || c == '-' || c.is_ascii_digit() => {
                    self.backup(r);
                    self.number(cur)?;
                }
                Some(c) if is_alnum(c) => {
                    self.backup(r);
                    self.identifier(cur)?;
                }
                Some(c) => {
                    return Err(format!(
                        "unrecognized character in action: U+{:04X} '{c}'",
                        c as u32
                    ));
                }
            }
        }
    }

    fn field(&mut self, cur: &mut Vec<Item>) {
        self.consume();
        loop {
            let r = self.next();
            if r == Some('\\') {
                self.next();
            } else if is_terminator(r) {
                self.backup(r);
                break;
            }
        }
        let value = self.consume();
        if value == "*" {
            cur.push(Item::Step(Step::Wildcard));
        } else {
            cur.push(Item::Step(Step::Field(value.replace('\\', ""))));
        }
    }

    fn identifier(&mut self, cur: &mut Vec<Item>) -> std::result::Result<(), String> {
        loop {
            let r = self.next();
            if is_terminator(r) {
                self.backup(r);
                break;
            }
        }
        let value = self.consume();
        cur.push(match value {
            "true" => Item::Step(Step::Bool(true)),
            "false" => Item::Step(Step::Bool(false)),
            "range" => Item::Range,
            "end" => Item::End,
            other => return Err(format!("unrecognized identifier {other}")),
        });
        Ok(())
    }

    fn number(&mut self, cur: &mut Vec<Item>) -> std::result::Result<(), String> {
        if matches!(self.peek(), Some('+' | '-')) {
            self.next();
        }
        loop {
            let r = self.next();
            if !matches!(r, Some(c) if c == '.' || c.is_ascii_digit()) {
                self.backup(r);
                break;
            }
        }
        let value = self.consume();
        if let Ok(i) = value.parse::<i64>() {
            cur.push(Item::Step(Step::Int(i)));
        } else if let Ok(f) = value.parse::<f64>() {
            cur.push(Item::Step(Step::Float(f)));
        } else {
            return Err(format!("cannot parse number {value}"));
        }
        Ok(())
    }

    fn quote(&mut self, cur: &mut Vec<Item>, end: char) -> std::result::Result<(), String> {
        loop {
            match self.next() {
                EOF | Some('\n') => return Err("unterminated quoted string".into()),
                Some(c) if c == end && self.input.as_bytes()[self.pos - 2] != b'\\' => break,
                _ => {}
            }
        }
        let value = self.consume();
        let s = unquote(value).map_err(|e| format!("unquote string {value} error {e}"))?;
        cur.push(Item::Step(Step::Text(s)));
        Ok(())
    }

    fn array(&mut self, cur: &mut Vec<Item>) -> std::result::Result<(), String> {
        loop {
            match self.next() {
                EOF | Some('\n') => return Err("unterminated array".into()),
                Some(']') => break,
                _ => {}
            }
        }
        let text = self.consume();
        let mut text = &text[1..text.len() - 1];
        if text == "*" {
            text = ":";
        }
        // A quoted key: one key, dots and all (see the module docs).
        for q in ['\'', '"'] {
            if text.len() >= 2
                && text.starts_with(q)
                && text.ends_with(q)
                && !text[1..text.len() - 1].contains(q)
            {
                cur.push(Item::Step(Step::Field(text[1..text.len() - 1].to_string())));
                return Ok(());
            }
        }
        let parts: Vec<&str> = text.split(',').collect();
        if parts.len() > 1 {
            let mut union = Vec::new();
            for part in parts {
                union.push(parse_steps(&format!("[{}]", part.trim_matches(' ')))?);
            }
            cur.push(Item::Step(Step::Union(union)));
            return Ok(());
        }
        cur.push(Item::Step(Step::Array(slice_params(text)?)));
        Ok(())
    }

    fn filter(&mut self, cur: &mut Vec<Item>) -> std::result::Result<(), String> {
        self.pos += 3;
        self.consume();
        let (mut begin, mut end) = (false, false);
        let mut pair = '"';
        loop {
            let r = self.next();
            match r {
                EOF | Some('\n') => return Err("unterminated filter".into()),
                Some(q @ ('"' | '\'')) => {
                    if !begin {
                        begin = true;
                        pair = q;
                        continue;
                    }
                    if self.input.as_bytes()[self.pos - 2] != b'\\' && q == pair {
                        end = true;
                    }
                }
                Some(')') if begin == end => break,
                _ => {}
            }
        }
        if self.next() != Some(']') {
            return Err("unclosed array expect ]".into());
        }
        let text = self.consume();
        let text = &text[..text.len() - 2];
        // `^([^!<>=]+)([!<>=]+)(.+?)$`
        let op_start = text.find(['!', '<', '>', '=']);
        let step = match op_start {
            Some(i) if i > 0 => {
                let op_len = text[i..]
                    .find(|c: char| !matches!(c, '!' | '<' | '>' | '='))
                    .unwrap_or(text.len() - i);
                let (left, op, right) = (&text[..i], &text[i..i + op_len], &text[i + op_len..]);
                if right.is_empty() {
                    return Err(format!("invalid filter {text}: nothing to compare with"));
                }
                let op = match op {
                    "==" => Op::Eq,
                    "!=" => Op::Ne,
                    "<" => Op::Lt,
                    ">" => Op::Gt,
                    "<=" => Op::Le,
                    ">=" => Op::Ge,
                    other => return Err(format!("unrecognized filter operator {other}")),
                };
                Step::Filter {
                    left: parse_steps(left)?,
                    op,
                    right: parse_steps(right)?,
                }
            }
            _ => Step::Filter {
                left: parse_steps(text)?,
                op: Op::Exists,
                right: Vec::new(),
            },
        };
        cur.push(Item::Step(step));
        Ok(())
    }
}

/// Parse the inside of one action (`parseAction` in client-go).
fn parse_steps(action: &str) -> std::result::Result<Vec<Step>, String> {
    let text = format!("{{{action}}}");
    let mut p = Parser::new(&text);
    let root = p.parse()?;
    match root.into_iter().next() {
        Some(Raw::List(items)) => steps(items.into_iter()),
        _ => Err(format!("invalid expression {action}")),
    }
}

/// `^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$` and its meaning.
fn slice_params(text: &str) -> std::result::Result<[Param; 3], String> {
    let bad = || format!("invalid array index {text}");
    let fields: Vec<&str> = text.split(':').collect();
    if fields.len() > 3 {
        return Err(bad());
    }
    let number = |s: &str| -> std::result::Result<Option<i64>, String> {
        let digits = s.strip_prefix('-').unwrap_or(s);
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        if s.is_empty() {
            return Ok(None);
        }
        s.parse::<i64>()
            .map(Some)
            .map_err(|_| format!("array index {s} is not a number"))
    };
    let mut params = [Param::default(); 3];
    if let Some(v) = number(fields[0])? {
        params[0] = Param {
            known: true,
            value: v,
        };
    }
    if fields.len() == 1 {
        // `[n]`: the slice `[n:n+1]` (with n+1 = 0 meaning the end, for `[-1]`).
        params[1] = Param {
            known: true,
            value: params[0].value + 1,
        };
        if params[1].value == 0 {
            params[1].known = false;
        }
        if !params[0].known {
            return Err(bad());
        }
    }
    for i in 1..fields.len() {
        if let Some(v) = number(fields[i])? {
            params[i] = Param {
                known: true,
                value: v,
            };
        }
    }
    Ok(params)
}

/// Go's `strconv.Unquote`, for both quote kinds.
fn unquote(s: &str) -> std::result::Result<String, &'static str> {
    let q = s.chars().next().ok_or("invalid syntax")?;
    if s.len() < 2 || !s.ends_with(q) {
        return Err("invalid syntax");
    }
    let body = &s[1..s.len() - 1];
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars.next().ok_or("invalid syntax")?;
        let hex =
            |chars: &mut std::str::Chars, n: usize| -> std::result::Result<char, &'static str> {
                let h: String = chars.by_ref().take(n).collect();
                if h.len() != n {
                    return Err("invalid syntax");
                }
                u32::from_str_radix(&h, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or("invalid syntax")
            };
        out.push(match e {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'a' => '\x07',
            'b' => '\x08',
            'f' => '\x0c',
            'v' => '\x0b',
            '\\' => '\\',
            '"' => '"',
            '\'' => '\'',
            'x' => hex(&mut chars, 2)?,
            'u' => hex(&mut chars, 4)?,
            'U' => hex(&mut chars, 8)?,
            '0'..='7' => {
                let rest: String = chars.by_ref().take(2).collect();
                let o = format!("{e}{rest}");
                u32::from_str_radix(&o, 8)
                    .ok()
                    .filter(|_| o.len() == 3)
                    .and_then(char::from_u32)
                    .ok_or("invalid syntax")?
            }
            _ => return Err("invalid syntax"),
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Evaluation.

type Vals<'a> = Vec<Cow<'a, Value>>;
type R<T> = std::result::Result<T, String>;

fn exec(nodes: &[Node], data: &Value, allow: bool, out: &mut Vec<u8>) -> R<()> {
    for node in nodes {
        match node {
            Node::Text(s) => out.extend_from_slice(s.as_bytes()),
            Node::Action(steps) => {
                let vals = eval(steps, vec![Cow::Borrowed(data)], allow)?;
                print_results(&vals, out);
            }
            Node::Range { expr, body } => {
                for v in eval(expr, vec![Cow::Borrowed(data)], allow)? {
                    exec(body, &v, allow, out)?;
                }
            }
        }
    }
    Ok(())
}

fn print_results(vals: &[Cow<'_, Value>], out: &mut Vec<u8>) {
    for (i, v) in vals.iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        match &**v {
            Value::String(s) => out.extend_from_slice(s.as_bytes()),
            Value::Number(n) => out.extend_from_slice(go_print_number(n).as_bytes()),
            Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
            Value::Null => out.extend_from_slice(b"null"),
            other => json::write_compact(out, other),
        }
    }
}

/// `fmt.Fprint` of an unstructured int64 or float64 (`%v`: shortest `%g`).
pub(crate) fn go_print_number(n: &serde_json::Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    go_g(n.as_f64().unwrap_or(0.0))
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)`.
pub(crate) fn go_g(f: f64) -> String {
    if f == 0.0 || !f.is_finite() {
        return match f {
            x if x.is_nan() => "NaN".into(),
            x if x == f64::INFINITY => "+Inf".into(),
            x if x == f64::NEG_INFINITY => "-Inf".into(),
            _ => "0".into(),
        };
    }
    let e = format!("{f:e}");
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mant}e{sign}{:02}", exp.abs())
    } else {
        format!("{f}")
    }
}

fn eval<'a>(steps: &'a [Step], mut cur: Vals<'a>, allow: bool) -> R<Vals<'a>> {
    for step in steps {
        cur = eval_step(step, cur, allow)?;
    }
    Ok(cur)
}

fn child<'a>(v: &Cow<'a, Value>, f: impl Fn(&Value) -> Option<&Value>) -> Option<Cow<'a, Value>> {
    match v {
        Cow::Borrowed(b) => f(b).map(Cow::Borrowed),
        Cow::Owned(o) => f(o).cloned().map(Cow::Owned),
    }
}

fn elements<'a>(v: &Cow<'a, Value>) -> Vals<'a> {
    match v {
        Cow::Borrowed(Value::Array(a)) => a.iter().map(Cow::Borrowed).collect(),
        Cow::Borrowed(Value::Object(m)) => json::sorted(m)
            .into_iter()
            .map(|(_, x)| Cow::Borrowed(x))
            .collect(),
        Cow::Owned(Value::Array(a)) => a.iter().cloned().map(Cow::Owned).collect(),
        Cow::Owned(Value::Object(m)) => json::sorted(m)
            .into_iter()
            .map(|(_, x)| Cow::Owned(x.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "<nil>",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float64",
        Value::Number(_) => "int64",
        Value::String(_) => "string",
        Value::Array(_) => "[]interface {}",
        Value::Object(_) => "map[string]interface {}",
    }
}

fn eval_step<'a>(step: &'a Step, input: Vals<'a>, allow: bool) -> R<Vals<'a>> {
    let mut out: Vals<'a> = Vec::new();
    match step {
        Step::Field(name) => {
            if input.is_empty() {
                return Ok(out);
            }
            for v in &input {
                if let Some(c) = child(v, |x| x.as_object().and_then(|m| m.get(name.as_str()))) {
                    out.push(c);
                }
            }
            if out.is_empty() && !allow {
                return Err(format!("{name} is not found"));
            }
        }
        Step::Wildcard => {
            for v in &input {
                out.extend(elements(v));
            }
        }
        Step::Recursive => {
            for v in input {
                recurse(v, &mut out);
            }
        }
        Step::Array(params) => {
            for v in &input {
                if v.is_null() {
                    continue;
                }
                let len = match &**v {
                    Value::Array(a) => a.len() as i64,
                    other => return Err(format!("{} is not array or slice", go_type(other))),
                };
                let [p0, p1, p2] = *params;
                let mut start = if p0.known { p0.value } else { 0 };
                if start < 0 {
                    start += len;
                }
                let mut end = if p1.known { p1.value } else { len };
                if end < 0 {
                    end += len;
                }
                if end != start {
                    if start >= len || start < 0 {
                        return Err(format!(
                            "array index out of bounds: index {start}, length {len}"
                        ));
                    }
                    if end > len || end < 0 {
                        return Err(format!(
                            "array index out of bounds: index {}, length {len}",
                            end - 1
                        ));
                    }
                    if start > end {
                        return Err(format!(
                            "starting index {start} is greater than ending index {end}"
                        ));
                    }
                } else {
                    continue;
                }
                let step = if p2.known { p2.value } else { 1 };
                if step <= 0 {
                    return Err("step must be > 0".into());
                }
                let mut i = start;
                while i < end {
                    let idx = i as usize;
                    if let Some(c) = child(v, |x| x.as_array().and_then(|a| a.get(idx))) {
                        out.push(c);
                    }
                    i += step;
                }
            }
        }
        Step::Union(lists) => {
            for l in lists {
                out.extend(eval(l, input.clone(), allow)?);
            }
        }
        Step::Filter { left, op, right } => {
            for v in &input {
                if !v.is_array() {
                    return Err(format!(
                        "{} is not array or slice and cannot be filtered",
                        go_type(v)
                    ));
                }
                for item in elements(v) {
                    let lefts = eval(left, vec![item.clone()], allow);
                    if *op == Op::Exists {
                        if lefts.is_ok_and(|l| !l.is_empty()) {
                            out.push(item);
                        }
                        continue;
                    }
                    let lefts = lefts?;
                    match lefts.len() {
                        0 => continue,
                        1 => {}
                        _ => return Err("can only compare one element at a time".into()),
                    }
                    let rights = eval(right, vec![item.clone()], allow)?;
                    match rights.len() {
                        0 => continue,
                        1 => {}
                        _ => return Err("can only compare one element at a time".into()),
                    }
                    if compare(&lefts[0], *op, &rights[0])? {
                        out.push(item);
                    }
                }
            }
        }
        Step::Text(s) => out.push(Cow::Owned(Value::String(s.clone()))),
        Step::Int(i) => out.extend(input.iter().map(|_| Cow::Owned(Value::from(*i)))),
        Step::Float(f) => out.extend(input.iter().map(|_| Cow::Owned(Value::from(*f)))),
        Step::Bool(b) => out.extend(input.iter().map(|_| Cow::Owned(Value::Bool(*b)))),
    }
    Ok(out)
}

fn recurse<'a>(v: Cow<'a, Value>, out: &mut Vals<'a>) {
    let kids = elements(&v);
    if kids.is_empty() {
        return;
    }
    out.push(v);
    for k in kids {
        recurse(k, out);
    }
}

/// Go template comparison (`eq`, `lt`, …) of two JSON values.
fn compare(a: &Value, op: Op, b: &Value) -> R<bool> {
    use std::cmp::Ordering;
    let incompatible = || "incompatible types for comparison".to_string();
    let invalid = || "invalid type for comparison".to_string();
    let ord: Ordering = match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => {
            return match op {
                Op::Eq => Ok(x == y),
                Op::Ne => Ok(x != y),
                _ => Err(invalid()),
            };
        }
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Number(x), Value::Number(y)) => {
            let xf = x.is_f64();
            let yf = y.is_f64();
            if xf != yf {
                return Err(incompatible());
            }
            if xf {
                let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
                match x.partial_cmp(&y) {
                    Some(o) => o,
                    None => return Ok(op == Op::Ne),
                }
            } else {
                let x = x.as_i128();
                let y = y.as_i128();
                x.cmp(&y)
            }
        }
        (Value::Null | Value::Array(_) | Value::Object(_), _)
        | (_, Value::Null | Value::Array(_) | Value::Object(_)) => return Err(invalid()),
        _ => return Err(incompatible()),
    };
    Ok(match op {
        Op::Eq => ord.is_eq(),
        Op::Ne => ord.is_ne(),
        Op::Lt => ord.is_lt(),
        Op::Gt => ord.is_gt(),
        Op::Le => ord.is_le(),
        Op::Ge => ord.is_ge(),
        Op::Exists => true,
    })
}
