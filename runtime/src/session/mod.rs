//! [`Session`]: log in and stay logged in. A session owns the credentials, finds the
//! NetServer (a fixed site onsite, the tenant's current endpoint in SuperOffice Online),
//! and hands out agents of any generated version that always send its current ticket.
//!
//! ```no_run
//! # async fn demo() -> Result<(), sogen_runtime::Error> {
//! use sogen_runtime::{Session, UsernamePassword};
//! let session = Session::onsite("https://crm.example.com/SuperOffice")
//!     .credentials(UsernamePassword::new("jane", "secret"))
//!     .build()?;
//! // let chat: generated::services88::ChatAgent = session.agent();
//! // chat.get_chat_messages(7, 0).await?;   // logs in first, again when the ticket expires
//! # let _ = session; Ok(()) }
//! ```
//!
//! - **Tickets.** The first call logs in; every call sends the ticket current when it is
//!   sent. When a call fails because the ticket is no longer valid ([`Error::is_authentication`],
//!   or the predicate given to [`SessionBuilder::expired_when`]), the session logs in once
//!   more and repeats that call once: safe, because the server refused it before doing
//!   anything. Calls that hit expiry together cause one login, not one each. Credentials
//!   that keep failing end with the error; nothing loops.
//! - **Logins.** A login may be repeated: with a [`RetryPolicy`](crate::RetryPolicy) on the
//!   session ([`SessionBuilder::retry`]), its transient failures (a connection refused,
//!   reset or broken; HTTP 408, 429, 502, 503, 504) are retried under that policy. Each
//!   login ends in a `tracing` event (`DEBUG` for the first, `INFO` with its
//!   [`LoginCause`] for every later one) and a call of the [`on_login`](SessionBuilder::on_login)
//!   hook, for metrics.
//! - **Who.** After a login, [`Session::principal`] is who `SoPrincipal` said logged in
//!   (associate id, name, ...) and, for a system user (feature `online`), `Session::claims`
//!   the claims of its validated JWT.
//! - **Endpoints.** Onsite, the site is fixed. Online ([`Session::online`], feature
//!   `online`), the tenant's endpoint comes from SuperOffice's tenant state API: before the
//!   first call, again once its `ValidUntil` has passed, and after a `421 Misdirected
//!   Request`, a `503 Service Unavailable` or a connect failure (once per call: the refused
//!   call is repeated once at a new endpoint, without a new login; at the same endpoint a
//!   503 goes on as the call's error, retried when a policy says so). A tenant that is not
//!   running is [`Error::TenantNotRunning`]. One lookup at a time, at most one a second
//!   for each cause, however many calls ask. The endpoint must be one the environment
//!   allows ([`Environment::check_endpoint`](crate::online::Environment::check_endpoint)):
//!   `https` on SuperOffice's domain for `sod`, `stage` and `online`.
//! - **Sharing.** A session is cheap to clone and safe to share across tasks; all its agents
//!   share one connection pool and one cap on requests in flight.
//! - **Versions.** One session serves every generated version (84-88 and later): a call's
//!   version comes from its operation's namespace (`.../NetServer/Services88`), and the
//!   login goes through `SoPrincipal` of that version.
//! - **Wires.** On the REST wire ([`SessionBuilder::wire`]) calls go to
//!   `{site}/api/v1/Agents/...` (Online: of the tenant's endpoint, looked up and followed
//!   as above). A ticket is sent as `Authorization: SOTicket`, an access token as
//!   `Bearer` without an exchange, a user name and password get a ticket from
//!   `SoPrincipal` (or go as `Basic`: [`UsernamePassword::basic`]); the application token
//!   as `SO-AppToken`. A 401 means the credentials are no longer valid: one login, and
//!   the call repeated once, as over SOAP.

mod credentials;
mod events;
mod expiry;
mod principal;
mod so_principal;
#[cfg(feature = "online")]
mod system_user;
#[cfg(feature = "online")]
mod tenant;

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use crate::call::wait_to_retry;
use crate::client::{settings_setters, Agent, Client, OperationInfo, Settings, Shared, Target};
use crate::retry;
use crate::wire::Credential;
use crate::Error;

pub use credentials::{
    AccessToken, CredentialSource, ExistingTicket, Login, LoginContext, UsernamePassword,
};
pub use events::{LoginCause, LoginEvent};
pub use expiry::ticket_rejected;
pub use principal::Principal;
#[cfg(feature = "online")]
pub use system_user::SystemUserCredentials;

/// A logged-in connection to one NetServer: see the [module docs](self).
#[derive(Clone)]
pub struct Session {
    core: Arc<Core>,
    /// The one client every agent of this session calls through.
    client: Client,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.core.fmt(f)
    }
}

