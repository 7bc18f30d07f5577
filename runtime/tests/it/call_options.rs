//! Per-call options (timeout, HTTP headers, `User-Agent`) and retries, against real HTTP
//! servers on 127.0.0.1: a slow one, a flaky one (503, 429 with `Retry-After`), one that
//! drops connections, and a closed port.
#![cfg(feature = "http")]

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use sogen_runtime::{
    decode_response, BoxFuture, Call, Client, DeclaredHeaders, Error, HttpHeaders, HttpRequest,
    HttpResponse, OperationInfo, ReqwestTransport, RetryPolicy, SoapVersion, Transport,
    TransportError, USER_AGENT,
};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";

/// Requests per case, and the headers of the last one.
#[derive(Default)]
struct Seen {
    count: HashMap<String, usize>,
    headers: HashMap<String, HeaderMap>,
}

type Shared = Arc<Mutex<Seen>>;

fn ok_body() -> String {
    format!(
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetCountResponse xmlns="{NS}"><Response>7</Response></GetCountResponse></s:Body></s:Envelope>"#
    )
}

fn ok() -> Response {
    let headers = [
        ("content-type", "text/xml; charset=utf-8"),
        ("x-served-by", "node-7"),
    ];
    (StatusCode::OK, headers, ok_body()).into_response()
}

/// The cases: `Flaky<n>` fails n times with 503, then answers; `Always503`; `TooManyOnce`
/// answers 429 with `Retry-After: 1` once; `TooManyLong` always 429 with `Retry-After: 60`;
/// `Storm503` always 503 with `Retry-After: 0`; `ThenStall` that once, then never answers;
/// `Slow` takes 3 s; anything else answers at once.
async fn handler(
    State(seen): State<Shared>,
    Path(case): Path<String>,
    headers: HeaderMap,
) -> Response {
    let case = case.trim_end_matches(".svc").to_owned();
    let n = {
        let mut seen = seen.lock().unwrap();
        seen.headers.insert(case.clone(), headers);
        let n = seen.count.entry(case.clone()).or_default();
        *n += 1;
        *n
    };
    let unavailable = || (StatusCode::SERVICE_UNAVAILABLE, "<html>busy</html>").into_response();
    match case.as_str() {
        c if c.starts_with("Flaky") => {
            // `Flaky1b`: one failure, a case of its own.
            let failures = usize::from(c.as_bytes()[5] - b'0');
            if n <= failures {
                unavailable()
            } else {
                ok()
            }
        }
        "Always503" => unavailable(),
        "Storm503" => (
            StatusCode::SERVICE_UNAVAILABLE,
            [("retry-after", "0")],
            "busy",
        )
            .into_response(),
        "ThenStall" if n == 1 => (
            StatusCode::SERVICE_UNAVAILABLE,
            [("retry-after", "0")],
            "busy",
        )
            .into_response(),
        "ThenStall" => {
            tokio::time::sleep(Duration::from_secs(10)).await;
            ok()
        }
        "TooManyOnce" if n == 1 => (
            StatusCode::TOO_MANY_REQUESTS,
            [("retry-after", "1")],
            "slow down",
        )
            .into_response(),
        "TooManyLong" => (
            StatusCode::TOO_MANY_REQUESTS,
            [("retry-after", "60")],
            "slow down",
        )
            .into_response(),
        "Failure" => {
            let header = format!(
                r#"<ExceptionInfo xmlns="{NS}"><Message>No right</Message><ExceptionType>SoSecurityException</ExceptionType></ExceptionInfo><ExtraInfo xmlns="{NS}"><ExtraInfoNameValuePair><Key>server</Key><Value>node-7</Value></ExtraInfoNameValuePair></ExtraInfo><Succeeded xmlns="{NS}">false</Succeeded><TimeZone xmlns="{NS}"><SoTimeZoneId>3</SoTimeZoneId></TimeZone>"#
            );
            let body = format!(
                r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>{header}</s:Header><s:Body><GetCountResponse xmlns="{NS}"/></s:Body></s:Envelope>"#
            );
            let headers = [("content-type", "text/xml"), ("x-served-by", "node-7")];
            (StatusCode::OK, headers, body).into_response()
        }
        "Slow" => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            ok()
        }
        _ => ok(),
    }
}

async fn start_server() -> (String, Shared) {
    let seen = Shared::default();
    let app = Router::new()
        .route("/Remote/Services88/{case}", post(handler))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/Remote/Services88/"), seen)
}

