//! `/openapi/v2` as protobuf: the gnostic `openapi.v2.Document` message that client-go
//! asks for (`Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`) and
//! `kubectl explain --output plaintext-openapiv2` and kubectl's client-side validation
//! read. Encoded from the JSON document by hand: the field numbers are those of
//! gnostic's `openapiv2/OpenAPIv2.proto`. Vendor extensions, defaults, enums and
//! examples are `Any` messages carrying the value as YAML (JSON is YAML).

use serde_json::Value;

struct Msg(Vec<u8>);

impl Msg {
    fn new() -> Msg {
        Msg(Vec::new())
    }

    fn varint(&mut self, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(b);
                return;
            }
            self.0.push(b | 0x80);
        }
    }

    fn key(&mut self, field: u32, wire: u8) {
        self.varint((u64::from(field) << 3) | u64::from(wire));
    }

    fn bytes(&mut self, field: u32, b: &[u8]) {
        self.key(field, 2);
        self.varint(b.len() as u64);
        self.0.extend_from_slice(b);
    }

    fn string(&mut self, field: u32, s: &str) {
        if !s.is_empty() {
            self.bytes(field, s.as_bytes());
        }
    }

    fn message(&mut self, field: u32, m: Msg) {
        self.bytes(field, &m.0);
    }

    fn boolean(&mut self, field: u32, b: bool) {
        if b {
            self.key(field, 0);
            self.varint(1);
        }
    }

    fn int(&mut self, field: u32, v: i64) {
        if v != 0 {
            self.key(field, 0);
            self.varint(v as u64);
        }
    }

    fn double(&mut self, field: u32, v: f64) {
        self.key(field, 1);
        self.0.extend_from_slice(&v.to_le_bytes());
    }
}

/// `Any { yaml = 2 }`.
fn any(v: &Value) -> Msg {
    let mut m = Msg::new();
    m.string(2, &serde_json::to_string(v).unwrap_or_default());
    m
}

