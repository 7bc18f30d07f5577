//! The Online system user as a session's [`CredentialSource`]: one exchange at the
//! environment's login service per ticket, its JWT validated against the cached JWKS.

use super::credentials::{CredentialSource, Login, LoginContext};
use crate::online::{Jwks, OnlineHttp, SystemUser};
use crate::transport::BoxFuture;
use crate::Error;

/// Logs in as a system user (SuperOffice Online, non-interactive integrations).
///
/// Every exchange creates a credentials record on the tenant's server, so the session
/// exchanges once and reuses the ticket (it lives for hours with sliding expiry) until the
/// server refuses it; never per call.
#[derive(Debug)]
pub struct SystemUserCredentials {
    user: SystemUser,
    jwks: Jwks,
    http: OnlineHttp,
}

impl SystemUserCredentials {
    /// Credentials for `user`, validating its JWTs against the JWKS of its environment.
    pub fn new(user: SystemUser) -> Result<Self, Error> {
        Ok(SystemUserCredentials {
            jwks: Jwks::new(&user.environment),
            http: OnlineHttp::new()?,
            user,
        })
    }

    /// As [`new`](Self::new), with an HTTP client of your own (timeouts, size cap).
    pub fn with_http(user: SystemUser, http: OnlineHttp) -> Self {
        SystemUserCredentials {
            jwks: Jwks::new(&user.environment),
            http,
            user,
        }
    }
}

impl CredentialSource for SystemUserCredentials {
    fn login<'a>(&'a self, _ctx: &'a LoginContext<'a>) -> BoxFuture<'a, Result<Login, Error>> {
        Box::pin(async move {
            match self.user.authenticate(&self.http, &self.jwks).await {
                Ok(ticket) => Ok(Login::new(ticket.ticket).with_claims(ticket.claims)),
                Err(crate::online::OnlineError::Rejected { message }) => Err(Error::LoginFailed {
                    message: format!("system user rejected by the login service: {message}"),
                    exception: None,
                }),
                Err(e) => Err(e.into()),
            }
        })
    }
}
