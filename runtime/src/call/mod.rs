//! One prepared call: its options, its attempts, and the outcome (async or blocking).

mod blocking;
mod decode;
mod exchange;
mod request;
mod route;

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::{Duration, Instant};

use tracing::Instrument as _;

use crate::client::{check_header, Client, OperationInfo, Target};
use crate::retry::{self, RetryPolicy, Transient};
use crate::soap::{ResponseHeaders, TimeZone};
use crate::wire::{self, Locale, Payload, Reader};
use crate::{Error, HttpHeaders, Secret};
use route::Route;

pub use decode::{decode_response, decode_response_with, decode_void};
pub(crate) use exchange::Exchange;
pub use exchange::USER_AGENT;
pub(crate) use request::{not_generated, prepare, Prepared};
pub use request::{Body, Decoders, JsonBody, JsonDecodeFn, JsonRequest};

/// A decoded response with its SOAP and HTTP headers.
///
/// ```no_run
/// # use sogen_runtime::*;
/// # fn get_chat_topic(client: &Client, id: i32) -> Call<i32> { unimplemented!() }
/// # async fn demo(client: Client) -> Result<(), Error> {
/// let r = get_chat_topic(&client, 1).with_headers().await?;
/// println!("{} (HTTP {}, server {:?}, zone {:?})", r.value, r.http_status,
///     r.http_headers.get("server"), r.headers.time_zone);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    /// The content of the response.
    pub value: T,
    /// `ExtraInfo`, `Succeeded` and `TimeZone`: SOAP headers, empty over REST.
    pub headers: ResponseHeaders,
    /// The HTTP status (2xx).
    pub http_status: u16,
    /// The HTTP headers, when the transport reports them (the default one does; see
    /// [`Transport::send_with_headers`](crate::Transport::send_with_headers)).
    pub http_headers: HttpHeaders,
}

/// A prepared call (the body is already written; the envelope around it is written when
/// it is sent, with the ticket current then). `.await` it for the value,
/// [`with_headers`](Self::with_headers) for the value and the response headers, or
/// [`blocking`](Self::blocking) without an async runtime.
///
/// Before that, per-call options: [`timeout`](Self::timeout), extra HTTP
/// [`header`](Self::header)s, [retries](crate::retry) ([`retry`](Self::retry),
/// [`idempotent`](Self::idempotent)), the [`time_zone`](Self::time_zone),
/// [`language`](Self::language) and [`culture`](Self::culture) of this call, and the
/// REST wire's [`select`](Self::select).
///
/// ```no_run
/// # use sogen_runtime::*;
/// # fn get_chat_topic(client: &Client, id: i32) -> Call<i32> { unimplemented!() }
/// # async fn demo(client: Client) -> Result<(), Error> {
/// use std::time::Duration;
/// let topic = get_chat_topic(&client, 1)
///     .timeout(Duration::from_secs(5))           // this call only, all of it
///     .header("X-Correlation-Id", "req-42")      // this call only
///     .retry(RetryPolicy::new().max_attempts(3)) // transient failures, this call only
///     .await?;
/// // Bounded without async too: the timeout covers the whole blocking call.
/// let topic = get_chat_topic(&client, 1).timeout(Duration::from_secs(5)).blocking()?;
/// # Ok(()) }
/// ```
#[must_use = "a call does nothing until awaited or run with .blocking()"]
pub struct Call<T> {
    client: Client,
    op: &'static OperationInfo,
    /// The request for the client's wire (the SOAP request element, the REST body and
    /// query), or why there is none.
    request: Prepared,
    decoders: Decoders<T>,
    options: Options,
}

/// What one call changes of its client's settings.
#[derive(Debug, Default)]
struct Options {
    timeout: Option<Duration>,
    headers: Vec<(String, Secret)>,
    retry: Option<RetryPolicy>,
    idempotent: bool,
    locale: Locale,
}

impl<T> std::fmt::Debug for Call<T> {
    /// The body may hold secrets (a password parameter): only its size is shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("op", &self.op)
            .field("body", &format_args!("[{} bytes]", self.request.len()))
            .field("options", &self.options)
            .finish()
    }
}

impl<T> Call<T> {
    pub(crate) fn new(
        client: Client,
        op: &'static OperationInfo,
        request: Prepared,
        decoders: Decoders<T>,
    ) -> Self {
        Call {
            client,
            op,
            request,
            decoders,
            options: Options::default(),
        }
    }

