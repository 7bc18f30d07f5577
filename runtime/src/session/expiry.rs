//! When a call failed because its ticket is not (or no longer) valid: one documented
//! predicate, [`ticket_rejected`], that a session uses to log in again and that users can
//! replace ([`SessionBuilder::expired_when`](super::SessionBuilder::expired_when)).
//!
//! What NetServer sends: a call it cannot authenticate fails in the server's session
//! layer, which throws `SuperOffice.Exceptions.SoSessionException` ("Authentication
//! failed!", SuperOffice's NetServer documentation of `SoSession.Authenticate`); the SOAP
//! services report it as an `ExceptionInfo` header with `Succeeded=false` (or as a SOAP
//! fault from an older front end), and IIS in front of NetServer answers 401 when it
//! refuses the request itself. The REST Agents API refuses credentials with 401 (the
//! .NET client `SuperOffice.WebApi` "waits for an access denied response", then renews
//! them and repeats the request once), with or without an error object.

use crate::soap::{ExceptionInfo, SoapFault};
use crate::Error;

/// Whether `e` says the server refused the call's credentials (an expired or unknown
/// ticket, an expired access token): an `ExceptionInfo` or fault (over REST: an error
/// object) naming `SoSessionException` (or an authentication or credentials exception),
/// or saying "authentication failed" or that the ticket is expired or invalid; or HTTP
/// 401, whatever the body.
///
/// ```
/// use sogen_runtime::{session::ticket_rejected, Error, ExceptionInfo};
/// let expired = Error::SuperOffice(Box::new(ExceptionInfo {
///     exception_type: "SoSessionException".into(),
///     message: "Authentication failed!".into(),
///     ..Default::default()
/// }.into()));
/// assert!(ticket_rejected(&expired));
/// let other = Error::SuperOffice(Box::new(ExceptionInfo {
///     exception_type: "SoIllegalOperationException".into(),
///     message: "Cannot delete a person with appointments".into(),
///     ..Default::default()
/// }.into()));
/// assert!(!ticket_rejected(&other));
/// ```
pub fn ticket_rejected(e: &Error) -> bool {
    if e.http_status() == Some(401) {
        return true;
    }
    match e {
        Error::SuperOffice(x) => exception_says_so(x),
        Error::Fault(f) => fault_says_so(f),
        Error::Http { status: 401, .. } => true,
        _ => false,
    }
}

const EXCEPTION_TYPES: &[&str] = &[
    "SoSessionException",
    "SoAuthenticationException",
    "SoCredentialsException",
];

fn text_says_so(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    t.contains("authentication failed")
        || (t.contains("ticket")
            && ["expired", "invalid", "not valid", "unknown"]
                .iter()
                .any(|w| t.contains(w)))
}

fn exception_says_so(x: &ExceptionInfo) -> bool {
    let mut current = Some(x);
    // Bounded by how deep the decoder accepts nesting.
    while let Some(x) = current {
        let named = EXCEPTION_TYPES
            .iter()
            .any(|t| x.exception_type.ends_with(t));
        if named || text_says_so(&x.message) {
            return true;
        }
        current = x.inner.as_deref();
    }
    false
}

fn fault_says_so(f: &SoapFault) -> bool {
    let in_detail = f
        .detail
        .as_deref()
        .is_some_and(|d| EXCEPTION_TYPES.iter().any(|t| d.contains(t)));
    in_detail || text_says_so(&f.reason)
}

impl Error {
    /// Whether this is an authentication failure: a refused login
    /// ([`Error::LoginFailed`]), or a call refused for its credentials
    /// ([`ticket_rejected`]).
    pub fn is_authentication(&self) -> bool {
        matches!(self, Error::LoginFailed { .. }) || ticket_rejected(self)
    }
}
