//! [`RequestContext`]: what a service method knows about the request besides its
//! parameters, and what it may add to the reply's headers.

use std::fmt;
use std::sync::{Arc, Mutex};

use super::service::{AgentInfo, Pending, ServedOperation};
use super::ServiceError;
use crate::soap::{write_result, ReceivedHeaders, ReplyHeaders, TimeZone};
use crate::transport::BoxFuture;
use crate::{HttpHeaders, Secret, Wire, XmlWriter};

/// The request a service method is answering, on either wire: its credentials (ticket,
/// bearer token, application token), time zone, SOAPAction and HTTP headers. Over SOAP
/// they come from the envelope's headers; over REST from `Authorization: SOTicket` or
/// `Bearer`, `SO-AppToken` and `SO-TimeZone`. `Debug` shows no secret and no header value.
pub struct RequestContext {
    agent: &'static AgentInfo,
    operation: &'static ServedOperation,
    wire: Wire,
    soap_action: String,
    headers: ReceivedHeaders,
    bearer_token: Option<Secret>,
    http_headers: HttpHeaders,
    extra_info: Mutex<Vec<(String, String)>>,
}

impl RequestContext {
    /// The context of a request the server read (feature `server`).
    #[cfg(feature = "server")]
    pub(crate) fn new(
        agent: &'static AgentInfo,
        operation: &'static ServedOperation,
        soap_action: String,
        headers: ReceivedHeaders,
        http_headers: HttpHeaders,
    ) -> Self {
        RequestContext {
            agent,
            operation,
            wire: Wire::Soap,
            soap_action,
            headers,
            bearer_token: None,
            http_headers,
            extra_info: Mutex::default(),
        }
    }

    /// The context of a REST request: its credentials and time zone from its HTTP
    /// headers (the `Authorization` scheme compared without case, as ASP.NET does).
    #[cfg(all(feature = "server", feature = "rest"))]
    pub(crate) fn rest(
        agent: &'static AgentInfo,
        operation: &'static ServedOperation,
        http_headers: HttpHeaders,
    ) -> Self {
        let authorization = http_headers.get("authorization").and_then(|v| {
            let (scheme, value) = v.trim().split_once(' ')?;
            Some((scheme.to_ascii_lowercase(), Secret::new(value.trim())))
        });
        let (ticket, bearer_token) = match authorization {
            Some((scheme, value)) if scheme == "soticket" => (Some(value), None),
            Some((scheme, value)) if scheme == "bearer" => (None, Some(value)),
            _ => (None, None),
        };
        let headers = ReceivedHeaders {
            application_token: http_headers.get("so-apptoken").map(Secret::new),
            ticket,
            time_zone: (http_headers.get("so-timezone")).and_then(crate::wire::parse_time_zone),
        };
        RequestContext {
            wire: Wire::Rest,
            bearer_token,
            ..RequestContext::new(agent, operation, String::new(), headers, http_headers)
        }
    }

    /// The wire the request came over.
    pub fn wire(&self) -> Wire {
        self.wire
    }

    /// The version, such as `Services88`.
    pub fn version(&self) -> &'static str {
        self.agent.version
    }

    /// The agent, such as `Chat`.
    pub fn agent(&self) -> &'static str {
        self.agent.name
    }

    /// The operation, such as `GetChatTopic`.
    pub fn operation(&self) -> &'static str {
        self.operation.name
    }

    /// The SOAPAction as sent (quotes removed); empty when the request had none and was
    /// dispatched by its body's element, and over REST.
    pub fn soap_action(&self) -> &str {
        &self.soap_action
    }

    /// The ticket: the `Credentials/Ticket` SOAP header, or REST's
    /// `Authorization: SOTicket <ticket>`.
    pub fn ticket(&self) -> Option<&Secret> {
        self.headers.ticket.as_ref()
    }

    /// REST's `Authorization: Bearer <token>` (an Online access token); `None` over SOAP.
    pub fn bearer_token(&self) -> Option<&Secret> {
        self.bearer_token.as_ref()
    }

    /// The application token: the `ApplicationToken` SOAP header, or REST's
    /// `SO-AppToken`.
    pub fn application_token(&self) -> Option<&Secret> {
        self.headers.application_token.as_ref()
    }

    /// The time zone: the `TimeZone` SOAP header, or REST's `SO-TimeZone` (a number as
    /// the id, anything else as the location code with id 0).
    pub fn time_zone(&self) -> Option<&TimeZone> {
        self.headers.time_zone.as_ref()
    }

    /// The first HTTP header `name` (case-insensitive), when present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.http_headers.get(name)
    }

    /// Every HTTP header of the request, in the order received (values that are not UTF-8
    /// text read as their lossy conversion).
    pub fn http_headers(&self) -> &HttpHeaders {
        &self.http_headers
    }

    /// Adds a pair to the reply's `ExtraInfo` header (sent with a successful SOAP reply;
    /// the REST wire has no such header).
    pub fn add_extra_info(&self, key: impl Into<String>, value: impl Into<String>) {
        let mut extra = self.extra_info.lock().unwrap_or_else(|p| p.into_inner());
        extra.push((key.into(), value.into()));
    }

    pub(crate) fn extra_info(&self) -> Vec<(String, String)> {
        let extra = self.extra_info.lock().unwrap_or_else(|p| p.into_inner());
        extra.clone()
    }
}

impl fmt::Debug for RequestContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.http_headers.iter().map(|(k, _)| k).collect();
        f.debug_struct("RequestContext")
            .field("version", &self.agent.version)
            .field("agent", &self.agent.name)
            .field("operation", &self.operation.name)
            .field("wire", &self.wire)
            .field("soap_action", &self.soap_action)
            .field("ticket", &self.headers.ticket)
            .field("bearer_token", &self.bearer_token)
            .field("application_token", &self.headers.application_token)
            .field("time_zone", &self.headers.time_zone)
            .field("http_headers", &names)
            .finish()
    }
}

/// The successful reply to `cx`: the response headers its operation declares, then the
/// body `body` writes (the response element). What [`respond`] sends; for hand-written
/// [`Dispatch`](super::Dispatch) impls.
pub fn write_reply(cx: &RequestContext, body: impl FnOnce(&mut XmlWriter)) -> Vec<u8> {
    let extra = cx.extra_info();
    let headers = ReplyHeaders {
        ns: cx.agent.namespace,
        extra_info: &extra,
        time_zone: cx.time_zone(),
    };
    let declared = cx.operation.response_headers.then_some(&headers);
    write_result(cx.agent.soap, declared, body)
}

/// One decoded call: runs `call` (the service method on `imp`) and writes its result with
/// `body` (the response element) as the reply to `cx`. What each dispatch arm of generated
/// code returns; the one `async` block of every call, so generated code needs none.
pub fn respond<S, T, F, B>(imp: Arc<S>, cx: RequestContext, call: F, body: B) -> Pending
where
    S: Send + Sync + 'static,
    T: Send + 'static,
    F: for<'a> FnOnce(&'a S, &'a RequestContext) -> BoxFuture<'a, Result<T, ServiceError>>
        + Send
        + 'static,
    B: FnOnce(&mut XmlWriter, T) + Send + 'static,
{
    Box::pin(async move {
        let value = call(&imp, &cx).await?;
        Ok(write_reply(&cx, |w| body(w, value)))
    })
}

/// The answer of a service method that is not implemented: the `not implemented` fault
/// naming `operation` (the generated traits' default methods).
pub fn not_implemented<T>(operation: &'static str) -> std::future::Ready<Result<T, ServiceError>> {
    std::future::ready(Err(ServiceError::not_implemented(operation)))
}
