//! JWS compact tokens signed with RS256: parsing, the signature check (ring) and the
//! registered claims (`exp`, `nbf`, `iss`), strict about types.
//!
//! Not on the `jsonwebtoken` crate: its 9.x line, the last one on ring, treats a claim of
//! the wrong JSON type as absent (GHSA-h395-gr6q-cpjc, fixed in 10.3, which needs
//! aws-lc-rs or the `rsa` crate). Here a mistyped `exp`, `nbf` or `iss` is an error.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use ring::signature::{RsaPublicKeyComponents, RSA_PKCS1_2048_8192_SHA256};
use serde_json::{Map, Value};

use super::JwtError;
use crate::codec::excerpt;

/// Tokens longer than this are refused unread.
const MAX_TOKEN_BYTES: usize = 64 * 1024;

/// Clock skew allowed on `exp` and `nbf`.
pub(crate) const LEEWAY: Duration = Duration::from_secs(60);

/// The claims of a validated JWT. `Debug` lists claim names only: values such as the
/// ticket are secrets.
#[derive(Clone, PartialEq, Eq)]
pub struct Claims {
    map: Map<String, Value>,
    expires_at: SystemTime,
}

impl Claims {
    /// A claim's value.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.map.get(name)
    }

    /// A claim's value if it is a string.
    pub fn get_str(&self, name: &str) -> Option<&str> {
        self.map.get(name).and_then(Value::as_str)
    }

    /// Whether `aud` is `audience` or an array containing it.
    pub fn has_audience(&self, audience: &str) -> bool {
        match self.map.get("aud") {
            Some(Value::String(s)) => s == audience,
            Some(Value::Array(a)) => a.iter().any(|v| v.as_str() == Some(audience)),
            _ => false,
        }
    }

    /// `exp` as an instant.
    pub fn expires_at(&self) -> SystemTime {
        self.expires_at
    }

    /// The claim names.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }
}

impl fmt::Debug for Claims {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Claims")
            .field("names", &self.map.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// A parsed, not yet verified token.
pub(crate) struct Unverified<'a> {
    pub kid: Option<String>,
    signing_input: &'a [u8],
    signature: Vec<u8>,
    claims: Vec<u8>,
}

#[derive(serde::Deserialize)]
struct Header {
    alg: Value,
    #[serde(default)]
    kid: Option<Value>,
    #[serde(default)]
    crit: Option<Value>,
}

fn b64(part: &str, what: &'static str) -> Result<Vec<u8>, JwtError> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| JwtError::Malformed(what))
}

/// Splits and decodes a token, refusing every algorithm but RS256 before any key is used.
pub(crate) fn parse(token: &str) -> Result<Unverified<'_>, JwtError> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(JwtError::Malformed("token too large"));
    }
    let mut parts = token.split('.');
    let (Some(h), Some(c), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwtError::Malformed("not three dot-separated parts"));
    };
    let header: Header = serde_json::from_slice(&b64(h, "header is not base64url")?)
        .map_err(|_| JwtError::Malformed("header is not a JSON object with alg"))?;
    match &header.alg {
        Value::String(alg) if alg == "RS256" => {}
        Value::String(alg) => return Err(JwtError::Algorithm(excerpt(alg, 20))),
        _ => return Err(JwtError::Malformed("alg is not a string")),
    }
    // A critical extension we do not implement must not be ignored (RFC 7515 4.1.11).
    if header.crit.is_some() {
        return Err(JwtError::Malformed("crit header not supported"));
    }
    let kid = match header.kid {
        None | Some(Value::Null) => None,
        Some(Value::String(k)) => Some(k),
        Some(_) => return Err(JwtError::Malformed("kid is not a string")),
    };
    Ok(Unverified {
        kid,
        signing_input: &token.as_bytes()[..h.len() + 1 + c.len()],
        signature: b64(s, "signature is not base64url")?,
        claims: b64(c, "claims are not base64url")?,
    })
}

/// An RSA public key from a JWKS.
#[derive(Clone)]
pub(crate) struct RsaPublic {
    pub n: Vec<u8>,
    pub e: Vec<u8>,
}

impl Unverified<'_> {
    /// Whether the signature verifies with `key`.
    pub fn verifies_with(&self, key: &RsaPublic) -> bool {
        RsaPublicKeyComponents {
            n: &key.n,
            e: &key.e,
        }
        .verify(
            &RSA_PKCS1_2048_8192_SHA256,
            self.signing_input,
            &self.signature,
        )
        .is_ok()
    }

    /// After the signature is verified: checks `exp` (required), `nbf` (if present) and
    /// `iss` (required, equal to `issuer`) at `now`.
    pub fn claims(self, issuer: &str, now: SystemTime) -> Result<Claims, JwtError> {
        let map: Map<String, Value> = serde_json::from_slice(&self.claims)
            .map_err(|_| JwtError::Malformed("claims are not a JSON object"))?;
        let exp = numeric_date(map.get("exp")).ok_or(JwtError::Claim("exp"))?;
        if now > exp + LEEWAY {
            return Err(JwtError::Expired);
        }
        if let Some(v) = map.get("nbf") {
            let nbf = numeric_date(Some(v)).ok_or(JwtError::Claim("nbf"))?;
            if now + LEEWAY < nbf {
                return Err(JwtError::NotYetValid);
            }
        }
        match map.get("iss") {
            Some(Value::String(iss)) if iss == issuer => {}
            Some(Value::String(iss)) => {
                return Err(JwtError::Issuer {
                    expected: issuer.to_owned(),
                    found: excerpt(iss, 80),
                })
            }
            _ => return Err(JwtError::Claim("iss")),
        }
        Ok(Claims {
            map,
            expires_at: exp,
        })
    }
}

