//! The rules: a walk of a document's tree against the compiled-in schema, plus the
//! checks the schema cannot say (Kubernetes names, labels, the role enum's suggestion,
//! `ttl` ≥ 0, non-empty scope entries, odd emails).

use crate::api::API_VERSION;
use crate::schema::{self, ApiVersion, Ty, Versions};

use super::names::{is_dns1123_subdomain, is_label_value, qualified_name_error};
use super::quote;
use super::tree::{Kind, Node};
use super::{Against, Diagnostic, Severity};
use crate::suggest::did_you_mean;

/// Annotations may hold at most this many bytes in total (keys and values).
const MAX_ANNOTATIONS_BYTES: usize = 256 * 1024;

struct Walker<'a> {
    file: &'a str,
    out: &'a mut Vec<Diagnostic>,
    path: String,
    /// Inside a read-only field: no more warnings for what is below it.
    quiet: usize,
    /// Diagnostics of this object stop at this length of `out` (as compilers stop
    /// after too many errors): a hostile document cannot make the rules slow.
    limit: usize,
    /// The API version checked: fields and enum values of other versions are errors.
    version: ApiVersion,
}

/// At most this many diagnostics per object.
const MAX_DIAGNOSTICS: usize = 1000;

impl Walker<'_> {
    fn full(&self) -> bool {
        self.out.len() >= self.limit
    }

    fn push(&mut self, severity: Severity, line: u32, col: u32, path: &str, message: String) {
        if self.full() {
            return;
        }
        if self.out.len() + 1 == self.limit {
            self.out.push(Diagnostic {
                file: self.file.to_string(),
                line: line as usize,
                column: col as usize,
                severity: Severity::Error,
                path: String::new(),
                message: format!(
                    "too many problems in this object; stopped after {MAX_DIAGNOSTICS}"
                ),
            });
            return;
        }
        self.out.push(Diagnostic {
            file: self.file.to_string(),
            line: line as usize,
            column: col as usize,
            severity,
            path: path.to_string(),
            message,
        });
    }

    fn error_at(&mut self, node: &Node, message: String) {
        let path = self.path.clone();
        self.push(Severity::Error, node.line, node.col, &path, message);
    }

    fn warn_at(&mut self, line: u32, col: u32, message: String) {
        if self.quiet == 0 {
            let path = self.path.clone();
            self.push(Severity::Warning, line, col, &path, message);
        }
    }

    fn enter_field(&mut self, name: &str) -> usize {
        let mark = self.path.len();
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(name);
        mark
    }

    fn enter_index(&mut self, i: usize) -> usize {
        let mark = self.path.len();
        self.path.push('[');
        self.path.push_str(&i.to_string());
        self.path.push(']');
        mark
    }

    fn enter_key(&mut self, key: &str) -> usize {
        let mark = self.path.len();
        self.path.push('[');
        self.path.push_str(&quote(key));
        self.path.push(']');
        mark
    }

    fn type_error(&mut self, node: &Node, expected: &str) {
        let got = node.kind.type_name();
        let hint = match (&node.kind, expected) {
            (Kind::Int(i), "string") => format!(" (quote it: \"{i}\")"),
            (Kind::BigInt(s), "string") => format!(" (quote it: \"{s}\")"),
            (Kind::Float(f), "string") => format!(" (quote it: \"{f}\")"),
            (Kind::Bool(b), "string") => format!(" (quote it: \"{b}\")"),
            (Kind::Str(s), "boolean") if matches!(s.as_str(), "true" | "false") => {
                format!(" (remove the quotes: {s})")
            }
            (Kind::Str(s), "boolean")
                if matches!(
                    s.to_ascii_lowercase().as_str(),
                    "yes" | "no" | "on" | "off" | "y" | "n"
                ) =>
            {
                " (write true or false: YAML 1.2 reads yes/no/on/off as strings)".to_string()
            }
            (Kind::Str(s), "integer") if s.parse::<i64>().is_ok() => {
                format!(" (remove the quotes: {s})")
            }
            (Kind::Str(_), "array") | (Kind::Map(_), "array") => {
                " (a list is written with \"- \" items or [ ])".to_string()
            }
            _ => String::new(),
        };
        self.error_at(node, format!("expected {expected}, got {got}{hint}"));
    }

    fn walk(&mut self, node: &Node, schema: &schema::Node) {
        if matches!(node.kind, Kind::Null) || self.full() {
            return;
        }
        match &schema.ty {
            Ty::Object { fields, required } => {
                let Kind::Map(entries) = &node.kind else {
                    return self.type_error(node, "object");
                };
                for (key, value) in entries {
                    if self.full() {
                        break;
                    }
                    let mark = self.enter_field(&key.name);
                    let version = self.version;
                    match fields.iter().find(|f| f.name == key.name) {
                        Some(field) if !field.node.versions.contains(version) => {
                            let message = other_version_field(field.node.versions, version);
                            let path = self.path.clone();
                            self.push(Severity::Error, key.line, key.col, &path, message);
                        }
                        None => {
                            let message = match did_you_mean(
                                &key.name,
                                fields
                                    .iter()
                                    .filter(|f| f.node.versions.contains(version))
                                    .map(|f| f.name.as_str()),
                            ) {
                                Some(s) => format!("unknown field (did you mean {s:?}?)"),
                                None => "unknown field".to_string(),
                            };
                            let path = self.path.clone();
                            self.push(Severity::Error, key.line, key.col, &path, message);
                        }
                        Some(field) => {
                            let present = !matches!(value.kind, Kind::Null);
                            if present && field.node.read_only {
                                self.warn_at(
                                    key.line,
                                    key.col,
                                    "read-only field: set by the server, ignored in a manifest"
                                        .to_string(),
                                );
                            } else if present && field.node.deprecated {
                                let why = deprecation(&key.name);
                                self.warn_at(key.line, key.col, format!("deprecated field{why}"));
                            }
                            let ro = usize::from(field.node.read_only);
                            self.quiet += ro;
                            self.walk(value, &field.node);
                            self.quiet -= ro;
                        }
                    }
                    self.path.truncate(mark);
                }
                for r in required {
                    let here = fields
                        .iter()
                        .find(|f| &f.name == r)
                        .is_none_or(|f| f.node.versions.contains(self.version));
                    if !here {
                        continue;
                    }
                    let missing = node.get(r).is_none_or(|v| matches!(v.kind, Kind::Null));
                    if missing {
                        let mark = self.enter_field(r);
                        self.error_at(node, "required field is missing".to_string());
                        self.path.truncate(mark);
                    }
                }
                if let Some(def) = schema.def.as_deref() {
                    self.special(def, node);
                }
            }
            Ty::Map(value_schema) => {
                let Kind::Map(entries) = &node.kind else {
                    return self.type_error(node, "object");
                };
                for (key, value) in entries {
                    let mark = self.enter_key(&key.name);
                    self.walk(value, value_schema);
                    self.path.truncate(mark);
                }
            }
            Ty::Array(item) => {
                let Kind::Seq(items) = &node.kind else {
                    return self.type_error(node, "array");
                };
                for (i, value) in items.iter().enumerate() {
                    let mark = self.enter_index(i);
                    self.walk(value, item);
                    self.path.truncate(mark);
                }
            }
            Ty::String => {
                let Kind::Str(s) = &node.kind else {
                    return self.type_error(node, "string");
                };
                if !schema.enum_values.is_empty() {
                    self.check_enum(node, s, schema);
                }
                if schema.format.as_deref() == Some("date-time")
                    && s.parse::<jiff::Timestamp>().is_err()
                {
                    self.error_at(
                        node,
                        format!(
                            "{} is not an RFC 3339 date-time (like 2024-05-01T12:00:00Z)",
                            quote(s)
                        ),
                    );
                }
            }
            Ty::Integer => match &node.kind {
                Kind::Int(i) => {
                    if schema.format.as_deref() == Some("int32") && i32::try_from(*i).is_err() {
                        self.error_at(node, format!("{i} is out of range for an int32"));
                    }
                }
                Kind::BigInt(s) => {
                    self.error_at(
                        node,
                        format!("{s} is out of range for an int64 (at most {})", i64::MAX),
                    );
                }
                Kind::Float(f) => {
                    self.error_at(node, format!("expected integer, got number {f}"));
                }
                _ => self.type_error(node, "integer"),
            },
            Ty::Number => {
                if !matches!(node.kind, Kind::Int(_) | Kind::BigInt(_) | Kind::Float(_)) {
                    self.type_error(node, "number");
                }
            }
            Ty::Boolean => {
                if !matches!(node.kind, Kind::Bool(_)) {
                    self.type_error(node, "boolean");
                }
            }
            Ty::Any => {}
        }
    }

    /// A value of an enum: known in the checked version, or an error that names the
    /// versions that know it.
    fn check_enum(&mut self, node: &Node, s: &str, schema: &schema::Node) {
        let version = self.version;
        let in_version = |i: usize| {
            schema
                .enum_versions
                .get(i)
                .is_none_or(|v| v.contains(version))
        };
        let allowed: Vec<&str> = schema
            .enum_values
            .iter()
            .enumerate()
            .filter(|(i, _)| in_version(*i))
            .map(|(_, e)| e.as_str())
            .collect();
        let found = schema.enum_values.iter().position(|e| e == s);
        let list = allowed.join(", ");
        let message = match found {
            Some(i) if in_version(i) => return,
            Some(i) => {
                let has = schema
                    .enum_versions
                    .get(i)
                    .copied()
                    .unwrap_or(Versions::ALL);
                let why = has.why_not_in(version);
                let why = match why.strip_prefix("removed in ") {
                    Some(r) => format!("removed in {r} (a {} value)", has.describe()),
                    None => format!("a {} value, not in {version}", has.describe()),
                };
                format!(
                    "unsupported value {}: {why}; must be one of: {list}",
                    quote(s)
                )
            }
            None => match did_you_mean(s, allowed.iter().copied()) {
                Some(sug) => format!(
                    "unsupported value {} (did you mean {sug:?}?); must be one of: {list}",
                    quote(s)
                ),
                None => format!("unsupported value {}; must be one of: {list}", quote(s)),
            },
        };
        self.error_at(node, message);
    }

    /// Rules beyond types, by definition.
    fn special(&mut self, def: &str, node: &Node) {
        match def {
            "ObjectMeta" => self.object_meta(node),
            "UserSpec" => {
                if let Some(email) = node.get("email")
                    && let Kind::Str(s) = &email.kind
                    && !s.is_empty()
                    && !looks_like_email(s)
                {
                    let mark = self.enter_field("email");
                    self.warn_at(
                        email.line,
                        email.col,
                        format!("{} does not look like an email address", quote(s)),
                    );
                    self.path.truncate(mark);
                }
            }
            "OwnedAccessKeySpec" => {
                if let Some(ttl) = node.get("ttl")
                    && let Kind::Int(i) = ttl.kind
                    && i < 0
                {
                    let mark = self.enter_field("ttl");
                    self.error_at(ttl, format!("must be 0 or more seconds, got {i}"));
                    self.path.truncate(mark);
                }
            }
            "DirectClusterEndpointTokenSpec" => {
                if let Some(ttl) = node.get("ttl")
                    && let Kind::Int(i) = ttl.kind
                    && i < 0
                {
                    let mark = self.enter_field("ttl");
                    self.error_at(
                        ttl,
                        format!(
                            "must be 0 or more seconds, got {i} (0 means the server's default)"
                        ),
                    );
                    self.path.truncate(mark);
                }
            }
            "Access" => self.non_empty(node, &["verbs"]),
            "AccessKeyScopeRole" => self.non_empty(node, &["role"]),
            "AccessKeyScopeProject" => self.non_empty(node, &["project"]),
            "AccessKeyScopeSpace" => self.non_empty(node, &["project", "space"]),
            "AccessKeyScopeVirtualCluster" => self.non_empty(node, &["project", "virtualCluster"]),
            "AccessKeyScopeCluster" => self.non_empty(node, &["cluster"]),
            _ => {}
        }
    }

    /// Each field must be present and not empty ("" or []). A missing required field
    /// already has its error from the schema's `required`.
    fn non_empty(&mut self, node: &Node, fields: &[&str]) {
        for f in fields {
            let mark = self.enter_field(f);
            match node.get(f) {
                None => {
                    // `required` in the schema reports `verbs`; the others are ours.
                    if *f != "verbs" {
                        self.error_at(node, "required field is missing".to_string());
                    }
                }
                Some(v) => match &v.kind {
                    Kind::Null if *f != "verbs" => {
                        self.error_at(v, "required field is missing".to_string());
                    }
                    Kind::Str(s) if s.is_empty() => {
                        self.error_at(v, "must not be empty".to_string());
                    }
                    Kind::Seq(items) if items.is_empty() => {
                        self.error_at(v, "must not be empty".to_string());
                    }
                    _ => {}
                },
            }
            self.path.truncate(mark);
        }
    }

    fn object_meta(&mut self, node: &Node) {
        if let Some(name) = node.get("name")
            && let Kind::Str(s) = &name.kind
            && !is_dns1123_subdomain(s)
        {
            let mark = self.enter_field("name");
            self.error_at(
                name,
                format!("{} is not a valid name: {SUBDOMAIN_RULE}", quote(s)),
            );
            self.path.truncate(mark);
        }
        if let Some(gen_name) = node.get("generateName")
            && let Kind::Str(s) = &gen_name.kind
        {
            // As Kubernetes does: a trailing '-' is fine in a prefix.
            let masked = match s.strip_suffix('-') {
                Some(p) => format!("{p}a"),
                None => s.clone(),
            };
            if !is_dns1123_subdomain(&masked) {
                let mark = self.enter_field("generateName");
                self.error_at(
                    gen_name,
                    format!("{} is not a valid name prefix: {SUBDOMAIN_RULE}", quote(s)),
                );
                self.path.truncate(mark);
            }
        }
        if let Some(ns) = node.get("namespace")
            && let Kind::Str(s) = &ns.kind
            && !s.is_empty()
        {
            let mark = self.enter_field("namespace");
            self.warn_at(
                ns.line,
                ns.col,
                "ignored: Users, DirectClusterEndpointTokens and OwnedAccessKeys are cluster-scoped".to_string(),
            );
            self.path.truncate(mark);
        }
        for (field, values_are_labels) in [("labels", true), ("annotations", false)] {
            let Some(map) = node.get(field) else { continue };
            let Kind::Map(entries) = &map.kind else {
                continue;
            };
            let mark = self.enter_field(field);
            let mut total = 0usize;
            for (key, value) in entries {
                let kmark = self.enter_key(&key.name);
                if let Some(why) = qualified_name_error(&key.name) {
                    let path = self.path.clone();
                    self.push(
                        Severity::Error,
                        key.line,
                        key.col,
                        &path,
                        format!(
                            "{} is not a valid {} key: {why}",
                            quote(&key.name),
                            &field[..field.len() - 1]
                        ),
                    );
                }
                if let Kind::Str(v) = &value.kind {
                    total += key.name.len() + v.len();
                    if values_are_labels && !is_label_value(v) {
                        self.error_at(
                            value,
                            format!("{} is not a valid label value: at most 63 characters, alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric", quote(v)),
                        );
                    }
                }
                self.path.truncate(kmark);
            }
            if !values_are_labels && total > MAX_ANNOTATIONS_BYTES {
                self.error_at(
                    map,
                    format!(
                        "annotations hold {total} bytes, over the limit of {MAX_ANNOTATIONS_BYTES}"
                    ),
                );
            }
            self.path.truncate(mark);
        }
    }
}

