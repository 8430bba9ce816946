//! Fuzz the validator: any bytes, as a manifest source, through the span-aware parse
//! and every rule (`check_sources`), and the JSON path (`validate_value`) for what parses.
//!
//! The validator's own source files are compiled in by path (schema, validate), with
//! small stand-ins for `crate::api`, `crate::error` and `crate::manifest`: the validator needs
//! nothing else of loftctl, and this keeps kube, TLS and the rest out of an
//! AddressSanitizer build. Run (from the repository root):
//!
//!     cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run validate -- -max_total_time=600
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../src/schema/mod.rs"]
mod schema;
#[allow(dead_code)]
#[path = "../../src/validate/mod.rs"]
mod validate;

mod api {
    pub const GROUP: &str = "management.loft.sh";
    pub const VERSION: &str = "v1";
    pub const API_VERSION: &str = "management.loft.sh/v1";
}
#[allow(dead_code)]
mod error {
    #[derive(Debug)]
    pub struct CliError {
        pub message: String,
        pub hint: Option<String>,
    }
    impl CliError {
        pub fn usage(message: impl Into<String>) -> Self {
            CliError { message: message.into(), hint: None }
        }
        pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
            self.hint = Some(hint.into());
            self
        }
    }
    pub type Result<T, E = CliError> = std::result::Result<T, E>;
}
mod manifest {
    #[derive(Debug, Clone)]
    pub struct Source {
        pub name: String,
        pub data: Vec<u8>,
    }
}

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
