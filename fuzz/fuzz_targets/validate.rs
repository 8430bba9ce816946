//! Fuzz the validator: any bytes, as a manifest source, through the span-aware parse
//! and every rule (`check_sources`), and the JSON path (`validate_value`) for what parses.
//!
//! Through the library, as `token_decode` does: the validator's files compiled in by
//! path no longer build alone (the schema module also fetches the server's schema).
//! Run (from the repository root):
//!
//!     cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run validate -- -max_total_time=600
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let source = loftctl::manifest::Source {
        name: "fuzz.yaml".to_string(),
        data: data.to_vec(),
    };
    let report = loftctl::validate::check_sources(std::slice::from_ref(&source));
    for d in &report.diagnostics {
        let _ = d.to_string();
        assert!(d.line > 0, "a diagnostic of a source has a position: {d}");
    }
    for doc in &report.documents {
        let _ = loftctl::validate::validate_value(&doc.value);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
            let _ = loftctl::validate::validate_value(&v);
        }
    }
});
