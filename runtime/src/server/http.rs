//! The HTTP side, on axum: finds the mounted agent by path, serves `?wsdl`, reads the body
//! within the size limit and the time budget, and hands POSTs to [`dispatch`](super::dispatch).

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
    pub limits: Limits,
    pub timeout: Duration,
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
    let declared = (parts.headers.get(header::CONTENT_LENGTH))
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return respond(too_large(version, limit));
    }
    let read = axum::body::to_bytes(body, limit);
    let bytes = match tokio::time::timeout_at(deadline.into(), read).await {
        Ok(Ok(bytes)) => bytes,
        // `to_bytes` fails on a body over the limit and on a broken stream alike.
        Ok(Err(_)) => return respond(too_large(version, limit)),
        Err(_) => {
            return respond(Answer::fault(
                version,
                StatusCode::REQUEST_TIMEOUT,
                true,
                "the request body did not arrive in time",
            ))
        }
    };
    respond(dispatch::post(service, shared.limits, deadline, parts.headers, bytes).await)
}

fn too_large(version: SoapVersion, limit: usize) -> Answer {
    Answer::fault(
        version,
        StatusCode::PAYLOAD_TOO_LARGE,
        true,
        &format!("the request body is larger than {limit} bytes, or broke off"),
    )
}

fn respond(answer: Answer) -> Response {
    (
        answer.status,
        [(header::CONTENT_TYPE, answer.content_type)],
        answer.body,
    )
        .into_response()
}
