//! RS256 signing of DirectClusterEndpointTokens, and the public key as a JWKS.
//!
//! Claims: Loft's own `"loft.sh": {uid, name, kind, gen, scope}` (see
//! `identity::loft_claim`), and the dev-server's own choices where Loft's are not
//! public: `iss` (the server URL), `sub` (`loft:user:NAME`), `aud` (`["loft"]`), `iat`,
//! `nbf`, `exp = iat + spec.ttl` (ttl 0 or absent: [`DEFAULT_TTL`] seconds), `jti`. The
//! header carries `kid`, the RFC 7638 thumbprint of the public key.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::KeyPair as _;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{Value, json};

/// Token lifetime when `spec.ttl` is 0 or absent: one hour.
pub const DEFAULT_TTL: i64 = 3600;

pub struct Signer {
    key: EncodingKey,
    public: DecodingKey,
    kid: String,
    jwks: Value,
}

/// Decode the first PEM block: (label, DER).
fn pem_decode(text: &str) -> Result<(String, Vec<u8>), String> {
    let begin = text
        .find("-----BEGIN ")
        .ok_or("not a PEM file (no -----BEGIN line)")?;
    let rest = &text[begin + 11..];
    let label_end = rest.find("-----").ok_or("malformed PEM header")?;
    let label = rest[..label_end].to_string();
    let body_start = label_end + 5;
    let end = rest
        .find("-----END ")
        .ok_or("malformed PEM (no -----END line)")?;
    if end < body_start {
        return Err("malformed PEM".into());
    }
    let b64: String = rest[body_start..end]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let der = STANDARD
        .decode(b64)
        .map_err(|e| format!("malformed PEM body: {e}"))?;
    Ok((label, der))
}

fn pem_encode(label: &str, der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

impl Signer {
    /// A fresh 2048-bit RSA key.
    pub fn generate() -> Result<Signer, String> {
        let pair = KeyPair::generate(KeySize::Rsa2048)
            .map_err(|_| "cannot generate an RSA key".to_string())?;
        let der = pair
            .as_der()
            .map_err(|_| "cannot encode the RSA key".to_string())?;
        let pem = pem_encode("PRIVATE KEY", der.as_ref());
        Self::build(&pair, &pem)
    }

    /// An RSA private key in PEM: PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1
    /// (`BEGIN RSA PRIVATE KEY`).
    pub fn from_pem(pem: &str) -> Result<Signer, String> {
        let (label, der) = pem_decode(pem)?;
        let pair = match label.as_str() {
            "PRIVATE KEY" => KeyPair::from_pkcs8(&der),
            "RSA PRIVATE KEY" => KeyPair::from_der(&der),
            other => {
                return Err(format!(
                    "expected an RSA private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY), found BEGIN {other}"
                ));
            }
        }
        .map_err(|e| format!("not a usable RSA private key: {e}"))?;
        Self::build(&pair, pem)
    }

    fn build(pair: &KeyPair, pem: &str) -> Result<Signer, String> {
        let key = EncodingKey::from_rsa_pem(pem.as_bytes())
            .map_err(|e| format!("not a usable RSA private key: {e}"))?;
        let public = pair.public_key();
        let n = URL_SAFE_NO_PAD.encode(public.modulus().big_endian_without_leading_zero());
        let e = URL_SAFE_NO_PAD.encode(public.exponent().big_endian_without_leading_zero());
        // RFC 7638: the SHA-256 of the required members in lexicographic order.
        let thumb_input = format!(r#"{{"e":"{e}","kty":"RSA","n":"{n}"}}"#);
        let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, thumb_input.as_bytes());
        let kid = URL_SAFE_NO_PAD.encode(digest.as_ref());
        let jwks = json!({"keys": [{
            "use": "sig", "kty": "RSA", "kid": kid, "alg": "RS256", "n": n, "e": e,
        }]});
        let public = DecodingKey::from_rsa_raw_components(
            public.modulus().big_endian_without_leading_zero(),
            public.exponent().big_endian_without_leading_zero(),
        );
        Ok(Signer {
            key,
            public,
            kid,
            jwks,
        })
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    pub fn jwks(&self) -> &Value {
        &self.jwks
    }

    /// Sign a token for `user` carrying Loft's claim `loft`; `ttl` ≤ 0 means
    /// [`DEFAULT_TTL`].
    pub fn sign(&self, issuer: &str, user: &str, loft: &Value, ttl: i64) -> Result<String, String> {
        let ttl = if ttl <= 0 { DEFAULT_TTL } else { ttl };
        let iat = jiff::Timestamp::now().as_second();
        let jti: [u8; 16] = rand::random();
        let claims = json!({
            "iss": issuer,
            "sub": format!("loft:user:{user}"),
            "aud": ["loft"],
            "iat": iat,
            "nbf": iat,
            "exp": iat.saturating_add(ttl),
            "jti": jti.iter().map(|b| format!("{b:02x}")).collect::<String>(),
            "loft.sh": loft,
        });
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, &claims, &self.key).map_err(|e| e.to_string())
    }

    /// The claims of a token this key signed, if the signature holds and it is neither
    /// expired nor not yet valid.
    pub fn verify(&self, token: &str) -> Option<Value> {
        let mut v = Validation::new(Algorithm::RS256);
        v.set_audience(&["loft"]);
        v.validate_nbf = true;
        v.leeway = 0;
        jsonwebtoken::decode::<Value>(token, &self.public, &v)
            .ok()
            .map(|d| d.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_key_signs_verifiable_tokens() {
        let s = Signer::generate().unwrap();
        let scope = json!({"roles": [{"role": "vcluster"}]});
        let loft = json!({"uid": "u1", "name": "alice", "kind": "User", "gen": 2, "scope": scope});
        let t = s.sign("http://x", "alice", &loft, 60).unwrap();
        assert_eq!(s.verify(&t).unwrap()["loft.sh"], loft);
        assert!(s.verify(&format!("{t}x")).is_none());
        assert!(Signer::generate().unwrap().verify(&t).is_none());
        let header = jsonwebtoken::decode_header(&t).unwrap();
        assert_eq!(header.kid.as_deref(), Some(s.kid()));
        let jwk: jsonwebtoken::jwk::Jwk =
            serde_json::from_value(s.jwks()["keys"][0].clone()).unwrap();
        let key = jsonwebtoken::DecodingKey::from_jwk(&jwk).unwrap();
        let mut v = jsonwebtoken::Validation::new(Algorithm::RS256);
        v.set_audience(&["loft"]);
        let data = jsonwebtoken::decode::<Value>(&t, &key, &v).unwrap();
        assert_eq!(data.claims["loft.sh"]["scope"], scope);
        assert_eq!(data.claims["sub"], "loft:user:alice");
        let exp = data.claims["exp"].as_i64().unwrap();
        let iat = data.claims["iat"].as_i64().unwrap();
        assert_eq!(exp - iat, 60);
    }

    #[test]
    fn rejects_non_rsa_pem() {
        let e = Signer::from_pem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assert!(e.is_err());
        assert!(Signer::from_pem("hello").is_err());
    }
}