fn count(seen: &Shared, case: &str) -> usize {
    seen.lock().unwrap().count.get(case).copied().unwrap_or(0)
}

/// An operation of `case`'s endpoint named `name` (`Get...` is a read, `Save...` is not).
fn op(case: &str, name: &str) -> &'static OperationInfo {
    Box::leak(Box::new(OperationInfo {
        agent: "Test",
        service_path: Box::leak(format!("{case}.svc").into_boxed_str()),
        name: Box::leak(name.to_owned().into_boxed_str()),
        action: "urn:test",
        soap: SoapVersion::Soap11,
        namespace: NS,
        headers: DeclaredHeaders::ALL,
    }))
}

fn call(client: &Client, case: &str, name: &str) -> Call<i32> {
    client.call(
        op(case, name),
        |w| w.empty(NS, name),
        decode_response::<i32>,
    )
}

/// Quick retries: 10 ms doubling to 50 ms.
fn quick() -> RetryPolicy {
    RetryPolicy::new()
        .max_attempts(3)
        .backoff(Duration::from_millis(10), Duration::from_millis(50))
}

fn client(base: &str, retry: RetryPolicy) -> Client {
    Client::builder(base)
        .timeout(Duration::from_secs(20))
        .header("X-Client", "client-value")
        .retry(retry)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_call_timeout_ends_a_slow_call_and_leaves_others_alone() {
    let (base, seen) = start_server().await;
    let c = client(&base, RetryPolicy::NEVER);
    let started = Instant::now();
    let err = call(&c, "Slow", "GetCount")
        .timeout(Duration::from_millis(300))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout { ref url } if url.ends_with("Slow.svc")),
        "{err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_millis(2_500),
        "{:?}",
        started.elapsed()
    );
    // The client's own 20 s timeout still lets the same call finish.
    assert_eq!(call(&c, "Slow", "GetCount").await.unwrap(), 7);
    assert_eq!(count(&seen, "Slow"), 2);
}

#[test]
fn a_blocking_call_is_bounded_by_its_timeout() {
    let server = tokio::runtime::Runtime::new().unwrap();
    let (base, _) = server.block_on(start_server());
    let c = client(&base, RetryPolicy::NEVER);
    let started = Instant::now();
    let err = call(&c, "Slow", "GetCount")
        .timeout(Duration::from_millis(300))
        .blocking()
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_millis(2_500),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(call(&c, "Fast", "GetCount").blocking().unwrap(), 7);
}

#[tokio::test]
async fn call_headers_are_sent_and_replace_the_clients_and_the_user_agent() {
    let (base, seen) = start_server().await;
    let c = client(&base, RetryPolicy::NEVER);
    call(&c, "Plain", "GetCount").await.unwrap();
    call(&c, "Extra", "GetCount")
        .header("X-Call", "call-value")
        .header("x-client", "replaced")
        .header("User-Agent", "crm-sync/2.1")
        .await
        .unwrap();
    let own = Client::builder(&base)
        .header("User-Agent", "crm-sync/1.0")
        .build()
        .unwrap();
    call(&own, "Own", "GetCount").await.unwrap();
    let seen = seen.lock().unwrap();
    let plain = &seen.headers["Plain"];
    assert_eq!(plain["user-agent"], USER_AGENT);
    assert!(USER_AGENT.starts_with("sogen/") && USER_AGENT.len() > "sogen/".len());
    assert_eq!(plain["x-client"], "client-value");
    assert!(plain.get("x-call").is_none());
    let extra = &seen.headers["Extra"];
    assert_eq!(extra["x-call"], "call-value");
    assert_eq!(
        extra.get_all("x-client").iter().collect::<Vec<_>>(),
        ["replaced"]
    );
    assert_eq!(
        extra.get_all("user-agent").iter().collect::<Vec<_>>(),
        ["crm-sync/2.1"]
    );
    assert_eq!(seen.headers["Own"]["user-agent"], "crm-sync/1.0");
}

#[tokio::test]
async fn the_http_status_and_headers_come_with_the_value() {
    let (base, _) = start_server().await;
    let c = client(&base, RetryPolicy::NEVER);
    let r = call(&c, "Plain", "GetCount").with_headers().await.unwrap();
    assert_eq!((r.value, r.http_status), (7, 200));
    assert_eq!(r.http_headers.get("X-Served-By"), Some("node-7"));
    assert_eq!(
        r.http_headers.get("content-type"),
        Some("text/xml; charset=utf-8")
    );
}

