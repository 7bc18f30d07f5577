//! The client against a real HTTP server on 127.0.0.1 (axum), one route per scenario.
#![cfg(feature = "http")]

use std::collections::HashSet;
use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use sogen_runtime::{
    decode_list, decode_response, decode_void, Client, DeclaredHeaders, Decode, DecodeError,
    DecodeErrorKind, ElementStart, Encode, Error, LimitKind, Limits, OperationInfo, SoapVersion,
    TimeZone, XmlReader, XmlWriter,
};

const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
const TICKET: &str = "7T:SecretTicket==";
const APP_TOKEN: &str = "app-token-1234";
const BEARER: &str = "bearer-abcdef";

/// A hand-written record, as generated code would write it.
#[derive(Debug, Clone, PartialEq, Default)]
struct Thing {
    id: i32,
    name: Option<String>,
    tags: Vec<String>,
}

impl Decode for Thing {
    fn decode(r: &mut XmlReader<'_>, _start: &ElementStart<'_>) -> Result<Self, DecodeError> {
        let mut t = Thing::default();
        while let Some(c) = r.next_child()? {
            match c.local_name() {
                "Id" => t.id = i32::decode(r, &c)?,
                "Name" => t.name = Option::decode(r, &c)?,
                "Tags" => t.tags = decode_list(r, &c)?,
                _ => r.skip()?,
            }
        }
        Ok(t)
    }
}

#[derive(Debug, Default)]
struct Seen {
    requests: Vec<(String, HeaderMap, String)>,
    peers: HashSet<SocketAddr>,
}

type Shared = Arc<Mutex<Seen>>;

fn envelope(header: &str, body: &str) -> String {
    format!(
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>{header}</s:Header><s:Body>{body}</s:Body></s:Envelope>"#
    )
}

fn ok_headers() -> String {
    format!(
        r#"<ExceptionInfo i:nil="true" xmlns="{NS}" xmlns:i="{XSI}"/><ExtraInfo xmlns="{NS}" xmlns:i="{XSI}"><ExtraInfoNameValuePair><Key>server</Key><Value>test</Value></ExtraInfoNameValuePair><ExtraInfoNameValuePair><Key>empty</Key><Value i:nil="true"/></ExtraInfoNameValuePair></ExtraInfo><Succeeded xmlns="{NS}">true</Succeeded><TimeZone xmlns="{NS}" xmlns:i="{XSI}"><SoTimeZoneId>3</SoTimeZoneId><SoTimeZoneLocationCode>NO</SoTimeZoneLocationCode></TimeZone>"#
    )
}

fn thing_body() -> String {
    format!(
        r#"<GetThingResponse xmlns="{NS}"><Response xmlns:i="{XSI}"><Id>42</Id><Unknown><X/></Unknown><Name>Tom &amp; Jerry</Name><Tags xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays"><a:string>a</a:string><a:string>b</a:string></Tags></Response></GetThingResponse>"#
    )
}

fn xml(status: StatusCode, body: impl Into<Vec<u8>>) -> Response {
    (
        status,
        [("content-type", "text/xml; charset=utf-8")],
        body.into(),
    )
        .into_response()
}