    /// This call's timeout, instead of the client's: the whole call (waiting for a
    /// connection slot or a login, every attempt and retry wait, decoding) ends within it,
    /// else [`Error::Timeout`]. Bounds [`blocking`](Self::blocking) as well.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// An extra HTTP header on this call's request (its value is treated as secret),
    /// replacing a client header of the same name; `User-Agent` replaces the default
    /// [`USER_AGENT`]. An invalid name or value fails the call with [`Error::Config`].
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.headers.push((name.into(), Secret::new(value)));
        self
    }

    /// Retries this call's transient failures under `policy`, whatever its operation: you
    /// vouch that repeating it is safe. [`RetryPolicy::NEVER`] turns retries off for it.
    /// See [`retry`](crate::retry).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.options.retry = Some(policy);
        self
    }

    /// Marks this call safe to repeat, so that the client's retry policy applies to it even
    /// when its operation is not a read.
    pub fn idempotent(mut self) -> Self {
        self.options.idempotent = true;
        self
    }

    /// The properties the REST wire returns (`$select`): a comma-separated list of
    /// property names, `/` for nested ones (`"Name,Department,Category/Id"`); the API nulls
    /// out the others. On the SOAP wire, which has no such option, the call returns the
    /// whole value: code that reads the selected properties works on both wires.
    pub fn select(mut self, properties: impl Into<String>) -> Self {
        self.options.locale.select = Some(properties.into());
        self
    }

    /// This call's time zone, instead of the client's
    /// ([`ClientBuilder::time_zone`](crate::ClientBuilder::time_zone)): the `TimeZone`
    /// SOAP header, or REST's `SO-TimeZone`.
    pub fn time_zone(mut self, time_zone: TimeZone) -> Self {
        self.options.locale.time_zone = Some(time_zone);
        self
    }

    /// This call's language (`Accept-Language` and `SO-Language`, such as `"en"`; `"*"`
    /// asks for no translation), instead of the client's.
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.options.locale.language = Some(language.into());
        self
    }

    /// This call's culture (`SO-Culture`, such as `"nb-NO"`: how numbers and dates are
    /// formatted), instead of the client's.
    pub fn culture(mut self, culture: impl Into<String>) -> Self {
        self.options.locale.culture = Some(culture.into());
        self
    }

    /// The request envelope as a client with a fixed ticket sends it (contains the
    /// secrets: do not log it). A session's call writes its envelope when it is sent, with
    /// the ticket current then; here it has none. Empty for a call that is not a SOAP
    /// call (see [`json_request`](Self::json_request)).
    pub fn envelope(&self) -> Vec<u8> {
        let Prepared::Xml(body) = &self.request else {
            return Vec::new();
        };
        let ticket = match &self.client.inner.target {
            Target::Fixed { ticket, .. } => ticket.as_ref(),
            Target::Session(_, ticket) => ticket.as_ref(),
        };
        let shared = &self.client.inner.shared;
        let time_zone = (self.options.locale.time_zone.as_ref()).or(shared.time_zone.as_ref());
        self.client.envelope(self.op, ticket, time_zone, body)
    }

    /// The JSON body and query of a call on a REST client ([`Wire::Rest`](crate::Wire::Rest)); `None` on a
    /// SOAP client, or when the request could not be written (the error the call then
    /// fails with).
    pub fn json_request(&self) -> Option<&JsonRequest> {
        match &self.request {
            Prepared::Json(r) => Some(r),
            _ => None,
        }
    }

    /// The policy for this call: its own, else the client's if the operation is safe to
    /// repeat.
    fn retry_policy(&self) -> RetryPolicy {
        let shared = &self.client.inner.shared;
        match self.options.retry {
            Some(p) => p,
            None if self.options.idempotent || shared.idempotent.accepts(self.op) => shared.retry,
            None => RetryPolicy::NEVER,
        }
    }
}

