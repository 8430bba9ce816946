//! The token cache of `token create -o exec-credential --cache`.
//!
//! One file per (server, identity, request) in `$XDG_CACHE_HOME/loftctl` or
//! `~/.cache/loftctl` (folder 0700, files 0600). The file name is a SHA-256 of the server
//! URL, a SHA-256 of the access key and the request body (ttl and scope), so that no
//! credential ever appears in a name, and a token is never reused for another server,
//! identity or scope. A cached token is used until [`REFRESH_BEFORE`] seconds before it
//! expires. A file that is not the user's own, not a regular file, or not mode 0600 is
//! ignored (with a warning) and replaced; files are written atomically.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::ExecCredential;
use crate::printer::Printer;

/// A cached token is replaced this many seconds before it expires.
pub const REFRESH_BEFORE: i64 = 5 * 60;

/// Where the cache lives: `$XDG_CACHE_HOME/loftctl` (an absolute path, as the XDG spec
/// requires), else `$HOME/.cache/loftctl`; `None` without either.
pub fn default_dir(xdg_cache_home: Option<&Path>, home: Option<&Path>) -> Option<PathBuf> {
    match xdg_cache_home.filter(|p| p.is_absolute()) {
        Some(xdg) => Some(xdg.join("loftctl")),
        None => home
            .filter(|h| !h.as_os_str().is_empty())
            .map(|h| h.join(".cache").join("loftctl")),
    }
}

/// The process's cache folder (from `XDG_CACHE_HOME` and `HOME`).
pub fn dir_from_env() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_CACHE_HOME").map(PathBuf::from);
    let home = std::env::var_os("HOME").map(PathBuf::from);
    default_dir(xdg.as_deref(), home.as_deref())
}

fn sha256_hex(parts: &[&[u8]]) -> String {
    let mut ctx = aws_lc_rs::digest::Context::new(&aws_lc_rs::digest::SHA256);
    for part in parts {
        // Length-prefixed, so that no two different part lists hash alike.
        ctx.update(&(part.len() as u64).to_be_bytes());
        ctx.update(part);
    }
    ctx.finish()
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The cache file for a server, an access key and a request body.
pub fn file_name(server: &str, access_key: &str, request: &[u8]) -> String {
    let identity = sha256_hex(&[access_key.as_bytes()]);
    format!(
        "token-{}.json",
        sha256_hex(&[server.as_bytes(), identity.as_bytes(), request])
    )
}

/// A cache folder and one entry in it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub dir: PathBuf,
    pub path: PathBuf,
}

impl Entry {
    pub fn new(dir: PathBuf, server: &str, access_key: &str, request: &[u8]) -> Entry {
        let path = dir.join(file_name(server, access_key, request));
        Entry { dir, path }
    }

    /// The cached credential, if there is one that is still good at `now` (Unix
    /// seconds) for at least [`REFRESH_BEFORE`]. Anything wrong with the file is a
    /// warning and a miss, never an error.
    pub fn read(&self, printer: &Printer, now: i64) -> Option<ExecCredential> {
        let meta = match std::fs::symlink_metadata(&self.path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => {
                printer.warn(format!(
                    "ignoring the token cache {}: {e}",
                    self.path.display()
                ));
                return None;
            }
        };
        if let Err(why) = private_file(&meta) {
            printer.risk(format!(
                "ignoring the token cache {}: {why}",
                self.path.display()
            ));
            return None;
        }
        let bytes = std::fs::read(&self.path).ok()?;
        let value: serde_json::Value = match serde_json::from_slice(&bytes) {
            Ok(v) => v,
            Err(_) => {
                printer.warn(format!(
                    "ignoring the token cache {}: not an ExecCredential",
                    self.path.display()
                ));
                return None;
            }
        };
        let cred = ExecCredential::from_json(&value)?;
        match cred.expires_at {
            Some(exp) if exp - REFRESH_BEFORE > now => Some(cred),
            // A token without an expiry is never reused: we cannot know it is still good.
            _ => None,
        }
    }

    /// Store a credential: folder created 0700, file written 0600 under a temporary
    /// name and renamed into place. Failures are warnings: the token is still printed.
    pub fn write(&self, printer: &Printer, cred: &ExecCredential) {
        if let Err(e) = self.try_write(cred) {
            printer.warn(format!(
                "cannot write the token cache {}: {e}",
                self.path.display()
            ));
        }
    }

