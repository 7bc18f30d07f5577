//! A mock NetServer as a user writes one: a generated service trait implemented for the one
//! operation a test needs, served on 127.0.0.1 in three lines, called by the generated
//! client. Faults, SuperOffice failures and unimplemented operations reach the client as
//! the typed errors.

use std::sync::Mutex;

use sogen_runtime::server::{RequestContext, Server, ServiceError};
use sogen_runtime::{Client, Error, ExceptionInfo};
use sogen_tests::generated_props::services88::server::{chat, ChatService};
use sogen_tests::generated_props::services88::types::ChatMessage;
use sogen_tests::generated_props::services88::ChatAgent;

/// Implements AddChatMessage only; DeleteChatSessionEntity keeps its default.
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
        let ticket = cx.ticket().map(|t| t.expose().to_owned());
        self.seen.lock().unwrap().push(format!(
            "{} {} {:?} {:?}",
            cx.operation(),
            cx.soap_action(),
            ticket,
            cx.header("x-test")
        ));
        match chat_session_id {
            1 => {
                cx.add_extra_info("mock", "yes");
                Ok(message.map(|m| ChatMessage {
                    chat_message_id: 42,
                    ..m
                }))
            }
            2 => Err(ServiceError::client("no such chat session")),
            _ => Err(ExceptionInfo {
                exception_type: "SoSecurityException".into(),
                message: "Ticket has expired".into(),
                friendly_text: "Please log in again".into(),
                ..Default::default()
            }
            .into()),
        }
    }
}

#[tokio::test]
async fn a_mock_answers_values_faults_failures_and_not_implemented() {
    let server = Server::new().service(chat::service(Chat::default()));
    let server = server.start("127.0.0.1:0").await.unwrap();
    let client = Client::builder(server.url("Services88"))
        .ticket("7T:mock")
        .header("X-Test", "hello")
        .build()
        .unwrap();
    let agent = ChatAgent::new(client);

    let sent = ChatMessage {
        chat_session_id: 1,
        message: Some("Hei & hallo".into()),
        ..Default::default()
    };
    let r = agent
        .add_chat_message(1, &sent)
        .with_headers()
        .await
        .unwrap();
    let got = r.value.expect("a message");
    assert_eq!(
        (got.chat_message_id, got.message.as_deref()),
        (42, Some("Hei & hallo"))
    );
    assert_eq!(r.headers.extra("mock"), Some("yes"));
    assert_eq!(r.headers.succeeded, Some(true));

    match agent.add_chat_message(2, &sent).await {
        Err(Error::Fault(f)) => {
            assert_eq!((f.http_status, f.code.as_str()), (500, "s:Client"));
            assert_eq!(f.reason, "no such chat session");
        }
        other => panic!("{other:?}"),
    }
    match agent.add_chat_message(3, &sent).await {
        Err(Error::SuperOffice(x)) => {
            assert_eq!(x.exception_type, "SoSecurityException");
            assert_eq!(x.friendly_text, "Please log in again");
        }
        other => panic!("{other:?}"),
    }
    match agent.delete_chat_session_entity(7).await {
        Err(Error::Fault(f)) => {
            assert_eq!(f.code, "s:Server");
            assert!(f.reason.contains("DeleteChatSessionEntity"), "{}", f.reason);
            assert!(f.reason.contains("not implemented"), "{}", f.reason);
        }
        other => panic!("{other:?}"),
    }
    server.shutdown().await;
}

#[tokio::test]
async fn the_mock_sees_the_wire_headers() {
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
    assert!(server
        .url("Services88")
        .ends_with("/Cust12345/Remote/Services88/"));
    let client = Client::builder(server.url("Services88"))
        .ticket("7T:mock")
        .header("X-Test", "hello")
        .build()
        .unwrap();
    ChatAgent::new(client)
        .add_chat_message(1, &ChatMessage::default())
        .await
        .unwrap();
    let seen = chat.seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        ["AddChatMessage http://www.superoffice.net/ws/crm/NetServer/Services88/Chat/AddChatMessage Some(\"7T:mock\") Some(\"hello\")"]
    );
}
