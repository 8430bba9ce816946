//! The loft CLI's own config file (`~/.loft/config.json`, or
//! `~/$LOFT_CACHE_FOLDER/config.json`), read and written the way the real `loft` CLI
//! does: JSON with the lower-case fields `host`, `accesskey` and `insecure`. Every other
//! field is kept as it was, in its order.
//!
//! `login` sets `host`, `accesskey` and `insecure` and drops the cached
//! `directClusterEndpointToken` and `directClusterEndpointTokenRequested` (a previous
//! identity's token must not outlive its login); `logout` drops `host`, `accesskey`,
//! `lastInstallContext` and `insecure`, as the loft CLI does (its fields are all
//! `omitempty`, so a cleared field is an absent one).
//!
//! Writes are atomic (a temporary file in the same folder, fsynced, renamed over the
//! old one) and the file is mode 0600: a reader never sees half a file, and an access
//! key is never readable by other users, even for an instant. A config file that is a
//! symbolic link is written through: the link stays and its target is replaced.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{CliError, Result};

/// The fields `login` removes: the loft CLI's cached direct-cluster-endpoint token.
pub const LOGIN_CLEARS: &[&str] = &[
    "directClusterEndpointToken",
    "directClusterEndpointTokenRequested",
];

/// The fields `logout` removes.
pub const LOGOUT_CLEARS: &[&str] = &["host", "accesskey", "lastInstallContext", "insecure"];

/// The parsed file. Unknown fields stay in `fields`, in their order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoftConfig {
    pub fields: Map<String, Value>,
}

impl LoftConfig {
    /// `~/$LOFT_CACHE_FOLDER/config.json` or `~/.loft/config.json`, or `None` without a
    /// home folder.
    pub fn default_path() -> Option<PathBuf> {
        let folder = std::env::var_os("LOFT_CACHE_FOLDER")
            .filter(|f| !f.is_empty())
            .map(PathBuf::from);
        std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(|home| Self::path_in(Path::new(&home), folder.as_deref()))
    }

    /// `HOME/FOLDER/config.json`, FOLDER being `LOFT_CACHE_FOLDER` or `.loft`.
    pub fn path_in(home: &Path, cache_folder: Option<&Path>) -> PathBuf {
        home.join(cache_folder.unwrap_or(Path::new(".loft")))
            .join("config.json")
    }

    /// Read the file; `Ok(None)` when it does not exist.
    pub fn load(path: &Path) -> Result<Option<LoftConfig>> {
        let Some(text) = read_if_present(path)? else {
            return Ok(None);
        };
        if text.iter().all(u8::is_ascii_whitespace) {
            return Ok(Some(LoftConfig::default()));
        }
        match serde_json::from_slice::<Value>(&text) {
            Ok(Value::Object(fields)) => Ok(Some(LoftConfig { fields })),
            Ok(_) => Err(CliError::other(format!(
                "{}: not a JSON object",
                path.display()
            ))),
            Err(e) => Err(
                CliError::other(format!("{}: invalid JSON: {e}", path.display()))
                    // `login` reads the file too (to keep its other fields): it cannot help.
                    .with_hint(format!(
                        "fix {0} or remove it (`rm {0}`), then run `loftctl login URL`",
                        path.display()
                    )),
            ),
        }
    }

    fn string(&self, key: &str) -> Option<&str> {
        self.fields
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    }

    pub fn host(&self) -> Option<&str> {
        self.string("host")
    }
    pub fn access_key(&self) -> Option<&str> {
        self.string("accesskey")
    }
    pub fn insecure(&self) -> bool {
        self.fields
            .get("insecure")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    /// Log in: set `host`, `accesskey` and `insecure` (in place when present, else
    /// appended) and drop the cached direct-cluster-endpoint token of the previous login.
    pub fn set_login(&mut self, host: &str, access_key: &str, insecure: bool) {
        self.fields
            .insert("host".into(), Value::String(host.into()));
        self.fields
            .insert("accesskey".into(), Value::String(access_key.into()));
        self.fields.insert("insecure".into(), Value::Bool(insecure));
        for field in LOGIN_CLEARS {
            self.fields.shift_remove(*field);
        }
    }

    /// Log out: drop `host`, `accesskey`, `lastInstallContext` and `insecure`, every
    /// other field kept in its order. Returns whether there was a key.
    pub fn clear_login(&mut self) -> bool {
        let had = self.access_key().is_some();
        for field in LOGOUT_CLEARS {
            self.fields.shift_remove(*field);
        }
        had
    }

    /// Write the file atomically with mode 0600, creating its folder (0700) if needed.
    pub fn save(&self, path: &Path) -> Result<()> {
        let link = path;
        let resolved = resolve_link(path)?;
        let path = resolved.as_path();
        let fail = |what: &str, e: std::io::Error| {
            if link == path {
                CliError::other(format!("cannot {what} {}: {e}", path.display()))
            } else {
                CliError::other(format!(
                    "cannot {what} {} (the target of the link {}): {e}",
                    path.display(),
                    link.display()
                ))
            }
        };
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.exists() {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder
                .create(&dir)
                .map_err(|e| fail("create the folder of", e))?;
        }
        let mut text = serde_json::to_vec_pretty(&Value::Object(self.fields.clone()))
            .map_err(|e| CliError::other(e.to_string()))?;
        text.push(b'\n');
        // tempfile creates the file with mode 0600 on unix.
        let mut tmp = tempfile::Builder::new()
            .prefix(".config.json.")
            .tempfile_in(&dir)
            .map_err(|e| fail("write", e))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            tmp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o600))
                .map_err(|e| fail("write", e))?;
        }
        tmp.write_all(&text).map_err(|e| fail("write", e))?;
        tmp.as_file().sync_all().map_err(|e| fail("write", e))?;
        tmp.persist(path).map_err(|e| fail("write", e.error))?;
        // Make the rename durable too.
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

