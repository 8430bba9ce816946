//! Finding the management API and building a `kube::Client` for it.
//!
//! Three sources, first match wins (SPEC "Connecting"):
//! 1. `--server`/`LOFT_URL` with `--access-key`/`LOFT_ACCESS_KEY`;
//! 2. the loft CLI's config file (`--config`, `LOFT_CONFIG`, `~/.loft/config.json`);
//! 3. a kubeconfig (`--kubeconfig`, `--context`, `KUBECONFIG`, `~/.kube/config`).
//!
//! Passing `--kubeconfig` or `--context` selects the third source outright.
//! [`resolve`] only decides; [`client`] builds the client (TLS, timeouts, User-Agent,
//! the `-v` request log) and is called by the commands that talk to a server.

pub mod loft_config;
mod log_layer;

use std::path::PathBuf;
use std::time::Duration;

use http::HeaderValue;
use kube::config::{KubeConfigOptions, Kubeconfig};

use crate::cli::ConnectArgs;
use crate::error::{CliError, Kind, Result};
use crate::printer::Printer;
pub use loft_config::LoftConfig;

/// The path below a Loft host where the management API lives.
pub const API_SUFFIX: &str = "/kubernetes/management";
pub const USER_AGENT: &str = concat!("loftctl/", env!("CARGO_PKG_VERSION"));

/// Where the connection settings came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flags,
    LoftConfig(PathBuf),
    Kubeconfig,
}

/// A resolved target: the source it came from and a `kube::Config` for it.
pub struct Target {
    pub source: Source,
    pub config: kube::Config,
    /// Secrets to mask in anything we print (access key, bearer tokens).
    pub secrets: Vec<String>,
}

/// `https://loft.example.com` → `https://loft.example.com/kubernetes/management`.
pub fn management_url(url: &str) -> Result<http::Uri> {
    let trimmed = url.trim().trim_end_matches('/');
    if trimmed.is_empty() {
        return Err(CliError::usage("empty server URL"));
    }
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_string()
    } else {
        format!("https://{trimmed}")
    };
    let full = if with_scheme.ends_with(API_SUFFIX) {
        with_scheme
    } else {
        format!("{with_scheme}{API_SUFFIX}")
    };
    let uri: http::Uri = full
        .parse()
        .map_err(|e| CliError::usage(format!("invalid server URL {url:?}: {e}")))?;
    match uri.scheme_str() {
        Some("http") | Some("https") => Ok(uri),
        _ => Err(CliError::usage(format!(
            "invalid server URL {url:?}: use http:// or https://"
        ))),
    }
}

/// Is this URL's host a loopback address (where plain http is acceptable)?
pub fn is_loopback(uri: &http::Uri) -> bool {
    match uri.host() {
        Some("localhost") => true,
        Some(host) => host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => false,
    }
}

/// Decide where to connect: the three sources in order.
pub async fn resolve(args: &ConnectArgs) -> Result<Target> {
    let explicit_kubeconfig = args.kubeconfig.is_some() || args.context.is_some();
    if !explicit_kubeconfig {
        if let Some(server) = &args.server {
            let key = args
                .access_key
                .as_deref()
                .filter(|k| !k.is_empty())
                .ok_or_else(|| {
                    CliError::usage("--server (or LOFT_URL) was given without an access key")
                        .with_hint("pass --access-key KEY or set LOFT_ACCESS_KEY")
                })?;
            let config = api_config(server, key, args.insecure, args)?;
            return Ok(Target {
                source: Source::Flags,
                config,
                secrets: vec![key.to_string()],
            });
        }
        let path = args.config.clone().or_else(LoftConfig::default_path);
        if let Some(path) = path
            && let Some(file) = LoftConfig::load(&path)?
            && let (Some(host), Some(key)) = (file.host(), file.access_key())
        {
            let key = args
                .access_key
                .as_deref()
                .filter(|k| !k.is_empty())
                .unwrap_or(key);
            let config = api_config(host, key, args.insecure || file.insecure(), args)?;
            let secrets = vec![key.to_string()];
            return Ok(Target {
                source: Source::LoftConfig(path),
                config,
                secrets,
            });
        }
    }
    kubeconfig_target(args, explicit_kubeconfig).await
}

fn api_config(url: &str, key: &str, insecure: bool, args: &ConnectArgs) -> Result<kube::Config> {
    let mut config = kube::Config::new(management_url(url)?);
    config.auth_info.token = Some(key.to_string().into());
    config.accept_invalid_certs = insecure;
    if let Some(ca) = &args.certificate_authority {
        let pem = std::fs::read(ca).map_err(|e| {
            CliError::usage(format!(
                "cannot read --certificate-authority {}: {e}",
                ca.display()
            ))
        })?;
        config.root_cert = Some(pem_certificates(&pem).map_err(|e| {
            CliError::usage(format!("--certificate-authority {}: {e}", ca.display()))
        })?);
    }
    Ok(config)
}

