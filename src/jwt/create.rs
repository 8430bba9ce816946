//! `token create`: build the `DirectClusterEndpointToken`, POST it, print the answer.

use std::io::Write;

use kube::api::{Api, PostParams};

use crate::api::DirectClusterEndpointToken;
use crate::api::token::{AccessKeyScope, DirectClusterEndpointTokenSpec};
use crate::error::{CliError, Result};
use crate::output;
use crate::printer::Printer;

/// `token create -o`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CreateFormat {
    /// The bare JWT and a newline
    #[default]
    Token,
    /// The whole returned object as JSON
    Json,
    /// The whole returned object as YAML
    Yaml,
    /// The decoded token, as `token decode` prints it
    Claims,
    /// A client.authentication.k8s.io/v1 ExecCredential (for a kubeconfig exec plugin)
    ExecCredential,
}

pub use crate::dry_run::DryRun;

/// The object `token create` sends.
pub fn build(ttl: Option<i64>, scope: Option<AccessKeyScope>) -> DirectClusterEndpointToken {
    DirectClusterEndpointToken::new(DirectClusterEndpointTokenSpec {
        ttl,
        scope,
        ..Default::default()
    })
}

/// Check a token request built from flags with the schema a write is checked against
/// (the server's own): a role the server does not know is exit 3, nothing sent.
pub fn check_built(
    request: &DirectClusterEndpointToken,
    against: crate::validate::Against<'_>,
) -> Result<()> {
    check_request(request, "token", against)
}

/// Check a request loftctl built from flags (a token, an access key) against a schema:
/// any error is exit 3 and nothing is sent.
pub fn check_request<T: serde::Serialize>(
    request: &T,
    what: &str,
    against: crate::validate::Against<'_>,
) -> Result<()> {
    let value = serde_json::to_value(request)
        .map_err(|e| CliError::other(format!("cannot encode the {what} request: {e}")))?;
    let errors: Vec<String> = crate::validate::validate_value_against(&value, against)
        .into_iter()
        .filter(|d| d.severity == crate::validate::Severity::Error)
        .map(|d| d.to_string())
        .collect();
    if errors.is_empty() {
        return Ok(());
    }
    Err(CliError::invalid(format!(
        "the {what} request is invalid: {}; nothing was sent",
        errors.join("; ")
    )))
}

/// Read the one `DirectClusterEndpointToken` of `-f` inputs: checked by
/// [`crate::manifest::load_checked`] (diagnostics on stderr; any error is exit 3),
/// exactly one document of that kind. `status` is dropped: the server fills it.
pub fn from_files(
    paths: &[std::path::PathBuf],
    printer: &Printer,
    against: crate::validate::Against<'_>,
) -> Result<DirectClusterEndpointToken> {
    let documents = crate::manifest::load_checked_against(paths, printer, false, against)?;
    let kind = DirectClusterEndpointToken::KIND;
    let [doc] = documents.as_slice() else {
        return Err(CliError::invalid(format!(
            "expected one {kind}, found {} documents",
            documents.len()
        ))
        .with_hint("create one token per file"));
    };
    if doc.kind != kind {
        return Err(CliError::invalid(format!(
            "{}:{}:{}: expected kind {kind}, found {:?}",
            doc.source, doc.line, doc.column, doc.kind
        )));
    }
    let mut obj: DirectClusterEndpointToken = doc.decode().map_err(|e| {
        CliError::invalid(format!(
            "{}:{}:{}: not a {kind}: {e}",
            doc.source, doc.line, doc.column
        ))
    })?;
    obj.status = None;
    Ok(obj)
}

/// POST the token request (with `dryRun=All` for a server dry run).
pub async fn send(
    client: kube::Client,
    request: &DirectClusterEndpointToken,
    dry_run: DryRun,
) -> Result<DirectClusterEndpointToken> {
    let api: Api<DirectClusterEndpointToken> = Api::all(client);
    let params = PostParams {
        dry_run: dry_run == DryRun::Server,
        field_manager: Some(crate::api::FIELD_MANAGER.to_string()),
    };
    api.create(&params, request)
        .await
        .map_err(|e| CliError::from(e).context("creating the token"))
}

