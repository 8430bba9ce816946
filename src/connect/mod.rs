//! Finding the management API and building a `kube::Client` for it.
//!
//! Four sources, first match wins (README "Connecting"):
//! 1. `--server`/`LOFT_URL` with `--access-key`/`LOFT_ACCESS_KEY`;
//! 2. the loft CLI's config file (`--config`, `LOFT_CONFIG`,
//!    `~/$LOFT_CACHE_FOLDER/config.json`, `~/.loft/config.json`);
//! 3. today's `vcluster platform` login file, `~/.vcluster/config.json` (read only);
//! 4. a kubeconfig (`--kubeconfig`, `--context`, `KUBECONFIG`, `~/.kube/config`).
//!
//! Passing `--kubeconfig` or `--context` selects the kubeconfig outright. A key and the
//! URL it is sent to always come from the same source: an access key given without a
//! URL is refused rather than sent to a host read from a file.
//! [`resolve`] only decides; [`client`] builds the client (TLS, timeouts, User-Agent,
//! the `-v` request log) and is called by the commands that talk to a server.

pub mod loft_config;
mod log_layer;
pub(crate) use crate::transport;
pub(crate) mod vcluster_config;

use std::path::PathBuf;
use std::time::Duration;

use http::HeaderValue;
use kube::config::{KubeConfigOptions, Kubeconfig};

use crate::error::{CliError, Kind, Result};
use crate::printer::Printer;
use crate::secrets::remember_secrets;
pub use loft_config::LoftConfig;

/// The path below a Loft host where the management API lives.
pub const API_SUFFIX: &str = "/kubernetes/management";
pub const USER_AGENT: &str = concat!("loftctl/", env!("CARGO_PKG_VERSION"));

/// Where the connection settings came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flags,
    LoftConfig(PathBuf),
    VclusterConfig(PathBuf),
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
///
/// `localhost` (any case, with or without the root's trailing dot), `127.0.0.0/8`, `::1`,
/// and IPv4-mapped IPv6 loopback (`::ffff:127.0.0.1`). Anything else — other addresses,
/// other names, the unspecified address, the shorthand forms a resolver might accept
/// (`127.1`) — is not: refusing a loopback host by mistake is safe, the reverse is not.
pub fn is_loopback(uri: &http::Uri) -> bool {
    let Some(host) = uri.host() else {
        return false;
    };
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    match bare.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(v4)) => v4.is_loopback(),
        Ok(std::net::IpAddr::V6(v6)) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        Err(_) => false,
    }
}

/// Refuse a plain-http URL to a host that is not loopback, unless the user said
/// `--insecure-http`: the access key would cross the network in clear text.
fn check_plain_http(url: &http::Uri, allow: bool) -> Result<()> {
    if url.scheme_str() != Some("http") || is_loopback(url) || allow {
        return Ok(());
    }
    Err(CliError::usage(format!(
        "refusing to send credentials over plain http to {}",
        url.host().unwrap_or_default()
    ))
    .with_hint(
        "use https://; plain http is allowed only for loopback hosts (--insecure-http overrides, insecurely)",
    ))
}

/// What resolution reads from the process environment besides the flags (which clap
/// already filled from `LOFT_URL`, `LOFT_ACCESS_KEY` and `LOFT_CONFIG`).
#[derive(Debug, Clone, Default)]
pub struct Env {
    pub home: Option<PathBuf>,
    /// `LOFT_CACHE_FOLDER`: the loft CLI's folder below HOME (default `.loft`).
    pub loft_cache_folder: Option<PathBuf>,
    /// `KUBECONFIG`, split on `:`.
    pub kubeconfig: Vec<PathBuf>,
}

