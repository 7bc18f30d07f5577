//! The `soap_call` span of every call, captured by a global subscriber.
//!
//! Its own test binary, with one test: `tracing` caches each callsite's interest for the
//! whole process, so a thread-local (`with_default`) subscriber loses the spans of a
//! callsite that another test of the same binary registered first. Here the global
//! subscriber is set before any callsite is reached, and nothing else runs.

use std::sync::Arc;

use sogen_runtime::{
    decode_response, BoxFuture, Client, DeclaredHeaders, HttpRequest, HttpResponse, OperationInfo,
    SoapVersion, Transport, TransportError,
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

/// Answers 12, or fails with a TLS error.
#[derive(Debug)]
struct Canned {
    fail: bool,
}

impl Transport for Canned {
    fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
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
    tracing::subscriber::set_global_default(capture::Capture(log.clone()))
        .expect("the only subscriber of this binary");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    for fail in [false, true] {
        let client = Client::builder("https://example.invalid/")
            .ticket("7T:topsecret")
            .application_token("app-secret")
            .bearer_token("bearer-secret")
            .transport(Arc::new(Canned { fail }))
            .build()
            .unwrap();
        let call = client.call(&OP, |w| w.empty(NS, "GetCount"), decode_response::<i32>);
        let _ = runtime.block_on(call.with_headers());
    }
    let spans = log.spans.lock().unwrap();
    let calls: Vec<_> = spans
        .iter()
        .filter(|(name, _)| name == "soap_call")
        .collect();
    assert_eq!(calls.len(), 2, "{spans:?}");
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