/// The cache entry of `-o exec-credential --cache` for this target and request: keyed by
/// the server URL, the access key (hashed) and the request body. `None` (after a
/// warning) when the target has no bearer token or there is no cache folder.
pub fn cache_entry(
    target: &crate::connect::Target,
    request: &DirectClusterEndpointToken,
    printer: &Printer,
) -> Option<crate::exec_credential::cache::Entry> {
    use secrecy::ExposeSecret;
    let Some(key) = target.config.auth_info.token.as_ref() else {
        printer.warn("--cache: this connection has no access key; the token is not cached");
        return None;
    };
    let Some(dir) = crate::exec_credential::cache::dir_from_env() else {
        printer.warn("--cache: neither XDG_CACHE_HOME nor HOME is set; the token is not cached");
        return None;
    };
    let body = serde_json::to_vec(request).unwrap_or_default();
    Some(crate::exec_credential::cache::Entry::new(
        dir,
        &target.config.cluster_url.to_string(),
        key.expose_secret(),
        &body,
    ))
}

/// The ExecCredential for an issued JWT, its expiry read from the token's `exp` claim
/// (not verified: the server that issued it is the one that checks it).
pub fn exec_credential_for(token: &str) -> Result<crate::exec_credential::ExecCredential> {
    let jwt = super::Jwt::parse(token)
        .map_err(|e| CliError::other(format!("the server's token: {e}")))?;
    Ok(crate::exec_credential::ExecCredential {
        token: token.to_string(),
        expires_at: jwt.claims.get("exp").and_then(serde_json::Value::as_i64),
    })
}

/// The issued JWT of an answer, if any.
pub fn issued_token(obj: &DirectClusterEndpointToken) -> Option<&str> {
    obj.status
        .as_ref()
        .and_then(|s| s.token.as_deref())
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// Print an object (the answer, or the request of a client dry run) in `format`.
/// `issued`: a token is expected (not a dry run); its absence is then an error.
pub fn write(
    out: &mut dyn Write,
    printer: &Printer,
    obj: &DirectClusterEndpointToken,
    format: CreateFormat,
    dry_run: DryRun,
    now: i64,
) -> Result<()> {
    match format {
        CreateFormat::Json | CreateFormat::Yaml => {
            let value = serde_json::to_value(obj)
                .map_err(|e| CliError::other(format!("cannot render the token object: {e}")))?;
            if format == CreateFormat::Json {
                output::write_json(out, &value)
            } else {
                output::write_yaml(out, &value)
            }
        }
        CreateFormat::Token | CreateFormat::Claims | CreateFormat::ExecCredential => {
            let Some(token) = issued_token(obj) else {
                if dry_run != DryRun::None {
                    printer.status(format!(
                        "dry run ({}): no token was issued; use -o yaml to see the request",
                        if dry_run == DryRun::Client {
                            "client"
                        } else {
                            "server"
                        }
                    ));
                    return Ok(());
                }
                return Err(CliError::other(
                    "the server answered without a token (status.token is empty)",
                ));
            };
            if format == CreateFormat::Token {
                writeln!(out, "{token}")?;
                Ok(())
            } else if format == CreateFormat::ExecCredential {
                exec_credential_for(token)?.write(out)
            } else {
                let report =
                    super::decode(token, None, now).map_err(|e| e.context("the server's token"))?;
                out.write_all(report.to_text().as_bytes())?;
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::token::DirectClusterEndpointTokenStatus;

    #[test]
    fn the_request_carries_ttl_and_scope_only() {
        let scope = AccessKeyScope {
            projects: Some(vec![crate::jwt::scope::parse_project("p1").unwrap()]),
            ..Default::default()
        };
        let v = serde_json::to_value(build(Some(60), Some(scope))).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "apiVersion": "management.loft.sh/v1",
                "kind": "DirectClusterEndpointToken",
                "metadata": {},
                "spec": {"ttl": 60, "scope": {"projects": [{"project": "p1"}]}},
            })
        );
    }

    #[test]
    fn token_output_is_the_bare_jwt() {
        let mut obj = build(None, None);
        obj.status = Some(DirectClusterEndpointTokenStatus {
            token: Some("a.b.c".into()),
            ..Default::default()
        });
        let mut out = Vec::new();
        write(
            &mut out,
            &Printer::plain(),
            &obj,
            CreateFormat::Token,
            DryRun::None,
            0,
        )
        .unwrap();
        assert_eq!(out, b"a.b.c\n");
    }

    #[test]
    fn a_missing_token_is_an_error_unless_dry_run() {
        let obj = build(None, None);
        let mut out = Vec::new();
        let e = write(
            &mut out,
            &Printer::plain(),
            &obj,
            CreateFormat::Token,
            DryRun::None,
            0,
        )
        .unwrap_err();
        assert_eq!(e.exit_code(), 1);
        write(
            &mut out,
            &Printer::plain(),
            &obj,
            CreateFormat::Token,
            DryRun::Client,
            0,
        )
        .unwrap();
        assert!(out.is_empty());
    }
}
