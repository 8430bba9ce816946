//! Verification keys for `token decode --key FILE`.
//!
//! Accepted, in PEM: a public key (`PUBLIC KEY`, SubjectPublicKeyInfo; `RSA PUBLIC KEY`,
//! PKCS#1), an X.509 certificate (`CERTIFICATE`: its subject public key is used), or,
//! for convenience, a private key (`PRIVATE KEY`, `RSA PRIVATE KEY`, `EC PRIVATE KEY`),
//! of which only the public half is used. RSA keys and EC keys on P-256 or P-384.
//! A JSON Web Key Set (`{"keys": [...]}`, as served at `/openid/v1/jwks`) or a single
//! JWK is accepted too; the token's `kid` picks the key.
//!
//! The key, never the token, decides which algorithms may be used with it: an RSA key
//! allows RS256/RS384/RS512, a P-256 key ES256, a P-384 key ES384. That is what stops
//! algorithm confusion (an HS256 token "signed" with the public key bytes as an HMAC
//! secret) and `alg: none`.

use std::fmt;

use base64::Engine;
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

const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
const OID_P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];

impl VerifyKey {
    /// Read a key from PEM text (the first block with a key or certificate in it).
    pub fn from_pem(text: &[u8]) -> Result<VerifyKey, KeyError> {
        let text = std::str::from_utf8(text).map_err(|_| not_pem())?;
        let blocks = pem_blocks(text)?;
        let Some((label, der)) = blocks.into_iter().find(|(label, _)| {
            matches!(
                label.as_str(),
                "PUBLIC KEY"
                    | "RSA PUBLIC KEY"
                    | "CERTIFICATE"
                    | "PRIVATE KEY"
                    | "RSA PRIVATE KEY"
                    | "EC PRIVATE KEY"
            )
        }) else {
            return Err(err(
                "no public key, certificate or private key found in the PEM file",
            ));
        };
        match label.as_str() {
            "PUBLIC KEY" => from_spki(&der),
            "RSA PUBLIC KEY" => {
                // Check it parses before trusting it.
                aws_lc_rs::rsa::PublicKey::from_der(&der)
                    .map_err(|e| err(format!("invalid RSA public key: {e}")))?;
                Ok(rsa(der))
            }
            "CERTIFICATE" => from_spki(&certificate_spki(&der)?),
            "PRIVATE KEY" => from_pkcs8(&der),
            "RSA PRIVATE KEY" => {
                let pair = aws_lc_rs::rsa::KeyPair::from_der(&der)
                    .map_err(|e| err(format!("invalid RSA private key: {e}")))?;
                Ok(rsa(aws_lc_rs::signature::KeyPair::public_key(&pair)
                    .as_ref()
                    .to_vec()))
            }
            _ => from_ec_private(&der),
        }
    }
}

fn not_pem() -> KeyError {
    err("not a PEM file: expected -----BEGIN PUBLIC KEY-----, CERTIFICATE or PRIVATE KEY")
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

/// The blocks of a PEM text: label and decoded DER, in order.
fn pem_blocks(text: &str) -> Result<Vec<(String, Vec<u8>)>, KeyError> {
    let mut blocks = Vec::new();
    let mut lines = text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        let Some(label) = line
            .strip_prefix("-----BEGIN ")
            .and_then(|l| l.strip_suffix("-----"))
        else {
            continue;
        };
        let end = format!("-----END {label}-----");
        let mut body = String::new();
        let mut closed = false;
        for line in lines.by_ref() {
            if line == end {
                closed = true;
                break;
            }
            // Skip RFC 1421 headers such as `Proc-Type:` (encrypted keys are refused below).
            if line.contains(':') {
                if line.starts_with("Proc-Type") {
                    return Err(err(
                        "the PEM key is encrypted; decrypt it or pass the public key",
                    ));
                }
                continue;
            }
            body.push_str(line);
        }
        if !closed {
            return Err(err(format!("PEM block {label:?} has no END line")));
        }
        let der = base64::engine::general_purpose::STANDARD
            .decode(body.as_bytes())
            .map_err(|e| err(format!("PEM block {label:?} is not valid base64: {e}")))?;
        blocks.push((label.to_string(), der));
    }
    if blocks.is_empty() {
        return Err(not_pem());
    }
    Ok(blocks)
}

/// One DER element: its tag, its content, and the whole encoding.
struct Tlv<'a> {
    tag: u8,
    content: &'a [u8],
    whole: &'a [u8],
}

