//! Local checks of a User before `edit` and `patch` send it.
//!
//! A small stand-in for the shared validator (`crate::validate`, issue 4): the type of
//! every `spec` field, unknown `spec` fields (with a "did you mean"), the name rules and
//! `access[].verbs`. When the schema-driven validator lands, [`problems`] forwards to it.

use serde_json::Value;

/// One thing wrong with an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Dotted path: `spec.email`, `spec.access[0].verbs`.
    pub path: String,
    pub message: String,
    /// An error blocks the request; a warning does not.
    pub error: bool,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

const STRING_FIELDS: &[&str] = &[
    "displayName",
    "description",
    "username",
    "icon",
    "email",
    "subject",
];
const STRING_LIST_FIELDS: &[&str] = &["groups", "ssoGroups"];
const OBJECT_FIELDS: &[&str] = &["owner", "passwordRef", "accessKeysRef", "codesRef"];
const OBJECT_LIST_FIELDS: &[&str] = &[
    "imagePullSecrets",
    "clusterAccountTemplates",
    "clusterRoles",
    "access",
];
const OTHER_FIELDS: &[&str] = &["tokenGeneration", "disabled"];

fn known_spec_fields() -> impl Iterator<Item = &'static str> {
    STRING_FIELDS
        .iter()
        .chain(STRING_LIST_FIELDS)
        .chain(OBJECT_FIELDS)
        .chain(OBJECT_LIST_FIELDS)
        .chain(OTHER_FIELDS)
        .copied()
}

/// Everything wrong with this User; empty when it may be sent.
pub fn problems(user: &Value) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut err = |path: &str, message: String| {
        out.push(Problem {
            path: path.to_string(),
            message,
            error: true,
        })
    };
    let Some(root) = user.as_object() else {
        err("", "the document is not an object".into());
        return out;
    };
    match root.get("apiVersion").and_then(Value::as_str) {
        Some(crate::api::API_VERSION) => {}
        other => err(
            "apiVersion",
            format!("must be {:?}, found {other:?}", crate::api::API_VERSION),
        ),
    }
    match root.get("kind").and_then(Value::as_str) {
        Some("User") => {}
        other => err("kind", format!("must be \"User\", found {other:?}")),
    }
    let meta = &user["metadata"];
    match meta["name"].as_str() {
        Some(name) => {
            if let Some(why) = dns1123_subdomain(name) {
                err("metadata.name", why);
            }
        }
        None => err("metadata.name", "required".into()),
    }
    for key in ["labels", "annotations"] {
        match &meta[key] {
            Value::Null => {}
            Value::Object(m) => {
                for (k, v) in m {
                    let path = format!("metadata.{key}.{k}");
                    if let Some(why) = qualified_name(k) {
                        err(&path, format!("invalid key: {why}"));
                    }
                    match v.as_str() {
                        None => err(&path, "must be a string".into()),
                        Some(v) if key == "labels" => {
                            if let Some(why) = label_value(v) {
                                err(&path, why);
                            }
                        }
                        Some(_) => {}
                    }
                }
            }
            _ => err(&format!("metadata.{key}"), "must be a map".into()),
        }
    }
    let spec = match root.get("spec") {
        None | Some(Value::Null) => return out,
        Some(Value::Object(spec)) => spec,
        Some(_) => {
            err("spec", "must be an object".into());
            return out;
        }
    };
    for (key, value) in spec {
        let path = format!("spec.{key}");
        let k = key.as_str();
        if value.is_null() {
            continue;
        }
        if STRING_FIELDS.contains(&k) {
            if !value.is_string() {
                err(
                    &path,
                    format!("must be a string, found {}", type_name(value)),
                );
            }
        } else if STRING_LIST_FIELDS.contains(&k) {
            match value.as_array() {
                Some(a) => {
                    for (i, v) in a.iter().enumerate() {
                        if !v.is_string() {
                            err(&format!("{path}[{i}]"), "must be a string".into());
                        }
                    }
                }
                None => err(&path, format!("must be a list, found {}", type_name(value))),
            }
        } else if OBJECT_FIELDS.contains(&k) {
            if !value.is_object() {
                err(
                    &path,
                    format!("must be an object, found {}", type_name(value)),
                );
            }
        } else if OBJECT_LIST_FIELDS.contains(&k) {
            match value.as_array() {
                Some(a) => {
                    for (i, v) in a.iter().enumerate() {
                        if !v.is_object() {
                            err(&format!("{path}[{i}]"), "must be an object".into());
                        } else if k == "access" && !v["verbs"].is_array() {
                            err(&format!("{path}[{i}].verbs"), "required".into());
                        }
                    }
                }
                None => err(&path, format!("must be a list, found {}", type_name(value))),
            }
        } else if k == "disabled" {
            if !value.is_boolean() {
                err(
                    &path,
                    format!("must be true or false, found {}", type_name(value)),
                );
            }
        } else if k == "tokenGeneration" {
            if !value.is_i64() {
                err(
                    &path,
                    format!("must be an integer, found {}", type_name(value)),
                );
            }
        } else {
            let hint = suggest(k)
                .map(|s| format!(" (did you mean {s:?}?)"))
                .unwrap_or_default();
            err(&path, format!("unknown field{hint}"));
        }
    }
    out
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Why `name` is not a DNS-1123 subdomain, if it is not.
fn dns1123_subdomain(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("must not be empty".into());
    }
    if name.len() > 253 {
        return Some("must be no more than 253 characters".into());
    }
    let ok_chars = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !ok_chars || !alnum(name.chars().next()) || !alnum(name.chars().last()) {
        return Some(format!(
            "{name:?} is not a valid name: lower case letters, digits, '-' and '.', starting and ending with a letter or digit"
        ));
    }
    None
}

