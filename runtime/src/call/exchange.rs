//! One HTTP exchange, the same for both wires: headers, the connection slot, the wire
//! log, the transport, the redirect rule, and the response read (by the wire's reader)
//! into a value or a typed error, within the time budget, off the async workers when
//! large, with the exchange's secrets hidden in whatever leaves it.

use std::time::{Duration, Instant};

use crate::client::Shared;
use crate::codec::Limits;
use crate::redact::{Redactor, Scrub};
use crate::redirect::{is_redirect, RedirectReason};
use crate::retry::{transient_status, Transient};
use crate::soap::ResponseHeaders;
use crate::transport::{HttpRequest, HttpResponse, TransportError};
use crate::wire::{self, Outgoing, Reader};
use crate::{Error, HttpHeaders, LimitKind, Secret};

/// The `User-Agent` sent unless a client or call sets one: `sogen/<version>`.
pub const USER_AGENT: &str = concat!("sogen/", env!("CARGO_PKG_VERSION"));

/// One HTTP exchange of a request a wire wrote ([`Outgoing`]), read by that wire's
/// [`Reader`] into a value or a typed error.
pub(crate) struct Exchange<'s> {
    pub(crate) shared: &'s Shared,
    /// Sending, receiving and decoding end by then (`None`: no limit).
    pub(crate) deadline: Option<Instant>,
    /// The call's own HTTP headers, over the client's of the same name.
    pub(crate) headers: &'s [(String, Secret)],
    /// Secrets in the request besides the client's application token and the credential
    /// the wire wrote: login parameters (kept out of errors and the wire log wherever
    /// they appear).
    pub(crate) secrets: &'s [&'s Secret],
    /// Elements whose text the wire log hides besides the secret ones (a login's
    /// `UserName`).
    pub(crate) hidden: &'s [&'s str],
}

/// What one exchange gave.
pub(crate) struct Exchanged<T> {
    pub(crate) outcome: Result<(T, ResponseHeaders), Error>,
    /// Whether a failure is worth repeating (for a call that may be repeated).
    pub(crate) transient: Option<Transient>,
    /// The response's status and HTTP headers, when one came.
    pub(crate) http: Option<(u16, HttpHeaders)>,
}

impl<T> Exchanged<T> {
    fn failed(e: Error, transient: Option<Transient>) -> Self {
        Exchanged {
            outcome: Err(e),
            transient,
            http: None,
        }
    }
}

