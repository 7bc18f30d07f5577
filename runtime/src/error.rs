//! The one error type users match on.

use crate::codec::{excerpt, DecodeError};
use crate::redirect::RedirectReason;
use crate::soap::{ExceptionInfo, ResponseHeaders, SoapFault};
use crate::HttpHeaders;

/// Which [`Limits`](crate::Limits) field was exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LimitKind {
    /// [`Limits::max_response_bytes`](crate::Limits::max_response_bytes).
    ResponseSize,
    /// [`Limits::max_depth`](crate::Limits::max_depth).
    Depth,
    /// [`Limits::max_attributes`](crate::Limits::max_attributes).
    Attributes,
    /// [`Limits::max_namespace_declarations`](crate::Limits::max_namespace_declarations).
    NamespaceDeclarations,
    /// [`Limits::max_unknown_elements`](crate::Limits::max_unknown_elements).
    UnknownElements,
    /// [`Limits::max_unknown_bytes`](crate::Limits::max_unknown_bytes).
    UnknownBytes,
}

/// Everything a call can fail with.
///
/// Secrets (ticket, application token, bearer token, passwords) never appear in these
/// values, even when a server quotes them back: what a server gave is redacted before the
/// error leaves the call.
///
/// ```
/// # fn handle(e: sogen_runtime::Error) -> String {
/// use sogen_runtime::Error;
/// match e {
///     Error::Connect { .. } | Error::Timeout { .. } | Error::Tls { .. } => "retry later".into(),
///     Error::Redirect { location, .. } => format!("the server moved: {location:?}"),
///     Error::Http { status, excerpt, .. } => format!("HTTP {status}: {excerpt}"),
///     Error::Fault(f) => format!("SOAP fault {}: {}", f.code, f.reason),
///     Error::SuperOffice(x) => format!("{}: {}", x.exception_type, x.message),
///     Error::Decode(d) => format!("bad response at {}: {d}", d.path()),
///     Error::LimitExceeded { .. } => "response too large or deep".into(),
///     other => other.to_string(),
/// }
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The connection could not be established (refused, DNS, unreachable).
    #[error("cannot connect to {url}: {message}")]
    Connect {
        /// The endpoint.
        url: String,
        /// The cause.
        message: String,
    },
    /// The call's timeout elapsed: connecting, waiting for a connection slot, sending,
    /// receiving or decoding.
    #[error("request to {url} timed out")]
    Timeout {
        /// The endpoint.
        url: String,
    },
    /// TLS handshake or certificate failure.
    #[error("TLS failure with {url}: {message}")]
    Tls {
        /// The endpoint.
        url: String,
        /// The cause.
        message: String,
    },
    /// Another transport failure (connection reset, broken body stream, ...).
    #[error("transport failure with {url}: {message}")]
    Transport {
        /// The endpoint.
        url: String,
        /// The cause.
        message: String,
    },
    /// A redirect the [redirect rule](crate::redirect) refused: nothing was sent to its
    /// location.
    #[error(
        "refused redirect (HTTP {status}) from {url} to {}: {reason}",
        location.as_deref().unwrap_or("an unknown location")
    )]
    Redirect {
        /// The endpoint.
        url: String,
        /// The 3xx status.
        status: u16,
        /// The location without user info, query and fragment (at most 200 characters);
        /// `None` when the transport did not report a usable one.
        location: Option<String>,
        /// Why it was not followed.
        reason: RedirectReason,
    },
    /// An HTTP status whose body is not a SOAP envelope (an HTML error page, a proxy error).
    #[error("HTTP {status} from {url}: {}", if excerpt.is_empty() { "empty body" } else { excerpt })]
    Http {
        /// The status code.
        status: u16,
        /// The endpoint.
        url: String,
        /// The response's content type, if any.
        content_type: Option<String>,
        /// The start of the body as text, tags stripped (at most 200 characters).
        excerpt: String,
        /// The response's HTTP headers (`Retry-After`, a proxy's own), when the transport
        /// reports them.
        headers: HttpHeaders,
    },
    /// A SOAP Fault (1.1 or 1.2). The message quotes at most 100 characters of the code
    /// and 500 of the reason; the fault holds them whole.
    #[error("SOAP fault (HTTP {}) {}: {}", .0.http_status, excerpt(&.0.code, 100), excerpt(&.0.reason, 500))]
    Fault(Box<SoapFault>),
    /// SuperOffice reported a failure: `Succeeded=false` and/or an `ExceptionInfo` header.
    /// The failure derefs to its [`ExceptionInfo`] (`x.message`) and keeps the response's
    /// SOAP and HTTP headers.
    #[error("SuperOffice error: {0}")]
    SuperOffice(Box<SuperOfficeFailure>),
    /// The response could not be decoded.
    #[error("cannot decode response: {0}")]
    Decode(DecodeError),
    /// The response exceeded a configured limit.
    #[error("response exceeds the {kind:?} limit of {limit}")]
    LimitExceeded {
        /// Which limit.
        kind: LimitKind,
        /// Its configured value.
        limit: usize,
    },
    /// A login was refused, or answered without a ticket: wrong user name or password, an
    /// access token or system user the server does not accept. `exception` is the
    /// `ExceptionInfo` the server sent, when it sent one.
    #[error("login failed: {message}")]
    LoginFailed {
        /// What the server or the session said (without secrets).
        message: String,
        /// The server's exception, if any.
        exception: Option<Box<ExceptionInfo>>,
    },
    /// The SuperOffice Online tenant does not serve API calls in its current state
    /// (`Suspended`, `OfflineMaintenance`, `Deleted`, ...).
    #[error("tenant {context_identifier} is not running: its state is {state}")]
    TenantNotRunning {
        /// The tenant, such as `Cust12345`.
        context_identifier: String,
        /// Its state, as the tenant state API named it.
        state: String,
    },
    /// A SuperOffice Online request (login service, JWKS, tenant state) failed.
    #[cfg(feature = "online")]
    #[error(transparent)]
    Online(#[from] crate::online::OnlineError),
    /// The client was configured with invalid values (bad URL, header).
    #[error("invalid configuration: {0}")]
    Config(String),
    /// [`Call::blocking`](crate::Call::blocking) was called inside an async runtime.
    #[error("blocking call made from within an async runtime; use .await instead")]
    BlockingInAsync,
    /// The request could not be written for the client's wire: a value JSON cannot carry
    /// (a nil or repeated dictionary key, an XML-only `AnyValue`). Nothing was sent.
    #[error("cannot write the request: {0}")]
    Encode(String),
}

