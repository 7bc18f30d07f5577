//! Reads a response envelope: headers, then a fault or the body's first element.

use std::time::Instant;

use super::fault::read_fault;
use super::headers::read_headers;
use super::{ResponseHeaders, SoapVersion, SOAP11_NS, SOAP12_NS};
use crate::codec::{DecodeError, DecodeErrorKind, ElementStart, Limits, Position, XmlReader};
use crate::redact::Redactor;
use crate::{Error, ExceptionInfo};

/// Decodes the first element inside `Body`.
pub type DecodeFn<T> = fn(&mut XmlReader<'_>, &ElementStart<'_>) -> Result<T, DecodeError>;

/// What a well-formed envelope contained.
enum Outcome<T> {
    Value(T, ResponseHeaders),
    Fault(super::SoapFault),
    Failure(ExceptionInfo, ResponseHeaders),
}

/// Decodes a complete HTTP response exactly as a call does: the value and headers, or the
/// fault, SuperOffice failure, HTTP or decode error. For replaying captured responses.
///
/// ```
/// use sogen_runtime::{soap::parse_response, decode_void, Error, Limits};
/// let body = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
///   <s:Fault><faultcode>s:Client</faultcode><faultstring>bad</faultstring></s:Fault>
/// </s:Body></s:Envelope>"#;
/// let err = parse_response(500, Some("text/xml"), body, Limits::default(), decode_void).unwrap_err();
/// assert!(matches!(err, Error::Fault(f) if f.code == "s:Client" && f.reason == "bad"));
/// ```
pub fn parse_response<T>(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    limits: Limits,
    decode: DecodeFn<T>,
) -> Result<crate::Response<T>, Error> {
    let none = Redactor::default();
    read_response(status, content_type, body, limits, "", None, decode, &none).map(
        |(value, headers)| crate::Response {
            value,
            headers,
            http_status: status,
            http_headers: Default::default(),
        },
    )
}

/// Turns an HTTP response into the decoded value, a fault, a SuperOffice failure, or an
/// HTTP error carrying an excerpt of a non-SOAP body; [`Error::Timeout`] once `deadline`
/// passes. What errors quote has `redactor`'s secrets hidden before it is cut.
#[allow(clippy::too_many_arguments)]
pub(crate) fn read_response<T>(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    limits: Limits,
    url: &str,
    deadline: Option<Instant>,
    decode: DecodeFn<T>,
    redactor: &Redactor,
) -> Result<(T, ResponseHeaders), Error> {
    let http_error = || Error::Http {
        status,
        url: url.to_owned(),
        content_type: content_type.map(str::to_owned),
        excerpt: crate::wire::excerpt(body, crate::wire::Format::Xml, redactor),
        // The call that received the response adds them.
        headers: Default::default(),
    };
    let is_html = content_type.is_some_and(|c| c.to_ascii_lowercase().contains("html"));
    let success = (200..300).contains(&status);
    match read_envelope(body, limits, deadline, status, decode, redactor) {
        Err(e) if *e.kind() == DecodeErrorKind::DeadlineExceeded => Err(Error::Timeout {
            url: url.to_owned(),
        }),
        Ok(Outcome::Value(v, h)) if success => Ok((v, h)),
        Ok(Outcome::Value(..)) => Err(http_error()),
        Ok(Outcome::Fault(f)) => Err(Error::Fault(Box::new(f))),
        Ok(Outcome::Failure(x, h)) => Err(Error::SuperOffice(Box::new(
            crate::SuperOfficeFailure::new(x, h, status),
        ))),
        Err(e) if e.is_limit() => Err(e.into()),
        Err(_) if !success || is_html => Err(http_error()),
        Err(e) => Err(e.into()),
    }
}

fn read_envelope<T>(
    body: &[u8],
    limits: Limits,
    deadline: Option<Instant>,
    status: u16,
    decode: DecodeFn<T>,
    redactor: &Redactor,
) -> Result<Outcome<T>, DecodeError> {
    let mut r = XmlReader::new(body, limits)?.with_redactor(redactor.clone());
    if let Some(deadline) = deadline {
        r = r.with_deadline(deadline);
    }
    let Some(root) = r.next_child()? else {
        return Err(no_root(body));
    };
    let version = match root.namespace() {
        SOAP11_NS if root.local_name() == "Envelope" => SoapVersion::Soap11,
        SOAP12_NS if root.local_name() == "Envelope" => SoapVersion::Soap12,
        _ => return Err(r.error(&root, "a SOAP Envelope")),
    };
    let env = version.namespace();
    let mut headers = ResponseHeaders::default();
    let mut exception = None;
    let mut header_seen = false;
    let mut outcome = None;
    while let Some(part) = r.next_child()? {
        if part.is(env, "Header") {
            // One Header, before the Body: a failure reported after the answer, or twice,
            // must not go unnoticed.
            if header_seen || outcome.is_some() {
                return Err(r.error(&part, "at most one Header, before the Body"));
            }
            header_seen = true;
            exception = read_headers(&mut r, &mut headers)?;
        } else if part.is(env, "Body") {
            if outcome.is_some() {
                return Err(r.error(&part, "a single Body"));
            }
            outcome = Some(read_body(
                &mut r,
                &part,
                version,
                status,
                decode,
                &headers,
                &mut exception,
            )?);
        } else {
            r.skip()?;
        }
    }
    // Nothing but whitespace, comments or PIs may follow the envelope.
    if let Some(extra) = r.next_child()? {
        return Err(r.error(&extra, "the end of the document"));
    }
    outcome.ok_or_else(|| r.error(&root, "a Body element"))
}

fn read_body<T>(
    r: &mut XmlReader<'_>,
    body: &ElementStart<'_>,
    version: SoapVersion,
    status: u16,
    decode: DecodeFn<T>,
    headers: &ResponseHeaders,
    exception: &mut Option<ExceptionInfo>,
) -> Result<Outcome<T>, DecodeError> {
    // A failure reported in the headers wins; the body is then not meaningful.
    if exception.is_some() || headers.succeeded == Some(false) {
        r.skip()?;
        let x = exception.take().unwrap_or_else(|| ExceptionInfo {
            message: "the server reported Succeeded=false".to_owned(),
            ..Default::default()
        });
        return Ok(Outcome::Failure(x, headers.clone()));
    }
    let Some(first) = r.next_child()? else {
        return Err(r.error(body, "a response element inside Body"));
    };
    let fault = |c: &ElementStart<'_>| c.is(version.namespace(), "Fault");
    let mut outcome = if fault(&first) {
        Outcome::Fault(read_fault(r, version, status)?)
    } else {
        Outcome::Value(decode(r, &first)?, headers.clone())
    };
    // A Fault anywhere in the Body is the answer, even after a result.
    while let Some(next) = r.next_child()? {
        if fault(&next) && !matches!(outcome, Outcome::Fault(_)) {
            outcome = Outcome::Fault(read_fault(r, version, status)?);
        } else {
            r.skip()?;
        }
    }
    Ok(outcome)
}

/// The error for a body without an element: empty (or only whitespace), or a prolog that
/// ends before one.
fn no_root(body: &[u8]) -> DecodeError {
    let text = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    if text.iter().all(u8::is_ascii_whitespace) {
        return DecodeError::new(
            DecodeErrorKind::EmptyBody,
            String::new(),
            Position::default(),
        );
    }
    DecodeError::new(
        DecodeErrorKind::UnexpectedEof,
        String::new(),
        Position::locate(body, body.len()),
    )
}
