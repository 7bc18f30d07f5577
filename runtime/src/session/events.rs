//! What a session says about its logins: why it logged in ([`LoginCause`]), the event a
//! hook gets after each login ([`LoginEvent`], for metrics), and the `tracing` events
//! (`INFO` when it logs in again).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::Error;

/// Why a session logged in.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoginCause {
    /// The session had no ticket: its first login (before the first call, or
    /// [`Session::login_for`](super::Session::login_for)), or the first after a failed one.
    NoTicket,
    /// The server refused the ticket a call sent (expired, unknown): the session logged in
    /// again and repeated the call once.
    TicketRejected {
        /// The refused call's operation, such as `GetChatMessages`.
        operation: &'static str,
        /// How the server said so: the exception type (`SoSessionException`), `SOAP fault`
        /// or `HTTP 401` (never text the server chose, which could quote a secret).
        reason: String,
    },
}

impl LoginCause {
    /// The call of `operation` failed with `e`, which says its ticket was refused.
    pub(crate) fn rejected(operation: &'static str, e: &Error) -> Self {
        let reason = match e {
            Error::SuperOffice(x) if is_type_name(&x.exception_type) => {
                let short = x.exception_type.rsplit('.').next();
                short.unwrap_or_default().to_owned()
            }
            Error::SuperOffice(_) => "SuperOffice error".to_owned(),
            Error::Fault(_) => "SOAP fault".to_owned(),
            Error::Http { status, .. } => format!("HTTP {status}"),
            _ => "refused".to_owned(),
        };
        LoginCause::TicketRejected { operation, reason }
    }
}

/// Whether `text` looks like a .NET type name (and so holds no ticket or token).
fn is_type_name(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 200
        && (text.chars()).all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '`'))
}

impl fmt::Display for LoginCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoginCause::NoTicket => f.write_str("no ticket yet"),
            LoginCause::TicketRejected { operation, reason } => {
                write!(f, "{operation} was refused for its ticket ({reason})")
            }
        }
    }
}

/// One login of a session, as its [`on_login`](super::SessionBuilder::on_login) hook gets
/// it: after every login, the first included, whether it succeeded or not.
#[derive(Debug)]
#[non_exhaustive]
pub struct LoginEvent<'a> {
    /// Why the session logged in.
    pub cause: &'a LoginCause,
    /// Why it failed, or `None` when it succeeded.
    pub error: Option<&'a Error>,
    /// The attempts it took (more than 1 when transient failures were retried under the
    /// session's [`RetryPolicy`](crate::RetryPolicy)).
    pub attempts: u32,
    /// From the first attempt to the outcome, waits included.
    pub elapsed: Duration,
    /// The logins this session has made, this one included.
    pub logins: u64,
}

/// A session's login hook.
pub(crate) type LoginHook = Arc<dyn Fn(&LoginEvent<'_>) + Send + Sync>;

/// Tells `tracing` and the hook about a login that ended: `DEBUG` for the first one,
/// `INFO` for every later one (a login again), with the cause.
pub(crate) fn report(event: &LoginEvent<'_>, hook: Option<&LoginHook>) {
    let elapsed_ms = event.elapsed.as_millis() as u64;
    let (cause, attempts, logins) = (event.cause, event.attempts, event.logins);
    match (event.error, logins) {
        (None, 1) => tracing::debug!(%cause, attempts, elapsed_ms, "logged in"),
        (None, _) => tracing::info!(%cause, attempts, elapsed_ms, logins, "logged in again"),
        (Some(error), 1) => tracing::debug!(%cause, attempts, %error, "login failed"),
        (Some(error), _) => {
            tracing::info!(%cause, attempts, logins, %error, "logging in again failed")
        }
    }
    if let Some(hook) = hook {
        hook(event);
    }
}
