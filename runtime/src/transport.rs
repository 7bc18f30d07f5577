//! The HTTP transport: a trait users and tests can implement, and the default implementation
//! on reqwest (rustls, gzip, connection pooling, timeouts, response size limit, the
//! [redirect rule](crate::redirect)), behind the default `http` feature.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use crate::redirect::RedirectRefused;
use crate::HttpHeaders;

/// A boxed, sendable future (what [`Transport::send`] returns).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One HTTP POST: a SOAP envelope, or a REST call's JSON (its body may be empty).
#[derive(Clone)]
pub struct HttpRequest {
    /// The endpoint, such as `https://host/Cust1/Remote/Services88/Chat.svc` or
    /// `https://host/Cust1/api/v1/Agents/Chat/GetChatMessages`.
    pub url: String,
    /// Headers: content type, `SOAPAction` or `Accept`, `Authorization` and user-supplied
    /// ones.
    pub headers: Vec<(String, String)>,
    /// The envelope, or the JSON body.
    pub body: Vec<u8>,
    /// Whole-request timeout.
    pub timeout: Option<Duration>,
    /// Stop reading and fail with [`TransportError::TooLarge`] beyond this many body bytes.
    pub max_response_bytes: usize,
}

/// Header values and the body carry secrets (bearer token, ticket): Debug shows neither.
impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("url", &self.url)
            .field("headers", &redacted_headers(&self.headers))
            .field("body", &format_args!("[{} bytes]", self.body.len()))
            .field("timeout", &self.timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

/// Whether the value of the request header `name` may be shown: only the runtime's own
/// that never hold a secret (`Content-Type`, `SOAPAction`, `Accept`, `User-Agent`, the
/// time zone, language and culture); `Authorization`, `SO-AppToken` and those set on a
/// client or call may hold secrets.
fn is_public_request_header(name: &str) -> bool {
    [
        "content-type",
        "soapaction",
        "accept",
        "user-agent",
        "so-timezone",
        "accept-language",
        "so-language",
        "so-culture",
    ]
    .iter()
    .any(|h| name.eq_ignore_ascii_case(h))
}

/// Request headers as they may be shown (in `Debug`, in the wire log).
pub(crate) fn redacted_headers(headers: &[(String, String)]) -> Vec<(&str, &str)> {
    headers
        .iter()
        .map(|(k, v)| {
            let shown = is_public_request_header(k);
            (k.as_str(), if shown { v.as_str() } else { "[redacted]" })
        })
        .collect()
}

/// The server's answer (its headers come with it from
/// [`Transport::send_with_headers`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// HTTP status code.
    pub status: u16,
    /// `Content-Type`, if sent.
    pub content_type: Option<String>,
    /// The body, already decompressed.
    pub body: Vec<u8>,
}

/// Why a request produced no response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TransportError {
    /// Could not connect.
    #[error("connect: {0}")]
    Connect(String),
    /// The connection was reset or closed before the response was complete (the request
    /// may or may not have reached the server).
    #[error("connection reset: {0}")]
    Reset(String),
    /// Connect or request timeout.
    #[error("timed out")]
    Timeout,
    /// TLS failure.
    #[error("TLS: {0}")]
    Tls(String),
    /// The body exceeded [`HttpRequest::max_response_bytes`].
    #[error("response body exceeds {limit} bytes")]
    TooLarge {
        /// The limit.
        limit: usize,
    },
    /// A redirect the [redirect rule](crate::redirect) does not allow.
    #[error("{0}")]
    Redirect(RedirectRefused),
    /// Anything else.
    #[error("{0}")]
    Other(String),
}

/// Sends SOAP requests. Implement it to plug in another HTTP stack or a test double.
///
/// The request carries the ticket, application token and bearer token: a transport must
/// keep the [redirect rule](crate::redirect). The simplest way is to follow no redirect at
/// all and return the 3xx response, which the call reports as [`Error::Redirect`]
/// (`reason: NotFollowed`); a transport that follows some returns
/// [`TransportError::Redirect`] for the others. On reqwest, build the client with
/// `RedirectRule::for_post().policy()`, as the default `ReqwestTransport` does.
///
/// [`Error::Redirect`]: crate::Error::Redirect
///
/// Calls go through [`send_with_headers`](Transport::send_with_headers), which also reports
/// the response's HTTP headers (for [`Response::http_headers`](crate::Response), and the
/// `Retry-After` that [retries](crate::retry) honour). Its default calls `send` and reports
/// none: implement it instead when your HTTP stack has them (`send` then delegates to it).
pub trait Transport: Send + Sync + fmt::Debug {
    /// POSTs `request` and returns the complete response.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;

    /// As [`send`](Transport::send), with the response's HTTP headers.
    fn send_with_headers(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'_, Result<(HttpResponse, HttpHeaders), TransportError>> {
        let sent = self.send(request);
        Box::pin(async move { sent.await.map(|r| (r, HttpHeaders::default())) })
    }
}

/// The default transport: one pooled reqwest client (rustls, gzip), following only the
/// redirects [`RedirectRule::for_post`](crate::redirect::RedirectRule::for_post) allows.
#[cfg(feature = "http")]
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

