//! [`Service`]: one served agent, as generated code builds it: what the agent is
//! ([`AgentInfo`]) and how its operations are decoded and called ([`Dispatch`]).

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use super::{RequestContext, ServiceError};
use crate::codec::{DecodeError, ElementStart, XmlReader};
use crate::soap::SoapVersion;
use crate::transport::BoxFuture;

/// What generated code knows about one served agent; built in a `static`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgentInfo {
    /// The version, such as `"Services88"` (the path segment before the agent's).
    pub version: &'static str,
    /// The agent, such as `"Chat"`.
    pub name: &'static str,
    /// Its endpoint file, such as `"Chat.svc"`.
    pub service_path: &'static str,
    /// The binding's SOAP version.
    pub soap: SoapVersion,
    /// The namespace of the SOAP headers.
    pub namespace: &'static str,
    /// The operations, in the order [`Dispatch::dispatch`] numbers them.
    pub operations: &'static [ServedOperation],
}

/// One operation of a served agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServedOperation {
    /// The operation, such as `"GetChatTopic"`.
    pub name: &'static str,
    /// Its SOAPAction.
    pub action: &'static str,
    /// The request element's namespace.
    pub request_ns: &'static str,
    /// The request element's name.
    pub request_name: &'static str,
    /// The response element's namespace.
    pub response_ns: &'static str,
    /// The response element's name.
    pub response_name: &'static str,
    /// Whether the output declares NetServer's response headers (`ExceptionInfo`,
    /// `ExtraInfo`, `Succeeded`, `TimeZone`).
    pub response_headers: bool,
}

/// The call of one operation, its parameters decoded: resolves to the whole reply
/// envelope, or the method's error.
pub type Pending = BoxFuture<'static, Result<Vec<u8>, ServiceError>>;

/// Decodes an operation's request element and calls the service method; implemented by
/// generated code for every implementation of an agent's service trait.
pub trait Dispatch: Send + Sync + 'static {
    /// Decodes the element `start` (of operation number `operation` of the agent's
    /// [`AgentInfo::operations`]) from `r` through its end tag, and returns the call.
    fn dispatch(
        &self,
        operation: usize,
        r: &mut XmlReader<'_>,
        start: &ElementStart<'_>,
        cx: RequestContext,
    ) -> Result<Pending, DecodeError>;

    /// The REST wire: decodes operation number `operation`'s parameters from a JSON
    /// request (`body`, the `query` pairs as received), as its request shape says (an
    /// object of parameters, one parameter as the whole body, a query parameter, or
    /// nothing), within `limits`, and returns the call; the [`Pending`] resolves to the
    /// reply body as JSON, empty for a void result. Agents generated without the REST
    /// codec answer every operation with an error.
    fn dispatch_json(
        &self,
        operation: usize,
        body: &[u8],
        query: &[(String, String)],
        limits: &crate::Limits,
        cx: RequestContext,
    ) -> Result<Pending, DecodeError> {
        let _ = (operation, body, query, limits, cx);
        Err(DecodeError::new(
            crate::DecodeErrorKind::Unexpected {
                expected: "an agent generated with the REST codec (Builder::wire)".into(),
                found: "a SOAP-only agent".into(),
            },
            String::new(),
            Default::default(),
        ))
    }
}

/// One agent ready to serve: what generated code's `service(..)` returns; mount it with
/// [`Server::service`](super::Server::service).
#[derive(Clone)]
pub struct Service {
    pub(crate) agent: &'static AgentInfo,
    // Read by the server (feature `server`); generated code builds it either way.
    #[cfg_attr(not(feature = "server"), allow(dead_code))]
    pub(crate) dispatch: Arc<dyn Dispatch>,
    pub(crate) wsdl: Option<Arc<[u8]>>,
}

impl fmt::Debug for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Service")
            .field("version", &self.agent.version)
            .field("agent", &self.agent.name)
            .field("wsdl", &self.wsdl.as_ref().map(|w| w.len()))
            .finish()
    }
}

impl Service {
    /// An agent served by `dispatch` (called by generated code).
    pub fn new(agent: &'static AgentInfo, dispatch: impl Dispatch) -> Self {
        Service {
            agent,
            dispatch: Arc::new(dispatch),
            wsdl: None,
        }
    }

    /// Serves `wsdl` (the agent's WSDL document) at `GET <path>?wsdl`.
    pub fn with_wsdl(mut self, wsdl: impl Into<Vec<u8>>) -> Self {
        self.wsdl = Some(wsdl.into().into());
        self
    }

    /// Serves the WSDL file at `path` at `GET <path>?wsdl`.
    pub fn with_wsdl_file(self, path: impl AsRef<Path>) -> std::io::Result<Self> {
        Ok(self.with_wsdl(std::fs::read(path)?))
    }

    /// What is served.
    pub fn agent(&self) -> &'static AgentInfo {
        self.agent
    }

    /// Serves one REST call of operation `operation` (its name, without case, as
    /// ASP.NET routes `/api/v1/Agents/{Agent}/{Operation}`) in process, as the server
    /// does over HTTP: the credentials and time zone from `http_headers` (the
    /// [`RequestContext`]), the parameters read from `body` and `query` per the
    /// operation's request shape within `limits`, the method called in a task of its own
    /// (a panic is an error), its result as the JSON reply body (empty for a void
    /// result). An unknown operation or an unreadable request is a client error. A test
    /// can call it without HTTP; it needs a Tokio runtime.
    #[cfg(all(feature = "rest", feature = "server"))]
    pub async fn serve_json(
        &self,
        operation: &str,
        body: &[u8],
        query: &[(String, String)],
        limits: &crate::Limits,
        http_headers: crate::HttpHeaders,
    ) -> Result<Vec<u8>, ServiceError> {
        // No budget of its own: the caller's.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(365 * 86_400);
        let body = axum::body::Bytes::copy_from_slice(body);
        super::rest::call(
            self,
            operation,
            body,
            query.to_vec(),
            *limits,
            deadline,
            http_headers,
        )
        .await
        .map_err(super::rest::Failure::into_service_error)
    }
}