/// Why `value` is not a valid label value (at most 63 characters, alphanumerics, '-',
/// '_' and '.', starting and ending with an alphanumeric; may be empty).
fn label_value(value: &str) -> Option<String> {
    if value.is_empty() {
        return None;
    }
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let ok = value.len() <= 63
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && alnum(value.chars().next())
        && alnum(value.chars().last());
    (!ok).then(|| {
        format!(
            "Invalid value: {value:?}: a label value must be at most 63 characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit"
        )
    })
}

/// Why `key` is not a valid label/annotation key (`[prefix/]name`).
fn qualified_name(key: &str) -> Option<String> {
    let (prefix, name) = match key.rsplit_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, key),
    };
    if let Some(p) = prefix
        && let Some(why) = dns1123_subdomain(p)
    {
        return Some(format!("prefix: {why}"));
    }
    if name.is_empty() || label_value(name).is_some() {
        return Some(format!(
            "{key:?}: the name part must be 1-63 characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit"
        ));
    }
    None
}

fn suggest(field: &str) -> Option<&'static str> {
    known_spec_fields()
        .map(|k| (distance(&field.to_lowercase(), &k.to_lowercase()), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn user(spec: Value) -> Value {
        json!({"apiVersion": "management.loft.sh/v1", "kind": "User",
               "metadata": {"name": "alice"}, "spec": spec})
    }

    #[test]
    fn a_good_user_has_no_problems() {
        let u = user(json!({"email": "a@x", "groups": ["g"], "disabled": false,
            "access": [{"verbs": ["get"]}], "clusterRoles": [{"name": "r"}]}));
        assert_eq!(problems(&u), vec![]);
    }

    #[test]
    fn typos_types_and_names_are_caught() {
        let u = user(json!({"emial": "a@x", "disabled": "yes", "groups": "g",
            "access": [{"users": ["x"]}]}));
        let text: Vec<String> = problems(&u).iter().map(|p| p.to_string()).collect();
        assert!(
            text.contains(&r#"spec.emial: unknown field (did you mean "email"?)"#.to_string()),
            "{text:?}"
        );
        assert!(text.contains(&"spec.disabled: must be true or false, found a string".to_string()));
        assert!(text.contains(&"spec.groups: must be a list, found a string".to_string()));
        assert!(text.contains(&"spec.access[0].verbs: required".to_string()));
        let mut bad = user(json!({}));
        bad["metadata"]["name"] = json!("Not_Valid");
        assert_eq!(problems(&bad)[0].path, "metadata.name");
        let mut labels = user(json!({}));
        labels["metadata"]["labels"] =
            json!({"ok.io/team": "a_b-c.d", "team": "not valid!", "Bad Key": "x"});
        let paths: Vec<String> = problems(&labels).into_iter().map(|p| p.path).collect();
        assert_eq!(paths, ["metadata.labels.team", "metadata.labels.Bad Key"]);
    }
}