impl Exchange<'_> {
    /// The HTTP headers: the wire's (`wire`), the client's and the call's (each replacing
    /// those of the same name before it), and `User-Agent` unless one of those set it.
    fn http_headers(&self, wire: Vec<(String, String)>) -> Vec<(String, String)> {
        let call = self.headers;
        let client = (self.shared.http_headers.iter())
            .filter(|(k, _)| !call.iter().any(|(c, _)| c.eq_ignore_ascii_case(k)));
        let extra: Vec<&(String, Secret)> = client.chain(call).collect();
        let replaced = |k: &str| extra.iter().any(|(e, _)| e.eq_ignore_ascii_case(k));
        let mut headers: Vec<(String, String)> =
            wire.into_iter().filter(|(k, _)| !replaced(k)).collect();
        if !extra
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("user-agent"))
        {
            headers.push(("User-Agent".into(), USER_AGENT.into()));
        }
        headers.extend(
            extra
                .iter()
                .map(|(k, v)| (k.clone(), v.expose().to_owned())),
        );
        headers
    }

    /// Every secret of this exchange: the credential (`sent`) and login parameters, the
    /// application token, and the values of the client's and the call's headers (and, for
    /// an `Authorization`-like `Scheme token`, the token alone). What a server quotes of
    /// them is hidden in errors, response headers and the wire log.
    fn redactor(&self, sent: &[Secret]) -> Redactor {
        let shared = self.shared;
        let headers: Vec<&str> = (shared.http_headers.iter())
            .chain(self.headers)
            .filter(|(k, _)| !k.eq_ignore_ascii_case("user-agent"))
            .map(|(_, v)| v.expose())
            .collect();
        let tokens = (headers.iter()).filter_map(|v| v.split_once(' ').map(|(_, token)| token));
        Redactor::new(
            (self.secrets.iter().map(|s| s.expose()))
                .chain(sent.iter().map(Secret::expose))
                .chain(shared.application_token.as_ref().map(Secret::expose))
                .chain(headers.iter().copied())
                .chain(tokens),
        )
    }

    fn remaining(&self) -> Duration {
        self.deadline.map_or(Duration::MAX, |d| {
            d.saturating_duration_since(Instant::now())
        })
    }

    /// Sends `out` and reads the answer with `reader`. Whatever fails, the error and the
    /// response's headers leave with this exchange's secrets hidden (a server may quote
    /// them back).
    pub(crate) async fn run<T: Send + 'static>(
        self,
        out: Outgoing,
        reader: Reader<T>,
        span: &tracing::Span,
    ) -> Exchanged<T> {
        let shared = self.shared;
        let Outgoing {
            url,
            headers,
            body,
            secrets,
            format,
        } = out;
        let headers = self.http_headers(headers);
        let redactor = self.redactor(&secrets);
        // A slot among the `max_connections`; waiting for it uses up the timeout.
        let Some(permit) = acquire(&shared.permits, self.remaining()).await else {
            return Exchanged::failed(Error::Timeout { url }, None);
        };
        wire::log::request(&url, &headers, &body, &redactor, self.hidden, format);
        let request = HttpRequest {
            url: url.clone(),
            headers,
            body,
            timeout: Some(self.remaining()),
            max_response_bytes: shared.limits.max_response_bytes,
        };
        let result = shared.transport.send_with_headers(request).await;
        drop(permit);
        let (response, mut http_headers) = match result {
            Ok(r) => r,
            Err(e) => {
                let transient = matches!(e, TransportError::Connect(_) | TransportError::Reset(_))
                    .then_some(Transient::Connection);
                let mut e = transport_error(e, url, shared.limits.max_response_bytes);
                e.scrub(&redactor);
                tracing::debug!(error = %e, "transport failed");
                return Exchanged::failed(e, transient);
            }
        };
        let status = response.status;
        span.record("http.status", status);
        http_headers.scrub(&redactor);
        wire::log::response(
            &url,
            status,
            &http_headers,
            &response.body,
            &redactor,
            self.hidden,
            format,
        );
        let transient = transient_status(status, &http_headers);
        if is_redirect(status) {
            // A transport that follows no redirect hands it over: it is not the answer.
            let e = Error::Redirect {
                url,
                status,
                location: None,
                reason: RedirectReason::NotFollowed,
            };
            return Exchanged {
                http: Some((status, http_headers)),
                ..Exchanged::failed(e, None)
            };
        }
        let limits = shared.limits;
        let read = decode_body(
            response,
            limits,
            url,
            reader,
            self.deadline,
            redactor.clone(),
        );
        let mut outcome = read.await;
        match &mut outcome {
            Err(e) => {
                match e {
                    Error::Http { headers, .. } => headers.clone_from(&http_headers),
                    Error::SuperOffice(x) => x.http_headers.clone_from(&http_headers),
                    _ => {}
                }
                e.scrub(&redactor);
            }
            Ok((_, headers)) => headers.scrub(&redactor),
        }
        Exchanged {
            transient: transient.filter(|_| outcome.is_err()),
            outcome,
            http: Some((status, http_headers)),
        }
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
    decode: Reader<T>,
    deadline: Option<Instant>,
    redactor: Redactor,
) -> Result<(T, ResponseHeaders), Error> {
    #[cfg(feature = "http")]
    if response.body.len() >= OFFLOAD_BYTES {
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let endpoint = url.clone();
            let read = move || read_owned(response, limits, &url, deadline, decode, &redactor);
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
    read_owned(response, limits, &url, deadline, decode, &redactor)
}

fn read_owned<T>(
    response: HttpResponse,
    limits: Limits,
    url: &str,
    deadline: Option<Instant>,
    decode: Reader<T>,
    redactor: &Redactor,
) -> Result<(T, ResponseHeaders), Error> {
    let content_type = response.content_type.as_deref();
    wire::read(
        decode,
        response.status,
        content_type,
        &response.body,
        limits,
        url,
        deadline,
        redactor,
    )
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
        TransportError::Reset(message) | TransportError::Other(message) => {
            Error::Transport { url, message }
        }
    }
}
