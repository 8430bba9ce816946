//! A corpus generated at test time from Loft's own reference definitions (the v4.1
//! swagger, the v4.10 and v4.11 definitions; read from the shared `reference/` folder,
//! not from a copy): for each version, every field of User, DirectClusterEndpointToken
//! and OwnedAccessKey filled in one valid document, then single mutations with a known
//! verdict and line — a renamed key (unknown field), a value of the wrong type, every
//! role any version knows — and each version's full documents checked against the other
//! versions (the fields one has and the other lacks are errors, on their lines). All of
//! it runs through the real binary: `loftctl validate --api-version V -o json`.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::schema_server::reference_definitions;
use crate::common::{loftctl_cmd, run};

const MGMT: &str = "com.github.loft-sh.api.v4.pkg.apis.management.v1.";
const KINDS: [&str; 3] = ["User", "DirectClusterEndpointToken", "OwnedAccessKey"];

/// The reference file and `--api-version` of each version the corpus covers.
const VERSIONS: [(&str, &str); 3] = [
    ("loft-management-swagger.json", "4.1"),
    ("loft-management-v4.10-definitions.json", "4.10"),
    ("loft-management-v4.11-definitions.json", "4.11"),
];

/// One field of a generated document: its diagnostic path, line (1-based, in the
/// document), what it is, and its enum.
#[derive(Debug, Clone)]
struct Field {
    path: String,
    key: String,
    line: usize,
    /// The line after the field's value (its children included).
    end: usize,
    ty: Ty,
    enum_values: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Ty {
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
    Map,
    Any,
}

/// A document being written: lines, and the fields with their lines.
#[derive(Default)]
struct Doc {
    lines: Vec<String>,
    fields: Vec<Field>,
}

struct Gen<'a> {
    defs: &'a Map<String, Value>,
}

