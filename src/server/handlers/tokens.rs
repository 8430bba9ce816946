//! `POST directclusterendpointtokens`: a signed RS256 token, never stored.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::{Ctx, ReqBody, json_response};
use crate::api::API_VERSION;
use crate::server::identity;
use crate::server::status::{ApiError, ApiResult};

pub async fn create(ctx: Ctx, ReqBody(body): ReqBody) -> ApiResult<Response> {
    const KIND: &str = "DirectClusterEndpointToken";
    // Checked before anything is issued.
    ctx.dry_run("CreateOptions")?;
    let mut obj = ctx.parse_body(&body, KIND)?;
    let name = obj["metadata"]["name"].as_str().unwrap_or("").to_string();
    let warnings = ctx.check_fields(&mut obj, KIND, &name)?;
    let ttl = match &obj["spec"]["ttl"] {
        Value::Null => 0,
        v => v.as_i64().ok_or_else(|| {
            ApiError::bad_request(format!(
                "{KIND} in version \"v1\" cannot be handled as a {KIND}: spec.ttl: expected an integer, got {v}"
            ))
        })?,
    };
    if ttl < 0 {
        return Err(ApiError::invalid(
            KIND,
            &name,
            &[(
                "spec.ttl".into(),
                format!("Invalid value: {ttl}: must be greater than or equal to 0"),
            )],
        ));
    }
    let signer = ctx.app.signer().await?;
    let claim = identity::loft_claim(&ctx.caller, &obj["spec"]["scope"]);
    let token = signer
        .sign(&ctx.app.url, ctx.caller.name(), &claim, ttl)
        .map_err(ApiError::internal)?;
    let mut meta = obj["metadata"].as_object().cloned().unwrap_or_default();
    meta.insert("creationTimestamp".into(), Value::Null);
    let out = json!({
        "kind": KIND,
        "apiVersion": API_VERSION,
        "metadata": meta,
        "spec": obj.get("spec").cloned().unwrap_or_else(|| json!({})),
        "status": {"token": token},
    });
    Ok(json_response(
        StatusCode::CREATED,
        serde_json::to_vec(&out).unwrap_or_default(),
        &warnings,
    ))
}
