//! The server side: serve generated agents over HTTP, so that code using a generated
//! client can be tested without a live NetServer.
//!
//! Generate with `Builder::server(true)` (or `sogen generate --server`): each agent then
//! gets a service trait (`services88::server::ChatService`) with one async method per
//! operation, taking the decoded parameters and a [`RequestContext`], returning the typed
//! result or a [`ServiceError`]. Every method has a default that answers a "not
//! implemented" fault naming the operation, so a mock implements only what it needs:
//!
//! ```ignore
//! struct Chat;
//! impl services88::server::ChatService for Chat {
//!     async fn get_chat_topic(&self, cx: &RequestContext, id: i32)
//!         -> Result<Option<ChatTopic>, ServiceError> {
//!         Ok(Some(ChatTopic { chat_topic_id: id, ..Default::default() }))
//!     }
//! }
//! let server = Server::new().service(services88::server::chat::service(Chat));
//! let server = server.start("127.0.0.1:0").await?;
//! let client = Client::builder(server.url("Services88")).build()?;
//! ```
//!
//! What generated service code needs ([`RequestContext`], [`ServiceError`], [`Service`],
//! [`AgentInfo`], [`ServedOperation`], [`Dispatch`]) is here without any feature, so a crate
//! whose build script generates the server side builds with or without the runtime's
//! `server` feature: only serving ([`Server`], `RunningServer`) needs it, and with it axum
//! and Tokio's networking. A crate enables it where it serves, typically in
//! `[dev-dependencies]` for its tests.
//!
//! A [`Server`] mounts any set of agents of any versions under
//! `<base path>/ServicesNN/<Agent>.svc` (base path `/Remote` unless set), and with the
//! `rest` feature (on by default) serves the same agents over the REST wire at
//! `<site>/api/v1/Agents/<Agent>/<Operation>` (the site: the base path without its
//! `/Remote`), each agent by the highest version mounted that has it, as the Agents API
//! serves the current version: a test runs the same code over either wire against one
//! mock. For every SOAP request it checks the method (POST, or GET `?wsdl` when the agent was given its WSDL),
//! the content type of the binding's SOAP version (`text/xml` for 1.1,
//! `application/soap+xml` for 1.2), the body size ([`Limits::max_response_bytes`]) and the
//! time budget; reads the envelope with the runtime's own reader (the same [`Limits`],
//! DOCTYPE and unknown entities refused); dispatches by SOAPAction, or by the body's
//! element when there is none; and answers in the binding's SOAP version: the result with
//! NetServer's response headers, a SuperOffice failure (`ExceptionInfo`,
//! `Succeeded=false`), or a SOAP fault (HTTP 500; 413, 415, 405 or 404 for requests that
//! never reach an operation). A REST call gets the same limits, time budget, panic safety
//! and connection limits; its credentials come from `Authorization: SOTicket` or
//! `Bearer` and `SO-AppToken`, its time zone from `SO-TimeZone` ([`RequestContext`]); it
//! is answered 200 with the JSON result, 204 for a void one, or the Agents API's error
//! objects (see `RunningServer::rest_url`). Nothing a client sends makes it panic or hang.
//!
//! A started server holds at most [`max_connections`](Server::max_connections) connections
//! (256; more wait to be accepted), closes one whose request head has not arrived within
//! [`header_read_timeout`](Server::header_read_timeout) (10 s, from its opening or its first
//! byte after an idle spell) and one idle between requests, or not reading its answer, for
//! [`idle_timeout`](Server::idle_timeout) (30 s).
//!
//! [`Limits::max_response_bytes`]: crate::Limits::max_response_bytes
//! [`Limits`]: crate::Limits

#[cfg(feature = "server")]
mod conn;
mod context;
#[cfg(feature = "server")]
mod dispatch;
mod error;
#[cfg(feature = "server")]
mod http;
#[cfg(all(feature = "server", feature = "rest"))]
mod rest;
mod service;

#[cfg(feature = "server")]
use std::collections::HashMap;
#[cfg(feature = "server")]
use std::net::SocketAddr;
#[cfg(feature = "server")]
use std::sync::Arc;
#[cfg(feature = "server")]
use std::time::Duration;

