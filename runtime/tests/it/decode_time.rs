//! Decoding time under hostile bodies, against a real HTTP server on 127.0.0.1: floods of
//! namespace declarations and attributes are refused by the per-element limits and, with
//! the limits lifted, read in linear time; decoding counts against the call's timeout and
//! runs off the async workers. (Their speed is measured in `benches/codec.rs`; the time
//! bounds here are generous, for debug builds on a busy machine.)
#![cfg(feature = "http")]

use crate::floods;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Router;
use sogen_runtime::{
    decode_void, Client, DeclaredHeaders, DecodeError, DecodeErrorKind, ElementStart, Error,
    LimitKind, Limits, OperationInfo, SoapVersion, XmlReader,
};

const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";

static OP: OperationInfo = OperationInfo {
    agent: "Test",
    service_path: "Thing.svc",
    name: "GetThing",
    action: "http://www.superoffice.net/ws/crm/NetServer/Services88/Test/GetThing",
    soap: SoapVersion::Soap11,
    namespace: NS,
    headers: DeclaredHeaders::ALL,
};

/// A server answering every call with `body`; returns the base URL.
async fn serve(body: String) -> String {
    let app = Router::new().route(
        "/Remote/Services88/{case}",
        post(move || {
            let body = body.clone();
            async move { (StatusCode::OK, [("content-type", "text/xml")], body).into_response() }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/Remote/Services88/")
}

fn client(base: &str, limits: Limits, timeout: Duration) -> Client {
    Client::builder(base)
        .ticket("7T:secret")
        .limits(limits)
        .timeout(timeout)
        .build()
        .unwrap()
}

/// No per-element limits: what the lookup alone costs.
fn unlimited() -> Limits {
    Limits {
        max_attributes: usize::MAX,
        max_namespace_declarations: usize::MAX,
        ..Limits::default()
    }
}

async fn call(c: &Client) -> Result<(), Error> {
    c.call(&OP, |w| w.empty(NS, "GetThing"), decode_void).await
}

fn limit_kind(result: Result<(), Error>) -> LimitKind {
    match result {
        Err(Error::LimitExceeded { kind, .. }) => kind,
        other => panic!("expected a limit error, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn namespace_declaration_floods_are_refused_or_read_in_linear_time() {
    // 200,000 declarations with children using them: a minute to read before.
    let base = serve(floods::namespace_flood(200_000)).await;
    let started = Instant::now();
    let limited = call(&client(&base, Limits::default(), Duration::from_secs(60))).await;
    assert_eq!(limit_kind(limited), LimitKind::NamespaceDeclarations);
    let started_unlimited = Instant::now();
    call(&client(&base, unlimited(), Duration::from_secs(60)))
        .await
        .unwrap();
    assert!(
        started_unlimited.elapsed() < Duration::from_secs(20),
        "200,000 declarations took {:?}",
        started_unlimited.elapsed()
    );
    assert!(started.elapsed() < Duration::from_secs(30));

    // Within the per-element limit at every level of nesting: 100 x 30 bindings in scope.
    let base = serve(floods::nested_namespace_flood(100, 30, 200_000)).await;
    let started = Instant::now();
    call(&client(&base, Limits::default(), Duration::from_secs(60)))
        .await
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attribute_floods_are_refused_or_read_in_linear_time() {
    // 60,000 `xmlns:pN` + `pN:nil` pairs on one element: 8 s to read before.
    let base = serve(floods::nil_flood(60_000)).await;
    let limited = call(&client(&base, Limits::default(), Duration::from_secs(60))).await;
    // Attribute 65 comes before declaration 33.
    assert_eq!(limit_kind(limited), LimitKind::Attributes);
    let started = Instant::now();
    call(&client(&base, unlimited(), Duration::from_secs(60)))
        .await
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );

    let base = serve(floods::attribute_flood(100_000)).await;
    let limited = call(&client(&base, Limits::default(), Duration::from_secs(60))).await;
    assert_eq!(limit_kind(limited), LimitKind::Attributes);
    let small = Limits {
        max_attributes: 10,
        ..Limits::default()
    };
    let err = call(&client(&base, small, Duration::from_secs(60)))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::LimitExceeded {
                kind: LimitKind::Attributes,
                limit: 10
            }
        ),
        "{err:?}"
    );
}

/// Reads the children of the response element, each after 1 ms of work (a stand-in for a
/// decode that takes long): 10,000 of them take 10 s.
fn slow(r: &mut XmlReader<'_>, _start: &ElementStart<'_>) -> Result<usize, DecodeError> {
    let mut n = 0;
    while r.next_child()?.is_some() {
        std::thread::sleep(Duration::from_millis(1));
        r.skip()?;
        n += 1;
    }
    Ok(n)
}

fn slow_body() -> String {
    floods::envelope(&format!(
        "<GetThingResponse>{}</GetThingResponse>",
        "<Item>1</Item>".repeat(10_000)
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decoding_counts_against_the_timeout() {
    let base = serve(slow_body()).await;
    let c = client(&base, Limits::default(), Duration::from_secs(1));
    let started = Instant::now();
    let err = c
        .call(&OP, |w| w.empty(NS, "GetThing"), slow)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout { ref url } if url.ends_with("Thing.svc")),
        "{err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "stopped after {:?}; the whole decode takes 10 s",
        started.elapsed()
    );
    // The reader's own deadline, as a call sets it.
    let xml = slow_body();
    let mut r = XmlReader::new(xml.as_bytes(), Limits::default())
        .unwrap()
        .with_deadline(Instant::now());
    let err = r.next_child().unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::DeadlineExceeded);
}

/// On a single-threaded runtime a decode on the worker would stop every other task; a large
/// body is decoded on the blocking pool, and a ticking task keeps running meanwhile.
#[tokio::test(flavor = "current_thread")]
async fn long_decoding_leaves_the_async_worker_free() {
    let base = serve(slow_body()).await;
    let c = client(&base, Limits::default(), Duration::from_millis(1500));
    let ticks = Arc::new(AtomicUsize::new(0));
    let ticker = tokio::spawn({
        let ticks = ticks.clone();
        async move {
            loop {
                tokio::time::sleep(Duration::from_millis(5)).await;
                ticks.fetch_add(1, Ordering::Relaxed);
            }
        }
    });
    let before = ticks.load(Ordering::Relaxed);
    let result = c.call(&OP, |w| w.empty(NS, "GetThing"), slow).await;
    let during = ticks.load(Ordering::Relaxed) - before;
    ticker.abort();
    assert!(matches!(result, Err(Error::Timeout { .. })), "{result:?}");
    // About 300 in 1.5 s; none if the decode held the only worker.
    assert!(
        during >= 20,
        "the ticker ran {during} times during the call"
    );
}
