//! Fuzz the validator: any bytes, as a manifest source, through the span-aware parse
//! and every rule (`check_sources`), and the JSON path (`validate_value`) for what parses.
//!
//! The validator is called through the loftctl library (`loftctl::validate`), as the
//! CLI calls it. (An earlier version compiled the validator's files in by path with
//! stand-ins for the rest of the crate; it broke as soon as those files used more of
//! the crate.) Run (from the repository root):
//!
//!     fuzz/seed.sh
//!     cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run validate -- -max_total_time=600 -jobs=1
#![no_main]

use libfuzzer_sys::fuzz_target;
use loftctl::{manifest, validate};

fuzz_target!(|data: &[u8]| {
    let source = manifest::Source {
        name: "fuzz.yaml".to_string(),
        data: data.to_vec(),
    };
    let report = validate::check_sources(std::slice::from_ref(&source));
    for d in &report.diagnostics {
        let _ = d.to_string();
        assert!(d.line > 0, "a diagnostic of a source has a position: {d}");
    }
    for doc in &report.documents {
        let _ = validate::validate_value(&doc.value);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
            let _ = validate::validate_value(&v);
        }
    }
});
