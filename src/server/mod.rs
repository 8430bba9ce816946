//! `loftctl dev-server`: an emulator of the management API that real
//! `kubectl` and the `kube` crate drive as they drive kube-apiserver.
//!
//! - `mod.rs` — options, binding, the banner, the accept loop (with fault injection),
//!   signals, and the `-- COMMAND` child mode;
//! - `app` — the shared state; `handlers` — the `Router` and one module of handlers per
//!   resource; `object` — server-owned metadata;
//! - `identity` — authentication: the stored users behind keys and tokens, `selves`,
//!   Loft's token claim, unique emails;
//! - `accesskeys` — OwnedAccessKeys; `subresources` — `users/{name}/…`;
//! - `store` — objects, resourceVersions, watch history and the `--state` journal;
//! - `apply` (server-side apply and managedFields), `watch`, `patch`
//!   (JSON/merge patches), `status`
//!   (`kind: Status` errors), `tokens` (RS256 JWTs and the JWKS), `discovery`
//!   (discovery and OpenAPI), `table` (server-side printing), `faults`.

pub mod accesskeys;
pub mod app;
pub mod apply;
mod caller;
pub mod discovery;
pub mod faults;
pub mod handlers;
pub mod identity;
pub(crate) mod limits;
pub mod object;
pub mod openapi;
pub mod openapi_proto;
pub mod patch;
pub(crate) mod statefile;
pub mod status;
pub mod store;
pub mod subresources;
pub mod table;
pub mod tokens;
pub mod watch;

use std::ffi::OsString;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tower::ServiceExt;

use crate::error::{CliError, Kind, Result};
use crate::printer::Printer;
use app::App;
use faults::Fault;

/// The management API root.
pub const ROOT: &str = "/kubernetes/management";
use status::ApiError;

/// The Loft API version the dev-server emulates: what its `/openapi` documents publish and
/// what it accepts — the newest, as `validate`'s default (so role `runner`, removed in
/// 4.11, is refused and `metrics-reader`/`metrics-writer` are accepted).
pub const LOFT_API_VERSION: crate::schema::ApiVersion = crate::schema::ApiVersion::V4_11;

/// What `loftctl dev-server` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Address to listen on (`127.0.0.1:0` picks a free port).
    pub listen: String,
    pub access_key: Option<String>,
    pub readonly_access_key: Option<String>,
    pub state: Option<PathBuf>,
    pub signing_key: Option<PathBuf>,
    pub fault_rate: f64,
    pub latency: Duration,
    /// `-- COMMAND ARGS…`: run it against the server and exit with its status.
    pub command: Vec<OsString>,
    /// Where the request log (silenced by `-q`), the banner and the notices go.
    pub printer: Printer,
    /// Write a kubeconfig for kubectl there.
    pub write_kubeconfig: Option<PathBuf>,
    /// How often a watch with `allowWatchBookmarks` gets a BOOKMARK.
    pub bookmark_interval: Duration,
    /// Events kept for watches and consistent paging.
    pub watch_history: usize,
    /// Open connections at most (the longest-idle one is closed to make room).
    pub max_connections: Option<usize>,
    /// Time a client has to send a request's headers (and the TLS handshake, and the
    /// wait for the next request on a kept-alive connection).
    pub header_timeout: Option<Duration>,
}

/// Run the server until SIGINT/SIGTERM (or until the child command ends). Returns the
/// exit code: 0, or the child's.
pub fn run(opts: Options) -> Result<i32> {
    if !(0.0..=1.0).contains(&opts.fault_rate) || opts.fault_rate.is_nan() {
        return Err(CliError::usage(format!(
            "--fault-rate must be between 0 and 1, not {}",
            opts.fault_rate
        )));
    }
    if opts.header_timeout.is_some_and(|d| d.is_zero()) {
        return Err(CliError::usage("--header-timeout must be more than 0s"));
    }
    if opts
        .access_key
        .as_deref()
        .is_some_and(|k| k.trim().is_empty())
    {
        return Err(
            CliError::usage("the access key (--access-key or LOFT_ACCESS_KEY) is empty")
                .with_hint("give a key, or leave both unset and the dev-server generates one"),
        );
    }
    // One thread answers every request (key generation goes to the blocking pool): on a
    // laptop or a 2-core CI machine the client keeps the other core, and no request is
    // handed between threads. On two worker threads the server spent ~40% more CPU per
    // 1,000 creates, in wake-ups (benches/README.md).
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::other(format!("cannot start the runtime: {e}")))?;
    let code = rt.block_on(serve(opts));
    rt.shutdown_timeout(Duration::from_millis(100));
    code
}

