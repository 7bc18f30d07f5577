//! [`PrivateKey`]: the application's RSA key, read from PEM or from .NET's `<RSAKeyValue>`
//! XML, signing with RSA PKCS#1 v1.5 / SHA-256 in ring (constant-time, blinded).

use std::fmt;
use std::sync::Arc;

use base64::Engine as _;
use ring::rand::SystemRandom;
use ring::rsa::{KeyPairComponents, PublicKeyComponents};
use ring::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::PrivateKeyDer;

use super::OnlineError;
use crate::codec::{Limits, XmlReader};

/// The application's RSA private key (from the Developer Portal), for signing system
/// user tokens. `Debug` shows the modulus size only. Cheap to clone.
///
/// ring accepts moduli of 2048 to 4096 bits; smaller keys are refused with
/// [`OnlineError::InvalidKey`].
#[derive(Clone)]
pub struct PrivateKey {
    pair: Arc<RsaKeyPair>,
}

/// Longest key text accepted (a 4096-bit key in XML is about 3.3 KB).
const MAX_KEY_TEXT: usize = 64 * 1024;

impl PrivateKey {
    /// Reads either form: text starting with `<` (after whitespace) as `<RSAKeyValue>`
    /// XML, anything else as PEM.
    pub fn parse(text: &str) -> Result<Self, OnlineError> {
        if text.trim_start().starts_with('<') {
            Self::from_rsa_key_value_xml(text)
        } else {
            Self::from_pem(text)
        }
    }

    /// Reads the first private key of a PEM text: `BEGIN RSA PRIVATE KEY` (PKCS#1) or
    /// `BEGIN PRIVATE KEY` (PKCS#8, unencrypted). Other sections are skipped.
    pub fn from_pem(pem: &str) -> Result<Self, OnlineError> {
        if pem.len() > MAX_KEY_TEXT {
            return Err(invalid("key text too large"));
        }
        // The parser's own errors can quote a line of the input: report fixed reasons.
        let der = PrivateKeyDer::from_pem_slice(pem.as_bytes()).map_err(|e| match e {
            rustls::pki_types::pem::Error::NoItemsFound => {
                invalid("no unencrypted private key (RSA PRIVATE KEY or PRIVATE KEY) in PEM")
            }
            _ => invalid("malformed PEM"),
        })?;
        let pair = match &der {
            PrivateKeyDer::Pkcs1(k) => RsaKeyPair::from_der(k.secret_pkcs1_der()),
            PrivateKeyDer::Pkcs8(k) => RsaKeyPair::from_pkcs8(k.secret_pkcs8_der()),
            _ => return Err(invalid("not an RSA key")),
        }
        .map_err(rejected)?;
        Self::checked(pair)
    }

    /// Reads .NET's `RSA.ToXmlString(true)` form: `<RSAKeyValue>` with base64 `Modulus`,
    /// `Exponent`, `P`, `Q`, `DP`, `DQ`, `InverseQ` and `D` children, in any order.
    pub fn from_rsa_key_value_xml(xml: &str) -> Result<Self, OnlineError> {
        if xml.len() > MAX_KEY_TEXT {
            return Err(invalid("key text too large"));
        }
        // The reader's errors and values are never echoed: they could quote key material.
        let parts = read_key_value(xml).map_err(|_| invalid("malformed RSAKeyValue XML"))?;
        let get = |i: usize, name: &'static str| {
            parts[i]
                .as_deref()
                .ok_or_else(|| invalid(format!("RSAKeyValue lacks <{name}>")))
        };
        let components = KeyPairComponents {
            public_key: PublicKeyComponents {
                n: get(0, "Modulus")?,
                e: get(1, "Exponent")?,
            },
            d: get(7, "D")?,
            p: get(2, "P")?,
            q: get(3, "Q")?,
            dP: get(4, "DP")?,
            dQ: get(5, "DQ")?,
            qInv: get(6, "InverseQ")?,
        };
        let pair = RsaKeyPair::from_components(&components).map_err(rejected)?;
        Self::checked(pair)
    }

    /// ring checks some component relations only while signing: sign once now, so that an
    /// inconsistent key fails when loaded rather than at the first exchange.
    fn checked(pair: RsaKeyPair) -> Result<Self, OnlineError> {
        let key = PrivateKey {
            pair: Arc::new(pair),
        };
        key.sign_pkcs1_sha256(b"key check")?;
        Ok(key)
    }

    /// The RSASSA-PKCS1-v1_5 / SHA-256 signature of `message` (as long as the modulus).
    pub fn sign_pkcs1_sha256(&self, message: &[u8]) -> Result<Vec<u8>, OnlineError> {
        let mut signature = vec![0; self.pair.public().modulus_len()];
        self.pair
            .sign(
                &RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                message,
                &mut signature,
            )
            .map_err(|_| invalid("signing failed (inconsistent key components)"))?;
        Ok(signature)
    }

    /// The modulus size in bits.
    pub fn modulus_bits(&self) -> usize {
        self.pair.public().modulus_len() * 8
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey(RSA-{}, [redacted])", self.modulus_bits())
    }
}