/// The DER certificates of a PEM file.
fn pem_certificates(pem: &[u8]) -> std::result::Result<Vec<Vec<u8>>, String> {
    use base64::Engine;
    let text = std::str::from_utf8(pem).map_err(|_| "not a PEM file".to_string())?;
    let mut certs = Vec::new();
    let mut body: Option<String> = None;
    for line in text.lines() {
        let line = line.trim();
        if line == "-----BEGIN CERTIFICATE-----" {
            body = Some(String::new());
        } else if line == "-----END CERTIFICATE-----" {
            let b64 = body.take().ok_or("END without BEGIN")?;
            let der = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .map_err(|e| format!("bad base64 in certificate: {e}"))?;
            certs.push(der);
        } else if let Some(b) = body.as_mut() {
            b.push_str(line);
        }
    }
    if certs.is_empty() {
        return Err("no CERTIFICATE block found".into());
    }
    Ok(certs)
}

async fn kubeconfig_target(args: &ConnectArgs, explicit: bool) -> Result<Target> {
    let options = KubeConfigOptions {
        context: args.context.clone(),
        ..Default::default()
    };
    let loaded = match &args.kubeconfig {
        Some(path) => {
            let kc = Kubeconfig::read_from(path).map_err(|e| {
                CliError::usage(format!("cannot read kubeconfig {}: {e}", path.display()))
            })?;
            kube::Config::from_custom_kubeconfig(kc, &options).await
        }
        None => {
            let has_env = std::env::var_os("KUBECONFIG").is_some_and(|v| !v.is_empty());
            let default_exists = std::env::var_os("HOME")
                .map(|h| PathBuf::from(h).join(".kube").join("config").exists())
                .unwrap_or(false);
            if !explicit && !has_env && !default_exists {
                return Err(not_configured());
            }
            kube::Config::from_kubeconfig(&options).await
        }
    };
    let mut config = loaded
        .map_err(|e| CliError::usage(format!("kubeconfig: {}", crate::error::error_chain(&e))))?;
    if args.insecure {
        config.accept_invalid_certs = true;
    }
    let mut secrets = Vec::new();
    if let Some(token) = &config.auth_info.token {
        use secrecy::ExposeSecret;
        secrets.push(token.expose_secret().to_string());
    }
    Ok(Target {
        source: Source::Kubeconfig,
        config,
        secrets,
    })
}

fn not_configured() -> CliError {
    CliError::new(Kind::Other, "no Loft server configured")
        .with_hint("run `loftctl login URL`, pass --server and --access-key (or LOFT_URL and LOFT_ACCESS_KEY), or try `loftctl dev-server -- loftctl …`")
}

/// Build the client for a target: timeouts, User-Agent, no hidden retries, and the
/// `-v` request log with secrets masked.
pub fn client(mut target: Target, timeout: Duration, printer: &Printer) -> Result<kube::Client> {
    let config = &mut target.config;
    if config.accept_invalid_certs {
        printer.warn(format!(
            "TLS verification is disabled for {} (--insecure): the connection can be intercepted",
            config.cluster_url
        ));
    }
    let timeout = (!timeout.is_zero()).then_some(timeout);
    config.read_timeout = timeout;
    config.write_timeout = timeout;
    config.connect_timeout = Some(
        timeout
            .unwrap_or(Duration::from_secs(30))
            .min(Duration::from_secs(30)),
    );
    // A CLI decides its own retries (kube's default retries 429/503/504 up to 15 times).
    config.default_retry = false;
    config
        .headers
        .retain(|(name, _)| name != http::header::USER_AGENT);
    config.headers.push((
        http::header::USER_AGENT,
        HeaderValue::from_static(USER_AGENT),
    ));
    let base = config.cluster_url.to_string();
    let builder = kube::client::ClientBuilder::try_from(target.config).map_err(CliError::from)?;
    if printer.verbose > 0 {
        let layer = log_layer::LogLayer::new(base, target.secrets);
        Ok(builder.with_layer(&layer).build())
    } else {
        Ok(builder.build())
    }
}

/// Replace every secret in `text` by `***`.
pub fn mask(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    for s in secrets.iter().filter(|s| s.len() >= 4) {
        out = out.replace(s.as_str(), "***");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_get_the_management_suffix() {
        assert_eq!(
            management_url("https://loft.example.com")
                .unwrap()
                .to_string(),
            "https://loft.example.com/kubernetes/management"
        );
        assert_eq!(
            management_url("https://loft.example.com/kubernetes/management/")
                .unwrap()
                .to_string(),
            "https://loft.example.com/kubernetes/management"
        );
        assert_eq!(
            management_url("loft.example.com").unwrap().to_string(),
            "https://loft.example.com/kubernetes/management"
        );
        assert_eq!(management_url("ftp://x").unwrap_err().kind, Kind::Usage);
        assert_eq!(management_url("  ").unwrap_err().kind, Kind::Usage);
    }

    #[test]
    fn loopback_detection() {
        for (url, expect) in [
            ("http://127.0.0.1:8080", true),
            ("http://localhost", true),
            ("http://[::1]:9", true),
            ("http://10.0.0.1", false),
            ("https://loft.example.com", false),
        ] {
            assert_eq!(is_loopback(&url.parse().unwrap()), expect, "{url}");
        }
    }

    #[test]
    fn masking() {
        let secrets = vec!["s3cret-key".to_string()];
        assert_eq!(mask("Bearer s3cret-key!", &secrets), "Bearer ***!");
    }
}