impl<T: Send + 'static> Call<T> {
    /// Sends the call; resolves to the value and the response headers.
    pub async fn with_headers(self) -> Result<Response<T>, Error> {
        let op = self.op;
        let shared = &self.client.inner.shared;
        let span = tracing::info_span!(
            "soap_call",
            agent = op.agent,
            operation = op.name,
            wire = shared.wire.name(),
            http.status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let timeout = (self.options.timeout).unwrap_or(shared.timeout);
        // The last endpoint tried, for a timeout that ends the call from outside (before
        // the first attempt, during a session's login: the operation's path).
        let mut url = route::first_url(&self.client, op);
        // The failure of the last attempt that is being retried: the answer when the time
        // budget ends before a later attempt has one.
        let mut retried = None;
        let run = self.execute(started, timeout, span.clone(), &mut url, &mut retried);
        let outcome = within(timeout, run.instrument(span.clone())).await;
        let outcome = outcome.unwrap_or_else(|| Err(retried.unwrap_or(Error::Timeout { url })));
        let _entered = span.enter();
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        match &outcome {
            Ok(_) => tracing::debug!("call succeeded"),
            Err(e) => tracing::debug!(error = %e, "call failed"),
        }
        outcome
    }

    async fn execute(
        mut self,
        started: Instant,
        timeout: Duration,
        span: tracing::Span,
        url_tried: &mut String,
        retried: &mut Option<Error>,
    ) -> Result<Response<T>, Error> {
        let shared = &self.client.inner.shared;
        for (name, value) in &self.options.headers {
            check_header(name, value)?;
        }
        self.options.locale.check()?;
        let request = std::mem::replace(&mut self.request, Prepared::Xml(Vec::new()));
        let (payload, reader) = match (request, self.decoders) {
            (Prepared::Failed(e), _) => return Err(e),
            (Prepared::Xml(body), Decoders { xml: Some(d), .. }) => {
                (Payload::Soap(body), Reader::Soap(d))
            }
            (Prepared::Json(r), Decoders { json: Some(d), .. }) => {
                (Payload::Rest(r), Reader::Rest(d))
            }
            // `prepare` wrote the request only for a wire the agent has a reader for.
            _ => return Err(not_generated(shared.wire, self.op)),
        };
        // Sending, receiving and decoding, of every attempt, count against the timeout.
        let deadline = started.checked_add(timeout);
        let policy = self.retry_policy();
        let retry_until = match (deadline, policy.until(started)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let (mut relogged, mut moved, mut attempt) = (false, false, 1u32);
        loop {
            let route = Route::of(&self.client, self.op).await?;
            let out = wire::outgoing(
                &self.client,
                self.op,
                &route.endpoint,
                route.credential.as_ref(),
                &payload,
                &self.options.locale,
            )?;
            url_tried.clone_from(&out.url);
            let exchange = Exchange {
                shared,
                deadline,
                headers: &self.options.headers,
                secrets: &[],
                hidden: &[],
            };
            let exchanged = exchange.run(out, reader, &span).await;
            let outcome = exchanged.outcome;
            // Only a session repeats a call, and only once per cause, after the server
            // refused it before doing anything: an expired ticket, a moved tenant.
            if let (Err(e), Some(session)) = (&outcome, route.session) {
                if !moved && session.endpoint_may_have_moved(e) {
                    moved = true;
                    if session.endpoint_refused(route.endpoint_generation).await? {
                        continue;
                    }
                } else if !relogged && route.renewable && session.is_expired(e) {
                    relogged = true;
                    tracing::debug!("credentials no longer valid: logging in again");
                    let cause = crate::session::LoginCause::rejected(self.op.name, e);
                    session
                        .renew(route.ticket_generation, self.op, cause)
                        .await?;
                    continue;
                }
            }
            if let (Err(e), Some(transient)) = (&outcome, exchanged.transient) {
                if let Some(wait) = wait_to_retry(&policy, attempt, transient, retry_until).await {
                    tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, error = %e, "transient failure: retrying");
                    *retried = outcome.err();
                    attempt += 1;
                    continue;
                }
            }
            // The time budget ran out in a retry (the transport's own timer may fire first):
            // the failure being retried is the answer.
            if let (Err(Error::Timeout { .. }), Some(e)) = (&outcome, retried.take()) {
                return Err(e);
            }
            let (http_status, http_headers) = exchanged.http.unwrap_or_default();
            return outcome.map(|(value, headers)| Response {
                value,
                headers,
                http_status,
                http_headers,
            });
        }
    }

    /// Runs the call on an internal runtime, for callers without one. The call's
    /// [`timeout`](Self::timeout) bounds it.
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
            blocking::blocking_runtime()?.block_on(self.with_headers())
        }
        #[cfg(not(feature = "http"))]
        {
            blocking::block_on(self.with_headers())
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

/// `run`'s output, or `None` once `timeout` has passed, on Tokio's timer. Awaited outside
/// a Tokio runtime (another executor, a custom transport), or without the `http` feature,
/// the deadlines inside the call and the transport's timeout apply.
async fn within<F: Future>(timeout: Duration, run: F) -> Option<F::Output> {
    #[cfg(feature = "http")]
    {
        if tokio::runtime::Handle::try_current().is_ok() {
            return tokio::time::timeout(timeout, run).await.ok();
        }
        Some(run.await)
    }
    #[cfg(not(feature = "http"))]
    {
        let _ = timeout;
        Some(run.await)
    }
}

/// After attempt `attempt` failed with `transient`: waits before the next one when `policy`
/// allows another and the wait ends before `until`; the wait, or `None` when no attempt
/// follows. The policy's backoff is the floor: a `Retry-After: 0` storm is not answered at
/// once; a longer `Retry-After` is honoured.
pub(crate) async fn wait_to_retry(
    policy: &RetryPolicy,
    attempt: u32,
    transient: Transient,
    until: Option<Instant>,
) -> Option<Duration> {
    if attempt >= policy.attempts() {
        return None;
    }
    let backoff = policy.backoff_for(attempt);
    let wait = match transient {
        Transient::Status(Some(asked)) => asked.max(backoff),
        Transient::Status(None) | Transient::Connection => backoff,
    };
    if !(retry::fits(wait, until) && has_timer()) {
        return None;
    }
    pause(wait).await;
    Some(wait)
}

/// Whether there is a timer to wait on before a retry (Tokio's: with the `http` feature,
/// inside a Tokio runtime).
fn has_timer() -> bool {
    #[cfg(feature = "http")]
    {
        tokio::runtime::Handle::try_current().is_ok()
    }
    #[cfg(not(feature = "http"))]
    {
        false
    }
}

/// Waits `wait` before a retry (only called when [`has_timer`]).
async fn pause(wait: Duration) {
    #[cfg(feature = "http")]
    tokio::time::sleep(wait).await;
    #[cfg(not(feature = "http"))]
    let _ = wait;
}
