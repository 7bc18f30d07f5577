//! One POST to a served agent, start to end: content type, SOAPAction, the envelope read
//! with the runtime's own reader (limits, DOCTYPE refused), the operation found and
//! decoded, the method called, and its result or error written as NetServer would.

use std::time::Instant;

use axum::http::{header, HeaderMap, StatusCode};

use super::service::{Pending, Service};
use super::{RequestContext, ServiceError};
use crate::codec::Limits;
use crate::soap::{read_request, write_failure, write_fault, ReplyHeaders, SoapVersion, TimeZone};
use crate::HttpHeaders;

/// Bodies from this size on are decoded on Tokio's blocking pool (as the client does).
const OFFLOAD_BYTES: usize = 64 * 1024;

/// A complete HTTP answer.
#[derive(Debug)]
pub(crate) struct Answer {
    pub status: StatusCode,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

impl Answer {
    /// A fault for a request that cannot be served, with `status`.
    pub(crate) fn fault(
        version: SoapVersion,
        status: StatusCode,
        client: bool,
        reason: &str,
    ) -> Self {
        Answer {
            status,
            content_type: content_type(version),
            body: write_fault(version, client, reason, None),
        }
    }
}

/// The content type of a reply.
pub(crate) fn content_type(version: SoapVersion) -> &'static str {
    match version {
        SoapVersion::Soap11 => "text/xml; charset=utf-8",
        SoapVersion::Soap12 => "application/soap+xml; charset=utf-8",
    }
}

/// A decoded call, ready to run.
struct Prepared {
    pending: Pending,
    operation: usize,
    time_zone: Option<TimeZone>,
}

/// Serves one POST of `body` to `service`, within `deadline`.
pub(crate) async fn post(
    service: &Service,
    limits: Limits,
    deadline: Instant,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Answer {
    let version = service.agent.soap;
    let action = match action(version, &headers) {
        Ok(a) => a,
        Err(reason) => {
            return Answer::fault(version, StatusCode::UNSUPPORTED_MEDIA_TYPE, true, &reason)
        }
    };
    let prepared = if body.len() >= OFFLOAD_BYTES {
        let service = service.clone();
        let decode = move || prepare(&service, limits, deadline, action, headers, &body);
        match tokio::task::spawn_blocking(decode).await {
            Ok(p) => p,
            Err(_) => Err(ServiceError::server("decoding the request failed")),
        }
    } else {
        prepare(service, limits, deadline, action, headers, &body)
    };
    let prepared = match prepared {
        Ok(p) => p,
        Err(e) => return error_answer(service, None, None, e),
    };
    let remaining = deadline.saturating_duration_since(Instant::now());
    // Spawned: a method that panics answers a fault instead of dropping the connection.
    let call = tokio::spawn(prepared.pending);
    let outcome = match tokio::time::timeout(remaining, call).await {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(_)) => Err(ServiceError::server("the service method panicked")),
        Err(_) => Err(ServiceError::server(
            "the service method did not answer in time",
        )),
    };
    match outcome {
        Ok(envelope) => Answer {
            status: StatusCode::OK,
            content_type: content_type(version),
            body: envelope,
        },
        Err(e) => error_answer(
            service,
            Some(prepared.operation),
            prepared.time_zone.as_ref(),
            e,
        ),
    }
}

/// The SOAPAction: the `SOAPAction` header (1.1) or the content type's `action` (1.2),
/// unquoted; empty when absent. `Err` when the content type is not the binding's.
fn action(version: SoapVersion, headers: &HeaderMap) -> Result<String, String> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut params = ct.split(';');
    let media = params.next().unwrap_or("").trim();
    let expected = match version {
        SoapVersion::Soap11 => "text/xml",
        SoapVersion::Soap12 => "application/soap+xml",
    };
    if !media.eq_ignore_ascii_case(expected) {
        return Err(format!(
            "the content type {:?} is not {expected:?}, which this SOAP {} binding expects",
            crate::codec::excerpt(ct, 100),
            if version == SoapVersion::Soap11 {
                "1.1"
            } else {
                "1.2"
            },
        ));
    }
    let raw = match version {
        SoapVersion::Soap11 => headers
            .get("soapaction")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned(),
        SoapVersion::Soap12 => params
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("action"))
            .map(|(_, v)| v.to_owned())
            .unwrap_or_default(),
    };
    Ok(raw.trim().trim_matches('"').to_owned())
}

