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
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{Value, json};

/// Token lifetime when `spec.ttl` is 0 or absent: one hour.
pub const DEFAULT_TTL: i64 = 3600;

pub struct Signer {
    key: EncodingKey,
    public: DecodingKey,
    kid: String,
    jwks: Value,
    /// The private key (PEM), to keep it with the state.
    pem: String,
}

impl Signer {
    /// A fresh 2048-bit RSA key.
    pub fn generate() -> Result<Signer, String> {
        let pair = KeyPair::generate(KeySize::Rsa2048)
            .map_err(|_| "cannot generate an RSA key".to_string())?;
        let der = pair
            .as_der()
            .map_err(|_| "cannot encode the RSA key".to_string())?;
        Self::build(&pair, &pem::Pem::new("PRIVATE KEY", der.as_ref()))
    }

    /// An RSA private key in PEM: PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1
    /// (`BEGIN RSA PRIVATE KEY`), the first private key block of the file (rustls' PEM
    /// reader finds it; aws-lc-rs parses it).
    pub fn from_pem(pem: &str) -> Result<Signer, String> {
        use tokio_rustls::rustls::pki_types::PrivateKeyDer;
        use tokio_rustls::rustls::pki_types::pem::{Error, PemObject};
        let key = PrivateKeyDer::from_pem_slice(pem.as_bytes()).map_err(|e| match e {
            Error::NoItemsFound => {
                "no private key found: expected BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY"
                    .to_string()
            }
            Error::MissingSectionEnd { .. } => {
                "the PEM file is truncated: a -----BEGIN line has no END line".to_string()
            }
            Error::Base64Decode(e) => format!("the private key is not valid base64 ({e})"),
            other => format!("not a PEM file ({other})"),
        })?;
        let (label, pair) = match &key {
            PrivateKeyDer::Pkcs8(der) => {
                ("PRIVATE KEY", KeyPair::from_pkcs8(der.secret_pkcs8_der()))
            }
            PrivateKeyDer::Pkcs1(der) => {
                ("RSA PRIVATE KEY", KeyPair::from_der(der.secret_pkcs1_der()))
            }
            _ => {
                return Err(
                    "expected an RSA private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY), found an EC key"
                        .to_string(),
                );
            }
        };
        let pair = pair.map_err(|e| format!("not a usable RSA private key: {e}"))?;
        Self::build(&pair, &pem::Pem::new(label, key.secret_der()))
    }

    /// `pem` is the key alone, re-encoded, for jsonwebtoken's own key constructor.
    fn build(pair: &KeyPair, pem: &pem::Pem) -> Result<Signer, String> {
        let key = EncodingKey::from_rsa_pem(pem::encode(pem).as_bytes())
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
            pem: pem.to_string(),
        })
    }

    pub fn pem(&self) -> &str {
        &self.pem
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
        assert_eq!(header.kid.as_deref(), Some(s.kid.as_str()));
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

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!(
            "{}/tests/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    #[test]
    fn pkcs8_and_pkcs1_keys_load_as_the_same_key() {
        let pkcs8 = Signer::from_pem(&fixture("dev-server-signing-key.pem")).unwrap();
        let pkcs1 = Signer::from_pem(&fixture("dev-server-signing-key-pkcs1.pem")).unwrap();
        assert_eq!(pkcs8.kid, pkcs1.kid);
        // The key is found after a certificate, and it signs.
        let with_cert = format!(
            "{}{}",
            fixture("token-test-rsa.crt.pem"),
            fixture("dev-server-signing-key.pem")
        );
        let s = Signer::from_pem(&with_cert).unwrap();
        assert_eq!(s.kid, pkcs8.kid);
        assert!(s.sign("http://x", "a", &Value::Null, 60).is_ok());
    }

    #[test]
    fn rejects_non_rsa_pem() {
        let key = fixture("dev-server-signing-key.pem");
        for (name, input, expect) in [
            (
                "certificate",
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".to_string(),
                "no private key found",
            ),
            ("junk", "hello".to_string(), "no private key found"),
            ("empty", String::new(), "no private key found"),
            (
                "public key",
                fixture("token-test-rsa.pub.pem"),
                "no private key found",
            ),
            (
                "ec key, PKCS#8",
                fixture("token-test-ec256.pem"),
                "not a usable RSA private key: WrongAlgorithm",
            ),
            (
                "ec key, SEC1",
                "-----BEGIN EC PRIVATE KEY-----\nMAA=\n-----END EC PRIVATE KEY-----\n".to_string(),
                "found an EC key",
            ),
            ("cut", key[..key.len() / 2].to_string(), "truncated"),
            (
                "bad base64",
                key.replace("-----END", "!!!\n-----END"),
                "not valid base64",
            ),
            (
                "not a key",
                "-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n".to_string(),
                "not a usable RSA private key",
            ),
        ] {
            let Err(e) = Signer::from_pem(&input) else {
                panic!("{name}: accepted");
            };
            assert!(e.contains(expect), "{name}: {e}");
        }
    }
}