impl Session {
    /// A session with an onsite NetServer at `site`, the URL before `/Remote/`, such as
    /// `https://crm.example.com/SuperOffice` (calls go to
    /// `{site}/Remote/Services88/Chat.svc`).
    pub fn onsite(site: impl Into<String>) -> SessionBuilder {
        SessionBuilder::new(EndpointConfig::Site(site.into()))
    }

    /// A session with the SuperOffice Online tenant `context_identifier` (`Cust12345`) of
    /// `environment` (`sod`, `stage`, `online`), whose endpoint the session looks up.
    #[cfg(feature = "online")]
    pub fn online(
        environment: crate::online::Environment,
        context_identifier: impl Into<String>,
    ) -> SessionBuilder {
        SessionBuilder::new(EndpointConfig::Tenant {
            environment,
            context_identifier: context_identifier.into(),
        })
    }

    /// A client of this session, for any version: hand it to a generated agent's `new`.
    pub fn client(&self) -> Client {
        self.client.clone()
    }

    /// A generated agent of any version calling through this session.
    pub fn agent<A: Agent>(&self) -> A {
        A::from_client(self.client())
    }

    /// Logs in now through `SoPrincipal` of the version of agent `A` (such as
    /// `session.login_for::<ChatAgent>()`), unless the session already has a ticket: to
    /// check the credentials, and learn who they are for ([`principal`](Self::principal)),
    /// before the first call.
    pub async fn login_for<A: Agent>(&self) -> Result<(), Error> {
        let op = OperationInfo {
            agent: "SoPrincipal",
            service_path: "SoPrincipal.svc",
            name: "Login",
            action: "",
            soap: crate::SoapVersion::Soap11,
            namespace: A::NAMESPACE,
            headers: crate::DeclaredHeaders::ALL,
        };
        self.core.ticket(&op).await.map(|_| ())
    }

    /// How many logins this session has made (for monitoring; each is a round trip and,
    /// for a system user, a credentials record on the server).
    pub fn logins(&self) -> u64 {
        self.core.state().logins
    }

    /// Who the session is logged in as, as `SoPrincipal` answered its last successful
    /// login (user name and password, access token): associate id, login name, full name,
    /// ... `None` before the first login, and for sources that do not call `SoPrincipal`
    /// (an existing ticket, a system user: see `claims`).
    pub fn principal(&self) -> Option<Principal> {
        self.core.state().principal.clone()
    }

    /// The claims of the validated JWT of the last successful system user login (feature
    /// `online`): `None` before it, and for other sources.
    #[cfg(feature = "online")]
    pub fn claims(&self) -> Option<crate::online::Claims> {
        self.core.state().claims.clone()
    }
}

/// How a session finds its NetServer.
#[derive(Debug)]
enum EndpointConfig {
    Site(String),
    #[cfg(feature = "online")]
    Tenant {
        environment: crate::online::Environment,
        context_identifier: String,
    },
}

/// The predicate that tells an expired ticket from other errors.
type ExpiryPredicate = Arc<dyn Fn(&Error) -> bool + Send + Sync>;

/// Configures a [`Session`].
pub struct SessionBuilder {
    endpoint: EndpointConfig,
    credentials: Option<Box<dyn CredentialSource>>,
    expired: ExpiryPredicate,
    on_login: Option<events::LoginHook>,
    settings: Settings,
}

impl fmt::Debug for SessionBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionBuilder")
            .field("endpoint", &self.endpoint)
            .field("credentials", &self.credentials)
            .field("settings", &self.settings)
            .finish()
    }
}

impl SessionBuilder {
    fn new(endpoint: EndpointConfig) -> Self {
        SessionBuilder {
            endpoint,
            credentials: None,
            expired: Arc::new(ticket_rejected),
            on_login: None,
            settings: Settings::default(),
        }
    }

    settings_setters!();

    /// Where tickets come from: [`UsernamePassword`], [`ExistingTicket`], [`AccessToken`],
    /// `SystemUserCredentials` (feature `online`), or your own [`CredentialSource`].
    pub fn credentials(mut self, source: impl CredentialSource + 'static) -> Self {
        self.credentials = Some(Box::new(source));
        self
    }

    /// Replaces the rule that says a call failed because its ticket is no longer valid
    /// (default: [`ticket_rejected`]). The session then logs in again and repeats the call
    /// once.
    pub fn expired_when(
        mut self,
        predicate: impl Fn(&Error) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.expired = Arc::new(predicate);
        self
    }

