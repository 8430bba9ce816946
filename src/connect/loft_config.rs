//! The loft CLI's own config file (`~/.loft/config.json`), read and written the way the
//! real `loft` CLI does: JSON with the lower-case fields `host`, `accesskey` and
//! `insecure`. Every other field is kept as it was, in its order.
//!
//! Writes are atomic (a temporary file in the same folder, fsynced, renamed over the
//! old one) and the file is mode 0600: a reader never sees half a file, and an access
//! key is never readable by other users, even for an instant.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{CliError, Result};

/// The parsed file. Unknown fields stay in `fields`, in their order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoftConfig {
    pub fields: Map<String, Value>,
}

impl LoftConfig {
    /// `~/.loft/config.json`, or `None` without a home folder.
    pub fn default_path() -> Option<PathBuf> {
        std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(|home| Self::path_in(Path::new(&home)))
    }

    /// `HOME/.loft/config.json`.
    pub fn path_in(home: &Path) -> PathBuf {
        home.join(".loft").join("config.json")
    }

    /// Read the file; `Ok(None)` when it does not exist.
    pub fn load(path: &Path) -> Result<Option<LoftConfig>> {
        let text = match std::fs::read(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(CliError::other(format!(
                    "cannot read {}: {e}",
                    path.display()
                )));
            }
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

    pub fn set_login(&mut self, host: &str, access_key: &str, insecure: bool) {
        self.fields
            .insert("host".into(), Value::String(host.into()));
        self.fields
            .insert("accesskey".into(), Value::String(access_key.into()));
        self.fields.insert("insecure".into(), Value::Bool(insecure));
    }

    /// Forget the access key (logout). Returns whether there was one.
    pub fn clear_access_key(&mut self) -> bool {
        let had = self.access_key().is_some();
        self.fields.remove("accesskey");
        had
    }

    /// Write the file atomically with mode 0600, creating its folder (0700) if needed.
    pub fn save(&self, path: &Path) -> Result<()> {
        let fail = |what: &str, e: std::io::Error| {
            CliError::other(format!("cannot {what} {}: {e}", path.display()))
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
        assert!(err.message.contains("invalid JSON"), "{}", err.message);
    }

    #[test]
    fn logout_removes_only_the_key() {
        let mut cfg = LoftConfig::default();
        cfg.set_login("https://h", "k", false);
        assert!(cfg.clear_access_key());
        assert_eq!(cfg.access_key(), None);
        assert_eq!(cfg.host(), Some("https://h"));
        assert!(!cfg.clear_access_key());
    }
}
