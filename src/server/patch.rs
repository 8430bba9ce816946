//! Patches: JSON patch and JSON merge patch (server-side apply and `managedFields`
//! are in `apply`).

use serde_json::Value;

use super::status::{ApiError, ApiResult};

pub fn json_patch(doc: &mut Value, patch: &[u8]) -> ApiResult<()> {
    let patch: json_patch::Patch = serde_json::from_slice(patch)
        .map_err(|e| ApiError::bad_request(format!("error decoding patch: {e}")))?;
    json_patch::patch(doc, &patch).map_err(|e| {
        ApiError::new(
            422,
            "Invalid",
            format!("the server rejected our request due to an error in our request: {e}"),
        )
    })
}

pub fn merge_patch(doc: &mut Value, patch: &[u8]) -> ApiResult<()> {
    let patch: Value = serde_json::from_slice(patch)
        .map_err(|e| ApiError::bad_request(format!("error decoding patch: {e}")))?;
    if !patch.is_object() {
        return Err(ApiError::bad_request(
            "error decoding patch: a merge patch must be a JSON object",
        ));
    }
    json_patch::merge(doc, &patch);
    Ok(())
}
