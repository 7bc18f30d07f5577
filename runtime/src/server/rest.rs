//! One REST call to a served agent (features `server` and `rest`), start to end, as the
//! Agents API answers it: the method and content type checked, the query read, the
//! request's credentials and time zone from its headers, the parameters decoded (off the
//! async workers when large), the method called in a task of its own (a panic answers
//! an error) within the time budget, and its result (200 with JSON, 204 for a void one)
//! or error written as the API's error objects:
//!
//! | failure | status | body |
//! |---|---|---|
//! | `ServiceError::SuperOffice` | 400 (what an agent answered `ArgumentException` with, in SuperOffice's own client tests) | `{"Error": true, "ErrorType", "Message", "ErrorSource"}` |
//! | `ServiceError::Fault` | 400 (the client's fault), 500 (the server's) | ASP.NET's `{"Message", "MessageDetail"}` |
//! | an unreadable request | 400 | `{"Message": "The request is invalid.", "MessageDetail"}` |
//! | no such agent or operation | 404 | `{"Message": "No HTTP resource was found that matches the request URI ..."}` |
//! | not POST, not JSON, too large, too slow | 405, 415, 413, 408 | `{"Message"}` |
//!
//! A client reads these back as the errors the same failure gives over SOAP
//! (`Error::SuperOffice`, `Error::Fault`).

use std::time::Instant;

use axum::body::Bytes;
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};

use super::dispatch::Answer;
use super::service::Service;
use super::{RequestContext, ServiceError};
use crate::codec::{excerpt, DecodeError, Limits};
use crate::HttpHeaders;

/// Bodies from this size on are decoded on Tokio's blocking pool (as the client does).
const OFFLOAD_BYTES: usize = 64 * 1024;

/// Why a REST call was not answered with a result.
pub(crate) enum Failure {
    /// No such operation of the agent.
    NoOperation(String),
    /// The parameters could not be read.
    Invalid(DecodeError),
    /// The method failed (or panicked, or ran out of time).
    Service(ServiceError),
}

impl Failure {
    /// As a service error (for an in-process call).
    pub(crate) fn into_service_error(self) -> ServiceError {
        match self {
            Failure::NoOperation(m) => ServiceError::client(m),
            Failure::Invalid(e) => ServiceError::client(format!("the request cannot be read: {e}")),
            Failure::Service(e) => e,
        }
    }

    /// As the Agents API answers it.
    fn into_answer(self) -> Answer {
        match self {
            Failure::NoOperation(m) => json_error(StatusCode::NOT_FOUND, &m, None),
            Failure::Invalid(e) => json_error(
                StatusCode::BAD_REQUEST,
                "The request is invalid.",
                Some(&e.to_string()),
            ),
            Failure::Service(ServiceError::SuperOffice(x)) => {
                let body = serde_json::json!({
                    "Error": true,
                    "ErrorType": x.exception_type,
                    "Message": x.message,
                    "ErrorSource": x.source,
                });
                answer(StatusCode::BAD_REQUEST, body.to_string().into_bytes())
            }
            Failure::Service(ServiceError::Fault {
                client,
                reason,
                detail,
            }) => {
                let status = if client {
                    StatusCode::BAD_REQUEST
                } else {
                    StatusCode::INTERNAL_SERVER_ERROR
                };
                json_error(status, &reason, detail.as_deref())
            }
        }
    }
}

/// A JSON answer.
fn answer(status: StatusCode, body: Vec<u8>) -> Answer {
    Answer {
        status,
        content_type: "application/json; charset=utf-8",
        body,
    }
}

/// ASP.NET's error object: `{"Message", "MessageDetail"}`.
pub(crate) fn json_error(status: StatusCode, message: &str, detail: Option<&str>) -> Answer {
    let mut body = serde_json::Map::new();
    body.insert("Message".into(), message.into());
    if let Some(detail) = detail {
        body.insert("MessageDetail".into(), detail.into());
    }
    answer(
        status,
        serde_json::Value::Object(body).to_string().into_bytes(),
    )
}