impl Gen<'_> {
    fn resolve<'s>(&'s self, s: &'s Value) -> &'s Value {
        match s.get("$ref").and_then(Value::as_str) {
            Some(r) => &self.defs[r.trim_start_matches("#/definitions/")],
            None => s,
        }
    }

    fn ty(&self, s: &Value) -> Ty {
        let s = self.resolve(s);
        match s.get("type").and_then(Value::as_str) {
            Some("object") if s.get("properties").is_some() => Ty::Object,
            Some("object") if s.get("additionalProperties").is_some() => Ty::Map,
            Some("array") => Ty::Array,
            Some("string") => Ty::String,
            Some("integer") => Ty::Integer,
            Some("number") => Ty::Number,
            Some("boolean") => Ty::Boolean,
            _ => Ty::Any,
        }
    }

    /// A valid scalar for this field.
    fn scalar(&self, s: &Value, key: &str) -> String {
        let s = self.resolve(s);
        if let Some(e) = s.get("enum").and_then(Value::as_array) {
            return e[0].as_str().unwrap().to_string();
        }
        match (
            s.get("type").and_then(Value::as_str),
            s.get("format").and_then(Value::as_str),
        ) {
            (Some("string"), Some("date-time")) => "2024-05-01T12:00:00Z".into(),
            (Some("string"), Some("byte")) => "aGVsbG8=".into(),
            (Some("string"), _) if key == "name" || key == "generateName" => "corpus-a".into(),
            (Some("string"), _) if key == "email" => "a@example.com".into(),
            (Some("string"), _) => "x".into(),
            (Some("integer"), _) => "1".into(),
            (Some("number"), _) => "1.5".into(),
            (Some("boolean"), _) => "true".into(),
            _ => "{}".into(),
        }
    }

    /// Write `key: value` at `indent` (the first line starts with `first`, e.g. "- ").
    fn field(&self, doc: &mut Doc, indent: usize, first: &str, path: &str, key: &str, s: &Value) {
        let line = doc.lines.len() + 1;
        let ty = self.ty(s);
        let enum_values = self
            .resolve(s)
            .get("enum")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let index = doc.fields.len();
        doc.fields.push(Field {
            path: path.to_string(),
            key: key.to_string(),
            line,
            end: line + 1,
            ty,
            enum_values,
        });
        self.value(doc, indent, first, path, key, s, ty);
        doc.fields[index].end = doc.lines.len() + 1;
    }

    #[allow(clippy::too_many_arguments)]
    fn value(
        &self,
        doc: &mut Doc,
        indent: usize,
        first: &str,
        path: &str,
        key: &str,
        s: &Value,
        ty: Ty,
    ) {
        let pad = " ".repeat(indent);
        let r = self.resolve(s);
        match ty {
            Ty::Object => {
                doc.lines.push(format!("{pad}{first}{key}:"));
                self.object(doc, indent + first.len() + 2, path, r);
            }
            Ty::Array => {
                doc.lines.push(format!("{pad}{first}{key}:"));
                let item = &r["items"];
                let item_path = format!("{path}[0]");
                let inner = indent + first.len();
                match self.ty(item) {
                    Ty::Object => {
                        let props = self.resolve(item)["properties"].as_object().unwrap();
                        for (i, (k, v)) in props.iter().enumerate() {
                            let (ind, lead) = if i == 0 {
                                (inner, "- ")
                            } else {
                                (inner + 2, "")
                            };
                            self.field(doc, ind, lead, &format!("{item_path}.{k}"), k, v);
                        }
                    }
                    _ => {
                        let v = self.scalar(item, key);
                        doc.lines
                            .push(format!("{}- {}", " ".repeat(inner), quote(&v)));
                    }
                }
            }
            Ty::Map => {
                doc.lines.push(format!("{pad}{first}{key}:"));
                let v = &r["additionalProperties"];
                let entry = format!("{path}[\"team\"]");
                match self.ty(v) {
                    Ty::Object => {
                        doc.lines
                            .push(format!("{}  team:", " ".repeat(indent + first.len())));
                        self.object(doc, indent + first.len() + 4, &entry, self.resolve(v));
                    }
                    Ty::Array => doc.lines.push(format!(
                        "{}  team: [{}]",
                        " ".repeat(indent + first.len()),
                        quote(&self.scalar(&v["items"], "team"))
                    )),
                    _ => doc.lines.push(format!(
                        "{}  team: {}",
                        " ".repeat(indent + first.len()),
                        quote(&self.scalar(v, "team"))
                    )),
                }
            }
            _ => {
                let v = self.scalar(s, key);
                doc.lines.push(format!("{pad}{first}{key}: {}", quote(&v)));
            }
        }
    }

    fn object(&self, doc: &mut Doc, indent: usize, path: &str, s: &Value) {
        let props = s["properties"].as_object().unwrap();
        for (k, v) in props {
            let p = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            self.field(doc, indent, "", &p, k, v);
        }
    }

    /// The full document of a kind: every field filled.
    fn full(&self, kind: &str) -> Doc {
        let mut doc = Doc::default();
        doc.lines.push("apiVersion: management.loft.sh/v1".into());
        doc.lines.push(format!("kind: {kind}"));
        let def = &self.defs[&format!("{MGMT}{kind}")];
        for (k, v) in def["properties"].as_object().unwrap() {
            if k == "apiVersion" || k == "kind" {
                continue;
            }
            self.field(&mut doc, 0, "", k, k, v);
        }
        doc
    }
}

/// Strings are written double-quoted (valid YAML), other scalars as they are.
fn quote(v: &str) -> String {
    if ["true", "1", "1.5", "{}"].contains(&v) {
        v.to_string()
    } else {
        format!("{v:?}")
    }
}

/// One case: a document and what `validate` must say about it.
struct Case {
    name: String,
    text: String,
    /// The lines (in the document) that must carry an error; empty: valid.
    error_lines: BTreeSet<usize>,
    /// A path prefix under which extra "required field is missing" errors are allowed
    /// (renaming or retyping a required field also makes it missing).
    missing_under: Option<String>,
    /// The message of the expected error must contain this.
    message: Option<String>,
}

