//! The server's own schema: what a write is checked against before it is sent.
//!
//! The server is the authority on what it accepts, so before a write loftctl fetches the
//! server's published OpenAPI document — `/openapi/v3` (its `management.loft.sh/v1`
//! group document), else `/openapi/v2` — at the management root, compiles the User,
//! DirectClusterEndpointToken and OwnedAccessKey definitions into a [`Schema`], and
//! checks with it. When the server serves none (404, or a document without a User
//! definition) or cannot be asked, the built-in schema's newest version decides.
//!
//! The fetch is bounded: each request by the request timeout, each body by
//! [`MAX_DOCUMENT_BYTES`]. The result is cached on disk per server and server version
//! (the key hashes the management URL and the server's `/version` answer; without a
//! `/version` answer nothing is cached): `$XDG_CACHE_HOME/loftctl/openapi/` (else
//! `~/.cache/loftctl/openapi/`), directories 0700, files 0600, holding only the
//! definitions of the three kinds and what they refer to. A cache file that cannot be
//! read or parsed is ignored (a debug line under `-v`), never a failure.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::time::Duration;

use hyper::body::Body as _;
use serde_json::{Map, Value, json};

use super::Against;
use super::Schema;
use crate::printer::Printer;

/// The largest OpenAPI document loftctl reads (Loft's full v2 document is ~1.3 MB).
pub const MAX_DOCUMENT_BYTES: usize = 32 * 1024 * 1024;

/// The kinds whose definitions are kept.
const KINDS: [&str; 3] = ["User", "DirectClusterEndpointToken", "OwnedAccessKey"];

/// The schema a write to one server is checked against.
pub enum ServerSchema {
    /// The server's own, compiled from its document.
    Own(Box<Schema>),
    /// The server serves none (or could not be asked): the built-in newest version.
    BuiltIn,
}

impl ServerSchema {
    pub fn against(&self) -> Against<'_> {
        match self {
            ServerSchema::Own(s) => Against::server(s),
            ServerSchema::BuiltIn => Against::newest(),
        }
    }
}

/// Where the cache lives: `$XDG_CACHE_HOME/loftctl/openapi`, else
/// `$HOME/.cache/loftctl/openapi`; `None` without either.
pub fn cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".cache"))
        })?;
    Some(base.join("loftctl").join("openapi"))
}

/// The schema of the server behind `client` (management root `server_url`).
pub async fn fetch(
    client: &kube::Client,
    server_url: &str,
    timeout: Duration,
    printer: &Printer,
) -> ServerSchema {
    fetch_with_cache(client, server_url, timeout, printer, cache_dir().as_deref()).await
}

/// [`fetch`] with an explicit cache directory (`None`: no cache).
pub async fn fetch_with_cache(
    client: &kube::Client,
    server_url: &str,
    timeout: Duration,
    printer: &Printer,
    cache: Option<&Path>,
) -> ServerSchema {
    let version = match get(client, "/version", timeout).await {
        Ok(Some(body)) => Some(body),
        Ok(None) => None,
        Err(e) => {
            printer.debug(format!("schema: GET /version: {e}"));
            None
        }
    };
    let file = match (&version, cache) {
        (Some(v), Some(dir)) => Some(dir.join(format!("{}.json", cache_key(server_url, v)))),
        _ => None,
    };
    if let Some(path) = &file
        && let Some(cached) = read_cache(path, printer)
    {
        return compile(&cached, server_url, printer);
    }
    let definitions = match download(client, timeout, printer).await {
        Ok(d) => d,
        Err(e) => {
            // Not cached: the next command asks again.
            printer.debug(format!(
                "schema: the server's schema could not be read ({e}); using the built-in one"
            ));
            return ServerSchema::BuiltIn;
        }
    };
    let entry = json!({
        "server": server_url,
        "version": version.as_deref().unwrap_or_default(),
        "definitions": definitions,
    });
    if let Some(path) = &file
        && let Err(e) = write_cache(path, &entry)
    {
        printer.debug(format!("schema: cannot cache {}: {e}", path.display()));
    }
    compile(&entry, server_url, printer)
}