pub use context::{not_implemented, respond, write_reply, RequestContext};
pub use error::ServiceError;
pub use service::{AgentInfo, Dispatch, Pending, ServedOperation, Service};

#[cfg(feature = "server")]
use crate::codec::Limits;

/// Why a server could not start.
#[cfg(feature = "server")]
#[cfg_attr(docsrs, doc(cfg(feature = "server")))]
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// Two mounted services have the same path.
    #[error("two services are mounted at {0}")]
    DuplicatePath(String),
    /// The address could not be bound.
    #[error("cannot listen on the address: {0}")]
    Bind(#[from] std::io::Error),
}

/// Agents to serve, and how (see the [module docs](self)).
#[cfg(feature = "server")]
#[cfg_attr(docsrs, doc(cfg(feature = "server")))]
#[derive(Debug, Clone)]
pub struct Server {
    base_path: String,
    services: Vec<Service>,
    limits: Limits,
    timeout: Duration,
    connections: conn::ConnLimits,
}

#[cfg(feature = "server")]
impl Default for Server {
    fn default() -> Self {
        Server::new()
    }
}

#[cfg(feature = "server")]
impl Server {
    /// Default of [`header_read_timeout`](Self::header_read_timeout): 10 s.
    pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
    /// Default of [`idle_timeout`](Self::idle_timeout): 30 s.
    pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);
    /// Default of [`max_connections`](Self::max_connections): 256.
    pub const DEFAULT_MAX_CONNECTIONS: usize = 256;

    /// No agents yet; base path `/Remote`, default [`Limits`], a 100 s budget per request;
    /// connections as the `DEFAULT_*` constants say.
    pub fn new() -> Self {
        Server {
            base_path: "/Remote".into(),
            services: Vec::new(),
            limits: Limits::default(),
            timeout: Duration::from_secs(100),
            connections: conn::ConnLimits {
                header_read_timeout: Self::DEFAULT_HEADER_READ_TIMEOUT,
                idle_timeout: Self::DEFAULT_IDLE_TIMEOUT,
                max_connections: Self::DEFAULT_MAX_CONNECTIONS,
            },
        }
    }

    /// The path before `ServicesNN/`, such as `/Cust12345/Remote` (`""` for the root).
    pub fn base_path(mut self, path: &str) -> Self {
        let path = path.trim_matches('/');
        self.base_path = if path.is_empty() {
            String::new()
        } else {
            format!("/{path}")
        };
        self
    }

    /// Mounts an agent (generated code's `service(..)`).
    pub fn service(mut self, service: Service) -> Self {
        self.services.push(service);
        self
    }

    /// Request size ([`Limits::max_response_bytes`] bounds the body) and shape limits.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The budget of one request: reading the body, decoding, and the method's answer.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long a connection may take to send a request head: from when it opens, or from
    /// its first byte after an idle spell (default 10 s). A client trickling its headers
    /// is disconnected then.
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.connections.header_read_timeout = timeout;
        self
    }

    /// How long a connection may stay idle between requests, or leave an answer unread,
    /// before it is closed (default 30 s).
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.connections.idle_timeout = timeout;
        self
    }

    /// At most `n` connections open at once (default 256, at least 1); further ones wait
    /// to be accepted until one closes.
    pub fn max_connections(mut self, n: usize) -> Self {
        self.connections.max_connections = n.clamp(1, tokio::sync::Semaphore::MAX_PERMITS);
        self
    }

    /// The path of `service`: `<base>/<version>/<Agent>.svc`.
    fn path_of(&self, service: &Service) -> String {
        let a = service.agent;
        format!("{}/{}/{}", self.base_path, a.version, a.service_path)
    }

    /// The path before the REST wire's `/api/v1/`: the base path without its `/Remote`
    /// (compared without case), as a site's Agents API sits beside its `Remote` folder.
    fn site_path(&self) -> &str {
        site_path(&self.base_path)
    }

    /// The axum router serving every mounted agent, to nest into an application.
    pub fn router(self) -> Result<axum::Router, StartError> {
        let mut services = HashMap::new();
        let mut rest: HashMap<String, Service> = HashMap::new();
        for s in &self.services {
            let path = self.path_of(s);
            if services
                .insert(path.to_ascii_lowercase(), s.clone())
                .is_some()
            {
                return Err(StartError::DuplicatePath(path));
            }
            let agent = s.agent.name.to_ascii_lowercase();
            let newer = rest
                .get(&agent)
                .is_none_or(|o| version_number(s.agent.version) > version_number(o.agent.version));
            if newer {
                rest.insert(agent, s.clone());
            }
        }
        let rest_prefix = format!("{}/api/v1/agents/", self.site_path()).to_ascii_lowercase();
        let shared = Arc::new(http::Shared {
            services,
            rest,
            rest_prefix,
            limits: self.limits,
            timeout: self.timeout,
        });
        Ok(axum::Router::new()
            .fallback(http::handle)
            .with_state(shared))
    }

    /// Listens on `addr` (such as `127.0.0.1:0`) and serves in a background task of the
    /// current Tokio runtime until the [`RunningServer`] is shut down or dropped, within
    /// the connection limits ([`max_connections`](Self::max_connections),
    /// [`header_read_timeout`](Self::header_read_timeout),
    /// [`idle_timeout`](Self::idle_timeout)).
    pub async fn start(self, addr: &str) -> Result<RunningServer, StartError> {
        let base_path = self.base_path.clone();
        let connections = self.connections;
        let router = self.router()?;
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let listener = conn::Capped::new(listener, connections);
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let shutdown = async {
                let _ = rx.await;
            };
            let service = router.into_make_service_with_connect_info::<conn::Conn>();
            let _ = axum::serve(listener, service)
                .with_graceful_shutdown(shutdown)
                .await;
        });
        Ok(RunningServer {
            addr,
            base_path,
            shutdown: Some(tx),
            task: Some(task),
        })
    }
}

