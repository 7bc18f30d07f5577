//! One prepared call: send, read the response, report (async or blocking).

use std::future::{Future, IntoFuture};
use std::pin::Pin;
#[cfg(feature = "http")]
use std::sync::OnceLock;
use std::time::Instant;

use tracing::Instrument as _;

use crate::client::{Client, OperationInfo, Shared, Target};
use crate::codec::{Decode, DecodeError, ElementStart, Limits, XmlReader};
use crate::redirect::{is_redirect, RedirectReason};
use crate::soap::{read_response, ResponseHeaders};
use crate::transport::{HttpRequest, HttpResponse, TransportError};
use crate::{Error, LimitKind};

use crate::soap::DecodeFn;

/// A decoded response with its headers.
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    /// The content of the response.
    pub value: T,
    /// `ExtraInfo`, `Succeeded` and `TimeZone`.
    pub headers: ResponseHeaders,
}

/// A prepared call (the body is already written; the envelope around it is written when
/// it is sent, with the ticket current then). `.await` it for the value,
/// [`with_headers`](Self::with_headers) for the value and the response headers, or
/// [`blocking`](Self::blocking) without an async runtime.
#[must_use = "a call does nothing until awaited or run with .blocking()"]
pub struct Call<T> {
    client: Client,
    op: &'static OperationInfo,
    body: Vec<u8>,
    decode: DecodeFn<T>,
}

impl<T> std::fmt::Debug for Call<T> {
    /// The body may hold secrets (a password parameter): only its size is shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("op", &self.op)
            .field("body", &format_args!("[{} bytes]", self.body.len()))
            .finish()
    }
}

impl<T> Call<T> {
    pub(crate) fn new(
        client: Client,
        op: &'static OperationInfo,
        body: Vec<u8>,
        decode: DecodeFn<T>,
    ) -> Self {
        Call {
            client,
            op,
            body,
            decode,
        }
    }

    /// The request envelope as a client with a fixed ticket sends it (contains the
    /// secrets: do not log it). A session's call writes its envelope when it is sent, with
    /// the ticket current then; here it has none.
    pub fn envelope(&self) -> Vec<u8> {
        let ticket = match &self.client.inner.target {
            Target::Fixed { ticket, .. } => ticket.as_ref(),
            Target::Session(_, ticket) => ticket.as_ref(),
        };
        self.client.envelope(self.op, ticket, &self.body)
    }
}

impl<T: Send + 'static> Call<T> {
    /// Sends the call; resolves to the value and the response headers.
    pub async fn with_headers(self) -> Result<Response<T>, Error> {
        let op = self.op;
        let span = tracing::info_span!(
            "soap_call",
            agent = op.agent,
            operation = op.name,
            http.status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        self.execute(span.clone()).instrument(span).await
    }

    async fn execute(self, span: tracing::Span) -> Result<Response<T>, Error> {
        let started = Instant::now();
        let shared = &self.client.inner.shared;
        // Sending, receiving and decoding, of every attempt, count against the timeout.
        let deadline = started.checked_add(shared.timeout);
        let (mut relogged, mut moved) = (false, false);
        let outcome = loop {
            let route = match Route::of(&self.client, self.op).await {
                Ok(route) => route,
                Err(e) => break Err(e),
            };
            let envelope = self
                .client
                .envelope(self.op, route.ticket.as_ref(), &self.body);
            let exchange = Exchange {
                shared,
                url: route.url,
                action: self.op.action,
                soap: self.op.soap,
                started,
                deadline,
            };
            let outcome = exchange.run(envelope, self.decode, &span).await;
            // Only a session repeats a call, and only once per cause, after the server
            // refused it before doing anything: an expired ticket, a moved tenant.
            let Some(session) = route.session else {
                break outcome;
            };
            match &outcome {
                Err(e) if !moved && session.endpoint_may_have_moved(e) => {
                    moved = true;
                    match session.endpoint_refused(route.endpoint_generation).await {
                        Ok(true) => continue,
                        Ok(false) => {}
                        Err(e) => break Err(e),
                    }
                }
                Err(e) if !relogged && route.renewable && session.is_expired(e) => {
                    relogged = true;
                    tracing::debug!("ticket no longer valid: logging in again");
                    match session.renew(route.ticket_generation, self.op).await {
                        Ok(()) => continue,
                        Err(e) => break Err(e),
                    }
                }
                _ => {}
            }
            break outcome;
        };
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        match outcome {
            Ok((value, headers)) => {
                tracing::debug!("call succeeded");
                Ok(Response { value, headers })
            }
            Err(e) => {
                tracing::debug!(error = %e, "call failed");
                Err(e)
            }
        }
    }

    /// Runs the call on an internal runtime, for callers without one.
    ///
    /// Returns [`Error::BlockingInAsync`] when called from inside a Tokio runtime.
    pub fn blocking(self) -> Result<T, Error> {
        self.blocking_with_headers().map(|r| r.value)
    }

    /// As [`blocking`](Self::blocking), with the response headers.
    pub fn blocking_with_headers(self) -> Result<Response<T>, Error> {
        #[cfg(feature = "http")]
        {
            if tokio::runtime::Handle::try_current().is_ok() {
                return Err(Error::BlockingInAsync);
            }
            blocking_runtime()?.block_on(self.with_headers())
        }
        #[cfg(not(feature = "http"))]
        {
            block_on(self.with_headers())
        }
    }
}