async fn serve(opts: Options) -> Result<i32> {
    let child_mode = !opts.command.is_empty();
    let listen = if child_mode {
        "127.0.0.1:0".to_string()
    } else {
        opts.listen.clone()
    };
    let listener = TcpListener::bind(&listen).await.map_err(|e| {
        CliError::new(Kind::Other, format!("cannot listen on {listen}: {e}"))
            .with_hint("pick another address with --listen, e.g. --listen 127.0.0.1:0")
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| CliError::other(format!("cannot read the listening address: {e}")))?;
    let url = format!("http://{addr}");
    if !addr.ip().is_loopback() {
        opts.printer.report(format!(
            "dev-server: WARNING: listening on {addr}, not only on this machine: whoever reaches \
             this port can use the API, and over plain http (http://{addr}) the admin key \
             travels in clear text; use https on the same port, or --listen 127.0.0.1:PORT"
        ));
    }

    let signer = OnceLock::new();
    if let Some(path) = &opts.signing_key {
        let pem = std::fs::read_to_string(path).map_err(|e| {
            CliError::usage(format!("cannot read --signing-key {}: {e}", path.display()))
        })?;
        let s = tokens::Signer::from_pem(&pem)
            .map_err(|e| CliError::usage(format!("--signing-key {}: {e}", path.display())))?;
        let _ = signer.set(Ok(Arc::new(s)));
    }
    let store = store::Store::open_with(opts.state.as_deref(), opts.watch_history)
        .map_err(CliError::other)?
        .with_unique(identity::unique_emails())
        .with_printer(opts.printer);
    if let Some(dropped) = store.dropped_record() {
        opts.printer.report(format!("dev-server: {dropped}"));
    }
    // A key generated by an earlier run on this state keeps signing, so that its
    // tokens still verify.
    if signer.get().is_none()
        && let Some(pem) = store.signing_key()
    {
        let s = tokens::Signer::from_pem(&pem)
            .map_err(|e| CliError::other(format!("the signing key kept in the state file: {e}")))?;
        let _ = signer.set(Ok(Arc::new(s)));
    }
    // The access keys beside the users: FILE.accesskeys next to --state FILE.
    let keys_path = opts.state.as_ref().map(|p| {
        let mut name = p.as_os_str().to_owned();
        name.push(".accesskeys");
        PathBuf::from(name)
    });
    let keys =
        store::Store::open_with(keys_path.as_deref(), store::HISTORY).map_err(CliError::other)?;
    identity::bootstrap(&store, opts.readonly_access_key.is_some()).map_err(CliError::other)?;
    let generated = opts.access_key.is_none();
    let admin_key = opts.access_key.clone().unwrap_or_else(|| {
        let b: [u8; 16] = rand::random();
        b.iter().map(|x| format!("{x:02x}")).collect()
    });
    if opts.readonly_access_key.as_deref() == Some(admin_key.as_str()) {
        return Err(CliError::usage(
            "--readonly-access-key must differ from --access-key",
        ));
    }
    let app = Arc::new(App {
        store,
        keys,
        admin_key: admin_key.clone(),
        readonly_key: opts.readonly_access_key.clone(),
        signer,
        url: url.clone(),
        latency: opts.latency,
        printer: opts.printer,
        bookmark_interval: if opts.bookmark_interval.is_zero() {
            Duration::from_secs(10)
        } else {
            opts.bookmark_interval
        },
        keep_signing_key: opts.state.is_some() && opts.signing_key.is_none(),
    });
    let router = handlers::router(app.clone());
    let tls = Arc::new(make_tls(&addr)?);
    if let Some(path) = &opts.write_kubeconfig {
        write_private(path, &kubeconfig(addr, &admin_key, &tls.cert_pem)).map_err(|e| {
            CliError::other(format!(
                "cannot write the kubeconfig {}: {e}",
                path.display()
            ))
        })?;
    }
    let banner = format!("listening on {url}");
    if child_mode {
        opts.printer.report(format!("dev-server: {banner}"));
    } else {
        let mut out = opts.printer.stdout();
        let _ = writeln!(out, "{banner}");
        let _ = out.flush();
    }
    if generated && !child_mode {
        // Shown even with -q: without it the server cannot be used.
        opts.printer
            .report(format!("dev-server: access key (generated): {admin_key}"));
    }
    if !child_mode {
        match &opts.write_kubeconfig {
            Some(path) => opts.printer.report(format!(
                "dev-server: kubectl: KUBECONFIG={} kubectl get users",
                path.display()
            )),
            None => opts.printer.report(format!(
                "dev-server: kubectl needs https (https://{addr}{ROOT}, same port) and the server's certificate: start with --write-kubeconfig FILE"
            )),
        }
    }
    opts.printer.report(format!(
        "dev-server: management API at {url}{ROOT}{}",
        match &opts.state {
            Some(p) => format!(", state in {} ({} users)", p.display(), app.store.len()),
            None => ", in memory".to_string(),
        }
    ));

    let limits = limits::Limits::new(opts.max_connections, opts.header_timeout);
    let accept = accept_loop(
        listener,
        router,
        opts.fault_rate,
        tls.clone(),
        limits,
        opts.printer,
    );
    if child_mode {
        let child = run_child(&opts.command, addr, &admin_key, &tls.cert_pem);
        tokio::select! {
            code = child => code,
            _ = accept => Ok(1),
        }
    } else {
        tokio::select! {
            _ = accept => Ok(0),
            _ = shutdown_signal() => {
                opts.printer.report("dev-server: shutting down");
                Ok(0)
            }
        }
    }
}

/// A self-signed certificate for loopback names, and the TLS acceptor that serves it.
/// kubectl sends bearer tokens only over TLS, so the one port speaks both: a
/// connection that starts with a TLS handshake gets TLS, any other plain HTTP.
pub struct Tls {
    pub acceptor: tokio_rustls::TlsAcceptor,
    /// The certificate (PEM), which is its own CA.
    pub cert_pem: String,
}

fn make_tls(addr: &SocketAddr) -> Result<Tls> {
    use tokio_rustls::rustls;
    let mut names = vec![
        "localhost".to_string(),
        "127.0.0.1".to_string(),
        "::1".to_string(),
    ];
    let ip = addr.ip().to_string();
    if !names.contains(&ip) && !addr.ip().is_unspecified() {
        names.push(ip);
    }
    let err = |e: &dyn std::fmt::Display| CliError::other(format!("cannot set up TLS: {e}"));
    let certified = rcgen::generate_simple_self_signed(names).map_err(|e| err(&e))?;
    let cert_der = certified.cert.der().clone();
    let key_der =
        rustls::pki_types::PrivateKeyDer::Pkcs8(certified.signing_key.serialize_der().into());
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| err(&e))?
        .with_no_client_auth()
        .with_single_cert(vec![cert_der], key_der)
        .map_err(|e| err(&e))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Tls {
        acceptor: tokio_rustls::TlsAcceptor::from(Arc::new(config)),
        cert_pem: certified.cert.pem(),
    })
}

