//! The REST wire of a client against scripted HTTP servers on 127.0.0.1: what a call
//! sends (route, query, `$select`, JSON, the credential and locale headers), how each
//! kind of response reads (a value, `null`, 204, SuperOffice's and ASP.NET's error
//! objects, other statuses) as the errors SOAP gives, and that the machinery both wires
//! share holds here too: retries, the time budget, the redirect rule, the request cap.
#![cfg(all(feature = "http", feature = "rest"))]

use std::collections::{HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use sogen_runtime::json::decode_json;
use sogen_runtime::{
    decode_response, Body, Call, Client, DeclaredHeaders, Decoders, Error, OperationInfo,
    RetryPolicy, SoapVersion, TimeZone, Wire,
};

const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";
const TICKET: &str = "7T:RestTicket==";
const APP_TOKEN: &str = "app-token-rest-5e";

static GET_MESSAGES: OperationInfo = OperationInfo {
    agent: "Chat",
    service_path: "Chat.svc",
    name: "GetChatMessages",
    action: "http://www.superoffice.net/ws/crm/NetServer/Services88/Chat/GetChatMessages",
    soap: SoapVersion::Soap11,
    namespace: NS,
    headers: DeclaredHeaders::ALL,
};

/// A scripted answer: status, content type, body, extra headers.
type Answer = (u16, &'static str, String, Vec<(&'static str, String)>);

/// What a request was: method, URI, headers, body.
type Seen = (Method, String, HeaderMap, String);

#[derive(Clone, Default)]
struct Script {
    answers: Arc<Mutex<VecDeque<Answer>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
    delay: Arc<Mutex<Duration>>,
}

impl Script {
    fn push(&self, status: u16, content_type: &'static str, body: &str) {
        let answer = (status, content_type, body.to_owned(), Vec::new());
        self.answers.lock().unwrap().push_back(answer);
    }