impl<T: Send + 'static> IntoFuture for Call<T> {
    type Output = Result<T, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.with_headers().await.map(|r| r.value) })
    }
}

/// Where one attempt of a call goes, with which ticket.
struct Route<'c> {
    url: String,
    ticket: Option<crate::Secret>,
    /// The session whose endpoint and ticket these are.
    session: Option<&'c crate::session::Core>,
    /// Whether the session may renew the ticket (not when the client was given one).
    renewable: bool,
    ticket_generation: u64,
    endpoint_generation: u64,
}

impl<'c> Route<'c> {
    async fn of(client: &'c Client, op: &OperationInfo) -> Result<Route<'c>, Error> {
        match &client.inner.target {
            Target::Fixed { base_url, ticket } => Ok(Route {
                url: format!("{base_url}{}", op.service_path),
                ticket: ticket.clone(),
                session: None,
                renewable: false,
                ticket_generation: 0,
                endpoint_generation: 0,
            }),
            Target::Session(core, fixed) => {
                let (site, endpoint_generation) = core.site().await?;
                let url = format!(
                    "{site}/Remote/{}/{}",
                    crate::session::version_of(op.namespace),
                    op.service_path
                );
                let (ticket, ticket_generation) = match fixed {
                    Some(t) => (Some(t.clone()), 0),
                    None => {
                        let (t, g) = core.ticket(op).await?;
                        (Some(t), g)
                    }
                };
                Ok(Route {
                    url,
                    ticket,
                    session: Some(core),
                    renewable: fixed.is_none(),
                    ticket_generation,
                    endpoint_generation,
                })
            }
        }
    }
}

/// One HTTP exchange of a SOAP envelope, read into a value, a fault or a failure.
pub(crate) struct Exchange<'s> {
    pub(crate) shared: &'s Shared,
    pub(crate) url: String,
    pub(crate) action: &'s str,
    pub(crate) soap: crate::SoapVersion,
    pub(crate) started: Instant,
    pub(crate) deadline: Option<Instant>,
}

impl Exchange<'_> {
    pub(crate) async fn run<T: Send + 'static>(
        self,
        envelope: Vec<u8>,
        decode: DecodeFn<T>,
        span: &tracing::Span,
    ) -> Result<(T, ResponseHeaders), Error> {
        let shared = self.shared;
        let url = self.url;
        let mut headers = self.soap.http_headers(self.action);
        headers.extend(shared.http_headers());
        // A slot among the `max_connections`; waiting for it uses up the timeout.
        let remaining = shared.timeout.saturating_sub(self.started.elapsed());
        let Some(permit) = acquire(&shared.permits, remaining).await else {
            return Err(Error::Timeout { url });
        };
        let request = HttpRequest {
            url: url.clone(),
            headers,
            body: envelope,
            timeout: Some(shared.timeout.saturating_sub(self.started.elapsed())),
            max_response_bytes: shared.limits.max_response_bytes,
        };
        let result = shared.transport.send(request).await;
        drop(permit);
        let response = match result {
            Ok(r) => r,
            Err(e) => {
                tracing::debug!(error = %e, "transport failed");
                return Err(transport_error(e, url, shared.limits.max_response_bytes));
            }
        };
        span.record("http.status", response.status);
        if is_redirect(response.status) {
            // A transport that follows no redirect hands it over: it is not the answer.
            return Err(Error::Redirect {
                url,
                status: response.status,
                location: None,
                reason: RedirectReason::NotFollowed,
            });
        }
        decode_body(response, shared.limits, url, decode, self.deadline).await
    }
}

/// Bodies from this size on are decoded on Tokio's blocking pool, off the async workers:
/// handing a decode over costs about 14 us, decoding 64 KB about 0.4 ms (`offload` in
/// `benches/codec.rs`).
#[cfg(feature = "http")]
const OFFLOAD_BYTES: usize = 64 * 1024;

/// Reads `response` within `deadline`; large bodies on the blocking pool when a Tokio
/// runtime drives the call.
async fn decode_body<T: Send + 'static>(
    response: HttpResponse,
    limits: Limits,
    url: String,
    decode: DecodeFn<T>,
    deadline: Option<Instant>,
) -> Result<(T, ResponseHeaders), Error> {
    #[cfg(feature = "http")]
    if response.body.len() >= OFFLOAD_BYTES {
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let endpoint = url.clone();
            let read = move || read_owned(response, limits, &url, deadline, decode);
            return match runtime.spawn_blocking(read).await {
                Ok(outcome) => outcome,
                Err(e) => match e.try_into_panic() {
                    Ok(panic) => std::panic::resume_unwind(panic),
                    // Only when the runtime shuts down.
                    Err(e) => Err(Error::Transport {
                        url: endpoint,
                        message: format!("decoding was cancelled: {e}"),
                    }),
                },
            };
        }
    }
    read_owned(response, limits, &url, deadline, decode)
}

