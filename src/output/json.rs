//! JSON exactly as kubectl prints it: Go's `json.MarshalIndent(obj, "", "    ")` of an
//! unstructured object — keys sorted, 4-space indentation, `<`, `>`, `&`, U+2028 and
//! U+2029 escaped as `\u003c`…, floats in Go's shortest form. Written into a reusable
//! `Vec<u8>` (no per-value allocation besides sorting a map's keys when they are not
//! already in order).

use serde_json::{Map, Number, Value};

use super::tree::{JsonNode, View};

/// Pretty JSON of a value at indentation level 0 (no trailing newline). With
/// `strip_managed`, `metadata.managedFields` of this (top-level) object is left out.
pub fn write_pretty<T: JsonNode>(buf: &mut Vec<u8>, v: &T, strip_managed: bool) {
    write_indented(buf, v, 0, strip_managed);
}

/// Pretty JSON of a value whose first line is already indented at `level` (4 spaces
/// each): nested lines are indented from there.
pub fn write_indented<T: JsonNode>(buf: &mut Vec<u8>, v: &T, level: usize, strip_managed: bool) {
    let skip = if strip_managed { Skip::Top } else { Skip::None };
    pretty(buf, v, level, skip);
}

/// Compact JSON (Go's `json.Marshal`): what jsonpath prints for maps and arrays.
pub fn write_compact<T: JsonNode>(buf: &mut Vec<u8>, v: &T) {
    match v.view() {
        View::Array(a) => {
            buf.push(b'[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    buf.push(b',');
                }
                write_compact(buf, x);
            }
            buf.push(b']');
        }
        View::Object(m) => {
            buf.push(b'{');
            for (i, (k, x)) in m.into_iter().enumerate() {
                if i > 0 {
                    buf.push(b',');
                }
                write_str(buf, k);
                buf.push(b':');
                write_compact(buf, x);
            }
            buf.push(b'}');
        }
        scalar => write_scalar(buf, scalar),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Skip {
    None,
    /// The top-level object: its `metadata` loses `managedFields`.
    Top,
    /// This is `metadata`: skip `managedFields`.
    Meta,
}

fn indent(buf: &mut Vec<u8>, level: usize) {
    buf.push(b'\n');
    for _ in 0..level {
        buf.extend_from_slice(b"    ");
    }
}

fn pretty<T: JsonNode>(buf: &mut Vec<u8>, v: &T, level: usize, skip: Skip) {
    match v.view() {
        View::Array([]) => buf.extend_from_slice(b"[]"),
        View::Array(a) => {
            buf.push(b'[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    buf.push(b',');
                }
                indent(buf, level + 1);
                pretty(buf, x, level + 1, Skip::None);
            }
            indent(buf, level);
            buf.push(b']');
        }
        View::Object(mut entries) => {
            if skip == Skip::Meta {
                entries.retain(|(k, _)| *k != "managedFields");
            }
            if entries.is_empty() {
                buf.extend_from_slice(b"{}");
                return;
            }
            buf.push(b'{');
            for (i, (k, x)) in entries.into_iter().enumerate() {
                if i > 0 {
                    buf.push(b',');
                }
                indent(buf, level + 1);
                write_str(buf, k);
                buf.extend_from_slice(b": ");
                let child = if skip == Skip::Top && k == "metadata" {
                    Skip::Meta
                } else {
                    Skip::None
                };
                pretty(buf, x, level + 1, child);
            }
            indent(buf, level);
            buf.push(b'}');
        }
        scalar => write_scalar(buf, scalar),
    }
}

/// A map's entries in Go's order (byte-wise sorted keys).
pub(crate) fn sorted(m: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut v: Vec<(&String, &Value)> = m.iter().collect();
    if !v.windows(2).all(|w| w[0].0 <= w[1].0) {
        v.sort_unstable_by(|a, b| a.0.cmp(b.0));
    }
    v
}

