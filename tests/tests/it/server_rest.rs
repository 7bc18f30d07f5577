//! The generated server on the REST wire: one mock serves `/Remote/Services88/Chat.svc`
//! and `/api/v1/Agents/Chat/...`, so the same test code runs over either wire and gets
//! the same typed errors; the request's credentials, time zone and headers reach the
//! service method from the REST headers; requests that never reach an operation get the
//! Agents API's error objects and statuses; a panicking or hanging method answers an
//! error within the server's budget.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use sogen_runtime::server::{RequestContext, RunningServer, Server, ServiceError};
use sogen_runtime::{
    Client, Error, ExceptionInfo, HttpRequest, ReqwestTransport, TimeZone, Transport, Wire,
};
use sogen_tests::generated_props::services88::server::{chat, ChatService};
use sogen_tests::generated_props::services88::types::ChatMessage;
use sogen_tests::generated_props::services88::ChatAgent;

/// Implements AddChatMessage and GetChatMessages; DeleteChatSessionEntity keeps its
/// default (not implemented).
#[derive(Default)]
struct Chat {
    seen: Mutex<Vec<String>>,
}

impl ChatService for Chat {
    async fn add_chat_message(
        &self,
        cx: &RequestContext,
        chat_session_id: i32,
        message: Option<ChatMessage>,
    ) -> Result<Option<ChatMessage>, ServiceError> {
        let expose = |s: Option<&sogen_runtime::Secret>| s.map(|s| s.expose().to_owned());
        self.seen.lock().unwrap().push(format!(
            "{:?} {} {:?} {:?} {:?} {:?} {:?} {:?}",
            cx.wire(),
            cx.operation(),
            expose(cx.ticket()),
            expose(cx.bearer_token()),
            expose(cx.application_token()),
            cx.time_zone().and_then(|t| t.location_code.clone()),
            cx.header("x-test"),
            cx.soap_action(),
        ));
        match chat_session_id {
            1 => Ok(message.map(|m| ChatMessage {
                chat_message_id: 42,
                ..m
            })),
            2 => Err(ServiceError::client("no such chat session")),
            3 => Err(ExceptionInfo {
                exception_type: "SoSecurityException".into(),
                message: "Ticket has expired".into(),
                source: "SoCore".into(),
                ..Default::default()
            }
            .into()),
            4 => panic!("the method fails"),
            5 => {
                tokio::time::sleep(Duration::from_secs(30)).await;
                Ok(None)
            }
            _ => Ok(None),
        }
    }
}

async fn start(chat: Chat, timeout: Duration) -> RunningServer {
    Server::new()
        .base_path("/Cust12345/Remote")
        .timeout(timeout)
        .service(chat::service(chat))
        .start("127.0.0.1:0")
        .await
        .unwrap()
}

fn agent(server: &RunningServer, wire: Wire) -> ChatAgent {
    let client = Client::builder(server.url("Services88"))
        .wire(wire)
        .ticket("7T:mock")
        .application_token("app-mock")
        .time_zone(TimeZone {
            id: 0,
            location_code: Some("NO".into()),
        })
        .header("X-Test", "hello")
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    ChatAgent::new(client)
}

/// The same calls over either wire give the same values and the same typed errors.
#[tokio::test]
async fn one_mock_answers_both_wires_alike() {
    let server = start(Chat::default(), Duration::from_secs(10)).await;
    assert_eq!(
        server.rest_url(),
        format!("http://{}/Cust12345/api/v1/", server.addr())
    );
    for wire in [Wire::Soap, Wire::Rest] {
        let agent = agent(&server, wire);
        let sent = ChatMessage {
            chat_session_id: 1,
            message: Some("Hei & hallo".into()),
            ..Default::default()
        };
        let got = agent.add_chat_message(1, &sent).await.unwrap().unwrap();
        assert_eq!(
            (got.chat_message_id, got.message.as_deref()),
            (42, Some("Hei & hallo")),
            "{wire:?}"
        );
        assert_eq!(agent.add_chat_message(9, &sent).await.unwrap(), None);
        match agent.add_chat_message(2, &sent).await {
            Err(Error::Fault(f)) => {
                assert_eq!(f.code, "s:Client", "{wire:?}");
                assert_eq!(f.reason, "no such chat session");
            }
            other => panic!("{wire:?}: {other:?}"),
        }
        match agent.add_chat_message(3, &sent).await {
            Err(Error::SuperOffice(x)) => {
                assert_eq!(x.exception_type, "SoSecurityException", "{wire:?}");
                assert_eq!(
                    (x.message.as_str(), x.source.as_str()),
                    ("Ticket has expired", "SoCore")
                );
            }
            other => panic!("{wire:?}: {other:?}"),
        }
        match agent.delete_chat_session_entity(7).await {
            Err(Error::Fault(f)) => {
                assert_eq!(f.code, "s:Server", "{wire:?}");
                assert!(f.reason.contains("DeleteChatSessionEntity"), "{}", f.reason);
            }
            other => panic!("{wire:?}: {other:?}"),
        }
    }
    server.shutdown().await;
}