const SUBDOMAIN_RULE: &str = "a DNS-1123 subdomain must consist of lower case alphanumerics, '-' or '.', start and end with an alphanumeric, and be at most 253 characters";

/// `a 3.4 field, not in 4.11 (removed in 4.1)`, `a 4.3+ field, not in 4.1`.
fn other_version_field(has: Versions, version: ApiVersion) -> String {
    let why = has.why_not_in(version);
    match why.strip_prefix("removed in ") {
        Some(removed) => format!(
            "a {} field, not in {version} (removed in {removed})",
            has.describe()
        ),
        None => format!("a {} field, not in {version}", has.describe()),
    }
}

fn deprecation(field: &str) -> &'static str {
    match field {
        "accessKeysRef" => ": use AccessKey objects instead",
        "rules" => ": use projects, spaces and virtualClusters instead",
        "allowLoftCli" => ": use roles with role loft-cli instead",
        "selfLink" => ": no longer populated by the server",
        "clusterAccountTemplates" => ": use status.clusters instead",
        _ => "",
    }
}

fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !s.chars().any(char::is_whitespace)
        && domain.contains('.')
        && domain.split('.').all(|p| !p.is_empty())
}

fn position_of(node: &Node) -> (usize, usize) {
    (node.line as usize, node.col as usize)
}