fn cases_for(defs: &Map<String, Value>, all_roles: &BTreeSet<String>) -> Vec<Case> {
    let g = Gen { defs };
    let mut cases = Vec::new();
    for kind in KINDS {
        let doc = g.full(kind);
        let base = doc.lines.clone();
        cases.push(Case {
            name: format!("{kind}: every field"),
            text: base.join("\n"),
            error_lines: BTreeSet::new(),
            missing_under: None,
            message: None,
        });
        for f in &doc.fields {
            let idx = f.line - 1;
            let original = &base[idx];
            let colon = original.find(&format!("{}:", f.key)).unwrap();
            // (a) the key renamed: an unknown field on its line.
            let mut lines = base.clone();
            lines[idx] = format!(
                "{}{}Zz{}",
                &original[..colon],
                f.key,
                &original[colon + f.key.len()..]
            );
            cases.push(Case {
                name: format!("{kind}: {} renamed", f.path),
                text: lines.join("\n"),
                error_lines: [f.line].into(),
                missing_under: Some(f.path.clone()),
                message: Some("unknown field".into()),
            });
            // (b) a value of the wrong type, on the key's line (children dropped).
            let wrong = match f.ty {
                Ty::String => "{a: 1}",
                Ty::Integer | Ty::Number => "\"abc\"",
                Ty::Boolean => "\"maybe\"",
                Ty::Object | Ty::Array | Ty::Map => "7",
                Ty::Any => continue,
            };
            let mut lines = base.clone();
            lines[idx] = format!("{}{}: {wrong}", &original[..colon], f.key);
            if matches!(f.ty, Ty::Object | Ty::Array | Ty::Map) {
                lines.drain(f.line..f.end - 1);
            }
            cases.push(Case {
                name: format!("{kind}: {} of the wrong type", f.path),
                text: lines.join("\n"),
                error_lines: [f.line].into(),
                missing_under: Some(f.path.clone()),
                message: Some("expected".into()),
            });
            // (c) every role any version knows: valid iff this version has it.
            if f.key == "role" && !f.enum_values.is_empty() {
                for role in all_roles {
                    let mut lines = base.clone();
                    lines[idx] = format!("{}{}: {role}", &original[..colon], f.key);
                    let known = f.enum_values.contains(role);
                    cases.push(Case {
                        name: format!("{kind}: {} = {role}", f.path),
                        text: lines.join("\n"),
                        error_lines: if known {
                            BTreeSet::new()
                        } else {
                            [f.line].into()
                        },
                        missing_under: None,
                        message: Some(format!("unsupported value \"{role}\"")),
                    });
                }
            }
        }
    }
    cases
}

/// Run every case through `loftctl validate --api-version V -o json` (one multi-document
/// file) and count the right verdicts; the wrong ones are returned for the message.
fn judge(version: &str, cases: &[Case]) -> (usize, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    let mut starts = Vec::new();
    let mut line = 1;
    for c in cases {
        text.push_str("---\n");
        line += 1;
        starts.push(line);
        text.push_str(&c.text);
        text.push('\n');
        line += c.text.lines().count();
    }
    let path = dir.path().join("corpus.yaml");
    std::fs::write(&path, &text).unwrap();
    let r = run(loftctl_cmd(dir.path())
        .args(["validate", "--api-version", version, "-o", "json"])
        .arg(&path));
    assert!(r.code == 0 || r.code == 3, "{r}");
    let diags: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    let mut by_case: Vec<Vec<&Value>> = vec![Vec::new(); cases.len()];
    for d in &diags {
        if d["severity"] != "error" {
            continue;
        }
        let l = d["line"].as_u64().unwrap() as usize;
        let i = starts.partition_point(|s| *s <= l) - 1;
        by_case[i].push(d);
    }
    let mut right = 0;
    let mut wrong = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let start = starts[i];
        let mut expected_found = BTreeSet::new();
        let mut unexpected = Vec::new();
        for d in &by_case[i] {
            let l = d["line"].as_u64().unwrap() as usize - start + 1;
            let msg = d["message"].as_str().unwrap_or_default();
            let path = d["path"].as_str().unwrap_or_default();
            let message_ok = c.message.as_deref().is_none_or(|m| msg.contains(m));
            if c.error_lines.contains(&l) && message_ok {
                expected_found.insert(l);
            } else if msg.starts_with("required field is missing")
                && c.missing_under
                    .as_deref()
                    .is_some_and(|p| path.starts_with(p))
            {
                // renaming or retyping a required field also leaves it missing
            } else {
                unexpected.push(format!("line {l}: {path}: {msg}"));
            }
        }
        if expected_found == c.error_lines && unexpected.is_empty() {
            right += 1;
        } else {
            wrong.push(format!(
                "{} (expected errors on lines {:?}, found {:?}; unexpected: {unexpected:?})",
                c.name, c.error_lines, expected_found
            ));
        }
    }
    (right, wrong)
}