fn invalid(reason: impl Into<String>) -> OnlineError {
    OnlineError::InvalidKey {
        reason: reason.into(),
    }
}

/// ring's reasons are fixed words such as `TooSmall` or `InconsistentComponents`.
fn rejected(e: ring::error::KeyRejected) -> OnlineError {
    invalid(format!("rejected by ring: {e}"))
}

/// The decoded components in the order Modulus, Exponent, P, Q, DP, DQ, InverseQ, D.
type Components = [Option<Vec<u8>>; 8];

const NAMES: [&str; 8] = ["Modulus", "Exponent", "P", "Q", "DP", "DQ", "InverseQ", "D"];

fn read_key_value(xml: &str) -> Result<Components, ()> {
    let mut r = XmlReader::new(xml.as_bytes(), Limits::default()).map_err(drop)?;
    let root = r.next_child().map_err(drop)?.ok_or(())?;
    if root.local_name() != "RSAKeyValue" {
        return Err(());
    }
    let mut parts: Components = Default::default();
    while let Some(child) = r.next_child().map_err(drop)? {
        let Some(i) = NAMES.iter().position(|n| *n == child.local_name()) else {
            r.skip().map_err(drop)?;
            continue;
        };
        let text = r.text().map_err(drop)?;
        if parts[i].is_some() {
            return Err(());
        }
        parts[i] = Some(decode_integer(&text)?);
    }
    Ok(parts)
}

/// A base64 big-endian integer without its leading zero bytes (.NET pads `D`, `P`, ... to
/// fixed lengths; ring wants minimal encodings). .NET's decoder ignores whitespace too.
fn decode_integer(text: &str) -> Result<Vec<u8>, ()> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(compact)
        .map_err(drop)?;
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    Ok(bytes[first..].to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_keys_give_fixed_reasons() {
        let cases = [
            ("", "no unencrypted private key"),
            ("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "no unencrypted"),
            ("-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----\n", "rejected by ring"),
            ("-----BEGIN RSA PRIVATE KEY-----\n!!secret!!\n-----END RSA PRIVATE KEY-----\n", "malformed PEM"),
            ("<RSAKeyValue><Modulus>c2VjcmV0</Modulus></RSAKeyValue>", "lacks <Exponent>"),
            ("<RSAKeyValue><Modulus>!secret!</Modulus></RSAKeyValue>", "malformed RSAKeyValue"),
            ("<RSAKeyValue><D>AA==</D><D>AA==</D></RSAKeyValue>", "malformed RSAKeyValue"),
            ("<!DOCTYPE x><RSAKeyValue/>", "malformed RSAKeyValue"),
            ("<Other/>", "malformed RSAKeyValue"),
        ];
        for (text, want) in cases {
            match PrivateKey::parse(text) {
                Err(OnlineError::InvalidKey { reason }) => {
                    assert!(reason.contains(want), "{text:?}: {reason}");
                    assert!(!reason.contains("secret"), "{reason}");
                }
                other => panic!("{text:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn integers_lose_leading_zeros_and_whitespace() {
        assert_eq!(decode_integer(" AAAB\n AQ== ").unwrap(), vec![1, 1]);
        assert_eq!(decode_integer("AAAA").unwrap(), Vec::<u8>::new());
        assert!(decode_integer("A").is_err());
    }
}