fn compile(entry: &Value, server_url: &str, printer: &Printer) -> ServerSchema {
    if entry["definitions"].is_null() {
        printer.debug("schema: the server publishes no schema; using the built-in one");
        return ServerSchema::BuiltIn;
    }
    let doc = json!({"definitions": entry["definitions"]});
    match Schema::from_document(&doc, server_url) {
        Some(s) => {
            printer.debug(format!("schema: checking with the schema of {server_url}"));
            ServerSchema::Own(Box::new(s))
        }
        None => {
            printer.debug("schema: the server's schema has no User; using the built-in one");
            ServerSchema::BuiltIn
        }
    }
}

/// The definitions of the three kinds (and their closure) from the server's v3 group
/// document, else its v2 document; `Null` when it serves neither (404) or neither
/// has a User.
async fn download(
    client: &kube::Client,
    timeout: Duration,
    printer: &Printer,
) -> Result<Value, String> {
    let group_path = format!("apis/{}/{}", crate::api::GROUP, crate::api::VERSION);
    match get(client, "/openapi/v3", timeout).await {
        Ok(Some(text)) => {
            let discovery: Value =
                serde_json::from_str(&text).map_err(|e| format!("/openapi/v3 is not JSON: {e}"))?;
            let url = discovery["paths"][&group_path]["serverRelativeURL"]
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| format!("/openapi/v3/{group_path}"));
            if let Some(text) = get(client, &url, timeout).await? {
                let doc: Value =
                    serde_json::from_str(&text).map_err(|e| format!("{url} is not JSON: {e}"))?;
                let defs = closure(&doc);
                if !defs.is_null() {
                    return Ok(defs);
                }
            }
        }
        Ok(None) => {}
        Err(e) => printer.debug(format!("schema: GET /openapi/v3: {e}")),
    }
    match get(client, "/openapi/v2", timeout).await? {
        Some(text) => {
            let doc: Value =
                serde_json::from_str(&text).map_err(|e| format!("/openapi/v2 is not JSON: {e}"))?;
            Ok(closure(&doc))
        }
        None => Ok(Value::Null),
    }
}

/// The definitions of the kinds and everything they refer to; `Null` without a User.
pub(crate) fn closure(doc: &Value) -> Value {
    let Some(defs) = doc
        .get("definitions")
        .or_else(|| doc.pointer("/components/schemas"))
        .and_then(Value::as_object)
    else {
        return Value::Null;
    };
    if super::find_kind(defs, "User").is_none() {
        return Value::Null;
    }
    let mut out = Map::new();
    let mut todo: Vec<String> = KINDS
        .iter()
        .filter_map(|k| super::find_kind(defs, k))
        .collect();
    while let Some(name) = todo.pop() {
        if out.contains_key(&name) {
            continue;
        }
        let Some(def) = defs.get(&name) else { continue };
        refs(def, &mut todo);
        out.insert(name, def.clone());
    }
    Value::Object(out)
}

fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v.as_str()) {
                    ("$ref", Some(r)) => out.push(
                        r.trim_start_matches("#/definitions/")
                            .trim_start_matches("#/components/schemas/")
                            .to_string(),
                    ),
                    _ => refs(v, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// GET a path below the management root as JSON: the body, `None` on 404, an error
/// otherwise (status, transport, timeout, a body over [`MAX_DOCUMENT_BYTES`]).
async fn get(
    client: &kube::Client,
    path: &str,
    timeout: Duration,
) -> Result<Option<String>, String> {
    let request = http::Request::get(path)
        .header(http::header::ACCEPT, "application/json")
        .body(kube::client::Body::empty())
        .map_err(|e| e.to_string())?;
    let work = async {
        let response = client.send(request).await.map_err(|e| e.to_string())?;
        let status = response.status();
        if status == http::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if !status.is_success() {
            return Err(format!("{path}: HTTP {status}"));
        }
        let mut body = response.into_body();
        let mut data = Vec::new();
        while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await
        {
            let frame = frame.map_err(|e| format!("{path}: {e}"))?;
            if let Ok(chunk) = frame.into_data() {
                if data.len() + chunk.len() > MAX_DOCUMENT_BYTES {
                    return Err(format!("{path}: larger than {MAX_DOCUMENT_BYTES} bytes"));
                }
                data.extend_from_slice(&chunk);
            }
        }
        String::from_utf8(data)
            .map(Some)
            .map_err(|_| format!("{path}: not UTF-8"))
    };
    if timeout.is_zero() {
        work.await
    } else {
        tokio::time::timeout(timeout, work)
            .await
            .map_err(|_| format!("{path}: timed out after {}s", timeout.as_secs_f64()))?
    }
}

/// The cache file name for a server: the SHA-256 of its URL and its `/version` answer.
fn cache_key(server_url: &str, version: &str) -> String {
    let mut input = server_url.as_bytes().to_vec();
    input.push(b'\n');
    input.extend_from_slice(version.as_bytes());
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &input);
    digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

fn read_cache(path: &Path, printer: &Printer) -> Option<Value> {
    let text = match std::fs::read(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            printer.debug(format!(
                "schema: ignoring the cache file {}: {e}",
                path.display()
            ));
            return None;
        }
    };
    match serde_json::from_slice::<Value>(&text) {
        Ok(v) if v.get("definitions").is_some() => Some(v),
        Ok(_) => {
            printer.debug(format!(
                "schema: ignoring the cache file {}: no definitions",
                path.display()
            ));
            None
        }
        Err(e) => {
            printer.debug(format!(
                "schema: ignoring the cache file {}: {e}",
                path.display()
            ));
            None
        }
    }
}

/// Write atomically: a 0600 temporary file in the 0700 directory, then renamed.
fn write_cache(path: &Path, entry: &Value) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    create_private_dirs(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    serde_json::to_writer(&mut tmp, entry)?;
    tmp.write_all(b"\n")?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Create `dir` (and the `loftctl` directory above it) with mode 0700.
fn create_private_dirs(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_keys_differ_by_server_and_version() {
        let a = cache_key("https://a/kubernetes/management", "{\"gitVersion\":\"1\"}");
        let b = cache_key("https://b/kubernetes/management", "{\"gitVersion\":\"1\"}");
        let c = cache_key("https://a/kubernetes/management", "{\"gitVersion\":\"2\"}");
        assert_eq!(a.len(), 64);
        assert!(a != b && a != c && b != c);
    }

    #[test]
    fn closure_keeps_the_kinds_and_their_references() {
        let mut defs = super::super::openapi_definitions(super::super::ApiVersion::V4_10);
        defs.insert("unrelated.Thing".into(), json!({"type": "object"}));
        let c = closure(&json!({"definitions": defs}));
        let c = c.as_object().unwrap();
        assert!(c.contains_key(super::super::USER_DEF));
        assert!(c.contains_key("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
        assert!(!c.contains_key("unrelated.Thing"));
        assert!(closure(&json!({"definitions": {"a": {}}})).is_null());
        assert!(closure(&json!({"paths": {}})).is_null());
    }

    #[test]
    fn a_broken_cache_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        std::fs::write(&path, "{not json").unwrap();
        assert!(read_cache(&path, &Printer::plain()).is_none());
        std::fs::write(&path, "{}").unwrap();
        assert!(read_cache(&path, &Printer::plain()).is_none());
        assert!(read_cache(&dir.path().join("missing.json"), &Printer::plain()).is_none());
    }

    #[cfg(unix)]
    #[test]
    fn cache_files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("loftctl/openapi/k.json");
        write_cache(&path, &json!({"definitions": {}})).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        assert_eq!(mode(&dir.path().join("loftctl")), 0o700);
        assert!(read_cache(&path, &Printer::plain()).is_some());
    }
}