#[cfg(feature = "http")]
impl ReqwestTransport {
    /// A transport with a connect timeout (the request timeout travels with each request),
    /// keeping up to 16 idle connections per host.
    pub fn new(connect_timeout: Duration) -> Result<Self, TransportError> {
        Self::with_pool(connect_timeout, crate::client::DEFAULT_MAX_CONNECTIONS)
    }

    /// As [`new`](Self::new), keeping up to `max_idle` idle connections per host (the
    /// client passes its [`max_connections`](crate::ClientBuilder::max_connections), so that
    /// every connection a burst opened stays reusable). Idle connections close after 60 s,
    /// before IIS's default 120 s keep-alive timeout closes them under a request.
    pub fn with_pool(connect_timeout: Duration, max_idle: usize) -> Result<Self, TransportError> {
        Self::from_builder(
            reqwest::Client::builder()
                .connect_timeout(connect_timeout)
                .pool_idle_timeout(Duration::from_secs(60))
                .pool_max_idle_per_host(max_idle)
                .gzip(true),
        )
    }

    /// A transport on a client configured by `builder`, whose redirect policy is replaced
    /// by the runtime's rule (a ready-made `reqwest::Client` is not accepted: its policy
    /// may follow redirects to other hosts, taking the ticket along).
    pub fn from_builder(builder: reqwest::ClientBuilder) -> Result<Self, TransportError> {
        let client = builder
            .redirect(crate::redirect::RedirectRule::for_post().policy())
            .build()
            .map_err(|e| TransportError::Other(chain(&e)))?;
        Ok(ReqwestTransport { client })
    }
}

#[cfg(feature = "http")]
impl Transport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let sent = self.send_with_headers(request);
        Box::pin(async move { sent.await.map(|(r, _)| r) })
    }

    fn send_with_headers(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'_, Result<(HttpResponse, HttpHeaders), TransportError>> {
        Box::pin(async move {
            let mut builder = self.client.post(&request.url).body(request.body);
            for (k, v) in &request.headers {
                builder = builder.header(k.as_str(), v.as_str());
            }
            if let Some(t) = request.timeout {
                builder = builder.timeout(t);
            }
            let mut response = builder.send().await.map_err(map_error)?;
            let status = response.status().as_u16();
            if crate::redirect::is_redirect(status) {
                // Left by reqwest: no `Location`, or one it cannot follow.
                return Err(TransportError::Redirect(not_followed(status, &response)));
            }
            let limit = request.max_response_bytes;
            if response.content_length().is_some_and(|n| n > limit as u64) {
                return Err(TransportError::TooLarge { limit });
            }
            let content_type = response
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            // hyper caps their number and size; values that are not text are dropped.
            let headers: Vec<(String, String)> = (response.headers().iter())
                .filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned())))
                .collect();
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(map_error)? {
                if body.len() + chunk.len() > limit {
                    return Err(TransportError::TooLarge { limit });
                }
                body.extend_from_slice(&chunk);
            }
            // hyper hands the connection back to the pool from its own task once the body
            // has ended; letting that task run first means the caller's next request (its
            // `max_connections` slot freed when this returns) finds the connection idle
            // instead of opening another.
            drop(response);
            for _ in 0..4 {
                tokio::task::yield_now().await;
            }
            let response = HttpResponse {
                status,
                content_type,
                body,
            };
            Ok((response, HttpHeaders::from(headers)))
        })
    }
}

/// The error and its causes, without the URL (the caller reports it).
#[cfg(feature = "http")]
pub(crate) fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

/// A redirect reqwest returned instead of following, with its location if one can be read.
#[cfg(feature = "http")]
fn not_followed(status: u16, response: &reqwest::Response) -> RedirectRefused {
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| response.url().join(v).ok())
        .map(|url| crate::redirect::redact(&url));
    RedirectRefused {
        status,
        location,
        reason: crate::redirect::RedirectReason::NotFollowed,
    }
}

#[cfg(feature = "http")]
fn map_error(e: reqwest::Error) -> TransportError {
    if let Some(refused) = RedirectRefused::find(&e) {
        return TransportError::Redirect(refused.clone());
    }
    if e.is_timeout() {
        return TransportError::Timeout;
    }
    let e = e.without_url();
    let message = chain(&e);
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
    while let Some(s) = source {
        if s.is::<rustls::Error>() {
            return TransportError::Tls(message);
        }
        source = s.source();
    }
    if e.is_connect() {
        TransportError::Connect(message)
    } else if is_reset(&e) {
        TransportError::Reset(message)
    } else {
        TransportError::Other(message)
    }
}

/// Whether the connection broke under the request: reset, aborted, or closed before the
/// response was complete.
#[cfg(feature = "http")]
fn is_reset(e: &(dyn std::error::Error + 'static)) -> bool {
    use std::io::ErrorKind as K;
    let mut source = Some(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            if matches!(
                io.kind(),
                K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::UnexpectedEof
            ) {
                return true;
            }
        }
        if s.downcast_ref::<hyper::Error>()
            .is_some_and(|h| h.is_incomplete_message() || h.is_canceled())
        {
            return true;
        }
        source = s.source();
    }
    false
}
