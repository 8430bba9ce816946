//! Running a parsed template on a JSON value, as client-go's evaluator does.

use std::borrow::Cow;

use serde_json::Value;

use super::parse::{Node, Op, Step};
use crate::output::json;

type Vals<'a> = Vec<Cow<'a, Value>>;
type R<T> = std::result::Result<T, String>;

pub(super) fn exec(nodes: &[Node], data: &Value, allow: bool, out: &mut Vec<u8>) -> R<()> {
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