fn write_scalar<T: JsonNode>(buf: &mut Vec<u8>, v: View<'_, T>) {
    match v {
        View::Null => buf.extend_from_slice(b"null"),
        View::Bool(true) => buf.extend_from_slice(b"true"),
        View::Bool(false) => buf.extend_from_slice(b"false"),
        View::Number(n) => write_number(buf, n),
        View::String(s) => write_str(buf, s),
        View::Array(_) | View::Object(_) => {}
    }
}

/// `go_number` without a `String` for the common case, an integer.
fn write_number(buf: &mut Vec<u8>, n: &Number) {
    if let Some(i) = n.as_i64() {
        buf.extend_from_slice(itoa::Buffer::new().format(i).as_bytes());
    } else if let Some(u) = n.as_u64() {
        buf.extend_from_slice(itoa::Buffer::new().format(u).as_bytes());
    } else {
        buf.extend_from_slice(go_number(n).as_bytes());
    }
}

/// A number as Go's encoder writes an unstructured int64 or float64.
pub(crate) fn go_number(n: &Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        // Go: 'e' format with at least two exponent digits, then "e-07" cleaned to "e-7".
        let s = format!("{f:e}");
        match s.split_once('e') {
            Some((m, e)) if e.starts_with('-') => format!("{m}e{e}"),
            Some((m, e)) => format!("{m}e+{e:0>2}"),
            None => s,
        }
    } else {
        format!("{f}")
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A JSON string literal with Go's escaping (HTML-safe).
pub(crate) fn write_str(buf: &mut Vec<u8>, s: &str) {
    buf.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let esc: Option<&[u8]> = match b {
            b'"' => Some(b"\\\""),
            b'\\' => Some(b"\\\\"),
            b'\n' => Some(b"\\n"),
            b'\r' => Some(b"\\r"),
            b'\t' => Some(b"\\t"),
            0x08 => Some(b"\\b"),
            0x0c => Some(b"\\f"),
            b'<' | b'>' | b'&' | 0..=0x1f => None,
            // U+2028 / U+2029: E2 80 A8 / E2 80 A9.
            0xE2 if bytes.get(i + 1) == Some(&0x80)
                && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) =>
            {
                buf.extend_from_slice(&bytes[start..i]);
                buf.extend_from_slice(if bytes[i + 2] == 0xA8 {
                    b"\\u2028"
                } else {
                    b"\\u2029"
                });
                i += 3;
                start = i;
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        buf.extend_from_slice(&bytes[start..i]);
        match esc {
            Some(e) => buf.extend_from_slice(e),
            None => {
                buf.extend_from_slice(b"\\u00");
                buf.push(HEX[(b >> 4) as usize]);
                buf.push(HEX[(b & 0xf) as usize]);
            }
        }
        i += 1;
        start = i;
    }
    buf.extend_from_slice(&bytes[start..]);
    buf.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pretty_s(v: &Value) -> String {
        let mut b = Vec::new();
        write_pretty(&mut b, v, true);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn go_escaping_and_sorting() {
        let v = json!({"z": "<b> & \"q\"\n\t\u{1}\u{2028}é", "a": [], "m": {}, "n": 1.5, "i": -3});
        insta::assert_snapshot!(pretty_s(&v), @r#"
        {
            "a": [],
            "i": -3,
            "m": {},
            "n": 1.5,
            "z": "\u003cb\u003e \u0026 \"q\"\n\t\u0001\u2028é"
        }
        "#);
    }

    #[test]
    fn go_floats() {
        let s = |f: f64| go_number(&Number::from_f64(f).unwrap());
        assert_eq!(s(1.0), "1");
        assert_eq!(s(0.5), "0.5");
        assert_eq!(s(1e21), "1e+21");
        assert_eq!(s(1e-7), "1e-7");
        assert_eq!(s(123456789.0), "123456789");
    }

    #[test]
    fn managed_fields_only_at_top() {
        let v =
            json!({"metadata": {"name": "a", "managedFields": [1]}, "spec": {"managedFields": 2}});
        let s = pretty_s(&v);
        assert!(!s.contains("[\n"), "{s}");
        assert!(s.contains("\"managedFields\": 2"), "{s}");
    }
}