/// `NamedAny { name = 1; value = 2 }`.
fn named_any(name: &str, v: &Value) -> Msg {
    let mut m = Msg::new();
    m.string(1, name);
    m.message(2, any(v));
    m
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// `Schema`.
fn schema(v: &Value) -> Msg {
    let mut m = Msg::new();
    let Some(map) = v.as_object() else {
        return m;
    };
    for (k, x) in map {
        match k.as_str() {
            "$ref" => m.string(1, x.as_str().unwrap_or("")),
            "format" => m.string(2, x.as_str().unwrap_or("")),
            "title" => m.string(3, x.as_str().unwrap_or("")),
            "description" => m.string(4, x.as_str().unwrap_or("")),
            "default" => m.message(5, any(x)),
            "maximum" => m.double(7, x.as_f64().unwrap_or(0.0)),
            "exclusiveMaximum" => m.boolean(8, x.as_bool().unwrap_or(false)),
            "minimum" => m.double(9, x.as_f64().unwrap_or(0.0)),
            "exclusiveMinimum" => m.boolean(10, x.as_bool().unwrap_or(false)),
            "maxLength" => m.int(11, x.as_i64().unwrap_or(0)),
            "minLength" => m.int(12, x.as_i64().unwrap_or(0)),
            "pattern" => m.string(13, x.as_str().unwrap_or("")),
            "maxItems" => m.int(14, x.as_i64().unwrap_or(0)),
            "minItems" => m.int(15, x.as_i64().unwrap_or(0)),
            "uniqueItems" => m.boolean(16, x.as_bool().unwrap_or(false)),
            "maxProperties" => m.int(17, x.as_i64().unwrap_or(0)),
            "minProperties" => m.int(18, x.as_i64().unwrap_or(0)),
            "required" => {
                for r in x.as_array().into_iter().flatten() {
                    m.string(19, r.as_str().unwrap_or(""));
                }
            }
            "enum" => {
                for e in x.as_array().into_iter().flatten() {
                    m.message(20, any(e));
                }
            }
            "additionalProperties" => {
                let mut item = Msg::new();
                match x {
                    Value::Bool(b) => {
                        item.key(2, 0);
                        item.varint(u64::from(*b));
                    }
                    other => item.message(1, schema(other)),
                }
                m.message(21, item);
            }
            "type" => {
                let mut t = Msg::new();
                match x {
                    Value::Array(a) => a.iter().for_each(|s| t.string(1, s.as_str().unwrap_or(""))),
                    other => t.string(1, other.as_str().unwrap_or("")),
                }
                m.message(22, t);
            }
            "items" => {
                let mut items = Msg::new();
                match x {
                    Value::Array(a) => a.iter().for_each(|s| items.message(1, schema(s))),
                    other => items.message(1, schema(other)),
                }
                m.message(23, items);
            }
            "allOf" => {
                for s in x.as_array().into_iter().flatten() {
                    m.message(24, schema(s));
                }
            }
            "properties" => {
                let mut props = Msg::new();
                for (name, s) in x.as_object().into_iter().flatten() {
                    props.message(1, named_schema(name, s));
                }
                m.message(25, props);
            }
            "readOnly" => m.boolean(27, x.as_bool().unwrap_or(false)),
            "example" => m.message(30, any(x)),
            ext if ext.starts_with("x-") => m.message(31, named_any(ext, x)),
            _ => {}
        }
    }
    m
}

/// `NamedSchema { name = 1; value = 2 }`.
fn named_schema(name: &str, v: &Value) -> Msg {
    let mut m = Msg::new();
    m.string(1, name);
    m.message(2, schema(v));
    m
}

/// `ParametersItem { parameter = 1 { body_parameter = 1 | non_body_parameter = 2 } }`.
fn parameter(p: &Value) -> Msg {
    let mut param = Msg::new();
    let required = p.get("required").and_then(Value::as_bool).unwrap_or(false);
    match str_of(p, "in") {
        "body" => {
            let mut body = Msg::new();
            body.string(1, str_of(p, "description"));
            body.string(2, str_of(p, "name"));
            body.string(3, "body");
            body.boolean(4, required);
            if let Some(s) = p.get("schema") {
                body.message(5, schema(s));
            }
            param.message(1, body);
        }
        place => {
            // QueryParameterSubSchema (3) or PathParameterSubSchema (4): the same
            // fields, numbered apart after `name`.
            let path = place == "path";
            let mut sub = Msg::new();
            sub.boolean(1, required);
            sub.string(2, place);
            sub.string(3, str_of(p, "description"));
            sub.string(4, str_of(p, "name"));
            sub.string(if path { 5 } else { 6 }, str_of(p, "type"));
            let unique = p
                .get("uniqueItems")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            sub.boolean(if path { 19 } else { 20 }, unique);
            let mut non_body = Msg::new();
            non_body.message(if path { 4 } else { 3 }, sub);
            param.message(2, non_body);
        }
    }
    let mut item = Msg::new();
    item.message(1, param);
    item
}

fn operation(op: &Value) -> Msg {
    let mut m = Msg::new();
    for t in op["tags"].as_array().into_iter().flatten() {
        m.string(1, t.as_str().unwrap_or(""));
    }
    m.string(3, str_of(op, "description"));
    m.string(5, str_of(op, "operationId"));
    for p in op["produces"].as_array().into_iter().flatten() {
        m.string(6, p.as_str().unwrap_or(""));
    }
    for c in op["consumes"].as_array().into_iter().flatten() {
        m.string(7, c.as_str().unwrap_or(""));
    }
    for p in op["parameters"].as_array().into_iter().flatten() {
        m.message(8, parameter(p));
    }
    let mut responses = Msg::new();
    for (code, r) in op["responses"].as_object().into_iter().flatten() {
        let mut resp = Msg::new();
        resp.string(1, str_of(r, "description"));
        if let Some(s) = r.get("schema") {
            let mut item = Msg::new();
            item.message(1, schema(s));
            resp.message(2, item);
        }
        let mut value = Msg::new();
        value.message(1, resp);
        let mut named = Msg::new();
        named.string(1, code);
        named.message(2, value);
        responses.message(1, named);
    }
    m.message(9, responses);
    for s in op["schemes"].as_array().into_iter().flatten() {
        m.string(10, s.as_str().unwrap_or(""));
    }
    for (k, x) in op.as_object().into_iter().flatten() {
        if k.starts_with("x-") {
            m.message(13, named_any(k, x));
        }
    }
    m
}

fn path_item(item: &Value) -> Msg {
    let mut m = Msg::new();
    for (verb, field) in [
        ("get", 2),
        ("put", 3),
        ("post", 4),
        ("delete", 5),
        ("patch", 8),
    ] {
        if let Some(op) = item.get(verb) {
            m.message(field, operation(op));
        }
    }
    for p in item["parameters"].as_array().into_iter().flatten() {
        m.message(9, parameter(p));
    }
    m
}

/// The `openapi.v2.Document` of a Swagger 2.0 JSON document.
pub fn encode(doc: &Value) -> Vec<u8> {
    let mut m = Msg::new();
    m.string(1, str_of(doc, "swagger"));
    let mut info = Msg::new();
    info.string(1, str_of(&doc["info"], "title"));
    info.string(2, str_of(&doc["info"], "version"));
    m.message(2, info);
    let mut paths = Msg::new();
    for (name, item) in doc["paths"].as_object().into_iter().flatten() {
        let mut named = Msg::new();
        named.string(1, name);
        named.message(2, path_item(item));
        paths.message(2, named);
    }
    m.message(8, paths);
    let mut defs = Msg::new();
    for (name, s) in doc["definitions"].as_object().into_iter().flatten() {
        defs.message(1, named_schema(name, s));
    }
    m.message(9, defs);
    m.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn varints_and_fields() {
        let mut m = Msg::new();
        m.varint(300);
        assert_eq!(m.0, [0xac, 0x02]);
        let doc = json!({"swagger": "2.0", "info": {"title": "t", "version": "v1"}});
        let bytes = encode(&doc);
        // swagger = 1 (0x0a, length 3, "2.0"), info = 2 (0x12 …).
        assert_eq!(&bytes[..5], &[0x0a, 3, b'2', b'.', b'0']);
        assert_eq!(bytes[5], 0x12);
    }
}
