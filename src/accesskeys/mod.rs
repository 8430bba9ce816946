//! The logic behind `loftctl accesskey`: OwnedAccessKeys, the caller's own access keys
//! (and `users/{name}/accesskeys` for admins).
//!
//! The key (`spec.key`) is a credential: `create` prints it once, as the server returns
//! it; `get`, `list` and `user access-keys` drop it from every object before printing,
//! whatever the format, even when a server sends it.

pub mod delete;

use std::io::Write;
use std::path::PathBuf;

use kube::api::{Api, ListParams, PostParams};
use serde_json::Value;

use crate::api::OwnedAccessKey;
use crate::api::accesskey::{OwnedAccessKeySpec, TYPE_USER, UserAccessKeys};
use crate::dry_run::DryRun;
use crate::error::{CliError, Result};
use crate::jwt::scope::ScopeFlags;
use crate::output::{self, OutputFormat, PrintOptions, ResourcePrinter};
use crate::printer::Printer;

/// `accesskey create -o`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CreateFormat {
    /// The key and a newline, nothing else.
    #[default]
    Key,
    Json,
    Yaml,
}

/// What `accesskey create` was asked for.
#[derive(Debug, Clone, Default)]
pub struct CreateOptions {
    pub name: Option<String>,
    pub ttl: Option<i64>,
    pub scope: ScopeFlags,
    pub user: Option<String>,
    pub display_name: Option<String>,
    pub description: Option<String>,
    /// `-f`: read the OwnedAccessKey from a manifest instead of the flags.
    pub filename: Option<PathBuf>,
    pub format: CreateFormat,
    pub dry_run: DryRun,
}

/// The prefix of the names the server generates when no NAME is given.
pub const GENERATE_NAME: &str = "loftctl-";

/// The object `accesskey create` sends (from the flags): a key of type `User`.
pub fn build(opts: &CreateOptions) -> OwnedAccessKey {
    let mut key = OwnedAccessKey::new(OwnedAccessKeySpec {
        display_name: opts.display_name.clone(),
        description: opts.description.clone(),
        user: opts.user.clone(),
        ttl: opts.ttl,
        scope: opts.scope.clone().into_scope(),
        type_: Some(TYPE_USER.to_string()),
        ..Default::default()
    });
    match &opts.name {
        Some(name) => key.metadata.name = Some(name.clone()),
        None => key.metadata.generate_name = Some(GENERATE_NAME.to_string()),
    }
    key
}

/// Read the one OwnedAccessKey of a `-f` input (checked by the local validator first).
/// A `key` in the manifest is refused: the server makes the key. `status` is dropped.
pub fn from_file(
    path: &PathBuf,
    printer: &Printer,
    against: crate::validate::Against<'_>,
) -> Result<OwnedAccessKey> {
    let documents =
        crate::manifest::load_checked_against(std::slice::from_ref(path), printer, false, against)?;
    let kind = OwnedAccessKey::KIND;
    let [doc] = documents.as_slice() else {
        return Err(CliError::invalid(format!(
            "expected one {kind}, found {} documents",
            documents.len()
        ))
        .with_hint("create one access key per file"));
    };
    if doc.kind != kind {
        return Err(CliError::invalid(format!(
            "{}:{}:{}: expected kind {kind}, found {:?}",
            doc.source, doc.line, doc.column, doc.kind
        )));
    }
    let mut obj: OwnedAccessKey = doc.decode().map_err(|e| {
        CliError::invalid(format!(
            "{}:{}:{}: not an {kind}: {e}",
            doc.source, doc.line, doc.column
        ))
    })?;
    if obj.spec.key.is_some() {
        return Err(CliError::invalid(format!(
            "{}: spec.key is set: the server makes the key",
            doc.source
        ))
        .with_hint("remove spec.key from the manifest"));
    }
    obj.status = None;
    if obj.spec.type_.is_none() {
        obj.spec.type_ = Some(TYPE_USER.to_string());
    }
    if obj.metadata.name.is_none() && obj.metadata.generate_name.is_none() {
        obj.metadata.generate_name = Some(GENERATE_NAME.to_string());
    }
    Ok(obj)
}

