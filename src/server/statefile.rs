//! The `--state` file's safety on a shared machine and a bad day:
//!
//! - one dev-server per state file: an exclusive `flock` on `FILE.lock` (a file that is
//!   never renamed or removed, so the lock outlives compactions), held for the life of
//!   the process; a second server on the same file stops with an error naming it;
//! - temporary files with unique names, created with `O_EXCL` (never through a planted
//!   symlink), in the state file's folder and renamed over it;
//! - an append that fails (a full disk, a file-size limit) is cut back to the last whole
//!   record, so that the next record never lands glued to half of a failed one.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The held lock on a state file; released when dropped (or when the process ends).
#[derive(Debug)]
pub(crate) struct Lock {
    _file: File,
}

/// `FILE.lock` beside the state file.
pub(crate) fn lock_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".lock");
    path.with_file_name(name)
}

/// Take the state file's lock, or say who holds it.
#[cfg(unix)]
pub(crate) fn lock(path: &Path) -> Result<Lock, String> {
    use rustix::fs::{FlockOperation, flock};
    use std::os::unix::fs::OpenOptionsExt;
    let lock = lock_path(path);
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        // A symlink planted at the lock's name is refused, not followed.
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(&lock)
        .map_err(|e| format!("cannot open the state file's lock {}: {e}", lock.display()))?;
    match flock(&file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(Lock { _file: file }),
        Err(e) if e == rustix::io::Errno::WOULDBLOCK => Err(format!(
            "the state file {} is in use by another dev-server (it holds {}); stop it or give another --state",
            path.display(),
            lock.display()
        )),
        Err(e) => Err(format!(
            "cannot lock the state file {}: {e}",
            path.display()
        )),
    }
}

#[cfg(not(unix))]
pub(crate) fn lock(_path: &Path) -> Result<Lock, String> {
    Err("--state needs a Unix system (file locks)".into())
}

/// The folder a state file lives in (`.` for a bare name).
fn folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A new temporary file beside `path`: a unique name, created with `O_EXCL` and mode
/// 0600, removed if dropped before [`persist`].
pub(crate) fn temp_beside(path: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state".into());
    tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(folder(path))
}

/// Flush and fsync `tmp`, rename it over `path`, fsync the folder.
pub(crate) fn persist(tmp: tempfile::NamedTempFile, path: &Path) -> std::io::Result<()> {
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    if let Ok(d) = File::open(folder(path)) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Append one whole record at `len` (the file's length after its last whole record).
/// On a failed or short write the file is cut back to `len`; if even that fails the
/// journal is unusable (`Err` with `broken` set), and later appends are refused.
pub(crate) fn append(
    file: &mut File,
    len: &mut u64,
    broken: &mut bool,
    record: &[u8],
) -> std::io::Result<()> {
    if *broken {
        return Err(std::io::Error::other(
            "an earlier write failed and could not be undone; restart the dev-server",
        ));
    }
    match file.write_all(record) {
        Ok(()) => {
            *len += record.len() as u64;
            Ok(())
        }
        Err(e) => {
            if file.set_len(*len).is_err() {
                *broken = true;
            }
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.jsonl");
        let held = lock(&path).unwrap();
        let err = lock(&path).unwrap_err();
        assert!(
            err.contains("state.jsonl is in use by another dev-server"),
            "{err}"
        );
        drop(held);
        lock(&path).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_at_the_lock_name_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.jsonl");
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep").unwrap();
        std::os::unix::fs::symlink(&victim, lock_path(&path)).unwrap();
        assert!(lock(&path).is_err());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    }

    #[test]
    fn temp_names_are_unique_and_exclusive() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.jsonl");
        let a = temp_beside(&path).unwrap();
        let b = temp_beside(&path).unwrap();
        assert_ne!(a.path(), b.path());
        assert!(
            a.path()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".state.jsonl.")
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_failed_append_is_cut_back() {
        // /dev/full accepts no byte: every write fails with ENOSPC; set_len cannot cut
        // a device, so the journal is marked unusable and later appends are refused.
        let Ok(mut full) = std::fs::OpenOptions::new().append(true).open("/dev/full") else {
            return;
        };
        let (mut len, mut broken) = (0, false);
        assert!(append(&mut full, &mut len, &mut broken, b"{}\n").is_err());
        assert_eq!(len, 0);
        assert!(broken);
        assert!(append(&mut full, &mut len, &mut broken, b"{}\n").is_err());
        // A regular file: the length of whole records is kept.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j");
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .unwrap();
        let (mut len, mut broken) = (0, false);
        append(&mut f, &mut len, &mut broken, b"{\"rv\":1}\n").unwrap();
        assert_eq!(len, 9);
        assert!(!broken);
    }
}