async fn serve_connection<S>(
    io: S,
    router: Router,
    fault_rate: f64,
    tls: bool,
    conn: Arc<limits::Conn>,
    header_timeout: Duration,
) where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let busy_conn = conn.clone();
    let svc = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        let router = router.clone();
        let busy = busy_conn.busy();
        // Any client-sent value is replaced.
        req.headers_mut().insert(
            app::TRANSPORT_HEADER,
            hyper::header::HeaderValue::from_static(if tls { "https" } else { "http" }),
        );
        async move {
            let fault = faults::roll(fault_rate, req.uri().path());
            match fault {
                Fault::None | Fault::LostAnswer => {}
                Fault::Internal => {
                    return Ok(
                        ApiError::internal("an injected fault (--fault-rate)").into_response()
                    );
                }
                Fault::Unavailable => return Ok(ApiError::unavailable().into_response()),
                Fault::Drop => {
                    return Err(std::io::Error::other("injected dropped connection"));
                }
            }
            match router
                .oneshot(handlers::normalize_path(req.map(Body::new)))
                .await
            {
                // Handled (and committed); the answer is lost on the way.
                Ok(_) if fault == Fault::LostAnswer => {
                    Err(std::io::Error::other("injected lost answer"))
                }
                Ok(r) => Ok(r.map(|b| Body::new(limits::BusyBody::new(b, busy)))),
                Err(never) => match never {},
            }
        }
    });
    // The header-read timeout also bounds the wait for the next request on a kept-alive
    // connection; the connection is dropped (closed) when it is evicted, which happens
    // only while no request is in flight.
    let serve = hyper::server::conn::http1::Builder::new()
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(header_timeout)
        .serve_connection(TokioIo::new(io), svc);
    tokio::select! {
        _ = serve => {}
        _ = conn.evicted() => {}
    }
}

