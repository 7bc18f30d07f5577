//! The HTTP side, on axum: finds the mounted agent by path, serves `?wsdl`, reads the body
//! within the size limit and the time budget, and hands SOAP POSTs to
//! [`dispatch`](super::dispatch) and REST calls (`{site}/api/v1/Agents/X/Op`) to `rest`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};

use super::conn::Conn;
use super::dispatch::{self, Answer};
use super::service::Service;
use crate::codec::Limits;
use crate::soap::SoapVersion;

/// What every request handler shares.
pub(crate) struct Shared {
    /// By lower-cased path (`/remote/services88/chat.svc`): IIS paths are case-insensitive.
    pub services: HashMap<String, Service>,
    /// The REST wire's agents by lower-cased name: of each, the highest version mounted.
    #[cfg_attr(not(feature = "rest"), allow(dead_code))]
    pub rest: HashMap<String, Service>,
    /// The lower-cased path before a REST call's agent (`/cust1/api/v1/agents/`).
    #[cfg_attr(not(feature = "rest"), allow(dead_code))]
    pub rest_prefix: String,
    pub limits: Limits,
    pub timeout: Duration,
}

/// Why a request's body was not read.
enum BodyError {
    TooLarge,
    Late,
}

/// The one handler: every path, every method.
pub(crate) async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    // Served by `Server::start`: the connection is busy (no header or idle timer) until
    // this returns. (Nested into another router, there is no such connection.)
    let connection = request.extensions().get::<ConnectInfo<Conn>>();
    let _busy = connection.map(|c| c.0 .0.busy());
    let started = Instant::now();
    let deadline = started + shared.timeout;
    let path = request.uri().path().to_ascii_lowercase();
    #[cfg(feature = "rest")]
    if let Some(route) = path.strip_prefix(&shared.rest_prefix) {
        return rest(&shared, route, deadline, request).await;
    }
    let Some(service) = shared.services.get(&path) else {
        let answer = Answer::fault(
            SoapVersion::Soap11,
            StatusCode::NOT_FOUND,
            true,
            "no agent is served at this path",
        );
        return respond(answer);
    };
    let version = service.agent.soap;
    let wants_wsdl = (request.uri().query()).is_some_and(|q| q.eq_ignore_ascii_case("wsdl"));
    match *request.method() {
        Method::POST => {}
        Method::GET if wants_wsdl => {
            return match &service.wsdl {
                Some(wsdl) => (
                    [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
                    Body::from(axum::body::Bytes::copy_from_slice(wsdl)),
                )
                    .into_response(),
                None => respond(Answer::fault(
                    version,
                    StatusCode::NOT_FOUND,
                    true,
                    "this server was given no WSDL for the agent",
                )),
            };
        }
        _ => {
            return respond(Answer::fault(
                version,
                StatusCode::METHOD_NOT_ALLOWED,
                true,
                "only POST (and GET ?wsdl) are served",
            ))
        }
    }
    let (parts, body) = request.into_parts();
    let limit = shared.limits.max_response_bytes;
    let bytes = match read_body(&parts.headers, body, limit, deadline).await {
        Ok(bytes) => bytes,
        Err(BodyError::TooLarge) => {
            return respond(Answer::fault(
                version,
                StatusCode::PAYLOAD_TOO_LARGE,
                true,
                &too_large(limit),
            ))
        }
        Err(BodyError::Late) => {
            return respond(Answer::fault(
                version,
                StatusCode::REQUEST_TIMEOUT,
                true,
                LATE,
            ))
        }
    };
    respond(dispatch::post(service, shared.limits, deadline, parts.headers, bytes).await)
}

/// A REST call, `route` the path after the prefix (`chat/getchatmessages`): the agent's
/// highest version mounted, its operation, the body read within the same size limit and
/// time budget as a SOAP request.
#[cfg(feature = "rest")]
async fn rest(shared: &Shared, route: &str, deadline: Instant, request: Request) -> Response {
    use super::rest::json_error;
    let found = route
        .split_once('/')
        .filter(|(_, op)| !op.is_empty() && !op.contains('/'))
        .and_then(|(agent, _)| shared.rest.get(agent));
    let Some(service) = found else {
        let message = "No HTTP resource was found that matches the request URI: no agent is \
                       served at this path";
        return respond(json_error(StatusCode::NOT_FOUND, message, None));
    };
    let (parts, body) = request.into_parts();
    // The operation as sent (the route is lower-cased), compared without case.
    let sent = parts.uri.path().rsplit('/').next().unwrap_or("").to_owned();
    let limit = shared.limits.max_response_bytes;
    let bytes = match read_body(&parts.headers, body, limit, deadline).await {
        Ok(bytes) => bytes,
        Err(BodyError::TooLarge) => {
            return respond(json_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                &too_large(limit),
                None,
            ))
        }
        Err(BodyError::Late) => {
            return respond(json_error(StatusCode::REQUEST_TIMEOUT, LATE, None))
        }
    };
    let answer = super::rest::post(service, &sent, shared.limits, deadline, &parts, bytes);
    respond(answer.await)
}

const LATE: &str = "the request body did not arrive in time";

fn too_large(limit: usize) -> String {
    format!("the request body is larger than {limit} bytes, or broke off")
}

/// Reads a request's body: at most `limit` bytes, by `deadline`.
async fn read_body(
    headers: &axum::http::HeaderMap,
    body: Body,
    limit: usize,
    deadline: Instant,
) -> Result<axum::body::Bytes, BodyError> {
    let declared =
        (headers.get(header::CONTENT_LENGTH)).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(BodyError::TooLarge);
    }
    let read = axum::body::to_bytes(body, limit);
    match tokio::time::timeout_at(deadline.into(), read).await {
        Ok(Ok(bytes)) => Ok(bytes),
        // `to_bytes` fails on a body over the limit and on a broken stream alike.
        Ok(Err(_)) => Err(BodyError::TooLarge),
        Err(_) => Err(BodyError::Late),
    }
}

fn respond(answer: Answer) -> Response {
    if answer.status == StatusCode::NO_CONTENT {
        return answer.status.into_response();
    }
    (
        answer.status,
        [(header::CONTENT_TYPE, answer.content_type)],
        answer.body,
    )
        .into_response()
}
