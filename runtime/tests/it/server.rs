//! The server side on 127.0.0.1 with a hand-written agent (what generated code writes):
//! the client calls it over real HTTP; hostile requests get a fault, never a panic or a
//! hang. The generated traits over every operation are tested in the `tests` package.
#![cfg(all(feature = "server", feature = "http"))]

use std::time::Duration;

use sogen_runtime::server::{
    write_reply, AgentInfo, Dispatch, Pending, RequestContext, ServedOperation, Server, Service,
    ServiceError,
};
use sogen_runtime::{
    decode_response, soap::parse_response, Client, DeclaredHeaders, Decode, DecodeError,
    ElementStart, Encode, Error, HttpRequest, Limits, OperationInfo, ReqwestTransport, SoapVersion,
    TimeZone, Transport, XmlReader,
};

const NS: &str = "urn:echo";

const fn op(name: &'static str, request: &'static str, response: &'static str) -> ServedOperation {
    ServedOperation {
        name,
        action: "",
        request_ns: NS,
        request_name: request,
        response_ns: NS,
        response_name: response,
        response_headers: true,
    }
}

static OPS: [ServedOperation; 2] = [
    ServedOperation {
        action: "urn:echo/Echo/Echo",
        ..op("Echo", "Echo", "EchoResponse")
    },
    ServedOperation {
        action: "urn:echo/Echo/Fail",
        ..op("Fail", "Fail", "FailResponse")
    },
];

static ECHO11: AgentInfo = AgentInfo {
    version: "Services88",
    name: "Echo",
    service_path: "Echo.svc",
    soap: SoapVersion::Soap11,
    namespace: NS,
    operations: &OPS,
};

static ECHO12: AgentInfo = AgentInfo {
    version: "Services12",
    soap: SoapVersion::Soap12,
    ..ECHO11
};

/// `Echo(Text)` answers the text with the ticket's length appended; `Fail(How)` fails as
/// told: `fault`, `superoffice`, `panic`, `sleep`.
struct EchoAgent;

impl Dispatch for EchoAgent {
    fn dispatch(
        &self,
        operation: usize,
        r: &mut XmlReader<'_>,
        _start: &ElementStart<'_>,
        cx: RequestContext,
    ) -> Result<Pending, DecodeError> {
        let mut text = String::new();
        while let Some(s) = r.next_child()? {
            match s.local_name() {
                "Text" | "How" => text = String::decode(r, &s)?,
                _ => r.skip()?,
            }
        }
        Ok(Box::pin(async move {
            match (operation, text.as_str()) {
                (0, _) => {
                    let debug = format!("{cx:?}");
                    assert!(
                        !debug.contains("7T:abc") && !debug.contains("app\""),
                        "{debug}"
                    );
                    let ticket = cx.ticket().map_or(0, |t| t.expose().len());
                    cx.add_extra_info("op", cx.operation());
                    let answer = format!("{text}/{ticket}/{}", cx.soap_action());
                    Ok(write_reply(&cx, |w| {
                        w.open(NS, "EchoResponse");
                        answer.encode(w, NS, "Response");
                        w.close(NS, "EchoResponse");
                    }))
                }
                (_, "fault") => Err(ServiceError::client("told to fail")),
                (_, "superoffice") => Err(ServiceError::superoffice("SoException", "no right")),
                (_, "sleep") => {
                    tokio::time::sleep(Duration::from_secs(30)).await;
                    Err(ServiceError::server("woke up"))
                }
                _ => panic!("told to panic"),
            }
        }))
    }

    /// The REST wire: answers the version that served the call and the body it got.
    #[cfg(feature = "rest")]
    fn dispatch_json(
        &self,
        _operation: usize,
        body: &[u8],
        _query: &[(String, String)],
        _limits: &Limits,
        cx: RequestContext,
    ) -> Result<Pending, DecodeError> {
        let answer = format!("{} {}", cx.version(), String::from_utf8_lossy(body));
        Ok(Box::pin(
            async move { Ok(serde_json::to_vec(&answer).unwrap()) },
        ))
    }
}

static ECHO: OperationInfo = OperationInfo {
    agent: "Echo",
    service_path: "Echo.svc",
    name: "Echo",
    action: "urn:echo/Echo/Echo",
    soap: SoapVersion::Soap11,
    namespace: NS,
    headers: DeclaredHeaders::ALL,
};

