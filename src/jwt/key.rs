//! Verification keys for `token decode --key FILE`.
//!
//! Accepted, in PEM: a public key (`PUBLIC KEY`, SubjectPublicKeyInfo; `RSA PUBLIC KEY`,
//! PKCS#1), an X.509 certificate (`CERTIFICATE`: its subject public key is used; of a
//! chain, the first certificate), or, for convenience, a private key (`PRIVATE KEY`,
//! `RSA PRIVATE KEY`, `EC PRIVATE KEY`), of which only the public half is used. RSA keys
//! and EC keys on P-256 or P-384. No parsing is done here by hand: the `pem` crate reads
//! the PEM blocks, x509-parser the SubjectPublicKeyInfo and certificates, aws-lc-rs the
//! keys themselves (it also checks that an EC point is on its curve).
//! A JSON Web Key Set (`{"keys": [...]}`, as served at `/openid/v1/jwks`) or a single
//! JWK is accepted too; the token's `kid` picks the key.
//!
//! The key, never the token, decides which algorithms may be used with it: an RSA key
//! allows RS256/RS384/RS512, a P-256 key ES256, a P-384 key ES384. That is what stops
//! algorithm confusion (an HS256 token "signed" with the public key bytes as an HMAC
//! secret) and `alg: none`.

use std::fmt;

use jsonwebtoken::{Algorithm, DecodingKey};

/// What kind of key this is, which fixes the algorithms it can verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Rsa,
    EcP256,
    EcP384,
}

impl KeyKind {
    /// The algorithms a token verified with this key may use.
    pub fn algorithms(self) -> &'static [Algorithm] {
        match self {
            KeyKind::Rsa => &[Algorithm::RS256, Algorithm::RS384, Algorithm::RS512],
            KeyKind::EcP256 => &[Algorithm::ES256],
            KeyKind::EcP384 => &[Algorithm::ES384],
        }
    }

    /// The algorithm names, for messages: `RS256, RS384 or RS512`.
    pub fn algorithm_names(self) -> &'static str {
        match self {
            KeyKind::Rsa => "RS256, RS384 or RS512",
            KeyKind::EcP256 => "ES256",
            KeyKind::EcP384 => "ES384",
        }
    }
}

impl fmt::Display for KeyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyKind::Rsa => "RSA",
            KeyKind::EcP256 => "EC P-256",
            KeyKind::EcP384 => "EC P-384",
        })
    }
}

/// A public key ready to verify signatures.
#[derive(Clone)]
pub struct VerifyKey {
    pub kind: KeyKind,
    /// A JWK's `alg`, which narrows the algorithms of its kind to one.
    pub only: Option<Algorithm>,
    pub(crate) key: DecodingKey,
}

impl VerifyKey {
    /// The algorithms a token verified with this key may use.
    pub fn algorithms(&self) -> Vec<Algorithm> {
        self.kind
            .algorithms()
            .iter()
            .copied()
            .filter(|a| self.only.is_none_or(|o| o == *a))
            .collect()
    }
}

impl fmt::Debug for VerifyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifyKey")
            .field("kind", &self.kind)
            .finish()
    }
}

/// The contents of a `--key` file: one key, or a JWK set whose keys are picked by `kid`.
#[derive(Debug, Clone)]
pub enum Keys {
    One(VerifyKey),
    Set(Vec<(Option<String>, VerifyKey)>),
}

impl Keys {
    /// Read a key file: JSON (a JWK set or one JWK) when it starts with `{`, else PEM.
    pub fn from_bytes(bytes: &[u8]) -> Result<Keys, KeyError> {
        if bytes.trim_ascii_start().starts_with(b"{") {
            from_jwk_json(bytes)
        } else {
            VerifyKey::from_pem(bytes).map(Keys::One)
        }
    }