/// Reads the envelope, finds the operation, decodes its parameters.
fn prepare(
    service: &Service,
    limits: Limits,
    deadline: Instant,
    action: String,
    headers: HeaderMap,
    body: &[u8],
) -> Result<Prepared, ServiceError> {
    let agent = service.agent;
    let by_action = if action.is_empty() {
        None
    } else {
        match agent.operations.iter().position(|o| o.action == action) {
            Some(i) => Some(i),
            None => {
                return Err(ServiceError::client(format!(
                    "the SOAPAction {:?} is not an operation of the {} agent of {}",
                    crate::codec::excerpt(&action, 200),
                    agent.name,
                    agent.version
                )))
            }
        }
    };
    let read = read_request(
        body,
        limits,
        Some(deadline),
        agent.soap,
        agent.namespace,
        |received, r, start| {
            let found = by_action.or_else(|| {
                (agent.operations.iter()).position(|o| start.is(o.request_ns, o.request_name))
            });
            let Some(index) = found else {
                r.skip()?;
                return Ok(Err(ServiceError::client(format!(
                    "no operation of the {} agent takes the element <{}> in {:?}",
                    agent.name,
                    crate::codec::excerpt(start.local_name(), 100),
                    crate::codec::excerpt(start.namespace(), 200),
                ))));
            };
            let op = &agent.operations[index];
            if !start.is(op.request_ns, op.request_name) {
                r.skip()?;
                return Ok(Err(ServiceError::client(format!(
                    "the body's element <{}> is not <{}> of {}, which the SOAPAction names",
                    crate::codec::excerpt(start.local_name(), 100),
                    op.request_name,
                    op.name
                ))));
            }
            let time_zone = received.time_zone.clone();
            let cx = RequestContext::new(agent, op, action, received, http_headers(&headers));
            let pending = service.dispatch.dispatch(index, r, start, cx)?;
            Ok(Ok(Prepared {
                pending,
                operation: index,
                time_zone,
            }))
        },
    );
    match read {
        Ok(prepared) => prepared,
        Err(e) => Err(ServiceError::client(format!(
            "the request cannot be read: {e}"
        ))),
    }
}

/// The request's headers as the runtime's [`HttpHeaders`], in order.
pub(crate) fn http_headers(headers: &HeaderMap) -> HttpHeaders {
    let pairs = headers.iter().map(|(name, value)| {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        (name.as_str().to_owned(), value)
    });
    HttpHeaders::from(pairs.collect::<Vec<_>>())
}

/// A fault (HTTP 500), or a SuperOffice failure (HTTP 200) when the operation is known.
fn error_answer(
    service: &Service,
    operation: Option<usize>,
    time_zone: Option<&TimeZone>,
    e: ServiceError,
) -> Answer {
    let agent = service.agent;
    let version = agent.soap;
    match (e, operation) {
        (ServiceError::SuperOffice(x), Some(i)) => {
            let op = &agent.operations[i];
            let headers = ReplyHeaders {
                ns: agent.namespace,
                extra_info: &[],
                time_zone,
            };
            let body = write_failure(version, &headers, &x, |w| {
                w.empty(op.response_ns, op.response_name)
            });
            Answer {
                status: StatusCode::OK,
                content_type: content_type(version),
                body,
            }
        }
        (ServiceError::SuperOffice(x), None) => Answer::fault(
            version,
            StatusCode::INTERNAL_SERVER_ERROR,
            false,
            &x.to_string(),
        ),
        (
            ServiceError::Fault {
                client,
                reason,
                detail,
            },
            _,
        ) => Answer {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            content_type: content_type(version),
            body: write_fault(version, client, &reason, detail.as_deref()),
        },
    }
}