#[tokio::test]
async fn a_superoffice_failure_keeps_the_response_headers() {
    let (base, _) = start_server().await;
    let c = client(&base, quick());
    let err = call(&c, "Failure", "GetCount").await.unwrap_err();
    let Error::SuperOffice(x) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((x.message.as_str(), x.http_status), ("No right", 200));
    let soap = err.response_headers().unwrap();
    assert_eq!(soap.extra("server"), Some("node-7"));
    assert_eq!(soap.time_zone.as_ref().map(|tz| tz.id), Some(3));
    assert_eq!(err.http_status(), Some(200));
    let http = err.http_headers().unwrap();
    assert_eq!(http.get("x-served-by"), Some("node-7"));
}

#[tokio::test]
async fn an_invalid_call_header_fails_the_call_without_sending_it() {
    let (base, seen) = start_server().await;
    let c = client(&base, RetryPolicy::NEVER);
    let err = call(&c, "Bad", "GetCount")
        .header("X-Bad", "a\r\nInjected: 1")
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Config(ref m) if m.contains("X-Bad") && !m.contains("Injected")),
        "{err:?}"
    );
    let err = call(&c, "Bad", "GetCount")
        .header("Bad Name", "v")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert_eq!(count(&seen, "Bad"), 0);
}

#[tokio::test]
async fn reads_are_retried_until_they_succeed_within_the_attempt_cap() {
    let (base, seen) = start_server().await;
    let c = client(&base, quick());
    assert_eq!(call(&c, "Flaky2", "GetCount").await.unwrap(), 7);
    assert_eq!(count(&seen, "Flaky2"), 3);
    let err = call(&c, "Always503", "FindThings").await.unwrap_err();
    assert!(matches!(err, Error::Http { status: 503, .. }), "{err:?}");
    assert_eq!(count(&seen, "Always503"), 3, "capped at max_attempts");
    // Too many failures for the cap.
    assert!(call(&c, "Flaky3", "GetCount").await.is_err());
    assert_eq!(count(&seen, "Flaky3"), 3);
}

#[tokio::test]
async fn writes_are_not_retried_unless_marked_safe() {
    let (base, seen) = start_server().await;
    let c = client(&base, quick());
    let err = call(&c, "Flaky1", "SaveThing").await.unwrap_err();
    assert!(matches!(err, Error::Http { status: 503, .. }), "{err:?}");
    assert_eq!(count(&seen, "Flaky1"), 1, "a write is sent once");
    // Marked idempotent: the client's policy applies.
    assert_eq!(
        call(&c, "Flaky1b", "SaveThing").idempotent().await.unwrap(),
        7
    );
    assert_eq!(count(&seen, "Flaky1b"), 2);
    // The client's own rule.
    let ruled = Client::builder(&base)
        .retry(quick())
        .idempotent_when(|op| op.name == "SetPreference")
        .build()
        .unwrap();
    assert_eq!(call(&ruled, "Flaky1c", "SetPreference").await.unwrap(), 7);
    assert_eq!(count(&seen, "Flaky1c"), 2);
    assert!(
        call(&ruled, "Flaky1d", "GetCount").await.is_err(),
        "the rule replaces reads"
    );
    assert_eq!(count(&seen, "Flaky1d"), 1);
    // Without a client policy, nothing is retried unless the call asks.
    let plain = client(&base, RetryPolicy::NEVER);
    assert!(call(&plain, "Flaky1e", "GetCount").await.is_err());
    assert_eq!(count(&seen, "Flaky1e"), 1);
    assert_eq!(
        call(&plain, "Flaky1f", "SaveThing")
            .retry(quick())
            .await
            .unwrap(),
        7
    );
    assert_eq!(count(&seen, "Flaky1f"), 2);
    // And a call can opt out.
    assert!(call(&c, "Flaky1g", "GetCount")
        .retry(RetryPolicy::NEVER)
        .await
        .is_err());
    assert_eq!(count(&seen, "Flaky1g"), 1);
}