    /// The key for a token with this `kid`.
    pub fn select(&self, kid: Option<&str>) -> Result<&VerifyKey, String> {
        match self {
            Keys::One(key) => Ok(key),
            Keys::Set(keys) => match kid {
                Some(kid) => keys
                    .iter()
                    .find(|(k, _)| k.as_deref() == Some(kid))
                    .map(|(_, key)| key)
                    .ok_or_else(|| format!("the key set has no key with the token's kid {kid:?}")),
                None if keys.len() == 1 => Ok(&keys[0].1),
                None => {
                    Err("the token has no kid, and the key set holds more than one key".to_string())
                }
            },
        }
    }
}

fn from_jwk_json(bytes: &[u8]) -> Result<Keys, KeyError> {
    use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, JwkSet, KeyAlgorithm};
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| err(format!("not a JWK set: invalid JSON ({e})")))?;
    let jwks: Vec<Jwk> = if value.get("keys").is_some() {
        serde_json::from_value::<JwkSet>(value)
            .map_err(|e| err(format!("not a JWK set: {e}")))?
            .keys
    } else {
        vec![serde_json::from_value::<Jwk>(value).map_err(|e| err(format!("not a JWK: {e}")))?]
    };
    let mut keys = Vec::new();
    for jwk in &jwks {
        let kind = match &jwk.algorithm {
            AlgorithmParameters::RSA(_) => KeyKind::Rsa,
            AlgorithmParameters::EllipticCurve(p) => match p.curve {
                EllipticCurve::P256 => KeyKind::EcP256,
                EllipticCurve::P384 => KeyKind::EcP384,
                _ => continue,
            },
            // Symmetric ("oct") and other keys are never used: only RSA and EC verify.
            _ => continue,
        };
        let only = match jwk.common.key_algorithm {
            None => None,
            Some(KeyAlgorithm::RS256) => Some(Algorithm::RS256),
            Some(KeyAlgorithm::RS384) => Some(Algorithm::RS384),
            Some(KeyAlgorithm::RS512) => Some(Algorithm::RS512),
            Some(KeyAlgorithm::ES256) => Some(Algorithm::ES256),
            Some(KeyAlgorithm::ES384) => Some(Algorithm::ES384),
            Some(_) => continue,
        };
        let key = DecodingKey::from_jwk(jwk)
            .map_err(|e| err(format!("unusable JWK {:?}: {e}", jwk.common.key_id)))?;
        keys.push((jwk.common.key_id.clone(), VerifyKey { kind, only, key }));
    }
    if keys.is_empty() {
        return Err(err(
            "the JWK set holds no RSA or EC (P-256, P-384) signing key",
        ));
    }
    Ok(Keys::Set(keys))
}

/// Why a key file could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError(pub String);

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn err(text: impl Into<String>) -> KeyError {
    KeyError(text.into())
}

impl VerifyKey {
    /// Read a key from PEM text: the first block that holds a key or a certificate (so
    /// for a certificate chain, the first certificate, which is the leaf's).
    pub fn from_pem(text: &[u8]) -> Result<VerifyKey, KeyError> {
        let blocks = pem_blocks(text)?;
        let Some(block) = blocks.iter().find(|b| KEY_LABELS.contains(&b.tag())) else {
            let labels: Vec<&str> = blocks.iter().map(pem::Pem::tag).collect();
            if labels.iter().any(|l| l.starts_with("ENCRYPTED")) {
                return Err(encrypted());
            }
            return Err(err(format!(
                "no public key, certificate or private key found in the PEM file (found {})",
                labels.join(", ")
            )));
        };
        if block
            .headers()
            .get("Proc-Type")
            .is_some_and(|v| v.contains("ENCRYPTED"))
        {
            return Err(encrypted());
        }
        let der = block.contents();
        match block.tag() {
            "PUBLIC KEY" => from_spki(der),
            "RSA PUBLIC KEY" => {
                // Check it parses before trusting it.
                aws_lc_rs::rsa::PublicKey::from_der(der)
                    .map_err(|e| err(format!("invalid RSA public key: {e}")))?;
                Ok(rsa(der.to_vec()))
            }
            "CERTIFICATE" => from_certificate(der),
            "PRIVATE KEY" => from_pkcs8(der),
            "RSA PRIVATE KEY" => {
                let pair = aws_lc_rs::rsa::KeyPair::from_der(der)
                    .map_err(|e| err(format!("invalid RSA private key: {e}")))?;
                Ok(rsa(aws_lc_rs::signature::KeyPair::public_key(&pair)
                    .as_ref()
                    .to_vec()))
            }
            _ => from_ec_private(der),
        }
    }
}

