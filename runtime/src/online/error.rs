//! [`OnlineError`] and [`JwtError`]: what the Online building blocks fail with. No variant
//! carries a secret: messages are built from status codes, URLs without query or userinfo,
//! claim names and fixed reasons, never from request bodies or token contents.

use std::time::Duration;

/// Why a system-user exchange, JWT validation or tenant-state request failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OnlineError {
    /// The login service answered `IsSuccessful: false` (wrong client secret, unknown or
    /// revoked system user token, bad signature, clock skew, ...). `message` is its
    /// `ErrorMessage`, shortened, with any of the request's secrets cut out.
    #[error("system user rejected by the login service: {message}")]
    Rejected {
        /// The service's `ErrorMessage`.
        message: String,
    },
    /// The JWT did not pass validation.
    #[error("invalid JWT: {0}")]
    InvalidJwt(JwtError),
    /// The JWT names a signing key (`kid`) the environment's JWKS does not have, even
    /// after fetching it again.
    #[error("JWT signed with a key the JWKS does not list (kid {kid:?})")]
    UnknownKey {
        /// The JWT header's `kid`, if it had one.
        kid: Option<String>,
    },
    /// A status the caller does not handle (for the tenant's `421 Misdirected Request`,
    /// `status` is 421).
    #[error("HTTP {status} from {url}")]
    Http {
        /// The status code.
        status: u16,
        /// The request URL (without query).
        url: String,
    },
    /// A redirect, which is never followed (it could carry the request's secrets to
    /// another origin).
    #[error("HTTP {status} redirect to {location} not followed")]
    Redirect {
        /// The status code (3xx).
        status: u16,
        /// The `Location`, resolved, without userinfo, query or fragment; empty if absent.
        location: String,
    },
    /// No answer within the time budget.
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    /// Connection, TLS or protocol failure (the URL is not included).
    #[error("transport: {0}")]
    Transport(String),
    /// The answer's body was larger than allowed.
    #[error("response body exceeds {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The answer was not what the API documents (bad JSON, missing or wrong field).
    #[error("unexpected answer from {what}: {reason}")]
    InvalidAnswer {
        /// Which service answered.
        what: &'static str,
        /// What was wrong (never the offending value).
        reason: String,
    },
    /// The application's private key could not be read or used.
    #[error("invalid private key: {reason}")]
    InvalidKey {
        /// Why (never key material).
        reason: String,
    },
    /// A URL a SuperOffice service named (the tenant state's `Endpoint`) is not one the
    /// environment lets credentials go to: not `https`, with user info, a query or a
    /// fragment, or on another host (see [`Environment::check_endpoint`]). Nothing was sent
    /// to it.
    ///
    /// [`Environment::check_endpoint`]: super::Environment::check_endpoint
    #[error("endpoint {endpoint} refused: {reason}")]
    EndpointNotAllowed {
        /// The URL, without user info, query or fragment.
        endpoint: String,
        /// Why.
        reason: &'static str,
    },
    /// A configured URL or identifier is unusable.
    #[error("invalid configuration: {reason}")]
    Config {
        /// Why.
        reason: String,
    },
}

/// Why a JWT was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JwtError {
    /// Not three base64url parts of JSON, too large, or with a `crit` header.
    #[error("malformed token: {0}")]
    Malformed(&'static str),
    /// The header's `alg` is not `RS256` (`none` and HMAC are refused before any key is
    /// looked at).
    #[error("algorithm {0:?} not accepted (RS256 only)")]
    Algorithm(String),
    /// The signature does not verify with the key the header names.
    #[error("bad signature")]
    BadSignature,
    /// `exp` (plus the leeway) has passed.
    #[error("expired")]
    Expired,
    /// `nbf` (minus the leeway) is still ahead.
    #[error("not valid yet")]
    NotYetValid,
    /// `iss` is not the environment's issuer.
    #[error("issuer {found:?}, expected {expected:?}")]
    Issuer {
        /// The expected issuer.
        expected: String,
        /// The token's issuer (shortened).
        found: String,
    },
    /// `aud` is not what the token kind requires.
    #[error("audience is not {expected:?}")]
    Audience {
        /// The expected audience.
        expected: String,
    },
    /// The token is for another tenant than the one asked for.
    #[error("token is for another tenant than {expected:?}")]
    Tenant {
        /// The context identifier asked for.
        expected: String,
    },
    /// A required claim is absent, or not of the type the spec gives it.
    #[error("claim {0} missing or of the wrong type")]
    Claim(&'static str),
}

/// What a server gave: messages, locations, claims it named.
impl crate::redact::Scrub for OnlineError {
    fn scrub(&mut self, r: &crate::redact::Redactor) {
        match self {
            OnlineError::Rejected { message } => r.redact_excerpt(message),
            OnlineError::UnknownKey { kid } => kid.scrub(r),
            OnlineError::Http { url, .. } => url.scrub(r),
            OnlineError::Redirect { location, .. } => location.scrub(r),
            OnlineError::Transport(message) => message.scrub(r),
            OnlineError::InvalidAnswer { reason, .. } => reason.scrub(r),
            OnlineError::InvalidJwt(JwtError::Algorithm(alg)) => r.redact_excerpt(alg),
            OnlineError::InvalidJwt(JwtError::Issuer { found, .. }) => r.redact_excerpt(found),
            OnlineError::EndpointNotAllowed { endpoint, .. } => endpoint.scrub(r),
            _ => {}
        }
    }
}

impl From<JwtError> for OnlineError {
    fn from(e: JwtError) -> Self {
        OnlineError::InvalidJwt(e)
    }
}

/// Describes a serde_json error by category and position only: its `Display` can quote
/// the offending value, which may be a token.
pub(crate) fn json_reason(e: &serde_json::Error) -> String {
    let kind = match e.classify() {
        serde_json::error::Category::Io => "I/O error",
        serde_json::error::Category::Syntax => "invalid JSON",
        serde_json::error::Category::Data => "field missing or of the wrong type",
        serde_json::error::Category::Eof => "truncated JSON",
    };
    format!("{kind} at line {} column {}", e.line(), e.column())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_reason_never_quotes_the_value() {
        let e = serde_json::from_str::<bool>(r#""s3cr3t-value""#).unwrap_err();
        assert!(
            e.to_string().contains("s3cr3t"),
            "serde_json quotes values: {e}"
        );
        let reason = json_reason(&e);
        assert!(!reason.contains("s3cr3t"), "{reason}");
        assert!(
            reason.starts_with("field missing or of the wrong type"),
            "{reason}"
        );
    }
}
