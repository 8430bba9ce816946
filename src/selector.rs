//! Label selectors (`=`, `==`, `!=`, `in`, `notin`, exists, `!key`, `>`, `<`) and field
//! selectors (`metadata.name`, `metadata.namespace`), parsed as kube-apiserver does.
//!
//! Shared by the dev-server (which filters with them) and the client (which parses a
//! `-l` selector before sending it, so that a typo is a usage error with the parser's
//! message rather than the server's 400).

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
enum Op {
    Exists,
    NotExists,
    Equals(String),
    NotEquals(String),
    In(Vec<String>),
    NotIn(Vec<String>),
    Gt(i64),
    Lt(i64),
}

#[derive(Debug, Clone, PartialEq)]
struct Requirement {
    key: String,
    op: Op,
}

/// A parsed label selector; the empty selector matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LabelSelector {
    reqs: Vec<Requirement>,
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')
}

fn is_value_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

struct Lexer<'a> {
    s: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn skip_ws(&mut self) {
        while self.pos < self.s.len() && self.s[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }
    fn peek(&mut self) -> Option<char> {
        self.skip_ws();
        self.s.get(self.pos).map(|b| *b as char)
    }
    fn eat(&mut self, t: &str) -> bool {
        self.skip_ws();
        if self.s[self.pos..].starts_with(t.as_bytes()) {
            self.pos += t.len();
            true
        } else {
            false
        }
    }
    fn word(&mut self, ok: fn(char) -> bool) -> String {
        self.skip_ws();
        let start = self.pos;
        while self.pos < self.s.len() && ok(self.s[self.pos] as char) {
            self.pos += 1;
        }
        String::from_utf8_lossy(&self.s[start..self.pos]).into_owned()
    }
    fn done(&mut self) -> bool {
        self.peek().is_none()
    }
}

fn err(sel: &str, why: impl std::fmt::Display) -> String {
    format!("unable to parse requirement: {why} (in selector {sel:?})")
}

fn check_key(sel: &str, key: &str) -> Result<(), String> {
    if crate::validate::names::is_qualified_name(key) {
        Ok(())
    } else {
        Err(err(
            sel,
            format!(
                "invalid label key {key:?}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
            ),
        ))
    }
}

fn check_value(sel: &str, v: &str) -> Result<(), String> {
    if crate::validate::names::is_label_value(v) {
        Ok(())
    } else {
        Err(err(
            sel,
            format!(
                "invalid label value {v:?}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
            ),
        ))
    }
}

impl LabelSelector {
    pub fn parse(sel: &str) -> Result<LabelSelector, String> {
        let mut lx = Lexer {
            s: sel.as_bytes(),
            pos: 0,
        };
        let mut reqs = Vec::new();
        if lx.done() {
            return Ok(LabelSelector { reqs });
        }
        loop {
            let negated = lx.eat("!");
            let key = lx.word(is_key_char);
            if key.is_empty() {
                return Err(err(sel, "found unexpected character, expected: identifier"));
            }
            check_key(sel, &key)?;
            let op = if negated {
                Op::NotExists
            } else if lx.done() || lx.peek() == Some(',') {
                Op::Exists
            } else if lx.eat("==") || lx.eat("=") {
                let v = lx.word(is_value_char);
                check_value(sel, &v)?;
                Op::Equals(v)
            } else if lx.eat("!=") {
                let v = lx.word(is_value_char);
                check_value(sel, &v)?;
                Op::NotEquals(v)
            } else if lx.eat(">") || lx.eat("<") {
                let gt = lx.s[lx.pos - 1] == b'>';
                let v = lx.word(is_value_char);
                let n: i64 = v.parse().map_err(|_| {
                    err(
                        sel,
                        format!(
                            "for 'Gt', 'Lt' operators, the value must be an integer, not {v:?}"
                        ),
                    )
                })?;
                if gt { Op::Gt(n) } else { Op::Lt(n) }
            } else {
                let w = lx.word(|c| c.is_ascii_alphabetic());
                let notin = match w.as_str() {
                    "in" => false,
                    "notin" => true,
                    other => {
                        return Err(err(
                            sel,
                            format!("found {other:?}, expected: in, notin, =, ==, !=, gt, lt"),
                        ));
                    }
                };
                if !lx.eat("(") {
                    return Err(err(sel, "found unexpected character, expected: '('"));
                }
                let mut vals = Vec::new();
                loop {
                    let v = lx.word(is_value_char);
                    check_value(sel, &v)?;
                    vals.push(v);
                    if lx.eat(",") {
                        continue;
                    }
                    if lx.eat(")") {
                        break;
                    }
                    return Err(err(sel, "found unexpected character, expected: ',', ')'"));
                }
                if notin { Op::NotIn(vals) } else { Op::In(vals) }
            };
            reqs.push(Requirement { key, op });
            if lx.done() {
                break;
            }
            if !lx.eat(",") {
                return Err(err(sel, "found unexpected character, expected: ','"));
            }
        }
        Ok(LabelSelector { reqs })
    }