/// The PEM labels that can hold a verification key.
const KEY_LABELS: &[&str] = &[
    "PUBLIC KEY",
    "RSA PUBLIC KEY",
    "CERTIFICATE",
    "PRIVATE KEY",
    "RSA PRIVATE KEY",
    "EC PRIVATE KEY",
];

fn not_pem() -> KeyError {
    err("not a PEM file: expected -----BEGIN PUBLIC KEY-----, CERTIFICATE or PRIVATE KEY")
}

fn encrypted() -> KeyError {
    err("the PEM key is encrypted; decrypt it or pass the public key")
}

fn rsa(pkcs1: Vec<u8>) -> VerifyKey {
    VerifyKey {
        kind: KeyKind::Rsa,
        only: None,
        key: DecodingKey::from_rsa_der(&pkcs1),
    }
}

fn ec(kind: KeyKind, point: &[u8]) -> VerifyKey {
    VerifyKey {
        kind,
        only: None,
        key: DecodingKey::from_ec_der(point),
    }
}

/// The blocks of a PEM text, in order (the `pem` crate does the parsing). Text around
/// the blocks is ignored, as RFC 7468 allows.
fn pem_blocks(text: &[u8]) -> Result<Vec<pem::Pem>, KeyError> {
    use pem::PemError;
    let blocks = pem::parse_many(text).map_err(|e| match e {
        PemError::NotUtf8(_) => not_pem(),
        PemError::InvalidData(e) => err(format!("the PEM block is not valid base64: {e}")),
        PemError::MismatchedTags(begin, end) => err(format!(
            "the PEM block -----BEGIN {begin}----- ends with -----END {end}-----"
        )),
        other => err(format!("malformed PEM file: {other}")),
    })?;
    // `parse_many` stops quietly at a BEGIN line that has no END line: a cut-off file.
    let begins = text.windows(11).filter(|w| w == b"-----BEGIN ").count();
    if begins > blocks.len() {
        return Err(err(
            "the PEM file is truncated: a -----BEGIN line has no END line",
        ));
    }
    if blocks.is_empty() {
        return Err(not_pem());
    }
    Ok(blocks)
}

/// A SubjectPublicKeyInfo (the `PUBLIC KEY` PEM block, or a certificate's key).
fn from_spki(der: &[u8]) -> Result<VerifyKey, KeyError> {
    use x509_parser::prelude::{FromDer, SubjectPublicKeyInfo};
    let (rest, spki) = SubjectPublicKeyInfo::from_der(der)
        .map_err(|_| err("malformed public key (SubjectPublicKeyInfo)"))?;
    if !rest.is_empty() {
        return Err(err(
            "malformed public key (SubjectPublicKeyInfo): trailing data after the key",
        ));
    }
    key_of_spki(&spki)
}