async fn accept_loop(
    listener: TcpListener,
    router: Router,
    fault_rate: f64,
    tls: Arc<Tls>,
    limits: limits::Limits,
    printer: Printer,
) {
    let conns = limits::Conns::new(limits.max_connections, printer);
    let timeout = limits.header_timeout;
    let mut accept_failing = false;
    loop {
        let (stream, _peer): (_, SocketAddr) = match listener.accept().await {
            Ok(x) => {
                accept_failing = false;
                x
            }
            Err(e) => {
                // Out of file descriptors and the like: wait a little, go on (said once
                // until an accept succeeds again).
                if !accept_failing {
                    printer.warn(format!("dev-server: accept failed: {e}"));
                    accept_failing = true;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        // At the cap with every connection busy: close this one at once.
        let Some(conn) = conns.admit() else {
            drop(stream);
            continue;
        };
        let conn = Arc::new(conn);
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let tls = tls.clone();
        tokio::spawn(async move {
            let mut first = [0u8; 1];
            // A client that connects and sends nothing, or stalls its TLS handshake,
            // is closed after the header timeout (or earlier, to make room).
            let peeked = tokio::select! {
                p = tokio::time::timeout(timeout, stream.peek(&mut first)) => p,
                _ = conn.evicted() => return,
            };
            match peeked {
                // 0x16: a TLS handshake record.
                Ok(Ok(1)) if first[0] == 0x16 => {
                    let handshake = tokio::select! {
                        h = tokio::time::timeout(timeout, tls.acceptor.accept(stream)) => h,
                        _ = conn.evicted() => return,
                    };
                    if let Ok(Ok(tls_stream)) = handshake {
                        serve_connection(tls_stream, router, fault_rate, true, conn, timeout).await;
                    }
                }
                Ok(Ok(_)) => {
                    serve_connection(stream, router, fault_rate, false, conn, timeout).await
                }
                _ => {}
            }
        });
    }
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        ) {
            (Ok(mut int), Ok(mut term), Ok(mut hup)) => {
                tokio::select! {
                    _ = int.recv() => {}
                    _ = term.recv() => {}
                    _ = hup.recv() => {}
                }
            }
            _ => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// A kubeconfig that points kubectl at this server (over TLS: kubectl sends tokens
/// only over TLS) with the admin key; `ca_pem` is the server's certificate.
pub fn kubeconfig(addr: SocketAddr, key: &str, ca_pem: &str) -> String {
    use base64::Engine;
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let ca = base64::engine::general_purpose::STANDARD.encode(ca_pem);
    format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: loftctl-dev\n  cluster:\n    server: {}\n    certificate-authority-data: {ca}\ncontexts:\n- name: loftctl-dev\n  context:\n    cluster: loftctl-dev\n    user: loftctl-dev\ncurrent-context: loftctl-dev\nusers:\n- name: loftctl-dev\n  user:\n    token: {}\n",
        q(&format!("https://{addr}{ROOT}")),
        q(key)
    )
}

/// Write `text` to `path`, readable by the user alone.
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(text.as_bytes())
}

/// `PATH` with this executable's folder first, so that `loftctl` in the child is this
/// very binary (`cargo run -- dev-server -- bash tests/tour.sh` works without installing).
fn path_with_own_dir() -> OsString {
    let current = std::env::var_os("PATH").unwrap_or_default();
    let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.to_path_buf()))
    else {
        return current;
    };
    let paths = std::iter::once(dir).chain(std::env::split_paths(&current));
    std::env::join_paths(paths).unwrap_or(current)
}