/// An object a check found: the document itself, or item `item` of its `kind: List`,
/// where it starts and its `kind` as written ("" when missing). Its node stays the
/// caller's (see [`super::Document`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub item: Option<usize>,
    pub line: usize,
    pub column: usize,
    pub kind: String,
}

/// Check one top-level document (or a `kind: List` of them), adding what is wrong to
/// `out`; the objects it holds are returned, in order.
pub fn check_document(
    file: &str,
    root: &Node,
    against: Against<'_>,
    out: &mut Vec<Diagnostic>,
) -> Vec<Found> {
    let kind = root.get("kind").and_then(Node::as_str);
    if kind == Some("List") {
        let mut found = Vec::new();
        let limit = out.len() + MAX_DIAGNOSTICS;
        let mut w = Walker {
            file,
            out,
            path: String::new(),
            quiet: 0,
            limit,
            version: against.version,
        };
        let Kind::Map(entries) = &root.kind else {
            return found;
        };
        for (key, value) in entries {
            match key.name.as_str() {
                "kind" | "items" | "metadata" => {}
                "apiVersion" => {
                    if value.as_str() != Some("v1") {
                        w.path = "apiVersion".into();
                        w.error_at(value, "a List has apiVersion \"v1\"".to_string());
                    }
                }
                other => {
                    w.path = other.to_string();
                    let message =
                        match did_you_mean(other, ["apiVersion", "kind", "items", "metadata"]) {
                            Some(s) => format!("unknown field (did you mean {s:?}?)"),
                            None => "unknown field".to_string(),
                        };
                    w.push(Severity::Error, key.line, key.col, other, message);
                }
            }
        }
        match root.get("items") {
            None => {}
            Some(items) => match &items.kind {
                Kind::Null => {}
                Kind::Seq(list) => {
                    for (i, item) in list.iter().enumerate() {
                        let prefix = format!("items[{i}]");
                        if item.get("kind").and_then(Node::as_str) == Some("List") {
                            w.out.push(Diagnostic {
                                file: file.to_string(),
                                line: item.line as usize,
                                column: item.col as usize,
                                severity: Severity::Error,
                                path: format!("{prefix}.kind"),
                                message: "a List cannot hold a List".to_string(),
                            });
                            continue;
                        }
                        found.extend(
                            check_object(file, item, &prefix, against, w.out)
                                .map(|f| Found { item: Some(i), ..f }),
                        );
                    }
                }
                _ => {
                    w.path = "items".into();
                    w.type_error(items, "array");
                }
            },
        }
        return found;
    }
    check_object(file, root, "", against, out)
        .into_iter()
        .collect()
}

