//! YAML exactly as kubectl prints it: `json.Marshal` of the unstructured object, then
//! sigs.k8s.io/yaml's JSON→YAML through go-yaml v2's emitter. So: keys sorted, 2-space
//! indentation, sequences not indented under their key, strings that would read back as
//! something else (`"true"`, `"1"`, `""`, timestamps) double-quoted, strings that cannot
//! be plain single-quoted, multi-line strings as `|` blocks, long plain strings folded
//! after column 80. Checked against kubectl 1.32 (`tests/output_yaml.rs`).

use serde_json::{Map, Number, Value};

use super::json::{go_number, sorted};
use super::jsonpath::go_g;

const BEST_WIDTH: usize = 80;

/// One object as a YAML document (no `---`), ending with a newline.
pub fn write_document(out: &mut String, v: &Value, strip_managed: bool) {
    let skip = if strip_managed { Skip::Top } else { Skip::None };
    match v {
        Value::Object(m) if !m.is_empty() => mapping(out, m, 0, false, skip),
        Value::Array(a) if !a.is_empty() => sequence(out, a, 0, false),
        other => {
            scalar(out, other, 0);
            out.push('\n');
        }
    }
}

/// One item of a list's `items:` sequence (`- ` then the object, indented by 2).
pub fn write_list_item(out: &mut String, v: &Value, strip_managed: bool) {
    let skip = if strip_managed { Skip::Top } else { Skip::None };
    out.push_str("- ");
    item_body(out, v, 0, skip);
}

#[derive(Clone, Copy, PartialEq)]
enum Skip {
    None,
    Top,
    Meta,
}

fn spaces(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

fn column(out: &str) -> usize {
    let line = match out.rfind('\n') {
        Some(i) => &out[i + 1..],
        None => out,
    };
    line.chars().count()
}

/// A block mapping whose keys sit at `indent`; with `inline`, the first key follows a
/// `- ` already written.
fn mapping(out: &mut String, m: &Map<String, Value>, indent: usize, inline: bool, skip: Skip) {
    let mut first = true;
    for (k, v) in sorted(m) {
        if skip == Skip::Meta && k == "managedFields" {
            continue;
        }
        if !(first && inline) {
            spaces(out, indent);
        }
        first = false;
        key(out, k);
        out.push(':');
        let child = if skip == Skip::Top && k == "metadata" {
            Skip::Meta
        } else {
            Skip::None
        };
        match v {
            Value::Object(c) if !c.is_empty() && !only_managed(c, child) => {
                out.push('\n');
                mapping(out, c, indent + 2, false, child);
            }
            Value::Object(_) => out.push_str(" {}\n"),
            Value::Array(a) if !a.is_empty() => {
                out.push('\n');
                sequence(out, a, indent, false);
            }
            Value::Array(_) => out.push_str(" []\n"),
            other => {
                out.push(' ');
                if !scalar(out, other, indent + 2) {
                    out.push('\n');
                }
            }
        }
    }
    if first {
        // Everything was skipped.
        if inline {
            out.push_str("{}\n");
        }
    }
}

fn only_managed(m: &Map<String, Value>, skip: Skip) -> bool {
    skip == Skip::Meta && m.len() == 1 && m.contains_key("managedFields")
}

/// A block sequence whose `- ` sit at `indent`.
fn sequence(out: &mut String, a: &[Value], indent: usize, inline: bool) {
    for (i, v) in a.iter().enumerate() {
        if !(i == 0 && inline) {
            spaces(out, indent);
        }
        out.push_str("- ");
        item_body(out, v, indent, Skip::None);
    }
}

/// What follows a `- ` at `indent`.
fn item_body(out: &mut String, v: &Value, indent: usize, skip: Skip) {
    match v {
        Value::Object(m) if !m.is_empty() => mapping(out, m, indent + 2, true, skip),
        Value::Object(_) => out.push_str("{}\n"),
        Value::Array(a) if !a.is_empty() => sequence(out, a, indent + 2, true),
        Value::Array(_) => out.push_str("[]\n"),
        other => {
            if !scalar(out, other, indent + 2) {
                out.push('\n');
            }
        }
    }
}

/// A scalar value; `indent` is where folded or block lines continue. Returns true when
/// it already ended its line (block scalars).
fn scalar(out: &mut String, v: &Value, indent: usize) -> bool {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&yaml_number(n)),
        Value::String(s) => return string(out, s, indent, false),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
    false
}

