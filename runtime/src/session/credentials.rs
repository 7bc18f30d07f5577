//! Where a session's tickets come from: one trait, [`CredentialSource`], and the sources
//! NetServer knows: an existing ticket, a user name and password, an OpenID Connect access
//! token (and, with feature `online`, a system user).

use std::fmt;

use super::Principal;
use crate::client::Shared;
use crate::transport::BoxFuture;
use crate::{Error, Secret};

/// Obtains tickets for a [`Session`](crate::Session). Called before the first call and
/// whenever the ticket was refused as expired; never per call. Implement it to add your
/// own (a refresh-token flow, a ticket from a web panel's URL).
///
/// ```
/// use sogen_runtime::{BoxFuture, CredentialSource, Error, Login, LoginContext, Secret};
///
/// /// A ticket read from a file another process keeps fresh.
/// #[derive(Debug)]
/// struct TicketFile(std::path::PathBuf);
///
/// impl CredentialSource for TicketFile {
///     fn login<'a>(&'a self, _ctx: &'a LoginContext<'a>) -> BoxFuture<'a, Result<Login, Error>> {
///         Box::pin(async move {
///             let ticket = std::fs::read_to_string(&self.0)
///                 .map_err(|e| Error::Config(format!("cannot read the ticket file: {e}")))?;
///             Ok(Login::new(Secret::new(ticket.trim())))
///         })
///     }
/// }
/// ```
pub trait CredentialSource: Send + Sync + fmt::Debug {
    /// Logs in and returns the ticket. A rejected login is an error
    /// ([`Error::LoginFailed`]), never a ticket-less success.
    fn login<'a>(&'a self, ctx: &'a LoginContext<'a>) -> BoxFuture<'a, Result<Login, Error>>;
}

/// What a login produced: the ticket, and who it is for when the source learnt that.
/// `Debug` shows no ticket.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Login {
    /// The ticket (`7T:...`) for the `Credentials` header.
    pub ticket: Secret,
    /// Who logged in, as `SoPrincipal` answered (user name and password, access token).
    pub principal: Option<Principal>,
    /// The claims of the system user's validated JWT (feature `online`).
    #[cfg(feature = "online")]
    pub claims: Option<crate::online::Claims>,
}

impl Login {
    /// A login that produced `ticket`.
    pub fn new(ticket: Secret) -> Self {
        Login {
            ticket,
            principal: None,
            #[cfg(feature = "online")]
            claims: None,
        }
    }

    /// With who logged in, as `SoPrincipal` answered.
    pub fn with_principal(mut self, principal: Option<Principal>) -> Self {
        self.principal = principal;
        self
    }

    /// With the claims of a validated JWT (feature `online`).
    #[cfg(feature = "online")]
    pub fn with_claims(mut self, claims: crate::online::Claims) -> Self {
        self.claims = Some(claims);
        self
    }
}

/// What a [`CredentialSource`] may use to log in: where the NetServer is, the version of
/// the call that needs a ticket, and the session's transport.
pub struct LoginContext<'a> {
    /// The NetServer site, the URL before `/Remote/`, such as `https://sod2.superoffice.com/Cust12345`.
    pub site: &'a str,
    /// The version of the call that needs a ticket, such as `Services88`.
    pub version: &'a str,
    /// That version's namespace, such as `http://www.superoffice.net/ws/crm/NetServer/Services88`.
    pub namespace: &'a str,
    pub(crate) shared: &'a Shared,
}

impl fmt::Debug for LoginContext<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginContext")
            .field("site", &self.site)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

impl LoginContext<'_> {
    /// Calls `SoPrincipal.<operation>` of the version in use with `params` (element name,
    /// value) and returns the ticket and the [`Principal`] of its `AuthenticateResponse`; a
    /// response whose `AuthenticationSucceeded` is false, or that carries no ticket, is
    /// [`Error::LoginFailed`] (with the `ExceptionInfo` the server sent, if any).
    pub async fn so_principal(
        &self,
        operation: &str,
        params: &[(&str, &Secret)],
    ) -> Result<Login, Error> {
        super::so_principal::authenticate(self, operation, params).await
    }
}

/// A ticket obtained elsewhere (today's behaviour without a session). When it expires
/// the session cannot renew it: the call fails with the server's error.
#[derive(Debug, Clone)]
pub struct ExistingTicket(pub Secret);

impl ExistingTicket {
    /// The ticket `7T:...`.
    pub fn new(ticket: impl Into<String>) -> Self {
        ExistingTicket(Secret::new(ticket))
    }
}

impl CredentialSource for ExistingTicket {
    fn login<'a>(&'a self, _ctx: &'a LoginContext<'a>) -> BoxFuture<'a, Result<Login, Error>> {
        let ticket = self.0.clone();
        Box::pin(async move { Ok(Login::new(ticket)) })
    }
}

/// An onsite user name and password, through `SoPrincipal.AuthenticateUsernamePassword` of
/// the version in use.
#[derive(Debug, Clone)]
pub struct UsernamePassword {
    user: Secret,
    password: Secret,
}

impl UsernamePassword {
    /// The SuperOffice user name and password.
    pub fn new(user: impl Into<String>, password: impl Into<String>) -> Self {
        UsernamePassword {
            // The user name is not secret, but it is personal data: kept out of logs too.
            user: Secret::new(user),
            password: Secret::new(password),
        }
    }
}

impl CredentialSource for UsernamePassword {
    fn login<'a>(&'a self, ctx: &'a LoginContext<'a>) -> BoxFuture<'a, Result<Login, Error>> {
        Box::pin(async move {
            let params = [("UserName", &self.user), ("Password", &self.password)];
            ctx.so_principal("AuthenticateUsernamePassword", &params)
                .await
        })
    }
}

/// An OpenID Connect access token (`8A:...`, SuperOffice Online), obtained by the
/// application's own OAuth flow, exchanged for a ticket through
/// `SoPrincipal.AuthenticateWithAccessToken`.
///
/// NetServer's SOAP services authenticate by the `Credentials/Ticket` header their WSDL
/// declares; `Authorization: Bearer` is how its REST WebApi takes an access token. So the
/// session exchanges the token once for a ticket and sends the ticket. Access tokens live
/// about an hour: after that, renewing fails with [`Error::LoginFailed`]; give the
/// session a source that refreshes the token (a [`CredentialSource`] of your own).
#[derive(Debug, Clone)]
pub struct AccessToken(pub Secret);

impl AccessToken {
    /// The access token.
    pub fn new(token: impl Into<String>) -> Self {
        AccessToken(Secret::new(token))
    }
}

impl CredentialSource for AccessToken {
    fn login<'a>(&'a self, ctx: &'a LoginContext<'a>) -> BoxFuture<'a, Result<Login, Error>> {
        Box::pin(async move {
            let params = [("AccessToken", &self.0)];
            ctx.so_principal("AuthenticateWithAccessToken", &params)
                .await
        })
    }
}
