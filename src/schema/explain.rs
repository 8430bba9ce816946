//! `loftctl explain`: the documentation of a kind or field, from the compiled-in
//! schema, in the layout of `kubectl explain` (GROUP/KIND/VERSION, FIELD, DESCRIPTION,
//! FIELDS), `--recursive` for the whole tree below. A field or enum value that not every
//! API version has shows its versions (`VERSIONS: 4.3+`, `extraClaims <…> [4.3+]`).

use std::fmt::Write;

use super::{Node, Ty, Versions};
use crate::error::{CliError, Result};
use crate::suggest::did_you_mean;

/// Resource names accepted for each kind (lower-cased before matching).
const USER_NAMES: &[&str] = &[
    "user",
    "users",
    "user.management.loft.sh",
    "users.management.loft.sh",
];
const TOKEN_NAMES: &[&str] = &[
    "directclusterendpointtoken",
    "directclusterendpointtokens",
    "directclusterendpointtoken.management.loft.sh",
    "directclusterendpointtokens.management.loft.sh",
];
const ACCESS_KEY_NAMES: &[&str] = &[
    "ownedaccesskey",
    "ownedaccesskeys",
    "ownedaccesskey.management.loft.sh",
    "ownedaccesskeys.management.loft.sh",
];

/// Render `explain` for `user[.spec.field…]`.
pub fn explain(target: &str, recursive: bool) -> Result<String> {
    let lower = target.to_ascii_lowercase();
    // The resource may carry its group (`users.management.loft.sh.spec`): take the
    // longest known resource name that prefixes the target.
    let mut found: Option<(&str, &'static Node, &str)> = None;
    for (names, kind, node) in [
        (USER_NAMES, "User", super::user()),
        (TOKEN_NAMES, "DirectClusterEndpointToken", super::token()),
        (ACCESS_KEY_NAMES, "OwnedAccessKey", super::access_key()),
    ] {
        for name in names {
            if lower == *name || lower.starts_with(&format!("{name}.")) {
                let rest = &target[name.len()..];
                if found.is_none_or(|(_, _, r)| rest.len() < r.len()) {
                    found = Some((kind, node, rest));
                }
            }
        }
    }
    let Some((kind, root, rest)) = found else {
        let first = lower.split('.').next().unwrap_or("");
        let mut err = CliError::usage(format!("the server doesn't have a resource type {first:?}"));
        let sug = did_you_mean(
            first,
            ["user", "directclusterendpointtoken", "ownedaccesskey"],
        );
        let known = "loftctl explains user, directclusterendpointtoken and ownedaccesskey";
        err = err.with_hint(match sug {
            Some(s) => format!("did you mean {s:?}? {known}"),
            None => known.to_string(),
        });
        return Err(err);
    };
    let mut node = root;
    let mut field_name: Option<&str> = None;
    let mut required = false;
    for seg in rest.split('.').filter(|s| !s.is_empty()) {
        let obj = element(node);
        match obj.fields().iter().find(|f| f.name == seg) {
            Some(f) => {
                required = Node::is_required_in(obj, seg);
                node = &f.node;
                field_name = Some(&f.name);
            }
            None => {
                let names = obj.fields().iter().map(|f| f.name.as_str());
                let mut err = CliError::usage(format!("field {seg:?} does not exist"));
                if let Some(s) = did_you_mean(seg, names) {
                    err = err.with_hint(format!("did you mean {s:?}?"));
                }
                return Err(err);
            }
        }
    }
    let mut out = String::new();
    let _ = writeln!(out, "GROUP:      {}", crate::api::GROUP);
    let _ = writeln!(out, "KIND:       {kind}");
    let _ = writeln!(out, "VERSION:    {}", crate::api::VERSION);
    out.push('\n');
    if let Some(name) = field_name {
        let _ = writeln!(
            out,
            "FIELD: {name} <{}>{}",
            node.type_name(),
            markers(node, required)
        );
        out.push('\n');
        if !node.versions.is_all() {
            let _ = writeln!(
                out,
                "VERSIONS: {} (not in {})",
                node.versions.describe(),
                missing(node.versions)
            );
            out.push('\n');
        }
    }
    out.push_str("DESCRIPTION:\n");
    let desc = if node.description.is_empty() {
        "<empty>"
    } else {
        node.description.as_str()
    };
    wrap(&mut out, desc, 4);
    let obj = element(node);
    if let Some(enum_values) = (!node.enum_values.is_empty()).then_some(&node.enum_values) {
        out.push('\n');
        out.push_str("ENUM:\n");
        for (i, e) in enum_values.iter().enumerate() {
            match node.enum_versions.get(i).filter(|v| **v != node.versions) {
                Some(v) => {
                    let _ = writeln!(out, "    {e} [{}]", v.describe());
                }
                None => {
                    let _ = writeln!(out, "    {e}");
                }
            }
        }
    }
    if !obj.fields().is_empty() {
        out.push('\n');
        out.push_str("FIELDS:\n");
        fields(&mut out, obj, 1, recursive, 0);
    }
    Ok(out)
}

/// Arrays and maps are transparent: `clusterRoles.name` explains the item's field.
fn element(node: &Node) -> &Node {
    let mut n = node;
    loop {
        match &n.ty {
            Ty::Array(item) | Ty::Map(item) => n = item,
            _ => return n,
        }
    }
}

/// The versions outside a set: `4.1, 4.3`.
fn missing(versions: Versions) -> String {
    let names: Vec<&str> = super::ApiVersion::ALL
        .iter()
        .filter(|v| !versions.contains(**v))
        .map(|v| v.as_str())
        .collect();
    names.join(", ")
}

fn markers(node: &Node, required: bool) -> String {
    let mut m = String::new();
    if !node.versions.is_all() {
        m.push_str(&format!(" [{}]", node.versions.describe()));
    }
    if required {
        m.push_str(" -required-");
    }
    if node.deprecated {
        m.push_str(" -deprecated-");
    }
    if node.read_only {
        m.push_str(" -read-only-");
    }
    m
}

fn fields(out: &mut String, obj: &Node, level: usize, recursive: bool, depth: usize) {
    for f in obj.fields() {
        let indent = "  ".repeat(level);
        let required = Node::is_required_in(obj, &f.name);
        let _ = writeln!(
            out,
            "{indent}{}\t<{}>{}",
            f.name,
            f.node.type_name(),
            markers(&f.node, required)
        );
        if recursive {
            let inner = element(&f.node);
            if depth < 16 && !inner.fields().is_empty() {
                fields(out, inner, level + 1, true, depth + 1);
            }
        } else {
            let desc = if f.node.description.is_empty() {
                "<no description>"
            } else {
                f.node.description.as_str()
            };
            wrap(out, desc, 4);
            out.push('\n');
        }
    }
}

/// Word-wrap `text` at 80 columns with this indent, keeping paragraph breaks.
fn wrap(out: &mut String, text: &str, indent: usize) {
    let pad = " ".repeat(indent);
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            if !line.is_empty() && indent + line.len() + 1 + word.len() > 80 {
                let _ = writeln!(out, "{pad}{line}");
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if line.is_empty() {
            let _ = writeln!(out, "{pad}");
        } else {
            let _ = writeln!(out, "{pad}{line}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explain_field_of_array_item() {
        let text = explain("user.spec.clusterRoles.name", false).unwrap();
        assert!(text.contains("KIND:       User"), "{text}");
        assert!(text.contains("FIELD: name <string>"), "{text}");
    }

    #[test]
    fn explain_typo_suggests() {
        let err = explain("user.spec.emial", false).unwrap_err();
        assert_eq!(err.message(), "field \"emial\" does not exist");
        assert_eq!(err.hint.as_deref(), Some("did you mean \"email\"?"));
        assert!(explain("usr", false).is_err());
    }

    #[test]
    fn explain_with_group_and_recursive() {
        let text = explain("users.management.loft.sh.spec", true).unwrap();
        assert!(text.contains("FIELD: spec <UserSpec>"), "{text}");
        assert!(text.contains("    verbs\t<[]string> -required-"), "{text}");
        let text = explain("DirectClusterEndpointToken.spec.scope.roles.role", false).unwrap();
        assert!(text.contains("ENUM:\n    agent\n    loft-cli"), "{text}");
    }

    #[test]
    fn explain_shows_versions() {
        let text = explain("user.spec.extraClaims", false).unwrap();
        assert!(
            text.contains("FIELD: extraClaims <map[string]string> [4.3+]"),
            "{text}"
        );
        assert!(text.contains("VERSIONS: 4.3+ (not in 3.4, 4.1)"), "{text}");
        let text = explain("user.spec", false).unwrap();
        assert!(
            text.contains("  clusterAccountTemplates\t<[]UserClusterAccountTemplate> [3.4]"),
            "{text}"
        );
        let text = explain("directclusterendpointtoken.spec.scope.roles.role", false).unwrap();
        assert!(text.contains("    runner [3.4 to 4.10]\n"), "{text}");
        assert!(text.contains("    metrics-reader [4.11]\n"), "{text}");
        assert!(text.contains("    agent\n"), "{text}");
        let text = explain("ownedaccesskey.spec.ttl", false).unwrap();
        assert!(text.contains("KIND:       OwnedAccessKey"), "{text}");
    }
}
