//! No secret of a session -- password, access token, ticket, application token -- reaches
//! tracing output (TRACE included), `Debug` or error messages, along login, renewal after
//! expiry, and a rejected login; a login again is an `INFO` event with its cause. One
//! test, in its own binary (see `capture`).

#![cfg(feature = "http")]

mod capture;
#[path = "it/session_common/mod.rs"]
mod session_common;

use std::time::Duration;

use session_common::*;
use sogen_runtime::{AccessToken, Session, UsernamePassword};

#[tokio::test]
async fn secrets_never_reach_the_logs() {
    let log = capture::install();
    let server = NetServer::new();
    let site = serve(server.clone(), "/SuperOffice").await;
    let session = Session::onsite(&site)
        .application_token(APP_TOKEN)
        .credentials(UsernamePassword::new(USER, PASSWORD))
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let client = session.client();
    get_count(&client, &GET_COUNT_88).await.unwrap();
    server.expire_tickets();
    get_count(&client, &GET_COUNT_88).await.unwrap();
    let mut tickets: Vec<String> = server.valid.lock().unwrap().iter().cloned().collect();
    // A rejected login that quotes the password back.
    *server.reject_with_exception.lock().unwrap() = true;
    *server.password.lock().unwrap() = "changed".into();
    server.expire_tickets();
    let err = get_count(&client, &GET_COUNT_88).await.unwrap_err();
    let token_session = Session::onsite(&site)
        .application_token(APP_TOKEN)
        .credentials(AccessToken::new(ACCESS_TOKEN))
        .build()
        .unwrap();
    get_count(&token_session.client(), &GET_COUNT_88)
        .await
        .unwrap();
    tickets.extend(server.valid.lock().unwrap().iter().cloned());

    let log = log.lock().unwrap().clone();
    assert!(
        log.contains("span sogen_login"),
        "logins are traced:\n{log}"
    );
    assert!(log.contains("span soap_call"), "{log}");
    // The first login is DEBUG; logging in again, INFO with the cause, done or failed.
    let events: Vec<&str> = log.split("\nevent ").collect();
    let first = events
        .iter()
        .find(|e| e.contains("message=logged in "))
        .unwrap();
    assert!(
        first.contains("level=DEBUG message=logged in cause=no ticket yet attempts=1"),
        "{first}"
    );
    let again = events
        .iter()
        .find(|e| e.contains("message=logged in again"));
    let again = again.unwrap_or_else(|| panic!("no login again:\n{log}"));
    assert!(
        again.starts_with(
            "sogen_runtime::session::events: level=INFO message=logged in again \
             cause=GetCount was refused for its ticket (SoSessionException) attempts=1"
        ),
        "{again}"
    );
    assert!(again.contains("logins=2"), "{again}");
    let failed = events
        .iter()
        .find(|e| e.contains("message=logging in again failed"));
    let failed = failed.unwrap_or_else(|| panic!("no failed login again:\n{log}"));
    assert!(
        failed.contains("level=INFO") && failed.contains("error=login failed"),
        "{failed}"
    );
    let shown = format!("{log}\n{err}\n{err:?}\n{session:?}\n{token_session:?}");
    let mut secrets = vec![PASSWORD, APP_TOKEN, ACCESS_TOKEN];
    secrets.extend(tickets.iter().map(String::as_str));
    assert_eq!(tickets.len(), 2, "{tickets:?}");
    for secret in secrets {
        assert!(!shown.contains(secret), "{secret:?} shown:\n{shown}");
    }
}
