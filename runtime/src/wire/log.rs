//! The wire log: every request and response of both wires as `tracing` events of target
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
//! the value of every attribute so named, become `[redacted]`; in a JSON body (the REST
//! wire) the value of every member so named; so does the text of a login's `UserName`
//! element (personal data, not a secret: hidden there only). Request headers show only
//! `Content-Type`, `SOAPAction`, `Accept`, `User-Agent` and the locale headers
//! (`Authorization`, `SO-AppToken` and those of clients and calls may hold secrets);
//! response headers hide `Set-Cookie` and the like
//! ([`HttpHeaders`]). And wherever it appears (a server that quotes a password back in an
//! error message or a header), every secret the runtime holds for the exchange -- ticket,
//! application token, header values, login parameters -- is replaced as well, in every
//! form: as written, XML- or JSON-escaped, in part or in full. All of it happens before
//! the body is cut to [`WIRE_LOG_LIMIT`], so a cut never shows part of a secret.
//!
//! [`HttpHeaders`]: crate::HttpHeaders

use super::Format;
use crate::redact::{redact_xml, Redactor, REDACTED};
use crate::transport::redacted_headers;
use crate::HttpHeaders;

/// The `tracing` target of the wire log.
pub const WIRE_TARGET: &str = "sogen::wire";

/// At most this many bytes of each body are logged (16 KiB); the event's `bytes` field
/// gives the whole size.
pub const WIRE_LOG_LIMIT: usize = 16 * 1024;

/// Whether the wire log is on (checked first, so that nothing is formatted otherwise).
pub(crate) fn enabled() -> bool {
    tracing::enabled!(target: "sogen::wire", tracing::Level::TRACE)
}

/// The redacted body, cut and marked when longer than the limit. Only the start of the
/// body is read: enough that, once redacted, at least a secret's longest form follows the
/// limit, so a quote the read cut through lies wholly beyond it. Redaction shrinks what
/// it hides (a quote in character references becomes `[redacted]`), so a window that
/// came out too short is doubled and read again.
fn shown(body: &[u8], redactor: &Redactor, hidden: &[&str], format: Format) -> String {
    let margin = redactor.longest_form() + 64;
    let mut window = body.len().min(WIRE_LOG_LIMIT + margin);
    let mut text = loop {
        let text = redacted(
            &body[..window],
            window < body.len(),
            redactor,
            hidden,
            format,
        );
        if window == body.len() || text.len() >= WIRE_LOG_LIMIT + margin {
            break text;
        }
        window = body.len().min(window.saturating_mul(2));
    };
    if text.len() > WIRE_LOG_LIMIT {
        let mut cut = WIRE_LOG_LIMIT;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        // Not through a `[redacted]`: its first characters would read as a secret's.
        let mut near = cut.saturating_sub(REDACTED.len() - 1);
        while !text.is_char_boundary(near) {
            near += 1;
        }
        if let Some(at) = text[near..cut].rfind('[') {
            if text[near + at..].starts_with(REDACTED) {
                cut = near + at;
            }
        }
        text.truncate(cut);
        // Only when something was cut: a body redaction shrank below the limit is shown
        // whole.
        text.push_str(&format!(
            " ... [cut: {WIRE_LOG_LIMIT} of {} bytes shown]",
            body.len()
        ));
    }
    text
}

/// `window` (the whole body, or its start when `cut`) with its secrets hidden.
fn redacted(
    window: &[u8],
    cut: bool,
    redactor: &Redactor,
    hidden: &[&str],
    format: Format,
) -> String {
    let values = |text: &str| match cut {
        true => redactor.redact_cut(text).into_owned(),
        false => redactor.redact(text).into_owned(),
    };
    // Secrets as quoted first (the element rule reads what is no XML, a JSON page, as
    // markup, and would break a quote apart), then the name rule of the body's format,
    // then secrets again: markup the element rule drops (`<!x>`) must not join a
    // secret's pieces.
    let quoted = values(&String::from_utf8_lossy(window));
    let named = match format {
        Format::Xml => redact_xml(quoted.as_bytes(), hidden),
        #[cfg(feature = "rest")]
        Format::Json => crate::redact::redact_json(&quoted, hidden),
        #[cfg(not(feature = "rest"))]
        Format::Json => quoted,
    };
    values(&named)
}

/// Logs a request about to be sent; `redactor`'s secrets are replaced wherever they appear,
/// and the text of the elements named in `hidden`.
pub(crate) fn request(
    url: &str,
    headers: &[(String, String)],
    body: &[u8],
    redactor: &Redactor,
    hidden: &[&str],
    format: Format,
) {
    if !enabled() {
        return;
    }
    let headers = redacted_headers(headers);
    tracing::trace!(
        target: "sogen::wire",
        url,
        headers = ?headers,
        bytes = body.len(),
        body = %shown(body, redactor, hidden, format),
        "request"
    );
}

/// Logs a response as received (its `headers` already scrubbed); `redactor`'s secrets are
/// replaced wherever they appear in the body.
pub(crate) fn response(
    url: &str,
    status: u16,
    headers: &HttpHeaders,
    body: &[u8],
    redactor: &Redactor,
    hidden: &[&str],
    format: Format,
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
        body = %shown(body, redactor, hidden, format),
        "response"
    );
}
