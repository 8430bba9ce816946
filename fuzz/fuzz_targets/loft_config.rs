//! Fuzz the loft CLI's config-file reader (`loftctl::connect::loft_config::LoftConfig`):
//! any bytes as `~/.loft/config.json` through `LoftConfig::load`, then the accessors and
//! the login/logout edits of what was read. The reader must answer `Ok` or a clean
//! error, never panic.
//!
//! Run (from the repository root):
//!
//!     fuzz/seed.sh
//!     cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run loft_config -- -max_total_time=600 -jobs=1
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use loftctl::connect::loft_config::LoftConfig;

/// One file per fuzzing process, rewritten for each input (`load` reads a path).
fn path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("loft-config-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("fuzz temp dir");
        dir.join("config.json")
    })
}

fuzz_target!(|data: &[u8]| {
    let p = path();
    if std::fs::write(p, data).is_err() {
        return;
    }
    match LoftConfig::load(p) {
        Ok(Some(mut cfg)) => {
            let _ = cfg.host();
            let _ = cfg.access_key();
            let _ = cfg.insecure();
            let before = cfg.fields.len();
            cfg.set_login("https://loft.example", "key", true);
            assert_eq!(cfg.host(), Some("https://loft.example"));
            assert_eq!(cfg.access_key(), Some("key"));
            assert!(cfg.insecure());
            assert!(cfg.fields.len() >= before);
            let _ = serde_json::to_vec(&cfg.fields);
        }
        Ok(None) => panic!("an existing file read as missing"),
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