fn read_owned<T>(
    response: HttpResponse,
    limits: Limits,
    url: &str,
    deadline: Option<Instant>,
    decode: DecodeFn<T>,
) -> Result<(T, ResponseHeaders), Error> {
    let content_type = response.content_type.as_deref();
    read_response(
        response.status,
        content_type,
        &response.body,
        limits,
        url,
        deadline,
        decode,
    )
}

/// One small runtime shared by all blocking calls, so that pooled connections survive
/// between calls.
#[cfg(feature = "http")]
fn blocking_runtime() -> Result<&'static tokio::runtime::Runtime, Error> {
    static RUNTIME: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .thread_name("sogen-blocking")
                .enable_all()
                .build()
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| Error::Config(format!("cannot start the blocking runtime: {e}")))
}

/// Without Tokio: polls the future on this thread, parking between wake-ups.
#[cfg(not(feature = "http"))]
fn block_on<F: Future>(future: F) -> F::Output {
    use std::sync::Arc;
    use std::task::{Context, Poll, Wake, Waker};
    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(v) = future.as_mut().poll(&mut cx) {
            return v;
        }
        std::thread::park();
    }
}

/// A permit of `permits`, or `None` when none came free within `timeout`. The timer only
/// starts when the client is at its cap.
async fn acquire(
    permits: &tokio::sync::Semaphore,
    timeout: std::time::Duration,
) -> Option<tokio::sync::SemaphorePermit<'_>> {
    if let Ok(p) = permits.try_acquire() {
        return Some(p);
    }
    #[cfg(feature = "http")]
    {
        tokio::time::timeout(timeout, permits.acquire())
            .await
            .ok()?
            .ok()
    }
    #[cfg(not(feature = "http"))]
    {
        // No timer without Tokio's runtime: the transport's own timeout applies.
        let _ = timeout;
        permits.acquire().await.ok()
    }
}

fn transport_error(e: TransportError, url: String, limit: usize) -> Error {
    match e {
        TransportError::Connect(message) => Error::Connect { url, message },
        TransportError::Timeout => Error::Timeout { url },
        TransportError::Tls(message) => Error::Tls { url, message },
        TransportError::TooLarge { .. } => Error::LimitExceeded {
            kind: LimitKind::ResponseSize,
            limit,
        },
        TransportError::Redirect(refused) => Error::Redirect {
            url,
            status: refused.status,
            location: refused.location,
            reason: refused.reason,
        },
        TransportError::Other(message) => Error::Transport { url, message },
    }
}

/// Decodes a response wrapper (`XResponse`): the value of its `Response` child, or
/// `T::default()` when it is absent or nil.
pub fn decode_response<T: Decode + Default>(
    r: &mut XmlReader<'_>,
    start: &ElementStart<'_>,
) -> Result<T, DecodeError> {
    decode_response_with(r, start, T::decode)
}

/// As [`decode_response`], with the `Response` child read by `decode`: for values that have
/// no [`Decode`] impl of their own, such as lists and dictionaries.
///
/// ```
/// use sogen_runtime::{decode_list, decode_response_with, soap::parse_response, Limits};
/// let body = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
///   <GetIdsResponse xmlns="urn:x"><Response><int>1</int><int>2</int></Response></GetIdsResponse>
/// </s:Body></s:Envelope>"#;
/// let ids = parse_response(200, None, body, Limits::default(), |r, s| {
///     decode_response_with(r, s, decode_list::<i32>)
/// })
/// .unwrap();
/// assert_eq!(ids.value, vec![1, 2]);
/// ```
pub fn decode_response_with<T: Default>(
    r: &mut XmlReader<'_>,
    _start: &ElementStart<'_>,
    decode: impl FnOnce(&mut XmlReader<'_>, &ElementStart<'_>) -> Result<T, DecodeError>,
) -> Result<T, DecodeError> {
    let mut decode = Some(decode);
    let mut value = None;
    while let Some(child) = r.next_child()? {
        if child.local_name() == "Response" && !child.is_nil() {
            if let Some(f) = decode.take() {
                value = Some(f(r, &child)?);
                continue;
            }
        }
        r.skip()?;
    }
    Ok(value.unwrap_or_default())
}

/// Decodes the wrapper of a void operation (its content is ignored).
pub fn decode_void(r: &mut XmlReader<'_>, _start: &ElementStart<'_>) -> Result<(), DecodeError> {
    while r.next_child()?.is_some() {
        r.skip()?;
    }
    Ok(())
}