#[tokio::test]
async fn the_method_sees_the_rest_headers() {
    let chat = std::sync::Arc::new(Chat::default());
    struct Shared(std::sync::Arc<Chat>);
    impl ChatService for Shared {
        fn add_chat_message(
            &self,
            cx: &RequestContext,
            chat_session_id: i32,
            message: Option<ChatMessage>,
        ) -> impl std::future::Future<Output = Result<Option<ChatMessage>, ServiceError>> + Send
        {
            self.0.add_chat_message(cx, chat_session_id, message)
        }
    }
    let server = Server::new()
        .base_path("/Cust12345/Remote")
        .service(chat::service(Shared(chat.clone())))
        .start("127.0.0.1:0")
        .await
        .unwrap();
    agent(&server, Wire::Rest)
        .add_chat_message(9, &ChatMessage::default())
        .await
        .unwrap();
    let bearer = Client::builder(server.url("Services88"))
        .wire(Wire::Rest)
        .bearer_token("8A:token")
        .build()
        .unwrap();
    ChatAgent::new(bearer)
        .add_chat_message(9, &ChatMessage::default())
        .await
        .unwrap();
    let seen = chat.seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        [
            r#"Rest AddChatMessage Some("7T:mock") None Some("app-mock") Some("NO") Some("hello") """#,
            r#"Rest AddChatMessage None Some("8A:token") None None None """#,
        ]
    );
}

/// A raw request to the REST base: (status, content type, body).
async fn raw(
    server: &RunningServer,
    path: &str,
    content_type: &str,
    body: &str,
) -> (u16, Option<String>, String) {
    let transport = ReqwestTransport::new(Duration::from_secs(5)).unwrap();
    let response = transport
        .send(HttpRequest {
            url: format!("{}{path}", server.rest_url()),
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
            timeout: Some(Duration::from_secs(10)),
            max_response_bytes: 1 << 20,
        })
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&response.body).into_owned();
    (response.status, response.content_type, text)
}

#[tokio::test]
async fn requests_that_reach_no_operation_get_the_api_s_errors() {
    let server = Server::new()
        .limits(sogen_runtime::Limits {
            max_response_bytes: 4096,
            ..Default::default()
        })
        .service(chat::service(Chat::default()))
        .start("127.0.0.1:0")
        .await
        .unwrap();
    const JSON: &str = "application/json";
    let message = |body: &str| -> String {
        let v: serde_json::Value = serde_json::from_str(body).expect("a JSON error object");
        v["Message"].as_str().unwrap_or_default().to_owned()
    };
    // Names compared without case, as ASP.NET binds them; camelCase members too.
    let (status, content_type, body) = raw(
        &server,
        "agents/chat/addchatmessage",
        JSON,
        r#"{"chatSessionId": 1, "message": {"Message": "x"}}"#,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        content_type.as_deref(),
        Some("application/json; charset=utf-8")
    );
    assert!(body.contains(r#""ChatMessageId":42"#), "{body}");
    // Every parameter absent: their defaults; nothing to return: `null`.
    let (status, _, body) = raw(&server, "Agents/Chat/AddChatMessage", JSON, "{}").await;
    assert_eq!((status, body.as_str()), (200, "null"), "nothing to return");
    for (path, content_type, body, status, says) in [
        ("Agents/Chat/Nothing", JSON, "{}", 404, "No HTTP resource"),
        (
            "Agents/Nobody/AddChatMessage",
            JSON,
            "{}",
            404,
            "No HTTP resource",
        ),
        (
            "Agents/Chat/AddChatMessage",
            "text/xml",
            "<x/>",
            415,
            "media type",
        ),
        (
            "Agents/Chat/AddChatMessage",
            JSON,
            "{\"ChatSessionId\":",
            400,
            "invalid",
        ),
        ("Agents/Chat/AddChatMessage", JSON, "[1]", 400, "invalid"),
        (
            "Agents/Chat/AddChatMessage",
            JSON,
            &"x".repeat(5000),
            413,
            "larger than",
        ),
        (
            "Agents/Chat/AddChatMessage",
            JSON,
            "{\"ChatSessionId\":4}",
            500,
            "panicked",
        ),
    ] {
        let (got, _, answer) = raw(&server, path, content_type, body).await;
        assert_eq!(got, status, "{path}: {answer}");
        assert!(message(&answer).contains(says), "{path}: {answer}");
    }
    // The server is still up after the panic.
    let (status, _, _) = raw(&server, "Agents/Chat/AddChatMessage", JSON, "{}").await;
    assert_eq!(status, 200);
    // Not POST: 405 (over a plain connection).
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
    s.write_all(
        b"GET /api/v1/Agents/Chat/AddChatMessage HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 405"), "{answer}");
    assert!(
        answer.contains("does not support http method 'GET'"),
        "{answer}"
    );
}

#[tokio::test]
async fn a_void_operation_answers_204_and_a_slow_method_the_budget() {
    struct Deleting;
    impl ChatService for Deleting {
        async fn delete_chat_session_entity(
            &self,
            _: &RequestContext,
            id: i32,
        ) -> Result<(), ServiceError> {
            if id == 5 {
                tokio::time::sleep(Duration::from_secs(30)).await;
            }
            Ok(())
        }
    }
    let server = Server::new()
        .timeout(Duration::from_millis(300))
        .service(chat::service(Deleting))
        .start("127.0.0.1:0")
        .await
        .unwrap();
    let (status, _, body) = raw(
        &server,
        "Agents/Chat/DeleteChatSessionEntity?ChatSessionEntityId=4",
        "application/json",
        "",
    )
    .await;
    assert_eq!((status, body.as_str()), (204, ""));
    let agent = agent(&server, Wire::Rest);
    agent.delete_chat_session_entity(4).await.unwrap();
    let started = Instant::now();
    match agent.delete_chat_session_entity(5).await {
        Err(Error::Fault(f)) => {
            assert_eq!((f.http_status, f.code.as_str()), (500, "s:Server"));
            assert!(f.reason.contains("in time"), "{}", f.reason);
        }
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(5));
    // A required query parameter missing: the request is invalid.
    let (status, _, body) = raw(
        &server,
        "Agents/Chat/DeleteChatSessionEntity",
        "application/json",
        "",
    )
    .await;
    assert_eq!(status, 400, "{body}");
}
