//! The template parser (a port of client-go's) and the tree it builds: `{range …}` opens
//! a body that `{end}` closes.

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
    Text(String),
    Action(Vec<Step>),
    Range { expr: Vec<Step>, body: Vec<Node> },
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Step {
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
pub(super) struct Param {
    pub(super) known: bool,
    pub(super) value: i64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Op {
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

/// Parse a whole template into its tree.
pub(super) fn parse(raw: &str) -> std::result::Result<Vec<Node>, String> {
    let mut p = Parser::new(raw);
    let root = p.parse()?;
    let mut it = root.into_iter();
    build(&mut it, 0)
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