    /// Calls `hook` after every login the session makes (the first, each one after an
    /// expired ticket, failed ones), with why, how it went, how many attempts and how long
    /// it took: for metrics. Runs on the task that logged in, so it should return quickly.
    ///
    /// ```no_run
    /// use std::sync::atomic::{AtomicU64, Ordering};
    /// use std::sync::Arc;
    /// use sogen_runtime::{LoginCause, Session, UsernamePassword};
    /// let relogins = Arc::new(AtomicU64::new(0));
    /// let counter = relogins.clone();
    /// let session = Session::onsite("https://crm.example.com/SuperOffice")
    ///     .credentials(UsernamePassword::new("jane", "secret"))
    ///     .on_login(move |event| {
    ///         if matches!(event.cause, LoginCause::TicketRejected { .. }) {
    ///             counter.fetch_add(1, Ordering::Relaxed);
    ///         }
    ///     })
    ///     .build()?;
    /// # let _ = session; Ok::<(), sogen_runtime::Error>(())
    /// ```
    pub fn on_login(mut self, hook: impl Fn(&LoginEvent<'_>) + Send + Sync + 'static) -> Self {
        self.on_login = Some(Arc::new(hook));
        self
    }

    /// Validates the settings and builds the session (nothing is sent yet).
    pub fn build(self) -> Result<Session, Error> {
        let Some(credentials) = self.credentials else {
            return Err(Error::Config(
                "a session needs credentials: call SessionBuilder::credentials".into(),
            ));
        };
        let endpoint = match self.endpoint {
            EndpointConfig::Site(site) => {
                let site = site.trim_end_matches('/').to_owned();
                if !(site.starts_with("http://") || site.starts_with("https://")) {
                    return Err(Error::Config(format!(
                        "the site URL must start with http:// or https://, got {site:?}"
                    )));
                }
                Endpoint::Site(site)
            }
            #[cfg(feature = "online")]
            EndpointConfig::Tenant {
                environment,
                context_identifier,
            } => Endpoint::Tenant(Box::new(tenant::TenantEndpoint::new(
                environment,
                context_identifier,
            )?)),
        };
        let shared = Arc::new(self.settings.build()?);
        let core = Arc::new(Core {
            shared: shared.clone(),
            endpoint,
            credentials,
            expired: self.expired,
            on_login: self.on_login,
            state: Mutex::new(TicketState::default()),
            login: tokio::sync::Mutex::new(()),
        });
        let client = Client::from_parts(Target::Session(core.clone(), None), shared);
        Ok(Session { core, client })
    }
}

/// Where a session's calls go.
#[derive(Debug)]
enum Endpoint {
    Site(String),
    #[cfg(feature = "online")]
    Tenant(Box<tenant::TenantEndpoint>),
}

#[derive(Debug, Default)]
struct TicketState {
    ticket: Option<Credential>,
    /// Raised by every login, so that calls that saw an older ticket know it was renewed.
    generation: u64,
    logins: u64,
    /// Why the last login failed, for the calls that waited on it (without secrets).
    failure: Option<String>,
    /// Who the last successful login was for.
    principal: Option<Principal>,
    #[cfg(feature = "online")]
    claims: Option<crate::online::Claims>,
}

/// What a session's clients share: see [`Session`].
pub(crate) struct Core {
    pub(crate) shared: Arc<Shared>,
    endpoint: Endpoint,
    credentials: Box<dyn CredentialSource>,
    expired: ExpiryPredicate,
    on_login: Option<events::LoginHook>,
    state: Mutex<TicketState>,
    /// Held while logging in: calls that hit expiry together wait for one login.
    login: tokio::sync::Mutex<()>,
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state();
        f.debug_struct("Session")
            .field("endpoint", &self.endpoint)
            .field("credentials", &self.credentials)
            .field("ticket", &state.ticket)
            .field("logins", &state.logins)
            .finish_non_exhaustive()
    }
}

impl Core {
    fn state(&self) -> std::sync::MutexGuard<'_, TicketState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The NetServer site (the URL before `/Remote/`) and the generation of that answer.
    pub(crate) async fn site(&self) -> Result<(String, u64), Error> {
        match &self.endpoint {
            Endpoint::Site(site) => Ok((site.clone(), 0)),
            #[cfg(feature = "online")]
            Endpoint::Tenant(t) => t.site().await,
        }
    }

    /// Whether `e` says the endpoint may have moved or stopped (a 421, a 503, a connect
    /// failure): only an endpoint the session looks up can.
    pub(crate) fn endpoint_may_have_moved(&self, e: &Error) -> bool {
        match &self.endpoint {
            Endpoint::Site(_) => {
                let _ = e;
                false
            }
            #[cfg(feature = "online")]
            // By status, whatever the body (a SOAP fault, a REST error object).
            Endpoint::Tenant(_) => {
                matches!(e.http_status(), Some(421 | 503)) || matches!(e, Error::Connect { .. })
            }
        }
    }

