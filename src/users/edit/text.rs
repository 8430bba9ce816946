//! The text of the edit file: the object as YAML under a `#` header, and back.

use serde_json::Value;

use crate::users::rest::RESOURCE;

pub const HEADER: &str = "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n";

/// The text of the file for one round: the header, the errors of the last round, the body.
pub fn file_text(name: &str, errors: &[String], body: &str) -> String {
    let mut text = String::from(HEADER);
    if !errors.is_empty() {
        text.push_str(&format!("# {RESOURCE} \"{name}\" was not valid:\n"));
        for e in errors {
            for (i, line) in e.lines().enumerate() {
                let bullet = if i == 0 { "* " } else { "  " };
                text.push_str(&format!("# {bullet}{line}\n"));
            }
        }
        text.push_str("#\n");
    }
    text.push_str(body);
    text
}

/// The text without its leading `#` lines (our header, or what is left of it).
pub fn strip_header(text: &str) -> &str {
    let mut rest = text;
    while rest.trim_start_matches([' ', '\t']).starts_with('#') {
        match rest.find('\n') {
            Some(i) => rest = &rest[i + 1..],
            None => return "",
        }
    }
    rest
}

/// Is the text nothing but blank lines and comments?
pub fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    })
}

/// The text with every comment line removed (to compare two saves).
pub(super) fn without_comment_lines(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parse the saved text into one object, with kubectl-like errors.
pub fn parse_edited(text: &str) -> std::result::Result<Value, String> {
    let docs: Vec<Value> = serde_saphyr::from_multiple(text).map_err(|e| format!("{e}"))?;
    let docs: Vec<Value> = docs.into_iter().filter(|d| !d.is_null()).collect();
    match docs.len() {
        1 => docs
            .into_iter()
            .next()
            .ok_or_else(|| "no object".to_string()),
        0 => Err("no object found in the file".to_string()),
        n => Err(format!(
            "the file holds {n} documents; edit exactly one object"
        )),
    }
}

/// The object as YAML, as kubectl writes it for editing (managedFields already gone).
pub fn yaml(object: &Value) -> String {
    let mut text = String::with_capacity(4096);
    crate::output::yaml::write_document(&mut text, object, true);
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn header_and_errors_are_comments() {
        let text = file_text(
            "alice",
            &["spec.emial: unknown field".into()],
            "kind: User\n",
        );
        assert!(text.contains(
            "# users.management.loft.sh \"alice\" was not valid:\n# * spec.emial: unknown field\n"
        ));
        assert_eq!(strip_header(&text), "kind: User\n");
        assert!(is_blank("# only\n\n  # comments\n"));
        assert!(!is_blank("# c\nkind: User\n"));
    }

    #[test]
    fn yaml_round_trip_is_unchanged() {
        let user = json!({"apiVersion": "management.loft.sh/v1", "kind": "User",
            "metadata": {"name": "a", "resourceVersion": "12", "uid": "0a1b",
                         "creationTimestamp": "2024-01-01T00:00:00Z", "labels": {"x": "true"}},
            "spec": {"email": "a@x", "tokenGeneration": 3, "disabled": false, "future": {"n": 1.5}},
            "status": {"teams": ["t"]}});
        let text = file_text("a", &[], &yaml(&user));
        assert_eq!(parse_edited(&text).unwrap(), user);
    }
}
