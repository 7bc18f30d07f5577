//! The wire log: every SOAP request and response as `tracing` events of target
//! [`WIRE_TARGET`] at `TRACE`, secrets redacted, each body cut at [`WIRE_LOG_LIMIT`] bytes.
//!
//! Turn it on by enabling that target, e.g. with `tracing-subscriber`'s `EnvFilter`:
//! `RUST_LOG=sogen::wire=trace`. The events are `request` (fields `url`, `headers`, `bytes`,
//! `body`) and `response` (`url`, `status`, `headers`, `bytes`, `body`). Nothing is formatted
//! unless the target is enabled.
//!
//! Redaction: the text inside every element whose name is a secret's (`Ticket`,
//! `ApplicationToken`, `Password`, `AccessToken`, ... by the same rule as the `Debug` of
//! generated types: see `Secret` and the generator's `plan::secrets`), at any depth, and
//! the value of every attribute so named, become `[redacted]`. Request headers show only
//! `Content-Type`, `SOAPAction` and `User-Agent` (those of clients and calls may hold a
//! bearer token); response headers hide `Set-Cookie` and the like ([`HttpHeaders`]). And
//! wherever it appears (a server that quotes a password back in an error message), every
//! secret the runtime holds for the exchange -- ticket, application token, header values,
//! login parameters -- is replaced as well, as written and XML-escaped.
//!
//! [`HttpHeaders`]: crate::HttpHeaders

use crate::redact::{redact_xml, REDACTED};
use crate::transport::redacted_headers;
use crate::{HttpHeaders, Secret};

/// The `tracing` target of the wire log.
pub const WIRE_TARGET: &str = "sogen::wire";

/// At most this many bytes of each body are logged (16 KiB); the event's `bytes` field
/// gives the whole size.
pub const WIRE_LOG_LIMIT: usize = 16 * 1024;

/// Whether the wire log is on (checked first, so that nothing is formatted otherwise).
pub(crate) fn enabled() -> bool {
    tracing::enabled!(target: "sogen::wire", tracing::Level::TRACE)
}

/// The redacted body, marked when cut.
fn shown(body: &[u8], secrets: &[&Secret]) -> String {
    let mut text = redact_xml(body, WIRE_LOG_LIMIT);
    for secret in secrets.iter().map(|s| s.expose()).filter(|s| !s.is_empty()) {
        text = text.replace(secret, REDACTED);
        let escaped = escape(secret);
        if escaped != secret {
            text = text.replace(&escaped, REDACTED);
        }
    }
    if body.len() > WIRE_LOG_LIMIT {
        text.push_str(&format!(
            " ... [cut: {WIRE_LOG_LIMIT} of {} bytes shown]",
            body.len()
        ));
    }
    text
}

/// `s` as XML text writes it.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// Logs a request about to be sent; `secrets` are replaced wherever they appear.
pub(crate) fn request(url: &str, headers: &[(String, String)], body: &[u8], secrets: &[&Secret]) {
    if !enabled() {
        return;
    }
    let headers = redacted_headers(headers);
    tracing::trace!(
        target: "sogen::wire",
        url,
        headers = ?headers,
        bytes = body.len(),
        body = %shown(body, secrets),
        "request"
    );
}

/// Logs a response as received; `secrets` are replaced wherever they appear.
pub(crate) fn response(
    url: &str,
    status: u16,
    headers: &HttpHeaders,
    body: &[u8],
    secrets: &[&Secret],
) {
    if !enabled() {
        return;
    }
    tracing::trace!(
        target: "sogen::wire",
        url,
        status,
        headers = ?headers,
        bytes = body.len(),
        body = %shown(body, secrets),
        "response"
    );
}
