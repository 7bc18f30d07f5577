//! The client: endpoint, credentials, limits and transport, shared by all agents.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::call::{prepare, Body, Call, Decoders};
use crate::codec::{DecodeError, ElementStart, Limits, XmlReader, XmlWriter};
use crate::soap::{write_request, RequestHeaders, SoapVersion, TimeZone};
use crate::transport::Transport;
use crate::wire::Wire;
use crate::{Error, RetryPolicy, Secret};

/// What generated code knows about one operation; built in `static` items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    /// Agent name, such as `"Chat"` (for tracing).
    pub agent: &'static str,
    /// Path relative to the client's base URL, such as `"Chat.svc"`.
    pub service_path: &'static str,
    /// Operation name, such as `"GetChatMessages"`.
    pub name: &'static str,
    /// The SOAPAction.
    pub action: &'static str,
    /// The binding's SOAP version.
    pub soap: SoapVersion,
    /// The service namespace of the request headers (`ApplicationToken`, `Credentials`,
    /// `TimeZone`), such as `"http://www.superoffice.net/ws/crm/NetServer/Services88"`.
    pub namespace: &'static str,
    /// The request headers the binding declares for this operation. A header
    /// is sent only when it is declared here and set on the client: the
    /// SoPrincipal operations, for one, declare only `ApplicationToken`, and
    /// their schema has no `Credentials` element.
    pub headers: DeclaredHeaders,
}

/// Which of the request headers an operation's binding declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DeclaredHeaders {
    /// `ApplicationToken`.
    pub application_token: bool,
    /// `Credentials` (the ticket).
    pub credentials: bool,
    /// `TimeZone`.
    pub time_zone: bool,
}

impl DeclaredHeaders {
    /// All three, as nearly every NetServer operation declares.
    pub const ALL: DeclaredHeaders = DeclaredHeaders {
        application_token: true,
        credentials: true,
        time_zone: true,
    };
}

/// What every client of one builder or session shares: settings, the transport (and its
/// connection pool) and the cap on requests in flight.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) application_token: Option<Secret>,
    pub(crate) time_zone: Option<TimeZone>,
    pub(crate) language: Option<String>,
    pub(crate) culture: Option<String>,
    /// Extra HTTP headers, `Authorization: Bearer ...` among them (values are secret).
    pub(crate) http_headers: Vec<(String, Secret)>,
    pub(crate) timeout: Duration,
    pub(crate) limits: Limits,
    pub(crate) transport: Arc<dyn Transport>,
    /// At most this many requests in flight at once, shared by every client made here.
    pub(crate) permits: Arc<tokio::sync::Semaphore>,
    pub(crate) retry: RetryPolicy,
    pub(crate) idempotent: IdempotentRule,
    pub(crate) wire: Wire,
}

/// Which operations a client's retry policy applies to: [`retry::is_read`] unless
/// replaced with `idempotent_when`.
#[derive(Clone, Default)]
pub(crate) struct IdempotentRule(Option<Arc<OperationRule>>);

/// A predicate on operations.
type OperationRule = dyn Fn(&OperationInfo) -> bool + Send + Sync;

impl IdempotentRule {
    pub(crate) fn new(rule: impl Fn(&OperationInfo) -> bool + Send + Sync + 'static) -> Self {
        IdempotentRule(Some(Arc::new(rule)))
    }

    pub(crate) fn accepts(&self, op: &OperationInfo) -> bool {
        match &self.0 {
            Some(rule) => rule(op),
            None => crate::retry::is_read(op),
        }
    }
}

impl fmt::Debug for IdempotentRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() { "custom" } else { "reads" })
    }
}

/// Checks an HTTP header of a client or call: a token name, a value without line breaks.
pub(crate) fn check_header(name: &str, value: &Secret) -> Result<(), Error> {
    let name_ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !name_ok {
        return Err(Error::Config(format!("invalid HTTP header name {name:?}")));
    }
    if value
        .expose()
        .bytes()
        .any(|b| b == b'\r' || b == b'\n' || b == 0)
    {
        // The value is secret: name the header only.
        return Err(Error::Config(format!(
            "invalid value for HTTP header {name:?}"
        )));
    }
    Ok(())
}

