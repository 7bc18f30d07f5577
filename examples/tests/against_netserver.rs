//! Runs the example program against the test NetServer of the `tests` package (a real
//! HTTP server on 127.0.0.1 that judges every request): what a user copies must work.

#[path = "../../tests/tests/support/netserver.rs"]
#[allow(dead_code)]
mod netserver;

use std::process::{Command, Output};
use std::sync::Arc;

use netserver::{ExpectedHeaders, NetServer, Reply, APP_TOKEN, TICKET};

/// The example sends time zone 0/UTC, the ticket and the application token from the env.
fn expected_headers() -> ExpectedHeaders {
    ExpectedHeaders {
        time_zone: Some((0, "UTC".into())),
        ..ExpectedHeaders::default()
    }
}

async fn run_example(server: &NetServer) -> Output {
    let url = server.base_url("Services88");
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_sogen-examples"))
            .env("SUPEROFFICE_URL", url)
            .env("SUPEROFFICE_TICKET", TICKET)
            .env("SUPEROFFICE_APP_TOKEN", APP_TOKEN)
            .env("SUPEROFFICE_CHAT_SESSION", "17")
            .output()
            .expect("the example runs")
    })
    .await
    .unwrap()
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
    let server = NetServer::start_expecting(
        expected_headers(),
        Arc::new(|req| match req.operation {
            "AddChatMessage" => {
                req.expect_arg("ChatSessionId", "17")?;
                let message = req.child(req.wrapper, "Message")?;
                let text = netserver::text(req.child(message, "Message")?)?;
                if text != "Hello from sogen" {
                    return Err(format!("Message/Message is {text:?}"));
                }
                Ok(Reply::Response(
                    "<ChatMessageId>42</ChatMessageId><ChatSessionId>17</ChatSessionId><Message>Hello from sogen</Message>".into(),
                ))
            }
            "DeleteChatSessionEntity" => {
                req.expect_arg("ChatSessionEntityId", "17")?;
                Ok(Reply::Void)
            }
            other => Err(format!("unexpected operation {other}")),
        }),
    )
    .await;
    let out = run_example(&server).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(server.problems(), Vec::<String>::new());
    assert!(
        stdout.contains("posted message 42 to session 17"),
        "{stdout}"
    );
    assert!(stdout.contains("deleted chat session 17"), "{stdout}");
    assert_eq!(server.requests(), 2);
    assert_no_secrets(&out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_example_reports_a_superoffice_failure_and_exits_1() {
    let server = NetServer::start_expecting(
        expected_headers(),
        Arc::new(|_| {
            Ok(Reply::Failure(
                "<Message>Ticket has expired</Message><ExceptionType>SoSecurityException</ExceptionType><FriendlyText>Please log in again</FriendlyText>".into(),
            ))
        }),
    )
    .await;
    let out = run_example(&server).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        stderr.contains("SuperOffice SoSecurityException: Ticket has expired"),
        "{stderr}"
    );
    assert!(stderr.contains("Please log in again"), "{stderr}");
    assert_eq!(
        server.requests(),
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