    pub fn is_empty(&self) -> bool {
        self.reqs.is_empty()
    }

    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.reqs.iter().all(|r| {
            let v = labels.get(&r.key);
            match &r.op {
                Op::Exists => v.is_some(),
                Op::NotExists => v.is_none(),
                Op::Equals(x) => v == Some(x),
                Op::NotEquals(x) => v != Some(x),
                Op::In(xs) => v.is_some_and(|v| xs.contains(v)),
                Op::NotIn(xs) => v.is_none_or(|v| !xs.contains(v)),
                Op::Gt(n) => v
                    .and_then(|v| v.parse::<i64>().ok())
                    .is_some_and(|v| v > *n),
                Op::Lt(n) => v
                    .and_then(|v| v.parse::<i64>().ok())
                    .is_some_and(|v| v < *n),
            }
        })
    }
}

/// A parsed field selector over `metadata.name` / `metadata.namespace`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldSelector {
    /// (field, value, equal?)
    reqs: Vec<(String, String, bool)>,
}

impl FieldSelector {
    pub fn parse(sel: &str) -> Result<FieldSelector, String> {
        let mut reqs = Vec::new();
        for part in sel.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (field, value, eq) = if let Some((f, v)) = part.split_once("!=") {
                (f, v, false)
            } else if let Some((f, v)) = part.split_once("==") {
                (f, v, true)
            } else if let Some((f, v)) = part.split_once('=') {
                (f, v, true)
            } else {
                return Err(format!(
                    "invalid selector: '{sel}'; can't understand '{part}'"
                ));
            };
            let field = field.trim();
            match field {
                "metadata.name" | "metadata.namespace" => {}
                _ => return Err(format!("field label not supported: {field}")),
            }
            reqs.push((field.to_string(), value.trim().to_string(), eq));
        }
        Ok(FieldSelector { reqs })
    }

    pub fn is_empty(&self) -> bool {
        self.reqs.is_empty()
    }

    pub fn matches(&self, name: &str) -> bool {
        self.reqs.iter().all(|(field, value, eq)| {
            let actual = if field == "metadata.name" { name } else { "" };
            (actual == value) == *eq
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn label_selector_operators() {
        let l = labels(&[("team", "a"), ("tier", "3"), ("x.io/app", "web")]);
        let m = |s: &str| LabelSelector::parse(s).unwrap().matches(&l);
        assert!(m(""));
        assert!(m("team=a"));
        assert!(m("team==a"));
        assert!(!m("team!=a"));
        assert!(m("team in (a, b)"));
        assert!(!m("team notin (a,b)"));
        assert!(m("missing notin (a)"));
        assert!(m("team"));
        assert!(!m("!team"));
        assert!(m("!missing"));
        assert!(m("tier>2,tier<4"));
        assert!(m("x.io/app=web, team=a"));
        assert!(!m("x.io/app=web,team=b"));
    }

    #[test]
    fn label_selector_errors() {
        for bad in [
            "team=a=b",
            "team in a",
            "=a",
            "team in (a",
            "tier>x",
            "a,,b",
        ] {
            let e = LabelSelector::parse(bad).unwrap_err();
            assert!(e.starts_with("unable to parse requirement"), "{bad}: {e}");
        }
    }

    #[test]
    fn label_keys_and_values_follow_kubernetes_rules() {
        for ok in ["team=a", "example.com/team=a", "a_b.c-d=v_1.x-y", "team="] {
            assert!(LabelSelector::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["Example.com/team=a", "a/b/c=x", "team=-a"] {
            let e = LabelSelector::parse(bad).unwrap_err();
            assert!(e.contains("invalid label"), "{bad}: {e}");
        }
    }

    #[test]
    fn field_selector() {
        let f = FieldSelector::parse("metadata.name=alice").unwrap();
        assert!(f.matches("alice"));
        assert!(!f.matches("bob"));
        let f = FieldSelector::parse("metadata.name!=alice").unwrap();
        assert!(f.matches("bob"));
        assert_eq!(
            FieldSelector::parse("spec.email=x").unwrap_err(),
            "field label not supported: spec.email"
        );
    }
}