/// Where a client's calls go and with which ticket.
#[derive(Debug)]
pub(crate) enum Target {
    /// One version endpoint (`.../Remote/Services88/`) and a fixed ticket.
    Fixed {
        base_url: String,
        ticket: Option<Secret>,
    },
    /// A session's: its current endpoint (the version from each operation's namespace) and
    /// its current ticket, renewed when it expires -- or, when set, this fixed ticket.
    Session(Arc<crate::session::Core>, Option<Secret>),
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) target: Target,
    pub(crate) shared: Arc<Shared>,
}

/// A configured connection to one NetServer version endpoint, or to every version of a
/// [`Session`](crate::Session)'s NetServer. Cheap to clone.
///
/// ```
/// # #[cfg(feature = "http")] {
/// use sogen_runtime::{Client, TimeZone};
/// let client = Client::builder("https://host/Cust12345/Remote/Services88/")
///     .application_token("app-token")
///     .ticket("7T:secret")
///     .time_zone(TimeZone { id: 0, location_code: Some("UTC".into()) })
///     .build()
///     .unwrap();
/// let debug = format!("{client:?}");
/// assert!(!debug.contains("secret") && !debug.contains("app-token"));
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

impl Client {
    /// Starts configuring a client for `base_url`, such as
    /// `https://host/Cust12345/Remote/Services88/`.
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            base_url: base_url.into(),
            ticket: None,
            settings: Settings::default(),
        }
    }

    /// The wire its calls go over.
    pub fn wire(&self) -> Wire {
        self.inner.shared.wire
    }

    /// The base URL as given, always ending in `/` (on the REST wire, calls go to the
    /// Agents API of its site: `.../Remote/Services88/` is `.../api/v1/`); `None` for a
    /// session's client, whose endpoint is the session's (and may move, for SuperOffice
    /// Online).
    pub fn base_url(&self) -> Option<&str> {
        match &self.inner.target {
            Target::Fixed { base_url, .. } => Some(base_url),
            Target::Session(..) => None,
        }
    }

    /// A client sharing this one's endpoint, transport and settings, with another ticket
    /// (after a login of your own). A [`Session`](crate::Session) renews its tickets by
    /// itself; a session's client given a ticket here sends that one and never renews it.
    pub fn with_ticket(&self, ticket: impl Into<String>) -> Client {
        let ticket = Secret::new(ticket);
        let target = match &self.inner.target {
            Target::Fixed { base_url, .. } => Target::Fixed {
                base_url: base_url.clone(),
                ticket: Some(ticket),
            },
            Target::Session(core, _) => Target::Session(core.clone(), Some(ticket)),
        };
        Client::from_parts(target, self.inner.shared.clone())
    }

    pub(crate) fn from_parts(target: Target, shared: Arc<Shared>) -> Client {
        Client {
            inner: Arc::new(Inner { target, shared }),
        }
    }

    /// Prepares a SOAP call: writes the body now (`body` writes the request wrapper
    /// element); the envelope around it, with the request headers, is written when it is
    /// sent. `decode` reads the first element inside the response `Body`. Await the
    /// [`Call`], or use [`Call::blocking`]. On a REST client ([`Wire::Rest`]) the call
    /// fails with [`Error::Config`]: use [`call_wire`](Self::call_wire) for both wires.
    pub fn call<T>(
        &self,
        op: &'static OperationInfo,
        body: impl FnOnce(&mut XmlWriter),
        decode: fn(&mut XmlReader<'_>, &ElementStart<'_>) -> Result<T, DecodeError>,
    ) -> Call<T> {
        let write = |b: Body<'_>| {
            if let Body::Xml(w) = b {
                body(w)
            }
        };
        self.call_wire(op, write, Decoders::xml(decode))
    }

    /// Prepares a call on the client's wire: `body` is handed the writer of that wire
    /// ([`Body::Xml`] or [`Body::Json`]) once, now; `decoders` read the response of
    /// each wire the agent was generated for (a wire it lacks fails the call with
    /// [`Error::Config`] when awaited). What agents generated for both wires call:
    ///
    /// ```
    /// # #[cfg(all(feature = "http", feature = "rest"))] {
    /// use sogen_runtime::*;
    /// static OP: OperationInfo = OperationInfo {
    ///     agent: "Chat", service_path: "Chat.svc", name: "DeleteChatSessionEntity",
    ///     action: "urn:a/DeleteChatSessionEntity", soap: SoapVersion::Soap11,
    ///     namespace: "urn:a", headers: DeclaredHeaders::ALL,
    /// };
    /// let id = 5;
    /// let delete = |client: &Client| client.call_wire(
    ///     &OP,
    ///     |w| match w {
    ///         Body::Xml(w) => {
    ///             w.open("urn:a", "DeleteChatSessionEntity");
    ///             id.encode(w, "urn:a", "ChatSessionEntityId");
    ///             w.close("urn:a", "DeleteChatSessionEntity");
    ///         }
    ///         Body::Json(w) => w.query("ChatSessionEntityId", &id),
    ///     },
    ///     Decoders::both(decode_void, json::decode_json),
    /// );
    /// let rest = Client::builder("https://host/Cust1/").wire(Wire::Rest).build().unwrap();
    /// let call = delete(&rest);
    /// let request = call.json_request().unwrap();
    /// assert_eq!((request.body.as_ref(), &request.query[..]), (None, &[("ChatSessionEntityId", "5".to_string())][..]));
    /// # }
    /// ```
    pub fn call_wire<T>(
        &self,
        op: &'static OperationInfo,
        body: impl FnOnce(Body<'_>),
        decoders: Decoders<T>,
    ) -> Call<T> {
        let request = prepare(self.inner.shared.wire, op, body, &decoders);
        Call::new(self.clone(), op, request, decoders)
    }

    /// The envelope of `op` around `body`, with the request headers the operation declares:
    /// the client's application token, `ticket` and `time_zone`.
    pub(crate) fn envelope(
        &self,
        op: &OperationInfo,
        ticket: Option<&Secret>,
        time_zone: Option<&TimeZone>,
        body: &[u8],
    ) -> Vec<u8> {
        let shared = &self.inner.shared;
        let declared = op.headers;
        let headers = RequestHeaders {
            application_token: (shared.application_token.as_ref())
                .filter(|_| declared.application_token)
                .map(Secret::expose),
            ticket: ticket.filter(|_| declared.credentials).map(Secret::expose),
            time_zone: time_zone.filter(|_| declared.time_zone),
        };
        write_request(op.soap, op.namespace, &headers, |w| w.raw_bytes(body))
    }
}