    fn try_write(&self, cred: &ExecCredential) -> std::io::Result<()> {
        if !self.dir.exists() {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder.create(&self.dir)?;
        }
        let mut text = Vec::new();
        cred.write(&mut text)
            .map_err(|e| std::io::Error::other(e.message()))?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".token-")
            .tempfile_in(&self.dir)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            tmp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        tmp.write_all(&text)?;
        tmp.as_file().sync_all()?;
        tmp.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// A regular file, owned by this user, readable and writable by this user alone.
#[cfg(unix)]
fn private_file(meta: &std::fs::Metadata) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    if !meta.file_type().is_file() {
        return Err("not a regular file".into());
    }
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if meta.uid() != me {
        return Err(format!(
            "owned by uid {}, not by you (uid {me})",
            meta.uid()
        ));
    }
    let mode = meta.mode() & 0o777;
    if mode != 0o600 {
        return Err(format!("mode {mode:04o}, expected 0600"));
    }
    Ok(())
}

#[cfg(not(unix))]
fn private_file(meta: &std::fs::Metadata) -> Result<(), String> {
    if meta.file_type().is_file() {
        Ok(())
    } else {
        Err("not a regular file".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_hide_the_key_and_separate_servers_keys_and_scopes() {
        let a = file_name("https://a", "secret-key", b"{}");
        assert!(!a.contains("secret"), "{a}");
        assert!(a.starts_with("token-") && a.ends_with(".json"), "{a}");
        assert_eq!(a, file_name("https://a", "secret-key", b"{}"));
        assert_ne!(a, file_name("https://b", "secret-key", b"{}"));
        assert_ne!(a, file_name("https://a", "other-key", b"{}"));
        assert_ne!(a, file_name("https://a", "secret-key", b"{\"ttl\":60}"));
    }

    #[test]
    fn the_folder_follows_xdg_then_home() {
        let xdg = Path::new("/x/cache");
        let home = Path::new("/home/u");
        assert_eq!(
            default_dir(Some(xdg), Some(home)),
            Some(PathBuf::from("/x/cache/loftctl"))
        );
        assert_eq!(
            default_dir(Some(Path::new("relative")), Some(home)),
            Some(PathBuf::from("/home/u/.cache/loftctl"))
        );
        assert_eq!(default_dir(None, None), None);
    }

    fn cred(expires_at: Option<i64>) -> ExecCredential {
        ExecCredential {
            token: "a.b.c".into(),
            expires_at,
        }
    }

    #[test]
    fn fresh_entries_are_reused_until_five_minutes_before_expiry() {
        let tmp = tempfile::tempdir().unwrap();
        let entry = Entry::new(tmp.path().join("loftctl"), "s", "k", b"r");
        let printer = Printer::plain();
        assert_eq!(entry.read(&printer, 0), None);
        entry.write(&printer, &cred(Some(1000)));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let dir_mode = std::fs::metadata(&entry.dir).unwrap().permissions().mode();
            assert_eq!(dir_mode & 0o777, 0o700);
            let mode = std::fs::metadata(&entry.path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(entry.read(&printer, 0), Some(cred(Some(1000))));
        assert_eq!(entry.read(&printer, 699), Some(cred(Some(1000))));
        assert_eq!(entry.read(&printer, 700), None);
        entry.write(&printer, &cred(None));
        assert_eq!(entry.read(&printer, 0), None, "no expiry: never reused");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_can_read_is_ignored() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let entry = Entry::new(tmp.path().to_path_buf(), "s", "k", b"r");
        let printer = Printer::plain();
        entry.write(&printer, &cred(Some(10_000)));
        std::fs::set_permissions(&entry.path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(entry.read(&printer, 0), None);
        // A symlink to a good file is not followed either.
        let other = tmp.path().join("other.json");
        std::fs::set_permissions(&entry.path, std::fs::Permissions::from_mode(0o600)).unwrap();
        std::fs::rename(&entry.path, &other).unwrap();
        std::os::unix::fs::symlink(&other, &entry.path).unwrap();
        assert_eq!(entry.read(&printer, 0), None);
    }
}