/// The child's kubeconfig: a file only its user can read (0600) in a folder only its
/// user can enter (0700), whatever the umask; removed when this value is dropped.
fn private_kubeconfig(text: &str) -> Result<tempfile::TempDir> {
    let fail = |e: std::io::Error| {
        CliError::other(format!("cannot write the kubeconfig for the command: {e}"))
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix("loftctl-dev-server-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o700));
    }
    let dir = builder.tempdir().map_err(fail)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(dir.path().join("kubeconfig")).map_err(fail)?;
    file.write_all(text.as_bytes()).map_err(fail)?;
    Ok(dir)
}

/// How long the child has to end after a forwarded signal before it is killed.
const CHILD_GRACE: Duration = Duration::from_secs(10);

async fn run_child(command: &[OsString], addr: SocketAddr, key: &str, ca_pem: &str) -> Result<i32> {
    let url = format!("http://{addr}");
    let (program, args) = command
        .split_first()
        .ok_or_else(|| CliError::usage("no command after --"))?;
    // Removed on every way out of this function: the child's end, its failure to
    // start, or a signal (the signal is forwarded, the child waited for).
    let dir = private_kubeconfig(&kubeconfig(addr, key, ca_pem))?;
    let kc = dir.path().join("kubeconfig");
    // Handlers first: a signal that comes while the child starts is not missed.
    #[cfg(unix)]
    let (mut int, mut term, mut hup) = {
        use tokio::signal::unix::{SignalKind, signal};
        let handler = |kind: SignalKind| {
            signal(kind).map_err(|e| CliError::other(format!("cannot handle signals: {e}")))
        };
        (
            handler(SignalKind::interrupt())?,
            handler(SignalKind::terminate())?,
            handler(SignalKind::hangup())?,
        )
    };
    let mut child = tokio::process::Command::new(program)
        .args(args)
        .env("PATH", path_with_own_dir())
        .env("LOFT_URL", &url)
        .env("LOFT_ACCESS_KEY", key)
        .env("KUBECONFIG", &kc)
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| {
            CliError::new(
                Kind::Other,
                format!("cannot run {}: {e}", program.to_string_lossy()),
            )
        })?;
    #[cfg(unix)]
    let (status, received) = {
        let forward = |child: &tokio::process::Child, sig: rustix::process::Signal| {
            if let Some(pid) = child
                .id()
                .and_then(|id| i32::try_from(id).ok())
                .and_then(rustix::process::Pid::from_raw)
            {
                let _ = rustix::process::kill_process(pid, sig);
            }
        };
        // A signal to the dev-server goes to the child too (a terminal's SIGINT reaches
        // both: the child then sees it twice); the child is then waited for, killed if it
        // has not ended within the grace period.
        let received = tokio::select! {
            s = child.wait() => Ok(s),
            _ = int.recv() => Err(rustix::process::Signal::INT),
            _ = term.recv() => Err(rustix::process::Signal::TERM),
            _ = hup.recv() => Err(rustix::process::Signal::HUP),
        };
        match received {
            Ok(status) => (status, None),
            Err(sig) => {
                forward(&child, sig);
                let status = match tokio::time::timeout(CHILD_GRACE, child.wait()).await {
                    Ok(s) => s,
                    Err(_) => {
                        let _ = child.start_kill();
                        child.wait().await
                    }
                };
                (status, Some(sig))
            }
        }
    };
    #[cfg(not(unix))]
    let (status, received) = (child.wait().await, None::<i32>);
    drop(dir);
    let status =
        status.map_err(|e| CliError::other(format!("cannot wait for the command: {e}")))?;
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        // Ended by a signal sent to the dev-server: the conventional 128 + N.
        if let Some(sig) = received {
            return Ok(128 + sig.as_raw());
        }
        if let Some(sig) = status.signal() {
            return Ok(128 + sig);
        }
    }
    Ok(status.code().unwrap_or(1))
}
