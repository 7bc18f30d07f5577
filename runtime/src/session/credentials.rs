//! Where a session's credentials come from: one trait, [`CredentialSource`], and the
//! sources NetServer knows: an existing ticket, a user name and password, an OpenID
//! Connect access token (and, with feature `online`, a system user).
//!
//! On the SOAP wire every source ends in a ticket (the `Credentials` header). On the REST
//! wire a ticket goes as `Authorization: SOTicket`; an access token is sent as it is
//! (`Bearer`), without the exchange; a user name and password still get a ticket from
//! `SoPrincipal` (the Agents API has no login operation), or go as `Basic` when asked for
//! ([`UsernamePassword::basic`], onsite only).

use std::fmt;

use super::Principal;
use crate::client::Shared;
use crate::transport::BoxFuture;
use crate::wire::{AuthScheme, Wire};
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

/// What a login produced: the credential (a ticket, or on the REST wire a bearer token or
/// a user name and password), and who it is for when the source learnt that. `Debug`
/// shows no secret.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Login {
    /// The credential: a ticket (`7T:...`) for the `Credentials` SOAP header and REST's
    /// `Authorization: SOTicket`; or, as `scheme` says, an access token (`Bearer`) or
    /// `user:password` (`Basic`), which only the REST wire sends.
    pub ticket: Secret,
    /// How the credential is sent ([`AuthScheme::SoTicket`] for a ticket).
    pub scheme: AuthScheme,
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
            scheme: AuthScheme::SoTicket,
            principal: None,
            #[cfg(feature = "online")]
            claims: None,
        }
    }

    /// An access token sent as it is, `Authorization: Bearer <token>` (REST wire only).
    pub fn bearer(token: Secret) -> Self {
        Login {
            scheme: AuthScheme::Bearer,
            ..Login::new(token)
        }
    }

    /// A user name and password sent with every call, `Authorization: Basic` (REST wire,
    /// onsite only). A user name holding `:` cannot be sent so ([`Error::Config`]).
    pub fn basic(user: &str, password: &Secret) -> Result<Self, Error> {
        if user.contains(':') {
            return Err(Error::Config(
                "a user name for Basic authentication cannot hold ':'".into(),
            ));
        }
        Ok(Login {
            scheme: AuthScheme::Basic,
            ..Login::new(Secret::new(format!("{user}:{}", password.expose())))
        })
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
/// the call that needs a ticket, the wire calls go over, and the session's transport.
pub struct LoginContext<'a> {
    /// The NetServer site, the URL before `/Remote/`, such as `https://sod2.superoffice.com/Cust12345`.
    pub site: &'a str,
    /// The version of the call that needs a ticket, such as `Services88`.
    pub version: &'a str,
    /// That version's namespace, such as `http://www.superoffice.net/ws/crm/NetServer/Services88`.
    pub namespace: &'a str,
    /// The wire the session's calls go over: on [`Wire::Rest`] a source may return a
    /// bearer token or Basic credentials ([`Login::bearer`], [`Login::basic`]).
    pub wire: Wire,
    /// Whether the session is with SuperOffice Online (where Basic is not accepted).
    pub(crate) online: bool,
    pub(crate) shared: &'a Shared,
}

impl fmt::Debug for LoginContext<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginContext")
            .field("site", &self.site)
            .field("version", &self.version)
            .field("wire", &self.wire)
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
/// the version in use (on either wire: the Agents API has no login operation), or, when
/// asked for with [`basic`](Self::basic), sent with every REST call as
/// `Authorization: Basic`.
#[derive(Debug, Clone)]
pub struct UsernamePassword {
    user: Secret,
    password: Secret,
    basic: bool,
}

impl UsernamePassword {
    /// The SuperOffice user name and password.
    pub fn new(user: impl Into<String>, password: impl Into<String>) -> Self {
        UsernamePassword {
            // The user name is not secret, but it is personal data: kept out of logs too.
            user: Secret::new(user),
            password: Secret::new(password),
            basic: false,
        }
    }

    /// On the REST wire, sends the user name and password with every call
    /// (`Authorization: Basic`, which onsite NetServer accepts) instead of logging in for
    /// a ticket: no `SoPrincipal` call, so no SOAP service is needed. Onsite only (a
    /// session with SuperOffice Online fails to log in with [`Error::Config`]); the SOAP
    /// wire, which takes tickets only, still logs in through `SoPrincipal`.
    pub fn basic(mut self) -> Self {
        self.basic = true;
        self
    }
}

impl CredentialSource for UsernamePassword {
    fn login<'a>(&'a self, ctx: &'a LoginContext<'a>) -> BoxFuture<'a, Result<Login, Error>> {
        Box::pin(async move {
            if self.basic && ctx.wire == Wire::Rest {
                if ctx.online {
                    return Err(Error::Config(
                        "Basic authentication is for onsite NetServer only: SuperOffice \
                         Online takes a ticket or an access token"
                            .into(),
                    ));
                }
                return Login::basic(self.user.expose(), &self.password);
            }
            let params = [("UserName", &self.user), ("Password", &self.password)];
            ctx.so_principal("AuthenticateUsernamePassword", &params)
                .await
        })
    }
}

/// An OpenID Connect access token (`8A:...`, SuperOffice Online), obtained by the
/// application's own OAuth flow: sent as it is on the REST wire, exchanged for a ticket on
/// the SOAP wire.
///
/// NetServer's SOAP services authenticate by the `Credentials/Ticket` header their WSDL
/// declares, so over SOAP the session exchanges the token once for a ticket
/// (`SoPrincipal.AuthenticateWithAccessToken`) and sends the ticket. The REST wire takes
/// the token itself, `Authorization: Bearer <token>`: no exchange, and no principal
/// ([`Session::principal`](crate::Session::principal) stays `None`). Access tokens live
/// about an hour: after that, renewing fails ([`Error::LoginFailed`] over SOAP; over REST
/// the repeated call's 401); give the session a source that refreshes the token (a
/// [`CredentialSource`] of your own returning [`Login::bearer`]).
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
            if ctx.wire == Wire::Rest {
                return Ok(Login::bearer(self.0.clone()));
            }
            let params = [("AccessToken", &self.0)];
            ctx.so_principal("AuthenticateWithAccessToken", &params)
                .await
        })
    }
}
