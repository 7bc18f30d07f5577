//! Read-modify-save through an older client: a server generated from a newer Services88
//! Chat (its `ChatMessage` has two fields more, `Mood` and `Priority`) answers a message
//! with them; the client generated from today's WSDL changes a field it knows and sends
//! the message back; the server sees the new fields as it sent them, inside the message,
//! after the known fields (where WCF writes a data contract's extension data).

use std::sync::{Arc, Mutex};

use sogen_runtime::server::{RequestContext, Server, ServiceError};
use sogen_runtime::{
    BoxFuture, Client, HttpRequest, HttpResponse, ReqwestTransport, Transport, TransportError,
};
use sogen_tests::generated::services88::ChatAgent;
use sogen_tests::generated_newer::services88::server::{chat, ChatService};
use sogen_tests::generated_newer::services88::types::ChatMessage as NewerMessage;

/// The newer server: answers every message with the newer fields set and keeps what it
/// received.
#[derive(Default)]
struct Newer {
    received: Mutex<Vec<Option<NewerMessage>>>,
}

/// The default transport, keeping the body of each request it sends.
#[derive(Debug)]
struct Recording {
    inner: ReqwestTransport,
    bodies: Mutex<Vec<Vec<u8>>>,
}

impl Transport for Recording {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.bodies.lock().unwrap().push(request.body.clone());
        self.inner.send(request)
    }
}

/// The service, sharing its state with the test.
struct Served(Arc<Newer>);

impl ChatService for Served {
    async fn add_chat_message(
        &self,
        cx: &RequestContext,
        chat_session_id: i32,
        message: Option<NewerMessage>,
    ) -> Result<Option<NewerMessage>, ServiceError> {
        let _ = cx;
        self.0.received.lock().unwrap().push(message);
        Ok(Some(NewerMessage {
            chat_message_id: 7,
            chat_session_id,
            message: Some("first".into()),
            mood: Some("cheerful & <bold>".into()),
            priority: 3,
            ..Default::default()
        }))
    }
}

#[tokio::test]
async fn a_read_modify_save_keeps_a_newer_servers_fields_in_place() {
    let newer = Arc::new(Newer::default());
    let server = Server::new().service(chat::service(Served(newer.clone())));
    let server = server.start("127.0.0.1:0").await.unwrap();
    let recording = Arc::new(Recording {
        inner: ReqwestTransport::new(std::time::Duration::from_secs(5)).unwrap(),
        bodies: Mutex::default(),
    });
    let client = Client::builder(server.url("Services88"))
        .transport(recording.clone())
        .build()
        .unwrap();
    let agent = ChatAgent::new(client);

    // Read: today's client does not know Mood and Priority, and keeps them.
    let mut got = agent
        .add_chat_message(1, sogen_runtime::Nil)
        .await
        .unwrap()
        .expect("a message");
    assert_eq!(got.message.as_deref(), Some("first"));
    let kept: Vec<String> = got.extension_data.elements().collect();
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(
        kept[0].contains("Mood") && kept[1].contains("Priority"),
        "{kept:?}"
    );

    // Modify a known field and save.
    got.message = Some("changed".into());
    let saved = agent.add_chat_message(1, &got).await.unwrap();
    assert!(saved.is_some());

    server.shutdown().await;
    let received = newer.received.lock().unwrap();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0], None, "the first call sent nil");
    let message = received[1].as_ref().expect("the saved message");
    assert_eq!(message.message.as_deref(), Some("changed"));
    assert_eq!(message.chat_message_id, 7);
    assert_eq!(message.mood.as_deref(), Some("cheerful & <bold>"));
    assert_eq!(message.priority, 3);
    assert!(
        message.extension_data.is_empty(),
        "the newer server knows every field"
    );

    // In place: inside <Message>, after the last known field, in the order received.
    let bodies = recording.bodies.lock().unwrap();
    let body = std::str::from_utf8(&bodies[1]).unwrap();
    // The parameter's element opens first and closes last (its `Message` field nests).
    let inner = &body[body.find("<Message").expect("a Message element")..];
    let (posted, mood, priority, end) = (
        inner.find("WhenPosted").unwrap(),
        inner.find("Mood").unwrap(),
        inner.find("Priority").unwrap(),
        inner.rfind("</Message>").unwrap(),
    );
    assert!(posted < mood && mood < priority && priority < end, "{body}");
}

/// Today's generated server echoing the message it gets.
struct Echo;

impl sogen_tests::generated_props::services88::server::ChatService for Echo {
    async fn add_chat_message(
        &self,
        _cx: &RequestContext,
        _chat_session_id: i32,
        message: Option<sogen_tests::generated_props::services88::types::ChatMessage>,
    ) -> Result<Option<sogen_tests::generated_props::services88::types::ChatMessage>, ServiceError>
    {
        Ok(message)
    }
}

/// A message whose record holds `unknown` copies of `element`, posted raw.
async fn post_flood(url: &str, element: &str, unknown: usize) -> (usize, HttpResponse) {
    let ns = "http://www.superoffice.net/ws/crm/NetServer/Services88";
    let body = format!(
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><AddChatMessage xmlns="{ns}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><ChatSessionId>1</ChatSessionId><Message><Message>hi</Message>{}</Message></AddChatMessage></s:Body></s:Envelope>"#,
        element.repeat(unknown)
    );
    let sent = body.len();
    let request = HttpRequest {
        url: url.to_owned(),
        headers: vec![
            ("Content-Type".into(), "text/xml; charset=utf-8".into()),
            ("SOAPAction".into(), format!("\"{ns}/Chat/AddChatMessage\"")),
        ],
        body: body.into_bytes(),
        timeout: Some(std::time::Duration::from_secs(60)),
        max_response_bytes: 1 << 30,
    };
    let transport = ReqwestTransport::new(std::time::Duration::from_secs(5)).unwrap();
    (sent, transport.send(request).await.unwrap())
}