    fn json(&self, status: u16, body: &str) {
        self.push(status, "application/json; charset=utf-8", body);
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

async fn answer(
    State(script): State<Script>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let text = String::from_utf8_lossy(&body).into_owned();
    script
        .seen
        .lock()
        .unwrap()
        .push((method, uri.to_string(), headers, text));
    let delay = *script.delay.lock().unwrap();
    tokio::time::sleep(delay).await;
    let next = script.answers.lock().unwrap().pop_front();
    let Some((status, content_type, body, extra)) = next else {
        return (StatusCode::GONE, "no answer scripted").into_response();
    };
    let mut response = (
        StatusCode::from_u16(status).unwrap(),
        [("content-type", content_type)],
        body,
    )
        .into_response();
    for (name, value) in extra {
        response.headers_mut().insert(name, value.parse().unwrap());
    }
    response
}

/// A scripted server; its base URL (`http://127.0.0.1:PORT`).
async fn serve(script: Script) -> String {
    let app = Router::new().fallback(answer).with_state(script);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

fn client(base: &str, wire: Wire) -> Client {
    Client::builder(format!("{base}/Cust1/Remote/Services88/"))
        .wire(wire)
        .ticket(TICKET)
        .application_token(APP_TOKEN)
        .time_zone(TimeZone {
            id: 7,
            location_code: Some("NO".into()),
        })
        .language("en")
        .culture("nb-NO")
        .header("X-Correlation-Id", "job-7")
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

/// `GetChatMessages` as a generated agent writes it: an id in the query and a member in
/// the body (to see both travel), read as `T`.
fn call<T: serde::de::DeserializeOwned + sogen_runtime::Decode + Default>(
    client: &Client,
) -> Call<T> {
    client.call_wire(
        &GET_MESSAGES,
        |b| match b {
            Body::Xml(w) => {
                w.open(NS, "GetChatMessages");
                w.leaf(NS, "ChatSessionId", "5 & 6");
                w.close(NS, "GetChatMessages");
            }
            Body::Json(w) => {
                w.query("ChatSessionId", &"5 & 6");
                w.field("After", &3);
            }
        },
        Decoders::both(decode_response::<T>, decode_json::<T>),
    )
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn a_rest_call_posts_json_with_the_wire_s_headers() {
    let script = Script::default();
    let base = serve(script.clone()).await;
    script.json(200, "42");
    let value = call::<Option<i32>>(&client(&base, Wire::Rest))
        .select("Name,Category/Id")
        .language("sv")
        .await
        .unwrap();
    assert_eq!(value, Some(42));
    let (method, uri, headers, body) = script.seen().remove(0);
    assert_eq!(method, Method::POST);
    assert_eq!(
        uri,
        "/Cust1/api/v1/Agents/Chat/GetChatMessages?ChatSessionId=5+%26+6&$select=Name%2CCategory%2FId"
    );
    assert_eq!(body, r#"{"After":3}"#);
    for (name, value) in [
        ("content-type", "application/json; charset=utf-8"),
        ("accept", "application/json"),
        ("authorization", "SOTicket 7T:RestTicket=="),
        ("so-apptoken", APP_TOKEN),
        ("so-timezone", "NO"),
        ("accept-language", "sv"),
        ("so-language", "sv"),
        ("so-culture", "nb-NO"),
        ("x-correlation-id", "job-7"),
        ("user-agent", sogen_runtime::USER_AGENT),
    ] {
        assert_eq!(header(&headers, name), Some(value), "{name}: {headers:?}");
    }
    assert!(headers.get("soapaction").is_none());

    // A call header replaces the wire's header of the same name (the time zone with
    // offsets asked for).
    script.json(200, "null");
    let none = call::<Option<i32>>(&client(&base, Wire::Rest))
        .header("SO-TimeZone", "NO, includeTZOffset")
        .await
        .unwrap();
    assert_eq!(none, None, "null is nothing to return");
    let (_, _, headers, _) = script.seen().remove(1);
    let zones: Vec<_> = headers.get_all("so-timezone").iter().collect();
    assert_eq!(zones, ["NO, includeTZOffset"]);

    // On SOAP, `$select` has no equivalent: the whole value comes back; language and
    // culture are the same HTTP headers; the time zone travels in the envelope.
    let envelope = format!(
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetChatMessagesResponse xmlns="{NS}"><Response>42</Response></GetChatMessagesResponse></s:Body></s:Envelope>"#
    );
    script.push(200, "text/xml; charset=utf-8", &envelope);
    let soap = call::<i32>(&client(&base, Wire::Soap))
        .select("Name")
        .await
        .unwrap();
    assert_eq!(soap, 42);
    let (_, uri, headers, body) = script.seen().remove(2);
    assert_eq!(uri, "/Cust1/Remote/Services88/Chat.svc");
    assert!(!body.contains("Name") && !uri.contains("select"), "{body}");
    assert!(body.contains("<SoTimeZoneLocationCode>NO</SoTimeZoneLocationCode>"));
    assert_eq!(header(&headers, "so-language"), Some("en"));
    assert!(headers.get("authorization").is_none() && headers.get("so-apptoken").is_none());
}

#[tokio::test]
async fn responses_and_errors_read_as_over_soap() {
    let script = Script::default();
    let base = serve(script.clone()).await;
    let client = client(&base, Wire::Rest);
    let void = |c: &Client| {
        c.call_wire(
            &GET_MESSAGES,
            |_| {},
            Decoders::both(sogen_runtime::decode_void, decode_json::<()>),
        )
    };
    // 204 for a void operation; the documented `null` body with it too.
    script.push(204, "application/json; charset=utf-8", "");
    void(&client).await.unwrap();
    script.json(204, "null");
    void(&client).await.unwrap();

    // SuperOffice's error object, with an error status or 200: `Error::SuperOffice`.
    let so = r#"{"Error": true, "ErrorType": "SoNotFoundException", "ErrorMessage": "Contact id 99999 not found", "ErrorSource": "SuperOffice.Services.Implementation"}"#;
    for status in [404, 400, 200] {
        script.json(status, so);
        match call::<Option<i32>>(&client).await {
            Err(Error::SuperOffice(x)) => {
                assert_eq!(
                    (x.exception_type.as_str(), x.message.as_str()),
                    ("SoNotFoundException", "Contact id 99999 not found")
                );
                assert_eq!(x.http_status, status);
                assert_eq!(
                    x.http_headers.get("content-type"),
                    Some("application/json; charset=utf-8")
                );
            }
            other => panic!("{status}: {other:?}"),
        }
    }
    // A session exception is an authentication error, as over SOAP.
    script.json(
        400,
        r#"{"Error":true,"ErrorType":"SoSessionException","Message":"Authentication failed!"}"#,
    );
    let err = call::<Option<i32>>(&client).await.unwrap_err();
    assert!(err.is_authentication(), "{err:?}");

    // ASP.NET's error object: a fault, the client's or the server's.
    let invalid = r#"{"Message": "The request is invalid.", "MessageDetail": "The parameters dictionary contains a null entry for parameter 'contactEntityId'."}"#;
    for (status, code) in [(200, "s:Client"), (400, "s:Client"), (500, "s:Server")] {
        script.json(status, invalid);
        match call::<Option<i32>>(&client).await {
            Err(Error::Fault(f)) => {
                assert_eq!((f.code.as_str(), f.http_status), (code, status));
                assert_eq!(f.reason, "The request is invalid.");
                assert!(f.detail.as_deref().unwrap().contains("contactEntityId"));
            }
            other => panic!("{status}: {other:?}"),
        }
    }
    // Other statuses: `Error::Http`; 401 is an authentication error.
    script.push(
        404,
        "text/html",
        "<html><body>Not <b>here</b></body></html>",
    );
    match call::<Option<i32>>(&client).await {
        Err(Error::Http {
            status: 404,
            excerpt,
            ..
        }) => assert_eq!(excerpt, "Not here"),
        other => panic!("{other:?}"),
    }
    script.push(401, "text/plain", "");
    let err = call::<Option<i32>>(&client).await.unwrap_err();
    assert!(
        matches!(err, Error::Http { status: 401, .. }) && err.is_authentication(),
        "{err:?}"
    );
    // A 200 page that is no JSON (a proxy's sign-in page): `Error::Http`.
    script.push(200, "text/html", "<html>Sign in</html>");
    let err = call::<Option<i32>>(&client).await.unwrap_err();
    assert!(matches!(err, Error::Http { status: 200, .. }), "{err:?}");
}

#[tokio::test]
async fn retries_and_the_time_budget_are_the_same_on_rest() {
    let script = Script::default();
    let base = serve(script.clone()).await;
    // A read (`Get...`) under a policy: two 503s, then the value.
    script.json(503, "");
    script.push(429, "text/plain", "slow down");
    script.json(200, "7");
    let retried = call::<Option<i32>>(&client(&base, Wire::Rest))
        .retry(
            RetryPolicy::new()
                .max_attempts(3)
                .backoff(Duration::from_millis(5), Duration::from_millis(20)),
        )
        .await
        .unwrap();
    assert_eq!(retried, Some(7));
    assert_eq!(script.seen().len(), 3);

    // A server slower than the call's timeout: `Error::Timeout` within it.
    *script.delay.lock().unwrap() = Duration::from_secs(5);
    script.json(200, "8");
    let started = Instant::now();
    let err = call::<Option<i32>>(&client(&base, Wire::Rest))
        .timeout(Duration::from_millis(300))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Timeout { url } if url.contains("/api/v1/Agents/Chat/GetChatMessages")),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_refused_and_nothing_is_sent_there() {
    let other = Script::default();
    let other_base = serve(other.clone()).await;
    let script = Script::default();
    let base = serve(script.clone()).await;
    for status in [307, 308, 302] {
        script.answers.lock().unwrap().push_back((
            status,
            "text/plain",
            String::new(),
            vec![("location", format!("{other_base}/api/v1/Agents/Chat/X"))],
        ));
        let err = call::<Option<i32>>(&client(&base, Wire::Rest))
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::Redirect { status: s, .. } if *s == status),
            "{err:?}"
        );
        let shown = format!("{err} {err:?}");
        assert!(
            !shown.contains(TICKET) && !shown.contains(APP_TOKEN),
            "{shown}"
        );
    }
    assert!(other.seen().is_empty(), "nothing reached the other origin");
}

/// What the paced server saw: requests in flight now and at most, the connections
/// (client ports) they came over, the paths.
#[derive(Default)]
struct Paced {
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    peers: Mutex<HashSet<SocketAddr>>,
    paths: Mutex<Vec<String>>,
}

/// Answers every request `42` as JSON after 30 ms, counting what is in flight.
async fn paced(
    State(p): State<Arc<Paced>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
) -> Response {
    let now = p.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    p.max_in_flight.fetch_max(now, Ordering::SeqCst);
    p.peers.lock().unwrap().insert(peer);
    p.paths.lock().unwrap().push(uri.path().to_owned());
    tokio::time::sleep(Duration::from_millis(30)).await;
    p.in_flight.fetch_sub(1, Ordering::SeqCst);
    (
        StatusCode::OK,
        [("content-type", "application/json; charset=utf-8")],
        "42",
    )
        .into_response()
}

/// 40 REST calls started at once on a client capped at 4, as over SOAP
/// (`http::max_connections_caps_concurrent_calls`): all succeed, the server never has more
/// than 4 in flight, and they come over at most 4 TCP connections.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn max_connections_caps_concurrent_rest_calls() {
    let p = Arc::new(Paced::default());
    let app = Router::new().fallback(paced).with_state(p.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let app = app.into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, app).await.unwrap()
    });
    let c = Client::builder(format!("http://{addr}/Cust1/Remote/Services88/"))
        .wire(Wire::Rest)
        .ticket(TICKET)
        .max_connections(4)
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..40 {
        let c = c.clone();
        calls.spawn(async move { call::<Option<i32>>(&c).await });
    }
    while let Some(done) = calls.join_next().await {
        assert_eq!(done.unwrap().unwrap(), Some(42));
    }
    let paths = p.paths.lock().unwrap().clone();
    assert_eq!(paths.len(), 40);
    assert!(
        paths
            .iter()
            .all(|path| path == "/Cust1/api/v1/Agents/Chat/GetChatMessages"),
        "{paths:?}"
    );
    let max = p.max_in_flight.load(Ordering::SeqCst);
    assert!(
        (2..=4).contains(&max),
        "{max} requests in flight, capped at 4"
    );
    let peers = p.peers.lock().unwrap().len();
    assert!(
        (1..=4).contains(&peers),
        "{peers} connections for 40 calls capped at 4"
    );
    let zero = Client::builder(format!("http://{addr}/Cust1/Remote/Services88/"))
        .wire(Wire::Rest)
        .max_connections(0)
        .build();
    assert!(matches!(zero, Err(Error::Config(_))), "{zero:?}");
}

/// Waiting for a free slot counts against the request timeout over REST too
/// (`http::waiting_for_a_connection_slot_uses_up_the_timeout`): the second call waits 0.5 s
/// for the first to time out, then has only the rest of its own 1 s.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waiting_for_a_connection_slot_uses_up_the_timeout_on_rest() {
    let script = Script::default();
    let base = serve(script.clone()).await;
    *script.delay.lock().unwrap() = Duration::from_secs(3);
    let c = Client::builder(format!("{base}/Cust1/Remote/Services88/"))
        .wire(Wire::Rest)
        .ticket(TICKET)
        .max_connections(1)
        .timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    let first = tokio::spawn({
        let c = c.clone();
        async move { call::<Option<i32>>(&c).await }
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(script.seen().len(), 1, "the first call holds the one slot");
    let started = Instant::now();
    let second = tokio::spawn({
        let c = c.clone();
        async move { call::<Option<i32>>(&c).await }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(script.seen().len(), 1, "the second call waits for the slot");
    let err = second.await.unwrap().unwrap_err();
    let waited = started.elapsed();
    assert!(
        matches!(&err, Error::Timeout { url } if url.contains("/api/v1/Agents/Chat/GetChatMessages")),
        "{err:?}"
    );
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_millis(1400),
        "timed out after {waited:?}, expected about 1 s"
    );
    let first = first.await.unwrap().unwrap_err();
    assert!(matches!(first, Error::Timeout { .. }), "{first:?}");
    // The second call went out only once the first had given its slot up.
    let seen = script.seen();
    assert_eq!(seen.len(), 2);
    for (method, uri, ..) in seen {
        assert_eq!(method, Method::POST);
        assert!(
            uri.starts_with("/Cust1/api/v1/Agents/Chat/GetChatMessages?"),
            "{uri}"
        );
    }
}
