//! Runs the example program against a mock NetServer built from the generated server side
//! of the same agents (`sogen_examples::generated`, see `build.rs`), a real HTTP server on
//! 127.0.0.1: what a user copies must work. SoPrincipal logs the program in and hands out
//! numbered tickets; Chat can let a ticket expire mid-run, as NetServer does, to show that
//! the program's session logs in again and carries on. The server checks the content type
//! and the SOAPAction; the mocks check the request headers and the values.

use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use sogen_runtime::server::{RequestContext, Server, ServiceError};
use sogen_runtime::{ExceptionInfo, TimeZone};

use sogen_examples::generated::services88::server::{
    chat, so_principal, ChatService, SoPrincipalService,
};
use sogen_examples::generated::services88::types::{
    AuthenticateResponse, ChatMessage, SoCredentials, SoPrincipalCarrier,
};

const USER: &str = "jane";
const PASSWORD: &str = "example-password-9c2d";
const APP_TOKEN: &str = "example-app-token-5f1e";
/// A ticket obtained elsewhere (`SUPEROFFICE_TICKET`).
const OWN_TICKET: &str = "7T:OwnTicket1234==";

/// The ticket SoPrincipal hands out at its `n`th login (from 1).
fn ticket(n: usize) -> String {
    format!("7T:Ticket{n}x9Qe==")
}

/// What the mock NetServer saw.
#[derive(Debug, Default)]
struct Log {
    /// Each login: the user name and password sent.
    logins: Vec<(Option<String>, Option<String>)>,
    /// Each Chat call: the operation and the ticket it carried.
    calls: Vec<(&'static str, Option<String>)>,
}

type Shared = Arc<Mutex<Log>>;

/// SoPrincipal: accepts `USER`/`PASSWORD` (with the application token, without a
/// ticket) and answers the `n`th login with [`ticket`]`(n)`; refuses anything else the
/// way NetServer does, with `AuthenticationSucceeded` false and no credentials.
struct Principal(Shared);

impl SoPrincipalService for Principal {
    async fn authenticate_username_password(
        &self,
        cx: &RequestContext,
        user_name: Option<String>,
        password: Option<String>,
    ) -> Result<AuthenticateResponse, ServiceError> {
        if cx.application_token().map(|t| t.expose()) != Some(APP_TOKEN) || cx.ticket().is_some() {
            return Err(ServiceError::client(format!("wrong login headers: {cx:?}")));
        }
        let mut log = self.0.lock().unwrap();
        let accepted = user_name.as_deref() == Some(USER) && password.as_deref() == Some(PASSWORD);
        log.logins.push((user_name, password));
        if !accepted {
            return Ok(AuthenticateResponse::default());
        }
        Ok(AuthenticateResponse {
            response: Some(SoPrincipalCarrier {
                associate: Some(USER.to_uppercase()),
                associate_id: 5,
                ..Default::default()
            }),
            credentials: Some(SoCredentials {
                ticket: Some(ticket(log.logins.len())),
                ..Default::default()
            }),
            authentication_succeeded: true,
            ..Default::default()
        })
    }
}

/// How Chat treats the tickets it is sent.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Every call succeeds.
    Succeed,
    /// The ticket of the first call expires right after it: a later call with it is
    /// refused as NetServer refuses an expired ticket.
    ExpireAfterFirstCall,
    /// Every ticket is refused as expired (a server whose sessions end at once).
    RefuseEveryTicket,
    /// AddChatMessage fails for a reason other than the ticket.
    RefuseTheMessage,
}

/// What NetServer sends when it cannot authenticate a call: its session layer's
/// `SoSessionException` as `ExceptionInfo`, with `Succeeded=false`.
fn ticket_expired() -> ServiceError {
    ExceptionInfo {
        message: "Authentication failed!".into(),
        exception_type: "SoSessionException".into(),
        source: "SoCore".into(),
        ..Default::default()
    }
    .into()
}

struct Chat {
    mode: Mode,
    log: Shared,
}

