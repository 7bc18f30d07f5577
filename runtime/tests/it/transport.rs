//! A user-supplied transport: the client hands it the request and decodes its response.

use std::sync::{Arc, Mutex};

use sogen_runtime::{
    decode_response, BoxFuture, Client, DeclaredHeaders, Error, HttpRequest, HttpResponse,
    OperationInfo, SoapVersion, TimeZone, Transport, TransportError,
};

const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";

static OP: OperationInfo = OperationInfo {
    agent: "Chat",
    service_path: "Chat.svc",
    name: "GetCount",
    action: "http://www.superoffice.net/ws/crm/NetServer/Services88/Chat/GetCount",
    soap: SoapVersion::Soap11,
    namespace: NS,
    headers: DeclaredHeaders::ALL,
};

#[derive(Debug, Default)]
struct Canned {
    seen: Mutex<Vec<HttpRequest>>,
    fail: bool,
}

impl Transport for Canned {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.seen.lock().unwrap().push(request);
        let result = if self.fail {
            Err(TransportError::Tls("certificate expired".into()))
        } else {
            let body = format!(
                r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetCountResponse xmlns="{NS}"><Response>12</Response></GetCountResponse></s:Body></s:Envelope>"#
            );
            Ok(HttpResponse {
                status: 200,
                content_type: Some("text/xml".into()),
                body: body.into_bytes(),
            })
        };
        Box::pin(async move { result })
    }
}

#[test]
fn custom_transport_receives_the_request_and_its_response_is_decoded() {
    let transport = Arc::new(Canned::default());
    let client = Client::builder("https://example.invalid/Cust1/Remote/Services88")
        .ticket("7T:topsecret")
        .bearer_token("tok")
        .transport(transport.clone())
        .build()
        .unwrap();
    let n: i32 = client
        .call(&OP, |w| w.empty(NS, "GetCount"), decode_response::<i32>)
        .blocking()
        .unwrap();
    assert_eq!(n, 12);
    let seen = transport.seen.lock().unwrap();
    let request = &seen[0];
    assert_eq!(
        request.url,
        "https://example.invalid/Cust1/Remote/Services88/Chat.svc"
    );
    assert!(request
        .headers
        .contains(&("Authorization".into(), "Bearer tok".into())));
    assert!(String::from_utf8_lossy(&request.body).contains("<Ticket>7T:topsecret</Ticket>"));
    let debug = format!("{request:?}");
    assert!(
        !debug.contains("topsecret") && !debug.contains("Bearer tok"),
        "{debug}"
    );
    assert!(
        debug.contains("Chat/GetCount"),
        "the action is not secret: {debug}"
    );
}

/// SoPrincipal's operations declare only `ApplicationToken`: a client with a
/// ticket and a time zone must not send the other two, which that agent's
/// schema does not define.
#[test]
fn only_the_headers_an_operation_declares_are_sent() {
    static TOKEN_ONLY: OperationInfo = OperationInfo {
        headers: DeclaredHeaders {
            application_token: true,
            credentials: false,
            time_zone: false,
        },
        ..OP
    };
    let transport = Arc::new(Canned::default());
    let client = Client::builder("https://example.invalid/")
        .application_token("app")
        .ticket("7T:abc")
        .time_zone(TimeZone {
            id: 7,
            location_code: Some("NO".into()),
        })
        .transport(transport.clone())
        .build()
        .unwrap();
    for op in [&OP, &TOKEN_ONLY] {
        client
            .call(op, |w| w.empty(NS, "GetCount"), decode_response::<i32>)
            .blocking()
            .unwrap();
    }
    let seen = transport.seen.lock().unwrap();
    let bodies: Vec<String> = seen
        .iter()
        .map(|r| String::from_utf8_lossy(&r.body).into_owned())
        .collect();
    for header in ["<ApplicationToken", "<Credentials", "<TimeZone"] {
        assert!(bodies[0].contains(header), "{header} in {}", bodies[0]);
    }
    assert!(bodies[1].contains("<ApplicationToken"), "{}", bodies[1]);
    assert!(
        !bodies[1].contains("<Credentials") && !bodies[1].contains("<TimeZone"),
        "{}",
        bodies[1]
    );
}

#[test]
fn transport_errors_map_to_error_variants() {
    let transport = Arc::new(Canned {
        fail: true,
        ..Default::default()
    });
    let client = Client::builder("https://example.invalid/")
        .transport(transport)
        .build()
        .unwrap();
    let err = client
        .call(&OP, |w| w.empty(NS, "GetCount"), decode_response::<i32>)
        .blocking()
        .unwrap_err();
    assert!(
        matches!(err, Error::Tls { ref url, ref message } if url.ends_with("Chat.svc") && message == "certificate expired"),
        "{err:?}"
    );
}

/// Polls `f` on this thread with a waker that does nothing: another executor, no Tokio.
fn poll_to_end<F: std::future::Future>(f: F) -> F::Output {
    use std::task::{Context, Poll, Wake, Waker};
    struct Noop;
    impl Wake for Noop {
        fn wake(self: Arc<Self>) {}
    }
    let waker = Waker::from(Arc::new(Noop));
    let mut cx = Context::from_waker(&waker);
    let mut f = std::pin::pin!(f);
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

#[test]
fn a_call_awaited_outside_tokio_needs_no_tokio_timer() {
    let transport = Arc::new(Canned::default());
    let client = Client::builder("https://example.invalid/Cust1/Remote/Services88")
        .transport(transport.clone())
        .retry(sogen_runtime::RetryPolicy::new())
        .build()
        .unwrap();
    let call = client
        .call(&OP, |w| w.empty(NS, "GetCount"), decode_response::<i32>)
        .timeout(std::time::Duration::from_secs(5));
    let response = std::thread::spawn(move || poll_to_end(call.with_headers()))
        .join()
        .unwrap()
        .unwrap();
    assert_eq!((response.value, response.http_status), (12, 200));
    assert!(response.http_headers.is_empty(), "Canned reports none");
    // A transient failure is not retried there: there is no timer to wait on.
    let resetting = Arc::new(Resetting::default());
    let client = Client::builder("https://example.invalid/Cust1/Remote/Services88")
        .transport(resetting.clone())
        .retry(sogen_runtime::RetryPolicy::new())
        .build()
        .unwrap();
    let call = client.call(&OP, |w| w.empty(NS, "GetCount"), decode_response::<i32>);
    let err = std::thread::spawn(move || poll_to_end(call.with_headers()))
        .join()
        .unwrap()
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(*resetting.sent.lock().unwrap(), 1);
    // On Tokio (here the blocking runtime of the `http` feature) the same call is retried.
    #[cfg(feature = "http")]
    {
        let call = client.call(&OP, |w| w.empty(NS, "GetCount"), decode_response::<i32>);
        assert!(call.blocking().is_err());
        assert_eq!(*resetting.sent.lock().unwrap(), 1 + 3);
    }
}

/// Every request: the connection reset.
#[derive(Debug, Default)]
struct Resetting {
    sent: Mutex<usize>,
}

impl Transport for Resetting {
    fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        *self.sent.lock().unwrap() += 1;
        Box::pin(async { Err(TransportError::Reset("reset by peer".into())) })
    }
}