/// Read one DER element off the front of `input`; return it and the rest.
fn read_tlv(input: &[u8]) -> Result<(Tlv<'_>, &[u8]), KeyError> {
    let bad = || err("malformed DER in the key");
    let (&tag, rest) = input.split_first().ok_or_else(bad)?;
    let (&first, mut rest) = rest.split_first().ok_or_else(bad)?;
    let len = if first < 0x80 {
        usize::from(first)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return Err(bad());
        }
        let mut len = 0usize;
        for &b in &rest[..n] {
            len = (len << 8) | usize::from(b);
        }
        rest = &rest[n..];
        len
    };
    if rest.len() < len {
        return Err(bad());
    }
    let header = input.len() - rest.len();
    let tlv = Tlv {
        tag,
        content: &rest[..len],
        whole: &input[..header + len],
    };
    Ok((tlv, &rest[len..]))
}

/// The elements inside a constructed DER element's content.
fn children(content: &[u8]) -> Result<Vec<Tlv<'_>>, KeyError> {
    let mut out = Vec::new();
    let mut rest = content;
    while !rest.is_empty() {
        let (tlv, next) = read_tlv(rest)?;
        out.push(tlv);
        rest = next;
    }
    Ok(out)
}

const SEQUENCE: u8 = 0x30;
const BIT_STRING: u8 = 0x03;
const OID: u8 = 0x06;

/// A SubjectPublicKeyInfo: `SEQ { SEQ { OID alg, params }, BIT STRING key }`.
fn from_spki(der: &[u8]) -> Result<VerifyKey, KeyError> {
    let bad = || err("malformed public key (SubjectPublicKeyInfo)");
    let (outer, _) = read_tlv(der)?;
    if outer.tag != SEQUENCE {
        return Err(bad());
    }
    let parts = children(outer.content)?;
    let [alg, key, ..] = parts.as_slice() else {
        return Err(bad());
    };
    if alg.tag != SEQUENCE || key.tag != BIT_STRING {
        return Err(bad());
    }
    let alg_parts = children(alg.content)?;
    let Some(oid) = alg_parts.first().filter(|t| t.tag == OID) else {
        return Err(bad());
    };
    // A BIT STRING starts with the count of unused bits, 0 for keys.
    let bits = match key.content.split_first() {
        Some((0, bits)) => bits,
        _ => return Err(bad()),
    };
    if oid.content == OID_RSA {
        aws_lc_rs::rsa::PublicKey::from_der(bits)
            .map_err(|e| err(format!("invalid RSA public key: {e}")))?;
        Ok(rsa(bits.to_vec()))
    } else if oid.content == OID_EC {
        let curve = alg_parts.get(1).filter(|t| t.tag == OID).ok_or_else(bad)?;
        let kind = ec_curve(curve.content)?;
        Ok(ec(kind, bits))
    } else {
        Err(err(
            "unsupported key type: expected an RSA or EC (P-256, P-384) key",
        ))
    }
}

fn ec_curve(oid: &[u8]) -> Result<KeyKind, KeyError> {
    if oid == OID_P256 {
        Ok(KeyKind::EcP256)
    } else if oid == OID_P384 {
        Ok(KeyKind::EcP384)
    } else {
        Err(err(
            "unsupported EC curve: expected P-256 (ES256) or P-384 (ES384)",
        ))
    }
}

/// The SubjectPublicKeyInfo of an X.509 certificate:
/// `SEQ { tbs: SEQ { [0] version?, serial, sigAlg, issuer, validity, subject, spki, … } … }`.
fn certificate_spki(der: &[u8]) -> Result<Vec<u8>, KeyError> {
    let bad = || err("malformed X.509 certificate");
    let (cert, _) = read_tlv(der)?;
    if cert.tag != SEQUENCE {
        return Err(bad());
    }
    let parts = children(cert.content)?;
    let tbs = parts
        .first()
        .filter(|t| t.tag == SEQUENCE)
        .ok_or_else(bad)?;
    let fields = children(tbs.content)?;
    let skip = usize::from(fields.first().is_some_and(|t| t.tag == 0xa0));
    let spki = fields
        .get(skip + 5)
        .filter(|t| t.tag == SEQUENCE)
        .ok_or_else(bad)?;
    Ok(spki.whole.to_vec())
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
                "malformed DER",
            ),
            (
                b"-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n",
                "no public key, certificate or private key",
            ),
            (
                b"-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
                "malformed X.509",
            ),
        ] {
            let e = VerifyKey::from_pem(input).unwrap_err();
            assert!(e.0.contains(expect), "{input:?}: {e}");
        }
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
