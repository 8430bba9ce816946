//! Today's `vcluster platform` login file, `~/.vcluster/config.json`, read only: its
//! `platform` object holds `host`, `accesskey`, `insecure` and
//! `certificateAuthorityData` (base64 of the PEM bundle, as Go encodes a byte slice).
//! Someone logged in with that CLI has their key only there.

use std::path::{Path, PathBuf};

use base64::Engine;
use serde_json::Value;

use crate::error::{CliError, Result};

/// The `platform` login of the file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VclusterPlatform {
    pub host: Option<String>,
    pub access_key: Option<String>,
    pub insecure: bool,
    /// The PEM bytes of `certificateAuthorityData`, decoded.
    pub certificate_authority: Option<Vec<u8>>,
}

/// `HOME/.vcluster/config.json`.
pub fn path_in(home: &Path) -> PathBuf {
    home.join(".vcluster").join("config.json")
}

/// Read the file's `platform` object; `Ok(None)` when the file does not exist.
pub fn load(path: &Path) -> Result<Option<VclusterPlatform>> {
    let Some(text) = super::loft_config::read_if_present(path)? else {
        return Ok(None);
    };
    if text.iter().all(u8::is_ascii_whitespace) {
        return Ok(Some(VclusterPlatform::default()));
    }
    let value: Value = serde_json::from_slice(&text).map_err(|e| {
        CliError::other(format!("{}: invalid JSON: {e}", path.display()))
            .with_hint("fix the file, or log in again with `vcluster platform login`")
    })?;
    let platform = &value["platform"];
    let text = |key: &str| {
        platform[key]
            .as_str()
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let certificate_authority = match text("certificateAuthorityData") {
        None => None,
        Some(b64) => Some(
            base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .map_err(|e| {
                    CliError::other(format!(
                        "{}: platform.certificateAuthorityData is not base64: {e}",
                        path.display()
                    ))
                })?,
        ),
    };
    Ok(Some(VclusterPlatform {
        host: text("host"),
        access_key: text("accesskey"),
        insecure: platform["insecure"].as_bool().unwrap_or(false),
        certificate_authority,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_platform_object() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.json");
        assert_eq!(load(&path).unwrap(), None);
        std::fs::write(
            &path,
            r#"{"driver":{"type":"helm"},"platform":{"kind":"Config","host":"https://p.example.com","accesskey":"k","insecure":true,"certificateAuthorityData":"cGVt"},"telemetryDisabled":false}"#,
        )
        .unwrap();
        assert_eq!(
            load(&path).unwrap(),
            Some(VclusterPlatform {
                host: Some("https://p.example.com".into()),
                access_key: Some("k".into()),
                insecure: true,
                certificate_authority: Some(b"pem".to_vec()),
            })
        );
        std::fs::write(&path, r#"{"platform":{"certificateAuthorityData":"%%"}}"#).unwrap();
        assert!(load(&path).unwrap_err().message().contains("not base64"));
    }
}