fn html(status: StatusCode, body: &str) -> Response {
    (status, [("content-type", "text/html")], body.to_owned()).into_response()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

async fn handler(
    State(seen): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(case): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let case = case.trim_end_matches(".svc").to_owned();
    let accepts_gzip = headers
        .get("accept-encoding")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("gzip"));
    {
        let mut seen = seen.lock().unwrap();
        seen.peers.insert(peer);
        seen.requests.push((
            case.clone(),
            headers,
            String::from_utf8_lossy(&body).into_owned(),
        ));
    }
    match case.as_str() {
        "Success" => xml(StatusCode::OK, envelope(&ok_headers(), &thing_body())),
        "Void" => xml(StatusCode::OK, envelope("", &format!(r#"<DoItResponse xmlns="{NS}"/>"#))),
        "Fault200" | "Fault500" => {
            let fault = r#"<s:Fault><faultcode xmlns:a="http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher">a:InternalServiceFault</faultcode><faultstring xml:lang="en-US">The server was unable to process the request &amp; failed.</faultstring><detail><ExceptionDetail xmlns="http://schemas.datacontract.org/2004/07/System.ServiceModel"><Message>boom</Message></ExceptionDetail></detail></s:Fault>"#;
            let status = if case == "Fault500" { StatusCode::INTERNAL_SERVER_ERROR } else { StatusCode::OK };
            xml(status, envelope("", fault))
        }
        "Fault12" => xml(
            StatusCode::INTERNAL_SERVER_ERROR,
            r#"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value xmlns:a="urn:a">a:BadTicket</env:Value></env:Subcode></env:Code><env:Reason><env:Text xml:lang="en">Ticket expired</env:Text></env:Reason><env:Detail><Why>old</Why></env:Detail></env:Fault></env:Body></env:Envelope>"#,
        ),
        "Html500" => html(StatusCode::INTERNAL_SERVER_ERROR, "<!DOCTYPE html>\n<html><head><title>Runtime Error</title></head><body><h1>Server Error in '/' Application.</h1><p>Object reference not set to an instance of an object.</p></body></html>"),
        "Html502" => html(StatusCode::BAD_GATEWAY, "<html><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"),
        "Failure" => {
            let header = format!(
                r#"<ExceptionInfo xmlns="{NS}" xmlns:i="{XSI}"><Message>Ticket is not valid</Message><StackTrace>at SoPrincipal.Check()</StackTrace><FriendlyText>Please log in again</FriendlyText><ExceptionType>SoSecurityException</ExceptionType><Source>NetServer</Source><InnerException><Message>expired</Message><ExceptionType>TimeoutException</ExceptionType><InnerException i:nil="true"/></InnerException><Parameters><SoExceptionInfoParametersKeyValuePair><Key>user</Key><Value>7</Value></SoExceptionInfoParametersKeyValuePair></Parameters></ExceptionInfo><Succeeded xmlns="{NS}">false</Succeeded>"#
            );
            xml(StatusCode::OK, envelope(&header, &format!(r#"<GetThingResponse xmlns="{NS}"/>"#)))
        }
        "SucceededFalse" => xml(StatusCode::OK, envelope(&format!(r#"<Succeeded xmlns="{NS}">false</Succeeded>"#), &thing_body())),
        "Paced" => {
            tokio::time::sleep(Duration::from_millis(30)).await;
            xml(StatusCode::OK, envelope(&ok_headers(), &thing_body()))
        }
        "Slow" => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            xml(StatusCode::OK, envelope(&ok_headers(), &thing_body()))
        }
        "Huge" => {
            let mut body = thing_body();
            body.push_str(&"<Pad/>".repeat(400_000));
            xml(StatusCode::OK, envelope("", &body))
        }
        "GzipBomb" => {
            let mut body = thing_body();
            body.push_str(&" ".repeat(20_000_000));
            let packed = gzip(envelope("", &body).as_bytes());
            (StatusCode::OK, [("content-type", "text/xml"), ("content-encoding", "gzip")], packed).into_response()
        }
        "Deep" => {
            let deep = format!("{}{}", "<a>".repeat(1000), "</a>".repeat(1000));
            xml(StatusCode::OK, envelope("", &format!(r#"<GetThingResponse xmlns="{NS}"><Response>{deep}</Response></GetThingResponse>"#)))
        }
        "Laughs" => xml(
            StatusCode::OK,
            r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetThingResponse><Response><Name>&lol2;</Name></Response></GetThingResponse></s:Body></s:Envelope>"#,
        ),
        "Truncated" => {
            let full = envelope(&ok_headers(), &thing_body());
            xml(StatusCode::OK, full[..full.len() - 40].to_owned())
        }
        "Gzip" => {
            assert!(accepts_gzip, "the client must offer gzip");
            let packed = gzip(envelope(&ok_headers(), &thing_body()).as_bytes());
            (StatusCode::OK, [("content-type", "text/xml; charset=utf-8"), ("content-encoding", "gzip")], packed).into_response()
        }
        "NotSoap200" => xml(StatusCode::OK, "<html><body>maintenance</body></html>"),
        _ => (StatusCode::NOT_FOUND, "no such case").into_response(),
    }
}

async fn start_server() -> (String, Shared) {
    let seen = Shared::default();
    let app = Router::new()
        .route("/Remote/Services88/{case}", post(handler))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    (format!("http://{addr}/Remote/Services88/"), seen)
}

fn op(case: &str, soap: SoapVersion) -> &'static OperationInfo {
    Box::leak(Box::new(OperationInfo {
        agent: "Test",
        service_path: Box::leak(format!("{case}.svc").into_boxed_str()),
        name: "GetThing",
        action: "http://www.superoffice.net/ws/crm/NetServer/Services88/Test/GetThing",
        soap,
        namespace: NS,
        headers: DeclaredHeaders::ALL,
    }))
}

fn client(base: &str) -> Client {
    Client::builder(base)
        .application_token(APP_TOKEN)
        .ticket(TICKET)
        .time_zone(TimeZone {
            id: 3,
            location_code: Some("NO".into()),
        })
        .bearer_token(BEARER)
        .header("X-Extra", "extra-value")
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

fn request_body(w: &mut XmlWriter) {
    w.open(NS, "GetThing");
    7i32.encode(w, NS, "ThingId");
    w.close(NS, "GetThing");
}

fn get_thing(client: &Client, case: &str) -> sogen_runtime::Call<Thing> {
    client.call(
        op(case, SoapVersion::Soap11),
        request_body,
        decode_response::<Thing>,
    )
}

/// No secret in an error's Display or Debug.
fn assert_no_secret(e: &Error) {
    let text = format!("{e} {e:?}");
    for secret in [TICKET, APP_TOKEN, BEARER] {
        assert!(!text.contains(secret), "secret leaked: {text}");
    }
}

fn expected_thing() -> Thing {
    Thing {
        id: 42,
        name: Some("Tom & Jerry".into()),
        tags: vec!["a".into(), "b".into()],
    }
}

#[tokio::test]
async fn success_sends_headers_and_decodes_value_and_response_headers() {
    let (base, seen) = start_server().await;
    let c = client(&base);
    let response = get_thing(&c, "Success").with_headers().await.unwrap();
    assert_eq!(response.value, expected_thing());
    assert_eq!(response.headers.succeeded, Some(true));
    assert_eq!(response.headers.extra("server"), Some("test"));
    assert_eq!(response.headers.extra("empty"), Some(""));
    assert_eq!(
        response.headers.time_zone,
        Some(TimeZone {
            id: 3,
            location_code: Some("NO".into())
        })
    );

    let seen = seen.lock().unwrap();
    let (_, headers, body) = &seen.requests[0];
    assert_eq!(headers["content-type"], "text/xml; charset=utf-8");
    assert_eq!(
        headers["soapaction"],
        "\"http://www.superoffice.net/ws/crm/NetServer/Services88/Test/GetThing\""
    );
    assert_eq!(headers["authorization"], format!("Bearer {BEARER}"));
    assert_eq!(headers["x-extra"], "extra-value");
    let expected = format!(
        r#"<s:Header><ApplicationToken xmlns="{NS}">{APP_TOKEN}</ApplicationToken><Credentials xmlns="{NS}"><Ticket>{TICKET}</Ticket></Credentials><TimeZone xmlns="{NS}"><SoTimeZoneId>3</SoTimeZoneId><SoTimeZoneLocationCode>NO</SoTimeZoneLocationCode></TimeZone></s:Header><s:Body><GetThing xmlns="{NS}"><ThingId>7</ThingId></GetThing></s:Body></s:Envelope>"#
    );
    assert!(body.ends_with(&expected), "{body}");
    assert!(body.starts_with(r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/""#));
}

#[tokio::test]
async fn headers_absent_when_not_configured_and_void_operations() {
    let (base, seen) = start_server().await;
    let c = Client::builder(base.trim_end_matches('/')).build().unwrap();
    c.call(
        op("Void", SoapVersion::Soap11),
        |w| w.empty(NS, "DoIt"),
        decode_void,
    )
    .await
    .unwrap();
    let seen = seen.lock().unwrap();
    let (_, headers, body) = &seen.requests[0];
    assert!(!body.contains("Header"), "{body}");
    assert!(headers.get("authorization").is_none());
}

#[tokio::test]
async fn soap12_puts_the_action_in_the_content_type() {
    let (base, seen) = start_server().await;
    let c = client(&base);
    c.call(
        op("Void", SoapVersion::Soap12),
        |w| w.empty(NS, "DoIt"),
        decode_void,
    )
    .await
    .unwrap();
    let seen = seen.lock().unwrap();
    let (_, headers, body) = &seen.requests[0];
    assert_eq!(
        headers["content-type"],
        "application/soap+xml; charset=utf-8; action=\"http://www.superoffice.net/ws/crm/NetServer/Services88/Test/GetThing\""
    );
    assert!(headers.get("soapaction").is_none());
    assert!(body.starts_with(r#"<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope""#));
}

#[tokio::test]
async fn soap11_fault_with_status_200_and_500() {
    let (base, _) = start_server().await;
    let c = client(&base);
    for (case, status) in [("Fault200", 200), ("Fault500", 500)] {
        let err = get_thing(&c, case).await.unwrap_err();
        assert_no_secret(&err);
        let Error::Fault(f) = err else {
            panic!("{case}: {err:?}")
        };
        assert_eq!(f.http_status, status);
        assert_eq!(f.version, SoapVersion::Soap11);
        assert_eq!(f.code, "a:InternalServiceFault");
        assert_eq!(
            f.reason,
            "The server was unable to process the request & failed."
        );
        assert!(f
            .detail
            .as_deref()
            .unwrap()
            .contains("<Message>boom</Message>"));
    }
}

#[tokio::test]
async fn soap12_fault() {
    let (base, _) = start_server().await;
    let err = get_thing(&client(&base), "Fault12").await.unwrap_err();
    let Error::Fault(f) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (f.code.as_str(), f.subcode.as_deref()),
        ("env:Sender", Some("a:BadTicket"))
    );
    assert_eq!(f.reason, "Ticket expired");
    assert_eq!(f.detail.as_deref(), Some("<Why>old</Why>"));
}

#[tokio::test]
async fn html_error_pages_keep_status_and_excerpt() {
    let (base, _) = start_server().await;
    let c = client(&base);
    let err = get_thing(&c, "Html500").await.unwrap_err();
    assert_no_secret(&err);
    let Error::Http {
        status,
        excerpt,
        content_type,
        ..
    } = err
    else {
        panic!("{err:?}")
    };
    assert_eq!(status, 500);
    assert_eq!(content_type.as_deref(), Some("text/html"));
    assert!(
        excerpt.starts_with("Runtime Error Server Error in '/' Application."),
        "{excerpt}"
    );
    assert!(excerpt.len() <= 210);
    let err = get_thing(&c, "Html502").await.unwrap_err();
    let Error::Http {
        status, excerpt, ..
    } = err
    else {
        panic!("{err:?}")
    };
    assert_eq!((status, excerpt.as_str()), (502, "502 Bad Gateway nginx"));
    // 200 with an HTML page that is not an envelope.
    let err = get_thing(&c, "NotSoap200").await.unwrap_err();
    assert!(
        matches!(err, Error::Decode(ref d) if matches!(d.kind(), DecodeErrorKind::Unexpected { .. })),
        "{err:?}"
    );
}

#[tokio::test]
async fn superoffice_failure_carries_exception_info() {
    let (base, _) = start_server().await;
    let c = client(&base);
    let err = get_thing(&c, "Failure").await.unwrap_err();
    assert_no_secret(&err);
    let Error::SuperOffice(x) = err else {
        panic!("{err:?}")
    };
    assert_eq!(x.message, "Ticket is not valid");
    assert_eq!(x.exception_type, "SoSecurityException");
    assert_eq!(x.stack_trace, "at SoPrincipal.Check()");
    assert_eq!(x.friendly_text, "Please log in again");
    assert_eq!(x.parameters, vec![("user".to_owned(), "7".to_owned())]);
    let inner = x.inner.as_ref().unwrap();
    assert_eq!(
        (inner.message.as_str(), inner.exception_type.as_str()),
        ("expired", "TimeoutException")
    );
    assert!(inner.inner.is_none());
    let err = get_thing(&c, "SucceededFalse").await.unwrap_err();
    assert!(
        matches!(err, Error::SuperOffice(ref x) if x.message.contains("Succeeded=false")),
        "{err:?}"
    );
}

#[tokio::test]
async fn timeout() {
    let (base, _) = start_server().await;
    let c = Client::builder(&base)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = get_thing(&c, "Slow").await.unwrap_err();
    assert!(
        matches!(err, Error::Timeout { ref url } if url.ends_with("Slow.svc")),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn connection_refused() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let c = client(&format!("http://{addr}/Remote/Services88/"));
    let err = get_thing(&c, "Success").await.unwrap_err();
    assert_no_secret(&err);
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
}

#[tokio::test]
async fn body_over_the_size_limit() {
    let (base, _) = start_server().await;
    let limits = Limits {
        max_response_bytes: 1_000_000,
        ..Limits::default()
    };
    let c = Client::builder(&base).limits(limits).build().unwrap();
    let err = get_thing(&c, "Huge").await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::LimitExceeded {
                kind: LimitKind::ResponseSize,
                limit: 1_000_000
            }
        ),
        "{err:?}"
    );
    // Compressed small, decompressed huge: stopped while streaming.
    let err = get_thing(&c, "GzipBomb").await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::LimitExceeded {
                kind: LimitKind::ResponseSize,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn nesting_over_the_depth_limit() {
    let (base, _) = start_server().await;
    let err = get_thing(&client(&base), "Deep").await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::LimitExceeded {
                kind: LimitKind::Depth,
                limit: 128
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn doctype_and_billion_laughs_are_refused() {
    let (base, _) = start_server().await;
    let err = get_thing(&client(&base), "Laughs").await.unwrap_err();
    let Error::Decode(d) = err else {
        panic!("{err:?}")
    };
    assert_eq!(d.kind(), &DecodeErrorKind::DocType);
}

#[tokio::test]
async fn truncated_body() {
    let (base, _) = start_server().await;
    let err = get_thing(&client(&base), "Truncated").await.unwrap_err();
    let Error::Decode(d) = err else {
        panic!("{err:?}")
    };
    assert_eq!(d.kind(), &DecodeErrorKind::UnexpectedEof, "{d}");
}

#[tokio::test]
async fn gzip_compressed_response() {
    let (base, _) = start_server().await;
    let value = get_thing(&client(&base), "Gzip").await.unwrap();
    assert_eq!(value, expected_thing());
}

#[tokio::test]
async fn connections_are_reused() {
    let (base, seen) = start_server().await;
    let c = client(&base);
    for _ in 0..20 {
        get_thing(&c, "Success").await.unwrap();
    }
    let clone = c.clone();
    get_thing(&clone, "Success").await.unwrap();
    assert_eq!(
        seen.lock().unwrap().peers.len(),
        1,
        "one pooled connection for 21 sequential calls"
    );
}

/// 40 calls started at once on a client capped at 4: all succeed over at most 4 TCP
/// connections (without the cap, HTTP/1.1 would open one per call in flight).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn max_connections_caps_concurrent_calls() {
    let (base, seen) = start_server().await;
    let c = Client::builder(&base)
        .max_connections(4)
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..40 {
        let c = c.clone();
        calls.spawn(async move { get_thing(&c, "Paced").await });
    }
    while let Some(done) = calls.join_next().await {
        assert_eq!(done.unwrap().unwrap(), expected_thing());
    }
    let seen = seen.lock().unwrap();
    assert_eq!(seen.requests.len(), 40);
    assert!(
        (1..=4).contains(&seen.peers.len()),
        "{} connections for 40 calls capped at 4",
        seen.peers.len()
    );
    assert!(Client::builder(&base).max_connections(0).build().is_err());
}

/// Waiting for a free slot counts against the request timeout: the second call waits 0.5 s
/// for the first to time out, then has only the rest of its own 1 s.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waiting_for_a_connection_slot_uses_up_the_timeout() {
    let (base, _) = start_server().await;
    let c = Client::builder(&base)
        .max_connections(1)
        .timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    let first = tokio::spawn({
        let c = c.clone();
        async move { get_thing(&c, "Slow").await }
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    let started = std::time::Instant::now();
    let err = get_thing(&c, "Slow").await.unwrap_err();
    let waited = started.elapsed();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_millis(1400),
        "timed out after {waited:?}, expected about 1 s"
    );
    let first = first.await.unwrap().unwrap_err();
    assert!(matches!(first, Error::Timeout { .. }), "{first:?}");
}

#[test]
fn blocking_calls_without_a_runtime() {
    let server = tokio::runtime::Runtime::new().unwrap();
    let (base, _) = server.block_on(start_server());
    let c = client(&base);
    assert_eq!(
        get_thing(&c, "Success").blocking().unwrap(),
        expected_thing()
    );
    let response = get_thing(&c, "Success").blocking_with_headers().unwrap();
    assert_eq!(response.headers.succeeded, Some(true));
    assert!(matches!(
        get_thing(&c, "Fault500").blocking(),
        Err(Error::Fault(_))
    ));
    // Inside a runtime, blocking is refused rather than panicking.
    let err = server
        .block_on(async { get_thing(&c, "Success").blocking() })
        .unwrap_err();
    assert!(matches!(err, Error::BlockingInAsync));
}

#[test]
fn secrets_are_redacted_in_debug() {
    let c = client("https://example.invalid/Remote/Services88/");
    let call = get_thing(&c, "Success");
    let text = format!("{c:?} {call:?}");
    for secret in [TICKET, APP_TOKEN, BEARER, "extra-value"] {
        assert!(!text.contains(secret), "{text}");
    }
    assert!(text.contains("[redacted]"));
    // ...while the envelope itself does carry them.
    assert!(String::from_utf8_lossy(&call.envelope()).contains(TICKET));
    let bad = Client::builder("https://h/")
        .header("Bad Name", TICKET)
        .build()
        .unwrap_err();
    assert_no_secret(&bad);
    let bad = Client::builder("https://h/")
        .header("X", format!("{TICKET}\r\n"))
        .build()
        .unwrap_err();
    assert_no_secret(&bad);
    assert!(matches!(
        Client::builder("ftp://h/").build(),
        Err(Error::Config(_))
    ));
}