#[tokio::test]
async fn retry_after_is_honoured_and_a_wait_past_the_budget_is_not_started() {
    let (base, seen) = start_server().await;
    let c = client(&base, quick());
    let started = Instant::now();
    assert_eq!(call(&c, "TooManyOnce", "GetCount").await.unwrap(), 7);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(count(&seen, "TooManyOnce"), 2);
    // 60 s asked, 5 s allowed: the 429 is the answer, at once.
    let budget = client(&base, quick().max_elapsed(Duration::from_secs(5)));
    let started = Instant::now();
    let err = call(&budget, "TooManyLong", "GetCount").await.unwrap_err();
    assert!(matches!(err, Error::Http { status: 429, .. }), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(count(&seen, "TooManyLong"), 1);
    // The call's timeout bounds the waits too.
    let err = call(&c, "TooManyLong", "GetCount")
        .timeout(Duration::from_secs(2))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Http { status: 429, .. }), "{err:?}");
    assert_eq!(count(&seen, "TooManyLong"), 2);
    // The response's status and headers are on the error.
    assert_eq!(err.http_status(), Some(429));
    assert_eq!(
        err.http_headers().and_then(|h| h.get("Retry-After")),
        Some("60")
    );
}

#[tokio::test]
async fn retry_after_zero_keeps_the_backoff_and_the_budget_ends_with_the_servers_error() {
    let (base, seen) = start_server().await;
    // As many attempts as the budget allows: the default backoff, 200 ms doubling.
    let c = client(&base, RetryPolicy::new().max_attempts(10_000));
    let err = call(&c, "Storm503", "GetCount")
        .timeout(Duration::from_secs(3))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Http { status: 503, .. }), "{err:?}");
    // Each wait is at least half its step, `Retry-After: 0` or not: 100, 200, 400, 800 and
    // 1600 ms, so at most 5 attempts fit in 3 s.
    let requests = count(&seen, "Storm503");
    println!("Retry-After: 0 storm: {requests} requests in 3 s");
    assert!((2..=5).contains(&requests), "{requests} requests");
    // A retry that never answers: when the budget ends, the call fails with the server's
    // 503 it was retrying, not a timeout.
    let err = call(&c, "ThenStall", "GetCount")
        .timeout(Duration::from_secs(2))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Http { status: 503, .. }), "{err:?}");
    assert_eq!(count(&seen, "ThenStall"), 2);
}

/// A server that drops the first `drops` connections after reading the request, then
/// answers; returns its base URL and the number of connections accepted.
async fn dropping_server(drops: usize) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            tokio::spawn(async move {
                let mut buf = vec![0u8; 64 * 1024];
                let _ = socket.read(&mut buf).await;
                if n <= drops {
                    return; // closed under the request
                }
                let body = ok_body();
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = socket.write_all(format!("{head}{body}").as_bytes()).await;
            });
        }
    });
    (format!("http://{addr}/Remote/Services88/"), accepted)
}

#[tokio::test]
async fn connections_closed_under_a_read_are_retried_but_not_under_a_write() {
    let (base, accepted) = dropping_server(2).await;
    let c = client(&base, quick());
    assert_eq!(call(&c, "Any", "GetCount").await.unwrap(), 7);
    assert_eq!(accepted.load(Ordering::SeqCst), 3);
    let (base, accepted) = dropping_server(1).await;
    let c = client(&base, quick());
    let err = call(&c, "Any", "SaveThing").await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

/// The default transport, counting what it sends.
#[derive(Debug)]
struct Counting {
    inner: ReqwestTransport,
    sent: AtomicUsize,
}

impl Transport for Counting {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.sent.fetch_add(1, Ordering::SeqCst);
        self.inner.send(request)
    }
    fn send_with_headers(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'_, Result<(HttpResponse, HttpHeaders), TransportError>> {
        self.sent.fetch_add(1, Ordering::SeqCst);
        self.inner.send_with_headers(request)
    }
}

#[tokio::test]
async fn a_refused_connection_is_retried_within_the_cap() {
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = closed.local_addr().unwrap();
    drop(closed);
    let transport = Arc::new(Counting {
        inner: ReqwestTransport::new(Duration::from_secs(2)).unwrap(),
        sent: AtomicUsize::new(0),
    });
    let c = Client::builder(format!("http://{addr}/Remote/Services88/"))
        .transport(transport.clone())
        .retry(quick().max_attempts(4))
        .build()
        .unwrap();
    let err = call(&c, "Any", "GetCount").await.unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    assert_eq!(transport.sent.load(Ordering::SeqCst), 4);
    let err = call(&c, "Any", "DeleteThing").await.unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    assert_eq!(
        transport.sent.load(Ordering::SeqCst),
        5,
        "a write is tried once"
    );
}