    /// The endpoint of generation `seen` refused a call: looks it up again (once for all
    /// the calls that saw it); whether it changed.
    pub(crate) async fn endpoint_refused(&self, seen: u64) -> Result<bool, Error> {
        match &self.endpoint {
            Endpoint::Site(_) => {
                let _ = seen;
                Ok(false)
            }
            #[cfg(feature = "online")]
            Endpoint::Tenant(t) => t.refused(seen).await,
        }
    }

    /// Whether `e` means the ticket is no longer valid.
    pub(crate) fn is_expired(&self, e: &Error) -> bool {
        (self.expired)(e)
    }

    /// The current credential and its generation, logging in first when there is none.
    pub(crate) async fn ticket(&self, op: &OperationInfo) -> Result<(Credential, u64), Error> {
        loop {
            let seen = {
                let state = self.state();
                if let Some(t) = &state.ticket {
                    return Ok((t.clone(), state.generation));
                }
                state.generation
            };
            self.renew(seen, op, LoginCause::NoTicket).await?;
        }
    }

    /// A call with the ticket of generation `seen` was refused as expired (or there was
    /// none): logs in again, unless another call already did since (then its ticket is
    /// used).
    pub(crate) async fn renew(
        &self,
        seen: u64,
        op: &OperationInfo,
        cause: LoginCause,
    ) -> Result<(), Error> {
        let _one_at_a_time = self.login.lock().await;
        {
            let state = self.state();
            if state.generation != seen {
                // Another call logged in while this one waited: its outcome is this one's.
                if state.ticket.is_some() {
                    return Ok(());
                }
                if let Some(why) = &state.failure {
                    return Err(Error::LoginFailed {
                        message: format!("the login of a concurrent call failed: {why}"),
                        exception: None,
                    });
                }
            }
        }
        let (site, _) = self.site().await?;
        let ctx = LoginContext {
            site: &site,
            version: version_of(op.namespace),
            namespace: op.namespace,
            wire: self.shared.wire,
            online: !matches!(self.endpoint, Endpoint::Site(_)),
            shared: &self.shared,
        };
        let started = Instant::now();
        let (login, attempts) = self.login_retried(&ctx, started).await;
        let logins = {
            let mut state = self.state();
            state.logins += 1;
            state.generation += 1;
            match &login {
                Ok(login) => {
                    state.ticket = Some(Credential {
                        scheme: login.scheme,
                        value: login.ticket.clone(),
                    });
                    state.failure = None;
                    state.principal.clone_from(&login.principal);
                    #[cfg(feature = "online")]
                    state.claims.clone_from(&login.claims);
                }
                Err(e) => {
                    // The old ticket is known bad: the next call logs in afresh.
                    state.ticket = None;
                    state.failure = Some(e.to_string());
                }
            }
            state.logins
        };
        let event = LoginEvent {
            cause: &cause,
            error: login.as_ref().err(),
            attempts,
            elapsed: started.elapsed(),
            logins,
        };
        events::report(&event, self.on_login.as_ref());
        login.map(|_| ())
    }

    /// The credential source's login, repeated under the session's retry policy while it
    /// fails transiently (a login may be repeated); with the attempts it took.
    async fn login_retried(
        &self,
        ctx: &LoginContext<'_>,
        started: Instant,
    ) -> (Result<Login, Error>, u32) {
        let policy = self.shared.retry;
        let until = policy.until(started);
        let mut attempt = 1;
        loop {
            let login = self.credentials.login(ctx).await.and_then(non_blank);
            if let Err(e) = &login {
                if let Some(transient) = retry::transient_login(e) {
                    let waited = wait_to_retry(&policy, attempt, transient, until).await;
                    if let Some(wait) = waited {
                        tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, error = %e, "login failed transiently: retrying");
                        attempt += 1;
                        continue;
                    }
                }
            }
            return (login, attempt);
        }
    }
}

/// The version a namespace names: its last path segment (`Services88` of
/// `http://www.superoffice.net/ws/crm/NetServer/Services88`).
pub(crate) fn version_of(namespace: &str) -> &str {
    namespace
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(namespace)
}

/// A blank ticket is no credential: whatever source gave it, the login failed.
fn non_blank(login: Login) -> Result<Login, Error> {
    if login.ticket.expose().trim().is_empty() {
        return Err(Error::LoginFailed {
            message: "the login gave an empty ticket".into(),
            exception: None,
        });
    }
    Ok(login)
}