impl Chat {
    /// Records the call; checks the headers the example sends (a ticket, the token, time
    /// zone 0/UTC); refuses the ticket as `mode` says.
    fn check(&self, cx: &RequestContext) -> Result<(), ServiceError> {
        let sent = cx.ticket().map(|t| t.expose().to_owned());
        let mut log = self.log.lock().unwrap();
        // In `ExpireAfterFirstCall`, the ticket of an earlier first call.
        let expired = log.calls.first().map(|(_, t)| t.clone());
        log.calls.push((cx.operation(), sent.clone()));
        let utc = TimeZone {
            id: 0,
            location_code: Some("UTC".into()),
        };
        if sent.is_none()
            || cx.application_token().map(|t| t.expose()) != Some(APP_TOKEN)
            || cx.time_zone() != Some(&utc)
        {
            return Err(ServiceError::client(format!(
                "wrong request headers: {cx:?}"
            )));
        }
        match self.mode {
            Mode::ExpireAfterFirstCall if expired == Some(sent) => Err(ticket_expired()),
            Mode::RefuseEveryTicket => Err(ticket_expired()),
            _ => Ok(()),
        }
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
        if self.mode == Mode::RefuseTheMessage {
            return Err(ExceptionInfo {
                message: "Chat session 17 is closed".into(),
                exception_type: "SoIllegalOperationException".into(),
                friendly_text: "The chat has ended".into(),
                ..Default::default()
            }
            .into());
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

/// The example program with none of its variables inherited from the test's environment.
fn example() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sogen-examples"));
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("SUPEROFFICE_") {
            cmd.env_remove(name);
        }
    }
    cmd
}

/// Runs the example against a mock NetServer whose Chat behaves as `mode`, with the
/// credentials `env` (variable, value) and the application token; returns its output and
/// what the server saw.
async fn run_example(mode: Mode, env: &[(&str, &str)]) -> (Output, Log) {
    let log = Shared::default();
    let server = Server::new()
        .base_path("/Cust12345/Remote")
        .service(so_principal::service(Principal(log.clone())))
        .service(chat::service(Chat {
            mode,
            log: log.clone(),
        }))
        .start("127.0.0.1:0")
        .await
        .unwrap();
    let mut cmd = example();
    cmd.env(
        "SUPEROFFICE_SITE",
        format!("http://{}/Cust12345", server.addr()),
    )
    .env("SUPEROFFICE_APP_TOKEN", APP_TOKEN)
    .env("SUPEROFFICE_CHAT_SESSION", "17")
    .envs(env.iter().copied());
    let out = tokio::task::spawn_blocking(move || cmd.output().expect("the example runs"))
        .await
        .unwrap();
    server.shutdown().await;
    let log = std::mem::take(&mut *log.lock().unwrap());
    (out, log)
}

const USER_AND_PASSWORD: &[(&str, &str)] = &[
    ("SUPEROFFICE_USER", USER),
    ("SUPEROFFICE_PASSWORD", PASSWORD),
];

fn assert_no_secrets(out: &Output) {
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for secret in [PASSWORD, APP_TOKEN, OWN_TICKET, "7T:Ticket"] {
        assert!(!all.contains(secret), "secret printed: {all}");
    }
}

fn login(user: &str, password: &str) -> (Option<String>, Option<String>) {
    (Some(user.into()), Some(password.into()))
}

fn call(operation: &'static str, ticket: &str) -> (&'static str, Option<String>) {
    (operation, Some(ticket.into()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_example_logs_in_again_when_its_ticket_expires_and_carries_on() {
    let (out, log) = run_example(Mode::ExpireAfterFirstCall, USER_AND_PASSWORD).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(
        stdout.contains("posted message 42 to session 17"),
        "{stdout}"
    );
    assert!(stdout.contains("deleted chat session 17"), "{stdout}");
    assert!(stdout.contains("logins: 2"), "{stdout}");
    // The expiry was handled, not reported.
    assert!(out.stderr.is_empty(), "{out:?}");
    // Two logins, each with the password from the environment.
    assert_eq!(log.logins, [login(USER, PASSWORD), login(USER, PASSWORD)]);
    // The second call was refused with the first ticket and repeated, once, with the
    // second.
    assert_eq!(
        log.calls,
        [
            call("AddChatMessage", &ticket(1)),
            call("DeleteChatSessionEntity", &ticket(1)),
            call("DeleteChatSessionEntity", &ticket(2)),
        ]
    );
    assert_no_secrets(&out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_expiry_the_example_logs_in_once() {
    let (out, log) = run_example(Mode::Succeed, USER_AND_PASSWORD).await;
    assert!(out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("logins: 1"),
        "{out:?}"
    );
    assert_eq!(log.logins, [login(USER, PASSWORD)]);
    assert_eq!(
        log.calls,
        [
            call("AddChatMessage", &ticket(1)),
            call("DeleteChatSessionEntity", &ticket(1)),
        ]
    );
    assert_no_secrets(&out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_login_is_reported_and_exits_1() {
    let env = [
        ("SUPEROFFICE_USER", USER),
        ("SUPEROFFICE_PASSWORD", "wrong-password-41aa"),
    ];
    let (out, log) = run_example(Mode::Succeed, &env).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        stderr.contains(
            "login failed: SoPrincipal.AuthenticateUsernamePassword: \
             the server rejected the credentials"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("wrong-password-41aa"), "{stderr}");
    assert_eq!(log.logins, [login(USER, "wrong-password-41aa")]);
    assert!(log.calls.is_empty(), "{:?}", log.calls);
    assert_no_secrets(&out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ticket_refused_again_after_a_new_login_is_reported_and_exits_1() {
    let (out, log) = run_example(Mode::RefuseEveryTicket, USER_AND_PASSWORD).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        stderr.contains("SuperOffice SoSessionException: Authentication failed!"),
        "{stderr}"
    );
    // One new login and one repeat: nothing loops.
    assert_eq!(log.logins.len(), 2);
    assert_eq!(
        log.calls,
        [
            call("AddChatMessage", &ticket(1)),
            call("AddChatMessage", &ticket(2)),
        ]
    );
    assert_no_secrets(&out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_example_reports_a_superoffice_failure_and_exits_1() {
    let (out, log) = run_example(Mode::RefuseTheMessage, USER_AND_PASSWORD).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        stderr.contains("SuperOffice SoIllegalOperationException: Chat session 17 is closed"),
        "{stderr}"
    );
    assert!(stderr.contains("The chat has ended"), "{stderr}");
    // Not a ticket problem: no new login, no repeat; the example stops there.
    assert_eq!(log.logins.len(), 1);
    assert_eq!(log.calls, [call("AddChatMessage", &ticket(1))]);
    assert_no_secrets(&out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ticket_from_the_environment_is_used_as_is_and_cannot_be_renewed() {
    let env = [("SUPEROFFICE_TICKET", OWN_TICKET)];
    let (out, log) = run_example(Mode::Succeed, &env).await;
    assert!(out.status.success(), "{out:?}");
    assert!(log.logins.is_empty(), "{:?}", log.logins);
    assert_eq!(
        log.calls,
        [
            call("AddChatMessage", OWN_TICKET),
            call("DeleteChatSessionEntity", OWN_TICKET),
        ]
    );
    assert_no_secrets(&out);

    // Once it expires, the session has nothing newer to send: the server's error ends
    // the program.
    let (out, log) = run_example(Mode::ExpireAfterFirstCall, &env).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        stderr.contains("SuperOffice SoSessionException: Authentication failed!"),
        "{stderr}"
    );
    assert!(log.logins.is_empty(), "{:?}", log.logins);
    // The refused call is repeated once, with the same ticket: no loop.
    assert_eq!(
        log.calls,
        [
            call("AddChatMessage", OWN_TICKET),
            call("DeleteChatSessionEntity", OWN_TICKET),
            call("DeleteChatSessionEntity", OWN_TICKET),
        ]
    );
    assert_no_secrets(&out);
}

#[test]
fn without_a_server_the_example_prints_the_connection_error_and_exits_0() {
    let out = example()
        .env("SUPEROFFICE_SITE", "http://127.0.0.1:9/Cust12345")
        .envs(USER_AND_PASSWORD.iter().copied())
        .output()
        .expect("the example runs");
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The login is the first request.
    assert!(
        stderr.contains(
            "cannot reach http://127.0.0.1:9/Cust12345/Remote/Services88/SoPrincipal.svc"
        ),
        "{stderr}"
    );
    assert_no_secrets(&out);
}

#[test]
fn without_credentials_or_with_both_kinds_the_example_exits_2() {
    for env in [
        &[][..],
        &[("SUPEROFFICE_USER", USER)][..],
        &[
            ("SUPEROFFICE_USER", USER),
            ("SUPEROFFICE_PASSWORD", PASSWORD),
            ("SUPEROFFICE_TICKET", OWN_TICKET),
        ][..],
    ] {
        let out = example()
            .envs(env.iter().copied())
            .output()
            .expect("the example runs");
        assert_eq!(out.status.code(), Some(2), "{env:?}: {out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with("invalid configuration: ") && stderr.contains("SUPEROFFICE_"),
            "{stderr}"
        );
        assert_no_secrets(&out);
    }
}