/// Check a request built from the flags against the schema of the server it goes to.
pub fn check_built(request: &OwnedAccessKey, against: crate::validate::Against<'_>) -> Result<()> {
    crate::jwt::create::check_request(request, "access key", against)
}

/// POST the key (with `dryRun=All` for a server dry run).
pub async fn create(
    client: kube::Client,
    request: &OwnedAccessKey,
    dry_run: DryRun,
) -> Result<OwnedAccessKey> {
    let api: Api<OwnedAccessKey> = Api::all(client);
    let params = PostParams {
        dry_run: dry_run.server(),
        field_manager: Some(crate::api::FIELD_MANAGER.to_string()),
    };
    api.create(&params, request)
        .await
        .map_err(|e| CliError::from(e).context("creating the access key"))
}

/// Print the answer of `create` (or the request of a client dry run).
pub fn write_created(
    out: &mut dyn Write,
    printer: &Printer,
    obj: &OwnedAccessKey,
    format: CreateFormat,
    dry_run: DryRun,
) -> Result<()> {
    if let Some(key) = obj.spec.key.as_deref() {
        crate::secrets::remember_secrets(&[key.to_string()]);
    }
    match format {
        CreateFormat::Json | CreateFormat::Yaml => {
            let value = serde_json::to_value(obj)
                .map_err(|e| CliError::other(format!("cannot render the access key: {e}")))?;
            if format == CreateFormat::Json {
                output::write_json(out, &value)
            } else {
                output::write_yaml(out, &value)
            }
        }
        CreateFormat::Key => {
            match obj
                .spec
                .key
                .as_deref()
                .map(str::trim)
                .filter(|k| !k.is_empty())
            {
                Some(key) => {
                    writeln!(out, "{key}")?;
                    // The name (perhaps generated) goes to stderr: stdout is the key alone.
                    if let Some(name) = obj.metadata.name.as_deref() {
                        printer.status(format!(
                            "{} created{}",
                            delete::resource_name(name),
                            dry_run.suffix()
                        ));
                    }
                }
                None if dry_run != DryRun::None => printer.status(format!(
                    "dry run ({}): no key was made; use -o yaml to see the request",
                    if dry_run == DryRun::Client {
                        "client"
                    } else {
                        "server"
                    }
                )),
                None => {
                    return Err(CliError::other(
                        "the server answered without a key (spec.key is empty)",
                    ));
                }
            }
            Ok(())
        }
    }
}

/// An object as `get`/`list` print it: apiVersion/kind set, `spec.key` gone.
pub fn redact(mut obj: Value) -> Value {
    if let Some(spec) = obj.get_mut("spec").and_then(Value::as_object_mut) {
        // `shift_remove` keeps the order of the other fields.
        spec.shift_remove("key");
    }
    if let Some(map) = obj.as_object_mut() {
        map.entry("apiVersion")
            .or_insert_with(|| Value::String(crate::api::API_VERSION.to_string()));
        map.entry("kind")
            .or_insert_with(|| Value::String(OwnedAccessKey::KIND.to_string()));
    }
    obj
}

/// What `accesskey get|list` show.
#[derive(Debug, Clone)]
pub struct GetOptions {
    pub names: Vec<String>,
    pub format: OutputFormat,
    pub no_headers: bool,
    pub show_managed_fields: bool,
}

fn printer_for(opts: &GetOptions, printer: &Printer) -> ResourcePrinter {
    ResourcePrinter::new(
        opts.format.clone(),
        PrintOptions {
            no_headers: opts.no_headers,
            show_managed_fields: opts.show_managed_fields,
            ..PrintOptions::from_printer(printer)
        },
    )
}

/// `accesskey get NAME…` (each by name; one name prints the object itself) or
/// `accesskey list` (all of the caller's keys, as a list).
pub async fn get(
    client: kube::Client,
    printer: &Printer,
    opts: &GetOptions,
    out: &mut dyn Write,
) -> Result<()> {
    let api: Api<OwnedAccessKey> = Api::all(client);
    let items = if opts.names.is_empty() {
        let list = api
            .list(&ListParams::default())
            .await
            .map_err(CliError::from)?;
        list.items
    } else {
        let mut items = Vec::with_capacity(opts.names.len());
        for name in &opts.names {
            items.push(api.get(name).await.map_err(CliError::from)?);
        }
        items
    };
    let items = items
        .into_iter()
        .map(|k| serde_json::to_value(k).map(redact))
        .collect::<std::result::Result<Vec<Value>, _>>()
        .map_err(|e| CliError::other(format!("cannot render an access key: {e}")))?;
    print_items(printer, opts, items, out)
}