/// Something generated that calls through a [`Client`]: every generated agent
/// (`ChatAgent`, ...), so that a [`Session`](crate::Session) can hand out any of them.
pub trait Agent {
    /// The namespace of its version's operations, such as
    /// `http://www.superoffice.net/ws/crm/NetServer/Services88`: which `SoPrincipal` a
    /// [`Session::login_for`](crate::Session::login_for) this agent logs in through.
    const NAMESPACE: &'static str;

    /// The agent calling through `client`.
    fn from_client(client: Client) -> Self;
}

/// Configures a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    base_url: String,
    ticket: Option<Secret>,
    settings: Settings,
}

/// The settings a [`ClientBuilder`] and a [`SessionBuilder`](crate::SessionBuilder) share.
#[derive(Debug)]
pub(crate) struct Settings {
    pub(crate) application_token: Option<Secret>,
    pub(crate) time_zone: Option<TimeZone>,
    pub(crate) language: Option<String>,
    pub(crate) culture: Option<String>,
    pub(crate) http_headers: Vec<(String, Secret)>,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) max_connections: usize,
    pub(crate) limits: Limits,
    pub(crate) transport: Option<Arc<dyn Transport>>,
    pub(crate) retry: RetryPolicy,
    pub(crate) idempotent: IdempotentRule,
    pub(crate) wire: Wire,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            application_token: None,
            time_zone: None,
            language: None,
            culture: None,
            http_headers: Vec::new(),
            timeout: Duration::from_secs(100),
            connect_timeout: Duration::from_secs(10),
            max_connections: DEFAULT_MAX_CONNECTIONS,
            limits: Limits::default(),
            transport: None,
            retry: RetryPolicy::NEVER,
            idempotent: IdempotentRule::default(),
            wire: Wire::Soap,
        }
    }
}