static FAIL: OperationInfo = OperationInfo {
    name: "Fail",
    action: "urn:echo/Echo/Fail",
    ..ECHO
};

async fn start(limits: Limits) -> sogen_runtime::server::RunningServer {
    Server::new()
        .base_path("/Cust1/Remote/")
        .service(Service::new(&ECHO11, EchoAgent).with_wsdl("<wsdl/>"))
        .service(Service::new(&ECHO12, EchoAgent))
        .limits(limits)
        .timeout(Duration::from_secs(2))
        .start("127.0.0.1:0")
        .await
        .unwrap()
}

fn client(url: String) -> Client {
    Client::builder(url)
        .ticket("7T:abc")
        .application_token("app")
        .time_zone(TimeZone {
            id: 3,
            location_code: Some("NO".into()),
        })
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

fn echo(client: &Client, op: &'static OperationInfo, text: &str) -> sogen_runtime::Call<String> {
    let text = text.to_owned();
    client.call(
        op,
        move |w| {
            w.open(NS, op.name);
            text.encode(w, NS, if op.name == "Echo" { "Text" } else { "How" });
            w.close(NS, op.name);
        },
        decode_response::<String>,
    )
}

#[tokio::test]
async fn a_client_calls_the_server_and_gets_values_failures_and_faults() {
    let server = start(Limits::default()).await;
    let c = client(server.url("Services88"));
    let r = echo(&c, &ECHO, "a <&> b").with_headers().await.unwrap();
    assert_eq!(r.value, "a <&> b/6/urn:echo/Echo/Echo");
    assert_eq!(r.headers.succeeded, Some(true));
    assert_eq!(r.headers.extra("op"), Some("Echo"));
    assert_eq!(r.headers.time_zone.unwrap().id, 3);

    match echo(&c, &FAIL, "fault").await {
        Err(Error::Fault(f)) => {
            assert_eq!((f.http_status, f.code.as_str()), (500, "s:Client"));
            assert_eq!(f.reason, "told to fail");
        }
        other => panic!("{other:?}"),
    }
    match echo(&c, &FAIL, "superoffice").await {
        Err(Error::SuperOffice(x)) => {
            assert_eq!(
                (x.exception_type.as_str(), x.message.as_str()),
                ("SoException", "no right")
            )
        }
        other => panic!("{other:?}"),
    }
    match echo(&c, &FAIL, "panic").await {
        Err(Error::Fault(f)) => assert!(f.reason.contains("panicked"), "{f:?}"),
        other => panic!("{other:?}"),
    }
    match echo(&c, &FAIL, "sleep").await {
        Err(Error::Fault(f)) => assert!(f.reason.contains("in time"), "{f:?}"),
        other => panic!("{other:?}"),
    }
    // SOAP 1.2: the action travels in the content type; the reply is a 1.2 envelope.
    let c12 = client(server.url("Services12"));
    static ECHO_12: OperationInfo = OperationInfo {
        soap: SoapVersion::Soap12,
        service_path: "Echo.svc",
        ..ECHO
    };
    assert_eq!(
        echo(&c12, &ECHO_12, "x").await.unwrap(),
        "x/6/urn:echo/Echo/Echo"
    );
    static FAIL_12: OperationInfo = OperationInfo {
        soap: SoapVersion::Soap12,
        ..FAIL
    };
    match echo(&c12, &FAIL_12, "fault").await {
        Err(Error::Fault(f)) => assert_eq!(
            (f.code.as_str(), f.version),
            ("s:Sender", SoapVersion::Soap12)
        ),
        other => panic!("{other:?}"),
    }
    server.shutdown().await;
}

/// `RunningServer::site` is the URL before `/Remote/`, what `Session::onsite` takes (a
/// session's calls go to `{site}/Remote/ServicesNN/`: the example programs' tests log in
/// through it), at any base path ending in `/Remote`; elsewhere there is no site.
#[tokio::test]
async fn the_site_url_is_the_url_before_remote() {
    let server = start(Limits::default()).await;
    let site = server.site().expect("served under /Cust1/Remote");
    assert_eq!(site, format!("http://{}/Cust1", server.addr()));
    let c = client(format!("{site}/Remote/Services88/"));
    assert_eq!(
        echo(&c, &ECHO, "x").await.unwrap(),
        "x/6/urn:echo/Echo/Echo"
    );
    server.shutdown().await;

    for (base, site) in [
        ("/Remote", Some("")),
        ("/x/remote", Some("/x")),
        ("", None),
        ("/api", None),
    ] {
        let server = Server::new()
            .base_path(base)
            .start("127.0.0.1:0")
            .await
            .unwrap();
        let expected = site.map(|path| format!("http://{}{path}", server.addr()));
        assert_eq!(server.site(), expected, "{base}");
    }
}

/// Sends raw bytes; the status and, when the body is a SOAP envelope, the client's reading.
async fn raw(url: &str, headers: &[(&str, &str)], body: Vec<u8>) -> (u16, Result<String, Error>) {
    let t = ReqwestTransport::new(Duration::from_secs(5)).unwrap();
    let response = t
        .send(HttpRequest {
            url: url.to_owned(),
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body,
            timeout: Some(Duration::from_secs(10)),
            max_response_bytes: 1 << 20,
        })
        .await
        .expect("the server answers");
    let parsed = parse_response(
        response.status,
        response.content_type.as_deref(),
        &response.body,
        Limits::default(),
        decode_response::<String>,
    )
    .map(|r| r.value);
    (response.status, parsed)
}

fn envelope(body: &str) -> Vec<u8> {
    format!(r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>{body}</s:Body></s:Envelope>"#).into_bytes()
}

const XML: (&str, &str) = ("Content-Type", "text/xml; charset=utf-8");

#[tokio::test]
async fn hostile_requests_get_a_fault() {
    let limits = Limits {
        max_response_bytes: 64 * 1024,
        max_depth: 16,
        ..Limits::default()
    };
    let server = start(limits).await;
    let url = format!("{}Echo.svc", server.url("Services88"));
    let echo = r#"<Echo xmlns="urn:echo"><Text>hi</Text></Echo>"#;
    let fault = |r: &(u16, Result<String, Error>), status: u16, words: &str| match &r.1 {
        Err(Error::Fault(f)) if r.0 == status && f.reason.contains(words) => {}
        other => panic!(
            "expected HTTP {status} and a fault saying {words:?}, got {} {other:?}",
            r.0
        ),
    };

    // Dispatched by the body's element when there is no SOAPAction (and when it is "").
    let r = raw(&url, &[XML], envelope(echo)).await;
    assert_eq!(r.1.unwrap(), "hi/0/");
    let r = raw(&url, &[XML, ("SOAPAction", "\"\"")], envelope(echo)).await;
    assert_eq!(r.1.unwrap(), "hi/0/");
    // Case-insensitive path, as IIS.
    let upper = url.replace("Echo.svc", "ECHO.SVC");
    assert!(raw(&upper, &[XML], envelope(echo)).await.1.is_ok());

    let wrong_action = [XML, ("SOAPAction", "\"urn:echo/Echo/Nope\"")];
    fault(
        &raw(&url, &wrong_action, envelope(echo)).await,
        500,
        "is not an operation",
    );
    let other_op = [XML, ("SOAPAction", "\"urn:echo/Echo/Fail\"")];
    fault(
        &raw(&url, &other_op, envelope(echo)).await,
        500,
        "is not <Fail>",
    );
    fault(
        &raw(&url, &[XML], envelope("<Nope xmlns=\"urn:echo\"/>")).await,
        500,
        "no operation",
    );
    fault(
        &raw(
            &url,
            &[("Content-Type", "application/json")],
            envelope(echo),
        )
        .await,
        415,
        "content type",
    );
    fault(&raw(&url, &[], envelope(echo)).await, 415, "content type");
    let soap12 = [(
        "Content-Type",
        "application/soap+xml; action=\"urn:echo/Echo/Echo\"",
    )];
    fault(
        &raw(&url, &soap12, envelope(echo)).await,
        415,
        "content type",
    );

    let doctype = format!(
        "<!DOCTYPE s [<!ENTITY x \"y\">]>{}",
        String::from_utf8(envelope(echo)).unwrap()
    );
    fault(
        &raw(&url, &[XML], doctype.into_bytes()).await,
        500,
        "DOCTYPE",
    );
    let entity = envelope(r#"<Echo xmlns="urn:echo"><Text>&boom;</Text></Echo>"#);
    fault(&raw(&url, &[XML], entity).await, 500, "entity");
    let deep = format!(
        "<Echo xmlns=\"urn:echo\">{}{}</Echo>",
        "<a>".repeat(40),
        "</a>".repeat(40)
    );
    fault(&raw(&url, &[XML], envelope(&deep)).await, 500, "deeper");
    let attrs: String = (0..100).map(|i| format!(" a{i}=\"1\"")).collect();
    fault(
        &raw(
            &url,
            &[XML],
            envelope(&format!("<Echo xmlns=\"urn:echo\"{attrs}/>")),
        )
        .await,
        500,
        "attributes",
    );
    fault(
        &raw(&url, &[XML], b"\xff\xfe<".to_vec()).await,
        500,
        "UTF-8",
    );
    fault(
        &raw(&url, &[XML], envelope("<Echo xmlns=\"urn:echo\"><Text>")).await,
        500,
        "cannot be read",
    );
    fault(&raw(&url, &[XML], Vec::new()).await, 500, "empty");
    fault(
        &raw(&url, &[XML], b"not xml at all".to_vec()).await,
        500,
        "cannot be read",
    );
    let huge = envelope(&format!(
        "<Echo xmlns=\"urn:echo\"><Text>{}</Text></Echo>",
        "x".repeat(100_000)
    ));
    fault(&raw(&url, &[XML], huge).await, 413, "larger");

    // Paths, methods, WSDL.
    let missing = url.replace("Echo.svc", "Nope.svc");
    fault(
        &raw(&missing, &[XML], envelope(echo)).await,
        404,
        "no agent",
    );
    assert_eq!(
        get(&format!("{url}?wsdl")).await,
        (200, "<wsdl/>".to_owned())
    );
    assert_eq!(get(&url).await.0, 405);
    let no_wsdl = format!("{}Echo.svc?wsdl", server.url("Services12"));
    assert_eq!(get(&no_wsdl).await.0, 404);
    server.shutdown().await;
}

/// A GET through a plain TCP stream (the transport only POSTs): status and body.
async fn get(url: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let mut s = tokio::net::TcpStream::connect(host).await.unwrap();
    let req = format!("GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).await.unwrap();
    let status = out[9..12].parse().unwrap();
    let body = out
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[tokio::test]
async fn a_body_that_never_arrives_is_answered_within_the_budget() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let server = start(Limits::default()).await;
    let mut s = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
    let head = "POST /Cust1/Remote/Services88/Echo.svc HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n<s:Envelope";
    s.write_all(head.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    // The server's budget is 2 s; a generous bound for a busy machine.
    tokio::time::timeout(Duration::from_secs(20), s.read_to_end(&mut out))
        .await
        .expect("the server answers")
        .unwrap();
    let text = String::from_utf8_lossy(&out);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("did not arrive in time"), "{text}");
}

/// A server with the connection limits `tune` sets.
async fn start_tuned(tune: impl FnOnce(Server) -> Server) -> sogen_runtime::server::RunningServer {
    tune(Server::new().base_path("/Cust1/Remote/"))
        .service(Service::new(&ECHO11, EchoAgent))
        .start("127.0.0.1:0")
        .await
        .unwrap()
}

/// Reads until the server closes the connection (or it fails); the bytes read. Bounded so
/// that a server that never closes fails the test instead of hanging it.
async fn until_closed(s: &mut tokio::net::TcpStream) -> Vec<u8> {
    use tokio::io::AsyncReadExt;
    let mut out = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(30), async {
        let mut buf = [0u8; 4096];
        loop {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
    });
    read.await.expect("the server closes the connection");
    out
}

const ECHO_HEAD: &str = "POST /Cust1/Remote/Services88/Echo.svc HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nSOAPAction: \"urn:echo/Echo/Echo\"\r\n";

fn echo_request(text: &str) -> String {
    let body = format!(
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Echo xmlns="{NS}"><Text>{text}</Text></Echo></s:Body></s:Envelope>"#
    );
    format!("{ECHO_HEAD}Content-Length: {}\r\n\r\n{body}", body.len())
}

#[tokio::test]
async fn a_client_trickling_its_headers_is_disconnected() {
    use tokio::io::AsyncWriteExt;
    let server = start_tuned(|s| s.header_read_timeout(Duration::from_millis(500))).await;
    let mut s = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
    // One byte every 100 ms: the head would take 15 s; the server waits 0.5 s for it (20
    // bytes are sent at most).
    let head = echo_request("hi");
    let mut sent = 0;
    for byte in head.as_bytes() {
        if s.write_all(&[*byte]).await.is_err() {
            break;
        }
        sent += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
        if sent == 20 {
            break;
        }
    }
    let answer = until_closed(&mut s).await;
    assert!(sent < head.len(), "the head was never complete");
    assert!(
        !String::from_utf8_lossy(&answer).contains("EchoResponse"),
        "no request was served"
    );
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    use tokio::io::AsyncWriteExt;
    let server = start_tuned(|s| s.idle_timeout(Duration::from_millis(500))).await;
    let mut s = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
    s.write_all(echo_request("one").as_bytes()).await.unwrap();
    // The answer comes, and then, the connection idle, the server closes it.
    let answer = until_closed(&mut s).await;
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.contains("EchoResponse"), "{text}");
}

#[tokio::test]
async fn idle_connections_beyond_the_cap_wait_and_silent_ones_are_closed() {
    use std::sync::{Arc, Mutex};
    let server = start_tuned(|s| {
        s.max_connections(4)
            .header_read_timeout(Duration::from_secs(1))
    })
    .await;
    let events = Arc::new(Mutex::new(Vec::new()));
    // 12 connections that never send a byte: 4 are accepted, the rest wait in the backlog.
    let mut silent = Vec::new();
    for i in 0..12 {
        let mut s = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
        let events = events.clone();
        silent.push(tokio::spawn(async move {
            until_closed(&mut s).await;
            events.lock().unwrap().push(format!("silent {i} closed"));
        }));
    }
    // A good client's call is served once silent ones have been closed to make room.
    let url = format!("http://{}/Cust1/Remote/Services88/", server.addr());
    let answer = echo(&client(url), &ECHO, "good").await.unwrap();
    events.lock().unwrap().push("good served".into());
    assert!(answer.starts_with("good"), "{answer}");
    for s in silent {
        s.await.unwrap();
    }
    let events = events.lock().unwrap();
    let good = events.iter().position(|e| e == "good served").unwrap();
    assert!(
        good >= 1,
        "served only after a silent connection was closed: {events:?}"
    );
    assert_eq!(
        events.len(),
        13,
        "every silent connection closed: {events:?}"
    );
}

/// The REST wire serves each agent by the highest version mounted that has it (as the
/// Agents API serves the current version), at the site beside `Remote`.
#[cfg(feature = "rest")]
#[tokio::test]
async fn rest_calls_go_to_the_highest_version_mounted() {
    static ECHO87: AgentInfo = AgentInfo {
        version: "Services87",
        ..ECHO11
    };
    static ECHO9: AgentInfo = AgentInfo {
        version: "Services9",
        ..ECHO11
    };
    // In any order.
    let server = Server::new()
        .base_path("/Cust1/Remote")
        .service(Service::new(&ECHO87, EchoAgent))
        .service(Service::new(&ECHO11, EchoAgent))
        .service(Service::new(&ECHO9, EchoAgent))
        .start("127.0.0.1:0")
        .await
        .unwrap();
    assert_eq!(
        server.rest_url(),
        format!("http://{}/Cust1/api/v1/", server.addr())
    );
    let client = Client::builder(server.url("Services87"))
        .wire(sogen_runtime::Wire::Rest)
        .build()
        .unwrap();
    let answer: String = client
        .call_wire(
            &ECHO,
            |b| {
                if let sogen_runtime::Body::Json(w) = b {
                    w.field("Text", "hi");
                }
            },
            sogen_runtime::Decoders::json(sogen_runtime::json::decode_json::<String>),
        )
        .await
        .unwrap();
    assert_eq!(answer, r#"Services88 {"Text":"hi"}"#);
}
