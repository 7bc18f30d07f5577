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

/// A minimal `tracing` subscriber that keeps every span and event field as text.
mod capture {
    use std::fmt::Debug;
    use std::sync::{Arc, Mutex};
    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    /// Field name and value, as text.
    pub type FieldList = Vec<(String, String)>;

    #[derive(Default)]
    pub struct Log {
        pub spans: Mutex<Vec<(String, FieldList)>>,
        pub events: Mutex<Vec<FieldList>>,
    }

    struct Fields<'a>(&'a mut Vec<(String, String)>);

    impl Visit for Fields<'_> {
        fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
            self.0.push((field.name().to_owned(), format!("{value:?}")));
        }
    }

    pub struct Capture(pub Arc<Log>);

    impl Subscriber for Capture {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, span: &Attributes<'_>) -> Id {
            let mut fields = Vec::new();
            span.record(&mut Fields(&mut fields));
            let mut spans = self.0.spans.lock().unwrap();
            spans.push((span.metadata().name().to_owned(), fields));
            Id::from_u64(spans.len() as u64)
        }
        fn record(&self, span: &Id, values: &Record<'_>) {
            let mut spans = self.0.spans.lock().unwrap();
            let entry = &mut spans[span.into_u64() as usize - 1];
            values.record(&mut Fields(&mut entry.1));
        }
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            let mut fields = Vec::new();
            event.record(&mut Fields(&mut fields));
            self.0.events.lock().unwrap().push(fields);
        }
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }
}

#[test]
fn each_call_has_a_span_with_agent_operation_status_and_duration_and_no_secret() {
    let log = Arc::new(capture::Log::default());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    tracing::subscriber::with_default(capture::Capture(log.clone()), || {
        for fail in [false, true] {
            let transport = Arc::new(Canned {
                fail,
                ..Default::default()
            });
            let client = Client::builder("https://example.invalid/")
                .ticket("7T:topsecret")
                .application_token("app-secret")
                .bearer_token("bearer-secret")
                .transport(transport)
                .build()
                .unwrap();
            let call = client.call(&OP, |w| w.empty(NS, "GetCount"), decode_response::<i32>);
            let _ = runtime.block_on(call.with_headers());
        }
    });
    let spans = log.spans.lock().unwrap();
    let calls: Vec<_> = spans
        .iter()
        .filter(|(name, _)| name == "soap_call")
        .collect();
    assert_eq!(calls.len(), 2);
    let get = |fields: &[(String, String)], key: &str| {
        fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    let ok = &calls[0].1;
    assert!(get(ok, "agent").is_some_and(|v| v.contains("Chat")));
    assert!(get(ok, "operation").is_some_and(|v| v.contains("GetCount")));
    assert_eq!(get(ok, "http.status").as_deref(), Some("200"));
    assert!(get(ok, "duration_ms").is_some());
    let failed = &calls[1].1;
    assert!(
        get(failed, "http.status").is_none(),
        "no status without a response"
    );
    assert!(get(failed, "duration_ms").is_some());
    let events = log.events.lock().unwrap();
    assert!(!events.is_empty());
    let all = format!("{spans:?} {events:?}");
    for secret in ["topsecret", "app-secret", "bearer-secret"] {
        assert!(!all.contains(secret), "{all}");
    }
}