impl Settings {
    /// Validates the settings and makes the transport.
    pub(crate) fn build(self) -> Result<Shared, Error> {
        for (name, value) in &self.http_headers {
            check_header(name, value)?;
        }
        let locale = crate::wire::Locale {
            time_zone: self.time_zone.clone(),
            language: self.language.clone(),
            culture: self.culture.clone(),
            select: None,
        };
        locale.check()?;
        if self.max_connections == 0 || self.max_connections > tokio::sync::Semaphore::MAX_PERMITS {
            return Err(Error::Config(format!(
                "max_connections must be between 1 and {}, got {}",
                tokio::sync::Semaphore::MAX_PERMITS,
                self.max_connections
            )));
        }
        let transport: Arc<dyn Transport> = match self.transport {
            Some(t) => t,
            #[cfg(feature = "http")]
            None => Arc::new(
                crate::transport::ReqwestTransport::with_pool(
                    self.connect_timeout,
                    self.max_connections,
                )
                .map_err(|e| Error::Config(e.to_string()))?,
            ),
            #[cfg(not(feature = "http"))]
            None => {
                let _ = self.connect_timeout;
                return Err(Error::Config(
                    "no transport: enable the `http` feature or call .transport()".into(),
                ));
            }
        };
        Ok(Shared {
            application_token: self.application_token,
            time_zone: self.time_zone,
            language: self.language,
            culture: self.culture,
            http_headers: self.http_headers,
            timeout: self.timeout,
            limits: self.limits,
            transport,
            permits: Arc::new(tokio::sync::Semaphore::new(self.max_connections)),
            retry: self.retry,
            idempotent: self.idempotent,
            wire: self.wire,
        })
    }
}