/// A flood refused with a fault of under 2 KiB that says `why`.
fn refused_small(reply: &HttpResponse, why: &str) {
    println!("answered {} with {} bytes", reply.status, reply.body.len());
    assert_eq!(reply.status, 500);
    let text = String::from_utf8_lossy(&reply.body);
    assert!(text.contains(why), "{text}");
    assert!(reply.body.len() < 2048, "{}", reply.body.len());
}

#[tokio::test]
async fn unknown_elements_echoed_by_a_generated_server_stay_bounded() {
    use sogen_tests::generated_props::services88::server::chat as today;
    let server = Server::new().service(today::service(Echo));
    let server = server.start("127.0.0.1:0").await.unwrap();
    let url = format!("{}Chat.svc", server.url("Services88"));

    // 200,000 unknown elements in the record's namespace: echoed at the size they came.
    let (sent, reply) = post_flood(&url, "<x/>", 200_000).await;
    assert_eq!(reply.status, 200);
    let kept = reply.body.windows(4).filter(|w| w == b"<x/>").count();
    assert_eq!(kept, 200_000, "kept and written back as they came");
    println!(
        "{sent} bytes with 200,000 <x/> answered with {} bytes",
        reply.body.len()
    );
    assert!(
        reply.body.len() <= sent + 1024,
        "{} > {sent}",
        reply.body.len()
    );

    // 3 MiB of them: more than `max_unknown_elements`, refused with a small fault.
    let (sent, reply) = post_flood(&url, "<x/>", 786_432).await;
    println!("{sent} bytes with 786,432 <x/>");
    refused_small(&reply, "unknown elements");

    // Prefixed ones each need their declaration back, which would make the answer
    // larger than the request: refused once what would be kept passes the body's length.
    let (sent, reply) = post_flood(&url, r#"<x i:nil="true"/>"#, 200_000).await;
    println!("{sent} bytes with 200,000 <x i:nil/>");
    refused_small(&reply, "unknown");
    // A few of them fit: kept, each with its declaration, and still no larger than sent.
    let (sent, reply) = post_flood(&url, r#"<x i:nil="true"/>"#, 5).await;
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(reply.body.windows(3).filter(|w| w == b"<x ").count(), 5);
    assert!(
        reply.body.len() <= sent + 1024,
        "{} > {sent}",
        reply.body.len()
    );
    server.shutdown().await;
}

/// A server on 127.0.0.1 answering every request with `body`, as NetServer would.
async fn answering(body: String) -> (String, tokio::task::JoinHandle<()>) {
    let body = Arc::new(body);
    let app = axum::Router::new().fallback(move || {
        let body = body.clone();
        async move {
            (
                [("content-type", "text/xml; charset=utf-8")],
                body.as_bytes().to_vec(),
            )
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/Remote/Services88/",
        listener.local_addr().unwrap()
    );
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    (url, task)
}

/// A response whose message holds `unknown` copies of `element`.
fn flooded_response(element: &str, unknown: usize) -> String {
    let ns = "http://www.superoffice.net/ws/crm/NetServer/Services88";
    let mut body = format!(
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><AddChatMessageResponse xmlns="{ns}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Response><ChatMessageId>7</ChatMessageId>"#
    );
    body.reserve(element.len() * unknown + 100);
    for _ in 0..unknown {
        body.push_str(element);
    }
    body.push_str("</Response></AddChatMessageResponse></s:Body></s:Envelope>");
    body
}

#[tokio::test]
async fn a_client_refuses_unknown_element_floods_with_a_typed_error() {
    use sogen_runtime::{Error, LimitKind};
    // The issue's body: 16 million unknown `<x/>` (61 MiB, under the 64 MiB body limit).
    let (url, task) = answering(flooded_response("<x/>", 16_000_000)).await;
    let agent = ChatAgent::new(Client::builder(url).build().unwrap());
    let err = agent
        .add_chat_message(1, sogen_runtime::Nil)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::LimitExceeded {
                kind: LimitKind::UnknownElements,
                limit: 250_000
            }
        ),
        "{err:?}"
    );
    task.abort();

    // Prefixed ones, each needing its declaration when written back: refused once that
    // would take more than the body itself.
    let body = flooded_response(r#"<x i:nil="true"/>"#, 200_000);
    let len = body.len();
    let (url, task) = answering(body).await;
    let agent = ChatAgent::new(Client::builder(url).build().unwrap());
    let err = agent
        .add_chat_message(1, sogen_runtime::Nil)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::LimitExceeded { kind: LimitKind::UnknownBytes, limit } if limit == len),
        "{err:?}"
    );
    task.abort();

    // A few of them: kept, and written back no larger than they came.
    let (url, task) = answering(flooded_response(r#"<x i:nil="true"/>"#, 3)).await;
    let agent = ChatAgent::new(Client::builder(url).build().unwrap());
    let got = agent
        .add_chat_message(1, sogen_runtime::Nil)
        .await
        .unwrap()
        .expect("a message");
    assert_eq!(got.chat_message_id, 7);
    assert_eq!(got.extension_data.elements().count(), 3);
    task.abort();
}