/// `user access-keys NAME`: the keys of one user, through `users/NAME/accesskeys`.
pub async fn of_user(
    client: kube::Client,
    printer: &Printer,
    user: &str,
    opts: &GetOptions,
    out: &mut dyn Write,
) -> Result<()> {
    let api: Api<crate::api::User> = Api::all(client);
    let request = http::Request::get(format!(
        "{}/{}/accesskeys",
        api.resource_url(),
        encode_segment(user)
    ))
    .body(Vec::new())
    .map_err(|e| CliError::other(e.to_string()))?;
    let answer: UserAccessKeys = api
        .into_client()
        .request(request)
        .await
        .map_err(CliError::from)?;
    let items: Vec<Value> = answer.access_keys.into_iter().map(redact).collect();
    print_items(printer, opts, items, out)
}

fn print_items(
    printer: &Printer,
    opts: &GetOptions,
    items: Vec<Value>,
    out: &mut dyn Write,
) -> Result<()> {
    let rp = printer_for(opts, printer);
    if opts.names.len() == 1 && items.len() == 1 && !opts.format.is_human() {
        rp.print_one(out, &items[0])?;
        out.flush()?;
        return Ok(());
    }
    let count = rp.print_list(out, &items)?;
    out.flush()?;
    output::report_empty(printer, rp.format(), count);
    Ok(())
}

/// A user name as one URL path segment.
fn encode_segment(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_request_is_a_user_key_with_ttl_and_scope() {
        let opts = CreateOptions {
            name: Some("ci".into()),
            ttl: Some(3600),
            scope: ScopeFlags {
                projects: vec![crate::jwt::scope::parse_project("p1").unwrap()],
                ..Default::default()
            },
            display_name: Some("CI".into()),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(build(&opts)).unwrap(),
            json!({
                "apiVersion": "management.loft.sh/v1",
                "kind": "OwnedAccessKey",
                "metadata": {"name": "ci"},
                "spec": {
                    "displayName": "CI",
                    "ttl": 3600,
                    "scope": {"projects": [{"project": "p1"}]},
                    "type": "User",
                },
            })
        );
        let unnamed = build(&CreateOptions::default());
        assert_eq!(unnamed.metadata.generate_name.as_deref(), Some("loftctl-"));
    }

    #[test]
    fn redaction_drops_the_key_only() {
        let obj =
            json!({"metadata": {"name": "k"}, "spec": {"user": "a", "key": "s3cret", "ttl": 5}});
        let out = redact(obj);
        assert_eq!(out["spec"], json!({"user": "a", "ttl": 5}));
        assert_eq!(out["kind"], "OwnedAccessKey");
        let keys: Vec<_> = out["spec"].as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["user", "ttl"]);
    }

    #[test]
    fn key_output_is_the_bare_key() {
        let mut obj = build(&CreateOptions::default());
        obj.spec.key = Some("k".repeat(64));
        let mut out = Vec::new();
        write_created(
            &mut out,
            &Printer::plain(),
            &obj,
            CreateFormat::Key,
            DryRun::None,
        )
        .unwrap();
        assert_eq!(out, format!("{}\n", "k".repeat(64)).into_bytes());
        obj.spec.key = None;
        let err = write_created(
            &mut Vec::new(),
            &Printer::plain(),
            &obj,
            CreateFormat::Key,
            DryRun::None,
        )
        .unwrap_err();
        assert_eq!(err.exit_code(), 1);
    }

    #[test]
    fn user_names_are_escaped_in_paths() {
        assert_eq!(encode_segment("alice"), "alice");
        assert_eq!(encode_segment("a/b c"), "a%2Fb%20c");
    }
}
