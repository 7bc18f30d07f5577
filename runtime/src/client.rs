//! The client: endpoint, credentials, limits and transport, shared by all agents.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::call::Call;
use crate::codec::{DecodeError, ElementStart, Limits, XmlReader, XmlWriter};
use crate::soap::{write_request, RequestHeaders, SoapVersion, TimeZone};
use crate::transport::Transport;
use crate::Error;

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

/// A secret string: shown as `[redacted]` by Debug.
#[derive(Clone, PartialEq, Eq)]
struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) base_url: String,
    application_token: Option<Secret>,
    ticket: Option<Secret>,
    time_zone: Option<TimeZone>,
    /// Extra HTTP headers, `Authorization: Bearer ...` among them (values are secret).
    http_headers: Vec<(String, Secret)>,
    pub(crate) timeout: Duration,
    pub(crate) limits: Limits,
    pub(crate) transport: Arc<dyn Transport>,
    /// At most this many requests in flight at once, shared by clones and `with_ticket`.
    pub(crate) permits: Arc<tokio::sync::Semaphore>,
}

impl Inner {
    pub(crate) fn http_headers(&self) -> impl Iterator<Item = (String, String)> + '_ {
        self.http_headers
            .iter()
            .map(|(k, v)| (k.clone(), v.0.clone()))
    }
}

/// A configured connection to one NetServer version endpoint. Cheap to clone.
///
/// ```
/// use sogen_runtime::{Client, TimeZone};
/// let client = Client::builder("https://host/Cust12345/Remote/Services88/")
///     .application_token("app-token")
///     .ticket("7T:secret")
///     .time_zone(TimeZone { id: 0, location_code: Some("UTC".into()) })
///     .build()
///     .unwrap();
/// let debug = format!("{client:?}");
/// assert!(!debug.contains("secret") && !debug.contains("app-token"));
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
            application_token: None,
            ticket: None,
            time_zone: None,
            http_headers: Vec::new(),
            timeout: Duration::from_secs(100),
            connect_timeout: Duration::from_secs(10),
            max_connections: DEFAULT_MAX_CONNECTIONS,
            limits: Limits::default(),
            transport: None,
        }
    }

    /// The base URL, always ending in `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// A client sharing this one's transport and settings, with another ticket (after a
    /// new login).
    pub fn with_ticket(&self, ticket: impl Into<String>) -> Client {
        let inner = Inner {
            base_url: self.inner.base_url.clone(),
            application_token: self.inner.application_token.clone(),
            ticket: Some(Secret(ticket.into())),
            time_zone: self.inner.time_zone.clone(),
            http_headers: self.inner.http_headers.clone(),
            timeout: self.inner.timeout,
            limits: self.inner.limits,
            transport: self.inner.transport.clone(),
            permits: self.inner.permits.clone(),
        };
        Client {
            inner: Arc::new(inner),
        }
    }

    /// Prepares a call: writes the envelope now (request headers, then `body`, which writes
    /// the request wrapper element); `decode` reads the first element inside the response
    /// `Body`. Await the [`Call`], or use [`Call::blocking`].
    pub fn call<T>(
        &self,
        op: &'static OperationInfo,
        body: impl FnOnce(&mut XmlWriter),
        decode: fn(&mut XmlReader<'_>, &ElementStart<'_>) -> Result<T, DecodeError>,
    ) -> Call<T> {
        let inner = &self.inner;
        let declared = op.headers;
        let headers = RequestHeaders {
            application_token: (inner.application_token.as_ref())
                .filter(|_| declared.application_token)
                .map(|s| s.0.as_str()),
            ticket: (inner.ticket.as_ref())
                .filter(|_| declared.credentials)
                .map(|s| s.0.as_str()),
            time_zone: inner.time_zone.as_ref().filter(|_| declared.time_zone),
        };
        let envelope = write_request(op.soap, op.namespace, &headers, body);
        Call::new(self.clone(), op, envelope, decode)
    }
}

/// Configures a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    base_url: String,
    application_token: Option<Secret>,
    ticket: Option<Secret>,
    time_zone: Option<TimeZone>,
    http_headers: Vec<(String, Secret)>,
    timeout: Duration,
    connect_timeout: Duration,
    max_connections: usize,
    limits: Limits,
    transport: Option<Arc<dyn Transport>>,
}

/// Default of [`ClientBuilder::max_connections`].
pub const DEFAULT_MAX_CONNECTIONS: usize = 16;

impl ClientBuilder {
    /// The `ApplicationToken` header (required by SuperOffice Online).
    pub fn application_token(mut self, token: impl Into<String>) -> Self {
        self.application_token = Some(Secret(token.into()));
        self
    }

    /// The `Credentials/Ticket` header.
    pub fn ticket(mut self, ticket: impl Into<String>) -> Self {
        self.ticket = Some(Secret(ticket.into()));
        self
    }

    /// The `TimeZone` header.
    pub fn time_zone(mut self, tz: TimeZone) -> Self {
        self.time_zone = Some(tz);
        self
    }

    /// `Authorization: Bearer <token>` on every request (SuperOffice Online).
    pub fn bearer_token(self, token: impl AsRef<str>) -> Self {
        let value = format!("Bearer {}", token.as_ref());
        self.header("Authorization", value)
    }

    /// An extra HTTP header on every request (its value is treated as secret).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.http_headers.push((name.into(), Secret(value.into())));
        self
    }

    /// Whole-request timeout (default 100 s, WCF's default).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Connect timeout of the default transport (default 10 s; ignored with `.transport()`).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// At most `n` requests in flight at once on this client and its clones (default
    /// [`DEFAULT_MAX_CONNECTIONS`], 16); further calls wait for a free slot, and that wait
    /// counts against the request timeout.
    ///
    /// HTTP/1.1 carries one request per connection at a time, so this bounds the open
    /// connections (the default transport keeps as many idle for reuse) and protects the
    /// server from a burst: 100 calls started at once use at most `n` connections, not 100.
    ///
    /// ```
    /// let client = sogen_runtime::Client::builder("https://host/Cust1/Remote/Services88/")
    ///     .max_connections(4)
    ///     .build()
    ///     .unwrap();
    /// # drop(client);
    /// ```
    pub fn max_connections(mut self, n: usize) -> Self {
        self.max_connections = n;
        self
    }

    /// Response size and depth limits.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Replaces the default reqwest transport.
    pub fn transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// Validates the settings and builds the client.
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
        for (name, value) in &self.http_headers {
            let name_ok = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
            if !name_ok {
                return Err(Error::Config(format!("invalid HTTP header name {name:?}")));
            }
            if value.0.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
                // The value is secret: name the header only.
                return Err(Error::Config(format!(
                    "invalid value for HTTP header {name:?}"
                )));
            }
        }
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
        Ok(Client {
            inner: Arc::new(Inner {
                base_url,
                application_token: self.application_token,
                ticket: self.ticket,
                time_zone: self.time_zone,
                http_headers: self.http_headers,
                timeout: self.timeout,
                limits: self.limits,
                transport,
                permits: Arc::new(tokio::sync::Semaphore::new(self.max_connections)),
            }),
        })
    }
}