/// Check one object; it is found unless it is not a mapping at all.
fn check_object(
    file: &str,
    node: &Node,
    prefix: &str,
    against: Against<'_>,
    out: &mut Vec<Diagnostic>,
) -> Option<Found> {
    let (line, column) = position_of(node);
    let limit = out.len() + MAX_DIAGNOSTICS;
    let mut w = Walker {
        file,
        out,
        path: prefix.to_string(),
        quiet: 0,
        limit,
        version: against.version,
    };
    if !matches!(node.kind, Kind::Map(_)) {
        w.error_at(
            node,
            format!(
                "expected an object (a mapping with apiVersion, kind, metadata, spec), got {}",
                node.kind.type_name()
            ),
        );
        return None;
    }
    let kind_node = node.get("kind");
    let kind = kind_node.and_then(Node::as_str).unwrap_or("");
    let kinds = schema::KINDS;
    let schema = match kind_node {
        None => {
            let mark = w.enter_field("kind");
            w.error_at(
                node,
                format!("required field is missing (one of: {})", kinds.join(", ")),
            );
            w.path.truncate(mark);
            None
        }
        Some(k) => match against.schema.kind(kind) {
            Some(s) => Some(s),
            None => {
                let mark = w.enter_field("kind");
                if !matches!(k.kind, Kind::Str(_)) {
                    w.type_error(k, "string");
                } else {
                    let message = match did_you_mean(kind, kinds.iter().copied()) {
                        Some(s) => {
                            format!("unsupported kind {} (did you mean {s:?}?)", quote(kind))
                        }
                        None => format!(
                            "unsupported kind {}; loftctl knows {}",
                            quote(kind),
                            kinds.join(", ")
                        ),
                    };
                    w.error_at(k, message);
                }
                w.path.truncate(mark);
                None
            }
        },
    };
    match node.get("apiVersion") {
        None => {
            let mark = w.enter_field("apiVersion");
            w.error_at(node, format!("required field is missing ({API_VERSION:?})"));
            w.path.truncate(mark);
        }
        Some(v) => {
            if let Kind::Str(s) = &v.kind
                && s != API_VERSION
            {
                let mark = w.enter_field("apiVersion");
                w.error_at(
                    v,
                    format!(
                        "unsupported apiVersion {}; expected {API_VERSION:?}",
                        quote(s)
                    ),
                );
                w.path.truncate(mark);
            }
        }
    }
    if let Some(schema) = schema {
        w.walk(node, schema);
        if kind == "User" {
            let meta = node.get("metadata");
            let has = |f: &str| {
                meta.and_then(|m| m.get(f))
                    .and_then(Node::as_str)
                    .is_some_and(|s| !s.is_empty())
            };
            if !has("name") && !has("generateName") {
                let at = meta
                    .filter(|m| matches!(m.kind, Kind::Map(_)))
                    .unwrap_or(node);
                let mark = w.enter_field("metadata.name");
                w.error_at(
                    at,
                    "required field is missing (set metadata.name or metadata.generateName)"
                        .to_string(),
                );
                w.path.truncate(mark);
            }
        }
    }
    Some(Found {
        item: None,
        line,
        column,
        kind: kind.to_string(),
    })
}