/// The setters of the settings a [`ClientBuilder`] and a
/// [`SessionBuilder`](crate::SessionBuilder) share, on both.
macro_rules! settings_setters {
    () => {
        /// The application token (required by SuperOffice Online: the client secret): the
        /// `ApplicationToken` SOAP header, or REST's `SO-AppToken`.
        pub fn application_token(mut self, token: impl Into<String>) -> Self {
            self.settings.application_token = Some($crate::Secret::new(token));
            self
        }

        /// The time zone of dates in calls: the `TimeZone` SOAP header, or REST's
        /// `SO-TimeZone` (its location code, else its id). A call can set its own
        /// ([`Call::time_zone`](crate::Call::time_zone)).
        pub fn time_zone(mut self, tz: $crate::TimeZone) -> Self {
            self.settings.time_zone = Some(tz);
            self
        }

        /// The language of texts in answers (`Accept-Language` and `SO-Language`, on both
        /// wires: such as `"en"`; `"*"` asks for no translation). A call can set its own
        /// ([`Call::language`](crate::Call::language)).
        pub fn language(mut self, language: impl Into<String>) -> Self {
            self.settings.language = Some(language.into());
            self
        }

        /// The culture of formatted numbers and dates (`SO-Culture`, on both wires: such
        /// as `"nb-NO"`). A call can set its own ([`Call::culture`](crate::Call::culture)).
        pub fn culture(mut self, culture: impl Into<String>) -> Self {
            self.settings.culture = Some(culture.into());
            self
        }

        /// An extra HTTP header on every request (its value is treated as secret). A
        /// `User-Agent` here replaces the default [`USER_AGENT`](crate::USER_AGENT); a
        /// call's own [`header`](crate::Call::header) replaces one of the same name.
        pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
            self.settings
                .http_headers
                .push((name.into(), $crate::Secret::new(value)));
            self
        }

        /// Whole-call timeout (default 100 s, WCF's default): waiting for a connection
        /// slot or a login, connecting, sending, receiving, decoding, and retry waits. A
        /// call can set its own with [`Call::timeout`](crate::Call::timeout).
        pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
            self.settings.timeout = timeout;
            self
        }

        /// Connect timeout of the default transport (default 10 s; ignored with
        /// `.transport()`).
        pub fn connect_timeout(mut self, timeout: std::time::Duration) -> Self {
            self.settings.connect_timeout = timeout;
            self
        }

        /// At most `n` requests in flight at once (default
        /// [`DEFAULT_MAX_CONNECTIONS`](crate::DEFAULT_MAX_CONNECTIONS), 16); further
        /// calls wait for a free slot, and that wait counts against the timeout.
        ///
        /// HTTP/1.1 carries one request per connection at a time, so this bounds the open
        /// connections (the default transport keeps as many idle for reuse) and protects
        /// the server from a burst: 100 calls started at once use at most `n` connections.
        pub fn max_connections(mut self, n: usize) -> Self {
            self.settings.max_connections = n;
            self
        }

        /// Response size, depth, attribute and namespace-declaration limits.
        pub fn limits(mut self, limits: $crate::Limits) -> Self {
            self.settings.limits = limits;
            self
        }

        /// Retries transient failures of reads under `policy` (default
        /// [`RetryPolicy::NEVER`](crate::RetryPolicy::NEVER)): see [`retry`](crate::retry).
        pub fn retry(mut self, policy: $crate::RetryPolicy) -> Self {
            self.settings.retry = policy;
            self
        }

        /// Replaces the rule for which operations the retry policy applies to (default
        /// [`retry::is_read`](crate::retry::is_read)).
        pub fn idempotent_when(
            mut self,
            rule: impl Fn(&$crate::OperationInfo) -> bool + Send + Sync + 'static,
        ) -> Self {
            self.settings.idempotent = $crate::client::IdempotentRule::new(rule);
            self
        }

        /// The wire calls go over: NetServer's SOAP services (default,
        /// [`Wire::Soap`](crate::Wire::Soap)) or its REST Agents API
        /// ([`Wire::Rest`](crate::Wire::Rest)). The same generated agents, methods, types
        /// and errors on both; what differs (endpoints, authentication headers, errors,
        /// `$select`) is in the README's "Two wires".
        pub fn wire(mut self, wire: $crate::Wire) -> Self {
            self.settings.wire = wire;
            self
        }

        /// Replaces the default reqwest transport.
        pub fn transport(mut self, transport: std::sync::Arc<dyn $crate::Transport>) -> Self {
            self.settings.transport = Some(transport);
            self
        }
    };
}
pub(crate) use settings_setters;

/// Default of [`ClientBuilder::max_connections`].
pub const DEFAULT_MAX_CONNECTIONS: usize = 16;

impl ClientBuilder {
    settings_setters!();

    /// The ticket: the `Credentials/Ticket` SOAP header, or REST's
    /// `Authorization: SOTicket <ticket>`.
    pub fn ticket(mut self, ticket: impl Into<String>) -> Self {
        self.ticket = Some(Secret::new(ticket));
        self
    }

    /// `Authorization: Bearer <token>` on every request: how the REST wire takes an Online
    /// access token (NetServer's SOAP services read the `Credentials` header: see
    /// `Session` with `AccessToken`). Over a ticket's `SOTicket`, on the REST wire.
    pub fn bearer_token(self, token: impl AsRef<str>) -> Self {
        let value = format!("Bearer {}", token.as_ref());
        self.header("Authorization", value)
    }

    /// Validates the settings and builds the client.
    ///
    /// ```
    /// let client = sogen_runtime::Client::builder("https://host/Cust1/Remote/Services88/")
    ///     .max_connections(4)
    ///     .build();
    /// # drop(client);
    /// ```
    pub fn build(self) -> Result<Client, Error> {
        let mut base_url = self.base_url;
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(Error::Config(format!(
                "base URL must start with http:// or https://, got {base_url:?}"
            )));
        }
        if !base_url.ends_with('/') {
            base_url.push('/');
        }
        let shared = self.settings.build()?;
        Ok(Client::from_parts(
            Target::Fixed {
                base_url,
                ticket: self.ticket,
            },
            Arc::new(shared),
        ))
    }
}