/// Go's JSON text of the number read back by go-yaml: integers stay, floats are `%g`.
fn yaml_number(n: &Number) -> String {
    let j = go_number(n);
    if let Ok(i) = j.parse::<i64>() {
        return i.to_string();
    }
    if j.parse::<u64>().is_ok() {
        return j;
    }
    match j.parse::<f64>() {
        Ok(f) if f.is_finite() => go_g(f),
        _ => j,
    }
}

fn key(out: &mut String, k: &str) {
    string(out, k, 0, true);
}

#[derive(Debug, PartialEq, Clone, Copy)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

struct Analysis {
    block_plain: bool,
    single: bool,
    block: bool,
    multiline: bool,
}

fn is_printable(c: char) -> bool {
    matches!(c as u32, 0x0A | 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD) && c != '\u{FEFF}'
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// go-yaml v2's `yaml_emitter_analyze_scalar`, block context.
fn analyze(s: &str) -> Analysis {
    if s.is_empty() {
        return Analysis {
            block_plain: true,
            single: true,
            block: false,
            multiline: false,
        };
    }
    let (mut block_ind, mut special) = (false, false);
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
        (false, false, false, false);
    let (mut break_space, mut space_break, mut line_breaks) = (false, false, false);
    let (mut prev_space, mut prev_break) = (false, false);
    if s.starts_with("---") || s.starts_with("...") {
        block_ind = true;
    }
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let mut preceded_by_ws = true;
    for i in 0..n {
        let c = chars[i];
        let followed_by_ws =
            i + 1 >= n || matches!(chars[i + 1], ' ' | '\t') || is_break(chars[i + 1]);
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => block_ind = true,
                '?' | ':' | '-' if followed_by_ws => block_ind = true,
                _ => {}
            }
        } else {
            match c {
                ':' if followed_by_ws => block_ind = true,
                '#' if preceded_by_ws => block_ind = true,
                _ => {}
            }
        }
        if !is_printable(c) {
            special = true;
        }
        if c == ' ' {
            if i == 0 {
                leading_space = true;
            }
            if i + 1 == n {
                trailing_space = true;
            }
            if prev_break {
                break_space = true;
            }
            prev_space = true;
            prev_break = false;
        } else if is_break(c) {
            line_breaks = true;
            if i == 0 {
                leading_break = true;
            }
            if i + 1 == n {
                trailing_break = true;
            }
            if prev_space {
                space_break = true;
            }
            prev_space = false;
            prev_break = true;
        } else {
            prev_space = false;
            prev_break = false;
        }
        preceded_by_ws = matches!(c, ' ' | '\t') || is_break(c);
    }
    let mut a = Analysis {
        block_plain: true,
        single: true,
        block: true,
        multiline: line_breaks,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.block_plain = false;
    }
    if trailing_space {
        a.block = false;
    }
    if break_space {
        a.block_plain = false;
        a.single = false;
    }
    if space_break || special {
        a.block_plain = false;
        a.single = false;
        a.block = false;
    }
    if line_breaks || block_ind {
        a.block_plain = false;
    }
    a
}

/// Would go-yaml v2 read this plain string back as something other than a string?
fn resolves_to_non_string(s: &str) -> bool {
    if matches!(
        s,
        "" | "~"
            | "null"
            | "Null"
            | "NULL"
            | "y"
            | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "on"
            | "On"
            | "ON"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "off"
            | "Off"
            | "OFF"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | ".nan"
            | ".NaN"
            | ".NAN"
            | ".inf"
            | ".Inf"
            | ".INF"
            | "+.inf"
            | "+.Inf"
            | "+.INF"
            | "-.inf"
            | "-.Inf"
            | "-.INF"
    ) {
        return true;
    }
    let first = s.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return false;
    }
    if first == b'.' {
        return s[1..].parse::<f64>().is_ok() && is_yaml_float(s);
    }
    if is_timestamp(s) || is_base60(s) {
        return true;
    }
    let plain = s.replace('_', "");
    is_go_int(&plain) || is_yaml_float(&plain)
}