fn key_of_spki(spki: &x509_parser::x509::SubjectPublicKeyInfo<'_>) -> Result<VerifyKey, KeyError> {
    use x509_parser::oid_registry::{
        OID_EC_P256, OID_KEY_TYPE_EC_PUBLIC_KEY, OID_NIST_EC_P384, OID_PKCS1_RSAENCRYPTION,
    };
    let key = &spki.subject_public_key;
    if key.unused_bits != 0 {
        return Err(err("malformed public key (SubjectPublicKeyInfo)"));
    }
    let alg = &spki.algorithm;
    if alg.algorithm == OID_PKCS1_RSAENCRYPTION {
        aws_lc_rs::rsa::PublicKey::from_der(&key.data)
            .map_err(|e| err(format!("invalid RSA public key: {e}")))?;
        Ok(rsa(key.data.to_vec()))
    } else if alg.algorithm == OID_KEY_TYPE_EC_PUBLIC_KEY {
        let curve = alg
            .parameters
            .as_ref()
            .and_then(|p| p.as_oid().ok())
            .ok_or_else(|| err("malformed EC public key: no named curve"))?;
        let (kind, algorithm): (_, &'static dyn aws_lc_rs::signature::VerificationAlgorithm) =
            if curve == OID_EC_P256 {
                (
                    KeyKind::EcP256,
                    &aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED,
                )
            } else if curve == OID_NIST_EC_P384 {
                (
                    KeyKind::EcP384,
                    &aws_lc_rs::signature::ECDSA_P384_SHA384_FIXED,
                )
            } else {
                return Err(err(
                    "unsupported EC curve: expected P-256 (ES256) or P-384 (ES384)",
                ));
            };
        // Check that the point lies on the curve before trusting it.
        aws_lc_rs::signature::ParsedPublicKey::new(algorithm, &key.data)
            .map_err(|e| err(format!("invalid {kind} public key: {e}")))?;
        Ok(ec(kind, &key.data))
    } else {
        Err(err(
            "unsupported key type: expected an RSA or EC (P-256, P-384) key",
        ))
    }
}

/// The subject public key of an X.509 certificate (x509-parser reads it; nothing about
/// the certificate is checked but its form: it only carries the key here).
fn from_certificate(der: &[u8]) -> Result<VerifyKey, KeyError> {
    use x509_parser::prelude::{FromDer, X509Certificate};
    let (rest, cert) =
        X509Certificate::from_der(der).map_err(|_| err("malformed X.509 certificate"))?;
    if !rest.is_empty() {
        return Err(err(
            "malformed X.509 certificate: trailing data after the certificate",
        ));
    }
    key_of_spki(cert.public_key())
}

/// A PKCS#8 private key: keep only its public half.
fn from_pkcs8(der: &[u8]) -> Result<VerifyKey, KeyError> {
    if let Ok(pair) = aws_lc_rs::rsa::KeyPair::from_pkcs8(der) {
        return Ok(rsa(aws_lc_rs::signature::KeyPair::public_key(&pair)
            .as_ref()
            .to_vec()));
    }
    from_ec_private(der)
}

/// An EC private key, PKCS#8 or SEC1: keep only its public half.
fn from_ec_private(der: &[u8]) -> Result<VerifyKey, KeyError> {
    use aws_lc_rs::signature::{
        ECDSA_P256_SHA256_FIXED_SIGNING, ECDSA_P384_SHA384_FIXED_SIGNING, EcdsaKeyPair, KeyPair,
    };
    if let Ok(pair) = EcdsaKeyPair::from_private_key_der(&ECDSA_P256_SHA256_FIXED_SIGNING, der) {
        return Ok(ec(KeyKind::EcP256, pair.public_key().as_ref()));
    }
    if let Ok(pair) = EcdsaKeyPair::from_private_key_der(&ECDSA_P384_SHA384_FIXED_SIGNING, der) {
        return Ok(ec(KeyKind::EcP384, pair.public_key().as_ref()));
    }
    Err(err(
        "unsupported private key: expected an RSA or EC (P-256, P-384) key",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/tests/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    #[test]
    fn every_fixture_form_loads_with_its_kind() {
        for (name, kind) in [
            ("token-test-rsa.pub.pem", KeyKind::Rsa),
            ("token-test-rsa.pkcs1.pub.pem", KeyKind::Rsa),
            ("token-test-rsa.crt.pem", KeyKind::Rsa),
            ("token-test-rsa.pem", KeyKind::Rsa),
            ("token-test-ec256.pub.pem", KeyKind::EcP256),
            ("token-test-ec256.crt.pem", KeyKind::EcP256),
            ("token-test-ec256.pem", KeyKind::EcP256),
            ("token-test-ec384.pub.pem", KeyKind::EcP384),
            ("token-test-ec384.pem", KeyKind::EcP384),
        ] {
            let key = VerifyKey::from_pem(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(key.kind, kind, "{name}");
        }
    }

    #[test]
    fn the_public_half_of_every_form_is_the_same_key() {
        let bytes = |name: &str| {
            VerifyKey::from_pem(&fixture(name))
                .unwrap()
                .key
                .try_get_as_bytes()
                .unwrap()
                .to_vec()
        };
        let rsa = bytes("token-test-rsa.pub.pem");
        assert_eq!(bytes("token-test-rsa.pkcs1.pub.pem"), rsa);
        assert_eq!(bytes("token-test-rsa.crt.pem"), rsa);
        assert_eq!(bytes("token-test-rsa.pem"), rsa);
        assert_ne!(bytes("token-test-rsa-other.pub.pem"), rsa);
        let ec = bytes("token-test-ec256.pub.pem");
        assert_eq!(bytes("token-test-ec256.crt.pem"), ec);
        assert_eq!(bytes("token-test-ec256.pem"), ec);
    }

    #[test]
    fn garbage_is_a_clear_error() {
        for (input, expect) in [
            (&b""[..], "not a PEM file"),
            (b"hello", "not a PEM file"),
            (b"\xff\xfe", "not a PEM file"),
            (b"-----BEGIN PUBLIC KEY-----\nAAAA\n", "has no END line"),
            (
                b"-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----\n",
                "not valid base64",
            ),
            (
                b"-----BEGIN PUBLIC KEY-----\nMAA=\n-----END PUBLIC KEY-----\n",
                "malformed public key",
            ),
            (
                b"-----BEGIN PUBLIC KEY-----\nMIIBIjAN\n-----END PUBLIC KEY-----\n",
                "malformed public key",
            ),
            (
                b"-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n",
                "no public key, certificate or private key found in the PEM file (found FOO)",
            ),
            (
                b"-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
                "malformed X.509",
            ),
            (
                b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                "ends with -----END PRIVATE KEY-----",
            ),
            (
                b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n",
                "encrypted",
            ),
            (
                b"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n",
                "encrypted",
            ),
        ] {
            let e = VerifyKey::from_pem(input).unwrap_err();
            assert!(e.0.contains(expect), "{input:?}: {e}");
        }
    }

    fn text(name: &str) -> String {
        String::from_utf8(fixture(name)).unwrap()
    }

    #[test]
    fn hostile_pem_is_a_clear_error() {
        let public = text("token-test-rsa.pub.pem");
        let cert = text("token-test-rsa.crt.pem");
        let body_lines: Vec<&str> = public.lines().filter(|l| !l.starts_with("-----")).collect();
        // Wrong label: a key under a label that holds no key.
        let wrong = public.replace("PUBLIC KEY", "X509 CRL");
        // Cut off in the middle of the base64, END line and all.
        let cut = &public[..public.len() / 2];
        // The base64 cut short, with its END line: the DER inside is cut short.
        let short = format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
            &body_lines[..body_lines.len() - 2].join("\n")
        );
        // Garbage after the base64, inside the block.
        let inside = public.replace("-----END", "garbage!\n-----END");
        // Valid base64 but more DER after the key or the certificate.
        let spki_der = pem::parse(&public).unwrap().into_contents();
        let extra = |label: &str, der: &[u8]| {
            pem::encode(&pem::Pem::new(label, [der, &[0x05, 0x00][..]].concat()))
        };
        let cert_der = pem::parse(&cert).unwrap().into_contents();
        for (name, input, expect) in [
            ("empty", String::new(), "not a PEM file"),
            ("blank", "\n \n".to_string(), "not a PEM file"),
            (
                "wrong label",
                wrong,
                "no public key, certificate or private key found in the PEM file (found X509 CRL)",
            ),
            ("cut", cut.to_string(), "the PEM file is truncated"),
            ("short", short, "malformed public key"),
            ("inside", inside, "not valid base64"),
            (
                "trailing DER",
                extra("PUBLIC KEY", &spki_der),
                "trailing data",
            ),
            (
                "trailing cert DER",
                extra("CERTIFICATE", &cert_der),
                "trailing data",
            ),
            (
                "second block cut",
                format!("{public}-----BEGIN PUBLIC KEY-----\nMII"),
                "the PEM file is truncated",
            ),
        ] {
            let e = VerifyKey::from_pem(input.as_bytes()).unwrap_err();
            assert!(e.0.contains(expect), "{name}: {e}");
        }
        // Text outside the blocks is ignored (RFC 7468), as `openssl x509 -text` writes it.
        let annotated = format!("Certificate:\n  Data: ...\n{cert}\nsome trailing note\n");
        assert_eq!(
            VerifyKey::from_pem(annotated.as_bytes()).unwrap().kind,
            KeyKind::Rsa
        );
    }

    #[test]
    fn a_certificate_chain_uses_its_first_certificate() {
        let rsa = text("token-test-rsa.crt.pem");
        let ec = text("token-test-ec256.crt.pem");
        let chain = format!("{rsa}{ec}");
        assert_eq!(
            VerifyKey::from_pem(chain.as_bytes()).unwrap().kind,
            KeyKind::Rsa
        );
        let chain = format!("{ec}{rsa}");
        assert_eq!(
            VerifyKey::from_pem(chain.as_bytes()).unwrap().kind,
            KeyKind::EcP256
        );
    }

    #[test]
    fn an_ec_point_off_the_curve_is_refused() {
        let public = text("token-test-ec256.pub.pem");
        let mut der = pem::parse(&public).unwrap().into_contents();
        let last = der.len() - 1;
        der[last] ^= 1;
        let bad = pem::encode(&pem::Pem::new("PUBLIC KEY", der));
        let e = VerifyKey::from_pem(bad.as_bytes()).unwrap_err();
        assert!(e.0.contains("invalid EC P-256 public key"), "{e}");
    }

    #[test]
    fn jwk_sets_pick_the_key_by_kid_and_skip_symmetric_keys() {
        let set = br#"{"keys": [
            {"kty": "oct", "kid": "h", "k": "c2VjcmV0"},
            {"kty": "EC", "kid": "e", "crv": "P-256",
             "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
             "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
            {"kty": "RSA", "kid": "r", "alg": "RS256", "e": "AQAB",
             "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"}
        ]}"#;
        let keys = Keys::from_bytes(set).unwrap();
        assert_eq!(keys.select(Some("e")).unwrap().kind, KeyKind::EcP256);
        let rsa = keys.select(Some("r")).unwrap();
        assert_eq!(rsa.algorithms(), vec![Algorithm::RS256]);
        assert_eq!(
            keys.select(Some("h")).unwrap_err(),
            "the key set has no key with the token's kid \"h\""
        );
        assert_eq!(
            keys.select(None).unwrap_err(),
            "the token has no kid, and the key set holds more than one key"
        );
        let only_oct = br#"{"keys": [{"kty": "oct", "k": "c2VjcmV0"}]}"#;
        assert!(
            Keys::from_bytes(only_oct)
                .unwrap_err()
                .0
                .contains("no RSA or EC")
        );
        assert!(
            Keys::from_bytes(b"{nope")
                .unwrap_err()
                .0
                .starts_with("not a JWK set: invalid JSON")
        );
        // PEM still works through the same door.
        let pem = fixture("token-test-rsa.pub.pem");
        assert!(matches!(Keys::from_bytes(&pem).unwrap(), Keys::One(_)));
    }

    #[test]
    fn ed25519_keys_are_refused_by_name() {
        // openssl genpkey -algorithm ed25519 | openssl pkey -pubout
        let pem = b"-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n";
        let e = VerifyKey::from_pem(pem).unwrap_err();
        assert!(e.0.contains("unsupported key type"), "{e}");
    }
}