/// Serves one REST request for operation `operation` of `service` (the path's last
/// segment): its method, URI and headers in `parts`, its `body`; within `deadline`.
pub(crate) async fn post(
    service: &Service,
    operation: &str,
    limits: Limits,
    deadline: Instant,
    parts: &Parts,
    body: Bytes,
) -> Answer {
    if parts.method != Method::POST {
        let message = format!(
            "The requested resource does not support http method '{}'.",
            excerpt(parts.method.as_str(), 20)
        );
        return json_error(StatusCode::METHOD_NOT_ALLOWED, &message, None);
    }
    let content_type =
        (parts.headers.get(axum::http::header::CONTENT_TYPE)).and_then(|v| v.to_str().ok());
    if !body.is_empty() && !content_type.is_some_and(is_json) {
        let message = format!(
            "The request entity's media type '{}' is not supported for this resource.",
            excerpt(content_type.unwrap_or(""), 100)
        );
        return json_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, &message, None);
    }
    let query = parts.uri.query();
    let query: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    let headers = super::dispatch::http_headers(&parts.headers);
    match call(service, operation, body, query, limits, deadline, headers).await {
        Ok(reply) if reply.is_empty() => Answer {
            status: StatusCode::NO_CONTENT,
            content_type: "application/json; charset=utf-8",
            body: Vec::new(),
        },
        Ok(reply) => answer(StatusCode::OK, reply),
        Err(failure) => failure.into_answer(),
    }
}

/// Whether a request's content type is JSON.
fn is_json(content_type: &str) -> bool {
    let media = content_type.split(';').next().unwrap_or("").trim();
    let media = media.to_ascii_lowercase();
    media == "application/json" || media == "text/json" || media.ends_with("+json")
}

/// Calls operation `operation` (its name, without case) of `service` with `body` and
/// `query`: the parameters decoded within `limits`, the method run in a task of its own
/// until `deadline`; its JSON result (empty for a void one).
pub(crate) async fn call(
    service: &Service,
    operation: &str,
    body: Bytes,
    query: Vec<(String, String)>,
    limits: Limits,
    deadline: Instant,
    headers: HttpHeaders,
) -> Result<Vec<u8>, Failure> {
    let agent = service.agent;
    let found = (agent.operations.iter().enumerate())
        .find(|(_, op)| op.name.eq_ignore_ascii_case(operation));
    let Some((index, op)) = found else {
        return Err(Failure::NoOperation(format!(
            "No HTTP resource was found that matches the request URI: the {} agent has no \
             operation {:?}",
            agent.name,
            excerpt(operation, 100)
        )));
    };
    let cx = RequestContext::rest(agent, op, headers);
    let dispatch = service.dispatch.clone();
    let large = body.len() >= OFFLOAD_BYTES;
    let decode = move || dispatch.dispatch_json(index, &body, &query, &limits, cx);
    let pending = if large {
        offload(decode, deadline).await?
    } else {
        decode().map_err(Failure::Invalid)?
    };
    let remaining = deadline.saturating_duration_since(Instant::now());
    // Spawned: a method that panics answers an error instead of dropping the connection.
    let run = tokio::spawn(pending);
    match tokio::time::timeout(remaining, run).await {
        Ok(Ok(outcome)) => outcome.map_err(Failure::Service),
        Ok(Err(_)) => Err(Failure::Service(ServiceError::server(
            "the service method panicked",
        ))),
        Err(_) => Err(Failure::Service(ServiceError::server(
            "the service method did not answer in time",
        ))),
    }
}

/// Runs `decode` on the blocking pool, its answer awaited until `deadline`.
async fn offload<F>(decode: F, deadline: Instant) -> Result<super::Pending, Failure>
where
    F: FnOnce() -> Result<super::Pending, DecodeError> + Send + 'static,
{
    let decoded = tokio::task::spawn_blocking(decode);
    match tokio::time::timeout_at(deadline.into(), decoded).await {
        Ok(Ok(result)) => result.map_err(Failure::Invalid),
        Ok(Err(_)) => Err(Failure::Service(ServiceError::server(
            "decoding the request failed",
        ))),
        Err(_) => Err(Failure::Service(ServiceError::server(
            "the request was not decoded in time",
        ))),
    }
}