fn all_roles() -> BTreeSet<String> {
    let mut roles = BTreeSet::new();
    for (file, _) in VERSIONS {
        let defs = reference_definitions(file);
        let role = &defs["com.github.loft-sh.api.v4.pkg.apis.storage.v1.AccessKeyScopeRole"]["properties"]
            ["role"]["enum"];
        for r in role.as_array().unwrap() {
            roles.insert(r.as_str().unwrap().to_string());
        }
    }
    roles
}

fn corpus(file: &str, version: &str) {
    let defs = reference_definitions(file);
    let cases = cases_for(&defs, &all_roles());
    let (right, wrong) = judge(version, &cases);
    eprintln!(
        "corpus {version}: {right}/{} cases judged right",
        cases.len()
    );
    assert!(
        wrong.is_empty(),
        "{version}: {} of {} cases judged wrong:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
    assert!(cases.len() > 300, "{}", cases.len());
}

#[test]
fn corpus_v4_11() {
    corpus("loft-management-v4.11-definitions.json", "4.11");
}

#[test]
fn corpus_v4_10() {
    corpus("loft-management-v4.10-definitions.json", "4.10");
}

#[test]
fn corpus_v4_1() {
    corpus("loft-management-swagger.json", "4.1");
}

/// Every version's full documents under every other version: the fields one reference
/// has and the other lacks (found by comparing the reference files) are errors on their
/// lines, naming the versions that have them; nothing else is.
#[test]
fn versions_against_each_other() {
    let mut total = 0;
    for (file_a, _) in VERSIONS {
        let defs_a = reference_definitions(file_a);
        let g = Gen { defs: &defs_a };
        for (file_b, version_b) in VERSIONS {
            let defs_b = reference_definitions(file_b);
            let gb = Gen { defs: &defs_b };
            let mut cases = Vec::new();
            for kind in KINDS {
                let doc = g.full(kind);
                let paths_b: BTreeSet<String> =
                    gb.full(kind).fields.into_iter().map(|f| f.path).collect();
                // A field whose parent is already missing is not reached.
                let mut missing: Vec<&Field> = Vec::new();
                for f in &doc.fields {
                    if !paths_b.contains(&f.path)
                        && !missing
                            .iter()
                            .any(|m| f.path.starts_with(&format!("{}.", m.path)))
                    {
                        missing.push(f);
                    }
                }
                cases.push(Case {
                    name: format!("{kind} of {file_a} under {version_b}"),
                    text: doc.lines.join("\n"),
                    error_lines: missing.iter().map(|f| f.line).collect(),
                    missing_under: None,
                    message: Some(format!("not in {version_b}")),
                });
            }
            let (right, wrong) = judge(version_b, &cases);
            assert!(wrong.is_empty(), "{}", wrong.join("\n"));
            total += right;
        }
    }
    assert_eq!(total, VERSIONS.len() * VERSIONS.len() * KINDS.len());
}

#[test]
fn a_3_4_field_under_4_11_names_3_4() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u.yaml");
    std::fs::write(
        &path,
        "apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: a\nspec:\n  clusterAccountTemplates:\n  - name: t\n",
    )
    .unwrap();
    let r = run(loftctl_cmd(dir.path())
        .args(["validate", "--api-version", "4.11"])
        .arg(&path));
    assert_eq!(r.code, 3, "{r}");
    assert!(
        r.stdout.contains("u.yaml:6:3: error: spec.clusterAccountTemplates: a 3.4 field, not in 4.11 (removed in 4.1)"),
        "{r}"
    );
    let r = run(loftctl_cmd(dir.path())
        .args(["validate", "--api-version", "3.4"])
        .arg(&path));
    assert_eq!(r.code, 0, "{r}");
    let r = run(loftctl_cmd(dir.path())
        .args(["validate", "--api-version", "4.2"])
        .arg(&path));
    assert_eq!(r.code, 2, "{r}");
}