impl Env {
    pub fn from_process() -> Env {
        Env {
            home: std::env::var_os("HOME")
                .filter(|h| !h.is_empty())
                .map(PathBuf::from),
            loft_cache_folder: std::env::var_os("LOFT_CACHE_FOLDER")
                .filter(|f| !f.is_empty())
                .map(PathBuf::from),
            kubeconfig: std::env::var_os("KUBECONFIG")
                .map(|v| {
                    std::env::split_paths(&v)
                        .filter(|p| !p.as_os_str().is_empty())
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

/// How to reach the management API: the plain values behind the connection flags
/// (first match wins: flags/env, then the loft CLI's config file, then a kubeconfig).
#[derive(Debug, Clone, Default)]
pub struct ConnectOptions {
    /// Loft URL (`--server`, `LOFT_URL`).
    pub server: Option<String>,
    /// Access key (`--access-key`, `LOFT_ACCESS_KEY`).
    pub access_key: Option<String>,
    /// Skip TLS certificate verification.
    pub insecure: bool,
    /// Allow plain http to a host that is not loopback (`--insecure-http`).
    pub insecure_http: bool,
    /// PEM file of the certificate authority.
    pub certificate_authority: Option<PathBuf>,
    /// The loft CLI's config file (`--config`, `LOFT_CONFIG`).
    pub config: Option<PathBuf>,
    /// A kubeconfig file (selects the kubeconfig source).
    pub kubeconfig: Option<PathBuf>,
    /// A kubeconfig context (selects the kubeconfig source).
    pub context: Option<String>,
    /// Bound on each request; zero for none.
    pub request_timeout: Duration,
}

/// Decide where to connect: the four sources in order.
pub async fn resolve(args: &ConnectOptions) -> Result<Target> {
    resolve_in(args, &Env::from_process()).await
}

/// [`resolve`] with an explicit environment (tests).
pub async fn resolve_in(args: &ConnectOptions, env: &Env) -> Result<Target> {
    let explicit_kubeconfig = args.kubeconfig.is_some() || args.context.is_some();
    if !explicit_kubeconfig {
        let key = args.access_key.as_deref().filter(|k| !k.is_empty());
        if let Some(server) = &args.server {
            let key = key.ok_or_else(|| {
                CliError::usage("--server (or LOFT_URL) was given without an access key")
                    .with_hint("pass --access-key KEY or set LOFT_ACCESS_KEY")
            })?;
            let config = api_config(server, key, args.insecure, None, args)?;
            check_plain_http(&config.cluster_url, args.insecure_http)?;
            let mut secrets = vec![key.to_string()];
            secrets.extend(userinfo_secret(&config.cluster_url));
            return Ok(Target {
                source: Source::Flags,
                config,
                secrets,
            });
        }
        if key.is_some() {
            // Never send a key from the flags or the environment to a host from a file.
            return Err(CliError::usage(
                "an access key (--access-key or LOFT_ACCESS_KEY) was given without a server URL",
            )
            .with_hint(
                "pass --server URL (or set LOFT_URL) with it; to use the saved login instead, unset LOFT_ACCESS_KEY",
            ));
        }
        let path = args.config.clone().or_else(|| {
            env.home
                .as_ref()
                .map(|h| LoftConfig::path_in(h, env.loft_cache_folder.as_deref()))
        });
        if let Some(path) = path
            && let Some(file) = LoftConfig::load(&path)?
            && let (Some(host), Some(key)) = (file.host(), file.access_key())
        {
            let config = api_config(host, key, args.insecure || file.insecure(), None, args)?;
            check_plain_http(&config.cluster_url, args.insecure_http)?;
            let mut secrets = vec![key.to_string()];
            secrets.extend(userinfo_secret(&config.cluster_url));
            return Ok(Target {
                source: Source::LoftConfig(path),
                config,
                secrets,
            });
        }
        if let Some(path) = env.home.as_ref().map(|h| vcluster_config::path_in(h))
            && let Some(platform) = vcluster_config::load(&path)?
            && let (Some(host), Some(key)) = (&platform.host, &platform.access_key)
        {
            let ca = platform
                .certificate_authority
                .as_deref()
                .map(|pem| (pem, path.as_path()));
            let config = api_config(host, key, args.insecure || platform.insecure, ca, args)?;
            check_plain_http(&config.cluster_url, args.insecure_http)?;
            let mut secrets = vec![key.to_string()];
            secrets.extend(userinfo_secret(&config.cluster_url));
            return Ok(Target {
                source: Source::VclusterConfig(path),
                config,
                secrets,
            });
        }
    }
    kubeconfig_target(args, env).await
}

/// The config for a URL and key. `file_ca`: a CA bundle (PEM) from a login file, and
/// that file's path for messages; `--certificate-authority` wins over it.
fn api_config(
    url: &str,
    key: &str,
    insecure: bool,
    file_ca: Option<(&[u8], &std::path::Path)>,
    args: &ConnectOptions,
) -> Result<kube::Config> {
    let mut config = kube::Config::new(management_url(url)?);
    config.auth_info.token = Some(key.to_string().into());
    config.accept_invalid_certs = insecure;
    if let (None, Some((pem, path))) = (&args.certificate_authority, file_ca) {
        config.root_cert = Some(pem_certificates(pem).map_err(|e| {
            CliError::other(format!(
                "{}: platform.certificateAuthorityData: {e}",
                path.display()
            ))
        })?);
    }
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

/// The password of a URL's userinfo (`https://user:pass@host`), to be masked.
fn userinfo_secret(url: &http::Uri) -> Option<String> {
    let authority = url.authority()?.as_str();
    let (userinfo, _) = authority.rsplit_once('@')?;
    Some(
        userinfo
            .split_once(':')
            .map_or(userinfo, |(_, pass)| pass)
            .to_string(),
    )
}

/// The DER certificates of a PEM file (rustls' PEM reader; other blocks are skipped),
/// each checked to be an X.509 certificate so that a bad file fails here, by name.
fn pem_certificates(pem: &[u8]) -> std::result::Result<Vec<Vec<u8>>, String> {
    use tokio_rustls::rustls::pki_types::CertificateDer;
    use tokio_rustls::rustls::pki_types::pem::{Error, PemObject};
    use x509_parser::prelude::{FromDer, X509Certificate};
    let mut certs = Vec::new();
    for cert in CertificateDer::pem_slice_iter(pem) {
        let der = cert.map_err(|e| match e {
            Error::MissingSectionEnd { .. } => {
                "the PEM file is truncated: a -----BEGIN line has no END line".to_string()
            }
            Error::Base64Decode(e) => format!("a CERTIFICATE block is not valid base64 ({e})"),
            other => format!("not a PEM file ({other})"),
        })?;
        match X509Certificate::from_der(&der) {
            Ok(([], _)) => certs.push(der.to_vec()),
            _ => {
                return Err(format!(
                    "certificate {} in the file is not a valid X.509 certificate",
                    certs.len() + 1
                ));
            }
        }
    }
    if certs.is_empty() {
        return Err("no CERTIFICATE block found".into());
    }
    Ok(certs)
}

async fn kubeconfig_target(args: &ConnectOptions, env: &Env) -> Result<Target> {
    let options = KubeConfigOptions {
        context: args.context.clone(),
        ..Default::default()
    };
    let read = |path: &PathBuf| {
        Kubeconfig::read_from(path).map_err(|e| {
            CliError::with_source(
                Kind::Usage,
                format!("cannot read kubeconfig {}", path.display()),
                e,
            )
        })
    };
    let kubeconfig = if let Some(path) = &args.kubeconfig {
        read(path)?
    } else if !env.kubeconfig.is_empty() {
        // KUBECONFIG: merged in order, as kubectl does.
        let mut merged: Option<Kubeconfig> = None;
        for path in env.kubeconfig.iter().filter(|p| p.exists()) {
            let next = read(path)?;
            merged = Some(match merged {
                None => next,
                Some(m) => m
                    .merge(next)
                    .map_err(|e| CliError::usage(format!("KUBECONFIG: {e}")))?,
            });
        }
        merged.ok_or_else(not_configured)?
    } else {
        match env.home.as_ref().map(|h| h.join(".kube").join("config")) {
            Some(path) if path.exists() => read(&path)?,
            _ => return Err(not_configured()),
        }
    };
    let mut config = kube::Config::from_custom_kubeconfig(kubeconfig, &options)
        .await
        .map_err(|e| CliError::with_source(Kind::Usage, "kubeconfig", e))?;
    if args.insecure {
        config.accept_invalid_certs = true;
    }
    check_plain_http(&config.cluster_url, args.insecure_http)?;
    let mut secrets = Vec::new();
    if let Some(token) = &config.auth_info.token {
        use secrecy::ExposeSecret;
        secrets.push(token.expose_secret().to_string());
    }
    if let Some(password) = &config.auth_info.password {
        use secrecy::ExposeSecret;
        secrets.push(password.expose_secret().to_string());
    }
    // An exec plugin's arguments and environment often carry a password or a token.
    if let Some(exec) = &config.auth_info.exec {
        // (The arguments themselves are never printed; `--password=VALUE`'s value is
        // remembered in case a server or plugin echoes it.)
        for arg in exec.args.iter().flatten() {
            secrets.extend(arg.split_once('=').map(|(_, v)| v.to_string()));
        }
        for var in exec.env.iter().flatten() {
            secrets.extend(var.get("value").cloned());
        }
    }
    secrets.extend(userinfo_secret(&config.cluster_url));
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

/// Warnings for a config file that others may read or write (it holds the access key),
/// or a folder of it that others may write (they could replace the file).
fn loose_permissions(path: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| {
            std::fs::metadata(p)
                .ok()
                .map(|m| m.permissions().mode() & 0o777)
        };
        if let Some(m) = mode(path).filter(|m| m & 0o077 != 0) {
            out.push(format!(
                "{} holds an access key but is readable or writable by others (mode {m:04o}): run `chmod 600 {}`",
                path.display(),
                path.display()
            ));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && let Some(m) = mode(dir).filter(|m| m & 0o022 != 0)
        {
            out.push(format!(
                "{} is writable by others (mode {m:04o}), who could replace the config file: run `chmod 700 {}`",
                dir.display(),
                dir.display()
            ));
        }
    }
    out
}

/// The client's TLS runs on ring. aws-lc (the dev-server's TLS, its RSA keys, JWT
/// signatures) seeds its random generator from CPU jitter the first time a process
/// needs randomness: ~25 ms of CPU before a client's first handshake, a quarter of a
/// 10,000-user list and most of a `user get NAME` (the profile in benches/README.md).
/// ring reads the OS's generator. Both are compiled in, so rustls has no default of its
/// own: the client's is set here, once per process (the dev-server names aws-lc
/// explicitly).
pub fn install_client_crypto() {
    let _ = tokio_rustls::rustls::crypto::ring::default_provider().install_default();
}

/// Build the client for a target: timeouts, User-Agent, no hidden retries, and the
/// `-v` request log with secrets masked.
pub fn client(mut target: Target, timeout: Duration, printer: &Printer) -> Result<kube::Client> {
    remember_secrets(&target.secrets);
    printer.debug(match &target.source {
        Source::Flags => "connecting with --server/LOFT_URL".to_string(),
        Source::LoftConfig(path) => format!("connecting with the loft config {}", path.display()),
        Source::VclusterConfig(path) => {
            format!("connecting with the vcluster login file {}", path.display())
        }
        Source::Kubeconfig => "connecting with the kubeconfig".to_string(),
    });
    let config = &mut target.config;
    // Only --insecure-http lets such a target through resolution.
    if config.cluster_url.scheme_str() == Some("http") && !is_loopback(&config.cluster_url) {
        printer.risk(format!(
            "sending credentials over plain http to {} (--insecure-http): anyone on the network path can read them",
            config.cluster_url
        ));
    }
    if let Source::LoftConfig(path) = &target.source {
        for warning in loose_permissions(path) {
            printer.risk(warning);
        }
    }
    if config.accept_invalid_certs {
        printer.risk(format!(
            "TLS verification is disabled for {} (--insecure): the connection can be intercepted",
            config.cluster_url
        ));
    }
    let timeout = (!timeout.is_zero()).then_some(timeout);
    // No per-read timeout: the transport layer bounds each ordinary request in total, and
    // a watch may be quiet for as long as nothing changes.
    config.read_timeout = None;
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
    install_client_crypto();
    let builder = kube::client::ClientBuilder::try_from(target.config).map_err(CliError::from)?;
    // The log sits inside the retries, so that `-v` shows every attempt; the transport
    // layer (deadline, size cap, redirects) sits outside them, so that retries share the
    // request's one deadline instead of multiplying it.
    let retry = crate::retry::RetryLayer::new(crate::retry::RetryPolicy::default());
    let transport = transport::TransportLayer::new(timeout);
    if printer.verbose > 0 {
        let log = log_layer::LogLayer::new(base, target.secrets, *printer);
        Ok(builder
            .with_layer(&log)
            .with_layer(&retry)
            .with_layer(&transport)
            .build())
    } else {
        Ok(builder.with_layer(&retry).with_layer(&transport).build())
    }
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
            ("http://LOCALHOST.:80", true),
            ("http://127.9.9.9", true),
            ("http://[::ffff:127.0.0.1]:8080", true),
            ("http://[::ffff:7f00:2]", true),
            ("http://[::ffff:10.0.0.1]", false),
            ("http://[::ffff:0a00:1]", false),
            ("http://[::]", false),
            ("http://0.0.0.0", false),
            ("http://127.1", false),
            ("http://localhost.example.com", false),
            ("http://[::2]", false),
        ] {
            assert_eq!(is_loopback(&url.parse().unwrap()), expect, "{url}");
        }
    }

    fn args() -> ConnectOptions {
        ConnectOptions {
            request_timeout: Duration::from_secs(30),
            ..Default::default()
        }
    }

    fn token(t: &Target) -> String {
        use secrecy::ExposeSecret;
        t.config
            .auth_info
            .token
            .as_ref()
            .map(|s| s.expose_secret().to_string())
            .unwrap_or_default()
    }

    const KUBECONFIG: &str = "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://kube.example.com/kubernetes/management\n- name: c2\n  cluster:\n    server: https://other.example.com/kubernetes/management\ncontexts:\n- name: one\n  context: {cluster: c, user: u}\n- name: two\n  context: {cluster: c2, user: u}\ncurrent-context: one\nusers:\n- name: u\n  user:\n    token: kube-token\n";

    /// A home folder with both a loft config file and a kubeconfig.
    fn home_with_everything() -> tempfile::TempDir {
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(home.path().join(".loft")).unwrap();
        std::fs::write(
            home.path().join(".loft/config.json"),
            r#"{"host":"https://cfg.example.com","accesskey":"cfg-key","insecure":true,"other":1}"#,
        )
        .unwrap();
        std::fs::create_dir_all(home.path().join(".kube")).unwrap();
        std::fs::write(home.path().join(".kube/config"), KUBECONFIG).unwrap();
        home
    }

    fn env(home: &tempfile::TempDir) -> Env {
        Env {
            home: Some(home.path().to_path_buf()),
            ..Default::default()
        }
    }

    #[test]
    fn ca_files_are_read_by_rustls_and_checked_by_x509_parser() {
        let read = |name: &str| {
            std::fs::read_to_string(format!(
                "{}/tests/fixtures/{name}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap()
        };
        let rsa = read("token-test-rsa.crt.pem");
        let ec = read("token-test-ec256.crt.pem");
        let key = read("token-test-rsa.pem");
        // A bundle, with a key and comments between: every certificate, in order.
        let bundle = format!("# roots\n{rsa}{key}{ec}");
        let certs = pem_certificates(bundle.as_bytes()).unwrap();
        assert_eq!(certs.len(), 2);
        assert_eq!(certs[0], pem::parse(&rsa).unwrap().into_contents());
        assert_eq!(certs[1], pem::parse(&ec).unwrap().into_contents());
        for (name, input, expect) in [
            ("empty", String::new(), "no CERTIFICATE block found"),
            ("a key", key.clone(), "no CERTIFICATE block found"),
            (
                "cut",
                rsa[..rsa.len() / 2].to_string(),
                "the PEM file is truncated",
            ),
            (
                "bad base64",
                rsa.replace("-----END", "!!!!\n-----END"),
                "not valid base64",
            ),
            (
                "not a certificate",
                format!("{ec}-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n"),
                "certificate 2 in the file is not a valid X.509 certificate",
            ),
        ] {
            let e = pem_certificates(input.as_bytes()).unwrap_err();
            assert!(e.contains(expect), "{name}: {e}");
        }
    }

    #[tokio::test]
    async fn flags_win_over_config_file_and_kubeconfig() {
        let home = home_with_everything();
        let mut a = args();
        a.server = Some("http://127.0.0.1:9999".into());
        a.access_key = Some("flag-key".into());
        let t = resolve_in(&a, &env(&home)).await.unwrap();
        assert_eq!(t.source, Source::Flags);
        assert_eq!(
            t.config.cluster_url.to_string(),
            "http://127.0.0.1:9999/kubernetes/management"
        );
        assert_eq!(token(&t), "flag-key");
        assert!(!t.config.accept_invalid_certs);
    }

    #[tokio::test]
    async fn plain_http_to_a_remote_host_is_refused_from_every_source() {
        let home = home_with_everything();
        std::fs::write(
            home.path().join(".loft/config.json"),
            r#"{"host":"http://[::ffff:10.1.2.3]","accesskey":"cfg-key"}"#,
        )
        .unwrap();
        let err = resolve_in(&args(), &env(&home)).await.err().unwrap();
        assert_eq!(err.kind, Kind::Usage);
        assert!(err.message().contains("plain http"), "{}", err.message());
        let mut a = args();
        a.server = Some("http://loft.example.com".into());
        a.access_key = Some("flag-key".into());
        assert_eq!(
            resolve_in(&a, &env(&home)).await.err().unwrap().kind,
            Kind::Usage
        );
        a.insecure_http = true;
        assert!(resolve_in(&a, &env(&home)).await.is_ok());
        let dir = tempfile::tempdir().unwrap();
        let kc = dir.path().join("kc");
        std::fs::write(&kc, KUBECONFIG.replace("https://kube", "http://kube")).unwrap();
        let mut a = args();
        a.kubeconfig = Some(kc);
        assert_eq!(
            resolve_in(&a, &Env::default()).await.err().unwrap().kind,
            Kind::Usage
        );
    }

    #[cfg(unix)]
    #[test]
    fn loose_config_permissions_are_reported() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let loft = dir.path().join(".loft");
        std::fs::create_dir(&loft).unwrap();
        let file = loft.join("config.json");
        std::fs::write(&file, "{}").unwrap();
        let set = |p: &std::path::Path, m| {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap()
        };
        set(&file, 0o600);
        set(&loft, 0o700);
        assert!(loose_permissions(&file).is_empty());
        set(&file, 0o666);
        set(&loft, 0o777);
        let w = loose_permissions(&file);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(
            w[0].contains("mode 0666") && w[0].contains("chmod 600"),
            "{w:?}"
        );
        assert!(
            w[1].contains("mode 0777") && w[1].contains("chmod 700"),
            "{w:?}"
        );
    }

    #[tokio::test]
    async fn server_without_key_is_a_usage_error() {
        let mut a = args();
        a.server = Some("https://x".into());
        let err = resolve_in(&a, &Env::default()).await.err().unwrap();
        assert_eq!(err.kind, Kind::Usage);
    }

    #[tokio::test]
    async fn config_file_wins_over_kubeconfig() {
        let home = home_with_everything();
        let t = resolve_in(&args(), &env(&home)).await.unwrap();
        assert_eq!(
            t.source,
            Source::LoftConfig(home.path().join(".loft/config.json"))
        );
        assert_eq!(
            t.config.cluster_url.to_string(),
            "https://cfg.example.com/kubernetes/management"
        );
        assert_eq!(token(&t), "cfg-key");
        assert!(t.config.accept_invalid_certs, "insecure from the file");
    }

    #[tokio::test]
    async fn explicit_config_path_is_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ci.json");
        std::fs::write(
            &path,
            r#"{"host":"https://ci.example.com","accesskey":"ci-key"}"#,
        )
        .unwrap();
        let mut a = args();
        a.config = Some(path.clone());
        let t = resolve_in(&a, &Env::default()).await.unwrap();
        assert_eq!(t.source, Source::LoftConfig(path));
        assert_eq!(token(&t), "ci-key");
    }

    #[tokio::test]
    async fn kubeconfig_is_the_fallback() {
        let home = home_with_everything();
        std::fs::remove_file(home.path().join(".loft/config.json")).unwrap();
        let t = resolve_in(&args(), &env(&home)).await.unwrap();
        assert_eq!(t.source, Source::Kubeconfig);
        assert_eq!(
            t.config.cluster_url.to_string(),
            "https://kube.example.com/kubernetes/management"
        );
        assert_eq!(token(&t), "kube-token");
    }

    #[tokio::test]
    async fn a_config_file_without_a_key_falls_through_to_kubeconfig() {
        let home = home_with_everything();
        std::fs::write(
            home.path().join(".loft/config.json"),
            r#"{"host":"https://cfg.example.com"}"#,
        )
        .unwrap();
        let t = resolve_in(&args(), &env(&home)).await.unwrap();
        assert_eq!(t.source, Source::Kubeconfig);
    }

    #[tokio::test]
    async fn explicit_context_selects_kubeconfig_over_everything() {
        let home = home_with_everything();
        let mut a = args();
        a.server = Some("https://flags.example.com".into());
        a.access_key = Some("flag-key".into());
        a.context = Some("two".into());
        let t = resolve_in(&a, &env(&home)).await.unwrap();
        assert_eq!(t.source, Source::Kubeconfig);
        assert_eq!(
            t.config.cluster_url.to_string(),
            "https://other.example.com/kubernetes/management"
        );
    }

    #[tokio::test]
    async fn explicit_kubeconfig_file_and_kubeconfig_env() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kc");
        std::fs::write(&path, KUBECONFIG).unwrap();
        let mut a = args();
        a.kubeconfig = Some(path.clone());
        let t = resolve_in(&a, &Env::default()).await.unwrap();
        assert_eq!(t.source, Source::Kubeconfig);
        let e = Env {
            kubeconfig: vec![dir.path().join("missing"), path],
            ..Default::default()
        };
        let t = resolve_in(&args(), &e).await.unwrap();
        assert_eq!(token(&t), "kube-token");
    }

    #[tokio::test]
    async fn nothing_configured_says_how_to_log_in() {
        let home = tempfile::tempdir().unwrap();
        let err = resolve_in(&args(), &env(&home)).await.err().unwrap();
        assert_eq!(err.message(), "no Loft server configured");
        assert!(err.hint.unwrap().contains("loftctl login"));
    }

    #[tokio::test]
    async fn a_key_without_a_url_is_never_sent_to_a_host_from_a_file() {
        let home = home_with_everything();
        let mut a = args();
        a.access_key = Some("env-key".into());
        let err = resolve_in(&a, &env(&home)).await.err().unwrap();
        assert_eq!(err.kind, Kind::Usage);
        assert!(
            err.message().contains("without a server URL"),
            "{}",
            err.message()
        );
        assert!(err.hint.unwrap().contains("LOFT_URL"));
    }

    const VCLUSTER: &str = r#"{"driver":{"type":"helm"},"previousContext":"","platform":{"kind":"Config","apiVersion":"storage.loft.sh/v1","host":"https://vc.example.com","accesskey":"vc-key","insecure":true},"telemetryDisabled":true}"#;

    #[tokio::test]
    async fn the_vcluster_file_comes_after_the_loft_file_and_before_kubeconfig() {
        let home = home_with_everything();
        std::fs::create_dir_all(home.path().join(".vcluster")).unwrap();
        let vc = home.path().join(".vcluster/config.json");
        std::fs::write(&vc, VCLUSTER).unwrap();
        let t = resolve_in(&args(), &env(&home)).await.unwrap();
        assert_eq!(token(&t), "cfg-key", "the loft file first");
        std::fs::remove_file(home.path().join(".loft/config.json")).unwrap();
        let t = resolve_in(&args(), &env(&home)).await.unwrap();
        assert_eq!(t.source, Source::VclusterConfig(vc.clone()));
        assert_eq!(token(&t), "vc-key");
        assert!(t.config.accept_invalid_certs);
        assert_eq!(
            t.config.cluster_url.to_string(),
            "https://vc.example.com/kubernetes/management"
        );
        std::fs::write(&vc, r#"{"platform":{"host":"https://vc.example.com"}}"#).unwrap();
        let t = resolve_in(&args(), &env(&home)).await.unwrap();
        assert_eq!(t.source, Source::Kubeconfig, "no key: on to the kubeconfig");
    }

    #[tokio::test]
    async fn loft_cache_folder_moves_the_loft_file() {
        let home = home_with_everything();
        std::fs::create_dir_all(home.path().join("ci-loft")).unwrap();
        let moved = home.path().join("ci-loft/config.json");
        std::fs::write(
            &moved,
            r#"{"host":"https://moved.example.com","accesskey":"moved-key"}"#,
        )
        .unwrap();
        let e = Env {
            loft_cache_folder: Some("ci-loft".into()),
            ..env(&home)
        };
        let t = resolve_in(&args(), &e).await.unwrap();
        assert_eq!(t.source, Source::LoftConfig(moved));
        assert_eq!(token(&t), "moved-key");
    }

    #[tokio::test]
    async fn unknown_context_is_a_usage_error() {
        let home = home_with_everything();
        let mut a = args();
        a.context = Some("nope".into());
        let err = resolve_in(&a, &env(&home)).await.err().unwrap();
        assert_eq!(err.kind, Kind::Usage);
    }
}
