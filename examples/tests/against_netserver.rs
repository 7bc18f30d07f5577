//! Runs the example program against a mock NetServer built from the generated server side
//! of the same Chat agent (`OUT_DIR/with_server`, see `build.rs`), a real HTTP server on
//! 127.0.0.1: what a user copies must work. The server checks the content type and the
//! SOAPAction; the mock checks the request headers and the values.

use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use sogen_runtime::server::{RequestContext, Server, ServiceError};
use sogen_runtime::{ExceptionInfo, TimeZone};

// The test uses the server side and the types, not the client.
#[allow(dead_code, missing_docs, unused_imports)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/with_server/mod.rs"));
}

use generated::services88::server::{chat, ChatService};
use generated::services88::types::ChatMessage;

const TICKET: &str = "7T:ExampleTicket1234==";
const APP_TOKEN: &str = "example-app-token-5f1e";

/// Records each call in `calls` (shared with the test); fails every call with an expired
/// ticket when `fail` is set.
#[derive(Default)]
struct Chat {
    fail: bool,
    calls: Arc<Mutex<Vec<String>>>,
}

impl Chat {
    /// The request headers the example sends: its ticket and token, time zone 0/UTC.
    fn check(&self, cx: &RequestContext) -> Result<(), ServiceError> {
        self.calls.lock().unwrap().push(cx.operation().to_owned());
        let utc = TimeZone {
            id: 0,
            location_code: Some("UTC".into()),
        };
        if cx.ticket().map(|t| t.expose()) != Some(TICKET)
            || cx.application_token().map(|t| t.expose()) != Some(APP_TOKEN)
            || cx.time_zone() != Some(&utc)
        {
            return Err(ServiceError::client(format!(
                "wrong request headers: {cx:?}"
            )));
        }
        if self.fail {
            return Err(ExceptionInfo {
                message: "Ticket has expired".into(),
                exception_type: "SoSecurityException".into(),
                friendly_text: "Please log in again".into(),
                ..Default::default()
            }
            .into());
        }
        Ok(())
    }
}

impl ChatService for Chat {
    async fn add_chat_message(
        &self,
        cx: &RequestContext,
        chat_session_id: i32,
        message: Option<ChatMessage>,
    ) -> Result<Option<ChatMessage>, ServiceError> {
        self.check(cx)?;
        let text = message.as_ref().and_then(|m| m.message.as_deref());
        if chat_session_id != 17 || text != Some("Hello from sogen") {
            return Err(ServiceError::client(format!(
                "unexpected message {chat_session_id} {text:?}"
            )));
        }
        Ok(Some(ChatMessage {
            chat_message_id: 42,
            chat_session_id: 17,
            message: Some("Hello from sogen".into()),
            ..Default::default()
        }))
    }

    async fn delete_chat_session_entity(
        &self,
        cx: &RequestContext,
        chat_session_entity_id: i32,
    ) -> Result<(), ServiceError> {
        self.check(cx)?;
        if chat_session_entity_id != 17 {
            return Err(ServiceError::client("unexpected session"));
        }
        Ok(())
    }
}

async fn run_example(chat: Chat) -> Output {
    let server = Server::new()
        .base_path("/Cust12345/Remote")
        .service(chat::service(chat))
        .start("127.0.0.1:0")
        .await
        .unwrap();
    let url = server.url("Services88");
    let out = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_sogen-examples"))
            .env("SUPEROFFICE_URL", url)
            .env("SUPEROFFICE_TICKET", TICKET)
            .env("SUPEROFFICE_APP_TOKEN", APP_TOKEN)
            .env("SUPEROFFICE_CHAT_SESSION", "17")
            .output()
            .expect("the example runs")
    })
    .await
    .unwrap();
    server.shutdown().await;
    out
}

fn assert_no_secrets(out: &Output) {
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !all.contains(TICKET) && !all.contains(APP_TOKEN),
        "secret printed: {all}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_example_posts_a_message_and_deletes_the_session() {
    let chat = Chat::default();
    let calls = chat.calls.clone();
    let out = run_example(chat).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(
        stdout.contains("posted message 42 to session 17"),
        "{stdout}"
    );
    assert!(stdout.contains("deleted chat session 17"), "{stdout}");
    assert_eq!(
        *calls.lock().unwrap(),
        ["AddChatMessage", "DeleteChatSessionEntity"]
    );
    assert_no_secrets(&out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_example_reports_a_superoffice_failure_and_exits_1() {
    let chat = Chat {
        fail: true,
        ..Chat::default()
    };
    let calls = chat.calls.clone();
    let out = run_example(chat).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        stderr.contains("SuperOffice SoSecurityException: Ticket has expired"),
        "{stderr}"
    );
    assert!(stderr.contains("Please log in again"), "{stderr}");
    assert_eq!(
        calls.lock().unwrap().len(),
        1,
        "the example stops at the first failure"
    );
    assert_no_secrets(&out);
}

#[test]
fn without_a_server_the_example_prints_the_connection_error_and_exits_0() {
    let out = Command::new(env!("CARGO_BIN_EXE_sogen-examples"))
        .env(
            "SUPEROFFICE_URL",
            "http://127.0.0.1:9/Cust12345/Remote/Services88/",
        )
        .env("SUPEROFFICE_TICKET", TICKET)
        .output()
        .expect("the example runs");
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot reach http://127.0.0.1:9/"),
        "{stderr}"
    );
    assert_no_secrets(&out);
}