/// A NumericDate: a JSON number of seconds since the epoch (fractions allowed, RFC 7519 2).
fn numeric_date(v: Option<&Value>) -> Option<SystemTime> {
    let secs = v?.as_f64()?;
    if !(0.0..=253_402_300_799.0).contains(&secs) {
        return None;
    }
    UNIX_EPOCH.checked_add(Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(json: &str) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
    }

    fn token(header: &str, claims: &str) -> String {
        format!("{}.{}.{}", enc(header), enc(claims), enc("sig"))
    }

    #[test]
    fn only_rs256_compact_tokens_parse() {
        let ok = token(r#"{"alg":"RS256","kid":"k1"}"#, "{}");
        assert_eq!(parse(&ok).unwrap().kid.as_deref(), Some("k1"));
        assert!(parse(&token(r#"{"alg":"RS256"}"#, "{}"))
            .unwrap()
            .kid
            .is_none());
        let cases = [
            (
                token(r#"{"alg":"none"}"#, "{}"),
                JwtError::Algorithm("none".into()),
            ),
            (
                token(r#"{"alg":"HS256"}"#, "{}"),
                JwtError::Algorithm("HS256".into()),
            ),
            (
                token(r#"{"alg":1}"#, "{}"),
                JwtError::Malformed("alg is not a string"),
            ),
            (
                token(r#"{"kid":"k"}"#, "{}"),
                JwtError::Malformed("header is not a JSON object with alg"),
            ),
            (
                token(r#"{"alg":"RS256","kid":7}"#, "{}"),
                JwtError::Malformed("kid is not a string"),
            ),
            (
                token(r#"{"alg":"RS256","crit":["x"]}"#, "{}"),
                JwtError::Malformed("crit header not supported"),
            ),
            (
                "a.b".into(),
                JwtError::Malformed("not three dot-separated parts"),
            ),
            (
                "a.b.c.d".into(),
                JwtError::Malformed("not three dot-separated parts"),
            ),
            (
                format!("{}.e30.c2ln", enc("{}") + "="),
                JwtError::Malformed("header is not base64url"),
            ),
            (
                "x".repeat(MAX_TOKEN_BYTES + 1),
                JwtError::Malformed("token too large"),
            ),
        ];
        for (t, want) in cases {
            assert_eq!(parse(&t).err(), Some(want), "{}", excerpt(&t, 60));
        }
    }

    #[test]
    fn registered_claims_are_typed_and_checked() {
        let now = UNIX_EPOCH + Duration::from_secs(1_000_000);
        let check = |claims: &str| {
            parse(&token(r#"{"alg":"RS256"}"#, claims))
                .unwrap()
                .claims("SuperOffice AS", now)
        };
        let ok = check(r#"{"exp":1000100,"iss":"SuperOffice AS","aud":["spn:1","x"]}"#).unwrap();
        assert_eq!(ok.expires_at(), UNIX_EPOCH + Duration::from_secs(1_000_100));
        assert!(ok.has_audience("spn:1") && !ok.has_audience("spn:2"));
        // Within the leeway, then beyond it.
        assert!(check(r#"{"exp":999950,"iss":"SuperOffice AS"}"#).is_ok());
        assert_eq!(
            check(r#"{"exp":999900,"iss":"SuperOffice AS"}"#).err(),
            Some(JwtError::Expired)
        );
        assert!(check(r#"{"exp":1000100.5,"nbf":1000050,"iss":"SuperOffice AS"}"#).is_ok());
        assert_eq!(
            check(r#"{"exp":1000900,"nbf":1000100,"iss":"SuperOffice AS"}"#).err(),
            Some(JwtError::NotYetValid)
        );
        // The wrong JSON type is an error, never "absent" (the jsonwebtoken 9 flaw).
        assert_eq!(
            check(r#"{"exp":"never","iss":"SuperOffice AS"}"#).err(),
            Some(JwtError::Claim("exp"))
        );
        assert_eq!(
            check(r#"{"iss":"SuperOffice AS"}"#).err(),
            Some(JwtError::Claim("exp"))
        );
        assert_eq!(
            check(r#"{"exp":1000100,"nbf":"later","iss":"SuperOffice AS"}"#).err(),
            Some(JwtError::Claim("nbf"))
        );
        assert_eq!(
            check(r#"{"exp":1000100,"iss":["SuperOffice AS"]}"#).err(),
            Some(JwtError::Claim("iss"))
        );
        assert_eq!(
            check(r#"{"exp":-1,"iss":"SuperOffice AS"}"#).err(),
            Some(JwtError::Claim("exp"))
        );
        assert_eq!(
            check(r#"{"exp":1000100,"iss":"https://sod.superoffice.com"}"#).err(),
            Some(JwtError::Issuer {
                expected: "SuperOffice AS".into(),
                found: "https://sod.superoffice.com".into()
            })
        );
        assert_eq!(
            check("[1]").err(),
            Some(JwtError::Malformed("claims are not a JSON object"))
        );
    }

    #[test]
    fn claims_debug_shows_names_only() {
        let now = UNIX_EPOCH;
        let c = parse(&token(
            r#"{"alg":"RS256"}"#,
            r#"{"exp":100,"iss":"i","ticket":"7T:s3cret"}"#,
        ))
        .unwrap()
        .claims("i", now)
        .unwrap();
        let debug = format!("{c:?}");
        assert!(
            debug.contains("ticket") && !debug.contains("s3cret"),
            "{debug}"
        );
    }
}