/// Where a write to `path` goes: `path` itself, or, when it is a symbolic link (or a
/// chain of them), the file it points to, so that the link is kept. A dangling link or a
/// loop is refused with a message that says so.
fn resolve_link(path: &Path) -> Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&current).map_err(|e| {
                    CliError::other(format!("cannot read the link {}: {e}", current.display()))
                })?;
                current = match current.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if current.as_path() == path {
                    return Ok(current);
                }
                return Err(CliError::other(format!(
                    "refusing to write {}: it is a link to {}, which does not exist",
                    path.display(),
                    current.display()
                ))
                .with_hint("create the target file, or remove the link"));
            }
            Err(e) => {
                return Err(CliError::other(format!(
                    "cannot read {}: {e}",
                    current.display()
                )));
            }
        }
    }
    Err(CliError::other(format!(
        "refusing to write {}: too many levels of symbolic links",
        path.display()
    )))
}

/// A login file's bytes; `Ok(None)` when it does not exist (the loft and the vcluster
/// CLI's files alike).
pub(crate) fn read_if_present(path: &Path) -> Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(CliError::other(format!(
            "cannot read {}: {e}",
            path.display()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_keeps_unknown_fields_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("config.json");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(
            &path,
            r#"{"version":"v2","host":"https://old","accesskey":"old-key","vars":{"a":1},"lastInstallContext":"x"}"#,
        )
        .unwrap();
        let mut cfg = LoftConfig::load(&path).unwrap().unwrap();
        cfg.set_login("https://new.example.com", "new-key", true);
        cfg.save(&path).unwrap();

        let back: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(back["host"], "https://new.example.com");
        assert_eq!(back["accesskey"], "new-key");
        assert_eq!(back["insecure"], true);
        assert_eq!(back["version"], "v2");
        assert_eq!(back["vars"]["a"], 1);
        assert_eq!(back["lastInstallContext"], "x");
        let keys: Vec<_> = back.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys[0], "version", "order kept: {keys:?}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        // No temporary file left behind.
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn missing_file_is_none_and_bad_json_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            LoftConfig::load(&dir.path().join("nope.json")).unwrap(),
            None
        );
        let bad = dir.path().join("bad.json");
        std::fs::write(&bad, "{not json").unwrap();
        let err = LoftConfig::load(&bad).unwrap_err();
        assert!(err.message().contains("invalid JSON"), "{}", err.message());
    }

    fn keys(cfg: &LoftConfig) -> Vec<&str> {
        cfg.fields.keys().map(String::as_str).collect()
    }

    #[test]
    fn logout_removes_the_login_fields_and_keeps_the_order_of_the_rest() {
        let mut cfg = LoftConfig {
            fields: serde_json::from_str(
                r#"{"kind":"Config","host":"https://h","lastInstallContext":"c","insecure":true,"accesskey":"k","virtualClusterAccessKey":"v","z":1}"#,
            )
            .unwrap(),
        };
        assert!(cfg.clear_login());
        assert_eq!(keys(&cfg), ["kind", "virtualClusterAccessKey", "z"]);
        assert!(!cfg.clear_login());
    }

    #[test]
    fn login_drops_the_cached_direct_cluster_endpoint_token() {
        let mut cfg = LoftConfig {
            fields: serde_json::from_str(
                r#"{"kind":"Config","host":"https://old","directClusterEndpointToken":"t","directClusterEndpointTokenRequested":"2024-01-01T00:00:00Z","accesskey":"old","x":1}"#,
            )
            .unwrap(),
        };
        cfg.set_login("https://new", "new", false);
        assert_eq!(keys(&cfg), ["kind", "host", "accesskey", "x", "insecure"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_file_is_written_through_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        std::fs::write(&real, r#"{"a":1}"#).unwrap();
        let link = dir.path().join("config.json");
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        let mut cfg = LoftConfig::load(&link).unwrap().unwrap();
        cfg.set_login("https://h", "k", false);
        cfg.save(&link).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        let back: Value = serde_json::from_slice(&std::fs::read(&real).unwrap()).unwrap();
        assert_eq!(back["accesskey"], "k");

        let dangling = dir.path().join("dangling.json");
        std::os::unix::fs::symlink("missing/nowhere.json", &dangling).unwrap();
        let err = cfg.save(&dangling).unwrap_err();
        assert!(
            err.message().contains("does not exist"),
            "{}",
            err.message()
        );
    }
}