/// `strconv.ParseInt(s, 0, 64)` or `ParseUint` would accept it.
fn is_go_int(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (digits, radix) = if let Some(h) = body.strip_prefix("0x").or(body.strip_prefix("0X")) {
        (h, 16)
    } else if let Some(b) = body.strip_prefix("0b").or(body.strip_prefix("0B")) {
        (b, 2)
    } else if let Some(o) = body.strip_prefix("0o").or(body.strip_prefix("0O")) {
        (o, 8)
    } else if body.len() > 1 && body.starts_with('0') {
        (&body[1..], 8)
    } else {
        (body, 10)
    };
    !digits.is_empty() && u64::from_str_radix(digits, radix).is_ok()
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && matches!(b[i], b'+' | b'-') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let st = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - st
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && matches!(b[i], b'e' | b'E') {
        i += 1;
        if i < b.len() && matches!(b[i], b'+' | b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len() && s.parse::<f64>().is_ok_and(f64::is_finite)
}

/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`
fn is_base60(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (main, frac) = match s.split_once('.') {
        Some((m, f)) => (m, Some(f)),
        None => (s, None),
    };
    if frac.is_some_and(|f| !f.bytes().all(|b| b.is_ascii_digit() || b == b'_')) {
        return false;
    }
    let mut parts = main.split(':');
    let head = parts.next().unwrap_or("");
    if !head.starts_with(|c: char| c.is_ascii_digit())
        || !head.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    {
        return false;
    }
    let mut any = false;
    for p in parts {
        any = true;
        let ok = match p.as_bytes() {
            [d] => d.is_ascii_digit(),
            [a, b] => (b'0'..=b'5').contains(a) && b.is_ascii_digit(),
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    any
}

/// go-yaml v2 reads `2006-1-2`, `2006-1-2T15:4:5.999999999Z07:00` (and `t`, and a space
/// without zone) as timestamps.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 8 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let num = |i: &mut usize, max: usize| {
        let st = *i;
        while *i < b.len() && b[*i].is_ascii_digit() && *i - st < max {
            *i += 1;
        }
        *i > st
    };
    let mut i = 5;
    if !num(&mut i, 2) || i >= b.len() || b[i] != b'-' {
        return false;
    }
    i += 1;
    if !num(&mut i, 2) {
        return false;
    }
    if i == b.len() {
        return true;
    }
    let space = b[i] == b' ';
    if !matches!(b[i], b'T' | b't' | b' ') {
        return false;
    }
    i += 1;
    for sep in [b':', b':'] {
        if !num(&mut i, 2) || i >= b.len() || b[i] != sep {
            return false;
        }
        i += 1;
    }
    if !num(&mut i, 2) {
        return false;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if !num(&mut i, 9) {
            return false;
        }
    }
    if i == b.len() {
        return true;
    }
    if space {
        return false;
    }
    match b[i] {
        b'Z' => i + 1 == b.len(),
        b'+' | b'-' => {
            let z = &s[i + 1..];
            z.len() == 5 && z.as_bytes()[2] == b':'
        }
        _ => false,
    }
}

/// Write a string scalar in go-yaml v2's style; returns true when it ended its line.
fn string(out: &mut String, s: &str, indent: usize, simple_key: bool) -> bool {
    // Fast path: a short word of safe characters that reads back as a string is plain.
    let b = s.as_bytes();
    if !b.is_empty()
        && b[0].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_' | b'/' | b'@'))
        && !resolves_to_non_string(s)
    {
        out.push_str(s);
        return false;
    }
    let a = analyze(s);
    let mut style = if s.contains('\n') {
        Style::Literal
    } else if resolves_to_non_string(s) {
        Style::Double
    } else {
        Style::Plain
    };
    if style == Style::Plain && (!a.block_plain || (simple_key && a.multiline)) {
        style = Style::Single;
    }
    if style == Style::Single && !a.single {
        style = Style::Double;
    }
    if style == Style::Literal && (!a.block || simple_key) {
        style = Style::Double;
    }
    let allow_breaks = !simple_key;
    match style {
        Style::Plain => folded(out, s, indent, allow_breaks, false),
        Style::Single => {
            out.push('\'');
            folded(out, s, indent, allow_breaks, true);
            out.push('\'');
        }
        Style::Double => double(out, s, indent, allow_breaks),
        Style::Literal => {
            literal(out, s, indent);
            return true;
        }
    }
    false
}

/// Plain or single-quoted text, folded at spaces past column 80.
fn folded(out: &mut String, s: &str, indent: usize, allow_breaks: bool, single: bool) {
    let chars: Vec<char> = s.chars().collect();
    let mut col = column(out);
    let mut spaces_run = false;
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let next_space = chars.get(i + 1) == Some(&' ');
            let inner = !single || (i > 0 && i + 1 < chars.len());
            if allow_breaks && !spaces_run && col > BEST_WIDTH && !next_space && inner {
                out.push('\n');
                spaces(out, indent);
                col = indent;
            } else {
                out.push(' ');
                col += 1;
            }
            spaces_run = true;
        } else {
            if single && c == '\'' {
                out.push('\'');
                col += 1;
            }
            out.push(c);
            col += 1;
            spaces_run = false;
        }
    }
}

fn double(out: &mut String, s: &str, indent: usize, allow_breaks: bool) {
    out.push('"');
    let chars: Vec<char> = s.chars().collect();
    let mut col = column(out);
    let mut spaces_run = false;
    for (i, &c) in chars.iter().enumerate() {
        if !is_printable(c) || c == '\u{FEFF}' || is_break(c) || c == '"' || c == '\\' {
            let esc = match c {
                '\0' => "\\0".to_string(),
                '\x07' => "\\a".into(),
                '\x08' => "\\b".into(),
                '\t' => "\\t".into(),
                '\n' => "\\n".into(),
                '\x0b' => "\\v".into(),
                '\x0c' => "\\f".into(),
                '\r' => "\\r".into(),
                '\x1b' => "\\e".into(),
                '"' => "\\\"".into(),
                '\\' => "\\\\".into(),
                '\u{85}' => "\\N".into(),
                '\u{A0}' => "\\_".into(),
                '\u{2028}' => "\\L".into(),
                '\u{2029}' => "\\P".into(),
                c if (c as u32) <= 0xFF => format!("\\x{:02X}", c as u32),
                c if (c as u32) <= 0xFFFF => format!("\\u{:04X}", c as u32),
                c => format!("\\U{:08X}", c as u32),
            };
            col += esc.len();
            out.push_str(&esc);
            spaces_run = false;
        } else if c == ' ' {
            if allow_breaks && !spaces_run && col > BEST_WIDTH && i != 0 && i + 1 != chars.len() {
                out.push('\n');
                spaces(out, indent);
                col = indent;
                if chars.get(i + 1) == Some(&' ') {
                    out.push('\\');
                    col += 1;
                }
            } else {
                out.push(' ');
                col += 1;
            }
            spaces_run = true;
        } else {
            out.push(c);
            col += 1;
            spaces_run = false;
        }
    }
    out.push('"');
}

/// A `|` block: chomping `-` (no final newline), none (one), `+` (more); an indentation
/// hint when the text starts with a space or a newline.
fn literal(out: &mut String, s: &str, indent: usize) {
    out.push('|');
    if s.starts_with(' ') || s.starts_with(is_break) {
        out.push('2');
    }
    let mut rev = s.chars().rev();
    match (rev.next(), rev.next()) {
        (Some(c), _) if !is_break(c) => out.push('-'),
        (Some(_), None) => out.push('+'),
        (Some(_), Some(p)) if is_break(p) => out.push('+'),
        _ => {}
    }
    out.push('\n');
    let mut at_line_start = true;
    for c in s.chars() {
        if is_break(c) {
            out.push('\n');
            at_line_start = true;
        } else {
            if at_line_start {
                spaces(out, indent);
                at_line_start = false;
            }
            out.push(c);
        }
    }
    if !at_line_start {
        out.push('\n');
    }
}