/// `base_path` without a trailing `/Remote` (compared without case).
#[cfg(feature = "server")]
fn site_path(base_path: &str) -> &str {
    let cut = base_path.len().saturating_sub("/Remote".len());
    match base_path.split_at_checked(cut) {
        Some((before, remote)) if remote.eq_ignore_ascii_case("/Remote") => before,
        _ => base_path,
    }
}

/// The number of a version name (`Services88`: 88), for choosing the highest; 0 when it
/// has none.
#[cfg(feature = "server")]
fn version_number(version: &str) -> u32 {
    let digits = version.trim_start_matches(|c: char| !c.is_ascii_digit());
    digits.parse().unwrap_or(0)
}

/// A server started by [`Server::start`]; stops when dropped.
#[cfg(feature = "server")]
#[cfg_attr(docsrs, doc(cfg(feature = "server")))]
#[derive(Debug)]
pub struct RunningServer {
    addr: SocketAddr,
    base_path: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

#[cfg(feature = "server")]
impl RunningServer {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL of `version` for a client: `http://127.0.0.1:PORT/Remote/Services88/`.
    /// A client on the REST wire given it calls the server's REST base,
    /// [`rest_url`](Self::rest_url).
    pub fn url(&self, version: &str) -> String {
        format!("http://{}{}/{version}/", self.addr, self.base_path)
    }

    /// The base of the REST wire (feature `rest`): `http://127.0.0.1:PORT/api/v1/`, or
    /// `http://127.0.0.1:PORT/Cust12345/api/v1/` with base path `/Cust12345/Remote`.
    /// Calls go to `{rest_url}Agents/Chat/GetChatMessages`.
    pub fn rest_url(&self) -> String {
        format!("http://{}{}/api/v1/", self.addr, site_path(&self.base_path))
    }

    /// The site for [`Session::onsite`](crate::Session::onsite), the URL before `/Remote/`:
    /// `http://127.0.0.1:PORT`, or `http://127.0.0.1:PORT/Cust12345` with base path
    /// `/Cust12345/Remote`. `None` when the base path does not end in `/Remote` (compared
    /// without regard to case, as the paths are), since a session's calls go to
    /// `{site}/Remote/ServicesNN/`.
    pub fn site(&self) -> Option<String> {
        let cut = self.base_path.len().checked_sub("/Remote".len())?;
        let (before, remote) = self.base_path.split_at_checked(cut)?;
        remote
            .eq_ignore_ascii_case("/Remote")
            .then(|| format!("http://{}{before}", self.addr))
    }

    /// Stops accepting, lets the requests in flight finish, and returns when it has.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

#[cfg(feature = "server")]
impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