/// What [`Error::SuperOffice`] holds: the exception and the response it came in. Derefs to
/// the [`ExceptionInfo`].
///
/// ```
/// use sogen_runtime::{Error, ExceptionInfo, SuperOfficeFailure};
/// let e = Error::SuperOffice(Box::new(SuperOfficeFailure::from(ExceptionInfo {
///     message: "Cannot delete".into(),
///     ..Default::default()
/// })));
/// let Error::SuperOffice(x) = &e else { unreachable!() };
/// assert_eq!(x.message, "Cannot delete");
/// assert_eq!(e.response_headers().map(|h| h.extra_info.len()), Some(0));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SuperOfficeFailure {
    /// The `ExceptionInfo` header (or one saying that `Succeeded` was false).
    pub exception: ExceptionInfo,
    /// The response's other SOAP headers: `ExtraInfo`, `Succeeded`, `TimeZone`.
    pub headers: ResponseHeaders,
    /// The HTTP status (NetServer answers these with 200).
    pub http_status: u16,
    /// The response's HTTP headers, when the transport reports them.
    pub http_headers: HttpHeaders,
}

impl SuperOfficeFailure {
    pub(crate) fn new(
        exception: ExceptionInfo,
        headers: ResponseHeaders,
        http_status: u16,
    ) -> Self {
        SuperOfficeFailure {
            exception,
            headers,
            http_status,
            http_headers: HttpHeaders::default(),
        }
    }
}

impl From<ExceptionInfo> for SuperOfficeFailure {
    /// With no response headers and HTTP status 200.
    fn from(exception: ExceptionInfo) -> Self {
        SuperOfficeFailure::new(exception, ResponseHeaders::default(), 200)
    }
}

impl std::ops::Deref for SuperOfficeFailure {
    type Target = ExceptionInfo;
    fn deref(&self) -> &ExceptionInfo {
        &self.exception
    }
}

impl std::ops::DerefMut for SuperOfficeFailure {
    fn deref_mut(&mut self) -> &mut ExceptionInfo {
        &mut self.exception
    }
}

/// As the [`ExceptionInfo`].
impl std::fmt::Display for SuperOfficeFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.exception.fmt(f)
    }
}

impl Error {
    /// The HTTP status of the response behind this error, when one came: of
    /// [`Http`](Error::Http), [`Fault`](Error::Fault), [`SuperOffice`](Error::SuperOffice)
    /// and [`Redirect`](Error::Redirect).
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Http { status, .. } | Error::Redirect { status, .. } => Some(*status),
            Error::Fault(f) => Some(f.http_status),
            Error::SuperOffice(x) => Some(x.http_status),
            _ => None,
        }
    }

    /// The HTTP headers of the response behind an [`Http`](Error::Http) or
    /// [`SuperOffice`](Error::SuperOffice) error.
    pub fn http_headers(&self) -> Option<&HttpHeaders> {
        match self {
            Error::Http { headers, .. } => Some(headers),
            Error::SuperOffice(x) => Some(&x.http_headers),
            _ => None,
        }
    }

    /// The SOAP response headers (`ExtraInfo`, `TimeZone`) that came with a
    /// [`SuperOffice`](Error::SuperOffice) failure.
    pub fn response_headers(&self) -> Option<&ResponseHeaders> {
        match self {
            Error::SuperOffice(x) => Some(&x.headers),
            _ => None,
        }
    }
}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        use crate::codec::DecodeErrorKind as K;
        match *e.kind() {
            K::DepthExceeded { limit } => Error::LimitExceeded {
                kind: LimitKind::Depth,
                limit,
            },
            K::SizeExceeded { limit, .. } => Error::LimitExceeded {
                kind: LimitKind::ResponseSize,
                limit,
            },
            K::AttributesExceeded { limit } => Error::LimitExceeded {
                kind: LimitKind::Attributes,
                limit,
            },
            K::NamespaceDeclarationsExceeded { limit } => Error::LimitExceeded {
                kind: LimitKind::NamespaceDeclarations,
                limit,
            },
            K::UnknownElementsExceeded { limit } => Error::LimitExceeded {
                kind: LimitKind::UnknownElements,
                limit,
            },
            K::UnknownBytesExceeded { limit } => Error::LimitExceeded {
                kind: LimitKind::UnknownBytes,
                limit,
            },
            _ => Error::Decode(e),
        }
    }
}
